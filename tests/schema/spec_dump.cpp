// SupportLab schema test: dumps the loader's key tables (FormatSpec) as JSON for comparison with the JSON Schema.
#include "scenario_io/spec.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace {

std::string Str(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        out += c;
    }
    return out + "\"";
}

std::string List(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Str(items[i]);
    return out + "]";
}

std::string Condition(const sl::KeyCondition& c) {
    if (c.Empty()) return "null";
    return "{\"key\": " + Str(c.m_key) + ", \"values\": " + List(c.m_values) + "}";
}

std::string Number(const std::optional<double>& v) {
    if (!v) return "null";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", *v);
    return buf;
}

} // namespace

int main() {
    std::string out = "{\n  \"format_version\": " + std::to_string(sl::kFormatVersion) + ",\n  \"file_kinds\": {";
    const auto& kinds = sl::FileKinds();
    for (size_t i = 0; i < kinds.size(); ++i)
        out += (i ? ", " : "") + Str(kinds[i].m_kind) + ": " + Str(kinds[i].m_section);
    out += "},\n  \"sections\": {";
    const auto& spec = sl::FormatSpec();
    for (size_t s = 0; s < spec.size(); ++s) {
        out += std::string(s ? "," : "") + "\n    " + Str(spec[s].m_name) + ": [";
        for (size_t k = 0; k < spec[s].m_keys.size(); ++k) {
            const sl::KeySpec& key = spec[s].m_keys[k];
            out += std::string(k ? "," : "") + "\n      {\"name\": " + Str(key.m_name) + ", \"type\": " + Str(sl::ToString(key.m_type)) +
                   ", \"required\": " + (key.m_required ? "true" : "false") + ", \"required_when\": " + Condition(key.m_requiredWhen) +
                   ", \"allowed_when\": " + Condition(key.m_allowedWhen) + ", \"enum\": " + List(key.m_enum) +
                   ", \"default\": " + Str(key.m_default) + ", \"section\": " + Str(key.m_section) + ", \"min\": " + Number(key.m_min) +
                   ", \"max\": " + Number(key.m_max) + ", \"min_items\": " + std::to_string(key.m_minItems) +
                   ", \"max_items\": " + std::to_string(key.m_maxItems) + "}";
        }
        out += "\n    ]";
    }
    out += "\n  }\n}\n";
    std::fputs(out.c_str(), stdout);
    return 0;
}
