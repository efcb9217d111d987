// SupportLab UI: the scenario library — every file under the scenario folder, and look-ups by id.
#pragma once

#include "ui/app_state.hpp"

#include <memory>
#include <string>

namespace sl::ui {

// (Re)reads every file under the scenario folder: validation status for all, models for the valid.
// The library's entry for a scenario id or a lab id (first match), or null: one look-up for every
// panel that names an item by id.
const LibraryEntry* FindScenarioEntry(const LibraryState& lib, const std::string& scenarioId);
const LibraryEntry* FindLabEntry(const LibraryState& lib, const std::string& labId);
void LoadLibrary(AppState& s);
// The scenario a lab module names, from the library when it holds that file, else loaded directly.
std::shared_ptr<const Scenario> ScenarioForModule(AppState& s, const Lab& lab, const LabModule& module,
                                                  std::string& error);
// The library entry of a valid lab with this id, or -1.
int LabEntry(const AppState& s, const std::string& labId);

} // namespace sl::ui
