// SupportLab scenario_io: file reading, kind dispatch, dependency loading, content hash, reports.
#include "scenario_io/loader.hpp"

#include "platform/files.hpp"

#include "scenario_io/loader_internal.hpp"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <set>

namespace sl {

// [SECTION] Reading files
// [SECTION] Header and dispatch
// [SECTION] Per-kind loading
// [SECTION] Context
// [SECTION] Public API

namespace fs = std::filesystem;
using detail::Checker;
using detail::LoadContext;
using detail::ParsedFile;
using detail::Text;

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading files
//-----------------------------------------------------------------------------

std::optional<std::string> ReadFromDisk(const std::string& path, std::string* error) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        if (error) *error = "no such file";
        return std::nullopt;
    }
    if (fs::is_directory(st)) {
        if (error) *error = "is a folder, not a file";
        return std::nullopt;
    }
    if (fs::is_regular_file(st)) {
        const std::uintmax_t size = fs::file_size(path, ec);
        if (!ec && size > kMaxFileBytes) {
            if (error) *error = yaml::FileTooLargeMessage(size);
            return std::nullopt;
        }
    }
    // Opened non-blocking and checked before reading: a FIFO or device is refused, never waited on.
    return files::ReadRegularFile(path, kMaxFileBytes, error);
}

//-----------------------------------------------------------------------------
// [SECTION] Header and dispatch
//-----------------------------------------------------------------------------

const FileKindSpec* FindKind(const std::string& kind) {
    for (const auto& k : FileKinds())
        if (k.m_kind == kind) return &k;
    return nullptr;
}

std::vector<std::string> KindNames() {
    std::vector<std::string> out;
    for (const auto& k : FileKinds()) out.push_back(k.m_kind);
    return out;
}

std::string JoinOr(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
    return out;
}

bool IsScenarioKind(const std::string& kind) { return ScenarioKindFromString(kind).has_value(); }

// Sorts this file's own problems by position (dependency problems keep their order after them).
void SortOwn(std::vector<Diagnostic>& diags, const std::string& path) {
    std::stable_sort(diags.begin(), diags.end(), [&](const Diagnostic& a, const Diagnostic& b) {
        const bool aOwn = a.m_path == path, bOwn = b.m_path == path;
        if (aOwn != bOwn) return aOwn;
        if (!aOwn) return false;
        return a.m_line != b.m_line ? a.m_line < b.m_line : a.m_col < b.m_col;
    });
}

// One file being loaded: its diagnostics, the checker that writes them, and the parsed tree.
struct Job {
    Job(const std::string& text, const std::string& path) : m_path(path), m_text(text), m_checker(path, m_diags) {
        detail::ParseFile(text, m_parsed, m_checker, m_diags);
    }
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    // Orders and caps this file's problems, then appends what its dependencies reported.
    std::vector<Diagnostic> Finish(std::vector<Diagnostic> dependencies = {}) {
        DropConsequencesOfSkipping();
        SortOwn(m_diags, m_path);
        m_checker.Finish();
        m_diags.insert(m_diags.end(), dependencies.begin(), dependencies.end());
        return std::move(m_diags);
    }

    // After syntax errors the checks ran on the rest of the file: keep what they found in it,
    // not what only says that a skipped entry is missing.
    void DropConsequencesOfSkipping() {
        const yaml::Document& doc = m_parsed.m_doc;
        if (doc.m_skipped.empty()) return;
        const auto first = m_diags.begin() + static_cast<std::ptrdiff_t>(std::min(m_parsed.m_parseDiagnostics, m_diags.size()));
        m_diags.erase(std::remove_if(first, m_diags.end(),
                                     [&](const Diagnostic& d) { return d.m_path == m_path && !yaml::ReportableAfterSkipping(doc, d); }),
                      m_diags.end());
    }

    std::string m_path;
    const std::string& m_text;
    std::vector<Diagnostic> m_diags;
    Checker m_checker;
    ParsedFile m_parsed;
};

void WrongKind(Job& job, const std::string& expected) {
    job.m_checker.Error(job.m_parsed.m_kindAt, "expected " + expected + ", but this file is kind '" + job.m_parsed.m_kind + "'");
}

//-----------------------------------------------------------------------------
// [SECTION] Per-kind loading
//-----------------------------------------------------------------------------

LoadResult<SupportModel> FinishModel(Job& job) {
    LoadResult<SupportModel> r;
    std::optional<SupportModel> model;
    if (job.m_parsed.m_fields) {
        if (job.m_parsed.m_kind != "support_model") WrongKind(job, "a support model (kind: support_model)");
        else model = detail::BuildSupportModel(*job.m_parsed.m_fields, job.m_checker);
    }
    r.m_diagnostics = job.Finish();
    if (model && !HasErrors(r.m_diagnostics)) r.m_value = std::move(model);
    return r;
}

std::string Hex(const unsigned char* bytes, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

LoadResult<Scenario> FinishScenario(LoadContext& context, Job& job) {
    LoadResult<Scenario> r;
    std::optional<Scenario> scenario;
    std::vector<Diagnostic> dependencies;
    const detail::ModelEntry* entry = nullptr;
    std::string modelPath;
    if (job.m_parsed.m_fields) {
        const detail::Fields& root = *job.m_parsed.m_fields;
        if (!IsScenarioKind(job.m_parsed.m_kind)) {
            WrongKind(job, "a scenario (kind: plan_review, common_issues or escalation_drill)");
        } else {
            const SupportModel* model = nullptr;
            if (root.Valid("support_model")) {
                const Text at = root.StrAt("support_model");
                modelPath = detail::ResolveRelative(job.m_path, at.m_value);
                if (const auto problem = context.ReferenceProblem(job.m_path, at.m_value)) {
                    job.m_checker.Error(at, "support_model: " + *problem);
                } else if (entry = &context.Model(modelPath); !entry->m_readError.empty()) {
                    job.m_checker.Error(at, "cannot read support model '" + yaml::Clip(at.m_value, 1024) + "': " + entry->m_readError);
                } else if (!entry->m_result.Ok()) {
                    dependencies = entry->m_result.m_diagnostics;
                    job.m_checker.Error(at, "support model '" + yaml::Clip(at.m_value, 1024) + "' is invalid (" +
                                                std::to_string(CountErrors(dependencies)) + " errors, listed with its path)");
                } else {
                    model = &*entry->m_result.m_value;
                }
            }
            scenario = detail::BuildScenario(root, job.m_checker, model);
        }
    }
    r.m_diagnostics = job.Finish(std::move(dependencies));
    if (scenario && entry && entry->m_readError.empty() && entry->m_result.Ok() && !HasErrors(r.m_diagnostics)) {
        // BLAKE2b-256 over the model's length and bytes (kept as a hash state) then the scenario's bytes.
        crypto_generichash_state state = entry->m_hash;
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(job.m_text.data()), job.m_text.size());
        unsigned char digest[crypto_generichash_BYTES];
        crypto_generichash_final(&state, digest, sizeof digest);
        scenario->m_contentHash = Hex(digest, sizeof digest);
        scenario->m_model.m_sourcePath = modelPath;
        r.m_value = std::move(scenario);
    }
    return r;
}

LoadResult<Lab> FinishLab(LoadContext& context, Job& job) {
    LoadResult<Lab> r;
    std::optional<Lab> lab;
    std::vector<Diagnostic> dependencies;
    if (job.m_parsed.m_fields) {
        if (job.m_parsed.m_kind != "lab") WrongKind(job, "a lab (kind: lab)");
        else lab = detail::BuildLab(*job.m_parsed.m_fields, job.m_checker, context, dependencies);
    }
    r.m_diagnostics = job.Finish(std::move(dependencies));
    if (lab && !HasErrors(r.m_diagnostics)) r.m_value = std::move(lab);
    return r;
}

detail::FileHeader HeaderOf(const Job& job) { return {job.m_parsed.m_kind, job.m_parsed.m_id, job.m_parsed.m_title}; }

// The file loaded as a support model, with its bytes' hash state for the content hash of scenarios.
std::unique_ptr<detail::ModelEntry> ModelEntryFor(Job& job) {
    auto entry = std::make_unique<detail::ModelEntry>();
    entry->m_header = HeaderOf(job);
    entry->m_result = FinishModel(job);
    // Picks libsodium's fastest BLAKE2b; thread-safe and idempotent.
    [[maybe_unused]] static const int sodiumReady = sodium_init();
    const std::uint64_t length = job.m_text.size();
    unsigned char prefix[8];
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<unsigned char>(length >> (8 * i));
    crypto_generichash_init(&entry->m_hash, nullptr, 0, crypto_generichash_BYTES);
    crypto_generichash_update(&entry->m_hash, prefix, sizeof prefix);
    crypto_generichash_update(&entry->m_hash, reinterpret_cast<const unsigned char*>(job.m_text.data()), job.m_text.size());
    return entry;
}

// The file loaded as a scenario; the scenario is kept when the context keeps values.
std::unique_ptr<detail::ScenarioEntry> ScenarioEntryFor(LoadContext& context, Job& job) {
    auto entry = std::make_unique<detail::ScenarioEntry>();
    entry->m_header = HeaderOf(job);
    LoadResult<Scenario> r = FinishScenario(context, job);
    entry->m_diagnostics = std::move(r.m_diagnostics);
    if (context.KeepsValues() && r.m_value && !HasErrors(entry->m_diagnostics))
        entry->m_scenario = std::make_shared<const Scenario>(std::move(*r.m_value));
    return entry;
}

LoadedFile FromHeader(const std::string& path, const detail::FileHeader& header, std::vector<Diagnostic> diags) {
    LoadedFile out;
    out.m_report.m_path = path;
    out.m_report.m_kind = header.m_kind;
    out.m_report.m_id = header.m_id;
    out.m_report.m_title = header.m_title;
    out.m_report.m_diagnostics = std::move(diags);
    return out;
}

LoadedFile FromScenario(const std::string& path, const detail::ScenarioEntry& entry) {
    LoadedFile out = FromHeader(path, entry.m_header, entry.m_diagnostics);
    out.m_scenario = entry.m_scenario;
    return out;
}

// One file of any kind, checked as its own kind. A support model or scenario is left in the
// context, so the files after it that refer to it do not load it again.
LoadedFile LoadText(LoadContext& context, const std::string& text, const std::string& path) {
    Job job(text, path);
    const std::string& kind = job.m_parsed.m_kind;
    if (!job.m_parsed.m_fields) return FromHeader(path, HeaderOf(job), job.Finish());
    if (kind == "support_model") {
        const detail::ModelEntry& entry = context.AddModel(path, ModelEntryFor(job));
        return FromHeader(path, entry.m_header, entry.m_result.m_diagnostics);
    }
    if (kind == "lab") {
        LoadResult<Lab> r = FinishLab(context, job);
        const bool ok = r.Ok();
        LoadedFile out = FromHeader(path, HeaderOf(job), std::move(r.m_diagnostics));
        if (ok && context.KeepsValues()) out.m_lab = std::make_shared<const Lab>(std::move(*r.m_value));
        return out;
    }
    return FromScenario(path, context.AddScenario(path, ScenarioEntryFor(context, job)));
}

FileReport UnreadableReport(const std::string& path, const std::string& error) {
    FileReport report;
    report.m_path = path;
    report.m_diagnostics.push_back({path, 0, 0, DiagSeverity::Error, "cannot read: " + error});
    return report;
}

template <typename T>
LoadResult<T> Unreadable(const std::string& path, const std::string& error) {
    LoadResult<T> r;
    r.m_diagnostics.push_back({path, 0, 0, DiagSeverity::Error, "cannot read: " + error});
    return r;
}

// A dependency read through the context and built by `build`, or an entry that says why it could not be read.
template <class Entry, class Build>
std::unique_ptr<Entry> ReadEntry(LoadContext& context, const std::string& path, Build build) {
    std::string error;
    const std::optional<std::string> text = context.Read(path, &error);
    if (!text) {
        auto entry = std::make_unique<Entry>();
        entry->m_readError = error.empty() ? "cannot read" : error;
        return entry;
    }
    Job job(*text, path);
    return build(job);
}

// One file of ValidatePaths and LoadPaths: taken from the context when an earlier file already
// loaded it as its own kind (a shared support model, a lab's scenario), else read and loaded.
LoadedFile LoadPath(LoadContext& context, const std::string& path) {
    const detail::ModelEntry* model = context.FindModel(path);
    if (model && model->m_readError.empty() && model->m_header.m_kind == "support_model")
        return FromHeader(path, model->m_header, model->m_result.m_diagnostics);
    const detail::ScenarioEntry* scenario = context.FindScenario(path);
    if (scenario && scenario->m_readError.empty() && IsScenarioKind(scenario->m_header.m_kind))
        return FromScenario(path, *scenario);
    std::string error;
    const auto text = context.Read(path, &error);
    if (!text) {
        LoadedFile out;
        out.m_report = UnreadableReport(path, error);
        return out;
    }
    return LoadText(context, *text, path);
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Context
//-----------------------------------------------------------------------------

namespace detail {

namespace {

fs::path AbsoluteNormal(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::absolute(fs::path(path), ec);
    if (ec) p = fs::path(path);
    return p.lexically_normal();
}

bool IsInside(const fs::path& path, const fs::path& root) {
    const fs::path rel = path.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
}

} // namespace

void LoadContext::AddRoot(const std::string& folder) { m_roots.push_back(AbsoluteNormal(folder).string()); }

std::optional<std::string> LoadContext::ReferenceProblem(const std::string& fromFile, const std::string& written) const {
    if (written.empty()) return std::nullopt; // reported as an empty value by the key checks
    if (fs::path(written).is_absolute())
        return "'" + yaml::Clip(written, 1024) + "' is an absolute path; write it relative to this file, inside the scenario folder";
    const fs::path from = AbsoluteNormal(fromFile);
    fs::path root;
    for (const std::string& r : m_roots)
        if (IsInside(from, r) && r.size() > root.string().size()) root = r;
    if (root.empty()) root = from.parent_path().parent_path();
    const fs::path target = (from.parent_path() / written).lexically_normal();
    if (!IsInside(target, root))
        return "'" + yaml::Clip(written, 1024) + "' leads outside the scenario folder " + yaml::Clip(root.string(), 1024) +
               "; referenced files must be inside it";
    return std::nullopt;
}

std::string ResolveRelative(const std::string& fromFile, const std::string& relative) {
    const fs::path rel(relative);
    if (rel.is_absolute()) return rel.lexically_normal().string();
    return (fs::path(fromFile).parent_path() / rel).lexically_normal().string();
}

void ParseFile(const std::string& text, ParsedFile& out, Checker& checker, std::vector<Diagnostic>& diags) {
    out.m_path = checker.Path();
    const size_t start = diags.size();
    if (!yaml::ParseYaml(text, out.m_path, out.m_doc, diags)) return;
    out.m_parseDiagnostics = diags.size() - start;
    if (diags.size() - start > kMaxDiagnostics) { // e.g. thousands of duplicate keys
        const size_t dropped = diags.size() - start - kMaxDiagnostics;
        diags.resize(start + kMaxDiagnostics);
        diags.push_back({out.m_path, 0, 0, DiagSeverity::Error, std::to_string(dropped) + " more problems not shown"});
    }
    const yaml::Node& root = out.m_doc.m_root->Deref();
    if (root.m_kind != yaml::NodeKind::Map) {
        checker.Error(root.m_line, root.m_col, "expected a mapping with 'format' and 'kind' at the top level, got " + yaml::Describe(root));
        return;
    }
    const yaml::Node* format = nullptr;
    const yaml::Node* kind = nullptr;
    for (const auto& [k, v] : root.m_entries) {
        const std::string& key = k->Deref().m_value;
        if (key == "format") format = v;
        if (key == "kind") kind = v;
        if (key == "id" && v->Deref().m_kind == yaml::NodeKind::Scalar) out.m_id = v->Deref().m_value;
        if (key == "title" && v->Deref().m_kind == yaml::NodeKind::Scalar) out.m_title = v->Deref().m_value;
    }
    bool ok = true;
    if (!kind || kind->Deref().m_kind == yaml::NodeKind::Null) {
        checker.Error(root.m_line, root.m_col, "missing required key 'kind' (" + JoinOr(KindNames()) + ")");
        ok = false;
    } else {
        const yaml::Node& k = kind->Deref();
        out.m_kindAt = {k.m_value, kind->m_line, kind->m_col};
        if (k.m_kind != yaml::NodeKind::Scalar || !FindKind(k.m_value)) {
            checker.Error(kind->m_line, kind->m_col, "unknown kind " + yaml::Describe(*kind) + " (allowed: " + JoinOr(KindNames()) + ")" +
                                                         (k.m_kind == yaml::NodeKind::Scalar ? Suggest(k.m_value, KindNames()) : ""));
            ok = false;
        } else {
            out.m_kind = k.m_value;
        }
    }
    long long version = 0;
    if (!format || format->Deref().m_kind == yaml::NodeKind::Null) {
        checker.Error(root.m_line, root.m_col, "missing required key 'format' (this SupportLab reads format " + std::to_string(kFormatVersion) + ")");
        return;
    }
    const yaml::Node& f = format->Deref();
    if (f.m_kind != yaml::NodeKind::Scalar || !f.m_plain || !ParseIntText(f.m_value, version)) {
        checker.Error(format->m_line, format->m_col, "'format' must be an integer (this SupportLab reads format " + std::to_string(kFormatVersion) + "), got " + yaml::Describe(f));
        return;
    }
    if (version > kFormatVersion) {
        checker.Error(format->m_line, format->m_col, "format " + f.m_value + " is newer than this SupportLab supports (" + std::to_string(kFormatVersion) + ")");
        return;
    }
    if (version < kFormatVersion) {
        checker.Error(format->m_line, format->m_col, "format " + f.m_value + " is not a valid version; this SupportLab reads format " + std::to_string(kFormatVersion));
        return;
    }
    if (!ok) return;
    for (const auto& [k, v] : root.m_entries)
        if (k->Deref().m_value == "trainee_part" && v->Deref().m_kind == yaml::NodeKind::Scalar && v->Deref().m_value == "true")
            checker.SetTraineePart(true);
    out.m_fields = checker.CheckSection(*out.m_doc.m_root, *FindSection(FindKind(out.m_kind)->m_section));
}

std::string LoadContext::Key(const std::string& path) { return fs::path(path).lexically_normal().string(); }

std::optional<std::string> LoadContext::Read(const std::string& path, std::string* error) {
    const auto it = m_seeded.find(Key(path));
    if (it != m_seeded.end()) return it->second;
    if (!m_reader) {
        if (error) *error = "no file reader";
        return std::nullopt;
    }
    return m_reader(path, error);
}

const ModelEntry& LoadContext::Model(const std::string& path) {
    if (const ModelEntry* found = FindModel(path)) return *found;
    return AddModel(path, ReadEntry<ModelEntry>(*this, path, ModelEntryFor));
}

const ScenarioEntry& LoadContext::ScenarioFile(const std::string& path) {
    if (const ScenarioEntry* found = FindScenario(path)) return *found;
    return AddScenario(path, ReadEntry<ScenarioEntry>(*this, path, [this](Job& job) { return ScenarioEntryFor(*this, job); }));
}

const ModelEntry* LoadContext::FindModel(const std::string& path) const {
    const auto it = m_models.find(Key(path));
    return it == m_models.end() ? nullptr : it->second.get();
}

const ScenarioEntry* LoadContext::FindScenario(const std::string& path) const {
    const auto it = m_scenarios.find(Key(path));
    return it == m_scenarios.end() ? nullptr : it->second.get();
}

const ModelEntry& LoadContext::AddModel(const std::string& path, std::unique_ptr<ModelEntry> entry) {
    if (m_models.size() >= 64) m_models.clear();
    return *(m_models[Key(path)] = std::move(entry));
}

const ScenarioEntry& LoadContext::AddScenario(const std::string& path, std::unique_ptr<ScenarioEntry> entry) {
    if (m_scenarios.size() >= 256) m_scenarios.clear();
    return *(m_scenarios[Key(path)] = std::move(entry));
}

} // namespace detail

//-----------------------------------------------------------------------------
// [SECTION] Public API
//-----------------------------------------------------------------------------

FileReader DiskFileReader() { return ReadFromDisk; }

std::string ResolvePath(const std::string& fromFile, const std::string& relative) { return detail::ResolveRelative(fromFile, relative); }

LoadResult<SupportModel> LoadSupportModelText(const std::string& text, const std::string& path) {
    Job job(text, path);
    return FinishModel(job);
}

LoadResult<Scenario> LoadScenarioText(const std::string& text, const std::string& path, const FileReader& reader) {
    LoadContext context(reader);
    Job job(text, path);
    return FinishScenario(context, job);
}

LoadResult<Lab> LoadLabText(const std::string& text, const std::string& path, const FileReader& reader) {
    LoadContext context(reader);
    Job job(text, path);
    return FinishLab(context, job);
}

LoadResult<SupportModel> LoadSupportModelFile(const std::string& path) {
    std::string error;
    const auto text = ReadFromDisk(path, &error);
    if (!text) return Unreadable<SupportModel>(path, error);
    return LoadSupportModelText(*text, path);
}

LoadResult<Scenario> LoadScenarioFile(const std::string& path) {
    std::string error;
    const auto text = ReadFromDisk(path, &error);
    if (!text) return Unreadable<Scenario>(path, error);
    return LoadScenarioText(*text, path);
}

LoadResult<Lab> LoadLabFile(const std::string& path) {
    std::string error;
    const auto text = ReadFromDisk(path, &error);
    if (!text) return Unreadable<Lab>(path, error);
    return LoadLabText(*text, path);
}

FileReport ValidateText(const std::string& text, const std::string& path, const FileReader& reader) {
    LoadContext context(reader);
    return LoadText(context, text, path).m_report;
}

FileReport ValidateFile(const std::string& path) {
    std::string error;
    const auto text = ReadFromDisk(path, &error);
    if (!text) return UnreadableReport(path, error);
    LoadContext context(DiskFileReader());
    return LoadText(context, *text, path).m_report;
}

namespace {

// ValidatePaths and LoadPaths; the built scenarios and labs are kept only when keepValues is set.
std::vector<LoadedFile> LoadAllPaths(const std::vector<std::string>& paths, bool keepValues) {
    // Expand folders first, so a dependency that is validated in its own right reports its
    // problems only in its own report.
    std::vector<std::string> files;
    std::vector<LoadedFile> loaded;
    std::vector<std::pair<size_t, FileReport>> folderReports; // (position in `files`, report)
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            const fs::path& p = it->path();
            const std::string ext = p.extension().string();
            std::error_code fileEc;
            if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(fileEc)) found.push_back(p.string());
        }
        if (ec) {
            folderReports.emplace_back(files.size(), UnreadableReport(path, "cannot list the folder: " + ec.message()));
            continue;
        }
        std::sort(found.begin(), found.end());
        if (found.empty()) {
            FileReport empty;
            empty.m_path = path;
            empty.m_diagnostics.push_back({path, 0, 0, DiagSeverity::Warning, "no .yaml or .yml files in this folder"});
            folderReports.emplace_back(files.size(), std::move(empty));
        }
        files.insert(files.end(), found.begin(), found.end());
    }

    std::set<std::string> own; // normalized paths of every file validated here
    for (const std::string& f : files) own.insert(fs::path(f).lexically_normal().string());
    LoadContext context(DiskFileReader(), keepValues);
    for (const std::string& path : paths)
        if (std::error_code ec; fs::is_directory(path, ec)) context.AddRoot(path);
    std::set<std::string> shown; // dependency problems already listed for an earlier file
    size_t nextFolderReport = 0;
    for (size_t i = 0; i <= files.size(); ++i) {
        while (nextFolderReport < folderReports.size() && folderReports[nextFolderReport].first == i) {
            loaded.emplace_back();
            loaded.back().m_report = std::move(folderReports[nextFolderReport++].second);
        }
        if (i == files.size()) break;
        const std::string& file = files[i];
        LoadedFile one = LoadPath(context, file);
        std::vector<Diagnostic> kept;
        for (Diagnostic& d : one.m_report.m_diagnostics) {
            if (d.m_path != file) {
                if (own.count(fs::path(d.m_path).lexically_normal().string())) continue; // listed in that file's report
                if (!shown.insert(FormatDiagnostic(d)).second) continue;
            }
            kept.push_back(std::move(d));
        }
        one.m_report.m_diagnostics = std::move(kept);
        loaded.push_back(std::move(one));
    }
    return loaded;
}

} // namespace

std::vector<FileReport> ValidatePaths(const std::vector<std::string>& paths) {
    std::vector<FileReport> reports;
    for (LoadedFile& f : LoadAllPaths(paths, false)) reports.push_back(std::move(f.m_report));
    return reports;
}

std::vector<LoadedFile> LoadPaths(const std::vector<std::string>& paths) { return LoadAllPaths(paths, true); }

} // namespace sl
