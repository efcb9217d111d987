// SupportLab UI tests: sitting an assessment on a trainee's machine — the offer, the trainee part, the server's answers, submitting.
#include "harness.hpp"

#include "scenario_io/publish.hpp"
#include "ui/assessment_run.hpp"
#include "ui/run_control.hpp"
#include "ui/view_play_common.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sl::ui::test {

namespace {

// A trainee's machine in server mode, its delivery agent faked: the assessments it read, what the
// app says waits for answers, and the answers the server gave.
struct FakeAgent {
    std::optional<std::vector<AssessmentOffer>> m_offers;
    std::vector<ServerAnswer> m_answers;
    std::string m_awaitedUid = "(never told)";
    std::vector<PendingRoute> m_awaitedRoutes;
    std::vector<PendingStep> m_awaitedSteps;
    ServerSyncView m_sync{true, true, 0, ""};

    HarnessOptions Options() {
        HarnessOptions o;
        o.m_configure = [this](AppState& s) {
            ServerHooks& h = s.m_options.m_server;
            h.m_location = "postgresql://ana@db.example.org/supportlab";
            h.m_signIn = [](const std::string&) {
                ServerSignInResult r;
                r.m_ok = true;
                r.m_trainee = "ana";
                return r;
            };
            h.m_syncStatus = [this] { return m_sync; };
            h.m_assessmentOffers = [this] { return m_offers; };
            h.m_awaitAnswers = [this](const AwaitedAnswers& awaited) {
                m_awaitedUid = awaited.m_attemptUid;
                m_awaitedRoutes = awaited.m_routes;
                m_awaitedSteps = awaited.m_steps;
            };
            h.m_serverAnswers = [this] { return m_answers; };
        };
        return o;
    }
};

// The UI tests' ticket scenario published as the server would: its trainee part, offered in a session.
AssessmentOffer OfferOf(const Harness& h, int attemptsAllowed = 1, int attemptsUsed = 0) {
    const LoadResult<Scenario> loaded = LoadScenarioFile(h.LibDir() + "/scenarios/tickets.yaml");
    EXPECT_TRUE(loaded.Ok());
    std::string error;
    const auto forms = PrepareLoadedForPublishing(*loaded.m_value, &error);
    EXPECT_TRUE(forms) << error;
    AssessmentOffer o;
    o.m_session = LabSession{41, "ui-lab", "north", "Tom", 1'699'990'000'000, std::nullopt};
    o.m_publishedId = 7;
    o.m_scenarioId = forms->m_scenarioId;
    o.m_title = forms->m_title;
    o.m_traineeText = forms->m_traineeText;
    o.m_modelText = forms->m_modelText;
    o.m_traineeHash = forms->m_traineeHash;
    o.m_attemptsAllowed = attemptsAllowed;
    o.m_attemptsUsed = attemptsUsed;
    return o;
}

// The fake server takes the start's sign-in (as with ~/.pgpass): she is on her start screen,
// which reads her agent's offers again within kStoreRefreshSeconds.
void SignIn(Harness& h) {
    ASSERT_TRUE(h.S().m_server.m_signedIn);
    h.Wait(kStoreRefreshSeconds + 0.5f);
}

const TicketState& TicketBySubject(const ScenarioRun& run, const std::string& subject) {
    for (const TicketState& t : run.Sim().Tickets())
        if (t.m_def->m_subject == subject) return t;
    ADD_FAILURE() << "no ticket " << subject;
    return run.Sim().Tickets().front();
}

std::string StepId(const TicketState& t, const std::string& text) {
    for (const Step& st : t.m_def->m_steps)
        if (st.m_text == text) return st.m_id;
    return {};
}

} // namespace

TEST(UiAssessment, AnOpenAssessmentIsPlayedFromItsTraineePartAndSubmitted) {
    FakeAgent agent;
    Harness h(agent.Options());
    agent.m_offers = std::vector<AssessmentOffer>{OfferOf(h)};
    ASSERT_NO_FATAL_FAILURE(SignIn(h));
    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Assessments")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "1 of 1 left")) << screen;

    // The same scenario from the library waits: practising it now would show its debrief.
    ASSERT_TRUE(h.Click("pick/scenario/ui-tickets"));
    EXPECT_FALSE(h.S().m_trainee.m_run.has_value());
    const LibraryEntry* entry = nullptr;
    for (const LibraryEntry& e : h.S().m_library.m_entries)
        if (e.m_scenario && e.m_scenario->m_id == "ui-tickets") entry = &e;
    ASSERT_NE(entry, nullptr);
    std::optional<ScenarioRun> practice;
    EXPECT_NE(StartStoredRun(h.S(), entry->m_scenario, RunStart{}, practice).find("is being assessed"), std::string::npos);
    EXPECT_NE(ResumeStoredRun(h.S(), entry->m_scenario, 1, practice).find("is being assessed"), std::string::npos)
        << "nor may a practice attempt begun before the assessment opened go on";

    ASSERT_TRUE(h.Click("pick/assessment/7"));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Scenario);
    ScenarioRun& run = *h.S().m_trainee.m_run;
    ASSERT_TRUE(run.Assessed());
    const Attempt attempt = run.m_recorder->AttemptRecord();
    EXPECT_EQ(attempt.m_contentHash, agent.m_offers->front().m_traineeHash);
    ASSERT_TRUE(attempt.m_sessionId.has_value()) << "the attempt belongs to the assessment's session";
    auto sessions = h.S().m_store->LabSessions();
    ASSERT_TRUE(sessions);
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_TRUE(SameLabSession(sessions->front(), agent.m_offers->front().m_session));
    EXPECT_FALSE(ClockControllable(run)) << "an assessment runs at 1x";
    h.Frame(2);
    EXPECT_EQ(agent.m_awaitedUid, attempt.m_uid);
    EXPECT_TRUE(agent.m_awaitedRoutes.empty());

    // Nothing of the key is on screen: no hints, explanations or notes.
    run.m_selectedTicket = TicketBySubject(run, "Laptop will not boot").m_def->m_id;
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "[assessment: submitted to your trainer")) << screen;
    EXPECT_FALSE(ScreenHas(screen, "SECRET")) << screen;
    EXPECT_FALSE(ScreenHas(screen, "Take hint")) << screen;
    EXPECT_FALSE(ScreenHas(screen, "Facilitator note")) << screen;

    // An escalation waits for the server's answer; the answer comes through the agent.
    const std::string screenId = TicketBySubject(run, "Cracked screen").m_def->m_id;
    Action escalate = TicketAction(ActionType::Escalate, screenId, "vendor");
    escalate.m_note = "Dropped laptop, cracked screen: repair under warranty.";
    ASSERT_TRUE(ApplyRunAction(h.S(), run, escalate)) << run.m_lastError;
    run.m_selectedTicket = screenId;
    screen = h.FrameText();
    ASSERT_EQ(agent.m_awaitedRoutes.size(), 1u);
    EXPECT_EQ(agent.m_awaitedRoutes[0].m_ticket, screenId);
    EXPECT_TRUE(ScreenHas(screen, "waiting for the server to say whether the team keeps it")) << screen;
    agent.m_answers = {ServerAnswer{"another-attempt", agent.m_awaitedRoutes[0].m_seq, screenId, "", false, {}},
                       ServerAnswer{attempt.m_uid, agent.m_awaitedRoutes[0].m_seq, screenId, "", true, {}}};
    h.Frame(2);
    EXPECT_FALSE(TicketBySubject(run, "Cracked screen").m_routePending);
    EXPECT_TRUE(agent.m_awaitedRoutes.empty()) << "the agent is told nothing waits any more";
    EXPECT_EQ(TicketBySubject(run, "Cracked screen").m_status, TicketStatus::Escalated) << "the supplier kept it";

    // A step's result is the server's too.
    const TicketState& boot = TicketBySubject(run, "Laptop will not boot");
    const std::string bootId = boot.m_def->m_id;
    std::string askId;
    for (const Fact& f : boot.m_def->m_facts)
        if (f.m_prompt == "When did it start?") askId = f.m_id;
    ASSERT_TRUE(ApplyRunAction(h.S(), run, TicketAction(ActionType::Ask, bootId, askId))) << run.m_lastError;
    const std::string rollback = StepId(boot, "Roll back the update from recovery");
    ASSERT_FALSE(rollback.empty());
    ASSERT_TRUE(ApplyRunAction(h.S(), run, TicketAction(ActionType::Step, bootId, rollback))) << run.m_lastError;
    run.m_selectedTicket = bootId;
    screen = h.FrameText();
    ASSERT_EQ(agent.m_awaitedSteps.size(), 1u);
    EXPECT_TRUE(ScreenHas(screen, "Waiting for the server's result of \"Roll back the update from recovery\"")) << screen;
    agent.m_answers = {ServerAnswer{attempt.m_uid, agent.m_awaitedSteps[0].m_seq, bootId, rollback, false,
                                        StepAnswer{"The laptop starts normally.", true, {}}}};
    h.Frame(2);
    EXPECT_TRUE(TicketBySubject(run, "Laptop will not boot").m_stepPending.empty());
    EXPECT_EQ(run.m_lastOutcome, "The laptop starts normally.");

    // Submitting asks first, then hands in: no score here, and the agent delivers at once.
    ASSERT_TRUE(h.Click("run/finish"));
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Submitting hands the attempt in for scoring")) << screen;
    agent.m_sync.m_round = agent.m_sync.m_roundsStarted = 3; // the agent's last round, before the submission
    ASSERT_TRUE(h.Click("finish/confirm"));
    EXPECT_EQ(run.m_phase, RunPhase::Submitted);
    EXPECT_FALSE(run.m_report.has_value());
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "is handed in")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "still on this machine")) << "no round has looked since: " << screen;
    agent.m_sync.m_round = agent.m_sync.m_roundsStarted = 4;
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Everything has reached the server."));
    EXPECT_EQ(agent.m_awaitedUid, "") << "nothing waits once handed in";
    auto stored = h.S().m_store->GetAttempt(attempt.m_id);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->m_finished);
    EXPECT_FALSE(stored->m_score.has_value()) << "this machine has no key to score with";
    ASSERT_TRUE(h.Click("submitted/back"));
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    // The agent has not read the server again yet (still 0 used), but the attempt is spent.
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "0 of 1 left")) << screen;
    ASSERT_TRUE(h.Click("pick/assessment/7"));
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick) << "no second attempt";
}

TEST(UiAssessment, NoAttemptLeftDisablesStartAndAnUnfinishedAttemptResumes) {
    FakeAgent agent;
    Harness h(agent.Options());
    agent.m_offers = std::vector<AssessmentOffer>{OfferOf(h, 1, 1)};
    ASSERT_NO_FATAL_FAILURE(SignIn(h));
    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "0 of 1 left")) << screen;
    ASSERT_TRUE(h.Click("pick/assessment/7"));
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick) << "every attempt is used";

    agent.m_offers = std::vector<AssessmentOffer>{OfferOf(h, 0, 3)};
    h.Wait(kStoreRefreshSeconds + 0.5f); // the screen reads the agent's offers again
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "no limit")) << screen;
    ASSERT_TRUE(h.Click("pick/assessment/7"));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Scenario);
    ScenarioRun& run = *h.S().m_trainee.m_run;
    const std::string uid = run.m_recorder->AttemptRecord().m_uid;
    const std::string id = TicketBySubject(run, "Laptop will not boot").m_def->m_id;
    ASSERT_TRUE(ApplyRunAction(h.S(), run, TicketAction(ActionType::Acknowledge, id)));
    const size_t actions = run.Sim().Log().size();
    ASSERT_TRUE(h.Click("run/leave"));
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "in progress")) << screen;
    ASSERT_TRUE(h.Click("pick/assessment/7"));
    ASSERT_TRUE(h.S().m_trainee.m_run.has_value());
    EXPECT_EQ(h.S().m_trainee.m_run->m_recorder->AttemptRecord().m_uid, uid) << "resumed, not a second attempt";
    EXPECT_EQ(h.S().m_trainee.m_run->Sim().Log().size(), actions);
}

TEST(UiAssessment, APartThatHoldsItsKeyIsRefused) {
    FakeAgent agent;
    Harness h(agent.Options());
    AssessmentOffer o = OfferOf(h);
    // The full scenario where the trainee part belongs: played here it would show its key.
    auto full = std::string();
    {
        const LoadResult<Scenario> loaded = LoadScenarioFile(h.LibDir() + "/scenarios/tickets.yaml");
        std::string error;
        full = PrepareLoadedForPublishing(*loaded.m_value, &error)->m_neutralText;
    }
    o.m_traineeText = full;
    agent.m_offers = std::vector<AssessmentOffer>{o};
    ASSERT_NO_FATAL_FAILURE(SignIn(h));
    ASSERT_TRUE(h.Click("pick/assessment/7"));
    EXPECT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Pick);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "did not arrive as a trainee's part"));
}

} // namespace sl::ui::test
