// SupportLab core: the two forms of a scenario an assessment needs — neutral names, and the trainee's part without the key.
#pragma once

// An assessment keeps its answer key off trainees' machines (docs/scoring.md, "Assessments"):
// - Neutralise renames what a trainee sees named (tickets T1, T2, ... in arrival order; questions
//   Q1, ...; facts and steps F1/S1, ...; options a, b, ...; matching items p1, ...) and orders steps,
//   options and matching items by their text, so neither a name nor a position gives an answer
//   away. The neutral scenario keeps its key: it is what the server stores and scores against.
//   Its contingency injects become library injects (no `unless`): the condition names the action
//   the key expects, and the trainee's run and its scoring must fire the same injects.
// - WithholdKey takes a neutral scenario and drops everything a trainee could read the key from:
//   expected triage, routes, acceptable routes, resolution codes and elevation; required and
//   harmful flags with their reasons; what each step does (its outcomes: text, reveals, fixes)
//   and the text of the facts only a step reveals; explanations; incidents; facilitator notes
//   (the scenario's and each inject's);
//   hints (an assessment gives none: their text would be readable for free). The simulation then
//   waits for the server's RouteOutcome after each escalation and its StepOutcome after each step
//   (Scenario::m_keyWithheld).
// Both keep every seeded draw the same: the neutral and the trainee's scenario give the same
// tickets, users, devices and arrival times for a seed, so an attempt played on the trainee's part
// replays on the neutral scenario action for action.

#include "core/engine.hpp"
#include "core/model.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sl {

// What a neutral name stood for, so the trainer and lead can read an assessment's reports.
struct NeutralName {
    std::string m_neutral;  // "T3", "Q2"
    std::string m_original; // the id in the scenario file
    std::string m_title;    // the ticket's subject or the question's prompt
    // Its facts and steps (a ticket) or options and matching items (a question): id in the
    // scenario file -> neutral id.
    std::map<std::string, std::string> m_parts;
};

struct NeutralNames {
    std::vector<NeutralName> m_tickets;   // in the neutral scenario's order
    std::vector<NeutralName> m_questions;
};

// The scenario with neutral names and text order (see above); *names (when given) says what each
// ticket and question was called.
Scenario Neutralise(const Scenario& scenario, NeutralNames* names = nullptr);

// The trainee's part of a neutral scenario: the same scenario without its key (see above).
Scenario WithholdKey(const Scenario& neutral);

// An escalated ticket that waits for the server's answer, and the log entry (event number) of the
// escalation that sent it: the ticket named by that escalation, or one linked under its label.
struct PendingRoute {
    std::int64_t m_seq = 0;
    std::string m_ticket;
};

// Every ticket of the simulation that waits for a RouteOutcome, in log order (after a resume too:
// it is read from the state and the log, not remembered).
std::vector<PendingRoute> PendingRoutes(const Simulation& sim);

// The RouteOutcome action that records the server's answer for a ticket.
Action RouteOutcomeAction(const std::string& ticket, bool accepted);

// A troubleshooting step that waits for the server's result, and the log entry that did it.
struct PendingStep {
    std::int64_t m_seq = 0;
    std::string m_ticket;
    std::string m_step;
};

// Every step of the simulation that waits for a StepOutcome, in log order (read from the state
// and the log, so it holds after a resume).
std::vector<PendingStep> PendingSteps(const Simulation& sim);

// What the server answered for a step: the outcome's text, whether it fixed the problem, and the
// facts it revealed with their texts.
struct StepAnswer {
    std::string m_text;
    bool m_fixes = false;
    std::vector<std::pair<std::string, std::string>> m_reveals; // (fact id, fact text)
};

// The part of the key the server answers steps from: every outcome of every step (in order), the
// texts of the facts only a step reveals, and the facts whose replies take time (neutral ids).
struct KeyedStepOutcome {
    std::string m_ticket, m_step;
    int m_order = 0; // 0-based: the first outcome whose `when` holds applies
    std::vector<std::string> m_when;
    std::string m_text;
    std::vector<std::string> m_reveals;
    bool m_fixes = false;
};
struct KeyedFactText {
    std::string m_ticket, m_fact, m_text;
};
// A fact whose reply takes time: a step sees it known only once the reply is in.
struct KeyedFactReply {
    std::string m_ticket, m_fact;
    SimTime m_replyAfter = 0;
};
struct StepKey {
    std::vector<KeyedStepOutcome> m_outcomes;
    std::vector<KeyedFactText> m_factTexts;
    std::vector<KeyedFactReply> m_replies;
};
StepKey StepKeyOf(const Scenario& neutral);

// The answer the server gives for a step whose chosen outcome (core ChooseOutcome) is `chosen`
// (nullptr: no change): its text and fix, and the facts it reveals, each with its text where the
// trainee's part withholds it (a fact only a step reveals) and "" otherwise, as step_answer does.
StepAnswer StepAnswerOf(const Ticket& key, const Outcome* chosen);

// The StepOutcome action that records the server's answer for a step.
Action StepOutcomeAction(const std::string& ticket, const std::string& step, const StepAnswer& answer);

} // namespace sl
