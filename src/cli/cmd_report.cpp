// SupportLab CLI: `report matrix|skills|items|timeline` prints the lead's reports from the database.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "reports/query.hpp"
#include "reports/render.hpp"

#include <cstdio>

namespace sl::cli {

namespace {

const char* kReportHelp =
    "usage: supportlab-cli report matrix|skills|items|timeline [options]\n"
    "\n"
    "Prints a lead's report from the database (formulas: docs/reports.md). Every report shows the\n"
    "pass threshold (per lab; 70% outside a lab).\n"
    "  matrix     trainee x scenario: graded percent, pass/fail, attempts, completion, time on task\n"
    "  skills     per trainee: triage, troubleshooting, routing, SLA, policy (and knowledge) percent,\n"
    "             SLA attainment, hints used and their cost\n"
    "  items      item analysis on first attempts: facility and discrimination per question and per\n"
    "             ticket decision, with flags\n"
    "  timeline   one attempt's actions with simulated time and each action's score effect\n"
    "\n"
    "  --format F        table (default), csv or json\n"
    "  --grading G       highest (default), first, last or average: which attempts grade (matrix, skills)\n"
    "  --attempt ID      the attempt to show (timeline; required there)\n"
    "  --out FILE        write to FILE instead of standard output\n";

} // namespace

int RunReport(const Args& args) {
    std::string kind, format = "table", gradingText = "highest", attemptText, out = "-";
    Selection sel;
    CommandLine line = StoreCommandLine("report", kReportHelp,
                                        "0 ok, 1 database problem or unknown trainee/attempt, 2 usage.", &sel);
    line.Value("--format", &format).Value("--grading", &gradingText).Value("--attempt", &attemptText).Value("--out", &out);
    line.Positional("report", &kind);
    if (const auto stop = line.Parse(args)) return *stop;

    if (kind.empty()) return line.Usage("which report? matrix, skills, items or timeline");
    if (kind != "matrix" && kind != "skills" && kind != "items" && kind != "timeline")
        return line.Usage("unknown report '" + kind + "' (matrix, skills, items or timeline)");
    if (format != "table" && format != "csv" && format != "json")
        return line.Usage("--format is table, csv or json, not '" + format + "'");
    const auto grading = GradingFromString(gradingText);
    if (!grading) return line.Usage("--grading is highest, first, last or average, not '" + gradingText + "'");
    std::optional<RowId> attemptId;
    if (!attemptText.empty()) {
        const auto id = ParseU64(attemptText);
        if (!id || *id > static_cast<std::uint64_t>(INT64_MAX)) return line.Usage("--attempt takes an attempt number, not '" + attemptText + "'");
        attemptId = static_cast<RowId>(*id);
    }
    if (kind == "timeline" && !attemptId) return line.Usage("the timeline needs --attempt ID");
    if (kind != "timeline" && attemptId) return line.Usage("--attempt is for the timeline only");

    OpenedSelection opened = OpenSelection(sel, "report");
    if (!opened.m_store) return kExitInvalid;
    Store& store = *opened.m_store;
    ReportQuery& query = opened.m_query;
    query.m_grading = *grading;

    std::optional<ReportTable> table;
    std::optional<StoreError> error;
    if (kind == "matrix") {
        auto r = QueryCohortMatrix(store, query);
        if (r) table = MatrixTable(r.Value()); else error = r.Error();
    } else if (kind == "skills") {
        auto r = QuerySkills(store, query);
        if (r) table = SkillsTable(r.Value()); else error = r.Error();
    } else if (kind == "items") {
        auto r = QueryItemAnalysis(store, query);
        if (r) table = ItemsTable(r.Value()); else error = r.Error();
    } else {
        auto r = QueryTimeline(store, *attemptId);
        if (r) table = TimelineTable(r.Value()); else error = r.Error();
    }
    if (error) {
        std::fprintf(stderr, "supportlab-cli report: %s\n", error->m_message.c_str());
        return kExitInvalid;
    }
    const std::string text = format == "csv" ? RenderCsv(*table) : format == "json" ? RenderJson(*table) : RenderText(*table);
    return WriteCommandOutput(out, text, "report");
}

} // namespace sl::cli
