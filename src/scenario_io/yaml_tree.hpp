// SupportLab scenario_io: a positioned YAML tree built from yaml-cpp's event API, with the input
// limits (size, NUL, UTF-8, nesting, alias expansion) enforced before and while it is built.
#pragma once

#include "scenario_io/diagnostics.hpp"

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace sl::yaml {

enum class NodeKind { Null, Scalar, Sequence, Map, Alias };

// One YAML node. Aliases point at their anchored node instead of copying it, so a "billion laughs"
// file costs one node per alias; the expansion counts below bound what a walk over it can visit.
struct Node {
    NodeKind m_kind = NodeKind::Null;
    int m_line = 0; // 1-based
    int m_col = 0;  // 1-based
    size_t m_offset = 0; // byte offset in the text (for source checks)
    std::string m_value;  // Scalar
    bool m_plain = false; // Scalar: plain (unquoted, untagged), so it may be a number or boolean
    std::vector<const Node*> m_items; // Sequence
    std::vector<std::pair<const Node*, const Node*>> m_entries; // Map: key (a Scalar), value
    const Node* m_target = nullptr;   // Alias: the anchored node
    size_t m_expandedNodes = 1;       // nodes in this subtree with aliases expanded
    size_t m_expandedBytes = 0;       // scalar bytes in this subtree with aliases expanded
    int m_height = 0;                 // nesting levels of collections in this subtree

    // The node itself, or what an alias refers to.
    const Node& Deref() const { return m_kind == NodeKind::Alias ? *m_target : *this; }
};

// A list entry left out of the tree because it holds a syntax error (see ParseYaml).
struct SkippedEntry {
    int m_first = 0, m_last = 0;       // lines, 1-based, inclusive
    int m_keyLine = 0;                 // the line of the list's key
    int m_listLine = 0, m_listCol = 0; // where the list's value starts: problems of the whole list are put there
    std::string m_id;                  // the entry's id, or ""
};

struct Document {
    std::deque<Node> m_arena; // stable addresses
    const Node* m_root = nullptr;
    // Entries stepped over after syntax errors. When not empty, the tree is the rest of the file,
    // built so that its other problems can be listed; the file itself is not valid.
    std::vector<SkippedEntry> m_skipped;
};

// Whether a problem found in the rest of a file may be reported next to its syntax errors: not
// inside a skipped entry, not at a skipped entry's list (its key or value: the list may now look
// empty or short), and not naming a skipped entry's id (a reference to it is not missing).
bool ReportableAfterSkipping(const Document& doc, const Diagnostic& d);

// Byte-level checks done before parsing: size cap, NUL bytes, UTF-8. Returns false (with one
// diagnostic) when the text must not be parsed.
bool PrecheckText(const std::string& text, const std::string& path, std::vector<Diagnostic>& diags);

// "file is 5.0 MiB; the limit is 4.0 MiB", in bytes when both sizes would read the same.
std::string FileTooLargeMessage(std::uintmax_t bytes);

// Parses exactly one YAML document into `doc`. Every problem is appended to `diags`; returns false
// when there is no usable tree (limit exceeded, empty file, several documents, a syntax error
// outside any top-level list entry). A syntax error inside a top-level list entry (a ticket, a
// question, ...) is reported, the entry is blanked out and parsing starts again, so that the syntax
// errors in other entries are listed too; the tree is then that of the rest (doc.m_skipped).
bool ParseYaml(const std::string& text, const std::string& path, Document& doc, std::vector<Diagnostic>& diags);

// Text from the file for a message: cut to about maxBytes bytes (at a UTF-8 boundary) with "...",
// control characters written as \xNN.
std::string Clip(const std::string& text, size_t maxBytes = 40);

// "a mapping", "a list", "null", "'text'" — for type-mismatch messages.
std::string Describe(const Node& node);

} // namespace sl::yaml
