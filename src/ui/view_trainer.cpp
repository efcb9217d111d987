// SupportLab UI: the trainer's console — library and validation, answer keys, train-the-trainer, demo, sessions.
#include "ui/library.hpp"
#include "ui/run_control.hpp"
#include "ui/views.hpp"

#include "core/text.hpp"
#include "ui/widgets.hpp"

// [SECTION] Helpers
// [SECTION] Library
// [SECTION] Answer keys
// [SECTION] Train the trainer
// [SECTION] Demo play
// [SECTION] Lab sessions
// [SECTION] Trainer view

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace sl::ui {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

// A combo over library entries that pass `want`; returns true when the selection changed.
template <class Pred>
bool EntryCombo(AppState& s, const char* id, int& selected, Pred want, const char* placeholder, const std::string& key) {
    const auto& entries = s.m_library.m_entries;
    const bool valid = selected >= 0 && selected < static_cast<int>(entries.size()) && want(entries[static_cast<size_t>(selected)]);
    if (!valid) selected = -1;
    const std::string preview = valid ? entries[static_cast<size_t>(selected)].m_title + "  (" + entries[static_cast<size_t>(selected)].m_relPath + ")"
                                      : std::string(placeholder);
    // As wide as its longest choice (at least 480 px at 1x, at most the row), so titles are never cut.
    float widest = ImGui::CalcTextSize(preview.c_str()).x;
    for (const LibraryEntry& e : entries)
        if (want(e)) widest = std::max(widest, ImGui::CalcTextSize((e.m_title + "  (" + e.m_relPath + ")").c_str()).x);
    const float width = widest + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, std::max(480 * s.m_fonts.m_scale, width)));
    bool changed = false;
    if (ImGui::BeginCombo(id, preview.c_str())) {
        for (size_t i = 0; i < entries.size(); ++i) {
            if (!want(entries[i])) continue;
            ImGui::PushID(static_cast<int>(i));
            const std::string label = entries[i].m_title + "  (" + entries[i].m_relPath + ")";
            if (ImGui::Selectable(label.c_str(), selected == static_cast<int>(i))) {
                selected = static_cast<int>(i);
                changed = true;
            }
            Track(s, key + "/" + entries[i].m_id);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    Track(s, key);
    return changed;
}

void GoToTab(TrainerState& t, TrainerTab tab) {
    t.m_tab = tab;
    t.m_tabRequest = true;
}

bool IsPlayable(const LibraryEntry& e) { return e.m_scenario != nullptr; }
bool IsLab(const LibraryEntry& e) { return e.m_lab != nullptr; }

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Library
//-----------------------------------------------------------------------------

void DrawLibraryPanel(AppState& s) {
    TrainerState& t = s.m_trainer;
    LibraryState& lib = s.m_library;
    if (IconButton(s, "library/reload", Icon::Reload, "Reload every file from disk (F5)")) {
        LoadLibrary(s);
        Notify(s, MessageLevel::Info, "Scenario library reloaded.");
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(220 * s.m_fonts.m_scale);
    ImGui::InputTextWithHint("##libfilter", "Filter by file, id or title", &t.m_filter);
    Track(s, "library/filter");
    ImGui::SameLine();
    ImGui::Checkbox("Only files with errors", &t.m_onlyInvalid);
    Track(s, "library/only-invalid");
    int valid = 0;
    for (const LibraryEntry& e : lib.m_entries) valid += e.m_valid ? 1 : 0;
    ImGui::SameLine();
    ImGui::TextDisabled("%zu files in %s: %d valid, %d with errors", lib.m_entries.size(), s.m_options.m_scenarioDir.c_str(), valid,
                        static_cast<int>(lib.m_entries.size()) - valid);
    if (!lib.m_error.empty()) ImGui::TextColored(ColorBad(), "%s", lib.m_error.c_str());

    const std::string needle = Lower(t.m_filter);
    const float tableHeight = std::max(150.0f, ImGui::GetContentRegionAvail().y * 0.5f);
    if (ImGui::BeginTable("##library", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable,
                          ImVec2(0, tableHeight))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 90 * s.m_fonts.m_scale);
        ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, 120 * s.m_fonts.m_scale);
        ImGui::TableSetupColumn("File", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Id", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Title", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < lib.m_entries.size(); ++i) {
            const LibraryEntry& e = lib.m_entries[i];
            if (t.m_onlyInvalid && e.m_valid) continue;
            if (!needle.empty() && Lower(e.m_relPath + " " + e.m_id + " " + e.m_title).find(needle) == std::string::npos) continue;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(static_cast<int>(i));
            const int errors = CountErrors(e.m_diagnostics);
            char status[48];
            if (e.m_valid)
                std::snprintf(status, sizeof status, "valid");
            else
                std::snprintf(status, sizeof status, "%d error%s", errors, errors == 1 ? "" : "s");
            ImGui::PushStyleColor(ImGuiCol_Text, e.m_valid ? ColorOk() : ColorBad());
            if (ImGui::Selectable(status, t.m_selected == static_cast<int>(i), ImGuiSelectableFlags_SpanAllColumns))
                t.m_selected = static_cast<int>(i);
            ImGui::PopStyleColor();
            Track(s, "library/row/" + e.m_relPath);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(e.m_kind.empty() ? "?" : e.m_kind.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(e.m_relPath.c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(e.m_id.c_str());
            ImGui::TableSetColumnIndex(4);
            ImGui::TextUnformatted(e.m_title.c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    ImGui::BeginChild("##libdetail", ImVec2(0, 0), true);
    if (t.m_selected < 0 || t.m_selected >= static_cast<int>(lib.m_entries.size())) {
        TextDim("Select a file to see its problems, or its summary when it is valid. Edit files in your editor, then press "
                "Reload.");
    } else {
        const LibraryEntry& e = lib.m_entries[static_cast<size_t>(t.m_selected)];
        Heading(s, e.m_relPath.c_str());
        ImGui::TextDisabled("%s", e.m_path.c_str());
        for (const Diagnostic& d : e.m_diagnostics) {
            const std::string line = FormatDiagnostic(d);
            ImGui::PushStyleColor(ImGuiCol_Text, d.m_severity == DiagSeverity::Error ? ColorBad() : ColorWarn());
            TextWrappedStr(line);
            ImGui::PopStyleColor();
        }
        if (e.m_valid && e.m_diagnostics.empty()) ImGui::TextColored(ColorOk(), "No problems found.");
        if (e.m_scenario) {
            const Scenario& sc = *e.m_scenario;
            ImGui::Text("%s · %s · %s · %s clock", ToString(sc.m_kind), CountOf(static_cast<long long>(sc.m_questions.size()), "question").c_str(),
                        CountOf(static_cast<long long>(sc.m_tickets.size()), "ticket").c_str(),
                        sc.m_clock == ClockMode::Assessment ? "assessment" : "practice");
            if (Button(s, "Show answer key", "library/answers")) GoToTab(t, TrainerTab::AnswerKeys);
            ImGui::SameLine();
            if (Button(s, "Demo play", "library/demo")) {
                StartDemoRun(e.m_scenario, sc.m_defaultSeed, t.m_demo);
                GoToTab(t, TrainerTab::Demo);
            }
            if (s.m_options.m_server.m_publish) {
                ImGui::SameLine();
                if (Button(s, "Publish for assessment", "library/publish")) {
                    std::string message;
                    const std::string err = s.m_options.m_server.m_publish(e.m_path, &message);
                    Notify(s, err.empty() ? MessageLevel::Info : MessageLevel::Error, err.empty() ? message : err);
                }
                Tooltip("The server keeps the scenario whole; trainees receive only its trainee's part (no answer key, "
                        "neutral ticket names). Pick it for a session in the Lab sessions tab's Settings.");
            }
        }
        if (e.m_lab) {
            ImGui::Text("Lab · %zu modules · %s · pass mark %.0f%%", e.m_lab->m_modules.size(), FormatDuration(e.m_lab->m_timeBudget).c_str(),
                        e.m_lab->m_passThreshold);
            if (Button(s, "Rehearse (train the trainer)", "library/ttt")) {
                t.m_ttt = TrainTheTrainer{};
                t.m_ttt.m_labEntry = t.m_selected;
                GoToTab(t, TrainerTab::TrainTheTrainer);
            }
        }
    }
    ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] Answer keys
//-----------------------------------------------------------------------------

void DrawAnswerKeysPanel(AppState& s) {
    TrainerState& t = s.m_trainer;
    ImGui::SetNextItemWidth(480 * s.m_fonts.m_scale);
    EntryCombo(s, "##keyscenario", t.m_selected, [](const LibraryEntry& e) { return e.m_scenario || e.m_lab; },
               "Choose a scenario or lab...", "answers/pick");
    if (t.m_selected < 0) {
        TextDim("Answer keys and facilitator notes of every valid scenario, and presenter notes of every lab.");
        return;
    }
    const LibraryEntry& e = s.m_library.m_entries[static_cast<size_t>(t.m_selected)];
    ImGui::BeginChild("##keys", ImVec2(0, 0), false);
    if (e.m_lab) {
        Heading(s, e.m_lab->m_title.c_str());
        for (const LabModule& m : e.m_lab->m_modules) {
            if (!ImGui::CollapsingHeader((m.m_title + "##" + m.m_id).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
            ImGui::TextDisabled("%s · %s", AgendaLabel(m.m_agenda), FormatDuration(m.m_duration).c_str());
            ImGui::TextColored(ColorKey(), "Presenter notes");
            TextWrappedStr(m.m_presenterNotes.empty() ? std::string("(none)") : m.m_presenterNotes);
        }
    }
    if (e.m_scenario) {
        const Scenario& sc = *e.m_scenario;
        Heading(s, sc.m_title.c_str());
        if (!sc.m_description.empty()) TextWrappedStr(sc.m_description);
        ImGui::TextColored(ColorKey(), "Facilitator notes");
        TextWrappedStr(sc.m_notes.empty() ? std::string("(none)") : sc.m_notes);
        ImGui::Separator();
        for (const Question& q : sc.m_questions) {
            ImGui::PushID(q.m_id.c_str());
            if (ImGui::CollapsingHeader((q.m_id + ": " + q.m_prompt).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
                ImGui::Indent();
                ImGui::TextDisabled("%s · %.3g points", ToString(q.m_type), q.m_points);
                DrawQuestionAnswerKey(s, q);
                for (const Hint& h : q.m_hints) {
                    ImGui::Bullet();
                    ImGui::TextWrapped("Hint (costs %.3g): %s", h.m_cost, h.m_text.c_str());
                }
                ImGui::Unindent();
            }
            ImGui::PopID();
        }
        for (const Ticket& tk : sc.m_tickets) {
            ImGui::PushID(tk.m_id.c_str());
            if (ImGui::CollapsingHeader((tk.m_id + ": " + tk.m_subject).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
                ImGui::Indent();
                ImGui::TextDisabled("arrives %s · %s", FormatClock(tk.m_arrives).c_str(), tk.m_channel.c_str());
                TextWrappedStr(tk.m_report);
                DrawTicketAnswerKey(s, sc, tk);
                for (const Fact& f : tk.m_facts) {
                    ImGui::Bullet();
                    ImGui::TextWrapped("Fact %s (%s): %s", f.m_id.c_str(),
                                       f.m_source == FactSource::Ask ? "ask" : f.m_source == FactSource::Diagnostic ? "diagnostic" : "step",
                                       f.m_text.c_str());
                }
                for (const Hint& h : tk.m_hints) {
                    ImGui::Bullet();
                    ImGui::TextWrapped("Hint (costs %.3g): %s", h.m_cost, h.m_text.c_str());
                }
                ImGui::Unindent();
            }
            ImGui::PopID();
        }
        for (const Incident& inc : sc.m_incidents) {
            ImGui::TextColored(ColorKey(), "Incident %s: %s → %s", inc.m_id.c_str(), inc.m_title.c_str(), inc.m_route.c_str());
            TextWrappedStr(inc.m_explanation);
        }
    }
    ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] Train the trainer
//-----------------------------------------------------------------------------

void DrawTrainTheTrainerPanel(AppState& s) {
    TrainTheTrainer& ttt = s.m_trainer.m_ttt;
    ImGui::SetNextItemWidth(480 * s.m_fonts.m_scale);
    if (EntryCombo(s, "##tttlab", ttt.m_labEntry, IsLab, "Choose a lab to rehearse...", "ttt/pick")) {
        const int keep = ttt.m_labEntry;
        ttt = TrainTheTrainer{};
        ttt.m_labEntry = keep;
    }
    if (ttt.m_labEntry < 0) {
        TextDim("Step through a lab's agenda (support plan review, overview, troubleshooting common issues, tools and resources, "
                "Q & A) with a timer and the presenter notes for each step.");
        return;
    }
    const Lab& lab = *s.m_library.m_entries[static_cast<size_t>(ttt.m_labEntry)].m_lab;
    if (lab.m_modules.empty()) {
        TextDim("This lab has no modules.");
        return;
    }
    if (ttt.m_elapsed.size() != lab.m_modules.size()) ttt.m_elapsed.assign(lab.m_modules.size(), 0.0);
    ttt.m_step = std::clamp(ttt.m_step, 0, static_cast<int>(lab.m_modules.size()) - 1);

    // A third of the width (at least 280 px at 1x); titles and their times wrap rather than being cut.
    const float agendaWidth = std::max(280 * s.m_fonts.m_scale, ImGui::GetContentRegionAvail().x * 0.34f);
    ImGui::BeginChild("##tttagenda", ImVec2(agendaWidth, 0), true);
    double total = 0;
    for (size_t i = 0; i < lab.m_modules.size(); ++i) {
        total += ttt.m_elapsed[i];
        const LabModule& m = lab.m_modules[i];
        const std::string title = std::to_string(i + 1) + ". " + m.m_title;
        if (WrappedSelectable("##step" + std::to_string(i), title, ttt.m_step == static_cast<int>(i))) ttt.m_step = static_cast<int>(i);
        Track(s, "ttt/step/" + m.m_id);
        char meta[160];
        std::snprintf(meta, sizeof meta, "%s · %s planned · %s used", AgendaLabel(m.m_agenda), FormatDuration(m.m_duration).c_str(),
                      FormatClock(static_cast<SimTime>(ttt.m_elapsed[i])).c_str());
        ImGui::Indent();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        TextWrappedStr(meta);
        ImGui::PopStyleColor();
        ImGui::Unindent();
    }
    ImGui::Separator();
    ImGui::Text("Total %s of %s", FormatClock(static_cast<SimTime>(total)).c_str(), FormatClock(lab.m_timeBudget).c_str());
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##tttstep", ImVec2(0, 0), false);
    const size_t i = static_cast<size_t>(ttt.m_step);
    const LabModule& m = lab.m_modules[i];
    ImGui::TextDisabled("Step %zu of %zu · %s", i + 1, lab.m_modules.size(), AgendaLabel(m.m_agenda));
    Heading(s, m.m_title.c_str());
    // The step timer against its planned duration.
    const double used = ttt.m_elapsed[i];
    if (s.m_fonts.m_large) ImGui::PushFont(s.m_fonts.m_large);
    const double planned = static_cast<double>(m.m_duration);
    ImGui::TextColored(planned > 0 && used > planned ? ColorBad() : planned > 0 && used > 0.75 * planned ? ColorWarn() : ColorInfo(), "%s",
                       FormatClock(static_cast<SimTime>(used)).c_str());
    if (s.m_fonts.m_large) ImGui::PopFont();
    Track(s, "ttt/timer");
    ImGui::SameLine();
    ImGui::TextDisabled("of %s planned", FormatDuration(m.m_duration).c_str());
    if (ttt.m_running) {
        if (IconButton(s, "ttt/pause", Icon::Pause, "Pause the step timer")) ttt.m_running = false;
    } else {
        if (IconButton(s, "ttt/start", Icon::Play, "Start the step timer")) ttt.m_running = true;
    }
    ImGui::SameLine();
    if (IconButton(s, "ttt/reset", Icon::Reset, "Reset this step's timer")) ttt.m_elapsed[i] = 0.0;
    ImGui::SameLine();
    if (IconButton(s, "ttt/prev", Icon::Prev, "Previous step", i > 0)) --ttt.m_step;
    ImGui::SameLine();
    if (IconButton(s, "ttt/next", Icon::Next, "Next step", i + 1 < lab.m_modules.size())) ++ttt.m_step;
    ImGui::Separator();
    ImGui::TextColored(ColorKey(), "Presenter notes");
    TextWrappedStr(m.m_presenterNotes.empty() ? std::string("(no presenter notes for this step)") : m.m_presenterNotes);
    ImGui::Spacing();
    if (m.m_type == ModuleType::Lecture) {
        ImGui::TextDisabled("What trainees read");
        DrawRichText(m.m_text);
    } else {
        std::string err;
        auto sc = ScenarioForModule(s, lab, m, err);
        if (!sc) {
            ImGui::TextColored(ColorBad(), "%s", err.c_str());
        } else {
            ImGui::TextDisabled("Scenario: %s (%s, %s)", sc->m_title.c_str(), CountOf(static_cast<long long>(sc->m_questions.size()), "question").c_str(),
                                CountOf(static_cast<long long>(sc->m_tickets.size()), "ticket").c_str());
            ImGui::TextColored(ColorKey(), "Facilitator notes");
            TextWrappedStr(sc->m_notes.empty() ? std::string("(none)") : sc->m_notes);
            if (Button(s, "Demo this scenario", "ttt/demo")) {
                StartDemoRun(sc, sc->m_defaultSeed, s.m_trainer.m_demo);
                GoToTab(s.m_trainer, TrainerTab::Demo);
            }
        }
    }
    ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] Demo play
//-----------------------------------------------------------------------------

void DrawDemoPanel(AppState& s) {
    TrainerState& t = s.m_trainer;
    if (!t.m_demo) {
        TextDim("Play a scenario with its answer key overlaid, to show trainees the expected decisions. Demo attempts are not "
                "stored.");
        ImGui::SetNextItemWidth(480 * s.m_fonts.m_scale);
        EntryCombo(s, "##demoscenario", t.m_selected, IsPlayable, "Choose a scenario...", "demo/pick");
        ImGui::SameLine();
        const bool ok = t.m_selected >= 0;
        if (ButtonIf(s, ok, "Start demo", "Choose a scenario first.", "demo/start")) {
            const auto& sc = s.m_library.m_entries[static_cast<size_t>(t.m_selected)].m_scenario;
            StartDemoRun(sc, sc->m_defaultSeed, t.m_demo);
        }
        return;
    }
    ScenarioRun& run = *t.m_demo;
    if (Button(s, "End demo", "demo/end")) {
        t.m_demo.reset();
        return;
    }
    ImGui::SameLine();
    if (Button(s, "Restart", "demo/restart")) {
        auto sc = run.m_scenario;
        StartDemoRun(sc, sc->m_defaultSeed, t.m_demo);
        return;
    }
    if (run.m_phase == RunPhase::Debrief && run.m_report)
        DrawDebrief(s, *run.m_report, run.m_scenario.get(), "demo");
    else
        DrawScenarioRun(s, run);
}

//-----------------------------------------------------------------------------
// [SECTION] Lab sessions
//-----------------------------------------------------------------------------

// Loads a session's settings and the published assessments once, when the trainer opens them.
void OpenSessionSettings(AppState& s, RowId id) {
    SessionForm& f = s.m_trainer.m_session;
    SessionSettingsView loaded;
    std::string err = s.m_options.m_server.m_loadSessionSettings(id, &loaded);
    std::vector<PublishedView> published;
    if (err.empty() && s.m_options.m_server.m_listPublished) err = s.m_options.m_server.m_listPublished(&published);
    if (!err.empty()) {
        f.m_message = err;
        Notify(s, MessageLevel::Error, err);
        return;
    }
    f.m_editing = id;
    f.m_edit = loaded;
    f.m_published = std::move(published);
}

// The settings of the session being edited: practice or assessment and what that brings.
void DrawSessionSettings(AppState& s) {
    SessionForm& f = s.m_trainer.m_session;
    SessionSettingsView& e = f.m_edit;
    const std::string id = std::to_string(*f.m_editing);
    ImGui::Spacing();
    Heading(s, ("Session " + id + " settings").c_str());
    int mode = e.m_assessment ? 1 : 0;
    if (ImGui::RadioButton("Practice", mode == 0)) mode = 0;
    Track(s, "settings/practice");
    ImGui::SameLine();
    if (ImGui::RadioButton("Assessment", mode == 1)) mode = 1;
    Track(s, "settings/assessment");
    e.m_assessment = mode == 1;
    if (!e.m_assessment) {
        TextDim("Practice: trainees play the lab's scenarios from their own copies and see each debrief as they finish.");
    } else {
        TextDim("Assessment: trainees receive only the published scenarios' trainee parts (no key), the server scores them, and "
                "they see results when you release them. While it is open, its scenarios cannot be played in practice.");
        ImGui::SetNextItemWidth(140 * s.m_fonts.m_scale);
        ImGui::InputInt("Attempts each (0: no limit)", &e.m_attemptsAllowed);
        e.m_attemptsAllowed = std::clamp(e.m_attemptsAllowed, 0, 100);
        Track(s, "settings/attempts");
        ImGui::TextUnformatted("Assesses:");
        if (f.m_published.empty())
            TextDim("Nothing is published yet: publish scenarios from the Library tab (Publish for assessment).");
        for (const PublishedView& p : f.m_published) {
            bool on = std::find(e.m_published.begin(), e.m_published.end(), p.m_id) != e.m_published.end();
            const std::string label = "#" + std::to_string(p.m_id) + " " + p.m_title + " (" + p.m_scenarioId + ")";
            if (ImGui::Checkbox(label.c_str(), &on)) {
                if (on) e.m_published.push_back(p.m_id);
                else e.m_published.erase(std::remove(e.m_published.begin(), e.m_published.end(), p.m_id), e.m_published.end());
            }
            Track(s, "settings/assess/" + std::to_string(p.m_id));
        }
        ImGui::Checkbox("Closed (its scenarios open for practice again)", &e.m_closed);
        Track(s, "settings/closed");
    }
    ImGui::Checkbox("Paced: I open the modules one by one", &e.m_paced);
    Track(s, "settings/paced");
    if (e.m_paced) {
        ImGui::SetNextItemWidth(140 * s.m_fonts.m_scale);
        ImGui::InputInt("Modules open", &e.m_openedModules);
        e.m_openedModules = std::clamp(e.m_openedModules, 0, 1000);
        Track(s, "settings/opened");
    }
    // The lead's lab report flags this session's modules marked done faster (empty work).
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Flag modules done in under");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80 * s.m_fonts.m_scale);
    ImGui::InputInt("##fastunder", &e.m_fastUnderMinutes, 0, 0);
    e.m_fastUnderMinutes = std::clamp(e.m_fastUnderMinutes, 0, 24 * 60);
    Track(s, "settings/fastunder");
    Tooltip("A module marked done faster than this is flagged in the lead's lab report, to look at before trusting its mark");
    ImGui::SameLine();
    ImGui::TextUnformatted("minutes (0: off)");
    if (Button(s, "Save settings", "settings/save")) {
        const std::string err = s.m_options.m_server.m_saveSessionSettings(*f.m_editing, e);
        f.m_message = err.empty() ? "Session " + id + ": settings saved." : err;
        Notify(s, err.empty() ? MessageLevel::Info : MessageLevel::Error, f.m_message);
        if (err.empty()) f.m_editing.reset();
    }
    ImGui::SameLine();
    if (Button(s, "Cancel", "settings/cancel")) f.m_editing.reset();
}

void DrawSessionsPanel(AppState& s) {
    SessionForm& f = s.m_trainer.m_session;
    if (!s.m_store) {
        TextDim("No database is open.");
        return;
    }
    // Read into state by RefreshScreenData (screen_data.cpp) when the tab opens, never while drawing.
    Heading(s, "Start a lab session for a cohort");
    TextDim("Trainees of the cohort see the session on their start screen and join it; their attempts are grouped under it in "
            "the lead's reports.");
    ImGui::SetNextItemWidth(420 * s.m_fonts.m_scale);
    EntryCombo(s, "##sessionlab", f.m_labEntry, IsLab, "Choose a lab...", "session/lab");
    ImGui::SetNextItemWidth(260 * s.m_fonts.m_scale);
    ImGui::InputTextWithHint("##sessioncohort", "Cohort", &f.m_cohort);
    Track(s, "session/cohort");
    ImGui::SameLine();
    const std::vector<std::string>& cohorts = f.m_cohorts;
    ImGui::BeginDisabled(cohorts.empty());
    if (ImGui::BeginCombo("##sessioncohorts", "", ImGuiComboFlags_NoPreview)) {
        for (const std::string& c : cohorts) {
            if (ImGui::Selectable(c.c_str())) f.m_cohort = c;
            Track(s, "session/cohort/" + c);
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    Track(s, "session/cohorts");
    Tooltip("Pick an existing cohort");
    ImGui::SetNextItemWidth(260 * s.m_fonts.m_scale);
    ImGui::InputTextWithHint("##sessiontrainer", "Your name (trainer)", &f.m_trainer);
    Track(s, "session/trainer");
    const bool cohortOk = f.m_cohort.find_first_not_of(" \t") != std::string::npos;
    const bool ok = f.m_labEntry >= 0 && cohortOk;
    if (ButtonIf(s, ok, "Start lab session", f.m_labEntry < 0 ? "Choose a lab." : "Enter the cohort.", "session/start")) {
        const Lab& lab = *s.m_library.m_entries[static_cast<size_t>(f.m_labEntry)].m_lab;
        s.m_store->PutLab(LabInfoOf(lab));
        LabSession ls;
        ls.m_labId = lab.m_id;
        ls.m_cohort = Trimmed(f.m_cohort);
        ls.m_trainer = Trimmed(f.m_trainer);
        s.m_store->AddCohort(ls.m_cohort);
        ls.m_startedWall = WallNow(s);
        if (auto r = s.m_store->StartLabSession(ls); r) {
            f.m_message = "Session " + std::to_string(r.Value().m_id) + " started for " + f.m_cohort + ".";
            Notify(s, MessageLevel::Info, f.m_message);
            f.m_loaded = false;
        } else {
            f.m_message = r.Error().m_message;
        }
    }
    if (!f.m_message.empty()) ImGui::TextWrapped("%s", f.m_message.c_str());
    ImGui::Spacing();
    Heading(s, "Sessions");
    const bool release = static_cast<bool>(s.m_options.m_server.m_releaseSession);
    const bool settings = static_cast<bool>(s.m_options.m_server.m_loadSessionSettings);
    if (release) TextDim("Trainees read their scores and debriefs once you release their session's results.");
    if (f.m_sessions.empty()) TextDim("No sessions yet.");
    else if (ImGui::BeginTable("##sessions", release ? 7 : 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("#");
        ImGui::TableSetupColumn("Lab", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Cohort");
        ImGui::TableSetupColumn("Trainer");
        ImGui::TableSetupColumn("Started");
        ImGui::TableSetupColumn("Attempts");
        if (release) ImGui::TableSetupColumn("Results");
        ImGui::TableHeadersRow();
        std::optional<std::pair<RowId, bool>> clicked; // acted on after the table: it reloads the list
        std::optional<RowId> open;                     // settings to open, likewise
        std::optional<RowId> room;                     // the control room to open
        for (size_t row = 0; row < f.m_sessions.size(); ++row) {
            const LabSession& ls = f.m_sessions[row];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::Text("%lld", static_cast<long long>(ls.m_id));
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(ls.m_labId.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(ls.m_cohort.c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(ls.m_trainer.c_str());
            ImGui::TableSetColumnIndex(4);
            ImGui::TextUnformatted(WallText(ls.m_startedWall).c_str());
            ImGui::TableSetColumnIndex(5);
            if (row < f.m_attemptCounts.size())
                ImGui::Text("%d finished / %d", f.m_attemptCounts[row].first, f.m_attemptCounts[row].second);
            if (!release) continue;
            ImGui::TableSetColumnIndex(6);
            const std::string id = std::to_string(ls.m_id);
            if (ls.m_releasedWall) {
                ImGui::TextUnformatted(("Released " + WallText(*ls.m_releasedWall)).c_str());
                ImGui::SameLine();
                if (Button(s, ("Withdraw##" + id).c_str(), "session/withdraw/" + id)) clicked = {{ls.m_id, false}};
                Tooltip("Trainees of this session no longer see their scores and debriefs.");
            } else {
                if (Button(s, ("Release results##" + id).c_str(), "session/release/" + id)) clicked = {{ls.m_id, true}};
                Tooltip("Each trainee of this session can then read her own scores and debrief, and nobody else's.");
            }
            if (settings) {
                ImGui::SameLine();
                if (Button(s, ("Settings##" + id).c_str(), "session/settings/" + id)) open = ls.m_id;
                Tooltip("Practice or assessment, attempts allowed, pacing, and which published assessments it covers.");
            }
            if (s.m_options.m_server.m_watchRoom) {
                ImGui::SameLine();
                if (Button(s, ("Control room##" + id).c_str(), "session/room/" + id)) room = ls.m_id;
                Tooltip("Watch this session live and fire its injects.");
            }
        }
        ImGui::EndTable();
        if (open) OpenSessionSettings(s, *open);
        if (room) OpenControlRoom(s, *room);
        if (clicked) {
            const std::string err = s.m_options.m_server.m_releaseSession(clicked->first, clicked->second);
            const std::string which = "Session " + std::to_string(clicked->first);
            f.m_message = !err.empty() ? err : clicked->second ? which + ": results released to its trainees." : which + ": results withdrawn.";
            Notify(s, err.empty() ? MessageLevel::Info : MessageLevel::Error, f.m_message);
            f.m_loaded = false;
        }
    }
    if (f.m_editing) DrawSessionSettings(s);
}

//-----------------------------------------------------------------------------
// [SECTION] Trainer view
//-----------------------------------------------------------------------------

void DrawTrainerView(AppState& s) {
    TrainerState& t = s.m_trainer;
    if (!ImGui::BeginTabBar("##trainertabs")) return;
    struct Tab {
        const char* m_label;
        TrainerTab m_tab;
        const char* m_key;
    };
    const Tab tabs[] = {{"Scenario library", TrainerTab::Library, "trainer/tab/library"},
                        {"Answer keys", TrainerTab::AnswerKeys, "trainer/tab/answers"},
                        {"Train the trainer", TrainerTab::TrainTheTrainer, "trainer/tab/ttt"},
                        {"Demo play", TrainerTab::Demo, "trainer/tab/demo"},
                        {"Lab sessions", TrainerTab::Sessions, "trainer/tab/sessions"},
                        {"Control room", TrainerTab::ControlRoom, "trainer/tab/room"}};
    // The control room watches the organisation server; on one machine there is no room to watch.
    const bool roomTab = static_cast<bool>(s.m_options.m_server.m_watchRoom);
    // A tab chosen by a button elsewhere (m_tabRequest) is selected once; otherwise the tab bar owns the choice.
    for (const Tab& tab : tabs) {
        if (tab.m_tab == TrainerTab::ControlRoom && !roomTab) continue;
        const ImGuiTabItemFlags flags = (t.m_tabRequest && t.m_tab == tab.m_tab) ? ImGuiTabItemFlags_SetSelected : 0;
        const bool open = ImGui::BeginTabItem(tab.m_label, nullptr, flags);
        Track(s, tab.m_key);
        if (!open) continue;
        if (!t.m_tabRequest) t.m_tab = tab.m_tab;
        switch (tab.m_tab) {
        case TrainerTab::Library: DrawLibraryPanel(s); break;
        case TrainerTab::AnswerKeys: DrawAnswerKeysPanel(s); break;
        case TrainerTab::TrainTheTrainer: DrawTrainTheTrainerPanel(s); break;
        case TrainerTab::Demo: DrawDemoPanel(s); break;
        case TrainerTab::Sessions: DrawSessionsPanel(s); break;
        case TrainerTab::ControlRoom: DrawControlRoomPanel(s); break;
        }
        ImGui::EndTabItem();
    }
    t.m_tabRequest = false;
    ImGui::EndTabBar();
}

} // namespace sl::ui
