// SupportLab robustness tests: SIGKILL at any moment of a scripted lab. After every kill the
// database passes PRAGMA integrity_check, nothing committed is lost (the stored events only grow,
// and are a prefix of the script), and the next run resumes; the end state equals an uninterrupted
// run. Kill points come from a fixed seed.
#include "robust_util.hpp"

#include "core/rng.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <thread>

#include <signal.h>

namespace sl::robust {
namespace {

// [SECTION] Checks
// [SECTION] The lab driver (resumes)
// [SECTION] supportlab-cli play --db --trainee

//-----------------------------------------------------------------------------
// [SECTION] Checks
//-----------------------------------------------------------------------------

void ExpectSameEvent(const Event& got, const Event& want, bool sameWallTimes) {
    EXPECT_EQ(got.m_seq, want.m_seq);
    EXPECT_EQ(got.m_actionText, want.m_actionText) << "event " << got.m_seq;
    EXPECT_EQ(got.m_simTime, want.m_simTime) << "event " << got.m_seq;
    EXPECT_EQ(got.m_scoreAfter, want.m_scoreAfter) << "event " << got.m_seq;
    if (sameWallTimes) {
        EXPECT_EQ(got.m_wallTime, want.m_wallTime) << "event " << got.m_seq;
    }
}

// Stored events are the reference's first events, in order.
void ExpectPrefix(const std::vector<Event>& stored, const std::vector<Event>& reference, bool sameWallTimes) {
    ASSERT_LE(stored.size(), reference.size());
    for (size_t i = 0; i < stored.size(); ++i) {
        EXPECT_EQ(stored[i].m_seq, static_cast<std::int64_t>(i)) << "a gap in the event log";
        ExpectSameEvent(stored[i], reference[i], sameWallTimes);
    }
}

size_t StoredEvents(const std::vector<StoredModule>& lab) {
    size_t n = 0;
    for (const StoredModule& m : lab) n += m.m_events.size();
    return n;
}

// Counts the driver's "event MODULE SEQ" acknowledgements.
size_t Acknowledged(const std::vector<std::string>& lines) {
    size_t n = 0;
    for (const std::string& l : lines)
        if (l.rfind("event ", 0) == 0) ++n;
    return n;
}

//-----------------------------------------------------------------------------
// [SECTION] The lab driver (resumes)
//-----------------------------------------------------------------------------

TEST(KillAtAnyMoment, ScriptedLabSurvivesTwentyFiveSigkillsAndResumes) {
    TempDir dir;
    const std::vector<LabModule> lab = MakeLab(dir.Path());
    size_t total = 0;
    for (const LabModule& m : lab) total += m.m_actions.size();
    ASSERT_GE(total, 100u) << "the lab should be long enough to be killed in many places";

    // The reference: the same lab, uninterrupted, in a database of its own.
    const std::string refDb = dir.Path() + "/reference.db";
    {
        Child c = Spawn(DriverArgs(refDb, lab));
        std::vector<std::string> lines;
        while (ReadLines(c, lines, true)) {
        }
        ASSERT_EQ(Reap(c), 0);
        ASSERT_EQ(Acknowledged(lines), total);
    }
    const std::vector<StoredModule> reference = ReadLab(refDb, lab);
    for (size_t m = 0; m < lab.size(); ++m) {
        ASSERT_EQ(reference[m].m_attempts.size(), 1u);
        ASSERT_TRUE(reference[m].m_attempts[0].m_finished);
        ASSERT_EQ(reference[m].m_events.size(), lab[m].m_actions.size());
        for (size_t i = 0; i < lab[m].m_lines.size(); ++i) EXPECT_EQ(reference[m].m_events[i].m_actionText, lab[m].m_lines[i]);
    }

    const std::string db = dir.Path() + "/killed.db";
    Rng rng(20261122);
    size_t stored = 0;
    int kills = 0, inFlight = 0;
    std::set<size_t> points; // where the kills left the lab
    // 25 kill points over the whole lab, in order. Each run is killed once the lab as a whole has
    // reached its point (a point already passed kills the run while it opens or resumes), plus up
    // to 3 ms so the kill lands inside a write as often as between writes.
    std::vector<size_t> targets;
    // (The last 20 actions are left out: a kill there could come after the lab has finished.)
    for (int k = 0; k < 25; ++k) targets.push_back(static_cast<size_t>(rng.Below(total - 20)));
    std::sort(targets.begin(), targets.end());
    for (int run = 0; run < 60 && kills < 25; ++run) {
        const size_t target = targets[static_cast<size_t>(std::min(kills, 24))];
        const auto delay = std::chrono::microseconds(rng.Below(3000));
        Child c = Spawn(DriverArgs(db, lab));
        std::vector<std::string> lines;
        bool open = true;
        while (open && stored + Acknowledged(lines) < target) open = ReadLines(c, lines, true);
        std::this_thread::sleep_for(delay);
        ::kill(c.m_pid, SIGKILL);
        while (ReadLines(c, lines, false)) {
            if (!ReadLines(c, lines, true)) break;
        }
        const int rc = Reap(c);
        SCOPED_TRACE("run " + std::to_string(run) + ": target " + std::to_string(target) + ", rc " + std::to_string(rc));
        if (rc == -SIGKILL) ++kills;
        else ASSERT_EQ(rc, 0) << "the driver failed on its own";

        // A kill at point 0 can land before the driver has created the database: nothing to check.
        if (!std::filesystem::exists(db)) {
            ASSERT_EQ(stored, 0u) << "the database vanished";
            continue;
        }
        ASSERT_EQ(IntegrityCheck(db), "ok");
        const std::vector<StoredModule> now = ReadLab(db, lab);
        for (size_t m = 0; m < lab.size(); ++m) {
            EXPECT_LE(now[m].m_attempts.size(), 1u) << "a restart must resume, not start a second attempt";
            ExpectPrefix(now[m].m_events, reference[m].m_events, true);
        }
        const size_t count = StoredEvents(now);
        const size_t acked = Acknowledged(lines);
        EXPECT_GE(count, stored) << "committed events were lost";
        EXPECT_GE(count, stored + acked) << "an acknowledged action is missing";
        EXPECT_LE(count, stored + acked + 1) << "more than the action in flight was committed unacknowledged";
        if (count == stored + acked + 1) ++inFlight; // killed after a commit, before its acknowledgement
        if (rc == -SIGKILL) points.insert(count);
        stored = count;
        if (rc == 0) break; // the lab finished before the kill landed
    }
    EXPECT_GE(kills, 20);
    EXPECT_GE(points.size(), 10u) << "the kills should land all over the lab";
    std::printf("[ info ] %d kills at %zu different points of %zu actions; %d right after a commit\n", kills,
                points.size(), total, inFlight);

    // The last run resumes and finishes: the result is exactly the uninterrupted run's.
    Child c = Spawn(DriverArgs(db, lab));
    std::vector<std::string> lines;
    while (ReadLines(c, lines, true)) {
    }
    ASSERT_EQ(Reap(c), 0);
    ASSERT_EQ(IntegrityCheck(db), "ok");
    const std::vector<StoredModule> final = ReadLab(db, lab);
    for (size_t m = 0; m < lab.size(); ++m) {
        SCOPED_TRACE(lab[m].m_id);
        ASSERT_EQ(final[m].m_attempts.size(), 1u);
        const Attempt& got = final[m].m_attempts[0];
        const Attempt& want = reference[m].m_attempts[0];
        EXPECT_TRUE(got.m_finished);
        EXPECT_EQ(got.m_seed, want.m_seed);
        EXPECT_EQ(got.m_contentHash, want.m_contentHash);
        EXPECT_EQ(got.m_scoredWithHash, want.m_scoredWithHash);
        EXPECT_EQ(got.m_startedWall, want.m_startedWall);
        EXPECT_EQ(got.m_endedWall, want.m_endedWall);
        EXPECT_EQ(got.m_endSimTime, want.m_endSimTime);
        EXPECT_EQ(got.m_score, want.m_score);
        EXPECT_EQ(got.m_max, want.m_max);
        ASSERT_EQ(final[m].m_events.size(), reference[m].m_events.size());
        ExpectPrefix(final[m].m_events, reference[m].m_events, true);
        EXPECT_EQ(final[m].m_scoresJson, reference[m].m_scoresJson);
    }
}

//-----------------------------------------------------------------------------
// [SECTION] supportlab-cli play --db --trainee
//-----------------------------------------------------------------------------

// `play --trainee` records a new attempt each time it runs (the script file is the source; the app
// and the lab driver above are what resume). Killing it must still never damage the database or
// lose what it committed, and a later run must store a complete attempt.
TEST(KillAtAnyMoment, CliPlayKilledTwentyTimesLeavesEveryCommitIntact) {
    TempDir dir;
    const std::vector<LabModule> lab = MakeLab(dir.Path());
    const LabModule& drill = lab[1];
    const auto cli = [&](const std::string& db) {
        return std::vector<std::string>{SUPPORTLAB_CLI, "play", drill.m_scenarioPath, "--actions", drill.m_actionsPath,
                                        "--trainee", "Kim", "--db", db};
    };
    auto readAttempts = [&](const std::string& db) {
        std::vector<LabModule> one{drill};
        one[0].m_id = ""; // CLI attempts belong to no lab module
        return ReadLab(db, one);
    };

    // The reference run, timed to spread the kills over its whole length.
    const std::string refDb = dir.Path() + "/reference.db";
    const auto start = std::chrono::steady_clock::now();
    {
        Child c = Spawn(cli(refDb));
        std::vector<std::string> lines;
        while (ReadLines(c, lines, true)) {
        }
        ASSERT_EQ(Reap(c), 0);
    }
    const auto span = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    const std::vector<StoredModule> reference = readAttempts(refDb);
    ASSERT_EQ(reference[0].m_attempts.size(), 1u);
    ASSERT_EQ(reference[0].m_events.size(), drill.m_actions.size());

    const std::string db = dir.Path() + "/killed.db";
    Rng rng(7);
    int kills = 0;
    std::vector<size_t> before; // events of each attempt after the previous kill
    // Up to 100 tries for 20 kills: a loaded machine (sanitizers, parallel tests) finishes some runs
    // before their random kill time.
    for (int run = 0; run < 100 && kills < 20; ++run) {
        const auto delay = std::chrono::microseconds(rng.Below(static_cast<std::uint64_t>(span.count()) + 1));
        Child c = Spawn(cli(db));
        std::this_thread::sleep_for(delay);
        ::kill(c.m_pid, SIGKILL);
        std::vector<std::string> lines;
        while (ReadLines(c, lines, true)) {
        }
        const int rc = Reap(c);
        SCOPED_TRACE("run " + std::to_string(run) + ", rc " + std::to_string(rc));
        if (rc == -SIGKILL) ++kills;
        else ASSERT_EQ(rc, 0);
        if (!std::filesystem::exists(db)) continue; // killed before it created the file
        ASSERT_EQ(IntegrityCheck(db), "ok");

        // Every attempt so far: still there, its events never fewer, each a prefix of the script.
        auto opened = SqliteStore::Open(db);
        ASSERT_TRUE(opened.Ok()) << opened.Error().m_message;
        auto attempts = opened.Value()->Attempts(AttemptFilter{});
        ASSERT_TRUE(attempts.Ok());
        ASSERT_GE(attempts->size(), before.size()) << "an attempt disappeared";
        std::vector<size_t> now;
        for (const Attempt& a : attempts.Value()) {
            auto events = opened.Value()->Events(a.m_id);
            ASSERT_TRUE(events.Ok());
            ExpectPrefix(events.Value(), reference[0].m_events, false);
            now.push_back(events->size());
        }
        for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(now[i], before[i]) << "attempt " << i << " changed after its run ended";
        before = now;
    }
    EXPECT_GE(kills, 20);

    // A run left alone stores a complete attempt equal to the reference (wall times aside: the CLI
    // reads the real clock).
    Child c = Spawn(cli(db));
    std::vector<std::string> lines;
    while (ReadLines(c, lines, true)) {
    }
    ASSERT_EQ(Reap(c), 0);
    ASSERT_EQ(IntegrityCheck(db), "ok");
    const std::vector<StoredModule> final = readAttempts(db);
    ASSERT_FALSE(final[0].m_attempts.empty());
    EXPECT_TRUE(final[0].m_attempts.back().m_finished);
    ASSERT_EQ(final[0].m_events.size(), reference[0].m_events.size());
    ExpectPrefix(final[0].m_events, reference[0].m_events, false);
    EXPECT_EQ(final[0].m_scoresJson, reference[0].m_scoresJson);
    // No killed run stays "in progress" forever: each later run marked the one before it abandoned,
    // and the last one is finished.
    auto opened = SqliteStore::Open(db);
    ASSERT_TRUE(opened.Ok());
    auto attempts = opened.Value()->Attempts(AttemptFilter{});
    ASSERT_TRUE(attempts.Ok());
    for (const Attempt& a : attempts.Value())
        EXPECT_TRUE(a.m_finished || a.m_abandonedWall) << "attempt " << a.m_id << " is still open";
    auto trainee = opened.Value()->FindTrainee("Kim");
    ASSERT_TRUE(trainee.Ok());
    EXPECT_TRUE(opened.Value()->UnfinishedAttempts(trainee->m_id)->empty());
}

} // namespace
} // namespace sl::robust
