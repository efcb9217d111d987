// SupportLab UI tests: the lab flow — agenda, lectures, modules, debriefs, elapsed time, resume.
#include "flows.hpp"

#include "store/sqlite_store.hpp"
#include "ui/profiles.hpp"
#include "ui/lab_flow.hpp"
#include "ui/library.hpp"
#include "ui/run_control.hpp"

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

// Starts the lab, spends a minute on the lecture and ten seconds on the plan review (one question
// answered), then leaves the lab: back on the pick screen with one unfinished run, whose id is returned.
RowId LeaveLabMidway(Harness& h) {
    StartLab(h);
    h.Frame(120, 0.5f);
    h.Click("lab/next");
    h.Click("question/q-single/t1");
    h.Click("question/submit");
    h.Frame(20, 0.5f);
    h.Click("lab/leave");
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    return StoredRun(h).m_id;
}

// A trainer's session of ui-lab for cohort C1, shown on the pick screen; its id (0 on failure).
RowId StartSession(Harness& h) {
    LabSession ls;
    ls.m_labId = "ui-lab";
    ls.m_cohort = "C1";
    ls.m_trainer = "Tess";
    ls.m_startedWall = h.m_wall;
    auto session = h.S().m_store->StartLabSession(ls);
    EXPECT_TRUE(session.Ok());
    h.Frame(1, static_cast<float>(kStoreRefreshSeconds) + 0.5f); // the pick screen reads the sessions again
    h.Frame();
    return session.Ok() ? session->m_id : 0;
}

LabRunRecord GetRun(Harness& h, RowId id) {
    auto r = h.S().m_store->GetLabRun(id);
    EXPECT_TRUE(r.Ok());
    return r.Ok() ? r.Value() : LabRunRecord{};
}

const LabModuleMark* MarkOf(const LabRunRecord& r, const std::string& module) {
    for (const LabModuleMark& m : r.m_modules)
        if (m.m_moduleId == module) return &m;
    return nullptr;
}

bool QuestionAnswered(Harness& h) {
    const auto& run = h.S().m_trainee.m_run;
    const QuestionState* q = run ? run->Sim().FindQuestion("q-single") : nullptr;
    return q && q->m_answered;
}

} // namespace

TEST(UiLab, FollowsTheAgendaWithDebriefsAndTheBudgetVisible) {
    Harness h;
    StartLab(h);
    EXPECT_EQ(Lab(h).m_current, 0);
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "LECTURE-TEXT Welcome to the lab."));
    EXPECT_TRUE(ScreenHas(text, "Lab time 0s of 1h00m")) << text;
    EXPECT_FALSE(ScreenHas(text, "PRESENTER-NOTE")) << "presenter notes are for trainers";
    h.Frame(120, 0.5f); // a minute of reading
    EXPECT_NEAR(Lab(h).m_elapsed, 60.0, 2.0);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Lab time 1m"));
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
    EXPECT_TRUE(ScreenHas(text, "Lab time 1m")) << text;
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
    const RowId id = StartSession(h);
    ASSERT_NE(id, 0);
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

// [SECTION] Picking a lab left unfinished

TEST(UiLab, PickingALabLeftUnfinishedAsksAndResumeRestoresTheModuleAndTime) {
    Harness h;
    const RowId runId = LeaveLabMidway(h);
    const LabRunRecord stored = GetRun(h, runId);
    const double before = StoredSeconds(stored, "intro") + StoredSeconds(stored, "review");
    EXPECT_NEAR(before, 70.0, 2.0);
    h.Click("pick/lab/ui-lab");
    const std::string text = h.FrameText();
    ASSERT_TRUE(h.Has("labprompt/resume")) << text;
    EXPECT_TRUE(ScreenHas(text, "You have an unfinished run of UI test lab (1/4 modules, lab time 1:1")) << text;
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick) << "nothing starts before the trainee answers";
    EXPECT_FALSE(h.S().m_trainee.m_lab.has_value());
    EXPECT_EQ(StoredRun(h).m_id, runId) << "no new run was created";
    h.Click("labprompt/resume");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_FALSE(h.Has("labprompt/resume")) << "the dialog closed";
    EXPECT_TRUE(Lab(h).m_resumed);
    EXPECT_EQ(Lab(h).m_current, 1) << "back on the plan review";
    EXPECT_NEAR(Lab(h).m_elapsed, before, 0.5) << "the earlier lab time is back";
    EXPECT_TRUE(QuestionAnswered(h)) << "the answer given before leaving is back";
    ASSERT_TRUE(Lab(h).m_stored);
    EXPECT_EQ(Lab(h).m_stored->Record().m_id, runId);
    EXPECT_EQ(StoredRun(h).m_id, runId) << "still one unfinished run: the same one";
}

TEST(UiLab, StartOverBeginsAtTheFirstModuleAndKeepsTheOldRunsData) {
    Harness h;
    const RowId oldId = LeaveLabMidway(h);
    const LabRunRecord old = GetRun(h, oldId);
    h.Click("pick/lab/ui-lab");
    h.Frame();
    ASSERT_TRUE(h.Has("labprompt/startover"));
    h.Click("labprompt/startover");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_FALSE(h.Has("labprompt/startover")) << "the dialog closed";
    EXPECT_FALSE(Lab(h).m_resumed);
    EXPECT_EQ(Lab(h).m_current, 0) << "module 1 again";
    EXPECT_LT(Lab(h).m_elapsed, 1.0) << "the lab time starts again";
    EXPECT_TRUE(ScreenHas(h.FrameText(), "LECTURE-TEXT"));
    // The new run is the one unfinished run; the old one is closed with its marks as they were.
    const LabRunRecord fresh = StoredRun(h);
    EXPECT_NE(fresh.m_id, oldId);
    for (const LabModuleMark& m : fresh.m_modules) EXPECT_FALSE(m.m_done) << m.m_moduleId;
    const LabRunRecord closed = GetRun(h, oldId);
    EXPECT_TRUE(closed.m_finished);
    EXPECT_TRUE(closed.m_endedWall.has_value());
    ASSERT_EQ(closed.m_modules.size(), old.m_modules.size());
    const LabModuleMark* intro = MarkOf(closed, "intro");
    ASSERT_NE(intro, nullptr);
    EXPECT_TRUE(intro->m_done);
    EXPECT_NEAR(intro->m_seconds, 60.0, 2.0);
    EXPECT_DOUBLE_EQ(StoredSeconds(closed, "review"), StoredSeconds(old, "review"));
    // The old run's attempt is still stored too.
    AttemptFilter f;
    f.m_labId = "ui-lab";
    auto attempts = h.S().m_store->Attempts(f);
    ASSERT_TRUE(attempts.Ok());
    EXPECT_EQ(attempts->size(), 1u);
    // Leaving the new run and picking the lab again offers the new run, not the closed one.
    h.Click("lab/leave");
    h.Click("pick/lab/ui-lab");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "(0/4 modules"));
    EXPECT_FALSE(h.Has("pick/resumelab/" + std::to_string(oldId)));
}

TEST(UiLab, EscapeCancelsThePromptAndEnterResumes) {
    Harness h;
    const RowId runId = LeaveLabMidway(h);
    h.Click("pick/lab/ui-lab");
    h.Frame();
    ASSERT_TRUE(h.Has("labprompt/cancel"));
    h.Press(ImGui::GetKeyIndex(ImGuiKey_Escape));
    h.Frame();
    EXPECT_FALSE(h.Has("labprompt/cancel")) << "Escape closed the dialog";
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    EXPECT_FALSE(h.S().m_trainee.m_lab.has_value());
    EXPECT_FALSE(GetRun(h, runId).m_finished) << "cancelling changes nothing";
    EXPECT_EQ(StoredRun(h).m_id, runId);
    // The Cancel button does the same.
    h.Click("pick/lab/ui-lab");
    h.Frame();
    h.Click("labprompt/cancel");
    EXPECT_FALSE(h.Has("labprompt/cancel"));
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    // Enter is Resume.
    h.Click("pick/lab/ui-lab");
    h.Frame();
    ASSERT_TRUE(h.Has("labprompt/resume"));
    h.Press(ImGui::GetKeyIndex(ImGuiKey_Enter));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(Lab(h).m_current, 1);
    ASSERT_TRUE(Lab(h).m_stored);
    EXPECT_EQ(Lab(h).m_stored->Record().m_id, runId);
}

TEST(UiLab, TheRunOfTheLabAndSessionPickedResumesNotTheNewest) {
    Harness h;
    const RowId aloneId = LeaveLabMidway(h); // alone, on module 2
    const RowId sessionId = StartSession(h);
    ASSERT_NE(sessionId, 0);
    // The session's run is another run: no prompt, a new run starts and is left on its lecture.
    h.Click("pick/session/" + std::to_string(sessionId));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    ASSERT_TRUE(Lab(h).m_stored);
    const RowId sessionRunId = Lab(h).m_stored->Record().m_id;
    EXPECT_NE(sessionRunId, aloneId);
    h.Frame(10, 0.5f);
    h.Click("lab/leave");
    // Both runs are listed on the pick screen with their own Resume buttons.
    h.Frame();
    EXPECT_TRUE(h.Has("pick/resumelab/" + std::to_string(aloneId)));
    EXPECT_TRUE(h.Has("pick/resumelab/" + std::to_string(sessionRunId)));
    // Alone: the older run alone is offered and resumed, not the newer session run.
    h.Click("pick/lab/ui-lab");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "(1/4 modules"));
    h.Click("labprompt/resume");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(Lab(h).m_stored->Record().m_id, aloneId);
    EXPECT_FALSE(Lab(h).m_sessionId.has_value());
    EXPECT_EQ(Lab(h).m_current, 1);
    EXPECT_TRUE(QuestionAnswered(h));
    h.Click("lab/leave");
    // The list's button resumes exactly its run.
    h.Click("pick/resumelab/" + std::to_string(sessionRunId));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(Lab(h).m_stored->Record().m_id, sessionRunId);
    EXPECT_EQ(Lab(h).m_sessionId, sessionId);
    EXPECT_EQ(Lab(h).m_current, 0);
    EXPECT_NEAR(Lab(h).m_elapsed, 5.0, 0.5);
    h.Click("lab/leave");
    // Through the session: its own run is offered.
    h.Click("pick/session/" + std::to_string(sessionId));
    EXPECT_TRUE(ScreenHas(h.FrameText(), "(0/4 modules"));
    h.Click("labprompt/resume");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    EXPECT_EQ(Lab(h).m_stored->Record().m_id, sessionRunId);
}

} // namespace sl::ui::test

namespace sl::ui::test {

TEST(UiLab, ThePickScreenReadsSessionsOnArrivalAndEveryFewSecondsNotEveryFrame) {
    Harness h;
    CreateProfile(h, "Rae", "C1");
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    const int before = h.S().m_hooks.m_storeReads;
    h.Frame(30); // half a second of frames
    EXPECT_EQ(h.S().m_hooks.m_storeReads, before) << "no store read while nothing changes";
    const RowId id = StartSession(h); // waits past the refresh
    EXPECT_EQ(h.S().m_hooks.m_storeReads, before + 1);
    EXPECT_TRUE(h.Has("pick/session/" + std::to_string(id))) << "a session started meanwhile shows within seconds";
}

//-----------------------------------------------------------------------------
// The lab flow called directly (no clicks): what lab_flow.cpp promises, function by function
//-----------------------------------------------------------------------------

namespace {

// A profile "Kim" and the fixture's lab started through lab_flow's StartLab.
void StartLabDirectly(Harness& h) {
    AppState& s = h.S();
    ASSERT_EQ(::sl::ui::CreateProfile(s, "Kim", "C1"), "");
    ASSERT_EQ(::sl::ui::StartLab(s, LabEntry(s, "ui-lab"), std::nullopt), "");
}

// The plan review open in the lab: one question answered, the attempt finished, the module noted.
void AnswerAndFinishPlanReview(AppState& s) {
    ASSERT_TRUE(s.m_trainee.m_run);
    Action answer;
    answer.m_type = ActionType::Answer;
    answer.m_target = "q-single";
    answer.m_tokens = {"t1"};
    ASSERT_TRUE(ApplyRunAction(s, *s.m_trainee.m_run, answer));
    ASSERT_TRUE(FinishRun(s, *s.m_trainee.m_run));
    NoteModuleRunFinished(s);
}

} // namespace

TEST(UiLab, DirectlyAStartedLabOpensOnItsFirstModuleAndMovesOn) {
    Harness h;
    StartLabDirectly(h);
    AppState& s = h.S();
    LabRun& lab = *s.m_trainee.m_lab;
    EXPECT_EQ(lab.m_current, 0);
    EXPECT_EQ(lab.m_phase, LabPhase::Module);
    EXPECT_FALSE(s.m_trainee.m_run) << "a lecture opens no scenario";
    ASSERT_TRUE(lab.m_stored);
    EXPECT_GT(lab.m_stored->Record().m_id, 0) << "the run is stored at once";

    NextModule(s); // the lecture is read
    EXPECT_EQ(lab.m_current, 1);
    EXPECT_TRUE(lab.m_progress[0].m_done);
    EXPECT_TRUE(lab.m_stored->Done("intro"));
    ASSERT_TRUE(s.m_trainee.m_run) << "the plan review starts its attempt";
    EXPECT_EQ(s.m_trainee.m_run->m_labModuleId, "review");

    AnswerAndFinishPlanReview(s);
    EXPECT_EQ(lab.m_phase, LabPhase::ModuleDebrief);
    ASSERT_TRUE(lab.m_progress[1].m_report);
    EXPECT_GT(lab.m_progress[1].m_attemptId, 0);
    const ScoreReport combined = CombinedLabReport(lab);
    EXPECT_EQ(combined.m_scenarioId, "ui-lab");
    EXPECT_DOUBLE_EQ(combined.m_total, lab.m_progress[1].m_report->m_total);
    EXPECT_DOUBLE_EQ(combined.m_max, lab.m_progress[1].m_report->m_max);
}

// Left and resumed without a click: the lab stands where its stored marks leave it, with the
// finished module's score read back.
TEST(UiLab, DirectlyALeftLabResumesOnTheModuleItWasLeftOn) {
    Harness h;
    StartLabDirectly(h);
    AppState& s = h.S();
    NextModule(s); // intro read; the plan review open
    AnswerAndFinishPlanReview(s);
    const double score = s.m_trainee.m_lab->m_progress[1].m_report->m_total;
    NextModule(s); // on to the tickets
    LeaveLab(s);
    EXPECT_FALSE(s.m_trainee.m_lab);

    std::string error;
    ASSERT_TRUE(ResumeUnfinishedLab(s, error)) << error;
    LabRun& lab = *s.m_trainee.m_lab;
    EXPECT_TRUE(lab.m_resumed);
    EXPECT_EQ(lab.m_current, 2);
    EXPECT_TRUE(lab.m_progress[0].m_done);
    EXPECT_TRUE(lab.m_progress[1].m_done);
    ASSERT_TRUE(lab.m_progress[1].m_report);
    EXPECT_DOUBLE_EQ(lab.m_progress[1].m_report->m_total, score);
    ASSERT_TRUE(s.m_trainee.m_run);
    EXPECT_EQ(s.m_trainee.m_run->m_labModuleId, "tickets");
}

// Starting over closes the unfinished run (its marks stay) and begins a new one on module one.
TEST(UiLab, DirectlyStartingOverClosesTheOldRunAndBeginsAgain) {
    Harness h;
    StartLabDirectly(h);
    AppState& s = h.S();
    NextModule(s);
    const RowId old = s.m_trainee.m_lab->m_stored->Record().m_id;
    ASSERT_EQ(StartLabOver(s, LabEntry(s, "ui-lab"), std::nullopt, old), "");
    EXPECT_EQ(s.m_trainee.m_lab->m_current, 0);
    EXPECT_NE(s.m_trainee.m_lab->m_stored->Record().m_id, old);
    auto closed = s.m_store->GetLabRun(old);
    ASSERT_TRUE(closed);
    EXPECT_TRUE(closed->m_finished);
    std::string error;
    auto again = FindUnfinishedLabRun(s, "ui-lab", std::nullopt, error);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->m_id, s.m_trainee.m_lab->m_stored->Record().m_id);
}

} // namespace sl::ui::test
