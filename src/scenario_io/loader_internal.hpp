// SupportLab scenario_io: internals shared by the loader and the per-kind builders.
#pragma once

#include "scenario_io/checker.hpp"
#include "scenario_io/loader.hpp"
#include "scenario_io/yaml_tree.hpp"

#include <sodium.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sl::detail {

// One file parsed and checked against its kind's key tables.
struct ParsedFile {
    std::string m_path;
    yaml::Document m_doc;
    std::string m_kind;  // a valid kind, or "" when it cannot be told
    Text m_kindAt;       // where `kind` is written
    std::string m_id;    // as written, for reports
    std::string m_title; // as written, for reports
    std::optional<Fields> m_fields; // set when the format is supported and the kind is known
    size_t m_parseDiagnostics = 0;  // how many diagnostics parsing gave (the rest come from checks)
};

// Parses `text`, checks `format` and `kind`, then checks the whole mapping against the kind's
// section. Every problem goes through `checker`.
void ParseFile(const std::string& text, ParsedFile& out, Checker& checker, std::vector<Diagnostic>& diags);

// Resolves `relative` against the folder of `fromFile`.
std::string ResolveRelative(const std::string& fromFile, const std::string& relative);

// What a file says it is, as written (m_kind is "" when it cannot be told); for reports.
struct FileHeader {
    std::string m_kind;
    std::string m_id;
    std::string m_title;
};

// A loaded support model as a dependency: the model, its problems, and its bytes' hash state so a
// scenario's content hash can be finished without keeping the model's bytes.
struct ModelEntry {
    LoadResult<SupportModel> m_result;
    std::string m_readError; // set when the file could not be read
    crypto_generichash_state m_hash{};
    FileHeader m_header;
};

// A loaded scenario, used by a lab or validated in its own right.
struct ScenarioEntry {
    std::string m_readError; // set when the file could not be read
    FileHeader m_header;
    std::vector<Diagnostic> m_diagnostics;
    std::shared_ptr<const Scenario> m_scenario; // when valid and the context keeps values
};

// Loads files for one top-level request, so a support model shared by many scenarios (or a
// scenario used by a lab and also validated on its own) is read and parsed once.
class LoadContext {
public:
    // keepValues: keep the scenarios built (LoadPaths); validation alone drops them.
    explicit LoadContext(FileReader reader, bool keepValues = false)
        : m_reader(std::move(reader)), m_keepValues(keepValues) {}

    // The folders that bound references (support_model, a lab's scenario): a file's references must
    // stay inside the longest root that holds it. A file under no root is bounded by the folder
    // above its own (scenarios/<area>/<file>.yaml may refer to scenarios/models/...).
    void AddRoot(const std::string& folder);
    // Why `written` (as written in `fromFile`) may not be followed, or nullopt when it may.
    std::optional<std::string> ReferenceProblem(const std::string& fromFile, const std::string& written) const;

    // Serves `text` for `path` instead of the reader (in-memory loading).
    void Seed(const std::string& path, std::string text) { m_seeded[Key(path)] = std::move(text); }
    std::optional<std::string> Read(const std::string& path, std::string* error);
    bool KeepsValues() const { return m_keepValues; }

    // Loads on first use; later calls with the same path return the same entry.
    const ModelEntry& Model(const std::string& path);
    const ScenarioEntry& ScenarioFile(const std::string& path);
    // Entries already loaded in this context, or null.
    const ModelEntry* FindModel(const std::string& path) const;
    const ScenarioEntry* FindScenario(const std::string& path) const;
    // Keeps a file its caller loaded, for the files after it that refer to it.
    const ModelEntry& AddModel(const std::string& path, std::unique_ptr<ModelEntry> entry);
    const ScenarioEntry& AddScenario(const std::string& path, std::unique_ptr<ScenarioEntry> entry);

private:
    static std::string Key(const std::string& path);
    FileReader m_reader;
    bool m_keepValues = false;
    std::vector<std::string> m_roots; // absolute, normalised
    std::map<std::string, std::string> m_seeded;
    // Bounded (a folder may hold thousands of files): cleared when full, so a file is at worst loaded again.
    std::map<std::string, std::unique_ptr<ModelEntry>> m_models;
    std::map<std::string, std::unique_ptr<ScenarioEntry>> m_scenarios;
};

// Kind-specific semantic checks and model building. Each reports through `checker` and returns
// the value it could build (meaningful only when no error was reported).
SupportModel BuildSupportModel(const Fields& root, Checker& checker);
// `model` is null when the support model could not be loaded; checks that need it are skipped.
Scenario BuildScenario(const Fields& root, Checker& checker, const SupportModel* model);
Lab BuildLab(const Fields& root, Checker& checker, LoadContext& context, std::vector<Diagnostic>& dependencyDiags);

// Shared helpers for builders.
// Reports ids that repeat within one list: "duplicate <what> id 'x' (first at line N)".
void CheckUniqueIds(Checker& checker, const std::vector<Text>& ids, const std::string& what);
// The valid ids of a list of mappings, with positions.
std::vector<Text> IdsOf(const std::vector<Fields>& items);
inline SourcePos PosOf(const Fields& f) { return {f.Line(), f.Col()}; }
template <typename T>
std::vector<std::string> IdStrings(const std::vector<T>& items) {
    std::vector<std::string> out;
    for (const T& item : items) out.push_back(item.m_id);
    return out;
}
// Reports a reference that names nothing known.
bool CheckReference(Checker& checker, const Text& ref, const NameSet& known, const std::string& what,
                    const std::string& context);

} // namespace sl::detail
