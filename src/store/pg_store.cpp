// SupportLab store: PgStore — libpq connection, reconnects, migrations, and every Store operation in SQL.

// [SECTION] Helpers: conversions, parameters, results, errors
// [SECTION] Connection: statements, transactions, reconnecting
// [SECTION] Opening and migrating
// [SECTION] Cohorts and trainees
// [SECTION] Labs and sessions
// [SECTION] Lab runs and module marks
// [SECTION] Attempts and events
// [SECTION] Scores

#include "store/pg_store.hpp"

#include "store/row_codec.hpp"

#include "store/guarded.hpp"
#include "store/pg_schema.hpp"

#include "core/text.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace sl {

using detail::DimensionFromText;
using detail::Guarded;
using detail::KindFromName;
using detail::KindName;
using detail::SameAttemptOrConflict;
using detail::SameLabRunOrConflict;
using detail::ToI64;
using detail::ToU64;

//-----------------------------------------------------------------------------
// [SECTION] Helpers: conversions, parameters, results, errors
//-----------------------------------------------------------------------------

namespace {


// Shortest text that reads back as the same double (PostgreSQL's float8 input accepts it).
std::string DoubleText(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

double ParseDouble(const char* s) {
    double v = 0.0;
    const char* end = s + std::strlen(s);
    const auto r = std::from_chars(s, end, v);
    if (r.ec == std::errc() && r.ptr == end) return v;
    return std::strtod(s, nullptr); // Infinity, -Infinity, NaN
}

std::int64_t ParseInt(const char* s) {
    std::int64_t v = 0;
    std::from_chars(s, s + std::strlen(s), v);
    return v;
}

// Text-format parameters for PQexecPrepared; unset optionals are SQL NULL.
class Params {
public:
    Params& Add(std::int64_t v) { return Put(std::to_string(v)); }
    Params& Add(int v) { return Put(std::to_string(v)); }
    Params& Add(double v) { return Put(DoubleText(v)); }
    Params& Add(const std::string& v) { return Put(v); }
    Params& Add(const char* v) { return Put(v); }
    Params& AddBool(bool v) { return Put(v ? "t" : "f"); }
    Params& AddNull() {
        m_values.emplace_back();
        m_null.push_back(true);
        return *this;
    }
    template <class T>
    Params& Add(const std::optional<T>& v) {
        return v ? Add(*v) : AddNull();
    }
    int Count() const { return static_cast<int>(m_values.size()); }
    // Pointers into m_values: valid until the next Add.
    const char* const* Values() const {
        m_ptrs.clear();
        for (size_t i = 0; i < m_values.size(); ++i) m_ptrs.push_back(m_null[i] ? nullptr : m_values[i].c_str());
        return m_ptrs.data();
    }

private:
    Params& Put(std::string v) {
        m_values.push_back(std::move(v));
        m_null.push_back(false);
        return *this;
    }
    std::vector<std::string> m_values;
    std::vector<bool> m_null;
    mutable std::vector<const char*> m_ptrs;
};

// A PostgreSQL array literal ('{"a","b"}'), for sending many rows as one parameter (unnest).
class ArrayText {
public:
    void Add(const std::string& v) {
        Sep();
        m_text += '"';
        for (char c : v) {
            if (c == '"' || c == '\\') m_text += '\\';
            m_text += c;
        }
        m_text += '"';
    }
    void Add(double v) { Add(DoubleText(v)); }
    void Add(std::int64_t v) { Add(std::to_string(v)); }
    void Add(int v) { Add(std::to_string(v)); }
    void AddBool(bool v) { Add(std::string(v ? "t" : "f")); }
    std::string Str() const { return "{" + m_text + "}"; }

private:
    void Sep() {
        if (!m_text.empty()) m_text += ',';
    }
    std::string m_text;
};

// A text[] literal for a parameter cast with ::text[]: every element quoted, so any text is safe.
std::string ArrayLiteral(const std::vector<std::string>& items) {
    std::string out = "{";
    for (size_t i = 0; i < items.size(); ++i) {
        out += i ? ",\"" : "\"";
        for (char c : items[i]) {
            if (c == '"' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        out += "\"";
    }
    return out + "}";
}

// An owned PGresult with typed, text-format column access.
class Result {
public:
    explicit Result(PGresult* r = nullptr) : m_r(r, &PQclear) {}
    PGresult* Get() const { return m_r.get(); }
    ExecStatusType Status() const { return m_r ? PQresultStatus(m_r.get()) : PGRES_FATAL_ERROR; }
    int Rows() const { return m_r ? PQntuples(m_r.get()) : 0; }
    std::int64_t Affected() const { return m_r ? ParseInt(PQcmdTuples(m_r.get())) : 0; }
    bool Null(int row, int c) const { return PQgetisnull(m_r.get(), row, c) != 0; }
    const char* Raw(int row, int c) const { return PQgetvalue(m_r.get(), row, c); }
    std::int64_t Int(int row, int c) const { return ParseInt(Raw(row, c)); }
    double Real(int row, int c) const { return ParseDouble(Raw(row, c)); }
    bool Bool(int row, int c) const { return Raw(row, c)[0] == 't'; }
    std::string Text(int row, int c) const {
        return std::string(Raw(row, c), static_cast<size_t>(PQgetlength(m_r.get(), row, c)));
    }
    std::optional<std::string> OptText(int row, int c) const { return Null(row, c) ? std::nullopt : std::optional(Text(row, c)); }
    std::optional<std::int64_t> OptInt(int row, int c) const { return Null(row, c) ? std::nullopt : std::optional(Int(row, c)); }
    std::optional<double> OptReal(int row, int c) const { return Null(row, c) ? std::nullopt : std::optional(Real(row, c)); }

private:
    std::unique_ptr<PGresult, decltype(&PQclear)> m_r;
};

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool IsConnectionState(const char* state) {
    return state && (std::strncmp(state, "08", 2) == 0 || std::strcmp(state, "57P01") == 0 ||
                     std::strcmp(state, "57P02") == 0 || std::strcmp(state, "57P03") == 0);
}

StoreErrorKind KindForSqlState(const char* state) {
    if (!state || std::strlen(state) != 5) return StoreErrorKind::Io;
    const std::string s(state);
    if (StartsWith(s, "23")) return StoreErrorKind::Constraint;
    if (s == "53100") return StoreErrorKind::DiskFull;
    if (s == "40001" || s == "40P01" || s == "55P03") return StoreErrorKind::Busy;
    if (s == "42501" || s == "25006") return StoreErrorKind::ReadOnly; // no permission; read-only transaction
    if (StartsWith(s, "22")) return StoreErrorKind::Invalid;            // data exception: a bad value
    if (s == "P0002") return StoreErrorKind::NotFound;                  // no_data_found, raised by our functions
    return StoreErrorKind::Io;                                            // 08xxx, 57Pxx, XX000, ...
}

const char* AdviceFor(StoreErrorKind k) {
    switch (k) {
    case StoreErrorKind::Busy: return "another session is holding the rows; try again";
    case StoreErrorKind::DiskFull: return "the database server's disk is full; ask its administrator to free space";
    case StoreErrorKind::ReadOnly: return "the PostgreSQL role may not write here; ask the database administrator for the grants";
    default: return nullptr;
    }
}

// libpq messages end with a newline (sometimes several lines); keep them on one line.
std::string OneLine(const char* msg) {
    std::string out = msg ? msg : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

void IgnoreNotice(void*, const char*) {} // "schema already exists, skipping" and the like

// A new client-style uid (32 lowercase hex digits) made by the server, as SQLite makes them.
constexpr const char* kNewUid = "replace(gen_random_uuid()::text, '-', '')";
// An empty uid asks the store to make one.
std::optional<std::string> OptionalUid(const std::string& uid) {
    return uid.empty() ? std::nullopt : std::optional<std::string>(uid);
}

} // namespace

std::string PgLocationWithoutPassword(const std::string& c) {
    if (StartsWith(c, "postgresql://") || StartsWith(c, "postgres://")) {
        const size_t authStart = c.find("://") + 3;
        size_t authEnd = c.find_first_of("/?", authStart);
        if (authEnd == std::string::npos) authEnd = c.size();
        std::string authority = c.substr(authStart, authEnd - authStart);
        if (const size_t at = authority.rfind('@'); at != std::string::npos) {
            std::string user = authority.substr(0, at);
            if (const size_t colon = user.find(':'); colon != std::string::npos) user.resize(colon);
            authority = user + authority.substr(at);
        }
        std::string rest = c.substr(authEnd);
        if (const size_t q = rest.find('?'); q != std::string::npos) {
            std::string query = rest.substr(q + 1), kept;
            rest.resize(q);
            size_t pos = 0;
            while (pos <= query.size()) {
                size_t amp = query.find('&', pos);
                if (amp == std::string::npos) amp = query.size();
                const std::string item = query.substr(pos, amp - pos);
                if (!item.empty() && item.substr(0, item.find('=')) != "password") kept += (kept.empty() ? "" : "&") + item;
                pos = amp + 1;
            }
            if (!kept.empty()) rest += "?" + kept;
        }
        return c.substr(0, authStart) + authority + rest;
    }
    if (c.find('=') == std::string::npos) return c; // a bare database name
    // key = value pairs as libpq reads them (values bare or in single quotes, backslash escapes):
    // every pair but password's is kept exactly as written.
    std::string out;
    size_t i = 0;
    auto space = [&](size_t k) { return k < c.size() && std::isspace(static_cast<unsigned char>(c[k])); };
    while (true) {
        while (space(i)) ++i;
        if (i >= c.size()) break;
        const size_t start = i;
        while (i < c.size() && c[i] != '=' && !space(i)) ++i;
        const std::string key = c.substr(start, i - start);
        while (space(i)) ++i;
        if (key.empty() || i >= c.size() || c[i] != '=') return "(an unreadable connection string)";
        ++i;
        while (space(i)) ++i;
        if (i < c.size() && c[i] == '\'') {
            for (++i; i < c.size() && c[i] != '\''; ++i)
                if (c[i] == '\\') ++i;
            if (i >= c.size()) return "(an unreadable connection string)";
            ++i;
        } else {
            for (; i < c.size() && !space(i); ++i)
                if (c[i] == '\\') ++i;
            i = std::min(i, c.size());
        }
        if (key != "password") out += (out.empty() ? "" : " ") + c.substr(start, i - start);
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Connection: statements, transactions, reconnecting
//-----------------------------------------------------------------------------

struct PgStore::Impl {
    PGconn* m_conn = nullptr;
    std::string m_conninfo; // as given, password included: never shown
    std::string m_location;
    PgOpenOptions m_options;
    int m_openedAtVersion = 0; // the schema version Open found, before migrating
    bool m_seesScores = true;  // false for a trainee: her reads leave the score columns out
    std::unordered_map<std::string, std::string> m_names; // SQL text -> statement name
    std::unordered_set<std::string> m_prepared;           // names prepared on the current connection
    // Set once this operation has sent something that commits on arrival: a statement outside a
    // transaction, or COMMIT. Until then a lost connection means the server rolled everything back.
    bool m_commitSent = false;

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        if (m_conn) PQfinish(m_conn);
    }

    bool Lost() const { return !m_conn || PQstatus(m_conn) != CONNECTION_OK; }

    StoreError Fail(StoreErrorKind kind, const std::string& what, const std::string& detail) const {
        std::string msg = "database " + m_location + ": " + what + ": " + detail;
        if (const char* advice = AdviceFor(kind)) msg += " (" + std::string(advice) + ")";
        return StoreError{kind, msg};
    }

    StoreError Unreachable(const std::string& what) const {
        return Fail(StoreErrorKind::Io, what,
                    "cannot reach the server (" + OneLine(m_conn ? PQerrorMessage(m_conn) : "out of memory") + ")");
    }

    // The StoreError for a failed result (or a lost connection).
    StoreError Error(const PGresult* r, const std::string& what) const {
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        if (Lost() || IsConnectionState(state)) return Unreachable(what);
        const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        return Fail(KindForSqlState(state), what, OneLine(primary ? primary : PQerrorMessage(m_conn)));
    }

    void NoteCommitIfOutsideTransaction() {
        if (PQtransactionStatus(m_conn) == PQTRANS_IDLE) m_commitSent = true;
    }

    // Runs one prepared statement (prepared by name on first use on this connection).
    StoreResult<Result> Query(const std::string& sql, const Params& params, const std::string& what) {
        auto [it, added] = m_names.try_emplace(sql);
        if (added) it->second = "sl_" + std::to_string(m_names.size());
        const std::string& name = it->second;
        if (m_prepared.count(name) == 0) {
            Result prep(PQprepare(m_conn, name.c_str(), sql.c_str(), 0, nullptr));
            if (prep.Status() != PGRES_COMMAND_OK) return Error(prep.Get(), what + " (preparing)");
            m_prepared.insert(name);
        }
        NoteCommitIfOutsideTransaction();
        Result r(PQexecPrepared(m_conn, name.c_str(), params.Count(), params.Values(), nullptr, nullptr, 0));
        const ExecStatusType st = r.Status();
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return Error(r.Get(), what);
        return r;
    }
    StoreResult<Result> Query(const std::string& sql, const std::string& what) { return Query(sql, Params(), what); }

    // Runs SQL with the simple protocol (transaction control, migrations, several statements).
    StoreResult<Result> Simple(const char* sql, const std::string& what) {
        if (std::strncmp(sql, "BEGIN", 5) != 0) NoteCommitIfOutsideTransaction();
        Result r(PQexec(m_conn, sql));
        const ExecStatusType st = r.Status();
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return Error(r.Get(), what);
        return r;
    }

    // Settings every (re)connection needs: exact doubles, UTF-8, bounded lock waits.
    StoreStatus SetupSession() {
        PQsetNoticeProcessor(m_conn, IgnoreNotice, nullptr);
        const std::string sql = "SET extra_float_digits = 3; SET client_encoding = 'UTF8'; SET lock_timeout = " +
                                std::to_string(m_options.m_lockTimeoutMs);
        auto r = Simple(sql.c_str(), "setting up the session");
        if (!r) return r.Error();
        return StoreSuccess();
    }

    StoreStatus Connect() {
        const std::string timeout = std::to_string(m_options.m_connectTimeoutS);
        // Defaults first: whatever the connection string (expanded from dbname) sets wins.
        // A typed password goes after dbname, so it wins over the string's (which has none).
        const bool typed = !m_options.m_password.empty();
        const char* keys[] = {"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                              "keepalives_count", "tcp_user_timeout", "application_name", "dbname",
                              typed ? "password" : nullptr, nullptr};
        const char* values[] = {timeout.c_str(), "1", "30", "10", "3", "30000", "supportlab", m_conninfo.c_str(),
                                typed ? m_options.m_password.c_str() : nullptr, nullptr};
        m_conn = PQconnectdbParams(keys, values, 1);
        if (Lost()) return Refused() ? Fail(StoreErrorKind::Invalid, "signing in", OneLine(PQerrorMessage(m_conn)))
                                     : Unreachable("connecting");
        return SetupSession();
    }

    // Whether a failed connection reached the server and was turned away (a wrong or missing
    // password, an unknown role or database): no retry helps, unlike a server that is down. libpq
    // gives no SQLSTATE before the session starts, so its message is read.
    bool Refused() const {
        if (!m_conn) return false;
        if (PQconnectionNeedsPassword(m_conn)) return true;
        const std::string msg = PQerrorMessage(m_conn);
        for (const char* sign : {"authentication failed", "no password supplied", "does not exist",
                                 "no pg_hba.conf entry", "permission denied"})
            if (msg.find(sign) != std::string::npos) return true;
        return false;
    }

    // PQreset, then forget the prepared statements: the new session has none.
    StoreStatus Reconnect() {
        if (!m_conn) return Connect();
        PQreset(m_conn);
        m_prepared.clear();
        if (Lost()) return Unreachable("reconnecting");
        return SetupSession();
    }

    // Reads whatever the server sent while we were idle, without blocking: a terminated backend
    // leaves an error message and then end-of-file, and only reading the end-of-file marks the
    // connection bad (one PQconsumeInput may stop after the message).
    void NoticeClose() {
        for (int i = 0; i < 8 && !Lost(); ++i) {
            pollfd p{PQsocket(m_conn), POLLIN, 0};
            if (::poll(&p, 1, 0) <= 0) return; // nothing waiting
            if (!PQconsumeInput(m_conn)) return;
        }
    }

    // Runs one operation. A connection the server closed while idle is noticed and reopened first;
    // one lost during the operation is reopened after it, and the operation repeated once when it
    // is a read, an idempotent write (a repeated write that did commit changes nothing), or a write
    // lost before anything that commits was sent (the server rolled it back). The close is not
    // always visible before the operation starts: the server may still be ending the backend.
    template <class R, class F>
    R Run(bool retryable, F&& body) {
        return Guarded<R>([&]() -> R {
            NoticeClose();
            if (Lost())
                if (auto st = Reconnect(); !st) return st.Error();
            m_commitSent = false;
            R r = body();
            if (r.Ok() || !Lost()) return r;
            const StoreError first = r.Error();
            const bool mayHaveCommitted = m_commitSent; // before reconnecting, whose SETs count too
            if (auto st = Reconnect(); !st) return first;
            if (!retryable && mayHaveCommitted)
                return StoreError{first.m_kind, first.m_message +
                                                    "; reconnected, but the write was not repeated because it may "
                                                    "already be saved: check before trying again"};
            m_commitSent = false;
            return body();
        });
    }
};

namespace {

// BEGIN ... COMMIT; rolls back unless committed. One per write operation.
class Tx {
public:
    explicit Tx(PgStore::Impl& db) : m_db(db) {}
    ~Tx() {
        if (m_open && !m_db.Lost()) PQclear(PQexec(m_db.m_conn, "ROLLBACK"));
    }
    Tx(const Tx&) = delete;
    Tx& operator=(const Tx&) = delete;
    StoreStatus Begin(const std::string& what, const char* sql = "BEGIN") {
        auto r = m_db.Simple(sql, what);
        if (!r) return r.Error();
        m_open = true;
        return StoreSuccess();
    }
    StoreStatus Commit(const std::string& what) {
        m_db.m_commitSent = true;
        auto r = m_db.Simple("COMMIT", what);
        m_open = false; // a failed COMMIT ends the transaction too
        if (!r) return r.Error();
        return StoreSuccess();
    }

private:
    PgStore::Impl& m_db;
    bool m_open = false;
};

constexpr const char* kReadSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

// The WHERE clause (over attempts alias a) and its parameters for an AttemptFilter.
struct FilterSql {
    std::string m_where;
    Params m_params;
    int m_next = 1;

    std::string Param() { return "$" + std::to_string(m_next++); }
    void Add(const std::string& clause) { m_where += (m_where.empty() ? " WHERE " : " AND ") + clause; }
};

// `column = ANY($n::bigint[])`: one array parameter instead of thousands of parameters.
void AddIdList(FilterSql& out, const std::string& column, const std::vector<RowId>& idList) {
    ArrayText ids;
    for (RowId id : idList) ids.Add(id);
    out.Add(column + " = ANY(" + out.Param() + "::bigint[])");
    out.m_params.Add(ids.Str());
}

FilterSql BuildFilter(const AttemptFilter& f) {
    FilterSql out;
    if (f.m_attemptId) { out.Add("a.id = " + out.Param()); out.m_params.Add(*f.m_attemptId); }
    if (f.m_traineeId) { out.Add("a.trainee_id = " + out.Param()); out.m_params.Add(*f.m_traineeId); }
    if (f.m_sessionId) { out.Add("a.session_id = " + out.Param()); out.m_params.Add(*f.m_sessionId); }
    if (f.m_cohort) {
        out.Add("a.trainee_id IN (SELECT t.id FROM supportlab.trainees t JOIN supportlab.cohorts c ON c.id = t.cohort_id "
                "WHERE c.name = " + out.Param() + ")");
        out.m_params.Add(*f.m_cohort);
    }
    if (f.m_labId) { out.Add("a.lab_id = " + out.Param()); out.m_params.Add(*f.m_labId); }
    if (f.m_scenarioId) { out.Add("a.scenario_id = " + out.Param()); out.m_params.Add(*f.m_scenarioId); }
    if (f.m_attemptIds) AddIdList(out, "a.id", *f.m_attemptIds);
    if (f.m_finishedOnly || f.m_firstFinishedOnly) out.Add("a.finished");
    if (f.m_inSessionsOnly) out.Add("a.session_id IS NOT NULL");
    if (f.m_firstFinishedOnly)
        out.Add(std::string("a.id IN (SELECT min(f.id) FROM supportlab.attempts f WHERE f.finished") +
                (f.m_inSessionsOnly ? " AND f.session_id IS NOT NULL" : "") + " GROUP BY f.trainee_id, f.scenario_id)");
    return out;
}

// FROM and WHERE for reading one score table (alias `s`) under a filter. A filter that is only a
// list of attempt ids reads the table by its primary key alone: joining attempts there made the
// planner loop over the attempts and sort each one's rows again (the item analysis's dimension
// rows: 110 ms against 21 ms in EXPLAIN ANALYZE). Score tables have no row security: only staff
// may read them at all.
FilterSql ScoreSource(const AttemptFilter& f, const std::string& table, std::string* from) {
    const bool idsOnly = f.m_attemptIds && !f.m_attemptId && !f.m_traineeId && !f.m_sessionId && !f.m_cohort &&
                         !f.m_labId && !f.m_scenarioId && !f.m_finishedOnly && !f.m_firstFinishedOnly && !f.m_inSessionsOnly;
    if (!idsOnly) {
        *from = " FROM supportlab.attempts a JOIN supportlab." + table + " s ON s.attempt_id = a.id";
        return BuildFilter(f);
    }
    *from = " FROM supportlab." + table + " s";
    FilterSql out;
    AddIdList(out, "s.attempt_id", *f.m_attemptIds);
    return out;
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Opening and migrating
//-----------------------------------------------------------------------------

int PgSchemaVersion() { return pg_schema::kVersion; }

PgStore::PgStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PgStore::~PgStore() = default;

std::string PgStore::Location() const { return m_impl->m_location; }
int PgStore::SchemaVersion() const { return pg_schema::kVersion; }
int PgStore::OpenedAtVersion() const { return m_impl->m_openedAtVersion; }
int PgStore::BackendPid() const { return m_impl->Lost() ? 0 : PQbackendPID(m_impl->m_conn); }

StoreResult<PgIdentity> PgStore::SignedIn() {
    return m_impl->Run<StoreResult<PgIdentity>>(true, [&]() -> StoreResult<PgIdentity> {
        // pg_has_role is true for a superuser; the schema's owner is a lead too.
        auto r = m_impl->Query(
            "SELECT current_user::text, "
            "pg_has_role(current_user, 'supportlab_lead', 'MEMBER') OR pg_has_role(current_user, "
            "(SELECT nspowner FROM pg_namespace WHERE nspname = 'supportlab'), 'MEMBER'), "
            "pg_has_role(current_user, 'supportlab_trainer', 'MEMBER'), "
            "pg_has_role(current_user, 'supportlab_trainee', 'MEMBER'), "
            "coalesce((SELECT name FROM supportlab.trainees WHERE login = current_user::text), '')",
            "finding who is signed in");
        if (!r) return r.Error();
        PgIdentity id;
        id.m_login = r->Text(0, 0);
        id.m_role = r->Bool(0, 1)   ? PgSignedInRole::Lead
                    : r->Bool(0, 2) ? PgSignedInRole::Trainer
                    : r->Bool(0, 3) ? PgSignedInRole::Trainee
                                    : PgSignedInRole::None;
        id.m_traineeName = r->Text(0, 4);
        return id;
    });
}

namespace {

// supportlab.schema_version's version, 0 when there is no such table.
StoreResult<int> ReadVersion(PgStore::Impl& db) {
    // A scan of pg_class under this statement's snapshot, not to_regclass: after waiting for the
    // migration lock, the session's catalog cache may still remember "no such table".
    auto exists = db.Simple("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                            "ON n.oid = c.relnamespace WHERE n.nspname = 'supportlab' AND c.relname = 'schema_version')",
                            "reading the schema version");
    if (!exists) return exists.Error();
    if (!exists->Bool(0, 0)) return 0;
    auto v = db.Simple("SELECT version FROM supportlab.schema_version WHERE id = 1", "reading the schema version");
    if (!v) return v.Error();
    if (v->Rows() != 1)
        return db.Fail(StoreErrorKind::NotADatabase, "reading the schema version",
                       "supportlab.schema_version has no version row; the database was left untouched");
    return static_cast<int>(v->Int(0, 0));
}

StoreStatus CheckVersion(PgStore::Impl& db, int version) {
    if (version < 0)
        return db.Fail(StoreErrorKind::NotADatabase, "opening",
                       "schema version " + std::to_string(version) + " was never written by SupportLab; the database was left untouched");
    if (version > pg_schema::kVersion)
        return db.Fail(StoreErrorKind::NewerSchema, "opening",
                       "schema version " + std::to_string(version) + " is newer than this SupportLab understands (" +
                           std::to_string(pg_schema::kVersion) + "); upgrade SupportLab to open it. The database was not changed");
    return StoreSuccess();
}

// Applies the missing migrations in one transaction; the advisory lock makes a second process
// wait and then find the schema already current. Returns the version found under the lock.
StoreResult<int> Migrate(PgStore::Impl& db) {
    Tx tx(db);
    if (auto st = tx.Begin("migrating the schema"); !st) return st.Error();
    const std::string lock = "SELECT pg_advisory_xact_lock(" + std::to_string(pg_schema::kMigrationLock) + ")";
    if (auto r = db.Simple(lock.c_str(), "waiting for another migration"); !r) return r.Error();
    auto version = ReadVersion(db); // again: another process may have migrated meanwhile
    if (!version) return version.Error();
    if (auto st = CheckVersion(db, version.Value()); !st) return st.Error();
    for (int target = version.Value() + 1; target <= pg_schema::kVersion; ++target) {
        const std::string what = "migration to schema version " + std::to_string(target) + " failed";
        if (auto r = db.Simple(pg_schema::kMigrations[target - 1], what); !r) return r.Error();
        const std::string set = "INSERT INTO supportlab.schema_version(id, version) VALUES (1, " + std::to_string(target) +
                                ") ON CONFLICT (id) DO UPDATE SET version = excluded.version";
        if (auto r = db.Simple(set.c_str(), what); !r) return r.Error();
    }
    if (auto st = tx.Commit("migrating the schema"); !st) return st.Error();
    return version.Value();
}

} // namespace

StoreResult<std::unique_ptr<PgStore>> PgStore::Open(const std::string& conninfo, const PgOpenOptions& options) {
    return Guarded<StoreResult<std::unique_ptr<PgStore>>>([&]() -> StoreResult<std::unique_ptr<PgStore>> {
        auto impl = std::make_unique<Impl>();
        impl->m_conninfo = conninfo;
        impl->m_location = PgLocationWithoutPassword(conninfo);
        impl->m_options = options;
        // A malformed string is the caller's mistake, not an unreachable server.
        if (conninfo.find('=') != std::string::npos || StartsWith(conninfo, "postgres")) {
            char* err = nullptr;
            PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &err);
            if (!parsed) {
                const std::string msg = OneLine(err ? err : "out of memory");
                PQfreemem(err);
                return impl->Fail(StoreErrorKind::Invalid, "reading the connection string", msg);
            }
            PQconninfoFree(parsed);
        }
        if (auto st = impl->Connect(); !st) return st.Error();
        auto version = ReadVersion(*impl);
        if (!version) return version.Error();
        if (auto st = CheckVersion(*impl, version.Value()); !st) return st.Error();
        impl->m_openedAtVersion = version.Value();
        if (version.Value() < pg_schema::kVersion) {
            if (!options.m_migrate) {
                if (version.Value() == 0)
                    return impl->Fail(StoreErrorKind::NotFound, "opening",
                                      "no SupportLab schema in this database (migration is turned off); it was left untouched");
                return impl->Fail(StoreErrorKind::Invalid, "opening",
                                  "needs upgrading to schema version " + std::to_string(pg_schema::kVersion) +
                                      " but migration is turned off");
            }
            auto from = Migrate(*impl);
            if (!from) return from.Error();
            impl->m_openedAtVersion = from.Value();
        }
        // A role without the score columns (a trainee) reads attempts and events with NULL there.
        auto sees = impl->Query("SELECT has_column_privilege('supportlab.attempts', 'score', 'SELECT')", "opening");
        if (!sees) return sees.Error();
        impl->m_seesScores = sees->Bool(0, 0);
        return std::unique_ptr<PgStore>(new PgStore(std::move(impl)));
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Cohorts and trainees
//-----------------------------------------------------------------------------

namespace {

// Finds or creates a cohort inside the caller's transaction; 0 for the empty name (no cohort).
StoreResult<RowId> CohortId(PgStore::Impl& db, const std::string& name, bool create) {
    if (name.empty()) return RowId{0};
    const std::string what = "looking up cohort " + name;
    for (int pass = 0; pass < 2; ++pass) {
        auto r = db.Query("SELECT id FROM supportlab.cohorts WHERE name = $1", Params().Add(name), what);
        if (!r) return r.Error();
        if (r->Rows() > 0) return r->Int(0, 0);
        if (!create) return StoreError{StoreErrorKind::NotFound, "no cohort named '" + name + "'"};
        // Another session may add it at the same moment: then nothing is inserted and we look again.
        auto ins = db.Query("INSERT INTO supportlab.cohorts(name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id",
                            Params().Add(name), "adding cohort " + name);
        if (!ins) return ins.Error();
        if (ins->Rows() > 0) return ins->Int(0, 0);
    }
    return db.Fail(StoreErrorKind::Busy, what, "the cohort kept changing");
}

constexpr const char* kTraineeSelect =
    "SELECT t.id, t.name, coalesce(c.name, '') FROM supportlab.trainees t LEFT JOIN supportlab.cohorts c ON c.id = t.cohort_id";

std::vector<Trainee> ReadTrainees(const Result& r) {
    std::vector<Trainee> out;
    out.reserve(static_cast<size_t>(r.Rows()));
    for (int i = 0; i < r.Rows(); ++i) out.push_back(Trainee{r.Int(i, 0), r.Text(i, 1), r.Text(i, 2)});
    return out;
}

// Why a trainee's name or cohort cannot be stored (core/text.hpp NameProblem), or nullopt.
std::optional<StoreError> TraineeNamesProblem(const std::string& name, const std::string& cohort) {
    if (auto problem = NameProblem(name, "trainee name")) return StoreError{StoreErrorKind::Invalid, *problem};
    if (!cohort.empty())
        if (auto problem = NameProblem(cohort, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
    return std::nullopt;
}

// Inserts a trainee (and the cohort when new) inside the caller's transaction.
StoreResult<Trainee> InsertTrainee(PgStore::Impl& db, const std::string& name, const std::string& cohort) {
    auto cohortId = CohortId(db, cohort, true);
    if (!cohortId) return cohortId.Error();
    Params p;
    p.Add(name);
    if (cohortId.Value() != 0) p.Add(cohortId.Value());
    else p.AddNull();
    auto r = db.Query("INSERT INTO supportlab.trainees(name, cohort_id) VALUES ($1, $2) RETURNING id", p,
                      "adding trainee '" + name + "'");
    if (!r) return r.Error();
    return Trainee{r->Int(0, 0), name, cohort};
}

} // namespace

StoreStatus PgStore::AddCohort(const std::string& name) {
    return m_impl->Run<StoreStatus>(false, [&]() -> StoreStatus {
        if (name.empty()) return StoreError{StoreErrorKind::Invalid, "a cohort needs a name"};
        if (auto problem = NameProblem(name, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
        auto r = m_impl->Query("INSERT INTO supportlab.cohorts(name) VALUES ($1)", Params().Add(name),
                               "adding cohort '" + name + "'");
        if (!r) return r.Error();
        return StoreSuccess();
    });
}

StoreResult<std::vector<std::string>> PgStore::Cohorts() {
    return m_impl->Run<StoreResult<std::vector<std::string>>>(true, [&]() -> StoreResult<std::vector<std::string>> {
        auto r = m_impl->Query("SELECT name FROM supportlab.cohorts ORDER BY name", "listing cohorts");
        if (!r) return r.Error();
        std::vector<std::string> out;
        for (int i = 0; i < r->Rows(); ++i) out.push_back(r->Text(i, 0));
        return out;
    });
}

StoreStatus PgStore::RenameCohort(const std::string& from, const std::string& to) {
    return m_impl->Run<StoreStatus>(false, [&]() -> StoreStatus {
        if (to.empty()) return StoreError{StoreErrorKind::Invalid, "a cohort needs a name"};
        if (auto problem = NameProblem(to, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
        auto r = m_impl->Query("UPDATE supportlab.cohorts SET name = $1 WHERE name = $2", Params().Add(to).Add(from),
                               "renaming cohort '" + from + "' to '" + to + "'");
        if (!r) return r.Error();
        if (r->Affected() == 0) return StoreError{StoreErrorKind::NotFound, "no cohort named '" + from + "'"};
        return StoreSuccess();
    });
}

StoreStatus PgStore::DeleteCohort(const std::string& name) {
    return m_impl->Run<StoreStatus>(false, [&]() -> StoreStatus {
        auto r = m_impl->Query("DELETE FROM supportlab.cohorts WHERE name = $1", Params().Add(name),
                               "deleting cohort '" + name + "' (it still has trainees or sessions)");
        if (!r) return r.Error();
        if (r->Affected() == 0) return StoreError{StoreErrorKind::NotFound, "no cohort named '" + name + "'"};
        return StoreSuccess();
    });
}

StoreResult<Trainee> PgStore::AddTrainee(const std::string& name, const std::string& cohort) {
    return m_impl->Run<StoreResult<Trainee>>(false, [&]() -> StoreResult<Trainee> {
        if (name.empty()) return StoreError{StoreErrorKind::Invalid, "a trainee needs a name"};
        if (auto problem = TraineeNamesProblem(name, cohort)) return *problem;
        Tx tx(*m_impl);
        if (auto st = tx.Begin("adding trainee"); !st) return st.Error();
        auto added = InsertTrainee(*m_impl, name, cohort);
        if (!added) return added;
        if (auto st = tx.Commit("adding trainee"); !st) return st.Error();
        return added;
    });
}

StoreResult<Trainee> PgStore::FindOrAddTrainee(const std::string& name, const std::string& cohort) {
    return m_impl->Run<StoreResult<Trainee>>(true, [&]() -> StoreResult<Trainee> {
        if (auto problem = TraineeNamesProblem(name, cohort)) return *problem;
        const std::string what = "finding or adding trainee '" + name + "'";
        const std::string select = std::string(kTraineeSelect) + " WHERE t.name = $1";
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st.Error();
        auto found = m_impl->Query(select, Params().Add(name), what);
        if (!found) return found.Error();
        if (found->Rows() == 0) {
            // ON CONFLICT DO NOTHING waits for a session adding the same name and then inserts
            // nothing; the savepoint drops the cohort we may have added for it.
            if (auto r = m_impl->Simple("SAVEPOINT find_or_add", what); !r) return r.Error();
            auto cohortId = CohortId(*m_impl, cohort, true);
            if (!cohortId) return cohortId.Error();
            Params p;
            p.Add(name);
            if (cohortId.Value() != 0) p.Add(cohortId.Value());
            else p.AddNull();
            auto ins = m_impl->Query("INSERT INTO supportlab.trainees(name, cohort_id) VALUES ($1, $2) "
                                     "ON CONFLICT (name) DO NOTHING RETURNING id", p, what);
            if (!ins) return ins.Error();
            if (ins->Rows() > 0) {
                if (auto st = tx.Commit(what); !st) return st.Error();
                return Trainee{ins->Int(0, 0), name, cohort};
            }
            if (auto r = m_impl->Simple("ROLLBACK TO SAVEPOINT find_or_add", what); !r) return r.Error();
            found = m_impl->Query(select, Params().Add(name), what); // a new snapshot sees the other session's row
            if (!found) return found.Error();
            if (found->Rows() == 0) return m_impl->Fail(StoreErrorKind::Busy, what, "the trainee was added and removed meanwhile");
        }
        const Trainee t = ReadTrainees(found.Value()).front();
        if (auto st = tx.Commit(what); !st) return st.Error();
        return t;
    });
}

StoreResult<Trainee> PgStore::GetTrainee(RowId id) {
    return m_impl->Run<StoreResult<Trainee>>(true, [&]() -> StoreResult<Trainee> {
        auto r = m_impl->Query(std::string(kTraineeSelect) + " WHERE t.id = $1", Params().Add(id), "reading trainee");
        if (!r) return r.Error();
        if (r->Rows() == 0) return StoreError{StoreErrorKind::NotFound, "no trainee with id " + std::to_string(id)};
        return ReadTrainees(r.Value()).front();
    });
}

StoreResult<Trainee> PgStore::FindTrainee(const std::string& name) {
    return m_impl->Run<StoreResult<Trainee>>(true, [&]() -> StoreResult<Trainee> {
        auto r = m_impl->Query(std::string(kTraineeSelect) + " WHERE t.name = $1", Params().Add(name), "finding trainee");
        if (!r) return r.Error();
        if (r->Rows() == 0) return StoreError{StoreErrorKind::NotFound, "no trainee named '" + name + "'"};
        return ReadTrainees(r.Value()).front();
    });
}

StoreResult<std::vector<Trainee>> PgStore::Trainees(const std::optional<std::string>& cohort) {
    return m_impl->Run<StoreResult<std::vector<Trainee>>>(true, [&]() -> StoreResult<std::vector<Trainee>> {
        Params p;
        if (cohort) p.Add(*cohort);
        auto r = m_impl->Query(std::string(kTraineeSelect) +
                                   (cohort ? " WHERE coalesce(c.name, '') = $1 ORDER BY t.name" : " ORDER BY t.name"),
                               p, "listing trainees");
        if (!r) return r.Error();
        return ReadTrainees(r.Value());
    });
}

StoreStatus PgStore::UpdateTrainee(const Trainee& t) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        if (t.m_name.empty()) return StoreError{StoreErrorKind::Invalid, "a trainee needs a name"};
        if (auto problem = TraineeNamesProblem(t.m_name, t.m_cohort)) return *problem;
        Tx tx(*m_impl);
        if (auto st = tx.Begin("updating trainee"); !st) return st;
        auto cohortId = CohortId(*m_impl, t.m_cohort, true);
        if (!cohortId) return cohortId.Error();
        Params p;
        p.Add(t.m_name);
        if (cohortId.Value() != 0) p.Add(cohortId.Value());
        else p.AddNull();
        p.Add(t.m_id);
        auto r = m_impl->Query("UPDATE supportlab.trainees SET name = $1, cohort_id = $2 WHERE id = $3", p,
                               "updating trainee '" + t.m_name + "'");
        if (!r) return r.Error();
        if (r->Affected() == 0) return StoreError{StoreErrorKind::NotFound, "no trainee with id " + std::to_string(t.m_id)};
        return tx.Commit("updating trainee");
    });
}

StoreStatus PgStore::DeleteTrainee(RowId id) {
    return m_impl->Run<StoreStatus>(false, [&]() -> StoreStatus {
        // The attempts' and lab runs' foreign keys refuse this while the trainee has any recorded work.
        auto r = m_impl->Query("DELETE FROM supportlab.trainees WHERE id = $1", Params().Add(id),
                               "deleting trainee " + std::to_string(id) + " (their attempts are kept)");
        if (!r) return r.Error();
        if (r->Affected() == 0) return StoreError{StoreErrorKind::NotFound, "no trainee with id " + std::to_string(id)};
        return StoreSuccess();
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Labs and sessions
//-----------------------------------------------------------------------------

StoreStatus PgStore::PutLab(const LabInfo& lab) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        if (lab.m_labId.empty()) return StoreError{StoreErrorKind::Invalid, "a lab needs an id"};
        if (!(lab.m_passThreshold >= 0.0 && lab.m_passThreshold <= 100.0))
            return StoreError{StoreErrorKind::Invalid, "a pass threshold is a percentage from 0 to 100"};
        auto r = m_impl->Query(
            "INSERT INTO supportlab.labs(lab_id, title, pass_threshold) VALUES ($1, $2, $3) "
            "ON CONFLICT (lab_id) DO UPDATE SET title = excluded.title, pass_threshold = excluded.pass_threshold",
            Params().Add(lab.m_labId).Add(lab.m_title).Add(lab.m_passThreshold), "saving lab '" + lab.m_labId + "'");
        if (!r) return r.Error();
        return StoreSuccess();
    });
}

StoreResult<std::vector<LabInfo>> PgStore::Labs() {
    return m_impl->Run<StoreResult<std::vector<LabInfo>>>(true, [&]() -> StoreResult<std::vector<LabInfo>> {
        auto r = m_impl->Query("SELECT lab_id, title, pass_threshold FROM supportlab.labs ORDER BY lab_id", "listing labs");
        if (!r) return r.Error();
        std::vector<LabInfo> out;
        for (int i = 0; i < r->Rows(); ++i) out.push_back(LabInfo{r->Text(i, 0), r->Text(i, 1), r->Real(i, 2)});
        return out;
    });
}

StoreResult<LabSession> PgStore::StartLabSession(const LabSession& in) {
    return m_impl->Run<StoreResult<LabSession>>(false, [&]() -> StoreResult<LabSession> {
        if (in.m_labId.empty()) return StoreError{StoreErrorKind::Invalid, "a lab session needs a lab id"};
        if (!in.m_cohort.empty())
            if (auto problem = NameProblem(in.m_cohort, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
        if (!in.m_trainer.empty())
            if (auto problem = NameProblem(in.m_trainer, "trainer name")) return StoreError{StoreErrorKind::Invalid, *problem};
        Tx tx(*m_impl);
        if (auto st = tx.Begin("starting lab session"); !st) return st.Error();
        auto cohortId = CohortId(*m_impl, in.m_cohort, true);
        if (!cohortId) return cohortId.Error();
        Params p;
        p.Add(in.m_labId);
        if (cohortId.Value() != 0) p.Add(cohortId.Value());
        else p.AddNull();
        p.Add(in.m_trainer).Add(in.m_startedWall);
        auto r = m_impl->Query("INSERT INTO supportlab.lab_sessions(lab_id, cohort_id, trainer, started_wall) "
                               "VALUES ($1, $2, $3, $4) RETURNING id", p, "starting lab session");
        if (!r) return r.Error();
        LabSession out = in;
        out.m_id = r->Int(0, 0);
        if (auto st = tx.Commit("starting lab session"); !st) return st.Error();
        return out;
    });
}

StoreResult<std::vector<LabSession>> PgStore::LabSessions() {
    return m_impl->Run<StoreResult<std::vector<LabSession>>>(true, [&]() -> StoreResult<std::vector<LabSession>> {
        auto r = m_impl->Query(
            "SELECT s.id, s.lab_id, coalesce(c.name, ''), s.trainer, s.started_wall, s.released_wall, s.fast_under_s "
            "FROM supportlab.lab_sessions s LEFT JOIN supportlab.cohorts c ON c.id = s.cohort_id ORDER BY s.id",
            "listing lab sessions");
        if (!r) return r.Error();
        std::vector<LabSession> out;
        for (int i = 0; i < r->Rows(); ++i)
            out.push_back(LabSession{r->Int(i, 0), r->Text(i, 1), r->Text(i, 2), r->Text(i, 3), r->Int(i, 4), r->OptInt(i, 5),
                                     static_cast<int>(r->Int(i, 6))});
        return out;
    });
}

StoreStatus PgStore::ReleaseSession(RowId sessionId, std::optional<WallTime> wall) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        const std::string what = (wall ? "releasing the results of lab session " : "withdrawing the results of lab session ") +
                                 std::to_string(sessionId);
        auto r = m_impl->Query("UPDATE supportlab.lab_sessions SET released_wall = $1 WHERE id = $2",
                               Params().Add(wall).Add(sessionId), what);
        if (!r) return r.Error();
        if (r->Affected() == 0) return StoreError{StoreErrorKind::NotFound, "no lab session with id " + std::to_string(sessionId)};
        return StoreSuccess();
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Event hash chains
//-----------------------------------------------------------------------------

namespace {

using Digest = std::array<unsigned char, crypto_hash_sha256_BYTES>;

Digest Sha256(const std::string& bytes) {
    Digest d{};
    crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return d;
}

// The link after `prev` for one event: the same bytes supportlab.event_link hashes (migration 7).
Digest NextLink(const Digest& prev, const std::string& seq, const std::string& sim, const std::string& wall,
                const std::string& action) {
    std::string bytes(reinterpret_cast<const char*>(prev.data()), prev.size());
    bytes += seq + "|" + sim + "|" + wall + "|" + std::to_string(action.size()) + "|" + action;
    return Sha256(bytes);
}

// A bytea column in text format ("\x" and hex digits); nullopt for NULL or anything else.
std::optional<Digest> DigestFromBytea(const char* text, bool null) {
    if (null || std::strncmp(text, "\\x", 2) != 0 || std::strlen(text) != 2 + 2 * crypto_hash_sha256_BYTES) return std::nullopt;
    Digest d{};
    size_t n = 0;
    if (sodium_hex2bin(d.data(), d.size(), text + 2, 2 * d.size(), nullptr, &n, nullptr) != 0 || n != d.size())
        return std::nullopt;
    return d;
}

// Raw bytes from the lower-case hex PostgreSQL's encode(..., 'hex') writes ("" when malformed).
std::string FromHexText(const std::string& hex) {
    std::string out(hex.size() / 2, '\0');
    size_t n = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr, &n,
                       nullptr) != 0 || n != out.size())
        return "";
    return out;
}

} // namespace

StoreResult<PgChainReport> PgStore::VerifyEventChains() {
    return m_impl->Run<StoreResult<PgChainReport>>(true, [&]() -> StoreResult<PgChainReport> {
        const std::string what = "verifying the event chains";
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what, kReadSnapshot); !st) return st.Error();
        auto attempts = m_impl->Query("SELECT a.id, a.uid, a.chain_head, a.event_count, coalesce(t.name, ''), a.scenario_id "
                                      "FROM supportlab.attempts a LEFT JOIN supportlab.trainees t ON t.id = a.trainee_id "
                                      "ORDER BY a.id", what);
        if (!attempts) return attempts.Error();
        PgChainReport report;
        for (int i = 0; i < attempts->Rows(); ++i) {
            const RowId id = attempts->Int(i, 0);
            auto problem = [&](const std::string& sentence) {
                report.m_problems.push_back(PgChainProblem{id, attempts->Text(i, 4), attempts->Text(i, 5), sentence});
            };
            ++report.m_attempts;
            // Text as the server prints it (what the trigger hashed); ordered by the number, not
            // by that text (an unqualified `seq` here would name the text column: 0, 1, 10, 11, ...).
            auto events = m_impl->Query("SELECT e.seq::text, e.sim_time::text, e.wall_time::text, e.action, e.chain "
                                        "FROM supportlab.events e WHERE e.attempt_id = $1 ORDER BY e.seq",
                                        Params().Add(id), what);
            if (!events) return events.Error();
            Digest link = Sha256("supportlab-chain-1|" + attempts->Text(i, 1));
            bool broken = false;
            for (int e = 0; e < events->Rows() && !broken; ++e) {
                ++report.m_events;
                if (events->Text(e, 0) != std::to_string(e)) {
                    problem("event " + std::to_string(e) + " is missing: the log jumps to " + events->Text(e, 0));
                    broken = true;
                    continue;
                }
                link = NextLink(link, events->Text(e, 0), events->Text(e, 1), events->Text(e, 2), events->Text(e, 3));
                const auto stored = DigestFromBytea(events->Raw(e, 4), events->Null(e, 4));
                if (!stored) {
                    problem("event " + std::to_string(e) + " has no chain link: it was written outside SupportLab's trigger");
                    broken = true;
                } else if (*stored != link) {
                    problem("event " + std::to_string(e) + " was changed after it was recorded: its chain link does not hold");
                    broken = true;
                }
            }
            if (broken) continue;
            const auto head = DigestFromBytea(attempts->Raw(i, 2), attempts->Null(i, 2));
            const bool none = events->Rows() == 0;
            if (attempts->Int(i, 3) != events->Rows() || (none ? head.has_value() : (!head || *head != link)))
                problem("the log holds " + std::to_string(events->Rows()) + " events but its chain head (and count, " +
                        std::to_string(attempts->Int(i, 3)) + ") says otherwise: events were removed or added outside SupportLab");
        }
        if (auto st = tx.Commit(what); !st) return st.Error();
        return report;
    });
}

StoreResult<bool> PgStore::EnsureOrganisationKey(const std::string& name) {
    if (sodium_init() < 0) return StoreError{StoreErrorKind::Io, "libsodium could not start"};
    if (name.size() > 200) return StoreError{StoreErrorKind::Invalid, "the organisation's name must be at most 200 bytes"};
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    auto hex = [](const unsigned char* p, size_t n) {
        std::string out(n * 2 + 1, '\0');
        sodium_bin2hex(out.data(), out.size(), p, n);
        out.pop_back();
        return out;
    };
    const std::string pkHex = hex(pk, sizeof pk), skHex = hex(sk, sizeof sk);
    sodium_memzero(sk, sizeof sk);
    return m_impl->Run<StoreResult<bool>>(true, [&]() -> StoreResult<bool> {
        auto r = m_impl->Query("INSERT INTO supportlab.organisation (id, name, public_key, secret_key, created_wall) "
                               "VALUES (1, coalesce(nullif($1, ''), current_database()), decode($2, 'hex'), decode($3, 'hex'), "
                               "(extract(epoch FROM clock_timestamp()) * 1000)::bigint) ON CONFLICT (id) DO NOTHING",
                               Params().Add(name).Add(pkHex).Add(skHex), "making the organisation's signing key");
        if (!r) return r.Error();
        return r->Affected() == 1;
    });
}

StoreResult<std::optional<PgOrganisation>> PgStore::Organisation() {
    return m_impl->Run<StoreResult<std::optional<PgOrganisation>>>(true, [&]() -> StoreResult<std::optional<PgOrganisation>> {
        const std::string what = "reading the organisation's key";
        auto r = m_impl->Query("SELECT name, encode(public_key, 'hex'), created_wall, "
                               "has_column_privilege('supportlab.organisation', 'secret_key', 'SELECT') "
                               "FROM supportlab.organisation WHERE id = 1", what);
        if (!r) return r.Error();
        if (r->Rows() == 0) return std::optional<PgOrganisation>();
        PgOrganisation org;
        org.m_name = r->Text(0, 0);
        org.m_publicKey = FromHexText(r->Text(0, 1));
        org.m_createdWall = r->Int(0, 2);
        if (r->Bool(0, 3)) {
            auto s = m_impl->Query("SELECT encode(secret_key, 'hex') FROM supportlab.organisation WHERE id = 1", what);
            if (!s) return s.Error();
            if (s->Rows() == 1) org.m_secretKey = FromHexText(s->Text(0, 0));
        }
        return std::optional<PgOrganisation>(std::move(org));
    });
}

StoreResult<std::vector<PgChainHead>> PgStore::ChainHeads(const std::vector<RowId>& attemptIds) {
    return m_impl->Run<StoreResult<std::vector<PgChainHead>>>(true, [&]() -> StoreResult<std::vector<PgChainHead>> {
        FilterSql f;
        AddIdList(f, "id", attemptIds);
        auto r = m_impl->Query("SELECT id, uid, event_count, coalesce(encode(chain_head, 'hex'), '') FROM supportlab.attempts" +
                                   f.m_where + " ORDER BY id",
                               f.m_params, "reading the attempts' chain heads");
        if (!r) return r.Error();
        std::vector<PgChainHead> out;
        for (int i = 0; i < r->Rows(); ++i)
            out.push_back(PgChainHead{r->Int(i, 0), r->Text(i, 1), r->Int(i, 2), r->Text(i, 3)});
        return out;
    });
}

StoreResult<std::optional<std::string>> PgStore::ChainLinkAt(const std::string& attemptUid, std::int64_t events) {
    return m_impl->Run<StoreResult<std::optional<std::string>>>(true, [&]() -> StoreResult<std::optional<std::string>> {
        auto r = m_impl->Query("SELECT coalesce((SELECT encode(e.chain, 'hex') FROM supportlab.events e "
                               "                 WHERE e.attempt_id = a.id AND e.seq = $2 - 1), '') "
                               "FROM supportlab.attempts a WHERE a.uid = $1 AND a.event_count >= $2",
                               Params().Add(attemptUid).Add(events), "reading an attempt's chain");
        if (!r) return r.Error();
        if (r->Rows() == 0) return std::optional<std::string>();
        const std::string link = r->Text(0, 0);
        if (link.empty() && events > 0) return std::optional<std::string>();
        return std::optional<std::string>(link);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Published assessments
//-----------------------------------------------------------------------------

StoreResult<std::pair<RowId, bool>> PgStore::Publish(const PgPublication& pub) {
    return m_impl->Run<StoreResult<std::pair<RowId, bool>>>(true, [&]() -> StoreResult<std::pair<RowId, bool>> {
        const std::string what = "publishing scenario " + pub.m_scenarioId;
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st.Error();
        // The INSERT comes first, so a role that may not publish is refused even for a scenario
        // that is already published.
        auto row = m_impl->Query("INSERT INTO supportlab.published_scenarios (scenario_id, title, model_text, neutral_text, "
                                 "neutral_hash, trainee_text, trainee_hash, names, published_wall) VALUES ($1, $2, $3, $4, $5, "
                                 "$6, $7, $8, (extract(epoch FROM clock_timestamp()) * 1000)::bigint) "
                                 "ON CONFLICT (trainee_hash) DO NOTHING RETURNING id",
                                 Params().Add(pub.m_scenarioId).Add(pub.m_title).Add(pub.m_modelText).Add(pub.m_neutralText)
                                     .Add(pub.m_neutralHash).Add(pub.m_traineeText).Add(pub.m_traineeHash).Add(pub.m_names),
                                 what);
        if (!row) return row.Error();
        if (row->Rows() == 0) {
            auto existing = m_impl->Query("SELECT id FROM supportlab.published_scenarios WHERE trainee_hash = $1",
                                          Params().Add(pub.m_traineeHash), what);
            if (!existing) return existing.Error();
            if (existing->Rows() == 0) return StoreError{StoreErrorKind::Busy, "the scenario was withdrawn while publishing; try again"};
            const RowId id = existing->Int(0, 0);
            if (auto st = tx.Commit(what); !st) return st.Error();
            return std::make_pair(id, false);
        }
        const RowId id = row->Int(0, 0);
        for (const auto& [ticket, destination] : pub.m_acceptedRoutes) {
            auto r = m_impl->Query("INSERT INTO supportlab.published_routes (published_id, ticket, destination) VALUES ($1, $2, $3)",
                                   Params().Add(id).Add(ticket).Add(destination), what);
            if (!r) return r.Error();
        }
        for (const KeyedStepOutcome& o : pub.m_stepKey.m_outcomes) {
            auto r = m_impl->Query("INSERT INTO supportlab.published_step_outcomes (published_id, ticket, step, ord, when_ids, text, "
                                   "reveals, fixes) VALUES ($1, $2, $3, $4, $5::text[], $6, $7::text[], $8)",
                                   Params().Add(id).Add(o.m_ticket).Add(o.m_step).Add(o.m_order).Add(ArrayLiteral(o.m_when))
                                       .Add(o.m_text).Add(ArrayLiteral(o.m_reveals)).AddBool(o.m_fixes),
                                   what);
            if (!r) return r.Error();
        }
        for (const KeyedFactText& f : pub.m_stepKey.m_factTexts) {
            auto r = m_impl->Query("INSERT INTO supportlab.published_fact_texts (published_id, ticket, fact, text) VALUES ($1, $2, $3, $4)",
                                   Params().Add(id).Add(f.m_ticket).Add(f.m_fact).Add(f.m_text), what);
            if (!r) return r.Error();
        }
        for (const KeyedFactReply& f : pub.m_stepKey.m_replies) {
            auto r = m_impl->Query("INSERT INTO supportlab.published_fact_replies (published_id, ticket, fact, reply_after) "
                                   "VALUES ($1, $2, $3, $4)",
                                   Params().Add(id).Add(f.m_ticket).Add(f.m_fact).Add(static_cast<std::int64_t>(f.m_replyAfter)), what);
            if (!r) return r.Error();
        }
        if (auto st = tx.Commit(what); !st) return st.Error();
        return std::make_pair(id, true);
    });
}

StoreResult<std::vector<PgPublished>> PgStore::Published() {
    return m_impl->Run<StoreResult<std::vector<PgPublished>>>(true, [&]() -> StoreResult<std::vector<PgPublished>> {
        const std::string what = "reading the published scenarios";
        auto staff = m_impl->Query("SELECT has_column_privilege('supportlab.published_scenarios', 'neutral_text', 'SELECT')", what);
        if (!staff) return staff.Error();
        const bool withKey = staff->Bool(0, 0);
        auto r = m_impl->Query(std::string("SELECT id, scenario_id, title, model_text, trainee_text, trainee_hash, published_by, "
                                           "published_wall") +
                                   (withKey ? ", neutral_text, neutral_hash, names" : "") +
                                   " FROM supportlab.published_scenarios ORDER BY id DESC",
                               what);
        if (!r) return r.Error();
        std::vector<PgPublished> out;
        for (int i = 0; i < r->Rows(); ++i) {
            PgPublished p;
            p.m_id = r->Int(i, 0);
            p.m_scenarioId = r->Text(i, 1);
            p.m_title = r->Text(i, 2);
            p.m_modelText = r->Text(i, 3);
            p.m_traineeText = r->Text(i, 4);
            p.m_traineeHash = r->Text(i, 5);
            p.m_publishedBy = r->Text(i, 6);
            p.m_publishedWall = r->Int(i, 7);
            if (withKey) {
                p.m_neutralText = r->Text(i, 8);
                p.m_neutralHash = r->Text(i, 9);
                p.m_names = r->Text(i, 10);
            }
            out.push_back(std::move(p));
        }
        return out;
    });
}

StoreResult<bool> PgStore::RouteAnswer(const std::string& attemptUid, std::int64_t seq, const std::string& ticket) {
    return m_impl->Run<StoreResult<bool>>(true, [&]() -> StoreResult<bool> {
        auto r = m_impl->Query("SELECT supportlab.route_answer($1, $2, $3)", Params().Add(attemptUid).Add(seq).Add(ticket),
                               "asking where ticket " + ticket + " went");
        if (!r) return r.Error();
        return r->Bool(0, 0);
    });
}

StoreResult<StepAnswer> PgStore::AnswerStep(const std::string& attemptUid, std::int64_t seq) {
    return m_impl->Run<StoreResult<StepAnswer>>(true, [&]() -> StoreResult<StepAnswer> {
        auto r = m_impl->Query("SELECT fixes, outcome_text, fact, fact_text FROM supportlab.step_answer($1, $2)",
                               Params().Add(attemptUid).Add(seq), "asking what step " + std::to_string(seq) + " did");
        if (!r) return r.Error();
        StepAnswer answer;
        for (int i = 0; i < r->Rows(); ++i) {
            answer.m_fixes = r->Bool(i, 0);
            answer.m_text = r->Text(i, 1);
            if (!r->Null(i, 2)) answer.m_reveals.emplace_back(r->Text(i, 2), r->Text(i, 3));
        }
        return answer;
    });
}

StoreResult<PgSessionSettings> PgStore::SessionSettings(RowId sessionId) {
    return m_impl->Run<StoreResult<PgSessionSettings>>(true, [&]() -> StoreResult<PgSessionSettings> {
        const std::string what = "reading the settings of lab session " + std::to_string(sessionId);
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what, kReadSnapshot); !st) return st.Error();
        auto r = m_impl->Query("SELECT mode = 'assessment', attempts_allowed, paced, opened_modules, closed_wall, fast_under_s "
                               "FROM supportlab.lab_sessions WHERE id = $1", Params().Add(sessionId), what);
        if (!r) return r.Error();
        if (r->Rows() == 0) return StoreError{StoreErrorKind::NotFound, "no lab session with id " + std::to_string(sessionId)};
        PgSessionSettings out;
        out.m_assessment = r->Bool(0, 0);
        out.m_attemptsAllowed = static_cast<int>(r->Int(0, 1));
        out.m_paced = r->Bool(0, 2);
        out.m_openedModules = static_cast<int>(r->Int(0, 3));
        out.m_closedWall = r->OptInt(0, 4);
        out.m_fastUnderSeconds = static_cast<int>(r->Int(0, 5));
        auto p = m_impl->Query("SELECT published_id FROM supportlab.session_assessments WHERE session_id = $1 ORDER BY 1",
                               Params().Add(sessionId), what);
        if (!p) return p.Error();
        for (int i = 0; i < p->Rows(); ++i) out.m_published.push_back(p->Int(i, 0));
        if (auto st = tx.Commit(what); !st) return st.Error();
        return out;
    });
}

StoreStatus PgStore::SetSessionSettings(RowId sessionId, const PgSessionSettings& in) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        const std::string what = "changing the settings of lab session " + std::to_string(sessionId);
        if (in.m_attemptsAllowed < 0 || in.m_attemptsAllowed > 100)
            return StoreError{StoreErrorKind::Invalid, "attempts allowed is 0 (no limit) to 100"};
        if (in.m_fastUnderSeconds < 0 || in.m_fastUnderSeconds > 86400)
            return StoreError{StoreErrorKind::Invalid, "the done-too-fast threshold is 0 (none) to 24 hours"};
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st.Error();
        auto r = m_impl->Query("UPDATE supportlab.lab_sessions SET mode = $2, attempts_allowed = $3, paced = $4, "
                               "opened_modules = $5, closed_wall = $6, fast_under_s = $7 WHERE id = $1",
                               Params().Add(sessionId).Add(std::string(in.m_assessment ? "assessment" : "practice"))
                                   .Add(static_cast<std::int64_t>(in.m_attemptsAllowed)).Add(in.m_paced)
                                   .Add(static_cast<std::int64_t>(in.m_openedModules)).Add(in.m_closedWall)
                                   .Add(static_cast<std::int64_t>(in.m_fastUnderSeconds)),
                               what);
        if (!r) return r.Error();
        if (r->Affected() == 0) return StoreError{StoreErrorKind::NotFound, "no lab session with id " + std::to_string(sessionId)};
        auto cleared = m_impl->Query("DELETE FROM supportlab.session_assessments WHERE session_id = $1", Params().Add(sessionId), what);
        if (!cleared) return cleared.Error();
        for (RowId id : in.m_published) {
            auto added = m_impl->Query("INSERT INTO supportlab.session_assessments (session_id, published_id) VALUES ($1, $2) "
                                       "ON CONFLICT DO NOTHING", Params().Add(sessionId).Add(id), what);
            if (!added) return added.Error();
        }
        return tx.Commit(what);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] The live room
//-----------------------------------------------------------------------------

StoreResult<std::int64_t> PgStore::FireInject(RowId sessionId, const std::string& scenarioId, const std::string& injectId,
                                              const std::string& op, std::optional<SimTime> due) {
    if (op != "now" && op != "at" && op != "skip") return StoreError{StoreErrorKind::Invalid, "an inject is fired now, at a time, or skipped"};
    if ((op == "at") != due.has_value() || (due && *due < 0))
        return StoreError{StoreErrorKind::Invalid, "an inject fired at a time needs that time, and only then"};
    // Not repeated after a lost connection: a second number would reach every trainee twice.
    return m_impl->Run<StoreResult<std::int64_t>>(false, [&]() -> StoreResult<std::int64_t> {
        const std::string what = "sending inject " + injectId + " to lab session " + std::to_string(sessionId);
        auto r = m_impl->Query("SELECT supportlab.fire_inject($1, $2, $3, $4, $5)",
                               Params().Add(sessionId).Add(scenarioId).Add(injectId).Add(op).Add(due), what);
        if (!r) return r.Error();
        return r->Int(0, 0);
    });
}

StoreResult<PgRoom> PgStore::Room(RowId sessionId, std::int64_t afterSeq) {
    return m_impl->Run<StoreResult<PgRoom>>(true, [&]() -> StoreResult<PgRoom> {
        const std::string what = "reading the room of lab session " + std::to_string(sessionId);
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what, kReadSnapshot); !st) return st.Error();
        auto s = m_impl->Query("SELECT room_paused_wall, (extract(epoch FROM clock_timestamp()) * 1000)::bigint "
                               "FROM supportlab.lab_sessions WHERE id = $1", Params().Add(sessionId), what);
        if (!s) return s.Error();
        if (s->Rows() == 0) return StoreError{StoreErrorKind::NotFound, "no lab session with id " + std::to_string(sessionId)};
        PgRoom room;
        room.m_pausedWall = s->OptInt(0, 0);
        room.m_serverNow = s->Int(0, 1);
        // A trainee's column grant leaves out fired_by.
        const std::string by = m_impl->m_seesScores ? "fired_by" : "''";
        auto r = m_impl->Query("SELECT seq, scenario_id, inject_id, op, due_sim, fired_wall, " + by +
                                   " FROM supportlab.session_injects WHERE session_id = $1 AND seq > $2 ORDER BY seq",
                               Params().Add(sessionId).Add(static_cast<std::int64_t>(afterSeq)), what);
        if (!r) return r.Error();
        for (int i = 0; i < r->Rows(); ++i)
            room.m_injects.push_back({r->Int(i, 0), r->Text(i, 1), r->Text(i, 2), r->Text(i, 3), r->OptInt(i, 4), r->Int(i, 5), r->Text(i, 6)});
        if (auto st = tx.Commit(what); !st) return st.Error();
        return room;
    });
}

StoreStatus PgStore::SetRoomPaused(RowId sessionId, std::optional<WallTime> wall) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        const std::string what = (wall ? "pausing the room of lab session " : "resuming the room of lab session ") + std::to_string(sessionId);
        auto r = m_impl->Query("UPDATE supportlab.lab_sessions SET room_paused_wall = $1 WHERE id = $2",
                               Params().Add(wall).Add(sessionId), what);
        if (!r) return r.Error();
        if (r->Affected() == 0) return StoreError{StoreErrorKind::NotFound, "no lab session with id " + std::to_string(sessionId)};
        return StoreSuccess();
    });
}

StoreResult<WallTime> PgStore::Heartbeat(RowId sessionId, const std::string& moduleId, const std::string& attemptUid, SimTime simTime) {
    return m_impl->Run<StoreResult<WallTime>>(true, [&]() -> StoreResult<WallTime> {
        const std::string what = "telling lab session " + std::to_string(sessionId) + " this trainee is here";
        auto r = m_impl->Query("SELECT supportlab.heartbeat($1, $2, $3, $4)",
                               Params().Add(sessionId).Add(moduleId).Add(attemptUid).Add(static_cast<std::int64_t>(simTime)), what);
        if (!r) return r.Error();
        return r->Int(0, 0);
    });
}

StoreResult<std::vector<PgPresence>> PgStore::Presence(RowId sessionId) {
    return m_impl->Run<StoreResult<std::vector<PgPresence>>>(true, [&]() -> StoreResult<std::vector<PgPresence>> {
        const std::string what = "reading who is in lab session " + std::to_string(sessionId);
        auto r = m_impl->Query("SELECT trainee_id, seen_wall, module_id, attempt_uid, sim_time FROM supportlab.presence "
                               "WHERE session_id = $1 ORDER BY trainee_id", Params().Add(sessionId), what);
        if (!r) return r.Error();
        std::vector<PgPresence> out;
        for (int i = 0; i < r->Rows(); ++i) out.push_back({r->Int(i, 0), r->Int(i, 1), r->Text(i, 2), r->Text(i, 3), r->Int(i, 4)});
        return out;
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Lab runs and module marks
//-----------------------------------------------------------------------------

namespace {

constexpr const char* kLabRunColumns =
    "SELECT r.id, r.trainee_id, r.lab_id, r.session_id, r.started_wall, r.ended_wall, r.finished, r.uid "
    "FROM supportlab.lab_runs r";

std::vector<LabRunRecord> ReadLabRunRows(const Result& r) {
    std::vector<LabRunRecord> out;
    out.reserve(static_cast<size_t>(r.Rows()));
    for (int i = 0; i < r.Rows(); ++i) {
        LabRunRecord run;
        run.m_id = r.Int(i, 0);
        run.m_traineeId = r.Int(i, 1);
        run.m_labId = r.Text(i, 2);
        run.m_sessionId = r.OptInt(i, 3);
        run.m_startedWall = r.Int(i, 4);
        run.m_endedWall = r.OptInt(i, 5);
        run.m_finished = r.Bool(i, 6);
        run.m_uid = r.Text(i, 7);
        out.push_back(std::move(run));
    }
    return out;
}

// Attaches marks (rows of run_id, module_id, done, seconds, updated_wall ordered by run id) to runs in id order.
void MergeMarks(std::vector<LabRunRecord>& runs, const Result& m) {
    size_t i = 0;
    for (int row = 0; row < m.Rows(); ++row) {
        const RowId run = m.Int(row, 0);
        while (i < runs.size() && runs[i].m_id < run) ++i;
        if (i < runs.size() && runs[i].m_id == run)
            runs[i].m_modules.push_back(LabModuleMark{m.Text(row, 1), m.Bool(row, 2), m.Real(row, 3), m.Int(row, 4)});
    }
}

// The runs a statement of kLabRunColumns (ordered by id) lists, with their marks: two statements.
StoreResult<std::vector<LabRunRecord>> ReadLabRuns(PgStore::Impl& db, const std::string& sql, const Params& p,
                                                   const std::string& what) {
    Tx tx(db);
    if (auto st = tx.Begin(what, kReadSnapshot); !st) return st.Error();
    auto r = db.Query(sql, p, what);
    if (!r) return r.Error();
    std::vector<LabRunRecord> out = ReadLabRunRows(r.Value());
    if (out.empty()) return out;
    ArrayText ids;
    for (const LabRunRecord& run : out) ids.Add(run.m_id);
    auto m = db.Query("SELECT run_id, module_id, done, seconds, updated_wall FROM supportlab.lab_run_modules "
                      "WHERE run_id = ANY($1::bigint[]) ORDER BY run_id, module_id", Params().Add(ids.Str()), what);
    if (!m) return m.Error();
    MergeMarks(out, m.Value());
    if (auto st = tx.Commit(what); !st) return st.Error();
    return out;
}

// A row's finished flag (an attempt, a lab run: noun), locked for the caller's transaction, or NotFound.
StoreResult<bool> LockFinished(PgStore::Impl& db, const std::string& table, RowId id, const std::string& noun) {
    auto r = db.Query("SELECT finished FROM supportlab." + table + " WHERE id = $1 FOR UPDATE", Params().Add(id),
                      "reading " + noun);
    if (!r) return r.Error();
    if (r->Rows() == 0) return StoreError{StoreErrorKind::NotFound, "no " + noun + " with id " + std::to_string(id)};
    return r->Bool(0, 0);
}

} // namespace

StoreResult<LabRunRecord> PgStore::StartLabRun(const LabRunRecord& in) {
    // Idempotent by uid: delivering the same run again returns the stored one.
    return m_impl->Run<StoreResult<LabRunRecord>>(true, [&]() -> StoreResult<LabRunRecord> {
        if (in.m_labId.empty()) return StoreError{StoreErrorKind::Invalid, "a lab run needs a lab id"};
        const std::string what = "starting a run of lab " + in.m_labId + " (unknown trainee or session?)";
        auto r = m_impl->Query("INSERT INTO supportlab.lab_runs(trainee_id, lab_id, session_id, started_wall, uid) "
                               "VALUES ($1, $2, $3, $4, coalesce($5, " + std::string(kNewUid) + ")) "
                               "ON CONFLICT (uid) DO NOTHING RETURNING id, uid",
                               Params().Add(in.m_traineeId).Add(in.m_labId).Add(in.m_sessionId).Add(in.m_startedWall)
                                   .Add(OptionalUid(in.m_uid)),
                               what);
        if (!r) return r.Error();
        if (r->Rows() == 1) {
            LabRunRecord out = in;
            out.m_id = r->Int(0, 0);
            out.m_uid = r->Text(0, 1);
            out.m_endedWall.reset();
            out.m_finished = false;
            out.m_modules.clear();
            return out;
        }
        auto found = ReadLabRuns(*m_impl, std::string(kLabRunColumns) + " WHERE r.uid = $1", Params().Add(in.m_uid), what);
        if (!found) return found.Error();
        if (found->empty()) // row-level security hides it: another trainee's
            return StoreError{StoreErrorKind::Constraint, "lab run " + in.m_uid + " is already stored for another "
                                                          "trainee; it was not added again"};
        return SameLabRunOrConflict(std::move(found->front()), in);
    });
}

StoreResult<std::vector<LabRunRecord>> PgStore::UnfinishedLabRuns(RowId traineeId) {
    return m_impl->Run<StoreResult<std::vector<LabRunRecord>>>(true, [&]() -> StoreResult<std::vector<LabRunRecord>> {
        return ReadLabRuns(*m_impl, std::string(kLabRunColumns) + " WHERE r.trainee_id = $1 AND NOT r.finished ORDER BY r.id",
                           Params().Add(traineeId), "listing unfinished lab runs");
    });
}

StoreResult<std::int64_t> PgStore::LabRunCount(RowId traineeId) {
    return m_impl->Run<StoreResult<std::int64_t>>(true, [&]() -> StoreResult<std::int64_t> {
        auto r = m_impl->Query("SELECT count(*) FROM supportlab.lab_runs WHERE trainee_id = $1", Params().Add(traineeId),
                               "counting lab runs");
        if (!r) return r.Error();
        return r->Int(0, 0);
    });
}

StoreResult<LabRunRecord> PgStore::GetLabRun(RowId id) {
    return m_impl->Run<StoreResult<LabRunRecord>>(true, [&]() -> StoreResult<LabRunRecord> {
        auto r = ReadLabRuns(*m_impl, std::string(kLabRunColumns) + " WHERE r.id = $1", Params().Add(id), "reading lab run");
        if (!r) return r.Error();
        if (r->empty()) return StoreError{StoreErrorKind::NotFound, "no lab run with id " + std::to_string(id)};
        return r->front();
    });
}

StoreResult<std::vector<LabRunRecord>> PgStore::LabRuns(const LabRunFilter& filter) {
    return m_impl->Run<StoreResult<std::vector<LabRunRecord>>>(true, [&]() -> StoreResult<std::vector<LabRunRecord>> {
        const std::string what = "listing lab runs";
        FilterSql f;
        if (filter.m_traineeId) { f.Add("r.trainee_id = " + f.Param()); f.m_params.Add(*filter.m_traineeId); }
        if (filter.m_sessionId) { f.Add("r.session_id = " + f.Param()); f.m_params.Add(*filter.m_sessionId); }
        if (filter.m_cohort) {
            f.Add("r.trainee_id IN (SELECT t.id FROM supportlab.trainees t JOIN supportlab.cohorts c ON c.id = t.cohort_id "
                  "WHERE c.name = " + f.Param() + ")");
            f.m_params.Add(*filter.m_cohort);
        }
        if (filter.m_labId) { f.Add("r.lab_id = " + f.Param()); f.m_params.Add(*filter.m_labId); }
        // One snapshot, so the marks belong to exactly the runs listed; a fixed number of statements.
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what, kReadSnapshot); !st) return st.Error();
        auto r = m_impl->Query(std::string(kLabRunColumns) + f.m_where + " ORDER BY r.id", f.m_params, what);
        if (!r) return r.Error();
        std::vector<LabRunRecord> out = ReadLabRunRows(r.Value());
        auto m = m_impl->Query("SELECT m.run_id, m.module_id, m.done, m.seconds, m.updated_wall FROM supportlab.lab_runs r "
                               "JOIN supportlab.lab_run_modules m ON m.run_id = r.id" + f.m_where +
                                   " ORDER BY m.run_id, m.module_id", f.m_params, what);
        if (!m) return m.Error();
        MergeMarks(out, m.Value());
        if (auto st = tx.Commit(what); !st) return st.Error();
        return out;
    });
}

StoreStatus PgStore::PutLabModuleMark(RowId runId, const LabModuleMark& mark) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        if (mark.m_moduleId.empty()) return StoreError{StoreErrorKind::Invalid, "a module mark needs a module id"};
        if (!(mark.m_seconds >= 0.0) || !std::isfinite(mark.m_seconds))
            return StoreError{StoreErrorKind::Invalid, "a module's time must be a finite number of seconds, 0 or more"};
        const std::string what = "saving progress on module " + mark.m_moduleId + " of lab run " + std::to_string(runId);
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto finished = LockFinished(*m_impl, "lab_runs", runId, "lab run");
        if (!finished) return finished.Error();
        if (finished.Value())
            return StoreError{StoreErrorKind::Constraint, "lab run " + std::to_string(runId) + " is already finished"};
        // Merged so it never goes back: a late retry of an older mark changes nothing.
        auto r = m_impl->Query(
            "INSERT INTO supportlab.lab_run_modules AS m(run_id, module_id, done, seconds, updated_wall) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id, module_id) DO UPDATE SET done = m.done OR excluded.done, "
            "seconds = greatest(m.seconds, excluded.seconds), updated_wall = greatest(m.updated_wall, excluded.updated_wall)",
            Params().Add(runId).Add(mark.m_moduleId).AddBool(mark.m_done).Add(mark.m_seconds).Add(mark.m_updatedWall), what);
        if (!r) return r.Error();
        return tx.Commit(what);
    });
}

StoreStatus PgStore::FinishLabRun(RowId runId, WallTime endWall) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        const std::string what = "finishing lab run " + std::to_string(runId);
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto finished = LockFinished(*m_impl, "lab_runs", runId, "lab run");
        if (!finished) return finished.Error();
        if (finished.Value()) return StoreSuccess(); // a retry of a finish that did commit
        auto r = m_impl->Query("UPDATE supportlab.lab_runs SET finished = true, ended_wall = $1 WHERE id = $2",
                               Params().Add(endWall).Add(runId), what);
        if (!r) return r.Error();
        return tx.Commit(what);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Attempts and events
//-----------------------------------------------------------------------------

namespace {

// Column list shared by every attempt query; ReadAttempt reads it. A trainee may not read the
// score columns (migration 4): hers come from released_attempts (migration 6), NULL until her
// session's results are released.
std::string AttemptColumns(const PgStore::Impl& db) {
    const char* scores = db.m_seesScores ? "a.scored_with_hash, a.end_sim_time, a.score, a.max_score, a.start_score"
                                         : "coalesce(rel.scored_with_hash, ''), a.end_sim_time, rel.score, rel.max_score, "
                                           "rel.start_score";
    return std::string("SELECT a.id, a.trainee_id, a.session_id, a.lab_id, a.module_id, a.scenario_id, a.content_hash, "
                       "a.format_version, a.seed, a.started_wall, a.ended_wall, a.finished, ") +
           scores + ", a.event_count, a.last_wall, a.abandoned_wall, a.uid FROM supportlab.attempts a" +
           (db.m_seesScores ? "" : " LEFT JOIN supportlab.released_attempts rel ON rel.attempt_id = a.id");
}

Attempt ReadAttempt(const Result& r, int i) {
    Attempt a;
    a.m_id = r.Int(i, 0);
    a.m_traineeId = r.Int(i, 1);
    a.m_sessionId = r.OptInt(i, 2);
    a.m_labId = r.OptText(i, 3);
    a.m_moduleId = r.OptText(i, 4);
    a.m_scenarioId = r.Text(i, 5);
    a.m_contentHash = r.Text(i, 6);
    a.m_formatVersion = static_cast<int>(r.Int(i, 7));
    a.m_seed = ToU64(r.Int(i, 8));
    a.m_startedWall = r.Int(i, 9);
    a.m_endedWall = r.OptInt(i, 10);
    a.m_finished = r.Bool(i, 11);
    a.m_scoredWithHash = r.Text(i, 12);
    a.m_endSimTime = r.OptInt(i, 13);
    a.m_score = r.OptReal(i, 14);
    a.m_max = r.OptReal(i, 15);
    a.m_startScore = r.OptReal(i, 16);
    a.m_eventCount = r.Int(i, 17);
    a.m_lastWall = r.OptInt(i, 18);
    a.m_abandonedWall = r.OptInt(i, 19);
    a.m_uid = r.Text(i, 20);
    return a;
}

std::vector<Attempt> ReadAttempts(const Result& r) {
    std::vector<Attempt> out;
    out.reserve(static_cast<size_t>(r.Rows()));
    for (int i = 0; i < r.Rows(); ++i) out.push_back(ReadAttempt(r, i));
    return out;
}

StoreResult<Attempt> ReadOneAttempt(PgStore::Impl& db, RowId id, const char* lock = "") {
    auto r = db.Query(AttemptColumns(db) + " WHERE a.id = $1" + lock, Params().Add(id), "reading attempt");
    if (!r) return r.Error();
    if (r->Rows() == 0) return StoreError{StoreErrorKind::NotFound, "no attempt with id " + std::to_string(id)};
    return ReadAttempt(r.Value(), 0);
}

// Writes every score row for a report (the caller has cleared old rows and holds a transaction):
// one statement per table, the rows sent as arrays.
StoreStatus WriteScores(PgStore::Impl& db, RowId attemptId, const ScoreReport& r) {
    ArrayText iIndex, iId, iKind, iTitle, iScore, iMax, iGiven, iExpected, iExplanation;
    ArrayText dIndex, dDim, dApplies, dScore, dMax, dCount, dPoints;
    ArrayText xIndex, xSeq, xDim, xPoints, xReason;
    ArrayText aDim, aScore, aMax, aItems, aFull, aCount, aPoints;

    for (size_t i = 0; i < r.m_items.size(); ++i) {
        const ItemScore& it = r.m_items[i];
        const auto index = static_cast<std::int64_t>(i);
        iIndex.Add(index);
        iId.Add(it.m_itemId);
        iKind.Add(std::string(KindName(it.m_kind)));
        iTitle.Add(it.m_title);
        iScore.Add(it.m_score);
        iMax.Add(it.m_max);
        iGiven.Add(it.m_given);
        iExpected.Add(it.m_expected);
        iExplanation.Add(it.m_explanation);
        for (size_t k = 0; k < it.m_deductions.size(); ++k) {
            const Deduction& d = it.m_deductions[k];
            xIndex.Add(index);
            xSeq.Add(static_cast<std::int64_t>(k));
            xDim.Add(std::string(ToString(d.m_dimension)));
            xPoints.Add(d.m_points);
            xReason.Add(d.m_reason);
        }
    }
    const detail::ScoreRows rows = detail::BuildScoreRows(r);
    for (const detail::DimensionRow& a : rows.m_dimensions) {
        dIndex.Add(a.m_itemIndex);
        dDim.Add(std::string(ToString(a.m_dimension)));
        dApplies.AddBool(a.m_applies);
        dScore.Add(a.m_score);
        dMax.Add(a.m_max);
        dCount.Add(a.m_deductionCount);
        dPoints.Add(a.m_deductedPoints);
    }
    for (const detail::DimensionTotalRow& t : rows.m_totals) {
        aDim.Add(std::string(ToString(t.m_dimension)));
        aScore.Add(t.m_score);
        aMax.Add(t.m_max);
        aItems.Add(t.m_itemCount);
        aFull.Add(t.m_fullCount);
        aCount.Add(t.m_deductionCount);
        aPoints.Add(t.m_deductedPoints);
    }

    const std::string what = "storing the scores of attempt " + std::to_string(attemptId);
    auto items = db.Query(
        "INSERT INTO supportlab.item_scores(attempt_id, item_index, item_id, kind, title, score, max_score, given, "
        "expected, explanation) SELECT $1, u.* FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], "
        "$6::double precision[], $7::double precision[], $8::text[], $9::text[], $10::text[]) AS u",
        Params().Add(attemptId).Add(iIndex.Str()).Add(iId.Str()).Add(iKind.Str()).Add(iTitle.Str()).Add(iScore.Str())
            .Add(iMax.Str()).Add(iGiven.Str()).Add(iExpected.Str()).Add(iExplanation.Str()), what);
    if (!items) return items.Error();
    auto dims = db.Query(
        "INSERT INTO supportlab.dimension_scores(attempt_id, item_index, dimension, applies, score, max_score, "
        "deduction_count, deducted_points) SELECT $1, u.* FROM unnest($2::integer[], $3::text[], $4::boolean[], "
        "$5::double precision[], $6::double precision[], $7::integer[], $8::double precision[]) AS u",
        Params().Add(attemptId).Add(dIndex.Str()).Add(dDim.Str()).Add(dApplies.Str()).Add(dScore.Str()).Add(dMax.Str())
            .Add(dCount.Str()).Add(dPoints.Str()), what);
    if (!dims) return dims.Error();
    auto deductions = db.Query(
        "INSERT INTO supportlab.deductions(attempt_id, item_index, seq, dimension, points, reason) "
        "SELECT $1, u.* FROM unnest($2::integer[], $3::integer[], $4::text[], $5::double precision[], $6::text[]) AS u",
        Params().Add(attemptId).Add(xIndex.Str()).Add(xSeq.Str()).Add(xDim.Str()).Add(xPoints.Str()).Add(xReason.Str()),
        what);
    if (!deductions) return deductions.Error();
    auto totals = db.Query(
        "INSERT INTO supportlab.attempt_dimensions(attempt_id, dimension, score, max_score, item_count, full_count, "
        "deduction_count, deducted_points) SELECT $1, u.* FROM unnest($2::text[], $3::double precision[], "
        "$4::double precision[], $5::integer[], $6::integer[], $7::integer[], $8::double precision[]) AS u",
        Params().Add(attemptId).Add(aDim.Str()).Add(aScore.Str()).Add(aMax.Str()).Add(aItems.Str()).Add(aFull.Str())
            .Add(aCount.Str()).Add(aPoints.Str()), what);
    if (!totals) return totals.Error();
    return StoreSuccess();
}

} // namespace

StoreResult<Attempt> PgStore::StartAttempt(const Attempt& in) {
    // Idempotent by uid: delivering the same attempt again returns the stored one.
    return m_impl->Run<StoreResult<Attempt>>(true, [&]() -> StoreResult<Attempt> {
        if (in.m_scenarioId.empty()) return StoreError{StoreErrorKind::Invalid, "an attempt needs a scenario id"};
        const std::string what = "starting an attempt at " + in.m_scenarioId + " (unknown trainee or session?)";
        auto r = m_impl->Query(
            "INSERT INTO supportlab.attempts(trainee_id, session_id, lab_id, module_id, scenario_id, content_hash, "
            "format_version, seed, started_wall, start_score, uid) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
            "coalesce($11, " + std::string(kNewUid) + ")) ON CONFLICT (uid) DO NOTHING RETURNING id, uid",
            Params().Add(in.m_traineeId).Add(in.m_sessionId).Add(in.m_labId).Add(in.m_moduleId).Add(in.m_scenarioId)
                .Add(in.m_contentHash).Add(in.m_formatVersion).Add(ToI64(in.m_seed)).Add(in.m_startedWall).Add(in.m_startScore)
                .Add(OptionalUid(in.m_uid)),
            what);
        if (!r) return r.Error();
        if (r->Rows() == 1) {
            return detail::NewlyStarted(in, r->Int(0, 0), r->Text(0, 1));
        }
        auto found = m_impl->Query(AttemptColumns(*m_impl) + " WHERE a.uid = $1", Params().Add(in.m_uid), what);
        if (!found) return found.Error();
        if (found->Rows() == 0) // row-level security hides it: another trainee's
            return StoreError{StoreErrorKind::Constraint, "attempt " + in.m_uid + " is already stored for another "
                                                          "trainee; it was not added again"};
        return SameAttemptOrConflict(ReadAttempt(found.Value(), 0), in);
    });
}

StoreStatus PgStore::CloseAttempt(RowId attemptId, WallTime endWall, SimTime endSimTime) {
    // A function that runs as the tables' owner: a trainee closes her own attempts without any
    // UPDATE grant (which would let her write a score).
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        const std::string what = "closing attempt " + std::to_string(attemptId);
        auto r = m_impl->Query("SELECT supportlab.close_attempt($1, $2, $3)",
                               Params().Add(attemptId).Add(endWall).Add(static_cast<std::int64_t>(endSimTime)), what);
        if (!r) return r.Error();
        const std::string outcome = r->Text(0, 0);
        if (outcome == "not-found") return StoreError{StoreErrorKind::NotFound, "no attempt with id " + std::to_string(attemptId)};
        if (outcome == "abandoned")
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " was abandoned"};
        return StoreSuccess(); // closed now, or already finished
    });
}

StoreStatus PgStore::AppendEvent(const Event& e) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        // One autocommit INSERT = one transaction per action; the trigger checks order and state.
        auto r = m_impl->Query(
            "INSERT INTO supportlab.events(attempt_id, seq, sim_time, wall_time, action, score_after) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            Params().Add(e.m_attemptId).Add(e.m_seq).Add(e.m_simTime).Add(e.m_wallTime).Add(e.m_actionText).Add(e.m_scoreAfter),
            "recording action " + std::to_string(e.m_seq) + " of attempt " + std::to_string(e.m_attemptId));
        if (r) return StoreSuccess();
        const StoreError err = r.Error();
        if (err.m_kind != StoreErrorKind::Constraint) return err;
        // A retry of a write that did commit: the same row is already there.
        auto q = m_impl->Query("SELECT action FROM supportlab.events WHERE attempt_id = $1 AND seq = $2",
                               Params().Add(e.m_attemptId).Add(e.m_seq), "reading the event log");
        if (q && q->Rows() > 0 && q->Text(0, 0) == e.m_actionText) return StoreSuccess();
        return err;
    });
}

StoreStatus PgStore::FinishAttempt(RowId attemptId, const ScoreReport& report, WallTime endWall, SimTime endSimTime) {
    return m_impl->Run<StoreStatus>(false, [&]() -> StoreStatus {
        const std::string what = "finishing attempt " + std::to_string(attemptId);
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto finished = LockFinished(*m_impl, "attempts", attemptId, "attempt");
        if (!finished) return finished.Error();
        if (finished.Value())
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is already finished"};
        if (auto st = WriteScores(*m_impl, attemptId, report); !st) return st;
        auto r = m_impl->Query(
            "UPDATE supportlab.attempts SET finished = true, ended_wall = $1, end_sim_time = $2, score = $3, "
            "max_score = $4, scored_with_hash = $5 WHERE id = $6",
            Params().Add(endWall).Add(endSimTime).Add(report.m_total).Add(report.m_max).Add(report.m_contentHash).Add(attemptId),
            what);
        if (!r) return r.Error();
        return tx.Commit(what);
    });
}

StoreStatus PgStore::AbandonAttempt(RowId attemptId, WallTime wall) {
    // Through a function that runs as the owner: a trainee gives up her own attempt without any
    // UPDATE grant on attempts (which would let her write a score).
    return m_impl->Run<StoreStatus>(false, [&]() -> StoreStatus {
        const std::string what = "abandoning attempt " + std::to_string(attemptId);
        auto r = m_impl->Query("SELECT supportlab.abandon_attempt($1, $2)", Params().Add(attemptId).Add(wall), what);
        if (!r) return r.Error();
        const std::string outcome = r->Text(0, 0);
        if (outcome == "not-found") return StoreError{StoreErrorKind::NotFound, "no attempt with id " + std::to_string(attemptId)};
        if (outcome == "finished")
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is finished"};
        if (outcome == "already")
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is already abandoned"};
        return StoreSuccess();
    });
}

StoreResult<std::vector<Attempt>> PgStore::UnfinishedAttempts(RowId traineeId) {
    return m_impl->Run<StoreResult<std::vector<Attempt>>>(true, [&]() -> StoreResult<std::vector<Attempt>> {
        auto r = m_impl->Query(AttemptColumns(*m_impl) +
                                   " WHERE a.trainee_id = $1 AND NOT a.finished AND a.abandoned_wall IS NULL ORDER BY a.id",
                               Params().Add(traineeId), "listing unfinished attempts");
        if (!r) return r.Error();
        return ReadAttempts(r.Value());
    });
}

StoreResult<Attempt> PgStore::GetAttempt(RowId id) {
    return m_impl->Run<StoreResult<Attempt>>(true, [&]() -> StoreResult<Attempt> { return ReadOneAttempt(*m_impl, id); });
}

StoreResult<std::vector<Attempt>> PgStore::Attempts(const AttemptFilter& filter) {
    return m_impl->Run<StoreResult<std::vector<Attempt>>>(true, [&]() -> StoreResult<std::vector<Attempt>> {
        const FilterSql f = BuildFilter(filter);
        auto r = m_impl->Query(AttemptColumns(*m_impl) + f.m_where + " ORDER BY a.id", f.m_params, "listing attempts");
        if (!r) return r.Error();
        return ReadAttempts(r.Value());
    });
}

StoreResult<std::vector<Event>> PgStore::Events(RowId attemptId) {
    return m_impl->Run<StoreResult<std::vector<Event>>>(true, [&]() -> StoreResult<std::vector<Event>> {
        // A trainee's running scores come from released_event_scores: NULL until released.
        auto r = m_impl->Query(m_impl->m_seesScores
                                   ? "SELECT seq, sim_time, wall_time, action, score_after FROM supportlab.events "
                                     "WHERE attempt_id = $1 ORDER BY seq"
                                   : "SELECT e.seq, e.sim_time, e.wall_time, e.action, rel.score_after FROM supportlab.events e "
                                     "LEFT JOIN supportlab.released_event_scores rel ON rel.attempt_id = e.attempt_id "
                                     "AND rel.seq = e.seq WHERE e.attempt_id = $1 ORDER BY e.seq",
                               Params().Add(attemptId), "reading the event log of attempt " + std::to_string(attemptId));
        if (!r) return r.Error();
        std::vector<Event> out;
        out.reserve(static_cast<size_t>(r->Rows()));
        for (int i = 0; i < r->Rows(); ++i)
            out.push_back(Event{attemptId, r->Int(i, 0), r->Int(i, 1), r->Int(i, 2), r->Text(i, 3), r->OptReal(i, 4)});
        return out;
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Scores
//-----------------------------------------------------------------------------

StoreResult<ScoreReport> PgStore::Scores(RowId attemptId) {
    return m_impl->Run<StoreResult<ScoreReport>>(true, [&]() -> StoreResult<ScoreReport> {
        const std::string what = "reading the scores of attempt " + std::to_string(attemptId);
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what, kReadSnapshot); !st) return st.Error();
        auto attempt = ReadOneAttempt(*m_impl, attemptId);
        if (!attempt) return attempt.Error();
        if (!attempt->m_finished)
            return StoreError{StoreErrorKind::NotFound, "attempt " + std::to_string(attemptId) + " is not finished yet: no scores"};
        // A trainee reads her scores through the released_* views (migration 6): none until her
        // session's results are released, whatever the score tables hold.
        const bool own = !m_impl->m_seesScores;
        if (own && !attempt->m_score)
            return StoreError{StoreErrorKind::NotFound, "the results of attempt " + std::to_string(attemptId) +
                                                            " are not released yet: your trainer releases them"};
        const std::string items = own ? "supportlab.released_item_scores" : "supportlab.item_scores";
        const std::string dims = own ? "supportlab.released_dimension_scores" : "supportlab.dimension_scores";
        const std::string deductions = own ? "supportlab.released_deductions" : "supportlab.deductions";
        const std::string totals = own ? "supportlab.released_attempt_dimensions" : "supportlab.attempt_dimensions";
        ScoreReport r;
        r.m_scenarioId = attempt->m_scenarioId;
        r.m_contentHash = attempt->m_scoredWithHash;
        r.m_seed = attempt->m_seed;
        r.m_endTime = attempt->m_endSimTime.value_or(0);
        r.m_total = attempt->m_score.value_or(0.0);
        r.m_max = attempt->m_max.value_or(0.0);
        for (int k = 0; k < kDimensionCount; ++k) r.m_byDimension[k].m_dimension = static_cast<Dimension>(k);
        const Params id = Params().Add(attemptId);
        {
            auto q = m_impl->Query("SELECT item_id, kind, title, score, max_score, given, expected, explanation "
                                   "FROM " + items + " WHERE attempt_id = $1 ORDER BY item_index", id, what);
            if (!q) return q.Error();
            for (int i = 0; i < q->Rows(); ++i) {
                ItemScore it;
                it.m_itemId = q->Text(i, 0);
                it.m_kind = KindFromName(q->Raw(i, 1));
                it.m_title = q->Text(i, 2);
                it.m_score = q->Real(i, 3);
                it.m_max = q->Real(i, 4);
                it.m_given = q->Text(i, 5);
                it.m_expected = q->Text(i, 6);
                it.m_explanation = q->Text(i, 7);
                r.m_items.push_back(std::move(it));
            }
        }
        {
            auto q = m_impl->Query("SELECT item_index, dimension, score, max_score FROM " + dims +
                                       " WHERE attempt_id = $1 AND applies ORDER BY item_index",
                                   id, what);
            if (!q) return q.Error();
            for (int i = 0; i < q->Rows(); ++i) {
                const auto index = static_cast<size_t>(q->Int(i, 0));
                if (index >= r.m_items.size()) continue;
                r.m_items[index].m_dimensions.push_back(DimensionScore{DimensionFromText(q->Raw(i, 1)), q->Real(i, 2), q->Real(i, 3)});
            }
            // Dimensions in the order of the enum, as the scorer emits them.
            for (auto& it : r.m_items)
                std::sort(it.m_dimensions.begin(), it.m_dimensions.end(),
                          [](const DimensionScore& a, const DimensionScore& b) { return a.m_dimension < b.m_dimension; });
        }
        {
            auto q = m_impl->Query("SELECT item_index, dimension, points, reason FROM " + deductions +
                                       " WHERE attempt_id = $1 ORDER BY item_index, seq",
                                   id, what);
            if (!q) return q.Error();
            for (int i = 0; i < q->Rows(); ++i) {
                const auto index = static_cast<size_t>(q->Int(i, 0));
                if (index >= r.m_items.size()) continue;
                r.m_items[index].m_deductions.push_back(Deduction{DimensionFromText(q->Raw(i, 1)), q->Real(i, 2), q->Text(i, 3)});
            }
        }
        {
            auto q = m_impl->Query("SELECT dimension, score, max_score FROM " + totals + " WHERE attempt_id = $1",
                                   id, what);
            if (!q) return q.Error();
            for (int i = 0; i < q->Rows(); ++i) {
                const Dimension d = DimensionFromText(q->Raw(i, 0));
                r.m_byDimension[static_cast<int>(d)] = DimensionScore{d, q->Real(i, 1), q->Real(i, 2)};
            }
        }
        if (auto st = tx.Commit(what); !st) return st.Error();
        return r;
    });
}

namespace {

// Starts a score read. For a list of attempt ids, PostgreSQL's custom plan for `a.id = ANY($1)`
// with thousands of ids hashes the whole score table and sorts it (on disk: ~250 ms for the item
// analysis of 10,000 attempts), while the generic plan probes the index per attempt (~60 ms); SET
// LOCAL keeps that choice to this read.
StoreStatus BeginScoreRead(Tx& tx, PgStore::Impl& db, const AttemptFilter& filter, const std::string& what) {
    if (auto st = tx.Begin(what, kReadSnapshot); !st) return st;
    if (filter.m_attemptIds)
        if (auto r = db.Simple("SET LOCAL plan_cache_mode = force_generic_plan", what); !r) return r.Error();
    return StoreSuccess();
}

} // namespace

StoreResult<std::vector<ItemScoreRow>> PgStore::ItemScores(const AttemptFilter& filter) {
    return m_impl->Run<StoreResult<std::vector<ItemScoreRow>>>(true, [&]() -> StoreResult<std::vector<ItemScoreRow>> {
        std::string from;
        const FilterSql f = ScoreSource(filter, "item_scores", &from);
        Tx tx(*m_impl);
        if (auto st = BeginScoreRead(tx, *m_impl, filter, "reading item scores"); !st) return st.Error();
        auto r = m_impl->Query("SELECT s.attempt_id, s.item_index, s.item_id, s.kind, s.title, s.score, s.max_score" + from +
                                   f.m_where + " ORDER BY s.attempt_id, s.item_index",
                               f.m_params, "reading item scores");
        if (!r) return r.Error();
        if (auto st = tx.Commit("reading item scores"); !st) return st.Error();
        std::vector<ItemScoreRow> out;
        out.reserve(static_cast<size_t>(r->Rows()));
        for (int i = 0; i < r->Rows(); ++i)
            out.push_back(ItemScoreRow{r->Int(i, 0), r->Text(i, 2), KindFromName(r->Raw(i, 3)), r->Text(i, 4), r->Real(i, 5),
                                       r->Real(i, 6), static_cast<int>(r->Int(i, 1))});
        return out;
    });
}

StoreResult<std::vector<DimensionScoreRow>> PgStore::DimensionScores(const AttemptFilter& filter) {
    return m_impl->Run<StoreResult<std::vector<DimensionScoreRow>>>(true, [&]() -> StoreResult<std::vector<DimensionScoreRow>> {
        const std::string what = "reading dimension scores";
        std::string from;
        const FilterSql f = ScoreSource(filter, "dimension_scores", &from);
        Tx tx(*m_impl);
        if (auto st = BeginScoreRead(tx, *m_impl, filter, what); !st) return st.Error();
        auto r = m_impl->Query("SELECT s.attempt_id, s.item_index, s.dimension, s.score, s.max_score" + from + f.m_where +
                                   (f.m_where.empty() ? " WHERE" : " AND") +
                                   " s.applies ORDER BY s.attempt_id, s.item_index, s.dimension",
                               f.m_params, what);
        if (!r) return r.Error();
        if (auto st = tx.Commit(what); !st) return st.Error();
        std::vector<DimensionScoreRow> out;
        out.reserve(static_cast<size_t>(r->Rows()));
        for (int i = 0; i < r->Rows(); ++i)
            out.push_back(DimensionScoreRow{r->Int(i, 0), static_cast<int>(r->Int(i, 1)), DimensionFromText(r->Raw(i, 2)),
                                            r->Real(i, 3), r->Real(i, 4)});
        return out;
    });
}

StoreResult<std::vector<AttemptDimensionRow>> PgStore::AttemptDimensions(const AttemptFilter& filter) {
    return m_impl->Run<StoreResult<std::vector<AttemptDimensionRow>>>(true, [&]() -> StoreResult<std::vector<AttemptDimensionRow>> {
        std::string from;
        const FilterSql f = ScoreSource(filter, "attempt_dimensions", &from);
        const std::string what = "reading attempt dimension totals";
        Tx tx(*m_impl);
        if (auto st = BeginScoreRead(tx, *m_impl, filter, what); !st) return st.Error();
        auto r = m_impl->Query(
            "SELECT s.attempt_id, s.dimension, s.score, s.max_score, s.item_count, s.full_count, s.deduction_count, "
            "s.deducted_points" + from + f.m_where + " ORDER BY s.attempt_id, s.dimension",
            f.m_params, what);
        if (!r) return r.Error();
        if (auto st = tx.Commit(what); !st) return st.Error();
        std::vector<AttemptDimensionRow> out;
        out.reserve(static_cast<size_t>(r->Rows()));
        for (int i = 0; i < r->Rows(); ++i)
            out.push_back(AttemptDimensionRow{r->Int(i, 0), DimensionFromText(r->Raw(i, 1)), r->Real(i, 2), r->Real(i, 3),
                                              static_cast<int>(r->Int(i, 4)), static_cast<int>(r->Int(i, 5)),
                                              static_cast<int>(r->Int(i, 6)), r->Real(i, 7)});
        return out;
    });
}

StoreStatus PgStore::ReplaceScores(RowId attemptId, const ScoreReport& report,
                                   const std::vector<double>& eventScoresAfter, std::optional<double> startScore) {
    return m_impl->Run<StoreStatus>(true, [&]() -> StoreStatus {
        const std::string what = "re-scoring attempt " + std::to_string(attemptId);
        Tx tx(*m_impl);
        if (auto st = tx.Begin(what); !st) return st;
        auto finished = LockFinished(*m_impl, "attempts", attemptId, "attempt");
        if (!finished) return finished.Error();
        if (!finished.Value())
            return StoreError{StoreErrorKind::Constraint, "attempt " + std::to_string(attemptId) + " is not finished: nothing to re-score"};
        const Params id = Params().Add(attemptId);
        // Deductions and dimension rows go with their items (ON DELETE CASCADE).
        for (const char* sql : {"DELETE FROM supportlab.item_scores WHERE attempt_id = $1",
                                "DELETE FROM supportlab.attempt_dimensions WHERE attempt_id = $1"}) {
            if (auto r = m_impl->Query(sql, id, what); !r) return r.Error();
        }
        if (auto st = WriteScores(*m_impl, attemptId, report); !st) return st;
        auto r = m_impl->Query("UPDATE supportlab.attempts SET score = $1, max_score = $2, scored_with_hash = $3, "
                               "start_score = coalesce($4, start_score) WHERE id = $5",
                               Params().Add(report.m_total).Add(report.m_max).Add(report.m_contentHash).Add(startScore).Add(attemptId),
                               what);
        if (!r) return r.Error();
        if (!eventScoresAfter.empty()) {
            auto count = m_impl->Query("SELECT count(*) FROM supportlab.events WHERE attempt_id = $1", id, what);
            if (!count) return count.Error();
            const std::int64_t n = count->Int(0, 0);
            if (n != static_cast<std::int64_t>(eventScoresAfter.size()))
                return StoreError{StoreErrorKind::Invalid, what + ": " + std::to_string(eventScoresAfter.size()) +
                                                               " event scores given for " + std::to_string(n) + " events"};
            ArrayText scores;
            for (double s : eventScoresAfter) scores.Add(s);
            auto u = m_impl->Query("UPDATE supportlab.events e SET score_after = v.s FROM unnest($2::double precision[]) "
                                   "WITH ORDINALITY AS v(s, i) WHERE e.attempt_id = $1 AND e.seq = v.i - 1",
                                   Params().Add(attemptId).Add(scores.Str()), what);
            if (!u) return u.Error();
        }
        return tx.Commit(what);
    });
}

} // namespace sl
