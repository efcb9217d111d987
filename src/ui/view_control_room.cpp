// SupportLab UI: the trainer's control room — a live session's trainees, its injects, and the room's pause.
#include "ui/library.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace sl::ui {

// [SECTION] Reading the room
// [SECTION] Trainees
// [SECTION] Injects
// [SECTION] Panel

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading the room
//-----------------------------------------------------------------------------

// Tells the poller which session to watch when the choice changes, and takes its latest read.
// The poller reads on its own thread; this frame only copies what it has.
void FollowRoom(AppState& s, ControlRoomState& room) {
    const ServerHooks& hooks = s.m_options.m_server;
    if (room.m_watching != room.m_session) {
        room.m_watching = room.m_session;
        room.m_view = RoomView{};
        hooks.m_watchRoom(room.m_session);
    }
    if (room.m_session) {
        RoomView latest = hooks.m_roomView();
        if (latest.m_session == *room.m_session && latest.m_reads != room.m_view.m_reads) room.m_view = std::move(latest);
    }
}

void Send(AppState& s, ControlRoomState& room, const RoomCommand& command, const std::string& done) {
    const std::string err = s.m_options.m_server.m_roomCommand(*room.m_session, command);
    room.m_message = err.empty() ? done : err;
    Notify(s, err.empty() ? MessageLevel::Info : MessageLevel::Error, room.m_message);
}

std::string Ago(double seconds) {
    if (seconds < 0) return "-";
    if (seconds < 60) return std::to_string(static_cast<int>(seconds)) + " s ago";
    return FormatDuration(static_cast<SimTime>(seconds)) + " ago";
}

//-----------------------------------------------------------------------------
// [SECTION] Trainees
//-----------------------------------------------------------------------------

void DrawTraineeRow(AppState& s, const RoomView& view, const RoomTraineeView& t) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(t.m_name.c_str());
    Track(s, "room/trainee/" + t.m_name);
    if (!t.m_problem.empty()) {
        ImGui::SameLine();
        TextColor(ColorBad(), "(!)");
        Tooltip(t.m_problem.c_str());
    }
    ImGui::TableSetColumnIndex(1);
    TextColor(t.m_online ? ColorOk() : ColorWarn(), t.m_online ? "online" : "offline");
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(t.m_module.empty() ? "-" : t.m_module.c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(t.m_scenarioId.empty() ? "-" : FormatClock(t.m_simTime).c_str());
    ImGui::TableSetColumnIndex(4);
    ImGui::Text("%d", t.m_open);
    ImGui::TableSetColumnIndex(5);
    if (t.m_breached > 0) TextColor(ColorBad(), std::to_string(t.m_breached).c_str());
    else ImGui::TextUnformatted("0");
    ImGui::TableSetColumnIndex(6);
    if (t.m_nearBreach > 0) TextColor(ColorWarn(), std::to_string(t.m_nearBreach).c_str());
    else ImGui::TextUnformatted("0");
    ImGui::TableSetColumnIndex(7);
    char pct[32];
    ImGui::TextUnformatted(view.m_assessment ? "(assessed)" : t.m_scorePercent ? PercentText(*t.m_scorePercent, pct) : "-");
    ImGui::TableSetColumnIndex(8);
    std::string injects = std::to_string(t.m_injectsReceived);
    if (t.m_injectsLate) injects += ", " + std::to_string(t.m_injectsLate) + " late";
    if (t.m_injectsWaiting) injects += ", " + std::to_string(t.m_injectsWaiting) + " to reach her";
    if (t.m_injectsWaiting || t.m_injectsLate) TextColor(ColorWarn(), injects.c_str());
    else ImGui::TextUnformatted(injects.c_str());
    ImGui::TableSetColumnIndex(9);
    ImGui::TextUnformatted(Ago(t.m_lastActionAgo).c_str());
}

void DrawTrainees(AppState& s, const RoomView& view) {
    if (view.m_trainees.empty()) {
        TextDim("No trainee of this session's cohort yet.");
        return;
    }
    // No scrolling flag: a scrolling table would take the whole height and hide the injects below.
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##roomtrainees", 10, flags)) return;
    ImGui::TableSetupColumn("Trainee");
    ImGui::TableSetupColumn("Online");
    ImGui::TableSetupColumn("Module");
    ImGui::TableSetupColumn("Clock");
    ImGui::TableSetupColumn("Open");
    ImGui::TableSetupColumn("Breached");
    ImGui::TableSetupColumn("Near breach");
    ImGui::TableSetupColumn("Score so far");
    ImGui::TableSetupColumn("Injects");
    ImGui::TableSetupColumn("Last action");
    ImGui::TableHeadersRow();
    for (const RoomTraineeView& t : view.m_trainees) DrawTraineeRow(s, view, t);
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] Injects
//-----------------------------------------------------------------------------

// One inject's row; returns the command its buttons asked for, if any.
std::optional<RoomCommand> DrawInjectRow(AppState& s, const ControlRoomState& room, const RoomPlanView& p) {
    std::optional<RoomCommand> asked;
    const std::string key = p.m_scenarioId + "/" + p.m_injectId;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(p.m_title.empty() ? p.m_injectId.c_str() : p.m_title.c_str());
    Tooltip((p.m_injectId + " of " + p.m_scenarioId).c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(p.m_kind.c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(p.m_at ? FormatClock(*p.m_at).c_str() : "-");
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(p.m_state.c_str());
    Track(s, "room/state/" + key);
    ImGui::TableSetColumnIndex(4);
    // A skipped inject can still be fired (the trainer changed her mind); a fired one is done.
    const bool fired = p.m_state == "fired";
    const bool over = fired || p.m_state == "skipped";
    if (ButtonIf(s, !fired, ("Fire now##" + key).c_str(), "Already fired.", "room/fire/" + key))
        asked = RoomCommand{RoomCommand::Kind::FireNow, p.m_scenarioId, p.m_injectId, 0};
    ImGui::SameLine();
    // Delay moves a scheduled inject later; a library or contingency inject has no time to move.
    const bool delayable = !over && p.m_due.has_value();
    const std::string delayLabel = "Delay " + std::to_string(room.m_delayMinutes) + " min##" + key;
    if (ButtonIf(s, delayable, delayLabel.c_str(), over ? "Already " + p.m_state + "." : "It has no time to move: fire it when you choose.",
                 "room/delay/" + key))
        asked = RoomCommand{RoomCommand::Kind::FireAt, p.m_scenarioId, p.m_injectId, p.m_due.value_or(0) + room.m_delayMinutes * 60};
    ImGui::SameLine();
    if (ButtonIf(s, !over, ("Skip##" + key).c_str(), "Already " + p.m_state + ".", "room/skip/" + key))
        asked = RoomCommand{RoomCommand::Kind::Skip, p.m_scenarioId, p.m_injectId, 0};
    return asked;
}

void DrawInjects(AppState& s, ControlRoomState& room) {
    const RoomView& view = room.m_view;
    if (view.m_plan.empty()) {
        TextDim("The scenarios played in this session have no injects.");
        return;
    }
    ImGui::SetNextItemWidth(120 * s.m_fonts.m_scale);
    ImGui::InputInt("Delay by (minutes)", &room.m_delayMinutes);
    Track(s, "room/delayminutes");
    room.m_delayMinutes = std::clamp(room.m_delayMinutes, 1, 240);
    std::optional<RoomCommand> asked;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("##roominjects", 5, flags)) {
        ImGui::TableSetupColumn("Inject", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Kind");
        ImGui::TableSetupColumn("Planned");
        ImGui::TableSetupColumn("State");
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        for (const RoomPlanView& p : view.m_plan)
            if (auto a = DrawInjectRow(s, room, p)) asked = a;
        ImGui::EndTable();
    }
    if (asked) {
        const char* what = asked->m_kind == RoomCommand::Kind::Skip     ? "skipped"
                           : asked->m_kind == RoomCommand::Kind::FireAt ? "moved"
                                                                        : "fired";
        Send(s, room, *asked, "Inject " + asked->m_injectId + " " + what + " for the whole room.");
    }
}

// A paced session: how many of the lab's modules are open, and the button that opens the next for
// everyone (trainees waiting on it see it open within a delivery round).
void DrawPacing(AppState& s, ControlRoomState& room) {
    const RoomView& view = room.m_view;
    const Lab* lab = nullptr;
    for (const LabSession& ls : s.m_trainer.m_session.m_sessions)
        if (room.m_session && ls.m_id == *room.m_session)
            if (const LibraryEntry* e = FindLabEntry(s.m_library, ls.m_labId)) lab = e->m_lab.get();
    if (!view.m_paced) {
        TextDim("Trainees move through the modules at their own pace (make the session paced in its Settings to open "
                "them one by one).");
        return;
    }
    const int total = lab ? static_cast<int>(lab->m_modules.size()) : 0;
    std::string text = "Paced: " + std::to_string(view.m_openedModules) + (total ? " of " + std::to_string(total) : "") + " module(s) open.";
    ImGui::TextUnformatted(text.c_str());
    Track(s, "room/paced");
    const bool more = !lab || view.m_openedModules < total;
    std::string label = "Open the next module";
    if (lab && more) label += ": " + lab->m_modules[static_cast<size_t>(view.m_openedModules)].m_title;
    ImGui::SameLine();
    if (ButtonIf(s, more, label.c_str(), "Every module is open.", "room/opennext"))
        Send(s, room, RoomCommand{RoomCommand::Kind::OpenNextModule, "", "", 0}, "Module " + std::to_string(view.m_openedModules + 1) + " is open for everyone.");
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Panel
//-----------------------------------------------------------------------------

void OpenControlRoom(AppState& s, RowId session) {
    s.m_trainer.m_room.m_session = session;
    s.m_trainer.m_tab = TrainerTab::ControlRoom;
    s.m_trainer.m_tabRequest = true;
}

void DrawControlRoomPanel(AppState& s) {
    ControlRoomState& room = s.m_trainer.m_room;
    const SessionForm& sessions = s.m_trainer.m_session;
    TextDim("Watch a lab session live: where each trainee is, their SLAs, and the injects. Pick a session here or with "
            "Control room on the Lab sessions tab.");
    ImGui::SetNextItemWidth(420 * s.m_fonts.m_scale);
    const std::string preview = room.m_session ? "Session " + std::to_string(*room.m_session) : std::string("Choose a session...");
    if (ImGui::BeginCombo("##roomsession", preview.c_str())) {
        for (const LabSession& ls : sessions.m_sessions) {
            const std::string label = "Session " + std::to_string(ls.m_id) + ": " + ls.m_labId + (ls.m_cohort.empty() ? "" : ", " + ls.m_cohort);
            if (ImGui::Selectable(label.c_str(), room.m_session == ls.m_id)) room.m_session = ls.m_id;
            Track(s, "room/session/" + std::to_string(ls.m_id));
        }
        ImGui::EndCombo();
    }
    Track(s, "room/session");
    if (sessions.m_sessions.empty()) TextDim("Open the Lab sessions tab to load the sessions.");
    FollowRoom(s, room);
    if (!room.m_session) return;
    const RoomView& view = room.m_view;
    if (!view.m_error.empty()) TextColor(ColorBad(), ("Could not read the room: " + view.m_error).c_str());
    if (view.m_session == 0) {
        TextDim("Reading the room...");
        return;
    }
    Heading(s, view.m_paused ? "The room is paused" : "The room is running");
    if (view.m_paused) {
        if (Button(s, "Resume the room", "room/resume")) Send(s, room, RoomCommand{RoomCommand::Kind::Resume, "", "", 0}, "The room runs again.");
        Tooltip("Every trainee's simulated clock runs again.");
    } else {
        if (Button(s, "Pause the room", "room/pause")) Send(s, room, RoomCommand{RoomCommand::Kind::Pause, "", "", 0}, "The room is paused.");
        Tooltip("Stops every trainee's simulated clock until you resume; they see that you paused it.");
    }
    ImGui::SameLine();
    TextDim((std::to_string(view.m_sent) + " instruction(s) sent" + (view.m_assessment ? " · assessment: scores stay hidden" : "")).c_str());
    DrawPacing(s, room);
    ImGui::Spacing();
    Heading(s, "Trainees");
    DrawTrainees(s, view);
    ImGui::Spacing();
    Heading(s, "Injects");
    DrawInjects(s, room);
    if (!room.m_message.empty()) TextWrappedStr(room.m_message);
}

} // namespace sl::ui
