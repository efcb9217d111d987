// SupportLab CLI: the command table; each command lives in its own cmd_*.cpp file.
#pragma once

#include <string>
#include <vector>

namespace sl::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1; // invalid input: a bad scenario, script or database
inline constexpr int kExitUsage = 2;   // the command line itself is wrong

using Args = std::vector<std::string>;

struct Command {
    const char* m_name;
    const char* m_summary; // one line for `supportlab-cli --help`
    int (*m_run)(const Args& args); // args exclude the command name; prints its own --help
};

// Defined in main.cpp: every command, in the order `--help` lists them.
const std::vector<Command>& AllCommands();

} // namespace sl::cli
