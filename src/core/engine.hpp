// SupportLab core: the deterministic simulation of one attempt at a scenario.
#pragma once

// [SECTION] Ticket state
// [SECTION] Question state
// [SECTION] Inject state
// [SECTION] Simulation

#include "core/action.hpp"
#include "core/model.hpp"
#include "core/rng.hpp"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sl {

//-----------------------------------------------------------------------------
// [SECTION] Ticket state
//-----------------------------------------------------------------------------

enum class TicketStatus { NotArrived, New, InProgress, PendingUser, PendingVendor, Escalated, Resolved };

enum class SlaState { Running, Met, Warned, Breached };

// One hop of a ticket's route: where it was sent and when.
struct RouteHop {
    std::string m_destination;
    SimTime m_at = 0;
    std::string m_note;
    std::string m_severity; // the request severity it was filed with ("" where the destination takes none)
    bool m_returned = false; // a misroute that came back
    // How the ticket was linked when it was handed off: its incident label, and the other tickets
    // carrying that label then (scoring judges the link at each hand-off, not only at the end).
    std::string m_label;
    std::vector<std::string> m_linkedWith;
    // How long a misroute to this destination took to come back when it was sent (an inject may
    // change it later; the hop keeps the delay it was sent under).
    SimTime m_returnDelay = 0;
};

// A reply the ticket is waiting for: a fact asked of the user or a vendor that takes time to answer.
struct AwaitedReply {
    std::string m_fact;
    SimTime m_at = 0; // when it arrives
    bool m_fromVendor = false;
};

// A time the ticket spent pending (waiting on the user or a vendor): its resolution clock stops.
struct PendingSpan {
    SimTime m_from = 0;
    SimTime m_to = -1; // -1 while it lasts
    bool m_vendor = false;
};

// What the trainee has seen happen on a ticket, in order, for the detail view and the debrief.
struct TicketLogEntry {
    SimTime m_at = 0;
    std::string m_text;
};

// A ticket as this attempt has drawn it (variation applied) and as the trainee has worked it.
struct TicketState {
    const Ticket* m_def = nullptr;
    SimTime m_arrives = 0;      // after jitter
    Person m_user;              // after variation
    Device m_device;            // after variation
    std::string m_report;       // after variation
    TicketStatus m_status = TicketStatus::NotArrived;

    std::vector<std::string> m_knownFacts;    // fact ids, in the order revealed
    std::vector<std::string> m_stepsDone;     // step ids, in order (a step may be done once)
    bool m_fixed = false;                     // a step outcome fixed the problem

    std::string m_category; // trainee's triage, empty until set
    std::string m_impact;
    std::string m_urgency;
    int m_assignedPriority = -1; // severity index from the trainee's impact/urgency; -1 until triaged
    int m_reportedPriority = -1; // severity index from the intake form
    int m_triageCertainty = 0;   // of the latest triage, where the scenario marks certainty
    int m_routeCertainty = 0;    // of the latest escalation or resolution

    bool m_elevationRequested = false;
    std::string m_sharedTrend; // what the trainee shared for the trend meeting ("" not shared)
    std::vector<std::string> m_unelevatedSteps; // steps needing elevation done before it was requested
    std::string m_incidentLabel; // trainee's incident label, empty if not linked
    std::vector<RouteHop> m_route;
    SimTime m_returnsAt = -1;    // when a misrouted ticket comes back; -1 if none pending
    // Escalated where the answer key is withheld: the destination's answer (a RouteOutcome action)
    // has not arrived yet, so the ticket is neither done nor coming back.
    bool m_routePending = false;
    // A step done where the answer key is withheld: its outcome (a StepOutcome action from the
    // server) has not arrived yet, so no other step on the ticket may start. Empty: none waits.
    std::string m_stepPending;
    // Fact texts the server sent with a step's outcome, for facts the trainee's part holds
    // without their text (FactText reads them).
    std::map<std::string, std::string> m_factTexts;
    std::string m_resolutionCode;
    std::vector<int> m_hintsTaken; // hint indices, in order
    std::vector<AwaitedReply> m_awaiting; // replies not yet arrived, in the order asked
    std::vector<PendingSpan> m_pending;   // every pending span, in order

    std::optional<SimTime> m_firstResponseAt;
    std::optional<SimTime> m_doneAt; // resolved, or handed to its final destination
    std::vector<TicketLogEntry> m_log;
    // A ticket held for an inject arrives this long after the inject fires (its `arrives` plus the
    // drawn jitter); m_arrives stays -1 until then.
    SimTime m_heldOffset = 0;
};

//-----------------------------------------------------------------------------
// [SECTION] Question state
//-----------------------------------------------------------------------------

struct QuestionState {
    const Question* m_def = nullptr;
    std::vector<std::string> m_answer; // as given, latest answer replaces earlier ones
    bool m_answered = false;
    std::vector<int> m_hintsTaken;
    std::vector<std::string> m_optionOrder; // presentation order drawn from the seed
};

//-----------------------------------------------------------------------------
// [SECTION] Inject state
//-----------------------------------------------------------------------------

enum class InjectStatus {
    Waiting,   // from the library, or a contingency: fires only when fired or its condition fails
    Scheduled, // fires at m_due
    Fired,
    Skipped,
};
enum class InjectSource { Plan, Room, Contingency };

struct InjectState {
    const Inject* m_def = nullptr;
    InjectStatus m_status = InjectStatus::Waiting;
    SimTime m_due = -1;      // Scheduled: when it fires
    SimTime m_deadline = -1; // a contingency's armed deadline; -1 until its clock starts
    SimTime m_firedAt = -1;
    InjectSource m_firedBy = InjectSource::Plan;
    // Fired this long after the time the room set for it, because the instruction arrived after
    // that time had passed in this run (an offline trainee's clock ran on).
    SimTime m_late = 0;
};


struct ActionError {
    std::string m_message;
};

// The result of applying one action: an error leaves the state unchanged.
struct ApplyResult {
    bool m_ok = true;
    std::string m_error;
    SimTime m_cost = 0;
};

struct LoggedAction {
    SimTime m_at = 0; // simulated time the action was applied
    Action m_action;
};

// One attempt. Deterministic: the same scenario, seed and actions always give the same state.
// The caller drives the clock with AdvanceTo/AdvanceBy; actions cost simulated time on top.
// The Scenario must outlive the Simulation (states point into it); copies share the scenario.
class Simulation {
public:
    Simulation(const Scenario& scenario, std::uint64_t seed);
    // The scenario must outlive the simulation (it keeps a pointer): a temporary would dangle.
    Simulation(Scenario&&, std::uint64_t) = delete;

    const Scenario& GetScenario() const { return *m_scenario; }
    std::uint64_t Seed() const { return m_seed; }
    SimTime Now() const { return m_now; }

    // Moves the clock forward (never back): tickets arrive, misroutes return, SLA states update.
    void AdvanceTo(SimTime t);
    void AdvanceBy(SimTime dt) { AdvanceTo(m_now + dt); }

    // Validates and applies an action at the current time, then advances the clock by its cost.
    ApplyResult Apply(const Action& action);

    const std::vector<TicketState>& Tickets() const { return m_tickets; }
    const std::vector<QuestionState>& Questions() const { return m_questions; }
    const TicketState* FindTicket(const std::string& id) const;
    const QuestionState* FindQuestion(const std::string& id) const;
    const std::vector<LoggedAction>& Log() const { return m_log; }
    // The scenario's injects as this run has them, in the scenario's order.
    const std::vector<InjectState>& Injects() const { return m_injects; }
    const InjectState* FindInject(const std::string& id) const;
    // What happened to the whole room rather than to one ticket: injects fired, rescheduled or
    // skipped, broadcast messages and destination changes, in order.
    const std::vector<TicketLogEntry>& RoomLog() const { return m_roomLog; }
    // How long a ticket misrouted to `destination` now takes to come back.
    SimTime ReturnDelay(const std::string& destination) const;
    // Changes whenever a ticket or question changes (an action, an arrival, a return) and never
    // otherwise, not even when the clock moves; unique in the process, so callers can cache what
    // they derive from the state (the UI's queue) and key the cache on it alone.
    std::uint64_t StateStamp() const { return m_stamp; }
    // When the next ticket arrives or a misroute comes back; -1 when nothing is pending.
    SimTime NextEvent() const { return m_nextEvent; }

    // The SLA state of a ticket's first response and resolution at the current time, against
    // the targets of the priority the trainee sees (assigned, else reported).
    SlaState FirstResponseSla(const TicketState& t) const;
    SlaState ResolutionSla(const TicketState& t) const;
    // Seconds left on a ticket's resolution target (negative once breached; 0 without a target).
    SimTime ResolutionRemaining(const TicketState& t) const;
    // The severity whose targets the SLA clocks above use, or null when the model has none.
    const Severity* SlaSeverity(const TicketState& t) const;
    // Time counted so far against those targets (SlaElapsed, up to now or the ticket's end).
    SimTime FirstResponseElapsed(const TicketState& t) const;
    SimTime ResolutionElapsed(const TicketState& t) const;

    // The trainee may act on this step/fact now (its prerequisites are met, not yet done).
    bool StepAvailable(const TicketState& t, const Step& s) const;
    bool FactAvailable(const TicketState& t, const Fact& f) const;

    // True when every ticket is done and every question answered.
    bool Finished() const;

private:
    TicketState* MutableTicket(const std::string& id);
    QuestionState* MutableQuestion(const std::string& id);
    std::string CheckTicketAction(const TicketState& t, const Action& a) const; // empty: allowed
    std::string CheckAnswer(const Question& q, const std::vector<std::string>& tokens) const;
    SimTime CostOf(const TicketState* t, const Action& a) const;
    ApplyResult ApplyRouteOutcome(TicketState& t, const Action& a);
    ApplyResult ApplyStepOutcome(TicketState& t, const Action& a);
    void DeliverReplies(TicketState& t);
    ApplyResult ApplyInject(const Action& a);
    void ProcessInjects();
    void Fire(InjectState& s, SimTime at, InjectSource by);
    bool ConditionHolds(const InjectCondition& c) const;
    void UpdateNextEvent();
    void Touch();

    const Scenario* m_scenario;
    std::uint64_t m_seed;
    SimTime m_now = 0;
    SimTime m_nextEvent = 0; // earliest pending arrival or return; AdvanceTo skips the scan before it
    std::vector<TicketState> m_tickets;
    std::vector<QuestionState> m_questions;
    std::unordered_map<std::string, size_t> m_ticketIndex; // id -> index, so long drills stay linear
    std::unordered_map<std::string, size_t> m_questionIndex;
    std::vector<LoggedAction> m_log;
    std::vector<InjectState> m_injects;
    std::vector<TicketLogEntry> m_roomLog;
    std::map<std::string, SimTime> m_returnAfter; // destination -> misroute return, set by injects
    std::uint64_t m_stamp = 0;
};

const char* ToString(TicketStatus s);
const char* ToString(SlaState s);

// SLA rule shared by the clocks and scoring: Breached past the target; Warned from 75% of it;
// otherwise Met when done, Running when not. A target <= 0 means none: Met when done, else Running.
SlaState ClassifySla(SimTime elapsed, SimTime target, bool done);

// Time that counts against a severity's target from the ticket's arrival to `end`: only the
// model's working hours when the severity keeps business hours, and, for the resolution target,
// without the time the ticket spent pending (docs/scoring.md, "SLA clocks").
SimTime SlaElapsed(const Scenario& scenario, const Severity& severity, const TicketState& t, SimTime end, bool resolution);
// The part of SlaElapsed's span the resolution clock did not count because the ticket was pending.
SimTime PendingTime(const Scenario& scenario, const Severity& severity, const TicketState& t, SimTime end);

// The route the answer key expects: answer.route, or the incident's route when the ticket belongs
// to an incident and names no route. "resolve" means a help-desk fix.
std::string ExpectedRoute(const Scenario& scenario, const Ticket& ticket);

// The outcome a step has on a ticket in this state (before the step is done): the first whose
// `when` facts are known and steps done; nullptr for "no change". Where the key is withheld the
// organisation server makes this choice (migration 11's step_answer, held to this by a test).
const Outcome* ChooseOutcome(const Step& step, const TicketState& t);

// A known fact's text: the one the server sent with a step's result where the trainee's part
// withholds it, else the scenario's.
const std::string& FactText(const TicketState& t, const Fact& f);

// Open: arrived and not yet resolved or handed off (a misroute that is away is not open).
bool IsWorkable(const TicketState& t);
// Handed to its final destination: escalated, not coming back, and not waiting for the server's
// answer (an assessment's trainee part). Done: resolved or handed off.
bool IsHandedOff(const TicketState& t);
bool IsDone(const TicketState& t);
// The severity a ticket runs under: the trainee's triage, else the intake form's (-1: neither).
// Its SLA targets and the queue's priority column both follow it.
int ShownPriority(const TicketState& t);
// Work left in the attempt: tickets not done (not those an unfired inject holds back) and
// questions not answered. Finished() is this being 0; the screens show it as "N open".
int OpenWork(const Simulation& sim);
// The simulated time asking for or looking up a fact, or doing a step, costs: its own `cost`, else
// the scenario's default for its kind. Simulation::Apply charges this; the screens show it.
SimTime FactCost(const Scenario& scenario, const Fact& fact);
SimTime StepCost(const Scenario& scenario, const Step& step);
// The run so far as a replayable action script: "seed N", then "at T" and the action for each
// logged action (docs/action-script.md). `supportlab-cli play --actions` reads it back.
std::string FormatRunScript(const Simulation& sim);
// Held for an inject that has not fired: not part of this run (yet), so not waited for, not
// counted as to come, and not scored.
bool IsHeldBack(const TicketState& t);
const char* ToString(InjectStatus s);

// One instruction a trainer's room sent (the organisation server numbers them per session): fire
// an inject of a scenario now ("now"), at a simulated time ("at", m_due), or skip it ("skip").
struct RoomInstruction {
    std::string m_scenarioId;
    std::string m_injectId;
    std::string m_op = "now";
    SimTime m_due = 0;
};
// The action that records an instruction in a run's log.
Action InjectAction(const RoomInstruction& instruction);
// The instructions for this run's scenario that its log does not hold yet, as actions, in the
// order sent: a run's log holds the room's instructions for its scenario as a prefix of the list,
// so the first k inject actions are the first k instructions. Every machine appends them in that
// order, so replay gives every trainee the same room.
std::vector<Action> InstructionsToApply(const std::vector<RoomInstruction>& sent, const Simulation& sim);

// The user (or, with vendor, a vendor) owes a reply on the ticket: what a pending state needs.
bool AwaitsReplyFrom(const TicketState& t, bool vendor);

} // namespace sl
