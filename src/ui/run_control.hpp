// SupportLab UI: one scenario run — start, resume, act, tick the clock, notice arrivals, finish.
#pragma once

#include "ui/app_state.hpp"

#include <memory>
#include <optional>
#include <string>

namespace sl::ui {

// The app's wall clock (the options' clock; 0 without one, as in some tests).
WallTime WallNow(const AppState& s);

struct RunStart {
    std::optional<std::string> m_labId;
    std::optional<std::string> m_moduleId;
    std::optional<RowId> m_sessionId;
};
// Starts a stored attempt for the current trainee; "" on success, else the reason.
std::string StartStoredRun(AppState& s, std::shared_ptr<const Scenario> scenario, const RunStart& where,
                           std::optional<ScenarioRun>& out);
// Resumes an unfinished attempt by replaying its event log; "" on success, else the reason.
std::string ResumeStoredRun(AppState& s, std::shared_ptr<const Scenario> scenario, RowId attemptId,
                            std::optional<ScenarioRun>& out);
// An unstored attempt with the answer key overlaid (trainer demo).
void StartDemoRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, std::optional<ScenarioRun>& out);

// Applies an action (stored when the run is). Refusals land in run.m_lastError; false when refused.
bool ApplyRunAction(AppState& s, ScenarioRun& run, const Action& action);
// Stores the clock's position (an `at` action) when it has run at least minGap simulated seconds
// past where the stored log leaves it, so a resumed attempt starts where it was shown, not at its
// last action. Leaving, quitting and every 5 simulated minutes of play call it.
void CheckpointClock(AppState& s, ScenarioRun& run, SimTime minGap);
inline constexpr SimTime kClockCheckpointGap = 300;
// Closes the trainee's scenario (checkpointing its clock first); its attempt stays resumable.
void DropRun(AppState& s);
// Advances the simulated clock by real seconds times the run's speed (1x, no pause in assessment mode).
void TickRun(ScenarioRun& run, double realSeconds);
// The clock controls this scenario allows.
bool ClockControllable(const ScenarioRun& run);
float ClockSpeed(const ScenarioRun& run);
// Scores the attempt (and stores the result when stored); the run moves to its debrief.
bool FinishRun(AppState& s, ScenarioRun& run);
// Notices for tickets that arrived or came back since the last call.
void CollectArrivals(ScenarioRun& run);
// Counts and labels over all tickets, recomputed only when the attempt's state has changed.
const RunSummary& Summarize(ScenarioRun& run);

} // namespace sl::ui
