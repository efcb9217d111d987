// SupportLab server-link tests: the live room — three trainees, one offline for a while, and planned, delayed and contingency injects.
#include "../core/fixtures.hpp"
#include "../store/pg_cluster.hpp"
#include "../store/store_test_util.hpp"
#include "server_link/room.hpp"
#include "store/attempt_recorder.hpp"
#include "store/delivery.hpp"
#include "store/pg_admin.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sl::test {
namespace {

constexpr SimTime kMinute = 60;

// One trainee's machine: her outbox (SQLite), the attempt she records into it, and her own
// connection to the server for delivering and for reading the room, as the app has them.
struct Machine {
    explicit Machine(std::string name) : m_name(std::move(name)) {}
    std::string m_name;
    std::unique_ptr<SqliteStore> m_outbox;
    std::unique_ptr<PgStore> m_server;
    std::optional<AttemptRecorder> m_run;
    bool m_online = true;
    WallTime m_clockSkew = 0; // added to the wall clock of her events (a late arrival reads late)
};

// A cluster with tess (trainer) and three trainees of cohort spring; the scenario from the core
// tests: an outage planned at 0:30 bringing two calls, a vendor delay, a library broadcast and a
// contingency (the owner calls unless both calls are linked 20 minutes after the outage).
class Room : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        m_cluster = PgCluster::Shared(&error);
        ASSERT_NE(m_cluster, nullptr) << error;
        m_dbName = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_dbName.empty()) << error;
        m_admin = m_cluster->Conninfo(m_dbName);
        ASSERT_TRUE(PgInitServer(m_admin).Ok());
        // Roles belong to the cluster, which other tests share: each test's people have names of its own.
        ASSERT_TRUE(PgAddUser(m_admin, PgNewUser{Name("tess"), PgRole::Trainer, "", "tess-pass-1"}).Ok());
        for (const char* name : {"ana", "ben", "cy"})
            ASSERT_TRUE(PgAddUser(m_admin, PgNewUser{Name(name), PgRole::Trainee, "spring", "pass-1"}).Ok());
        m_trainer = Open(Name("tess"), "tess-pass-1");
        ASSERT_NE(m_trainer, nullptr);
        ASSERT_TRUE(m_trainer->PutLab(LabInfo{"lab-1", "Lab", 70.0}).Ok());
        LabSession s;
        s.m_labId = "lab-1";
        s.m_cohort = "spring";
        s.m_trainer = "Tess";
        s.m_startedWall = 1000;
        auto started = m_trainer->StartLabSession(s);
        ASSERT_TRUE(started.Ok()) << started.Error().m_message;
        m_session = started.Value();
        m_scenario = MakeInjectScenario();
        m_scenario.m_contentHash = "inject-test-hash";
    }

    std::string Name(const std::string& who) const { return who + "_" + m_dbName; }

    std::unique_ptr<PgStore> Open(const std::string& user, const std::string& password) {
        PgOpenOptions o;
        o.m_migrate = false;
        o.m_password = password;
        auto r = PgStore::Open(m_admin + " user=" + user, o);
        EXPECT_TRUE(r.Ok()) << r.Error().m_message;
        return r.Ok() ? std::move(r.Value()) : nullptr;
    }

    // Her machine starts the scenario in the session (the session copied into her outbox, as the
    // app's trainee screens do on arrival).
    void Join(Machine& m) {
        m.m_server = Open(m.m_name, "pass-1");
        ASSERT_NE(m.m_server, nullptr);
        auto outbox = SqliteStore::Open(m_dir.File(m.m_name + ".db"));
        ASSERT_TRUE(outbox.Ok());
        m.m_outbox = std::move(outbox.Value());
        auto me = m.m_outbox->FindOrAddTrainee(m.m_name, "spring");
        ASSERT_TRUE(me.Ok());
        auto local = m.m_outbox->StartLabSession(m_session);
        ASSERT_TRUE(local.Ok());
        Attempt a;
        a.m_traineeId = me->m_id;
        a.m_sessionId = local->m_id;
        a.m_labId = "lab-1";
        a.m_moduleId = "drill";
        a.m_seed = 11;
        Machine* self = &m;
        auto run = AttemptRecorder::Start(*m.m_outbox, m_scenario, a, [self] { return SystemWallClockMs() + self->m_clockSkew; });
        ASSERT_TRUE(run.Ok()) << run.Error().m_message;
        m.m_run.emplace(std::move(run.Value()));
    }

    // One round of her machine's agent, when online: deliver, say she is here, and add the room's
    // instructions her log lacks (what the app does every 2 s).
    void Round(Machine& m) {
        if (!m.m_online) return;
        auto delivered = Deliver(*m.m_outbox, *m.m_server, "server", DeliveryOptions{});
        ASSERT_TRUE(delivered.Ok()) << delivered.Error().m_message;
        ASSERT_TRUE(m.m_server->Heartbeat(m_session.m_id, "drill", m.m_run->AttemptRecord().m_uid, m.m_run->Sim().Now()).Ok());
        auto room = m.m_server->Room(m_session.m_id, 0);
        ASSERT_TRUE(room.Ok()) << room.Error().m_message;
        for (const Action& a : InstructionsToApply(Instructions(room.Value()), m.m_run->Sim()))
            ASSERT_TRUE(m.m_run->Apply(a).m_apply.m_ok);
        ASSERT_TRUE(Deliver(*m.m_outbox, *m.m_server, "server", DeliveryOptions{}).Ok());
    }

    void Fire(const std::string& inject, const std::string& op, std::optional<SimTime> due = std::nullopt) {
        auto seq = m_trainer->FireInject(m_session.m_id, m_scenario.m_id, inject, op, due);
        ASSERT_TRUE(seq.Ok()) << seq.Error().m_message;
    }

    static void Play(Machine& m, const std::string& line) { ASSERT_TRUE(m.m_run->Apply(A(line)).m_apply.m_ok) << m.m_name << ": " << line; }

    PgCluster* m_cluster = nullptr;
    std::string m_dbName, m_admin;
    TempDir m_dir;
    std::unique_ptr<PgStore> m_trainer;
    LabSession m_session;
    Scenario m_scenario;
};

const InjectState& Fired(const Simulation& sim, const std::string& id) {
    const InjectState* s = sim.FindInject(id);
    EXPECT_NE(s, nullptr);
    static const InjectState none;
    return s ? *s : none;
}

int Inject(const Simulation& sim, const std::string& id) {
    return static_cast<int>(std::count_if(sim.RoomLog().begin(), sim.RoomLog().end(), [&](const TicketLogEntry& e) {
        return e.m_text.rfind("Inject: ", 0) == 0 && e.m_text.find(sim.FindInject(id)->m_def->m_title) != std::string::npos;
    }));
}

TEST_F(Room, ThreeTraineesOneOfflineGetEveryInjectOnceAtItsTime) {
    Machine ana(Name("ana")), ben(Name("ben")), cy(Name("cy"));
    for (Machine* m : {&ana, &ben, &cy}) ASSERT_NO_FATAL_FAILURE(Join(*m));
    std::vector<Machine*> all{&ana, &ben, &cy};

    // 0:05: the trainer delays the planned outage to 0:35; everyone is online.
    for (Machine* m : all) m->m_run->AdvanceTo(5 * kMinute);
    Fire("outage", "at", 35 * kMinute);
    for (Machine* m : all) ASSERT_NO_FATAL_FAILURE(Round(*m));

    // 0:10: cy's network drops; her machine keeps recording into the outbox.
    cy.m_online = false;
    cy.m_clockSkew = 60'000; // her events from now on are a minute later in wall time than the others'
    for (Machine* m : all) m->m_run->AdvanceTo(20 * kMinute);
    Fire("restored", "now"); // a library inject, fired by hand
    for (Machine* m : all) ASSERT_NO_FATAL_FAILURE(Round(*m));

    // 0:40: the outage fired at 0:35 everywhere; ana links both calls, ben and cy do not.
    for (Machine* m : all) m->m_run->AdvanceTo(40 * kMinute);
    ASSERT_NO_FATAL_FAILURE(Play(ana, "link call-1 vpn"));
    ASSERT_NO_FATAL_FAILURE(Play(ana, "link call-2 vpn"));
    for (Machine* m : all) m->m_run->AdvanceTo(60 * kMinute);
    for (Machine* m : all) ASSERT_NO_FATAL_FAILURE(Round(*m));

    // The room before cy is back: her row says she has not received the library inject.
    std::vector<const Scenario*> shelf{&m_scenario};
    auto before = ReadRoom(*m_trainer, m_session.m_id);
    ASSERT_TRUE(before.Ok()) << before.Error().m_message;
    const RoomStatus waiting = BuildRoomStatus(before.Value(), shelf);
    ASSERT_EQ(waiting.m_trainees.size(), 3u);
    for (const RoomTraineeRow& r : waiting.m_trainees) {
        if (r.m_name == cy.m_name) {
            EXPECT_EQ(r.m_injectsReceived, 1) << "the delay reached her before she went offline";
            EXPECT_EQ(r.m_injectsWaiting, 1);
        } else {
            EXPECT_TRUE(r.m_online) << r.m_name;
            EXPECT_EQ(r.m_injectsReceived, 2) << r.m_name;
            EXPECT_EQ(r.m_problem, "") << r.m_name;
        }
    }

    // 1:00: cy reconnects; the library inject reaches her now, late, at her simulated time.
    cy.m_online = true;
    ASSERT_NO_FATAL_FAILURE(Round(cy));

    for (Machine* m : all) {
        const Simulation& sim = m->m_run->Sim();
        SCOPED_TRACE(m->m_name);
        EXPECT_EQ(Inject(sim, "vendor-delay"), 1);
        EXPECT_EQ(Fired(sim, "vendor-delay").m_firedAt, 10 * kMinute) << "a planned inject fires by itself, offline or not";
        EXPECT_EQ(Fired(sim, "vendor-delay").m_firedBy, InjectSource::Plan);
        EXPECT_EQ(Inject(sim, "outage"), 1);
        EXPECT_EQ(Fired(sim, "outage").m_firedAt, 35 * kMinute) << "the delay holds in every run";
        EXPECT_EQ(Inject(sim, "restored"), 1);
        EXPECT_EQ(Fired(sim, "restored").m_firedAt, m == &cy ? 60 * kMinute : 20 * kMinute);
        EXPECT_EQ(Inject(sim, "owner-calls"), m == &ana ? 0 : 1);
        if (m != &ana) {
            EXPECT_EQ(Fired(sim, "owner-calls").m_firedAt, 55 * kMinute) << "20 minutes after the outage";
        }
        size_t injects = 0;
        for (const LoggedAction& la : sim.Log()) injects += la.m_action.m_type == ActionType::Inject;
        EXPECT_EQ(injects, 2u) << "each instruction once in her log";
        ASSERT_TRUE(Deliver(*m->m_outbox, *m->m_server, "server", DeliveryOptions{}).Ok());
    }

    // The control room's view: cy's library inject arrived late; no log differs from the room.
    auto after = ReadRoom(*m_trainer, m_session.m_id);
    ASSERT_TRUE(after.Ok());
    const RoomStatus status = BuildRoomStatus(after.Value(), shelf);
    for (const RoomTraineeRow& r : status.m_trainees) {
        EXPECT_EQ(r.m_injectsReceived, 2) << r.m_name;
        EXPECT_EQ(r.m_injectsWaiting, 0) << r.m_name;
        EXPECT_EQ(r.m_injectsLate, r.m_name == cy.m_name ? 1 : 0) << r.m_name;
        EXPECT_EQ(r.m_problem, "") << r.m_name;
        EXPECT_EQ(r.m_simTime, 60 * kMinute) << r.m_name;
        ASSERT_TRUE(r.m_scorePercent.has_value()) << "a practice session shows the score so far";
    }
    ASSERT_EQ(status.m_injects.size(), 2u);
    EXPECT_EQ(status.m_injects[1].m_received, 3);
    EXPECT_EQ(status.m_injects[1].m_late, 1);
    const std::string json = RoomStatusJson(status);
    EXPECT_NE(json.find("\"injects_late\":1"), std::string::npos) << json;

    // Replay and rescore from the server's logs give the live state: the same injects at the same
    // times, and the same score.
    for (Machine* m : all) {
        SCOPED_TRACE(m->m_name);
        AttemptFilter f;
        f.m_sessionId = m_session.m_id;
        auto attempts = m_trainer->Attempts(f);
        ASSERT_TRUE(attempts.Ok());
        const Attempt* stored = nullptr;
        for (const Attempt& a : attempts.Value())
            if (a.m_uid == m->m_run->AttemptRecord().m_uid) stored = &a;
        ASSERT_NE(stored, nullptr);
        auto log = m_trainer->Events(stored->m_id);
        ASSERT_TRUE(log.Ok());
        Simulation replayed(m_scenario, stored->m_seed);
        ASSERT_TRUE(ReplayInto(replayed, log.Value()).Ok());
        replayed.AdvanceTo(m->m_run->Sim().Now());
        const Simulation& live = m->m_run->Sim();
        ASSERT_EQ(replayed.RoomLog().size(), live.RoomLog().size());
        for (size_t i = 0; i < live.RoomLog().size(); ++i) {
            EXPECT_EQ(replayed.RoomLog()[i].m_at, live.RoomLog()[i].m_at);
            EXPECT_EQ(replayed.RoomLog()[i].m_text, live.RoomLog()[i].m_text);
        }
        EXPECT_DOUBLE_EQ(Score(replayed).m_total, Score(live).m_total);
        auto rescored = ReplayEvents(m_scenario, stored->m_seed, log.Value(), live.Now(), nullptr);
        ASSERT_TRUE(rescored.Ok());
        EXPECT_DOUBLE_EQ(rescored->m_total, Score(live).m_total);
    }
}

TEST_F(Room, OnlyStaffSendInjectsAndATraineeReadsOnlyHerCohortsRoom) {
    Machine ana(Name("ana"));
    ASSERT_NO_FATAL_FAILURE(Join(ana));
    auto refused = ana.m_server->FireInject(m_session.m_id, m_scenario.m_id, "outage", "now", std::nullopt);
    ASSERT_FALSE(refused.Ok());
    EXPECT_EQ(refused.Error().m_kind, StoreErrorKind::ReadOnly) << refused.Error().m_message;
    EXPECT_FALSE(ana.m_server->SetRoomPaused(m_session.m_id, 5000).Ok());
    Fire("restored", "now");
    auto room = ana.m_server->Room(m_session.m_id, 0);
    ASSERT_TRUE(room.Ok()) << room.Error().m_message;
    ASSERT_EQ(room->m_injects.size(), 1u);
    EXPECT_EQ(room->m_injects[0].m_firedBy, "") << "a trainee is not told who sent it";
    EXPECT_FALSE(ana.m_server->Presence(m_session.m_id).Ok()) << "who is present is for staff";

    // Another cohort's session: she sees none of its instructions.
    LabSession other = m_session;
    other.m_cohort = "autumn";
    auto started = m_trainer->StartLabSession(other);
    ASSERT_TRUE(started.Ok());
    ASSERT_TRUE(m_trainer->FireInject(started->m_id, m_scenario.m_id, "restored", "now", std::nullopt).Ok());
    auto theirs = ana.m_server->Room(started->m_id, 0);
    ASSERT_TRUE(theirs.Ok());
    EXPECT_TRUE(theirs->m_injects.empty());

    // Pausing is the trainer's; the room says so to everyone.
    ASSERT_TRUE(m_trainer->SetRoomPaused(m_session.m_id, 5000).Ok());
    auto paused = ana.m_server->Room(m_session.m_id, 1);
    ASSERT_TRUE(paused.Ok());
    EXPECT_EQ(paused->m_pausedWall, 5000);
    EXPECT_TRUE(paused->m_injects.empty()) << "only those after the number asked for";
    // Bad instructions never reach the table.
    EXPECT_FALSE(m_trainer->FireInject(m_session.m_id, m_scenario.m_id, "outage", "later", std::nullopt).Ok());
    EXPECT_FALSE(m_trainer->FireInject(m_session.m_id, m_scenario.m_id, "outage", "at", std::nullopt).Ok());
    EXPECT_FALSE(m_trainer->FireInject(999, m_scenario.m_id, "outage", "now", std::nullopt).Ok());
}

} // namespace
} // namespace sl::test
