// SupportLab tests: golden replays — `supportlab-cli play` output compared with tests/cli/data/*.expected.
#include "cli_runner.hpp"

#include <gtest/gtest.h>

#include <string>

using sl::test::ReadWholeFile;
using sl::test::RunCli;

namespace {

const std::string kData = SUPPORTLAB_TEST_DATA_DIR;

} // namespace

TEST(CliPlay, PerfectRunMatchesGolden) {
    const auto r = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/perfect.actions"});
    ASSERT_EQ(r.m_exit, 0) << r.m_err;
    EXPECT_EQ(r.m_out, ReadWholeFile(kData + "/perfect.expected"));
    EXPECT_NE(r.m_out.find("Total 70.00 / 70.00"), std::string::npos);
}

TEST(CliPlay, FlawedRunMatchesGoldenWithReasons) {
    const auto r = RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/flawed.actions"});
    ASSERT_EQ(r.m_exit, 0) << r.m_err;
    EXPECT_EQ(r.m_out, ReadWholeFile(kData + "/flawed.expected"));
    EXPECT_NE(r.m_out.find("harmful step 'Reset the laptop' done"), std::string::npos);
    EXPECT_NE(r.m_out.find("misrouted to tier1 first"), std::string::npos);
    EXPECT_NE(r.m_out.find("hints -2.00"), std::string::npos);
}
