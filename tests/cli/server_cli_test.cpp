// SupportLab CLI tests: `server init`, `add-user`, `sessions`, `release`, and the live room's `session` and `inject`, on a throwaway PostgreSQL cluster.
#include "../store/pg_cluster.hpp"
#include "cli_runner.hpp"
#include "store/pg_schema.hpp"

#include <gtest/gtest.h>

#include <libpq-fe.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace sl::test {
namespace {

constexpr const char* kAdminPassword = "admin-secret-42"; // in --db; trust auth ignores it
constexpr const char* kUserPassword = "ana's-secret-17";

class ServerCli : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        m_cluster = PgCluster::Shared(&error);
        ASSERT_NE(m_cluster, nullptr) << error;
        m_dbName = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_dbName.empty()) << error;
        m_db = m_cluster->Conninfo(m_dbName) + " password=" + kAdminPassword;
    }
    // Every run's output, checked at the end for passwords.
    CliResult Run(const std::vector<std::string>& args, const std::string& input = "") {
        CliResult r = RunCliWithInput(args, input);
        m_outputs.push_back(r.m_out + r.m_err);
        return r;
    }
    void TearDown() override {
        for (const std::string& out : m_outputs) {
            EXPECT_EQ(out.find(kAdminPassword), std::string::npos) << out;
            EXPECT_EQ(out.find(kUserPassword), std::string::npos) << out;
        }
    }
    std::string Name(const std::string& base) const { return base + "_" + m_dbName; }
    std::string Value(const std::string& sql) const { return m_cluster->QueryValue(m_dbName, sql); }
    // The database as `user`, signing in with `password` (quoted for a connection string).
    std::string As(const std::string& user, const std::string& password) const {
        std::string quoted;
        for (char ch : password) {
            if (ch == '\'' || ch == '\\') quoted += '\\';
            quoted += ch;
        }
        return m_cluster->Conninfo(m_dbName) + " user=" + user + " password='" + quoted + "'";
    }
    bool SignsIn(const std::string& user, const std::string& password) const {
        PGconn* c = PQconnectdb(As(user, password).c_str());
        const bool ok = PQstatus(c) == CONNECTION_OK;
        PQfinish(c);
        return ok;
    }

    PgCluster* m_cluster = nullptr;
    std::string m_dbName, m_db;
    std::vector<std::string> m_outputs;
};

TEST_F(ServerCli, InitMigratesOnceAndThenSaysItIsCurrent) {
    const CliResult first = Run({"server", "init", "--db", m_db});
    ASSERT_EQ(first.m_exit, 0) << first.m_err;
    const std::string version = std::to_string(pg_schema::kVersion);
    EXPECT_NE(first.m_out.find("schema version " + version + " (migrated from 0)"), std::string::npos) << first.m_out;
    EXPECT_NE(first.m_out.find("dbname=" + m_dbName), std::string::npos) << first.m_out;
    const CliResult second = Run({"server", "init", "--db", m_db});
    ASSERT_EQ(second.m_exit, 0) << second.m_err;
    EXPECT_NE(second.m_out.find("already at schema version " + version), std::string::npos) << second.m_out;
    EXPECT_EQ(Value("SELECT version FROM supportlab.schema_version"), version);
}

TEST_F(ServerCli, InitRefusesANewerSchema) {
    ASSERT_EQ(Run({"server", "init", "--db", m_db}).m_exit, 0);
    ASSERT_EQ(m_cluster->Exec(m_dbName, "UPDATE supportlab.schema_version SET version = 99"), "");
    const CliResult r = Run({"server", "init", "--db", m_db});
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find("newer"), std::string::npos) << r.m_err;
    EXPECT_EQ(Value("SELECT version FROM supportlab.schema_version"), "99");
}

TEST_F(ServerCli, AddUserCreatesALoginWithItsRoleAndRefusesItTwice) {
    ASSERT_EQ(Run({"server", "init", "--db", m_db}).m_exit, 0);
    const std::string ana = Name("ana");
    const CliResult r = Run({"server", "add-user", ana, "--role", "trainee", "--cohort", "spring", "--db", m_db},
                            std::string(kUserPassword) + "\n");
    ASSERT_EQ(r.m_exit, 0) << r.m_err;
    EXPECT_NE(r.m_out.find("added trainee " + ana + " (cohort spring)"), std::string::npos) << r.m_out;
    EXPECT_TRUE(SignsIn(ana, kUserPassword));
    EXPECT_FALSE(SignsIn(ana, "wrong"));
    EXPECT_EQ(Value("SELECT c.name FROM supportlab.trainees t JOIN supportlab.cohorts c ON c.id = t.cohort_id "
                    "WHERE t.login = '" + ana + "'"), "spring");
    EXPECT_EQ(Value("SELECT pg_has_role('" + ana + "', 'supportlab_trainee', 'MEMBER')"), "t");

    const CliResult again = Run({"server", "add-user", ana, "--role", "lead", "--db", m_db}, "other\n");
    EXPECT_EQ(again.m_exit, 1);
    EXPECT_NE(again.m_err.find("already exists"), std::string::npos) << again.m_err;
    EXPECT_EQ(Value("SELECT pg_has_role('" + ana + "', 'supportlab_lead', 'MEMBER')"), "f");
    EXPECT_TRUE(SignsIn(ana, kUserPassword));

    const std::string lee = Name("lee");
    const CliResult lead = Run({"server", "add-user", lee, "--role", "lead", "--db", m_db}, std::string(kUserPassword) + "\r\n");
    ASSERT_EQ(lead.m_exit, 0) << lead.m_err;
    EXPECT_TRUE(SignsIn(lee, kUserPassword));
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.trainees"), "1"); // a lead has no trainee row
}

TEST_F(ServerCli, AddUserRefusesBadInputAndChangesNothing) {
    ASSERT_EQ(Run({"server", "init", "--db", m_db}).m_exit, 0);
    const std::string cy = Name("cy");
    EXPECT_EQ(Run({"server"}).m_exit, 2);
    EXPECT_EQ(Run({"server", "bogus"}).m_exit, 2);
    EXPECT_EQ(Run({"server", "init"}).m_exit, 2);
    EXPECT_EQ(Run({"server", "add-user", cy, "--db", m_db}, "pw\n").m_exit, 2);                       // no role
    EXPECT_EQ(Run({"server", "add-user", cy, "--role", "boss", "--db", m_db}, "pw\n").m_exit, 2);     // bad role
    EXPECT_EQ(Run({"server", "add-user", "--role", "lead", "--db", m_db}, "pw\n").m_exit, 2);         // no name
    EXPECT_EQ(Run({"server", "add-user", cy, "--role", "lead", "--cohort", "x", "--db", m_db}, "pw\n").m_exit, 2);
    const CliResult empty = Run({"server", "add-user", cy, "--role", "trainee", "--db", m_db}, "\n");
    EXPECT_EQ(empty.m_exit, 1);
    EXPECT_NE(empty.m_err.find("empty"), std::string::npos) << empty.m_err;
    EXPECT_EQ(Run({"server", "add-user", cy, "--role", "trainee", "--db", m_db}).m_exit, 1); // no input at all
    EXPECT_EQ(Run({"server", "add-user", std::string(64, 'c'), "--role", "trainee", "--db", m_db}, "pw\n").m_exit, 1);
    EXPECT_EQ(Run({"server", "add-user", "pg_cy", "--role", "trainee", "--db", m_db}, "pw\n").m_exit, 1);
    EXPECT_EQ(Run({"server", "add-user", "c\ty", "--role", "trainee", "--db", m_db}, "pw\n").m_exit, 1);
    EXPECT_EQ(Value("SELECT count(*) FROM pg_roles WHERE rolname LIKE '%cy%' OR rolname LIKE 'ccc%'"), "0");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.trainees"), "0");
}

// A trainer lists the sessions and releases one's results; a trainee cannot; --withdraw undoes it.
TEST_F(ServerCli, ATrainerReleasesASessionsResultsAndATraineeCannot) {
    ASSERT_EQ(Run({"server", "init", "--db", m_db}).m_exit, 0);
    const std::string tess = Name("tess"), ana = Name("ana");
    ASSERT_EQ(Run({"server", "add-user", tess, "--role", "trainer", "--db", m_db}, std::string(kUserPassword) + "\n").m_exit, 0);
    ASSERT_EQ(Run({"server", "add-user", ana, "--role", "trainee", "--db", m_db}, std::string(kUserPassword) + "\n").m_exit, 0);
    ASSERT_EQ(m_cluster->Exec(m_dbName, "INSERT INTO supportlab.lab_sessions(id, lab_id, trainer, started_wall) "
                                        "VALUES (7, 'plan-lab', 'Tess', 1764547200000)"), "");
    const std::string asTess = As(tess, kUserPassword), asAna = As(ana, kUserPassword);

    const CliResult listed = Run({"server", "sessions", "--db", asTess});
    ASSERT_EQ(listed.m_exit, 0) << listed.m_err;
    EXPECT_NE(listed.m_out.find("plan-lab"), std::string::npos) << listed.m_out;
    EXPECT_NE(listed.m_out.find("2025-12-01T00:00:00.000Z"), std::string::npos) << listed.m_out;
    EXPECT_NE(listed.m_out.find("not released"), std::string::npos) << listed.m_out;

    const CliResult refused = Run({"server", "release", "7", "--db", asAna});
    EXPECT_EQ(refused.m_exit, 1);
    EXPECT_NE(refused.m_err.find("permission denied"), std::string::npos) << refused.m_err;
    EXPECT_EQ(Value("SELECT released_wall IS NULL FROM supportlab.lab_sessions WHERE id = 7"), "t");

    const CliResult released = Run({"server", "release", "7", "--db", asTess});
    ASSERT_EQ(released.m_exit, 0) << released.m_err;
    EXPECT_NE(released.m_out.find("lab session 7: results released"), std::string::npos) << released.m_out;
    EXPECT_EQ(Value("SELECT released_wall IS NOT NULL FROM supportlab.lab_sessions WHERE id = 7"), "t");
    EXPECT_NE(Run({"server", "sessions", "--db", asTess}).m_out.find("released 20"), std::string::npos);

    EXPECT_EQ(Run({"server", "release", "--db", asTess}).m_exit, 2);          // no session
    EXPECT_EQ(Run({"server", "release", "seven", "--db", asTess}).m_exit, 2); // not a number
    EXPECT_EQ(Run({"server", "release", "7"}).m_exit, 2);                     // no --db
    const CliResult missing = Run({"server", "release", "8", "--db", asTess});
    EXPECT_EQ(missing.m_exit, 1);
    EXPECT_NE(missing.m_err.find("no lab session with id 8"), std::string::npos) << missing.m_err;

    const CliResult withdrawn = Run({"server", "release", "7", "--withdraw", "--db", asTess});
    ASSERT_EQ(withdrawn.m_exit, 0) << withdrawn.m_err;
    EXPECT_EQ(Value("SELECT released_wall IS NULL FROM supportlab.lab_sessions WHERE id = 7"), "t");
}

// Runs the CLI on a pseudo-terminal, as a person at a shell would: each time the output so far
// ends with the next prompt, that answer is typed. Returns everything the terminal showed (the
// pty echoes what is typed unless the program turned echo off) and the exit code.
struct TerminalRun {
    std::string m_screen;
    int m_exit = -1;
};
TerminalRun RunAtTerminal(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& dialogue) {
    TerminalRun out;
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    if (pid < 0) return out;
    if (pid == 0) {
        std::vector<char*> argv;
        std::string exe = SUPPORTLAB_CLI_PATH;
        argv.push_back(exe.data());
        std::vector<std::string> copy = args;
        for (std::string& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(exe.c_str(), argv.data());
        ::_exit(127);
    }
    size_t next = 0;
    for (int waited = 0; waited < 300; ++waited) { // at most ~30 s
        pollfd p{master, POLLIN, 0};
        if (::poll(&p, 1, 100) > 0) {
            char buf[512];
            const ssize_t n = ::read(master, buf, sizeof buf);
            if (n <= 0) break; // the program ended (EIO on Linux)
            out.m_screen.append(buf, static_cast<size_t>(n));
        }
        if (next < dialogue.size() && out.m_screen.size() >= dialogue[next].first.size() &&
            out.m_screen.compare(out.m_screen.size() - dialogue[next].first.size(), std::string::npos, dialogue[next].first) == 0) {
            const std::string typed = dialogue[next].second + "\n";
            if (::write(master, typed.data(), typed.size()) != static_cast<ssize_t>(typed.size())) break;
            ++next;
        }
    }
    ::close(master);
    int status = 0;
    ::waitpid(pid, &status, 0);
    out.m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// The live room from the command line: a trainer sends injects (checked against the scenario),
// pauses the room and reads its status; a trainee can do none of it.
TEST_F(ServerCli, ATrainerRunsTheRoomFromTheCommandLine) {
    ASSERT_EQ(Run({"server", "init", "--db", m_db}).m_exit, 0);
    const std::string tess = Name("tess"), ana = Name("ana");
    ASSERT_EQ(Run({"server", "add-user", tess, "--role", "trainer", "--db", m_db}, std::string(kUserPassword) + "\n").m_exit, 0);
    ASSERT_EQ(Run({"server", "add-user", ana, "--role", "trainee", "--cohort", "spring", "--db", m_db}, std::string(kUserPassword) + "\n").m_exit, 0);
    ASSERT_EQ(m_cluster->Exec(m_dbName, "INSERT INTO supportlab.lab_sessions(id, lab_id, cohort_id, trainer, started_wall) "
                                        "VALUES (7, 'endpoint-support-lab', (SELECT id FROM supportlab.cohorts WHERE name = 'spring'), "
                                        "'Tess', 1764547200000)"), "");
    const std::string asTess = As(tess, kUserPassword), asAna = As(ana, kUserPassword);
    const std::string drills = SUPPORTLAB_SCENARIO_DIR; // the library root: the drills refer to ../models

    const CliResult sent = Run({"inject", "--db", asTess, "--session", "7", "--scenarios", drills, "outage"});
    ASSERT_EQ(sent.m_exit, 0) << sent.m_err;
    EXPECT_NE(sent.m_out.find("sent #1, 'outage'"), std::string::npos) << sent.m_out;
    const CliResult moved = Run({"inject", "--db", asTess, "--session", "7", "--scenarios", drills, "--at", "2h", "vip-call"});
    ASSERT_EQ(moved.m_exit, 0) << moved.m_err;
    EXPECT_NE(moved.m_out.find("fire it at 2:00:00"), std::string::npos) << moved.m_out;
    EXPECT_EQ(Value("SELECT string_agg(seq || ':' || inject_id || ':' || op || ':' || coalesce(due_sim::text, '-'), ' ' ORDER BY seq) "
                    "FROM supportlab.session_injects"),
              "1:outage:now:- 2:vip-call:at:7200");

    const CliResult typo = Run({"inject", "--db", asTess, "--session", "7", "--scenarios", drills, "outgae"});
    EXPECT_EQ(typo.m_exit, 1);
    EXPECT_NE(typo.m_err.find("has an inject called 'outgae'"), std::string::npos) << typo.m_err;
    EXPECT_EQ(Run({"inject", "--db", asTess, "--session", "7", "--scenarios", drills, "--at", "soon", "outage"}).m_exit, 2);
    EXPECT_EQ(Run({"inject", "--db", asTess, "--session", "7", "--scenarios", drills, "--at", "2h", "--skip", "outage"}).m_exit, 2);
    EXPECT_EQ(Run({"inject", "--db", asTess, "--session", "x", "--scenarios", drills, "outage"}).m_exit, 2);
    const CliResult trainee = Run({"inject", "--db", asAna, "--session", "7", "--scenarios", drills, "restored"});
    EXPECT_EQ(trainee.m_exit, 1);
    EXPECT_NE(trainee.m_err.find("permission denied for function fire_inject"), std::string::npos) << trainee.m_err;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.session_injects"), "2") << "nothing refused reached the table";

    const CliResult paused = Run({"session", "pause", "--db", asTess, "--session", "7"});
    ASSERT_EQ(paused.m_exit, 0) << paused.m_err;
    EXPECT_EQ(Run({"session", "pause", "--db", asAna, "--session", "7"}).m_exit, 1);
    const CliResult json = Run({"session", "status", "--db", asTess, "--session", "7", "--scenarios", drills, "--format", "json"});
    ASSERT_EQ(json.m_exit, 0) << json.m_err;
    EXPECT_NE(json.m_out.find("\"paused\":true"), std::string::npos) << json.m_out;
    EXPECT_NE(json.m_out.find("\"inject\":\"owner-calls\",\"title\""), std::string::npos) << json.m_out;
    EXPECT_NE(json.m_out.find("\"kind\":\"contingency\""), std::string::npos) << json.m_out;
    EXPECT_NE(json.m_out.find("\"state\":\"moved to 2:00:00\""), std::string::npos) << json.m_out;
    EXPECT_NE(json.m_out.find("\"name\":\"" + ana + "\",\"online\":false"), std::string::npos) << json.m_out;
    const CliResult text = Run({"session", "status", "--db", asTess, "--session", "7", "--scenarios", drills});
    ASSERT_EQ(text.m_exit, 0) << text.m_err;
    EXPECT_NE(text.m_out.find("the room is paused"), std::string::npos) << text.m_out;
    EXPECT_EQ(Run({"session", "status", "--db", asTess, "--session", "7"}).m_exit, 2) << "no scenarios to replay against";
    const CliResult compared = Run({"report", "injects", "--db", asTess, "--session", "7", "--scenarios", drills});
    ASSERT_EQ(compared.m_exit, 0) << compared.m_err;
    EXPECT_NE(compared.m_out.find("Injects compared: lab session 7"), std::string::npos) << compared.m_out;
    EXPECT_EQ(Run({"report", "injects", "--db", asTess, "--scenarios", drills}).m_exit, 2) << "no session";
    EXPECT_EQ(Run({"report", "injects", "--db", asTess, "--session", "7"}).m_exit, 2) << "no scenarios";
    const CliResult timeline = Run({"report", "room", "--db", asTess, "--session", "7"});
    ASSERT_EQ(timeline.m_exit, 0) << timeline.m_err;
    EXPECT_NE(timeline.m_out.find("sent #1: inject outage (by " + tess + ")"), std::string::npos) << timeline.m_out;
    EXPECT_NE(timeline.m_out.find("sent #2: inject vip-call at 2:00:00"), std::string::npos) << timeline.m_out;
    EXPECT_EQ(Run({"report", "room", "--db", asTess}).m_exit, 2) << "no session";
    EXPECT_EQ(Run({"session", "resume", "--db", asTess, "--session", "7"}).m_exit, 0);
    EXPECT_EQ(Value("SELECT room_paused_wall IS NULL FROM supportlab.lab_sessions WHERE id = 7"), "t");
}

TEST_F(ServerCli, AddUserAtATerminalAsksTwiceWithoutShowingThePassword) {
    ASSERT_EQ(Run({"server", "init", "--db", m_db}).m_exit, 0);
    const std::string ana = Name("ana"), ben = Name("ben");
    const TerminalRun typed = RunAtTerminal({"server", "add-user", ana, "--role", "trainee", "--db", m_db},
                                            {{"Password for " + ana + ": ", kUserPassword}, {"Again: ", kUserPassword}});
    m_outputs.push_back(typed.m_screen);
    EXPECT_EQ(typed.m_exit, 0) << typed.m_screen;
    EXPECT_NE(typed.m_screen.find("added trainee " + ana), std::string::npos) << typed.m_screen;
    EXPECT_TRUE(SignsIn(ana, kUserPassword));

    const TerminalRun differ = RunAtTerminal({"server", "add-user", ben, "--role", "trainee", "--db", m_db},
                                             {{"Password for " + ben + ": ", kUserPassword}, {"Again: ", "something else"}});
    m_outputs.push_back(differ.m_screen);
    EXPECT_EQ(differ.m_exit, 1) << differ.m_screen;
    EXPECT_NE(differ.m_screen.find("the two passwords differ"), std::string::npos) << differ.m_screen;
    EXPECT_EQ(differ.m_screen.find("something else"), std::string::npos) << differ.m_screen;
    EXPECT_EQ(Value("SELECT count(*) FROM pg_roles WHERE rolname = '" + ben + "'"), "0");
}

// Logs written through SupportLab hold their chains; an event changed, one removed and one added
// behind the triggers' back (as only a database superuser can) are each reported.
TEST_F(ServerCli, VerifyFindsEveryLogChangedOutsideSupportLab) {
    ASSERT_EQ(Run({"server", "init", "--db", m_db}).m_exit, 0);
    std::string sql = "INSERT INTO supportlab.trainees(name) VALUES ('Ana');";
    for (int a = 1; a <= 4; ++a) {
        sql += "INSERT INTO supportlab.attempts(id, trainee_id, scenario_id, content_hash, format_version, seed, started_wall) "
               "VALUES (" + std::to_string(a) + ", 1, 'plan', 'h', 1, 7, 1000);";
        for (int e = 0; e < 12; ++e) // more than 10: the log's order is by number, not by text
            sql += "INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action) VALUES (" + std::to_string(a) +
                   ", " + std::to_string(e) + ", " + std::to_string(60 * e) + ", " + std::to_string(2000 + e) +
                   ", 'triage t category=os  \u00e9');";
    }
    ASSERT_EQ(m_cluster->Exec(m_dbName, sql), "");
    const CliResult clean = Run({"server", "verify", "--db", m_db});
    EXPECT_EQ(clean.m_exit, 0) << clean.m_out << clean.m_err;
    EXPECT_NE(clean.m_out.find("4 attempts, 48 events checked; every chain holds"), std::string::npos) << clean.m_out;

    ASSERT_EQ(m_cluster->Exec(m_dbName, "UPDATE supportlab.events SET action = 'triage t category=hardware' "
                                        "WHERE attempt_id = 2 AND seq = 1"), "");
    ASSERT_EQ(m_cluster->Exec(m_dbName, "SET session_replication_role = replica; "
                                        "DELETE FROM supportlab.events WHERE attempt_id = 3 AND seq = 11; "
                                        "INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action) "
                                        "VALUES (4, 12, 720, 2012, 'wait 1m')"), "");
    const CliResult tampered = Run({"server", "verify", "--db", m_db});
    EXPECT_EQ(tampered.m_exit, 1) << tampered.m_out << tampered.m_err;
    EXPECT_EQ(tampered.m_out.find("attempt 1 "), std::string::npos) << tampered.m_out;
    EXPECT_NE(tampered.m_out.find("attempt 2 (Ana, plan): event 1 was changed after it was recorded"), std::string::npos)
        << tampered.m_out;
    EXPECT_NE(tampered.m_out.find("attempt 3 (Ana, plan): the log holds 11 events"), std::string::npos) << tampered.m_out;
    EXPECT_NE(tampered.m_out.find("attempt 4 (Ana, plan): event 12 has no chain link"), std::string::npos) << tampered.m_out;
    EXPECT_NE(tampered.m_out.find("3 attempt(s) do not hold"), std::string::npos) << tampered.m_out;
    // Without a foreign key on events (the trigger checks instead), an attempt with a log still
    // cannot be deleted, even by the superuser with triggers on.
    EXPECT_NE(m_cluster->Exec(m_dbName, "DELETE FROM supportlab.attempts WHERE id = 1").find("never deleted"), std::string::npos);
    EXPECT_NE(m_cluster->Exec(m_dbName, "INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action) "
                                        "VALUES (99, 0, 0, 0, 'wait 1m')").find("no attempt with id 99"), std::string::npos);
    EXPECT_EQ(Run({"server", "verify"}).m_exit, 2);
}

// A lead's export from the server is signed; `verify` accepts it as it is, names the server and
// its key, and refuses a changed byte, another key, a trainer's unsigned export, and a log that
// the superuser rewrote (chain and all, so `server verify` passes) after the export.
TEST_F(ServerCli, ALeadsExportIsSignedAndVerifyFindsEveryChange) {
    const CliResult init = Run({"server", "init", "--name", "Contoso Training", "--db", m_db});
    ASSERT_EQ(init.m_exit, 0) << init.m_err;
    const size_t at = init.m_out.find("organisation Contoso Training: signing key ");
    ASSERT_NE(at, std::string::npos) << init.m_out;
    const std::string fingerprint = init.m_out.substr(at + 43, 24);
    EXPECT_NE(init.m_out.find(fingerprint + " (new)"), std::string::npos) << init.m_out;
    const CliResult again = Run({"server", "init", "--name", "Other", "--db", m_db});
    EXPECT_NE(again.m_out.find("organisation Contoso Training: signing key " + fingerprint + "\n"), std::string::npos)
        << again.m_out;
    EXPECT_NE(again.m_err.find("already named Contoso Training"), std::string::npos) << again.m_err;

    const std::string lee = Name("lee"), tess = Name("tess"), ana = Name("ana");
    ASSERT_EQ(Run({"server", "add-user", lee, "--role", "lead", "--db", m_db}, std::string(kUserPassword) + "\n").m_exit, 0);
    ASSERT_EQ(Run({"server", "add-user", tess, "--role", "trainer", "--db", m_db}, std::string(kUserPassword) + "\n").m_exit, 0);
    ASSERT_EQ(Run({"server", "add-user", ana, "--role", "trainee", "--db", m_db}, std::string(kUserPassword) + "\n").m_exit, 0);
    const std::string asLee = As(lee, kUserPassword), asTess = As(tess, kUserPassword), asAna = As(ana, kUserPassword);
    std::string sql;
    for (int a = 1; a <= 2; ++a) {
        sql += "INSERT INTO supportlab.attempts(id, trainee_id, scenario_id, content_hash, format_version, seed, started_wall) "
               "VALUES (" + std::to_string(a) + ", 1, 'plan', 'h', 1, 7, 1000);";
        for (int e = 0; e < 3; ++e)
            sql += "INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action) VALUES (" + std::to_string(a) +
                   ", " + std::to_string(e) + ", " + std::to_string(60 * e) + ", " + std::to_string(2000 + e) + ", 'wait 1m');";
        sql += "UPDATE supportlab.attempts SET finished = true, ended_wall = 9000, end_sim_time = 120 WHERE id = " +
               std::to_string(a) + ";";
    }
    ASSERT_EQ(m_cluster->Exec(m_dbName, sql), "");

    const CliResult key = Run({"server", "key", "--db", asAna});
    ASSERT_EQ(key.m_exit, 0) << key.m_err;
    EXPECT_NE(key.m_out.find("organisation: Contoso Training"), std::string::npos) << key.m_out;
    EXPECT_NE(key.m_out.find("fingerprint:  " + fingerprint), std::string::npos) << key.m_out;

    const std::string csv = WriteTempFile(Name("results") + ".csv", "");
    const CliResult exported = Run({"export", "--format", "csv", "--out", csv, "--db", asLee});
    ASSERT_EQ(exported.m_exit, 0) << exported.m_err;
    EXPECT_NE(exported.m_err.find("signed by Contoso Training (key " + fingerprint + ")"), std::string::npos) << exported.m_err;
    const std::string sig = ReadWholeFile(csv + ".sig");
    EXPECT_NE(sig.find("chains: 2\n"), std::string::npos) << sig;

    const CliResult ok = Run({"verify", csv});
    EXPECT_EQ(ok.m_exit, 0) << ok.m_out << ok.m_err;
    EXPECT_NE(ok.m_out.find("verified: exactly what SupportLab wrote on Contoso Training (key " + fingerprint + ")"),
              std::string::npos) << ok.m_out;
    EXPECT_NE(ok.m_out.find("2 attempt(s)"), std::string::npos) << ok.m_out;
    EXPECT_NE(ok.m_out.find("compare " + fingerprint), std::string::npos) << ok.m_out;
    EXPECT_EQ(Run({"verify", csv, "--key", fingerprint}).m_exit, 0);
    const CliResult otherKey = Run({"verify", csv, "--key", "0000-0000-0000-0000-0000"});
    EXPECT_EQ(otherKey.m_exit, 1);
    EXPECT_NE(otherKey.m_out.find("NOT VERIFIED: it was signed with key " + fingerprint), std::string::npos) << otherKey.m_out;
    EXPECT_EQ(Run({"verify", csv, "--key", "12"}).m_exit, 2);
    EXPECT_EQ(Run({"verify"}).m_exit, 2);
    const CliResult withServer = Run({"verify", csv, "--db", asTess});
    EXPECT_EQ(withServer.m_exit, 0) << withServer.m_out << withServer.m_err;
    EXPECT_NE(withServer.m_out.find("still ends where it did"), std::string::npos) << withServer.m_out;

    // One byte of the export changed.
    std::string bytes = ReadWholeFile(csv);
    ASSERT_FALSE(bytes.empty());
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
    const std::string changed = WriteTempFile(Name("changed") + ".csv", bytes);
    const CliResult refused = Run({"verify", changed, "--sig", csv + ".sig"});
    EXPECT_EQ(refused.m_exit, 1);
    EXPECT_NE(refused.m_out.find("NOT VERIFIED: the file's SHA-256 is not the one SupportLab signed"), std::string::npos)
        << refused.m_out;
    EXPECT_EQ(Run({"verify", changed}).m_exit, 1); // no signature file beside it

    // A trainer's export is written, unsigned.
    const std::string byTrainer = WriteTempFile(Name("trainer") + ".csv", "");
    const CliResult trainer = Run({"export", "--format", "json", "--out", byTrainer, "--db", asTess});
    ASSERT_EQ(trainer.m_exit, 0) << trainer.m_err;
    EXPECT_NE(trainer.m_err.find("not signed: only a lead may sign exports"), std::string::npos) << trainer.m_err;
    EXPECT_EQ(ReadWholeFile(byTrainer + ".sig"), "");
    // Nor can a trainer or trainee read the secret key by hand.
    for (const std::string& who : {asTess, asAna}) {
        PGconn* c = PQconnectdb(who.c_str());
        PGresult* r = PQexec(c, "SELECT secret_key FROM supportlab.organisation");
        EXPECT_EQ(PQresultStatus(r), PGRES_FATAL_ERROR);
        EXPECT_NE(std::string(PQresultErrorMessage(r)).find("permission denied"), std::string::npos);
        PQclear(r);
        PQfinish(c);
    }

    // The superuser rewrites attempt 2's last event and its chain consistently: the server's own
    // check passes, but the export's chain head shows the change.
    ASSERT_EQ(m_cluster->Exec(m_dbName,
                              "SET session_replication_role = replica; "
                              "UPDATE supportlab.events e SET action = 'resolve t fixed', "
                              "  chain = supportlab.event_link((SELECT p.chain FROM supportlab.events p WHERE p.attempt_id = 2 "
                              "  AND p.seq = 1), a.uid, 2, e.sim_time, e.wall_time, 'resolve t fixed') "
                              "  FROM supportlab.attempts a WHERE a.id = 2 AND e.attempt_id = 2 AND e.seq = 2; "
                              "UPDATE supportlab.attempts SET chain_head = (SELECT chain FROM supportlab.events "
                              "  WHERE attempt_id = 2 AND seq = 2) WHERE id = 2"), "");
    EXPECT_EQ(Run({"server", "verify", "--db", asLee}).m_exit, 0);
    const CliResult rewritten = Run({"verify", csv, "--db", asLee});
    EXPECT_EQ(rewritten.m_exit, 1) << rewritten.m_out;
    const std::string uid = Value("SELECT uid FROM supportlab.attempts WHERE id = 2");
    EXPECT_NE(rewritten.m_out.find("attempt " + uid + ": its log on the server was changed after the export"), std::string::npos)
        << rewritten.m_out;
    EXPECT_NE(rewritten.m_out.find("1 exported attempt(s) no longer match"), std::string::npos) << rewritten.m_out;
}

TEST_F(ServerCli, AddUserNeedsAnInitialisedDatabase) {
    const CliResult r = Run({"server", "add-user", Name("dee"), "--role", "trainee", "--db", m_db}, "pw\n");
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find("no SupportLab schema"), std::string::npos) << r.m_err;
}

} // namespace
} // namespace sl::test
