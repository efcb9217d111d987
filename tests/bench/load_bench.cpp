// SupportLab bench: supportlab-load-bench — simulated trainees recording into their outboxes while their delivery agents feed one PostgreSQL server (directly or through PgBouncer).

// [SECTION] Options, timing and output
// [SECTION] The server and the trainees' logins
// [SECTION] PgBouncer
// [SECTION] A simulated trainee
// [SECTION] Watching the server: connections and CPU
// [SECTION] Did every log arrive complete?
// [SECTION] The drill: trainees at full speed
// [SECTION] The class: many trainees at a realistic pace
// [SECTION] The room: from a trainee's action to the trainer's control room
// [SECTION] Entry point

#include "../store/pg_cluster.hpp"
#include "server_link/room.hpp"
#include "server_link/server_link.hpp"
#include "store/attempt_recorder.hpp"
#include "store/delivery.hpp"
#include "store/pg_admin.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace sl::loadbench {
namespace {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------
// [SECTION] Options, timing and output
//-----------------------------------------------------------------------------

struct Options {
    bool m_quick = false;         // tiny sizes: a smoke run whose figures mean nothing
    bool m_drill = true;          // (1) the drill
    bool m_class = true;          // (2) the class
    bool m_room = true;           // (3) the room
    int m_roomTrainees = 30;
    int m_roomActions = 60;       // measured one at a time, round the room
    int m_drillTrainees = 30;
    int m_drillActions = 360;     // a 3-hour drill: one action per 30 simulated seconds, fired at once
    int m_loadTrainees = 1000;
    double m_loadMinutes = 5;
    double m_paceS = 20;          // the class: one action every m_paceS s per trainee, jittered +-50%
    int m_agentIntervalMs = 2000; // the app's DeliveryAgent default
    bool m_pgbouncer = true;      // the class goes through PgBouncer (else direct connections)
    int m_maxConnections = 100;   // the server's max_connections (PostgreSQL's default)
    int m_poolMax = 80;           // PgBouncer max_db_connections: server connections it may open
    int m_poolIdleS = 1;          // PgBouncer server_idle_timeout
};

constexpr const char* kUsage =
    "usage: supportlab-load-bench [--quick] [--drill-only | --class-only | --room-only] [--drill-trainees N]\n"
    "                             [--drill-actions N] [--load-trainees N] [--load-minutes M] [--pace-s S]\n"
    "                             [--agent-interval-ms MS] [--no-pgbouncer] [--max-connections N]\n"
    "                             [--pool-max N] [--pool-idle-s S] [--room-trainees N] [--room-actions N]\n"
    "  (1) the drill: --drill-trainees (30) trainees each record --drill-actions (360) actions as fast as\n"
    "      they can into an outbox of their own, each with its own delivery agent and login (direct).\n"
    "  (2) the class: --load-trainees (1000) trainees record one action every --pace-s (20) s, jittered,\n"
    "      for --load-minutes (5), their agents going through a PgBouncer of our own (session pooling,\n"
    "      --pool-max server connections) and holding no connection while idle.\n"
    "  (3) the room: --room-trainees (30) trainees in one live session, their agents as the app runs\n"
    "      them (2 s rounds, woken by each action, heartbeat) and the trainer's control-room poller\n"
    "      (0.5 s): --room-actions (60) actions, one at a time, each timed until the poller's read\n"
    "      shows it; beside it, libpq's own floor: a row committed on one connection, seen on another.\n"
    "  All run on a throwaway PostgreSQL cluster (fsync on, max_connections --max-connections).\n";

double NowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// The p-th percentile (0..100, nearest rank) of v; 0 when empty.
double Percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

void Header(const std::string& title) {
    std::printf("\n## %s\n%-52s %16s  %s\n%s\n", title.c_str(), "figure", "value", "note", std::string(110, '-').c_str());
}

void Line(const std::string& what, double value, const char* unit, const std::string& note = "") {
    char v[40];
    if (*unit) std::snprintf(v, sizeof v, "%.2f %s", value, unit);
    else std::snprintf(v, sizeof v, "%.0f", value); // a count
    std::printf("%-52s %16s  %s\n", what.c_str(), v, note.c_str());
    std::fflush(stdout);
}

[[noreturn]] void Fail(const std::string& what) {
    std::fprintf(stderr, "supportlab-load-bench: %s\n", what.c_str());
    std::fflush(stderr);
    std::_Exit(1); // agent threads may still run: no destructors
}

// libpq's message on one line.
std::string OneLine(const char* m) {
    std::string out = m ? m : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] The server and the trainees' logins
//-----------------------------------------------------------------------------

// One throwaway cluster, durable as a real server (the tests turn fsync off), PostgreSQL's default
// shared_buffers and the given max_connections; each scenario gets a database of its own.
struct Server {
    std::unique_ptr<test::PgCluster> m_cluster;
};

Server StartServer(const Options& o) {
    Server s;
    std::string error;
    s.m_cluster = test::PgCluster::Start(&error, "-c fsync=on -c full_page_writes=on -c synchronous_commit=on "
                                                 "-c shared_buffers=128MB -c max_connections=" +
                                                     std::to_string(o.m_maxConnections));
    if (!s.m_cluster) Fail("cannot start a PostgreSQL cluster: " + error);
    return s;
}

// A migrated database with `count` trainee logins prefix0001... (SCRAM passwords), added as an
// administrator does (PgAddUser). Returns the database's name.
std::string MakeDatabase(Server& s, const std::string& prefix, int count, std::vector<std::string>* logins) {
    std::string error;
    const std::string db = s.m_cluster->CreateDatabase(&error);
    if (db.empty()) Fail(error);
    const std::string admin = s.m_cluster->Conninfo(db);
    if (auto r = PgInitServer(admin); !r) Fail("PgInitServer: " + r.Error().m_message);
    const double t0 = NowMs();
    for (int i = 1; i <= count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "%s%04d", prefix.c_str(), i);
        if (auto st = PgAddUser(admin, PgNewUser{name, PgRole::Trainee, prefix, std::string("pw-") + name}); !st)
            Fail(std::string("PgAddUser ") + name + ": " + st.Error().m_message);
        logins->push_back(name);
    }
    std::printf("# %d trainee logins added to %s with PgAddUser in %.1f s\n", count, db.c_str(), (NowMs() - t0) / 1000.0);
    std::fflush(stdout);
    return db;
}

//-----------------------------------------------------------------------------
// [SECTION] PgBouncer
//-----------------------------------------------------------------------------

// The pgbouncer binary on PATH or in /usr/sbin (Debian's package); "" when none.
std::string PgBouncerBinary() {
    std::vector<std::string> dirs;
    if (const char* path = std::getenv("PATH")) {
        std::stringstream in(path);
        for (std::string d; std::getline(in, d, ':');) dirs.push_back(d);
    }
    dirs.push_back("/usr/sbin");
    for (const std::string& d : dirs)
        if (!d.empty() && ::access((d + "/pgbouncer").c_str(), X_OK) == 0) return d + "/pgbouncer";
    return "";
}

std::string Tail(const std::string& path) {
    std::ifstream in(path);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (all.size() > 600) all = "..." + all.substr(all.size() - 600);
    std::replace(all.begin(), all.end(), '\n', ' ');
    return all;
}

// A PgBouncer of our own in front of one database: Unix socket only, in a temp folder; the
// cluster's logins and their SCRAM verifiers as its auth_file (so it signs each trainee in to the
// server as herself); session pooling, which PgStore's named prepared statements need (PgBouncer
// 1.18 keeps them only in session mode). Run as the postgres user when we are root (it refuses
// root), stopped by the destructor, and by the kernel if we die (PR_SET_PDEATHSIG).
class PgBouncer {
public:
    static std::unique_ptr<PgBouncer> Start(const test::PgCluster& cluster, const std::string& db, int clients,
                                            const Options& o, std::string* why) {
        const std::string bin = PgBouncerBinary();
        if (bin.empty()) {
            *why = "pgbouncer is not installed (Debian package pgbouncer: scripts/deps.sh --test)";
            return nullptr;
        }
        std::unique_ptr<PgBouncer> b(new PgBouncer);
        std::string tmpl = "/tmp/slpgb-XXXXXX";
        if (!::mkdtemp(tmpl.data())) {
            *why = "cannot make a temporary folder under /tmp";
            return nullptr;
        }
        b->m_dir = tmpl;
        std::string error;
        const std::string users = cluster.QueryValue(
            db,
            "SELECT string_agg('\"' || rolname || '\" \"' || rolpassword || '\"', E'\\n') FROM pg_authid "
            "WHERE rolcanlogin AND rolpassword LIKE 'SCRAM-SHA-256$%'",
            &error);
        if (!error.empty()) {
            *why = "cannot read the logins' SCRAM verifiers: " + error;
            return nullptr;
        }
        std::ofstream(b->m_dir + "/userlist.txt") << users << "\n";
        std::ofstream ini(b->m_dir + "/pgbouncer.ini");
        ini << "[databases]\nsupportlab = host=" << cluster.Dir() << " port=5432 dbname=" << db << "\n\n"
            << "[pgbouncer]\nlisten_port = 6432\nunix_socket_dir = " << b->m_dir << "\n"
            << "auth_type = scram-sha-256\nauth_file = " << b->m_dir << "/userlist.txt\n"
            << "pool_mode = session\nmax_client_conn = " << clients + 50 << "\n"
            << "default_pool_size = 1\nmax_db_connections = " << o.m_poolMax << "\n"
            << "server_idle_timeout = " << o.m_poolIdleS << "\n"
            << "listen_backlog = 4096\n" // every agent checks in at once at start
            << "log_connections = 0\nlog_disconnections = 0\nstats_period = 3600\n";
        ini.close();
        const passwd* pw = ::geteuid() == 0 ? ::getpwnam("postgres") : nullptr;
        if (::geteuid() == 0) {
            if (!pw) {
                *why = "running as root, pgbouncer must run as the 'postgres' user, which does not exist";
                return nullptr;
            }
            for (const char* f : {"", "/userlist.txt", "/pgbouncer.ini"})
                if (::chown((b->m_dir + f).c_str(), pw->pw_uid, pw->pw_gid) != 0) {
                    *why = "cannot hand " + b->m_dir + " to the postgres user";
                    return nullptr;
                }
        }
        ::chmod((b->m_dir + "/userlist.txt").c_str(), 0600);
        const std::string log = b->m_dir + "/pgbouncer.log";
        const std::string iniPath = b->m_dir + "/pgbouncer.ini";
        const pid_t parent = ::getpid();
        const pid_t pid = ::fork();
        if (pid < 0) {
            *why = "cannot fork";
            return nullptr;
        }
        if (pid == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                ::dup2(fd, STDOUT_FILENO);
                ::dup2(fd, STDERR_FILENO);
            }
            if (pw && (::setgid(pw->pw_gid) != 0 || ::setgroups(0, nullptr) != 0 || ::setuid(pw->pw_uid) != 0))
                ::_exit(126);
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) ::_exit(0);
            ::execl(bin.c_str(), "pgbouncer", iniPath.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        b->m_pid = pid;
        for (int i = 0; i < 200; ++i) {
            if (fs::exists(b->m_dir + "/.s.PGSQL.6432")) return b;
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                b->m_pid = -1;
                *why = "pgbouncer exited at start (status " + std::to_string(status) + "): " + Tail(log);
                return nullptr;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        *why = "pgbouncer did not open its socket within 10 s: " + Tail(log);
        return nullptr;
    }

    ~PgBouncer() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            int status = 0;
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        std::error_code ec;
        if (!m_dir.empty()) fs::remove_all(m_dir, ec);
    }
    PgBouncer(const PgBouncer&) = delete;
    PgBouncer& operator=(const PgBouncer&) = delete;

    std::string Conninfo(const std::string& login) const {
        return "host=" + m_dir + " port=6432 dbname=supportlab user=" + login;
    }
    // `pgbouncer --version`'s first line.
    static std::string Version() {
        const std::string bin = PgBouncerBinary();
        std::string out;
        if (FILE* p = bin.empty() ? nullptr : ::popen((bin + " --version 2>&1").c_str(), "r")) {
            char line[200];
            if (std::fgets(line, sizeof line, p)) out = OneLine(line);
            ::pclose(p);
        }
        return out;
    }

private:
    PgBouncer() = default;
    std::string m_dir;
    pid_t m_pid = -1;
};

//-----------------------------------------------------------------------------
// [SECTION] A simulated trainee
//-----------------------------------------------------------------------------

// The scenario every trainee plays: one ticket; the actions are 30-second waits, which the
// recorder simulates, scores and commits like any other action (one event row each).
const Scenario& DrillScenario() {
    static const Scenario s = [] {
        Scenario x;
        x.m_id = "load-drill";
        x.m_contentHash = "load";
        Ticket t;
        t.m_id = "t1";
        t.m_answer.m_route = "resolve";
        x.m_tickets.push_back(t);
        return x;
    }();
    return s;
}

// One trainee: her outbox (an SQLite file written as the app writes it: AttemptRecorder, one
// transaction per action), her login, and her DeliveryAgent. Times are ms since the run's start.
struct Trainee {
    std::string m_login;
    std::string m_outboxPath;
    std::unique_ptr<SqliteStore> m_outbox;
    std::optional<AttemptRecorder> m_recorder;
    std::vector<double> m_plannedAt;  // the class: when each action is due
    std::vector<double> m_actedAt;    // when Apply started
    std::vector<double> m_commitMs;   // Apply: simulate, score, commit to the outbox
    std::vector<double> m_onServerAt; // end of the agent's round that delivered it (-1: not yet)
    std::atomic<int> m_recorded{0};
    int m_delivered = 0;              // the agent's thread only
    std::atomic<int> m_problemRounds{0};
    std::unique_ptr<DeliveryAgent> m_agent;
};

struct Run {
    std::atomic<double> m_t0{0};
    std::mutex m_mutex;
    std::map<std::string, int> m_problems; // the agents' problems, by message
};

void OpenOutbox(Trainee& t, const std::string& dir, int actions) {
    t.m_outboxPath = dir + "/" + t.m_login + ".db";
    auto opened = SqliteStore::Open(t.m_outboxPath);
    if (!opened) Fail("outbox " + t.m_outboxPath + ": " + opened.Error().m_message);
    t.m_outbox = std::move(opened.Value());
    auto me = t.m_outbox->FindOrAddTrainee(t.m_login, "");
    if (!me) Fail(me.Error().m_message);
    Attempt meta;
    meta.m_traineeId = me->m_id;
    auto rec = AttemptRecorder::Start(*t.m_outbox, DrillScenario(), meta, SystemWallClockMs);
    if (!rec) Fail(rec.Error().m_message);
    t.m_recorder.emplace(std::move(rec.Value()));
    t.m_actedAt.assign(static_cast<size_t>(actions), -1);
    t.m_commitMs.assign(static_cast<size_t>(actions), -1);
    t.m_onServerAt.assign(static_cast<size_t>(actions), -1);
}

// Action i, as the trainee does it; false when the recorder could not commit (it queues and retries).
void Act(Trainee& t, Run& run, int i) {
    Action wait;
    wait.m_type = ActionType::Wait;
    wait.m_duration = 30;
    const double start = NowMs();
    const RecordResult r = t.m_recorder->Apply(wait);
    const double end = NowMs();
    if (!r.m_apply.m_ok) Fail("the simulation refused a wait");
    if (r.m_storeError) Fail("outbox commit failed: " + r.m_storeError->m_message);
    t.m_actedAt[static_cast<size_t>(i)] = start - run.m_t0;
    t.m_commitMs[static_cast<size_t>(i)] = end - start;
    t.m_recorded.store(i + 1, std::memory_order_release);
}

void StartAgent(Trainee& t, Run& run, const std::string& conninfo, bool release, const Options& o) {
    DeliveryAgent::Options a;
    a.m_conninfo = conninfo;
    a.m_password = "pw-" + t.m_login;
    a.m_outboxPath = t.m_outboxPath;
    a.m_interval = std::chrono::milliseconds(o.m_agentIntervalMs);
    a.m_connectTimeoutS = 30;
    a.m_releaseWhenIdle = release;
    Trainee* tp = &t;
    Run* rp = &run;
    a.m_onRound = [tp, rp](const DeliveryStatus& s) {
        const double now = NowMs() - rp->m_t0;
        if (!s.m_problem.empty()) {
            ++tp->m_problemRounds;
            // Grouped by message: the login and the socket folder made alike.
            std::string what = s.m_problem;
            for (const std::string& mine : {tp->m_login, tp->m_outboxPath})
                for (size_t at; (at = what.find(mine)) != std::string::npos;) what.replace(at, mine.size(), "*");
            std::lock_guard<std::mutex> lock(rp->m_mutex);
            ++rp->m_problems[what.substr(0, 400)];
        }
        // One attempt per outbox, its events sent in order: the first m_deliveredActions are there.
        const auto upTo = static_cast<int>(std::min<std::int64_t>(s.m_deliveredActions, static_cast<std::int64_t>(tp->m_onServerAt.size())));
        for (; tp->m_delivered < upTo; ++tp->m_delivered) tp->m_onServerAt[static_cast<size_t>(tp->m_delivered)] = now;
    };
    t.m_agent = std::make_unique<DeliveryAgent>(std::move(a));
}

// Waits until every agent has delivered everything (its outbox's attempts closed, nothing waiting);
// false once stallS pass without any action delivered, or after capS in all.
bool WaitDrained(std::vector<std::unique_ptr<Trainee>>& trainees, double stallS, double capS = 900) {
    const double start = NowMs();
    double progressAt = start;
    std::int64_t delivered = -1;
    for (;;) {
        bool all = true;
        std::int64_t sum = 0;
        for (auto& t : trainees) {
            const DeliveryStatus s = t->m_agent->Status();
            sum += s.m_deliveredActions;
            if (s.m_waitingActions != 0 || s.m_waitingAttempts != 0 || s.m_deliveredActions < t->m_recorded) all = false;
        }
        if (all) return true;
        if (sum != delivered) {
            delivered = sum;
            progressAt = NowMs();
        }
        if (NowMs() - progressAt > stallS * 1000 || NowMs() - start > capS * 1000) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// How many actions were on the server by `at` (ms since the start), of all recorded.
double DeliveredBy(std::vector<std::unique_ptr<Trainee>>& trainees, double at) {
    double n = 0;
    for (auto& t : trainees)
        for (int i = 0; i < t->m_recorded; ++i) n += t->m_onServerAt[static_cast<size_t>(i)] >= 0 && t->m_onServerAt[static_cast<size_t>(i)] <= at ? 1 : 0;
    return n;
}

//-----------------------------------------------------------------------------
// [SECTION] Watching the server: connections and CPU
//-----------------------------------------------------------------------------

// Total and busy jiffies of the whole machine, from /proc/stat.
std::pair<double, double> MachineJiffies() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    const double busy = user + nice + system + irq + softirq + steal;
    return {busy + idle + iowait, busy};
}

double ProcessCpuS() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Samples the server's sessions every 250 ms on a connection of its own (as the superuser): the
// most trainee sessions at once, and all client sessions.
class Watcher {
public:
    Watcher(const std::string& conninfo, const std::string& prefix) : m_conn(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(m_conn) != CONNECTION_OK) Fail("watcher: " + OneLine(PQerrorMessage(m_conn)));
        m_sql = "SELECT count(*) FILTER (WHERE usename LIKE '" + prefix + "%'), count(*) FROM pg_stat_activity "
                "WHERE backend_type = 'client backend'";
        m_jiffies0 = MachineJiffies();
        m_cpu0 = ProcessCpuS();
        m_thread = std::thread([this] { Loop(); });
    }
    ~Watcher() {
        Stop();
        PQfinish(m_conn);
    }
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    void Stop() {
        if (!m_thread.joinable()) return;
        m_stop = true;
        m_thread.join();
        const auto j = MachineJiffies();
        m_busy = (j.second - m_jiffies0.second) / std::max(1.0, j.first - m_jiffies0.first);
        m_cpu = ProcessCpuS() - m_cpu0;
    }
    int MaxTrainees() const { return m_maxTrainees; }
    int MaxClients() const { return m_maxClients; }
    double MachineBusy() const { return m_busy; } // 0..1 of all cores
    double OurCpuS() const { return m_cpu; }      // this process: the simulated clients and agents

private:
    void Loop() {
        while (!m_stop) {
            PGresult* r = PQexec(m_conn, m_sql.c_str());
            if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
                m_maxTrainees = std::max(m_maxTrainees, std::atoi(PQgetvalue(r, 0, 0)));
                m_maxClients = std::max(m_maxClients, std::atoi(PQgetvalue(r, 0, 1)));
            }
            PQclear(r);
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
    }

    PGconn* m_conn;
    std::string m_sql;
    std::atomic<bool> m_stop{false};
    int m_maxTrainees = 0, m_maxClients = 0;
    std::pair<double, double> m_jiffies0;
    double m_cpu0 = 0, m_busy = 0, m_cpu = 0;
    std::thread m_thread;
};

//-----------------------------------------------------------------------------
// [SECTION] Did every log arrive complete?
//-----------------------------------------------------------------------------

// Per trainee: the server's events of her attempt (count, first and last seq, finished) against
// her outbox's. Prints "complete" or each discrepancy; returns whether complete.
bool CheckComplete(const test::PgCluster& cluster, const std::string& db, std::vector<std::unique_ptr<Trainee>>& trainees) {
    PGconn* c = PQconnectdb(cluster.Conninfo(db).c_str());
    if (PQstatus(c) != CONNECTION_OK) Fail("check: " + OneLine(PQerrorMessage(c)));
    PGresult* r = PQexec(c, "SELECT t.name, count(e.seq), coalesce(min(e.seq), -1), coalesce(max(e.seq), -1), "
                            "bool_and(a.finished), count(DISTINCT a.id) FROM supportlab.trainees t "
                            "JOIN supportlab.attempts a ON a.trainee_id = t.id "
                            "LEFT JOIN supportlab.events e ON e.attempt_id = a.id GROUP BY t.name");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) Fail("check: " + OneLine(PQresultErrorMessage(r)));
    struct OnServer {
        long long m_count, m_min, m_max;
        bool m_finished;
        long long m_attempts;
    };
    std::map<std::string, OnServer> server;
    for (int i = 0; i < PQntuples(r); ++i)
        server[PQgetvalue(r, i, 0)] = {std::atoll(PQgetvalue(r, i, 1)), std::atoll(PQgetvalue(r, i, 2)),
                                       std::atoll(PQgetvalue(r, i, 3)), PQgetvalue(r, i, 4)[0] == 't',
                                       std::atoll(PQgetvalue(r, i, 5))};
    PQclear(r);
    PQfinish(c);
    std::vector<std::string> wrong;
    long long total = 0;
    for (auto& t : trainees) {
        auto events = t->m_outbox->Events(t->m_recorder->AttemptId());
        if (!events) Fail(events.Error().m_message);
        const auto n = static_cast<long long>(events->size());
        total += n;
        const auto it = server.find(t->m_login);
        if (it == server.end()) {
            wrong.push_back(t->m_login + ": no attempt on the server (" + std::to_string(n) + " actions in the outbox)");
            continue;
        }
        const OnServer& s = it->second;
        if (s.m_count != n || s.m_attempts != 1 || !s.m_finished || (n > 0 && (s.m_min != 0 || s.m_max != n - 1)))
            wrong.push_back(t->m_login + ": outbox " + std::to_string(n) + " actions, server " + std::to_string(s.m_count) +
                            " (seq " + std::to_string(s.m_min) + ".." + std::to_string(s.m_max) + ", " +
                            std::to_string(s.m_attempts) + " attempt(s), " + (s.m_finished ? "finished" : "NOT finished") +
                            ")");
        if (n != t->m_recorded) wrong.push_back(t->m_login + ": outbox holds " + std::to_string(n) + " of " +
                                                std::to_string(t->m_recorded.load()) + " recorded actions");
    }
    if (wrong.empty()) {
        std::printf("complete: %zu logs, %lld actions: every outbox's actions are on the server, seq 0..n-1 without gaps, "
                    "every attempt finished\n",
                    trainees.size(), total);
        std::fflush(stdout);
        return true;
    }
    std::printf("INCOMPLETE: %zu discrepancies\n", wrong.size());
    for (size_t i = 0; i < wrong.size() && i < 20; ++i) std::printf("  %s\n", wrong[i].c_str());
    std::fflush(stdout);
    return false;
}

// Commit and commit-to-server latencies over every action of every trainee.
void PrintLatencies(std::vector<std::unique_ptr<Trainee>>& trainees, bool withLag) {
    std::vector<double> commit, toServer, lag;
    long long missing = 0;
    for (auto& t : trainees)
        for (size_t i = 0; i < static_cast<size_t>(t->m_recorded.load()); ++i) {
            commit.push_back(t->m_commitMs[i]);
            if (t->m_onServerAt[i] < 0) ++missing;
            else toServer.push_back(t->m_onServerAt[i] - t->m_actedAt[i]);
            if (withLag) lag.push_back(t->m_actedAt[i] - t->m_plannedAt[i]);
        }
    Line("local commit (Apply into the outbox), p50", Percentile(commit, 50), "ms");
    Line("local commit, p99", Percentile(commit, 99), "ms");
    Line("local commit, max", Percentile(commit, 100), "ms");
    Line("action -> on the server, p50", Percentile(toServer, 50), "ms", "end of the agent's round that sent it");
    Line("action -> on the server, p99", Percentile(toServer, 99), "ms");
    Line("action -> on the server, max", Percentile(toServer, 100), "ms");
    if (missing) Line("actions whose arrival was not seen", static_cast<double>(missing), "");
    if (withLag) Line("action started late vs its schedule, p99", Percentile(lag, 99), "ms", "the simulated clients keeping up");
}

void PrintProblems(Run& run) {
    std::lock_guard<std::mutex> lock(run.m_mutex);
    for (const auto& [what, n] : run.m_problems) std::printf("  agent rounds that failed (%d): %s\n", n, what.c_str());
}

void PrintMachine(const Watcher& w) {
    char note[120];
    std::snprintf(note, sizeof note, "of %u cores; this process (clients, agents) used %.1f CPU-s",
                  std::thread::hardware_concurrency(), w.OurCpuS());
    Line("machine busy during the run", 100.0 * w.MachineBusy(), "%", note);
}

//-----------------------------------------------------------------------------
// [SECTION] The drill: trainees at full speed
//-----------------------------------------------------------------------------

// (1) Every trainee records her whole drill as fast as the recorder commits, on a thread of her
// own, while her agent (the app's interval, a connection of her own, held) delivers it.
bool BenchDrill(const Options& o, Server& server, const std::string& dir) {
    std::vector<std::string> logins;
    const std::string db = MakeDatabase(server, "drill", o.m_drillTrainees, &logins);
    std::vector<std::unique_ptr<Trainee>> trainees;
    for (const std::string& login : logins) {
        trainees.push_back(std::make_unique<Trainee>());
        trainees.back()->m_login = login;
        OpenOutbox(*trainees.back(), dir, o.m_drillActions);
    }
    char title[200];
    std::snprintf(title, sizeof title,
                  "The drill: %d trainees x %d actions (a 3-hour drill) at full speed, through their outboxes, "
                  "agents every %d ms, direct connections",
                  o.m_drillTrainees, o.m_drillActions, o.m_agentIntervalMs);
    Header(title);
    Run run;
    run.m_t0 = NowMs();
    const std::string direct = server.m_cluster->Conninfo(db);
    for (auto& t : trainees) StartAgent(*t, run, direct + " user=" + t->m_login, false, o);
    Watcher watch(server.m_cluster->Conninfo(db), "drill");
    const double start = NowMs() - run.m_t0;
    std::vector<std::thread> players;
    for (auto& t : trainees)
        players.emplace_back([&o, &run, tp = t.get()] {
            for (int i = 0; i < o.m_drillActions; ++i) Act(*tp, run, i);
            if (auto f = tp->m_recorder->Finish(); !f) Fail("finish: " + f.Error().m_message);
        });
    for (auto& p : players) p.join();
    const double recorded = NowMs() - run.m_t0;
    const bool drained = WaitDrained(trainees, 60);
    const double done = NowMs() - run.m_t0;
    watch.Stop();
    for (auto& t : trainees) t->m_agent.reset();

    const double total = static_cast<double>(o.m_drillTrainees) * o.m_drillActions;
    double lastOnServer = 0;
    for (auto& t : trainees)
        for (double at : t->m_onServerAt) lastOnServer = std::max(lastOnServer, at);
    Line("actions recorded", total, "");
    Line("recorded into the outboxes", total / ((recorded - start) / 1000.0), "actions/s",
         "all trainees together, first action to last commit");
    Line("delivered end to end", total / ((lastOnServer - start) / 1000.0), "actions/s",
         "first action to the last one on the server");
    Line("whole drill, first action to all on the server", (lastOnServer - start) / 1000.0, "s");
    PrintLatencies(trainees, false);
    Line("server sessions of trainees at most", watch.MaxTrainees(), "", "one held connection per agent");
    PrintMachine(watch);
    PrintProblems(run);
    if (!drained) std::printf("NOT drained: delivery stalled for 60 s (%.1f s after the last action)\n", (done - recorded) / 1000.0);
    return CheckComplete(*server.m_cluster, db, trainees) && drained;
}

//-----------------------------------------------------------------------------
// [SECTION] The class: many trainees at a realistic pace
//-----------------------------------------------------------------------------

// (2) Trainees act every m_paceS seconds (uniformly jittered between 0.5x and 1.5x, the first
// action within the first interval) for m_loadMinutes. Recording threads play them on schedule,
// 16 trainees each (the lateness against the schedule is printed); each
// trainee has her own agent, which holds no connection while idle, through PgBouncer when it runs.
bool BenchClass(const Options& o, Server& server, const std::string& dir) {
    std::vector<std::string> logins;
    const std::string db = MakeDatabase(server, "class", o.m_loadTrainees, &logins);
    const double durationMs = o.m_loadMinutes * 60'000.0;
    std::vector<std::unique_ptr<Trainee>> trainees;
    long long planned = 0;
    for (size_t i = 0; i < logins.size(); ++i) {
        auto t = std::make_unique<Trainee>();
        t->m_login = logins[i];
        std::mt19937_64 rng(1000 + i);
        std::uniform_real_distribution<double> first(0, o.m_paceS * 1000), jitter(0.5, 1.5);
        for (double at = first(rng); at < durationMs; at += o.m_paceS * 1000 * jitter(rng)) t->m_plannedAt.push_back(at);
        planned += static_cast<long long>(t->m_plannedAt.size());
        OpenOutbox(*t, dir, static_cast<int>(t->m_plannedAt.size()));
        trainees.push_back(std::move(t));
    }

    std::unique_ptr<PgBouncer> bouncer;
    std::string how;
    if (o.m_pgbouncer) {
        std::string why;
        bouncer = PgBouncer::Start(*server.m_cluster, db, o.m_loadTrainees, o, &why);
        if (bouncer) {
            how = "through " + PgBouncer::Version() + " (session pooling, max_db_connections " + std::to_string(o.m_poolMax) +
                  ", server_idle_timeout " + std::to_string(o.m_poolIdleS) + " s)";
        } else {
            std::printf("# PgBouncer could not be started: %s\n# running the class with direct connections, as many "
                        "as the server allows (max_connections %d)\n",
                        why.c_str(), o.m_maxConnections);
            how = "DIRECT connections (PgBouncer unavailable)";
        }
    } else {
        how = "direct connections (--no-pgbouncer)";
    }
    char title[300];
    std::snprintf(title, sizeof title,
                  "The class: %d trainees, an action every %.0f s each (jittered), %.1f min; agents every %d ms, "
                  "releasing when idle, %s",
                  o.m_loadTrainees, o.m_paceS, o.m_loadMinutes, o.m_agentIntervalMs, how.c_str());
    Header(title);
    Run run;
    run.m_t0 = NowMs() + 1e9; // no action yet: the agents' first rounds only check
    const std::string direct = server.m_cluster->Conninfo(db);
    const double agentsFrom = NowMs();
    for (auto& t : trainees)
        StartAgent(*t, run, bouncer ? bouncer->Conninfo(t->m_login) : direct + " user=" + t->m_login, true, o);
    for (auto& t : trainees)
        while (!t->m_agent->Status().m_checked) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Line("all agents started and checked in", (NowMs() - agentsFrom) / 1000.0, "s", "each connects once at start");
    PrintProblems(run); // at start (none, normally)
    {
        std::lock_guard<std::mutex> lock(run.m_mutex);
        run.m_problems.clear();
    }

    Watcher watch(server.m_cluster->Conninfo(db), "class");
    run.m_t0 = NowMs();
    // A thread per 16 trainees: each commit waits for its fsync, which a trainee's own machine does
    // alone, so too few threads would make the simulated clients fall behind their schedule.
    const int workers = std::max(1, std::min(64, o.m_loadTrainees / 16));
    std::vector<std::thread> players;
    for (int w = 0; w < workers; ++w)
        players.emplace_back([&, w] {
            using Due = std::tuple<double, size_t, int>; // when, trainee, action
            std::priority_queue<Due, std::vector<Due>, std::greater<Due>> queue;
            for (size_t i = static_cast<size_t>(w); i < trainees.size(); i += workers)
                if (!trainees[i]->m_plannedAt.empty()) queue.emplace(trainees[i]->m_plannedAt[0], i, 0);
            while (!queue.empty()) {
                const auto [at, i, k] = queue.top();
                queue.pop();
                const double wait = run.m_t0 + at - NowMs();
                if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(wait));
                Trainee& t = *trainees[i];
                Act(t, run, k);
                if (static_cast<size_t>(k + 1) < t.m_plannedAt.size()) queue.emplace(t.m_plannedAt[static_cast<size_t>(k + 1)], i, k + 1);
            }
            for (size_t i = static_cast<size_t>(w); i < trainees.size(); i += workers)
                if (auto f = trainees[i]->m_recorder->Finish(); !f) Fail("finish: " + f.Error().m_message);
        });
    for (auto& p : players) p.join();
    const double recorded = NowMs() - run.m_t0;
    const bool drained = WaitDrained(trainees, 60);
    const double done = NowMs() - run.m_t0;
    watch.Stop();
    for (auto& t : trainees) t->m_agent.reset();

    int troubled = 0;
    for (auto& t : trainees) troubled += t->m_problemRounds > 0 ? 1 : 0;
    Line("actions recorded", static_cast<double>(planned), "");
    Line("offered load", static_cast<double>(planned) / (durationMs / 1000.0), "actions/s");
    Line("on the server by the end of the schedule", DeliveredBy(trainees, durationMs), "",
         "delivered at " + std::to_string(static_cast<int>(DeliveredBy(trainees, durationMs) / (durationMs / 1000.0))) +
             " actions/s while recording");
    PrintLatencies(trainees, true);
    Line("server sessions of trainees at most", watch.MaxTrainees(), "",
         "client sessions of any kind at most: " + std::to_string(watch.MaxClients()));
    Line("drain after the last action", (done - recorded) / 1000.0, "s", "finishes included");
    Line("trainees whose agent saw a failed round", troubled, "", "retried next round: nothing is lost");
    PrintMachine(watch);
    PrintProblems(run);
    if (!drained) std::printf("NOT drained: delivery stalled for 60 s, or 15 min passed (%.1f s after the last action)\n",
                              (done - recorded) / 1000.0);
    return CheckComplete(*server.m_cluster, db, trainees) && drained;
}

} // namespace
} // namespace sl::loadbench

//-----------------------------------------------------------------------------
// [SECTION] The room: from a trainee's action to the trainer's control room
//-----------------------------------------------------------------------------

namespace sl::loadbench {
namespace {

// libpq's floor for "another machine sees it": a row committed on one connection, polled for (no
// sleep) on another. What any design built on a shared server pays at least.
std::vector<double> RawSeenOnAnother(const std::string& conninfo, int n) {
    PGconn* a = PQconnectdb(conninfo.c_str());
    PGconn* b = PQconnectdb(conninfo.c_str());
    if (PQstatus(a) != CONNECTION_OK || PQstatus(b) != CONNECTION_OK) Fail("raw: " + OneLine(PQerrorMessage(a)));
    PQclear(PQexec(a, "CREATE TABLE raw_seen (n integer)"));
    std::vector<double> out;
    for (int i = 1; i <= n; ++i) {
        const std::string insert = "INSERT INTO raw_seen VALUES (" + std::to_string(i) + ")";
        const std::string seen = "SELECT 1 FROM raw_seen WHERE n = " + std::to_string(i);
        const double t0 = NowMs();
        PQclear(PQexec(a, insert.c_str()));
        for (;;) {
            PGresult* r = PQexec(b, seen.c_str());
            const bool there = PQntuples(r) == 1;
            PQclear(r);
            if (there) break;
        }
        out.push_back(NowMs() - t0);
    }
    PQfinish(a);
    PQfinish(b);
    return out;
}

bool BenchRoom(const Options& o, Server& server, const std::string& dir) {
    Header("The room: " + std::to_string(o.m_roomTrainees) + " trainees' actions in the trainer's control room");
    std::vector<std::string> logins;
    const std::string db = MakeDatabase(server, "room", o.m_roomTrainees, &logins);
    const std::string admin = server.m_cluster->Conninfo(db);
    if (auto st = PgAddUser(admin, PgNewUser{"roomtrainer", PgRole::Trainer, "", "pw-roomtrainer"}); !st) Fail(st.Error().m_message);
    PgOpenOptions po;
    po.m_migrate = false;
    po.m_password = "pw-roomtrainer";
    auto trainer = PgStore::Open(admin + " user=roomtrainer", po);
    if (!trainer) Fail(trainer.Error().m_message);
    if (auto st = trainer.Value()->PutLab(LabInfo{"room-lab", "Room", 70.0}); !st) Fail(st.Error().m_message);
    auto session = trainer.Value()->StartLabSession(LabSession{0, "room-lab", "room", "Tess", 1000, std::nullopt});
    if (!session) Fail(session.Error().m_message);

    // Each trainee's machine as the app runs it: her outbox holds the session (her agent copies it;
    // here it is copied up front), her attempt is in it, and her agent knows where she is.
    Run run;
    std::vector<std::unique_ptr<Trainee>> trainees;
    for (const std::string& login : logins) {
        auto t = std::make_unique<Trainee>();
        t->m_login = login;
        t->m_outboxPath = dir + "/" + login + ".db";
        auto opened = SqliteStore::Open(t->m_outboxPath);
        if (!opened) Fail(opened.Error().m_message);
        t->m_outbox = std::move(opened.Value());
        auto me = t->m_outbox->FindOrAddTrainee(login, "room");
        auto local = t->m_outbox->StartLabSession(session.Value());
        if (!me || !local) Fail("outbox set-up");
        Attempt meta;
        meta.m_traineeId = me->m_id;
        meta.m_sessionId = local->m_id;
        auto rec = AttemptRecorder::Start(*t->m_outbox, DrillScenario(), meta, SystemWallClockMs);
        if (!rec) Fail(rec.Error().m_message);
        t->m_recorder.emplace(std::move(rec.Value()));
        // One action each before timing (an attempt reaches the server with its first action).
        const size_t slots = static_cast<size_t>(o.m_roomActions) + 1;
        t->m_actedAt.assign(slots, -1);
        t->m_commitMs.assign(slots, -1);
        t->m_onServerAt.assign(slots, -1);
        Options agentOptions = o;
        agentOptions.m_agentIntervalMs = 2000; // the app's
        StartAgent(*t, run, admin + " user=" + login, true, agentOptions);
        t->m_agent->SetWhereabouts(Whereabouts{local->m_id, "drill", t->m_recorder->AttemptRecord().m_uid, 0});
        Act(*t, run, 0);
        t->m_agent->Nudge();
        trainees.push_back(std::move(t));
    }
    RoomWatcher::Options wo;
    wo.m_conninfo = admin + " user=roomtrainer";
    wo.m_password = "pw-roomtrainer";
    wo.m_interval = std::chrono::milliseconds(500); // the app's (ui::kRoomReadSeconds)
    RoomWatcher watcher(wo);
    watcher.Watch(session->m_id);
    auto rowOf = [&](const RoomWatcher::Snapshot& snap, const std::string& login) -> const RoomTraineeRow* {
        if (!snap.m_status) return nullptr;
        for (const RoomTraineeRow& r : snap.m_status->m_trainees)
            if (r.m_name == login) return &r;
        return nullptr;
    };
    // Everyone's attempt on the server and online before timing starts.
    const double setUp = NowMs();
    for (;;) {
        const RoomWatcher::Snapshot snap = watcher.Latest();
        int ready = 0;
        for (const auto& t : trainees)
            if (const RoomTraineeRow* r = rowOf(snap, t->m_login); r && r->m_online && r->m_lastActivity) ++ready;
        if (ready == static_cast<int>(trainees.size())) break;
        if (NowMs() - setUp > 120'000) {
            std::string why = snap.m_error;
            if (snap.m_status)
                for (const RoomTraineeRow& r : snap.m_status->m_trainees)
                    why += " " + r.m_name + (r.m_online ? " online" : " offline") + (r.m_lastActivity ? " acted" : " no attempt") +
                           (r.m_problem.empty() ? "" : " (" + r.m_problem + ")");
            for (const auto& t : trainees) why += " | agent: " + t->m_agent->Status().m_problem;
            Fail("the room did not see every trainee online within 2 minutes:" + why);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    Line("set-up: every trainee online in the room", (NowMs() - setUp) / 1000.0, "s");

    std::vector<double> seen;
    int missed = 0;
    std::uint64_t gap = 42;
    run.m_t0 = NowMs();
    for (int k = 0; k < o.m_roomActions; ++k) {
        Trainee& t = *trainees[static_cast<size_t>(k) % trainees.size()];
        const int i = 1 + k / static_cast<int>(trainees.size());
        const double t0 = NowMs();
        const WallTime wall = SystemWallClockMs();
        Act(t, run, i);
        t.m_agent->Nudge(); // what the app does after each recorded action
        bool found = false;
        while (NowMs() - t0 < 10'000) {
            const RoomWatcher::Snapshot snap = watcher.Latest();
            if (const RoomTraineeRow* r = rowOf(snap, t.m_login); r && r->m_lastActivity && *r->m_lastActivity >= wall) {
                found = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        if (!found) ++missed;
        seen.push_back(NowMs() - t0);
        // The next action on another laptop, at a random moment of the poller's cycle (a fixed gap
        // would lock onto its phase and measure one point of it).
        gap = gap * 6364136223846793005ull + 1442695040888963407ull;
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + static_cast<int>((gap >> 33) % 700)));
    }
    const std::vector<double> raw = RawSeenOnAnother(admin, 200);
    const double ours = Percentile(seen, 50), rawMedian = Percentile(raw, 50);
    Line("action to control room, median (ours)", ours, "ms", "record, deliver (agent woken), poller read (0.5 s), replay");
    Line("action to control room, p95 (ours)", Percentile(seen, 95), "ms");
    Line("action to control room, max (ours)", Percentile(seen, 100), "ms", "goal: 2000 ms with the window's redraw at 0.5 s");
    Line("committed on one connection, seen on another (libpq)", rawMedian, "ms", "median of 200: the floor");
    Line("ratio ours / libpq (median)", rawMedian > 0 ? ours / rawMedian : 0, "x", "the poll interval, not the work, dominates");
    Line("actions not seen within 10 s", missed, "");
    for (auto& t : trainees) t->m_agent.reset();
    return missed == 0;
}

} // namespace
} // namespace sl::loadbench

//-----------------------------------------------------------------------------
// [SECTION] Entry point
//-----------------------------------------------------------------------------

int main(int argc, char** argv) {
    using namespace sl::loadbench;
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s", kUsage);
                std::exit(2);
            }
            return argv[++i];
        };
        auto number = [&]() { return std::max(1, std::atoi(value().c_str())); };
        if (a == "--quick") o.m_quick = true;
        else if (a == "--drill-only") o.m_class = o.m_room = false;
        else if (a == "--class-only") o.m_drill = o.m_room = false;
        else if (a == "--room-only") o.m_drill = o.m_class = false;
        else if (a == "--room-trainees") o.m_roomTrainees = number();
        else if (a == "--room-actions") o.m_roomActions = number();
        else if (a == "--drill-trainees") o.m_drillTrainees = number();
        else if (a == "--drill-actions") o.m_drillActions = number();
        else if (a == "--load-trainees") o.m_loadTrainees = number();
        else if (a == "--load-minutes") o.m_loadMinutes = std::max(0.05, std::atof(value().c_str()));
        else if (a == "--pace-s") o.m_paceS = std::max(0.1, std::atof(value().c_str()));
        else if (a == "--agent-interval-ms") o.m_agentIntervalMs = number();
        else if (a == "--no-pgbouncer") o.m_pgbouncer = false;
        else if (a == "--max-connections") o.m_maxConnections = number();
        else if (a == "--pool-max") o.m_poolMax = number();
        else if (a == "--pool-idle-s") o.m_poolIdleS = number();
        else if (a == "--help" || a == "-h") {
            std::printf("%s", kUsage);
            return 0;
        } else {
            std::fprintf(stderr, "%s", kUsage);
            return 2;
        }
    }
    if (o.m_quick) {
        o.m_drillTrainees = 3;
        o.m_drillActions = 20;
        o.m_loadTrainees = 6;
        o.m_loadMinutes = 0.1;
        o.m_paceS = 1;
        o.m_agentIntervalMs = 200;
        o.m_roomTrainees = 3;
        o.m_roomActions = 6;
    }
#ifndef NDEBUG
    std::printf("# build: NOT optimised (debug build: figures are not representative)\n");
#endif
    // Every outbox is an SQLite file (and its -wal, -shm) held open, and each agent opens it again.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/sl-load-bench-XXXXXX";
    if (!::mkdtemp(tmpl.data())) Fail("mkdtemp failed");
    const std::string dir = tmpl;
    std::printf("# supportlab-load-bench: libpq %d, outboxes in %s, %u cores (shared by the server, PgBouncer and every "
                "simulated trainee)%s\n",
                PQlibVersion(), dir.c_str(), std::thread::hardware_concurrency(),
                o.m_quick ? " (--quick: tiny sizes, figures mean nothing)" : "");
    std::fflush(stdout);
    Server server = StartServer(o);
    std::printf("# PostgreSQL: %s; fsync on, synchronous_commit on, shared_buffers 128MB, max_connections %d\n",
                server.m_cluster->QueryValue("postgres", "SELECT version()").substr(0, 40).c_str(), o.m_maxConnections);
    // Timings are never judged; a log that did not arrive complete is a failure.
    bool complete = true;
    if (o.m_drill) complete = BenchDrill(o, server, dir) && complete;
    if (o.m_class) complete = BenchClass(o, server, dir) && complete;
    if (o.m_room) complete = BenchRoom(o, server, dir) && complete;
    std::error_code ec;
    fs::remove_all(dir, ec);
    return complete ? 0 : 1;
}
