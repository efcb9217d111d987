// SupportLab UI: every piece of UI state in plain structs; panels are free functions of AppState.
#pragma once

// [SECTION] Options and shared resources
// [SECTION] Test hooks
// [SECTION] Roles and the passphrase
// [SECTION] Scenario library
// [SECTION] One scenario attempt (trainee play and trainer demo)
// [SECTION] Lab run
// [SECTION] Trainee
// [SECTION] Trainer
// [SECTION] Lead
// [SECTION] AppState

#include "core/engine.hpp"
#include "core/model.hpp"
#include "core/scoring.hpp"
#include "reports/reports.hpp"
#include "scenario_io/diagnostics.hpp"
#include "store/assessment_sitting.hpp"
#include "store/attempt_recorder.hpp"
#include "store/lab_progress.hpp"
#include "store/store.hpp"
#include "ui/auth.hpp"
#include "ui/fonts.hpp"

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sl::ui {

//-----------------------------------------------------------------------------
// [SECTION] Options and shared resources
//-----------------------------------------------------------------------------

using StoreOpener = std::function<StoreResult<std::unique_ptr<Store>>(const std::string& path)>;

// A lab session's settings on the organisation server, as the trainer edits them (the app's glue,
// src/app/server_mode.cpp, maps them to the server's; on one machine every session is practice).
struct SessionSettingsView {
    bool m_assessment = false;
    int m_attemptsAllowed = 1; // per trainee and scenario; 0: no limit
    bool m_paced = false;
    int m_openedModules = 0;
    bool m_closed = false;
    std::vector<RowId> m_published; // the published assessments it assesses
    int m_fastUnderMinutes = 0;     // the lead's report flags modules done faster (0: off)
};

// One of the signed-in trainee's submitted attempts on the server: released (with its debrief) or
// still waiting for her trainer to release the session's results.
struct ServerResultView {
    std::string m_uid;
    std::string m_scenarioId;
    WallTime m_endedWall = 0;
    bool m_released = false;
    double m_total = 0.0, m_max = 0.0;
    std::string m_debrief; // the score breakdown, when released
};

// One published assessment, as the trainer picks it for a session.
struct PublishedView {
    RowId m_id = 0;
    std::string m_scenarioId;
    std::string m_title;
};

// The organisation server, as the app's main reaches it (the UI never links libpq): empty hooks
// mean a standalone app on its SQLite file.
enum class AppRole { Trainee, Trainer, Lead }; // in this order: each may do what those before it may
struct ServerSignInResult {
    bool m_ok = false;
    std::string m_error;          // why not, as one sentence (never the password)
    bool m_needsPassword = false; // nothing was wrong but the password is missing: just ask for it
    bool m_unreachable = false;   // the server could not be reached (a network or server fault)
    AppRole m_role = AppRole::Trainee; // what the server says this login may do
    std::string m_trainee;        // the signed-in trainee's name; "" for a trainer or lead
};
struct ServerSyncView {
    bool m_known = false;         // the delivery agent has tried at least once
    bool m_online = false;
    std::int64_t m_waiting = 0;   // actions recorded here that the server does not have yet
    std::string m_problem;
    std::int64_t m_waitingAttempts = 0; // attempts with something undelivered (a submission too)
    // The agent's rounds: the one that read this status, and how many had started when it was
    // read. Work recorded now is delivered only once a round numbered above the latter says so.
    std::uint64_t m_round = 0;
    std::uint64_t m_roundsStarted = 0;
};
// The live room of a lab session as the trainer's control room shows it (server mode): read by
// the app's poller off the draw thread (server_link/room.hpp), drawn from this copy.
struct RoomTraineeView {
    std::string m_name;
    bool m_online = false;
    std::string m_module;
    std::string m_scenarioId;
    SimTime m_simTime = 0;
    int m_open = 0;
    int m_breached = 0;
    int m_nearBreach = 0;
    std::optional<double> m_scorePercent; // practice only
    int m_injectsReceived = 0;
    int m_injectsLate = 0;
    int m_injectsWaiting = 0;
    double m_lastActionAgo = -1.0; // seconds; -1: none yet
    std::string m_problem;
};
struct RoomPlanView {
    std::string m_scenarioId;
    std::string m_injectId;
    std::string m_title;
    std::string m_kind;           // "planned", "library", "contingency"
    std::optional<SimTime> m_at;  // planned time
    std::optional<SimTime> m_due; // when it fires now, if it is still to fire at a time
    std::string m_state;          // "as planned", "moved to 0:45", "fired", "skipped", ...
};
struct RoomView {
    RowId m_session = 0;          // 0: nothing read yet
    bool m_paused = false;
    bool m_assessment = false;
    bool m_paced = false;         // the trainer opens the lab's modules one by one
    int m_openedModules = 0;
    std::vector<RoomTraineeView> m_trainees;
    std::vector<RoomPlanView> m_plan;
    int m_sent = 0;               // instructions sent so far
    std::string m_error;          // the last read failed: why (the table shows the read before)
    std::uint64_t m_reads = 0;    // reads so far: the view changed when this did
};
// What the trainer asks the room to do.
struct RoomCommand {
    enum class Kind { FireNow, FireAt, Skip, Pause, Resume, OpenNextModule };
    Kind m_kind = Kind::FireNow;
    std::string m_scenarioId;
    std::string m_injectId;
    SimTime m_due = 0; // FireAt
};

// A trainee's room as her delivery agent last read it: whether the trainer paused it, and every
// instruction sent (her run adds those its log lacks).
struct TraineeRoomView {
    RowId m_localSession = 0; // the outbox's id of the session the agent watches
    bool m_known = false;     // read from the server at least once
    bool m_paused = false;
    bool m_paced = false;     // the trainer opens modules one by one ...
    int m_openedModules = 0;  // ... and has opened this many
    std::vector<RoomInstruction> m_instructions;
};

struct ServerHooks {
    std::string m_location;       // shown; without password
    std::function<ServerSignInResult(const std::string& password)> m_signIn; // set: server mode
    std::function<ServerSyncView()> m_syncStatus; // the trainee's delivery agent; empty for staff
    // The server cannot be reached at sign-in: a trainee may still work, as the login the
    // connection names (m_offlineUser; "" when it names none), and the server checks her on delivery.
    std::string m_offlineUser;
    std::function<ServerSignInResult(const std::string& password)> m_workOffline;
    // A trainer or lead releases a lab session's results to its trainees (release) or withdraws
    // them; returns "" or why not. Empty outside server mode (on one machine there is nothing to release).
    std::function<std::string(RowId sessionId, bool release)> m_releaseSession;
    // A session's settings, read into *out or written; each returns "" or why not. The published
    // assessments, for the settings' list. Publishing a library scenario (its file) for
    // assessments; *message says what the server did. All empty outside server mode.
    std::function<std::string(RowId sessionId, SessionSettingsView* out)> m_loadSessionSettings;
    std::function<std::string(RowId sessionId, const SessionSettingsView& settings)> m_saveSessionSettings;
    std::function<std::string(std::vector<PublishedView>* out)> m_listPublished;
    std::function<std::string(const std::string& scenarioPath, std::string* message)> m_publish;
    // The signed-in trainee's submitted attempts on the server, released or not; "" or why not.
    std::function<std::string(std::vector<ServerResultView>* out)> m_myResults;
    // The control room (a trainer's or lead's): which session to watch (nullopt: none), the last
    // read of it, and an instruction to the room ("" or why not). All empty outside server mode.
    std::function<void(std::optional<RowId> session)> m_watchRoom;
    std::function<RoomView()> m_roomView;
    std::function<std::string(RowId session, const RoomCommand& command)> m_roomCommand;
    // A trainee's machine in a live session: where she is (her outbox's session id, module,
    // attempt and simulated clock, or nullopt between sessions) for the heartbeat, and the room as
    // her agent last read it. m_actionRecorded asks the agent to deliver at once.
    std::function<void(std::optional<RowId> localSession, const std::string& module, const std::string& attemptUid, SimTime simNow)>
        m_roomWhereabouts;
    std::function<TraineeRoomView()> m_traineeRoom;
    std::function<void()> m_actionRecorded;
    // While she is on her start screen her agent looks for her cohort's sessions (every 10 s).
    std::function<void(bool looking)> m_lookForSessions;
    // Assessments (a trainee's machine): those open for her as her agent last read them (nullopt:
    // not read yet); what her assessed attempt waits for (empty uid: nothing); and the answers the
    // server gave to that, as last asked.
    std::function<std::optional<std::vector<AssessmentOffer>>()> m_assessmentOffers;
    std::function<void(const AwaitedAnswers& awaited)> m_awaitAnswers;
    std::function<std::vector<ServerAnswer>()> m_serverAnswers;
};

struct AppOptions {
    std::string m_scenarioDir;   // the library root (scenarios, support models, labs)
    std::string m_dbPath;        // SQLite database (in server mode: the trainee's outbox)
    ServerHooks m_server;
    std::string m_configDir;     // imgui.ini and the passphrase hash live here
    StoreOpener m_openStore;     // how the database is opened (the app passes SQLite's)
    WallClock m_wallClock;       // wall time for the event log (the core never reads it)
    PwhashLimits m_pwhash;       // passphrase hash cost
};

enum class MessageLevel { Info, Warning, Error };

struct Message {
    MessageLevel m_level = MessageLevel::Info;
    std::string m_text;
    double m_at = 0.0; // AppState::m_time when it was posted
};

// How often a screen that lists stored things (sessions, cohorts) reads them again while open.
inline constexpr double kStoreRefreshSeconds = 5.0;

// How long the status bar shows a message before it goes back to "Ready" (the history stays on hover).
inline constexpr double kInfoShownSeconds = 10.0;
inline constexpr double kProblemShownSeconds = 60.0;

//-----------------------------------------------------------------------------
// [SECTION] Test hooks
//-----------------------------------------------------------------------------

// Where a widget was drawn on the last frame, so headless tests can click it by name.
struct ItemRect {
    ImVec2 m_min;
    ImVec2 m_max;
    bool m_visible = false;
    int m_frame = 0;
};

struct UiHooks {
    bool m_trackItems = false;             // off in the app; the tests turn it on
    std::map<std::string, ItemRect> m_items;
    int m_frame = 0;
    int m_answerKeyDraws = 0;              // counts every answer-key panel drawn (secrecy tests)
    int m_storeReads = 0;                  // the screens' store reads (RefreshScreenData; never one per frame)
};

//-----------------------------------------------------------------------------
// [SECTION] Roles and the passphrase
//-----------------------------------------------------------------------------

struct AuthState {
    std::string m_hash;         // crypto_pwhash_str output; empty until set at first run
    bool m_unlocked = false;    // trainer and lead views unlocked for this session
    AppRole m_wanted = AppRole::Trainee; // the role the passphrase screen is unlocking
    bool m_prompt = false;      // the passphrase screen is showing
    std::string m_input;        // wiped after every attempt
    std::string m_confirm;
    std::string m_error;
    int m_failures = 0;
    double m_lockedUntil = 0.0;   // AppState::m_time before which unlocking is refused (after failures)
    bool m_changing = false;      // setting a new passphrase while unlocked
    bool m_focusInput = true;
    double m_lastInput = 0.0;     // AppState::m_time of the last mouse or keyboard input (idle lock)
};

// Standalone, unlocked trainer and lead views lock again after this long without any input.
inline constexpr double kStaffIdleLockSeconds = 10.0 * 60.0;

// Server mode: who signed in, and the delivery status the status bar shows.
struct ServerState {
    bool m_signedIn = false;
    AppRole m_role = AppRole::Trainee;
    std::string m_trainee;
    std::string m_password;  // the sign-in field; wiped after every try
    std::string m_error;
    bool m_unreachable = false; // the last try could not reach the server (offline work is offered)
    bool m_focusInput = true;
    ServerSyncView m_sync;
};

//-----------------------------------------------------------------------------
// [SECTION] Scenario library
//-----------------------------------------------------------------------------

struct LibraryEntry {
    std::string m_path;         // as found on disk
    std::string m_relPath;      // relative to the library root, for display
    std::string m_kind;         // support_model, plan_review, common_issues, escalation_drill, lab
    std::string m_id;
    std::string m_title;
    std::vector<Diagnostic> m_diagnostics;
    bool m_valid = false;
    std::shared_ptr<const Scenario> m_scenario; // loaded when valid and a scenario
    std::shared_ptr<const Lab> m_lab;           // loaded when valid and a lab
};

struct LibraryState {
    std::vector<LibraryEntry> m_entries;
    int m_loads = 0;             // how many times the folder was (re)loaded
    std::string m_error;         // the folder itself could not be read
};

//-----------------------------------------------------------------------------
// [SECTION] One scenario attempt (trainee play and trainer demo)
//-----------------------------------------------------------------------------

// Practice mode: pause and speed; assessment mode: neither (real time, 1x).
inline constexpr float kClockSpeeds[] = {1.0f, 2.0f, 5.0f, 10.0f, 30.0f, 60.0f};
inline constexpr int kClockSpeedCount = 6;

struct ClockControl {
    bool m_paused = false;
    int m_speedIndex = 0;
    double m_carry = 0.0; // fractional simulated seconds not yet applied
};

enum class QueueStatusFilter { Open, New, InProgress, Pending, Escalated, Resolved, All };

struct QueueView {
    std::string m_filter;           // text filter over id, subject, user
    QueueStatusFilter m_status = QueueStatusFilter::All;
    int m_priority = -1;            // severity index, -1: any
    bool m_focusFilter = false;
    // The rows shown (indices into the simulation's tickets), filtered then sorted. Rebuilt only when
    // the attempt's state (Simulation::StateStamp) or the view changes, so a frame costs the visible
    // rows, not the whole queue.
    std::vector<size_t> m_rows;
    std::uint64_t m_rowsStamp = 0;  // the attempt state m_rows was built for (0: rebuild on the next frame)
    std::string m_rowsFilter;       // ... and the filters
    QueueStatusFilter m_rowsStatus = QueueStatusFilter::All;
    int m_rowsPriority = -1;
    int m_sortColumn = -2;          // the sort order m_rows is in (-1: none, -2: not sorted yet)
    bool m_sortAscending = true;
    std::vector<std::string> m_haystacks; // per ticket, lower-cased "id subject user" for the filter
    std::vector<std::uint32_t> m_idRanks;      // per ticket, its id's place in text order (equal ids share one)
    std::vector<std::uint32_t> m_subjectRanks; // ... and its lower-cased subject's
};

// What the run's screens derive from every ticket at once, rebuilt only when the attempt's state
// changes (never per frame), so a frame's cost does not grow with the number of tickets.
struct RunSummary {
    std::uint64_t m_stamp = 0;      // the Simulation::StateStamp this was built for (0: never)
    int m_open = 0;                 // open tickets and unanswered questions
    bool m_anyArrived = false;
    bool m_anyWorkable = false;
    int m_waiting = 0;              // tickets not arrived yet
    std::vector<std::string> m_incidentLabels; // labels given so far, first use first
};

struct EscalateDialog {
    bool m_open = false;
    bool m_request = false; // open on the next frame
    int m_destination = -1;
    std::string m_note;
    int m_certainty = 0; // where the scenario marks certainty: 1 low .. 3 high
    int m_severity = -1; // index into the destination's request severities, where it has any
    std::string m_error;
};

struct ResolveDialog {
    bool m_open = false;
    bool m_request = false;
    int m_code = -1;
    int m_certainty = 0;
    std::string m_error;
};

// The trainee's working copy of the triage fields and incident label of the selected ticket.
struct TicketForm {
    std::string m_ticketId; // which ticket the form was filled from
    int m_category = -1;
    int m_impact = -1;
    int m_urgency = -1;
    int m_certainty = 0; // of the triage, where the scenario marks certainty
    std::string m_incident;
    std::string m_trend; // what to share for the trend meeting
};

// A question answer being built in the widgets before it is submitted.
struct QuestionDraft {
    bool m_ready = false;                 // filled from the question on first show
    std::string m_single;                 // single: option id
    std::set<std::string> m_multiple;     // multiple: picked option ids
    std::vector<int> m_match;             // matching: per pair, the index into the option order (-1 none)
    std::vector<std::string> m_order;     // ordering: option ids in the trainee's order
};

// Submitted: an assessed attempt handed in; its debrief comes when the trainer releases results.
enum class RunPhase { Playing, ConfirmFinish, Debrief, Submitted };

struct ScenarioRun {
    std::shared_ptr<const Scenario> m_scenario; // declared first: the simulation points into it
    std::optional<AttemptRecorder> m_recorder;  // a stored attempt (trainee)
    std::optional<Simulation> m_sim;            // an unstored one (trainer demo)
    bool m_demo = false;                        // answer key overlaid
    RunPhase m_phase = RunPhase::Playing;
    ClockControl m_clock;
    std::string m_selectedTicket;
    std::string m_selectedQuestion;
    std::set<std::string> m_seen;               // tickets the trainee has opened (others are new)
    // Per ticket index: its status when last looked at, to notice arrivals and misroutes coming back.
    std::vector<TicketStatus> m_lastStatus;
    std::uint64_t m_collectedStamp = 0;         // the state CollectArrivals last looked at
    SimTime m_storedNow = 0;                    // where the stored log's replay leaves the clock (CheckpointClock)
    std::string m_detailShownFor;               // the ticket or question the detail pane last showed (its scroll)
    std::vector<std::string> m_arrivals;        // arrival notices (and the room's: injects, broadcasts), newest last
    size_t m_roomSeen = 0;                      // Simulation::RoomLog entries already among m_arrivals
    bool m_roomPaused = false;                  // a live session's trainer paused the room: the clock holds
    RunSummary m_summary;
    QueueView m_queue;
    TicketForm m_form;
    EscalateDialog m_escalate;
    ResolveDialog m_resolve;
    std::map<std::string, QuestionDraft> m_drafts;
    std::string m_lastError;                    // the last refused action or failed write
    std::string m_lastOutcome;                  // what the last action revealed
    std::optional<ScoreReport> m_report;        // set when finished
    std::string m_labModuleId;                  // set when the run is a lab module
    // An assessed attempt (the scenario is a published trainee part, its key withheld): what waits
    // for the server's answer, read at the state m_awaitedStamp (FollowServerAnswers).
    std::uint64_t m_awaitedStamp = 0;
    std::vector<PendingRoute> m_awaitedRoutes;
    std::vector<PendingStep> m_awaitedSteps;
    std::uint64_t m_submittedBeforeRound = 0; // submitted: agent rounds started by then (see ServerSyncView)

    bool Assessed() const { return m_scenario && m_scenario->m_keyWithheld; }
    const Simulation& Sim() const { return m_recorder ? m_recorder->Sim() : *m_sim; }
    bool Stored() const { return m_recorder.has_value(); }
};

//-----------------------------------------------------------------------------
// [SECTION] Lab run
//-----------------------------------------------------------------------------

struct ModuleProgress {
    bool m_done = false;
    std::optional<ScoreReport> m_report; // scenario modules, once finished
    RowId m_attemptId = 0;
};

enum class LabPhase { Module, ModuleDebrief, LabDebrief };

struct LabRun {
    std::shared_ptr<const Lab> m_lab;
    std::vector<std::shared_ptr<const Scenario>> m_scenarios; // per module; null for lectures
    std::vector<ModuleProgress> m_progress;
    int m_current = 0;
    LabPhase m_phase = LabPhase::Module;
    std::optional<RowId> m_sessionId;
    // Seconds on the lab screen, lectures included (UI wall time; on resume, the stored marks' total).
    double m_elapsed = 0.0;
    bool m_resumed = false;
    // The run's stored record: module marks and time, written as they happen (none without a
    // profile or database). Failed writes stay in it and are retried.
    std::optional<LabProgress> m_stored;
    std::optional<WallTime> m_tickWall; // wall time of the last tick while the lab screen showed
    // A paced live session (server mode): modules from this index on wait for the trainer to open
    // them; -1 when nothing holds the trainee back.
    int m_openUpTo = -1;
};

//-----------------------------------------------------------------------------
// [SECTION] Trainee
//-----------------------------------------------------------------------------

enum class TraineeScreen { Profile, Pick, Lab, Scenario };

struct ProfileForm {
    std::string m_name;
    std::string m_cohort;
    std::string m_error;
};

// Asked when the trainee picks a lab they have an unfinished stored run of (same lab, same session):
// resume that run, start over (the old run is closed, its data kept) or cancel.
struct LabResumePrompt {
    bool m_request = false;           // open the dialog on the next frame
    int m_entry = -1;                 // library entry of the lab picked
    std::optional<RowId> m_sessionId; // the session it was picked through (none: alone)
    LabRunRecord m_run;               // the unfinished run, with its marks
    std::string m_error;              // why Resume or Start over failed (the dialog stays open)
};

struct TraineeState {
    TraineeScreen m_screen = TraineeScreen::Profile;
    std::optional<Trainee> m_profile;
    std::vector<Trainee> m_profiles;
    bool m_profilesLoaded = false;
    ProfileForm m_form;
    int m_pickedEntry = -1;              // library entry chosen on the pick screen
    std::optional<RowId> m_joinSession;  // lab session chosen on the pick screen
    std::optional<LabRun> m_lab;
    std::optional<ScenarioRun> m_run;    // the scenario being played (alone or as a lab module)
    std::string m_error;
    TraineeScreen m_lastScreen = TraineeScreen::Profile; // to notice arriving at the pick screen
    std::vector<Attempt> m_unfinished;   // single-scenario attempts to resume, read on arrival
    std::vector<LabRunRecord> m_unfinishedLabs; // unfinished lab runs to resume, read on arrival
    // Read from the store on arriving at a screen and every kStoreRefreshSeconds there, never per frame.
    std::vector<std::string> m_cohorts;   // for the profile form's cohort list
    std::vector<LabSession> m_sessions;   // lab sessions, for the pick screen
    double m_storeReadAt = -1e9;          // AppState::m_time of the last read
    LabResumePrompt m_labPrompt;
    // Server mode: her results as last checked (loaded when she asks, not per frame).
    std::optional<std::vector<ServerResultView>> m_serverResults;
    std::string m_serverResultsError;
    std::string m_openDebrief; // uid of the released attempt whose debrief is shown
    // Server mode: the assessments open for her, as her agent last read them (refreshed with the
    // sessions); m_offersKnown is false until it has read them once.
    std::vector<AssessmentOffer> m_offers;
    bool m_offersKnown = false;
    std::string m_awaitingFor; // the attempt her agent was last told waits for answers ("" none)
    // Her attempts on this machine per played content hash (read on arriving at the pick screen):
    // an attempt just submitted counts before the agent's next read of the server does.
    std::map<std::string, int> m_attemptsHere;
};

//-----------------------------------------------------------------------------
// [SECTION] Trainer
//-----------------------------------------------------------------------------

enum class TrainerTab { Library, AnswerKeys, TrainTheTrainer, Demo, Sessions, ControlRoom };

// How often the control room's poller reads the room (server_link RoomWatcher's interval), and so
// how often the tab redraws while open.
inline constexpr double kRoomReadSeconds = 0.5;

// The control room tab (server mode): the session it watches and the latest read of it.
struct ControlRoomState {
    std::optional<RowId> m_session;  // chosen (from the sessions list or its own picker)
    std::optional<RowId> m_watching; // what the poller was last told to watch
    RoomView m_view;
    int m_delayMinutes = 5;          // how far Delay moves an inject
    std::string m_message;
};

struct TrainTheTrainer {
    int m_labEntry = -1;           // library entry of the lab being rehearsed
    int m_step = 0;                // module index
    bool m_running = false;
    std::vector<double> m_elapsed; // per module, seconds
};

struct SessionForm {
    int m_labEntry = -1;
    std::string m_cohort;
    std::string m_trainer;
    std::string m_message;
    std::vector<LabSession> m_sessions;
    std::vector<std::pair<int, int>> m_attemptCounts; // per session: (finished, all), loaded with them
    std::vector<std::string> m_cohorts;               // the cohort list, loaded with them
    bool m_loaded = false;
    // The session whose settings are open for editing (server mode), loaded when opened.
    std::optional<RowId> m_editing;
    SessionSettingsView m_edit;
    std::vector<PublishedView> m_published;
};

struct TrainerState {
    TrainerTab m_tab = TrainerTab::Library;
    bool m_tabRequest = false;    // m_tab was set by a button: select that tab on the next frame
    int m_selected = -1;          // library entry shown in detail
    std::string m_filter;
    bool m_onlyInvalid = false;
    TrainTheTrainer m_ttt;
    std::optional<ScenarioRun> m_demo;
    SessionForm m_session;
    ControlRoomState m_room;
};

//-----------------------------------------------------------------------------
// [SECTION] Lead
//-----------------------------------------------------------------------------

enum class LeadTab { Matrix, Skills, Items, Replay, Labs };
enum class ExportKind { Csv, Xapi, Json };

// What the lead's reports show, fetched when the filters change (m_dirty) or on Refresh.
struct LeadData {
    std::vector<std::string> m_cohorts;
    std::vector<LabInfo> m_labs;
    std::optional<CohortMatrix> m_matrix;
    std::vector<std::string> m_matrixTitles;     // per matrix scenario: its title from the library, else its id
    std::optional<SkillsReport> m_skills;
    std::optional<ItemAnalysis> m_items;
    std::vector<Attempt> m_attempts;             // every attempt in the selection, for the replay list
    std::map<RowId, std::string> m_traineeNames;
    std::string m_error;
};

// One stored attempt stepped through action by action.
struct ReplayState {
    RowId m_attempt = 0;
    std::optional<Timeline> m_timeline;
    std::shared_ptr<const Scenario> m_scenario; // the library's scenario with that id, when there is one
    std::optional<Simulation> m_sim;            // the attempt replayed up to m_shownStep
    int m_step = 0;                             // events applied (0 = before the first action)
    int m_shownStep = -1;
    std::string m_note;                         // e.g. the scenario changed since the attempt
};

struct ExportPrompt {
    bool m_request = false;
    ExportKind m_kind = ExportKind::Csv;
    std::string m_path;
    std::string m_homePage; // xAPI: the organisation's home page, as edited (saved on export)
    std::string m_error;
};

// Where the organisation's xAPI home page is kept between runs (in the config folder).
inline constexpr const char* kXapiHomePageFile = "xapi-home-page";
inline constexpr const char* kDefaultXapiHomePage = "https://supportlab.invalid";

// The Lab progress tab: the chosen lab's progress report, read with the other reports (m_dirty),
// and the order its rows are shown in (the table's sort, rebuilt only when the sort changes).
struct LeadLabProgress {
    std::optional<LabProgressReport> m_report;
    std::string m_note;                // why there is no report (no lab chosen, not in the library, ...)
    std::vector<size_t> m_order;       // indices into m_report->m_rows, in display order
    int m_sortColumn = -1;             // the sort m_order is in (-1: the report's own order)
    bool m_sortAscending = true;
};

struct LeadState {
    LeadTab m_tab = LeadTab::Matrix;
    bool m_tabRequest = false;
    std::string m_cohort;       // "": every cohort
    std::string m_labId;        // "": every lab (and attempts outside labs)
    int m_grading = 0;          // Grading: highest, first, last, average
    float m_threshold = 70.0f;  // the selected lab's pass threshold, as edited
    bool m_dirty = true;        // reload the reports on the next frame
    bool m_onlyFlagged = false;
    bool m_inSessionsOnly = false; // leave self-practice out of grading
    std::string m_xapiHomePage = kDefaultXapiHomePage; // read at start from kXapiHomePageFile
    int m_fastUnderMinutes = 0; // lab progress: flag modules marked done in less time; 0: off
    LeadData m_data;
    std::string m_itemsCaution; // item analysis on too few first attempts (reports FewAttemptsCaution)
    LeadLabProgress m_labs;
    ReplayState m_replay;
    ExportPrompt m_export;
    std::string m_message;
};

//-----------------------------------------------------------------------------
// [SECTION] AppState
//-----------------------------------------------------------------------------

struct AppState {
    AppOptions m_options;
    std::string m_iniPath;            // io.IniFilename points here, so it must live as long as the context
    std::unique_ptr<Store> m_store;
    std::string m_storeError;         // the database could not be opened: shown instead of the views
    FontSet m_fonts;
    AppRole m_role = AppRole::Trainee;
    AuthState m_auth;
    ServerState m_server;
    LibraryState m_library;
    TraineeState m_trainee;
    TrainerState m_trainer;
    LeadState m_lead;
    std::vector<Message> m_messages;  // newest last; the status bar shows the newest
    bool m_showShortcuts = false;
    bool m_showAbout = false;
    bool m_wantQuit = false;
    double m_time = 0.0;              // seconds since start (io.DeltaTime summed)
    UiHooks m_hooks;
};

} // namespace sl::ui
