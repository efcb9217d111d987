// SupportLab scenario_io tests: shared helpers (in-memory files, diagnostic matchers).
#pragma once

#include "scenario_io/loader.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace sl::test {

std::string ReadText(const std::string& path);
std::string DataPath(const std::string& relative); // under SUPPORTLAB_TEST_DATA_DIR

// Files served from memory; anything else is "no such file".
struct MemoryFiles {
    std::map<std::string, std::string> m_files;
    FileReader Reader() const;
};

// The "mem/" tree: mem/models/tiered.yaml holds the fixture support model.
MemoryFiles WithModel();

// Every diagnostic, formatted, one per line (for failure messages).
std::string Dump(const std::vector<Diagnostic>& diags);

// True when some error reads "<where>: error: ...<substring>...", where is "path:line:col" (or
// "path:line:" for any column).
::testing::AssertionResult HasError(const std::vector<Diagnostic>& diags, const std::string& where, const std::string& substring);
::testing::AssertionResult HasWarning(const std::vector<Diagnostic>& diags, const std::string& where, const std::string& substring);

// A common_issues scenario at mem/s.yaml: lines 1-7 are the header, `tickets` starts on line 8.
std::string TicketScenario(const std::string& tickets, const std::string& extraHeader = "");
// A minimal valid ticket (4 lines) with the given id.
std::string MinimalTicket(const std::string& id);

// "path:line:col" of the nth occurrence (1-based) of `needle` in `text`, for exact-position checks.
std::string Pos(const std::string& text, const std::string& needle, int nth = 1, const std::string& path = "mem/s.yaml");

LoadResult<Scenario> LoadMem(const std::string& text, const MemoryFiles& files = WithModel());

} // namespace sl::test
