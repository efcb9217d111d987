// SupportLab reports tests: xAPI statement ids through a real SQLite store (selections, later attempts, reopening).
#include "../store/store_test_util.hpp"
#include "report_rows.hpp"
#include "reports/query.hpp"

#include <map>
#include <set>

namespace sl::test {
namespace {

// Starts and finishes an attempt of `trainee` scoring score/10, started at `start` (ms).
RowId FinishedAttempt(Store& store, RowId trainee, double score, WallTime start) {
    Attempt a;
    a.m_traineeId = trainee;
    a.m_scenarioId = "plan";
    a.m_contentHash = "hash-v1";
    a.m_startedWall = start;
    auto started = store.StartAttempt(a);
    EXPECT_TRUE(started.Ok());
    if (!started.Ok()) return 0;
    ScoreReport r;
    r.m_scenarioId = "plan";
    r.m_contentHash = "hash-v1";
    ItemScore q;
    q.m_itemId = "q1";
    q.m_kind = ItemKind::Question;
    q.m_title = "Q";
    q.m_dimensions = {{Dimension::Knowledge, score, 10.0}};
    q.m_score = score;
    q.m_max = 10.0;
    r.m_items = {q};
    r.m_total = score;
    r.m_max = 10.0;
    EXPECT_TRUE(store.FinishAttempt(started->m_id, r, start + 60'000, 600).Ok());
    return started->m_id;
}

// Statement id by attempt id, from the export of a selection (attempt ids are in the context extensions).
std::map<RowId, std::string> IdsByAttempt(Store& store, const ReportQuery& q) {
    auto exported = QueryExport(store, q);
    EXPECT_TRUE(exported.Ok());
    std::map<RowId, std::string> out;
    if (!exported.Ok()) return out;
    const std::string json = ExportXapi(exported.Value(), "https://lrs.example");
    EXPECT_TRUE(ValidJson(json)) << json;
    const std::string idKey = "\n {\"id\": \"", attemptKey = "\"https://lrs.example/xapi/attempt-id\": ";
    for (size_t p = json.find(idKey); p != std::string::npos; p = json.find(idKey, p + 1)) {
        const size_t start = p + idKey.size();
        const std::string id = json.substr(start, json.find('"', start) - start);
        const size_t at = json.find(attemptKey, start);
        EXPECT_NE(at, std::string::npos);
        if (at == std::string::npos) break;
        out[std::stoll(json.substr(at + attemptKey.size()))] = id;
    }
    return out;
}

TEST(StatementIdStore, IdsSurviveSelectionsNewAttemptsAndReopening) {
    TempDir dir;
    const std::string path = dir.File("supportlab.db");
    RowId ana = 0, ben = 0;
    std::map<RowId, std::string> before;
    {
        auto store = OpenOrFail(path);
        ASSERT_TRUE(store);
        ana = store->AddTrainee("Ana", "spring")->m_id;
        ben = store->AddTrainee("Ben", "autumn")->m_id;
        FinishedAttempt(*store, ana, 9, 1'700'000'000'000);
        FinishedAttempt(*store, ben, 3, 1'700'000'000'000);
        FinishedAttempt(*store, ana, 5, 1'700'000'500'000);
        before = IdsByAttempt(*store, {});
        ASSERT_EQ(before.size(), 3u);
        // A narrower selection exports a subset with the very same ids.
        ReportQuery onlyAna;
        onlyAna.m_traineeId = ana;
        const auto anas = IdsByAttempt(*store, onlyAna);
        ASSERT_EQ(anas.size(), 2u);
        for (const auto& [attempt, id] : anas) EXPECT_EQ(id, before.at(attempt)) << attempt;
        ReportQuery autumn;
        autumn.m_cohort = "autumn";
        const auto bens = IdsByAttempt(*store, autumn);
        ASSERT_EQ(bens.size(), 1u);
        EXPECT_EQ(bens.begin()->second, before.at(bens.begin()->first));
        // More attempts later, and a new trainee: the earlier statements keep their ids.
        const RowId cleo = store->AddTrainee("Cleo", "spring")->m_id;
        FinishedAttempt(*store, cleo, 7, 1'700'001'000'000);
        FinishedAttempt(*store, ben, 8, 1'700'001'000'000);
    }
    auto store = OpenOrFail(path); // another connection, as a later `export` run would open
    ASSERT_TRUE(store);
    const auto after = IdsByAttempt(*store, {});
    ASSERT_EQ(after.size(), 5u);
    for (const auto& [attempt, id] : before) EXPECT_EQ(after.at(attempt), id) << attempt;
    std::set<std::string> distinct;
    for (const auto& [attempt, id] : after) distinct.insert(id);
    EXPECT_EQ(distinct.size(), after.size());
}

} // namespace
} // namespace sl::test
