// SupportLab store tests: temporary folders, a scenario with a stable hash, and scripted actions.
#pragma once

#include "../core/fixtures.hpp"
#include "store/attempt_recorder.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace sl::test {

// A fresh folder under $TMPDIR, removed when the test ends.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/sl-store-XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
        m_path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& Path() const { return m_path; }
    std::string File(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

// The core fixtures' common-issues scenario with a content hash, as the loader would give it.
inline Scenario StoreScenario() {
    Scenario s = MakeCommonScenario();
    s.m_contentHash = "hash-common-v1";
    return s;
}

// A complete run of StoreScenario: both tickets worked, a hint taken, many clock steps.
inline std::vector<std::string> FullRunLines() {
    std::vector<std::string> lines = {
        "ack t-os",
        "ask t-os since",
        "diagnose t-os evlog",
        "triage t-os category=os impact=low urgency=high",
        "hint t-os 0",
        "step t-os rollback",
        "resolve t-os fixed",
    };
    for (int i = 0; i < 12; ++i) lines.push_back("wait 1m");
    lines.insert(lines.end(), {"ack t-hw", "triage t-hw category=device impact=medium urgency=low",
                               "escalate t-hw hw_vendor \"Cracked screen; needs a replacement\""});
    return lines;
}

inline std::vector<Action> Actions(const std::vector<std::string>& lines) {
    std::vector<Action> out;
    for (const auto& l : lines) out.push_back(A(l));
    return out;
}

// A deterministic wall clock: 1 s per call from a fixed epoch.
inline WallClock CountingClock(WallTime start = 1'700'000'000'000) {
    auto n = std::make_shared<WallTime>(start);
    return [n]() { return (*n) += 1000; };
}

inline WallClock FixedClock(WallTime t = 1'700'000'000'000) {
    return [t]() { return t; };
}

inline std::unique_ptr<SqliteStore> OpenOrFail(const std::string& path, const SqliteOpenOptions& o = {}) {
    auto r = SqliteStore::Open(path, o);
    EXPECT_TRUE(r.Ok()) << (r.Ok() ? "" : r.Error().m_message);
    return r.Ok() ? std::move(r.Value()) : nullptr;
}

} // namespace sl::test
