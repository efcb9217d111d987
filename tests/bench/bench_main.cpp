// SupportLab bench: supportlab-bench — every figure next to the raw library doing the same work in the same run.
#include "bench_sections.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include <sys/utsname.h>
#include <unistd.h>

namespace {

const char* kUsage =
    "usage: supportlab-bench [--quick] [--reps N] [--only SECTION[,SECTION...]] [--markdown] [--store-bench PATH] [--files N]\n"
    "  sections: library replay ui coldstart idle store\n"
    "  --quick        tiny sizes and one repetition (a smoke run; figures mean nothing)\n"
    "  --reps N       repetitions per measurement, median reported (default 5)\n"
    "  --markdown     also print the table as Markdown (for docs/performance.md)\n"
    "  --store-bench  the store benchmark executable to run as section 'store'\n"
    "  --files N      library size (default 500 files of 20 tickets), for profiling runs\n";

std::string CpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

void PrintMachine() {
    utsname u{};
    ::uname(&u);
    const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGE_SIZE);
    double load[3] = {0, 0, 0};
    if (::getloadavg(load, 3) < 0) load[0] = -1;
    std::printf("# machine: %s, %u hardware threads, %.1f GiB RAM, %s %s, load average %.2f\n", CpuModel().c_str(),
                std::thread::hardware_concurrency(), static_cast<double>(pages) * static_cast<double>(pageSize) / (1u << 30),
                u.sysname, u.release, load[0]);
#ifdef NDEBUG
    std::printf("# build: optimised (NDEBUG)\n");
#else
    std::printf("# build: NOT optimised (debug build: figures are not representative)\n");
#endif
}

bool Wanted(const sl::bench::Options& o, const std::string& section) {
    if (o.m_only.empty()) return true;
    for (const std::string& s : o.m_only)
        if (s == section) return true;
    return false;
}

} // namespace

int main(int argc, char** argv) {
    sl::bench::Options o;
    bool markdown = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quick") o.m_quick = true;
        else if (a == "--markdown") markdown = true;
        else if (a == "--reps" && i + 1 < argc) o.m_reps = std::max(1, std::atoi(argv[++i]));
        else if (a == "--store-bench" && i + 1 < argc) o.m_storeBench = argv[++i];
        else if (a == "--files" && i + 1 < argc) o.m_files = std::max(1, std::atoi(argv[++i]));
        else if (a == "--only" && i + 1 < argc) {
            std::string list = argv[++i];
            size_t start = 0;
            while (start <= list.size()) {
                const size_t comma = list.find(',', start);
                o.m_only.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        } else if (a == "--help" || a == "-h") {
            std::printf("%s", kUsage);
            return 0;
        } else {
            std::fprintf(stderr, "supportlab-bench: unknown argument '%s'\n%s", a.c_str(), kUsage);
            return 2;
        }
    }

    PrintMachine();
    sl::bench::Table table;
    sl::bench::Table::Header();
    int failures = 0;
    const auto run = [&](const char* name, const std::function<void()>& f) {
        if (!Wanted(o, name)) return;
        try {
            f();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "supportlab-bench: section '%s' failed: %s\n", name, e.what());
            ++failures;
        }
    };
    run("library", [&] { sl::bench::BenchLibrary(o, table); });
    run("replay", [&] { sl::bench::BenchReplay(o, table); });
#ifdef SUPPORTLAB_BENCH_UI
    run("ui", [&] { sl::bench::BenchUi(o, table); });
    run("coldstart", [&] { sl::bench::BenchColdStart(o, table); });
    run("idle", [&] { sl::bench::BenchIdle(o, table); });
#else
    if (Wanted(o, "ui") || Wanted(o, "coldstart") || Wanted(o, "idle")) std::printf("# ui, coldstart, idle: skipped (built without the ui target)\n");
#endif
    if (markdown) table.PrintMarkdown();
    std::fflush(stdout);
    if (!o.m_storeBench.empty() && Wanted(o, "store")) {
        std::printf("\n# store: %s\n", o.m_storeBench.c_str());
        std::fflush(stdout);
        const std::string cmd = "'" + o.m_storeBench + "'" + (o.m_quick ? " --quick" : "");
        if (std::system(cmd.c_str()) != 0) {
            std::fprintf(stderr, "supportlab-bench: the store benchmark failed\n");
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}
