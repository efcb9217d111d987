// SupportLab UI: the ticket detail panel — who and what, SLA clocks, facts, actions, triage, routing, hints.
#include "ui/run_control.hpp"
#include "ui/view_play_common.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string_view>

namespace sl::ui {

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

// Refills the triage form when another ticket is selected.
void SyncForm(ScenarioRun& run, const TicketState& t) {
    if (run.m_form.m_ticketId == t.m_def->m_id) return;
    const SupportModel& m = run.m_scenario->m_model;
    TicketForm f;
    f.m_ticketId = t.m_def->m_id;
    for (size_t i = 0; i < m.m_categories.size(); ++i)
        if (m.m_categories[i].m_id == t.m_category) f.m_category = static_cast<int>(i);
    // The trainee's triage so far, else what the intake form says (core's reading of an empty level).
    f.m_impact = m.ImpactIndex(!t.m_impact.empty() ? t.m_impact : m.IntakeImpact(t.m_def->m_reportedImpact));
    f.m_urgency = m.UrgencyIndex(!t.m_urgency.empty() ? t.m_urgency : m.IntakeUrgency(t.m_def->m_reportedUrgency));
    f.m_incident = t.m_incidentLabel;
    run.m_form = f;
}

// A button showing the simulated time its action costs; `make` builds the action, only on a click.
template <class MakeAction>
void ActionButtonRow(AppState& s, ScenarioRun& run, const std::string& label, SimTime cost, MakeAction&& make,
                     std::string_view key, std::string_view keySuffix, bool enabled, const std::string& why) {
    const std::string costText = CostText(cost);
    std::string text;
    text.reserve(label.size() + costText.size() + key.size() + keySuffix.size() + 8);
    text.append(label).append("  (").append(costText).append(")");
    // A label wider than the panel wraps (the cost stays on it) rather than being clipped.
    const float room = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().FramePadding.x * 2.0f;
    if (room > 0 && ImGui::CalcTextSize(text.c_str()).x > room) text = WrapToWidth(text, room);
    text.append("##").append(key).append(keySuffix);
    std::string trackKey;
    if (s.m_hooks.m_trackItems) trackKey.append(key).append(keySuffix);
    if (ButtonIf(s, enabled, text.c_str(), why, trackKey)) ApplyRunAction(s, run, make());
}

// `barAt`: where the bars start, past the longest label (so it holds at any font scale).
void DrawSlaBar(const char* label, float barAt, SlaState state, SimTime elapsed, SimTime target, bool done) {
    ImGui::TextUnformatted(label);
    ImGui::SameLine(barAt);
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

// What every part of the detail reads: the ticket, its scenario and whether it can be worked.
// Each part unpacks it in one line: const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
struct TicketView {
    const Scenario& m_sc;
    const Simulation& m_sim;
    const TicketState& m_t;
    const Ticket& m_def;
    const std::string& m_id;
    bool m_workable;
    std::string m_notWorkable; // why not, for the disabled buttons' tooltips
};

// The subject, then id, channel, arrival, status and priority.
void DrawTicketHeading(AppState& s, const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
    Heading(s, def.m_subject.c_str());
    ImGui::TextDisabled("%s · %s · arrived %s · %s", id.c_str(), def.m_channel.c_str(), FormatClock(t.m_arrives).c_str(),
                        StatusLabel(t.m_status));
    char priority[160];
    std::snprintf(priority, sizeof priority, "· priority %s%s", SeverityName(sc, ShownPriority(t)),
                  t.m_assignedPriority < 0 ? " (intake form)" : "");
    SameLineIfFits(ImGui::CalcTextSize(priority).x);
    ImGui::TextDisabled("%s", priority);
}

// Both SLA clocks of the severity the ticket runs under, and what stops them.
void DrawTicketSla(const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
    if (const Severity* sev = sim.SlaSeverity(t)) {
        const float barAt = std::max(ImGui::CalcTextSize("First response").x, ImGui::CalcTextSize("Resolution").x) +
                            ImGui::GetStyle().ItemSpacing.x * 2.0f;
        DrawSlaBar("First response", barAt, sim.FirstResponseSla(t), sim.FirstResponseElapsed(t), sev->m_firstResponse,
                   t.m_firstResponseAt.has_value());
        DrawSlaBar("Resolution", barAt, sim.ResolutionSla(t), sim.ResolutionElapsed(t), sev->m_resolution, t.m_doneAt.has_value());
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
}

// The user and device side by side, the message, who asks for elevation.
void DrawWhoAndWhat(const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
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
}

// What the trainee has learned so far: facts found, hints taken.
void DrawFactsAndHints(AppState& s, const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
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
}

// Acknowledge, set pending, ask, diagnose, troubleshoot: each button shows its time cost.
void DrawWorkActions(AppState& s, ScenarioRun& run, const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
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
}

// Category, impact and urgency; the priority follows from the model's matrix.
void DrawTriageForm(AppState& s, ScenarioRun& run, const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
    const ActionCosts& costs = sc.m_costs;
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
        // Each combo is as wide as its longest choice and moves to the next line when the panel is narrow.
        auto levelCombo = [&](const char* id, const char* what, const std::vector<std::string>& levels,
                              const std::map<std::string, std::string>& meanings, int& sel) {
            float widest = ImGui::CalcTextSize((std::string(what) + "...").c_str()).x;
            for (const std::string& l : levels) widest = std::max(widest, ImGui::CalcTextSize((std::string(what) + ": " + l).c_str()).x);
            const float width = widest + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
            SameLineIfFits(width);
            ImGui::SetNextItemWidth(width);
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
        levelCombo("##urgency", "urgency", m.m_urgencyLevels, m.m_urgencyDefinitions, f.m_urgency);
        Tooltip("How soon it must be fixed");
        const std::string impact = f.m_impact >= 0 && f.m_impact < static_cast<int>(m.m_impactLevels.size()) ? m.m_impactLevels[static_cast<size_t>(f.m_impact)] : "";
        const std::string urgency = f.m_urgency >= 0 && f.m_urgency < static_cast<int>(m.m_urgencyLevels.size()) ? m.m_urgencyLevels[static_cast<size_t>(f.m_urgency)] : "";
        const int prio = m.PriorityFor(impact, urgency);
        const std::string shown = std::string("= ") + SeverityName(sc, prio);
        SameLineIfFits(ImGui::CalcTextSize(shown.c_str()).x);
        ImGui::TextDisabled("%s", shown.c_str());
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
}

// Elevation, incident link, and the escalate and resolve dialogs' buttons.
void DrawRouteOrClose(AppState& s, ScenarioRun& run, const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
    const ActionCosts& costs = sc.m_costs;
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
            const std::string linked = "linked to " + t.m_incidentLabel;
            SameLineIfFits(ImGui::CalcTextSize(linked.c_str()).x);
            ImGui::TextDisabled("%s", linked.c_str());
        }
        const std::string escLabel = "Escalate or transfer...  (" + CostText(costs.m_escalate) + ")##esc";
        if (ButtonIf(s, workable, escLabel.c_str(), notWorkable, "ticket/escalate")) {
            run.m_escalate = EscalateDialog{};
            run.m_escalate.m_request = true;
        }
        const std::string resLabel = "Resolve...  (" + CostText(costs.m_resolve) + ")##res";
        SameLineIfFits(ButtonWidth(resLabel.c_str()));
        if (ButtonIf(s, workable, resLabel.c_str(), notWorkable, "ticket/resolve")) {
            run.m_resolve = ResolveDialog{};
            run.m_resolve.m_request = true;
        }
        ImGui::TreePop();
    }
}

// An assessed attempt: what the server has still to answer on this ticket (offline: once back).
void DrawServerWait(const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
    auto warn = [](const std::string& text) {
        ImGui::PushStyleColor(ImGuiCol_Text, ColorWarn());
        TextWrappedStr(text);
        ImGui::PopStyleColor();
    };
    if (t.m_routePending) warn("Escalated: waiting for the server to say whether the team keeps it. Work other tickets meanwhile.");
    if (!t.m_stepPending.empty()) {
        std::string step = t.m_stepPending;
        for (const Step& st : def.m_steps)
            if (st.m_id == t.m_stepPending) step = st.m_text;
        warn("Waiting for the server's result of \"" + step + "\". Work other tickets meanwhile.");
    }
}

// The daily or weekly meeting where every tier hears of trends and patterns (seed 000): a ticket
// may be shared from its arrival on, resolved or handed on too, once.
void DrawTrendShare(AppState& s, ScenarioRun& run, const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
    if (!t.m_sharedTrend.empty()) {
        ImGui::TextDisabled("Shared for the trend meeting:");
        ImGui::SameLine();
        TextWrappedStr(t.m_sharedTrend);
        return;
    }
    if (run.m_phase != RunPhase::Playing) return;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 360 * s.m_fonts.m_scale));
    ImGui::InputTextWithHint("##trend", "The pattern every tier should hear of", &run.m_form.m_trend);
    Track(s, "ticket/trend");
    Tooltip("Share a ticket at the daily or weekly meeting where all tiers hear of trends and patterns");
    const bool written = run.m_form.m_trend.find_first_not_of(" \t\r\n") != std::string::npos;
    ActionButtonRow(s, run, "Share for the trend meeting", sc.m_costs.m_share,
                    [&] {
                        Action a = TicketAction(ActionType::Share, id);
                        a.m_note = run.m_form.m_trend;
                        return a;
                    },
                    "ticket/share", "", written, "Write the pattern first: what every tier should hear of.");
}

// Where the ticket has been sent, and which came back.
void DrawRouteSoFar(const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
    if (!t.m_route.empty()) {
        ImGui::TextDisabled("Route so far");
        for (const RouteHop& h : t.m_route) {
            const Destination* d = sc.m_model.FindDestination(h.m_destination);
            ImGui::BulletText("%s  %s%s", FormatClock(h.m_at).c_str(), d ? d->m_name.c_str() : h.m_destination.c_str(),
                              h.m_returned ? "  (returned)" : "");
        }
    }
}

// The hints not taken yet, each with its cost on the button.
void DrawHintButtons(AppState& s, ScenarioRun& run, const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
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
}

// The ticket's history, newest last.
void DrawActivity(const TicketView& v) {
    const auto& [sc, sim, t, def, id, workable, notWorkable] = v;
    if (ImGui::CollapsingHeader("Activity", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const TicketLogEntry& e : t.m_log) {
            ImGui::TextDisabled("%s", FormatClock(e.m_at).c_str());
            ImGui::SameLine();
            TextWrappedStr(e.m_text);
        }
    }
}

} // namespace

void DrawTicketDetail(AppState& s, ScenarioRun& run) {
    const Simulation& sim = run.Sim();
    const TicketState* tp = sim.FindTicket(run.m_selectedTicket);
    if (!tp || tp->m_status == TicketStatus::NotArrived) {
        ImGui::Dummy(ImVec2(0, 20));
        TextDim("Select a ticket in the queue to work on it.");
        return;
    }
    const TicketState& t = *tp;
    run.m_seen.insert(t.m_def->m_id);
    SyncForm(run, t);
    const TicketView v{*run.m_scenario, sim, t, *t.m_def, t.m_def->m_id, IsWorkable(t) && run.m_phase == RunPhase::Playing,
                       t.m_status == TicketStatus::Resolved    ? "This ticket is resolved."
                       : t.m_status == TicketStatus::Escalated ? "This ticket is with another team."
                                                               : "The attempt is over."};
    DrawTicketHeading(s, v);
    DrawTicketSla(v);
    DrawWhoAndWhat(v);
    DrawFactsAndHints(s, v);
    if (run.m_demo) DrawTicketAnswerKey(s, v.m_sc, v.m_def);
    ImGui::Separator();
    DrawServerWait(v);
    DrawWorkActions(s, run, v);
    DrawTriageForm(s, run, v);
    DrawRouteOrClose(s, run, v);
    DrawTrendShare(s, run, v);
    DrawRouteSoFar(v);
    DrawHintButtons(s, run, v);
    DrawActivity(v);
}

} // namespace sl::ui
