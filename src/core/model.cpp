// SupportLab core: look-ups, names and duration text for the model.
#include "core/model.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace sl {

namespace {

template <typename T>
const T* FindById(const std::vector<T>& items, const std::string& id) {
    for (const T& item : items)
        if (item.m_id == id) return &item;
    return nullptr;
}

int IndexOf(const std::vector<std::string>& levels, const std::string& level) {
    const auto it = std::find(levels.begin(), levels.end(), level);
    return it == levels.end() ? -1 : static_cast<int>(it - levels.begin());
}

} // namespace

const Destination* SupportModel::FindDestination(const std::string& id) const { return FindById(m_destinations, id); }
const Role* SupportModel::FindRole(const std::string& id) const { return FindById(m_roles, id); }
const Category* SupportModel::FindCategory(const std::string& id) const { return FindById(m_categories, id); }

int SupportModel::SeverityIndex(const std::string& id) const {
    for (size_t i = 0; i < m_severities.size(); ++i)
        if (m_severities[i].m_id == id) return static_cast<int>(i);
    return -1;
}

int SupportModel::ImpactIndex(const std::string& level) const { return IndexOf(m_impactLevels, level); }
int SupportModel::UrgencyIndex(const std::string& level) const { return IndexOf(m_urgencyLevels, level); }

int SupportModel::PriorityFor(const std::string& impact, const std::string& urgency) const {
    const int i = ImpactIndex(impact);
    const int u = UrgencyIndex(urgency);
    if (i < 0 || u < 0 || static_cast<size_t>(i) >= m_priorityMatrix.size()) return -1;
    const auto& row = m_priorityMatrix[static_cast<size_t>(i)];
    if (static_cast<size_t>(u) >= row.size()) return -1;
    return row[static_cast<size_t>(u)];
}

std::string SupportModel::IntakeImpact(const std::string& stated) const {
    return !stated.empty() || m_impactLevels.empty() ? stated : m_impactLevels.back();
}

std::string SupportModel::IntakeUrgency(const std::string& stated) const {
    return !stated.empty() || m_urgencyLevels.empty() ? stated : m_urgencyLevels.back();
}

std::string MatchToken(const std::string& pairId, const std::string& optionId) { return pairId + "=" + optionId; }

bool SplitMatchToken(const std::string& token, std::string& pairId, std::string& optionId) {
    const size_t eq = token.find('=');
    if (eq == std::string::npos) return false;
    pairId = token.substr(0, eq);
    optionId = token.substr(eq + 1);
    return true;
}

bool SupportModel::HasResolutionCode(const std::string& id) const { return FindById(m_resolutionCodes, id) != nullptr; }

const Ticket* Scenario::FindTicket(const std::string& id) const { return FindById(m_tickets, id); }
const Question* Scenario::FindQuestion(const std::string& id) const { return FindById(m_questions, id); }
const Incident* Scenario::FindIncident(const std::string& id) const { return FindById(m_incidents, id); }
const Inject* Scenario::FindInject(const std::string& id) const { return FindById(m_injects, id); }

const char* ToString(Dimension d) {
    switch (d) {
    case Dimension::Knowledge: return "knowledge";
    case Dimension::Triage: return "triage";
    case Dimension::Troubleshooting: return "troubleshooting";
    case Dimension::Routing: return "routing";
    case Dimension::Sla: return "sla";
    case Dimension::Policy: return "policy";
    case Dimension::Hints: return "hints";
    }
    return "?";
}

std::optional<Dimension> DimensionFromString(const std::string& s) {
    for (int i = 0; i < kDimensionCount; ++i) {
        const auto d = static_cast<Dimension>(i);
        if (s == ToString(d)) return d;
    }
    return std::nullopt;
}

std::optional<ScenarioKind> ScenarioKindFromString(const std::string& s) {
    for (ScenarioKind k : {ScenarioKind::PlanReview, ScenarioKind::CommonIssues, ScenarioKind::EscalationDrill})
        if (s == ToString(k)) return k;
    return std::nullopt;
}

const char* ToString(ScenarioKind k) {
    switch (k) {
    case ScenarioKind::PlanReview: return "plan_review";
    case ScenarioKind::CommonIssues: return "common_issues";
    case ScenarioKind::EscalationDrill: return "escalation_drill";
    }
    return "?";
}

const char* ToString(DestinationKind k) {
    switch (k) {
    case DestinationKind::TierTeam: return "tier";
    case DestinationKind::ServiceOperations: return "service_operations";
    case DestinationKind::HardwareVendor: return "hardware_vendor";
    case DestinationKind::ExistingChannel: return "existing_channel";
    case DestinationKind::ItAdmin: return "it_admin";
    }
    return "?";
}

const char* ToString(ProblemArea a) {
    switch (a) {
    case ProblemArea::OperatingSystem: return "os";
    case ProblemArea::Productivity: return "productivity";
    case ProblemArea::Browser: return "browser";
    case ProblemArea::Device: return "device";
    case ProblemArea::Infrastructure: return "infrastructure";
    case ProblemArea::LineOfBusiness: return "lob";
    }
    return "?";
}

std::vector<Lab> LabsByTrack(const Lab& lab) {
    if (lab.m_tracks.empty()) return {lab};
    std::vector<Lab> out;
    for (const LabTrack& t : lab.m_tracks) {
        Lab l = lab;
        l.m_tracks.clear();
        l.m_fileId = lab.m_id;
        l.m_track = t.m_id;
        l.m_id = lab.m_id + "@" + t.m_id;
        l.m_title = lab.m_title + ": " + t.m_title;
        if (!t.m_description.empty()) l.m_description = lab.m_description.empty() ? t.m_description : lab.m_description + " " + t.m_description;
        for (LabModule& m : l.m_modules) {
            if (const auto it = m.m_trackScenarios.find(t.m_id); it != m.m_trackScenarios.end()) m.m_scenarioPath = it->second;
            m.m_trackScenarios.clear();
        }
        out.push_back(std::move(l));
    }
    return out;
}

const char* ToString(AgendaStep a) {
    switch (a) {
    case AgendaStep::PlanReview: return "plan_review";
    case AgendaStep::Overview: return "overview";
    case AgendaStep::Troubleshooting: return "troubleshooting";
    case AgendaStep::ToolsAndResources: return "tools_and_resources";
    case AgendaStep::QandA: return "qa";
    case AgendaStep::Debrief: return "debrief";
    }
    return "?";
}

const char* ToString(QuestionType t) {
    switch (t) {
    case QuestionType::Single: return "single";
    case QuestionType::Multiple: return "multiple";
    case QuestionType::Matching: return "matching";
    case QuestionType::Ordering: return "ordering";
    }
    return "?";
}

const char* ToString(DeliveryMode m) {
    switch (m) {
    case DeliveryMode::Internal: return "internal";
    case DeliveryMode::CustomerLed: return "customer_led";
    case DeliveryMode::PartnerLed: return "partner_led";
    }
    return "?";
}

const char* ToString(ExpectedAction a) {
    switch (a) {
    case ExpectedAction::Acknowledge: return "acknowledge";
    case ExpectedAction::Triage: return "triage";
    case ExpectedAction::Link: return "link";
    case ExpectedAction::Escalate: return "escalate";
    case ExpectedAction::Resolve: return "resolve";
    }
    return "?";
}

std::optional<ExpectedAction> ExpectedActionFromString(const std::string& s) {
    for (ExpectedAction a : {ExpectedAction::Acknowledge, ExpectedAction::Triage, ExpectedAction::Link,
                             ExpectedAction::Escalate, ExpectedAction::Resolve})
        if (s == ToString(a)) return a;
    return std::nullopt;
}

std::optional<SimTime> ParseDuration(const std::string& text) {
    constexpr SimTime kMax = 366LL * 24 * 3600;
    if (text.empty()) return std::nullopt;
    SimTime total = 0;
    size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
        SimTime n = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            n = n * 10 + (text[i] - '0');
            if (n > kMax) return std::nullopt; // also stops overflow on long digit runs
            ++i;
        }
        SimTime unit = 1;
        if (i < text.size()) {
            switch (text[i]) {
            case 'h': unit = 3600; break;
            case 'm': unit = 60; break;
            case 's': unit = 1; break;
            default: return std::nullopt;
            }
            ++i;
        } else if (any) {
            return std::nullopt; // "1h30" is ambiguous: units are required after the first part
        }
        total += n * unit;
        if (total > kMax) return std::nullopt;
        any = true;
    }
    return total;
}

std::string FormatDuration(SimTime seconds) {
    const bool negative = seconds < 0;
    SimTime s = negative ? -seconds : seconds;
    const SimTime h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
    char buf[64];
    if (h > 0)
        std::snprintf(buf, sizeof buf, "%s%lldh%02lldm", negative ? "-" : "", static_cast<long long>(h), static_cast<long long>(m));
    else if (m > 0)
        std::snprintf(buf, sizeof buf, sec ? "%s%lldm%02llds" : "%s%lldm", negative ? "-" : "", static_cast<long long>(m), static_cast<long long>(sec));
    else
        std::snprintf(buf, sizeof buf, "%s%llds", negative ? "-" : "", static_cast<long long>(sec));
    return buf;
}

std::string FormatClock(SimTime seconds) {
    // Written by hand, right to left: the queue shows a clock per visible row every frame, and
    // snprintf costs several times this.
    const bool negative = seconds < 0;
    const unsigned long long s = negative ? 0ULL - static_cast<unsigned long long>(seconds) : static_cast<unsigned long long>(seconds);
    unsigned long long h = s / 3600;
    const unsigned m = static_cast<unsigned>((s % 3600) / 60), sec = static_cast<unsigned>(s % 60);
    char buf[32];
    char* const end = buf + sizeof buf;
    char* p = end;
    auto digit = [&p](unsigned long long v) { *--p = static_cast<char>('0' + v % 10); };
    digit(sec);
    digit(sec / 10);
    *--p = ':';
    digit(m);
    if (h > 0 || m >= 10) digit(m / 10);
    if (h > 0) {
        *--p = ':';
        do {
            digit(h);
            h /= 10;
        } while (h > 0);
    }
    if (negative) *--p = '-';
    return std::string(p, end);
}


std::optional<SimTime> ParseTimeOfDay(const std::string& text) {
    // Exactly "HH:MM", 00:00 to 24:00 (24:00 closes at midnight).
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4})
        if (!std::isdigit(static_cast<unsigned char>(text[static_cast<size_t>(i)]))) return std::nullopt;
    const int h = (text[0] - '0') * 10 + (text[1] - '0'), m = (text[3] - '0') * 10 + (text[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return static_cast<SimTime>(h) * 3600 + m * 60;
}

std::optional<SimTime> ParseWeekMoment(const std::string& text) {
    if (text.size() != 9 || text[3] != ' ') return std::nullopt;
    const std::string day = text.substr(0, 3);
    for (int d = 0; d < 7; ++d) {
        if (day != kDayNames[d]) continue;
        const std::optional<SimTime> t = ParseTimeOfDay(text.substr(4));
        if (!t || *t >= 24 * 3600) return std::nullopt;
        return static_cast<SimTime>(d) * 24 * 3600 + *t;
    }
    return std::nullopt;
}

std::string FormatTimeOfDay(SimTime s) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(s / 3600), static_cast<long long>((s % 3600) / 60));
    return buf;
}

std::string FormatWeekMoment(SimTime s) {
    s = ((s % kWeek) + kWeek) % kWeek;
    return std::string(kDayNames[s / (24 * 3600)]) + " " + FormatTimeOfDay(s % (24 * 3600));
}

namespace {

// Working seconds from Monday 00:00 of week 0 up to week-time x (x >= 0).
SimTime WorkingSince(const BusinessHours& h, SimTime x) {
    constexpr SimTime kDay = 24 * 3600;
    const SimTime perDay = std::max<SimTime>(0, h.m_close - h.m_open);
    SimTime perWeek = 0;
    for (bool d : h.m_days) perWeek += d ? perDay : 0;
    SimTime total = (x / kWeek) * perWeek;
    const SimTime r = x % kWeek;
    const SimTime fullDays = r / kDay;
    for (SimTime d = 0; d < fullDays; ++d) total += h.m_days[d] ? perDay : 0;
    if (h.m_days[fullDays]) total += std::clamp(r % kDay, h.m_open, std::max(h.m_open, h.m_close)) - h.m_open;
    return total;
}

} // namespace

SimTime WorkingSeconds(const BusinessHours& hours, SimTime startsAt, SimTime from, SimTime to) {
    if (to <= from) return 0;
    const SimTime base = std::max<SimTime>(0, startsAt);
    return WorkingSince(hours, base + std::max<SimTime>(0, to)) - WorkingSince(hours, base + std::max<SimTime>(0, from));
}

} // namespace sl
