// SupportLab scenario_io: the format's key tables — the single declarative source the validator,
// the docs' key tables and the JSON Schema test all read.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sl {

enum class ValueType {
    String,         // any scalar except null
    Id,             // letters, digits, '-', '_', '.'; 1-64 characters
    Int,            // plain integer
    Number,         // plain integer or decimal
    Bool,           // true | false
    Duration,       // 90 | "90s" | "5m" | "1h30m"
    Enum,           // one of m_enum
    StringList,     // list of strings
    IdList,         // list of ids
    IdOrIdList,     // one id, or a list of ids
    IdMatrix,       // list of lists of ids
    Section,        // a mapping described by section m_section
    SectionList,    // a list of mappings described by section m_section
    SectionListMap, // a mapping from an id to a list of mappings described by section m_section
};

// "name" of a type as the docs and messages write it.
const char* ToString(ValueType type);

// A condition on a sibling key of the same mapping: holds when that key's value is one of m_values.
struct KeyCondition {
    std::string m_key; // empty: always holds
    std::vector<std::string> m_values;
    bool Empty() const { return m_key.empty(); }
};

struct KeySpec {
    std::string m_name;
    ValueType m_type = ValueType::String;
    bool m_required = false;
    KeyCondition m_requiredWhen;      // required only when this holds (m_required is false then)
    KeyCondition m_allowedWhen;       // an error to give the key unless this holds
    std::vector<std::string> m_enum;  // Enum: allowed values
    std::string m_default;            // the default as written in a file; "" when none
    std::string m_section;            // Section, SectionList, SectionListMap: the item section
    std::optional<double> m_min;      // Int, Number: inclusive bounds
    std::optional<double> m_max;
    size_t m_minItems = 0;            // lists: at least this many items
    size_t m_maxItems = 0;            // lists: at most this many (0: no limit beyond the node cap)
    std::string m_reference;          // what the value must name, e.g. "category", "role" (docs)
    std::string m_summary;            // one line for the docs
    // Part of the answer key: never in a trainee part (`trainee_part: true`, written by the server
    // for an assessment), where it is then not required either.
    bool m_answerKey = false;

    // Fluent set-up for the tables in spec.cpp.
    KeySpec& Required() { m_required = true; return *this; }
    KeySpec& AnswerKey() { m_answerKey = true; return *this; }
    KeySpec& RequiredWhen(std::string key, std::vector<std::string> values) { m_requiredWhen = {std::move(key), std::move(values)}; return *this; }
    KeySpec& AllowedWhen(std::string key, std::vector<std::string> values) { m_allowedWhen = {std::move(key), std::move(values)}; return *this; }
    KeySpec& Default(std::string value) { m_default = std::move(value); return *this; }
    KeySpec& Range(std::optional<double> min, std::optional<double> max) { m_min = min; m_max = max; return *this; }
    KeySpec& Items(size_t min, size_t max = 0) { m_minItems = min; m_maxItems = max; return *this; }
    KeySpec& Refers(std::string what) { m_reference = std::move(what); return *this; }
    KeySpec& Summary(std::string text) { m_summary = std::move(text); return *this; }
};

// One kind of mapping in the format: a file's top level, a ticket, a fact, ...
struct SectionSpec {
    std::string m_name;  // table name, e.g. "ticket", "support_model"
    std::string m_label; // how messages name it, e.g. "ticket", "support model"
    std::vector<KeySpec> m_keys;

    const KeySpec* Find(const std::string& key) const;
};

// Every section of format 1. The top-level sections are "support_model", "scenario" and "lab".
const std::vector<SectionSpec>& FormatSpec();
const SectionSpec* FindSection(const std::string& name);

// The file kinds (values of `kind`) and the top-level section each one is checked against.
struct FileKindSpec {
    std::string m_kind;    // e.g. "common_issues"
    std::string m_section; // e.g. "scenario"
};
const std::vector<FileKindSpec>& FileKinds();

inline constexpr int kFormatVersion = 1;

// Markdown tables (one per section: key, type, required, default, meaning) for the docs.
std::string FormatSpecMarkdown();

} // namespace sl
