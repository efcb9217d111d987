// SupportLab platform: reading and writing files safely (no FIFO waits, no symlink redirects, private modes).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace sl::files {

// Reads a whole regular file of at most maxBytes. A folder, FIFO, device or socket is refused at
// once, never waited on (the file is opened non-blocking and checked before any read). On failure
// returns nullopt with a one-line reason in *error ("is a FIFO (named pipe), not a file", ...).
std::optional<std::string> ReadRegularFile(const std::string& path, std::size_t maxBytes, std::string* error);

// Writes `bytes` to `path` whole or not at all: into a new temporary file in the same folder,
// created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW, so a planted file or symlink is never written
// through), flushed to disk, then renamed over `path`. rename() replaces a symlink at `path`
// itself, never the file it points to. The file gets `mode` (default: owner only). Returns an
// error message, or "".
std::string WriteFileAtomic(const std::string& path, const std::string& bytes, unsigned mode = 0600);

// Creates `dir` and any missing parents; each folder this creates is made 0700 (owner only).
// Returns an error message, or "".
std::string EnsurePrivateDir(const std::string& dir);

// Creates an empty file readable and writable by its owner only (0600), failing if it exists.
// Returns an error message, or "".
std::string CreatePrivateFile(const std::string& path);

} // namespace sl::files
