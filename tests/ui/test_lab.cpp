// SupportLab UI tests: the lab flow — agenda, lectures, modules, debriefs, elapsed time, resume.
#include "flows.hpp"

#include "store/sqlite_store.hpp"
#include "ui/session.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

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

// Opens the plan review after the opening lecture, answers one question and finishes it.
void FinishPlanReview(Harness& h) {
    h.Click("lab/next");
    h.Click("question/q-single/t1");
    h.Click("question/submit");
    FinishModuleRun(h);
}

// The trainee's one unfinished lab run as stored (fails the test when there is not exactly one).
LabRunRecord StoredRun(Harness& h, const std::string& trainee = "Lee") {
    auto t = h.S().m_store->FindTrainee(trainee);
    EXPECT_TRUE(t.Ok());
    if (!t) return {};
    auto runs = h.S().m_store->UnfinishedLabRuns(t->m_id);
    EXPECT_TRUE(runs.Ok());
    EXPECT_EQ(runs.Ok() ? runs->size() : 0u, 1u);
    return runs.Ok() && runs->size() == 1 ? runs->front() : LabRunRecord{};
}

double StoredSeconds(const LabRunRecord& r, const std::string& module) {
    for (const LabModuleMark& m : r.m_modules)
        if (m.m_moduleId == module) return m.m_seconds;
    return 0.0;
}

// A lab with two lectures before its scenario, added to the harness's library copy.
void AddTwoLectureLab(Harness& h) {
    std::ofstream(h.LibDir() + "/labs/two_lectures.yaml") << R"(format: 1
kind: lab
id: ui-lab2
title: Two lectures first
time_budget: 30m
pass_threshold: 50
modules:
  - id: welcome
    title: Welcome
    agenda: overview
    type: lecture
    duration: 5m
    text: WELCOME-TEXT
  - id: rules
    title: House rules
    agenda: overview
    type: lecture
    duration: 5m
    text: RULES-TEXT
  - id: review
    title: Plan review
    agenda: plan_review
    type: scenario
    duration: 10m
    scenario: ../scenarios/review.yaml
)";
    h.Restart(); // the library is read at start
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
    // The finished lab is stored as finished: it does not come back after a restart.
    h.Restart();
    h.Click("profile/pick/Lee");
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    EXPECT_FALSE(h.S().m_trainee.m_lab.has_value());
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
    FinishPlanReview(h);
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

TEST(UiLab, ALabStoppedRightAfterALectureResumesOnTheNextModule) {
    Harness h;
    AddTwoLectureLab(h);
    CreateProfile(h, "Lee", "C1");
    h.Click("pick/lab/ui-lab2");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    h.Frame(20, 0.5f);
    h.Click("lab/next"); // the welcome lecture is read
    ASSERT_EQ(Lab(h).m_current, 1);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "RULES-TEXT"));
    h.Restart(); // closed on the second lecture, before any scenario attempt exists
    h.Click("profile/pick/Lee");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    ASSERT_TRUE(h.S().m_trainee.m_lab);
    EXPECT_EQ(Lab(h).m_lab->m_id, "ui-lab2");
    EXPECT_TRUE(Lab(h).m_resumed);
    EXPECT_EQ(Lab(h).m_current, 1) << "the lecture already read is not shown again";
    EXPECT_TRUE(Lab(h).m_progress[0].m_done);
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "RULES-TEXT"));
    EXPECT_FALSE(ScreenHas(text, "WELCOME-TEXT"));
    h.Click("lab/next");
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_EQ(h.S().m_trainee.m_run->m_scenario->m_id, "ui-review");
}

TEST(UiLab, ALectureAfterAFinishedScenarioResumesThereNotBefore) {
    Harness h;
    StartLab(h);
    FinishPlanReview(h);
    h.Click("lab/next");
    Resolve(h, "t-boot", "fixed");
    FinishModuleRun(h);
    h.Click("lab/next"); // on to the closing lecture: every scenario module is finished
    ASSERT_EQ(Lab(h).m_current, 3);
    h.Restart();
    h.Click("profile/pick/Lee");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(Lab(h).m_current, 3);
    ASSERT_TRUE(Lab(h).m_progress[1].m_report && Lab(h).m_progress[2].m_report) << "the finished modules' scores are back";
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Any questions?"));
    h.Click("lab/next");
    EXPECT_EQ(Lab(h).m_phase, LabPhase::LabDebrief);
    EXPECT_GT(CombinedLabReport(Lab(h)).m_max, 0.0);
}

TEST(UiLab, TheElapsedTimeAfterARestartIncludesLectureTime) {
    Harness h;
    StartLab(h);
    h.Frame(120, 0.5f); // a minute on the opening lecture
    h.Click("lab/next");
    h.Frame(20, 0.5f);  // ten seconds on the plan review
    const double before = Lab(h).m_elapsed;
    EXPECT_NEAR(before, 70.0, 2.0);
    h.Restart();
    h.Click("profile/pick/Lee");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_NEAR(Lab(h).m_elapsed, before, 0.5) << "the lecture's minute counts after the restart";
    const LabRunRecord r = StoredRun(h);
    EXPECT_NEAR(StoredSeconds(r, "intro"), 60.0, 2.0);
    EXPECT_NEAR(StoredSeconds(r, "review"), 10.0, 1.0);
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Lab time 1:")) << text;
}

TEST(UiLab, LabTimeIsWrittenEveryHalfMinuteNotEveryFrame) {
    Harness h;
    StartLab(h);
    h.Frame(20, 0.5f); // ten seconds: still only in memory
    EXPECT_DOUBLE_EQ(StoredSeconds(StoredRun(h), "intro"), 0.0);
    h.Frame(50, 0.5f); // past thirty seconds: written while the trainee is still reading
    const double stored = StoredSeconds(StoredRun(h), "intro");
    EXPECT_GE(stored, kLabFlushSeconds);
    EXPECT_LT(stored, Lab(h).m_elapsed);
    // Switching away from the lab screen writes the rest.
    h.S().m_role = AppRole::Trainer;
    h.Frame();
    EXPECT_NEAR(StoredSeconds(StoredRun(h), "intro"), Lab(h).m_elapsed, 1e-9);
    h.S().m_role = AppRole::Trainee;
}

TEST(UiLab, ALabSessionsRunStaysTiedToTheSession) {
    Harness h;
    CreateProfile(h, "Lee", "C1");
    LabSession ls;
    ls.m_labId = "ui-lab";
    ls.m_cohort = "C1";
    ls.m_trainer = "Tess";
    ls.m_startedWall = h.m_wall;
    auto session = h.S().m_store->StartLabSession(ls);
    ASSERT_TRUE(session.Ok());
    const RowId id = session->m_id;
    h.Frame();
    h.Click("pick/session/" + std::to_string(id));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(StoredRun(h).m_sessionId, id);
    h.Click("lab/next");
    h.Restart();
    h.Click("profile/pick/Lee");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(Lab(h).m_sessionId, id) << "the resumed run is still the session's";
    EXPECT_EQ(Lab(h).m_current, 1);
    const LabRunRecord r = StoredRun(h);
    EXPECT_EQ(r.m_sessionId, id);
    ASSERT_TRUE(h.S().m_trainee.m_run && h.S().m_trainee.m_run->m_recorder);
    EXPECT_EQ(h.S().m_trainee.m_run->m_recorder->AttemptRecord().m_sessionId, id);
    FinishModuleRun(h);
    AttemptFilter f;
    f.m_sessionId = id;
    auto attempts = h.S().m_store->Attempts(f);
    ASSERT_TRUE(attempts.Ok());
    ASSERT_EQ(attempts->size(), 1u) << "the resumed attempt, not a new one outside the session";
    EXPECT_TRUE(attempts->front().m_finished);
}

TEST(UiLab, ADatabaseWithoutLabRunsStillResumesFromTheAttempts) {
    Harness h;
    StartLab(h);
    h.Click("lab/next");
    h.Click("question/q-single/t1");
    h.Click("question/submit");
    h.Frame(40, 0.5f);
    h.Click("lab/leave");
    // As a database from before lab runs would be: only the attempts.
    auto* sqlite = dynamic_cast<SqliteStore*>(h.S().m_store.get());
    ASSERT_NE(sqlite, nullptr);
    ASSERT_EQ(sqlite3_exec(sqlite->Handle(), "DELETE FROM lab_run_modules; DELETE FROM lab_runs;", nullptr, nullptr, nullptr),
              SQLITE_OK);
    h.Restart();
    h.Click("profile/pick/Lee");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(Lab(h).m_current, 1);
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_TRUE(h.S().m_trainee.m_run->Sim().FindQuestion("q-single")->m_answered);
    EXPECT_GT(Lab(h).m_elapsed, 0.0) << "the attempt's duration, as before lab runs";
    // Adopted as a stored run: progress is recorded from now on.
    const LabRunRecord r = StoredRun(h);
    ASSERT_FALSE(r.m_modules.empty());
    EXPECT_EQ(r.m_modules[0].m_moduleId, "intro");
    EXPECT_TRUE(r.m_modules[0].m_done);
}

} // namespace sl::ui::test
