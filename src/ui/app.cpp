// SupportLab UI: start-up, the one DrawFrame shared by the window loop and the tests, and the style.
#include "ui/app.hpp"

#include "ui/assessment_run.hpp"

#include "ui/paths.hpp"
#include "ui/library.hpp"
#include "ui/run_control.hpp"
#include "ui/trainee_room.hpp"
#include "ui/profiles.hpp"
#include "ui/screen_data.hpp"
#include "ui/lab_flow.hpp"
#include "ui/lead_data.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace sl::ui {

void InitApp(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // imgui.ini lives with the other settings, never in the working directory.
    if (!s.m_options.m_configDir.empty()) {
        if (std::string err = EnsureDir(s.m_options.m_configDir); err.empty()) {
            s.m_iniPath = s.m_options.m_configDir + "/imgui.ini";
            io.IniFilename = s.m_iniPath.c_str();
        } else {
            io.IniFilename = nullptr;
            Notify(s, MessageLevel::Warning, err + "; window layout will not be saved");
        }
    } else {
        io.IniFilename = nullptr;
    }

    if (!InitCrypto()) Notify(s, MessageLevel::Error, "libsodium could not start; trainer and lead views stay locked");
    if (std::string err = LoadPassphraseHash(s.m_options.m_configDir, s.m_auth.m_hash); !err.empty())
        Notify(s, MessageLevel::Error, err);
    LoadXapiHomePage(s);
    if (ServerMode(s)) {
        // The server's roles replace the local passphrase; the store opens once signed in.
        TrySignInWithoutTyping(s);
        LoadLibrary(s);
        return;
    }
    // First run: invite whoever installs SupportLab to set the trainer/lead passphrase.
    if (s.m_auth.m_hash.empty()) {
        s.m_auth.m_prompt = true;
        s.m_auth.m_wanted = AppRole::Trainer;
    }

    if (s.m_options.m_openStore) {
        auto opened = s.m_options.m_openStore(s.m_options.m_dbPath);
        if (opened) {
            s.m_store = std::move(opened.Value());
        } else {
            s.m_storeError = opened.Error().m_message;
            Notify(s, MessageLevel::Error, s.m_storeError);
        }
    } else {
        s.m_storeError = "No database is configured.";
    }
    LoadLibrary(s);
    ReloadProfiles(s);
}

void ShutdownApp(AppState& s) {
    Wipe(s.m_server.m_password);
    Wipe(s.m_auth.m_input);
    Wipe(s.m_auth.m_confirm);
    if (s.m_trainee.m_run && s.m_trainee.m_run->m_recorder) {
        CheckpointClock(s, *s.m_trainee.m_run, 1); // resumed, it starts where it was shown
        if (auto r = s.m_trainee.m_run->m_recorder->Flush(); !r)
            Notify(s, MessageLevel::Error, "Some actions could not be saved: " + r.Error().m_message);
    }
    FlushLab(s);
}

double SecondsUntilChange(const AppState& s) {
    // Wall-clock timers (lab time, idle lock, train-the-trainer) show whole seconds: wake on the
    // next whole second of app time.
    double wait = kIdleRefresh - std::fmod(std::max(0.0, s.m_time), kIdleRefresh);
    auto clock = [&](const std::optional<ScenarioRun>& run) {
        if (!run || run->m_phase != RunPhase::Playing) return;
        const double speed = ClockSpeed(*run);
        if (speed <= 0.0) return;
        wait = std::min(wait, (1.0 - run->m_clock.m_carry) / speed);
    };
    clock(s.m_trainee.m_run);
    clock(s.m_trainer.m_demo);
    // The control room shows its poller's reads (every kRoomReadSeconds) as they come: the trainer
    // sees a trainee's action within its 2 s goal (docs/performance.md, "The live room").
    if (s.m_role != AppRole::Trainee && s.m_trainer.m_tab == TrainerTab::ControlRoom && s.m_trainer.m_room.m_watching)
        wait = std::min(wait, kRoomReadSeconds - std::fmod(std::max(0.0, s.m_time), kRoomReadSeconds));
    return std::clamp(wait, 0.001, kIdleRefresh);
}

void DrawFrame(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    ++s.m_hooks.m_frame;
    s.m_time += io.DeltaTime;
    UpdateIdleLock(s);
    HandleShortcuts(s);

    // The clocks run whether or not their panel is on screen (a trainer peeking at the library does
    // not stop a trainee's SLA clocks in the background).
    FollowTraineeRoom(s); // before the clock: a pause or an inject from the trainer applies first
    FollowServerAnswers(s); // an assessment's answers from the server, as they come
    if (s.m_trainee.m_run) {
        TickRun(*s.m_trainee.m_run, io.DeltaTime);
        CheckpointClock(s, *s.m_trainee.m_run, kClockCheckpointGap); // a crash loses at most this much clock
    }
    TickLab(s);
    if (s.m_trainer.m_demo) TickRun(*s.m_trainer.m_demo, io.DeltaTime);
    TrainTheTrainer& ttt = s.m_trainer.m_ttt;
    if (ttt.m_running && ttt.m_step >= 0 && ttt.m_step < static_cast<int>(ttt.m_elapsed.size()))
        ttt.m_elapsed[static_cast<size_t>(ttt.m_step)] += io.DeltaTime;

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::Begin("SupportLab##main", nullptr, flags);
    ImGui::PopStyleVar();
    DrawMenuBar(s);
    const float statusHeight = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("##body", ImVec2(0, -statusHeight), false);
    if (s.m_options.m_server.m_syncStatus) s.m_server.m_sync = s.m_options.m_server.m_syncStatus();
    RefreshScreenData(s); // the store is read here, into state; the panels below only draw
    if (!s.m_storeError.empty()) {
        DrawStoreError(s);
    } else if (ServerMode(s) && !s.m_server.m_signedIn) {
        DrawSignInScreen(s);
    } else if (s.m_auth.m_prompt) {
        DrawPassphraseScreen(s);
    } else {
        switch (s.m_role) {
        case AppRole::Trainee: DrawTraineeView(s); break;
        case AppRole::Trainer: DrawTrainerView(s); break;
        case AppRole::Lead: DrawLeadView(s); break;
        }
    }
    ImGui::EndChild();
    DrawStatusBar(s);
    ImGui::End();

    if (s.m_showShortcuts) DrawShortcutsWindow(s);
    if (s.m_showAbout) DrawAboutWindow(s);
}

void ApplyStyle(float scale) {
    ImGui::StyleColorsDark();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowRounding = 6.0f;
    st.ChildRounding = 4.0f;
    st.FrameRounding = 4.0f;
    st.PopupRounding = 4.0f;
    st.GrabRounding = 4.0f;
    st.TabRounding = 4.0f;
    st.ScrollbarRounding = 6.0f;
    st.FramePadding = ImVec2(8, 5);
    st.ItemSpacing = ImVec2(8, 6);
    st.WindowPadding = ImVec2(10, 10);
    st.CellPadding = ImVec2(6, 4);
    ImVec4* c = st.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.16f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(0.13f, 0.14f, 0.17f, 0.98f);
    c[ImGuiCol_Header] = ImVec4(0.22f, 0.36f, 0.55f, 0.70f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.43f, 0.66f, 0.85f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.28f, 0.48f, 0.74f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.22f, 0.33f, 0.48f, 0.85f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.28f, 0.43f, 0.63f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.32f, 0.50f, 0.74f, 1.0f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.0f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.03f);
    st.ScaleAllSizes(scale);
}

} // namespace sl::ui
