// SupportLab UI: the ticket queue's rows without drawing — filter, sort, and the SLA cell — pure functions.
#include "ui/queue_rows.hpp"

#include "core/text.hpp"

#include <algorithm>

namespace sl::ui {

bool StatusMatches(QueueStatusFilter f, const TicketState& t) {
    switch (f) {
    case QueueStatusFilter::Open: return IsWorkable(t);
    case QueueStatusFilter::New: return t.m_status == TicketStatus::New;
    case QueueStatusFilter::InProgress: return t.m_status == TicketStatus::InProgress;
    case QueueStatusFilter::Pending:
        return t.m_status == TicketStatus::PendingUser || t.m_status == TicketStatus::PendingVendor;
    case QueueStatusFilter::Escalated: return t.m_status == TicketStatus::Escalated;
    case QueueStatusFilter::Resolved: return t.m_status == TicketStatus::Resolved;
    case QueueStatusFilter::All: return true;
    }
    return true;
}

bool FilterQueueRows(QueueView& q, const Simulation& sim) {
    const std::vector<TicketState>& tickets = sim.Tickets();
    if (q.m_haystacks.size() != tickets.size()) {
        // Ids, subjects and users never change during an attempt: lower-case and rank them once, so
        // filtering compares no case and sorting compares integers.
        q.m_haystacks.clear();
        std::vector<std::string> subjects;
        for (const TicketState& t : tickets) {
            q.m_haystacks.push_back(Lower(t.m_def->m_id + " " + t.m_def->m_subject + " " + t.m_user.m_name));
            subjects.push_back(Lower(t.m_def->m_subject));
        }
        auto rank = [&](auto less) {
            std::vector<size_t> order(tickets.size());
            for (size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::stable_sort(order.begin(), order.end(), less);
            std::vector<std::uint32_t> ranks(tickets.size());
            for (size_t r = 0; r < order.size(); ++r)
                ranks[order[r]] = r > 0 && !less(order[r - 1], order[r]) ? ranks[order[r - 1]] : static_cast<std::uint32_t>(r);
            return ranks;
        };
        q.m_idRanks = rank([&](size_t a, size_t b) { return tickets[a].m_def->m_id < tickets[b].m_def->m_id; });
        q.m_subjectRanks = rank([&](size_t a, size_t b) { return subjects[a] < subjects[b]; });
        q.m_rowsStamp = 0;
    }
    // Stamps start at 1, so a stamp of 0 never matches.
    if (q.m_rowsStamp == sim.StateStamp() && q.m_rowsStatus == q.m_status && q.m_rowsPriority == q.m_priority &&
        q.m_rowsFilter == q.m_filter)
        return false;
    q.m_rowsStamp = sim.StateStamp();
    q.m_rowsStatus = q.m_status;
    q.m_rowsPriority = q.m_priority;
    q.m_rowsFilter = q.m_filter;
    q.m_sortColumn = -2;
    q.m_rows.clear();
    const std::string needle = Lower(q.m_filter);
    for (size_t i = 0; i < tickets.size(); ++i) {
        const TicketState& t = tickets[i];
        if (t.m_status == TicketStatus::NotArrived || !StatusMatches(q.m_status, t)) continue;
        if (q.m_priority >= 0 && ShownPriority(t) != q.m_priority) continue;
        if (!needle.empty() && q.m_haystacks[i].find(needle) == std::string::npos) continue;
        q.m_rows.push_back(i);
    }
    return true;
}

void SortQueueRows(QueueView& q, const Simulation& sim, int column, bool ascending) {
    if (column == q.m_sortColumn && ascending == q.m_sortAscending) return;
    q.m_sortColumn = column;
    q.m_sortAscending = ascending;
    if (column < 0) {
        std::sort(q.m_rows.begin(), q.m_rows.end());
        return;
    }
    // Keys computed once per row, with ranks in place of text.
    struct Key {
        long long m_number;
        std::uint32_t m_rank; // the id's or subject's place in text order
        bool operator<(const Key& o) const { return m_number != o.m_number ? m_number < o.m_number : m_rank < o.m_rank; }
    };
    const std::vector<TicketState>& tickets = sim.Tickets();
    auto key = [&](size_t i) -> Key {
        const TicketState& t = tickets[i];
        const std::uint32_t id = q.m_idRanks[i];
        switch (column) {
        case kQueueColSubject: return {0, q.m_subjectRanks[i]};
        case kQueueColPriority: return {ShownPriority(t) < 0 ? 1000 : ShownPriority(t), id};
        case kQueueColStatus: return {static_cast<long long>(t.m_status), id};
        case kQueueColArrived: return {t.m_arrives, id};
        case kQueueColSla: return {IsWorkable(t) ? sim.ResolutionRemaining(t) : (1LL << 40), id};
        default: return {0, id};
        }
    };
    std::vector<Key> keys(tickets.size(), Key{0, 0});
    for (size_t i : q.m_rows) keys[i] = key(i);
    std::stable_sort(q.m_rows.begin(), q.m_rows.end(),
                     [&](size_t a, size_t b) { return ascending ? keys[a] < keys[b] : keys[b] < keys[a]; });
}

int SlaRank(SlaState s) { return s == SlaState::Breached ? 3 : s == SlaState::Warned ? 2 : s == SlaState::Running ? 1 : 0; }

std::optional<SimTime> FirstResponseLeft(const Simulation& sim, const TicketState& t) {
    if (t.m_firstResponseAt || t.m_status == TicketStatus::NotArrived) return std::nullopt;
    const Severity* sev = sim.SlaSeverity(t);
    if (!sev || sev->m_firstResponse <= 0) return std::nullopt;
    return sev->m_firstResponse - sim.FirstResponseElapsed(t);
}

QueueSlaCell QueueSla(const Simulation& sim, const TicketState& t) {
    const SlaState fr = sim.FirstResponseSla(t), rs = sim.ResolutionSla(t);
    const bool firstWorse = SlaRank(fr) > SlaRank(rs);
    QueueSlaCell c;
    c.m_state = firstWorse ? fr : rs;
    if (IsWorkable(t)) {
        const std::optional<SimTime> frLeft = FirstResponseLeft(sim, t);
        if (firstWorse && frLeft) {
            c.m_text = *frLeft >= 0 ? "reply in " + FormatClock(*frLeft) : "reply " + FormatClock(-*frLeft) + " over";
        } else {
            const SimTime left = sim.ResolutionRemaining(t);
            c.m_text = left >= 0 ? FormatClock(left) + " left" : FormatClock(-left) + " over";
            if (firstWorse) c.m_why = "The first response came after its target"; // answered, but late
        }
        return c;
    }
    c.m_text = c.m_state == SlaState::Breached ? "breached" : c.m_state == SlaState::Warned ? "late" : "met";
    if (firstWorse && fr != SlaState::Met) c.m_why = "The first response came after its target";
    return c;
}

} // namespace sl::ui
