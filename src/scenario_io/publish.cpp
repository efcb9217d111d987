// SupportLab scenario_io: preparing a scenario for publishing as an assessment, and reading published forms back.
#include "scenario_io/publish.hpp"

#include "core/engine.hpp"
#include "platform/files.hpp"
#include "scenario_io/emit.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>

namespace sl {

namespace {

constexpr const char* kModelName = "support-model.yaml";

} // namespace

LoadResult<Scenario> LoadPublished(const std::string& scenarioText, const std::string& modelText, const std::string& label) {
    const std::string path = label + "/scenario.yaml";
    const std::string modelPath = label + "/" + kModelName;
    FileReader reader = [&](const std::string& p, std::string* error) -> std::optional<std::string> {
        if (p == modelPath) return modelText;
        *error = "no such file (a published scenario refers only to its support model)";
        return std::nullopt;
    };
    return LoadScenarioText(scenarioText, path, reader);
}

std::optional<PublishedForms> PrepareForPublishing(const Scenario& scenario, const std::string& modelText,
                                                   std::vector<Diagnostic>* problems) {
    PublishedForms out;
    out.m_scenarioId = scenario.m_id;
    out.m_title = scenario.m_title;
    out.m_modelText = modelText;
    const Scenario neutral = Neutralise(scenario, &out.m_names);
    out.m_neutralText = EmitScenarioYaml(neutral, kModelName);
    out.m_traineeText = EmitScenarioYaml(WithholdKey(neutral), kModelName);
    const std::string label = "published/" + scenario.m_id;
    LoadResult<Scenario> n = LoadPublished(out.m_neutralText, modelText, label);
    LoadResult<Scenario> t = LoadPublished(out.m_traineeText, modelText, label);
    if (!n.Ok() || !t.Ok()) {
        if (problems) {
            problems->insert(problems->end(), n.m_diagnostics.begin(), n.m_diagnostics.end());
            problems->insert(problems->end(), t.m_diagnostics.begin(), t.m_diagnostics.end());
        }
        return std::nullopt;
    }
    out.m_neutralHash = n.m_value->m_contentHash;
    out.m_traineeHash = t.m_value->m_contentHash;
    for (const NeutralName& name : out.m_names.m_tickets) out.m_namesText += name.m_neutral + "\t" + name.m_original + "\t" + name.m_title + "\n";
    for (const NeutralName& name : out.m_names.m_questions) out.m_namesText += name.m_neutral + "\t" + name.m_original + "\t" + name.m_title + "\n";
    for (const Ticket& ticket : n.m_value->m_tickets) {
        std::vector<std::string> routes = ticket.m_answer.m_acceptableRoutes;
        const std::string best = ExpectedRoute(*n.m_value, ticket);
        if (!best.empty()) routes.push_back(best);
        std::sort(routes.begin(), routes.end());
        routes.erase(std::unique(routes.begin(), routes.end()), routes.end());
        for (const std::string& r : routes)
            if (r != "resolve") out.m_acceptedRoutes.emplace_back(ticket.m_id, r);
    }
    out.m_stepKey = StepKeyOf(*n.m_value);
    return out;
}

std::optional<PublishedForms> PrepareLoadedForPublishing(const Scenario& scenario, std::string* error) {
    std::string why;
    const auto model = files::ReadRegularFile(ResolvePath(scenario.m_sourcePath, scenario.m_supportModelPath), kMaxFileBytes, &why);
    if (!model) {
        *error = scenario.m_sourcePath + ": its support model: " + why;
        return std::nullopt;
    }
    std::vector<Diagnostic> problems;
    auto forms = PrepareForPublishing(scenario, *model, &problems);
    if (!forms) {
        *error = scenario.m_sourcePath + ": its assessment forms do not read back (a SupportLab bug; nothing was published)";
        for (const Diagnostic& d : problems) *error += "\n" + FormatDiagnostic(d);
    }
    return forms;
}

std::string ShippedScenarioDir() { return SUPPORTLAB_SHIPPED_SCENARIOS; }

std::vector<std::string> ShippedIdsAmong(const std::vector<std::string>& ids, const std::string& shippedDir) {
    std::set<std::string> shipped;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(shippedDir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->path().extension() != ".yaml") continue;
        std::string error;
        const auto text = files::ReadRegularFile(it->path().string(), kMaxFileBytes, &error);
        if (!text) continue;
        // The top-level id line: our own files, written as `id: name` at the start of a line.
        for (size_t at = 0; at < text->size();) {
            const size_t end = std::min(text->find('\n', at), text->size());
            const std::string_view line(text->data() + at, end - at);
            if (line.substr(0, 3) == "id:") {
                std::string id(line.substr(3));
                id.erase(0, id.find_first_not_of(" \t\"'"));
                id.erase(id.find_last_not_of(" \t\r\"'") + 1);
                shipped.insert(id);
                break;
            }
            at = end + 1;
        }
    }
    std::vector<std::string> out;
    for (const std::string& id : ids)
        if (shipped.count(id)) out.push_back(id);
    return out;
}

std::string ShippedWarning(const std::string& id) {
    return id + " ships with SupportLab: its file, answer key included, is on every trainee's machine, so it suits "
                "practice, not assessment; publish a scenario your trainees do not have.";
}

} // namespace sl
