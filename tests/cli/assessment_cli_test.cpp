// SupportLab CLI tests: one assessment end to end on a real server, and every route a trainee has to the key.
// [SECTION] Fixture
// [SECTION] End to end: publish, play (one trainee offline halfway), score, release, debrief
// [SECTION] The session's rules, held by the server
// [SECTION] Every route to the key
// [SECTION] The server answers steps as the engine does
#include "../store/pg_cluster.hpp"
#include "cli_runner.hpp"
#include "core/assessment.hpp"
#include "scenario_io/loader.hpp"
#include "store_cli_fixture.hpp"

#include <gtest/gtest.h>

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sl::test {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Fixture
//-----------------------------------------------------------------------------

constexpr const char* kPassword = "pass-for-everyone-29";
const std::string kDevice = std::string(SUPPORTLAB_SCENARIO_DIR) + "/common-issues/device.yaml";

// Ana's and Ben's runs at common-device on neutral names (T1 swollen battery, T2 dock monitor, T3
// coffee spill; steps ordered by their text). Ana's is right but for sending the spill to tier 2.
const char* kAnaScript =
    "ack T1\nask T1 F1\ndiagnose T1 F2\nack T2\nack T3\ndiagnose T1 F3\nstep T1 S4\n"
    "triage T1 category=device impact=low urgency=high\n"
    "escalate T1 hardware-vendor \"Swollen battery; 804 cycles\"\n"
    "ask T3 F1\ndiagnose T3 F2\nstep T3 S3\ntriage T3 category=device impact=low urgency=high\n"
    "escalate T3 tier2 \"Coffee spill\"\n"
    "ask T2 F1\ndiagnose T2 F2\nstep T2 S1\ntriage T2 category=device impact=low urgency=medium\nresolve T2 fixed\n";
// Ben's first half is played online; the second after the server went away.
const char* kBenFirst = "ack T1\nask T1 F1\ndiagnose T1 F2\nack T2\nack T3\nstep T1 S4\nescalate T1 tier2 \"Battery\"\n";
const char* kBenSecond = "ask T3 F1\nstep T3 S3\nescalate T3 hardware-vendor \"Coffee spill, accidental-damage cover\"\n"
                         "ask T2 F1\nstep T2 S1\nresolve T2 fixed\n";

// A cluster of its own (the test stops and starts it), with a trainer, a lead and two trainees in
// cohort spring, and lab session 7 of that cohort.
class AssessmentCli : public StoreCli {
protected:
    void SetUp() override {
        StoreCli::SetUp();
        std::string error;
        m_cluster = PgCluster::Start(&error);
        ASSERT_NE(m_cluster, nullptr) << error;
        m_dbName = m_cluster->CreateDatabase(&error);
        ASSERT_FALSE(m_dbName.empty()) << error;
        m_admin = m_cluster->Conninfo(m_dbName);
        ASSERT_EQ(RunCli({"server", "init", "--db", m_admin}).m_exit, 0);
        for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
                 {"tess", "trainer"}, {"lee", "lead"}, {"ana", "trainee"}, {"ben", "trainee"}}) {
            std::vector<std::string> args = {"server", "add-user", name, "--role", role, "--db", m_admin};
            if (role == "trainee") args.insert(args.end(), {"--cohort", "spring"});
            const CliResult r = RunCliWithInput(args, std::string(kPassword) + "\n");
            ASSERT_EQ(r.m_exit, 0) << r.m_err;
        }
        ASSERT_EQ(m_cluster->Exec(m_dbName, "INSERT INTO supportlab.lab_sessions (id, lab_id, cohort_id, trainer, started_wall) "
                                            "SELECT 7, 'device-assessment', id, 'Tess', 1764547200000 FROM supportlab.cohorts "
                                            "WHERE name = 'spring'"), "");
    }
    std::string As(const std::string& user) const { return m_admin + " user=" + user + " password=" + kPassword; }
    // Runs the CLI as one trainee's machine: her own data folder, so her own outbox.
    CliResult OnMachineOf(const std::string& who, const std::vector<std::string>& args) {
        const std::string home = m_dir + "/" + who;
        std::filesystem::create_directories(home);
        ::setenv("XDG_DATA_HOME", home.c_str(), 1);
        return RunCli(args);
    }
    std::string Script(const std::string& name, const char* text) {
        const std::string path = m_dir + "/" + name + ".actions";
        std::ofstream(path) << text;
        return path;
    }
    std::string Value(const std::string& sql) const { return m_cluster->QueryValue(m_dbName, sql); }

    std::unique_ptr<PgCluster> m_cluster;
    std::string m_dbName, m_admin;
};

// Everything a trainee's machine holds under her data folder, as one string.
std::string EverythingUnder(const std::string& dir) {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) all += ReadWholeFile(entry.path().string());
    return all;
}

// Pieces of common-device's key: explanations, harm reasons, the notes and the ticket ids.
std::vector<std::string> DeviceKey() {
    return {"device-battery-swollen", "device-dock-monitor", "device-coffee-spill",
            "A bulging case and a battery down to a third", "the commonest cause of a black monitor",
            "Liquid damage is a hardware fault even when", "Charging a swollen lithium battery can start a fire",
            "kind: required", "kind: harmful", "Device problems are one of the six areas", "explanation:",
            "acceptable_routes", "You have opened a device with a damaged battery",
            "The laptop charges overnight on the user's desk", "outcomes:", "fixes:"};
}

//-----------------------------------------------------------------------------
// [SECTION] End to end: publish, play (one trainee offline halfway), score, release, debrief
//-----------------------------------------------------------------------------

TEST_F(AssessmentCli, PublishPlayScoreReleaseAndEachTraineeReadsOnlyHerOwnDebrief) {
    const CliResult published = RunCli({"server", "publish", kDevice, "--db", As("tess")});
    ASSERT_EQ(published.m_exit, 0) << published.m_err;
    EXPECT_NE(published.m_out.find("published common-device as assessment 1"), std::string::npos) << published.m_out;
    EXPECT_NE(published.m_err.find("warning: common-device ships with SupportLab"), std::string::npos) << published.m_err;
    EXPECT_NE(RunCli({"server", "publish", kDevice, "--db", As("tess")}).m_out.find("already published"), std::string::npos);
    EXPECT_EQ(RunCli({"server", "publish", kDevice, "--db", As("ana")}).m_exit, 1) << "a trainee may not publish";
    const CliResult settings = RunCli({"server", "session", "7", "--assessment", "--assess", "1", "--db", As("tess")});
    ASSERT_EQ(settings.m_exit, 0) << settings.m_err;
    EXPECT_NE(settings.m_out.find("lab session 7: assessment, 1 attempt(s) each, assessing 1, trainees may move ahead"),
              std::string::npos) << settings.m_out;
    EXPECT_EQ(RunCli({"server", "session", "7", "--practice", "--db", As("ana")}).m_exit, 1) << "a trainee may not change it";

    // What a trainee's script names: the part as her machine receives it.
    const CliResult shown = OnMachineOf("ana", {"assessment", "show", "1", "--db", As("ana")});
    ASSERT_EQ(shown.m_exit, 0) << shown.m_err;
    EXPECT_NE(shown.m_out.find("trainee_part: true"), std::string::npos) << shown.m_out;
    EXPECT_NE(shown.m_out.find("- id: T3"), std::string::npos) << shown.m_out;
    for (const std::string& secret : DeviceKey()) EXPECT_EQ(shown.m_out.find(secret), std::string::npos) << secret;
    EXPECT_EQ(OnMachineOf("ana", {"assessment", "show", "9", "--db", As("ana")}).m_exit, 1);

    // Ana plays it all online: each escalation is answered by the server as it happens.
    const CliResult ana = OnMachineOf("ana", {"assessment", "play", "1", "--actions", Script("ana", kAnaScript), "--trainee",
                                              "ana", "--session", "7", "--db", As("ana")});
    ASSERT_EQ(ana.m_exit, 0) << ana.m_err;
    EXPECT_NE(ana.m_out.find("submitted: attempt"), std::string::npos) << ana.m_out;
    EXPECT_EQ(ana.m_out.find("Total"), std::string::npos) << "no score on the trainee's side: " << ana.m_out;
    EXPECT_EQ(Value("SELECT string_agg(ticket || '=' || accepted, ',' ORDER BY seq) FROM supportlab.route_answers"),
              "T1=true,T3=false");

    // Ben plays the first half online and keeps the attempt open; then the server goes away.
    const CliResult benFirst = OnMachineOf("ben", {"assessment", "play", "1", "--actions", Script("ben1", kBenFirst),
                                                   "--trainee", "ben", "--session", "7", "--no-submit", "--db", As("ben")});
    ASSERT_EQ(benFirst.m_exit, 0) << benFirst.m_err;
    EXPECT_NE(benFirst.m_out.find("kept open"), std::string::npos) << benFirst.m_out;
    std::string error;
    ASSERT_TRUE(m_cluster->StopServer(&error)) << error;
    const CliResult benSecond = OnMachineOf("ben", {"assessment", "play", "1", "--actions", Script("ben2", kBenSecond),
                                                    "--trainee", "ben", "--db", As("ben")});
    EXPECT_EQ(benSecond.m_exit, 0) << benSecond.m_err;
    EXPECT_NE(benSecond.m_err.find("going on from this machine's copy of assessment 1"), std::string::npos) << benSecond.m_err;
    EXPECT_NE(benSecond.m_err.find("going on with attempt"), std::string::npos) << benSecond.m_err;
    EXPECT_NE(benSecond.m_err.find("1 escalated ticket(s) and 2 step(s) wait for the server's answer"), std::string::npos)
        << benSecond.m_err;
    EXPECT_NE(benSecond.m_out.find("submitted"), std::string::npos) << benSecond.m_out;
    ASSERT_TRUE(m_cluster->StartServer(&error)) << error;
    const CliResult synced = OnMachineOf("ben", {"sync", "--db", As("ben")});
    ASSERT_EQ(synced.m_exit, 0) << synced.m_err;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE finished AND session_id = 7"), "2");

    // The lead's scoring worker scores both from the key the server keeps.
    EXPECT_EQ(RunCli({"server", "score", "--db", As("tess")}).m_exit, 1) << "a trainer cannot write scores";
    const CliResult scored = RunCli({"server", "score", "--db", As("lee")});
    ASSERT_EQ(scored.m_exit, 0) << scored.m_err;
    EXPECT_NE(scored.m_out.find("2 attempt(s) scored"), std::string::npos) << scored.m_out;
    EXPECT_NE(RunCli({"server", "score", "--db", As("lee")}).m_out.find("0 attempt(s) scored"), std::string::npos);
    const std::string anaUid = Value("SELECT a.uid FROM supportlab.attempts a JOIN supportlab.trainees t ON t.id = a.trainee_id "
                                     "WHERE t.name = 'ana'");
    const std::string benUid = Value("SELECT a.uid FROM supportlab.attempts a JOIN supportlab.trainees t ON t.id = a.trainee_id "
                                     "WHERE t.name = 'ben'");
    // Ana's run equals the regression's perfect run but for the spill's route (tier 2, not the supplier).
    EXPECT_EQ(Value("SELECT round(score::numeric, 2) FROM supportlab.attempts WHERE uid = '" + anaUid + "'"), "92.50");

    // Nothing before release; then each reads her own debrief and not the other's.
    const CliResult early = OnMachineOf("ana", {"assessment", "results", "--db", As("ana")});
    ASSERT_EQ(early.m_exit, 0) << early.m_err;
    EXPECT_NE(early.m_out.find("results not released yet"), std::string::npos) << early.m_out;
    EXPECT_EQ(early.m_out.find("expected"), std::string::npos) << early.m_out;
    ASSERT_EQ(RunCli({"server", "release", "7", "--db", As("tess")}).m_exit, 0);
    const CliResult anaResults = OnMachineOf("ana", {"assessment", "results", "--db", As("ana")});
    ASSERT_EQ(anaResults.m_exit, 0) << anaResults.m_err;
    EXPECT_NE(anaResults.m_out.find("attempt " + anaUid), std::string::npos) << anaResults.m_out;
    EXPECT_NE(anaResults.m_out.find("Total 92.50 / 105.00"), std::string::npos) << anaResults.m_out;
    EXPECT_NE(anaResults.m_out.find("expected"), std::string::npos) << anaResults.m_out;
    EXPECT_EQ(anaResults.m_out.find(benUid), std::string::npos) << anaResults.m_out;
    const CliResult benResults = OnMachineOf("ben", {"assessment", "results", "--db", As("ben")});
    EXPECT_NE(benResults.m_out.find("attempt " + benUid), std::string::npos) << benResults.m_out;
    EXPECT_EQ(benResults.m_out.find(anaUid), std::string::npos) << benResults.m_out;

    // Nothing on either trainee's disk gives the key away.
    for (const std::string who : {"ana", "ben"}) {
        const std::string disk = EverythingUnder(m_dir + "/" + who);
        EXPECT_NE(disk.find("trainee_part: true"), std::string::npos) << who << "'s machine has no copy of the part";
        for (const std::string& secret : DeviceKey()) EXPECT_EQ(disk.find(secret), std::string::npos) << who << ": " << secret;
    }
}

//-----------------------------------------------------------------------------
// [SECTION] The session's rules, held by the server
//-----------------------------------------------------------------------------

// An assessment session allows one attempt each; while it is open its scenario cannot be played in
// practice, by the CLI or by hand; the rest of a trainee's work is still delivered; closing it
// ends the assessment and opens the scenario for practice again.
TEST_F(AssessmentCli, TheServerHoldsAttemptsAllowedThePracticeBlockAndClosing) {
    ASSERT_EQ(RunCli({"server", "publish", kDevice, "--db", As("tess")}).m_exit, 0);
    ASSERT_EQ(RunCli({"server", "session", "7", "--assessment", "--assess", "1", "--db", As("tess")}).m_exit, 0);
    const std::vector<std::string> sit = {"assessment", "play", "1", "--actions", Script("ana", kAnaScript), "--trainee",
                                          "ana", "--session", "7", "--db", As("ana")};
    ASSERT_EQ(OnMachineOf("ana", sit).m_exit, 0);
    const CliResult again = OnMachineOf("ana", sit);
    EXPECT_EQ(again.m_exit, 1);
    EXPECT_NE(again.m_err.find("no attempts left at assessment 1 in lab session 7: it allows 1 and you have made 1"),
              std::string::npos) << again.m_err;
    // By hand, past the client: the server's own rule.
    const std::string insert = "INSERT INTO supportlab.attempts (trainee_id, session_id, scenario_id, content_hash, format_version, "
                               "seed, started_wall) SELECT id, %s, 'common-device', %s, 1, 1, 1 FROM supportlab.trainees "
                               "WHERE login = 'ana'";
    auto asAna = [&](const std::string& sql) {
        PGconn* c = PQconnectdb(As("ana").c_str());
        PGresult* r = PQexec(c, sql.c_str());
        std::string out = PQresultStatus(r) == PGRES_COMMAND_OK ? "ok" : PQresultErrorMessage(r);
        PQclear(r);
        PQfinish(c);
        return out;
    };
    auto fill = [&](const std::string& session, const std::string& hash) {
        std::string sql = insert;
        sql.replace(sql.find("%s"), 2, session);
        sql.replace(sql.find("%s"), 2, hash);
        return sql;
    };
    const std::string partHash = "(SELECT trainee_hash FROM supportlab.published_scenarios WHERE id = 1)";
    EXPECT_NE(asAna(fill("7", partHash)).find("no attempts left at common-device in lab session 7"), std::string::npos);
    EXPECT_NE(asAna(fill("7", "'some-other-hash'")).find("assesses only the scenarios published for it"), std::string::npos);
    EXPECT_NE(asAna(fill("NULL", "'original-file-hash'")).find("is being assessed for this cohort"), std::string::npos);

    // Practice of the assessed scenario waits in the outbox; practice of another one goes.
    const std::string empty = Script("empty", "");
    const CliResult blocked = OnMachineOf("ana", {"play", kDevice, "--actions", empty, "--trainee", "ana", "--db", As("ana")});
    EXPECT_EQ(blocked.m_exit, 1);
    EXPECT_NE(blocked.m_err.find("is being assessed for this cohort"), std::string::npos) << blocked.m_err;
    const CliResult other = OnMachineOf("ana", {"play", std::string(SUPPORTLAB_SCENARIO_DIR) + "/common-issues/os.yaml",
                                                "--actions", empty, "--trainee", "ana", "--db", As("ana")});
    EXPECT_NE(other.m_err.find("is being assessed"), std::string::npos) << "the held attempt is still reported";
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE scenario_id = 'common-os'"), "1");
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE session_id IS NULL AND scenario_id = 'common-device'"), "0");

    // Closing the assessment: no more attempts in it, and the held practice attempt goes.
    const CliResult closed = RunCli({"server", "session", "7", "--close", "--attempts", "0", "--db", As("tess")});
    ASSERT_EQ(closed.m_exit, 0) << closed.m_err;
    EXPECT_NE(closed.m_out.find("no limit on attempts, assessing 1, closed 20"), std::string::npos) << closed.m_out;
    const CliResult late = OnMachineOf("ana", sit);
    EXPECT_EQ(late.m_exit, 1);
    EXPECT_NE(late.m_err.find("is closed"), std::string::npos) << late.m_err;
    EXPECT_EQ(OnMachineOf("ana", {"sync", "--db", As("ana")}).m_exit, 0);
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.attempts WHERE session_id IS NULL AND scenario_id = 'common-device'"), "1");

    // The trainer's done-too-fast threshold for the session, kept by the server for the lead's report.
    const CliResult fast = RunCli({"server", "session", "7", "--fast-under", "2m", "--db", As("tess")});
    ASSERT_EQ(fast.m_exit, 0) << fast.m_err;
    EXPECT_NE(fast.m_out.find("flagging modules done in under 2m"), std::string::npos) << fast.m_out;
    EXPECT_EQ(Value("SELECT fast_under_s FROM supportlab.lab_sessions WHERE id = 7"), "120");
    EXPECT_EQ(RunCli({"server", "session", "7", "--fast-under", "soon", "--db", As("tess")}).m_exit, 2);
    EXPECT_EQ(RunCli({"server", "session", "7", "--fast-under", "1m", "--db", As("ana")}).m_exit, 1) << "not a trainee's to set";
    EXPECT_EQ(Value("SELECT fast_under_s FROM supportlab.lab_sessions WHERE id = 7"), "120");
}

//-----------------------------------------------------------------------------
// [SECTION] Every route to the key
//-----------------------------------------------------------------------------

// Signed in as a trainee: every table, view and column her role can read, dumped whole, and the
// server's answers to her own escalations, hold no piece of the key.
TEST_F(AssessmentCli, ATraineeCanReadNoPieceOfTheKeyFromAnyTableViewOrFunction) {
    ASSERT_EQ(RunCli({"server", "publish", kDevice, "--db", As("tess")}).m_exit, 0);
    ASSERT_EQ(OnMachineOf("ana", {"assessment", "play", "1", "--actions", Script("ana", kAnaScript), "--trainee", "ana",
                                  "--session", "7", "--db", As("ana")}).m_exit, 0);
    // `play` with an empty script printed every expected answer; an assessment prints none.
    const CliResult empty = OnMachineOf("ana", {"assessment", "play", "1", "--actions", Script("empty", ""), "--trainee",
                                                "ana", "--db", As("ana")});
    EXPECT_EQ(empty.m_exit, 0) << empty.m_err;
    EXPECT_EQ((empty.m_out + empty.m_err).find("expected"), std::string::npos) << empty.m_out;
    for (const std::string& secret : DeviceKey()) EXPECT_EQ((empty.m_out + empty.m_err).find(secret), std::string::npos) << secret;
    PGconn* c = PQconnectdb(As("ana").c_str());
    ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    std::string everything;
    int readable = 0;
    PGresult* rel = PQexec(c, "SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                              "WHERE n.nspname = 'supportlab' AND c.relkind IN ('r', 'v') ORDER BY 1, 2");
    ASSERT_EQ(PQresultStatus(rel), PGRES_TUPLES_OK);
    for (int i = 0; i < PQntuples(rel); ++i) {
        const std::string table = PQgetvalue(rel, i, 0), column = PQgetvalue(rel, i, 1);
        PGresult* r = PQexec(c, ("SELECT \"" + column + "\"::text FROM supportlab.\"" + table + "\"").c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK) {
            ++readable;
            for (int row = 0; row < PQntuples(r); ++row) everything += std::string(PQgetvalue(r, row, 0)) + "\n";
        } else {
            EXPECT_NE(std::string(PQresultErrorMessage(r)).find("permission denied"), std::string::npos) << table << "." << column;
        }
        PQclear(r);
    }
    PQclear(rel);
    EXPECT_GT(readable, 20) << "the dump read almost nothing: the test would prove nothing";
    EXPECT_NE(everything.find("trainee_part: true"), std::string::npos) << "she can read her part";
    for (const std::string& secret : DeviceKey()) EXPECT_EQ(everything.find(secret), std::string::npos) << secret;

    // The server answers only for escalations in her log, and says no more than accepted or not.
    const std::string uid = Value("SELECT uid FROM supportlab.attempts ORDER BY id LIMIT 1");
    auto answer = [&](const std::string& seq, const std::string& ticket) {
        PGresult* r = PQexec(c, ("SELECT supportlab.route_answer('" + uid + "', " + seq + ", '" + ticket + "')").c_str());
        std::string out = PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : PQresultErrorMessage(r);
        PQclear(r);
        return out;
    };
    const std::string escalation = Value("SELECT seq FROM supportlab.events WHERE action LIKE 'escalate T1 %' ORDER BY seq LIMIT 1");
    const std::string step = Value("SELECT seq FROM supportlab.events WHERE action = 'step T1 S4' ORDER BY seq LIMIT 1");
    ASSERT_FALSE(escalation.empty());
    ASSERT_FALSE(step.empty());
    EXPECT_EQ(answer(escalation, "T1"), "t");
    EXPECT_NE(answer(escalation, "T3").find("did not go with that escalation"), std::string::npos);
    EXPECT_NE(answer(step, "T1").find("is not an escalation"), std::string::npos);
    EXPECT_NE(answer(escalation, "T2").find("did not go with"), std::string::npos);
    // And for steps in her log only, saying what the step did and nothing about the others.
    auto stepAnswer = [&](const std::string& seq) {
        PGresult* r = PQexec(c, ("SELECT fixes, outcome_text, coalesce(fact, '-') FROM supportlab.step_answer('" + uid + "', " +
                                 seq + ")").c_str());
        std::string out;
        if (PQresultStatus(r) != PGRES_TUPLES_OK) out = PQresultErrorMessage(r);
        for (int row = 0; PQresultStatus(r) == PGRES_TUPLES_OK && row < PQntuples(r); ++row)
            out += std::string(PQgetvalue(r, row, 0)) + "|" + PQgetvalue(r, row, 1) + "|" + PQgetvalue(r, row, 2) + "\n";
        PQclear(r);
        return out;
    };
    const std::string told = stepAnswer(step);
    EXPECT_NE(told.find("|"), std::string::npos) << told;
    EXPECT_EQ(Value("SELECT count(*) FROM supportlab.step_answers WHERE seq = " + step), "1") << "answered once, recorded once";
    EXPECT_EQ(stepAnswer(step), told) << "asked again, the same answer";
    EXPECT_NE(stepAnswer(escalation).find("is not a troubleshooting step"), std::string::npos);
    for (const char* table : {"published_routes", "published_step_outcomes", "published_fact_texts", "published_fact_replies", "step_answers"}) {
        PGresult* key = PQexec(c, (std::string("SELECT * FROM supportlab.") + table).c_str());
        EXPECT_EQ(PQresultStatus(key), PGRES_FATAL_ERROR) << table;
        PQclear(key);
    }
    PQfinish(c);
}

//-----------------------------------------------------------------------------
// [SECTION] The server answers steps as the engine does
//-----------------------------------------------------------------------------

// A script that does every step and asks every fact it can on each ticket, as each arrives, on
// the neutral scenario (so every action in it is valid where the key decides). Steps first tries
// steps before facts, which takes outcomes' other branches than facts first does.
ActionScript EverythingScript(const Scenario& neutral, bool stepsFirst) {
    ActionScript script;
    script.m_seed = neutral.m_defaultSeed;
    Simulation sim(neutral, neutral.m_defaultSeed);
    auto apply = [&](const Action& a) {
        if (!sim.Apply(a).m_ok) return false;
        script.m_actions.push_back(a);
        return true;
    };
    std::vector<const TicketState*> order;
    for (const TicketState& t : sim.Tickets()) order.push_back(&t);
    std::stable_sort(order.begin(), order.end(), [](const TicketState* a, const TicketState* b) { return a->m_arrives < b->m_arrives; });
    for (const TicketState* t : order) {
        Action at;
        at.m_type = ActionType::WaitUntil;
        at.m_duration = t->m_arrives;
        apply(at);
        const Ticket& def = *t->m_def;
        for (bool progress = true; progress;) {
            progress = false;
            for (int pass = 0; pass < 2; ++pass) {
                if ((pass == 0) == stepsFirst) {
                    for (const Step& step : def.m_steps) {
                        Action a;
                        a.m_type = ActionType::Step;
                        a.m_target = def.m_id;
                        a.m_arg = step.m_id;
                        if (apply(a)) progress = true;
                    }
                } else {
                    for (const Fact& fact : def.m_facts) {
                        Action a;
                        a.m_type = fact.m_source == FactSource::Diagnostic ? ActionType::Diagnose : ActionType::Ask;
                        a.m_target = def.m_id;
                        a.m_arg = fact.m_id;
                        if (apply(a)) progress = true;
                    }
                }
            }
        }
    }
    return script;
}

// A step's outcome that turns on a fact whose reply takes time: before the reply is in, the server
// answers as if the fact were unknown (as the engine does); after it, as if known.
TEST_F(AssessmentCli, AStepSeesAFactWhoseReplyTakesTimeOnlyOnceTheReplyIsIn) {
    std::filesystem::copy_file(std::string(SUPPORTLAB_SCENARIO_DIR) + "/models/tiered.yaml", m_dir + "/model.yaml");
    const std::string path = m_dir + "/reply-timing.yaml";
    std::ofstream(path) << "format: 1\nkind: common_issues\nid: reply-timing\ntitle: Reply timing\n"
                           "support_model: model.yaml\nplayer_role: helpdesk_agent\ntickets:\n"
                           "  - id: crash\n    subject: App crashes\n    report: It closes at once.\n"
                           "    facts:\n      - { id: dump, prompt: Send the crash report, text: A faulty add-in., reply_after: 1h }\n"
                           "    steps:\n      - id: remove-addin\n        text: Remove the add-in\n        outcomes:\n"
                           "          - { when: [dump], text: The app starts., fixes: true }\n"
                           "          - { text: Nothing changes. }\n"
                           "    answer: { category: apps, impact: low, urgency: low, route: resolve, resolution: fixed, explanation: E }\n";
    const LoadResult<Scenario> loaded = LoadScenarioFile(path);
    ASSERT_TRUE(loaded.Ok());
    const Scenario neutral = Neutralise(*loaded.m_value);
    ASSERT_EQ(neutral.m_tickets.size(), 1u);
    const Ticket& t = neutral.m_tickets[0];
    ASSERT_EQ(t.m_facts.size(), 1u);
    ASSERT_EQ(t.m_facts[0].m_replyAfter, 3600) << "the trainee's part keeps when the reply comes";
    ASSERT_EQ(RunCli({"server", "publish", path, "--db", As("tess")}).m_exit, 0);
    const std::string id = Value("SELECT max(id) FROM supportlab.published_scenarios");
    EXPECT_EQ(Value("SELECT reply_after FROM supportlab.published_fact_replies WHERE published_id = " + id), "3600");
    auto resultOf = [&](const std::string& name, const std::string& wait) {
        const std::string text = "ask " + t.m_id + " " + t.m_facts[0].m_id + "\n" + wait + "step " + t.m_id + " " + t.m_steps[0].m_id + "\n";
        const CliResult played = OnMachineOf("ana", {"assessment", "play", id, "--actions", Script(name, text.c_str()), "--trainee", "ana",
                                                     "--db", As("ana")});
        EXPECT_EQ(played.m_exit, 0) << played.m_err;
        return Value("SELECT action FROM supportlab.events e JOIN supportlab.attempts a ON a.id = e.attempt_id "
                     "WHERE split_part(action, ' ', 1) = 'result' ORDER BY a.id DESC, e.seq DESC LIMIT 1");
    };
    const std::string early = resultOf("early", "");
    EXPECT_NE(early.find(" unfixed "), std::string::npos) << early;
    EXPECT_NE(early.find("Nothing changes."), std::string::npos) << early;
    const std::string late = resultOf("late", "wait 2h\n");
    EXPECT_NE(late.find(" fixed "), std::string::npos) << late;
}

// Every shipped scenario with tickets, published and played through the CLI twice (steps first,
// facts first): each step's result, chosen by the server's step_answer in SQL, is the outcome the
// engine chooses with the key (ChooseOutcome), with the same text, revealed facts (and their
// texts) and fix.
TEST_F(AssessmentCli, TheServerAnswersEveryStepOfEveryShippedScenarioAsTheEngineDoes) {
    size_t compared = 0, laterBranches = 0, reveals = 0, fixes = 0;
    int published = 0;
    for (const char* file : {"common-issues/os.yaml", "common-issues/productivity.yaml", "common-issues/browser.yaml",
                             "common-issues/device.yaml", "common-issues/infrastructure.yaml", "common-issues/lob.yaml",
                             "common-issues/triage-confidence.yaml", "common-issues/intune-staples.yaml",
                             "common-issues/tier1-help-desk.yaml", "common-issues/tier2-support-team.yaml",
                             "common-issues/tier3-mdm-team.yaml", "drills/mini-drill.yaml",
                             "drills/customer-led-monday.yaml", "drills/partner-led-quarter-end.yaml",
                             "drills/tiered-rollout-week.yaml", "drills/steady-day-tiered.yaml"}) {
        SCOPED_TRACE(file);
        const std::string path = std::string(SUPPORTLAB_SCENARIO_DIR) + "/" + file;
        const LoadResult<Scenario> loaded = LoadScenarioFile(path);
        ASSERT_TRUE(loaded.Ok());
        const Scenario neutral = Neutralise(*loaded.m_value);
        const CliResult pub = RunCli({"server", "publish", path, "--db", As("tess")});
        ASSERT_EQ(pub.m_exit, 0) << pub.m_err;
        ++published;
        for (bool stepsFirst : {true, false}) {
            const ActionScript script = EverythingScript(neutral, stepsFirst);
            const CliResult played = OnMachineOf("ana", {"assessment", "play", std::to_string(published), "--actions",
                                                         Script("everything", FormatActionScript(script).c_str()),
                                                         "--trainee", "ana", "--db", As("ana")});
            ASSERT_EQ(played.m_exit, 0) << played.m_err;
            // The attempt as the server holds it, replayed where the key decides.
            const std::string uid = Value("SELECT uid FROM supportlab.attempts ORDER BY id DESC LIMIT 1");
            const std::string log = Value("SELECT string_agg(action, E'\\n' ORDER BY seq) FROM supportlab.events e "
                                          "JOIN supportlab.attempts a ON a.id = e.attempt_id WHERE a.uid = '" + uid + "'");
            const ScriptParseResult events = ParseActionScript(log);
            ASSERT_TRUE(events.Ok()) << log;
            Simulation sim(neutral, neutral.m_defaultSeed);
            std::optional<StepAnswer> expected;
            for (const Action& a : events.m_script.m_actions) {
                if (a.m_type == ActionType::StepOutcome) {
                    ASSERT_TRUE(expected.has_value()) << "a result with no step before it: " << FormatAction(a);
                    const Action want = StepOutcomeAction(a.m_target, a.m_arg, *expected);
                    EXPECT_EQ(FormatAction(a), FormatAction(want));
                    ++compared;
                    expected.reset();
                    ASSERT_TRUE(sim.Apply(a).m_ok);
                    continue;
                }
                ASSERT_FALSE(expected.has_value()) << "a step with no result after it";
                if (a.m_type == ActionType::Step) {
                    const TicketState before = *sim.FindTicket(a.m_target);
                    const Ticket& def = *before.m_def;
                    const Step* step = nullptr;
                    for (const Step& s : def.m_steps)
                        if (s.m_id == a.m_arg) step = &s;
                    ASSERT_NE(step, nullptr);
                    const Outcome* o = ChooseOutcome(*step, before);
                    if (o) {
                        if (o != &step->m_outcomes.front()) ++laterBranches;
                        reveals += o->m_reveals.size();
                        fixes += o->m_fixes ? 1 : 0;
                    }
                    expected = StepAnswerOf(def, o);
                }
                ASSERT_TRUE(sim.Apply(a).m_ok) << FormatAction(a);
            }
            EXPECT_FALSE(expected.has_value()) << "the last step has no result";
        }
    }
    // The comparison covered real ground: many steps, outcomes past the first, reveals and fixes.
    EXPECT_GT(compared, 150u);
    EXPECT_GT(laterBranches, 10u);
    EXPECT_GT(reveals, 10u);
    EXPECT_GT(fixes, 20u);
    std::printf("compared %zu step results (%zu past the first outcome, %zu facts revealed, %zu fixes)\n", compared,
                laterBranches, reveals, fixes);
}

} // namespace
} // namespace sl::test
