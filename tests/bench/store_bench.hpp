// SupportLab bench: supportlab-store-bench's shared options, timing, output, generated rows and report list.
#pragma once

// [SECTION] Options
// [SECTION] Timing and output
// [SECTION] The generated database's rows
// [SECTION] The reports timed on both backends

#include "store/store.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace sl::storebench {

//-----------------------------------------------------------------------------
// [SECTION] Options
//-----------------------------------------------------------------------------

struct Options {
    bool m_quick = false;      // tiny sizes, one repetition: a smoke run whose figures mean nothing
    int m_reps = 5;            // report timings: median of this many runs
    int m_commits = 2000;      // actions committed per measurement
    int m_attempts = 10000;    // generated database
    int m_eventsPerAttempt = 100;
    std::string m_dir;         // where the SQLite databases go (default: a fresh folder under $TMPDIR)
    bool m_keep = false;       // keep the databases afterwards
    bool m_sqlite = true;      // the SQLite figures
    bool m_pg = true;          // the PostgreSQL figures
    std::string m_pgDb;        // a server to use (libpq conninfo); empty: a throwaway cluster of our own
};

//-----------------------------------------------------------------------------
// [SECTION] Timing and output
//-----------------------------------------------------------------------------

double NowMs();
// CPU time of this thread: the machines are shared, and time spent descheduled is not ours.
double CpuMs();
double Median(std::vector<double> v);
// Runs ours and base alternately reps times (both see the same machine load); medians in ms of
// the given clock.
std::pair<double, double> Interleaved(int reps, const std::function<void()>& ours, const std::function<void()>& base,
                                      double (*clock)() = NowMs);
void Header(const char* title);
// One line: value and baseline in unit; goal text and whether it was met (printed, never judged).
void Line(const std::string& what, double ours, double base, const char* unit, const std::string& goal, bool met);
[[noreturn]] void Fail(const std::string& what);

// AttemptRecorder::Apply (simulate, score, commit) of n waits on a small scenario: actions per second.
double RecorderRate(Store& store, RowId traineeId, int n);

//-----------------------------------------------------------------------------
// [SECTION] The generated database's rows
//-----------------------------------------------------------------------------

// Constant columns of the generated rows (both backends store the same data set).
inline constexpr const char* kLabId = "lab-endpoint";
inline constexpr const char* kLabTitle = "Endpoint support lab";
inline constexpr double kLabThreshold = 70;
inline constexpr const char* kContentHash = "hash";
inline constexpr double kStartScore = 20;
inline constexpr const char* kGiven = "given";
inline constexpr const char* kExpected = "expected";
inline constexpr const char* kExplanation = "explanation";
inline constexpr const char* kDeductionReason = "partly right";

// Receives the generated rows in an order that satisfies foreign keys and the event log's rules:
// the cohorts, then each trainee and, per attempt, its start, its events, its score rows (each
// item before its dimension and deduction rows) and, when finished, its totals and finish.
class RowSink {
public:
    virtual ~RowSink() = default;
    virtual void Cohort(int id, const std::string& name) = 0;
    virtual void Trainee(int id, const std::string& name, int cohortId) = 0;
    virtual void AttemptStarted(RowId id, int traineeId, const std::string& scenarioId, std::int64_t seed,
                                WallTime startedWall) = 0;
    virtual void EventRow(RowId attemptId, int seq, SimTime simTime, WallTime wallTime, const std::string& action,
                          double scoreAfter) = 0;
    virtual void ItemRow(RowId attemptId, int index, const std::string& itemId, bool question, double score, double max) = 0;
    virtual void DimensionRow(RowId attemptId, int index, const char* dimension, double score, double max,
                              int deductionCount, double deductedPoints) = 0;
    virtual void DeductionRow(RowId attemptId, int index, int seq, const char* dimension, double points) = 0;
    virtual void AttemptDimension(RowId attemptId, const char* dimension, double score, double max, int itemCount,
                                  int fullCount, int deductionCount, double deductedPoints) = 0;
    virtual void AttemptFinished(RowId attemptId, WallTime endedWall, SimTime endSimTime, double score, double max) = 0;
};

// A realistic shape: 20 cohorts of trainees, 5 scenarios, 4 attempts per trainee and scenario (the
// last of each pair unfinished every 10th time), each attempt with m_eventsPerAttempt events, 10
// items (2 questions, 8 tickets x 5 dimensions), deductions and attempt totals. Deterministic: the
// same options give the same rows, so both backends hold the same data.
void GenerateRows(const Options& o, RowSink& sink);

//-----------------------------------------------------------------------------
// [SECTION] The reports timed on both backends
//-----------------------------------------------------------------------------

// One report as the CLI and GUI run it (src/reports/query.hpp), timed against its SQL run bare.
struct ReportCase {
    std::string m_name;
    std::function<size_t()> m_compute; // query + compute; returns a size so the work is not optimised away
    std::function<size_t()> m_render;  // compute + render as text (the CLI's output)
    bool m_judged = true;              // has the < 100 ms, <= 1.5x goal (the export has none)
};

// Matrix (all, one cohort), skills, items, one attempt's timeline and the CSV export over store;
// middleAttempt picks the timeline's attempt.
std::vector<ReportCase> ReportCases(Store& store, RowId middleAttempt);

// The PostgreSQL figures (pg_store_bench.cpp): commits, then reports on the generated database.
void BenchPostgres(const Options& o);

} // namespace sl::storebench
