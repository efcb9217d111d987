// SupportLab app tests: server mode end to end — the app, signed in as a trainee, sits an assessment on a real server.
#include "../cli/cli_runner.hpp"
#include "../store/pg_cluster.hpp"
#include "../ui/harness.hpp"
#include "app/server_mode.hpp"
#include "ui/assessment_run.hpp"
#include "ui/run_control.hpp"
#include "ui/view_play_common.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

namespace sl::test {
namespace {

using ui::test::Harness;
using ui::test::HarnessOptions;
using ui::test::ScreenHas;

constexpr const char* kPassword = "pass-for-everyone-31";
const std::string kLib = std::string(SUPPORTLAB_UI_DATA_DIR) + "/lib";

// A cluster of its own (the test stops and starts it) with a trainer, a lead and trainee ana in
// cohort spring; the UI tests' ticket scenario published as assessment 1, assessed by a session of
// spring's. Ana's machine keeps its data (her outbox) in a folder of its own.
class AppServerMode : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        m_cluster = PgCluster::Start(&error);
        ASSERT_NE(m_cluster, nullptr) << error;
        m_dbName = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_dbName.empty()) << error;
        m_admin = m_cluster->Conninfo(m_dbName);
        ASSERT_EQ(RunCli({"server", "init", "--db", m_admin}).m_exit, 0);
        for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{{"tess", "trainer"}, {"lee", "lead"}, {"ana", "trainee"}}) {
            std::vector<std::string> args = {"server", "add-user", name, "--role", role, "--db", m_admin};
            if (role == "trainee") args.insert(args.end(), {"--cohort", "spring"});
            const CliResult r = RunCliWithInput(args, std::string(kPassword) + "\n");
            ASSERT_EQ(r.m_exit, 0) << r.m_err;
        }
        const CliResult published = RunCli({"server", "publish", kLib + "/scenarios/tickets.yaml", "--db", As("tess")});
        ASSERT_EQ(published.m_exit, 0) << published.m_err;
        EXPECT_EQ(published.m_err.find("ships with SupportLab"), std::string::npos) << "not a shipped scenario: " << published.m_err;
        const CliResult made = RunCli({"server", "new-session", "ui-lab", "--cohort", "spring", "--db", As("tess")});
        ASSERT_EQ(made.m_exit, 0) << made.m_err;
        m_session = Value("SELECT max(id) FROM supportlab.lab_sessions");
        const CliResult assessed = RunCli({"server", "session", m_session, "--assessment", "--assess", "1", "--db", As("tess")});
        ASSERT_EQ(assessed.m_exit, 0) << assessed.m_err;
        m_home = m_dir.string();
        ::setenv("XDG_DATA_HOME", m_home.c_str(), 1);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::string As(const std::string& user) const { return m_admin + " user=" + user + " password=" + kPassword; }
    std::string Value(const std::string& sql) const { return m_cluster->QueryValue(m_dbName, sql); }

    // Ana's app on the server: the real glue (UseServer), her password in the connection string
    // (as ~/.pgpass would give it), so the start's sign-in takes her to her start screen.
    HarnessOptions AnasApp() {
        HarnessOptions o;
        o.m_scenarioDir = kLib;
        o.m_configure = [this](ui::AppState& s) { app::UseServer(s.m_options, m_ctx, As("ana")); };
        return o;
    }

    // Frames (a quarter second of app time each) until done() holds, for at most `seconds` of real time.
    static bool Until(Harness& h, const std::function<bool()>& done, int seconds = 30) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (std::chrono::steady_clock::now() < end) {
            h.Frame(1, 0.25f);
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(40));
        }
        return false;
    }

    std::unique_ptr<PgCluster> m_cluster;
    std::string m_dbName, m_admin, m_session;
    std::filesystem::path m_dir = std::filesystem::temp_directory_path() /
                                  ("sl-app-" + std::to_string(::getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::string m_home;
    app::ServerContext m_ctx; // outlives the app state (declared before each test's Harness)
};

const TicketState* BySubject(const ui::ScenarioRun& run, const std::string& subject) {
    for (const TicketState& t : run.Sim().Tickets())
        if (t.m_def->m_subject == subject) return &t;
    return nullptr;
}

// Everything ana's machine holds under its data folder, as one string.
std::string EverythingUnder(const std::string& dir) {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) all += ReadWholeFile(entry.path().string());
    return all;
}

} // namespace

TEST_F(AppServerMode, ATraineeSitsAnAssessmentInTheAppThroughAnOutageAndReadsHerDebriefOnRelease) {
    Harness h(AnasApp());
    ui::AppState& s = h.S();
    ASSERT_TRUE(s.m_server.m_signedIn) << s.m_server.m_error;
    ASSERT_TRUE(Until(h, [&] { return !s.m_trainee.m_offers.empty(); })) << "the assessment is offered on her start screen";
    EXPECT_TRUE(ScreenHas(h.FrameText(), "1 of 1 left"));
    ASSERT_TRUE(h.Click("pick/assessment/1"));
    ASSERT_EQ(s.m_trainee.m_screen, ui::TraineeScreen::Scenario) << s.m_trainee.m_error;
    ui::ScenarioRun& run = *s.m_trainee.m_run;
    ASSERT_TRUE(run.Assessed());

    // Online: the supplier keeps the cracked screen, as the server says.
    const std::string screenId = BySubject(run, "Cracked screen")->m_def->m_id;
    Action escalate = ui::TicketAction(ActionType::Escalate, screenId, "vendor");
    escalate.m_note = "Dropped laptop, cracked screen: repair under warranty.";
    ASSERT_TRUE(ui::ApplyRunAction(s, run, escalate)) << run.m_lastError;
    ASSERT_TRUE(Until(h, [&] { return !BySubject(run, "Cracked screen")->m_routePending; }));
    EXPECT_EQ(BySubject(run, "Cracked screen")->m_status, TicketStatus::Escalated);

    // A step's result comes from the key on the server: the part here has no outcome text.
    const TicketState* boot = BySubject(run, "Laptop will not boot");
    const std::string bootId = boot->m_def->m_id;
    std::string ask, rollback;
    for (const Fact& f : boot->m_def->m_facts)
        if (f.m_prompt == "When did it start?") ask = f.m_id;
    for (const Step& st : boot->m_def->m_steps)
        if (st.m_text == "Roll back the update from recovery") rollback = st.m_id;
    ASSERT_TRUE(ui::ApplyRunAction(s, run, ui::TicketAction(ActionType::Ask, bootId, ask))) << run.m_lastError;
    ASSERT_TRUE(ui::ApplyRunAction(s, run, ui::TicketAction(ActionType::Step, bootId, rollback))) << run.m_lastError;
    ASSERT_TRUE(Until(h, [&] { return BySubject(run, "Laptop will not boot")->m_stepPending.empty(); }));
    EXPECT_EQ(run.m_lastOutcome, "The laptop starts normally.");

    // The server goes away: an escalation waits while she works the other ticket, and is answered
    // once the server is back.
    Action later;
    later.m_type = ActionType::WaitUntil;
    later.m_duration = 31 * 60;
    ASSERT_TRUE(ui::ApplyRunAction(s, run, later)) << run.m_lastError;
    std::string error;
    ASSERT_TRUE(m_cluster->StopServer(&error)) << error;
    const std::string lateId = BySubject(run, "Printer offline")->m_def->m_id;
    Action toTier2 = ui::TicketAction(ActionType::Escalate, lateId, "tier2");
    toTier2.m_note = "Floor 2 printer offline for everyone.";
    ASSERT_TRUE(ui::ApplyRunAction(s, run, toTier2)) << run.m_lastError;
    ASSERT_TRUE(Until(h, [&] { return s.m_server.m_sync.m_known && !s.m_server.m_sync.m_online; }, 20)) << "the status bar says offline";
    EXPECT_TRUE(BySubject(run, "Printer offline")->m_routePending);
    Action triage = ui::TicketAction(ActionType::Triage, bootId);
    triage.m_category = "os";
    triage.m_impact = "low";
    triage.m_urgency = "high";
    EXPECT_TRUE(ui::ApplyRunAction(s, run, triage)) << run.m_lastError;
    EXPECT_TRUE(ui::ApplyRunAction(s, run, ui::TicketAction(ActionType::Resolve, bootId, "fixed"))) << run.m_lastError;
    ASSERT_TRUE(m_cluster->StartServer(&error)) << error;
    ASSERT_TRUE(Until(h, [&] { return !BySubject(run, "Printer offline")->m_routePending; }, 40)) << "answered once back";

    // Handed in: nothing scored here; it reaches the server.
    ASSERT_TRUE(h.Click("run/finish"));
    ASSERT_TRUE(h.Click("finish/confirm"));
    ASSERT_EQ(run.m_phase, ui::RunPhase::Submitted);
    ASSERT_TRUE(Until(h, [&] { return ui::Delivered(s.m_server.m_sync, run); }));
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Everything has reached the server."));
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE ended_wall IS NOT NULL"), "1");

    // Nothing of the key reached her machine: not in her outbox, not anywhere under her data folder.
    const std::string disk = EverythingUnder(m_home);
    for (const char* secret : {"SECRET-BOOT-EXPLANATION", "SECRET-SCREEN-EXPLANATION", "SECRET-LATE-EXPLANATION",
                               "Facilitator note for the UI tests", "kind: harmful", "t-boot", "t-screen", "Wiping loses"})
        EXPECT_EQ(disk.find(secret), std::string::npos) << secret;

    // Staff: the lead's worker scores it, the trainer releases; her app then shows her debrief.
    ASSERT_TRUE(h.Click("submitted/back"));
    h.Frame(3);
    ASSERT_TRUE(h.Click("pick/results"));
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Submitted: results not released yet"));
    const CliResult scored = RunCli({"server", "score", "--db", As("lee")});
    ASSERT_EQ(scored.m_exit, 0) << scored.m_err;
    const CliResult released = RunCli({"server", "release", m_session, "--db", As("tess")});
    ASSERT_EQ(released.m_exit, 0) << released.m_err;
    ASSERT_TRUE(h.Click("pick/results"));
    const std::string uid = Value("SELECT uid FROM supportlab.attempts");
    ASSERT_TRUE(h.Click("pick/debrief/" + uid));
    const std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "SECRET-SCREEN-EXPLANATION")) << "released: the debrief explains\n" << screen;
    EXPECT_FALSE(ScreenHas(screen, "Submitted: results not released yet")) << screen;
}

} // namespace sl::test
