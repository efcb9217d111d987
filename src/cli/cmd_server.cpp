// SupportLab CLI: `server init` and `server add-user` set up an organisation's PostgreSQL server;
// `server sessions` and `server release` let a trainer release a lab session's results;
// `server verify` checks every attempt's event hash chain.
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "store/pg_admin.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"
#include "core/text.hpp"
#include "reports/render.hpp"
#include "reports/signed_export.hpp"
#include "scenario_io/loader.hpp"
#include "scenario_io/publish.hpp"
#include "store/attempt_recorder.hpp"

#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <map>
#include <thread>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

namespace sl::cli {

namespace {

const char* kServerHelp =
    "usage: supportlab-cli server init [--name ORGANISATION] --db URI\n"
    "       supportlab-cli server add-user NAME --role trainee|trainer|lead [--cohort C] --db URI\n"
    "       supportlab-cli server sessions --db URI\n"
    "       supportlab-cli server release SESSION [--withdraw] --db URI\n"
    "       supportlab-cli server verify --db URI\n"
    "       supportlab-cli server key --db URI\n"
    "       supportlab-cli server publish PATH --db URI\n"
    "       supportlab-cli server new-session LAB [--cohort C] --db URI\n"
    "       supportlab-cli server session SESSION [--practice | --assessment] [--attempts N] [--assess IDS]\n"
    "                                     [--paced | --free] [--open-modules N] [--close | --reopen]\n"
    "                                     [--fast-under D] --db URI\n"
    "       supportlab-cli server score [--watch] --db URI\n"
    "\n"
    "Sets up an organisation's PostgreSQL server, and releases results. For init and add-user,\n"
    "connect as an administrator role that owns the database and has CREATEROLE; for sessions and\n"
    "release and publish, as a trainer or lead; for verify and score, as a lead; for key, as anyone. URI is a postgresql:// URI or a libpq connection string; keep\n"
    "the password in ~/.pgpass or PGPASSWORD, never on the command line.\n"
    "\n"
    "  init       creates or upgrades the SupportLab schema, its group roles and their grants, and\n"
    "             makes the organisation's signing key (Ed25519) when there is none; --name names\n"
    "             the organisation in signed exports (default: the database's name)\n"
    "  add-user   creates a PostgreSQL login for one person with a role; a trainee also gets her\n"
    "             trainee row (and her cohort, when new). The new user's password is read from\n"
    "             the first line of standard input, or asked for twice when it is a terminal.\n"
    "  sessions   lists the lab sessions: id, lab, cohort, trainer, start and whether released\n"
    "  release    releases a lab session's results: each of its trainees can then read her own\n"
    "             scores and debrief, and nobody else's. --withdraw closes them again.\n"
    "  verify     recomputes every attempt's event hash chain and lists each attempt whose log\n"
    "             was changed, cut or added to outside SupportLab (exit code 1 when any)\n"
    "  publish    publishes the scenarios in PATH (a file or a folder) for assessments. The server\n"
    "             keeps each one whole; trainees receive only its trainee's part: no expected\n"
    "             answers, flags, explanations, hints or notes, and neutral ticket names (T1, T2,\n"
    "             ... in arrival order). A file with any error publishes nothing.\n"
    "  new-session  starts a lab session for a cohort (you are its trainer); prints its id\n"
    "  session    shows a lab session's settings, and changes those given: --practice or\n"
    "             --assessment; --attempts N, each trainee's attempts per scenario in an assessment\n"
    "             (default 1; 0 for no limit); --assess IDS, the published assessments (comma-\n"
    "             separated ids, see `assessment list`) it assesses; --paced (you open modules one\n"
    "             by one, --open-modules N says how many are open) or --free (trainees may move\n"
    "             ahead); --close ends the assessment (its scenarios open for practice again),\n"
    "             --reopen undoes that; --fast-under D (90s, 2m; 0 off) flags in the lead's lab\n"
    "             report the modules this session's trainees mark done in less time. The server\n"
    "             enforces attempts, closing and the practice block, whatever program a trainee uses.\n"
    "  score      scores every submitted attempt at a published assessment that has no score yet,\n"
    "             from its actions and the scenario the server keeps; --watch keeps doing so every\n"
    "             2 s until interrupted (the scoring worker)\n"
    "  key        prints the organisation's name, its public key and the key's fingerprint: give\n"
    "             the fingerprint to whoever checks your exports (supportlab-cli verify --key)\n"
    "\n"
    "  --db URI        the server's database (required)\n"
    "  --role ROLE     add-user: trainee, trainer or lead (required)\n"
    "  --cohort C      add-user: the trainee's cohort\n"
    "  --name ORG      init: the organisation's name, kept once set\n"
    "  --cohort C      new-session: the cohort it is for\n"
    "\n"
    "Exit codes: 0 ok, 1 invalid input or a server problem, 2 usage.\n";

int Fail(const std::string& message) { return cli::Fail("server", message); }

// One line from the terminal without echo; nullopt when the terminal cannot be read.
std::optional<std::string> ReadHidden(const char* prompt) {
    // Echo goes off before the prompt shows (as getpass does): whatever is typed once the prompt is
    // on screen is neither shown nor thrown away by the flush.
    termios old{};
    const bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::fprintf(stderr, "%s", prompt);
    std::fflush(stderr);
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (tty) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::fprintf(stderr, "\n");
    if (!got) return std::nullopt;
    return line;
}

// The new user's password: the first line of standard input, or typed twice at a terminal.
std::optional<std::string> ReadPassword(const std::string& name, std::string* error) {
    if (!::isatty(STDIN_FILENO)) {
        std::string line;
        if (!std::getline(std::cin, line)) line.clear();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    auto first = ReadHidden(("Password for " + name + ": ").c_str());
    auto second = first ? ReadHidden("Again: ") : std::nullopt;
    if (!first || !second) {
        *error = "no password was read from the terminal";
        return std::nullopt;
    }
    if (*first != *second) {
        *error = "the two passwords differ; nothing was changed";
        return std::nullopt;
    }
    return first;
}

// A subcommand whose only option is --db URI: nullopt when *db is set, else the exit code to stop with.
std::optional<int> ParseDbOnly(const char* command, const Args& args, std::string* db) {
    CommandLine line(command, kServerHelp, kServerHelp);
    line.Value("--db", db);
    if (const auto stop = line.Parse(args)) return *stop;
    if (db->empty()) return line.Usage("--db URI is required");
    return std::nullopt;
}

// The server as the signed-in trainer or lead: never migrating (that is the administrator's job).
StoreResult<std::unique_ptr<PgStore>> OpenAsUser(const std::string& db) {
    PgOpenOptions options;
    options.m_migrate = false;
    return PgStore::Open(db, options);
}

int RunInit(const Args& args) {
    std::string db, name;
    CommandLine line("server init", kServerHelp, kServerHelp);
    line.Value("--db", &db).Value("--name", &name);
    if (const auto stop = line.Parse(args)) return *stop;
    if (db.empty()) return line.Usage("--db URI is required");
    if (name.size() > 200) return line.Usage("--name is at most 200 bytes");
    auto r = PgInitServer(db, name);
    if (!r) return Fail(r.Error().m_message);
    const std::string where = PgLocationWithoutPassword(db);
    if (r->m_from == r->m_to) std::printf("%s: already at schema version %d\n", where.c_str(), r->m_to);
    else std::printf("%s: schema version %d (migrated from %d)\n", where.c_str(), r->m_to, r->m_from);
    std::printf("organisation %s: signing key %s%s\n", TerminalSafe(r->m_organisation).c_str(),
                KeyFingerprint(r->m_publicKey).c_str(), r->m_keyCreated ? " (new)" : "");
    if (!name.empty() && !r->m_keyCreated && name != r->m_organisation)
        std::fprintf(stderr, "supportlab-cli server init: the organisation is already named %s; --name was not applied\n",
                     TerminalSafe(r->m_organisation).c_str());
    return kExitOk;
}

int RunAddUser(const Args& args) {
    std::string db, name, role, cohort;
    CommandLine line("server add-user", kServerHelp, kServerHelp);
    line.Value("--db", &db).Value("--role", &role).Value("--cohort", &cohort).Positional("user name", &name);
    if (const auto stop = line.Parse(args)) return *stop;
    if (name.empty()) return line.Usage("the user's NAME is required");
    if (db.empty()) return line.Usage("--db URI is required");
    if (role.empty()) return line.Usage("--role trainee|trainer|lead is required");
    const auto pgRole = PgRoleFromName(role);
    if (!pgRole) return line.Usage("--role must be trainee, trainer or lead, not '" + role + "'");
    if (!cohort.empty() && *pgRole != PgRole::Trainee) return line.Usage("--cohort is only for trainees");
    if (auto problem = PgUserNameProblem(name)) return Fail(*problem);

    std::string error;
    auto password = ReadPassword(name, &error);
    if (!password) return Fail(error);
    if (password->empty()) return Fail("the password is empty; nothing was changed");
    auto st = PgAddUser(db, PgNewUser{name, *pgRole, cohort, *password});
    if (!st) return Fail(st.Error().m_message);
    std::printf("%s: added %s %s%s\n", PgLocationWithoutPassword(db).c_str(), PgRoleName(*pgRole), name.c_str(),
                cohort.empty() ? "" : (" (cohort " + cohort + ")").c_str());
    return kExitOk;
}

int RunSessions(const Args& args) {
    std::string db;
    if (const auto stop = ParseDbOnly("server sessions", args, &db)) return *stop;
    auto store = OpenAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    auto sessions = store.Value()->LabSessions();
    if (!sessions) return Fail(sessions.Error().m_message);
    if (sessions->empty()) {
        std::printf("%s: no lab sessions yet\n", PgLocationWithoutPassword(db).c_str());
        return kExitOk;
    }
    std::printf("%-6s %-24s %-16s %-20s %-24s %s\n", "id", "lab", "cohort", "trainer", "started", "results");
    for (const LabSession& ls : sessions.Value())
        std::printf("%-6lld %-24s %-16s %-20s %-24s %s\n", static_cast<long long>(ls.m_id), TerminalSafe(ls.m_labId).c_str(),
                    ls.m_cohort.empty() ? "-" : TerminalSafe(ls.m_cohort).c_str(), TerminalSafe(ls.m_trainer).c_str(),
                    FormatIsoTime(ls.m_startedWall).c_str(),
                    ls.m_releasedWall ? ("released " + FormatIsoTime(*ls.m_releasedWall)).c_str() : "not released");
    return kExitOk;
}

int RunRelease(const Args& args) {
    std::string db, session;
    bool withdraw = false;
    CommandLine line("server release", kServerHelp, kServerHelp);
    line.Value("--db", &db).Flag("--withdraw", &withdraw).Positional("session id", &session);
    if (const auto stop = line.Parse(args)) return *stop;
    if (session.empty()) return line.Usage("the SESSION id is required (see: supportlab-cli server sessions)");
    if (db.empty()) return line.Usage("--db URI is required");
    const auto number = ParseU64(session);
    if (!number || *number > static_cast<std::uint64_t>(INT64_MAX))
        return line.Usage("SESSION must be a lab session's id (a whole number), not '" + session + "'");
    const auto id = std::optional<RowId>(static_cast<RowId>(*number));
    auto store = OpenAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    const std::optional<WallTime> when = withdraw ? std::nullopt : std::optional<WallTime>(SystemWallClockMs());
    if (auto st = store.Value()->ReleaseSession(*id, when); !st) return Fail(st.Error().m_message);
    if (withdraw)
        std::printf("lab session %s: results withdrawn; its trainees no longer see their scores\n", session.c_str());
    else
        std::printf("lab session %s: results released; each of its trainees can now read her own scores\n", session.c_str());
    return kExitOk;
}

int RunChainVerify(const Args& args) {
    std::string db;
    if (const auto stop = ParseDbOnly("server verify", args, &db)) return *stop;
    auto store = OpenAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    auto report = store.Value()->VerifyEventChains();
    if (!report) return Fail(report.Error().m_message);
    for (const PgChainProblem& p : report->m_problems)
        std::printf("attempt %lld (%s, %s): %s\n", static_cast<long long>(p.m_attemptId), TerminalSafe(p.m_trainee).c_str(),
                    TerminalSafe(p.m_scenarioId).c_str(), p.m_what.c_str());
    std::printf("%s: %lld attempts, %lld events checked; %s\n", PgLocationWithoutPassword(db).c_str(),
                static_cast<long long>(report->m_attempts), static_cast<long long>(report->m_events),
                report->m_problems.empty() ? "every chain holds"
                                           : (std::to_string(report->m_problems.size()) + " attempt(s) do not hold").c_str());
    return report->m_problems.empty() ? kExitOk : kExitInvalid;
}

int RunKey(const Args& args) {
    std::string db;
    if (const auto stop = ParseDbOnly("server key", args, &db)) return *stop;
    auto store = OpenAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    auto org = store.Value()->Organisation();
    if (!org) return Fail(org.Error().m_message);
    if (!org.Value()) return Fail("this server has no signing key yet: an administrator makes it with `server init`");
    std::string hex;
    for (unsigned char c : org.Value()->m_publicKey) {
        char b[3];
        std::snprintf(b, sizeof b, "%02x", c);
        hex += b;
    }
    std::printf("organisation: %s\nfingerprint:  %s\npublic key:   %s\ncreated:      %s\n",
                TerminalSafe(org.Value()->m_name).c_str(), KeyFingerprint(org.Value()->m_publicKey).c_str(), hex.c_str(),
                FormatIsoTime(org.Value()->m_createdWall).c_str());
    return kExitOk;
}

int RunPublish(const Args& args) {
    std::string db, path;
    CommandLine line("server publish", kServerHelp, kServerHelp);
    line.Value("--db", &db).Positional("scenario path", &path);
    if (const auto stop = line.Parse(args)) return *stop;
    if (path.empty()) return line.Usage("the scenario PATH (a file or a folder) is required");
    if (db.empty()) return line.Usage("--db URI is required");
    // Every file is checked before anything is sent: one with an error publishes nothing.
    std::vector<PgPublication> publications;
    bool bad = false;
    for (const LoadedFile& f : LoadPaths({path})) {
        for (const Diagnostic& d : f.m_report.m_diagnostics) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
        if (!f.m_report.Ok()) bad = true;
        if (!f.m_scenario) continue;
        std::string error;
        const auto forms = PrepareLoadedForPublishing(*f.m_scenario, &error);
        if (!forms) return Fail(error);
        publications.push_back(PgPublication{forms->m_scenarioId, forms->m_title, forms->m_modelText, forms->m_neutralText,
                                             forms->m_neutralHash, forms->m_traineeText, forms->m_traineeHash,
                                             forms->m_namesText, forms->m_acceptedRoutes, forms->m_stepKey});
    }
    if (bad) return Fail("nothing was published: fix the errors above first");
    if (publications.empty()) return Fail("no scenario in " + path + " to publish");
    std::vector<std::string> ids;
    for (const PgPublication& p : publications) ids.push_back(p.m_scenarioId);
    for (const std::string& id : ShippedIdsAmong(ids))
        std::fprintf(stderr, "supportlab-cli server publish: warning: %s\n", ShippedWarning(TerminalSafe(id)).c_str());
    auto store = OpenAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    for (const PgPublication& p : publications) {
        auto r = store.Value()->Publish(p);
        if (!r) return Fail(r.Error().m_message);
        std::printf("%s %s as assessment %lld: %s\n", r->second ? "published" : "already published",
                    TerminalSafe(p.m_scenarioId).c_str(), static_cast<long long>(r->first), TerminalSafe(p.m_title).c_str());
    }
    return kExitOk;
}

int RunNewSession(const Args& args) {
    std::string db, lab, cohort;
    CommandLine line("server new-session", kServerHelp, kServerHelp);
    line.Value("--db", &db).Value("--cohort", &cohort).Positional("lab id", &lab);
    if (const auto stop = line.Parse(args)) return *stop;
    if (lab.empty()) return line.Usage("the LAB id is required");
    if (db.empty()) return line.Usage("--db URI is required");
    auto store = OpenAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    auto me = store.Value()->SignedIn();
    if (!me) return Fail(me.Error().m_message);
    auto session = store.Value()->StartLabSession(LabSession{0, lab, cohort, me->m_login, SystemWallClockMs(), std::nullopt});
    if (!session) return Fail(session.Error().m_message);
    std::printf("lab session %lld: %s%s%s, practice (change it with `server session %lld --assessment ...`)\n",
                static_cast<long long>(session->m_id), TerminalSafe(lab).c_str(), cohort.empty() ? "" : " for cohort ",
                TerminalSafe(cohort).c_str(), static_cast<long long>(session->m_id));
    return kExitOk;
}

std::string DescribeSettings(const PgSessionSettings& s) {
    std::string out = s.m_assessment ? "assessment" : "practice";
    if (s.m_assessment) {
        out += s.m_attemptsAllowed == 0 ? ", no limit on attempts" : ", " + std::to_string(s.m_attemptsAllowed) + " attempt(s) each";
        std::string ids;
        for (RowId id : s.m_published) ids += (ids.empty() ? "" : ",") + std::to_string(id);
        out += ids.empty() ? ", assessing nothing yet (--assess IDS)" : ", assessing " + ids;
        if (s.m_closedWall) out += ", closed " + FormatIsoTime(*s.m_closedWall);
    }
    out += s.m_paced ? ", paced (" + std::to_string(s.m_openedModules) + " module(s) open)" : ", trainees may move ahead";
    if (s.m_fastUnderSeconds > 0) out += ", flagging modules done in under " + FormatDuration(s.m_fastUnderSeconds);
    return out;
}

int RunSession(const Args& args) {
    std::string db, id, attempts, assess, openModules, fastUnder;
    bool practice = false, assessment = false, paced = false, free = false, close = false, reopen = false;
    CommandLine line("server session", kServerHelp, kServerHelp);
    line.Value("--db", &db).Value("--attempts", &attempts).Value("--assess", &assess).Value("--open-modules", &openModules);
    line.Value("--fast-under", &fastUnder);
    line.Flag("--practice", &practice).Flag("--assessment", &assessment).Flag("--paced", &paced).Flag("--free", &free);
    line.Flag("--close", &close).Flag("--reopen", &reopen).Positional("session id", &id);
    if (const auto stop = line.Parse(args)) return *stop;
    if (id.empty()) return line.Usage("the SESSION id is required (see: supportlab-cli server sessions)");
    if (db.empty()) return line.Usage("--db URI is required");
    if ((practice && assessment) || (paced && free) || (close && reopen))
        return line.Usage("give one of --practice/--assessment, --paced/--free and --close/--reopen, not both");
    const auto session = ParseU64(id);
    if (!session || *session > static_cast<std::uint64_t>(INT64_MAX)) return line.Usage("SESSION must be a whole number");
    std::optional<std::uint64_t> attemptsN, openN;
    if (!attempts.empty() && (!(attemptsN = ParseU64(attempts)) || *attemptsN > 100))
        return line.Usage("--attempts is 0 (no limit) to 100");
    if (!openModules.empty() && (!(openN = ParseU64(openModules)) || *openN > 1000))
        return line.Usage("--open-modules is a number of modules (0 to 1000)");
    std::optional<SimTime> fastN;
    if (!fastUnder.empty() && (!(fastN = ParseDuration(fastUnder)) || *fastN < 0 || *fastN > 86400))
        return line.Usage("--fast-under takes a duration up to 24h, like 90s, 2m or 0 (off), not '" + fastUnder + "'");
    std::vector<RowId> published;
    for (size_t start = 0; !assess.empty() && start <= assess.size();) {
        const size_t comma = std::min(assess.find(',', start), assess.size());
        const auto n = ParseU64(assess.substr(start, comma - start));
        if (!n || *n > static_cast<std::uint64_t>(INT64_MAX)) return line.Usage("--assess takes published assessment ids, like 3,4");
        published.push_back(static_cast<RowId>(*n));
        start = comma + 1;
    }
    auto store = OpenAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    const RowId sid = static_cast<RowId>(*session);
    auto settings = store.Value()->SessionSettings(sid);
    if (!settings) return Fail(settings.Error().m_message);
    PgSessionSettings s = settings.Value();
    const bool change = practice || assessment || paced || free || close || reopen || attemptsN || openN || fastN || !assess.empty();
    if (fastN) s.m_fastUnderSeconds = static_cast<int>(*fastN);
    if (practice) s.m_assessment = false;
    if (assessment) s.m_assessment = true;
    if (attemptsN) s.m_attemptsAllowed = static_cast<int>(*attemptsN);
    if (!assess.empty()) s.m_published = published;
    if (paced) s.m_paced = true;
    if (free) s.m_paced = false;
    if (openN) s.m_openedModules = static_cast<int>(*openN);
    if (close) s.m_closedWall = SystemWallClockMs();
    if (reopen) s.m_closedWall.reset();
    if (change)
        if (auto st = store.Value()->SetSessionSettings(sid, s); !st) return Fail(st.Error().m_message);
    std::printf("lab session %s: %s\n", id.c_str(), DescribeSettings(s).c_str());
    return kExitOk;
}

volatile std::sig_atomic_t g_stopWatching = 0;
extern "C" void StopWatching(int) { g_stopWatching = 1; }

// One pass of the scoring worker: every finished, unscored attempt at a published scenario.
StoreResult<int> ScoreSubmitted(PgStore& store) {
    auto published = store.Published();
    if (!published) return published.Error();
    std::map<std::string, Scenario> neutral; // by the trainee part's hash, which the attempts record
    for (const PgPublished& p : published.Value()) {
        if (p.m_neutralText.empty())
            return StoreError{StoreErrorKind::ReadOnly, "this login cannot read the published scenarios' keys: scoring is a lead's job"};
        LoadResult<Scenario> s = LoadPublished(p.m_neutralText, p.m_modelText, "published/" + std::to_string(p.m_id));
        if (s.Ok()) neutral.emplace(p.m_traineeHash, std::move(*s.m_value));
    }
    AttemptFilter finished;
    finished.m_finishedOnly = true;
    auto attempts = store.Attempts(finished);
    if (!attempts) return attempts.Error();
    int scored = 0;
    for (const Attempt& a : attempts.Value()) {
        if (!a.m_scoredWithHash.empty()) continue;
        const auto it = neutral.find(a.m_contentHash);
        if (it == neutral.end()) continue;
        auto report = RescoreAttempt(store, it->second, a.m_id);
        if (!report && report.Error().m_kind == StoreErrorKind::ReadOnly)
            return StoreError{StoreErrorKind::ReadOnly, report.Error().m_message + " (scores are written by a lead's login)"};
        if (!report) {
            std::fprintf(stderr, "supportlab-cli server score: attempt %lld: %s\n", static_cast<long long>(a.m_id),
                         report.Error().m_message.c_str());
            continue;
        }
        ++scored;
        std::printf("scored attempt %lld (%s): %.2f / %.2f\n", static_cast<long long>(a.m_id), TerminalSafe(a.m_scenarioId).c_str(),
                    report->m_total, report->m_max);
    }
    return scored;
}

int RunScore(const Args& args) {
    std::string db;
    bool watch = false;
    CommandLine line("server score", kServerHelp, kServerHelp);
    line.Value("--db", &db).Flag("--watch", &watch);
    if (const auto stop = line.Parse(args)) return *stop;
    if (db.empty()) return line.Usage("--db URI is required");
    auto store = OpenAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    if (watch) {
        std::signal(SIGINT, StopWatching);
        std::signal(SIGTERM, StopWatching);
    }
    do {
        auto n = ScoreSubmitted(*store.Value());
        if (!n) {
            if (!watch || n.Error().m_kind != StoreErrorKind::Io) return Fail(n.Error().m_message);
            std::fprintf(stderr, "supportlab-cli server score: %s; trying again\n", n.Error().m_message.c_str());
        } else if (!watch) {
            std::printf("%d attempt(s) scored\n", n.Value());
        }
        for (int i = 0; watch && i < 20 && !g_stopWatching; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::fflush(stdout);
    } while (watch && !g_stopWatching);
    return kExitOk;
}

} // namespace

int RunServer(const Args& args) {
    if (args.empty()) {
        std::fprintf(stderr, "supportlab-cli server: say init, add-user, sessions, release, verify, key, publish, score, new-session or session\n%s", kServerHelp);
        return kExitUsage;
    }
    const std::string& sub = args.front();
    if (sub == "--help" || sub == "-h") {
        std::printf("%s", kServerHelp);
        return kExitOk;
    }
    const Args rest(args.begin() + 1, args.end());
    if (sub == "init") return RunInit(rest);
    if (sub == "add-user") return RunAddUser(rest);
    if (sub == "sessions") return RunSessions(rest);
    if (sub == "release") return RunRelease(rest);
    if (sub == "verify") return RunChainVerify(rest);
    if (sub == "key") return RunKey(rest);
    if (sub == "publish") return RunPublish(rest);
    if (sub == "score") return RunScore(rest);
    if (sub == "new-session") return RunNewSession(rest);
    if (sub == "session") return RunSession(rest);
    std::fprintf(stderr, "supportlab-cli server: unknown subcommand '%s'\n%s", sub.c_str(), kServerHelp);
    return kExitUsage;
}

} // namespace sl::cli
