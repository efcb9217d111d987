// SupportLab core: the deterministic simulation of one attempt (clock, lifecycle, actions, SLA clocks).
#include "core/engine.hpp"

// [SECTION] Helpers
// [SECTION] Construction and clock
// [SECTION] Validation
// [SECTION] Applying actions
// [SECTION] SLA clocks and queries
// [SECTION] Names

#include <algorithm>
#include <atomic>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace sl {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

template <typename T>
const T* FindIn(const std::vector<T>& items, const std::string& id) {
    for (const T& item : items)
        if (item.m_id == id) return &item;
    return nullptr;
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// Process-wide, so two simulations (or one rebuilt at the same address) never share a stamp.
std::atomic<std::uint64_t> g_lastStamp{0};

// Copies the action straight into the log (no temporary to move and destroy).
void AppendLogged(std::vector<LoggedAction>& log, SimTime at, const Action& a) {
    LoggedAction& entry = log.emplace_back();
    entry.m_at = at;
    entry.m_action = a;
}

// Joins the pieces with one allocation: a log line is written for every action of a replay.
std::string Concat(std::initializer_list<std::string_view> parts) {
    size_t size = 0;
    for (std::string_view p : parts) size += p.size();
    std::string out;
    out.reserve(size);
    for (std::string_view p : parts) out.append(p);
    return out;
}

std::string JoinLevels(const std::vector<std::string>& levels) {
    std::string out;
    for (const std::string& l : levels) out += (out.empty() ? "" : ", ") + l;
    return out;
}

std::string DestinationName(const SupportModel& model, const std::string& id) {
    const Destination* d = model.FindDestination(id);
    return d && !d->m_name.empty() ? d->m_name : id;
}

// Ids that must be known facts or done steps; returns the first missing one, or empty.
std::string FirstUnmet(const TicketState& t, const std::vector<std::string>& needs) {
    for (const std::string& r : needs)
        if (!Contains(t.m_knownFacts, r) && !Contains(t.m_stepsDone, r)) return r;
    return {};
}

bool AllHold(const TicketState& t, const std::vector<std::string>& ids) { return FirstUnmet(t, ids).empty(); }

void Reveal(TicketState& t, const std::string& factId) {
    if (!Contains(t.m_knownFacts, factId)) t.m_knownFacts.push_back(factId);
}

} // namespace

std::string ExpectedRoute(const Scenario& scenario, const Ticket& ticket) {
    if (!ticket.m_answer.m_route.empty()) return ticket.m_answer.m_route;
    if (!ticket.m_answer.m_incident.empty())
        if (const Incident* inc = scenario.FindIncident(ticket.m_answer.m_incident)) return inc->m_route;
    return {};
}

bool AwaitsReplyFrom(const TicketState& t, bool vendor) {
    return std::any_of(t.m_awaiting.begin(), t.m_awaiting.end(), [&](const AwaitedReply& r) { return r.m_fromVendor == vendor; });
}

bool IsHeldBack(const TicketState& t) { return t.m_status == TicketStatus::NotArrived && t.m_arrives < 0; }

bool IsHandedOff(const TicketState& t) {
    return t.m_status == TicketStatus::Escalated && t.m_returnsAt < 0 && !t.m_routePending;
}

int ShownPriority(const TicketState& t) { return t.m_assignedPriority >= 0 ? t.m_assignedPriority : t.m_reportedPriority; }

std::string FormatRunScript(const Simulation& sim) {
    std::string out = "seed " + std::to_string(sim.Seed()) + "\n";
    for (const LoggedAction& la : sim.Log()) {
        out += "at " + std::to_string(la.m_at) + "\n";
        out += FormatAction(la.m_action) + "\n";
    }
    return out;
}

bool IsDone(const TicketState& t) { return t.m_status == TicketStatus::Resolved || IsHandedOff(t); }

int OpenWork(const Simulation& sim) {
    int n = 0;
    for (const TicketState& t : sim.Tickets())
        if (!IsHeldBack(t) && !IsDone(t)) ++n;
    for (const QuestionState& q : sim.Questions())
        if (!q.m_answered) ++n;
    return n;
}

SimTime FactCost(const Scenario& scenario, const Fact& fact) {
    if (fact.m_cost >= 0) return fact.m_cost;
    return fact.m_source == FactSource::Diagnostic ? scenario.m_costs.m_diagnose : scenario.m_costs.m_ask;
}

SimTime StepCost(const Scenario& scenario, const Step& step) { return step.m_cost >= 0 ? step.m_cost : scenario.m_costs.m_step; }

bool IsWorkable(const TicketState& t) {
    return t.m_status == TicketStatus::New || t.m_status == TicketStatus::InProgress ||
           t.m_status == TicketStatus::PendingUser || t.m_status == TicketStatus::PendingVendor;
}

//-----------------------------------------------------------------------------
// [SECTION] Construction and clock
//-----------------------------------------------------------------------------

Simulation::Simulation(const Scenario& scenario, std::uint64_t seed) : m_scenario(&scenario), m_seed(seed) {
    const SupportModel& model = scenario.m_model;
    m_tickets.reserve(scenario.m_tickets.size());
    for (const Ticket& def : scenario.m_tickets) {
        // One stream per ticket, drawn in a fixed order, so tickets vary independently.
        Rng rng(Rng::Derive(seed, def.m_id.c_str()));
        TicketState t;
        t.m_def = &def;
        const SimTime jitter = std::max<SimTime>(0, def.m_variation.m_jitter);
        t.m_arrives = def.m_arrives + static_cast<SimTime>(rng.Below(static_cast<std::uint64_t>(jitter) + 1));
        if (!def.m_heldFor.empty()) {
            t.m_heldOffset = t.m_arrives; // counted from its inject's firing
            t.m_arrives = -1;
        }
        t.m_user = def.m_user;
        if (!def.m_variation.m_userPool.empty()) {
            const auto it = scenario.m_pools.m_users.find(def.m_variation.m_userPool);
            if (it != scenario.m_pools.m_users.end() && !it->second.empty())
                t.m_user = it->second[rng.Below(it->second.size())];
        }
        t.m_device = def.m_device;
        if (!def.m_variation.m_devicePool.empty()) {
            const auto it = scenario.m_pools.m_devices.find(def.m_variation.m_devicePool);
            if (it != scenario.m_pools.m_devices.end() && !it->second.empty())
                t.m_device = it->second[rng.Below(it->second.size())];
        }
        t.m_report = def.m_report;
        if (!def.m_variation.m_reports.empty())
            t.m_report = def.m_variation.m_reports[rng.Below(def.m_variation.m_reports.size())];
        t.m_reportedPriority = model.PriorityFor(model.IntakeImpact(def.m_reportedImpact),
                                                 model.IntakeUrgency(def.m_reportedUrgency));
        m_ticketIndex.emplace(def.m_id, m_tickets.size()); // first wins on a duplicate id
        m_tickets.push_back(std::move(t));
    }
    m_questions.reserve(scenario.m_questions.size());
    for (const Question& def : scenario.m_questions) {
        QuestionState q;
        q.m_def = &def;
        for (const Option& o : def.m_options) q.m_optionOrder.push_back(o.m_id);
        Rng rng(Rng::Derive(seed, def.m_id.c_str()));
        for (size_t i = q.m_optionOrder.size(); i > 1; --i)
            std::swap(q.m_optionOrder[i - 1], q.m_optionOrder[rng.Below(i)]);
        m_questionIndex.emplace(def.m_id, m_questions.size());
        m_questions.push_back(std::move(q));
    }
    m_injects.reserve(scenario.m_injects.size());
    for (const Inject& def : scenario.m_injects) {
        InjectState in;
        in.m_def = &def;
        if (def.m_at) {
            in.m_status = InjectStatus::Scheduled;
            in.m_due = *def.m_at;
        } else if (def.m_unless && def.m_unless->m_after.empty()) {
            in.m_deadline = def.m_unless->m_by;
        }
        m_injects.push_back(in);
    }
    m_nextEvent = 0;
    Touch();
    AdvanceTo(0);
}

void Simulation::Touch() { m_stamp = g_lastStamp.fetch_add(1, std::memory_order_relaxed) + 1; }

void Simulation::UpdateNextEvent() {
    m_nextEvent = -1;
    for (const TicketState& s : m_tickets) {
        SimTime at = -1;
        if (s.m_status == TicketStatus::NotArrived) at = s.m_arrives;
        else if (s.m_status == TicketStatus::Escalated && s.m_returnsAt >= 0) at = s.m_returnsAt;
        if (at >= 0 && (m_nextEvent < 0 || at < m_nextEvent)) m_nextEvent = at;
        for (const AwaitedReply& r : s.m_awaiting)
            if (m_nextEvent < 0 || r.m_at < m_nextEvent) m_nextEvent = r.m_at;
    }
    for (const InjectState& in : m_injects) {
        SimTime at = -1;
        if (in.m_status == InjectStatus::Scheduled) at = in.m_due;
        else if (in.m_status == InjectStatus::Waiting) at = in.m_deadline;
        if (at >= 0 && (m_nextEvent < 0 || at < m_nextEvent)) m_nextEvent = at;
    }
}

// Replies due by now arrive in the order they were asked: the fact is learnt, and a ticket pending
// on that party stops waiting once nothing more is owed by it.
void Simulation::DeliverReplies(TicketState& s) {
    while (!s.m_awaiting.empty()) {
        auto due = s.m_awaiting.end();
        for (auto it = s.m_awaiting.begin(); it != s.m_awaiting.end(); ++it)
            if (it->m_at <= m_now && (due == s.m_awaiting.end() || it->m_at < due->m_at)) due = it;
        if (due == s.m_awaiting.end()) return;
        const AwaitedReply reply = *due;
        s.m_awaiting.erase(due);
        Reveal(s, reply.m_fact);
        const Fact* f = FindIn(s.m_def->m_facts, reply.m_fact);
        s.m_log.push_back({reply.m_at, Concat({reply.m_fromVendor ? "Reply from the vendor: " : "Reply from the user: ",
                                              f ? std::string_view(FactText(s, *f)) : std::string_view(reply.m_fact)})});
        const bool vendor = reply.m_fromVendor;
        const bool pendingOnIt = s.m_status == (vendor ? TicketStatus::PendingVendor : TicketStatus::PendingUser);
        if (pendingOnIt && !AwaitsReplyFrom(s, vendor)) {
            s.m_status = TicketStatus::InProgress;
            if (!s.m_pending.empty() && s.m_pending.back().m_to < 0) s.m_pending.back().m_to = std::max(reply.m_at, s.m_pending.back().m_from);
            s.m_log.push_back({reply.m_at, "No longer pending: the reply is in, and the SLA clock runs again."});
        }
    }
}

void Simulation::AdvanceTo(SimTime t) {
    if (t < m_now) return; // the clock never goes back
    m_now = t;
    if (m_nextEvent < 0 || m_nextEvent > m_now) return; // nothing due yet
    Touch();
    ProcessInjects(); // first: an inject due now may bring tickets that arrive now
    for (TicketState& s : m_tickets) {
        if (s.m_status == TicketStatus::NotArrived && s.m_arrives >= 0 && s.m_arrives <= m_now) {
            s.m_status = TicketStatus::New;
            s.m_log.push_back({s.m_arrives, "Ticket arrived by " + s.m_def->m_channel + "."});
        }
        if (s.m_status == TicketStatus::Escalated && s.m_returnsAt >= 0 && s.m_returnsAt <= m_now) {
            s.m_status = TicketStatus::InProgress;
            std::string dest = "?";
            if (!s.m_route.empty()) {
                s.m_route.back().m_returned = true;
                dest = DestinationName(m_scenario->m_model, s.m_route.back().m_destination);
            }
            s.m_log.push_back({s.m_returnsAt, "Returned by " + dest + ": not ours to handle."});
            s.m_returnsAt = -1;
        }
        DeliverReplies(s);
    }
    UpdateNextEvent();
}

//-----------------------------------------------------------------------------
// [SECTION] Injects
//-----------------------------------------------------------------------------

const InjectState* Simulation::FindInject(const std::string& id) const {
    for (const InjectState& in : m_injects)
        if (in.m_def->m_id == id) return &in;
    return nullptr;
}

SimTime Simulation::ReturnDelay(const std::string& destination) const {
    const auto it = m_returnAfter.find(destination);
    return it != m_returnAfter.end() ? it->second : m_scenario->m_misrouteReturn;
}

// The expected action has been done on every listed ticket (a ticket not yet arrived has not).
bool Simulation::ConditionHolds(const InjectCondition& c) const {
    for (const std::string& id : c.m_tickets) {
        const TicketState* t = FindTicket(id);
        if (!t) return false;
        bool done = false;
        switch (c.m_action) {
        case ExpectedAction::Acknowledge: done = t->m_firstResponseAt.has_value(); break;
        case ExpectedAction::Triage: done = t->m_assignedPriority >= 0 || !t->m_category.empty(); break;
        case ExpectedAction::Link: done = !t->m_incidentLabel.empty(); break;
        case ExpectedAction::Escalate:
            for (const RouteHop& hop : t->m_route)
                if (c.m_to.empty() || hop.m_destination == c.m_to) done = true;
            break;
        case ExpectedAction::Resolve: done = t->m_status == TicketStatus::Resolved; break;
        }
        if (!done) return false;
    }
    return true;
}

void Simulation::Fire(InjectState& s, SimTime at, InjectSource by) {
    const Inject& def = *s.m_def;
    s.m_status = InjectStatus::Fired;
    s.m_firedAt = at;
    s.m_firedBy = by;
    s.m_due = -1;
    std::string how = by == InjectSource::Plan ? "as planned" : by == InjectSource::Room ? "by the trainer" : "";
    if (by == InjectSource::Contingency && def.m_unless)
        how = Concat({"because no ", ToString(def.m_unless->m_action), " came in time"});
    m_roomLog.push_back({at, Concat({"Inject: ", def.m_title.empty() ? def.m_id : def.m_title, " (", how, ")."})});
    if (!def.m_message.empty()) m_roomLog.push_back({at, "Broadcast: " + def.m_message});
    if (!def.m_destination.empty() && def.m_returnsAfter >= 0) {
        m_returnAfter[def.m_destination] = def.m_returnsAfter;
        m_roomLog.push_back({at, Concat({"From now on, tickets sent to ", DestinationName(m_scenario->m_model, def.m_destination),
                                         " by mistake come back after ", FormatDuration(def.m_returnsAfter), "."})});
    }
    for (const std::string& id : def.m_tickets)
        if (TicketState* t = MutableTicket(id); t && IsHeldBack(*t)) t->m_arrives = at + t->m_heldOffset;
    for (InjectState& other : m_injects)
        if (other.m_status == InjectStatus::Waiting && other.m_def->m_unless && other.m_def->m_unless->m_after == def.m_id)
            other.m_deadline = at + other.m_def->m_unless->m_by;
    Touch();
}

// Fires what is due by now, earliest first: scheduled injects, and contingencies whose condition
// fails at their deadline. Firing one may arm another's deadline, so it loops until none is due.
void Simulation::ProcessInjects() {
    for (;;) {
        InjectState* next = nullptr;
        SimTime nextAt = -1;
        for (InjectState& in : m_injects) {
            const SimTime at = in.m_status == InjectStatus::Scheduled ? in.m_due
                               : in.m_status == InjectStatus::Waiting ? in.m_deadline
                                                                      : -1;
            if (at >= 0 && at <= m_now && (nextAt < 0 || at < nextAt)) {
                next = &in;
                nextAt = at;
            }
        }
        if (!next) return;
        if (next->m_status == InjectStatus::Scheduled) {
            Fire(*next, nextAt, InjectSource::Plan);
        } else if (ConditionHolds(*next->m_def->m_unless)) {
            next->m_deadline = -1; // the expected action came: it never fires by itself
        } else {
            Fire(*next, nextAt, InjectSource::Contingency);
        }
    }
}

ApplyResult Simulation::ApplyInject(const Action& a) {
    AppendLogged(m_log, m_now, a);
    Touch();
    InjectState* s = nullptr;
    for (InjectState& in : m_injects)
        if (in.m_def->m_id == a.m_target) s = &in;
    const std::string name = s && !s->m_def->m_title.empty() ? s->m_def->m_title : a.m_target;
    if (!s) {
        m_roomLog.push_back({m_now, "The trainer sent inject " + Quoted(a.m_target) + ", which this scenario does not have."});
    } else if (s->m_status == InjectStatus::Fired) {
        m_roomLog.push_back({m_now, Concat({"The trainer's change to ", name, " came after it fired at ", FormatClock(s->m_firedAt), "."})});
    } else if (a.m_arg == "skip") {
        s->m_status = InjectStatus::Skipped;
        s->m_due = -1;
        s->m_deadline = -1;
        m_roomLog.push_back({m_now, Concat({"The trainer skipped ", name, "."})});
    } else if (a.m_arg == "at" && a.m_duration > m_now) {
        s->m_status = InjectStatus::Scheduled;
        s->m_due = a.m_duration;
        m_roomLog.push_back({m_now, Concat({"The trainer moved ", name, " to ", FormatClock(a.m_duration), "."})});
    } else {
        Fire(*s, m_now, InjectSource::Room);
        if (a.m_arg == "at") s->m_late = m_now - a.m_duration;
    }
    UpdateNextEvent();
    AdvanceTo(m_now); // tickets an inject brings with no delay arrive now
    return {};
}

//-----------------------------------------------------------------------------
// [SECTION] Validation
//-----------------------------------------------------------------------------

TicketState* Simulation::MutableTicket(const std::string& id) {
    const auto it = m_ticketIndex.find(id);
    return it == m_ticketIndex.end() ? nullptr : &m_tickets[it->second];
}

QuestionState* Simulation::MutableQuestion(const std::string& id) {
    const auto it = m_questionIndex.find(id);
    return it == m_questionIndex.end() ? nullptr : &m_questions[it->second];
}

const TicketState* Simulation::FindTicket(const std::string& id) const {
    return const_cast<Simulation*>(this)->MutableTicket(id);
}

const QuestionState* Simulation::FindQuestion(const std::string& id) const {
    return const_cast<Simulation*>(this)->MutableQuestion(id);
}

// Everything that makes a ticket action impossible right now; empty when it may go ahead.
std::string Simulation::CheckTicketAction(const TicketState& t, const Action& a) const {
    const Ticket& def = *t.m_def;
    const SupportModel& model = m_scenario->m_model;
    const std::string& id = def.m_id;
    if (t.m_status == TicketStatus::NotArrived)
        return "ticket " + id + " has not arrived yet (arrives at " + FormatClock(t.m_arrives) + ")";
    // Sharing a trend is for the team, not the user: also once the ticket is resolved or handed on.
    if (a.m_type == ActionType::Share) {
        if (a.m_certainty != 0) return "only triage, escalate and resolve carry a certainty";
        if (a.m_note.find_first_not_of(" \t\r\n") == std::string::npos) return "sharing a trend needs what the trend is";
        if (!t.m_sharedTrend.empty()) return "ticket " + id + " has already been shared for the trend meeting";
        return {};
    }
    if (t.m_status == TicketStatus::Resolved) return "ticket " + id + " is already resolved";
    if (t.m_status == TicketStatus::Escalated) {
        const std::string dest = t.m_route.empty() ? std::string("?") : DestinationName(model, t.m_route.back().m_destination);
        return "ticket " + id + " has been escalated to " + dest;
    }
    const bool decision = CarriesCertainty(a.m_type);
    if (decision && m_scenario->m_certaintyMarking && a.m_certainty == 0)
        return "this scenario marks certainty: say how sure you are with certainty=low, medium or high";
    if (a.m_certainty != 0 && (!decision || !m_scenario->m_certaintyMarking))
        return decision ? "this scenario does not mark certainty; leave certainty= out"
                        : "only triage, escalate and resolve carry a certainty";
    switch (a.m_type) {
    case ActionType::Acknowledge:
        if (t.m_status != TicketStatus::New) return "ticket " + id + " has already been acknowledged";
        return {};
    case ActionType::Ask:
    case ActionType::Diagnose: {
        const Fact* f = FindIn(def.m_facts, a.m_arg);
        if (!f) return "ticket " + id + " has no fact " + Quoted(a.m_arg);
        const bool ask = a.m_type == ActionType::Ask;
        if (f->m_source == FactSource::Step)
            return "fact " + Quoted(a.m_arg) + " is revealed by a troubleshooting step, not by " +
                   (ask ? "asking the user" : "a diagnostic");
        if (ask && f->m_source != FactSource::Ask)
            return "fact " + Quoted(a.m_arg) + " comes from a diagnostic: use diagnose, not ask";
        if (!ask && f->m_source != FactSource::Diagnostic)
            return "fact " + Quoted(a.m_arg) + " comes from asking the user: use ask, not diagnose";
        if (Contains(t.m_knownFacts, f->m_id)) return "fact " + Quoted(a.m_arg) + " is already known";
        for (const AwaitedReply& r : t.m_awaiting)
            if (r.m_fact == f->m_id)
                return "fact " + Quoted(a.m_arg) + " has been asked; the reply is due at " + FormatClock(r.m_at);
        const std::string unmet = FirstUnmet(t, f->m_requires);
        if (!unmet.empty()) return "fact " + Quoted(a.m_arg) + " needs " + Quoted(unmet) + " first";
        return {};
    }
    case ActionType::Step: {
        const Step* s = FindIn(def.m_steps, a.m_arg);
        if (!s) return "ticket " + id + " has no step " + Quoted(a.m_arg);
        if (Contains(t.m_stepsDone, s->m_id)) return "step " + Quoted(a.m_arg) + " has already been done";
        if (!t.m_stepPending.empty())
            return "step " + Quoted(t.m_stepPending) + " is still waiting for its result; try again when it arrives";
        const std::string unmet = FirstUnmet(t, s->m_requires);
        if (!unmet.empty()) return "step " + Quoted(a.m_arg) + " needs " + Quoted(unmet) + " first";
        return {};
    }
    case ActionType::Triage:
        if (a.m_category.empty() && a.m_impact.empty() && a.m_urgency.empty())
            return "triage needs category=, impact= or urgency=";
        if (!a.m_category.empty() && !model.FindCategory(a.m_category)) return "unknown category " + Quoted(a.m_category);
        if (!a.m_impact.empty() && model.ImpactIndex(a.m_impact) < 0)
            return "unknown impact level " + Quoted(a.m_impact) + " (one of: " + JoinLevels(model.m_impactLevels) + ")";
        if (!a.m_urgency.empty() && model.UrgencyIndex(a.m_urgency) < 0)
            return "unknown urgency level " + Quoted(a.m_urgency) + " (one of: " + JoinLevels(model.m_urgencyLevels) + ")";
        return {};
    case ActionType::Elevate:
        if (t.m_elevationRequested) return "elevation has already been requested for ticket " + id;
        return {};
    case ActionType::Pend: {
        const bool vendor = a.m_arg == "vendor";
        if (!vendor && a.m_arg != "user") return "a ticket is pending on the user or a vendor, not " + Quoted(a.m_arg);
        if (t.m_status == (vendor ? TicketStatus::PendingVendor : TicketStatus::PendingUser))
            return "ticket " + id + " is already pending on the " + a.m_arg;
        // A pending state stops the SLA clock, so it needs a reason: a reply that party owes.
        if (!AwaitsReplyFrom(t, vendor))
            return "nothing is awaited from the " + a.m_arg + " on ticket " + id +
                   ": a ticket may wait pending only while the " + a.m_arg + " owes a reply";
        return {};
    }
    case ActionType::Link:
        if (a.m_arg.empty()) return "link needs an incident label";
        return {};
    case ActionType::Escalate: {
        const Destination* d = model.FindDestination(a.m_arg);
        if (!d) return "unknown destination " + Quoted(a.m_arg);
        if (a.m_note.find_first_not_of(" \t\r\n") == std::string::npos)
            return "escalating needs a note for the receiving team";
        // A destination with its own severity definitions takes every request with one of them.
        if (d->m_requestSeverities.empty() && !a.m_severity.empty())
            return d->m_name + " takes no request severity; escalate without severity=";
        if (!d->m_requestSeverities.empty() && !d->FindRequestSeverity(a.m_severity)) {
            std::string ids;
            for (const RequestSeverity& s : d->m_requestSeverities) ids += (ids.empty() ? "" : ", ") + s.m_id;
            return (a.m_severity.empty() ? "a request to " + d->m_name + " needs its severity"
                                         : "unknown severity " + Quoted(a.m_severity) + " for " + d->m_name) +
                   ": severity= one of " + ids;
        }
        return {};
    }
    case ActionType::Resolve:
        if (!model.HasResolutionCode(a.m_arg)) return "unknown resolution code " + Quoted(a.m_arg);
        return {};
    case ActionType::Hint:
        if (a.m_index < 0 || static_cast<size_t>(a.m_index) >= def.m_hints.size())
            return "ticket " + id + " has " + std::to_string(def.m_hints.size()) + " hint(s); no hint " +
                   std::to_string(a.m_index);
        if (std::find(t.m_hintsTaken.begin(), t.m_hintsTaken.end(), a.m_index) != t.m_hintsTaken.end())
            return "hint already taken";
        return {};
    default: return "this action does not apply to a ticket";
    }
}

std::string Simulation::CheckAnswer(const Question& q, const std::vector<std::string>& tokens) const {
    auto isOption = [&](const std::string& id) { return FindIn(q.m_options, id) != nullptr; };
    if (tokens.empty()) return "answer needs at least one choice";
    std::vector<std::string> seen;
    switch (q.m_type) {
    case QuestionType::Single:
        if (tokens.size() != 1) return "question " + q.m_id + " takes exactly one choice";
        if (!isOption(tokens[0])) return "question " + q.m_id + " has no option " + Quoted(tokens[0]);
        return {};
    case QuestionType::Multiple:
    case QuestionType::Ordering:
        for (const std::string& tok : tokens) {
            if (!isOption(tok)) return "question " + q.m_id + " has no option " + Quoted(tok);
            if (Contains(seen, tok)) return "option " + Quoted(tok) + " given twice";
            seen.push_back(tok);
        }
        if (q.m_type == QuestionType::Ordering)
            for (const Option& o : q.m_options)
                if (!Contains(seen, o.m_id)) return "ordering needs every item once; missing " + Quoted(o.m_id);
        return {};
    case QuestionType::Matching:
        for (const std::string& tok : tokens) {
            std::string left, right;
            if (!SplitMatchToken(tok, left, right)) return "matching answers are written left=right, got " + Quoted(tok);
            if (!FindIn(q.m_pairs, left)) return "question " + q.m_id + " has no item " + Quoted(left);
            if (!isOption(right)) return "question " + q.m_id + " has no option " + Quoted(right);
            if (Contains(seen, left)) return "item " + Quoted(left) + " matched twice";
            seen.push_back(left);
        }
        return {};
    }
    return "unknown question type";
}

//-----------------------------------------------------------------------------
// [SECTION] Applying actions
//-----------------------------------------------------------------------------

SimTime Simulation::CostOf(const TicketState* t, const Action& a) const {
    const ActionCosts& c = m_scenario->m_costs;
    switch (a.m_type) {
    case ActionType::Wait: return a.m_duration;
    case ActionType::WaitUntil: return std::max<SimTime>(0, a.m_duration - m_now);
    case ActionType::Acknowledge: return c.m_acknowledge;
    case ActionType::Ask:
    case ActionType::Diagnose: {
        const Fact* f = t ? FindIn(t->m_def->m_facts, a.m_arg) : nullptr;
        if (f) return FactCost(*m_scenario, *f);
        return a.m_type == ActionType::Ask ? c.m_ask : c.m_diagnose;
    }
    case ActionType::Step: {
        const Step* s = t ? FindIn(t->m_def->m_steps, a.m_arg) : nullptr;
        return s ? StepCost(*m_scenario, *s) : c.m_step;
    }
    case ActionType::Triage: return c.m_triage;
    case ActionType::Elevate: return c.m_elevate;
    case ActionType::Link: return c.m_link;
    case ActionType::Escalate: return c.m_escalate;
    case ActionType::Resolve: return c.m_resolve;
    case ActionType::Hint: return c.m_hint;
    case ActionType::Answer: return c.m_answer;
    case ActionType::Pend: return c.m_pend;
    case ActionType::Share: return c.m_share;
    case ActionType::RouteOutcome:
    case ActionType::StepOutcome:
    case ActionType::Inject: return 0;
    }
    return 0;
}

ApplyResult Simulation::Apply(const Action& a) {
    ApplyResult r;
    auto fail = [&](std::string message) {
        r.m_ok = false;
        r.m_error = std::move(message);
        r.m_cost = 0;
        return r;
    };

    // Clock-only actions.
    if (a.m_type == ActionType::Wait || a.m_type == ActionType::WaitUntil) {
        if (a.m_duration < 0) return fail("a wait cannot be negative");
        Action until = a;
        if (a.m_type == ActionType::WaitUntil && !a.m_target.empty()) {
            // `at arrival T`: the ticket's arrival under this run's seed (jitter included).
            const TicketState* t = FindTicket(a.m_target);
            if (!t) return fail("unknown ticket " + Quoted(a.m_target));
            if (t->m_arrives < 0)
                return fail("ticket " + Quoted(a.m_target) + " arrives only when inject " + Quoted(t->m_def->m_heldFor) + " fires");
            until.m_duration = t->m_arrives;
        }
        r.m_cost = CostOf(nullptr, until);
        AppendLogged(m_log, m_now, a);
        Touch();
        AdvanceTo(m_now + r.m_cost);
        return r;
    }

    if (a.m_type == ActionType::Inject) return ApplyInject(a);

    // Question actions (hint falls back to a question when no ticket has the id).
    TicketState* ticket = MutableTicket(a.m_target);
    if (a.m_type == ActionType::Answer || (a.m_type == ActionType::Hint && !ticket)) {
        QuestionState* q = MutableQuestion(a.m_target);
        if (!q) return fail(a.m_type == ActionType::Answer ? "unknown question " + Quoted(a.m_target)
                                                           : "unknown ticket or question " + Quoted(a.m_target));
        const Question& def = *q->m_def;
        if (a.m_type == ActionType::Answer) {
            const std::string err = CheckAnswer(def, a.m_tokens);
            if (!err.empty()) return fail(err);
        } else {
            if (a.m_index < 0 || static_cast<size_t>(a.m_index) >= def.m_hints.size())
                return fail("question " + def.m_id + " has " + std::to_string(def.m_hints.size()) +
                            " hint(s); no hint " + std::to_string(a.m_index));
            if (std::find(q->m_hintsTaken.begin(), q->m_hintsTaken.end(), a.m_index) != q->m_hintsTaken.end())
                return fail("hint already taken");
        }
        r.m_cost = CostOf(nullptr, a);
        AppendLogged(m_log, m_now, a);
        Touch();
        if (a.m_type == ActionType::Answer) {
            q->m_answer = a.m_tokens;
            q->m_answered = true;
        } else {
            q->m_hintsTaken.push_back(a.m_index);
        }
        AdvanceTo(m_now + r.m_cost);
        return r;
    }

    if (!ticket) return fail("unknown ticket " + Quoted(a.m_target));
    if (a.m_type == ActionType::RouteOutcome) return ApplyRouteOutcome(*ticket, a);
    if (a.m_type == ActionType::StepOutcome) return ApplyStepOutcome(*ticket, a);
    {
        const std::string err = CheckTicketAction(*ticket, a);
        if (!err.empty()) return fail(err);
    }

    // Valid: record, mutate, then let the clock run for the action's cost.
    r.m_cost = CostOf(ticket, a);
    const SimTime done = m_now + r.m_cost;
    AppendLogged(m_log, m_now, a);
    Touch();
    const Ticket& def = *ticket->m_def;
    const SupportModel& model = m_scenario->m_model;

    auto respond = [&](TicketState& t) {
        if (t.m_status == TicketStatus::New) t.m_status = TicketStatus::InProgress;
        if (!t.m_firstResponseAt) t.m_firstResponseAt = done;
    };
    // Working a pending ticket again ends its wait: the clock runs from this action on.
    auto resume = [&](TicketState& t) {
        if (t.m_status != TicketStatus::PendingUser && t.m_status != TicketStatus::PendingVendor) return;
        t.m_status = TicketStatus::InProgress;
        if (!t.m_pending.empty() && t.m_pending.back().m_to < 0) t.m_pending.back().m_to = std::max(m_now, t.m_pending.back().m_from);
        t.m_log.push_back({m_now, "No longer pending: worked again, and the SLA clock runs again."});
    };
    // Taking a hint is help for the trainee, and sharing a trend is for the team: neither is work
    // on the ticket, nor a first response.
    const bool work = a.m_type != ActionType::Hint && a.m_type != ActionType::Share;
    if (work) respond(*ticket);
    if (work && a.m_type != ActionType::Pend) resume(*ticket);

    switch (a.m_type) {
    case ActionType::Acknowledge: ticket->m_log.push_back({m_now, "Acknowledged the user."}); break;
    case ActionType::Share:
        ticket->m_sharedTrend = a.m_note;
        ticket->m_log.push_back({m_now, "Shared for the trend meeting: " + a.m_note});
        break;
    case ActionType::Ask:
    case ActionType::Diagnose: {
        const Fact& f = *FindIn(def.m_facts, a.m_arg);
        const std::string& prompt = f.m_prompt.empty() ? f.m_id : f.m_prompt;
        const char* verb = a.m_type == ActionType::Ask ? "Asked: " : "Ran: ";
        if (f.m_replyAfter > 0) {
            // The answer takes a while: it arrives as an event (DeliverReplies).
            const SimTime at = m_now + f.m_replyAfter;
            ticket->m_awaiting.push_back({f.m_id, at, f.m_fromVendor});
            if (m_nextEvent < 0 || at < m_nextEvent) m_nextEvent = at;
            ticket->m_log.push_back({m_now, Concat({verb, prompt, " - waiting for the ", f.m_fromVendor ? "vendor" : "user",
                                                    "'s reply (due at ", FormatClock(at), ")."})});
            break;
        }
        Reveal(*ticket, f.m_id);
        ticket->m_log.push_back({m_now, Concat({verb, prompt, " - ", FactText(*ticket, f)})});
        break;
    }
    case ActionType::Step: {
        const Step& s = *FindIn(def.m_steps, a.m_arg);
        if (m_scenario->m_keyWithheld) {
            // The server chooses the outcome from the key (ApplyStepOutcome records it).
            ticket->m_stepsDone.push_back(s.m_id);
            ticket->m_stepPending = s.m_id;
            ticket->m_log.push_back({m_now, Concat({"Step: ", s.m_text, " - waiting for the result."})});
            break;
        }
        const Outcome* outcome = ChooseOutcome(s, *ticket);
        ticket->m_stepsDone.push_back(s.m_id);
        if (s.m_requiresElevation && !ticket->m_elevationRequested) ticket->m_unelevatedSteps.push_back(s.m_id);
        std::string_view result = "No change.";
        if (outcome) {
            for (const std::string& f : outcome->m_reveals) Reveal(*ticket, f);
            if (outcome->m_fixes) ticket->m_fixed = true;
            result = outcome->m_text.empty() ? std::string_view("Done.") : std::string_view(outcome->m_text);
        }
        ticket->m_log.push_back({m_now, Concat({"Step: ", s.m_text, " - ", result})});
        break;
    }
    case ActionType::Triage: {
        if (!a.m_category.empty()) ticket->m_category = a.m_category;
        if (!a.m_impact.empty()) ticket->m_impact = a.m_impact;
        if (!a.m_urgency.empty()) ticket->m_urgency = a.m_urgency;
        if (!ticket->m_impact.empty() && !ticket->m_urgency.empty())
            ticket->m_assignedPriority = model.PriorityFor(ticket->m_impact, ticket->m_urgency);
        ticket->m_triageCertainty = a.m_certainty;
        const bool category = !ticket->m_category.empty(), impact = !ticket->m_impact.empty(),
                   urgency = !ticket->m_urgency.empty();
        const bool priority = ticket->m_assignedPriority >= 0 &&
                              static_cast<size_t>(ticket->m_assignedPriority) < model.m_severities.size();
        ticket->m_log.push_back(
            {m_now, Concat({"Triaged:", category ? " category " : "", ticket->m_category, impact ? ", impact " : "",
                            ticket->m_impact, urgency ? ", urgency " : "", ticket->m_urgency,
                            priority ? " (priority " : "",
                            priority ? model.m_severities[static_cast<size_t>(ticket->m_assignedPriority)].m_name : "",
                            priority ? ")" : "", "."})});
        break;
    }
    case ActionType::Elevate:
        ticket->m_elevationRequested = true;
        ticket->m_log.push_back({m_now, "Requested elevated device privileges."});
        break;
    case ActionType::Link:
        ticket->m_incidentLabel = a.m_arg;
        ticket->m_log.push_back({m_now, "Linked to incident " + a.m_arg + "."});
        break;
    case ActionType::Escalate: {
        // A linked ticket takes every open ticket under the same label with it.
        std::vector<TicketState*> group{ticket};
        if (!ticket->m_incidentLabel.empty())
            for (TicketState& other : m_tickets)
                if (&other != ticket && other.m_incidentLabel == ticket->m_incidentLabel && IsWorkable(other))
                    group.push_back(&other);
        for (TicketState* t : group) {
            if (t != ticket) {
                respond(*t);
                resume(*t);
            }
            RouteHop hop{a.m_arg, m_now, a.m_note, a.m_severity, false, t->m_incidentLabel, {}, ReturnDelay(a.m_arg)};
            if (!t->m_incidentLabel.empty())
                for (const TicketState& other : m_tickets)
                    if (&other != t && other.m_incidentLabel == t->m_incidentLabel) hop.m_linkedWith.push_back(other.m_def->m_id);
            t->m_route.push_back(std::move(hop));
            t->m_status = TicketStatus::Escalated;
            t->m_routeCertainty = a.m_certainty;
            const std::string best = ExpectedRoute(*m_scenario, *t->m_def);
            if (m_scenario->m_keyWithheld)
                t->m_routePending = true; // the server answers (ApplyRouteOutcome)
            else if (a.m_arg == best || Contains(t->m_def->m_answer.m_acceptableRoutes, a.m_arg))
                t->m_doneAt = done;
            else
                t->m_returnsAt = done + t->m_route.back().m_returnDelay;
            if (t->m_returnsAt >= 0 && (m_nextEvent < 0 || t->m_returnsAt < m_nextEvent)) m_nextEvent = t->m_returnsAt;
            std::string text = "Escalated to " + DestinationName(model, a.m_arg);
            if (const Destination* d = model.FindDestination(a.m_arg))
                if (const RequestSeverity* sev = d->FindRequestSeverity(a.m_severity)) text += " (filed as " + sev->m_name + ")";
            if (t != ticket) text += " with incident " + ticket->m_incidentLabel + " (via " + def.m_id + ")";
            t->m_log.push_back({m_now, text + ": " + a.m_note});
        }
        break;
    }
    case ActionType::Resolve:
        ticket->m_status = TicketStatus::Resolved;
        ticket->m_resolutionCode = a.m_arg;
        ticket->m_routeCertainty = a.m_certainty;
        ticket->m_doneAt = done;
        ticket->m_log.push_back({m_now, Concat({"Resolved: ", a.m_arg, "."})});
        break;
    case ActionType::Pend: {
        const bool vendor = a.m_arg == "vendor";
        if (!ticket->m_pending.empty() && ticket->m_pending.back().m_to < 0) ticket->m_pending.back().m_to = done;
        ticket->m_status = vendor ? TicketStatus::PendingVendor : TicketStatus::PendingUser;
        ticket->m_pending.push_back({done, -1, vendor});
        ticket->m_log.push_back({m_now, vendor ? "Pending vendor: waiting for the vendor's reply; the SLA clock stops."
                                               : "Pending user: waiting for the user's reply; the SLA clock stops."});
        break;
    }
    case ActionType::Hint: {
        ticket->m_hintsTaken.push_back(a.m_index);
        ticket->m_log.push_back({m_now, Concat({"Hint: ", def.m_hints[static_cast<size_t>(a.m_index)].m_text})});
        break;
    }
    default: break;
    }
    AdvanceTo(done);
    return r;
}

ApplyResult Simulation::ApplyRouteOutcome(TicketState& t, const Action& a) {
    ApplyResult r;
    const bool accepted = a.m_arg == "accepted";
    if (!accepted && a.m_arg != "returned") {
        r.m_ok = false;
        r.m_error = "a route outcome is accepted or returned, not " + Quoted(a.m_arg);
        return r;
    }
    // With the key here the key decides; the server's answer (recorded by the trainee's machine)
    // is kept in the log and changes nothing.
    if (!m_scenario->m_keyWithheld) {
        AppendLogged(m_log, m_now, a);
        return r;
    }
    if (t.m_status != TicketStatus::Escalated || !t.m_routePending || t.m_route.empty()) {
        r.m_ok = false;
        r.m_error = "ticket " + t.m_def->m_id + " is not waiting for a destination's answer";
        return r;
    }
    AppendLogged(m_log, m_now, a);
    Touch();
    t.m_routePending = false;
    const RouteHop& hop = t.m_route.back();
    const SimTime handedOver = hop.m_at + m_scenario->m_costs.m_escalate;
    const std::string dest = DestinationName(m_scenario->m_model, hop.m_destination);
    if (accepted) {
        t.m_doneAt = handedOver;
        t.m_log.push_back({m_now, "Accepted by " + dest + "."});
    } else {
        // Back when a misroute comes back, or now if the answer arrived later than that.
        t.m_returnsAt = std::max(m_now, handedOver + hop.m_returnDelay); // the delay it was sent under, as with the key
        if (m_nextEvent < 0 || t.m_returnsAt < m_nextEvent) m_nextEvent = t.m_returnsAt;
    }
    AdvanceTo(m_now);
    return r;
}

ApplyResult Simulation::ApplyStepOutcome(TicketState& t, const Action& a) {
    ApplyResult r;
    auto fail = [&](std::string message) {
        r.m_ok = false;
        r.m_error = std::move(message);
        return r;
    };
    if (a.m_tokens.size() % 2 != 0) return fail("a step result lists each revealed fact with its text");
    const Ticket& def = *t.m_def;
    // With the key here the key decided when the step was done; the server's answer is kept.
    if (!m_scenario->m_keyWithheld) {
        AppendLogged(m_log, m_now, a);
        return r;
    }
    if (t.m_stepPending.empty() || t.m_stepPending != a.m_arg)
        return fail("ticket " + def.m_id + " is not waiting for the result of step " + Quoted(a.m_arg));
    for (size_t i = 0; i < a.m_tokens.size(); i += 2)
        if (!FindIn(def.m_facts, a.m_tokens[i])) return fail("ticket " + def.m_id + " has no fact " + Quoted(a.m_tokens[i]));
    AppendLogged(m_log, m_now, a);
    Touch();
    t.m_stepPending.clear();
    for (size_t i = 0; i < a.m_tokens.size(); i += 2) {
        Reveal(t, a.m_tokens[i]);
        if (!a.m_tokens[i + 1].empty()) t.m_factTexts[a.m_tokens[i]] = a.m_tokens[i + 1];
    }
    if (a.m_index) t.m_fixed = true;
    const Step* s = FindIn(def.m_steps, a.m_arg);
    const std::string result = a.m_note.empty() ? std::string(a.m_index ? "Done." : "No change.") : a.m_note;
    t.m_log.push_back({m_now, Concat({"Result: ", s ? s->m_text : a.m_arg, " - ", result})});
    AdvanceTo(m_now);
    return r;
}

const Outcome* ChooseOutcome(const Step& step, const TicketState& t) {
    for (const Outcome& o : step.m_outcomes)
        if (AllHold(t, o.m_when)) return &o;
    return nullptr;
}

const std::string& FactText(const TicketState& t, const Fact& f) {
    const auto it = t.m_factTexts.find(f.m_id);
    return it == t.m_factTexts.end() ? f.m_text : it->second;
}

//-----------------------------------------------------------------------------
// [SECTION] SLA clocks and queries
//-----------------------------------------------------------------------------

SlaState ClassifySla(SimTime elapsed, SimTime target, bool done) {
    if (target <= 0) return done ? SlaState::Met : SlaState::Running;
    if (elapsed > target) return SlaState::Breached;
    // Integer form of elapsed >= 0.75 * target, exact for any whole-second values.
    if (elapsed * 4 >= target * 3) return SlaState::Warned;
    return done ? SlaState::Met : SlaState::Running;
}

const Severity* Simulation::SlaSeverity(const TicketState& t) const {
    const int index = ShownPriority(t);
    const auto& sev = m_scenario->m_model.m_severities;
    if (index < 0 || static_cast<size_t>(index) >= sev.size()) return nullptr;
    return &sev[static_cast<size_t>(index)];
}

namespace {

// Seconds between from and to that count against the severity's targets.
SimTime CountedSpan(const Scenario& scn, const Severity& sev, SimTime from, SimTime to) {
    if (to <= from) return 0;
    if (sev.m_businessHours && scn.m_model.m_businessHours)
        return WorkingSeconds(*scn.m_model.m_businessHours, scn.m_startsAt, from, to);
    return to - from;
}

} // namespace

SimTime PendingTime(const Scenario& scenario, const Severity& severity, const TicketState& t, SimTime end) {
    SimTime paused = 0;
    for (const PendingSpan& p : t.m_pending) {
        const SimTime from = std::max(p.m_from, t.m_arrives);
        const SimTime to = std::min(p.m_to < 0 ? end : p.m_to, end);
        paused += CountedSpan(scenario, severity, from, to);
    }
    return paused;
}

SimTime SlaElapsed(const Scenario& scenario, const Severity& severity, const TicketState& t, SimTime end, bool resolution) {
    const SimTime span = CountedSpan(scenario, severity, t.m_arrives, end);
    return resolution ? span - PendingTime(scenario, severity, t, end) : span;
}

SimTime Simulation::FirstResponseElapsed(const TicketState& t) const {
    const Severity* s = SlaSeverity(t);
    const SimTime end = t.m_firstResponseAt ? *t.m_firstResponseAt : m_now;
    return s ? SlaElapsed(*m_scenario, *s, t, end, false) : end - t.m_arrives;
}

SimTime Simulation::ResolutionElapsed(const TicketState& t) const {
    const Severity* s = SlaSeverity(t);
    const SimTime end = t.m_doneAt ? *t.m_doneAt : m_now;
    return s ? SlaElapsed(*m_scenario, *s, t, end, true) : end - t.m_arrives;
}

SlaState Simulation::FirstResponseSla(const TicketState& t) const {
    const Severity* s = SlaSeverity(t);
    return ClassifySla(FirstResponseElapsed(t), s ? s->m_firstResponse : 0, t.m_firstResponseAt.has_value());
}

SlaState Simulation::ResolutionSla(const TicketState& t) const {
    const Severity* s = SlaSeverity(t);
    return ClassifySla(ResolutionElapsed(t), s ? s->m_resolution : 0, t.m_doneAt.has_value());
}

SimTime Simulation::ResolutionRemaining(const TicketState& t) const {
    const Severity* s = SlaSeverity(t);
    if (!s || s->m_resolution <= 0) return 0;
    return s->m_resolution - ResolutionElapsed(t);
}

bool Simulation::StepAvailable(const TicketState& t, const Step& s) const {
    return IsWorkable(t) && !Contains(t.m_stepsDone, s.m_id) && AllHold(t, s.m_requires);
}

bool Simulation::FactAvailable(const TicketState& t, const Fact& f) const {
    return IsWorkable(t) && f.m_source != FactSource::Step && !Contains(t.m_knownFacts, f.m_id) &&
           std::none_of(t.m_awaiting.begin(), t.m_awaiting.end(), [&](const AwaitedReply& r) { return r.m_fact == f.m_id; }) &&
           AllHold(t, f.m_requires);
}

bool Simulation::Finished() const { return OpenWork(*this) == 0; }

//-----------------------------------------------------------------------------
// [SECTION] Names
//-----------------------------------------------------------------------------

const char* ToString(TicketStatus s) {
    switch (s) {
    case TicketStatus::NotArrived: return "not_arrived";
    case TicketStatus::New: return "new";
    case TicketStatus::InProgress: return "in_progress";
    case TicketStatus::PendingUser: return "pending_user";
    case TicketStatus::PendingVendor: return "pending_vendor";
    case TicketStatus::Escalated: return "escalated";
    case TicketStatus::Resolved: return "resolved";
    }
    return "?";
}

Action InjectAction(const RoomInstruction& instruction) {
    Action a;
    a.m_type = ActionType::Inject;
    a.m_target = instruction.m_injectId;
    a.m_arg = instruction.m_op == "at" || instruction.m_op == "skip" ? instruction.m_op : "now";
    if (a.m_arg == "at") a.m_duration = instruction.m_due;
    return a;
}

std::vector<Action> InstructionsToApply(const std::vector<RoomInstruction>& sent, const Simulation& sim) {
    size_t held = 0;
    for (const LoggedAction& la : sim.Log())
        if (la.m_action.m_type == ActionType::Inject) ++held;
    std::vector<Action> out;
    size_t k = 0;
    for (const RoomInstruction& in : sent) {
        if (in.m_scenarioId != sim.GetScenario().m_id) continue;
        if (k++ >= held) out.push_back(InjectAction(in));
    }
    return out;
}

const char* ToString(InjectStatus s) {
    switch (s) {
    case InjectStatus::Waiting: return "waiting";
    case InjectStatus::Scheduled: return "scheduled";
    case InjectStatus::Fired: return "fired";
    case InjectStatus::Skipped: return "skipped";
    }
    return "?";
}

const char* ToString(SlaState s) {
    switch (s) {
    case SlaState::Running: return "running";
    case SlaState::Met: return "met";
    case SlaState::Warned: return "warned";
    case SlaState::Breached: return "breached";
    }
    return "?";
}

} // namespace sl
