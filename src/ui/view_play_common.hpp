// SupportLab UI: what the play panels share — status and severity names, costs, ticket actions.
#pragma once

#include "ui/app_state.hpp"

#include <string>

namespace sl::ui {

const char* StatusLabel(TicketStatus s);
// "no time" or "2m": the simulated time an action costs, as its button shows it.
std::string CostText(SimTime t);
// The severity's name for an index, "-" for none.
const char* SeverityName(const Scenario& sc, int index);
// An action on one ticket (type, ticket id, argument).
Action TicketAction(ActionType type, const std::string& ticket, const std::string& arg = {});
// "How sure are you?" for a decision where the scenario marks certainty; 0 until one is chosen.
void CertaintyPicker(AppState& s, const char* track, int& certainty);

} // namespace sl::ui
