// SupportLab store: delivering a local SQLite store (a trainee's outbox, or an old standalone file) to another store.
#pragma once

#include "store/sqlite_store.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace sl {

// What a delivery may send. A trainee's machine sends her work and never a score: a lead's
// `rescore` scores it on the server. `push` of an old standalone file (a lead) sends everything.
struct DeliveryOptions {
    bool m_sendScores = false;   // stored scores and running totals; without it attempts arrive closed and unscored
    bool m_addPeople = false;    // add trainees (and cohorts) the target lacks; without it they must exist there
    bool m_copyLabs = false;     // the labs' settings (title, pass mark)
    bool m_recordMarks = true;   // write delivery marks into the source (false for a file we may not write)
    int m_markEvery = 200;       // events between marks: a killed delivery resends at most this many
    // Called before each attempt is sent (for a progress line); may be empty.
    std::function<void(const Attempt&)> m_onAttempt;
};

struct DeliveryReport {
    std::int64_t m_attempts = 0; // attempts that had something to send
    std::int64_t m_events = 0;   // actions sent (already-stored ones are counted, as they were resent)
    std::int64_t m_finished = 0; // attempts whose finish (or abandonment) was sent
    std::int64_t m_labRuns = 0;
    std::int64_t m_trainees = 0; // trainees the target gained (m_addPeople)
    std::int64_t m_refused = 0;  // attempts a rule of the target refused (they stay; the rest went)
};

// Whether a --db value names an organisation server (a libpq URI, postgresql:// or postgres://, or
// libpq's key=value form starting with host=, hostaddr=, dbname=, service=, port= or user=) rather
// than an SQLite file.
bool IsServerLocation(const std::string& db);

// The outbox for a server: an SQLite store at $XDG_DATA_HOME/supportlab/outbox/<hash>.db (else
// ~/.local/share/...), one per server location (given without its password), so work for two
// servers never mixes.
std::string OutboxPath(const std::string& serverLocation);

// Sends everything `from` holds that the target (`to`, named `target` in the delivery marks) does
// not have yet: trainees by name, lab sessions by (lab, cohort, trainer, start), attempts and lab
// runs by uid, events by sequence number. Every step is idempotent on the target, so a delivery
// that was cut off (network, kill -9) is simply run again. On an error, *report says what went
// before it; nothing already sent is lost. An attempt the target refuses by one of its rules
// (Constraint: no attempts left, a scenario under assessment) stays undelivered while the rest
// goes; the first such refusal is then the error, and *report counts them.
StoreResult<DeliveryReport> Deliver(SqliteStore& from, Store& to, const std::string& target,
                                    const DeliveryOptions& options, DeliveryReport* report = nullptr);

} // namespace sl
