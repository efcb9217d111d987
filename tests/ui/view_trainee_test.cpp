// SupportLab UI tests: the trainee — profiles, the ticket queue, the ticket detail, dialogs, clock, debrief.
#include "flows.hpp"
#include "ui/library.hpp"

#include "core/scoring.hpp"

#include "ui/app.hpp"
#include "ui/profiles.hpp"
#include "ui/widgets.hpp"

#include <gtest/gtest.h>
#include <iterator>
#include <fstream>
#include <imgui_internal.h>

namespace sl::ui::test {

namespace {

// A trainee "Ana" in cohort "C1" playing the fixture's ticket scenario with the clock paused.
void StartTickets(Harness& h) {
    CreateProfile(h, "Ana", "C1");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    h.Click("pick/scenario/ui-tickets");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Scenario);
    PauseClock(h);
    h.Frame();
}

float RowY(Harness& h, const std::string& id) { return h.S().m_hooks.m_items["queue/row/" + id].m_min.y; }

} // namespace

TEST(UiTrainee, CreatesAndPicksProfiles) {
    Harness h;
    ASSERT_TRUE(h.Has("profile/create"));
    h.Click("profile/create"); // no name
    EXPECT_EQ(h.S().m_trainee.m_form.m_error, "Enter your name.");
    EXPECT_FALSE(h.S().m_trainee.m_profile);
    CreateProfile(h, "  Ana Silva ", "Helpdesk Q3");
    ASSERT_TRUE(h.S().m_trainee.m_profile);
    EXPECT_EQ(h.S().m_trainee.m_profile->m_name, "Ana Silva");
    EXPECT_EQ(h.S().m_trainee.m_profile->m_cohort, "Helpdesk Q3");
    auto stored = h.S().m_store->FindTrainee("Ana Silva");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->m_cohort, "Helpdesk Q3");
    // Back to the profile list: the same name again is refused; picking the row selects it.
    h.Click("pick/switch");
    CreateProfile(h, "Ana Silva", "");
    EXPECT_NE(h.S().m_trainee.m_form.m_error.find("already exists"), std::string::npos);
    EXPECT_FALSE(h.S().m_trainee.m_profile);
    // The cohort combo offers existing cohorts.
    h.Fill("profile/name", "Ben");
    Choose(h, "profile/cohorts", "profile/cohort/Helpdesk Q3");
    EXPECT_EQ(h.S().m_trainee.m_form.m_cohort, "Helpdesk Q3");
    h.Click("profile/create");
    ASSERT_TRUE(h.S().m_trainee.m_profile);
    EXPECT_EQ(h.S().m_trainee.m_profile->m_cohort, "Helpdesk Q3");
    h.Click("pick/switch");
    h.Click("profile/pick/Ana Silva");
    ASSERT_TRUE(h.S().m_trainee.m_profile);
    EXPECT_EQ(h.S().m_trainee.m_profile->m_name, "Ana Silva");
}

// Names go to terminals, spreadsheets and JSON exports: control characters and invalid UTF-8 are
// refused where a profile is made, with words a trainee understands. (ImGui's text fields drop
// control characters as they are typed or pasted; the form's logic refuses them whatever calls it.)
TEST(UiTrainee, ProfileNamesWithControlCharactersAreRefused) {
    Harness h;
    EXPECT_EQ(sl::ui::CreateProfile(h.S(), "Ana\x1b[31m", "C1"), "The name holds a control character (\\x1b).");
    EXPECT_EQ(sl::ui::CreateProfile(h.S(), std::string("Ana\xff", 4), "C1"), "The name is not valid UTF-8 text.");
    EXPECT_NE(sl::ui::CreateProfile(h.S(), "Ana", "C\x07").find("The cohort name holds a control character"),
              std::string::npos);
    EXPECT_FALSE(h.S().m_trainee.m_profile);
    EXPECT_TRUE(h.S().m_store->Trainees(std::nullopt)->empty());
    EXPECT_EQ(sl::ui::CreateProfile(h.S(), "Zo\xc3\xab =1+1", "C1"), ""); // printable text is fine
}

TEST(UiTrainee, PickScreenListsValidLabsAndScenariosOnly) {
    Harness h;
    CreateProfile(h, "Ana", "C1");
    EXPECT_TRUE(h.Has("pick/lab/ui-lab"));
    EXPECT_TRUE(h.Has("pick/scenario/ui-tickets"));
    EXPECT_TRUE(h.Has("pick/scenario/ui-review"));
    EXPECT_TRUE(h.Has("pick/scenario/ui-exam"));
    const std::string text = h.FrameText();
    EXPECT_FALSE(ScreenHas(text, "UI test support model")) << "support models are not playable";
    EXPECT_TRUE(ScreenHas(text, "UI test tickets")) << text;
}

TEST(UiTrainee, QueueShowsArrivedTicketsWithNewBadgesAndSla) {
    Harness h;
    StartTickets(h);
    EXPECT_TRUE(h.Has("queue/row/t-boot"));
    EXPECT_TRUE(h.Has("queue/row/t-screen"));
    EXPECT_FALSE(h.Has("queue/row/t-late")) << "arrives at 30m";
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "NEW")) << text;
    EXPECT_TRUE(ScreenHas(text, "left")) << "SLA countdown";
    EXPECT_TRUE(ScreenHas(text, "1 more ticket will arrive later"));
    // Resume the clock at the top speed: the late ticket arrives and is announced.
    h.Click("clock/play");
    for (int i = 0; i < kClockSpeedCount; ++i)
        if (h.Has("clock/faster")) h.Click("clock/faster");
    EXPECT_EQ(h.S().m_trainee.m_run->m_clock.m_speedIndex, kClockSpeedCount - 1);
    while (SimNow(h) < 30 * 60 + 1 && h.S().m_hooks.m_frame < 5000) h.Frame(1, 0.2f);
    h.Frame();
    EXPECT_TRUE(h.Has("queue/row/t-late"));
    ASSERT_FALSE(h.S().m_trainee.m_run->m_arrivals.empty());
    EXPECT_NE(h.S().m_trainee.m_run->m_arrivals.back().find("Printer offline"), std::string::npos);
}

TEST(UiTrainee, SlaTurnsOverdueWhenBreached) {
    Harness h;
    StartTickets(h);
    // The fixture's Low priority resolves in 8h: jump the clock past it.
    h.S().m_trainee.m_run->m_recorder->AdvanceTo(9 * 3600);
    h.Frame();
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "over")) << text;
    const TicketState* t = TicketOf(h, "t-boot");
    EXPECT_EQ(h.S().m_trainee.m_run->Sim().ResolutionSla(*t), SlaState::Breached);
}

TEST(UiTrainee, QueueSortsByClickedColumnAndFilters) {
    Harness h;
    StartTickets(h);
    h.Click("queue/header/Subject");
    h.Frame();
    EXPECT_LT(RowY(h, "t-screen"), RowY(h, "t-boot")) << "Cracked screen < Laptop will not boot";
    h.Click("queue/header/Subject");
    h.Frame();
    EXPECT_GT(RowY(h, "t-screen"), RowY(h, "t-boot")) << "descending";
    h.Fill("queue/filter", "cracked");
    h.Frame();
    EXPECT_TRUE(h.Has("queue/row/t-screen"));
    EXPECT_FALSE(h.Has("queue/row/t-boot"));
    h.Fill("queue/filter", "");
    h.Frame();
    Choose(h, "queue/status", "queue/status/Resolved");
    h.Frame();
    EXPECT_FALSE(h.Has("queue/row/t-screen"));
    EXPECT_FALSE(h.Has("queue/row/t-boot"));
    Choose(h, "queue/status", "queue/status/Open");
    h.Frame();
    EXPECT_TRUE(h.Has("queue/row/t-boot")) << h.ScreenText();
    Choose(h, "queue/priority", "queue/priority/sev1");
    h.Frame();
    EXPECT_FALSE(h.Has("queue/row/t-boot"));
}

// Ctrl+Down/Up walk the rows in the order the queue shows them, not the scenario's order.
TEST(UiTrainee, NextAndPreviousTicketFollowTheQueueOrder) {
    Harness h;
    StartTickets(h);
    h.Click("queue/header/Subject"); // Cracked screen, then Laptop will not boot: the reverse of the file
    h.Frame();
    ASSERT_LT(RowY(h, "t-screen"), RowY(h, "t-boot"));
    h.Click("queue/row/t-screen");
    ASSERT_EQ(h.S().m_trainee.m_run->m_selectedTicket, "t-screen");
    const int down = ImGui::GetIO().KeyMap[ImGuiKey_DownArrow];
    const int up = ImGui::GetIO().KeyMap[ImGuiKey_UpArrow];
    h.Press(down, true);
    EXPECT_EQ(h.S().m_trainee.m_run->m_selectedTicket, "t-boot");
    h.Press(down, true);
    EXPECT_EQ(h.S().m_trainee.m_run->m_selectedTicket, "t-boot") << "the last row stays selected";
    h.Press(up, true);
    EXPECT_EQ(h.S().m_trainee.m_run->m_selectedTicket, "t-screen");
    // A filtered-out selection: Down goes to the first row shown.
    h.Fill("queue/filter", "laptop");
    h.Frame();
    h.Press(down, true);
    EXPECT_EQ(h.S().m_trainee.m_run->m_selectedTicket, "t-boot");
}

TEST(UiTrainee, TicketActionsShowTheirCostAndChangeTheTicket) {
    Harness h;
    StartTickets(h);
    h.Click("queue/row/t-boot");
    EXPECT_TRUE(h.S().m_trainee.m_run->m_seen.count("t-boot"));
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Acknowledge  (1m)"));
    EXPECT_TRUE(ScreenHas(text, "When did it start?  (2m)")) << "the fact's own cost";
    EXPECT_TRUE(ScreenHas(text, "Run the hardware check  (5m)")) << "the scenario default";
    EXPECT_TRUE(ScreenHas(text, "Take hint 1 (costs 1 point)"));
    EXPECT_FALSE(ScreenHas(text, "Roll back the update")) << "needs the fact first";
    const SimTime t0 = SimNow(h);
    h.Click("ticket/ack");
    EXPECT_EQ(SimNow(h), t0 + 60);
    EXPECT_TRUE(TicketOf(h, "t-boot")->m_firstResponseAt);
    h.Click("ticket/ask/since");
    EXPECT_EQ(SimNow(h), t0 + 60 + 120);
    text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "After last night's update."));
    ASSERT_TRUE(h.Has("ticket/step/rollback"));
    h.Click("ticket/step/rollback");
    EXPECT_TRUE(TicketOf(h, "t-boot")->m_fixed);
    Triage(h, "os", "low", "high");
    const TicketState* t = TicketOf(h, "t-boot");
    EXPECT_EQ(t->m_category, "os");
    EXPECT_EQ(t->m_impact, "low");
    EXPECT_EQ(t->m_urgency, "high");
    EXPECT_EQ(t->m_assignedPriority, 1); // low impact x high urgency = sev2
    h.Click("ticket/hint/0");
    EXPECT_EQ(TicketOf(h, "t-boot")->m_hintsTaken.size(), 1u);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Ask when it started."));
    // Resolve: the confirm button does nothing until a code is chosen.
    h.Click("ticket/resolve");
    h.Frame();
    ASSERT_TRUE(h.Has("resolve/confirm"));
    h.Click("resolve/confirm");
    EXPECT_EQ(TicketOf(h, "t-boot")->m_status, TicketStatus::InProgress);
    h.Click("resolve/code/fixed");
    h.Click("resolve/confirm");
    EXPECT_EQ(TicketOf(h, "t-boot")->m_status, TicketStatus::Resolved);
    EXPECT_EQ(TicketOf(h, "t-boot")->m_resolutionCode, "fixed");
    h.Frame();
    EXPECT_FALSE(h.Has("resolve/confirm")) << "the dialog closed";
    // Every action was committed as it happened.
    auto events = h.S().m_store->Events(h.S().m_trainee.m_run->m_recorder->AttemptId());
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 6u);
}

TEST(UiTrainee, TriageShowsWhatTheChosenLevelsMean) {
    // The support model's definitions stand next to the triage controls; a level without one
    // (urgency low) shows nothing rather than a guess.
    Harness h;
    StartTickets(h);
    h.Click("queue/row/t-boot");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Impact low: One user.")) << "the intake default";
    Choose(h, "triage/impact", "triage/impact/high");
    Choose(h, "triage/urgency", "triage/urgency/high");
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Impact high: Many users or a whole team.  Urgency high: Work has stopped.")) << text;
    Choose(h, "triage/urgency", "triage/urgency/low");
    text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Impact high: Many users or a whole team.")) << text;
    EXPECT_FALSE(ScreenHas(text, "Urgency low")) << text;
}

TEST(UiTrainee, CertaintyIsAskedForEveryDecisionAndShownInTheDebrief) {
    Harness h;
    CreateProfile(h, "Ana", "C1");
    h.Click("pick/scenario/ui-confidence");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Scenario);
    PauseClock(h);
    h.Frame();
    h.Click("queue/row/c-crash");
    Triage(h, "os", "low", "high"); // no certainty yet: the button stays disabled
    EXPECT_TRUE(TicketOf(h, "c-crash")->m_category.empty());
    h.Click("triage/certainty/high");
    h.Click("ticket/triage");
    EXPECT_EQ(TicketOf(h, "c-crash")->m_category, "os");
    EXPECT_EQ(TicketOf(h, "c-crash")->m_triageCertainty, 3);
    // A reply that takes time: the ticket may wait pending on the user, and its clock stops.
    h.Click("ticket/ask/dump");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Waiting for the user: Send the crash report after your meeting"));
    h.Click("ticket/pend/user");
    EXPECT_EQ(TicketOf(h, "c-crash")->m_status, TicketStatus::PendingUser);
    EXPECT_FALSE(h.Has("ticket/pend/user")) << "already pending";
    h.Click("ticket/escalate");
    h.Frame();
    h.Click("escalate/dest/tier2");
    h.Click("escalate/note");
    h.Type("Crash on start; crash report requested.");
    h.Click("escalate/confirm"); // no certainty
    EXPECT_EQ(TicketOf(h, "c-crash")->m_status, TicketStatus::PendingUser);
    h.Click("escalate/certainty/medium");
    h.Click("escalate/confirm");
    EXPECT_EQ(TicketOf(h, "c-crash")->m_status, TicketStatus::Escalated);
    EXPECT_EQ(TicketOf(h, "c-crash")->m_routeCertainty, 2);
    h.Click("run/finish");
    h.Frame();
    h.Click("finish/confirm");
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Certainty")) << text;
    EXPECT_TRUE(ScreenHas(text, "CBM score")) << text;
    EXPECT_TRUE(ScreenHas(text, "not decided")) << "c-screen was never triaged or routed";
}

// A destination with its own severity definitions: the dialog shows them once it is chosen, and
// the request cannot go without one; the ticket's log says which it was filed as.
TEST(UiTrainee, ARequestToADestinationWithSeveritiesIsFiledWithOne) {
    Harness h;
    auto edit = [](const std::string& path, const std::string& from, const std::string& to) {
        std::string text;
        {
            std::ifstream in(path);
            text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        ASSERT_NE(text.find(from), std::string::npos) << from;
        text.replace(text.find(from), from.size(), to);
        std::ofstream(path) << text;
    };
    edit(h.LibDir() + "/models/model.yaml", "kind: hardware_vendor }",
         "kind: hardware_vendor, request_severities: [{id: a, name: Severity A, definition: A SEV-A-DEFINITION},"
         " {id: b, name: Severity B, definition: A SEV-B-DEFINITION}] }");
    edit(h.LibDir() + "/scenarios/tickets.yaml", "      route: vendor\n", "      route: vendor\n      request_severity: b\n");
    LoadLibrary(h.S());
    StartTickets(h);
    h.Click("queue/row/t-screen");
    h.Click("ticket/escalate");
    h.Frame();
    EXPECT_FALSE(h.Has("escalate/severity/a")) << "no destination chosen yet";
    h.Click("escalate/dest/vendor");
    const std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "A SEV-B-DEFINITION")) << screen;
    h.Click("escalate/note");
    h.Type("Dropped laptop, cracked panel.");
    h.Click("escalate/confirm"); // no severity yet
    EXPECT_EQ(TicketOf(h, "t-screen")->m_status, TicketStatus::New);
    h.Click("escalate/severity/b");
    h.Click("escalate/confirm");
    const TicketState* t = TicketOf(h, "t-screen");
    ASSERT_EQ(t->m_status, TicketStatus::Escalated);
    EXPECT_EQ(t->m_route.back().m_severity, "b");
    EXPECT_NE(t->m_log.back().m_text.find("(filed as Severity B)"), std::string::npos) << t->m_log.back().m_text;
}

// Sharing a ticket for the trend meeting: it needs what the pattern is, is done once, and leaves
// the ticket's state (it is no response to the user).
TEST(UiTrainee, ATicketIsSharedForTheTrendMeetingOnce) {
    Harness h;
    StartTickets(h);
    h.Click("queue/row/t-boot");
    h.Frame();
    h.Click("ticket/share"); // nothing written
    EXPECT_TRUE(TicketOf(h, "t-boot")->m_sharedTrend.empty());
    ASSERT_TRUE(h.Fill("ticket/trend", "Third boot loop after last night's update"));
    h.Click("ticket/share");
    const TicketState* t = TicketOf(h, "t-boot");
    EXPECT_EQ(t->m_sharedTrend, "Third boot loop after last night's update");
    EXPECT_EQ(t->m_status, TicketStatus::New) << "not a response to the user";
    const std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Shared for the trend meeting: Third boot loop after last night's update")) << screen;
    EXPECT_FALSE(h.Has("ticket/share")) << "once per ticket";
}

TEST(UiTrainee, EscalationNeedsADestinationAndANote) {
    Harness h;
    StartTickets(h);
    h.Click("queue/row/t-screen");
    h.Click("ticket/escalate");
    h.Frame();
    ASSERT_TRUE(h.Has("escalate/dest/vendor"));
    EXPECT_TRUE(h.Has("escalate/dest/tier2"));
    h.Click("escalate/confirm"); // nothing chosen
    EXPECT_EQ(TicketOf(h, "t-screen")->m_status, TicketStatus::New);
    h.Click("escalate/dest/vendor");
    h.Click("escalate/confirm"); // no note
    EXPECT_EQ(TicketOf(h, "t-screen")->m_status, TicketStatus::New);
    h.Click("escalate/note");
    h.Type("   ");
    h.Click("escalate/confirm"); // blank note
    EXPECT_EQ(TicketOf(h, "t-screen")->m_status, TicketStatus::New);
    h.Click("escalate/note");
    h.Type("Dropped laptop, cracked panel; warranty check needed.");
    h.Click("escalate/confirm");
    const TicketState* t = TicketOf(h, "t-screen");
    EXPECT_EQ(t->m_status, TicketStatus::Escalated);
    ASSERT_EQ(t->m_route.size(), 1u);
    EXPECT_EQ(t->m_route[0].m_destination, "vendor");
    EXPECT_NE(t->m_route[0].m_note.find("warranty"), std::string::npos);
    h.Frame();
    EXPECT_FALSE(h.Has("escalate/confirm"));
    // The ticket is with another team now: its action buttons are disabled.
    const SimTime before = SimNow(h);
    h.Click("ticket/escalate");
    h.Frame();
    EXPECT_FALSE(h.Has("escalate/confirm"));
    EXPECT_EQ(SimNow(h), before);
}

TEST(UiTrainee, EscapeCancelsADialog) {
    Harness h;
    StartTickets(h);
    h.Click("queue/row/t-screen");
    h.Click("ticket/escalate");
    h.Frame();
    ASSERT_TRUE(h.Has("escalate/confirm"));
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Escape]);
    h.Frame();
    EXPECT_FALSE(h.Has("escalate/confirm"));
    EXPECT_EQ(TicketOf(h, "t-screen")->m_status, TicketStatus::New);
}

TEST(UiTrainee, PracticeClockPausesAndChangesSpeed) {
    Harness h;
    StartTickets(h);
    const SimTime t0 = SimNow(h);
    h.Frame(30, 0.1f);
    EXPECT_EQ(SimNow(h), t0) << "paused";
    h.Click("clock/play");
    h.Frame(20, 0.1f);
    EXPECT_GE(SimNow(h), t0 + 2);
    EXPECT_LE(SimNow(h), t0 + 3);
    h.Click("clock/faster");
    h.Click("clock/faster");
    EXPECT_EQ(h.S().m_trainee.m_run->m_clock.m_speedIndex, 2); // 5x
    const SimTime t1 = SimNow(h);
    h.Frame(20, 0.1f);
    EXPECT_GE(SimNow(h), t1 + 9);
    // Space pauses when no text field is active; ] and [ change the speed.
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Space]);
    EXPECT_TRUE(h.S().m_trainee.m_run->m_clock.m_paused);
    h.Press(93);
    EXPECT_EQ(h.S().m_trainee.m_run->m_clock.m_speedIndex, 3);
    h.Press(91);
    h.Press(91);
    EXPECT_EQ(h.S().m_trainee.m_run->m_clock.m_speedIndex, 1);
}

TEST(UiTrainee, AssessmentModeHasNoClockControls) {
    Harness h;
    CreateProfile(h, "Ana", "C1");
    h.Click("pick/scenario/ui-exam");
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_FALSE(h.Has("clock/pause"));
    EXPECT_FALSE(h.Has("clock/play"));
    EXPECT_FALSE(h.Has("clock/faster"));
    const SimTime t0 = SimNow(h);
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Space]); // ignored
    EXPECT_FALSE(h.S().m_trainee.m_run->m_clock.m_paused);
    h.Press(93);
    EXPECT_EQ(h.S().m_trainee.m_run->m_clock.m_speedIndex, 0);
    h.Frame(30, 0.1f);
    EXPECT_GE(SimNow(h), t0 + 3);
    EXPECT_LE(SimNow(h), t0 + 4);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "assessment"));
}

TEST(UiTrainee, AnswerKeysStayHiddenUntilTheDebrief) {
    HarnessOptions o;
    o.m_display = ImVec2(1600, 4000); // the whole debrief on one screen
    Harness h(o);
    StartTickets(h);
    // Look at every ticket and work one fully; no answer key, explanation or step kind is shown.
    for (const char* id : {"t-boot", "t-screen"}) {
        h.Click(std::string("queue/row/") + id);
        const std::string text = h.FrameText();
        EXPECT_FALSE(ScreenHas(text, "SECRET-")) << text;
        EXPECT_FALSE(ScreenHas(text, "Answer key"));
        EXPECT_FALSE(ScreenHas(text, "Harmful"));
        EXPECT_FALSE(ScreenHas(text, "Wiping loses"));
    }
    Resolve(h, "t-boot", "workaround");
    EXPECT_FALSE(ScreenHas(h.FrameText(), "SECRET-"));
    EXPECT_EQ(h.S().m_hooks.m_answerKeyDraws, 0);
    // Finish with open work: a confirmation first, then the debrief shows the answer and the reasons.
    h.Click("run/finish");
    h.Frame();
    ASSERT_TRUE(h.Has("finish/confirm"));
    h.Click("finish/confirm");
    ASSERT_EQ(h.S().m_trainee.m_run->m_phase, RunPhase::Debrief);
    const std::string debrief = h.FrameText();
    EXPECT_TRUE(ScreenHas(debrief, "SECRET-BOOT-EXPLANATION"));
    EXPECT_TRUE(ScreenHas(debrief, "SECRET-SCREEN-EXPLANATION"));
    EXPECT_TRUE(ScreenHas(debrief, "What you did"));
    EXPECT_TRUE(ScreenHas(debrief, "Expected"));
    EXPECT_EQ(h.S().m_hooks.m_answerKeyDraws, 0) << "the trainee's debrief uses the score report, not the trainer's key";
    // Every deduction is listed with its reason.
    const ScoreReport& r = *h.S().m_trainee.m_run->m_report;
    for (const ItemScore& it : r.m_items)
        for (const Deduction& d : it.m_deductions) EXPECT_TRUE(ScreenHas(debrief, d.m_reason)) << d.m_reason;
}

TEST(UiTrainee, AnIdleWindowWakesForTheNextSimulatedSecondOrOnceASecond) {
    Harness h;
    CreateProfile(h, "Ana", "C1");
    h.S().m_time = 10.25; // app time: the next whole second is 0.75 s away
    EXPECT_NEAR(SecondsUntilChange(h.S()), 0.75, 1e-9) << "no clock running: wall-clock timers only";
    h.Click("pick/scenario/ui-tickets");
    ASSERT_TRUE(h.S().m_trainee.m_run);
    ScenarioRun& run = *h.S().m_trainee.m_run;
    ASSERT_FALSE(run.m_clock.m_paused);
    h.S().m_time = 10.0;
    run.m_clock.m_carry = 0.4; // 0.6 simulated seconds to the next one shown
    EXPECT_NEAR(SecondsUntilChange(h.S()), 0.6, 1e-9);
    run.m_clock.m_speedIndex = 2; // 5x
    EXPECT_NEAR(SecondsUntilChange(h.S()), 0.6 / 5.0, 1e-6);
    PauseClock(h);
    h.S().m_time = 10.0;
    EXPECT_NEAR(SecondsUntilChange(h.S()), kIdleRefresh, 1e-9) << "paused: once a second";
}

TEST(UiTrainee, FinishedAttemptIsStoredWithTheScoreShown) {
    Harness h;
    StartTickets(h);
    h.Click("queue/row/t-boot");
    h.Click("ticket/ack");
    Resolve(h, "t-boot", "fixed");
    Escalate(h, "t-screen", "vendor", "Cracked screen");
    h.Click("run/finish");
    h.Frame();
    h.Click("finish/confirm");
    ASSERT_TRUE(h.S().m_trainee.m_run->m_report);
    const ScoreReport shown = *h.S().m_trainee.m_run->m_report;
    const RowId id = h.S().m_trainee.m_run->m_recorder->AttemptId();
    auto attempt = h.S().m_store->GetAttempt(id);
    ASSERT_TRUE(attempt);
    EXPECT_TRUE(attempt->m_finished);
    auto stored = h.S().m_store->Scores(id);
    ASSERT_TRUE(stored);
    EXPECT_DOUBLE_EQ(stored->m_total, shown.m_total);
    EXPECT_DOUBLE_EQ(stored->m_max, shown.m_max);
    EXPECT_TRUE(h.Has("debrief/total"));
    h.Click("debrief/back");
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
}

TEST(UiTrainee, UnfinishedScenarioResumesOnTheNextStart) {
    Harness h;
    StartTickets(h);
    h.Click("queue/row/t-boot");
    h.Click("ticket/ack");
    h.Click("ticket/ask/since");
    const SimTime before = SimNow(h);
    const RowId id = h.S().m_trainee.m_run->m_recorder->AttemptId();
    h.Restart();
    h.Click("profile/pick/Ana");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Scenario);
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_EQ(h.S().m_trainee.m_run->m_recorder->AttemptId(), id);
    const TicketState* t = TicketOf(h, "t-boot");
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(t->m_firstResponseAt);
    ASSERT_EQ(t->m_knownFacts.size(), 1u);
    EXPECT_EQ(SimNow(h), before);
}

} // namespace sl::ui::test

namespace sl::ui::test {

TEST(UiTrainee, KeyboardMovesThroughTheQueueAndFocusesTheFilter) {
    Harness h;
    CreateProfile(h, "Kay", "C1");
    h.Click("pick/scenario/ui-tickets");
    PauseClock(h);
    ScenarioRun& run = *h.S().m_trainee.m_run;
    run.m_selectedTicket.clear();
    h.Press(264, true); // Ctrl+Down
    const std::string first = run.m_selectedTicket;
    EXPECT_FALSE(first.empty());
    h.Press(264, true);
    EXPECT_NE(run.m_selectedTicket, first);
    h.Press(265, true); // Ctrl+Up
    EXPECT_EQ(run.m_selectedTicket, first);
    // Ctrl+F puts the cursor in the filter; typing filters at once.
    h.Press(70, true);
    h.Frame();
    h.Type("cracked");
    EXPECT_EQ(run.m_queue.m_filter, "cracked");
    EXPECT_FALSE(h.Has("queue/row/t-boot"));
    // While typing, Space is text, not the clock.
    const bool paused = run.m_clock.m_paused;
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Space]);
    EXPECT_EQ(run.m_clock.m_paused, paused);
}

TEST(UiTrainee, IconOnlyControlsHaveTooltips) {
    Harness h;
    CreateProfile(h, "Tia", "C1");
    h.Click("pick/scenario/ui-tickets");
    for (const char* key : {"clock/pause", "clock/faster"}) {
        ASSERT_TRUE(h.Has(key)) << key;
        const ItemRect r = h.S().m_hooks.m_items[key];
        ImGui::GetIO().MousePos = ImVec2((r.m_min.x + r.m_max.x) / 2, (r.m_min.y + r.m_max.y) / 2);
        h.Frame(40, 0.05f); // hover long enough for the tooltip
        const std::string text = h.ScreenText();
        EXPECT_TRUE(ScreenHas(text, key == std::string("clock/pause") ? "Pause the clock (Space)" : "Faster clock (])")) << text;
    }
}

} // namespace sl::ui::test

namespace sl::ui::test {

TEST(UiTrainee, ALeftOrClosedAttemptResumesAtTheClockShownNotItsLastAction) {
    Harness h;
    CreateProfile(h, "Val", "C1");
    h.Click("pick/scenario/ui-tickets");
    ASSERT_FALSE(h.S().m_trainee.m_run->m_clock.m_paused);
    h.Frame(90, 1.0f); // 90 s at 1x, no action at all
    const SimTime shown = SimNow(h);
    ASSERT_GE(shown, 85);
    const RowId id = h.S().m_trainee.m_run->m_recorder->AttemptId();
    h.Click("run/leave");
    h.Click("pick/resume/" + std::to_string(id));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Scenario);
    EXPECT_EQ(SimNow(h), shown) << "left with no actions, it came back at 0:00";
    // Quitting the app stores the clock too.
    PauseClock(h);
    h.Click("queue/row/t-boot");
    h.Click("ticket/ack");
    h.Click("clock/play");
    h.Frame(40, 1.0f);
    const SimTime atQuit = SimNow(h);
    h.Restart();
    h.Click("profile/pick/Val");
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_EQ(SimNow(h), atQuit);
}

TEST(UiTrainee, LeavingAScenarioKeepsItForLater) {
    Harness h;
    CreateProfile(h, "Lou", "C1");
    h.Click("pick/scenario/ui-tickets");
    PauseClock(h);
    h.Click("queue/row/t-boot");
    h.Click("ticket/ack");
    const RowId id = h.S().m_trainee.m_run->m_recorder->AttemptId();
    h.Click("run/leave");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    ASSERT_TRUE(h.Has("pick/resume/" + std::to_string(id)));
    EXPECT_TRUE(ScreenHas(h.FrameText(), "1 action so far"));
    h.Click("pick/resume/" + std::to_string(id));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Scenario);
    EXPECT_EQ(h.S().m_trainee.m_run->m_recorder->AttemptId(), id);
    EXPECT_TRUE(TicketOf(h, "t-boot")->m_firstResponseAt);
}

} // namespace sl::ui::test

namespace sl::ui::test {

// [SECTION] A three-hour lab: what wore people down

TEST(UiTrainee, TheQueueShowsTheWorseOfTheTwoSlaClocks) {
    Harness h;
    StartTickets(h); // t-boot: intake low/low = sev3, first response 1h, resolution 8h
    h.Click("clock/play");
    h.S().m_trainee.m_run->m_clock.m_speedIndex = kClockSpeedCount - 1; // 60x
    h.Frame(61, 1.0f); // 61 simulated minutes, nobody answers
    PauseClock(h);
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "t-boot Laptop will not boot Low New reply 1:03 over")) << "the first response is the worse clock now: " << text;
    h.Click("queue/row/t-boot");
    h.Click("ticket/ack");
    Resolve(h, "t-boot", "workaround");
    text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "t-boot Laptop will not boot Low Resolved breached")) << "resolved in time, but the first reply was late: " << text;
}

TEST(UiTrainee, TheClockBarCountsWhatHasArrivedApartFromWhatIsToCome) {
    Harness h;
    StartTickets(h); // two tickets at 0:00, one at 0:30
    EXPECT_TRUE(ScreenHas(h.FrameText(), "2 open · 1 to come"));
}

TEST(UiTrainee, StatusMessagesGoBackToReadyAfterAWhile) {
    Harness h;
    StartTickets(h);
    Notify(h.S(), MessageLevel::Info, "Something happened.");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Something happened."));
    h.Frame(11, 1.0f);
    const std::string text = h.FrameText();
    EXPECT_FALSE(ScreenHas(text, "Something happened.")) << text;
    EXPECT_TRUE(ScreenHas(text, "Ready. Press F1")) << text;
}

TEST(UiTrainee, SpaceDoesOneThingAndCtrlArrowsLeaveTheFocusAlone) {
    Harness h;
    StartTickets(h);
    ScenarioRun& run = *h.S().m_trainee.m_run;
    ASSERT_TRUE(run.m_clock.m_paused);
    // No control has the keyboard focus: Space is the clock.
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Space]);
    EXPECT_FALSE(run.m_clock.m_paused);
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Space]);
    EXPECT_TRUE(run.m_clock.m_paused);
    // Ctrl+Down changes the ticket and leaves no keyboard focus behind.
    h.Press(264, true);
    h.Frame();
    EXPECT_FALSE(ImGui::GetIO().NavVisible) << "the arrow moved the keyboard focus as well";
    // With a control focused (arrow keys), Space presses it and the clock stays as it was.
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_DownArrow]);
    h.Frame();
    ASSERT_TRUE(ImGui::GetIO().NavVisible);
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Space]);
    EXPECT_TRUE(run.m_clock.m_paused);
}

TEST(UiTrainee, EachTicketOpensAtTheTopOfTheDetailPane) {
    Harness h;
    StartTickets(h);
    ImGui::GetIO().DisplaySize = ImVec2(1280, 480); // a short window: the ticket detail scrolls
    h.Frame(2);
    h.Click("queue/row/t-boot");
    auto detail = [] {
        for (ImGuiWindow* w : GImGui->Windows)
            if (std::string(w->Name).find("##detailpane") != std::string::npos) return w;
        return static_cast<ImGuiWindow*>(nullptr);
    };
    ImGuiWindow* pane = detail();
    ASSERT_NE(pane, nullptr);
    pane->Scroll.y = pane->ScrollMax.y; // as if the trainee scrolled to the bottom
    ASSERT_GT(pane->Scroll.y, 0.0f) << "the pane must be tall enough to scroll";
    h.Frame();
    ASSERT_GT(detail()->Scroll.y, 0.0f);
    h.Click("queue/row/t-screen");
    h.Frame(2);
    EXPECT_EQ(detail()->Scroll.y, 0.0f);
}

} // namespace sl::ui::test

namespace sl::ui::test {

TEST(UiTrainee, AFactFoundReadsAtFullWidthUnderItsQuestion) {
    Harness h;
    StartTickets(h);
    h.Click("queue/row/t-boot");
    h.Click("ticket/ask/since");
    ASSERT_TRUE(h.Has("ticket/fact/since"));
    const ItemRect fact = h.S().m_hooks.m_items["ticket/fact/since"];
    const ItemRect question = h.S().m_hooks.m_items["ticket/fact-question/since"];
    // The answer starts on the line under its question, at the pane's indent, not after the question.
    EXPECT_GE(fact.m_min.y, question.m_max.y) << "the answer began on the question's line";
    EXPECT_LE(fact.m_min.x, question.m_min.x + ImGui::GetStyle().IndentSpacing + 1.0f);
}

// The pick screen's scenario titles take the room the short columns leave and wrap: none is cut.
TEST(UiTrainee, PickScreenTitlesAreWholeAtASmallWindow) {
    HarnessOptions o;
    o.m_scenarioDir = SUPPORTLAB_SCENARIO_DIR;
    o.m_display = ImVec2(1000, 1600);
    Harness h(o);
    CreateProfile(h, "Ana", "C1");
    const std::string screen = h.FrameText();
    int titles = 0;
    for (const LibraryEntry& e : h.S().m_library.m_entries) {
        if (!e.m_scenario) continue;
        ++titles;
        EXPECT_TRUE(ScreenHas(screen, e.m_scenario->m_title)) << e.m_scenario->m_title;
    }
    EXPECT_GT(titles, 10);
    EXPECT_FALSE(ScreenHas(screen, "1 tickets")) << "one ticket is singular";
}

} // namespace sl::ui::test
