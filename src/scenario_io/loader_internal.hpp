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
};

// Parses `text`, checks `format` and `kind`, then checks the whole mapping against the kind's
// section. Every problem goes through `checker`.
void ParseFile(const std::string& text, ParsedFile& out, Checker& checker, std::vector<Diagnostic>& diags);

// Resolves `relative` against the folder of `fromFile`.
std::string ResolveRelative(const std::string& fromFile, const std::string& relative);

// A loaded support model as a dependency: the model, its problems, and its bytes' hash state so a
// scenario's content hash can be finished without keeping the model's bytes.
struct ModelEntry {
    LoadResult<SupportModel> m_result;
    std::string m_readError; // set when the file could not be read
    crypto_generichash_state m_hash{};
};

// Loads files for one top-level request, so a support model shared by many scenarios (or a
// scenario used by a lab and also validated on its own) is loaded once.
class LoadContext {
public:
    explicit LoadContext(FileReader reader) : m_reader(std::move(reader)) {}

    // Serves `text` for `path` instead of the reader (in-memory loading).
    void Seed(const std::string& path, std::string text) { m_seeded[Key(path)] = std::move(text); }
    std::optional<std::string> Read(const std::string& path, std::string* error);

    const ModelEntry& Model(const std::string& path);
    // Problems of a scenario used by a lab (the scenario itself is not kept).
    const std::vector<Diagnostic>& ScenarioProblems(const std::string& path, std::string* readError);

private:
    static std::string Key(const std::string& path);
    FileReader m_reader;
    std::map<std::string, std::string> m_seeded;
    std::map<std::string, std::unique_ptr<ModelEntry>> m_models;
    std::map<std::string, std::pair<std::string, std::vector<Diagnostic>>> m_scenarios;
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
