// SupportLab UI: trainee profiles — list, create, select (and resume what she left).
#include "ui/profiles.hpp"

#include "core/text.hpp"
#include "ui/lab_flow.hpp"
#include "ui/run_control.hpp"
#include "ui/widgets.hpp"

#include <cctype>

namespace sl::ui {

void ReloadProfiles(AppState& s) {
    s.m_trainee.m_profilesLoaded = true;
    s.m_trainee.m_profiles.clear();
    if (!s.m_store) return;
    auto r = s.m_store->Trainees(std::nullopt);
    if (!r) {
        Notify(s, MessageLevel::Error, r.Error().m_message);
        return;
    }
    s.m_trainee.m_profiles = r.Value();
}

namespace {
std::string Capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}
} // namespace

std::string CreateProfile(AppState& s, const std::string& rawName, const std::string& rawCohort) {
    if (!s.m_store) return "No database is open.";
    if (s.m_options.m_server.m_signIn && s.m_server.m_role == AppRole::Trainee)
        return "You are signed in to the organisation server: your work is recorded for you only.";
    const std::string name = Trimmed(rawName);
    const std::string cohort = Trimmed(rawCohort);
    if (name.empty()) return "Enter your name.";
    if (name.size() > kMaxNameBytes) return "The name is too long (100 characters at most).";
    if (cohort.size() > kMaxNameBytes) return "The cohort name is too long (100 characters at most).";
    if (const auto problem = NameProblem(name, "name")) return Capitalised(*problem) + ".";
    if (!cohort.empty())
        if (const auto problem = NameProblem(cohort, "cohort name")) return Capitalised(*problem) + ".";
    if (auto existing = s.m_store->FindTrainee(name); existing)
        return "A profile named '" + name + "' already exists: pick it from the list.";
    auto r = s.m_store->AddTrainee(name, cohort);
    if (!r) return r.Error().m_message;
    ReloadProfiles(s);
    SelectProfile(s, r.Value());
    return {};
}

void SelectProfile(AppState& s, const Trainee& t) {
    TraineeState& tr = s.m_trainee;
    FlushLab(s); // the previous profile's lab progress, before it is dropped
    tr.m_profile = t;
    tr.m_lab.reset();
    DropRun(s);
    tr.m_error.clear();
    tr.m_screen = TraineeScreen::Pick;
    std::string error;
    if (ResumeUnfinishedLab(s, error)) {
        Notify(s, MessageLevel::Info, "Welcome back, " + t.m_name + ": your unfinished lab has resumed.");
        return;
    }
    if (!error.empty()) tr.m_error = error;
    // A single scenario left unfinished resumes too.
    if (!s.m_store) return;
    auto open = s.m_store->UnfinishedAttempts(t.m_id);
    if (!open) {
        Notify(s, MessageLevel::Error, open.Error().m_message);
        return;
    }
    for (auto it = open.Value().rbegin(); it != open.Value().rend(); ++it) {
        const Attempt& a = *it;
        if (a.m_labId) continue;
        for (const LibraryEntry& e : s.m_library.m_entries) {
            if (!e.m_scenario || e.m_scenario->m_id != a.m_scenarioId) continue;
            std::string err = ResumeStoredRun(s, e.m_scenario, a.m_id, tr.m_run);
            if (err.empty()) {
                tr.m_screen = TraineeScreen::Scenario;
                Notify(s, MessageLevel::Info, "Resumed your unfinished scenario '" + e.m_scenario->m_title + "'.");
                return;
            }
            tr.m_error = "Your unfinished attempt at '" + e.m_scenario->m_title + "' cannot be resumed: " + err;
        }
        break; // only the newest one is offered
    }
}

} // namespace sl::ui
