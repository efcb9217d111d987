// SupportLab scenario_io tests: every file of the YAML test suite goes through the validator; none
// may crash, and every *.error.yaml must come out invalid.
#include "test_util.hpp"

#include <algorithm>
#include <filesystem>

namespace sl::test {
namespace {

const std::string kCorpus = std::string(SUPPORTLAB_SHARED_DIR) + "/corpus/yaml-test-suite/";

std::vector<std::string> CorpusFiles() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(kCorpus, ec))
        if (entry.path().extension() == ".yaml") out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

bool IsErrorCase(const std::string& name) { return name.size() > 11 && name.compare(name.size() - 11, 11, ".error.yaml") == 0; }

// Messages that come from the YAML layer (yaml-cpp or our source checks), not from the format.
bool IsYamlLevel(const std::string& message) {
    for (const char* marker : {"YAML syntax error", "duplicate key", "nesting deeper", "alias", "NUL byte", "invalid UTF-8",
                               "only one YAML document", "empty mapping key", "mapping keys must", "cannot parse", "unterminated",
                               "escape", "must be indented", "expected ':'", "cannot start an entry", "empty entry", "space before '#'",
                               "directive", "file is empty"})
        if (message.find(marker) != std::string::npos) return true;
    return false;
}

class YamlTestSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(YamlTestSuite, ValidatesWithoutCrashing) {
    const std::string name = GetParam();
    const FileReport r = ValidateFile(kCorpus + name);
    for (const Diagnostic& d : r.m_diagnostics) {
        EXPECT_FALSE(d.m_message.empty());
        EXPECT_EQ(d.m_path.rfind(kCorpus, 0), 0u) << FormatDiagnostic(d);
    }
    if (IsErrorCase(name)) {
        EXPECT_FALSE(r.Ok()) << name << " is invalid YAML but was accepted";
        const bool yamlLevel = std::any_of(r.m_diagnostics.begin(), r.m_diagnostics.end(), [](const Diagnostic& d) { return IsYamlLevel(d.m_message); });
        if (!yamlLevel) RecordProperty("caught_by", "format checks only (yaml-cpp accepts it)");
    }
}

std::string ParamName(const ::testing::TestParamInfo<std::string>& info) {
    std::string out;
    for (const char c : info.param) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

INSTANTIATE_TEST_SUITE_P(Corpus, YamlTestSuite, ::testing::ValuesIn(CorpusFiles()), ParamName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(YamlTestSuite);

TEST(YamlTestSuiteCorpus, IsPresent) {
    if (CorpusFiles().empty()) GTEST_SKIP() << "no corpus at " << kCorpus << " (set SUPPORTLAB_SHARED_DIR)";
    EXPECT_GT(CorpusFiles().size(), 300u);
}

// How many spec-invalid files are caught at the YAML level rather than only by the format checks.
TEST(YamlTestSuiteCorpus, MostErrorCasesAreCaughtAtTheYamlLevel) {
    int errorCases = 0, yamlLevel = 0;
    for (const std::string& name : CorpusFiles()) {
        if (!IsErrorCase(name)) continue;
        ++errorCases;
        const FileReport r = ValidateFile(kCorpus + name);
        if (std::any_of(r.m_diagnostics.begin(), r.m_diagnostics.end(), [](const Diagnostic& d) { return IsYamlLevel(d.m_message); })) ++yamlLevel;
    }
    if (errorCases == 0) GTEST_SKIP() << "no corpus at " << kCorpus;
    std::printf("spec-invalid files caught at the YAML level: %d of %d (the rest only by the format checks)\n", yamlLevel, errorCases);
    EXPECT_GE(yamlLevel, errorCases - 8);
}

} // namespace
} // namespace sl::test
