// SupportLab scenario_io tests: support-model and lab errors, with exact positions.
#include "test_util.hpp"

namespace sl::test {
namespace {

// [SECTION] Support model
// [SECTION] Lab

//-----------------------------------------------------------------------------
// [SECTION] Support model
//-----------------------------------------------------------------------------

const std::string kModel = "format: 1\n"
                           "kind: support_model\n"
                           "id: m\n"
                           "title: M\n"
                           "destinations:\n"
                           "  - {id: t1, name: T1, kind: tier, tier: 1}\n"
                           "  - {id: ops, name: Ops, kind: service_operations}\n"
                           "roles:\n"
                           "  - {id: agent, name: Agent}\n"
                           "categories:\n"
                           "  - {id: os, name: OS, area: os}\n"
                           "severities:\n"
                           "  - {id: sev1, name: S1, first_response: 15m, resolution: 4h}\n"
                           "  - {id: sev2, name: S2, first_response: 1h, resolution: 8h}\n"
                           "impact: [high, low]\n"
                           "urgency: [high, low]\n"
                           "priority_matrix:\n"
                           "  - [sev1, sev2]\n"
                           "  - [sev2, sev2]\n"
                           "resolution_codes:\n"
                           "  - {id: fixed, name: Fixed}\n";

std::string Edit(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

std::vector<Diagnostic> ModelDiags(const std::string& text) { return LoadSupportModelText(text, "mem/m.yaml").m_diagnostics; }
std::string MPos(const std::string& text, const std::string& needle, int nth = 1) { return Pos(text, needle, nth, "mem/m.yaml"); }

TEST(ModelErrors, BaseModelIsValid) {
    const auto r = LoadSupportModelText(kModel, "mem/m.yaml");
    EXPECT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
}

TEST(ModelErrors, MatrixShape) {
    const std::string rows = Edit(kModel, "  - [sev2, sev2]\n", "");
    EXPECT_TRUE(HasError(ModelDiags(rows), "mem/m.yaml:18:3", "priority_matrix has 1 rows but there are 2 impact levels (one row per impact level)"));
    const std::string cells = Edit(kModel, "[sev2, sev2]", "[sev2]");
    EXPECT_TRUE(HasError(ModelDiags(cells), MPos(cells, "sev2]", 2), "row 2 of priority_matrix has 1 cells but there are 2 urgency levels"));
    const std::string unknown = Edit(kModel, "[sev1, sev2]", "[sev1, sev9]");
    EXPECT_TRUE(HasError(ModelDiags(unknown), MPos(unknown, "sev9"), "unknown severity 'sev9' in priority_matrix (did you mean 'sev1'?)"));
    const std::string notList = Edit(kModel, "  - [sev2, sev2]\n", "  - sev2\n");
    EXPECT_TRUE(HasError(ModelDiags(notList), "mem/m.yaml:19:5", "each row of 'priority_matrix' in support model 'm' must be a list of ids, got 'sev2'"));
}

TEST(ModelErrors, TierRules) {
    const std::string missing = Edit(kModel, ", tier: 1}", "}");
    EXPECT_TRUE(HasError(ModelDiags(missing), "mem/m.yaml:6:5", "missing required key 'tier' in destination 't1' (required when kind is tier)"));
    const std::string forbidden = Edit(kModel, "kind: service_operations}", "kind: service_operations, tier: 2}");
    EXPECT_TRUE(HasError(ModelDiags(forbidden), MPos(forbidden, "tier: 2"), "'tier' is not allowed in destination 'ops' when kind is service_operations (only when kind is tier)"));
    const std::string range = Edit(kModel, "tier: 1}", "tier: 7}");
    EXPECT_TRUE(HasError(ModelDiags(range), MPos(range, "7}"), "'tier' in destination 't1' must be between 1 and 4, got 7"));
    const std::string quoted = Edit(kModel, "tier: 1}", "tier: \"1\"}");
    EXPECT_TRUE(HasError(ModelDiags(quoted), MPos(quoted, "\"1\""), "(a quoted string; remove the quotes)"));
}

TEST(ModelErrors, IdsAndReferences) {
    const std::string dup = Edit(kModel, "{id: ops,", "{id: t1,");
    EXPECT_TRUE(HasError(ModelDiags(dup), MPos(dup, "t1", 2), "duplicate destination id 't1' (first at line 6)"));
    const std::string reserved = Edit(kModel, "{id: ops,", "{id: resolve,");
    EXPECT_TRUE(HasError(ModelDiags(reserved), MPos(reserved, "resolve"), "'resolve' is reserved"));
    const std::string manager = kModel + "elevation_managed_by: admin\n";
    EXPECT_TRUE(HasError(ModelDiags(manager), "mem/m.yaml:22:23", "unknown role 'admin' in elevation_managed_by (known: agent)"));
    const std::string levels = Edit(kModel, "impact: [high, low]", "impact: [high, high]");
    EXPECT_TRUE(HasError(ModelDiags(levels), MPos(levels, "high", 2), "duplicate impact level 'high' (first at line 15)"));
    const std::string sev = Edit(kModel, "{id: sev2,", "{id: sev1,");
    EXPECT_TRUE(HasError(ModelDiags(sev), MPos(sev, "sev1", 2), "duplicate severity id 'sev1' (first at line 13)"));
}

TEST(ModelErrors, ValuesAndRequiredLists) {
    const std::string targets = Edit(kModel, "first_response: 1h, resolution: 8h", "first_response: 9h, resolution: 8h");
    EXPECT_TRUE(HasError(ModelDiags(targets), MPos(targets, "9h"), "first_response of severity 'sev2' (9h00m) is later than its resolution target (8h00m)"));
    const std::string area = Edit(kModel, "area: os", "area: printers");
    EXPECT_TRUE(HasError(ModelDiags(area), MPos(area, "printers"), "'area' in category 'os' must be one of os, productivity, browser, device, infrastructure, lob; got 'printers'"));
    const std::string none = Edit(Edit(kModel, "  - {id: t1, name: T1, kind: tier, tier: 1}\n  - {id: ops, name: Ops, kind: service_operations}\n", ""),
                                  "destinations:\n", "destinations: []\n");
    EXPECT_TRUE(HasError(ModelDiags(none), "mem/m.yaml:5:15", "'destinations' in support model 'm' needs at least 1 item"));
    const std::string delivery = kModel + "delivery: partnerled\n";
    EXPECT_TRUE(HasError(ModelDiags(delivery), "mem/m.yaml:22:11", "got 'partnerled' (did you mean 'partner_led'?)"));
}

TEST(ModelErrors, BusinessHours) {
    const std::string good = Edit(kModel + "business_hours: {days: [mon, tue, wed, thu, fri], open: \"08:30\", close: \"17:00\"}\n",
                                  "resolution: 8h}", "resolution: 8h, clock: business_hours}");
    const auto r = LoadSupportModelText(good, "mem/m.yaml");
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    ASSERT_TRUE(r.m_value->m_businessHours.has_value());
    EXPECT_EQ(r.m_value->m_businessHours->m_open, 8 * 3600 + 30 * 60);
    EXPECT_FALSE(r.m_value->m_businessHours->m_days[5]);
    EXPECT_TRUE(r.m_value->m_severities[1].m_businessHours);
    EXPECT_FALSE(r.m_value->m_severities[0].m_businessHours) << "a severity runs around the clock unless it says so";

    const std::string noHours = Edit(kModel, "resolution: 8h}", "resolution: 8h, clock: business_hours}");
    EXPECT_TRUE(HasError(ModelDiags(noHours), MPos(noHours, "business_hours"), "severity 'sev2' counts business hours, but the support model has no business_hours"));
    const std::string day = Edit(good, "thu, fri]", "thu, fri, funday, mon]");
    EXPECT_TRUE(HasError(ModelDiags(day), MPos(day, "funday"), "unknown day 'funday' in business_hours (one of: mon, tue, wed, thu, fri, sat, sun)"));
    EXPECT_TRUE(HasError(ModelDiags(day), MPos(day, "mon]"), "day 'mon' is listed twice in business_hours"));
    const std::string time = Edit(good, "\"08:30\"", "8.30");
    EXPECT_TRUE(HasError(ModelDiags(time), MPos(time, "8.30"), "open of business_hours must be a 24-hour time such as \"08:30\", got '8.30'"));
    const std::string backwards = Edit(good, "close: \"17:00\"", "close: \"08:00\"");
    EXPECT_TRUE(HasError(ModelDiags(backwards), MPos(backwards, "\"08:00\""), "business_hours close (08:00) must be after open (08:30)"));
    const std::string clock = Edit(kModel, "resolution: 8h}", "resolution: 8h, clock: office}");
    EXPECT_TRUE(HasError(ModelDiags(clock), MPos(clock, "office"), "must be one of always, business_hours; got 'office'"));
}

//-----------------------------------------------------------------------------
// [SECTION] Lab
//-----------------------------------------------------------------------------

TEST(LabErrors, ModulesScenariosAndBudget) {
    MemoryFiles files = WithModel();
    files.m_files["mem/plan.yaml"] = ReadText(DataPath("plan_review.yaml"));
    files.m_files["mem/broken.yaml"] = "format: 1\nkind: plan_review\nid: b\ntitle: B\nsupport_model: models/tiered.yaml\nquestions: []\n";
    const std::string text = "format: 1\n"
                             "kind: lab\n"
                             "id: l\n"
                             "title: L\n"
                             "time_budget: 30m\n"
                             "pass_threshold: 150\n"
                             "modules:\n"
                             "  - {id: m1, title: M, type: scenario, duration: 20m, scenario: plan.yaml}\n"
                             "  - {id: m1, title: M, type: lecture, duration: 20m, text: T}\n"
                             "  - {id: m3, title: M, type: scenario, duration: 5m, scenario: missing.yaml}\n"
                             "  - {id: m4, title: M, type: scenario, duration: 5m, scenario: broken.yaml}\n"
                             "  - {id: m5, title: M, type: lecture, duration: 5m, scenario: plan.yaml}\n"
                             "  - {id: m6, title: M, type: scenario, duration: 5m, agenda: lunch}\n";
    const auto r = LoadLabText(text, "mem/lab.yaml", files.Reader());
    const auto& d = r.m_diagnostics;
    const auto at = [&](const std::string& needle, int nth = 1) { return Pos(text, needle, nth, "mem/lab.yaml"); };
    EXPECT_TRUE(HasError(d, at("150"), "'pass_threshold' in lab 'l' must be between 0 and 100, got 150"));
    EXPECT_TRUE(HasError(d, at("m1", 2), "duplicate module id 'm1' (first at line 8)"));
    EXPECT_TRUE(HasError(d, at("missing.yaml"), "cannot read scenario 'missing.yaml' of module 'm3': no such file"));
    EXPECT_TRUE(HasError(d, at("broken.yaml"), "scenario 'broken.yaml' of module 'm4' is invalid (1 errors, listed with its path)"));
    EXPECT_TRUE(HasError(d, "mem/broken.yaml:6:12", "'questions' in scenario 'b' needs at least 1 item"));
    EXPECT_TRUE(HasError(d, at("scenario: plan.yaml", 2), "'scenario' is not allowed in module 'm5' when type is lecture"));
    EXPECT_TRUE(HasError(d, at("{id: m5"), "missing required key 'text' in module 'm5' (required when type is lecture)"));
    EXPECT_TRUE(HasError(d, at("{id: m6"), "missing required key 'scenario' in module 'm6' (required when type is scenario)"));
    EXPECT_TRUE(HasError(d, at("lunch"), "'agenda' in module 'm6' must be one of plan_review, overview, troubleshooting, tools_and_resources, qa, debrief; got 'lunch'"));
    EXPECT_TRUE(HasWarning(d, "mem/lab.yaml:5:14", "the modules take 1h00m, more than the lab's time_budget of 30m"));
    EXPECT_EQ(CountErrors(d), 9) << Dump(d);
}

TEST(LabErrors, AScenarioModuleMustBeAScenario) {
    MemoryFiles files = WithModel();
    const std::string text = "format: 1\nkind: lab\nid: l\ntitle: L\nmodules:\n"
                             "  - {id: m1, title: M, type: scenario, duration: 20m, scenario: models/tiered.yaml}\n";
    const auto r = LoadLabText(text, "mem/lab.yaml", files.Reader());
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/lab.yaml:6:65", "scenario 'models/tiered.yaml' of module 'm1' is invalid"));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/models/tiered.yaml:3:7", "expected a scenario"));
}

} // namespace
} // namespace sl::test
