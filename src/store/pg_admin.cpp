// SupportLab store: PgInitServer and PgAddUser — the schema and the LOGIN roles of an organisation's server.
#include "store/pg_admin.hpp"

#include "store/pg_store.hpp"

#include "core/text.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

namespace sl {

namespace {

using Conn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Res = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string OneLine(const char* msg) {
    std::string out = msg ? msg : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

StoreErrorKind KindFor(const char* state) {
    const std::string s = state ? state : "";
    if (s == "42710" || s.rfind("23", 0) == 0) return StoreErrorKind::Constraint; // duplicate role, unique row
    if (s == "42501") return StoreErrorKind::ReadOnly;                            // no CREATEROLE, no grant
    return StoreErrorKind::Io;
}

// One administrator connection, with the defaults PgStore uses (whatever the string sets wins).
class AdminConnection {
public:
    explicit AdminConnection(const std::string& conninfo) : m_location(PgLocationWithoutPassword(conninfo)) {
        const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
        const char* values[] = {"10", "supportlab-admin", conninfo.c_str(), nullptr};
        m_conn.reset(PQconnectdbParams(keys, values, 1));
    }
    bool Ok() const { return m_conn && PQstatus(m_conn.get()) == CONNECTION_OK; }
    PGconn* Get() const { return m_conn.get(); }

    StoreError Fail(StoreErrorKind kind, const std::string& what, const std::string& detail) const {
        return StoreError{kind, "database " + m_location + ": " + what + ": " + detail};
    }
    StoreError Unreachable() const {
        return Fail(StoreErrorKind::Io, "connecting", OneLine(m_conn ? PQerrorMessage(m_conn.get()) : "out of memory"));
    }

    // Runs sql with text parameters; the result, or the server's error (never the statement text,
    // which may hold a password verifier).
    StoreResult<std::shared_ptr<PGresult>> Exec(const std::string& sql, const std::vector<std::string>& params,
                                                const std::string& what) const {
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p.c_str());
        std::shared_ptr<PGresult> r(PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                                                 values.data(), nullptr, nullptr, 0),
                                    &PQclear);
        const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return r;
        const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
        const char* primary = r ? PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        if (PQstatus(m_conn.get()) != CONNECTION_OK) return Unreachable();
        return Fail(KindFor(state), what, OneLine(primary ? primary : PQerrorMessage(m_conn.get())));
    }

    // An SQL identifier or literal, quoted by libpq for this connection's encoding.
    std::string Identifier(const std::string& s) const { return Escaped(PQescapeIdentifier(m_conn.get(), s.c_str(), s.size())); }
    std::string Literal(const std::string& s) const { return Escaped(PQescapeLiteral(m_conn.get(), s.c_str(), s.size())); }

private:
    static std::string Escaped(char* p) {
        std::string out = p ? p : "";
        PQfreemem(p);
        return out;
    }
    std::string m_location;
    Conn m_conn{nullptr, &PQfinish};
};

} // namespace

std::optional<PgRole> PgRoleFromName(std::string_view name) {
    if (name == "trainee") return PgRole::Trainee;
    if (name == "trainer") return PgRole::Trainer;
    if (name == "lead") return PgRole::Lead;
    return std::nullopt;
}

const char* PgRoleName(PgRole role) {
    switch (role) {
    case PgRole::Trainee: return "trainee";
    case PgRole::Trainer: return "trainer";
    case PgRole::Lead: return "lead";
    }
    return "trainee";
}

const char* PgRoleGroup(PgRole role) {
    switch (role) {
    case PgRole::Trainee: return "supportlab_trainee";
    case PgRole::Trainer: return "supportlab_trainer";
    case PgRole::Lead: return "supportlab_lead";
    }
    return "supportlab_trainee";
}

std::optional<std::string> PgUserNameProblem(const std::string& name) {
    if (name.empty()) return "a user needs a name";
    if (auto problem = NameProblem(name, "user name")) return problem;
    // PostgreSQL truncates longer identifiers to 63 bytes: two names could become one role.
    if (name.size() > 63) return "user name '" + name + "' is longer than PostgreSQL's 63-byte limit for role names";
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.rfind("pg_", 0) == 0 || lower.rfind("supportlab_", 0) == 0)
        return "user name '" + name + "' starts with a prefix reserved for PostgreSQL's or SupportLab's own roles";
    for (const char* reserved : {"public", "none", "current_user", "session_user", "current_role"})
        if (lower == reserved) return "user name '" + name + "' is reserved by PostgreSQL";
    return std::nullopt;
}

StoreResult<PgInitResult> PgInitServer(const std::string& conninfo, const std::string& organisation) {
    auto store = PgStore::Open(conninfo);
    if (!store) return store.Error();
    PgInitResult out;
    out.m_from = store.Value()->OpenedAtVersion();
    out.m_to = store.Value()->SchemaVersion();
    auto created = store.Value()->EnsureOrganisationKey(organisation);
    if (!created) return created.Error();
    out.m_keyCreated = created.Value();
    auto org = store.Value()->Organisation();
    if (!org) return org.Error();
    if (org.Value()) {
        out.m_organisation = org.Value()->m_name;
        out.m_publicKey = org.Value()->m_publicKey;
    }
    return out;
}

StoreStatus PgAddUser(const std::string& conninfo, const PgNewUser& user) {
    if (auto problem = PgUserNameProblem(user.m_name)) return StoreError{StoreErrorKind::Invalid, *problem};
    if (user.m_password.empty()) return StoreError{StoreErrorKind::Invalid, "a user needs a password (it may not be empty)"};
    if (!user.m_cohort.empty()) {
        if (user.m_role != PgRole::Trainee) return StoreError{StoreErrorKind::Invalid, "only trainees belong to a cohort"};
        if (auto problem = NameProblem(user.m_cohort, "cohort name")) return StoreError{StoreErrorKind::Invalid, *problem};
    }
    {
        // The schema must be current (the group roles and trainees.login come with it); this
        // gives the usual messages for an empty, older or newer database.
        PgOpenOptions check;
        check.m_migrate = false;
        auto store = PgStore::Open(conninfo, check);
        if (!store) return store.Error();
    }
    AdminConnection db(conninfo);
    if (!db.Ok()) return db.Unreachable();
    PQsetNoticeProcessor(db.Get(), [](void*, const char*) {}, nullptr);
    const std::string what = "adding user '" + user.m_name + "'";
    if (auto r = db.Exec("BEGIN", {}, what); !r) return r.Error();
    auto exists = db.Exec("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", {user.m_name}, what);
    if (!exists) return exists.Error();
    if (PQntuples(exists.Value().get()) > 0)
        return db.Fail(StoreErrorKind::Constraint, what, "a PostgreSQL role named '" + user.m_name + "' already exists; nothing was changed");

    // Only the verifier is sent: the password itself never reaches the server or its logs.
    char* verifier = PQencryptPasswordConn(db.Get(), user.m_password.c_str(), user.m_name.c_str(), "scram-sha-256");
    if (!verifier) return db.Fail(StoreErrorKind::Io, what, "cannot make the password verifier: " + OneLine(PQerrorMessage(db.Get())));
    const std::string literal = db.Literal(verifier);
    PQfreemem(verifier);
    const std::string ident = db.Identifier(user.m_name);
    if (literal.empty() || ident.empty()) return db.Fail(StoreErrorKind::Invalid, what, OneLine(PQerrorMessage(db.Get())));
    if (auto r = db.Exec("CREATE ROLE " + ident + " LOGIN PASSWORD " + literal, {}, what + " (creating the role needs CREATEROLE)"); !r)
        return r.Error();
    if (auto r = db.Exec(std::string("GRANT ") + PgRoleGroup(user.m_role) + " TO " + ident, {}, what); !r) return r.Error();

    if (user.m_role == PgRole::Trainee) {
        std::string cohortId; // "" = NULL
        if (!user.m_cohort.empty()) {
            auto c = db.Exec("WITH ins AS (INSERT INTO supportlab.cohorts(name) VALUES ($1) ON CONFLICT (name) DO NOTHING "
                             "RETURNING id) SELECT id FROM ins UNION ALL SELECT id FROM supportlab.cohorts WHERE name = $1",
                             {user.m_cohort}, what);
            if (!c) return c.Error();
            if (PQntuples(c.Value().get()) == 0) return db.Fail(StoreErrorKind::Busy, what, "the cohort was changed meanwhile; try again");
            cohortId = PQgetvalue(c.Value().get(), 0, 0);
        }
        // A trainee row of that name without a login (added before the server had logins) is linked.
        auto t = db.Exec("INSERT INTO supportlab.trainees(name, cohort_id, login) VALUES ($1, nullif($2, '')::bigint, $1) "
                         "ON CONFLICT (name) DO UPDATE SET login = excluded.login WHERE supportlab.trainees.login IS NULL "
                         "RETURNING id",
                         {user.m_name, cohortId}, what);
        if (!t) return t.Error();
        if (PQntuples(t.Value().get()) == 0)
            return db.Fail(StoreErrorKind::Constraint, what,
                           "trainee '" + user.m_name + "' already has a login; nothing was changed");
    }
    if (auto r = db.Exec("COMMIT", {}, what); !r) return r.Error();
    return StoreSuccess();
}

} // namespace sl
