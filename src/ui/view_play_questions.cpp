// SupportLab UI: the plan-review questions panel — single, multiple, matching and ordering answers.
#include "ui/run_control.hpp"
#include "ui/view_play_common.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace sl::ui {

namespace {

const Option* FindOption(const Question& q, const std::string& id) {
    for (const Option& o : q.m_options)
        if (o.m_id == id) return &o;
    return nullptr;
}

void FillDraft(QuestionDraft& d, const QuestionState& qs) {
    if (d.m_ready) return;
    d.m_ready = true;
    const Question& q = *qs.m_def;
    d.m_order = qs.m_optionOrder;
    d.m_match.assign(q.m_pairs.size(), -1);
    if (!qs.m_answered) return;
    // Show the trainee's latest answer again.
    switch (q.m_type) {
    case QuestionType::Single:
        if (!qs.m_answer.empty()) d.m_single = qs.m_answer[0];
        break;
    case QuestionType::Multiple: d.m_multiple.insert(qs.m_answer.begin(), qs.m_answer.end()); break;
    case QuestionType::Ordering: d.m_order = qs.m_answer; break;
    case QuestionType::Matching:
        for (const std::string& tok : qs.m_answer) {
            std::string pair, option;
            if (!SplitMatchToken(tok, pair, option)) continue;
            for (size_t i = 0; i < q.m_pairs.size(); ++i) {
                if (q.m_pairs[i].m_id != pair) continue;
                const auto it = std::find(qs.m_optionOrder.begin(), qs.m_optionOrder.end(), option);
                if (it != qs.m_optionOrder.end()) d.m_match[i] = static_cast<int>(it - qs.m_optionOrder.begin());
            }
        }
        break;
    }
}

// The answer tokens for the Answer action, or "" with the reason it is not complete.
std::vector<std::string> DraftTokens(const QuestionDraft& d, const QuestionState& qs, std::string& why) {
    const Question& q = *qs.m_def;
    std::vector<std::string> tokens;
    switch (q.m_type) {
    case QuestionType::Single:
        if (d.m_single.empty()) why = "Choose an answer.";
        else tokens.push_back(d.m_single);
        break;
    case QuestionType::Multiple:
        for (const std::string& id : qs.m_optionOrder)
            if (d.m_multiple.count(id)) tokens.push_back(id);
        if (tokens.empty()) why = "Tick at least one answer.";
        break;
    case QuestionType::Ordering: tokens = d.m_order; break;
    case QuestionType::Matching:
        for (size_t i = 0; i < q.m_pairs.size(); ++i) {
            if (i >= d.m_match.size() || d.m_match[i] < 0) {
                why = "Match every item.";
                return {};
            }
            tokens.push_back(MatchToken(q.m_pairs[i].m_id, qs.m_optionOrder[static_cast<size_t>(d.m_match[i])]));
        }
        break;
    }
    return tokens;
}

void DrawQuestionWidget(AppState& s, QuestionDraft& d, const QuestionState& qs, bool enabled) {
    const Question& q = *qs.m_def;
    const std::string base = "question/" + q.m_id + "/";
    ImGui::BeginDisabled(!enabled);
    switch (q.m_type) {
    case QuestionType::Single:
        for (const std::string& oid : qs.m_optionOrder) {
            const Option* o = FindOption(q, oid);
            if (!o) continue;
            if (ImGui::RadioButton((o->m_text + "##" + oid).c_str(), d.m_single == oid) && enabled) d.m_single = oid;
            Track(s, base + oid);
        }
        break;
    case QuestionType::Multiple:
        for (const std::string& oid : qs.m_optionOrder) {
            const Option* o = FindOption(q, oid);
            if (!o) continue;
            bool on = d.m_multiple.count(oid) > 0;
            if (ImGui::Checkbox((o->m_text + "##" + oid).c_str(), &on) && enabled) {
                if (on) d.m_multiple.insert(oid);
                else d.m_multiple.erase(oid);
            }
            Track(s, base + oid);
        }
        break;
    case QuestionType::Matching:
        if (ImGui::BeginTable("##match", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("Item", ImGuiTableColumnFlags_WidthStretch, 0.55f);
            ImGui::TableSetupColumn("Belongs with", ImGuiTableColumnFlags_WidthStretch, 0.45f);
            ImGui::TableHeadersRow();
            for (size_t i = 0; i < q.m_pairs.size(); ++i) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextWrapped("%s", q.m_pairs[i].m_left.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::PushID(static_cast<int>(i));
                ImGui::SetNextItemWidth(-1);
                const int sel = i < d.m_match.size() ? d.m_match[i] : -1;
                const Option* cur = sel >= 0 ? FindOption(q, qs.m_optionOrder[static_cast<size_t>(sel)]) : nullptr;
                if (ImGui::BeginCombo("##pick", cur ? cur->m_text.c_str() : "Choose...")) {
                    for (size_t k = 0; k < qs.m_optionOrder.size(); ++k) {
                        const Option* o = FindOption(q, qs.m_optionOrder[k]);
                        if (!o) continue;
                        if (ImGui::Selectable(o->m_text.c_str(), sel == static_cast<int>(k)) && enabled)
                            d.m_match[i] = static_cast<int>(k);
                        Track(s, base + q.m_pairs[i].m_id + "/" + o->m_id);
                    }
                    ImGui::EndCombo();
                }
                Track(s, base + q.m_pairs[i].m_id);
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        break;
    case QuestionType::Ordering:
        for (size_t i = 0; i < d.m_order.size(); ++i) {
            const Option* o = FindOption(q, d.m_order[i]);
            ImGui::PushID(static_cast<int>(i));
            const std::string upKey = base + d.m_order[i] + "/up";
            const std::string downKey = base + d.m_order[i] + "/down";
            if (IconButton(s, upKey.c_str(), Icon::Up, "Move up", enabled && i > 0)) std::swap(d.m_order[i], d.m_order[i - 1]);
            ImGui::SameLine();
            if (IconButton(s, downKey.c_str(), Icon::Down, "Move down", enabled && i + 1 < d.m_order.size()))
                std::swap(d.m_order[i], d.m_order[i + 1]);
            ImGui::SameLine();
            ImGui::Text("%zu.", i + 1);
            ImGui::SameLine();
            ImGui::Selectable(o ? o->m_text.c_str() : d.m_order[i].c_str());
            // Drag an item onto another to swap them.
            if (enabled && ImGui::BeginDragDropSource()) {
                const int from = static_cast<int>(i);
                ImGui::SetDragDropPayload("SL_ORDER", &from, sizeof from);
                ImGui::TextUnformatted(o ? o->m_text.c_str() : "");
                ImGui::EndDragDropSource();
            }
            if (enabled && ImGui::BeginDragDropTarget()) {
                if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("SL_ORDER")) {
                    const int from = *static_cast<const int*>(p->Data);
                    if (from >= 0 && from < static_cast<int>(d.m_order.size())) {
                        const std::string moved = d.m_order[static_cast<size_t>(from)];
                        d.m_order.erase(d.m_order.begin() + from);
                        d.m_order.insert(d.m_order.begin() + static_cast<long>(i), moved);
                    }
                }
                ImGui::EndDragDropTarget();
            }
            ImGui::PopID();
        }
        break;
    }
    ImGui::EndDisabled();
}

const char* TypeHint(QuestionType t) {
    switch (t) {
    case QuestionType::Single: return "Choose one answer.";
    case QuestionType::Multiple: return "Tick every answer that applies.";
    case QuestionType::Matching: return "Match each item on the left with one on the right.";
    case QuestionType::Ordering: return "Put the items in order (arrows, or drag an item onto another).";
    }
    return "";
}

} // namespace

void DrawQuestions(AppState& s, ScenarioRun& run) {
    const Simulation& sim = run.Sim();
    const auto& qs = sim.Questions();
    if (qs.empty()) {
        TextDim("This scenario has no questions.");
        return;
    }
    if (run.m_selectedQuestion.empty() || !sim.FindQuestion(run.m_selectedQuestion)) run.m_selectedQuestion = qs.front().m_def->m_id;
    const float listWidth = 260 * s.m_fonts.m_scale;
    ImGui::BeginChild("##qlist", ImVec2(listWidth, 0), true);
    int answered = 0;
    for (const QuestionState& q : qs) answered += q.m_answered ? 1 : 0;
    ImGui::Text("%d of %zu answered", answered, qs.size());
    ImGui::ProgressBar(static_cast<float>(answered) / static_cast<float>(qs.size()), ImVec2(-1, 4 * s.m_fonts.m_scale), "");
    for (size_t i = 0; i < qs.size(); ++i) {
        const QuestionState& q = qs[i];
        char label[160];
        std::snprintf(label, sizeof label, "%s %zu. %.60s##%s", q.m_answered ? "[x]" : "[ ]", i + 1,
                      q.m_def->m_topic.empty() ? q.m_def->m_prompt.c_str() : q.m_def->m_topic.c_str(), q.m_def->m_id.c_str());
        if (ImGui::Selectable(label, run.m_selectedQuestion == q.m_def->m_id)) run.m_selectedQuestion = q.m_def->m_id;
        Track(s, "question/select/" + q.m_def->m_id);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##qbody", ImVec2(0, 0), true);
    if (run.m_detailShownFor != run.m_selectedQuestion) {
        ImGui::SetScrollY(0.0f);
        run.m_detailShownFor = run.m_selectedQuestion;
    }
    const QuestionState* qsp = sim.FindQuestion(run.m_selectedQuestion);
    if (qsp) {
        const QuestionState& q = *qsp;
        const Question& def = *q.m_def;
        QuestionDraft& d = run.m_drafts[def.m_id];
        FillDraft(d, q);
        size_t index = 0;
        for (size_t i = 0; i < qs.size(); ++i)
            if (&qs[i] == qsp) index = i;
        ImGui::TextDisabled("Question %zu of %zu · %s · %.3g point%s", index + 1, qs.size(), ToString(def.m_type),
                            def.m_points, def.m_points == 1.0 ? "" : "s");
        if (s.m_fonts.m_heading) ImGui::PushFont(s.m_fonts.m_heading);
        TextWrappedStr(def.m_prompt);
        if (s.m_fonts.m_heading) ImGui::PopFont();
        TextDim(TypeHint(def.m_type));
        ImGui::Spacing();
        const bool playing = run.m_phase == RunPhase::Playing;
        DrawQuestionWidget(s, d, q, playing);
        ImGui::Spacing();
        std::string why;
        std::vector<std::string> tokens = DraftTokens(d, q, why);
        const bool wasAnswered = q.m_answered;
        const char* submitLabel = wasAnswered ? "Change answer" : "Submit answer";
        if (ButtonIf(s, playing && why.empty(), submitLabel, playing ? why : "The attempt is over.", "question/submit")) {
            Action a;
            a.m_type = ActionType::Answer;
            a.m_target = def.m_id;
            a.m_tokens = tokens;
            if (ApplyRunAction(s, run, a) && index + 1 < qs.size() && !wasAnswered)
                run.m_selectedQuestion = qs[index + 1].m_def->m_id; // on to the next question
        }
        if (q.m_answered) {
            ImGui::SameLine();
            ImGui::TextColored(ColorOk(), "Answer saved. You may change it until you finish.");
        }
        // Hints with their cost shown up front.
        for (size_t i = 0; i < def.m_hints.size(); ++i) {
            const bool taken = std::find(q.m_hintsTaken.begin(), q.m_hintsTaken.end(), static_cast<int>(i)) != q.m_hintsTaken.end();
            if (taken) {
                ImGui::TextColored(ColorInfo(), "Hint %zu:", i + 1);
                ImGui::SameLine();
                TextWrappedStr(def.m_hints[i].m_text);
                continue;
            }
            char label[96];
            std::snprintf(label, sizeof label, "Take hint %zu (costs %.3g point%s)##qh%zu", i + 1, def.m_hints[i].m_cost,
                          def.m_hints[i].m_cost == 1.0 ? "" : "s", i);
            if (ButtonIf(s, playing, label, "The attempt is over.", "question/hint/" + std::to_string(i))) {
                Action a;
                a.m_type = ActionType::Hint;
                a.m_target = def.m_id;
                a.m_index = static_cast<int>(i);
                ApplyRunAction(s, run, a);
            }
        }
        if (run.m_demo) DrawQuestionAnswerKey(s, def);
        ImGui::Spacing();
        if (index > 0 && IconButton(s, "question/prev", Icon::Prev, "Previous question")) run.m_selectedQuestion = qs[index - 1].m_def->m_id;
        if (index > 0) ImGui::SameLine();
        if (index + 1 < qs.size() && IconButton(s, "question/next", Icon::Next, "Next question"))
            run.m_selectedQuestion = qs[index + 1].m_def->m_id;
    }
    ImGui::EndChild();
}

} // namespace sl::ui
