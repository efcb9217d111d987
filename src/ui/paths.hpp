// SupportLab UI: where the app keeps its settings and data (XDG base directories).
#pragma once

#include <string>

namespace sl::ui {

// $XDG_CONFIG_HOME/supportlab (default ~/.config/supportlab). Empty when neither the variable nor
// $HOME is set.
std::string DefaultConfigDir();
// Creates a directory and its parents (mode 0700 for new ones). Returns an error message, or "".
std::string EnsureDir(const std::string& dir);
// Reads a whole small file; nullopt-like: returns false when it cannot be read.
bool ReadSmallFile(const std::string& path, std::string& out, size_t maxBytes = 1 << 20);
// Writes a file atomically (temp file + rename) with mode 0600. Returns an error message, or "".
std::string WriteFileAtomic(const std::string& path, const std::string& bytes);

} // namespace sl::ui
