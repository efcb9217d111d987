// SupportLab store: the SQLite implementation of Store (WAL, foreign keys, STRICT tables, migrations).
#pragma once

#include "store/store.hpp"

#include <memory>
#include <string>

namespace sl {

struct SqliteOpenOptions {
    bool m_create = true;        // create the file (and its parent folders) when missing
    bool m_readOnly = false;     // open for reading only (reports); never migrates
    int m_busyTimeoutMs = 5000;  // how long to wait for another process's lock
};

// $XDG_DATA_HOME/supportlab/supportlab.db, else $HOME/.local/share/supportlab/supportlab.db,
// else ./supportlab.db when neither variable is set.
std::string DefaultDatabasePath();

// The current schema version (PRAGMA user_version written by the newest migration).
int SqliteSchemaVersion();

class SqliteStore;

// Opens (creating and migrating when allowed) the database at path. Refuses, with a clear message
// and without writing anything, a newer schema, a non-SQLite or corrupt file, or an unwritable place.
StoreResult<std::unique_ptr<SqliteStore>> OpenSqliteStore(const std::string& path,
                                                          const SqliteOpenOptions& options = {});

// Wall-clock milliseconds since the Unix epoch (the app and CLI may read the clock; the core may not).
WallTime SystemWallClockMs();

} // namespace sl
