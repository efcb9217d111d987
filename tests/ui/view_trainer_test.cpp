// SupportLab UI tests: the trainer console — library validation and reload, answer keys,
// train-the-trainer, demo play, lab sessions for a cohort.
#include "flows.hpp"
#include "ui/library.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace sl::ui::test {

TEST(UiTrainer, LibraryShowsEveryFileAndReloadsEdits) {
    Harness h;
    h.Unlock();
    ASSERT_EQ(h.S().m_role, AppRole::Trainer);
    for (const char* f : {"scenarios/tickets.yaml", "scenarios/review.yaml", "scenarios/exam.yaml", "scenarios/confidence.yaml",
                          "models/model.yaml", "labs/lab.yaml"})
        EXPECT_TRUE(h.Has(std::string("library/row/") + f)) << f;
    EXPECT_TRUE(ScreenHas(h.FrameText(), "6 valid, 0 with errors"));
    // An author breaks a file in their editor, then presses Reload.
    {
        std::ofstream out(h.LibDir() + "/scenarios/broken.yaml");
        out << "format: 1\nkind: common_issues\nid: broken\ntitle: Broken\nsupport_model: ../models/model.yaml\n"
               "player_role: agent\ntickts: []\nclock: sometimes\n";
    }
    EXPECT_FALSE(h.Has("library/row/scenarios/broken.yaml"));
    h.Click("library/reload");
    ASSERT_TRUE(h.Has("library/row/scenarios/broken.yaml"));
    h.Click("library/row/scenarios/broken.yaml");
    const std::string text = h.FrameText();
    // Every problem, each as path:line:col.
    EXPECT_TRUE(ScreenHas(text, "broken.yaml:7:1: error:")) << text;
    EXPECT_TRUE(ScreenHas(text, "broken.yaml:8:8: error:")) << text;
    EXPECT_TRUE(ScreenHas(text, "6 valid, 1 with errors"));
    // Only-invalid filter.
    h.Click("library/only-invalid");
    EXPECT_FALSE(h.Has("library/row/scenarios/tickets.yaml"));
    EXPECT_TRUE(h.Has("library/row/scenarios/broken.yaml"));
    // Trainees never see the broken file; F5 reloads too.
    std::remove((h.LibDir() + "/scenarios/broken.yaml").c_str());
    h.Press(294);
    EXPECT_FALSE(h.Has("library/row/scenarios/broken.yaml"));
}

TEST(UiTrainer, AnswerKeysShowTheKeyAndFacilitatorNotes) {
    Harness h;
    h.Unlock();
    h.Click("library/row/scenarios/tickets.yaml");
    h.Click("library/answers");
    h.Frame();
    EXPECT_EQ(h.S().m_trainer.m_tab, TrainerTab::AnswerKeys);
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Facilitator note for the UI tests.")) << text;
    EXPECT_TRUE(ScreenHas(text, "SECRET-BOOT-EXPLANATION"));
    EXPECT_TRUE(ScreenHas(text, "Harmful step: Reset the laptop and wipe the disk"));
    EXPECT_TRUE(ScreenHas(text, "Route: Hardware supplier"));
    EXPECT_GT(h.S().m_hooks.m_answerKeyDraws, 0);
    // The lab's presenter notes are there too.
    Choose(h, "answers/pick", "answers/pick/ui-lab");
    EXPECT_EQ(h.S().m_library.m_entries[static_cast<size_t>(h.S().m_trainer.m_selected)].m_id, "ui-lab");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "PRESENTER-NOTE say hello."));
}

TEST(UiTrainer, TrainTheTrainerStepsThroughTheAgendaWithATimer) {
    Harness h;
    h.Unlock();
    h.Click("trainer/tab/ttt");
    Choose(h, "ttt/pick", "ttt/pick/ui-lab");
    ASSERT_GE(h.S().m_trainer.m_ttt.m_labEntry, 0);
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "PRESENTER-NOTE say hello."));
    EXPECT_TRUE(ScreenHas(text, "Step 1 of 4"));
    h.Click("ttt/start");
    h.Frame(100, 0.5f); // 50 s
    EXPECT_NEAR(h.S().m_trainer.m_ttt.m_elapsed[0], 50.0, 1.5);
    h.Click("ttt/pause");
    const double paused = h.S().m_trainer.m_ttt.m_elapsed[0];
    h.Frame(20, 0.5f);
    EXPECT_DOUBLE_EQ(h.S().m_trainer.m_ttt.m_elapsed[0], paused);
    h.Click("ttt/next");
    EXPECT_EQ(h.S().m_trainer.m_ttt.m_step, 1);
    text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Step 2 of 4"));
    EXPECT_TRUE(ScreenHas(text, "Support plan review"));
    h.Click("ttt/step/qa");
    EXPECT_EQ(h.S().m_trainer.m_ttt.m_step, 3);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Any questions?")) << "what trainees read";
    h.Click("ttt/prev");
    EXPECT_EQ(h.S().m_trainer.m_ttt.m_step, 2);
    h.Click("ttt/step/intro");
    h.Click("ttt/reset");
    EXPECT_DOUBLE_EQ(h.S().m_trainer.m_ttt.m_elapsed[0], 0.0);
}

TEST(UiTrainer, DemoPlayOverlaysTheAnswerKeyAndStoresNothing) {
    Harness h;
    h.Unlock();
    h.Click("trainer/tab/demo");
    Choose(h, "demo/pick", "demo/pick/ui-tickets");
    h.Click("demo/start");
    ASSERT_TRUE(h.S().m_trainer.m_demo);
    EXPECT_TRUE(h.S().m_trainer.m_demo->m_demo);
    h.Click("queue/row/t-boot");
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Answer key"));
    EXPECT_TRUE(ScreenHas(text, "SECRET-BOOT-EXPLANATION"));
    EXPECT_TRUE(ScreenHas(text, "Required step: Roll back the update from recovery"));
    h.Click("ticket/ack");
    EXPECT_TRUE(h.S().m_trainer.m_demo->Sim().FindTicket("t-boot")->m_firstResponseAt);
    auto attempts = h.S().m_store->Attempts({});
    ASSERT_TRUE(attempts);
    EXPECT_TRUE(attempts.Value().empty()) << "demo attempts are not stored";
    h.Click("demo/end");
    EXPECT_FALSE(h.S().m_trainer.m_demo);
}

TEST(UiTrainer, LabSessionForACohortIsOfferedToItsTrainees) {
    Harness h;
    h.Unlock();
    h.Click("trainer/tab/sessions");
    h.Click("session/start"); // nothing chosen yet: disabled
    auto none = h.S().m_store->LabSessions();
    ASSERT_TRUE(none);
    EXPECT_TRUE(none.Value().empty());
    Choose(h, "session/lab", "session/lab/ui-lab");
    h.Fill("session/cohort", "Helpdesk Q3");
    h.Fill("session/trainer", "Morgan");
    h.Click("session/start");
    auto sessions = h.S().m_store->LabSessions();
    ASSERT_TRUE(sessions);
    ASSERT_EQ(sessions.Value().size(), 1u);
    const LabSession ls = sessions.Value()[0];
    EXPECT_EQ(ls.m_labId, "ui-lab");
    EXPECT_EQ(ls.m_cohort, "Helpdesk Q3");
    EXPECT_EQ(ls.m_trainer, "Morgan");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Morgan"));
    // A trainee of that cohort joins it; one of another cohort does not see it.
    h.Click("role/trainee");
    CreateProfile(h, "Other", "Elsewhere");
    EXPECT_FALSE(h.Has("pick/session/" + std::to_string(ls.m_id)));
    h.Click("pick/switch");
    CreateProfile(h, "Pat", "Helpdesk Q3");
    ASSERT_TRUE(h.Has("pick/session/" + std::to_string(ls.m_id)));
    h.Click("pick/session/" + std::to_string(ls.m_id));
    ASSERT_TRUE(h.S().m_trainee.m_lab);
    EXPECT_EQ(h.S().m_trainee.m_lab->m_sessionId, ls.m_id);
    h.Click("lab/next");
    ASSERT_TRUE(h.S().m_trainee.m_run);
    EXPECT_EQ(h.S().m_trainee.m_run->m_recorder->AttemptRecord().m_sessionId, ls.m_id);
}

TEST(UiTrainer, LockingHidesTrainerViewsAgain) {
    Harness h;
    h.Unlock();
    h.S().m_auth.m_unlocked = false; // as the View menu's "Lock" item does
    h.Click("role/trainee");
    h.Click("role/trainer");
    EXPECT_TRUE(h.S().m_auth.m_prompt);
    EXPECT_FALSE(h.Has("library/reload"));
}

// Train the trainer at 1280x720 on the shipped lab: the lab's name in its picker and every agenda
// step (title and times) are whole.
TEST(UiTrainer, TrainTheTrainerAgendaIsWholeAt1280x720) {
    HarnessOptions o;
    o.m_scenarioDir = SUPPORTLAB_SCENARIO_DIR;
    o.m_display = ImVec2(1280, 720);
    Harness h(o);
    h.Unlock();
    h.Click("trainer/tab/ttt");
    ASSERT_TRUE(Choose(h, "ttt/pick", "ttt/pick/endpoint-support-lab@tier2"));
    const std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Endpoint Manager support training (lecture and labs): Tier 2, support team "
                                  "(labs/endpoint-support-lab.yaml)")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "9. Mini drill: Monday 08:50, five calls in twelve minutes")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "Troubleshooting common issues · 30m planned · 0:00 used")) << screen;
    // The lab is listed once per tier, and each plays its own tier's queue.
    for (const auto& [track, scenario] : std::vector<std::pair<std::string, std::string>>{
             {"tier1", "common-tier1-help-desk"}, {"tier2", "common-tier2-support-team"}, {"tier3", "common-tier3-mdm-team"}}) {
        const LibraryEntry* e = FindLabEntry(h.S().m_library, "endpoint-support-lab@" + track);
        ASSERT_NE(e, nullptr) << track;
        for (const LabModule& m : e->m_lab->m_modules) {
            if (m.m_id != "tier-queue") continue;
            std::string error;
            const auto played = ScenarioForModule(h.S(), *e->m_lab, m, error);
            ASSERT_NE(played, nullptr) << error;
            EXPECT_EQ(played->m_id, scenario) << track;
        }
    }
    EXPECT_EQ(FindLabEntry(h.S().m_library, "endpoint-support-lab"), nullptr) << "a lab with tracks is run for one of them";
}

// The sessions tab reads its sessions, their attempt counts and the cohorts once when it opens
// (RefreshScreenData, before drawing), not one query per row and frame; starting a session reads again.
TEST(UiTrainer, TheSessionsTabReadsTheStoreOnceWhenItOpens) {
    Harness h;
    h.Unlock();
    const int before = h.S().m_hooks.m_storeReads;
    h.Click("trainer/tab/sessions");
    h.Frame(30);
    EXPECT_EQ(h.S().m_hooks.m_storeReads, before + 1);
    Choose(h, "session/lab", "session/lab/ui-lab");
    h.Fill("session/cohort", "Helpdesk Q3");
    h.Click("session/start");
    h.Frame(30);
    EXPECT_EQ(h.S().m_hooks.m_storeReads, before + 2) << "the new session is read once, with its row";
}

} // namespace sl::ui::test
