// SupportLab store: server administration on PostgreSQL — setting up the schema and adding users with roles.
#pragma once

#include "store/store.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sl {

// The three SupportLab roles. Each person gets a LOGIN role of her own that is a member of one of
// the group roles migration 2 creates (supportlab_trainee, supportlab_trainer, supportlab_lead).
enum class PgRole { Trainee, Trainer, Lead };

// "trainee", "trainer", "lead" -> the role; nullopt for anything else.
std::optional<PgRole> PgRoleFromName(std::string_view name);
const char* PgRoleName(PgRole role);       // "trainee"
const char* PgRoleGroup(PgRole role);      // "supportlab_trainee"

// Why name cannot be a SupportLab user (a trainee name per NameProblem and a PostgreSQL role name
// of 1 to 63 bytes that is not reserved), or nullopt when it can.
std::optional<std::string> PgUserNameProblem(const std::string& name);

struct PgInitResult {
    int m_from = 0; // the schema version found (0: an empty database)
    int m_to = 0;   // the schema version left
    bool m_keyCreated = false; // this run made the organisation's signing key
    std::string m_organisation; // the organisation's name
    std::string m_publicKey;    // its public key (raw bytes)
};

// Connects as an administrator and applies every missing migration (creating the group roles
// needs CREATEROLE), then makes the organisation's signing key under `organisation` (empty: the
// database's name) when there is none; an existing key and name are kept. Refuses a newer schema
// (NewerSchema) without changing anything.
StoreResult<PgInitResult> PgInitServer(const std::string& conninfo, const std::string& organisation = "");

struct PgNewUser {
    std::string m_name;     // the LOGIN role's name, and for a trainee her trainee name
    PgRole m_role = PgRole::Trainee;
    std::string m_cohort;   // trainees only; created when new; "" for none
    std::string m_password; // sent to the server only as a SCRAM-SHA-256 verifier
};

// Creates a LOGIN role with a SCRAM password, makes it a member of its group role and, for a
// trainee, adds her trainees row (login = name) — all in one transaction. A role that already
// exists, or a trainee name that already has a login, is refused (Constraint) and nothing changes;
// a trainee row of that name without a login is linked to the new role. The schema must be current.
StoreStatus PgAddUser(const std::string& conninfo, const PgNewUser& user);

} // namespace sl
