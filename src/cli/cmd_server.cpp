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

#include <termios.h>
#include <unistd.h>

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
    "\n"
    "Sets up an organisation's PostgreSQL server, and releases results. For init and add-user,\n"
    "connect as an administrator role that owns the database and has CREATEROLE; for sessions and\n"
    "release, as a trainer or lead; for verify, as a lead; for key, as anyone. URI is a postgresql:// URI or a libpq connection string; keep\n"
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
    "  key        prints the organisation's name, its public key and the key's fingerprint: give\n"
    "             the fingerprint to whoever checks your exports (supportlab-cli verify --key)\n"
    "\n"
    "  --db URI        the server's database (required)\n"
    "  --role ROLE     add-user: trainee, trainer or lead (required)\n"
    "  --cohort C      add-user: the trainee's cohort\n"
    "  --name ORG      init: the organisation's name, kept once set\n"
    "\n"
    "Exit codes: 0 ok, 1 invalid input or a server problem, 2 usage.\n";

int Fail(const std::string& message) {
    std::fprintf(stderr, "supportlab-cli server: %s\n", message.c_str());
    return kExitInvalid;
}

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

} // namespace

int RunServer(const Args& args) {
    if (args.empty()) {
        std::fprintf(stderr, "supportlab-cli server: say init, add-user, sessions, release, verify or key\n%s", kServerHelp);
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
    std::fprintf(stderr, "supportlab-cli server: unknown subcommand '%s'\n%s", sub.c_str(), kServerHelp);
    return kExitUsage;
}

} // namespace sl::cli
