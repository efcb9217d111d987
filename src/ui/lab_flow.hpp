// SupportLab UI: a trainee's lab — start, resume, move through modules, count lab time.
#pragma once

#include "ui/app_state.hpp"

#include <optional>
#include <string>

namespace sl::ui {

// The lab's current module is in a paced session and the trainer has not opened it yet.
bool ModuleWaitsForTrainer(const LabRun& lab);

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

} // namespace sl::ui
