// SupportLab UI: XDG directories and small, atomic settings files.
#include "ui/paths.hpp"

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

std::string DefaultDbPath() {
    const std::string dir = XdgDir("XDG_DATA_HOME", "/.local/share");
    return dir.empty() ? std::string("supportlab.db") : dir + "/supportlab.db";
}

std::string EnsureDir(const std::string& dir) {
    if (dir.empty()) return "no directory given";
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return {};
    std::filesystem::create_directories(dir, ec);
    if (ec) return "cannot create " + dir + ": " + ec.message();
    ::chmod(dir.c_str(), 0700);
    return {};
}

bool ReadSmallFile(const std::string& path, std::string& out, size_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string data;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        data.append(buf, static_cast<size_t>(in.gcount()));
        if (data.size() > maxBytes) return false;
    }
    out = std::move(data);
    return true;
}

std::string WriteFileAtomic(const std::string& path, const std::string& bytes) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return "cannot write " + tmp + ": " + std::strerror(errno);
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string err = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return "cannot write " + tmp + ": " + err;
        }
        done += static_cast<size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        return "cannot replace " + path + ": " + err;
    }
    return {};
}

} // namespace sl::ui
