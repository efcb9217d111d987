// SupportLab CLI: `validate PATH...` checks scenario, support-model and lab files or folders.
#include "cli/commands.hpp"
#include "scenario_io/loader.hpp"

#include <cstdio>

namespace sl::cli {

namespace {

const char* kValidateHelp =
    "usage: supportlab-cli validate [--quiet] PATH...\n"
    "\n"
    "Checks YAML support models, scenarios and labs. Folders are searched recursively for\n"
    "*.yaml and *.yml files. Every problem is printed to stderr as path:line:col: error: message.\n"
    "\n"
    "  --quiet   print only the problems, not the per-file verdicts and summary\n"
    "\n"
    "Exit codes: 0 all valid, 1 any invalid, 2 usage.\n";

} // namespace

int RunValidate(const Args& args) {
    std::vector<std::string> paths;
    bool quiet = false;
    bool onlyPaths = false;
    for (const std::string& a : args) {
        if (!onlyPaths && (a == "--help" || a == "-h")) {
            std::fputs(kValidateHelp, stdout);
            return kExitOk;
        }
        if (!onlyPaths && a == "--quiet") {
            quiet = true;
        } else if (!onlyPaths && a == "--") {
            onlyPaths = true;
        } else if (!onlyPaths && a.size() > 1 && a[0] == '-') {
            std::fprintf(stderr, "supportlab-cli validate: unknown option '%s'\n%s", a.c_str(), kValidateHelp);
            return kExitUsage;
        } else {
            paths.push_back(a);
        }
    }
    if (paths.empty()) {
        std::fprintf(stderr, "supportlab-cli validate: no PATH given\n%s", kValidateHelp);
        return kExitUsage;
    }

    const std::vector<FileReport> reports = ValidatePaths(paths);
    int invalid = 0, errors = 0, warnings = 0;
    for (const FileReport& r : reports) {
        for (const Diagnostic& d : r.m_diagnostics) {
            std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
            (d.m_severity == DiagSeverity::Error ? errors : warnings)++;
        }
        if (!r.Ok()) ++invalid;
        if (!quiet)
            std::printf("%-7s %s%s%s\n", r.Ok() ? "ok" : "INVALID", r.m_path.c_str(),
                        r.m_kind.empty() ? "" : "  ", r.m_kind.c_str());
    }
    if (!quiet)
        std::printf("%zu file%s checked: %zu valid, %d invalid (%d error%s, %d warning%s)\n", reports.size(),
                    reports.size() == 1 ? "" : "s", reports.size() - static_cast<size_t>(invalid), invalid,
                    errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    return invalid == 0 ? kExitOk : kExitInvalid;
}

} // namespace sl::cli
