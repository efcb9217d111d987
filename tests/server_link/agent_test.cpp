// SupportLab server-link tests: signing in, and the delivery agent draining an outbox while the server goes down and comes back.
#include "../store/pg_cluster.hpp"
#include "../store/store_test_util.hpp"
#include "server_link/server_link.hpp"
#include "store/delivery.hpp"
#include "store/pg_admin.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace sl::test {
namespace {

constexpr const char* kAnaPassword = "ana-pass-77";

// A cluster of its own (the agent test stops it), migrated, with ana (trainee) and lee (lead).
class ServerLink : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        m_cluster = PgCluster::Start(&error);
        ASSERT_NE(m_cluster, nullptr) << error;
        m_dbName = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_dbName.empty()) << error;
        m_admin = m_cluster->Conninfo(m_dbName);
        ASSERT_TRUE(PgInitServer(m_admin).Ok());
        ASSERT_TRUE(PgAddUser(m_admin, PgNewUser{"ana", PgRole::Trainee, "spring", kAnaPassword}).Ok());
        ASSERT_TRUE(PgAddUser(m_admin, PgNewUser{"lee", PgRole::Lead, "", "lee-pass-88"}).Ok());
        ASSERT_TRUE(PgAddUser(m_admin, PgNewUser{"tess", PgRole::Trainer, "", "tess-pass-99"}).Ok());
        m_ana = m_admin + " user=ana";
    }
    std::string Value(const std::string& sql) const { return m_cluster->QueryValue(m_dbName, sql); }
    // Waits up to 20 s for the agent's status to satisfy `done`.
    static bool WaitFor(const DeliveryAgent& agent, const std::function<bool(const DeliveryStatus&)>& done) {
        for (int i = 0; i < 400; ++i) {
            if (done(agent.Status())) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    // An outbox at `path` holding ana's attempt with `events` actions ("wait 1m", seq 0..n-1).
    void StartOutbox(const std::string& path, int events) {
        auto opened = SqliteStore::Open(path);
        ASSERT_TRUE(opened.Ok());
        m_outbox = std::move(opened.Value());
        auto ana = m_outbox->FindOrAddTrainee("ana", "");
        ASSERT_TRUE(ana.Ok());
        m_outboxTrainee = ana->m_id;
        Attempt a;
        a.m_traineeId = ana->m_id;
        a.m_scenarioId = "common-test";
        auto attempt = m_outbox->StartAttempt(a);
        ASSERT_TRUE(attempt.Ok());
        m_outboxAttempt = attempt.Value();
        for (int seq = 0; seq < events; ++seq) AppendWait(seq);
    }
    void AppendWait(int seq) {
        ASSERT_TRUE(m_outbox->AppendEvent(Event{m_outboxAttempt.m_id, seq, seq * 60, 1000 + seq, "wait 1m", 1.0}).Ok());
    }
    DeliveryAgent::Options AnaAgent(const std::string& outboxPath) const {
        DeliveryAgent::Options o;
        o.m_conninfo = m_ana;
        o.m_password = kAnaPassword;
        o.m_outboxPath = outboxPath;
        o.m_interval = std::chrono::milliseconds(100);
        o.m_connectTimeoutS = 2;
        return o;
    }

    std::unique_ptr<PgCluster> m_cluster;
    std::string m_dbName, m_admin, m_ana;
    TempDir m_dir;
    std::unique_ptr<SqliteStore> m_outbox;
    RowId m_outboxTrainee = 0;
    Attempt m_outboxAttempt;
};

TEST_F(ServerLink, SignInSaysWhoItIsOrWhyNot) {
    auto ana = SignIn(m_ana, kAnaPassword);
    ASSERT_TRUE(ana.Ok()) << ana.Error().m_message;
    EXPECT_EQ(ana->m_role, PgSignedInRole::Trainee);
    EXPECT_EQ(ana->m_traineeName, "ana");
    auto lee = SignIn(m_admin + " user=lee", "lee-pass-88");
    ASSERT_TRUE(lee.Ok()) << lee.Error().m_message;
    EXPECT_EQ(lee->m_role, PgSignedInRole::Lead);
    EXPECT_EQ(lee->m_traineeName, "");
    auto tess = SignIn(m_admin + " user=tess", "tess-pass-99");
    ASSERT_TRUE(tess.Ok()) << tess.Error().m_message;
    EXPECT_EQ(tess->m_role, PgSignedInRole::Trainer);

    auto wrong = SignIn(m_ana, "not-her-password");
    ASSERT_FALSE(wrong.Ok());
    EXPECT_EQ(wrong.Error().m_kind, StoreErrorKind::Invalid) << wrong.Error().m_message;
    EXPECT_EQ(wrong.Error().m_message.find("not-her-password"), std::string::npos);
    ASSERT_EQ(m_cluster->Exec(m_dbName, "CREATE ROLE stray LOGIN PASSWORD 'stray-pass'"), "");
    auto stray = SignIn(m_admin + " user=stray", "stray-pass");
    ASSERT_FALSE(stray.Ok());
    EXPECT_NE(stray.Error().m_message.find("has no SupportLab role"), std::string::npos) << stray.Error().m_message;
    std::string error;
    ASSERT_TRUE(m_cluster->StopServer(&error)) << error;
    auto down = SignIn(m_ana, kAnaPassword, 2);
    ASSERT_FALSE(down.Ok());
    EXPECT_EQ(down.Error().m_kind, StoreErrorKind::Io) << down.Error().m_message;
}

TEST_F(ServerLink, TheAgentDrainsTheOutboxAndKeepsWorkWhileTheServerIsDown) {
    const std::string outboxPath = m_dir.File("outbox.db");
    ASSERT_NO_FATAL_FAILURE(StartOutbox(outboxPath, 3));
    SqliteStore& outbox = *m_outbox;
    const Attempt* attempt = &m_outboxAttempt;

    DeliveryAgent::Options o = AnaAgent(outboxPath);
    DeliveryAgent agent(o);
    ASSERT_TRUE(WaitFor(agent, [](const DeliveryStatus& s) { return s.m_online && s.m_waitingActions == 0; }))
        << agent.Status().m_problem;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events"), "3");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events WHERE score_after IS NOT NULL"), "0");

    // The server stops mid-lab: the trainee keeps working, the agent says offline and what waits.
    std::string error;
    ASSERT_TRUE(m_cluster->StopServer(&error)) << error;
    for (int seq = 3; seq < 5; ++seq) AppendWait(seq);
    agent.Nudge();
    ASSERT_TRUE(WaitFor(agent, [](const DeliveryStatus& s) { return !s.m_online && s.m_waitingActions == 2; }))
        << agent.Status().m_waitingActions << " " << agent.Status().m_problem;
    EXPECT_FALSE(agent.Status().m_problem.empty());
    EXPECT_EQ(agent.Status().m_problem.find(kAnaPassword), std::string::npos);

    // She finishes while offline (closing before the server returns: closing after it let a round
    // deliver the events first and report nothing waiting before the close was recorded).
    ASSERT_TRUE(outbox.CloseAttempt(attempt->m_id, 9000, 300).Ok());
    // Back: it drains by itself, each action once.
    ASSERT_TRUE(m_cluster->StartServer(&error)) << error;
    ASSERT_TRUE(WaitFor(agent, [](const DeliveryStatus& s) { return s.m_online && s.m_waitingAttempts == 0; }))
        << agent.Status().m_problem;
    EXPECT_EQ(Value("SELECT count(*) || ':' || max(seq) FROM supportlab.events"), "5:4");
    EXPECT_EQ(Value("SELECT finished FROM supportlab.attempts"), "t");
    EXPECT_EQ(agent.Status().m_deliveredActions, 5);
}

TEST_F(ServerLink, AnAgentThatReleasesWhenIdleHoldsNoConnectionBetweenRounds) {
    const std::string outboxPath = m_dir.File("outbox.db");
    ASSERT_NO_FATAL_FAILURE(StartOutbox(outboxPath, 3));
    SqliteStore& outbox = *m_outbox;
    const RowId anaId = m_outboxTrainee;
    const Attempt* attempt = &m_outboxAttempt;
    // ana's sessions on the server (a closed one ends its backend a moment later).
    auto anaSessions = [&] { return Value("SELECT count(*) FROM pg_stat_activity WHERE usename = 'ana'"); };
    auto noSessionSoon = [&] {
        for (int i = 0; i < 100 && anaSessions() != "0"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return anaSessions() == "0";
    };

    DeliveryAgent::Options o = AnaAgent(outboxPath);
    o.m_releaseWhenIdle = true;
    std::atomic<int> rounds{0};
    o.m_onRound = [&](const DeliveryStatus&) { ++rounds; };
    DeliveryAgent agent(o);
    ASSERT_TRUE(WaitFor(agent, [](const DeliveryStatus& s) { return s.m_online && s.m_waitingActions == 0; }))
        << agent.Status().m_problem;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events"), "3");
    EXPECT_TRUE(noSessionSoon());
    // Idle rounds stay online without connecting.
    const int before = rounds;
    ASSERT_TRUE(WaitFor(agent, [&](const DeliveryStatus&) { return rounds >= before + 3; }));
    EXPECT_TRUE(agent.Status().m_online);
    EXPECT_EQ(anaSessions(), "0");

    // New work: delivered in the next round, and the connection released again.
    for (int seq = 3; seq < 5; ++seq) AppendWait(seq);
    ASSERT_TRUE(outbox.CloseAttempt(attempt->m_id, 9000, 300).Ok());
    ASSERT_TRUE(WaitFor(agent, [&](const DeliveryStatus& s) {
        return s.m_deliveredActions == 5 && Value("SELECT finished FROM supportlab.attempts") == "t";
    })) << agent.Status().m_problem;
    EXPECT_EQ(Value("SELECT count(*) || ':' || max(seq) FROM supportlab.events"), "5:4");
    EXPECT_TRUE(noSessionSoon());

    // Lab progress with no action at all (a lecture read, time on the lab screen, the lab's end)
    // is new work too: it must not wait for the next action.
    LabRunRecord run;
    run.m_traineeId = anaId;
    run.m_labId = "lab-1";
    run.m_startedWall = 5000;
    auto started = outbox.StartLabRun(run);
    ASSERT_TRUE(started.Ok());
    ASSERT_TRUE(outbox.PutLabModuleMark(started->m_id, LabModuleMark{"intro", true, 30.0, 6000}).Ok());
    ASSERT_TRUE(WaitFor(agent, [&](const DeliveryStatus&) {
        return Value("SELECT count(*) FROM supportlab.lab_run_modules WHERE done") == "1";
    })) << agent.Status().m_problem;
    ASSERT_TRUE(outbox.PutLabModuleMark(started->m_id, LabModuleMark{"intro", true, 75.0, 7000}).Ok());
    ASSERT_TRUE(outbox.FinishLabRun(started->m_id, 8000).Ok());
    ASSERT_TRUE(WaitFor(agent, [&](const DeliveryStatus&) {
        return Value("SELECT finished || ':' || (SELECT seconds FROM supportlab.lab_run_modules) FROM supportlab.lab_runs") ==
               "true:75";
    })) << agent.Status().m_problem << " / "
        << Value("SELECT finished || ':' || (SELECT seconds FROM supportlab.lab_run_modules) FROM supportlab.lab_runs");
    EXPECT_TRUE(noSessionSoon());
}

TEST_F(ServerLink, AnAgentWithNothingRecordedYetIsOnlineAndCreatesNothing) {
    DeliveryAgent::Options o;
    o.m_conninfo = m_ana;
    o.m_password = kAnaPassword;
    o.m_outboxPath = m_dir.File("never.db");
    o.m_interval = std::chrono::milliseconds(100);
    DeliveryAgent agent(o);
    ASSERT_TRUE(WaitFor(agent, [](const DeliveryStatus& s) { return s.m_checked; }));
    EXPECT_TRUE(agent.Status().m_online) << agent.Status().m_problem;
    EXPECT_EQ(agent.Status().m_waitingActions, 0);
    EXPECT_FALSE(std::filesystem::exists(m_dir.File("never.db")));
}

// The app quits a moment after the last action: one more round runs at once, rather than the work
// waiting on the laptop for the next start (the interval here is far longer than the test).
TEST_F(ServerLink, DeliveringNowSendsTheLastWorkWithoutWaitingForTheInterval) {
    const std::string outboxPath = m_dir.File("outbox.db");
    ASSERT_NO_FATAL_FAILURE(StartOutbox(outboxPath, 2));
    DeliveryAgent::Options o = AnaAgent(outboxPath);
    o.m_interval = std::chrono::minutes(10);
    o.m_releaseWhenIdle = true;
    DeliveryAgent agent(o);
    ASSERT_TRUE(WaitFor(agent, [](const DeliveryStatus& s) { return s.m_checked; }));
    ASSERT_TRUE(agent.Status().m_online) << agent.Status().m_problem;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events"), "2");

    AppendWait(2);
    ASSERT_TRUE(m_outbox->CloseAttempt(m_outboxAttempt.m_id, 9000, 180).Ok());
    const DeliveryStatus last = agent.DeliverNowAndWait(std::chrono::seconds(20));
    EXPECT_TRUE(last.m_checked) << last.m_problem;
    EXPECT_EQ(last.m_waitingActions, 0);
    EXPECT_EQ(last.m_waitingAttempts, 0);
    EXPECT_EQ(Value("SELECT count(*) || ':' || bool_and(a.finished) FROM supportlab.events e "
                    "JOIN supportlab.attempts a ON a.id = e.attempt_id"), "3:true");

    // The server gone: it says what still waits, within its limit.
    std::string error;
    ASSERT_TRUE(m_cluster->StopServer(&error)) << error;
    ASSERT_NO_FATAL_FAILURE(StartOutbox(outboxPath, 0));
    AppendWait(0);
    const DeliveryStatus stranded = agent.DeliverNowAndWait(std::chrono::seconds(20));
    EXPECT_TRUE(stranded.m_checked);
    EXPECT_FALSE(stranded.m_online);
    EXPECT_EQ(stranded.m_waitingActions, 1);
    EXPECT_FALSE(stranded.m_problem.empty());
}

// In a live session the agent also brings her cohort's sessions into the outbox (her start
// screen lists them), tells the server where she is, and reads the room for her run.
TEST_F(ServerLink, TheAgentBringsHerCohortsSessionsAndReadsHerRoom) {
    const std::string outboxPath = m_dir.File("outbox.db");
    ASSERT_NO_FATAL_FAILURE(StartOutbox(outboxPath, 0));
    PgOpenOptions po;
    po.m_migrate = false;
    po.m_password = "tess-pass-99";
    auto tess = PgStore::Open(m_admin + " user=tess", po);
    ASSERT_TRUE(tess.Ok()) << tess.Error().m_message;
    ASSERT_TRUE(tess.Value()->PutLab(LabInfo{"lab-1", "Lab", 70.0}).Ok());
    auto spring = tess.Value()->StartLabSession(LabSession{0, "lab-1", "spring", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(spring.Ok()) << spring.Error().m_message;
    ASSERT_TRUE(tess.Value()->StartLabSession(LabSession{0, "lab-1", "autumn", "Tess", 2000, std::nullopt}).Ok());
    auto exam = tess.Value()->StartLabSession(LabSession{0, "lab-1", "spring", "Tess", 3000, std::nullopt});
    ASSERT_TRUE(exam.Ok());
    PgSessionSettings assessed;
    assessed.m_assessment = true;
    ASSERT_TRUE(tess.Value()->SetSessionSettings(exam->m_id, assessed).Ok());

    DeliveryAgent::Options o = AnaAgent(outboxPath);
    o.m_releaseWhenIdle = true; // as the app runs it: sessions are still looked for
    DeliveryAgent agent(o);
    agent.SetLookingForSessions(true); // on her start screen
    RowId local = 0;
    ASSERT_TRUE(WaitFor(agent, [&](const DeliveryStatus&) {
        auto mine = m_outbox->LabSessions();
        if (!mine || mine->size() != 1) return false;
        local = mine->front().m_id;
        return mine->front().m_cohort == "spring";
    })) << "her cohort's practice session: not the other cohort's, and not an assessment (the app cannot sit one yet)";

    ASSERT_TRUE(tess.Value()->FireInject(spring->m_id, "drill-test", "outage", "at", 35 * 60).Ok());
    ASSERT_TRUE(tess.Value()->SetRoomPaused(spring->m_id, 5000).Ok());
    PgSessionSettings paced;
    paced.m_paced = true;
    paced.m_openedModules = 2;
    ASSERT_TRUE(tess.Value()->SetSessionSettings(spring->m_id, paced).Ok());
    agent.SetWhereabouts(Whereabouts{local, "drill", "uid-1", 120});
    ASSERT_TRUE(WaitFor(agent, [&](const DeliveryStatus& s) {
        return s.m_roomLocalSession == local && s.m_roomPaused && s.m_roomInstructions.size() == 1 && s.m_roomPaced &&
               s.m_roomOpenedModules == 2;
    })) << agent.Status().m_problem;
    const RoomInstruction in = agent.Status().m_roomInstructions.front();
    EXPECT_EQ(in.m_injectId, "outage");
    EXPECT_EQ(in.m_op, "at");
    EXPECT_EQ(in.m_due, 35 * 60);
    EXPECT_EQ(Value("SELECT module_id || ':' || attempt_uid || ':' || sim_time FROM supportlab.presence"), "drill:uid-1:120");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.lab_sessions"), "3") << "the copy is mapped back, not sent as new";
    EXPECT_EQ(m_outbox->LabSessions()->size(), 1u) << "rounds later, still no assessment on her start screen";
    agent.SetWhereabouts(std::nullopt);
}

} // namespace
} // namespace sl::test
