// SupportLab store tests: the roles PostgreSQL enforces — trainee, trainer and lead logins, GRANTs and row-level security.

// [SECTION] Fixture
// [SECTION] Logins and passwords
// [SECTION] A trainee's limits, in SQL
// [SECTION] A trainee, trainer and lead through PgStore
// [SECTION] Migrating without CREATEROLE

#include "pg_cluster.hpp"
#include "store/pg_admin.hpp"
#include "store/pg_store.hpp"

#include <gtest/gtest.h>

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

namespace sl::test {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Fixture
//-----------------------------------------------------------------------------

// What one statement on a raw connection did: its SQLSTATE ("" when it succeeded) and the first
// value of its first row.
struct SqlOutcome {
    std::string m_state;
    std::string m_value;
    std::string m_message;
};

// A raw libpq connection, for statements PgStore would never send.
class RawConnection {
public:
    explicit RawConnection(const std::string& conninfo) : m_conn(PQconnectdb(conninfo.c_str()), &PQfinish) {}
    bool Ok() const { return PQstatus(m_conn.get()) == CONNECTION_OK; }
    std::string Error() const { return PQerrorMessage(m_conn.get()); }
    SqlOutcome Run(const std::string& sql) const {
        std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(m_conn.get(), sql.c_str()), &PQclear);
        SqlOutcome out;
        const ExecStatusType st = PQresultStatus(r.get());
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
            out.m_state = state ? state : "?????";
            out.m_message = PQresultErrorMessage(r.get());
        } else if (st == PGRES_TUPLES_OK && PQntuples(r.get()) > 0) {
            out.m_value = PQgetvalue(r.get(), 0, 0);
        }
        return out;
    }

private:
    std::unique_ptr<PGconn, decltype(&PQfinish)> m_conn;
};

ScoreReport SmallReport(double score) {
    ScoreReport r;
    r.m_scenarioId = "sc-1";
    r.m_contentHash = "hash-1";
    ItemScore item;
    item.m_itemId = "t-1";
    item.m_title = "A ticket";
    item.m_score = score;
    item.m_max = 10.0;
    r.m_items.push_back(item);
    r.m_total = score;
    r.m_max = 10.0;
    return r;
}

// A fresh database per test, migrated by the cluster's superuser, with trainees ana and ben (each
// with a login and one attempt of two events). Role names are cluster-wide, so each carries the
// database's name.
class PgRolesTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        m_cluster = PgCluster::Shared(&error);
        ASSERT_NE(m_cluster, nullptr) << error;
        m_db = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_db.empty()) << error;
        auto admin = PgStore::Open(AdminConninfo());
        ASSERT_TRUE(admin.Ok()) << admin.Error().m_message;
        m_admin = std::move(admin.Value());
        m_ana = Name("ana");
        m_ben = Name("ben");
        AddUser(m_ana, PgRole::Trainee, "spring");
        AddUser(m_ben, PgRole::Trainee, "spring");
        auto ana = m_admin->FindTrainee(m_ana);
        auto ben = m_admin->FindTrainee(m_ben);
        ASSERT_TRUE(ana.Ok() && ben.Ok());
        m_anaId = ana->m_id;
        m_benId = ben->m_id;
        m_anaAttempt = StartWithEvents(*m_admin, m_anaId);
        m_benAttempt = StartWithEvents(*m_admin, m_benId);
    }

    std::string Name(const std::string& base) const { return base + "_" + m_db; }
    std::string AdminConninfo() const { return m_cluster->Conninfo(m_db); }
    std::string Password(const std::string& name) const { return "pw of " + name + " 'quoted' \\ ok"; }
    std::string ConninfoAs(const std::string& name, const std::string& password) const {
        return AdminConninfo() + " user=" + name + " password='" + Escaped(password) + "'";
    }
    std::string ConninfoAs(const std::string& name) const { return ConninfoAs(name, Password(name)); }
    static std::string Escaped(const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        return out;
    }

    void AddUser(const std::string& name, PgRole role, const std::string& cohort = "") {
        auto st = PgAddUser(AdminConninfo(), PgNewUser{name, role, cohort, Password(name)});
        ASSERT_TRUE(st.Ok()) << st.Error().m_message;
    }
    std::unique_ptr<PgStore> OpenAs(const std::string& name) {
        auto r = PgStore::Open(ConninfoAs(name));
        EXPECT_TRUE(r.Ok()) << (r.Ok() ? "" : r.Error().m_message);
        return r.Ok() ? std::move(r.Value()) : nullptr;
    }
    std::string AdminValue(const std::string& sql) const {
        std::string error;
        const std::string v = m_cluster->QueryValue(m_db, sql, &error);
        EXPECT_EQ(error, "") << sql;
        return v;
    }

    static RowId StartWithEvents(PgStore& store, RowId traineeId) {
        Attempt a;
        a.m_traineeId = traineeId;
        a.m_scenarioId = "sc-1";
        a.m_contentHash = "hash-1";
        a.m_startedWall = 1000;
        auto started = store.StartAttempt(a);
        EXPECT_TRUE(started.Ok()) << (started.Ok() ? "" : started.Error().m_message);
        if (!started.Ok()) return 0;
        for (std::int64_t seq = 0; seq < 2; ++seq) {
            auto st = store.AppendEvent(Event{started->m_id, seq, seq * 60, 2000 + seq, "wait 1m", 0.0});
            EXPECT_TRUE(st.Ok()) << (st.Ok() ? "" : st.Error().m_message);
        }
        return started->m_id;
    }

    PgCluster* m_cluster = nullptr;
    std::string m_db, m_ana, m_ben;
    std::unique_ptr<PgStore> m_admin;
    RowId m_anaId = 0, m_benId = 0, m_anaAttempt = 0, m_benAttempt = 0;
};

//-----------------------------------------------------------------------------
// [SECTION] Logins and passwords
//-----------------------------------------------------------------------------

TEST_F(PgRolesTest, ATraineeSignsInWithHerPasswordOnly) {
    EXPECT_NE(OpenAs(m_ana), nullptr);
    auto wrong = PgStore::Open(ConninfoAs(m_ana, "not her password"));
    ASSERT_FALSE(wrong.Ok());
    EXPECT_NE(wrong.Error().m_message.find("password authentication failed"), std::string::npos) << wrong.Error().m_message;
    EXPECT_EQ(wrong.Error().m_message.find("not her password"), std::string::npos);
    auto none = PgStore::Open(AdminConninfo() + " user=" + m_ana);
    EXPECT_FALSE(none.Ok());
    // Only a SCRAM verifier is stored, never the password.
    const std::string stored = AdminValue("SELECT rolpassword FROM pg_authid WHERE rolname = '" + m_ana + "'");
    EXPECT_EQ(stored.rfind("SCRAM-SHA-256$", 0), 0u) << stored;
    EXPECT_EQ(AdminValue("SELECT login FROM supportlab.trainees WHERE name = '" + m_ana + "'"), m_ana);
    EXPECT_EQ(AdminValue("SELECT pg_has_role('" + m_ana + "', 'supportlab_trainee', 'MEMBER')"), "t");
}

TEST_F(PgRolesTest, AddingAnExistingUserIsRefusedAndChangesNothing) {
    const std::string verifier = AdminValue("SELECT rolpassword FROM pg_authid WHERE rolname = '" + m_ana + "'");
    auto again = PgAddUser(AdminConninfo(), PgNewUser{m_ana, PgRole::Lead, "", "another"});
    ASSERT_FALSE(again.Ok());
    EXPECT_EQ(again.Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_NE(again.Error().m_message.find("already exists"), std::string::npos) << again.Error().m_message;
    EXPECT_EQ(AdminValue("SELECT rolpassword FROM pg_authid WHERE rolname = '" + m_ana + "'"), verifier);
    EXPECT_EQ(AdminValue("SELECT pg_has_role('" + m_ana + "', 'supportlab_lead', 'MEMBER')"), "f");
    EXPECT_EQ(AdminValue("SELECT count(*) FROM supportlab.trainees"), "2");

    EXPECT_FALSE(PgAddUser(AdminConninfo(), PgNewUser{Name("cy"), PgRole::Trainee, "", ""}).Ok());
    EXPECT_FALSE(PgAddUser(AdminConninfo(), PgNewUser{"pg_monitor2", PgRole::Trainee, "", "x"}).Ok());
    EXPECT_FALSE(PgAddUser(AdminConninfo(), PgNewUser{std::string(64, 'a'), PgRole::Trainee, "", "x"}).Ok());
    EXPECT_FALSE(PgAddUser(AdminConninfo(), PgNewUser{" lead", PgRole::Trainee, "", "x"}).Ok());
    EXPECT_EQ(AdminValue("SELECT count(*) FROM pg_roles WHERE rolname = '" + Name("cy") + "'"), "0");
}

//-----------------------------------------------------------------------------
// [SECTION] A trainee's limits, in SQL
//-----------------------------------------------------------------------------

TEST_F(PgRolesTest, ATraineeCannotReadOrWriteAnotherTraineesWork) {
    RawConnection ana(ConninfoAs(m_ana));
    ASSERT_TRUE(ana.Ok()) << ana.Error();
    const std::string ben = std::to_string(m_benAttempt), own = std::to_string(m_anaAttempt);
    // Ben's rows are there (the admin sees them); ana sees none of them.
    EXPECT_EQ(AdminValue("SELECT count(*) FROM supportlab.events WHERE attempt_id = " + ben), "2");
    EXPECT_EQ(ana.Run("SELECT count(*) FROM supportlab.events WHERE attempt_id = " + ben).m_value, "0");
    EXPECT_EQ(ana.Run("SELECT count(*) FROM supportlab.events").m_value, "2"); // her own two
    EXPECT_EQ(ana.Run("SELECT count(*) FROM supportlab.attempts WHERE trainee_id = " + std::to_string(m_benId)).m_value, "0");
    EXPECT_EQ(ana.Run("SELECT count(*) FROM supportlab.attempts").m_value, "1");
    EXPECT_EQ(ana.Run("SELECT count(*) FROM supportlab.trainees").m_value, "1");

    const SqlOutcome intoBens = ana.Run("INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action) "
                                        "VALUES (" + ben + ", 2, 0, 0, 'wait 1m')");
    EXPECT_EQ(intoBens.m_state, "42501") << intoBens.m_message;
    EXPECT_EQ(AdminValue("SELECT count(*) FROM supportlab.events WHERE attempt_id = " + ben), "2");
    const SqlOutcome bensAttempt = ana.Run("INSERT INTO supportlab.attempts(trainee_id, scenario_id, content_hash, "
                                           "format_version, seed, started_wall) VALUES (" + std::to_string(m_benId) +
                                           ", 'sc-1', 'h', 1, 0, 0)");
    EXPECT_EQ(bensAttempt.m_state, "42501") << bensAttempt.m_message;
}

TEST_F(PgRolesTest, ATraineeCannotChangeHerEventsOrTouchAnyScore) {
    RawConnection ana(ConninfoAs(m_ana));
    ASSERT_TRUE(ana.Ok()) << ana.Error();
    const std::string own = std::to_string(m_anaAttempt);
    for (const std::string& sql : std::vector<std::string>{
             "UPDATE supportlab.events SET action = 'resolve t-1 fixed' WHERE attempt_id = " + own,
             "UPDATE supportlab.events SET score_after = 100 WHERE attempt_id = " + own,
             "DELETE FROM supportlab.events WHERE attempt_id = " + own,
             "UPDATE supportlab.attempts SET score = 100, max_score = 100 WHERE id = " + own,
             "DELETE FROM supportlab.attempts WHERE id = " + own,
             "INSERT INTO supportlab.item_scores VALUES (" + own + ", 0, 't-1', 'ticket', 'T', 10, 10, '', '', '')",
             "INSERT INTO supportlab.attempts(trainee_id, scenario_id, content_hash, format_version, seed, started_wall, "
             "finished, score) VALUES (" + std::to_string(m_anaId) + ", 'sc-1', 'h', 1, 0, 0, true, 100)",
             "SELECT count(*) FROM supportlab.item_scores",
             "SELECT count(*) FROM supportlab.dimension_scores",
             "SELECT count(*) FROM supportlab.deductions",
             "SELECT count(*) FROM supportlab.attempt_dimensions",
             // Not even her own totals: the score columns are not granted to trainees.
             "SELECT score FROM supportlab.attempts WHERE id = " + own,
             "SELECT max_score, start_score, scored_with_hash FROM supportlab.attempts WHERE id = " + own,
             "SELECT * FROM supportlab.attempts",
             "SELECT score_after FROM supportlab.events WHERE attempt_id = " + own,
             "UPDATE supportlab.trainees SET name = 'x'",
             "INSERT INTO supportlab.labs VALUES ('lab-x', 'X', 50)",
         }) {
        const SqlOutcome r = ana.Run(sql);
        EXPECT_EQ(r.m_state, "42501") << sql << ": " << r.m_message;
    }
    EXPECT_EQ(AdminValue("SELECT count(*) FROM supportlab.events WHERE attempt_id = " + own), "2");
    EXPECT_EQ(AdminValue("SELECT score IS NULL FROM supportlab.attempts WHERE id = " + own), "t");
    EXPECT_EQ(AdminValue("SELECT count(*) FROM supportlab.attempts"), "2");
    // The shared lists stay readable.
    EXPECT_EQ(ana.Run("SELECT count(*) FROM supportlab.cohorts").m_state, "");
    EXPECT_EQ(ana.Run("SELECT count(*) FROM supportlab.labs").m_state, "");
    EXPECT_EQ(ana.Run("SELECT count(*) FROM supportlab.lab_sessions").m_state, "");
}

//-----------------------------------------------------------------------------
// [SECTION] A trainee, trainer and lead through PgStore
//-----------------------------------------------------------------------------

TEST_F(PgRolesTest, ATraineeDoesHerOwnWorkThroughPgStoreButCannotScoreIt) {
    auto ana = OpenAs(m_ana);
    ASSERT_NE(ana, nullptr);
    auto me = ana->FindOrAddTrainee(m_ana, "spring");
    ASSERT_TRUE(me.Ok()) << me.Error().m_message;
    EXPECT_EQ(me->m_id, m_anaId);
    EXPECT_EQ(me->m_cohort, "spring");

    const RowId attempt = StartWithEvents(*ana, m_anaId);
    ASSERT_NE(attempt, 0);
    auto events = ana->Events(attempt);
    ASSERT_TRUE(events.Ok()) << events.Error().m_message;
    EXPECT_EQ(events->size(), 2u);
    auto got = ana->GetAttempt(attempt);
    ASSERT_TRUE(got.Ok()) << got.Error().m_message;
    EXPECT_EQ(got->m_eventCount, 2); // counted by the trigger, which runs as its owner
    auto open = ana->UnfinishedAttempts(m_anaId);
    ASSERT_TRUE(open.Ok()) << open.Error().m_message;
    EXPECT_EQ(open->size(), 2u);
    auto bens = ana->Events(m_benAttempt);
    ASSERT_TRUE(bens.Ok()) << bens.Error().m_message;
    EXPECT_TRUE(bens->empty());
    auto all = ana->Attempts(AttemptFilter{});
    ASSERT_TRUE(all.Ok()) << all.Error().m_message;
    for (const Attempt& a : all.Value()) EXPECT_EQ(a.m_traineeId, m_anaId);

    LabRunRecord run;
    run.m_traineeId = m_anaId;
    run.m_labId = "lab-1";
    run.m_startedWall = 5000;
    auto started = ana->StartLabRun(run);
    ASSERT_TRUE(started.Ok()) << started.Error().m_message;
    auto mark = ana->PutLabModuleMark(started->m_id, LabModuleMark{"m-1", true, 30.0, 6000});
    EXPECT_TRUE(mark.Ok()) << mark.Error().m_message;
    auto again = ana->PutLabModuleMark(started->m_id, LabModuleMark{"m-1", true, 40.0, 7000});
    EXPECT_TRUE(again.Ok()) << again.Error().m_message;
    run.m_traineeId = m_benId;
    auto forBen = ana->StartLabRun(run);
    ASSERT_FALSE(forBen.Ok());
    EXPECT_EQ(forBen.Error().m_kind, StoreErrorKind::ReadOnly) << forBen.Error().m_message;

    auto finish = ana->FinishAttempt(attempt, SmallReport(10.0), 9000, 600);
    ASSERT_FALSE(finish.Ok());
    EXPECT_EQ(finish.Error().m_kind, StoreErrorKind::ReadOnly) << finish.Error().m_message;
    EXPECT_EQ(AdminValue("SELECT finished FROM supportlab.attempts WHERE id = " + std::to_string(attempt)), "f");
    // Even her own scores stay hidden until they are released (see Released results): the store
    // says so, and her attempts and events come back without their totals.
    ASSERT_TRUE(m_admin->FinishAttempt(m_anaAttempt, SmallReport(6.0), 9000, 600).Ok());
    auto scores = ana->Scores(m_anaAttempt);
    ASSERT_FALSE(scores.Ok());
    EXPECT_EQ(scores.Error().m_kind, StoreErrorKind::NotFound) << scores.Error().m_message;
    auto scored = ana->GetAttempt(m_anaAttempt);
    ASSERT_TRUE(scored.Ok()) << scored.Error().m_message;
    EXPECT_TRUE(scored->m_finished);
    EXPECT_FALSE(scored->m_score.has_value());
    EXPECT_FALSE(scored->m_max.has_value());
    EXPECT_EQ(scored->m_scoredWithHash, "");
    EXPECT_TRUE(m_admin->GetAttempt(m_anaAttempt)->m_score.has_value()); // the lead's view has it
    auto log = ana->Events(attempt);
    ASSERT_TRUE(log.Ok()) << log.Error().m_message;
    for (const Event& e : log.Value()) EXPECT_FALSE(e.m_scoreAfter.has_value());
}

TEST_F(PgRolesTest, ATraineeClosesHerOwnAttemptWithoutAScoreAndNoOneElses) {
    auto ana = OpenAs(m_ana);
    ASSERT_NE(ana, nullptr);
    const RowId attempt = StartWithEvents(*ana, m_anaId);
    ASSERT_NE(attempt, 0);
    ASSERT_TRUE(ana->CloseAttempt(attempt, 9000, 600).Ok());
    EXPECT_EQ(AdminValue("SELECT finished || ':' || coalesce(score::text, 'none') || ':' || ended_wall "
                         "FROM supportlab.attempts WHERE id = " + std::to_string(attempt)),
              "true:none:9000");
    // Ben's attempt is not hers: as if it did not exist, and it stays open.
    auto bens = ana->CloseAttempt(m_benAttempt, 9000, 600);
    ASSERT_FALSE(bens.Ok());
    EXPECT_EQ(bens.Error().m_kind, StoreErrorKind::NotFound) << bens.Error().m_message;
    EXPECT_EQ(AdminValue("SELECT finished FROM supportlab.attempts WHERE id = " + std::to_string(m_benAttempt)), "f");
    // Delivering her attempt again (same uid) finds it; claiming Ben's uid is refused.
    Attempt again;
    again.m_uid = ana->GetAttempt(attempt)->m_uid;
    again.m_traineeId = m_anaId;
    again.m_scenarioId = ana->GetAttempt(attempt)->m_scenarioId;
    auto found = ana->StartAttempt(again);
    ASSERT_TRUE(found.Ok()) << found.Error().m_message;
    EXPECT_EQ(found->m_id, attempt);
    again.m_uid = AdminValue("SELECT uid FROM supportlab.attempts WHERE id = " + std::to_string(m_benAttempt));
    auto stolen = ana->StartAttempt(again);
    ASSERT_FALSE(stolen.Ok());
    EXPECT_EQ(stolen.Error().m_kind, StoreErrorKind::Constraint) << stolen.Error().m_message;
    // She may give up her own unfinished attempt (a killed run), not Ben's.
    const RowId open = StartWithEvents(*ana, m_anaId);
    ASSERT_TRUE(ana->AbandonAttempt(open, 9500).Ok());
    EXPECT_EQ(AdminValue("SELECT abandoned_wall FROM supportlab.attempts WHERE id = " + std::to_string(open)), "9500");
    EXPECT_EQ(ana->AbandonAttempt(open, 9600).Error().m_kind, StoreErrorKind::Constraint);
    EXPECT_EQ(ana->AbandonAttempt(m_benAttempt, 9600).Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_EQ(AdminValue("SELECT abandoned_wall IS NULL FROM supportlab.attempts WHERE id = " + std::to_string(m_benAttempt)), "t");
    // And the functions write no score, whatever she passes.
    EXPECT_EQ(AdminValue("SELECT count(*) FROM supportlab.item_scores"), "0");
}

TEST_F(PgRolesTest, ATrainerSeesEveryTraineeAndStartsSessionsButCannotScore) {
    const std::string name = Name("tess");
    AddUser(name, PgRole::Trainer);
    auto tess = OpenAs(name);
    ASSERT_NE(tess, nullptr);
    auto all = tess->Attempts(AttemptFilter{});
    ASSERT_TRUE(all.Ok()) << all.Error().m_message;
    EXPECT_EQ(all->size(), 2u);
    for (RowId attempt : {m_anaAttempt, m_benAttempt}) {
        auto events = tess->Events(attempt);
        ASSERT_TRUE(events.Ok()) << events.Error().m_message;
        EXPECT_EQ(events->size(), 2u);
    }
    auto trainees = tess->Trainees(std::nullopt);
    ASSERT_TRUE(trainees.Ok()) << trainees.Error().m_message;
    EXPECT_EQ(trainees->size(), 2u);
    EXPECT_TRUE(tess->PutLab(LabInfo{"lab-1", "Lab one", 70.0}).Ok());
    EXPECT_TRUE(tess->PutLab(LabInfo{"lab-1", "Lab one, again", 75.0}).Ok());
    auto session = tess->StartLabSession(LabSession{0, "lab-1", "autumn", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(session.Ok()) << session.Error().m_message;
    // Her "done too fast" threshold for the session: hers to set, read back with the session.
    auto settings = tess->SessionSettings(session->m_id);
    ASSERT_TRUE(settings.Ok()) << settings.Error().m_message;
    PgSessionSettings fast = settings.Value();
    fast.m_fastUnderSeconds = 300;
    ASSERT_TRUE(tess->SetSessionSettings(session->m_id, fast).Ok());
    EXPECT_EQ(tess->SessionSettings(session->m_id)->m_fastUnderSeconds, 300);
    auto sessions = tess->LabSessions();
    ASSERT_TRUE(sessions.Ok());
    for (const LabSession& ls : sessions.Value()) {
        if (ls.m_id == session->m_id) {
            EXPECT_EQ(ls.m_fastUnderSeconds, 300);
        }
    }
    fast.m_fastUnderSeconds = -5;
    EXPECT_EQ(tess->SetSessionSettings(session->m_id, fast).Error().m_kind, StoreErrorKind::Invalid);
    RawConnection trainee(ConninfoAs(m_ana));
    ASSERT_TRUE(trainee.Ok()) << trainee.Error();
    EXPECT_EQ(trainee.Run("UPDATE supportlab.lab_sessions SET fast_under_s = 1").m_state, "42501") << "not a trainee's to change";

    auto finish = tess->FinishAttempt(m_benAttempt, SmallReport(10.0), 9000, 600);
    ASSERT_FALSE(finish.Ok());
    EXPECT_EQ(finish.Error().m_kind, StoreErrorKind::ReadOnly) << finish.Error().m_message;
    RawConnection raw(ConninfoAs(name));
    ASSERT_TRUE(raw.Ok()) << raw.Error();
    EXPECT_EQ(raw.Run("INSERT INTO supportlab.item_scores VALUES (" + std::to_string(m_benAttempt) +
                      ", 0, 't-1', 'ticket', 'T', 10, 10, '', '', '')").m_state, "42501");
    EXPECT_EQ(raw.Run("UPDATE supportlab.attempts SET score = 1").m_state, "42501");
    EXPECT_EQ(raw.Run("INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action) VALUES (" +
                      std::to_string(m_benAttempt) + ", 2, 0, 0, 'wait 1m')").m_state, "42501");
}

TEST_F(PgRolesTest, ALeadReadsEverythingAndReScores) {
    ASSERT_TRUE(m_admin->FinishAttempt(m_benAttempt, SmallReport(4.0), 9000, 600).Ok());
    const std::string name = Name("lee");
    AddUser(name, PgRole::Lead);
    auto lee = OpenAs(name);
    ASSERT_NE(lee, nullptr);
    auto all = lee->Attempts(AttemptFilter{});
    ASSERT_TRUE(all.Ok()) << all.Error().m_message;
    EXPECT_EQ(all->size(), 2u);
    auto scores = lee->Scores(m_benAttempt);
    ASSERT_TRUE(scores.Ok()) << scores.Error().m_message;
    EXPECT_EQ(scores->m_total, 4.0);

    auto st = lee->ReplaceScores(m_benAttempt, SmallReport(7.0), {1.0, 2.0}, 0.0);
    ASSERT_TRUE(st.Ok()) << st.Error().m_message;
    auto rescored = lee->Scores(m_benAttempt);
    ASSERT_TRUE(rescored.Ok()) << rescored.Error().m_message;
    EXPECT_EQ(rescored->m_total, 7.0);
    EXPECT_EQ(AdminValue("SELECT score_after FROM supportlab.events WHERE attempt_id = " + std::to_string(m_benAttempt) +
                         " AND seq = 1"), "2");
    EXPECT_TRUE(lee->AddTrainee(Name("cy"), "spring").Ok());

    RawConnection raw(ConninfoAs(name));
    ASSERT_TRUE(raw.Ok()) << raw.Error();
    EXPECT_EQ(raw.Run("UPDATE supportlab.events SET action = 'x'").m_state, "42501"); // only score_after
    EXPECT_EQ(raw.Run("DELETE FROM supportlab.events").m_state, "42501");
}

//-----------------------------------------------------------------------------
// [SECTION] Released results
//-----------------------------------------------------------------------------

// Ana and Ben each finish an attempt in one lab session, scored by the lead; Ana also has a scored
// attempt outside any session. Until a trainer releases the session neither reads a score of
// hers by any path; then each reads her own session attempt's, and nothing else.
TEST_F(PgRolesTest, ATraineeReadsHerOwnScoresOnlyOnceATrainerReleasesHerSession) {
    auto session = m_admin->StartLabSession(LabSession{0, "lab-1", "spring", "Tess", 1000, std::nullopt});
    ASSERT_TRUE(session.Ok()) << session.Error().m_message;
    const RowId sid = session->m_id;
    auto inSession = [&](RowId trainee, double score) -> RowId {
        Attempt a;
        a.m_traineeId = trainee;
        a.m_sessionId = sid;
        a.m_scenarioId = "sc-1";
        a.m_contentHash = "hash-1";
        a.m_startedWall = 3000;
        auto started = m_admin->StartAttempt(a);
        EXPECT_TRUE(started.Ok()) << (started.Ok() ? "" : started.Error().m_message);
        if (!started.Ok()) return 0;
        EXPECT_TRUE(m_admin->AppendEvent(Event{started->m_id, 0, 0, 3001, "wait 1m", score / 2}).Ok());
        EXPECT_TRUE(m_admin->FinishAttempt(started->m_id, SmallReport(score), 4000, 60).Ok());
        return started->m_id;
    };
    const RowId anaSession = inSession(m_anaId, 7.0), benSession = inSession(m_benId, 3.0);
    ASSERT_TRUE(m_admin->FinishAttempt(m_anaAttempt, SmallReport(9.0), 5000, 120).Ok()); // no session
    const std::string tessName = Name("tess");
    AddUser(tessName, PgRole::Trainer);
    auto tess = OpenAs(tessName);
    auto ana = OpenAs(m_ana);
    ASSERT_TRUE(tess && ana);
    RawConnection raw(ConninfoAs(m_ana));
    ASSERT_TRUE(raw.Ok()) << raw.Error();
    const std::string released = "SELECT count(*) FROM supportlab.released_attempts";
    const std::string releasedItems = "SELECT count(*) FROM supportlab.released_item_scores";

    // Before: nothing, by the store or in SQL; and she cannot release it herself.
    auto before = ana->GetAttempt(anaSession);
    ASSERT_TRUE(before.Ok()) << before.Error().m_message;
    EXPECT_TRUE(before->m_finished);
    EXPECT_FALSE(before->m_score.has_value());
    auto noScores = ana->Scores(anaSession);
    ASSERT_FALSE(noScores.Ok());
    EXPECT_EQ(noScores.Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_NE(noScores.Error().m_message.find("not released yet"), std::string::npos) << noScores.Error().m_message;
    EXPECT_FALSE(ana->Events(anaSession)->at(0).m_scoreAfter.has_value());
    EXPECT_EQ(raw.Run(released).m_value, "0");
    EXPECT_EQ(raw.Run(releasedItems).m_value, "0");
    EXPECT_FALSE(ana->ReleaseSession(sid, 6000).Ok());
    EXPECT_EQ(raw.Run("UPDATE supportlab.lab_sessions SET released_wall = 1").m_state, "42501");
    EXPECT_EQ(AdminValue("SELECT count(*) FROM supportlab.lab_sessions WHERE released_wall IS NOT NULL"), "0");

    // Released by the trainer: her own session attempt, in full, and nothing of Ben's or outside it.
    ASSERT_TRUE(tess->ReleaseSession(sid, 6000).Ok());
    auto sessions = tess->LabSessions();
    ASSERT_TRUE(sessions.Ok()) << sessions.Error().m_message;
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_EQ(sessions->at(0).m_releasedWall, std::optional<WallTime>(6000));
    auto after = ana->GetAttempt(anaSession);
    ASSERT_TRUE(after.Ok()) << after.Error().m_message;
    EXPECT_EQ(after->m_score, std::optional<double>(7.0));
    auto scores = ana->Scores(anaSession);
    ASSERT_TRUE(scores.Ok()) << scores.Error().m_message;
    EXPECT_EQ(scores->m_total, 7.0);
    ASSERT_EQ(scores->m_items.size(), 1u);
    EXPECT_EQ(scores->m_items[0].m_itemId, "t-1");
    EXPECT_EQ(ana->Events(anaSession)->at(0).m_scoreAfter, std::optional<double>(3.5));
    auto outside = ana->GetAttempt(m_anaAttempt);
    ASSERT_TRUE(outside.Ok());
    EXPECT_FALSE(outside->m_score.has_value()); // her attempt outside the session stays closed
    EXPECT_EQ(raw.Run(released).m_value, "1");
    EXPECT_EQ(raw.Run(releasedItems).m_value, "1");
    EXPECT_EQ(raw.Run("SELECT count(*) FROM supportlab.released_item_scores WHERE attempt_id = " +
                      std::to_string(benSession)).m_value, "0");
    EXPECT_EQ(raw.Run("SELECT count(*) FROM supportlab.item_scores").m_state, "42501"); // the tables stay shut
    EXPECT_EQ(raw.Run("SELECT score FROM supportlab.attempts").m_state, "42501");
    auto ben = OpenAs(m_ben);
    ASSERT_NE(ben, nullptr);
    EXPECT_EQ(ben->GetAttempt(benSession)->m_score, std::optional<double>(3.0));
    EXPECT_FALSE(ben->Scores(anaSession).Ok());

    // Withdrawn: closed again.
    ASSERT_TRUE(tess->ReleaseSession(sid, std::nullopt).Ok());
    EXPECT_FALSE(ana->GetAttempt(anaSession)->m_score.has_value());
    EXPECT_EQ(raw.Run(released).m_value, "0");
    auto missing = tess->ReleaseSession(sid + 100, 7000);
    ASSERT_FALSE(missing.Ok());
    EXPECT_EQ(missing.Error().m_kind, StoreErrorKind::NotFound);
}

//-----------------------------------------------------------------------------
// [SECTION] Migrating without CREATEROLE
//-----------------------------------------------------------------------------

// A cluster of its own: the group roles must not exist yet for the migration to need CREATEROLE.
TEST(PgRolesCluster, MigratingWithoutCreateRoleSaysSoAndChangesNothing) {
    std::string error;
    auto cluster = PgCluster::Start(&error);
    ASSERT_NE(cluster, nullptr) << error;
    ASSERT_EQ(cluster->Exec("postgres", "CREATE ROLE boss LOGIN PASSWORD 'boss pw'"), "");
    ASSERT_EQ(cluster->Exec("postgres", "CREATE DATABASE lab OWNER boss"), "");
    ASSERT_EQ(cluster->Exec("lab", "ALTER SCHEMA public OWNER TO boss"), "");
    const std::string boss = cluster->Conninfo("lab") + " user=boss password='boss pw'";

    auto refused = PgStore::Open(boss);
    ASSERT_FALSE(refused.Ok());
    EXPECT_NE(refused.Error().m_message.find("CREATEROLE"), std::string::npos) << refused.Error().m_message;
    EXPECT_EQ(cluster->QueryValue("lab", "SELECT count(*) FROM pg_namespace WHERE nspname = 'supportlab'"), "0");
    EXPECT_EQ(cluster->QueryValue("postgres", "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'supportlab%'"), "0");

    // With CREATEROLE an administrator who is no superuser sets everything up.
    ASSERT_EQ(cluster->Exec("postgres", "ALTER ROLE boss CREATEROLE"), "");
    auto init = PgInitServer(boss);
    ASSERT_TRUE(init.Ok()) << init.Error().m_message;
    EXPECT_EQ(init->m_from, 0);
    EXPECT_EQ(init->m_to, PgSchemaVersion());
    auto added = PgAddUser(boss, PgNewUser{"dee", PgRole::Trainee, "spring", "dee pw"});
    ASSERT_TRUE(added.Ok()) << added.Error().m_message;
    auto dee = PgStore::Open(cluster->Conninfo("lab") + " user=dee password='dee pw'");
    ASSERT_TRUE(dee.Ok()) << dee.Error().m_message;
    auto me = dee.Value()->FindTrainee("dee");
    ASSERT_TRUE(me.Ok()) << me.Error().m_message;
    auto again = PgInitServer(boss);
    ASSERT_TRUE(again.Ok()) << again.Error().m_message;
    EXPECT_EQ(again->m_from, PgSchemaVersion());
}

} // namespace
} // namespace sl::test
