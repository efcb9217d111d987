// SupportLab UI: the application's entry points, shared by the real window loop and the headless tests.
#pragma once

#include "ui/app_state.hpp"

namespace sl::ui {

// Opens the database, loads the passphrase hash and the scenario library, and points
// io.IniFilename at <config dir>/imgui.ini. Needs a current ImGui context. Problems become messages
// (and a database error screen); nothing here throws or exits.
void InitApp(AppState& s);

// Draws one frame of the whole application (between ImGui::NewFrame and ImGui::Render).
// Simulated clocks advance by io.DeltaTime times the chosen speed.
void DrawFrame(AppState& s);

// Before the ImGui context is destroyed: wipes secrets and flushes queued writes.
void ShutdownApp(AppState& s);

// The SupportLab look: dark theme with rounded frames, sized for `scale`.
void ApplyStyle(float scale);

} // namespace sl::ui
