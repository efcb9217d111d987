// SupportLab server link: the live room — one read of a session, each trainee replayed, and its text and JSON.
#include "server_link/room.hpp"

#include "core/scoring.hpp"
#include "core/text.hpp"
#include "scenario_io/loader.hpp"
#include "scenario_io/publish.hpp"
#include "server_link/server_link.hpp"
#include "store/attempt_recorder.hpp"

#include <algorithm>
#include <cstdio>

namespace sl {

// [SECTION] Reading
// [SECTION] Building
// [SECTION] Text and JSON
// [SECTION] The control room's poller

//-----------------------------------------------------------------------------
// [SECTION] Reading
//-----------------------------------------------------------------------------

StoreResult<RoomData> ReadRoom(PgStore& server, RowId sessionId, RoomCache* cache) {
    RoomData d;
    auto sessions = server.LabSessions();
    if (!sessions) return sessions.Error();
    bool found = false;
    for (const LabSession& s : sessions.Value())
        if (s.m_id == sessionId) {
            d.m_session = s;
            found = true;
        }
    if (!found) return StoreError{StoreErrorKind::NotFound, "no lab session with id " + std::to_string(sessionId)};
    auto settings = server.SessionSettings(sessionId);
    if (!settings) return settings.Error();
    d.m_settings = settings.Value();
    auto room = server.Room(sessionId, 0);
    if (!room) return room.Error();
    d.m_room = room.Value();
    auto presence = server.Presence(sessionId);
    if (!presence) return presence.Error();
    d.m_presence = presence.Value();
    AttemptFilter f;
    f.m_sessionId = sessionId;
    auto attempts = server.Attempts(f);
    if (!attempts) return attempts.Error();
    d.m_attempts = attempts.Value();
    std::sort(d.m_attempts.begin(), d.m_attempts.end(), [](const Attempt& a, const Attempt& b) { return a.m_id < b.m_id; });
    auto trainees = server.Trainees(d.m_session.m_cohort.empty() ? std::nullopt : std::optional<std::string>(d.m_session.m_cohort));
    if (!trainees) return trainees.Error();
    d.m_trainees = trainees.Value();
    for (const Attempt& a : d.m_attempts) {
        // Someone outside the cohort who played in the session still has a row.
        if (std::none_of(d.m_trainees.begin(), d.m_trainees.end(), [&](const Trainee& t) { return t.m_id == a.m_traineeId; })) {
            auto t = server.GetTrainee(a.m_traineeId);
            if (t) d.m_trainees.push_back(t.Value());
        }
        std::vector<Event>* cached = nullptr;
        if (cache) cached = &cache->m_events[a.m_id];
        if (cached && static_cast<std::int64_t>(cached->size()) == a.m_eventCount) {
            d.m_events[a.m_id] = *cached;
            continue;
        }
        auto events = server.Events(a.m_id);
        if (!events) return events.Error();
        if (cached) *cached = events.Value();
        d.m_events[a.m_id] = std::move(events.Value());
    }
    d.m_readAt = d.m_room.m_serverNow;
    return d;
}

std::vector<std::shared_ptr<const Scenario>> LoadRoomScenarios(const std::string& path, PgStore* server,
                                                              std::vector<std::string>* problems) {
    std::vector<std::shared_ptr<const Scenario>> out;
    if (!path.empty())
        for (const LoadedFile& f : LoadPaths({path})) {
            if (f.m_scenario) out.push_back(f.m_scenario);
            else if (problems && !f.m_report.Ok() && f.m_report.m_kind != "lab" && f.m_report.m_kind != "support_model")
                for (const Diagnostic& d : f.m_report.m_diagnostics)
                    if (d.m_severity == DiagSeverity::Error) problems->push_back(FormatDiagnostic(d));
        }
    if (server) {
        auto published = server->Published();
        if (published)
            for (const PgPublished& p : published.Value()) {
                LoadResult<Scenario> s = LoadPublished(p.m_traineeText, p.m_modelText, "published/" + std::to_string(p.m_id));
                if (s.Ok()) out.push_back(std::make_shared<const Scenario>(std::move(*s.m_value)));
            }
    }
    return out;
}

std::vector<RoomInstruction> Instructions(const PgRoom& room) {
    std::vector<RoomInstruction> out;
    out.reserve(room.m_injects.size());
    for (const PgRoomInject& in : room.m_injects) out.push_back({in.m_scenarioId, in.m_injectId, in.m_op, in.m_due.value_or(0)});
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Building
//-----------------------------------------------------------------------------

const Scenario* FindScenarioFor(const std::vector<const Scenario*>& scenarios, const Attempt& a) {
    for (const Scenario* s : scenarios)
        if (s->m_contentHash == a.m_contentHash) return s;
    for (const Scenario* s : scenarios)
        if (s->m_id == a.m_scenarioId) return s;
    return nullptr;
}

namespace {

const Inject* FindInjectIn(const std::vector<const Scenario*>& scenarios, const std::string& scenarioId, const std::string& id) {
    for (const Scenario* s : scenarios)
        if (s->m_id == scenarioId)
            if (const Inject* in = s->FindInject(id)) return in;
    return nullptr;
}

// Fills the row's state of play from her attempt, replayed.
void ReadAttempt(RoomTraineeRow& row, const RoomData& d, const Attempt& a, const Scenario& scn,
                 const std::vector<const PgPresence*>& presence, std::vector<RoomInjectRow>& injects) {
    const auto it = d.m_events.find(a.m_id);
    const std::vector<Event> none;
    const std::vector<Event>& events = it == d.m_events.end() ? none : it->second;
    Simulation sim(scn, a.m_seed);
    if (auto st = ReplayInto(sim, events); !st) {
        row.m_problem = st.Error().m_message;
        return;
    }
    // Her machine's clock runs on between actions; its heartbeat says where it is.
    for (const PgPresence* p : presence)
        if (p->m_attemptUid == a.m_uid && p->m_simTime > sim.Now()) sim.AdvanceTo(p->m_simTime);
    if (a.m_endSimTime) sim.AdvanceTo(*a.m_endSimTime);
    row.m_simTime = sim.Now();
    for (const TicketState& t : sim.Tickets()) {
        if (!IsWorkable(t)) continue;
        ++row.m_open;
        const SlaState first = sim.FirstResponseSla(t), resolution = sim.ResolutionSla(t);
        if (first == SlaState::Breached || resolution == SlaState::Breached) ++row.m_breached;
        else if (first == SlaState::Warned || resolution == SlaState::Warned) ++row.m_nearBreach;
    }
    if (!d.m_settings.m_assessment) row.m_scorePercent = Score(sim).Percent();
    // The k-th inject action of her log is the room's k-th instruction for her scenario.
    std::vector<const Event*> received;
    for (const Event& e : events)
        if (e.m_actionText.rfind("inject ", 0) == 0) received.push_back(&e);
    size_t k = 0;
    for (RoomInjectRow& in : injects) {
        if (in.m_sent.m_scenarioId != scn.m_id) continue;
        ++in.m_trainees;
        if (k < received.size()) {
            ++in.m_received;
            ++row.m_injectsReceived;
            if (received[k]->m_wallTime - in.m_sent.m_firedWall > kLateAfterMs) {
                ++in.m_late;
                ++row.m_injectsLate;
            }
            const std::string expected = FormatAction(InjectAction({in.m_sent.m_scenarioId, in.m_sent.m_injectId, in.m_sent.m_op,
                                                                    in.m_sent.m_due.value_or(0)}));
            if (received[k]->m_actionText != expected && row.m_problem.empty())
                row.m_problem = "her log holds '" + received[k]->m_actionText + "' where the room sent '" + expected + "'";
        } else {
            ++row.m_injectsWaiting;
        }
        ++k;
    }
    if (received.size() > k && row.m_problem.empty())
        row.m_problem = "her log holds " + std::to_string(received.size() - k) + " inject(s) the room never sent";
}

// What the room did with an inject, and when it fires if nothing changes. Once fired, later
// instructions change nothing (as in each run).
std::string PlanState(const RoomData& d, const std::string& scenarioId, const Inject& in, std::optional<SimTime>* due) {
    std::string state;
    *due = in.m_at;
    for (const PgRoomInject& sent : d.m_room.m_injects) {
        if (sent.m_scenarioId != scenarioId || sent.m_injectId != in.m_id || state == "fired") continue;
        if (sent.m_op == "now") {
            state = "fired";
            due->reset();
        } else if (sent.m_op == "skip") {
            state = "skipped";
            due->reset();
        } else {
            state = "moved to " + FormatClock(sent.m_due.value_or(0));
            *due = sent.m_due;
        }
    }
    if (!state.empty()) return state;
    if (in.m_unless) return "waits for its condition";
    return in.m_at ? "as planned" : "in the library";
}

} // namespace

RoomStatus BuildRoomStatus(const RoomData& d, const std::vector<const Scenario*>& scenarios) {
    RoomStatus st;
    st.m_sessionId = d.m_session.m_id;
    st.m_labId = d.m_session.m_labId;
    st.m_cohort = d.m_session.m_cohort;
    st.m_assessment = d.m_settings.m_assessment;
    st.m_paced = d.m_settings.m_paced;
    st.m_openedModules = d.m_settings.m_openedModules;
    st.m_pausedWall = d.m_room.m_pausedWall;
    st.m_readAt = d.m_readAt;
    for (const PgRoomInject& sent : d.m_room.m_injects) {
        RoomInjectRow row;
        row.m_sent = sent;
        if (const Inject* in = FindInjectIn(scenarios, sent.m_scenarioId, sent.m_injectId)) row.m_title = in->m_title;
        st.m_injects.push_back(row);
    }
    // The plan: every inject of every scenario played in the session, and of the scenarios the
    // instructions name.
    std::vector<std::string> scenarioIds;
    auto note = [&](const std::string& id) {
        if (std::find(scenarioIds.begin(), scenarioIds.end(), id) == scenarioIds.end()) scenarioIds.push_back(id);
    };
    for (const Attempt& a : d.m_attempts) note(a.m_scenarioId);
    for (const PgRoomInject& sent : d.m_room.m_injects) note(sent.m_scenarioId);
    for (const std::string& id : scenarioIds)
        for (const Scenario* s : scenarios) {
            if (s->m_id != id) continue;
            for (const Inject& in : s->m_injects) {
                std::optional<SimTime> due;
                std::string state = PlanState(d, id, in, &due);
                st.m_plan.push_back({id, in.m_id, in.m_title, in.m_unless ? "contingency" : in.m_at ? "planned" : "library", in.m_at,
                                     std::move(state), due});
            }
            break;
        }
    for (const Trainee& t : d.m_trainees) {
        RoomTraineeRow row;
        row.m_traineeId = t.m_id;
        row.m_name = t.m_name;
        std::vector<const PgPresence*> presence;
        for (const PgPresence& p : d.m_presence)
            if (p.m_traineeId == t.m_id) {
                presence.push_back(&p);
                row.m_lastSeen = p.m_seenWall;
                row.m_module = p.m_moduleId;
            }
        // The clock the heartbeat age is judged by is the server's, as the heartbeats are.
        const WallTime now = std::max(d.m_readAt, d.m_session.m_startedWall);
        row.m_online = row.m_lastSeen && now - *row.m_lastSeen <= kOnlineWithinMs;
        const Attempt* current = nullptr;
        for (const Attempt& a : d.m_attempts)
            if (a.m_traineeId == t.m_id && !a.m_abandonedWall) current = &a; // newest last
        if (current) {
            row.m_scenarioId = current->m_scenarioId;
            if (row.m_module.empty() && current->m_moduleId) row.m_module = *current->m_moduleId;
            row.m_lastActivity = current->m_lastWall ? current->m_lastWall : std::optional<WallTime>(current->m_startedWall);
            if (const Scenario* scn = FindScenarioFor(scenarios, *current))
                ReadAttempt(row, d, *current, *scn, presence, st.m_injects);
            else
                row.m_problem = "scenario " + current->m_scenarioId + " (as she played it) is not in this machine's library";
        }
        st.m_trainees.push_back(std::move(row));
    }
    return st;
}

//-----------------------------------------------------------------------------
// [SECTION] Text and JSON
//-----------------------------------------------------------------------------

namespace {

std::string Ago(std::optional<WallTime> at, WallTime now) {
    if (!at) return "never";
    const WallTime s = std::max<WallTime>(0, (now - *at) / 1000);
    return FormatDuration(s) + " ago";
}

std::string Pad(std::string s, size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string Op(const PgRoomInject& in) {
    if (in.m_op == "skip") return "skip";
    if (in.m_op == "at") return "at " + FormatClock(in.m_due.value_or(0));
    return "now";
}

} // namespace

std::string RoomStatusText(const RoomStatus& st) {
    const WallTime now = st.m_readAt;
    std::string out = "Lab session " + std::to_string(st.m_sessionId) + " (" + st.m_labId + (st.m_cohort.empty() ? "" : ", " + st.m_cohort) +
                      ", " + (st.m_assessment ? "assessment" : "practice") + "): the room is " +
                      (st.m_pausedWall ? "paused" : "running") +
                      (st.m_paced ? "; paced, " + std::to_string(st.m_openedModules) + " module(s) open" : std::string()) + "\n\n";
    out += Pad("Trainee", 20) + Pad("Online", 8) + Pad("Module", 18) + Pad("Clock", 9) + Pad("Open", 6) + Pad("Breached", 10) +
           Pad("Near", 6) + Pad("Score", 7) + Pad("Injects", 14) + "Last action\n";
    for (const RoomTraineeRow& r : st.m_trainees) {
        char score[16] = "-";
        if (r.m_scorePercent) std::snprintf(score, sizeof score, "%.0f%%", *r.m_scorePercent);
        std::string injects = std::to_string(r.m_injectsReceived);
        if (r.m_injectsLate) injects += " (" + std::to_string(r.m_injectsLate) + " late)";
        if (r.m_injectsWaiting) injects += " +" + std::to_string(r.m_injectsWaiting) + " due";
        out += Pad(TerminalSafe(r.m_name), 20) + Pad(r.m_online ? "yes" : "no", 8) + Pad(r.m_module.empty() ? "-" : r.m_module, 18) +
               Pad(r.m_scenarioId.empty() ? "-" : FormatClock(r.m_simTime), 9) + Pad(std::to_string(r.m_open), 6) +
               Pad(std::to_string(r.m_breached), 10) + Pad(std::to_string(r.m_nearBreach), 6) + Pad(score, 7) + Pad(injects, 14) +
               Ago(r.m_lastActivity, now) + "\n";
        if (!r.m_problem.empty()) out += "    ! " + TerminalSafe(r.m_problem) + "\n";
    }
    if (!st.m_plan.empty()) {
        out += "\nInjects\n";
        for (const RoomPlanRow& p : st.m_plan)
            out += "  " + Pad(p.m_injectId, 20) + Pad(p.m_kind, 13) + Pad(p.m_at ? FormatClock(*p.m_at) : "-", 9) + Pad(p.m_state, 26) +
                   TerminalSafe(p.m_title) + "\n";
    }
    if (!st.m_injects.empty()) {
        out += "\nSent\n";
        for (const RoomInjectRow& in : st.m_injects)
            out += "  #" + Pad(std::to_string(in.m_sent.m_seq), 4) + Pad(in.m_sent.m_injectId, 20) + Pad(Op(in.m_sent), 12) + "received by " +
                   std::to_string(in.m_received) + " of " + std::to_string(in.m_trainees) +
                   (in.m_late ? ", " + std::to_string(in.m_late) + " late" : std::string()) + "\n";
    }
    return out;
}

std::string RoomStatusJson(const RoomStatus& st) {
    auto optInt = [](const std::optional<WallTime>& v) { return v ? std::to_string(*v) : std::string("null"); };
    std::string out = "{\"session\":" + std::to_string(st.m_sessionId) + ",\"lab\":" + JsonString(st.m_labId) +
                      ",\"cohort\":" + JsonString(st.m_cohort) + ",\"mode\":" + JsonString(st.m_assessment ? "assessment" : "practice") +
                      ",\"paused\":" + (st.m_pausedWall ? "true" : "false") + ",\"paced\":" + (st.m_paced ? "true" : "false") +
                      ",\"opened_modules\":" + std::to_string(st.m_openedModules) + ",\"read_at\":" + std::to_string(st.m_readAt) + ",\"trainees\":[";
    for (size_t i = 0; i < st.m_trainees.size(); ++i) {
        const RoomTraineeRow& r = st.m_trainees[i];
        out += std::string(i ? "," : "") + "{\"id\":" + std::to_string(r.m_traineeId) + ",\"name\":" + JsonString(r.m_name) +
               ",\"online\":" + (r.m_online ? "true" : "false") + ",\"last_seen\":" + optInt(r.m_lastSeen) +
               ",\"last_activity\":" + optInt(r.m_lastActivity) + ",\"module\":" + JsonString(r.m_module) +
               ",\"scenario\":" + JsonString(r.m_scenarioId) + ",\"sim_time\":" + std::to_string(r.m_simTime) +
               ",\"open\":" + std::to_string(r.m_open) + ",\"breached\":" + std::to_string(r.m_breached) +
               ",\"near_breach\":" + std::to_string(r.m_nearBreach) +
               ",\"score_percent\":" + (r.m_scorePercent ? JsonNumber(*r.m_scorePercent) : std::string("null")) +
               ",\"injects_received\":" + std::to_string(r.m_injectsReceived) + ",\"injects_late\":" + std::to_string(r.m_injectsLate) +
               ",\"injects_waiting\":" + std::to_string(r.m_injectsWaiting) + ",\"problem\":" + JsonString(r.m_problem) + "}";
    }
    out += "],\"plan\":[";
    for (size_t i = 0; i < st.m_plan.size(); ++i) {
        const RoomPlanRow& p = st.m_plan[i];
        out += std::string(i ? "," : "") + "{\"scenario\":" + JsonString(p.m_scenarioId) + ",\"inject\":" + JsonString(p.m_injectId) +
               ",\"title\":" + JsonString(p.m_title) + ",\"kind\":" + JsonString(p.m_kind) +
               ",\"at\":" + (p.m_at ? std::to_string(*p.m_at) : std::string("null")) + ",\"state\":" + JsonString(p.m_state) + "}";
    }
    out += "],\"sent\":[";
    for (size_t i = 0; i < st.m_injects.size(); ++i) {
        const RoomInjectRow& in = st.m_injects[i];
        out += std::string(i ? "," : "") + "{\"seq\":" + std::to_string(in.m_sent.m_seq) + ",\"scenario\":" + JsonString(in.m_sent.m_scenarioId) +
               ",\"inject\":" + JsonString(in.m_sent.m_injectId) + ",\"op\":" + JsonString(in.m_sent.m_op) +
               ",\"due\":" + (in.m_sent.m_due ? std::to_string(*in.m_sent.m_due) : std::string("null")) +
               ",\"fired_wall\":" + std::to_string(in.m_sent.m_firedWall) + ",\"fired_by\":" + JsonString(in.m_sent.m_firedBy) +
               ",\"trainees\":" + std::to_string(in.m_trainees) + ",\"received\":" + std::to_string(in.m_received) +
               ",\"late\":" + std::to_string(in.m_late) + "}";
    }
    out += "]}\n";
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] The control room's poller
//-----------------------------------------------------------------------------

RoomWatcher::RoomWatcher(Options options) : m_options(std::move(options)), m_thread([this] { Loop(); }) {}

RoomWatcher::~RoomWatcher() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void RoomWatcher::Watch(std::optional<RowId> session) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_session == session) return;
        m_session = session;
        m_latest = Snapshot{};
    }
    m_wake.notify_all();
}

RoomWatcher::Snapshot RoomWatcher::Latest() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_latest;
}

void RoomWatcher::Loop() {
    std::unique_ptr<PgStore> server;
    std::optional<RowId> readFor;        // the session the cache and scenarios belong to
    RoomCache cache;
    std::vector<std::shared_ptr<const Scenario>> scenarios;
    for (;;) {
        std::optional<RowId> session;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (m_stop) return;
            session = m_session;
        }
        if (session) {
            std::string error;
            if (!server) {
                auto opened = OpenServer(m_options.m_conninfo, m_options.m_password, m_options.m_connectTimeoutS);
                if (opened) server = std::move(opened.Value());
                else error = opened.Error().m_message;
            }
            if (server && readFor != session) {
                readFor = session;
                cache = RoomCache{};
                scenarios = LoadRoomScenarios(m_options.m_scenarioDir, server.get(), nullptr);
            }
            std::optional<RoomStatus> status;
            if (server) {
                std::vector<const Scenario*> shelf;
                for (const auto& s : scenarios) shelf.push_back(s.get());
                auto data = ReadRoom(*server, *session, &cache);
                if (data) status = BuildRoomStatus(data.Value(), shelf);
                else error = data.Error().m_message;
                if (!data && data.Error().m_kind == StoreErrorKind::Io) server.reset(); // reconnect next time
            }
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_session == session) {
                m_latest.m_session = *session;
                if (status) m_latest.m_status = std::move(status);
                m_latest.m_error = error;
                ++m_latest.m_reads;
            }
        }
        std::unique_lock<std::mutex> lock(m_mutex);
        m_wake.wait_for(lock, m_options.m_interval, [&] { return m_stop || m_session != session; });
    }
}

} // namespace sl
