// SupportLab store tests: the conformance suite every Store implementation must pass.
#include "store_test_util.hpp"

#ifdef SUPPORTLAB_CONFORMANCE_PG
#include "pg_cluster.hpp"
#include "store/pg_store.hpp"
#endif

#include <functional>
#include <limits>

namespace sl::test {
namespace {

// How to open an implementation in a folder; a reopening variant closes and reopens the store at
// every Reopen() so each check also proves the data was durably written.
struct StoreFactory {
    const char* m_name;
    std::function<std::unique_ptr<Store>(const std::string& dir)> m_open;
    bool m_reopens;
};

// Test names show the implementation, not the parameter's bytes.
void PrintTo(const StoreFactory& f, std::ostream* os) { *os << f.m_name; }

[[maybe_unused]] std::unique_ptr<Store> OpenSqlite(const std::string& dir) {
    auto r = OpenStore(dir + "/conformance.db");
    EXPECT_TRUE(r.Ok()) << (r.Ok() ? "" : r.Error().m_message);
    return r.Ok() ? std::move(r.Value()) : nullptr;
}

#ifdef SUPPORTLAB_CONFORMANCE_PG
// A fresh database of the throwaway cluster per test folder; reopening connects to it again.
std::unique_ptr<Store> OpenPg(const std::string& dir) {
    std::string error;
    const std::string conninfo = PgConninfoForDir(dir, &error);
    if (conninfo.empty()) {
        ADD_FAILURE() << error;
        return nullptr;
    }
    auto r = PgStore::Open(conninfo);
    EXPECT_TRUE(r.Ok()) << (r.Ok() ? "" : r.Error().m_message);
    return r.Ok() ? std::move(r.Value()) : nullptr;
}
#endif

// store_tests runs the suite on SQLite; store_pg_tests (labelled pg) compiles this file again with
// SUPPORTLAB_CONFORMANCE_PG and runs it on PostgreSQL.
const StoreFactory kFactories[] = {
#ifdef SUPPORTLAB_CONFORMANCE_PG
    {"postgresql", OpenPg, false},
    {"postgresql_reopening", OpenPg, true},
#else
    {"sqlite", OpenSqlite, false},
    {"sqlite_reopening", OpenSqlite, true},
#endif
};

ScoreReport HandReport() {
    ScoreReport r;
    r.m_scenarioId = "common-test";
    r.m_contentHash = "hash-common-v1";
    r.m_seed = 7;
    r.m_endTime = 3600;
    ItemScore q;
    q.m_itemId = "q1";
    q.m_kind = ItemKind::Question;
    q.m_title = "Who is the \"first\" contact?";
    q.m_dimensions = {{Dimension::Knowledge, 1.5, 2.0}, {Dimension::Hints, -0.5, 0.0}};
    q.m_deductions = {{Dimension::Knowledge, 0.5, "partly right"}, {Dimension::Hints, 0.5, "hint 0 taken"}};
    q.m_score = 1.0;
    q.m_max = 2.0;
    q.m_given = "t1, t2";
    q.m_expected = "t1";
    q.m_explanation = "Tier 1 first, ünïcødé too.";
    ItemScore t;
    t.m_itemId = "t-os";
    t.m_kind = ItemKind::Ticket;
    t.m_title = "Laptop restarts";
    t.m_dimensions = {{Dimension::Triage, 10.0, 10.0}, {Dimension::Routing, 6.0, 10.0}, {Dimension::Sla, 5.0, 5.0}};
    t.m_deductions = {{Dimension::Routing, 4.0, "acceptable route, not the best"}};
    t.m_score = 21.0;
    t.m_max = 25.0;
    r.m_items = {q, t};
    for (int k = 0; k < kDimensionCount; ++k) r.m_byDimension[k].m_dimension = static_cast<Dimension>(k);
    r.m_byDimension[static_cast<int>(Dimension::Knowledge)] = {Dimension::Knowledge, 1.5, 2.0};
    r.m_byDimension[static_cast<int>(Dimension::Triage)] = {Dimension::Triage, 10.0, 10.0};
    r.m_byDimension[static_cast<int>(Dimension::Routing)] = {Dimension::Routing, 6.0, 10.0};
    r.m_byDimension[static_cast<int>(Dimension::Sla)] = {Dimension::Sla, 5.0, 5.0};
    r.m_byDimension[static_cast<int>(Dimension::Hints)] = {Dimension::Hints, -0.5, 0.0};
    r.m_total = 22.0;
    r.m_max = 27.0;
    return r;
}


class StoreConformance : public ::testing::TestWithParam<StoreFactory> {
protected:
    void SetUp() override {
        m_store = GetParam().m_open(m_dir.Path());
        ASSERT_NE(m_store, nullptr);
    }
    Store& S() { return *m_store; }
    void Reopen() {
        if (!GetParam().m_reopens) return;
        m_store.reset();
        m_store = GetParam().m_open(m_dir.Path());
        ASSERT_NE(m_store, nullptr);
    }
    RowId NewTrainee(const std::string& name, const std::string& cohort = "") {
        auto t = S().AddTrainee(name, cohort);
        EXPECT_TRUE(t.Ok()) << (t.Ok() ? "" : t.Error().m_message);
        return t.Ok() ? t->m_id : 0;
    }
    StoreResult<LabSession> NewSession(const std::string& lab, const std::string& cohort) {
        LabSession ls;
        ls.m_labId = lab;
        ls.m_cohort = cohort;
        ls.m_trainer = "T";
        ls.m_startedWall = 500;
        return S().StartLabSession(ls);
    }
    RowId NewAttempt(RowId trainee, const std::string& scenario = "common-test", std::optional<std::string> lab = {}) {
        Attempt a;
        a.m_traineeId = trainee;
        a.m_scenarioId = scenario;
        a.m_contentHash = "hash-" + scenario;
        a.m_seed = 7;
        a.m_startedWall = 1000;
        a.m_startScore = 2.5;
        a.m_labId = std::move(lab);
        auto r = S().StartAttempt(a);
        EXPECT_TRUE(r.Ok()) << (r.Ok() ? "" : r.Error().m_message);
        return r.Ok() ? r->m_id : 0;
    }
    void Append(RowId attempt, std::int64_t seq, const std::string& text, SimTime sim = 0) {
        auto st = S().AppendEvent(Event{attempt, seq, sim, 5000 + seq, text, std::nullopt});
        EXPECT_TRUE(st.Ok()) << (st.Ok() ? "" : st.Error().m_message);
    }

    TempDir m_dir;
    std::unique_ptr<Store> m_store;
};

TEST_P(StoreConformance, CohortsAndTrainees) {
    const RowId ana = NewTrainee("Ana", "spring");
    NewTrainee("Ben", "spring");
    NewTrainee("Cleo");
    ASSERT_TRUE(S().AddCohort("autumn").Ok());
    Reopen();
    auto cohorts = S().Cohorts();
    ASSERT_TRUE(cohorts.Ok());
    EXPECT_EQ(cohorts.Value(), (std::vector<std::string>{"autumn", "spring"}));

    auto spring = S().Trainees(std::string("spring"));
    ASSERT_TRUE(spring.Ok());
    ASSERT_EQ(spring->size(), 2u);
    EXPECT_EQ(spring->at(0).m_name, "Ana");
    EXPECT_EQ(spring->at(1).m_name, "Ben");
    auto none = S().Trainees(std::string(""));
    ASSERT_TRUE(none.Ok());
    ASSERT_EQ(none->size(), 1u);
    EXPECT_EQ(none->at(0).m_name, "Cleo");
    auto all = S().Trainees(std::nullopt);
    ASSERT_TRUE(all.Ok());
    EXPECT_EQ(all->size(), 3u);

    auto found = S().FindTrainee("Ana");
    ASSERT_TRUE(found.Ok());
    EXPECT_EQ(found->m_id, ana);
    EXPECT_EQ(found->m_cohort, "spring");
    auto missing = S().FindTrainee("Nobody");
    ASSERT_FALSE(missing.Ok());
    EXPECT_EQ(missing.Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_EQ(S().GetTrainee(9999).Error().m_kind, StoreErrorKind::NotFound);

    auto dup = S().AddTrainee("Ana", "");
    ASSERT_FALSE(dup.Ok());
    EXPECT_EQ(dup.Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(S().AddTrainee("", "x").Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_EQ(S().AddCohort("spring").Error().m_kind, StoreErrorKind::Constraint);

    // Move Ana to autumn, rename autumn, and check deleting a non-empty cohort is refused.
    ASSERT_TRUE(S().UpdateTrainee(Trainee{ana, "Ana S.", "autumn"}).Ok());
    ASSERT_TRUE(S().RenameCohort("autumn", "fall").Ok());
    Reopen();
    auto moved = S().GetTrainee(ana);
    ASSERT_TRUE(moved.Ok());
    EXPECT_EQ(moved->m_name, "Ana S.");
    EXPECT_EQ(moved->m_cohort, "fall");
    EXPECT_EQ(S().DeleteCohort("fall").Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(S().RenameCohort("nope", "x").Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_EQ(S().UpdateTrainee(Trainee{4242, "X", ""}).Error().m_kind, StoreErrorKind::NotFound);

    // A trainee without attempts may be deleted; one with attempts may not.
    const RowId cleo = S().FindTrainee("Cleo")->m_id;
    ASSERT_TRUE(S().DeleteTrainee(cleo).Ok());
    EXPECT_EQ(S().DeleteTrainee(cleo).Error().m_kind, StoreErrorKind::NotFound);
    NewAttempt(ana);
    auto refused = S().DeleteTrainee(ana);
    ASSERT_FALSE(refused.Ok());
    EXPECT_EQ(refused.Error().m_kind, StoreErrorKind::Constraint);
    ASSERT_TRUE(S().UpdateTrainee(Trainee{S().FindTrainee("Ben")->m_id, "Ben", ""}).Ok());
    ASSERT_TRUE(S().UpdateTrainee(Trainee{ana, "Ana S.", ""}).Ok());
    EXPECT_TRUE(S().DeleteCohort("fall").Ok());
}

TEST_P(StoreConformance, LabsAndSessions) {
    ASSERT_TRUE(S().PutLab(LabInfo{"lab-a", "Lab A", 70.0}).Ok());
    ASSERT_TRUE(S().PutLab(LabInfo{"lab-b", "Lab B", 50.0}).Ok());
    ASSERT_TRUE(S().PutLab(LabInfo{"lab-a", "Lab A v2", 80.0}).Ok());
    EXPECT_EQ(S().PutLab(LabInfo{"lab-c", "C", 120.0}).Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_EQ(S().PutLab(LabInfo{"", "C", 50.0}).Error().m_kind, StoreErrorKind::Invalid);
    auto s = S().StartLabSession(LabSession{0, "lab-a", "spring", "Trainer T", 123, std::nullopt});
    ASSERT_TRUE(s.Ok());
    EXPECT_GT(s->m_id, 0);
    Reopen();
    auto labs = S().Labs();
    ASSERT_TRUE(labs.Ok());
    ASSERT_EQ(labs->size(), 2u);
    EXPECT_EQ(labs->at(0).m_title, "Lab A v2");
    EXPECT_DOUBLE_EQ(labs->at(0).m_passThreshold, 80.0);
    auto sessions = S().LabSessions();
    ASSERT_TRUE(sessions.Ok());
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_EQ(sessions->at(0).m_labId, "lab-a");
    EXPECT_EQ(sessions->at(0).m_cohort, "spring");
    EXPECT_EQ(sessions->at(0).m_trainer, "Trainer T");
    EXPECT_EQ(sessions->at(0).m_startedWall, 123);
}

TEST_P(StoreConformance, AttemptLifecycleAndEventLog) {
    const RowId ana = NewTrainee("Ana");
    Attempt in;
    in.m_traineeId = ana;
    in.m_labId = "lab-a";
    in.m_moduleId = "m2";
    in.m_scenarioId = "common-test";
    in.m_contentHash = "abc123";
    in.m_formatVersion = 1;
    in.m_seed = std::numeric_limits<std::uint64_t>::max() - 5; // above INT64_MAX: must round-trip
    in.m_startedWall = 1'700'000'000'000;
    auto started = S().StartAttempt(in);
    ASSERT_TRUE(started.Ok()) << started.Error().m_message;
    const RowId id = started->m_id;

    Append(id, 0, "ack t-os", 0);
    Append(id, 1, "escalate t-os tier2 \"note with \\\"quotes\\\" and ünïcode\"", 60);
    // Out of order and gaps are refused; an exact retry of a committed write is accepted.
    EXPECT_EQ(S().AppendEvent(Event{id, 5, 0, 0, "ack t-os", {}}).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_TRUE(S().AppendEvent(Event{id, 1, 60, 5001, "escalate t-os tier2 \"note with \\\"quotes\\\" and ünïcode\"", {}}).Ok());
    EXPECT_EQ(S().AppendEvent(Event{id, 1, 60, 5001, "something else", {}}).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_FALSE(S().AppendEvent(Event{id + 100, 0, 0, 0, "ack t-os", {}}).Ok());
    Append(id, 2, "wait 5m", 240);
    Reopen();

    auto unfinished = S().UnfinishedAttempts(ana);
    ASSERT_TRUE(unfinished.Ok());
    ASSERT_EQ(unfinished->size(), 1u);
    const Attempt& u = unfinished->front();
    EXPECT_EQ(u.m_id, id);
    EXPECT_EQ(u.m_seed, in.m_seed);
    EXPECT_EQ(u.m_labId, in.m_labId);
    EXPECT_EQ(u.m_moduleId, in.m_moduleId);
    EXPECT_FALSE(u.m_sessionId.has_value());
    EXPECT_EQ(u.m_contentHash, "abc123");
    EXPECT_EQ(u.m_startedWall, in.m_startedWall);
    EXPECT_FALSE(u.m_finished);
    EXPECT_EQ(u.m_eventCount, 3);
    EXPECT_FALSE(u.m_startScore.has_value());
    EXPECT_EQ(u.m_lastWall, 5002);
    EXPECT_FALSE(u.m_score.has_value());

    auto events = S().Events(id);
    ASSERT_TRUE(events.Ok());
    ASSERT_EQ(events->size(), 3u);
    EXPECT_EQ(events->at(1).m_actionText, "escalate t-os tier2 \"note with \\\"quotes\\\" and ünïcode\"");
    EXPECT_EQ(events->at(1).m_simTime, 60);
    EXPECT_EQ(events->at(2).m_seq, 2);
    EXPECT_EQ(events->at(2).m_wallTime, 5002);
    EXPECT_EQ(S().Scores(id).Error().m_kind, StoreErrorKind::NotFound); // not finished yet

    const ScoreReport report = HandReport();
    ASSERT_TRUE(S().FinishAttempt(id, report, 1'700'000'360'000, 3600).Ok());
    Reopen();
    EXPECT_EQ(S().FinishAttempt(id, report, 1, 1).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(S().AppendEvent(Event{id, 3, 0, 0, "ack t-os", {}}).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(S().FinishAttempt(9999, report, 1, 1).Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_TRUE(S().UnfinishedAttempts(ana)->empty());

    auto done = S().GetAttempt(id);
    ASSERT_TRUE(done.Ok());
    EXPECT_TRUE(done->m_finished);
    EXPECT_EQ(done->m_endedWall, 1'700'000'360'000);
    EXPECT_EQ(done->m_endSimTime, 3600);
    EXPECT_EQ(done->m_scoredWithHash, "hash-common-v1");
    EXPECT_DOUBLE_EQ(done->m_score.value_or(-1), 22.0);
    EXPECT_DOUBLE_EQ(done->m_max.value_or(-1), 27.0);

    auto scores = S().Scores(id);
    ASSERT_TRUE(scores.Ok()) << scores.Error().m_message;
    ScoreReport expected = report;
    expected.m_seed = in.m_seed; // the stored report carries the attempt's seed and end time
    ExpectSameReport(scores.Value(), expected);
}

TEST_P(StoreConformance, StartAttemptNeedsAKnownTrainee) {
    Attempt a;
    a.m_traineeId = 777;
    a.m_scenarioId = "x";
    auto r = S().StartAttempt(a);
    ASSERT_FALSE(r.Ok());
    EXPECT_EQ(r.Error().m_kind, StoreErrorKind::Constraint);
    a.m_scenarioId.clear();
    EXPECT_EQ(S().StartAttempt(a).Error().m_kind, StoreErrorKind::Invalid);
}

TEST_P(StoreConformance, ReportRowsAndFilters) {
    const RowId ana = NewTrainee("Ana", "spring");
    const RowId ben = NewTrainee("Ben", "autumn");
    const RowId a1 = NewAttempt(ana, "common-test", "lab-a");
    const RowId a2 = NewAttempt(ana, "common-test", "lab-a");
    const RowId b1 = NewAttempt(ben, "common-test");
    const RowId b2 = NewAttempt(ben, "other");
    const RowId openOne = NewAttempt(ben, "common-test");
    ScoreReport r = HandReport();
    ASSERT_TRUE(S().FinishAttempt(a2, r, 2, 2).Ok()); // a2 finished before a1: "first" is by id
    ASSERT_TRUE(S().FinishAttempt(a1, r, 3, 3).Ok());
    ASSERT_TRUE(S().FinishAttempt(b1, r, 4, 4).Ok());
    r.m_scenarioId = "other";
    ASSERT_TRUE(S().FinishAttempt(b2, r, 5, 5).Ok());
    Reopen();

    auto ids = [&](const AttemptFilter& f) {
        std::vector<RowId> out;
        auto r = S().Attempts(f);
        EXPECT_TRUE(r.Ok());
        if (r.Ok())
            for (const auto& a : r.Value()) out.push_back(a.m_id);
        return out;
    };
    EXPECT_EQ(ids({}), (std::vector<RowId>{a1, a2, b1, b2, openOne}));
    AttemptFilter f;
    f.m_cohort = "spring";
    EXPECT_EQ(ids(f), (std::vector<RowId>{a1, a2}));
    f = {};
    f.m_labId = "lab-a";
    EXPECT_EQ(ids(f), (std::vector<RowId>{a1, a2}));
    f = {};
    f.m_scenarioId = "common-test";
    f.m_finishedOnly = true;
    EXPECT_EQ(ids(f), (std::vector<RowId>{a1, a2, b1}));
    f = {};
    f.m_firstFinishedOnly = true;
    EXPECT_EQ(ids(f), (std::vector<RowId>{a1, b1, b2}));
    f = {};
    f.m_traineeId = ben;
    EXPECT_EQ(ids(f), (std::vector<RowId>{b1, b2, openOne}));
    f = {};
    f.m_attemptId = b2;
    EXPECT_EQ(ids(f), (std::vector<RowId>{b2}));
    f = {};
    f.m_attemptIds = std::vector<RowId>{b2, a1, 9999};
    EXPECT_EQ(ids(f), (std::vector<RowId>{a1, b2}));
    EXPECT_EQ(S().AttemptDimensions(f)->size(), 10u);
    f.m_attemptIds->clear();
    EXPECT_TRUE(ids(f).empty());


    AttemptFilter one;
    one.m_attemptId = a1;
    auto items = S().ItemScores(one);
    ASSERT_TRUE(items.Ok());
    ASSERT_EQ(items->size(), 2u);
    EXPECT_EQ(items->at(0).m_itemId, "q1");
    EXPECT_EQ(items->at(0).m_kind, ItemKind::Question);
    EXPECT_EQ(items->at(0).m_title, "Who is the \"first\" contact?");
    EXPECT_DOUBLE_EQ(items->at(1).m_score, 21.0);
    EXPECT_DOUBLE_EQ(items->at(1).m_max, 25.0);
    EXPECT_EQ(S().ItemScores({})->size(), 8u); // 4 finished attempts x 2 items

    auto dims = S().DimensionScores(one);
    ASSERT_TRUE(dims.Ok());
    ASSERT_EQ(dims->size(), 5u); // q1: knowledge, hints; t-os: triage, routing, sla
    int hintRows = 0;
    EXPECT_EQ(items->at(0).m_itemIndex, 0);
    EXPECT_EQ(items->at(1).m_itemIndex, 1);
    for (const auto& d : dims.Value()) {
        if (d.m_dimension == Dimension::Hints) {
            ++hintRows;
            EXPECT_EQ(d.m_itemIndex, 0); // q1
        }
        if (d.m_dimension == Dimension::Routing) {
            EXPECT_EQ(d.m_itemIndex, 1); // t-os
            EXPECT_DOUBLE_EQ(d.m_score, 6.0);
        }
    }
    EXPECT_EQ(hintRows, 1);
    // A filter of attempt ids alone reads the score tables without the attempts (PostgreSQL):
    // the same rows, in the same order.
    AttemptFilter byIds;
    byIds.m_attemptIds = std::vector<RowId>{a1};
    auto sameDims = S().DimensionScores(byIds);
    ASSERT_TRUE(sameDims.Ok());
    ASSERT_EQ(sameDims->size(), dims->size());
    for (size_t i = 0; i < dims->size(); ++i) {
        EXPECT_EQ(sameDims->at(i).m_itemIndex, dims->at(i).m_itemIndex);
        EXPECT_EQ(sameDims->at(i).m_dimension, dims->at(i).m_dimension);
        EXPECT_DOUBLE_EQ(sameDims->at(i).m_score, dims->at(i).m_score);
    }
    auto sameItems = S().ItemScores(byIds);
    ASSERT_TRUE(sameItems.Ok());
    ASSERT_EQ(sameItems->size(), items->size());
    EXPECT_EQ(sameItems->at(1).m_itemId, items->at(1).m_itemId);

    auto totals = S().AttemptDimensions(one);
    ASSERT_TRUE(totals.Ok());
    ASSERT_EQ(totals->size(), 5u);
    for (const auto& d : totals.Value()) {
        EXPECT_EQ(d.m_attemptId, a1);
        EXPECT_EQ(d.m_itemCount, 1) << ToString(d.m_dimension);
        switch (d.m_dimension) {
        case Dimension::Sla: EXPECT_EQ(d.m_fullCount, 1); break;
        case Dimension::Triage: EXPECT_EQ(d.m_fullCount, 1); break;
        case Dimension::Routing: EXPECT_EQ(d.m_fullCount, 0); break;
        case Dimension::Knowledge: EXPECT_EQ(d.m_fullCount, 0); break;
        case Dimension::Hints:
            EXPECT_EQ(d.m_deductionCount, 1);
            EXPECT_DOUBLE_EQ(d.m_deductedPoints, 0.5);
            EXPECT_DOUBLE_EQ(d.m_score, -0.5);
            break;
        default: ADD_FAILURE() << "unexpected dimension " << ToString(d.m_dimension);
        }
    }
    AttemptFilter spring;
    spring.m_cohort = "spring";
    EXPECT_EQ(S().AttemptDimensions(spring)->size(), 10u);

    // Self-practice left out: only attempts made in a lab session, and "first" among those.
    auto session = S().StartLabSession(LabSession{0, "lab-a", "autumn", "Trainer T", 500, std::nullopt});
    ASSERT_TRUE(session.Ok());
    Attempt inSession;
    inSession.m_traineeId = ben;
    inSession.m_sessionId = session->m_id;
    inSession.m_scenarioId = "common-test";
    inSession.m_contentHash = "hash-common-test";
    inSession.m_startedWall = 2000;
    auto b3 = S().StartAttempt(inSession);
    ASSERT_TRUE(b3.Ok());
    r.m_scenarioId = "common-test";
    ASSERT_TRUE(S().FinishAttempt(b3->m_id, r, 6, 6).Ok());
    f = {};
    f.m_inSessionsOnly = true;
    EXPECT_EQ(ids(f), (std::vector<RowId>{b3->m_id}));
    f.m_firstFinishedOnly = true;
    EXPECT_EQ(ids(f), (std::vector<RowId>{b3->m_id})) << "b1 was Ben's first, but as self-practice";
    EXPECT_EQ(S().AttemptDimensions(f)->size(), 5u);
}

TEST_P(StoreConformance, ReplaceScoresRecordsTheNewHash) {
    const RowId ana = NewTrainee("Ana");
    const RowId id = NewAttempt(ana);
    Append(id, 0, "ack t-os");
    Append(id, 1, "wait 1m", 60);
    EXPECT_EQ(S().ReplaceScores(id, HandReport(), {}, std::nullopt).Error().m_kind, StoreErrorKind::Constraint);
    ASSERT_TRUE(S().FinishAttempt(id, HandReport(), 10, 120).Ok());

    ScoreReport changed = HandReport();
    changed.m_contentHash = "hash-common-v2";
    changed.m_items.pop_back();
    changed.m_total = 1.0;
    changed.m_max = 2.0;
    EXPECT_EQ(S().ReplaceScores(id, changed, {1.0}, std::nullopt).Error().m_kind, StoreErrorKind::Invalid);
    ASSERT_TRUE(S().ReplaceScores(id, changed, {0.5, 1.0}, 0.25).Ok());
    Reopen();
    auto a = S().GetAttempt(id);
    ASSERT_TRUE(a.Ok());
    EXPECT_EQ(a->m_scoredWithHash, "hash-common-v2");
    EXPECT_EQ(a->m_contentHash, "hash-common-test"); // the hash it was played against is kept
    EXPECT_DOUBLE_EQ(*a->m_score, 1.0);
    EXPECT_EQ(a->m_startScore, 0.25);
    auto scores = S().Scores(id);
    ASSERT_TRUE(scores.Ok());
    ASSERT_EQ(scores->m_items.size(), 1u);
    EXPECT_EQ(scores->m_contentHash, "hash-common-v2");
    auto events = S().Events(id);
    ASSERT_TRUE(events.Ok());
    EXPECT_EQ(events->at(0).m_scoreAfter, 0.5);
    EXPECT_EQ(events->at(1).m_scoreAfter, 1.0);
    AttemptFilter f;
    f.m_attemptId = id;
    EXPECT_EQ(S().DimensionScores(f)->size(), 2u); // old ticket rows are gone
}

TEST_P(StoreConformance, LabRunsKeepModuleMarksThatNeverGoBack) {
    const RowId ana = NewTrainee("Ana", "spring");
    const RowId ben = NewTrainee("Ben", "spring");
    auto session = NewSession("lab-desktop", "spring");
    ASSERT_TRUE(session.Ok());
    EXPECT_EQ(S().LabRunCount(ana).Value(), 0);

    LabRunRecord in;
    in.m_traineeId = ana;
    in.m_labId = "lab-desktop";
    in.m_sessionId = session->m_id;
    in.m_startedWall = 1000;
    auto run = S().StartLabRun(in);
    ASSERT_TRUE(run.Ok()) << run.Error().m_message;
    EXPECT_GT(run->m_id, 0);
    EXPECT_FALSE(run->m_finished);
    LabRunRecord solo = in;
    solo.m_sessionId.reset();
    solo.m_traineeId = ben;
    ASSERT_TRUE(S().StartLabRun(solo).Ok());

    ASSERT_TRUE(S().PutLabModuleMark(run->m_id, LabModuleMark{"intro", true, 75.5, 2000}).Ok());
    ASSERT_TRUE(S().PutLabModuleMark(run->m_id, LabModuleMark{"review", false, 30.0, 2100}).Ok());
    // A late retry of an older mark never undoes a newer one.
    ASSERT_TRUE(S().PutLabModuleMark(run->m_id, LabModuleMark{"intro", false, 10.0, 1500}).Ok());
    ASSERT_TRUE(S().PutLabModuleMark(run->m_id, LabModuleMark{"review", false, 45.0, 2200}).Ok());
    Reopen();

    auto open = S().UnfinishedLabRuns(ana);
    ASSERT_TRUE(open.Ok()) << open.Error().m_message;
    ASSERT_EQ(open->size(), 1u);
    const LabRunRecord& r = open->front();
    EXPECT_EQ(r.m_id, run->m_id);
    EXPECT_EQ(r.m_labId, "lab-desktop");
    EXPECT_EQ(r.m_sessionId, session->m_id);
    EXPECT_EQ(r.m_startedWall, 1000);
    ASSERT_EQ(r.m_modules.size(), 2u);
    EXPECT_EQ(r.m_modules[0].m_moduleId, "intro");
    EXPECT_TRUE(r.m_modules[0].m_done);
    EXPECT_DOUBLE_EQ(r.m_modules[0].m_seconds, 75.5);
    EXPECT_EQ(r.m_modules[0].m_updatedWall, 2000);
    EXPECT_EQ(r.m_modules[1].m_moduleId, "review");
    EXPECT_FALSE(r.m_modules[1].m_done);
    EXPECT_DOUBLE_EQ(r.m_modules[1].m_seconds, 45.0);
    auto bens = S().UnfinishedLabRuns(ben);
    ASSERT_TRUE(bens.Ok());
    ASSERT_EQ(bens->size(), 1u);
    EXPECT_FALSE(bens->front().m_sessionId.has_value());
    EXPECT_TRUE(bens->front().m_modules.empty());

    ASSERT_TRUE(S().FinishLabRun(run->m_id, 9000).Ok());
    EXPECT_TRUE(S().FinishLabRun(run->m_id, 9500).Ok()) << "finishing again is a no-op";
    Reopen();
    EXPECT_TRUE(S().UnfinishedLabRuns(ana)->empty());
    EXPECT_EQ(S().LabRunCount(ana).Value(), 1);
    auto done = S().GetLabRun(run->m_id);
    ASSERT_TRUE(done.Ok());
    EXPECT_TRUE(done->m_finished);
    EXPECT_EQ(done->m_endedWall, 9000);
    EXPECT_EQ(done->m_modules.size(), 2u);
    auto late = S().PutLabModuleMark(run->m_id, LabModuleMark{"tickets", true, 1.0, 9600});
    ASSERT_FALSE(late.Ok());
    EXPECT_EQ(late.Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(S().GetLabRun(run->m_id)->m_modules.size(), 2u);
}

TEST_P(StoreConformance, LabRunWritesRefuseBadInput) {
    const RowId ana = NewTrainee("Ana");
    LabRunRecord in;
    in.m_traineeId = ana;
    EXPECT_EQ(S().StartLabRun(in).Error().m_kind, StoreErrorKind::Invalid) << "no lab id";
    in.m_labId = "lab";
    in.m_traineeId = 9999;
    EXPECT_FALSE(S().StartLabRun(in).Ok()) << "unknown trainee";
    in.m_traineeId = ana;
    in.m_sessionId = 4242;
    EXPECT_FALSE(S().StartLabRun(in).Ok()) << "unknown session";
    in.m_sessionId.reset();
    auto run = S().StartLabRun(in);
    ASSERT_TRUE(run.Ok());
    EXPECT_EQ(S().PutLabModuleMark(9999, LabModuleMark{"m", true, 1.0, 1}).Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_EQ(S().PutLabModuleMark(run->m_id, LabModuleMark{"", true, 1.0, 1}).Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_EQ(S().PutLabModuleMark(run->m_id, LabModuleMark{"m", false, -1.0, 1}).Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_EQ(S().PutLabModuleMark(run->m_id, LabModuleMark{"m", false, std::numeric_limits<double>::quiet_NaN(), 1})
                  .Error().m_kind, StoreErrorKind::Invalid);
    EXPECT_EQ(S().FinishLabRun(9999, 1).Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_EQ(S().GetLabRun(9999).Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_EQ(S().DeleteTrainee(ana).Error().m_kind, StoreErrorKind::Constraint) << "the run is the trainee's work";
    Reopen();
    EXPECT_TRUE(S().GetLabRun(run->m_id)->m_modules.empty());
}

void ExpectMark(const LabModuleMark& got, const LabModuleMark& want) {
    EXPECT_EQ(got.m_moduleId, want.m_moduleId);
    EXPECT_EQ(got.m_done, want.m_done) << want.m_moduleId;
    EXPECT_DOUBLE_EQ(got.m_seconds, want.m_seconds) << want.m_moduleId;
    EXPECT_EQ(got.m_updatedWall, want.m_updatedWall) << want.m_moduleId;
}

TEST_P(StoreConformance, LabRunsForReportsFollowTheFilterAndCarryTheirMarks) {
    const RowId ana = NewTrainee("Ana", "spring");
    const RowId ben = NewTrainee("Ben", "spring");
    const RowId cy = NewTrainee("Cy", "autumn");
    auto session = NewSession("lab-desktop", "spring");
    ASSERT_TRUE(session.Ok());
    auto start = [&](RowId trainee, const std::string& lab, std::optional<RowId> sessionId, WallTime wall) {
        LabRunRecord in;
        in.m_traineeId = trainee;
        in.m_labId = lab;
        in.m_sessionId = sessionId;
        in.m_startedWall = wall;
        auto r = S().StartLabRun(in);
        EXPECT_TRUE(r.Ok()) << (r.Ok() ? "" : r.Error().m_message);
        return r.Ok() ? r->m_id : 0;
    };
    const RowId anaDesk = start(ana, "lab-desktop", session->m_id, 1000);
    const RowId cyNet = start(cy, "lab-network", std::nullopt, 1100);
    const RowId benDesk = start(ben, "lab-desktop", session->m_id, 1200);
    const RowId anaAgain = start(ana, "lab-desktop", std::nullopt, 1300);
    // Marks written out of run order, so the merge cannot rely on insertion order.
    ASSERT_TRUE(S().PutLabModuleMark(benDesk, LabModuleMark{"intro", false, 10.0, 2000}).Ok());
    ASSERT_TRUE(S().PutLabModuleMark(anaDesk, LabModuleMark{"review", false, 30.0, 2100}).Ok());
    ASSERT_TRUE(S().PutLabModuleMark(cyNet, LabModuleMark{"cables", true, 5.0, 2200}).Ok());
    ASSERT_TRUE(S().PutLabModuleMark(anaDesk, LabModuleMark{"intro", true, 60.0, 2300}).Ok());
    ASSERT_TRUE(S().FinishLabRun(cyNet, 3000).Ok());
    Reopen();

    auto ids = [](const StoreResult<std::vector<LabRunRecord>>& r) {
        std::vector<RowId> out;
        if (r.Ok())
            for (const LabRunRecord& run : r.Value()) out.push_back(run.m_id);
        return out;
    };
    auto all = S().LabRuns(LabRunFilter{});
    ASSERT_TRUE(all.Ok()) << all.Error().m_message;
    EXPECT_EQ(ids(all), (std::vector<RowId>{anaDesk, cyNet, benDesk, anaAgain})) << "finished runs too, by id";
    const LabRunRecord& a = all->at(0);
    EXPECT_EQ(a.m_traineeId, ana);
    EXPECT_EQ(a.m_labId, "lab-desktop");
    EXPECT_EQ(a.m_sessionId, session->m_id);
    EXPECT_EQ(a.m_startedWall, 1000);
    ASSERT_EQ(a.m_modules.size(), 2u);
    ExpectMark(a.m_modules[0], {"intro", true, 60.0, 2300});
    ExpectMark(a.m_modules[1], {"review", false, 30.0, 2100});
    const LabRunRecord& c = all->at(1);
    EXPECT_TRUE(c.m_finished);
    EXPECT_EQ(c.m_endedWall, 3000);
    ASSERT_EQ(c.m_modules.size(), 1u);
    ExpectMark(c.m_modules[0], {"cables", true, 5.0, 2200});
    ASSERT_EQ(all->at(2).m_modules.size(), 1u);
    ExpectMark(all->at(2).m_modules[0], {"intro", false, 10.0, 2000});
    EXPECT_TRUE(all->at(3).m_modules.empty());

    LabRunFilter f;
    f.m_labId = "lab-desktop";
    EXPECT_EQ(ids(S().LabRuns(f)), (std::vector<RowId>{anaDesk, benDesk, anaAgain}));
    f.m_sessionId = session->m_id;
    EXPECT_EQ(ids(S().LabRuns(f)), (std::vector<RowId>{anaDesk, benDesk}));
    f.m_traineeId = ana;
    auto one = S().LabRuns(f);
    EXPECT_EQ(ids(one), (std::vector<RowId>{anaDesk}));
    EXPECT_EQ(one.Ok() ? one->front().m_modules.size() : 0u, 2u) << "filtered marks belong to the runs listed";
    f = LabRunFilter{};
    f.m_cohort = "autumn";
    EXPECT_EQ(ids(S().LabRuns(f)), (std::vector<RowId>{cyNet}));
    f.m_cohort = "spring";
    EXPECT_EQ(ids(S().LabRuns(f)), (std::vector<RowId>{anaDesk, benDesk, anaAgain}));
    f.m_labId = "lab-network";
    auto none = S().LabRuns(f);
    ASSERT_TRUE(none.Ok());
    EXPECT_TRUE(none->empty());
    f = LabRunFilter{};
    f.m_cohort = "no-such-cohort";
    EXPECT_TRUE(S().LabRuns(f)->empty());
}

INSTANTIATE_TEST_SUITE_P(Implementations, StoreConformance, ::testing::ValuesIn(kFactories),
                         [](const ::testing::TestParamInfo<StoreFactory>& info) { return std::string(info.param.m_name); });

} // namespace
} // namespace sl::test

namespace sl::test {
namespace {

TEST_P(StoreConformance, AbandonedAttemptsAreNeitherResumedNorWritten) {
    const RowId ana = NewTrainee("Ana");
    const RowId open = NewAttempt(ana);
    const RowId kept = NewAttempt(ana);
    Append(open, 0, "ack t-os");
    ASSERT_TRUE(S().AbandonAttempt(open, 9000).Ok());
    Reopen();
    auto unfinished = S().UnfinishedAttempts(ana);
    ASSERT_TRUE(unfinished.Ok());
    ASSERT_EQ(unfinished->size(), 1u);
    EXPECT_EQ(unfinished->front().m_id, kept);
    auto a = S().GetAttempt(open);
    ASSERT_TRUE(a.Ok());
    EXPECT_EQ(a->m_abandonedWall, std::optional<WallTime>(9000));
    EXPECT_FALSE(a->m_finished);
    EXPECT_EQ(a->m_eventCount, 1);
    // No more events, no second abandon, no finishing; a finished attempt cannot be abandoned.
    EXPECT_FALSE(S().AppendEvent(Event{open, 1, 60, 5001, "wait 1m", {}}).Ok());
    EXPECT_EQ(S().AbandonAttempt(open, 9500).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(S().AbandonAttempt(open + 100, 9500).Error().m_kind, StoreErrorKind::NotFound);
    ASSERT_TRUE(S().FinishAttempt(kept, HandReport(), 9900, 3600).Ok());
    EXPECT_EQ(S().AbandonAttempt(kept, 9950).Error().m_kind, StoreErrorKind::Constraint);
}

TEST_P(StoreConformance, AnAttemptDeliveredAgainIsFoundByItsUidNotAddedTwice) {
    const RowId ana = NewTrainee("Ana");
    const RowId bea = NewTrainee("Bea");
    const RowId made = NewAttempt(ana);
    auto stored = S().GetAttempt(made);
    ASSERT_TRUE(stored.Ok());
    EXPECT_EQ(stored->m_uid.size(), 32u) << stored->m_uid; // made by the store when none is given
    EXPECT_EQ(stored->m_uid.find_first_not_of("0123456789abcdef"), std::string::npos) << stored->m_uid;

    Attempt a;
    a.m_uid = "0123456789abcdef0123456789abcdef";
    a.m_traineeId = ana;
    a.m_scenarioId = "common-test";
    a.m_contentHash = "h";
    a.m_startedWall = 1000;
    auto first = S().StartAttempt(a);
    ASSERT_TRUE(first.Ok()) << first.Error().m_message;
    EXPECT_EQ(first->m_uid, a.m_uid);
    EXPECT_NE(first->m_uid, stored->m_uid);
    Append(first->m_id, 0, "ack t-os");
    Reopen();
    auto again = S().StartAttempt(a);
    ASSERT_TRUE(again.Ok()) << again.Error().m_message;
    EXPECT_EQ(again->m_id, first->m_id);
    EXPECT_EQ(again->m_eventCount, 1); // the stored attempt, as it is now
    // The same event delivered again changes nothing, even once the attempt is finished.
    Append(first->m_id, 0, "ack t-os");
    ASSERT_TRUE(S().CloseAttempt(first->m_id, 2000, 60).Ok());
    Append(first->m_id, 0, "ack t-os");
    EXPECT_FALSE(S().AppendEvent(Event{first->m_id, 0, 0, 5000, "ack t-hw", {}}).Ok());
    auto events = S().Events(first->m_id);
    ASSERT_TRUE(events.Ok());
    EXPECT_EQ(events->size(), 1u);
    // The uid of someone else's attempt is refused, not merged.
    Attempt forged = a;
    forged.m_traineeId = bea;
    auto clash = S().StartAttempt(forged);
    ASSERT_FALSE(clash.Ok());
    EXPECT_EQ(clash.Error().m_kind, StoreErrorKind::Constraint);
    auto all = S().Attempts(AttemptFilter{});
    ASSERT_TRUE(all.Ok());
    EXPECT_EQ(all->size(), 2u);
}

TEST_P(StoreConformance, ClosingFinishesWithoutScores) {
    const RowId ana = NewTrainee("Ana");
    const RowId id = NewAttempt(ana);
    Append(id, 0, "ack t-os", 0);
    ASSERT_TRUE(S().CloseAttempt(id, 7000, 120).Ok());
    Reopen();
    auto a = S().GetAttempt(id);
    ASSERT_TRUE(a.Ok());
    EXPECT_TRUE(a->m_finished);
    EXPECT_EQ(a->m_endedWall, std::optional<WallTime>(7000));
    EXPECT_EQ(a->m_endSimTime, std::optional<SimTime>(120));
    EXPECT_FALSE(a->m_score.has_value());
    EXPECT_EQ(a->m_scoredWithHash, "");
    EXPECT_TRUE(S().CloseAttempt(id, 8000, 130).Ok()); // again: nothing changes
    EXPECT_EQ(S().GetAttempt(id)->m_endedWall, std::optional<WallTime>(7000));
    EXPECT_FALSE(S().AppendEvent(Event{id, 1, 60, 5001, "wait 1m", {}}).Ok());
    // A lead's rescore scores it later.
    ASSERT_TRUE(S().ReplaceScores(id, HandReport(), {}, std::nullopt).Ok());
    EXPECT_TRUE(S().GetAttempt(id)->m_score.has_value());
    const RowId gone = NewAttempt(ana);
    ASSERT_TRUE(S().AbandonAttempt(gone, 9000).Ok());
    EXPECT_EQ(S().CloseAttempt(gone, 9100, 0).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(S().CloseAttempt(gone + 100, 9100, 0).Error().m_kind, StoreErrorKind::NotFound);
}

TEST_P(StoreConformance, ALabRunDeliveredAgainIsFoundByItsUid) {
    const RowId ana = NewTrainee("Ana");
    LabRunRecord r;
    r.m_uid = "fedcba9876543210fedcba9876543210";
    r.m_traineeId = ana;
    r.m_labId = "lab";
    r.m_startedWall = 100;
    auto first = S().StartLabRun(r);
    ASSERT_TRUE(first.Ok()) << first.Error().m_message;
    EXPECT_EQ(first->m_uid, r.m_uid);
    ASSERT_TRUE(S().PutLabModuleMark(first->m_id, LabModuleMark{"m1", true, 30.0, 200}).Ok());
    Reopen();
    auto again = S().StartLabRun(r);
    ASSERT_TRUE(again.Ok()) << again.Error().m_message;
    EXPECT_EQ(again->m_id, first->m_id);
    ASSERT_EQ(again->m_modules.size(), 1u);
    LabRunRecord fresh = r;
    fresh.m_uid.clear();
    auto other = S().StartLabRun(fresh);
    ASSERT_TRUE(other.Ok());
    EXPECT_EQ(other->m_uid.size(), 32u);
    EXPECT_NE(other->m_id, first->m_id);
    LabRunRecord elsewhere = r;
    elsewhere.m_labId = "another-lab";
    EXPECT_EQ(S().StartLabRun(elsewhere).Error().m_kind, StoreErrorKind::Constraint);
}

TEST_P(StoreConformance, FindOrAddTraineeCreatesOnceThenFinds) {
    auto first = S().FindOrAddTrainee("Ben", "spring");
    ASSERT_TRUE(first.Ok()) << first.Error().m_message;
    Reopen();
    auto again = S().FindOrAddTrainee("Ben", "other cohort"); // found: the cohort is not changed
    ASSERT_TRUE(again.Ok());
    EXPECT_EQ(again->m_id, first->m_id);
    EXPECT_EQ(again->m_cohort, "spring");
    EXPECT_EQ(S().Trainees(std::nullopt)->size(), 1u);
}

// Names reach terminals, spreadsheets and JSON: they are refused where they enter, whoever writes them.
TEST_P(StoreConformance, NamesMustBePrintableUtf8) {
    const std::string bad[] = {std::string("bad\xff", 4), "esc\x1b[31mred", "tab\there", "new\nline",
                               "rtl\xe2\x80\xae" "fdp.exe", " padded", std::string(101, 'x')};
    for (const std::string& name : bad) {
        SCOPED_TRACE(name);
        EXPECT_EQ(S().AddTrainee(name, "").Error().m_kind, StoreErrorKind::Invalid);
        EXPECT_EQ(S().FindOrAddTrainee(name, "").Error().m_kind, StoreErrorKind::Invalid);
        EXPECT_EQ(S().AddTrainee("Ok", name).Error().m_kind, StoreErrorKind::Invalid);
        EXPECT_EQ(S().AddCohort(name).Error().m_kind, StoreErrorKind::Invalid);
        EXPECT_EQ(NewSession("lab", name).Error().m_kind, StoreErrorKind::Invalid);
    }
    EXPECT_TRUE(S().Trainees(std::nullopt)->empty());
    // Formula-looking and non-Latin names are fine here (CSV output neutralises them).
    EXPECT_TRUE(S().AddTrainee("=HYPERLINK(\"http://x/?\"&A1,\"click\")", "=1+1").Ok());
    EXPECT_TRUE(S().AddTrainee("Zoë 名前", "").Ok());
}

} // namespace
} // namespace sl::test
