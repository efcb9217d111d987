// SupportLab store: the PostgreSQL implementation of Store over libpq (schema `supportlab`, migrations).
#pragma once

#include "core/assessment.hpp"
#include "store/store.hpp"

#include <memory>
#include <string>

namespace sl {

struct PgOpenOptions {
    // Apply missing migrations at open (one transaction under an advisory lock). When false, a
    // database without the current schema is refused (NotFound when empty, Invalid when older).
    bool m_migrate = true;
    int m_connectTimeoutS = 10; // libpq connect_timeout, unless the connection string sets one
    int m_lockTimeoutMs = 10000; // how long a write waits for another session's row lock (then Busy)
    // A password typed into a sign-in dialog: passed to libpq beside the connection string (never
    // inside it, so it never reaches Location() or a message). Empty: ~/.pgpass or PGPASSWORD.
    std::string m_password;
};

// Who a connection is signed in as, by the SupportLab group roles it belongs to.
enum class PgSignedInRole { None, Trainee, Trainer, Lead };
struct PgIdentity {
    std::string m_login;
    PgSignedInRole m_role = PgSignedInRole::None; // the highest: lead, then trainer, then trainee
    std::string m_traineeName;                    // the trainee row whose login this is; "" when none
};

// The current PostgreSQL schema version (supportlab.schema_version written by the newest migration).
int PgSchemaVersion();

// The connection string as it may be shown: any password (password=..., or in a URI's user info or
// query) removed.
std::string PgLocationWithoutPassword(const std::string& conninfo);

// One connection to a PostgreSQL server. Use it from one thread at a time. Statements are prepared
// by name once per connection; when the connection is lost, the next operation reconnects
// (PQreset), prepares again, and retries once when the operation is a read or an idempotent write.
// What `server verify` found: every attempt's event log checked against its hash chain.
struct PgChainProblem {
    RowId m_attemptId = 0;
    std::string m_trainee;
    std::string m_scenarioId;
    std::string m_what; // one sentence
};
struct PgChainReport {
    std::int64_t m_attempts = 0;
    std::int64_t m_events = 0;
    std::vector<PgChainProblem> m_problems; // empty: every chain holds
};

// The organisation's name and signing key pair (raw bytes). m_secretKey is empty when the signed-in
// role may not read it (only a lead may: migration 8).
struct PgOrganisation {
    std::string m_name;
    std::string m_publicKey;
    std::string m_secretKey;
    WallTime m_createdWall = 0;
};

// An attempt's event log as it stands: its uid, how many events, and the newest chain link (hex;
// empty with no events).
struct PgChainHead {
    RowId m_attemptId = 0;
    std::string m_uid;
    std::int64_t m_events = 0;
    std::string m_head;
};

// One scenario as a trainer publishes it for assessments (scenario_io/publish.hpp makes the forms).
struct PgPublication {
    std::string m_scenarioId, m_title;
    std::string m_modelText;
    std::string m_neutralText, m_neutralHash; // the key's form: staff only
    std::string m_traineeText, m_traineeHash; // the trainee part
    std::string m_names;                      // what the neutral names stood for: staff only
    std::vector<std::pair<std::string, std::string>> m_acceptedRoutes; // (ticket, destination)
    StepKey m_stepKey; // what each step does (published_step_outcomes, published_fact_texts)
};

// A published scenario as the signed-in role may read it: a trainee's read leaves the neutral
// text, its hash and the names empty (her role has no grant on them).
struct PgPublished {
    RowId m_id = 0;
    std::string m_scenarioId, m_title;
    std::string m_modelText, m_traineeText, m_traineeHash;
    std::string m_neutralText, m_neutralHash, m_names;
    std::string m_publishedBy;
    WallTime m_publishedWall = 0;
};

// A lab session's settings on the server (migration 10). On one machine every session is practice.
struct PgSessionSettings {
    bool m_assessment = false;
    int m_attemptsAllowed = 1; // per trainee and scenario, in an assessment; 0: no limit
    bool m_paced = false;      // the trainer opens modules one by one
    int m_openedModules = 0;   // how many, when paced
    std::optional<WallTime> m_closedWall; // the assessment closed (practice opens again)
    std::vector<RowId> m_published;       // the published scenarios it assesses
    int m_fastUnderSeconds = 0;           // flag modules done in less time (0: none; LabSession's)
};

// One instruction a trainer's room sent (migration 13), in the order sent: fire an inject now
// ("now"), at a simulated time ("at", m_due), or skip it ("skip").
struct PgRoomInject {
    std::int64_t m_seq = 0;
    std::string m_scenarioId, m_injectId;
    std::string m_op;
    std::optional<SimTime> m_due;
    WallTime m_firedWall = 0;
    std::string m_firedBy; // the trainer's login; "" for a trainee's read
};

// The room as a trainee's machine or the control room reads it.
struct PgRoom {
    std::optional<WallTime> m_pausedWall;   // paused since; nullopt while it runs
    std::vector<PgRoomInject> m_injects;    // those after the sequence number asked for
    WallTime m_serverNow = 0;               // the server's clock at the read
};

// A trainee's last contact with a session's room (her machine's heartbeat).
struct PgPresence {
    RowId m_traineeId = 0;
    WallTime m_seenWall = 0; // the server's clock
    std::string m_moduleId;
    std::string m_attemptUid; // the attempt she is playing, "" between scenarios
    SimTime m_simTime = 0;    // its simulated clock then
};

class PgStore final : public Store {
public:
    ~PgStore() override;
    PgStore(const PgStore&) = delete;
    PgStore& operator=(const PgStore&) = delete;

    // Connects with any libpq connection string or postgresql:// URI and checks (and, when
    // allowed, migrates) the schema. Refuses a newer schema without changing anything.
    static StoreResult<std::unique_ptr<PgStore>> Open(const std::string& conninfo, const PgOpenOptions& options = {});

    std::string Location() const override;
    int SchemaVersion() const override;
    // The schema version the database had when Open found it (0 for an empty database), before
    // any migration Open applied: what `server init` reports as "migrated from".
    int OpenedAtVersion() const;
    // The server process serving this connection (0 when disconnected), for diagnostics and tests.
    int BackendPid() const;
    // The login and its SupportLab role (the schema's owner or a superuser counts as lead).
    StoreResult<PgIdentity> SignedIn();
    // Releases a lab session's results to its trainees (wall set) or withdraws them (nullopt): a
    // trainer's or lead's grant; a trainee's role is refused by the server. NotFound for no such
    // session. Releasing again moves the time; results are read through the released_* views.
    StoreStatus ReleaseSession(RowId sessionId, std::optional<WallTime> wall);
    // Recomputes every attempt's event hash chain here (libsodium's SHA-256, not the server's
    // function) from the stored events, in one snapshot, and reports each attempt where a link or
    // the chain head does not match (schema migration 7 describes the chain). A lead's read.
    StoreResult<PgChainReport> VerifyEventChains();
    // Makes the organisation's Ed25519 key pair (libsodium) when the server has none, under `name`
    // (empty: the database's name); true when it made one. The owner's (administrator's) write: `server init` calls it.
    StoreResult<bool> EnsureOrganisationKey(const std::string& name);
    // The organisation's name and keys; nullopt before `server init` made them. Any role.
    StoreResult<std::optional<PgOrganisation>> Organisation();
    // The chain heads of these attempts (in id order; unknown ids are left out), for a signed export.
    StoreResult<std::vector<PgChainHead>> ChainHeads(const std::vector<RowId>& attemptIds);
    // The chain link (hex) of the attempt's event number `events - 1` as stored now ("" when events
    // is 0 and the attempt exists); nullopt when there is no such attempt or event. `verify --db`
    // compares an export's chain heads with it.
    StoreResult<std::optional<std::string>> ChainLinkAt(const std::string& attemptUid, std::int64_t events);

    // Publishes a scenario for assessments (a trainer's or lead's write), with where each ticket is
    // accepted, in one transaction; the same trainee part published again is found, not doubled.
    // The id, and whether this call made it.
    StoreResult<std::pair<RowId, bool>> Publish(const PgPublication& p);
    // Every published scenario, newest first, as this role may read it (see PgPublished).
    StoreResult<std::vector<PgPublished>> Published();
    // What the destination did with a ticket escalated by event `seq` of the signed-in trainee's
    // attempt (true: accepted; false: it comes back). The server answers from the key she cannot
    // read (migration 9's route_answer) and refuses an event that is not an escalation of hers.
    StoreResult<bool> RouteAnswer(const std::string& attemptUid, std::int64_t seq, const std::string& ticket);
    // What the step done at event `seq` of the signed-in trainee's attempt did (migration 11's
    // step_answer: it chooses the outcome from the key and the attempt's log as the engine does,
    // records it, and answers any earlier step of that ticket still unanswered first). NotFound
    // for an attempt that is not hers; Constraint for an event that is not a step.
    StoreResult<StepAnswer> AnswerStep(const std::string& attemptUid, std::int64_t seq);
    // A session's settings (any role reads them), and a trainer's or lead's change of them, in one
    // transaction. NotFound for no such session; a published id that does not exist is Constraint.
    StoreResult<PgSessionSettings> SessionSettings(RowId sessionId);
    StoreStatus SetSessionSettings(RowId sessionId, const PgSessionSettings& settings);
    // The live room (migration 13). FireInject sends an instruction to every trainee of the
    // session (a trainer's or lead's call; the server numbers it) and returns its number. Room
    // reads whether the room is paused and the instructions after `afterSeq` (a trainee reads only
    // sessions of her cohort). SetRoomPaused pauses (a wall time) or resumes (nullopt) the room.
    // Heartbeat records the signed-in trainee's contact (a trainee's call) and returns the
    // server's time; Presence lists the session's (a trainer's or lead's read).
    StoreResult<std::int64_t> FireInject(RowId sessionId, const std::string& scenarioId, const std::string& injectId,
                                         const std::string& op, std::optional<SimTime> due);
    StoreResult<PgRoom> Room(RowId sessionId, std::int64_t afterSeq);
    StoreStatus SetRoomPaused(RowId sessionId, std::optional<WallTime> wall);
    StoreResult<WallTime> Heartbeat(RowId sessionId, const std::string& moduleId, const std::string& attemptUid, SimTime simTime);
    StoreResult<std::vector<PgPresence>> Presence(RowId sessionId);

    StoreStatus AddCohort(const std::string& name) override;
    StoreResult<std::vector<std::string>> Cohorts() override;
    StoreStatus RenameCohort(const std::string& from, const std::string& to) override;
    StoreStatus DeleteCohort(const std::string& name) override;
    StoreResult<Trainee> AddTrainee(const std::string& name, const std::string& cohort) override;
    StoreResult<Trainee> FindOrAddTrainee(const std::string& name, const std::string& cohort) override;
    StoreResult<Trainee> GetTrainee(RowId id) override;
    StoreResult<Trainee> FindTrainee(const std::string& name) override;
    StoreResult<std::vector<Trainee>> Trainees(const std::optional<std::string>& cohort) override;
    StoreStatus UpdateTrainee(const Trainee& t) override;
    StoreStatus DeleteTrainee(RowId id) override;

    StoreStatus PutLab(const LabInfo& lab) override;
    StoreResult<std::vector<LabInfo>> Labs() override;
    StoreResult<LabSession> StartLabSession(const LabSession& s) override;
    StoreResult<std::vector<LabSession>> LabSessions() override;
    StoreResult<LabRunRecord> StartLabRun(const LabRunRecord& r) override;
    StoreResult<std::vector<LabRunRecord>> UnfinishedLabRuns(RowId traineeId) override;
    StoreResult<std::int64_t> LabRunCount(RowId traineeId) override;
    StoreResult<LabRunRecord> GetLabRun(RowId id) override;
    StoreResult<std::vector<LabRunRecord>> LabRuns(const LabRunFilter& filter) override;
    StoreStatus PutLabModuleMark(RowId runId, const LabModuleMark& mark) override;
    StoreStatus FinishLabRun(RowId runId, WallTime endWall) override;

    StoreResult<Attempt> StartAttempt(const Attempt& a) override;
    StoreStatus AppendEvent(const Event& e) override;
    StoreStatus FinishAttempt(RowId attemptId, const ScoreReport& report, WallTime endWall,
                              SimTime endSimTime) override;
    StoreStatus CloseAttempt(RowId attemptId, WallTime endWall, SimTime endSimTime) override;
    StoreStatus AbandonAttempt(RowId attemptId, WallTime wall) override;
    StoreResult<std::vector<Attempt>> UnfinishedAttempts(RowId traineeId) override;
    StoreResult<Attempt> GetAttempt(RowId id) override;
    StoreResult<std::vector<Attempt>> Attempts(const AttemptFilter& filter) override;
    StoreResult<std::vector<Event>> Events(RowId attemptId) override;

    StoreResult<ScoreReport> Scores(RowId attemptId) override;
    StoreResult<std::vector<ItemScoreRow>> ItemScores(const AttemptFilter& filter) override;
    StoreResult<std::vector<DimensionScoreRow>> DimensionScores(const AttemptFilter& filter) override;
    StoreResult<std::vector<AttemptDimensionRow>> AttemptDimensions(const AttemptFilter& filter) override;
    StoreStatus ReplaceScores(RowId attemptId, const ScoreReport& report,
                              const std::vector<double>& eventScoresAfter,
                              std::optional<double> startScore) override;

    struct Impl; // the connection, prepared statement names and helpers (pg_store.cpp)

private:
    explicit PgStore(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> m_impl;
};

} // namespace sl
