// SupportLab scenario_io tests: a bad-input test for every kind of scenario error, with exact positions.
#include "test_util.hpp"

namespace sl::test {
namespace {

// [SECTION] YAML level
// [SECTION] Header: format and kind
// [SECTION] Keys and types
// [SECTION] Ids and references
// [SECTION] Routes and reachability
// [SECTION] Plan review
// [SECTION] Several errors at once

const char* kAnswer = "    answer: {category: os, impact: low, urgency: low, route: tier2, explanation: E}\n";

//-----------------------------------------------------------------------------
// [SECTION] YAML level
//-----------------------------------------------------------------------------

TEST(YamlErrors, DuplicateKeyIsReportedAtTheSecond) {
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n    subject: T\n    report: R\n" + std::string(kAnswer));
    const auto r = LoadMem(text);
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:10:5", "duplicate key 'subject' (first at line 9)"));
}

TEST(YamlErrors, SyntaxErrorCarriesYamlCppPosition) {
    const auto r = LoadMem("format: 1\nkind: common_issues\ntitle: a: b\nid: x\n");
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:3:9", "YAML syntax error: quote text that contains ': '"));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:3:9", "(illegal map value)"));
}

// A plan review whose question q1 ends with `tail`, written at the usual indentation.
std::string Question(const std::string& tail) {
    return "format: 1\nkind: plan_review\nid: q\ntitle: Q\nsupport_model: models/tiered.yaml\nquestions:\n"
           "  - id: q1\n    type: single\n    prompt: Who?\n    options:\n" +
           tail;
}

TEST(YamlErrors, SyntaxErrorsSayWhatNeedsQuotes) {
    const std::string flow = Question("      - { id: a, text: A }\n      - { id: b, text: B }\n    answer: a\n    explanation: E\n"
                                      "    hints:\n      - { text: Who does the user call first?, cost: 1 }\n");
    EXPECT_TRUE(HasError(LoadMem(flow).m_diagnostics, Pos(flow, "?, cost"),
                         "inside {...} or [...], quote text that contains '?', ',', ': ' or '#' (for example { text: \"Who does the user call first?\""));
    const std::string colon = Question("      - { id: a, text: A }\n      - { id: b, text: B }\n    answer: a\n    explanation: Note: read\n");
    EXPECT_TRUE(HasError(LoadMem(colon).m_diagnostics, Pos(colon, ": read"), "quote text that contains ': '"));
}

TEST(YamlErrors, IndentationErrorsNameTheLineAtFaultAndItsSiblings) {
    // Nested under a key that already has a value.
    const std::string over = Question("      - { id: a, text: A }\n      - { id: b, text: B }\n    answer: a\n      explanation: E\n");
    EXPECT_TRUE(HasError(LoadMem(over).m_diagnostics, Pos(over, "explanation"),
                         "this line is indented 6 spaces; its siblings are at 4 (the line above has a value, so nothing can be nested under it)"));
    // Dedented out of its mapping.
    const std::string under = Question("      - id: a\n        text: A\n      - id: b\n      text: B\n    answer: a\n    explanation: E\n");
    EXPECT_TRUE(HasError(LoadMem(under).m_diagnostics, Pos(under, "text: B"), "this line is indented 6 spaces; its siblings are at 8"));
    // A list entry out of line with the other entries: yaml-cpp stops at the entry's next line,
    // the message points at the entry and says where the parser stopped.
    const std::string entry = "format: 1\nkind: plan_review\nid: q\ntitle: Q\nsupport_model: models/tiered.yaml\nquestions:\n"
                              "- id: q1\n    type: single\n    prompt: Who?\n"
                              "  - id: q2\n    type: single\n";
    const auto r = LoadMem(entry);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:7:1", "this list entry is indented 0 spaces; its siblings are at 2 (the parser stopped at line 8: illegal map value)"));
    // An entry dedented between its siblings.
    const std::string between = Question("      - { id: a, text: A }\n     - { id: b, text: B }\n    answer: a\n    explanation: E\n");
    EXPECT_TRUE(HasError(LoadMem(between).m_diagnostics, Pos(between, "- { id: b"), "this line is indented 5 spaces; its siblings are at 6"));
}

TEST(YamlErrors, NoAdviceWhereTheCauseIsUnclear) {
    // Folded text dedented onto its key's column: yaml-cpp stops two lines later; the layout alone
    // does not say which line slipped, so the message is yaml-cpp's own.
    const std::string text = Question("      - { id: a, text: A }\n      - { id: b, text: B }\n    answer: a\n"
                                      "    explanation: >\n    Long text\n      more\n    hints: []\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, ": []"), "YAML syntax error: illegal map value")) << Dump(r.m_diagnostics);
}

TEST(YamlErrors, EmptyFileAndCommentOnlyFile) {
    EXPECT_TRUE(HasError(LoadMem("").m_diagnostics, "mem/s.yaml", "file is empty"));
    EXPECT_TRUE(HasError(LoadMem("# just a comment\n\n").m_diagnostics, "mem/s.yaml", "file is empty"));
}

TEST(YamlErrors, OnlyOneDocument) {
    const auto r = LoadMem("format: 1\n---\nformat: 1\n");
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:2:1", "only one YAML document"));
}

TEST(YamlErrors, TopLevelMustBeAMapping) {
    EXPECT_TRUE(HasError(LoadMem("- a\n- b\n").m_diagnostics, "mem/s.yaml:1:1", "expected a mapping with 'format' and 'kind' at the top level, got a list"));
    EXPECT_TRUE(HasError(LoadMem("just text\n").m_diagnostics, "mem/s.yaml:1:1", "got 'just text'"));
}

TEST(YamlErrors, StrayLineWithoutColon) {
    const std::string text = TicketScenario(MinimalTicket("t1")) + "stray line\n";
    EXPECT_TRUE(HasError(LoadMem(text).m_diagnostics, Pos(text, "stray"), "expected ':' after 'stray line'"));
}

TEST(YamlErrors, UnterminatedQuoteAndBadEscape) {
    const std::string a = "format: 1\nkind: lab\ntitle: \"no end\n";
    EXPECT_TRUE(HasError(LoadLabText(a, "mem/s.yaml").m_diagnostics, "mem/s.yaml:3:8", "unterminated quoted string"));
    const std::string b = "format: 1\nkind: lab\ntitle: \"bad \\' escape\"\n"; // yaml-cpp accepts \' itself
    EXPECT_TRUE(HasError(LoadLabText(b, "mem/s.yaml").m_diagnostics, Pos(b, "\\'"), "invalid escape '\\''"));
    const std::string q = "format: 1\nkind: lab\ntitle: \"bad \\q escape\"\n";
    EXPECT_TRUE(HasError(LoadLabText(q, "mem/s.yaml").m_diagnostics, "mem/s.yaml:3:", "YAML syntax error: unknown escape character: q"));
    const std::string c = "format: 1\nkind: lab\ntitle: \"x\"# comment\n";
    EXPECT_TRUE(HasError(LoadLabText(c, "mem/s.yaml").m_diagnostics, Pos(c, "#"), "a comment needs a space before '#'"));
}

TEST(YamlErrors, UnderIndentedContinuationLines) {
    const std::string a = "format: 1\nkind: lab\nmodules:\n  - title: \"two\n  lines\"\n";
    EXPECT_TRUE(HasError(LoadLabText(a, "mem/s.yaml").m_diagnostics, "mem/s.yaml:5:3", "continuation line of a quoted string must be indented"));
    const std::string b = "format: 1\nkind: lab\nid: [a,\nb]\n";
    EXPECT_TRUE(HasError(LoadLabText(b, "mem/s.yaml").m_diagnostics, "mem/s.yaml:4:1", "must be indented more than its parent"));
}

TEST(YamlErrors, FlowListOddities) {
    const std::string a = "format: 1\nkind: lab\nid: [a, , b]\n";
    EXPECT_TRUE(HasError(LoadLabText(a, "mem/s.yaml").m_diagnostics, "mem/s.yaml:3:9", "empty entry"));
    const std::string b = "format: 1\nkind: lab\nid: [-]\n";
    EXPECT_TRUE(HasError(LoadLabText(b, "mem/s.yaml").m_diagnostics, "mem/s.yaml:3:6", "'-' cannot start an entry"));
}

TEST(YamlErrors, DirectiveWithoutDocumentStart) {
    EXPECT_TRUE(HasError(LoadMem("%YAML 1.2\nformat: 1\n").m_diagnostics, "mem/s.yaml:2:1", "must be followed by '---'"));
    EXPECT_TRUE(LoadScenarioText("%YAML 1.2\n---\n" + TicketScenario(MinimalTicket("t1")), "mem/s.yaml", WithModel().Reader()).Ok());
}

TEST(YamlErrors, ComplexAndEmptyKeys) {
    EXPECT_TRUE(HasError(LoadMem("format: 1\n? [a]\n: b\n").m_diagnostics, "mem/s.yaml:2:3", "mapping keys must be plain text"));
    EXPECT_TRUE(HasError(LoadMem("format: 1\n: b\n").m_diagnostics, "mem/s.yaml:2:1", "empty mapping key"));
}

TEST(YamlErrors, AnchorsAndAliasesWork) {
    const std::string text = TicketScenario("  - id: t1\n    subject: &s Same subject\n    report: R\n"
                                            "    answer: &a {category: os, impact: low, urgency: low, route: tier2, explanation: E}\n"
                                            "  - id: t2\n    subject: *s\n    report: R\n    answer: *a\n");
    const auto r = LoadMem(text);
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    EXPECT_EQ(r.m_value->m_tickets[1].m_subject, "Same subject");
    EXPECT_EQ(r.m_value->m_tickets[1].m_answer.m_route, "tier2");
}

//-----------------------------------------------------------------------------
// [SECTION] Header: format and kind
//-----------------------------------------------------------------------------

TEST(HeaderErrors, NewerFormat) {
    const auto r = LoadMem("format: 2\nkind: common_issues\n");
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:1:9", "format 2 is newer than this SupportLab supports (1)"));
    EXPECT_EQ(r.m_diagnostics.size(), 1u) << "a newer format stops checking: its keys may differ\n" << Dump(r.m_diagnostics);
}

TEST(HeaderErrors, BadFormatValues) {
    EXPECT_TRUE(HasError(LoadMem("format: 0\nkind: lab\n").m_diagnostics, "mem/s.yaml:1:9", "format 0 is not a valid version"));
    EXPECT_TRUE(HasError(LoadMem("format: \"1\"\nkind: lab\n").m_diagnostics, "mem/s.yaml:1:9", "'format' must be an integer"));
    EXPECT_TRUE(HasError(LoadMem("kind: lab\n").m_diagnostics, "mem/s.yaml:1:1", "missing required key 'format'"));
}

TEST(HeaderErrors, MissingOrUnknownKind) {
    EXPECT_TRUE(HasError(LoadMem("format: 1\nid: x\n").m_diagnostics, "mem/s.yaml:1:1",
                         "missing required key 'kind' (support_model, plan_review, common_issues, escalation_drill or lab)"));
    EXPECT_TRUE(HasError(LoadMem("format: 1\nkind: comon_issues\n").m_diagnostics, "mem/s.yaml:2:7",
                         "unknown kind 'comon_issues' (allowed: support_model, plan_review, common_issues, escalation_drill or lab) (did you mean 'common_issues'?)"));
}

TEST(HeaderErrors, WrongKindForTheLoader) {
    const std::string model = ReadText(DataPath("models/tiered.yaml"));
    EXPECT_TRUE(HasError(LoadScenarioText(model, "mem/m.yaml").m_diagnostics, Pos(model, "support_model", 1, "mem/m.yaml"),
                         "expected a scenario (kind: plan_review, common_issues or escalation_drill), but this file is kind 'support_model'"));
    EXPECT_TRUE(HasError(LoadLabText(model, "mem/m.yaml").m_diagnostics, "mem/m.yaml:3:7", "expected a lab (kind: lab)"));
    const std::string lab = ReadText(DataPath("lab.yaml"));
    EXPECT_TRUE(HasError(LoadSupportModelText(lab, "mem/l.yaml").m_diagnostics, "mem/l.yaml:3:7", "expected a support model"));
}

//-----------------------------------------------------------------------------
// [SECTION] Keys and types
//-----------------------------------------------------------------------------

TEST(KeyErrors, UnknownKeyWithSuggestionAndMissingRequiredKey) {
    const std::string text = TicketScenario("  - id: t1\n    subjct: S\n    report: R\n" + std::string(kAnswer));
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:9:5", "unknown key 'subjct' in ticket 't1' (did you mean 'subject'?)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:8:5", "missing required key 'subject' in ticket 't1'"));
}

TEST(KeyErrors, UnknownKeyInNestedSectionsAndNoSuggestionWhenNothingIsClose) {
    const std::string text = TicketScenario(MinimalTicket("t1"), "costs: {askk: 1m, zzzzzzzz: 2m}\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "askk"), "unknown key 'askk' in costs (did you mean 'ask'?)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "zzzz"), "unknown key 'zzzzzzzz' in costs"));
    for (const Diagnostic& d : r.m_diagnostics) EXPECT_EQ(d.m_message.find("zzzzzzzz' in costs (did"), std::string::npos);
}

TEST(KeyErrors, WrongTypes) {
    const std::string text = TicketScenario("  - id: t1\n"
                                            "    subject: S\n"
                                            "    report: R\n"
                                            "    arrives: soon\n"
                                            "    hints: {text: x}\n"
                                            "    facts:\n"
                                            "      - id: f1\n"
                                            "        text: T\n"
                                            "        prompt: P\n"
                                            "        requires: f0\n"
                                            "    steps:\n"
                                            "      - id: s1\n"
                                            "        text: T\n"
                                            "        outcomes:\n"
                                            "          - text: O\n"
                                            "            fixes: yes\n"
                                            "    answer: [os]\n",
                                            "seed: \"7\"\nscoring: {routing: lots}\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "soon"), "'arrives' in ticket 't1' must be a duration such as 90s, 5m or 1h30m, got 'soon'"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "{text: x}"), "'hints' in ticket 't1' must be a list of mappings, got a mapping"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "f0"), "'requires' in fact 'f1' must be a list of ids, got 'f0'"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "yes"), "'fixes' in outcome must be true or false, got 'yes' (YAML 1.2 booleans are true and false)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "[os]"), "'answer' in ticket 't1' must be a mapping, got a list"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "\"7\""), "'seed' in scenario 's' must be an integer, got '7' (a quoted string; remove the quotes)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "lots"), "'routing' in scoring must be a number, got 'lots'"));
    // A wrongly typed key is present: it is not also reported as missing.
    for (const Diagnostic& d : r.m_diagnostics) EXPECT_EQ(d.m_message.find("missing required key 'answer'"), std::string::npos);
}

TEST(KeyErrors, TextWhereAListOrMappingIsWritten) {
    const std::string text = TicketScenario("  - id: t1\n    subject: [a, b]\n    report: {x: 1}\n" + std::string(kAnswer));
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:9:14", "'subject' in ticket 't1' must be text, got a list"));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:10:13", "'report' in ticket 't1' must be text, got a mapping"));
}

TEST(KeyErrors, BadEnumValueListsTheAllowedOnes) {
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n    channel: fax\n    report: R\n" + std::string(kAnswer), "clock: pratice\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "fax"), "'channel' in ticket 't1' must be one of phone, email, portal, chat, walk_in; got 'fax'"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "pratice"), "'clock' in scenario 's' must be one of practice, assessment; got 'pratice' (did you mean 'practice'?)"));
}

TEST(KeyErrors, RangesAndListSizes) {
    const std::string text = TicketScenario(MinimalTicket("t1"), "scoring: {acceptable_route_credit: 1.5, triage: -1}\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "1.5"), "'acceptable_route_credit' in scoring must be between 0 and 1, got 1.5"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "-1"), "'triage' in scoring must be between 0 and 1000, got -1"));
    const std::string empty = "format: 1\nkind: common_issues\nid: s\ntitle: S\nsupport_model: models/tiered.yaml\nplayer_role: helpdesk_agent\ntickets: []\n";
    EXPECT_TRUE(HasError(LoadMem(empty).m_diagnostics, "mem/s.yaml:7:10", "'tickets' in scenario 's' needs at least 1 item"));
}

TEST(KeyErrors, MissingValueForRequiredKeyAndEmptyOptionalMeansDefault) {
    const std::string text = TicketScenario("  - id: t1\n    subject:\n    channel:\n    report: R\n" + std::string(kAnswer));
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:9:5", "missing value for required key 'subject' in ticket 't1'"));
    EXPECT_EQ(CountErrors(r.m_diagnostics), 1) << Dump(r.m_diagnostics);
}

TEST(KeyErrors, AnEmptyOptionalKeyIsAbsentEvenWhereTheKeyIsNotAllowed) {
    // docs/scenario-format.md: an optional key written with nothing after the colon takes its
    // default. That holds where a filled-in value would be refused: 'harm:' on a neutral step,
    // 'prompt:' on a step fact. A filled-in value there is still an error (ConditionalKeys).
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n    report: R\n"
                                            "    facts:\n"
                                            "      - {id: f1, prompt: P, text: T}\n"
                                            "      - {id: f2, source: step, text: T, prompt: , cost: ~}\n"
                                            "    steps:\n"
                                            "      - {id: s1, text: T, kind: required, harm: , outcomes: [{text: O, reveals: [f2]}]}\n"
                                            "      - {id: s2, text: T, harm: null}\n" +
                                            std::string(kAnswer));
    const auto r = LoadMem(text);
    EXPECT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    EXPECT_EQ(r.m_diagnostics.size(), 0u) << Dump(r.m_diagnostics);
}

TEST(KeyErrors, ConditionalKeys) {
    // Ticket scenarios need player_role and tickets; questions belong to plan reviews only.
    const std::string text = "format: 1\nkind: escalation_drill\nid: s\ntitle: S\nsupport_model: models/tiered.yaml\nquestions: []\n";
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:1:1", "missing required key 'player_role' in scenario 's' (required when kind is common_issues or escalation_drill)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:1:1", "missing required key 'tickets' in scenario 's'"));
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:6:1", "'questions' is not allowed in scenario 's' when kind is escalation_drill (only when kind is plan_review)"));

    const std::string facts = TicketScenario("  - id: t1\n    subject: S\n    report: R\n"
                                             "    facts:\n"
                                             "      - {id: f1, text: T}\n"
                                             "      - {id: f2, source: step, text: T, prompt: P, cost: 1m}\n"
                                             "    steps:\n"
                                             "      - {id: s1, text: T, kind: harmful, outcomes: [{text: O, reveals: [f2]}]}\n"
                                             "      - {id: s2, text: T, harm: H}\n" +
                                             std::string(kAnswer));
    const auto f = LoadMem(facts);
    EXPECT_TRUE(HasError(f.m_diagnostics, Pos(facts, "{id: f1"), "missing required key 'prompt' in fact 'f1' (required when source is ask or diagnostic)"));
    EXPECT_TRUE(HasError(f.m_diagnostics, Pos(facts, "prompt: P"), "'prompt' is not allowed in fact 'f2' when source is step"));
    EXPECT_TRUE(HasError(f.m_diagnostics, Pos(facts, "cost: 1m"), "'cost' is not allowed in fact 'f2' when source is step"));
    EXPECT_TRUE(HasError(f.m_diagnostics, Pos(facts, "{id: s1"), "missing required key 'harm' in step 's1' (required when kind is harmful)"));
    EXPECT_TRUE(HasError(f.m_diagnostics, Pos(facts, "harm: H"), "'harm' is not allowed in step 's2' when kind is neutral"));
}

//-----------------------------------------------------------------------------
// [SECTION] Ids and references
//-----------------------------------------------------------------------------

TEST(IdErrors, BadIdFormat) {
    const std::string text = TicketScenario("  - id: \"bad id\"\n    subject: S\n    report: R\n" + std::string(kAnswer));
    EXPECT_TRUE(HasError(LoadMem(text).m_diagnostics, "mem/s.yaml:8:9", "'id' in ticket must be an id (1-64 letters, digits, '-', '_' or '.'), got 'bad id'"));
}

TEST(IdErrors, DuplicateIds) {
    const std::string text = TicketScenario(MinimalTicket("t1") + MinimalTicket("t1") +
                                            "  - id: t2\n    subject: S\n    report: R\n"
                                            "    facts: [{id: x, prompt: P, text: T}]\n"
                                            "    steps: [{id: x, text: T}]\n"
                                            "    hints: [{text: a}]\n" + kAnswer,
                                            "incidents:\n  - {id: i1, title: I, route: tier2}\n  - {id: i1, title: I, route: tier2}\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "t1", 2), "duplicate ticket id 't1' (first at line 11)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "x, text: T}]"), "duplicate fact or step id 'x' (first at line 22)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "i1", 2), "duplicate incident id 'i1' (first at line 8)"));
}

TEST(ReferenceErrors, EveryKindOfUnknownReference) {
    const std::string text = TicketScenario("  - id: t1\n"
                                            "    subject: S\n"
                                            "    report: R\n"
                                            "    user: {name: N, role: boss}\n"
                                            "    reported: {impact: huge, urgency: lo}\n"
                                            "    elevation_requester: contractor\n"
                                            "    vary: {user: ofice, device: phones}\n"
                                            "    facts:\n"
                                            "      - {id: f1, prompt: P, text: T, requires: [s9]}\n"
                                            "    steps:\n"
                                            "      - id: s1\n"
                                            "        text: T\n"
                                            "        outcomes:\n"
                                            "          - {when: [f2], text: O, reveals: [s1]}\n"
                                            "    answer: {category: netwrok, impact: low, urgency: hi, route: tier5,\n"
                                            "             acceptable_routes: [tier2, tier9], resolution: [fixd], incident: inc-x, explanation: E}\n",
                                            "pools: {users: {office: [{name: A}]}}\nincidents: [{id: inc-a, title: I, route: teir2}]\n");
    const auto r = LoadMem(text);
    const auto& d = r.m_diagnostics;
    EXPECT_TRUE(HasError(d, Pos(text, "boss"), "unknown role 'boss' in the user of ticket 't1'"));
    EXPECT_TRUE(HasError(d, Pos(text, "huge"), "unknown impact level 'huge' in the reported impact of ticket 't1' (did you mean 'high'?)"));
    EXPECT_TRUE(HasError(d, Pos(text, "lo}"), "unknown urgency level 'lo' in the reported urgency of ticket 't1' (did you mean 'low'?)"));
    EXPECT_TRUE(HasError(d, Pos(text, "contractor"), "unknown role 'contractor' in elevation_requester of ticket 't1'"));
    EXPECT_TRUE(HasError(d, Pos(text, "ofice"), "unknown user pool 'ofice' in vary of ticket 't1' (did you mean 'office'?)"));
    EXPECT_TRUE(HasError(d, Pos(text, "phones"), "unknown device pool 'phones' in vary of ticket 't1' (none are defined)"));
    EXPECT_TRUE(HasError(d, Pos(text, "s9"), "unknown fact or step 's9' in the requires of fact 'f1' of ticket 't1'"));
    EXPECT_TRUE(HasError(d, Pos(text, "f2"), "unknown fact or step 'f2' in the when of outcome 1 of step 's1' (did you mean 'f1'?)"));
    EXPECT_TRUE(HasError(d, Pos(text, "s1]"), "unknown fact 's1' in the reveals of outcome 1 of step 's1'"));
    EXPECT_TRUE(HasError(d, Pos(text, "netwrok"), "unknown category 'netwrok' in the answer of ticket 't1' (did you mean 'network'?)"));
    EXPECT_TRUE(HasError(d, Pos(text, "hi,"), "unknown urgency level 'hi' in the answer of ticket 't1' (known: high, medium, low)"));
    EXPECT_TRUE(HasError(d, Pos(text, "tier5"), "unknown destination 'tier5' in the answer of ticket 't1'"));
    EXPECT_TRUE(HasError(d, Pos(text, "tier9"), "unknown destination 'tier9' in the acceptable_routes of ticket 't1'"));
    EXPECT_TRUE(HasError(d, Pos(text, "fixd"), "unknown resolution code 'fixd' in the answer of ticket 't1' (did you mean 'fixed'?)"));
    EXPECT_TRUE(HasError(d, Pos(text, "inc-x"), "unknown incident 'inc-x' in the answer of ticket 't1' (did you mean 'inc-a'?)"));
    EXPECT_TRUE(HasError(d, Pos(text, "teir2"), "unknown destination 'teir2' in the route of incident 'inc-a' (did you mean 'tier2'?)"));
}

TEST(ReferenceErrors, PlayerRoleAndSupportModelFile) {
    const std::string text = "format: 1\nkind: common_issues\nid: s\ntitle: S\nsupport_model: models/tiered.yaml\nplayer_role: helpdesk\ntickets:\n" + MinimalTicket("t1");
    EXPECT_TRUE(HasError(LoadMem(text).m_diagnostics, "mem/s.yaml:6:14", "unknown role 'helpdesk' in player_role (known: helpdesk_agent, it_admin)"));
    const std::string missing = "format: 1\nkind: common_issues\nid: s\ntitle: S\nsupport_model: models/nope.yaml\nplayer_role: helpdesk_agent\ntickets:\n" + MinimalTicket("t1");
    EXPECT_TRUE(HasError(LoadMem(missing).m_diagnostics, "mem/s.yaml:5:16", "cannot read support model 'models/nope.yaml': no such file"));
}

TEST(ReferenceErrors, ErrorsInsideTheModelCarryTheModelsPath) {
    MemoryFiles files = WithModel();
    std::string& model = files.m_files["mem/models/tiered.yaml"];
    model.replace(model.find("area: device"), 12, "area: gadget");
    const auto r = LoadMem(TicketScenario(MinimalTicket("t1")), files);
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:5:16", "support model 'models/tiered.yaml' is invalid (1 errors, listed with its path)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(model, "gadget", 1, "mem/models/tiered.yaml"),
                         "'area' in category 'hardware' must be one of os, productivity, browser, device, infrastructure, lob; got 'gadget'"));
}

//-----------------------------------------------------------------------------
// [SECTION] Routes and reachability
//-----------------------------------------------------------------------------

TEST(RouteErrors, NoRouteAndResolveWithoutResolutionCode) {
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n    report: R\n"
                                            "    answer: {category: os, impact: low, urgency: low, explanation: E}\n"
                                            "  - id: t2\n    subject: S\n    report: R\n"
                                            "    answer: {category: os, impact: low, urgency: low, route: resolve, explanation: E}\n"
                                            "  - id: t3\n    subject: S\n    report: R\n"
                                            "    answer: {category: os, impact: low, urgency: low, route: tier2, acceptable_routes: [tier2], explanation: E}\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:11:13", "ticket 't1' has no correct route: set answer.route ('resolve' or a destination id) or answer.incident"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "resolve,"), "ticket 't2' is resolved by the help desk (route: resolve) but gives no resolution code"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "tier2]"), "route 'tier2' of ticket 't3' is the best route; it cannot also be only acceptable"));
}

TEST(ReachabilityErrors, UnreachableFactsStepsAndOutcomes) {
    const std::string text = TicketScenario("  - id: t1\n"
                                            "    subject: S\n"
                                            "    report: R\n"
                                            "    facts:\n"
                                            "      - {id: a, prompt: P, text: T}\n"
                                            "      - {id: b, prompt: P, text: T, requires: [c]}\n"
                                            "      - {id: orphan, source: step, text: T}\n"
                                            "      - {id: hidden, source: step, text: T}\n"
                                            "    steps:\n"
                                            "      - {id: c, text: T, requires: [d]}\n"
                                            "      - {id: d, text: T, requires: [c]}\n"
                                            "      - id: e\n"
                                            "        text: T\n"
                                            "        requires: [a]\n"
                                            "        outcomes:\n"
                                            "          - text: always\n"
                                            "          - text: never\n"
                                            "            reveals: [hidden]\n"
                                            "      - id: f\n"
                                            "        text: T\n"
                                            "        outcomes:\n"
                                            "          - {when: [a], text: x}\n"
                                            "          - {when: [a, b], text: y}\n"
                                            "          - {when: [b], text: z}\n" +
                                            std::string(kAnswer));
    const auto r = LoadMem(text);
    const auto& d = r.m_diagnostics;
    EXPECT_TRUE(HasError(d, Pos(text, "{id: b"), "fact 'b' of ticket 't1' can never be known: it requires 'c', which can never be known or done"));
    EXPECT_TRUE(HasError(d, Pos(text, "{id: orphan"), "fact 'orphan' of ticket 't1' has source step but no step outcome reveals it"));
    EXPECT_TRUE(HasError(d, Pos(text, "{id: hidden"), "fact 'hidden' of ticket 't1' can never be known: every outcome that reveals it can never apply"));
    EXPECT_TRUE(HasError(d, Pos(text, "{id: c"), "step 'c' of ticket 't1' can never be applied: it requires 'd'"));
    EXPECT_TRUE(HasError(d, Pos(text, "{id: d"), "step 'd' of ticket 't1' can never be applied: it requires 'c'"));
    EXPECT_TRUE(HasError(d, Pos(text, "text: never"), "outcome 2 of step 'e' can never apply: outcome 1 before it has no 'when' and always applies first"));
    EXPECT_TRUE(HasError(d, Pos(text, "{when: [a, b]"), "outcome 2 of step 'f' can never apply: outcome 1 before it applies whenever this one would"));
    EXPECT_TRUE(HasError(d, Pos(text, "{when: [b]"), "outcome 3 of step 'f' can never apply: its 'when' needs 'b', which can never be known or done"));
    EXPECT_EQ(CountErrors(d), 8) << Dump(d);
}

TEST(ReachabilityErrors, ChainsThroughRevealsAreReachable) {
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n    report: R\n"
                                            "    facts:\n"
                                            "      - {id: hidden, source: step, text: T}\n"
                                            "      - {id: deeper, prompt: P, text: T, requires: [hidden]}\n"
                                            "    steps:\n"
                                            "      - {id: s1, text: T, outcomes: [{text: O, reveals: [hidden]}]}\n"
                                            "      - {id: s2, text: T, requires: [deeper, s1], outcomes: [{when: [hidden], text: A}, {text: B}]}\n" +
                                            std::string(kAnswer));
    const auto r = LoadMem(text);
    EXPECT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
}

//-----------------------------------------------------------------------------
// [SECTION] Plan review
//-----------------------------------------------------------------------------

TEST(PlanReviewErrors, TypeSpecificRules) {
    const std::string text = "format: 1\nkind: plan_review\nid: p\ntitle: P\nsupport_model: models/tiered.yaml\nquestions:\n"
                             "  - {id: q1, type: single, prompt: P, options: [{id: a, text: A}, {id: b, text: B}], answer: [a], explanation: E}\n"
                             "  - {id: q2, type: single, prompt: P, options: [{id: a, text: A}, {id: b, text: B}], answer: c, explanation: E}\n"
                             "  - {id: q3, type: multiple, prompt: P, options: [{id: a, text: A}, {id: b, text: B}], answer: [a, a, z], explanation: E}\n"
                             "  - {id: q4, type: ordering, prompt: P, options: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C}], answer: [c, a], explanation: E}\n"
                             "  - {id: q5, type: matching, prompt: P, options: [{id: x, text: X}], pairs: [{id: p1, left: L, right: y}], answer: x, explanation: E}\n"
                             "  - {id: q6, type: single, prompt: P, options: [{id: a, text: A}], explanation: E}\n"
                             "  - {id: q1, type: matching, prompt: P, options: [{id: a, text: A}], explanation: E}\n"
                             "  - {id: q7, type: multiple, prompt: P, options: [{id: a, text: A}, {id: b, text: B}], answer: b, explanation: E}\n"
                             "tickets: []\n";
    const auto r = LoadMem(text);
    const auto& d = r.m_diagnostics;
    EXPECT_TRUE(HasError(d, Pos(text, "[a], expl"), "the answer of single-choice question 'q1' must be one option id, not a list"));
    EXPECT_TRUE(HasError(d, Pos(text, "c, expl"), "unknown option 'c' in the answer of question 'q2' (known: a, b)"));
    EXPECT_TRUE(HasError(d, Pos(text, "a, z]"), "option 'a' appears twice in the answer of question 'q3'"));
    EXPECT_TRUE(HasError(d, Pos(text, "z]"), "unknown option 'z' in the answer of question 'q3'"));
    EXPECT_TRUE(HasError(d, Pos(text, "[c, a]"), "the answer of ordering question 'q4' must list every option exactly once; missing 'b'"));
    EXPECT_TRUE(HasError(d, Pos(text, "y}"), "unknown option 'y' in pair 'p1' of question 'q5'"));
    EXPECT_TRUE(HasError(d, Pos(text, "answer: x"), "'answer' is not allowed in question 'q5' when type is matching (only when type is single, multiple or ordering)"));
    EXPECT_TRUE(HasError(d, Pos(text, "{id: q6"), "missing required key 'answer' in question 'q6' (required when type is single, multiple or ordering)"));
    EXPECT_TRUE(HasError(d, Pos(text, "[{id: a, text: A}], expl"), "a single question needs at least 2 options; question 'q6' has 1"));
    EXPECT_TRUE(HasError(d, Pos(text, "q1", 2), "duplicate question id 'q1' (first at line 7)"));
    EXPECT_TRUE(HasError(d, Pos(text, "{id: q1", 2), "missing required key 'pairs' in question 'q1' (required when type is matching)"));
    EXPECT_TRUE(HasError(d, Pos(text, "tickets"), "'tickets' is not allowed in scenario 'p' when kind is plan_review"));
    EXPECT_TRUE(HasError(d, Pos(text, "b, expl"), "the answer of multiple-choice question 'q7' must be a list of option ids, not one id (write [b])"));
}

TEST(PlanReviewErrors, DuplicateOptionAndPairIds) {
    const std::string text = "format: 1\nkind: plan_review\nid: p\ntitle: P\nsupport_model: models/tiered.yaml\nquestions:\n"
                             "  - {id: q1, type: single, prompt: P, options: [{id: a, text: A}, {id: a, text: B}], answer: a, explanation: E}\n"
                             "  - {id: q2, type: matching, prompt: P, options: [{id: x, text: X}], pairs: [{id: p, left: L, right: x}, {id: p, left: M, right: x}], explanation: E}\n";
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "a, text: B"), "duplicate option id 'a' (first at line 7)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "p, left: M"), "duplicate pair id 'p' (first at line 8)"));
}

//-----------------------------------------------------------------------------
// [SECTION] Several errors at once
//-----------------------------------------------------------------------------

TEST(SeveralErrors, EveryProblemIsReportedInLineOrder) {
    const std::string text = "format: 1\n"
                             "kind: common_issues\n"
                             "id: s\n"
                             "titel: S\n"
                             "support_model: models/tiered.yaml\n"
                             "player_role: helpdesk_agent\n"
                             "clock: fast\n"
                             "tickets:\n"
                             "  - id: t1\n"
                             "    subject: S\n"
                             "    report: R\n"
                             "    escalte: tier2\n"
                             "    answer: {category: os, impact: low, urgency: low, route: tier7, explanation: E}\n"
                             "  - id: t1\n"
                             "    subject: S\n"
                             "    subject: S\n"
                             "    report: R\n"
                             "    arrives: later\n"
                             "    answer: {category: os, impact: low, urgency: low, route: resolve, explanation: E}\n";
    const auto r = LoadMem(text);
    const auto& d = r.m_diagnostics;
    EXPECT_TRUE(HasError(d, "mem/s.yaml:1:1", "missing required key 'title'"));
    EXPECT_TRUE(HasError(d, "mem/s.yaml:4:1", "unknown key 'titel' in scenario 's' (did you mean 'title'?)"));
    EXPECT_TRUE(HasError(d, "mem/s.yaml:7:8", "'clock' in scenario 's' must be one of practice, assessment; got 'fast'"));
    EXPECT_TRUE(HasError(d, "mem/s.yaml:12:5", "unknown key 'escalte' in ticket 't1'"));
    EXPECT_TRUE(HasError(d, Pos(text, "tier7"), "unknown destination 'tier7'"));
    EXPECT_TRUE(HasError(d, "mem/s.yaml:14:9", "duplicate ticket id 't1' (first at line 9)"));
    EXPECT_TRUE(HasError(d, "mem/s.yaml:16:5", "duplicate key 'subject' (first at line 15)"));
    EXPECT_TRUE(HasError(d, "mem/s.yaml:18:14", "'arrives' in ticket 't1' must be a duration"));
    EXPECT_TRUE(HasError(d, Pos(text, "resolve,"), "gives no resolution code"));
    EXPECT_EQ(CountErrors(d), 9) << Dump(d);
    for (size_t i = 1; i < d.size(); ++i)
        EXPECT_LE(std::make_pair(d[i - 1].m_line, d[i - 1].m_col), std::make_pair(d[i].m_line, d[i].m_col)) << Dump(d);
    EXPECT_FALSE(r.m_value.has_value());
}

TEST(SeveralErrors, ASyntaxErrorHidesOnlyTheEntryItIsIn) {
    // One bad hint, one unknown key, one over-indented line and one unknown category, in four
    // tickets: the bad hint alone is stepped over (its ticket's own mistake is still found), the
    // over-indented ticket whole, and every other problem is listed.
    const std::string answer = "    answer: {category: os, impact: low, urgency: low, route: tier2, explanation: E}\n";
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n    report: R\n    chanel: phone\n" + answer +
                                            "    hints:\n      - { text: Who does the user call first?, cost: 1 }\n"
                                            "  - id: t2\n    subject: S\n    reprot: R\n" + answer +
                                            "  - id: t3\n    subject: S\n    report: R\n  " + answer +
                                            "  - id: t4\n    subject: S\n    report: R\n"
                                            "    answer: {category: nope, impact: low, urgency: low, route: tier2, explanation: E}\n"
                                            "incidents:\n  - {id: i1, title: I, route: tier2 explanation: E}\n");
    const auto r = LoadMem(text);
    const auto& d = r.m_diagnostics;
    EXPECT_TRUE(HasError(d, Pos(text, "?, cost"), "quote text that contains '?'"));
    EXPECT_TRUE(HasError(d, Pos(text, "reprot"), "unknown key 'reprot' in ticket 't2' (did you mean 'report'?)"));
    EXPECT_TRUE(HasError(d, "mem/s.yaml:22:7", "this line is indented 6 spaces; its siblings are at 4"));
    EXPECT_TRUE(HasError(d, Pos(text, "nope"), "unknown category 'nope'"));
    EXPECT_TRUE(HasError(d, "mem/s.yaml:28:", "YAML syntax error")); // a missing ',' reads as text with ': '; quoting is one fix
    EXPECT_TRUE(HasError(d, Pos(text, "chanel"), "unknown key 'chanel' in ticket 't1' (did you mean 'channel'?)"));
    EXPECT_EQ(CountErrors(d), 7) << Dump(d); // the six above and t2's missing 'report'
    EXPECT_FALSE(r.m_value.has_value());
}

TEST(SeveralErrors, ABadOptionIsSteppedOverWithoutItsConsequences) {
    // Without option b the question has one option and its answer names an unknown one: neither
    // is the author's mistake. The bad option is; and so is the unknown key in the same question.
    const std::string text = Question("      - { id: a, text: A }\n      - { id: b, text: Who, then?, x }\n    answer: b\n"
                                      "    explanation: E\n    hintz: []\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:12:", "YAML syntax error")) << Dump(r.m_diagnostics);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "hintz"), "unknown key 'hintz' in question 'q1'"));
    EXPECT_EQ(CountErrors(r.m_diagnostics), 2) << Dump(r.m_diagnostics);
}

TEST(SeveralErrors, SteppingOverTheOnlyEntryReportsNoConsequence) {
    // With its only ticket stepped over the list looks empty; that is not the author's mistake.
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n      report: R\n" + std::string(kAnswer));
    const auto r = LoadMem(text);
    EXPECT_EQ(CountErrors(r.m_diagnostics), 1) << Dump(r.m_diagnostics);
    EXPECT_EQ(r.m_diagnostics.size(), 1u) << Dump(r.m_diagnostics);
}

TEST(SeveralErrors, WhatAPassFoundBeforeASyntaxErrorIsListedOnce) {
    // The duplicate key comes before the syntax error, so every parse finds it again.
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n    subject: T\n    report: R\n" + std::string(kAnswer) +
                                            "  - id: t2\n    subject: S\n    report: R\n" + std::string(kAnswer) +
                                            "    hints:\n      - { text: Who does the user call first?, cost: 1 }\n");
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, "mem/s.yaml:10:5", "duplicate key 'subject' (first at line 9)"));
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "?, cost"), "quote text"));
    EXPECT_EQ(CountErrors(r.m_diagnostics), 2) << Dump(r.m_diagnostics);
}

TEST(SeveralErrors, ATypoInAWhenIsReportedWithoutItsConsequences) {
    // The typo makes outcome 1 name nothing. Reachability worked out from what is left would say
    // outcome 1 has no 'when' and hides outcome 2, and that what outcome 2 reveals is never known:
    // all false. Only the root cause is reported.
    const std::string text = TicketScenario("  - id: t1\n    subject: S\n    report: R\n"
                                            "    facts:\n"
                                            "      - {id: since-update, prompt: P, text: T}\n"
                                            "      - {id: rollback-error, source: step, text: T}\n"
                                            "    steps:\n"
                                            "      - id: safe-mode\n        text: Roll back\n        kind: required\n"
                                            "        outcomes:\n"
                                            "          - {when: [sinc-update], text: Works., fixes: true}\n"
                                            "          - {text: Fails., reveals: [rollback-error]}\n" +
                                            std::string(kAnswer));
    const auto r = LoadMem(text);
    EXPECT_TRUE(HasError(r.m_diagnostics, Pos(text, "sinc-update"), "unknown fact or step 'sinc-update' in the when of outcome 1 of step 'safe-mode' (did you mean 'since-update'?)"));
    EXPECT_EQ(r.m_diagnostics.size(), 1u) << Dump(r.m_diagnostics);
}

} // namespace
} // namespace sl::test
