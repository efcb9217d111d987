// SupportLab core tests: the simulation engine (clock, arrival, variation, actions, misroutes, SLA).
#include "fixtures.hpp"

#include <gtest/gtest.h>

#include <set>

namespace sl {
namespace {

using test::A;
using test::Play;

// Everything observable about a simulation, so "an error changes nothing" can be checked whole.
std::string Digest(const Simulation& sim) {
    std::string out = "now=" + std::to_string(sim.Now()) + " log=" + std::to_string(sim.Log().size()) + "\n";
    for (const TicketState& t : sim.Tickets()) {
        out += t.m_def->m_id + " " + ToString(t.m_status) + " facts=" + std::to_string(t.m_knownFacts.size()) +
               " steps=" + std::to_string(t.m_stepsDone.size()) + " cat=" + t.m_category + " imp=" + t.m_impact +
               " urg=" + t.m_urgency + " prio=" + std::to_string(t.m_assignedPriority) +
               " elev=" + std::to_string(t.m_elevationRequested) + " label=" + t.m_incidentLabel +
               " hops=" + std::to_string(t.m_route.size()) + " ret=" + std::to_string(t.m_returnsAt) +
               " code=" + t.m_resolutionCode + " hints=" + std::to_string(t.m_hintsTaken.size()) +
               " fr=" + std::to_string(t.m_firstResponseAt.value_or(-1)) + " done=" + std::to_string(t.m_doneAt.value_or(-1)) +
               " tlog=" + std::to_string(t.m_log.size()) + "\n";
    }
    for (const QuestionState& q : sim.Questions())
        out += q.m_def->m_id + " answered=" + std::to_string(q.m_answered) + " n=" + std::to_string(q.m_answer.size()) +
               " hints=" + std::to_string(q.m_hintsTaken.size()) + "\n";
    return out + FormatScoreJson(Score(sim));
}

// Applies an action that must fail with a message containing `text`, and checks nothing changed.
void ExpectRejected(Simulation& sim, const std::string& line, const std::string& text) {
    const std::string before = Digest(sim);
    const std::uint64_t stamp = sim.StateStamp();
    const ApplyResult r = sim.Apply(A(line));
    EXPECT_FALSE(r.m_ok) << line;
    EXPECT_EQ(sim.StateStamp(), stamp) << line << " moved the state stamp";
    EXPECT_NE(r.m_error.find(text), std::string::npos) << line << ": '" << r.m_error << "' lacks '" << text << "'";
    EXPECT_EQ(Digest(sim), before) << line << " changed the state";
}

// [SECTION] Construction, clock, arrival

TEST(Engine, TicketsArriveOnTheClock) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    EXPECT_EQ(sim.Now(), 0);
    const TicketState* os = sim.FindTicket("t-os");
    const TicketState* hw = sim.FindTicket("t-hw");
    ASSERT_TRUE(os && hw);
    EXPECT_EQ(os->m_status, TicketStatus::New);
    EXPECT_EQ(hw->m_status, TicketStatus::NotArrived);
    EXPECT_GE(hw->m_arrives, 600);
    EXPECT_LE(hw->m_arrives, 900);
    sim.AdvanceTo(hw->m_arrives - 1);
    EXPECT_EQ(hw->m_status, TicketStatus::NotArrived);
    sim.AdvanceTo(hw->m_arrives);
    EXPECT_EQ(hw->m_status, TicketStatus::New);
    ASSERT_FALSE(hw->m_log.empty());
    EXPECT_EQ(hw->m_log[0].m_at, hw->m_arrives);
}

TEST(Engine, ClockNeverGoesBack) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    sim.AdvanceTo(500);
    sim.AdvanceTo(100);
    EXPECT_EQ(sim.Now(), 500);
    sim.AdvanceBy(10);
    EXPECT_EQ(sim.Now(), 510);
    Play(sim, {"at 5m"}); // earlier than now: no-op
    EXPECT_EQ(sim.Now(), 510);
    Play(sim, {"at 10m", "wait 1m30s"});
    EXPECT_EQ(sim.Now(), 690);
}

// The UI caches what it derives from the tickets on this stamp (see StateStamp).
TEST(Engine, StateStampMovesOnlyWhenTheStateChanges) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Simulation other(s, 1);
    EXPECT_NE(sim.StateStamp(), other.StateStamp()) << "two simulations share a stamp";
    EXPECT_NE(sim.StateStamp(), 0u) << "0 is what caches use for 'never built'";
    const SimTime arrives = sim.FindTicket("t-hw")->m_arrives;
    std::uint64_t stamp = sim.StateStamp();
    sim.AdvanceTo(arrives - 1); // the clock moves, nothing arrives
    EXPECT_EQ(sim.StateStamp(), stamp);
    sim.AdvanceTo(arrives);
    EXPECT_NE(sim.StateStamp(), stamp) << "an arrival did not move the stamp";
    stamp = sim.StateStamp();
    Play(sim, {"ack t-os"});
    EXPECT_NE(sim.StateStamp(), stamp) << "an action did not move the stamp";
    stamp = sim.StateStamp();
    Play(sim, {"escalate t-os mdm \"please look\""});
    EXPECT_NE(sim.StateStamp(), stamp);
    stamp = sim.StateStamp();
    const SimTime back = sim.FindTicket("t-os")->m_returnsAt;
    sim.AdvanceTo(back - 1);
    EXPECT_EQ(sim.StateStamp(), stamp);
    sim.AdvanceTo(back);
    EXPECT_NE(sim.StateStamp(), stamp) << "a misroute coming back did not move the stamp";
    stamp = sim.StateStamp();
    const Simulation copy = sim; // a copy holds the same state, so the same stamp
    EXPECT_EQ(copy.StateStamp(), stamp);
}

TEST(Engine, JitterIsDeterministicPerSeedAndVariesAcrossSeeds) {
    const Scenario s = test::MakeCommonScenario();
    std::set<SimTime> arrivals;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const SimTime a = Simulation(s, seed).FindTicket("t-hw")->m_arrives;
        EXPECT_EQ(a, Simulation(s, seed).FindTicket("t-hw")->m_arrives) << "seed " << seed;
        EXPECT_GE(a, 600);
        EXPECT_LE(a, 900);
        arrivals.insert(a);
        EXPECT_EQ(Simulation(s, seed).FindTicket("t-os")->m_arrives, 0) << "no jitter, no change";
    }
    EXPECT_GT(arrivals.size(), 20u) << "jitter should spread arrivals";
}

// `at arrival T` waits for the ticket's arrival under the run's seed, jitter included; it is
// logged as written, so a replay under the same seed waits the same.
TEST(Engine, AtArrivalWaitsForTheTicketUnderTheSeed) {
    const Scenario s = test::MakeCommonScenario();
    std::set<SimTime> seen;
    for (std::uint64_t seed : {1ull, 2ull, 3ull, 4ull, 5ull}) {
        Simulation sim(s, seed);
        Play(sim, {"at arrival t-hw"});
        EXPECT_EQ(sim.Now(), sim.FindTicket("t-hw")->m_arrives) << seed;
        EXPECT_EQ(sim.FindTicket("t-hw")->m_status, TicketStatus::New) << "arrived, so it can be worked";
        EXPECT_EQ(FormatAction(sim.Log().back().m_action), "at arrival t-hw");
        seen.insert(sim.Now());
    }
    EXPECT_GT(seen.size(), 1u) << "the jitter moves it between seeds";
    Simulation late(s, 1);
    Play(late, {"wait 2h", "at arrival t-hw"});
    EXPECT_EQ(late.Now(), 7200) << "never back in time";
    ExpectRejected(late, "at arrival nope", "unknown ticket 'nope'");
}

TEST(Engine, VariationDrawsFromPools) {
    const Scenario s = test::MakeCommonScenario();
    std::set<std::string> users, devices, reports;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const Simulation sim(s, seed);
        const TicketState* t = sim.FindTicket("t-hw");
        users.insert(t->m_user.m_name);
        devices.insert(t->m_device.m_model);
        reports.insert(t->m_report);
        EXPECT_NE(t->m_user.m_name, "Fixed User") << "the pool replaces the fixed user";
    }
    EXPECT_GE(users.size(), 4u);
    EXPECT_EQ(devices.size(), 3u);
    EXPECT_EQ(reports.size(), 2u);
    // Without variation the fixed fields are used.
    const Simulation sim(s, 5);
    const TicketState* os = sim.FindTicket("t-os");
    EXPECT_EQ(os->m_user.m_name, "Ana Silva");
    EXPECT_EQ(os->m_report, "My laptop keeps restarting.");
}

TEST(Engine, AddingATicketDoesNotReshuffleOthers) {
    Scenario a = test::MakeCommonScenario();
    Scenario b = a;
    Ticket extra = test::MakeHwTicket();
    extra.m_id = "t-extra";
    b.m_tickets.insert(b.m_tickets.begin(), extra);
    for (std::uint64_t seed : {3u, 8u, 21u}) {
        const Simulation sa(a, seed), sb(b, seed);
        const TicketState* x = sa.FindTicket("t-hw");
        const TicketState* y = sb.FindTicket("t-hw");
        EXPECT_EQ(x->m_arrives, y->m_arrives);
        EXPECT_EQ(x->m_user.m_name, y->m_user.m_name);
    }
}

TEST(Engine, ReportedPriorityDefaultsToTheLeastLevels) {
    Scenario s = test::MakeCommonScenario();
    s.m_tickets[1].m_reportedImpact = "high"; // urgency empty -> low: matrix[0][2] = sev2
    Simulation sim(s, 1);
    EXPECT_EQ(sim.FindTicket("t-os")->m_reportedPriority, 2); // low/low
    EXPECT_EQ(sim.FindTicket("t-hw")->m_reportedPriority, 1);
}

TEST(Engine, QuestionOptionOrderIsASeededPermutation) {
    const Scenario s = test::MakeQuestionScenario();
    std::set<std::vector<std::string>> orders;
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        const Simulation sim(s, seed);
        const QuestionState* q = sim.FindQuestion("q-order");
        std::vector<std::string> sorted = q->m_optionOrder;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(sorted, (std::vector<std::string>{"t1", "t2", "t3", "t4"}));
        EXPECT_EQ(q->m_optionOrder, Simulation(s, seed).FindQuestion("q-order")->m_optionOrder);
        orders.insert(q->m_optionOrder);
    }
    EXPECT_GT(orders.size(), 5u);
}

// [SECTION] Actions

TEST(Engine, ActionsCostTimeAndTheFirstOneRespondsToTheUser) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"wait 2m"});
    const ApplyResult r = sim.Apply(A("ask t-os since"));
    ASSERT_TRUE(r.m_ok);
    EXPECT_EQ(r.m_cost, 180);
    EXPECT_EQ(sim.Now(), 300);
    const TicketState* t = sim.FindTicket("t-os");
    EXPECT_EQ(t->m_status, TicketStatus::InProgress);
    ASSERT_TRUE(t->m_firstResponseAt.has_value());
    EXPECT_EQ(*t->m_firstResponseAt, 300) << "first response is when the action completes";
    EXPECT_EQ(sim.Apply(A("diagnose t-os evlog")).m_cost, 600) << "the fact's own cost";
    EXPECT_EQ(sim.Apply(A("step t-os reboot")).m_cost, 300);
    EXPECT_EQ(sim.Apply(A("triage t-os category=os")).m_cost, 60);
    EXPECT_EQ(*t->m_firstResponseAt, 300) << "set once";
    ASSERT_EQ(sim.Log().size(), 5u);
    EXPECT_EQ(sim.Log()[1].m_at, 120);
    EXPECT_EQ(sim.Log()[1].m_action.m_arg, "since");
}

TEST(Engine, AcknowledgeOnlyOnce) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"ack t-os"});
    EXPECT_EQ(sim.FindTicket("t-os")->m_status, TicketStatus::InProgress);
    EXPECT_EQ(sim.Now(), 60);
    ExpectRejected(sim, "ack t-os", "already been acknowledged");
}

TEST(Engine, HintIsNotAFirstResponse) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"hint t-os 1"});
    const TicketState* t = sim.FindTicket("t-os");
    EXPECT_EQ(t->m_status, TicketStatus::New);
    EXPECT_FALSE(t->m_firstResponseAt.has_value());
    EXPECT_EQ(t->m_hintsTaken, (std::vector<int>{1}));
}

TEST(Engine, NotArrivedTicketIsRejectedAndNothingChanges) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    const SimTime arrives = sim.FindTicket("t-hw")->m_arrives;
    ExpectRejected(sim, "ack t-hw", "ticket t-hw has not arrived yet (arrives at " + FormatClock(arrives) + ")");
    ExpectRejected(sim, "triage t-hw category=device", "has not arrived yet");
    ExpectRejected(sim, "hint t-hw 0", "has not arrived yet");
}

TEST(Engine, EveryInvalidActionIsRejectedWithoutChangingState) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"ask t-os since", "step t-os reboot", "hint t-os 0", "elevate t-os"});
    ExpectRejected(sim, "ack nope", "unknown ticket 'nope'");
    ExpectRejected(sim, "ask t-os nope", "has no fact 'nope'");
    ExpectRejected(sim, "ask t-os evlog", "comes from a diagnostic: use diagnose");
    ExpectRejected(sim, "diagnose t-os since", "comes from asking the user: use ask");
    ExpectRejected(sim, "ask t-os rb-error", "revealed by a troubleshooting step");
    ExpectRejected(sim, "ask t-os since", "already known");
    ExpectRejected(sim, "step t-os nope", "has no step 'nope'");
    ExpectRejected(sim, "step t-os reboot", "already been done");
    ExpectRejected(sim, "triage t-os category=food", "unknown category 'food'");
    ExpectRejected(sim, "triage t-os impact=huge", "unknown impact level 'huge' (one of: high, medium, low)");
    ExpectRejected(sim, "triage t-os category=os urgency=now", "unknown urgency level 'now'");
    ExpectRejected(sim, "elevate t-os", "already been requested");
    ExpectRejected(sim, "escalate t-os nowhere \"note\"", "unknown destination 'nowhere'");
    ExpectRejected(sim, "resolve t-os closed", "unknown resolution code 'closed'");
    ExpectRejected(sim, "hint t-os 2", "has 2 hint(s); no hint 2");
    ExpectRejected(sim, "hint t-os 0", "hint already taken");
    ExpectRejected(sim, "hint nope 0", "unknown ticket or question 'nope'");
    ExpectRejected(sim, "answer nope a", "unknown question 'nope'");
    // Built in code (the parser would refuse these), the engine still checks them.
    Action noNote = A("escalate t-os tier2 x");
    noNote.m_note = " ";
    const std::string before = Digest(sim);
    EXPECT_FALSE(sim.Apply(noNote).m_ok);
    Action emptyTriage;
    emptyTriage.m_type = ActionType::Triage;
    emptyTriage.m_target = "t-os";
    EXPECT_NE(sim.Apply(emptyTriage).m_error.find("triage needs"), std::string::npos);
    Action negativeWait;
    negativeWait.m_duration = -5;
    EXPECT_FALSE(sim.Apply(negativeWait).m_ok);
    EXPECT_EQ(Digest(sim), before);
}

TEST(Engine, PrerequisitesMustBeMet) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    const TicketState* t = sim.FindTicket("t-os");
    const Ticket& def = s.m_tickets[0];
    EXPECT_FALSE(sim.FactAvailable(*t, def.m_facts[1]));
    EXPECT_FALSE(sim.StepAvailable(*t, def.m_steps[0]));
    EXPECT_FALSE(sim.FactAvailable(*t, def.m_facts[2])) << "step facts are never asked for";
    ExpectRejected(sim, "diagnose t-os evlog", "needs 'since' first");
    ExpectRejected(sim, "step t-os rollback", "needs 'since' first");
    Play(sim, {"ask t-os since"});
    EXPECT_TRUE(sim.FactAvailable(*t, def.m_facts[1]));
    EXPECT_TRUE(sim.StepAvailable(*t, def.m_steps[0]));
    EXPECT_FALSE(sim.FactAvailable(*t, def.m_facts[0])) << "already known";
}

TEST(Engine, StepOutcomesBranchOnWhatIsKnown) {
    const Scenario s = test::MakeCommonScenario();
    {
        Simulation sim(s, 1);
        Play(sim, {"ask t-os since", "step t-os rollback"});
        const TicketState* t = sim.FindTicket("t-os");
        EXPECT_FALSE(t->m_fixed);
        EXPECT_EQ(t->m_knownFacts, (std::vector<std::string>{"since", "rb-error"}));
        EXPECT_NE(t->m_log.back().m_text.find("The rollback fails."), std::string::npos);
        EXPECT_EQ(sim.Now(), 180 + 900);
    }
    {
        Simulation sim(s, 1);
        Play(sim, {"ask t-os since", "diagnose t-os evlog", "step t-os rollback"});
        const TicketState* t = sim.FindTicket("t-os");
        EXPECT_TRUE(t->m_fixed);
        EXPECT_EQ(t->m_knownFacts, (std::vector<std::string>{"since", "evlog"}));
        EXPECT_NE(t->m_log.back().m_text.find("starts normally"), std::string::npos);
    }
    {
        Simulation sim(s, 1);
        Play(sim, {"step t-os reboot"});
        EXPECT_NE(sim.FindTicket("t-os")->m_log.back().m_text.find("No change."), std::string::npos);
        EXPECT_EQ(sim.FindTicket("t-os")->m_stepsDone, (std::vector<std::string>{"reboot"}));
    }
}

TEST(Engine, LaterTriageReplacesEarlier) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"triage t-os category=browser impact=high"});
    const TicketState* t = sim.FindTicket("t-os");
    EXPECT_EQ(t->m_assignedPriority, -1) << "needs both impact and urgency";
    Play(sim, {"triage t-os urgency=high"});
    EXPECT_EQ(t->m_assignedPriority, 0);
    Play(sim, {"triage t-os category=os impact=low"});
    EXPECT_EQ(t->m_category, "os");
    EXPECT_EQ(t->m_assignedPriority, 1);
}

TEST(Engine, ResolvedTicketTakesNoMoreActions) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"resolve t-os fixed"});
    const TicketState* t = sim.FindTicket("t-os");
    EXPECT_EQ(t->m_status, TicketStatus::Resolved);
    EXPECT_EQ(t->m_resolutionCode, "fixed");
    EXPECT_EQ(t->m_doneAt, 120);
    ExpectRejected(sim, "ask t-os since", "already resolved");
    ExpectRejected(sim, "resolve t-os fixed", "already resolved");
}

// [SECTION] Routing

TEST(Engine, CorrectEscalationIsFinal) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    sim.AdvanceTo(sim.FindTicket("t-hw")->m_arrives);
    const SimTime at = sim.Now();
    Play(sim, {"escalate t-hw hw_vendor \"Cracked screen, under warranty\""});
    const TicketState* t = sim.FindTicket("t-hw");
    EXPECT_EQ(t->m_status, TicketStatus::Escalated);
    EXPECT_EQ(t->m_returnsAt, -1);
    EXPECT_EQ(t->m_doneAt, at + 180);
    ASSERT_EQ(t->m_route.size(), 1u);
    EXPECT_EQ(t->m_route[0].m_note, "Cracked screen, under warranty");
    sim.AdvanceBy(100000);
    EXPECT_EQ(t->m_status, TicketStatus::Escalated) << "a correct escalation never comes back";
    ExpectRejected(sim, "ack t-hw", "has been escalated to Hardware supplier");
}

TEST(Engine, AcceptableEscalationIsFinalToo) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"escalate t-os tier2 \"note\""});
    EXPECT_EQ(sim.FindTicket("t-os")->m_returnsAt, -1);
    EXPECT_TRUE(sim.FindTicket("t-os")->m_doneAt.has_value());
}

TEST(Engine, MisroutedTicketComesBackAfterTheScenarioDelay) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"escalate t-os mdm \"please look\""});
    const TicketState* t = sim.FindTicket("t-os");
    EXPECT_EQ(t->m_status, TicketStatus::Escalated);
    EXPECT_EQ(t->m_returnsAt, 180 + 1800);
    EXPECT_FALSE(t->m_doneAt.has_value());
    EXPECT_FALSE(sim.Finished());
    ExpectRejected(sim, "ask t-os since", "has been escalated to Tier 3 MDM team");
    sim.AdvanceTo(180 + 1799);
    EXPECT_EQ(t->m_status, TicketStatus::Escalated);
    sim.AdvanceTo(180 + 1800);
    EXPECT_EQ(t->m_status, TicketStatus::InProgress);
    EXPECT_EQ(t->m_returnsAt, -1);
    ASSERT_EQ(t->m_route.size(), 1u);
    EXPECT_TRUE(t->m_route[0].m_returned);
    EXPECT_EQ(t->m_log.back().m_text, "Returned by Tier 3 MDM team: not ours to handle.");
    EXPECT_EQ(t->m_log.back().m_at, 1980);
    Play(sim, {"resolve t-os fixed"});
    EXPECT_EQ(t->m_status, TicketStatus::Resolved);
}

TEST(Engine, ReturnIsLoggedAtItsOwnTimeEvenWhenTheClockJumps) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"escalate t-os vendor \"x\"", "wait 5h"});
    const TicketState* t = sim.FindTicket("t-os");
    EXPECT_EQ(t->m_status, TicketStatus::InProgress);
    EXPECT_EQ(t->m_log.back().m_at, 1980);
}

TEST(Engine, LinkedIncidentEscalatesTogether) {
    const Scenario s = test::MakeDrillScenario();
    Simulation sim(s, 1);
    Play(sim, {"at 2m", "link wifi-1 INC-A", "link wifi-2 INC-B", "link wifi-2 INC-A"});
    EXPECT_EQ(sim.FindTicket("wifi-2")->m_incidentLabel, "INC-A") << "relinking replaces";
    Play(sim, {"escalate wifi-1 it_admin \"Wi-Fi drops for several users on one model\""});
    for (const char* id : {"wifi-1", "wifi-2"}) {
        const TicketState* t = sim.FindTicket(id);
        EXPECT_EQ(t->m_status, TicketStatus::Escalated) << id;
        ASSERT_EQ(t->m_route.size(), 1u) << id;
        EXPECT_EQ(t->m_route[0].m_destination, "it_admin");
        EXPECT_EQ(t->m_returnsAt, -1) << "the incident's route is the best route";
        EXPECT_EQ(t->m_doneAt, sim.Now());
    }
    EXPECT_EQ(sim.FindTicket("portal")->m_status, TicketStatus::New) << "unlinked tickets stay";
    EXPECT_EQ(sim.Log().size(), 5u) << "one action, not one per ticket";
}

TEST(Engine, MisroutedIncidentComesBackForEveryLinkedTicket) {
    const Scenario s = test::MakeDrillScenario();
    Simulation sim(s, 1);
    Play(sim, {"at 2m", "link wifi-1 X", "link wifi-2 X", "escalate wifi-2 tier2 \"wifi\""});
    EXPECT_EQ(sim.FindTicket("wifi-1")->m_status, TicketStatus::Escalated);
    sim.AdvanceBy(1800);
    for (const char* id : {"wifi-1", "wifi-2"}) {
        EXPECT_EQ(sim.FindTicket(id)->m_status, TicketStatus::InProgress) << id;
        EXPECT_TRUE(sim.FindTicket(id)->m_route[0].m_returned);
    }
}

// With the key withheld (an assessment's trainee part), an escalation waits for the server's
// answer: the ticket is neither done nor coming back until a RouteOutcome arrives.
TEST(Engine, WithTheKeyWithheldAnEscalationWaitsForTheDestinationsAnswer) {
    Scenario s = test::MakeCommonScenario();
    s.m_keyWithheld = true;
    Simulation sim(s, 1);
    Play(sim, {"escalate t-os mdm \"please look\""});
    const TicketState* t = sim.FindTicket("t-os");
    EXPECT_EQ(t->m_status, TicketStatus::Escalated);
    EXPECT_TRUE(t->m_routePending);
    EXPECT_EQ(t->m_returnsAt, -1);
    EXPECT_FALSE(t->m_doneAt.has_value());
    EXPECT_FALSE(sim.Finished());
    ExpectRejected(sim, "route t-hw accepted", "is not waiting for a destination's answer");
    ExpectRejected(sim, "route nope accepted", "unknown ticket");
    // The answer comes late (the trainee was offline): the ticket is back at once.
    Play(sim, {"wait 1h", "route t-os returned"});
    EXPECT_FALSE(t->m_routePending);
    EXPECT_EQ(t->m_status, TicketStatus::InProgress);
    EXPECT_TRUE(t->m_route[0].m_returned);
    EXPECT_EQ(t->m_log.back().m_at, 180 + 3600);
    ExpectRejected(sim, "route t-os accepted", "is not waiting");

    // An answer in time: back when a misroute comes back; accepted: done when handed over.
    Simulation prompt(s, 1);
    Play(prompt, {"escalate t-os mdm \"x\"", "route t-os returned"});
    EXPECT_EQ(prompt.FindTicket("t-os")->m_returnsAt, 180 + 1800);
    prompt.AdvanceTo(180 + 1800);
    EXPECT_EQ(prompt.FindTicket("t-os")->m_status, TicketStatus::InProgress);
    Play(prompt, {"escalate t-os tier2 \"again\"", "wait 10m", "route t-os accepted"});
    EXPECT_EQ(prompt.FindTicket("t-os")->m_doneAt, 180 + 1800 + 180);
    EXPECT_EQ(prompt.FindTicket("t-os")->m_status, TicketStatus::Escalated);
    EXPECT_EQ(prompt.FindTicket("t-os")->m_log.back().m_text, "Accepted by Tier 2 support team.");
}

// With the key present the key decides: a recorded answer changes nothing, whatever it says.
TEST(Engine, WithTheKeyPresentARecordedRouteOutcomeChangesNothing) {
    const Scenario s = test::MakeCommonScenario();
    Simulation with(s, 1), without(s, 1);
    Play(with, {"escalate t-os mdm \"x\"", "route t-os accepted"});
    Play(without, {"escalate t-os mdm \"x\""});
    EXPECT_EQ(with.FindTicket("t-os")->m_returnsAt, without.FindTicket("t-os")->m_returnsAt);
    EXPECT_FALSE(with.FindTicket("t-os")->m_doneAt.has_value());
    EXPECT_EQ(with.Log().size(), 2u);
    EXPECT_EQ(with.Now(), without.Now());
}

// With the key withheld a step waits for the server's result: it costs its time, no other step on
// the ticket may start, and the result (its text, the facts it revealed with their texts, the
// fix) is what the trainee then sees.
TEST(Engine, WithTheKeyWithheldAStepWaitsForItsResult) {
    Scenario s = test::MakeCommonScenario();
    s.m_keyWithheld = true;
    s.m_tickets[0].m_facts[2].m_text.clear(); // as the trainee's part holds it
    for (Step& step : s.m_tickets[0].m_steps) step.m_outcomes.clear();
    Simulation sim(s, 1);
    Play(sim, {"ask t-os since", "step t-os rollback"});
    const TicketState* t = sim.FindTicket("t-os");
    EXPECT_EQ(t->m_stepPending, "rollback");
    EXPECT_EQ(sim.Now(), 180 + 900) << "the step costs its time";
    EXPECT_EQ(t->m_log.back().m_text, "Step: Roll back the update in safe mode - waiting for the result.");
    ExpectRejected(sim, "step t-os reboot", "step 'rollback' is still waiting for its result");
    ExpectRejected(sim, "result t-os reboot unfixed \"x\"", "is not waiting for the result of step 'reboot'");
    ExpectRejected(sim, "result t-os rollback unfixed \"x\" nope \"y\"", "has no fact 'nope'");
    Play(sim, {"result t-os rollback unfixed \"The rollback fails.\" rb-error \"Rollback fails with 0x800f0922.\""});
    EXPECT_TRUE(t->m_stepPending.empty());
    EXPECT_FALSE(t->m_fixed);
    EXPECT_EQ(t->m_knownFacts, (std::vector<std::string>{"since", "rb-error"}));
    EXPECT_EQ(FactText(*t, s.m_tickets[0].m_facts[2]), "Rollback fails with 0x800f0922.");
    EXPECT_EQ(t->m_log.back().m_text, "Result: Roll back the update in safe mode - The rollback fails.");
    EXPECT_EQ(sim.Now(), 180 + 900) << "a result costs no time";
    Play(sim, {"step t-os reboot", "result t-os reboot fixed \"\""});
    EXPECT_TRUE(t->m_fixed);
    EXPECT_EQ(t->m_log.back().m_text, "Result: Reboot - Done.");
}

// With the key present the key decides: a recorded step result changes nothing.
TEST(Engine, WithTheKeyPresentARecordedStepResultChangesNothing) {
    const Scenario s = test::MakeCommonScenario();
    Simulation with(s, 1), without(s, 1);
    Play(with, {"ask t-os since", "step t-os rollback", "result t-os rollback fixed \"It works\""});
    Play(without, {"ask t-os since", "step t-os rollback"});
    EXPECT_EQ(with.FindTicket("t-os")->m_fixed, without.FindTicket("t-os")->m_fixed);
    EXPECT_FALSE(with.FindTicket("t-os")->m_fixed) << "the event log was not read: the key says it fails";
    EXPECT_EQ(with.FindTicket("t-os")->m_knownFacts, without.FindTicket("t-os")->m_knownFacts);
    EXPECT_EQ(with.Log().size(), 3u);
    EXPECT_EQ(with.Now(), without.Now());
}

TEST(Engine, LinkedTicketsThatHaveNotArrivedStayBehind) {
    Scenario s = test::MakeDrillScenario();
    s.m_tickets[1].m_arrives = 3600;
    Simulation sim(s, 1);
    Play(sim, {"link wifi-1 W", "escalate wifi-1 it_admin \"many users\""});
    EXPECT_EQ(sim.FindTicket("wifi-2")->m_status, TicketStatus::NotArrived);
    EXPECT_TRUE(sim.FindTicket("wifi-2")->m_route.empty());
}

TEST(Engine, StepOutcomeMayDependOnADoneStep) {
    Scenario s = test::MakeCommonScenario();
    Outcome afterReboot;
    afterReboot.m_when = {"reboot"};
    afterReboot.m_text = "Rolls back cleanly after the reboot.";
    afterReboot.m_fixes = true;
    auto& outcomes = s.m_tickets[0].m_steps[0].m_outcomes;
    outcomes.insert(outcomes.begin(), afterReboot);
    Simulation sim(s, 1);
    Play(sim, {"ask t-os since", "step t-os reboot", "step t-os rollback"});
    EXPECT_TRUE(sim.FindTicket("t-os")->m_fixed);
    EXPECT_NE(sim.FindTicket("t-os")->m_log.back().m_text.find("cleanly"), std::string::npos);
}

TEST(Engine, MalformedScenariosDoNotCrash) {
    // Hand-built scenarios the loader would refuse: an empty model, a ragged matrix, odd references.
    Scenario s = test::MakeCommonScenario();
    s.m_model.m_priorityMatrix = {{0}, {}};
    s.m_model.m_severities.clear();
    s.m_tickets[0].m_answer.m_route.clear();
    s.m_tickets[0].m_steps[0].m_outcomes[1].m_reveals = {"no-such-fact"};
    s.m_tickets[1].m_variation.m_userPool = "missing-pool";
    s.m_tickets[1].m_variation.m_jitter = -50;
    Ticket dup = s.m_tickets[0];
    s.m_tickets.push_back(dup); // duplicate id: the first one is addressed
    Question empty;
    empty.m_id = "q-empty";
    s.m_questions.push_back(empty);
    Simulation sim(s, 1);
    EXPECT_EQ(sim.FindTicket("t-hw")->m_user.m_name, "Fixed User");
    EXPECT_EQ(sim.FindTicket("t-hw")->m_arrives, 600);
    Play(sim, {"ask t-os since", "step t-os rollback", "triage t-os impact=high urgency=low", "escalate t-os tier2 \"x\"",
               "wait 2h"});
    EXPECT_EQ(sim.FindTicket("t-os")->m_assignedPriority, -1);
    EXPECT_EQ(sim.SlaSeverity(*sim.FindTicket("t-os")), nullptr);
    EXPECT_EQ(sim.FirstResponseSla(*sim.FindTicket("t-os")), SlaState::Met);
    EXPECT_EQ(sim.ResolutionRemaining(*sim.FindTicket("t-os")), 0);
    EXPECT_FALSE(sim.Apply(A("answer q-empty x")).m_ok);
    const ScoreReport r = Score(sim);
    EXPECT_FALSE(FormatScoreText(r).empty());
    EXPECT_FALSE(FormatScoreJson(r).empty());
}

TEST(Engine, FinishedWhenEverythingIsDone) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    EXPECT_FALSE(sim.Finished());
    Play(sim, {"resolve t-os fixed"});
    EXPECT_FALSE(sim.Finished()) << "t-hw has not arrived";
    sim.AdvanceTo(sim.FindTicket("t-hw")->m_arrives);
    Play(sim, {"escalate t-hw hw_vendor \"n\""});
    EXPECT_TRUE(sim.Finished());

    const Scenario q = test::MakeQuestionScenario();
    Simulation qs(q, 1);
    Play(qs, {"answer q-single t1", "answer q-multi a", "answer q-match d1=admin"});
    EXPECT_FALSE(qs.Finished());
    Play(qs, {"answer q-order t4 t3 t2 t1"});
    EXPECT_TRUE(qs.Finished());
}

// [SECTION] Questions

TEST(Engine, AnswersAreValidatedPerType) {
    const Scenario s = test::MakeQuestionScenario();
    Simulation sim(s, 1);
    ExpectRejected(sim, "answer q-single t1 t2", "takes exactly one choice");
    ExpectRejected(sim, "answer q-single t9", "has no option 't9'");
    ExpectRejected(sim, "answer q-multi a z", "has no option 'z'");
    ExpectRejected(sim, "answer q-multi a a", "given twice");
    ExpectRejected(sim, "answer q-order t1 t2 t3", "missing 't4'");
    ExpectRejected(sim, "answer q-order t1 t2 t3 t3", "given twice");
    ExpectRejected(sim, "answer q-match d1", "written left=right");
    ExpectRejected(sim, "answer q-match d9=admin", "has no item 'd9'");
    ExpectRejected(sim, "answer q-match d1=boss", "has no option 'boss'");
    ExpectRejected(sim, "answer q-match d1=admin d1=provider", "matched twice");
    ExpectRejected(sim, "hint q-single 1", "has 1 hint(s); no hint 1");
    Play(sim, {"answer q-single t2", "answer q-single t1", "hint q-single 0"});
    EXPECT_EQ(sim.FindQuestion("q-single")->m_answer, (std::vector<std::string>{"t1"}));
    ExpectRejected(sim, "hint q-single 0", "hint already taken");
}

// [SECTION] SLA clocks

TEST(Engine, ClassifySlaBoundaries) {
    EXPECT_EQ(ClassifySla(0, 100, false), SlaState::Running);
    EXPECT_EQ(ClassifySla(74, 100, false), SlaState::Running);
    EXPECT_EQ(ClassifySla(75, 100, false), SlaState::Warned);
    EXPECT_EQ(ClassifySla(100, 100, false), SlaState::Warned);
    EXPECT_EQ(ClassifySla(101, 100, false), SlaState::Breached);
    EXPECT_EQ(ClassifySla(74, 100, true), SlaState::Met);
    EXPECT_EQ(ClassifySla(75, 100, true), SlaState::Warned);
    EXPECT_EQ(ClassifySla(101, 100, true), SlaState::Breached);
    EXPECT_EQ(ClassifySla(5000, 0, true), SlaState::Met) << "no target";
    EXPECT_EQ(ClassifySla(5000, 0, false), SlaState::Running);
}

TEST(Engine, SlaClocksWarnAt75PercentThenBreach) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    const TicketState* t = sim.FindTicket("t-os");
    // Reported low/low = sev3: first response 1h, resolution 24h.
    ASSERT_EQ(sim.SlaSeverity(*t)->m_id, "sev3");
    sim.AdvanceTo(2699);
    EXPECT_EQ(sim.FirstResponseSla(*t), SlaState::Running);
    sim.AdvanceTo(2700);
    EXPECT_EQ(sim.FirstResponseSla(*t), SlaState::Warned);
    sim.AdvanceTo(3600);
    EXPECT_EQ(sim.FirstResponseSla(*t), SlaState::Warned);
    sim.AdvanceTo(3601);
    EXPECT_EQ(sim.FirstResponseSla(*t), SlaState::Breached);
    EXPECT_EQ(sim.ResolutionSla(*t), SlaState::Running);
    EXPECT_EQ(sim.ResolutionRemaining(*t), 24 * 3600 - 3601);
    // Triage to sev1 (high/high): the clocks switch to its 15m / 4h targets.
    Play(sim, {"triage t-os impact=high urgency=high"});
    EXPECT_EQ(sim.SlaSeverity(*t)->m_id, "sev1");
    EXPECT_EQ(sim.FirstResponseSla(*t), SlaState::Breached) << "responded at 3661s, target 900s";
    sim.AdvanceTo(4 * 3600 + 1);
    EXPECT_EQ(sim.ResolutionSla(*t), SlaState::Breached);
    EXPECT_LT(sim.ResolutionRemaining(*t), 0);
}

TEST(Engine, SlaMetOnceDoneEarly) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    Play(sim, {"resolve t-os fixed"});
    const TicketState* t = sim.FindTicket("t-os");
    sim.AdvanceTo(100000);
    EXPECT_EQ(sim.FirstResponseSla(*t), SlaState::Met);
    EXPECT_EQ(sim.ResolutionSla(*t), SlaState::Met);
}

TEST(Engine, SameSeedAndActionsGiveTheSameState) {
    const Scenario s = test::MakeCommonScenario();
    const std::vector<std::string> script = {"ask t-os since", "at 20m", "triage t-hw category=device", "escalate t-hw mdm \"x\"",
                                             "wait 1h", "escalate t-hw hw_vendor \"y\"", "resolve t-os workaround"};
    Simulation a(s, 77), b(s, 77);
    Play(a, script);
    Play(b, script);
    EXPECT_EQ(Digest(a), Digest(b));
    ASSERT_EQ(a.Tickets().size(), b.Tickets().size());
    for (size_t i = 0; i < a.Tickets().size(); ++i) {
        ASSERT_EQ(a.Tickets()[i].m_log.size(), b.Tickets()[i].m_log.size());
        for (size_t j = 0; j < a.Tickets()[i].m_log.size(); ++j) {
            EXPECT_EQ(a.Tickets()[i].m_log[j].m_at, b.Tickets()[i].m_log[j].m_at);
            EXPECT_EQ(a.Tickets()[i].m_log[j].m_text, b.Tickets()[i].m_log[j].m_text);
        }
    }
}

TEST(Engine, StatusNames) {
    EXPECT_STREQ(ToString(TicketStatus::InProgress), "in_progress");
    EXPECT_STREQ(ToString(TicketStatus::NotArrived), "not_arrived");
    EXPECT_STREQ(ToString(SlaState::Warned), "warned");
}

// A ticket's shown priority is the trainee's triage once she has made one, else the intake form's;
// its SLA targets follow the same severity.
TEST(Engine, AShownPriorityIsTheTriageElseTheIntakeForm) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    const TicketState& t = *sim.FindTicket("t-os");
    EXPECT_EQ(ShownPriority(t), t.m_reportedPriority);
    EXPECT_EQ(sim.SlaSeverity(t)->m_id, "sev3");
    Play(sim, {"triage t-os category=os impact=high urgency=high"});
    EXPECT_EQ(ShownPriority(t), 0);
    EXPECT_EQ(sim.SlaSeverity(t)->m_id, "sev1");
}

// A run's script, read back and replayed at its times, gives the same state: the UI's "copy as
// script" and the event log mean the same run.
TEST(Engine, ARunsScriptReplaysToTheSameState) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 7);
    sim.AdvanceTo(90);
    Play(sim, {"ask t-os since", "triage t-os category=os impact=low urgency=high"});
    sim.AdvanceTo(400);
    Play(sim, {"step t-os rollback"});
    const std::string script = FormatRunScript(sim);
    EXPECT_EQ(script.rfind("seed 7\nat 90\nask t-os since\n", 0), 0u) << script;
    const ScriptParseResult parsed = ParseActionScript(script);
    ASSERT_TRUE(parsed.Ok());
    ASSERT_TRUE(parsed.m_script.m_seed);
    Simulation again(s, *parsed.m_script.m_seed);
    for (const Action& a : parsed.m_script.m_actions) ASSERT_TRUE(again.Apply(a).m_ok) << FormatAction(a);
    // The same state; the replay's log also holds the script's "at" lines.
    auto withoutLog = [](const std::string& d) { return d.substr(d.find('\n')); };
    EXPECT_EQ(again.Now(), sim.Now());
    EXPECT_EQ(withoutLog(Digest(again)), withoutLog(Digest(sim)));
}

} // namespace
} // namespace sl
