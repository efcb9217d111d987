// SupportLab server link: signing in to the organisation server and delivering the outbox in the background (no UI, no ImGui).
#pragma once

#include "core/engine.hpp"
#include "store/assessment_sitting.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"
#include "store/store.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sl {

// The server as a signed-in user sees it: never migrating (that is the administrator's job), with
// a typed password (or none, for ~/.pgpass and PGPASSWORD) and a connect timeout.
StoreResult<std::unique_ptr<PgStore>> OpenServer(const std::string& conninfo, const std::string& password, int connectTimeoutS = 10);

// Signs in with the connection string (and a typed password, or none for ~/.pgpass and
// PGPASSWORD) and says who that is. Refused sign-ins are Invalid; a server that cannot be reached
// is Io. The schema is never migrated here.
StoreResult<PgIdentity> SignIn(const std::string& conninfo, const std::string& password, int connectTimeoutS = 10);

// The login a connection string names (user=, or a URI's user), else PGUSER; "" when neither.
std::string ConninfoUser(const std::string& conninfo);

// What the agent last saw, for the status bar.
struct DeliveryStatus {
    bool m_checked = false;           // a first attempt has been made
    bool m_online = false;            // the last attempt reached the server
    std::int64_t m_waitingActions = 0; // actions in the outbox the server does not have yet
    std::int64_t m_waitingAttempts = 0;
    std::string m_problem;            // why the last attempt failed ("" when it did not)
    std::int64_t m_deliveredActions = 0; // actions delivered since the agent started
    // Rounds: the number of the round that published this status, and how many had started when
    // Status() was read. Work recorded now is known delivered only by a round numbered higher.
    std::uint64_t m_round = 0;
    std::uint64_t m_roundsStarted = 0;
    // The live room of the session she is in (SetWhereabouts), as the server said last round.
    RowId m_roomLocalSession = 0;        // the outbox's id of that session; 0: none read
    bool m_roomPaused = false;
    bool m_roomPaced = false;         // the trainer opens the modules one by one ...
    int m_roomOpenedModules = 0;      // ... and has opened this many
    std::vector<RoomInstruction> m_roomInstructions; // every instruction sent, in order
    // The server's answers to what SetAwaited named, asked this round (after delivering it).
    std::vector<ServerAnswer> m_answers;
};

// Where the trainee is, for the trainer's control room: the session (the outbox's id), the lab
// module, the attempt and its simulated clock.
struct Whereabouts {
    RowId m_localSession = 0;
    std::string m_module;
    std::string m_attemptUid;
    SimTime m_simNow = 0;
};

// Delivers the outbox (an SQLite store written by the app's own connection) to the server every
// `interval`, and at once after Nudge(), on a thread of its own with its own connections. Each
// round it also copies the lab sessions of her cohort into the outbox (so her start screen lists
// them), and while she plays in one (SetWhereabouts) it tells the server she is there (heartbeat)
// and reads the room: paused or not, and the trainer's instructions. Safe to
// stop at any moment: every delivery step is idempotent and the outbox keeps everything until the
// server has it. The destructor stops the thread within one connect timeout.
class DeliveryAgent {
public:
    struct Options {
        std::string m_conninfo;            // the server (its password is never shown)
        std::string m_password;            // typed at sign-in; empty: ~/.pgpass or PGPASSWORD
        std::string m_outboxPath;
        std::chrono::milliseconds m_interval{2000};
        int m_connectTimeoutS = 3;         // short: an unreachable server must not delay quitting long
        // Hold no connection between rounds: connect only when the outbox has something to send
        // (and for the first check), disconnect after the round. For many trainees behind PgBouncer
        // in session pooling, where a held connection is a server connection taken from the others.
        // While idle, m_online is what the last contact found.
        bool m_releaseWhenIdle = false;
        // Called on the agent's thread after each round with the status it published (a benchmark's
        // or a test's hook); may be empty.
        std::function<void(const DeliveryStatus&)> m_onRound;
    };
    explicit DeliveryAgent(Options options);
    ~DeliveryAgent();
    DeliveryAgent(const DeliveryAgent&) = delete;
    DeliveryAgent& operator=(const DeliveryAgent&) = delete;

    DeliveryStatus Status() const;
    // The assessments open for her, read with her cohort's sessions (nullopt: not read yet). Kept
    // apart from Status, which the status bar copies every frame: these carry scenario texts.
    std::optional<std::vector<AssessmentOffer>> Offers() const;
    void Nudge();
    // Where she is now (nullopt: in no session's scenario). A change starts a round at once.
    void SetWhereabouts(std::optional<Whereabouts> where);
    // While she is on her start screen: her cohort's sessions are looked for at least every
    // kSessionsEvery, even in rounds with nothing to send (which otherwise connect to nothing).
    void SetLookingForSessions(bool looking);
    // What her assessed attempt waits for (an empty attempt uid: nothing). A change starts a round
    // at once: the round delivers the escalation or step, then asks the server for its answer.
    void SetAwaited(AwaitedAnswers awaited);
    // Runs one more round that starts after this call (the app does so as it quits, so work done
    // in the last seconds is not left waiting until the next start) and waits at most `limit` for
    // it. Returns the status that round published; its m_checked is false if it did not end in time.
    DeliveryStatus DeliverNowAndWait(std::chrono::milliseconds limit);

private:
    void Loop();
    void DeliverOnce();
    // The lab sessions of her cohort into the outbox; and the room of the session she is in.
    void CopySessions(SqliteStore& outbox);
    void ReadOffers(const Trainee& me, const std::vector<LabSession>& sessions);
    void AskAnswers(const AwaitedAnswers& awaited, DeliveryStatus& next);
    void FollowRoom(SqliteStore& outbox, const Whereabouts& where, DeliveryStatus& next);
    std::optional<RowId> ServerSessionOf(SqliteStore& outbox, RowId localSession);

    Options m_options;
    std::string m_target; // the server's location without password: the outbox's delivery marks key
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_nudged = false;
    std::uint64_t m_roundsStarted = 0;  // rounds begun; a round's number is this after it begins
    std::uint64_t m_roundsFinished = 0; // the number of the last round that ended
    std::condition_variable m_roundDone;
    DeliveryStatus m_status;
    std::optional<Whereabouts> m_where;
    bool m_lookingForSessions = false;
    AwaitedAnswers m_awaited;
    std::optional<std::vector<AssessmentOffer>> m_offers; // under m_mutex (ReadOffers replaces it whole)
    static constexpr std::chrono::seconds kSessionsEvery{10};
    std::chrono::steady_clock::time_point m_sessionsCopied{}; // agent thread only
    std::map<RowId, RowId> m_serverSessionOf;                 // outbox session -> server's; agent thread only
    std::unique_ptr<PgStore> m_server; // reused between rounds; reopened after a failure
    std::thread m_thread;              // last: started once everything above exists
};

} // namespace sl
