// SupportLab UI: the lead's data — reports for the filters, thresholds, exports, replay.
#include "ui/lead_data.hpp"

#include "core/text.hpp"
#include "reports/export.hpp"
#include "reports/query.hpp"
#include "store/attempt_recorder.hpp"
#include "ui/library.hpp"
#include "ui/paths.hpp"
#include "ui/widgets.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace sl::ui {

namespace {

ReportQuery LeadQuery(const LeadState& l) {
    ReportQuery q;
    if (!l.m_cohort.empty()) q.m_cohort = l.m_cohort;
    if (!l.m_labId.empty()) q.m_labId = l.m_labId;
    q.m_grading = static_cast<Grading>(std::clamp(l.m_grading, 0, 3));
    q.m_inSessionsOnly = l.m_inSessionsOnly;
    return q;
}

} // namespace

void RefreshLead(AppState& s) {
    LeadState& l = s.m_lead;
    l.m_dirty = false;
    l.m_data = LeadData{};
    if (!s.m_store) {
        l.m_data.m_error = "No database is open.";
        return;
    }
    Store& st = *s.m_store;
    std::string error;
    auto keep = [&](auto result, auto& into) {
        if (result) into = std::move(result.Value());
        else if (error.empty()) error = result.Error().m_message;
    };
    keep(st.Cohorts(), l.m_data.m_cohorts);
    keep(st.Labs(), l.m_data.m_labs);
    const ReportQuery q = LeadQuery(l);
    keep(QueryCohortMatrix(st, q), l.m_data.m_matrix);
    if (l.m_data.m_matrix)
        for (const std::string& id : l.m_data.m_matrix->m_scenarios) {
            const LibraryEntry* e = FindScenarioEntry(s.m_library, id);
            l.m_data.m_matrixTitles.push_back(e && !e->m_scenario->m_title.empty() ? e->m_scenario->m_title : id);
        }
    keep(QuerySkills(st, q), l.m_data.m_skills);
    keep(QueryItemAnalysis(st, q), l.m_data.m_items);
    l.m_itemsCaution = l.m_data.m_items ? FewAttemptsCaution(*l.m_data.m_items) : std::string();
    keep(st.Attempts(ToAttemptFilter(q)), l.m_data.m_attempts);
    std::vector<Trainee> everyone;
    keep(st.Trainees(std::nullopt), everyone);
    for (const Trainee& t : everyone) l.m_data.m_traineeNames[t.m_id] = t.m_name;
    l.m_threshold = 70.0f;
    for (const LabInfo& lab : l.m_data.m_labs)
        if (lab.m_labId == l.m_labId) l.m_threshold = static_cast<float>(lab.m_passThreshold);
    l.m_data.m_error = error;
}

std::string SaveThreshold(AppState& s, double percent) {
    LeadState& l = s.m_lead;
    if (!s.m_store) return "No database is open.";
    if (l.m_labId.empty()) return "Choose a lab: pass thresholds are set per lab.";
    if (!(percent >= 0.0 && percent <= 100.0)) return "The pass threshold is a percentage from 0 to 100.";
    LabInfo info;
    info.m_labId = l.m_labId;
    for (const LabInfo& lab : l.m_data.m_labs)
        if (lab.m_labId == l.m_labId) info = lab;
    info.m_passThreshold = percent;
    if (auto r = s.m_store->PutLab(info); !r) return r.Error().m_message;
    l.m_dirty = true;
    return {};
}

std::string DefaultExportPath(const AppState& s, ExportKind kind) {
    const char* home = std::getenv("HOME");
    std::string name = "supportlab-" + (s.m_lead.m_cohort.empty() ? std::string("all") : s.m_lead.m_cohort);
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    const char* ext = kind == ExportKind::Csv ? ".csv" : kind == ExportKind::Xapi ? ".xapi.json" : ".json";
    return std::string(home && *home ? home : ".") + "/" + name + ext;
}

std::string SaveXapiHomePage(AppState& s, const std::string& raw) {
    const std::string url = Trimmed(raw);
    if (const auto problem = HomePageProblem(url)) return "Home page: " + *problem;
    s.m_lead.m_xapiHomePage = url;
    if (s.m_options.m_configDir.empty()) return {};
    if (std::string err = EnsureDir(s.m_options.m_configDir); !err.empty()) return err;
    return WriteFileAtomic(s.m_options.m_configDir + "/" + kXapiHomePageFile, url + "\n");
}

void LoadXapiHomePage(AppState& s) {
    if (s.m_options.m_configDir.empty()) return;
    std::string text;
    if (!ReadSmallFile(s.m_options.m_configDir + "/" + kXapiHomePageFile, text, 4096)) return; // none saved: the default
    const std::string url = Trimmed(text);
    if (!HomePageProblem(url)) s.m_lead.m_xapiHomePage = url;
    else Notify(s, MessageLevel::Warning, "The saved xAPI home page is not usable; using " + std::string(kDefaultXapiHomePage));
}

std::string ExportReport(AppState& s, ExportKind kind, const std::string& rawPath, const std::string& homePage) {
    if (!s.m_store) return "No database is open.";
    const std::string path = Trimmed(rawPath);
    if (path.empty()) return "Enter the file to write.";
    std::error_code ec;
    const std::filesystem::path p(path);
    if (std::filesystem::is_directory(p, ec)) return path + " is a folder: add a file name.";
    const std::filesystem::path parent = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(parent, ec)) return "The folder " + parent.string() + " does not exist.";
    auto data = QueryExport(*s.m_store, LeadQuery(s.m_lead));
    if (!data) return data.Error().m_message;
    for (const LibraryEntry& e : s.m_library.m_entries) // xAPI names scenarios by their titles
        if (e.m_scenario) data.Value().m_scenarioTitles.emplace(e.m_scenario->m_id, e.m_scenario->m_title);
    std::string text;
    try {
        text = kind == ExportKind::Csv    ? ExportCsv(data.Value())
               : kind == ExportKind::Xapi ? ExportXapi(data.Value(), homePage)
                                          : ExportJson(data.Value());
    } catch (const ExportError& e) {
        return e.what();
    }
    if (std::string err = WriteFileAtomic(path, text); !err.empty()) return err;
    return {};
}

void SelectReplay(AppState& s, RowId attemptId) {
    ReplayState& r = s.m_lead.m_replay;
    r = ReplayState{};
    r.m_attempt = attemptId;
    if (!s.m_store) return;
    auto tl = QueryTimeline(*s.m_store, attemptId);
    if (!tl) {
        r.m_note = tl.Error().m_message;
        return;
    }
    r.m_timeline = std::move(tl.Value());
    const Attempt& a = r.m_timeline->m_attempt;
    if (const LibraryEntry* e = FindScenarioEntry(s.m_library, a.m_scenarioId)) r.m_scenario = e->m_scenario;
    if (!r.m_scenario)
        r.m_note = "The scenario '" + a.m_scenarioId + "' is not in the library, so only the timeline is shown.";
    else if (r.m_scenario->m_contentHash != a.m_contentHash)
        r.m_note = "The scenario file has changed since this attempt; the replayed state uses the current file.";
    else if (std::string why; !AddBreakdown(*r.m_timeline, *r.m_scenario, &why))
        r.m_note = why;
    ReplayTo(s, static_cast<int>(r.m_timeline->m_entries.size()));
}

void ReplayTo(AppState& s, int step) {
    ReplayState& r = s.m_lead.m_replay;
    if (!r.m_timeline) return;
    const int n = static_cast<int>(r.m_timeline->m_entries.size());
    r.m_step = std::clamp(step, 0, n);
    if (!r.m_scenario || r.m_shownStep == r.m_step) return;
    // The first `step` events, replayed as any stored attempt is (store's ReplayInto).
    std::vector<Event> events;
    events.reserve(static_cast<size_t>(r.m_step));
    for (int i = 0; i < r.m_step; ++i) {
        const TimelineEntry& e = r.m_timeline->m_entries[static_cast<size_t>(i)];
        events.push_back(Event{r.m_timeline->m_attempt.m_id, e.m_seq, e.m_simTime, e.m_wallTime, e.m_action, e.m_scoreAfter});
    }
    r.m_sim.reset();
    r.m_sim.emplace(*r.m_scenario, r.m_timeline->m_attempt.m_seed);
    if (auto st = ReplayInto(*r.m_sim, events); !st) r.m_note = "The replay stops early: " + st.Error().m_message + ".";
    r.m_shownStep = r.m_step;
}

} // namespace sl::ui
