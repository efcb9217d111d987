// SupportLab bench: loading and validating a generated scenario library vs bare YAML::LoadFile.
#include "bench_sections.hpp"

#include "bench_data.hpp"
#include "scenario_io/loader.hpp"

#ifdef SUPPORTLAB_BENCH_UI
#include "ui/app_state.hpp"
#include "ui/library.hpp"
#endif

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <stdexcept>

namespace sl::bench {

namespace {

size_t CountTickets(const std::vector<Scenario>& scenarios) {
    size_t n = 0;
    for (const Scenario& s : scenarios) n += s.m_tickets.size();
    return n;
}

std::vector<Scenario> LoadAll(const std::vector<std::string>& scenarioPaths) {
    std::vector<Scenario> out;
    out.reserve(scenarioPaths.size());
    for (const std::string& p : scenarioPaths) {
        LoadResult<Scenario> r = LoadScenarioFile(p);
        if (!r.Ok()) {
            const std::string first = r.m_diagnostics.empty() ? "?" : FormatDiagnostic(r.m_diagnostics[0]);
            throw std::runtime_error("generated scenario does not load: " + first);
        }
        out.push_back(std::move(*r.m_value));
    }
    return out;
}

// One file of a loaded library: its tickets, and a count of the files that did not load.
size_t Tally(bool valid, const Scenario* scenario, size_t* invalid) {
    if (invalid && !valid) ++*invalid;
    return scenario ? scenario->m_tickets.size() : 0;
}

#ifdef SUPPORTLAB_BENCH_UI
// The library as the application loads it, at start and on F5 (each load replaces the previous one).
struct AppLibrary {
    static constexpr const char* kCall = "ui::LoadLibrary";
    explicit AppLibrary(const std::string& dir) { m_app.m_options.m_scenarioDir = dir; }
    size_t Load(size_t* invalid = nullptr) { // tickets of the loaded scenarios
        ui::LoadLibrary(m_app);
        size_t tickets = 0;
        for (const ui::LibraryEntry& e : m_app.m_library.m_entries) tickets += Tally(e.m_valid, e.m_scenario.get(), invalid);
        return tickets;
    }
    ui::AppState m_app;
};
#else
// Without the ui target (no GUI build): the scenario_io call ui::LoadLibrary makes.
struct AppLibrary {
    static constexpr const char* kCall = "LoadPaths, what ui::LoadLibrary calls";
    explicit AppLibrary(std::string dir) : m_dir(std::move(dir)) {}
    size_t Load(size_t* invalid = nullptr) { // tickets of the loaded scenarios
        m_loaded = LoadPaths({m_dir});
        size_t tickets = 0;
        for (const LoadedFile& f : m_loaded) tickets += Tally(f.m_report.Ok(), f.m_scenario.get(), invalid);
        return tickets;
    }
    std::string m_dir;
    std::vector<LoadedFile> m_loaded;
};
#endif

std::vector<YAML::Node> YamlAll(const std::vector<std::string>& paths) {
    std::vector<YAML::Node> out;
    out.reserve(paths.size());
    for (const std::string& p : paths) out.push_back(YAML::LoadFile(p));
    return out;
}

} // namespace

void BenchLibrary(const Options& o, Table& table) {
    const int files = o.m_files > 0 ? o.m_files : o.m_quick ? 10 : 500;
    const int perFile = o.m_quick ? 2 : 20;
    const int reps = o.m_quick ? 1 : o.m_reps;
    const std::string dir = MakeTempDir("supportlab-bench-library");
    const std::vector<std::string> all = WriteLibrary(dir, files, perFile);
    const std::vector<std::string> scenarios(all.begin() + 1, all.end());
    size_t bytes = 0;
    for (const std::string& p : all) bytes += ReadText(p).size(); // also warms the page cache
    std::printf("# library: %d scenario files + 1 support model, %d tickets, %.1f MiB in %s\n", files,
                files * perFile, static_cast<double>(bytes) / (1024.0 * 1024.0), dir.c_str());

    // Correctness first: a benchmark of a loader that rejects its input would measure nothing.
    {
        const std::vector<FileReport> reports = ValidatePaths({dir});
        size_t bad = 0;
        for (const FileReport& r : reports)
            if (!r.Ok()) {
                if (bad++ == 0 && !r.m_diagnostics.empty()) std::printf("# %s\n", FormatDiagnostic(r.m_diagnostics[0]).c_str());
            }
        if (bad || reports.size() != all.size()) throw std::runtime_error("the generated library does not validate");
        if (CountTickets(LoadAll(scenarios)) != static_cast<size_t>(files * perFile))
            throw std::runtime_error("the generated library lost tickets");
        size_t invalid = 0;
        if (AppLibrary(dir).Load(&invalid) != static_cast<size_t>(files * perFile) || invalid)
            throw std::runtime_error(std::string("the generated library does not load through ") + AppLibrary::kCall);
    }

    size_t sink = 0;
    const auto baseline = [&] { sink += YamlAll(all).size(); };

    const std::string size = std::to_string(files) + " files, " + std::to_string(files * perFile) + " tickets";
    const Timing validate = Interleaved(reps, [&] { sink += ValidatePaths({dir}).size(); }, baseline);
    table.Add(TimedRow("library: validate " + size + " (ValidatePaths)", "YAML::LoadFile of the same files", validate,
                       "<= 1.5x", validate.m_ours <= 1.5 * validate.m_base));

    const Timing load = Interleaved(reps, [&] { sink += LoadAll(scenarios).size(); }, baseline);
    table.Add(TimedRow("library: load " + size + " (LoadScenarioFile each)", "YAML::LoadFile of the same files", load,
                       "<= 1.5x", load.m_ours <= 1.5 * load.m_base));

    AppLibrary app(dir);
    const Timing appLoad = Interleaved(reps, [&] { sink += app.Load(); }, baseline);
    table.Add(TimedRow("library: as the app loads it, " + size + " (" + AppLibrary::kCall + ")", "YAML::LoadFile of the same files",
                       appLoad, "<= 1.5x", appLoad.m_ours <= 1.5 * appLoad.m_base));

    // Peak memory while holding the whole library, against holding yaml-cpp's node trees.
    const double oursMiB = PeakGrowthMiB([&] { sink += CountTickets(LoadAll(scenarios)); });
    const double baseMiB = PeakGrowthMiB([&] { sink += YamlAll(all).size(); });
    table.Add({"library: peak RSS growth, " + size + " held", "YAML::LoadFile nodes of all files held",
               oursMiB, baseMiB, "MiB", "", std::nullopt});

    if (sink == 0) std::printf("#\n");
    RemoveTree(dir);
}

} // namespace sl::bench
