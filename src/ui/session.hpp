// SupportLab UI: what the panels do, without drawing — library loading, attempts, clocks and labs.
#pragma once

#include "ui/app_state.hpp"

#include <memory>
#include <optional>
#include <string>

namespace sl::ui {

// [SECTION] Library
// (Re)reads every file under the scenario folder: validation status for all, models for the valid.
// The library's entry for a scenario id or a lab id (first match), or null: one look-up for every
// panel that names an item by id.
const LibraryEntry* FindScenarioEntry(const LibraryState& lib, const std::string& scenarioId);
const LibraryEntry* FindLabEntry(const LibraryState& lib, const std::string& labId);
void LoadLibrary(AppState& s);
// The scenario a lab module names, from the library when it holds that file, else loaded directly.
std::shared_ptr<const Scenario> ScenarioForModule(AppState& s, const Lab& lab, const LabModule& module,
                                                  std::string& error);
// The library entry of a valid lab with this id, or -1.
int LabEntry(const AppState& s, const std::string& labId);

// [SECTION] Attempts
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
// Server mode, a trainee's run in a lab session: tells her delivery agent where she is (for the
// trainer's control room), adds the room's instructions her log lacks (injects fired, moved or
// skipped), holds her clock while the trainer pauses the room, and notes which modules of a paced
// session are open (LabRun::m_openUpTo). Does nothing on one machine.
void FollowTraineeRoom(AppState& s);
// The lab's current module is in a paced session and the trainer has not opened it yet.
bool ModuleWaitsForTrainer(const LabRun& lab);
// The clock controls this scenario allows.
bool ClockControllable(const ScenarioRun& run);
float ClockSpeed(const ScenarioRun& run);
// Scores the attempt (and stores the result when stored); the run moves to its debrief.
bool FinishRun(AppState& s, ScenarioRun& run);
// Notices for tickets that arrived or came back since the last call.
void CollectArrivals(ScenarioRun& run);
// The replayable action script of what happened so far ("seed N", then "at T" + action per line).
std::string RunScript(const Simulation& sim);
// Counts and labels over all tickets, recomputed only when the attempt's state has changed.
const RunSummary& Summarize(ScenarioRun& run);

// [SECTION] Profiles
void ReloadProfiles(AppState& s);
// Creates (or finds) the trainee and selects it; "" on success.
std::string CreateProfile(AppState& s, const std::string& name, const std::string& cohort);
// Selects a profile and resumes its unfinished lab or scenario when there is exactly one.
void SelectProfile(AppState& s, const Trainee& t);

// [SECTION] Labs
std::string StartLab(AppState& s, int libraryEntry, std::optional<RowId> sessionId);
// Finds the trainee's unfinished lab (the newest) and resumes it; false when there is none.
bool ResumeUnfinishedLab(AppState& s, std::string& error);
// The trainee's newest unfinished stored run of this lab in this session (no session: run alone);
// nullopt when there is none or the store cannot say (then `error` says why).
std::optional<LabRunRecord> FindUnfinishedLabRun(AppState& s, const std::string& labId, std::optional<RowId> sessionId,
                                                 std::string& error);
// Resumes that stored run (not merely the newest); "" on success.
std::string ResumeLabRun(AppState& s, RowId runId);
// Closes the unfinished run with FinishLabRun (its marks and attempts stay in the store) and starts
// the lab afresh on its first module; "" on success. Nothing changes when the old run cannot be closed.
std::string StartLabOver(AppState& s, int libraryEntry, std::optional<RowId> sessionId, RowId oldRunId);
// Opens the current module (starts or resumes its scenario attempt).
std::string EnterModule(AppState& s);
// Marks the current lecture read, or leaves a finished scenario's debrief, and moves on.
void NextModule(AppState& s);
// The whole lab's score so far: every finished module's items and dimensions together.
ScoreReport CombinedLabReport(const LabRun& lab);
// A module's scenario just finished: keeps its report, marks the module done, shows its debrief.
void NoteModuleRunFinished(AppState& s);
// Leaves the lab screen (progress is flushed first; the lab resumes next time).
void LeaveLab(AppState& s);
// Once per frame: lab time advances by the wall clock while the lab screen shows (at most 1 s a
// frame) and is written every kLabFlushSeconds of lab time, at module changes and when the screen
// stops showing.
void TickLab(AppState& s);
inline constexpr double kLabFlushSeconds = 30.0;
// Writes any lab progress not stored yet (shutdown); failures are reported.
void FlushLab(AppState& s);

// [SECTION] Lead
// Re-reads the lead's reports for the current filters (cohort, lab, grading).
void RefreshLead(AppState& s);
// Saves the selected lab's pass threshold (percent); "" on success.
std::string SaveThreshold(AppState& s, double percent);
// Writes the current selection as CSV, xAPI or JSON to `path`; "" on success, else why not.
std::string ExportReport(AppState& s, ExportKind kind, const std::string& path, const std::string& homePage = kDefaultXapiHomePage);
// The lead's xAPI home page: checked (reports HomePageProblem), kept in the config folder; "" or why not.
std::string SaveXapiHomePage(AppState& s, const std::string& url);
void LoadXapiHomePage(AppState& s);
// A sensible default file for an export ($HOME/supportlab-<cohort>.<ext>).
std::string DefaultExportPath(const AppState& s, ExportKind kind);
// Loads an attempt's timeline for the replay view and shows it at its end.
void SelectReplay(AppState& s, RowId attemptId);
// Rebuilds the replayed state after `step` actions (0..events).
void ReplayTo(AppState& s, int step);

} // namespace sl::ui
