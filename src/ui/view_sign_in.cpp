// SupportLab UI: signing in to the organisation server, and what the server's role opens.
#include "ui/auth.hpp"
#include "ui/profiles.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sl::ui {

namespace {

// Opens the store the signed-in role works on (the main decides: a trainee's outbox, or the
// server itself for a trainer or lead), then puts a trainee on her own profile.
void CompleteSignIn(AppState& s, const ServerSignInResult& r) {
    ServerState& sv = s.m_server;
    sv.m_signedIn = true;
    sv.m_role = r.m_role;
    sv.m_trainee = r.m_trainee;
    sv.m_error.clear();
    // The server's role, not the passphrase, opens the trainer and lead views.
    s.m_auth.m_unlocked = r.m_role != AppRole::Trainee;
    s.m_auth.m_prompt = false;
    s.m_role = r.m_role;
    if (r.m_role == AppRole::Lead) s.m_lead.m_dirty = true;
    if (s.m_options.m_openStore) {
        auto opened = s.m_options.m_openStore(s.m_options.m_dbPath);
        if (!opened) {
            s.m_storeError = opened.Error().m_message;
            return;
        }
        s.m_store = std::move(opened.Value());
    }
    ReloadProfiles(s);
    if (r.m_role != AppRole::Trainee || r.m_trainee.empty()) return;
    auto me = s.m_store->FindOrAddTrainee(r.m_trainee, "");
    if (!me) {
        Notify(s, MessageLevel::Error, me.Error().m_message);
        return;
    }
    ReloadProfiles(s);
    SelectProfile(s, me.Value());
}

void SubmitSignIn(AppState& s) {
    ServerState& sv = s.m_server;
    const ServerSignInResult r = s.m_options.m_server.m_signIn(sv.m_password);
    Wipe(sv.m_password);
    sv.m_focusInput = true;
    if (r.m_ok) {
        CompleteSignIn(s, r);
        Notify(s, MessageLevel::Info, "Signed in to " + s.m_options.m_server.m_location + ".");
        return;
    }
    sv.m_error = r.m_needsPassword ? "Enter your password." : r.m_error;
    sv.m_unreachable = r.m_unreachable;
}

void WorkOffline(AppState& s) {
    ServerState& sv = s.m_server;
    const ServerSignInResult r = s.m_options.m_server.m_workOffline(sv.m_password);
    Wipe(sv.m_password);
    if (!r.m_ok) {
        sv.m_error = r.m_error;
        return;
    }
    CompleteSignIn(s, r);
    Notify(s, MessageLevel::Warning, "Working offline as " + r.m_trainee +
                                         ": your work is kept on this machine and sent when the server is back.");
}

} // namespace

bool ServerMode(const AppState& s) { return static_cast<bool>(s.m_options.m_server.m_signIn); }

void TrySignInWithoutTyping(AppState& s) {
    // ~/.pgpass or PGPASSWORD may already hold the password: then no dialog at all.
    const ServerSignInResult r = s.m_options.m_server.m_signIn("");
    if (r.m_ok) {
        CompleteSignIn(s, r);
        return;
    }
    if (!r.m_needsPassword) s.m_server.m_error = r.m_error;
    s.m_server.m_unreachable = r.m_unreachable;
}

bool ServerAllowsRole(const AppState& s, AppRole role) {
    return s.m_server.m_signedIn && static_cast<int>(role) <= static_cast<int>(s.m_server.m_role);
}

void DrawSignInScreen(AppState& s) {
    ServerState& sv = s.m_server;
    const float width = std::min(560.0f * s.m_fonts.m_scale, ImGui::GetContentRegionAvail().x);
    ImGui::SetCursorPosX(std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) * 0.5f));
    ImGui::BeginChild("##signin", ImVec2(width, 0), false);
    ImGui::Dummy(ImVec2(0, 30.0f * s.m_fonts.m_scale));
    Heading(s, "Sign in to your organisation's SupportLab server");
    TextDim(("Server: " + s.m_options.m_server.m_location).c_str());
    TextDim("Your login decides what you may open: trainees their own work, trainers the sessions, leads "
            "every result. Your work is kept on this machine first, so nothing is lost if the network drops.");
    ImGui::Spacing();
    ImGui::SetNextItemWidth(-1);
    if (sv.m_focusInput) {
        ImGui::SetKeyboardFocusHere();
        sv.m_focusInput = false;
    }
    const ImGuiInputTextFlags pw = ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue;
    bool submit = ImGui::InputTextWithHint("##password", "Password", &sv.m_password, pw);
    Track(s, "signin/password");
    if (!sv.m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ColorBad());
        TextWrappedStr(sv.m_error);
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    submit |= Button(s, "Sign in", "signin/submit");
    ImGui::SameLine();
    const ServerHooks& hooks = s.m_options.m_server;
    bool offline = false;
    if (sv.m_unreachable && hooks.m_workOffline && !hooks.m_offlineUser.empty()) {
        offline = Button(s, ("Work offline as " + hooks.m_offlineUser + "##offline").c_str(), "signin/offline");
        Tooltip("Trainees only: your work is kept on this machine and sent when the server is back; the server "
                "checks your login then.");
        ImGui::SameLine();
    }
    if (Button(s, "Quit##signin", "signin/quit")) s.m_wantQuit = true;
    if (offline)
        WorkOffline(s);
    else if (submit)
        SubmitSignIn(s);
    ImGui::EndChild();
}

} // namespace sl::ui
