// SupportLab UI: playing a scenario — header and clock, ticket queue, ticket detail, dialogs, questions.
#include "ui/session.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

// [SECTION] Helpers
// [SECTION] Header and clock
// [SECTION] Ticket queue
// [SECTION] Ticket detail
// [SECTION] Dialogs
// [SECTION] Questions
// [SECTION] The run

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

namespace sl::ui {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

// "Impact high: many users or a site. Urgency medium: degraded." for the levels the model defines.
std::string LevelMeanings(const SupportModel& m, const std::string& impact, const std::string& urgency) {
    std::string out;
    const auto add = [&out](const char* what, const std::map<std::string, std::string>& defs, const std::string& level) {
        const auto it = defs.find(level);
        if (it == defs.end() || it->second.empty()) return;
        out += (out.empty() ? "" : "  ") + std::string(what) + " " + level + ": " + it->second;
        if (out.back() != '.') out += '.';
    };
    add("Impact", m.m_impactDefinitions, impact);
    add("Urgency", m.m_urgencyDefinitions, urgency);
    return out;
}

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

bool StatusMatches(QueueStatusFilter f, const TicketState& t) {
    switch (f) {
    case QueueStatusFilter::Open: return IsWorkable(t);
    case QueueStatusFilter::New: return t.m_status == TicketStatus::New;
    case QueueStatusFilter::InProgress: return t.m_status == TicketStatus::InProgress;
    case QueueStatusFilter::Pending:
        return t.m_status == TicketStatus::PendingUser || t.m_status == TicketStatus::PendingVendor;
    case QueueStatusFilter::Escalated: return t.m_status == TicketStatus::Escalated;
    case QueueStatusFilter::Resolved: return t.m_status == TicketStatus::Resolved;
    case QueueStatusFilter::All: return true;
    }
    return true;
}

constexpr const char* kStatusFilterNames[] = {"Open", "New", "In progress", "Pending", "Escalated", "Resolved", "All"};

std::string CostText(SimTime t) { return t <= 0 ? std::string("no time") : FormatDuration(t); }

// The severity the queue shows: the trainee's triage, else the intake form's.
int ShownPriority(const TicketState& t) { return t.m_assignedPriority >= 0 ? t.m_assignedPriority : t.m_reportedPriority; }

const char* SeverityName(const Scenario& sc, int index) {
    if (index < 0 || index >= static_cast<int>(sc.m_model.m_severities.size())) return "-";
    return sc.m_model.m_severities[static_cast<size_t>(index)].m_name.c_str();
}

ImVec4 SlaColor(SlaState s) {
    switch (s) {
    case SlaState::Warned: return ColorWarn();
    case SlaState::Breached: return ColorBad();
    case SlaState::Met: return ColorOk();
    case SlaState::Running: break;
    }
    return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

// Time left on the first-response target, or nullopt when it no longer applies.
std::optional<SimTime> FirstResponseLeft(const Simulation& sim, const TicketState& t) {
    if (t.m_firstResponseAt || t.m_status == TicketStatus::NotArrived) return std::nullopt;
    const Severity* sev = sim.SlaSeverity(t);
    if (!sev || sev->m_firstResponse <= 0) return std::nullopt;
    return sev->m_firstResponse - sim.FirstResponseElapsed(t);
}

// How bad an SLA state is, for "the worse of the two clocks".
int SlaRank(SlaState s) { return s == SlaState::Breached ? 3 : s == SlaState::Warned ? 2 : s == SlaState::Running ? 1 : 0; }

// The queue's SLA cell: the worse of the first-response and resolution clocks, coloured as the
// detail view colours that clock. Open tickets show the time left on it (or over); done ones, its state.
struct QueueSlaCell {
    std::string m_text;
    SlaState m_state = SlaState::Running;
    const char* m_why = nullptr; // tooltip: which clock made the colour, when not the one shown
};
QueueSlaCell QueueSla(const Simulation& sim, const TicketState& t) {
    const SlaState fr = sim.FirstResponseSla(t), rs = sim.ResolutionSla(t);
    const bool firstWorse = SlaRank(fr) > SlaRank(rs);
    QueueSlaCell c;
    c.m_state = firstWorse ? fr : rs;
    if (IsWorkable(t)) {
        const std::optional<SimTime> frLeft = FirstResponseLeft(sim, t);
        if (firstWorse && frLeft) {
            c.m_text = *frLeft >= 0 ? "reply in " + FormatClock(*frLeft) : "reply " + FormatClock(-*frLeft) + " over";
        } else {
            const SimTime left = sim.ResolutionRemaining(t);
            c.m_text = left >= 0 ? FormatClock(left) + " left" : FormatClock(-left) + " over";
            if (firstWorse) c.m_why = "The first response came after its target"; // answered, but late
        }
        return c;
    }
    c.m_text = c.m_state == SlaState::Breached ? "breached" : c.m_state == SlaState::Warned ? "late" : "met";
    if (firstWorse && fr != SlaState::Met) c.m_why = "The first response came after its target";
    return c;
}

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

Action TicketAction(ActionType type, const std::string& ticket, const std::string& arg = {}) {
    Action a;
    a.m_type = type;
    a.m_target = ticket;
    a.m_arg = arg;
    return a;
}

// Refills the triage form when another ticket is selected.
void SyncForm(ScenarioRun& run, const TicketState& t) {
    if (run.m_form.m_ticketId == t.m_def->m_id) return;
    const SupportModel& m = run.m_scenario->m_model;
    TicketForm f;
    f.m_ticketId = t.m_def->m_id;
    for (size_t i = 0; i < m.m_categories.size(); ++i)
        if (m.m_categories[i].m_id == t.m_category) f.m_category = static_cast<int>(i);
    const std::string impact = !t.m_impact.empty() ? t.m_impact : t.m_def->m_reportedImpact;
    const std::string urgency = !t.m_urgency.empty() ? t.m_urgency : t.m_def->m_reportedUrgency;
    f.m_impact = m.ImpactIndex(impact.empty() && !m.m_impactLevels.empty() ? m.m_impactLevels.back() : impact);
    f.m_urgency = m.UrgencyIndex(urgency.empty() && !m.m_urgencyLevels.empty() ? m.m_urgencyLevels.back() : urgency);
    f.m_incident = t.m_incidentLabel;
    run.m_form = f;
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Header and clock
//-----------------------------------------------------------------------------

void DrawRunHeader(AppState& s, ScenarioRun& run) {
    const Scenario& sc = *run.m_scenario;
    const Simulation& sim = run.Sim();
    Heading(s, sc.m_title.c_str());
    ImGui::SameLine();
    if (run.m_demo)
        ImGui::TextColored(ColorKey(), "[demo: answer key shown]");
    else if (sc.m_clock == ClockMode::Assessment)
        ImGui::TextColored(ColorWarn(), "[assessment: the clock cannot be paused]");
    else
        ImGui::TextColored(ColorInfo(), "[practice]");

    // The simulated clock, always visible.
    if (s.m_fonts.m_large) ImGui::PushFont(s.m_fonts.m_large);
    ImGui::Text("%s", FormatClock(sim.Now()).c_str());
    if (s.m_fonts.m_large) ImGui::PopFont();
    Track(s, "run/clock");
    Tooltip("Simulated time since the scenario started");
    ImGui::SameLine();
    if (ClockControllable(run)) {
        ClockControl& c = run.m_clock;
        if (c.m_paused) {
            if (IconButton(s, "clock/play", Icon::Play, "Resume the clock (Space)")) c.m_paused = false;
        } else {
            if (IconButton(s, "clock/pause", Icon::Pause, "Pause the clock (Space)")) c.m_paused = true;
        }
        ImGui::SameLine();
        if (IconButton(s, "clock/slower", Icon::Slower, "Slower clock ([)", c.m_speedIndex > 0))
            c.m_speedIndex = std::max(0, c.m_speedIndex - 1);
        ImGui::SameLine();
        if (IconButton(s, "clock/faster", Icon::Faster, "Faster clock (])", c.m_speedIndex < kClockSpeedCount - 1))
            c.m_speedIndex = std::min(kClockSpeedCount - 1, c.m_speedIndex + 1);
        ImGui::SameLine();
        if (c.m_paused)
            ImGui::TextColored(ColorWarn(), "paused");
        else
            ImGui::Text("%gx", static_cast<double>(kClockSpeeds[c.m_speedIndex]));
    } else {
        ImGui::TextDisabled("1x (assessment)");
    }
    if (run.m_roomPaused) {
        ImGui::SameLine();
        ImGui::TextColored(ColorWarn(), "The trainer has paused the room: the clock waits for them.");
        Track(s, "run/roompaused");
    }
    if (sc.m_timeBudget > 0) {
        ImGui::SameLine();
        const float frac = static_cast<float>(std::min<double>(1.0, static_cast<double>(sim.Now()) / static_cast<double>(sc.m_timeBudget)));
        const std::string overlay = FormatClock(sim.Now()) + " of " + FormatDuration(sc.m_timeBudget);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, sim.Now() > sc.m_timeBudget ? ColorBad() : ColorInfo());
        ImGui::ProgressBar(frac, ImVec2(220 * s.m_fonts.m_scale, 0), overlay.c_str());
        ImGui::PopStyleColor();
        Tooltip("Simulated time against the scenario's time budget");
    }
    ImGui::SameLine();
    const RunSummary& summary = Summarize(run);
    // Open work is what has arrived; what is still to come is counted apart.
    const int open = summary.m_open - summary.m_waiting;
    if (summary.m_waiting > 0)
        ImGui::TextDisabled("  %d open · %d to come", open, summary.m_waiting);
    else
        ImGui::TextDisabled("  %d open", open);
    // Nothing left to work on: offer to move the clock to the next arrival (no SLA clock is running).
    const SimTime nextArrival = sim.NextEvent();
    if (!summary.m_anyWorkable && nextArrival > sim.Now() && run.m_phase == RunPhase::Playing) {
        ImGui::SameLine();
        if (Button(s, "Wait for the next ticket", "run/wait")) {
            if (run.m_recorder)
                run.m_recorder->AdvanceTo(nextArrival);
            else
                run.m_sim->AdvanceTo(nextArrival);
            CollectArrivals(run);
        }
        Tooltip("Nothing is open: move the clock to the next arrival");
    }
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - 150 * s.m_fonts.m_scale));
    const bool done = sim.Finished();
    if (done) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.20f, 0.55f, 0.30f, 1.0f));
    if (Button(s, "Finish scenario", "run/finish")) {
        if (summary.m_open > 0) // tickets still to come are unfinished work too
            run.m_phase = RunPhase::ConfirmFinish;
        else
            FinishRun(s, run);
    }
    if (done) ImGui::PopStyleColor();
    Tooltip(done ? "Everything is handled: finish to see your debrief" : "End the attempt and see the debrief");
    if (!run.m_lastError.empty()) {
        ImGui::TextColored(ColorBad(), "%s", run.m_lastError.c_str());
        ImGui::SameLine();
        if (IconButton(s, "run/dismiss", Icon::Close, "Dismiss this message")) run.m_lastError.clear();
    }
    ImGui::Separator();
}

//-----------------------------------------------------------------------------
// [SECTION] Ticket queue
//-----------------------------------------------------------------------------

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
        for (int i = 0; i < 7; ++i) {
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
    const std::vector<TicketState>& tickets = sim.Tickets();
    if (q.m_haystacks.size() != tickets.size()) {
        // Ids, subjects and users never change during an attempt: lower-case and rank them once, so
        // filtering compares no case and sorting compares integers.
        q.m_haystacks.clear();
        std::vector<std::string> subjects;
        for (const TicketState& t : tickets) {
            q.m_haystacks.push_back(Lower(t.m_def->m_id + " " + t.m_def->m_subject + " " + t.m_user.m_name));
            subjects.push_back(Lower(t.m_def->m_subject));
        }
        auto rank = [&](auto less) {
            std::vector<size_t> order(tickets.size());
            for (size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::stable_sort(order.begin(), order.end(), less);
            std::vector<std::uint32_t> ranks(tickets.size());
            for (size_t r = 0; r < order.size(); ++r)
                ranks[order[r]] = r > 0 && !less(order[r - 1], order[r]) ? ranks[order[r - 1]] : static_cast<std::uint32_t>(r);
            return ranks;
        };
        q.m_idRanks = rank([&](size_t a, size_t b) { return tickets[a].m_def->m_id < tickets[b].m_def->m_id; });
        q.m_subjectRanks = rank([&](size_t a, size_t b) { return subjects[a] < subjects[b]; });
    }
    // Stamps start at 1, so a stamp of 0 never matches.
    if (q.m_rowsStamp != sim.StateStamp() || q.m_rowsStatus != q.m_status || q.m_rowsPriority != q.m_priority ||
        q.m_rowsFilter != q.m_filter) {
        q.m_rowsStamp = sim.StateStamp();
        q.m_rowsStatus = q.m_status;
        q.m_rowsPriority = q.m_priority;
        q.m_rowsFilter = q.m_filter;
        q.m_sortColumn = -2;
        q.m_rows.clear();
        const std::string needle = Lower(q.m_filter);
        for (size_t i = 0; i < tickets.size(); ++i) {
            const TicketState& t = tickets[i];
            if (t.m_status == TicketStatus::NotArrived || !StatusMatches(q.m_status, t)) continue;
            if (q.m_priority >= 0 && ShownPriority(t) != q.m_priority) continue;
            if (!needle.empty() && q.m_haystacks[i].find(needle) == std::string::npos) continue;
            q.m_rows.push_back(i);
        }
    }
    const std::vector<size_t>& rows = q.m_rows;
    const RunSummary& summary = Summarize(run);

    enum Col { ColId, ColSubject, ColPriority, ColStatus, ColArrived, ColSla, ColCount };
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingFixedFit;
    const float height = std::max(120.0f, ImGui::GetContentRegionAvail().y - 110 * s.m_fonts.m_scale);
    if (ImGui::BeginTable("##queue", ColCount, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("ID", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoHide, 0, ColId);
        ImGui::TableSetupColumn("Subject", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide, 0, ColSubject);
        ImGui::TableSetupColumn("Priority", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthFixed, 0, ColPriority);
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 0, ColStatus);
        // Hidden by default to leave room for the subject; right-click a header to show it.
        ImGui::TableSetupColumn("Arrived", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultHide, 0, ColArrived);
        ImGui::TableSetupColumn("SLA", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("reply 00:00:00 over").x, ColSla);
        // Headers drawn one by one so each is a named item (tests sort by clicking them).
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int c = 0; c < ColCount; ++c) {
            if (!ImGui::TableSetColumnIndex(c)) continue;
            const char* name = ImGui::TableGetColumnName(c);
            ImGui::TableHeader(name);
            Track(s, "queue/header/", name);
        }
        // Sorted when the rows or the sort order changed; keys are computed once per row, with ranks
        // in place of text. The SLA column sorts by time left, whose
        // order does not change as the clock runs (every open ticket loses the same time).
        const ImGuiTableSortSpecs* spec = ImGui::TableGetSortSpecs();
        const bool sorted = spec && spec->SpecsCount > 0;
        const ImGuiTableColumnSortSpecs cs = sorted ? spec->Specs[0] : ImGuiTableColumnSortSpecs();
        const int sortColumn = sorted ? static_cast<int>(cs.ColumnUserID) : -1;
        const bool asc = cs.SortDirection == ImGuiSortDirection_Ascending;
        if (sortColumn != q.m_sortColumn || asc != q.m_sortAscending) {
            q.m_sortColumn = sortColumn;
            q.m_sortAscending = asc;
            if (!sorted) {
                std::sort(q.m_rows.begin(), q.m_rows.end());
            } else {
                struct Key {
                    long long m_number;
                    std::uint32_t m_rank; // the id's or subject's place in text order
                    bool operator<(const Key& o) const { return m_number != o.m_number ? m_number < o.m_number : m_rank < o.m_rank; }
                };
                auto key = [&](size_t i) -> Key {
                    const TicketState& t = tickets[i];
                    const std::uint32_t id = q.m_idRanks[i];
                    switch (sortColumn) {
                    case ColSubject: return {0, q.m_subjectRanks[i]};
                    case ColPriority: return {ShownPriority(t) < 0 ? 1000 : ShownPriority(t), id};
                    case ColStatus: return {static_cast<long long>(t.m_status), id};
                    case ColArrived: return {t.m_arrives, id};
                    case ColSla: return {IsWorkable(t) ? sim.ResolutionRemaining(t) : (1LL << 40), id};
                    default: return {0, id};
                    }
                };
                std::vector<Key> keys(tickets.size(), Key{0, 0});
                for (size_t i : q.m_rows) keys[i] = key(i);
                std::stable_sort(q.m_rows.begin(), q.m_rows.end(),
                                 [&](size_t a, size_t b) { return asc ? keys[a] < keys[b] : keys[b] < keys[a]; });
            }
        }
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
                ImGui::TableSetColumnIndex(ColId);
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
                ImGui::TableSetColumnIndex(ColSubject);
                ImGui::TextUnformatted(t.m_def->m_subject.c_str(), t.m_def->m_subject.c_str() + t.m_def->m_subject.size());
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", t.m_user.m_name.c_str(), t.m_def->m_channel.c_str());
                ImGui::TableSetColumnIndex(ColPriority);
                ImGui::TextUnformatted(SeverityName(sc, ShownPriority(t)));
                if (t.m_assignedPriority < 0 && ImGui::IsItemHovered()) ImGui::SetTooltip("From the intake form; not triaged yet");
                ImGui::TableSetColumnIndex(ColStatus);
                ImGui::TextUnformatted(StatusLabel(t.m_status));
                if (ImGui::TableSetColumnIndex(ColArrived)) ImGui::TextUnformatted(FormatClock(t.m_arrives).c_str());
                ImGui::TableSetColumnIndex(ColSla);
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

//-----------------------------------------------------------------------------
// [SECTION] Ticket detail
//-----------------------------------------------------------------------------

namespace {

// A button showing the simulated time its action costs; `make` builds the action, only on a click.
template <class MakeAction>
void ActionButtonRow(AppState& s, ScenarioRun& run, const std::string& label, SimTime cost, MakeAction&& make,
                     std::string_view key, std::string_view keySuffix, bool enabled, const std::string& why) {
    const std::string costText = CostText(cost);
    std::string text;
    text.reserve(label.size() + costText.size() + key.size() + keySuffix.size() + 8);
    text.append(label).append("  (").append(costText).append(")##").append(key).append(keySuffix);
    std::string trackKey;
    if (s.m_hooks.m_trackItems) trackKey.append(key).append(keySuffix);
    if (ButtonIf(s, enabled, text.c_str(), why, trackKey)) ApplyRunAction(s, run, make());
}

// "How sure are you?" for a decision where the scenario marks certainty; 0 until one is chosen.
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

void DrawSlaBar(const char* label, SlaState state, SimTime elapsed, SimTime target, bool done) {
    ImGui::TextUnformatted(label);
    ImGui::SameLine(150);
    if (target <= 0) {
        ImGui::TextDisabled("no target");
        return;
    }
    const float frac = std::clamp(static_cast<float>(elapsed) / static_cast<float>(target), 0.0f, 1.0f);
    char overlay[96];
    const char* word = state == SlaState::Breached ? "breached" : state == SlaState::Warned ? "75% used" : done ? "met" : "running";
    std::snprintf(overlay, sizeof overlay, "%s of %s  (%s)", FormatClock(elapsed).c_str(), FormatClock(target).c_str(), word);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, state == SlaState::Breached ? ColorBad()
                                                  : state == SlaState::Warned ? ColorWarn()
                                                                              : ImVec4(0.30f, 0.60f, 0.40f, 1.0f));
    ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay);
    ImGui::PopStyleColor();
}

} // namespace

void DrawTicketDetail(AppState& s, ScenarioRun& run) {
    const Scenario& sc = *run.m_scenario;
    const Simulation& sim = run.Sim();
    const TicketState* tp = sim.FindTicket(run.m_selectedTicket);
    if (!tp || tp->m_status == TicketStatus::NotArrived) {
        ImGui::Dummy(ImVec2(0, 20));
        TextDim("Select a ticket in the queue to work on it.");
        return;
    }
    const TicketState& t = *tp;
    const Ticket& def = *t.m_def;
    const std::string& id = def.m_id;
    run.m_seen.insert(id);
    SyncForm(run, t);
    const bool workable = IsWorkable(t) && run.m_phase == RunPhase::Playing;
    const std::string notWorkable = t.m_status == TicketStatus::Resolved ? "This ticket is resolved."
                                    : t.m_status == TicketStatus::Escalated ? "This ticket is with another team."
                                                                            : "The attempt is over.";

    Heading(s, def.m_subject.c_str());
    ImGui::TextDisabled("%s · %s · arrived %s · %s", id.c_str(), def.m_channel.c_str(), FormatClock(t.m_arrives).c_str(),
                        StatusLabel(t.m_status));
    ImGui::SameLine();
    ImGui::TextDisabled("· priority %s%s", SeverityName(sc, ShownPriority(t)),
                        t.m_assignedPriority < 0 ? " (intake form)" : "");

    // SLA clocks.
    if (const Severity* sev = sim.SlaSeverity(t)) {
        DrawSlaBar("First response", sim.FirstResponseSla(t), sim.FirstResponseElapsed(t), sev->m_firstResponse, t.m_firstResponseAt.has_value());
        DrawSlaBar("Resolution", sim.ResolutionSla(t), sim.ResolutionElapsed(t), sev->m_resolution, t.m_doneAt.has_value());
        if (sev->m_businessHours && sc.m_model.m_businessHours) {
            const BusinessHours& bh = *sc.m_model.m_businessHours;
            std::string days;
            for (int d = 0; d < 7; ++d)
                if (bh.m_days[d]) days += (days.empty() ? "" : " ") + std::string(kDayNames[d]);
            ImGui::TextDisabled("These targets count business hours only (%s, %s-%s). Now: %s.", days.c_str(),
                                FormatTimeOfDay(bh.m_open).c_str(), FormatTimeOfDay(bh.m_close).c_str(),
                                FormatWeekMoment(sc.m_startsAt + sim.Now()).c_str());
        }
        if (t.m_status == TicketStatus::PendingUser || t.m_status == TicketStatus::PendingVendor)
            ImGui::TextDisabled("Pending: the resolution clock is stopped until the reply arrives or you work the ticket.");
    }

    // Who and what.
    if (ImGui::BeginTable("##who", 2, ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextDisabled("User");
        ImGui::Text("%s", t.m_user.m_name.c_str());
        if (!t.m_user.m_department.empty()) ImGui::Text("%s", t.m_user.m_department.c_str());
        if (!t.m_user.m_role.empty()) {
            const Role* r = sc.m_model.FindRole(t.m_user.m_role);
            ImGui::Text("Role: %s", r ? r->m_name.c_str() : t.m_user.m_role.c_str());
        }
        ImGui::TableSetColumnIndex(1);
        ImGui::TextDisabled("Device");
        ImGui::Text("%s", t.m_device.m_model.empty() ? "-" : t.m_device.m_model.c_str());
        if (!t.m_device.m_os.empty()) ImGui::Text("%s", t.m_device.m_os.c_str());
        if (!t.m_device.m_serial.empty()) ImGui::Text("Serial %s", t.m_device.m_serial.c_str());
        if (!t.m_device.m_notes.empty()) TextWrappedStr(t.m_device.m_notes);
        ImGui::EndTable();
    }
    ImGui::TextDisabled("Message");
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.17f, 0.18f, 0.21f, 1.0f));
    const float msgHeight = ImGui::GetTextLineHeightWithSpacing() * 3.5f;
    ImGui::BeginChild("##message", ImVec2(0, msgHeight), true);
    TextWrappedStr(t.m_report);
    ImGui::EndChild();
    ImGui::PopStyleColor();
    if (!def.m_elevationRequester.empty()) {
        const Role* r = sc.m_model.FindRole(def.m_elevationRequester);
        ImGui::TextColored(ColorWarn(), "Elevated device privileges are requested by: %s",
                           r ? r->m_name.c_str() : def.m_elevationRequester.c_str());
    }

    // What the trainee has learned so far.
    if (!t.m_knownFacts.empty()) {
        ImGui::TextDisabled("Facts found");
        for (const std::string& fid : t.m_knownFacts) {
            for (const Fact& f : def.m_facts) {
                if (f.m_id != fid) continue;
                // The question on its own line and the answer under it at full width: on one line,
                // a long question squeezed the answer into a narrow column at the right.
                ImGui::Bullet();
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextDisabled("%s", f.m_prompt.empty() ? "Found" : f.m_prompt.c_str());
                Track(s, "ticket/fact-question/", f.m_id);
                ImGui::PopTextWrapPos();
                ImGui::Indent();
                TextWrappedStr(FactText(t, f));
                Track(s, "ticket/fact/", f.m_id);
                ImGui::Unindent();
            }
        }
    }
    if (!t.m_hintsTaken.empty()) {
        ImGui::TextDisabled("Hints taken");
        for (int hi : t.m_hintsTaken)
            if (hi >= 0 && hi < static_cast<int>(def.m_hints.size())) {
                ImGui::Bullet();
                TextWrappedStr(def.m_hints[static_cast<size_t>(hi)].m_text);
            }
    }

    if (run.m_demo) DrawTicketAnswerKey(s, sc, def);

    ImGui::Separator();
    // [Actions] Each button shows the simulated time it costs.
    const ActionCosts& costs = sc.m_costs;
    if (!t.m_firstResponseAt) {
        ActionButtonRow(s, run, "Acknowledge", costs.m_acknowledge, [&] { return TicketAction(ActionType::Acknowledge, id); },
                        "ticket/ack", "", workable, notWorkable);
        Tooltip("Reply to the user: the first response stops the first-response SLA clock");
    }
    // Replies still owed: the ticket may wait pending on that party meanwhile (its clock stops).
    for (const AwaitedReply& r : t.m_awaiting) {
        const Fact* f = nullptr;
        for (const Fact& x : def.m_facts)
            if (x.m_id == r.m_fact) f = &x;
        ImGui::TextDisabled("Waiting for the %s: %s (due at %s)", r.m_fromVendor ? "vendor" : "user",
                            f && !f->m_prompt.empty() ? f->m_prompt.c_str() : r.m_fact.c_str(), FormatClock(r.m_at).c_str());
    }
    for (const bool vendor : {false, true}) {
        if (!AwaitsReplyFrom(t, vendor) || t.m_status == (vendor ? TicketStatus::PendingVendor : TicketStatus::PendingUser)) continue;
        ActionButtonRow(s, run, vendor ? "Set pending: waiting on the vendor" : "Set pending: waiting on the user", costs.m_pend,
                        [&] { return TicketAction(ActionType::Pend, id, vendor ? "vendor" : "user"); }, "ticket/pend/",
                        vendor ? "vendor" : "user", workable, notWorkable);
        Tooltip("A pending ticket's resolution clock stops until the reply arrives or you work the ticket again");
    }
    bool anyAsk = false, anyDiag = false;
    for (const Fact& f : def.m_facts) {
        if (!sim.FactAvailable(t, f)) continue;
        if (f.m_source == FactSource::Ask) anyAsk = true;
        if (f.m_source == FactSource::Diagnostic) anyDiag = true;
    }
    if (anyAsk && ImGui::TreeNodeEx("Ask the user", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const Fact& f : def.m_facts)
            if (f.m_source == FactSource::Ask && sim.FactAvailable(t, f))
                ActionButtonRow(s, run, f.m_prompt.empty() ? f.m_id : f.m_prompt, FactCost(sc, f),
                                [&] { return TicketAction(ActionType::Ask, id, f.m_id); }, "ticket/ask/", f.m_id, workable, notWorkable);
        ImGui::TreePop();
    }
    if (anyDiag && ImGui::TreeNodeEx("Run a diagnostic", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const Fact& f : def.m_facts)
            if (f.m_source == FactSource::Diagnostic && sim.FactAvailable(t, f))
                ActionButtonRow(s, run, f.m_prompt.empty() ? f.m_id : f.m_prompt, FactCost(sc, f),
                                [&] { return TicketAction(ActionType::Diagnose, id, f.m_id); }, "ticket/diagnose/", f.m_id, workable,
                                notWorkable);
        ImGui::TreePop();
    }
    bool anyStep = false;
    for (const Step& st : def.m_steps) anyStep |= sim.StepAvailable(t, st);
    if (anyStep && ImGui::TreeNodeEx("Troubleshooting steps", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const Step& st : def.m_steps)
            if (sim.StepAvailable(t, st))
                ActionButtonRow(s, run, st.m_text, StepCost(sc, st), [&] { return TicketAction(ActionType::Step, id, st.m_id); },
                                "ticket/step/", st.m_id, workable, notWorkable);
        ImGui::TreePop();
    }

    // Triage: category, impact, urgency (the priority follows from the model's matrix).
    if (ImGui::TreeNodeEx("Triage", ImGuiTreeNodeFlags_DefaultOpen)) {
        const SupportModel& m = sc.m_model;
        TicketForm& f = run.m_form;
        ImGui::SetNextItemWidth(220 * s.m_fonts.m_scale);
        const char* catLabel = f.m_category >= 0 && f.m_category < static_cast<int>(m.m_categories.size())
                                   ? m.m_categories[static_cast<size_t>(f.m_category)].m_name.c_str()
                                   : "Category...";
        if (ImGui::BeginCombo("##category", catLabel)) {
            for (size_t i = 0; i < m.m_categories.size(); ++i) {
                if (ImGui::Selectable(m.m_categories[i].m_name.c_str(), f.m_category == static_cast<int>(i)))
                    f.m_category = static_cast<int>(i);
                Track(s, "triage/category/" + m.m_categories[i].m_id);
            }
            ImGui::EndCombo();
        }
        Track(s, "triage/category");
        Tooltip("Problem category");
        ImGui::SameLine();
        auto levelCombo = [&](const char* id, const char* what, const std::vector<std::string>& levels,
                              const std::map<std::string, std::string>& meanings, int& sel) {
            float widest = ImGui::CalcTextSize((std::string(what) + "...").c_str()).x;
            for (const std::string& l : levels) widest = std::max(widest, ImGui::CalcTextSize((std::string(what) + ": " + l).c_str()).x);
            ImGui::SetNextItemWidth(widest + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2);
            const std::string label = sel >= 0 && sel < static_cast<int>(levels.size())
                                          ? std::string(what) + ": " + levels[static_cast<size_t>(sel)]
                                          : std::string(what) + "...";
            if (ImGui::BeginCombo(id, label.c_str())) {
                for (size_t i = 0; i < levels.size(); ++i) {
                    if (ImGui::Selectable(levels[i].c_str(), sel == static_cast<int>(i))) sel = static_cast<int>(i);
                    Track(s, std::string("triage/") + what + "/" + levels[i]);
                    if (const auto it = meanings.find(levels[i]); it != meanings.end()) Tooltip(it->second.c_str());
                }
                ImGui::EndCombo();
            }
            Track(s, "triage/", what);
        };
        levelCombo("##impact", "impact", m.m_impactLevels, m.m_impactDefinitions, f.m_impact);
        Tooltip("How many people or how much work it affects");
        ImGui::SameLine();
        levelCombo("##urgency", "urgency", m.m_urgencyLevels, m.m_urgencyDefinitions, f.m_urgency);
        Tooltip("How soon it must be fixed");
        const std::string impact = f.m_impact >= 0 && f.m_impact < static_cast<int>(m.m_impactLevels.size()) ? m.m_impactLevels[static_cast<size_t>(f.m_impact)] : "";
        const std::string urgency = f.m_urgency >= 0 && f.m_urgency < static_cast<int>(m.m_urgencyLevels.size()) ? m.m_urgencyLevels[static_cast<size_t>(f.m_urgency)] : "";
        const int prio = m.PriorityFor(impact, urgency);
        ImGui::SameLine();
        ImGui::TextDisabled("= %s", SeverityName(sc, prio));
        Tooltip("Priority from the support model's impact x urgency matrix");
        // The chosen levels in the support model's own words, so every trainee keys them alike.
        if (const std::string meaning = LevelMeanings(m, impact, urgency); !meaning.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%s", meaning.c_str());
            ImGui::PopTextWrapPos();
        }
        if (sc.m_certaintyMarking) CertaintyPicker(s, "triage/certainty", f.m_certainty);
        Action a = TicketAction(ActionType::Triage, id);
        a.m_certainty = f.m_certainty;
        a.m_category = f.m_category >= 0 && f.m_category < static_cast<int>(m.m_categories.size()) ? m.m_categories[static_cast<size_t>(f.m_category)].m_id : "";
        a.m_impact = impact;
        a.m_urgency = urgency;
        const bool filled = !a.m_category.empty() || !impact.empty() || !urgency.empty();
        const bool sure = !sc.m_certaintyMarking || f.m_certainty > 0;
        ActionButtonRow(s, run, "Set triage", costs.m_triage, [&] { return a; }, "ticket/triage", "", workable && filled && sure,
                        !workable ? notWorkable
                        : !filled ? "Choose a category, impact or urgency first."
                                  : "Say how sure you are first.");
        ImGui::TreePop();
    }

    // Policy and routing.
    if (ImGui::TreeNodeEx("Route or close", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (!t.m_elevationRequested) {
            ActionButtonRow(s, run, "Request elevated privileges", costs.m_elevate, [&] { return TicketAction(ActionType::Elevate, id); },
                            "ticket/elevate", "", workable, notWorkable);
            Tooltip("Only roles the support model allows may request elevated device privileges");
        } else {
            ImGui::TextDisabled("Elevation requested.");
        }
        ImGui::SetNextItemWidth(160 * s.m_fonts.m_scale);
        ImGui::InputTextWithHint("##incident", "Incident label", &run.m_form.m_incident);
        Track(s, "ticket/incident");
        Tooltip("Tickets about one multi-user problem share a label");
        ImGui::SameLine();
        const std::vector<std::string>& labels = Summarize(run).m_incidentLabels;
        if (!labels.empty()) {
            ImGui::SetNextItemWidth(ImGui::GetFrameHeight() * 1.4f);
            if (ImGui::BeginCombo("##labels", "", ImGuiComboFlags_NoPreview)) {
                for (const std::string& l : labels) {
                    if (ImGui::Selectable(l.c_str())) run.m_form.m_incident = l;
                    Track(s, "ticket/incident/" + l);
                }
                ImGui::EndCombo();
            }
            Track(s, "ticket/incident/pick");
            Tooltip("Use a label already given to another ticket");
            ImGui::SameLine();
        }
        ActionButtonRow(s, run, t.m_incidentLabel.empty() ? "Link to incident" : "Relink", costs.m_link,
                        [&] { return TicketAction(ActionType::Link, id, run.m_form.m_incident); }, "ticket/link", "",
                        workable && !run.m_form.m_incident.empty(), workable ? "Type an incident label first." : notWorkable);
        if (!t.m_incidentLabel.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("linked to %s", t.m_incidentLabel.c_str());
        }
        const std::string escLabel = "Escalate or transfer...  (" + CostText(costs.m_escalate) + ")##esc";
        if (ButtonIf(s, workable, escLabel.c_str(), notWorkable, "ticket/escalate")) {
            run.m_escalate = EscalateDialog{};
            run.m_escalate.m_request = true;
        }
        ImGui::SameLine();
        const std::string resLabel = "Resolve...  (" + CostText(costs.m_resolve) + ")##res";
        if (ButtonIf(s, workable, resLabel.c_str(), notWorkable, "ticket/resolve")) {
            run.m_resolve = ResolveDialog{};
            run.m_resolve.m_request = true;
        }
        ImGui::TreePop();
    }
    if (!t.m_route.empty()) {
        ImGui::TextDisabled("Route so far");
        for (const RouteHop& h : t.m_route) {
            const Destination* d = sc.m_model.FindDestination(h.m_destination);
            ImGui::BulletText("%s  %s%s", FormatClock(h.m_at).c_str(), d ? d->m_name.c_str() : h.m_destination.c_str(),
                              h.m_returned ? "  (returned)" : "");
        }
    }

    // Hints: the cost is on the button, before the hint is taken.
    bool anyHint = false;
    for (size_t i = 0; i < def.m_hints.size(); ++i) anyHint |= std::find(t.m_hintsTaken.begin(), t.m_hintsTaken.end(), static_cast<int>(i)) == t.m_hintsTaken.end();
    if (anyHint) {
        for (size_t i = 0; i < def.m_hints.size(); ++i) {
            if (std::find(t.m_hintsTaken.begin(), t.m_hintsTaken.end(), static_cast<int>(i)) != t.m_hintsTaken.end()) continue;
            char label[96];
            std::snprintf(label, sizeof label, "Take hint %zu (costs %.3g point%s)##hint%zu", i + 1,
                          def.m_hints[i].m_cost, def.m_hints[i].m_cost == 1.0 ? "" : "s", i);
            Action a = TicketAction(ActionType::Hint, id);
            a.m_index = static_cast<int>(i);
            if (ButtonIf(s, workable, label, notWorkable, "ticket/hint/" + std::to_string(i))) ApplyRunAction(s, run, a);
            ImGui::SameLine();
        }
        ImGui::NewLine();
    }

    // The ticket's history, newest last.
    if (ImGui::CollapsingHeader("Activity", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const TicketLogEntry& e : t.m_log) {
            ImGui::TextDisabled("%s", FormatClock(e.m_at).c_str());
            ImGui::SameLine();
            TextWrappedStr(e.m_text);
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Dialogs
//-----------------------------------------------------------------------------

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
            if (ImGui::RadioButton(DestinationLabel(dest).c_str(), d.m_destination == static_cast<int>(i)))
                d.m_destination = static_cast<int>(i);
            Track(s, "escalate/dest/" + dest.m_id);
            if (!dest.m_responsibilities.empty() && ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                for (const std::string& r : dest.m_responsibilities) ImGui::BulletText("%s", r.c_str());
                ImGui::EndTooltip();
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
        const bool ok = d.m_destination >= 0 && noteOk && sure;
        const std::string confirm = "Escalate  (" + CostText(sc.m_costs.m_escalate) + ")##confirm";
        if (ButtonIf(s, ok, confirm.c_str(),
                     d.m_destination < 0 ? "Choose a destination." : !noteOk ? "Write a note: what was found and tried." : "Say how sure you are.",
                     "escalate/confirm")) {
            Action a = TicketAction(ActionType::Escalate, id, m.m_destinations[static_cast<size_t>(d.m_destination)].m_id);
            a.m_note = d.m_note;
            a.m_certainty = d.m_certainty;
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
        ImGui::TextUnformatted("Finishing now scores them as they stand. This cannot be undone.");
        if (Button(s, "Finish now", "finish/confirm")) {
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

//-----------------------------------------------------------------------------
// [SECTION] Questions
//-----------------------------------------------------------------------------

namespace {

const Option* FindOption(const Question& q, const std::string& id) {
    for (const Option& o : q.m_options)
        if (o.m_id == id) return &o;
    return nullptr;
}

void FillDraft(QuestionDraft& d, const QuestionState& qs) {
    if (d.m_ready) return;
    d.m_ready = true;
    const Question& q = *qs.m_def;
    d.m_order = qs.m_optionOrder;
    d.m_match.assign(q.m_pairs.size(), -1);
    if (!qs.m_answered) return;
    // Show the trainee's latest answer again.
    switch (q.m_type) {
    case QuestionType::Single:
        if (!qs.m_answer.empty()) d.m_single = qs.m_answer[0];
        break;
    case QuestionType::Multiple: d.m_multiple.insert(qs.m_answer.begin(), qs.m_answer.end()); break;
    case QuestionType::Ordering: d.m_order = qs.m_answer; break;
    case QuestionType::Matching:
        for (const std::string& tok : qs.m_answer) {
            const size_t eq = tok.find('=');
            if (eq == std::string::npos) continue;
            for (size_t i = 0; i < q.m_pairs.size(); ++i) {
                if (q.m_pairs[i].m_id != tok.substr(0, eq)) continue;
                const auto it = std::find(qs.m_optionOrder.begin(), qs.m_optionOrder.end(), tok.substr(eq + 1));
                if (it != qs.m_optionOrder.end()) d.m_match[i] = static_cast<int>(it - qs.m_optionOrder.begin());
            }
        }
        break;
    }
}

// The answer tokens for the Answer action, or "" with the reason it is not complete.
std::vector<std::string> DraftTokens(const QuestionDraft& d, const QuestionState& qs, std::string& why) {
    const Question& q = *qs.m_def;
    std::vector<std::string> tokens;
    switch (q.m_type) {
    case QuestionType::Single:
        if (d.m_single.empty()) why = "Choose an answer.";
        else tokens.push_back(d.m_single);
        break;
    case QuestionType::Multiple:
        for (const std::string& id : qs.m_optionOrder)
            if (d.m_multiple.count(id)) tokens.push_back(id);
        if (tokens.empty()) why = "Tick at least one answer.";
        break;
    case QuestionType::Ordering: tokens = d.m_order; break;
    case QuestionType::Matching:
        for (size_t i = 0; i < q.m_pairs.size(); ++i) {
            if (i >= d.m_match.size() || d.m_match[i] < 0) {
                why = "Match every item.";
                return {};
            }
            tokens.push_back(q.m_pairs[i].m_id + "=" + qs.m_optionOrder[static_cast<size_t>(d.m_match[i])]);
        }
        break;
    }
    return tokens;
}

void DrawQuestionWidget(AppState& s, QuestionDraft& d, const QuestionState& qs, bool enabled) {
    const Question& q = *qs.m_def;
    const std::string base = "question/" + q.m_id + "/";
    ImGui::BeginDisabled(!enabled);
    switch (q.m_type) {
    case QuestionType::Single:
        for (const std::string& oid : qs.m_optionOrder) {
            const Option* o = FindOption(q, oid);
            if (!o) continue;
            if (ImGui::RadioButton((o->m_text + "##" + oid).c_str(), d.m_single == oid) && enabled) d.m_single = oid;
            Track(s, base + oid);
        }
        break;
    case QuestionType::Multiple:
        for (const std::string& oid : qs.m_optionOrder) {
            const Option* o = FindOption(q, oid);
            if (!o) continue;
            bool on = d.m_multiple.count(oid) > 0;
            if (ImGui::Checkbox((o->m_text + "##" + oid).c_str(), &on) && enabled) {
                if (on) d.m_multiple.insert(oid);
                else d.m_multiple.erase(oid);
            }
            Track(s, base + oid);
        }
        break;
    case QuestionType::Matching:
        if (ImGui::BeginTable("##match", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("Item", ImGuiTableColumnFlags_WidthStretch, 0.55f);
            ImGui::TableSetupColumn("Belongs with", ImGuiTableColumnFlags_WidthStretch, 0.45f);
            ImGui::TableHeadersRow();
            for (size_t i = 0; i < q.m_pairs.size(); ++i) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextWrapped("%s", q.m_pairs[i].m_left.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::PushID(static_cast<int>(i));
                ImGui::SetNextItemWidth(-1);
                const int sel = i < d.m_match.size() ? d.m_match[i] : -1;
                const Option* cur = sel >= 0 ? FindOption(q, qs.m_optionOrder[static_cast<size_t>(sel)]) : nullptr;
                if (ImGui::BeginCombo("##pick", cur ? cur->m_text.c_str() : "Choose...")) {
                    for (size_t k = 0; k < qs.m_optionOrder.size(); ++k) {
                        const Option* o = FindOption(q, qs.m_optionOrder[k]);
                        if (!o) continue;
                        if (ImGui::Selectable(o->m_text.c_str(), sel == static_cast<int>(k)) && enabled)
                            d.m_match[i] = static_cast<int>(k);
                        Track(s, base + q.m_pairs[i].m_id + "/" + o->m_id);
                    }
                    ImGui::EndCombo();
                }
                Track(s, base + q.m_pairs[i].m_id);
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        break;
    case QuestionType::Ordering:
        for (size_t i = 0; i < d.m_order.size(); ++i) {
            const Option* o = FindOption(q, d.m_order[i]);
            ImGui::PushID(static_cast<int>(i));
            const std::string upKey = base + d.m_order[i] + "/up";
            const std::string downKey = base + d.m_order[i] + "/down";
            if (IconButton(s, upKey.c_str(), Icon::Up, "Move up", enabled && i > 0)) std::swap(d.m_order[i], d.m_order[i - 1]);
            ImGui::SameLine();
            if (IconButton(s, downKey.c_str(), Icon::Down, "Move down", enabled && i + 1 < d.m_order.size()))
                std::swap(d.m_order[i], d.m_order[i + 1]);
            ImGui::SameLine();
            ImGui::Text("%zu.", i + 1);
            ImGui::SameLine();
            ImGui::Selectable(o ? o->m_text.c_str() : d.m_order[i].c_str());
            // Drag an item onto another to swap them.
            if (enabled && ImGui::BeginDragDropSource()) {
                const int from = static_cast<int>(i);
                ImGui::SetDragDropPayload("SL_ORDER", &from, sizeof from);
                ImGui::TextUnformatted(o ? o->m_text.c_str() : "");
                ImGui::EndDragDropSource();
            }
            if (enabled && ImGui::BeginDragDropTarget()) {
                if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("SL_ORDER")) {
                    const int from = *static_cast<const int*>(p->Data);
                    if (from >= 0 && from < static_cast<int>(d.m_order.size())) {
                        const std::string moved = d.m_order[static_cast<size_t>(from)];
                        d.m_order.erase(d.m_order.begin() + from);
                        d.m_order.insert(d.m_order.begin() + static_cast<long>(i), moved);
                    }
                }
                ImGui::EndDragDropTarget();
            }
            ImGui::PopID();
        }
        break;
    }
    ImGui::EndDisabled();
}

const char* TypeHint(QuestionType t) {
    switch (t) {
    case QuestionType::Single: return "Choose one answer.";
    case QuestionType::Multiple: return "Tick every answer that applies.";
    case QuestionType::Matching: return "Match each item on the left with one on the right.";
    case QuestionType::Ordering: return "Put the items in order (arrows, or drag an item onto another).";
    }
    return "";
}

} // namespace

void DrawQuestions(AppState& s, ScenarioRun& run) {
    const Simulation& sim = run.Sim();
    const auto& qs = sim.Questions();
    if (qs.empty()) {
        TextDim("This scenario has no questions.");
        return;
    }
    if (run.m_selectedQuestion.empty() || !sim.FindQuestion(run.m_selectedQuestion)) run.m_selectedQuestion = qs.front().m_def->m_id;
    const float listWidth = 260 * s.m_fonts.m_scale;
    ImGui::BeginChild("##qlist", ImVec2(listWidth, 0), true);
    int answered = 0;
    for (const QuestionState& q : qs) answered += q.m_answered ? 1 : 0;
    ImGui::Text("%d of %zu answered", answered, qs.size());
    ImGui::ProgressBar(static_cast<float>(answered) / static_cast<float>(qs.size()), ImVec2(-1, 4 * s.m_fonts.m_scale), "");
    for (size_t i = 0; i < qs.size(); ++i) {
        const QuestionState& q = qs[i];
        char label[160];
        std::snprintf(label, sizeof label, "%s %zu. %.60s##%s", q.m_answered ? "[x]" : "[ ]", i + 1,
                      q.m_def->m_topic.empty() ? q.m_def->m_prompt.c_str() : q.m_def->m_topic.c_str(), q.m_def->m_id.c_str());
        if (ImGui::Selectable(label, run.m_selectedQuestion == q.m_def->m_id)) run.m_selectedQuestion = q.m_def->m_id;
        Track(s, "question/select/" + q.m_def->m_id);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##qbody", ImVec2(0, 0), true);
    if (run.m_detailShownFor != run.m_selectedQuestion) {
        ImGui::SetScrollY(0.0f);
        run.m_detailShownFor = run.m_selectedQuestion;
    }
    const QuestionState* qsp = sim.FindQuestion(run.m_selectedQuestion);
    if (qsp) {
        const QuestionState& q = *qsp;
        const Question& def = *q.m_def;
        QuestionDraft& d = run.m_drafts[def.m_id];
        FillDraft(d, q);
        size_t index = 0;
        for (size_t i = 0; i < qs.size(); ++i)
            if (&qs[i] == qsp) index = i;
        ImGui::TextDisabled("Question %zu of %zu · %s · %.3g point%s", index + 1, qs.size(), ToString(def.m_type),
                            def.m_points, def.m_points == 1.0 ? "" : "s");
        if (s.m_fonts.m_heading) ImGui::PushFont(s.m_fonts.m_heading);
        TextWrappedStr(def.m_prompt);
        if (s.m_fonts.m_heading) ImGui::PopFont();
        TextDim(TypeHint(def.m_type));
        ImGui::Spacing();
        const bool playing = run.m_phase == RunPhase::Playing;
        DrawQuestionWidget(s, d, q, playing);
        ImGui::Spacing();
        std::string why;
        std::vector<std::string> tokens = DraftTokens(d, q, why);
        const bool wasAnswered = q.m_answered;
        const char* submitLabel = wasAnswered ? "Change answer" : "Submit answer";
        if (ButtonIf(s, playing && why.empty(), submitLabel, playing ? why : "The attempt is over.", "question/submit")) {
            Action a;
            a.m_type = ActionType::Answer;
            a.m_target = def.m_id;
            a.m_tokens = tokens;
            if (ApplyRunAction(s, run, a) && index + 1 < qs.size() && !wasAnswered)
                run.m_selectedQuestion = qs[index + 1].m_def->m_id; // on to the next question
        }
        if (q.m_answered) {
            ImGui::SameLine();
            ImGui::TextColored(ColorOk(), "Answer saved. You may change it until you finish.");
        }
        // Hints with their cost shown up front.
        for (size_t i = 0; i < def.m_hints.size(); ++i) {
            const bool taken = std::find(q.m_hintsTaken.begin(), q.m_hintsTaken.end(), static_cast<int>(i)) != q.m_hintsTaken.end();
            if (taken) {
                ImGui::TextColored(ColorInfo(), "Hint %zu:", i + 1);
                ImGui::SameLine();
                TextWrappedStr(def.m_hints[i].m_text);
                continue;
            }
            char label[96];
            std::snprintf(label, sizeof label, "Take hint %zu (costs %.3g point%s)##qh%zu", i + 1, def.m_hints[i].m_cost,
                          def.m_hints[i].m_cost == 1.0 ? "" : "s", i);
            if (ButtonIf(s, playing, label, "The attempt is over.", "question/hint/" + std::to_string(i))) {
                Action a;
                a.m_type = ActionType::Hint;
                a.m_target = def.m_id;
                a.m_index = static_cast<int>(i);
                ApplyRunAction(s, run, a);
            }
        }
        if (run.m_demo) DrawQuestionAnswerKey(s, def);
        ImGui::Spacing();
        if (index > 0 && IconButton(s, "question/prev", Icon::Prev, "Previous question")) run.m_selectedQuestion = qs[index - 1].m_def->m_id;
        if (index > 0) ImGui::SameLine();
        if (index + 1 < qs.size() && IconButton(s, "question/next", Icon::Next, "Next question"))
            run.m_selectedQuestion = qs[index + 1].m_def->m_id;
    }
    ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] The run
//-----------------------------------------------------------------------------

void DrawScenarioRun(AppState& s, ScenarioRun& run) {
    DrawRunHeader(s, run);
    const Scenario& sc = *run.m_scenario;
    if (sc.m_kind == ScenarioKind::PlanReview) {
        DrawQuestions(s, run);
    } else {
        if (run.m_selectedTicket.empty())
            for (const TicketState& t : run.Sim().Tickets())
                if (t.m_status != TicketStatus::NotArrived) {
                    run.m_selectedTicket = t.m_def->m_id;
                    break;
                }
        // The two panes fill what is left, less the cell padding, so the page itself never scrolls.
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float paneHeight = std::max(100.0f, avail.y - 2.0f * ImGui::GetStyle().CellPadding.y - 1.0f);
        if (ImGui::BeginTable("##work", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV, avail)) {
            ImGui::TableSetupColumn("Queue", ImGuiTableColumnFlags_WidthStretch, 0.46f);
            ImGui::TableSetupColumn("Ticket", ImGuiTableColumnFlags_WidthStretch, 0.54f);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::BeginChild("##queuepane", ImVec2(0, paneHeight), false);
            DrawTicketQueue(s, run);
            ImGui::EndChild();
            ImGui::TableSetColumnIndex(1);
            ImGui::BeginChild("##detailpane", ImVec2(0, paneHeight), false);
            // Each ticket opens at its top, not at the scroll position of the one before.
            if (run.m_detailShownFor != run.m_selectedTicket) {
                ImGui::SetScrollY(0.0f);
                run.m_detailShownFor = run.m_selectedTicket;
            }
            DrawTicketDetail(s, run);
            ImGui::EndChild();
            ImGui::EndTable();
        }
    }
    DrawTicketDialogs(s, run);
}

} // namespace sl::ui
