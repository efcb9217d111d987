// SupportLab CLI: database opening with clear messages, atomic output files, and stored play.
#include "cli/cli_store.hpp"

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "core/scoring.hpp"
#include "platform/files.hpp"
#include "store/attempt_recorder.hpp"
#include "store/delivery.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace sl::cli {

namespace {

const char* kSelectionHelp =
    "  --db PATH|URI     the database: an SQLite file (default: $XDG_DATA_HOME/supportlab/supportlab.db,\n"
    "                    i.e. ~/.local/share/supportlab/supportlab.db) or the organisation server\n"
    "                    (postgresql://HOST/DB; the password comes from ~/.pgpass or PGPASSWORD)\n"
    "  --cohort NAME     only this cohort (every member gets a row, with or without attempts)\n"
    "  --lab ID          only attempts made in this lab\n"
    "  --scenario ID     only this scenario\n"
    "  --session ID      only this lab session\n"
    "  --trainee NAME    only this trainee\n";

} // namespace

CommandLine StoreCommandLine(const char* command, const char* help, const char* exitCodes, Selection* sel) {
    const std::string usageHelp = std::string(help) + kSelectionHelp;
    CommandLine line(command, usageHelp + "\nExit codes: " + exitCodes + "\n", usageHelp);
    line.Value("--db", &sel->m_db)
        .Value("--cohort", &sel->m_cohort)
        .Value("--lab", &sel->m_lab)
        .Value("--scenario", &sel->m_scenario)
        .Value("--session", &sel->m_session)
        .Value("--trainee", &sel->m_trainee);
    return line;
}

std::optional<ReportQuery> ToReportQuery(Store& store, const Selection& s, const char* command) {
    ReportQuery q;
    if (!s.m_cohort.empty()) q.m_cohort = s.m_cohort;
    if (!s.m_lab.empty()) q.m_labId = s.m_lab;
    if (!s.m_scenario.empty()) q.m_scenarioId = s.m_scenario;
    if (!s.m_session.empty()) {
        const auto id = ParseU64(s.m_session);
        if (!id || *id > static_cast<std::uint64_t>(INT64_MAX)) {
            std::fprintf(stderr, "supportlab-cli %s: --session takes a session number, not '%s'\n", command,
                         s.m_session.c_str());
            return std::nullopt;
        }
        q.m_sessionId = static_cast<RowId>(*id);
    }
    if (!s.m_trainee.empty()) {
        auto t = store.FindTrainee(s.m_trainee);
        if (!t) {
            std::fprintf(stderr, "supportlab-cli %s: %s\n", command, t.Error().m_message.c_str());
            return std::nullopt;
        }
        q.m_traineeId = t->m_id;
    }
    return q;
}

std::string DatabasePath(const std::string& dbOption) { return dbOption.empty() ? DefaultDatabasePath() : dbOption; }

std::unique_ptr<Store> OpenServer(const std::string& uri, const char* command) {
    PgOpenOptions o;
    o.m_migrate = false; // only `server init` changes the schema
    auto r = PgStore::Open(uri, o);
    if (!r) {
        std::fprintf(stderr, "supportlab-cli %s: %s\n", command, r.Error().m_message.c_str());
        return nullptr;
    }
    return std::move(r.Value());
}

std::unique_ptr<Store> OpenDatabaseForReading(const std::string& path, const char* command) {
    if (IsServerLocation(path)) return OpenServer(path, command);
    SqliteOpenOptions o;
    o.m_create = false;
    auto r = OpenStore(path, o);
    if (!r && r.Error().m_kind == StoreErrorKind::ReadOnly) {
        o.m_readOnly = true; // reports can still be read from a database nobody may write
        auto ro = OpenStore(path, o);
        if (ro) return std::move(ro.Value());
    }
    if (!r) {
        std::fprintf(stderr, "supportlab-cli %s: %s%s\n", command, r.Error().m_message.c_str(),
                     r.Error().m_kind == StoreErrorKind::NotFound
                         ? " (nothing has been stored there yet; --db PATH picks another database)"
                         : "");
        return nullptr;
    }
    return std::move(r.Value());
}

std::unique_ptr<Store> OpenDatabaseForWriting(const std::string& path, bool create, const char* command) {
    if (IsServerLocation(path)) return OpenServer(path, command);
    SqliteOpenOptions o;
    o.m_create = create;
    auto r = OpenStore(path, o);
    if (!r) {
        std::fprintf(stderr, "supportlab-cli %s: %s\n", command, r.Error().m_message.c_str());
        return nullptr;
    }
    return std::move(r.Value());
}

bool WriteOutput(const std::string& path, const std::string& text, std::string* error) {
    if (path == "-") {
        if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
            *error = "cannot write to standard output";
            return false;
        }
        return true;
    }
    // A temporary file made exclusively in the target folder, then renamed: a planted symlink never redirects it.
    *error = files::WriteFileAtomic(path, text);
    return error->empty();
}

OpenedSelection OpenSelection(const Selection& s, const char* command) {
    OpenedSelection out;
    out.m_store = OpenDatabaseForReading(DatabasePath(s.m_db), command);
    if (!out.m_store) return out;
    auto query = ToReportQuery(*out.m_store, s, command);
    if (!query) out.m_store.reset();
    else out.m_query = *query;
    return out;
}

int WriteCommandOutput(const std::string& path, const std::string& text, const char* command) {
    std::string error;
    if (WriteOutput(path, text, &error)) return kExitOk;
    std::fprintf(stderr, "supportlab-cli %s: %s\n", command, error.c_str());
    return kExitInvalid;
}

namespace {

// The run of the lab that `play --lab` stores into: the trainee's unfinished run of the same lab in
// the same session, else a new one. The lab is registered first, so reports grade at its pass mark.
StoreResult<LabRunRecord> OpenLabRunForPlay(Store& store, const StoredPlay& options) {
    const Lab& lab = *options.m_lab;
    if (auto st = store.PutLab(LabInfoOf(lab)); !st) return st.Error();
    auto trainee = store.FindOrAddTrainee(options.m_trainee, options.m_cohort);
    if (!trainee) return trainee.Error();
    auto open = store.UnfinishedLabRuns(trainee->m_id);
    if (!open) return open.Error();
    for (const LabRunRecord& run : open.Value())
        if (run.m_labId == lab.m_id && run.m_sessionId == options.m_sessionId) return run;
    LabRunRecord record;
    record.m_traineeId = trainee->m_id;
    record.m_labId = lab.m_id;
    record.m_sessionId = options.m_sessionId;
    record.m_startedWall = SystemWallClockMs();
    return store.StartLabRun(record);
}

} // namespace

int PlayAndStore(const Scenario& scenario, const std::vector<Action>& actions, std::uint64_t seed,
                 const StoredPlay& options) {
    // For a server the run goes to its outbox first, action by action, then is delivered.
    const bool server = IsServerLocation(options.m_dbPath);
    const std::string where = server ? OutboxPath(PgLocationWithoutPassword(options.m_dbPath)) : options.m_dbPath;
    auto store = OpenDatabaseForWriting(where, true, "play");
    if (!store) return kExitInvalid;
    ScriptedAttemptOptions o;
    o.m_traineeName = options.m_trainee;
    o.m_cohort = options.m_cohort;
    o.m_seed = seed;
    o.m_wallFollowsSimulation = true; // time on task is the script's simulated time
    std::optional<LabRunRecord> labRun;
    if (options.m_lab) {
        o.m_labId = options.m_lab->m_id;
        o.m_moduleId = options.m_moduleId;
        o.m_sessionId = options.m_sessionId;
        auto run = OpenLabRunForPlay(*store, options);
        if (!run) {
            std::fprintf(stderr, "supportlab-cli play: %s\n", run.Error().m_message.c_str());
            return kExitInvalid;
        }
        labRun = run.Value();
    }
    auto r = RecordScriptedAttempt(*store, scenario, actions, o, SystemWallClockMs);
    if (!r) {
        const StoreErrorKind kind = r.Error().m_kind;
        std::fprintf(stderr, "supportlab-cli play: %s\n", r.Error().m_message.c_str());
        if (kind == StoreErrorKind::DiskFull || kind == StoreErrorKind::ReadOnly || kind == StoreErrorKind::Io)
            std::fprintf(stderr, "supportlab-cli play: this run was not stored completely; play it again once the "
                                 "database can be written (the unfinished attempt is then marked abandoned)\n");
        return kExitInvalid;
    }
    for (const Attempt& a : r->m_abandoned)
        std::fprintf(stderr,
                     "supportlab-cli play: attempt %lld (%lld action(s)) was left unfinished by an earlier run that "
                     "stopped before the end; it is now marked abandoned\n",
                     static_cast<long long>(a.m_id), static_cast<long long>(a.m_eventCount));
    if (r->m_failedIndex) {
        const Action& a = actions[*r->m_failedIndex];
        std::fprintf(stderr, "%s:%d:1: error: %s\n", options.m_actionsPath.c_str(), a.m_line, r->m_failedMessage.c_str());
        std::fprintf(stderr, "supportlab-cli play: the %zu action(s) before it are stored in unfinished attempt %lld in %s\n",
                     *r->m_failedIndex, static_cast<long long>(r->m_attemptId), where.c_str());
        if (server) {
            store.reset();
            SyncOutbox(options.m_dbPath, where, "play"); // the valid part is delivered too
        }
        return kExitInvalid;
    }
    if (labRun) {
        LabModuleMark mark;
        mark.m_moduleId = options.m_moduleId;
        mark.m_done = true;
        mark.m_seconds = static_cast<double>(r->m_report.m_endTime);
        mark.m_updatedWall = SystemWallClockMs();
        if (auto st = store->PutLabModuleMark(labRun->m_id, mark); !st) {
            std::fprintf(stderr, "supportlab-cli play: the attempt is stored, but module '%s' could not be marked done: %s\n",
                         options.m_moduleId.c_str(), st.Error().m_message.c_str());
            return kExitInvalid;
        }
    }
    std::fputs((options.m_json ? FormatScoreJson(r->m_report) : FormatScoreText(r->m_report)).c_str(), stdout);
    WarnOverTimeBudget(scenario, r->m_report.m_endTime, "play");
    const std::string storedIn = server ? "the outbox " + where : where;
    std::fprintf(stderr, "stored as attempt %lld for trainee '%s' in %s\n", static_cast<long long>(r->m_attemptId),
                 options.m_trainee.c_str(), storedIn.c_str());
    if (!server) return kExitOk;
    store.reset();
    const SyncOutcome delivered = SyncOutbox(options.m_dbPath, where, "play");
    // The run is safe in the outbox either way: an unreachable server is not the trainee's error.
    return delivered == SyncOutcome::Failed ? kExitInvalid : kExitOk;
}

SyncOutcome SyncOutbox(const std::string& uri, const std::string& outboxPath, const char* command) {
    const std::string server = PgLocationWithoutPassword(uri);
    SqliteOpenOptions so;
    so.m_create = false;
    auto outbox = SqliteStore::Open(outboxPath, so);
    if (!outbox) {
        if (outbox.Error().m_kind == StoreErrorKind::NotFound) {
            std::fprintf(stderr, "supportlab-cli %s: nothing is waiting for %s (no outbox at %s)\n", command,
                         server.c_str(), outboxPath.c_str());
            return SyncOutcome::Delivered;
        }
        std::fprintf(stderr, "supportlab-cli %s: %s\n", command, outbox.Error().m_message.c_str());
        return SyncOutcome::Failed;
    }
    SqliteStore& box = *outbox.Value();
    auto waiting = [&]() -> long long {
        auto b = box.Undelivered(server);
        return b ? static_cast<long long>(b->m_actions) : -1;
    };
    PgOpenOptions po;
    po.m_migrate = false;
    auto opened = PgStore::Open(uri, po);
    if (!opened) {
        const bool down = opened.Error().m_kind == StoreErrorKind::Io;
        std::fprintf(stderr, "supportlab-cli %s: %s\n", command, opened.Error().m_message.c_str());
        std::fprintf(stderr, "supportlab-cli %s: %s; %lld action(s) wait in the outbox %s, and nothing is lost: run "
                             "'supportlab-cli sync --db %s' %s\n",
                     command, down ? "the server cannot be reached" : "nothing was delivered", waiting(),
                     outboxPath.c_str(), server.c_str(), down ? "once it is back" : "once this is fixed");
        return down ? SyncOutcome::Offline : SyncOutcome::Failed;
    }
    DeliveryReport sent;
    auto st = Deliver(box, *opened.Value(), server, DeliveryOptions{}, &sent);
    std::fprintf(stderr, "supportlab-cli %s: delivered to %s: %lld attempt(s), %lld action(s), %lld finished, %lld lab run(s)\n",
                 command, server.c_str(), static_cast<long long>(sent.m_attempts), static_cast<long long>(sent.m_events),
                 static_cast<long long>(sent.m_finished), static_cast<long long>(sent.m_labRuns));
    if (!st) {
        const bool down = st.Error().m_kind == StoreErrorKind::Io;
        std::fprintf(stderr, "supportlab-cli %s: %s\n", command, st.Error().m_message.c_str());
        std::fprintf(stderr, "supportlab-cli %s: %lld action(s) still wait in the outbox %s; nothing is lost: run "
                             "'supportlab-cli sync --db %s' again\n",
                     command, waiting(), outboxPath.c_str(), server.c_str());
        return down ? SyncOutcome::Offline : SyncOutcome::Failed;
    }
    return SyncOutcome::Delivered;
}

} // namespace sl::cli
