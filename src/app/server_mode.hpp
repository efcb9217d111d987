// SupportLab app: the glue between the UI's server hooks and server_link (sign-in, store, delivery agent).
#pragma once

#include "server_link/room.hpp"
#include "server_link/server_link.hpp"
#include "ui/app_state.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace sl::app {

// What server mode keeps for the app's lifetime: the URI, the typed password (needed again for
// reconnecting; never shown), the role, a trainee's delivery agent, and a trainer's control-room
// poller (made when the control room first watches a session).
struct ServerContext {
    std::string m_uri;
    std::string m_password;
    ui::AppRole m_role = ui::AppRole::Trainee;
    std::string m_scenarioDir; // the library, for replaying the room's attempts
    std::unique_ptr<DeliveryAgent> m_agent;
    std::unique_ptr<RoomWatcher> m_roomWatcher;
};

// Points the app at the server named by uri: the store becomes the trainee's outbox (or, for a
// trainer or lead, the server itself) and the UI's sign-in, store and status hooks go through
// ctx, which must outlive the app state.
void UseServer(ui::AppOptions& options, ServerContext& ctx, const std::string& uri);

// As the app quits, after the app state has closed its store: a trainee's agent runs one last
// round (waiting at most `limit`), so the last minutes' work reaches the server now rather than
// at the next start. Returns what to tell her when something is still waiting; "" when nothing is.
std::string DeliverBeforeQuitting(ServerContext& ctx, std::chrono::milliseconds limit);

// Waits (at most `limit`) until a trainee's agent has finished a round (smoke tests: a known start).
void AwaitFirstCheck(ServerContext& ctx, std::chrono::milliseconds limit);

} // namespace sl::app
