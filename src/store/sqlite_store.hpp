// SupportLab store: the SQLite implementation of Store (WAL, foreign keys, STRICT tables, migrations).
#pragma once

#include "store/store.hpp"
#include "store/wall_clock.hpp"

#include <memory>
#include <string>

struct sqlite3;

namespace sl {

struct SqliteOpenOptions {
    bool m_create = true;       // create the file (and its parent folders) when missing
    bool m_readOnly = false;    // open for reading only; never migrates (needs the current schema)
    int m_busyTimeoutMs = 5000; // how long to wait for another process's lock
};

// $XDG_DATA_HOME/supportlab/supportlab.db, else $HOME/.local/share/supportlab/supportlab.db,
// else ./supportlab.db when neither variable is set.
std::string DefaultDatabasePath();

// The current schema version (PRAGMA user_version written by the newest migration).
int SqliteSchemaVersion();

// One connection. Use it from one thread at a time (it is opened without SQLite's mutexes); other
// threads or processes open their own: WAL lets readers run beside the one writer, and writers wait
// up to the busy timeout for each other.
class SqliteStore final : public Store {
public:
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    // Opens (creating and migrating when allowed) the database at path. Refuses, with a clear
    // message and without writing anything, a newer schema, a non-SQLite, foreign or corrupt file,
    // or an unwritable place.
    static StoreResult<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                         const SqliteOpenOptions& options = {});

    std::string Location() const override { return m_path; }
    int SchemaVersion() const override { return m_version; }
    // The raw connection, for benchmarks that compare with bare SQL.
    sqlite3* Handle() const { return m_db; }

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

    // The outbox's delivery record (table `deliveries`, schema 6): how much of each attempt or lab
    // run (by uid) has reached a server (target: its location without password).
    struct DeliveryMark {
        std::int64_t m_events = 0;
        bool m_ended = false; // its finish or abandonment was delivered
    };
    StoreResult<DeliveryMark> Delivered(const std::string& target, const std::string& uid);
    StoreStatus MarkDelivered(const std::string& target, const std::string& uid, const DeliveryMark& mark);
    // What has not reached the target yet: actions (events), attempts with any of them or their
    // end, and lab runs with a start, module mark or finish newer than what was delivered (a lab
    // run's mark `events` holds 1 + the newest of its start and mark times).
    struct Backlog {
        std::int64_t m_actions = 0;
        std::int64_t m_attempts = 0;
        std::int64_t m_labRuns = 0;
    };
    StoreResult<Backlog> Undelivered(const std::string& target);

    struct Impl; // prepared statements and helpers (sqlite_store.cpp)

private:
    SqliteStore(sqlite3* db, std::string path, int version);

    sqlite3* m_db;
    std::string m_path;
    int m_version;
    std::unique_ptr<Impl> m_impl;
};

// Same as SqliteStore::Open, as the interface type.
StoreResult<std::unique_ptr<Store>> OpenStore(const std::string& path, const SqliteOpenOptions& options = {});

} // namespace sl
