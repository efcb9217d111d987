// SupportLab CLI: small helpers shared by the commands (file reading, option parsing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sl::cli {

// Reads a whole file of at most maxBytes; nullopt with a one-line reason in *error otherwise.
std::optional<std::string> ReadFileCapped(const std::string& path, std::size_t maxBytes, std::string* error);

// Parses a non-negative decimal integer that fits in 64 bits.
std::optional<std::uint64_t> ParseU64(const std::string& text);

// True when `arg` is "--name", and sets *value to the next argument (advancing i).
// Sets *missing when the option is last and has no value.
bool TakeOption(const std::string& name, int argc, const std::string* argv, int& i, std::string* value, bool* missing);

} // namespace sl::cli
