// SupportLab UI: what the screens show from the store, read into state when it may have changed — never while drawing.
#pragma once

#include "ui/app_state.hpp"

namespace sl::ui {

// Once a frame, before drawing. The trainee's screens: on arriving at the pick screen, her
// unfinished attempts and lab runs; on arriving at the profile or pick screen and every
// kStoreRefreshSeconds there, the cohorts or the lab sessions (a trainer may start one meanwhile).
// The trainer's Lab sessions tab: its sessions, their attempt counts and the cohorts, once when it
// opens (SessionForm::m_loaded; starting a session clears it). Each read counts in m_hooks.m_storeReads.
void RefreshScreenData(AppState& s);

} // namespace sl::ui
