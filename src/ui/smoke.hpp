// SupportLab UI: putting the app into a given view for the Xvfb smoke test and screenshots.
#pragma once

#include "ui/app_state.hpp"

#include <string>

namespace sl::ui {

// view: "" or "profile", "pick", "help" (F1 over pick), "play:SCENARIO_ID", "debrief:SCENARIO_ID", "lab:LAB_ID", "trainer", "answers", "ttt",
// "demo:SCENARIO_ID", "sessions", "lead". Trainee views use a profile named "Smoke Test".
// Trainer and lead views are unlocked only with the right passphrase (set it when none exists yet).
// Returns an error message, or "".
std::string ApplySmokeView(AppState& s, const std::string& view, const std::string& passphrase);

} // namespace sl::ui
