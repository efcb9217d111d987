// SupportLab UI: sitting an assessment on a trainee's machine — its trainee part, the server's answers, submitting.
#include "ui/assessment_run.hpp"

#include "scenario_io/publish.hpp"
#include "ui/run_control.hpp"

#include <algorithm>

namespace sl::ui {

bool IsBeingAssessed(const AppState& s, const std::string& scenarioId) {
    const auto& offers = s.m_trainee.m_offers;
    return std::any_of(offers.begin(), offers.end(), [&](const AssessmentOffer& o) { return o.m_scenarioId == scenarioId; });
}

const Attempt* UnfinishedAssessment(const AppState& s, const AssessmentOffer& offer) {
    for (const Attempt& a : s.m_trainee.m_unfinished)
        if (a.m_contentHash == offer.m_traineeHash) return &a;
    return nullptr;
}

int AttemptsLeft(const AppState& s, const AssessmentOffer& offer) {
    if (offer.m_attemptsAllowed <= 0) return -1;
    const auto here = s.m_trainee.m_attemptsHere.find(offer.m_traineeHash);
    const int used = std::max(offer.m_attemptsUsed, here == s.m_trainee.m_attemptsHere.end() ? 0 : here->second);
    return std::max(0, offer.m_attemptsAllowed - used);
}

std::string StartAssessment(AppState& s, const AssessmentOffer& offer) {
    if (!s.m_store) return "No database is open.";
    LoadResult<Scenario> loaded = LoadPublished(offer.m_traineeText, offer.m_modelText, "published/" + std::to_string(offer.m_publishedId));
    // Only a part without its key is played here; anything else means the publication went wrong.
    if (!loaded.Ok() || !loaded.m_value->m_keyWithheld || loaded.m_value->m_contentHash != offer.m_traineeHash)
        return "This assessment did not arrive as a trainee's part; ask your trainer to publish it again.";
    auto scenario = std::make_shared<const Scenario>(std::move(*loaded.m_value));
    TraineeState& tr = s.m_trainee;
    std::string err;
    if (const Attempt* open = UnfinishedAssessment(s, offer)) {
        err = ResumeStoredRun(s, scenario, open->m_id, tr.m_run);
    } else {
        if (AttemptsLeft(s, offer) == 0)
            return "No attempts left at " + offer.m_title + ": it allows " + std::to_string(offer.m_attemptsAllowed) + ".";
        auto local = FindOrCopySession(*s.m_store, offer.m_session); // delivery maps her attempt to the server's session
        if (!local) return local.Error().m_message;
        RunStart where;
        where.m_sessionId = local.Value();
        err = StartStoredRun(s, scenario, where, tr.m_run);
    }
    if (!err.empty()) return err;
    tr.m_lab.reset();
    tr.m_screen = TraineeScreen::Scenario;
    return {};
}

void FollowServerAnswers(AppState& s) {
    const ServerHooks& hooks = s.m_options.m_server;
    if (!hooks.m_awaitAnswers || !hooks.m_serverAnswers) return;
    TraineeState& tr = s.m_trainee;
    ScenarioRun* run = tr.m_run && tr.m_run->Assessed() && tr.m_run->m_recorder && tr.m_run->m_phase != RunPhase::Submitted
                           ? &*tr.m_run
                           : nullptr;
    if (!run) {
        if (!tr.m_awaitingFor.empty()) hooks.m_awaitAnswers(AwaitedAnswers{});
        tr.m_awaitingFor.clear();
        return;
    }
    const Simulation& sim = run->Sim();
    const std::string& uid = run->m_recorder->AttemptRecord().m_uid;
    // What waits changes only with the attempt's state: read it then, not every frame.
    if (run->m_awaitedStamp != sim.StateStamp() || tr.m_awaitingFor != uid) {
        run->m_awaitedStamp = sim.StateStamp();
        run->m_awaitedRoutes = PendingRoutes(sim);
        run->m_awaitedSteps = PendingSteps(sim);
        tr.m_awaitingFor = uid;
        hooks.m_awaitAnswers(AwaitedAnswers{uid, run->m_awaitedRoutes, run->m_awaitedSteps});
    }
    if (run->m_awaitedRoutes.empty() && run->m_awaitedSteps.empty()) return;
    if (run->m_phase != RunPhase::Playing) return; // recorded once the finish dialog is closed
    for (const ServerAnswer& a : hooks.m_serverAnswers()) {
        if (a.m_attemptUid != uid) continue;
        // Only what still waits: an answer already recorded may be in the agent's last round still.
        Action act;
        if (a.m_step.empty()) {
            const auto& w = run->m_awaitedRoutes;
            if (std::none_of(w.begin(), w.end(), [&](const PendingRoute& p) { return p.m_seq == a.m_seq && p.m_ticket == a.m_ticket; }))
                continue;
            act = RouteOutcomeAction(a.m_ticket, a.m_accepted);
        } else {
            const auto& w = run->m_awaitedSteps;
            if (std::none_of(w.begin(), w.end(), [&](const PendingStep& p) { return p.m_seq == a.m_seq && p.m_step == a.m_step; }))
                continue;
            act = StepOutcomeAction(a.m_ticket, a.m_step, a.m_answer);
        }
        if (!ApplyRunAction(s, *run, act)) break;
        if (!a.m_step.empty()) run->m_lastOutcome = a.m_answer.m_text;
        // The state changed: the next frame reads what still waits.
        run->m_awaitedRoutes.clear();
        run->m_awaitedSteps.clear();
        break;
    }
}

bool Delivered(const ServerSyncView& sync, const ScenarioRun& run) {
    return sync.m_known && sync.m_online && sync.m_round > run.m_submittedBeforeRound && sync.m_waiting == 0 &&
           sync.m_waitingAttempts == 0;
}

} // namespace sl::ui
