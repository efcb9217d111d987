// SupportLab reports: report tables and their renderings as aligned text, CSV (RFC 4180) and JSON.
#pragma once

#include "core/text.hpp"
#include "reports/reports.hpp"

#include <string>
#include <vector>

namespace sl {

struct ReportCell {
    enum class Kind { Empty, Text, Number, Bool };
    Kind m_kind = Kind::Empty;
    std::string m_text; // Text: the text; Number: an optional display form for the text table
    double m_number = 0.0;
    int m_decimals = 1;
    bool m_bool = false;

    static ReportCell Empty() { return {}; }
    static ReportCell Text(std::string s) { return {Kind::Text, std::move(s), 0.0, 1, false}; }
    static ReportCell Number(double v, int decimals = 1) { return {Kind::Number, {}, v, decimals, false}; }
    static ReportCell Bool(bool b) { return {Kind::Bool, {}, 0.0, 1, b}; }
    static ReportCell Maybe(const std::optional<double>& v, int decimals = 1) { return v ? Number(*v, decimals) : Empty(); }
};

enum class ColumnUse { Both, TextOnly, DataOnly }; // text table, CSV/JSON, or all three

struct ReportColumn {
    std::string m_key;   // CSV header and JSON key (snake_case)
    std::string m_label; // text table header
    ColumnUse m_use = ColumnUse::Both;
};

struct ReportMeta {
    std::string m_key;
    std::string m_label;
    ReportCell m_value;
};

// A report as a table: every renderer shows the same rows; meta (e.g. the pass threshold) is shown
// above a text table, as trailing columns in CSV, and as an object in JSON.
struct ReportTable {
    std::string m_kind;  // matrix, skills, items, timeline, labs
    std::string m_title;
    std::vector<ReportMeta> m_meta;
    std::vector<ReportColumn> m_columns;
    std::vector<std::vector<ReportCell>> m_rows;
    std::vector<std::string> m_notes; // shown under a text table and in JSON
};

std::string RenderText(const ReportTable& t);
std::string RenderCsv(const ReportTable& t);
std::string RenderJson(const ReportTable& t);

ReportTable MatrixTable(const CohortMatrix& m);
ReportTable SkillsTable(const SkillsReport& r);
ReportTable ItemsTable(const ItemAnalysis& a);
ReportTable TimelineTable(const Timeline& t);
ReportTable LabProgressTable(const LabProgressReport& r);
ReportTable InjectsTable(const std::vector<InjectHandling>& rows, const std::string& title);
ReportTable RoomTimelineTable(const std::vector<RoomTimelineRow>& rows, const std::string& title);

// Building blocks shared with the exports.
std::string CsvField(const std::string& s);  // quoted when it holds a comma, quote, CR or LF
// JsonString and JsonNumber: core/text.hpp (the one JSON writer).
std::string FormatIsoTime(WallTime ms);       // 2024-05-01T09:30:00.000Z
std::string FormatIsoDuration(WallTime ms);   // PT1H5M30S

} // namespace sl
