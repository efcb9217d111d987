// SupportLab store tests: a throwaway PostgreSQL cluster (initdb + pg_ctl on a private Unix socket).
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

namespace sl::test {

// The PostgreSQL server binaries folder: $SUPPORTLAB_PG_BINDIR, `pg_config --bindir`, or the newest
// /usr/lib/postgresql/<n>/bin; "" when none of them holds initdb and pg_ctl.
std::string PgBinDir();

// A PostgreSQL server of our own in a short temp folder: on its Unix socket only (no TCP), trust
// auth for its superuser and scram-sha-256 passwords for every other role; fsync off. Started as the current user, or as the `postgres` system user when running as root
// (initdb refuses root). A watchdog process stops the server and removes the folder when this
// process ends, even when it crashes.
class PgCluster {
public:
    // Starts a new cluster; nullptr with *error (a complete sentence) when it cannot. serverOptions
    // ("-c name=value ...") come after the test settings and win over them (a benchmark turns fsync
    // back on, say); they are kept for StartServer.
    static std::unique_ptr<PgCluster> Start(std::string* error, const std::string& serverOptions = "");
    // The cluster shared by every test of this process, started on first use; nullptr with *error
    // when it cannot start (the same error every time: it is tried once).
    static PgCluster* Shared(std::string* error);

    ~PgCluster(); // pg_ctl stop -m fast, then the folder is removed
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    const std::string& Dir() const { return m_dir; }
    // A libpq connection string for a database of this cluster, as its superuser.
    std::string Conninfo(const std::string& database) const;
    // A new empty database (t_1, t_2, ...); "" with *error on failure.
    std::string CreateDatabase(std::string* error);
    // Runs SQL as the superuser; "" on success, else the server's message.
    std::string Exec(const std::string& database, const std::string& sql) const;
    // The first column of the first row ("" when no row), or *error.
    std::string QueryValue(const std::string& database, const std::string& sql, std::string* error = nullptr) const;

    // Stops (pg_ctl stop -m fast) or starts again the same cluster; false with *error.
    bool StopServer(std::string* error);
    bool StartServer(std::string* error);

private:
    PgCluster() = default;

    std::string m_dir;    // short: the socket lives here (socket paths are limited to ~107 bytes)
    std::string m_binDir;
    std::string m_serverOptions; // appended to the test settings at every start
    bool m_asPostgres = false;
    int m_nextDatabase = 1;
    int m_watchdogFd = -1; // its closing (our exit) tells the watchdog to stop the server
    pid_t m_watchdog = -1;
};

// The connection string of the database that belongs to a test's folder: created in the shared
// cluster on first use (its name is kept in <dir>/pg_database), the same database on later calls.
// "" with *error when the cluster or the database cannot be had.
std::string PgConninfoForDir(const std::string& dir, std::string* error);

} // namespace sl::test
