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

} // namespace
} // namespace sl::test
