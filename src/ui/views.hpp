// SupportLab UI: every panel, as a free function of the application state.
#pragma once

#include "ui/app_state.hpp"

namespace sl::ui {

// [SECTION] Shell
void DrawMenuBar(AppState& s);
void DrawStatusBar(AppState& s);
std::string ServerStatusText(const AppState& s); // the status bar's server part
void DrawShortcutsWindow(AppState& s);
void DrawAboutWindow(AppState& s);
void DrawStoreError(AppState& s);
void HandleShortcuts(AppState& s);

// [SECTION] Roles
// Switches role, asking for the passphrase first when trainer or lead views are locked.
void RequestRole(AppState& s, AppRole role);
// Standalone: locks the trainer and lead views (back to Trainee), saying why when `why` is set.
void LockStaffViews(AppState& s, const char* why);
// Per frame: notes input, and locks unlocked staff views after kStaffIdleLockSeconds without any.
void UpdateIdleLock(AppState& s);
void DrawPassphraseScreen(AppState& s);

// view_sign_in.cpp: the organisation server. In server mode the server's role, not the
// passphrase, decides which views open.
bool ServerMode(const AppState& s);
void TrySignInWithoutTyping(AppState& s); // at start: ~/.pgpass or PGPASSWORD may suffice
bool ServerAllowsRole(const AppState& s, AppRole role);
void DrawSignInScreen(AppState& s);

// [SECTION] Trainee
void DrawTraineeView(AppState& s);
void DrawProfileScreen(AppState& s);
void DrawPickScreen(AppState& s);
void DrawLabScreen(AppState& s);

// [SECTION] Scenario play (trainee and trainer demo)
void DrawScenarioRun(AppState& s, ScenarioRun& run);
void DrawRunHeader(AppState& s, ScenarioRun& run);
void DrawTicketQueue(AppState& s, ScenarioRun& run);
void DrawTicketDetail(AppState& s, ScenarioRun& run);
void DrawTicketDialogs(AppState& s, ScenarioRun& run);
void DrawQuestions(AppState& s, ScenarioRun& run);
void DrawDebrief(AppState& s, const ScoreReport& report, const Scenario* scenario, const char* title,
                 const Simulation* sim = nullptr); // sim: the run, for what happened in the room
// Accuracy, CBM score and calibration of an attempt whose scenario marks certainty.
void DrawCertainty(AppState& s, const CertaintyReport& c);
// The run's room log (injects, broadcasts, destination changes) under a heading; nothing when empty.
void DrawRoomLog(AppState& s, const Simulation& sim);

// [SECTION] Answer keys (trainer views, demo overlay, never the trainee before the debrief)
void DrawTicketAnswerKey(AppState& s, const Scenario& scenario, const Ticket& ticket);
void DrawQuestionAnswerKey(AppState& s, const Question& question);

// [SECTION] Trainer
void DrawTrainerView(AppState& s);
void DrawLibraryPanel(AppState& s);
void DrawAnswerKeysPanel(AppState& s);
void DrawTrainTheTrainerPanel(AppState& s);
void DrawDemoPanel(AppState& s);
void DrawSessionsPanel(AppState& s);
// view_control_room.cpp (server mode): a live session's trainees and injects.
void DrawControlRoomPanel(AppState& s);
void OpenControlRoom(AppState& s, RowId session);

// [SECTION] Lead
void DrawLeadView(AppState& s);

} // namespace sl::ui
