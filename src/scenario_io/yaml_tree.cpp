// SupportLab scenario_io: pre-parse checks and the event-built YAML tree.
#include "scenario_io/yaml_tree.hpp"

#include "scenario_io/loader.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
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

//-----------------------------------------------------------------------------
// [SECTION] Tree builder
//-----------------------------------------------------------------------------

// Thrown from the event handler to stop yaml-cpp at once when a limit is hit.
struct StopParse {
    YAML::Mark m_mark;
    std::string m_message;
};

bool IsNullPlain(const std::string& v) { return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL"; }

class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(Document& doc, const std::string& path, std::vector<Diagnostic>& diags)
        : m_doc(doc), m_path(path), m_diags(diags) {}

    int Documents() const { return m_documents; }

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++m_documents > 1)
            throw StopParse{mark, "a file may hold only one YAML document; a second one starts here"};
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
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
        Node& n = NewNode(isNull ? NodeKind::Null : NodeKind::Scalar, mark);
        if (!isNull) {
            n.m_value = value;
            n.m_plain = plain;
            n.m_expandedBytes = value.size();
        }
        Count(mark, 0, value.size(), false);
        Register(anchor, n);
        Attach(n, mark);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        StartCollection(NodeKind::Sequence, mark, anchor);
    }
    void OnSequenceEnd() override { EndCollection(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        StartCollection(NodeKind::Map, mark, anchor);
    }
    void OnMapEnd() override { EndCollection(); }

private:
    struct Open {
        Node* m_node = nullptr;
        const Node* m_pendingKey = nullptr; // Map: the key waiting for its value
        bool m_haveKey = false;
        bool m_dropValue = false; // the pending key was bad or a duplicate: ignore its value
        std::unordered_map<std::string, const Node*> m_keys; // Map: first occurrence of each key
    };

    Node& NewNode(NodeKind kind, const YAML::Mark& mark) {
        Count(mark, 1, 0, false);
        Node& n = m_doc.m_arena.emplace_back();
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

    void StartCollection(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (static_cast<int>(m_stack.size()) + 1 > kMaxNestingDepth)
            throw StopParse{mark, "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels"};
        Node& n = NewNode(kind, mark);
        Register(anchor, n);
        Attach(n, mark);
        m_stack.push_back(Open{&n, nullptr, false, false, {}});
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
                    Report(mark, "duplicate key '" + key.m_value + "' (first at line " + std::to_string(it->second->m_line) + ")");
                    open.m_dropValue = true;
                }
            }
            return;
        }
        open.m_haveKey = false;
        if (!open.m_dropValue) open.m_node->m_entries.emplace_back(open.m_pendingKey, &n);
    }

    Document& m_doc;
    const std::string& m_path;
    std::vector<Diagnostic>& m_diags;
    std::vector<Open> m_stack;
    std::unordered_map<YAML::anchor_t, const Node*> m_anchors;
    size_t m_nodes = 0;
    size_t m_bytes = 0;
    bool m_sawAlias = false;
    int m_documents = 0;
};

// yaml-cpp's messages are terse and lower-case; keep them, but say what kind of error it is.
std::string SyntaxMessage(const std::string& msg) { return "YAML syntax error: " + msg; }

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Parse
//-----------------------------------------------------------------------------

bool PrecheckText(const std::string& text, const std::string& path, std::vector<Diagnostic>& diags) {
    if (text.size() > kMaxFileBytes) {
        diags.push_back({path, 0, 0, DiagSeverity::Error,
                         "file is " + Mib(text.size()) + "; the limit is " + Mib(kMaxFileBytes)});
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

bool ParseYaml(const std::string& text, const std::string& path, Document& doc, std::vector<Diagnostic>& diags) {
    if (!PrecheckText(text, path, diags)) return false;
    std::istringstream in(text);
    TreeBuilder builder(doc, path, diags);
    try {
        YAML::Parser parser(in);
        // The second call finds a second document or trailing garbage after the first.
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const StopParse& stop) {
        diags.push_back({path, stop.m_mark.line + 1, stop.m_mark.column + 1, DiagSeverity::Error, stop.m_message});
        return false;
    } catch (const YAML::Exception& e) {
        const bool known = !e.mark.is_null();
        diags.push_back({path, known ? e.mark.line + 1 : 0, known ? e.mark.column + 1 : 0, DiagSeverity::Error,
                         SyntaxMessage(e.msg)});
        return false;
    } catch (const std::exception& e) {
        diags.push_back({path, 0, 0, DiagSeverity::Error, std::string("cannot parse the file: ") + e.what()});
        return false;
    }
    if (builder.Documents() == 0 || doc.m_root == nullptr) {
        diags.push_back({path, 0, 0, DiagSeverity::Error, "file is empty: expected a YAML mapping with 'format' and 'kind'"});
        return false;
    }
    return true; // recoverable problems (duplicate keys, long strings) are in diags; the tree is usable
}

std::string Describe(const Node& node) {
    const Node& n = node.Deref();
    switch (n.m_kind) {
    case NodeKind::Null: return "nothing (null)";
    case NodeKind::Sequence: return "a list";
    case NodeKind::Map: return "a mapping";
    case NodeKind::Scalar: {
        if (n.m_value.size() <= 40) return "'" + n.m_value + "'";
        size_t cut = 40; // back off to a UTF-8 character boundary
        while (cut > 0 && (static_cast<unsigned char>(n.m_value[cut]) & 0xC0) == 0x80) --cut;
        const std::string v = n.m_value.substr(0, cut) + "...";
        return "'" + v + "'";
    }
    case NodeKind::Alias: break;
    }
    return "?";
}

} // namespace sl::yaml
