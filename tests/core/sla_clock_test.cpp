// SupportLab core tests: SLA clocks that count business hours and stop while a ticket waits pending.
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace sl {
namespace {

using test::A;
using test::ExpectOneDeduction;
using test::Item;
using test::Play;

constexpr SimTime kHour = 3600;
constexpr SimTime kDay = 24 * kHour;

// 09:00-17:00, Monday to Friday.
BusinessHours OfficeHours() { return BusinessHours{}; }

// Applies an action that must fail with a message containing `text`, leaving the log as it was.
void ExpectRejectedWith(Simulation& sim, const std::string& line, const std::string& text) {
    const size_t logged = sim.Log().size();
    const ApplyResult r = sim.Apply(A(line));
    EXPECT_FALSE(r.m_ok) << line;
    EXPECT_NE(r.m_error.find(text), std::string::npos) << line << ": '" << r.m_error << "' lacks '" << text << "'";
    EXPECT_EQ(sim.Log().size(), logged) << line;
}

// [SECTION] Calendar arithmetic

TEST(SlaClock, WeekMomentsAndTimesOfDayParseStrictly) {
    EXPECT_EQ(ParseWeekMoment("mon 09:00"), 9 * kHour);
    EXPECT_EQ(ParseWeekMoment("fri 16:30"), 4 * kDay + 16 * kHour + 30 * 60);
    EXPECT_EQ(ParseWeekMoment("sun 23:59"), 6 * kDay + 23 * kHour + 59 * 60);
    for (const char* bad : {"", "mon", "mon 9:00", "Mon 09:00", "mon 24:00", "mon 09:60", "xyz 09:00", "mon  09:00", "mon 09:00 "})
        EXPECT_FALSE(ParseWeekMoment(bad).has_value()) << bad;
    EXPECT_EQ(ParseTimeOfDay("24:00"), 24 * kHour);
    EXPECT_FALSE(ParseTimeOfDay("24:01").has_value());
    EXPECT_FALSE(ParseTimeOfDay("8:00").has_value());
    EXPECT_EQ(FormatWeekMoment(4 * kDay + 16 * kHour + 30 * 60), "fri 16:30");
    EXPECT_EQ(FormatWeekMoment(kWeek + 9 * kHour), "mon 09:00");
}

TEST(SlaClock, WorkingSecondsCountOnlyOpeningHours) {
    const BusinessHours h = OfficeHours();
    const SimTime monday9 = 9 * kHour;
    EXPECT_EQ(WorkingSeconds(h, monday9, 0, 10 * kHour), 8 * kHour) << "09:00 to 19:00 holds 8 working hours";
    EXPECT_EQ(WorkingSeconds(h, monday9, 0, kWeek), 40 * kHour);
    EXPECT_EQ(WorkingSeconds(h, monday9, 0, 3 * kWeek + kHour), 120 * kHour + kHour);
    // Friday 16:00 to Monday 10:00: one hour on Friday, one on Monday.
    const SimTime friday16 = 4 * kDay + 16 * kHour;
    EXPECT_EQ(WorkingSeconds(h, friday16, 0, 2 * kDay + 18 * kHour), 2 * kHour);
    EXPECT_EQ(WorkingSeconds(h, monday9, 5 * kHour, 5 * kHour), 0);
    EXPECT_EQ(WorkingSeconds(h, monday9, 5 * kHour, 4 * kHour), 0) << "a backward span counts nothing";
}

TEST(SlaClock, WorkingSecondsAgreeWithCountingEveryMinute) {
    BusinessHours h;
    h.m_days[2] = false; // no Wednesday
    h.m_days[5] = true;  // Saturday
    h.m_open = 7 * kHour + 30 * 60;
    h.m_close = 19 * kHour;
    auto naive = [&](SimTime startsAt, SimTime from, SimTime to) {
        SimTime n = 0;
        for (SimTime t = from; t < to; t += 60) {
            const SimTime w = (startsAt + t) % kWeek;
            const SimTime inDay = w % kDay;
            if (h.m_days[w / kDay] && inDay >= h.m_open && inDay < h.m_close) n += 60;
        }
        return n;
    };
    std::uint64_t x = 12345;
    auto next = [&](SimTime below) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<SimTime>((x >> 33) % static_cast<std::uint64_t>(below));
    };
    for (int i = 0; i < 300; ++i) {
        const SimTime startsAt = next(kWeek / 60) * 60;
        const SimTime from = next(3 * kWeek / 60) * 60;
        const SimTime to = from + next(2 * kWeek / 60) * 60;
        ASSERT_EQ(WorkingSeconds(h, startsAt, from, to), naive(startsAt, from, to)) << startsAt << " " << from << " " << to;
    }
}

// [SECTION] Business-hours targets

// t-os (expected sev2: 30m first response, 8h resolution) on a model whose sev2 keeps office hours,
// arriving at Friday 16:00; no step fixes it, so resolving at once is the right outcome.
Scenario FridayAfternoon(bool businessHours) {
    Scenario s = test::MakeCommonScenario();
    s.m_tickets.resize(1);
    for (Step& step : s.m_tickets[0].m_steps)
        for (Outcome& o : step.m_outcomes) o.m_fixes = false;
    s.m_model.m_businessHours = OfficeHours();
    s.m_model.m_severities[1].m_businessHours = businessHours;
    s.m_startsAt = 4 * kDay + 16 * kHour;
    return s;
}

TEST(SlaClock, BusinessHoursTargetsSkipNightsAndWeekends) {
    // Resolved on Monday 12:00: 1h on Friday and 3h on Monday, well inside 8 business hours.
    const Scenario office = FridayAfternoon(true);
    Simulation sim(office, 1);
    // Triaged as the key has it (sev2), so the clock the trainee sees keeps office hours too.
    Play(sim, {"triage t-os impact=low urgency=high", "at 68h", "resolve t-os fixed"});
    EXPECT_EQ(sim.ResolutionElapsed(*sim.FindTicket("t-os")), 4 * kHour + 2 * 60);
    EXPECT_TRUE(test::Deductions(Item(Score(sim), "t-os"), Dimension::Sla).empty());

    // The same play against a round-the-clock target breaches it.
    const Scenario always = FridayAfternoon(false);
    Simulation sim24(always, 1);
    Play(sim24, {"ack t-os", "at 68h", "resolve t-os fixed"});
    ExpectOneDeduction(Item(Score(sim24), "t-os"), Dimension::Sla, "resolution took 68h02m, target 8h00m (breached)", 2.5);
}

TEST(SlaClock, BusinessHoursBreachSaysHowTimeWasCounted) {
    const Scenario office = FridayAfternoon(true);
    Simulation sim(office, 1);
    Play(sim, {"ack t-os", "at 76h", "resolve t-os fixed"}); // Monday 20:00: 1h + 8h of office time
    ExpectOneDeduction(Item(Score(sim), "t-os"), Dimension::Sla, "resolution took 9h00m of business hours, target 8h00m (breached)", 2.5);
    EXPECT_EQ(sim.ResolutionSla(*sim.FindTicket("t-os")), SlaState::Breached);
}

// [SECTION] Pending states

// t-os with a question the user answers two hours after it is put.
Scenario SlowUser() {
    Scenario s = test::MakeCommonScenario();
    s.m_tickets.resize(1);
    for (Step& step : s.m_tickets[0].m_steps)
        for (Outcome& o : step.m_outcomes) o.m_fixes = false;
    Fact later = test::MakeFact("logs", FactSource::Ask, "The user sends the crash dump.");
    later.m_replyAfter = 2 * kHour;
    s.m_tickets[0].m_facts.push_back(later);
    Fact vendor = test::MakeFact("known-issue", FactSource::Diagnostic, "The vendor confirms a known issue.");
    vendor.m_replyAfter = 4 * kHour;
    vendor.m_fromVendor = true;
    s.m_tickets[0].m_facts.push_back(vendor);
    return s;
}

TEST(SlaClock, AReplyThatTakesTimeArrivesAsAnEvent) {
    const Scenario s = SlowUser();
    Simulation sim(s, 1);
    Play(sim, {"ask t-os logs"});
    const TicketState& t = *sim.FindTicket("t-os");
    EXPECT_TRUE(t.m_knownFacts.empty()) << "the answer is not in yet";
    ASSERT_EQ(t.m_awaiting.size(), 1u);
    EXPECT_EQ(sim.NextEvent(), 2 * kHour);
    ExpectRejectedWith(sim, "ask t-os logs", "the reply is due at 2:00:00");
    sim.AdvanceTo(2 * kHour);
    EXPECT_EQ(t.m_knownFacts, std::vector<std::string>{"logs"});
    EXPECT_TRUE(t.m_awaiting.empty());
    EXPECT_EQ(t.m_log.back().m_text, "Reply from the user: The user sends the crash dump.");
    EXPECT_EQ(t.m_log.back().m_at, 2 * kHour);
}

TEST(SlaClock, PendingNeedsAReplyOwedByThatParty) {
    const Scenario s = SlowUser();
    Simulation sim(s, 1);
    ExpectRejectedWith(sim, "pend t-os user", "nothing is awaited from the user on ticket t-os");
    Play(sim, {"ask t-os logs"});
    ExpectRejectedWith(sim, "pend t-os vendor", "nothing is awaited from the vendor on ticket t-os");
    Play(sim, {"pend t-os user"});
    EXPECT_EQ(sim.FindTicket("t-os")->m_status, TicketStatus::PendingUser);
    ExpectRejectedWith(sim, "pend t-os user", "already pending on the user");
}

TEST(SlaClock, PendingStopsTheResolutionClockUntilTheReply) {
    const Scenario s = SlowUser();
    Simulation sim(s, 1);
    // Asked at 0, costs 3m; pending from 3m30s; the reply at 2h ends it.
    Play(sim, {"ask t-os logs", "pend t-os user", "wait 3h", "resolve t-os fixed"});
    const TicketState& t = *sim.FindTicket("t-os");
    EXPECT_EQ(t.m_status, TicketStatus::Resolved);
    ASSERT_EQ(t.m_pending.size(), 1u);
    EXPECT_EQ(t.m_pending[0].m_from, 3 * 60 + 30);
    EXPECT_EQ(t.m_pending[0].m_to, 2 * kHour);
    const SimTime done = *t.m_doneAt;
    EXPECT_EQ(sim.ResolutionElapsed(t), done - (2 * kHour - 210));
    EXPECT_EQ(sim.FirstResponseElapsed(t), 3 * 60) << "the first-response clock never stops";
    const ScoreReport r = Score(sim);
    EXPECT_TRUE(test::Deductions(Item(r, "t-os"), Dimension::Sla, "resolution").empty());
}

TEST(SlaClock, WorkingAPendingTicketRestartsItsClock) {
    const Scenario s = SlowUser();
    Simulation sim(s, 1);
    Play(sim, {"diagnose t-os known-issue", "pend t-os vendor", "wait 1h", "triage t-os category=os"});
    const TicketState& t = *sim.FindTicket("t-os");
    EXPECT_EQ(t.m_status, TicketStatus::InProgress);
    ASSERT_EQ(t.m_pending.size(), 1u);
    EXPECT_EQ(t.m_pending[0].m_to, 5 * 60 + 30 + kHour);
    // The vendor's reply later changes nothing about the state.
    sim.AdvanceTo(5 * kHour);
    EXPECT_EQ(t.m_status, TicketStatus::InProgress);
    EXPECT_EQ(t.m_knownFacts, std::vector<std::string>{"known-issue"});
}

TEST(SlaClock, PendingTimeIsNamedInTheDeduction) {
    Scenario s = SlowUser();
    s.m_tickets[0].m_facts.back().m_replyAfter = 20 * kHour;
    Simulation sim(s, 1);
    // Pending on the vendor for 20h; still 9h of counted time, so the 8h target is breached.
    Play(sim, {"diagnose t-os known-issue", "pend t-os vendor", "wait 20h", "wait 9h", "resolve t-os fixed"});
    ExpectOneDeduction(Item(Score(sim), "t-os"), Dimension::Sla, "took 9h13m (19h54m pending not counted), target 8h00m (breached)", 2.5);
}

TEST(SlaClock, PendAndRepliesReplayTheSame) {
    const Scenario s = SlowUser();
    Simulation sim(s, 7);
    Play(sim, {"ask t-os logs", "pend t-os user", "diagnose t-os known-issue", "pend t-os vendor", "wait 5h", "resolve t-os fixed"});
    ActionScript script;
    for (const LoggedAction& l : sim.Log()) script.m_actions.push_back(l.m_action);
    const ScriptParseResult parsed = ParseActionScript(FormatActionScript(script));
    ASSERT_TRUE(parsed.Ok());
    Simulation again(s, 7);
    for (const Action& a : parsed.m_script.m_actions) ASSERT_TRUE(again.Apply(a).m_ok);
    EXPECT_EQ(FormatScoreJson(Score(again)), FormatScoreJson(Score(sim)));
    EXPECT_EQ(again.FindTicket("t-os")->m_pending.size(), 2u);
}

} // namespace
} // namespace sl
