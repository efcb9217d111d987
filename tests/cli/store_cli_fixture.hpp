// SupportLab CLI tests: a temporary folder and database for store commands, and playing the test data into it.
#pragma once

#include "cli_runner.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace sl::test {

inline const std::string kData = std::string(SUPPORTLAB_TEST_DATA_DIR);

class StoreCli : public ::testing::Test {
protected:
    void SetUp() override {
        const char* t = std::getenv("TMPDIR");
        std::string tmpl = std::string(t && *t ? t : "/tmp") + "/sl-store-cli-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
        m_db = m_dir + "/lab.db";
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    CliResult Play(const std::string& actions, const std::string& trainee, const std::string& cohort = "spring") {
        return RunCli({"play", kData + "/tickets.yaml", "--actions", kData + "/" + actions, "--trainee", trainee,
                       "--cohort", cohort, "--db", m_db});
    }
    void Seed() {
        ASSERT_EQ(Play("perfect.actions", "Ana").m_exit, 0);
        ASSERT_EQ(Play("flawed.actions", "Ben").m_exit, 0);
        ASSERT_EQ(Play("flawed.actions", "Ana").m_exit, 0);
    }
    std::string m_dir, m_db;
};

} // namespace sl::test
