// SupportLab robustness tests: the scripted lab, child processes and database read-back.
#include "robust_util.hpp"

#include "../bench/answer_key.hpp"
#include "core/engine.hpp"
#include "core/scoring.hpp"
#include "scenario_io/loader.hpp"
#include "store/sqlite_store.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sl::robust {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string templ = (fs::temp_directory_path() / "supportlab-robust-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    m_path = templ;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::vector<LabModule> MakeLab(const std::string& dir) {
    std::vector<LabModule> lab;
    const std::pair<const char*, const char*> modules[] = {{"review", "/plan-review/support-plan.yaml"},
                                                           {"drill", "/drills/customer-led-monday.yaml"}};
    for (const auto& [id, rel] : modules) {
        LabModule m;
        m.m_id = id;
        m.m_scenarioPath = std::string(SUPPORTLAB_SCENARIO_DIR) + rel;
        LoadResult<Scenario> sc = LoadScenarioFile(m.m_scenarioPath);
        if (!sc.Ok()) throw std::runtime_error("cannot load " + m.m_scenarioPath);
        testkit::KeyOptions options;
        options.m_investigate = true;
        options.m_hints = true;
        Simulation sim(*sc.m_value, sc.m_value->m_defaultSeed);
        ActionScript script;
        script.m_seed = sc.m_value->m_defaultSeed;
        for (Action& a : testkit::AnswerKeyActions(*sc.m_value, options)) {
            if (!sim.Apply(a).m_ok) continue; // keep only what the engine accepts, so every run replays
            m.m_lines.push_back(FormatAction(a));
            script.m_actions.push_back(std::move(a));
        }
        m.m_actions = script.m_actions;
        m.m_actionsPath = dir + "/" + m.m_id + ".actions";
        std::ofstream(m.m_actionsPath, std::ios::binary) << FormatActionScript(script);
        lab.push_back(std::move(m));
    }
    return lab;
}

std::vector<std::string> DriverArgs(const std::string& db, const std::vector<LabModule>& lab) {
    std::vector<std::string> args = {SUPPORTLAB_LAB_DRIVER, "--db", db, "--trainee", "Kim", "--lab", "robust-lab"};
    for (const LabModule& m : lab) {
        args.push_back("--module");
        args.push_back(m.m_id);
        args.push_back(m.m_scenarioPath);
        args.push_back(m.m_actionsPath);
    }
    return args;
}

Child Spawn(const std::vector<std::string>& argv) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(fds[1], 1);
        ::close(fds[0]);
        ::close(fds[1]);
        const int devnull = ::open("/dev/null", O_WRONLY);
        if (devnull >= 0) ::dup2(devnull, 2); // a killed child's half-written messages are noise
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    Child child;
    child.m_pid = pid;
    child.m_out = fds[0];
    return child;
}

bool ReadLines(Child& child, std::vector<std::string>& lines, bool wait) {
    for (;;) {
        pollfd p{child.m_out, POLLIN, 0};
        const int ready = ::poll(&p, 1, wait ? 1000 : 0);
        if (ready <= 0) return true;
        char buf[4096];
        const ssize_t n = ::read(child.m_out, buf, sizeof buf);
        if (n <= 0) return false; // end of file: the child is gone
        child.m_partial.append(buf, static_cast<size_t>(n));
        size_t nl;
        while ((nl = child.m_partial.find('\n')) != std::string::npos) {
            lines.push_back(child.m_partial.substr(0, nl));
            child.m_partial.erase(0, nl + 1);
        }
        if (wait) return true;
    }
}

int Reap(Child& child) {
    int status = 0;
    while (::waitpid(child.m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (child.m_out >= 0) ::close(child.m_out);
    child.m_out = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return -1000;
}

std::string IntegrityCheck(const std::string& db) {
    sqlite3* h = nullptr;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        const std::string err = h ? sqlite3_errmsg(h) : "cannot open";
        sqlite3_close(h);
        return err;
    }
    std::string result;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!result.empty()) result += "; ";
            result += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        }
    } else {
        result = sqlite3_errmsg(h);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return result;
}

std::vector<StoredModule> ReadLab(const std::string& db, const std::vector<LabModule>& lab) {
    std::vector<StoredModule> out(lab.size());
    auto opened = SqliteStore::Open(db, SqliteOpenOptions{false, false, 5000});
    if (!opened) return out; // not created yet
    Store& store = *opened.Value();
    auto trainee = store.FindTrainee("Kim");
    if (!trainee) return out;
    AttemptFilter filter;
    filter.m_traineeId = trainee->m_id;
    auto attempts = store.Attempts(filter);
    if (!attempts) throw std::runtime_error(attempts.Error().m_message);
    for (size_t m = 0; m < lab.size(); ++m) {
        for (const Attempt& a : attempts.Value())
            if (a.m_moduleId.value_or("") == lab[m].m_id) out[m].m_attempts.push_back(a);
        if (out[m].m_attempts.empty()) continue;
        const Attempt& last = out[m].m_attempts.back();
        auto events = store.Events(last.m_id);
        if (!events) throw std::runtime_error(events.Error().m_message);
        out[m].m_events = events.Value();
        if (last.m_finished) {
            auto scores = store.Scores(last.m_id);
            if (!scores) throw std::runtime_error(scores.Error().m_message);
            out[m].m_scoresJson = FormatScoreJson(scores.Value());
        }
    }
    return out;
}

} // namespace sl::robust
