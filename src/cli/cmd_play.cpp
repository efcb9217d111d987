// SupportLab CLI: `play SCENARIO --actions FILE` replays a scripted attempt and prints its score.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "core/text.hpp"
#include "core/action.hpp"
#include "core/engine.hpp"
#include "core/scoring.hpp"
#include "scenario_io/loader.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>

namespace sl::cli {

namespace {

namespace fs = std::filesystem;

const char* kPlayHelp =
    "usage: supportlab-cli play SCENARIO --actions FILE [--seed N] [--json] [--trainee NAME [--cohort C] [--db PATH|URI]\n"
    "                           [--lab ID --module ID [--session N] [--scenarios PATH]]]\n"
    "\n"
    "Replays a scripted action list (docs/action-script.md) against a scenario and prints the\n"
    "score breakdown: total, maximum, each dimension, each item, and every deduction with its reason.\n"
    "\n"
    "  --actions FILE   the action script (required)\n"
    "  --seed N         the seed (default: the script's `seed` line, else the scenario's seed)\n"
    "  --json           print the breakdown as JSON instead of text\n"
    "  --trainee NAME   also store the attempt, action by action, for this trainee (created when new)\n"
    "  --cohort C       the cohort of a new trainee\n"
    "  --db PATH|URI    the database to store it in (default: $XDG_DATA_HOME/supportlab/supportlab.db),\n"
    "                   or the organisation server (postgresql://HOST/DB): the attempt is recorded in\n"
    "                   this machine's outbox first, then delivered; when the server cannot be reached\n"
    "                   it waits there (exit 0) for 'supportlab-cli sync'\n"
    "  --lab ID         store it as the app does within lab ID: as module --module of the trainee's\n"
    "                   run of the lab (her unfinished one, else a new one), marked done; reports then\n"
    "                   grade it at the lab's pass mark and 'report labs' lists it\n"
    "  --module ID      the lab's scenario module that plays SCENARIO\n"
    "  --session N      the trainer's lab session the run belongs to\n"
    "  --scenarios PATH the library holding the lab (a folder; the lab's scenarios must be inside\n"
    "                   it) or the lab file (default: the folder above SCENARIO's when it has a\n"
    "                   labs/ folder, as the shipped library does, else SCENARIO's folder)\n"
    "\n"
    "A stored script's wall times are laid out along its simulated times, ending now, so its time on\n"
    "task in reports is the script's simulated time.\n"
    "\n"
    "Exit codes: 0 ok, 1 invalid scenario, script or action, 2 usage.\n";

constexpr std::size_t kMaxScriptBytes = 4u * 1024u * 1024u;

// Where --lab looks by default: the library the scenario is in, when its folder has a labs/
// folder beside it (the shipped layout: scenarios/labs/ next to scenarios/common-issues/), else the
// scenario's folder. A lab's scenarios must lie inside the folder searched, so it is the library
// root, not labs/ itself.
std::string DefaultLabFolder(const std::string& scenarioPath) {
    const fs::path folder = fs::absolute(fs::path(scenarioPath)).lexically_normal().parent_path();
    std::error_code ec;
    if (fs::is_directory(folder.parent_path() / "labs", ec)) return folder.parent_path().string();
    return folder.string();
}

// Why `moduleId` of `lab` cannot hold a play of scenarioPath, or nullopt when it can.
std::optional<std::string> ModuleProblem(const Lab& lab, const std::string& moduleId, const std::string& scenarioPath) {
    const LabModule* module = nullptr;
    std::string ids;
    for (const LabModule& m : lab.m_modules) {
        if (m.m_id == moduleId) module = &m;
        if (m.m_type == ModuleType::Scenario) ids += (ids.empty() ? "" : ", ") + m.m_id;
    }
    if (!module) return "lab '" + lab.m_id + "' has no module '" + moduleId + "' (its scenario modules: " + ids + ")";
    if (module->m_type != ModuleType::Scenario)
        return "module '" + moduleId + "' of lab '" + lab.m_id + "' is a lecture; a script plays a scenario module (" + ids + ")";
    const std::string plays = ResolvePath(lab.m_sourcePath, module->m_scenarioPath);
    std::error_code a, b;
    const fs::path want = fs::weakly_canonical(plays, a), got = fs::weakly_canonical(scenarioPath, b);
    if (a || b || want != got)
        return "module '" + moduleId + "' of lab '" + lab.m_id + "' plays " + plays + ", not " + scenarioPath;
    return std::nullopt;
}

} // namespace

int RunPlay(const Args& args) {
    std::string scenarioPath, actionsPath, seedText, trainee, cohort, db, labId, moduleId, sessionText, labPath;
    bool json = false;
    CommandLine line("play", kPlayHelp, kPlayHelp);
    line.Value("--actions", &actionsPath).Value("--seed", &seedText).Value("--trainee", &trainee);
    line.Value("--cohort", &cohort).Value("--db", &db).Flag("--json", &json).Positional("SCENARIO", &scenarioPath);
    line.Value("--lab", &labId).Value("--module", &moduleId).Value("--session", &sessionText).Value("--scenarios", &labPath);
    if (const auto stop = line.Parse(args)) return *stop;

    if (scenarioPath.empty()) return line.Usage("no SCENARIO given");
    if (actionsPath.empty()) return line.Usage("--actions FILE is required");
    if (trainee.empty() && (!db.empty() || !cohort.empty())) return line.Usage("--db and --cohort need --trainee NAME");
    if (!trainee.empty())
        if (const auto problem = NameProblem(trainee, "trainee name")) return line.Usage("--trainee: " + *problem);
    if (!cohort.empty())
        if (const auto problem = NameProblem(cohort, "cohort name")) return line.Usage("--cohort: " + *problem);
    if (labId.empty() && (!moduleId.empty() || !sessionText.empty() || !labPath.empty()))
        return line.Usage("--module, --session and --scenarios are for --lab ID");
    if (!labId.empty() && moduleId.empty()) return line.Usage("--lab needs --module ID (the module that plays SCENARIO)");
    if (!labId.empty() && trainee.empty()) return line.Usage("--lab stores the attempt: it needs --trainee NAME");
    std::optional<RowId> sessionId;
    if (!sessionText.empty()) {
        const auto n = ParseU64(sessionText);
        if (!n || *n == 0 || *n > static_cast<std::uint64_t>(INT64_MAX)) return line.Usage("--session takes a session number, not '" + sessionText + "'");
        sessionId = static_cast<RowId>(*n);
    }
    std::optional<std::uint64_t> seedOverride;
    if (!seedText.empty()) {
        seedOverride = ParseU64(seedText);
        if (!seedOverride) return line.Usage("--seed takes a whole number, not '" + seedText + "'");
    }

    const LoadResult<Scenario> loaded = LoadScenarioFile(scenarioPath);
    for (const Diagnostic& d : loaded.m_diagnostics) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    if (!loaded.Ok()) return kExitInvalid;
    const Scenario& scenario = *loaded.m_value;

    std::string readError;
    const std::optional<std::string> text = ReadFileCapped(actionsPath, kMaxScriptBytes, &readError);
    if (!text) {
        std::fprintf(stderr, "%s: error: cannot read action script: %s\n", actionsPath.c_str(), readError.c_str());
        return kExitInvalid;
    }
    const ScriptParseResult parsed = ParseActionScript(*text);
    for (const ScriptError& e : parsed.m_errors)
        std::fprintf(stderr, "%s:%d:%d: error: %s\n", actionsPath.c_str(), e.m_line, e.m_col, e.m_message.c_str());
    if (!parsed.Ok()) return kExitInvalid;

    const std::uint64_t seed = seedOverride ? *seedOverride : parsed.m_script.m_seed.value_or(scenario.m_defaultSeed);
    StoredPlay stored{DatabasePath(db), trainee, cohort, actionsPath, json, nullptr, moduleId, sessionId};
    if (!labId.empty()) {
        if (labPath.empty()) labPath = DefaultLabFolder(scenarioPath);
        stored.m_lab = FindLab(labPath, labId, "play");
        if (!stored.m_lab) return kExitInvalid;
        if (const auto problem = ModuleProblem(*stored.m_lab, moduleId, scenarioPath)) {
            std::fprintf(stderr, "supportlab-cli play: %s\n", problem->c_str());
            return kExitInvalid;
        }
    }
    if (!trainee.empty()) return PlayAndStore(scenario, parsed.m_script.m_actions, seed, stored);
    Simulation sim(scenario, seed);
    for (const Action& action : parsed.m_script.m_actions) {
        const ApplyResult r = sim.Apply(action);
        if (!r.m_ok) {
            std::fprintf(stderr, "%s:%d:1: error: %s (at simulated time %s)\n", actionsPath.c_str(), action.m_line,
                         r.m_error.c_str(), FormatClock(sim.Now()).c_str());
            return kExitInvalid;
        }
    }

    const ScoreReport report = Score(sim);
    std::fputs((json ? FormatScoreJson(report) : FormatScoreText(report)).c_str(), stdout);
    WarnOverTimeBudget(scenario, sim.Now(), "play");
    return kExitOk;
}

} // namespace sl::cli
