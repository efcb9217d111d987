// SupportLab CLI: the store commands' command line, opening the database, writing outputs, and `play --trainee`.
#pragma once

#include "cli/cli_util.hpp"
#include "core/action.hpp"
#include "core/model.hpp"
#include "reports/query.hpp"
#include "store/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sl::cli {

// The options every store command shares: the database and which attempts to cover.
struct Selection {
    std::string m_db;
    std::string m_cohort, m_lab, m_scenario, m_session, m_trainee;
};

// The command line of a command that reads attempts from the database (report, export): the
// selection options (--db --cohort --lab --scenario --session --trainee, into *sel) before the
// command's own, which the caller adds. --help prints help, the selection options' help and
// "Exit codes: <exitCodes>"; a usage message is followed by help and the selection options' help.
CommandLine StoreCommandLine(const char* command, const char* help, const char* exitCodes, Selection* sel);

// --db PATH when given, else the default ($XDG_DATA_HOME/supportlab/supportlab.db).
std::string DatabasePath(const std::string& dbOption);

// Opens an existing database for reading (migrating it when it can be written; read-only
// otherwise). Prints the reason to stderr and returns null on failure.
std::unique_ptr<Store> OpenDatabaseForReading(const std::string& path, const char* command);
// Opens (creating when create is true) the database for writing; null with the reason printed.
std::unique_ptr<Store> OpenDatabaseForWriting(const std::string& path, bool create, const char* command);

// Writes text to path ("-" = stdout) through a temporary file renamed into place, so a failed
// write never leaves half a file. false with *error on failure.
bool WriteOutput(const std::string& path, const std::string& text, std::string* error);

// Turns a Selection into a report query: resolves --trainee to its id and checks --session is a
// number. Prints the reason and returns nullopt when either fails.
std::optional<ReportQuery> ToReportQuery(Store& store, const Selection& s, const char* command);

// Opens the selection's database for reading and builds its query; null store when that failed
// (the reason is printed).
struct OpenedSelection {
    std::unique_ptr<Store> m_store;
    ReportQuery m_query;
};
OpenedSelection OpenSelection(const Selection& s, const char* command);

// WriteOutput, printing the reason on failure; returns the exit code.
int WriteCommandOutput(const std::string& path, const std::string& text, const char* command);

struct StoredPlay {
    std::string m_dbPath;
    std::string m_trainee;
    std::string m_cohort;
    std::string m_actionsPath; // for error messages
    bool m_json = false;
    // Within a lab (`play --lab`): stored as the app stores a lab module's attempt, in a run of the
    // lab (the trainee's unfinished one for the same lab and session, else a new one), whose module
    // is marked done with the script's simulated time.
    std::shared_ptr<const Lab> m_lab;
    std::string m_moduleId;
    std::optional<RowId> m_sessionId;
};

// Delivers the outbox at outboxPath to the server at uri, printing what was sent (or why not, and
// how much still waits) to stderr, each line starting "supportlab-cli <command>: ".
enum class SyncOutcome { Delivered, Offline, Failed };
SyncOutcome SyncOutbox(const std::string& uri, const std::string& outboxPath, const char* command);

// `play SCENARIO --actions FILE --trainee NAME [--db PATH|URI]`: records the scripted attempt action by
// action and prints the score breakdown like play. For a server URI the attempt is recorded in
// that server's outbox, then delivered: an unreachable server leaves it waiting there (exit 0).
// Returns the exit code.
int PlayAndStore(const Scenario& scenario, const std::vector<Action>& actions, std::uint64_t seed,
                 const StoredPlay& options);

} // namespace sl::cli
