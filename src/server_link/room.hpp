// SupportLab server link: the live room — what the trainer's control room and `session status` show (no UI).
#pragma once

// The trainer's control room and `supportlab-cli session status` read the same thing: ReadRoom
// takes one snapshot of a lab session from the server (its settings, the room's instructions,
// who is present, and every attempt's event log), and BuildRoomStatus replays each trainee's
// current attempt through the core, as resume and rescore do, to say where she stands. Reading
// and building are apart so the building is tested without a server, and a poller can keep the
// event logs it has already read (RoomCache) and ask only for what grew.

#include "core/engine.hpp"
#include "store/pg_store.hpp"
#include "store/store.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sl {

// A trainee is online while her machine's heartbeat (every delivery round, 2 s) is this recent.
inline constexpr WallTime kOnlineWithinMs = 10'000;
// An instruction that reached a trainee's log this long after it was sent arrived late: her
// machine was offline when it was sent.
inline constexpr WallTime kLateAfterMs = 15'000;

// Everything about a session the room shows, as one read.
struct RoomData {
    LabSession m_session;
    PgSessionSettings m_settings;
    PgRoom m_room;                        // every instruction sent
    std::vector<PgPresence> m_presence;
    std::vector<Trainee> m_trainees;      // the session's cohort (or those with attempts in it)
    std::vector<Attempt> m_attempts;      // the session's, oldest first
    std::map<RowId, std::vector<Event>> m_events; // per attempt
    WallTime m_readAt = 0;                // the server's clock at the read
};

// Event logs already read, by attempt: a poller passes the same cache each time and only the
// logs whose event count grew are read again.
struct RoomCache {
    std::map<RowId, std::vector<Event>> m_events;
};

StoreResult<RoomData> ReadRoom(PgStore& server, RowId sessionId, RoomCache* cache = nullptr);

struct RoomTraineeRow {
    RowId m_traineeId = 0;
    std::string m_name;
    bool m_online = false;
    std::optional<WallTime> m_lastSeen;     // her machine's last heartbeat
    std::optional<WallTime> m_lastActivity; // her newest action
    std::string m_module;                   // the lab module she is on ("" before any)
    std::string m_scenarioId;               // of her current attempt ("" before any)
    SimTime m_simTime = 0;                  // its simulated clock, as her machine last said
    int m_open = 0;                         // tickets open now
    int m_breached = 0;                     // open tickets past an SLA target
    int m_nearBreach = 0;                   // open tickets past 75% of one
    std::optional<double> m_scorePercent;   // practice only: her score so far
    int m_injectsReceived = 0;              // the room's instructions for her scenario in her log
    int m_injectsLate = 0;                  // of those, how many arrived late
    int m_injectsWaiting = 0;               // sent, not in her log yet
    std::string m_problem;                  // why her state could not be read ("" when it could)
};

struct RoomInjectRow {
    PgRoomInject m_sent;
    std::string m_title;     // the inject's title, from the scenario ("" when unknown)
    int m_trainees = 0;      // trainees on its scenario
    int m_received = 0;
    int m_late = 0;
};

// A planned or library inject of a scenario in the session, with what the room did with it.
struct RoomPlanRow {
    std::string m_scenarioId;
    std::string m_injectId;
    std::string m_title;
    std::string m_kind;          // "planned", "library", "contingency"
    std::optional<SimTime> m_at; // planned time
    std::string m_state;         // "as planned", "moved to 0:45", "fired", "skipped"
    std::optional<SimTime> m_due; // when it fires if nothing changes: planned or moved time; none once fired or skipped
};

struct RoomStatus {
    RowId m_sessionId = 0;
    std::string m_labId, m_cohort;
    bool m_assessment = false;
    bool m_paced = false;       // the trainer opens the lab's modules one by one ...
    int m_openedModules = 0;    // ... and has opened this many
    std::optional<WallTime> m_pausedWall;
    std::vector<RoomTraineeRow> m_trainees;
    std::vector<RoomInjectRow> m_injects;
    std::vector<RoomPlanRow> m_plan;
    WallTime m_readAt = 0;
};

// The scenarios the room knows, for replaying attempts: found by content hash (the version
// played), else by id.
const Scenario* FindScenarioFor(const std::vector<const Scenario*>& scenarios, const Attempt& a);

// The room as `data` shows it, each trainee's current attempt replayed against `scenarios`.
RoomStatus BuildRoomStatus(const RoomData& data, const std::vector<const Scenario*>& scenarios);

// The instructions sent, as the core's RoomInstruction list.
std::vector<RoomInstruction> Instructions(const PgRoom& room);

// The scenarios a room's attempts are replayed against: the library's files under `path`, and the
// server's published trainee parts (assessments are played on those; nullptr: none). Errors in the
// library's files go to *problems (formatted diagnostics), and the rest is used.
std::vector<std::shared_ptr<const Scenario>> LoadRoomScenarios(const std::string& path, PgStore* server,
                                                              std::vector<std::string>* problems);

// `session status` output: a table for people, JSON for scripts.
std::string RoomStatusText(const RoomStatus& status);
std::string RoomStatusJson(const RoomStatus& status);

// The control room's poller: reads the watched session every `interval` on a thread of its own,
// with its own connection (reopened after a failure), so the window never waits on the server.
// The trainer's app draws from Latest().
class RoomWatcher {
public:
    struct Options {
        std::string m_conninfo;
        std::string m_password;
        std::string m_scenarioDir; // the library the attempts are replayed against
        std::chrono::milliseconds m_interval{500};
        int m_connectTimeoutS = 3;
    };
    struct Snapshot {
        RowId m_session = 0;            // 0: nothing read yet
        std::optional<RoomStatus> m_status;
        std::string m_error;            // the last read failed: why (m_status is the read before)
        std::uint64_t m_reads = 0;
    };
    explicit RoomWatcher(Options options);
    ~RoomWatcher();
    RoomWatcher(const RoomWatcher&) = delete;
    RoomWatcher& operator=(const RoomWatcher&) = delete;

    void Watch(std::optional<RowId> session); // nullopt: stop reading
    Snapshot Latest() const;

private:
    void Loop();

    Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::optional<RowId> m_session;
    Snapshot m_latest;
    std::thread m_thread; // last: started once everything above exists
};

} // namespace sl
