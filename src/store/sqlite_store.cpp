// SupportLab store: SqliteStore — opening safely, migrations, and every Store operation in SQL.

// [SECTION] Helpers: statements, errors, conversions
// [SECTION] Opening and migrating
// [SECTION] Cohorts and trainees
// [SECTION] Labs and sessions
// [SECTION] Lab runs and module marks
// [SECTION] Attempts and events
// [SECTION] Scores
// [SECTION] Outbox delivery marks

#include "store/sqlite_store.hpp"

#include "store/guarded.hpp"
#include "store/row_codec.hpp"
#include "store/sqlite_schema.hpp"

#include "core/text.hpp"
#include "platform/files.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <tuple>
#include <unordered_map>

namespace sl {

using detail::Guarded;
using detail::KindName;
using detail::ToI64;
using detail::ToU64;

//-----------------------------------------------------------------------------
// [SECTION] Helpers: statements, errors, conversions
//-----------------------------------------------------------------------------

namespace {

StoreErrorKind KindFor(int rc) {
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StoreErrorKind::Busy;
    case SQLITE_FULL: return StoreErrorKind::DiskFull;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH: return StoreErrorKind::ReadOnly;
    case SQLITE_NOTADB: return StoreErrorKind::NotADatabase;
    case SQLITE_CORRUPT: return StoreErrorKind::Corrupt;
    case SQLITE_CONSTRAINT: return StoreErrorKind::Constraint;
    case SQLITE_NOTFOUND: return StoreErrorKind::NotFound;
    default: return StoreErrorKind::Io;
    }
}

// What the user can do about each kind, appended to the engine's own message.
const char* AdviceFor(StoreErrorKind k) {
    switch (k) {
    case StoreErrorKind::Busy: return "another SupportLab process is holding the database; try again";
    case StoreErrorKind::DiskFull: return "the disk is full; free some space and try again";
    case StoreErrorKind::ReadOnly: return "the database or its folder is read-only; fix the permissions or use --db to pick another file";
    case StoreErrorKind::NotADatabase: return "the file is not a SupportLab database; it was left untouched";
    case StoreErrorKind::Corrupt: return "the database is damaged and was left untouched; restore a backup, or use --db to start a new file";
    default: return nullptr;
    }
}

ItemKind KindFromName(const unsigned char* s) { return detail::KindFromName(reinterpret_cast<const char*>(s)); }
Dimension DimensionFromText(const unsigned char* s) { return detail::DimensionFromText(reinterpret_cast<const char*>(s)); }

// A cached prepared statement in use: binds by 1-based index, resets itself when done.
class Stmt {
public:
    explicit Stmt(sqlite3_stmt* s) : m_s(s) {}
    ~Stmt() {
        if (m_s) {
            sqlite3_reset(m_s);
            sqlite3_clear_bindings(m_s);
        }
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    bool Valid() const { return m_s != nullptr; }
    // Ready to bind and run again (loops reuse one statement).
    void Reset() {
        sqlite3_reset(m_s);
        sqlite3_clear_bindings(m_s);
    }
    Stmt& Bind(int i, std::int64_t v) { sqlite3_bind_int64(m_s, i, v); return *this; }
    Stmt& Bind(int i, int v) { sqlite3_bind_int64(m_s, i, v); return *this; }
    Stmt& Bind(int i, double v) { sqlite3_bind_double(m_s, i, v); return *this; }
    Stmt& Bind(int i, const std::string& v) {
        sqlite3_bind_text(m_s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& Bind(int i, const char* v) { sqlite3_bind_text(m_s, i, v, -1, SQLITE_STATIC); return *this; }
    Stmt& BindNull(int i) { sqlite3_bind_null(m_s, i); return *this; }
    template <class T>
    Stmt& Bind(int i, const std::optional<T>& v) {
        if (v) return Bind(i, *v);
        return BindNull(i);
    }

    int Step() { return sqlite3_step(m_s); }
    bool Null(int c) const { return sqlite3_column_type(m_s, c) == SQLITE_NULL; }
    std::int64_t Int(int c) const { return sqlite3_column_int64(m_s, c); }
    double Real(int c) const { return sqlite3_column_double(m_s, c); }
    const unsigned char* RawText(int c) const { return sqlite3_column_text(m_s, c); }
    std::string Text(int c) const {
        const unsigned char* t = sqlite3_column_text(m_s, c);
        return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(m_s, c)))
                 : std::string();
    }
    std::optional<std::string> OptText(int c) const { return Null(c) ? std::nullopt : std::optional(Text(c)); }
    std::optional<std::int64_t> OptInt(int c) const { return Null(c) ? std::nullopt : std::optional(Int(c)); }
    std::optional<double> OptReal(int c) const { return Null(c) ? std::nullopt : std::optional(Real(c)); }

private:
    sqlite3_stmt* m_s;
};


} // namespace

struct SqliteStore::Impl {
    sqlite3* m_db = nullptr;
    std::string m_path;
    std::unordered_map<std::string, sqlite3_stmt*> m_cache;

    ~Impl() {
        for (auto& [sql, s] : m_cache) sqlite3_finalize(s);
    }

    // A prepared statement from the cache (prepared on first use). Invalid when preparing failed.
    Stmt Prepare(const std::string& sql) {
        auto it = m_cache.find(sql);
        if (it != m_cache.end()) return Stmt(it->second);
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
            sqlite3_finalize(s);
            return Stmt(nullptr);
        }
        m_cache.emplace(sql, s);
        return Stmt(s);
    }

    StoreError Error(int rc, const std::string& what) const {
        const StoreErrorKind kind = KindFor(rc);
        std::string msg = what + ": " + (m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
        if (const char* advice = AdviceFor(kind)) msg += " (" + std::string(advice) + ")";
        return StoreError{kind, "database " + m_path + ": " + msg};
    }
    StoreError LastError(const std::string& what) const { return Error(sqlite3_extended_errcode(m_db), what); }

    StoreError PrepareError(const std::string& what) const { return LastError(what + " (preparing)"); }

    StoreStatus Exec(const char* sql, const std::string& what) {
        char* err = nullptr;
        const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &err);
        sqlite3_free(err);
        if (rc != SQLITE_OK) return Error(sqlite3_extended_errcode(m_db), what);
        return StoreSuccess();
    }

    // Runs a statement that returns no rows, and resets it for the next use.
    StoreStatus Done(Stmt& s, const std::string& what) {
        const int rc = s.Step();
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
            StoreError e = Error(rc, what); // before the reset, which may change the message
            s.Reset();
            return e;
        }
        s.Reset();
        return StoreSuccess();
    }
};

namespace {

// BEGIN IMMEDIATE ... COMMIT; rolls back unless committed. One per write operation.
class Transaction {
public:
    explicit Transaction(SqliteStore::Impl& impl) : m_impl(impl) {}
    ~Transaction() {
        if (m_open) sqlite3_exec(m_impl.m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    StoreStatus Begin(const std::string& what) {
        auto st = m_impl.Exec("BEGIN IMMEDIATE", what);
        m_open = st.Ok();
        return st;
    }
    StoreStatus Commit(const std::string& what) {
        auto st = m_impl.Exec("COMMIT", what);
        if (st.Ok()) m_open = false;
        return st;
    }

private:
    SqliteStore::Impl& m_impl;
    bool m_open = false;
};

// A row's finished flag (an attempt, a lab run: noun), or NotFound; sql selects it by id.
StoreResult<bool> FinishedFlag(SqliteStore::Impl& db, const char* sql, RowId id, const std::string& noun) {
    Stmt s = db.Prepare(sql);
    if (!s.Valid()) return db.PrepareError("reading " + noun);
    s.Bind(1, id);
    const int rc = s.Step();
    if (rc == SQLITE_ROW) return s.Int(0) != 0;
    if (rc != SQLITE_DONE) return db.Error(rc, "reading " + noun);
    return StoreError{StoreErrorKind::NotFound, "no " + noun + " with id " + std::to_string(id)};
}

// The WHERE clause (over attempts alias a) and its bindings for an AttemptFilter.
struct FilterSql {
    std::string m_where;
    std::vector<std::variant<std::int64_t, std::string>> m_args;
};

FilterSql BuildFilter(const AttemptFilter& f) {
    FilterSql out;
    auto add = [&](const std::string& clause) { out.m_where += (out.m_where.empty() ? " WHERE " : " AND ") + clause; };
    if (f.m_attemptId) { add("a.id = ?"); out.m_args.emplace_back(*f.m_attemptId); }
    if (f.m_traineeId) { add("a.trainee_id = ?"); out.m_args.emplace_back(*f.m_traineeId); }
    if (f.m_sessionId) { add("a.session_id = ?"); out.m_args.emplace_back(*f.m_sessionId); }
    if (f.m_cohort) {
        add("a.trainee_id IN (SELECT t.id FROM trainees t JOIN cohorts c ON c.id = t.cohort_id WHERE c.name = ?)");
        out.m_args.emplace_back(*f.m_cohort);
    }
    if (f.m_labId) { add("a.lab_id = ?"); out.m_args.emplace_back(*f.m_labId); }
    if (f.m_scenarioId) { add("a.scenario_id = ?"); out.m_args.emplace_back(*f.m_scenarioId); }
    if (f.m_attemptIds) {
        // One bound JSON array instead of thousands of parameters.
        std::string ids = "[";
        for (size_t i = 0; i < f.m_attemptIds->size(); ++i) ids += (i ? "," : "") + std::to_string((*f.m_attemptIds)[i]);
        add("a.id IN (SELECT value FROM json_each(?))");
        out.m_args.emplace_back(ids + "]");
    }
    if (f.m_finishedOnly || f.m_firstFinishedOnly) add("a.finished = 1");
    if (f.m_inSessionsOnly) add("a.session_id IS NOT NULL");
    // Computed once for the whole query (not per row, as a correlated subquery would be).
    if (f.m_firstFinishedOnly)
        add(std::string("a.id IN (SELECT min(f.id) FROM attempts f WHERE f.finished = 1") +
            (f.m_inSessionsOnly ? " AND f.session_id IS NOT NULL" : "") + " GROUP BY f.trainee_id, f.scenario_id)");
    return out;
}

void BindFilter(Stmt& s, const FilterSql& f, int first = 1) {
    int i = first;
    for (const auto& arg : f.m_args) {
        if (const auto* n = std::get_if<std::int64_t>(&arg)) s.Bind(i++, *n);
        else s.Bind(i++, std::get<std::string>(arg));
    }
}


} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Opening and migrating
//-----------------------------------------------------------------------------

std::string DefaultDatabasePath() {
    namespace fs = std::filesystem;
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && *xdg && fs::path(xdg).is_absolute()) return (fs::path(xdg) / "supportlab" / "supportlab.db").string();
    const char* home = std::getenv("HOME");
    if (home && *home) return (fs::path(home) / ".local" / "share" / "supportlab" / "supportlab.db").string();
    return "supportlab.db";
}

int SqliteSchemaVersion() { return sqlite_schema::kVersion; }

SqliteStore::SqliteStore(sqlite3* db, std::string path, int version)
    : m_db(db), m_path(std::move(path)), m_version(version), m_impl(std::make_unique<Impl>()) {
    m_impl->m_db = db;
    m_impl->m_path = m_path;
}

SqliteStore::~SqliteStore() {
    m_impl.reset(); // finalizes the statements before the connection closes
    sqlite3_close_v2(m_db);
}

namespace {

StoreError OpenError(StoreErrorKind kind, const std::string& path, const std::string& what) {
    std::string msg = "database " + path + ": " + what;
    if (const char* advice = AdviceFor(kind)) msg += " (" + std::string(advice) + ")";
    return StoreError{kind, msg};
}

// Reads a single integer pragma/query; nullopt with rc on failure.
std::optional<std::int64_t> QueryInt(sqlite3* db, const char* sql, int* rcOut) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    std::optional<std::int64_t> out;
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            out = sqlite3_column_int64(s, 0);
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK && rcOut) *rcOut = sqlite3_extended_errcode(db);
    sqlite3_finalize(s);
    return out;
}

} // namespace

StoreResult<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, const SqliteOpenOptions& opt) {
    return Guarded<StoreResult<std::unique_ptr<SqliteStore>>>([&]() -> StoreResult<std::unique_ptr<SqliteStore>> {
        namespace fs = std::filesystem;
        if (path.empty()) return StoreError{StoreErrorKind::Invalid, "database path is empty"};
        std::error_code ec;
        const fs::path p(path);
        const bool exists = fs::exists(p, ec);
        if (exists) {
            if (!fs::is_regular_file(p, ec))
                return OpenError(StoreErrorKind::NotADatabase, path, "not a regular file");
            // Check the SQLite header ourselves: SQLite would happily treat some files as empty.
            const auto size = fs::file_size(p, ec);
            if (!ec && size > 0) {
                char header[16] = {};
                std::ifstream in(p, std::ios::binary);
                if (!in) return OpenError(StoreErrorKind::ReadOnly, path, "cannot read the file");
                in.read(header, sizeof header);
                if (in.gcount() != 16 || std::memcmp(header, "SQLite format 3", 16) != 0)
                    return OpenError(StoreErrorKind::NotADatabase, path, "not an SQLite database");
            }
            // A command that only reads never turns an empty file into a database.
            if (!ec && size == 0 && (!opt.m_create || opt.m_readOnly))
                return OpenError(StoreErrorKind::NotFound, path, "the file is empty: nothing has been stored there; it was left untouched");
            if (!opt.m_readOnly && ::access(path.c_str(), W_OK) != 0)
                return OpenError(StoreErrorKind::ReadOnly, path, "the file is not writable");
        } else {
            if (!opt.m_create || opt.m_readOnly) return OpenError(StoreErrorKind::NotFound, path, "no such file");
            // Results are personal data: the folder (when we make it) and the file are the owner's alone.
            // SQLite gives the -wal and -shm files the database file's mode.
            const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
            if (std::string err = files::EnsurePrivateDir(parent.string()); !err.empty())
                return OpenError(StoreErrorKind::ReadOnly, path, err);
            if (std::string err = files::CreatePrivateFile(path); !err.empty() && !fs::exists(p, ec))
                return OpenError(StoreErrorKind::ReadOnly, path, err);
        }
        if (!opt.m_readOnly) {
            // WAL needs to create -wal and -shm files beside the database.
            const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
            if (::access(parent.c_str(), W_OK) != 0)
                return OpenError(StoreErrorKind::ReadOnly, path, "the folder " + parent.string() + " is not writable");
        }

        sqlite3* db = nullptr;
        const int flags = opt.m_readOnly ? SQLITE_OPEN_READONLY
                                         : (SQLITE_OPEN_READWRITE | (opt.m_create ? SQLITE_OPEN_CREATE : 0));
        int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK) {
            std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
            sqlite3_close_v2(db);
            return OpenError(KindFor(rc), path, "cannot open or create the file: " + msg);
        }
        // From here on the connection is closed on every early return.
        struct Closer {
            sqlite3* m_db;
            ~Closer() { if (m_db) sqlite3_close_v2(m_db); }
        } closer{db};
        sqlite3_extended_result_codes(db, 1);
        sqlite3_busy_timeout(db, opt.m_busyTimeoutMs);
        if (!opt.m_readOnly && sqlite3_db_readonly(db, "main") == 1)
            return OpenError(StoreErrorKind::ReadOnly, path, "opened read-only");

        auto fail = [&](int code, const std::string& what) {
            return OpenError(KindFor(code), path, what + ": " + sqlite3_errmsg(db));
        };
        // Reading the schema is the first real read: a damaged or foreign file fails here. The
        // reads share one read transaction, so another process creating the same new file
        // meanwhile is seen either before its first migration or after it, never half way
        // (tables but no application id yet read as "not a SupportLab database").
        int qrc = SQLITE_OK;
        rc = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) return fail(rc, "cannot read the schema version");
        const auto version = QueryInt(db, "PRAGMA user_version", &qrc);
        if (!version) return fail(qrc, "cannot read the schema version");
        const auto appId = QueryInt(db, "PRAGMA application_id", &qrc);
        if (!appId) return fail(qrc, "cannot read the application id");
        const auto tables = QueryInt(db, "SELECT count(*) FROM sqlite_schema", &qrc);
        if (!tables) return fail(qrc, "cannot read the schema");
        // Only versions this program wrote are accepted: the version indexes the migration table.
        if (*version < 0)
            return OpenError(StoreErrorKind::NotADatabase, path,
                             "schema version " + std::to_string(*version) +
                                 " was never written by SupportLab; the file was left untouched");
        if (*version == 0 && *tables == 0 && !opt.m_create)
            return OpenError(StoreErrorKind::NotFound, path,
                             "an empty database: nothing has been stored there; it was left untouched");
        if (*version > sqlite_schema::kVersion)
            return OpenError(StoreErrorKind::NewerSchema, path,
                             "schema version " + std::to_string(*version) + " is newer than this SupportLab understands (" +
                                 std::to_string(sqlite_schema::kVersion) +
                                 "); upgrade SupportLab to open it. The file was not changed");
        if (*appId != sqlite_schema::kApplicationId && (*tables > 0 || *version != 0))
            return OpenError(StoreErrorKind::NotADatabase, path,
                             "an SQLite database, but not a SupportLab one");
        if (*appId == sqlite_schema::kApplicationId && *version > 0) {
            // Check the small tables everything hangs off (trainees, attempts, lab runs, ...) at every open.
            // The big ones (events, scores) would cost ~0.5 s per 100 MB here; damage in them is
            // reported as Corrupt by the query that meets it, and nothing is ever rewritten.
            for (const char* table :
                 {"cohorts", "trainees", "lab_sessions", "attempts", "lab_runs", "lab_run_modules", "deliveries"}) {
                if (*version < 4 && std::strncmp(table, "lab_run", 7) == 0) continue; // migration 4 adds them
                if (*version < 6 && std::strcmp(table, "deliveries") == 0) continue;  // and 6 this one
                const std::string sql = std::string("SELECT count(*) FROM pragma_quick_check('") + table +
                                        "') WHERE quick_check <> 'ok'";
                const auto bad = QueryInt(db, sql.c_str(), &qrc);
                if (!bad) return fail(qrc, "the database is damaged");
                if (*bad != 0) return OpenError(StoreErrorKind::Corrupt, path, "the integrity check failed");
            }
        }
        rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); // ends the read (foreign_keys needs that)
        if (rc != SQLITE_OK) return fail(rc, "cannot read the schema");

        // Settings for this connection.
        char* err = nullptr;
        rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, &err);
        sqlite3_free(err);
        if (rc != SQLITE_OK) return fail(rc, "cannot enable foreign keys");
        if (opt.m_readOnly) {
            if (*version != sqlite_schema::kVersion)
                return OpenError(StoreErrorKind::ReadOnly, path,
                                 "needs upgrading to schema version " + std::to_string(sqlite_schema::kVersion) +
                                     " but was opened read-only");
        } else {
            rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", nullptr, nullptr, &err);
            sqlite3_free(err);
            if (rc != SQLITE_OK) return fail(rc, "cannot switch to WAL journaling");
            // Migrations: each in its own transaction; re-read the version inside it because another
            // process may have migrated meanwhile.
            for (int target = static_cast<int>(*version) + 1; target <= sqlite_schema::kVersion; ++target) {
                rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
                if (rc != SQLITE_OK) return fail(rc, "cannot start the migration to version " + std::to_string(target));
                const auto now = QueryInt(db, "PRAGMA user_version", &qrc);
                if (!now) {
                    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                    return fail(qrc, "cannot read the schema version");
                }
                if (*now >= target) {
                    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
                    continue;
                }
                std::string sql = sqlite_schema::kMigrations[target - 1];
                if (target == 1) sql += "PRAGMA application_id = " + std::to_string(sqlite_schema::kApplicationId) + ";";
                sql += "PRAGMA user_version = " + std::to_string(target) + ";";
                rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
                sqlite3_free(err);
                if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
                if (rc != SQLITE_OK) {
                    const StoreError e = fail(rc, "migration to schema version " + std::to_string(target) + " failed");
                    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                    return e;
                }
            }
        }
        closer.m_db = nullptr;
        return std::unique_ptr<SqliteStore>(new SqliteStore(db, path, sqlite_schema::kVersion));
    });
}

StoreResult<std::unique_ptr<Store>> OpenStore(const std::string& path, const SqliteOpenOptions& options) {
    auto r = SqliteStore::Open(path, options);
    if (!r) return r.Error();
    return std::unique_ptr<Store>(std::move(r.Value()));
}

//-----------------------------------------------------------------------------
// [SECTION] Cohorts and trainees
//-----------------------------------------------------------------------------

namespace {

// Finds or creates a cohort inside the caller's transaction; 0 for the empty name (no cohort).
StoreResult<RowId> CohortId(SqliteStore::Impl& db, const std::string& name, bool create) {
    if (name.empty()) return RowId{0};
    {
        Stmt s = db.Prepare("SELECT id FROM cohorts WHERE name = ?");
        if (!s.Valid()) return db.PrepareError("looking up cohort " + name);
        s.Bind(1, name);
        const int rc = s.Step();
        if (rc == SQLITE_ROW) return s.Int(0);
        if (rc != SQLITE_DONE) return db.Error(rc, "looking up cohort " + name);
    }
    if (!create) return StoreError{StoreErrorKind::NotFound, "no cohort named '" + name + "'"};
    Stmt s = db.Prepare("INSERT INTO cohorts(name) VALUES (?)");
    if (!s.Valid()) return db.PrepareError("adding cohort " + name);
    s.Bind(1, name);
    const int rc = s.Step();
    if (rc != SQLITE_DONE) return db.Error(rc, "adding cohort " + name);
    return static_cast<RowId>(sqlite3_last_insert_rowid(db.m_db));
}

StoreResult<std::vector<Trainee>> ReadTrainees(Stmt& s, SqliteStore::Impl& db, const std::string& what) {
    std::vector<Trainee> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(Trainee{s.Int(0), s.Text(1), s.Text(2)});
    if (rc != SQLITE_DONE) return db.Error(rc, what);
    return out;
}

constexpr const char* kTraineeSelect =
    "SELECT t.id, t.name, coalesce(c.name, '') FROM trainees t LEFT JOIN cohorts c ON c.id = t.cohort_id";

} // namespace

StoreStatus SqliteStore::AddCohort(const std::string& name) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        if (name.empty()) return StoreError{StoreErrorKind::Invalid, "a cohort needs a name"};
        if (auto problem = NameProblem(name, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
        Stmt s = m_impl->Prepare("INSERT INTO cohorts(name) VALUES (?)");
        if (!s.Valid()) return m_impl->PrepareError("adding cohort");
        s.Bind(1, name);
        return m_impl->Done(s, "adding cohort '" + name + "'");
    });
}

StoreResult<std::vector<std::string>> SqliteStore::Cohorts() {
    return Guarded<StoreResult<std::vector<std::string>>>([&]() -> StoreResult<std::vector<std::string>> {
        Stmt s = m_impl->Prepare("SELECT name FROM cohorts ORDER BY name");
        if (!s.Valid()) return m_impl->PrepareError("listing cohorts");
        std::vector<std::string> out;
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) out.push_back(s.Text(0));
        if (rc != SQLITE_DONE) return m_impl->Error(rc, "listing cohorts");
        return out;
    });
}

StoreStatus SqliteStore::RenameCohort(const std::string& from, const std::string& to) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        if (to.empty()) return StoreError{StoreErrorKind::Invalid, "a cohort needs a name"};
        if (auto problem = NameProblem(to, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
        Stmt s = m_impl->Prepare("UPDATE cohorts SET name = ? WHERE name = ?");
        if (!s.Valid()) return m_impl->PrepareError("renaming cohort");
        s.Bind(1, to).Bind(2, from);
        auto st = m_impl->Done(s, "renaming cohort '" + from + "' to '" + to + "'");
        if (st.Ok() && sqlite3_changes(m_db) == 0)
            return StoreError{StoreErrorKind::NotFound, "no cohort named '" + from + "'"};
        return st;
    });
}

StoreStatus SqliteStore::DeleteCohort(const std::string& name) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        Stmt s = m_impl->Prepare("DELETE FROM cohorts WHERE name = ?");
        if (!s.Valid()) return m_impl->PrepareError("deleting cohort");
        s.Bind(1, name);
        auto st = m_impl->Done(s, "deleting cohort '" + name + "' (it still has trainees or sessions)");
        if (st.Ok() && sqlite3_changes(m_db) == 0)
            return StoreError{StoreErrorKind::NotFound, "no cohort named '" + name + "'"};
        return st;
    });
}

namespace {

// Why a trainee's name or cohort cannot be stored (core/text.hpp NameProblem), or nullopt.
std::optional<StoreError> TraineeNamesProblem(const std::string& name, const std::string& cohort) {
    if (auto problem = NameProblem(name, "trainee name")) return StoreError{StoreErrorKind::Invalid, *problem};
    if (!cohort.empty())
        if (auto problem = NameProblem(cohort, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
    return std::nullopt;
}

// Inserts a trainee (and the cohort when new) inside the caller's transaction.
StoreResult<Trainee> InsertTrainee(SqliteStore::Impl& db, const std::string& name, const std::string& cohort) {
    auto cohortId = CohortId(db, cohort, true);
    if (!cohortId) return cohortId.Error();
    Stmt s = db.Prepare("INSERT INTO trainees(name, cohort_id) VALUES (?, ?)");
    if (!s.Valid()) return db.PrepareError("adding trainee");
    s.Bind(1, name);
    if (cohortId.Value() != 0) s.Bind(2, cohortId.Value());
    else s.BindNull(2);
    if (auto st = db.Done(s, "adding trainee '" + name + "'"); !st) return st.Error();
    return Trainee{sqlite3_last_insert_rowid(db.m_db), name, cohort};
}

} // namespace

StoreResult<Trainee> SqliteStore::AddTrainee(const std::string& name, const std::string& cohort) {
    return Guarded<StoreResult<Trainee>>([&]() -> StoreResult<Trainee> {
        if (name.empty()) return StoreError{StoreErrorKind::Invalid, "a trainee needs a name"};
        if (auto problem = TraineeNamesProblem(name, cohort)) return *problem;
        Transaction tx(*m_impl);
        if (auto st = tx.Begin("adding trainee"); !st) return st.Error();
        auto added = InsertTrainee(*m_impl, name, cohort);
        if (!added) return added;
        if (auto st = tx.Commit("adding trainee"); !st) return st.Error();
        return added;
    });
}

StoreResult<Trainee> SqliteStore::FindOrAddTrainee(const std::string& name, const std::string& cohort) {
    return Guarded<StoreResult<Trainee>>([&]() -> StoreResult<Trainee> {
        if (auto problem = TraineeNamesProblem(name, cohort)) return *problem;
        // BEGIN IMMEDIATE takes the write lock before the look-up, so a second process waits here and
        // then finds the row the first one made, instead of failing on the UNIQUE name.
        Transaction tx(*m_impl);
        if (auto st = tx.Begin("finding or adding trainee"); !st) return st.Error();
        Stmt s = m_impl->Prepare(std::string(kTraineeSelect) + " WHERE t.name = ?");
        if (!s.Valid()) return m_impl->PrepareError("finding trainee");
        s.Bind(1, name);
        auto found = ReadTrainees(s, *m_impl, "finding trainee");
        if (!found) return found.Error();
        StoreResult<Trainee> out = found->empty() ? InsertTrainee(*m_impl, name, cohort) : StoreResult<Trainee>(found->front());
        if (!out) return out;
        if (auto st = tx.Commit("finding or adding trainee"); !st) return st.Error();
        return out;
    });
}

StoreResult<Trainee> SqliteStore::GetTrainee(RowId id) {
    return Guarded<StoreResult<Trainee>>([&]() -> StoreResult<Trainee> {
        Stmt s = m_impl->Prepare(std::string(kTraineeSelect) + " WHERE t.id = ?");
        if (!s.Valid()) return m_impl->PrepareError("reading trainee");
        s.Bind(1, id);
        auto r = ReadTrainees(s, *m_impl, "reading trainee");
        if (!r) return r.Error();
        if (r->empty()) return StoreError{StoreErrorKind::NotFound, "no trainee with id " + std::to_string(id)};
        return r->front();
    });
}

StoreResult<Trainee> SqliteStore::FindTrainee(const std::string& name) {
    return Guarded<StoreResult<Trainee>>([&]() -> StoreResult<Trainee> {
        Stmt s = m_impl->Prepare(std::string(kTraineeSelect) + " WHERE t.name = ?");
        if (!s.Valid()) return m_impl->PrepareError("finding trainee");
        s.Bind(1, name);
        auto r = ReadTrainees(s, *m_impl, "finding trainee");
        if (!r) return r.Error();
        if (r->empty()) return StoreError{StoreErrorKind::NotFound, "no trainee named '" + name + "'"};
        return r->front();
    });
}

StoreResult<std::vector<Trainee>> SqliteStore::Trainees(const std::optional<std::string>& cohort) {
    return Guarded<StoreResult<std::vector<Trainee>>>([&]() -> StoreResult<std::vector<Trainee>> {
        Stmt s = m_impl->Prepare(std::string(kTraineeSelect) +
                                 (cohort ? " WHERE coalesce(c.name, '') = ? ORDER BY t.name" : " ORDER BY t.name"));
        if (!s.Valid()) return m_impl->PrepareError("listing trainees");
        if (cohort) s.Bind(1, *cohort);
        return ReadTrainees(s, *m_impl, "listing trainees");
    });
}

StoreStatus SqliteStore::UpdateTrainee(const Trainee& t) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        if (t.m_name.empty()) return StoreError{StoreErrorKind::Invalid, "a trainee needs a name"};
        if (auto problem = TraineeNamesProblem(t.m_name, t.m_cohort)) return *problem;
        Transaction tx(*m_impl);
        if (auto st = tx.Begin("updating trainee"); !st) return st;
        auto cohortId = CohortId(*m_impl, t.m_cohort, true);
        if (!cohortId) return cohortId.Error();
        Stmt s = m_impl->Prepare("UPDATE trainees SET name = ?, cohort_id = ? WHERE id = ?");
        if (!s.Valid()) return m_impl->PrepareError("updating trainee");
        s.Bind(1, t.m_name).Bind(3, t.m_id);
        if (cohortId.Value() != 0) s.Bind(2, cohortId.Value());
        else s.BindNull(2);
        if (auto st = m_impl->Done(s, "updating trainee '" + t.m_name + "'"); !st) return st;
        if (sqlite3_changes(m_db) == 0)
            return StoreError{StoreErrorKind::NotFound, "no trainee with id " + std::to_string(t.m_id)};
        return tx.Commit("updating trainee");
    });
}

StoreStatus SqliteStore::DeleteTrainee(RowId id) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        Stmt s = m_impl->Prepare("DELETE FROM trainees WHERE id = ?");
        if (!s.Valid()) return m_impl->PrepareError("deleting trainee");
        s.Bind(1, id);
        // The attempts' foreign key refuses this while the trainee has any recorded work.
        auto st = m_impl->Done(s, "deleting trainee " + std::to_string(id) + " (their attempts are kept)");
        if (st.Ok() && sqlite3_changes(m_db) == 0)
            return StoreError{StoreErrorKind::NotFound, "no trainee with id " + std::to_string(id)};
        return st;
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Labs and sessions
//-----------------------------------------------------------------------------

StoreStatus SqliteStore::PutLab(const LabInfo& lab) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        if (lab.m_labId.empty()) return StoreError{StoreErrorKind::Invalid, "a lab needs an id"};
        if (!(lab.m_passThreshold >= 0.0 && lab.m_passThreshold <= 100.0))
            return StoreError{StoreErrorKind::Invalid, "a pass threshold is a percentage from 0 to 100"};
        Stmt s = m_impl->Prepare(
            "INSERT INTO labs(lab_id, title, pass_threshold) VALUES (?, ?, ?) "
            "ON CONFLICT(lab_id) DO UPDATE SET title = excluded.title, pass_threshold = excluded.pass_threshold");
        if (!s.Valid()) return m_impl->PrepareError("saving lab");
        s.Bind(1, lab.m_labId).Bind(2, lab.m_title).Bind(3, lab.m_passThreshold);
        return m_impl->Done(s, "saving lab '" + lab.m_labId + "'");
    });
}

StoreResult<std::vector<LabInfo>> SqliteStore::Labs() {
    return Guarded<StoreResult<std::vector<LabInfo>>>([&]() -> StoreResult<std::vector<LabInfo>> {
        Stmt s = m_impl->Prepare("SELECT lab_id, title, pass_threshold FROM labs ORDER BY lab_id");
        if (!s.Valid()) return m_impl->PrepareError("listing labs");
        std::vector<LabInfo> out;
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) out.push_back(LabInfo{s.Text(0), s.Text(1), s.Real(2)});
        if (rc != SQLITE_DONE) return m_impl->Error(rc, "listing labs");
        return out;
    });
}

StoreResult<LabSession> SqliteStore::StartLabSession(const LabSession& in) {
    return Guarded<StoreResult<LabSession>>([&]() -> StoreResult<LabSession> {
        if (in.m_labId.empty()) return StoreError{StoreErrorKind::Invalid, "a lab session needs a lab id"};
        if (!in.m_cohort.empty())
            if (auto problem = NameProblem(in.m_cohort, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
        if (!in.m_trainer.empty())
            if (auto problem = NameProblem(in.m_trainer, "trainer name")) return StoreError{StoreErrorKind::Invalid, *problem};
        Transaction tx(*m_impl);
        if (auto st = tx.Begin("starting lab session"); !st) return st.Error();
        auto cohortId = CohortId(*m_impl, in.m_cohort, true);
        if (!cohortId) return cohortId.Error();
        Stmt s = m_impl->Prepare(
            "INSERT INTO lab_sessions(lab_id, cohort_id, trainer, started_wall) VALUES (?, ?, ?, ?)");
        if (!s.Valid()) return m_impl->PrepareError("starting lab session");
        s.Bind(1, in.m_labId).Bind(3, in.m_trainer).Bind(4, in.m_startedWall);
        if (cohortId.Value() != 0) s.Bind(2, cohortId.Value());
        else s.BindNull(2);
        if (auto st = m_impl->Done(s, "starting lab session"); !st) return st.Error();
        LabSession out = in;
        out.m_id = sqlite3_last_insert_rowid(m_db);
        if (auto st = tx.Commit("starting lab session"); !st) return st.Error();
        return out;
    });
}

StoreResult<std::vector<LabSession>> SqliteStore::LabSessions() {
    return Guarded<StoreResult<std::vector<LabSession>>>([&]() -> StoreResult<std::vector<LabSession>> {
        Stmt s = m_impl->Prepare(
            "SELECT s.id, s.lab_id, coalesce(c.name, ''), s.trainer, s.started_wall FROM lab_sessions s "
            "LEFT JOIN cohorts c ON c.id = s.cohort_id ORDER BY s.id");
        if (!s.Valid()) return m_impl->PrepareError("listing lab sessions");
        std::vector<LabSession> out;
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) out.push_back(LabSession{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), std::nullopt});
        if (rc != SQLITE_DONE) return m_impl->Error(rc, "listing lab sessions");
        return out;
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Lab runs and module marks
//-----------------------------------------------------------------------------

namespace {

constexpr const char* kLabRunColumns =
    "SELECT r.id, r.trainee_id, r.lab_id, r.session_id, r.started_wall, r.ended_wall, r.finished, r.uid FROM lab_runs r";

// Reads the runs a statement of kLabRunColumns lists, without their marks.
StoreResult<std::vector<LabRunRecord>> ReadLabRunRows(Stmt& s, SqliteStore::Impl& db, const std::string& what) {
    std::vector<LabRunRecord> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
        LabRunRecord r;
        r.m_id = s.Int(0);
        r.m_traineeId = s.Int(1);
        r.m_labId = s.Text(2);
        r.m_sessionId = s.OptInt(3);
        r.m_startedWall = s.Int(4);
        r.m_endedWall = s.OptInt(5);
        r.m_finished = s.Int(6) != 0;
        r.m_uid = s.Text(7);
        out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return db.Error(rc, what);
    s.Reset();
    return out;
}

// Reads the runs a statement lists, then each run's marks (by module id). For a few runs only:
// LabRuns reads many runs' marks with one statement.
StoreResult<std::vector<LabRunRecord>> ReadLabRuns(Stmt& s, SqliteStore::Impl& db, const std::string& what) {
    auto rows = ReadLabRunRows(s, db, what);
    if (!rows) return rows;
    std::vector<LabRunRecord>& out = rows.Value();
    int rc;
    Stmt m = db.Prepare("SELECT module_id, done, seconds, updated_wall FROM lab_run_modules WHERE run_id = ? "
                        "ORDER BY module_id");
    if (!m.Valid()) return db.PrepareError(what);
    for (LabRunRecord& r : out) {
        m.Bind(1, r.m_id);
        while ((rc = m.Step()) == SQLITE_ROW)
            r.m_modules.push_back(LabModuleMark{m.Text(0), m.Int(1) != 0, m.Real(2), m.Int(3)});
        if (rc != SQLITE_DONE) return db.Error(rc, what);
        m.Reset();
    }
    return out;
}

// The WHERE clause (over lab_runs alias r) and its bindings for a LabRunFilter.
FilterSql BuildLabRunFilter(const LabRunFilter& f) {
    FilterSql out;
    auto add = [&](const std::string& clause) { out.m_where += (out.m_where.empty() ? " WHERE " : " AND ") + clause; };
    if (f.m_traineeId) { add("r.trainee_id = ?"); out.m_args.emplace_back(*f.m_traineeId); }
    if (f.m_sessionId) { add("r.session_id = ?"); out.m_args.emplace_back(*f.m_sessionId); }
    if (f.m_cohort) {
        add("r.trainee_id IN (SELECT t.id FROM trainees t JOIN cohorts c ON c.id = t.cohort_id WHERE c.name = ?)");
        out.m_args.emplace_back(*f.m_cohort);
    }
    if (f.m_labId) { add("r.lab_id = ?"); out.m_args.emplace_back(*f.m_labId); }
    return out;
}

StoreResult<bool> LabRunFinished(SqliteStore::Impl& db, RowId id) {
    return FinishedFlag(db, "SELECT finished FROM lab_runs WHERE id = ?", id, "lab run");
}

} // namespace

StoreResult<LabRunRecord> SqliteStore::StartLabRun(const LabRunRecord& in) {
    return Guarded<StoreResult<LabRunRecord>>([&]() -> StoreResult<LabRunRecord> {
        if (in.m_labId.empty()) return StoreError{StoreErrorKind::Invalid, "a lab run needs a lab id"};
        const std::string what = "starting a run of lab " + in.m_labId + " (unknown trainee or session?)";
        Stmt s = m_impl->Prepare("INSERT INTO lab_runs(trainee_id, lab_id, session_id, started_wall, uid) VALUES "
                                 "(?, ?, ?, ?, coalesce(?, lower(hex(randomblob(16))))) ON CONFLICT (uid) DO NOTHING "
                                 "RETURNING id, uid");
        if (!s.Valid()) return m_impl->PrepareError("starting a lab run");
        s.Bind(1, in.m_traineeId).Bind(2, in.m_labId).Bind(3, in.m_sessionId).Bind(4, in.m_startedWall)
            .Bind(5, in.m_uid.empty() ? std::optional<std::string>() : std::optional<std::string>(in.m_uid));
        const int rc = s.Step();
        if (rc == SQLITE_ROW) {
            LabRunRecord out = in;
            out.m_id = s.Int(0);
            out.m_uid = s.Text(1);
            out.m_endedWall.reset();
            out.m_finished = false;
            out.m_modules.clear();
            return out;
        }
        if (rc != SQLITE_DONE) return m_impl->Error(rc, what);
        s.Reset();
        // A uid already stored: that run, delivered again.
        Stmt q = m_impl->Prepare(std::string(kLabRunColumns) + " WHERE r.uid = ?");
        if (!q.Valid()) return m_impl->PrepareError(what);
        q.Bind(1, in.m_uid);
        auto found = ReadLabRuns(q, *m_impl, what);
        if (!found) return found.Error();
        if (found->empty()) return StoreError{StoreErrorKind::Io, "lab run " + in.m_uid + " was neither added nor found"};
        return detail::SameLabRunOrConflict(std::move(found->front()), in);
    });
}

StoreResult<std::vector<LabRunRecord>> SqliteStore::UnfinishedLabRuns(RowId traineeId) {
    return Guarded<StoreResult<std::vector<LabRunRecord>>>([&]() -> StoreResult<std::vector<LabRunRecord>> {
        Stmt s = m_impl->Prepare(std::string(kLabRunColumns) + " WHERE r.trainee_id = ? AND r.finished = 0 ORDER BY r.id");
        if (!s.Valid()) return m_impl->PrepareError("listing unfinished lab runs");
        s.Bind(1, traineeId);
        return ReadLabRuns(s, *m_impl, "listing unfinished lab runs");
    });
}

StoreResult<std::int64_t> SqliteStore::LabRunCount(RowId traineeId) {
    return Guarded<StoreResult<std::int64_t>>([&]() -> StoreResult<std::int64_t> {
        Stmt s = m_impl->Prepare("SELECT count(*) FROM lab_runs WHERE trainee_id = ?");
        if (!s.Valid()) return m_impl->PrepareError("counting lab runs");
        s.Bind(1, traineeId);
        const int rc = s.Step();
        if (rc != SQLITE_ROW) return m_impl->Error(rc, "counting lab runs");
        return s.Int(0);
    });
}

StoreResult<LabRunRecord> SqliteStore::GetLabRun(RowId id) {
    return Guarded<StoreResult<LabRunRecord>>([&]() -> StoreResult<LabRunRecord> {
        Stmt s = m_impl->Prepare(std::string(kLabRunColumns) + " WHERE r.id = ?");
        if (!s.Valid()) return m_impl->PrepareError("reading lab run");
        s.Bind(1, id);
        auto r = ReadLabRuns(s, *m_impl, "reading lab run");
        if (!r) return r.Error();
        if (r->empty()) return StoreError{StoreErrorKind::NotFound, "no lab run with id " + std::to_string(id)};
        return r->front();
    });
}

StoreResult<std::vector<LabRunRecord>> SqliteStore::LabRuns(const LabRunFilter& filter) {
    return Guarded<StoreResult<std::vector<LabRunRecord>>>([&]() -> StoreResult<std::vector<LabRunRecord>> {
        const std::string what = "listing lab runs";
        const FilterSql f = BuildLabRunFilter(filter);
        // One read transaction, so the marks belong to exactly the runs listed.
        if (auto st = m_impl->Exec("BEGIN", what); !st) return st.Error();
        struct EndRead {
            SqliteStore::Impl& m_db;
            ~EndRead() { sqlite3_exec(m_db.m_db, "COMMIT", nullptr, nullptr, nullptr); }
        } endRead{*m_impl};
        Stmt s = m_impl->Prepare(std::string(kLabRunColumns) + f.m_where + " ORDER BY r.id");
        if (!s.Valid()) return m_impl->PrepareError(what);
        BindFilter(s, f);
        auto runs = ReadLabRunRows(s, *m_impl, what);
        if (!runs) return runs;
        // Every matching run's marks in one statement, merged by run id (both lists are in id order).
        Stmt m = m_impl->Prepare("SELECT m.run_id, m.module_id, m.done, m.seconds, m.updated_wall FROM lab_runs r "
                                 "JOIN lab_run_modules m ON m.run_id = r.id" + f.m_where + " ORDER BY m.run_id, m.module_id");
        if (!m.Valid()) return m_impl->PrepareError(what);
        BindFilter(m, f);
        std::vector<LabRunRecord>& out = runs.Value();
        size_t i = 0;
        int rc;
        while ((rc = m.Step()) == SQLITE_ROW) {
            const RowId run = m.Int(0);
            while (i < out.size() && out[i].m_id < run) ++i;
            if (i < out.size() && out[i].m_id == run)
                out[i].m_modules.push_back(LabModuleMark{m.Text(1), m.Int(2) != 0, m.Real(3), m.Int(4)});
        }
        if (rc != SQLITE_DONE) {
            StoreError e = m_impl->Error(rc, what);
            m.Reset();
            return e;
        }
        m.Reset();
        return runs;
    });
}

StoreStatus SqliteStore::PutLabModuleMark(RowId runId, const LabModuleMark& mark) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        if (mark.m_moduleId.empty()) return StoreError{StoreErrorKind::Invalid, "a module mark needs a module id"};
        if (!(mark.m_seconds >= 0.0) || !std::isfinite(mark.m_seconds))
            return StoreError{StoreErrorKind::Invalid, "a module's time must be a finite number of seconds, 0 or more"};
        const std::string what = "saving progress on module " + mark.m_moduleId + " of lab run " + std::to_string(runId);
        Transaction tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto finished = LabRunFinished(*m_impl, runId);
        if (!finished) return finished.Error();
        if (finished.Value())
            return StoreError{StoreErrorKind::Constraint, "lab run " + std::to_string(runId) + " is already finished"};
        // Merged so it never goes back: a late retry of an older mark changes nothing.
        Stmt s = m_impl->Prepare(
            "INSERT INTO lab_run_modules(run_id, module_id, done, seconds, updated_wall) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(run_id, module_id) DO UPDATE SET done = max(done, excluded.done), "
            "seconds = max(seconds, excluded.seconds), updated_wall = max(updated_wall, excluded.updated_wall)");
        if (!s.Valid()) return m_impl->PrepareError(what);
        s.Bind(1, runId).Bind(2, mark.m_moduleId).Bind(3, mark.m_done ? 1 : 0).Bind(4, mark.m_seconds)
            .Bind(5, mark.m_updatedWall);
        if (auto st = m_impl->Done(s, what); !st) return st;
        return tx.Commit(what);
    });
}

StoreStatus SqliteStore::FinishLabRun(RowId runId, WallTime endWall) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        const std::string what = "finishing lab run " + std::to_string(runId);
        Transaction tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto finished = LabRunFinished(*m_impl, runId);
        if (!finished) return finished.Error();
        if (finished.Value()) return StoreSuccess(); // a retry of a finish that did commit
        Stmt s = m_impl->Prepare("UPDATE lab_runs SET finished = 1, ended_wall = ? WHERE id = ?");
        if (!s.Valid()) return m_impl->PrepareError(what);
        s.Bind(1, endWall).Bind(2, runId);
        if (auto st = m_impl->Done(s, what); !st) return st;
        return tx.Commit(what);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Attempts and events
//-----------------------------------------------------------------------------

namespace {

// Column list shared by every attempt query; ReadAttempt reads it.
constexpr const char* kAttemptColumns =
    "SELECT a.id, a.trainee_id, a.session_id, a.lab_id, a.module_id, a.scenario_id, a.content_hash, "
    "a.format_version, a.seed, a.started_wall, a.ended_wall, a.finished, a.scored_with_hash, a.end_sim_time, "
    "a.score, a.max_score, a.start_score, a.event_count, a.last_wall, a.abandoned_wall, a.uid FROM attempts a";

Attempt ReadAttempt(const Stmt& s) {
    Attempt a;
    a.m_id = s.Int(0);
    a.m_traineeId = s.Int(1);
    a.m_sessionId = s.OptInt(2);
    a.m_labId = s.OptText(3);
    a.m_moduleId = s.OptText(4);
    a.m_scenarioId = s.Text(5);
    a.m_contentHash = s.Text(6);
    a.m_formatVersion = static_cast<int>(s.Int(7));
    a.m_seed = ToU64(s.Int(8));
    a.m_startedWall = s.Int(9);
    a.m_endedWall = s.OptInt(10);
    a.m_finished = s.Int(11) != 0;
    a.m_scoredWithHash = s.Text(12);
    a.m_endSimTime = s.OptInt(13);
    a.m_score = s.OptReal(14);
    a.m_max = s.OptReal(15);
    a.m_startScore = s.OptReal(16);
    a.m_eventCount = s.Int(17);
    a.m_lastWall = s.OptInt(18);
    a.m_abandonedWall = s.OptInt(19);
    a.m_uid = s.Text(20);
    return a;
}

StoreResult<std::vector<Attempt>> ReadAttempts(Stmt& s, SqliteStore::Impl& db, const std::string& what,
                                               size_t expected = 0) {
    std::vector<Attempt> out;
    out.reserve(expected);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadAttempt(s));
    if (rc != SQLITE_DONE) return db.Error(rc, what);
    return out;
}

StoreResult<bool> AttemptFinished(SqliteStore::Impl& db, RowId id) {
    return FinishedFlag(db, "SELECT finished FROM attempts WHERE id = ?", id, "attempt");
}

// Writes every score row for a report (the caller has cleared old rows and holds a transaction).
StoreStatus WriteScores(SqliteStore::Impl& db, RowId attemptId, const ScoreReport& r) {
    Stmt item = db.Prepare(
        "INSERT INTO item_scores(attempt_id, item_index, item_id, kind, title, score, max_score, given, expected, "
        "explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!item.Valid()) return db.PrepareError("storing scores");
    Stmt dim = db.Prepare(
        "INSERT INTO dimension_scores(attempt_id, item_index, dimension, applies, score, max_score, deduction_count, "
        "deducted_points) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!dim.Valid()) return db.PrepareError("storing scores");
    Stmt ded = db.Prepare(
        "INSERT INTO deductions(attempt_id, item_index, seq, dimension, points, reason) VALUES (?, ?, ?, ?, ?, ?)");
    if (!ded.Valid()) return db.PrepareError("storing scores");
    Stmt att = db.Prepare(
        "INSERT INTO attempt_dimensions(attempt_id, dimension, score, max_score, item_count, full_count, "
        "deduction_count, deducted_points) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!att.Valid()) return db.PrepareError("storing scores");

    // Items first: the dimension and deduction rows refer to them.
    for (size_t i = 0; i < r.m_items.size(); ++i) {
        const ItemScore& it = r.m_items[i];
        const auto index = static_cast<std::int64_t>(i);
        item.Bind(1, attemptId).Bind(2, index).Bind(3, it.m_itemId).Bind(4, KindName(it.m_kind)).Bind(5, it.m_title)
            .Bind(6, it.m_score).Bind(7, it.m_max).Bind(8, it.m_given).Bind(9, it.m_expected).Bind(10, it.m_explanation);
        if (auto st = db.Done(item, "storing the score of " + it.m_itemId); !st) return st;
        for (size_t k = 0; k < it.m_deductions.size(); ++k) {
            const Deduction& d = it.m_deductions[k];
            ded.Bind(1, attemptId).Bind(2, index).Bind(3, static_cast<std::int64_t>(k))
                .Bind(4, ToString(d.m_dimension)).Bind(5, d.m_points).Bind(6, d.m_reason);
            if (auto st = db.Done(ded, "storing a deduction of " + it.m_itemId); !st) return st;
        }
    }
    const detail::ScoreRows rows = detail::BuildScoreRows(r);
    for (const detail::DimensionRow& a : rows.m_dimensions) {
        dim.Bind(1, attemptId).Bind(2, a.m_itemIndex).Bind(3, ToString(a.m_dimension)).Bind(4, a.m_applies ? 1 : 0)
            .Bind(5, a.m_score).Bind(6, a.m_max).Bind(7, a.m_deductionCount).Bind(8, a.m_deductedPoints);
        if (auto st = db.Done(dim, "storing a dimension score"); !st) return st;
    }
    for (const detail::DimensionTotalRow& t : rows.m_totals) {
        att.Bind(1, attemptId).Bind(2, ToString(t.m_dimension)).Bind(3, t.m_score).Bind(4, t.m_max)
            .Bind(5, t.m_itemCount).Bind(6, t.m_fullCount).Bind(7, t.m_deductionCount).Bind(8, t.m_deductedPoints);
        if (auto st = db.Done(att, "storing the attempt's dimension totals"); !st) return st;
    }
    return StoreSuccess();
}

// The stored attempt with in's uid, when it is the same attempt delivered again.
StoreResult<Attempt> ExistingAttemptByUid(SqliteStore::Impl& db, const Attempt& in) {
    Stmt q = db.Prepare(std::string(kAttemptColumns) + " WHERE a.uid = ?");
    if (!q.Valid()) return db.PrepareError("finding attempt " + in.m_uid);
    q.Bind(1, in.m_uid);
    auto found = ReadAttempts(q, db, "finding attempt " + in.m_uid);
    if (!found) return found.Error();
    if (found->empty()) return StoreError{StoreErrorKind::Io, "attempt " + in.m_uid + " was neither added nor found"};
    return detail::SameAttemptOrConflict(std::move(found->front()), in);
}

} // namespace

StoreResult<Attempt> SqliteStore::StartAttempt(const Attempt& in) {
    return Guarded<StoreResult<Attempt>>([&]() -> StoreResult<Attempt> {
        if (in.m_scenarioId.empty()) return StoreError{StoreErrorKind::Invalid, "an attempt needs a scenario id"};
        const std::string what = "starting an attempt at " + in.m_scenarioId + " (unknown trainee or session?)";
        // A uid already stored: that attempt, delivered again (nothing is added).
        Stmt s = m_impl->Prepare(
            "INSERT INTO attempts(trainee_id, session_id, lab_id, module_id, scenario_id, content_hash, format_version, "
            "seed, started_wall, start_score, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "coalesce(?, lower(hex(randomblob(16))))) ON CONFLICT (uid) DO NOTHING RETURNING id, uid");
        if (!s.Valid()) return m_impl->PrepareError("starting attempt");
        s.Bind(1, in.m_traineeId).Bind(2, in.m_sessionId).Bind(3, in.m_labId).Bind(4, in.m_moduleId)
            .Bind(5, in.m_scenarioId).Bind(6, in.m_contentHash).Bind(7, in.m_formatVersion).Bind(8, ToI64(in.m_seed))
            .Bind(9, in.m_startedWall).Bind(10, in.m_startScore)
            .Bind(11, in.m_uid.empty() ? std::optional<std::string>() : std::optional<std::string>(in.m_uid));
        const int rc = s.Step();
        if (rc == SQLITE_ROW) {
            return detail::NewlyStarted(in, s.Int(0), s.Text(1));
        }
        if (rc != SQLITE_DONE) return m_impl->Error(rc, what);
        s.Reset();
        return ExistingAttemptByUid(*m_impl, in);
    });
}


StoreStatus SqliteStore::AppendEvent(const Event& e) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        int rc;
        {
            // One autocommit INSERT = one transaction per action; the trigger checks order and state.
            Stmt s = m_impl->Prepare(
                "INSERT INTO events(attempt_id, seq, sim_time, wall_time, action, score_after) VALUES (?, ?, ?, ?, ?, ?)");
            if (!s.Valid()) return m_impl->PrepareError("recording an action");
            s.Bind(1, e.m_attemptId).Bind(2, e.m_seq).Bind(3, e.m_simTime).Bind(4, e.m_wallTime).Bind(5, e.m_actionText)
                .Bind(6, e.m_scoreAfter);
            rc = s.Step();
            if (rc == SQLITE_DONE) return StoreSuccess();
        }
        const StoreError err = m_impl->Error(rc, "recording action " + std::to_string(e.m_seq) + " of attempt " +
                                                     std::to_string(e.m_attemptId));
        if (err.m_kind != StoreErrorKind::Constraint) return err;
        // A retry of a write that did commit: the same row is already there.
        Stmt q = m_impl->Prepare("SELECT action FROM events WHERE attempt_id = ? AND seq = ?");
        if (!q.Valid()) return err;
        q.Bind(1, e.m_attemptId).Bind(2, e.m_seq);
        if (q.Step() == SQLITE_ROW && q.Text(0) == e.m_actionText) return StoreSuccess();
        auto finished = AttemptFinished(*m_impl, e.m_attemptId);
        if (!finished) return finished.Error();
        return err;
    });
}

StoreStatus SqliteStore::FinishAttempt(RowId attemptId, const ScoreReport& report, WallTime endWall, SimTime endSimTime) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        const std::string what = "finishing attempt " + std::to_string(attemptId);
        Transaction tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto finished = AttemptFinished(*m_impl, attemptId);
        if (!finished) return finished.Error();
        if (finished.Value()) return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is already finished"};
        if (auto st = WriteScores(*m_impl, attemptId, report); !st) return st;
        Stmt s = m_impl->Prepare(
            "UPDATE attempts SET finished = 1, ended_wall = ?, end_sim_time = ?, score = ?, max_score = ?, "
            "scored_with_hash = ? WHERE id = ?");
        if (!s.Valid()) return m_impl->PrepareError(what);
        s.Bind(1, endWall).Bind(2, endSimTime).Bind(3, report.m_total).Bind(4, report.m_max)
            .Bind(5, report.m_contentHash).Bind(6, attemptId);
        if (auto st = m_impl->Done(s, what); !st) return st;
        return tx.Commit(what);
    });
}

StoreStatus SqliteStore::CloseAttempt(RowId attemptId, WallTime endWall, SimTime endSimTime) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        const std::string what = "closing attempt " + std::to_string(attemptId);
        Stmt s = m_impl->Prepare("UPDATE attempts SET finished = 1, ended_wall = ?, end_sim_time = ? "
                                 "WHERE id = ? AND finished = 0 AND abandoned_wall IS NULL");
        if (!s.Valid()) return m_impl->PrepareError(what);
        s.Bind(1, endWall).Bind(2, endSimTime).Bind(3, attemptId);
        if (auto st = m_impl->Done(s, what); !st) return st;
        if (sqlite3_changes(m_db) > 0) return StoreSuccess();
        auto a = GetAttempt(attemptId);
        if (!a) return a.Error();
        if (a->m_abandonedWall)
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " was abandoned"};
        return StoreSuccess(); // already finished
    });
}

StoreStatus SqliteStore::AbandonAttempt(RowId attemptId, WallTime wall) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        const std::string what = "abandoning attempt " + std::to_string(attemptId);
        Transaction tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto attempt = GetAttempt(attemptId);
        if (!attempt) return attempt.Error();
        if (attempt->m_finished)
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is finished"};
        if (attempt->m_abandonedWall)
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is already abandoned"};
        Stmt s = m_impl->Prepare("UPDATE attempts SET abandoned_wall = ? WHERE id = ?");
        if (!s.Valid()) return m_impl->PrepareError(what);
        s.Bind(1, wall).Bind(2, attemptId);
        if (auto st = m_impl->Done(s, what); !st) return st;
        return tx.Commit(what);
    });
}

StoreResult<std::vector<Attempt>> SqliteStore::UnfinishedAttempts(RowId traineeId) {
    return Guarded<StoreResult<std::vector<Attempt>>>([&]() -> StoreResult<std::vector<Attempt>> {
        Stmt s = m_impl->Prepare(std::string(kAttemptColumns) + " WHERE a.trainee_id = ? AND a.finished = 0 AND a.abandoned_wall IS NULL ORDER BY a.id");
        if (!s.Valid()) return m_impl->PrepareError("listing unfinished attempts");
        s.Bind(1, traineeId);
        return ReadAttempts(s, *m_impl, "listing unfinished attempts");
    });
}

StoreResult<Attempt> SqliteStore::GetAttempt(RowId id) {
    return Guarded<StoreResult<Attempt>>([&]() -> StoreResult<Attempt> {
        Stmt s = m_impl->Prepare(std::string(kAttemptColumns) + " WHERE a.id = ?");
        if (!s.Valid()) return m_impl->PrepareError("reading attempt");
        s.Bind(1, id);
        auto r = ReadAttempts(s, *m_impl, "reading attempt");
        if (!r) return r.Error();
        if (r->empty()) return StoreError{StoreErrorKind::NotFound, "no attempt with id " + std::to_string(id)};
        return r->front();
    });
}

StoreResult<std::vector<Attempt>> SqliteStore::Attempts(const AttemptFilter& filter) {
    return Guarded<StoreResult<std::vector<Attempt>>>([&]() -> StoreResult<std::vector<Attempt>> {
        const FilterSql f = BuildFilter(filter);
        // Counting first (cheap: an index) sizes the result once; attempts are large rows.
        size_t expected = 0;
        {
            Stmt c = m_impl->Prepare("SELECT count(*) FROM attempts a" + f.m_where);
            if (!c.Valid()) return m_impl->PrepareError("counting attempts");
            BindFilter(c, f);
            if (c.Step() == SQLITE_ROW) expected = static_cast<size_t>(c.Int(0));
        }
        Stmt s = m_impl->Prepare(std::string(kAttemptColumns) + f.m_where + " ORDER BY a.id");
        if (!s.Valid()) return m_impl->PrepareError("listing attempts");
        BindFilter(s, f);
        return ReadAttempts(s, *m_impl, "listing attempts", expected);
    });
}

StoreResult<std::vector<Event>> SqliteStore::Events(RowId attemptId) {
    return Guarded<StoreResult<std::vector<Event>>>([&]() -> StoreResult<std::vector<Event>> {
        Stmt s = m_impl->Prepare(
            "SELECT seq, sim_time, wall_time, action, score_after FROM events WHERE attempt_id = ? ORDER BY seq");
        if (!s.Valid()) return m_impl->PrepareError("reading the event log");
        s.Bind(1, attemptId);
        std::vector<Event> out;
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW)
            out.push_back(Event{attemptId, s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.OptReal(4)});
        if (rc != SQLITE_DONE) return m_impl->Error(rc, "reading the event log of attempt " + std::to_string(attemptId));
        return out;
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Scores
//-----------------------------------------------------------------------------

StoreResult<ScoreReport> SqliteStore::Scores(RowId attemptId) {
    return Guarded<StoreResult<ScoreReport>>([&]() -> StoreResult<ScoreReport> {
        const std::string what = "reading the scores of attempt " + std::to_string(attemptId);
        auto attempt = GetAttempt(attemptId);
        if (!attempt) return attempt.Error();
        if (!attempt->m_finished) return StoreError{StoreErrorKind::NotFound, "attempt " + std::to_string(attemptId) + " is not finished yet: no scores"};
        ScoreReport r;
        r.m_scenarioId = attempt->m_scenarioId;
        r.m_contentHash = attempt->m_scoredWithHash;
        r.m_seed = attempt->m_seed;
        r.m_endTime = attempt->m_endSimTime.value_or(0);
        r.m_total = attempt->m_score.value_or(0.0);
        r.m_max = attempt->m_max.value_or(0.0);
        for (int k = 0; k < kDimensionCount; ++k) r.m_byDimension[k].m_dimension = static_cast<Dimension>(k);
        int rc;
        {
            Stmt s = m_impl->Prepare(
                "SELECT item_id, kind, title, score, max_score, given, expected, explanation FROM item_scores "
                "WHERE attempt_id = ? ORDER BY item_index");
            if (!s.Valid()) return m_impl->PrepareError(what);
            s.Bind(1, attemptId);
            while ((rc = s.Step()) == SQLITE_ROW) {
                ItemScore it;
                it.m_itemId = s.Text(0);
                it.m_kind = KindFromName(s.RawText(1));
                it.m_title = s.Text(2);
                it.m_score = s.Real(3);
                it.m_max = s.Real(4);
                it.m_given = s.Text(5);
                it.m_expected = s.Text(6);
                it.m_explanation = s.Text(7);
                r.m_items.push_back(std::move(it));
            }
            if (rc != SQLITE_DONE) return m_impl->Error(rc, what);
        }
        {
            // Dimensions in the order of the enum, as the scorer emits them.
            Stmt s = m_impl->Prepare(
                "SELECT item_index, dimension, score, max_score FROM dimension_scores WHERE attempt_id = ? AND applies = 1 "
                "ORDER BY item_index");
            if (!s.Valid()) return m_impl->PrepareError(what);
            s.Bind(1, attemptId);
            while ((rc = s.Step()) == SQLITE_ROW) {
                const auto index = static_cast<size_t>(s.Int(0));
                if (index >= r.m_items.size()) continue;
                r.m_items[index].m_dimensions.push_back(DimensionScore{DimensionFromText(s.RawText(1)), s.Real(2), s.Real(3)});
            }
            if (rc != SQLITE_DONE) return m_impl->Error(rc, what);
            for (auto& it : r.m_items)
                std::sort(it.m_dimensions.begin(), it.m_dimensions.end(),
                          [](const DimensionScore& a, const DimensionScore& b) { return a.m_dimension < b.m_dimension; });
        }
        {
            Stmt s = m_impl->Prepare(
                "SELECT item_index, dimension, points, reason FROM deductions WHERE attempt_id = ? ORDER BY item_index, seq");
            if (!s.Valid()) return m_impl->PrepareError(what);
            s.Bind(1, attemptId);
            while ((rc = s.Step()) == SQLITE_ROW) {
                const auto index = static_cast<size_t>(s.Int(0));
                if (index >= r.m_items.size()) continue;
                r.m_items[index].m_deductions.push_back(Deduction{DimensionFromText(s.RawText(1)), s.Real(2), s.Text(3)});
            }
            if (rc != SQLITE_DONE) return m_impl->Error(rc, what);
        }
        {
            Stmt s = m_impl->Prepare("SELECT dimension, score, max_score FROM attempt_dimensions WHERE attempt_id = ?");
            if (!s.Valid()) return m_impl->PrepareError(what);
            s.Bind(1, attemptId);
            while ((rc = s.Step()) == SQLITE_ROW) {
                const Dimension d = DimensionFromText(s.RawText(0));
                r.m_byDimension[static_cast<int>(d)] = DimensionScore{d, s.Real(1), s.Real(2)};
            }
            if (rc != SQLITE_DONE) return m_impl->Error(rc, what);
        }
        return r;
    });
}

StoreResult<std::vector<ItemScoreRow>> SqliteStore::ItemScores(const AttemptFilter& filter) {
    return Guarded<StoreResult<std::vector<ItemScoreRow>>>([&]() -> StoreResult<std::vector<ItemScoreRow>> {
        const FilterSql f = BuildFilter(filter);
        Stmt s = m_impl->Prepare(
            "SELECT s.attempt_id, s.item_id, s.kind, s.title, s.score, s.max_score, s.item_index FROM attempts a "
            "JOIN item_scores s ON s.attempt_id = a.id" + f.m_where + " ORDER BY s.attempt_id, s.item_index");
        if (!s.Valid()) return m_impl->PrepareError("reading item scores");
        BindFilter(s, f);
        std::vector<ItemScoreRow> out;
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW)
            out.push_back(ItemScoreRow{s.Int(0), s.Text(1), KindFromName(s.RawText(2)), s.Text(3), s.Real(4), s.Real(5),
                                       static_cast<int>(s.Int(6))});
        if (rc != SQLITE_DONE) return m_impl->Error(rc, "reading item scores");
        return out;
    });
}

StoreResult<std::vector<DimensionScoreRow>> SqliteStore::DimensionScores(const AttemptFilter& filter) {
    return Guarded<StoreResult<std::vector<DimensionScoreRow>>>([&]() -> StoreResult<std::vector<DimensionScoreRow>> {
        const FilterSql f = BuildFilter(filter);
        Stmt s = m_impl->Prepare("SELECT d.attempt_id, d.item_index, d.dimension, d.score, d.max_score "
                                 "FROM attempts a JOIN dimension_scores d ON d.attempt_id = a.id" +
                                 f.m_where + (f.m_where.empty() ? " WHERE" : " AND") +
                                 " d.applies = 1 ORDER BY d.attempt_id, d.item_index, d.dimension");
        if (!s.Valid()) return m_impl->PrepareError("reading dimension scores");
        BindFilter(s, f);
        std::vector<DimensionScoreRow> out;
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW)
            out.push_back(DimensionScoreRow{s.Int(0), static_cast<int>(s.Int(1)), DimensionFromText(s.RawText(2)), s.Real(3),
                                            s.Real(4)});
        if (rc != SQLITE_DONE) return m_impl->Error(rc, "reading dimension scores");
        return out;
    });
}

StoreResult<std::vector<AttemptDimensionRow>> SqliteStore::AttemptDimensions(const AttemptFilter& filter) {
    return Guarded<StoreResult<std::vector<AttemptDimensionRow>>>([&]() -> StoreResult<std::vector<AttemptDimensionRow>> {
        const FilterSql f = BuildFilter(filter);
        Stmt s = m_impl->Prepare(
            "SELECT d.attempt_id, d.dimension, d.score, d.max_score, d.item_count, d.full_count, d.deduction_count, "
            "d.deducted_points FROM attempts a JOIN attempt_dimensions d ON d.attempt_id = a.id" + f.m_where +
            " ORDER BY d.attempt_id");
        if (!s.Valid()) return m_impl->PrepareError("reading attempt dimension totals");
        BindFilter(s, f);
        std::vector<AttemptDimensionRow> out;
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW)
            out.push_back(AttemptDimensionRow{s.Int(0), DimensionFromText(s.RawText(1)), s.Real(2), s.Real(3),
                                              static_cast<int>(s.Int(4)), static_cast<int>(s.Int(5)),
                                              static_cast<int>(s.Int(6)), s.Real(7)});
        if (rc != SQLITE_DONE) return m_impl->Error(rc, "reading attempt dimension totals");
        return out;
    });
}

StoreStatus SqliteStore::ReplaceScores(RowId attemptId, const ScoreReport& report,
                                       const std::vector<double>& eventScoresAfter, std::optional<double> startScore) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        const std::string what = "re-scoring attempt " + std::to_string(attemptId);
        Transaction tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto finished = AttemptFinished(*m_impl, attemptId);
        if (!finished) return finished.Error();
        if (!finished.Value())
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is not finished: nothing to re-score"};
        for (const char* sql : {"DELETE FROM deductions WHERE attempt_id = ?", "DELETE FROM dimension_scores WHERE attempt_id = ?",
                                "DELETE FROM item_scores WHERE attempt_id = ?", "DELETE FROM attempt_dimensions WHERE attempt_id = ?"}) {
            Stmt s = m_impl->Prepare(sql);
            if (!s.Valid()) return m_impl->PrepareError(what);
            s.Bind(1, attemptId);
            if (auto st = m_impl->Done(s, what); !st) return st;
        }
        if (auto st = WriteScores(*m_impl, attemptId, report); !st) return st;
        {
            Stmt s = m_impl->Prepare("UPDATE attempts SET score = ?, max_score = ?, scored_with_hash = ?, "
                                     "start_score = coalesce(?, start_score) WHERE id = ?");
            if (!s.Valid()) return m_impl->PrepareError(what);
            s.Bind(1, report.m_total).Bind(2, report.m_max).Bind(3, report.m_contentHash).Bind(4, startScore)
                .Bind(5, attemptId);
            if (auto st = m_impl->Done(s, what); !st) return st;
        }
        if (!eventScoresAfter.empty()) {
            std::int64_t count = 0;
            {
                Stmt s = m_impl->Prepare("SELECT count(*) FROM events WHERE attempt_id = ?");
                if (!s.Valid()) return m_impl->PrepareError(what);
                s.Bind(1, attemptId);
                if (s.Step() == SQLITE_ROW) count = s.Int(0);
            }
            if (count != static_cast<std::int64_t>(eventScoresAfter.size()))
                return StoreError{StoreErrorKind::Invalid, what + ": " + std::to_string(eventScoresAfter.size()) +
                                                               " event scores given for " + std::to_string(count) + " events"};
            for (size_t i = 0; i < eventScoresAfter.size(); ++i) {
                Stmt s = m_impl->Prepare("UPDATE events SET score_after = ? WHERE attempt_id = ? AND seq = ?");
                if (!s.Valid()) return m_impl->PrepareError(what);
                s.Bind(1, eventScoresAfter[i]).Bind(2, attemptId).Bind(3, static_cast<std::int64_t>(i));
                if (auto st = m_impl->Done(s, what); !st) return st;
            }
        }
        return tx.Commit(what);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Outbox delivery marks
//-----------------------------------------------------------------------------

StoreResult<SqliteStore::DeliveryMark> SqliteStore::Delivered(const std::string& target, const std::string& uid) {
    return Guarded<StoreResult<DeliveryMark>>([&]() -> StoreResult<DeliveryMark> {
        Stmt s = m_impl->Prepare("SELECT events, ended FROM deliveries WHERE target = ? AND uid = ?");
        if (!s.Valid()) return m_impl->PrepareError("reading the outbox");
        s.Bind(1, target).Bind(2, uid);
        const int rc = s.Step();
        if (rc == SQLITE_DONE) return DeliveryMark{};
        if (rc != SQLITE_ROW) return m_impl->Error(rc, "reading the outbox");
        return DeliveryMark{s.Int(0), s.Int(1) != 0};
    });
}

StoreStatus SqliteStore::MarkDelivered(const std::string& target, const std::string& uid, const DeliveryMark& mark) {
    return Guarded<StoreStatus>([&]() -> StoreStatus {
        // Marks only grow, so two deliverers at once (the app and `sync`) never undo each other.
        Stmt s = m_impl->Prepare(
            "INSERT INTO deliveries(target, uid, events, ended) VALUES (?, ?, ?, ?) ON CONFLICT (target, uid) DO UPDATE "
            "SET events = max(events, excluded.events), ended = max(ended, excluded.ended)");
        if (!s.Valid()) return m_impl->PrepareError("writing the outbox");
        s.Bind(1, target).Bind(2, uid).Bind(3, mark.m_events).Bind(4, mark.m_ended ? 1 : 0);
        return m_impl->Done(s, "writing the outbox");
    });
}

StoreResult<SqliteStore::Backlog> SqliteStore::Undelivered(const std::string& target) {
    return Guarded<StoreResult<Backlog>>([&]() -> StoreResult<Backlog> {
        Stmt s = m_impl->Prepare(
            "SELECT coalesce(sum(a.event_count - coalesce(d.events, 0)), 0), count(*) FROM attempts a "
            "LEFT JOIN deliveries d ON d.target = ? AND d.uid = a.uid "
            "WHERE a.event_count > coalesce(d.events, 0) "
            "OR ((a.finished = 1 OR a.abandoned_wall IS NOT NULL) AND coalesce(d.ended, 0) = 0)");
        if (!s.Valid()) return m_impl->PrepareError("reading the outbox");
        s.Bind(1, target);
        int rc = s.Step();
        if (rc != SQLITE_ROW) return m_impl->Error(rc, "reading the outbox");
        Backlog out{s.Int(0), s.Int(1), 0};
        Stmt r = m_impl->Prepare(
            "SELECT count(*) FROM lab_runs r LEFT JOIN deliveries d ON d.target = ? AND d.uid = r.uid "
            "WHERE (r.finished = 1 AND coalesce(d.ended, 0) = 0) OR 1 + max(r.started_wall, coalesce("
            "(SELECT max(m.updated_wall) FROM lab_run_modules m WHERE m.run_id = r.id), 0)) > coalesce(d.events, 0)");
        if (!r.Valid()) return m_impl->PrepareError("reading the outbox");
        r.Bind(1, target);
        rc = r.Step();
        if (rc != SQLITE_ROW) return m_impl->Error(rc, "reading the outbox");
        out.m_labRuns = r.Int(0);
        return out;
    });
}

} // namespace sl
