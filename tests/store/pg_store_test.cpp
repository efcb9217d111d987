// SupportLab store tests: PgStore's own behaviour — migrations, reconnects, errors, passwords.

// [SECTION] Fixture
// [SECTION] Schema versions and migrating
// [SECTION] Lost connections and a stopped server
// [SECTION] Error kinds and concurrency
// [SECTION] Location

#include "pg_cluster.hpp"
#include "store/pg_schema.hpp"
#include "store/pg_store.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace sl::test {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Fixture
//-----------------------------------------------------------------------------

// A fresh database of the shared cluster per test.
class PgStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        m_cluster = PgCluster::Shared(&error);
        ASSERT_NE(m_cluster, nullptr) << error;
        m_db = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_db.empty()) << error;
    }
    std::string Conninfo() const { return m_cluster->Conninfo(m_db); }
    std::unique_ptr<PgStore> OpenOrFail(const PgOpenOptions& o = {}) {
        auto r = PgStore::Open(Conninfo(), o);
        EXPECT_TRUE(r.Ok()) << (r.Ok() ? "" : r.Error().m_message);
        return r.Ok() ? std::move(r.Value()) : nullptr;
    }
    std::string Value(const std::string& sql) const {
        std::string error;
        const std::string v = m_cluster->QueryValue(m_db, sql, &error);
        EXPECT_EQ(error, "") << sql;
        return v;
    }
    void Sql(const std::string& sql) const { EXPECT_EQ(m_cluster->Exec(m_db, sql), "") << sql; }

    // Ends the store's server process and waits until it is gone, as a server restart or an
    // administrator would between two of the store's operations.
    void KillBackend(const PgStore& store) {
        const int pid = store.BackendPid();
        ASSERT_GT(pid, 0);
        EXPECT_EQ(Value("SELECT pg_terminate_backend(" + std::to_string(pid) + ")"), "t");
        for (int i = 0; i < 500; ++i) {
            if (Value("SELECT count(*) FROM pg_stat_activity WHERE pid = " + std::to_string(pid)) == "0") return;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        FAIL() << "backend " << pid << " did not end";
    }

    PgCluster* m_cluster = nullptr;
    std::string m_db;
};

// Runs body in `count` child processes released at the same moment; each child's exit status is
// body's (0 for success). Children leave with _exit: no gtest or static teardown in them.
std::vector<int> RaceInChildren(int count, const std::function<int()>& body) {
    int go[2];
    if (::pipe(go) != 0) return {};
    std::vector<pid_t> pids;
    for (int i = 0; i < count; ++i) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(go[1]);
            char byte;
            while (::read(go[0], &byte, 1) < 0 && errno == EINTR) {
            }
            ::_exit(body());
        }
        pids.push_back(pid);
    }
    ::close(go[0]);
    ::close(go[1]); // end of file releases every child at once
    std::vector<int> codes;
    for (pid_t pid : pids) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 100);
    }
    return codes;
}

//-----------------------------------------------------------------------------
// [SECTION] Schema versions and migrating
//-----------------------------------------------------------------------------

TEST_F(PgStoreTest, OpeningMigratesANewDatabaseOnce) {
    auto store = OpenOrFail();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->SchemaVersion(), pg_schema::kVersion);
    EXPECT_EQ(Value("SELECT version FROM supportlab.schema_version"), std::to_string(pg_schema::kVersion));
    ASSERT_TRUE(store->AddCohort("spring").Ok());
    store.reset();
    store = OpenOrFail(); // already current: nothing to do, data kept
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->Cohorts().Value(), std::vector<std::string>{"spring"});
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.schema_version"), "1");
}

TEST_F(PgStoreTest, ANewerSchemaIsRefusedAndLeftUntouched) {
    ASSERT_NE(OpenOrFail(), nullptr);
    Sql("INSERT INTO supportlab.cohorts(name) VALUES ('kept')");
    Sql("UPDATE supportlab.schema_version SET version = " + std::to_string(pg_schema::kVersion + 1));
    const std::string catalog = "SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname) FROM pg_class c "
                                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'supportlab'";
    const std::string before = Value(catalog);
    for (bool migrate : {true, false}) {
        PgOpenOptions o;
        o.m_migrate = migrate;
        auto r = PgStore::Open(Conninfo(), o);
        ASSERT_FALSE(r.Ok());
        EXPECT_EQ(r.Error().m_kind, StoreErrorKind::NewerSchema) << r.Error().m_message;
        EXPECT_NE(r.Error().m_message.find("newer"), std::string::npos) << r.Error().m_message;
    }
    EXPECT_EQ(Value(catalog), before);
    EXPECT_EQ(Value("SELECT version FROM supportlab.schema_version"), std::to_string(pg_schema::kVersion + 1));
    EXPECT_EQ(Value("SELECT string_agg(name, ',') FROM supportlab.cohorts"), "kept");
}

// A server at each older version (as `server init` left it in an earlier release), holding an
// attempt with events, migrates on open and keeps working: the log, its counters and the append
// rules carry over.
TEST_F(PgStoreTest, EachOlderSchemaMigratesKeepingItsAttempts) {
    for (int from = 1; from < pg_schema::kVersion; ++from) {
        SCOPED_TRACE("from version " + std::to_string(from));
        std::string error;
        m_db = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_db.empty()) << error;
        for (int v = 1; v <= from; ++v) Sql(pg_schema::kMigrations[v - 1]);
        Sql("INSERT INTO supportlab.schema_version(id, version) VALUES (1, " + std::to_string(from) + ")");
        Sql("INSERT INTO supportlab.trainees(name) VALUES ('Ana')");
        Sql("INSERT INTO supportlab.attempts(trainee_id, scenario_id, content_hash, format_version, seed, started_wall) "
            "VALUES (1, 'plan', 'h', 1, 7, 1000)");
        Sql("INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action) VALUES (1, 0, 0, 1000, 'ack t')");
        Sql("INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action) VALUES (1, 1, 60, 2000, 'wait 1m')");

        auto store = OpenOrFail();
        ASSERT_NE(store, nullptr);
        EXPECT_EQ(Value("SELECT version FROM supportlab.schema_version"), std::to_string(pg_schema::kVersion));
        EXPECT_TRUE(store->AppendEvent(Event{1, 2, 120, 3000, "wait 1m", std::nullopt}).Ok());
        const StoreStatus gap = store->AppendEvent(Event{1, 4, 180, 4000, "wait 1m", std::nullopt});
        EXPECT_FALSE(gap.Ok()); // out of sequence, as before
        EXPECT_EQ(Value("SELECT event_count || ',' || last_wall FROM supportlab.attempts WHERE id = 1"), "3,3000");
        auto events = store->Events(1);
        ASSERT_TRUE(events.Ok());
        EXPECT_EQ(events->size(), 3u);
        // The chain given to the older log by the migration, and continued by the trigger, holds.
        auto chains = store->VerifyEventChains();
        ASSERT_TRUE(chains.Ok()) << chains.Error().m_message;
        EXPECT_EQ(chains->m_events, 3);
        EXPECT_TRUE(chains->m_problems.empty()) << chains->m_problems.at(0).m_what;
    }
}

TEST_F(PgStoreTest, WithoutMigrationAnEmptyDatabaseIsRefusedAndLeftEmpty) {
    PgOpenOptions o;
    o.m_migrate = false;
    auto r = PgStore::Open(Conninfo(), o);
    ASSERT_FALSE(r.Ok());
    EXPECT_EQ(r.Error().m_kind, StoreErrorKind::NotFound) << r.Error().m_message;
    EXPECT_EQ(Value("SELECT count(*) FROM pg_namespace WHERE nspname = 'supportlab'"), "0");
}

TEST_F(PgStoreTest, ProcessesMigratingANewDatabaseAtOnceAllSucceed) {
    std::string error;
    for (int round = 0; round < 3; ++round) {
        const std::string db = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(db.empty()) << error;
        const std::string conninfo = m_cluster->Conninfo(db);
        const auto codes = RaceInChildren(4, [&]() {
            auto r = PgStore::Open(conninfo);
            if (!r.Ok()) std::fprintf(stderr, "child: %s\n", r.Error().m_message.c_str());
            return r.Ok() && r.Value()->SchemaVersion() == pg_schema::kVersion ? 0 : 1;
        });
        EXPECT_EQ(codes, std::vector<int>(4, 0)) << "round " << round;
        EXPECT_EQ(m_cluster->QueryValue(db, "SELECT count(*) || ':' || max(version) FROM supportlab.schema_version"),
                  "1:" + std::to_string(pg_schema::kVersion));
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Lost connections and a stopped server
//-----------------------------------------------------------------------------

TEST_F(PgStoreTest, AKilledConnectionIsReopenedAndNothingIsWrittenTwice) {
    auto store = OpenOrFail();
    ASSERT_NE(store, nullptr);
    auto ana = store->AddTrainee("Ana", "");
    ASSERT_TRUE(ana.Ok());
    Attempt a;
    a.m_traineeId = ana->m_id;
    a.m_scenarioId = "s";
    auto attempt = store->StartAttempt(a);
    ASSERT_TRUE(attempt.Ok());
    ASSERT_TRUE(store->AppendEvent(Event{attempt->m_id, 0, 0, 1, "ack t-os", {}}).Ok());
    const int firstPid = store->BackendPid();

    // An idempotent write: reconnects, prepares its statement again, commits once.
    KillBackend(*store);
    auto st = store->AppendEvent(Event{attempt->m_id, 1, 60, 2, "wait 1m", {}});
    ASSERT_TRUE(st.Ok()) << st.Error().m_message;
    EXPECT_NE(store->BackendPid(), firstPid);
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events"), "2");

    // A write that is not idempotent: the connection found closed before it runs is reopened first.
    KillBackend(*store);
    auto second = store->StartAttempt(a);
    ASSERT_TRUE(second.Ok()) << second.Error().m_message;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts"), "2");

    // A read, and the statements prepared on the new connection keep working.
    KillBackend(*store);
    auto events = store->Events(attempt->m_id);
    ASSERT_TRUE(events.Ok()) << events.Error().m_message;
    EXPECT_EQ(events->size(), 2u);
    EXPECT_TRUE(store->AppendEvent(Event{attempt->m_id, 2, 120, 3, "wait 1m", {}}).Ok());
    EXPECT_EQ(store->GetAttempt(attempt->m_id)->m_eventCount, 3);
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.events"), "3");
}

class PgStoreKillTest : public PgStoreTest {
protected:
    // Runs `write` on a thread while another session holds `lock`; the store's backend is ended
    // while it waits on that lock, and the lock is released. Returns the write's outcome.
    template <class R>
    R KilledWhileWaiting(PgStore& store, const std::string& lock, const std::function<R()>& write) {
        PGconn* other = PQconnectdb(Conninfo().c_str());
        EXPECT_EQ(PQstatus(other), CONNECTION_OK);
        PQclear(PQexec(other, ("BEGIN; " + lock).c_str()));
        const int pid = store.BackendPid();
        std::optional<R> out;
        std::thread writer([&]() { out.emplace(write()); });
        bool waiting = false;
        for (int i = 0; i < 1000 && !waiting; ++i) {
            waiting = Value("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid = " +
                            std::to_string(pid)) == "1";
            if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        EXPECT_TRUE(waiting) << "the write never waited on the lock";
        EXPECT_EQ(Value("SELECT pg_terminate_backend(" + std::to_string(pid) + ")"), "t");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        PQclear(PQexec(other, "ROLLBACK"));
        PQfinish(other);
        writer.join();
        return *out;
    }
};

TEST_F(PgStoreKillTest, AWriteLostBeforeItsCommitIsRepeatedAndSavedOnce) {
    auto store = OpenOrFail();
    ASSERT_NE(store, nullptr);
    const int firstPid = store->BackendPid();
    // AddTrainee is one transaction; it is ended while waiting, before COMMIT was sent.
    auto added = KilledWhileWaiting<StoreResult<Trainee>>(
        *store, "LOCK TABLE supportlab.trainees IN EXCLUSIVE MODE", [&]() { return store->AddTrainee("Ana", ""); });
    ASSERT_TRUE(added.Ok()) << added.Error().m_message;
    EXPECT_NE(store->BackendPid(), firstPid);
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.trainees WHERE name = 'Ana'"), "1");
}

TEST_F(PgStoreKillTest, AWriteLostAfterItWasSentIsNotRepeatedAndSaysSo) {
    auto store = OpenOrFail();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->AddCohort("before").Ok());
    // AddCohort is one statement that commits on arrival: once sent, the client cannot know.
    auto st = KilledWhileWaiting<StoreStatus>(*store, "LOCK TABLE supportlab.cohorts IN EXCLUSIVE MODE",
                                              [&]() { return store->AddCohort("during"); });
    ASSERT_FALSE(st.Ok());
    EXPECT_EQ(st.Error().m_kind, StoreErrorKind::Io);
    EXPECT_NE(st.Error().m_message.find("the write was not repeated because it may already be saved"), std::string::npos)
        << st.Error().m_message;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.cohorts WHERE name = 'during'"), "0");
    // The store reconnected and goes on.
    EXPECT_TRUE(store->AddCohort("after").Ok());
    EXPECT_EQ(Value("SELECT string_agg(name, ',' ORDER BY name) FROM supportlab.cohorts"), "after,before");
}

TEST(PgStoreServer, AStoppedServerGivesAClearIoErrorNotAHang) {
    std::string error;
    auto cluster = PgCluster::Start(&error);
    ASSERT_NE(cluster, nullptr) << error;
    const std::string db = cluster->CreateDatabase(&error);
    ASSERT_FALSE(db.empty()) << error;
    auto opened = PgStore::Open(cluster->Conninfo(db));
    ASSERT_TRUE(opened.Ok()) << opened.Error().m_message;
    auto& store = *opened.Value();
    ASSERT_TRUE(store.AddCohort("before").Ok());

    ASSERT_TRUE(cluster->StopServer(&error)) << error;
    const auto start = std::chrono::steady_clock::now();
    auto write = store.AddCohort("during");
    auto read = store.Cohorts();
    auto reopen = PgStore::Open(cluster->Conninfo(db));
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, std::chrono::seconds(15));
    for (const StoreError& e : {write.Error(), read.Error(), reopen.Error()}) {
        EXPECT_EQ(e.m_kind, StoreErrorKind::Io) << e.m_message;
        EXPECT_NE(e.m_message.find("cannot reach the server"), std::string::npos) << e.m_message;
        EXPECT_NE(e.m_message.find("dbname=" + db), std::string::npos) << "names the database: " << e.m_message;
    }

    // Back up: the same store reconnects on its next operation.
    ASSERT_TRUE(cluster->StartServer(&error)) << error;
    auto after = store.Cohorts();
    ASSERT_TRUE(after.Ok()) << after.Error().m_message;
    EXPECT_EQ(after.Value(), std::vector<std::string>{"before"});
}

//-----------------------------------------------------------------------------
// [SECTION] Error kinds and concurrency
//-----------------------------------------------------------------------------

TEST_F(PgStoreTest, ARoleWithoutWriteGrantsGetsReadOnly) {
    ASSERT_NE(OpenOrFail(), nullptr);
    // Roles are cluster-wide: the name carries the database's so tests do not collide.
    const std::string role = "reader_" + m_db;
    Sql("CREATE ROLE " + role + " LOGIN PASSWORD 'pw'; GRANT USAGE ON SCHEMA supportlab TO " + role +
        "; GRANT SELECT ON ALL TABLES IN SCHEMA supportlab TO " + role);
    auto r = PgStore::Open(Conninfo() + " user=" + role + " password=pw");
    ASSERT_TRUE(r.Ok()) << r.Error().m_message;
    EXPECT_TRUE(r.Value()->Cohorts().Ok());
    auto st = r.Value()->AddCohort("x");
    ASSERT_FALSE(st.Ok());
    EXPECT_EQ(st.Error().m_kind, StoreErrorKind::ReadOnly) << st.Error().m_message;
}

TEST_F(PgStoreTest, ARowLockedPastTheLockTimeoutGivesBusy) {
    PgOpenOptions o;
    o.m_lockTimeoutMs = 200;
    auto store = OpenOrFail(o);
    ASSERT_NE(store, nullptr);
    auto t = store->AddTrainee("Ana", "");
    ASSERT_TRUE(t.Ok());
    LabRunRecord in;
    in.m_traineeId = t->m_id;
    in.m_labId = "lab";
    auto run = store->StartLabRun(in);
    ASSERT_TRUE(run.Ok());
    // Another session holds the run's row.
    PGconn* other = PQconnectdb(Conninfo().c_str());
    ASSERT_EQ(PQstatus(other), CONNECTION_OK);
    PQclear(PQexec(other, ("BEGIN; SELECT * FROM supportlab.lab_runs WHERE id = " + std::to_string(run->m_id) + " FOR UPDATE").c_str()));
    auto st = store->FinishLabRun(run->m_id, 10);
    ASSERT_FALSE(st.Ok());
    EXPECT_EQ(st.Error().m_kind, StoreErrorKind::Busy) << st.Error().m_message;
    PQclear(PQexec(other, "ROLLBACK"));
    PQfinish(other);
    EXPECT_TRUE(store->FinishLabRun(run->m_id, 10).Ok());
}

TEST_F(PgStoreTest, ProcessesFindingOrAddingOneTraineeAtOnceGetTheSameOne) {
    ASSERT_NE(OpenOrFail(), nullptr);
    const std::string conninfo = Conninfo();
    const auto codes = RaceInChildren(4, [&]() {
        auto r = PgStore::Open(conninfo);
        if (!r.Ok()) return 1;
        // Many names in a row, so the children overlap on some of them whatever their start-up times.
        for (int i = 0; i < 30; ++i) {
            auto t = r.Value()->FindOrAddTrainee("Zed " + std::to_string(i), "night");
            if (!t.Ok()) std::fprintf(stderr, "child: %s\n", t.Error().m_message.c_str());
            if (!t.Ok() || t->m_cohort != "night") return 1;
        }
        return 0;
    });
    EXPECT_EQ(codes, std::vector<int>(4, 0));
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.trainees"), "30");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.cohorts"), "1");
}

TEST_F(PgStoreTest, SeedsAndDoublesRoundTripExactly) {
    auto store = OpenOrFail();
    ASSERT_NE(store, nullptr);
    auto t = store->AddTrainee("Ana", "");
    ASSERT_TRUE(t.Ok());
    for (std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{1} << 63, ~std::uint64_t{0}}) {
        Attempt a;
        a.m_traineeId = t->m_id;
        a.m_scenarioId = "s";
        a.m_seed = seed;
        a.m_startScore = 0.1 + 0.2; // not a short decimal
        auto started = store->StartAttempt(a);
        ASSERT_TRUE(started.Ok());
        auto back = store->GetAttempt(started->m_id);
        ASSERT_TRUE(back.Ok());
        EXPECT_EQ(back->m_seed, seed);
        EXPECT_EQ(back->m_startScore, 0.1 + 0.2);
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Location
//-----------------------------------------------------------------------------

TEST(PgLocation, PasswordsAreRemoved) {
    EXPECT_EQ(PgLocationWithoutPassword("host=db.example password=s3cret dbname=lab"), "host=db.example dbname=lab");
    EXPECT_EQ(PgLocationWithoutPassword("password='a b\\' c' user=x"), "user=x");
    EXPECT_EQ(PgLocationWithoutPassword("postgresql://ana:s3cret@db.example:5432/lab?sslmode=require"),
              "postgresql://ana@db.example:5432/lab?sslmode=require");
    EXPECT_EQ(PgLocationWithoutPassword("postgres://db.example/lab?password=s3cret&application_name=x"),
              "postgres://db.example/lab?application_name=x");
    EXPECT_EQ(PgLocationWithoutPassword("postgresql://:s3cret@/lab?password=s3cret"), "postgresql://@/lab");
    EXPECT_EQ(PgLocationWithoutPassword("lab"), "lab");
    EXPECT_EQ(PgLocationWithoutPassword("host='/tmp/with space' dbname=lab"), "host='/tmp/with space' dbname=lab");
}

TEST_F(PgStoreTest, LocationAndErrorsNeverShowThePassword) {
    auto r = PgStore::Open(Conninfo() + " password=s3cret");
    ASSERT_TRUE(r.Ok()) << r.Error().m_message; // trust auth: the password is not asked for
    EXPECT_EQ(r.Value()->Location().find("s3cret"), std::string::npos) << r.Value()->Location();
    EXPECT_NE(r.Value()->Location().find("dbname=" + m_db), std::string::npos) << r.Value()->Location();

    const std::string uri = "postgresql://sl_test:s3cret@/" + m_db + "?host=" + m_cluster->Dir() + "&port=5432";
    auto viaUri = PgStore::Open(uri);
    ASSERT_TRUE(viaUri.Ok()) << viaUri.Error().m_message;
    EXPECT_EQ(viaUri.Value()->Location().find("s3cret"), std::string::npos) << viaUri.Value()->Location();

    auto missing = PgStore::Open(m_cluster->Conninfo("no_such_database") + " password=s3cret");
    ASSERT_FALSE(missing.Ok());
    // The server answered and refused: Invalid (fix the --db value), not Io (a server that is down).
    EXPECT_EQ(missing.Error().m_kind, StoreErrorKind::Invalid) << missing.Error().m_message;
    EXPECT_NE(missing.Error().m_message.find("signing in"), std::string::npos) << missing.Error().m_message;
    EXPECT_EQ(missing.Error().m_message.find("s3cret"), std::string::npos) << missing.Error().m_message;

    auto malformed = PgStore::Open("host=x password=s3cret nonsense");
    ASSERT_FALSE(malformed.Ok());
    EXPECT_EQ(malformed.Error().m_kind, StoreErrorKind::Invalid) << malformed.Error().m_message;
}

} // namespace
} // namespace sl::test
