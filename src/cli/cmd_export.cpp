// SupportLab CLI: `export --format csv|json|xapi --out FILE` writes stored results for other tools.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "scenario_io/loader.hpp"
#include "reports/export.hpp"
#include "reports/query.hpp"
#include "reports/signed_export.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

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
    "  --homepage URL    the base IRI for xAPI accounts and activity ids (default https://supportlab.invalid)\n"
    "  --sig FILE        where to write the signature (default: the output's name with .sig added;\n"
    "                    required to sign standard output)\n"
    "  --scenarios PATH  scenario files or a folder of them: xAPI names each scenario by its title\n"
    "                    from there (by its id without it, or for a scenario not found there)\n"
    "\n"
    "From an organisation server, a lead's export is signed: a signature file beside it names the\n"
    "server, its public key, and each exported attempt's event-chain head, under an Ed25519\n"
    "signature. `supportlab-cli verify FILE` checks it. A trainer's export, and any export from a\n"
    "database on one machine, is not signed.\n";

// Signs `text` for a lead on an organisation server: writes the signature file and says so. A
// store that is not a server, or a role that may not read the key, leaves the export unsigned with
// a note; a failure to read or write is an error (the export itself is already written).
int SignIfServer(Store& store, const ExportData& data, const std::string& out, const std::string& sigOption,
                 const std::string& text) {
    auto* pg = dynamic_cast<PgStore*>(&store);
    if (!pg) return kExitOk;
    const std::string sigPath = !sigOption.empty() ? sigOption : out == "-" ? "" : out + ".sig";
    if (sigPath.empty()) {
        std::fprintf(stderr, "supportlab-cli export: not signed: give --sig FILE to sign standard output\n");
        return kExitOk;
    }
    auto org = pg->Organisation();
    if (!org) {
        std::fprintf(stderr, "supportlab-cli export: %s\n", org.Error().m_message.c_str());
        return kExitInvalid;
    }
    if (!org.Value()) {
        std::fprintf(stderr, "supportlab-cli export: not signed: the server has no signing key yet (an administrator "
                             "makes it with `supportlab-cli server init`)\n");
        return kExitOk;
    }
    if (org.Value()->m_secretKey.empty()) {
        std::fprintf(stderr, "supportlab-cli export: not signed: only a lead may sign exports\n");
        return kExitOk;
    }
    std::vector<RowId> ids;
    for (const Attempt& a : data.m_attempts) ids.push_back(a.m_id);
    auto heads = pg->ChainHeads(ids);
    if (!heads) {
        std::fprintf(stderr, "supportlab-cli export: %s\n", heads.Error().m_message.c_str());
        return kExitInvalid;
    }
    std::vector<ExportedChain> chains;
    for (const PgChainHead& h : heads.Value()) chains.push_back(ExportedChain{h.m_uid, h.m_events, h.m_head});
    const OrganisationKey key{org.Value()->m_name, org.Value()->m_publicKey, org.Value()->m_secretKey};
    const std::string name = out == "-" ? "-" : out.substr(out.find_last_of('/') == std::string::npos ? 0 : out.find_last_of('/') + 1);
    const std::string sig = SignExport(name, text, key, SystemWallClockMs(), chains);
    if (const int rc = WriteCommandOutput(sigPath, sig, "export"); rc != kExitOk) return rc;
    std::fprintf(stderr, "signed by %s (key %s): %s\n", org.Value()->m_name.c_str(), KeyFingerprint(key.m_publicKey).c_str(),
                 sigPath.c_str());
    return kExitOk;
}

} // namespace

int RunExport(const Args& args) {
    std::string format, out, sig, scenarios, homePage = "https://supportlab.invalid";
    Selection sel;
    CommandLine line = StoreCommandLine("export", kExportHelp, "0 ok, 1 database or output problem, 2 usage.", &sel);
    line.Value("--format", &format).Value("--out", &out).Value("--homepage", &homePage).Value("--sig", &sig).Value("--scenarios", &scenarios);
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
    if (!scenarios.empty()) {
        for (const LoadedFile& f : LoadPaths({scenarios}))
            if (f.m_scenario) data.Value().m_scenarioTitles.emplace(f.m_scenario->m_id, f.m_scenario->m_title);
        if (data.Value().m_scenarioTitles.empty())
            std::fprintf(stderr, "supportlab-cli export: no valid scenario in %s: scenarios are named by their ids\n", scenarios.c_str());
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
    return SignIfServer(*opened.m_store, data.Value(), out, sig, text);
}

} // namespace sl::cli
