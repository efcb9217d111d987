// SupportLab scenario_io: advice for YAML syntax errors (the cause, the fix, the line at fault).
#pragma once
#include <optional>
#include <string>

namespace sl::yaml {

// What a syntax error most likely is, where, and how to fix it.
struct SyntaxAdvice {
    int m_line = 0; // 1-based; the line at fault, which may be before the one yaml-cpp stopped at
    int m_col = 0;  // 1-based
    std::string m_advice;
};

// Given yaml-cpp's message and position (1-based) for a syntax error in `text`, names the likely
// cause and its fix: text that needs quotes, or a line indented unlike its siblings. Returns nothing
// when no cause is clear enough; a wrong hint would cost the author more than none.
std::optional<SyntaxAdvice> AdviseSyntaxError(const std::string& text, int line, int col, const std::string& message);

// One entry of a top-level list (a ticket, a question, a lab module, ...): its lines (1-based,
// inclusive), the line of the list's key, and the entry's `id` when written on its own line.
struct SectionEntry {
    int m_first = 0;
    int m_last = 0;
    int m_keyLine = 0;
    int m_listLine = 0, m_listCol = 0; // where the list's value starts (its first entry's "-")
    std::string m_id;
};

// The list entry that holds `line`, if any: where a syntax error can be stepped over. With `leaf`,
// the entry of a hints, options or pairs list that starts on `line` (nothing else depends on it);
// else the entry of a top-level list (a ticket, a question, an incident, a module).
std::optional<SectionEntry> FindSectionEntry(const std::string& text, int line, bool leaf);

} // namespace sl::yaml
