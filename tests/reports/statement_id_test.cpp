// SupportLab reports tests: name-based xAPI statement ids — UUID form, stability, uniqueness, in the export.
#include "report_rows.hpp"
#include "reports/export.hpp"
#include "reports/statement_id.hpp"

#include <algorithm>
#include <bitset>
#include <set>

namespace sl::test {
namespace {

// RFC 9562 text form, lower-case, version 8, variant 10x; says what is wrong, or "" when it is right.
std::string UuidProblem(const std::string& u) {
    if (u.size() != 36) return "length " + std::to_string(u.size());
    for (size_t i = 0; i < u.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char c = u[i];
        if (dash != (c == '-')) return "dash at " + std::to_string(i);
        if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return "not lower-case hex at " + std::to_string(i);
    }
    if (u[14] != '8') return std::string("version nibble ") + u[14];
    if (std::string("89ab").find(u[19]) == std::string::npos) return std::string("variant nibble ") + u[19];
    return "";
}

// The "id" of every statement of an xAPI export, in order (each statement begins with its id).
std::vector<std::string> StatementIds(const std::string& json) {
    std::vector<std::string> ids;
    const std::string key = "\n {\"id\": \"";
    for (size_t p = json.find(key); p != std::string::npos; p = json.find(key, p + 1)) {
        const size_t start = p + key.size();
        ids.push_back(json.substr(start, json.find('"', start) - start));
    }
    return ids;
}

size_t CountOf(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

// Three trainees, five finished attempts (one unfinished), two labs; names that need JSON escaping.
ExportData Several() {
    ExportData d;
    d.m_trainees = {{1, "Smith, \"Ana\"", "spring\n2024"}, {2, "Ben\t\\", ""}, {3, "Chloé", "x"}};
    d.m_attempts = {MakeAttempt(1, 1, "common os", 21.5, 25, 1'700'000'000'000, 1'700'003'930'000, "lab a/1"),
                    MakeAttempt(2, 2, "plan", 3, 10, 1'700'000'000'000, 1'700'000'060'000),
                    MakeAttempt(3, 2, "plan", 0, 0, 1'700'000'000'000), // unfinished: no statement
                    MakeAttempt(4, 3, "plan", 9, 10, 1'700'000'100'000, 1'700'000'200'000),
                    // Same trainee, scenario, score and times as attempt 4: only the attempt id differs.
                    MakeAttempt(5, 3, "plan", 9, 10, 1'700'000'100'000, 1'700'000'200'000),
                    MakeAttempt(6, 1, "plan", 10, 10, 1'700'000'300'000, 1'700'000'400'000)};
    for (Attempt& a : d.m_attempts) a.m_scoredWithHash = "sha256:abc";
    return d;
}

TEST(StatementId, UuidTextHasVersion8AndTheRfcVariant) {
    std::vector<std::string> names = {"", "a", std::string(1, '\0'), std::string("\0\0", 2), "\xff\xfe"};
    for (int i = 0; i < 2000; ++i) names.push_back("name " + std::to_string(i) + std::string(static_cast<size_t>(i % 40), 'x'));
    std::set<char> variants;
    for (const std::string& n : names) {
        const std::string u = NameBasedUuid(n);
        EXPECT_EQ(UuidProblem(u), "") << u;
        variants.insert(u[19]);
        // The two 64-bit lanes must not repeat each other, or the id holds only 64 bits.
        const auto h = NameHash128(n);
        EXPECT_FALSE(std::equal(h.begin(), h.begin() + 8, h.begin() + 8)) << u;
    }
    // The variant nibble keeps two hash bits: all four values appear, so the hash reaches them.
    EXPECT_EQ(variants, (std::set<char>{'8', '9', 'a', 'b'}));
}

TEST(StatementId, KnownAnswersStayTheSameAcrossReleases) {
    // From an independent Python implementation of docs/reports.md's construction. If these change,
    // every statement a lead already sent gets a new id and re-sending duplicates it in the LRS.
    EXPECT_EQ(NameBasedUuid(""), "c3817c01-6ba4-8f30-8063-e00bcd986211");
    EXPECT_EQ(NameBasedUuid("a"), "f870cb31-f218-8e2c-baaf-5fd0022232b7");
    EXPECT_EQ(NameBasedUuid("supportlab"), "1a0b0e9f-0a43-8345-99b9-1741dc383c57");
    EXPECT_EQ(NameBasedUuid("0123456789abcdef"), "238752f7-bc0a-84df-a925-2e97617ece8a");
    const StatementName n{"https://lrs.example.org", "Smith, \"Ana\"", 1'700'000'000'000, 1, "result/passed", "h1"};
    EXPECT_EQ(StatementNameText(n), "supportlab/xapi-statement/1;23:https://lrs.example.org;12:Smith, \"Ana\";"
                                    "13:1700000000000;1:1;13:result/passed;2:h1;");
    EXPECT_EQ(StatementId(n), "4a560b8b-b605-8990-99e4-200d57f6e314");
}

TEST(StatementId, NamesAreUnambiguous) {
    // Bytes moved from one field to its neighbour, or zero padding, must not give the same name.
    const StatementName a{"h", "ab", 1, 2, "c", ""};
    StatementName b = a;
    b.m_trainee = "a";
    b.m_homePage = "hb";
    EXPECT_NE(StatementNameText(a), StatementNameText(b));
    EXPECT_NE(StatementId(a), StatementId(b));
    StatementName c = a;
    c.m_startedWall = 12;
    c.m_attemptId = 0; // "1" + "2" vs "12" + "0"
    EXPECT_NE(StatementId(a), StatementId(c));
    // Field text may hold any separator: "h;x" + "y" vs "h" + "x;y" (names are user text).
    StatementName d = a, e = a;
    d.m_homePage = "h;x";
    d.m_trainee = "y";
    e.m_homePage = "h";
    e.m_trainee = "x;y";
    EXPECT_NE(StatementId(d), StatementId(e));
    d.m_homePage = "h;1:x";
    e.m_trainee = "1:x;y";
    EXPECT_NE(StatementId(d), StatementId(e));
    EXPECT_NE(NameBasedUuid("abc"), NameBasedUuid(std::string("abc\0", 4))); // the length is hashed
    EXPECT_NE(NameBasedUuid(""), NameBasedUuid(std::string(8, '\0')));
}

TEST(StatementId, EveryFieldOfTheNameCounts) {
    const StatementName base{"https://h", "Ana", 1'700'000'000'000, 7, "result/passed", "h1"};
    std::vector<StatementName> variants(6, base);
    variants[0].m_homePage = "https://g";
    variants[1].m_trainee = "Ann";
    variants[2].m_startedWall += 1;
    variants[3].m_attemptId = 8;
    variants[4].m_kind = "result/failed";
    variants[5].m_scoredWith = "h2";
    std::set<std::string> ids = {StatementId(base)};
    for (const StatementName& v : variants) ids.insert(StatementId(v));
    EXPECT_EQ(ids.size(), 7u);
}

TEST(StatementId, ManySimilarNamesGetDistinctWellMixedIds) {
    // Attempts 1..100 000 in each of two databases (start times 1 ms apart): no two ids alike, and the
    // one-field change flips about half of the 128 hash bits (a weak mix would leave most bits equal).
    std::set<std::string> ids;
    double flipped = 0;
    const int n = 100'000;
    for (int i = 1; i <= n; ++i) {
        const StatementName x{"https://h", "Ana", 1'700'000'000'000, i, "result/passed", "h"};
        const StatementName y{"https://h", "Ana", 1'700'000'000'001, i, "result/passed", "h"};
        ids.insert(StatementId(x));
        ids.insert(StatementId(y));
        const auto hx = NameHash128(StatementNameText(x));
        const auto hy = NameHash128(StatementNameText(y));
        for (size_t k = 0; k < hx.size(); ++k) flipped += static_cast<double>(std::bitset<8>(hx[k] ^ hy[k]).count());
    }
    EXPECT_EQ(ids.size(), static_cast<size_t>(2 * n));
    const double meanFlipped = flipped / n;
    EXPECT_GT(meanFlipped, 60.0);
    EXPECT_LT(meanFlipped, 68.0);
}

TEST(StatementId, EveryExportedStatementHasAValidId) {
    const std::string json = ExportXapi(Several(), "https://lrs.example.org/");
    EXPECT_TRUE(ValidJson(json)) << json;
    const auto ids = StatementIds(json);
    EXPECT_EQ(ids.size(), 5u) << json; // five finished attempts
    EXPECT_EQ(CountOf(json, "\"actor\""), ids.size()); // and every statement has one
    for (const std::string& id : ids) EXPECT_EQ(UuidProblem(id), "") << id;
    // The id is the one the name gives: home page without its slash, trainee, start, attempt, verdict, hash.
    EXPECT_EQ(ids[0], StatementId({"https://lrs.example.org", "Smith, \"Ana\"", 1'700'000'000'000, 1, "result/passed",
                                   "sha256:abc"}));
    EXPECT_EQ(ids[1], StatementId({"https://lrs.example.org", "Ben\t\\", 1'700'000'000'000, 2, "result/failed",
                                   "sha256:abc"}));
}

TEST(StatementId, ExportingTheSameDataTwiceGivesTheSameIds) {
    const std::string first = ExportXapi(Several(), "https://lrs.example.org");
    const std::string second = ExportXapi(Several(), "https://lrs.example.org/"); // trailing slash trimmed
    EXPECT_EQ(first, second);
    EXPECT_EQ(StatementIds(first), StatementIds(second));
    EXPECT_FALSE(StatementIds(first).empty());
}

TEST(StatementId, IdsInAnExportAreDistinct) {
    const auto ids = StatementIds(ExportXapi(Several()));
    ASSERT_EQ(ids.size(), 5u);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    // Attempts 4 and 5 differ only in their id, yet get different statement ids.
    EXPECT_NE(ids[2], ids[3]);
}

TEST(StatementId, AStatementsIdDoesNotDependOnTheRestOfTheExport) {
    const ExportData all = Several();
    const auto allIds = StatementIds(ExportXapi(all));
    ASSERT_EQ(allIds.size(), 5u);
    // Attempt 1 alone, then with another attempt added after and before it: its id stays put.
    ExportData one;
    one.m_trainees = all.m_trainees;
    one.m_attempts = {all.m_attempts[0]};
    const auto alone = StatementIds(ExportXapi(one));
    ASSERT_EQ(alone.size(), 1u);
    EXPECT_EQ(alone[0], allIds[0]);
    one.m_attempts.push_back(all.m_attempts[5]);
    EXPECT_EQ(StatementIds(ExportXapi(one))[0], allIds[0]);
    one.m_attempts.insert(one.m_attempts.begin(), all.m_attempts[3]);
    const auto reordered = StatementIds(ExportXapi(one));
    ASSERT_EQ(reordered.size(), 3u);
    EXPECT_EQ(reordered[0], allIds[2]);
    EXPECT_EQ(reordered[1], allIds[0]);
    EXPECT_EQ(reordered[2], allIds[4]);
    // Other trainees, thresholds and cohorts in the export change nothing either.
    one.m_trainees.push_back({9, "Zed", "z"});
    one.m_thresholds.m_byLab["other"] = 10;
    EXPECT_EQ(StatementIds(ExportXapi(one)), reordered);
}

TEST(StatementId, AnotherDatabasesAttemptWithTheSameIdGetsAnotherStatementId) {
    // No database identity reaches the reports: the trainee and the start time tell databases apart.
    ExportData a;
    a.m_trainees = {{1, "Ana", ""}};
    a.m_attempts = {MakeAttempt(1, 1, "plan", 9, 10, 1'700'000'000'000, 1'700'000'100'000)};
    ExportData b = a;
    b.m_attempts[0].m_startedWall += 1;
    ExportData c = a;
    c.m_trainees[0].m_name = "Ben";
    const auto ida = StatementIds(ExportXapi(a)), idb = StatementIds(ExportXapi(b)), idc = StatementIds(ExportXapi(c));
    ASSERT_EQ(ida.size(), 1u);
    ASSERT_EQ(idb.size(), 1u);
    ASSERT_EQ(idc.size(), 1u);
    EXPECT_NE(ida[0], idb[0]);
    EXPECT_NE(ida[0], idc[0]);
    // Another home page writes other actor and activity IRIs: another statement, another id.
    EXPECT_NE(StatementIds(ExportXapi(a, "https://other.example"))[0], ida[0]);
}

TEST(StatementId, ARescoreOrVerdictChangeIsANewStatement) {
    // A conforming LRS refuses a statement whose id it holds with other content (409 Conflict), so a
    // changed result must not reuse the id: other scoring content, or the verdict flipping.
    ExportData d;
    d.m_trainees = {{1, "Ana", ""}};
    d.m_attempts = {MakeAttempt(1, 1, "plan", 7, 10, 1'700'000'000'000, 1'700'000'100'000)};
    d.m_attempts[0].m_scoredWithHash = "h1";
    const std::string before = StatementIds(ExportXapi(d))[0];
    ExportData rescored = d;
    rescored.m_attempts[0].m_scoredWithHash = "h2";
    EXPECT_NE(StatementIds(ExportXapi(rescored))[0], before);
    ExportData stricter = d;
    stricter.m_thresholds.m_default = 80; // 70 % now fails
    const std::string json = ExportXapi(stricter);
    ASSERT_NE(json.find("verbs/failed"), std::string::npos);
    EXPECT_NE(StatementIds(json)[0], before);
}

TEST(StatementId, EscapingStillHoldsAroundTheId) {
    ExportData d;
    d.m_trainees = {{1, std::string("q\"b\\s/\x01\x1f\n\r\t\xc3\xa9", 13), "c\"o"}};
    d.m_attempts = {MakeAttempt(1, 1, "s\"c\n", 5, 10, 0, 1000, "l\"ab")};
    // A quote cannot reach the home page (HomePageProblem refuses it); names and ids can.
    EXPECT_THROW(ExportXapi(d, "https://h.example/\"x"), ExportError);
    const std::string json = ExportXapi(d, "https://h.example/x");
    EXPECT_TRUE(ValidJson(json)) << json;
    EXPECT_NE(json.find("\"name\": \"q\\\"b\\\\s/\\u0001\\u001f\\n\\r\\t\xc3\xa9\""), std::string::npos) << json;
    const auto ids = StatementIds(json);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(UuidProblem(ids[0]), "");
}

} // namespace
} // namespace sl::test
