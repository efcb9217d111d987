// SupportLab CLI: `rescore --scenarios DIR` recomputes stored attempts from their event logs.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "scenario_io/loader.hpp"
#include "store/attempt_recorder.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

namespace sl::cli {

namespace {

const char* kRescoreHelp =
    "usage: supportlab-cli rescore --scenarios DIR [--db PATH] [--scenario ID]\n"
    "\n"
    "Recomputes the scores of every finished attempt from its event log with the current version of\n"
    "its scenario, and records the content hash of the scenario that scored it. Scenarios are found\n"
    "by id among the files in DIR (searched recursively). Labs found there are registered with their\n"
    "pass thresholds. Attempts whose scenario is not in DIR keep their scores.\n"
    "\n"
    "  --scenarios DIR   where the current scenario files are (required)\n"
    "  --db PATH         the database (default: $XDG_DATA_HOME/supportlab/supportlab.db)\n"
    "  --scenario ID     only attempts at this scenario\n"
    "\n"
    "Exit codes: 0 ok, 1 an invalid scenario file or an attempt that no longer replays (its stored\n"
    "scores are kept), 2 usage.\n";

} // namespace

int RunRescore(const Args& args) {
    std::string dir, db, only;
    CommandLine line("rescore", kRescoreHelp, kRescoreHelp);
    line.Value("--scenarios", &dir).Value("--db", &db).Value("--scenario", &only);
    if (const auto stop = line.Parse(args)) return *stop;

    if (dir.empty()) return line.Usage("--scenarios DIR is required");

    auto store = OpenDatabaseForWriting(DatabasePath(db), false, "rescore");
    if (!store) return kExitInvalid;

    bool failed = false;
    std::map<std::string, std::shared_ptr<const Scenario>> scenarios;
    std::map<std::string, std::string> fileOf;
    std::set<std::string> ambiguous;
    // LoadPaths: each file is parsed once, for its report and for the scenario or lab it holds.
    for (const LoadedFile& loadedFile : LoadPaths({dir})) {
        const FileReport& f = loadedFile.m_report;
        if (!f.Ok()) {
            for (const Diagnostic& d : f.m_diagnostics)
                if (d.m_severity == DiagSeverity::Error) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
            if (ScenarioKindFromString(f.m_kind) || f.m_kind == "lab" || f.m_kind.empty()) failed = true;
            continue;
        }
        if (f.m_kind == "lab") {
            const std::shared_ptr<const Lab>& lab = loadedFile.m_lab;
            if (!lab) continue;
            for (const Lab& track : LabsByTrack(*lab)) { // each track's lab is a lab of its own
                auto st = store->PutLab(LabInfoOf(track));
                if (!st) {
                    std::fprintf(stderr, "supportlab-cli rescore: %s\n", st.Error().m_message.c_str());
                    return kExitInvalid;
                }
            }
            continue;
        }
        if (!ScenarioKindFromString(f.m_kind)) continue;
        if (!loadedFile.m_scenario) continue;
        const std::string id = loadedFile.m_scenario->m_id;
        if (scenarios.count(id)) {
            std::fprintf(stderr, "%s: error: scenario id '%s' is also used by %s; its attempts are not re-scored\n",
                         f.m_path.c_str(), id.c_str(), fileOf[id].c_str());
            ambiguous.insert(id);
            failed = true;
            continue;
        }
        fileOf[id] = f.m_path;
        scenarios.emplace(id, loadedFile.m_scenario);
    }
    for (const std::string& id : ambiguous) scenarios.erase(id);

    AttemptFilter filter;
    filter.m_finishedOnly = true;
    if (!only.empty()) filter.m_scenarioId = only;
    auto attempts = store->Attempts(filter);
    if (!attempts) {
        std::fprintf(stderr, "supportlab-cli rescore: %s\n", attempts.Error().m_message.c_str());
        return kExitInvalid;
    }
    int rescored = 0, changed = 0, errors = 0;
    std::map<std::string, int> missingScenario;
    for (const Attempt& a : attempts.Value()) {
        const auto it = scenarios.find(a.m_scenarioId);
        if (it == scenarios.end()) {
            ++missingScenario[a.m_scenarioId];
            continue;
        }
        auto r = RescoreAttempt(*store, *it->second, a.m_id);
        if (!r) {
            std::fprintf(stderr, "supportlab-cli rescore: attempt %lld: %s\n", static_cast<long long>(a.m_id),
                         r.Error().m_message.c_str());
            ++errors;
            // A busy or full database stops the run; a log that no longer replays only skips the attempt.
            if (r.Error().m_kind != StoreErrorKind::Invalid && r.Error().m_kind != StoreErrorKind::Corrupt) return kExitInvalid;
            continue;
        }
        ++rescored;
        if (std::fabs(r->m_total - a.m_score.value_or(0)) > 1e-9 || std::fabs(r->m_max - a.m_max.value_or(0)) > 1e-9)
            ++changed;
    }
    std::printf("re-scored %d attempt(s) with %zu scenario(s) from %s; %d changed score", rescored, scenarios.size(),
                dir.c_str(), changed);
    if (errors) std::printf("; %d could not be replayed (scores kept)", errors);
    std::printf("\n");
    for (const auto& [id, n] : missingScenario)
        std::printf("kept the scores of %d attempt(s) at '%s': no such scenario in %s\n", n, id.c_str(), dir.c_str());
    return failed || errors ? kExitInvalid : kExitOk;
}

} // namespace sl::cli
