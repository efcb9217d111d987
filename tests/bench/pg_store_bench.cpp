// SupportLab bench: supportlab-store-bench's PostgreSQL figures — PgStore commits vs a bare libpq INSERT, reports vs the same SQL bare.

// [SECTION] Tracing libpq: the statements PgStore sends
// [SECTION] Connections and the server
// [SECTION] Commits per second
// [SECTION] Loading the generated database (COPY)
// [SECTION] Report times
// [SECTION] Entry point

#include "store_bench.hpp"

#include "../store/pg_cluster.hpp"
#include "store/pg_store.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

//-----------------------------------------------------------------------------
// [SECTION] Tracing libpq: the statements PgStore sends
//-----------------------------------------------------------------------------

// The executable is linked with --wrap=PQprepare,--wrap=PQexecPrepared,--wrap=PQexec
// (tests/bench/CMakeLists.txt): every call store_pg (a static library) makes to these goes through
// the functions below first, which remember each prepared statement's SQL and, while tracing is on,
// every statement executed with its parameters. The baseline then runs exactly those statements on
// a bare connection, as the SQLite figures do with sqlite3_trace_v2. Tracing off costs one branch.

namespace sl::storebench {
namespace {

struct TracedStatement {
    std::string m_sql;
    bool m_simple = false; // PQexec (simple protocol) rather than a prepared statement
    std::vector<std::optional<std::string>> m_params;
};

struct PqTrace {
    bool m_on = false;
    std::map<std::pair<const PGconn*, std::string>, std::string> m_prepared; // (connection, name) -> SQL
    std::vector<TracedStatement> m_statements;
};

PqTrace& Trace() {
    static PqTrace t;
    return t;
}

} // namespace
} // namespace sl::storebench

extern "C" {
PGresult* __real_PQprepare(PGconn* conn, const char* name, const char* query, int nParams, const Oid* paramTypes);
PGresult* __real_PQexecPrepared(PGconn* conn, const char* name, int nParams, const char* const* paramValues,
                                const int* paramLengths, const int* paramFormats, int resultFormat);
PGresult* __real_PQexec(PGconn* conn, const char* query);

PGresult* __wrap_PQprepare(PGconn* conn, const char* name, const char* query, int nParams, const Oid* paramTypes) {
    sl::storebench::Trace().m_prepared[{conn, name ? name : ""}] = query ? query : "";
    return __real_PQprepare(conn, name, query, nParams, paramTypes);
}

PGresult* __wrap_PQexecPrepared(PGconn* conn, const char* name, int nParams, const char* const* paramValues,
                                const int* paramLengths, const int* paramFormats, int resultFormat) {
    auto& t = sl::storebench::Trace();
    if (t.m_on) {
        sl::storebench::TracedStatement s;
        s.m_sql = t.m_prepared[{conn, name ? name : ""}];
        for (int i = 0; i < nParams; ++i)
            s.m_params.push_back(paramValues && paramValues[i] ? std::optional<std::string>(paramValues[i]) : std::nullopt);
        t.m_statements.push_back(std::move(s));
    }
    return __real_PQexecPrepared(conn, name, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}

PGresult* __wrap_PQexec(PGconn* conn, const char* query) {
    auto& t = sl::storebench::Trace();
    if (t.m_on) t.m_statements.push_back({query ? query : "", true, {}});
    return __real_PQexec(conn, query);
}
} // extern "C"

namespace sl::storebench {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Connections and the server
//-----------------------------------------------------------------------------

// libpq's message on one line, without its trailing newline.
std::string Msg(const char* m) {
    std::string out = m ? m : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    for (char& c : out)
        if (c == '\n' || c == '\t') c = ' ';
    return out;
}

// A raw libpq connection (the baseline's, and the loader's).
class PgConn {
public:
    explicit PgConn(const std::string& conninfo) : m_conn(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(m_conn) != CONNECTION_OK)
            Fail("cannot connect to " + PgLocationWithoutPassword(conninfo) + ": " + Msg(PQerrorMessage(m_conn)));
        PQsetNoticeProcessor(m_conn, [](void*, const char*) {}, nullptr);
        // The session PgStore sets up (exact doubles, UTF-8).
        Exec("SET extra_float_digits = 3; SET client_encoding = 'UTF8'");
    }
    ~PgConn() { PQfinish(m_conn); }
    PgConn(const PgConn&) = delete;
    PgConn& operator=(const PgConn&) = delete;

    PGconn* Get() const { return m_conn; }
    void Exec(const std::string& sql) {
        PGresult* r = PQexec(m_conn, sql.c_str());
        const ExecStatusType st = PQresultStatus(r);
        const std::string err = Msg(PQresultErrorMessage(r));
        PQclear(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) Fail(sql.substr(0, 80) + ": " + err);
    }
    std::string Value(const std::string& sql) {
        PGresult* r = PQexec(m_conn, sql.c_str());
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            const std::string err = Msg(PQresultErrorMessage(r));
            PQclear(r);
            Fail(sql.substr(0, 80) + ": " + err);
        }
        const std::string v = PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : "";
        PQclear(r);
        return v;
    }
    // COPY table(columns) FROM STDIN with the rows in COPY's text format.
    void Copy(const std::string& target, const std::string& rows) {
        PGresult* r = PQexec(m_conn, ("COPY " + target + " FROM STDIN").c_str());
        if (PQresultStatus(r) != PGRES_COPY_IN) Fail("COPY " + target + ": " + Msg(PQresultErrorMessage(r)));
        PQclear(r);
        const size_t chunk = 1 << 20;
        for (size_t at = 0; at < rows.size(); at += chunk) {
            const size_t n = std::min(chunk, rows.size() - at);
            if (PQputCopyData(m_conn, rows.data() + at, static_cast<int>(n)) != 1)
                Fail("COPY " + target + ": " + Msg(PQerrorMessage(m_conn)));
        }
        if (PQputCopyEnd(m_conn, nullptr) != 1) Fail("COPY " + target + ": " + Msg(PQerrorMessage(m_conn)));
        while ((r = PQgetResult(m_conn)) != nullptr) {
            const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
            const std::string err = Msg(PQresultErrorMessage(r));
            PQclear(r);
            if (!ok) Fail("COPY " + target + ": " + err);
        }
    }

private:
    PGconn* m_conn;
};

std::unique_ptr<PgStore> OpenStore(const std::string& conninfo) {
    auto r = PgStore::Open(conninfo);
    if (!r) Fail(r.Error().m_message);
    return std::move(r.Value());
}

// The server to measure: a throwaway cluster of our own (two databases), or the caller's database.
struct PgServer {
    std::unique_ptr<test::PgCluster> m_cluster; // null when the caller named a server
    std::string m_commits;                      // conninfo of the commit measurements' database
    std::string m_reports;                      // conninfo of the generated database
};

PgServer StartServer(const Options& o) {
    PgServer s;
    if (!o.m_pgDb.empty()) {
        // Only a database without SupportLab's schema: the bench fills it and drops what it made.
        PgConn c(o.m_pgDb);
        if (c.Value("SELECT count(*) FROM pg_namespace WHERE nspname IN ('supportlab', 'supportlab_bench')") != "0")
            Fail("--pg-db: " + PgLocationWithoutPassword(o.m_pgDb) +
                 " already has a supportlab (or supportlab_bench) schema; name an empty database: the bench "
                 "creates the schema, fills it and drops it");
        s.m_commits = s.m_reports = o.m_pgDb;
        return s;
    }
    // The test cluster's settings (a Unix socket only, trust for its superuser) made durable again
    // (the tests turn fsync off) and PostgreSQL's default shared_buffers instead of the tests' 16 MB.
    std::string error;
    s.m_cluster = test::PgCluster::Start(
        &error, "-c fsync=on -c full_page_writes=on -c synchronous_commit=on -c shared_buffers=128MB");
    if (!s.m_cluster) Fail("cannot start a PostgreSQL cluster: " + error);
    const std::string commits = s.m_cluster->CreateDatabase(&error);
    const std::string reports = commits.empty() ? "" : s.m_cluster->CreateDatabase(&error);
    if (reports.empty()) Fail(error);
    s.m_commits = s.m_cluster->Conninfo(commits);
    s.m_reports = s.m_cluster->Conninfo(reports);
    return s;
}

// CPU time a local server process has used, from /proc/PID/schedstat (ns); nullopt when unreadable.
std::optional<double> ProcessCpuMs(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/schedstat");
    double ns = 0;
    if (pid <= 0 || !(in >> ns)) return std::nullopt;
    return ns / 1e6;
}

// Medians of wall time and, when the serving backend's /proc/PID/schedstat is readable, of CPU
// time in this thread (client) and in the backend (server), over reps alternating runs.
struct PgTiming {
    double m_oursWall = 0, m_bareWall = 0;
    double m_oursClient = 0, m_bareClient = 0;
    std::optional<double> m_oursServer, m_bareServer;
};

PgTiming TimeInterleaved(int reps, const std::function<void()>& ours, int oursPid, const std::function<void()>& bare,
                         int barePid) {
    std::vector<double> ow, bw, oc, bc, os, bs;
    bool cpu = true;
    auto measure = [&](const std::function<void()>& f, int pid, std::vector<double>& wall, std::vector<double>& client,
                       std::vector<double>& server) {
        const std::optional<double> s0 = ProcessCpuMs(pid);
        const double c0 = CpuMs(), w0 = NowMs();
        f();
        wall.push_back(NowMs() - w0);
        client.push_back(CpuMs() - c0);
        const std::optional<double> s1 = ProcessCpuMs(pid);
        if (s0 && s1) server.push_back(*s1 - *s0);
        else cpu = false;
    };
    for (int i = 0; i < reps; ++i) {
        measure(ours, oursPid, ow, oc, os);
        measure(bare, barePid, bw, bc, bs);
    }
    PgTiming t;
    t.m_oursWall = Median(ow);
    t.m_bareWall = Median(bw);
    t.m_oursClient = Median(oc);
    t.m_bareClient = Median(bc);
    if (cpu) {
        t.m_oursServer = Median(os);
        t.m_bareServer = Median(bs);
    }
    return t;
}

//-----------------------------------------------------------------------------
// [SECTION] Commits per second
//-----------------------------------------------------------------------------

// Ours: PgStore::AppendEvent, one autocommit INSERT per action with the schema's triggers (order
// check under a row lock on the attempt, the attempt's event counters) and foreign key. Raw: a
// prepared INSERT of the same row, text parameters as PgStore sends them, into a table of the same
// shape (same columns and primary key, no triggers or foreign keys) on a bare connection to the
// same server, one autocommit transaction per row. local: the server is our own cluster, whose
// backends' CPU time can be read.
void BenchCommits(const Options& o, const std::string& conninfo, bool local) {
    const int n = o.m_commits;
    const std::string action = "escalate os-update-loop tier2 \"Rollback fails with 0x800f0922; logs attached\"";
    auto store = OpenStore(conninfo);
    auto trainee = store->AddTrainee("bench", "");
    if (!trainee) Fail(trainee.Error().m_message);

    PgConn raw(conninfo);
    std::printf("\n# PostgreSQL %s: fsync=%s, synchronous_commit=%s, full_page_writes=%s, shared_buffers=%s\n",
                raw.Value("SHOW server_version").c_str(), raw.Value("SHOW fsync").c_str(),
                raw.Value("SHOW synchronous_commit").c_str(), raw.Value("SHOW full_page_writes").c_str(),
                raw.Value("SHOW shared_buffers").c_str());
    Header("PostgreSQL action commits (one transaction per action; wall time, fsync included)");
    raw.Exec("CREATE SCHEMA IF NOT EXISTS supportlab_bench; DROP TABLE IF EXISTS supportlab_bench.events; "
             "CREATE TABLE supportlab_bench.events (attempt_id bigint NOT NULL, seq bigint NOT NULL, sim_time bigint "
             "NOT NULL, wall_time bigint NOT NULL, action text NOT NULL, score_after double precision, "
             "PRIMARY KEY (attempt_id, seq))");
    PGresult* prep = PQprepare(raw.Get(), "raw_insert",
                               "INSERT INTO supportlab_bench.events(attempt_id, seq, sim_time, wall_time, action, "
                               "score_after) VALUES ($1, $2, $3, $4, $5, $6)", 0, nullptr);
    if (PQresultStatus(prep) != PGRES_COMMAND_OK) Fail(std::string("prepare raw insert: ") + Msg(PQresultErrorMessage(prep)));
    PQclear(prep);

    RowId rawAttempt = 0;
    auto ours = [&]() {
        Attempt a;
        a.m_traineeId = trainee->m_id;
        a.m_scenarioId = "bench";
        auto started = store->StartAttempt(a);
        if (!started) Fail(started.Error().m_message);
        for (int i = 0; i < n; ++i) {
            auto st = store->AppendEvent(Event{started->m_id, i, i * 60, 1'700'000'000'000 + i, action, 12.5});
            if (!st) Fail(st.Error().m_message);
        }
    };
    auto base = [&]() {
        ++rawAttempt;
        const std::string attempt = std::to_string(rawAttempt);
        for (int i = 0; i < n; ++i) {
            const std::string seq = std::to_string(i), sim = std::to_string(i * 60),
                              wall = std::to_string(1'700'000'000'000 + i);
            const char* values[] = {attempt.c_str(), seq.c_str(), sim.c_str(), wall.c_str(), action.c_str(), "12.5"};
            PGresult* r = PQexecPrepared(raw.Get(), "raw_insert", 6, values, nullptr, nullptr, 0);
            if (PQresultStatus(r) != PGRES_COMMAND_OK) Fail(std::string("raw insert: ") + Msg(PQresultErrorMessage(r)));
            PQclear(r);
        }
    };
    const int reps = o.m_quick ? 1 : 3;
    const PgTiming t = TimeInterleaved(reps, ours, local ? store->BackendPid() : 0, base, local ? PQbackendPID(raw.Get()) : 0);
    const double oursRate = n / (t.m_oursWall / 1000.0), baseRate = n / (t.m_bareWall / 1000.0);
    char what[96];
    std::snprintf(what, sizeof what, "PgStore::AppendEvent, %d actions", n);
    Line(what, oursRate, baseRate, "/s", ">= 0.5x raw", oursRate >= 0.5 * baseRate);
    Line("  per action", t.m_oursWall / n, t.m_bareWall / n, "ms", "", true);
    Line("  CPU per action in this process", t.m_oursClient / n, t.m_bareClient / n, "ms", "", true);
    if (t.m_oursServer) Line("  CPU per action in the server backend", *t.m_oursServer / n, *t.m_bareServer / n, "ms", "", true);
    Line("AttemptRecorder::Apply (simulate+score+commit)", RecorderRate(*store, trainee->m_id, n), 0, "/s", "", true);
}

//-----------------------------------------------------------------------------
// [SECTION] Loading the generated database (COPY)
//-----------------------------------------------------------------------------

std::string Num(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v); // shortest text that reads back the same
    return std::string(buf, r.ptr);
}

// A text field in COPY's text format.
void Field(std::string& out, const std::string& v) {
    for (char c : v) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

// Collects GenerateRows' rows as COPY text, one buffer per table; attempts are written whole at
// the end (finished or not, with the event counters the triggers would have kept).
class CopySink final : public RowSink {
public:
    void Cohort(int id, const std::string& name) override {
        m_cohorts += std::to_string(id) + '\t';
        Field(m_cohorts, name);
        m_cohorts += '\n';
    }
    void Trainee(int id, const std::string& name, int cohortId) override {
        m_trainees += std::to_string(id) + '\t';
        Field(m_trainees, name);
        m_trainees += '\t' + std::to_string(cohortId) + '\n';
    }
    void AttemptStarted(RowId id, int traineeId, const std::string& scenarioId, std::int64_t seed,
                        WallTime startedWall) override {
        AttemptRow a;
        a.m_id = id;
        a.m_traineeId = traineeId;
        a.m_scenarioId = scenarioId;
        a.m_seed = seed;
        a.m_startedWall = startedWall;
        m_attempts.push_back(std::move(a));
    }
    void EventRow(RowId attemptId, int seq, SimTime simTime, WallTime wallTime, const std::string& action,
                  double scoreAfter) override {
        m_events += std::to_string(attemptId) + '\t' + std::to_string(seq) + '\t' + std::to_string(simTime) + '\t' +
                    std::to_string(wallTime) + '\t';
        Field(m_events, action);
        m_events += '\t' + Num(scoreAfter) + '\n';
        m_attempts.back().m_eventCount = seq + 1;
        m_attempts.back().m_lastWall = wallTime;
    }
    void ItemRow(RowId attemptId, int index, const std::string& itemId, bool question, double score, double max) override {
        m_items += std::to_string(attemptId) + '\t' + std::to_string(index) + '\t';
        Field(m_items, itemId);
        m_items += question ? "\tquestion\t" : "\tticket\t";
        Field(m_items, "Item " + itemId);
        m_items += '\t' + Num(score) + '\t' + Num(max) + '\t' + kGiven + '\t' + kExpected + '\t' + kExplanation + '\n';
    }
    void DimensionRow(RowId attemptId, int index, const char* dimension, double score, double max, int deductionCount,
                      double deductedPoints) override {
        m_dims += std::to_string(attemptId) + '\t' + std::to_string(index) + '\t' + dimension + "\tt\t" + Num(score) + '\t' +
                  Num(max) + '\t' + std::to_string(deductionCount) + '\t' + Num(deductedPoints) + '\n';
    }
    void DeductionRow(RowId attemptId, int index, int seq, const char* dimension, double points) override {
        m_deductions += std::to_string(attemptId) + '\t' + std::to_string(index) + '\t' + std::to_string(seq) + '\t' +
                        dimension + '\t' + Num(points) + '\t' + kDeductionReason + '\n';
    }
    void AttemptDimension(RowId attemptId, const char* dimension, double score, double max, int itemCount, int fullCount,
                          int deductionCount, double deductedPoints) override {
        m_attemptDims += std::to_string(attemptId) + '\t' + dimension + '\t' + Num(score) + '\t' + Num(max) + '\t' +
                         std::to_string(itemCount) + '\t' + std::to_string(fullCount) + '\t' +
                         std::to_string(deductionCount) + '\t' + Num(deductedPoints) + '\n';
    }
    void AttemptFinished(RowId attemptId, WallTime endedWall, SimTime endSimTime, double score, double max) override {
        AttemptRow& a = m_attempts.back();
        if (a.m_id != attemptId) Fail("generated rows out of order");
        a.m_finished = true;
        a.m_endedWall = endedWall;
        a.m_endSimTime = endSimTime;
        a.m_score = score;
        a.m_max = max;
    }

    // Sends every table (the caller holds the transaction).
    void Send(PgConn& c) const {
        std::string attempts;
        for (const AttemptRow& a : m_attempts) {
            attempts += std::to_string(a.m_id) + '\t' + std::to_string(a.m_traineeId) + '\t' + kLabId + '\t';
            Field(attempts, a.m_scenarioId);
            attempts += std::string("\t") + kContentHash + "\t1\t" + std::to_string(a.m_seed) + '\t' +
                        std::to_string(a.m_startedWall) + '\t';
            if (a.m_finished)
                attempts += std::to_string(a.m_endedWall) + '\t' + std::to_string(a.m_endSimTime) + "\tt\t" + kContentHash +
                            '\t' + Num(a.m_score) + '\t' + Num(a.m_max);
            else
                attempts += "\\N\t\\N\tf\t\t\\N\t\\N";
            attempts += '\t' + Num(kStartScore) + '\t' + std::to_string(a.m_eventCount) + '\t' +
                        (a.m_eventCount ? std::to_string(a.m_lastWall) : "\\N") + '\n';
        }
        c.Copy("supportlab.cohorts(id, name)", m_cohorts);
        c.Copy("supportlab.trainees(id, name, cohort_id)", m_trainees);
        c.Copy("supportlab.attempts(id, trainee_id, lab_id, scenario_id, content_hash, format_version, seed, started_wall, "
               "ended_wall, end_sim_time, finished, scored_with_hash, score, max_score, start_score, event_count, last_wall)",
               attempts);
        c.Copy("supportlab.events(attempt_id, seq, sim_time, wall_time, action, score_after)", m_events);
        c.Copy("supportlab.item_scores(attempt_id, item_index, item_id, kind, title, score, max_score, given, expected, "
               "explanation)", m_items);
        c.Copy("supportlab.dimension_scores(attempt_id, item_index, dimension, applies, score, max_score, deduction_count, "
               "deducted_points)", m_dims);
        c.Copy("supportlab.deductions(attempt_id, item_index, seq, dimension, points, reason)", m_deductions);
        c.Copy("supportlab.attempt_dimensions(attempt_id, dimension, score, max_score, item_count, full_count, "
               "deduction_count, deducted_points)", m_attemptDims);
    }

private:
    struct AttemptRow {
        RowId m_id = 0;
        int m_traineeId = 0;
        std::string m_scenarioId;
        std::int64_t m_seed = 0;
        WallTime m_startedWall = 0;
        std::int64_t m_eventCount = 0;
        WallTime m_lastWall = 0;
        bool m_finished = false;
        WallTime m_endedWall = 0;
        SimTime m_endSimTime = 0;
        double m_score = 0, m_max = 0;
    };
    std::string m_cohorts, m_trainees, m_events, m_items, m_dims, m_deductions, m_attemptDims;
    std::vector<AttemptRow> m_attempts;
};

// The supportlab tables emptied (ids restarting at 1) and filled with GenerateRows' data set by
// COPY in one transaction. The rows already obey the schema's rules, so the session skips the
// per-row triggers and foreign-key checks (session_replication_role = replica, as a restore
// does); the identity sequences are then moved past the ids written, and the tables analysed.
void Load(const Options& o, const std::string& conninfo) {
    OpenStore(conninfo); // creates (migrates) the schema
    PgConn c(conninfo);
    const double t0 = NowMs();
    CopySink sink;
    GenerateRows(o, sink);
    const double generated = NowMs();
    const char* tables =
        "supportlab.labs, supportlab.cohorts, supportlab.trainees, supportlab.lab_sessions, supportlab.attempts, "
        "supportlab.events, supportlab.item_scores, supportlab.dimension_scores, supportlab.deductions, "
        "supportlab.attempt_dimensions, supportlab.lab_runs, supportlab.lab_run_modules";
    c.Exec("BEGIN; SET LOCAL session_replication_role = replica");
    c.Exec(std::string("TRUNCATE ") + tables + " RESTART IDENTITY CASCADE");
    c.Exec(std::string("INSERT INTO supportlab.labs(lab_id, title, pass_threshold) VALUES ('") + kLabId + "', '" +
           kLabTitle + "', " + Num(kLabThreshold) + ")");
    sink.Send(c);
    for (const char* t : {"cohorts", "trainees", "attempts"})
        c.Exec(std::string("SELECT setval(pg_get_serial_sequence('supportlab.") + t + "', 'id'), max(id)) FROM supportlab." + t +
               " HAVING max(id) IS NOT NULL");
    c.Exec("COMMIT");
    const double loaded = NowMs();
    c.Exec(std::string("VACUUM (ANALYZE) ") + tables);
    PGresult* r = PQexec(c.Get(), "CHECKPOINT"); // not during the measurements (a superuser's right: tried only)
    PQclear(r);
    std::printf("generated the rows in %.1f s, COPY in %.1f s, VACUUM ANALYZE + CHECKPOINT in %.1f s (database %.1f MiB)\n",
                (generated - t0) / 1000.0, (loaded - generated) / 1000.0, (NowMs() - loaded) / 1000.0,
                std::stod(c.Value("SELECT pg_database_size(current_database())")) / (1 << 20));
}

//-----------------------------------------------------------------------------
// [SECTION] Report times
//-----------------------------------------------------------------------------

// The traced statements run on the bare connection: each distinct SQL text prepared once (ours
// caches its statements too), executed with the same text parameters, every value of every row
// read (the least any caller must do).
class BareStatements {
public:
    BareStatements(PgConn& conn, std::map<std::string, std::string>& names, const std::vector<TracedStatement>& traced)
        : m_conn(conn), m_traced(traced) {
        for (const TracedStatement& s : m_traced) {
            if (s.m_simple) {
                m_names.emplace_back();
                continue;
            }
            auto [it, added] = names.try_emplace(s.m_sql, "bare_" + std::to_string(names.size() + 1));
            if (added) {
                PGresult* r = PQprepare(m_conn.Get(), it->second.c_str(), s.m_sql.c_str(), 0, nullptr);
                if (PQresultStatus(r) != PGRES_COMMAND_OK) Fail("bare prepare: " + s.m_sql + ": " + Msg(PQresultErrorMessage(r)));
                PQclear(r);
            }
            m_names.push_back(it->second);
        }
    }

    // Runs every statement once; with perStatement, each one's wall time (ms) goes there.
    void Run(std::vector<double>* perStatement = nullptr) {
        volatile std::int64_t sink = 0;
        std::vector<const char*> values;
        for (size_t i = 0; i < m_traced.size(); ++i) {
            const TracedStatement& s = m_traced[i];
            const double t0 = perStatement ? NowMs() : 0;
            PGresult* r;
            if (s.m_simple) {
                r = PQexec(m_conn.Get(), s.m_sql.c_str());
            } else {
                values.clear();
                for (const auto& p : s.m_params) values.push_back(p ? p->c_str() : nullptr);
                r = PQexecPrepared(m_conn.Get(), m_names[i].c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                   nullptr, 0);
            }
            const ExecStatusType st = PQresultStatus(r);
            if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) Fail("bare: " + s.m_sql + ": " + Msg(PQresultErrorMessage(r)));
            const int rows = PQntuples(r), cols = PQnfields(r);
            for (int row = 0; row < rows; ++row)
                for (int c = 0; c < cols; ++c) sink = sink + PQgetlength(r, row, c) + PQgetvalue(r, row, c)[0];
            PQclear(r);
            if (perStatement) perStatement->push_back(NowMs() - t0);
        }
    }

private:
    PgConn& m_conn;
    std::vector<TracedStatement> m_traced;
    std::vector<std::string> m_names; // per statement: its prepared name ("" for a simple one)
};

void BenchReports(const Options& o, const PgServer& server) {
    const long long events = static_cast<long long>(o.m_attempts) * o.m_eventsPerAttempt;
    std::printf("\nloading the generated database into PostgreSQL: %d attempts, %lld events ...\n", o.m_attempts, events);
    std::fflush(stdout);
    Load(o, server.m_reports);

    double openMs = NowMs();
    auto store = OpenStore(server.m_reports);
    openMs = NowMs() - openMs;
    PgConn bare(server.m_reports);
    // Server CPU is read only from our own cluster's processes (a named server may be elsewhere).
    const int storePid = server.m_cluster ? store->BackendPid() : 0;
    const int barePid = server.m_cluster ? PQbackendPID(bare.Get()) : 0;

    char title[160];
    std::snprintf(title, sizeof title, "PostgreSQL reports on %d attempts, %lld events (wall time, median of %d)", o.m_attempts,
                  events, o.m_reps);
    Header(title);
    Line("open (connect, session, schema version)", openMs, 0, "ms", "", true);

    auto attempts = store->Attempts({});
    if (!attempts || attempts->empty()) Fail("no attempts");
    const RowId middle = attempts->at(attempts->size() / 2).m_id;
    attempts = StoreResult<std::vector<Attempt>>(std::vector<Attempt>{});

    std::map<std::string, std::string> prepared; // the bare connection's statement names
    for (const ReportCase& r : ReportCases(*store, middle)) {
        // Capture the exact statements the report sends, then time ours against them run bare.
        Trace().m_statements.clear();
        Trace().m_on = true;
        const size_t rows = r.m_compute();
        Trace().m_on = false;
        const std::vector<TracedStatement> traced = std::move(Trace().m_statements);
        Trace().m_statements.clear();
        if (traced.empty() || rows == 0) Fail("no SQL traced or no rows for " + r.m_name);
        BareStatements bareSql(bare, prepared, traced);
        bareSql.Run(); // both sides warm: ours ran once above
        size_t sink = 0;
        const PgTiming t = TimeInterleaved(o.m_reps, [&] { sink += r.m_compute(); }, storePid, [&] { bareSql.Run(); }, barePid);
        Line(r.m_name, t.m_oursWall, t.m_bareWall, "ms", r.m_judged ? "< 100 ms, <= 1.5x bare" : "",
             t.m_oursWall < 100.0 && t.m_oursWall <= 1.5 * t.m_bareWall);
        Line("  CPU in this process (libpq, parsing, report)", t.m_oursClient, t.m_bareClient, "ms", "", true);
        if (t.m_oursServer) Line("  CPU in the server backend (the SQL)", *t.m_oursServer, *t.m_bareServer, "ms", "", true);
        std::vector<double> rendered;
        size_t bytes = 0;
        for (int i = 0; i < o.m_reps; ++i) {
            const double w = NowMs();
            bytes = r.m_render();
            rendered.push_back(NowMs() - w);
        }
        char what[96];
        std::snprintf(what, sizeof what, "  with %s (%zu bytes)", r.m_judged ? "text table" : "CSV text", bytes);
        Line(what, Median(rendered), 0, "ms", "", true);
        size_t simple = 0;
        for (const TracedStatement& s : traced) simple += s.m_simple ? 1 : 0;
        std::printf("  %zu statement(s) traced (%zu prepared, %zu simple)\n", traced.size(), traced.size() - simple, simple);
        // Where the bare time goes: the slowest statement, by the median of reps runs.
        std::vector<std::vector<double>> perStatement(traced.size());
        for (int i = 0; i < o.m_reps; ++i) {
            std::vector<double> times;
            bareSql.Run(&times);
            for (size_t k = 0; k < times.size(); ++k) perStatement[k].push_back(times[k]);
        }
        size_t slowest = 0;
        double total = 0;
        std::vector<double> medians;
        for (const auto& v : perStatement) medians.push_back(Median(v));
        for (size_t k = 0; k < medians.size(); ++k) {
            total += medians[k];
            if (medians[k] > medians[slowest]) slowest = k;
        }
        std::printf("  slowest bare statement %.2f ms of %.2f ms: %.90s...\n", medians[slowest], total,
                    traced[slowest].m_sql.c_str());
        (void)sink;
    }
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Entry point
//-----------------------------------------------------------------------------

void BenchPostgres(const Options& o) {
    std::printf("\n# supportlab-store-bench: PostgreSQL (libpq %d), %s%s\n", PQlibVersion(),
                o.m_pgDb.empty() ? "a throwaway cluster of our own (initdb, Unix socket)"
                                 : ("database " + PgLocationWithoutPassword(o.m_pgDb)).c_str(),
                o.m_quick ? " (--quick: tiny sizes, figures mean nothing)" : "");
    std::fflush(stdout);
    const PgServer server = StartServer(o);
    BenchCommits(o, server.m_commits, server.m_cluster != nullptr);
    BenchReports(o, server);
    if (!server.m_cluster) {
        if (o.m_keep) {
            std::printf("\nkept the schemas supportlab and supportlab_bench in %s\n",
                        PgLocationWithoutPassword(o.m_pgDb).c_str());
        } else {
            PgConn c(o.m_pgDb);
            c.Exec("DROP SCHEMA supportlab CASCADE; DROP SCHEMA IF EXISTS supportlab_bench CASCADE");
        }
    } else if (o.m_keep) {
        std::printf("\n(--keep does not keep the throwaway cluster: use --pg-db to measure a server that stays)\n");
    }
}

} // namespace sl::storebench
