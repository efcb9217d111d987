// SupportLab scenario_io tests: the assessment forms of every shipped scenario — written out, read back, neutral and without the key.
#include "core/assessment.hpp"
#include "core/engine.hpp"
#include "core/scoring.hpp"
#include "scenario_io/emit.hpp"
#include "scenario_io/loader.hpp"
#include "scenario_io/publish.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace sl::test {
namespace {

namespace fs = std::filesystem;

struct Shipped {
    std::string m_file;     // path under scenarios/
    std::string m_runsId;   // the regression runs' prefix
};

const std::vector<Shipped>& ShippedScenarios() {
    static const std::vector<Shipped> all = {
        {"plan-review/support-plan.yaml", "plan-review-support-plan"},
        {"plan-review/roles-and-responsibilities.yaml", "plan-review-roles"},
        {"plan-review/tools-and-resources.yaml", "tools-and-resources"},
        {"common-issues/os.yaml", "common-os"},
        {"common-issues/productivity.yaml", "common-productivity"},
        {"common-issues/browser.yaml", "common-browser"},
        {"common-issues/device.yaml", "common-device"},
        {"common-issues/infrastructure.yaml", "common-infrastructure"},
        {"common-issues/lob.yaml", "common-lob"},
        {"common-issues/triage-confidence.yaml", "common-triage-confidence"},
        {"common-issues/intune-staples.yaml", "common-intune-staples"},
        {"common-issues/tier1-help-desk.yaml", "common-tier1-help-desk"},
        {"common-issues/tier2-support-team.yaml", "common-tier2-support-team"},
        {"common-issues/tier3-mdm-team.yaml", "common-tier3-mdm-team"},
        {"drills/steady-day-tiered.yaml", "drill-steady-day-tiered"},
        {"drills/mini-drill.yaml", "drill-mini-drill"},
        {"drills/customer-led-monday.yaml", "drill-customer-led-monday"},
        {"drills/partner-led-quarter-end.yaml", "drill-partner-led-quarter-end"},
        {"drills/tiered-rollout-week.yaml", "drill-tiered-rollout-week"},
    };
    return all;
}

// Every playable shipped file is in the list above, so no scenario escapes these checks.
TEST(AssessmentFormsList, NamesEveryShippedScenario) {
    std::set<std::string> listed;
    for (const Shipped& s : ShippedScenarios()) listed.insert(s.m_file);
    for (const auto& entry : fs::recursive_directory_iterator(SUPPORTLAB_SCENARIO_DIR)) {
        const std::string rel = fs::relative(entry.path(), SUPPORTLAB_SCENARIO_DIR).generic_string();
        if (entry.path().extension() != ".yaml" || rel.rfind("models/", 0) == 0 || rel.rfind("labs/", 0) == 0) continue;
        EXPECT_TRUE(listed.count(rel)) << rel << " is not in ShippedScenarios()";
    }
}

// Publishing warns about exactly the scenarios every installation ships (their keys are on every
// trainee's machine): each listed file, and nothing else.
TEST(AssessmentFormsList, TheShippedLibraryIsKnownToPublishing) {
    EXPECT_EQ(fs::canonical(ShippedScenarioDir()), fs::canonical(SUPPORTLAB_SCENARIO_DIR));
    std::vector<std::string> ids;
    for (const Shipped& s : ShippedScenarios()) {
        const LoadResult<Scenario> loaded = LoadScenarioFile(std::string(SUPPORTLAB_SCENARIO_DIR) + "/" + s.m_file);
        ASSERT_TRUE(loaded.Ok()) << s.m_file;
        ids.push_back(loaded.m_value->m_id);
    }
    EXPECT_EQ(ShippedIdsAmong(ids), ids);
    EXPECT_EQ(ShippedIdsAmong({"ui-tickets", "my-own-assessment", "common-device"}), std::vector<std::string>{"common-device"});
    EXPECT_TRUE(ShippedIdsAmong({"common-device"}, SUPPORTLAB_TEST_DATA_DIR).empty()) << "another folder ships nothing";
    EXPECT_NE(ShippedWarning("common-device").find("on every trainee's machine"), std::string::npos);
}

std::string RunsDir() { return std::string(SUPPORTLAB_SCENARIO_DIR) + "/../tests/regression/runs"; }

// Every regression action script of a scenario (perfect and flawed).
std::vector<ActionScript> RunsOf(const std::string& runsId) {
    std::vector<ActionScript> out;
    for (const auto& entry : fs::directory_iterator(RunsDir())) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(runsId + ".", 0) != 0 || entry.path().extension() != ".actions") continue;
        const ScriptParseResult parsed = ParseActionScript(ReadText(entry.path().string()));
        EXPECT_TRUE(parsed.Ok()) << name;
        out.push_back(parsed.m_script);
    }
    EXPECT_GE(out.size(), 2u) << runsId;
    return out;
}

class AssessmentForms : public ::testing::Test {
protected:
    Scenario Load(const std::string& file) {
        const std::string path = std::string(SUPPORTLAB_SCENARIO_DIR) + "/" + file;
        LoadResult<Scenario> r = LoadScenarioFile(path);
        EXPECT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
        return r.m_value ? *r.m_value : Scenario{};
    }
    // The scenario written out with its support model where it was, and read back.
    Scenario RoundTrip(const Scenario& s, std::string* text = nullptr) {
        // As the server serves it: the support model's text beside the written-out scenario.
        const std::string model = s.m_sourcePath.rfind("published/", 0) == 0
                                      ? m_files.m_files.at("published/support-model.yaml")
                                      : ReadText(ResolvePath(s.m_sourcePath, s.m_supportModelPath));
        m_files.m_files["published/support-model.yaml"] = model;
        const std::string yaml = EmitScenarioYaml(s, "support-model.yaml");
        if (text) *text = yaml;
        LoadResult<Scenario> r = LoadScenarioText(yaml, "published/" + s.m_id + ".yaml", m_files.Reader());
        EXPECT_TRUE(r.Ok()) << Dump(r.m_diagnostics) << "\n" << yaml;
        return r.m_value ? *r.m_value : Scenario{};
    }
    // The score, and (in *state) everything the run left on each ticket: its log, flags and facts.
    static ScoreReport Play(const Scenario& s, const ActionScript& script, size_t* failed = nullptr,
                            std::string* state = nullptr) {
        Simulation sim(s, script.m_seed.value_or(s.m_defaultSeed));
        for (const Action& a : script.m_actions)
            if (!sim.Apply(a).m_ok && failed) ++*failed;
        if (state) {
            for (const TicketState& t : sim.Tickets()) {
                *state += t.m_def->m_id + " " + ToString(t.m_status) + (t.m_fixed ? " fixed" : "") +
                          (t.m_elevationRequested ? " elevated" : "") + " done=" + std::to_string(t.m_doneAt.value_or(-1)) + "\n";
                for (const std::string& f : t.m_knownFacts) *state += "  fact " + f + "\n";
                for (const TicketLogEntry& e : t.m_log) *state += "  " + std::to_string(e.m_at) + " " + e.m_text + "\n";
            }
            for (const QuestionState& q : sim.Questions()) {
                *state += q.m_def->m_id + ":";
                for (const std::string& a : q.m_answer) *state += " " + a;
                *state += "\n";
            }
        }
        ScoreReport r = Score(sim);
        r.m_contentHash.clear();
        return r;
    }
    MemoryFiles m_files;
};

TEST_F(AssessmentForms, EveryShippedScenarioWrittenOutReadsBackAndScoresTheSame) {
    for (const Shipped& shipped : ShippedScenarios()) {
        SCOPED_TRACE(shipped.m_file);
        const Scenario original = Load(shipped.m_file);
        std::string first, second;
        const Scenario back = RoundTrip(original, &first);
        RoundTrip(back, &second);
        EXPECT_EQ(first, second) << "writing out is not a fixed point";
        EXPECT_FALSE(back.m_keyWithheld);
        for (const ActionScript& script : RunsOf(shipped.m_runsId)) {
            std::string before, after;
            EXPECT_EQ(FormatScoreText(Play(original, script, nullptr, &before)), FormatScoreText(Play(back, script, nullptr, &after)));
            EXPECT_EQ(before, after);
        }
    }
}

// The script with every id the scenario file named turned into its neutral name.
ActionScript Translate(const ActionScript& script, const NeutralNames& names) {
    ActionScript out = script;
    auto find = [](const std::vector<NeutralName>& list, const std::string& id) -> const NeutralName* {
        for (const NeutralName& n : list)
            if (n.m_original == id) return &n;
        return nullptr;
    };
    auto part = [](const NeutralName& n, const std::string& id) {
        const auto it = n.m_parts.find(id);
        return it == n.m_parts.end() ? id : it->second;
    };
    for (Action& a : out.m_actions) {
        if (const NeutralName* t = find(names.m_tickets, a.m_target)) {
            a.m_target = t->m_neutral;
            if (a.m_type == ActionType::Ask || a.m_type == ActionType::Diagnose || a.m_type == ActionType::Step)
                a.m_arg = part(*t, a.m_arg);
        } else if (const NeutralName* q = find(names.m_questions, a.m_target)) {
            a.m_target = q->m_neutral;
            for (std::string& token : a.m_tokens) {
                const size_t eq = token.find('=');
                token = eq == std::string::npos ? part(*q, token)
                                                : part(*q, token.substr(0, eq)) + "=" + part(*q, token.substr(eq + 1));
            }
        }
    }
    return out;
}

// A neutral scenario scores every regression run (translated to its names) exactly as the
// original did. Arrival jitter is drawn per ticket name, so it is set to 0 in both first.
TEST_F(AssessmentForms, TheNeutralScenarioScoresEveryRunAsTheOriginalDoes) {
    for (const Shipped& shipped : ShippedScenarios()) {
        SCOPED_TRACE(shipped.m_file);
        Scenario original = Load(shipped.m_file);
        for (Ticket& t : original.m_tickets) t.m_variation.m_jitter = 0;
        // An assessment has no contingencies (their conditions name what the key expects): they
        // wait in the trainer's library, so the original is compared played that way too.
        for (Inject& in : original.m_injects) in.m_unless.reset();
        NeutralNames names;
        const Scenario neutral = RoundTrip(Neutralise(original, &names));
        ASSERT_EQ(names.m_tickets.size(), original.m_tickets.size());
        ASSERT_EQ(names.m_questions.size(), original.m_questions.size());
        for (size_t i = 0; i < neutral.m_tickets.size(); ++i) {
            EXPECT_EQ(neutral.m_tickets[i].m_id, "T" + std::to_string(i + 1));
            if (i > 0) { // in arrival order; the tickets injects bring come last, in their own order
                const Ticket& before = neutral.m_tickets[i - 1];
                const Ticket& now = neutral.m_tickets[i];
                EXPECT_LE(!before.m_heldFor.empty(), !now.m_heldFor.empty());
                if (before.m_heldFor.empty() == now.m_heldFor.empty()) {
                    EXPECT_LE(before.m_arrives, now.m_arrives);
                }
            }
            for (size_t k = 1; k < neutral.m_tickets[i].m_steps.size(); ++k)
                EXPECT_LE(neutral.m_tickets[i].m_steps[k - 1].m_text, neutral.m_tickets[i].m_steps[k].m_text);
        }
        for (const ActionScript& script : RunsOf(shipped.m_runsId)) {
            size_t failedOriginal = 0, failedNeutral = 0;
            const ScoreReport a = Play(original, script, &failedOriginal);
            const ScoreReport b = Play(neutral, Translate(script, names), &failedNeutral);
            EXPECT_EQ(failedOriginal, failedNeutral);
            EXPECT_DOUBLE_EQ(a.m_total, b.m_total);
            EXPECT_DOUBLE_EQ(a.m_max, b.m_max);
            for (int d = 0; d < kDimensionCount; ++d)
                EXPECT_DOUBLE_EQ(a.m_byDimension[d].m_score, b.m_byDimension[d].m_score) << ToString(static_cast<Dimension>(d));
        }
    }
}

// The trainee's part holds no answer, explanation, flag, incident, hint or note, and no name
// from the scenario file; it reads back as a trainee part; and it draws the same tickets, users,
// devices, reports and arrival times as the neutral scenario for any seed.
TEST_F(AssessmentForms, TheTraineesPartHoldsNoKeyAndDrawsTheSameTickets) {
    for (const Shipped& shipped : ShippedScenarios()) {
        SCOPED_TRACE(shipped.m_file);
        const Scenario original = Load(shipped.m_file);
        const Scenario neutral = Neutralise(original);
        std::string text;
        const Scenario part = RoundTrip(WithholdKey(neutral), &text);
        EXPECT_TRUE(part.m_keyWithheld);
        EXPECT_NE(text.find("trainee_part: true"), std::string::npos);
        // The neutral form keeps what the part drops (here: steps that need elevation).
        std::string neutralText;
        const Scenario kept = RoundTrip(neutral, &neutralText);
        size_t elevated = 0, keptElevated = 0;
        for (const Ticket& t : original.m_tickets)
            for (const Step& st : t.m_steps) elevated += st.m_requiresElevation ? 1 : 0;
        for (const Ticket& t : kept.m_tickets)
            for (const Step& st : t.m_steps) keptElevated += st.m_requiresElevation ? 1 : 0;
        EXPECT_EQ(keptElevated, elevated);
        std::vector<std::string> secrets;
        if (!original.m_notes.empty()) secrets.push_back(original.m_notes.substr(0, 40));
        for (const Incident& inc : original.m_incidents) secrets.push_back(inc.m_title);
        for (const Ticket& t : original.m_tickets) {
            secrets.push_back(t.m_id);
            if (!t.m_answer.m_explanation.empty()) secrets.push_back(t.m_answer.m_explanation.substr(0, 40));
            for (const Hint& h : t.m_hints) secrets.push_back(h.m_text.substr(0, 40));
            for (const Step& s : t.m_steps) {
                if (!s.m_harmReason.empty()) secrets.push_back(s.m_harmReason.substr(0, 40));
                for (const Outcome& o : s.m_outcomes)
                    if (!o.m_text.empty()) secrets.push_back(o.m_text.substr(0, 40));
            }
            for (const Fact& f : t.m_facts)
                if (f.m_source == FactSource::Step) secrets.push_back(f.m_text.substr(0, 40));
        }
        for (const Question& q : original.m_questions) {
            secrets.push_back("id: " + q.m_id + "\n");
            secrets.push_back(q.m_explanation.substr(0, 40));
            for (const Hint& h : q.m_hints) secrets.push_back(h.m_text.substr(0, 40));
        }
        // What a trainee is shown anyway (an explanation may quote the right option's text).
        std::string shown;
        for (const Question& q : original.m_questions) {
            shown += q.m_prompt + "\n";
            for (const Option& o : q.m_options) shown += o.m_text + "\n";
        }
        for (const std::string& secret : secrets) {
            if (shown.find(secret) != std::string::npos) continue;
            EXPECT_EQ(text.find(secret), std::string::npos) << "the trainee's part holds \"" << secret << "\"";
        }
        for (const char* key : {"\n    answer:", "explanation:", "kind: required", "kind: harmful", "harm:", "incidents:", "hints:",
                                "\nnotes:", "right:", "acceptable_routes:", "elevation_needed:", "outcomes:",
                                "fixes:", "reveals:", "requires_elevation:", "unless:", "\n    notes:"})
            EXPECT_EQ(text.find(key), std::string::npos) << key;

        for (std::uint64_t seed : {1ull, 7ull, 123456789ull}) {
            const Simulation a(neutral, seed), b(part, seed);
            ASSERT_EQ(a.Tickets().size(), b.Tickets().size());
            for (size_t i = 0; i < a.Tickets().size(); ++i) {
                EXPECT_EQ(a.Tickets()[i].m_arrives, b.Tickets()[i].m_arrives);
                EXPECT_EQ(a.Tickets()[i].m_user.m_name, b.Tickets()[i].m_user.m_name);
                EXPECT_EQ(a.Tickets()[i].m_device.m_serial, b.Tickets()[i].m_device.m_serial);
                EXPECT_EQ(a.Tickets()[i].m_report, b.Tickets()[i].m_report);
            }
            ASSERT_EQ(a.Questions().size(), b.Questions().size());
            for (size_t i = 0; i < a.Questions().size(); ++i)
                EXPECT_EQ(a.Questions()[i].m_optionOrder, b.Questions()[i].m_optionOrder);
        }
    }
}

// An attempt played on the trainee's part, with each escalation answered as the server answers it
// (from the neutral scenario's key, at once), leaves every ticket as the neutral scenario does; and
// its log, route outcomes included, replays on the neutral scenario to the same score.
const Step* FindStep(const Ticket& t, const std::string& id) {
    for (const Step& s : t.m_steps)
        if (s.m_id == id) return &s;
    return nullptr;
}

const Fact* FindFact(const Ticket& t, const std::string& id) {
    for (const Fact& f : t.m_facts)
        if (f.m_id == id) return &f;
    return nullptr;
}

TEST_F(AssessmentForms, AnAttemptOnTheTraineesPartReplaysOnTheNeutralScenario) {
    for (const Shipped& shipped : ShippedScenarios()) {
        SCOPED_TRACE(shipped.m_file);
        NeutralNames names;
        const Scenario neutral = RoundTrip(Neutralise(Load(shipped.m_file), &names));
        const Scenario part = RoundTrip(WithholdKey(neutral));
        for (const ActionScript& original : RunsOf(shipped.m_runsId)) {
            // An assessment offers no hints: the runs without theirs.
            ActionScript script = Translate(original, names);
            script.m_actions.erase(std::remove_if(script.m_actions.begin(), script.m_actions.end(),
                                                  [](const Action& a) { return a.m_type == ActionType::Hint; }),
                                   script.m_actions.end());
            const std::uint64_t seed = script.m_seed.value_or(neutral.m_defaultSeed);
            Simulation onPart(part, seed), onNeutral(neutral, seed);
            ActionScript recorded;
            recorded.m_seed = seed;
            for (const Action& a : script.m_actions) {
                const bool okPart = onPart.Apply(a).m_ok;
                EXPECT_EQ(okPart, onNeutral.Apply(a).m_ok) << FormatAction(a);
                if (!okPart) continue;
                recorded.m_actions.push_back(a);
                std::vector<Action> answers;
                for (const TicketState& t : onPart.Tickets()) {
                    if (!t.m_routePending) continue;
                    const Ticket& key = *neutral.FindTicket(t.m_def->m_id);
                    const std::string& dest = t.m_route.back().m_destination;
                    const auto& acceptable = key.m_answer.m_acceptableRoutes;
                    const bool accepted = dest == ExpectedRoute(neutral, key) ||
                                          std::find(acceptable.begin(), acceptable.end(), dest) != acceptable.end();
                    Action answer;
                    answer.m_type = ActionType::RouteOutcome;
                    answer.m_target = t.m_def->m_id;
                    answer.m_arg = accepted ? "accepted" : "returned";
                    answers.push_back(answer);
                }
                // A step's result, as the server chooses it from the key (before the step was done).
                for (const PendingStep& pending : PendingSteps(onPart)) {
                    const TicketState& t = *onPart.FindTicket(pending.m_ticket);
                    const Ticket& key = *neutral.FindTicket(pending.m_ticket);
                    TicketState before = t;
                    before.m_stepsDone.pop_back();
                    const StepAnswer answer = StepAnswerOf(key, ChooseOutcome(*FindStep(key, pending.m_step), before));
                    answers.push_back(StepOutcomeAction(pending.m_ticket, pending.m_step, answer));
                }
                for (const Action& answer : answers) {
                    EXPECT_TRUE(onPart.Apply(answer).m_ok) << FormatAction(answer);
                    recorded.m_actions.push_back(answer);
                }
            }
            ASSERT_EQ(onPart.Tickets().size(), onNeutral.Tickets().size());
            for (size_t i = 0; i < onPart.Tickets().size(); ++i) {
                const TicketState &p = onPart.Tickets()[i], &n = onNeutral.Tickets()[i];
                EXPECT_EQ(ToString(p.m_status), ToString(n.m_status)) << p.m_def->m_id;
                EXPECT_EQ(p.m_doneAt, n.m_doneAt) << p.m_def->m_id;
                EXPECT_EQ(p.m_returnsAt, n.m_returnsAt) << p.m_def->m_id;
                EXPECT_EQ(p.m_knownFacts, n.m_knownFacts) << p.m_def->m_id;
                EXPECT_EQ(p.m_fixed, n.m_fixed) << p.m_def->m_id;
                EXPECT_TRUE(p.m_stepPending.empty()) << p.m_def->m_id;
                for (const std::string& id : p.m_knownFacts) {
                    const Fact* pf = FindFact(*p.m_def, id);
                    const Fact* nf = FindFact(*n.m_def, id);
                    ASSERT_TRUE(pf && nf) << id;
                    EXPECT_EQ(FactText(p, *pf), FactText(n, *nf)) << p.m_def->m_id << " " << id;
                }
            }
            EXPECT_EQ(onPart.Finished(), onNeutral.Finished());
            const std::string text = FormatScoreText(Play(neutral, script));
            EXPECT_EQ(FormatScoreText(Play(neutral, recorded)), text);
            EXPECT_EQ(FormatScoreText(Play(neutral, ParseActionScript(FormatActionScript(recorded)).m_script)), text);
        }
    }
}

TEST_F(AssessmentForms, AKeyInATraineePartIsRefusedAndNoneIsRequired) {
    const Scenario neutral = Neutralise(Load("common-issues/device.yaml"));
    std::string text;
    RoundTrip(WithholdKey(neutral), &text);
    // Put a key back into the trainee part: it is refused with where and why.
    std::string withKey = text;
    const size_t at = withKey.find("    steps:");
    ASSERT_NE(at, std::string::npos);
    withKey.insert(at, "    answer: {category: device, impact: low, urgency: low, route: resolve, explanation: x}\n");
    LoadResult<Scenario> r = LoadScenarioText(withKey, "published/part.yaml", m_files.Reader());
    EXPECT_FALSE(r.Ok());
    EXPECT_NE(Dump(r.m_diagnostics).find("'answer' is part of the answer key, which a trainee part never holds"),
              std::string::npos) << Dump(r.m_diagnostics);
    // Without `trainee_part: true` the same text is an ordinary scenario missing its key.
    std::string notPart = text;
    notPart.erase(notPart.find("trainee_part: true\n"), std::string("trainee_part: true\n").size());
    LoadResult<Scenario> plain = LoadScenarioText(notPart, "published/part.yaml", m_files.Reader());
    EXPECT_FALSE(plain.Ok());
    EXPECT_NE(Dump(plain.m_diagnostics).find("missing required key 'answer'"), std::string::npos) << Dump(plain.m_diagnostics);
}

} // namespace
} // namespace sl::test
