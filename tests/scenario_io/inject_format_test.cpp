// SupportLab scenario_io tests: a scenario's inject list — what loads, and every error at its position.
#include "scenario_io/emit.hpp"
#include "test_util.hpp"

#include "core/assessment.hpp"

namespace sl::test {
namespace {

// Three tickets, two of them held for injects.
std::string WithInjects(const std::string& injects) {
    return TicketScenario(MinimalTicket("a") + MinimalTicket("call-1") + MinimalTicket("call-2")) + "injects:\n" + injects;
}

const std::string kGood = "  - id: outage\n"
                          "    title: VPN outage\n"
                          "    at: 30m\n"
                          "    tickets: [call-1]\n"
                          "    message: The VPN gateway is down.\n"
                          "  - id: owner\n"
                          "    title: The owner calls\n"
                          "    unless: {action: escalate, to: service-ops, tickets: [call-1], by: 20m, after: outage}\n"
                          "    tickets: [call-2]\n"
                          "    notes: Trains linking under pressure.\n"
                          "  - id: vendor-late\n"
                          "    title: Vendor delayed\n"
                          "    destination: tier4\n"
                          "    returns_after: 4h\n";

TEST(InjectFormat, AnInjectListLoads) {
    const auto r = LoadMem(WithInjects(kGood));
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    const Scenario& s = *r.m_value;
    ASSERT_EQ(s.m_injects.size(), 3u);
    EXPECT_EQ(s.m_injects[0].m_at, 30 * 60);
    EXPECT_EQ(s.m_injects[0].m_tickets, std::vector<std::string>{"call-1"});
    EXPECT_EQ(s.FindTicket("call-1")->m_heldFor, "outage");
    EXPECT_EQ(s.FindTicket("a")->m_heldFor, "");
    ASSERT_TRUE(s.m_injects[1].m_unless.has_value());
    EXPECT_EQ(s.m_injects[1].m_unless->m_action, ExpectedAction::Escalate);
    EXPECT_EQ(s.m_injects[1].m_unless->m_to, "service-ops");
    EXPECT_EQ(s.m_injects[1].m_unless->m_after, "outage");
    EXPECT_EQ(s.m_injects[1].m_unless->m_by, 20 * 60);
    EXPECT_FALSE(s.m_injects[1].m_at.has_value());
    EXPECT_EQ(s.m_injects[2].m_destination, "tier4");
    EXPECT_EQ(s.m_injects[2].m_returnsAfter, 4 * 3600);
}

TEST(InjectFormat, EveryErrorIsReportedAtItsPositionAllAtOnce) {
    const std::string bad = WithInjects("  - id: outage\n"
                                        "    title: VPN outage\n"
                                        "    at: 30m\n"
                                        "    tickets: [call-1, call-9]\n"
                                        "  - id: owner\n"
                                        "    title: The owner calls\n"
                                        "    at: 10m\n"
                                        "    unless: {action: link, tickets: [call-2], by: 20m, after: owner}\n"
                                        "    tickets: [call-1, call-2]\n"
                                        "  - id: late\n"
                                        "    title: Late\n"
                                        "    destination: tier4\n"
                                        "  - id: idle\n"
                                        "    title: Nothing\n"
                                        "  - id: odd\n"
                                        "    title: Odd\n"
                                        "    unless: {action: wave, tickets: [a], by: 5m}\n"
                                        "    message: M\n");
    const auto diags = LoadMem(bad).m_diagnostics;
    EXPECT_TRUE(HasError(diags, Pos(bad, "call-9"), "unknown ticket 'call-9' in the tickets of inject 'outage'")) << Dump(diags);
    EXPECT_TRUE(HasError(diags, Pos(bad, "call-1", 3), "ticket 'call-1' is already brought by inject 'outage'"));
    EXPECT_TRUE(HasError(diags, Pos(bad, "owner}"), "inject 'owner' cannot count its deadline from its own firing"));
    EXPECT_TRUE(HasError(diags, Pos(bad, "10m"), "inject 'owner' is a contingency (it has `unless`) and also planned (`at`)"));
    EXPECT_TRUE(HasError(diags, Pos(bad, "{action: link"), "inject 'owner' waits for an action on ticket 'call-2', which only it brings"));
    EXPECT_TRUE(HasError(diags, Pos(bad, "tier4"), "a destination change needs both `destination` and `returns_after`; inject 'late' has only `destination`"));
    EXPECT_TRUE(HasError(diags, Pos(bad, "idle"), "inject 'idle' does nothing"));
    EXPECT_TRUE(HasError(diags, Pos(bad, "wave"), "got 'wave'"));
}

TEST(InjectFormat, InjectsAreOnlyForTicketScenarios) {
    const std::string plan = "format: 1\nkind: plan_review\nid: p\ntitle: P\nsupport_model: models/tiered.yaml\n"
                             "questions:\n"
                             "  - {id: q, type: single, prompt: Q, options: [{id: a, text: A}], answer: a, explanation: E}\n"
                             "injects:\n" +
                             kGood;
    EXPECT_TRUE(HasError(LoadMem(plan).m_diagnostics, Pos(plan, "injects"), "'injects' is not allowed"));
}

TEST(InjectFormat, TheAssessmentFormsKeepInjectsButNotTheirKey) {
    const auto r = LoadMem(WithInjects(kGood));
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    NeutralNames names;
    const Scenario neutral = Neutralise(*r.m_value, &names);
    // The held tickets come last and keep their inject under their new names.
    ASSERT_EQ(neutral.m_tickets.size(), 3u);
    EXPECT_EQ(neutral.m_tickets[0].m_heldFor, "");
    EXPECT_EQ(neutral.m_injects[0].m_tickets, std::vector<std::string>{"T2"});
    EXPECT_EQ(neutral.m_tickets[1].m_heldFor, "outage");
    EXPECT_FALSE(neutral.m_injects[1].m_unless.has_value()) << "the condition names what the key expects";
    const Scenario part = WithholdKey(neutral);
    EXPECT_EQ(part.m_injects[1].m_notes, "");
    const std::string yaml = EmitScenarioYaml(part, "models/tiered.yaml");
    EXPECT_EQ(yaml.find("Trains linking"), std::string::npos);
    EXPECT_EQ(yaml.find("unless"), std::string::npos);
    const auto back = LoadScenarioText(yaml, "mem/part.yaml", WithModel().Reader());
    ASSERT_TRUE(back.Ok()) << Dump(back.m_diagnostics) << yaml;
    ASSERT_EQ(back.m_value->m_injects.size(), 3u);
    EXPECT_EQ(back.m_value->FindTicket("T3")->m_heldFor, "owner");
    EXPECT_EQ(back.m_value->m_injects[2].m_returnsAfter, 4 * 3600);
}

} // namespace
} // namespace sl::test
