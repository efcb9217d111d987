// SupportLab UI: a trainee in a trainer's live room — whereabouts, the room's instructions and pause.
#pragma once

#include "ui/app_state.hpp"

namespace sl::ui {

// Server mode, a trainee's run in a lab session: tells her delivery agent where she is (for the
// trainer's control room), adds the room's instructions her log lacks (injects fired, moved or
// skipped), holds her clock while the trainer pauses the room, and notes which modules of a paced
// session are open (LabRun::m_openUpTo). Does nothing on one machine.
void FollowTraineeRoom(AppState& s);

} // namespace sl::ui
