// SupportLab tests: supportlab-cli end to end — help, validate, play, exit codes (golden replays: golden_test.cpp).
#include "cli_runner.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using sl::test::ReadWholeFile;
using sl::test::RunCli;
using sl::test::WriteTempFile;

namespace {

const std::string kData = SUPPORTLAB_TEST_DATA_DIR;

int CountLines(const std::string& text, const std::string& needle) {
    int n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find(needle) != std::string::npos) ++n;
    return n;
}

} // namespace

// [SECTION] Help and usage

TEST(Cli, HelpListsCommandsAndExitsZero) {
    const auto r = RunCli({"--help"});
    EXPECT_EQ(r.m_exit, 0);
    EXPECT_NE(r.m_out.find("validate"), std::string::npos);
    EXPECT_NE(r.m_out.find("play"), std::string::npos);
}

TEST(Cli, VersionPrintsVersion) {
    const auto r = RunCli({"--version"});
    EXPECT_EQ(r.m_exit, 0);
    EXPECT_EQ(r.m_out.rfind("supportlab-cli ", 0), 0u) << r.m_out;
}

TEST(Cli, NoArgumentsIsUsageError) { EXPECT_EQ(RunCli({}).m_exit, 2); }

TEST(Cli, UnknownCommandIsUsageError) {
    const auto r = RunCli({"frobnicate"});
    EXPECT_EQ(r.m_exit, 2);
    EXPECT_NE(r.m_err.find("unknown command"), std::string::npos);
}

TEST(Cli, EveryCommandHasHelp) {
    for (const char* cmd : {"validate", "play"}) {
        const auto r = RunCli({cmd, "--help"});
        EXPECT_EQ(r.m_exit, 0) << cmd;
        EXPECT_NE(r.m_out.find("usage: supportlab-cli"), std::string::npos) << cmd;
    }
}

// [SECTION] validate

TEST(CliValidate, ValidFolderExitsZero) {
    const auto r = RunCli({"validate", kData});
    EXPECT_EQ(r.m_exit, 0) << r.m_err;
    EXPECT_NE(r.m_out.find("2 files checked: 2 valid, 0 invalid"), std::string::npos) << r.m_out;
    EXPECT_TRUE(r.m_err.empty()) << r.m_err;
}

TEST(CliValidate, NoPathIsUsageError) { EXPECT_EQ(RunCli({"validate"}).m_exit, 2); }

TEST(CliValidate, UnknownOptionIsUsageError) { EXPECT_EQ(RunCli({"validate", "--frob", kData}).m_exit, 2); }

TEST(CliValidate, MissingFileIsInvalid) {
    const auto r = RunCli({"validate", kData + "/does-not-exist.yaml"});
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find("does-not-exist.yaml"), std::string::npos);
}

TEST(CliValidate, ReportsEveryErrorAsPathLineCol) {
    const std::string model = ReadWholeFile(kData + "/model.yaml");
    WriteTempFile("model.yaml", model);
    const std::string path = WriteTempFile("bad.yaml",
                                           "format: 1\n"
                                           "kind: common_issues\n"
                                           "id: bad\n"
                                           "title: Bad\n"
                                           "support_model: model.yaml\n"
                                           "player_role: agent\n"
                                           "tickets:\n"
                                           "  - id: t1\n"
                                           "    subject: S\n"
                                           "    report: R\n"
                                           "    answer: { category: nope, impact: low, urgency: low, route: nowhere }\n"
                                           "    colour: blue\n");
    const auto r = RunCli({"validate", path});
    EXPECT_EQ(r.m_exit, 1);
    // Three problems, each on its own line with the file's path and a 1-based position.
    EXPECT_NE(r.m_err.find(path + ":11:"), std::string::npos) << r.m_err;
    EXPECT_NE(r.m_err.find(path + ":12:5: error: unknown key 'colour'"), std::string::npos) << r.m_err;
    EXPECT_GE(CountLines(r.m_err, ": error: "), 3) << r.m_err;
}

TEST(CliValidate, AliasBombIsRejectedQuickly) {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; ++c, ++prev) {
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
        bomb += "]\n";
    }
    const std::string path = WriteTempFile("bomb.yaml", bomb);
    const auto start = std::chrono::steady_clock::now();
    const auto r = RunCli({"validate", path});
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.m_exit, 1) << r.m_err;
    EXPECT_LT(seconds, 30.0); // a hang would take minutes; this is a ceiling, not a benchmark
}

// [SECTION] play

TEST(CliPlay, SameInputsGiveTheSameOutputTwice) {
    const auto a = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/flawed.actions", "--json"});
    const auto b = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/flawed.actions", "--json"});
    ASSERT_EQ(a.m_exit, 0) << a.m_err;
    EXPECT_EQ(a.m_out, b.m_out);
    EXPECT_EQ(a.m_out.front(), '{');
}

TEST(CliPlay, OtherSeedsScoreTheSame) {
    for (const char* seed : {"2", "17", "123456789"}) {
        const auto r = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions", "--seed", seed});
        ASSERT_EQ(r.m_exit, 0) << seed << ": " << r.m_err;
        EXPECT_NE(r.m_out.find("Total 70.00 / 70.00"), std::string::npos) << seed;
    }
}

TEST(CliPlay, ScriptSyntaxErrorsAreInvalidInputWithPositions) {
    const std::string script = WriteTempFile("bad.actions", "ack slow-login\nfrobnicate x\nwait soon\n");
    const auto r = RunCli({"play", kData + "/tickets.yaml", "--actions", script});
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find(script + ":2:"), std::string::npos) << r.m_err;
    EXPECT_NE(r.m_err.find(script + ":3:"), std::string::npos) << r.m_err;
}

TEST(CliPlay, ImpossibleActionNamesItsLine) {
    const std::string script = WriteTempFile("early.actions", "# comment\nack cracked-screen\n");
    const auto r = RunCli({"play", kData + "/tickets.yaml", "--actions", script});
    EXPECT_EQ(r.m_exit, 1);
    EXPECT_NE(r.m_err.find(script + ":2:1: error:"), std::string::npos) << r.m_err;
    EXPECT_NE(r.m_err.find("has not arrived"), std::string::npos) << r.m_err;
}

TEST(CliPlay, InvalidScenarioIsInvalidInput) {
    const std::string script = WriteTempFile("ok.actions", "wait 1m\n");
    const auto r = RunCli({"play", kData + "/model.yaml", "--actions", script});
    EXPECT_EQ(r.m_exit, 1) << r.m_out;
    EXPECT_NE(r.m_err.find("error:"), std::string::npos);
}

TEST(CliArrivals, ListsEachTicketsArrivalUnderTheSeedInOrder) {
    const std::string drill = std::string(SUPPORTLAB_SCENARIO_DIR) + "/drills/customer-led-monday.yaml";
    const auto three = RunCli({"arrivals", drill, "--seed", "3"});
    ASSERT_EQ(three.m_exit, 0) << three.m_err;
    EXPECT_NE(three.m_out.find("drill-customer-led-monday, seed 3: 23 ticket(s)"), std::string::npos) << three.m_out;
    EXPECT_NE(three.m_out.find("     1:52  cam-1  Camera not found in Teams\n"), std::string::npos) << three.m_out;
    const auto four = RunCli({"arrivals", drill, "--seed", "4"});
    ASSERT_EQ(four.m_exit, 0);
    EXPECT_NE(four.m_out.find("     1:24  cam-1"), std::string::npos) << "the jitter moves it: " << four.m_out;
    // What it lists is where `at arrival` waits: the script acknowledges cam-1 the moment it arrives.
    const std::string script = ::testing::TempDir() + "/arrival.actions";
    { std::ofstream(script) << "at arrival cam-1\nack cam-1\n"; }
    const auto played = RunCli({"play", drill, "--actions", script, "--seed", "3"});
    ASSERT_EQ(played.m_exit, 0) << played.m_err;
    EXPECT_NE(played.m_out.find("ended at 2:52"), std::string::npos) << played.m_out;
    EXPECT_EQ(RunCli({"arrivals"}).m_exit, 2);
    EXPECT_EQ(RunCli({"arrivals", drill, "--seed", "x"}).m_exit, 2);
    const auto bad = RunCli({"arrivals", kData + "/no-such.yaml"});
    EXPECT_EQ(bad.m_exit, 1);
    EXPECT_NE(bad.m_err.find("no-such.yaml"), std::string::npos) << bad.m_err;
}

// time_budget is simulated time: play warns when a run ends past it, and still scores it.
TEST(CliPlay, WarnsWhenARunOvershootsTheTimeBudget) {
    const std::string dir = ::testing::TempDir() + "/budget";
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(kData + "/model.yaml", dir + "/model.yaml", std::filesystem::copy_options::overwrite_existing);
    std::string text = ReadWholeFile(kData + "/tickets.yaml");
    text.insert(text.find("player_role:"), "time_budget: 30m\n");
    { std::ofstream(dir + "/tickets.yaml") << text; }
    { std::ofstream(dir + "/long.actions") << "wait 45m\n"; }
    { std::ofstream(dir + "/short.actions") << "wait 20m\n"; }
    const auto over = RunCli({"play", dir + "/tickets.yaml", "--actions", dir + "/long.actions"});
    ASSERT_EQ(over.m_exit, 0) << over.m_err;
    EXPECT_NE(over.m_err.find("warning: the run took 45:00 of simulated time, over the scenario's time_budget of 30m"),
              std::string::npos) << over.m_err;
    EXPECT_NE(over.m_out.find("Total"), std::string::npos);
    const auto within = RunCli({"play", dir + "/tickets.yaml", "--actions", dir + "/short.actions"});
    ASSERT_EQ(within.m_exit, 0) << within.m_err;
    EXPECT_EQ(within.m_err.find("time_budget"), std::string::npos) << within.m_err;
    const auto stored = RunCli({"play", dir + "/tickets.yaml", "--actions", dir + "/long.actions", "--trainee", "Ana", "--db",
                                dir + "/budget.db"});
    ASSERT_EQ(stored.m_exit, 0) << stored.m_err;
    EXPECT_NE(stored.m_err.find("over the scenario's time_budget"), std::string::npos) << stored.m_err;
}

TEST(CliPlay, UsageErrors) {
    EXPECT_EQ(RunCli({"play"}).m_exit, 2);
    EXPECT_EQ(RunCli({"play", kData + "/tickets.yaml"}).m_exit, 2);                     // no --actions
    EXPECT_EQ(RunCli({"play", kData + "/tickets.yaml", "--actions"}).m_exit, 2);        // no value
    EXPECT_EQ(RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions", "--seed", "x"}).m_exit, 2);
    EXPECT_EQ(RunCli({"play", kData + "/tickets.yaml", "--frob"}).m_exit, 2);
}
