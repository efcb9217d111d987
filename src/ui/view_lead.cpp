// SupportLab UI: the lead's dashboard — cohort matrix, skills, item analysis, attempt replay, lab progress, exports.
#include "reports/query.hpp"
#include "ui/library.hpp"
#include "ui/lead_data.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

// [SECTION] Filters and export
// [SECTION] Cohort matrix
// [SECTION] Skills
// [SECTION] Item analysis
// [SECTION] Attempt replay
// [SECTION] Lab progress
// [SECTION] Lead view

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cfloat>
#include <ctime>
#include <filesystem>
#include <numeric>

namespace sl::ui {

namespace {

constexpr const char* kGradingNames[] = {"Highest attempt", "First attempt", "Last attempt", "Average of attempts"};

// "1h05m" from milliseconds (as "%lldh%02lldm", without printf: the matrix shows one per row).
std::string Minutes(WallTime ms) {
    const long long m = static_cast<long long>(ms / 60000);
    if (m < 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", m / 60, m % 60);
        return buf;
    }
    std::string out = std::to_string(m / 60);
    out += 'h';
    out += static_cast<char>('0' + (m % 60) / 10);
    out += static_cast<char>('0' + m % 10);
    out += 'm';
    return out;
}

// Ten bins of 10 percentage points (100 % goes in the last).
std::vector<float> Bins(const std::vector<double>& percents) {
    std::vector<float> bins(10, 0.0f);
    for (double p : percents) bins[static_cast<size_t>(std::clamp(static_cast<int>(p / 10.0), 0, 9))] += 1.0f;
    return bins;
}

//-----------------------------------------------------------------------------
// [SECTION] Filters and export
//-----------------------------------------------------------------------------

void DrawFilters(AppState& s) {
    LeadState& l = s.m_lead;
    const float scale = s.m_fonts.m_scale;
    ImGui::SetNextItemWidth(200 * scale);
    if (ImGui::BeginCombo("##cohort", l.m_cohort.empty() ? "Every cohort" : l.m_cohort.c_str())) {
        if (ImGui::Selectable("Every cohort", l.m_cohort.empty())) {
            l.m_cohort.clear();
            l.m_dirty = true;
        }
        Track(s, "lead/cohort/*");
        for (const std::string& c : l.m_data.m_cohorts) {
            if (ImGui::Selectable(c.c_str(), c == l.m_cohort)) {
                l.m_cohort = c;
                l.m_dirty = true;
            }
            Track(s, "lead/cohort/" + c);
        }
        ImGui::EndCombo();
    }
    Track(s, "lead/cohort");
    Tooltip("Cohort");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(220 * scale);
    std::string labLabel = "Every lab";
    for (const LabInfo& lab : l.m_data.m_labs)
        if (lab.m_labId == l.m_labId) labLabel = lab.m_title.empty() ? lab.m_labId : lab.m_title;
    if (ImGui::BeginCombo("##lab", labLabel.c_str())) {
        if (ImGui::Selectable("Every lab", l.m_labId.empty())) {
            l.m_labId.clear();
            l.m_dirty = true;
        }
        Track(s, "lead/lab/*");
        for (const LabInfo& lab : l.m_data.m_labs) {
            if (ImGui::Selectable((lab.m_title.empty() ? lab.m_labId : lab.m_title).c_str(), lab.m_labId == l.m_labId)) {
                l.m_labId = lab.m_labId;
                l.m_dirty = true;
            }
            Track(s, "lead/lab/" + lab.m_labId);
        }
        ImGui::EndCombo();
    }
    Track(s, "lead/lab");
    Tooltip("Lab");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(190 * scale);
    if (ImGui::BeginCombo("##grading", kGradingNames[std::clamp(l.m_grading, 0, 3)])) {
        for (int i = 0; i < 4; ++i) {
            if (ImGui::Selectable(kGradingNames[i], l.m_grading == i)) {
                l.m_grading = i;
                l.m_dirty = true;
            }
            Track(s, std::string("lead/grading/") + ToString(static_cast<Grading>(i)));
        }
        ImGui::EndCombo();
    }
    Track(s, "lead/grading");
    Tooltip("Which attempt grades a trainee at a scenario");
    ImGui::SameLine();
    if (ImGui::Checkbox("Sessions only", &l.m_inSessionsOnly)) l.m_dirty = true;
    Track(s, "lead/sessions-only");
    Tooltip("Grade only attempts made in a trainer's lab session: self-practice is left out");
    ImGui::SameLine();
    if (!l.m_labId.empty()) {
        ImGui::SetNextItemWidth(60 * scale);
        ImGui::InputFloat("##threshold", &l.m_threshold, 0.0f, 0.0f, "%.0f");
        Track(s, "lead/threshold");
        Tooltip("This lab's pass threshold, in percent");
        ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::TextUnformatted("%");
        ImGui::SameLine();
        if (Button(s, "Save pass mark", "lead/threshold/save")) {
            const std::string err = SaveThreshold(s, l.m_threshold);
            l.m_message = err.empty() ? "Pass threshold saved." : err;
        }
    } else if (l.m_data.m_matrix) {
        ImGui::TextDisabled("Pass marks: %s", l.m_data.m_matrix->m_thresholds.Describe().c_str());
        Tooltip("Choose a lab to change its pass threshold");
    }
    // The rest moves to the next line rather than past the window's edge (a 1152-pixel window).
    SameLineIfFits(ImGui::GetFrameHeight());
    if (IconButton(s, "lead/refresh", Icon::Reload, "Read the results again")) l.m_dirty = true;
    auto exportButton = [&](const char* label, ExportKind kind, const char* key) {
        if (Button(s, label, key)) {
            l.m_export = ExportPrompt{};
            l.m_export.m_request = true;
            l.m_export.m_kind = kind;
            l.m_export.m_path = DefaultExportPath(s, kind);
            l.m_export.m_homePage = l.m_xapiHomePage;
        }
    };
    SameLineIfFits(ButtonWidth("Export CSV..."));
    exportButton("Export CSV...", ExportKind::Csv, "lead/export/csv");
    SameLineIfFits(ButtonWidth("Export xAPI..."));
    exportButton("Export xAPI...", ExportKind::Xapi, "lead/export/xapi");
    SameLineIfFits(ButtonWidth("Export JSON..."));
    exportButton("Export JSON...", ExportKind::Json, "lead/export/json");
    if (!l.m_message.empty()) ImGui::TextWrapped("%s", l.m_message.c_str());
    if (!l.m_data.m_error.empty()) ImGui::TextColored(ColorBad(), "%s", l.m_data.m_error.c_str());
}

void DrawExportDialog(AppState& s) {
    LeadState& l = s.m_lead;
    ExportPrompt& e = l.m_export;
    if (e.m_request) {
        ImGui::OpenPopup("Export##dlg");
        e.m_request = false;
    }
    BeginDialogSize(620 * s.m_fonts.m_scale);
    if (!ImGui::BeginPopupModal("Export##dlg", nullptr, kDialogFlags)) return;
    const char* what = e.m_kind == ExportKind::Csv ? "CSV (RFC 4180, one row per attempt)"
                       : e.m_kind == ExportKind::Xapi ? "xAPI statements (JSON, one per finished attempt)"
                                                      : "JSON (trainees, attempts, items, dimensions)";
    ImGui::TextWrapped("Export %s for %s%s%s.", what, l.m_cohort.empty() ? "every cohort" : l.m_cohort.c_str(),
                       l.m_labId.empty() ? "" : ", lab ", l.m_labId.c_str());
    ImGui::TextUnformatted("Write to:");
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##exportpath", &e.m_path, ImGuiInputTextFlags_EnterReturnsTrue);
    Track(s, "export/path");
    std::error_code ec;
    const bool exists = std::filesystem::exists(e.m_path, ec) && !std::filesystem::is_directory(e.m_path, ec);
    if (exists) ImGui::TextColored(ColorWarn(), "This file exists and will be replaced.");
    if (e.m_kind == ExportKind::Xapi) {
        // The organisation's own IRI: every account's homePage and every activity id start with it.
        ImGui::TextUnformatted("Your organisation's home page (xAPI accounts and activity ids):");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##homepage", &e.m_homePage);
        Track(s, "export/homepage");
    }
    if (!e.m_error.empty()) ImGui::TextColored(ColorBad(), "%s", e.m_error.c_str());
    if (Button(s, "Export##confirm", "export/confirm") || enter) {
        e.m_error.clear();
        if (e.m_kind == ExportKind::Xapi) e.m_error = SaveXapiHomePage(s, e.m_homePage);
        if (e.m_error.empty()) e.m_error = ExportReport(s, e.m_kind, e.m_path, l.m_xapiHomePage);
        if (e.m_error.empty()) {
            l.m_message = "Exported to " + e.m_path + ".";
            Notify(s, MessageLevel::Info, l.m_message);
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::SameLine();
    if (Button(s, "Cancel##export", "export/cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

//-----------------------------------------------------------------------------
// [SECTION] Cohort matrix
//-----------------------------------------------------------------------------

void DrawMatrix(AppState& s) {
    const LeadState& l = s.m_lead;
    if (!l.m_data.m_matrix) return;
    const CohortMatrix& m = *l.m_data.m_matrix;
    if (m.m_rows.empty()) {
        TextDim("No trainees or attempts match the filters yet.");
        return;
    }
    std::vector<double> means;
    for (const MatrixRow& r : m.m_rows)
        if (r.m_meanPercent) means.push_back(*r.m_meanPercent);
    const int cols = 5 + static_cast<int>(m.m_scenarios.size());
    if (cols > 64) // ImGui tables have at most 64 columns
        TextDim("Too many scenarios for one table: choose a lab to narrow the matrix down.");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (cols <= 64 && ImGui::BeginTable("##matrix", cols, flags, ImVec2(0, ImGui::GetContentRegionAvail().y - 150 * s.m_fonts.m_scale))) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("Trainee");
        ImGui::TableSetupColumn("Cohort");
        // Scenario columns by title, as trainees know them; the id on hover.
        const std::vector<std::string>& titles = l.m_data.m_matrixTitles;
        for (size_t i = 0; i < m.m_scenarios.size(); ++i)
            ImGui::TableSetupColumn(i < titles.size() ? titles[i].c_str() : m.m_scenarios[i].c_str());
        ImGui::TableSetupColumn("Completed");
        ImGui::TableSetupColumn("Mean");
        ImGui::TableSetupColumn("Time on task");
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int c = 0; c < cols; ++c) {
            if (!ImGui::TableSetColumnIndex(c)) continue;
            ImGui::TableHeader(ImGui::TableGetColumnName(c));
            const int scenario = c - 2;
            if (scenario >= 0 && scenario < static_cast<int>(m.m_scenarios.size())) {
                Track(s, "matrix/column/", m.m_scenarios[static_cast<size_t>(scenario)]);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("Scenario id: %s", m.m_scenarios[static_cast<size_t>(scenario)].c_str());
            }
        }
        // Only the rows on screen are drawn: a cohort may have a thousand trainees.
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(m.m_rows.size()));
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const MatrixRow& r = m.m_rows[static_cast<size_t>(row)];
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(r.m_trainee.m_name.c_str());
                Track(s, "matrix/row/", r.m_trainee.m_name);
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(r.m_trainee.m_cohort.c_str());
                for (size_t c = 0; c < r.m_cells.size(); ++c) {
                    const MatrixCell& cell = r.m_cells[c];
                    ImGui::TableSetColumnIndex(2 + static_cast<int>(c));
                    if (cell.m_percent) {
                        const bool pass = cell.m_passed.value_or(false);
                        char text[32];
                        TextColor(pass ? ColorOk() : ColorBad(), PercentText(*cell.m_percent, text));
                        if (ImGui::IsItemHovered())
                            ImGui::SetTooltip("%s · %d of %d attempts finished · %s on task", pass ? "passed" : "below the pass mark",
                                              cell.m_finished, cell.m_started, Minutes(cell.m_timeOnTask).c_str());
                    } else if (cell.m_started > 0) {
                        TextColor(ColorWarn(), "in progress");
                    } else {
                        ImGui::TextDisabled("-");
                    }
                }
                ImGui::TableSetColumnIndex(cols - 3);
                ImGui::Text("%d / %zu", r.m_completed, m.m_scenarios.size());
                ImGui::TableSetColumnIndex(cols - 2);
                char mean[32];
                if (r.m_meanPercent) ImGui::TextUnformatted(PercentText(*r.m_meanPercent, mean));
                else ImGui::TextDisabled("-");
                ImGui::TableSetColumnIndex(cols - 1);
                ImGui::TextUnformatted(Minutes(r.m_timeOnTask).c_str());
            }
        }
        ImGui::EndTable();
    }
    const std::vector<float> bins = Bins(means);
    PlotBars("##meanbins", bins.data(), static_cast<int>(bins.size()), "trainees by mean score (0-10% ... 90-100%)", 0.0f, FLT_MAX, 110 * s.m_fonts.m_scale);
    Track(s, "matrix/histogram");
    ImGui::TextDisabled("Graded by %s · pass marks %s · %zu trainees", kGradingNames[static_cast<int>(m.m_grading)],
                        m.m_thresholds.Describe().c_str(), m.m_rows.size());
}

//-----------------------------------------------------------------------------
// [SECTION] Skills
//-----------------------------------------------------------------------------

void DrawSkills(AppState& s) {
    const LeadState& l = s.m_lead;
    if (!l.m_data.m_skills) return;
    const SkillsReport& r = *l.m_data.m_skills;
    const float scale = s.m_fonts.m_scale;
    Heading(s, "The cohort by skill");
    float values[kSkillDimensions.size()] = {};
    for (size_t i = 0; i < kSkillDimensions.size(); ++i) {
        const auto& p = r.m_total.m_percent[i];
        values[i] = p ? static_cast<float>(*p) : 0.0f;
        if (p) ScoreBar(DimensionLabel(kSkillDimensions[i]), *p, 100.0, 170 * scale);
        else {
            ImGui::TextUnformatted(DimensionLabel(kSkillDimensions[i]));
            ImGui::SameLine(170 * scale);
            ImGui::TextDisabled("no items");
        }
    }
    PlotBars("##skillbars", values, static_cast<int>(kSkillDimensions.size()), "knowledge · triage · troubleshooting · routing · SLA · policy (%)", 0.0f, 100.0f, 100 * scale);
    Track(s, "skills/histogram");
    if (r.m_total.m_slaAttainment)
        ImGui::Text("SLA attainment %.0f%% (%d of %d tickets)", *r.m_total.m_slaAttainment, r.m_total.m_slaMet, r.m_total.m_slaTickets);
    ImGui::Text("Hints used: %d, costing %.1f points", r.m_total.m_hintsUsed, r.m_total.m_hintCost);
    ImGui::Spacing();
    const int cols = 4 + static_cast<int>(kSkillDimensions.size());
    if (ImGui::BeginTable("##skills", cols, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY)) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("Trainee");
        for (Dimension d : kSkillDimensions) ImGui::TableSetupColumn(DimensionLabel(d));
        ImGui::TableSetupColumn("SLA met");
        ImGui::TableSetupColumn("Hints");
        ImGui::TableSetupColumn("Attempts");
        ImGui::TableHeadersRow();
        for (const SkillRow& row : r.m_rows) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(row.m_trainee.m_name.c_str());
            for (size_t i = 0; i < kSkillDimensions.size(); ++i) {
                ImGui::TableSetColumnIndex(1 + static_cast<int>(i));
                if (row.m_percent[i]) ImGui::Text("%.0f%%", *row.m_percent[i]);
                else ImGui::TextDisabled("-");
            }
            ImGui::TableSetColumnIndex(cols - 3);
            if (row.m_slaAttainment) ImGui::Text("%.0f%%", *row.m_slaAttainment);
            else ImGui::TextDisabled("-");
            ImGui::TableSetColumnIndex(cols - 2);
            ImGui::Text("%d (%.1f pt)", row.m_hintsUsed, row.m_hintCost);
            ImGui::TableSetColumnIndex(cols - 1);
            ImGui::Text("%d", row.m_attempts);
        }
        ImGui::EndTable();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Item analysis
//-----------------------------------------------------------------------------

void DrawItems(AppState& s) {
    LeadState& l = s.m_lead;
    if (!l.m_data.m_items) return;
    const ItemAnalysis& a = *l.m_data.m_items;
    ImGui::Checkbox("Only flagged items", &l.m_onlyFlagged);
    Track(s, "items/only-flagged");
    ImGui::SameLine();
    int flagged = 0;
    for (const ItemStat& it : a.m_items) flagged += (it.m_facilityFlag || it.m_discriminationFlag) ? 1 : 0;
    ImGui::TextDisabled("%zu items, %d flagged (facility outside %.0f-%.0f%%, or discrimination below %.2f), first attempts only",
                        a.m_items.size(), flagged, kFacilityLow, kFacilityHigh, kDiscriminationLow);
    if (a.m_items.empty()) {
        TextDim("No finished attempts match the filters yet.");
        return;
    }
    if (!l.m_itemsCaution.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextColor(ColorWarn(), l.m_itemsCaution.c_str());
        ImGui::PopTextWrapPos();
        Track(s, "items/caution");
    }
    std::vector<float> facility;
    for (const ItemStat& it : a.m_items) facility.push_back(static_cast<float>(it.m_facility));
    PlotBars("##facility", facility.data(), static_cast<int>(facility.size()), "facility of each item (%)", 0.0f, 100.0f, 80 * s.m_fonts.m_scale);
    if (ImGui::BeginTable("##items", 8, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        // The item's title takes the room the short columns leave, and wraps rather than being cut.
        ImGui::TableSetupColumn("Scenario", ImGuiTableColumnFlags_WidthStretch, 0.35f);
        ImGui::TableSetupColumn("Item", ImGuiTableColumnFlags_WidthStretch, 0.65f);
        ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Decision", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("n", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Facility", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Discrimination", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Flags", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (const ItemStat& it : a.m_items) {
            const bool flag = it.m_facilityFlag || it.m_discriminationFlag;
            if (l.m_onlyFlagged && !flag) continue;
            ImGui::TableNextRow();
            if (flag) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.85f, 0.30f, 0.25f, 0.25f)));
            ImGui::TableSetColumnIndex(0);
            TextWrappedStr(it.m_scenarioId);
            ImGui::TableSetColumnIndex(1);
            TextWrappedStr(it.m_title.empty() ? it.m_itemId : it.m_title);
            Track(s, "items/row/" + it.m_itemId + (it.m_dimension ? std::string("/") + ToString(*it.m_dimension) : std::string()));
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(it.m_kind == ItemKind::Question ? "question" : "ticket");
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(it.m_dimension ? DimensionLabel(*it.m_dimension) : "-");
            ImGui::TableSetColumnIndex(4);
            ImGui::Text("%d", it.m_n);
            ImGui::TableSetColumnIndex(5);
            ImGui::TextColored(it.m_facilityFlag ? ColorBad() : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%.0f%%", it.m_facility);
            ImGui::TableSetColumnIndex(6);
            if (it.m_discrimination)
                ImGui::TextColored(it.m_discriminationFlag ? ColorBad() : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%.2f", *it.m_discrimination);
            else
                ImGui::TextDisabled("n/a");
            ImGui::TableSetColumnIndex(7);
            std::string why;
            if (it.m_facilityFlag) why += it.m_facility < kFacilityLow ? "too hard" : "too easy";
            if (it.m_discriminationFlag) why += std::string(why.empty() ? "" : ", ") + "weak discrimination";
            if (flag) ImGui::TextColored(ColorBad(), "%s", why.c_str());
        }
        ImGui::EndTable();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Attempt replay
//-----------------------------------------------------------------------------

void DrawReplayState(const Simulation& sim) {
    if (!sim.Questions().empty() && ImGui::BeginTable("##rq", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("Question");
        ImGui::TableSetupColumn("Answer", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Hints");
        ImGui::TableHeadersRow();
        for (const QuestionState& q : sim.Questions()) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(q.m_def->m_id.c_str());
            ImGui::TableSetColumnIndex(1);
            std::string ans;
            for (const std::string& t : q.m_answer) ans += (ans.empty() ? "" : " ") + t;
            ImGui::TextUnformatted(q.m_answered ? ans.c_str() : "-");
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%zu", q.m_hintsTaken.size());
        }
        ImGui::EndTable();
    }
    if (!sim.Tickets().empty() && ImGui::BeginTable("##rt", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("Ticket");
        ImGui::TableSetupColumn("Status");
        ImGui::TableSetupColumn("Triage");
        ImGui::TableSetupColumn("Route", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Resolution");
        ImGui::TableHeadersRow();
        for (const TicketState& t : sim.Tickets()) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(t.m_def->m_id.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(ToString(t.m_status));
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%s %s %s", t.m_category.c_str(), t.m_impact.c_str(), t.m_urgency.c_str());
            ImGui::TableSetColumnIndex(3);
            std::string route;
            for (const RouteHop& h : t.m_route) route += (route.empty() ? "" : " > ") + h.m_destination + (h.m_returned ? " (returned)" : "");
            ImGui::TextUnformatted(route.c_str());
            ImGui::TableSetColumnIndex(4);
            ImGui::TextUnformatted(t.m_resolutionCode.c_str());
        }
        ImGui::EndTable();
    }
}

void DrawReplay(AppState& s) {
    LeadState& l = s.m_lead;
    ReplayState& r = l.m_replay;
    const float scale = s.m_fonts.m_scale;
    ImGui::BeginChild("##attempts", ImVec2(360 * scale, 0), true);
    ImGui::TextDisabled("Attempts (newest first)");
    for (auto it = l.m_data.m_attempts.rbegin(); it != l.m_data.m_attempts.rend(); ++it) {
        const Attempt& a = *it;
        const auto name = l.m_data.m_traineeNames.find(a.m_traineeId);
        char label[256];
        const std::string pct = a.m_score && a.m_max && *a.m_max > 0 ? std::to_string(static_cast<int>(100.0 * *a.m_score / *a.m_max + 0.5)) + "%"
                                                                      : std::string(a.m_finished ? "-" : "open");
        std::snprintf(label, sizeof label, "#%lld %s · %s · %s##att%lld", static_cast<long long>(a.m_id),
                      name == l.m_data.m_traineeNames.end() ? "?" : name->second.c_str(), a.m_scenarioId.c_str(), pct.c_str(),
                      static_cast<long long>(a.m_id));
        if (ImGui::Selectable(label, r.m_attempt == a.m_id)) SelectReplay(s, a.m_id);
        Track(s, "replay/attempt/" + std::to_string(a.m_id));
    }
    if (l.m_data.m_attempts.empty()) TextDim("No attempts match the filters.");
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##timeline", ImVec2(0, 0), false);
    if (!r.m_timeline) {
        TextDim(r.m_note.empty() ? "Choose an attempt to see its timeline and step through it." : r.m_note.c_str());
        ImGui::EndChild();
        return;
    }
    const Timeline& tl = *r.m_timeline;
    const int n = static_cast<int>(tl.m_entries.size());
    Heading(s, (tl.m_traineeName + " · " + tl.m_attempt.m_scenarioId).c_str());
    ImGui::TextDisabled("attempt #%lld · seed %llu · started %s · %s · pass mark %.0f%%", static_cast<long long>(tl.m_attempt.m_id),
                        static_cast<unsigned long long>(tl.m_attempt.m_seed), WallText(tl.m_attempt.m_startedWall).c_str(),
                        tl.m_attempt.m_finished ? "finished" : "unfinished", tl.m_passThreshold);
    if (!r.m_note.empty()) ImGui::TextColored(ColorWarn(), "%s", r.m_note.c_str());
    // The score after every action.
    std::vector<float> scores;
    if (tl.m_attempt.m_startScore) scores.push_back(static_cast<float>(*tl.m_attempt.m_startScore));
    for (const TimelineEntry& e : tl.m_entries)
        if (e.m_scoreAfter) scores.push_back(static_cast<float>(*e.m_scoreAfter));
    if (scores.size() > 1)
        PlotLine("##scoreline", scores.data(), static_cast<int>(scores.size()), "score after each action", 80 * scale);
    // Step through it.
    int step = r.m_step;
    if (IconButton(s, "replay/first", Icon::First, "Before the first action")) step = 0;
    ImGui::SameLine();
    if (IconButton(s, "replay/prev", Icon::Prev, "One action back", step > 0)) --step;
    ImGui::SameLine();
    if (IconButton(s, "replay/next", Icon::Next, "One action on", step < n)) ++step;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderInt("##step", &step, 0, n, "after %d actions");
    Track(s, "replay/step");
    if (step != r.m_step) ReplayTo(s, step);
    const float tableHeight = ImGui::GetContentRegionAvail().y * 0.5f;
    // With the scenario at hand each effect is taken apart (by dimension; the reasons on hover).
    const bool broken = n > 0 && tl.m_entries.front().m_breakdown.has_value();
    if (ImGui::BeginTable("##events", broken ? 6 : 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                          ImVec2(0, tableHeight))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#");
        ImGui::TableSetupColumn("Sim time");
        ImGui::TableSetupColumn("Action", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Score");
        ImGui::TableSetupColumn("Effect");
        if (broken) ImGui::TableSetupColumn("By dimension");
        ImGui::TableHeadersRow();
        for (int i = 0; i < n; ++i) {
            const TimelineEntry& e = tl.m_entries[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            if (i + 1 == r.m_step) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_Header));
            ImGui::TableSetColumnIndex(0);
            ImGui::Text("%lld", static_cast<long long>(e.m_seq + 1));
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(FormatClock(e.m_simTime).c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(e.m_action.c_str());
            ImGui::TableSetColumnIndex(3);
            if (e.m_scoreAfter) ImGui::Text("%.1f", *e.m_scoreAfter);
            ImGui::TableSetColumnIndex(4);
            if (e.m_effect && *e.m_effect != 0.0)
                ImGui::TextColored(*e.m_effect > 0 ? ColorOk() : ColorBad(), "%+.1f", *e.m_effect);
            if (broken && e.m_breakdown) {
                ImGui::TableSetColumnIndex(5);
                ImGui::TextUnformatted(FormatDimensionEffects(*e.m_breakdown).c_str());
                if (!e.m_breakdown->m_reasons.empty() && ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    for (const ReasonChange& rc : e.m_breakdown->m_reasons)
                        ImGui::TextColored(rc.m_points < 0 ? ColorBad() : ColorOk(), "%+.2f %s (%s): %s", rc.m_points,
                                           ToString(rc.m_dimension), rc.m_itemId.c_str(), rc.m_reason.c_str());
                    ImGui::EndTooltip();
                }
            }
        }
        ImGui::EndTable();
    }
    if (r.m_timeline && r.m_timeline->m_certainty) DrawCertainty(s, *r.m_timeline->m_certainty);
    if (r.m_sim) {
        ImGui::TextDisabled("State after %d of %d actions (simulated time %s)", r.m_step, n, FormatClock(r.m_sim->Now()).c_str());
        DrawReplayState(*r.m_sim);
        DrawRoomLog(s, *r.m_sim);
    }
    ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] Lab progress
//-----------------------------------------------------------------------------

// Reads the chosen lab's progress (its modules come from the library's lab file) for the cohort
// filter; a note says why there is none.
void RefreshLabProgress(AppState& s) {
    const LeadState& l = s.m_lead;
    LeadLabProgress& p = s.m_lead.m_labs;
    p = LeadLabProgress{};
    if (!s.m_store) {
        p.m_note = "No database is open.";
        return;
    }
    if (l.m_labId.empty()) {
        p.m_note = "Choose a lab above to see how far each trainee got through it.";
        return;
    }
    std::shared_ptr<const Lab> lab;
    if (const LibraryEntry* e = FindLabEntry(s.m_library, l.m_labId)) lab = e->m_lab;
    if (!lab) {
        p.m_note = "Lab '" + l.m_labId + "' is not in the scenario library (or its file has errors), so its modules are unknown.";
        return;
    }
    ReportQuery q;
    if (!l.m_cohort.empty()) q.m_cohort = l.m_cohort;
    auto r = QueryLabProgress(*s.m_store, q, *lab, 60.0 * l.m_fastUnderMinutes);
    if (!r) {
        p.m_note = r.Error().m_message;
        return;
    }
    p.m_report = std::move(r.Value());
}

enum LabColumn { kLabTrainee, kLabCohort, kLabModules, kLabCurrent, kLabTime, kLabStatus, kLabRuns, kLabFast, kLabColumns };
constexpr const char* kLabHeaderKeys[kLabColumns] = {"trainee", "cohort", "modules", "current", "time", "status", "runs", "fast"};

// Puts the rows in the table's sort order: by name, by progress (share of modules done) or by time
// in the lab; ties keep the report's order (by name). column -1: the report's order.
void SortLabRows(LeadLabProgress& p, int column, bool ascending) {
    const std::vector<LabProgressRow>& rows = p.m_report->m_rows;
    p.m_order.resize(rows.size());
    std::iota(p.m_order.begin(), p.m_order.end(), size_t{0});
    auto key = [&](size_t i) {
        const LabProgressRow& r = rows[i];
        if (column == kLabModules) return r.m_total > 0 ? static_cast<double>(r.m_done) / r.m_total : 0.0;
        return r.m_seconds;
    };
    auto less = [&](size_t a, size_t b) {
        if (column == kLabTrainee) return rows[a].m_trainee.m_name < rows[b].m_trainee.m_name;
        return key(a) < key(b);
    };
    if (column >= 0)
        std::stable_sort(p.m_order.begin(), p.m_order.end(),
                         [&](size_t a, size_t b) { return ascending ? less(a, b) : less(b, a); });
    p.m_sortColumn = column;
    p.m_sortAscending = ascending;
}

void DrawLabRow(AppState& s, const LabProgressRow& r) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(kLabTrainee);
    ImGui::TextUnformatted(r.m_trainee.m_name.c_str());
    Track(s, "labs/row/", r.m_trainee.m_name);
    ImGui::TableSetColumnIndex(kLabCohort);
    ImGui::TextUnformatted(r.m_trainee.m_cohort.c_str());
    ImGui::TableSetColumnIndex(kLabModules);
    char done[32];
    std::snprintf(done, sizeof done, "%d / %d", r.m_done, r.m_total);
    ImGui::ProgressBar(r.m_total > 0 ? static_cast<float>(r.m_done) / static_cast<float>(r.m_total) : 0.0f,
                       ImVec2(-FLT_MIN, 0), done);
    Track(s, "labs/bar/", r.m_trainee.m_name);
    ImGui::TableSetColumnIndex(kLabCurrent);
    if (r.m_currentModule.empty()) ImGui::TextDisabled("-");
    else ImGui::TextUnformatted((r.m_currentTitle.empty() ? r.m_currentModule : r.m_currentTitle).c_str());
    ImGui::TableSetColumnIndex(kLabTime);
    if (r.m_runs > 0) ImGui::TextUnformatted(HoursMinutes(r.m_seconds).c_str());
    else ImGui::TextDisabled("-");
    ImGui::TableSetColumnIndex(kLabStatus);
    if (r.m_runs == 0) ImGui::TextDisabled("not started");
    else if (r.m_finished) TextColor(ColorOk(), "finished");
    else TextColor(ColorWarn(), "in progress");
    ImGui::TableSetColumnIndex(kLabRuns);
    ImGui::Text("%d", r.m_runs);
    ImGui::TableSetColumnIndex(kLabFast);
    std::string fast;
    for (const std::string& m : r.m_fastModules) fast += (fast.empty() ? "" : ", ") + m;
    if (!fast.empty()) TextColor(ColorBad(), fast.c_str());
    Track(s, "labs/fast/", r.m_trainee.m_name);
}

void DrawLabProgress(AppState& s) {
    LeadLabProgress& p = s.m_lead.m_labs;
    if (!p.m_report) {
        TextDim(p.m_note.c_str());
        return;
    }
    const LabProgressReport& r = *p.m_report;
    Heading(s, (r.m_labTitle.empty() ? r.m_labId : r.m_labTitle).c_str());
    const std::string median = r.m_medianSeconds ? HoursMinutes(*r.m_medianSeconds) : "-";
    const std::string medianDone = r.m_medianFinishedSeconds ? HoursMinutes(*r.m_medianFinishedSeconds) : "-";
    ImGui::Text("%d of %zu trainees finished · %d started · median time in the lab %s (of those finished %s)",
                r.m_finished, r.m_rows.size(), r.m_started, median.c_str(), medianDone.c_str());
    Track(s, "labs/summary");
    ImGui::TextDisabled("Each trainee's newest run of the lab (%d modules); time is spent on the lab screen, lectures included (h:mm).",
                        r.m_modules);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Flag modules marked done in under");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80 * s.m_fonts.m_scale);
    if (ImGui::InputInt("##fastunder", &s.m_lead.m_fastUnderMinutes, 0, 0)) {
        s.m_lead.m_fastUnderMinutes = std::clamp(s.m_lead.m_fastUnderMinutes, 0, 600);
        s.m_lead.m_dirty = true; // the report is built again with the new threshold
    }
    Track(s, "labs/fastunder");
    ImGui::SameLine();
    ImGui::TextUnformatted(r.m_sessionThresholds ? "minutes (0: off), where the session's trainer set none" : "minutes (0: off)");
    if (r.m_sessionThresholds)
        ImGui::Text("%d trainee(s) marked a module done faster than their session's trainer allows (or the minutes above): "
                    "look at their work before trusting their marks.", r.m_flagged);
    else if (r.m_fastUnderSeconds > 0)
        ImGui::Text("%d trainee(s) marked a module done in under %d min: look at their work before trusting their marks.",
                    r.m_flagged, s.m_lead.m_fastUnderMinutes);
    if (r.m_rows.empty()) {
        TextDim("No trainee in the selection has started this lab yet.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable;
    if (!ImGui::BeginTable("##labprogress", kLabColumns, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const ImGuiTableColumnFlags fixed = ImGuiTableColumnFlags_WidthFixed;
    ImGui::TableSetupColumn("Trainee", ImGuiTableColumnFlags_DefaultSort | fixed, 0.0f, kLabTrainee);
    ImGui::TableSetupColumn("Cohort", ImGuiTableColumnFlags_NoSort | fixed, 0.0f, kLabCohort);
    ImGui::TableSetupColumn("Modules done", ImGuiTableColumnFlags_WidthStretch, 0.0f, kLabModules);
    ImGui::TableSetupColumn("Current module", ImGuiTableColumnFlags_NoSort | fixed, 0.0f, kLabCurrent);
    ImGui::TableSetupColumn("Time in lab", ImGuiTableColumnFlags_PreferSortDescending | fixed, 0.0f, kLabTime);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_NoSort | fixed, 0.0f, kLabStatus);
    ImGui::TableSetupColumn("Runs", ImGuiTableColumnFlags_NoSort | fixed, 0.0f, kLabRuns);
    ImGui::TableSetupColumn("Done too fast", ImGuiTableColumnFlags_NoSort | fixed, 0.0f, kLabFast);
    // Headers one by one, so each can be clicked by name in tests.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < kLabColumns; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::TableHeader(ImGui::TableGetColumnName(c));
        Track(s, "labs/sort/", kLabHeaderKeys[c]);
    }
    // The table keeps the user's sort; the rows follow it (sorted again only when it changes).
    int column = -1;
    bool ascending = true;
    if (const ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
        column = static_cast<int>(specs->Specs[0].ColumnUserID);
        ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
    }
    if (p.m_order.size() != r.m_rows.size() || column != p.m_sortColumn || ascending != p.m_sortAscending)
        SortLabRows(p, column, ascending);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(p.m_order.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) DrawLabRow(s, r.m_rows[p.m_order[static_cast<size_t>(i)]]);
    ImGui::EndTable();
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Lead view
//-----------------------------------------------------------------------------

void DrawLeadView(AppState& s) {
    LeadState& l = s.m_lead;
    if (l.m_dirty) {
        RefreshLead(s);
        RefreshLabProgress(s);
    }
    DrawFilters(s);
    if (ImGui::BeginTabBar("##leadtabs")) {
        struct Tab {
            const char* m_label;
            LeadTab m_tab;
            const char* m_key;
            void (*m_draw)(AppState&);
        };
        const Tab tabs[] = {{"Cohort matrix", LeadTab::Matrix, "lead/tab/matrix", DrawMatrix},
                            {"Skills", LeadTab::Skills, "lead/tab/skills", DrawSkills},
                            {"Item analysis", LeadTab::Items, "lead/tab/items", DrawItems},
                            {"Attempt replay", LeadTab::Replay, "lead/tab/replay", DrawReplay},
                            {"Lab progress", LeadTab::Labs, "lead/tab/labs", DrawLabProgress}};
        for (const Tab& tab : tabs) {
            const ImGuiTabItemFlags flags = (l.m_tabRequest && l.m_tab == tab.m_tab) ? ImGuiTabItemFlags_SetSelected : 0;
            const bool open = ImGui::BeginTabItem(tab.m_label, nullptr, flags);
            Track(s, tab.m_key);
            if (!open) continue;
            if (!l.m_tabRequest) l.m_tab = tab.m_tab;
            tab.m_draw(s);
            ImGui::EndTabItem();
        }
        l.m_tabRequest = false;
        ImGui::EndTabBar();
    }
    DrawExportDialog(s);
}

} // namespace sl::ui
