// SupportLab core: trainee actions and the plain-text action-script format that replays them.
#pragma once

#include "core/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sl {

enum class ActionType {
    Wait,        // advance the clock by m_duration (no target)
    WaitUntil,   // advance the clock to m_duration (absolute), if later than now; with m_target,
                 // to that ticket's arrival under the run's seed (`at arrival TICKET`)
    Acknowledge, // ticket
    Ask,         // ticket, fact id (a fact whose source is Ask)
    Diagnose,    // ticket, fact id (a fact whose source is Diagnostic)
    Step,        // ticket, step id
    Triage,      // ticket, category, impact, urgency (any may be empty = unchanged)
    Elevate,     // ticket: request elevated device privileges
    Link,        // ticket, incident label chosen by the trainee
    Escalate,    // ticket, destination id, note (required)
    Resolve,     // ticket, resolution code
    Hint,        // ticket or question, hint index (0-based)
    Answer,      // question, answer tokens
    // What the destination did with an escalated ticket whose answer key is withheld (an assessment
    // played from the trainee's part): m_arg "accepted" or "returned". The organisation server
    // decides it; the trainee's machine records it when it arrives. Costs no time; on a scenario
    // with its key it changes nothing (the key decides there).
    RouteOutcome, // ticket, "accepted" | "returned"
    // What a troubleshooting step did, where the key is withheld: the server chose the step's
    // outcome from the key and the ticket's log, and the trainee's machine records it. m_arg the
    // step, m_index 1 when the outcome fixed the problem, m_note the outcome's text, m_tokens the
    // facts it revealed as (fact id, fact text) pairs. Costs no time; with the key it changes
    // nothing (the key decides there).
    StepOutcome, // ticket, step, fixed|unfixed, text, [fact, fact text]...
    // Set a ticket pending while the user or a vendor owes a reply (m_arg "user" | "vendor"): its
    // resolution clock stops until the reply arrives or the trainee works the ticket again.
    Pend, // ticket, user | vendor
    // The trainer's room (or a script) acts on an inject of the scenario's list (m_target): m_arg
    // "now" fires it at once, "at" schedules it for m_duration (fired at once, late, if that time
    // has passed), "skip" cancels it. Once fired, later ones change nothing. Costs no time and is
    // not a trainee decision; an id the scenario lacks is logged and changes nothing, so every
    // instruction the room sent stays in the log in order (docs/action-script.md).
    Inject, // inject, now | at TIME | skip
    // Share a ticket at the daily or weekly meeting where all tiers hear of trends and patterns
    // (seed 000): m_note says what the pattern is. Allowed from arrival on, resolved or escalated
    // too; not a response to the user.
    Share, // ticket, note
};

struct Action {
    ActionType m_type = ActionType::Wait;
    std::string m_target;  // ticket or question id
    std::string m_arg;     // fact/step id, destination, incident label, resolution code
    std::string m_note;    // escalation note
    std::string m_category;
    std::string m_impact;
    std::string m_urgency;
    int m_index = 0;                   // hint index
    std::vector<std::string> m_tokens; // answer: option ids, "left=right" pairs, or ids in order;
                                       // step outcome: fact id, fact text, ...
    // Certainty of a triage, escalate or resolve decision where the scenario marks it: 1 low,
    // 2 medium, 3 high; 0 not given.
    int m_certainty = 0;
    // escalate: the severity the request is filed with, where the destination takes one (its
    // request_severities, e.g. a service's admin support severity definitions); "" otherwise.
    std::string m_severity;
    SimTime m_duration = 0;            // wait / wait-until
    int m_line = 0;                    // source line in an action script (0 when from the UI)
};

// A parsed action script: optional seed plus the actions in order.
struct ActionScript {
    std::optional<std::uint64_t> m_seed;
    std::vector<Action> m_actions;
};

struct ScriptError {
    int m_line = 0;
    int m_col = 0;
    std::string m_message;
};

struct ScriptParseResult {
    ActionScript m_script;
    std::vector<ScriptError> m_errors; // every problem found, not just the first
    bool Ok() const { return m_errors.empty(); }
};

// Parses the action-script text format (docs/action-script.md). Never throws; bounded work per byte.
ScriptParseResult ParseActionScript(const std::string& text);

// Writes an action back in script syntax (one line, no newline); ParseActionScript reads it back.
std::string FormatAction(const Action& a);

// Writes a whole script (seed line first when set), one action per line, each ending in a newline.
std::string FormatActionScript(const ActionScript& script);

const char* ToString(ActionType t);

// The decisions that carry a certainty where a scenario marks it: triage, escalate, resolve.
bool CarriesCertainty(ActionType t);
// "low" | "medium" | "high" for 1..3, "" otherwise; and back (0 when not one of them).
const char* CertaintyName(int certainty);
int CertaintyFromName(const std::string& name);

} // namespace sl
