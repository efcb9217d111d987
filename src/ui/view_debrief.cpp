// SupportLab UI: the debrief (score by skill, per item: given, expected, why, deductions) and answer keys.
#include "core/text.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace sl::ui {

namespace {

ImVec4 PercentColor(double pct) { return pct >= 70 ? ColorOk() : pct >= 40 ? ColorWarn() : ColorBad(); }

} // namespace

// Certainty-based marking: accuracy, CBM score and calibration, kept apart from the usual marks.
void DrawCertainty(AppState& s, const CertaintyReport& c) {
    Heading(s, "Certainty");
    ImGui::Text("Accuracy %.1f%%   ·   CBM score %.1f%% of the best", c.m_accuracy, c.m_cbmScore);
    Tooltip("Accuracy: share of the triage and routing points earned. CBM score: the certainty marks (right 1, 2, 3; "
            "wrong 0, -2, -6 at low, medium, high) as a share of all-right-at-high. Neither changes the total above.");
    Track(s, "debrief/certainty");
    if (!ImGui::BeginTable("##cbm", 5, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) return;
    for (const char* h : {"Certainty", "Decisions", "Right", "Best when right", "Calibration"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (int level = 3; level >= 0; --level) {
        const CertaintyLevel& l = c.m_levels[level];
        if (l.m_count == 0) continue;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(level ? CertaintyName(level) : "not decided");
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%d", l.m_count);
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%.0f%%", l.m_accuracy);
        ImGui::TableSetColumnIndex(3);
        ImGui::TextUnformatted(level ? CertaintyRange(level) : "");
        ImGui::TableSetColumnIndex(4);
        if (level) {
            const char* verdict = CalibrationOf(level, l.m_accuracy);
            ImGui::TextColored(verdict[0] == 'w' ? ColorOk() : ColorWarn(), "%s", verdict);
        }
    }
    ImGui::EndTable();
}


void DrawRoomLog(AppState& s, const Simulation& sim) {
    const std::vector<TicketLogEntry>& room = sim.RoomLog();
    if (room.empty()) return;
    Heading(s, "What happened in the room");
    TextDim("Injects (planned, fired by the trainer, or set off by a missed deadline), notices and changes to the teams, "
            "at the simulated time they happened.");
    for (const TicketLogEntry& e : room) {
        ImGui::TextDisabled("%s", FormatClock(e.m_at).c_str());
        ImGui::SameLine();
        TextWrappedStr(e.m_text);
    }
    Track(s, "debrief/room");
}

void DrawDebrief(AppState& s, const ScoreReport& report, const Scenario* scenario, const char* title, const Simulation* sim) {
    const float scale = s.m_fonts.m_scale;
    ImGui::PushID(title);
    Heading(s, (std::string("Debrief: ") + title).c_str());
    if (s.m_fonts.m_large) ImGui::PushFont(s.m_fonts.m_large);
    ImGui::TextColored(PercentColor(report.Percent()), "%s / %s  (%.0f%%)", FormatPoints(report.m_total).c_str(),
                       FormatPoints(report.m_max).c_str(), report.Percent());
    if (s.m_fonts.m_large) ImGui::PopFont();
    Track(s, "debrief/total");
    if (report.m_endTime > 0) ImGui::TextDisabled("Simulated time used: %s", FormatDuration(report.m_endTime).c_str());

    // Score by skill: labelled bars, then the same figures as one chart.
    Heading(s, "By skill");
    float values[kDimensionCount] = {};
    int count = 0;
    std::string legend;
    for (int d = 0; d < kDimensionCount; ++d) {
        const DimensionScore& ds = report.m_byDimension[d];
        if (ds.m_max <= 0) continue; // hints only deduct: reported below
        ScoreBar(DimensionLabel(ds.m_dimension), ds.m_score, ds.m_max, 170 * scale);
        values[count++] = ds.m_max > 0 ? static_cast<float>(100.0 * ds.m_score / ds.m_max) : 0.0f;
        legend += (legend.empty() ? "" : " · ") + std::to_string(count) + " " + DimensionLabel(ds.m_dimension);
    }
    // Hint costs have no maximum: they are only deductions.
    const DimensionScore& hints = report.m_byDimension[static_cast<int>(Dimension::Hints)];
    if (hints.m_score < 0)
        ImGui::TextColored(ColorWarn(), "Hints cost %s point%s.", FormatPoints(-hints.m_score).c_str(), hints.m_score == -1.0 ? "" : "s");
    // The chart compares skills; with one there is nothing to compare, and ImGui would draw its
    // single bar across the whole width (82% looked like a full bar). The labelled bar above says it.
    if (count > 1) {
        PlotBars("##skills", values, count, "skills, % of maximum", 0.0f, 100.0f, 90 * scale);
        Track(s, "debrief/skills-chart");
        ImGui::TextDisabled("%s", legend.c_str());
    }
    if (report.m_certainty) DrawCertainty(s, *report.m_certainty);
    if (sim) DrawRoomLog(s, *sim); // the room's events explain some of the items below

    // Every question and ticket.
    if (report.m_items.size() > 1) {
        std::vector<float> itemPct;
        for (const ItemScore& it : report.m_items) itemPct.push_back(it.m_max > 0 ? static_cast<float>(100.0 * it.m_score / it.m_max) : 0.0f);
        Heading(s, "By item");
        PlotBars("##items", itemPct.data(), static_cast<int>(itemPct.size()), "each item, % (hover for details)", 0.0f, 100.0f, 70 * scale);
    }
    for (size_t i = 0; i < report.m_items.size(); ++i) {
        const ItemScore& it = report.m_items[i];
        const double pct = it.m_max > 0 ? 100.0 * it.m_score / it.m_max : 0.0;
        char header[320];
        std::snprintf(header, sizeof header, "%s %s  —  %s / %s##item%zu", it.m_kind == ItemKind::Question ? "Question:" : "Ticket:",
                      it.m_title.c_str(), FormatPoints(it.m_score).c_str(), FormatPoints(it.m_max).c_str(), i);
        ImGui::PushStyleColor(ImGuiCol_Text, PercentColor(pct));
        const bool open = ImGui::CollapsingHeader(header, ImGuiTreeNodeFlags_DefaultOpen);
        ImGui::PopStyleColor();
        Track(s, "debrief/item/" + it.m_itemId);
        if (!open) continue;
        ImGui::Indent();
        if (scenario && it.m_kind == ItemKind::Question)
            if (const Question* q = scenario->FindQuestion(it.m_itemId)) TextDim(q->m_prompt.c_str());
        if (ImGui::BeginTable("##facts", 2, ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 120 * scale);
            ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
            const char* rows[][2] = {{"What you did", it.m_given.c_str()},
                                     {"Expected", it.m_expected.c_str()},
                                     {"Why", it.m_explanation.c_str()}};
            for (const auto& r : rows) {
                if (!r[1][0]) continue;
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextDisabled("%s", r[0]);
                ImGui::TableSetColumnIndex(1);
                ImGui::TextWrapped("%s", r[1]);
            }
            ImGui::EndTable();
        }
        for (const DimensionScore& ds : it.m_dimensions)
            if (ds.m_max > 0) ScoreBar(DimensionLabel(ds.m_dimension), ds.m_score, ds.m_max, 170 * scale);
        if (it.m_deductions.empty()) {
            ImGui::TextColored(ColorOk(), "No deductions.");
        } else {
            for (const Deduction& d : it.m_deductions) {
                if (d.m_points < 0.005) { // a fault found after the skill's points were all lost
                    ImGui::TextDisabled("0");
                    Tooltip("No points left to lose in this skill: the fault is listed, it costs nothing more.");
                } else {
                    ImGui::TextColored(ColorBad(), "-%s", FormatPoints(d.m_points).c_str()); // as charged: 0.25, 12.5
                }
                ImGui::SameLine(60 * scale);
                ImGui::TextDisabled("%s", DimensionLabel(d.m_dimension));
                ImGui::SameLine(190 * scale);
                ImGui::TextWrapped("%s", d.m_reason.c_str());
            }
        }
        ImGui::Unindent();
    }
    ImGui::PopID();
}

void DrawTicketAnswerKey(AppState& s, const Scenario& scenario, const Ticket& ticket) {
    ++s.m_hooks.m_answerKeyDraws;
    const SupportModel& m = scenario.m_model;
    const TicketAnswer& a = ticket.m_answer;
    ImGui::PushStyleColor(ImGuiCol_Border, ColorKey());
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.22f, 0.14f, 0.28f, 0.6f));
    ImGui::BeginGroup();
    ImGui::TextColored(ColorKey(), "Answer key");
    const Category* cat = m.FindCategory(a.m_category);
    const int prio = m.PriorityFor(a.m_impact, a.m_urgency);
    ImGui::Text("Category: %s · impact %s · urgency %s → %s", cat ? cat->m_name.c_str() : a.m_category.c_str(), a.m_impact.c_str(),
                a.m_urgency.c_str(), prio >= 0 ? m.m_severities[static_cast<size_t>(prio)].m_name.c_str() : "?");
    const std::string route = ExpectedRoute(scenario, ticket);
    if (route == "resolve") {
        std::string codes;
        for (const std::string& c : a.m_resolutionCodes) codes += (codes.empty() ? "" : ", ") + c;
        ImGui::Text("Route: resolve at the help desk (%s)", codes.c_str());
    } else {
        const Destination* d = m.FindDestination(route);
        ImGui::Text("Route: %s", d ? d->m_name.c_str() : route.c_str());
        if (const RequestSeverity* sev = d ? d->FindRequestSeverity(a.m_requestSeverity) : nullptr)
            ImGui::Text("Filed as: %s", sev->m_name.c_str());
    }
    if (!a.m_acceptableRoutes.empty()) {
        std::string acc;
        for (const std::string& r : a.m_acceptableRoutes) acc += (acc.empty() ? "" : ", ") + r;
        ImGui::Text("Acceptable (partial credit): %s", acc.c_str());
    }
    ImGui::Text("Elevation needed: %s", a.m_elevationNeeded ? "yes" : "no");
    if (!a.m_incident.empty()) ImGui::Text("Incident: %s", a.m_incident.c_str());
    for (const Step& st : ticket.m_steps) {
        if (st.m_kind == StepKind::Neutral) continue;
        ImGui::Bullet();
        if (st.m_kind == StepKind::Required)
            ImGui::TextWrapped("Required step: %s", st.m_text.c_str());
        else
            ImGui::TextWrapped("Harmful step: %s%s%s", st.m_text.c_str(), st.m_harmReason.empty() ? "" : " — ", st.m_harmReason.c_str());
    }
    if (!a.m_explanation.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ColorKey());
        TextWrappedStr(a.m_explanation);
        ImGui::PopStyleColor();
    }
    ImGui::EndGroup();
    ImGui::PopStyleColor(2);
}

void DrawQuestionAnswerKey(AppState& s, const Question& q) {
    ++s.m_hooks.m_answerKeyDraws;
    auto text = [&](const std::string& id) -> std::string {
        for (const Option& o : q.m_options)
            if (o.m_id == id) return o.m_text;
        return id;
    };
    ImGui::TextColored(ColorKey(), "Answer key");
    switch (q.m_type) {
    case QuestionType::Single:
    case QuestionType::Multiple:
        for (const std::string& id : q.m_answer) ImGui::BulletText("%s", text(id).c_str());
        break;
    case QuestionType::Ordering:
        for (size_t i = 0; i < q.m_answer.size(); ++i) ImGui::Text("%zu. %s", i + 1, text(q.m_answer[i]).c_str());
        break;
    case QuestionType::Matching:
        for (const MatchPair& p : q.m_pairs) ImGui::BulletText("%s → %s", p.m_left.c_str(), text(p.m_right).c_str());
        break;
    }
    if (!q.m_explanation.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ColorKey());
        TextWrappedStr(q.m_explanation);
        ImGui::PopStyleColor();
    }
}

} // namespace sl::ui
