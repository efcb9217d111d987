// SupportLab store: the SQLite schema as a list of migrations keyed on PRAGMA user_version.
#pragma once

// Each migration runs in its own transaction and leaves PRAGMA user_version at its index + 1.
// Never edit a migration that has shipped: add a new one. tests/store/data/schema_v1.sql is the
// first schema exactly as migration 1 creates it, with sample rows, for the migration test.

namespace sl::sqlite_schema {

// 'SLAB' in PRAGMA application_id marks a SupportLab database.
inline constexpr int kApplicationId = 0x534C4142;

// Migration 1: the first schema.
inline constexpr const char* kMigration1 = R"SQL(
CREATE TABLE cohorts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0)
) STRICT;

CREATE TABLE trainees (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    cohort_id INTEGER REFERENCES cohorts(id)
) STRICT;
CREATE INDEX trainees_cohort ON trainees(cohort_id);

CREATE TABLE lab_sessions (
    id INTEGER PRIMARY KEY,
    lab_id TEXT NOT NULL,
    cohort_id INTEGER REFERENCES cohorts(id),
    trainer TEXT NOT NULL,
    started_wall INTEGER NOT NULL
) STRICT;

CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    trainee_id INTEGER NOT NULL REFERENCES trainees(id),
    session_id INTEGER REFERENCES lab_sessions(id),
    lab_id TEXT,
    module_id TEXT,
    scenario_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    format_version INTEGER NOT NULL,
    seed INTEGER NOT NULL,            -- the uint64 seed's bit pattern
    started_wall INTEGER NOT NULL,    -- ms since the Unix epoch
    ended_wall INTEGER,
    end_sim_time INTEGER,
    finished INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1)),
    scored_with_hash TEXT NOT NULL DEFAULT '',
    score REAL,
    max_score REAL
) STRICT;
CREATE INDEX attempts_trainee ON attempts(trainee_id, scenario_id, id);

-- The event log: one row per trainee action, append-only, seq 0, 1, 2, ... per attempt.
CREATE TABLE events (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id),
    seq INTEGER NOT NULL CHECK (seq >= 0),
    sim_time INTEGER NOT NULL,
    wall_time INTEGER NOT NULL,
    action TEXT NOT NULL,
    PRIMARY KEY (attempt_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER events_append_only BEFORE INSERT ON events
BEGIN
    SELECT RAISE(ABORT, 'the attempt is finished')
     WHERE (SELECT finished FROM attempts WHERE id = NEW.attempt_id) = 1;
    SELECT RAISE(ABORT, 'event out of sequence')
     WHERE NEW.seq <> coalesce((SELECT max(seq) + 1 FROM events WHERE attempt_id = NEW.attempt_id), 0);
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are never deleted');
END;

CREATE TABLE item_scores (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id),
    item_index INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('question', 'ticket')),
    title TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    given TEXT NOT NULL,
    expected TEXT NOT NULL,
    explanation TEXT NOT NULL,
    PRIMARY KEY (attempt_id, item_index)
) STRICT, WITHOUT ROWID;

-- applies = 1 when the dimension is one of the item's scored dimensions; 0 for a row that only
-- carries deductions.
CREATE TABLE dimension_scores (
    attempt_id INTEGER NOT NULL,
    item_index INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    applies INTEGER NOT NULL CHECK (applies IN (0, 1)),
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    deduction_count INTEGER NOT NULL,
    deducted_points REAL NOT NULL,
    PRIMARY KEY (attempt_id, item_index, dimension),
    FOREIGN KEY (attempt_id, item_index) REFERENCES item_scores(attempt_id, item_index) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE deductions (
    attempt_id INTEGER NOT NULL,
    item_index INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    points REAL NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (attempt_id, item_index, seq),
    FOREIGN KEY (attempt_id, item_index) REFERENCES item_scores(attempt_id, item_index) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- The report's per-dimension totals for the whole attempt.
CREATE TABLE attempt_dimensions (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id),
    dimension TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    PRIMARY KEY (attempt_id, dimension)
) STRICT, WITHOUT ROWID;
)SQL";

// Migration 2: labs with pass thresholds, the running score before and after each event (timeline),
// and per-attempt dimension aggregates (skills report) backfilled from the item rows.
inline constexpr const char* kMigration2 = R"SQL(
CREATE TABLE labs (
    lab_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    pass_threshold REAL NOT NULL CHECK (pass_threshold >= 0 AND pass_threshold <= 100)
) STRICT;

ALTER TABLE events ADD COLUMN score_after REAL;
ALTER TABLE attempts ADD COLUMN start_score REAL;

ALTER TABLE attempt_dimensions ADD COLUMN item_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempt_dimensions ADD COLUMN full_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempt_dimensions ADD COLUMN deduction_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempt_dimensions ADD COLUMN deducted_points REAL NOT NULL DEFAULT 0;

UPDATE attempt_dimensions AS ad SET
    item_count = agg.item_count,
    full_count = agg.full_count,
    deduction_count = agg.deduction_count,
    deducted_points = agg.deducted_points
FROM (SELECT attempt_id, dimension,
             sum(applies) AS item_count,
             sum(applies AND max_score > 0 AND score >= max_score - 1e-9) AS full_count,
             sum(deduction_count) AS deduction_count,
             sum(deducted_points) AS deducted_points
        FROM dimension_scores GROUP BY attempt_id, dimension) AS agg
WHERE ad.attempt_id = agg.attempt_id AND ad.dimension = agg.dimension;

CREATE INDEX attempts_scenario ON attempts(scenario_id, trainee_id, finished, id);
)SQL";

// Migration 3: each attempt's event count and newest wall time, kept by a trigger, so listing
// attempts (the matrix, time on task) never walks the event log; the order check reads the count.
inline constexpr const char* kMigration3 = R"SQL(
ALTER TABLE attempts ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN last_wall INTEGER;
UPDATE attempts SET
    event_count = coalesce((SELECT max(seq) + 1 FROM events e WHERE e.attempt_id = attempts.id), 0),
    last_wall = (SELECT e.wall_time FROM events e WHERE e.attempt_id = attempts.id ORDER BY e.seq DESC LIMIT 1);
DROP TRIGGER events_append_only;
CREATE TRIGGER events_append_only BEFORE INSERT ON events
BEGIN
    SELECT RAISE(ABORT, 'the attempt is finished')
     WHERE (SELECT finished FROM attempts WHERE id = NEW.attempt_id) = 1;
    SELECT RAISE(ABORT, 'event out of sequence')
     WHERE NEW.seq <> (SELECT event_count FROM attempts WHERE id = NEW.attempt_id);
END;
CREATE TRIGGER events_counted AFTER INSERT ON events
BEGIN
    UPDATE attempts SET event_count = NEW.seq + 1, last_wall = NEW.wall_time WHERE id = NEW.attempt_id;
END;
)SQL";

// Migration 4: lab progress. A lab run is one pass of a trainee through a lab (in a trainer's
// session or alone); its module marks say which modules are done and how many seconds the trainee
// spent on the lab screen on each (lectures included), written as they happen. Databases from
// before this migration have no runs: their labs resume from the attempts, as before.
inline constexpr const char* kMigration4 = R"SQL(
CREATE TABLE lab_runs (
    id INTEGER PRIMARY KEY,
    trainee_id INTEGER NOT NULL REFERENCES trainees(id),
    lab_id TEXT NOT NULL CHECK (length(lab_id) > 0),
    session_id INTEGER REFERENCES lab_sessions(id),
    started_wall INTEGER NOT NULL,
    ended_wall INTEGER,
    finished INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1))
) STRICT;
CREATE INDEX lab_runs_trainee ON lab_runs(trainee_id, finished, id);

CREATE TABLE lab_run_modules (
    run_id INTEGER NOT NULL REFERENCES lab_runs(id),
    module_id TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    updated_wall INTEGER NOT NULL,
    PRIMARY KEY (run_id, module_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER lab_run_modules_open BEFORE INSERT ON lab_run_modules
BEGIN
    SELECT RAISE(ABORT, 'the lab run is finished')
     WHERE (SELECT finished FROM lab_runs WHERE id = NEW.run_id) = 1;
END;
CREATE TRIGGER lab_run_modules_open_update BEFORE UPDATE ON lab_run_modules
BEGIN
    SELECT RAISE(ABORT, 'the lab run is finished')
     WHERE (SELECT finished FROM lab_runs WHERE id = NEW.run_id) = 1;
END;
)SQL";

// 5: attempts can be abandoned (a `play` killed before it finished); an abandoned attempt takes no events.
inline constexpr const char* kMigration5 = R"SQL(
ALTER TABLE attempts ADD COLUMN abandoned_wall INTEGER;
CREATE TRIGGER events_attempt_not_abandoned BEFORE INSERT ON events
BEGIN
    SELECT RAISE(ABORT, 'the attempt was abandoned')
     WHERE (SELECT abandoned_wall FROM attempts WHERE id = NEW.attempt_id) IS NOT NULL;
END;
)SQL";

// 6: ids made on the client, so an organisation server takes each attempt and lab run once however
// often a machine delivers it (src/store/delivery.hpp); older rows get one now. `deliveries` is the
// outbox's record of what has reached which server: per attempt or lab run (by uid), how many of its
// events and whether its end (finished, abandoned) were delivered there.
inline constexpr const char* kMigration6 = R"SQL(
ALTER TABLE attempts ADD COLUMN uid TEXT;
UPDATE attempts SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX attempts_uid ON attempts(uid);
ALTER TABLE lab_runs ADD COLUMN uid TEXT;
UPDATE lab_runs SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX lab_runs_uid ON lab_runs(uid);
CREATE TABLE deliveries (
    target TEXT NOT NULL,
    uid TEXT NOT NULL,
    events INTEGER NOT NULL DEFAULT 0 CHECK (events >= 0),
    ended INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0, 1)),
    PRIMARY KEY (target, uid)
) STRICT, WITHOUT ROWID;
)SQL";

inline constexpr const char* kMigrations[] = {kMigration1, kMigration2, kMigration3, kMigration4, kMigration5,
                                              kMigration6};
inline constexpr int kVersion = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

} // namespace sl::sqlite_schema
