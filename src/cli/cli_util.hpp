// SupportLab CLI: small helpers shared by the commands (file reading, number and command-line parsing).
#pragma once

#include "core/model.hpp"

#include <memory>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sl::cli {

// Reads a whole file of at most maxBytes; nullopt with a one-line reason in *error otherwise.
std::optional<std::string> ReadFileCapped(const std::string& path, std::size_t maxBytes, std::string* error);

// Parses a non-negative decimal integer that fits in 64 bits.
std::optional<std::uint64_t> ParseU64(const std::string& text);

// Prints "supportlab-cli COMMAND: message" ("supportlab-cli: message" when command is empty) to
// stderr and returns kExitInvalid: bad input, a server's refusal or a network fault.
int Fail(const char* command, const std::string& message);

// Warns on stderr when a run of the scenario ended past its time_budget (simulated time; nothing
// stops at the limit, docs/scenario-format.md).
void WarnOverTimeBudget(const Scenario& scenario, SimTime end, const char* command);

// The definition of lab `id` in path (a lab file or a folder). Null, with the reason printed as
// "supportlab-cli COMMAND: ...", when it is missing, invalid or defined twice.
std::shared_ptr<const Lab> FindLab(const std::string& path, const std::string& id, const char* command);

// One command's arguments: `--name VALUE` options, `--name` flags and at most one positional
// argument. Every command reads its line through this, so --help and the usage errors ("option
// '--x' needs a value", "unknown option", "unexpected argument") read the same everywhere.
// The targets are the caller's variables; an option given twice keeps the last value.
class CommandLine {
public:
    // help is printed to stdout by --help/-h; usageHelp to stderr after a usage message.
    CommandLine(std::string command, std::string help, std::string usageHelp);

    CommandLine& Value(std::string name, std::string* value);
    CommandLine& Flag(std::string name, bool* set);
    // The one positional argument, named `what` in "more than one WHAT given". Without it every
    // argument that is no option is "unexpected"; with it one that starts with '-' is "unknown".
    CommandLine& Positional(std::string what, std::string* value);

    // nullopt when the command should go on; else the exit code to return at once (kExitOk after
    // --help, kExitUsage after a usage message).
    std::optional<int> Parse(const std::vector<std::string>& args) const;

    // Prints "supportlab-cli COMMAND: message" and the usage help to stderr; returns kExitUsage.
    int Usage(const std::string& message) const;

private:
    struct Option {
        std::string m_name;
        std::string* m_value = nullptr; // a value option
        bool* m_flag = nullptr;         // a flag
    };
    std::string m_command, m_help, m_usageHelp;
    std::vector<Option> m_options;
    std::string m_positionalWhat;
    std::string* m_positional = nullptr;
};

} // namespace sl::cli
