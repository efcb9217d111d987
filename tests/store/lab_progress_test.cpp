// SupportLab store tests: LabProgress — marks written as they happen, failed writes kept and retried.
#include "store_test_util.hpp"

#include "store/lab_progress.hpp"

namespace sl::test {
namespace {

class LabProgressTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_store = OpenOrFail(m_dir.File("lab.db"));
        ASSERT_NE(m_store, nullptr);
        auto t = m_store->AddTrainee("Ana", "spring");
        ASSERT_TRUE(t.Ok());
        m_trainee = t->m_id;
    }
    LabRunRecord Meta() {
        LabRunRecord r;
        r.m_traineeId = m_trainee;
        r.m_labId = "lab-desktop";
        return r;
    }
    LabRunRecord Stored(RowId id) {
        auto r = m_store->GetLabRun(id);
        EXPECT_TRUE(r.Ok()) << (r.Ok() ? "" : r.Error().m_message);
        return r.Ok() ? r.Value() : LabRunRecord{};
    }

    TempDir m_dir;
    std::unique_ptr<SqliteStore> m_store;
    RowId m_trainee = 0;
};

TEST_F(LabProgressTest, MarksAreWrittenWhenDoneAndTimeWhenFlushed) {
    LabProgress p(*m_store, Meta(), CountingClock());
    ASSERT_TRUE(p.Flush().Ok());
    const RowId id = p.Record().m_id;
    ASSERT_GT(id, 0);
    EXPECT_EQ(Stored(id).m_startedWall, 1'700'000'001'000);

    p.AddTime("intro", 20.0);
    p.AddTime("intro", 15.0);
    EXPECT_DOUBLE_EQ(p.UnflushedSeconds(), 35.0);
    EXPECT_TRUE(Stored(id).m_modules.empty()) << "time stays in memory until a flush";
    ASSERT_TRUE(p.MarkDone("intro").Ok()); // written at once, with its time
    EXPECT_DOUBLE_EQ(p.UnflushedSeconds(), 0.0);
    LabRunRecord r = Stored(id);
    ASSERT_EQ(r.m_modules.size(), 1u);
    EXPECT_TRUE(r.m_modules[0].m_done);
    EXPECT_DOUBLE_EQ(r.m_modules[0].m_seconds, 35.0);

    p.AddTime("review", 12.5);
    ASSERT_TRUE(p.Flush().Ok());
    r = Stored(id);
    ASSERT_EQ(r.m_modules.size(), 2u);
    EXPECT_FALSE(r.m_modules[1].m_done);
    EXPECT_DOUBLE_EQ(r.m_modules[1].m_seconds, 12.5);
    EXPECT_DOUBLE_EQ(p.TotalSeconds(), 47.5);

    // Resuming from the stored record carries on where it stopped.
    LabProgress again(*m_store, Stored(id), CountingClock());
    EXPECT_TRUE(again.Done("intro"));
    EXPECT_FALSE(again.Done("review"));
    EXPECT_DOUBLE_EQ(again.TotalSeconds(), 47.5);
    again.AddTime("review", 2.5);
    ASSERT_TRUE(again.Finish().Ok());
    EXPECT_TRUE(again.Finished());
    EXPECT_TRUE(Stored(id).m_finished);
    EXPECT_DOUBLE_EQ(Stored(id).m_modules[1].m_seconds, 15.0);
    EXPECT_TRUE(m_store->UnfinishedLabRuns(m_trainee)->empty());
}

TEST_F(LabProgressTest, BusyWritesAreKeptInMemoryAndRetried) {
    SqliteOpenOptions quick;
    quick.m_busyTimeoutMs = 30;
    auto store = OpenOrFail(m_dir.File("lab.db"), quick);
    ASSERT_NE(store, nullptr);
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(m_dir.File("lab.db").c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

    // Not even the run could be stored: the lab goes on in memory.
    LabProgress p(*store, Meta(), FixedClock());
    auto st = p.Flush();
    ASSERT_FALSE(st.Ok());
    EXPECT_EQ(st.Error().m_kind, StoreErrorKind::Busy);
    EXPECT_EQ(p.Record().m_id, 0);
    p.AddTime("intro", 40.0);
    st = p.MarkDone("intro");
    ASSERT_FALSE(st.Ok());
    EXPECT_TRUE(p.Done("intro"));
    EXPECT_DOUBLE_EQ(p.Seconds("intro"), 40.0);
    EXPECT_EQ(p.PendingWrites(), 2u); // the run and the intro mark
    st = p.Finish();
    ASSERT_FALSE(st.Ok());
    EXPECT_FALSE(p.Finished());

    ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    ASSERT_TRUE(p.Flush().Ok()) << "the next flush writes everything that waited";
    EXPECT_EQ(p.PendingWrites(), 0u);
    EXPECT_TRUE(p.Finished());
    const LabRunRecord r = Stored(p.Record().m_id);
    EXPECT_TRUE(r.m_finished);
    ASSERT_EQ(r.m_modules.size(), 1u);
    EXPECT_TRUE(r.m_modules[0].m_done);
    EXPECT_DOUBLE_EQ(r.m_modules[0].m_seconds, 40.0);
}

TEST_F(LabProgressTest, DiskFullKeepsTheMarksUntilSpaceComesBack) {
    LabProgress p(*m_store, Meta(), FixedClock());
    ASSERT_TRUE(p.Flush().Ok());
    sqlite3* db = m_store->Handle();
    const std::int64_t pages = RawInt(db, "PRAGMA page_count");
    ASSERT_EQ(RawInt(db, "PRAGMA max_page_count = " + std::to_string(pages)), pages);
    // Long module ids fill the capped file quickly.
    std::optional<StoreError> firstError;
    int marked = 0;
    for (int i = 0; i < 500 && !firstError; ++i) {
        const std::string id = "module-" + std::to_string(i) + std::string(400, 'x');
        p.AddTime(id, 1.0);
        auto st = p.MarkDone(id);
        ++marked;
        if (!st) firstError = st.Error();
    }
    ASSERT_TRUE(firstError.has_value()) << "the capped database never filled up";
    EXPECT_EQ(firstError->m_kind, StoreErrorKind::DiskFull);
    EXPECT_GE(p.PendingWrites(), 1u);
    EXPECT_DOUBLE_EQ(p.TotalSeconds(), marked);

    RawInt(db, "PRAGMA max_page_count = 1000000");
    ASSERT_TRUE(p.Flush().Ok());
    const LabRunRecord r = Stored(p.Record().m_id);
    EXPECT_EQ(static_cast<int>(r.m_modules.size()), marked);
    for (const LabModuleMark& m : r.m_modules) EXPECT_TRUE(m.m_done) << m.m_moduleId;
}

//-----------------------------------------------------------------------------
// Standing: where a trainee stands in a lab, rebuilt from the store
//-----------------------------------------------------------------------------

// A three-module lab: a lecture, then two scenario modules.
Lab StandingLab() {
    Lab lab;
    lab.m_id = "lab-desktop";
    lab.m_title = "Desktop lab";
    for (const char* id : {"intro", "drill-a", "drill-b"}) {
        LabModule m;
        m.m_id = id;
        m.m_type = std::string(id) == "intro" ? ModuleType::Lecture : ModuleType::Scenario;
        lab.m_modules.push_back(m);
    }
    return lab;
}

class LabStandingTest : public LabProgressTest {
protected:
    // An attempt at a module of the lab, started at `start` (ms) and, when `finishedAt`, finished
    // then with a report of `total` points.
    RowId AttemptAt(const std::string& module, WallTime start, std::optional<WallTime> finishedAt, double total = 0.0) {
        Attempt a;
        a.m_traineeId = m_trainee;
        a.m_scenarioId = "common";
        a.m_contentHash = "h";
        a.m_labId = "lab-desktop";
        a.m_moduleId = module;
        a.m_startedWall = start;
        auto started = m_store->StartAttempt(a);
        EXPECT_TRUE(started.Ok()) << (started.Ok() ? "" : started.Error().m_message);
        if (!started.Ok()) return 0;
        if (finishedAt) {
            ScoreReport r;
            r.m_scenarioId = "common";
            r.m_total = total;
            r.m_max = 10;
            EXPECT_TRUE(m_store->FinishAttempt(started->m_id, r, *finishedAt, 600).Ok());
        }
        return started->m_id;
    }
    const Lab m_lab = StandingLab();
};

// A stored run: the marks say what is done, the first module not done is current, the time is the
// marks' total, and a done scenario module carries its newest finished attempt and its score.
TEST_F(LabStandingTest, AStoredRunStandsWhereItsMarksLeaveIt) {
    AttemptAt("drill-a", 1'000, 5'000, 4.0);
    const RowId newer = AttemptAt("drill-a", 6'000, 9'000, 7.0);
    LabProgress p(*m_store, Meta(), CountingClock());
    p.AddTime("intro", 30.0);
    ASSERT_TRUE(p.MarkDone("intro").Ok());
    p.AddTime("drill-a", 90.0);
    ASSERT_TRUE(p.MarkDone("drill-a").Ok());
    const LabRunRecord stored = Stored(p.Record().m_id);

    auto st = StandingOfLabRun(*m_store, m_lab, stored);
    ASSERT_TRUE(st.Ok()) << st.Error().m_message;
    EXPECT_EQ(st->m_current, 2);
    EXPECT_DOUBLE_EQ(st->m_elapsed, 120.0);
    ASSERT_EQ(st->m_modules.size(), 3u);
    EXPECT_TRUE(st->m_modules[0].m_done);
    EXPECT_EQ(st->m_modules[0].m_attemptId, 0) << "a lecture has no attempt";
    EXPECT_TRUE(st->m_modules[1].m_done);
    EXPECT_EQ(st->m_modules[1].m_attemptId, newer);
    ASSERT_TRUE(st->m_modules[1].m_report);
    EXPECT_DOUBLE_EQ(st->m_modules[1].m_report->m_total, 7.0);
    EXPECT_FALSE(st->m_modules[2].m_done);
    EXPECT_TRUE(st->m_warning.empty());
}

// A database from before lab runs: the last cycle of attempts that has not finished every scenario
// module is the run; what comes before its open module counts as done; its time is the attempts'.
TEST_F(LabStandingTest, ARunIsRebuiltFromTheAttemptsOfItsLastCycle) {
    AttemptAt("drill-a", 1'000, 2'000, 3.0); // a completed cycle: both drills finished
    AttemptAt("drill-b", 3'000, 4'000, 3.0);
    const RowId a = AttemptAt("drill-a", 10'000, 40'000, 8.0); // the unfinished cycle
    AttemptAt("drill-b", 50'000, std::nullopt);
    auto found = StandingFromAttempts(*m_store, m_trainee, [&](const std::string& id) { return id == m_lab.m_id ? &m_lab : nullptr; });
    ASSERT_TRUE(found.Ok()) << found.Error().m_message;
    ASSERT_TRUE(found.Value().has_value());
    const LabStanding& st = *found.Value();
    EXPECT_EQ(st.m_record.m_id, 0) << "not stored yet: the caller adopts it";
    EXPECT_EQ(st.m_current, 2) << "drill-b is open";
    EXPECT_TRUE(st.m_modules[0].m_done);
    EXPECT_TRUE(st.m_modules[1].m_done);
    EXPECT_EQ(st.m_modules[1].m_attemptId, a);
    ASSERT_TRUE(st.m_modules[1].m_report);
    EXPECT_DOUBLE_EQ(st.m_modules[1].m_report->m_total, 8.0);
    EXPECT_FALSE(st.m_modules[2].m_done);
    EXPECT_DOUBLE_EQ(st.m_elapsed, 30.0) << "only the finished attempt of the cycle has an end";

    // Adopted, its marks are written by the first flush.
    LabProgress adopted(*m_store, st.m_record, CountingClock());
    ASSERT_TRUE(adopted.Flush().Ok());
    const LabRunRecord r = Stored(adopted.Record().m_id);
    EXPECT_TRUE(adopted.Done("intro"));
    EXPECT_TRUE(adopted.Done("drill-a"));
    EXPECT_FALSE(adopted.Done("drill-b"));
    double seconds = 0;
    int done = 0;
    for (const LabModuleMark& m : r.m_modules) {
        seconds += m.m_seconds;
        done += m.m_done ? 1 : 0;
    }
    EXPECT_EQ(done, 2);
    EXPECT_DOUBLE_EQ(seconds, 30.0);
}

TEST_F(LabStandingTest, NoLabAttemptsMeansNoRunAndAMissingLabIsAnError) {
    auto none = StandingFromAttempts(*m_store, m_trainee, [&](const std::string&) { return &m_lab; });
    ASSERT_TRUE(none.Ok());
    EXPECT_FALSE(none.Value().has_value());
    AttemptAt("drill-a", 1'000, std::nullopt);
    auto missing = StandingFromAttempts(*m_store, m_trainee, [](const std::string&) -> const Lab* { return nullptr; });
    ASSERT_FALSE(missing.Ok());
    EXPECT_EQ(missing.Error().m_message, "Your last lab ('lab-desktop') is not in the scenario library any more.");
}

} // namespace
} // namespace sl::test
