// SupportLab bench: the sections of supportlab-bench, each adding its rows to the table.
#pragma once

#include "bench_util.hpp"

namespace sl::bench {

void BenchLibrary(const Options& o, Table& table); // load + validate + peak memory
void BenchReplay(const Options& o, Table& table);  // replay + score a long lab
#ifdef SUPPORTLAB_BENCH_UI
void BenchUi(const Options& o, Table& table);        // headless frames of the busiest screens
void BenchColdStart(const Options& o, Table& table); // library + database + first frame
void BenchIdle(const Options& o, Table& table);      // the real app's CPU on a static screen (under X)
#endif

} // namespace sl::bench
