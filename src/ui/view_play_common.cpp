// SupportLab UI: what the play panels share — status and severity names, costs, ticket actions.
#include "ui/view_play_common.hpp"

#include "ui/widgets.hpp"

#include <imgui.h>

namespace sl::ui {

const char* StatusLabel(TicketStatus s) {
    switch (s) {
    case TicketStatus::NotArrived: return "Not arrived";
    case TicketStatus::New: return "New";
    case TicketStatus::InProgress: return "In progress";
    case TicketStatus::PendingUser: return "Pending user";
    case TicketStatus::PendingVendor: return "Pending vendor";
    case TicketStatus::Escalated: return "Escalated";
    case TicketStatus::Resolved: return "Resolved";
    }
    return "?";
}

std::string CostText(SimTime t) { return t <= 0 ? std::string("no time") : FormatDuration(t); }

const char* SeverityName(const Scenario& sc, int index) {
    if (index < 0 || index >= static_cast<int>(sc.m_model.m_severities.size())) return "-";
    return sc.m_model.m_severities[static_cast<size_t>(index)].m_name.c_str();
}

Action TicketAction(ActionType type, const std::string& ticket, const std::string& arg) {
    Action a;
    a.m_type = type;
    a.m_target = ticket;
    a.m_arg = arg;
    return a;
}

void CertaintyPicker(AppState& s, const char* track, int& certainty) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("How sure are you?");
    for (int c = 1; c <= 3; ++c) {
        ImGui::SameLine();
        static const char* const kLabels[4] = {"", "Low##cbm", "Medium##cbm", "High##cbm"};
        if (ImGui::RadioButton(kLabels[c], certainty == c)) certainty = c;
        Track(s, std::string(track) + "/" + CertaintyName(c));
    }
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    Tooltip("Certainty-based marking: right earns 1, 2 or 3; wrong costs 0, 2 or 6 (low, medium, high). "
            "Choose high only when you are more than 80% sure, low when under two in three.");
}

} // namespace sl::ui
