// SupportLab robustness tests: the loader's limits at their exact boundaries (tests/scenario_io
// checks the far side of each; these check that the limit itself is allowed and one more is not),
// and how many realistic tickets fit in one file under the node limit (docs/performance.md).
#include "../bench/bench_data.hpp"
#include "scenario_io/loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace sl::robust {
namespace {

const std::string kPath = "/limits/file.yaml";

std::string Model() { return bench::ReadText(std::string(SUPPORTLAB_SCENARIO_DIR) + "/models/tiered.yaml"); }

FileReader Reader() {
    return [](const std::string& path, std::string* error) -> std::optional<std::string> {
        if (path == "/limits/tiered.yaml") return Model();
        if (error) *error = "no such file";
        return std::nullopt;
    };
}

bool Mentions(const std::vector<Diagnostic>& diags, const std::string& words) {
    for (const Diagnostic& d : diags)
        if (d.m_message.find(words) != std::string::npos) return true;
    return false;
}

std::string Dump(const std::vector<Diagnostic>& diags) {
    std::string out;
    for (size_t i = 0; i < diags.size() && i < 5; ++i) out += FormatDiagnostic(diags[i]) + "\n";
    return out;
}

const std::string kLab = "format: 1\nkind: lab\nid: l\ntitle: L\n"
                         "modules: [{id: m, title: M, type: lecture, duration: 1m, text: T}]\n";

// A valid lab padded with comment lines to exactly `size` bytes.
std::string LabOfSize(size_t size) {
    std::string text = kLab;
    const std::string line = "# " + std::string(1000, 'p') + "\n";
    while (text.size() + line.size() <= size) text += line;
    text += "#" + std::string(size - text.size() - 2, 'q') + "\n";
    return text;
}

TEST(Limits, FileOfExactlyFourMiBIsReadAndOneByteMoreIsNot) {
    const std::string atLimit = LabOfSize(kMaxFileBytes);
    ASSERT_EQ(atLimit.size(), kMaxFileBytes);
    const FileReport ok = ValidateText(atLimit, kPath, Reader());
    EXPECT_TRUE(ok.Ok()) << Dump(ok.m_diagnostics);

    const FileReport over = ValidateText(LabOfSize(kMaxFileBytes + 1), kPath, Reader());
    EXPECT_FALSE(over.Ok());
    ASSERT_EQ(over.m_diagnostics.size(), 1u);
    // The message must not read "4.0 MiB; the limit is 4.0 MiB".
    EXPECT_NE(over.m_diagnostics[0].m_message.find("4194305 bytes"), std::string::npos) << Dump(over.m_diagnostics);

    // The same from disk: the file is refused before it is read.
    const std::string dir = bench::MakeTempDir("supportlab-limits");
    const std::string file = dir + "/big.yaml";
    std::ofstream(file, std::ios::binary) << LabOfSize(kMaxFileBytes + 1);
    const FileReport disk = ValidateFile(file);
    EXPECT_FALSE(disk.Ok());
    EXPECT_TRUE(Mentions(disk.m_diagnostics, "4194305 bytes")) << Dump(disk.m_diagnostics);
    std::ofstream(file, std::ios::binary) << LabOfSize(kMaxFileBytes);
    EXPECT_TRUE(ValidateFile(file).Ok());
    bench::RemoveTree(dir);
}

TEST(Limits, StringOfExactlySixtyFourKiBIsAcceptedAndOneByteMoreIsNot) {
    const auto lab = [](size_t n) {
        return "format: 1\nkind: lab\nid: l\ntitle: L\ndescription: " + std::string(n, 'd') +
               "\nmodules: [{id: m, title: M, type: lecture, duration: 1m, text: T}]\n";
    };
    const FileReport ok = ValidateText(lab(kMaxStringBytes), kPath, Reader());
    EXPECT_TRUE(ok.Ok()) << Dump(ok.m_diagnostics);
    const FileReport over = ValidateText(lab(kMaxStringBytes + 1), kPath, Reader());
    EXPECT_TRUE(Mentions(over.m_diagnostics, "string is 65537 bytes long; the limit is 65536")) << Dump(over.m_diagnostics);
}

std::string BareTickets(int n) {
    std::string text = "format: 1\nkind: common_issues\nid: s\ntitle: S\nsupport_model: tiered.yaml\n"
                       "player_role: helpdesk_agent\ntickets:\n";
    for (int i = 0; i < n; ++i) text += "  - {id: t" + std::to_string(i) + "}\n";
    return text;
}

TEST(Limits, FiveThousandTicketsAreWithinTheListLimit) {
    const LoadResult<Scenario> at = LoadScenarioText(BareTickets(5000), kPath, Reader());
    EXPECT_FALSE(Mentions(at.m_diagnostics, "the limit is 5000")) << Dump(at.m_diagnostics);
    EXPECT_TRUE(Mentions(at.m_diagnostics, "missing required key")) << "bare tickets are invalid for other reasons";
    const LoadResult<Scenario> over = LoadScenarioText(BareTickets(5001), kPath, Reader());
    EXPECT_TRUE(Mentions(over.m_diagnostics, "has 5001 items; the limit is 5000")) << Dump(over.m_diagnostics);
}

TEST(Limits, FiveThousandAndOneQuestionsAreRefused) {
    std::string text = "format: 1\nkind: plan_review\nid: p\ntitle: P\nsupport_model: tiered.yaml\nquestions:\n";
    for (int i = 0; i < 5001; ++i) text += "  - {id: q" + std::to_string(i) + "}\n";
    const LoadResult<Scenario> r = LoadScenarioText(text, kPath, Reader());
    EXPECT_TRUE(Mentions(r.m_diagnostics, "'questions' in scenario 'p' has 5001 items; the limit is 5000")) << Dump(r.m_diagnostics);
}

// Realistic tickets (facts, steps, outcomes, an answer, hints: about 210 YAML nodes each) meet
// the 100,000-node limit long before the 5,000-ticket one: docs/performance.md says a file holds
// about 470 of them (471 of the benchmark's), and a library spreads larger drills over files.
TEST(Limits, RealisticTicketsPerFileUnderTheNodeLimit) {
    const bench::TicketShape shape;
    const auto scenario = [&](int tickets) { return bench::ScenarioYaml("big", "tiered.yaml", tickets, 60, shape, false); };
    const LoadResult<Scenario> fits = LoadScenarioText(scenario(450), kPath, Reader());
    EXPECT_TRUE(fits.Ok()) << Dump(fits.m_diagnostics);
    const LoadResult<Scenario> over = LoadScenarioText(scenario(500), kPath, Reader());
    EXPECT_TRUE(Mentions(over.m_diagnostics, "document too large: more than 100000 nodes")) << Dump(over.m_diagnostics);
}

} // namespace
} // namespace sl::robust
