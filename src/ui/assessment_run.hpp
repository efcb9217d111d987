// SupportLab UI: sitting an assessment on a trainee's machine — its trainee part, the server's answers, submitting.
#pragma once

#include "ui/app_state.hpp"

#include <string>

namespace sl::ui {

// Whether a scenario is under assessment for her now (an open assessment plays it): practice of it
// waits until the trainer closes the assessment. The server refuses such an attempt whatever this
// says; this only spares her a debrief of work the server will not take.
bool IsBeingAssessed(const AppState& s, const std::string& scenarioId);

// Her unfinished attempt at this assessment in her outbox (the same trainee part), if any.
const Attempt* UnfinishedAssessment(const AppState& s, const AssessmentOffer& offer);

// How many more attempts she may start there: -1 for no limit. Her attempts are the server's count,
// or this machine's when it holds more (one just submitted, not read back from the server yet).
int AttemptsLeft(const AppState& s, const AssessmentOffer& offer);

// Starts her attempt at the assessment (or resumes her unfinished one) from its trainee part and
// shows it; "" on success, else why not.
std::string StartAssessment(AppState& s, const AssessmentOffer& offer);

// Each frame: tells her delivery agent what her assessed attempt waits for (when that changed),
// and records the server's answers that have come (an escalation's destination keeping the
// ticket or not; a step's result). Nothing waits outside an assessed attempt.
void FollowServerAnswers(AppState& s);

// Whether a submitted attempt has reached the server: a delivery round that began after it was
// submitted found nothing left to send.
bool Delivered(const ServerSyncView& sync, const ScenarioRun& run);

} // namespace sl::ui
