// SupportLab core tests: scenarios built in C++ (independent of the YAML loader) and small helpers.
#pragma once

#include "core/action.hpp"
#include "core/engine.hpp"
#include "core/model.hpp"
#include "core/scoring.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sl::test {

// A tiered support model: 3 severities, a 3x3 impact x urgency matrix, the seeds' destinations.
inline SupportModel MakeModel() {
    SupportModel m;
    m.m_id = "tiered";
    m.m_title = "Tiered support";
    m.m_destinations = {
        {"helpdesk", "Tier 1 help desk", DestinationKind::TierTeam, 1, {}, {}},
        {"tier2", "Tier 2 support team", DestinationKind::TierTeam, 2, {}, {}},
        {"mdm", "Tier 3 MDM team", DestinationKind::TierTeam, 3, {}, {}},
        {"vendor", "Tier 4 vendor support", DestinationKind::TierTeam, 4, {}, {}},
        {"service_ops", "Service operations", DestinationKind::ServiceOperations, 0, {}, {}},
        {"hw_vendor", "Hardware supplier", DestinationKind::HardwareVendor, 0, {}, {}},
        {"it_admin", "IT admin", DestinationKind::ItAdmin, 0, {}, {}},
    };
    m.m_roles = {
        {"helpdesk_agent", "Help-desk agent", false, {}, {}},
        {"it_admin", "IT admin", true, {}, {}},
        {"contractor", "Contractor", false, {}, {}},
    };
    m.m_elevationManagedBy = "it_admin";
    m.m_categories = {{"os", "Operating system", ProblemArea::OperatingSystem, {}},
                      {"browser", "Browser", ProblemArea::Browser, {}},
                      {"device", "Device", ProblemArea::Device, {}},
                      {"infra", "Infrastructure", ProblemArea::Infrastructure, {}}};
    m.m_severities = {{"sev1", "Critical", 15 * 60, 4 * 3600, false, {}},
                      {"sev2", "High", 30 * 60, 8 * 3600, false, {}},
                      {"sev3", "Normal", 60 * 60, 24 * 3600, false, {}}};
    m.m_impactLevels = {"high", "medium", "low"};
    m.m_urgencyLevels = {"high", "medium", "low"};
    m.m_priorityMatrix = {{0, 0, 1}, {0, 1, 2}, {1, 2, 2}};
    m.m_resolutionCodes = {{"fixed", "Fixed"}, {"workaround", "Workaround"}, {"duplicate", "Duplicate"}};
    return m;
}

inline Fact MakeFact(std::string id, FactSource source, std::string text, std::vector<std::string> requires_ = {},
                     SimTime cost = -1) {
    Fact f;
    f.m_id = std::move(id);
    f.m_source = source;
    f.m_prompt = "prompt for " + f.m_id;
    f.m_text = std::move(text);
    f.m_requires = std::move(requires_);
    f.m_cost = cost;
    return f;
}

// The common-issues ticket: one required, one harmful and one neutral step, branching outcomes.
// Expected: category os, impact low + urgency high = sev2, resolve with "fixed", tier2 acceptable.
inline Ticket MakeOsTicket() {
    Ticket t;
    t.m_id = "t-os";
    t.m_subject = "Laptop restarts after an update";
    t.m_channel = "phone";
    t.m_arrives = 0;
    t.m_user = {"Ana Silva", "Finance", ""};
    t.m_device = {"Surface Laptop 5", "Windows 11", "SL5-0041", ""};
    t.m_report = "My laptop keeps restarting.";
    t.m_facts = {MakeFact("since", FactSource::Ask, "Since last night's update."),
                 MakeFact("evlog", FactSource::Diagnostic, "Driver conflict in the event log.", {"since"}, 600),
                 MakeFact("rb-error", FactSource::Step, "Rollback fails with 0x800f0922.")};
    Step rollback;
    rollback.m_id = "rollback";
    rollback.m_text = "Roll back the update in safe mode";
    rollback.m_kind = StepKind::Required;
    rollback.m_requires = {"since"};
    rollback.m_cost = 900;
    Outcome good;
    good.m_when = {"evlog"};
    good.m_text = "The laptop starts normally.";
    good.m_fixes = true;
    Outcome bad;
    bad.m_text = "The rollback fails.";
    bad.m_reveals = {"rb-error"};
    rollback.m_outcomes = {good, bad};
    Step reimage;
    reimage.m_id = "reimage";
    reimage.m_text = "Reimage the laptop";
    reimage.m_kind = StepKind::Harmful;
    reimage.m_harmReason = "it wipes the user's local data";
    Step reboot;
    reboot.m_id = "reboot";
    reboot.m_text = "Reboot";
    t.m_steps = {rollback, reimage, reboot};
    t.m_answer.m_category = "os";
    t.m_answer.m_impact = "low";
    t.m_answer.m_urgency = "high";
    t.m_answer.m_route = "resolve";
    t.m_answer.m_acceptableRoutes = {"tier2"};
    t.m_answer.m_resolutionCodes = {"fixed"};
    t.m_answer.m_explanation = "Roll back the update.";
    t.m_hints = {{"Ask when it started.", 1.0}, {"Check the event log.", 0.5}};
    return t;
}

// A hardware ticket with variation: user and device pools, two report wordings, 5m of jitter.
// Expected: category device, medium/medium = sev2, escalate to hw_vendor.
inline Ticket MakeHwTicket() {
    Ticket t;
    t.m_id = "t-hw";
    t.m_subject = "Cracked screen";
    t.m_arrives = 600;
    t.m_user = {"Fixed User", "IT", ""};
    t.m_report = "The screen is cracked.";
    t.m_variation.m_userPool = "office";
    t.m_variation.m_devicePool = "laptops";
    t.m_variation.m_reports = {"The screen is cracked.", "My display has a crack across it."};
    t.m_variation.m_jitter = 300;
    t.m_answer.m_category = "device";
    t.m_answer.m_impact = "medium";
    t.m_answer.m_urgency = "medium";
    t.m_answer.m_route = "hw_vendor";
    t.m_answer.m_explanation = "Hardware goes to the supplier.";
    return t;
}

inline Scenario MakeCommonScenario() {
    Scenario s;
    s.m_id = "common-test";
    s.m_title = "Common issues (test)";
    s.m_kind = ScenarioKind::CommonIssues;
    s.m_model = MakeModel();
    s.m_playerRole = "helpdesk_agent";
    s.m_misrouteReturn = 1800;
    s.m_pools.m_users["office"] = {{"Ana Silva", "Finance", ""}, {"Ben Okafor", "Sales", ""},
                                   {"Chen Wei", "Legal", ""},    {"Dina Haddad", "HR", ""},
                                   {"Eli Novak", "Ops", ""},     {"Femi Ade", "Support", ""}};
    s.m_pools.m_devices["laptops"] = {{"Surface Laptop 5", "Windows 11", "A1", ""},
                                      {"ThinkPad X1", "Windows 11", "B2", ""},
                                      {"Latitude 7440", "Windows 10", "C3", ""}};
    s.m_tickets = {MakeOsTicket(), MakeHwTicket()};
    return s;
}

// An escalation drill: two Wi-Fi tickets form one incident routed to it_admin; a third is separate.
inline Scenario MakeDrillScenario() {
    Scenario s;
    s.m_id = "drill-test";
    s.m_kind = ScenarioKind::EscalationDrill;
    s.m_model = MakeModel();
    s.m_playerRole = "helpdesk_agent";
    s.m_misrouteReturn = 1800;
    s.m_incidents = {{"inc-wifi", "Wi-Fi drops on one model", "it_admin", "Multi-user device issues go to the IT admin.", {}}};
    for (const char* id : {"wifi-1", "wifi-2"}) {
        Ticket t;
        t.m_id = id;
        t.m_subject = "Wi-Fi keeps dropping";
        t.m_arrives = id[5] == '1' ? 0 : 120;
        t.m_answer.m_category = "device";
        t.m_answer.m_impact = "high";
        t.m_answer.m_urgency = "medium";
        t.m_answer.m_incident = "inc-wifi"; // route comes from the incident
        s.m_tickets.push_back(t);
    }
    Ticket other;
    other.m_id = "portal";
    other.m_subject = "Service portal shows an error";
    other.m_arrives = 60;
    other.m_answer.m_category = "infra";
    other.m_answer.m_impact = "medium";
    other.m_answer.m_urgency = "low";
    other.m_answer.m_route = "service_ops";
    other.m_answer.m_acceptableRoutes = {"tier2"};
    s.m_tickets.push_back(other);
    return s;
}

// Elevation policy: who asks and whether it is needed.
inline Scenario MakePolicyScenario() {
    Scenario s;
    s.m_id = "policy-test";
    s.m_model = MakeModel();
    s.m_playerRole = "helpdesk_agent";
    Ticket needed; // needed, requested by an IT admin on the ticket
    needed.m_id = "needed";
    needed.m_subject = "Install a driver";
    needed.m_elevationRequester = "it_admin";
    needed.m_answer = {};
    needed.m_answer.m_category = "os";
    needed.m_answer.m_impact = "low";
    needed.m_answer.m_urgency = "low";
    needed.m_answer.m_route = "resolve";
    needed.m_answer.m_resolutionCodes = {"fixed"};
    needed.m_answer.m_elevationNeeded = true;
    Ticket notNeeded = needed;
    notNeeded.m_id = "not-needed";
    notNeeded.m_answer.m_elevationNeeded = false;
    Ticket trainee = needed; // needed, but the trainee (help-desk agent) may not ask
    trainee.m_id = "trainee";
    trainee.m_elevationRequester.clear();
    trainee.m_answer.m_route = "it_admin";
    s.m_tickets = {needed, notNeeded, trainee};
    return s;
}

inline Scenario MakeQuestionScenario() {
    Scenario s;
    s.m_id = "plan-test";
    s.m_kind = ScenarioKind::PlanReview;
    s.m_model = MakeModel();
    Question single;
    single.m_id = "q-single";
    single.m_type = QuestionType::Single;
    single.m_prompt = "Who is the first contact?";
    single.m_points = 2;
    single.m_options = {{"t1", "Tier 1"}, {"t2", "Tier 2"}, {"t3", "Tier 3"}};
    single.m_answer = {"t1"};
    single.m_explanation = "Tier 1 first.";
    single.m_hints = {{"Who answers the phone?", 0.5}};
    Question multiple;
    multiple.m_id = "q-multi";
    multiple.m_type = QuestionType::Multiple;
    multiple.m_prompt = "Which go to service operations?";
    multiple.m_points = 4;
    multiple.m_options = {{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}};
    multiple.m_answer = {"a", "c"};
    Question matching;
    matching.m_id = "q-match";
    matching.m_type = QuestionType::Matching;
    matching.m_prompt = "Match duty to role.";
    matching.m_points = 3;
    matching.m_options = {{"provider", "Support provider"}, {"admin", "IT admin"}};
    matching.m_pairs = {{"d1", "SLAs", "provider"}, {"d2", "Elevation", "admin"}, {"d3", "Escalation", "provider"}};
    Question ordering;
    ordering.m_id = "q-order";
    ordering.m_type = QuestionType::Ordering;
    ordering.m_prompt = "Order the escalation path.";
    ordering.m_points = 4;
    ordering.m_options = {{"t1", "Tier 1"}, {"t2", "Tier 2"}, {"t3", "Tier 3"}, {"t4", "Tier 4"}};
    ordering.m_answer = {"t1", "t2", "t3", "t4"};
    s.m_questions = {single, multiple, matching, ordering};
    return s;
}

// The drill plus an outage that brings two calls 0 and 5 minutes after it fires, a vendor delay,
// a library broadcast, and a contingency: if the two calls are not linked 20 minutes after the
// outage, the service owner calls.
inline Scenario MakeInjectScenario() {
    Scenario s = test::MakeDrillScenario();
    for (const char* id : {"call-1", "call-2", "owner"}) {
        Ticket t;
        t.m_id = id;
        t.m_subject = "Outage call";
        t.m_arrives = std::string(id) == "call-2" ? 5 * 60 : 0;
        t.m_answer.m_category = "infra";
        t.m_answer.m_impact = "high";
        t.m_answer.m_urgency = "high";
        t.m_answer.m_route = "service_ops";
        s.m_tickets.push_back(t);
    }
    Inject outage;
    outage.m_id = "outage";
    outage.m_title = "VPN outage";
    outage.m_at = 30 * 60;
    outage.m_tickets = {"call-1", "call-2"};
    outage.m_message = "The VPN gateway is down.";
    Inject delay;
    delay.m_id = "vendor-delay";
    delay.m_title = "Vendor delayed";
    delay.m_at = 10 * 60;
    delay.m_destination = "vendor";
    delay.m_returnsAfter = 4 * 3600;
    Inject restored;
    restored.m_id = "restored";
    restored.m_title = "Service restored";
    restored.m_message = "The VPN is back.";
    Inject owner;
    owner.m_id = "owner-calls";
    owner.m_title = "The service owner calls";
    owner.m_tickets = {"owner"};
    InjectCondition unless;
    unless.m_action = ExpectedAction::Link;
    unless.m_tickets = {"call-1", "call-2"};
    unless.m_by = 20 * 60;
    unless.m_after = "outage";
    owner.m_unless = unless;
    s.m_injects = {outage, delay, restored, owner};
    for (Inject& in : s.m_injects)
        for (const std::string& id : in.m_tickets)
            for (Ticket& t : s.m_tickets)
                if (t.m_id == id) t.m_heldFor = in.m_id;
    return s;
}

// Parses one script line into an action; fails the test when it does not parse.
inline Action A(const std::string& line) {
    const ScriptParseResult r = ParseActionScript(line);
    EXPECT_TRUE(r.Ok()) << line << ": " << (r.m_errors.empty() ? std::string() : r.m_errors[0].m_message);
    EXPECT_EQ(r.m_script.m_actions.size(), 1u) << line;
    return r.m_script.m_actions.empty() ? Action{} : r.m_script.m_actions[0];
}

// Applies each line in order; every one must succeed.
inline void Play(Simulation& sim, const std::vector<std::string>& lines) {
    for (const std::string& line : lines) {
        const ApplyResult r = sim.Apply(A(line));
        ASSERT_TRUE(r.m_ok) << line << ": " << r.m_error;
    }
}

inline const ItemScore* FindItem(const ScoreReport& r, const std::string& id) {
    for (const ItemScore& i : r.m_items)
        if (i.m_itemId == id) return &i;
    return nullptr;
}

inline double DimScore(const ItemScore& item, Dimension d) {
    for (const DimensionScore& s : item.m_dimensions)
        if (s.m_dimension == d) return s.m_score;
    ADD_FAILURE() << "dimension " << ToString(d) << " missing on " << item.m_itemId;
    return -1000;
}

inline bool HasDim(const ItemScore& item, Dimension d) {
    for (const DimensionScore& s : item.m_dimensions)
        if (s.m_dimension == d) return true;
    return false;
}

// The deductions of one dimension whose reason contains `text`.
inline std::vector<Deduction> Deductions(const ItemScore& item, Dimension d, const std::string& text = "") {
    std::vector<Deduction> out;
    for (const Deduction& x : item.m_deductions)
        if (x.m_dimension == d && x.m_reason.find(text) != std::string::npos) out.push_back(x);
    return out;
}

// By value: callers often pass a temporary report.
inline ItemScore Item(const ScoreReport& r, const std::string& id) {
    const ItemScore* item = FindItem(r, id);
    EXPECT_NE(item, nullptr) << id;
    return item ? *item : ItemScore{};
}

inline void ExpectOneDeduction(const ItemScore& item, Dimension d, const std::string& reason, double points) {
    const auto found = Deductions(item, d, reason);
    ASSERT_EQ(found.size(), 1u) << "no single '" << reason << "' in " << ToString(d) << " of " << item.m_itemId;
    EXPECT_NEAR(found[0].m_points, points, 1e-9) << reason;
}

} // namespace sl::test
