// SupportLab UI: a trainee's lab — start, resume, move through modules, count lab time.
#include "ui/lab_flow.hpp"

#include "ui/library.hpp"
#include "ui/run_control.hpp"
#include "ui/widgets.hpp"

#include <algorithm>

namespace sl::ui {

bool ModuleWaitsForTrainer(const LabRun& lab) { return lab.m_openUpTo >= 0 && lab.m_current >= lab.m_openUpTo; }


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

// Shows a lab run rebuilt from the store (store/lab_progress: StandingOfLabRun, StandingFromAttempts).
// A standing not stored yet (from attempts) is adopted: its marks are written from now on.
bool ResumeFromStanding(AppState& s, const LibraryEntry& entry, LabStanding standing, std::string& error) {
    LabRun run;
    if (std::string err = PrepareLab(s, entry, run); !err.empty()) {
        error = err;
        return false;
    }
    if (!standing.m_warning.empty()) Notify(s, MessageLevel::Warning, standing.m_warning);
    run.m_sessionId = standing.m_record.m_sessionId;
    run.m_current = standing.m_current;
    run.m_elapsed = standing.m_elapsed;
    for (size_t i = 0; i < run.m_progress.size() && i < standing.m_modules.size(); ++i) {
        run.m_progress[i].m_done = standing.m_modules[i].m_done;
        run.m_progress[i].m_attemptId = standing.m_modules[i].m_attemptId;
        run.m_progress[i].m_report = std::move(standing.m_modules[i].m_report);
    }
    const bool adopted = standing.m_record.m_id == 0;
    run.m_stored.emplace(*s.m_store, std::move(standing.m_record), s.m_options.m_wallClock);
    if (adopted) ReportLabWrite(s, run.m_stored->Flush());
    return ShowResumedLab(s, std::move(run));
}

// Resumes a stored lab run where its marks leave it.
bool ResumeStoredLab(AppState& s, const LabRunRecord& record, std::string& error) {
    const LibraryEntry* entry = FindLabEntry(s.m_library, record.m_labId);
    if (!entry) {
        error = "Your last lab ('" + record.m_labId + "') is not in the scenario library any more.";
        return false;
    }
    auto standing = StandingOfLabRun(*s.m_store, *entry->m_lab, record);
    if (!standing) {
        error = standing.Error().m_message;
        return false;
    }
    return ResumeFromStanding(s, *entry, std::move(standing.Value()), error);
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
// attempts, then adopted as a stored run so its progress is recorded from now on.
bool ResumeLabFromAttempts(AppState& s, std::string& error) {
    const LibraryEntry* entry = nullptr; // the lab's entry, found once by the look-up below
    auto standing = StandingFromAttempts(*s.m_store, s.m_trainee.m_profile->m_id, [&](const std::string& id) -> const Lab* {
        entry = FindLabEntry(s.m_library, id);
        return entry ? entry->m_lab.get() : nullptr;
    });
    if (!standing) {
        error = standing.Error().m_message;
        return false;
    }
    if (!standing.Value()) return false;
    return ResumeFromStanding(s, *entry, std::move(*standing.Value()), error);
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
    if (auto st = s.m_store->FinishLabRun(oldRunId, WallNow(s)); !st)
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
    std::vector<const ScoreReport*> parts;
    for (const ModuleProgress& p : lab.m_progress)
        if (p.m_report) parts.push_back(&*p.m_report);
    return CombineReports(lab.m_lab ? lab.m_lab->m_id : std::string(), parts);
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
    const WallTime now = WallNow(s);
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

} // namespace sl::ui
