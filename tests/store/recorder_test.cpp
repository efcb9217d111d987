// SupportLab store tests: AttemptRecorder — commit per action, resume by replay, retry failed writes.
#include "store_test_util.hpp"

namespace sl::test {
namespace {

class Recorder : public ::testing::Test {
protected:
    void SetUp() override {
        m_store = OpenOrFail(m_dir.File("rec.db"));
        ASSERT_NE(m_store, nullptr);
        auto t = m_store->AddTrainee("Ana", "spring");
        ASSERT_TRUE(t.Ok());
        m_trainee = t->m_id;
    }
    Attempt Meta(std::uint64_t seed = 7) {
        Attempt a;
        a.m_traineeId = m_trainee;
        a.m_seed = seed;
        return a;
    }
    // The score of running lines straight through a Simulation, with no store involved.
    ScoreReport Direct(const std::vector<std::string>& lines, std::uint64_t seed = 7) {
        Simulation sim(m_scenario, seed);
        Play(sim, lines);
        return Score(sim);
    }

    TempDir m_dir;
    Scenario m_scenario = StoreScenario();
    std::unique_ptr<SqliteStore> m_store;
    RowId m_trainee = 0;
};

TEST_F(Recorder, EveryActionIsCommittedAsItHappens) {
    auto rec = AttemptRecorder::Start(*m_store, m_scenario, Meta(), CountingClock());
    ASSERT_TRUE(rec.Ok()) << rec.Error().m_message;
    const auto lines = FullRunLines();
    for (size_t i = 0; i < lines.size(); ++i) {
        const RecordResult r = rec->Apply(A(lines[i]));
        ASSERT_TRUE(r.m_apply.m_ok) << lines[i] << ": " << r.m_apply.m_error;
        ASSERT_FALSE(r.m_storeError.has_value());
        // Visible to another connection straight away: committed, not buffered.
        auto other = OpenOrFail(m_dir.File("rec.db"));
        ASSERT_EQ(other->Events(rec->AttemptId())->size(), i + 1);
    }
    // A refused action is not recorded and changes nothing.
    const RecordResult refused = rec->Apply(A("resolve t-os fixed"));
    EXPECT_FALSE(refused.m_apply.m_ok);
    EXPECT_EQ(m_store->Events(rec->AttemptId())->size(), lines.size());

    auto events = m_store->Events(rec->AttemptId());
    ASSERT_TRUE(events.Ok());
    const auto& log = rec->Sim().Log();
    ASSERT_EQ(log.size(), events->size());
    for (size_t i = 0; i < log.size(); ++i) {
        EXPECT_EQ(events->at(i).m_simTime, log[i].m_at);
        EXPECT_EQ(events->at(i).m_actionText, FormatAction(log[i].m_action));
        EXPECT_EQ(events->at(i).m_wallTime, 1'700'000'000'000 + 1000 * static_cast<WallTime>(i + 2)); // start took 1 tick
        ASSERT_TRUE(events->at(i).m_scoreAfter.has_value());
    }
    EXPECT_DOUBLE_EQ(*events->back().m_scoreAfter, Direct(lines).m_total);

    auto report = rec->Finish();
    ASSERT_TRUE(report.Ok()) << report.Error().m_message;
    EXPECT_TRUE(rec->Finished());
    EXPECT_FALSE(rec->Apply(A("wait 1m")).m_apply.m_ok);
    auto stored = m_store->Scores(rec->AttemptId());
    ASSERT_TRUE(stored.Ok());
    ExpectSameReport(stored.Value(), report.Value());
    ExpectSameReport(report.Value(), Direct(lines));
    auto attempt = m_store->GetAttempt(rec->AttemptId());
    EXPECT_EQ(attempt->m_scoredWithHash, "hash-common-v1");
    EXPECT_EQ(attempt->m_contentHash, "hash-common-v1");
    EXPECT_EQ(attempt->m_endSimTime, rec->Sim().Now());
}

TEST_F(Recorder, ResumeRebuildsTheStateFromTheLog) {
    const auto lines = FullRunLines();
    const size_t half = lines.size() / 2;
    RowId id = 0;
    {
        auto rec = AttemptRecorder::Start(*m_store, m_scenario, Meta(99), FixedClock());
        ASSERT_TRUE(rec.Ok());
        for (size_t i = 0; i < half; ++i) ASSERT_TRUE(rec->Apply(A(lines[i])).m_apply.m_ok);
        id = rec->AttemptId();
    } // the app closes without finishing
    m_store.reset();
    m_store = OpenOrFail(m_dir.File("rec.db"));
    auto open = m_store->UnfinishedAttempts(m_trainee);
    ASSERT_TRUE(open.Ok());
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ(open->front().m_id, id);

    auto resumed = ResumeAttempt(*m_store, m_scenario, id, FixedClock());
    ASSERT_TRUE(resumed.Ok()) << resumed.Error().m_message;
    Simulation direct(m_scenario, 99);
    Play(direct, std::vector<std::string>(lines.begin(), lines.begin() + static_cast<long>(half)));
    EXPECT_EQ(resumed->Sim().Now(), direct.Now());
    EXPECT_EQ(resumed->Sim().Log().size(), half);
    ExpectSameReport(Score(resumed->Sim()), Score(direct));
    for (size_t i = half; i < lines.size(); ++i) ASSERT_TRUE(resumed->Apply(A(lines[i])).m_apply.m_ok);
    auto report = resumed->Finish();
    ASSERT_TRUE(report.Ok());
    ExpectSameReport(report.Value(), Direct(lines, 99));
    EXPECT_EQ(m_store->Events(id)->size(), lines.size());
    EXPECT_TRUE(m_store->UnfinishedAttempts(m_trainee)->empty());
}

TEST_F(Recorder, ResumeIsRefusedWhenItCannotBeExact) {
    auto rec = AttemptRecorder::Start(*m_store, m_scenario, Meta(), FixedClock());
    ASSERT_TRUE(rec.Ok());
    ASSERT_TRUE(rec->Apply(A("ack t-os")).m_apply.m_ok);
    const RowId id = rec->AttemptId();

    Scenario changed = m_scenario;
    changed.m_contentHash = "hash-common-v2";
    auto r = ResumeAttempt(*m_store, changed, id, FixedClock());
    ASSERT_FALSE(r.Ok());
    EXPECT_EQ(r.Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_NE(r.Error().m_message.find("has changed"), std::string::npos);
    Scenario other = MakeDrillScenario();
    EXPECT_EQ(ResumeAttempt(*m_store, other, id, FixedClock()).Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_EQ(ResumeAttempt(*m_store, m_scenario, 4242, FixedClock()).Error().m_kind, StoreErrorKind::NotFound);

    ASSERT_TRUE(rec->Finish().Ok());
    EXPECT_EQ(ResumeAttempt(*m_store, m_scenario, id, FixedClock()).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(rec->Finish().Error().m_kind, StoreErrorKind::Constraint);
}

TEST_F(Recorder, ALogThatNoLongerAppliesIsReportedNotCrashed) {
    auto rec = AttemptRecorder::Start(*m_store, m_scenario, Meta(), FixedClock());
    ASSERT_TRUE(rec.Ok());
    const RowId id = rec->AttemptId();
    // Written by hand: the ticket does not exist in this scenario; the second line does not parse.
    ASSERT_TRUE(m_store->AppendEvent(Event{id, 0, 0, 0, "ack no-such-ticket", {}}).Ok());
    auto r = ResumeAttempt(*m_store, m_scenario, id, FixedClock());
    ASSERT_FALSE(r.Ok());
    EXPECT_EQ(r.Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_NE(r.Error().m_message.find("no longer applies"), std::string::npos) << r.Error().m_message;

    std::vector<Event> garbage = {Event{id, 0, 0, 0, "fly-to-the-moon now", {}}};
    auto g = ReplayEvents(m_scenario, 7, garbage, std::nullopt, nullptr);
    ASSERT_FALSE(g.Ok());
    EXPECT_NE(g.Error().m_message.find("does not parse"), std::string::npos);
}

TEST_F(Recorder, DiskFullWritesAreQueuedAndRetriedNotLost) {
    auto rec = AttemptRecorder::Start(*m_store, m_scenario, Meta(), FixedClock());
    ASSERT_TRUE(rec.Ok());
    ASSERT_TRUE(rec->Apply(A("ack t-os")).m_apply.m_ok);
    sqlite3* db = m_store->Handle();
    // Cap the file at its current size: the next page the event log needs cannot be allocated.
    const std::int64_t pages = RawInt(db, "PRAGMA page_count");
    ASSERT_EQ(RawInt(db, "PRAGMA max_page_count = " + std::to_string(pages)), pages);

    size_t applied = 1;
    std::optional<StoreError> firstError;
    for (int i = 0; i < 2000 && !firstError; ++i) {
        const RecordResult r = rec->Apply(A("wait 1s"));
        ASSERT_TRUE(r.m_apply.m_ok);
        ++applied;
        firstError = r.m_storeError;
    }
    ASSERT_TRUE(firstError.has_value()) << "the capped database never filled up";
    EXPECT_EQ(firstError->m_kind, StoreErrorKind::DiskFull);
    EXPECT_NE(firstError->m_message.find("disk is full"), std::string::npos) << firstError->m_message;
    // The trainee keeps working: state advances in memory, writes queue up in order.
    for (int i = 0; i < 5; ++i) {
        const RecordResult r = rec->Apply(A("wait 1s"));
        ASSERT_TRUE(r.m_apply.m_ok);
        ASSERT_TRUE(r.m_storeError.has_value());
        ++applied;
    }
    EXPECT_EQ(rec->PendingWrites(), 6u);
    EXPECT_EQ(rec->Sim().Log().size(), applied);
    EXPECT_FALSE(rec->Finish().Ok()); // cannot finish while writes are pending
    EXPECT_FALSE(rec->Finished());

    // Space comes back: everything is written, in order, and the attempt finishes.
    RawInt(db, "PRAGMA max_page_count = 1000000");
    ASSERT_TRUE(rec->Flush().Ok());
    EXPECT_EQ(rec->PendingWrites(), 0u);
    auto events = m_store->Events(rec->AttemptId());
    ASSERT_TRUE(events.Ok());
    ASSERT_EQ(events->size(), applied);
    for (size_t i = 0; i < applied; ++i) EXPECT_EQ(events->at(i).m_seq, static_cast<std::int64_t>(i));
    ASSERT_TRUE(rec->Finish().Ok());
}

TEST_F(Recorder, BusyWritesAreRetriedOnTheNextAction) {
    SqliteOpenOptions quick;
    quick.m_busyTimeoutMs = 30;
    auto store = OpenOrFail(m_dir.File("rec.db"), quick);
    auto rec = AttemptRecorder::Start(*store, m_scenario, Meta(), FixedClock());
    ASSERT_TRUE(rec.Ok());
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(m_dir.File("rec.db").c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    RecordResult r = rec->Apply(A("ack t-os"));
    ASSERT_TRUE(r.m_apply.m_ok);
    ASSERT_TRUE(r.m_storeError.has_value());
    EXPECT_EQ(r.m_storeError->m_kind, StoreErrorKind::Busy);
    EXPECT_EQ(rec->PendingWrites(), 1u);
    ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    r = rec->Apply(A("ask t-os since")); // retries the queued write first
    EXPECT_FALSE(r.m_storeError.has_value());
    EXPECT_EQ(rec->PendingWrites(), 0u);
    auto events = store->Events(rec->AttemptId());
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ(events->at(0).m_actionText, "ack t-os");
    EXPECT_EQ(events->at(1).m_actionText, "ask t-os since");
}

TEST_F(Recorder, ScriptedAttemptForPlay) {
    const auto lines = FullRunLines();
    ScriptedAttemptOptions o;
    o.m_traineeName = "Ben";
    o.m_cohort = "autumn";
    o.m_seed = 7;
    o.m_labId = "lab-a";
    auto r = RecordScriptedAttempt(*m_store, m_scenario, Actions(lines), o, FixedClock());
    ASSERT_TRUE(r.Ok()) << r.Error().m_message;
    EXPECT_FALSE(r->m_failedIndex.has_value());
    ExpectSameReport(r->m_report, Direct(lines));
    auto ben = m_store->FindTrainee("Ben");
    ASSERT_TRUE(ben.Ok());
    EXPECT_EQ(ben->m_cohort, "autumn");
    auto attempt = m_store->GetAttempt(r->m_attemptId);
    EXPECT_TRUE(attempt->m_finished);
    EXPECT_EQ(attempt->m_labId, "lab-a");
    EXPECT_EQ(attempt->m_eventCount, static_cast<std::int64_t>(lines.size()));

    // The same trainee again; a refused action stops the script and leaves the attempt open.
    auto bad = RecordScriptedAttempt(*m_store, m_scenario, Actions({"ack t-os", "resolve t-nope fixed", "ack t-hw"}), o,
                                     FixedClock());
    ASSERT_TRUE(bad.Ok());
    EXPECT_EQ(bad->m_failedIndex, 1u);
    EXPECT_FALSE(bad->m_failedMessage.empty());
    EXPECT_EQ(m_store->Events(bad->m_attemptId)->size(), 1u);
    EXPECT_EQ(m_store->UnfinishedAttempts(ben->m_id)->size(), 1u);
    o.m_traineeName.clear();
    EXPECT_EQ(RecordScriptedAttempt(*m_store, m_scenario, {}, o, FixedClock()).Error().m_kind, StoreErrorKind::Invalid);
}

TEST_F(Recorder, ReplayWithEndTimeReproducesTheFinishedScore) {
    auto rec = AttemptRecorder::Start(*m_store, m_scenario, Meta(), FixedClock());
    ASSERT_TRUE(rec.Ok());
    ASSERT_TRUE(rec->Apply(A("ack t-os")).m_apply.m_ok);
    rec->AdvanceTo(20 * 3600); // the clock runs on past every SLA before the trainee stops
    auto report = rec->Finish();
    ASSERT_TRUE(report.Ok());
    auto events = m_store->Events(rec->AttemptId());
    ReplayTrace trace;
    auto replayed = ReplayEvents(m_scenario, 7, events.Value(), 20 * 3600, &trace);
    ASSERT_TRUE(replayed.Ok());
    ExpectSameReport(replayed.Value(), report.Value());
    ASSERT_EQ(trace.m_scoresAfter.size(), 1u);
    EXPECT_DOUBLE_EQ(trace.m_scoresAfter[0], *events->at(0).m_scoreAfter);
    EXPECT_EQ(trace.m_startScore, m_store->GetAttempt(rec->AttemptId())->m_startScore);
    EXPECT_DOUBLE_EQ(trace.m_startScore, Score(Simulation(m_scenario, 7)).m_total);
}

TEST_F(Recorder, RescoreUsesTheCurrentScenarioAndRecordsItsHash) {
    const auto lines = FullRunLines();
    ScriptedAttemptOptions o;
    o.m_traineeName = "Ana";
    o.m_seed = 7;
    auto played = RecordScriptedAttempt(*m_store, m_scenario, Actions(lines), o, FixedClock());
    ASSERT_TRUE(played.Ok());
    const RowId id = played->m_attemptId;

    // The author doubles routing points: the stored attempt is re-scored from its log.
    Scenario v2 = m_scenario;
    v2.m_contentHash = "hash-common-v2";
    v2.m_weights.m_routing = 20.0;
    for (auto& t : v2.m_tickets) t.m_weights.reset();
    auto rescored = RescoreAttempt(*m_store, v2, id);
    ASSERT_TRUE(rescored.Ok()) << rescored.Error().m_message;
    Simulation direct(v2, 7);
    Play(direct, lines);
    const ScoreReport expected = Score(direct);
    EXPECT_GT(expected.m_max, played->m_report.m_max); // the change mattered
    ExpectSameReport(rescored.Value(), expected);
    auto stored = m_store->Scores(id);
    ASSERT_TRUE(stored.Ok());
    ExpectSameReport(stored.Value(), expected);
    auto attempt = m_store->GetAttempt(id);
    EXPECT_EQ(attempt->m_scoredWithHash, "hash-common-v2");
    EXPECT_EQ(attempt->m_contentHash, "hash-common-v1");
    EXPECT_DOUBLE_EQ(attempt->m_score.value_or(-1), expected.m_total);
    EXPECT_DOUBLE_EQ(m_store->Events(id)->back().m_scoreAfter.value_or(-1), expected.m_total);

    // A scenario whose log no longer applies leaves the stored scores as they were.
    Scenario broken = v2;
    broken.m_contentHash = "hash-common-v3";
    broken.m_tickets.pop_back();
    auto refused = RescoreAttempt(*m_store, broken, id);
    ASSERT_FALSE(refused.Ok());
    EXPECT_EQ(refused.Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_EQ(m_store->GetAttempt(id)->m_scoredWithHash, "hash-common-v2");
    EXPECT_EQ(RescoreAttempt(*m_store, MakeDrillScenario(), id).Error().m_kind, StoreErrorKind::Invalid);
}

} // namespace
} // namespace sl::test
