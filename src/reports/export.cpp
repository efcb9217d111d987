// SupportLab reports: CSV, JSON and xAPI exports of attempts and their scores.
#include "reports/export.hpp"

#include "reports/render.hpp"
#include "reports/statement_id.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace sl {

namespace {

// A scenario's title where the export has it, else its id.
std::string ScenarioName(const ExportData& d, const std::string& scenarioId) {
    const auto it = d.m_scenarioTitles.find(scenarioId);
    return it == d.m_scenarioTitles.end() || it->second.empty() ? scenarioId : it->second;
}

// Look-ups shared by the exports.
struct Index {
    std::unordered_map<RowId, const Trainee*> m_trainee;
    std::unordered_map<RowId, std::vector<const ItemScoreRow*>> m_items;
    std::unordered_map<RowId, std::vector<const AttemptDimensionRow*>> m_dims;

    explicit Index(const ExportData& d) {
        for (const Trainee& t : d.m_trainees) m_trainee[t.m_id] = &t;
        for (const ItemScoreRow& i : d.m_items) m_items[i.m_attemptId].push_back(&i);
        for (const AttemptDimensionRow& r : d.m_dimensions) m_dims[r.m_attemptId].push_back(&r);
    }
    std::string Name(RowId id) const {
        const auto it = m_trainee.find(id);
        return it == m_trainee.end() ? "trainee-" + std::to_string(id) : it->second->m_name;
    }
    std::string Cohort(RowId id) const {
        const auto it = m_trainee.find(id);
        return it == m_trainee.end() ? "" : it->second->m_cohort;
    }
};

std::string Num(const std::optional<double>& v) { return v ? JsonNumber(*v) : "null"; }
std::string Str(const std::optional<std::string>& v) { return v ? JsonString(*v) : "null"; }

// Percent-encodes everything but RFC 3986 unreserved characters, for ids inside IRIs.
std::string IriSegment(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string TrimSlash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

// A stored wall time as ISO 8601, or an ExportError: a time outside 1970..9999 (a damaged or hand-edited
// row) is refused rather than written as a date no reader accepts.
std::string CheckedIsoTime(WallTime ms, const Attempt& a, const char* what) {
    if (ms < 0 || ms > kMaxExportWallTime)
        throw ExportError("attempt " + std::to_string(a.m_id) + " has a " + what + " time out of range (" +
                          std::to_string(ms) + " ms since 1970); nothing was exported");
    return FormatIsoTime(ms);
}

bool IsHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

} // namespace

std::optional<std::string> HomePageProblem(const std::string& url) {
    const std::string lead = "the xAPI home page must be a full http(s) URL such as https://lrs.example.org";
    size_t at = 0;
    if (url.rfind("https://", 0) == 0) at = 8;
    else if (url.rfind("http://", 0) == 0) at = 7;
    else return lead + ", not '" + TerminalSafe(url) + "'";
    for (unsigned char c : url)
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
            c == '{' || c == '|' || c == '}' || c == '#' || c == '?')
            return lead + " without spaces, quotes, a query or a fragment, not '" + TerminalSafe(url) + "'";
    const size_t hostEnd = url.find_first_of(":/", at);
    const std::string host = url.substr(at, hostEnd == std::string::npos ? std::string::npos : hostEnd - at);
    if (host.empty() || host.front() == '.' || host.front() == '-' || host.back() == '.' ||
        host.find("..") != std::string::npos)
        return lead + "; '" + TerminalSafe(url) + "' has no host name";
    for (char c : host)
        if (!IsHostChar(c)) return lead + "; '" + TerminalSafe(host) + "' is not a host name";
    if (hostEnd != std::string::npos && url[hostEnd] == ':') {
        const size_t portEnd = url.find('/', hostEnd);
        const std::string port = url.substr(hostEnd + 1, portEnd == std::string::npos ? std::string::npos : portEnd - hostEnd - 1);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(port) == 0 || std::stoi(port) > 65535)
            return lead + "; the port in '" + TerminalSafe(url) + "' is not a number from 1 to 65535";
    }
    return std::nullopt;
}

std::string ExportCsv(const ExportData& d) {
    const Index ix(d);
    std::string out = "attempt_id,trainee,cohort,lab_id,module_id,session_id,scenario_id,content_hash,scored_with_hash,"
                      "seed,started,ended,finished,events,time_on_task_s,score,max,percent,pass_threshold,passed";
    for (Dimension dim : kSkillDimensions) out += std::string(",") + ToString(dim) + "_score," + ToString(dim) + "_max";
    out += ",hints_used,hint_cost\r\n";
    auto fixed = [](double v) { return JsonNumber(v); };
    for (const Attempt& a : d.m_attempts) {
        const auto percent = AttemptPercent(a);
        const double threshold = d.m_thresholds.For(a.m_labId);
        std::vector<std::string> f = {
            std::to_string(a.m_id), ix.Name(a.m_traineeId), ix.Cohort(a.m_traineeId), a.m_labId.value_or(""),
            a.m_moduleId.value_or(""), a.m_sessionId ? std::to_string(*a.m_sessionId) : "", a.m_scenarioId,
            a.m_contentHash, a.m_scoredWithHash, std::to_string(a.m_seed), CheckedIsoTime(a.m_startedWall, a, "start"),
            a.m_endedWall ? CheckedIsoTime(*a.m_endedWall, a, "end") : "", a.m_finished ? "yes" : "no",
            std::to_string(a.m_eventCount), std::to_string(TimeOnTask(a) / 1000), a.m_score ? fixed(*a.m_score) : "",
            a.m_max ? fixed(*a.m_max) : "", percent ? fixed(*percent) : "", fixed(threshold),
            percent ? (*percent >= threshold ? "yes" : "no") : ""};
        std::unordered_map<int, const AttemptDimensionRow*> byDim;
        const auto dims = ix.m_dims.find(a.m_id);
        if (dims != ix.m_dims.end())
            for (const AttemptDimensionRow* r : dims->second) byDim[static_cast<int>(r->m_dimension)] = r;
        for (Dimension dim : kSkillDimensions) {
            const auto it = byDim.find(static_cast<int>(dim));
            f.push_back(it == byDim.end() ? "" : fixed(it->second->m_score));
            f.push_back(it == byDim.end() ? "" : fixed(it->second->m_max));
        }
        const auto hints = byDim.find(static_cast<int>(Dimension::Hints));
        f.push_back(hints == byDim.end() ? (a.m_finished ? "0" : "") : std::to_string(hints->second->m_deductionCount));
        f.push_back(hints == byDim.end() ? (a.m_finished ? "0" : "") : fixed(hints->second->m_deductedPoints));
        for (size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + CsvField(f[i]);
        out += "\r\n";
    }
    return out;
}

std::string ExportJson(const ExportData& d) {
    const Index ix(d);
    std::string out = "{\"format\": \"supportlab-export\", \"version\": 1,\n \"pass_threshold\": {\"default\": " +
                      JsonNumber(d.m_thresholds.m_default) + ", \"labs\": {";
    bool first = true;
    for (const auto& [lab, t] : d.m_thresholds.m_byLab) {
        out += (first ? "" : ", ") + JsonString(lab) + ": " + JsonNumber(t);
        first = false;
    }
    out += "}},\n \"trainees\": [";
    for (size_t i = 0; i < d.m_trainees.size(); ++i) {
        const Trainee& t = d.m_trainees[i];
        out += std::string(i ? ",\n  " : "\n  ") + "{\"id\": " + std::to_string(t.m_id) + ", \"name\": " +
               JsonString(t.m_name) + ", \"cohort\": " + JsonString(t.m_cohort) + "}";
    }
    out += d.m_trainees.empty() ? "],\n \"attempts\": [" : "\n ],\n \"attempts\": [";
    for (size_t i = 0; i < d.m_attempts.size(); ++i) {
        const Attempt& a = d.m_attempts[i];
        const auto percent = AttemptPercent(a);
        const double threshold = d.m_thresholds.For(a.m_labId);
        out += std::string(i ? ",\n  " : "\n  ") + "{\"id\": " + std::to_string(a.m_id) +
               ", \"trainee_id\": " + std::to_string(a.m_traineeId) + ", \"trainee\": " + JsonString(ix.Name(a.m_traineeId)) +
               ", \"scenario_id\": " + JsonString(a.m_scenarioId) + ", \"lab_id\": " + Str(a.m_labId) +
               ", \"module_id\": " + Str(a.m_moduleId) +
               ", \"session_id\": " + (a.m_sessionId ? std::to_string(*a.m_sessionId) : "null") +
               ", \"content_hash\": " + JsonString(a.m_contentHash) + ", \"scored_with_hash\": " +
               JsonString(a.m_scoredWithHash) + ", \"format_version\": " + std::to_string(a.m_formatVersion) +
               ", \"seed\": " + JsonString(std::to_string(a.m_seed)) + // a string: JSON numbers lose 64-bit precision
               ", \"started\": " + JsonString(CheckedIsoTime(a.m_startedWall, a, "start")) +
               ", \"ended\": " + (a.m_endedWall ? JsonString(CheckedIsoTime(*a.m_endedWall, a, "end")) : "null") +
               ", \"finished\": " + (a.m_finished ? "true" : "false") + ", \"events\": " + std::to_string(a.m_eventCount) +
               ", \"time_on_task_s\": " + std::to_string(TimeOnTask(a) / 1000) + ", \"score\": " + Num(a.m_score) +
               ", \"max\": " + Num(a.m_max) + ", \"percent\": " + Num(percent) + ", \"pass_threshold\": " +
               JsonNumber(threshold) + ", \"passed\": " + (percent ? (*percent >= threshold ? "true" : "false") : "null") +
               ",\n   \"dimensions\": {";
        const auto dims = ix.m_dims.find(a.m_id);
        if (dims != ix.m_dims.end())
            for (size_t k = 0; k < dims->second.size(); ++k) {
                const AttemptDimensionRow& r = *dims->second[k];
                out += (k ? ", " : "") + JsonString(ToString(r.m_dimension)) + ": {\"score\": " + JsonNumber(r.m_score) +
                       ", \"max\": " + JsonNumber(r.m_max) + ", \"items\": " + std::to_string(r.m_itemCount) +
                       ", \"full_marks\": " + std::to_string(r.m_fullCount) + ", \"deductions\": " +
                       std::to_string(r.m_deductionCount) + ", \"deducted\": " + JsonNumber(r.m_deductedPoints) + "}";
            }
        out += "},\n   \"items\": [";
        const auto items = ix.m_items.find(a.m_id);
        if (items != ix.m_items.end())
            for (size_t k = 0; k < items->second.size(); ++k) {
                const ItemScoreRow& r = *items->second[k];
                out += (k ? ", " : "") + std::string("{\"id\": ") + JsonString(r.m_itemId) + ", \"kind\": " +
                       JsonString(r.m_kind == ItemKind::Question ? "question" : "ticket") + ", \"title\": " +
                       JsonString(r.m_title) + ", \"score\": " + JsonNumber(r.m_score) + ", \"max\": " +
                       JsonNumber(r.m_max) + "}";
            }
        out += "]}";
    }
    out += d.m_attempts.empty() ? "]}\n" : "\n ]}\n";
    return out;
}

std::string ExportXapi(const ExportData& d, const std::string& homePageIn) {
    if (const auto problem = HomePageProblem(homePageIn)) throw ExportError(*problem);
    const Index ix(d);
    const std::string home = TrimSlash(homePageIn);
    std::string out = "[";
    bool first = true;
    for (const Attempt& a : d.m_attempts) {
        const auto percent = AttemptPercent(a);
        if (!a.m_finished || !percent) continue; // only finished, scored attempts have a result
        (void)CheckedIsoTime(a.m_startedWall, a, "start"); // the duration and the statement id rest on it
        const double threshold = d.m_thresholds.For(a.m_labId);
        const bool passed = *percent >= threshold;
        const double max = std::max(0.0, a.m_max.value_or(0.0));
        const double raw = std::clamp(a.m_score.value_or(0.0), 0.0, max);
        const double scaled = max > 0.0 ? raw / max : 0.0;
        const std::string verb = passed ? "passed" : "failed";
        out += first ? "\n" : ",\n";
        first = false;
        // A name-based id, so an LRS recognises a re-sent statement instead of storing it twice.
        const std::string name = ix.Name(a.m_traineeId);
        const std::string id = StatementId({home, name, a.m_startedWall, a.m_id, "result/" + verb, a.m_scoredWithHash});
        out += " {\"id\": " + JsonString(id) + ",\n  \"actor\": {\"objectType\": \"Agent\", \"name\": " + JsonString(name) +
               ", \"account\": {\"homePage\": " + JsonString(home) + ", \"name\": " + JsonString(name) +
               "}},\n  \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/" + verb +
               "\", \"display\": {\"en-US\": \"" + verb + "\"}},\n  \"object\": {\"objectType\": \"Activity\", \"id\": " +
               JsonString(home + "/scenarios/" + IriSegment(a.m_scenarioId)) +
               ", \"definition\": {\"name\": {\"en-US\": " + JsonString(ScenarioName(d, a.m_scenarioId)) +
               "}, \"type\": \"http://adlnet.gov/expapi/activities/assessment\"}},\n  \"result\": {" +
               // xAPI requires min < max: a scenario with nothing to score has a result without a score.
               (max > 0.0 ? "\"score\": {\"scaled\": " + JsonNumber(scaled) + ", \"raw\": " + JsonNumber(raw) +
                                ", \"min\": 0, \"max\": " + JsonNumber(max) + "}, "
                          : std::string()) +
               "\"success\": " + (passed ? "true" : "false") + ", \"completion\": true, \"duration\": " +
               JsonString(FormatIsoDuration(TimeOnTask(a))) + "},\n  \"context\": {";
        if (a.m_labId)
            out += "\"contextActivities\": {\"parent\": [{\"objectType\": \"Activity\", \"id\": " +
                   JsonString(home + "/labs/" + IriSegment(*a.m_labId)) + "}]}, ";
        out += "\"extensions\": {" + JsonString(home + "/xapi/attempt-id") + ": " + std::to_string(a.m_id) + ", " +
               JsonString(home + "/xapi/content-hash") + ": " + JsonString(a.m_scoredWithHash) + ", " +
               JsonString(home + "/xapi/pass-threshold") + ": " + JsonNumber(threshold) + ", " +
               JsonString(home + "/xapi/cohort") + ": " + JsonString(ix.Cohort(a.m_traineeId)) + "}},\n  \"timestamp\": " +
               JsonString(CheckedIsoTime(a.m_endedWall.value_or(a.m_startedWall), a, "end")) + "}";
    }
    out += first ? "]\n" : "\n]\n";
    return out;
}

} // namespace sl
