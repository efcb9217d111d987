// SupportLab store: LabProgress — lab run and module marks in memory, written as they happen, retried on failure.
#include "store/lab_progress.hpp"

#include "store/sqlite_store.hpp"

#include <cmath>

namespace sl {

LabProgress::LabProgress(Store& store, LabRunRecord record, WallClock clock)
    : m_store(&store), m_run(std::move(record)), m_clock(clock ? std::move(clock) : WallClock(SystemWallClockMs)) {
    if (m_run.m_id == 0) m_run.m_startedWall = m_clock();
}

LabModuleMark& LabProgress::Mark(const std::string& moduleId) {
    for (LabModuleMark& m : m_run.m_modules)
        if (m.m_moduleId == moduleId) return m;
    m_run.m_modules.push_back(LabModuleMark{moduleId, false, 0.0, 0});
    return m_run.m_modules.back();
}

StoreStatus LabProgress::MarkDone(const std::string& moduleId) {
    LabModuleMark& m = Mark(moduleId);
    if (!m.m_done) {
        m.m_done = true;
        m_dirty.insert(moduleId);
    }
    return Flush();
}

void LabProgress::AddTime(const std::string& moduleId, double seconds) {
    if (!std::isfinite(seconds) || seconds <= 0.0 || m_run.m_finished) return;
    Mark(moduleId).m_seconds += seconds;
    m_dirty.insert(moduleId);
    m_sinceFlush += seconds;
}

StoreStatus LabProgress::Flush() {
    m_sinceFlush = 0.0;
    if (m_run.m_id == 0) {
        auto started = m_store->StartLabRun(m_run);
        if (!started) return started.Error();
        m_run.m_id = started->m_id;
    }
    while (!m_dirty.empty()) {
        LabModuleMark mark = Mark(*m_dirty.begin());
        mark.m_updatedWall = m_clock();
        if (auto st = m_store->PutLabModuleMark(m_run.m_id, mark); !st) return st;
        Mark(mark.m_moduleId).m_updatedWall = mark.m_updatedWall;
        m_dirty.erase(m_dirty.begin());
    }
    if (m_finishPending) {
        const WallTime end = m_clock();
        if (auto st = m_store->FinishLabRun(m_run.m_id, end); !st) return st;
        m_finishPending = false;
        m_run.m_finished = true;
        m_run.m_endedWall = end;
    }
    return StoreSuccess();
}

StoreStatus LabProgress::Finish() {
    if (m_run.m_finished) return StoreSuccess();
    m_finishPending = true;
    return Flush();
}

bool LabProgress::Done(const std::string& moduleId) const {
    for (const LabModuleMark& m : m_run.m_modules)
        if (m.m_moduleId == moduleId) return m.m_done;
    return false;
}

double LabProgress::Seconds(const std::string& moduleId) const {
    for (const LabModuleMark& m : m_run.m_modules)
        if (m.m_moduleId == moduleId) return m.m_seconds;
    return 0.0;
}

double LabProgress::TotalSeconds() const {
    double total = 0.0;
    for (const LabModuleMark& m : m_run.m_modules) total += m.m_seconds;
    return total;
}

std::size_t LabProgress::PendingWrites() const {
    return m_dirty.size() + (m_run.m_id == 0 ? 1 : 0) + (m_finishPending ? 1 : 0);
}

} // namespace sl
