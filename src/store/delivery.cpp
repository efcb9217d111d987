// SupportLab store: Deliver — sends a local store's trainees, sessions, attempts, events and lab runs to another store, idempotently.
#include "store/delivery.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

namespace sl {

namespace {

// The error with what the delivery was doing when it met it.
StoreError Context(const StoreError& e, const std::string& what) { return StoreError{e.m_kind, what + ": " + e.m_message}; }

// Local row ids to the target's, looked up (or added) on first use.
class IdMaps {
public:
    IdMaps(SqliteStore& from, Store& to, const DeliveryOptions& o, DeliveryReport& report)
        : m_from(from), m_to(to), m_options(o), m_report(report) {}

    StoreResult<RowId> Trainee(RowId local) {
        if (auto it = m_trainees.find(local); it != m_trainees.end()) return it->second;
        auto t = m_from.GetTrainee(local);
        if (!t) return t.Error();
        const bool existed = m_to.FindTrainee(t->m_name).Ok();
        auto remote = m_options.m_addPeople ? m_to.FindOrAddTrainee(t->m_name, t->m_cohort) : m_to.FindTrainee(t->m_name);
        if (!remote) {
            if (remote.Error().m_kind == StoreErrorKind::NotFound)
                return StoreError{StoreErrorKind::NotFound,
                                  "the server has no trainee named '" + t->m_name +
                                      "' that this login may write for: sign in as that trainee, or ask an "
                                      "administrator to add her (supportlab-cli server add-user)"};
            return Context(remote.Error(), "finding trainee '" + t->m_name + "'");
        }
        if (!existed) ++m_report.m_trainees;
        m_trainees[local] = remote->m_id;
        return remote->m_id;
    }

    StoreResult<std::optional<RowId>> Session(const std::optional<RowId>& local) {
        if (!local) return std::optional<RowId>();
        if (auto it = m_sessions.find(*local); it != m_sessions.end()) return std::optional<RowId>(it->second);
        if (!m_localSessions) {
            auto mine = m_from.LabSessions();
            if (!mine) return mine.Error();
            m_localSessions = std::move(mine.Value());
        }
        const LabSession* session = nullptr;
        for (const LabSession& s : *m_localSessions)
            if (s.m_id == *local) session = &s;
        if (!session) return std::optional<RowId>(); // the reference outlived its row: deliver without it
        auto theirs = m_to.LabSessions();
        if (!theirs) return Context(theirs.Error(), "listing the server's lab sessions");
        for (const LabSession& s : theirs.Value())
            if (SameLabSession(s, *session)) {
                m_sessions[*local] = s.m_id;
                return std::optional<RowId>(s.m_id);
            }
        auto added = m_to.StartLabSession(*session);
        if (!added) return Context(added.Error(), "adding lab session " + std::to_string(*local) + " (" + session->m_labId + ")");
        m_sessions[*local] = added->m_id;
        return std::optional<RowId>(added->m_id);
    }

private:
    SqliteStore& m_from;
    Store& m_to;
    const DeliveryOptions& m_options;
    DeliveryReport& m_report;
    std::map<RowId, RowId> m_trainees, m_sessions;
    std::optional<std::vector<LabSession>> m_localSessions;
};

// What a lab run's delivery mark records: 1 + the newest of its start and its marks' times, so a
// run whose marks changed since (or that was never sent: mark 0) is sent again. Undelivered() in
// sqlite_store.cpp computes the same in SQL.
std::int64_t LabRunStamp(const LabRunRecord& run) {
    std::int64_t newest = run.m_startedWall;
    for (const LabModuleMark& m : run.m_modules) newest = std::max(newest, m.m_updatedWall);
    return 1 + newest;
}

class Delivery {
public:
    Delivery(SqliteStore& from, Store& to, const std::string& target, const DeliveryOptions& o, DeliveryReport& report)
        : m_from(from), m_to(to), m_target(target), m_options(o), m_report(report), m_ids(from, to, o, report) {}

    StoreStatus Labs() {
        if (!m_options.m_copyLabs) return StoreSuccess();
        auto labs = m_from.Labs();
        if (!labs) return labs.Error();
        for (const LabInfo& lab : labs.Value())
            if (auto st = m_to.PutLab(lab); !st) return Context(st.Error(), "copying lab " + lab.m_labId);
        return StoreSuccess();
    }

    StoreStatus Attempts() {
        auto attempts = m_from.Attempts(AttemptFilter{});
        if (!attempts) return attempts.Error();
        for (const Attempt& a : attempts.Value()) {
            auto mark = m_from.Delivered(m_target, a.m_uid);
            if (!mark) return mark.Error();
            const bool ended = a.m_finished || a.m_abandonedWall.has_value();
            if (mark->m_events >= a.m_eventCount && (mark->m_ended || !ended)) continue; // all there
            if (auto st = OneAttempt(a, mark.Value()); !st) {
                // A rule of the server's refused this attempt (no attempts left, a scenario under
                // assessment): it stays here, and the rest of the work still goes.
                if (st.Error().m_kind != StoreErrorKind::Constraint) return st;
                ++m_report.m_refused;
                if (!m_refusal) m_refusal = st.Error();
            }
        }
        return StoreSuccess();
    }

    // The first attempt the server refused, if any.
    const std::optional<StoreError>& Refusal() const { return m_refusal; }

    StoreStatus LabRuns() {
        auto runs = m_from.LabRuns(LabRunFilter{});
        if (!runs) return runs.Error();
        for (const LabRunRecord& run : runs.Value()) {
            auto mark = m_from.Delivered(m_target, run.m_uid);
            if (!mark) return mark.Error();
            if (mark->m_ended) continue; // finished and delivered: marks never change after that
            if (!run.m_finished && mark->m_events >= LabRunStamp(run)) continue; // nothing new since
            if (auto st = OneLabRun(run); !st) return st;
        }
        return StoreSuccess();
    }

private:
    StoreStatus Mark(const std::string& uid, std::int64_t events, bool ended) {
        if (!m_options.m_recordMarks) return StoreSuccess();
        return m_from.MarkDelivered(m_target, uid, SqliteStore::DeliveryMark{events, ended});
    }

    StoreStatus OneAttempt(const Attempt& a, const SqliteStore::DeliveryMark& mark) {
        const std::string what = "delivering attempt " + std::to_string(a.m_id) + " (" + a.m_scenarioId + ")";
        if (m_options.m_onAttempt) m_options.m_onAttempt(a);
        ++m_report.m_attempts;
        Attempt theirs = a;
        auto trainee = m_ids.Trainee(a.m_traineeId);
        if (!trainee) return Context(trainee.Error(), what);
        theirs.m_traineeId = trainee.Value();
        auto session = m_ids.Session(a.m_sessionId);
        if (!session) return Context(session.Error(), what);
        theirs.m_sessionId = session.Value();
        if (!m_options.m_sendScores) theirs.m_startScore.reset();
        auto remote = m_to.StartAttempt(theirs);
        if (!remote) return Context(remote.Error(), what);
        const RowId id = remote->m_id;

        std::int64_t next = std::min(mark.m_events, remote->m_eventCount);
        if (remote->m_eventCount < a.m_eventCount) {
            auto events = m_from.Events(a.m_id);
            if (!events) return events.Error();
            next = remote->m_eventCount; // the target knows best what it holds
            for (const Event& e : events.Value()) {
                if (e.m_seq < next) continue;
                Event sent = e;
                sent.m_attemptId = id;
                if (!m_options.m_sendScores) sent.m_scoreAfter.reset();
                if (auto st = m_to.AppendEvent(sent); !st)
                    return Context(st.Error(), what + ", action " + std::to_string(e.m_seq));
                ++m_report.m_events;
                next = e.m_seq + 1;
                if (next % m_options.m_markEvery == 0)
                    if (auto st = Mark(a.m_uid, next, false); !st) return st;
            }
        } else {
            next = a.m_eventCount;
        }

        bool ended = false;
        if (a.m_finished) {
            if (!remote->m_finished) {
                StoreStatus st = StoreSuccess();
                auto scores = m_options.m_sendScores && a.m_score ? m_from.Scores(a.m_id) : StoreResult<ScoreReport>(
                                                                          StoreError{StoreErrorKind::NotFound, ""});
                if (scores) {
                    ScoreReport r = scores.Value();
                    r.m_total = *a.m_score;
                    r.m_max = a.m_max.value_or(r.m_max);
                    r.m_contentHash = a.m_scoredWithHash;
                    st = m_to.FinishAttempt(id, r, a.m_endedWall.value_or(a.m_startedWall), a.m_endSimTime.value_or(0));
                } else {
                    st = m_to.CloseAttempt(id, a.m_endedWall.value_or(a.m_startedWall), a.m_endSimTime.value_or(0));
                }
                if (!st) return Context(st.Error(), what + ", finishing it");
            }
            ended = true;
        } else if (a.m_abandonedWall) {
            if (!remote->m_abandonedWall)
                if (auto st = m_to.AbandonAttempt(id, *a.m_abandonedWall); !st)
                    return Context(st.Error(), what + ", marking it abandoned");
            ended = true;
        }
        if (ended) ++m_report.m_finished;
        return Mark(a.m_uid, next, ended);
    }

    StoreStatus OneLabRun(const LabRunRecord& run) {
        const std::string what = "delivering lab run " + std::to_string(run.m_id) + " (" + run.m_labId + ")";
        ++m_report.m_labRuns;
        LabRunRecord theirs = run;
        auto trainee = m_ids.Trainee(run.m_traineeId);
        if (!trainee) return Context(trainee.Error(), what);
        theirs.m_traineeId = trainee.Value();
        auto session = m_ids.Session(run.m_sessionId);
        if (!session) return Context(session.Error(), what);
        theirs.m_sessionId = session.Value();
        auto remote = m_to.StartLabRun(theirs);
        if (!remote) return Context(remote.Error(), what);
        if (!remote->m_finished) {
            for (const LabModuleMark& m : run.m_modules) // merged on the target: never goes back
                if (auto st = m_to.PutLabModuleMark(remote->m_id, m); !st)
                    return Context(st.Error(), what + ", module " + m.m_moduleId);
            if (run.m_finished)
                if (auto st = m_to.FinishLabRun(remote->m_id, run.m_endedWall.value_or(run.m_startedWall)); !st)
                    return Context(st.Error(), what + ", finishing it");
        }
        return Mark(run.m_uid, LabRunStamp(run), run.m_finished);
    }

    SqliteStore& m_from;
    Store& m_to;
    const std::string& m_target;
    const DeliveryOptions& m_options;
    DeliveryReport& m_report;
    std::optional<StoreError> m_refusal;
    IdMaps m_ids;
};

} // namespace

bool IsServerLocation(const std::string& db) {
    if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) return true;
    // libpq's key=value form ("host=db.example.org dbname=supportlab"): a known key, then '='.
    for (const char* key : {"host=", "hostaddr=", "dbname=", "service=", "port=", "user="})
        if (db.rfind(key, 0) == 0) return true;
    return false;
}

std::string OutboxPath(const std::string& serverLocation) {
    std::uint64_t h = 1469598103934665603ull; // FNV-1a: a stable file name, not a secret
    for (unsigned char c : serverLocation) h = (h ^ c) * 1099511628211ull;
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.db", static_cast<unsigned long long>(h));
    return (std::filesystem::path(DefaultDatabasePath()).parent_path() / "outbox" / name).string();
}

StoreResult<DeliveryReport> Deliver(SqliteStore& from, Store& to, const std::string& target,
                                    const DeliveryOptions& options, DeliveryReport* report) {
    DeliveryReport local;
    DeliveryReport& out = report ? *report : local;
    out = DeliveryReport{};
    Delivery d(from, to, target, options, out);
    if (auto st = d.Labs(); !st) return st.Error();
    if (auto st = d.Attempts(); !st) return st.Error();
    if (auto st = d.LabRuns(); !st) return st.Error();
    if (d.Refusal()) return *d.Refusal();
    return out;
}

} // namespace sl
