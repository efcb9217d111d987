// SupportLab bench: timing, peak-memory probes and the figures table (ours vs the raw library, same run).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <malloc.h>
#include <time.h>

namespace sl::bench {

struct Options {
    bool m_quick = false;  // small sizes, one repetition: the ctest smoke run (no timing judged)
    int m_reps = 5;        // repetitions per measurement; the median is reported
    std::vector<std::string> m_only; // section names to run; empty: all
    std::string m_storeBench;        // path of the store engineer's benchmark, run as its own section
    int m_files = 0;                 // library size override (0: 500 files), for profiling runs
};

// Medians and minimums of repeated timings, in milliseconds.
struct Timing {
    double m_ours = 0;
    double m_base = 0;
    double m_oursBest = 0;
    double m_baseBest = 0;
};

// One line of the table. m_goal is a human-readable target; m_met is set when the line has one.
struct Row {
    std::string m_what;
    std::string m_baseline; // what the raw-library baseline does
    double m_ours = 0;
    double m_base = 0;      // 0: no baseline
    std::string m_unit;     // "ms", "MiB", ...
    std::string m_goal;
    std::optional<bool> m_met;
    double m_oursBest = 0; // fastest run, when timed repeatedly (the row shows medians)
    double m_baseBest = 0;
};

// A timed row: medians in the table, the fastest runs beside them.
inline Row TimedRow(std::string what, std::string baseline, const Timing& t, std::string goal, std::optional<bool> met) {
    Row r{std::move(what), std::move(baseline), t.m_ours, t.m_base, "ms", std::move(goal), met};
    r.m_oursBest = t.m_oursBest;
    r.m_baseBest = t.m_baseBest;
    return r;
}

class Table {
public:
    void Add(Row row) {
        Print(row);
        m_rows.push_back(std::move(row));
    }
    const std::vector<Row>& Rows() const { return m_rows; }

    static double Ratio(const Row& r) { return r.m_base > 0 ? r.m_ours / r.m_base : 0.0; }

    static void Header() {
        std::printf("%-58s %12s %12s %8s  %-10s %s\n", "figure", "ours", "baseline", "ratio", "goal", "baseline is");
        std::printf("%s\n", std::string(140, '-').c_str());
    }

    static void Print(const Row& r) {
        char ours[32], base[32], ratio[16];
        std::snprintf(ours, sizeof ours, "%.3f %s", r.m_ours, r.m_unit.c_str());
        if (r.m_base > 0) {
            std::snprintf(base, sizeof base, "%.3f %s", r.m_base, r.m_unit.c_str());
            std::snprintf(ratio, sizeof ratio, "%.2fx", Ratio(r));
        } else {
            std::snprintf(base, sizeof base, "-");
            std::snprintf(ratio, sizeof ratio, "-");
        }
        const std::string goal = r.m_goal.empty() ? "reported" : r.m_goal + (r.m_met ? (*r.m_met ? " ok" : " MISSED") : "");
        std::printf("%-58s %12s %12s %8s  %-10s %s\n", r.m_what.c_str(), ours, base, ratio, goal.c_str(), r.m_baseline.c_str());
        if (r.m_oursBest > 0)
            std::printf("%-58s %9.3f ms %9.3f ms %7.2fx\n", "  (fastest run)", r.m_oursBest, r.m_baseBest,
                        r.m_baseBest > 0 ? r.m_oursBest / r.m_baseBest : 0.0);
        std::fflush(stdout);
    }

    // The same rows as a Markdown table, for docs/performance.md.
    void PrintMarkdown() const {
        std::printf("\n| figure | ours | baseline (same run) | ratio | goal |\n|---|---|---|---|---|\n");
        for (const Row& r : m_rows) {
            char ratio[16] = "-";
            if (r.m_base > 0) std::snprintf(ratio, sizeof ratio, "%.2f×", Ratio(r));
            const std::string base = r.m_base > 0 ? Fmt(r.m_base) + " " + r.m_unit + " — " + r.m_baseline : r.m_baseline.empty() ? "-" : r.m_baseline;
            const std::string goal = r.m_goal.empty() ? "reported" : r.m_goal + (r.m_met ? (*r.m_met ? " (met)" : " (**missed**)") : "");
            std::printf("| %s | %s %s | %s | %s | %s |\n", r.m_what.c_str(), Fmt(r.m_ours).c_str(), r.m_unit.c_str(),
                        base.c_str(), ratio, goal.c_str());
        }
    }

private:
    static std::string Fmt(double v) {
        char b[32];
        std::snprintf(b, sizeof b, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
        return b;
    }
    std::vector<Row> m_rows;
};

inline double NowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// CPU time of this thread: the machines are shared, and time spent descheduled is not ours.
inline double ThreadCpuMs() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Milliseconds of thread CPU time f takes (every figure in the table is CPU time, see docs/performance.md).
template <class F>
double TimeMs(F&& f) {
    const double start = ThreadCpuMs();
    f();
    return ThreadCpuMs() - start;
}

inline double Median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Times ours and the baseline alternately `reps` times (so both see the same machine load).
template <class Ours, class Base>
Timing Interleaved(int reps, Ours&& ours, Base&& base) {
    std::vector<double> a, b;
    for (int i = 0; i < reps; ++i) {
        if (i % 2 == 0) {
            a.push_back(TimeMs(ours));
            b.push_back(TimeMs(base));
        } else {
            b.push_back(TimeMs(base));
            a.push_back(TimeMs(ours));
        }
    }
    return {Median(a), Median(b), *std::min_element(a.begin(), a.end()), *std::min_element(b.begin(), b.end())};
}

// Resident-set figures from /proc/self/status, in KiB (0 when unavailable).
inline long StatusKiB(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(key) + ":";
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) == 0) return std::atol(line.c_str() + prefix.size());
    return 0;
}

// Resets the peak-RSS mark (VmHWM) to the current RSS; false on kernels without clear_refs 5.
inline bool ResetPeakRss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

// Peak RSS growth in MiB while f runs (VmHWM after minus VmRSS before, with the mark reset). Free
// heap memory is handed back to the kernel first, or earlier runs' freed pages would hide the growth.
template <class F>
double PeakGrowthMiB(F&& f) {
    ::malloc_trim(0);
    ResetPeakRss();
    const long before = StatusKiB("VmRSS");
    f();
    const long peak = StatusKiB("VmHWM");
    return static_cast<double>(std::max(0L, peak - before)) / 1024.0;
}

} // namespace sl::bench
