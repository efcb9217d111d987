// SupportLab UI: the application's behaviour behind the panels (library, attempts, clock, profiles, labs).
#include "ui/session.hpp"

// [SECTION] Library
// [SECTION] Attempts
// [SECTION] Clock and arrivals
// [SECTION] Profiles
// [SECTION] Labs
// [SECTION] Lead

#include "core/rng.hpp"
#include "core/text.hpp"
#include "reports/export.hpp"
#include "reports/query.hpp"
#include "ui/paths.hpp"
#include "scenario_io/loader.hpp"
#include "ui/widgets.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <cstdlib>
#include <set>
#include <string_view>

namespace sl::ui {

namespace {

std::string Canonical(const std::string& path) {
    std::error_code ec;
    auto p = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : p.string();
}

std::string Trim(const std::string& s) { return Trimmed(s); }

WallTime Now(const AppState& s) { return s.m_options.m_wallClock ? s.m_options.m_wallClock() : 0; }

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Library
//-----------------------------------------------------------------------------

int LabEntry(const AppState& s, const std::string& labId) {
    for (size_t i = 0; i < s.m_library.m_entries.size(); ++i)
        if (s.m_library.m_entries[i].m_lab && s.m_library.m_entries[i].m_lab->m_id == labId) return static_cast<int>(i);
    return -1;
}

const LibraryEntry* FindScenarioEntry(const LibraryState& lib, const std::string& scenarioId) {
    for (const LibraryEntry& e : lib.m_entries)
        if (e.m_scenario && e.m_scenario->m_id == scenarioId) return &e;
    return nullptr;
}

const LibraryEntry* FindLabEntry(const LibraryState& lib, const std::string& labId) {
    for (const LibraryEntry& e : lib.m_entries)
        if (e.m_lab && e.m_lab->m_id == labId) return &e;
    return nullptr;
}

void LoadLibrary(AppState& s) {
    LibraryState& lib = s.m_library;
    lib.m_entries.clear();
    lib.m_error.clear();
    ++lib.m_loads;
    const std::string root = s.m_options.m_scenarioDir;
    std::error_code ec;
    if (root.empty() || !std::filesystem::is_directory(root, ec)) {
        lib.m_error = root.empty() ? "No scenario folder given (start with --scenarios DIR)."
                                   : "The scenario folder " + root + " does not exist or is not a folder.";
        Notify(s, MessageLevel::Warning, lib.m_error);
        return;
    }
    // One pass: each file is parsed once, and a valid scenario or lab comes back built.
    for (LoadedFile& f : LoadPaths({root})) {
        FileReport& r = f.m_report;
        LibraryEntry e;
        e.m_path = r.m_path;
        std::error_code rec;
        const auto rel = std::filesystem::relative(r.m_path, root, rec);
        e.m_relPath = rec || rel.empty() ? r.m_path : rel.string();
        e.m_kind = r.m_kind;
        e.m_id = r.m_id;
        e.m_title = r.m_title;
        e.m_diagnostics = std::move(r.m_diagnostics);
        e.m_valid = !HasErrors(e.m_diagnostics);
        e.m_scenario = std::move(f.m_scenario);
        e.m_lab = std::move(f.m_lab);
        lib.m_entries.push_back(std::move(e));
    }
}

std::shared_ptr<const Scenario> ScenarioForModule(AppState& s, const Lab& lab, const LabModule& module,
                                                  std::string& error) {
    const std::filesystem::path base = std::filesystem::path(lab.m_sourcePath).parent_path();
    const std::string path = Canonical((base / module.m_scenarioPath).string());
    for (const LibraryEntry& e : s.m_library.m_entries)
        if (e.m_scenario && Canonical(e.m_path) == path) return e.m_scenario;
    LoadResult<Scenario> sc = LoadScenarioFile(path);
    if (!sc.Ok()) {
        error = "The scenario of module '" + module.m_title + "' (" + path + ") does not load";
        for (const Diagnostic& d : sc.m_diagnostics) error += "\n" + FormatDiagnostic(d);
        return nullptr;
    }
    return std::make_shared<const Scenario>(std::move(*sc.m_value));
}

//-----------------------------------------------------------------------------
// [SECTION] Attempts
//-----------------------------------------------------------------------------

std::string StartStoredRun(AppState& s, std::shared_ptr<const Scenario> scenario, const RunStart& where,
                           std::optional<ScenarioRun>& out) {
    if (!s.m_store) return "No database is open.";
    if (!s.m_trainee.m_profile) return "Pick a trainee profile first.";
    Attempt meta;
    meta.m_traineeId = s.m_trainee.m_profile->m_id;
    meta.m_sessionId = where.m_sessionId;
    meta.m_labId = where.m_labId;
    meta.m_moduleId = where.m_moduleId;
    // Each attempt draws its own variation: trainee, scenario and start time feed the seed, which is stored.
    meta.m_seed = Rng::Derive(static_cast<std::uint64_t>(Now(s)), scenario->m_id.c_str(),
                              static_cast<std::uint64_t>(meta.m_traineeId));
    StoreResult<AttemptRecorder> rec = AttemptRecorder::Start(*s.m_store, *scenario, meta, s.m_options.m_wallClock);
    if (!rec) return rec.Error().m_message;
    out.reset();
    out.emplace();
    out->m_scenario = std::move(scenario);
    out->m_recorder.emplace(std::move(rec.Value()));
    out->m_labModuleId = where.m_moduleId.value_or("");
    out->m_storedNow = out->Sim().Now();
    CollectArrivals(*out);
    return {};
}

std::string ResumeStoredRun(AppState& s, std::shared_ptr<const Scenario> scenario, RowId attemptId,
                            std::optional<ScenarioRun>& out) {
    if (!s.m_store) return "No database is open.";
    StoreResult<AttemptRecorder> rec = ResumeAttempt(*s.m_store, *scenario, attemptId, s.m_options.m_wallClock);
    if (!rec) return rec.Error().m_message;
    out.reset();
    out.emplace();
    out->m_scenario = std::move(scenario);
    out->m_recorder.emplace(std::move(rec.Value()));
    out->m_labModuleId = out->m_recorder->AttemptRecord().m_moduleId.value_or("");
    out->m_storedNow = out->Sim().Now(); // the last action's end, or a stored clock checkpoint
    // Tickets already worked on before the restart are not new any more.
    for (const TicketState& t : out->Sim().Tickets())
        if (!t.m_log.empty() && t.m_log.size() > 1) out->m_seen.insert(t.m_def->m_id);
    CollectArrivals(*out);
    out->m_arrivals.clear(); // the resumed queue is shown as it stands, not as a burst of arrivals
    return {};
}

void StartDemoRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, std::optional<ScenarioRun>& out) {
    out.reset();
    out.emplace();
    out->m_sim.emplace(*scenario, seed);
    out->m_scenario = std::move(scenario);
    out->m_demo = true;
    CollectArrivals(*out);
}

bool ApplyRunAction(AppState& s, ScenarioRun& run, const Action& action) {
    if (run.m_phase != RunPhase::Playing) return false;
    ApplyResult r;
    if (run.m_recorder) {
        RecordResult rr = run.m_recorder->Apply(action);
        r = rr.m_apply;
        if (rr.m_storeError)
            Notify(s, MessageLevel::Error,
                   "Could not save the last action (" + rr.m_storeError->m_message +
                       "); it is kept in memory and saved as soon as the database can be written.");
    } else {
        r = run.m_sim->Apply(action);
    }
    if (!r.m_ok) {
        run.m_lastError = r.m_error;
        return false;
    }
    run.m_lastError.clear();
    if (run.m_recorder) run.m_storedNow = run.Sim().Now();
    if (run.m_recorder && s.m_options.m_server.m_actionRecorded) s.m_options.m_server.m_actionRecorded(); // deliver now, not in 2 s
    CollectArrivals(run); // the action's time cost may have brought arrivals
    return true;
}

void CheckpointClock(AppState& s, ScenarioRun& run, SimTime minGap) {
    if (!run.m_recorder || run.m_phase != RunPhase::Playing) return;
    const SimTime now = run.Sim().Now();
    if (now - run.m_storedNow < std::max<SimTime>(1, minGap)) return;
    Action at;
    at.m_type = ActionType::WaitUntil;
    at.m_duration = now;
    ApplyRunAction(s, run, at);
}

void DropRun(AppState& s) {
    if (s.m_trainee.m_run) CheckpointClock(s, *s.m_trainee.m_run, 1);
    s.m_trainee.m_run.reset();
}

bool FinishRun(AppState& s, ScenarioRun& run) {
    if (run.m_phase == RunPhase::Debrief) return true;
    if (run.m_recorder) {
        StoreResult<ScoreReport> rep = run.m_recorder->Finish();
        if (!rep) {
            run.m_lastError = rep.Error().m_message;
            Notify(s, MessageLevel::Error, "Could not finish the attempt: " + rep.Error().m_message);
            run.m_phase = RunPhase::Playing;
            return false;
        }
        run.m_report = rep.Value();
    } else {
        run.m_report = Score(*run.m_sim);
    }
    run.m_phase = RunPhase::Debrief;
    return true;
}

std::string RunScript(const Simulation& sim) {
    std::string out = "seed " + std::to_string(sim.Seed()) + "\n";
    for (const LoggedAction& la : sim.Log()) {
        out += "at " + std::to_string(la.m_at) + "\n";
        out += FormatAction(la.m_action) + "\n";
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Clock and arrivals
//-----------------------------------------------------------------------------

bool ClockControllable(const ScenarioRun& run) { return run.m_demo || run.m_scenario->m_clock == ClockMode::Practice; }

float ClockSpeed(const ScenarioRun& run) {
    if (run.m_roomPaused) return 0.0f; // the trainer holds every clock in the room
    if (!ClockControllable(run)) return 1.0f;
    if (run.m_clock.m_paused) return 0.0f;
    const int i = std::clamp(run.m_clock.m_speedIndex, 0, kClockSpeedCount - 1);
    return kClockSpeeds[i];
}

void TickRun(ScenarioRun& run, double realSeconds) {
    if (run.m_phase != RunPhase::Playing) return;
    // A stalled frame (suspend, debugger) must not burn through the SLA clocks; an idle window
    // draws at least once a second (SecondsUntilChange), so up to 1.5 s between frames is real.
    const double dt = std::clamp(std::isfinite(realSeconds) ? realSeconds : 0.0, 0.0, 1.5);
    run.m_clock.m_carry += dt * ClockSpeed(run);
    const double whole = std::floor(run.m_clock.m_carry);
    if (whole < 1.0) return;
    run.m_clock.m_carry -= whole;
    const SimTime target = run.Sim().Now() + static_cast<SimTime>(whole);
    if (run.m_recorder)
        run.m_recorder->AdvanceTo(target);
    else
        run.m_sim->AdvanceTo(target);
    CollectArrivals(run);
}

bool ModuleWaitsForTrainer(const LabRun& lab) { return lab.m_openUpTo >= 0 && lab.m_current >= lab.m_openUpTo; }

void FollowTraineeRoom(AppState& s) {
    const ServerHooks& hooks = s.m_options.m_server;
    if (!hooks.m_roomWhereabouts || !hooks.m_traineeRoom) return;
    TraineeState& tr = s.m_trainee;
    if (hooks.m_lookForSessions) hooks.m_lookForSessions(s.m_role == AppRole::Trainee && tr.m_screen == TraineeScreen::Pick);
    ScenarioRun* run = tr.m_run && tr.m_run->m_recorder && tr.m_run->m_phase == RunPhase::Playing &&
                               tr.m_run->m_recorder->AttemptRecord().m_sessionId
                           ? &*tr.m_run
                           : nullptr;
    LabRun* lab = tr.m_lab && tr.m_lab->m_sessionId && tr.m_screen == TraineeScreen::Lab ? &*tr.m_lab : nullptr;
    // Where she is: a scenario of a session (its attempt and clock), else a session's lab screen.
    std::optional<RowId> session;
    std::string module, uid;
    SimTime now = 0;
    if (run) {
        const Attempt& attempt = run->m_recorder->AttemptRecord();
        session = attempt.m_sessionId;
        module = attempt.m_moduleId.value_or("");
        uid = attempt.m_uid;
        now = run->Sim().Now();
    } else if (lab) {
        session = lab->m_sessionId;
        if (lab->m_current >= 0 && lab->m_current < static_cast<int>(lab->m_lab->m_modules.size()))
            module = lab->m_lab->m_modules[static_cast<size_t>(lab->m_current)].m_id;
    }
    if (tr.m_run) tr.m_run->m_roomPaused = false;
    if (!session) {
        hooks.m_roomWhereabouts(std::nullopt, "", "", 0);
        if (tr.m_lab) tr.m_lab->m_openUpTo = -1;
        return;
    }
    hooks.m_roomWhereabouts(*session, module, uid, now);
    const TraineeRoomView room = hooks.m_traineeRoom();
    if (!room.m_known || room.m_localSession != *session) return;
    if (tr.m_lab && tr.m_lab->m_sessionId == session) tr.m_lab->m_openUpTo = room.m_paced ? std::max(0, room.m_openedModules) : -1;
    if (!run) return;
    run->m_roomPaused = room.m_paused;
    // Her log holds the room's instructions as a prefix of the list sent: add the rest, in order.
    for (const Action& a : InstructionsToApply(room.m_instructions, run->Sim()))
        if (!ApplyRunAction(s, *run, a)) break;
}

void CollectArrivals(ScenarioRun& run) {
    const Simulation& sim = run.Sim();
    // Statuses change only with the state stamp: an unchanged stamp means nothing to notice.
    if (run.m_collectedStamp == sim.StateStamp()) return;
    run.m_collectedStamp = sim.StateStamp();
    const std::vector<TicketState>& tickets = sim.Tickets();
    run.m_lastStatus.resize(tickets.size(), TicketStatus::NotArrived);
    for (size_t i = 0; i < tickets.size(); ++i) {
        const TicketState& t = tickets[i];
        TicketStatus& last = run.m_lastStatus[i];
        if (t.m_status == last) continue;
        // Only the clock makes these two changes: trainees cannot act on tickets away with another team.
        if (last == TicketStatus::NotArrived) {
            run.m_arrivals.push_back(FormatClock(t.m_arrives) + "  New ticket: " + t.m_def->m_subject);
        } else if (last == TicketStatus::Escalated && t.m_status != TicketStatus::Resolved) {
            run.m_arrivals.push_back(FormatClock(sim.Now()) + "  Came back (misrouted): " + t.m_def->m_subject);
            run.m_seen.erase(t.m_def->m_id); // flag it as needing attention again
        }
        last = t.m_status;
    }
    // What happened to the whole room: injects fired (by plan, the trainer, or a missed deadline),
    // broadcasts, destination changes.
    const std::vector<TicketLogEntry>& room = sim.RoomLog();
    for (; run.m_roomSeen < room.size(); ++run.m_roomSeen)
        run.m_arrivals.push_back(FormatClock(room[run.m_roomSeen].m_at) + "  " + room[run.m_roomSeen].m_text);
    if (run.m_arrivals.size() > 50) run.m_arrivals.erase(run.m_arrivals.begin(), run.m_arrivals.end() - 50);
}

const RunSummary& Summarize(ScenarioRun& run) {
    const Simulation& sim = run.Sim();
    RunSummary& r = run.m_summary;
    if (r.m_stamp == sim.StateStamp()) return r;
    r = RunSummary{};
    r.m_stamp = sim.StateStamp();
    r.m_open = OpenWork(sim);
    std::set<std::string_view> labels;
    for (const TicketState& t : sim.Tickets()) {
        if (IsHeldBack(t)) continue; // brought by an inject that has not fired: not known to be coming
        if (t.m_status == TicketStatus::NotArrived) ++r.m_waiting;
        else r.m_anyArrived = true;
        r.m_anyWorkable |= IsWorkable(t);
        if (!t.m_incidentLabel.empty() && labels.insert(t.m_incidentLabel).second) r.m_incidentLabels.push_back(t.m_incidentLabel);
    }
    return r;
}

//-----------------------------------------------------------------------------
// [SECTION] Profiles
//-----------------------------------------------------------------------------

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
    const std::string name = Trim(rawName);
    const std::string cohort = Trim(rawCohort);
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

//-----------------------------------------------------------------------------
// [SECTION] Labs
//-----------------------------------------------------------------------------

namespace {

// Builds the module list of a lab run (scenarios resolved); "" on success.
std::string PrepareLab(AppState& s, const LibraryEntry& entry, LabRun& run) {
    run.m_lab = entry.m_lab;
    run.m_scenarios.assign(entry.m_lab->m_modules.size(), nullptr);
    run.m_progress.assign(entry.m_lab->m_modules.size(), ModuleProgress{});
    for (size_t i = 0; i < entry.m_lab->m_modules.size(); ++i) {
        const LabModule& m = entry.m_lab->m_modules[i];
        if (m.m_type != ModuleType::Scenario) continue;
        std::string error;
        run.m_scenarios[i] = ScenarioForModule(s, *entry.m_lab, m, error);
        if (!run.m_scenarios[i]) return error;
    }
    return {};
}

// A failed progress write: the progress stays in memory and the next flush retries it.
void ReportLabWrite(AppState& s, const StoreStatus& st) {
    if (!st)
        Notify(s, MessageLevel::Error,
               "Could not save your lab progress (" + st.Error().m_message +
                   "); it is kept in memory and saved as soon as the database can be written.");
}

void FlushLabProgress(AppState& s, LabRun& lab) {
    if (lab.m_stored && lab.m_stored->PendingWrites() > 0) ReportLabWrite(s, lab.m_stored->Flush());
}

// Finishing a module (a lecture read, a scenario finished) is a trainee action: stored at once.
void MarkModuleDone(AppState& s, LabRun& lab, size_t i) {
    lab.m_progress[i].m_done = true;
    if (lab.m_stored) ReportLabWrite(s, lab.m_stored->MarkDone(lab.m_lab->m_modules[i].m_id));
}

// Shows a prepared lab run (resumed) on the lab screen and opens its current module.
bool ShowResumedLab(AppState& s, LabRun run) {
    TraineeState& tr = s.m_trainee;
    run.m_resumed = true;
    tr.m_lab = std::move(run);
    DropRun(s);
    tr.m_screen = TraineeScreen::Lab;
    if (std::string err = EnterModule(s); !err.empty()) tr.m_error = err;
    return true;
}

// Resumes a stored lab run: modules marked done stay done (lectures too), the first one not done
// is current, and the elapsed time is the marks' total.
bool ResumeStoredLab(AppState& s, const LabRunRecord& record, std::string& error) {
    TraineeState& tr = s.m_trainee;
    const int entryIndex = LabEntry(s, record.m_labId);
    if (entryIndex < 0) {
        error = "Your last lab ('" + record.m_labId + "') is not in the scenario library any more.";
        return false;
    }
    const LibraryEntry& entry = s.m_library.m_entries[static_cast<size_t>(entryIndex)];
    LabRun run;
    if (std::string err = PrepareLab(s, entry, run); !err.empty()) {
        error = err;
        return false;
    }
    run.m_sessionId = record.m_sessionId;
    run.m_stored.emplace(*s.m_store, record, s.m_options.m_wallClock);
    const auto& modules = entry.m_lab->m_modules;
    // The scores of finished modules: the newest finished attempt at each in this lab and session
    // (the module's mark is written right after its attempt finishes).
    AttemptFilter f;
    f.m_traineeId = tr.m_profile->m_id;
    f.m_labId = record.m_labId;
    f.m_finishedOnly = true;
    auto finished = s.m_store->Attempts(f);
    run.m_current = static_cast<int>(modules.size());
    for (size_t i = 0; i < modules.size(); ++i) {
        if (!run.m_stored->Done(modules[i].m_id)) {
            run.m_current = std::min(run.m_current, static_cast<int>(i));
            continue;
        }
        run.m_progress[i].m_done = true;
        if (!finished) continue;
        for (const Attempt& a : finished.Value())
            if (a.m_moduleId == modules[i].m_id && a.m_sessionId == record.m_sessionId) run.m_progress[i].m_attemptId = a.m_id;
        if (run.m_progress[i].m_attemptId)
            if (auto rep = s.m_store->Scores(run.m_progress[i].m_attemptId); rep) run.m_progress[i].m_report = rep.Value();
    }
    if (!finished) Notify(s, MessageLevel::Warning, "The scores of your finished modules could not be read: " + finished.Error().m_message);
    run.m_elapsed = run.m_stored->TotalSeconds();
    return ShowResumedLab(s, std::move(run));
}

void RegisterLab(AppState& s, const Lab& lab) {
    if (!s.m_store) return;
    if (auto r = s.m_store->PutLab(LabInfoOf(lab)); !r) Notify(s, MessageLevel::Warning, r.Error().m_message);
}

} // namespace

std::string StartLab(AppState& s, int libraryEntry, std::optional<RowId> sessionId) {
    if (libraryEntry < 0 || libraryEntry >= static_cast<int>(s.m_library.m_entries.size())) return "Pick a lab first.";
    const LibraryEntry& entry = s.m_library.m_entries[static_cast<size_t>(libraryEntry)];
    if (!entry.m_lab) return "'" + entry.m_relPath + "' is not a valid lab.";
    LabRun run;
    if (std::string err = PrepareLab(s, entry, run); !err.empty()) return err;
    run.m_sessionId = sessionId;
    RegisterLab(s, *entry.m_lab);
    FlushLab(s); // a lab being replaced keeps its progress
    if (s.m_store && s.m_trainee.m_profile) {
        LabRunRecord record;
        record.m_traineeId = s.m_trainee.m_profile->m_id;
        record.m_labId = entry.m_lab->m_id;
        record.m_sessionId = sessionId;
        run.m_stored.emplace(*s.m_store, record, s.m_options.m_wallClock);
        ReportLabWrite(s, run.m_stored->Flush());
    }
    s.m_trainee.m_lab = std::move(run);
    DropRun(s);
    s.m_trainee.m_screen = TraineeScreen::Lab;
    return EnterModule(s);
}

namespace {

// Databases from before lab runs (or labs started before the upgrade): the lab is rebuilt from its
// attempts as before, then adopted as a stored run so its progress is recorded from now on.
bool ResumeLabFromAttempts(AppState& s, std::string& error) {
    TraineeState& tr = s.m_trainee;
    AttemptFilter f;
    f.m_traineeId = tr.m_profile->m_id;
    auto all = s.m_store->Attempts(f);
    if (!all) {
        error = all.Error().m_message;
        return false;
    }
    const Attempt* newest = nullptr;
    for (const Attempt& a : all.Value())
        if (a.m_labId && (!newest || a.m_id > newest->m_id)) newest = &a;
    if (!newest) return false;
    const int entryIndex = LabEntry(s, *newest->m_labId);
    if (entryIndex < 0) {
        error = "Your last lab ('" + *newest->m_labId + "') is not in the scenario library any more.";
        return false;
    }
    const LibraryEntry& entry = s.m_library.m_entries[static_cast<size_t>(entryIndex)];
    const Lab& lab = *entry.m_lab;

    // The attempts of this lab run (same lab, same session), split into completed cycles; the last
    // cycle, when it has not finished every scenario module, is the unfinished lab.
    std::set<std::string> scenarioModules;
    for (const LabModule& m : lab.m_modules)
        if (m.m_type == ModuleType::Scenario) scenarioModules.insert(m.m_id);
    std::vector<Attempt> cycle;
    std::set<std::string> done;
    std::vector<Attempt> sorted = all.Value();
    std::sort(sorted.begin(), sorted.end(), [](const Attempt& a, const Attempt& b) { return a.m_id < b.m_id; });
    for (const Attempt& a : sorted) {
        if (a.m_labId != newest->m_labId || a.m_sessionId != newest->m_sessionId) continue;
        cycle.push_back(a);
        if (a.m_finished && a.m_moduleId) done.insert(*a.m_moduleId);
        if (!scenarioModules.empty() && std::includes(done.begin(), done.end(), scenarioModules.begin(), scenarioModules.end())) {
            cycle.clear();
            done.clear();
        }
    }
    if (cycle.empty()) return false;

    LabRun run;
    if (std::string err = PrepareLab(s, entry, run); !err.empty()) {
        error = err;
        return false;
    }
    run.m_sessionId = newest->m_sessionId;
    int lastDone = -1;
    int openModule = -1;
    for (size_t i = 0; i < lab.m_modules.size(); ++i) {
        const LabModule& m = lab.m_modules[i];
        if (m.m_type != ModuleType::Scenario) continue;
        for (const Attempt& a : cycle) {
            if (a.m_moduleId != m.m_id) continue;
            if (a.m_finished) {
                run.m_progress[i].m_done = true;
                run.m_progress[i].m_attemptId = a.m_id;
                lastDone = std::max(lastDone, static_cast<int>(i));
            } else if (!run.m_progress[i].m_done) {
                openModule = static_cast<int>(i);
            }
        }
    }
    for (ModuleProgress& p : run.m_progress)
        if (p.m_done && p.m_attemptId)
            if (auto rep = s.m_store->Scores(p.m_attemptId); rep) p.m_report = rep.Value();
    run.m_current = openModule > lastDone ? openModule : lastDone + 1;
    for (int i = 0; i < run.m_current && i < static_cast<int>(run.m_progress.size()); ++i)
        run.m_progress[static_cast<size_t>(i)].m_done = true;
    LabRunRecord record;
    record.m_traineeId = tr.m_profile->m_id;
    record.m_labId = lab.m_id;
    record.m_sessionId = run.m_sessionId;
    run.m_stored.emplace(*s.m_store, record, s.m_options.m_wallClock);
    for (const Attempt& a : cycle) {
        const WallTime end = a.m_endedWall ? *a.m_endedWall : a.m_lastWall.value_or(a.m_startedWall);
        if (end <= a.m_startedWall) continue;
        const double seconds = static_cast<double>(end - a.m_startedWall) / 1000.0;
        run.m_elapsed += seconds;
        if (a.m_moduleId) run.m_stored->AddTime(*a.m_moduleId, seconds);
    }
    for (int i = 0; i < run.m_current && i < static_cast<int>(run.m_progress.size()); ++i)
        (void)run.m_stored->MarkDone(lab.m_modules[static_cast<size_t>(i)].m_id); // a failure is retried just below
    ReportLabWrite(s, run.m_stored->Flush());
    return ShowResumedLab(s, std::move(run));
}

} // namespace

bool ResumeUnfinishedLab(AppState& s, std::string& error) {
    TraineeState& tr = s.m_trainee;
    if (!s.m_store || !tr.m_profile) return false;
    auto runs = s.m_store->UnfinishedLabRuns(tr.m_profile->m_id);
    if (!runs) {
        error = runs.Error().m_message;
        return false;
    }
    if (!runs->empty()) return ResumeStoredLab(s, runs->back(), error); // the newest
    auto count = s.m_store->LabRunCount(tr.m_profile->m_id);
    if (!count) {
        error = count.Error().m_message;
        return false;
    }
    if (count.Value() > 0) return false; // every recorded lab run is finished
    return ResumeLabFromAttempts(s, error);
}

std::optional<LabRunRecord> FindUnfinishedLabRun(AppState& s, const std::string& labId, std::optional<RowId> sessionId,
                                                 std::string& error) {
    TraineeState& tr = s.m_trainee;
    if (!s.m_store || !tr.m_profile) return std::nullopt;
    auto runs = s.m_store->UnfinishedLabRuns(tr.m_profile->m_id);
    if (!runs) {
        error = runs.Error().m_message;
        return std::nullopt;
    }
    // Oldest first: the newest match is the one the trainee worked on last.
    for (auto it = runs->rbegin(); it != runs->rend(); ++it)
        if (it->m_labId == labId && it->m_sessionId == sessionId) return *it;
    return std::nullopt;
}

std::string ResumeLabRun(AppState& s, RowId runId) {
    TraineeState& tr = s.m_trainee;
    if (!s.m_store) return "No database is open.";
    if (!tr.m_profile) return "Pick a trainee profile first.";
    auto run = s.m_store->GetLabRun(runId);
    if (!run) return run.Error().m_message;
    if (run->m_traineeId != tr.m_profile->m_id) return "That lab run belongs to another trainee.";
    if (run->m_finished) return "That lab run is already finished.";
    FlushLab(s); // a lab being replaced keeps its progress
    std::string error;
    if (!ResumeStoredLab(s, run.Value(), error)) return error.empty() ? "The lab run could not be resumed." : error;
    tr.m_error.clear();
    return {};
}

std::string StartLabOver(AppState& s, int libraryEntry, std::optional<RowId> sessionId, RowId oldRunId) {
    TraineeState& tr = s.m_trainee;
    if (!s.m_store) return "No database is open.";
    if (libraryEntry < 0 || libraryEntry >= static_cast<int>(s.m_library.m_entries.size())) return "Pick a lab first.";
    const LibraryEntry& entry = s.m_library.m_entries[static_cast<size_t>(libraryEntry)];
    if (!entry.m_lab) return "'" + entry.m_relPath + "' is not a valid lab.";
    // A lab that cannot start (a module's scenario does not load) leaves the old run open.
    {
        LabRun check;
        if (std::string err = PrepareLab(s, entry, check); !err.empty()) return err;
    }
    // The old run in memory (if any) writes what it holds first, so closing it loses nothing.
    FlushLab(s);
    if (tr.m_lab && tr.m_lab->m_stored && tr.m_lab->m_stored->Record().m_id == oldRunId) {
        DropRun(s);
        tr.m_lab.reset();
    }
    // FinishLabRun closes the run: it is no longer unfinished (not offered again), its module marks
    // and attempts stay as they are, and its marks show which modules were never done.
    if (auto st = s.m_store->FinishLabRun(oldRunId, Now(s)); !st)
        return "Your unfinished run could not be closed, so nothing was changed: " + st.Error().m_message;
    return StartLab(s, libraryEntry, sessionId);
}

std::string EnterModule(AppState& s) {
    TraineeState& tr = s.m_trainee;
    if (!tr.m_lab) return {};
    LabRun& lab = *tr.m_lab;
    const auto& modules = lab.m_lab->m_modules;
    if (lab.m_current >= static_cast<int>(modules.size())) {
        lab.m_phase = LabPhase::LabDebrief;
        DropRun(s);
        if (lab.m_stored) ReportLabWrite(s, lab.m_stored->Finish());
        return {};
    }
    lab.m_phase = LabPhase::Module;
    const size_t i = static_cast<size_t>(lab.m_current);
    const LabModule& m = modules[i];
    if (m.m_type != ModuleType::Scenario) {
        DropRun(s);
        return {};
    }
    if (tr.m_run && tr.m_run->m_labModuleId == m.m_id && tr.m_run->m_phase != RunPhase::Debrief) return {};
    // A paced session's module the trainer has not opened yet starts when she does (the lab screen
    // then offers it); nothing is stored before.
    if (ModuleWaitsForTrainer(lab)) {
        DropRun(s);
        return {};
    }
    // An unfinished attempt at this module (after a restart) resumes; otherwise a new one starts.
    if (s.m_store && tr.m_profile) {
        if (auto open = s.m_store->UnfinishedAttempts(tr.m_profile->m_id); open) {
            for (auto it = open.Value().rbegin(); it != open.Value().rend(); ++it) {
                if (it->m_labId != lab.m_lab->m_id || it->m_moduleId != m.m_id || it->m_sessionId != lab.m_sessionId)
                    continue;
                std::string err = ResumeStoredRun(s, lab.m_scenarios[i], it->m_id, tr.m_run);
                if (err.empty()) return {};
                Notify(s, MessageLevel::Warning, "Could not resume your attempt at '" + m.m_title + "' (" + err +
                                                     "); starting it again.");
                break;
            }
        }
    }
    RunStart where;
    where.m_labId = lab.m_lab->m_id;
    where.m_moduleId = m.m_id;
    where.m_sessionId = lab.m_sessionId;
    std::string err = StartStoredRun(s, lab.m_scenarios[i], where, tr.m_run);
    if (!err.empty()) Notify(s, MessageLevel::Error, err);
    return err;
}

void NextModule(AppState& s) {
    TraineeState& tr = s.m_trainee;
    if (!tr.m_lab) return;
    LabRun& lab = *tr.m_lab;
    if (lab.m_current < static_cast<int>(lab.m_progress.size())) {
        ModuleProgress& p = lab.m_progress[static_cast<size_t>(lab.m_current)];
        if (tr.m_run && tr.m_run->m_report) {
            p.m_report = tr.m_run->m_report;
            if (tr.m_run->m_recorder) p.m_attemptId = tr.m_run->m_recorder->AttemptId();
        }
        MarkModuleDone(s, lab, static_cast<size_t>(lab.m_current)); // with the module's time
    }
    DropRun(s);
    ++lab.m_current;
    if (std::string err = EnterModule(s); !err.empty()) tr.m_error = err;
}

ScoreReport CombinedLabReport(const LabRun& lab) {
    ScoreReport r;
    r.m_scenarioId = lab.m_lab ? lab.m_lab->m_id : std::string();
    for (int d = 0; d < kDimensionCount; ++d) r.m_byDimension[d].m_dimension = static_cast<Dimension>(d);
    for (const ModuleProgress& p : lab.m_progress) {
        if (!p.m_report) continue;
        for (const ItemScore& it : p.m_report->m_items) r.m_items.push_back(it);
        for (int d = 0; d < kDimensionCount; ++d) {
            r.m_byDimension[d].m_score += p.m_report->m_byDimension[d].m_score;
            r.m_byDimension[d].m_max += p.m_report->m_byDimension[d].m_max;
        }
        r.m_total += p.m_report->m_total;
        r.m_max += p.m_report->m_max;
        r.m_endTime += p.m_report->m_endTime;
    }
    return r;
}

void NoteModuleRunFinished(AppState& s) {
    TraineeState& tr = s.m_trainee;
    if (!tr.m_lab || !tr.m_run || tr.m_run->m_phase != RunPhase::Debrief) return;
    LabRun& lab = *tr.m_lab;
    if (lab.m_phase != LabPhase::Module || lab.m_current >= static_cast<int>(lab.m_progress.size())) return;
    const size_t i = static_cast<size_t>(lab.m_current);
    ModuleProgress& p = lab.m_progress[i];
    p.m_report = tr.m_run->m_report;
    if (tr.m_run->m_recorder) p.m_attemptId = tr.m_run->m_recorder->AttemptId();
    lab.m_phase = LabPhase::ModuleDebrief;
    MarkModuleDone(s, lab, i);
}

void LeaveLab(AppState& s) {
    TraineeState& tr = s.m_trainee;
    FlushLab(s);
    DropRun(s);
    tr.m_lab.reset();
    tr.m_screen = TraineeScreen::Pick;
}

void TickLab(AppState& s) {
    TraineeState& tr = s.m_trainee;
    if (!tr.m_lab) return;
    LabRun& lab = *tr.m_lab;
    const bool showing = s.m_role == AppRole::Trainee && tr.m_screen == TraineeScreen::Lab &&
                         lab.m_phase != LabPhase::LabDebrief;
    if (!showing) {
        // The lab screen stopped showing (another role, the lab finished): its time is written.
        if (lab.m_tickWall) {
            lab.m_tickWall.reset();
            FlushLabProgress(s, lab);
        }
        return;
    }
    const WallTime now = Now(s);
    if (lab.m_tickWall && now > *lab.m_tickWall) {
        // At most a second a frame: a stalled or suspended app does not count as time in the lab.
        const double seconds = std::min(static_cast<double>(now - *lab.m_tickWall) / 1000.0, 1.0);
        lab.m_elapsed += seconds;
        if (lab.m_stored && lab.m_current < static_cast<int>(lab.m_lab->m_modules.size())) {
            lab.m_stored->AddTime(lab.m_lab->m_modules[static_cast<size_t>(lab.m_current)].m_id, seconds);
            if (lab.m_stored->UnflushedSeconds() >= kLabFlushSeconds) FlushLabProgress(s, lab);
        }
    }
    lab.m_tickWall = now;
}

void FlushLab(AppState& s) {
    if (s.m_trainee.m_lab) FlushLabProgress(s, *s.m_trainee.m_lab);
}

//-----------------------------------------------------------------------------
// [SECTION] Lead
//-----------------------------------------------------------------------------

namespace {

ReportQuery LeadQuery(const LeadState& l) {
    ReportQuery q;
    if (!l.m_cohort.empty()) q.m_cohort = l.m_cohort;
    if (!l.m_labId.empty()) q.m_labId = l.m_labId;
    q.m_grading = static_cast<Grading>(std::clamp(l.m_grading, 0, 3));
    q.m_inSessionsOnly = l.m_inSessionsOnly;
    return q;
}

} // namespace

void RefreshLead(AppState& s) {
    LeadState& l = s.m_lead;
    l.m_dirty = false;
    l.m_data = LeadData{};
    if (!s.m_store) {
        l.m_data.m_error = "No database is open.";
        return;
    }
    Store& st = *s.m_store;
    std::string error;
    auto keep = [&](auto result, auto& into) {
        if (result) into = std::move(result.Value());
        else if (error.empty()) error = result.Error().m_message;
    };
    keep(st.Cohorts(), l.m_data.m_cohorts);
    keep(st.Labs(), l.m_data.m_labs);
    const ReportQuery q = LeadQuery(l);
    keep(QueryCohortMatrix(st, q), l.m_data.m_matrix);
    if (l.m_data.m_matrix)
        for (const std::string& id : l.m_data.m_matrix->m_scenarios) {
            const LibraryEntry* e = FindScenarioEntry(s.m_library, id);
            l.m_data.m_matrixTitles.push_back(e && !e->m_scenario->m_title.empty() ? e->m_scenario->m_title : id);
        }
    keep(QuerySkills(st, q), l.m_data.m_skills);
    keep(QueryItemAnalysis(st, q), l.m_data.m_items);
    l.m_itemsCaution = l.m_data.m_items ? FewAttemptsCaution(*l.m_data.m_items) : std::string();
    keep(st.Attempts(ToAttemptFilter(q)), l.m_data.m_attempts);
    std::vector<Trainee> everyone;
    keep(st.Trainees(std::nullopt), everyone);
    for (const Trainee& t : everyone) l.m_data.m_traineeNames[t.m_id] = t.m_name;
    l.m_threshold = 70.0f;
    for (const LabInfo& lab : l.m_data.m_labs)
        if (lab.m_labId == l.m_labId) l.m_threshold = static_cast<float>(lab.m_passThreshold);
    l.m_data.m_error = error;
}

std::string SaveThreshold(AppState& s, double percent) {
    LeadState& l = s.m_lead;
    if (!s.m_store) return "No database is open.";
    if (l.m_labId.empty()) return "Choose a lab: pass thresholds are set per lab.";
    if (!(percent >= 0.0 && percent <= 100.0)) return "The pass threshold is a percentage from 0 to 100.";
    LabInfo info;
    info.m_labId = l.m_labId;
    for (const LabInfo& lab : l.m_data.m_labs)
        if (lab.m_labId == l.m_labId) info = lab;
    info.m_passThreshold = percent;
    if (auto r = s.m_store->PutLab(info); !r) return r.Error().m_message;
    l.m_dirty = true;
    return {};
}

std::string DefaultExportPath(const AppState& s, ExportKind kind) {
    const char* home = std::getenv("HOME");
    std::string name = "supportlab-" + (s.m_lead.m_cohort.empty() ? std::string("all") : s.m_lead.m_cohort);
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    const char* ext = kind == ExportKind::Csv ? ".csv" : kind == ExportKind::Xapi ? ".xapi.json" : ".json";
    return std::string(home && *home ? home : ".") + "/" + name + ext;
}

std::string SaveXapiHomePage(AppState& s, const std::string& raw) {
    const std::string url = Trim(raw);
    if (const auto problem = HomePageProblem(url)) return "Home page: " + *problem;
    s.m_lead.m_xapiHomePage = url;
    if (s.m_options.m_configDir.empty()) return {};
    if (std::string err = EnsureDir(s.m_options.m_configDir); !err.empty()) return err;
    return WriteFileAtomic(s.m_options.m_configDir + "/" + kXapiHomePageFile, url + "\n");
}

void LoadXapiHomePage(AppState& s) {
    if (s.m_options.m_configDir.empty()) return;
    std::string text;
    if (!ReadSmallFile(s.m_options.m_configDir + "/" + kXapiHomePageFile, text, 4096)) return; // none saved: the default
    const std::string url = Trim(text);
    if (!HomePageProblem(url)) s.m_lead.m_xapiHomePage = url;
    else Notify(s, MessageLevel::Warning, "The saved xAPI home page is not usable; using " + std::string(kDefaultXapiHomePage));
}

std::string ExportReport(AppState& s, ExportKind kind, const std::string& rawPath, const std::string& homePage) {
    if (!s.m_store) return "No database is open.";
    const std::string path = Trim(rawPath);
    if (path.empty()) return "Enter the file to write.";
    std::error_code ec;
    const std::filesystem::path p(path);
    if (std::filesystem::is_directory(p, ec)) return path + " is a folder: add a file name.";
    const std::filesystem::path parent = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(parent, ec)) return "The folder " + parent.string() + " does not exist.";
    auto data = QueryExport(*s.m_store, LeadQuery(s.m_lead));
    if (!data) return data.Error().m_message;
    for (const LibraryEntry& e : s.m_library.m_entries) // xAPI names scenarios by their titles
        if (e.m_scenario) data.Value().m_scenarioTitles.emplace(e.m_scenario->m_id, e.m_scenario->m_title);
    std::string text;
    try {
        text = kind == ExportKind::Csv    ? ExportCsv(data.Value())
               : kind == ExportKind::Xapi ? ExportXapi(data.Value(), homePage)
                                          : ExportJson(data.Value());
    } catch (const ExportError& e) {
        return e.what();
    }
    if (std::string err = WriteFileAtomic(path, text); !err.empty()) return err;
    return {};
}

void SelectReplay(AppState& s, RowId attemptId) {
    ReplayState& r = s.m_lead.m_replay;
    r = ReplayState{};
    r.m_attempt = attemptId;
    if (!s.m_store) return;
    auto tl = QueryTimeline(*s.m_store, attemptId);
    if (!tl) {
        r.m_note = tl.Error().m_message;
        return;
    }
    r.m_timeline = std::move(tl.Value());
    const Attempt& a = r.m_timeline->m_attempt;
    if (const LibraryEntry* e = FindScenarioEntry(s.m_library, a.m_scenarioId)) r.m_scenario = e->m_scenario;
    if (!r.m_scenario)
        r.m_note = "The scenario '" + a.m_scenarioId + "' is not in the library, so only the timeline is shown.";
    else if (r.m_scenario->m_contentHash != a.m_contentHash)
        r.m_note = "The scenario file has changed since this attempt; the replayed state uses the current file.";
    else if (std::string why; !AddBreakdown(*r.m_timeline, *r.m_scenario, &why))
        r.m_note = why;
    ReplayTo(s, static_cast<int>(r.m_timeline->m_entries.size()));
}

void ReplayTo(AppState& s, int step) {
    ReplayState& r = s.m_lead.m_replay;
    if (!r.m_timeline) return;
    const int n = static_cast<int>(r.m_timeline->m_entries.size());
    r.m_step = std::clamp(step, 0, n);
    if (!r.m_scenario || r.m_shownStep == r.m_step) return;
    r.m_sim.reset();
    r.m_sim.emplace(*r.m_scenario, r.m_timeline->m_attempt.m_seed);
    for (int i = 0; i < r.m_step; ++i) {
        const TimelineEntry& e = r.m_timeline->m_entries[static_cast<size_t>(i)];
        ScriptParseResult parsed = ParseActionScript(e.m_action);
        if (!parsed.Ok() || parsed.m_script.m_actions.size() != 1) {
            r.m_note = "Event " + std::to_string(e.m_seq) + " cannot be read: " + e.m_action;
            break;
        }
        r.m_sim->AdvanceTo(e.m_simTime);
        const ApplyResult res = r.m_sim->Apply(parsed.m_script.m_actions[0]);
        if (!res.m_ok) {
            r.m_note = "Event " + std::to_string(e.m_seq) + " no longer applies (" + res.m_error + ").";
            break;
        }
    }
    r.m_shownStep = r.m_step;
}

} // namespace sl::ui
