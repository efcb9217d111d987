// SupportLab reports tests: injects compared across trainees, and the room beside the actions in a timeline.
#include "../core/fixtures.hpp"
#include "reports/render.hpp"
#include "reports/reports.hpp"

#include <gtest/gtest.h>

namespace sl {
namespace {

using test::A;
using test::MakeInjectScenario;
using test::Play;

constexpr SimTime kMinute = 60;

const InjectHandling& Row(const std::vector<InjectHandling>& rows, const std::string& inject, const std::string& trainee) {
    for (const InjectHandling& h : rows)
        if (h.m_injectId == inject && h.m_trainee == trainee) return h;
    ADD_FAILURE() << "no row for " << inject << " / " << trainee;
    static const InjectHandling none;
    return none;
}

// Ana answers the outage's calls at once and links them; Ben waits, so the owner calls him.
TEST(InjectsCompared, EachTraineesRunMeetsTheSameInjectItsOwnWay) {
    const Scenario s = MakeInjectScenario();
    Simulation ana(s, 3), ben(s, 3);
    ana.AdvanceTo(36 * kMinute);
    Play(ana, {"ack call-1", "ack call-2", "link call-1 vpn", "link call-2 vpn", "escalate call-1 service_ops \"gateway down\""});
    ben.AdvanceTo(36 * kMinute);
    Play(ben, {"inject restored"});
    ana.AdvanceTo(90 * kMinute);
    ben.AdvanceTo(70 * kMinute);
    Play(ben, {"ack call-1"});
    ben.AdvanceTo(105 * kMinute);
    const std::vector<InjectHandling> rows = CompareInjects(s, {{"ana", &ana}, {"ben", &ben}}, {11, 12});
    ASSERT_EQ(rows.size(), 8u) << "four injects, two trainees";

    const InjectHandling& anaOutage = Row(rows, "outage", "ana");
    EXPECT_EQ(anaOutage.m_firedAt, 30 * kMinute);
    EXPECT_EQ(anaOutage.m_how, "as planned");
    EXPECT_EQ(anaOutage.m_attemptId, 11);
    EXPECT_EQ(anaOutage.m_tickets, 2);
    EXPECT_EQ(anaOutage.m_arrived, 2);
    EXPECT_EQ(anaOutage.m_done, 2) << "call-1 handed to service operations, and call-2 with it (linked)";
    ASSERT_TRUE(anaOutage.m_medianFirstResponse.has_value());
    const InjectHandling& benOutage = Row(rows, "outage", "ben");
    ASSERT_TRUE(benOutage.m_medianFirstResponse.has_value());
    EXPECT_GT(*benOutage.m_medianFirstResponse, *anaOutage.m_medianFirstResponse);
    ASSERT_TRUE(anaOutage.m_percent && benOutage.m_percent);
    EXPECT_GT(*anaOutage.m_percent, *benOutage.m_percent);
    EXPECT_EQ(benOutage.m_breached, 1) << "call-2 unanswered past its hour (the intake form's priority)";

    EXPECT_FALSE(Row(rows, "owner-calls", "ana").m_firedAt.has_value());
    EXPECT_NE(Row(rows, "owner-calls", "ana").m_how.find("the expected action came in time"), std::string::npos);
    EXPECT_EQ(Row(rows, "owner-calls", "ben").m_firedAt, 50 * kMinute);
    EXPECT_EQ(Row(rows, "owner-calls", "ben").m_how, "its condition failed");
    EXPECT_EQ(Row(rows, "owner-calls", "ben").m_kind, "contingency");
    EXPECT_EQ(Row(rows, "restored", "ben").m_how, "by the trainer");
    EXPECT_EQ(Row(rows, "restored", "ana").m_how, "not fired");
    EXPECT_EQ(Row(rows, "restored", "ana").m_kind, "library");

    const std::string text = RenderText(InjectsTable(rows, "Injects compared"));
    EXPECT_NE(text.find("its condition failed"), std::string::npos) << text;
    const std::string csv = RenderCsv(InjectsTable(rows, "Injects compared"));
    EXPECT_NE(csv.find("owner-calls (The service owner calls),contingency,ben,12,3000,its condition failed"), std::string::npos) << csv;
}

// The timeline shows what happened to the room beside the actions, including an inject that fired
// by itself and has no line in the log.
TEST(InjectsCompared, ATimelineShowsTheRoomBesideTheActions) {
    Scenario s = MakeInjectScenario();
    s.m_contentHash = "h";
    Attempt a;
    a.m_id = 5;
    a.m_scenarioId = s.m_id;
    a.m_contentHash = "h";
    a.m_seed = 3;
    a.m_endSimTime = 60 * kMinute;
    const std::vector<Event> events = {{5, 0, 20 * kMinute, 1000, "inject restored", std::nullopt},
                                       {5, 1, 40 * kMinute, 2000, "ack call-1", std::nullopt}};
    Timeline tl = BuildTimeline(a, "Ana", events, 70.0);
    std::string why;
    ASSERT_TRUE(AddBreakdown(tl, s, &why)) << why;
    ASSERT_FALSE(tl.m_room.empty());
    const std::string text = RenderText(TimelineTable(tl));
    const size_t restored = text.find("[room] Inject: Service restored (by the trainer)");
    const size_t outage = text.find("[room] Inject: VPN outage (as planned)");
    const size_t ack = text.find("ack call-1");
    const size_t owner = text.find("[room] Inject: The service owner calls (because no link came in time)");
    ASSERT_NE(restored, std::string::npos) << text;
    ASSERT_NE(outage, std::string::npos) << text;
    ASSERT_NE(owner, std::string::npos) << "fired by its deadline at 0:50, after the last action: " << text;
    EXPECT_LT(restored, outage);
    EXPECT_LT(outage, ack) << "in simulated-time order";
    EXPECT_LT(ack, owner);
}

// The room's timeline interleaves the trainees' actions with the instructions sent, by wall time.
TEST(InjectsCompared, TheRoomTimelinePutsInstructionsBesideTheActions) {
    Attempt ana, ben;
    ana.m_id = 1;
    ana.m_traineeId = 10;
    ana.m_scenarioId = "drill-test";
    ben = ana;
    ben.m_id = 2;
    ben.m_traineeId = 11;
    const std::map<RowId, std::string> names = {{10, "Ana"}, {11, "Ben"}};
    const std::map<RowId, std::vector<Event>> events = {
        {1, {{1, 0, 60, 1000, "ack wifi-1", std::nullopt}, {1, 1, 300, 5000, "inject outage at 45m", std::nullopt}}},
        {2, {{2, 0, 120, 3000, "ack portal", std::nullopt}, {2, 1, 400, 9000, "inject outage at 45m", std::nullopt}}}};
    const std::vector<SentInstruction> sent = {{1, 5000, "drill-test", "outage", "at", 45 * kMinute, "tess"}};
    const std::vector<RoomTimelineRow> rows = BuildRoomTimeline({ana, ben}, names, events, sent);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0].m_who, "Ana");
    EXPECT_EQ(rows[1].m_who, "Ben");
    EXPECT_EQ(rows[2].m_who, "room") << "the instruction before an action of the same millisecond";
    EXPECT_EQ(rows[2].m_what, "sent #1: inject outage at 45:00 (by tess)");
    EXPECT_EQ(rows[3].m_who, "Ana");
    EXPECT_EQ(rows[4].m_what, "inject outage at 45m");
    const std::string csv = RenderCsv(RoomTimelineTable(rows, "Lab session 7 timeline"));
    EXPECT_NE(csv.find("room,drill-test,,sent #1"), std::string::npos) << csv;
}

} // namespace
} // namespace sl
