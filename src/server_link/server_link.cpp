// SupportLab server link: SignIn and DeliveryAgent (a thread that drains the outbox to the server).
#include "server_link/server_link.hpp"

#include "store/delivery.hpp"
#include "store/sqlite_store.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace sl {

StoreResult<std::unique_ptr<PgStore>> OpenServer(const std::string& conninfo, const std::string& password, int connectTimeoutS) {
    PgOpenOptions o;
    o.m_migrate = false;
    o.m_password = password;
    o.m_connectTimeoutS = connectTimeoutS;
    return PgStore::Open(conninfo, o);
}

StoreResult<PgIdentity> SignIn(const std::string& conninfo, const std::string& password, int connectTimeoutS) {
    auto opened = OpenServer(conninfo, password, connectTimeoutS);
    if (!opened) {
        // A login outside the SupportLab roles may not even read the schema.
        if (opened.Error().m_kind == StoreErrorKind::ReadOnly)
            return StoreError{StoreErrorKind::Invalid, "this login has no SupportLab role on " +
                                                           PgLocationWithoutPassword(conninfo) +
                                                           ": ask an administrator to add it with supportlab-cli "
                                                           "server add-user"};
        return opened.Error();
    }
    auto who = opened.Value()->SignedIn();
    if (!who) return who.Error();
    if (who->m_role == PgSignedInRole::None)
        return StoreError{StoreErrorKind::Invalid, "the login " + who->m_login +
                                                       " has no SupportLab role on this server: ask an administrator "
                                                       "to add it with supportlab-cli server add-user"};
    return who;
}

std::string ConninfoUser(const std::string& conninfo) {
    std::string user;
    if (PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), nullptr)) {
        for (PQconninfoOption* o = opts; o->keyword; ++o)
            if (std::string(o->keyword) == "user" && o->val) user = o->val;
        PQconninfoFree(opts);
    }
    if (user.empty())
        if (const char* env = std::getenv("PGUSER")) user = env;
    return user;
}

DeliveryAgent::DeliveryAgent(Options options)
    : m_options(std::move(options)), m_target(PgLocationWithoutPassword(m_options.m_conninfo)) {
    m_thread = std::thread([this] { Loop(); });
}

DeliveryAgent::~DeliveryAgent() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

DeliveryStatus DeliveryAgent::Status() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    DeliveryStatus st = m_status;
    st.m_roundsStarted = m_roundsStarted;
    return st;
}

std::optional<std::vector<AssessmentOffer>> DeliveryAgent::Offers() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_offers;
}

void DeliveryAgent::Nudge() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_nudged = true;
    }
    m_wake.notify_all();
}

void DeliveryAgent::SetWhereabouts(std::optional<Whereabouts> where) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        const bool moved = where.has_value() != m_where.has_value() ||
                           (where && (where->m_localSession != m_where->m_localSession || where->m_attemptUid != m_where->m_attemptUid ||
                                      where->m_module != m_where->m_module));
        m_where = std::move(where);
        if (!moved) return; // the clock moving is news for the next round, not a reason for one
        m_nudged = true;
    }
    m_wake.notify_all();
}

void DeliveryAgent::SetLookingForSessions(bool looking) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_lookingForSessions == looking) return;
        m_lookingForSessions = looking;
        if (!looking) return;
        m_nudged = true; // arriving at the start screen: look now
    }
    m_wake.notify_all();
}

void DeliveryAgent::SetAwaited(AwaitedAnswers awaited) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto seqs = [](const AwaitedAnswers& a) {
            std::vector<std::int64_t> out;
            for (const PendingRoute& r : a.m_routes) out.push_back(r.m_seq);
            for (const PendingStep& p : a.m_steps) out.push_back(-p.m_seq); // a step's and a route's never share a seq
            return out;
        };
        const bool changed = awaited.m_attemptUid != m_awaited.m_attemptUid || seqs(awaited) != seqs(m_awaited);
        m_awaited = std::move(awaited);
        if (!changed || m_awaited.m_attemptUid.empty()) return;
        m_nudged = true;
    }
    m_wake.notify_all();
}

void DeliveryAgent::CopySessions(SqliteStore& outbox) {
    auto me = m_server->SignedIn();
    if (!me || me->m_traineeName.empty()) return;
    auto trainee = m_server->FindTrainee(me->m_traineeName);
    auto theirs = m_server->LabSessions();
    auto mine = outbox.LabSessions();
    if (!trainee || !theirs || !mine) return;
    // Her cohort's practice sessions, so she can join one from her start screen (delivery maps them
    // back). An assessment session is offered as its assessments instead (ReadOffers); its copy is
    // made when she starts one.
    std::vector<LabSession> cohort;
    for (const LabSession& s : theirs.Value()) {
        if (s.m_cohort.empty() || s.m_cohort != trainee->m_cohort) continue;
        cohort.push_back(s);
        if (std::any_of(mine->begin(), mine->end(), [&](const LabSession& l) { return SameLabSession(l, s); })) continue;
        if (auto settings = m_server->SessionSettings(s.m_id); !settings || settings->m_assessment) continue;
        FindOrCopySession(outbox, s);
    }
    ReadOffers(trainee.Value(), cohort);
}

// The open assessments of her cohort's sessions, each with its trainee part and her attempts so far.
void DeliveryAgent::ReadOffers(const Trainee& me, const std::vector<LabSession>& sessions) {
    std::vector<AssessmentOffer> offers;
    std::optional<std::vector<PgPublished>> published;
    for (const LabSession& s : sessions) {
        auto settings = m_server->SessionSettings(s.m_id);
        if (!settings) return; // keep the last read rather than show a half one
        if (!settings->m_assessment || settings->m_closedWall || settings->m_published.empty()) continue;
        if (!published) {
            auto got = m_server->Published();
            if (!got) return;
            published = std::move(got.Value());
        }
        for (const RowId id : settings->m_published) {
            auto p = std::find_if(published->begin(), published->end(), [&](const PgPublished& x) { return x.m_id == id; });
            if (p == published->end()) continue;
            AttemptFilter f;
            f.m_traineeId = me.m_id;
            f.m_sessionId = s.m_id;
            f.m_scenarioId = p->m_scenarioId;
            auto used = m_server->Attempts(f);
            if (!used) return;
            offers.push_back(AssessmentOffer{s, p->m_id, p->m_scenarioId, p->m_title, p->m_traineeText, p->m_modelText,
                                             p->m_traineeHash, settings->m_attemptsAllowed, static_cast<int>(used->size())});
        }
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_offers = std::move(offers);
}

// Asks the server what became of each escalation and step the attempt waits for. It answers only
// for actions it holds, so this follows a delivery; an answer it cannot give yet is asked again
// next round.
void DeliveryAgent::AskAnswers(const AwaitedAnswers& awaited, DeliveryStatus& next) {
    for (const PendingRoute& r : awaited.m_routes) {
        auto accepted = m_server->RouteAnswer(awaited.m_attemptUid, r.m_seq, r.m_ticket);
        if (!accepted) {
            next.m_problem = accepted.Error().m_message;
            if (accepted.Error().m_kind == StoreErrorKind::Io) m_server.reset();
            return;
        }
        next.m_answers.push_back(ServerAnswer{awaited.m_attemptUid, r.m_seq, r.m_ticket, "", accepted.Value(), {}});
    }
    for (const PendingStep& p : awaited.m_steps) {
        auto answer = m_server->AnswerStep(awaited.m_attemptUid, p.m_seq);
        if (!answer) {
            next.m_problem = answer.Error().m_message;
            if (answer.Error().m_kind == StoreErrorKind::Io) m_server.reset();
            return;
        }
        next.m_answers.push_back(ServerAnswer{awaited.m_attemptUid, p.m_seq, p.m_ticket, p.m_step, false, answer.Value()});
    }
}

// The server's id of an outbox session, looked up once per session (the round repeats every 2 s).
std::optional<RowId> DeliveryAgent::ServerSessionOf(SqliteStore& outbox, RowId localSession) {
    if (auto it = m_serverSessionOf.find(localSession); it != m_serverSessionOf.end()) return it->second;
    auto mine = outbox.LabSessions();
    auto theirs = m_server->LabSessions();
    if (!mine || !theirs) return std::nullopt;
    for (const LabSession& l : mine.Value()) {
        if (l.m_id != localSession) continue;
        for (const LabSession& s : theirs.Value())
            if (SameLabSession(l, s)) return m_serverSessionOf[localSession] = s.m_id;
    }
    return std::nullopt;
}

void DeliveryAgent::FollowRoom(SqliteStore& outbox, const Whereabouts& where, DeliveryStatus& next) {
    const std::optional<RowId> session = ServerSessionOf(outbox, where.m_localSession);
    if (!session) return;
    if (!m_server->Heartbeat(*session, where.m_module, where.m_attemptUid, where.m_simNow)) return;
    auto room = m_server->Room(*session, 0);
    auto settings = m_server->SessionSettings(*session);
    if (!room || !settings) return;
    next.m_roomLocalSession = where.m_localSession;
    next.m_roomPaused = room->m_pausedWall.has_value();
    next.m_roomPaced = settings->m_paced;
    next.m_roomOpenedModules = settings->m_openedModules;
    for (const PgRoomInject& in : room->m_injects)
        next.m_roomInstructions.push_back({in.m_scenarioId, in.m_injectId, in.m_op, in.m_due.value_or(0)});
}

DeliveryStatus DeliveryAgent::DeliverNowAndWait(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(m_mutex);
    const std::uint64_t wanted = m_roundsStarted + 1; // a round already under way may have missed the newest work
    m_nudged = true;
    m_wake.notify_all();
    if (!m_roundDone.wait_for(lock, limit, [&] { return m_roundsFinished >= wanted; })) {
        DeliveryStatus late = m_status;
        late.m_checked = false;
        return late;
    }
    return m_status;
}

void DeliveryAgent::Loop() {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_stop) {
        m_nudged = false;
        const std::uint64_t round = ++m_roundsStarted;
        lock.unlock();
        DeliverOnce();
        lock.lock();
        m_roundsFinished = round;
        m_roundDone.notify_all();
        m_wake.wait_for(lock, m_options.m_interval, [this] { return m_stop || m_nudged; });
    }
}

void DeliveryAgent::DeliverOnce() {
    DeliveryStatus next;
    next.m_checked = true;
    bool wasChecked = false, wasOnline = false;
    std::optional<Whereabouts> where;
    bool looking = false;
    AwaitedAnswers awaited;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        next.m_round = m_roundsStarted; // this round's number (Loop counts it before calling)
        awaited = m_awaited;
        next.m_deliveredActions = m_status.m_deliveredActions;
        wasChecked = m_status.m_checked;
        wasOnline = m_status.m_online;
        where = m_where;
        looking = m_lookingForSessions;
    }
    auto publish = [&](SqliteStore* outbox) {
        if (outbox)
            if (auto b = outbox->Undelivered(m_target); b) {
                next.m_waitingActions = b->m_actions;
                next.m_waitingAttempts = b->m_attempts;
            }
        // In a live session the room is read every round, so the connection is kept.
        if (m_options.m_releaseWhenIdle && !where) m_server.reset();
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_status = next;
        }
        if (m_options.m_onRound) m_options.m_onRound(next);
    };

    // The outbox is opened per round (the app's connection writes it; WAL lets both work), and
    // never created here: nothing recorded yet means nothing waits.
    SqliteOpenOptions so;
    so.m_create = false;
    auto outbox = SqliteStore::Open(m_options.m_outboxPath, so);
    // Releasing when idle: after the first check, a round with nothing to send connects to nothing.
    // While she is on her start screen her cohort's sessions are looked for every kSessionsEvery even
    // when nothing waits, so a session a trainer starts shows there within that.
    const auto now = std::chrono::steady_clock::now();
    const bool sessionsDue = (looking || !wasChecked) && now - m_sessionsCopied >= kSessionsEvery;
    if (m_options.m_releaseWhenIdle && wasChecked && !where && !sessionsDue && awaited.m_attemptUid.empty()) {
        bool idle = !outbox && outbox.Error().m_kind == StoreErrorKind::NotFound;
        if (outbox)
            if (auto b = outbox.Value()->Undelivered(m_target); b && b->m_actions == 0 && b->m_attempts == 0 && b->m_labRuns == 0)
                idle = true;
        if (idle) {
            next.m_online = wasOnline;
            publish(nullptr); // nothing waits: no need to ask the outbox again
            return;
        }
    }
    if (!m_server) {
        auto opened = OpenServer(m_options.m_conninfo, m_options.m_password, m_options.m_connectTimeoutS);
        if (!opened) {
            next.m_problem = opened.Error().m_message;
            publish(outbox ? outbox.Value().get() : nullptr);
            return;
        }
        m_server = std::move(opened.Value());
    }
    if (!outbox) {
        next.m_online = true;
        if (outbox.Error().m_kind != StoreErrorKind::NotFound) next.m_problem = outbox.Error().m_message;
        publish(nullptr);
        return;
    }
    DeliveryReport sent;
    auto st = Deliver(*outbox.Value(), *m_server, m_target, DeliveryOptions{}, &sent);
    next.m_deliveredActions += sent.m_events;
    if (!st) {
        next.m_problem = st.Error().m_message;
        // A lost connection: start again next round with a fresh one.
        if (st.Error().m_kind == StoreErrorKind::Io) m_server.reset();
        next.m_online = m_server != nullptr;
    } else {
        next.m_online = true;
    }
    if (m_server && sessionsDue) {
        CopySessions(*outbox.Value());
        m_sessionsCopied = now;
    }
    if (m_server && where) FollowRoom(*outbox.Value(), *where, next);
    if (st && m_server && !awaited.m_attemptUid.empty()) AskAnswers(awaited, next);
    publish(outbox.Value().get());
}

} // namespace sl
