// SupportLab tests: run supportlab-cli as a child process and capture its exit code and output.
#pragma once

#include <string>
#include <vector>

namespace sl::test {

struct CliResult {
    int m_exit = -1;   // exit code, or 128 + signal when killed by a signal
    std::string m_out; // stdout
    std::string m_err; // stderr
};

// Runs SUPPORTLAB_CLI_PATH with args (no shell); stdin is /dev/null.
CliResult RunCli(const std::vector<std::string>& args);

// The same with stdin reading `input` (a file, so not a terminal).
CliResult RunCliWithInput(const std::vector<std::string>& args, const std::string& input);

// A file's bytes; empty when it cannot be read.
std::string ReadWholeFile(const std::string& path);

// Writes text to a fresh file under the test's temporary folder and returns its path.
std::string WriteTempFile(const std::string& name, const std::string& text);

} // namespace sl::test
