// SupportLab store: LabProgress — a trainee's lab run and module marks, kept in memory and written as they happen.
#pragma once

#include "store/attempt_recorder.hpp"
#include "store/store.hpp"

#include <set>
#include <string>

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
    // A null clock means SystemWallClockMs. A new run's m_startedWall is taken from the clock.
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

} // namespace sl
