// SupportLab UI: the ticket queue's rows without drawing — filter, sort, and the SLA cell — pure functions.
#pragma once

#include "ui/app_state.hpp"

#include <optional>
#include <string>

namespace sl::ui {

// The queue's columns, in order; the table's column user ids and SortQueueRows' column.
enum QueueColumn { kQueueColId, kQueueColSubject, kQueueColPriority, kQueueColStatus, kQueueColArrived, kQueueColSla, kQueueColCount };

// The status filter's names, in QueueStatusFilter's order.
inline constexpr const char* kStatusFilterNames[] = {"Open", "New", "In progress", "Pending", "Escalated", "Resolved", "All"};
inline constexpr int kStatusFilterCount = 7;
bool StatusMatches(QueueStatusFilter f, const TicketState& t);

// Rebuilds q.m_rows (indices into sim.Tickets(): arrived, passing the status, priority and text
// filters, in ticket order) when the attempt's state or a filter changed since the last call, and
// then asks for a new sort. Text matches id, subject or user, ignoring case. Returns true when rebuilt.
bool FilterQueueRows(QueueView& q, const Simulation& sim);
// Sorts q.m_rows by a column (QueueColumn; -1: ticket order) when the rows or the order changed.
// Ties keep id order. Priority sorts untriaged-and-unknown last; SLA sorts by resolution time left,
// whose order does not change as the clock runs (every open ticket loses the same time).
void SortQueueRows(QueueView& q, const Simulation& sim, int column, bool ascending);

// How bad an SLA state is, for "the worse of the two clocks".
int SlaRank(SlaState s);
// Time left on the first-response target, or nullopt when it no longer applies.
std::optional<SimTime> FirstResponseLeft(const Simulation& sim, const TicketState& t);
// The queue's SLA cell: the worse of the first-response and resolution clocks, coloured as the
// detail view colours that clock. Open tickets show the time left on it (or over); done ones, its state.
struct QueueSlaCell {
    std::string m_text;
    SlaState m_state = SlaState::Running;
    const char* m_why = nullptr; // tooltip: which clock made the colour, when not the one shown
};
QueueSlaCell QueueSla(const Simulation& sim, const TicketState& t);

} // namespace sl::ui
