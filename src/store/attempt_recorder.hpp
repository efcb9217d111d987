// SupportLab store: an attempt in progress = core Simulation + Store, every action committed as it happens.
#pragma once

#include "core/action.hpp"
#include "core/engine.hpp"
#include "core/scoring.hpp"
#include "store/store.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sl {

using WallClock = std::function<WallTime()>;

// What one Apply did: the simulation's verdict, and whether the event reached the store.
struct RecordResult {
    ApplyResult m_apply;                    // m_ok false: the action was refused; nothing recorded
    std::optional<StoreError> m_storeError; // set when the write failed; the event stays queued
};

// Wraps a Simulation and a Store. Apply(action) applies the action in memory and commits it as an
// event in its own transaction. When the write fails (disk full, read-only, busy) the in-memory
// state is kept and the event is queued; every later Apply, Flush or Finish retries the queue in
// order first, so nothing is lost while the process lives. The Store and Scenario must outlive it.
class AttemptRecorder {
public:
    // A null clock means SystemWallClockMs. Starts a new attempt. meta supplies trainee, session, lab, module and seed; the scenario id,
    // hash and format version are taken from the scenario.
    static StoreResult<AttemptRecorder> Start(Store& store, const Scenario& scenario, Attempt meta,
                                              WallClock clock);
    // Resumes an unfinished attempt by replaying its event log into a fresh Simulation. Refused
    // (Invalid) when the scenario's content hash differs from the attempt's or an event no longer applies.
    static StoreResult<AttemptRecorder> Resume(Store& store, const Scenario& scenario, RowId attemptId,
                                               WallClock clock);

    RecordResult Apply(const Action& action);
    // Moves the simulated clock (not an event: resuming rebuilds the clock from the actions).
    void AdvanceTo(SimTime t) { m_sim.AdvanceTo(t); }

    // Retries queued writes; Ok when the queue is empty afterwards.
    StoreStatus Flush();
    std::size_t PendingWrites() const { return m_pending.size(); }
    // Flushes, scores the attempt and marks it finished. On failure the attempt stays open in memory.
    StoreResult<ScoreReport> Finish();
    // Flushes and marks the attempt finished without scoring it: an assessment played on the
    // trainee's part (no key here) is scored on the server (`server score`). Same failure rule.
    StoreStatus Submit();
    bool Finished() const { return m_finished; }

    const Simulation& Sim() const { return m_sim; }
    RowId AttemptId() const { return m_attempt.m_id; }
    const Attempt& AttemptRecord() const { return m_attempt; }

private:
    AttemptRecorder(Store& store, Simulation sim, Attempt attempt, WallClock clock);

    Store* m_store;
    Simulation m_sim;
    Attempt m_attempt;
    WallClock m_clock;
    std::int64_t m_nextSeq = 0;
    std::deque<Event> m_pending;
    bool m_finished = false;
};

// Same as AttemptRecorder::Resume (the name the UI looks for).
StoreResult<AttemptRecorder> ResumeAttempt(Store& store, const Scenario& scenario, RowId attemptId,
                                           WallClock clock);

// The running score of a replay: before any action, and after each event.
struct ReplayTrace {
    double m_startScore = 0.0;
    std::vector<double> m_scoresAfter;
};

// Applies stored events to sim in order, each at its recorded simulated time (resume, rescore, the
// timeline and the live room all replay through it). Corrupt for a gap in the sequence; Invalid at
// the first event that no longer parses or applies. scoresAfter, when not null, gets the running
// total after each event.
StoreStatus ReplayInto(Simulation& sim, const std::vector<Event>& events, std::vector<double>* scoresAfter = nullptr);

// Replays an attempt's events into a fresh Simulation (for resume, rescore and the timeline): each
// event's action is applied at its recorded simulated time. endSimTime, when given, moves the clock
// there before scoring (the time the attempt was finished at). trace, when not null, receives the
// running score. Invalid when an event no longer parses or applies.
StoreResult<ScoreReport> ReplayEvents(const Scenario& scenario, std::uint64_t seed,
                                      const std::vector<Event>& events, std::optional<SimTime> endSimTime,
                                      ReplayTrace* trace);

// Re-scores one stored, finished attempt from its event log with the given scenario and stores the
// result (scores, running scores, and the scenario hash that scored it). Invalid when the scenario
// id differs or an event no longer applies; the stored scores are then left as they were.
StoreResult<ScoreReport> RescoreAttempt(Store& store, const Scenario& scenario, RowId attemptId);

// For `play --db --trainee`: records a scripted attempt action by action. Stops at the first action
// the simulation refuses (m_failedIndex says which; the events before it stay stored and the attempt
// stays unfinished); otherwise finishes the attempt.
struct ScriptedAttemptResult {
    RowId m_attemptId = 0;
    std::optional<std::size_t> m_failedIndex;
    std::string m_failedMessage;
    ScoreReport m_report; // when finished
    // Earlier unfinished attempts at the same scenario (and lab module) that this run marked abandoned:
    // a scripted run killed before it finished leaves one behind, which no one will resume.
    std::vector<Attempt> m_abandoned;
};
struct ScriptedAttemptOptions {
    std::string m_traineeName; // created when missing
    std::string m_cohort;      // for a new trainee
    std::uint64_t m_seed = 0;
    std::optional<std::string> m_labId;
    std::optional<std::string> m_moduleId;
    std::optional<RowId> m_sessionId; // the trainer's lab session it belongs to
    // A script has no wall time of its own. When set, its wall times are laid out along its
    // simulated times, ending when it is recorded: event k at end - (last simulated time - its
    // simulated time), so time on task in reports is the script's simulated time.
    bool m_wallFollowsSimulation = false;
};
// Plays `actions` as a stored attempt of the trainee (created when missing, safely against other
// processes doing the same), first marking abandoned the trainee's unfinished attempts at the same
// scenario, lab and module.
StoreResult<ScriptedAttemptResult> RecordScriptedAttempt(Store& store, const Scenario& scenario,
                                                         const std::vector<Action>& actions,
                                                         const ScriptedAttemptOptions& options,
                                                         WallClock clock);

} // namespace sl
