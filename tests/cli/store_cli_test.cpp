// SupportLab CLI tests for the store commands: play --trainee, report, export, rescore, bad databases.
#include "../reports/report_rows.hpp"
#include "cli_runner.hpp"
#include "store_cli_fixture.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sl::test {
namespace {

namespace fs = std::filesystem;

TEST_F(StoreCli, PlayWithTraineeStoresTheAttempt) {
    const CliResult plain = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions"});
    const CliResult stored = Play("perfect.actions", "Ana");
    ASSERT_EQ(stored.m_exit, 0) << stored.m_err;
    EXPECT_EQ(stored.m_out, plain.m_out); // the same breakdown, stored as well
    EXPECT_NE(stored.m_err.find("stored as attempt 1"), std::string::npos) << stored.m_err;
    const CliResult m = RunCli({"report", "matrix", "--db", m_db, "--format", "csv"});
    ASSERT_EQ(m.m_exit, 0) << m.m_err;
    EXPECT_NE(m.m_out.find("Ana,spring,100.0,yes,1,1"), std::string::npos) << m.m_out;
}

TEST_F(StoreCli, PlayStoreOptionsNeedATrainee) {
    const CliResult r = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions", "--db", m_db});
    EXPECT_EQ(r.m_exit, 2);
    EXPECT_FALSE(fs::exists(m_db));
}

TEST_F(StoreCli, PlayStopsAtARefusedActionAndKeepsWhatWasDone) {
    const std::string script = m_dir + "/bad.actions";
    std::ofstream(script) << "at 5m\nack slow-login\nresolve no-such-ticket fixed\nack cracked-screen\n";
    const CliResult r = RunCli({"play", kData + "/tickets.yaml", "--actions", script, "--trainee", "Ana", "--db", m_db});
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find(script + ":3:1: error:"), std::string::npos) << r.m_err;
    EXPECT_NE(r.m_err.find("unfinished attempt 1"), std::string::npos) << r.m_err;
    const CliResult t = RunCli({"report", "timeline", "--attempt", "1", "--db", m_db, "--format", "csv"});
    ASSERT_EQ(t.m_exit, 0) << t.m_err;
    EXPECT_NE(t.m_out.find("ack slow-login"), std::string::npos);
    EXPECT_EQ(t.m_out.find("cracked-screen"), std::string::npos);
}

// With the scenario at hand the timeline takes each effect apart: the harmful wipe, whose net
// effect is a gain (it is the ticket's first work), shows the harm it did.
TEST_F(StoreCli, TheTimelineTakesEachEffectApartWithTheScenario) {
    Seed();
    const CliResult tl = RunCli({"report", "timeline", "--attempt", "2", "--db", m_db, "--scenarios", kData + "/tickets.yaml"});
    ASSERT_EQ(tl.m_exit, 0) << tl.m_err;
    EXPECT_NE(tl.m_out.find("By dimension"), std::string::npos) << tl.m_out;
    EXPECT_NE(tl.m_out.find("-5.00 troubleshooting (slow-login): harmful step 'Reset the laptop' done"), std::string::npos)
        << tl.m_out;
    EXPECT_NE(tl.m_out.find("+10.00 troubleshooting (slow-login): no longer: nothing earned for avoiding harm"),
              std::string::npos) << tl.m_out;
    const CliResult csv = RunCli({"report", "timeline", "--attempt", "2", "--db", m_db, "--scenarios", kData, "--format", "csv"});
    ASSERT_EQ(csv.m_exit, 0) << csv.m_err;
    EXPECT_NE(csv.m_out.find("by_dimension,why"), std::string::npos) << csv.m_out;
    EXPECT_NE(csv.m_out.find("troubleshooting +5.00"), std::string::npos) << csv.m_out;

    // Another version of the scenario: said why, and the timeline is still printed.
    const std::string changed = m_dir + "/changed";
    std::filesystem::create_directories(changed);
    std::filesystem::copy_file(kData + "/model.yaml", changed + "/model.yaml");
    std::string text = ReadWholeFile(kData + "/tickets.yaml");
    text += "\n# edited\n";
    std::ofstream(changed + "/tickets.yaml") << text;
    const CliResult stale = RunCli({"report", "timeline", "--attempt", "2", "--db", m_db, "--scenarios", changed});
    ASSERT_EQ(stale.m_exit, 0) << stale.m_err;
    EXPECT_NE(stale.m_err.find("has changed since this attempt was played"), std::string::npos) << stale.m_err;
    EXPECT_EQ(stale.m_out.find("By dimension"), std::string::npos);
    EXPECT_NE(stale.m_out.find("step slow-login wipe"), std::string::npos);
    EXPECT_EQ(RunCli({"report", "matrix", "--db", m_db, "--scenarios", kData}).m_exit, 2);
}

TEST_F(StoreCli, EveryReportInEveryFormat) {
    Seed();
    for (const char* kind : {"matrix", "skills", "items"})
        for (const char* format : {"table", "csv", "json"}) {
            SCOPED_TRACE(std::string(kind) + " " + format);
            const CliResult r = RunCli({"report", kind, "--db", m_db, "--format", format, "--grading", "last"});
            ASSERT_EQ(r.m_exit, 0) << r.m_err;
            EXPECT_NE(r.m_out.find(std::string(format) == "table" ? "Pass threshold: 70" : "pass_threshold"),
                      std::string::npos) << r.m_out;
            if (std::string(format) == "json") {
                EXPECT_TRUE(ValidJson(r.m_out)) << r.m_out;
            }
        }
    const CliResult tl = RunCli({"report", "timeline", "--attempt", "2", "--db", m_db});
    ASSERT_EQ(tl.m_exit, 0) << tl.m_err;
    EXPECT_NE(tl.m_out.find("Trainee: Ben"), std::string::npos);
    // The harmful wipe is the ticket's first work: its effect nets the credit for working the ticket
    // against the harm (docs/scoring.md); the debrief names the harm.
    EXPECT_NE(tl.m_out.find("step slow-login wipe"), std::string::npos) << tl.m_out;
    const CliResult cohort = RunCli({"report", "skills", "--db", m_db, "--cohort", "spring", "--trainee", "Ben"});
    ASSERT_EQ(cohort.m_exit, 0) << cohort.m_err;
    EXPECT_EQ(cohort.m_out.find("Ana"), std::string::npos) << cohort.m_out;
    const CliResult out = RunCli({"report", "matrix", "--db", m_db, "--out", m_dir + "/m.txt"});
    ASSERT_EQ(out.m_exit, 0);
    EXPECT_NE(ReadWholeFile(m_dir + "/m.txt").find("Cohort matrix"), std::string::npos);
}

TEST_F(StoreCli, ReportUsageAndLookupErrors) {
    Seed();
    EXPECT_EQ(RunCli({"report"}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "bogus", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "timeline", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "matrix", "--attempt", "1", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "matrix", "--grading", "best", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "matrix", "--format", "xml", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "timeline", "--attempt", "x1", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "matrix", "--db"}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "timeline", "--attempt", "1", "--sessions-only", "--db", m_db}).m_exit, 2);
    // Every seeded attempt is self-practice: graded on sessions only, the matrix has no scenario.
    const CliResult all = RunCli({"report", "matrix", "--format", "json", "--db", m_db});
    const CliResult sessions = RunCli({"report", "matrix", "--sessions-only", "--format", "json", "--db", m_db});
    ASSERT_EQ(sessions.m_exit, 0) << sessions.m_err;
    EXPECT_NE(all.m_out, sessions.m_out);
    EXPECT_EQ(sessions.m_out.find("\"percent\": 100"), std::string::npos) << sessions.m_out;
    const CliResult missing = RunCli({"report", "timeline", "--attempt", "99", "--db", m_db});
    EXPECT_EQ(missing.m_exit, 1);
    EXPECT_NE(missing.m_err.find("no attempt with id 99"), std::string::npos) << missing.m_err;
    EXPECT_EQ(RunCli({"report", "matrix", "--trainee", "Nobody", "--db", m_db}).m_exit, 1);
    const CliResult nodb = RunCli({"report", "matrix", "--db", m_dir + "/none.db"});
    EXPECT_EQ(nodb.m_exit, 1);
    EXPECT_FALSE(fs::exists(m_dir + "/none.db")); // a report never creates a database
}

TEST_F(StoreCli, BadDatabasesAreRefusedAndUntouched) {
    const std::string notes = m_dir + "/notes.db";
    std::ofstream(notes) << "not a database\n";
    for (const std::vector<std::string>& cmd :
         {std::vector<std::string>{"report", "matrix", "--db", notes},
          std::vector<std::string>{"export", "--format", "csv", "--out", m_dir + "/x.csv", "--db", notes},
          std::vector<std::string>{"rescore", "--scenarios", kData, "--db", notes},
          std::vector<std::string>{"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions", "--trainee",
                                   "Ana", "--db", notes}}) {
        const CliResult r = RunCli(cmd);
        EXPECT_EQ(r.m_exit, 1) << cmd[0];
        EXPECT_NE(r.m_err.find("not an SQLite database"), std::string::npos) << r.m_err;
        EXPECT_EQ(ReadWholeFile(notes), "not a database\n");
    }
    Seed();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(m_db.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 42", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    const CliResult newer = RunCli({"report", "matrix", "--db", m_db});
    EXPECT_EQ(newer.m_exit, 1);
    EXPECT_NE(newer.m_err.find("newer than this SupportLab understands"), std::string::npos) << newer.m_err;
}

TEST_F(StoreCli, ExportsCsvJsonAndXapi) {
    Seed();
    const CliResult csv = RunCli({"export", "--format", "csv", "--out", m_dir + "/a.csv", "--db", m_db});
    ASSERT_EQ(csv.m_exit, 0) << csv.m_err;
    const std::string text = ReadWholeFile(m_dir + "/a.csv");
    EXPECT_EQ(text.rfind("attempt_id,trainee,cohort", 0), 0u);
    size_t lines = 0;
    for (size_t p = text.find("\r\n"); p != std::string::npos; p = text.find("\r\n", p + 2)) ++lines;
    EXPECT_EQ(lines, 4u); // header + three attempts

    const CliResult json = RunCli({"export", "--format", "json", "--out", "-", "--db", m_db});
    ASSERT_EQ(json.m_exit, 0);
    EXPECT_TRUE(ValidJson(json.m_out));
    const CliResult xapi = RunCli({"export", "--format", "xapi", "--out", "-", "--db", m_db, "--homepage", "https://lrs.example"});
    ASSERT_EQ(xapi.m_exit, 0);
    EXPECT_TRUE(ValidJson(xapi.m_out));
    EXPECT_NE(xapi.m_out.find("\"scaled\": 1,"), std::string::npos) << xapi.m_out;
    EXPECT_NE(xapi.m_out.find("https://lrs.example/scenarios/cli-tickets"), std::string::npos);
    EXPECT_NE(xapi.m_out.find("\"name\": {\"en-US\": \"cli-tickets\"}"), std::string::npos) << "no titles: the id";
    // With the scenario files the activity is named by the scenario's title.
    const CliResult titled = RunCli({"export", "--format", "xapi", "--out", "-", "--db", m_db, "--scenarios", kData});
    ASSERT_EQ(titled.m_exit, 0) << titled.m_err;
    EXPECT_NE(titled.m_out.find("\"name\": {\"en-US\": \"CLI test tickets\"}"), std::string::npos) << titled.m_out;

    EXPECT_EQ(RunCli({"export", "--format", "csv", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"export", "--out", "-", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"export", "--format", "xml", "--out", "-", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"export", "--format", "xapi", "--out", "-", "--homepage", "lrs", "--db", m_db}).m_exit, 2);
    const CliResult nowhere = RunCli({"export", "--format", "csv", "--out", m_dir + "/no/such/dir/a.csv", "--db", m_db});
    EXPECT_EQ(nowhere.m_exit, 1);
    EXPECT_FALSE(fs::exists(m_dir + "/no"));
}

TEST_F(StoreCli, RescoreUsesTheCurrentScenario) {
    Seed();
    const CliResult before = RunCli({"export", "--format", "csv", "--out", "-", "--db", m_db});
    // A new version of the scenario: the perfect run's route becomes merely acceptable.
    fs::create_directories(m_dir + "/v2");
    fs::copy_file(kData + "/model.yaml", m_dir + "/v2/model.yaml");
    std::string yaml = ReadWholeFile(kData + "/tickets.yaml");
    const std::string from = "      route: ops\n      acceptable_routes: [tier2]";
    ASSERT_NE(yaml.find(from), std::string::npos);
    yaml.replace(yaml.find(from), from.size(), "      route: tier2\n      acceptable_routes: [ops]");
    std::ofstream(m_dir + "/v2/tickets.yaml") << yaml;

    const CliResult r = RunCli({"rescore", "--scenarios", m_dir + "/v2", "--db", m_db});
    ASSERT_EQ(r.m_exit, 0) << r.m_err;
    EXPECT_NE(r.m_out.find("re-scored 3 attempt(s)"), std::string::npos) << r.m_out;
    const CliResult after = RunCli({"export", "--format", "csv", "--out", "-", "--db", m_db});
    EXPECT_NE(before.m_out, after.m_out);
    const CliResult m = RunCli({"report", "matrix", "--db", m_db, "--format", "csv"});
    EXPECT_EQ(m.m_out.find("Ana,spring,100.0"), std::string::npos) << m.m_out; // no longer perfect

    // Attempts whose scenario is missing keep their scores; a missing --scenarios is usage.
    const CliResult none = RunCli({"rescore", "--scenarios", m_dir + "/empty-does-not-exist", "--db", m_db});
    EXPECT_EQ(none.m_exit, 1);
    EXPECT_EQ(RunCli({"rescore", "--db", m_db}).m_exit, 2);
}

// Lab runs are written by the app; here they go in with SQL, after Seed made Ana (1) and Ben (2).
void AddLabRuns(const std::string& db) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    const char* sql =
        "INSERT INTO lab_runs(id, trainee_id, lab_id, session_id, started_wall, ended_wall, finished) VALUES "
        "(1, 1, 'cli-lab', NULL, 1000, NULL, 0), (2, 2, 'cli-lab', NULL, 2000, NULL, 0);"
        "INSERT INTO lab_run_modules(run_id, module_id, done, seconds, updated_wall) VALUES "
        "(1, 'intro', 1, 600.0, 1), (1, 'tickets', 0, 125.0, 1), (2, 'intro', 1, 300.0, 1), (2, 'tickets', 1, 3300.0, 1);"
        "UPDATE lab_runs SET finished = 1, ended_wall = 9000 WHERE id = 2;";
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(h, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
}

// A three-module lab: a lecture, the tickets scenario, a closing lecture. The scenario and its model
// are copied beside the lab: references may not leave the scenario folder.
std::string WriteLab(const std::string& dir, const std::string& extra = "") {
    const std::string path = dir + "/cli-lab.yaml";
    for (const char* name : {"tickets.yaml", "model.yaml"})
        std::filesystem::copy_file(kData + "/" + name, dir + "/" + name, std::filesystem::copy_options::overwrite_existing);
    std::ofstream(path) << "format: 1\nkind: lab\nid: cli-lab\ntitle: CLI lab\ntime_budget: 1h\n" << extra << "modules:\n"
                           "  - id: intro\n    title: Intro\n    agenda: overview\n    type: lecture\n    duration: 5m\n"
                           "    text: Welcome.\n"
                           "  - id: tickets\n    title: Tickets\n    agenda: troubleshooting\n    type: scenario\n"
                           "    duration: 30m\n    scenario: tickets.yaml\n"
                           "  - id: wrap\n    title: Wrap-up\n    agenda: qa\n    type: lecture\n    duration: 5m\n"
                           "    text: Questions?\n";
    return path;
}

// Ana: 1/3, on tickets, 725 s (0:12). Ben: finished with 2/3, 3600 s (1:00). Median 2162.5 s (0:36).
TEST_F(StoreCli, LabsReportShowsEachTraineesNewestRun) {
    Seed();
    AddLabRuns(m_db);
    const std::string lab = WriteLab(m_dir);
    const CliResult t = RunCli({"report", "labs", "--lab", "cli-lab", "--scenarios", lab, "--db", m_db});
    ASSERT_EQ(t.m_exit, 0) << t.m_err;
    EXPECT_NE(t.m_out.find("Lab progress: CLI lab (cli-lab)"), std::string::npos) << t.m_out;
    EXPECT_NE(t.m_out.find("Finished: 1"), std::string::npos) << t.m_out;
    EXPECT_NE(t.m_out.find("Median time in the lab (h:mm): 0:36"), std::string::npos) << t.m_out;
    const size_t ana = t.m_out.find("\nAna ");
    ASSERT_NE(ana, std::string::npos) << t.m_out;
    const std::string anaLine = t.m_out.substr(ana + 1, t.m_out.find('\n', ana + 1) - ana - 1);
    for (const char* part : {"1/3", "tickets", "0:12", "in progress"})
        EXPECT_NE(anaLine.find(part), std::string::npos) << part << " in " << anaLine;

    const CliResult csv = RunCli({"report", "labs", "--lab", "cli-lab", "--scenarios", m_dir, "--db", m_db, "--format", "csv"});
    ASSERT_EQ(csv.m_exit, 0) << csv.m_err;
    EXPECT_NE(csv.m_out.find("\r\nAna,spring,1,3,tickets,725,in progress,no,1,1,,1970-01-01T00:00:01.000Z,cli-lab,3,2,2,1,2163,3600\r\n"),
              std::string::npos) << csv.m_out;
    EXPECT_NE(csv.m_out.find("\r\nBen,spring,2,3,,3600,finished,yes,1,2,"), std::string::npos) << csv.m_out;
    // Ben marked the intro done in 300 s: under a 6-minute threshold.
    const CliResult fast = RunCli({"report", "labs", "--lab", "cli-lab", "--scenarios", lab, "--db", m_db, "--format", "csv",
                                   "--fast-under", "6m"});
    ASSERT_EQ(fast.m_exit, 0) << fast.m_err;
    EXPECT_NE(fast.m_out.find("\r\nBen,spring,2,3,,3600,finished,yes,1,2,,1970-01-01T00:00:02.000Z,intro,"), std::string::npos)
        << fast.m_out;
    EXPECT_NE(fast.m_out.find("\r\nAna,spring,1,3,tickets,725,in progress,no,1,1,,1970-01-01T00:00:01.000Z,,"), std::string::npos)
        << fast.m_out;
    EXPECT_EQ(RunCli({"report", "matrix", "--fast-under", "6m", "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "labs", "--lab", "cli-lab", "--scenarios", lab, "--db", m_db, "--fast-under", "soon"}).m_exit, 2);
    const CliResult json = RunCli({"report", "labs", "--lab", "cli-lab", "--scenarios", lab, "--db", m_db, "--format", "json",
                                   "--trainee", "Ben"});
    ASSERT_EQ(json.m_exit, 0) << json.m_err;
    EXPECT_TRUE(ValidJson(json.m_out)) << json.m_out;
    EXPECT_NE(json.m_out.find("\"trainee\": \"Ben\""), std::string::npos);
    EXPECT_EQ(json.m_out.find("\"trainee\": \"Ana\""), std::string::npos) << "--trainee narrows the rows";

    // Usage errors (2) and a lab that is not there (1).
    EXPECT_EQ(RunCli({"report", "labs", "--scenarios", lab, "--db", m_db}).m_exit, 2) << "no --lab";
    EXPECT_EQ(RunCli({"report", "labs", "--lab", "cli-lab", "--db", m_db}).m_exit, 2) << "no --scenarios";
    EXPECT_EQ(RunCli({"report", "matrix", "--scenarios", lab, "--db", m_db}).m_exit, 2);
    EXPECT_EQ(RunCli({"report", "labs", "--lab", "cli-lab", "--scenarios", lab, "--scenario", "x", "--db", m_db}).m_exit, 2);
    const CliResult missing = RunCli({"report", "labs", "--lab", "nope", "--scenarios", lab, "--db", m_db});
    EXPECT_EQ(missing.m_exit, 1);
    EXPECT_NE(missing.m_err.find("no valid lab with id 'nope'"), std::string::npos) << missing.m_err;
    EXPECT_EQ(missing.m_out, "");
}

// play --lab stores a scripted attempt as the app stores a lab module's: in a run of the lab, the
// module marked done, graded at the lab's own pass mark, with the script's simulated time on task.
TEST_F(StoreCli, PlayWithinALabStoresItAsTheAppDoes) {
    const std::string lab = WriteLab(m_dir, "pass_threshold: 50\n");
    const std::string scenario = m_dir + "/tickets.yaml";
    const auto play = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = {"play", scenario, "--actions", kData + "/flawed.actions", "--trainee", "Ana",
                                         "--cohort", "spring", "--db", m_db};
        args.insert(args.end(), extra.begin(), extra.end());
        return RunCli(args);
    };
    const CliResult r = play({"--lab", "cli-lab", "--module", "tickets"}); // the lab found in the scenario's folder
    ASSERT_EQ(r.m_exit, 0) << r.m_err;

    // 55 % passes at the lab's 50 %, where the default 70 % would fail it.
    const CliResult m = RunCli({"report", "matrix", "--db", m_db, "--format", "csv"});
    ASSERT_EQ(m.m_exit, 0) << m.m_err;
    EXPECT_NE(m.m_out.find("Ana,spring,55.0,yes,1,1"), std::string::npos) << m.m_out;
    // The lab's run holds the module, done, with the script's 1:01:00 of simulated time.
    const CliResult labs = RunCli({"report", "labs", "--lab", "cli-lab", "--scenarios", lab, "--db", m_db, "--format", "csv"});
    ASSERT_EQ(labs.m_exit, 0) << labs.m_err;
    EXPECT_NE(labs.m_out.find("\r\nAna,spring,1,3,intro,3660,in progress,"), std::string::npos) << labs.m_out;
    // Time on task is the script's simulated time, not the milliseconds play took.
    const CliResult json = RunCli({"export", "--format", "json", "--out", "-", "--db", m_db});
    ASSERT_EQ(json.m_exit, 0) << json.m_err;
    EXPECT_NE(json.m_out.find("\"time_on_task_s\": 3660"), std::string::npos) << json.m_out;
    EXPECT_NE(json.m_out.find("\"lab_id\": \"cli-lab\""), std::string::npos) << json.m_out;

    // A second play goes into the same unfinished run.
    ASSERT_EQ(play({"--lab", "cli-lab", "--module", "tickets", "--scenarios", lab}).m_exit, 0);
    const CliResult again = RunCli({"report", "labs", "--lab", "cli-lab", "--scenarios", lab, "--db", m_db, "--format", "csv"});
    EXPECT_NE(again.m_out.find("\r\nAna,spring,1,3,intro,3660,in progress,no,1,1,"), std::string::npos) << again.m_out;

    // Usage errors (2), and a module that cannot hold this play (1).
    EXPECT_EQ(play({"--module", "tickets"}).m_exit, 2) << "--module without --lab";
    EXPECT_EQ(play({"--lab", "cli-lab"}).m_exit, 2) << "--lab without --module";
    EXPECT_EQ(play({"--lab", "cli-lab", "--module", "tickets", "--session", "soon"}).m_exit, 2);
    EXPECT_EQ(RunCli({"play", scenario, "--actions", kData + "/flawed.actions", "--lab", "cli-lab", "--module", "tickets"}).m_exit, 2)
        << "--lab without --trainee";
    const CliResult lecture = play({"--lab", "cli-lab", "--module", "intro"});
    EXPECT_EQ(lecture.m_exit, 1);
    EXPECT_NE(lecture.m_err.find("module 'intro' of lab 'cli-lab' is a lecture"), std::string::npos) << lecture.m_err;
    const CliResult unknown = play({"--lab", "cli-lab", "--module", "nope"});
    EXPECT_EQ(unknown.m_exit, 1);
    EXPECT_NE(unknown.m_err.find("lab 'cli-lab' has no module 'nope' (its scenario modules: tickets)"), std::string::npos) << unknown.m_err;
    const CliResult other = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/flawed.actions", "--trainee", "Ana",
                                    "--db", m_db, "--lab", "cli-lab", "--module", "tickets", "--scenarios", lab});
    EXPECT_EQ(other.m_exit, 1);
    EXPECT_NE(other.m_err.find("module 'tickets' of lab 'cli-lab' plays "), std::string::npos) << other.m_err;
    EXPECT_EQ(play({"--lab", "nope", "--module", "tickets"}).m_exit, 1);
}

// report and export read the selection options through one command line; both give the same
// usage errors: exit 2, "supportlab-cli CMD: <message>" first, then the command's help with the
// selection options, and nothing on stdout or on disk.
TEST_F(StoreCli, SelectionOptionUsageErrorsReadTheSameInReportAndExport) {
    const std::vector<std::string> selection = {"--db", "--cohort", "--lab", "--scenario", "--session", "--trainee"};
    for (const std::string cmd : {"report", "export"}) {
        const std::vector<std::string> before =
            cmd == "report" ? std::vector<std::string>{"report", "matrix"}
                            : std::vector<std::string>{"export", "--format", "csv", "--out", m_dir + "/x.csv"};
        const auto Check = [&](std::vector<std::string> args, const std::string& message) {
            SCOPED_TRACE(cmd + ": " + message);
            const CliResult r = RunCli(args);
            EXPECT_EQ(r.m_exit, 2);
            EXPECT_EQ(r.m_out, "");
            EXPECT_EQ(r.m_err.rfind("supportlab-cli " + cmd + ": " + message + "\nusage: supportlab-cli " + cmd, 0), 0u)
                << r.m_err;
            EXPECT_NE(r.m_err.find("  --db PATH|URI "), std::string::npos) << r.m_err;
            EXPECT_NE(r.m_err.find("  --trainee NAME "), std::string::npos) << r.m_err;
        };
        for (const std::string& option : selection) {
            std::vector<std::string> args = before;
            args.push_back(option);
            Check(args, "option '" + option + "' needs a value");
        }
        // A value that looks like an option is still the value: `--db --help` names a database.
        std::vector<std::string> dbNamedHelp = before;
        dbNamedHelp.insert(dbNamedHelp.end(), {"--db", m_dir + "/--help", "--frob"});
        Check(dbNamedHelp, cmd == "report" ? "unknown option '--frob'" : "unexpected argument '--frob'");
        std::vector<std::string> stray = before;
        stray.insert(stray.end(), {"--db", m_db, "stray"});
        Check(stray, cmd == "report" ? "more than one report given ('matrix' and 'stray')" : "unexpected argument 'stray'");
    }
    EXPECT_FALSE(fs::exists(m_db));
    EXPECT_FALSE(fs::exists(m_dir + "/x.csv"));
    EXPECT_FALSE(fs::exists(m_dir + "/--help"));
    // --help ends with the command's own exit codes, after the selection options.
    for (const std::string cmd : {"report", "export"}) {
        const CliResult r = RunCli({cmd, "--db", m_db, "--help"});
        EXPECT_EQ(r.m_exit, 0);
        EXPECT_EQ(r.m_err, "");
        EXPECT_NE(r.m_out.find("  --session ID "), std::string::npos) << r.m_out;
        EXPECT_NE(r.m_out.find("\n\nExit codes: 0 ok, 1 "), std::string::npos) << r.m_out;
    }
}

// play and rescore parse --db the same way (with their own help, without the selection options).
TEST_F(StoreCli, PlayAndRescoreDbNeedsAValue) {
    for (const std::string cmd : {"play", "rescore"}) {
        const CliResult r = RunCli({cmd, "--db"});
        EXPECT_EQ(r.m_exit, 2) << cmd;
        EXPECT_EQ(r.m_err.rfind("supportlab-cli " + cmd + ": option '--db' needs a value\nusage: supportlab-cli " + cmd, 0), 0u)
            << r.m_err;
        EXPECT_EQ(r.m_err.find("only this lab session"), std::string::npos) << r.m_err; // not report's selection options
    }
}

TEST_F(StoreCli, HelpForEveryStoreCommand) {
    for (const char* cmd : {"report", "export", "rescore"}) {
        const CliResult r = RunCli({cmd, "--help"});
        EXPECT_EQ(r.m_exit, 0) << cmd;
        EXPECT_NE(r.m_out.find("usage: supportlab-cli"), std::string::npos) << cmd;
    }
    const CliResult top = RunCli({"--help"});
    for (const char* cmd : {"report", "export", "rescore"}) EXPECT_NE(top.m_out.find(cmd), std::string::npos);
    EXPECT_NE(RunCli({"play", "--help"}).m_out.find("--trainee"), std::string::npos);
}

TEST_F(StoreCli, DefaultDatabaseFollowsXdgDataHome) {
    const char* old = std::getenv("XDG_DATA_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_DATA_HOME", (m_dir + "/xdg").c_str(), 1); // the child inherits it
    const CliResult r = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions", "--trainee", "Ana"});
    if (old) ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
    else ::unsetenv("XDG_DATA_HOME");
    ASSERT_EQ(r.m_exit, 0) << r.m_err;
    EXPECT_TRUE(fs::exists(m_dir + "/xdg/supportlab/supportlab.db"));
}

} // namespace
} // namespace sl::test
