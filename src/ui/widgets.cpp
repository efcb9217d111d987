// SupportLab UI: widget helpers — named items for the headless tests, icon buttons, colours, bars.
#include "ui/widgets.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace sl::ui {

bool ShortcutPressed(int key, bool ctrl) {
    const ImGuiIO& io = ImGui::GetIO();
    if (key < 0 || key >= static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) return false;
    if (io.WantTextInput && !ctrl) return false;
    if (io.KeyCtrl != ctrl) return false;
    return ImGui::IsKeyPressed(key, false);
}

void DropKeyboardFocusMove() {
    ImGui::NavMoveRequestCancel();
    GImGui->NavDisableHighlight = true;
}

void Track(AppState& s, std::string_view key, std::string_view suffix) {
    if (!s.m_hooks.m_trackItems) return;
    std::string name(key);
    name += suffix;
    ItemRect& r = s.m_hooks.m_items[name];
    r.m_min = ImGui::GetItemRectMin();
    r.m_max = ImGui::GetItemRectMax();
    // Visible means its centre is inside the window's visible area, where a click would land on it
    // (a dialog whose content overflows, or a scrolled list, hides the rest).
    const ImVec2 c((r.m_min.x + r.m_max.x) * 0.5f, (r.m_min.y + r.m_max.y) * 0.5f);
    // The current clip rectangle covers menu bars; the window's inner one covers rows spanning table columns.
    const ImRect clip(ImGui::GetWindowDrawList()->GetClipRectMin(), ImGui::GetWindowDrawList()->GetClipRectMax());
    r.m_visible = ImGui::IsItemVisible() && (clip.Contains(c) || ImGui::GetCurrentWindow()->InnerClipRect.Contains(c));
    r.m_frame = s.m_hooks.m_frame;
}

std::string LabelKey(const char* label) {
    std::string k(label);
    const size_t hash = k.find("##");
    return hash == std::string::npos ? k : k.substr(0, hash);
}

namespace {

// The key of a tracked button: its own, else its label's (only worked out when tests track items).
void TrackButton(AppState& s, const char* label, std::string_view key) {
    if (!s.m_hooks.m_trackItems) return;
    if (key.empty())
        Track(s, LabelKey(label));
    else
        Track(s, key);
}

} // namespace

bool Button(AppState& s, const char* label, std::string_view key, ImVec2 size) {
    const bool pressed = ImGui::Button(label, size);
    TrackButton(s, label, key);
    return pressed;
}

bool ButtonIf(AppState& s, bool enabled, const char* label, const std::string& why, std::string_view key, ImVec2 size) {
    if (!enabled) {
        ImGui::BeginDisabled();
        ImGui::Button(label, size);
        ImGui::EndDisabled();
        TrackButton(s, label, key);
        if (!why.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", why.c_str());
        return false;
    }
    return Button(s, label, key, size);
}

std::string WrapToWidth(const std::string& text, float width) {
    std::string out, line;
    size_t i = 0;
    while (i < text.size()) {
        size_t end = text.find(' ', i);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(i, end - i);
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && ImGui::CalcTextSize(candidate.c_str()).x > width) {
            out += line + "\n";
            line = word;
        } else {
            line = candidate;
        }
        i = end + 1;
    }
    return out + line;
}

bool WrappedSelectable(const std::string& id, const std::string& text, bool selected) {
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, width);
    const ImVec2 at = ImGui::GetCursorPos();
    const bool clicked = ImGui::Selectable(id.c_str(), selected, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(0, size.y));
    const ImVec2 after = ImGui::GetCursorPos();
    ImGui::SetCursorPos(at);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetCursorPos(after);
    return clicked;
}

bool TextEllipsis(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) {
        ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
        return false;
    }
    // The longest prefix (whole UTF-8 characters) that fits with the dots: the font measures up to
    // a width in one pass and says where it stopped.
    const float dots = ImGui::CalcTextSize("...").x;
    const char* stop = text.c_str();
    ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), std::max(0.0f, width - dots), 0.0f, text.c_str(),
                                    text.c_str() + text.size(), &stop);
    const std::string shown = text.substr(0, static_cast<size_t>(stop - text.c_str())) + "...";
    ImGui::TextUnformatted(shown.c_str(), shown.c_str() + shown.size());
    return true;
}

float ButtonWidth(const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f; }

void SameLineIfFits(float width) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + spacing + width <= right) ImGui::SameLine();
}

void DrawIcon(ImDrawList* dl, Icon icon, ImVec2 c, float r, ImU32 col) {
    const float t = std::max(1.0f, r * 0.22f); // stroke thickness
    switch (icon) {
    case Icon::Play:
        dl->AddTriangleFilled(ImVec2(c.x - r * 0.6f, c.y - r), ImVec2(c.x - r * 0.6f, c.y + r), ImVec2(c.x + r * 0.9f, c.y), col);
        break;
    case Icon::Pause:
        dl->AddRectFilled(ImVec2(c.x - r * 0.8f, c.y - r), ImVec2(c.x - r * 0.2f, c.y + r), col);
        dl->AddRectFilled(ImVec2(c.x + r * 0.2f, c.y - r), ImVec2(c.x + r * 0.8f, c.y + r), col);
        break;
    case Icon::Faster: // two triangles: fast forward
        dl->AddTriangleFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x - r, c.y + r), ImVec2(c.x, c.y), col);
        dl->AddTriangleFilled(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), ImVec2(c.x + r, c.y), col);
        break;
    case Icon::Slower:
        dl->AddTriangleFilled(ImVec2(c.x + r, c.y - r), ImVec2(c.x + r, c.y + r), ImVec2(c.x, c.y), col);
        dl->AddTriangleFilled(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y), col);
        break;
    case Icon::Next: // one step on: a triangle against a bar
        dl->AddTriangleFilled(ImVec2(c.x - r * 0.7f, c.y - r), ImVec2(c.x - r * 0.7f, c.y + r), ImVec2(c.x + r * 0.5f, c.y), col);
        dl->AddRectFilled(ImVec2(c.x + r * 0.6f, c.y - r), ImVec2(c.x + r, c.y + r), col);
        break;
    case Icon::Prev: // one step back
        dl->AddTriangleFilled(ImVec2(c.x + r * 0.7f, c.y - r), ImVec2(c.x + r * 0.7f, c.y + r), ImVec2(c.x - r * 0.5f, c.y), col);
        dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x - r * 0.6f, c.y + r), col);
        break;
    case Icon::First: // back to the start: a bar, then two triangles pointing at it
        dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x - r * 0.65f, c.y + r), col);
        dl->AddTriangleFilled(ImVec2(c.x + r * 0.1f, c.y - r), ImVec2(c.x + r * 0.1f, c.y + r), ImVec2(c.x - r * 0.6f, c.y), col);
        dl->AddTriangleFilled(ImVec2(c.x + r, c.y - r), ImVec2(c.x + r, c.y + r), ImVec2(c.x + r * 0.1f, c.y), col);
        break;
    case Icon::Up:
        dl->AddTriangleFilled(ImVec2(c.x, c.y - r * 0.8f), ImVec2(c.x + r, c.y + r * 0.6f), ImVec2(c.x - r, c.y + r * 0.6f), col);
        break;
    case Icon::Down:
        dl->AddTriangleFilled(ImVec2(c.x - r, c.y - r * 0.6f), ImVec2(c.x + r, c.y - r * 0.6f), ImVec2(c.x, c.y + r * 0.8f), col);
        break;
    case Icon::Reload:
        dl->PathArcTo(c, r * 0.85f, 0.6f, 5.6f, 16);
        dl->PathStroke(col, 0, t);
        dl->AddTriangleFilled(ImVec2(c.x + r * 0.35f, c.y - r * 0.95f), ImVec2(c.x + r * 1.05f, c.y - r * 0.25f),
                              ImVec2(c.x + r * 0.15f, c.y - r * 0.05f), col);
        break;
    case Icon::Close:
        dl->AddLine(ImVec2(c.x - r * 0.8f, c.y - r * 0.8f), ImVec2(c.x + r * 0.8f, c.y + r * 0.8f), col, t);
        dl->AddLine(ImVec2(c.x + r * 0.8f, c.y - r * 0.8f), ImVec2(c.x - r * 0.8f, c.y + r * 0.8f), col, t);
        break;
    case Icon::Reset:
        dl->AddRectFilled(ImVec2(c.x - r * 0.75f, c.y - r * 0.75f), ImVec2(c.x + r * 0.75f, c.y + r * 0.75f), col);
        break;
    case Icon::Check:
        dl->AddLine(ImVec2(c.x - r * 0.8f, c.y), ImVec2(c.x - r * 0.2f, c.y + r * 0.7f), col, t);
        dl->AddLine(ImVec2(c.x - r * 0.2f, c.y + r * 0.7f), ImVec2(c.x + r * 0.9f, c.y - r * 0.7f), col, t);
        break;
    case Icon::Warning:
        dl->AddTriangle(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y + r * 0.8f), ImVec2(c.x - r, c.y + r * 0.8f), col, t);
        dl->AddLine(ImVec2(c.x, c.y - r * 0.3f), ImVec2(c.x, c.y + r * 0.25f), col, t);
        break;
    case Icon::Help:
        dl->AddCircle(c, r, col, 16, t);
        dl->AddCircleFilled(ImVec2(c.x, c.y + r * 0.45f), t * 0.7f, col);
        dl->AddLine(ImVec2(c.x, c.y + r * 0.15f), ImVec2(c.x, c.y - r * 0.05f), col, t);
        dl->PathArcTo(ImVec2(c.x, c.y - r * 0.35f), r * 0.35f, 3.3f, 7.6f, 8);
        dl->PathStroke(col, 0, t);
        break;
    }
}

namespace {

} // namespace

bool IconButton(AppState& s, const char* id, Icon icon, const char* tooltip, bool enabled) {
    const float h = ImGui::GetFrameHeight();
    const ImVec2 size(h * 1.2f, h);
    ImGui::PushID(id);
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button("##icon", size) && enabled;
    ImGui::EndDisabled();
    Track(s, id);
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
    ImVec4 tc = ImGui::GetStyleColorVec4(ImGuiCol_Text);
    if (!enabled) tc.w *= 0.45f;
    DrawIcon(ImGui::GetWindowDrawList(), icon, c, h * 0.27f, ImGui::ColorConvertFloat4ToU32(tc));
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tooltip);
    ImGui::PopID();
    return pressed;
}

void Tooltip(const char* text) {
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", text);
}

void HelpMarker(const char* text) {
    ImGui::TextDisabled("(?)");
    Tooltip(text);
}

void Heading(AppState& s, const char* text) {
    if (s.m_fonts.m_heading) ImGui::PushFont(s.m_fonts.m_heading);
    ImGui::TextUnformatted(text);
    if (s.m_fonts.m_heading) ImGui::PopFont();
}

void TextDim(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void TextColor(const ImVec4& color, const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

const char* PercentText(double percent, char (&buf)[32]) {
    const double r = std::nearbyint(percent); // the current rounding mode, as printf uses
    if (!(r >= 0.0 && r <= 1e9)) {
        std::snprintf(buf, sizeof buf, "%.0f%%", percent);
        return buf;
    }
    long long n = static_cast<long long>(r);
    char* p = buf + sizeof buf;
    *--p = '\0';
    *--p = '%';
    do {
        *--p = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n > 0);
    return p;
}

void TextWrappedStr(const std::string& text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopTextWrapPos();
}

std::vector<TextBlock> ParseRichText(const std::string& text) {
    std::vector<TextBlock> blocks;
    bool open = false; // the last block still takes continuation lines
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos) {
            open = false;
            continue;
        }
        const std::string body = line.substr(first);
        size_t digits = 0;
        while (digits < body.size() && std::isdigit(static_cast<unsigned char>(body[digits]))) ++digits;
        const bool bullet = body.size() > 2 && (body[0] == '-' || body[0] == '*') && body[1] == ' ';
        const bool numbered = digits > 0 && digits < 4 && body.size() > digits + 1 && body[digits] == '.' && body[digits + 1] == ' ';
        if (bullet || numbered) {
            TextBlock b;
            b.m_kind = bullet ? TextBlock::Kind::Bullet : TextBlock::Kind::Numbered;
            if (numbered) b.m_marker = body.substr(0, digits + 1);
            b.m_text = body.substr(bullet ? 2 : digits + 2);
            blocks.push_back(std::move(b));
            open = true;
        } else if (open && (first > 0 || blocks.back().m_kind == TextBlock::Kind::Paragraph)) {
            blocks.back().m_text += " " + body; // a continuation, or the next line of a paragraph
        } else {
            blocks.push_back(TextBlock{TextBlock::Kind::Paragraph, {}, body});
            open = true;
        }
    }
    return blocks;
}

void DrawRichText(const std::string& text) {
    TextBlock::Kind last = TextBlock::Kind::Paragraph;
    bool firstBlock = true;
    for (const TextBlock& b : ParseRichText(text)) {
        if (!firstBlock && (b.m_kind == TextBlock::Kind::Paragraph || last == TextBlock::Kind::Paragraph)) ImGui::Spacing();
        firstBlock = false;
        last = b.m_kind;
        switch (b.m_kind) {
        case TextBlock::Kind::Paragraph: TextWrappedStr(b.m_text); break;
        case TextBlock::Kind::Bullet:
            ImGui::Bullet();
            TextWrappedStr(b.m_text);
            break;
        case TextBlock::Kind::Numbered:
            ImGui::TextUnformatted(b.m_marker.c_str());
            ImGui::SameLine(ImGui::GetFontSize() * 1.8f);
            TextWrappedStr(b.m_text);
            break;
        }
    }
}

ImVec4 ColorOk() { return ImVec4(0.35f, 0.80f, 0.45f, 1.0f); }
ImVec4 ColorWarn() { return ImVec4(0.95f, 0.80f, 0.20f, 1.0f); }
ImVec4 ColorBad() { return ImVec4(0.95f, 0.35f, 0.30f, 1.0f); }
ImVec4 ColorInfo() { return ImVec4(0.45f, 0.70f, 1.00f, 1.0f); }
ImVec4 ColorKey() { return ImVec4(0.85f, 0.55f, 1.00f, 1.0f); }

const char* AgendaLabel(AgendaStep a) {
    switch (a) {
    case AgendaStep::PlanReview: return "Support plan review";
    case AgendaStep::Overview: return "Overview";
    case AgendaStep::Troubleshooting: return "Troubleshooting common issues";
    case AgendaStep::ToolsAndResources: return "Tools and resources";
    case AgendaStep::QandA: return "Q & A";
    case AgendaStep::Debrief: return "Debrief";
    }
    return "";
}

const char* KindLabel(const std::string& kind) {
    if (kind == "plan_review") return "Plan review";
    if (kind == "common_issues") return "Common issues";
    if (kind == "escalation_drill") return "Escalation drill";
    if (kind == "lab") return "Lab";
    if (kind == "support_model") return "Support model";
    return "Unknown";
}

const char* DimensionLabel(Dimension d) {
    switch (d) {
    case Dimension::Knowledge: return "Plan knowledge";
    case Dimension::Triage: return "Triage";
    case Dimension::Troubleshooting: return "Troubleshooting";
    case Dimension::Routing: return "Routing";
    case Dimension::Sla: return "SLA";
    case Dimension::Policy: return "Policy";
    case Dimension::Hints: return "Hints";
    }
    return "?";
}

std::string WallText(WallTime ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

void BeginDialogSize(float width) {
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.0f), ImVec2(width, FLT_MAX));
}

void Notify(AppState& s, MessageLevel level, const std::string& text) {
    s.m_messages.push_back(Message{level, text, s.m_time});
    if (s.m_messages.size() > 200) s.m_messages.erase(s.m_messages.begin());
    if (level == MessageLevel::Error) std::fprintf(stderr, "supportlab: %s\n", text.c_str());
}

void PlotBars(const char* id, const float* values, int count, const char* overlay, float minValue, float maxValue, float height) {
    // ImGui 1.86's plots take no negative width: size them through the next item width instead.
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::PlotHistogram(id, values, count, 0, overlay, minValue, maxValue, ImVec2(0, height));
}

void PlotLine(const char* id, const float* values, int count, const char* overlay, float height) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::PlotLines(id, values, count, 0, overlay, FLT_MAX, FLT_MAX, ImVec2(0, height));
}

void ScoreBar(const char* label, double value, double max, float labelWidth) {
    ImGui::TextUnformatted(label);
    ImGui::SameLine(labelWidth);
    const float frac = max > 0 ? static_cast<float>(value / max) : 0.0f;
    char overlay[64];
    if (max > 0)
        std::snprintf(overlay, sizeof overlay, "%.1f / %.1f (%.0f%%)", value, max, 100.0 * value / max);
    else
        std::snprintf(overlay, sizeof overlay, "n/a");
    const ImVec4 col = frac >= 0.7f ? ColorOk() : frac >= 0.4f ? ColorWarn() : ColorBad();
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImVec4(col.x * 0.75f, col.y * 0.75f, col.z * 0.75f, 1.0f));
    ImGui::ProgressBar(std::isfinite(frac) ? frac : 0.0f, ImVec2(-1, 0), overlay);
    ImGui::PopStyleColor();
}

} // namespace sl::ui
