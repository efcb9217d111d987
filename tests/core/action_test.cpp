// SupportLab core tests: durations and the action-script parser and writer.
#include "fixtures.hpp"

#include "core/rng.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace sl {
namespace {

using test::A;

// First error of a one-line script (or an empty error when it parsed).
ScriptError FirstError(const std::string& text) {
    const ScriptParseResult r = ParseActionScript(text);
    return r.m_errors.empty() ? ScriptError{} : r.m_errors[0];
}

void ExpectError(const std::string& text, int line, int col, const std::string& contains) {
    const ScriptParseResult r = ParseActionScript(text);
    ASSERT_FALSE(r.Ok()) << "expected an error for: " << text;
    EXPECT_EQ(r.m_errors[0].m_line, line) << text;
    EXPECT_EQ(r.m_errors[0].m_col, col) << text;
    EXPECT_NE(r.m_errors[0].m_message.find(contains), std::string::npos)
        << "message '" << r.m_errors[0].m_message << "' lacks '" << contains << "'";
    EXPECT_TRUE(r.m_script.m_actions.empty()) << "a broken script must not yield actions";
}

// [SECTION] Durations

TEST(Duration, ParsesEveryDocumentedForm) {
    EXPECT_EQ(ParseDuration("90"), 90);
    EXPECT_EQ(ParseDuration("90s"), 90);
    EXPECT_EQ(ParseDuration("5m"), 300);
    EXPECT_EQ(ParseDuration("1h30m"), 5400);
    EXPECT_EQ(ParseDuration("2h"), 7200);
    EXPECT_EQ(ParseDuration("1h1m1s"), 3661);
    EXPECT_EQ(ParseDuration("0s"), 0);
}

TEST(Duration, RejectsMalformed) {
    for (const char* bad : {"", "h", "5x", "1h30", "-5m", "5 m", "1.5h", "m5", "99999999999999999999s", "400d"})
        EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
    EXPECT_FALSE(ParseDuration("9000h").has_value()) << "over a year";
}

TEST(Duration, FormatsDurationAndClock) {
    EXPECT_EQ(FormatDuration(45), "45s");
    EXPECT_EQ(FormatDuration(750), "12m30s");
    EXPECT_EQ(FormatDuration(600), "10m");
    EXPECT_EQ(FormatDuration(3900), "1h05m");
    EXPECT_EQ(FormatDuration(-90), "-1m30s");
    EXPECT_EQ(FormatClock(750), "12:30");
    EXPECT_EQ(FormatClock(3900), "1:05:00");
    EXPECT_EQ(FormatClock(0), "0:00");
    EXPECT_EQ(FormatClock(59), "0:59");
    EXPECT_EQ(FormatClock(61), "1:01");
    EXPECT_EQ(FormatClock(3599), "59:59");
    EXPECT_EQ(FormatClock(3600), "1:00:00");
    EXPECT_EQ(FormatClock(36000 + 61), "10:01:01");
    EXPECT_EQ(FormatClock(-61), "-1:01");
    EXPECT_EQ(FormatClock(-3661), "-1:01:01");
    EXPECT_EQ(FormatClock(std::numeric_limits<SimTime>::max()), "2562047788015215:30:07");
    EXPECT_EQ(FormatClock(std::numeric_limits<SimTime>::min()), "-2562047788015215:30:08");
}

// [SECTION] Parsing

TEST(ActionScript, ParsesTheDocumentedExample) {
    const std::string text = R"(# A perfect run
seed 7                         # optional
wait 2m
at 1h05m
ack os-update-loop
ask os-update-loop since-update
diagnose os-update-loop event-log
step os-update-loop safe-mode
triage os-update-loop category=os impact=low urgency=high
elevate os-update-loop
link wifi-1 INC-A
escalate os-update-loop tier2 "Rollback fails with 0x800f0922; logs attached"
resolve os-update-loop fixed
hint os-update-loop 0
answer q-first-contact t1
answer q-routing a c
answer q-duties d1=provider d2=admin
)";
    const ScriptParseResult r = ParseActionScript(text);
    ASSERT_TRUE(r.Ok()) << r.m_errors[0].m_message;
    ASSERT_TRUE(r.m_script.m_seed.has_value());
    EXPECT_EQ(*r.m_script.m_seed, 7u);
    const auto& a = r.m_script.m_actions;
    ASSERT_EQ(a.size(), 15u);
    EXPECT_EQ(a[0].m_type, ActionType::Wait);
    EXPECT_EQ(a[0].m_duration, 120);
    EXPECT_EQ(a[0].m_line, 3);
    EXPECT_EQ(a[1].m_type, ActionType::WaitUntil);
    EXPECT_EQ(a[1].m_duration, 3900);
    EXPECT_EQ(a[2].m_type, ActionType::Acknowledge);
    EXPECT_EQ(a[2].m_target, "os-update-loop");
    EXPECT_EQ(a[3].m_type, ActionType::Ask);
    EXPECT_EQ(a[3].m_arg, "since-update");
    EXPECT_EQ(a[4].m_type, ActionType::Diagnose);
    EXPECT_EQ(a[5].m_type, ActionType::Step);
    EXPECT_EQ(a[5].m_arg, "safe-mode");
    EXPECT_EQ(a[6].m_type, ActionType::Triage);
    EXPECT_EQ(a[6].m_category, "os");
    EXPECT_EQ(a[6].m_impact, "low");
    EXPECT_EQ(a[6].m_urgency, "high");
    EXPECT_EQ(a[7].m_type, ActionType::Elevate);
    EXPECT_EQ(a[8].m_type, ActionType::Link);
    EXPECT_EQ(a[8].m_arg, "INC-A");
    EXPECT_EQ(a[9].m_type, ActionType::Escalate);
    EXPECT_EQ(a[9].m_arg, "tier2");
    EXPECT_EQ(a[9].m_note, "Rollback fails with 0x800f0922; logs attached");
    EXPECT_EQ(a[10].m_type, ActionType::Resolve);
    EXPECT_EQ(a[10].m_arg, "fixed");
    EXPECT_EQ(a[11].m_type, ActionType::Hint);
    EXPECT_EQ(a[11].m_index, 0);
    EXPECT_EQ(a[12].m_type, ActionType::Answer);
    EXPECT_EQ(a[13].m_tokens, (std::vector<std::string>{"a", "c"}));
    EXPECT_EQ(a[14].m_tokens, (std::vector<std::string>{"d1=provider", "d2=admin"}));
}

// An escalation's request severity comes after the note and before the certainty, and reads back
// as it was written; a note that looks like one is quoted.
TEST(ActionScript, AnEscalationCarriesItsRequestSeverity) {
    const ScriptParseResult r = ParseActionScript("escalate t1 service-ops \"Fleet-wide policy\" severity=b certainty=high\n"
                                                  "escalate t2 tier2 \"severity=b\"\n");
    ASSERT_TRUE(r.Ok()) << r.m_errors[0].m_message;
    ASSERT_EQ(r.m_script.m_actions.size(), 2u);
    EXPECT_EQ(r.m_script.m_actions[0].m_severity, "b");
    EXPECT_EQ(r.m_script.m_actions[0].m_certainty, 3);
    EXPECT_EQ(r.m_script.m_actions[0].m_note, "Fleet-wide policy");
    EXPECT_EQ(r.m_script.m_actions[1].m_severity, "") << "a quoted note is a note";
    EXPECT_EQ(FormatAction(r.m_script.m_actions[0]), "escalate t1 service-ops \"Fleet-wide policy\" severity=b certainty=high");
    EXPECT_EQ(FormatAction(r.m_script.m_actions[1]), "escalate t2 tier2 \"severity=b\"");
    const ScriptParseResult empty = ParseActionScript("escalate t1 service-ops \"x\" severity=\n");
    ASSERT_FALSE(empty.Ok());
    EXPECT_NE(empty.m_errors[0].m_message.find("severity= needs the severity's id"), std::string::npos);
}

TEST(ActionScript, ShareTakesWhatThePatternIs) {
    const ScriptParseResult r = ParseActionScript("share t1 \"Third dock this week with the same firmware\"\n");
    ASSERT_TRUE(r.Ok()) << r.m_errors[0].m_message;
    EXPECT_EQ(r.m_script.m_actions[0].m_type, ActionType::Share);
    EXPECT_EQ(r.m_script.m_actions[0].m_note, "Third dock this week with the same firmware");
    EXPECT_EQ(FormatAction(r.m_script.m_actions[0]), "share t1 \"Third dock this week with the same firmware\"");
    const ScriptParseResult blank = ParseActionScript("share t1 \"  \"\n");
    ASSERT_FALSE(blank.Ok());
    EXPECT_NE(blank.m_errors[0].m_message.find("share needs what the trend is"), std::string::npos);
    EXPECT_FALSE(ParseActionScript("share t1\n").Ok());
}

TEST(ActionScript, AtAcceptsAClock) {
    EXPECT_EQ(A("at 12:30").m_duration, 750);
    EXPECT_EQ(A("at 1:05:00").m_duration, 3900);
    ExpectError("at 1:75", 1, 4, "bad time");
    ExpectError("at 1::5", 1, 4, "bad time");
    ExpectError("wait 12:30", 1, 6, "bad duration");
}

TEST(ActionScript, AtArrivalOfATicket) {
    const Action a = A("at arrival t-hw");
    EXPECT_EQ(a.m_type, ActionType::WaitUntil);
    EXPECT_EQ(a.m_target, "t-hw");
    EXPECT_EQ(FormatAction(a), "at arrival t-hw");
    EXPECT_TRUE(A("at 12:30").m_target.empty());
    ExpectError("at noon t-hw", 1, 4, "at takes a time (at 1:05:00) or a ticket's arrival (at arrival TICKET)");
    ExpectError("at arrival \"\"", 1, 12, "empty ticket id");
    ExpectError("at arrival t-hw now", 1, 17, "at TIME | at arrival TICKET");
}

TEST(ActionScript, SeedRules) {
    ExpectError("ack t1\nseed 3\n", 2, 1, "seed must come before any action");
    ExpectError("seed 3\nseed 4\n", 2, 1, "seed given twice");
    ExpectError("seed x\n", 1, 6, "whole number");
    ExpectError("seed 18446744073709551616\n", 1, 6, "whole number");
    const ScriptParseResult r = ParseActionScript("# comment\n\nseed 18446744073709551615\nwait 1m\n");
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(*r.m_script.m_seed, 18446744073709551615ull);
}

TEST(ActionScript, UnknownVerbSuggestsTheNearestOne) {
    ExpectError("  escalte t1 tier2 \"n\"", 1, 3, "unknown action 'escalte'; did you mean 'escalate'?");
    const ScriptError e = FirstError("frobnicate t1");
    EXPECT_EQ(e.m_message, "unknown action 'frobnicate'");
    ExpectError("ACK t1", 1, 1, "did you mean 'ack'");
}

TEST(ActionScript, WordCounts) {
    ExpectError("ack", 1, 1, "too few words for 'ack'; usage: ack TICKET");
    ExpectError("ack t1 extra", 1, 8, "too many words for 'ack'");
    ExpectError("ask t1", 1, 1, "usage: ask TICKET FACT");
    ExpectError("answer q1", 1, 1, "too few words for 'answer'");
    ExpectError("triage t1", 1, 1, "too few words for 'triage'");
    ExpectError("escalate t1 tier2 note with spaces", 1, 24, "(quote the note)");
}

TEST(ActionScript, EscalateNeedsANote) {
    ExpectError("escalate t1 tier2", 1, 13, "escalate needs a note");
    ExpectError("escalate t1 tier2 \"  \"", 1, 19, "escalate needs a note");
}

TEST(ActionScript, TriageFields) {
    ExpectError("triage t1 os", 1, 11, "expected category=, impact= or urgency=");
    ExpectError("triage t1 severity=high", 1, 11, "unknown triage field 'severity'");
    ExpectError("triage t1 impact=high impact=low", 1, 23, "given twice");
    ExpectError("triage t1 category=", 1, 11, "empty value for 'category'");
    const Action a = A("triage t1 urgency=low");
    EXPECT_TRUE(a.m_category.empty());
    EXPECT_TRUE(a.m_impact.empty());
    EXPECT_EQ(a.m_urgency, "low");
}

TEST(ActionScript, HintIndex) {
    ExpectError("hint t1 x", 1, 9, "hint index must be a whole number");
    ExpectError("hint t1 -1", 1, 9, "hint index");
    ExpectError("hint t1 99999999999", 1, 9, "hint index");
    EXPECT_EQ(A("hint t1 3").m_index, 3);
}

TEST(ActionScript, EmptyQuotedWords) {
    ExpectError("ack \"\"", 1, 5, "empty ticket or question id");
    ExpectError("ask t1 \"\"", 1, 8, "empty fact id");
    ExpectError("answer q1 \"\"", 1, 11, "empty answer token");
}

TEST(ActionScript, Quoting) {
    const Action a = A(R"(escalate t1 tier2 "say \"hi\" \\ # not a comment\n\tline\x01")");
    EXPECT_EQ(a.m_note, "say \"hi\" \\ # not a comment\n\tline\x01");
    ExpectError("escalate t1 tier2 \"open", 1, 19, "unterminated quote");
    ExpectError(R"(escalate t1 tier2 "bad \q")", 1, 24, "unknown escape '\\q'");
    ExpectError(R"(escalate t1 tier2 "bad \x4")", 1, 24, "\\x needs two hex digits");
    ExpectError("escalate t1 tier2 ab\"cd\"", 1, 21, "a quote may only start a word");
    ExpectError("escalate t1 tier2 \"ab\"cd", 1, 23, "expected a space after the closing quote");
    ExpectError(std::string("ack t\x01", 6), 1, 6, "control character");
    ExpectError(std::string("ack \"t\0\"", 8), 1, 7, "control character inside quotes");
    EXPECT_EQ(A("ack t1 # comment \"unterminated").m_target, "t1");
    EXPECT_EQ(A("ack \"t1\"# comment").m_target, "t1");
}

TEST(ActionScript, CrlfLineEndings) {
    const ScriptParseResult r = ParseActionScript("seed 2\r\nack t1\r\nwait 1m\r\n");
    ASSERT_TRUE(r.Ok()) << r.m_errors[0].m_message;
    ASSERT_EQ(r.m_script.m_actions.size(), 2u);
    EXPECT_EQ(r.m_script.m_actions[0].m_target, "t1");
    const ScriptParseResult bom = ParseActionScript("\xEF\xBB\xBFseed 3\nack t1\n");
    ASSERT_TRUE(bom.Ok()) << bom.m_errors[0].m_message;
    EXPECT_EQ(bom.m_script.m_seed, 3u);
}

TEST(ActionScript, CollectsEveryErrorWithLineAndColumn) {
    const ScriptParseResult r = ParseActionScript("ack t1\nbogus\nwait soon\n\nhint t1 x\nack t2\nescalate t1 tier2\n");
    ASSERT_EQ(r.m_errors.size(), 4u);
    EXPECT_EQ(r.m_errors[0].m_line, 2);
    EXPECT_EQ(r.m_errors[1].m_line, 3);
    EXPECT_EQ(r.m_errors[1].m_col, 6);
    EXPECT_EQ(r.m_errors[2].m_line, 5);
    EXPECT_EQ(r.m_errors[3].m_line, 7);
    EXPECT_TRUE(r.m_script.m_actions.empty());
}

TEST(ActionScript, SizeLimit) {
    const std::string big(4u * 1024u * 1024u + 1u, ' ');
    const ScriptParseResult r = ParseActionScript(big);
    ASSERT_EQ(r.m_errors.size(), 1u);
    EXPECT_NE(r.m_errors[0].m_message.find("larger than 4 MiB"), std::string::npos);
    // Exactly at the limit is fine (all blank).
    EXPECT_TRUE(ParseActionScript(std::string(4u * 1024u * 1024u, ' ')).Ok());
}

TEST(ActionScript, LineLimit) {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "wait 1s\n";
    const ScriptParseResult ok = ParseActionScript(text);
    EXPECT_TRUE(ok.Ok());
    EXPECT_EQ(ok.m_script.m_actions.size(), 100000u);
    text += "wait 1s\n";
    const ScriptParseResult r = ParseActionScript(text);
    ASSERT_EQ(r.m_errors.size(), 1u);
    EXPECT_EQ(r.m_errors[0].m_line, 100001);
    EXPECT_NE(r.m_errors[0].m_message.find("more than 100,000 lines"), std::string::npos);
}

TEST(ActionScript, WordLimit) {
    std::string line = "answer q";
    for (int i = 0; i < 998; ++i) line += " a";
    EXPECT_TRUE(ParseActionScript(line).Ok()) << "1,000 words is the limit, not over it";
    line += " a";
    const ScriptParseResult r = ParseActionScript(line);
    ASSERT_FALSE(r.Ok());
    EXPECT_NE(r.m_errors[0].m_message.find("more than 1,000 words"), std::string::npos);
}

TEST(ActionScript, EchoedWordsAreCutShort) {
    const std::string longWord(100000, 'x');
    for (const std::string& line : {"wait " + longWord, longWord, "triage t " + longWord, "seed " + longWord}) {
        const ScriptError e = FirstError(line);
        ASSERT_FALSE(e.m_message.empty());
        EXPECT_LT(e.m_message.size(), 200u) << e.m_message.substr(0, 80);
        EXPECT_NE(e.m_message.find("xxx..."), std::string::npos) << e.m_message;
    }
}

TEST(ActionScript, ErrorCountIsBounded) {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += "bogus\n";
    const ScriptParseResult r = ParseActionScript(text);
    ASSERT_EQ(r.m_errors.size(), 1001u);
    EXPECT_NE(r.m_errors.back().m_message.find("more not shown"), std::string::npos);
}

TEST(ActionScript, RandomBytesNeverCrash) {
    Rng rng(42);
    const char alphabet[] = "ack wait at seed escalate triage answer hint \"\\#=\n\r\t\x01\xff 0123456789mhs:x";
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const size_t n = rng.Below(400);
        for (size_t i = 0; i < n; ++i)
            text.push_back(rng.Below(4) == 0 ? static_cast<char>(rng.Below(256)) : alphabet[rng.Below(sizeof alphabet - 1)]);
        const ScriptParseResult r = ParseActionScript(text);
        for (const ScriptError& e : r.m_errors) {
            EXPECT_GE(e.m_line, 1);
            EXPECT_GE(e.m_col, 1);
            EXPECT_FALSE(e.m_message.empty());
        }
        if (r.Ok()) {
            // Whatever parsed must also survive a round trip.
            const ScriptParseResult again = ParseActionScript(FormatActionScript(r.m_script));
            ASSERT_TRUE(again.Ok()) << FormatActionScript(r.m_script);
            EXPECT_EQ(again.m_script.m_actions.size(), r.m_script.m_actions.size());
        }
    }
}

// [SECTION] Writing

void ExpectSameAction(const Action& x, const Action& y) {
    EXPECT_EQ(x.m_type, y.m_type);
    EXPECT_EQ(x.m_target, y.m_target);
    EXPECT_EQ(x.m_arg, y.m_arg);
    EXPECT_EQ(x.m_note, y.m_note);
    EXPECT_EQ(x.m_category, y.m_category);
    EXPECT_EQ(x.m_impact, y.m_impact);
    EXPECT_EQ(x.m_urgency, y.m_urgency);
    EXPECT_EQ(x.m_index, y.m_index);
    EXPECT_EQ(x.m_tokens, y.m_tokens);
    EXPECT_EQ(x.m_duration, y.m_duration);
}

TEST(ActionScript, FormatActionRoundTrips) {
    std::string everyByte;
    for (int c = 1; c < 256; ++c) everyByte.push_back(static_cast<char>(c));
    std::vector<Action> actions;
    auto add = [&](ActionType t, std::string target, std::string arg = {}) {
        Action a;
        a.m_type = t;
        a.m_target = std::move(target);
        a.m_arg = std::move(arg);
        actions.push_back(a);
        return &actions.back();
    };
    add(ActionType::Wait, "")->m_duration = 3661;
    add(ActionType::Wait, "")->m_duration = 0;
    add(ActionType::WaitUntil, "")->m_duration = 7200;
    add(ActionType::Acknowledge, "ticket with space");
    add(ActionType::Ask, "t#1", "fact\"q");
    add(ActionType::Diagnose, "t1", "back\\slash");
    add(ActionType::Step, "t1", "s1");
    Action* tri = add(ActionType::Triage, "t1");
    tri->m_category = "os x";
    tri->m_urgency = "high";
    add(ActionType::Elevate, "t1");
    add(ActionType::Link, "t1", "INC #7");
    add(ActionType::Escalate, "t1", "tier2")->m_note = everyByte;
    add(ActionType::Resolve, "t1", "fixed");
    add(ActionType::Hint, "q1")->m_index = 12;
    add(ActionType::Answer, "q1")->m_tokens = {"a", "b c", "d1=x y", "\"q\""};
    add(ActionType::StepOutcome, "T1", "S2")->m_note = everyByte;
    Action* result = add(ActionType::StepOutcome, "T1", "S3");
    result->m_index = 1;
    result->m_tokens = {"F4", everyByte, "F5", ""};
    for (const Action& a : actions) {
        const std::string line = FormatAction(a);
        EXPECT_EQ(line.find('\n'), std::string::npos) << line;
        const ScriptParseResult r = ParseActionScript(line);
        ASSERT_TRUE(r.Ok()) << line << ": " << r.m_errors[0].m_message;
        ASSERT_EQ(r.m_script.m_actions.size(), 1u) << line;
        ExpectSameAction(r.m_script.m_actions[0], a);
    }
    EXPECT_EQ(FormatAction(actions[0]), "wait 1h1m1s");
    EXPECT_EQ(FormatAction(actions[3]), "ack \"ticket with space\"");
    EXPECT_EQ(FormatAction(actions[7]), "triage t1 \"category=os x\" urgency=high");
}

TEST(ActionScript, StepResults) {
    const Action a = A("result T1 S2 fixed \"It works\" F3 \"The log is clean\" F4 \"\"");
    EXPECT_EQ(a.m_type, ActionType::StepOutcome);
    EXPECT_EQ(a.m_index, 1);
    EXPECT_EQ(a.m_note, "It works");
    EXPECT_EQ(a.m_tokens, (std::vector<std::string>{"F3", "The log is clean", "F4", ""}));
    EXPECT_EQ(FormatAction(a), "result T1 S2 fixed \"It works\" F3 \"The log is clean\" F4 \"\"");
    ExpectError("result T1 S2 maybe \"x\"", 1, 14, "a step result is fixed or unfixed");
    ExpectError("result T1 S2 fixed \"x\" F3", 1, 24, "each revealed fact needs its id and its quoted text");
    ExpectError("result T1 S2 fixed", 1, 1, "result TICKET STEP fixed|unfixed");
}

TEST(ActionScript, FormatActionScriptKeepsTheSeed) {
    ActionScript s;
    s.m_seed = 99;
    s.m_actions.push_back(A("ack t1"));
    EXPECT_EQ(FormatActionScript(s), "seed 99\nack t1\n");
    EXPECT_EQ(ParseActionScript(FormatActionScript(s)).m_script.m_seed, 99u);
}

TEST(ActionScript, NamesOfActionTypes) {
    EXPECT_STREQ(ToString(ActionType::WaitUntil), "at");
    EXPECT_STREQ(ToString(ActionType::Acknowledge), "ack");
    EXPECT_STREQ(ToString(ActionType::Answer), "answer");
}

} // namespace
} // namespace sl
