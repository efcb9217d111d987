// SupportLab robustness tests: a scripted lab on disk, child processes, and reading back what a
// database holds.
#pragma once

#include "core/action.hpp"
#include "core/model.hpp"
#include "store/store.hpp"

#include <string>
#include <vector>

#include <sys/types.h>

namespace sl::robust {

// A temporary folder removed with the object.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& Path() const { return m_path; }

private:
    std::string m_path;
};

// One module of the scripted lab: a shipped scenario and the answer-key actions it accepts.
struct LabModule {
    std::string m_id;
    std::string m_scenarioPath;
    std::string m_actionsPath; // written by MakeLab
    std::vector<Action> m_actions;
    std::vector<std::string> m_lines; // FormatAction of each action, as events store them
};

// A plan review and an escalation drill worked by the answer key (investigating, with hints):
// a couple of hundred actions. The action scripts are written under dir.
std::vector<LabModule> MakeLab(const std::string& dir);

// The driver's command line for the lab.
std::vector<std::string> DriverArgs(const std::string& db, const std::vector<LabModule>& lab);

// A child process with its stdout on a pipe.
struct Child {
    pid_t m_pid = -1;
    int m_out = -1;        // read end of the child's stdout
    std::string m_partial; // an unfinished line read so far
};
Child Spawn(const std::vector<std::string>& argv);
// Reads what the child wrote (all that is there when `wait` is false; else waits up to a second for
// some), appending whole lines. Returns false once the child closed its stdout.
bool ReadLines(Child& child, std::vector<std::string>& lines, bool wait);
// Waits for the child; returns its exit code, or -signal when a signal ended it.
int Reap(Child& child);

// "ok", or what PRAGMA integrity_check reported (checked with the bare SQLite API).
std::string IntegrityCheck(const std::string& db);

// What the database holds for trainee "Kim": per module (matched by module id; "" for attempts
// outside a lab), its attempts and the last attempt's events.
struct StoredModule {
    std::vector<Attempt> m_attempts;
    std::vector<Event> m_events; // of the last attempt
    std::string m_scoresJson;    // FormatScoreJson of the stored scores, when finished
};
std::vector<StoredModule> ReadLab(const std::string& db, const std::vector<LabModule>& lab);

} // namespace sl::robust
