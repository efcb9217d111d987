// SupportLab store tests: migrating databases of older schemas (tests/store/data/schema_v1.sql, and v3 built from it).
#include "store_test_util.hpp"

#include "store/sqlite_schema.hpp"

namespace sl::test {
namespace {

std::string FixtureSql() {
    const std::string sql = ReadFileBytes(std::string(SUPPORTLAB_TEST_DATA_DIR) + "/schema_v1.sql");
    EXPECT_FALSE(sql.empty()) << "missing fixture schema_v1.sql";
    return sql;
}

TEST(StoreMigration, FirstSchemaFixtureMigratesWithItsData) {
    TempDir dir;
    const std::string path = dir.File("v1.db");
    RawExec(path, FixtureSql());
    ASSERT_EQ(RawText(path, "PRAGMA user_version"), "1");

    auto store = OpenOrFail(path);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->SchemaVersion(), SqliteSchemaVersion());
    EXPECT_EQ(RawInt(store->Handle(), "PRAGMA user_version"), SqliteSchemaVersion());
    EXPECT_EQ(RawInt(store->Handle(), "PRAGMA foreign_keys"), 1);
    EXPECT_EQ(RawInt(store->Handle(), "SELECT count(*) FROM pragma_foreign_key_check"), 0);

    // Every v1 row is still there and reads back through the interface.
    auto trainees = store->Trainees(std::nullopt);
    ASSERT_TRUE(trainees.Ok());
    ASSERT_EQ(trainees->size(), 3u);
    EXPECT_EQ(trainees->at(0).m_name, "Ana Silva");
    EXPECT_EQ(trainees->at(0).m_cohort, "spring-2024");
    auto sessions = store->LabSessions();
    ASSERT_TRUE(sessions.Ok());
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_EQ(sessions->at(0).m_trainer, "Trainer T");

    auto first = store->GetAttempt(1);
    ASSERT_TRUE(first.Ok());
    EXPECT_TRUE(first->m_finished);
    EXPECT_EQ(first->m_eventCount, 4);
    EXPECT_DOUBLE_EQ(first->m_score.value_or(0), 21.5);
    auto second = store->GetAttempt(2);
    ASSERT_TRUE(second.Ok());
    EXPECT_EQ(second->m_seed, 0xFFFFFFFFFFFFFFFEull); // -2 as stored bits
    auto events = store->Events(1);
    ASSERT_TRUE(events.Ok());
    ASSERT_EQ(events->size(), 4u);
    EXPECT_EQ(events->at(3).m_actionText, "resolve t-os fixed");
    EXPECT_FALSE(events->at(3).m_scoreAfter.has_value()); // v1 had no running score

    auto scores = store->Scores(1);
    ASSERT_TRUE(scores.Ok()) << scores.Error().m_message;
    ASSERT_EQ(scores->m_items.size(), 2u);
    EXPECT_EQ(scores->m_items[0].m_deductions.size(), 3u);
    EXPECT_EQ(scores->m_items[0].m_deductions[1].m_reason, "resolution met after the 75% warning");

    // Migration 2 backfilled the per-attempt aggregates from the v1 item rows (by hand:
    // triage 10/10 full; troubleshooting 5/10 one deduction of 5; sla 2.5/5 one of 2.5;
    // hints max 0 so never "full", one deduction of 1; knowledge 5/5 full).
    AttemptFilter f;
    f.m_attemptId = 1;
    auto dims = store->AttemptDimensions(f);
    ASSERT_TRUE(dims.Ok());
    ASSERT_EQ(dims->size(), 5u);
    for (const auto& d : dims.Value()) {
        EXPECT_EQ(d.m_itemCount, 1) << ToString(d.m_dimension);
        switch (d.m_dimension) {
        case Dimension::Triage: EXPECT_EQ(d.m_fullCount, 1); EXPECT_EQ(d.m_deductionCount, 0); break;
        case Dimension::Troubleshooting: EXPECT_EQ(d.m_fullCount, 0); EXPECT_EQ(d.m_deductionCount, 1); EXPECT_DOUBLE_EQ(d.m_deductedPoints, 5.0); break;
        case Dimension::Sla: EXPECT_EQ(d.m_fullCount, 0); EXPECT_DOUBLE_EQ(d.m_deductedPoints, 2.5); break;
        case Dimension::Hints: EXPECT_EQ(d.m_fullCount, 0); EXPECT_EQ(d.m_deductionCount, 1); EXPECT_DOUBLE_EQ(d.m_deductedPoints, 1.0); break;
        case Dimension::Knowledge: EXPECT_EQ(d.m_fullCount, 1); break;
        default: ADD_FAILURE() << "unexpected " << ToString(d.m_dimension);
        }
    }

    // What v2 added works, and the v1 triggers still guard the log.
    EXPECT_TRUE(store->PutLab(LabInfo{"lab-desktop", "Managed desktop", 75.0}).Ok());
    EXPECT_TRUE(store->AppendEvent(Event{2, 2, 120, 1700000070000, "wait 1m", 0.0}).Ok());
    EXPECT_EQ(store->AppendEvent(Event{1, 4, 0, 0, "wait 1m", {}}).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(RawInt(store->Handle(), "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);

    // Reopening a migrated database is a no-op.
    store.reset();
    auto again = OpenOrFail(path);
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->Labs()->size(), 1u);
}

TEST(StoreMigration, AFailedMigrationRollsBackAndLeavesVersionOne) {
    TempDir dir;
    const std::string path = dir.File("v1.db");
    // A stray 'labs' table makes migration 2's CREATE TABLE fail half-way through.
    RawExec(path, FixtureSql() + "CREATE TABLE labs (x INTEGER);");
    auto r = SqliteStore::Open(path);
    ASSERT_FALSE(r.Ok());
    EXPECT_NE(r.Error().m_message.find("migration to schema version 2"), std::string::npos) << r.Error().m_message;
    EXPECT_EQ(RawText(path, "PRAGMA user_version"), "1");
    // Nothing of migration 2 stuck: no score_after column, no new columns, data intact.
    EXPECT_EQ(RawText(path, "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'score_after'"), "0");
    EXPECT_EQ(RawText(path, "SELECT count(*) FROM pragma_table_info('attempt_dimensions')"), "4");
    EXPECT_EQ(RawText(path, "SELECT count(*) FROM events"), "6");
}

// The v1 fixture brought to version 3 by the shipped migrations, as a database of the previous
// release would be (no lab_runs tables).
std::string FixtureV3Sql() {
    return FixtureSql() + sqlite_schema::kMigration2 + sqlite_schema::kMigration3 + "PRAGMA user_version = 3;";
}

TEST(StoreMigration, VersionThreeGainsLabRunsAndKeepsItsData) {
    TempDir dir;
    const std::string path = dir.File("v3.db");
    RawExec(path, FixtureV3Sql());
    ASSERT_EQ(RawText(path, "PRAGMA user_version"), "3");
    ASSERT_EQ(RawText(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'lab_runs'"), "0");

    auto store = OpenOrFail(path);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(RawInt(store->Handle(), "PRAGMA user_version"), SqliteSchemaVersion());
    EXPECT_EQ(RawInt(store->Handle(), "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    // The old lab attempts are all there is: no runs, so labs resume from the attempts as before.
    EXPECT_EQ(store->LabRunCount(1).Value(), 0);
    EXPECT_TRUE(store->UnfinishedLabRuns(2)->empty());
    AttemptFilter f;
    f.m_labId = "lab-desktop";
    ASSERT_EQ(store->Attempts(f)->size(), 2u);
    EXPECT_EQ(store->GetAttempt(1)->m_eventCount, 4) << "migration 3's counts survive";

    // New runs tie to the old trainees and session.
    LabRunRecord in;
    in.m_traineeId = 2;
    in.m_labId = "lab-desktop";
    in.m_sessionId = 1;
    in.m_startedWall = 1700000100000;
    auto run = store->StartLabRun(in);
    ASSERT_TRUE(run.Ok()) << run.Error().m_message;
    ASSERT_TRUE(store->PutLabModuleMark(run->m_id, LabModuleMark{"m1", true, 12.0, 1700000112000}).Ok());
    store.reset();
    auto again = OpenOrFail(path);
    ASSERT_NE(again, nullptr);
    auto open = again->UnfinishedLabRuns(2);
    ASSERT_TRUE(open.Ok());
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ(open->front().m_sessionId, 1);
    ASSERT_EQ(open->front().m_modules.size(), 1u);
    EXPECT_TRUE(open->front().m_modules[0].m_done);
}

TEST(StoreMigration, AFailedMigrationFourLeavesVersionThree) {
    TempDir dir;
    const std::string path = dir.File("v3.db");
    // A stray 'lab_run_modules' table makes migration 4 fail after it created lab_runs.
    RawExec(path, FixtureV3Sql() + "CREATE TABLE lab_run_modules (x INTEGER);");
    auto r = SqliteStore::Open(path);
    ASSERT_FALSE(r.Ok());
    EXPECT_NE(r.Error().m_message.find("migration to schema version 4"), std::string::npos) << r.Error().m_message;
    EXPECT_EQ(RawText(path, "PRAGMA user_version"), "3");
    EXPECT_EQ(RawText(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'lab_runs'"), "0");
    EXPECT_EQ(RawText(path, "SELECT count(*) FROM attempts"), "2");
}

TEST(StoreMigration, NewDatabaseGetsEveryMigration) {
    TempDir dir;
    auto store = OpenOrFail(dir.File("new.db"));
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(RawInt(store->Handle(), "PRAGMA user_version"), SqliteSchemaVersion());
    EXPECT_EQ(RawInt(store->Handle(), "PRAGMA application_id"), 0x534C4142);
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(store->Handle(), "PRAGMA journal_mode", -1, &s, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
    sqlite3_finalize(s);
    // Every table is STRICT.
    EXPECT_EQ(RawInt(store->Handle(), "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND "
                                      "name NOT LIKE 'sqlite_%' AND strict = 0"), 0);
    EXPECT_GE(RawInt(store->Handle(), "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND strict = 1"), 12);
}

} // namespace
} // namespace sl::test
