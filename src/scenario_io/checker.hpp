// SupportLab scenario_io: table-driven checking of YAML mappings against the format's key tables.
#pragma once

#include "core/model.hpp"
#include "scenario_io/diagnostics.hpp"
#include "scenario_io/spec.hpp"
#include "scenario_io/yaml_tree.hpp"

#include <map>
#include <set>
#include <unordered_set>
#include <string>
#include <vector>

namespace sl::detail {

// Problems kept per file; a hostile file could otherwise produce one per node.
inline constexpr size_t kMaxDiagnostics = 1000;

// A scalar value with where it was written.
struct Text {
    std::string m_value;
    int m_line = 0;
    int m_col = 0;
};

// The checked view of one mapping: only values that passed their type checks are kept, so the
// builders never see a wrong type and never repeat an error already reported.
class Fields {
public:
    const SectionSpec* m_spec = nullptr;
    const yaml::Node* m_node = nullptr; // the mapping (may be null: an absent optional section)
    std::set<std::string> m_present;    // keys written in the file, valid or not
    std::map<std::string, const yaml::Node*> m_values; // well-typed scalar and list values
    std::map<std::string, Fields> m_sections;          // Section keys
    std::map<std::string, std::vector<Fields>> m_lists; // SectionList keys
    std::map<std::string, std::vector<std::pair<Text, std::vector<Fields>>>> m_listMaps; // SectionListMap keys

    bool Present(const std::string& key) const { return m_present.count(key) > 0; }
    bool Valid(const std::string& key) const;
    int Line() const { return m_node ? m_node->m_line : 0; }
    int Col() const { return m_node ? m_node->m_col : 0; }
    // Position of a key's value, or of the mapping when the key is absent.
    Text At(const std::string& key) const;

    // Values, or the table's default when absent or invalid.
    std::string Str(const std::string& key) const;
    Text StrAt(const std::string& key) const;
    long long Int(const std::string& key) const;
    double Number(const std::string& key) const;
    bool Bool(const std::string& key) const;
    SimTime Duration(const std::string& key) const;
    std::vector<Text> List(const std::string& key) const; // StringList, IdList, IdOrIdList (one id: a list of one)
    std::vector<std::string> Strings(const std::string& key) const;
    std::vector<std::vector<Text>> Matrix(const std::string& key) const;
    const Fields* Section(const std::string& key) const;    // null when absent or invalid
    const std::vector<Fields>& SectionList(const std::string& key) const;
    const std::vector<std::pair<Text, std::vector<Fields>>>& SectionListMap(const std::string& key) const;
};

// Names with fast look-up, for reference checks ("unknown category 'x'").
class NameSet {
public:
    NameSet() = default;
    explicit NameSet(const std::vector<std::string>& names) {
        for (const std::string& n : names) Add(n);
    }
    void Add(const std::string& name) {
        if (m_set.insert(name).second) m_list.push_back(name);
    }
    bool Has(const std::string& name) const { return m_set.count(name) > 0; }
    const std::vector<std::string>& List() const { return m_list; }

private:
    std::vector<std::string> m_list; // first-seen order, for messages
    std::unordered_set<std::string> m_set;
};

// Edit distance (with transpositions) for "did you mean" suggestions.
int EditDistance(const std::string& a, const std::string& b);
// " (did you mean 'x'?)" when a candidate is close enough, else "".
std::string Suggest(const std::string& word, const std::vector<std::string>& candidates);

bool IsValidId(const std::string& id);

class Checker {
public:
    Checker(std::string path, std::vector<Diagnostic>& diags)
        : m_path(std::move(path)), m_diags(diags), m_start(diags.size()) {}

    const std::string& Path() const { return m_path; }
    void Error(int line, int col, std::string message);
    void Error(const Text& at, std::string message) { Error(at.m_line, at.m_col, std::move(message)); }
    void Warn(int line, int col, std::string message);
    void Warn(const Text& at, std::string message) { Warn(at.m_line, at.m_col, std::move(message)); }
    // True once this file has kMaxDiagnostics problems: later ones are counted, not kept.
    bool Saturated() const { return m_diags.size() - m_start >= kMaxDiagnostics; }
    // Adds the "N more problems not shown" line when problems were dropped.
    void Finish();
    // Suggest() with a budget: a hostile file with thousands of bad references against thousands
    // of names would otherwise cost quadratic time in edit distances.
    std::string Suggestion(const std::string& word, const std::vector<std::string>& candidates);

    // Checks `node` against `spec`: unknown keys, missing and misplaced keys, types, enumerations,
    // ranges and list sizes, recursing into nested sections. Reports every problem.
    Fields CheckSection(const yaml::Node& node, const SectionSpec& spec);
    // A trainee part (`trainee_part: true`): answer-key keys are refused, and not required.
    void SetTraineePart(bool on) { m_traineePart = on; }
    bool TraineePart() const { return m_traineePart; }

private:
    bool CheckValue(const yaml::Node& value, const KeySpec& key, const SectionSpec& spec, Fields& out);
    bool CheckScalar(const yaml::Node& value, ValueType type, const KeySpec& key, const std::string& what);
    void CheckSectionList(const yaml::Node& value, const KeySpec& key, std::vector<Fields>& out);

    std::string m_path;
    std::vector<Diagnostic>& m_diags;
    size_t m_start = 0;
    size_t m_dropped = 0;
    int m_suggestions = 0;
    bool m_traineePart = false;
};

// Scalar parsing shared with the builders (values already checked).
bool ParseIntText(const std::string& text, long long& out);
bool ParseNumberText(const std::string& text, double& out);
bool ParseBoolText(const std::string& text, bool& out);

} // namespace sl::detail
