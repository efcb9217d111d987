// SupportLab store: what a trainee's machine exchanges with the server to sit an assessment — the offers, what waits, the answers.
#pragma once

// Shared by the delivery agent (server_link), which reads them from the server, and the UI, which
// shows and records them; header-only, so the UI gets them without linking a database engine.

#include "core/assessment.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sl {

// An assessment her cohort's open sessions offer her: the session (the server's row, copied into
// her outbox when she starts), what it assesses (a published trainee part: no key in it) and how
// many attempts she has made there that the server holds.
struct AssessmentOffer {
    LabSession m_session;
    RowId m_publishedId = 0;
    std::string m_scenarioId, m_title;
    std::string m_traineeText, m_modelText, m_traineeHash;
    int m_attemptsAllowed = 1; // 0: no limit
    int m_attemptsUsed = 0;
};

// What an assessed attempt waits for: the server's answers for its escalations and steps (an
// empty attempt uid: nothing waits).
struct AwaitedAnswers {
    std::string m_attemptUid;
    std::vector<PendingRoute> m_routes;
    std::vector<PendingStep> m_steps;
};

// One answer the server gave: an escalation's (m_step empty: whether the destination kept it,
// m_accepted) or a step's (m_answer). The trainee's run records it as a RouteOutcome or StepOutcome.
struct ServerAnswer {
    std::string m_attemptUid;
    std::int64_t m_seq = 0;
    std::string m_ticket, m_step;
    bool m_accepted = false;
    StepAnswer m_answer;
};

} // namespace sl
