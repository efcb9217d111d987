// SupportLab robustness tests: a full disk and a read-only database in the middle of an attempt.
// The write fails with a clear message, the trainee's in-memory state goes on, and the queued
// writes are retried and stored in order once space (or write access) is back; the attempt then
// equals one that never hit the problem.
#include "robust_util.hpp"

#include "core/scoring.hpp"
#include "scenario_io/loader.hpp"
#include "store/attempt_recorder.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sl::robust {
namespace {

// [SECTION] Helpers
// [SECTION] SQLite's page limit
// [SECTION] A real full file system (tmpfs in a private mount namespace)
// [SECTION] Read-only

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

void Exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << sql << ": " << (err ? err : "");
    sqlite3_free(err);
}

std::int64_t PageCount(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

// The drill module of the scripted lab, and a clock that depends only on how often it was read.
struct Drill {
    explicit Drill(const std::string& dir) : m_lab(MakeLab(dir)) {
        LoadResult<Scenario> sc = LoadScenarioFile(m_lab[1].m_scenarioPath);
        if (!sc.Ok()) throw std::runtime_error("the drill does not load");
        m_scenario = std::move(*sc.m_value);
    }
    const std::vector<Action>& Actions() const { return m_lab[1].m_actions; }
    WallClock Clock() {
        return [this] { return 1'700'000'000'000 + 1000 * ++m_ticks; };
    }
    std::vector<LabModule> m_lab;
    Scenario m_scenario;
    std::int64_t m_ticks = 0;
};

struct Opened {
    std::unique_ptr<SqliteStore> m_store;
    RowId m_trainee = 0;
};

Opened OpenWithTrainee(const std::string& path) {
    Opened o;
    auto store = SqliteStore::Open(path);
    if (!store) throw std::runtime_error(store.Error().m_message);
    o.m_store = std::move(store.Value());
    auto t = o.m_store->AddTrainee("Kim", "Robustness");
    if (!t) throw std::runtime_error(t.Error().m_message);
    o.m_trainee = t->m_id;
    return o;
}

AttemptRecorder StartDrill(Opened& o, Drill& drill) {
    Attempt meta;
    meta.m_traineeId = o.m_trainee;
    meta.m_seed = drill.m_scenario.m_defaultSeed;
    auto rec = AttemptRecorder::Start(*o.m_store, drill.m_scenario, meta, drill.Clock());
    if (!rec) throw std::runtime_error(rec.Error().m_message);
    return std::move(rec.Value());
}

// What an attempt that never hit a problem stores: events and scores.
struct Outcome {
    std::vector<Event> m_events;
    std::string m_scores;
};

Outcome Stored(Store& store, RowId attempt) {
    Outcome out;
    auto events = store.Events(attempt);
    if (events) out.m_events = events.Value();
    auto scores = store.Scores(attempt);
    if (scores) out.m_scores = FormatScoreJson(scores.Value());
    return out;
}

Outcome Reference(const std::string& dir) {
    Drill drill(dir);
    Opened o = OpenWithTrainee(dir + "/reference.db");
    AttemptRecorder rec = StartDrill(o, drill);
    for (const Action& a : drill.Actions()) {
        const RecordResult r = rec.Apply(a);
        if (!r.m_apply.m_ok || r.m_storeError) throw std::runtime_error("the reference run failed");
    }
    if (!rec.Finish()) throw std::runtime_error("the reference run did not finish");
    return Stored(*o.m_store, rec.AttemptId());
}

void ExpectSameOutcome(const Outcome& got, const Outcome& want) {
    ASSERT_EQ(got.m_events.size(), want.m_events.size());
    for (size_t i = 0; i < got.m_events.size(); ++i) {
        EXPECT_EQ(got.m_events[i].m_seq, want.m_events[i].m_seq);
        EXPECT_EQ(got.m_events[i].m_actionText, want.m_events[i].m_actionText) << i;
        EXPECT_EQ(got.m_events[i].m_simTime, want.m_events[i].m_simTime) << i;
        EXPECT_EQ(got.m_events[i].m_wallTime, want.m_events[i].m_wallTime) << i;
        EXPECT_EQ(got.m_events[i].m_scoreAfter, want.m_events[i].m_scoreAfter) << i;
    }
    EXPECT_EQ(got.m_scores, want.m_scores);
}

// Plays the drill; `trouble` starts the problem after `before` actions and `fix` ends it after
// `during` more. Checks what the trainee and the database see on the way.
void PlayThroughTrouble(Opened& o, Drill& drill, StoreErrorKind kind, const std::string& words, size_t before,
                        size_t during, const std::function<void()>& trouble, const std::function<void()>& fix) {
    AttemptRecorder rec = StartDrill(o, drill);
    const std::vector<Action>& actions = drill.Actions();
    ASSERT_GT(actions.size(), before + during + 10);
    size_t i = 0;
    for (; i < before; ++i) {
        const RecordResult r = rec.Apply(actions[i]);
        ASSERT_TRUE(r.m_apply.m_ok);
        ASSERT_FALSE(r.m_storeError) << r.m_storeError->m_message;
    }
    trouble();
    // Writes fail from here (a page limit may let a few more rows fit on the last page first).
    std::optional<size_t> firstFailure;
    for (; i < actions.size() - 10 && (!firstFailure || i < *firstFailure + during); ++i) {
        const RecordResult r = rec.Apply(actions[i]);
        ASSERT_TRUE(r.m_apply.m_ok) << "the simulation refused a scripted action";
        if (!r.m_storeError) {
            ASSERT_FALSE(firstFailure) << "a write succeeded while earlier ones are still queued";
            continue;
        }
        if (!firstFailure) firstFailure = i;
        EXPECT_EQ(r.m_storeError->m_kind, kind) << r.m_storeError->m_message;
        EXPECT_NE(r.m_storeError->m_message.find(words), std::string::npos) << r.m_storeError->m_message;
        // The trainee's state goes on in memory, and the action waits in the queue.
        EXPECT_EQ(rec.Sim().Log().size(), i + 1);
        EXPECT_EQ(rec.PendingWrites(), i + 1 - *firstFailure);
    }
    ASSERT_TRUE(firstFailure) << "the writes never failed";
    // The database holds exactly what was written before the trouble: nothing lost, nothing extra.
    auto stored = o.m_store->Events(rec.AttemptId());
    ASSERT_TRUE(stored.Ok()) << "reading works while writing does not";
    EXPECT_EQ(stored->size(), *firstFailure);
    // Finishing fails too, and the attempt stays open.
    auto early = rec.Finish();
    EXPECT_FALSE(early.Ok());
    EXPECT_FALSE(rec.Finished());
    EXPECT_FALSE(rec.Flush().Ok());

    fix();
    // The next action first stores the queue, in order.
    const RecordResult r = rec.Apply(actions[i++]);
    ASSERT_TRUE(r.m_apply.m_ok);
    EXPECT_FALSE(r.m_storeError) << r.m_storeError->m_message;
    EXPECT_EQ(rec.PendingWrites(), 0u);
    for (; i < actions.size(); ++i) {
        const RecordResult rest = rec.Apply(actions[i]);
        ASSERT_TRUE(rest.m_apply.m_ok);
        ASSERT_FALSE(rest.m_storeError) << rest.m_storeError->m_message;
    }
    ASSERT_TRUE(rec.Finish().Ok());
    ExpectSameOutcome(Stored(*o.m_store, rec.AttemptId()), Reference(TempDir().Path()));
}

//-----------------------------------------------------------------------------
// [SECTION] SQLite's page limit
//-----------------------------------------------------------------------------

TEST(DiskFull, PageLimitFailsWritesClearlyKeepsStateAndRetries) {
    TempDir dir;
    Drill drill(dir.Path());
    Opened o = OpenWithTrainee(dir.Path() + "/full.db");
    sqlite3* h = o.m_store->Handle();
    PlayThroughTrouble(
        o, drill, StoreErrorKind::DiskFull, "disk is full", 20, 15,
        [&] {
            Exec(h, "PRAGMA wal_checkpoint(TRUNCATE)");
            Exec(h, "PRAGMA max_page_count = " + std::to_string(PageCount(h)));
        },
        [&] { Exec(h, "PRAGMA max_page_count = 1073741823"); });
}

//-----------------------------------------------------------------------------
// [SECTION] A real full file system (tmpfs in a private mount namespace)
//-----------------------------------------------------------------------------

// Runs body(dir) in a child process that has a private 4 MiB tmpfs mounted at dir. Returns the
// child's exit code: 0 when body passed, 1 when it failed, 77 when no mount namespace is allowed.
int InTinyFileSystem(const std::string& dir, const std::function<void(const std::string&)>& body) {
    std::fflush(stdout);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const uid_t uid = ::getuid();
        const gid_t gid = ::getgid();
        if (::unshare(CLONE_NEWNS) != 0) {
            // Not root: a user namespace in which we are root may still mount.
            if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) ::_exit(77);
            std::ofstream("/proc/self/setgroups") << "deny";
            std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
            std::ofstream("/proc/self/gid_map") << "0 " << gid << " 1";
        }
        // Keep the mount out of the parent's namespace.
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ::_exit(77);
        if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=4m") != 0) ::_exit(77);
        body(dir);
        std::fflush(stdout);
        ::_exit(::testing::Test::HasFailure() ? 1 : 0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Writes zeros until the file system is full.
void FillUp(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    const std::string block(4096, '\0');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    const int err = errno;
    ::close(fd);
    EXPECT_EQ(err, ENOSPC);
}

TEST(DiskFull, FullTmpfsFailsWritesClearlyKeepsStateAndRetries) {
    TempDir dir;
    const std::string mount = dir.Path() + "/tiny";
    std::filesystem::create_directory(mount);
    TempDir work; // the lab's scripts and the reference live outside the tiny file system
    const int rc = InTinyFileSystem(mount, [&](const std::string& at) {
        Drill drill(work.Path());
        Opened o = OpenWithTrainee(at + "/full.db");
        const std::string filler = at + "/filler";
        PlayThroughTrouble(
            o, drill, StoreErrorKind::DiskFull, "disk is full", 20, 15, [&] { FillUp(filler); },
            [&] { std::filesystem::remove(filler); });
    });
    if (rc == 77) GTEST_SKIP() << "no mount namespace here; the page-limit test covers the retry logic";
    EXPECT_EQ(rc, 0) << "the checks in the child process failed (see its output above)";
}

//-----------------------------------------------------------------------------
// [SECTION] Read-only
//-----------------------------------------------------------------------------

// The connection turns read-only mid-attempt (SQLite's query_only: every write gets
// SQLITE_READONLY, as from a file system remounted read-only) and writable again.
TEST(ReadOnly, WritesFailClearlyKeepStateAndRetryWhenWritableAgain) {
    TempDir dir;
    Drill drill(dir.Path());
    Opened o = OpenWithTrainee(dir.Path() + "/ro.db");
    sqlite3* h = o.m_store->Handle();
    PlayThroughTrouble(
        o, drill, StoreErrorKind::ReadOnly, "read-only", 10, 12, [&] { Exec(h, "PRAGMA query_only = 1"); },
        [&] { Exec(h, "PRAGMA query_only = 0"); });
}

} // namespace
} // namespace sl::robust
