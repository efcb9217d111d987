// SupportLab store: LabProgress — lab run and module marks in memory, written as they happen, retried on failure.
#include "store/lab_progress.hpp"

#include "store/wall_clock.hpp"

#include <algorithm>
#include <cmath>

namespace sl {

LabProgress::LabProgress(Store& store, LabRunRecord record, WallClock clock)
    : m_store(&store), m_run(std::move(record)), m_clock(clock ? std::move(clock) : WallClock(SystemWallClockMs)) {
    if (m_run.m_id == 0) {
        m_run.m_startedWall = m_clock();
        for (const LabModuleMark& m : m_run.m_modules) m_dirty.insert(m.m_moduleId); // marks it comes with (adopted)
    }
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

//-----------------------------------------------------------------------------
// Standing
//-----------------------------------------------------------------------------

namespace {

// The stored scores of the done modules; a score that cannot be read leaves a warning.
void ReadScores(Store& store, LabStanding& st) {
    for (ModuleStanding& m : st.m_modules) {
        if (!m.m_done || !m.m_attemptId) continue;
        auto rep = store.Scores(m.m_attemptId);
        if (rep) m.m_report = rep.Value();
        else if (st.m_warning.empty()) st.m_warning = "The scores of your finished modules could not be read: " + rep.Error().m_message;
    }
}

bool MarkedDone(const LabRunRecord& r, const std::string& moduleId) {
    for (const LabModuleMark& m : r.m_modules)
        if (m.m_moduleId == moduleId) return m.m_done;
    return false;
}

} // namespace

StoreResult<LabStanding> StandingOfLabRun(Store& store, const Lab& lab, const LabRunRecord& record) {
    LabStanding st;
    st.m_record = record;
    st.m_modules.assign(lab.m_modules.size(), ModuleStanding{});
    st.m_current = static_cast<int>(lab.m_modules.size());
    AttemptFilter f;
    f.m_traineeId = record.m_traineeId;
    f.m_labId = record.m_labId;
    f.m_finishedOnly = true;
    auto finished = store.Attempts(f); // oldest first: the last match is the newest
    for (size_t i = 0; i < lab.m_modules.size(); ++i) {
        if (!MarkedDone(record, lab.m_modules[i].m_id)) {
            st.m_current = std::min(st.m_current, static_cast<int>(i));
            continue;
        }
        st.m_modules[i].m_done = true;
        if (!finished) continue;
        for (const Attempt& a : finished.Value())
            if (a.m_moduleId == lab.m_modules[i].m_id && a.m_sessionId == record.m_sessionId) st.m_modules[i].m_attemptId = a.m_id;
    }
    for (const LabModuleMark& m : record.m_modules) st.m_elapsed += m.m_seconds;
    if (!finished) st.m_warning = "The scores of your finished modules could not be read: " + finished.Error().m_message;
    ReadScores(store, st);
    return st;
}

StoreResult<std::optional<LabStanding>> StandingFromAttempts(Store& store, RowId traineeId,
                                                             const std::function<const Lab*(const std::string&)>& findLab) {
    AttemptFilter f;
    f.m_traineeId = traineeId;
    auto all = store.Attempts(f);
    if (!all) return all.Error();
    const Attempt* newest = nullptr;
    for (const Attempt& a : all.Value())
        if (a.m_labId && (!newest || a.m_id > newest->m_id)) newest = &a;
    if (!newest) return std::optional<LabStanding>();
    const Lab* found = findLab ? findLab(*newest->m_labId) : nullptr;
    if (!found)
        return StoreError{StoreErrorKind::NotFound,
                          "Your last lab ('" + *newest->m_labId + "') is not in the scenario library any more."};
    const Lab& lab = *found;

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
    if (cycle.empty()) return std::optional<LabStanding>();

    LabStanding st;
    st.m_modules.assign(lab.m_modules.size(), ModuleStanding{});
    st.m_record.m_traineeId = traineeId;
    st.m_record.m_labId = lab.m_id;
    st.m_record.m_sessionId = newest->m_sessionId;
    int lastDone = -1;
    int openModule = -1;
    for (size_t i = 0; i < lab.m_modules.size(); ++i) {
        const LabModule& m = lab.m_modules[i];
        if (m.m_type != ModuleType::Scenario) continue;
        for (const Attempt& a : cycle) {
            if (a.m_moduleId != m.m_id) continue;
            if (a.m_finished) {
                st.m_modules[i].m_done = true;
                st.m_modules[i].m_attemptId = a.m_id;
                lastDone = std::max(lastDone, static_cast<int>(i));
            } else if (!st.m_modules[i].m_done) {
                openModule = static_cast<int>(i);
            }
        }
    }
    ReadScores(store, st);
    st.m_current = openModule > lastDone ? openModule : lastDone + 1;
    // Everything before the current module counts as done (lectures were read to get there).
    for (int i = 0; i < st.m_current && i < static_cast<int>(st.m_modules.size()); ++i) {
        st.m_modules[static_cast<size_t>(i)].m_done = true;
        st.m_record.m_modules.push_back(LabModuleMark{lab.m_modules[static_cast<size_t>(i)].m_id, true, 0.0, 0});
    }
    for (const Attempt& a : cycle) {
        const WallTime end = a.m_endedWall ? *a.m_endedWall : a.m_lastWall.value_or(a.m_startedWall);
        if (end <= a.m_startedWall || !a.m_moduleId) continue;
        const double seconds = static_cast<double>(end - a.m_startedWall) / 1000.0;
        st.m_elapsed += seconds;
        auto mark = std::find_if(st.m_record.m_modules.begin(), st.m_record.m_modules.end(),
                                 [&](const LabModuleMark& x) { return x.m_moduleId == *a.m_moduleId; });
        if (mark == st.m_record.m_modules.end()) st.m_record.m_modules.push_back(LabModuleMark{*a.m_moduleId, false, seconds, 0});
        else mark->m_seconds += seconds;
    }
    return std::optional<LabStanding>(std::move(st));
}

} // namespace sl
