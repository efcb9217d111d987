// SupportLab platform: regular-file reads that never block, exclusive atomic writes, private folders.
#include "platform/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sl::files {

namespace {

std::string ErrnoText(int e) { return std::strerror(e); }

const char* NotRegularReason(mode_t m) {
    if (S_ISDIR(m)) return "is a folder, not a file";
    if (S_ISFIFO(m)) return "is a FIFO (named pipe), not a file";
    if (S_ISCHR(m) || S_ISBLK(m)) return "is a device, not a file";
    if (S_ISSOCK(m)) return "is a socket, not a file";
    return "is not a regular file";
}

std::string FolderOf(const std::string& path) {
    const std::filesystem::path p(path);
    return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

} // namespace

std::optional<std::string> ReadRegularFile(const std::string& path, std::size_t maxBytes, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<std::string> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR) return fail("no such file");
        if (e == EACCES) return fail("permission denied");
        return fail("cannot open the file: " + ErrnoText(e));
    }
    struct Closer {
        int m_fd;
        ~Closer() { ::close(m_fd); }
    } closer{fd};
    struct stat st{};
    if (::fstat(fd, &st) != 0) return fail("cannot read the file: " + ErrnoText(errno));
    if (!S_ISREG(st.st_mode)) return fail(NotRegularReason(st.st_mode));
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    if (static_cast<std::uintmax_t>(st.st_size) > maxBytes)
        return fail("file is " + std::to_string(st.st_size) + " bytes; the limit is " + std::to_string(maxBytes));
    std::string data;
    std::vector<char> buf(65536);
    // Read at most one byte past the cap, so a file growing meanwhile cannot make us read more.
    while (data.size() <= maxBytes) {
        const std::size_t want = std::min(buf.size(), maxBytes + 1 - data.size());
        const ssize_t n = ::read(fd, buf.data(), want);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("read error: " + ErrnoText(errno));
        }
        if (n == 0) break;
        data.append(buf.data(), static_cast<std::size_t>(n));
    }
    if (data.size() > maxBytes) return fail("file is larger than the limit of " + std::to_string(maxBytes) + " bytes");
    return data;
}

std::string WriteFileAtomic(const std::string& path, const std::string& bytes, unsigned mode) {
    namespace fs = std::filesystem;
    if (path.empty()) return "no file name given";
    std::error_code ec;
    if (fs::is_directory(fs::symlink_status(path, ec))) return path + " is a folder: add a file name";
    const std::string folder = FolderOf(path);
    if (!fs::is_directory(folder, ec)) return "the folder " + folder + " does not exist";
    // mkostemp opens with O_CREAT|O_EXCL on a name nobody else chose; O_NOFOLLOW is implied by O_EXCL.
    std::string tmpl = (fs::path(folder) / ("." + fs::path(path).filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd < 0) return "cannot create a temporary file in " + folder + ": " + ErrnoText(errno);
    const std::string tmp = tmpl;
    auto abandon = [&](const std::string& what, int e) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return "cannot write " + path + ": " + what + (e ? ": " + ErrnoText(e) : std::string());
    };
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) return abandon("cannot set its permissions", errno);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return abandon("write failed", errno);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) return abandon("flush failed", errno);
    if (::close(fd) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return "cannot write " + path + ": " + ErrnoText(e);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return "cannot replace " + path + ": " + ErrnoText(e);
    }
    return {};
}

std::string EnsurePrivateDir(const std::string& dir) {
    namespace fs = std::filesystem;
    if (dir.empty()) return "no folder given";
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return {};
    // The folders that do not exist yet, outermost first: only those are made private.
    std::vector<fs::path> missing;
    for (fs::path p = fs::path(dir).lexically_normal(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
        missing.push_back(p);
        if (p == p.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST)
            return "cannot create the folder " + it->string() + ": " + ErrnoText(errno);
    }
    if (!fs::is_directory(dir, ec)) return "cannot create the folder " + dir + ": not a folder";
    return {};
}

std::string CreatePrivateFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return "cannot create " + path + ": " + ErrnoText(errno);
    ::fchmod(fd, 0600); // whatever the umask
    ::close(fd);
    return {};
}

} // namespace sl::files
