// SupportLab core tests: UTF-8 checks, the one JSON string writer, terminal-safe text and name rules.
#include "core/text.hpp"

#include <gtest/gtest.h>

namespace sl::test {
namespace {

TEST(Text, Utf8ValidityFollowsRfc3629) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("plain"));
    EXPECT_TRUE(IsValidUtf8("Zo\xc3\xab \xe5\x90\x8d \xf0\x9f\x98\x80"));
    EXPECT_FALSE(IsValidUtf8("\xff"));
    EXPECT_FALSE(IsValidUtf8("\xc3"));             // truncated
    EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));         // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));     // a surrogate
    EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80")); // above U+10FFFF
}

TEST(Text, JsonStringIsAlwaysValidJson) {
    EXPECT_EQ(JsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(JsonString("\n\r\t\x01\x7f"), "\"\\n\\r\\t\\u0001\\u007f\"");
    EXPECT_EQ(JsonString("Zo\xc3\xab"), "\"Zo\xc3\xab\"");
    // Invalid UTF-8 becomes U+FFFD, byte by byte: never written raw.
    EXPECT_EQ(JsonString(std::string("a\xff\xfe" "b", 4)), "\"a\\ufffd\\ufffdb\"");
    EXPECT_EQ(JsonString(std::string("\xed\xa0\x80", 3)), "\"\\ufffd\\ufffd\\ufffd\"");
    EXPECT_EQ(JsonString(std::string("\0", 1)), "\"\\u0000\"");
}

TEST(Text, JsonNumberNeverWritesNegativeZeroOrNonFinite) {
    EXPECT_EQ(JsonNumber(-0.0), "0");
    EXPECT_EQ(JsonNumber(0.25), "0.25");
    EXPECT_EQ(JsonNumber(1.0 / 0.0), "null");
}

TEST(Text, PointsShowAsPreciselyAsTheyAreCharged) {
    EXPECT_EQ(FormatPoints(0.25), "0.25");
    EXPECT_EQ(FormatPoints(12.5), "12.5");
    EXPECT_EQ(FormatPoints(3.0), "3");
    EXPECT_EQ(FormatPoints(-1.75), "-1.75");
    EXPECT_EQ(FormatPoints(2.0 / 3.0), "0.67");
    EXPECT_EQ(FormatPoints(-0.001), "0");
}

TEST(Text, TerminalSafeEscapesEveryControlCharacter) {
    EXPECT_EQ(TerminalSafe("plain Zo\xc3\xab"), "plain Zo\xc3\xab");
    EXPECT_EQ(TerminalSafe("\x1b[2J\x1b]0;title\x07"), "\\x1b[2J\\x1b]0;title\\x07");
    EXPECT_EQ(TerminalSafe("a\tb\nc\rd\x7f"), "a\\x09b\\x0ac\\x0dd\\x7f");
    EXPECT_EQ(TerminalSafe("\xc2\x9b" "31m"), "\\x9b31m"); // C1 CSI
    EXPECT_EQ(TerminalSafe("rtl\xe2\x80\xae" "txt"), "rtl\\u202etxt");
    EXPECT_EQ(TerminalSafe(std::string("bad\xff", 4)), "bad\\xff");
    EXPECT_EQ(TerminalSafe("a\\x1b"), "a\\\\x1b"); // a typed escape stays distinguishable from a real one
    for (unsigned c = 0; c < 0x20; ++c) {
        const std::string out = TerminalSafe(std::string(1, static_cast<char>(c)));
        for (char o : out) EXPECT_GE(static_cast<unsigned char>(o), 0x20u) << c;
    }
}

TEST(Text, NamesAreCheckedWhereTheyEnter) {
    EXPECT_EQ(NameProblem("Ana Silva", "trainee name"), std::nullopt);
    EXPECT_EQ(NameProblem("Zo\xc3\xab \xe5\x90\x8d", "trainee name"), std::nullopt);
    EXPECT_EQ(NameProblem("=1+1", "cohort name"), std::nullopt); // CSV output neutralises it
    EXPECT_EQ(NameProblem("", "trainee name"), "the trainee name is empty");
    EXPECT_NE(NameProblem(std::string("bad\xff", 4), "trainee name")->find("not valid UTF-8"), std::string::npos);
    EXPECT_NE(NameProblem("a\x1b[31m", "trainee name")->find("control character (\\x1b)"), std::string::npos);
    EXPECT_NE(NameProblem("tab\t", "cohort name")->find("control character"), std::string::npos);
    EXPECT_NE(NameProblem("\xc2\x85", "cohort name")->find("control character"), std::string::npos);
    EXPECT_NE(NameProblem("x\xe2\x80\xae", "trainee name")->find("text-direction"), std::string::npos);
    EXPECT_NE(NameProblem(" Ana", "trainee name")->find("space"), std::string::npos);
    EXPECT_EQ(NameProblem(std::string(kMaxNameBytes, 'a'), "trainee name"), std::nullopt);
    EXPECT_NE(NameProblem(std::string(kMaxNameBytes + 1, 'a'), "trainee name")->find("too long"), std::string::npos);
}

TEST(Text, ACountIsPluralWhenNotOne) {
    EXPECT_EQ(CountOf(1, "ticket"), "1 ticket");
    EXPECT_EQ(CountOf(0, "ticket"), "0 tickets");
    EXPECT_EQ(CountOf(3, "question"), "3 questions");
}

TEST(Text, LowerCasesAsciiOnly) { EXPECT_EQ(Lower("Wi-Fi ÄB"), "wi-fi Äb"); }

} // namespace
} // namespace sl::test
