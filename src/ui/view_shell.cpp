// SupportLab UI: the shell around the views — menu bar, role switch, status bar, help windows, shortcuts.
#include "ui/app.hpp"
#include "ui/library.hpp"
#include "ui/run_control.hpp"
#include "ui/profiles.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>

namespace sl::ui {

namespace {

ScenarioRun* ActiveRun(AppState& s) {
    if (s.m_auth.m_prompt) return nullptr;
    if (s.m_role == AppRole::Trainee && s.m_trainee.m_run) return &*s.m_trainee.m_run;
    if (s.m_role == AppRole::Trainer && s.m_trainer.m_tab == TrainerTab::Demo && s.m_trainer.m_demo)
        return &*s.m_trainer.m_demo;
    return nullptr;
}

// Next/previous in the order the queue shows its rows (filtered and sorted); the first or last row
// when the selected ticket is not among them.
void SelectNeighbour(ScenarioRun& run, int step) {
    const std::vector<size_t>& rows = run.m_queue.m_rows;
    const std::vector<TicketState>& tickets = run.Sim().Tickets();
    if (rows.empty()) return;
    int i = -1;
    for (size_t r = 0; r < rows.size(); ++r)
        if (rows[r] < tickets.size() && tickets[rows[r]].m_def->m_id == run.m_selectedTicket) i = static_cast<int>(r);
    i = i < 0 ? (step > 0 ? 0 : static_cast<int>(rows.size()) - 1) : std::clamp(i + step, 0, static_cast<int>(rows.size()) - 1);
    const size_t pick = rows[static_cast<size_t>(i)];
    if (pick < tickets.size()) run.m_selectedTicket = tickets[pick].m_def->m_id;
}

void RoleButton(AppState& s, const char* label, AppRole role, const char* key) {
    const bool active = s.m_role == role && !s.m_auth.m_prompt;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    if (Button(s, label, key)) RequestRole(s, role);
    if (active) ImGui::PopStyleColor();
}

} // namespace

void HandleShortcuts(AppState& s) {
    if (ShortcutPressed(kKeyF1)) s.m_showShortcuts = !s.m_showShortcuts;
    if (ShortcutPressed(kKeyF5) && s.m_role == AppRole::Trainer && s.m_auth.m_unlocked && !s.m_auth.m_prompt) {
        LoadLibrary(s);
        Notify(s, MessageLevel::Info, "Scenario library reloaded.");
    }
    if (ShortcutPressed(kKey1, true)) RequestRole(s, AppRole::Trainee);
    if (ShortcutPressed(kKey1 + 1, true)) RequestRole(s, AppRole::Trainer);
    if (ShortcutPressed(kKey1 + 2, true)) RequestRole(s, AppRole::Lead);
    ScenarioRun* run = ActiveRun(s);
    if (!run || run->m_phase != RunPhase::Playing) return;
    if (ClockControllable(*run)) {
        // Space presses the control that has the keyboard focus (its highlight is shown); only when
        // none has it does Space pause or resume the clock. One key press, one effect.
        if (!ImGui::GetIO().NavVisible && ShortcutPressed(ImGui::GetKeyIndex(ImGuiKey_Space)))
            run->m_clock.m_paused = !run->m_clock.m_paused;
        if (ShortcutPressed(kKeyRightBracket))
            run->m_clock.m_speedIndex = std::min(run->m_clock.m_speedIndex + 1, kClockSpeedCount - 1);
        if (ShortcutPressed(kKeyLeftBracket)) run->m_clock.m_speedIndex = std::max(run->m_clock.m_speedIndex - 1, 0);
    }
    if (ShortcutPressed(kKeyF, true)) run->m_queue.m_focusFilter = true;
    const bool down = ShortcutPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow), true);
    const bool up = ShortcutPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow), true);
    if (down || up) {
        SelectNeighbour(*run, down ? +1 : -1);
        // The arrow is the shortcut's, not the keyboard focus's: without this the focus moved too,
        // onto whatever control lay above or below (once "Request elevated privileges").
        DropKeyboardFocusMove();
    }
}

void DrawMenuBar(AppState& s) {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        const bool trainer = s.m_auth.m_unlocked;
        if (ImGui::MenuItem("Reload scenario library", "F5", false, trainer)) {
            LoadLibrary(s);
            Notify(s, MessageLevel::Info, "Scenario library reloaded.");
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Quit")) s.m_wantQuit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Trainee", "Ctrl+1", s.m_role == AppRole::Trainee)) RequestRole(s, AppRole::Trainee);
        if (ImGui::MenuItem("Trainer", "Ctrl+2", s.m_role == AppRole::Trainer)) RequestRole(s, AppRole::Trainer);
        if (ImGui::MenuItem("Lead", "Ctrl+3", s.m_role == AppRole::Lead)) RequestRole(s, AppRole::Lead);
        ImGui::Separator();
        const bool local = !ServerMode(s); // on a server the login's role decides, not a passphrase
        if (ImGui::MenuItem("Lock trainer and lead views", nullptr, false, local && s.m_auth.m_unlocked))
            LockStaffViews(s, nullptr);
        if (ImGui::MenuItem("Change passphrase...", nullptr, false, local && s.m_auth.m_unlocked)) {
            s.m_auth.m_changing = true;
            s.m_auth.m_prompt = true;
            s.m_auth.m_wanted = s.m_role;
            s.m_auth.m_focusInput = true;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keyboard shortcuts", "F1")) s.m_showShortcuts = true;
        if (ImGui::MenuItem("About SupportLab")) s.m_showAbout = true;
        ImGui::EndMenu();
    }
    ImGui::Separator();
    RoleButton(s, "Trainee##role", AppRole::Trainee, "role/trainee");
    Tooltip("Work tickets and labs (Ctrl+1)");
    RoleButton(s, "Trainer##role", AppRole::Trainer, "role/trainer");
    Tooltip("Scenario library, answer keys, train-the-trainer, demo, lab sessions (Ctrl+2; passphrase)");
    RoleButton(s, "Lead##role", AppRole::Lead, "role/lead");
    Tooltip("Cohort results, item analysis, replay and export (Ctrl+3; passphrase)");
    if (s.m_trainee.m_profile) {
        ImGui::Separator();
        ImGui::TextDisabled("%s%s%s", s.m_trainee.m_profile->m_name.c_str(),
                            s.m_trainee.m_profile->m_cohort.empty() ? "" : " · ",
                            s.m_trainee.m_profile->m_cohort.c_str());
    }
    ImGui::EndMenuBar();
}

std::string ServerStatusText(const AppState& s) {
    const std::string server = "Server " + s.m_options.m_server.m_location;
    if (!s.m_server.m_signedIn) return server + " · not signed in";
    if (s.m_server.m_role == AppRole::Lead) return server + " · signed in as a lead";
    if (s.m_server.m_role == AppRole::Trainer) return server + " · signed in as a trainer";
    const ServerSyncView& v = s.m_server.m_sync;
    const std::string waiting = std::to_string(v.m_waiting) + (v.m_waiting == 1 ? " action" : " actions");
    if (!v.m_known) return server + " · connecting…";
    if (!v.m_online) return "Offline · " + waiting + " waiting, kept on this machine";
    if (v.m_waiting > 0) return server + " · sending " + waiting + "…";
    return server + " · online, all delivered";
}

void DrawStatusBar(AppState& s) {
    ImGui::Separator();
    // The newest message while it is fresh; then "Ready" again, with the recent ones on hover.
    const Message* fresh = nullptr;
    if (!s.m_messages.empty()) {
        const Message& m = s.m_messages.back();
        const double shown = m.m_level == MessageLevel::Info ? kInfoShownSeconds : kProblemShownSeconds;
        if (s.m_time - m.m_at < shown) fresh = &m;
    }
    if (fresh) {
        const ImVec4 col = fresh->m_level == MessageLevel::Error ? ColorBad()
                           : fresh->m_level == MessageLevel::Warning ? ColorWarn()
                                                                     : ImGui::GetStyleColorVec4(ImGuiCol_Text);
        ImGui::TextColored(col, "%s", fresh->m_text.c_str());
    } else {
        ImGui::TextDisabled("Ready. Press F1 for keyboard shortcuts.");
    }
    if (ImGui::IsItemHovered() && (s.m_messages.size() > 1 || (!fresh && !s.m_messages.empty()))) {
        ImGui::BeginTooltip();
        ImGui::TextDisabled("Recent messages");
        const size_t from = s.m_messages.size() > 10 ? s.m_messages.size() - 10 : 0;
        for (size_t i = from; i < s.m_messages.size(); ++i) ImGui::TextUnformatted(s.m_messages[i].m_text.c_str());
        ImGui::EndTooltip();
    }
    const std::string where = ServerMode(s) ? ServerStatusText(s)
                              : s.m_store ? "Practice on this machine · Database: " + s.m_store->Location()
                                          : std::string("No database");
    const float w = ImGui::CalcTextSize(where.c_str()).x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20.0f, ImGui::GetWindowContentRegionMax().x - w));
    const ServerSyncView& sync = s.m_server.m_sync;
    if (ServerMode(s) && sync.m_known && !sync.m_online) {
        ImGui::TextColored(ColorWarn(), "%s", where.c_str());
        if (ImGui::IsItemHovered() && !sync.m_problem.empty()) Tooltip(sync.m_problem.c_str());
    } else {
        ImGui::TextDisabled("%s", where.c_str());
    }
}

void DrawShortcutsWindow(AppState& s) {
    // A fixed width, and a height that fits every row each frame (0 on an axis auto-fits it):
    // wrapped descriptions change the height after the first frame.
    ImGui::SetNextWindowSize(ImVec2(560 * s.m_fonts.m_scale, 0), ImGuiCond_Always);
    if (!ImGui::Begin("Keyboard shortcuts", &s.m_showShortcuts, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    // Keys at their natural width; what they do wraps in the rest (it was cut off at the edge).
    if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("does", ImGuiTableColumnFlags_WidthStretch);
        const char* rows[][2] = {
            {"Arrow keys", "Move the keyboard focus between controls (a highlight shows it)"},
            {"Space", "Press the focused control: button, checkbox, radio button, list row"},
            {"Enter", "Type into the focused text field"},
            {"Tab / Shift+Tab", "Next / previous text field"},
            {"F1", "Show or hide this window"},
            {"Ctrl+1 / Ctrl+2 / Ctrl+3", "Trainee / Trainer / Lead view"},
            {"Space", "Pause or resume the clock (practice mode), when no control has the keyboard focus"},
            {"[ and ]", "Slower / faster clock (practice mode)"},
            {"Ctrl+Up / Ctrl+Down", "Previous / next ticket in the queue"},
            {"Ctrl+F", "Filter the ticket queue"},
            {"F5", "Reload the scenario library (trainer)"},
            {"Escape", "Close a dialog"},
        };
        for (const auto& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(r[0]);
            ImGui::TableSetColumnIndex(1);
            TextWrappedStr(r[1]);
            Track(s, std::string("shortcuts/does/") + r[0]);
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

void DrawAboutWindow(AppState& s) {
    if (!ImGui::Begin("About SupportLab", &s.m_showAbout, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::End();
        return;
    }
    Heading(s, "SupportLab " SUPPORTLAB_VERSION);
    ImGui::TextUnformatted("Help-desk support training: tickets on a simulated clock, scored with reasons.");
    ImGui::Text("Font: %s (scale %.2f)", s.m_fonts.m_description.c_str(), s.m_fonts.m_scale);
    ImGui::Text("Scenarios: %s", s.m_options.m_scenarioDir.c_str());
    ImGui::Text("Settings: %s", s.m_options.m_configDir.c_str());
    ImGui::Text("Dear ImGui %s", ImGui::GetVersion());
    ImGui::End();
}

void DrawStoreError(AppState& s) {
    ImGui::Dummy(ImVec2(0, 20));
    Heading(s, "The database could not be opened");
    ImGui::PushStyleColor(ImGuiCol_Text, ColorBad());
    TextWrappedStr(s.m_storeError);
    ImGui::PopStyleColor();
    ImGui::Spacing();
    TextDim("SupportLab has not changed or replaced the file. Fix the problem (or start with --db PATH to use "
            "another database) and try again.");
    ImGui::Spacing();
    if (Button(s, "Try again", "store/retry") && s.m_options.m_openStore) {
        auto opened = s.m_options.m_openStore(s.m_options.m_dbPath);
        if (opened) {
            s.m_store = std::move(opened.Value());
            s.m_storeError.clear();
            ReloadProfiles(s);
            Notify(s, MessageLevel::Info, "Database opened.");
        } else {
            s.m_storeError = opened.Error().m_message;
        }
    }
    ImGui::SameLine();
    if (Button(s, "Quit", "store/quit")) s.m_wantQuit = true;
}

} // namespace sl::ui
