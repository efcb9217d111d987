// SupportLab scenario_io tests: the fixtures load with the right values and the documented defaults.
#include "test_util.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

namespace sl::test {
namespace {

// [SECTION] Support model
// [SECTION] Common issues
// [SECTION] Plan review, drill, lab
// [SECTION] Content hash
// [SECTION] Validation reports

//-----------------------------------------------------------------------------
// [SECTION] Support model
//-----------------------------------------------------------------------------

TEST(LoaderModel, LoadsEveryField) {
    const auto r = LoadSupportModelFile(DataPath("models/tiered.yaml"));
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    const SupportModel& m = *r.m_value;
    EXPECT_EQ(m.m_id, "test-tiered");
    EXPECT_EQ(m.m_delivery, DeliveryMode::PartnerLed);
    ASSERT_EQ(m.m_destinations.size(), 7u);
    EXPECT_EQ(m.m_destinations[0].m_tier, 1);
    EXPECT_EQ(m.m_destinations[3].m_tier, 4);
    EXPECT_EQ(m.m_destinations[0].m_responsibilities, std::vector<std::string>{"First contact for every user request"});
    EXPECT_EQ(m.FindDestination("service-ops")->m_kind, DestinationKind::ServiceOperations);
    EXPECT_EQ(m.FindDestination("service-ops")->m_tier, 0);
    EXPECT_EQ(m.FindDestination("supplier")->m_kind, DestinationKind::HardwareVendor);
    EXPECT_EQ(m.FindDestination("it-admin")->m_kind, DestinationKind::ItAdmin);
    EXPECT_EQ(m.m_destinations[1].m_pos.m_line, 15);
    ASSERT_EQ(m.m_roles.size(), 2u);
    EXPECT_FALSE(m.FindRole("helpdesk_agent")->m_mayRequestElevation); // default false
    EXPECT_TRUE(m.FindRole("it_admin")->m_mayRequestElevation);
    EXPECT_EQ(m.m_elevationManagedBy, "it_admin");
    EXPECT_EQ(m.FindCategory("network")->m_area, ProblemArea::Infrastructure);
    ASSERT_EQ(m.m_severities.size(), 3u);
    EXPECT_EQ(m.m_severities[0].m_firstResponse, 15 * 60);
    EXPECT_EQ(m.m_severities[2].m_resolution, 24 * 3600);
    EXPECT_EQ(m.m_impactLevels, (std::vector<std::string>{"high", "medium", "low"}));
    EXPECT_EQ(m.PriorityFor("high", "high"), 0);
    EXPECT_EQ(m.PriorityFor("medium", "low"), 2);
    EXPECT_EQ(m.PriorityFor("low", "high"), 1);
    EXPECT_TRUE(m.HasResolutionCode("workaround"));
    EXPECT_EQ(m.m_sourcePath, DataPath("models/tiered.yaml"));
}

TEST(LoaderModel, DefaultsWhenOptionalKeysAreAbsent) {
    const auto r = LoadSupportModelText("format: 1\nkind: support_model\nid: m\ntitle: M\n"
                                        "destinations: [{id: t1, name: T1, kind: tier, tier: 1}]\n"
                                        "categories: [{id: os, name: OS, area: os}]\n"
                                        "severities: [{id: s1, name: S1, first_response: 90, resolution: 1h}]\n"
                                        "impact: [high]\nurgency: [high]\npriority_matrix: [[s1]]\n"
                                        "resolution_codes: [{id: fixed, name: Fixed}]\n",
                                        "mem/m.yaml");
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    EXPECT_EQ(r.m_value->m_delivery, DeliveryMode::Internal);
    EXPECT_TRUE(r.m_value->m_roles.empty());
    EXPECT_EQ(r.m_value->m_elevationManagedBy, "");
    EXPECT_EQ(r.m_value->m_description, "");
    EXPECT_EQ(r.m_value->m_severities[0].m_firstResponse, 90);
}

TEST(LoaderModel, LevelDefinitionsNameTheirLevelsOnce) {
    const std::string head = "format: 1\nkind: support_model\nid: m\ntitle: M\n"
                             "destinations: [{id: t1, name: T1, kind: tier, tier: 1}]\n"
                             "categories: [{id: os, name: OS, area: os}]\n"
                             "severities: [{id: s1, name: S1, first_response: 90, resolution: 1h}]\n"
                             "impact: [high, low]\nurgency: [high]\npriority_matrix: [[s1], [s1]]\n"
                             "resolution_codes: [{id: fixed, name: Fixed}]\n";
    const auto ok = LoadSupportModelText(head + "impact_definitions:\n  - {level: high, text: Many users}\n  - {level: low, text: One user}\n"
                                                "urgency_definitions: [{level: high, text: Work stopped}]\n",
                                         "mem/m.yaml");
    ASSERT_TRUE(ok.Ok()) << Dump(ok.m_diagnostics);
    EXPECT_EQ(ok.m_value->m_impactDefinitions, (std::map<std::string, std::string>{{"high", "Many users"}, {"low", "One user"}}));
    EXPECT_EQ(ok.m_value->m_urgencyDefinitions.at("high"), "Work stopped");
    const std::string bad = head + "impact_definitions:\n  - {level: high, text: A}\n  - {level: hihg, text: B}\n  - {level: high, text: C}\n"
                                   "urgency_definitions: [{level: low, text: D}]\n";
    const auto r = LoadSupportModelText(bad, "mem/m.yaml");
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(bad, "hihg", 1, "mem/m.yaml"), "unknown impact level 'hihg' in impact_definitions (did you mean 'high'?)")) << Dump(r.m_diagnostics);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(bad, "high, text: C", 1, "mem/m.yaml"), "impact level 'high' is defined twice (first at line 13)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(bad, "low, text: D", 1, "mem/m.yaml"), "unknown urgency level 'low' in urgency_definitions"));
    EXPECT_EQ(CountErrors(r.m_diagnostics), 3) << Dump(r.m_diagnostics);
}

TEST(LoaderModel, BlockTextEndsWithoutItsLineBreak) {
    // A folded ('>') or literal ('|') value keeps a final line break in YAML, even with '|+';
    // shown text has none, so a prompt or harm does not end in a blank line.
    const auto r = LoadSupportModelText("format: 1\nkind: support_model\nid: m\ntitle: M\n"
                                        "description: >\n  One folded\n  paragraph.\n\n"
                                        "destinations:\n  - id: t1\n    name: |+\n      Two\n      lines\n\n\n"
                                        "    kind: tier\n    tier: 1\n"
                                        "categories: [{id: os, name: OS, area: os}]\n"
                                        "severities: [{id: s1, name: S1, first_response: 90, resolution: 1h}]\n"
                                        "impact: [high]\nurgency: [high]\npriority_matrix: [[s1]]\n"
                                        "resolution_codes: [{id: fixed, name: \"Fixed\\n\"}]\n",
                                        "mem/m.yaml");
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    EXPECT_EQ(r.m_value->m_description, "One folded paragraph.");
    EXPECT_EQ(r.m_value->m_destinations[0].m_name, "Two\nlines");
    EXPECT_EQ(r.m_value->m_resolutionCodes[0].m_name, "Fixed\n"); // a quoted line break is the author's
}

//-----------------------------------------------------------------------------
// [SECTION] Common issues
//-----------------------------------------------------------------------------

class CommonIssuesFixture : public ::testing::Test {
protected:
    void SetUp() override {
        m_result = LoadScenarioFile(DataPath("common_issues.yaml"));
        ASSERT_TRUE(m_result.Ok()) << Dump(m_result.m_diagnostics);
        m_s = &*m_result.m_value;
    }
    LoadResult<Scenario> m_result;
    const Scenario* m_s = nullptr;
};

TEST_F(CommonIssuesFixture, ScenarioSettings) {
    EXPECT_EQ(m_s->m_kind, ScenarioKind::CommonIssues);
    EXPECT_EQ(m_s->m_id, "test-common");
    EXPECT_EQ(m_s->m_formatVersion, 1);
    EXPECT_EQ(m_s->m_supportModelPath, "models/tiered.yaml");
    EXPECT_EQ(m_s->m_model.m_id, "test-tiered");
    EXPECT_EQ(std::filesystem::path(m_s->m_model.m_sourcePath), std::filesystem::path(DataPath("models/tiered.yaml")).lexically_normal());
    EXPECT_EQ(m_s->m_playerRole, "helpdesk_agent");
    EXPECT_EQ(m_s->m_clock, ClockMode::Assessment);
    EXPECT_EQ(m_s->m_timeBudget, 45 * 60);
    EXPECT_EQ(m_s->m_misrouteReturn, 30 * 60); // default 30m
    EXPECT_EQ(m_s->m_defaultSeed, 42u);
    EXPECT_EQ(m_s->m_notes, "");
    EXPECT_EQ(m_s->m_sourcePath, DataPath("common_issues.yaml"));
}

TEST_F(CommonIssuesFixture, CostsOverrideSomeKeysAndDefaultTheRest) {
    EXPECT_EQ(m_s->m_costs.m_ask, 120);
    EXPECT_EQ(m_s->m_costs.m_step, 240);
    EXPECT_EQ(m_s->m_costs.m_diagnose, 300);
    EXPECT_EQ(m_s->m_costs.m_acknowledge, 60);
    EXPECT_EQ(m_s->m_costs.m_escalate, 180);
    EXPECT_EQ(m_s->m_costs.m_hint, 0);
}

TEST_F(CommonIssuesFixture, ScoringWeightsAndTicketOverrideRebasedOnScenario) {
    EXPECT_DOUBLE_EQ(m_s->m_weights.m_routing, 12);
    EXPECT_DOUBLE_EQ(m_s->m_weights.m_hopPenalty, 3);
    EXPECT_DOUBLE_EQ(m_s->m_weights.m_triage, 10);
    EXPECT_DOUBLE_EQ(m_s->m_weights.m_acceptableRouteCredit, 0.6);
    const Ticket* t = m_s->FindTicket("os-update-loop");
    ASSERT_TRUE(t && t->m_weights);
    EXPECT_DOUBLE_EQ(t->m_weights->m_routing, 15);
    EXPECT_DOUBLE_EQ(t->m_weights->m_hopPenalty, 3); // from the scenario, not the built-in default
    EXPECT_FALSE(m_s->FindTicket("vpn-down")->m_weights.has_value());
}

TEST_F(CommonIssuesFixture, PoolsAndVariation) {
    ASSERT_EQ(m_s->m_pools.m_users.at("office").size(), 2u);
    EXPECT_EQ(m_s->m_pools.m_users.at("office")[1].m_name, "Ben Okafor");
    EXPECT_EQ(m_s->m_pools.m_devices.at("laptops")[0].m_serial, "SL5-0041");
    const Ticket& t = *m_s->FindTicket("os-update-loop");
    EXPECT_EQ(t.m_variation.m_userPool, "office");
    EXPECT_EQ(t.m_variation.m_devicePool, "laptops");
    EXPECT_EQ(t.m_variation.m_reports.size(), 2u);
    EXPECT_EQ(t.m_variation.m_jitter, 180);
}

TEST_F(CommonIssuesFixture, TicketFields) {
    const Ticket& t = *m_s->FindTicket("os-update-loop");
    EXPECT_EQ(t.m_channel, "phone");
    EXPECT_EQ(t.m_arrives, 300);
    EXPECT_EQ(t.m_user.m_department, "Finance");
    EXPECT_EQ(t.m_device.m_os, "Windows 11 23H2");
    EXPECT_EQ(t.m_reportedImpact, "low");
    EXPECT_EQ(t.m_reportedUrgency, "medium");
    EXPECT_EQ(t.m_pos.m_line, 27);
    EXPECT_EQ(t.m_pos.m_col, 5);
    ASSERT_EQ(t.m_hints.size(), 2u);
    EXPECT_DOUBLE_EQ(t.m_hints[0].m_cost, 0.5);
    EXPECT_DOUBLE_EQ(t.m_hints[1].m_cost, 1.0); // default
    const Ticket& v = *m_s->FindTicket("vpn-down");
    EXPECT_EQ(v.m_channel, "portal"); // default
    EXPECT_EQ(v.m_arrives, 0);
    EXPECT_EQ(v.m_reportedImpact, "");
}

TEST_F(CommonIssuesFixture, FactsStepsAndOutcomes) {
    const Ticket& t = *m_s->FindTicket("os-update-loop");
    ASSERT_EQ(t.m_facts.size(), 3u);
    EXPECT_EQ(t.m_facts[0].m_source, FactSource::Ask);
    EXPECT_EQ(t.m_facts[0].m_cost, -1); // scenario default
    EXPECT_EQ(t.m_facts[1].m_source, FactSource::Diagnostic);
    EXPECT_EQ(t.m_facts[1].m_requires, std::vector<std::string>{"since-update"});
    EXPECT_EQ(t.m_facts[1].m_cost, 360);
    EXPECT_EQ(t.m_facts[2].m_source, FactSource::Step);
    ASSERT_EQ(t.m_steps.size(), 2u);
    const Step& s = t.m_steps[0];
    EXPECT_EQ(s.m_kind, StepKind::Required);
    EXPECT_EQ(s.m_cost, 600);
    ASSERT_EQ(s.m_outcomes.size(), 2u);
    EXPECT_EQ(s.m_outcomes[0].m_when, std::vector<std::string>{"event-log"});
    EXPECT_TRUE(s.m_outcomes[0].m_fixes);
    EXPECT_FALSE(s.m_outcomes[1].m_fixes);
    EXPECT_EQ(s.m_outcomes[1].m_reveals, std::vector<std::string>{"rollback-error"});
    EXPECT_EQ(t.m_steps[1].m_kind, StepKind::Harmful);
    EXPECT_NE(t.m_steps[1].m_harmReason.find("local data"), std::string::npos);
    EXPECT_EQ(t.m_steps[1].m_cost, -1);
}

TEST_F(CommonIssuesFixture, AnswerKey) {
    const TicketAnswer& a = m_s->FindTicket("os-update-loop")->m_answer;
    EXPECT_EQ(a.m_category, "os");
    EXPECT_EQ(a.m_urgency, "high");
    EXPECT_EQ(a.m_route, "resolve");
    EXPECT_EQ(a.m_acceptableRoutes, std::vector<std::string>{"tier2"});
    EXPECT_EQ(a.m_resolutionCodes, std::vector<std::string>{"fixed"}); // one code written as a string
    EXPECT_FALSE(a.m_elevationNeeded);
    EXPECT_EQ(m_s->FindTicket("vpn-down")->m_answer.m_route, "service-ops");
}

//-----------------------------------------------------------------------------
// [SECTION] Plan review, drill, lab
//-----------------------------------------------------------------------------

TEST(LoaderTimes, StartsRepliesAndWhoIsAwaited) {
    const std::string ticket = MinimalTicket("t1") +
                               "    facts:\n"
                               "      - {id: dump, prompt: Send the crash dump, text: Dump attached, reply_after: 2h}\n"
                               "      - {id: kb, source: diagnostic, prompt: Ask the vendor, text: Known issue, reply_after: 24h, waits_on: vendor}\n"
                               "      - {id: now, prompt: When, text: Today}\n";
    const auto r = LoadMem(TicketScenario(ticket, "starts: \"fri 16:00\"\ncosts: {pend: 1m}\n"));
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    const Scenario& s = *r.m_value;
    EXPECT_EQ(s.m_startsAt, 4 * 24 * 3600 + 16 * 3600);
    EXPECT_EQ(s.m_costs.m_pend, 60);
    const auto& facts = s.m_tickets[0].m_facts;
    EXPECT_EQ(facts[0].m_replyAfter, 2 * 3600);
    EXPECT_FALSE(facts[0].m_fromVendor);
    EXPECT_EQ(facts[1].m_replyAfter, 24 * 3600);
    EXPECT_TRUE(facts[1].m_fromVendor);
    EXPECT_EQ(facts[2].m_replyAfter, 0);
    EXPECT_EQ(LoadMem(TicketScenario(MinimalTicket("t1"))).m_value->m_startsAt, 9 * 3600) << "default: Monday 09:00";

    const std::string badStart = TicketScenario(MinimalTicket("t1"), "starts: \"friday 4pm\"\n");
    EXPECT_TRUE(HasError(LoadMem(badStart).m_diagnostics, Pos(badStart, "\"friday"),
                         "starts must be a day and a 24-hour time such as \"mon 09:00\", got 'friday 4pm'"));
    const std::string idle = TicketScenario(MinimalTicket("t1") + "    facts:\n      - {id: a, prompt: P, text: T, waits_on: vendor}\n");
    EXPECT_TRUE(HasWarning(LoadMem(idle).m_diagnostics, Pos(idle, "vendor"), "waits on the vendor but has no reply_after"));
    const std::string stepFact = TicketScenario(MinimalTicket("t1") + "    facts:\n      - {id: a, source: step, text: T, reply_after: 1h}\n");
    EXPECT_TRUE(HasError(LoadMem(stepFact).m_diagnostics, Pos(stepFact, "reply_after"), "reply_after"));
}

TEST(LoaderPlanReview, QuestionsOfEachType) {
    const auto r = LoadScenarioFile(DataPath("plan_review.yaml"));
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    const Scenario& s = *r.m_value;
    EXPECT_EQ(s.m_kind, ScenarioKind::PlanReview);
    ASSERT_EQ(s.m_questions.size(), 4u);
    const Question& single = s.m_questions[0];
    EXPECT_EQ(single.m_type, QuestionType::Single);
    EXPECT_DOUBLE_EQ(single.m_points, 2);
    EXPECT_EQ(single.m_answer, std::vector<std::string>{"t1"});
    EXPECT_EQ(single.m_topic, "Support teams");
    EXPECT_DOUBLE_EQ(single.m_hints[0].m_cost, 0.5);
    EXPECT_EQ(s.m_questions[1].m_type, QuestionType::Multiple);
    EXPECT_DOUBLE_EQ(s.m_questions[1].m_points, 1); // default
    EXPECT_EQ(s.m_questions[1].m_answer, (std::vector<std::string>{"a", "c"}));
    EXPECT_EQ(s.m_questions[2].m_type, QuestionType::Ordering);
    EXPECT_EQ(s.m_questions[2].m_answer, (std::vector<std::string>{"t1", "t2", "t3"}));
    const Question& matching = s.m_questions[3];
    EXPECT_EQ(matching.m_type, QuestionType::Matching);
    ASSERT_EQ(matching.m_pairs.size(), 2u);
    EXPECT_EQ(matching.m_pairs[1].m_id, "d2");
    EXPECT_EQ(matching.m_pairs[1].m_right, "admin");
    EXPECT_TRUE(matching.m_answer.empty());
    EXPECT_EQ(s.m_playerRole, ""); // optional for plan reviews
    EXPECT_TRUE(s.m_tickets.empty());
}

TEST(LoaderDrill, IncidentsAndRouteDefaultingToTheIncident) {
    const auto r = LoadScenarioFile(DataPath("escalation_drill.yaml"));
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    const Scenario& s = *r.m_value;
    EXPECT_EQ(s.m_kind, ScenarioKind::EscalationDrill);
    EXPECT_EQ(s.m_misrouteReturn, 20 * 60);
    ASSERT_EQ(s.m_incidents.size(), 1u);
    EXPECT_EQ(s.m_incidents[0].m_route, "it-admin");
    const Ticket& w1 = *s.FindTicket("wifi-1");
    EXPECT_EQ(w1.m_answer.m_incident, "inc-wifi");
    EXPECT_EQ(w1.m_answer.m_route, "it-admin"); // from the incident
    const Ticket& w2 = *s.FindTicket("wifi-2");
    EXPECT_EQ(w2.m_elevationRequester, "it_admin");
    EXPECT_TRUE(w2.m_answer.m_elevationNeeded);
    EXPECT_EQ(w2.m_arrives, 600);
    EXPECT_EQ(s.FindTicket("dock-broken")->m_answer.m_route, "supplier");
}

TEST(LoaderLab, ModulesAndDefaults) {
    const auto r = LoadLabFile(DataPath("lab.yaml"));
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    const Lab& lab = *r.m_value;
    EXPECT_EQ(lab.m_id, "test-lab");
    EXPECT_EQ(lab.m_timeBudget, 150 * 60);
    EXPECT_DOUBLE_EQ(lab.m_passThreshold, 70); // default
    ASSERT_EQ(lab.m_modules.size(), 4u);
    EXPECT_EQ(lab.m_modules[0].m_type, ModuleType::Scenario);
    EXPECT_EQ(lab.m_modules[0].m_agenda, AgendaStep::PlanReview);
    EXPECT_EQ(lab.m_modules[0].m_scenarioPath, "plan_review.yaml");
    EXPECT_EQ(lab.m_modules[0].m_presenterNotes, "Walk through the plan first.");
    EXPECT_EQ(lab.m_modules[1].m_type, ModuleType::Lecture);
    EXPECT_EQ(lab.m_modules[1].m_agenda, AgendaStep::Overview); // default
    EXPECT_EQ(lab.m_modules[1].m_text, "Lecture text shown to trainees."); // block text loses its final break
    EXPECT_EQ(lab.m_modules[2].m_duration, 45 * 60);
}

// A lab with tracks: a module plays its track's scenario, and the lab is run for one track at a
// time as LAB@TRACK; a module naming an unknown track, a track named twice, tracks with the same
// id and track scenarios on a lecture are errors at their lines.
TEST(LoaderLab, TracksGiveOneLabPerTrack) {
    const std::string dir = std::string(SUPPORTLAB_BINARY_DIR) + "/scenario_io_lab_tracks";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::copy(SUPPORTLAB_TEST_DATA_DIR, dir, std::filesystem::copy_options::recursive);
    const std::string head = "format: 1\nkind: lab\nid: tl\ntitle: Tracks\n"
                             "tracks:\n  - {id: t1, title: Tier 1}\n  - {id: t2, title: Tier 2, description: For tier 2.}\n";
    std::ofstream(dir + "/tracks.yaml") << head << "modules:\n"
        "  - {id: plan, title: Plan, type: scenario, duration: 10m, scenario: plan_review.yaml}\n"
        "  - id: queue\n    title: Your queue\n    type: scenario\n    duration: 20m\n    scenario: common_issues.yaml\n"
        "    track_scenarios:\n      - {track: t2, scenario: escalation_drill.yaml}\n";
    const auto r = LoadLabFile(dir + "/tracks.yaml");
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    ASSERT_EQ(r.m_value->m_tracks.size(), 2u);
    const std::vector<Lab> labs = LabsByTrack(*r.m_value);
    ASSERT_EQ(labs.size(), 2u);
    EXPECT_EQ(labs[0].m_id, "tl@t1");
    EXPECT_EQ(labs[0].m_title, "Tracks: Tier 1");
    EXPECT_EQ(labs[0].m_modules[1].m_scenarioPath, "common_issues.yaml") << "a track not named plays the module's scenario";
    EXPECT_EQ(labs[1].m_id, "tl@t2");
    EXPECT_EQ(labs[1].m_description, "For tier 2.");
    EXPECT_EQ(labs[1].m_modules[1].m_scenarioPath, "escalation_drill.yaml");
    EXPECT_EQ(labs[1].m_modules[0].m_scenarioPath, "plan_review.yaml");
    EXPECT_EQ(labs[1].m_fileId, "tl");
    EXPECT_EQ(labs[1].m_track, "t2");
    EXPECT_EQ(LabsByTrack(Lab{}).size(), 1u) << "a lab without tracks is itself";

    const std::string bad = head + "  - {id: t1, title: Again}\nmodules:\n"
        "  - {id: talk, title: Talk, type: lecture, duration: 5m, text: Hi, track_scenarios: [{track: t1, scenario: plan_review.yaml}]}\n"
        "  - id: queue\n    title: Q\n    type: scenario\n    duration: 20m\n    scenario: common_issues.yaml\n"
        "    track_scenarios:\n      - {track: t9, scenario: escalation_drill.yaml}\n"
        "      - {track: t2, scenario: missing.yaml}\n      - {track: t2, scenario: plan_review.yaml}\n";
    std::ofstream(dir + "/bad.yaml") << bad;
    const auto b = LoadLabFile(dir + "/bad.yaml");
    EXPECT_FALSE(b.Ok());
    const std::string d = Dump(b.m_diagnostics);
    EXPECT_NE(d.find("bad.yaml:8:"), std::string::npos) << d; // the repeated track id
    EXPECT_NE(d.find("track_scenarios"), std::string::npos) << "not on a lecture: " << d;
    EXPECT_NE(d.find("names track 't9', which the lab's tracks do not list"), std::string::npos) << d;
    EXPECT_NE(d.find("missing.yaml"), std::string::npos) << d;
    EXPECT_NE(d.find("names track 't2' twice"), std::string::npos) << d;
}

TEST(LoaderLab, ResolvePathIsRelativeToTheLab) {
    EXPECT_EQ(ResolvePath("a/b/lab.yaml", "../x.yaml"), "a/x.yaml");
    EXPECT_EQ(ResolvePath("lab.yaml", "x.yaml"), "x.yaml");
    EXPECT_EQ(ResolvePath("a/lab.yaml", "/abs/x.yaml"), "/abs/x.yaml");
}

//-----------------------------------------------------------------------------
// [SECTION] Content hash
//-----------------------------------------------------------------------------

TEST(LoaderHash, CoversScenarioAndModelBytes) {
    MemoryFiles files = WithModel();
    const std::string text = TicketScenario(MinimalTicket("t1"));
    const auto a = LoadMem(text, files);
    ASSERT_TRUE(a.Ok()) << Dump(a.m_diagnostics);
    const std::string hash = a.m_value->m_contentHash;
    EXPECT_EQ(hash.size(), 64u);
    EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(LoadMem(text, files).m_value->m_contentHash, hash); // stable

    const auto b = LoadMem(text + "# a comment changes the bytes\n", files);
    ASSERT_TRUE(b.Ok());
    EXPECT_NE(b.m_value->m_contentHash, hash);

    files.m_files["mem/models/tiered.yaml"] += "# model edit\n";
    const auto c = LoadMem(text, files);
    ASSERT_TRUE(c.Ok());
    EXPECT_NE(c.m_value->m_contentHash, hash);
}

//-----------------------------------------------------------------------------
// [SECTION] Validation reports
//-----------------------------------------------------------------------------

TEST(ValidatePaths, FolderIsSearchedRecursivelyInSortedOrder) {
    const auto reports = ValidatePaths({SUPPORTLAB_TEST_DATA_DIR "/models", DataPath("lab.yaml")});
    ASSERT_EQ(reports.size(), 2u);
    EXPECT_EQ(reports[0].m_kind, "support_model");
    EXPECT_EQ(reports[0].m_id, "test-tiered");
    EXPECT_EQ(reports[0].m_title, "Test tiered support");
    EXPECT_TRUE(reports[0].Ok()) << Dump(reports[0].m_diagnostics);
    EXPECT_EQ(reports[1].m_kind, "lab");
    EXPECT_TRUE(reports[1].Ok()) << Dump(reports[1].m_diagnostics);
}

TEST(ValidatePaths, EveryFixtureOfEachKindIsValid) {
    std::vector<std::string> kinds;
    for (const char* f : {"plan_review.yaml", "common_issues.yaml", "escalation_drill.yaml", "lab.yaml", "models/tiered.yaml"}) {
        const FileReport r = ValidateFile(DataPath(f));
        EXPECT_TRUE(r.Ok()) << f << "\n" << Dump(r.m_diagnostics);
        kinds.push_back(r.m_kind);
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"plan_review", "common_issues", "escalation_drill", "lab", "support_model"}));
}

TEST(ValidatePaths, MissingPathAndEmptyFolder) {
    const std::string empty = std::string(SUPPORTLAB_BINARY_DIR) + "/scenario_io_empty_folder";
    std::filesystem::create_directories(empty);
    const auto reports = ValidatePaths({"/nonexistent/x.yaml", empty});
    ASSERT_EQ(reports.size(), 2u);
    EXPECT_TRUE(HasError(reports[0].m_diagnostics, "/nonexistent/x.yaml", "cannot read: no such file"));
    EXPECT_FALSE(reports[0].Ok());
    EXPECT_TRUE(HasWarning(reports[1].m_diagnostics, empty, "no .yaml or .yml files"));
    EXPECT_TRUE(reports[1].Ok());
}

TEST(ValidatePaths, SharedModelErrorsAreListedOnceAndEveryDependentIsInvalid) {
    const std::string dir = std::string(SUPPORTLAB_BINARY_DIR) + "/scenario_io_shared_model";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/models");
    std::string model = ReadText(DataPath("models/tiered.yaml"));
    model.replace(model.find("delivery: partner_led"), 21, "delivery: partnerled");
    std::ofstream(dir + "/models/tiered.yaml") << model;
    for (const char* name : {"a.yaml", "b.yaml"}) std::ofstream(dir + "/" + name) << TicketScenario(MinimalTicket("t1"));
    const auto reports = ValidatePaths({dir});
    ASSERT_EQ(reports.size(), 3u);
    size_t modelErrorLines = 0;
    for (const FileReport& r : reports) {
        EXPECT_FALSE(r.Ok()) << r.m_path;
        for (const Diagnostic& d : r.m_diagnostics)
            if (d.m_message.find("partnerled") != std::string::npos) ++modelErrorLines;
    }
    EXPECT_EQ(modelErrorLines, 1u); // in the model's own report only
    // Validated alone, a scenario lists its model's problems itself.
    const auto alone = ValidatePaths({dir + "/b.yaml"});
    ASSERT_EQ(alone.size(), 1u);
    EXPECT_TRUE(HasError(alone[0].m_diagnostics, dir + "/models/tiered.yaml:7:11", "partnerled"));
    EXPECT_TRUE(HasError(reports[0].m_diagnostics, dir + "/a.yaml:5:16", "support model 'models/tiered.yaml' is invalid (1 errors"));
    EXPECT_TRUE(HasError(reports[1].m_diagnostics, dir + "/b.yaml:5:16", "support model 'models/tiered.yaml' is invalid"));
    EXPECT_TRUE(HasError(reports[2].m_diagnostics, dir + "/models/tiered.yaml:7:11", "did you mean 'partner_led'?"));
}

// What LoadPaths hands back must be what the single-file loaders give for the same file.
void ExpectSameScenario(const Scenario& got, const Scenario& want, const std::string& path) {
    SCOPED_TRACE(path);
    EXPECT_EQ(got.m_id, want.m_id);
    EXPECT_EQ(got.m_title, want.m_title);
    EXPECT_EQ(got.m_kind, want.m_kind);
    EXPECT_EQ(got.m_sourcePath, want.m_sourcePath);
    EXPECT_EQ(got.m_model.m_id, want.m_model.m_id);
    EXPECT_EQ(got.m_model.m_sourcePath, want.m_model.m_sourcePath);
    EXPECT_EQ(got.m_model.m_destinations.size(), want.m_model.m_destinations.size());
    EXPECT_EQ(got.m_playerRole, want.m_playerRole);
    EXPECT_EQ(got.m_timeBudget, want.m_timeBudget);
    EXPECT_EQ(got.m_contentHash, want.m_contentHash);
    EXPECT_FALSE(got.m_contentHash.empty());
    ASSERT_EQ(got.m_tickets.size(), want.m_tickets.size());
    for (size_t i = 0; i < got.m_tickets.size(); ++i) {
        EXPECT_EQ(got.m_tickets[i].m_id, want.m_tickets[i].m_id);
        EXPECT_EQ(got.m_tickets[i].m_subject, want.m_tickets[i].m_subject);
        EXPECT_EQ(got.m_tickets[i].m_steps.size(), want.m_tickets[i].m_steps.size());
        EXPECT_EQ(got.m_tickets[i].m_answer.m_route, want.m_tickets[i].m_answer.m_route);
    }
    ASSERT_EQ(got.m_questions.size(), want.m_questions.size());
    for (size_t i = 0; i < got.m_questions.size(); ++i) EXPECT_EQ(got.m_questions[i].m_id, want.m_questions[i].m_id);
    EXPECT_EQ(got.m_incidents.size(), want.m_incidents.size());
}

// LoadPaths against ValidatePaths (same reports) and LoadScenarioFile / LoadLabFile (same values);
// returns how many scenarios and labs were compared.
std::pair<int, int> ExpectLoadPathsMatches(const std::vector<std::string>& paths) {
    const std::vector<LoadedFile> loaded = LoadPaths(paths);
    const std::vector<FileReport> reports = ValidatePaths(paths);
    EXPECT_EQ(loaded.size(), reports.size());
    int scenarios = 0, labs = 0;
    for (size_t i = 0; i < std::min(loaded.size(), reports.size()); ++i) {
        const FileReport& got = loaded[i].m_report;
        const FileReport& want = reports[i];
        SCOPED_TRACE(want.m_path);
        EXPECT_EQ(got.m_path, want.m_path);
        EXPECT_EQ(got.m_kind, want.m_kind);
        EXPECT_EQ(got.m_id, want.m_id);
        EXPECT_EQ(got.m_title, want.m_title);
        EXPECT_EQ(Dump(got.m_diagnostics), Dump(want.m_diagnostics));
        const bool scenarioKind = got.m_kind == "plan_review" || got.m_kind == "common_issues" || got.m_kind == "escalation_drill";
        if (!got.Ok() || !(scenarioKind || got.m_kind == "lab")) {
            EXPECT_EQ(loaded[i].m_scenario, nullptr); // a file with errors, or a support model, builds nothing
            EXPECT_EQ(loaded[i].m_lab, nullptr);
            continue;
        }
        if (scenarioKind) {
            const LoadResult<Scenario> single = LoadScenarioFile(got.m_path);
            EXPECT_TRUE(single.Ok()) << Dump(single.m_diagnostics);
            EXPECT_EQ(loaded[i].m_lab, nullptr);
            if (!loaded[i].m_scenario) ADD_FAILURE() << "a valid scenario file came back without its scenario";
            else if (single.Ok()) ExpectSameScenario(*loaded[i].m_scenario, *single.m_value, got.m_path), ++scenarios;
        } else {
            const LoadResult<Lab> single = LoadLabFile(got.m_path);
            EXPECT_TRUE(single.Ok()) << Dump(single.m_diagnostics);
            EXPECT_EQ(loaded[i].m_scenario, nullptr);
            if (!loaded[i].m_lab) {
                ADD_FAILURE() << "a valid lab file came back without its lab";
            } else if (single.Ok()) {
                const Lab& lab = *loaded[i].m_lab;
                EXPECT_EQ(lab.m_id, single.m_value->m_id);
                EXPECT_EQ(lab.m_sourcePath, single.m_value->m_sourcePath);
                EXPECT_EQ(lab.m_modules.size(), single.m_value->m_modules.size());
                for (size_t m = 0; m < std::min(lab.m_modules.size(), single.m_value->m_modules.size()); ++m)
                    EXPECT_EQ(lab.m_modules[m].m_scenarioPath, single.m_value->m_modules[m].m_scenarioPath);
                ++labs;
            }
        }
    }
    return {scenarios, labs};
}

TEST(LoadPaths, ShippedLibraryAndFixturesMatchTheSingleFileLoaders) {
    // The shipped lab sorts before the scenarios it uses (labs/ < plan-review/): they come from its load.
    const auto [scenarios, labs] = ExpectLoadPathsMatches({SUPPORTLAB_SCENARIO_DIR, SUPPORTLAB_TEST_DATA_DIR});
    EXPECT_GE(scenarios, 12);
    EXPECT_GE(labs, 2);
}

TEST(LoadPaths, FilesWithErrorsBuildNothingAndTheirReportsMatchValidatePaths) {
    const std::string dir = std::string(SUPPORTLAB_BINARY_DIR) + "/scenario_io_load_paths";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/models");
    std::filesystem::create_directories(dir + "/bad-model/models");
    std::ofstream(dir + "/models/tiered.yaml") << ReadText(DataPath("models/tiered.yaml"));
    std::string badModel = ReadText(DataPath("models/tiered.yaml"));
    badModel.replace(badModel.find("delivery: partner_led"), 21, "delivery: partnerled");
    std::ofstream(dir + "/bad-model/models/tiered.yaml") << badModel;
    std::ofstream(dir + "/bad-model/uses-bad-model.yaml") << TicketScenario(MinimalTicket("t1"));
    std::ofstream(dir + "/good.yaml") << TicketScenario(MinimalTicket("t1") + MinimalTicket("t2"));
    // A model that sorts before the scenario using it: the scenario's hash comes from the model's own load.
    std::filesystem::create_directories(dir + "/later/models");
    std::ofstream(dir + "/later/models/tiered.yaml") << ReadText(DataPath("models/tiered.yaml"));
    std::ofstream(dir + "/later/uses-model.yaml") << TicketScenario(MinimalTicket("t3"));
    std::ofstream(dir + "/duplicate-ticket.yaml") << TicketScenario(MinimalTicket("t1") + MinimalTicket("t1"));
    std::ofstream(dir + "/syntax.yaml") << TicketScenario(MinimalTicket("t1")) << "  - [unclosed\n";
    std::string wrongModel = TicketScenario(MinimalTicket("t1")); // its support_model is a scenario
    wrongModel.replace(wrongModel.find("models/tiered.yaml"), 18, "good.yaml");
    std::ofstream(dir + "/wrong-model.yaml") << wrongModel;
    // A lab whose second module's scenario is invalid; it sorts before that scenario.
    std::ofstream(dir + "/a-lab.yaml") << "format: 1\nkind: lab\nid: l\ntitle: L\nmodules:\n"
                                          "  - {id: m1, title: M1, type: scenario, scenario: good.yaml, duration: 10m}\n"
                                          "  - {id: m2, title: M2, type: scenario, scenario: duplicate-ticket.yaml, duration: 10m}\n";

    const std::vector<LoadedFile> loaded = LoadPaths({dir});
    int withErrors = 0;
    const std::set<std::string> good = {dir + "/good.yaml", dir + "/models/tiered.yaml", dir + "/later/models/tiered.yaml",
                                        dir + "/later/uses-model.yaml"};
    for (const LoadedFile& f : loaded) {
        EXPECT_EQ(f.m_report.Ok(), good.count(f.m_report.m_path) == 1) << f.m_report.m_path << "\n" << Dump(f.m_report.m_diagnostics);
        if (!f.m_report.Ok()) {
            ++withErrors;
            EXPECT_EQ(f.m_scenario, nullptr) << f.m_report.m_path;
            EXPECT_EQ(f.m_lab, nullptr) << f.m_report.m_path;
        }
    }
    EXPECT_EQ(loaded.size(), 10u);
    EXPECT_EQ(withErrors, 6);
    const auto [scenarios, labs] = ExpectLoadPathsMatches({dir});
    EXPECT_EQ(scenarios, 2); // good.yaml, later/uses-model.yaml
    EXPECT_EQ(labs, 0);
}

TEST(LoadPaths, MoreFilesThanTheLoaderCachesHold) {
    // 300 scenarios overflow the 256-entry scenario cache; the lab sorts last and uses the first and
    // the last, so one of them is loaded again after the cache was cleared.
    const std::string dir = std::string(SUPPORTLAB_BINARY_DIR) + "/scenario_io_load_paths_many";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/models");
    std::ofstream(dir + "/models/tiered.yaml") << ReadText(DataPath("models/tiered.yaml"));
    for (int i = 0; i < 300; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "/s%03d.yaml", i);
        std::ofstream(dir + name) << TicketScenario(MinimalTicket("t" + std::to_string(i)));
    }
    std::ofstream(dir + "/z-lab.yaml") << "format: 1\nkind: lab\nid: l\ntitle: L\nmodules:\n"
                                          "  - {id: m1, title: M1, type: scenario, scenario: s000.yaml, duration: 10m}\n"
                                          "  - {id: m2, title: M2, type: scenario, scenario: s299.yaml, duration: 10m}\n";
    const auto [scenarios, labs] = ExpectLoadPathsMatches({dir});
    EXPECT_EQ(scenarios, 300);
    EXPECT_EQ(labs, 1);
}

TEST(LoaderFiles, UnreadableFilesSayWhy) {
    const auto r = LoadScenarioFile("/nonexistent/scenario.yaml");
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasError(r.m_diagnostics, "/nonexistent/scenario.yaml", "cannot read: no such file"));
    const auto folder = LoadLabFile(SUPPORTLAB_TEST_DATA_DIR);
    EXPECT_TRUE(HasError(folder.m_diagnostics, SUPPORTLAB_TEST_DATA_DIR, "is a folder"));
}

TEST(Diagnostics, FormatLikeACompiler) {
    EXPECT_EQ(FormatDiagnostic({"a.yaml", 3, 7, DiagSeverity::Error, "boom"}), "a.yaml:3:7: error: boom");
    EXPECT_EQ(FormatDiagnostic({"a.yaml", 0, 0, DiagSeverity::Warning, "hm"}), "a.yaml: warning: hm");
    EXPECT_EQ(CountErrors({{"a", 1, 1, DiagSeverity::Warning, "w"}, {"a", 1, 1, DiagSeverity::Error, "e"}}), 1);
}

} // namespace
} // namespace sl::test
