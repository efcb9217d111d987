// SupportLab UI: the passphrase screen that guards the trainer and lead views.
#include "ui/auth.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

namespace sl::ui {

namespace {

const char* RoleName(AppRole r) {
    switch (r) {
    case AppRole::Trainee: return "Trainee";
    case AppRole::Trainer: return "Trainer";
    case AppRole::Lead: return "Lead";
    }
    return "?";
}

void Unlocked(AppState& s) {
    AuthState& a = s.m_auth;
    Wipe(a.m_input);
    Wipe(a.m_confirm);
    a.m_error.clear();
    a.m_failures = 0;
    a.m_unlocked = true;
    a.m_prompt = false;
    a.m_changing = false;
    s.m_role = a.m_wanted;
}

void Cancel(AppState& s) {
    AuthState& a = s.m_auth;
    Wipe(a.m_input);
    Wipe(a.m_confirm);
    a.m_error.clear();
    a.m_prompt = false;
    if (!a.m_changing && !a.m_unlocked) s.m_role = AppRole::Trainee;
    a.m_changing = false;
}

void SubmitNew(AppState& s) {
    AuthState& a = s.m_auth;
    a.m_error = CheckNewPassphrase(a.m_input, a.m_confirm);
    if (!a.m_error.empty()) return;
    std::string hash = HashPassphrase(a.m_input, s.m_options.m_pwhash);
    if (hash.empty()) {
        a.m_error = "The passphrase could not be hashed (out of memory?). Nothing was saved.";
        return;
    }
    if (std::string err = SavePassphraseHash(s.m_options.m_configDir, hash); !err.empty()) {
        a.m_error = "The passphrase could not be saved: " + err;
        return;
    }
    a.m_hash = hash;
    Notify(s, MessageLevel::Info, "Passphrase saved. Trainer and lead views are unlocked.");
    Unlocked(s);
}

void SubmitUnlock(AppState& s) {
    AuthState& a = s.m_auth;
    if (s.m_time < a.m_lockedUntil) return;
    if (VerifyPassphrase(a.m_hash, a.m_input)) {
        Unlocked(s);
        return;
    }
    Wipe(a.m_input);
    ++a.m_failures;
    // Repeated guesses wait longer each time (2 s, 4 s, ... up to 30 s) after the third.
    if (a.m_failures >= 3) a.m_lockedUntil = s.m_time + std::min(30.0, std::pow(2.0, a.m_failures - 2));
    a.m_error = "That passphrase is not right.";
    a.m_focusInput = true;
}

} // namespace

void LockStaffViews(AppState& s, const char* why) {
    if (!s.m_auth.m_unlocked) return;
    s.m_auth.m_unlocked = false;
    s.m_auth.m_prompt = false;
    s.m_role = AppRole::Trainee;
    s.m_trainer.m_demo.reset();
    if (why) Notify(s, MessageLevel::Info, why);
}

void UpdateIdleLock(AppState& s) {
    const ImGuiIO& io = ImGui::GetIO();
    bool input = io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f || io.MouseWheel != 0.0f || io.MouseWheelH != 0.0f ||
                 io.InputQueueCharacters.Size > 0;
    for (bool down : io.MouseDown) input |= down;
    for (bool down : io.KeysDown) input |= down;
    if (input) s.m_auth.m_lastInput = s.m_time;
    if (!ServerMode(s) && s.m_auth.m_unlocked && s.m_time - s.m_auth.m_lastInput >= kStaffIdleLockSeconds)
        LockStaffViews(s, "Trainer and lead views locked after 10 minutes without use; the passphrase unlocks them again.");
}

void RequestRole(AppState& s, AppRole role) {
    if (ServerMode(s)) {
        // No passphrase here: the server's role decides, and a trainee cannot talk her way in.
        if (!ServerAllowsRole(s, role)) {
            Notify(s, MessageLevel::Warning, std::string("Your login may not open the ") + RoleName(role) +
                                                 " view: the organisation server decides who is a trainer or lead.");
            return;
        }
        s.m_role = role;
        if (role == AppRole::Lead) s.m_lead.m_dirty = true;
        return;
    }
    // Back to the trainee's view locks the others again: the next person at this desk is likely a trainee.
    if (role == AppRole::Trainee && s.m_auth.m_unlocked)
        LockStaffViews(s, "Trainer and lead views locked; the passphrase unlocks them again.");
    if (role == AppRole::Trainee || s.m_auth.m_unlocked) {
        s.m_role = role;
        s.m_auth.m_prompt = false;
        if (role == AppRole::Lead) s.m_lead.m_dirty = true;
        return;
    }
    s.m_auth.m_wanted = role;
    s.m_auth.m_prompt = true;
    s.m_auth.m_focusInput = true;
    s.m_auth.m_error.clear();
}

void DrawPassphraseScreen(AppState& s) {
    AuthState& a = s.m_auth;
    const bool setting = a.m_hash.empty() || a.m_changing;
    const float width = std::min(520.0f * s.m_fonts.m_scale, ImGui::GetContentRegionAvail().x);
    ImGui::SetCursorPosX(std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) * 0.5f));
    ImGui::BeginChild("##auth", ImVec2(width, 0), false);
    ImGui::Dummy(ImVec2(0, 30.0f * s.m_fonts.m_scale));
    if (setting) {
        Heading(s, a.m_changing ? "Change the trainer and lead passphrase" : "Set the trainer and lead passphrase");
        TextDim(a.m_changing
                    ? "Enter the new passphrase twice."
                    : "Trainer and lead views show answer keys and everyone's results, so they sit behind a "
                      "passphrase, stored only as a salted hash. Choose one now; trainees never need it.");
    } else {
        Heading(s, (std::string("Unlock the ") + RoleName(a.m_wanted) + " view").c_str());
        TextDim("Trainer and lead views sit behind the passphrase set at first run. They lock again when you go "
                "back to the Trainee view, and after 10 minutes without use.");
    }
    // Said plainly, because on one machine nothing more is possible.
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ColorWarn(), "On one machine SupportLab is for practice. This passphrase is a convenience, not a "
                                    "protection: anyone who can use this computer account can read and change the "
                                    "database and settings files, answer keys and scores included. For assessments, "
                                    "use your organisation's SupportLab server.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::SetNextItemWidth(-1);
    if (a.m_focusInput) {
        ImGui::SetKeyboardFocusHere();
        a.m_focusInput = false;
    }
    const ImGuiInputTextFlags pw = ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue;
    bool submit = ImGui::InputTextWithHint("##pass", setting ? "New passphrase (8+ characters)" : "Passphrase",
                                           &a.m_input, pw);
    Track(s, "auth/passphrase");
    if (setting) {
        ImGui::SetNextItemWidth(-1);
        submit |= ImGui::InputTextWithHint("##confirm", "Repeat the passphrase", &a.m_confirm, pw);
        Track(s, "auth/confirm");
    }
    if (!a.m_error.empty()) ImGui::TextColored(ColorBad(), "%s", a.m_error.c_str());
    const bool waiting = !setting && s.m_time < a.m_lockedUntil;
    if (waiting) ImGui::TextColored(ColorWarn(), "Too many wrong guesses: wait %.0f s.", a.m_lockedUntil - s.m_time);
    ImGui::Spacing();
    if (setting) {
        submit |= Button(s, "Set passphrase", "auth/set");
    } else {
        submit |= ButtonIf(s, !waiting, "Unlock", "Wait a moment after wrong guesses.", "auth/unlock");
    }
    ImGui::SameLine();
    if (Button(s, a.m_hash.empty() ? "Later##cancel" : "Cancel##cancel", "auth/cancel") ||
        (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))) {
        Cancel(s);
    } else if (submit) {
        if (setting)
            SubmitNew(s);
        else
            SubmitUnlock(s);
    }
    ImGui::EndChild();
}

} // namespace sl::ui
