// SupportLab CLI: small helpers shared by the commands.
#include "cli/cli_util.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sl::cli {

std::optional<std::string> ReadFileCapped(const std::string& path, std::size_t maxBytes, std::string* error) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        *error = std::strerror(errno);
        return std::nullopt;
    }
    std::string data;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        data.append(buf, n);
        if (data.size() > maxBytes) {
            std::fclose(f);
            *error = "file is larger than the " + std::to_string(maxBytes / (1024 * 1024)) + " MiB limit";
            return std::nullopt;
        }
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) {
        *error = "read error (is it a folder?)";
        return std::nullopt;
    }
    return data;
}

std::optional<std::uint64_t> ParseU64(const std::string& text) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

bool TakeOption(const std::string& name, int argc, const std::string* argv, int& i, std::string* value, bool* missing) {
    if (argv[i] != name) return false;
    if (i + 1 >= argc) {
        *missing = true;
        return true;
    }
    *value = argv[++i];
    return true;
}

} // namespace sl::cli
