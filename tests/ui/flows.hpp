// SupportLab UI tests: the trainee's common steps, done the way a person does them (clicks and typing).
#pragma once

#include "harness.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sl::ui::test {

inline void CreateProfile(Harness& h, const std::string& name, const std::string& cohort) {
    h.Fill("profile/name", name);
    h.Fill("profile/cohort", cohort);
    h.Click("profile/create");
}

// Opens a combo (or any popup opener) and clicks one of its items.
inline bool Choose(Harness& h, const std::string& opener, const std::string& item) {
    if (!h.Click(opener)) return false;
    h.Frame();
    return h.Click(item);
}

inline const TicketState* TicketOf(Harness& h, const std::string& id) {
    auto& run = h.S().m_trainee.m_run;
    return run ? run->Sim().FindTicket(id) : nullptr;
}

inline SimTime SimNow(Harness& h) { return h.S().m_trainee.m_run ? h.S().m_trainee.m_run->Sim().Now() : -1; }

inline void PauseClock(Harness& h) {
    if (h.Has("clock/pause")) h.Click("clock/pause");
}

// severity: the request severity, for a destination that takes one ("" for none).
inline void Escalate(Harness& h, const std::string& ticket, const std::string& dest, const std::string& note,
                     const std::string& severity = "") {
    h.Click("queue/row/" + ticket);
    h.Click("ticket/escalate");
    h.Frame();
    h.Click("escalate/dest/" + dest);
    if (!severity.empty()) h.Click("escalate/severity/" + severity);
    h.Click("escalate/note");
    h.Type(note);
    h.Click("escalate/confirm");
}

inline void Resolve(Harness& h, const std::string& ticket, const std::string& code) {
    h.Click("queue/row/" + ticket);
    h.Click("ticket/resolve");
    h.Frame();
    h.Click("resolve/code/" + code);
    h.Click("resolve/confirm");
}

inline void Triage(Harness& h, const std::string& category, const std::string& impact, const std::string& urgency) {
    if (!category.empty()) Choose(h, "triage/category", "triage/category/" + category);
    if (!impact.empty()) Choose(h, "triage/impact", "triage/impact/" + impact);
    if (!urgency.empty()) Choose(h, "triage/urgency", "triage/urgency/" + urgency);
    h.Click("ticket/triage");
}

} // namespace sl::ui::test
