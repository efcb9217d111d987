// SupportLab store: AttemptRecorder — apply in memory, commit each action, queue and retry failed writes.
#include "store/attempt_recorder.hpp"

#include "store/wall_clock.hpp"
#include "store/guarded.hpp"

#include <new>

namespace sl {

using detail::Guarded;

namespace {

WallClock OrSystemClock(WallClock clock) { return clock ? std::move(clock) : WallClock(SystemWallClockMs); }

// Parses one stored event line back into an action.
StoreResult<Action> ParseEvent(const Event& e) {
    ScriptParseResult parsed = ParseActionScript(e.m_actionText);
    if (!parsed.Ok() || parsed.m_script.m_actions.size() != 1) {
        std::string why = parsed.Ok() ? "not exactly one action" : parsed.m_errors.front().m_message;
        return StoreError{StoreErrorKind::Invalid, "event " + std::to_string(e.m_seq) + " of attempt " +
                                                       std::to_string(e.m_attemptId) + " ('" + e.m_actionText +
                                                       "') does not parse: " + why};
    }
    return parsed.m_script.m_actions.front();
}

} // namespace

StoreStatus ReplayInto(Simulation& sim, const std::vector<Event>& events, std::vector<double>* scoresAfter) {
    for (size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        if (e.m_seq != static_cast<std::int64_t>(i))
            return StoreError{StoreErrorKind::Corrupt, "event log of attempt " + std::to_string(e.m_attemptId) +
                                                           " has a gap at " + std::to_string(i)};
        auto action = ParseEvent(e);
        if (!action) return action.Error();
        sim.AdvanceTo(e.m_simTime);
        const ApplyResult r = sim.Apply(action.Value());
        if (!r.m_ok)
            return StoreError{StoreErrorKind::Invalid, "event " + std::to_string(e.m_seq) + " of attempt " +
                                                           std::to_string(e.m_attemptId) + " ('" + e.m_actionText +
                                                           "') no longer applies: " + r.m_error};
        if (scoresAfter) scoresAfter->push_back(Score(sim).m_total);
    }
    return StoreSuccess();
}

AttemptRecorder::AttemptRecorder(Store& store, Simulation sim, Attempt attempt, WallClock clock)
    : m_store(&store), m_sim(std::move(sim)), m_attempt(std::move(attempt)), m_clock(OrSystemClock(std::move(clock))) {}

StoreResult<AttemptRecorder> AttemptRecorder::Start(Store& store, const Scenario& scenario, Attempt meta,
                                                    WallClock clock) {
    return Guarded<StoreResult<AttemptRecorder>>([&]() -> StoreResult<AttemptRecorder> {
        clock = OrSystemClock(std::move(clock));
        meta.m_scenarioId = scenario.m_id;
        meta.m_contentHash = scenario.m_contentHash;
        meta.m_formatVersion = scenario.m_formatVersion;
        meta.m_startedWall = clock();
        Simulation sim(scenario, meta.m_seed);
        meta.m_startScore = Score(sim).m_total;
        auto started = store.StartAttempt(meta);
        if (!started) return started.Error();
        return AttemptRecorder(store, std::move(sim), std::move(started.Value()), std::move(clock));
    });
}

StoreResult<AttemptRecorder> AttemptRecorder::Resume(Store& store, const Scenario& scenario, RowId attemptId,
                                                     WallClock clock) {
    return Guarded<StoreResult<AttemptRecorder>>([&]() -> StoreResult<AttemptRecorder> {
        auto attempt = store.GetAttempt(attemptId);
        if (!attempt) return attempt.Error();
        if (attempt->m_finished)
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is already finished"};
        if (attempt->m_scenarioId != scenario.m_id)
            return StoreError{StoreErrorKind::Invalid, "attempt " + std::to_string(attemptId) + " is at scenario '" +
                                                           attempt->m_scenarioId + "', not '" + scenario.m_id + "'"};
        if (attempt->m_contentHash != scenario.m_contentHash)
            return StoreError{StoreErrorKind::Invalid,
                              "scenario '" + scenario.m_id + "' has changed since attempt " + std::to_string(attemptId) +
                                  " started (hash " + attempt->m_contentHash + ", now " + scenario.m_contentHash +
                                  "); the attempt cannot be resumed exactly. Its actions are kept"};
        auto events = store.Events(attemptId);
        if (!events) return events.Error();
        Simulation sim(scenario, attempt->m_seed);
        if (auto st = ReplayInto(sim, events.Value(), nullptr); !st) return st.Error();
        AttemptRecorder rec(store, std::move(sim), std::move(attempt.Value()), std::move(clock));
        rec.m_nextSeq = static_cast<std::int64_t>(events->size());
        return rec;
    });
}

RecordResult AttemptRecorder::Apply(const Action& action) {
    RecordResult r;
    if (m_finished) {
        r.m_apply.m_ok = false;
        r.m_apply.m_error = "the attempt is finished";
        return r;
    }
    const SimTime at = m_sim.Now();
    r.m_apply = m_sim.Apply(action);
    if (!r.m_apply.m_ok) return r;
    try {
        m_pending.push_back(Event{m_attempt.m_id, m_nextSeq, at, m_clock(), FormatAction(action), Score(m_sim).m_total});
        ++m_nextSeq;
    } catch (const std::exception& e) {
        r.m_storeError = StoreError{StoreErrorKind::Io, std::string("cannot queue the action: ") + e.what()};
        return r;
    }
    if (auto st = Flush(); !st) r.m_storeError = st.Error();
    return r;
}

StoreStatus AttemptRecorder::Flush() {
    while (!m_pending.empty()) {
        auto st = m_store->AppendEvent(m_pending.front());
        if (!st) return st;
        m_pending.pop_front();
    }
    return StoreSuccess();
}

StoreResult<ScoreReport> AttemptRecorder::Finish() {
    return Guarded<StoreResult<ScoreReport>>([&]() -> StoreResult<ScoreReport> {
        if (m_finished) return StoreError{StoreErrorKind::Constraint, "the attempt is already finished"};
        if (auto st = Flush(); !st) return st.Error();
        ScoreReport report = Score(m_sim);
        const WallTime end = m_clock();
        if (auto st = m_store->FinishAttempt(m_attempt.m_id, report, end, m_sim.Now()); !st) return st.Error();
        m_finished = true;
        m_attempt.m_finished = true;
        m_attempt.m_endedWall = end;
        m_attempt.m_endSimTime = m_sim.Now();
        m_attempt.m_scoredWithHash = report.m_contentHash;
        m_attempt.m_score = report.m_total;
        m_attempt.m_max = report.m_max;
        return report;
    });
}

StoreStatus AttemptRecorder::Submit() {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        if (m_finished) return StoreError{StoreErrorKind::Constraint, "the attempt is already finished"};
        if (auto st = Flush(); !st) return st.Error();
        const WallTime end = m_clock();
        if (auto st = m_store->CloseAttempt(m_attempt.m_id, end, m_sim.Now()); !st) return st.Error();
        m_finished = true;
        m_attempt.m_finished = true;
        m_attempt.m_endedWall = end;
        m_attempt.m_endSimTime = m_sim.Now();
        return StoreSuccess();
    });
}

StoreResult<AttemptRecorder> ResumeAttempt(Store& store, const Scenario& scenario, RowId attemptId, WallClock clock) {
    return AttemptRecorder::Resume(store, scenario, attemptId, std::move(clock));
}

StoreResult<ScoreReport> ReplayEvents(const Scenario& scenario, std::uint64_t seed, const std::vector<Event>& events,
                                      std::optional<SimTime> endSimTime, ReplayTrace* trace) {
    return Guarded<StoreResult<ScoreReport>>([&]() -> StoreResult<ScoreReport> {
        Simulation sim(scenario, seed);
        if (trace) {
            trace->m_startScore = Score(sim).m_total;
            trace->m_scoresAfter.clear();
        }
        if (auto st = ReplayInto(sim, events, trace ? &trace->m_scoresAfter : nullptr); !st) return st.Error();
        if (endSimTime) sim.AdvanceTo(*endSimTime);
        return Score(sim);
    });
}

StoreResult<ScoreReport> RescoreAttempt(Store& store, const Scenario& scenario, RowId attemptId) {
    return Guarded<StoreResult<ScoreReport>>([&]() -> StoreResult<ScoreReport> {
        auto attempt = store.GetAttempt(attemptId);
        if (!attempt) return attempt.Error();
        if (attempt->m_scenarioId != scenario.m_id)
            return StoreError{StoreErrorKind::Invalid, "attempt " + std::to_string(attemptId) + " is at scenario '" +
                                                           attempt->m_scenarioId + "', not '" + scenario.m_id + "'"};
        auto events = store.Events(attemptId);
        if (!events) return events.Error();
        ReplayTrace trace;
        auto report = ReplayEvents(scenario, attempt->m_seed, events.Value(), attempt->m_endSimTime, &trace);
        if (!report) return report.Error();
        if (auto st = store.ReplaceScores(attemptId, report.Value(), trace.m_scoresAfter, trace.m_startScore); !st)
            return st.Error();
        return report;
    });
}

StoreResult<ScriptedAttemptResult> RecordScriptedAttempt(Store& store, const Scenario& scenario,
                                                         const std::vector<Action>& actions,
                                                         const ScriptedAttemptOptions& options, WallClock clock) {
    return Guarded<StoreResult<ScriptedAttemptResult>>([&]() -> StoreResult<ScriptedAttemptResult> {
        if (options.m_traineeName.empty()) return StoreError{StoreErrorKind::Invalid, "a trainee name is needed"};
        auto trainee = store.FindOrAddTrainee(options.m_traineeName, options.m_cohort);
        if (!trainee) return trainee.Error();
        ScriptedAttemptResult out;
        auto open = store.UnfinishedAttempts(trainee->m_id);
        if (!open) return open.Error();
        for (const Attempt& a : open.Value()) {
            if (a.m_scenarioId != scenario.m_id || a.m_labId != options.m_labId || a.m_moduleId != options.m_moduleId)
                continue;
            const WallTime now = clock();
            if (auto st = store.AbandonAttempt(a.m_id, now); !st) return st.Error();
            out.m_abandoned.push_back(a);
            out.m_abandoned.back().m_abandonedWall = now;
        }
        Attempt meta;
        meta.m_traineeId = trainee->m_id;
        meta.m_seed = options.m_seed;
        meta.m_labId = options.m_labId;
        meta.m_moduleId = options.m_moduleId;
        meta.m_sessionId = options.m_sessionId;
        const AttemptRecorder* live = nullptr; // set once started; the scripted clock reads its simulated time
        if (options.m_wallFollowsSimulation) {
            Simulation dry(scenario, options.m_seed); // where the script ends, before recording it
            for (const Action& a : actions)
                if (!dry.Apply(a).m_ok) break;
            const WallTime base = clock() - static_cast<WallTime>(dry.Now()) * 1000;
            clock = [&live, base] { return base + static_cast<WallTime>(live ? live->Sim().Now() : 0) * 1000; };
        }
        auto rec = AttemptRecorder::Start(store, scenario, meta, std::move(clock));
        if (!rec) return rec.Error();
        live = &rec.Value();
        out.m_attemptId = rec->AttemptId();
        for (size_t i = 0; i < actions.size(); ++i) {
            const RecordResult r = rec->Apply(actions[i]);
            if (r.m_storeError) return *r.m_storeError;
            if (!r.m_apply.m_ok) {
                out.m_failedIndex = i;
                out.m_failedMessage = r.m_apply.m_error;
                return out;
            }
        }
        auto report = rec->Finish();
        if (!report) return report.Error();
        out.m_report = std::move(report.Value());
        return out;
    });
}

} // namespace sl
