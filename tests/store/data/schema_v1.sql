-- SupportLab store test fixture: a database of the FIRST schema (user_version 1) exactly as migration 1
-- created it, with sample rows. Frozen: never edit it to follow later migrations. Made with sqlite3 .dump;
-- the two PRAGMAs at the end are not part of .dump and were added by hand.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE cohorts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0)
) STRICT;
INSERT INTO cohorts VALUES(1,'spring-2024');
INSERT INTO cohorts VALUES(2,'autumn-2024');
CREATE TABLE trainees (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    cohort_id INTEGER REFERENCES cohorts(id)
) STRICT;
INSERT INTO trainees VALUES(1,'Ana Silva',1);
INSERT INTO trainees VALUES(2,'Ben Okafor',1);
INSERT INTO trainees VALUES(3,'Chen Wei',NULL);
CREATE TABLE lab_sessions (
    id INTEGER PRIMARY KEY,
    lab_id TEXT NOT NULL,
    cohort_id INTEGER REFERENCES cohorts(id),
    trainer TEXT NOT NULL,
    started_wall INTEGER NOT NULL
) STRICT;
INSERT INTO lab_sessions VALUES(1,'lab-desktop',1,'Trainer T',1700000000000);
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
INSERT INTO attempts VALUES(1,1,1,'lab-desktop','m2','common-test','hash-common-v1',1,7,1700000001000,1700000900000,2400,1,'hash-common-v1',21.5,30.0);
INSERT INTO attempts VALUES(2,2,1,'lab-desktop','m2','common-test','hash-common-v1',1,-2,1700000002000,NULL,NULL,0,'',NULL,NULL);
CREATE TABLE events (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id),
    seq INTEGER NOT NULL CHECK (seq >= 0),
    sim_time INTEGER NOT NULL,
    wall_time INTEGER NOT NULL,
    action TEXT NOT NULL,
    PRIMARY KEY (attempt_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO events VALUES(1,0,0,1700000010000,'ack t-os');
INSERT INTO events VALUES(1,1,60,1700000020000,'triage t-os category=os impact=low urgency=high');
INSERT INTO events VALUES(1,2,120,1700000030000,'hint t-os 0');
INSERT INTO events VALUES(1,3,120,1700000040000,'resolve t-os fixed');
INSERT INTO events VALUES(2,0,0,1700000050000,'ack t-os');
INSERT INTO events VALUES(2,1,60,1700000060000,'ask t-os since');
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
INSERT INTO item_scores VALUES(1,0,'t-os','ticket','Laptop restarts after an update',16.5,25.0,'resolved: fixed','resolve: fixed','Roll back the update.');
INSERT INTO item_scores VALUES(1,1,'q-single','question','Who is the first contact?',5.0,5.0,'t1','t1','Tier 1 first.');
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
INSERT INTO dimension_scores VALUES(1,0,'hints',1,-1.0,0.0,1,1.0);
INSERT INTO dimension_scores VALUES(1,0,'sla',1,2.5,5.0,1,2.5);
INSERT INTO dimension_scores VALUES(1,0,'triage',1,10.0,10.0,0,0.0);
INSERT INTO dimension_scores VALUES(1,0,'troubleshooting',1,5.0,10.0,1,5.0);
INSERT INTO dimension_scores VALUES(1,1,'knowledge',1,5.0,5.0,0,0.0);
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
INSERT INTO deductions VALUES(1,0,0,'troubleshooting',5.0,'required step rollback not done');
INSERT INTO deductions VALUES(1,0,1,'sla',2.5,'resolution met after the 75% warning');
INSERT INTO deductions VALUES(1,0,2,'hints',1.0,'hint 0 taken');
CREATE TABLE attempt_dimensions (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id),
    dimension TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    PRIMARY KEY (attempt_id, dimension)
) STRICT, WITHOUT ROWID;
INSERT INTO attempt_dimensions VALUES(1,'hints',-1.0,0.0);
INSERT INTO attempt_dimensions VALUES(1,'knowledge',5.0,5.0);
INSERT INTO attempt_dimensions VALUES(1,'sla',2.5,5.0);
INSERT INTO attempt_dimensions VALUES(1,'triage',10.0,10.0);
INSERT INTO attempt_dimensions VALUES(1,'troubleshooting',5.0,10.0);
CREATE INDEX trainees_cohort ON trainees(cohort_id);
CREATE INDEX attempts_trainee ON attempts(trainee_id, scenario_id, id);
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
COMMIT;
PRAGMA application_id = 1397506370;
PRAGMA user_version = 1;
