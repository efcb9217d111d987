// SupportLab reports: lead's report tables computed from plain store rows (standard library + core only).
#pragma once

// [SECTION] Common: grading, pass thresholds, time on task
// [SECTION] Cohort matrix
// [SECTION] Skills
// [SECTION] Item analysis
// [SECTION] Attempt timeline
// [SECTION] Lab progress
// [SECTION] Injects compared

#include "core/model.hpp"
#include "core/scoring.hpp"
#include "store/store.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sl {

//-----------------------------------------------------------------------------
// [SECTION] Common: grading, pass thresholds, time on task
//-----------------------------------------------------------------------------

// Which finished attempt(s) grade a trainee at a scenario (docs/reports.md).
enum class Grading { Highest, First, Last, Average };
const char* ToString(Grading g);
std::optional<Grading> GradingFromString(const std::string& s);

// Pass thresholds in percent, set per lab; attempts outside a lab use the default.
struct PassThresholds {
    double m_default = 70.0;
    std::map<std::string, double> m_byLab;

    double For(const std::optional<std::string>& labId) const;
    // "70%" or "70% (lab-a: 80%, lab-b: 60%)", for report headers.
    std::string Describe() const;
    static PassThresholds FromLabs(const std::vector<LabInfo>& labs, double fallback = 70.0);
};

// 100 * score / max; 0 when max is not positive.
double Percent(double score, double max);
// An attempt's percent, when it is scored.
std::optional<double> AttemptPercent(const Attempt& a);
// Wall time spent on an attempt in ms: end (or, unfinished, its newest event) minus start; never negative.
WallTime TimeOnTask(const Attempt& a);

// The attempts that grade each trainee at each scenario: one per pair (highest percent, first or
// last finished by id) or, for Average, every finished attempt. Returned in id order.
std::vector<const Attempt*> GradedAttempts(const std::vector<Attempt>& attempts, Grading grading);

//-----------------------------------------------------------------------------
// [SECTION] Cohort matrix
//-----------------------------------------------------------------------------

struct MatrixCell {
    int m_started = 0;
    int m_finished = 0;
    int m_abandoned = 0; // unfinished attempts given up (never resumed)
    std::optional<double> m_percent; // graded percent; none until an attempt is finished
    std::optional<bool> m_passed;
    WallTime m_timeOnTask = 0; // ms over every attempt, finished or not
};

struct MatrixRow {
    Trainee m_trainee;
    std::vector<MatrixCell> m_cells; // one per CohortMatrix::m_scenarios
    int m_completed = 0;             // scenarios with a finished attempt
    WallTime m_timeOnTask = 0;
    std::optional<double> m_meanPercent; // mean of the graded cell percents
};

struct CohortMatrix {
    Grading m_grading = Grading::Highest;
    PassThresholds m_thresholds;
    std::vector<std::string> m_scenarios; // sorted
    std::vector<MatrixRow> m_rows;        // in the order of the trainees given
};

// Every trainee given gets a row (with no attempts: empty cells); attempts of other trainees are ignored.
CohortMatrix BuildCohortMatrix(const std::vector<Trainee>& trainees, const std::vector<Attempt>& attempts,
                               Grading grading, const PassThresholds& thresholds);

//-----------------------------------------------------------------------------
// [SECTION] Skills
//-----------------------------------------------------------------------------

// The skills reported, in column order.
inline constexpr std::array<Dimension, 6> kSkillDimensions = {Dimension::Knowledge, Dimension::Triage,
                                                               Dimension::Troubleshooting, Dimension::Routing,
                                                               Dimension::Sla, Dimension::Policy};

struct SkillRow {
    Trainee m_trainee; // empty name for the cohort total
    int m_attempts = 0; // graded attempts counted
    std::array<std::optional<double>, kSkillDimensions.size()> m_percent; // none when no item had that skill
    int m_slaTickets = 0;
    int m_slaMet = 0; // tickets with full SLA marks: both targets met before their 75% warning
    std::optional<double> m_slaAttainment; // percent
    int m_hintsUsed = 0;
    double m_hintCost = 0.0;
};

struct SkillsReport {
    Grading m_grading = Grading::Highest;
    PassThresholds m_thresholds;
    std::vector<SkillRow> m_rows;
    SkillRow m_total; // everyone together
};

SkillsReport BuildSkills(const std::vector<Trainee>& trainees, const std::vector<Attempt>& attempts,
                         const std::vector<AttemptDimensionRow>& dimensions, Grading grading,
                         const PassThresholds& thresholds);

//-----------------------------------------------------------------------------
// [SECTION] Item analysis
//-----------------------------------------------------------------------------

inline constexpr double kFacilityLow = 30.0;       // percent
inline constexpr double kFacilityHigh = 70.0;      // percent
inline constexpr double kDiscriminationLow = 0.25; // index
inline constexpr double kGroupShare = 0.27;        // upper and lower groups

struct ItemStat {
    std::string m_scenarioId;
    std::string m_itemId;
    std::string m_title;
    ItemKind m_kind = ItemKind::Question;
    std::optional<Dimension> m_dimension; // a ticket decision (ticket x dimension); none for a question
    int m_n = 0;                          // first attempts that scored the item
    double m_facility = 0.0;              // percent: mean of score / max
    int m_groupSize = 0;                  // trainees in each of the upper and lower groups
    std::optional<double> m_discrimination; // upper minus lower mean share; none with fewer than 2 attempts
    bool m_facilityFlag = false;            // outside 30-70 %
    bool m_discriminationFlag = false;      // below 0.25
};

struct ItemAnalysis {
    PassThresholds m_thresholds;
    std::vector<ItemStat> m_items; // by scenario, then item order, then dimension
};

// Below this many first attempts, facility and discrimination are too unstable to judge an item by
// (a rule of thumb of item analysis; docs/reports.md).
inline constexpr int kFewFirstAttempts = 20;
// "Scenarios with fewer than 20 first attempts: common-os (3), ...: read their figures as hints,
// not verdicts." for the scenarios whose items rest on fewer than kFewFirstAttempts; "" otherwise.
std::string FewAttemptsCaution(const ItemAnalysis& a);

// attempts: each trainee's first finished attempt per scenario (extra attempts of the same pair are
// ignored, keeping the lowest id); items and dimensions: their score rows (others are ignored).
ItemAnalysis BuildItemAnalysis(const std::vector<Attempt>& attempts, const std::vector<ItemScoreRow>& items,
                               const std::vector<DimensionScoreRow>& dimensions, const PassThresholds& thresholds);

//-----------------------------------------------------------------------------
// [SECTION] Attempt timeline
//-----------------------------------------------------------------------------

struct TimelineEntry {
    std::int64_t m_seq = 0;
    SimTime m_simTime = 0;
    WallTime m_wallTime = 0;
    std::string m_action;
    std::optional<double> m_scoreAfter;
    std::optional<double> m_effect; // change of the attempt total this action caused
    // The effect taken apart by dimension and reason (AddBreakdown), when the scenario is at hand.
    std::optional<ActionEffect> m_breakdown;
};

struct Timeline {
    Attempt m_attempt;
    std::string m_traineeName;
    double m_passThreshold = 70.0;
    std::vector<TimelineEntry> m_entries;
    // Where the scenario marks certainty: the attempt's accuracy, CBM score and calibration (AddBreakdown).
    std::optional<CertaintyReport> m_certainty;
    // What happened to the whole room in the replay (AddBreakdown): injects fired, by plan, by the
    // trainer or by a missed deadline; broadcasts; destination changes. Shown beside the actions.
    std::vector<TicketLogEntry> m_room;
};

Timeline BuildTimeline(const Attempt& attempt, const std::string& traineeName, const std::vector<Event>& events,
                       double passThreshold);

// Takes each action's effect apart by dimension and reason (core ActionEffects), replaying the log
// on the scenario the attempt was played on; adds the certainty marks where the scenario has them. false, with why in *why, when the scenario is not
// that one (its content hash differs) or the log does not read as actions.
bool AddBreakdown(Timeline& timeline, const Scenario& scenario, std::string* why);

// "-5.00 troubleshooting (T1): harmful step ...; +10.00 ..." for one action; "" when none.
std::string FormatReasonChanges(const ActionEffect& e);

//-----------------------------------------------------------------------------
// [SECTION] Lab progress
// [SECTION] Injects compared
// [SECTION] Room timeline
//-----------------------------------------------------------------------------

// One trainee's newest run of the lab (docs/reports.md, "Lab progress").
struct LabProgressRow {
    Trainee m_trainee;
    int m_runs = 0;                    // runs of the lab in the selection; 0: not started
    RowId m_runId = 0;                 // the newest run (highest id); 0 when not started
    std::optional<RowId> m_sessionId;
    WallTime m_startedWall = 0;
    int m_done = 0;                    // the lab's modules marked done in that run
    int m_total = 0;                   // modules in the lab
    std::string m_currentModule;       // first module not done; empty when finished, all done or not started
    std::string m_currentTitle;
    double m_seconds = 0.0;            // time in the lab: every mark's seconds (lectures too)
    bool m_finished = false;
    // Modules marked done in less time than the report's threshold (empty without one): work
    // "finished" faster than it can have been done, for the lead to look at.
    std::vector<std::string> m_fastModules;
};

struct LabProgressReport {
    std::string m_labId;
    std::string m_labTitle;
    int m_modules = 0;
    std::vector<LabProgressRow> m_rows; // in the order of the trainees given
    int m_started = 0;                  // rows with a run
    int m_finished = 0;                 // rows whose newest run is finished
    std::optional<double> m_medianSeconds;         // over the started rows' newest runs
    std::optional<double> m_medianFinishedSeconds; // over the finished ones only
    double m_fastUnderSeconds = 0;                 // the threshold; 0: none
    bool m_sessionThresholds = false;              // some rows used their session's own threshold
    int m_flagged = 0;                             // rows with a fast module
};

// The lab's definition gives the modules (order, titles, total); runs of other labs and of trainees
// not given are ignored, and marks of modules the lab no longer has count for time only. Each row
// lists the lab's modules its run marked done in less than a threshold: its session's, when the
// trainer set one (sessionFastUnder: session id -> seconds), else fastUnderSeconds (0: none).
LabProgressReport BuildLabProgress(const Lab& lab, const std::vector<Trainee>& trainees,
                                   const std::vector<LabRunRecord>& runs, double fastUnderSeconds = 0,
                                   const std::map<RowId, double>& sessionFastUnder = {});

//-----------------------------------------------------------------------------
// [SECTION] Injects compared
//-----------------------------------------------------------------------------

// How one trainee's run met one inject (docs/reports.md, "Injects compared"): whether and when it
// fired and why, and how she handled the tickets it brought, scored as every ticket is.
struct InjectHandling {
    std::string m_injectId;
    std::string m_title;
    std::string m_kind;               // "planned", "library", "contingency"
    std::string m_trainee;
    RowId m_attemptId = 0;
    std::optional<SimTime> m_firedAt; // none: it did not fire in her run
    std::string m_how;                // "as planned", "by the trainer", "its condition failed"; or why it did not fire
    SimTime m_late = 0;               // the trainer's instruction reached her run this late
    int m_tickets = 0;                // tickets it brings
    int m_arrived = 0;                // of those, arrived by the end of her run
    int m_done = 0;                   // resolved or handed off
    int m_breached = 0;               // past an SLA target
    std::optional<SimTime> m_medianFirstResponse; // arrival to first response, over those answered
    std::optional<double> m_percent;  // her score on the tickets it brought
};

// For each inject of the scenario, one row per run (trainee name, replayed run), in that order.
std::vector<InjectHandling> CompareInjects(const Scenario& scenario,
                                           const std::vector<std::pair<std::string, const Simulation*>>& runs,
                                           const std::vector<RowId>& attemptIds);

//-----------------------------------------------------------------------------
// [SECTION] Room timeline
//-----------------------------------------------------------------------------

// An instruction a trainer's room sent (the organisation server's session_injects).
struct SentInstruction {
    std::int64_t m_seq = 0;
    WallTime m_firedWall = 0;
    std::string m_scenarioId, m_injectId, m_op; // op: now, at, skip
    std::optional<SimTime> m_due;
    std::string m_firedBy;
};

// One line of a session's timeline: a trainee's action, or the room's instruction, by wall time.
struct RoomTimelineRow {
    WallTime m_wall = 0;
    std::string m_who;               // the trainee's name, or "room"
    std::optional<SimTime> m_simTime; // her simulated time, for an action
    std::string m_scenarioId;
    std::string m_what;              // the action as logged, or what the room sent
};

// Every action of the session's attempts and every instruction the room sent, in wall-clock order
// (an instruction before an action of the same millisecond): the room's debrief timeline, with
// injects beside the trainees' actions (docs/reports.md, "Room timeline").
std::vector<RoomTimelineRow> BuildRoomTimeline(const std::vector<Attempt>& attempts, const std::map<RowId, std::string>& names,
                                               const std::map<RowId, std::vector<Event>>& events,
                                               const std::vector<SentInstruction>& sent);

// Seconds as hours and whole minutes, "h:mm" ("0:07", "12:05"); partial minutes are dropped.
std::string HoursMinutes(double seconds);
// The median; none for no values (an even count takes the mean of the middle two).
std::optional<double> Median(std::vector<double> values);

} // namespace sl
