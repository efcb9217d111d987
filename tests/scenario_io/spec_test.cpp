// SupportLab scenario_io tests: the key tables are consistent, match the model's defaults and the docs.
#include "scenario_io/spec.hpp"

#include "test_util.hpp"

#include <cstdlib>
#include <fstream>
#include <set>

namespace sl::test {
namespace {

TEST(FormatSpec, TablesAreConsistent) {
    std::set<std::string> names;
    for (const SectionSpec& section : FormatSpec()) {
        EXPECT_TRUE(names.insert(section.m_name).second) << "duplicate section " << section.m_name;
        std::set<std::string> keys;
        for (const KeySpec& key : section.m_keys) {
            EXPECT_TRUE(keys.insert(key.m_name).second) << section.m_name << "." << key.m_name;
            EXPECT_FALSE(key.m_summary.empty()) << section.m_name << "." << key.m_name;
            if (key.m_type == ValueType::Enum) {
                EXPECT_FALSE(key.m_enum.empty()) << key.m_name;
            }
            if (key.m_type == ValueType::Section || key.m_type == ValueType::SectionList || key.m_type == ValueType::SectionListMap) {
                EXPECT_NE(FindSection(key.m_section), nullptr) << section.m_name << "." << key.m_name << " -> " << key.m_section;
            }
            if (key.m_required) {
                EXPECT_TRUE(key.m_default.empty()) << "a required key has no default: " << key.m_name;
            }
            for (const KeyCondition* c : {&key.m_requiredWhen, &key.m_allowedWhen}) {
                if (c->Empty()) continue;
                const KeySpec* other = section.Find(c->m_key);
                ASSERT_NE(other, nullptr) << key.m_name << " depends on " << c->m_key;
                for (const std::string& v : c->m_values)
                    EXPECT_NE(std::find(other->m_enum.begin(), other->m_enum.end(), v), other->m_enum.end()) << v;
            }
        }
    }
    for (const FileKindSpec& kind : FileKinds()) {
        const SectionSpec* top = FindSection(kind.m_section);
        ASSERT_NE(top, nullptr);
        const KeySpec* k = top->Find("kind");
        ASSERT_NE(k, nullptr);
        EXPECT_NE(std::find(k->m_enum.begin(), k->m_enum.end(), kind.m_kind), k->m_enum.end()) << kind.m_kind;
        EXPECT_NE(top->Find("format"), nullptr);
    }
}

// The tables' defaults are what the loader fills in; they must equal the model structs' defaults,
// which code that builds scenarios in memory relies on.
TEST(FormatSpec, DefaultsMatchTheModelStructs) {
    const auto r = LoadMem(TicketScenario(MinimalTicket("t1")));
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    const Scenario& s = *r.m_value;
    const ActionCosts costs;
    EXPECT_EQ(s.m_costs.m_acknowledge, costs.m_acknowledge);
    EXPECT_EQ(s.m_costs.m_ask, costs.m_ask);
    EXPECT_EQ(s.m_costs.m_diagnose, costs.m_diagnose);
    EXPECT_EQ(s.m_costs.m_step, costs.m_step);
    EXPECT_EQ(s.m_costs.m_triage, costs.m_triage);
    EXPECT_EQ(s.m_costs.m_elevate, costs.m_elevate);
    EXPECT_EQ(s.m_costs.m_link, costs.m_link);
    EXPECT_EQ(s.m_costs.m_escalate, costs.m_escalate);
    EXPECT_EQ(s.m_costs.m_resolve, costs.m_resolve);
    EXPECT_EQ(s.m_costs.m_hint, costs.m_hint);
    EXPECT_EQ(s.m_costs.m_answer, costs.m_answer);
    const ScoringWeights w;
    EXPECT_DOUBLE_EQ(s.m_weights.m_triage, w.m_triage);
    EXPECT_DOUBLE_EQ(s.m_weights.m_troubleshooting, w.m_troubleshooting);
    EXPECT_DOUBLE_EQ(s.m_weights.m_routing, w.m_routing);
    EXPECT_DOUBLE_EQ(s.m_weights.m_sla, w.m_sla);
    EXPECT_DOUBLE_EQ(s.m_weights.m_policy, w.m_policy);
    EXPECT_DOUBLE_EQ(s.m_weights.m_acceptableRouteCredit, w.m_acceptableRouteCredit);
    EXPECT_DOUBLE_EQ(s.m_weights.m_hopPenalty, w.m_hopPenalty);
    EXPECT_DOUBLE_EQ(s.m_weights.m_slaWarnedCredit, w.m_slaWarnedCredit);
    EXPECT_DOUBLE_EQ(s.m_weights.m_priorityStepPenalty, w.m_priorityStepPenalty);
    const Scenario defaults;
    EXPECT_EQ(s.m_misrouteReturn, defaults.m_misrouteReturn);
    EXPECT_EQ(s.m_defaultSeed, defaults.m_defaultSeed);
    EXPECT_EQ(s.m_timeBudget, defaults.m_timeBudget);
    EXPECT_EQ(s.m_clock, defaults.m_clock);
    EXPECT_EQ(s.m_tickets[0].m_channel, Ticket{}.m_channel);
    EXPECT_DOUBLE_EQ(Lab{}.m_passThreshold, 70.0);
    EXPECT_EQ(FindSection("lab")->Find("pass_threshold")->m_default, "70");
}

// docs/scenario-format.md carries the generated key tables between two markers; set
// SUPPORTLAB_UPDATE_DOCS=1 to rewrite them from the tables.
TEST(FormatSpec, DocsListEveryKeyAsTheLoaderDoes) {
    const std::string path = std::string(SUPPORTLAB_SCENARIO_DIR) + "/../docs/scenario-format.md";
    std::string doc = ReadText(path);
    const std::string begin = "<!-- BEGIN KEY TABLES (generated from src/scenario_io/spec.cpp) -->\n";
    const std::string end = "<!-- END KEY TABLES -->";
    const size_t b = doc.find(begin);
    const size_t e = doc.find(end);
    ASSERT_NE(b, std::string::npos) << path << " lacks the key-table markers";
    ASSERT_NE(e, std::string::npos);
    const std::string expected = FormatSpecMarkdown();
    const std::string actual = doc.substr(b + begin.size(), e - b - begin.size());
    if (actual != expected && std::getenv("SUPPORTLAB_UPDATE_DOCS")) {
        doc.replace(b + begin.size(), e - b - begin.size(), expected);
        std::ofstream(path, std::ios::binary) << doc;
        GTEST_SKIP() << "rewrote the key tables in " << path;
    }
    EXPECT_EQ(actual, expected) << "the key tables in docs/scenario-format.md are out of date; run this test with SUPPORTLAB_UPDATE_DOCS=1";
}

} // namespace
} // namespace sl::test
