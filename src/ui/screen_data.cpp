// SupportLab UI: what the screens show from the store, read into state when it may have changed — never while drawing.
#include "ui/screen_data.hpp"

#include "ui/views.hpp"
#include "ui/widgets.hpp"

namespace sl::ui {

namespace {

void RefreshTraineeScreens(AppState& s) {
    TraineeState& tr = s.m_trainee;
    if (!tr.m_profile) tr.m_screen = TraineeScreen::Profile;
    if (tr.m_screen == TraineeScreen::Lab && !tr.m_lab) tr.m_screen = TraineeScreen::Pick;
    if (tr.m_screen == TraineeScreen::Scenario && !tr.m_run) tr.m_screen = TraineeScreen::Pick;
    // Arriving at the pick screen: read the unfinished single-scenario attempts and lab runs once.
    if (tr.m_screen == TraineeScreen::Pick && tr.m_lastScreen != TraineeScreen::Pick) {
        tr.m_unfinished.clear();
        tr.m_unfinishedLabs.clear();
        if (s.m_store && tr.m_profile) {
            if (auto open = s.m_store->UnfinishedAttempts(tr.m_profile->m_id); open)
                for (const Attempt& a : open.Value())
                    if (!a.m_labId) tr.m_unfinished.push_back(a);
            if (auto runs = s.m_store->UnfinishedLabRuns(tr.m_profile->m_id); runs)
                tr.m_unfinishedLabs = std::move(runs.Value());
            tr.m_attemptsHere.clear();
            if (s.m_options.m_server.m_assessmentOffers) { // server mode: attempts at assessments count against her
                AttemptFilter mine;
                mine.m_traineeId = tr.m_profile->m_id;
                if (auto all = s.m_store->Attempts(mine); all)
                    for (const Attempt& a : all.Value()) ++tr.m_attemptsHere[a.m_contentHash];
            }
        }
    }
    // Cohorts and lab sessions: read on arriving at a screen, then every few seconds (a trainer may
    // start a session meanwhile), into state; the screens draw from that.
    const bool arrived = tr.m_screen != tr.m_lastScreen;
    if (s.m_store && (arrived || s.m_time - tr.m_storeReadAt >= kStoreRefreshSeconds) &&
        (tr.m_screen == TraineeScreen::Profile || tr.m_screen == TraineeScreen::Pick)) {
        tr.m_storeReadAt = s.m_time;
        ++s.m_hooks.m_storeReads;
        if (tr.m_screen == TraineeScreen::Profile) {
            if (auto c = s.m_store->Cohorts(); c) tr.m_cohorts = c.Value();
        } else if (auto sessions = s.m_store->LabSessions(); sessions) {
            tr.m_sessions = sessions.Value();
        }
        // The assessments open for her: her agent's last read (server mode), not a store query.
        if (tr.m_screen == TraineeScreen::Pick && s.m_options.m_server.m_assessmentOffers)
            if (auto offers = s.m_options.m_server.m_assessmentOffers()) {
                tr.m_offers = std::move(*offers);
                tr.m_offersKnown = true;
            }
    }
    tr.m_lastScreen = tr.m_screen;
}

void RefreshSessionsForm(AppState& s) {
    SessionForm& f = s.m_trainer.m_session;
    if (f.m_loaded || !s.m_store || s.m_role != AppRole::Trainer || s.m_trainer.m_tab != TrainerTab::Sessions) return;
    f.m_loaded = true;
    ++s.m_hooks.m_storeReads;
    f.m_attemptCounts.clear();
    if (auto r = s.m_store->LabSessions(); r) f.m_sessions = r.Value();
    else Notify(s, MessageLevel::Error, r.Error().m_message);
    for (const LabSession& ls : f.m_sessions) {
        AttemptFilter af;
        af.m_sessionId = ls.m_id;
        std::pair<int, int> counts{0, 0};
        if (auto at = s.m_store->Attempts(af); at) {
            for (const Attempt& a : at.Value()) counts.first += a.m_finished ? 1 : 0;
            counts.second = static_cast<int>(at.Value().size());
        }
        f.m_attemptCounts.push_back(counts);
    }
    f.m_cohorts.clear();
    if (auto c = s.m_store->Cohorts(); c) f.m_cohorts = c.Value();
}

} // namespace

void RefreshScreenData(AppState& s) {
    // Only what is about to be drawn: not behind the database error, the sign-in or the passphrase.
    if (!s.m_storeError.empty() || (ServerMode(s) && !s.m_server.m_signedIn) || s.m_auth.m_prompt) return;
    if (s.m_role == AppRole::Trainee) RefreshTraineeScreens(s);
    RefreshSessionsForm(s);
}

} // namespace sl::ui
