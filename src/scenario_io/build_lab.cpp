// SupportLab scenario_io: lab semantics — module ids, scenario files, the time budget.
#include "scenario_io/loader_internal.hpp"

#include <algorithm>

namespace sl::detail {

namespace {

AgendaStep AgendaFrom(const std::string& s) {
    for (int i = 0; i <= static_cast<int>(AgendaStep::Debrief); ++i)
        if (s == ToString(static_cast<AgendaStep>(i))) return static_cast<AgendaStep>(i);
    return AgendaStep::Overview;
}

} // namespace

Lab BuildLab(const Fields& root, Checker& c, LoadContext& context, std::vector<Diagnostic>& dependencyDiags) {
    Lab lab;
    lab.m_formatVersion = static_cast<int>(root.Int("format"));
    lab.m_id = root.Str("id");
    lab.m_title = root.Str("title");
    lab.m_description = root.Str("description");
    lab.m_timeBudget = root.Duration("time_budget");
    lab.m_passThreshold = root.Number("pass_threshold");
    lab.m_sourcePath = c.Path();

    // Tracks: versions of the lab for kinds of trainee; a module may play a track's own scenario.
    std::vector<Text> trackIds;
    for (const Fields& t : root.SectionList("tracks")) {
        if (t.Valid("id")) trackIds.push_back(t.StrAt("id"));
        lab.m_tracks.push_back(LabTrack{t.Str("id"), t.Str("title"), t.Str("description")});
    }
    CheckUniqueIds(c, trackIds, "track");

    const auto& modules = root.SectionList("modules");
    std::vector<Text> ids;
    for (const Fields& f : modules)
        if (f.Valid("id")) ids.push_back(f.StrAt("id"));
    CheckUniqueIds(c, ids, "module");

    SimTime total = 0;
    for (const Fields& f : modules) {
        LabModule m;
        m.m_id = f.Str("id");
        m.m_title = f.Str("title");
        m.m_agenda = AgendaFrom(f.Str("agenda"));
        m.m_type = f.Str("type") == "scenario" ? ModuleType::Scenario : ModuleType::Lecture;
        m.m_duration = f.Duration("duration");
        m.m_text = f.Str("text");
        m.m_presenterNotes = f.Str("presenter_notes");
        m.m_scenarioPath = f.Str("scenario");
        m.m_pos = {f.Line(), f.Col()};
        total += m.m_duration;
        // A scenario file named by the module (for everyone or for a track) must load.
        auto checkScenario = [&](const Text& at) {
            const std::string resolved = ResolveRelative(c.Path(), at.m_value);
            if (const auto problem = context.ReferenceProblem(c.Path(), at.m_value)) {
                c.Error(at, "scenario of module '" + yaml::Clip(m.m_id) + "': " + *problem);
                return;
            }
            const ScenarioEntry& scenario = context.ScenarioFile(resolved);
            const std::vector<Diagnostic>& problems = scenario.m_diagnostics;
            if (!scenario.m_readError.empty()) {
                c.Error(at, "cannot read scenario '" + yaml::Clip(at.m_value, 1024) + "' of module '" + yaml::Clip(m.m_id) + "': " + scenario.m_readError);
            } else if (HasErrors(problems)) {
                dependencyDiags.insert(dependencyDiags.end(), problems.begin(), problems.end());
                c.Error(at, "scenario '" + yaml::Clip(at.m_value, 1024) + "' of module '" + yaml::Clip(m.m_id) + "' is invalid (" +
                                std::to_string(CountErrors(problems)) + " errors, listed with its path)");
            }
        };
        if (f.Valid("type") && m.m_type == ModuleType::Scenario && f.Valid("scenario")) checkScenario(f.StrAt("scenario"));
        for (const Fields& ts : f.SectionList("track_scenarios")) {
            if (!ts.Valid("track") || !ts.Valid("scenario")) continue;
            const Text track = ts.StrAt("track");
            if (std::none_of(lab.m_tracks.begin(), lab.m_tracks.end(), [&](const LabTrack& t) { return t.m_id == track.m_value; })) {
                c.Error(track, "module '" + yaml::Clip(m.m_id) + "' names track '" + yaml::Clip(track.m_value) +
                                   "', which the lab's tracks do not list");
                continue;
            }
            if (!m.m_trackScenarios.emplace(track.m_value, ts.Str("scenario")).second) {
                c.Error(track, "module '" + yaml::Clip(m.m_id) + "' names track '" + yaml::Clip(track.m_value) + "' twice");
                continue;
            }
            checkScenario(ts.StrAt("scenario"));
        }
        lab.m_modules.push_back(std::move(m));
    }
    if (lab.m_timeBudget > 0 && total > lab.m_timeBudget) {
        c.Warn(root.At("time_budget").m_line, root.At("time_budget").m_col,
               "the modules take " + FormatDuration(total) + ", more than the lab's time_budget of " + FormatDuration(lab.m_timeBudget));
    }
    return lab;
}

} // namespace sl::detail
