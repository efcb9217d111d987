// SupportLab CLI: a thin main that dispatches to the commands; no ImGui, no GLFW.
#include "cli/commands.hpp"

#include <cstdio>
#include <cstring>

namespace sl::cli {

int RunValidate(const Args& args);
int RunPlay(const Args& args);
int RunReport(const Args& args);
int RunExport(const Args& args);
int RunRescore(const Args& args);
int RunServer(const Args& args);
int RunSync(const Args& args);
int RunPush(const Args& args);
int RunVerify(const Args& args);
int RunAssessment(const Args& args);
int RunArrivals(const Args& args);
int RunSession(const Args& args);
int RunInject(const Args& args);

const std::vector<Command>& AllCommands() {
    static const std::vector<Command> commands = {
        {"validate", "check scenario, support-model and lab files or folders", RunValidate},
        {"play", "replay a scripted action list and print the score breakdown", RunPlay},
        {"arrivals", "list when each ticket of a scenario arrives under a seed", RunArrivals},
        {"report", "print a lead's report: matrix, skills, items, timeline or labs", RunReport},
        {"export", "export stored results as CSV, JSON or xAPI statements", RunExport},
        {"verify", "check that a signed export is exactly what the organisation server wrote", RunVerify},
        {"assessment", "sit a published assessment on the organisation server, and read its released results", RunAssessment},
        {"rescore", "re-score stored attempts with the current scenarios", RunRescore},
        {"server", "set up an organisation's PostgreSQL server: schema, users and roles", RunServer},
        {"sync", "deliver this machine's outbox to the organisation server", RunSync},
        {"push", "copy a standalone SQLite database to the organisation server", RunPush},
        {"session", "a lab session's live room: who is where, SLAs, injects; pause and resume it", RunSession},
        {"inject", "fire, move or skip an inject in a lab session's live room", RunInject},
    };
    return commands;
}

} // namespace sl::cli

namespace {

void PrintHelp(std::FILE* out) {
    std::fprintf(out,
                 "usage: supportlab-cli <command> [options]\n"
                 "       supportlab-cli --help | --version\n\ncommands:\n");
    for (const auto& c : sl::cli::AllCommands()) std::fprintf(out, "  %-10s %s\n", c.m_name, c.m_summary);
    std::fprintf(out, "\nRun 'supportlab-cli <command> --help' for a command's options.\n"
                      "Exit codes: 0 ok, 1 invalid input, 2 usage.\n");
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        PrintHelp(stderr);
        return sl::cli::kExitUsage;
    }
    const char* name = argv[1];
    if (!std::strcmp(name, "--help") || !std::strcmp(name, "-h") || !std::strcmp(name, "help")) {
        PrintHelp(stdout);
        return sl::cli::kExitOk;
    }
    if (!std::strcmp(name, "--version")) {
        std::printf("supportlab-cli %s\n", SUPPORTLAB_VERSION);
        return sl::cli::kExitOk;
    }
    for (const auto& c : sl::cli::AllCommands())
        if (!std::strcmp(name, c.m_name)) return c.m_run(sl::cli::Args(argv + 2, argv + argc));
    std::fprintf(stderr, "supportlab-cli: unknown command '%s' (try --help)\n", name);
    return sl::cli::kExitUsage;
}
