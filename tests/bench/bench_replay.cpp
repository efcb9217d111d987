// SupportLab bench: replaying and scoring a 3-hour lab of 300 tickets and 10,000 actions.
#include "bench_sections.hpp"

#include "bench_data.hpp"
#include "core/engine.hpp"
#include "core/scoring.hpp"
#include "scenario_io/loader.hpp"

#include <cstdio>
#include <stdexcept>

namespace sl::bench {

namespace {

// Loads the generated lab from memory: the scenario names "tiered.yaml" beside it.
Scenario LoadLongLab(const LongLab& lab) {
    const FileReader reader = [&](const std::string& path, std::string* error) -> std::optional<std::string> {
        if (path == "/bench/tiered.yaml") return lab.m_modelYaml;
        if (error) *error = "no such file";
        return std::nullopt;
    };
    LoadResult<Scenario> r = LoadScenarioText(lab.m_scenarioYaml, "/bench/long-lab.yaml", reader);
    if (!r.Ok()) {
        const std::string first = r.m_diagnostics.empty() ? "?" : FormatDiagnostic(r.m_diagnostics[0]);
        throw std::runtime_error("the generated lab does not load: " + first);
    }
    return std::move(*r.m_value);
}

} // namespace

void BenchReplay(const Options& o, Table& table) {
    const int tickets = o.m_quick ? 30 : 300;
    const int actions = o.m_quick ? 1000 : 10000;
    const int reps = o.m_quick ? 1 : 5 * o.m_reps;
    const LongLab lab = MakeLongLab(tickets, actions);
    const Scenario scenario = LoadLongLab(lab);

    double total = 0;
    SimTime end = 0;
    const auto replay = [&] {
        Simulation sim(scenario, 1);
        for (const Action& a : lab.m_actions) {
            const ApplyResult r = sim.Apply(a);
            if (!r.m_ok) throw std::runtime_error("action on line " + std::to_string(a.m_line) + " refused: " + r.m_error);
        }
        if (!sim.Finished()) throw std::runtime_error("the generated lab does not finish every ticket");
        const ScoreReport report = Score(sim);
        total += report.m_total;
        end = sim.Now();
    };
    size_t sink = 0;
    const auto parse = [&] { sink += ParseActionScript(lab.m_script).m_script.m_actions.size(); };
    const Timing t = Interleaved(reps, replay, parse);
    std::printf("# replay: simulated time at the end %s, %zu actions parsed per run\n", FormatClock(end).c_str(),
                sink / static_cast<size_t>(reps));
    table.Add(TimedRow("replay + score: " + std::to_string(tickets) + " tickets, " + std::to_string(actions) +
                           " actions, " + FormatDuration(end) + " lab",
                       "ParseActionScript of the same script", t, "< 5 ms", t.m_ours < 5.0));
    if (total < 0) std::printf("#\n");
}

} // namespace sl::bench
