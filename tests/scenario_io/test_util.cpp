// SupportLab scenario_io tests: shared helpers.
#include "test_util.hpp"

#include <fstream>
#include <sstream>

namespace sl::test {

std::string ReadText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string DataPath(const std::string& relative) { return std::string(SUPPORTLAB_TEST_DATA_DIR) + "/" + relative; }

FileReader MemoryFiles::Reader() const {
    const auto files = m_files;
    return [files](const std::string& path, std::string* error) -> std::optional<std::string> {
        const auto it = files.find(path);
        if (it == files.end()) {
            if (error) *error = "no such file";
            return std::nullopt;
        }
        return it->second;
    };
}

MemoryFiles WithModel() {
    MemoryFiles files;
    files.m_files["mem/models/tiered.yaml"] = ReadText(DataPath("models/tiered.yaml"));
    return files;
}

std::string Dump(const std::vector<Diagnostic>& diags) {
    std::string out;
    for (const Diagnostic& d : diags) out += "  " + FormatDiagnostic(d) + "\n";
    return out.empty() ? "  (no diagnostics)\n" : out;
}

namespace {

::testing::AssertionResult Has(const std::vector<Diagnostic>& diags, const std::string& where, const std::string& substring,
                               const char* severity) {
    // "path:line:" (ending in ':') matches any column.
    const bool anyColumn = !where.empty() && where.back() == ':';
    const std::string tag = std::string(": ") + severity + ": ";
    for (const Diagnostic& d : diags) {
        const std::string line = FormatDiagnostic(d);
        const bool at = anyColumn ? line.rfind(where, 0) == 0 && line.find(tag) != std::string::npos : line.rfind(where + tag, 0) == 0;
        if (at && line.find(tag) != std::string::npos && line.find(substring) != std::string::npos) return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "no " << severity << " at " << where << " containing \"" << substring << "\"; got:\n"
                                         << Dump(diags);
}

} // namespace

::testing::AssertionResult HasError(const std::vector<Diagnostic>& diags, const std::string& where, const std::string& substring) {
    return Has(diags, where, substring, "error");
}

::testing::AssertionResult HasWarning(const std::vector<Diagnostic>& diags, const std::string& where, const std::string& substring) {
    return Has(diags, where, substring, "warning");
}

std::string TicketScenario(const std::string& tickets, const std::string& extraHeader) {
    return "format: 1\n"
           "kind: common_issues\n"
           "id: s\n"
           "title: S\n"
           "support_model: models/tiered.yaml\n"
           "player_role: helpdesk_agent\n" +
           extraHeader + "tickets:\n" + tickets;
}

std::string MinimalTicket(const std::string& id) {
    return "  - id: " + id + "\n"
           "    subject: S\n"
           "    report: R\n"
           "    answer: {category: os, impact: low, urgency: low, route: tier2, explanation: E}\n";
}

std::string Pos(const std::string& text, const std::string& needle, int nth, const std::string& path) {
    size_t at = std::string::npos;
    for (int i = 0; i < nth; ++i) {
        at = text.find(needle, at == std::string::npos ? 0 : at + 1);
        if (at == std::string::npos) return path + ":?:? (\"" + needle + "\" not found)";
    }
    int line = 1;
    size_t lineStart = 0;
    for (size_t i = 0; i < at; ++i)
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return path + ":" + std::to_string(line) + ":" + std::to_string(at - lineStart + 1);
}

LoadResult<Scenario> LoadMem(const std::string& text, const MemoryFiles& files) {
    return LoadScenarioText(text, "mem/s.yaml", files.Reader());
}

} // namespace sl::test
