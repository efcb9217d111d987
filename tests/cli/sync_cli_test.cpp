// SupportLab CLI tests: the outbox, `sync` and `push` against a throwaway PostgreSQL server that the tests stop, restart and cut off.

// [SECTION] Fixture
// [SECTION] Playing against the server, up and down
// [SECTION] Pushing a standalone database
// [SECTION] Faults: killed clients, restarted servers

#include "../store/pg_cluster.hpp"
#include "cli_runner.hpp"
#include "store_cli_fixture.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace sl::test {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Fixture
//-----------------------------------------------------------------------------

constexpr const char* kAnaPassword = "ana-pass-31";

// A cluster of its own (the tests stop and start it), a migrated database with one trainee login
// (ana), and a private XDG data folder so the outbox lands in the test's folder.
class SyncCli : public StoreCli {
protected:
    void SetUp() override {
        StoreCli::SetUp();
        ::setenv("XDG_DATA_HOME", m_dir.c_str(), 1);
        std::string error;
        m_cluster = PgCluster::Start(&error);
        ASSERT_NE(m_cluster, nullptr) << error;
        m_dbName = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_dbName.empty()) << error;
        m_admin = m_cluster->Conninfo(m_dbName);
        ASSERT_EQ(RunCli({"server", "init", "--db", m_admin}).m_exit, 0);
        const CliResult add = RunCliWithInput({"server", "add-user", "ana", "--role", "trainee", "--cohort", "spring",
                                               "--db", m_admin}, std::string(kAnaPassword) + "\n");
        ASSERT_EQ(add.m_exit, 0) << add.m_err;
        m_ana = m_admin + " user=ana password=" + kAnaPassword;
    }
    std::string Value(const std::string& sql) const { return m_cluster->QueryValue(m_dbName, sql); }
    CliResult PlayAs(const std::string& uri, const std::string& actions, const std::string& trainee = "ana") {
        return RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/" + actions, "--trainee", trainee, "--db", uri});
    }
    void Stop() {
        std::string error;
        ASSERT_TRUE(m_cluster->StopServer(&error)) << error;
    }
    void Restart() {
        std::string error;
        ASSERT_TRUE(m_cluster->StartServer(&error)) << error;
    }
    // Each attempt's uid and event count, as the server holds them ("uid:count,...", by uid).
    std::string ServerLog() const {
        return Value("SELECT coalesce(string_agg(uid || ':' || event_count || ':' || finished, ',' ORDER BY uid), '') "
                     "FROM supportlab.attempts");
    }

    std::unique_ptr<PgCluster> m_cluster;
    std::string m_dbName, m_admin, m_ana;
};

// The events one script stores (its action count), from a local play.
int ScriptActions(const std::string& dir, const std::string& actions) {
    const std::string db = dir + "/count-" + actions + ".db";
    const CliResult r = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/" + actions, "--trainee", "x",
                                "--db", db});
    EXPECT_EQ(r.m_exit, 0) << r.m_err;
    sqlite3* h = nullptr;
    int n = -1;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(h, "SELECT count(*) FROM events", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(h);
    EXPECT_GT(n, 0);
    return n;
}

//-----------------------------------------------------------------------------
// [SECTION] Playing against the server, up and down
//-----------------------------------------------------------------------------

TEST_F(SyncCli, PlayWithTheServerUpDeliversAtOnceWithoutAScore) {
    const CliResult r = PlayAs(m_ana, "perfect.actions");
    ASSERT_EQ(r.m_exit, 0) << r.m_err;
    EXPECT_NE(r.m_out.find("Total"), std::string::npos) << r.m_out; // the trainee still sees her breakdown
    EXPECT_NE(r.m_err.find("delivered to"), std::string::npos) << r.m_err;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts a JOIN supportlab.trainees t ON t.id = a.trainee_id "
                    "WHERE t.login = 'ana' AND a.finished AND a.score IS NULL"), "1");
    EXPECT_NE(Value("SELECT event_count FROM supportlab.attempts"), "0");
    // A trainee's machine sends no running totals either: scores are the lead's to write.
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events WHERE score_after IS NOT NULL"), "0");
    EXPECT_EQ(r.m_err.find(kAnaPassword), std::string::npos) << r.m_err;
}

TEST_F(SyncCli, PlayWithTheServerDownKeepsTheRunAndSyncDeliversItOnce) {
    ASSERT_EQ(PlayAs(m_ana, "perfect.actions").m_exit, 0); // one delivered at once
    const std::string before = ServerLog();
    Stop();
    const CliResult offline = PlayAs(m_ana, "flawed.actions");
    EXPECT_EQ(offline.m_exit, 0) << offline.m_err;
    EXPECT_NE(offline.m_out.find("Total"), std::string::npos) << offline.m_out;
    EXPECT_NE(offline.m_err.find("the server cannot be reached"), std::string::npos) << offline.m_err;
    EXPECT_NE(offline.m_err.find("wait in the outbox"), std::string::npos) << offline.m_err;
    const CliResult stillDown = RunCli({"sync", "--db", m_ana});
    EXPECT_EQ(stillDown.m_exit, 1) << stillDown.m_err;
    EXPECT_NE(stillDown.m_err.find("cannot be reached"), std::string::npos) << stillDown.m_err;
    Restart();
    EXPECT_EQ(ServerLog(), before); // nothing arrived while it was down
    const CliResult sync = RunCli({"sync", "--db", m_ana});
    ASSERT_EQ(sync.m_exit, 0) << sync.m_err;
    EXPECT_NE(sync.m_err.find("1 attempt(s)"), std::string::npos) << sync.m_err;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE finished"), "2");
    const std::string after = ServerLog();
    // Again: nothing to send, nothing changes.
    const CliResult again = RunCli({"sync", "--db", m_ana});
    ASSERT_EQ(again.m_exit, 0) << again.m_err;
    EXPECT_NE(again.m_err.find("0 attempt(s), 0 action(s)"), std::string::npos) << again.m_err;
    EXPECT_EQ(ServerLog(), after);
    const int expected = ScriptActions(m_dir, "perfect.actions") + ScriptActions(m_dir, "flawed.actions");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events"), std::to_string(expected));
}

TEST_F(SyncCli, AWrongPasswordKeepsTheRunAndSaysWhy) {
    const CliResult r = PlayAs(m_admin + " user=ana password=wrong", "perfect.actions");
    EXPECT_EQ(r.m_exit, 1) << r.m_err;
    EXPECT_NE(r.m_err.find("password authentication failed"), std::string::npos) << r.m_err;
    EXPECT_NE(r.m_err.find("wait in the outbox"), std::string::npos) << r.m_err;
    EXPECT_EQ(r.m_err.find("password=wrong"), std::string::npos) << r.m_err;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts"), "0");
}

TEST_F(SyncCli, ATraineeCannotDeliverWorkAsSomeoneElse) {
    const CliResult r = PlayAs(m_ana, "perfect.actions", "Ben");
    EXPECT_EQ(r.m_exit, 1) << r.m_err;
    EXPECT_NE(r.m_err.find("no trainee named 'Ben'"), std::string::npos) << r.m_err;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts"), "0");
}

//-----------------------------------------------------------------------------
// [SECTION] Pushing a standalone database
//-----------------------------------------------------------------------------

TEST_F(SyncCli, PushCopiesAStandaloneDatabaseOnceWithItsScores) {
    Seed(); // Ana twice and Ben once, in m_db
    const CliResult first = RunCli({"push", "--from", m_db, "--db", m_admin});
    ASSERT_EQ(first.m_exit, 0) << first.m_err;
    EXPECT_NE(first.m_out.find("3 attempt(s)"), std::string::npos) << first.m_out;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE finished AND score IS NOT NULL"), "3");
    EXPECT_EQ(Value("SELECT string_agg(name, ',' ORDER BY name) FROM supportlab.trainees"), "Ana,Ben,ana");
    const std::string log = ServerLog();
    const std::string scores = Value("SELECT count(*) || ':' || sum(score) FROM supportlab.item_scores");
    const CliResult second = RunCli({"push", "--from", m_db, "--db", m_admin});
    ASSERT_EQ(second.m_exit, 0) << second.m_err;
    EXPECT_NE(second.m_out.find("0 new trainee(s), 0 attempt(s), 0 action(s)"), std::string::npos) << second.m_out;
    EXPECT_EQ(ServerLog(), log);
    EXPECT_EQ(Value("SELECT count(*) || ':' || sum(score) FROM supportlab.item_scores"), scores);
    // The lead's reports read the server exactly as they read the file.
    const CliResult local = RunCli({"report", "matrix", "--db", m_db});
    const CliResult server = RunCli({"report", "matrix", "--db", m_admin});
    ASSERT_EQ(server.m_exit, 0) << server.m_err;
    EXPECT_EQ(server.m_out, local.m_out);
}

TEST_F(SyncCli, ATraineeCannotPushScores) {
    Seed();
    const CliResult r = RunCli({"push", "--from", m_db, "--db", m_ana});
    EXPECT_EQ(r.m_exit, 1) << r.m_out << r.m_err;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.item_scores"), "0");
}

//-----------------------------------------------------------------------------
// [SECTION] Faults: killed clients, restarted servers
//-----------------------------------------------------------------------------

// Starts supportlab-cli with args, output to /dev/null; returns its pid.
pid_t Spawn(const std::vector<std::string>& args) {
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        std::vector<std::string> copy = args;
        std::vector<char*> argv;
        std::string exe = SUPPORTLAB_CLI_PATH;
        argv.push_back(exe.data());
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(exe.c_str(), argv.data());
        _exit(127);
    }
    return pid;
}

TEST_F(SyncCli, ASyncKilledAtAnyMomentLosesAndDoublesNothing) {
    Stop();
    for (int i = 0; i < 6; ++i) ASSERT_EQ(PlayAs(m_ana, i % 2 ? "flawed.actions" : "perfect.actions").m_exit, 0);
    Restart();
    std::mt19937 rng(20261203);
    for (int round = 0; round < 12; ++round) {
        const pid_t pid = Spawn({"sync", "--db", m_ana});
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 120)(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
    }
    const CliResult finish = RunCli({"sync", "--db", m_ana});
    ASSERT_EQ(finish.m_exit, 0) << finish.m_err;
    const int perfect = ScriptActions(m_dir, "perfect.actions"), flawed = ScriptActions(m_dir, "flawed.actions");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts"), "6");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE finished"), "6");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events"), std::to_string(3 * perfect + 3 * flawed));
    // Every server attempt holds exactly its own log, in order with no gap.
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts a WHERE a.event_count <> "
                    "(SELECT count(*) FROM supportlab.events e WHERE e.attempt_id = a.id) OR a.event_count <> "
                    "(SELECT coalesce(max(seq) + 1, 0) FROM supportlab.events e WHERE e.attempt_id = a.id)"),
              "0");
}

// Each attempt's uid and its event count in an SQLite file ("uid:count,...", by uid).
std::string OutboxLog(const std::string& path) {
    std::string out;
    sqlite3* h = nullptr;
    if (sqlite3_open_v2(path.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(h, "SELECT uid || ':' || event_count FROM attempts ORDER BY uid", -1, &s, nullptr) == SQLITE_OK)
            while (sqlite3_step(s) == SQLITE_ROW)
                out += (out.empty() ? "" : ",") + std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
        sqlite3_finalize(s);
    }
    sqlite3_close(h);
    return out;
}

TEST_F(SyncCli, PlayKilledAtAnyMomentWithTheServerUpOrDownLosesNothing) {
    const std::string outbox = m_dir + "/supportlab/outbox";
    auto OutboxExists = [&] {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(outbox, ec))
            if (e.path().extension() == ".db") return true;
        return false;
    };
    std::mt19937 rng(31337);
    for (int round = 0; round < 12; ++round) {
        if (round == 6) Stop(); // the second half with the server down
        const pid_t pid = Spawn({"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions", "--trainee",
                                 "ana", "--db", m_ana});
        // The kill lands somewhere in the run, not before it starts (a sanitizer build starts slowly):
        // wait for the outbox to exist first.
        for (int i = 0; i < 500 && !OutboxExists(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 120)(rng)));
        if (round < 11) ::kill(pid, SIGKILL); // the last run finishes: at least one complete log to compare
        int status = 0;
        ::waitpid(pid, &status, 0);
    }
    Restart();
    const CliResult sync = RunCli({"sync", "--db", m_ana});
    ASSERT_EQ(sync.m_exit, 0) << sync.m_err;
    // Whatever each killed run committed to the outbox is on the server, exactly.
    ASSERT_TRUE(OutboxExists()) << "no run got as far as its outbox";
    std::string file;
    for (const auto& e : std::filesystem::directory_iterator(outbox))
        if (e.path().extension() == ".db") file = e.path().string();
    ASSERT_FALSE(file.empty());
    const std::string local = OutboxLog(file);
    ASSERT_NE(local.find(':'), std::string::npos) << "no run got as far as an attempt: kill later";
    EXPECT_EQ(Value("SELECT coalesce(string_agg(uid || ':' || event_count, ',' ORDER BY uid), '') FROM supportlab.attempts"),
              local);
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts a WHERE a.event_count <> "
                    "(SELECT count(*) FROM supportlab.events e WHERE e.attempt_id = a.id)"),
              "0");
}

TEST_F(SyncCli, AServerRestartedDuringPushLosesAndDoublesNothing) {
    // A bigger standalone file: 20 attempts.
    for (int i = 0; i < 10; ++i) {
        ASSERT_EQ(Play("perfect.actions", "T" + std::to_string(i)).m_exit, 0);
        ASSERT_EQ(Play("flawed.actions", "T" + std::to_string(i)).m_exit, 0);
    }
    const pid_t pid = Spawn({"push", "--from", m_db, "--db", m_admin});
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    Stop();
    int status = 0;
    ::waitpid(pid, &status, 0);
    Restart();
    const CliResult rest = RunCli({"push", "--from", m_db, "--db", m_admin});
    ASSERT_EQ(rest.m_exit, 0) << rest.m_out << rest.m_err;
    const int perfect = ScriptActions(m_dir, "perfect.actions"), flawed = ScriptActions(m_dir, "flawed.actions");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE finished AND score IS NOT NULL"), "20");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events"), std::to_string(10 * perfect + 10 * flawed));
    const CliResult local = RunCli({"report", "matrix", "--db", m_db});
    const CliResult server = RunCli({"report", "matrix", "--db", m_admin});
    EXPECT_EQ(server.m_out, local.m_out);
}

TEST_F(SyncCli, APushCutOffByTheServerSaysWhatToDo) {
    Seed();
    Stop();
    const CliResult r = RunCli({"push", "--from", m_db, "--db", m_admin});
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find("cannot reach the server"), std::string::npos) << r.m_err;
    Restart();
}

} // namespace
} // namespace sl::test
