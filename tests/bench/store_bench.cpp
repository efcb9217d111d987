// SupportLab bench: supportlab-store-bench — action commits vs a raw INSERT, and report times vs bare SQL.

// [SECTION] Options, timing and output
// [SECTION] Commits per second
// [SECTION] The generated database
// [SECTION] Report times

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

namespace {

using namespace sl;

//-----------------------------------------------------------------------------
// [SECTION] Options, timing and output
//-----------------------------------------------------------------------------

struct Options {
    bool m_quick = false;      // tiny sizes, one repetition: a smoke run whose figures mean nothing
    int m_reps = 5;            // report timings: median of this many runs
    int m_commits = 2000;      // actions committed per measurement
    int m_attempts = 10000;    // generated database
    int m_eventsPerAttempt = 100;
    std::string m_dir;         // where the databases go (default: a fresh folder under $TMPDIR)
    bool m_keep = false;       // keep the databases afterwards
};

const char* kUsage =
    "usage: supportlab-store-bench [--quick] [--reps N] [--commits N] [--attempts N] [--events-per-attempt N]\n"
    "                              [--dir DIR] [--keep]\n"
    "  Prints action commits per second against a raw prepared INSERT with the same pragmas, and\n"
    "  report times on a generated database (default 10,000 attempts x 100 events = 1,000,000 events)\n"
    "  against the same SQL run bare, in the same run. Not a test: it judges nothing, it prints.\n";

double NowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// CPU time of this thread: the machines are shared, and time spent descheduled is not ours. Report
// timings use it (everything is in the page cache); commit timings use wall time, because waiting
// for fsync is exactly what they measure.
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

// Runs ours and base alternately reps times (both see the same machine load); medians in ms of
// the given clock.
std::pair<double, double> Interleaved(int reps, const std::function<void()>& ours, const std::function<void()>& base,
                                      double (*clock)() = NowMs) {
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

// One line: value and baseline in unit; goal text and whether it was met (printed, never judged).
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
    Scenario s;
    s.m_id = "bench-scenario";
    s.m_contentHash = "bench";
    Ticket t;
    t.m_id = "t1";
    t.m_answer.m_route = "resolve";
    s.m_tickets.push_back(t);
    Attempt meta;
    meta.m_traineeId = trainee->m_id;
    auto rec = AttemptRecorder::Start(*store.Value(), s, meta, SystemWallClockMs);
    if (!rec) Fail(rec.Error().m_message);
    Action wait;
    wait.m_type = ActionType::Wait;
    wait.m_duration = 1;
    const double t0 = NowMs();
    for (int i = 0; i < n; ++i)
        if (rec->Apply(wait).m_storeError) Fail("recorder write failed");
    const double recMs = NowMs() - t0;
    Line("AttemptRecorder::Apply (simulate+score+commit)", n / (recMs / 1000.0), 0, "/s", "", true);
    sqlite3_finalize(insert);
    sqlite3_close(raw);
}

//-----------------------------------------------------------------------------
// [SECTION] The generated database
//-----------------------------------------------------------------------------

// Fills a fresh SupportLab database with a realistic shape: 20 cohorts of trainees, 5 scenarios, 4
// attempts per trainee and scenario (the last of each pair unfinished every 10th time), each attempt
// with m_eventsPerAttempt events, 10 items (2 questions, 8 tickets x 5 dimensions), deductions and
// attempt totals. Written with raw SQL in one transaction: generating through the API would take
// one fsync per row.
void Generate(const Options& o, const std::string& path) {
    auto store = SqliteStore::Open(path); // creates the schema
    if (!store) Fail(store.Error().m_message);
    sqlite3* db = store.Value()->Handle();
    Exec(db, "PRAGMA synchronous = OFF; BEGIN");
    const int scenarios = 5, perPair = 4;
    const int trainees = std::max(1, o.m_attempts / (scenarios * perPair));
    auto prep = [&](const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) Fail(std::string("prepare ") + sql + ": " + sqlite3_errmsg(db));
        return s;
    };
    auto step = [&](sqlite3_stmt* s) {
        if (sqlite3_step(s) != SQLITE_DONE) Fail(std::string("generate: ") + sqlite3_errmsg(db));
        sqlite3_reset(s);
    };
    sqlite3_stmt* cohort = prep("INSERT INTO cohorts(id, name) VALUES (?, ?)");
    sqlite3_stmt* trainee = prep("INSERT INTO trainees(id, name, cohort_id) VALUES (?, ?, ?)");
    sqlite3_stmt* attempt = prep(
        "INSERT INTO attempts(id, trainee_id, lab_id, scenario_id, content_hash, format_version, seed, started_wall, "
        "start_score) VALUES (?, ?, 'lab-endpoint', ?, 'hash', 1, ?, ?, 20)");
    sqlite3_stmt* finish = prep(
        "UPDATE attempts SET finished = 1, ended_wall = ?, end_sim_time = ?, score = ?, max_score = ?, "
        "scored_with_hash = 'hash' WHERE id = ?");
    sqlite3_stmt* event = prep("INSERT INTO events(attempt_id, seq, sim_time, wall_time, action, score_after) VALUES (?, ?, ?, ?, ?, ?)");
    sqlite3_stmt* item = prep(
        "INSERT INTO item_scores VALUES (?, ?, ?, ?, ?, ?, ?, 'given', 'expected', 'explanation')");
    sqlite3_stmt* dim = prep("INSERT INTO dimension_scores VALUES (?, ?, ?, 1, ?, ?, ?, ?)");
    sqlite3_stmt* ded = prep("INSERT INTO deductions VALUES (?, ?, ?, ?, ?, ?)");
    sqlite3_stmt* adim = prep("INSERT INTO attempt_dimensions VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    Exec(db, "INSERT INTO labs VALUES ('lab-endpoint', 'Endpoint support lab', 70)");
    for (int c = 1; c <= 20; ++c) {
        const std::string name = "cohort-" + std::to_string(c);
        sqlite3_bind_int(cohort, 1, c);
        sqlite3_bind_text(cohort, 2, name.c_str(), -1, SQLITE_TRANSIENT);
        step(cohort);
    }
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
        const std::string name = "Trainee " + std::to_string(t);
        sqlite3_bind_int(trainee, 1, t);
        sqlite3_bind_text(trainee, 2, name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(trainee, 3, 1 + t % 20);
        step(trainee);
        const double skill = rand01();
        for (int sc = 0; sc < scenarios; ++sc) {
            const std::string scenario = "scenario-" + std::to_string(sc + 1);
            for (int k = 0; k < perPair; ++k) {
                ++attemptId;
                const std::int64_t start = 1'700'000'000'000 + attemptId * 3'600'000;
                sqlite3_bind_int64(attempt, 1, attemptId);
                sqlite3_bind_int(attempt, 2, t);
                sqlite3_bind_text(attempt, 3, scenario.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(attempt, 4, attemptId);
                sqlite3_bind_int64(attempt, 5, start);
                step(attempt);
                double score = 20;
                char text[128];
                for (int e = 0; e < o.m_eventsPerAttempt; ++e) {
                    std::snprintf(text, sizeof text, actions[e % 7], e / 7 % 8);
                    score += (rand01() - 0.45);
                    sqlite3_bind_int64(event, 1, attemptId);
                    sqlite3_bind_int(event, 2, e);
                    sqlite3_bind_int(event, 3, e * 90);
                    sqlite3_bind_int64(event, 4, start + e * 20'000);
                    sqlite3_bind_text(event, 5, text, -1, SQLITE_TRANSIENT);
                    sqlite3_bind_double(event, 6, score);
                    step(event);
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
                    sqlite3_bind_int64(item, 1, attemptId);
                    sqlite3_bind_int(item, 2, i);
                    sqlite3_bind_text(item, 3, id.c_str(), -1, SQLITE_TRANSIENT);
                    sqlite3_bind_text(item, 4, question ? "question" : "ticket", -1, SQLITE_STATIC);
                    sqlite3_bind_text(item, 5, ("Item " + id).c_str(), -1, SQLITE_TRANSIENT);
                    sqlite3_bind_double(item, 6, itemScore);
                    sqlite3_bind_double(item, 7, itemMax);
                    step(item);
                    if (question) {
                        sqlite3_bind_int64(dim, 1, attemptId);
                        sqlite3_bind_int(dim, 2, i);
                        sqlite3_bind_text(dim, 3, "knowledge", -1, SQLITE_STATIC);
                        sqlite3_bind_double(dim, 4, itemScore);
                        sqlite3_bind_double(dim, 5, itemMax);
                        sqlite3_bind_int(dim, 6, 0);
                        sqlite3_bind_double(dim, 7, 0);
                        step(dim);
                        continue;
                    }
                    for (int d = 0; d < 5; ++d) {
                        const double sc = dimScore[d];
                        byDim[d] += sc;
                        if (sc >= dimMax[d]) ++full[d];
                        sqlite3_bind_int64(dim, 1, attemptId);
                        sqlite3_bind_int(dim, 2, i);
                        sqlite3_bind_text(dim, 3, dims[d], -1, SQLITE_STATIC);
                        sqlite3_bind_double(dim, 4, sc);
                        sqlite3_bind_double(dim, 5, dimMax[d]);
                        sqlite3_bind_int(dim, 6, sc < dimMax[d] ? 1 : 0);
                        sqlite3_bind_double(dim, 7, dimMax[d] - sc);
                        step(dim);
                        if (sc < dimMax[d]) {
                            sqlite3_bind_int64(ded, 1, attemptId);
                            sqlite3_bind_int(ded, 2, i);
                            sqlite3_bind_int(ded, 3, d);
                            sqlite3_bind_text(ded, 4, dims[d], -1, SQLITE_STATIC);
                            sqlite3_bind_double(ded, 5, dimMax[d] - sc);
                            sqlite3_bind_text(ded, 6, "partly right", -1, SQLITE_STATIC);
                            step(ded);
                        }
                    }
                }
                for (int d = 0; d < 5; ++d) {
                    sqlite3_bind_int64(adim, 1, attemptId);
                    sqlite3_bind_text(adim, 2, dims[d], -1, SQLITE_STATIC);
                    sqlite3_bind_double(adim, 3, byDim[d]);
                    sqlite3_bind_double(adim, 4, 8 * dimMax[d]);
                    sqlite3_bind_int(adim, 5, 8);
                    sqlite3_bind_int(adim, 6, full[d]);
                    sqlite3_bind_int(adim, 7, 8 - full[d]);
                    sqlite3_bind_double(adim, 8, 8 * dimMax[d] - byDim[d]);
                    step(adim);
                }
                sqlite3_bind_int64(finish, 1, start + o.m_eventsPerAttempt * 20'000);
                sqlite3_bind_int(finish, 2, o.m_eventsPerAttempt * 90);
                sqlite3_bind_double(finish, 3, total);
                sqlite3_bind_double(finish, 4, max);
                sqlite3_bind_int64(finish, 5, attemptId);
                step(finish);
            }
        }
    }
    for (sqlite3_stmt* s : {cohort, trainee, attempt, finish, event, item, dim, ded, adim}) sqlite3_finalize(s);
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

    ReportQuery all;
    ReportQuery cohort;
    cohort.m_cohort = "cohort-7";
    auto attempts = store.Attempts({});
    if (!attempts || attempts->empty()) Fail("no attempts");
    const RowId middle = attempts->at(attempts->size() / 2).m_id;
    attempts = StoreResult<std::vector<Attempt>>(std::vector<Attempt>{});

    // Each report twice: the report itself (query + compute: what the GUI shows), timed against the
    // same SQL run bare, and the text rendering on top (what the CLI prints), for information.
    struct Report {
        std::string m_name;
        std::function<size_t()> m_compute; // returns a size so the work cannot be optimised away
        std::function<size_t()> m_render;  // compute + render as text
    };
    auto size = [](const auto& r) { return r.Ok() ? sizeof(r.Value()) : 0; };
    const std::vector<Report> reports = {
        {"report matrix (all trainees)", [&] { auto r = QueryCohortMatrix(store, all); return r->m_rows.size() + size(r); },
         [&] { return RenderText(MatrixTable(QueryCohortMatrix(store, all).Value())).size(); }},
        {"report matrix (one cohort)", [&] { auto r = QueryCohortMatrix(store, cohort); return r->m_rows.size() + size(r); },
         [&] { return RenderText(MatrixTable(QueryCohortMatrix(store, cohort).Value())).size(); }},
        {"report skills (all trainees)", [&] { auto r = QuerySkills(store, all); return r->m_rows.size() + size(r); },
         [&] { return RenderText(SkillsTable(QuerySkills(store, all).Value())).size(); }},
        {"report items (first attempts)", [&] { auto r = QueryItemAnalysis(store, all); return r->m_items.size() + size(r); },
         [&] { return RenderText(ItemsTable(QueryItemAnalysis(store, all).Value())).size(); }},
        {"report timeline (one attempt)", [&] { auto r = QueryTimeline(store, middle); return r->m_entries.size() + size(r); },
         [&] { return RenderText(TimelineTable(QueryTimeline(store, middle).Value())).size(); }},
        {"export csv (all attempts)", [&] { auto r = QueryExport(store, all); return r->m_attempts.size() + size(r); },
         [&] { return ExportCsv(QueryExport(store, all).Value()).size(); }},
    };
    for (const Report& r : reports) {
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
        const bool isExport = r.m_name.rfind("export", 0) == 0;
        Line(r.m_name, oursMs, bareMs, "ms", isExport ? "" : "< 100 ms, <= 1.5x bare", oursMs < 100.0 && oursMs <= 1.5 * bareMs);
        std::vector<double> rendered;
        size_t bytes = 0;
        for (int i = 0; i < o.m_reps; ++i) {
            const double t = CpuMs();
            bytes = r.m_render();
            rendered.push_back(CpuMs() - t);
        }
        char what[96];
        std::snprintf(what, sizeof what, "  with %s (%zu bytes)", isExport ? "CSV text" : "text table", bytes);
        Line(what, Median(rendered), 0, "ms", "", true);
        std::printf("  %zu statement(s) traced\n", sqls.size());
        (void)sink;
    }
    sqlite3_close(bare);
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> int {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s", kUsage);
                std::exit(2);
            }
            return std::max(1, std::atoi(argv[++i]));
        };
        if (a == "--quick") o.m_quick = true;
        else if (a == "--reps") o.m_reps = next();
        else if (a == "--commits") o.m_commits = next();
        else if (a == "--attempts") o.m_attempts = next();
        else if (a == "--events-per-attempt") o.m_eventsPerAttempt = next();
        else if (a == "--dir" && i + 1 < argc) o.m_dir = argv[++i];
        else if (a == "--keep") o.m_keep = true;
        else if (a == "--help" || a == "-h") {
            std::printf("%s", kUsage);
            return 0;
        } else {
            std::fprintf(stderr, "%s", kUsage);
            return 2;
        }
    }
    if (o.m_quick) {
        o.m_reps = 1;
        o.m_commits = 20;
        o.m_attempts = 200;
        o.m_eventsPerAttempt = 10;
    }
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
#ifndef NDEBUG
    std::printf("# build: NOT optimised (debug build: figures are not representative)\n");
#endif
    BenchCommits(o);
    BenchReports(o);
    if (made && !o.m_keep) {
        std::error_code ec;
        std::filesystem::remove_all(o.m_dir, ec);
    } else {
        std::printf("\nkept %s\n", o.m_dir.c_str());
    }
    return 0;
}
