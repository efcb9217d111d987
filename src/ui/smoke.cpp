// SupportLab UI: scripted start views for the smoke test (the same session functions the panels call).
#include "ui/smoke.hpp"

#include "ui/auth.hpp"
#include "ui/run_control.hpp"
#include "ui/profiles.hpp"
#include "ui/lab_flow.hpp"
#include "ui/library.hpp"
#include "ui/views.hpp"

namespace sl::ui {

namespace {

// In server mode the profile is the signed-in trainee's (chosen at sign-in), never a made-up one:
// the server would refuse its work.
std::string ServerSignInProblem(const AppState& s) {
    if (s.m_server.m_signedIn) return {};
    return "not signed in to the server" + (s.m_server.m_error.empty() ? std::string() : ": " + s.m_server.m_error);
}

std::string EnsureSmokeProfile(AppState& s) {
    if (ServerMode(s)) {
        if (std::string err = ServerSignInProblem(s); !err.empty()) return err;
        if (s.m_server.m_role != AppRole::Trainee) return "this view is a trainee's; the signed-in login is staff";
        return s.m_store ? std::string() : "no database";
    }
    if (!s.m_store) return "no database";
    s.m_auth.m_prompt = false;
    if (auto t = s.m_store->FindTrainee("Smoke Test"); t) {
        SelectProfile(s, t.Value());
        return {};
    }
    return CreateProfile(s, "Smoke Test", "smoke");
}

std::string Unlock(AppState& s, const std::string& passphrase, AppRole role) {
    if (ServerMode(s)) { // the server's role decides; the passphrase plays no part
        if (std::string err = ServerSignInProblem(s); !err.empty()) return err;
        if (!ServerAllowsRole(s, role)) return "the signed-in login may not open this view";
        RequestRole(s, role);
        return {};
    }
    if (passphrase.empty()) return "this view needs SUPPORTLAB_PASSPHRASE";
    if (s.m_auth.m_hash.empty()) {
        if (std::string err = CheckNewPassphrase(passphrase, passphrase); !err.empty()) return err;
        s.m_auth.m_hash = HashPassphrase(passphrase, s.m_options.m_pwhash);
        if (std::string err = SavePassphraseHash(s.m_options.m_configDir, s.m_auth.m_hash); !err.empty()) return err;
    } else if (!VerifyPassphrase(s.m_auth.m_hash, passphrase)) {
        return "wrong passphrase";
    }
    s.m_auth.m_unlocked = true;
    s.m_auth.m_prompt = false;
    RequestRole(s, role);
    return {};
}

} // namespace

std::string ApplySmokeView(AppState& s, const std::string& view, const std::string& passphrase) {
    if (view.empty() || view == "profile") return {};
    const size_t colon = view.find(':');
    const std::string name = view.substr(0, colon);
    const std::string arg = colon == std::string::npos ? std::string() : view.substr(colon + 1);
    if (name == "pick") return EnsureSmokeProfile(s);
    if (name == "help") {
        s.m_showShortcuts = true; // the F1 window over the pick screen
        return EnsureSmokeProfile(s);
    }
    if (name == "play" || name == "debrief") {
        if (std::string err = EnsureSmokeProfile(s); !err.empty()) return err;
        const LibraryEntry* e = FindScenarioEntry(s.m_library, arg);
        if (!e) return "no valid scenario with id '" + arg + "'";
        if (std::string err = StartStoredRun(s, e->m_scenario, RunStart{}, s.m_trainee.m_run); !err.empty()) return err;
        s.m_trainee.m_lab.reset();
        s.m_trainee.m_screen = TraineeScreen::Scenario;
        // The debrief of an attempt finished at once (everything open is scored as unfinished).
        if (name == "debrief" && !FinishRun(s, *s.m_trainee.m_run)) return "the attempt could not be finished";
        return {};
    }
    if (name == "lab") {
        if (std::string err = EnsureSmokeProfile(s); !err.empty()) return err;
        const int entry = LabEntry(s, arg);
        return entry >= 0 ? StartLab(s, entry, std::nullopt) : "no valid lab with id '" + arg + "'";
    }
    if (name == "lead") return Unlock(s, passphrase, AppRole::Lead);
    if (name == "trainer" || name == "answers" || name == "ttt" || name == "demo" || name == "sessions") {
        if (std::string err = Unlock(s, passphrase, AppRole::Trainer); !err.empty()) return err;
        TrainerState& t = s.m_trainer;
        t.m_tabRequest = true;
        if (name == "answers" || name == "ttt") {
            t.m_tab = name == "answers" ? TrainerTab::AnswerKeys : TrainerTab::TrainTheTrainer;
            for (size_t i = 0; i < s.m_library.m_entries.size(); ++i) {
                const LibraryEntry& e = s.m_library.m_entries[i];
                if ((name == "answers" && e.m_scenario && (arg.empty() || e.m_id == arg)) || (name == "ttt" && e.m_lab && (arg.empty() || e.m_id == arg))) {
                    if (name == "answers") t.m_selected = static_cast<int>(i);
                    else t.m_ttt.m_labEntry = static_cast<int>(i);
                    break;
                }
            }
        } else if (name == "demo") {
            const LibraryEntry* e = FindScenarioEntry(s.m_library, arg);
            if (!e) return "no valid scenario with id '" + arg + "'";
            StartDemoRun(e->m_scenario, e->m_scenario->m_defaultSeed, t.m_demo);
            t.m_tab = TrainerTab::Demo;
        } else if (name == "sessions") {
            t.m_tab = TrainerTab::Sessions;
        } else {
            t.m_tab = TrainerTab::Library;
        }
        return {};
    }
    return "unknown view '" + view + "'";
}

} // namespace sl::ui
