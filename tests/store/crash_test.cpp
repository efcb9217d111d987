// SupportLab store tests: SIGKILL in the middle of an attempt loses at most the action in flight,
// and resuming gives exactly the stored state of an uninterrupted run.
#include "store_test_util.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <random>

namespace sl::test {
namespace {

// Child process: records every action, reporting each committed action index on fd, and never
// finishes the attempt; the parent kills it. Never returns.
[[noreturn]] void ChildRecord(const std::string& path, const Scenario& scenario, int fd) {
    auto store = SqliteStore::Open(path);
    if (!store) ::_exit(10);
    auto trainee = store.Value()->FindTrainee("Ana");
    if (!trainee) ::_exit(11);
    Attempt meta;
    meta.m_traineeId = trainee->m_id;
    meta.m_seed = 7;
    auto rec = AttemptRecorder::Start(*store.Value(), scenario, meta, FixedClock());
    if (!rec) ::_exit(12);
    const auto lines = FullRunLines();
    for (size_t i = 0; i < lines.size(); ++i) {
        const ScriptParseResult p = ParseActionScript(lines[i]);
        const RecordResult r = rec->Apply(p.m_script.m_actions.at(0));
        if (!r.m_apply.m_ok || r.m_storeError) ::_exit(13);
        const unsigned char done = static_cast<unsigned char>(i);
        if (::write(fd, &done, 1) != 1) ::_exit(14);
    }
    for (;;) ::pause(); // never finishes: the parent's SIGKILL ends it
}

struct FinalState {
    std::vector<Event> m_events;
    Attempt m_attempt;
    ScoreReport m_scores;
};

FinalState ReadFinal(Store& store, RowId id) {
    FinalState s;
    auto events = store.Events(id);
    EXPECT_TRUE(events.Ok());
    if (events.Ok()) s.m_events = events.Value();
    auto attempt = store.GetAttempt(id);
    EXPECT_TRUE(attempt.Ok());
    if (attempt.Ok()) s.m_attempt = attempt.Value();
    auto scores = store.Scores(id);
    EXPECT_TRUE(scores.Ok()) << (scores.Ok() ? "" : scores.Error().m_message);
    if (scores.Ok()) s.m_scores = scores.Value();
    return s;
}

void ExpectSameFinal(const FinalState& a, const FinalState& b) {
    ASSERT_EQ(a.m_events.size(), b.m_events.size());
    for (size_t i = 0; i < a.m_events.size(); ++i) {
        EXPECT_EQ(a.m_events[i].m_seq, b.m_events[i].m_seq);
        EXPECT_EQ(a.m_events[i].m_simTime, b.m_events[i].m_simTime) << i;
        EXPECT_EQ(a.m_events[i].m_wallTime, b.m_events[i].m_wallTime) << i;
        EXPECT_EQ(a.m_events[i].m_actionText, b.m_events[i].m_actionText) << i;
        EXPECT_EQ(a.m_events[i].m_scoreAfter, b.m_events[i].m_scoreAfter) << i;
    }
    EXPECT_EQ(a.m_attempt.m_finished, b.m_attempt.m_finished);
    EXPECT_EQ(a.m_attempt.m_seed, b.m_attempt.m_seed);
    EXPECT_EQ(a.m_attempt.m_contentHash, b.m_attempt.m_contentHash);
    EXPECT_EQ(a.m_attempt.m_scoredWithHash, b.m_attempt.m_scoredWithHash);
    EXPECT_EQ(a.m_attempt.m_endSimTime, b.m_attempt.m_endSimTime);
    EXPECT_EQ(a.m_attempt.m_endedWall, b.m_attempt.m_endedWall);
    EXPECT_EQ(a.m_attempt.m_score, b.m_attempt.m_score);
    EXPECT_EQ(a.m_attempt.m_max, b.m_attempt.m_max);
    EXPECT_EQ(a.m_attempt.m_startScore, b.m_attempt.m_startScore);
    ExpectSameReport(a.m_scores, b.m_scores);
}

// The reference: the same actions, uninterrupted, in a database of its own.
FinalState Uninterrupted(const TempDir& dir, const Scenario& scenario) {
    auto store = OpenOrFail(dir.File("reference.db"));
    auto ana = store->AddTrainee("Ana", "");
    ScriptedAttemptOptions o;
    o.m_traineeName = "Ana";
    o.m_seed = 7;
    auto r = RecordScriptedAttempt(*store, scenario, Actions(FullRunLines()), o, FixedClock());
    EXPECT_TRUE(r.Ok() && !r->m_failedIndex);
    return ReadFinal(*store, r.Ok() ? r->m_attemptId : 0);
}

TEST(StoreCrash, KillMidAttemptThenResumeEqualsUninterruptedRun) {
    TempDir dir;
    const Scenario scenario = StoreScenario();
    const FinalState reference = Uninterrupted(dir, scenario);
    ASSERT_TRUE(reference.m_attempt.m_finished);
    const size_t total = FullRunLines().size();

    std::mt19937 rng(20240601);
    // Kill after k acknowledged actions, then after a random few microseconds, so the signal lands
    // before, inside and after the next commit.
    for (size_t k : {size_t{1}, size_t{4}, size_t{9}, size_t{15}, total - 2}) {
        SCOPED_TRACE("killed after " + std::to_string(k) + " actions");
        const std::string path = dir.File("crash-" + std::to_string(k) + ".db");
        {
            auto store = OpenOrFail(path);
            ASSERT_TRUE(store->AddTrainee("Ana", "").Ok());
        }
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        std::fflush(nullptr);
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::close(fds[0]);
            ChildRecord(path, scenario, fds[1]);
        }
        ::close(fds[1]);
        size_t acked = 0;
        unsigned char b;
        while (acked < k && ::read(fds[0], &b, 1) == 1) ++acked;
        ASSERT_EQ(acked, k) << "the child stopped early";
        ::usleep(static_cast<useconds_t>(rng() % 3000));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        while (::read(fds[0], &b, 1) == 1) ++acked; // acknowledged between our read and the kill
        ::close(fds[0]);
        ASSERT_TRUE(WIFSIGNALED(status)) << "the child was not killed (exit " << WEXITSTATUS(status) << ")";

        auto store = OpenOrFail(path);
        ASSERT_NE(store, nullptr);
        EXPECT_EQ(RawInt(store->Handle(), "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
        const RowId ana = store->FindTrainee("Ana")->m_id;
        auto open = store->UnfinishedAttempts(ana);
        ASSERT_TRUE(open.Ok());
        ASSERT_EQ(open->size(), 1u);
        const auto stored = static_cast<size_t>(open->front().m_eventCount);
        // Every acknowledged action is stored; at most the one in flight is missing.
        EXPECT_GE(stored, acked);
        EXPECT_LE(stored, acked + 1);

        auto rec = ResumeAttempt(*store, scenario, open->front().m_id, FixedClock());
        ASSERT_TRUE(rec.Ok()) << rec.Error().m_message;
        const auto lines = FullRunLines();
        for (size_t i = stored; i < lines.size(); ++i) {
            const RecordResult r = rec->Apply(A(lines[i]));
            ASSERT_TRUE(r.m_apply.m_ok && !r.m_storeError) << lines[i];
        }
        ASSERT_TRUE(rec->Finish().Ok());
        ExpectSameFinal(ReadFinal(*store, rec->AttemptId()), reference);
    }
}

} // namespace
} // namespace sl::test
