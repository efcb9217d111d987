// SupportLab UI: a trainee in a trainer's live room — whereabouts, the room's instructions and pause.
#include "ui/trainee_room.hpp"

#include "ui/lab_flow.hpp"
#include "ui/run_control.hpp"

#include <algorithm>

namespace sl::ui {

void FollowTraineeRoom(AppState& s) {
    const ServerHooks& hooks = s.m_options.m_server;
    if (!hooks.m_roomWhereabouts || !hooks.m_traineeRoom) return;
    TraineeState& tr = s.m_trainee;
    if (hooks.m_lookForSessions) hooks.m_lookForSessions(s.m_role == AppRole::Trainee && tr.m_screen == TraineeScreen::Pick);
    ScenarioRun* run = tr.m_run && tr.m_run->m_recorder && tr.m_run->m_phase == RunPhase::Playing &&
                               tr.m_run->m_recorder->AttemptRecord().m_sessionId
                           ? &*tr.m_run
                           : nullptr;
    LabRun* lab = tr.m_lab && tr.m_lab->m_sessionId && tr.m_screen == TraineeScreen::Lab ? &*tr.m_lab : nullptr;
    // Where she is: a scenario of a session (its attempt and clock), else a session's lab screen.
    std::optional<RowId> session;
    std::string module, uid;
    SimTime now = 0;
    if (run) {
        const Attempt& attempt = run->m_recorder->AttemptRecord();
        session = attempt.m_sessionId;
        module = attempt.m_moduleId.value_or("");
        uid = attempt.m_uid;
        now = run->Sim().Now();
    } else if (lab) {
        session = lab->m_sessionId;
        if (lab->m_current >= 0 && lab->m_current < static_cast<int>(lab->m_lab->m_modules.size()))
            module = lab->m_lab->m_modules[static_cast<size_t>(lab->m_current)].m_id;
    }
    if (tr.m_run) tr.m_run->m_roomPaused = false;
    if (!session) {
        hooks.m_roomWhereabouts(std::nullopt, "", "", 0);
        if (tr.m_lab) tr.m_lab->m_openUpTo = -1;
        return;
    }
    hooks.m_roomWhereabouts(*session, module, uid, now);
    const TraineeRoomView room = hooks.m_traineeRoom();
    if (!room.m_known || room.m_localSession != *session) return;
    if (tr.m_lab && tr.m_lab->m_sessionId == session) tr.m_lab->m_openUpTo = room.m_paced ? std::max(0, room.m_openedModules) : -1;
    if (!run) return;
    run->m_roomPaused = room.m_paused;
    // Her log holds the room's instructions as a prefix of the list sent: add the rest, in order.
    for (const Action& a : InstructionsToApply(room.m_instructions, run->Sim()))
        if (!ApplyRunAction(s, *run, a)) break;
}

} // namespace sl::ui
