// SupportLab CLI: `export --format csv|json|xapi --out FILE` writes stored results for other tools.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "reports/export.hpp"
#include "reports/query.hpp"

#include <cstdio>

namespace sl::cli {

namespace {

const char* kExportHelp =
    "usage: supportlab-cli export --format csv|json|xapi --out FILE [options]\n"
    "\n"
    "Writes the stored attempts and their scores:\n"
    "  csv    one row per attempt (RFC 4180, CRLF line ends; opens cleanly in a spreadsheet)\n"
    "  json   trainees, and attempts with their items and per-dimension scores\n"
    "  xapi   a JSON array of xAPI statements (actor, verb passed/failed, object, result with a\n"
    "         scaled score), one per finished attempt, for a learning record store\n"
    "\n"
    "  --format F        csv, json or xapi (required)\n"
    "  --out FILE        where to write (required; '-' for standard output). The file is written\n"
    "                    whole or not at all.\n"
    "  --homepage URL    the base IRI for xAPI accounts and activity ids (default https://supportlab.invalid)\n";

} // namespace

int RunExport(const Args& args) {
    std::string format, out, homePage = "https://supportlab.invalid";
    Selection sel;
    CommandLine line = StoreCommandLine("export", kExportHelp, "0 ok, 1 database or output problem, 2 usage.", &sel);
    line.Value("--format", &format).Value("--out", &out).Value("--homepage", &homePage);
    if (const auto stop = line.Parse(args)) return *stop;

    if (format.empty()) return line.Usage("--format is required (csv, json or xapi)");
    if (format != "csv" && format != "json" && format != "xapi")
        return line.Usage("--format is csv, json or xapi, not '" + format + "'");
    if (out.empty()) return line.Usage("--out FILE is required ('-' for standard output)");
    if (const auto problem = HomePageProblem(homePage)) return line.Usage("--homepage: " + *problem);

    OpenedSelection opened = OpenSelection(sel, "export");
    if (!opened.m_store) return kExitInvalid;
    auto data = QueryExport(*opened.m_store, opened.m_query);
    if (!data) {
        std::fprintf(stderr, "supportlab-cli export: %s\n", data.Error().m_message.c_str());
        return kExitInvalid;
    }
    std::string text;
    try {
        text = format == "csv" ? ExportCsv(data.Value())
               : format == "json" ? ExportJson(data.Value())
                                  : ExportXapi(data.Value(), homePage);
    } catch (const ExportError& e) {
        std::fprintf(stderr, "supportlab-cli export: %s\n", e.what());
        return kExitInvalid;
    }
    if (const int rc = WriteCommandOutput(out, text, "export"); rc != kExitOk) return rc;
    if (out != "-")
        std::fprintf(stderr, "exported %zu attempt(s) as %s to %s\n", data->m_attempts.size(), format.c_str(), out.c_str());
    return kExitOk;
}

} // namespace sl::cli
