// SupportLab reports tests: matrix, skills, item analysis and timeline on known rows, checked by hand.
#include "report_rows.hpp"
#include "reports/render.hpp"

namespace sl::test {
namespace {

// [Matrix data] Ana (spring) and Ben (autumn), scenarios s1 and s2; Cleo has no attempts.
//   id 1 Ana s1 60%  (lab-a) wall 0..60 s
//   id 2 Ben s1 40%          wall 0..100 s
//   id 3 Ana s1 90%  (lab-a) wall 100..220 s
//   id 4 Ana s2 80%          wall 0..50 s
//   id 5 Ana s1 unfinished (lab-a), started 300 s, last event 330 s
//   id 6 Ben s1 50%          wall 0..10 s
//   id 7 Ben s2 unfinished, no events
// lab-a has an 80% threshold; everything else uses the default 70%.
struct MatrixData {
    std::vector<Trainee> m_trainees = {{1, "Ana", "spring"}, {2, "Ben", "autumn"}, {3, "Cleo", "spring"}};
    std::vector<Attempt> m_attempts;
    PassThresholds m_thresholds;
    MatrixData() {
        m_attempts = {MakeAttempt(1, 1, "s1", 6, 10, 0, 60'000, "lab-a"), MakeAttempt(2, 2, "s1", 4, 10, 0, 100'000),
                      MakeAttempt(3, 1, "s1", 9, 10, 100'000, 220'000, "lab-a"), MakeAttempt(4, 1, "s2", 8, 10, 0, 50'000),
                      MakeAttempt(5, 1, "s1", 0, 0, 300'000, 0, "lab-a"), MakeAttempt(6, 2, "s1", 5, 10, 0, 10'000),
                      MakeAttempt(7, 2, "s2", 0, 0, 500'000)};
        m_attempts[4].m_lastWall = 330'000;
        m_thresholds.m_byLab["lab-a"] = 80.0;
    }
};

TEST(ReportsMatrix, HighestGrading) {
    MatrixData d;
    const CohortMatrix m = BuildCohortMatrix(d.m_trainees, d.m_attempts, Grading::Highest, d.m_thresholds);
    ASSERT_EQ(m.m_scenarios, (std::vector<std::string>{"s1", "s2"}));
    ASSERT_EQ(m.m_rows.size(), 3u);
    const MatrixRow& ana = m.m_rows[0];
    EXPECT_EQ(ana.m_trainee.m_name, "Ana");
    EXPECT_EQ(ana.m_cells[0].m_started, 3);
    EXPECT_EQ(ana.m_cells[0].m_finished, 2);
    EXPECT_DOUBLE_EQ(*ana.m_cells[0].m_percent, 90.0);
    EXPECT_TRUE(*ana.m_cells[0].m_passed); // 90 >= lab-a's 80
    EXPECT_EQ(ana.m_cells[0].m_timeOnTask, 60'000 + 120'000 + 30'000);
    EXPECT_DOUBLE_EQ(*ana.m_cells[1].m_percent, 80.0);
    EXPECT_TRUE(*ana.m_cells[1].m_passed); // 80 >= default 70
    EXPECT_EQ(ana.m_completed, 2);
    EXPECT_DOUBLE_EQ(*ana.m_meanPercent, 85.0);
    EXPECT_EQ(ana.m_timeOnTask, 260'000);

    const MatrixRow& ben = m.m_rows[1];
    EXPECT_DOUBLE_EQ(*ben.m_cells[0].m_percent, 50.0);
    EXPECT_FALSE(*ben.m_cells[0].m_passed);
    EXPECT_EQ(ben.m_cells[1].m_started, 1);
    EXPECT_FALSE(ben.m_cells[1].m_percent.has_value()); // in progress
    EXPECT_EQ(ben.m_completed, 1);
    EXPECT_DOUBLE_EQ(*ben.m_meanPercent, 50.0);

    const MatrixRow& cleo = m.m_rows[2];
    EXPECT_EQ(cleo.m_completed, 0);
    EXPECT_FALSE(cleo.m_meanPercent.has_value());
    EXPECT_EQ(cleo.m_cells[0].m_started, 0);
}

TEST(ReportsMatrix, FirstLastAverage) {
    MatrixData d;
    const CohortMatrix first = BuildCohortMatrix(d.m_trainees, d.m_attempts, Grading::First, d.m_thresholds);
    EXPECT_DOUBLE_EQ(*first.m_rows[0].m_cells[0].m_percent, 60.0);
    EXPECT_FALSE(*first.m_rows[0].m_cells[0].m_passed);
    EXPECT_DOUBLE_EQ(*first.m_rows[1].m_cells[0].m_percent, 40.0);
    const CohortMatrix last = BuildCohortMatrix(d.m_trainees, d.m_attempts, Grading::Last, d.m_thresholds);
    EXPECT_DOUBLE_EQ(*last.m_rows[0].m_cells[0].m_percent, 90.0);
    EXPECT_DOUBLE_EQ(*last.m_rows[1].m_cells[0].m_percent, 50.0);
    const CohortMatrix avg = BuildCohortMatrix(d.m_trainees, d.m_attempts, Grading::Average, d.m_thresholds);
    EXPECT_DOUBLE_EQ(*avg.m_rows[0].m_cells[0].m_percent, 75.0); // (60 + 90) / 2
    EXPECT_FALSE(*avg.m_rows[0].m_cells[0].m_passed);            // 75 < lab-a's 80
    EXPECT_DOUBLE_EQ(*avg.m_rows[1].m_cells[0].m_percent, 45.0); // (40 + 50) / 2
    EXPECT_DOUBLE_EQ(*avg.m_rows[0].m_meanPercent, 77.5);        // (75 + 80) / 2
}

TEST(ReportsMatrix, GradingNamesRoundTrip) {
    for (Grading g : {Grading::Highest, Grading::First, Grading::Last, Grading::Average})
        EXPECT_EQ(GradingFromString(ToString(g)), g);
    EXPECT_FALSE(GradingFromString("best").has_value());
}

// Policy penalties (elevation asked for where it is not in play) can exceed the policy points a
// trainee's tickets offered: the skill shows 0 %, not a negative percent.
TEST(ReportsSkills, APercentIsNeverBelowZero) {
    MatrixData d;
    const std::vector<AttemptDimensionRow> dims = {DimRow(3, Dimension::Policy, -5, 5, 2, 0),
                                                   DimRow(4, Dimension::Policy, 0, 0, 1, 0)};
    const SkillsReport r = BuildSkills(d.m_trainees, d.m_attempts, dims, Grading::Highest, d.m_thresholds);
    ASSERT_FALSE(r.m_rows.empty());
    for (size_t k = 0; k < kSkillDimensions.size(); ++k)
        if (kSkillDimensions[k] == Dimension::Policy) {
            ASSERT_TRUE(r.m_rows[0].m_percent[k].has_value());
            EXPECT_DOUBLE_EQ(*r.m_rows[0].m_percent[k], 0.0);
        }
}

TEST(ReportsSkills, SumsTheGradedAttemptsOnly) {
    MatrixData d;
    // Highest grading picks Ana s1 -> 3, Ana s2 -> 4, Ben s1 -> 6. Attempt 1 must not count.
    const std::vector<AttemptDimensionRow> dims = {
        DimRow(1, Dimension::Triage, 0, 10, 1, 0),
        DimRow(3, Dimension::Triage, 8, 10, 1, 0), DimRow(3, Dimension::Sla, 5, 5, 1, 1),
        DimRow(3, Dimension::Hints, -1.5, 0, 1, 0, 2, 1.5),
        DimRow(4, Dimension::Triage, 10, 10, 1, 1), DimRow(4, Dimension::Sla, 2.5, 5, 1, 0),
        DimRow(4, Dimension::Routing, 6, 10, 1, 0),
        DimRow(6, Dimension::Triage, 5, 10, 1, 0), DimRow(6, Dimension::Sla, 0, 5, 1, 0),
        DimRow(6, Dimension::Hints, -0.5, 0, 1, 0, 1, 0.5)};
    const SkillsReport r = BuildSkills(d.m_trainees, d.m_attempts, dims, Grading::Highest, d.m_thresholds);
    ASSERT_EQ(r.m_rows.size(), 3u);
    auto pct = [](const SkillRow& s, Dimension dim) {
        for (size_t k = 0; k < kSkillDimensions.size(); ++k)
            if (kSkillDimensions[k] == dim) return s.m_percent[k];
        return std::optional<double>();
    };
    const SkillRow& ana = r.m_rows[0];
    EXPECT_EQ(ana.m_attempts, 2);
    EXPECT_DOUBLE_EQ(*pct(ana, Dimension::Triage), 90.0); // (8 + 10) / 20
    EXPECT_DOUBLE_EQ(*pct(ana, Dimension::Sla), 75.0);    // 7.5 / 10
    EXPECT_DOUBLE_EQ(*pct(ana, Dimension::Routing), 60.0);
    EXPECT_FALSE(pct(ana, Dimension::Troubleshooting).has_value());
    EXPECT_EQ(ana.m_slaTickets, 2);
    EXPECT_EQ(ana.m_slaMet, 1);
    EXPECT_DOUBLE_EQ(*ana.m_slaAttainment, 50.0);
    EXPECT_EQ(ana.m_hintsUsed, 2);
    EXPECT_DOUBLE_EQ(ana.m_hintCost, 1.5);

    const SkillRow& ben = r.m_rows[1];
    EXPECT_DOUBLE_EQ(*pct(ben, Dimension::Triage), 50.0);
    EXPECT_DOUBLE_EQ(*pct(ben, Dimension::Sla), 0.0);
    EXPECT_DOUBLE_EQ(*ben.m_slaAttainment, 0.0);
    EXPECT_EQ(ben.m_hintsUsed, 1);

    EXPECT_EQ(r.m_rows[2].m_attempts, 0);
    EXPECT_FALSE(r.m_rows[2].m_slaAttainment.has_value());

    EXPECT_EQ(r.m_total.m_attempts, 3);
    EXPECT_NEAR(*pct(r.m_total, Dimension::Triage), 100.0 * 23 / 30, 1e-9);
    EXPECT_DOUBLE_EQ(*pct(r.m_total, Dimension::Sla), 50.0); // 7.5 / 15
    EXPECT_NEAR(*r.m_total.m_slaAttainment, 100.0 / 3, 1e-9);
    EXPECT_EQ(r.m_total.m_hintsUsed, 3);
    EXPECT_DOUBLE_EQ(r.m_total.m_hintCost, 2.0);
}

// [Item data] Scenario "plan": ten trainees' first attempts, totals 95, 90, ..., 50 % (trainee i
// scores 100 - 5i), so with N = 10 the groups hold round(0.27 * 10) = 3: upper T1-T3, lower T8-T10.
//   q1 (question, 1 pt):  1 1 1 1 1 1 0 0 0 0
//      facility 6/10 = 60 %; upper mean 1, lower mean 0 -> D = 1.00; no flags.
//   q2 (question, 2 pts): 2 1 0 2 2 2 2 2 1 2
//      facility 16/20 = 80 % -> easy; upper (1 + .5 + 0)/3 = .5, lower (1 + .5 + 1)/3 = .8333,
//      D = -0.3333 -> low discrimination.
//   t1 triage (10):       10 for everyone -> facility 100 % (easy), D = 0 (low discrimination).
//   t1 routing (10):      10 10 6 6 0 6 0 0 0 0 -> facility 38 %; upper (1 + 1 + .6)/3 = .8667,
//      lower 0 -> D = 0.8667; no flags.
//   t1 hints (max 0) is not a decision and is left out.
// Trainee 1 also has a later, better attempt (id 101) and an unfinished one (id 102): both ignored.
// Scenario "solo": one attempt only -> facility, but no discrimination.
struct ItemData {
    std::vector<Attempt> m_attempts;
    std::vector<ItemScoreRow> m_items;
    std::vector<DimensionScoreRow> m_dims;
    ItemData() {
        const double q1[] = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
        const double q2[] = {2, 1, 0, 2, 2, 2, 2, 2, 1, 2};
        const double routing[] = {10, 10, 6, 6, 0, 6, 0, 0, 0, 0};
        for (int i = 1; i <= 10; ++i) {
            const RowId id = i;
            // Listed in a shuffled order: the builder must rank by total itself.
            m_attempts.push_back(MakeAttempt(id, 100 + i, "plan", 100 - 5 * i, 100));
            const auto k = static_cast<size_t>(i - 1);
            m_items.push_back({id, "q1", ItemKind::Question, "First contact", q1[k], 1, 0});
            m_items.push_back({id, "q2", ItemKind::Question, "Escalation path", q2[k], 2, 1});
            m_items.push_back({id, "t1", ItemKind::Ticket, "Laptop restarts", 0, 0, 2});
            m_dims.push_back({id, 2, Dimension::Triage, 10, 10});
            m_dims.push_back({id, 2, Dimension::Routing, routing[k], 10});
            m_dims.push_back({id, 2, Dimension::Hints, -1, 0});
        }
        std::swap(m_attempts[0], m_attempts[7]);
        m_attempts.push_back(MakeAttempt(101, 101, "plan", 10, 10));
        m_items.push_back({101, "q1", ItemKind::Question, "First contact", 0, 1, 0});
        m_attempts.push_back(MakeAttempt(102, 101, "plan", 0, 0));
        m_attempts.push_back(MakeAttempt(201, 201, "solo", 1, 2));
        m_items.push_back({201, "q1", ItemKind::Question, "Solo question", 1, 2, 0});
    }
};

const ItemStat* Find(const ItemAnalysis& a, const std::string& scenario, const std::string& item,
                     std::optional<Dimension> d = std::nullopt) {
    for (const ItemStat& s : a.m_items)
        if (s.m_scenarioId == scenario && s.m_itemId == item && s.m_dimension == d) return &s;
    return nullptr;
}

TEST(ReportsItems, HandCheckedFacilityAndDiscrimination) {
    ItemData d;
    const ItemAnalysis a = BuildItemAnalysis(d.m_attempts, d.m_items, d.m_dims, PassThresholds{});
    ASSERT_EQ(a.m_items.size(), 5u); // plan: q1, q2, t1 triage, t1 routing; solo: q1

    const ItemStat* q1 = Find(a, "plan", "q1");
    ASSERT_NE(q1, nullptr);
    EXPECT_EQ(q1->m_n, 10);
    EXPECT_EQ(q1->m_groupSize, 3);
    EXPECT_DOUBLE_EQ(q1->m_facility, 60.0);
    EXPECT_NEAR(*q1->m_discrimination, 1.0, 1e-12);
    EXPECT_FALSE(q1->m_facilityFlag);
    EXPECT_FALSE(q1->m_discriminationFlag);
    EXPECT_EQ(q1->m_title, "First contact");

    const ItemStat* q2 = Find(a, "plan", "q2");
    ASSERT_NE(q2, nullptr);
    EXPECT_DOUBLE_EQ(q2->m_facility, 80.0);
    EXPECT_NEAR(*q2->m_discrimination, 0.5 - 2.5 / 3.0, 1e-12); // -0.3333
    EXPECT_TRUE(q2->m_facilityFlag);
    EXPECT_TRUE(q2->m_discriminationFlag);

    const ItemStat* triage = Find(a, "plan", "t1", Dimension::Triage);
    ASSERT_NE(triage, nullptr);
    EXPECT_EQ(triage->m_kind, ItemKind::Ticket);
    EXPECT_EQ(triage->m_title, "Laptop restarts");
    EXPECT_DOUBLE_EQ(triage->m_facility, 100.0);
    EXPECT_NEAR(*triage->m_discrimination, 0.0, 1e-12);
    EXPECT_TRUE(triage->m_facilityFlag);
    EXPECT_TRUE(triage->m_discriminationFlag);

    const ItemStat* routing = Find(a, "plan", "t1", Dimension::Routing);
    ASSERT_NE(routing, nullptr);
    EXPECT_DOUBLE_EQ(routing->m_facility, 38.0);
    EXPECT_NEAR(*routing->m_discrimination, 2.6 / 3.0, 1e-12); // 0.8667
    EXPECT_FALSE(routing->m_facilityFlag);
    EXPECT_FALSE(routing->m_discriminationFlag);

    EXPECT_EQ(Find(a, "plan", "t1", Dimension::Hints), nullptr);
    EXPECT_EQ(Find(a, "plan", "t1"), nullptr); // a ticket is analysed per decision, not as a whole

    const ItemStat* solo = Find(a, "solo", "q1");
    ASSERT_NE(solo, nullptr);
    EXPECT_EQ(solo->m_n, 1);
    EXPECT_DOUBLE_EQ(solo->m_facility, 50.0);
    EXPECT_FALSE(solo->m_discrimination.has_value());
    EXPECT_FALSE(solo->m_discriminationFlag);

    // Layout: scenarios in order, items in their first-seen order.
    EXPECT_EQ(a.m_items[0].m_itemId, "q1");
    EXPECT_EQ(a.m_items[1].m_itemId, "q2");
    EXPECT_EQ(a.m_items[2].m_dimension, Dimension::Triage); // a ticket's decisions in dimension order
    EXPECT_EQ(a.m_items[3].m_dimension, Dimension::Routing);
    EXPECT_EQ(a.m_items[4].m_scenarioId, "solo");
}

TEST(ReportsItems, FewFirstAttemptsAreNamedAsACaution) {
    ItemData d; // plan: 10 first attempts, solo: fewer
    const ItemAnalysis a = BuildItemAnalysis(d.m_attempts, d.m_items, d.m_dims, PassThresholds{});
    const std::string caution = FewAttemptsCaution(a);
    EXPECT_NE(caution.find("Fewer than 20 first attempts: plan (10)"), std::string::npos) << caution;
    EXPECT_NE(caution.find("read them as hints, not verdicts"), std::string::npos) << caution;
    EXPECT_NE(RenderText(ItemsTable(a)).find(caution), std::string::npos) << "the CLI report carries it too";
    ItemAnalysis many = a;
    for (ItemStat& it : many.m_items) it.m_n = kFewFirstAttempts;
    EXPECT_EQ(FewAttemptsCaution(many), "");
}

TEST(ReportsItems, SmallGroupsStillSplitUpperAndLower) {
    // N = 2: group size round(0.54) = 1, so D = top share - bottom share.
    std::vector<Attempt> attempts = {MakeAttempt(1, 1, "s", 90, 100), MakeAttempt(2, 2, "s", 10, 100)};
    std::vector<ItemScoreRow> items = {{1, "q", ItemKind::Question, "Q", 0, 1, 0}, {2, "q", ItemKind::Question, "Q", 1, 1, 0}};
    const ItemAnalysis a = BuildItemAnalysis(attempts, items, {}, PassThresholds{});
    ASSERT_EQ(a.m_items.size(), 1u);
    EXPECT_EQ(a.m_items[0].m_groupSize, 1);
    EXPECT_DOUBLE_EQ(*a.m_items[0].m_discrimination, -1.0); // the stronger trainee got it wrong
    EXPECT_DOUBLE_EQ(a.m_items[0].m_facility, 50.0);
}

TEST(ReportsTimeline, EffectsFromTheRunningScore) {
    Attempt a = MakeAttempt(9, 1, "s1", 4.5, 10, 1000, 5000);
    a.m_startScore = 2.0;
    const std::vector<Event> events = {{9, 0, 0, 1000, "ack t", 2.0}, {9, 1, 60, 2000, "triage t category=os", 5.0},
                                       {9, 2, 120, 3000, "hint t 0", 4.5}, {9, 3, 180, 4000, "wait 1m", std::nullopt},
                                       {9, 4, 240, 4500, "wait 1m", 4.5}};
    const Timeline t = BuildTimeline(a, "Ana", events, 70.0);
    ASSERT_EQ(t.m_entries.size(), 5u);
    EXPECT_DOUBLE_EQ(*t.m_entries[0].m_effect, 0.0);
    EXPECT_DOUBLE_EQ(*t.m_entries[1].m_effect, 3.0);
    EXPECT_DOUBLE_EQ(*t.m_entries[2].m_effect, -0.5);
    EXPECT_FALSE(t.m_entries[3].m_effect.has_value()); // no running score stored
    EXPECT_FALSE(t.m_entries[4].m_effect.has_value()); // nothing to compare with
    EXPECT_EQ(t.m_entries[1].m_simTime, 60);
    EXPECT_EQ(t.m_entries[2].m_action, "hint t 0");
    a.m_startScore.reset();
    EXPECT_FALSE(BuildTimeline(a, "Ana", events, 70.0).m_entries[0].m_effect.has_value());
}

TEST(ReportsCommon, TimeOnTaskAndPercent) {
    Attempt a = MakeAttempt(1, 1, "s", 3, 4, 10'000, 70'000);
    EXPECT_EQ(TimeOnTask(a), 60'000);
    EXPECT_DOUBLE_EQ(*AttemptPercent(a), 75.0);
    Attempt open = MakeAttempt(2, 1, "s", 0, 0, 10'000);
    EXPECT_EQ(TimeOnTask(open), 0);
    open.m_lastWall = 25'000;
    EXPECT_EQ(TimeOnTask(open), 15'000);
    EXPECT_FALSE(AttemptPercent(open).has_value());
    open.m_lastWall = 5'000; // a clock that went backwards never gives negative time
    EXPECT_EQ(TimeOnTask(open), 0);
    EXPECT_DOUBLE_EQ(Percent(1, 0), 0.0);
    PassThresholds p;
    p.m_byLab["lab-a"] = 80;
    EXPECT_DOUBLE_EQ(p.For(std::string("lab-a")), 80.0);
    EXPECT_DOUBLE_EQ(p.For(std::string("lab-b")), 70.0);
    EXPECT_DOUBLE_EQ(p.For(std::nullopt), 70.0);
    EXPECT_EQ(p.Describe(), "70% (lab-a: 80%)");
    EXPECT_EQ(PassThresholds{}.Describe(), "70%");
}

} // namespace
} // namespace sl::test
