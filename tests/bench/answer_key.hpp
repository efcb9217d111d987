// SupportLab bench and test helper: the actions a trainee who follows the answer key would take
// (used to fill benchmark databases, to drive fuzzed scenarios and the robustness tests' labs).
#pragma once

#include "core/action.hpp"
#include "core/engine.hpp"
#include "core/model.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace sl::testkit {

struct KeyOptions {
    size_t m_maxTickets = 1000000; // tickets worked, in file order
    bool m_investigate = false;    // also ask every fact, run every diagnostic and try every step
    bool m_hints = false;          // take each item's first hint
};

// Answers every question, then for each ticket: wait for its arrival, acknowledge, (investigate,)
// triage as the key says, request elevation or link when the key says so, and resolve or escalate
// along the expected route. Some of these may be refused by the engine (a step whose prerequisite
// is missing, say): callers apply them and keep or skip refusals as they need.
inline std::vector<Action> AnswerKeyActions(const Scenario& sc, const KeyOptions& options = {}) {
    std::vector<Action> out;
    auto add = [&](ActionType type, const std::string& target, const std::string& arg = {}) -> Action& {
        Action& a = out.emplace_back();
        a.m_type = type;
        a.m_target = target;
        a.m_arg = arg;
        return a;
    };
    for (const Question& q : sc.m_questions) {
        if (options.m_hints && !q.m_hints.empty()) add(ActionType::Hint, q.m_id);
        Action& a = add(ActionType::Answer, q.m_id);
        for (const MatchPair& p : q.m_pairs) a.m_tokens.push_back(p.m_id + "=" + p.m_right);
        if (q.m_pairs.empty()) a.m_tokens = q.m_answer;
    }
    size_t worked = 0;
    for (const Ticket& t : sc.m_tickets) {
        if (worked++ >= options.m_maxTickets) break;
        add(ActionType::WaitUntil, "").m_duration = t.m_arrives + std::max<SimTime>(0, t.m_variation.m_jitter);
        add(ActionType::Acknowledge, t.m_id);
        if (options.m_investigate) {
            for (const Fact& f : t.m_facts)
                if (f.m_source != FactSource::Step)
                    add(f.m_source == FactSource::Diagnostic ? ActionType::Diagnose : ActionType::Ask, t.m_id, f.m_id);
            for (const Step& s : t.m_steps)
                if (s.m_kind != StepKind::Harmful) add(ActionType::Step, t.m_id, s.m_id);
        }
        if (options.m_hints && !t.m_hints.empty()) add(ActionType::Hint, t.m_id);
        Action& tri = add(ActionType::Triage, t.m_id);
        tri.m_category = t.m_answer.m_category;
        tri.m_impact = t.m_answer.m_impact;
        tri.m_urgency = t.m_answer.m_urgency;
        if (t.m_answer.m_elevationNeeded) add(ActionType::Elevate, t.m_id);
        if (!t.m_answer.m_incident.empty()) add(ActionType::Link, t.m_id, t.m_answer.m_incident);
        const std::string route = ExpectedRoute(sc, t);
        if (route == "resolve") {
            add(ActionType::Resolve, t.m_id, t.m_answer.m_resolutionCodes.empty() ? "fixed" : t.m_answer.m_resolutionCodes[0]);
        } else {
            const std::string dest = route.empty() && !sc.m_model.m_destinations.empty() ? sc.m_model.m_destinations[0].m_id : route;
            add(ActionType::Escalate, t.m_id, dest).m_note = "Escalated with the user's details and what was checked.";
        }
    }
    return out;
}

} // namespace sl::testkit
