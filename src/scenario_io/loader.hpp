// SupportLab scenario_io: load and validate support models, scenarios and labs from YAML.
#pragma once

#include "core/model.hpp"
#include "scenario_io/diagnostics.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sl {

// The result of loading one file. m_value is set only when there is no error; warnings may remain.
template <class T>
struct LoadResult {
    std::optional<T> m_value;
    std::vector<Diagnostic> m_diagnostics; // every problem found, in file order per file
    bool Ok() const { return m_value.has_value() && !HasErrors(m_diagnostics); }
};

// Limits the loader enforces before and while parsing (see docs/scenario-format.md, "Limits").
inline constexpr size_t kMaxFileBytes = 4u * 1024u * 1024u;
inline constexpr int kMaxNestingDepth = 64;
inline constexpr size_t kMaxExpandedNodes = 100000;       // nodes after alias expansion
inline constexpr size_t kMaxExpandedBytes = 16u * 1024u * 1024u; // scalar bytes after alias expansion
inline constexpr size_t kMaxStringBytes = 64u * 1024u;
inline constexpr size_t kMaxListItems = 5000; // tickets, questions
// How far yaml-cpp may read past the last complete parse event: bounds the memory its scanner
// spends on one flow collection ([...] or {...}), which it tokenizes whole before parsing it.
inline constexpr size_t kMaxReadAhead = 256u * 1024u;

// How the loader reads files it is pointed at (a scenario's support model, a lab's scenarios).
// Returns the bytes, or nullopt with a one-line reason in *error ("no such file", "file is 5.2 MiB;
// the limit is 4 MiB", ...). Must not read more than kMaxFileBytes + 1 bytes.
using FileReader = std::function<std::optional<std::string>(const std::string& path, std::string* error)>;

// Reads from disk, enforcing kMaxFileBytes without reading past it.
FileReader DiskFileReader();

// Resolves a path written in `fromFile` (a support_model or a lab module's scenario) relative to
// that file's folder; absolute paths stay as they are.
std::string ResolvePath(const std::string& fromFile, const std::string& relative);

// [SECTION] Files on disk
LoadResult<SupportModel> LoadSupportModelFile(const std::string& path);
// Resolves support_model relative to the file; errors inside the model file carry the model's path.
LoadResult<Scenario> LoadScenarioFile(const std::string& path);
// Checks that each scenario module's file exists and is a valid scenario.
LoadResult<Lab> LoadLabFile(const std::string& path);

// [SECTION] In-memory text (tests, fuzzing, editors). `path` is used in messages and to resolve
// relative references, which are read through `reader`.
LoadResult<SupportModel> LoadSupportModelText(const std::string& text, const std::string& path);
LoadResult<Scenario> LoadScenarioText(const std::string& text, const std::string& path,
                                      const FileReader& reader = DiskFileReader());
LoadResult<Lab> LoadLabText(const std::string& text, const std::string& path,
                            const FileReader& reader = DiskFileReader());

// [SECTION] Validation of any file
// What kind of file this is and all its diagnostics; used by `supportlab-cli validate` and the
// trainer's library view. m_kind is the file's `kind` ("support_model", "plan_review",
// "common_issues", "escalation_drill", "lab") or "" when it cannot be told.
struct FileReport {
    std::string m_path;
    std::string m_kind;
    std::string m_id;
    std::string m_title;
    std::vector<Diagnostic> m_diagnostics;
    bool Ok() const { return !HasErrors(m_diagnostics); }
};

FileReport ValidateFile(const std::string& path);
FileReport ValidateText(const std::string& text, const std::string& path,
                        const FileReader& reader = DiskFileReader());

// Files are checked as given (any extension). Folders are searched recursively for *.yaml and
// *.yml files (every one is checked), in sorted order. A path that does not exist gives a report
// with one error; a folder without YAML files, a report with a warning. A dependency's problems (a
// shared support model's errors, say) are listed once: in the dependency's own report when it is
// among the files checked, else in the first report that needs it. Every dependent file still
// carries its own error saying that the file it refers to is invalid.
std::vector<FileReport> ValidatePaths(const std::vector<std::string>& paths);

// A file's report and, when it has no error, what it builds: the same scenario or lab that
// LoadScenarioFile or LoadLabFile gives for the file. Both are null for a support model or a file
// with errors.
struct LoadedFile {
    FileReport m_report;
    std::shared_ptr<const Scenario> m_scenario; // plan_review, common_issues, escalation_drill
    std::shared_ptr<const Lab> m_lab;
};

// ValidatePaths (same reports, same order) keeping the scenarios and labs it builds, for callers
// that use the files as well as check them (the trainer's library view). Each file is read and
// parsed once, also when other files refer to it (a shared support model, a lab's scenarios), as
// long as the loader's bounded caches (64 models, 256 scenarios) still hold it.
std::vector<LoadedFile> LoadPaths(const std::vector<std::string>& paths);

} // namespace sl
