// SupportLab core: text that leaves the program safely — UTF-8 checks, JSON string literals, terminal-safe text, names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sl {

// Length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes there are not
// valid UTF-8 (overlong forms, surrogates and code points above U+10FFFF are not valid).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);
bool IsValidUtf8(std::string_view s);

// A JSON string literal, quotes included. Control characters are escaped and invalid UTF-8 becomes
// U+FFFD, so the result is always valid JSON (RFC 8259) whatever the input. The one writer every
// JSON output of SupportLab uses (score reports, report tables, exports).
std::string JsonString(std::string_view s);
// Shortest round-trip form; "null" when not finite; never "-0".
std::string JsonNumber(double v);

// Points as precisely as they are charged, to at most two decimals and without trailing zeros:
// "12.5", "0.25", "3"; never "-0".
std::string FormatPoints(double v);

// Text for a terminal: C0 and C1 control characters, DEL and bidirectional overrides are written
// as visible escapes (\x1b, \u202e), and invalid UTF-8 bytes as \xNN, so no escape sequence in a
// name can reach the terminal.
std::string TerminalSafe(std::string_view s);

// `s` without leading and trailing spaces, tabs, CRs and LFs (what a form field's value means).
std::string Trimmed(std::string_view s);
// "1 ticket", "3 tickets": a count with its noun, plural when not one (regular nouns).
std::string CountOf(long long n, const std::string& noun);
// ASCII lower case (filters compare without case; UTF-8 bytes above 127 are left as they are).
std::string Lower(std::string s);

// Why a trainee or cohort name is not acceptable, or nullopt when it is: names must be valid UTF-8
// of at most kMaxNameBytes bytes, without control characters, bidirectional overrides, or leading
// or trailing spaces. `what` names the field in the message ("trainee name", "cohort").
inline constexpr std::size_t kMaxNameBytes = 100;
std::optional<std::string> NameProblem(std::string_view name, std::string_view what);

} // namespace sl
