// SupportLab scenario_io: pre-parse checks and the event-built YAML tree.
#include "scenario_io/yaml_tree.hpp"

#include "scenario_io/loader.hpp"
#include "scenario_io/syntax_advice.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <tuple>
#include <istream>
#include <streambuf>
#include <string_view>
#include <unordered_map>

namespace sl::yaml {

// [SECTION] Byte checks
// [SECTION] Tree builder
// [SECTION] Parse

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Byte checks
//-----------------------------------------------------------------------------

// 1-based line and column of byte offset `at` (columns count bytes, as compilers do).
std::pair<int, int> LineCol(const std::string& text, size_t at) {
    int line = 1;
    size_t lineStart = 0;
    for (size_t i = 0; i < at && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, static_cast<int>(at - lineStart) + 1};
}

// Offset of the first byte that is not part of well-formed UTF-8 (no overlongs, no surrogates,
// nothing above U+10FFFF), or npos.
size_t FirstInvalidUtf8(const std::string& text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) { ++i; continue; }
        size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) len = 3;
        else if (c == 0xED) { len = 3; hi = 0x9F; }
        else if (c >= 0xEE && c <= 0xEF) len = 3;
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) { len = 4; hi = 0x8F; }
        else return i;
        if (i + 1 >= n || s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k < len; ++k)
            if (i + k >= n || (s[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return std::string::npos;
}

std::string Mib(size_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

// A %YAML or %TAG directive must be followed by '---' (yaml-cpp accepts a directive alone).
void CheckDirectives(const std::string& text, const std::string& path, std::vector<Diagnostic>& diags) {
    bool sawDirective = false;
    int line = 1;
    for (size_t start = 0; start < text.size(); ++line) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view row(text.data() + start, end - start);
        start = end + 1;
        const size_t first = row.find_first_not_of(" \t\r");
        if (first == std::string_view::npos || row[first] == '#') continue;
        if (row[0] == '%') {
            sawDirective = true;
            continue;
        }
        if (sawDirective && row.substr(0, 3) != "---")
            diags.push_back({path, line, 1, DiagSeverity::Error, "a %YAML or %TAG directive must be followed by '---'"});
        return;
    }
    if (sawDirective) diags.push_back({path, line - 1, 1, DiagSeverity::Error, "a %YAML or %TAG directive must be followed by '---'"});
}

//-----------------------------------------------------------------------------
// [SECTION] Tree builder
//-----------------------------------------------------------------------------

// Thrown from the event handler to stop yaml-cpp at once when a limit is hit.
struct StopParse {
    YAML::Mark m_mark;
    std::string m_message;
};

// Thrown by GuardedInput when yaml-cpp reads too far past the last event.
struct ReadAheadLimit {};

// Counts the bytes that can become tokens (not blanks, not full-line comments) up to a position
// that only moves forward, so the guard below costs linear time in all.
class TokenBytes {
public:
    size_t CountTo(const std::string& text, size_t target) {
        for (target = std::min(target, text.size()); m_pos < target; ++m_pos) {
            const char c = text[m_pos];
            if (c == '\n') {
                m_comment = false;
                m_lineStart = true;
            } else if (m_comment || c == ' ' || c == '\t' || c == '\r') {
            } else if (m_lineStart && c == '#') {
                m_comment = true;
            } else {
                m_lineStart = false;
                ++m_count;
            }
        }
        return m_count;
    }

private:
    size_t m_pos = 0;
    size_t m_count = 0;
    bool m_lineStart = true;
    bool m_comment = false;
};

// Serves the text to yaml-cpp in chunks and refuses to run too far ahead of the parser. yaml-cpp's
// scanner keeps every token of a flow collection ([...] or {...}) queued until the collection
// closes, at ~150 bytes of memory per input byte; this bounds that queue. Blanks and comment lines
// make no tokens, so they do not count.
class GuardedInput final : public std::streambuf {
public:
    GuardedInput(const std::string& text, const size_t& lastEventPos) : m_text(text), m_lastEventPos(lastEventPos) {}

protected:
    int_type underflow() override {
        if (m_next >= m_text.size()) return traits_type::eof();
        const size_t read = m_read.CountTo(m_text, m_next);
        const size_t parsed = m_parsed.CountTo(m_text, std::min(m_lastEventPos, m_next));
        if (read > parsed + kMaxReadAhead) throw ReadAheadLimit{};
        const size_t n = std::min<size_t>(4096, m_text.size() - m_next);
        char* begin = const_cast<char*>(m_text.data()) + m_next; // read-only use: the get area is never written
        setg(begin, begin, begin + n);
        m_next += n;
        return traits_type::to_int_type(*begin);
    }

private:
    const std::string& m_text;
    const size_t& m_lastEventPos;
    size_t m_next = 0;
    TokenBytes m_read;
    TokenBytes m_parsed;
};

bool IsNullPlain(const std::string& v) { return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL"; }

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsBreak(char c) { return c == '\n' || c == '\r'; }

// Escapes YAML 1.2 allows in double-quoted strings (after the backslash); x, u and U take hex digits.
int EscapeHexDigits(char c) { return c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0; }
bool IsSimpleEscape(char c) {
    static const std::string kEscapes = "0abt\tnvfre \"/\\N_LP";
    return kEscapes.find(c) != std::string::npos;
}

class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(Document& doc, const std::string& text, const std::string& path, std::vector<Diagnostic>& diags)
        : m_doc(doc), m_text(text), m_path(path), m_diags(diags) {
        // yaml-cpp's positions do not count a UTF-8 byte-order mark.
        if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) m_bom = 3;
    }

    int Documents() const { return m_documents; }
    // Byte offset, line and column of the latest event, for the read-ahead guard and its message.
    const size_t& LastEventPos() const { return m_lastPos; }
    const YAML::Mark& LastMark() const { return m_lastMark; }

    void OnDocumentStart(const YAML::Mark& mark) override {
        Seen(mark);
        if (++m_documents > 1)
            throw StopParse{mark, "a file may hold only one YAML document; a second one starts here"};
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        CheckFlowIndent(mark);
        if (!m_stack.empty() && m_stack.back().m_flow && m_stack.back().m_node->m_kind == NodeKind::Sequence) {
            const char c = At(Offset(mark));
            if (c == ',' || c == ']') Report(mark, "empty entry in a [...] list (two commas in a row?)");
        }
        Node& n = NewNode(NodeKind::Null, mark);
        Register(anchor, n);
        Attach(n, mark);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end()) throw StopParse{mark, "alias refers to an unknown anchor"};
        const Node* target = it->second;
        for (const Open& open : m_stack)
            if (open.m_node == target) throw StopParse{mark, "alias refers to a node that contains it (recursive alias)"};
        if (static_cast<int>(m_stack.size()) + target->m_height > kMaxNestingDepth)
            throw StopParse{mark, "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels (through an alias)"};
        Count(mark, target->m_expandedNodes, target->m_expandedBytes, true);
        CheckFlowIndent(mark);
        Node& n = NewNode(NodeKind::Alias, mark);
        n.m_target = target;
        n.m_expandedNodes = target->m_expandedNodes;
        n.m_expandedBytes = target->m_expandedBytes;
        n.m_height = target->m_height;
        Attach(n, mark);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
        const bool plain = tag == "?" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
                           tag == "tag:yaml.org,2002:bool";
        const bool isNull = (tag == "?" && IsNullPlain(value)) || tag == "tag:yaml.org,2002:null";
        if (value.size() > kMaxStringBytes) {
            Report(mark, "string is " + std::to_string(value.size()) + " bytes long; the limit is " +
                             std::to_string(kMaxStringBytes));
        }
        CheckFlowIndent(mark);
        const bool block = CheckScalarSource(mark, tag == "?", value);
        Node& n = NewNode(isNull ? NodeKind::Null : NodeKind::Scalar, mark);
        if (!isNull) {
            n.m_value = value;
            // A block scalar ('|' or '>') ends with a line break (or several, with '|+'); text is
            // shown in lines of its own, so a trailing break would show as a blank line.
            if (block)
                while (!n.m_value.empty() && n.m_value.back() == '\n') n.m_value.pop_back();
            n.m_plain = plain;
            n.m_expandedBytes = value.size();
        }
        Count(mark, 0, value.size(), false);
        Register(anchor, n);
        Attach(n, mark);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value style) override {
        StartCollection(NodeKind::Sequence, mark, anchor, style == YAML::EmitterStyle::Flow);
    }
    void OnSequenceEnd() override { EndCollection(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value style) override {
        StartCollection(NodeKind::Map, mark, anchor, style == YAML::EmitterStyle::Flow);
    }
    void OnMapEnd() override { EndCollection(); }

private:
    struct Open {
        Node* m_node = nullptr;
        const Node* m_pendingKey = nullptr; // Map: the key waiting for its value
        bool m_haveKey = false;
        bool m_dropValue = false; // the pending key was bad or a duplicate: ignore its value
        bool m_flow = false;      // [...] or {...}
        int m_column = 0;         // 0-based column where it starts
        int m_line = 0;           // 0-based line where it starts
        std::unordered_map<std::string, const Node*> m_keys; // Map: first occurrence of each key
    };

    //-------------------------------------------------------------------------
    // Source checks: spec rules yaml-cpp does not enforce, checked against the text at the
    // events' positions. Each check only fires when the text at the position is what the event
    // says it is, so a position yaml-cpp reports differently cannot cause a false error.
    //-------------------------------------------------------------------------

    size_t Offset(const YAML::Mark& mark) const { return mark.pos < 0 ? std::string::npos : static_cast<size_t>(mark.pos) + m_bom; }
    char At(size_t i) const { return i < m_text.size() ? m_text[i] : '\0'; }

    // 0-based line and column of byte `target`, counting from a mark known to be at or before it.
    std::pair<int, int> LineColFrom(const YAML::Mark& mark, size_t target) const {
        int line = mark.line, col = mark.column;
        for (size_t i = Offset(mark); i < target && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                col = 0;
            } else {
                ++col;
            }
        }
        return {line, col};
    }

    void ReportAt(const YAML::Mark& from, size_t offset, std::string message) {
        const auto [line, col] = LineColFrom(from, offset);
        m_diags.push_back({m_path, line + 1, col + 1, DiagSeverity::Error, std::move(message)});
    }

    // Column of the innermost block collection: lines inside a flow collection or a quoted string
    // nested in it must be indented further. -1 at the top level.
    int BlockIndent() const {
        for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it)
            if (!it->m_flow) return it->m_column;
        return -1;
    }

    void CheckFlowIndent(const YAML::Mark& mark) {
        if (m_flowLine < 0 || mark.line <= m_flowLine || mark.column > m_flowIndent) return;
        Report(mark, "this line of a [...] or {...} collection must be indented more than its parent (column " +
                         std::to_string(m_flowIndent + 1) + ")");
    }

    // Returns whether the scalar is a block scalar ('|' or '>').
    bool CheckScalarSource(const YAML::Mark& mark, bool plain, const std::string& value) {
        size_t p = Offset(mark);
        if (p >= m_text.size()) return false;
        // The event's position is that of its anchor or tag, if any; skip them on the same line.
        while (At(p) == '&' || At(p) == '!') {
            while (p < m_text.size() && !IsBlank(m_text[p]) && !IsBreak(m_text[p])) ++p;
            while (IsBlank(At(p))) ++p;
        }
        const char c = At(p);
        if (plain) {
            if (value == "-" && c == '-' && m_flowLine >= 0) Report(mark, "'-' cannot start an entry inside [...] or {...}");
            return false;
        }
        if (c == '"' || c == '\'') ScanQuoted(mark, p);
        if (c == '|' || c == '>') {
            size_t i = p + 1;
            while (std::isdigit(static_cast<unsigned char>(At(i))) || At(i) == '+' || At(i) == '-') ++i;
            if (At(i) == '#') ReportAt(mark, i, "a comment after '|' or '>' needs a space before '#'");
            return true;
        }
        return false;
    }

    // Finds the end of a quoted string: reports an unterminated string, bad escapes, continuation
    // lines indented too little, and a comment stuck to the closing quote.
    void ScanQuoted(const YAML::Mark& mark, size_t start) {
        const char quote = m_text[start];
        const int indent = BlockIndent();
        bool reportedIndent = false;
        for (size_t i = start + 1; i < m_text.size(); ++i) {
            const char c = m_text[i];
            if (c == '\n') {
                size_t j = i + 1, spaces = 0;
                while (At(j) == ' ') { ++j; ++spaces; }
                size_t k = j;
                while (IsBlank(At(k))) ++k;
                const bool blankLine = k >= m_text.size() || IsBreak(m_text[k]);
                if (!blankLine && static_cast<int>(spaces) <= indent && !reportedIndent && j < m_text.size()) {
                    ReportAt(mark, j, "this continuation line of a quoted string must be indented more than its parent (column " +
                                          std::to_string(indent + 1) + ")");
                    reportedIndent = true;
                }
                continue;
            }
            if (quote == '\'') {
                if (c != '\'') continue;
                if (At(i + 1) == '\'') { ++i; continue; }
            } else {
                if (c == '\\') {
                    const char e = At(i + 1);
                    if (IsBreak(e)) { ++i; continue; }
                    if (const int digits = EscapeHexDigits(e)) {
                        for (int k = 0; k < digits; ++k) {
                            if (!std::isxdigit(static_cast<unsigned char>(At(i + 2 + static_cast<size_t>(k))))) {
                                ReportAt(mark, i, std::string("escape '\\") + e + "' needs " + std::to_string(digits) + " hex digits");
                                break;
                            }
                        }
                        i += 1 + static_cast<size_t>(digits);
                        continue;
                    }
                    if (!IsSimpleEscape(e)) ReportAt(mark, i, std::string("invalid escape '\\") + (e ? std::string(1, e) : std::string()) + "' in a double-quoted string");
                    ++i;
                    continue;
                }
                if (c != '"') continue;
            }
            if (At(i + 1) == '#') ReportAt(mark, i + 1, "a comment needs a space before '#'");
            return;
        }
        Report(mark, std::string("unterminated quoted string (no closing ") + quote + ")");
    }

    // A key in a block mapping whose value is empty: make sure a ':' follows it, since yaml-cpp
    // turns a stray line of text in a mapping into a key with no value.
    void CheckKeyColon(const Open& open, const Node& key, const Node& value) {
        if (open.m_flow || value.m_kind != NodeKind::Null || key.m_kind != NodeKind::Scalar || !key.m_plain) return;
        const size_t p = key.m_offset;
        if (p >= m_text.size() || m_text.compare(p, key.m_value.size(), key.m_value) != 0) return;
        size_t b = p; // "? key" (an explicit key) needs no ':'
        while (b > 0 && IsBlank(m_text[b - 1])) --b;
        if (b > 0 && m_text[b - 1] == '?') return;
        size_t i = p + key.m_value.size();
        while (i < m_text.size()) {
            if (IsBlank(m_text[i]) || IsBreak(m_text[i])) { ++i; continue; }
            if (m_text[i] == '#') {
                while (i < m_text.size() && m_text[i] != '\n') ++i;
                continue;
            }
            break;
        }
        if (At(i) != ':') m_diags.push_back({m_path, key.m_line, key.m_col, DiagSeverity::Error,
                                            "expected ':' after '" + Clip(key.m_value) + "' (a line of text where a key was expected)"});
    }

    void Seen(const YAML::Mark& mark) {
        if (mark.pos >= 0 && static_cast<size_t>(mark.pos) > m_lastPos) {
            m_lastPos = static_cast<size_t>(mark.pos);
            m_lastMark = mark;
        }
    }

    Node& NewNode(NodeKind kind, const YAML::Mark& mark) {
        Seen(mark);
        Count(mark, 1, 0, false);
        Node& n = m_doc.m_arena.emplace_back();
        n.m_offset = Offset(mark);
        n.m_kind = kind;
        n.m_line = mark.line + 1;
        n.m_col = mark.column + 1;
        return n;
    }

    // Adds to the running totals; throws once the document is too large.
    void Count(const YAML::Mark& mark, size_t nodes, size_t bytes, bool alias) {
        m_nodes += nodes;
        m_bytes += bytes;
        if (m_nodes > kMaxExpandedNodes) {
            throw StopParse{mark, alias || m_sawAlias
                                      ? "alias expansion too large: more than " + std::to_string(kMaxExpandedNodes) + " nodes"
                                      : "document too large: more than " + std::to_string(kMaxExpandedNodes) + " nodes"};
        }
        if (m_bytes > kMaxExpandedBytes)
            throw StopParse{mark, "alias expansion too large: more than " + std::to_string(kMaxExpandedBytes) + " bytes of text"};
        if (alias) m_sawAlias = true;
    }

    void Register(YAML::anchor_t anchor, const Node& n) {
        if (anchor != YAML::NullAnchor) m_anchors[anchor] = &n;
    }

    void StartCollection(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor, bool flow) {
        if (static_cast<int>(m_stack.size()) + 1 > kMaxNestingDepth)
            throw StopParse{mark, "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels"};
        CheckFlowIndent(mark);
        Node& n = NewNode(kind, mark);
        Register(anchor, n);
        Attach(n, mark);
        if (flow && m_flowLine < 0) {
            m_flowLine = mark.line;
            m_flowIndent = BlockIndent();
        }
        Open open;
        open.m_node = &n;
        open.m_flow = flow;
        open.m_column = mark.column;
        open.m_line = mark.line;
        m_stack.push_back(std::move(open));
    }

    void EndCollection() {
        Open& open = m_stack.back();
        Node& n = *open.m_node;
        size_t nodes = 1, bytes = 0;
        int height = 0;
        const auto add = [&](const Node* child) {
            nodes += child->m_expandedNodes;
            bytes += child->m_expandedBytes;
            height = std::max(height, child->m_height);
        };
        for (const Node* item : n.m_items) add(item);
        for (const auto& [k, v] : n.m_entries) {
            add(k);
            add(v);
        }
        n.m_expandedNodes = nodes;
        n.m_expandedBytes = bytes;
        n.m_height = height + 1;
        m_stack.pop_back();
        if (std::none_of(m_stack.begin(), m_stack.end(), [](const Open& o) { return o.m_flow; })) m_flowLine = -1;
    }

    void Report(const YAML::Mark& mark, std::string message) {
        m_diags.push_back({m_path, mark.line + 1, mark.column + 1, DiagSeverity::Error, std::move(message)});
    }

    void Attach(const Node& n, const YAML::Mark& mark) {
        if (m_stack.empty()) {
            m_doc.m_root = &n;
            return;
        }
        Open& open = m_stack.back();
        if (open.m_node->m_kind == NodeKind::Sequence) {
            open.m_node->m_items.push_back(&n);
            return;
        }
        if (!open.m_haveKey) {
            open.m_haveKey = true;
            open.m_pendingKey = &n;
            open.m_dropValue = false;
            const Node& key = n.Deref();
            if (key.m_kind == NodeKind::Null) {
                Report(mark, "empty mapping key");
                open.m_dropValue = true;
            } else if (key.m_kind != NodeKind::Scalar) {
                Report(mark, "mapping keys must be plain text, not a list or mapping");
                open.m_dropValue = true;
            } else {
                const auto [it, inserted] = open.m_keys.emplace(key.m_value, &n);
                if (!inserted) {
                    Report(mark, "duplicate key '" + Clip(key.m_value) + "' (first at line " + std::to_string(it->second->m_line) + ")");
                    open.m_dropValue = true;
                }
            }
            return;
        }
        open.m_haveKey = false;
        if (open.m_pendingKey->m_kind != NodeKind::Alias) CheckKeyColon(open, *open.m_pendingKey, n);
        if (!open.m_dropValue) open.m_node->m_entries.emplace_back(open.m_pendingKey, &n);
    }

    Document& m_doc;
    const std::string& m_text;
    size_t m_bom = 0;
    int m_flowLine = -1;  // 0-based line where the outermost open flow collection starts; -1: none open
    int m_flowIndent = -1; // its enclosing block collection's column
    const std::string& m_path;
    std::vector<Diagnostic>& m_diags;
    std::vector<Open> m_stack;
    std::unordered_map<YAML::anchor_t, const Node*> m_anchors;
    size_t m_nodes = 0;
    size_t m_bytes = 0;
    bool m_sawAlias = false;
    int m_documents = 0;
    size_t m_lastPos = 0;
    YAML::Mark m_lastMark = YAML::Mark();
};

// yaml-cpp's messages are terse and lower-case; keep them, but say what kind of error it is.
// yaml-cpp quotes bytes of the file in some messages (an unknown escape character), so the message
// is escaped like any other text from the file.
std::string SyntaxMessage(const std::string& msg) { return "YAML syntax error: " + Clip(msg, 200); }

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Parse
//-----------------------------------------------------------------------------

std::string FileTooLargeMessage(std::uintmax_t bytes) {
    const std::string size = Mib(static_cast<size_t>(bytes)), limit = Mib(kMaxFileBytes);
    if (size != limit) return "file is " + size + "; the limit is " + limit;
    return "file is " + std::to_string(bytes) + " bytes; the limit is " + std::to_string(kMaxFileBytes) + " bytes (" + limit + ")";
}

bool PrecheckText(const std::string& text, const std::string& path, std::vector<Diagnostic>& diags) {
    if (text.size() > kMaxFileBytes) {
        diags.push_back({path, 0, 0, DiagSeverity::Error, FileTooLargeMessage(text.size())});
        return false;
    }
    const size_t nul = text.find('\0');
    if (nul != std::string::npos) {
        const auto [line, col] = LineCol(text, nul);
        diags.push_back({path, line, col, DiagSeverity::Error,
                         "NUL byte: this is not a text file (if it is UTF-16, save it as UTF-8)"});
        return false;
    }
    const size_t bad = FirstInvalidUtf8(text);
    if (bad == std::string::npos) {
        // YAML allows no control characters but tab and line breaks (C1 controls other than NEL neither).
        for (size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            const bool c0 = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
            const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                            static_cast<unsigned char>(text[i + 1]) <= 0x9F && static_cast<unsigned char>(text[i + 1]) != 0x85;
            if (!c0 && !c1) continue;
            const auto [line, col] = LineCol(text, i);
            char code[16];
            std::snprintf(code, sizeof code, "U+%04X", c1 ? static_cast<unsigned>(static_cast<unsigned char>(text[i + 1])) : static_cast<unsigned>(c));
            diags.push_back({path, line, col, DiagSeverity::Error, std::string("control character ") + code + " is not allowed in YAML"});
            return false;
        }
    }
    if (bad != std::string::npos) {
        const auto [line, col] = LineCol(text, bad);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
        diags.push_back({path, line, col, DiagSeverity::Error,
                         std::string("invalid UTF-8 (byte ") + hex + "); save the file as UTF-8"});
        return false;
    }
    return true;
}

namespace {

// A syntax error yaml-cpp stopped at.
struct SyntaxStop {
    int m_line = 0, m_col = 0; // 1-based; 0 when yaml-cpp gave no position
    std::string m_message;     // yaml-cpp's own
};

enum class ParseOutcome { Ok, Syntax, Fatal };

// One parse of `text`. A syntax error is described in `stop`, not reported: the caller reads the
// layout once for the advice and for stepping over it.
ParseOutcome ParseOnce(const std::string& text, const std::string& path, Document& doc, std::vector<Diagnostic>& diags,
                       SyntaxStop& stop) {
    TreeBuilder builder(doc, text, path, diags);
    GuardedInput buffer(text, builder.LastEventPos());
    std::istream in(&buffer);
    try {
        YAML::Parser parser(in);
        // The second call finds a second document or trailing garbage after the first.
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const StopParse& e) {
        diags.push_back({path, e.m_mark.line + 1, e.m_mark.column + 1, DiagSeverity::Error, e.m_message});
        return ParseOutcome::Fatal;
    } catch (const ReadAheadLimit&) {
        const YAML::Mark& m = builder.LastMark();
        diags.push_back({path, m.line + 1, m.column + 1, DiagSeverity::Error,
                         "cannot parse: one YAML node after this point runs over more than " + std::to_string(kMaxReadAhead / 1024) +
                             " KiB (a very large or unclosed [...] or {...} collection, or a very long string); "
                             "write large collections in block style"});
        return ParseOutcome::Fatal;
    } catch (const YAML::Exception& e) {
        const bool known = !e.mark.is_null();
        stop = {known ? e.mark.line + 1 : 0, known ? e.mark.column + 1 : 0, e.msg};
        return ParseOutcome::Syntax;
    } catch (const std::exception& e) {
        diags.push_back({path, 0, 0, DiagSeverity::Error, "cannot parse the file: " + Clip(e.what(), 200)});
        return ParseOutcome::Fatal;
    }
    if (builder.Documents() == 0 || doc.m_root == nullptr) {
        diags.push_back({path, 0, 0, DiagSeverity::Error, "file is empty: expected a YAML mapping with 'format' and 'kind'"});
        return ParseOutcome::Fatal;
    }
    return ParseOutcome::Ok;
}

// The error for a syntax stop, at the line at fault with the advice's cause and fix when the
// layout makes them clear; says where yaml-cpp stopped when that is elsewhere.
Diagnostic SyntaxDiagnostic(const std::string& path, const SyntaxStop& stop, const std::optional<SyntaxAdvice>& advice) {
    if (!advice) return {path, stop.m_line, stop.m_col, DiagSeverity::Error, SyntaxMessage(stop.m_message)};
    std::string message = "YAML syntax error: " + advice->m_advice;
    if (advice->m_line != stop.m_line)
        message += " (the parser stopped at line " + std::to_string(stop.m_line) + ": " + Clip(stop.m_message, 200) + ")";
    else
        message += " (" + Clip(stop.m_message, 200) + ")";
    return {path, advice->m_line, advice->m_col, DiagSeverity::Error, message};
}

// Replaces lines first..last (1-based) with empty lines, keeping every other line where it was.
void BlankLines(std::string& text, int first, int last) {
    int line = 1;
    size_t i = 0;
    while (i < text.size() && line <= last) {
        const size_t end = std::min(text.find('\n', i), text.size());
        if (line >= first) {
            text.erase(i, end - i);
            i = std::min(text.find('\n', i), text.size());
        } else {
            i = end;
        }
        if (i < text.size()) ++i;
        ++line;
    }
}

// Whether `inner`'s lines all lie in `outer`'s (a ticket holding a hint skipped before it is not).
bool Within(const SkippedEntry& inner, const SkippedEntry& outer) { return outer.m_first <= inner.m_first && inner.m_last <= outer.m_last; }

} // namespace

bool ParseYaml(const std::string& text, const std::string& path, Document& doc, std::vector<Diagnostic>& diags) {
    if (!PrecheckText(text, path, diags)) return false;
    CheckDirectives(text, path, diags);
    // Each pass stops at one syntax error; the entry holding it is blanked and the rest parsed
    // again. Bounded: every pass blanks lines no earlier pass did.
    constexpr int kMaxSyntaxErrors = 20;
    std::string rest = text;
    std::vector<SkippedEntry> skipped;
    // A later pass finds again what an earlier one found before its syntax error: list it once.
    std::set<std::tuple<int, int, std::string>> listed;
    const auto addNew = [&](const std::vector<Diagnostic>& found) {
        for (const Diagnostic& d : found)
            if (listed.insert({d.m_line, d.m_col, d.m_message}).second) diags.push_back(d);
    };
    for (int pass = 0;; ++pass) {
        doc = Document{};
        std::vector<Diagnostic> found;
        SyntaxStop stop;
        const ParseOutcome outcome = ParseOnce(rest, path, doc, found, stop);
        if (outcome != ParseOutcome::Syntax) {
            addNew(found);
            if (outcome == ParseOutcome::Fatal) return false;
            doc.m_skipped = std::move(skipped);
            return true; // recoverable problems (duplicate keys, long strings) are in diags; the tree is usable
        }
        const SyntaxLayout layout(rest); // read once per pass, for the advice and for the entry to skip
        const std::optional<SyntaxAdvice> advice = layout.Advise(stop.m_line, stop.m_col, stop.m_message);
        const int faultLine = advice ? advice->m_line : stop.m_line;
        found.push_back(SyntaxDiagnostic(path, stop, advice));
        addNew(found);
        if (pass + 1 >= kMaxSyntaxErrors) return false;
        // The smallest entry that holds the fault and was not skipped before: a hint alone, else
        // its ticket or question.
        const auto pick = [&](bool leaf) -> std::optional<SkippedEntry> {
            const std::optional<SectionEntry> entry = layout.FindEntry(faultLine, leaf);
            if (!entry) return std::nullopt;
            SkippedEntry e{entry->m_first, entry->m_last, entry->m_keyLine, entry->m_listLine, entry->m_listCol, entry->m_id};
            if (stop.m_line != faultLine)
                if (const auto stopped = layout.FindEntry(stop.m_line, leaf); stopped && stopped->m_keyLine == e.m_keyLine)
                    e.m_last = std::max(e.m_last, stopped->m_last);
            for (const SkippedEntry& s : skipped)
                if (Within(e, s)) return std::nullopt; // blanks nothing new: no progress that way
            return e;
        };
        std::optional<SkippedEntry> e = pick(true);
        if (!e) e = pick(false);
        if (!e) return false; // outside any entry, or no progress: stop rather than guess
        BlankLines(rest, e->m_first, e->m_last);
        skipped.push_back(*e);
    }
}

bool ReportableAfterSkipping(const Document& doc, const Diagnostic& d) {
    for (const SkippedEntry& e : doc.m_skipped) {
        if (d.m_line >= e.m_first && d.m_line <= e.m_last) return false;
        if (d.m_line == e.m_keyLine || (d.m_line == e.m_listLine && d.m_col == e.m_listCol)) return false;
        if (!e.m_id.empty() && d.m_message.find("'" + e.m_id + "'") != std::string::npos) return false;
    }
    return d.m_severity == DiagSeverity::Error; // a warning may only say what the skipping did
}

std::string Clip(const std::string& text, size_t maxBytes) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (out.size() >= maxBytes && (c & 0xC0) != 0x80) { // cut at a UTF-8 character boundary
            out += "...";
            break;
        }
        if (c < 0x20 || c == 0x7F) { // never echo control characters (terminal escapes) into messages
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(c));
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string Describe(const Node& node) {
    const Node& n = node.Deref();
    switch (n.m_kind) {
    case NodeKind::Null: return "nothing (null)";
    case NodeKind::Sequence: return "a list";
    case NodeKind::Map: return "a mapping";
    case NodeKind::Scalar: return "'" + Clip(n.m_value) + "'";
    case NodeKind::Alias: break;
    }
    return "?";
}

} // namespace sl::yaml
