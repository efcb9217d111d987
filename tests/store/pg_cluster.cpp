// SupportLab store tests: PgCluster — initdb, pg_ctl, a watchdog, and databases per test.

// [SECTION] Running the server binaries
// [SECTION] Starting and stopping
// [SECTION] Databases and SQL

#include "pg_cluster.hpp"

#include <libpq-fe.h>

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace sl::test {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSuperuser = "sl_test";
constexpr const char* kPort = "5432"; // only names the socket: there is no TCP listener

//-----------------------------------------------------------------------------
// [SECTION] Running the server binaries
//-----------------------------------------------------------------------------

bool Executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

bool HasServerBinaries(const std::string& dir) {
    return !dir.empty() && Executable(dir + "/initdb") && Executable(dir + "/pg_ctl") && Executable(dir + "/postgres");
}

// Runs argv (as the postgres user when asPostgres) in dir with output appended to log; the exit
// status, or -1 when it could not be run.
int Run(std::vector<std::string> argv, bool asPostgres, const std::string& dir, const std::string& log) {
    if (asPostgres) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
    const pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        const int in = ::open("/dev/null", O_RDONLY);
        if (out >= 0) {
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
        }
        if (in >= 0) ::dup2(in, STDIN_FILENO);
        if (::chdir(dir.c_str()) != 0) ::_exit(126); // the postgres user may not read our working folder
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Tail(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    if (s.size() > 1500) s = "..." + s.substr(s.size() - 1500);
    return s;
}

std::string Trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

} // namespace

std::string PgBinDir() {
    if (const char* env = std::getenv("SUPPORTLAB_PG_BINDIR"); env && HasServerBinaries(env)) return env;
    if (FILE* p = ::popen("pg_config --bindir 2>/dev/null", "r")) {
        char buf[512] = {};
        const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
        ::pclose(p);
        const std::string dir = got ? Trimmed(buf) : "";
        if (HasServerBinaries(dir)) return dir;
    }
    std::string best;
    int bestVersion = -1;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const std::string name = entry.path().filename().string();
        const int version = std::atoi(name.c_str());
        const std::string bin = entry.path().string() + "/bin";
        if (version > bestVersion && HasServerBinaries(bin)) {
            best = bin;
            bestVersion = version;
        }
    }
    return best;
}

//-----------------------------------------------------------------------------
// [SECTION] Starting and stopping
//-----------------------------------------------------------------------------

std::unique_ptr<PgCluster> PgCluster::Start(std::string* error, const std::string& serverOptions) {
    std::unique_ptr<PgCluster> c(new PgCluster());
    c->m_serverOptions = serverOptions;
    c->m_binDir = PgBinDir();
    if (c->m_binDir.empty()) {
        *error = "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install the postgresql package "
                 "(scripts/deps.sh --test) or set SUPPORTLAB_PG_BINDIR";
        return nullptr;
    }
    // A short folder: the socket path inside it must stay under ~107 bytes.
    const char* tmp = std::getenv("TMPDIR");
    std::string base = tmp && *tmp && std::string(tmp).size() < 60 ? tmp : "/tmp";
    std::string tmpl = base + "/slpg-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
        *error = "cannot make a temporary folder for PostgreSQL under " + base;
        return nullptr;
    }
    c->m_dir = tmpl;
    c->m_asPostgres = ::geteuid() == 0;
    if (c->m_asPostgres) {
        // initdb and postgres refuse to run as root: they run as the postgres system user.
        const passwd* pw = ::getpwnam("postgres");
        if (!pw) {
            *error = "running as root, PostgreSQL must run as the 'postgres' system user, which does not exist "
                     "(install the postgresql package)";
            return nullptr;
        }
        if (::chown(c->m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
            *error = "cannot hand " + c->m_dir + " to the postgres user";
            return nullptr;
        }
    }
    const std::string log = c->m_dir + "/setup.log";
    const int rc = Run({c->m_binDir + "/initdb", "-D", c->m_dir + "/data", "-U", kSuperuser, "--auth-local=trust",
                        "--auth-host=reject", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"},
                       c->m_asPostgres, c->m_dir, log);
    if (rc != 0) {
        *error = "initdb failed (exit " + std::to_string(rc) + "): " + Tail(log);
        return nullptr;
    }
    // Only the superuser gets in without a password: every other role (the trainees, trainers and
    // leads of the role tests) must prove its SCRAM password, so those tests check real logins.
    {
        std::ofstream hba(c->m_dir + "/data/pg_hba.conf", std::ios::trunc);
        hba << "local all " << kSuperuser << " trust\nlocal all all scram-sha-256\n";
        if (!hba) {
            *error = "cannot write " + c->m_dir + "/data/pg_hba.conf";
            return nullptr;
        }
    }
    if (!c->StartServer(error)) return nullptr;

    // The watchdog: when every copy of the pipe's write end is closed (this process exited, however
    // it ended), it stops the server and removes the folder. It runs in its own session, so a
    // Ctrl-C aimed at the tests does not kill it first.
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        *error = "cannot make the watchdog's pipe";
        return nullptr;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        *error = "cannot start the watchdog";
        return nullptr;
    }
    if (pid == 0) {
        ::close(fds[1]);
        ::setsid();
        ::signal(SIGINT, SIG_IGN);
        ::signal(SIGHUP, SIG_IGN);
        const int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
        }
        // Nothing else of ours stays open here (sockets, other watchdogs' pipes).
        for (int fd = 3; fd < 4096; ++fd)
            if (fd != fds[0]) ::close(fd);
        for (;;) {
            char byte;
            const ssize_t n = ::read(fds[0], &byte, 1);
            if (n > 0 || (n < 0 && errno == EINTR)) continue;
            break; // end of file: the test process is gone
        }
        Run({c->m_binDir + "/pg_ctl", "-D", c->m_dir + "/data", "-m", "fast", "-w", "stop"}, c->m_asPostgres, "/",
            "/dev/null");
        std::error_code ec;
        fs::remove_all(c->m_dir, ec);
        ::_exit(0);
    }
    ::close(fds[0]);
    c->m_watchdogFd = fds[1];
    c->m_watchdog = pid;
    return c;
}

PgCluster* PgCluster::Shared(std::string* error) {
    static std::string s_error;
    static std::unique_ptr<PgCluster> s_cluster = [] {
        std::string e;
        auto c = Start(&e);
        s_error = e;
        return c;
    }();
    if (!s_cluster) *error = s_error;
    return s_cluster.get();
}

PgCluster::~PgCluster() {
    if (m_watchdog > 0) {
        ::close(m_watchdogFd); // the watchdog stops the server and removes the folder
        int status = 0;
        while (::waitpid(m_watchdog, &status, 0) < 0 && errno == EINTR) {
        }
        return;
    }
    // Start failed part way: clean up here.
    if (!m_dir.empty()) {
        if (fs::exists(m_dir + "/data/postmaster.pid"))
            Run({m_binDir + "/pg_ctl", "-D", m_dir + "/data", "-m", "fast", "-w", "stop"}, m_asPostgres, "/", "/dev/null");
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
}

bool PgCluster::StartServer(std::string* error) {
    const std::string log = m_dir + "/setup.log";
    const std::string opts = "-k " + m_dir + " -p " + kPort +
                             " -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
                             " -c shared_buffers=16MB -c max_connections=40" +
                             (m_serverOptions.empty() ? "" : " " + m_serverOptions);
    const int rc = Run({m_binDir + "/pg_ctl", "-D", m_dir + "/data", "-l", m_dir + "/server.log", "-w", "-t", "60", "-o",
                        opts, "start"},
                       m_asPostgres, m_dir, log);
    if (rc != 0) {
        *error = "pg_ctl start failed (exit " + std::to_string(rc) + "): " + Tail(log) + Tail(m_dir + "/server.log");
        return false;
    }
    return true;
}

bool PgCluster::StopServer(std::string* error) {
    const std::string log = m_dir + "/setup.log";
    const int rc = Run({m_binDir + "/pg_ctl", "-D", m_dir + "/data", "-m", "fast", "-w", "stop"}, m_asPostgres, m_dir, log);
    if (rc != 0) {
        *error = "pg_ctl stop failed (exit " + std::to_string(rc) + "): " + Tail(log);
        return false;
    }
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Databases and SQL
//-----------------------------------------------------------------------------

std::string PgCluster::Conninfo(const std::string& database) const {
    return "host=" + m_dir + " port=" + kPort + " user=" + kSuperuser + " dbname=" + database;
}

std::string PgCluster::QueryValue(const std::string& database, const std::string& sql, std::string* error) const {
    PGconn* conn = PQconnectdb(Conninfo(database).c_str());
    std::string out, err;
    if (PQstatus(conn) != CONNECTION_OK) {
        err = PQerrorMessage(conn);
    } else {
        PGresult* r = PQexec(conn, sql.c_str());
        const ExecStatusType st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
        else if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0) out = PQgetvalue(r, 0, 0);
        PQclear(r);
    }
    PQfinish(conn);
    if (error) *error = Trimmed(err);
    return out;
}

std::string PgCluster::Exec(const std::string& database, const std::string& sql) const {
    std::string error;
    QueryValue(database, sql, &error);
    return error;
}

std::string PgCluster::CreateDatabase(std::string* error) {
    const std::string name = "t_" + std::to_string(m_nextDatabase++);
    if (std::string e = Exec("postgres", "CREATE DATABASE " + name); !e.empty()) {
        *error = "cannot create database " + name + ": " + e;
        return "";
    }
    return name;
}

std::string PgConninfoForDir(const std::string& dir, std::string* error) {
    PgCluster* cluster = PgCluster::Shared(error);
    if (!cluster) return "";
    const std::string marker = dir + "/pg_database";
    std::string name;
    {
        std::ifstream in(marker);
        std::getline(in, name);
    }
    if (name.empty()) {
        name = cluster->CreateDatabase(error);
        if (name.empty()) return "";
        std::ofstream(marker) << name << "\n";
    }
    return cluster->Conninfo(name);
}

} // namespace sl::test
