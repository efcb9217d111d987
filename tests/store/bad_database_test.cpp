// SupportLab store tests: every bad or awkward database is refused clearly and left untouched.
#include "store_test_util.hpp"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>

namespace sl::test {
namespace {

// A small valid database with one trainee, closed (checkpointed) so the main file holds everything.
void MakeValidDatabase(const std::string& path) {
    auto store = OpenOrFail(path);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->AddTrainee("Ana", "spring").Ok());
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(store->AddTrainee("Trainee " + std::to_string(i), "c").Ok());
}

// Opening must fail with one of kinds, the message must name the file, and the bytes must not change.
void ExpectRefusedUntouched(const std::string& path, std::initializer_list<StoreErrorKind> kinds) {
    const std::string before = ReadFileBytes(path);
    auto r = SqliteStore::Open(path);
    ASSERT_FALSE(r.Ok()) << "opened " << path;
    bool kindOk = false;
    for (auto k : kinds) kindOk = kindOk || r.Error().m_kind == k;
    EXPECT_TRUE(kindOk) << "kind " << ToString(r.Error().m_kind) << ": " << r.Error().m_message;
    EXPECT_NE(r.Error().m_message.find(path), std::string::npos) << r.Error().m_message;
    EXPECT_EQ(ReadFileBytes(path), before) << "the file was changed";
    // No WAL or journal was left behind either.
    EXPECT_FALSE(std::filesystem::exists(path + "-wal") && std::filesystem::file_size(path + "-wal") > 0);
}

TEST(StoreBadDatabase, NewerSchemaIsRefused) {
    TempDir dir;
    const std::string path = dir.File("newer.db");
    MakeValidDatabase(path);
    RawExec(path, "PRAGMA user_version = 99");
    ExpectRefusedUntouched(path, {StoreErrorKind::NewerSchema});
    auto r = SqliteStore::Open(path);
    EXPECT_NE(r.Error().m_message.find("newer"), std::string::npos);
    EXPECT_NE(r.Error().m_message.find("99"), std::string::npos);
}

TEST(StoreBadDatabase, TextFileIsRefused) {
    TempDir dir;
    const std::string path = dir.File("notes.db");
    WriteFileBytes(path, "These are my notes, not a database.\n");
    ExpectRefusedUntouched(path, {StoreErrorKind::NotADatabase});
}

TEST(StoreBadDatabase, BinaryGarbageIsRefused) {
    TempDir dir;
    const std::string path = dir.File("garbage.db");
    std::string bytes(8192, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131 + 7) & 0xff);
    WriteFileBytes(path, bytes);
    ExpectRefusedUntouched(path, {StoreErrorKind::NotADatabase});
}

TEST(StoreBadDatabase, ShortFileIsRefused) {
    TempDir dir;
    const std::string path = dir.File("short.db");
    WriteFileBytes(path, "SQLite");
    ExpectRefusedUntouched(path, {StoreErrorKind::NotADatabase});
}

TEST(StoreBadDatabase, ForeignSqliteDatabaseIsRefused) {
    TempDir dir;
    const std::string path = dir.File("other-app.db");
    RawExec(path, "CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos(name) VALUES ('cat.jpg');");
    ExpectRefusedUntouched(path, {StoreErrorKind::NotADatabase});
    EXPECT_NE(SqliteStore::Open(path).Error().m_message.find("not a SupportLab"), std::string::npos);
}

TEST(StoreBadDatabase, DamagedPagesAreRefused) {
    TempDir dir;
    const std::string path = dir.File("damaged.db");
    MakeValidDatabase(path);
    std::string bytes = ReadFileBytes(path);
    ASSERT_GT(bytes.size(), 4096u * 4);
    // Scribble over every page after the first: b-tree headers become nonsense.
    for (size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 7919) & 0xff);
    WriteFileBytes(path, bytes);
    ExpectRefusedUntouched(path, {StoreErrorKind::Corrupt, StoreErrorKind::NotADatabase});
}

TEST(StoreBadDatabase, DamagedDataPageIsCaughtAtOpen) {
    TempDir dir;
    const std::string path = dir.File("lastpage.db");
    MakeValidDatabase(path);
    std::string bytes = ReadFileBytes(path);
    // Only the last page (a small table's rows, not the schema; since schema 6 the outbox's
    // deliveries root) is damaged: the open-time check finds it.
    for (size_t i = bytes.size() - 4096; i < bytes.size() - 100; ++i) bytes[i] = static_cast<char>((i * 7919) & 0xff);
    WriteFileBytes(path, bytes);
    ExpectRefusedUntouched(path, {StoreErrorKind::Corrupt});
}

TEST(StoreBadDatabase, DamageInTheEventLogIsReportedWhenRead) {
    TempDir dir;
    const std::string path = dir.File("events.db");
    RowId attempt = 0;
    {
        auto store = OpenOrFail(path);
        ASSERT_NE(store, nullptr);
        Attempt a;
        a.m_traineeId = store->AddTrainee("Ana", "")->m_id;
        a.m_scenarioId = "s";
        attempt = store->StartAttempt(a)->m_id;
        const std::string note(200, 'x');
        for (int i = 0; i < 2000; ++i)
            ASSERT_TRUE(store->AppendEvent(Event{attempt, i, i, i, "escalate t tier2 " + note, {}}).Ok());
    }
    std::string bytes = ReadFileBytes(path);
    ASSERT_GT(bytes.size(), 4096u * 40);
    // Only event-log pages lie in the second half of the file (it was written last).
    for (size_t i = bytes.size() / 2; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 7919) & 0xff);
    WriteFileBytes(path, bytes);
    auto store = SqliteStore::Open(path); // the small tables are fine: it opens
    ASSERT_TRUE(store.Ok()) << store.Error().m_message;
    auto events = store.Value()->Events(attempt);
    ASSERT_FALSE(events.Ok());
    EXPECT_EQ(events.Error().m_kind, StoreErrorKind::Corrupt) << events.Error().m_message;
    EXPECT_NE(events.Error().m_message.find("damaged"), std::string::npos);
    store.Value().reset();
    EXPECT_EQ(ReadFileBytes(path), bytes); // still never rewritten
}

TEST(StoreBadDatabase, DamagedHeaderPageIsRefused) {
    TempDir dir;
    const std::string path = dir.File("header.db");
    MakeValidDatabase(path);
    std::string bytes = ReadFileBytes(path);
    for (size_t i = 16; i < 100; ++i) bytes[i] = '\xee'; // page size, versions, counts
    WriteFileBytes(path, bytes);
    ExpectRefusedUntouched(path, {StoreErrorKind::Corrupt, StoreErrorKind::NotADatabase});
}

TEST(StoreBadDatabase, TruncatedDatabaseIsRefused) {
    TempDir dir;
    const std::string path = dir.File("truncated.db");
    MakeValidDatabase(path);
    std::string bytes = ReadFileBytes(path);
    bytes.resize(bytes.size() / 2);
    WriteFileBytes(path, bytes);
    ExpectRefusedUntouched(path, {StoreErrorKind::Corrupt, StoreErrorKind::NotADatabase});
}

TEST(StoreBadDatabase, DirectoryIsRefused) {
    TempDir dir;
    const std::string path = dir.File("folder.db");
    std::filesystem::create_directory(path);
    auto r = SqliteStore::Open(path);
    ASSERT_FALSE(r.Ok());
    EXPECT_EQ(r.Error().m_kind, StoreErrorKind::NotADatabase);
    EXPECT_TRUE(std::filesystem::is_directory(path));
}

TEST(StoreBadDatabase, EmptyPathIsInvalid) {
    EXPECT_EQ(SqliteStore::Open("").Error().m_kind, StoreErrorKind::Invalid);
}

TEST(StoreBadDatabase, MissingFileWithoutCreateIsNotFound) {
    TempDir dir;
    SqliteOpenOptions o;
    o.m_create = false;
    EXPECT_EQ(SqliteStore::Open(dir.File("nope.db"), o).Error().m_kind, StoreErrorKind::NotFound);
    EXPECT_FALSE(std::filesystem::exists(dir.File("nope.db")));
}

TEST(StoreBadDatabase, EmptyFileBecomesANewDatabase) {
    TempDir dir;
    const std::string path = dir.File("empty.db");
    WriteFileBytes(path, "");
    auto store = OpenOrFail(path);
    ASSERT_NE(store, nullptr);
    EXPECT_TRUE(store->AddTrainee("Ana", "").Ok());
}

TEST(StoreBadDatabase, ParentFoldersAreCreated) {
    TempDir dir;
    const std::string path = dir.File("a/b/c/supportlab.db");
    auto store = OpenOrFail(path);
    ASSERT_NE(store, nullptr);
    EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(StoreBadDatabase, DefaultPathFollowsXdg) {
    const char* oldXdg = std::getenv("XDG_DATA_HOME");
    const std::string saved = oldXdg ? oldXdg : "";
    ::setenv("XDG_DATA_HOME", "/data/xdg", 1);
    EXPECT_EQ(DefaultDatabasePath(), "/data/xdg/supportlab/supportlab.db");
    ::setenv("XDG_DATA_HOME", "relative/ignored", 1); // the spec says relative values are ignored
    ::setenv("HOME", "/home/trainee", 1);
    EXPECT_EQ(DefaultDatabasePath(), "/home/trainee/.local/share/supportlab/supportlab.db");
    ::unsetenv("XDG_DATA_HOME");
    EXPECT_EQ(DefaultDatabasePath(), "/home/trainee/.local/share/supportlab/supportlab.db");
    if (oldXdg) ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
}

// Runs check as a user who cannot write to root-owned files (root ignores permission bits), in a
// child process; returns its exit status. Non-root runs it here after removing write permission.
int RunWithoutWriteAccess(const std::string& dir, const std::string& file, int (*check)(const std::string&, const std::string&)) {
    namespace fs = std::filesystem;
    if (::geteuid() != 0) {
        if (!file.empty()) fs::permissions(file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
        fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
        const int rc = check(dir, file);
        fs::permissions(dir, fs::perms::owner_all);
        return rc;
    }
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                             fs::perms::others_exec);
    if (!file.empty())
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(90);
        ::_exit(check(dir, file));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

int CheckReadOnlyFile(const std::string&, const std::string& file) {
    auto r = SqliteStore::Open(file);
    if (r.Ok()) return 1;
    if (r.Error().m_kind != StoreErrorKind::ReadOnly) {
        std::fprintf(stderr, "kind %s: %s\n", ToString(r.Error().m_kind), r.Error().m_message.c_str());
        return 2;
    }
    if (r.Error().m_message.find("read-only") == std::string::npos) return 3;
    // Reading is still possible for reports when the schema is current... but WAL readers need the
    // folder writable too, so a read-only open may also refuse; it must never crash or write.
    SqliteOpenOptions ro;
    ro.m_readOnly = true;
    auto reader = SqliteStore::Open(file, ro);
    if (reader.Ok() && !reader.Value()->Trainees(std::nullopt).Ok()) return 4;
    return 0;
}

int CheckReadOnlyFolder(const std::string& dir, const std::string&) {
    auto r = SqliteStore::Open(dir + "/new.db");
    if (r.Ok()) return 1;
    if (r.Error().m_kind != StoreErrorKind::ReadOnly) {
        std::fprintf(stderr, "kind %s: %s\n", ToString(r.Error().m_kind), r.Error().m_message.c_str());
        return 2;
    }
    if (std::filesystem::exists(dir + "/new.db")) return 3;
    auto nested = SqliteStore::Open(dir + "/sub/new.db");
    if (nested.Ok() || nested.Error().m_kind != StoreErrorKind::ReadOnly) return 4;
    return 0;
}

TEST(StoreBadDatabase, ReadOnlyFileIsRefusedClearly) {
    TempDir dir;
    const std::string path = dir.File("ro.db");
    MakeValidDatabase(path);
    const std::string before = ReadFileBytes(path);
    EXPECT_EQ(RunWithoutWriteAccess(dir.Path(), path, CheckReadOnlyFile), 0);
    EXPECT_EQ(ReadFileBytes(path), before);
}

TEST(StoreBadDatabase, ReadOnlyFolderIsRefusedClearly) {
    TempDir dir;
    EXPECT_EQ(RunWithoutWriteAccess(dir.Path(), "", CheckReadOnlyFolder), 0);
}

TEST(StoreBadDatabase, BusyDatabaseReportsBusyAndRecovers) {
    TempDir dir;
    const std::string path = dir.File("busy.db");
    SqliteOpenOptions quick;
    quick.m_busyTimeoutMs = 50;
    auto store = OpenOrFail(path, quick);
    ASSERT_NE(store, nullptr);
    auto ana = store->AddTrainee("Ana", "");
    ASSERT_TRUE(ana.Ok());

    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO cohorts(name) VALUES ('held')", nullptr, nullptr, nullptr), SQLITE_OK);
    auto blocked = store->AddTrainee("Ben", "");
    ASSERT_FALSE(blocked.Ok());
    EXPECT_EQ(blocked.Error().m_kind, StoreErrorKind::Busy);
    EXPECT_NE(blocked.Error().m_message.find("another SupportLab process"), std::string::npos);
    // Reads still work while another process writes (WAL).
    EXPECT_TRUE(store->FindTrainee("Ana").Ok());
    ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    EXPECT_TRUE(store->AddTrainee("Ben", "").Ok());
    EXPECT_EQ(store->Cohorts()->size(), 1u);
}

} // namespace
} // namespace sl::test

namespace sl::test {
namespace {

// A schema version SupportLab never wrote indexed its migration table: -1 threw, -4 ran program
// bytes as SQL, values down to -400 crashed. Each must be refused with a clear message, untouched.
TEST(StoreBadDatabase, NegativeSchemaVersionIsRefusedUntouched) {
    for (int version : {-1, -2, -4, -5, -64, -400, -2147483647 - 1}) {
        SCOPED_TRACE(version);
        TempDir dir;
        const std::string path = dir.File("negative.db");
        MakeValidDatabase(path);
        RawExec(path, "PRAGMA user_version = " + std::to_string(version));
        ExpectRefusedUntouched(path, {StoreErrorKind::NotADatabase});
        SqliteOpenOptions reading;
        reading.m_create = false;
        reading.m_readOnly = true;
        auto r = SqliteStore::Open(path, reading);
        ASSERT_FALSE(r.Ok());
        EXPECT_NE(r.Error().m_message.find("never written by SupportLab"), std::string::npos) << r.Error().m_message;
    }
}

TEST(StoreBadDatabase, ReadingNeverTurnsAnEmptyFileIntoADatabase) {
    TempDir dir;
    const std::string path = dir.File("empty.db");
    WriteFileBytes(path, "");
    for (bool readOnly : {false, true}) {
        SqliteOpenOptions reading;
        reading.m_create = false;
        reading.m_readOnly = readOnly;
        auto r = SqliteStore::Open(path, reading);
        ASSERT_FALSE(r.Ok());
        EXPECT_EQ(r.Error().m_kind, StoreErrorKind::NotFound) << r.Error().m_message;
        EXPECT_NE(r.Error().m_message.find("empty"), std::string::npos) << r.Error().m_message;
        EXPECT_EQ(std::filesystem::file_size(path), 0u);
        EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
    }
}

TEST(StoreBadDatabase, ReadingNeverTurnsAnEmptySqliteFileIntoADatabase) {
    TempDir dir;
    const std::string path = dir.File("blank.db");
    RawExec(path, "PRAGMA page_size = 4096; VACUUM"); // a valid SQLite file with no tables
    const std::string before = ReadFileBytes(path);
    SqliteOpenOptions reading;
    reading.m_create = false;
    auto r = SqliteStore::Open(path, reading);
    ASSERT_FALSE(r.Ok());
    EXPECT_EQ(r.Error().m_kind, StoreErrorKind::NotFound) << r.Error().m_message;
    EXPECT_EQ(ReadFileBytes(path), before);
}

TEST(StoreBadDatabase, NewDatabaseIsTheOwnersAloneInAPrivateFolder) {
    TempDir dir;
    const std::string path = dir.File("new/deeper/supportlab.db");
    const mode_t oldMask = ::umask(022);
    {
        auto store = OpenOrFail(path);
        ASSERT_NE(store, nullptr);
        ASSERT_TRUE(store->AddTrainee("Ana", "").Ok());
        struct stat st{};
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u);
        ASSERT_EQ(::stat((path + "-wal").c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u);
        for (const char* folder : {"new", "new/deeper"}) {
            ASSERT_EQ(::stat(dir.File(folder).c_str(), &st), 0);
            EXPECT_EQ(st.st_mode & 0777, 0700u) << folder;
        }
    }
    ::umask(oldMask);
    // A folder that already exists keeps its mode.
    struct stat st{};
    ASSERT_EQ(::stat(dir.Path().c_str(), &st), 0);
    const mode_t before = st.st_mode & 0777;
    ASSERT_NE(OpenOrFail(dir.File("second.db")), nullptr);
    ASSERT_EQ(::stat(dir.Path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, before);
}

TEST(StoreBadDatabase, DiskFullMessageMakesNoPromiseForTheCaller) {
    // Only a program that really retries (the app's recorder) may say so; the store's own words must
    // be true for the CLI too, which exits.
    TempDir dir;
    const std::string path = dir.File("full.db");
    auto store = OpenOrFail(path);
    ASSERT_NE(store, nullptr);
    RawExec(path, "SELECT 1");
    ASSERT_EQ(sqlite3_exec(store->Handle(), "PRAGMA max_page_count = 1", nullptr, nullptr, nullptr), SQLITE_OK);
    StoreStatus st = StoreOk{};
    for (int i = 0; i < 1000 && st.Ok(); ++i) st = store->AddCohort("cohort " + std::to_string(i));
    ASSERT_FALSE(st.Ok());
    EXPECT_EQ(st.Error().m_kind, StoreErrorKind::DiskFull);
    EXPECT_NE(st.Error().m_message.find("disk is full"), std::string::npos) << st.Error().m_message;
    EXPECT_EQ(st.Error().m_message.find("retried"), std::string::npos) << st.Error().m_message;
}

} // namespace
} // namespace sl::test
