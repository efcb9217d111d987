// SupportLab core tests: scoring dimensions, deduction reasons, determinism and the report formats.
#include "fixtures.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sl {
namespace {

using test::A;
using test::DimScore;
using test::ExpectOneDeduction;
using test::FindItem;
using test::Item;
using test::Play;

// The perfect run of the common scenario (t-hw arrival depends on the seed, so wait for it).
void PerfectCommon(Simulation& sim) {
    Play(sim, {"ack t-os", "ask t-os since", "diagnose t-os evlog", "step t-os rollback",
              "triage t-os category=os impact=low urgency=high", "resolve t-os fixed"});
    sim.AdvanceTo(sim.FindTicket("t-hw")->m_arrives);
    Play(sim, {"triage t-hw category=device impact=medium urgency=medium", "escalate t-hw hw_vendor \"Cracked screen\""});
}

// [SECTION] Whole runs

TEST(Scoring, PerfectRunScoresFullMarks) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 3);
    PerfectCommon(sim);
    const ScoreReport r = Score(sim);
    for (const ItemScore& item : r.m_items) {
        EXPECT_TRUE(item.m_deductions.empty()) << item.m_itemId << ": " << item.m_deductions[0].m_reason;
        EXPECT_DOUBLE_EQ(item.m_score, item.m_max) << item.m_itemId;
    }
    // t-os: triage 10, troubleshooting 10, routing 10, sla 5, hints 0 (no policy: elevation is not in play).
    EXPECT_DOUBLE_EQ(Item(r, "t-os").m_max, 35.0);
    EXPECT_FALSE(test::HasDim(Item(r, "t-os"), Dimension::Policy));
    // t-hw has no required/harmful steps: troubleshooting does not apply.
    EXPECT_FALSE(test::HasDim(Item(r, "t-hw"), Dimension::Troubleshooting));
    EXPECT_FALSE(test::HasDim(Item(r, "t-hw"), Dimension::Hints));
    EXPECT_DOUBLE_EQ(Item(r, "t-hw").m_max, 25.0);
    EXPECT_DOUBLE_EQ(r.m_total, 60.0);
    EXPECT_DOUBLE_EQ(r.m_max, 60.0);
    EXPECT_DOUBLE_EQ(r.Percent(), 100.0);
    EXPECT_DOUBLE_EQ(r.m_byDimension[static_cast<int>(Dimension::Routing)].m_max, 20.0);
    EXPECT_EQ(r.m_seed, 3u);
    EXPECT_EQ(r.m_scenarioId, "common-test");
}

TEST(Scoring, EmptyAttemptLosesEverythingWithReasons) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    const ScoreReport r = Score(sim);
    const ItemScore& os = Item(r, "t-os");
    EXPECT_DOUBLE_EQ(r.m_total, 0.0) << "credit is earned by actions";
    EXPECT_DOUBLE_EQ(os.m_score, 0.0);
    ExpectOneDeduction(os, Dimension::Triage, "category not triaged, expected os", 5.0);
    ExpectOneDeduction(os, Dimension::Triage, "priority not triaged", 5.0);
    ExpectOneDeduction(os, Dimension::Troubleshooting, "required step 'Roll back the update in safe mode' not done", 5.0);
    ExpectOneDeduction(os, Dimension::Routing, "neither resolved nor escalated by the end", 10.0);
    ExpectOneDeduction(os, Dimension::Sla, "first response: none by the end", 2.5);
    ExpectOneDeduction(os, Dimension::Sla, "resolution: still open at the end", 2.5);
    ExpectOneDeduction(os, Dimension::Troubleshooting, "nothing earned for avoiding harm: the ticket was not worked", 5.0);
    EXPECT_FALSE(test::HasDim(os, Dimension::Policy));

    // The same holds where elevation is in play: leaving the ticket open decides nothing.
    const Scenario p = test::MakePolicyScenario();
    Simulation idle(p, 1);
    const ScoreReport pr = Score(idle);
    EXPECT_DOUBLE_EQ(pr.m_total, 0.0);
    for (const char* id : {"needed", "not-needed", "trainee"})
        ExpectOneDeduction(Item(pr, id), Dimension::Policy, "no elevation decision: the ticket was left open", 5.0);
}

TEST(Scoring, AvoidingHarmCountsOnlyOnAWorkedTicket) {
    const Scenario s = test::MakeCommonScenario();
    for (const char* work : {"ask t-os since", "escalate t-os tier2 \"Rollback fails\""}) {
        Simulation sim(s, 1);
        Play(sim, {work});
        const ItemScore& os = Item(Score(sim), "t-os");
        EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Troubleshooting), 5.0) << work << ": no harmful step done";
        EXPECT_TRUE(test::Deductions(os, Dimension::Troubleshooting, "not worked").empty()) << work;
    }
    // Acknowledging is a first response, not work on the problem.
    Simulation acked(s, 1);
    Play(acked, {"ack t-os"});
    ExpectOneDeduction(Item(Score(acked), "t-os"), Dimension::Troubleshooting,
                       "nothing earned for avoiding harm: the ticket was not worked", 5.0);
}

// [SECTION] Triage

TEST(Scoring, TriageCategoryAndPriorityDistance) {
    const Scenario s = test::MakeCommonScenario();
    {
        Simulation sim(s, 1);
        Play(sim, {"triage t-os category=browser impact=low urgency=medium"}); // sev3, expected sev2
        const ItemScore& os = Item(Score(sim), "t-os");
        ExpectOneDeduction(os, Dimension::Triage, "category browser, expected os", 5.0);
        ExpectOneDeduction(os, Dimension::Triage, "priority Normal, expected High (1 level off)", 2.5);
        EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Triage), 2.5);
    }
    {
        Simulation sim(s, 1);
        Play(sim, {"triage t-os category=os impact=high urgency=high"}); // sev1: 1 level off
        EXPECT_DOUBLE_EQ(DimScore(Item(Score(sim), "t-os"), Dimension::Triage), 7.5);
    }
    {
        Scenario s2 = s;
        s2.m_weights.m_priorityStepPenalty = 0.3;
        s2.m_tickets[0].m_answer.m_impact = "high"; // expected sev1; give sev3 -> 2 levels
        Simulation sim(s2, 1);
        Play(sim, {"triage t-os category=os impact=low urgency=low"});
        const ItemScore& os = Item(Score(sim), "t-os");
        ExpectOneDeduction(os, Dimension::Triage, "priority Normal, expected Critical (2 levels off)", 0.6 * 5.0);
    }
    {
        Scenario s2 = s;
        s2.m_tickets[0].m_answer.m_impact = "high";
        Simulation sim(s2, 1);
        Play(sim, {"triage t-os category=os impact=low urgency=low"}); // 2 levels x 50% = all of it, floored
        EXPECT_DOUBLE_EQ(DimScore(Item(Score(sim), "t-os"), Dimension::Triage), 5.0);
    }
}

TEST(Scoring, ReturningToATriageReplacesItsScore) {
    const Scenario s = test::MakeCommonScenario();
    Simulation once(s, 1), twice(s, 1);
    Play(once, {"triage t-os category=os impact=low urgency=high"});
    Play(twice, {"triage t-os category=browser impact=high urgency=low", "triage t-os category=os impact=low urgency=high"});
    const ItemScore& a = Item(Score(once), "t-os");
    const ItemScore& b = Item(Score(twice), "t-os");
    EXPECT_DOUBLE_EQ(DimScore(a, Dimension::Triage), 10.0);
    EXPECT_DOUBLE_EQ(DimScore(b, Dimension::Triage), 10.0);
    EXPECT_TRUE(test::Deductions(b, Dimension::Triage).empty());
}

TEST(Scoring, TicketWeightsOverrideTheScenario) {
    Scenario s = test::MakeCommonScenario();
    ScoringWeights w;
    w.m_triage = 20;
    w.m_routing = 4;
    s.m_tickets[0].m_weights = w;
    Simulation sim(s, 1);
    Play(sim, {"triage t-os category=browser impact=low urgency=high"});
    const ItemScore& os = Item(Score(sim), "t-os");
    ExpectOneDeduction(os, Dimension::Triage, "category browser", 10.0);
    ExpectOneDeduction(os, Dimension::Routing, "neither resolved", 4.0);
}

// [SECTION] Troubleshooting

TEST(Scoring, HarmfulStepsCostTheirShareWithTheirReason) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"ask t-os since", "step t-os rollback", "step t-os reimage"});
    const ItemScore& os = Item(Score(sim), "t-os");
    ExpectOneDeduction(os, Dimension::Troubleshooting,
                       "harmful step 'Reimage the laptop' done: it wipes the user's local data", 5.0);
    EXPECT_TRUE(test::Deductions(os, Dimension::Troubleshooting, "required").empty());
    EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Troubleshooting), 5.0);
}

TEST(Scoring, RequiredStepsShareHalfEvenly) {
    Scenario s = test::MakeCommonScenario();
    Step second;
    second.m_id = "backup";
    second.m_text = "Back up the user's files";
    second.m_kind = StepKind::Required;
    s.m_tickets[0].m_steps.push_back(second);
    Simulation sim(s, 1);
    Play(sim, {"step t-os backup"});
    const ItemScore& os = Item(Score(sim), "t-os");
    ExpectOneDeduction(os, Dimension::Troubleshooting, "required step 'Roll back the update in safe mode' not done", 2.5);
    EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Troubleshooting), 7.5);
}

// [SECTION] Routing

TEST(Scoring, WrongResolutionCodeCostsHalf) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"ask t-os since", "diagnose t-os evlog", "step t-os rollback", "resolve t-os duplicate"});
    ExpectOneDeduction(Item(Score(sim), "t-os"), Dimension::Routing, "resolution code duplicate, expected fixed", 5.0);
}

TEST(Scoring, ResolvingBeforeAnyStepFixedTheProblemCostsHalf) {
    const Scenario s = test::MakeCommonScenario();
    Simulation unfixed(s, 1);
    // The rollback runs before the event log is read, so its failing branch applies: nothing is fixed.
    Play(unfixed, {"ask t-os since", "step t-os rollback", "resolve t-os fixed"});
    ExpectOneDeduction(Item(Score(unfixed), "t-os"), Dimension::Routing,
                       "resolved before any troubleshooting step fixed the problem", 5.0);

    Simulation fixed(s, 1);
    Play(fixed, {"ask t-os since", "diagnose t-os evlog", "step t-os rollback", "resolve t-os fixed"});
    EXPECT_DOUBLE_EQ(DimScore(Item(Score(fixed), "t-os"), Dimension::Routing), 10.0);
}

TEST(Scoring, AcceptableRouteEarnsItsCredit) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"escalate t-os tier2 \"Rollback fails\""});
    const ItemScore& os = Item(Score(sim), "t-os");
    ExpectOneDeduction(os, Dimension::Routing, "escalated to tier2: acceptable, but the best route is a help-desk resolution", 4.0);
    EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Routing), 6.0);
}

TEST(Scoring, WrongDestinationAndResolvingInsteadScoreZero) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    sim.AdvanceTo(sim.FindTicket("t-hw")->m_arrives);
    Play(sim, {"resolve t-hw fixed", "escalate t-os mdm \"x\""});
    const ScoreReport r = Score(sim);
    ExpectOneDeduction(Item(r, "t-hw"), Dimension::Routing,
                       "resolved at the help desk, expected escalation to hw_vendor (Hardware supplier)", 10.0);
    ExpectOneDeduction(Item(r, "t-os"), Dimension::Routing,
                       "escalated to mdm, expected a help-desk resolution; it was still on its way back at the end", 10.0);
}

// A destination with its own severity definitions takes each request with one (the escalate
// action's severity=): refused without one, with an unknown one, or where the destination takes
// none; filed at the wrong severity, a quarter of the routing points go, with the right one's
// definition as the reason.
TEST(Scoring, ARequestFiledAtTheWrongSeverityCostsAQuarterOfRouting) {
    Scenario s = test::MakeCommonScenario();
    for (Destination& d : s.m_model.m_destinations)
        if (d.m_id == "hw_vendor")
            d.m_requestSeverities = {{"a", "Severity A", "Critical: many users cannot work"},
                                     {"b", "Severity B", "Moderate: one user's device is unusable, a loaner exists"}};
    for (Ticket& t : s.m_tickets)
        if (t.m_id == "t-hw") t.m_answer.m_requestSeverity = "b";
    Simulation sim(s, 1);
    sim.AdvanceTo(sim.FindTicket("t-hw")->m_arrives);
    const ApplyResult none = sim.Apply(A("escalate t-hw hw_vendor \"Cracked screen\""));
    EXPECT_FALSE(none.m_ok);
    EXPECT_EQ(none.m_error, "a request to Hardware supplier needs its severity: severity= one of a, b");
    EXPECT_EQ(sim.Apply(A("escalate t-hw hw_vendor \"Cracked screen\" severity=z")).m_error,
              "unknown severity 'z' for Hardware supplier: severity= one of a, b");
    EXPECT_EQ(sim.Apply(A("escalate t-hw tier2 \"Cracked screen\" severity=a")).m_error,
              "Tier 2 support team takes no request severity; escalate without severity=");
    ASSERT_TRUE(sim.Apply(A("escalate t-hw hw_vendor \"Cracked screen\" severity=a")).m_ok);
    EXPECT_NE(sim.FindTicket("t-hw")->m_log.back().m_text.find("Escalated to Hardware supplier (filed as Severity A)"), std::string::npos);
    ExpectOneDeduction(Item(Score(sim), "t-hw"), Dimension::Routing,
                       "filed with Hardware supplier as Severity A, expected Severity B: Moderate: one user's device is unusable, a loaner exists",
                       2.5);

    Simulation right(s, 1);
    right.AdvanceTo(right.FindTicket("t-hw")->m_arrives);
    ASSERT_TRUE(right.Apply(A("escalate t-hw hw_vendor \"Cracked screen\" severity=b")).m_ok);
    EXPECT_TRUE(test::Deductions(Item(Score(right), "t-hw"), Dimension::Routing).empty());
}

// A ticket keyed share_trend (a pattern every tier should hear of) loses a quarter of its routing
// points until it is shared; sharing is allowed once resolved, once only, with what the pattern
// is, and is no response to the user.
TEST(Scoring, ATrendNotSharedForTheMeetingCostsAQuarterOfRouting) {
    Scenario s = test::MakeCommonScenario();
    for (Ticket& t : s.m_tickets)
        if (t.m_id == "t-os") t.m_answer.m_shareTrend = true;
    Simulation kept(s, 3);
    PerfectCommon(kept);
    ExpectOneDeduction(Item(Score(kept), "t-os"), Dimension::Routing,
                       "not shared for the trend meeting, where every tier should hear of this pattern", 2.5);

    Simulation shared(s, 3);
    EXPECT_EQ(shared.Apply(A("share t-os \"x\"")).m_ok, true);
    EXPECT_EQ(shared.FindTicket("t-os")->m_status, TicketStatus::New) << "sharing is for the team, not a response to the user";
    EXPECT_FALSE(shared.FindTicket("t-os")->m_firstResponseAt.has_value());
    EXPECT_EQ(shared.Apply(A("share t-os \"again\"")).m_error, "ticket t-os has already been shared for the trend meeting");
    Simulation late(s, 3);
    PerfectCommon(late);
    ASSERT_TRUE(late.Apply(A("share t-os \"Third rollback loop after the ring 1 update this week\"")).m_ok) << "allowed once resolved";
    const ItemScore os = Item(Score(late), "t-os");
    EXPECT_TRUE(test::Deductions(os, Dimension::Routing).empty());
    EXPECT_NE(os.m_given.find("shared for the trend meeting"), std::string::npos) << os.m_given;
    EXPECT_NE(os.m_expected.find("share it at the trend meeting"), std::string::npos) << os.m_expected;
    // Not keyed: sharing costs nothing.
    const Scenario plain = test::MakeCommonScenario();
    Simulation extra(plain, 3);
    PerfectCommon(extra);
    ASSERT_TRUE(extra.Apply(A("share t-os \"x\"")).m_ok);
    EXPECT_DOUBLE_EQ(Score(extra).Percent(), 100.0);
}

TEST(Scoring, EveryExtraHopCostsThePenalty) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"escalate t-os mdm \"a\"", "wait 30m", "escalate t-os vendor \"b\"", "wait 30m", "ask t-os since",
               "diagnose t-os evlog", "step t-os rollback", "resolve t-os fixed"});
    const ItemScore& os = Item(Score(sim), "t-os");
    ExpectOneDeduction(os, Dimension::Routing, "misrouted to mdm first; it came back after 30m", 2.0);
    ExpectOneDeduction(os, Dimension::Routing, "misrouted to vendor first; it came back after 30m", 2.0);
    EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Routing), 6.0);
    EXPECT_NE(os.m_given.find("route mdm (returned) -> vendor (returned); resolved (fixed)"), std::string::npos) << os.m_given;
}

TEST(Scoring, RoutingNeverGoesBelowZero) {
    Scenario s = test::MakeCommonScenario();
    s.m_weights.m_hopPenalty = 8;
    Simulation sim(s, 1);
    Play(sim, {"escalate t-os mdm \"a\"", "wait 30m", "escalate t-os vendor \"b\"", "wait 30m", "ask t-os since",
               "diagnose t-os evlog", "step t-os rollback", "resolve t-os duplicate"});
    const ItemScore& os = Item(Score(sim), "t-os");
    EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Routing), 0.0);
    double lost = 0;
    for (const Deduction& d : test::Deductions(os, Dimension::Routing)) lost += d.m_points;
    EXPECT_DOUBLE_EQ(lost, 10.0) << "deductions add up to what was lost";
    EXPECT_EQ(test::Deductions(os, Dimension::Routing).size(), 3u) << "every reason is still listed";
}

TEST(Scoring, IncidentMustBeLinkedAsOneGroup) {
    const Scenario s = test::MakeDrillScenario();
    {
        Simulation sim(s, 1);
        Play(sim, {"at 2m", "link wifi-1 A", "link wifi-2 A", "escalate wifi-1 it_admin \"many users\"",
                  "escalate portal service_ops \"portal error\""});
        const ScoreReport r = Score(sim);
        for (const char* id : {"wifi-1", "wifi-2", "portal"})
            EXPECT_DOUBLE_EQ(DimScore(Item(r, id), Dimension::Routing), 10.0) << id;
    }
    {
        Simulation sim(s, 1);
        Play(sim, {"at 2m", "escalate wifi-1 it_admin \"one\"", "escalate wifi-2 it_admin \"two\""});
        const ScoreReport r = Score(sim);
        ExpectOneDeduction(Item(r, "wifi-1"), Dimension::Routing, "not linked into one incident with wifi-2", 5.0);
        ExpectOneDeduction(Item(r, "wifi-2"), Dimension::Routing, "not linked into one incident with wifi-1", 5.0);
    }
    {
        Simulation sim(s, 1);
        // The portal ticket does not belong under the incident's label.
        Play(sim, {"at 2m", "link wifi-1 A", "link wifi-2 A", "link portal A", "escalate wifi-1 it_admin \"many\""});
        const ScoreReport r = Score(sim);
        ExpectOneDeduction(Item(r, "wifi-1"), Dimension::Routing, "not linked into one incident", 5.0);
        EXPECT_EQ(sim.FindTicket("portal")->m_status, TicketStatus::Escalated) << "escalated with the group";
        ExpectOneDeduction(Item(r, "portal"), Dimension::Routing, "escalated to it_admin, expected service_ops", 10.0);
    }
}

// A ticket that went to a destination linked with tickets outside its incident loses half its
// routing, even when it came back and was relinked and sent on rightly; so do the incident's own
// tickets that went with it.
TEST(Scoring, LinksAreJudgedWhenTheTicketIsHandedOff) {
    const Scenario s = test::MakeDrillScenario();
    Simulation sim(s, 1);
    Play(sim, {"at 2m", "link wifi-1 A", "link wifi-2 A", "link portal A", "escalate wifi-1 it_admin \"many\"",
              "wait 40m", "link portal P", "escalate portal service_ops \"portal error\""});
    const TicketState* portal = sim.FindTicket("portal");
    ASSERT_EQ(portal->m_route.size(), 2u);
    EXPECT_TRUE(portal->m_route[0].m_returned);
    const ScoreReport r = Score(sim);
    ExpectOneDeduction(Item(r, "portal"), Dimension::Routing,
                       "escalated to it_admin linked with wifi-1, wifi-2, but it belongs to no incident", 5.0);
    ExpectOneDeduction(Item(r, "wifi-1"), Dimension::Routing,
                       "escalated to it_admin linked with portal, which are not part of its incident", 5.0);
    ExpectOneDeduction(Item(r, "wifi-2"), Dimension::Routing,
                       "escalated to it_admin linked with portal, which are not part of its incident", 5.0);
    EXPECT_TRUE(test::Deductions(Item(r, "wifi-1"), Dimension::Routing, "not linked into one incident").empty())
        << "at the end the incident is linked as one";

    // Linked with its own incident only, or not linked at all when it has none: nothing lost.
    Simulation right(s, 1);
    Play(right, {"at 2m", "link wifi-1 A", "link wifi-2 A", "escalate wifi-1 it_admin \"many\"",
                 "escalate portal service_ops \"portal error\""});
    const ScoreReport ok = Score(right);
    for (const char* id : {"wifi-1", "wifi-2", "portal"})
        EXPECT_TRUE(test::Deductions(Item(ok, id), Dimension::Routing, "linked with").empty()) << id;
}

TEST(Scoring, IncidentSplitAcrossTwoLabelsIsNotLinked) {
    const Scenario s = test::MakeDrillScenario();
    Simulation sim(s, 1);
    Play(sim, {"at 2m", "link wifi-1 A", "link wifi-2 B", "escalate wifi-1 it_admin \"one\"", "escalate wifi-2 it_admin \"two\""});
    const ScoreReport r = Score(sim);
    ExpectOneDeduction(Item(r, "wifi-1"), Dimension::Routing, "not linked into one incident with wifi-2", 5.0);
    ExpectOneDeduction(Item(r, "wifi-2"), Dimension::Routing, "not linked into one incident with wifi-1", 5.0);
    EXPECT_NE(Item(r, "wifi-1").m_explanation.find("Multi-user device issues go to the IT admin."), std::string::npos);
}

TEST(Scoring, ResolvingCanBeAnAcceptableRoute) {
    Scenario s = test::MakeCommonScenario();
    s.m_tickets[1].m_answer.m_acceptableRoutes = {"resolve"};
    s.m_weights.m_acceptableRouteCredit = 0.25;
    Simulation sim(s, 1);
    sim.AdvanceTo(sim.FindTicket("t-hw")->m_arrives);
    Play(sim, {"resolve t-hw workaround"});
    ExpectOneDeduction(Item(Score(sim), "t-hw"), Dimension::Routing,
                       "resolved at the help desk: acceptable, but the best route is hw_vendor (Hardware supplier)", 7.5);
}

// [SECTION] SLA

TEST(Scoring, SlaIsJudgedAgainstTheExpectedPriority) {
    Scenario s = test::MakeCommonScenario();
    // No step fixes t-os here, so resolving it straight away is the right outcome.
    for (Step& step : s.m_tickets[0].m_steps)
        for (Outcome& o : step.m_outcomes) o.m_fixes = false;
    // Expected sev2: first response 30m, resolution 8h. Triaging it as sev3 does not buy time.
    {
        Simulation sim(s, 1);
        Play(sim, {"wait 24m", "triage t-os impact=low urgency=low", "wait 6h", "resolve t-os fixed"});
        const ItemScore& os = Item(Score(sim), "t-os");
        ExpectOneDeduction(os, Dimension::Sla, "first response took 25m, target 30m (warned)", 1.25);
        ExpectOneDeduction(os, Dimension::Sla, "resolution took 6h27m, target 8h00m (warned)", 1.25);
        EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Sla), 2.5);
    }
    {
        Simulation sim(s, 1);
        Play(sim, {"wait 30m", "ack t-os", "wait 9h", "resolve t-os fixed"});
        const ItemScore& os = Item(Score(sim), "t-os");
        ExpectOneDeduction(os, Dimension::Sla, "first response took 31m, target 30m (breached)", 2.5);
        ExpectOneDeduction(os, Dimension::Sla, "resolution took 9h33m, target 8h00m (breached)", 2.5);
    }
    {
        Simulation sim(s, 1);
        Play(sim, {"wait 21m", "ack t-os", "wait 4h", "resolve t-os fixed"}); // 22m < 22.5m; 4h24m < 6h
        EXPECT_TRUE(test::Deductions(Item(Score(sim), "t-os"), Dimension::Sla).empty());
    }
}

TEST(Scoring, SlaResolutionCreditOnlyForTheRightOutcome) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    // t-hw goes to the supplier; t-os is closed before the rollback fixed it; both fast.
    Play(sim, {"resolve t-os fixed"});
    sim.AdvanceTo(sim.FindTicket("t-hw")->m_arrives);
    Play(sim, {"resolve t-hw fixed"});
    const ScoreReport r = Score(sim);
    ExpectOneDeduction(Item(r, "t-os"), Dimension::Sla,
                       "resolution: no SLA credit for a wrong outcome (resolved before any step fixed the problem)", 2.5);
    ExpectOneDeduction(Item(r, "t-hw"), Dimension::Sla,
                       "resolution: no SLA credit for a wrong outcome (resolved at the help desk, expected hw_vendor)", 2.5);
    EXPECT_TRUE(test::Deductions(Item(r, "t-hw"), Dimension::Sla, "first response").empty()) << "responding was right";

    Simulation wrongCode(s, 1);
    Play(wrongCode, {"ask t-os since", "diagnose t-os evlog", "step t-os rollback", "resolve t-os duplicate"});
    ExpectOneDeduction(Item(Score(wrongCode), "t-os"), Dimension::Sla,
                       "resolution: no SLA credit for a wrong outcome (resolved as duplicate, expected fixed)", 2.5);
}

TEST(Scoring, SlaWarnedCreditIsAWeight) {
    Scenario s = test::MakeCommonScenario();
    s.m_weights.m_slaWarnedCredit = 0.8;
    Simulation sim(s, 1);
    Play(sim, {"wait 24m", "ack t-os"});
    ExpectOneDeduction(Item(Score(sim), "t-os"), Dimension::Sla, "first response took 25m", 0.5);
}

// [SECTION] Policy

TEST(Scoring, ElevationPolicy) {
    const Scenario s = test::MakePolicyScenario();
    {
        Simulation sim(s, 1);
        Play(sim, {"elevate needed", "resolve needed fixed", "elevate not-needed", "resolve not-needed fixed", "elevate trainee",
                  "escalate trainee it_admin \"needs admin rights\""});
        const ScoreReport r = Score(sim);
        EXPECT_DOUBLE_EQ(DimScore(Item(r, "needed"), Dimension::Policy), 5.0);
        ExpectOneDeduction(Item(r, "not-needed"), Dimension::Policy, "elevation was not needed", 5.0);
        ExpectOneDeduction(Item(r, "trainee"), Dimension::Policy,
                           "role Help-desk agent may not request elevated privileges; only designated staff may", 5.0);
    }
    {
        Simulation sim(s, 1);
        Play(sim, {"resolve needed fixed", "resolve not-needed fixed", "escalate trainee it_admin \"needs admin rights\""});
        const ScoreReport r = Score(sim);
        ExpectOneDeduction(Item(r, "needed"), Dimension::Policy, "elevation was needed to fix this", 5.0);
        EXPECT_DOUBLE_EQ(DimScore(Item(r, "not-needed"), Dimension::Policy), 5.0);
        EXPECT_DOUBLE_EQ(DimScore(Item(r, "trainee"), Dimension::Policy), 5.0) << "not permitted: escalating is right";
    }
}

TEST(Scoring, AStepThatNeedsElevationDoneWithoutItIsAPolicyFault) {
    Scenario s = test::MakePolicyScenario();
    Step install;
    install.m_id = "install";
    install.m_text = "Install the signed driver";
    install.m_requiresElevation = true;
    for (Ticket& t : s.m_tickets) t.m_steps = {install};
    s.m_tickets[1].m_elevationRequester.clear(); // "not-needed": only the step puts elevation in play
    {
        Simulation sim(s, 1);
        Play(sim, {"step needed install", "elevate needed", "resolve needed fixed", "elevate not-needed",
                  "step not-needed install", "resolve not-needed fixed"});
        const ScoreReport r = Score(sim);
        ExpectOneDeduction(Item(r, "needed"), Dimension::Policy,
                           "step 'Install the signed driver' needs elevated rights: done without requesting elevation first", 5.0);
        EXPECT_TRUE(test::Deductions(Item(r, "not-needed"), Dimension::Policy, "needs elevated rights").empty())
            << "elevated first: no fault";
        EXPECT_TRUE(test::HasDim(Item(r, "not-needed"), Dimension::Policy)) << "the step puts elevation in play";
    }
    {
        // The help-desk agent may not elevate: doing the step at all is the fault; escalating is right.
        Simulation sim(s, 1);
        Play(sim, {"step trainee install", "escalate trainee it_admin \"needs admin rights\""});
        ExpectOneDeduction(Item(Score(sim), "trainee"), Dimension::Policy,
                           "step 'Install the signed driver' needs elevated rights: role Help-desk agent may not request "
                           "them; escalate to staff who may", 5.0);
    }
}

// Each action's effect taken apart: the dimensions' changes add up to the total's, each deduction
// made or taken away is listed, and a harmful first step shows its harm beside its credit.
TEST(Scoring, EachActionsEffectIsTakenApartByDimensionAndReason) {
    const Scenario s = test::MakeCommonScenario();
    std::vector<Action> log;
    for (const char* line : {"ask t-os since", "step t-os reimage", "triage t-os category=os impact=low urgency=high"})
        log.push_back(test::A(line));
    const std::vector<ActionEffect> effects = ActionEffects(s, 1, log);
    ASSERT_EQ(effects.size(), 3u);
    Simulation sim(s, 1);
    double total = Score(sim).m_total;
    for (size_t i = 0; i < log.size(); ++i) {
        ASSERT_TRUE(sim.Apply(log[i]).m_ok);
        const double after = Score(sim).m_total;
        EXPECT_NEAR(effects[i].m_total, after - total, 1e-9) << i;
        double dims = 0, reasons = 0;
        for (double d : effects[i].m_byDimension) dims += d;
        for (const ReasonChange& r : effects[i].m_reasons) reasons += r.m_points;
        EXPECT_NEAR(dims, effects[i].m_total, 1e-9) << i;
        EXPECT_NEAR(reasons, effects[i].m_total, 1e-9) << i;
        total = after;
    }
    // The ask works the ticket: the harm-avoidance credit arrives with it.
    EXPECT_DOUBLE_EQ(effects[0].m_byDimension[static_cast<int>(Dimension::Troubleshooting)], 5.0);
    // The reimage: -5 for the harm, nothing else in troubleshooting; shown as such.
    const ActionEffect& harm = effects[1];
    EXPECT_DOUBLE_EQ(harm.m_byDimension[static_cast<int>(Dimension::Troubleshooting)], -5.0);
    ASSERT_EQ(harm.m_reasons.size(), 1u);
    EXPECT_EQ(harm.m_reasons[0].m_reason, "harmful step 'Reimage the laptop' done: it wipes the user's local data");
    EXPECT_DOUBLE_EQ(harm.m_reasons[0].m_points, -5.0);
    EXPECT_EQ(FormatDimensionEffects(harm), "troubleshooting -5.00");
    EXPECT_EQ(FormatDimensionEffects(ActionEffect{}), "");
}

TEST(Scoring, PolicyAppliesOnlyWhereElevationIsInPlay) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    PerfectCommon(sim);
    EXPECT_FALSE(test::HasDim(Item(Score(sim), "t-os"), Dimension::Policy)) << "no one asks and the key needs none";

    // Asking for elevation where none is in play is still a fault: a penalty off the ticket's points.
    Simulation elevated(s, 1);
    Play(elevated, {"ack t-os", "elevate t-os", "ask t-os since", "diagnose t-os evlog", "step t-os rollback",
                    "triage t-os category=os impact=low urgency=high", "resolve t-os fixed"});
    const ItemScore os = Item(Score(elevated), "t-os");
    ASSERT_TRUE(test::HasDim(os, Dimension::Policy));
    EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Policy), -5.0) << "worth 0, so it holds only the penalty";
    ExpectOneDeduction(os, Dimension::Policy, "role Help-desk agent may not request elevated privileges", 5.0);
    EXPECT_DOUBLE_EQ(os.m_score, 30.0);
    EXPECT_DOUBLE_EQ(os.m_max, 35.0);
}

// [SECTION] Hints

TEST(Scoring, HintsCostPointsAndTheItemStaysAtOrAboveZero) {
    Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    PerfectCommon(sim);
    const ScoreReport full = Score(sim);
    s.m_tickets[0].m_hints[1].m_cost = 0.5;
    Simulation hinted(s, 1);
    Play(hinted, {"hint t-os 1", "hint t-os 0"});
    PerfectCommon(hinted);
    const ScoreReport r = Score(hinted);
    const ItemScore& os = Item(r, "t-os");
    ExpectOneDeduction(os, Dimension::Hints, "hint 1 taken", 1.0);
    ExpectOneDeduction(os, Dimension::Hints, "hint 2 taken", 0.5);
    EXPECT_DOUBLE_EQ(DimScore(os, Dimension::Hints), -1.5);
    EXPECT_DOUBLE_EQ(os.m_score, 33.5);
    EXPECT_DOUBLE_EQ(r.m_total, full.m_total - 1.5);

    Scenario costly = test::MakeCommonScenario();
    costly.m_tickets[0].m_hints[0].m_cost = 100;
    Simulation broke(costly, 1);
    Play(broke, {"hint t-os 0"});
    EXPECT_DOUBLE_EQ(Item(Score(broke), "t-os").m_score, 0.0);
}

// [SECTION] Questions

TEST(Scoring, QuestionTypes) {
    const Scenario s = test::MakeQuestionScenario();
    Simulation sim(s, 1);
    Play(sim, {"answer q-single t2", "answer q-multi a b c", "answer q-match d1=provider d2=provider", "answer q-order t1 t3 t2 t4"});
    const ScoreReport r = Score(sim);
    const ItemScore& single = Item(r, "q-single");
    ExpectOneDeduction(single, Dimension::Knowledge, "chose t2 (Tier 2), expected t1 (Tier 1)", 2.0);
    EXPECT_DOUBLE_EQ(single.m_score, 0.0);
    const ItemScore& multi = Item(r, "q-multi");
    ExpectOneDeduction(multi, Dimension::Knowledge, "picked wrong option b (B)", 2.0);
    EXPECT_DOUBLE_EQ(multi.m_score, 2.0); // 4 x (2 - 1) / 2
    const ItemScore& match = Item(r, "q-match");
    ExpectOneDeduction(match, Dimension::Knowledge, "'Elevation' matched with provider (Support provider), expected admin (IT admin)", 1.0);
    ExpectOneDeduction(match, Dimension::Knowledge, "'Escalation' not matched, expected provider", 1.0);
    EXPECT_DOUBLE_EQ(match.m_score, 1.0);
    const ItemScore& order = Item(r, "q-order");
    ExpectOneDeduction(order, Dimension::Knowledge, "position 2: t3 (Tier 3), expected t2 (Tier 2)", 1.0);
    ExpectOneDeduction(order, Dimension::Knowledge, "position 3: t2 (Tier 2), expected t3 (Tier 3)", 1.0);
    EXPECT_DOUBLE_EQ(order.m_score, 2.0);
    // In words, as the trainee saw the options (the debrief's "What you did" and "Expected").
    EXPECT_EQ(order.m_given, "Tier 1, then Tier 3, then Tier 2, then Tier 4");
    EXPECT_EQ(match.m_expected, "SLAs: Support provider\nElevation: IT admin\nEscalation: Support provider");
}

TEST(Scoring, MultipleChoiceNeverGoesNegative) {
    const Scenario s = test::MakeQuestionScenario();
    Simulation sim(s, 1);
    Play(sim, {"answer q-multi b d"});
    const ItemScore& multi = Item(Score(sim), "q-multi");
    EXPECT_DOUBLE_EQ(multi.m_score, 0.0);
    EXPECT_DOUBLE_EQ(DimScore(multi, Dimension::Knowledge), 0.0);
}

TEST(Scoring, UnansweredAndReansweredQuestions) {
    const Scenario s = test::MakeQuestionScenario();
    Simulation sim(s, 1);
    Play(sim, {"answer q-single t3", "answer q-single t1", "hint q-single 0"});
    const ScoreReport r = Score(sim);
    const ItemScore& single = Item(r, "q-single");
    EXPECT_TRUE(test::Deductions(single, Dimension::Knowledge).empty()) << "the later answer replaces the earlier";
    EXPECT_DOUBLE_EQ(single.m_score, 1.5);
    ExpectOneDeduction(Item(r, "q-order"), Dimension::Knowledge, "not answered", 4.0);
    EXPECT_EQ(Item(r, "q-order").m_given, "not answered");
    EXPECT_DOUBLE_EQ(r.m_byDimension[static_cast<int>(Dimension::Knowledge)].m_max, 13.0);
    EXPECT_DOUBLE_EQ(r.m_byDimension[static_cast<int>(Dimension::Knowledge)].m_score, 2.0);
    EXPECT_DOUBLE_EQ(r.m_total, 1.5);
}

// [SECTION] Variation and determinism

TEST(Scoring, DifferentSeedsGiveDifferentWorkButTheSameScore) {
    const Scenario s = test::MakeCommonScenario();
    const std::vector<std::string> script = {"ask t-os since", "step t-os reimage", "triage t-os category=os impact=low urgency=low",
                                             "resolve t-os fixed", "at 20m", "escalate t-hw tier2 \"screen\"", "wait 45m",
                                             "triage t-hw category=device impact=medium urgency=medium",
                                             "escalate t-hw hw_vendor \"screen\""};
    Simulation a(s, 1);
    Simulation b(s, 2);
    ASSERT_TRUE(a.FindTicket("t-hw")->m_arrives != b.FindTicket("t-hw")->m_arrives ||
                a.FindTicket("t-hw")->m_user.m_name != b.FindTicket("t-hw")->m_user.m_name)
        << "seeds 1 and 2 should draw different work";
    Play(a, script);
    Play(b, script);
    const ScoreReport ra = Score(a), rb = Score(b);
    EXPECT_DOUBLE_EQ(ra.m_total, rb.m_total);
    ASSERT_EQ(ra.m_items.size(), rb.m_items.size());
    for (size_t i = 0; i < ra.m_items.size(); ++i) {
        EXPECT_DOUBLE_EQ(ra.m_items[i].m_score, rb.m_items[i].m_score);
        ASSERT_EQ(ra.m_items[i].m_deductions.size(), rb.m_items[i].m_deductions.size());
        for (size_t k = 0; k < ra.m_items[i].m_deductions.size(); ++k)
            EXPECT_EQ(ra.m_items[i].m_deductions[k].m_reason, rb.m_items[i].m_deductions[k].m_reason);
    }
    EXPECT_LT(ra.m_total, ra.m_max) << "the script has mistakes, so the comparison is not trivial";
}

TEST(Scoring, SameSeedAndActionsGiveIdenticalJson) {
    const Scenario s = test::MakeDrillScenario();
    const std::vector<std::string> script = {"at 1m", "triage portal category=infra impact=medium urgency=low",
                                             "escalate portal tier2 \"portal\"", "at 3m", "link wifi-1 W", "link wifi-2 W",
                                             "escalate wifi-2 it_admin \"wifi\""};
    std::string first;
    for (int i = 0; i < 3; ++i) {
        Simulation sim(s, 12345);
        Play(sim, script);
        const std::string json = FormatScoreJson(Score(sim));
        if (i == 0) first = json;
        EXPECT_EQ(json, first);
    }
    EXPECT_NE(first.find("\"seed\": 12345"), std::string::npos);
}

TEST(Scoring, TotalsAreTheSumOfItems) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 9);
    Play(sim, {"ask t-os since", "triage t-os category=browser", "hint t-os 0", "escalate t-os tier2 \"x\""});
    const ScoreReport r = Score(sim);
    double total = 0, max = 0, dimTotal = 0, dimMax = 0;
    for (const ItemScore& item : r.m_items) {
        total += item.m_score;
        max += item.m_max;
        double sum = 0;
        for (const DimensionScore& d : item.m_dimensions) sum += d.m_score;
        EXPECT_DOUBLE_EQ(item.m_score, std::max(0.0, sum));
    }
    for (const DimensionScore& d : r.m_byDimension) {
        dimTotal += d.m_score;
        dimMax += d.m_max;
    }
    EXPECT_DOUBLE_EQ(r.m_total, total);
    EXPECT_DOUBLE_EQ(r.m_max, max);
    EXPECT_DOUBLE_EQ(dimTotal, total);
    EXPECT_DOUBLE_EQ(dimMax, max);
}

// [SECTION] Report formats

TEST(Scoring, JsonEscapesEveryString) {
    Scenario s = test::MakeQuestionScenario();
    s.m_id = std::string("q\"uote\\back\nline\ttab\x01 bad\xff utf8 \xc3\xa9");
    Simulation sim(s, 1);
    const std::string json = FormatScoreJson(Score(sim));
    EXPECT_NE(json.find(R"("scenario": "q\"uote\\back\nline\ttab\u0001 bad\ufffd utf8 é")"), std::string::npos) << json;
    for (char c : json) EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << "raw control byte";
}

TEST(Scoring, JsonShape) {
    const Scenario s = test::MakeQuestionScenario();
    Simulation sim(s, 4);
    Play(sim, {"answer q-single t1"});
    const std::string json = FormatScoreJson(Score(sim));
    EXPECT_EQ(json.rfind("{\n  \"scenario\": \"plan-test\",\n", 0), 0u) << json;
    EXPECT_NE(json.find("\"total\": 2.00,"), std::string::npos);
    EXPECT_NE(json.find("\"max\": 13.00,"), std::string::npos);
    EXPECT_NE(json.find("{\"dimension\": \"knowledge\", \"score\": 2.00, \"max\": 13.00}"), std::string::npos);
    EXPECT_NE(json.find("{\"dimension\": \"knowledge\", \"points\": 3.00, \"reason\": \"not answered\"}"), std::string::npos);
    // Balanced brackets outside strings: a cheap structural check.
    int depth = 0;
    bool inString = false;
    for (size_t i = 0; i < json.size(); ++i) {
        if (inString) {
            if (json[i] == '\\') ++i;
            else if (json[i] == '"') inString = false;
        } else if (json[i] == '"') inString = true;
        else if (json[i] == '{' || json[i] == '[') ++depth;
        else if (json[i] == '}' || json[i] == ']') --depth;
        EXPECT_GE(depth, 0);
    }
    EXPECT_EQ(depth, 0);
}

TEST(Scoring, GoldenText) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 7);
    Play(sim, {"ask t-os since", "step t-os rollback", "triage t-os category=os impact=low urgency=medium", "hint t-os 0",
              "resolve t-os workaround", "at 20m", "escalate t-hw mdm \"screen cracked\"", "wait 30m",
              "escalate t-hw hw_vendor \"screen cracked; warranty\""});
    const std::string text = FormatScoreText(Score(sim));
    const std::string path = std::string(SUPPORTLAB_TEST_DATA_DIR) + "/golden_score.txt";
    // Regenerate deliberately with SUPPORTLAB_UPDATE_GOLDEN=1 after a reviewed format change.
    if (std::getenv("SUPPORTLAB_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << text;
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in.good()) << "missing " << path << "; the report is:\n" << text;
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(text, expected.str());
}

// Replayed at the recorded times, time that passed between two actions counts towards the second:
// the effects add up to the score the attempt had, and `sim` is left where the attempt was.
TEST(Scoring, EffectsAtRecordedTimesAddUpToTheAttemptsScore) {
    const Scenario s = test::MakeCommonScenario();
    std::vector<Action> log;
    for (const char* line : {"ask t-os since", "step t-os rollback", "triage t-os category=os impact=low urgency=high"})
        log.push_back(test::A(line));
    const std::vector<SimTime> at = {7200, 7300, 7400}; // the first reply comes after its 1 h target
    Simulation played(s, 1);
    const double start = Score(played).m_total;
    for (size_t i = 0; i < log.size(); ++i) {
        played.AdvanceTo(at[i]);
        ASSERT_TRUE(played.Apply(log[i]).m_ok);
    }
    Simulation sim(s, 1);
    const std::vector<ActionEffect> effects = ActionEffectsAt(sim, log, at);
    ASSERT_EQ(effects.size(), 3u);
    EXPECT_NEAR(start + effects[0].m_total + effects[1].m_total + effects[2].m_total, Score(played).m_total, 1e-9);
    EXPECT_EQ(sim.Now(), played.Now());
    // Untimed, the same first reply is in time: only the timed replay shows it late.
    const std::vector<ActionEffect> untimed = ActionEffects(s, 1, log);
    EXPECT_GT(untimed[0].m_total, effects[0].m_total);
}

// A lab's combined report: every module's items in order, and the sums of its dimensions, totals
// and times; a module without a report adds nothing.
TEST(Scoring, CombinedReportsSumTheirPartsAndKeepEveryItem) {
    const Scenario common = test::MakeCommonScenario(), review = test::MakeQuestionScenario();
    Simulation a(common, 1);
    Play(a, {"ask t-os since"});
    Simulation b(review, 1);
    Play(b, {"answer q-single t1"});
    const ScoreReport ra = Score(a), rb = Score(b);
    const ScoreReport c = CombineReports("lab-x", {&ra, nullptr, &rb});
    EXPECT_EQ(c.m_scenarioId, "lab-x");
    ASSERT_EQ(c.m_items.size(), ra.m_items.size() + rb.m_items.size());
    EXPECT_EQ(c.m_items.front().m_itemId, ra.m_items.front().m_itemId);
    EXPECT_EQ(c.m_items.back().m_itemId, rb.m_items.back().m_itemId);
    EXPECT_DOUBLE_EQ(c.m_total, ra.m_total + rb.m_total);
    EXPECT_DOUBLE_EQ(c.m_max, ra.m_max + rb.m_max);
    EXPECT_EQ(c.m_endTime, ra.m_endTime + rb.m_endTime);
    for (int d = 0; d < kDimensionCount; ++d) {
        EXPECT_EQ(c.m_byDimension[d].m_dimension, static_cast<Dimension>(d));
        EXPECT_DOUBLE_EQ(c.m_byDimension[d].m_score, ra.m_byDimension[d].m_score + rb.m_byDimension[d].m_score) << d;
        EXPECT_DOUBLE_EQ(c.m_byDimension[d].m_max, ra.m_byDimension[d].m_max + rb.m_byDimension[d].m_max) << d;
    }
}

// A fault found after its skill's points were all lost is listed as costing nothing more, not
// as "-0.00".
TEST(Scoring, AFaultWithNoPointsLeftReadsAsCostingNothingMore) {
    ScoreReport r;
    ItemScore it;
    it.m_itemId = "t-x";
    it.m_kind = ItemKind::Ticket;
    it.m_deductions = {{Dimension::Policy, 5.0, "first fault"}, {Dimension::Policy, 0.0, "elevation was needed to fix this"}};
    r.m_items.push_back(it);
    const std::string text = FormatScoreText(r);
    EXPECT_NE(text.find("  - policy -5.00: first fault"), std::string::npos) << text;
    EXPECT_NE(text.find("  - policy 0.00 (no policy points left to lose): elevation was needed to fix this"), std::string::npos) << text;
    EXPECT_EQ(text.find("-0.00"), std::string::npos) << text;
}

} // namespace
} // namespace sl
