// SupportLab fuzz tests: every input a fuzzer found a problem with (tests/fuzz/regressions/) and the
// seed corpora, replayed through the fuzz targets' properties in the normal debug and ASan builds.
#include "fuzz_targets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sl::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> FilesUnder(const std::string& dir, const std::string& extension = "") {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (!e.is_regular_file()) continue;
        const std::string name = e.path().filename().string();
        if (name == "README.md") continue;
        if (!extension.empty() && e.path().extension() != extension) continue;
        out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string Bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using Target = std::string (*)(const std::uint8_t*, std::size_t);

// Runs every file through the target; returns how many were checked.
size_t ReplayAll(const std::vector<std::string>& files, Target target) {
    for (const std::string& f : files) {
        SCOPED_TRACE(f);
        const std::string bytes = Bytes(f);
        EXPECT_EQ(target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), "");
    }
    return files.size();
}

const std::string kDir = SUPPORTLAB_FUZZ_DIR;

TEST(FuzzRegressions, ScenarioInputs) {
    ReplayAll(FilesUnder(kDir + "/regressions/scenario"), CheckScenarioInput);
}

TEST(FuzzRegressions, ActionScriptInputs) {
    ReplayAll(FilesUnder(kDir + "/regressions/action_script"), CheckActionScriptInput);
}

TEST(FuzzRegressions, DatabaseInputs) {
    ReplayAll(FilesUnder(kDir + "/regressions/database"), CheckDatabaseInput);
}

// The properties hold on the seeds too, so a broken property shows up without fuzzing.
TEST(FuzzSeeds, ShippedScenarios) {
    EXPECT_GE(ReplayAll(FilesUnder(SUPPORTLAB_SCENARIO_DIR, ".yaml"), CheckScenarioInput), 10u);
}

TEST(FuzzSeeds, YamlTestSuite) {
    const std::string dir = std::string(SUPPORTLAB_SHARED_DIR) + "/corpus/yaml-test-suite";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir;
    EXPECT_GE(ReplayAll(FilesUnder(dir), CheckScenarioInput), 100u);
}

TEST(FuzzSeeds, Databases) {
    EXPECT_GE(ReplayAll(FilesUnder(kDir + "/seeds/database"), CheckDatabaseInput), 5u);
}

TEST(FuzzSeeds, ActionScripts) {
    EXPECT_GE(ReplayAll(FilesUnder(kDir + "/seeds/action_script"), CheckActionScriptInput), 1u);
}

// Hand-written awkward inputs: escapes, CRLF, a BOM, a scenario that names itself as its support
// model, a lab whose module is the lab itself.
TEST(FuzzSeeds, AwkwardInputs) {
    const char* scripts[] = {
        "\xEF\xBB\xBFseed 3\r\nack os-update-fails\r\n",
        "escalate t-1 tier2 \"note with \\\"quotes\\\" \\x01 \\t and # hash\"\n",
        "answer q-duties d1=provider d2=admin\nhint q-duties 0\nat 1:05:00\nwait 1h30m\n",
        "triage t category=os impact=\"\" urgency=high\n",
    };
    for (const char* s : scripts) {
        SCOPED_TRACE(s);
        EXPECT_EQ(CheckActionScriptInput(reinterpret_cast<const std::uint8_t*>(s), std::strlen(s)), "");
    }
    const char* files[] = {
        "format: 1\nkind: common_issues\nid: x\ntitle: X\nsupport_model: self.yaml\nplayer_role: r\ntickets: []\n",
        "format: 1\nkind: lab\nid: l\ntitle: L\nmodules:\n  - {id: m, title: M, type: scenario, duration: 1m, scenario: self.yaml}\n",
        "format: 1\nkind: support_model\nid: &a m\ntitle: *a\n",
        "&a [*a]",
    };
    for (const char* f : files) {
        SCOPED_TRACE(f);
        EXPECT_EQ(CheckScenarioInput(reinterpret_cast<const std::uint8_t*>(f), std::strlen(f)), "");
    }
}

} // namespace
} // namespace sl::fuzz
