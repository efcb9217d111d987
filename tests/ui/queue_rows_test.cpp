// SupportLab UI tests: the queue's rows without drawing — filter, sort and the SLA cell (pure functions).
#include "ui/queue_rows.hpp"

#include "../core/fixtures.hpp"

#include <gtest/gtest.h>

namespace sl::ui {
namespace {

using test::Play;

// The rows' ticket ids, in order.
std::vector<std::string> Ids(const QueueView& q, const Simulation& sim) {
    std::vector<std::string> out;
    for (size_t i : q.m_rows) out.push_back(sim.Tickets()[i].m_def->m_id);
    return out;
}

// The drill at 0:03: wifi-1, portal and wifi-2 have arrived (at 0:00, 0:01, 0:02).
Simulation ArrivedDrill() {
    static const Scenario s = test::MakeDrillScenario();
    Simulation sim(s, 1);
    sim.AdvanceTo(180);
    return sim;
}

TEST(UiQueueRows, FiltersByStatusPriorityAndTextIgnoringCase) {
    const Scenario s = test::MakeDrillScenario();
    Simulation sim(s, 1);
    QueueView q;
    sim.AdvanceTo(90);
    EXPECT_TRUE(FilterQueueRows(q, sim));
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"wifi-1", "portal"})) << "wifi-2 has not arrived";
    EXPECT_FALSE(FilterQueueRows(q, sim)) << "nothing changed: not rebuilt";

    sim.AdvanceTo(180);
    EXPECT_TRUE(FilterQueueRows(q, sim)) << "an arrival changes the state";
    q.m_filter = "WIFI";
    FilterQueueRows(q, sim);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"wifi-1", "wifi-2"}));
    q.m_filter = "portal shows";
    FilterQueueRows(q, sim);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"portal"})) << "the subject matches too";

    q.m_filter.clear();
    Play(sim, {"triage portal category=infra impact=high urgency=high"});
    q.m_priority = 0;
    FilterQueueRows(q, sim);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"portal"})) << "only the sev1 ticket";
    q.m_priority = -1;
    Play(sim, {"resolve portal fixed"});
    q.m_status = QueueStatusFilter::Open;
    FilterQueueRows(q, sim);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"wifi-1", "wifi-2"}));
    q.m_status = QueueStatusFilter::Resolved;
    FilterQueueRows(q, sim);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"portal"}));
}

TEST(UiQueueRows, SortsByAColumnWithTiesInIdOrder) {
    Simulation sim = ArrivedDrill();
    QueueView q;
    FilterQueueRows(q, sim);
    SortQueueRows(q, sim, kQueueColId, true);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"portal", "wifi-1", "wifi-2"}));
    SortQueueRows(q, sim, kQueueColId, false);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"wifi-2", "wifi-1", "portal"}));
    SortQueueRows(q, sim, kQueueColArrived, true);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"wifi-1", "portal", "wifi-2"}));
    // Triaged wifi-2 to sev1: first by priority; the other two tie and keep id order.
    Play(sim, {"triage wifi-2 category=device impact=high urgency=high"});
    FilterQueueRows(q, sim); // the state changed: rows rebuilt, and a new sort asked for
    SortQueueRows(q, sim, kQueueColPriority, true);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"wifi-2", "portal", "wifi-1"}));
    SortQueueRows(q, sim, -1, true);
    EXPECT_EQ(Ids(q, sim), (std::vector<std::string>{"wifi-1", "wifi-2", "portal"})) << "no sort: ticket order";
}

// The queue shows the worse of the two SLA clocks: a resolved ticket whose first reply was late
// is breached, not "met", and says which clock made it so.
TEST(UiQueueRows, TheSlaCellShowsTheWorseOfTheTwoClocks) {
    const Scenario s = test::MakeCommonScenario();
    Simulation sim(s, 1);
    const TicketState& t = *sim.FindTicket("t-os");
    sim.AdvanceTo(600);
    QueueSlaCell open = QueueSla(sim, t);
    EXPECT_EQ(open.m_state, SlaState::Running);
    ASSERT_TRUE(FirstResponseLeft(sim, t));
    sim.AdvanceTo(2 * 3600); // the 1 h first-response target of sev3 has passed
    open = QueueSla(sim, t);
    EXPECT_EQ(open.m_state, SlaState::Breached);
    EXPECT_EQ(open.m_text.rfind("reply ", 0), 0u) << open.m_text;
    EXPECT_NE(open.m_text.find("over"), std::string::npos) << open.m_text;
    Play(sim, {"resolve t-os fixed"});
    const QueueSlaCell done = QueueSla(sim, t);
    EXPECT_EQ(done.m_state, SlaState::Breached);
    EXPECT_EQ(done.m_text, "breached");
    ASSERT_NE(done.m_why, nullptr);
    EXPECT_EQ(SlaRank(SlaState::Breached), 3);
    EXPECT_GT(SlaRank(SlaState::Warned), SlaRank(SlaState::Running));
}

} // namespace
} // namespace sl::ui
