// SupportLab scenario_io: advice for YAML syntax errors (the cause, the fix, the line at fault).
#include "scenario_io/syntax_advice.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <string_view>
#include <vector>

namespace sl::yaml {

// [SECTION] Lines
// [SECTION] Quoting
// [SECTION] Indentation
// [SECTION] Advice

// One line of the file as block structure sees it. yaml-cpp reports where it gave up, which after
// an indentation slip is often the line below the slip; the layout of the lines tells them apart.
struct SyntaxLine {
    int m_indent = 0;           // spaces before the first character
    bool m_significant = false; // holds structure: not blank, a comment or block-scalar text
    bool m_dash = false;        // a block sequence entry ("- ...")
    int m_keyCol = 0;           // 0-based column of the content after "- " (or of the line)
    bool m_key = false;         // "key:" or "key: value"
    bool m_opens = false;       // nothing after the key's colon or the "-": a nested block may follow
    bool m_flow = false;        // the value starts a flow collection ({...} or [...])
    std::string m_content;      // from m_keyCol on
};

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Lines
//-----------------------------------------------------------------------------

using Line = SyntaxLine;

std::string_view StripComment(std::string_view v) {
    // A '#' after a space starts a comment (ignoring quotes is good enough for advice).
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i] == '#' && (i == 0 || v[i - 1] == ' ')) return v.substr(0, i);
    return v;
}

std::string_view Trim(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
    return v;
}

// The value after "key:" in `c`, or nothing when `c` is not a key.
std::optional<std::string_view> ValueAfterKey(std::string_view c) {
    size_t i = 0;
    if (c.empty()) return std::nullopt;
    if (c[0] == '"' || c[0] == '\'') {
        const size_t close = c.find(c[0], 1);
        if (close == std::string_view::npos) return std::nullopt;
        i = close + 1;
        if (i < c.size() && c[i] == ':' && (i + 1 == c.size() || c[i + 1] == ' ')) return c.substr(i + 1);
        return std::nullopt;
    }
    if (c[0] == '{' || c[0] == '[' || c[0] == '#') return std::nullopt;
    for (; i < c.size(); ++i) {
        if (c[i] == '#' && i > 0 && c[i - 1] == ' ') return std::nullopt;
        if (c[i] == ':' && (i + 1 == c.size() || c[i + 1] == ' ')) return c.substr(i + 1);
    }
    return std::nullopt;
}

bool StartsBlockScalar(std::string_view value) {
    value = Trim(StripComment(value));
    if (value.empty() || (value[0] != '|' && value[0] != '>')) return false;
    for (size_t i = 1; i < value.size(); ++i)
        if (!(std::isdigit(static_cast<unsigned char>(value[i])) || value[i] == '+' || value[i] == '-')) return false;
    return true;
}

std::vector<Line> SplitLines(const std::string& text) {
    std::vector<Line> lines;
    int blockParent = -1; // while >= 0, lines indented deeper are block-scalar text
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view raw(text.data() + start, end - start);
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        Line l;
        while (static_cast<size_t>(l.m_indent) < raw.size() && raw[static_cast<size_t>(l.m_indent)] == ' ') ++l.m_indent;
        const std::string_view rest = raw.substr(static_cast<size_t>(l.m_indent));
        const bool blank = Trim(rest).empty();
        if (blockParent >= 0 && (blank || l.m_indent > blockParent)) {
            lines.push_back(l); // block-scalar text
        } else if (blank || rest[0] == '#') {
            blockParent = -1;
            lines.push_back(l);
        } else {
            blockParent = -1;
            l.m_significant = true;
            l.m_keyCol = l.m_indent;
            std::string_view c = rest;
            if (c == "-" || (c.size() >= 2 && c[0] == '-' && c[1] == ' ')) {
                l.m_dash = true;
                size_t skip = 1;
                while (skip < c.size() && c[skip] == ' ') ++skip;
                l.m_keyCol = l.m_indent + static_cast<int>(skip);
                c = c.substr(skip);
                if (Trim(StripComment(c)).empty()) l.m_opens = true;
            }
            l.m_content = std::string(c);
            if (const auto value = ValueAfterKey(c)) {
                l.m_key = true;
                const std::string_view v = Trim(StripComment(*value));
                l.m_opens = v.empty();
                l.m_flow = !v.empty() && (v[0] == '{' || v[0] == '[');
                if (StartsBlockScalar(*value)) blockParent = l.m_dash ? l.m_indent : l.m_keyCol;
            } else if (!c.empty() && (c[0] == '{' || c[0] == '[')) {
                l.m_flow = true;
            } else if (l.m_dash && StartsBlockScalar(c)) {
                blockParent = l.m_indent;
            }
            lines.push_back(l);
        }
        if (end == text.size()) break;
        start = end + 1;
    }
    return lines;
}

// The significant line before `index` (0-based), or -1.
int Previous(const std::vector<Line>& lines, int index) {
    for (int i = index - 1; i >= 0; --i)
        if (lines[static_cast<size_t>(i)].m_significant) return i;
    return -1;
}

// The significant line after `index` (0-based), or -1.
int Next(const std::vector<Line>& lines, int index) {
    for (size_t i = static_cast<size_t>(index) + 1; i < lines.size(); ++i)
        if (lines[i].m_significant) return static_cast<int>(i);
    return -1;
}

//-----------------------------------------------------------------------------
// [SECTION] Quoting
//-----------------------------------------------------------------------------

// yaml-cpp's messages when text inside {...} or [...] breaks the collection.
bool IsFlowMessage(const std::string& m) {
    return m == "unknown token" || m == "end of map flow not found" || m == "end of sequence flow not found" ||
           m == "illegal map value" || m == "illegal flow end" || m == "end of map not found" ||
           m == "end of sequence not found";
}

// Whether a flow collection is open on `line` before 0-based column `col`.
bool InsideFlow(std::string_view line, size_t col) {
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < line.size() && i < col; ++i) {
        const char c = line[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if ((c == '"' || c == '\'') && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '{' || line[i - 1] == '[' || line[i - 1] == ',')) quote = c;
        else if (c == '{' || c == '[') ++depth;
        else if (c == '}' || c == ']') --depth;
        else if (c == '#' && i > 0 && line[i - 1] == ' ') break;
    }
    return depth > 0;
}

//-----------------------------------------------------------------------------
// [SECTION] Indentation
//-----------------------------------------------------------------------------

bool IsIndentMessage(const std::string& m) {
    return m == "illegal map value" || m == "end of map not found" || m == "end of sequence not found" ||
           m == "block sequence entries are not allowed in this context";
}

std::string Spaces(int n) { return std::to_string(n) + (n == 1 ? " space" : " spaces"); }

// Columns where a line after `prev` may start, as a sibling of `prev` or of one of its ancestors.
std::set<int> OpenLevels(const std::vector<Line>& lines, int prev, bool forDash) {
    std::set<int> keys, entries; // where a key may start; where a list entry may start
    const Line& p = lines[static_cast<size_t>(prev)];
    if (p.m_key) keys.insert(p.m_keyCol); // an entry "- {...}" or "- text" takes no more keys
    if (p.m_dash) entries.insert(p.m_indent); // the next entry of the same list
    int cur = p.m_indent;
    bool fromDash = p.m_dash;
    for (int i = prev - 1; i >= 0 && cur > 0; --i) {
        const Line& x = lines[static_cast<size_t>(i)];
        if (!x.m_significant) continue;
        // A list may start at its key's own column ("key:\n- item"): that key is the list's parent.
        if (x.m_indent < cur || (fromDash && !x.m_dash && x.m_indent == cur)) {
            keys.insert(x.m_keyCol);
            if (x.m_dash) entries.insert(x.m_indent);
            // A list written at its key's column ("key:\n- item"), where the file does so.
            const int next = Next(lines, i);
            if (x.m_opens && next >= 0 && lines[static_cast<size_t>(next)].m_dash && lines[static_cast<size_t>(next)].m_indent == x.m_keyCol)
                entries.insert(x.m_keyCol);
            cur = x.m_indent;
            fromDash = x.m_dash;
        }
    }
    keys.insert(0);
    return forDash ? entries : keys;
}

// Whether another list entry of the file starts at column `col`.
bool OtherEntryAt(const std::vector<Line>& lines, int except, int col) {
    for (size_t i = 0; i < lines.size(); ++i)
        if (static_cast<int>(i) != except && lines[i].m_significant && lines[i].m_dash && lines[i].m_indent == col) return true;
    return false;
}

std::optional<SyntaxAdvice> AdviseIndentation(const std::vector<Line>& lines, int at, const std::string& message) {
    if (!IsIndentMessage(message)) return std::nullopt;
    if (at < 0 || static_cast<size_t>(at) >= lines.size() || !lines[static_cast<size_t>(at)].m_significant) return std::nullopt;
    const Line& l = lines[static_cast<size_t>(at)];
    const int prev = Previous(lines, at);
    if (prev < 0) return std::nullopt;
    const Line& p = lines[static_cast<size_t>(prev)];

    // The entry above is the slip: no other entry starts at its column, and this line sits where
    // the entry's content would be had it been written like its siblings.
    if (p.m_dash && !l.m_dash && !OtherEntryAt(lines, prev, p.m_indent)) {
        const int want = l.m_indent - (p.m_keyCol - p.m_indent);
        if (want >= 0 && want != p.m_indent && OtherEntryAt(lines, prev, want))
            return SyntaxAdvice{prev + 1, p.m_indent + 1,
                                "this list entry is indented " + Spaces(p.m_indent) + "; its siblings are at " + std::to_string(want)};
    }
    // Nested under a line that already has a value.
    if (l.m_indent > p.m_keyCol && !p.m_opens && !p.m_flow && (p.m_key || p.m_dash))
        return SyntaxAdvice{at + 1, l.m_indent + 1,
                            "this line is indented " + Spaces(l.m_indent) + "; its siblings are at " + std::to_string(p.m_keyCol) +
                                " (the line above has a value, so nothing can be nested under it)"};
    // Lined up with nothing above it.
    if (p.m_opens && l.m_indent > p.m_keyCol) return std::nullopt; // a new nested block: not an indentation slip
    const std::set<int> levels = OpenLevels(lines, prev, l.m_dash);
    if (levels.count(l.m_indent)) return std::nullopt;
    // A key at or just after the "-" of the entry above belongs in that entry.
    if (!l.m_dash && p.m_dash && p.m_key && l.m_indent >= p.m_indent && l.m_indent < p.m_keyCol)
        return SyntaxAdvice{at + 1, l.m_indent + 1,
                            "this line is indented " + Spaces(l.m_indent) + "; its siblings are at " + std::to_string(p.m_keyCol)};
    // The nearest column above it and below it; when both are as near, name both.
    int below = -1, above = -1;
    for (const int v : levels) {
        if (v < l.m_indent) below = v;
        else if (above < 0) above = v;
    }
    std::string where;
    if (below >= 0 && above >= 0 && l.m_indent - below == above - l.m_indent)
        where = "the blocks around it start at " + std::to_string(below) + " and at " + std::to_string(above);
    else if (below >= 0 && (above < 0 || l.m_indent - below < above - l.m_indent))
        where = "its siblings are at " + std::to_string(below);
    else
        where = "its siblings are at " + std::to_string(above);
    return SyntaxAdvice{at + 1, l.m_indent + 1, "this line is indented " + Spaces(l.m_indent) + "; " + where};
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Advice
//-----------------------------------------------------------------------------

SyntaxLayout::SyntaxLayout(const std::string& text) : m_lines(SplitLines(text)) {}

SyntaxLayout::~SyntaxLayout() = default;

std::optional<SyntaxAdvice> SyntaxLayout::Advise(int line, int col, const std::string& message) const {
    if (line <= 0) return std::nullopt;
    const std::vector<Line>& lines = m_lines;
    const int at = line - 1;
    if (static_cast<size_t>(at) >= lines.size()) return std::nullopt;
    const Line& l = lines[static_cast<size_t>(at)];
    const size_t errCol = col > 0 ? static_cast<size_t>(col - 1) : 0;
    const std::string full = std::string(static_cast<size_t>(l.m_keyCol), ' ') + l.m_content;

    if (l.m_significant && IsFlowMessage(message) && InsideFlow(full, std::min(errCol, full.size()))) {
        return SyntaxAdvice{line, col, "inside {...} or [...], quote text that contains '?', ',', ': ' or '#' "
                                       "(for example { text: \"Who does the user call first?\", cost: 1 })"};
    }
    if (l.m_significant && message == "illegal map value" && l.m_key && !l.m_flow) {
        // "key: text: more": the second ': ' is inside the value.
        const auto value = ValueAfterKey(l.m_content);
        const size_t valueCol = static_cast<size_t>(l.m_keyCol) + (l.m_content.size() - value->size());
        if (errCol >= valueCol)
            return SyntaxAdvice{line, col, "quote text that contains ': ' (for example explanation: \"Note: read this first\")"};
    }
    return AdviseIndentation(lines, at, message);
}

namespace {

// The entry of a list starting at `begin` (its "-" line) under the key at `key`: its lines, up to
// the next entry or the first line out of the list, and its id.
SectionEntry EntryAt(const std::vector<Line>& lines, int begin, int key, int at) {
    const int col = lines[static_cast<size_t>(begin)].m_indent;
    int end = begin;
    for (size_t i = static_cast<size_t>(begin) + 1; i < lines.size(); ++i) {
        const Line& x = lines[i];
        // The next entry, or a line out of the list; a line at the entries' column before the
        // error line may be the slip itself, so it stays in.
        if (x.m_significant && ((x.m_dash && x.m_indent == col) || x.m_indent < col || (static_cast<int>(i) > at && x.m_indent <= col))) break;
        end = static_cast<int>(i);
    }
    SectionEntry entry{begin + 1, end + 1, key + 1, 0, 0, ""};
    if (const int first = Next(lines, key); first >= 0) {
        entry.m_listLine = first + 1;
        entry.m_listCol = lines[static_cast<size_t>(first)].m_indent + 1;
    }
    const auto unquote = [](std::string id) {
        if (id.size() >= 2 && (id[0] == '"' || id[0] == '\'')) id = id.substr(1, id.size() - 2);
        return id;
    };
    const std::string& head = lines[static_cast<size_t>(begin)].m_content;
    if (!head.empty() && head[0] == '{') { // "- { id: x, ... }"
        const size_t at = head.find("id:");
        if (at != std::string::npos && (head[at - 1] == '{' || head[at - 1] == ' ' || head[at - 1] == ',')) {
            const size_t from = at + 3, to = head.find_first_of(",}", from);
            entry.m_id = unquote(std::string(Trim(std::string_view(head).substr(from, to == std::string::npos ? std::string::npos : to - from))));
        }
        return entry;
    }
    for (int i = begin; i <= end; ++i) {
        const Line& x = lines[static_cast<size_t>(i)];
        if (!x.m_significant || !x.m_key || x.m_keyCol != lines[static_cast<size_t>(begin)].m_keyCol) continue;
        if (x.m_content.rfind("id:", 0) == 0) {
            entry.m_id = unquote(std::string(Trim(StripComment(std::string_view(x.m_content).substr(3)))));
            break;
        }
    }
    return entry;
}

std::optional<SectionEntry> TopLevelEntry(const std::vector<Line>& lines, int at) {
    // The top-level key above the line, and the column its list entries start at.
    int key = -1;
    for (int i = at; i >= 0; --i)
        if (lines[static_cast<size_t>(i)].m_significant && lines[static_cast<size_t>(i)].m_indent == 0) {
            key = i;
            break;
        }
    if (key < 0 || key == at || !lines[static_cast<size_t>(key)].m_key || !lines[static_cast<size_t>(key)].m_opens) return std::nullopt;
    const int firstEntry = Next(lines, key);
    if (firstEntry < 0 || !lines[static_cast<size_t>(firstEntry)].m_dash) return std::nullopt;
    const int col = lines[static_cast<size_t>(firstEntry)].m_indent;
    for (int i = at; i > key; --i) {
        const Line& x = lines[static_cast<size_t>(i)];
        if (x.m_significant && x.m_dash && x.m_indent == col) return EntryAt(lines, i, key, at);
    }
    return std::nullopt;
}

// Lists whose entries nothing else depends on: leaving one out changes no other finding (a hint
// is named by nothing; an option or pair only by ids that are reported missing, and those are not
// listed). A fact, step or outcome changes what can be reached, so its ticket is skipped whole.
bool IsLeafList(const Line& key) {
    return key.m_content.rfind("hints:", 0) == 0 || key.m_content.rfind("options:", 0) == 0 ||
           key.m_content.rfind("pairs:", 0) == 0;
}

std::optional<SectionEntry> LeafEntry(const std::vector<Line>& lines, int at) {
    const Line& l = lines[static_cast<size_t>(at)];
    if (!l.m_significant || !l.m_dash) return std::nullopt; // an entry written on one line, as hints are
    int key = -1;
    for (int i = at - 1; i >= 0; --i) {
        const Line& x = lines[static_cast<size_t>(i)];
        if (!x.m_significant) continue;
        if (x.m_indent < l.m_indent || (!x.m_dash && x.m_indent == l.m_indent)) {
            key = i;
            break;
        }
    }
    if (key < 0 || lines[static_cast<size_t>(key)].m_indent == 0 || !lines[static_cast<size_t>(key)].m_key ||
        !IsLeafList(lines[static_cast<size_t>(key)]))
        return std::nullopt;
    return EntryAt(lines, at, key, at);
}

} // namespace

std::optional<SectionEntry> SyntaxLayout::FindEntry(int line, bool leaf) const {
    const int at = line - 1;
    if (at < 0 || static_cast<size_t>(at) >= m_lines.size()) return std::nullopt;
    return leaf ? LeafEntry(m_lines, at) : TopLevelEntry(m_lines, at);
}

} // namespace sl::yaml
