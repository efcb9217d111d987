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

// Frame pacing (docs/ui.md, "Frame pacing"): how long the window may sleep, waiting for input, before
// what it shows changes by itself: the next whole simulated second of a running clock (at its
// speed), else kIdleRefresh for wall-clock timers and background results. Input wakes it at once.
inline constexpr double kIdleRefresh = 1.0;
// After input, frames are drawn back to back for this long, so hover and popups settle.
inline constexpr double kInputSettle = 0.5;
double SecondsUntilChange(const AppState& s);

// Before the ImGui context is destroyed: wipes secrets and flushes queued writes.
void ShutdownApp(AppState& s);

// The SupportLab look: dark theme with rounded frames, sized for `scale`.
void ApplyStyle(float scale);

} // namespace sl::ui
