// SupportLab core: the in-memory model of support models, scenarios and labs (standard library only).
#pragma once

// [SECTION] Time
// [SECTION] Support model
// [SECTION] Scoring settings
// [SECTION] Questions (plan review)
// [SECTION] Tickets (common issues, escalation drills)
// [SECTION] Injects (the trainer's timeline)
// [SECTION] Scenario
// [SECTION] Lab

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sl {

//-----------------------------------------------------------------------------
// [SECTION] Time
//-----------------------------------------------------------------------------

// Simulated time in whole seconds since the scenario started. The core never reads the wall clock.
using SimTime = std::int64_t;

// Where a value came from in its source file (1-based; 0 when unknown), so later checks can point at it.
struct SourcePos {
    int m_line = 0;
    int m_col = 0;
};

//-----------------------------------------------------------------------------
// [SECTION] Support model
//-----------------------------------------------------------------------------

enum class DeliveryMode { Internal, CustomerLed, PartnerLed };

// What a routing destination is. Tiered teams carry a tier number; the others are the seeds'
// "other escalation destinations".
enum class DestinationKind {
    TierTeam,          // tier 1 help desk, tier 2 support team, tier 3 MDM team, tier 4 vendor support
    ServiceOperations, // the managed service's operations team (service-specific problems)
    HardwareVendor,    // hardware vendor or supplier
    ExistingChannel,   // existing support channels, e.g. a premier or unified support subscription
    ItAdmin,           // the organisation's IT admin (multi-user incidents, elevation management)
};

// A severity a request to a destination is filed with, by that destination's own definitions (a
// managed-desktop service answers admin support requests by its severity definitions).
struct RequestSeverity {
    std::string m_id;
    std::string m_name;
    std::string m_definition;
};

struct Destination {
    std::string m_id;
    std::string m_name;
    DestinationKind m_kind = DestinationKind::TierTeam;
    int m_tier = 0; // 1..4 for TierTeam, 0 otherwise
    std::vector<std::string> m_responsibilities;
    SourcePos m_pos;
    // Non-empty: every escalation to it is filed with one of these (the escalate action's severity).
    std::vector<RequestSeverity> m_requestSeverities = {};

    const RequestSeverity* FindRequestSeverity(const std::string& id) const {
        for (const RequestSeverity& s : m_requestSeverities)
            if (s.m_id == id) return &s;
        return nullptr;
    }
};

// A person's role in the support organisation (support provider, IT admin, ...).
struct Role {
    std::string m_id;
    std::string m_name;
    bool m_mayRequestElevation = false;
    std::vector<std::string> m_responsibilities;
    SourcePos m_pos;
};

// The six problem areas of the managed-desktop seed.
enum class ProblemArea { OperatingSystem, Productivity, Browser, Device, Infrastructure, LineOfBusiness };

struct Category {
    std::string m_id;
    std::string m_name;
    ProblemArea m_area = ProblemArea::OperatingSystem;
    SourcePos m_pos;
};

// Severity levels double as priorities; m_severities is ordered from most to least severe.
struct Severity {
    std::string m_id;
    std::string m_name;
    SimTime m_firstResponse = 0; // target, seconds
    SimTime m_resolution = 0;    // target, seconds
    bool m_businessHours = false; // targets count only the model's working hours (else around the clock)
    SourcePos m_pos;
};

// The working week that business-hours SLA targets count: the same opening hours on each working
// day. Time outside it (nights, weekends) does not count against those targets.
struct BusinessHours {
    bool m_days[7] = {true, true, true, true, true, false, false}; // Monday first
    SimTime m_open = 9 * 3600;   // seconds after midnight
    SimTime m_close = 17 * 3600; // seconds after midnight, after m_open
};

inline constexpr SimTime kWeek = 7 * 24 * 3600;

struct ResolutionCode {
    std::string m_id;
    std::string m_name;
};

struct SupportModel {
    std::string m_id;
    std::string m_title;
    std::string m_description;
    DeliveryMode m_delivery = DeliveryMode::Internal;
    std::vector<Destination> m_destinations;
    std::vector<Role> m_roles;
    std::string m_elevationManagedBy; // role id that manages elevated privileges (e.g. it_admin)
    std::vector<Category> m_categories;
    std::vector<Severity> m_severities;
    std::vector<std::string> m_impactLevels;  // most to least, e.g. high, medium, low
    std::vector<std::string> m_urgencyLevels; // most to least
    // What each level means (level id -> text); levels without one have none. Shown when triaging.
    std::map<std::string, std::string> m_impactDefinitions;
    std::map<std::string, std::string> m_urgencyDefinitions;
    // m_priorityMatrix[impact index][urgency index] = index into m_severities.
    std::vector<std::vector<int>> m_priorityMatrix;
    std::vector<ResolutionCode> m_resolutionCodes;
    std::optional<BusinessHours> m_businessHours; // none: every target runs around the clock
    std::string m_sourcePath;

    const Destination* FindDestination(const std::string& id) const;
    const Role* FindRole(const std::string& id) const;
    const Category* FindCategory(const std::string& id) const;
    int SeverityIndex(const std::string& id) const;          // -1 when unknown
    int ImpactIndex(const std::string& level) const;         // -1 when unknown
    int UrgencyIndex(const std::string& level) const;        // -1 when unknown
    // Severity index for an impact and urgency, or -1 when either is unknown.
    int PriorityFor(const std::string& impact, const std::string& urgency) const;
    // The level an intake form states; an empty one stands for the least severe level (the last).
    std::string IntakeImpact(const std::string& stated) const;
    std::string IntakeUrgency(const std::string& stated) const;
    bool HasResolutionCode(const std::string& id) const;
};

//-----------------------------------------------------------------------------
// [SECTION] Scoring settings
//-----------------------------------------------------------------------------

enum class Dimension { Knowledge, Triage, Troubleshooting, Routing, Sla, Policy, Hints };
inline constexpr int kDimensionCount = 7;

// Points per dimension for one ticket, and the rules that turn decisions into points.
// Every field has a documented default; scenarios and tickets may override any of them.
struct ScoringWeights {
    double m_triage = 10.0;          // half for category, half for priority
    double m_troubleshooting = 10.0; // split between required steps done and harmful steps avoided
    double m_routing = 10.0;
    double m_sla = 5.0;
    double m_policy = 5.0;
    double m_acceptableRouteCredit = 0.6; // share of routing points for an acceptable (not best) route
    double m_hopPenalty = 2.0;            // points lost per extra hop
    double m_slaWarnedCredit = 0.5;       // share of SLA points when a target was met after its 75% warning
    double m_priorityStepPenalty = 0.5;   // share of the priority points lost per severity level of distance
};

//-----------------------------------------------------------------------------
// [SECTION] Questions (plan review)
//-----------------------------------------------------------------------------

enum class QuestionType { Single, Multiple, Matching, Ordering };

struct Hint {
    std::string m_text;
    double m_cost = 1.0;
};

struct Option {
    std::string m_id;
    std::string m_text;
};

// A matching pair: the left item and the id of the right item it belongs with.
struct MatchPair {
    std::string m_id; // left item id
    std::string m_left;
    std::string m_right; // right item id (an Option id in m_options)
};

// A matching question's answer token: "pair=option". SplitMatchToken reads one back (false when
// it has no '=').
std::string MatchToken(const std::string& pairId, const std::string& optionId);
bool SplitMatchToken(const std::string& token, std::string& pairId, std::string& optionId);

struct Question {
    std::string m_id;
    QuestionType m_type = QuestionType::Single;
    std::string m_prompt;
    double m_points = 1.0;
    std::vector<Option> m_options;          // single/multiple: choices; matching: right items; ordering: items
    std::vector<std::string> m_answer;      // single: 1 id; multiple: correct ids; ordering: ids in order
    std::vector<MatchPair> m_pairs;         // matching only
    std::string m_explanation;
    std::vector<Hint> m_hints;
    std::string m_topic; // agenda topic or skill label, for reports
    SourcePos m_pos;
};

//-----------------------------------------------------------------------------
// [SECTION] Tickets (common issues, escalation drills)
//-----------------------------------------------------------------------------

enum class FactSource { Ask, Diagnostic, Step };

// Something the trainee can learn about a ticket.
struct Fact {
    std::string m_id;
    FactSource m_source = FactSource::Ask;
    std::string m_prompt; // the question asked, or the diagnostic tool run
    std::string m_text;   // what is revealed
    std::vector<std::string> m_requires; // fact or step ids that must be known/done first
    SimTime m_cost = -1;                 // -1: the scenario's default for its source
    // Answers that take a while (ask and diagnostic facts): the reply arrives this long after the
    // question is put, from the user or a vendor, and the ticket may wait pending meanwhile. 0: at once.
    SimTime m_replyAfter = 0;
    bool m_fromVendor = false; // the reply is awaited from a vendor, not the user
    SourcePos m_pos;
};

// One possible result of a troubleshooting step; the first whose conditions hold applies.
struct Outcome {
    std::vector<std::string> m_when; // fact ids known or step ids done (all must hold); empty = always
    std::string m_text;
    std::vector<std::string> m_reveals; // fact ids revealed
    bool m_fixes = false;               // the problem is fixed by this outcome
    SourcePos m_pos;
};

enum class StepKind { Neutral, Required, Harmful };

struct Step {
    std::string m_id;
    std::string m_text;
    StepKind m_kind = StepKind::Neutral;
    std::string m_harmReason; // for harmful steps: why, shown in the deduction
    bool m_requiresElevation = false; // done without an elevation request, it breaks policy
    std::vector<std::string> m_requires; // fact or step ids needed before the step is offered
    std::vector<Outcome> m_outcomes;     // empty: a single neutral "no change" outcome
    SimTime m_cost = -1;
    SourcePos m_pos;
};

struct Person {
    std::string m_name;
    std::string m_department;
    std::string m_role; // support-model role id for staff requesters; empty for end users
};

struct Device {
    std::string m_model;
    std::string m_os;
    std::string m_serial;
    std::string m_notes;
};

// A choice the ticket draws from the scenario's pools by seed. Variation never changes scoring.
struct Variation {
    std::string m_userPool;   // pool name, empty: the fixed m_user
    std::string m_devicePool; // pool name, empty: the fixed m_device
    std::vector<std::string> m_reports; // equivalent symptom wordings; empty: m_report
    SimTime m_jitter = 0;               // arrival drawn uniformly from [arrives, arrives + jitter]
};

struct TicketAnswer {
    std::string m_category;
    std::string m_impact;
    std::string m_urgency;
    std::string m_route;                       // destination id, or "resolve" for a help-desk fix
    std::vector<std::string> m_acceptableRoutes;
    std::vector<std::string> m_resolutionCodes; // accepted codes when m_route == "resolve"
    bool m_elevationNeeded = false;
    std::string m_incident; // incident id this ticket belongs to, empty if none
    std::string m_explanation;
    // The severity a request to the route's destination is filed with, where it takes one.
    std::string m_requestSeverity;
    // The ticket shows a trend or pattern every tier should hear about at the daily or weekly
    // meeting (seed 000): the trainee is expected to share it.
    bool m_shareTrend = false;
    SourcePos m_pos;
};

struct Ticket {
    std::string m_id;
    std::string m_subject;
    std::string m_channel = "portal"; // phone, email, portal, walk-in, chat
    SimTime m_arrives = 0;
    Person m_user;
    Device m_device;
    std::string m_report;
    std::string m_reportedImpact;  // what the intake form says; empty: lowest level
    std::string m_reportedUrgency; // likewise
    std::string m_elevationRequester; // role id of staff asking for elevation on this ticket; empty: the trainee
    Variation m_variation;
    std::vector<Fact> m_facts;
    std::vector<Step> m_steps;
    TicketAnswer m_answer;
    std::vector<Hint> m_hints;
    std::optional<ScoringWeights> m_weights; // overrides the scenario's weights
    // The inject that brings this ticket (its `tickets` list names it); empty: it arrives by itself.
    // A held ticket arrives `m_arrives` after its inject fires, and never if the inject does not.
    std::string m_heldFor;
    SourcePos m_pos;
};

// A multi-user problem: tickets that belong together, escalated once through the admin process.
struct Incident {
    std::string m_id;
    std::string m_title;
    std::string m_route; // destination id
    std::string m_explanation;
    SourcePos m_pos;
};

//-----------------------------------------------------------------------------
// [SECTION] Injects (the trainer's timeline)
//-----------------------------------------------------------------------------

enum class ExpectedAction { Acknowledge, Triage, Link, Escalate, Resolve };

// What a contingency inject waits for: the action done on every listed ticket by the deadline.
// If any ticket lacks it then, the inject fires by itself.
struct InjectCondition {
    ExpectedAction m_action = ExpectedAction::Link;
    std::string m_to;        // escalate only: to this destination (empty: anywhere)
    std::vector<std::string> m_tickets;
    SimTime m_by = 0;        // the deadline, counted from 0:00 or from m_after's firing
    std::string m_after;     // an inject id; empty: from 0:00
    SourcePos m_pos;
};

// One entry of a scenario's inject list (a Master Scenario Events List): planned (m_at), from the
// trainer's library (no m_at), or a contingency (m_unless). Firing one releases its held tickets,
// broadcasts its message and changes a destination, in any combination.
struct Inject {
    std::string m_id;
    std::string m_title;   // what the trainer's control room shows
    std::optional<SimTime> m_at; // planned time; none: fired only by the trainer or its condition
    std::optional<InjectCondition> m_unless;
    std::vector<std::string> m_tickets; // held tickets it brings
    std::string m_message;              // broadcast to the trainee when it fires
    std::string m_destination;          // a destination change: misroutes to it ...
    SimTime m_returnsAfter = -1;        // ... come back after this long from then on (-1: no change)
    std::string m_notes;                // facilitator notes; trainers only
    SourcePos m_pos;
};

//-----------------------------------------------------------------------------
// [SECTION] Scenario
//-----------------------------------------------------------------------------

enum class ScenarioKind { PlanReview, CommonIssues, EscalationDrill };
enum class ClockMode { Practice, Assessment };

// Simulated time each kind of action costs, in seconds.
struct ActionCosts {
    SimTime m_acknowledge = 60;
    SimTime m_ask = 180;
    SimTime m_diagnose = 300;
    SimTime m_step = 300;
    SimTime m_triage = 60;
    SimTime m_elevate = 300;
    SimTime m_link = 60;
    SimTime m_escalate = 180;
    SimTime m_resolve = 120;
    SimTime m_hint = 0;
    SimTime m_answer = 0;
    SimTime m_pend = 30;
    SimTime m_share = 60; // share a ticket for the trend meeting
};

struct Pools {
    std::map<std::string, std::vector<Person>> m_users;
    std::map<std::string, std::vector<Device>> m_devices;
};

struct Scenario {
    int m_formatVersion = 1;
    std::string m_id;
    std::string m_title;
    ScenarioKind m_kind = ScenarioKind::CommonIssues;
    std::string m_description;   // shown to the trainee
    std::string m_notes;         // facilitator notes; shown to trainers only
    std::string m_supportModelPath; // as written, relative to the scenario file
    SupportModel m_model;           // resolved support model
    std::string m_playerRole;       // role id the trainee plays
    ClockMode m_clock = ClockMode::Practice;
    SimTime m_timeBudget = 0;       // 0: none
    SimTime m_startsAt = 9 * 3600;  // where simulated 0:00 falls in the week: seconds after Monday 00:00
    SimTime m_misrouteReturn = 1800;
    // Certainty-based marking: triage and routing decisions carry the trainee's certainty, and
    // the score report adds a CBM score and calibration beside the usual marks (docs/scoring.md).
    bool m_certaintyMarking = false;
    std::uint64_t m_defaultSeed = 1;
    ActionCosts m_costs;
    ScoringWeights m_weights;
    Pools m_pools;
    std::vector<Question> m_questions;
    std::vector<Ticket> m_tickets;
    std::vector<Incident> m_incidents;
    std::vector<Inject> m_injects;
    std::string m_sourcePath;
    std::string m_contentHash; // hex digest of the scenario and support-model bytes
    // The trainee's part of an assessment (core/assessment.hpp): no answer key, so an escalation
    // waits for the server's RouteOutcome instead of being judged here.
    bool m_keyWithheld = false;

    const Ticket* FindTicket(const std::string& id) const;
    const Question* FindQuestion(const std::string& id) const;
    const Incident* FindIncident(const std::string& id) const;
    const Inject* FindInject(const std::string& id) const;
};

//-----------------------------------------------------------------------------
// [SECTION] Lab
//-----------------------------------------------------------------------------

// The agenda of the seed's training plan.
enum class AgendaStep { PlanReview, Overview, Troubleshooting, ToolsAndResources, QandA, Debrief };

enum class ModuleType { Lecture, Scenario };

struct LabModule {
    std::string m_id;
    std::string m_title;
    AgendaStep m_agenda = AgendaStep::Overview;
    ModuleType m_type = ModuleType::Lecture;
    SimTime m_duration = 0;        // planned time, seconds
    std::string m_text;            // lecture text
    std::string m_presenterNotes;  // trainer only
    std::string m_scenarioPath;    // for scenario modules, relative to the lab file
    // For a lab with tracks: the scenario this module plays on a track, instead of m_scenarioPath
    // (track id -> file relative to the lab file; a track not named plays m_scenarioPath).
    std::map<std::string, std::string> m_trackScenarios;
    SourcePos m_pos;
};

// A version of a lab for one kind of trainee (seed 000: training "at an appropriate level" for each
// tier): the same agenda, with some modules played on the track's own scenario.
struct LabTrack {
    std::string m_id;
    std::string m_title;
    std::string m_description;
};

struct Lab {
    int m_formatVersion = 1;
    std::string m_id;
    std::string m_title;
    std::string m_description;
    SimTime m_timeBudget = 0;
    double m_passThreshold = 70.0; // percent
    std::vector<LabModule> m_modules;
    std::string m_sourcePath;
    std::vector<LabTrack> m_tracks; // none: one lab for everyone
    // Set on a lab made for one track (LabsByTrack): the file's lab id and the track.
    std::string m_fileId;
    std::string m_track;
};

// A lab with tracks is run for one of them: one lab per track, with the id "LAB@TRACK", the title
// "TITLE: TRACK TITLE", and each module playing its track's scenario; a lab without tracks is
// itself. Sessions, runs and reports then name the track's lab by its id.
std::vector<Lab> LabsByTrack(const Lab& lab);

// Names used in files, reports and the UI.
const char* ToString(Dimension d);
const char* ToString(ScenarioKind k);
const char* ToString(DestinationKind k);
const char* ToString(ProblemArea a);
const char* ToString(AgendaStep a);
const char* ToString(QuestionType t);
const char* ToString(DeliveryMode m);
const char* ToString(ExpectedAction a); // "acknowledge", "triage", "link", "escalate", "resolve"
std::optional<ExpectedAction> ExpectedActionFromString(const std::string& s);
std::optional<Dimension> DimensionFromString(const std::string& s);
// The kind a scenario file names ("plan_review", "common_issues", "escalation_drill"); nullopt for
// any other kind (support models, labs, unknown).
std::optional<ScenarioKind> ScenarioKindFromString(const std::string& s);

// Parses "90", "90s", "5m", "1h30m", "2h" into seconds; nullopt when malformed or over a year.
std::optional<SimTime> ParseDuration(const std::string& text);
// Formats seconds as "1h05m", "12m30s", "45s".
std::string FormatDuration(SimTime seconds);
// Formats seconds as a clock "1:05:00" / "12:30".
std::string FormatClock(SimTime seconds);

// Parses a moment of the week, "mon 09:00" (day mon..sun, 24-hour time), into seconds after
// Monday 00:00; and a time of day "08:30" into seconds after midnight. nullopt when malformed.
std::optional<SimTime> ParseWeekMoment(const std::string& text);
std::optional<SimTime> ParseTimeOfDay(const std::string& text);
std::string FormatWeekMoment(SimTime secondsIntoWeek);   // "mon 09:00"
std::string FormatTimeOfDay(SimTime secondsAfterMidnight); // "08:30"
// Day names as files write them, Monday first.
inline constexpr const char* kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Working seconds of `hours` between simulated times from and to (to >= from), where simulated 0
// falls `startsAt` seconds into the week. Constant work however long the span.
SimTime WorkingSeconds(const BusinessHours& hours, SimTime startsAt, SimTime from, SimTime to);

} // namespace sl
