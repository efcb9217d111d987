// SupportLab core: scoring an attempt (docs/scoring.md) and rendering the report as text and JSON.
#include "core/scoring.hpp"

#include "core/text.hpp"

// [SECTION] Helpers
// [SECTION] Tickets
// [SECTION] Questions
// [SECTION] Score
// [SECTION] Each action's effect
// [SECTION] Text report
// [SECTION] JSON report

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace sl {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::string Join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}


// A priority as trainees see it everywhere (queue, log, debrief): the severity's name.
std::string SeverityName(const SupportModel& m, int index) {
    if (index < 0 || static_cast<size_t>(index) >= m.m_severities.size()) return "none";
    const Severity& s = m.m_severities[static_cast<size_t>(index)];
    return s.m_name.empty() ? s.m_id : s.m_name;
}

// Builds one item: dimensions start full and lose points through Deduct, which records the reason.
class ItemBuilder {
public:
    explicit ItemBuilder(ItemScore& item) : m_item(item) {}

    void AddDimension(Dimension d, double max) { m_item.m_dimensions.push_back({d, max, max}); }

    // A dimension with points never drops below 0, so a deduction is capped at what is left; the
    // reason is kept even when nothing was left to lose. A dimension worth 0 (hints; policy where
    // elevation is not in play) holds only penalties and may go negative.
    void Deduct(Dimension d, double points, std::string reason) {
        DimensionScore* dim = Find(d);
        if (!dim) return;
        double lost = points;
        if (dim->m_max > 0) lost = std::clamp(points, 0.0, std::max(0.0, dim->m_score));
        dim->m_score -= lost;
        m_item.m_deductions.push_back({d, lost, std::move(reason)});
    }

    void Finish() {
        double score = 0, max = 0;
        for (const DimensionScore& d : m_item.m_dimensions) {
            score += d.m_score;
            max += d.m_max;
        }
        m_item.m_score = std::max(0.0, score);
        m_item.m_max = max;
    }

private:
    DimensionScore* Find(Dimension d) {
        for (DimensionScore& s : m_item.m_dimensions)
            if (s.m_dimension == d) return &s;
        return nullptr;
    }

    ItemScore& m_item;
};

template <typename T>
const T* FindIn(const std::vector<T>& items, const std::string& id) {
    for (const T& item : items)
        if (item.m_id == id) return &item;
    return nullptr;
}

void ScoreHints(ItemBuilder& b, const std::vector<Hint>& hints, const std::vector<int>& taken) {
    if (hints.empty()) return;
    b.AddDimension(Dimension::Hints, 0.0);
    for (int i : taken)
        if (i >= 0 && static_cast<size_t>(i) < hints.size())
            // Numbered from 1, as the app's "Take hint N" buttons are (scripts number from 0).
            b.Deduct(Dimension::Hints, hints[static_cast<size_t>(i)].m_cost, "hint " + std::to_string(i + 1) + " taken");
}

//-----------------------------------------------------------------------------
// [SECTION] Tickets
//-----------------------------------------------------------------------------

// The tickets of one answer-key incident and whether they all carry one label.
struct IncidentGroup {
    std::vector<std::string> m_members; // ticket ids, scenario order
    std::string m_label;                // label of the first member
    bool m_sameLabel = true;
};

// Built once per Score so incident checks stay linear in the number of tickets.
struct ScoreContext {
    std::map<std::string, IncidentGroup> m_groups;     // answer incident id -> members
    std::map<std::string, size_t> m_labelCounts;       // trainee label -> tickets carrying it
};

ScoreContext BuildContext(const Simulation& sim) {
    ScoreContext ctx;
    for (const TicketState& t : sim.Tickets()) {
        if (IsHeldBack(t)) continue;
        if (!t.m_incidentLabel.empty()) ++ctx.m_labelCounts[t.m_incidentLabel];
        const std::string& inc = t.m_def->m_answer.m_incident;
        if (inc.empty()) continue;
        IncidentGroup& g = ctx.m_groups[inc];
        if (g.m_members.empty()) g.m_label = t.m_incidentLabel;
        else if (t.m_incidentLabel != g.m_label) g.m_sameLabel = false;
        g.m_members.push_back(t.m_def->m_id);
    }
    return ctx;
}

void ScoreTriage(ItemBuilder& b, const SupportModel& model, const TicketState& t, const ScoringWeights& w) {
    const TicketAnswer& ans = t.m_def->m_answer;
    const bool catApplies = !ans.m_category.empty();
    const int expected = model.PriorityFor(ans.m_impact, ans.m_urgency);
    const bool prioApplies = expected >= 0;
    if (!catApplies && !prioApplies) return;
    const double half = w.m_triage / 2.0;
    b.AddDimension(Dimension::Triage, (catApplies ? half : 0.0) + (prioApplies ? half : 0.0));
    if (catApplies) {
        if (t.m_category.empty())
            b.Deduct(Dimension::Triage, half, "category not triaged, expected " + ans.m_category);
        else if (t.m_category != ans.m_category)
            b.Deduct(Dimension::Triage, half, "category " + t.m_category + ", expected " + ans.m_category);
    }
    if (prioApplies) {
        if (t.m_assignedPriority < 0) {
            b.Deduct(Dimension::Triage, half,
                     "priority not triaged (impact and urgency not both set), expected " + SeverityName(model, expected));
        } else if (t.m_assignedPriority != expected) {
            const int distance = std::abs(t.m_assignedPriority - expected);
            b.Deduct(Dimension::Triage, std::min(half, distance * w.m_priorityStepPenalty * half),
                     "priority " + SeverityName(model, t.m_assignedPriority) + ", expected " + SeverityName(model, expected) +
                         " (" + std::to_string(distance) + (distance == 1 ? " level" : " levels") + " off)");
        }
    }
}

// The trainee worked the ticket: learned a fact, did a step, or handed it off (resolved or
// escalated). Only a worked ticket earns credit for what was not done wrong.
bool Worked(const TicketState& t) {
    return !t.m_knownFacts.empty() || !t.m_stepsDone.empty() || t.m_status == TicketStatus::Resolved ||
           t.m_status == TicketStatus::Escalated;
}

void ScoreTroubleshooting(ItemBuilder& b, const TicketState& t, const ScoringWeights& w) {
    std::vector<const Step*> required, harmful;
    for (const Step& s : t.m_def->m_steps) {
        if (s.m_kind == StepKind::Required) required.push_back(&s);
        if (s.m_kind == StepKind::Harmful) harmful.push_back(&s);
    }
    if (required.empty() && harmful.empty()) return;
    b.AddDimension(Dimension::Troubleshooting, w.m_troubleshooting);
    const double half = w.m_troubleshooting / 2.0;
    for (const Step* s : required)
        if (!Contains(t.m_stepsDone, s->m_id))
            b.Deduct(Dimension::Troubleshooting, half / static_cast<double>(required.size()),
                     "required step '" + s->m_text + "' not done");
    // Avoiding harm (and, on a ticket with no required steps, that half too) is credit for work
    // done safely: an untouched ticket earns none of it.
    if (!Worked(t)) {
        b.Deduct(Dimension::Troubleshooting, w.m_troubleshooting, "nothing earned for avoiding harm: the ticket was not worked");
        return;
    }
    for (const Step* s : harmful)
        if (Contains(t.m_stepsDone, s->m_id))
            b.Deduct(Dimension::Troubleshooting, half / static_cast<double>(harmful.size()),
                     "harmful step '" + s->m_text + "' done" + (s->m_harmReason.empty() ? "" : ": " + s->m_harmReason));
}

std::string RouteText(const SupportModel& model, const std::string& route) {
    if (route == "resolve") return "a help-desk resolution";
    const Destination* d = model.FindDestination(route);
    return d && !d->m_name.empty() && d->m_name != route ? route + " (" + d->m_name + ")" : route;
}

// True when some step outcome of the ticket fixes the problem.
bool HasFixingOutcome(const Ticket& ticket) {
    for (const Step& step : ticket.m_steps)
        for (const Outcome& outcome : step.m_outcomes)
            if (outcome.m_fixes) return true;
    return false;
}

// Incident links, judged when each ticket is handed off as well as at the end (docs/scoring.md):
// - an incident ticket must end in one group with exactly its incident's tickets;
// - no ticket may go to a destination linked with tickets outside its own incident (a ticket with
//   no incident: linked with any other), even if it was relinked after it came back.
// Either costs half the routing points, once each.
std::string OthersText(const std::vector<std::string>& ids, const std::string& self) {
    std::vector<std::string> shown;
    size_t more = 0;
    for (const std::string& id : ids) {
        if (id == self) continue;
        if (shown.size() < 5) shown.push_back(id);
        else ++more;
    }
    return Join(shown) + (more ? " and " + std::to_string(more) + " more" : "");
}

void ScoreLinking(ItemBuilder& b, const ScoreContext& ctx, const TicketState& t, double max) {
    const TicketAnswer& ans = t.m_def->m_answer;
    const std::string& self = t.m_def->m_id;
    const IncidentGroup* group = ans.m_incident.empty() ? nullptr : &ctx.m_groups.at(ans.m_incident);
    auto member = [&](const std::string& id) {
        return group && std::find(group->m_members.begin(), group->m_members.end(), id) != group->m_members.end();
    };
    for (const RouteHop& hop : t.m_route) {
        std::vector<std::string> strangers;
        for (const std::string& id : hop.m_linkedWith)
            if (!member(id)) strangers.push_back(id);
        if (strangers.empty()) continue;
        b.Deduct(Dimension::Routing, max * 0.5,
                 "escalated to " + hop.m_destination + " linked with " + OthersText(strangers, self) +
                     (group ? ", which are not part of its incident" : ", but it belongs to no incident"));
        break;
    }
    if (!group) return;
    // Every member carries this ticket's label and no other ticket does. (An escalated ticket
    // cannot be relinked, so its label at the end is the one it went with.)
    const std::string& label = t.m_incidentLabel;
    const auto count = ctx.m_labelCounts.find(label);
    const bool linked = !label.empty() && group->m_sameLabel && count != ctx.m_labelCounts.end() &&
                        count->second == group->m_members.size();
    const std::string others = OthersText(group->m_members, self);
    if (!linked)
        b.Deduct(Dimension::Routing, max * 0.5,
                 others.empty() ? std::string("not linked to its own incident")
                                : "not linked into one incident with " + others + " (and nothing else)");
}

// How a ticket resolved at the help desk was closed: with a code the key does not accept, or (with
// an accepted code) before any step fixed what a step could fix, which leaves the user broken.
enum class Closure { Right, WrongCode, BeforeFix };

Closure ClosureOf(const TicketState& t) {
    const TicketAnswer& ans = t.m_def->m_answer;
    if (!ans.m_resolutionCodes.empty() && !Contains(ans.m_resolutionCodes, t.m_resolutionCode)) return Closure::WrongCode;
    if (!t.m_fixed && HasFixingOutcome(*t.m_def)) return Closure::BeforeFix;
    return Closure::Right;
}

// A request filed with the right destination at the wrong severity: what it was, what it should
// have been, and that severity's definition (the service answers by them).
std::string RequestSeverityText(const SupportModel& model, const std::string& destination, const std::string& given,
                                const std::string& expected) {
    const Destination* d = model.FindDestination(destination);
    auto name = [&](const std::string& id) {
        const RequestSeverity* s = d ? d->FindRequestSeverity(id) : nullptr;
        return s ? s->m_name : id;
    };
    const RequestSeverity* want = d ? d->FindRequestSeverity(expected) : nullptr;
    return "filed with " + (d ? d->m_name : destination) + " as " + name(given) + ", expected " + name(expected) +
           (want && !want->m_definition.empty() ? ": " + want->m_definition : "");
}

void ScoreRouting(ItemBuilder& b, const Simulation& sim, const ScoreContext& ctx, const TicketState& t,
                  const ScoringWeights& w) {
    const Scenario& scn = sim.GetScenario();
    const SupportModel& model = scn.m_model;
    const TicketAnswer& ans = t.m_def->m_answer;
    const double max = w.m_routing;
    b.AddDimension(Dimension::Routing, max);
    const std::string expected = ExpectedRoute(scn, *t.m_def);

    // The final outcome: "resolve", the destination of the last hop, or nothing (still open).
    std::string final;
    const bool away = t.m_status == TicketStatus::Escalated && t.m_returnsAt >= 0;
    if (t.m_status == TicketStatus::Resolved) final = "resolve";
    else if (t.m_status == TicketStatus::Escalated && !t.m_route.empty()) final = t.m_route.back().m_destination;

    if (final.empty()) {
        b.Deduct(Dimension::Routing, max, "neither resolved nor escalated by the end; expected " + RouteText(model, expected));
    } else if (final == expected) {
        const Closure closure = final == "resolve" ? ClosureOf(t) : Closure::Right;
        if (closure == Closure::WrongCode)
            b.Deduct(Dimension::Routing, max * 0.5,
                     "resolution code " + t.m_resolutionCode + ", expected " + Join(ans.m_resolutionCodes, " or "));
        else if (closure == Closure::BeforeFix)
            b.Deduct(Dimension::Routing, max * 0.5, "resolved before any troubleshooting step fixed the problem");
        else if (final != "resolve" && !ans.m_requestSeverity.empty() && t.m_route.back().m_severity != ans.m_requestSeverity)
            b.Deduct(Dimension::Routing, max * 0.25, RequestSeverityText(model, final, t.m_route.back().m_severity, ans.m_requestSeverity));
    } else if (Contains(ans.m_acceptableRoutes, final)) {
        b.Deduct(Dimension::Routing, max * (1.0 - w.m_acceptableRouteCredit),
                 (final == "resolve" ? std::string("resolved at the help desk") : "escalated to " + final) +
                     ": acceptable, but the best route is " + RouteText(model, expected));
    } else if (final == "resolve") {
        b.Deduct(Dimension::Routing, max, "resolved at the help desk, expected escalation to " + RouteText(model, expected));
    } else {
        b.Deduct(Dimension::Routing, max,
                 "escalated to " + final + ", expected " + RouteText(model, expected) +
                     (away ? "; it was still on its way back at the end" : ""));
    }

    for (const RouteHop& hop : t.m_route)
        if (hop.m_returned)
            b.Deduct(Dimension::Routing, w.m_hopPenalty,
                     "misrouted to " + hop.m_destination + " first; it came back after " + FormatDuration(scn.m_misrouteReturn));

    ScoreLinking(b, ctx, t, max);

    // A pattern every tier should hear of goes to the daily or weekly trend meeting (seed 000).
    if (ans.m_shareTrend && t.m_sharedTrend.empty())
        b.Deduct(Dimension::Routing, max * 0.25, "not shared for the trend meeting, where every tier should hear of this pattern");
}

void ScoreSlaHalf(ItemBuilder& b, const Scenario& scn, const TicketState& t, const Severity& sev, bool resolution,
                  double half, const ScoringWeights& w) {
    const std::string name = resolution ? "resolution" : "first response";
    const std::optional<SimTime> doneAt = resolution ? t.m_doneAt : t.m_firstResponseAt;
    if (!doneAt) {
        b.Deduct(Dimension::Sla, half, name + (resolution ? ": still open at the end" : ": none by the end"));
        return;
    }
    const SimTime target = resolution ? sev.m_resolution : sev.m_firstResponse;
    const SimTime elapsed = SlaElapsed(scn, sev, t, *doneAt, resolution);
    const SlaState state = ClassifySla(elapsed, target, true);
    // Say how the time was counted when it is not simply the time since arrival.
    const bool business = sev.m_businessHours && scn.m_model.m_businessHours;
    const SimTime pending = resolution ? PendingTime(scn, sev, t, *doneAt) : 0;
    std::string counted;
    if (business) counted += " of business hours";
    if (pending > 0) counted += " (" + FormatDuration(pending) + " pending not counted)";
    const std::string detail = name + " took " + FormatDuration(elapsed) + counted + ", target " + FormatDuration(target);
    if (state == SlaState::Warned) b.Deduct(Dimension::Sla, half * (1.0 - w.m_slaWarnedCredit), detail + " (warned)");
    else if (state == SlaState::Breached) b.Deduct(Dimension::Sla, half, detail + " (breached)");
}

// Why the ticket's outcome is not the right one (empty when it is): resolved when it should have
// gone elsewhere, with a code the key does not accept, or before any step fixed what a step could.
std::string WrongOutcome(const Scenario& scn, const TicketState& t) {
    if (t.m_status != TicketStatus::Resolved) return {};
    const TicketAnswer& ans = t.m_def->m_answer;
    const std::string expected = ExpectedRoute(scn, *t.m_def);
    if (!expected.empty() && expected != "resolve" && !Contains(ans.m_acceptableRoutes, "resolve"))
        return "resolved at the help desk, expected " + expected;
    switch (ClosureOf(t)) {
    case Closure::WrongCode: return "resolved as " + t.m_resolutionCode + ", expected " + Join(ans.m_resolutionCodes, " or ");
    case Closure::BeforeFix: return "resolved before any step fixed the problem";
    case Closure::Right: break;
    }
    return {};
}

void ScoreSla(ItemBuilder& b, const Scenario& scn, const TicketState& t, const ScoringWeights& w) {
    const SupportModel& model = scn.m_model;
    const TicketAnswer& ans = t.m_def->m_answer;
    int sev = model.PriorityFor(ans.m_impact, ans.m_urgency);
    if (sev < 0) sev = t.m_reportedPriority; // answer key without a priority: judge by the intake form
    if (sev < 0 || static_cast<size_t>(sev) >= model.m_severities.size()) return;
    const Severity& s = model.m_severities[static_cast<size_t>(sev)];
    b.AddDimension(Dimension::Sla, w.m_sla);
    const double half = w.m_sla / 2.0;
    ScoreSlaHalf(b, scn, t, s, false, half, w);
    // Closing fast earns nothing when the ticket was closed wrongly.
    if (const std::string wrong = WrongOutcome(scn, t); !wrong.empty())
        b.Deduct(Dimension::Sla, half, "resolution: no SLA credit for a wrong outcome (" + wrong + ")");
    else
        ScoreSlaHalf(b, scn, t, s, true, half, w);
}

// Elevation is in play on a ticket whose key needs it, or where someone asks for it (an
// elevation_requester). Elsewhere policy is worth nothing, and an elevation request is a penalty.
void ScorePolicy(ItemBuilder& b, const Scenario& scn, const TicketState& t, const ScoringWeights& w) {
    const Ticket& def = *t.m_def;
    bool stepNeedsIt = false;
    for (const Step& s : def.m_steps) stepNeedsIt = stepNeedsIt || s.m_requiresElevation;
    const bool inPlay = def.m_answer.m_elevationNeeded || !def.m_elevationRequester.empty() || stepNeedsIt;
    if (!inPlay && !t.m_elevationRequested) return;
    b.AddDimension(Dimension::Policy, inPlay ? w.m_policy : 0.0);
    const std::string roleId = !def.m_elevationRequester.empty() ? def.m_elevationRequester : scn.m_playerRole;
    const Role* role = scn.m_model.FindRole(roleId);
    const bool permitted = role && role->m_mayRequestElevation;
    const std::string roleName = role && !role->m_name.empty() ? role->m_name : roleId;
    // A step that needs elevated rights, done without them (or by a role that may not have them),
    // is a fault of its own, whatever else the ticket did.
    for (const std::string& id : t.m_unelevatedSteps)
        if (const Step* s = FindIn(def.m_steps, id))
            b.Deduct(Dimension::Policy, w.m_policy,
                     "step '" + s->m_text + "' needs elevated rights: " +
                         (permitted ? std::string("done without requesting elevation first")
                                    : "role " + roleName + " may not request them; escalate to staff who may"));
    if (t.m_elevationRequested) {
        if (!permitted)
            b.Deduct(Dimension::Policy, w.m_policy,
                     "role " + roleName + " may not request elevated privileges; only designated staff may");
        else if (!def.m_answer.m_elevationNeeded)
            b.Deduct(Dimension::Policy, w.m_policy, "elevation was not needed");
    } else if (def.m_answer.m_elevationNeeded && permitted && t.m_status == TicketStatus::Resolved) {
        b.Deduct(Dimension::Policy, w.m_policy, "elevation was needed to fix this");
    } else if (t.m_status != TicketStatus::Resolved && t.m_status != TicketStatus::Escalated) {
        b.Deduct(Dimension::Policy, w.m_policy, "no elevation decision: the ticket was left open");
    }
}

std::string GivenText(const Simulation& sim, const TicketState& t) {
    const SupportModel& model = sim.GetScenario().m_model;
    std::string out = "category " + (t.m_category.empty() ? std::string("none") : t.m_category) + ", priority " +
                      SeverityName(model, t.m_assignedPriority);
    std::vector<std::string> hops;
    for (const RouteHop& h : t.m_route) hops.push_back(h.m_destination + (h.m_returned ? " (returned)" : ""));
    if (!hops.empty()) out += "; route " + Join(hops, " -> ");
    if (t.m_status == TicketStatus::Resolved) out += "; resolved (" + t.m_resolutionCode + ")";
    else if (IsHandedOff(t)) out += "; escalated";
    else out += "; open";
    if (t.m_elevationRequested) out += "; elevation requested";
    if (!t.m_incidentLabel.empty()) out += "; linked to " + t.m_incidentLabel;
    if (!t.m_sharedTrend.empty()) out += "; shared for the trend meeting";
    return out;
}

std::string ExpectedText(const Simulation& sim, const TicketState& t) {
    const Scenario& scn = sim.GetScenario();
    const TicketAnswer& ans = t.m_def->m_answer;
    const std::string route = ExpectedRoute(scn, *t.m_def);
    std::string out = "category " + (ans.m_category.empty() ? std::string("any") : ans.m_category) + ", priority " +
                      SeverityName(scn.m_model, scn.m_model.PriorityFor(ans.m_impact, ans.m_urgency)) + " (impact " +
                      ans.m_impact + ", urgency " + ans.m_urgency + "); ";
    if (route == "resolve") out += "resolve (" + Join(ans.m_resolutionCodes, " or ") + ")";
    else out += "escalate to " + route;
    if (!ans.m_acceptableRoutes.empty()) out += " (acceptable: " + Join(ans.m_acceptableRoutes) + ")";
    if (ans.m_elevationNeeded) out += "; elevation needed";
    if (!ans.m_incident.empty()) out += "; link as incident " + ans.m_incident;
    if (ans.m_shareTrend) out += "; share it at the trend meeting";
    return out;
}

ItemScore ScoreTicket(const Simulation& sim, const ScoreContext& ctx, const TicketState& t) {
    const Scenario& scn = sim.GetScenario();
    const Ticket& def = *t.m_def;
    const ScoringWeights& w = def.m_weights ? *def.m_weights : scn.m_weights;
    ItemScore item;
    item.m_itemId = def.m_id;
    item.m_kind = ItemKind::Ticket;
    item.m_title = def.m_subject;
    ItemBuilder b(item);
    ScoreTriage(b, scn.m_model, t, w);
    ScoreTroubleshooting(b, t, w);
    ScoreRouting(b, sim, ctx, t, w);
    ScoreSla(b, scn, t, w);
    ScorePolicy(b, scn, t, w);
    ScoreHints(b, def.m_hints, t.m_hintsTaken);
    b.Finish();
    item.m_given = GivenText(sim, t);
    item.m_expected = ExpectedText(sim, t);
    item.m_explanation = def.m_answer.m_explanation;
    if (!def.m_answer.m_incident.empty())
        if (const Incident* inc = scn.FindIncident(def.m_answer.m_incident); inc && !inc->m_explanation.empty())
            item.m_explanation += (item.m_explanation.empty() ? "" : "\n") + inc->m_explanation;
    return item;
}

//-----------------------------------------------------------------------------
// [SECTION] Questions
//-----------------------------------------------------------------------------

std::string OptionText(const Question& q, const std::string& id) {
    const Option* o = FindIn(q.m_options, id);
    return o && !o->m_text.empty() ? id + " (" + o->m_text + ")" : id;
}

void ScoreQuestionAnswer(ItemBuilder& b, const Question& q, const std::vector<std::string>& given) {
    const double max = q.m_points;
    switch (q.m_type) {
    case QuestionType::Single: {
        const std::string expected = q.m_answer.empty() ? std::string() : q.m_answer[0];
        const std::string picked = given.empty() ? std::string() : given[0];
        if (picked != expected) b.Deduct(Dimension::Knowledge, max, "chose " + OptionText(q, picked) + ", expected " + OptionText(q, expected));
        break;
    }
    case QuestionType::Multiple: {
        if (q.m_answer.empty()) break;
        const double each = max / static_cast<double>(q.m_answer.size());
        for (const std::string& c : q.m_answer)
            if (!Contains(given, c)) b.Deduct(Dimension::Knowledge, each, "missed correct option " + OptionText(q, c));
        for (const std::string& g : given)
            if (!Contains(q.m_answer, g)) b.Deduct(Dimension::Knowledge, each, "picked wrong option " + OptionText(q, g));
        break;
    }
    case QuestionType::Matching: {
        if (q.m_pairs.empty()) break;
        const double each = max / static_cast<double>(q.m_pairs.size());
        for (const MatchPair& p : q.m_pairs) {
            std::string right;
            for (const std::string& tok : given)
                if (std::string pair, option; SplitMatchToken(tok, pair, option) && pair == p.m_id) right = option;
            const std::string left = p.m_left.empty() ? p.m_id : p.m_left;
            if (right.empty())
                b.Deduct(Dimension::Knowledge, each, "'" + left + "' not matched, expected " + OptionText(q, p.m_right));
            else if (right != p.m_right)
                b.Deduct(Dimension::Knowledge, each,
                         "'" + left + "' matched with " + OptionText(q, right) + ", expected " + OptionText(q, p.m_right));
        }
        break;
    }
    case QuestionType::Ordering: {
        if (q.m_answer.empty()) break;
        const double each = max / static_cast<double>(q.m_answer.size());
        for (size_t i = 0; i < q.m_answer.size(); ++i) {
            const std::string g = i < given.size() ? given[i] : std::string("nothing");
            if (g != q.m_answer[i])
                b.Deduct(Dimension::Knowledge, each,
                         "position " + std::to_string(i + 1) + ": " + (i < given.size() ? OptionText(q, g) : g) + ", expected " +
                             OptionText(q, q.m_answer[i]));
        }
        break;
    }
    }
}

// An answer's tokens as the texts the trainee saw: "Tier 1; Tier 2" (single, multiple), "A, then
// B, then C" (ordering), "Left item: right item" one per line (matching). An unknown id stays as written.
std::string AnswerInWords(const Question& q, const std::vector<std::string>& tokens) {
    auto option = [&](const std::string& id) -> std::string {
        for (const Option& o : q.m_options)
            if (o.m_id == id) return o.m_text;
        return id;
    };
    std::vector<std::string> words;
    for (const std::string& t : tokens) {
        if (q.m_type != QuestionType::Matching) {
            words.push_back(option(t));
            continue;
        }
        std::string left = t, right;
        SplitMatchToken(t, left, right);
        std::string leftText = left;
        for (const MatchPair& p : q.m_pairs)
            if (p.m_id == left) leftText = p.m_left;
        words.push_back(leftText + ": " + option(right));
    }
    // Matching pairs one per line: their texts are often whole sentences.
    return Join(words, q.m_type == QuestionType::Ordering ? ", then " : q.m_type == QuestionType::Matching ? "\n" : "; ");
}

ItemScore ScoreQuestion(const QuestionState& s) {
    const Question& q = *s.m_def;
    ItemScore item;
    item.m_itemId = q.m_id;
    item.m_kind = ItemKind::Question;
    item.m_title = q.m_prompt;
    ItemBuilder b(item);
    b.AddDimension(Dimension::Knowledge, q.m_points);
    if (!s.m_answered) b.Deduct(Dimension::Knowledge, q.m_points, "not answered");
    else ScoreQuestionAnswer(b, q, s.m_answer);
    ScoreHints(b, q.m_hints, s.m_hintsTaken);
    b.Finish();
    // In words, as the trainee saw them: option texts, not ids.
    item.m_given = s.m_answered ? AnswerInWords(q, s.m_answer) : std::string("not answered");
    if (q.m_type == QuestionType::Matching) {
        std::vector<std::string> pairs;
        for (const MatchPair& p : q.m_pairs) pairs.push_back(MatchToken(p.m_id, p.m_right));
        item.m_expected = AnswerInWords(q, pairs);
    } else {
        item.m_expected = AnswerInWords(q, q.m_answer);
    }
    item.m_explanation = q.m_explanation;
    return item;
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Score
//-----------------------------------------------------------------------------

double CertaintyMarkFor(double fraction, int certainty) {
    static const double kRight[4] = {0.0, 1.0, 2.0, 3.0};
    static const double kWrong[4] = {0.0, 0.0, -2.0, -6.0};
    if (certainty < 1 || certainty > 3) return 0.0;
    // Moodle's qbehaviour_deferredcbm: any credit at all is scaled; none at all is the wrong mark.
    return fraction > 1e-9 ? kRight[certainty] * std::min(1.0, fraction) : kWrong[certainty];
}

const char* CertaintyRange(int certainty) {
    switch (certainty) {
    case 1: return "below 67%";
    case 2: return "67-80%";
    case 3: return "above 80%";
    default: return "";
    }
}

const char* CalibrationOf(int certainty, double accuracy) {
    // Expected marks p, 4p-2 and 9p-6 cross at p = 2/3 and p = 0.8.
    const double low = certainty == 1 ? 0.0 : certainty == 2 ? 200.0 / 3.0 : 80.0;
    const double high = certainty == 1 ? 200.0 / 3.0 : certainty == 2 ? 80.0 : 100.0;
    if (accuracy < low - 1e-9) return "over-confident";
    if (accuracy > high + 1e-9) return "under-confident";
    return "well calibrated";
}

namespace {

CertaintyReport MarkCertainty(const Simulation& sim, const ScoreReport& r) {
    CertaintyReport c;
    double weight = 0.0, earned = 0.0, cbm = 0.0;
    for (const TicketState& t : sim.Tickets()) {
        const ItemScore* item = nullptr;
        for (const ItemScore& i : r.m_items)
            if (i.m_kind == ItemKind::Ticket && i.m_itemId == t.m_def->m_id) item = &i;
        if (!item) continue;
        for (const DimensionScore& d : item->m_dimensions) {
            if ((d.m_dimension != Dimension::Triage && d.m_dimension != Dimension::Routing) || d.m_max <= 0) continue;
            CertaintyMark m;
            m.m_itemId = t.m_def->m_id;
            m.m_decision = d.m_dimension;
            const bool triage = d.m_dimension == Dimension::Triage;
            const bool made = triage ? t.m_triageCertainty > 0 : !t.m_route.empty() || t.m_status == TicketStatus::Resolved;
            m.m_certainty = made ? (triage ? t.m_triageCertainty : t.m_routeCertainty) : 0;
            m.m_fraction = d.m_score / d.m_max;
            m.m_mark = CertaintyMarkFor(m.m_fraction, m.m_certainty);
            m.m_weight = d.m_max;
            weight += m.m_weight;
            earned += m.m_weight * m.m_fraction;
            cbm += m.m_weight * m.m_mark;
            CertaintyLevel& level = c.m_levels[m.m_certainty];
            level.m_count += 1;
            level.m_accuracy += m.m_weight * m.m_fraction; // a sum until divided below
            level.m_weight += m.m_weight;
            c.m_marks.push_back(std::move(m));
        }
    }
    for (CertaintyLevel& level : c.m_levels) level.m_accuracy = level.m_weight > 0 ? 100.0 * level.m_accuracy / level.m_weight : 0.0;
    c.m_accuracy = weight > 0 ? 100.0 * earned / weight : 0.0;
    c.m_cbmScore = weight > 0 ? 100.0 * cbm / (3.0 * weight) : 0.0;
    return c;
}

} // namespace

ScoreReport Score(const Simulation& sim) {
    const Scenario& scn = sim.GetScenario();
    ScoreReport r;
    r.m_scenarioId = scn.m_id;
    r.m_contentHash = scn.m_contentHash;
    r.m_seed = sim.Seed();
    r.m_endTime = sim.Now();
    for (int i = 0; i < kDimensionCount; ++i) r.m_byDimension[i] = {static_cast<Dimension>(i), 0.0, 0.0};
    for (const QuestionState& q : sim.Questions()) r.m_items.push_back(ScoreQuestion(q));
    const ScoreContext ctx = BuildContext(sim);
    for (const TicketState& t : sim.Tickets())
        if (!IsHeldBack(t)) r.m_items.push_back(ScoreTicket(sim, ctx, t)); // an inject that never fired brought nothing
    for (const ItemScore& item : r.m_items) {
        for (const DimensionScore& d : item.m_dimensions) {
            DimensionScore& total = r.m_byDimension[static_cast<int>(d.m_dimension)];
            total.m_score += d.m_score;
            total.m_max += d.m_max;
        }
        r.m_total += item.m_score;
        r.m_max += item.m_max;
    }
    if (scn.m_certaintyMarking) r.m_certainty = MarkCertainty(sim, r);
    return r;
}

//-----------------------------------------------------------------------------
// [SECTION] Each action's effect
//-----------------------------------------------------------------------------

namespace {

// Deductions keyed by (item, dimension, reason), with their points.
using DeductionSet = std::map<std::tuple<std::string, int, std::string>, double>;

DeductionSet DeductionsOf(const ScoreReport& r) {
    DeductionSet out;
    for (const ItemScore& item : r.m_items)
        for (const Deduction& d : item.m_deductions)
            out[{item.m_itemId, static_cast<int>(d.m_dimension), d.m_reason}] += d.m_points;
    return out;
}

} // namespace

std::vector<ActionEffect> ActionEffects(const Scenario& scenario, std::uint64_t seed, const std::vector<Action>& log) {
    Simulation sim(scenario, seed);
    return ActionEffectsAt(sim, log, {});
}

std::vector<ActionEffect> ActionEffectsAt(Simulation& sim, const std::vector<Action>& log, const std::vector<SimTime>& at) {
    std::vector<ActionEffect> out;
    out.reserve(log.size());
    ScoreReport before = Score(sim);
    DeductionSet lostBefore = DeductionsOf(before);
    for (size_t i = 0; i < log.size(); ++i) {
        const Action& a = log[i];
        ActionEffect e;
        if (i < at.size()) sim.AdvanceTo(at[i]);
        if (!sim.Apply(a).m_ok) {
            out.push_back(e); // a log the scenario refuses (another version): nothing to show
            continue;
        }
        const ScoreReport after = Score(sim);
        const DeductionSet lostAfter = DeductionsOf(after);
        e.m_total = after.m_total - before.m_total;
        for (int d = 0; d < kDimensionCount; ++d) e.m_byDimension[d] = after.m_byDimension[d].m_score - before.m_byDimension[d].m_score;
        // Deductions made or grown (negative), then taken away or shrunk (positive).
        for (const auto& [key, points] : lostAfter) {
            const auto it = lostBefore.find(key);
            const double grew = points - (it == lostBefore.end() ? 0.0 : it->second);
            if (std::abs(grew) > 1e-9 && grew > 0)
                e.m_reasons.push_back({std::get<0>(key), static_cast<Dimension>(std::get<1>(key)), -grew, std::get<2>(key)});
        }
        for (const auto& [key, points] : lostBefore) {
            const auto it = lostAfter.find(key);
            const double shrank = points - (it == lostAfter.end() ? 0.0 : it->second);
            if (std::abs(shrank) > 1e-9 && shrank > 0)
                e.m_reasons.push_back({std::get<0>(key), static_cast<Dimension>(std::get<1>(key)), shrank, std::get<2>(key)});
        }
        out.push_back(std::move(e));
        before = after;
        lostBefore = lostAfter;
    }
    return out;
}

ScoreReport CombineReports(const std::string& id, const std::vector<const ScoreReport*>& parts) {
    ScoreReport r;
    r.m_scenarioId = id;
    for (int d = 0; d < kDimensionCount; ++d) r.m_byDimension[d].m_dimension = static_cast<Dimension>(d);
    for (const ScoreReport* p : parts) {
        if (!p) continue;
        r.m_items.insert(r.m_items.end(), p->m_items.begin(), p->m_items.end());
        for (int d = 0; d < kDimensionCount; ++d) {
            r.m_byDimension[d].m_score += p->m_byDimension[d].m_score;
            r.m_byDimension[d].m_max += p->m_byDimension[d].m_max;
        }
        r.m_total += p->m_total;
        r.m_max += p->m_max;
        r.m_endTime += p->m_endTime;
    }
    return r;
}

std::string FormatDimensionEffects(const ActionEffect& e) {
    std::string out;
    for (int d = 0; d < kDimensionCount; ++d) {
        if (std::abs(e.m_byDimension[d]) < 0.005) continue;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s %+.2f", ToString(static_cast<Dimension>(d)), e.m_byDimension[d]);
        out += (out.empty() ? "" : ", ") + std::string(buf);
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Text report
//-----------------------------------------------------------------------------

namespace {

// Fixed two-decimal points; never "-0.00".
std::string Num(double v) {
    if (std::fabs(v) < 0.005) v = 0.0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string Pct(double v) {
    if (std::fabs(v) < 0.05) v = 0.0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string Pad(const std::string& s, size_t width) { return s.size() >= width ? s : s + std::string(width - s.size(), ' '); }
std::string PadLeft(const std::string& s, size_t width) { return s.size() >= width ? s : std::string(width - s.size(), ' ') + s; }

std::string ScoreOf(double score, double max) { return PadLeft(Num(score), 7) + " / " + PadLeft(Num(max), 7); }

// Indents continuation lines of multi-line text (explanations) so the report stays readable.
std::string Indented(const std::string& text, const std::string& indent) {
    std::string out;
    for (char c : text) {
        out.push_back(c);
        if (c == '\n') out += indent;
    }
    return out;
}

} // namespace

std::string FormatCertaintyText(const CertaintyReport& c) {
    std::string out = "\nCertainty-based marking (triage and routing decisions)\n";
    out += "  accuracy   " + Pct(c.m_accuracy) + "%\n";
    out += "  CBM score  " + Pct(c.m_cbmScore) + "% of the best (3 per point)\n";
    for (int level = 3; level >= 0; --level) {
        const CertaintyLevel& l = c.m_levels[level];
        if (l.m_count == 0) continue;
        if (level == 0) {
            out += "  not decided: " + std::to_string(l.m_count) + " decision(s), marked 0\n";
            continue;
        }
        out += "  " + Pad(CertaintyName(level), 8) + std::to_string(l.m_count) + " decision(s), " + Pct(l.m_accuracy) +
               "% right (best " + CertaintyRange(level) + "): " + CalibrationOf(level, l.m_accuracy) + "\n";
    }
    for (const CertaintyMark& m : c.m_marks)
        out += "  - " + m.m_itemId + " " + (m.m_decision == Dimension::Triage ? "triage" : "routing") + ": " +
               (m.m_certainty ? CertaintyName(m.m_certainty) : "not decided") + ", " + Pct(100.0 * m.m_fraction) +
               "% right, mark " + Num(m.m_mark) + "\n";
    return out;
}

std::string FormatScoreText(const ScoreReport& r) {
    std::string out;
    out += "Scenario " + r.m_scenarioId + " (seed " + std::to_string(r.m_seed) + "), ended at " + FormatClock(r.m_endTime) + "\n";
    if (!r.m_contentHash.empty()) out += "Content " + r.m_contentHash + "\n";
    out += "Total " + Num(r.m_total) + " / " + Num(r.m_max) + " (" + Pct(r.Percent()) + "%)\n";
    out += "\nBy dimension\n";
    bool used[kDimensionCount] = {};
    for (const ItemScore& item : r.m_items)
        for (const DimensionScore& d : item.m_dimensions) used[static_cast<int>(d.m_dimension)] = true;
    for (int i = 0; i < kDimensionCount; ++i)
        if (used[i])
            out += "  " + Pad(ToString(static_cast<Dimension>(i)), 16) + ScoreOf(r.m_byDimension[i].m_score, r.m_byDimension[i].m_max) + "\n";
    for (const ItemScore& item : r.m_items) {
        out += "\n" + std::string(item.m_kind == ItemKind::Ticket ? "Ticket " : "Question ") + item.m_itemId + ": " +
               Num(item.m_score) + " / " + Num(item.m_max) + "\n";
        if (!item.m_title.empty()) out += "  " + Indented(item.m_title, "  ") + "\n";
        for (const DimensionScore& d : item.m_dimensions)
            out += "  " + Pad(ToString(d.m_dimension), 16) + ScoreOf(d.m_score, d.m_max) + "\n";
        // A fault found after its skill's points were all lost still shows, as costing nothing more
        // (not as "-0.00", which reads as a typo).
        for (const Deduction& d : item.m_deductions)
            out += "  - " + std::string(ToString(d.m_dimension)) +
                   (d.m_points < 0.005 ? " 0.00 (no " + std::string(ToString(d.m_dimension)) + " points left to lose)"
                                       : " -" + Num(d.m_points)) +
                   ": " + Indented(d.m_reason, "    ") + "\n";
        out += "  given:    " + Indented(item.m_given, "            ") + "\n";
        out += "  expected: " + Indented(item.m_expected, "            ") + "\n";
        if (!item.m_explanation.empty()) out += "  why:      " + Indented(item.m_explanation, "            ") + "\n";
    }
    if (r.m_certainty) out += FormatCertaintyText(*r.m_certainty);
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] JSON report
//-----------------------------------------------------------------------------

namespace {

std::string Str(const std::string& s) { return JsonString(s); }

std::string DimJson(const DimensionScore& d) {
    return "{\"dimension\": " + Str(ToString(d.m_dimension)) + ", \"score\": " + Num(d.m_score) + ", \"max\": " + Num(d.m_max) + "}";
}

} // namespace

std::string FormatScoreJson(const ScoreReport& r) {
    std::string out = "{\n";
    out += "  \"scenario\": " + Str(r.m_scenarioId) + ",\n";
    out += "  \"content_hash\": " + Str(r.m_contentHash) + ",\n";
    out += "  \"seed\": " + std::to_string(r.m_seed) + ",\n";
    out += "  \"end_time\": " + std::to_string(r.m_endTime) + ",\n";
    out += "  \"total\": " + Num(r.m_total) + ",\n";
    out += "  \"max\": " + Num(r.m_max) + ",\n";
    out += "  \"percent\": " + Num(r.Percent()) + ",\n";
    out += "  \"dimensions\": [\n";
    for (int i = 0; i < kDimensionCount; ++i)
        out += "    " + DimJson(r.m_byDimension[i]) + (i + 1 < kDimensionCount ? ",\n" : "\n");
    out += "  ],\n  \"items\": [";
    for (size_t n = 0; n < r.m_items.size(); ++n) {
        const ItemScore& item = r.m_items[n];
        out += n ? ",\n" : "\n";
        out += "    {\n";
        out += "      \"id\": " + Str(item.m_itemId) + ",\n";
        out += "      \"kind\": " + Str(item.m_kind == ItemKind::Ticket ? "ticket" : "question") + ",\n";
        out += "      \"title\": " + Str(item.m_title) + ",\n";
        out += "      \"score\": " + Num(item.m_score) + ",\n";
        out += "      \"max\": " + Num(item.m_max) + ",\n";
        out += "      \"dimensions\": [";
        for (size_t i = 0; i < item.m_dimensions.size(); ++i)
            out += std::string(i ? ",\n" : "\n") + "        " + DimJson(item.m_dimensions[i]);
        out += item.m_dimensions.empty() ? "],\n" : "\n      ],\n";
        out += "      \"deductions\": [";
        for (size_t i = 0; i < item.m_deductions.size(); ++i) {
            const Deduction& d = item.m_deductions[i];
            out += std::string(i ? ",\n" : "\n") + "        {\"dimension\": " + Str(ToString(d.m_dimension)) +
                   ", \"points\": " + Num(d.m_points) + ", \"reason\": " + Str(d.m_reason) + "}";
        }
        out += item.m_deductions.empty() ? "],\n" : "\n      ],\n";
        out += "      \"given\": " + Str(item.m_given) + ",\n";
        out += "      \"expected\": " + Str(item.m_expected) + ",\n";
        out += "      \"explanation\": " + Str(item.m_explanation) + "\n";
        out += "    }";
    }
    out += r.m_items.empty() ? "]" : "\n  ]";
    if (r.m_certainty) {
        const CertaintyReport& c = *r.m_certainty;
        out += ",\n  \"certainty\": {\n    \"accuracy\": " + Num(c.m_accuracy) + ",\n    \"cbm_score\": " + Num(c.m_cbmScore) +
               ",\n    \"levels\": [";
        bool first = true;
        for (int level = 0; level <= 3; ++level) {
            const CertaintyLevel& l = c.m_levels[level];
            if (l.m_count == 0) continue;
            out += std::string(first ? "\n" : ",\n") + "      {\"certainty\": " + Str(level ? CertaintyName(level) : "none") +
                   ", \"decisions\": " + std::to_string(l.m_count) + ", \"accuracy\": " + Num(l.m_accuracy) +
                   ", \"calibration\": " + Str(level ? CalibrationOf(level, l.m_accuracy) : "") + "}";
            first = false;
        }
        out += first ? "],\n" : "\n    ],\n";
        out += "    \"decisions\": [";
        for (size_t i = 0; i < c.m_marks.size(); ++i) {
            const CertaintyMark& m = c.m_marks[i];
            out += std::string(i ? ",\n" : "\n") + "      {\"item\": " + Str(m.m_itemId) + ", \"decision\": " +
                   Str(m.m_decision == Dimension::Triage ? "triage" : "routing") + ", \"certainty\": " +
                   Str(m.m_certainty ? CertaintyName(m.m_certainty) : "none") + ", \"fraction\": " + Num(m.m_fraction) +
                   ", \"mark\": " + Num(m.m_mark) + ", \"points\": " + Num(m.m_weight) + "}";
        }
        out += c.m_marks.empty() ? "]\n  }" : "\n    ]\n  }";
    }
    out += "\n}\n";
    return out;
}

} // namespace sl
