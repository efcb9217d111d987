// SupportLab app: server mode — SignIn decides the role, a trainee records into her outbox and an agent delivers it.
#include "app/server_mode.hpp"

#include "core/scoring.hpp"
#include "scenario_io/loader.hpp"
#include "scenario_io/publish.hpp"
#include "store/delivery.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <algorithm>

namespace sl::app {

namespace {

ui::AppRole ToAppRole(PgSignedInRole r) {
    switch (r) {
    case PgSignedInRole::Lead: return ui::AppRole::Lead;
    case PgSignedInRole::Trainer: return ui::AppRole::Trainer;
    default: return ui::AppRole::Trainee;
    }
}

void StartAgent(ServerContext& ctx, const std::string& outbox) {
    DeliveryAgent::Options o;
    o.m_conninfo = ctx.m_uri;
    o.m_password = ctx.m_password;
    o.m_outboxPath = outbox;
    // No server session held between rounds: behind PgBouncer a classroom of laptops then needs
    // server connections only while something is being sent (docs/admin-guide.md, Capacity).
    o.m_releaseWhenIdle = true;
    ctx.m_agent = std::make_unique<DeliveryAgent>(o);
}

// The server as the signed-in trainer or lead, on a connection of its own (never migrating).
StoreResult<std::unique_ptr<PgStore>> OpenAsStaff(const ServerContext& ctx) { return OpenServer(ctx.m_uri, ctx.m_password); }

// Publishes one scenario file for assessments: its two forms (scenario_io/publish.hpp) to the server.
std::string PublishScenario(const ServerContext& ctx, const std::string& path, std::string* message) {
    const LoadResult<Scenario> loaded = LoadScenarioFile(path);
    if (!loaded.Ok()) {
        std::string out = path + " has errors; nothing was published.";
        for (const Diagnostic& d : loaded.m_diagnostics) out += "\n" + FormatDiagnostic(d);
        return out;
    }
    const Scenario& s = *loaded.m_value;
    std::string error;
    const auto forms = PrepareLoadedForPublishing(s, &error);
    if (!forms) return error;
    auto store = OpenAsStaff(ctx);
    if (!store) return store.Error().m_message;
    auto r = store.Value()->Publish(PgPublication{forms->m_scenarioId, forms->m_title, forms->m_modelText, forms->m_neutralText,
                                                  forms->m_neutralHash, forms->m_traineeText, forms->m_traineeHash,
                                                  forms->m_namesText, forms->m_acceptedRoutes, forms->m_stepKey});
    if (!r) return r.Error().m_message;
    *message = std::string(r->second ? "Published " : "Already published: ") + s.m_id + " as assessment " +
               std::to_string(r->first) + ".";
    if (!ShippedIdsAmong({s.m_id}).empty()) *message += " Warning: " + ShippedWarning(s.m_id);
    return "";
}

// The control room's copy of a room read (server_link/room.hpp) in the UI's own types.
ui::RoomView ToRoomView(const RoomWatcher::Snapshot& snap) {
    ui::RoomView v;
    v.m_session = snap.m_session;
    v.m_error = snap.m_error;
    v.m_reads = snap.m_reads;
    if (!snap.m_status) return v;
    const RoomStatus& st = *snap.m_status;
    v.m_paused = st.m_pausedWall.has_value();
    v.m_assessment = st.m_assessment;
    v.m_paced = st.m_paced;
    v.m_openedModules = st.m_openedModules;
    v.m_sent = static_cast<int>(st.m_injects.size());
    for (const RoomTraineeRow& r : st.m_trainees) {
        ui::RoomTraineeView t;
        t.m_name = r.m_name;
        t.m_online = r.m_online;
        t.m_module = r.m_module;
        t.m_scenarioId = r.m_scenarioId;
        t.m_simTime = r.m_simTime;
        t.m_open = r.m_open;
        t.m_breached = r.m_breached;
        t.m_nearBreach = r.m_nearBreach;
        t.m_scorePercent = r.m_scorePercent;
        t.m_injectsReceived = r.m_injectsReceived;
        t.m_injectsLate = r.m_injectsLate;
        t.m_injectsWaiting = r.m_injectsWaiting;
        if (r.m_lastActivity) t.m_lastActionAgo = static_cast<double>(std::max<WallTime>(0, st.m_readAt - *r.m_lastActivity)) / 1000.0;
        t.m_problem = r.m_problem;
        v.m_trainees.push_back(std::move(t));
    }
    for (const RoomPlanRow& p : st.m_plan)
        v.m_plan.push_back(ui::RoomPlanView{p.m_scenarioId, p.m_injectId, p.m_title, p.m_kind, p.m_at, p.m_due, p.m_state});
    return v;
}

std::string SendToRoom(const ServerContext& ctx, RowId session, const ui::RoomCommand& c) {
    auto store = OpenAsStaff(ctx);
    if (!store) return store.Error().m_message;
    using Kind = ui::RoomCommand::Kind;
    if (c.m_kind == Kind::OpenNextModule) {
        auto settings = store.Value()->SessionSettings(session);
        if (!settings) return settings.Error().m_message;
        PgSessionSettings next = settings.Value();
        next.m_paced = true;
        next.m_openedModules += 1;
        auto st = store.Value()->SetSessionSettings(session, next);
        return st ? std::string() : st.Error().m_message;
    }
    if (c.m_kind == Kind::Pause || c.m_kind == Kind::Resume) {
        const std::optional<WallTime> when = c.m_kind == Kind::Pause ? std::optional<WallTime>(SystemWallClockMs()) : std::nullopt;
        auto st = store.Value()->SetRoomPaused(session, when);
        return st ? std::string() : st.Error().m_message;
    }
    const std::string op = c.m_kind == Kind::Skip ? "skip" : c.m_kind == Kind::FireAt ? "at" : "now";
    const std::optional<SimTime> due = c.m_kind == Kind::FireAt ? std::optional<SimTime>(c.m_due) : std::nullopt;
    auto seq = store.Value()->FireInject(session, c.m_scenarioId, c.m_injectId, op, due);
    return seq ? std::string() : seq.Error().m_message;
}

} // namespace

void UseServer(ui::AppOptions& options, ServerContext& ctx, const std::string& uri) {
    ctx.m_uri = uri;
    ctx.m_scenarioDir = options.m_scenarioDir;
    options.m_server.m_location = PgLocationWithoutPassword(uri);
    options.m_dbPath = OutboxPath(options.m_server.m_location);

    options.m_server.m_signIn = [&ctx, outbox = options.m_dbPath](const std::string& password) {
        ui::ServerSignInResult out;
        auto who = SignIn(ctx.m_uri, password);
        if (!who) {
            const std::string& msg = who.Error().m_message;
            out.m_error = msg;
            out.m_unreachable = who.Error().m_kind == StoreErrorKind::Io;
            out.m_needsPassword = password.empty() && who.Error().m_kind == StoreErrorKind::Invalid &&
                                  (msg.find("no password supplied") != std::string::npos ||
                                   msg.find("password authentication failed") != std::string::npos);
            return out;
        }
        ctx.m_password = password;
        ctx.m_role = ToAppRole(who->m_role);
        out.m_ok = true;
        out.m_role = ctx.m_role;
        out.m_trainee = who->m_traineeName;
        if (ctx.m_role == ui::AppRole::Trainee) StartAgent(ctx, outbox);
        return out;
    };
    // Offline, the login the URI names works as a trainee on her outbox; the server checks on delivery.
    options.m_server.m_offlineUser = ConninfoUser(uri);
    options.m_server.m_workOffline = [&ctx, outbox = options.m_dbPath,
                                      user = options.m_server.m_offlineUser](const std::string& password) {
        ui::ServerSignInResult out;
        if (user.empty()) {
            out.m_error = "The server address names no login (postgresql://NAME@HOST/DB).";
            return out;
        }
        ctx.m_password = password;
        ctx.m_role = ui::AppRole::Trainee;
        out.m_ok = true;
        out.m_role = ui::AppRole::Trainee;
        out.m_trainee = user;
        StartAgent(ctx, outbox);
        return out;
    };
    // Releasing a session's results: a statement of its own on a fresh connection (staff only; the
    // server refuses a trainee's login whatever the UI shows).
    options.m_server.m_releaseSession = [&ctx](RowId sessionId, bool release) -> std::string {
        auto store = OpenAsStaff(ctx);
        if (!store) return store.Error().m_message;
        const std::optional<WallTime> when = release ? std::optional<WallTime>(SystemWallClockMs()) : std::nullopt;
        auto st = store.Value()->ReleaseSession(sessionId, when);
        return st ? std::string() : st.Error().m_message;
    };
    options.m_server.m_loadSessionSettings = [&ctx](RowId sessionId, ui::SessionSettingsView* out) -> std::string {
        auto store = OpenAsStaff(ctx);
        if (!store) return store.Error().m_message;
        auto got = store.Value()->SessionSettings(sessionId);
        if (!got) return got.Error().m_message;
        *out = ui::SessionSettingsView{got->m_assessment, got->m_attemptsAllowed, got->m_paced, got->m_openedModules,
                                       got->m_closedWall.has_value(), got->m_published, got->m_fastUnderSeconds / 60};
        return "";
    };
    options.m_server.m_saveSessionSettings = [&ctx](RowId sessionId, const ui::SessionSettingsView& in) -> std::string {
        auto store = OpenAsStaff(ctx);
        if (!store) return store.Error().m_message;
        auto before = store.Value()->SessionSettings(sessionId);
        if (!before) return before.Error().m_message;
        PgSessionSettings s{in.m_assessment, in.m_attemptsAllowed, in.m_paced, in.m_openedModules, before->m_closedWall,
                            in.m_published, in.m_fastUnderMinutes * 60};
        if (!in.m_closed) s.m_closedWall.reset();
        else if (!s.m_closedWall) s.m_closedWall = SystemWallClockMs(); // closed now; an earlier close keeps its time
        auto st = store.Value()->SetSessionSettings(sessionId, s);
        return st ? std::string() : st.Error().m_message;
    };
    options.m_server.m_listPublished = [&ctx](std::vector<ui::PublishedView>* out) -> std::string {
        auto store = OpenAsStaff(ctx);
        if (!store) return store.Error().m_message;
        auto published = store.Value()->Published();
        if (!published) return published.Error().m_message;
        for (const PgPublished& p : published.Value()) out->push_back(ui::PublishedView{p.m_id, p.m_scenarioId, p.m_title});
        return "";
    };
    options.m_server.m_myResults = [&ctx](std::vector<ui::ServerResultView>* out) -> std::string {
        auto store = OpenAsStaff(ctx); // her own login: the server shows her only her own rows
        if (!store) return store.Error().m_message;
        auto me = store.Value()->SignedIn();
        if (!me) return me.Error().m_message;
        auto trainee = store.Value()->FindTrainee(me->m_traineeName);
        if (!trainee) return "this login has no trainee row on the server";
        AttemptFilter mine;
        mine.m_traineeId = trainee->m_id;
        mine.m_finishedOnly = true;
        auto attempts = store.Value()->Attempts(mine);
        if (!attempts) return attempts.Error().m_message;
        for (const Attempt& a : attempts.Value()) {
            ui::ServerResultView v;
            v.m_uid = a.m_uid;
            v.m_scenarioId = a.m_scenarioId;
            v.m_endedWall = a.m_endedWall.value_or(a.m_startedWall);
            auto report = store.Value()->Scores(a.m_id);
            if (report) {
                v.m_released = true;
                v.m_total = report->m_total;
                v.m_max = report->m_max;
                v.m_debrief = FormatScoreText(report.Value());
            } else if (report.Error().m_kind != StoreErrorKind::NotFound) {
                return report.Error().m_message;
            }
            out->push_back(std::move(v));
        }
        return "";
    };
    options.m_server.m_publish = [&ctx](const std::string& path, std::string* message) {
        return PublishScenario(ctx, path, message);
    };
    // A trainee works on her outbox (local first, then delivered); staff read and write the server.
    options.m_openStore = [&ctx](const std::string& path) -> StoreResult<std::unique_ptr<Store>> {
        if (ctx.m_role == ui::AppRole::Trainee) return OpenStore(path);
        auto opened = OpenAsStaff(ctx);
        if (!opened) return opened.Error();
        return std::unique_ptr<Store>(std::move(opened.Value()));
    };
    // The control room: a poller of its own reads the watched session twice a second.
    options.m_server.m_watchRoom = [&ctx](std::optional<RowId> session) {
        if (!ctx.m_roomWatcher) {
            if (!session) return;
            RoomWatcher::Options o;
            o.m_conninfo = ctx.m_uri;
            o.m_password = ctx.m_password;
            o.m_scenarioDir = ctx.m_scenarioDir;
            o.m_interval = std::chrono::milliseconds(static_cast<int>(ui::kRoomReadSeconds * 1000));
            ctx.m_roomWatcher = std::make_unique<RoomWatcher>(o);
        }
        ctx.m_roomWatcher->Watch(session);
    };
    options.m_server.m_roomView = [&ctx]() {
        return ctx.m_roomWatcher ? ToRoomView(ctx.m_roomWatcher->Latest()) : ui::RoomView{};
    };
    options.m_server.m_roomCommand = [&ctx](RowId session, const ui::RoomCommand& c) { return SendToRoom(ctx, session, c); };
    // A trainee's machine in a live session: her agent carries the heartbeat and the room's news.
    options.m_server.m_roomWhereabouts = [&ctx](std::optional<RowId> session, const std::string& module, const std::string& uid,
                                                SimTime simNow) {
        if (!ctx.m_agent) return;
        if (!session) ctx.m_agent->SetWhereabouts(std::nullopt);
        else ctx.m_agent->SetWhereabouts(Whereabouts{*session, module, uid, simNow});
    };
    options.m_server.m_traineeRoom = [&ctx]() {
        ui::TraineeRoomView v;
        if (!ctx.m_agent) return v;
        const DeliveryStatus st = ctx.m_agent->Status();
        v.m_localSession = st.m_roomLocalSession;
        v.m_known = st.m_roomLocalSession != 0;
        v.m_paused = st.m_roomPaused;
        v.m_paced = st.m_roomPaced;
        v.m_openedModules = st.m_roomOpenedModules;
        v.m_instructions = st.m_roomInstructions;
        return v;
    };
    options.m_server.m_actionRecorded = [&ctx]() {
        if (ctx.m_agent) ctx.m_agent->Nudge();
    };
    options.m_server.m_lookForSessions = [&ctx](bool looking) {
        if (ctx.m_agent) ctx.m_agent->SetLookingForSessions(looking);
    };
    // The agent's reads, as they are: the UI shows the same types (store/assessment_sitting.hpp).
    options.m_server.m_assessmentOffers = [&ctx]() -> std::optional<std::vector<AssessmentOffer>> {
        return ctx.m_agent ? ctx.m_agent->Offers() : std::nullopt;
    };
    options.m_server.m_awaitAnswers = [&ctx](const AwaitedAnswers& awaited) {
        if (ctx.m_agent) ctx.m_agent->SetAwaited(awaited);
    };
    options.m_server.m_serverAnswers = [&ctx]() {
        return ctx.m_agent ? ctx.m_agent->Status().m_answers : std::vector<ServerAnswer>{};
    };
    options.m_server.m_syncStatus = [&ctx]() {
        ui::ServerSyncView v;
        if (!ctx.m_agent) return v;
        const DeliveryStatus st = ctx.m_agent->Status();
        v.m_known = st.m_checked;
        v.m_online = st.m_online;
        v.m_waiting = st.m_waitingActions;
        v.m_problem = st.m_problem;
        v.m_waitingAttempts = st.m_waitingAttempts;
        v.m_round = st.m_round;
        v.m_roundsStarted = st.m_roundsStarted;
        return v;
    };
}

void AwaitFirstCheck(ServerContext& ctx, std::chrono::milliseconds limit) {
    if (ctx.m_agent) ctx.m_agent->DeliverNowAndWait(limit);
}

std::string DeliverBeforeQuitting(ServerContext& ctx, std::chrono::milliseconds limit) {
    if (!ctx.m_agent) return {};
    const DeliveryStatus st = ctx.m_agent->DeliverNowAndWait(limit);
    ctx.m_agent.reset();
    if (st.m_checked && st.m_waitingActions == 0 && st.m_waitingAttempts == 0) return {};
    std::string waiting = st.m_checked ? std::to_string(st.m_waitingActions) + " action(s)" : "some of your work";
    return waiting + " could not be sent to the server" + (st.m_problem.empty() ? "" : " (" + st.m_problem + ")") +
           "; it is kept on this machine and sent the next time SupportLab starts, or with: supportlab-cli sync --db URI";
}

} // namespace sl::app
