// SupportLab UI: playing a scenario — the header and clock, and the run's layout of its panels.
// The panels have their own files: view_play_queue (the queue; its rows in queue_rows),
// view_play_ticket (the ticket), view_play_dialogs (escalate, resolve), view_play_questions.
#include "ui/run_control.hpp"
#include "ui/view_play_common.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

// [SECTION] Header and clock
// [SECTION] The run

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace sl::ui {

//-----------------------------------------------------------------------------
// [SECTION] Header and clock
//-----------------------------------------------------------------------------

void DrawRunHeader(AppState& s, ScenarioRun& run) {
    const Scenario& sc = *run.m_scenario;
    const Simulation& sim = run.Sim();
    Heading(s, sc.m_title.c_str());
    ImGui::SameLine();
    if (run.m_demo)
        ImGui::TextColored(ColorKey(), "[demo: answer key shown]");
    else if (run.Assessed())
        ImGui::TextColored(ColorWarn(), "[assessment: submitted to your trainer; no hints, no score until results are released]");
    else if (sc.m_clock == ClockMode::Assessment)
        ImGui::TextColored(ColorWarn(), "[assessment: the clock cannot be paused]");
    else
        ImGui::TextColored(ColorInfo(), "[practice]");

    // The simulated clock, always visible.
    if (s.m_fonts.m_large) ImGui::PushFont(s.m_fonts.m_large);
    ImGui::Text("%s", FormatClock(sim.Now()).c_str());
    if (s.m_fonts.m_large) ImGui::PopFont();
    Track(s, "run/clock");
    Tooltip("Simulated time since the scenario started");
    ImGui::SameLine();
    if (ClockControllable(run)) {
        ClockControl& c = run.m_clock;
        if (c.m_paused) {
            if (IconButton(s, "clock/play", Icon::Play, "Resume the clock (Space)")) c.m_paused = false;
        } else {
            if (IconButton(s, "clock/pause", Icon::Pause, "Pause the clock (Space)")) c.m_paused = true;
        }
        ImGui::SameLine();
        if (IconButton(s, "clock/slower", Icon::Slower, "Slower clock ([)", c.m_speedIndex > 0))
            c.m_speedIndex = std::max(0, c.m_speedIndex - 1);
        ImGui::SameLine();
        if (IconButton(s, "clock/faster", Icon::Faster, "Faster clock (])", c.m_speedIndex < kClockSpeedCount - 1))
            c.m_speedIndex = std::min(kClockSpeedCount - 1, c.m_speedIndex + 1);
        ImGui::SameLine();
        if (c.m_paused)
            ImGui::TextColored(ColorWarn(), "paused");
        else
            ImGui::Text("%gx", static_cast<double>(kClockSpeeds[c.m_speedIndex]));
    } else {
        ImGui::TextDisabled("1x (assessment)");
    }
    if (run.m_roomPaused) {
        ImGui::SameLine();
        ImGui::TextColored(ColorWarn(), "The trainer has paused the room: the clock waits for them.");
        Track(s, "run/roompaused");
    }
    if (sc.m_timeBudget > 0) {
        ImGui::SameLine();
        const float frac = static_cast<float>(std::min<double>(1.0, static_cast<double>(sim.Now()) / static_cast<double>(sc.m_timeBudget)));
        const std::string overlay = FormatClock(sim.Now()) + " of " + FormatDuration(sc.m_timeBudget);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, sim.Now() > sc.m_timeBudget ? ColorBad() : ColorInfo());
        ImGui::ProgressBar(frac, ImVec2(220 * s.m_fonts.m_scale, 0), overlay.c_str());
        ImGui::PopStyleColor();
        Tooltip("Simulated time against the scenario's time budget");
    }
    ImGui::SameLine();
    const RunSummary& summary = Summarize(run);
    // Open work is what has arrived; what is still to come is counted apart.
    const int open = summary.m_open - summary.m_waiting;
    if (summary.m_waiting > 0)
        ImGui::TextDisabled("  %d open · %d to come", open, summary.m_waiting);
    else
        ImGui::TextDisabled("  %d open", open);
    // Nothing left to work on: offer to move the clock to the next arrival (no SLA clock is running).
    const SimTime nextArrival = sim.NextEvent();
    if (!summary.m_anyWorkable && nextArrival > sim.Now() && run.m_phase == RunPhase::Playing) {
        ImGui::SameLine();
        if (Button(s, "Wait for the next ticket", "run/wait")) {
            if (run.m_recorder)
                run.m_recorder->AdvanceTo(nextArrival);
            else
                run.m_sim->AdvanceTo(nextArrival);
            CollectArrivals(run);
        }
        Tooltip("Nothing is open: move the clock to the next arrival");
    }
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - 150 * s.m_fonts.m_scale));
    const bool done = sim.Finished();
    if (done) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.20f, 0.55f, 0.30f, 1.0f));
    if (Button(s, run.Assessed() ? "Submit" : "Finish scenario", "run/finish")) {
        // Tickets still to come are unfinished work too; a submission is always confirmed.
        if (summary.m_open > 0 || run.Assessed())
            run.m_phase = RunPhase::ConfirmFinish;
        else
            FinishRun(s, run);
    }
    if (done) ImGui::PopStyleColor();
    if (run.Assessed())
        Tooltip("Hand the attempt in: the server scores it, and you see your results when your trainer releases them");
    else
        Tooltip(done ? "Everything is handled: finish to see your debrief" : "End the attempt and see the debrief");
    if (!run.m_lastError.empty()) {
        ImGui::TextColored(ColorBad(), "%s", run.m_lastError.c_str());
        ImGui::SameLine();
        if (IconButton(s, "run/dismiss", Icon::Close, "Dismiss this message")) run.m_lastError.clear();
    }
    ImGui::Separator();
}

//-----------------------------------------------------------------------------
// [SECTION] The run
//-----------------------------------------------------------------------------

void DrawScenarioRun(AppState& s, ScenarioRun& run) {
    DrawRunHeader(s, run);
    const Scenario& sc = *run.m_scenario;
    if (sc.m_kind == ScenarioKind::PlanReview) {
        DrawQuestions(s, run);
    } else {
        if (run.m_selectedTicket.empty())
            for (const TicketState& t : run.Sim().Tickets())
                if (t.m_status != TicketStatus::NotArrived) {
                    run.m_selectedTicket = t.m_def->m_id;
                    break;
                }
        // The two panes fill what is left, less the cell padding, so the page itself never scrolls.
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float paneHeight = std::max(100.0f, avail.y - 2.0f * ImGui::GetStyle().CellPadding.y - 1.0f);
        if (ImGui::BeginTable("##work", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV, avail)) {
            ImGui::TableSetupColumn("Queue", ImGuiTableColumnFlags_WidthStretch, 0.46f);
            ImGui::TableSetupColumn("Ticket", ImGuiTableColumnFlags_WidthStretch, 0.54f);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::BeginChild("##queuepane", ImVec2(0, paneHeight), false);
            DrawTicketQueue(s, run);
            ImGui::EndChild();
            ImGui::TableSetColumnIndex(1);
            ImGui::BeginChild("##detailpane", ImVec2(0, paneHeight), false);
            // Each ticket opens at its top, not at the scroll position of the one before.
            if (run.m_detailShownFor != run.m_selectedTicket) {
                ImGui::SetScrollY(0.0f);
                run.m_detailShownFor = run.m_selectedTicket;
            }
            DrawTicketDetail(s, run);
            ImGui::EndChild();
            ImGui::EndTable();
        }
    }
    DrawTicketDialogs(s, run);
}

} // namespace sl::ui
