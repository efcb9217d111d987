// SupportLab UI: the lead's data — reports for the filters, thresholds, exports, replay.
#pragma once

#include "ui/app_state.hpp"

#include <string>

namespace sl::ui {

// Re-reads the lead's reports for the current filters (cohort, lab, grading).
void RefreshLead(AppState& s);
// Saves the selected lab's pass threshold (percent); "" on success.
std::string SaveThreshold(AppState& s, double percent);
// Writes the current selection as CSV, xAPI or JSON to `path`; "" on success, else why not.
std::string ExportReport(AppState& s, ExportKind kind, const std::string& path, const std::string& homePage = kDefaultXapiHomePage);
// The lead's xAPI home page: checked (reports HomePageProblem), kept in the config folder; "" or why not.
std::string SaveXapiHomePage(AppState& s, const std::string& url);
void LoadXapiHomePage(AppState& s);
// A sensible default file for an export ($HOME/supportlab-<cohort>.<ext>).
std::string DefaultExportPath(const AppState& s, ExportKind kind);
// Loads an attempt's timeline for the replay view and shows it at its end.
void SelectReplay(AppState& s, RowId attemptId);
// Rebuilds the replayed state after `step` actions (0..events).
void ReplayTo(AppState& s, int step);

} // namespace sl::ui
