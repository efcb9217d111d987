// SupportLab core: the two forms of a scenario an assessment needs — neutral names, and the trainee's part without the key.
#include "core/assessment.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace sl {

namespace {

using Renames = std::map<std::string, std::string>;

std::string Renamed(const Renames& map, const std::string& id) {
    const auto it = map.find(id);
    return it == map.end() ? id : it->second;
}

void RenameAll(const Renames& map, std::vector<std::string>& ids) {
    for (std::string& id : ids) id = Renamed(map, id);
}

// a, b, ..., z, aa, ab, ... (as spreadsheet columns are named)
std::string Letters(size_t index) {
    std::string out;
    ++index;
    while (index > 0) {
        --index;
        out.insert(out.begin(), static_cast<char>('a' + index % 26));
        index /= 26;
    }
    return out;
}

// Indices of items ordered by key(item), ties in their original order.
template <class T, class Key>
std::vector<size_t> OrderBy(const std::vector<T>& items, Key key) {
    std::vector<size_t> order(items.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(items[a]) < key(items[b]); });
    return order;
}

template <class T>
std::vector<T> Reordered(const std::vector<T>& items, const std::vector<size_t>& order) {
    std::vector<T> out;
    out.reserve(items.size());
    for (size_t i : order) out.push_back(items[i]);
    return out;
}

void NeutraliseTicket(Ticket& t, Renames& names) {
    for (size_t i = 0; i < t.m_facts.size(); ++i) names[t.m_facts[i].m_id] = "F" + std::to_string(i + 1);
    t.m_steps = Reordered(t.m_steps, OrderBy(t.m_steps, [](const Step& s) { return s.m_text; }));
    for (size_t i = 0; i < t.m_steps.size(); ++i) names[t.m_steps[i].m_id] = "S" + std::to_string(i + 1);
    for (Fact& f : t.m_facts) {
        f.m_id = Renamed(names, f.m_id);
        RenameAll(names, f.m_requires);
    }
    for (Step& s : t.m_steps) {
        s.m_id = Renamed(names, s.m_id);
        RenameAll(names, s.m_requires);
        for (Outcome& o : s.m_outcomes) {
            RenameAll(names, o.m_when);
            RenameAll(names, o.m_reveals);
        }
    }
}

void NeutraliseQuestion(Question& q, Renames& parts) {
    Renames options;
    q.m_options = Reordered(q.m_options, OrderBy(q.m_options, [](const Option& o) { return o.m_text; }));
    for (size_t i = 0; i < q.m_options.size(); ++i) {
        options[q.m_options[i].m_id] = Letters(i);
        q.m_options[i].m_id = Letters(i);
    }
    Renames pairs;
    q.m_pairs = Reordered(q.m_pairs, OrderBy(q.m_pairs, [](const MatchPair& p) { return p.m_left; }));
    for (size_t i = 0; i < q.m_pairs.size(); ++i) {
        pairs[q.m_pairs[i].m_id] = "p" + std::to_string(i + 1);
        q.m_pairs[i].m_id = "p" + std::to_string(i + 1);
        q.m_pairs[i].m_right = Renamed(options, q.m_pairs[i].m_right);
    }
    RenameAll(options, q.m_answer);
    parts = options;
    parts.insert(pairs.begin(), pairs.end());
}

} // namespace

Scenario Neutralise(const Scenario& scenario, NeutralNames* names) {
    Scenario out = scenario;
    // Tickets an inject brings come after the rest: their `arrives` counts from the inject.
    out.m_tickets = Reordered(scenario.m_tickets, OrderBy(scenario.m_tickets, [](const Ticket& t) {
                                  return std::make_pair(!t.m_heldFor.empty(), t.m_arrives);
                              }));
    Renames tickets;
    for (size_t i = 0; i < out.m_tickets.size(); ++i) {
        Ticket& t = out.m_tickets[i];
        const std::string neutral = "T" + std::to_string(i + 1);
        NeutralName name{neutral, t.m_id, t.m_subject, {}};
        tickets[t.m_id] = neutral;
        t.m_id = neutral;
        NeutraliseTicket(t, name.m_parts);
        if (names) names->m_tickets.push_back(std::move(name));
    }
    for (Inject& in : out.m_injects) {
        RenameAll(tickets, in.m_tickets);
        // A contingency's condition names the action the key expects, so an assessment has none:
        // it waits in the trainer's library instead, in the trainee's part and in scoring alike.
        in.m_unless.reset();
    }
    for (size_t i = 0; i < out.m_questions.size(); ++i) {
        Question& q = out.m_questions[i];
        const std::string neutral = "Q" + std::to_string(i + 1);
        NeutralName name{neutral, q.m_id, q.m_prompt, {}};
        q.m_id = neutral;
        NeutraliseQuestion(q, name.m_parts);
        if (names) names->m_questions.push_back(std::move(name));
    }
    return out;
}

Scenario WithholdKey(const Scenario& neutral) {
    Scenario out = neutral;
    out.m_keyWithheld = true;
    out.m_notes.clear();
    out.m_incidents.clear();
    for (Inject& in : out.m_injects) in.m_notes.clear();
    out.m_weights = ScoringWeights{};
    for (Ticket& t : out.m_tickets) {
        t.m_answer = TicketAnswer{};
        t.m_hints.clear();
        t.m_weights.reset();
        for (Step& s : t.m_steps) {
            s.m_kind = StepKind::Neutral;
            s.m_harmReason.clear();
            s.m_requiresElevation = false;
            s.m_outcomes.clear(); // what it does, and whether it fixes: the server answers
        }
        for (Fact& f : t.m_facts)
            if (f.m_source == FactSource::Step) f.m_text.clear(); // comes with the step's result
    }
    for (Question& q : out.m_questions) {
        q.m_answer.clear();
        q.m_explanation.clear();
        q.m_hints.clear();
        for (MatchPair& p : q.m_pairs) p.m_right.clear();
    }
    return out;
}

std::vector<PendingRoute> PendingRoutes(const Simulation& sim) {
    std::vector<PendingRoute> out;
    const auto& log = sim.Log();
    for (const TicketState& t : sim.Tickets()) {
        if (!t.m_routePending || t.m_route.empty()) continue;
        const SimTime at = t.m_route.back().m_at;
        for (size_t i = log.size(); i-- > 0;) {
            const LoggedAction& e = log[i];
            if (e.m_at < at) break;
            if (e.m_at != at || e.m_action.m_type != ActionType::Escalate) continue;
            const TicketState* lead = sim.FindTicket(e.m_action.m_target);
            if (e.m_action.m_target == t.m_def->m_id ||
                (lead && !t.m_incidentLabel.empty() && lead->m_incidentLabel == t.m_incidentLabel)) {
                out.push_back({static_cast<std::int64_t>(i), t.m_def->m_id});
                break;
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const PendingRoute& a, const PendingRoute& b) { return a.m_seq < b.m_seq; });
    return out;
}

std::vector<PendingStep> PendingSteps(const Simulation& sim) {
    std::vector<PendingStep> out;
    const auto& log = sim.Log();
    for (const TicketState& t : sim.Tickets()) {
        if (t.m_stepPending.empty()) continue;
        for (size_t i = log.size(); i-- > 0;) {
            const Action& a = log[i].m_action;
            if (a.m_type == ActionType::Step && a.m_target == t.m_def->m_id && a.m_arg == t.m_stepPending) {
                out.push_back({static_cast<std::int64_t>(i), t.m_def->m_id, t.m_stepPending});
                break;
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const PendingStep& a, const PendingStep& b) { return a.m_seq < b.m_seq; });
    return out;
}

StepKey StepKeyOf(const Scenario& neutral) {
    StepKey key;
    for (const Ticket& t : neutral.m_tickets) {
        for (const Step& s : t.m_steps)
            for (size_t i = 0; i < s.m_outcomes.size(); ++i) {
                const Outcome& o = s.m_outcomes[i];
                key.m_outcomes.push_back({t.m_id, s.m_id, static_cast<int>(i), o.m_when, o.m_text, o.m_reveals, o.m_fixes});
            }
        for (const Fact& f : t.m_facts) {
            if (f.m_source == FactSource::Step) key.m_factTexts.push_back({t.m_id, f.m_id, f.m_text});
            if (f.m_replyAfter > 0 && f.m_source != FactSource::Step) key.m_replies.push_back({t.m_id, f.m_id, f.m_replyAfter});
        }
    }
    return key;
}

StepAnswer StepAnswerOf(const Ticket& key, const Outcome* chosen) {
    StepAnswer answer;
    if (!chosen) return answer;
    answer.m_text = chosen->m_text;
    answer.m_fixes = chosen->m_fixes;
    for (const std::string& id : chosen->m_reveals) {
        std::string text;
        for (const Fact& f : key.m_facts)
            if (f.m_id == id && f.m_source == FactSource::Step) text = f.m_text;
        answer.m_reveals.emplace_back(id, std::move(text));
    }
    return answer;
}

Action StepOutcomeAction(const std::string& ticket, const std::string& step, const StepAnswer& answer) {
    Action a;
    a.m_type = ActionType::StepOutcome;
    a.m_target = ticket;
    a.m_arg = step;
    a.m_index = answer.m_fixes ? 1 : 0;
    a.m_note = answer.m_text;
    for (const auto& [fact, text] : answer.m_reveals) {
        a.m_tokens.push_back(fact);
        a.m_tokens.push_back(text);
    }
    return a;
}

Action RouteOutcomeAction(const std::string& ticket, bool accepted) {
    Action a;
    a.m_type = ActionType::RouteOutcome;
    a.m_target = ticket;
    a.m_arg = accepted ? "accepted" : "returned";
    return a;
}

} // namespace sl
