// SupportLab store tests: temporary folders, a scenario with a stable hash, and scripted actions.
#pragma once

#include "../core/fixtures.hpp"
#include "store/attempt_recorder.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
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

// Reads a whole file (for "the file was left untouched" checks).
inline std::string ReadFileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteFileBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// Runs SQL on a raw connection (fixtures and sabotage); fails the test on error.
inline void RawExec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
}

inline std::int64_t RawInt(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    std::int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

inline std::string RawText(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string v;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return v;
}

// Every field of two score reports matches.
inline void ExpectSameReport(const ScoreReport& a, const ScoreReport& b) {
    EXPECT_EQ(a.m_scenarioId, b.m_scenarioId);
    EXPECT_EQ(a.m_contentHash, b.m_contentHash);
    EXPECT_EQ(a.m_seed, b.m_seed);
    EXPECT_EQ(a.m_endTime, b.m_endTime);
    EXPECT_DOUBLE_EQ(a.m_total, b.m_total);
    EXPECT_DOUBLE_EQ(a.m_max, b.m_max);
    for (int k = 0; k < kDimensionCount; ++k) {
        EXPECT_EQ(a.m_byDimension[k].m_dimension, b.m_byDimension[k].m_dimension) << k;
        EXPECT_DOUBLE_EQ(a.m_byDimension[k].m_score, b.m_byDimension[k].m_score) << k;
        EXPECT_DOUBLE_EQ(a.m_byDimension[k].m_max, b.m_byDimension[k].m_max) << k;
    }
    ASSERT_EQ(a.m_items.size(), b.m_items.size());
    for (size_t i = 0; i < a.m_items.size(); ++i) {
        const ItemScore& x = a.m_items[i];
        const ItemScore& y = b.m_items[i];
        EXPECT_EQ(x.m_itemId, y.m_itemId);
        EXPECT_EQ(x.m_kind, y.m_kind);
        EXPECT_EQ(x.m_title, y.m_title);
        EXPECT_DOUBLE_EQ(x.m_score, y.m_score);
        EXPECT_DOUBLE_EQ(x.m_max, y.m_max);
        EXPECT_EQ(x.m_given, y.m_given);
        EXPECT_EQ(x.m_expected, y.m_expected);
        EXPECT_EQ(x.m_explanation, y.m_explanation);
        ASSERT_EQ(x.m_dimensions.size(), y.m_dimensions.size()) << x.m_itemId;
        for (size_t k = 0; k < x.m_dimensions.size(); ++k) {
            EXPECT_EQ(x.m_dimensions[k].m_dimension, y.m_dimensions[k].m_dimension);
            EXPECT_DOUBLE_EQ(x.m_dimensions[k].m_score, y.m_dimensions[k].m_score);
            EXPECT_DOUBLE_EQ(x.m_dimensions[k].m_max, y.m_dimensions[k].m_max);
        }
        ASSERT_EQ(x.m_deductions.size(), y.m_deductions.size()) << x.m_itemId;
        for (size_t k = 0; k < x.m_deductions.size(); ++k) {
            EXPECT_EQ(x.m_deductions[k].m_dimension, y.m_deductions[k].m_dimension);
            EXPECT_DOUBLE_EQ(x.m_deductions[k].m_points, y.m_deductions[k].m_points);
            EXPECT_EQ(x.m_deductions[k].m_reason, y.m_deductions[k].m_reason);
        }
    }
}

} // namespace sl::test
