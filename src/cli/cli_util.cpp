// SupportLab CLI: small helpers shared by the commands.
#include "cli/cli_util.hpp"

#include "cli/commands.hpp"
#include "core/text.hpp"
#include "platform/files.hpp"
#include "scenario_io/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace sl::cli {

std::optional<std::string> ReadFileCapped(const std::string& path, std::size_t maxBytes, std::string* error) {
    // A FIFO, device or folder is refused at once rather than waited on.
    return files::ReadRegularFile(path, maxBytes, error);
}

std::optional<std::uint64_t> ParseU64(const std::string& text) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

std::shared_ptr<const Lab> FindLab(const std::string& path, const std::string& id, const char* command) {
    std::shared_ptr<const Lab> found;
    std::vector<std::string> problems;
    for (const LoadedFile& f : LoadPaths({path})) {
        // A lab with tracks is found as LAB@TRACK, the lab run for that track.
        std::shared_ptr<const Lab> match;
        if (f.m_lab)
            for (Lab& l : LabsByTrack(*f.m_lab))
                if (l.m_id == id) match = f.m_lab->m_tracks.empty() ? f.m_lab : std::make_shared<const Lab>(std::move(l));
        if (match) {
            if (found) {
                std::fprintf(stderr, "supportlab-cli %s: lab id '%s' is used by both %s and %s\n", command, id.c_str(),
                             found->m_sourcePath.c_str(), f.m_lab->m_sourcePath.c_str());
                return nullptr;
            }
            found = match;
        } else if (!f.m_report.Ok() && (f.m_report.m_kind == "lab" || f.m_report.m_kind.empty())) {
            for (const Diagnostic& d : f.m_report.m_diagnostics)
                if (d.m_severity == DiagSeverity::Error) problems.push_back(FormatDiagnostic(d));
        }
    }
    if (found) return found;
    for (const std::string& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
    std::fprintf(stderr, "supportlab-cli %s: no valid lab with id '%s' in %s\n", command, id.c_str(), path.c_str());
    return nullptr;
}

CommandLine::CommandLine(std::string command, std::string help, std::string usageHelp)
    : m_command(std::move(command)), m_help(std::move(help)), m_usageHelp(std::move(usageHelp)) {}

CommandLine& CommandLine::Value(std::string name, std::string* value) {
    m_options.push_back({std::move(name), value, nullptr});
    return *this;
}

CommandLine& CommandLine::Flag(std::string name, bool* set) {
    m_options.push_back({std::move(name), nullptr, set});
    return *this;
}

CommandLine& CommandLine::Positional(std::string what, std::string* value) {
    m_positionalWhat = std::move(what);
    m_positional = value;
    return *this;
}

std::optional<int> CommandLine::Parse(const std::vector<std::string>& args) const {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        // Checked only where an option may stand: `--db --help` names a database called --help.
        if (a == "--help" || a == "-h") {
            std::fputs(m_help.c_str(), stdout);
            return kExitOk;
        }
        const auto option = std::find_if(m_options.begin(), m_options.end(), [&](const Option& o) { return o.m_name == a; });
        if (option != m_options.end()) {
            if (option->m_flag) {
                *option->m_flag = true;
            } else if (i + 1 < args.size()) {
                *option->m_value = args[++i];
            } else {
                return Usage("option '" + a + "' needs a value");
            }
        } else if (!m_positional) {
            return Usage("unexpected argument '" + a + "'");
        } else if (a.size() > 1 && a[0] == '-') {
            return Usage("unknown option '" + a + "'");
        } else if (m_positional->empty()) {
            *m_positional = a;
        } else {
            return Usage("more than one " + m_positionalWhat + " given ('" + *m_positional + "' and '" + a + "')");
        }
    }
    return std::nullopt;
}

int CommandLine::Usage(const std::string& message) const {
    std::fprintf(stderr, "supportlab-cli %s: %s\n%s", m_command.c_str(), message.c_str(), m_usageHelp.c_str());
    return kExitUsage;
}

int Fail(const char* command, const std::string& message) {
    std::fprintf(stderr, "supportlab-cli%s%s: %s\n", *command ? " " : "", command, message.c_str());
    return kExitInvalid;
}

void WarnOverTimeBudget(const Scenario& scenario, SimTime end, const char* command) {
    if (scenario.m_timeBudget <= 0 || end <= scenario.m_timeBudget) return;
    std::fprintf(stderr, "supportlab-cli %s: warning: the run took %s of simulated time, over the scenario's time_budget of %s\n",
                 command, FormatClock(end).c_str(), FormatDuration(scenario.m_timeBudget).c_str());
}

} // namespace sl::cli
