// SupportLab UI tests: server mode — signing in, the server's role instead of the passphrase, offline work and the status bar.
#include "harness.hpp"

#include "ui/library.hpp"
#include "ui/run_control.hpp"
#include "ui/profiles.hpp"
#include "ui/views.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace sl::ui::test {

namespace {

// Fake server hooks: the password "right" signs in with `role`; anything else is refused, or the
// server is unreachable when `down`. The delivery status is whatever `sync` holds.
struct FakeServer {
    AppRole m_role = AppRole::Trainee;
    bool m_down = false;
    int m_signIns = 0;
    std::string m_lastPassword;
    ServerSyncView m_sync;
    std::vector<std::pair<RowId, bool>> m_releases; // (session, release) asked for
    std::string m_releaseError;                      // what the fake server answers
    std::map<RowId, SessionSettingsView> m_settings; // the server's session settings
    std::vector<PublishedView> m_published;
    std::vector<std::string> m_publishedPaths; // files asked to be published
    std::vector<ServerResultView> m_results;   // the trainee's submitted attempts
    int m_resultChecks = 0;
    // The live room: what the control room is told to watch and shows, what it sends; and a
    // trainee's agent's read of her room, with where she last said she was.
    std::vector<std::optional<RowId>> m_watched;
    RoomView m_room;
    std::vector<std::pair<RowId, RoomCommand>> m_commands;
    TraineeRoomView m_traineeRoom;
    std::optional<RowId> m_whereSession;
    std::string m_whereAttempt;
    int m_nudges = 0;

    // Signs in with the right password (server mode shows the sign-in screen first).
    static void SignIn(Harness& h) {
        ASSERT_TRUE(h.Fill("signin/password", "right"));
        ASSERT_TRUE(h.Click("signin/submit"));
    }

    HarnessOptions Options() {
        HarnessOptions o;
        o.m_configure = [this](AppState& s) {
            s.m_options.m_server.m_location = "postgresql://ana@db.example.org/supportlab";
            s.m_options.m_server.m_signIn = [this](const std::string& password) {
                ++m_signIns;
                m_lastPassword = password;
                ServerSignInResult r;
                if (m_down) {
                    r.m_unreachable = true;
                    r.m_error = "database db.example.org: connecting: cannot reach the server (timeout expired)";
                } else if (password == "right") {
                    r.m_ok = true;
                    r.m_role = m_role;
                    r.m_trainee = m_role == AppRole::Trainee ? "ana" : "";
                } else {
                    r.m_needsPassword = password.empty();
                    r.m_error = "database db.example.org: signing in: password authentication failed for user \"ana\"";
                }
                return r;
            };
            s.m_options.m_server.m_syncStatus = [this] { return m_sync; };
            s.m_options.m_server.m_releaseSession = [this](RowId session, bool release) {
                m_releases.emplace_back(session, release);
                return m_releaseError;
            };
            s.m_options.m_server.m_loadSessionSettings = [this](RowId id, SessionSettingsView* out) {
                *out = m_settings[id];
                return std::string();
            };
            s.m_options.m_server.m_saveSessionSettings = [this](RowId id, const SessionSettingsView& in) {
                m_settings[id] = in;
                return std::string();
            };
            s.m_options.m_server.m_listPublished = [this](std::vector<PublishedView>* out) {
                *out = m_published;
                return std::string();
            };
            s.m_options.m_server.m_publish = [this](const std::string& path, std::string* message) {
                m_publishedPaths.push_back(path);
                *message = "Published common-device as assessment 3.";
                return std::string();
            };
            s.m_options.m_server.m_myResults = [this](std::vector<ServerResultView>* out) {
                ++m_resultChecks;
                *out = m_results;
                return std::string();
            };
            s.m_options.m_server.m_watchRoom = [this](std::optional<RowId> session) { m_watched.push_back(session); };
            s.m_options.m_server.m_roomView = [this] { return m_room; };
            s.m_options.m_server.m_roomCommand = [this](RowId session, const RoomCommand& c) {
                m_commands.emplace_back(session, c);
                return std::string();
            };
            s.m_options.m_server.m_roomWhereabouts = [this](std::optional<RowId> session, const std::string&, const std::string& uid,
                                                            SimTime) {
                m_whereSession = session;
                m_whereAttempt = uid;
            };
            s.m_options.m_server.m_traineeRoom = [this] { return m_traineeRoom; };
            s.m_options.m_server.m_actionRecorded = [this] { ++m_nudges; };
            s.m_options.m_server.m_offlineUser = "ana";
            s.m_options.m_server.m_workOffline = [](const std::string&) {
                ServerSignInResult r;
                r.m_ok = true;
                r.m_trainee = "ana";
                return r;
            };
        };
        return o;
    }
};

} // namespace

TEST(UiServer, SignInComesFirstAndAWrongPasswordSaysWhy) {
    FakeServer server;
    Harness h(server.Options());
    EXPECT_EQ(server.m_signIns, 1); // ~/.pgpass or PGPASSWORD tried once, without a dialog
    EXPECT_FALSE(h.S().m_auth.m_prompt) << "no passphrase on a server";
    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Sign in to your organisation's SupportLab server")) << screen;
    EXPECT_FALSE(ScreenHas(screen, "password authentication failed")) << "a missing password is not an error";
    EXPECT_EQ(h.S().m_store, nullptr);

    ASSERT_TRUE(h.Fill("signin/password", "wrong"));
    ASSERT_TRUE(h.Click("signin/submit"));
    EXPECT_EQ(server.m_lastPassword, "wrong");
    EXPECT_EQ(h.S().m_server.m_password, "") << "wiped after every try";
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "password authentication failed")) << screen;
    EXPECT_FALSE(h.S().m_server.m_signedIn);
    EXPECT_FALSE(h.Has("signin/offline")) << "the server answered: not an offline case";
}

TEST(UiServer, ATraineeWorksAsHerselfAndCannotOpenStaffViews) {
    FakeServer server;
    server.m_sync = ServerSyncView{true, false, 3, "cannot reach the server"};
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    ASSERT_TRUE(h.S().m_server.m_signedIn);
    ASSERT_NE(h.S().m_store, nullptr);
    ASSERT_TRUE(h.S().m_trainee.m_profile.has_value());
    EXPECT_EQ(h.S().m_trainee.m_profile->m_name, "ana");
    EXPECT_FALSE(h.S().m_auth.m_unlocked);

    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Offline · 3 actions waiting, kept on this machine")) << screen;
    server.m_sync = ServerSyncView{true, true, 0, ""};
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "online, all delivered")) << screen;

    // The server's role decides: no passphrase screen to guess at, the view stays.
    ASSERT_TRUE(h.Click("role/trainer"));
    EXPECT_EQ(h.S().m_role, AppRole::Trainee);
    EXPECT_FALSE(h.S().m_auth.m_prompt);
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Your login may not open the Trainer view")) << screen;
    ASSERT_TRUE(h.Click("role/lead"));
    EXPECT_EQ(h.S().m_role, AppRole::Trainee);
    // And she cannot record for anyone else.
    EXPECT_NE(CreateProfile(h.S(), "Ben", ""), "");
}

TEST(UiServer, ALeadOpensTheLeadViewWithoutAPassphrase) {
    FakeServer server;
    server.m_role = AppRole::Lead;
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    EXPECT_EQ(h.S().m_role, AppRole::Lead);
    EXPECT_TRUE(h.S().m_auth.m_unlocked);
    EXPECT_FALSE(h.S().m_auth.m_prompt);
    EXPECT_TRUE(h.S().m_auth.m_hash.empty()) << "no local passphrase was asked for or set";
    ASSERT_TRUE(h.Click("role/trainer"));
    EXPECT_EQ(h.S().m_role, AppRole::Trainer);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "signed in as a lead"));
}

TEST(UiServer, AnUnreachableServerOffersOfflineWorkAsTheNamedLogin) {
    FakeServer server;
    server.m_down = true;
    Harness h(server.Options());
    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "cannot reach the server")) << screen;
    ASSERT_TRUE(h.Has("signin/offline"));
    ASSERT_TRUE(h.Click("signin/offline"));
    ASSERT_TRUE(h.S().m_server.m_signedIn);
    EXPECT_EQ(h.S().m_role, AppRole::Trainee);
    ASSERT_TRUE(h.S().m_trainee.m_profile.has_value());
    EXPECT_EQ(h.S().m_trainee.m_profile->m_name, "ana");
}

// A trainer releases a session's results from the Lab sessions tab; the server's answer is shown.
TEST(UiServer, ATrainerReleasesASessionsResultsFromTheSessionsTab) {
    FakeServer server;
    server.m_role = AppRole::Trainer;
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    auto session = h.S().m_store->StartLabSession(LabSession{0, "ui-lab", "spring", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(session);
    const std::string id = std::to_string(session.Value().m_id);
    ASSERT_TRUE(h.Click("trainer/tab/sessions"));
    h.Frame(2);
    ASSERT_TRUE(h.Click("session/release/" + id));
    ASSERT_EQ(server.m_releases.size(), 1u);
    EXPECT_EQ(server.m_releases[0], std::make_pair(session.Value().m_id, true));
    EXPECT_TRUE(ScreenHas(h.FrameText(), "results released to its trainees"));
    server.m_releaseError = "database db.example.org: permission denied for table lab_sessions";
    ASSERT_TRUE(h.Click("session/release/" + id)); // (a standalone store keeps no release: the button stays)
    EXPECT_TRUE(ScreenHas(h.FrameText(), "permission denied for table lab_sessions"));
}

// A trainer makes a session an assessment in the app: its settings load when opened, and what she
// chose is what the server is asked to keep.
TEST(UiServer, ATrainerMakesASessionAnAssessmentFromItsSettings) {
    FakeServer server;
    server.m_role = AppRole::Trainer;
    server.m_published = {{3, "common-device", "Common issues: devices"}, {4, "common-os", "Common issues: the OS"}};
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    auto session = h.S().m_store->StartLabSession(LabSession{0, "ui-lab", "spring", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(session);
    const RowId sid = session.Value().m_id;
    const std::string id = std::to_string(sid);
    ASSERT_TRUE(h.Click("trainer/tab/sessions"));
    h.Frame(2);
    EXPECT_FALSE(h.Has("settings/assessment")) << "closed until asked for";
    ASSERT_TRUE(h.Click("session/settings/" + id));
    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Session " + id + " settings")) << screen;
    EXPECT_FALSE(h.Has("settings/assess/3")) << "practice shows no assessment choices";
    ASSERT_TRUE(h.Click("settings/assessment"));
    ASSERT_TRUE(h.Click("settings/assess/3"));
    ASSERT_TRUE(h.Click("settings/paced"));
    ASSERT_TRUE(h.Fill("settings/fastunder", "3"));
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "#4 Common issues: the OS (common-os)")) << screen;
    ASSERT_TRUE(h.Click("settings/save"));
    EXPECT_EQ(server.m_settings[sid].m_fastUnderMinutes, 3) << "the lead's report flags this session's modules done in under 3 min";
    const SessionSettingsView& saved = server.m_settings[sid];
    EXPECT_TRUE(saved.m_assessment);
    EXPECT_EQ(saved.m_attemptsAllowed, 1) << "Moodle's default: one attempt";
    EXPECT_EQ(saved.m_published, std::vector<RowId>{3});
    EXPECT_TRUE(saved.m_paced);
    EXPECT_FALSE(saved.m_closed);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "settings saved")) << h.FrameText();
    EXPECT_FALSE(h.Has("settings/save")) << "the editor closes once saved";
    // Opened again, it shows what the server keeps; closing the assessment is one more save.
    ASSERT_TRUE(h.Click("session/settings/" + id));
    ASSERT_TRUE(h.Click("settings/closed"));
    ASSERT_TRUE(h.Click("settings/save"));
    EXPECT_TRUE(server.m_settings[sid].m_closed);
    EXPECT_EQ(server.m_settings[sid].m_published, std::vector<RowId>{3});
}

// A trainer publishes a library scenario for assessments from the Library tab.
TEST(UiServer, ATrainerPublishesALibraryScenario) {
    FakeServer server;
    server.m_role = AppRole::Trainer;
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    ASSERT_TRUE(h.Click("trainer/tab/library"));
    auto& entries = h.S().m_library.m_entries;
    const auto device = std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.m_scenario != nullptr; });
    ASSERT_NE(device, entries.end());
    h.S().m_trainer.m_selected = static_cast<int>(device - entries.begin());
    h.Frame(2);
    ASSERT_TRUE(h.Click("library/publish"));
    ASSERT_EQ(server.m_publishedPaths.size(), 1u);
    EXPECT_EQ(server.m_publishedPaths[0], device->m_path);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Published common-device as assessment 3.")) << h.FrameText();
}

// A trainee sees "submitted" until her trainer releases the session, then her score and debrief;
// the server is asked only when she checks, never per frame.
TEST(UiServer, ATraineeSeesSubmittedUntilReleaseAndThenHerDebrief) {
    FakeServer server;
    server.m_results = {{"a1", "common-device", 1764547200000, false, 0, 0, ""}};
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    h.Frame(3);
    EXPECT_EQ(server.m_resultChecks, 0);
    ASSERT_TRUE(h.Click("pick/results"));
    h.Frame(3);
    EXPECT_EQ(server.m_resultChecks, 1);
    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "Submitted: results not released yet")) << screen;
    EXPECT_FALSE(h.Has("pick/debrief/a1"));
    server.m_results[0].m_released = true;
    server.m_results[0].m_total = 107.5;
    server.m_results[0].m_max = 120;
    server.m_results[0].m_debrief = "Ticket T3: 2.00 / 40.00\n  expected: hardware-vendor";
    ASSERT_TRUE(h.Click("pick/results"));
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "107.50 / 120.00 (90%)")) << screen;
    EXPECT_FALSE(ScreenHas(screen, "expected: hardware-vendor")) << "the debrief opens when asked";
    ASSERT_TRUE(h.Click("pick/debrief/a1"));
    EXPECT_TRUE(ScreenHas(h.FrameText(), "expected: hardware-vendor"));
}

// The control room: opened from a session's row, it shows the poller's read and sends the
// trainer's instructions, each to the session it watches.
TEST(UiServer, ATrainerRunsTheRoomFromTheControlRoom) {
    FakeServer server;
    server.m_role = AppRole::Trainer;
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    auto session = h.S().m_store->StartLabSession(LabSession{0, "ui-lab", "spring", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(session);
    const RowId sid = session.Value().m_id;
    RoomView& room = server.m_room;
    room.m_session = sid;
    room.m_reads = 1;
    room.m_trainees = {{"Ana", true, "tickets", "ui-tickets", 25 * 60, 2, 1, 0, 72.5, 1, 0, 0, 4.0, ""},
                       {"Ben", false, "tickets", "ui-tickets", 20 * 60, 1, 0, 1, 40.0, 0, 0, 1, 95.0, ""}};
    room.m_plan = {{"ui-tickets", "outage", "VPN outage", "planned", 30 * 60, 30 * 60, "as planned"},
                   {"ui-tickets", "notice", "Service notice", "library", std::nullopt, std::nullopt, "in the library"},
                   {"ui-tickets", "gone", "Old news", "planned", 10 * 60, std::nullopt, "fired"}};
    ASSERT_TRUE(h.Click("trainer/tab/sessions"));
    h.Frame(2);
    ASSERT_TRUE(h.Click("session/room/" + std::to_string(sid)));
    h.Frame(2);
    ASSERT_FALSE(server.m_watched.empty());
    EXPECT_EQ(server.m_watched.back(), sid) << "the poller watches the session opened";
    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "The room is running")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "Ana")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "25:00")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "1 to reach her")) << "Ben's machine has not had the instruction yet";
    EXPECT_TRUE(ScreenHas(screen, "offline")) << screen;

    ASSERT_TRUE(h.Click("room/delay/ui-tickets/outage"));
    ASSERT_EQ(server.m_commands.size(), 1u);
    EXPECT_EQ(server.m_commands[0].first, sid);
    EXPECT_EQ(server.m_commands[0].second.m_kind, RoomCommand::Kind::FireAt);
    EXPECT_EQ(server.m_commands[0].second.m_due, 35 * 60) << "moved by the default five minutes";
    ASSERT_TRUE(h.Click("room/fire/ui-tickets/notice"));
    EXPECT_EQ(server.m_commands.back().second.m_kind, RoomCommand::Kind::FireNow);
    EXPECT_EQ(server.m_commands.back().second.m_injectId, "notice");
    h.Click("room/delay/ui-tickets/notice");
    EXPECT_EQ(server.m_commands.size(), 2u) << "a library inject has no time to move";
    h.Click("room/fire/ui-tickets/gone");
    EXPECT_EQ(server.m_commands.size(), 2u) << "an inject fires once";
    ASSERT_TRUE(h.Click("room/skip/ui-tickets/outage"));
    EXPECT_EQ(server.m_commands.back().second.m_kind, RoomCommand::Kind::Skip);
    ASSERT_TRUE(h.Click("room/pause"));
    EXPECT_EQ(server.m_commands.back().second.m_kind, RoomCommand::Kind::Pause);
    EXPECT_EQ(server.m_commands.size(), 4u);
    // The next read shows the paused room, paced with one module open.
    room.m_paused = true;
    room.m_paced = true;
    room.m_openedModules = 1;
    room.m_reads = 2;
    h.Frame(2);
    EXPECT_TRUE(h.Has("room/resume"));
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "The room is paused")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "Paced: 1 of 4 module(s) open.")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "Open the next module: Plan review")) << screen;
    ASSERT_TRUE(h.Click("room/opennext"));
    EXPECT_EQ(server.m_commands.back().second.m_kind, RoomCommand::Kind::OpenNextModule);
}

// A paced session: the trainee waits on a module until the trainer opens it, and nothing of it is
// stored before; once open, she starts it.
TEST(UiServer, APacedSessionHoldsATraineeUntilTheTrainerOpensTheModule) {
    FakeServer server;
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    h.Frame(2);
    ASSERT_TRUE(h.S().m_trainee.m_profile.has_value());
    // A session of her cohort on the server, as her agent copies them into her outbox (her profile
    // here has no cohort: the server knows it).
    auto session = h.S().m_store->StartLabSession(LabSession{0, "ui-lab", "spring", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(session);
    const RowId sid = session.Value().m_id;
    server.m_traineeRoom = TraineeRoomView{sid, true, false, true, 1, {}};
    h.Frame(1, static_cast<float>(kStoreRefreshSeconds) + 0.5f); // the pick screen reads the sessions again
    h.Frame(2);
    ASSERT_TRUE(h.Click("pick/session/" + std::to_string(sid)));
    ASSERT_EQ(h.S().m_trainee.m_screen, TraineeScreen::Lab);
    h.Frame(2);
    EXPECT_EQ(server.m_whereSession, sid) << "the lab screen of a session counts as being in the room";
    EXPECT_FALSE(h.Has("lab/waiting")) << "the first module is open";
    ASSERT_TRUE(h.Click("lab/next"));
    h.Frame(2);
    EXPECT_TRUE(h.Has("lab/waiting")) << h.FrameText();
    EXPECT_FALSE(h.S().m_trainee.m_run.has_value()) << "no attempt at a module that is not open";
    AttemptFilter all;
    EXPECT_TRUE(h.S().m_store->Attempts(all).Value().empty());
    server.m_traineeRoom.m_openedModules = 2;
    h.Frame(2);
    EXPECT_FALSE(h.Has("lab/waiting"));
    ASSERT_TRUE(h.Click("lab/start"));
    ASSERT_TRUE(h.S().m_trainee.m_run.has_value());
    EXPECT_EQ(h.S().m_trainee.m_run->m_labModuleId, "review");
}

// A trainee in a live session: her machine adds the room's instructions to her log once each,
// says where she is, and holds her clock while the trainer pauses the room.
TEST(UiServer, ATraineesRunFollowsTheRoom) {
    FakeServer server;
    Harness h(server.Options());
    ASSERT_NO_FATAL_FAILURE(FakeServer::SignIn(h));
    h.Frame(2);
    ASSERT_TRUE(h.S().m_trainee.m_profile.has_value());
    auto session = h.S().m_store->StartLabSession(LabSession{0, "ui-lab", "spring", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(session);
    const RowId sid = session.Value().m_id;
    const LibraryEntry* entry = FindScenarioEntry(h.S().m_library, "ui-tickets");
    ASSERT_NE(entry, nullptr);
    RunStart where;
    where.m_sessionId = sid;
    ASSERT_EQ(StartStoredRun(h.S(), entry->m_scenario, where, h.S().m_trainee.m_run), "");
    h.S().m_trainee.m_screen = TraineeScreen::Scenario;
    server.m_traineeRoom = TraineeRoomView{sid, true, true, false, 0, {RoomInstruction{"ui-tickets", "notice", "now", 0}}};
    h.Frame(3);
    EXPECT_EQ(server.m_whereSession, sid);
    EXPECT_EQ(server.m_whereAttempt, h.S().m_trainee.m_run->m_recorder->AttemptRecord().m_uid);
    const Simulation& sim = h.S().m_trainee.m_run->Sim();
    ASSERT_NE(sim.FindInject("notice"), nullptr);
    EXPECT_EQ(sim.FindInject("notice")->m_status, InjectStatus::Fired);
    EXPECT_EQ(sim.Log().size(), 1u) << "the instruction once, however many frames";
    EXPECT_GE(server.m_nudges, 1) << "recorded actions are delivered at once";
    std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "The trainer has paused the room")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "NOTICE-TEXT The print service is back.")) << screen;
    const SimTime held = sim.Now();
    h.Frame(10, 1.0f);
    EXPECT_EQ(h.S().m_trainee.m_run->Sim().Now(), held) << "the clock waits while the room is paused";
    server.m_traineeRoom.m_paused = false;
    h.Frame(10, 1.0f);
    EXPECT_GT(h.S().m_trainee.m_run->Sim().Now(), held);
    EXPECT_FALSE(ScreenHas(h.FrameText(), "The trainer has paused the room"));
    // Her debrief shows what happened in the room beside her own work.
    ASSERT_TRUE(h.Click("run/finish"));
    ASSERT_TRUE(h.Click("finish/confirm"));
    screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "What happened in the room")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "Inject: Service notice (by the trainer).")) << screen;
}

TEST(UiServer, StandaloneHasNoReleaseButton) {
    Harness h;
    h.Unlock();
    auto session = h.S().m_store->StartLabSession(LabSession{0, "ui-lab", "spring", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(session);
    ASSERT_TRUE(h.Click("trainer/tab/sessions"));
    h.Frame(2);
    EXPECT_FALSE(h.Has("session/release/" + std::to_string(session.Value().m_id)));
    EXPECT_FALSE(h.Has("session/settings/" + std::to_string(session.Value().m_id))) << "one machine: practice only";
    EXPECT_FALSE(h.Has("pick/results")) << "no server results on one machine";
    EXPECT_FALSE(h.Has("trainer/tab/room")) << "no live room on one machine";
    EXPECT_TRUE(ScreenHas(h.FrameText(), "0 finished / 0"));
}

} // namespace sl::ui::test
