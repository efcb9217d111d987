// SupportLab UI tests: the lead's dashboard — matrix and grading, pass threshold, skills, item
// analysis with flags, attempt replay, CSV/xAPI export.
#include "flows.hpp"

#include "store/attempt_recorder.hpp"
#include "ui/paths.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include <filesystem>

namespace sl::ui::test {

namespace {

std::shared_ptr<const Scenario> Find(Harness& h, const std::string& id) {
    for (const LibraryEntry& e : h.S().m_library.m_entries)
        if (e.m_scenario && e.m_scenario->m_id == id) return e.m_scenario;
    return nullptr;
}

// Stores a scripted attempt the way `supportlab-cli play --db --trainee` does.
RowId Record(Harness& h, const std::string& scenario, const std::string& trainee, const std::string& cohort,
             const std::string& script, bool inLab = true) {
    auto sc = Find(h, scenario);
    EXPECT_TRUE(sc) << scenario;
    if (!sc) return 0;
    ScriptParseResult parsed = ParseActionScript(script);
    EXPECT_TRUE(parsed.Ok()) << script;
    ScriptedAttemptOptions o;
    o.m_traineeName = trainee;
    o.m_cohort = cohort;
    o.m_seed = 5;
    if (inLab) {
        o.m_labId = "ui-lab";
        o.m_moduleId = scenario == "ui-review" ? "review" : "tickets";
    }
    WallTime wall = h.m_wall;
    auto r = RecordScriptedAttempt(*h.S().m_store, *sc, parsed.m_script.m_actions, o, [&wall] { return wall += 1000; });
    EXPECT_TRUE(r) << (r ? "" : r.Error().m_message);
    return r ? r.Value().m_attemptId : 0;
}

const char* kAllRight = "answer q-single t1\nanswer q-multi a c\nanswer q-match d1=hd d2=mdm\nanswer q-order o1 o2 o3\n";
const char* kAllWrong = "answer q-single t3\nanswer q-multi b\nanswer q-match d1=mdm d2=hd\nanswer q-order o3 o2 o1\n";
const char* kHalf = "answer q-single t1\nanswer q-multi a c\nanswer q-match d1=mdm d2=hd\nanswer q-order o3 o2 o1\n";

// Four trainees in C1 and one in C2; Bo tries twice (wrong, then right).
void Seed(Harness& h) {
    LabInfo lab;
    lab.m_labId = "ui-lab";
    lab.m_title = "UI test lab";
    lab.m_passThreshold = 60;
    ASSERT_TRUE(h.S().m_store->PutLab(lab));
    Record(h, "ui-review", "Ann", "C1", kAllRight);
    Record(h, "ui-review", "Bo", "C1", kAllWrong);
    Record(h, "ui-review", "Cy", "C1", kHalf);
    Record(h, "ui-review", "Di", "C1", kHalf);
    Record(h, "ui-review", "Bo", "C1", kAllRight);
    Record(h, "ui-review", "Eve", "C2", kAllRight);
    Record(h, "ui-tickets", "Ann", "C1", "ack t-boot\nask t-boot since\nstep t-boot rollback\nresolve t-boot fixed\n");
}

const MatrixRow* Row(Harness& h, const std::string& name) {
    if (!h.S().m_lead.m_data.m_matrix) return nullptr;
    for (const MatrixRow& r : h.S().m_lead.m_data.m_matrix->m_rows)
        if (r.m_trainee.m_name == name) return &r;
    return nullptr;
}

int Column(Harness& h, const std::string& scenario) {
    const auto& sc = h.S().m_lead.m_data.m_matrix->m_scenarios;
    return static_cast<int>(std::find(sc.begin(), sc.end(), scenario) - sc.begin());
}

} // namespace

TEST(UiLead, MatrixFollowsCohortAndGrading) {
    Harness h;
    Seed(h);
    h.Unlock("lead");
    ASSERT_EQ(h.S().m_role, AppRole::Lead);
    for (const char* n : {"Ann", "Bo", "Cy", "Di", "Eve"}) EXPECT_TRUE(h.Has(std::string("matrix/row/") + n)) << n;
    EXPECT_TRUE(h.Has("matrix/histogram"));
    Choose(h, "lead/cohort", "lead/cohort/C1");
    EXPECT_EQ(h.S().m_lead.m_cohort, "C1");
    EXPECT_TRUE(h.Has("matrix/row/Ann"));
    EXPECT_FALSE(h.Has("matrix/row/Eve"));
    const int review = Column(h, "ui-review");
    ASSERT_TRUE(Row(h, "Bo"));
    EXPECT_DOUBLE_EQ(*Row(h, "Bo")->m_cells[static_cast<size_t>(review)].m_percent, 100.0) << "highest attempt";
    EXPECT_TRUE(ScreenHas(h.FrameText(), "100%"));
    Choose(h, "lead/grading", "lead/grading/first");
    const double first = *Row(h, "Bo")->m_cells[static_cast<size_t>(review)].m_percent;
    EXPECT_LT(first, 10.0) << "first attempt (ordering gives a little partial credit)";
    Choose(h, "lead/grading", "lead/grading/average");
    EXPECT_DOUBLE_EQ(*Row(h, "Bo")->m_cells[static_cast<size_t>(review)].m_percent, (first + 100.0) / 2) << "average";
    // Ann has not touched ui-exam? The matrix lists only scenarios with attempts; Ann's tickets show.
    EXPECT_LT(Column(h, "ui-tickets"), static_cast<int>(h.S().m_lead.m_data.m_matrix->m_scenarios.size()));
    // Columns by title, the id on hover.
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "UI test tickets")) << text;
    ASSERT_TRUE(h.Has("matrix/column/ui-tickets"));
    const ItemRect r = h.S().m_hooks.m_items["matrix/column/ui-tickets"];
    ImGui::GetIO().MousePos = ImVec2((r.m_min.x + r.m_max.x) / 2, (r.m_min.y + r.m_max.y) / 2);
    h.Frame(2);
    EXPECT_TRUE(ScreenHas(h.ScreenText(), "Scenario id: ui-tickets"));
}

TEST(UiLead, SelfPracticeCanBeLeftOutOfGrading) {
    Harness h;
    Seed(h); // every seeded attempt is self-practice (no lab session)
    h.Unlock("lead");
    ASSERT_TRUE(h.S().m_lead.m_data.m_matrix);
    ASSERT_FALSE(h.S().m_lead.m_data.m_matrix->m_scenarios.empty());
    h.Click("lead/sessions-only");
    h.Frame(2);
    ASSERT_TRUE(h.S().m_lead.m_data.m_matrix);
    EXPECT_TRUE(h.S().m_lead.m_data.m_matrix->m_scenarios.empty()) << "no attempt was made in a lab session";
    h.Click("lead/sessions-only");
    h.Frame(2);
    EXPECT_FALSE(h.S().m_lead.m_data.m_matrix->m_scenarios.empty());
}

TEST(UiLead, PassThresholdIsSetPerLab) {
    Harness h;
    Seed(h);
    h.Unlock("lead");
    EXPECT_FALSE(h.Has("lead/threshold")) << "only with a lab chosen";
    Choose(h, "lead/lab", "lead/lab/ui-lab");
    ASSERT_TRUE(h.Has("lead/threshold"));
    EXPECT_FLOAT_EQ(h.S().m_lead.m_threshold, 60.0f);
    const int review = Column(h, "ui-review");
    EXPECT_TRUE(*Row(h, "Cy")->m_cells[static_cast<size_t>(review)].m_passed) << "Cy's score is at least 60%";
    h.Fill("lead/threshold", "95");
    h.Click("lead/threshold/save");
    h.Frame();
    auto labs = h.S().m_store->Labs();
    ASSERT_TRUE(labs);
    ASSERT_EQ(labs.Value().size(), 1u);
    EXPECT_DOUBLE_EQ(labs.Value()[0].m_passThreshold, 95.0);
    EXPECT_FALSE(*Row(h, "Cy")->m_cells[static_cast<size_t>(review)].m_passed);
    EXPECT_TRUE(*Row(h, "Ann")->m_cells[static_cast<size_t>(review)].m_passed);
    h.Fill("lead/threshold", "250");
    h.Click("lead/threshold/save");
    EXPECT_NE(h.S().m_lead.m_message.find("0 to 100"), std::string::npos);
}

TEST(UiLead, SkillsAndItemAnalysisWithFlags) {
    Harness h;
    Seed(h);
    h.Unlock("lead");
    h.Click("lead/tab/skills");
    EXPECT_TRUE(h.Has("skills/histogram"));
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "The cohort by skill"));
    EXPECT_TRUE(ScreenHas(text, "Plan knowledge"));
    h.Click("lead/tab/items");
    ASSERT_TRUE(h.S().m_lead.m_data.m_items);
    const ItemAnalysis& a = *h.S().m_lead.m_data.m_items;
    int flagged = 0;
    for (const ItemStat& it : a.m_items) flagged += (it.m_facilityFlag || it.m_discriminationFlag) ? 1 : 0;
    ASSERT_GT(flagged, 0);
    ASSERT_LT(flagged, static_cast<int>(a.m_items.size()));
    EXPECT_TRUE(h.Has("items/row/q-single"));
    EXPECT_TRUE(h.Has("items/caution")) << "a handful of seeded attempts: the figures are hints";
    EXPECT_TRUE(ScreenHas(h.FrameText(), "read them as hints, not verdicts"));
    h.Click("items/only-flagged");
    for (const ItemStat& it : a.m_items) {
        const std::string key = "items/row/" + it.m_itemId + (it.m_dimension ? std::string("/") + ToString(*it.m_dimension) : "");
        EXPECT_EQ(h.Has(key), it.m_facilityFlag || it.m_discriminationFlag) << key;
    }
}

TEST(UiLead, ReplayStepsThroughAnAttempt) {
    Harness h;
    Seed(h);
    h.Unlock("lead");
    AttemptFilter f;
    f.m_scenarioId = "ui-tickets";
    auto tickets = h.S().m_store->Attempts(f);
    ASSERT_TRUE(tickets);
    ASSERT_EQ(tickets.Value().size(), 1u);
    const RowId id = tickets.Value()[0].m_id;
    h.Click("lead/tab/replay");
    ASSERT_TRUE(h.Has("replay/attempt/" + std::to_string(id)));
    h.Click("replay/attempt/" + std::to_string(id));
    ReplayState& r = h.S().m_lead.m_replay;
    ASSERT_TRUE(r.m_timeline);
    ASSERT_EQ(r.m_timeline->m_entries.size(), 4u);
    EXPECT_EQ(r.m_step, 4);
    ASSERT_TRUE(r.m_sim);
    EXPECT_EQ(r.m_sim->FindTicket("t-boot")->m_status, TicketStatus::Resolved);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "step t-boot rollback"));
    // The scenario is in the library: each effect is taken apart by dimension, loaded once.
    ASSERT_TRUE(r.m_timeline->m_entries[0].m_breakdown.has_value()) << r.m_note;
    EXPECT_TRUE(ScreenHas(h.FrameText(), "By dimension"));
    double total = 0;
    for (const TimelineEntry& e : r.m_timeline->m_entries) total += e.m_breakdown->m_total;
    EXPECT_NEAR(total, *r.m_timeline->m_attempt.m_score - r.m_timeline->m_attempt.m_startScore.value_or(0), 1e-6);
    h.Click("replay/prev");
    EXPECT_EQ(r.m_step, 3);
    EXPECT_NE(r.m_sim->FindTicket("t-boot")->m_status, TicketStatus::Resolved);
    EXPECT_TRUE(r.m_sim->FindTicket("t-boot")->m_fixed);
    h.Click("replay/first");
    EXPECT_EQ(r.m_step, 0);
    EXPECT_TRUE(r.m_sim->FindTicket("t-boot")->m_knownFacts.empty());
    h.Click("replay/next");
    EXPECT_EQ(r.m_step, 1);
    EXPECT_TRUE(r.m_sim->FindTicket("t-boot")->m_firstResponseAt);
}

TEST(UiLead, ExportsCsvAndXapiToAPromptedPath) {
    Harness h;
    Seed(h);
    h.Unlock("lead");
    h.Click("lead/export/csv");
    h.Frame();
    ASSERT_TRUE(h.Has("export/path"));
    EXPECT_NE(h.S().m_lead.m_export.m_path.find(".csv"), std::string::npos) << "a default path is offered";
    // A folder that does not exist: a clear message, nothing written.
    h.Fill("export/path", h.Dir() + "/missing/out.csv");
    h.Click("export/confirm");
    EXPECT_NE(h.S().m_lead.m_export.m_error.find("does not exist"), std::string::npos);
    EXPECT_TRUE(h.Has("export/confirm")) << "the prompt stays open";
    const std::string csv = h.Dir() + "/results.csv";
    h.Fill("export/path", csv);
    EXPECT_EQ(h.S().m_lead.m_export.m_path, csv);
    h.Click("export/confirm");
    EXPECT_FALSE(h.Has("export/confirm")) << h.S().m_lead.m_export.m_error;
    std::string text;
    ASSERT_TRUE(ReadSmallFile(csv, text));
    EXPECT_NE(text.find("Ann"), std::string::npos);
    EXPECT_NE(text.find("\r\n"), std::string::npos) << "RFC 4180 line ends";
    const std::string xapi = h.Dir() + "/results.xapi.json";
    h.Click("lead/export/xapi");
    h.Frame();
    h.Fill("export/path", xapi);
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Enter]);
    ASSERT_TRUE(ReadSmallFile(xapi, text));
    EXPECT_NE(text.find("\"actor\""), std::string::npos);
    EXPECT_NE(text.find("\"verb\""), std::string::npos);
    EXPECT_NE(text.find("\"scaled\""), std::string::npos);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Exported to"));
}

TEST(UiLead, TheXapiHomePageIsSetInTheAppAndKept) {
    Harness h;
    Seed(h);
    h.Unlock("lead");
    h.Click("lead/export/xapi");
    h.Frame();
    ASSERT_TRUE(h.Has("export/homepage"));
    EXPECT_EQ(h.S().m_lead.m_export.m_homePage, kDefaultXapiHomePage);
    const std::string out = h.Dir() + "/org.xapi.json";
    h.Fill("export/path", out);
    h.Fill("export/homepage", "not a url");
    h.Click("export/confirm");
    EXPECT_NE(h.S().m_lead.m_export.m_error.find("Home page"), std::string::npos) << h.S().m_lead.m_export.m_error;
    EXPECT_FALSE(std::filesystem::exists(out)) << "nothing written with a bad home page";
    h.Fill("export/homepage", "https://lms.example.org");
    h.Click("export/confirm");
    std::string text;
    ASSERT_TRUE(ReadSmallFile(out, text)) << h.S().m_lead.m_export.m_error;
    EXPECT_NE(text.find("\"homePage\": \"https://lms.example.org\""), std::string::npos) << text.substr(0, 600);
    // Kept for the next start.
    h.Restart();
    EXPECT_EQ(h.S().m_lead.m_xapiHomePage, "https://lms.example.org");
}

// A symlink planted where the lead exports never redirects the write to its target.
TEST(UiLead, ExportThroughAPlantedSymlinkLeavesItsTargetAlone) {
    Harness h;
    Seed(h);
    h.Unlock("lead");
    const std::string victim = h.Dir() + "/victim.txt";
    std::ofstream(victim) << "precious\n";
    const std::string out = h.Dir() + "/planted.csv";
    std::filesystem::create_symlink(victim, out);
    h.Click("lead/export/csv");
    h.Frame();
    h.Fill("export/path", out);
    h.Frame(); // the dialog grows by the "will be replaced" line
    EXPECT_TRUE(ScreenHas(h.FrameText(), "will be replaced"));
    h.Click("export/confirm");
    EXPECT_FALSE(h.Has("export/confirm")) << h.S().m_lead.m_export.m_error;
    std::string text;
    ASSERT_TRUE(ReadSmallFile(victim, text));
    EXPECT_EQ(text, "precious\n");
    EXPECT_FALSE(std::filesystem::is_symlink(out));
    ASSERT_TRUE(ReadSmallFile(out, text));
    EXPECT_NE(text.find("Ann"), std::string::npos);
}

// Lab runs as the app writes them. In C1: Ann 2/4 on tickets after 1200 s (0:20), Bo finished
// 4/4 in 4200 s (1:10), Di 1/4 on review after 60 s (0:01), Cy not started; Eve (C2) 1/4, 7200 s.
// C1: 1 of 4 finished, 3 started, median of 60, 1200, 4200 = 1200 s (0:20).
void SeedLabRuns(Harness& h) {
    Store& st = *h.S().m_store;
    auto run = [&](const char* name, std::vector<LabModuleMark> marks, bool finish) {
        auto t = st.FindTrainee(name);
        ASSERT_TRUE(t.Ok()) << name;
        LabRunRecord in;
        in.m_traineeId = t->m_id;
        in.m_labId = "ui-lab";
        in.m_startedWall = h.m_wall;
        auto r = st.StartLabRun(in);
        ASSERT_TRUE(r.Ok()) << r.Error().m_message;
        for (const LabModuleMark& m : marks) ASSERT_TRUE(st.PutLabModuleMark(r->m_id, m).Ok());
        if (finish) {
            ASSERT_TRUE(st.FinishLabRun(r->m_id, h.m_wall + 1).Ok());
        }
    };
    run("Ann", {{"intro", true, 300, 1}, {"review", true, 900, 1}}, false);
    run("Bo", {{"intro", true, 600, 1}, {"review", true, 1200, 1}, {"tickets", true, 2100, 1}, {"qa", true, 300, 1}}, true);
    run("Di", {{"intro", true, 60, 1}}, false);
    run("Eve", {{"intro", true, 7200, 1}}, false);
}

// The names of the lab progress rows from top to bottom, as drawn.
std::vector<std::string> LabRowsOnScreen(Harness& h) {
    std::vector<std::pair<float, std::string>> rows;
    for (const auto& [key, rect] : h.S().m_hooks.m_items)
        if (key.rfind("labs/row/", 0) == 0 && h.Has(key)) rows.emplace_back(rect.m_min.y, key.substr(9));
    std::sort(rows.begin(), rows.end());
    std::vector<std::string> out;
    for (auto& r : rows) out.push_back(r.second);
    return out;
}

TEST(UiLead, LabProgressShowsEachTraineeWithABarAndSortsByTime) {
    Harness h;
    Seed(h);
    SeedLabRuns(h);
    h.Unlock("lead");
    h.Click("lead/tab/labs");
    EXPECT_EQ(h.S().m_lead.m_tab, LeadTab::Labs);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Choose a lab above")) << "no lab chosen yet";
    Choose(h, "lead/lab", "lead/lab/ui-lab");
    ASSERT_TRUE(h.S().m_lead.m_labs.m_report) << h.S().m_lead.m_labs.m_note;
    EXPECT_EQ(LabRowsOnScreen(h), (std::vector<std::string>{"Ann", "Bo", "Di", "Eve"})) << "every cohort: those with runs";
    Choose(h, "lead/cohort", "lead/cohort/C1");
    const LabProgressReport& r = *h.S().m_lead.m_labs.m_report;
    ASSERT_EQ(r.m_rows.size(), 4u);
    EXPECT_EQ(r.m_finished, 1);
    EXPECT_EQ(r.m_started, 3);
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "1 of 4 trainees finished · 3 started · median time in the lab 0:20 (of those finished 1:10)")) << text;
    EXPECT_TRUE(ScreenHas(text, "2 / 4")) << "Ann's bar";
    EXPECT_TRUE(ScreenHas(text, "not started")) << "Cy";
    EXPECT_TRUE(ScreenHas(text, "Tickets")) << "Ann's current module, by title";
    for (const char* n : {"Ann", "Bo", "Cy", "Di"}) EXPECT_TRUE(h.Has(std::string("labs/bar/") + n)) << n;
    EXPECT_FALSE(h.Has("labs/row/Eve")) << "another cohort";
    EXPECT_EQ(LabRowsOnScreen(h), (std::vector<std::string>{"Ann", "Bo", "Cy", "Di"})) << "by name at first";

    // Time sorts longest first, then shortest first.
    ASSERT_TRUE(h.Click("labs/sort/time"));
    h.Frame();
    EXPECT_EQ(LabRowsOnScreen(h), (std::vector<std::string>{"Bo", "Ann", "Di", "Cy"}));
    ASSERT_TRUE(h.Click("labs/sort/time"));
    h.Frame();
    EXPECT_EQ(LabRowsOnScreen(h), (std::vector<std::string>{"Cy", "Di", "Ann", "Bo"}));
    // A refresh keeps the chosen sort.
    h.Click("lead/refresh");
    h.Frame();
    EXPECT_EQ(LabRowsOnScreen(h), (std::vector<std::string>{"Cy", "Di", "Ann", "Bo"}));
}

// The lead sets a threshold and sees who marked a module done faster than that: Di's intro took
// 60 s; Ann's and Bo's took 5 and 10 minutes.
TEST(UiLead, LabProgressFlagsModulesDoneFasterThanTheLeadsThreshold) {
    Harness h;
    Seed(h);
    SeedLabRuns(h);
    h.Unlock("lead");
    h.Click("lead/tab/labs");
    Choose(h, "lead/lab", "lead/lab/ui-lab");
    EXPECT_FALSE(ScreenHas(h.FrameText(), "marked a module done in under")) << "off until set";
    ASSERT_TRUE(h.Fill("labs/fastunder", "2"));
    h.Frame(2);
    EXPECT_EQ(h.S().m_lead.m_fastUnderMinutes, 2);
    const LabProgressReport& r = *h.S().m_lead.m_labs.m_report;
    EXPECT_EQ(r.m_flagged, 1);
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "1 trainee(s) marked a module done in under 2 min")) << text;
    EXPECT_TRUE(ScreenHas(text, "intro")) << text;
}

// Item analysis at 1280x720: an item's title wraps in the widest column instead of being cut.
TEST(UiLead, ItemTitlesAreWholeAt1280x720) {
    HarnessOptions o;
    o.m_display = ImVec2(1280, 720);
    Harness h(o);
    Seed(h);
    h.Unlock("lead");
    h.Click("lead/tab/items");
    ASSERT_TRUE(h.S().m_lead.m_data.m_items);
    const std::string screen = h.FrameText();
    int shown = 0;
    for (const ItemStat& it : h.S().m_lead.m_data.m_items->m_items) {
        const std::string key = "items/row/" + it.m_itemId + (it.m_dimension ? std::string("/") + ToString(*it.m_dimension) : "");
        if (!h.Has(key) || it.m_title.empty()) continue;
        ++shown;
        EXPECT_TRUE(ScreenHas(screen, it.m_title)) << it.m_title << "\n" << screen;
    }
    EXPECT_GT(shown, 0);
}

// The lead's toolbar in the default window on a 1280x800 screen (1152 pixels wide): the buttons
// that do not fit move to a second line instead of past the edge ("Export JS" was cut).
TEST(UiLead, TheToolbarWrapsInANarrowWindow) {
    HarnessOptions o;
    o.m_display = ImVec2(1152, 720);
    Harness h(o);
    h.Unlock("lead");
    const std::string screen = h.FrameText();
    for (const char* label : {"Export CSV...", "Export xAPI...", "Export JSON..."}) EXPECT_TRUE(ScreenHas(screen, label)) << label;
    EXPECT_TRUE(h.Has("lead/export/json"));
}

} // namespace sl::ui::test
