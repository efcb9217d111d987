// SupportLab UI: the ticket queue panel — filters, the sortable table, arrivals (rows from queue_rows).
#include "ui/queue_rows.hpp"
#include "ui/run_control.hpp"
#include "ui/view_play_common.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sl::ui {

namespace {

ImVec4 SlaColor(SlaState s) {
    switch (s) {
    case SlaState::Warned: return ColorWarn();
    case SlaState::Breached: return ColorBad();
    case SlaState::Met: return ColorOk();
    case SlaState::Running: break;
    }
    return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

} // namespace

void DrawTicketQueue(AppState& s, ScenarioRun& run) {
    const Scenario& sc = *run.m_scenario;
    const Simulation& sim = run.Sim();
    QueueView& q = run.m_queue;

    if (q.m_focusFilter) {
        ImGui::SetKeyboardFocusHere();
        q.m_focusFilter = false;
    }
    ImGui::SetNextItemWidth(180 * s.m_fonts.m_scale);
    ImGui::InputTextWithHint("##filter", "Filter (Ctrl+F)", &q.m_filter);
    Track(s, "queue/filter");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * s.m_fonts.m_scale);
    if (ImGui::BeginCombo("##status", kStatusFilterNames[static_cast<int>(q.m_status)])) {
        for (int i = 0; i < kStatusFilterCount; ++i) {
            if (ImGui::Selectable(kStatusFilterNames[i], static_cast<int>(q.m_status) == i))
                q.m_status = static_cast<QueueStatusFilter>(i);
            Track(s, "queue/status/", kStatusFilterNames[i]);
        }
        ImGui::EndCombo();
    }
    Track(s, "queue/status");
    Tooltip("Show tickets with this status");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * s.m_fonts.m_scale);
    if (ImGui::BeginCombo("##prio", q.m_priority < 0 ? "Any priority" : SeverityName(sc, q.m_priority))) {
        if (ImGui::Selectable("Any priority", q.m_priority < 0)) q.m_priority = -1;
        for (size_t i = 0; i < sc.m_model.m_severities.size(); ++i) {
            if (ImGui::Selectable(sc.m_model.m_severities[i].m_name.c_str(), q.m_priority == static_cast<int>(i)))
                q.m_priority = static_cast<int>(i);
            Track(s, "queue/priority/", sc.m_model.m_severities[i].m_id);
        }
        ImGui::EndCombo();
    }
    Track(s, "queue/priority");
    Tooltip("Show tickets with this priority");

    // The rows that pass the filters, rebuilt only when the attempt's state or a filter changed
    // (ticket states change only through actions, arrivals and returns: see StateStamp).
    FilterQueueRows(q, sim);
    const std::vector<TicketState>& tickets = sim.Tickets();
    const std::vector<size_t>& rows = q.m_rows;
    const RunSummary& summary = Summarize(run);

    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingFixedFit;
    const float height = std::max(120.0f, ImGui::GetContentRegionAvail().y - 110 * s.m_fonts.m_scale);
    if (ImGui::BeginTable("##queue", kQueueColCount, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("ID", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoHide, 0, kQueueColId);
        ImGui::TableSetupColumn("Subject", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide, 0, kQueueColSubject);
        ImGui::TableSetupColumn("Priority", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthFixed, 0, kQueueColPriority);
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 0, kQueueColStatus);
        // Hidden by default to leave room for the subject; right-click a header to show it.
        ImGui::TableSetupColumn("Arrived", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultHide, 0, kQueueColArrived);
        ImGui::TableSetupColumn("SLA", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("reply 00:00:00 over").x, kQueueColSla);
        // Headers drawn one by one so each is a named item (tests sort by clicking them).
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int c = 0; c < kQueueColCount; ++c) {
            if (!ImGui::TableSetColumnIndex(c)) continue;
            const char* name = ImGui::TableGetColumnName(c);
            ImGui::TableHeader(name);
            Track(s, "queue/header/", name);
        }
        // Sorted when the rows or the sort order changed.
        const ImGuiTableSortSpecs* spec = ImGui::TableGetSortSpecs();
        const bool sorted = spec && spec->SpecsCount > 0;
        SortQueueRows(q, sim, sorted ? static_cast<int>(spec->Specs[0].ColumnUserID) : -1,
                      !sorted || spec->Specs[0].SortDirection == ImGuiSortDirection_Ascending);
        // Only the rows on screen are drawn.
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const TicketState& t = tickets[rows[static_cast<size_t>(r)]];
                const std::string& id = t.m_def->m_id;
                const bool isNew = !run.m_seen.count(id);
                ImGui::TableNextRow();
                if (isNew) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.25f, 0.45f, 0.80f, 0.22f)));
                ImGui::TableSetColumnIndex(kQueueColId);
                ImGui::PushID(id.c_str());
                if (ImGui::Selectable("##row", run.m_selectedTicket == id,
                                      ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
                    run.m_selectedTicket = id;
                }
                Track(s, "queue/row/", id);
                ImGui::SameLine(0, 0);
                if (isNew) {
                    TextColor(ColorInfo(), "NEW");
                    ImGui::SameLine();
                }
                ImGui::TextUnformatted(id.c_str(), id.c_str() + id.size());
                ImGui::TableSetColumnIndex(kQueueColSubject);
                // A subject wider than its column ends in "..." and shows whole on hover.
                const bool cut = TextEllipsis(t.m_def->m_subject, ImGui::GetContentRegionAvail().x);
                if (ImGui::IsItemHovered() && cut)
                    ImGui::SetTooltip("%s\n%s (%s)", t.m_def->m_subject.c_str(), t.m_user.m_name.c_str(), t.m_def->m_channel.c_str());
                else if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s (%s)", t.m_user.m_name.c_str(), t.m_def->m_channel.c_str());
                ImGui::TableSetColumnIndex(kQueueColPriority);
                ImGui::TextUnformatted(SeverityName(sc, ShownPriority(t)));
                if (t.m_assignedPriority < 0 && ImGui::IsItemHovered()) ImGui::SetTooltip("From the intake form; not triaged yet");
                ImGui::TableSetColumnIndex(kQueueColStatus);
                ImGui::TextUnformatted(StatusLabel(t.m_status));
                if (ImGui::TableSetColumnIndex(kQueueColArrived)) ImGui::TextUnformatted(FormatClock(t.m_arrives).c_str());
                ImGui::TableSetColumnIndex(kQueueColSla);
                if (IsWorkable(t) || t.m_status == TicketStatus::Resolved) {
                    const QueueSlaCell cell = QueueSla(sim, t);
                    TextColor(SlaColor(cell.m_state), cell.m_text.c_str());
                    if (cell.m_why && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", cell.m_why);
                    else if (auto fr = FirstResponseLeft(sim, t); fr && ImGui::IsItemHovered())
                        ImGui::SetTooltip(*fr >= 0 ? "First response due in %s" : "First response overdue by %s",
                                          FormatClock(*fr >= 0 ? *fr : -*fr).c_str());
                } else if (IsHandedOff(t)) {
                    // Handed off: its clocks stopped; a late one still shows in its colour.
                    const QueueSlaCell cell = QueueSla(sim, t);
                    if (SlaRank(cell.m_state) >= 2) TextColor(SlaColor(cell.m_state), "handed off");
                    else ImGui::TextDisabled("handed off");
                } else {
                    ImGui::TextDisabled("away");
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    if (rows.empty())
        TextDim(tickets.empty()           ? "This scenario has no tickets."
                : !summary.m_anyArrived ? "No tickets have arrived yet: keep the clock running, or wait for the next ticket."
                                        : "No tickets match the filters.");
    if (summary.m_waiting > 0)
        ImGui::TextDisabled("%d more ticket%s will arrive later.", summary.m_waiting, summary.m_waiting == 1 ? "" : "s");
    // The newest arrivals, newest first.
    if (!run.m_arrivals.empty()) {
        ImGui::Separator();
        const size_t shown = std::min<size_t>(3, run.m_arrivals.size());
        for (size_t i = 0; i < shown; ++i) ImGui::TextDisabled("%s", run.m_arrivals[run.m_arrivals.size() - 1 - i].c_str());
    }
}

} // namespace sl::ui
