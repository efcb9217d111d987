// SupportLab reports: rendering report tables as text, CSV and JSON, and building each report's table.

// [SECTION] Cell and value formatting
// [SECTION] Renderers
// [SECTION] Report tables

#include "reports/render.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sl {

//-----------------------------------------------------------------------------
// [SECTION] Cell and value formatting
//-----------------------------------------------------------------------------

namespace {

// A number as SupportLab writes one (-0.25, 12, 1e-05): a spreadsheet reads it as a value, never a formula.
bool IsPlainNumber(const std::string& s) {
    size_t i = s[0] == '-' ? 1 : 0;
    const size_t digitsFrom = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digitsFrom) return false;
    if (i < s.size() && s[i] == '.') {
        const size_t from = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == from) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        const size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == from) return false;
    }
    return i == s.size();
}

// OWASP CSV injection: a cell that a spreadsheet would read as a formula starts with one of these
// (after any spaces, which some spreadsheets skip).
bool LooksLikeFormula(const std::string& s) {
    const size_t first = s.find_first_not_of(' ');
    if (first == std::string::npos) return false;
    const char c = s[first];
    if (c == '\t' || c == '\r') return true;
    if (c != '=' && c != '+' && c != '-' && c != '@') return false;
    return !IsPlainNumber(s);
}

} // namespace

std::string CsvField(const std::string& s) {
    const bool formula = LooksLikeFormula(s);
    if (!formula && s.find_first_of(",\"\r\n") == std::string::npos) return s;
    // Neutralised as OWASP advises: a leading apostrophe makes the cell text, and the field is quoted.
    std::string out = formula ? "\"'" : "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

namespace {

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm; proleptic Gregorian).
void CivilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

} // namespace

std::string FormatIsoTime(WallTime ms) {
    const std::int64_t secs = FloorDiv(ms, 1000);
    const auto milli = static_cast<int>(ms - secs * 1000);
    const std::int64_t days = FloorDiv(secs, 86400);
    const auto sod = static_cast<int>(secs - days * 86400);
    std::int64_t y;
    unsigned m, d;
    CivilFromDays(days, y, m, d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d, sod / 3600,
                  sod / 60 % 60, sod % 60, milli);
    return buf;
}

std::string FormatIsoDuration(WallTime ms) {
    if (ms < 0) ms = 0;
    const std::int64_t s = ms / 1000;
    std::string out = "PT";
    if (s >= 3600) out += std::to_string(s / 3600) + "H";
    if (s % 3600 >= 60) out += std::to_string(s % 3600 / 60) + "M";
    if (s % 60 != 0 || s == 0) out += std::to_string(s % 60) + "S";
    return out;
}

namespace {

std::string Fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v == 0.0 ? 0.0 : v);
    return buf;
}

// Text for the text table and for CSV (empty cells differ: "-" in text, nothing in CSV).
std::string CellText(const ReportCell& c, bool forCsv) {
    switch (c.m_kind) {
    case ReportCell::Kind::Empty: return forCsv ? "" : "-";
    case ReportCell::Kind::Text: return c.m_text;
    case ReportCell::Kind::Number: return !forCsv && !c.m_text.empty() ? c.m_text : Fixed(c.m_number, c.m_decimals);
    case ReportCell::Kind::Bool: return c.m_bool ? "yes" : "no";
    }
    return "";
}

std::string CellJson(const ReportCell& c) {
    switch (c.m_kind) {
    case ReportCell::Kind::Empty: return "null";
    case ReportCell::Kind::Text: return JsonString(c.m_text);
    case ReportCell::Kind::Number: {
        // Report figures are rounded to 6 decimals so 0.2 does not read 0.19999999999999996.
        const double rounded = std::round(c.m_number * 1e6) / 1e6;
        return JsonNumber(std::isfinite(rounded) ? rounded : c.m_number);
    }
    case ReportCell::Kind::Bool: return c.m_bool ? "true" : "false";
    }
    return "null";
}

// Display width of UTF-8 text: code points (continuation bytes do not count).
size_t Width(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string Pad(const std::string& s, size_t width, bool right) {
    const size_t w = Width(s);
    if (w >= width) return s;
    const std::string fill(width - w, ' ');
    return right ? fill + s : s + fill;
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Renderers
//-----------------------------------------------------------------------------

std::string RenderText(const ReportTable& t) {
    // Names and titles can hold anything a trainee typed: control characters never reach the terminal.
    const auto CellText = [](const ReportCell& c, bool forCsv) { return TerminalSafe(sl::CellText(c, forCsv)); };
    std::string out = TerminalSafe(t.m_title) + "\n";
    for (const ReportMeta& m : t.m_meta) out += TerminalSafe(m.m_label) + ": " + CellText(m.m_value, false) + "\n";
    out += "\n";
    std::vector<size_t> cols;
    for (size_t i = 0; i < t.m_columns.size(); ++i)
        if (t.m_columns[i].m_use != ColumnUse::DataOnly) cols.push_back(i);
    std::vector<size_t> width(t.m_columns.size(), 0);
    std::vector<bool> numeric(t.m_columns.size(), true);
    for (size_t c : cols) width[c] = Width(TerminalSafe(t.m_columns[c].m_label));
    for (const auto& row : t.m_rows)
        for (size_t c : cols) {
            if (c >= row.size()) continue;
            width[c] = std::max(width[c], Width(CellText(row[c], false)));
            if (row[c].m_kind == ReportCell::Kind::Text) numeric[c] = false;
        }
    auto line = [&](auto cellOf) {
        std::string l;
        for (size_t k = 0; k < cols.size(); ++k) {
            const size_t c = cols[k];
            l += (k ? "  " : "") + Pad(cellOf(c), width[c], numeric[c]);
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        return l + "\n";
    };
    out += line([&](size_t c) { return TerminalSafe(t.m_columns[c].m_label); });
    std::string rule;
    for (size_t k = 0; k < cols.size(); ++k) rule += (k ? "  " : "") + std::string(width[cols[k]], '-');
    out += rule + "\n";
    for (const auto& row : t.m_rows)
        out += line([&](size_t c) { return c < row.size() ? CellText(row[c], false) : std::string("-"); });
    if (t.m_rows.empty()) out += "(no data)\n";
    if (!t.m_notes.empty()) out += "\n";
    for (const std::string& n : t.m_notes) out += TerminalSafe(n) + "\n";
    return out;
}

std::string RenderCsv(const ReportTable& t) {
    std::string out;
    bool first = true;
    auto field = [&](const std::string& s) {
        out += (first ? "" : ",") + CsvField(s);
        first = false;
    };
    for (const ReportColumn& c : t.m_columns)
        if (c.m_use != ColumnUse::TextOnly) field(c.m_key);
    for (const ReportMeta& m : t.m_meta) field(m.m_key);
    out += "\r\n";
    for (const auto& row : t.m_rows) {
        first = true;
        for (size_t c = 0; c < t.m_columns.size(); ++c)
            if (t.m_columns[c].m_use != ColumnUse::TextOnly) field(c < row.size() ? CellText(row[c], true) : "");
        for (const ReportMeta& m : t.m_meta) field(CellText(m.m_value, true));
        out += "\r\n";
    }
    return out;
}

std::string RenderJson(const ReportTable& t) {
    std::string out = "{\"report\": " + JsonString(t.m_kind) + ", \"title\": " + JsonString(t.m_title) + ",\n \"meta\": {";
    for (size_t i = 0; i < t.m_meta.size(); ++i)
        out += (i ? ", " : "") + JsonString(t.m_meta[i].m_key) + ": " + CellJson(t.m_meta[i].m_value);
    out += "},\n \"rows\": [";
    for (size_t r = 0; r < t.m_rows.size(); ++r) {
        out += r ? ",\n  {" : "\n  {";
        bool first = true;
        for (size_t c = 0; c < t.m_columns.size(); ++c) {
            if (t.m_columns[c].m_use == ColumnUse::TextOnly) continue;
            out += (first ? "" : ", ") + JsonString(t.m_columns[c].m_key) + ": " +
                   (c < t.m_rows[r].size() ? CellJson(t.m_rows[r][c]) : "null");
            first = false;
        }
        out += "}";
    }
    out += t.m_rows.empty() ? "],\n \"notes\": [" : "\n ],\n \"notes\": [";
    for (size_t i = 0; i < t.m_notes.size(); ++i) out += (i ? ", " : "") + JsonString(t.m_notes[i]);
    return out + "]}\n";
}

//-----------------------------------------------------------------------------
// [SECTION] Report tables
//-----------------------------------------------------------------------------

namespace {

using Cell = ReportCell;

// A table with its kind, title, pass threshold(s) and, for graded reports, the grading method.
ReportTable NewTable(const char* kind, const char* title, const PassThresholds& p, std::optional<Grading> grading) {
    ReportTable t;
    t.m_kind = kind;
    t.m_title = title;
    t.m_meta.push_back({"pass_threshold", "Pass threshold", Cell::Number(p.m_default, 1)});
    if (!p.m_byLab.empty()) t.m_meta.push_back({"pass_thresholds", "Pass thresholds by lab", Cell::Text(p.Describe())});
    if (grading) t.m_meta.push_back({"grading", "Grading", Cell::Text(ToString(*grading))});
    return t;
}

std::string Duration(WallTime ms) { return FormatDuration(ms / 1000); }

} // namespace

ReportTable MatrixTable(const CohortMatrix& m) {
    ReportTable t = NewTable("matrix", "Cohort matrix (trainee x scenario)", m.m_thresholds, m.m_grading);
    t.m_columns = {{"trainee", "Trainee", ColumnUse::Both}, {"cohort", "Cohort", ColumnUse::Both}};
    for (const std::string& s : m.m_scenarios) {
        t.m_columns.push_back({s, s, ColumnUse::TextOnly});
        t.m_columns.push_back({s + "_percent", "", ColumnUse::DataOnly});
        t.m_columns.push_back({s + "_passed", "", ColumnUse::DataOnly});
        t.m_columns.push_back({s + "_attempts", "", ColumnUse::DataOnly});
        t.m_columns.push_back({s + "_finished", "", ColumnUse::DataOnly});
        t.m_columns.push_back({s + "_time_on_task_s", "", ColumnUse::DataOnly});
    }
    t.m_columns.push_back({"completed", "Completed", ColumnUse::TextOnly});
    t.m_columns.push_back({"completed_scenarios", "", ColumnUse::DataOnly});
    t.m_columns.push_back({"scenarios", "", ColumnUse::DataOnly});
    t.m_columns.push_back({"time_on_task", "Time on task", ColumnUse::TextOnly});
    t.m_columns.push_back({"time_on_task_s", "", ColumnUse::DataOnly});
    t.m_columns.push_back({"mean_percent", "Mean %", ColumnUse::Both});
    for (const MatrixRow& r : m.m_rows) {
        std::vector<Cell> row = {Cell::Text(r.m_trainee.m_name), Cell::Text(r.m_trainee.m_cohort)};
        for (const MatrixCell& c : r.m_cells) {
            std::string text = "-";
            if (c.m_percent) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "%.1f%s x%d", *c.m_percent, *c.m_passed ? "" : " FAIL", c.m_started);
                text = buf;
            } else if (c.m_started > 0) {
                text = c.m_started > c.m_finished + c.m_abandoned ? "in progress" : "abandoned";
            }
            row.push_back(Cell::Text(text));
            row.push_back(Cell::Maybe(c.m_percent));
            row.push_back(c.m_passed ? Cell::Bool(*c.m_passed) : Cell::Empty());
            row.push_back(Cell::Number(c.m_started, 0));
            row.push_back(Cell::Number(c.m_finished, 0));
            row.push_back(Cell::Number(static_cast<double>(c.m_timeOnTask / 1000), 0));
        }
        row.push_back(Cell::Text(std::to_string(r.m_completed) + "/" + std::to_string(m.m_scenarios.size())));
        row.push_back(Cell::Number(r.m_completed, 0));
        row.push_back(Cell::Number(static_cast<double>(m.m_scenarios.size()), 0));
        row.push_back(Cell::Text(Duration(r.m_timeOnTask)));
        row.push_back(Cell::Number(static_cast<double>(r.m_timeOnTask / 1000), 0));
        row.push_back(Cell::Maybe(r.m_meanPercent));
        t.m_rows.push_back(std::move(row));
    }
    t.m_notes.push_back("Cells: graded percent, FAIL when below the pass threshold, xN attempts started; "
                        "'in progress' when none is finished, 'abandoned' when every one was given up.");
    return t;
}

ReportTable SkillsTable(const SkillsReport& r) {
    ReportTable t = NewTable("skills", "Skills", r.m_thresholds, r.m_grading);
    t.m_columns = {{"trainee", "Trainee", ColumnUse::Both}, {"cohort", "Cohort", ColumnUse::Both},
                   {"attempts", "Attempts", ColumnUse::Both}};
    for (Dimension d : kSkillDimensions) {
        const std::string name = ToString(d);
        t.m_columns.push_back({name + "_percent", name + " %", ColumnUse::Both});
    }
    t.m_columns.push_back({"sla_attainment_percent", "SLA met %", ColumnUse::Both});
    t.m_columns.push_back({"sla_met", "SLA met", ColumnUse::DataOnly});
    t.m_columns.push_back({"sla_tickets", "SLA tickets", ColumnUse::DataOnly});
    t.m_columns.push_back({"hints_used", "Hints", ColumnUse::Both});
    t.m_columns.push_back({"hint_cost", "Hint cost", ColumnUse::Both});
    auto add = [&](const SkillRow& s, const std::string& name) {
        std::vector<Cell> row = {Cell::Text(name), Cell::Text(s.m_trainee.m_cohort), Cell::Number(s.m_attempts, 0)};
        for (const auto& p : s.m_percent) row.push_back(Cell::Maybe(p));
        row.push_back(Cell::Maybe(s.m_slaAttainment));
        row.push_back(Cell::Number(s.m_slaMet, 0));
        row.push_back(Cell::Number(s.m_slaTickets, 0));
        row.push_back(Cell::Number(s.m_hintsUsed, 0));
        row.push_back(Cell::Number(s.m_hintCost, 1));
        t.m_rows.push_back(std::move(row));
    };
    for (const SkillRow& s : r.m_rows) add(s, s.m_trainee.m_name);
    add(r.m_total, "(all)");
    t.m_notes.push_back("Skill % = points earned / points available in that dimension over the graded attempts.");
    t.m_notes.push_back("SLA met % = tickets whose first-response and resolution targets were both met before "
                        "their 75% warning.");
    return t;
}

ReportTable ItemsTable(const ItemAnalysis& a) {
    ReportTable t = NewTable("items", "Item analysis (first attempts)", a.m_thresholds, std::nullopt);
    t.m_columns = {{"scenario", "Scenario", ColumnUse::Both},   {"item", "Item", ColumnUse::Both},
                   {"kind", "Kind", ColumnUse::Both},           {"decision", "Decision", ColumnUse::Both},
                   {"title", "Title", ColumnUse::DataOnly},     {"n", "N", ColumnUse::Both},
                   {"facility_percent", "Facility %", ColumnUse::Both},
                   {"discrimination", "Discrimination", ColumnUse::Both},
                   {"group_size", "Group", ColumnUse::Both},    {"flags", "Flags", ColumnUse::Both}};
    for (const ItemStat& s : a.m_items) {
        std::string flags;
        if (s.m_facilityFlag) flags = s.m_facility < kFacilityLow ? "hard" : "easy";
        if (s.m_discriminationFlag) flags += std::string(flags.empty() ? "" : ",") + "low-discrimination";
        t.m_rows.push_back({Cell::Text(s.m_scenarioId), Cell::Text(s.m_itemId),
                            Cell::Text(s.m_kind == ItemKind::Question ? "question" : "ticket"),
                            Cell::Text(s.m_dimension ? ToString(*s.m_dimension) : "-"), Cell::Text(s.m_title),
                            Cell::Number(s.m_n, 0), Cell::Number(s.m_facility, 1), Cell::Maybe(s.m_discrimination, 2),
                            Cell::Number(s.m_groupSize, 0), Cell::Text(flags)});
    }
    t.m_notes.push_back("Facility = mean share of the item's points earned. Discrimination = mean share in the upper "
                        "27% by total minus the lower 27%.");
    t.m_notes.push_back("Flags: facility outside 30-70% (hard/easy); discrimination below 0.25. See docs/reports.md.");
    if (std::string caution = FewAttemptsCaution(a); !caution.empty()) t.m_notes.push_back(std::move(caution));
    return t;
}

ReportTable TimelineTable(const Timeline& tl) {
    ReportTable t;
    t.m_kind = "timeline";
    const Attempt& a = tl.m_attempt;
    t.m_title = "Attempt " + std::to_string(a.m_id) + " timeline";
    t.m_meta.push_back({"pass_threshold", "Pass threshold", Cell::Number(tl.m_passThreshold, 1)});
    t.m_meta.push_back({"attempt", "Attempt", Cell::Number(static_cast<double>(a.m_id), 0)});
    t.m_meta.push_back({"trainee", "Trainee", Cell::Text(tl.m_traineeName)});
    t.m_meta.push_back({"scenario", "Scenario", Cell::Text(a.m_scenarioId)});
    t.m_meta.push_back({"status", "Status", Cell::Text(a.m_finished ? "finished" : a.m_abandonedWall ? "abandoned" : "in progress")});
    const auto percent = AttemptPercent(a);
    t.m_meta.push_back({"score", "Score", Cell::Maybe(a.m_score, 2)});
    t.m_meta.push_back({"max", "Maximum", Cell::Maybe(a.m_max, 2)});
    t.m_meta.push_back({"percent", "Percent", Cell::Maybe(percent)});
    t.m_meta.push_back({"passed", "Passed", percent ? Cell::Bool(*percent >= tl.m_passThreshold) : Cell::Empty()});
    t.m_meta.push_back({"start_score", "Score before the first action", Cell::Maybe(a.m_startScore, 2)});
    if (tl.m_certainty) {
        // Certainty-based marking, apart from the score: accuracy, CBM score, calibration per level.
        const CertaintyReport& c = *tl.m_certainty;
        t.m_meta.push_back({"accuracy", "Accuracy (triage and routing)", Cell::Number(c.m_accuracy, 1)});
        t.m_meta.push_back({"cbm_score", "CBM score (% of the best)", Cell::Number(c.m_cbmScore, 1)});
        for (int level = 3; level >= 1; --level) {
            const CertaintyLevel& l = c.m_levels[level];
            const std::string name = CertaintyName(level);
            if (l.m_count == 0) {
                t.m_meta.push_back({"certainty_" + name, "Certainty " + name, Cell::Text("not used")});
                continue;
            }
            char buf[160];
            std::snprintf(buf, sizeof buf, "%d decision(s), %.0f%% right (best %s): %s", l.m_count, l.m_accuracy,
                          CertaintyRange(level), CalibrationOf(level, l.m_accuracy));
            t.m_meta.push_back({"certainty_" + name, "Certainty " + name, Cell::Text(buf)});
        }
        t.m_meta.push_back({"undecided", "Decisions not made", Cell::Number(static_cast<double>(c.m_levels[0].m_count), 0)});
    }
    t.m_columns = {{"seq", "#", ColumnUse::Both},
                   {"sim_clock", "Sim time", ColumnUse::TextOnly},
                   {"sim_time_s", "", ColumnUse::DataOnly},
                   {"wall_time", "Wall time", ColumnUse::Both},
                   {"action", "Action", ColumnUse::Both},
                   {"score_after", "Score", ColumnUse::Both},
                   {"effect", "Effect", ColumnUse::Both}};
    bool broken = false;
    for (const TimelineEntry& e : tl.m_entries) broken = broken || e.m_breakdown.has_value();
    if (broken) {
        t.m_columns.push_back({"by_dimension", "By dimension", ColumnUse::Both});
        t.m_columns.push_back({"why", "Why", ColumnUse::Both});
    }
    // What happened to the room, beside the actions: before an action when it came earlier, after
    // it when at the same time (an instruction's own effect) or later.
    size_t room = 0;
    auto roomRowsBefore = [&](std::optional<SimTime> limit) {
        for (; room < tl.m_room.size() && (!limit || tl.m_room[room].m_at < *limit); ++room) {
            std::vector<Cell> row = {Cell::Empty(), Cell::Text(FormatClock(tl.m_room[room].m_at)),
                                     Cell::Number(static_cast<double>(tl.m_room[room].m_at), 0), Cell::Empty(),
                                     Cell::Text("[room] " + tl.m_room[room].m_text), Cell::Empty(), Cell::Empty()};
            if (broken) row.insert(row.end(), {Cell::Empty(), Cell::Empty()});
            t.m_rows.push_back(std::move(row));
        }
    };
    for (const TimelineEntry& e : tl.m_entries) {
        roomRowsBefore(e.m_simTime);
        Cell effect = Cell::Maybe(e.m_effect, 2);
        if (e.m_effect) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%+.2f", *e.m_effect == 0.0 ? 0.0 : *e.m_effect);
            effect.m_text = buf; // the text table shows the sign; CSV/JSON use the number
        }
        std::vector<Cell> row = {Cell::Number(static_cast<double>(e.m_seq), 0), Cell::Text(FormatClock(e.m_simTime)),
                                 Cell::Number(static_cast<double>(e.m_simTime), 0), Cell::Text(FormatIsoTime(e.m_wallTime)),
                                 Cell::Text(e.m_action), Cell::Maybe(e.m_scoreAfter, 2), effect};
        if (broken) {
            row.push_back(e.m_breakdown ? Cell::Text(FormatDimensionEffects(*e.m_breakdown)) : Cell::Empty());
            row.push_back(e.m_breakdown ? Cell::Text(FormatReasonChanges(*e.m_breakdown)) : Cell::Empty());
        }
        t.m_rows.push_back(std::move(row));
    }
    roomRowsBefore(std::nullopt);
    t.m_notes.push_back("Effect = change of the attempt's total score caused by the action (re-scored after every "
                        "action; '-' where no running score is stored: run 'rescore').");
    if (!tl.m_room.empty())
        t.m_notes.push_back("[room] rows: what happened to the whole room in this run (injects fired, broadcasts, "
                            "destination changes); they are not actions and have no number.");
    if (broken)
        t.m_notes.push_back("By dimension and Why take the effect apart: each dimension's change, and each deduction the "
                            "action made (negative) or took away (positive, 'no longer: ...').");
    return t;
}

ReportTable InjectsTable(const std::vector<InjectHandling>& rows, const std::string& title) {
    ReportTable t;
    t.m_kind = "injects";
    t.m_title = title;
    t.m_columns = {{"inject", "Inject", ColumnUse::Both},
                   {"kind", "Kind", ColumnUse::Both},
                   {"trainee", "Trainee", ColumnUse::Both},
                   {"attempt", "Attempt", ColumnUse::Both},
                   {"fired_clock", "Fired", ColumnUse::TextOnly},
                   {"fired_s", "", ColumnUse::DataOnly},
                   {"how", "How", ColumnUse::Both},
                   {"late_s", "Late (s)", ColumnUse::Both},
                   {"tickets", "Tickets", ColumnUse::Both},
                   {"arrived", "Arrived", ColumnUse::Both},
                   {"done", "Done", ColumnUse::Both},
                   {"breached", "Breached", ColumnUse::Both},
                   {"first_response_clock", "First response (median)", ColumnUse::TextOnly},
                   {"first_response_s", "", ColumnUse::DataOnly},
                   {"percent", "Score on them", ColumnUse::Both}};
    for (const InjectHandling& h : rows) {
        const std::optional<double> fired = h.m_firedAt ? std::optional<double>(static_cast<double>(*h.m_firedAt)) : std::nullopt;
        const std::optional<double> first =
            h.m_medianFirstResponse ? std::optional<double>(static_cast<double>(*h.m_medianFirstResponse)) : std::nullopt;
        t.m_rows.push_back({Cell::Text(h.m_title.empty() ? h.m_injectId : h.m_injectId + " (" + h.m_title + ")"), Cell::Text(h.m_kind),
                            Cell::Text(h.m_trainee), Cell::Number(static_cast<double>(h.m_attemptId), 0),
                            h.m_firedAt ? Cell::Text(FormatClock(*h.m_firedAt)) : Cell::Text("-"), Cell::Maybe(fired, 0),
                            Cell::Text(h.m_how), Cell::Number(static_cast<double>(h.m_late), 0),
                            Cell::Number(h.m_tickets, 0), Cell::Number(h.m_arrived, 0), Cell::Number(h.m_done, 0),
                            Cell::Number(h.m_breached, 0),
                            h.m_medianFirstResponse ? Cell::Text(FormatDuration(*h.m_medianFirstResponse)) : Cell::Empty(),
                            Cell::Maybe(first, 0), Cell::Maybe(h.m_percent)});
    }
    t.m_notes.push_back("One row per inject and trainee, from her newest attempt in the session replayed. Fired: her simulated "
                        "time; Late: how long after the trainer's chosen time her run got the instruction. Tickets: those the "
                        "inject brings; Score on them: her points on those tickets as a share of their maximum.");
    t.m_notes.push_back("A contingency that did not fire means the expected action came in time (or the inject that starts "
                        "its clock never fired).");
    return t;
}

ReportTable RoomTimelineTable(const std::vector<RoomTimelineRow>& rows, const std::string& title) {
    ReportTable t;
    t.m_kind = "room";
    t.m_title = title;
    t.m_columns = {{"wall_time", "Wall time", ColumnUse::Both},
                   {"who", "Who", ColumnUse::Both},
                   {"scenario", "Scenario", ColumnUse::Both},
                   {"sim_clock", "Her sim time", ColumnUse::TextOnly},
                   {"sim_time_s", "", ColumnUse::DataOnly},
                   {"what", "What", ColumnUse::Both}};
    for (const RoomTimelineRow& r : rows) {
        const std::optional<double> sim = r.m_simTime ? std::optional<double>(static_cast<double>(*r.m_simTime)) : std::nullopt;
        t.m_rows.push_back({Cell::Text(FormatIsoTime(r.m_wall)), Cell::Text(r.m_who), Cell::Text(r.m_scenarioId),
                            r.m_simTime ? Cell::Text(FormatClock(*r.m_simTime)) : Cell::Empty(), Cell::Maybe(sim, 0),
                            Cell::Text(r.m_what)});
    }
    t.m_notes.push_back("Every trainee's actions and the room's instructions, by wall time. An instruction takes effect in each "
                        "run when her machine adds it (an 'inject' line of hers); what it then did in her run is in her "
                        "timeline's [room] rows (report timeline --scenarios).");
    return t;
}

ReportTable LabProgressTable(const LabProgressReport& r) {
    ReportTable t;
    t.m_kind = "labs";
    t.m_title = "Lab progress: " + (r.m_labTitle.empty() ? r.m_labId : r.m_labTitle + " (" + r.m_labId + ")");
    // Times: h:mm in the text table, whole seconds in CSV and JSON.
    auto time = [](const std::optional<double>& seconds) {
        if (!seconds) return Cell::Empty();
        Cell c = Cell::Number(std::round(*seconds), 0);
        c.m_text = HoursMinutes(*seconds);
        return c;
    };
    t.m_meta.push_back({"lab", "Lab", Cell::Text(r.m_labId)});
    t.m_meta.push_back({"modules", "Modules", Cell::Number(r.m_modules, 0)});
    t.m_meta.push_back({"trainees", "Trainees", Cell::Number(static_cast<double>(r.m_rows.size()), 0)});
    t.m_meta.push_back({"started", "Started", Cell::Number(r.m_started, 0)});
    t.m_meta.push_back({"finished", "Finished", Cell::Number(r.m_finished, 0)});
    t.m_meta.push_back({"median_time_s", "Median time in the lab (h:mm)", time(r.m_medianSeconds)});
    t.m_meta.push_back({"median_finished_time_s", "Median time of those finished (h:mm)", time(r.m_medianFinishedSeconds)});
    const bool flagging = r.m_fastUnderSeconds > 0 || r.m_sessionThresholds;
    if (flagging) {
        t.m_meta.push_back({"fast_under_s", "Flagging modules done in under (h:mm)",
                            r.m_fastUnderSeconds > 0 ? time(r.m_fastUnderSeconds) : Cell::Empty()});
        if (r.m_sessionThresholds)
            t.m_meta.push_back({"session_thresholds", "Sessions with their trainer's own threshold", Cell::Text("used for their trainees")});
        t.m_meta.push_back({"flagged", "Trainees flagged", Cell::Number(r.m_flagged, 0)});
    }
    t.m_columns = {{"trainee", "Trainee", ColumnUse::Both},
                   {"cohort", "Cohort", ColumnUse::Both},
                   {"modules", "Modules", ColumnUse::TextOnly},
                   {"modules_done", "", ColumnUse::DataOnly},
                   {"modules_total", "", ColumnUse::DataOnly},
                   {"current_module", "Current module", ColumnUse::Both},
                   {"time_in_lab_s", "Time (h:mm)", ColumnUse::Both},
                   {"status", "Status", ColumnUse::Both},
                   {"finished", "", ColumnUse::DataOnly},
                   {"runs", "Runs", ColumnUse::Both},
                   {"run", "", ColumnUse::DataOnly},
                   {"session", "", ColumnUse::DataOnly},
                   {"started", "", ColumnUse::DataOnly}};
    for (const LabProgressRow& row : r.m_rows) {
        const bool started = row.m_runs > 0;
        const char* status = !started ? "not started" : row.m_finished ? "finished" : "in progress";
        Cell current = Cell::Text(row.m_currentModule);
        if (row.m_currentModule.empty()) current = Cell::Empty();
        std::string fast;
        for (const std::string& m : row.m_fastModules) fast += (fast.empty() ? "" : " ") + m;
        t.m_rows.push_back({Cell::Text(row.m_trainee.m_name), Cell::Text(row.m_trainee.m_cohort),
                            Cell::Text(std::to_string(row.m_done) + "/" + std::to_string(row.m_total)),
                            Cell::Number(row.m_done, 0), Cell::Number(row.m_total, 0), current,
                            started ? time(row.m_seconds) : Cell::Empty(), Cell::Text(status),
                            Cell::Bool(row.m_finished), Cell::Number(row.m_runs, 0),
                            started ? Cell::Number(static_cast<double>(row.m_runId), 0) : Cell::Empty(),
                            row.m_sessionId ? Cell::Number(static_cast<double>(*row.m_sessionId), 0) : Cell::Empty(),
                            started ? Cell::Text(FormatIsoTime(row.m_startedWall)) : Cell::Empty()});
        // With a threshold only, so the columns of the report without one stay as they were.
        if (flagging) t.m_rows.back().push_back(fast.empty() ? Cell::Empty() : Cell::Text(fast));
    }
    if (flagging) t.m_columns.push_back({"fast_modules", "Done too fast", ColumnUse::Both});
    t.m_notes.push_back("Each trainee's newest run of the lab. Modules = modules done / modules in the lab; the current "
                        "module is the first not done. Time = seconds on the lab screen (lectures too), h:mm. Done too fast = "
                        "modules marked done in less than the threshold: the one its session's trainer set, else the one "
                        "given (--fast-under), to look at.");
    return t;
}

} // namespace sl
