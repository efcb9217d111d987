// SupportLab bench: supportlab-store-bench — action commits vs a raw INSERT, and report times vs bare SQL (SQLite; PostgreSQL in pg_store_bench.cpp).

// [SECTION] Timing and output
// [SECTION] Commits per second
// [SECTION] The generated database
// [SECTION] Report times
// [SECTION] Entry point

#include "store_bench.hpp"

#include "reports/query.hpp"
#include "reports/render.hpp"
#include "store/attempt_recorder.hpp"
#include "store/sqlite_store.hpp"

#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace sl::storebench {

//-----------------------------------------------------------------------------
// [SECTION] Timing and output
//-----------------------------------------------------------------------------

double NowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Report timings use it (everything is in the page cache); commit timings use wall time, because
// waiting for fsync is exactly what they measure.
double CpuMs() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double Median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

std::pair<double, double> Interleaved(int reps, const std::function<void()>& ours, const std::function<void()>& base,
                                      double (*clock)()) {
    std::vector<double> a, b;
    for (int i = 0; i < reps; ++i) {
        double t = clock();
        ours();
        a.push_back(clock() - t);
        t = clock();
        base();
        b.push_back(clock() - t);
    }
    return {Median(a), Median(b)};
}

void Header(const char* title) {
    std::printf("\n## %s\n%-46s %14s %14s %8s  %s\n", title, "figure", "ours", "baseline", "ratio", "goal");
    std::printf("%s\n", std::string(110, '-').c_str());
}

void Line(const std::string& what, double ours, double base, const char* unit, const std::string& goal, bool met) {
    char o[32], b[32], r[16];
    std::snprintf(o, sizeof o, "%.2f %s", ours, unit);
    std::snprintf(b, sizeof b, base > 0 ? "%.2f %s" : "-", base, unit);
    std::snprintf(r, sizeof r, base > 0 ? "%.2fx" : "-", base > 0 ? ours / base : 0.0);
    std::printf("%-46s %14s %14s %8s  %s%s\n", what.c_str(), o, b, r, goal.c_str(),
                goal.empty() ? "" : (met ? " (met)" : " (MISSED)"));
    std::fflush(stdout);
}

void Fail(const std::string& what) {
    std::fprintf(stderr, "supportlab-store-bench: %s\n", what.c_str());
    std::exit(1);
}

double RecorderRate(Store& store, RowId traineeId, int n) {
    Scenario s;
    s.m_id = "bench-scenario";
    s.m_contentHash = "bench";
    Ticket t;
    t.m_id = "t1";
    t.m_answer.m_route = "resolve";
    s.m_tickets.push_back(t);
    Attempt meta;
    meta.m_traineeId = traineeId;
    auto rec = AttemptRecorder::Start(store, s, meta, SystemWallClockMs);
    if (!rec) Fail(rec.Error().m_message);
    Action wait;
    wait.m_type = ActionType::Wait;
    wait.m_duration = 1;
    const double t0 = NowMs();
    for (int i = 0; i < n; ++i)
        if (rec->Apply(wait).m_storeError) Fail("recorder write failed");
    return n / ((NowMs() - t0) / 1000.0);
}

namespace {

void Exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) Fail(sql.substr(0, 60) + ": " + (err ? err : "?"));
}

//-----------------------------------------------------------------------------
// [SECTION] Commits per second
//-----------------------------------------------------------------------------

// Ours: Store::AppendEvent, one transaction per action (WAL, synchronous=FULL, foreign keys, the
// append-only trigger). Raw: a prepared INSERT of the same row into a table of the same shape, with
// the same pragmas, one transaction per row.
void BenchCommits(const Options& o) {
    Header("action commits (one transaction per action; wall time, fsync included)");
    const int n = o.m_commits;
    const std::string action = "escalate os-update-loop tier2 \"Rollback fails with 0x800f0922; logs attached\"";

    for (const char* f : {"/commits.db", "/commits.db-wal", "/commits.db-shm", "/raw.db", "/raw.db-wal", "/raw.db-shm"})
        std::filesystem::remove(o.m_dir + f); // fresh files every run
    auto store = SqliteStore::Open(o.m_dir + "/commits.db");
    if (!store) Fail(store.Error().m_message);
    auto trainee = store.Value()->AddTrainee("bench", "");
    if (!trainee) Fail(trainee.Error().m_message);

    sqlite3* raw = nullptr;
    if (sqlite3_open((o.m_dir + "/raw.db").c_str(), &raw) != SQLITE_OK) Fail("cannot open raw.db");
    Exec(raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
              "CREATE TABLE IF NOT EXISTS events (attempt_id INTEGER NOT NULL, seq INTEGER NOT NULL, sim_time INTEGER "
              "NOT NULL, wall_time INTEGER NOT NULL, action TEXT NOT NULL, score_after REAL, PRIMARY KEY (attempt_id, "
              "seq)) STRICT, WITHOUT ROWID");
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(raw, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", -1, &insert, nullptr) != SQLITE_OK)
        Fail("prepare raw insert");

    RowId rawAttempt = 0;
    auto ours = [&]() {
        Attempt a;
        a.m_traineeId = trainee->m_id;
        a.m_scenarioId = "bench";
        auto started = store.Value()->StartAttempt(a);
        if (!started) Fail(started.Error().m_message);
        for (int i = 0; i < n; ++i) {
            auto st = store.Value()->AppendEvent(Event{started->m_id, i, i * 60, 1'700'000'000'000 + i, action, 12.5});
            if (!st) Fail(st.Error().m_message);
        }
    };
    auto base = [&]() {
        ++rawAttempt;
        for (int i = 0; i < n; ++i) {
            sqlite3_bind_int64(insert, 1, rawAttempt);
            sqlite3_bind_int64(insert, 2, i);
            sqlite3_bind_int64(insert, 3, i * 60);
            sqlite3_bind_int64(insert, 4, 1'700'000'000'000 + i);
            sqlite3_bind_text(insert, 5, action.c_str(), static_cast<int>(action.size()), SQLITE_STATIC);
            sqlite3_bind_double(insert, 6, 12.5);
            if (sqlite3_step(insert) != SQLITE_DONE) Fail("raw insert");
            sqlite3_reset(insert);
        }
    };
    const int reps = o.m_quick ? 1 : 3;
    const auto [oursMs, baseMs] = Interleaved(reps, ours, base);
    const double oursRate = n / (oursMs / 1000.0), baseRate = n / (baseMs / 1000.0);
    char what[96];
    std::snprintf(what, sizeof what, "Store::AppendEvent, %d actions", n);
    Line(what, oursRate, baseRate, "/s", ">= 0.5x raw", oursRate >= 0.5 * baseRate);
    Line("  per action", oursMs / n, baseMs / n, "ms", "", true);

    // The whole trainee action as the app does it: simulate, score, commit (informational).
    Line("AttemptRecorder::Apply (simulate+score+commit)", RecorderRate(*store.Value(), trainee->m_id, n), 0, "/s", "", true);
    sqlite3_finalize(insert);
    sqlite3_close(raw);
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] The generated database
//-----------------------------------------------------------------------------

void GenerateRows(const Options& o, RowSink& sink) {
    const int scenarios = 5, perPair = 4;
    const int trainees = std::max(1, o.m_attempts / (scenarios * perPair));
    for (int c = 1; c <= 20; ++c) sink.Cohort(c, "cohort-" + std::to_string(c));
    std::uint64_t rng = 0x9E3779B97F4A7C15ull;
    auto rand01 = [&]() {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return static_cast<double>(rng % 1000) / 1000.0;
    };
    const char* dims[] = {"triage", "troubleshooting", "routing", "sla", "policy"};
    const double dimMax[] = {10, 10, 10, 5, 5};
    const char* actions[] = {"ack t-%d", "ask t-%d since", "diagnose t-%d event-log", "triage t-%d category=os impact=low urgency=high",
                             "step t-%d rollback", "escalate t-%d tier2 \"Rollback fails; logs attached\"", "wait 2m"};
    RowId attemptId = 0;
    for (int t = 1; t <= trainees; ++t) {
        sink.Trainee(t, "Trainee " + std::to_string(t), 1 + t % 20);
        const double skill = rand01();
        for (int sc = 0; sc < scenarios; ++sc) {
            const std::string scenario = "scenario-" + std::to_string(sc + 1);
            for (int k = 0; k < perPair; ++k) {
                ++attemptId;
                const std::int64_t start = 1'700'000'000'000 + attemptId * 3'600'000;
                sink.AttemptStarted(attemptId, t, scenario, attemptId, start);
                double score = kStartScore;
                char text[128];
                for (int e = 0; e < o.m_eventsPerAttempt; ++e) {
                    std::snprintf(text, sizeof text, actions[e % 7], e / 7 % 8);
                    score += (rand01() - 0.45);
                    sink.EventRow(attemptId, e, e * 90, start + e * 20'000, text, score);
                }
                const bool unfinished = k == perPair - 1 && attemptId % 10 == 0;
                if (unfinished) continue;
                double total = 0, max = 0;
                double byDim[5] = {0, 0, 0, 0, 0};
                int full[5] = {0, 0, 0, 0, 0};
                for (int i = 0; i < 10; ++i) {
                    const bool question = i < 2;
                    const std::string id = (question ? "q-" : "t-") + std::to_string(i);
                    // The item row first: dimension and deduction rows reference it.
                    double dimScore[5] = {0, 0, 0, 0, 0};
                    double itemScore = 0, itemMax = 0;
                    if (question) {
                        itemMax = 2;
                        itemScore = rand01() < 0.4 + 0.5 * skill ? 2 : 0;
                    } else {
                        for (int d = 0; d < 5; ++d) {
                            dimScore[d] = rand01() < 0.3 + 0.6 * skill ? dimMax[d] : dimMax[d] / 2;
                            itemScore += dimScore[d];
                            itemMax += dimMax[d];
                        }
                    }
                    total += itemScore;
                    max += itemMax;
                    sink.ItemRow(attemptId, i, id, question, itemScore, itemMax);
                    if (question) {
                        sink.DimensionRow(attemptId, i, "knowledge", itemScore, itemMax, 0, 0);
                        continue;
                    }
                    for (int d = 0; d < 5; ++d) {
                        const double sc = dimScore[d];
                        byDim[d] += sc;
                        if (sc >= dimMax[d]) ++full[d];
                        sink.DimensionRow(attemptId, i, dims[d], sc, dimMax[d], sc < dimMax[d] ? 1 : 0, dimMax[d] - sc);
                        if (sc < dimMax[d]) sink.DeductionRow(attemptId, i, d, dims[d], dimMax[d] - sc);
                    }
                }
                for (int d = 0; d < 5; ++d)
                    sink.AttemptDimension(attemptId, dims[d], byDim[d], 8 * dimMax[d], 8, full[d], 8 - full[d],
                                          8 * dimMax[d] - byDim[d]);
                sink.AttemptFinished(attemptId, start + o.m_eventsPerAttempt * 20'000, o.m_eventsPerAttempt * 90, total, max);
            }
        }
    }
}

namespace {

// Writes the generated rows into a SupportLab SQLite database with prepared statements.
class SqliteSink final : public RowSink {
public:
    explicit SqliteSink(sqlite3* db) : m_db(db) {
        m_cohort = Prepare("INSERT INTO cohorts(id, name) VALUES (?, ?)");
        m_trainee = Prepare("INSERT INTO trainees(id, name, cohort_id) VALUES (?, ?, ?)");
        m_attempt = Prepare(
            "INSERT INTO attempts(id, trainee_id, lab_id, scenario_id, content_hash, format_version, seed, started_wall, "
            "start_score) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)");
        m_finish = Prepare(
            "UPDATE attempts SET finished = 1, ended_wall = ?, end_sim_time = ?, score = ?, max_score = ?, "
            "scored_with_hash = ? WHERE id = ?");
        m_event = Prepare("INSERT INTO events(attempt_id, seq, sim_time, wall_time, action, score_after) VALUES (?, ?, ?, ?, ?, ?)");
        m_item = Prepare("INSERT INTO item_scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        m_dim = Prepare("INSERT INTO dimension_scores VALUES (?, ?, ?, 1, ?, ?, ?, ?)");
        m_ded = Prepare("INSERT INTO deductions VALUES (?, ?, ?, ?, ?, ?)");
        m_adim = Prepare("INSERT INTO attempt_dimensions VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }
    ~SqliteSink() override {
        for (sqlite3_stmt* s : {m_cohort, m_trainee, m_attempt, m_finish, m_event, m_item, m_dim, m_ded, m_adim})
            sqlite3_finalize(s);
    }
    SqliteSink(const SqliteSink&) = delete;
    SqliteSink& operator=(const SqliteSink&) = delete;

    void Cohort(int id, const std::string& name) override {
        sqlite3_bind_int(m_cohort, 1, id);
        sqlite3_bind_text(m_cohort, 2, name.c_str(), -1, SQLITE_TRANSIENT);
        Step(m_cohort);
    }
    void Trainee(int id, const std::string& name, int cohortId) override {
        sqlite3_bind_int(m_trainee, 1, id);
        sqlite3_bind_text(m_trainee, 2, name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(m_trainee, 3, cohortId);
        Step(m_trainee);
    }
    void AttemptStarted(RowId id, int traineeId, const std::string& scenarioId, std::int64_t seed,
                        WallTime startedWall) override {
        sqlite3_bind_int64(m_attempt, 1, id);
        sqlite3_bind_int(m_attempt, 2, traineeId);
        sqlite3_bind_text(m_attempt, 3, kLabId, -1, SQLITE_STATIC);
        sqlite3_bind_text(m_attempt, 4, scenarioId.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(m_attempt, 5, kContentHash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(m_attempt, 6, seed);
        sqlite3_bind_int64(m_attempt, 7, startedWall);
        sqlite3_bind_double(m_attempt, 8, kStartScore);
        Step(m_attempt);
    }
    void EventRow(RowId attemptId, int seq, SimTime simTime, WallTime wallTime, const std::string& action,
                  double scoreAfter) override {
        sqlite3_bind_int64(m_event, 1, attemptId);
        sqlite3_bind_int(m_event, 2, seq);
        sqlite3_bind_int64(m_event, 3, simTime);
        sqlite3_bind_int64(m_event, 4, wallTime);
        sqlite3_bind_text(m_event, 5, action.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(m_event, 6, scoreAfter);
        Step(m_event);
    }
    void ItemRow(RowId attemptId, int index, const std::string& itemId, bool question, double score, double max) override {
        sqlite3_bind_int64(m_item, 1, attemptId);
        sqlite3_bind_int(m_item, 2, index);
        sqlite3_bind_text(m_item, 3, itemId.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(m_item, 4, question ? "question" : "ticket", -1, SQLITE_STATIC);
        sqlite3_bind_text(m_item, 5, ("Item " + itemId).c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(m_item, 6, score);
        sqlite3_bind_double(m_item, 7, max);
        sqlite3_bind_text(m_item, 8, kGiven, -1, SQLITE_STATIC);
        sqlite3_bind_text(m_item, 9, kExpected, -1, SQLITE_STATIC);
        sqlite3_bind_text(m_item, 10, kExplanation, -1, SQLITE_STATIC);
        Step(m_item);
    }
    void DimensionRow(RowId attemptId, int index, const char* dimension, double score, double max, int deductionCount,
                      double deductedPoints) override {
        sqlite3_bind_int64(m_dim, 1, attemptId);
        sqlite3_bind_int(m_dim, 2, index);
        sqlite3_bind_text(m_dim, 3, dimension, -1, SQLITE_STATIC);
        sqlite3_bind_double(m_dim, 4, score);
        sqlite3_bind_double(m_dim, 5, max);
        sqlite3_bind_int(m_dim, 6, deductionCount);
        sqlite3_bind_double(m_dim, 7, deductedPoints);
        Step(m_dim);
    }
    void DeductionRow(RowId attemptId, int index, int seq, const char* dimension, double points) override {
        sqlite3_bind_int64(m_ded, 1, attemptId);
        sqlite3_bind_int(m_ded, 2, index);
        sqlite3_bind_int(m_ded, 3, seq);
        sqlite3_bind_text(m_ded, 4, dimension, -1, SQLITE_STATIC);
        sqlite3_bind_double(m_ded, 5, points);
        sqlite3_bind_text(m_ded, 6, kDeductionReason, -1, SQLITE_STATIC);
        Step(m_ded);
    }
    void AttemptDimension(RowId attemptId, const char* dimension, double score, double max, int itemCount, int fullCount,
                          int deductionCount, double deductedPoints) override {
        sqlite3_bind_int64(m_adim, 1, attemptId);
        sqlite3_bind_text(m_adim, 2, dimension, -1, SQLITE_STATIC);
        sqlite3_bind_double(m_adim, 3, score);
        sqlite3_bind_double(m_adim, 4, max);
        sqlite3_bind_int(m_adim, 5, itemCount);
        sqlite3_bind_int(m_adim, 6, fullCount);
        sqlite3_bind_int(m_adim, 7, deductionCount);
        sqlite3_bind_double(m_adim, 8, deductedPoints);
        Step(m_adim);
    }
    void AttemptFinished(RowId attemptId, WallTime endedWall, SimTime endSimTime, double score, double max) override {
        sqlite3_bind_int64(m_finish, 1, endedWall);
        sqlite3_bind_int64(m_finish, 2, endSimTime);
        sqlite3_bind_double(m_finish, 3, score);
        sqlite3_bind_double(m_finish, 4, max);
        sqlite3_bind_text(m_finish, 5, kContentHash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(m_finish, 6, attemptId);
        Step(m_finish);
    }

private:
    sqlite3_stmt* Prepare(const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr) != SQLITE_OK)
            Fail(std::string("prepare ") + sql + ": " + sqlite3_errmsg(m_db));
        return s;
    }
    void Step(sqlite3_stmt* s) {
        if (sqlite3_step(s) != SQLITE_DONE) Fail(std::string("generate: ") + sqlite3_errmsg(m_db));
        sqlite3_reset(s);
    }

    sqlite3* m_db;
    sqlite3_stmt* m_cohort = nullptr;
    sqlite3_stmt* m_trainee = nullptr;
    sqlite3_stmt* m_attempt = nullptr;
    sqlite3_stmt* m_finish = nullptr;
    sqlite3_stmt* m_event = nullptr;
    sqlite3_stmt* m_item = nullptr;
    sqlite3_stmt* m_dim = nullptr;
    sqlite3_stmt* m_ded = nullptr;
    sqlite3_stmt* m_adim = nullptr;
};

// Fills a fresh SupportLab database with GenerateRows' data set, with raw SQL in one transaction:
// generating through the API would take one fsync per row.
void Generate(const Options& o, const std::string& path) {
    auto store = SqliteStore::Open(path); // creates the schema
    if (!store) Fail(store.Error().m_message);
    sqlite3* db = store.Value()->Handle();
    Exec(db, "PRAGMA synchronous = OFF; BEGIN");
    Exec(db, std::string("INSERT INTO labs VALUES ('") + kLabId + "', '" + kLabTitle + "', " +
                 std::to_string(static_cast<int>(kLabThreshold)) + ")");
    {
        SqliteSink sink(db);
        GenerateRows(o, sink);
    }
    Exec(db, "COMMIT; PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE)");
}

//-----------------------------------------------------------------------------
// [SECTION] Report times
//-----------------------------------------------------------------------------

// Records the SQL (with bound values expanded) the store runs, so the same statements can be run bare.
int TraceStatement(unsigned type, void* ctx, void* p, void*) {
    if (type != SQLITE_TRACE_STMT) return 0;
    char* sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(p));
    if (sql) {
        const std::string text = sql;
        // Transaction control and pragmas are not part of a report's reads.
        if (text.rfind("SELECT", 0) == 0) static_cast<std::vector<std::string>*>(ctx)->push_back(text);
        sqlite3_free(sql);
    }
    return 0;
}

// The report's statements prepared once on the bare connection (ours caches its statements too).
struct BareStatements {
    std::vector<sqlite3_stmt*> m_stmts;
    BareStatements(sqlite3* db, const std::vector<std::string>& sqls) {
        for (const std::string& sql : sqls) {
            sqlite3_stmt* s = nullptr;
            if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) Fail("bare prepare: " + sql);
            m_stmts.push_back(s);
        }
    }
    ~BareStatements() {
        for (sqlite3_stmt* s : m_stmts) sqlite3_finalize(s);
    }
    BareStatements(const BareStatements&) = delete;
    BareStatements& operator=(const BareStatements&) = delete;

    // Runs each statement to its last row, reading every column (the least any caller must do).
    void Run() {
        volatile std::int64_t sink = 0;
        for (sqlite3_stmt* s : m_stmts) {
            const int cols = sqlite3_column_count(s);
            int rc;
            while ((rc = sqlite3_step(s)) == SQLITE_ROW)
                for (int c = 0; c < cols; ++c) {
                    switch (sqlite3_column_type(s, c)) {
                    case SQLITE_INTEGER: sink = sink + sqlite3_column_int64(s, c); break;
                    case SQLITE_FLOAT: sink = sink + static_cast<std::int64_t>(sqlite3_column_double(s, c)); break;
                    case SQLITE_TEXT: sink = sink + sqlite3_column_bytes(s, c) + (sqlite3_column_text(s, c) ? 1 : 0); break;
                    default: break;
                    }
                }
            if (rc != SQLITE_DONE) Fail(std::string("bare step: ") + sqlite3_sql(s));
            sqlite3_reset(s);
        }
    }
};

void BenchReports(const Options& o) {
    const std::string path = o.m_dir + "/reports.db";
    const long long events = static_cast<long long>(o.m_attempts) * o.m_eventsPerAttempt;
    if (!std::filesystem::exists(path)) {
        std::printf("\ngenerating %s: %d attempts, %lld events ...\n", path.c_str(), o.m_attempts, events);
        std::fflush(stdout);
        const double t0 = NowMs();
        Generate(o, path);
        std::printf("generated in %.1f s (%.1f MiB)\n", (NowMs() - t0) / 1000.0,
                    static_cast<double>(std::filesystem::file_size(path)) / (1 << 20));
    }
    double openMs = NowMs();
    auto opened = SqliteStore::Open(path);
    openMs = NowMs() - openMs;
    if (!opened) Fail(opened.Error().m_message);
    SqliteStore& store = *opened.Value();
    sqlite3* db = store.Handle();

    // A bare connection for the baseline, with the same settings.
    sqlite3* bare = nullptr;
    if (sqlite3_open_v2(path.c_str(), &bare, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) Fail("open bare");
    Exec(bare, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000");

    char title[128];
    std::snprintf(title, sizeof title, "reports on %d attempts, %lld events (thread CPU time, median of %d)", o.m_attempts,
                  events, o.m_reps);
    Header(title);
    Line("open (checks, quick_check, migrations)", openMs, 0, "ms", "", true);

    auto attempts = store.Attempts({});
    if (!attempts || attempts->empty()) Fail("no attempts");
    const RowId middle = attempts->at(attempts->size() / 2).m_id;
    attempts = StoreResult<std::vector<Attempt>>(std::vector<Attempt>{});

    // Each report twice: the report itself (query + compute: what the GUI shows), timed against the
    // same SQL run bare, and the text rendering on top (what the CLI prints), for information.
    for (const ReportCase& r : ReportCases(store, middle)) {
        // Capture the exact statements the report runs, then time ours against them run bare.
        std::vector<std::string> sqls;
        sqlite3_trace_v2(db, SQLITE_TRACE_STMT, TraceStatement, &sqls);
        const size_t rows = r.m_compute();
        sqlite3_trace_v2(db, 0, nullptr, nullptr);
        if (sqls.empty() || rows == 0) Fail("no SQL traced or no rows for " + r.m_name);
        BareStatements bareSql(bare, sqls);
        bareSql.Run(); // both sides warm: ours ran once above
        size_t sink = 0;
        const auto [oursMs, bareMs] = Interleaved(o.m_reps, [&] { sink += r.m_compute(); }, [&] { bareSql.Run(); }, CpuMs);
        Line(r.m_name, oursMs, bareMs, "ms", r.m_judged ? "< 100 ms, <= 1.5x bare" : "", oursMs < 100.0 && oursMs <= 1.5 * bareMs);
        std::vector<double> rendered;
        size_t bytes = 0;
        for (int i = 0; i < o.m_reps; ++i) {
            const double t = CpuMs();
            bytes = r.m_render();
            rendered.push_back(CpuMs() - t);
        }
        char what[96];
        std::snprintf(what, sizeof what, "  with %s (%zu bytes)", r.m_judged ? "text table" : "CSV text", bytes);
        Line(what, Median(rendered), 0, "ms", "", true);
        std::printf("  %zu statement(s) traced\n", sqls.size());
        (void)sink;
    }
    sqlite3_close(bare);
}

// A report's value, or the bench stops with the store's message.
template <class T>
const T& Must(const StoreResult<T>& r) {
    if (!r) Fail(r.Error().m_message);
    return r.Value();
}

} // namespace

std::vector<ReportCase> ReportCases(Store& store, RowId middleAttempt) {
    ReportQuery all;
    ReportQuery cohort;
    cohort.m_cohort = "cohort-7";
    Store* s = &store;
    const RowId middle = middleAttempt;
    return {
        {"report matrix (all trainees)", [=] { return Must(QueryCohortMatrix(*s, all)).m_rows.size(); },
         [=] { return RenderText(MatrixTable(Must(QueryCohortMatrix(*s, all)))).size(); }, true},
        {"report matrix (one cohort)", [=] { return Must(QueryCohortMatrix(*s, cohort)).m_rows.size(); },
         [=] { return RenderText(MatrixTable(Must(QueryCohortMatrix(*s, cohort)))).size(); }, true},
        {"report skills (all trainees)", [=] { return Must(QuerySkills(*s, all)).m_rows.size(); },
         [=] { return RenderText(SkillsTable(Must(QuerySkills(*s, all)))).size(); }, true},
        {"report items (first attempts)", [=] { return Must(QueryItemAnalysis(*s, all)).m_items.size(); },
         [=] { return RenderText(ItemsTable(Must(QueryItemAnalysis(*s, all)))).size(); }, true},
        {"report timeline (one attempt)", [=] { return Must(QueryTimeline(*s, middle)).m_entries.size(); },
         [=] { return RenderText(TimelineTable(Must(QueryTimeline(*s, middle)))).size(); }, true},
        {"export csv (all attempts)", [=] { return Must(QueryExport(*s, all)).m_attempts.size(); },
         [=] { return ExportCsv(Must(QueryExport(*s, all))).size(); }, false},
    };
}

} // namespace sl::storebench

//-----------------------------------------------------------------------------
// [SECTION] Entry point
//-----------------------------------------------------------------------------

namespace {

const char* kUsage =
    "usage: supportlab-store-bench [--quick] [--reps N] [--commits N] [--attempts N] [--events-per-attempt N]\n"
    "                              [--dir DIR] [--keep] [--no-sqlite | --no-pg] [--pg-db CONNINFO]\n"
    "  Prints action commits per second against a raw prepared INSERT, and report times on a generated\n"
    "  database (default 10,000 attempts x 100 events = 1,000,000 events) against the same SQL run bare,\n"
    "  in the same run: first on SQLite, then on PostgreSQL (a throwaway cluster of its own, or the\n"
    "  empty database CONNINFO names: it creates the supportlab schema there, fills it and drops it\n"
    "  unless --keep). Not a test: it judges nothing, it prints.\n";

} // namespace

int main(int argc, char** argv) {
    using namespace sl::storebench;
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s", kUsage);
                std::exit(2);
            }
            return argv[++i];
        };
        auto number = [&]() { return std::max(1, std::atoi(value().c_str())); };
        if (a == "--quick") o.m_quick = true;
        else if (a == "--reps") o.m_reps = number();
        else if (a == "--commits") o.m_commits = number();
        else if (a == "--attempts") o.m_attempts = number();
        else if (a == "--events-per-attempt") o.m_eventsPerAttempt = number();
        else if (a == "--dir") o.m_dir = value();
        else if (a == "--keep") o.m_keep = true;
        else if (a == "--no-sqlite") o.m_sqlite = false;
        else if (a == "--no-pg") o.m_pg = false;
        else if (a == "--pg-db") o.m_pgDb = value();
        else if (a == "--help" || a == "-h") {
            std::printf("%s", kUsage);
            return 0;
        } else {
            std::fprintf(stderr, "%s", kUsage);
            return 2;
        }
    }
    if (!o.m_sqlite && !o.m_pg) {
        std::fprintf(stderr, "supportlab-store-bench: --no-sqlite and --no-pg leave nothing to measure\n%s", kUsage);
        return 2;
    }
    if (o.m_quick) {
        o.m_reps = 1;
        o.m_commits = 20;
        o.m_attempts = 200;
        o.m_eventsPerAttempt = 10;
    }
#ifndef NDEBUG
    std::printf("# build: NOT optimised (debug build: figures are not representative)\n");
#endif
    if (o.m_sqlite) {
        bool made = false;
        if (o.m_dir.empty()) {
            const char* t = std::getenv("TMPDIR");
            std::string tmpl = std::string(t && *t ? t : "/tmp") + "/sl-store-bench-XXXXXX";
            if (!::mkdtemp(tmpl.data())) Fail("mkdtemp failed");
            o.m_dir = tmpl;
            made = true;
        } else {
            std::filesystem::create_directories(o.m_dir);
        }
        std::printf("# supportlab-store-bench: SQLite %s, databases in %s%s\n", sqlite3_libversion(), o.m_dir.c_str(),
                    o.m_quick ? " (--quick: tiny sizes, figures mean nothing)" : "");
        BenchCommits(o);
        BenchReports(o);
        if (made && !o.m_keep) {
            std::error_code ec;
            std::filesystem::remove_all(o.m_dir, ec);
        } else {
            std::printf("\nkept %s\n", o.m_dir.c_str());
        }
    }
    if (o.m_pg) BenchPostgres(o);
    return 0;
}
