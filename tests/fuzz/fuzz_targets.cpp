// SupportLab fuzz: the scenario-loader and action-script targets and the properties they check.
#include "fuzz_targets.hpp"

#include "../bench/answer_key.hpp"

#include "core/action.hpp"
#include "core/engine.hpp"
#include "core/scoring.hpp"
#include "scenario_io/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

namespace sl::fuzz {

// [SECTION] Helpers
// [SECTION] Scenario loader
// [SECTION] Action scripts

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

const std::string kInputPath = "/fuzz/input.yaml";

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The shipped support models by file name: whatever folder an input names, "tiered.yaml",
// "managed-desktop-customer-led.yaml", ... are served, so the shipped scenarios are useful seeds.
const std::map<std::string, std::string>& Models() {
    static const std::map<std::string, std::string> models = [] {
        std::map<std::string, std::string> out;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(std::string(SUPPORTLAB_SCENARIO_DIR) + "/models", ec))
            out[e.path().filename().string()] = ReadFile(e.path().string());
        return out;
    }();
    return models;
}

// Serves the models above, and the input itself as any file named "self.yaml".
class Reader {
public:
    explicit Reader(const std::string& input) : m_input(input) {}
    FileReader Get() {
        return [this](const std::string& path, std::string* error) -> std::optional<std::string> {
            const std::string name = std::filesystem::path(path).filename().string();
            std::optional<std::string> text;
            if (name == "self.yaml") text = m_input;
            else if (const auto it = Models().find(name); it != Models().end()) text = it->second;
            if (!text) {
                if (error) *error = "no such file";
                return std::nullopt;
            }
            m_served.push_back(path);
            return text;
        };
    }
    bool Served(const std::string& path) const {
        return std::find(m_served.begin(), m_served.end(), path) != m_served.end();
    }

private:
    const std::string& m_input;
    std::vector<std::string> m_served;
};

// A diagnostic must point into a file we gave, say something, and never echo control characters
// (a scenario file must not be able to drive the trainer's terminal).
std::string CheckDiagnostics(const std::vector<Diagnostic>& diags, const Reader& reader) {
    for (const Diagnostic& d : diags) {
        const std::string text = FormatDiagnostic(d);
        if (d.m_message.empty()) return "empty diagnostic message: " + text;
        if (d.m_line < 0 || d.m_col < 0) return "negative position: " + text;
        if (d.m_path != kInputPath && !reader.Served(d.m_path)) return "diagnostic for a file never read: " + text;
        for (unsigned char c : text)
            if (c < 0x20 || c == 0x7F) return "control character in a diagnostic: " + text;
    }
    return {};
}

// Works a loaded scenario the way a trainee who follows the answer key would (investigating and
// taking hints too), then scores it: whatever the validator accepts, the engine must run.
void Play(const Scenario& sc) {
    Simulation sim(sc, sc.m_defaultSeed);
    testkit::KeyOptions options;
    options.m_maxTickets = 40; // bounded work per input
    options.m_investigate = true;
    options.m_hints = true;
    for (const Action& a : testkit::AnswerKeyActions(sc, options)) sim.Apply(a);
    for (const TicketState& t : sim.Tickets()) {
        (void)sim.FirstResponseSla(t);
        (void)sim.ResolutionSla(t);
        (void)sim.ResolutionRemaining(t);
    }
    const ScoreReport report = Score(sim);
    (void)FormatScoreText(report);
    (void)FormatScoreJson(report);
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Scenario loader
//-----------------------------------------------------------------------------

std::string CheckScenarioInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Reader files(text);
    const FileReader reader = files.Get();
    const std::string& path = kInputPath;

    const FileReport report = ValidateText(text, path, reader);
    if (std::string bad = CheckDiagnostics(report.m_diagnostics, files); !bad.empty()) return "ValidateText: " + bad;

    const bool scenarioKind = report.m_kind == "plan_review" || report.m_kind == "common_issues" ||
                              report.m_kind == "escalation_drill";
    if (scenarioKind || report.m_kind.empty()) {
        const LoadResult<Scenario> loaded = LoadScenarioText(text, path, reader);
        if (std::string bad = CheckDiagnostics(loaded.m_diagnostics, files); !bad.empty()) return "LoadScenarioText: " + bad;
        // Validation and loading must agree on whether a scenario file is good.
        if (scenarioKind && report.Ok() != loaded.Ok())
            return std::string("ValidateText says ") + (report.Ok() ? "valid" : "invalid") + " but LoadScenarioText says " +
                   (loaded.Ok() ? "valid" : "invalid");
        if (loaded.m_value && loaded.m_value->m_contentHash.size() != 64) return "content hash is not 64 hex digits";
        if (loaded.Ok()) Play(*loaded.m_value);
    } else if (report.m_kind == "lab") {
        const LoadResult<Lab> lab = LoadLabText(text, path, reader);
        if (std::string bad = CheckDiagnostics(lab.m_diagnostics, files); !bad.empty()) return "LoadLabText: " + bad;
        if (report.Ok() != lab.Ok()) return "ValidateText and LoadLabText disagree on a lab";
    } else if (report.m_kind == "support_model") {
        const LoadResult<SupportModel> m = LoadSupportModelText(text, path);
        if (std::string bad = CheckDiagnostics(m.m_diagnostics, files); !bad.empty()) return "LoadSupportModelText: " + bad;
        if (report.Ok() != m.Ok()) return "ValidateText and LoadSupportModelText disagree on a support model";
    }
    return {};
}

//-----------------------------------------------------------------------------
// [SECTION] Action scripts
//-----------------------------------------------------------------------------

namespace {

bool SameAction(const Action& a, const Action& b) {
    return a.m_type == b.m_type && a.m_target == b.m_target && a.m_arg == b.m_arg && a.m_note == b.m_note &&
           a.m_category == b.m_category && a.m_impact == b.m_impact && a.m_urgency == b.m_urgency &&
           a.m_index == b.m_index && a.m_tokens == b.m_tokens && a.m_duration == b.m_duration;
}

std::string Describe(const ScriptParseResult& r) {
    if (r.m_errors.empty()) return std::to_string(r.m_script.m_actions.size()) + " actions";
    const ScriptError& e = r.m_errors.front();
    return std::to_string(e.m_line) + ":" + std::to_string(e.m_col) + ": " + e.m_message;
}

// The shipped scenarios the parsed actions are played against: tickets, and questions.
const std::vector<std::shared_ptr<const Scenario>>& PlayScenarios() {
    static const std::vector<std::shared_ptr<const Scenario>> scenarios = [] {
        std::vector<std::shared_ptr<const Scenario>> out;
        for (const char* rel : {"/common-issues/os.yaml", "/plan-review/support-plan.yaml", "/drills/customer-led-monday.yaml"}) {
            LoadResult<Scenario> r = LoadScenarioFile(std::string(SUPPORTLAB_SCENARIO_DIR) + rel);
            if (r.Ok()) out.push_back(std::make_shared<const Scenario>(std::move(*r.m_value)));
        }
        return out;
    }();
    return scenarios;
}

} // namespace

std::string CheckActionScriptInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const ScriptParseResult parsed = ParseActionScript(text);
    for (const ScriptError& e : parsed.m_errors) {
        if (e.m_message.empty()) return "empty error message";
        if (e.m_line < 1 || e.m_col < 1) return "error without a position: " + e.m_message;
    }
    if (!parsed.Ok()) {
        if (!parsed.m_script.m_actions.empty()) return "a script with errors yielded actions";
        return {};
    }
    // Round trip, one action at a time: format(parse(x)) parses back to the same action.
    for (const Action& a : parsed.m_script.m_actions) {
        const std::string line = FormatAction(a);
        if (line.find('\n') != std::string::npos) return "FormatAction wrote a newline: " + line;
        const ScriptParseResult again = ParseActionScript(line);
        if (!again.Ok() || again.m_script.m_actions.size() != 1)
            return "FormatAction output does not parse back: '" + line + "' -> " + Describe(again);
        if (!SameAction(a, again.m_script.m_actions[0])) return "FormatAction round trip changed the action: '" + line + "'";
    }
    // And the whole script, seed included.
    const std::string whole = FormatActionScript(parsed.m_script);
    const ScriptParseResult again = ParseActionScript(whole);
    if (!again.Ok()) return "FormatActionScript output does not parse back: " + Describe(again);
    if (again.m_script.m_seed != parsed.m_script.m_seed) return "FormatActionScript changed the seed";
    if (again.m_script.m_actions.size() != parsed.m_script.m_actions.size()) return "FormatActionScript changed the action count";
    for (size_t i = 0; i < again.m_script.m_actions.size(); ++i)
        if (!SameAction(again.m_script.m_actions[i], parsed.m_script.m_actions[i]))
            return "FormatActionScript changed action " + std::to_string(i);

    // The engine takes any parsed action: applied or refused, never a crash.
    for (const auto& sc : PlayScenarios()) {
        Simulation sim(*sc, parsed.m_script.m_seed.value_or(sc->m_defaultSeed));
        for (const Action& a : parsed.m_script.m_actions) {
            const ApplyResult r = sim.Apply(a);
            if (!r.m_ok && r.m_error.empty()) return "a refused action without a reason";
        }
        (void)FormatScoreText(Score(sim));
    }
    return {};
}

} // namespace sl::fuzz
