// SupportLab CLI: `session status|pause|resume` and `inject` — the trainer's live room from the command line.
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"

#include "core/text.hpp"
#include "server_link/room.hpp"
#include "server_link/server_link.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>

namespace sl::cli {

namespace {

const char* const kSessionHelp =
    "usage: supportlab-cli session status --db URI --session ID --scenarios PATH [--format text|json]\n"
    "       supportlab-cli session pause|resume --db URI --session ID\n"
    "\n"
    "The live room of a lab session on the organisation server, as a trainer or lead.\n"
    "  status   one row per trainee: online or not, module, simulated clock, open tickets, SLAs\n"
    "           breached and close to breaching (75%), score so far (practice), the room's injects\n"
    "           in her log (late: reached her machine more than 15 s after they were sent) and her\n"
    "           last action; then the scenarios' injects and what the room did with each\n"
    "  pause    pauses every trainee's simulated clock (their machines see it within 2 s)\n"
    "  resume   lets the clocks run again\n"
    "\n"
    "  --db URI          the organisation server (postgresql:// URI or libpq connection string)\n"
    "  --session ID      the lab session (see: supportlab-cli server sessions)\n"
    "  --scenarios PATH  the scenario files or folder the trainees play (each attempt is replayed\n"
    "                    against the version she played; published assessments come from the server)\n"
    "  --format F        text (default) or json\n";

const char* const kInjectHelp =
    "usage: supportlab-cli inject --db URI --session ID --scenarios PATH [--scenario ID] [--at TIME | --skip] INJECT\n"
    "\n"
    "Sends one instruction to every trainee of a lab session, as a trainer or lead: fire the\n"
    "inject INJECT now, move it to simulated TIME (a planned inject is delayed; one whose time has\n"
    "passed on a trainee's clock fires there at once, marked late), or skip it. Each trainee's\n"
    "machine adds it to her event log in the order sent, at her simulated time; a machine that is\n"
    "offline gets it when it is back. An inject fires at most once in a run.\n"
    "\n"
    "  --db URI          the organisation server\n"
    "  --session ID      the lab session\n"
    "  --scenarios PATH  where the scenario with the inject is (INJECT is checked against it)\n"
    "  --scenario ID     the scenario, when more than one has an inject called INJECT\n"
    "  --at TIME         fire at this simulated time (1:30:00, 45m)\n"
    "  --skip            cancel the inject\n";

// A server's refusal or a network fault: invalid input as far as the exit code goes.
int Fail(const std::string& message) { return cli::Fail("", message); }

std::optional<RowId> SessionId(const std::string& text) {
    const auto n = ParseU64(text);
    if (!n || *n == 0 || *n > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<RowId>(*n);
}

// The server as the signed-in trainer or lead (~/.pgpass or PGPASSWORD for the password).
StoreResult<std::unique_ptr<PgStore>> OpenStaff(const std::string& db) { return OpenServer(db, ""); }

// The library's scenarios under PATH and the server's published ones; the library's problems are
// printed and the rest is used.
std::vector<std::shared_ptr<const Scenario>> LoadScenarios(const std::string& path, PgStore* server) {
    std::vector<std::string> problems;
    auto out = LoadRoomScenarios(path, server, &problems);
    for (const std::string& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
    return out;
}

int RunStatus(const Args& args) {
    std::string db, session, scenarios, format = "text";
    CommandLine line("session status", kSessionHelp, kSessionHelp);
    line.Value("--db", &db).Value("--session", &session).Value("--scenarios", &scenarios).Value("--format", &format);
    if (const auto stop = line.Parse(args)) return *stop;
    if (db.empty()) return line.Usage("--db URI is required");
    const auto sid = SessionId(session);
    if (!sid) return line.Usage("--session must be a lab session's id (a whole number from 1)");
    if (scenarios.empty()) return line.Usage("--scenarios PATH is required: each trainee's attempt is replayed against it");
    if (format != "text" && format != "json") return line.Usage("--format is text or json, not '" + format + "'");
    auto store = OpenStaff(db);
    if (!store) return Fail(store.Error().m_message);
    const auto loaded = LoadScenarios(scenarios, store.Value().get());
    std::vector<const Scenario*> shelf;
    for (const auto& s : loaded) shelf.push_back(s.get());
    auto data = ReadRoom(*store.Value(), *sid);
    if (!data) return Fail(data.Error().m_message);
    const RoomStatus status = BuildRoomStatus(data.Value(), shelf);
    const std::string out = format == "json" ? RoomStatusJson(status) : RoomStatusText(status);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kExitOk;
}

int RunPause(const Args& args, bool pause) {
    std::string db, session;
    const std::string name = pause ? "session pause" : "session resume";
    CommandLine line(name, kSessionHelp, kSessionHelp);
    line.Value("--db", &db).Value("--session", &session);
    if (const auto stop = line.Parse(args)) return *stop;
    if (db.empty()) return line.Usage("--db URI is required");
    const auto sid = SessionId(session);
    if (!sid) return line.Usage("--session must be a lab session's id (a whole number from 1)");
    auto store = OpenStaff(db);
    if (!store) return Fail(store.Error().m_message);
    const std::optional<WallTime> when = pause ? std::optional<WallTime>(SystemWallClockMs()) : std::nullopt;
    if (auto st = store.Value()->SetRoomPaused(*sid, when); !st) return Fail(st.Error().m_message);
    std::printf("lab session %s: the room is %s\n", session.c_str(), pause ? "paused" : "running");
    return kExitOk;
}

} // namespace

int RunSession(const Args& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::fputs(kSessionHelp, args.empty() ? stderr : stdout);
        return args.empty() ? kExitUsage : kExitOk;
    }
    const Args rest(args.begin() + 1, args.end());
    if (args[0] == "status") return RunStatus(rest);
    if (args[0] == "pause") return RunPause(rest, true);
    if (args[0] == "resume") return RunPause(rest, false);
    std::fprintf(stderr, "supportlab-cli session: say status, pause or resume\n%s", kSessionHelp);
    return kExitUsage;
}

int RunInject(const Args& args) {
    std::string db, session, scenarios, scenarioId, at, injectId;
    bool skip = false;
    CommandLine line("inject", kInjectHelp, kInjectHelp);
    line.Value("--db", &db).Value("--session", &session).Value("--scenarios", &scenarios).Value("--scenario", &scenarioId)
        .Value("--at", &at).Flag("--skip", &skip).Positional("inject", &injectId);
    if (const auto stop = line.Parse(args)) return *stop;
    if (injectId.empty()) return line.Usage("the INJECT id is required (see the Injects list of: supportlab-cli session status)");
    if (db.empty()) return line.Usage("--db URI is required");
    const auto sid = SessionId(session);
    if (!sid) return line.Usage("--session must be a lab session's id (a whole number from 1)");
    if (scenarios.empty()) return line.Usage("--scenarios PATH is required: the inject is checked against its scenario");
    if (skip && !at.empty()) return line.Usage("--at and --skip do not go together");
    std::optional<SimTime> due;
    if (!at.empty()) {
        const ScriptParseResult parsed = ParseActionScript("inject x at " + at);
        if (!parsed.Ok() || parsed.m_script.m_actions.size() != 1)
            return line.Usage("--at takes a simulated time such as 1:30:00 or 45m, not '" + at + "'");
        due = parsed.m_script.m_actions[0].m_duration;
    }
    auto store = OpenStaff(db);
    if (!store) return Fail(store.Error().m_message);
    // The inject must be one of a scenario's: a typo would otherwise reach every trainee as a no-op.
    const Scenario* owner = nullptr;
    std::vector<std::string> owners;
    const auto loaded = LoadScenarios(scenarios, store.Value().get());
    for (const auto& s : loaded) {
        if (!scenarioId.empty() && s->m_id != scenarioId) continue;
        if (!s->FindInject(injectId)) continue;
        if (!owner || owner->m_id != s->m_id) owners.push_back(s->m_id);
        owner = s.get();
    }
    if (!owner) {
        std::fprintf(stderr, "supportlab-cli inject: no scenario under %s%s has an inject called '%s'\n", scenarios.c_str(),
                     scenarioId.empty() ? "" : (" with id " + scenarioId).c_str(), TerminalSafe(injectId).c_str());
        return kExitInvalid;
    }
    if (owners.size() > 1) {
        std::string list;
        for (const std::string& o : owners) list += (list.empty() ? "" : ", ") + o;
        return line.Usage("scenarios " + list + " each have an inject called '" + injectId + "': say which with --scenario");
    }
    const std::string op = skip ? "skip" : due ? "at" : "now";
    auto seq = store.Value()->FireInject(*sid, owner->m_id, injectId, op, due);
    if (!seq) return Fail(seq.Error().m_message);
    const Inject& in = *owner->FindInject(injectId);
    const std::string what = skip ? "skip it" : due ? "fire it at " + FormatClock(*due) : "fire it now";
    std::printf("lab session %s: sent #%lld, '%s' (%s) of %s: %s\n", session.c_str(), static_cast<long long>(seq.Value()),
                injectId.c_str(), TerminalSafe(in.m_title).c_str(), owner->m_id.c_str(), what.c_str());
    return kExitOk;
}

} // namespace sl::cli
