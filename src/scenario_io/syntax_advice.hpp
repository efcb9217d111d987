// SupportLab scenario_io: advice for YAML syntax errors (the cause, the fix, the line at fault).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace sl::yaml {

// What a syntax error most likely is, where, and how to fix it.
struct SyntaxAdvice {
    int m_line = 0; // 1-based; the line at fault, which may be before the one yaml-cpp stopped at
    int m_col = 0;  // 1-based
    std::string m_advice;
};

// One entry of a top-level list (a ticket, a question, a lab module, ...): its lines (1-based,
// inclusive), the line of the list's key, and the entry's `id` when written on its own line.
struct SectionEntry {
    int m_first = 0;
    int m_last = 0;
    int m_keyLine = 0;
    int m_listLine = 0, m_listCol = 0; // where the list's value starts (its first entry's "-")
    std::string m_id;
};

struct SyntaxLine; // one line as block structure sees it (syntax_advice.cpp)

// The block layout of one text, read once: after a syntax error it says what the error most likely
// is and which entry stepping over it takes.
class SyntaxLayout {
public:
    explicit SyntaxLayout(const std::string& text);
    ~SyntaxLayout();
    SyntaxLayout(const SyntaxLayout&) = delete;
    SyntaxLayout& operator=(const SyntaxLayout&) = delete;

    // Given yaml-cpp's message and position (1-based) for a syntax error, names the likely cause and
    // its fix: text that needs quotes, or a line indented unlike its siblings. Returns nothing when
    // no cause is clear enough; a wrong hint would cost the author more than none.
    std::optional<SyntaxAdvice> Advise(int line, int col, const std::string& message) const;

    // The list entry that holds `line`, if any: where a syntax error can be stepped over. With
    // `leaf`, the entry of a hints, options or pairs list that starts on `line` (nothing else depends
    // on it); else the entry of a top-level list (a ticket, a question, an incident, a module).
    std::optional<SectionEntry> FindEntry(int line, bool leaf) const;

private:
    std::vector<SyntaxLine> m_lines;
};

} // namespace sl::yaml
