// SupportLab CLI: `arrivals SCENARIO [--seed N]` lists when each ticket arrives under a seed.
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "core/engine.hpp"
#include "core/text.hpp"
#include "scenario_io/loader.hpp"

#include <algorithm>
#include <cstdio>

namespace sl::cli {

namespace {

const char* kArrivalsHelp =
    "usage: supportlab-cli arrivals SCENARIO [--seed N]\n"
    "\n"
    "Lists when each ticket of a scenario arrives under a seed (a ticket's `vary.jitter` moves it),\n"
    "in arrival order: the simulated time, the ticket id and its subject. An action script can\n"
    "wait for one with `at arrival TICKET` (docs/action-script.md).\n"
    "\n"
    "  --seed N   the seed (default: the scenario's `seed`)\n"
    "\n"
    "Exit codes: 0 ok, 1 invalid scenario, 2 usage.\n";

} // namespace

int RunArrivals(const Args& args) {
    std::string path, seedText;
    CommandLine line("arrivals", kArrivalsHelp, kArrivalsHelp);
    line.Value("--seed", &seedText).Positional("SCENARIO", &path);
    if (const auto stop = line.Parse(args)) return *stop;
    if (path.empty()) return line.Usage("no SCENARIO given");
    std::optional<std::uint64_t> seed;
    if (!seedText.empty() && !(seed = ParseU64(seedText))) return line.Usage("--seed must be a whole number, not '" + seedText + "'");
    const LoadResult<Scenario> loaded = LoadScenarioFile(path);
    for (const Diagnostic& d : loaded.m_diagnostics) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    if (!loaded.Ok()) return kExitInvalid;
    const Scenario& scenario = *loaded.m_value;
    const std::uint64_t s = seed.value_or(scenario.m_defaultSeed);
    const Simulation sim(scenario, s);
    std::vector<const TicketState*> tickets, held;
    for (const TicketState& t : sim.Tickets()) (IsHeldBack(t) ? held : tickets).push_back(&t);
    std::stable_sort(tickets.begin(), tickets.end(), [](const TicketState* a, const TicketState* b) { return a->m_arrives < b->m_arrives; });
    std::printf("%s, seed %llu: %zu ticket(s)", scenario.m_id.c_str(), static_cast<unsigned long long>(s), tickets.size());
    if (!held.empty()) std::printf(", and %zu more that injects bring", held.size());
    std::printf("\n");
    for (const TicketState* t : tickets)
        std::printf("%9s  %s  %s\n", FormatClock(t->m_arrives).c_str(), TerminalSafe(t->m_def->m_id).c_str(),
                    TerminalSafe(t->m_def->m_subject).c_str());
    // A held ticket arrives its offset after its inject fires: when that is depends on the room.
    for (const TicketState* t : held) {
        const Inject* in = scenario.FindInject(t->m_def->m_heldFor);
        std::string when = "+" + FormatClock(t->m_heldOffset) + " after inject " + t->m_def->m_heldFor;
        if (in && in->m_at) when += " (" + FormatClock(*in->m_at + t->m_heldOffset) + " if it fires as planned)";
        std::printf("%9s  %s  %s  [%s]\n", "-", TerminalSafe(t->m_def->m_id).c_str(), TerminalSafe(t->m_def->m_subject).c_str(),
                    TerminalSafe(when).c_str());
    }
    return kExitOk;
}

} // namespace sl::cli
