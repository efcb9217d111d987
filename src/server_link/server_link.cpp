// SupportLab server link: SignIn and DeliveryAgent (a thread that drains the outbox to the server).
#include "server_link/server_link.hpp"

#include "store/delivery.hpp"
#include "store/sqlite_store.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <utility>

namespace sl {

StoreResult<PgIdentity> SignIn(const std::string& conninfo, const std::string& password, int connectTimeoutS) {
    PgOpenOptions o;
    o.m_migrate = false;
    o.m_password = password;
    o.m_connectTimeoutS = connectTimeoutS;
    auto opened = PgStore::Open(conninfo, o);
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
    return m_status;
}

void DeliveryAgent::Nudge() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_nudged = true;
    }
    m_wake.notify_all();
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
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        next.m_deliveredActions = m_status.m_deliveredActions;
        wasChecked = m_status.m_checked;
        wasOnline = m_status.m_online;
    }
    auto publish = [&](SqliteStore* outbox) {
        if (outbox)
            if (auto b = outbox->Undelivered(m_target); b) {
                next.m_waitingActions = b->m_actions;
                next.m_waitingAttempts = b->m_attempts;
            }
        if (m_options.m_releaseWhenIdle) m_server.reset();
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
    if (m_options.m_releaseWhenIdle && wasChecked) {
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
        PgOpenOptions po;
        po.m_migrate = false;
        po.m_password = m_options.m_password;
        po.m_connectTimeoutS = m_options.m_connectTimeoutS;
        auto opened = PgStore::Open(m_options.m_conninfo, po);
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
    publish(outbox.Value().get());
}

} // namespace sl
