// SupportLab UI: the ticket dialogs — escalate or transfer, resolve.
#include "ui/run_control.hpp"
#include "ui/view_play_common.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sl::ui {

namespace {

std::string DestinationLabel(const Destination& d) {
    std::string kind;
    switch (d.m_kind) {
    case DestinationKind::TierTeam: kind = "tier " + std::to_string(d.m_tier); break;
    case DestinationKind::ServiceOperations: kind = "service operations"; break;
    case DestinationKind::HardwareVendor: kind = "hardware vendor"; break;
    case DestinationKind::ExistingChannel: kind = "existing support channel"; break;
    case DestinationKind::ItAdmin: kind = "IT admin"; break;
    }
    return d.m_name + "  (" + kind + ")";
}

} // namespace

void DrawTicketDialogs(AppState& s, ScenarioRun& run) {
    const Scenario& sc = *run.m_scenario;
    const SupportModel& m = sc.m_model;
    const std::string& id = run.m_selectedTicket;
    const float scale = s.m_fonts.m_scale;
    const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);

    if (run.m_escalate.m_request) {
        ImGui::OpenPopup("Escalate or transfer##dlg");
        run.m_escalate.m_request = false;
        run.m_escalate.m_open = true;
    }
    BeginDialogSize(620 * scale);
    if (ImGui::BeginPopupModal("Escalate or transfer##dlg", nullptr, kDialogFlags)) {
        EscalateDialog& d = run.m_escalate;
        ImGui::TextWrapped("Send ticket %s to:", id.c_str());
        for (size_t i = 0; i < m.m_destinations.size(); ++i) {
            const Destination& dest = m.m_destinations[i];
            if (ImGui::RadioButton(DestinationLabel(dest).c_str(), d.m_destination == static_cast<int>(i))) {
                if (d.m_destination != static_cast<int>(i)) d.m_severity = -1; // another destination's definitions
                d.m_destination = static_cast<int>(i);
            }
            Track(s, "escalate/dest/" + dest.m_id);
            if (!dest.m_responsibilities.empty() && ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                for (const std::string& r : dest.m_responsibilities) ImGui::BulletText("%s", r.c_str());
                ImGui::EndTooltip();
            }
        }
        // A destination with its own severity definitions takes the request with one of them: the
        // definitions are shown, as the request form would show them.
        const Destination* chosen = d.m_destination >= 0 ? &m.m_destinations[static_cast<size_t>(d.m_destination)] : nullptr;
        const bool needsSeverity = chosen && !chosen->m_requestSeverities.empty();
        if (needsSeverity) {
            ImGui::Spacing();
            TextWrappedStr("Severity of the request (" + chosen->m_name + "'s definitions):");
            for (size_t i = 0; i < chosen->m_requestSeverities.size(); ++i) {
                const RequestSeverity& sev = chosen->m_requestSeverities[i];
                if (ImGui::RadioButton(sev.m_name.c_str(), d.m_severity == static_cast<int>(i))) d.m_severity = static_cast<int>(i);
                Track(s, "escalate/severity/" + sev.m_id);
                ImGui::Indent();
                TextDim(sev.m_definition.c_str());
                ImGui::Unindent();
            }
        }
        ImGui::Spacing();
        ImGui::TextUnformatted("Note for the receiving team (required)");
        ImGui::InputTextMultiline("##note", &d.m_note, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
        Track(s, "escalate/note");
        if (sc.m_certaintyMarking) CertaintyPicker(s, "escalate/certainty", d.m_certainty);
        if (!d.m_error.empty()) ImGui::TextColored(ColorBad(), "%s", d.m_error.c_str());
        const bool noteOk = d.m_note.find_first_not_of(" \t\r\n") != std::string::npos;
        const bool sure = !sc.m_certaintyMarking || d.m_certainty > 0;
        const bool severityOk = !needsSeverity || d.m_severity >= 0;
        const bool ok = d.m_destination >= 0 && noteOk && sure && severityOk;
        const std::string confirm = "Escalate  (" + CostText(sc.m_costs.m_escalate) + ")##confirm";
        if (ButtonIf(s, ok, confirm.c_str(),
                     d.m_destination < 0 ? "Choose a destination."
                     : !severityOk       ? "Choose the request's severity."
                     : !noteOk           ? "Write a note: what was found and tried."
                                         : "Say how sure you are.",
                     "escalate/confirm")) {
            Action a = TicketAction(ActionType::Escalate, id, chosen->m_id);
            a.m_note = d.m_note;
            a.m_certainty = d.m_certainty;
            if (needsSeverity) a.m_severity = chosen->m_requestSeverities[static_cast<size_t>(d.m_severity)].m_id;
            if (ApplyRunAction(s, run, a)) {
                d = EscalateDialog{};
                ImGui::CloseCurrentPopup();
            } else {
                d.m_error = run.m_lastError;
            }
        }
        ImGui::SameLine();
        if (Button(s, "Cancel##esc", "escalate/cancel") || escape) {
            run.m_escalate = EscalateDialog{};
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    if (run.m_resolve.m_request) {
        ImGui::OpenPopup("Resolve ticket##dlg");
        run.m_resolve.m_request = false;
        run.m_resolve.m_open = true;
    }
    BeginDialogSize(460 * scale);
    if (ImGui::BeginPopupModal("Resolve ticket##dlg", nullptr, kDialogFlags)) {
        ResolveDialog& d = run.m_resolve;
        ImGui::TextWrapped("Resolve ticket %s with the resolution code:", id.c_str());
        for (size_t i = 0; i < m.m_resolutionCodes.size(); ++i) {
            if (ImGui::RadioButton(m.m_resolutionCodes[i].m_name.c_str(), d.m_code == static_cast<int>(i)))
                d.m_code = static_cast<int>(i);
            Track(s, "resolve/code/" + m.m_resolutionCodes[i].m_id);
        }
        if (sc.m_certaintyMarking) CertaintyPicker(s, "resolve/certainty", d.m_certainty);
        if (!d.m_error.empty()) ImGui::TextColored(ColorBad(), "%s", d.m_error.c_str());
        const std::string confirm = "Resolve  (" + CostText(sc.m_costs.m_resolve) + ")##confirm";
        const bool sure = !sc.m_certaintyMarking || d.m_certainty > 0;
        if (ButtonIf(s, d.m_code >= 0 && sure, confirm.c_str(), d.m_code < 0 ? "Choose a resolution code." : "Say how sure you are.",
                     "resolve/confirm")) {
            Action a = TicketAction(ActionType::Resolve, id, m.m_resolutionCodes[static_cast<size_t>(d.m_code)].m_id);
            a.m_certainty = d.m_certainty;
            if (ApplyRunAction(s, run, a)) {
                d = ResolveDialog{};
                ImGui::CloseCurrentPopup();
            } else {
                d.m_error = run.m_lastError;
            }
        }
        ImGui::SameLine();
        if (Button(s, "Cancel##res", "resolve/cancel") || escape) {
            run.m_resolve = ResolveDialog{};
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    if (run.m_phase == RunPhase::ConfirmFinish) ImGui::OpenPopup("Finish the scenario?##dlg");
    if (ImGui::BeginPopupModal("Finish the scenario?##dlg", nullptr, kDialogFlags)) {
        const int open = Summarize(run).m_open;
        ImGui::Text("%d ticket%s or question%s still open.", open, open == 1 ? "" : "s", open == 1 ? "" : "s");
        if (run.Assessed()) {
            const size_t waiting = run.m_awaitedRoutes.size() + run.m_awaitedSteps.size();
            if (waiting > 0)
                ImGui::Text("%zu answer%s from the server still to come; your work is scored as you did it.", waiting,
                            waiting == 1 ? "" : "s");
            ImGui::TextUnformatted("Submitting hands the attempt in for scoring. This cannot be undone.");
        } else {
            ImGui::TextUnformatted("Finishing now scores them as they stand. This cannot be undone.");
        }
        if (Button(s, run.Assessed() ? "Submit now" : "Finish now", "finish/confirm")) {
            run.m_phase = RunPhase::Playing;
            FinishRun(s, run);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (Button(s, "Keep working", "finish/cancel") || escape) {
            run.m_phase = RunPhase::Playing;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

} // namespace sl::ui
