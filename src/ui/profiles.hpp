// SupportLab UI: trainee profiles — list, create, select (and resume what she left).
#pragma once

#include "ui/app_state.hpp"

#include <string>

namespace sl::ui {

void ReloadProfiles(AppState& s);
// Creates (or finds) the trainee and selects it; "" on success.
std::string CreateProfile(AppState& s, const std::string& name, const std::string& cohort);
// Selects a profile and resumes its unfinished lab or scenario when there is exactly one.
void SelectProfile(AppState& s, const Trainee& t);

} // namespace sl::ui
