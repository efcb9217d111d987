// SupportLab UI: one scenario run — start, resume, act, tick the clock, notice arrivals, finish.
#include "ui/run_control.hpp"

// [SECTION] Attempts
// [SECTION] Clock and arrivals

#include "core/rng.hpp"
#include "ui/assessment_run.hpp"
#include "ui/widgets.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

namespace sl::ui {

WallTime WallNow(const AppState& s) { return s.m_options.m_wallClock ? s.m_options.m_wallClock() : 0; }

namespace {

// Practice of a scenario under assessment for her cohort waits (its debrief would show the key).
std::string HeldForAssessment(const AppState& s, const Scenario& scenario) {
    if (scenario.m_keyWithheld || !IsBeingAssessed(s, scenario.m_id)) return {};
    return "\"" + scenario.m_title + "\" is being assessed for your cohort: it opens for practice when your trainer closes "
           "the assessment.";
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Attempts
//-----------------------------------------------------------------------------

std::string StartStoredRun(AppState& s, std::shared_ptr<const Scenario> scenario, const RunStart& where,
                           std::optional<ScenarioRun>& out) {
    if (!s.m_store) return "No database is open.";
    if (!s.m_trainee.m_profile) return "Pick a trainee profile first.";
    if (std::string held = HeldForAssessment(s, *scenario); !held.empty()) return held;
    Attempt meta;
    meta.m_traineeId = s.m_trainee.m_profile->m_id;
    meta.m_sessionId = where.m_sessionId;
    meta.m_labId = where.m_labId;
    meta.m_moduleId = where.m_moduleId;
    // Each attempt draws its own variation: trainee, scenario and start time feed the seed, which is stored.
    meta.m_seed = Rng::Derive(static_cast<std::uint64_t>(WallNow(s)), scenario->m_id.c_str(),
                              static_cast<std::uint64_t>(meta.m_traineeId));
    StoreResult<AttemptRecorder> rec = AttemptRecorder::Start(*s.m_store, *scenario, meta, s.m_options.m_wallClock);
    if (!rec) return rec.Error().m_message;
    out.reset();
    out.emplace();
    out->m_scenario = std::move(scenario);
    out->m_recorder.emplace(std::move(rec.Value()));
    out->m_labModuleId = where.m_moduleId.value_or("");
    out->m_storedNow = out->Sim().Now();
    CollectArrivals(*out);
    return {};
}

std::string ResumeStoredRun(AppState& s, std::shared_ptr<const Scenario> scenario, RowId attemptId,
                            std::optional<ScenarioRun>& out) {
    if (!s.m_store) return "No database is open.";
    if (std::string held = HeldForAssessment(s, *scenario); !held.empty()) return held;
    StoreResult<AttemptRecorder> rec = ResumeAttempt(*s.m_store, *scenario, attemptId, s.m_options.m_wallClock);
    if (!rec) return rec.Error().m_message;
    out.reset();
    out.emplace();
    out->m_scenario = std::move(scenario);
    out->m_recorder.emplace(std::move(rec.Value()));
    out->m_labModuleId = out->m_recorder->AttemptRecord().m_moduleId.value_or("");
    out->m_storedNow = out->Sim().Now(); // the last action's end, or a stored clock checkpoint
    // Tickets already worked on before the restart are not new any more.
    for (const TicketState& t : out->Sim().Tickets())
        if (!t.m_log.empty() && t.m_log.size() > 1) out->m_seen.insert(t.m_def->m_id);
    CollectArrivals(*out);
    out->m_arrivals.clear(); // the resumed queue is shown as it stands, not as a burst of arrivals
    return {};
}

void StartDemoRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, std::optional<ScenarioRun>& out) {
    out.reset();
    out.emplace();
    out->m_sim.emplace(*scenario, seed);
    out->m_scenario = std::move(scenario);
    out->m_demo = true;
    CollectArrivals(*out);
}

bool ApplyRunAction(AppState& s, ScenarioRun& run, const Action& action) {
    if (run.m_phase != RunPhase::Playing) return false;
    ApplyResult r;
    if (run.m_recorder) {
        RecordResult rr = run.m_recorder->Apply(action);
        r = rr.m_apply;
        if (rr.m_storeError)
            Notify(s, MessageLevel::Error,
                   "Could not save the last action (" + rr.m_storeError->m_message +
                       "); it is kept in memory and saved as soon as the database can be written.");
    } else {
        r = run.m_sim->Apply(action);
    }
    if (!r.m_ok) {
        run.m_lastError = r.m_error;
        return false;
    }
    run.m_lastError.clear();
    if (run.m_recorder) run.m_storedNow = run.Sim().Now();
    if (run.m_recorder && s.m_options.m_server.m_actionRecorded) s.m_options.m_server.m_actionRecorded(); // deliver now, not in 2 s
    CollectArrivals(run); // the action's time cost may have brought arrivals
    return true;
}

void CheckpointClock(AppState& s, ScenarioRun& run, SimTime minGap) {
    if (!run.m_recorder || run.m_phase != RunPhase::Playing) return;
    const SimTime now = run.Sim().Now();
    if (now - run.m_storedNow < std::max<SimTime>(1, minGap)) return;
    Action at;
    at.m_type = ActionType::WaitUntil;
    at.m_duration = now;
    ApplyRunAction(s, run, at);
}

void DropRun(AppState& s) {
    if (s.m_trainee.m_run) CheckpointClock(s, *s.m_trainee.m_run, 1);
    s.m_trainee.m_run.reset();
}

bool FinishRun(AppState& s, ScenarioRun& run) {
    if (run.m_phase == RunPhase::Debrief || run.m_phase == RunPhase::Submitted) return true;
    if (run.Assessed() && run.m_recorder) {
        // Handed in, not scored: this machine has no key. The server scores it; the trainer releases.
        if (auto st = run.m_recorder->Submit(); !st) {
            run.m_lastError = st.Error().m_message;
            Notify(s, MessageLevel::Error, "Could not submit the attempt: " + st.Error().m_message);
            run.m_phase = RunPhase::Playing;
            return false;
        }
        run.m_phase = RunPhase::Submitted;
        if (s.m_options.m_server.m_syncStatus) run.m_submittedBeforeRound = s.m_options.m_server.m_syncStatus().m_roundsStarted;
        if (s.m_options.m_server.m_actionRecorded) s.m_options.m_server.m_actionRecorded(); // deliver it now
        return true;
    }
    if (run.m_recorder) {
        StoreResult<ScoreReport> rep = run.m_recorder->Finish();
        if (!rep) {
            run.m_lastError = rep.Error().m_message;
            Notify(s, MessageLevel::Error, "Could not finish the attempt: " + rep.Error().m_message);
            run.m_phase = RunPhase::Playing;
            return false;
        }
        run.m_report = rep.Value();
    } else {
        run.m_report = Score(*run.m_sim);
    }
    run.m_phase = RunPhase::Debrief;
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Clock and arrivals
//-----------------------------------------------------------------------------

// An assessed attempt runs at 1x whatever its scenario's clock says: the trainer chose assessment.
bool ClockControllable(const ScenarioRun& run) {
    return run.m_demo || (run.m_scenario->m_clock == ClockMode::Practice && !run.Assessed());
}

float ClockSpeed(const ScenarioRun& run) {
    if (run.m_roomPaused) return 0.0f; // the trainer holds every clock in the room
    if (!ClockControllable(run)) return 1.0f;
    if (run.m_clock.m_paused) return 0.0f;
    const int i = std::clamp(run.m_clock.m_speedIndex, 0, kClockSpeedCount - 1);
    return kClockSpeeds[i];
}

void TickRun(ScenarioRun& run, double realSeconds) {
    if (run.m_phase != RunPhase::Playing) return;
    // A stalled frame (suspend, debugger) must not burn through the SLA clocks; an idle window
    // draws at least once a second (SecondsUntilChange), so up to 1.5 s between frames is real.
    const double dt = std::clamp(std::isfinite(realSeconds) ? realSeconds : 0.0, 0.0, 1.5);
    run.m_clock.m_carry += dt * ClockSpeed(run);
    const double whole = std::floor(run.m_clock.m_carry);
    if (whole < 1.0) return;
    run.m_clock.m_carry -= whole;
    const SimTime target = run.Sim().Now() + static_cast<SimTime>(whole);
    if (run.m_recorder)
        run.m_recorder->AdvanceTo(target);
    else
        run.m_sim->AdvanceTo(target);
    CollectArrivals(run);
}
void CollectArrivals(ScenarioRun& run) {
    const Simulation& sim = run.Sim();
    // Statuses change only with the state stamp: an unchanged stamp means nothing to notice.
    if (run.m_collectedStamp == sim.StateStamp()) return;
    run.m_collectedStamp = sim.StateStamp();
    const std::vector<TicketState>& tickets = sim.Tickets();
    run.m_lastStatus.resize(tickets.size(), TicketStatus::NotArrived);
    for (size_t i = 0; i < tickets.size(); ++i) {
        const TicketState& t = tickets[i];
        TicketStatus& last = run.m_lastStatus[i];
        if (t.m_status == last) continue;
        // Only the clock makes these two changes: trainees cannot act on tickets away with another team.
        if (last == TicketStatus::NotArrived) {
            run.m_arrivals.push_back(FormatClock(t.m_arrives) + "  New ticket: " + t.m_def->m_subject);
        } else if (last == TicketStatus::Escalated && t.m_status != TicketStatus::Resolved) {
            run.m_arrivals.push_back(FormatClock(sim.Now()) + "  Came back (misrouted): " + t.m_def->m_subject);
            run.m_seen.erase(t.m_def->m_id); // flag it as needing attention again
        }
        last = t.m_status;
    }
    // What happened to the whole room: injects fired (by plan, the trainer, or a missed deadline),
    // broadcasts, destination changes.
    const std::vector<TicketLogEntry>& room = sim.RoomLog();
    for (; run.m_roomSeen < room.size(); ++run.m_roomSeen)
        run.m_arrivals.push_back(FormatClock(room[run.m_roomSeen].m_at) + "  " + room[run.m_roomSeen].m_text);
    if (run.m_arrivals.size() > 50) run.m_arrivals.erase(run.m_arrivals.begin(), run.m_arrivals.end() - 50);
}

const RunSummary& Summarize(ScenarioRun& run) {
    const Simulation& sim = run.Sim();
    RunSummary& r = run.m_summary;
    if (r.m_stamp == sim.StateStamp()) return r;
    r = RunSummary{};
    r.m_stamp = sim.StateStamp();
    r.m_open = OpenWork(sim);
    std::set<std::string_view> labels;
    for (const TicketState& t : sim.Tickets()) {
        if (IsHeldBack(t)) continue; // brought by an inject that has not fired: not known to be coming
        if (t.m_status == TicketStatus::NotArrived) ++r.m_waiting;
        else r.m_anyArrived = true;
        r.m_anyWorkable |= IsWorkable(t);
        if (!t.m_incidentLabel.empty() && labels.insert(t.m_incidentLabel).second) r.m_incidentLabels.push_back(t.m_incidentLabel);
    }
    return r;
}

} // namespace sl::ui
