// SupportLab core tests: injects — planned, fired by the room, moved, skipped, and contingencies.
#include "fixtures.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sl {
namespace {

using test::A;
using test::MakeInjectScenario;
using test::Play;

constexpr SimTime kMinute = 60;

const InjectState& State(const Simulation& sim, const std::string& id) {
    const InjectState* in = sim.FindInject(id);
    EXPECT_NE(in, nullptr) << id;
    static const InjectState none;
    return in ? *in : none;
}

int RoomLines(const Simulation& sim, const std::string& text) {
    return static_cast<int>(std::count_if(sim.RoomLog().begin(), sim.RoomLog().end(),
                                          [&](const TicketLogEntry& e) { return e.m_text.find(text) != std::string::npos; }));
}

TEST(Injects, HeldTicketsWaitForTheirInjectAndArriveAfterIt) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    EXPECT_TRUE(IsHeldBack(*sim.FindTicket("call-1")));
    EXPECT_EQ(sim.FindTicket("call-1")->m_arrives, -1);
    sim.AdvanceTo(29 * kMinute);
    EXPECT_EQ(State(sim, "outage").m_status, InjectStatus::Scheduled);
    EXPECT_EQ(sim.FindTicket("call-1")->m_status, TicketStatus::NotArrived);
    sim.AdvanceTo(40 * kMinute); // one jump over the planned time: it fires at 0:30, not 0:40
    EXPECT_EQ(State(sim, "outage").m_status, InjectStatus::Fired);
    EXPECT_EQ(State(sim, "outage").m_firedAt, 30 * kMinute);
    EXPECT_EQ(State(sim, "outage").m_firedBy, InjectSource::Plan);
    EXPECT_EQ(sim.FindTicket("call-1")->m_arrives, 30 * kMinute);
    EXPECT_EQ(sim.FindTicket("call-2")->m_arrives, 35 * kMinute);
    EXPECT_EQ(sim.FindTicket("call-2")->m_status, TicketStatus::New);
    EXPECT_EQ(RoomLines(sim, "Broadcast: The VPN gateway is down."), 1);
}

TEST(Injects, AHeldTicketWhoseInjectNeverFiresIsNeitherWaitedForNorScored) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    Play(sim, {"inject outage skip"});
    sim.AdvanceTo(3 * 3600);
    EXPECT_EQ(State(sim, "outage").m_status, InjectStatus::Skipped);
    EXPECT_TRUE(IsHeldBack(*sim.FindTicket("call-1")));
    const ScoreReport r = Score(sim);
    for (const ItemScore& item : r.m_items) {
        EXPECT_NE(item.m_itemId, "call-1");
        EXPECT_NE(item.m_itemId, "owner") << "the contingency was never armed: its outage never fired";
    }
    EXPECT_EQ(RoomLines(sim, "skipped VPN outage"), 1);
    EXPECT_EQ(OpenWork(sim), 3) << "the drill's three tickets; none of those the skipped outage (or the owner's call) held";
    Play(sim, {"ack wifi-1", "link wifi-1 wifi", "link wifi-2 wifi", "escalate wifi-1 it_admin \"two laptops\"",
               "escalate portal service_ops \"portal error\""});
    EXPECT_EQ(OpenWork(sim), 0);
    EXPECT_TRUE(sim.Finished()) << "held tickets that never came do not hold the attempt open";
}

TEST(Injects, TheRoomFiresALibraryInjectAndLaterInstructionsChangeNothing) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    sim.AdvanceTo(12 * kMinute);
    EXPECT_EQ(State(sim, "restored").m_status, InjectStatus::Waiting);
    Play(sim, {"inject restored"});
    EXPECT_EQ(State(sim, "restored").m_status, InjectStatus::Fired);
    EXPECT_EQ(State(sim, "restored").m_firedBy, InjectSource::Room);
    EXPECT_EQ(State(sim, "restored").m_firedAt, 12 * kMinute);
    Play(sim, {"inject restored", "inject restored skip"});
    EXPECT_EQ(RoomLines(sim, "Broadcast: The VPN is back."), 1) << "an inject fires once";
    EXPECT_EQ(RoomLines(sim, "came after it fired at"), 2);
    EXPECT_EQ(sim.Log().size(), 3u) << "every instruction stays in the log";
}

TEST(Injects, MovingAPlannedInjectDelaysIt) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    Play(sim, {"inject outage at 45m"});
    sim.AdvanceTo(40 * kMinute);
    EXPECT_EQ(State(sim, "outage").m_status, InjectStatus::Scheduled);
    sim.AdvanceTo(50 * kMinute);
    EXPECT_EQ(State(sim, "outage").m_firedAt, 45 * kMinute);
    EXPECT_EQ(State(sim, "outage").m_late, 0);
}

TEST(Injects, AnInstructionThatArrivesAfterItsTimeFiresAtOnceAndSaysHowLate) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    Play(sim, {"inject outage skip"});
    sim.AdvanceTo(50 * kMinute);
    Play(sim, {"inject outage at 40m"}); // sent while this trainee was offline
    EXPECT_EQ(State(sim, "outage").m_firedAt, 50 * kMinute);
    EXPECT_EQ(State(sim, "outage").m_late, 10 * kMinute);
    EXPECT_EQ(sim.FindTicket("call-1")->m_status, TicketStatus::New) << "a held ticket with no delay arrives at once";
}

TEST(Injects, AContingencyFiresWhenTheExpectedActionIsMissingAtItsDeadline) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    sim.AdvanceTo(49 * kMinute);
    EXPECT_EQ(State(sim, "owner-calls").m_deadline, 50 * kMinute) << "armed 20 minutes after the outage fired";
    sim.AdvanceTo(60 * kMinute);
    EXPECT_EQ(State(sim, "owner-calls").m_status, InjectStatus::Fired);
    EXPECT_EQ(State(sim, "owner-calls").m_firedAt, 50 * kMinute);
    EXPECT_EQ(State(sim, "owner-calls").m_firedBy, InjectSource::Contingency);
    EXPECT_EQ(sim.FindTicket("owner")->m_status, TicketStatus::New);
    EXPECT_EQ(RoomLines(sim, "because no link came in time"), 1);
}

TEST(Injects, AContingencyStaysQuietWhenTheExpectedActionCameInTime) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    sim.AdvanceTo(36 * kMinute);
    Play(sim, {"link call-1 vpn", "link call-2 vpn"});
    sim.AdvanceTo(3 * 3600);
    EXPECT_EQ(State(sim, "owner-calls").m_status, InjectStatus::Waiting);
    EXPECT_EQ(State(sim, "owner-calls").m_deadline, -1);
    EXPECT_TRUE(IsHeldBack(*sim.FindTicket("owner")));
}

TEST(Injects, AContingencyWaitsForEveryListedTicket) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    sim.AdvanceTo(36 * kMinute);
    Play(sim, {"link call-1 vpn"});
    sim.AdvanceTo(3 * 3600);
    EXPECT_EQ(State(sim, "owner-calls").m_status, InjectStatus::Fired);
}

TEST(Injects, ADestinationChangeAppliesToMisroutesFromThenOn) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    EXPECT_EQ(sim.ReturnDelay("vendor"), 1800);
    sim.AdvanceTo(kMinute);
    Play(sim, {"escalate portal vendor \"vendor please\""}); // before the delay: back in 30 minutes
    EXPECT_EQ(sim.FindTicket("portal")->m_returnsAt, 180 + 60 + 1800) << "arrives at 1:00, escalation costs 3 minutes";
    sim.AdvanceTo(11 * kMinute);
    EXPECT_EQ(sim.ReturnDelay("vendor"), 4 * 3600);
    EXPECT_EQ(sim.ReturnDelay("tier2"), 1800) << "only the named destination changes";
    EXPECT_EQ(RoomLines(sim, "come back after 4h"), 1);
}

TEST(Injects, ReplayingTheLogGivesTheSameRun) {
    const Scenario s = MakeInjectScenario();
    Simulation live(s, 7);
    live.AdvanceTo(5 * kMinute);
    Play(live, {"inject outage at 35m", "inject restored"});
    live.AdvanceTo(90 * kMinute);
    Play(live, {"ack owner"});
    Simulation again(s, 7);
    for (const LoggedAction& la : live.Log()) {
        again.AdvanceTo(la.m_at);
        ASSERT_TRUE(again.Apply(la.m_action).m_ok) << FormatAction(la.m_action);
    }
    again.AdvanceTo(live.Now());
    ASSERT_EQ(again.RoomLog().size(), live.RoomLog().size());
    for (size_t i = 0; i < live.RoomLog().size(); ++i) {
        EXPECT_EQ(again.RoomLog()[i].m_at, live.RoomLog()[i].m_at);
        EXPECT_EQ(again.RoomLog()[i].m_text, live.RoomLog()[i].m_text);
    }
    EXPECT_EQ(Score(again).m_total, Score(live).m_total);
    EXPECT_EQ(State(again, "owner-calls").m_firedAt, State(live, "owner-calls").m_firedAt);
}

TEST(Injects, AnUnknownInjectIsLoggedAndChangesNothing) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    const ApplyResult r = sim.Apply(A("inject no-such-thing"));
    EXPECT_TRUE(r.m_ok);
    EXPECT_EQ(sim.Log().size(), 1u);
    EXPECT_EQ(RoomLines(sim, "which this scenario does not have"), 1);
}

TEST(Injects, WaitingForTheArrivalOfAHeldTicketIsRefusedUntilItsInjectFires) {
    const Scenario s = MakeInjectScenario();
    Simulation sim(s, 1);
    const ApplyResult r = sim.Apply(A("at arrival call-2"));
    EXPECT_FALSE(r.m_ok);
    EXPECT_NE(r.m_error.find("arrives only when inject 'outage' fires"), std::string::npos) << r.m_error;
    sim.AdvanceTo(31 * kMinute);
    EXPECT_TRUE(sim.Apply(A("at arrival call-2")).m_ok);
    EXPECT_EQ(sim.Now(), 35 * kMinute);
}

TEST(Injects, TheScriptFormReadsBack) {
    for (const char* line : {"inject outage", "inject outage skip", "inject outage at 1h30m"}) {
        const Action a = A(line);
        EXPECT_EQ(a.m_type, ActionType::Inject) << line;
        EXPECT_EQ(FormatAction(a), line);
    }
    EXPECT_EQ(A("inject outage at 1:30:00").m_duration, 5400);
    for (const char* bad : {"inject outage later", "inject outage at", "inject outage at soon", "inject outage skip now"}) {
        const ScriptParseResult r = ParseActionScript(bad);
        EXPECT_FALSE(r.Ok()) << bad;
    }
}

} // namespace
} // namespace sl
