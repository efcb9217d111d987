// SupportLab CLI: `sync` delivers a machine's outbox to the organisation server; `push` copies a standalone SQLite file there.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "store/delivery.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <cstdio>

namespace sl::cli {

namespace {

const char* kSyncHelp =
    "usage: supportlab-cli sync --db URI [--outbox FILE]\n"
    "\n"
    "Delivers what waits in this machine's outbox for the organisation server (attempts, actions,\n"
    "finishes and lab runs recorded while it could not be reached) and prints what it sent.\n"
    "Delivering twice changes nothing: each action lands once. Scores are never sent: a lead's\n"
    "'rescore' scores the attempts on the server.\n"
    "\n"
    "  --db URI        the server (postgresql://HOST/DB); the password comes from ~/.pgpass or PGPASSWORD\n"
    "  --outbox FILE   the outbox (default: the server's own, under $XDG_DATA_HOME/supportlab/outbox/)\n"
    "\n"
    "Exit codes: 0 delivered (or nothing waiting), 1 the server could not take it (all of it still\n"
    "waits in the outbox), 2 usage.\n";

const char* kPushHelp =
    "usage: supportlab-cli push --from FILE.db --db URI\n"
    "\n"
    "Copies a standalone machine's SQLite database to the organisation server: its trainees (and\n"
    "cohorts), labs, lab sessions, attempts with every action and score, and lab runs. Running it\n"
    "again adds nothing. Needs a lead's login (scores are written). The file is not changed, except\n"
    "that it is brought to the current schema and remembers what was delivered.\n"
    "\n"
    "  --from FILE.db  the SQLite database to copy\n"
    "  --db URI        the server (postgresql://HOST/DB); the password comes from ~/.pgpass or PGPASSWORD\n"
    "\n"
    "Exit codes: 0 copied, 1 a database could not be read or written (what was copied stays), 2 usage.\n";

} // namespace

int RunSync(const Args& args) {
    std::string db, outbox;
    CommandLine line("sync", kSyncHelp, kSyncHelp);
    line.Value("--db", &db).Value("--outbox", &outbox);
    if (const auto stop = line.Parse(args)) return *stop;
    if (db.empty()) return line.Usage("--db URI is required");
    if (!IsServerLocation(db)) return line.Usage("--db takes the server's postgresql:// URI, not '" + db + "'");
    const std::string path = outbox.empty() ? OutboxPath(PgLocationWithoutPassword(db)) : outbox;
    return SyncOutbox(db, path, "sync") == SyncOutcome::Delivered ? kExitOk : kExitInvalid;
}

int RunPush(const Args& args) {
    std::string db, from;
    CommandLine line("push", kPushHelp, kPushHelp);
    line.Value("--db", &db).Value("--from", &from);
    if (const auto stop = line.Parse(args)) return *stop;
    if (from.empty()) return line.Usage("--from FILE.db is required");
    if (db.empty()) return line.Usage("--db URI is required");
    if (!IsServerLocation(db)) return line.Usage("--db takes the server's postgresql:// URI, not '" + db + "'");

    SqliteOpenOptions so;
    so.m_create = false;
    auto source = SqliteStore::Open(from, so);
    bool marks = true;
    if (!source && source.Error().m_kind == StoreErrorKind::ReadOnly) {
        so.m_readOnly = true; // a file we may not write is still copied, only without delivery marks
        source = SqliteStore::Open(from, so);
        marks = false;
    }
    if (!source) {
        std::fprintf(stderr, "supportlab-cli push: %s\n", source.Error().m_message.c_str());
        return kExitInvalid;
    }
    PgOpenOptions po;
    po.m_migrate = false;
    auto server = PgStore::Open(db, po);
    if (!server) {
        std::fprintf(stderr, "supportlab-cli push: %s\n", server.Error().m_message.c_str());
        return kExitInvalid;
    }
    DeliveryOptions o;
    o.m_sendScores = true;
    o.m_addPeople = true;
    o.m_copyLabs = true;
    o.m_recordMarks = marks;
    const std::string target = PgLocationWithoutPassword(db);
    DeliveryReport sent;
    auto st = Deliver(*source.Value(), *server.Value(), target, o, &sent);
    std::printf("pushed %s to %s: %lld new trainee(s), %lld attempt(s), %lld action(s), %lld finished or abandoned, "
                "%lld lab run(s)\n",
                from.c_str(), target.c_str(), static_cast<long long>(sent.m_trainees),
                static_cast<long long>(sent.m_attempts), static_cast<long long>(sent.m_events),
                static_cast<long long>(sent.m_finished), static_cast<long long>(sent.m_labRuns));
    if (!st) {
        std::fprintf(stderr, "supportlab-cli push: %s\n", st.Error().m_message.c_str());
        std::fprintf(stderr, "supportlab-cli push: what was copied before this stays; run the same push again to "
                             "copy the rest (nothing is copied twice)\n");
        return kExitInvalid;
    }
    return kExitOk;
}

} // namespace sl::cli
