// SupportLab UI tests: the lab flow — agenda, lectures, modules, debriefs, elapsed time, resume.
#include "flows.hpp"

#include "ui/session.hpp"

#include <gtest/gtest.h>

namespace sl::ui::test {

namespace {

void StartLab(Harness& h) {
    CreateProfile(h, "Lee", "C1");
    h.Click("pick/lab/ui-lab");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    ASSERT_TRUE(h.S().m_trainee.m_lab);
}

LabRun& Lab(Harness& h) { return *h.S().m_trainee.m_lab; }

void FinishModuleRun(Harness& h) {
    h.Click("run/finish");
    if (h.Has("finish/confirm")) h.Click("finish/confirm");
}

} // namespace

TEST(UiLab, FollowsTheAgendaWithDebriefsAndTheBudgetVisible) {
    Harness h;
    StartLab(h);
    EXPECT_EQ(Lab(h).m_current, 0);
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "LECTURE-TEXT Welcome to the lab."));
    EXPECT_TRUE(ScreenHas(text, "Lab time 0:00 of 1:00:00")) << text;
    EXPECT_FALSE(ScreenHas(text, "PRESENTER-NOTE")) << "presenter notes are for trainers";
    h.Frame(120, 0.5f); // a minute of reading
    EXPECT_NEAR(Lab(h).m_elapsed, 60.0, 2.0);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Lab time 1:0"));
    h.Click("lab/next");
    ASSERT_EQ(Lab(h).m_current, 1);
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_EQ(h.S().m_trainee.m_run->m_scenario->m_id, "ui-review");
    EXPECT_TRUE(h.Has("lab/elapsed")) << "always visible";
    h.Click("question/q-single/t1");
    h.Click("question/submit");
    FinishModuleRun(h);
    ASSERT_EQ(Lab(h).m_phase, LabPhase::ModuleDebrief);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Debrief: Plan review"));
    EXPECT_TRUE(Lab(h).m_progress[1].m_report.has_value());
    h.Click("lab/next");
    ASSERT_EQ(Lab(h).m_current, 2);
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_EQ(h.S().m_trainee.m_run->m_scenario->m_id, "ui-tickets");
    EXPECT_TRUE(h.Has("lab/elapsed"));
    Resolve(h, "t-boot", "fixed");
    FinishModuleRun(h);
    ASSERT_EQ(Lab(h).m_phase, LabPhase::ModuleDebrief);
    h.Click("lab/next");
    EXPECT_EQ(Lab(h).m_current, 3);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Any questions?"));
    h.Click("lab/next"); // "Finish the lab"
    ASSERT_EQ(Lab(h).m_phase, LabPhase::LabDebrief);
    const ScoreReport total = CombinedLabReport(Lab(h));
    EXPECT_DOUBLE_EQ(total.m_max, Lab(h).m_progress[1].m_report->m_max + Lab(h).m_progress[2].m_report->m_max);
    text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Lab complete"));
    EXPECT_TRUE(ScreenHas(text, "(pass mark 60%)"));
    // Both attempts are stored as this lab's modules.
    AttemptFilter f;
    f.m_labId = "ui-lab";
    auto attempts = h.S().m_store->Attempts(f);
    ASSERT_TRUE(attempts);
    const std::vector<Attempt>& list = attempts.Value();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].m_moduleId.value_or(""), "review");
    EXPECT_EQ(list[1].m_moduleId.value_or(""), "tickets");
    EXPECT_TRUE(list[0].m_finished && list[1].m_finished);
    h.Click("lab/done");
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
}

TEST(UiLab, AnUnfinishedModuleResumesWhereItStopped) {
    Harness h;
    StartLab(h);
    h.Click("lab/next");
    h.Click("question/q-single/t1");
    h.Click("question/submit");
    h.Frame(60, 0.5f);
    h.Restart(); // the app closes mid-module
    h.Click("profile/pick/Lee");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_TRUE(Lab(h).m_resumed);
    EXPECT_EQ(Lab(h).m_current, 1);
    ASSERT_TRUE(h.S().m_trainee.m_run);
    const QuestionState* q = h.S().m_trainee.m_run->Sim().FindQuestion("q-single");
    ASSERT_NE(q, nullptr);
    EXPECT_TRUE(q->m_answered) << "the answer given before the restart is back";
    EXPECT_GT(Lab(h).m_elapsed, 0.0) << "earlier lab time counts";
}

TEST(UiLab, AFinishedModuleIsNotRepeatedAfterARestart) {
    Harness h;
    StartLab(h);
    h.Click("lab/next");
    h.Click("question/q-single/t1");
    h.Click("question/submit");
    FinishModuleRun(h);
    const double reviewScore = Lab(h).m_progress[1].m_report->m_total;
    h.Click("lab/leave");
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    h.Restart();
    h.Click("profile/pick/Lee");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(Lab(h).m_current, 2);
    EXPECT_TRUE(Lab(h).m_progress[0].m_done);
    EXPECT_TRUE(Lab(h).m_progress[1].m_done);
    ASSERT_TRUE(Lab(h).m_progress[1].m_report);
    EXPECT_DOUBLE_EQ(Lab(h).m_progress[1].m_report->m_total, reviewScore);
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_EQ(h.S().m_trainee.m_run->m_scenario->m_id, "ui-tickets");
}

} // namespace sl::ui::test
