// SupportLab CLI: `play SCENARIO --actions FILE` replays a scripted attempt and prints its score.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "core/text.hpp"
#include "core/action.hpp"
#include "core/engine.hpp"
#include "core/scoring.hpp"
#include "scenario_io/loader.hpp"

#include <cstdio>

namespace sl::cli {

namespace {

const char* kPlayHelp =
    "usage: supportlab-cli play SCENARIO --actions FILE [--seed N] [--json] [--trainee NAME [--cohort C] [--db PATH|URI]]\n"
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
    "\n"
    "Exit codes: 0 ok, 1 invalid scenario, script or action, 2 usage.\n";

constexpr std::size_t kMaxScriptBytes = 4u * 1024u * 1024u;

} // namespace

int RunPlay(const Args& args) {
    std::string scenarioPath, actionsPath, seedText, trainee, cohort, db;
    bool json = false;
    CommandLine line("play", kPlayHelp, kPlayHelp);
    line.Value("--actions", &actionsPath).Value("--seed", &seedText).Value("--trainee", &trainee);
    line.Value("--cohort", &cohort).Value("--db", &db).Flag("--json", &json).Positional("SCENARIO", &scenarioPath);
    if (const auto stop = line.Parse(args)) return *stop;

    if (scenarioPath.empty()) return line.Usage("no SCENARIO given");
    if (actionsPath.empty()) return line.Usage("--actions FILE is required");
    if (trainee.empty() && (!db.empty() || !cohort.empty())) return line.Usage("--db and --cohort need --trainee NAME");
    if (!trainee.empty())
        if (const auto problem = NameProblem(trainee, "trainee name")) return line.Usage("--trainee: " + *problem);
    if (!cohort.empty())
        if (const auto problem = NameProblem(cohort, "cohort name")) return line.Usage("--cohort: " + *problem);
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
    if (!trainee.empty())
        return PlayAndStore(scenario, parsed.m_script.m_actions, seed, {DatabasePath(db), trainee, cohort, actionsPath, json});
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
