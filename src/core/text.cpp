// SupportLab core: UTF-8 checks, the one JSON string writer, terminal-safe text and name rules.
#include "core/text.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace sl {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendHexByte(std::string& out, const char* prefix, unsigned char c) {
    out += prefix;
    out += kHex[c >> 4];
    out += kHex[c & 15];
}

// The code point of a valid sequence of `len` bytes at s[i].
char32_t Decode(std::string_view s, std::size_t i, std::size_t len) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    if (len == 1) return b(i);
    char32_t cp = b(i) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (b(i + k) & 0x3F);
    return cp;
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }
// Bidirectional embeddings, overrides and isolates: they reorder what a reader sees.
bool IsBidiControl(char32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

void AppendCodePointEscape(std::string& out, char32_t cp) {
    if (cp < 0x100) {
        AppendHexByte(out, "\\x", static_cast<unsigned char>(cp));
        return;
    }
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
}

} // namespace

std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t len = 0;
    char32_t min = 0;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k)
        if ((b(i + k) & 0xC0) != 0x80) return 0;
    const char32_t cp = Decode(s, i, len);
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

bool IsValidUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = Utf8SequenceLength(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

std::string JsonString(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; ++i; continue;
        case '\\': out += "\\\\"; ++i; continue;
        case '\n': out += "\\n"; ++i; continue;
        case '\r': out += "\\r"; ++i; continue;
        case '\t': out += "\\t"; ++i; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
            ++i;
            continue;
        }
        const std::size_t len = Utf8SequenceLength(s, i);
        if (len == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        out.append(s.substr(i, len));
        i += len;
    }
    out += '"';
    return out;
}

std::string JsonNumber(double v) {
    if (!std::isfinite(v)) return "null";
    if (v == 0.0) return "0"; // also turns -0 into 0
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string FormatPoints(double v) {
    if (!std::isfinite(v)) return "?";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string out = buf;
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
    return out == "-0" ? "0" : out;
}

std::string TerminalSafe(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = Utf8SequenceLength(s, i);
        if (len == 0) {
            AppendHexByte(out, "\\x", static_cast<unsigned char>(s[i]));
            ++i;
            continue;
        }
        const char32_t cp = Decode(s, i, len);
        if (IsControl(cp) || IsBidiControl(cp)) AppendCodePointEscape(out, cp);
        else if (cp == '\\' && i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'u')) out += "\\\\"; // escapes stay unambiguous
        else out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

std::string CountOf(long long n, const std::string& noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string Trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::optional<std::string> NameProblem(std::string_view name, std::string_view what) {
    const std::string w(what);
    if (name.empty()) return "the " + w + " is empty";
    if (name.size() > kMaxNameBytes)
        return "the " + w + " is too long (" + std::to_string(name.size()) + " bytes; at most " +
               std::to_string(kMaxNameBytes) + ")";
    if (!IsValidUtf8(name)) return "the " + w + " is not valid UTF-8 text";
    for (std::size_t i = 0; i < name.size();) {
        const std::size_t len = Utf8SequenceLength(name, i);
        const char32_t cp = Decode(name, i, len);
        if (IsControl(cp)) return "the " + w + " holds a control character (" + TerminalSafe(name.substr(i, len)) + ")";
        if (IsBidiControl(cp)) return "the " + w + " holds a text-direction control character";
        i += len;
    }
    if (name.front() == ' ' || name.back() == ' ') return "the " + w + " starts or ends with a space";
    return std::nullopt;
}

} // namespace sl
