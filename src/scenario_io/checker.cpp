// SupportLab scenario_io: the table-driven mapping checker and the checked Fields view.
#include "scenario_io/checker.hpp"

#include "scenario_io/loader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace sl::detail {

// [SECTION] Scalars and suggestions
// [SECTION] Fields
// [SECTION] Checker

using yaml::Node;
using yaml::NodeKind;

//-----------------------------------------------------------------------------
// [SECTION] Scalars and suggestions
//-----------------------------------------------------------------------------

bool ParseIntText(const std::string& text, long long& out) {
    if (text.empty()) return false;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (*begin == '+') ++begin;
    if (begin == end) return false;
    const auto [ptr, ec] = std::from_chars(begin, end, out);
    return ec == std::errc() && ptr == end;
}

bool ParseNumberText(const std::string& text, double& out) {
    if (text.empty()) return false;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (*begin == '+') ++begin;
    if (begin == end) return false;
    // from_chars also takes "inf" and "nan"; YAML numbers here are digits only.
    for (const char* p = begin; p != end; ++p)
        if (!(std::isdigit(static_cast<unsigned char>(*p)) || *p == '.' || *p == 'e' || *p == 'E' || *p == '-' || *p == '+')) return false;
    const auto [ptr, ec] = std::from_chars(begin, end, out, std::chars_format::general);
    return ec == std::errc() && ptr == end && std::isfinite(out);
}

bool ParseBoolText(const std::string& text, bool& out) {
    if (text == "true" || text == "True" || text == "TRUE") { out = true; return true; }
    if (text == "false" || text == "False" || text == "FALSE") { out = false; return true; }
    return false;
}

bool IsValidId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    return true;
}

int EditDistance(const std::string& a, const std::string& b) {
    // Optimal string alignment distance over three rows; inputs are short keys and ids.
    if (a.size() > 256 || b.size() > 256) return 1 << 20;
    const size_t n = a.size(), m = b.size();
    std::vector<int> prev2(m + 1, 0), prev(m + 1, 0), cur(m + 1, 0);
    for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
    const auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
    for (size_t i = 1; i <= n; ++i) {
        cur[0] = static_cast<int>(i);
        for (size_t j = 1; j <= m; ++j) {
            const int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

std::string Suggest(const std::string& word, const std::vector<std::string>& candidates) {
    if (word.size() > 64) return "";
    const int limit = word.size() <= 3 ? 1 : word.size() <= 6 ? 2 : 3;
    int best = limit + 1;
    const std::string* pick = nullptr;
    for (const std::string& c : candidates) {
        const size_t diff = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
        if (diff > static_cast<size_t>(limit)) continue;
        const int d = EditDistance(word, c);
        if (d < best && static_cast<size_t>(d) < word.size()) { // a one-letter id suggests nothing useful
            best = d;
            pick = &c;
        }
    }
    return pick ? " (did you mean '" + *pick + "'?)" : "";
}

namespace {

std::string JoinComma(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
}

std::string NumberText(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// What a value of this type must be, for messages.
std::string Expected(ValueType type) {
    switch (type) {
    case ValueType::String: return "text";
    case ValueType::Id: return "an id (1-64 letters, digits, '-', '_' or '.')";
    case ValueType::Int: return "an integer";
    case ValueType::Number: return "a number";
    case ValueType::Bool: return "true or false";
    case ValueType::Duration: return "a duration such as 90s, 5m or 1h30m";
    case ValueType::Enum: return "one of the allowed values";
    case ValueType::StringList: return "a list of text items";
    case ValueType::IdList: return "a list of ids";
    case ValueType::IdOrIdList: return "an id or a list of ids";
    case ValueType::IdMatrix: return "a list of lists of ids";
    case ValueType::Section: return "a mapping";
    case ValueType::SectionList: return "a list of mappings";
    case ValueType::SectionListMap: return "a mapping of names to lists";
    }
    return "?";
}

Text TextOf(const Node& n) { return {n.Deref().m_value, n.m_line, n.m_col}; }

// The value a sibling key has (or its default), for conditions; nullopt when it cannot be told.
std::optional<std::string> SiblingValue(const Node& map, const SectionSpec& spec, const std::string& key) {
    const KeySpec* ks = spec.Find(key);
    for (const auto& [k, v] : map.m_entries) {
        if (k->Deref().m_value != key) continue;
        const Node& val = v->Deref();
        if (val.m_kind == NodeKind::Null) break;
        if (val.m_kind != NodeKind::Scalar) return std::nullopt;
        if (ks && ks->m_type == ValueType::Enum && std::find(ks->m_enum.begin(), ks->m_enum.end(), val.m_value) == ks->m_enum.end())
            return std::nullopt; // already reported as a bad value; do not pile on
        return val.m_value;
    }
    if (!ks || ks->m_default.empty()) return std::nullopt;
    return ks->m_default;
}

bool Holds(const KeyCondition& c, const std::optional<std::string>& value) {
    return value && std::find(c.m_values.begin(), c.m_values.end(), *value) != c.m_values.end();
}

std::string ConditionText(const KeyCondition& c) {
    std::string out = c.m_key + " is ";
    for (size_t i = 0; i < c.m_values.size(); ++i) out += (i == 0 ? "" : i + 1 == c.m_values.size() ? " or " : ", ") + c.m_values[i];
    return out;
}

const std::vector<Fields> kNoFields;
const std::vector<std::pair<Text, std::vector<Fields>>> kNoListMap;

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Fields
//-----------------------------------------------------------------------------

bool Fields::Valid(const std::string& key) const {
    return m_values.count(key) || m_sections.count(key) || m_lists.count(key) || m_listMaps.count(key);
}

Text Fields::At(const std::string& key) const {
    if (m_node) {
        for (const auto& [k, v] : m_node->m_entries)
            if (k->Deref().m_value == key) return {key, v->m_line, v->m_col};
    }
    return {key, Line(), Col()};
}

std::string Fields::Str(const std::string& key) const {
    const auto it = m_values.find(key);
    if (it != m_values.end() && it->second->Deref().m_kind == NodeKind::Scalar) return it->second->Deref().m_value;
    const KeySpec* ks = m_spec ? m_spec->Find(key) : nullptr;
    return ks ? ks->m_default : std::string();
}

Text Fields::StrAt(const std::string& key) const {
    Text t = At(key);
    t.m_value = Str(key);
    return t;
}

long long Fields::Int(const std::string& key) const {
    long long v = 0;
    ParseIntText(Str(key), v);
    return v;
}

double Fields::Number(const std::string& key) const {
    double v = 0;
    ParseNumberText(Str(key), v);
    return v;
}

bool Fields::Bool(const std::string& key) const {
    bool v = false;
    ParseBoolText(Str(key), v);
    return v;
}

SimTime Fields::Duration(const std::string& key) const {
    const std::string s = Str(key);
    if (s.empty()) return 0;
    return ParseDuration(s).value_or(0);
}

std::vector<Text> Fields::List(const std::string& key) const {
    std::vector<Text> out;
    const auto it = m_values.find(key);
    if (it == m_values.end()) return out;
    const Node& n = it->second->Deref();
    if (n.m_kind == NodeKind::Scalar) {
        out.push_back(TextOf(*it->second));
    } else {
        for (const Node* item : n.m_items) out.push_back(TextOf(*item));
    }
    return out;
}

std::vector<std::string> Fields::Strings(const std::string& key) const {
    std::vector<std::string> out;
    for (Text& t : List(key)) out.push_back(std::move(t.m_value));
    return out;
}

std::vector<std::vector<Text>> Fields::Matrix(const std::string& key) const {
    std::vector<std::vector<Text>> out;
    const auto it = m_values.find(key);
    if (it == m_values.end()) return out;
    for (const Node* row : it->second->Deref().m_items) {
        out.emplace_back();
        for (const Node* cell : row->Deref().m_items) out.back().push_back(TextOf(*cell));
    }
    return out;
}

const Fields* Fields::Section(const std::string& key) const {
    const auto it = m_sections.find(key);
    return it == m_sections.end() ? nullptr : &it->second;
}

const std::vector<Fields>& Fields::SectionList(const std::string& key) const {
    const auto it = m_lists.find(key);
    return it == m_lists.end() ? kNoFields : it->second;
}

const std::vector<std::pair<Text, std::vector<Fields>>>& Fields::SectionListMap(const std::string& key) const {
    const auto it = m_listMaps.find(key);
    return it == m_listMaps.end() ? kNoListMap : it->second;
}

//-----------------------------------------------------------------------------
// [SECTION] Checker
//-----------------------------------------------------------------------------

void Checker::Error(int line, int col, std::string message) {
    if (Saturated()) {
        ++m_dropped;
        return;
    }
    m_diags.push_back({m_path, line, col, DiagSeverity::Error, std::move(message)});
}

void Checker::Warn(int line, int col, std::string message) {
    if (Saturated()) {
        ++m_dropped;
        return;
    }
    m_diags.push_back({m_path, line, col, DiagSeverity::Warning, std::move(message)});
}

std::string Checker::Suggestion(const std::string& word, const std::vector<std::string>& candidates) {
    if (candidates.size() > 1000 || ++m_suggestions > 200) return "";
    return Suggest(word, candidates);
}

void Checker::Finish() {
    if (m_dropped == 0) return;
    m_diags.push_back({m_path, 0, 0, DiagSeverity::Error,
                       std::to_string(m_dropped) + " more problems not shown (only the first " + std::to_string(kMaxDiagnostics) + " are listed)"});
    m_dropped = 0;
}

bool Checker::CheckScalar(const Node& value, ValueType type, const KeySpec& key, const std::string& what) {
    const Node& n = value.Deref();
    const auto fail = [&](const std::string& extra = {}) {
        Error(value.m_line, value.m_col, what + " must be " + Expected(type) + ", got " + yaml::Describe(n) + extra);
        return false;
    };
    if (n.m_kind != NodeKind::Scalar) return fail();
    const std::string& v = n.m_value;
    switch (type) {
    case ValueType::String: return true;
    case ValueType::Id:
        if (!IsValidId(v)) return fail();
        return true;
    case ValueType::Int: {
        long long i = 0;
        if (!ParseIntText(v, i)) return fail();
        if (!n.m_plain) return fail(" (a quoted string; remove the quotes)");
        if ((key.m_min && static_cast<double>(i) < *key.m_min) || (key.m_max && static_cast<double>(i) > *key.m_max)) {
            Error(value.m_line, value.m_col, what + " must be " + (key.m_max ? "between " + NumberText(key.m_min.value_or(0)) + " and " + NumberText(*key.m_max) : "at least " + NumberText(key.m_min.value_or(0))) + ", got " + v);
            return false;
        }
        return true;
    }
    case ValueType::Number: {
        double d = 0;
        if (!ParseNumberText(v, d)) return fail();
        if (!n.m_plain) return fail(" (a quoted string; remove the quotes)");
        if ((key.m_min && d < *key.m_min) || (key.m_max && d > *key.m_max)) {
            Error(value.m_line, value.m_col, what + " must be " + (key.m_max ? "between " + NumberText(key.m_min.value_or(0)) + " and " + NumberText(*key.m_max) : "at least " + NumberText(key.m_min.value_or(0))) + ", got " + v);
            return false;
        }
        return true;
    }
    case ValueType::Bool: {
        bool b = false;
        if (!ParseBoolText(v, b)) return fail(v == "yes" || v == "no" || v == "on" || v == "off" ? " (YAML 1.2 booleans are true and false)" : "");
        if (!n.m_plain) return fail(" (a quoted string; remove the quotes)");
        return true;
    }
    case ValueType::Duration:
        if (!ParseDuration(v)) return fail();
        return true;
    case ValueType::Enum:
        if (std::find(key.m_enum.begin(), key.m_enum.end(), v) == key.m_enum.end()) {
            Error(value.m_line, value.m_col, what + " must be one of " + JoinComma(key.m_enum) + "; got " + yaml::Describe(n) + Suggest(v, key.m_enum));
            return false;
        }
        return true;
    default: return fail();
    }
}

void Checker::CheckSectionList(const Node& value, const KeySpec& key, std::vector<Fields>& out) {
    const SectionSpec* item = FindSection(key.m_section);
    size_t count = 0;
    for (const Node* n : value.Deref().m_items) {
        if (key.m_maxItems && ++count > key.m_maxItems) break; // reported by the caller
        if (n->Deref().m_kind != NodeKind::Map) {
            Error(n->m_line, n->m_col, "each item of '" + key.m_name + "' must be a mapping (a " + item->m_label + "), got " + yaml::Describe(*n));
            continue;
        }
        out.push_back(CheckSection(*n, *item));
    }
}

bool Checker::CheckValue(const Node& value, const KeySpec& key, const SectionSpec& spec, Fields& out) {
    const Node& n = value.Deref();
    const std::string what = "'" + key.m_name + "' in " + spec.m_label;
    const auto typeError = [&] {
        Error(value.m_line, value.m_col, what + " must be " + Expected(key.m_type) + ", got " + yaml::Describe(n));
        return false;
    };
    const auto checkCount = [&](size_t count) {
        if (count < key.m_minItems) {
            Error(value.m_line, value.m_col, what + " needs at least " + std::to_string(key.m_minItems) + (key.m_minItems == 1 ? " item" : " items"));
            return false;
        }
        if (key.m_maxItems && count > key.m_maxItems) {
            Error(value.m_line, value.m_col, what + " has " + std::to_string(count) + " items; the limit is " + std::to_string(key.m_maxItems));
            return false;
        }
        return true;
    };
    const auto checkItems = [&](const Node& seq, ValueType itemType) {
        bool ok = true;
        for (const Node* item : seq.m_items) ok = CheckScalar(*item, itemType, key, "each item of " + what) && ok;
        return ok;
    };
    switch (key.m_type) {
    case ValueType::String:
    case ValueType::Id:
    case ValueType::Int:
    case ValueType::Number:
    case ValueType::Bool:
    case ValueType::Duration:
    case ValueType::Enum:
        if (!CheckScalar(value, key.m_type, key, what)) return false;
        out.m_values[key.m_name] = &value;
        return true;
    case ValueType::StringList:
    case ValueType::IdList: {
        if (n.m_kind != NodeKind::Sequence) return typeError();
        const bool ok = checkItems(n, key.m_type == ValueType::IdList ? ValueType::Id : ValueType::String);
        if (!checkCount(n.m_items.size()) || !ok) return false;
        out.m_values[key.m_name] = &value;
        return true;
    }
    case ValueType::IdOrIdList:
        if (n.m_kind == NodeKind::Scalar) {
            if (!CheckScalar(value, ValueType::Id, key, what)) return false;
        } else if (n.m_kind == NodeKind::Sequence) {
            const bool ok = checkItems(n, ValueType::Id);
            if (!checkCount(n.m_items.size()) || !ok) return false;
        } else {
            return typeError();
        }
        out.m_values[key.m_name] = &value;
        return true;
    case ValueType::IdMatrix: {
        if (n.m_kind != NodeKind::Sequence) return typeError();
        bool ok = checkCount(n.m_items.size());
        for (const Node* row : n.m_items) {
            if (row->Deref().m_kind != NodeKind::Sequence) {
                Error(row->m_line, row->m_col, "each row of " + what + " must be a list of ids, got " + yaml::Describe(*row));
                ok = false;
                continue;
            }
            ok = checkItems(row->Deref(), ValueType::Id) && ok;
        }
        if (!ok) return false;
        out.m_values[key.m_name] = &value;
        return true;
    }
    case ValueType::Section:
        if (n.m_kind != NodeKind::Map) return typeError();
        out.m_sections[key.m_name] = CheckSection(value, *FindSection(key.m_section));
        return true;
    case ValueType::SectionList: {
        if (n.m_kind != NodeKind::Sequence) return typeError();
        const bool countOk = checkCount(n.m_items.size());
        CheckSectionList(value, key, out.m_lists[key.m_name]);
        return countOk;
    }
    case ValueType::SectionListMap: {
        if (n.m_kind != NodeKind::Map) return typeError();
        const SectionSpec* item = FindSection(key.m_section);
        auto& lists = out.m_listMaps[key.m_name];
        for (const auto& [k, v] : n.m_entries) {
            const Text name = TextOf(*k);
            if (!IsValidId(name.m_value)) {
                Error(name, "pool name '" + yaml::Clip(name.m_value) + "' in " + what + " must be an id (1-64 letters, digits, '-', '_' or '.')");
                continue;
            }
            const Node& list = v->Deref();
            if (list.m_kind != NodeKind::Sequence || list.m_items.empty()) {
                Error(v->m_line, v->m_col, "pool '" + name.m_value + "' must be a non-empty list of " + item->m_label + "s, got " + yaml::Describe(*v));
                continue;
            }
            lists.emplace_back(name, std::vector<Fields>{});
            KeySpec itemKey = key;
            itemKey.m_name = name.m_value;
            CheckSectionList(*v, itemKey, lists.back().second);
        }
        return true;
    }
    }
    return false;
}

Fields Checker::CheckSection(const Node& node, const SectionSpec& spec) {
    Fields f;
    f.m_spec = &spec;
    const Node& map = node.Deref();
    if (map.m_kind != NodeKind::Map) {
        Error(node.m_line, node.m_col, "a " + spec.m_label + " must be a mapping, got " + yaml::Describe(node));
        return f;
    }
    f.m_node = &map;

    // Name the mapping by its id in messages when it has a usable one.
    std::string label = spec.m_label;
    for (const auto& [k, v] : map.m_entries) {
        if (k->Deref().m_value == "id" && v->Deref().m_kind == NodeKind::Scalar && IsValidId(v->Deref().m_value))
            label += " '" + v->Deref().m_value + "'";
    }
    SectionSpec labelled = spec; // messages say "in ticket 'x'"
    labelled.m_label = label;

    std::vector<std::string> known;
    for (const KeySpec& k : spec.m_keys) known.push_back(k.m_name);

    for (const auto& [k, v] : map.m_entries) {
        const std::string& name = k->Deref().m_value;
        f.m_present.insert(name);
        const KeySpec* key = spec.Find(name);
        if (!key) {
            Error(k->m_line, k->m_col, "unknown key '" + yaml::Clip(name) + "' in " + label + (Saturated() ? "" : Suggest(name, known)));
            continue;
        }
        if (m_traineePart && key->m_answerKey) {
            Error(k->m_line, k->m_col, "'" + name + "' is part of the answer key, which a trainee part never holds (in " + label + ")");
            continue;
        }
        if (v->Deref().m_kind == NodeKind::Null) {
            const bool required = key->m_required ||
                                  (!key->m_requiredWhen.Empty() && Holds(key->m_requiredWhen, SiblingValue(map, spec, key->m_requiredWhen.m_key)));
            // yaml-cpp places an empty value at the next token, so point at the key.
            if (required) Error(k->m_line, k->m_col, "missing value for required key '" + name + "' in " + label);
            // An empty optional value means "as if absent": it takes the default, also where the key
            // would not be allowed (an empty 'harm:' on a neutral step), as docs/scenario-format.md says.
            f.m_present.erase(name);
            continue;
        }
        if (!key->m_allowedWhen.Empty()) {
            const auto sibling = SiblingValue(map, spec, key->m_allowedWhen.m_key);
            if (sibling && !Holds(key->m_allowedWhen, sibling)) {
                Error(k->m_line, k->m_col, "'" + name + "' is not allowed in " + label + " when " + key->m_allowedWhen.m_key +
                                               " is " + *sibling + " (only when " + ConditionText(key->m_allowedWhen) + ")");
                continue;
            }
        }
        CheckValue(*v, *key, labelled, f);
    }

    for (const KeySpec& key : spec.m_keys) {
        if (map.m_entries.end() != std::find_if(map.m_entries.begin(), map.m_entries.end(),
                                                [&](const auto& e) { return e.first->Deref().m_value == key.m_name; }))
            continue;
        if (m_traineePart && key.m_answerKey) continue;
        if (key.m_required) {
            Error(map.m_line, map.m_col, "missing required key '" + key.m_name + "' in " + label);
        } else if (!key.m_requiredWhen.Empty() && Holds(key.m_requiredWhen, SiblingValue(map, spec, key.m_requiredWhen.m_key))) {
            Error(map.m_line, map.m_col, "missing required key '" + key.m_name + "' in " + label + " (required when " +
                                             ConditionText(key.m_requiredWhen) + ")");
        }
    }
    return f;
}

} // namespace sl::detail
