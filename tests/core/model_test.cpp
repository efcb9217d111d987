// SupportLab core tests: the model's shared readings (intake levels, matching answer tokens).
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace sl {
namespace {

// An intake form that states no level reads as the least severe one, for the engine's reported
// priority and the triage form's first values alike.
TEST(Model, AnEmptyIntakeLevelIsTheLeastSevere) {
    const SupportModel m = test::MakeModel();
    EXPECT_EQ(m.IntakeImpact(""), "low");
    EXPECT_EQ(m.IntakeUrgency(""), "low");
    EXPECT_EQ(m.IntakeImpact("high"), "high");
    EXPECT_EQ(m.IntakeUrgency("medium"), "medium");
    SupportModel none;
    EXPECT_EQ(none.IntakeImpact(""), "") << "a model without levels has no default";
}

TEST(Model, AMatchTokenReadsBackAsItsPairAndOption) {
    const std::string tok = MatchToken("d-first-contact", "provider");
    EXPECT_EQ(tok, "d-first-contact=provider");
    std::string pair, option;
    ASSERT_TRUE(SplitMatchToken(tok, pair, option));
    EXPECT_EQ(pair, "d-first-contact");
    EXPECT_EQ(option, "provider");
    EXPECT_FALSE(SplitMatchToken("no-equals", pair, option));
    ASSERT_TRUE(SplitMatchToken("a=b=c", pair, option)) << "the first '=' splits";
    EXPECT_EQ(pair, "a");
    EXPECT_EQ(option, "b=c");
}

// The engine's reported priority uses the same reading: a ticket with no intake levels runs
// under the matrix's low/low severity.
TEST(Model, TheEngineReadsAnEmptyIntakeAsTheModelDoes) {
    Scenario s = test::MakeCommonScenario();
    s.m_tickets[0].m_reportedImpact.clear();
    s.m_tickets[0].m_reportedUrgency.clear();
    Simulation sim(s, 1);
    const SupportModel& m = s.m_model;
    EXPECT_EQ(sim.Tickets()[0].m_reportedPriority, m.PriorityFor(m.IntakeImpact(""), m.IntakeUrgency("")));
    EXPECT_EQ(sim.Tickets()[0].m_reportedPriority, 2);
}

} // namespace
} // namespace sl
