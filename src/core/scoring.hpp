// SupportLab core: turning a simulation's state into scores, every deduction with its reason.
#pragma once

#include "core/engine.hpp"
#include "core/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sl {

struct Deduction {
    Dimension m_dimension = Dimension::Triage;
    double m_points = 0.0; // points lost (positive number)
    std::string m_reason;
};

struct DimensionScore {
    Dimension m_dimension = Dimension::Triage;
    double m_score = 0.0;
    double m_max = 0.0;
};

enum class ItemKind { Question, Ticket };

// The score of one question or one ticket. Scores are a pure function of the final state, so
// returning to a decision replaces its earlier score and nothing counts twice.
struct ItemScore {
    std::string m_itemId;
    ItemKind m_kind = ItemKind::Ticket;
    std::string m_title;
    std::vector<DimensionScore> m_dimensions; // only dimensions that apply to the item
    std::vector<Deduction> m_deductions;
    double m_score = 0.0; // sum of dimensions, never below 0
    double m_max = 0.0;

    // What the trainee did and what was expected, for the debrief.
    std::string m_given;
    std::string m_expected;
    std::string m_explanation;
};

// Certainty-based marking (docs/scoring.md, "Certainty-based marking"), Moodle's table: a right
// decision earns 1, 2 or 3 at low, medium or high certainty; a wrong one 0, -2 or -6; partial
// credit is the fraction times the right mark.
struct CertaintyMark {
    std::string m_itemId;
    Dimension m_decision = Dimension::Triage; // Triage or Routing
    int m_certainty = 0;                      // 1..3; 0: the decision was never made
    double m_fraction = 0.0;                  // share of the decision's points earned (accuracy)
    double m_mark = 0.0;                      // -6..3; 0 when never made
    double m_weight = 0.0;                    // the decision's points
};

// One certainty level's decisions: how many, and how often right (weighted, percent).
struct CertaintyLevel {
    int m_count = 0;
    double m_weight = 0.0;
    double m_accuracy = 0.0;
};

struct CertaintyReport {
    std::vector<CertaintyMark> m_marks;
    double m_accuracy = 0.0;   // percent of the decisions' points earned, certainty aside
    double m_cbmScore = 0.0;   // percent of the best CBM total (3 per point); below 0 when confidently wrong
    CertaintyLevel m_levels[4]; // by certainty; [0] the decisions never made
};

// The CBM mark of a decision with this share of its points at this certainty (1..3).
double CertaintyMarkFor(double fraction, int certainty);
// Where a certainty level is the best choice under the table: low below 67% right, medium 67-80%,
// high above 80%. "well calibrated", "over-confident" or "under-confident" for a level's accuracy.
const char* CalibrationOf(int certainty, double accuracyPercent);
const char* CertaintyRange(int certainty); // "below 67%", "67-80%", "above 80%"

struct ScoreReport {
    std::string m_scenarioId;
    std::string m_contentHash;
    std::uint64_t m_seed = 0;
    SimTime m_endTime = 0;
    std::vector<ItemScore> m_items;
    DimensionScore m_byDimension[kDimensionCount];
    double m_total = 0.0;
    double m_max = 0.0;
    std::optional<CertaintyReport> m_certainty; // where the scenario marks certainty
    double Percent() const { return m_max > 0 ? 100.0 * m_total / m_max : 0.0; }
};

// Scores an attempt as it stands (open tickets are scored as unfinished).
ScoreReport Score(const Simulation& sim);

// What one action did to the score, taken apart (docs/scoring.md, "Each action's effect"): the
// change of each dimension's total, and each deduction it made or took away. An action's net
// effect can hide a fault: the first work on a ticket earns its credit and may lose some of it to
// a harmful step in the same action; these show both.
struct ReasonChange {
    std::string m_itemId;
    Dimension m_dimension = Dimension::Triage;
    double m_points = 0.0; // signed: a new deduction is negative, a deduction taken away positive
    std::string m_reason;
};
struct ActionEffect {
    double m_total = 0.0;                    // change of the attempt's total
    double m_byDimension[kDimensionCount]{}; // change of each dimension's total
    std::vector<ReasonChange> m_reasons;     // deductions made (negative) and taken away (positive)
};

// Each logged action's effect: the simulation replayed from its start, scored before and after
// every action of its log (a RouteOutcome or StepOutcome that changes nothing shows nothing).
std::vector<ActionEffect> ActionEffects(const Scenario& scenario, std::uint64_t seed, const std::vector<Action>& log);
// The same for a stored attempt, replayed into `sim` (new from the attempt's scenario and seed) at
// the simulated times its actions were applied (`at`, one per action), as it was played: time that
// passed between two actions counts towards the second. `sim` is left after the last action, so
// the caller reads the rest of the attempt from this one replay.
std::vector<ActionEffect> ActionEffectsAt(Simulation& sim, const std::vector<Action>& log, const std::vector<SimTime>& at);

// Several reports as one (a lab's finished modules): their items in order, and their dimension
// totals, totals, maxima and simulated times summed.
ScoreReport CombineReports(const std::string& id, const std::vector<const ScoreReport*>& parts);

// "triage +5.00, sla -2.50" (dimensions whose total changed, in dimension order); "" if none.
std::string FormatDimensionEffects(const ActionEffect& e);

// Stable text and JSON renderings (used by `supportlab-cli play` and golden tests).
std::string FormatScoreText(const ScoreReport& r);
// The certainty section of FormatScoreText (accuracy, CBM score, calibration, each decision).
std::string FormatCertaintyText(const CertaintyReport& c);
std::string FormatScoreJson(const ScoreReport& r);

} // namespace sl
