// SupportLab UI: small widget helpers shared by the panels (named items for tests, icon buttons, colours).
#pragma once

#include "core/text.hpp"
#include "ui/app_state.hpp"

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace sl::ui {

// Keyboard keys the shortcuts use beyond ImGuiKey_*: ImGui 1.86 indexes io.KeysDown by the
// platform's key codes, and the glfw backend uses GLFW_KEY_* (the app checks these match).
inline constexpr int kKeyF1 = 290;
inline constexpr int kKeyF5 = 294;
inline constexpr int kKeyF = 70;        // GLFW_KEY_F
inline constexpr int kKeyLeftBracket = 91;
inline constexpr int kKeyRightBracket = 93;
inline constexpr int kKey1 = 49;        // GLFW_KEY_1; 2 and 3 follow

// True once when `key` (an io.KeysDown index) goes down and no text field is being typed in.
bool ShortcutPressed(int key, bool ctrl = false);
// Cancels this frame's keyboard-focus move and hides the focus highlight (after a shortcut used the arrow).
void DropKeyboardFocusMove();

// Records the last item's rectangle under `key` + `suffix` when test hooks are on. In two parts so
// per-row callers build no string when the hooks are off (always, in the app).
void Track(AppState& s, std::string_view key, std::string_view suffix = {});

// ImGui::Button plus Track; the key defaults to the label without its "##id" part.
bool Button(AppState& s, const char* label, std::string_view key = {}, ImVec2 size = ImVec2(0, 0));
// A button that is drawn greyed and never fires when `enabled` is false; the tooltip says why.
bool ButtonIf(AppState& s, bool enabled, const char* label, const std::string& why, std::string_view key = {},
              ImVec2 size = ImVec2(0, 0));

// The text broken into lines (at spaces) no wider than `width` pixels in the current font; a word
// wider than that keeps its own line. Buttons use it so a long label wraps instead of being clipped.
std::string WrapToWidth(const std::string& text, float width);
// SameLine() when an item `width` pixels wide still fits on the current line; otherwise the next
// item starts a new line, so a label at the panel's edge is never clipped.
void SameLineIfFits(float width);
// The width a button with this label takes (text before any "##", plus its frame padding).
float ButtonWidth(const char* label);
// The text on one line, cut to `width` pixels with "..." when longer; true when it was cut.
bool TextEllipsis(const std::string& text, float width);
// A list row whose text wraps to the available width (ImGui's Selectable cuts it); true when clicked.
bool WrappedSelectable(const std::string& id, const std::string& text, bool selected);

enum class Icon { Play, Pause, Faster, Slower, Up, Down, Reload, Close, Help, Next, Prev, First, Reset, Check, Warning };

// Draws an icon centred at c with radius r (IconButton uses it; tests compare the shapes).
void DrawIcon(ImDrawList* dl, Icon icon, ImVec2 c, float r, ImU32 col);
// An icon-only button drawn with the draw list (no icon font needed). Always shows its tooltip.
bool IconButton(AppState& s, const char* id, Icon icon, const char* tooltip, bool enabled = true);

// A tooltip on the last item.
void Tooltip(const char* text);
// A "(?)" marker with a tooltip.
void HelpMarker(const char* text);

void Heading(AppState& s, const char* text);
void TextDim(const char* text);
// TextUnformatted in a colour (TextColored formats its text through printf).
void TextColor(const ImVec4& color, const char* text);
// "73%" for 72.6, as printf's "%.0f%%" writes it but without printf (tables show hundreds per frame).
// Returns a pointer into `buf`.
const char* PercentText(double percent, char (&buf)[32]);
void TextWrappedStr(const std::string& text);

// Lecture text as authors write it in YAML: paragraphs (hard line breaks inside are joined), "- "
// or "* " bullets and "1. " numbered items, with indented continuation lines.
struct TextBlock {
    enum class Kind { Paragraph, Bullet, Numbered };
    Kind m_kind = Kind::Paragraph;
    std::string m_marker; // "1." for numbered items
    std::string m_text;
};
std::vector<TextBlock> ParseRichText(const std::string& text);
void DrawRichText(const std::string& text);

// Colours used everywhere for states.
ImVec4 ColorOk();
ImVec4 ColorWarn();
ImVec4 ColorBad();
ImVec4 ColorInfo();
ImVec4 ColorKey(); // the answer-key overlay

// The key text of a label: "Save##x" -> "Save".
std::string LabelKey(const char* label);

// Names shown for model values.
const char* AgendaLabel(AgendaStep a);
const char* KindLabel(const std::string& kind);
const char* DimensionLabel(Dimension d);
// Local date and time of a wall-clock time in ms ("2024-05-01 14:30").
std::string WallText(WallTime ms);

// Before BeginPopupModal(..., kDialogFlags): a fixed width and a height that follows the content.
void BeginDialogSize(float width);
inline constexpr int kDialogFlags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings;

// Adds a message to the status bar (and stderr for errors).
void Notify(AppState& s, MessageLevel level, const std::string& text);

// Full-width histogram / line plots (ImGui's plot widgets; min/max FLT_MAX = from the data).
void PlotBars(const char* id, const float* values, int count, const char* overlay, float minValue, float maxValue, float height);
void PlotLine(const char* id, const float* values, int count, const char* overlay, float height);

// A labelled horizontal bar (value/max) with the numbers in it.
void ScoreBar(const char* label, double value, double max, float labelWidth);

} // namespace sl::ui
