// SupportLab scenario_io tests: hostile inputs are rejected with a clear message, without crashing
// or exhausting memory (run under ASan too). Speed is measured in benchmarks, not asserted here.
#include "test_util.hpp"

#include <filesystem>
#include <fstream>
#include <random>

namespace sl::test {
namespace {

// [SECTION] Size and bytes
// [SECTION] Nesting
// [SECTION] Aliases and node counts
// [SECTION] Mutation sweep

FileReport Check(const std::string& text) { return ValidateText(text, "mem/h.yaml", WithModel().Reader()); }

//-----------------------------------------------------------------------------
// [SECTION] Size and bytes
//-----------------------------------------------------------------------------

TEST(Hostile, FileOverFourMiBIsNotRead) {
    const std::string path = std::string(SUPPORTLAB_BINARY_DIR) + "/scenario_io_5mib.yaml";
    {
        std::ofstream out(path, std::ios::binary);
        out << "title: " << std::string(5u * 1024u * 1024u, 'x') << "\n";
    }
    const FileReport r = ValidateFile(path);
    EXPECT_TRUE(HasError(r.m_diagnostics, path, "cannot read: file is 5.0 MiB; the limit is 4.0 MiB"));
    EXPECT_EQ(r.m_diagnostics.size(), 1u);
    std::filesystem::remove(path);
    // The in-memory entry point applies the same cap.
    EXPECT_TRUE(HasError(Check(std::string(5u * 1024u * 1024u, '#')).m_diagnostics, "mem/h.yaml", "file is 5.0 MiB; the limit is 4.0 MiB"));
}

TEST(Hostile, NulBytes) {
    const std::string text = std::string("format: 1\nkind: lab") + '\0' + "\n";
    EXPECT_TRUE(HasError(Check(text).m_diagnostics, "mem/h.yaml:2:10", "NUL byte"));
    // UTF-16 text is full of NULs: the message says what to do.
    EXPECT_TRUE(HasError(Check(std::string("\xFF\xFE" "f\0o\0", 6)).m_diagnostics, "mem/h.yaml:1:4", "save it as UTF-8"));
}

TEST(Hostile, InvalidUtf8ReportsTheFirstBadByte) {
    EXPECT_TRUE(HasError(Check("format: 1\nkind: lab\ntitle: caf\xC3(\n").m_diagnostics, "mem/h.yaml:3:11", "invalid UTF-8 (byte 0xC3)"));
    EXPECT_TRUE(HasError(Check("a: \xC0\xAF\n").m_diagnostics, "mem/h.yaml:1:4", "invalid UTF-8 (byte 0xC0)"));         // overlong
    EXPECT_TRUE(HasError(Check("a: \xED\xA0\x80\n").m_diagnostics, "mem/h.yaml:1:4", "invalid UTF-8"));                 // surrogate
    EXPECT_TRUE(HasError(Check("a: \xF4\x90\x80\x80\n").m_diagnostics, "mem/h.yaml:1:4", "invalid UTF-8"));             // above U+10FFFF
    EXPECT_TRUE(HasError(Check("a: ok\nb: \xE2\x82").m_diagnostics, "mem/h.yaml:2:4", "invalid UTF-8"));                // cut short
    EXPECT_TRUE(Check("format: 1\nkind: lab\nid: l\ntitle: \"caf\xC3\xA9 \xF0\x9F\x98\x80\"\nmodules: [{id: m, title: M, type: lecture, duration: 1m, text: T}]\n").Ok());
}

TEST(Hostile, ControlCharactersAreRefusedAndNeverEchoed) {
    EXPECT_TRUE(HasError(Check("format: 1\nkind: lab\ntitle: a\x1b[31mred\n").m_diagnostics, "mem/h.yaml:3:9", "control character U+001B is not allowed in YAML"));
    EXPECT_TRUE(HasError(Check("a: \xC2\x9B\n").m_diagnostics, "mem/h.yaml:1:4", "control character U+009B"));
    // An escape sequence written as \e inside double quotes is legal YAML; messages show it escaped.
    const FileReport r = Check("format: 1\nkind: lab\n\"\\e[31mkey\": 1\n");
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/h.yaml:3:1", "unknown key '\\x1B[31mkey' in lab"));
    for (const Diagnostic& d : r.m_diagnostics) EXPECT_EQ(FormatDiagnostic(d).find('\x1b'), std::string::npos);
    const FileReport longKey = Check("format: 1\nkind: lab\n? " + std::string(5000, 'k') + "\n: 1\n"); // an explicit key may be long
    EXPECT_TRUE(HasError(longKey.m_diagnostics, "mem/h.yaml:3:3", "unknown key '" + std::string(40, 'k') + "...' in lab"));
}

TEST(Hostile, LongStringsAndOneMegabyteLine) {
    const FileReport longString = Check("format: 1\nkind: lab\ntitle: " + std::string(100 * 1024, 'y') + "\n");
    EXPECT_TRUE(HasError(longString.m_diagnostics, "mem/h.yaml:3:8", "string is 102400 bytes long; the limit is 65536"));
    const FileReport line = Check("format: 1\nkind: lab\ntitle: " + std::string(1024 * 1024, 'y') + "\n");
    EXPECT_FALSE(line.Ok());
    EXPECT_TRUE(HasError(line.m_diagnostics, "mem/h.yaml:3:1", "runs over more than 256 KiB")) << Dump(line.m_diagnostics);
}

TEST(Hostile, ManyDocuments) {
    std::string text;
    for (int i = 0; i < 200000; ++i) text += "---\na: 1\n";
    EXPECT_TRUE(HasError(Check(text).m_diagnostics, "mem/h.yaml:3:1", "a file may hold only one YAML document"));
}

//-----------------------------------------------------------------------------
// [SECTION] Nesting
//-----------------------------------------------------------------------------

TEST(Hostile, LongCommentsAndBlankLinesAreNotReadAhead) {
    std::string comments;
    while (comments.size() < 600 * 1024) comments += "# a long comment block that makes no tokens at all\n\n";
    EXPECT_TRUE(LoadMem(comments + TicketScenario(MinimalTicket("t1"))).Ok());
    const std::string text = TicketScenario(MinimalTicket("t1") + comments + MinimalTicket("t2"));
    const auto r = LoadMem(text);
    EXPECT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
}

TEST(Hostile, HundredThousandDeepFlowList) {
    const FileReport r = Check(std::string(100000, '[') + std::string(100000, ']'));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/h.yaml:1:65", "nesting deeper than 64 levels"));
}

TEST(Hostile, HundredThousandDeepUnclosedFlowMapping) {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "{a: ";
    const FileReport r = Check(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/h.yaml:1:1", "runs over more than 256 KiB")) << Dump(r.m_diagnostics);
}

TEST(Hostile, HundredThousandDeepBlockList) {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "- ";
    const FileReport r = Check(text + "x\n");
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/h.yaml:1:129", "nesting deeper than 64 levels"));
}

TEST(Hostile, DeepBlockMappingByIndentation) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += std::string(static_cast<size_t>(i), ' ') + "a:\n";
    EXPECT_TRUE(HasError(Check(text).m_diagnostics, "mem/h.yaml:65:65", "nesting deeper than 64 levels"));
}

TEST(Hostile, SixtyFourLevelsAreAllowed) {
    const auto nested = [](int lists) { return "format: 1\nkind: lab\nid: " + std::string(static_cast<size_t>(lists), '[') + std::string(static_cast<size_t>(lists), ']') + "\n"; };
    const FileReport ok = Check(nested(63)); // the top-level mapping plus 63 lists
    for (const Diagnostic& d : ok.m_diagnostics) EXPECT_EQ(d.m_message.find("nesting"), std::string::npos) << FormatDiagnostic(d);
    EXPECT_TRUE(HasError(Check(nested(64)).m_diagnostics, "mem/h.yaml:3:68", "nesting deeper than 64 levels"));
}

//-----------------------------------------------------------------------------
// [SECTION] Aliases and node counts
//-----------------------------------------------------------------------------

TEST(Hostile, BillionLaughs) {
    std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
        text += "]\n";
    }
    const FileReport r = Check(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/h.yaml:5:", "alias expansion too large: more than 100000 nodes")) << Dump(r.m_diagnostics);
}

TEST(Hostile, AliasesOfOneLongString) {
    std::string text = "a: &big " + std::string(60000, 'z') + "\nb: [";
    for (int i = 0; i < 300; ++i) text += (i ? ", *big" : "*big");
    text += "]\n";
    EXPECT_TRUE(HasError(Check(text).m_diagnostics, "mem/h.yaml:2:", "alias expansion too large: more than 16777216 bytes of text"));
}

TEST(Hostile, RecursiveAlias) {
    EXPECT_TRUE(HasError(Check("a: &x [1, *x]\n").m_diagnostics, "mem/h.yaml:1:11", "alias refers to a node that contains it"));
}

TEST(Hostile, TooManyNodesWithoutAliases) {
    std::string text = "tickets:\n";
    for (int i = 0; i < 150000; ++i) text += "- a\n";
    EXPECT_TRUE(HasError(Check(text).m_diagnostics, "mem/h.yaml:", "document too large: more than 100000 nodes"));
}

TEST(Hostile, MoreThanFiveThousandTickets) {
    // A complete ticket takes at least 19 nodes, so the node cap is close at 5,000 real ones;
    // bare ids keep this test about the list limit alone.
    std::string tickets;
    for (int i = 0; i < 5001; ++i) tickets += "  - {id: t" + std::to_string(i) + "}\n";
    const auto r = LoadMem(TicketScenario(tickets));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:8:3", "'tickets' in scenario 's' has 5001 items; the limit is 5000"));
}

TEST(Hostile, DiagnosticsAreCappedPerFile) {
    std::string text = "format: 1\nkind: lab\nid: l\ntitle: L\nmodules: [{id: m, title: M, type: lecture, duration: 1m, text: T}]\n";
    for (int i = 0; i < 3000; ++i) text += "unknown" + std::to_string(i) + ": 1\n";
    const FileReport r = Check(text);
    ASSERT_EQ(r.m_diagnostics.size(), 1001u);
    EXPECT_NE(r.m_diagnostics.back().m_message.find("2000 more problems not shown"), std::string::npos) << r.m_diagnostics.back().m_message;
}

TEST(Hostile, ManyDuplicateKeysAreCapped) {
    std::string text;
    for (int i = 0; i < 40000; ++i) text += "a: 1\n";
    const FileReport r = Check(text);
    EXPECT_LE(r.m_diagnostics.size(), 1010u);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/h.yaml:2:1", "duplicate key 'a' (first at line 1)"));
}

// Shapes that would take quadratic time in a naive checker; the ctest timeout catches a regression.
TEST(Hostile, LongReverseRequirementChain) {
    std::string facts;
    const int n = 8000;
    for (int i = 0; i < n; ++i)
        facts += "      - {id: f" + std::to_string(i) + ", prompt: P, text: T" + (i + 1 < n ? ", requires: [f" + std::to_string(i + 1) + "]" : std::string()) + "}\n";
    const auto r = LoadMem(TicketScenario("  - id: t1\n    subject: S\n    report: R\n    facts:\n" + facts +
                                          "    answer: {category: os, impact: low, urgency: low, route: tier2, explanation: E}\n"));
    EXPECT_TRUE(r.Ok()) << Dump(r.m_diagnostics); // the last fact needs nothing, so the whole chain is reachable
}

TEST(Hostile, StepWithTwentyThousandOutcomes) {
    std::string outcomes;
    for (int i = 0; i < 20000; ++i) outcomes += "          - {text: O}\n";
    const auto r = LoadMem(TicketScenario("  - id: t1\n    subject: S\n    report: R\n    steps:\n      - id: s1\n        text: T\n        outcomes:\n" +
                                          outcomes + "    answer: {category: os, impact: low, urgency: low, route: tier2, explanation: E}\n"));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:16:13", "outcome 2 of step 's1' can never apply: outcome 1 before it has no 'when'"));
    EXPECT_EQ(r.m_diagnostics.size(), 1001u); // capped
}

TEST(Hostile, ThousandsOfUnknownReferencesAgainstThousandsOfNames) {
    std::string facts, steps;
    for (int i = 0; i < 4000; ++i) facts += "      - {id: fact-number-" + std::to_string(i) + ", prompt: P, text: T}\n";
    for (int i = 0; i < 3000; ++i) steps += "      - {id: s" + std::to_string(i) + ", text: T, requires: [fact-numbr-" + std::to_string(i) + "]}\n";
    const auto r = LoadMem(TicketScenario("  - id: t1\n    subject: S\n    report: R\n    facts:\n" + facts + "    steps:\n" + steps +
                                          "    answer: {category: os, impact: low, urgency: low, route: tier2, explanation: E}\n"));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:", "unknown fact or step 'fact-numbr-0' in the requires of step 's0'"));
    EXPECT_EQ(r.m_diagnostics.size(), 1001u);
}

//-----------------------------------------------------------------------------
// [SECTION] Mutation sweep
//-----------------------------------------------------------------------------

// Seeded random edits of every fixture: nothing may crash (ASan/UBSan builds check memory too),
// and the validator always returns a verdict.
TEST(Hostile, MutatedFixturesNeverCrash) {
    const std::string alphabet = "[]{}:,-&*!|>'\"#?%@`\n\t \\x0aZ";
    std::mt19937 rng(20240501u);
    int invalid = 0, total = 0;
    for (const char* name : {"common_issues.yaml", "plan_review.yaml", "escalation_drill.yaml", "lab.yaml", "models/tiered.yaml"}) {
        const std::string original = ReadText(DataPath(name));
        for (int round = 0; round < 150; ++round) {
            std::string text = original;
            const int edits = 1 + static_cast<int>(rng() % 4);
            for (int e = 0; e < edits && !text.empty(); ++e) {
                const size_t at = rng() % text.size();
                switch (rng() % 4) {
                case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
                case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
                case 2: text.erase(at, 1 + rng() % 20); break;
                default: text.insert(at, text.substr(rng() % text.size(), 1 + rng() % 40)); break;
                }
            }
            const FileReport r = ValidateText(text, DataPath(name), DiskFileReader());
            ++total;
            if (!r.Ok()) {
                ++invalid;
                for (const Diagnostic& d : r.m_diagnostics) EXPECT_FALSE(d.m_message.empty());
            }
        }
    }
    EXPECT_GT(invalid, total / 2); // most edits break something, and each is reported
}

} // namespace
} // namespace sl::test
