// SupportLab UI: XDG directories and small, atomic settings files.
#include "ui/paths.hpp"

#include "platform/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sl::ui {

namespace {

std::string XdgDir(const char* var, const char* homeSuffix) {
    const char* v = std::getenv(var);
    if (v && v[0] == '/') return std::string(v) + "/supportlab"; // the spec ignores relative values
    const char* home = std::getenv("HOME");
    if (!home || !home[0]) return {};
    return std::string(home) + homeSuffix + "/supportlab";
}

} // namespace

std::string DefaultConfigDir() { return XdgDir("XDG_CONFIG_HOME", "/.config"); }

std::string EnsureDir(const std::string& dir) { return files::EnsurePrivateDir(dir); }

bool ReadSmallFile(const std::string& path, std::string& out, size_t maxBytes) {
    std::string error;
    auto data = files::ReadRegularFile(path, maxBytes, &error); // a FIFO planted as a settings file is refused
    if (!data) return false;
    out = std::move(*data);
    return true;
}

std::string WriteFileAtomic(const std::string& path, const std::string& bytes) { return files::WriteFileAtomic(path, bytes); }

} // namespace sl::ui
