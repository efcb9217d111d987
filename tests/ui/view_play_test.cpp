// SupportLab UI tests: a whole shipped scenario played through the UI by clicks and typing; the
// stored score must equal a replay of the stored actions and `supportlab-cli play` on them.
#include "flows.hpp"

#include "core/scoring.hpp"
#include "store/sqlite_store.hpp"
#include "ui/paths.hpp"
#include "ui/profiles.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace sl::ui::test {

namespace {

std::vector<std::string> VisibleWithPrefix(Harness& h, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& [key, rect] : h.S().m_hooks.m_items)
        if (key.rfind(prefix, 0) == 0 && h.Has(key)) out.push_back(key);
    return out;
}

// Works one ticket the way a careful trainee would, following the answer key's decisions.
void WorkTicket(Harness& h, const Scenario& sc, const TicketState& state) {
    const Ticket& t = *state.m_def;
    const std::string id = t.m_id;
    h.Click("queue/row/" + id);
    if (h.Has("ticket/ack")) h.Click("ticket/ack");
    // Investigate: every question and diagnostic on offer, and the required steps as they open up.
    for (int round = 0; round < 40; ++round) {
        bool acted = false;
        for (const char* kind : {"ticket/ask/", "ticket/diagnose/"}) {
            const auto keys = VisibleWithPrefix(h, kind);
            if (!keys.empty()) {
                h.Click(keys.front());
                acted = true;
                break;
            }
        }
        if (acted) continue;
        for (const Step& st : t.m_steps)
            if (st.m_kind == StepKind::Required && h.Has("ticket/step/" + st.m_id)) {
                h.Click("ticket/step/" + st.m_id);
                acted = true;
                break;
            }
        if (!acted) break;
    }
    const TicketAnswer& a = t.m_answer;
    Triage(h, a.m_category, a.m_impact, a.m_urgency);
    if (a.m_elevationNeeded && h.Has("ticket/elevate")) h.Click("ticket/elevate");
    if (!a.m_incident.empty()) {
        h.Fill("ticket/incident", a.m_incident);
        h.Click("ticket/link");
    }
    const std::string route = ExpectedRoute(sc, t);
    if (route == "resolve")
        Resolve(h, id, a.m_resolutionCodes.empty() ? std::string("fixed") : a.m_resolutionCodes.front());
    else
        Escalate(h, id, route, "Checked the basics; details and findings are in the ticket.", a.m_requestSeverity);
}

std::string Slurp(const std::string& path) {
    std::string s;
    ReadSmallFile(path, s, 1 << 24);
    return s;
}

// The number after "key": in the CLI's JSON.
double JsonNumber(const std::string& json, const std::string& key) {
    const size_t at = json.find("\"" + key + "\":");
    if (at == std::string::npos) return NAN;
    return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

} // namespace

TEST(UiFullPlay, ShippedScenarioPlayedByClicksScoresLikeTheCli) {
    HarnessOptions o;
    o.m_scenarioDir = SUPPORTLAB_SCENARIO_DIR;
    o.m_display = ImVec2(1700, 3000); // the whole ticket detail on screen
    Harness h(o);
    std::shared_ptr<const Scenario> sc;
    std::string path;
    for (const LibraryEntry& e : h.S().m_library.m_entries)
        if (e.m_scenario && e.m_scenario->m_kind == ScenarioKind::CommonIssues && (!sc || e.m_scenario->m_id == "common-os")) {
            sc = e.m_scenario;
            path = e.m_path;
        }
    if (!sc) GTEST_SKIP() << "no valid common-issues scenario in " << SUPPORTLAB_SCENARIO_DIR;
    CreateProfile(h, "Full Play", "C1");
    h.Click("pick/scenario/" + sc->m_id);
    ASSERT_TRUE(h.S().m_trainee.m_run);
    PauseClock(h);
    ScenarioRun& run = *h.S().m_trainee.m_run;
    for (int guard = 0; guard < 200 && !run.Sim().Finished(); ++guard) {
        const TicketState* next = nullptr;
        for (const TicketState& t : run.Sim().Tickets())
            if (IsWorkable(t) && !next) next = &t;
        if (next) {
            WorkTicket(h, *sc, *next);
        } else if (h.Has("run/wait")) {
            h.Click("run/wait");
        } else {
            h.Frame();
        }
    }
    ASSERT_TRUE(run.Sim().Finished()) << "every ticket handled through the UI";
    EXPECT_TRUE(run.m_lastError.empty()) << run.m_lastError;
    h.Click("run/finish");
    ASSERT_EQ(run.m_phase, RunPhase::Debrief);
    const RowId attemptId = run.m_recorder->AttemptId();
    auto stored = h.S().m_store->Scores(attemptId);
    ASSERT_TRUE(stored);
    EXPECT_GT(stored->m_total, 0.0);
    EXPECT_DOUBLE_EQ(stored->m_total, run.m_report->m_total) << "the debrief shows what was stored";

    // The committed event log, as an action script.
    auto attempt = h.S().m_store->GetAttempt(attemptId);
    auto events = h.S().m_store->Events(attemptId);
    ASSERT_TRUE(attempt && events);
    std::string script = "seed " + std::to_string(attempt->m_seed) + "\n";
    for (const Event& e : events.Value()) script += "at " + std::to_string(e.m_simTime) + "\n" + e.m_actionText + "\n";
    EXPECT_EQ(script, FormatRunScript(run.Sim())) << "the event log holds every action the UI applied";

    // A fresh replay of that script in the core gives the stored score.
    ScriptParseResult parsed = ParseActionScript(script);
    ASSERT_TRUE(parsed.Ok());
    Simulation replay(*sc, attempt->m_seed);
    for (const Action& a : parsed.m_script.m_actions) {
        if (a.m_type == ActionType::WaitUntil) {
            replay.AdvanceTo(a.m_duration);
            continue;
        }
        ASSERT_TRUE(replay.Apply(a).m_ok) << FormatAction(a);
    }
    const ScoreReport core = Score(replay);
    EXPECT_DOUBLE_EQ(core.m_total, stored->m_total);
    EXPECT_DOUBLE_EQ(core.m_max, stored->m_max);
    for (int d = 0; d < kDimensionCount; ++d) EXPECT_DOUBLE_EQ(core.m_byDimension[d].m_score, stored->m_byDimension[d].m_score) << d;

    // And `supportlab-cli play` on the same actions agrees, printed and stored.
    const std::string cli = SUPPORTLAB_BINARY_DIR "/src/cli/supportlab-cli";
    if (!std::filesystem::exists(cli)) GTEST_SKIP() << "supportlab-cli is not built";
    const std::string scriptFile = h.Dir() + "/actions.txt";
    ASSERT_EQ(WriteFileAtomic(scriptFile, script), "");
    const std::string cliDb = h.Dir() + "/cli.db";
    const std::string cmd = "'" + cli + "' play '" + path + "' --actions '" + scriptFile + "' --json --trainee 'Full Play' --db '" + cliDb +
                            "' > '" + h.Dir() + "/cli.json' 2> '" + h.Dir() + "/cli.err'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << Slurp(h.Dir() + "/cli.err");
    const std::string json = Slurp(h.Dir() + "/cli.json");
    EXPECT_EQ(json, FormatScoreJson(core) + (json.size() && json.back() == '\n' && FormatScoreJson(core).back() != '\n' ? "\n" : ""))
        << "the CLI prints the same breakdown";
    EXPECT_NEAR(JsonNumber(json, "total"), stored->m_total, 0.005);
    EXPECT_NEAR(JsonNumber(json, "max"), stored->m_max, 0.005);
    auto cliStore = OpenStore(cliDb);
    ASSERT_TRUE(cliStore);
    AttemptFilter all;
    auto cliAttempts = cliStore.Value()->Attempts(all);
    ASSERT_TRUE(cliAttempts);
    ASSERT_EQ(cliAttempts.Value().size(), 1u);
    auto cliScores = cliStore.Value()->Scores(cliAttempts.Value()[0].m_id);
    ASSERT_TRUE(cliScores);
    EXPECT_DOUBLE_EQ(cliScores->m_total, stored->m_total) << "the CLI stores the same score as the UI";
    EXPECT_DOUBLE_EQ(cliScores->m_max, stored->m_max);
    std::printf("full play of %s through the UI: %zu actions, score %.2f / %.2f (UI, core replay and CLI agree)\n", sc->m_id.c_str(),
                events->size(), stored->m_total, stored->m_max);
}

// A narrow window (a laptop with the app beside a document): nothing in the ticket is cut off at
// the panel's edge. A long step's button wraps with its cost; the priority labels move to a new line.
TEST(UiPlay, ANarrowWindowCutsNoLabelOfTheTicket) {
    HarnessOptions o;
    o.m_scenarioDir = SUPPORTLAB_SCENARIO_DIR;
    o.m_display = ImVec2(800, 1400);
    Harness h(o);
    CreateProfile(h, "Ana", "C1");
    ASSERT_TRUE(h.Click("pick/scenario/common-os"));
    PauseClock(h);
    const std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Retry the update from Settings > Windows Update and restart (15m)")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "priority Low (intake form)")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "= Low")) << screen;
    // A subject wider than its column ends in "..." (and shows whole on hover), never mid-letter.
    EXPECT_TRUE(ScreenHas(screen, "... Low")) << screen;
}

} // namespace sl::ui::test
