// SupportLab store: the narrow persistence interface (records, errors as values, abstract Store).
#pragma once

// [SECTION] Errors as values
// [SECTION] Records
// [SECTION] Report rows
// [SECTION] Store interface

#include "core/model.hpp"
#include "core/scoring.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sl {

// Row ids are SQLite rowids (or a server's bigserial); 0 means "not stored yet".
using RowId = std::int64_t;
// Wall-clock time in milliseconds since the Unix epoch (UTC). The caller supplies it: the core
// never reads the wall clock, and the store never invents times.
using WallTime = std::int64_t;

//-----------------------------------------------------------------------------
// [SECTION] Errors as values
//-----------------------------------------------------------------------------

enum class StoreErrorKind {
    NewerSchema,  // written by a newer SupportLab: refused, never downgraded
    NotADatabase, // not an SQLite file at all: refused, never recreated or overwritten
    Corrupt,      // an SQLite file that fails its integrity checks
    ReadOnly,     // the file or its folder cannot be written
    Busy,         // another process held the lock past the busy timeout
    DiskFull,
    Io,           // any other I/O or engine failure
    NotFound,     // no such trainee, attempt, ...
    Constraint,   // the write would break a rule (duplicate name, finished attempt, ...)
    Invalid,      // a bad argument, or a replay that no longer fits its scenario
};

struct StoreError {
    StoreErrorKind m_kind = StoreErrorKind::Io;
    std::string m_message; // complete sentence for the user, includes the path when it helps
};

inline const char* ToString(StoreErrorKind k) {
    switch (k) {
    case StoreErrorKind::NewerSchema: return "newer-schema";
    case StoreErrorKind::NotADatabase: return "not-a-database";
    case StoreErrorKind::Corrupt: return "corrupt";
    case StoreErrorKind::ReadOnly: return "read-only";
    case StoreErrorKind::Busy: return "busy";
    case StoreErrorKind::DiskFull: return "disk-full";
    case StoreErrorKind::Io: return "io";
    case StoreErrorKind::NotFound: return "not-found";
    case StoreErrorKind::Constraint: return "constraint";
    case StoreErrorKind::Invalid: return "invalid";
    }
    return "unknown";
}

// A value or a StoreError (std::expected is C++23). Never throws on access misuse: callers check Ok().
template <class T>
class StoreResult {
public:
    StoreResult(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    StoreResult(StoreError error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool Ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return Ok(); }
    T& Value() { return std::get<0>(m_v); }
    const T& Value() const { return std::get<0>(m_v); }
    T* operator->() { return &std::get<0>(m_v); }
    const T* operator->() const { return &std::get<0>(m_v); }
    const StoreError& Error() const { return std::get<1>(m_v); }

private:
    std::variant<T, StoreError> m_v;
};

struct StoreOk {};
using StoreStatus = StoreResult<StoreOk>;
inline StoreStatus StoreSuccess() { return StoreStatus(StoreOk{}); }

//-----------------------------------------------------------------------------
// [SECTION] Records
//-----------------------------------------------------------------------------

struct Trainee {
    RowId m_id = 0;
    std::string m_name;   // unique
    std::string m_cohort; // cohort name; empty: none
};

// A lab's settings as leads see them in reports.
struct LabInfo {
    std::string m_labId;
    std::string m_title;
    double m_passThreshold = 70.0; // percent, shown in every report
};

// A lab file's settings as the store keeps them (what registering a lab writes).
inline LabInfo LabInfoOf(const Lab& lab) { return LabInfo{lab.m_id, lab.m_title, lab.m_passThreshold}; }

// One run of a lab that a trainer leads for a cohort.
struct LabSession {
    RowId m_id = 0;
    std::string m_labId;
    std::string m_cohort;
    std::string m_trainer;
    WallTime m_startedWall = 0;
    // When its results were released to its trainees (organisation server only: on one machine a
    // trainee sees each debrief as she finishes). Unset: not released.
    std::optional<WallTime> m_releasedWall;
    // The trainer's "done too fast" threshold for its lab modules, in seconds (0: none set): the
    // lead's lab report flags a module this session's trainees marked done in less time. Set on
    // the organisation server (PgSessionSettings); on one machine the lead's own threshold applies.
    int m_fastUnderSeconds = 0;
};

// The same session in two stores (a trainee's outbox and the server): the identity delivery maps
// sessions by, since each store numbers its rows itself.
inline bool SameLabSession(const LabSession& a, const LabSession& b) {
    return a.m_labId == b.m_labId && a.m_cohort == b.m_cohort && a.m_trainer == b.m_trainer && a.m_startedWall == b.m_startedWall;
}

struct Attempt {
    RowId m_id = 0;
    // Made where the attempt began (32 hex digits), so delivering it again to a server finds the
    // same attempt. StartAttempt makes one when empty.
    std::string m_uid;
    RowId m_traineeId = 0;
    std::optional<RowId> m_sessionId;
    std::optional<std::string> m_labId;
    std::optional<std::string> m_moduleId;
    std::string m_scenarioId;
    std::string m_contentHash; // of the scenario the attempt was played against
    int m_formatVersion = 1;
    std::uint64_t m_seed = 0;
    WallTime m_startedWall = 0;
    std::optional<WallTime> m_endedWall;
    bool m_finished = false;
    std::string m_scoredWithHash; // scenario hash that produced the stored scores; empty until scored
    std::optional<double> m_startScore; // score before any action (the timeline's baseline), when known

    // Filled by queries (ignored by StartAttempt):
    std::optional<SimTime> m_endSimTime; // when finished
    std::optional<double> m_score;       // total, when scored
    std::optional<double> m_max;
    std::int64_t m_eventCount = 0;
    std::optional<WallTime> m_lastWall; // wall time of the newest event (time on task when unfinished)
    // Set when an unfinished attempt was given up (a `play` killed before it finished): it is never
    // resumed, takes no more events, and counts as neither finished nor in progress.
    std::optional<WallTime> m_abandonedWall;
};

// A trainee's progress through one module of a lab run: whether it is done and how long the
// trainee spent on the lab screen while it was the current module (wall seconds, lectures too).
struct LabModuleMark {
    std::string m_moduleId;
    bool m_done = false;
    double m_seconds = 0.0;
    WallTime m_updatedWall = 0; // when the mark was last written
};

// One pass of a trainee through a lab (alone or in a trainer's session), with its module marks.
struct LabRunRecord {
    RowId m_id = 0;
    std::string m_uid; // made where the run began, as Attempt::m_uid
    RowId m_traineeId = 0;
    std::string m_labId;
    std::optional<RowId> m_sessionId;
    WallTime m_startedWall = 0;
    std::optional<WallTime> m_endedWall;
    bool m_finished = false;
    std::vector<LabModuleMark> m_modules; // filled by queries (ignored by StartLabRun), by module id
};

// One trainee action as it happened. m_actionText is core's FormatAction line, so the log replays.
struct Event {
    RowId m_attemptId = 0;
    std::int64_t m_seq = 0; // 0, 1, 2, ... within the attempt; AppendEvent requires the next one
    SimTime m_simTime = 0;  // simulated time the action was applied at
    WallTime m_wallTime = 0;
    std::string m_actionText;
    std::optional<double> m_scoreAfter; // attempt total after this action (for the timeline)
};

//-----------------------------------------------------------------------------
// [SECTION] Report rows
//-----------------------------------------------------------------------------

// Which attempts a query covers; every set field must match.
struct AttemptFilter {
    std::optional<RowId> m_attemptId;
    std::optional<RowId> m_traineeId;
    std::optional<RowId> m_sessionId;
    std::optional<std::string> m_cohort;
    std::optional<std::string> m_labId;
    std::optional<std::string> m_scenarioId;
    bool m_finishedOnly = false;
    // Only each trainee's first finished attempt at each scenario (item analysis); with
    // m_inSessionsOnly, the first among the attempts made in lab sessions.
    bool m_firstFinishedOnly = false;
    // Only attempts made in a trainer's lab session: self-practice is left out of grading.
    bool m_inSessionsOnly = false;
    // Only these attempts (e.g. the graded ones a report picked); unset: no restriction.
    std::optional<std::vector<RowId>> m_attemptIds;
};

// Which lab runs a report covers; every set field must match (the cohort is the trainee's).
struct LabRunFilter {
    std::optional<RowId> m_traineeId;
    std::optional<RowId> m_sessionId;
    std::optional<std::string> m_cohort;
    std::optional<std::string> m_labId;
};

// One scored question or ticket of one attempt (flat, for reports over many attempts).
struct ItemScoreRow {
    RowId m_attemptId = 0;
    std::string m_itemId;
    ItemKind m_kind = ItemKind::Ticket;
    std::string m_title;
    double m_score = 0.0;
    double m_max = 0.0;
    int m_itemIndex = 0; // the item's place in its attempt (0-based): DimensionScoreRow refers to it
};

// One scored dimension of one item of one attempt (what the item analysis reads for tickets). The
// item is named by its index rather than its id: reading ids again for ~100,000 rows cost the
// item analysis a second scan of the items.
struct DimensionScoreRow {
    RowId m_attemptId = 0;
    int m_itemIndex = 0;
    Dimension m_dimension = Dimension::Triage;
    double m_score = 0.0;
    double m_max = 0.0;
};

// One dimension of one attempt, summed over its items: the skills report reads these.
struct AttemptDimensionRow {
    RowId m_attemptId = 0;
    Dimension m_dimension = Dimension::Triage;
    double m_score = 0.0;
    double m_max = 0.0;
    int m_itemCount = 0;      // items the dimension applies to
    int m_fullCount = 0;      // of those, items with full marks (e.g. SLA met)
    int m_deductionCount = 0; // e.g. hints used
    double m_deductedPoints = 0.0;
};

//-----------------------------------------------------------------------------
// [SECTION] Store interface
//-----------------------------------------------------------------------------

// Every method returns errors as values and never throws. Each write is one transaction.
class Store {
public:
    virtual ~Store() = default;

    // Where the data lives, for messages ("/home/x/.local/share/supportlab/supportlab.db").
    virtual std::string Location() const = 0;
    virtual int SchemaVersion() const = 0;

    // Cohorts and trainees. A cohort is created on first use by a trainee or AddCohort.
    virtual StoreStatus AddCohort(const std::string& name) = 0;
    virtual StoreResult<std::vector<std::string>> Cohorts() = 0;
    virtual StoreStatus RenameCohort(const std::string& from, const std::string& to) = 0;
    virtual StoreStatus DeleteCohort(const std::string& name) = 0; // Constraint while trainees remain
    virtual StoreResult<Trainee> AddTrainee(const std::string& name, const std::string& cohort) = 0;
    // The trainee of that name, created (in `cohort`) when there is none, in one transaction: any number
    // of processes asking at once all get the same trainee.
    virtual StoreResult<Trainee> FindOrAddTrainee(const std::string& name, const std::string& cohort) = 0;
    virtual StoreResult<Trainee> GetTrainee(RowId id) = 0;
    virtual StoreResult<Trainee> FindTrainee(const std::string& name) = 0; // NotFound when absent
    virtual StoreResult<std::vector<Trainee>> Trainees(const std::optional<std::string>& cohort) = 0;
    virtual StoreStatus UpdateTrainee(const Trainee& t) = 0;
    virtual StoreStatus DeleteTrainee(RowId id) = 0; // Constraint when the trainee has attempts or lab runs

    // Labs and the sessions trainers run.
    virtual StoreStatus PutLab(const LabInfo& lab) = 0; // insert or update
    virtual StoreResult<std::vector<LabInfo>> Labs() = 0;
    virtual StoreResult<LabSession> StartLabSession(const LabSession& s) = 0; // returns it with its id
    virtual StoreResult<std::vector<LabSession>> LabSessions() = 0;

    // Lab progress: a run per pass through a lab, and per-module marks written as they happen.
    // Returns the run with its id. A run whose m_uid is already stored is not added again: that run
    // is returned (Constraint when it belongs to another trainee or lab).
    virtual StoreResult<LabRunRecord> StartLabRun(const LabRunRecord& r) = 0;
    // The trainee's unfinished lab runs, oldest first, each with its marks.
    virtual StoreResult<std::vector<LabRunRecord>> UnfinishedLabRuns(RowId traineeId) = 0;
    // How many lab runs (finished or not) the trainee has: 0 means progress predates lab runs.
    virtual StoreResult<std::int64_t> LabRunCount(RowId traineeId) = 0;
    virtual StoreResult<LabRunRecord> GetLabRun(RowId id) = 0;
    // The runs a report covers, by id, each with its marks (by module id): a fixed number of
    // statements however many runs match, finished or not.
    virtual StoreResult<std::vector<LabRunRecord>> LabRuns(const LabRunFilter& filter) = 0;
    // Writes the module's mark, merged so that it never goes back: done stays done and the seconds
    // never decrease. So a write whose outcome was unknown may be retried safely. Constraint when
    // the run is finished, NotFound when there is no such run.
    virtual StoreStatus PutLabModuleMark(RowId runId, const LabModuleMark& mark) = 0;
    virtual StoreStatus FinishLabRun(RowId runId, WallTime endWall) = 0; // finishing twice is a no-op

    // Attempts and their event log.
    // Returns the attempt with its id. An attempt whose m_uid is already stored is not added again:
    // that attempt is returned as stored (Constraint when it belongs to another trainee or
    // scenario), so a machine may deliver the same attempt any number of times.
    virtual StoreResult<Attempt> StartAttempt(const Attempt& a) = 0;
    // Commits one action in its own transaction. Appending the same (attempt, seq, text) again is
    // a no-op success, so a write whose outcome was unknown may be retried safely.
    virtual StoreStatus AppendEvent(const Event& e) = 0;
    // Stores the scores and marks the attempt finished, in one transaction.
    virtual StoreStatus FinishAttempt(RowId attemptId, const ScoreReport& report, WallTime endWall,
                                      SimTime endSimTime) = 0;
    // Marks the attempt finished without scores (a trainee's machine delivering to a server, where
    // only a lead writes scores: `rescore` scores it). Closing a finished attempt is a no-op.
    virtual StoreStatus CloseAttempt(RowId attemptId, WallTime endWall, SimTime endSimTime) = 0;
    // Gives up an unfinished attempt (NotFound, or Constraint when it is finished or already abandoned).
    virtual StoreStatus AbandonAttempt(RowId attemptId, WallTime wall) = 0;
    virtual StoreResult<std::vector<Attempt>> UnfinishedAttempts(RowId traineeId) = 0; // not abandoned
    virtual StoreResult<Attempt> GetAttempt(RowId id) = 0;
    virtual StoreResult<std::vector<Attempt>> Attempts(const AttemptFilter& filter) = 0; // by id
    virtual StoreResult<std::vector<Event>> Events(RowId attemptId) = 0;                // by seq

    // Scores.
    virtual StoreResult<ScoreReport> Scores(RowId attemptId) = 0; // the stored report, items in order
    virtual StoreResult<std::vector<ItemScoreRow>> ItemScores(const AttemptFilter& filter) = 0;
    virtual StoreResult<std::vector<DimensionScoreRow>> DimensionScores(const AttemptFilter& filter) = 0;
    virtual StoreResult<std::vector<AttemptDimensionRow>> AttemptDimensions(const AttemptFilter& filter) = 0;
    // Re-scoring: replaces the scores and records report.m_contentHash as the hash that scored the
    // attempt. When eventScoresAfter is not empty it holds one total per event in seq order and
    // replaces each m_scoreAfter; startScore, when given, replaces the attempt's m_startScore.
    virtual StoreStatus ReplaceScores(RowId attemptId, const ScoreReport& report,
                                      const std::vector<double>& eventScoresAfter,
                                      std::optional<double> startScore) = 0;
};

// The outbox's row for a session read from the server (SameLabSession), copied in when it has
// none (without its release: the server keeps that). A trainee joins a server session through it.
inline StoreResult<RowId> FindOrCopySession(Store& outbox, const LabSession& serverSession) {
    auto local = outbox.LabSessions();
    if (!local) return local.Error();
    for (const LabSession& l : local.Value())
        if (SameLabSession(l, serverSession)) return l.m_id;
    LabSession copy = serverSession;
    copy.m_id = 0;
    copy.m_releasedWall.reset();
    auto made = outbox.StartLabSession(copy);
    if (!made) return made.Error();
    return made->m_id;
}

} // namespace sl
