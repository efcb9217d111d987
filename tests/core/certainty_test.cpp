// SupportLab core tests: certainty-based marking of triage and routing decisions (Moodle's table).
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace sl {
namespace {

using test::A;
using test::Play;

Scenario CbmScenario() {
    Scenario s = test::MakeCommonScenario();
    s.m_certaintyMarking = true;
    return s;
}

const CertaintyMark* FindMark(const CertaintyReport& c, const std::string& item, Dimension d) {
    for (const CertaintyMark& m : c.m_marks)
        if (m.m_itemId == item && m.m_decision == d) return &m;
    return nullptr;
}

// [SECTION] Script syntax

TEST(Certainty, DecisionsCarryACertaintyThatReadsBack) {
    const Action triage = A("triage t-os category=os impact=low certainty=high");
    EXPECT_EQ(triage.m_certainty, 3);
    EXPECT_EQ(triage.m_impact, "low");
    EXPECT_EQ(FormatAction(triage), "triage t-os category=os impact=low certainty=high");
    const Action esc = A("escalate t-hw hw_vendor \"Cracked screen\" certainty=low");
    EXPECT_EQ(esc.m_certainty, 1);
    EXPECT_EQ(esc.m_note, "Cracked screen");
    EXPECT_EQ(A(FormatAction(esc)).m_certainty, 1);
    EXPECT_EQ(A("resolve t-os fixed certainty=medium").m_certainty, 2);
    // A note that looks like a certainty stays a note, and is written quoted so it reads back so.
    const Action note = A("escalate t-hw hw_vendor \"certainty=high\"");
    EXPECT_EQ(note.m_certainty, 0);
    EXPECT_EQ(note.m_note, "certainty=high");
    EXPECT_EQ(A(FormatAction(note)).m_note, "certainty=high");
    EXPECT_EQ(A("triage t-os category=os").m_certainty, 0);
}

TEST(Certainty, BadCertaintiesAreRefusedWithTheirColumn) {
    const ScriptParseResult bad = ParseActionScript("triage t-os category=os certainty=sure\n");
    ASSERT_EQ(bad.m_errors.size(), 1u);
    EXPECT_EQ(bad.m_errors[0].m_col, 25);
    EXPECT_EQ(bad.m_errors[0].m_message, "certainty is low, medium or high, got 'sure'");
    const ScriptParseResult ack = ParseActionScript("ack t-os certainty=high\n");
    ASSERT_EQ(ack.m_errors.size(), 1u);
    EXPECT_NE(ack.m_errors[0].m_message.find("too many words for 'ack'"), std::string::npos) << ack.m_errors[0].m_message;
    const ScriptParseResult early = ParseActionScript("triage t-os certainty=high category=os\n");
    ASSERT_EQ(early.m_errors.size(), 1u);
    EXPECT_NE(early.m_errors[0].m_message.find("certainty= comes last"), std::string::npos) << early.m_errors[0].m_message;
}

// [SECTION] The simulation asks for it only where the scenario marks it

TEST(Certainty, AMarkingScenarioNeedsACertaintyOnEveryDecision) {
    const Scenario s = CbmScenario();
    Simulation sim(s, 1);
    for (const char* line : {"triage t-os category=os", "resolve t-os fixed"}) {
        const ApplyResult r = sim.Apply(A(line));
        EXPECT_FALSE(r.m_ok) << line;
        EXPECT_EQ(r.m_error, "this scenario marks certainty: say how sure you are with certainty=low, medium or high");
    }
    EXPECT_TRUE(sim.Log().empty());
    Play(sim, {"ack t-os", "triage t-os category=os certainty=low"});
    EXPECT_EQ(sim.FindTicket("t-os")->m_triageCertainty, 1);

    const Scenario plain = test::MakeCommonScenario();
    Simulation other(plain, 1);
    const ApplyResult r = other.Apply(A("triage t-os category=os certainty=high"));
    EXPECT_FALSE(r.m_ok);
    EXPECT_EQ(r.m_error, "this scenario does not mark certainty; leave certainty= out");
}

// [SECTION] Marks

TEST(Certainty, MoodlesTableWithPartialCreditScaled) {
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(1.0, 1), 1.0);
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(1.0, 2), 2.0);
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(1.0, 3), 3.0);
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(0.0, 1), 0.0);
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(0.0, 2), -2.0);
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(0.0, 3), -6.0);
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(0.5, 3), 1.5);
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(0.6, 2), 1.2);
    EXPECT_DOUBLE_EQ(CertaintyMarkFor(1.0, 0), 0.0) << "no certainty, no mark";
}

TEST(Certainty, CalibrationUsesTheRangesWhereEachLevelPays) {
    EXPECT_STREQ(CalibrationOf(1, 50.0), "well calibrated");
    EXPECT_STREQ(CalibrationOf(1, 90.0), "under-confident");
    EXPECT_STREQ(CalibrationOf(2, 70.0), "well calibrated");
    EXPECT_STREQ(CalibrationOf(2, 50.0), "over-confident");
    EXPECT_STREQ(CalibrationOf(2, 85.0), "under-confident");
    EXPECT_STREQ(CalibrationOf(3, 75.0), "over-confident");
    EXPECT_STREQ(CalibrationOf(3, 100.0), "well calibrated");
}

TEST(Certainty, ReportGivesAccuracyCbmAndCalibrationApart) {
    const Scenario s = CbmScenario();
    Simulation sim(s, 3);
    // t-os: triage right at high (3), resolved right at medium (2).
    Play(sim, {"ack t-os", "ask t-os since", "diagnose t-os evlog", "step t-os rollback",
               "triage t-os category=os impact=low urgency=high certainty=high", "resolve t-os fixed certainty=medium"});
    sim.AdvanceTo(sim.FindTicket("t-hw")->m_arrives);
    // t-hw: category wrong, priority right (half the triage points) at high; escalated wrongly at high.
    Play(sim, {"triage t-hw category=os impact=medium urgency=medium certainty=high",
               "escalate t-hw mdm \"Screen\" certainty=high"});
    const ScoreReport r = Score(sim);
    ASSERT_TRUE(r.m_certainty.has_value());
    const CertaintyReport& c = *r.m_certainty;
    ASSERT_EQ(c.m_marks.size(), 4u);
    const CertaintyMark* hwTriage = FindMark(c, "t-hw", Dimension::Triage);
    ASSERT_NE(hwTriage, nullptr);
    EXPECT_DOUBLE_EQ(hwTriage->m_fraction, 0.5);
    EXPECT_DOUBLE_EQ(hwTriage->m_mark, 1.5);
    const CertaintyMark* hwRoute = FindMark(c, "t-hw", Dimension::Routing);
    ASSERT_NE(hwRoute, nullptr);
    EXPECT_DOUBLE_EQ(hwRoute->m_fraction, 0.0);
    EXPECT_DOUBLE_EQ(hwRoute->m_mark, -6.0);
    // Points of 10 each: accuracy (10 + 10 + 5 + 0) / 40; CBM (30 + 20 + 15 - 60) / 120.
    EXPECT_NEAR(c.m_accuracy, 62.5, 1e-9);
    EXPECT_NEAR(c.m_cbmScore, 100.0 * 5.0 / 120.0, 1e-9);
    EXPECT_EQ(c.m_levels[3].m_count, 3);
    EXPECT_NEAR(c.m_levels[3].m_accuracy, 50.0, 1e-9);
    EXPECT_EQ(c.m_levels[2].m_count, 1);
    const std::string text = FormatScoreText(r);
    EXPECT_NE(text.find("  CBM score  4.2% of the best (3 per point)"), std::string::npos) << text;
    EXPECT_NE(text.find("high    3 decision(s), 50.0% right (best above 80%): over-confident"), std::string::npos) << text;
    EXPECT_NE(text.find("- t-hw routing: high, 0.0% right, mark -6.00"), std::string::npos) << text;
    EXPECT_NE(FormatScoreJson(r).find("\"cbm_score\": 4.17"), std::string::npos);
}

TEST(Certainty, DecisionsNeverMadeMarkZero) {
    const Scenario s = CbmScenario();
    Simulation sim(s, 3);
    Play(sim, {"ack t-os"});
    const ScoreReport r = Score(sim);
    ASSERT_TRUE(r.m_certainty.has_value());
    EXPECT_EQ(r.m_certainty->m_levels[0].m_count, 4) << "both tickets' triage and routing (t-hw has not arrived; it is scored as open)";
    for (const CertaintyMark& m : r.m_certainty->m_marks) EXPECT_DOUBLE_EQ(m.m_mark, 0.0) << m.m_itemId;
    EXPECT_DOUBLE_EQ(r.m_certainty->m_cbmScore, 0.0);
}

TEST(Certainty, UsualMarksAreTheSameWithOrWithoutIt) {
    const Scenario cbm = CbmScenario();
    const Scenario plain = test::MakeCommonScenario();
    Simulation a(cbm, 3), b(plain, 3);
    Play(a, {"ack t-os", "triage t-os category=browser impact=low urgency=high certainty=low", "resolve t-os fixed certainty=high"});
    Play(b, {"ack t-os", "triage t-os category=browser impact=low urgency=high", "resolve t-os fixed"});
    const ScoreReport ra = Score(a), rb = Score(b);
    EXPECT_DOUBLE_EQ(ra.m_total, rb.m_total);
    EXPECT_FALSE(rb.m_certainty.has_value());
    EXPECT_EQ(FormatScoreJson(rb).find("certainty"), std::string::npos);
}

} // namespace
} // namespace sl
