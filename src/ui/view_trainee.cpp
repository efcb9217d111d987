// SupportLab UI: the trainee's screens — profile, choosing a lab or scenario, and the lab flow.
#include "ui/assessment_run.hpp"
#include "ui/library.hpp"
#include "ui/run_control.hpp"
#include "ui/profiles.hpp"
#include "ui/lab_flow.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

// [SECTION] Profile
// [SECTION] Assessments
// [SECTION] Pick a lab or scenario
// [SECTION] Lab flow
// [SECTION] Dispatcher

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sl::ui {

//-----------------------------------------------------------------------------
// [SECTION] Profile
//-----------------------------------------------------------------------------

void DrawProfileScreen(AppState& s) {
    TraineeState& tr = s.m_trainee;
    if (!tr.m_profilesLoaded) ReloadProfiles(s);
    const float scale = s.m_fonts.m_scale;
    Heading(s, "Who is training today?");
    TextDim("Pick your profile, or create one. Your work is saved as you go: if SupportLab closes, you carry on "
            "where you stopped.");
    ImGui::Spacing();
    if (ImGui::BeginTable("##profilelayout", 2, ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("existing", ImGuiTableColumnFlags_WidthStretch, 0.55f);
        ImGui::TableSetupColumn("new", ImGuiTableColumnFlags_WidthStretch, 0.45f);
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        Heading(s, "Existing profiles");
        if (tr.m_profiles.empty()) {
            TextDim("No profiles yet: create yours on the right.");
        } else if (ImGui::BeginTable("##profiles", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                                     ImVec2(0, 360 * scale))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("Name");
            ImGui::TableSetupColumn("Cohort");
            ImGui::TableHeadersRow();
            std::optional<Trainee> chosen;
            for (const Trainee& t : tr.m_profiles) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::PushID(static_cast<int>(t.m_id));
                if (ImGui::Selectable(t.m_name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) chosen = t;
                Track(s, "profile/pick/" + t.m_name);
                ImGui::PopID();
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(t.m_cohort.empty() ? "-" : t.m_cohort.c_str());
            }
            ImGui::EndTable();
            if (chosen) SelectProfile(s, *chosen);
        }
        ImGui::TableSetColumnIndex(1);
        Heading(s, "New profile");
        ImGui::SetNextItemWidth(-1);
        bool enter = ImGui::InputTextWithHint("##name", "Your name", &tr.m_form.m_name, ImGuiInputTextFlags_EnterReturnsTrue);
        Track(s, "profile/name");
        ImGui::SetNextItemWidth(-ImGui::GetFrameHeight() * 1.6f);
        enter |= ImGui::InputTextWithHint("##cohort", "Cohort (e.g. Helpdesk 2024-Q3)", &tr.m_form.m_cohort,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
        Track(s, "profile/cohort");
        ImGui::SameLine();
        const std::vector<std::string>& cohorts = tr.m_cohorts;
        ImGui::BeginDisabled(cohorts.empty());
        if (ImGui::BeginCombo("##cohorts", "", ImGuiComboFlags_NoPreview)) {
            for (const std::string& c : cohorts) {
                if (ImGui::Selectable(c.c_str())) tr.m_form.m_cohort = c;
                Track(s, "profile/cohort/" + c);
            }
            ImGui::EndCombo();
        }
        ImGui::EndDisabled();
        Track(s, "profile/cohorts");
        Tooltip("Pick an existing cohort");
        if (!tr.m_form.m_error.empty()) ImGui::TextColored(ColorBad(), "%s", tr.m_form.m_error.c_str());
        if (Button(s, "Create profile", "profile/create") || enter) {
            tr.m_form.m_error = CreateProfile(s, tr.m_form.m_name, tr.m_form.m_cohort);
            if (tr.m_form.m_error.empty()) tr.m_form = ProfileForm{};
        }
        ImGui::EndTable();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Assessments
//-----------------------------------------------------------------------------

namespace {

// Server mode: the assessments open for her, each to start or resume while attempts are left.
void DrawAssessmentOffers(AppState& s) {
    TraineeState& tr = s.m_trainee;
    if (tr.m_offers.empty()) return;
    Heading(s, "Assessments");
    TextDim("Your trainer has opened these for you. Your work goes to the server as you go; there are no hints, and you "
            "see no score until your trainer releases the results.");
    const AssessmentOffer* chosen = nullptr;
    if (ImGui::BeginTable("##assessments", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("Assessment", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Session", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Attempts", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (const AssessmentOffer& o : tr.m_offers) {
            ImGui::TableNextRow();
            ImGui::PushID(static_cast<int>(o.m_session.m_id));
            ImGui::PushID(static_cast<int>(o.m_publishedId));
            ImGui::TableSetColumnIndex(0);
            TextWrappedStr(o.m_title);
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%s, %s", o.m_session.m_trainer.empty() ? "your trainer" : o.m_session.m_trainer.c_str(),
                        WallText(o.m_session.m_startedWall).c_str());
            ImGui::TableSetColumnIndex(2);
            const Attempt* open = UnfinishedAssessment(s, o);
            const int left = AttemptsLeft(s, o);
            if (open) ImGui::TextUnformatted("in progress");
            else if (left < 0) ImGui::TextUnformatted("no limit");
            else ImGui::Text("%d of %d left", left, o.m_attemptsAllowed);
            ImGui::TableSetColumnIndex(3);
            const std::string track = "pick/assessment/" + std::to_string(o.m_publishedId);
            if (open) {
                if (Button(s, "Resume", track)) chosen = &o;
            } else if (ButtonIf(s, left != 0, "Start", "You have used every attempt your trainer allowed.", track)) {
                chosen = &o;
            }
            ImGui::PopID();
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (chosen) {
        const AssessmentOffer offer = *chosen; // starting reads the screen's lists again
        if (std::string err = StartAssessment(s, offer); !err.empty()) tr.m_error = err;
        else tr.m_error.clear();
    }
}

// After submitting: what happens next, and whether her work has left this machine. True: back.
bool DrawSubmitted(AppState& s, const ScenarioRun& run) {
    Heading(s, "Submitted");
    Track(s, "submitted");
    const size_t actions = run.Sim().Log().size();
    TextWrappedStr("Your attempt at \"" + run.m_scenario->m_title + "\" is handed in (" + CountOf(static_cast<long long>(actions), "action") +
                   "). The server scores it; your results and debrief appear on your start screen once your trainer releases them.");
    const ServerSyncView& sync = s.m_server.m_sync;
    // Delivered only when a delivery round that began after the submission found nothing left.
    if (Delivered(sync, run))
        TextDim("Everything has reached the server.");
    else if (sync.m_known)
        TextColor(ColorWarn(), "Your work is still on this machine, on its way to the server. Keep SupportLab open until this "
                               "clears; otherwise it is sent the next time SupportLab starts.");
    return Button(s, "Back to labs and scenarios", "submitted/back");
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Pick a lab or scenario
//-----------------------------------------------------------------------------

namespace {

// "1/4 modules, lab time 1:10": how far an unfinished lab run got, as the trainee sees it.
std::string LabRunProgressText(const Lab& lab, const LabRunRecord& run) {
    int done = 0;
    double seconds = 0.0;
    for (const LabModuleMark& mark : run.m_modules) {
        seconds += mark.m_seconds;
        if (!mark.m_done) continue;
        for (const LabModule& m : lab.m_modules)
            if (m.m_id == mark.m_moduleId) ++done;
    }
    return std::to_string(done) + "/" + std::to_string(lab.m_modules.size()) + " modules, lab time " +
           FormatClock(static_cast<SimTime>(seconds));
}

// Picking a lab (alone or through a session): asks first when an unfinished run of it exists, so
// the trainee's progress is not silently left behind by a new run.
void PickLab(AppState& s, int entry, std::optional<RowId> sessionId) {
    TraineeState& tr = s.m_trainee;
    const Lab& lab = *s.m_library.m_entries[static_cast<size_t>(entry)].m_lab;
    std::string error;
    if (std::optional<LabRunRecord> open = FindUnfinishedLabRun(s, lab.m_id, sessionId, error)) {
        tr.m_labPrompt = LabResumePrompt{};
        tr.m_labPrompt.m_request = true;
        tr.m_labPrompt.m_entry = entry;
        tr.m_labPrompt.m_sessionId = sessionId;
        tr.m_labPrompt.m_run = std::move(*open);
        return;
    }
    if (!error.empty()) {
        // Starting anyway could leave an unfinished run behind: nothing starts until the store answers.
        tr.m_error = "Could not check for an unfinished run of '" + lab.m_title + "': " + error;
        return;
    }
    if (std::string err = StartLab(s, entry, sessionId); !err.empty()) tr.m_error = err;
}

// The "unfinished run" dialog: Resume (Enter), Start over, Cancel (Escape).
void DrawLabResumePrompt(AppState& s) {
    TraineeState& tr = s.m_trainee;
    LabResumePrompt& p = tr.m_labPrompt;
    const char* title = "Unfinished lab##labprompt";
    if (p.m_request) {
        ImGui::OpenPopup(title);
        p.m_request = false;
    }
    BeginDialogSize(560 * s.m_fonts.m_scale);
    if (!ImGui::BeginPopupModal(title, nullptr, kDialogFlags)) return;
    const bool valid = p.m_entry >= 0 && p.m_entry < static_cast<int>(s.m_library.m_entries.size()) &&
                       s.m_library.m_entries[static_cast<size_t>(p.m_entry)].m_lab;
    bool close = !valid; // the library was reloaded under the dialog
    if (valid) {
        const Lab& lab = *s.m_library.m_entries[static_cast<size_t>(p.m_entry)].m_lab;
        const std::string text = "You have an unfinished run of " + lab.m_title + " (" + LabRunProgressText(lab, p.m_run) + ").";
        TextWrappedStr(text);
        TextDim("Resume carries on where you stopped. Start over begins again at the first module; the unfinished run "
                "is closed and stays in your records.");
        if (!p.m_error.empty()) ImGui::TextColored(ColorBad(), "%s", p.m_error.c_str());
        ImGui::Spacing();
        const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                           ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
        const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
        if (Button(s, "Resume##labprompt", "labprompt/resume") || enter) {
            p.m_error = ResumeLabRun(s, p.m_run.m_id);
            close = p.m_error.empty();
        }
        Tooltip("Enter");
        ImGui::SameLine();
        if (Button(s, "Start over##labprompt", "labprompt/startover")) {
            p.m_error = StartLabOver(s, p.m_entry, p.m_sessionId, p.m_run.m_id);
            close = p.m_error.empty();
        }
        ImGui::SameLine();
        if (Button(s, "Cancel##labprompt", "labprompt/cancel") || escape) close = true;
        Tooltip("Escape");
    }
    if (close) {
        p = LabResumePrompt{};
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace

// Server mode: her submitted attempts; each debrief shows once her trainer released its session.
void DrawServerResults(AppState& s) {
    TraineeState& tr = s.m_trainee;
    Heading(s, "My results on the server");
    TextDim("Submitted work is scored on the server. Your results and debriefs appear here once your trainer releases them.");
    if (Button(s, tr.m_serverResults ? "Check again" : "Check my results", "pick/results")) {
        std::vector<ServerResultView> got;
        tr.m_serverResultsError = s.m_options.m_server.m_myResults(&got);
        if (tr.m_serverResultsError.empty()) tr.m_serverResults = std::move(got);
    }
    if (!tr.m_serverResultsError.empty()) TextColor(ColorBad(), tr.m_serverResultsError.c_str());
    if (!tr.m_serverResults) return;
    if (tr.m_serverResults->empty()) TextDim("Nothing submitted yet.");
    for (const ServerResultView& r : *tr.m_serverResults) {
        ImGui::PushID(r.m_uid.c_str());
        ImGui::TextUnformatted(r.m_scenarioId.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("submitted %s", WallText(r.m_endedWall).c_str());
        ImGui::SameLine();
        if (!r.m_released) {
            TextColor(ColorWarn(), "Submitted: results not released yet");
        } else {
            ImGui::Text("%.2f / %.2f (%.0f%%)", r.m_total, r.m_max, r.m_max > 0 ? 100.0 * r.m_total / r.m_max : 0.0);
            ImGui::SameLine();
            const bool open = tr.m_openDebrief == r.m_uid;
            if (Button(s, open ? "Hide debrief" : "Show debrief", "pick/debrief/" + r.m_uid)) tr.m_openDebrief = open ? "" : r.m_uid;
            if (open) TextWrappedStr(r.m_debrief);
        }
        Track(s, "pick/result/" + r.m_uid);
        ImGui::PopID();
    }
}

void DrawPickScreen(AppState& s) {
    TraineeState& tr = s.m_trainee;
    const Trainee& me = *tr.m_profile;
    Heading(s, ("Hello, " + me.m_name).c_str());
    ImGui::SameLine();
    if (Button(s, "Switch profile", "pick/switch")) {
        tr.m_profile.reset();
        tr.m_screen = TraineeScreen::Profile;
        DropRun(s);
        tr.m_lab.reset();
        return;
    }
    if (!tr.m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ColorBad());
        TextWrappedStr(tr.m_error);
        ImGui::PopStyleColor();
    }
    TextDim("Choose a lab to follow its agenda, or practise one scenario on its own.");

    // Labs and scenarios left unfinished: carry on where they stopped.
    bool unfinishedHeading = false;
    auto unfinishedHeader = [&] {
        if (!unfinishedHeading) Heading(s, "Unfinished");
        unfinishedHeading = true;
    };
    std::optional<RowId> resumeLab;
    for (const LabRunRecord& r : tr.m_unfinishedLabs) {
        const int entry = LabEntry(s, r.m_labId);
        if (entry < 0) continue;
        const Lab& lab = *s.m_library.m_entries[static_cast<size_t>(entry)].m_lab;
        unfinishedHeader();
        ImGui::PushID("labrun");
        ImGui::PushID(static_cast<int>(r.m_id));
        ImGui::BulletText("%s  (lab%s, %s, started %s)", lab.m_title.c_str(), r.m_sessionId ? " session" : "",
                          LabRunProgressText(lab, r).c_str(), WallText(r.m_startedWall).c_str());
        ImGui::SameLine();
        if (Button(s, "Resume", "pick/resumelab/" + std::to_string(r.m_id))) resumeLab = r.m_id;
        ImGui::PopID();
        ImGui::PopID();
    }
    if (resumeLab) {
        if (std::string err = ResumeLabRun(s, *resumeLab); !err.empty())
            tr.m_error = "This lab run cannot be resumed: " + err;
        else
            return;
    }
    std::optional<RowId> resume;
    for (const Attempt& a : tr.m_unfinished) {
        const LibraryEntry* entry = FindScenarioEntry(s.m_library, a.m_scenarioId);
        if (!entry) continue;
        unfinishedHeader();
        ImGui::PushID(static_cast<int>(a.m_id));
        ImGui::BulletText("%s  (started %s, %lld action%s so far)", entry->m_scenario->m_title.c_str(), WallText(a.m_startedWall).c_str(),
                          static_cast<long long>(a.m_eventCount), a.m_eventCount == 1 ? "" : "s");
        ImGui::SameLine();
        if (Button(s, "Resume", "pick/resume/" + std::to_string(a.m_id))) resume = a.m_id;
        ImGui::PopID();
    }
    if (resume) {
        for (const Attempt& a : tr.m_unfinished) {
            if (a.m_id != *resume) continue;
            for (const LibraryEntry& e : s.m_library.m_entries) {
                if (!e.m_scenario || e.m_scenario->m_id != a.m_scenarioId) continue;
                std::string err = ResumeStoredRun(s, e.m_scenario, a.m_id, tr.m_run);
                if (err.empty()) {
                    tr.m_lab.reset();
                    tr.m_screen = TraineeScreen::Scenario;
                } else {
                    tr.m_error = "This attempt cannot be resumed: " + err;
                }
                return;
            }
        }
    }

    DrawAssessmentOffers(s);
    if (tr.m_screen != TraineeScreen::Pick) return;

    // Lab sessions a trainer has started for this trainee's cohort. On the organisation server her
    // outbox holds only her cohort's (her delivery agent copies them; the server knows her cohort).
    const bool fromServer = ServerMode(s);
    if (!me.m_cohort.empty() || fromServer) {
        {
            bool header = false;
            for (const LabSession& ls : tr.m_sessions) {
                if (!fromServer && ls.m_cohort != me.m_cohort) continue;
                // An assessment's session is offered as its assessments, above.
                if (std::any_of(tr.m_offers.begin(), tr.m_offers.end(),
                                [&](const AssessmentOffer& o) { return SameLabSession(o.m_session, ls); }))
                    continue;
                const int entry = LabEntry(s, ls.m_labId);
                if (entry < 0) continue;
                if (!header) {
                    Heading(s, "Lab sessions for your cohort");
                    header = true;
                }
                ImGui::PushID(static_cast<int>(ls.m_id));
                const LibraryEntry& e = s.m_library.m_entries[static_cast<size_t>(entry)];
                ImGui::BulletText("%s  (led by %s)", e.m_lab->m_title.c_str(), ls.m_trainer.empty() ? "a trainer" : ls.m_trainer.c_str());
                ImGui::SameLine();
                if (Button(s, "Join session", "pick/session/" + std::to_string(ls.m_id))) PickLab(s, entry, ls.m_id);
                ImGui::PopID();
            }
        }
    }

    Heading(s, "Labs");
    bool anyLab = false;
    int invalid = 0;
    for (size_t i = 0; i < s.m_library.m_entries.size(); ++i) {
        const LibraryEntry& e = s.m_library.m_entries[i];
        if (!e.m_valid) ++invalid;
        if (!e.m_lab) continue;
        anyLab = true;
        ImGui::PushID(static_cast<int>(i));
        ImGui::BeginGroup();
        ImGui::TextUnformatted(e.m_lab->m_title.c_str());
        ImGui::TextDisabled("%zu modules · %s · pass mark %.0f%%", e.m_lab->m_modules.size(),
                            e.m_lab->m_timeBudget > 0 ? FormatDuration(e.m_lab->m_timeBudget).c_str() : "no time budget",
                            e.m_lab->m_passThreshold);
        if (!e.m_lab->m_description.empty()) TextDim(e.m_lab->m_description.c_str());
        ImGui::EndGroup();
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - 110 * s.m_fonts.m_scale));
        if (Button(s, "Start lab", "pick/lab/" + e.m_lab->m_id)) PickLab(s, static_cast<int>(i), std::nullopt);
        ImGui::PopID();
        ImGui::Separator();
    }
    if (!anyLab) TextDim("No labs in the library.");

    Heading(s, "Single scenarios");
    // The title takes what the short columns leave, and wraps rather than being cut.
    if (ImGui::BeginTable("##scenarios", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("Scenario", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Clock", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Work", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < s.m_library.m_entries.size(); ++i) {
            const LibraryEntry& e = s.m_library.m_entries[i];
            if (!e.m_scenario) continue;
            const Scenario& sc = *e.m_scenario;
            ImGui::TableNextRow();
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableSetColumnIndex(0);
            TextWrappedStr(sc.m_title);
            Track(s, "pick/scenario-title/" + sc.m_id);
            if (!sc.m_description.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", sc.m_description.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(KindLabel(e.m_kind));
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(sc.m_clock == ClockMode::Assessment ? "assessment" : "practice");
            ImGui::TableSetColumnIndex(3);
            const long long work = static_cast<long long>(sc.m_kind == ScenarioKind::PlanReview ? sc.m_questions.size() : sc.m_tickets.size());
            ImGui::TextUnformatted(CountOf(work, sc.m_kind == ScenarioKind::PlanReview ? "question" : "ticket").c_str());
            ImGui::TableSetColumnIndex(4);
            if (ButtonIf(s, !IsBeingAssessed(s, sc.m_id), "Start",
                         "Being assessed for your cohort: it opens for practice when your trainer closes the assessment.",
                         "pick/scenario/" + sc.m_id)) {
                std::string err = StartStoredRun(s, e.m_scenario, RunStart{}, tr.m_run);
                if (err.empty()) {
                    tr.m_lab.reset();
                    tr.m_screen = TraineeScreen::Scenario;
                    tr.m_error.clear();
                } else {
                    tr.m_error = err;
                }
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (invalid > 0)
        ImGui::TextDisabled("%d file%s in the library %s errors and %s hidden; your trainer can see why.", invalid,
                            invalid == 1 ? "" : "s", invalid == 1 ? "has" : "have", invalid == 1 ? "is" : "are");
    if (s.m_options.m_server.m_myResults) DrawServerResults(s);
    DrawLabResumePrompt(s);
}

//-----------------------------------------------------------------------------
// [SECTION] Lab flow
//-----------------------------------------------------------------------------

namespace {

void DrawLabStrip(AppState& s, LabRun& lab) {
    const Lab& l = *lab.m_lab;
    const int n = static_cast<int>(l.m_modules.size());
    ImGui::TextUnformatted(l.m_title.c_str());
    ImGui::SameLine();
    if (lab.m_current < n)
        ImGui::TextDisabled("· module %d of %d: %s", lab.m_current + 1, n, l.m_modules[static_cast<size_t>(lab.m_current)].m_title.c_str());
    else
        ImGui::TextDisabled("· all %d modules done", n);
    ImGui::SameLine();
    // Elapsed time against the lab's budget, always visible.
    const double budget = static_cast<double>(l.m_timeBudget);
    // As durations ("2m32s of 2h30m"): a clock "2:32 of 2:30:00" read as over budget.
    const std::string overlay = "Lab time " + FormatDuration(static_cast<SimTime>(lab.m_elapsed)) +
                                (budget > 0 ? " of " + FormatDuration(l.m_timeBudget) : std::string());
    const float frac = budget > 0 ? static_cast<float>(std::min(1.0, lab.m_elapsed / budget)) : 0.0f;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, budget > 0 && lab.m_elapsed > budget ? ColorBad()
                                                  : budget > 0 && lab.m_elapsed > 0.75 * budget ? ColorWarn()
                                                                                                : ColorInfo());
    ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay.c_str());
    ImGui::PopStyleColor();
    Track(s, "lab/elapsed");
    Tooltip("Time spent in this lab against its budget");
    ImGui::Separator();
}

void DrawAgenda(AppState& s, LabRun& lab) {
    const Lab& l = *lab.m_lab;
    ImGui::TextDisabled("Agenda");
    for (size_t i = 0; i < l.m_modules.size(); ++i) {
        const LabModule& m = l.m_modules[i];
        const bool current = static_cast<int>(i) == lab.m_current && lab.m_phase != LabPhase::LabDebrief;
        const bool done = lab.m_progress[i].m_done;
        ImVec4 col = done ? ColorOk() : current ? ColorInfo() : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
        ImGui::TextColored(col, "%s", done ? "[x]" : current ? "[>]" : "[ ]");
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, current ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : col);
        ImGui::TextWrapped("%s", m.m_title.c_str());
        ImGui::PopStyleColor();
        ImGui::Indent(ImGui::GetFrameHeight());
        std::string meta = AgendaLabel(m.m_agenda);
        if (m.m_duration > 0) meta += " · " + FormatDuration(m.m_duration);
        if (lab.m_progress[i].m_report)
            meta += " · " + std::to_string(static_cast<int>(lab.m_progress[i].m_report->Percent() + 0.5)) + "%";
        TextDim(meta.c_str());
        ImGui::Unindent(ImGui::GetFrameHeight());
    }
    (void)s;
}

} // namespace

void DrawLabScreen(AppState& s) {
    TraineeState& tr = s.m_trainee;
    LabRun& lab = *tr.m_lab;
    DrawLabStrip(s, lab);
    if (!tr.m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ColorBad());
        TextWrappedStr(tr.m_error);
        ImGui::PopStyleColor();
    }
    const Lab& l = *lab.m_lab;
    NoteModuleRunFinished(s);

    const float agendaWidth = 250 * s.m_fonts.m_scale;
    ImGui::BeginChild("##agenda", ImVec2(agendaWidth, 0), true);
    DrawAgenda(s, lab);
    ImGui::Spacing();
    if (Button(s, "Leave lab", "lab/leave")) {
        // Work is already saved; the lab resumes the next time this profile is picked.
        LeaveLab(s);
        ImGui::EndChild();
        return;
    }
    Tooltip("Your work is saved; the lab resumes here next time");
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##module", ImVec2(0, 0), false);
    if (lab.m_phase == LabPhase::LabDebrief) {
        const ScoreReport combined = CombinedLabReport(lab);
        const bool pass = combined.Percent() + 1e-9 >= l.m_passThreshold;
        if (Button(s, "Back to labs and scenarios", "lab/done")) {
            LeaveLab(s);
            ImGui::EndChild();
            return;
        }
        Heading(s, "Lab complete");
        ImGui::TextColored(pass ? ColorOk() : ColorBad(), "%s: %.1f%% (pass mark %.0f%%)", pass ? "Passed" : "Not passed yet",
                           combined.Percent(), l.m_passThreshold);
        if (ImGui::BeginTable("##modules", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("Module", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn("Score");
            ImGui::TableSetupColumn("%");
            ImGui::TableHeadersRow();
            for (size_t i = 0; i < l.m_modules.size(); ++i) {
                if (!lab.m_progress[i].m_report) continue;
                const ScoreReport& r = *lab.m_progress[i].m_report;
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(l.m_modules[i].m_title.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::Text("%.1f / %.1f", r.m_total, r.m_max);
                ImGui::TableSetColumnIndex(2);
                ImGui::Text("%.0f%%", r.Percent());
            }
            ImGui::EndTable();
        }
        DrawDebrief(s, combined, nullptr, "Whole lab");
        ImGui::EndChild();
        return;
    }
    const LabModule& m = l.m_modules[static_cast<size_t>(lab.m_current)];
    if (lab.m_phase == LabPhase::ModuleDebrief) {
        const ModuleProgress& p = lab.m_progress[static_cast<size_t>(lab.m_current)];
        const bool last = lab.m_current + 1 >= static_cast<int>(l.m_modules.size());
        if (Button(s, last ? "Finish the lab" : "Continue to the next module", "lab/next")) {
            NextModule(s);
        } else if (p.m_report) {
            DrawDebrief(s, *p.m_report, tr.m_run ? tr.m_run->m_scenario.get() : nullptr, m.m_title.c_str(),
                        tr.m_run ? &tr.m_run->Sim() : nullptr);
        }
        ImGui::EndChild();
        return;
    }
    if (ModuleWaitsForTrainer(lab) && !tr.m_run) {
        // A paced session: the trainer opens each module for the whole room.
        ImGui::TextDisabled("%s", AgendaLabel(m.m_agenda));
        Heading(s, m.m_title.c_str());
        TextDim("Your trainer opens the modules one by one: this one is not open yet. It opens here by itself when they "
                "open it.");
        Track(s, "lab/waiting");
        ImGui::EndChild();
        return;
    }
    if (m.m_type == ModuleType::Lecture) {
        ImGui::TextDisabled("%s%s", AgendaLabel(m.m_agenda), m.m_duration > 0 ? (" · about " + FormatDuration(m.m_duration)).c_str() : "");
        Heading(s, m.m_title.c_str());
        ImGui::Separator();
        const float buttonRow = ImGui::GetFrameHeightWithSpacing() * 1.5f;
        ImGui::BeginChild("##lecture", ImVec2(0, -buttonRow), false);
        DrawRichText(m.m_text.empty() ? std::string("(This segment is led by your trainer.)") : m.m_text);
        ImGui::EndChild();
        const bool last = lab.m_current + 1 >= static_cast<int>(l.m_modules.size());
        if (Button(s, last ? "Finish the lab" : "Continue", "lab/next")) NextModule(s);
    } else if (tr.m_run) {
        DrawScenarioRun(s, *tr.m_run);
    } else if (lab.m_openUpTo >= 0) {
        // Opened by the trainer since she arrived on it: she starts it when she is ready.
        TextDim("Your trainer has opened this module.");
        if (Button(s, "Start this module", "lab/start")) tr.m_error = EnterModule(s);
    } else {
        TextDim("This module's scenario could not be started.");
        if (Button(s, "Try again", "lab/retry")) tr.m_error = EnterModule(s);
    }
    ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] Dispatcher
//-----------------------------------------------------------------------------

void DrawTraineeView(AppState& s) {
    TraineeState& tr = s.m_trainee;
    switch (tr.m_screen) {
    case TraineeScreen::Profile: DrawProfileScreen(s); break;
    case TraineeScreen::Pick: DrawPickScreen(s); break;
    case TraineeScreen::Lab: DrawLabScreen(s); break;
    case TraineeScreen::Scenario: {
        ScenarioRun& run = *tr.m_run;
        if (run.m_phase == RunPhase::Submitted) {
            if (DrawSubmitted(s, run)) {
                DropRun(s);
                tr.m_screen = TraineeScreen::Pick;
            }
            break;
        }
        if (run.m_phase == RunPhase::Debrief && run.m_report) {
            if (Button(s, "Back to labs and scenarios", "debrief/back")) {
                DropRun(s);
                tr.m_screen = TraineeScreen::Pick;
                break;
            }
            DrawDebrief(s, *run.m_report, run.m_scenario.get(), run.m_scenario->m_title.c_str(), &run.Sim());
        } else {
            if (Button(s, "Leave for now", "run/leave")) {
                // Every action is already stored; the attempt waits on the pick screen.
                DropRun(s);
                tr.m_screen = TraineeScreen::Pick;
                break;
            }
            Tooltip("Your work is saved as you go; resume this scenario from the start screen");
            ImGui::SameLine();
            DrawScenarioRun(s, run);
        }
        break;
    }
    }
}

} // namespace sl::ui
