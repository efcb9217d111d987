// SupportLab store: LabProgress — a trainee's lab run and module marks, kept in memory and written as they happen.
#pragma once

#include "store/attempt_recorder.hpp"
#include "store/store.hpp"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sl {

// The in-memory truth of one lab run. Marks (module done, seconds on the lab screen) change in
// memory first; Flush writes the run (when it is not stored yet) and every changed mark. A write
// that fails leaves everything in memory and is retried by the next Flush, MarkDone or Finish, so
// nothing is lost while the process lives. Every mark write is a merge that never goes back (done
// stays done, seconds never decrease), so retrying one whose outcome was unknown is safe.
// The Store must outlive it.
class LabProgress {
public:
    // A run not stored yet (record.m_id 0: Flush starts it) or a stored one being resumed.
    // A null clock means SystemWallClockMs. A new run's m_startedWall is taken from the clock, and
    // the marks it comes with are written by its first Flush.
    LabProgress(Store& store, LabRunRecord record, WallClock clock);

    // Marks the module done and writes it (with anything pending) at once.
    StoreStatus MarkDone(const std::string& moduleId);
    // Adds lab-screen time to the module, in memory only (Flush writes it).
    void AddTime(const std::string& moduleId, double seconds);
    // Writes the run and every changed mark; Ok when nothing is pending afterwards.
    StoreStatus Flush();
    // Flushes and marks the run finished. On failure the run stays open in memory (retried by Flush).
    StoreStatus Finish();

    bool Done(const std::string& moduleId) const;
    double Seconds(const std::string& moduleId) const;
    double TotalSeconds() const;
    // Seconds added since the last Flush attempt (the UI flushes every ~30 s of lab time).
    double UnflushedSeconds() const { return m_sinceFlush; }
    std::size_t PendingWrites() const;
    bool Finished() const { return m_run.m_finished; }
    const LabRunRecord& Record() const { return m_run; }

private:
    LabModuleMark& Mark(const std::string& moduleId);

    Store* m_store;
    LabRunRecord m_run;
    WallClock m_clock;
    std::set<std::string> m_dirty; // modules whose mark changed since it was last written
    bool m_finishPending = false;
    double m_sinceFlush = 0.0;
};

// Where a trainee stands in one run of a lab, rebuilt from the store: which modules are done, the
// finished attempt and score of each, the module to go on with, and the time spent. Resuming a lab
// (the app) reads it; it lives here so that any front end can.
struct ModuleStanding {
    bool m_done = false;
    RowId m_attemptId = 0;               // the finished attempt that scored it (0: none)
    std::optional<ScoreReport> m_report; // its stored score, when it could be read
};
struct LabStanding {
    // The run. Rebuilt from attempts, it is not stored yet (m_id 0) and m_record.m_modules carries
    // the marks to adopt: done up to m_current, and the time of the cycle's attempts per module.
    LabRunRecord m_record;
    std::vector<ModuleStanding> m_modules; // one per lab module, in order
    int m_current = 0;                     // the first module not done; the module count when all are
    double m_elapsed = 0.0;                // seconds
    std::string m_warning;                 // scores that could not be read (the standing still holds)
};

// A stored run's standing: modules marked done stay done (lectures too), the first one not done is
// current, the elapsed time is the marks' total, and each done scenario module has the newest
// finished attempt at it in this lab and session.
StoreResult<LabStanding> StandingOfLabRun(Store& store, const Lab& lab, const LabRunRecord& record);

// Databases from before lab runs: the trainee's newest lab rebuilt from her attempts. Its attempts
// (same lab, same session) split into completed cycles; the last cycle, when it has not finished
// every scenario module, is the unfinished run. `findLab` gives the lab for an id (null: not in the
// library, an error). No such run: nullopt.
StoreResult<std::optional<LabStanding>> StandingFromAttempts(Store& store, RowId traineeId,
                                                             const std::function<const Lab*(const std::string&)>& findLab);

} // namespace sl
