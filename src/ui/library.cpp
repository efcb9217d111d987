// SupportLab UI: the scenario library — every file under the scenario folder, and look-ups by id.
#include "ui/library.hpp"

#include "scenario_io/loader.hpp"
#include "ui/widgets.hpp"

#include <filesystem>

namespace sl::ui {

namespace {

std::string Canonical(const std::string& path) {
    std::error_code ec;
    auto p = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : p.string();
}

} // namespace

int LabEntry(const AppState& s, const std::string& labId) {
    for (size_t i = 0; i < s.m_library.m_entries.size(); ++i)
        if (s.m_library.m_entries[i].m_lab && s.m_library.m_entries[i].m_lab->m_id == labId) return static_cast<int>(i);
    return -1;
}

const LibraryEntry* FindScenarioEntry(const LibraryState& lib, const std::string& scenarioId) {
    for (const LibraryEntry& e : lib.m_entries)
        if (e.m_scenario && e.m_scenario->m_id == scenarioId) return &e;
    return nullptr;
}

const LibraryEntry* FindLabEntry(const LibraryState& lib, const std::string& labId) {
    for (const LibraryEntry& e : lib.m_entries)
        if (e.m_lab && e.m_lab->m_id == labId) return &e;
    return nullptr;
}

void LoadLibrary(AppState& s) {
    LibraryState& lib = s.m_library;
    lib.m_entries.clear();
    lib.m_error.clear();
    ++lib.m_loads;
    const std::string root = s.m_options.m_scenarioDir;
    std::error_code ec;
    if (root.empty() || !std::filesystem::is_directory(root, ec)) {
        lib.m_error = root.empty() ? "No scenario folder given (start with --scenarios DIR)."
                                   : "The scenario folder " + root + " does not exist or is not a folder.";
        Notify(s, MessageLevel::Warning, lib.m_error);
        return;
    }
    // One pass: each file is parsed once, and a valid scenario or lab comes back built.
    for (LoadedFile& f : LoadPaths({root})) {
        FileReport& r = f.m_report;
        LibraryEntry e;
        e.m_path = r.m_path;
        std::error_code rec;
        const auto rel = std::filesystem::relative(r.m_path, root, rec);
        e.m_relPath = rec || rel.empty() ? r.m_path : rel.string();
        e.m_kind = r.m_kind;
        e.m_id = r.m_id;
        e.m_title = r.m_title;
        e.m_diagnostics = std::move(r.m_diagnostics);
        e.m_valid = !HasErrors(e.m_diagnostics);
        e.m_scenario = std::move(f.m_scenario);
        // A lab with tracks is one entry per track (LAB@TRACK): each is picked, run and reported apart.
        if (f.m_lab && !f.m_lab->m_tracks.empty()) {
            for (Lab& track : LabsByTrack(*f.m_lab)) {
                LibraryEntry t = e;
                t.m_id = track.m_id;
                t.m_title = track.m_title;
                t.m_lab = std::make_shared<const Lab>(std::move(track));
                lib.m_entries.push_back(std::move(t));
            }
            continue;
        }
        e.m_lab = std::move(f.m_lab);
        lib.m_entries.push_back(std::move(e));
    }
}

std::shared_ptr<const Scenario> ScenarioForModule(AppState& s, const Lab& lab, const LabModule& module,
                                                  std::string& error) {
    const std::filesystem::path base = std::filesystem::path(lab.m_sourcePath).parent_path();
    const std::string path = Canonical((base / module.m_scenarioPath).string());
    for (const LibraryEntry& e : s.m_library.m_entries)
        if (e.m_scenario && Canonical(e.m_path) == path) return e.m_scenario;
    LoadResult<Scenario> sc = LoadScenarioFile(path);
    if (!sc.Ok()) {
        error = "The scenario of module '" + module.m_title + "' (" + path + ") does not load";
        for (const Diagnostic& d : sc.m_diagnostics) error += "\n" + FormatDiagnostic(d);
        return nullptr;
    }
    return std::make_shared<const Scenario>(std::move(*sc.m_value));
}

} // namespace sl::ui
