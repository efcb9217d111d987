// SupportLab core: the action-script parser and writer (docs/action-script.md).
#include "core/action.hpp"

// [SECTION] Limits and helpers
// [SECTION] Tokenizer
// [SECTION] Verb parsers
// [SECTION] ParseActionScript
// [SECTION] FormatAction

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace sl {

//-----------------------------------------------------------------------------
// [SECTION] Limits and helpers
//-----------------------------------------------------------------------------

namespace {

constexpr size_t kMaxScriptBytes = 4u * 1024u * 1024u;
constexpr int kMaxLines = 100000;
constexpr size_t kMaxWordsPerLine = 1000;
constexpr size_t kMaxErrors = 1000;  // keeps the report (and memory) bounded on garbage input
constexpr int kMaxHintIndex = 1000000;

struct Word {
    std::string m_text;
    int m_col = 0; // 1-based byte column where the word starts
    bool m_quoted = false;
};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// A word echoed in a message, cut short so hostile input cannot blow up the error list.
std::string Shown(const std::string& word) { return word.size() <= 64 ? word : word.substr(0, 64) + "..."; }

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Levenshtein distance for short words only (callers bound the length), for "did you mean".
size_t EditDistance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// Durations in scripts: "90", "90s", "5m", "1h30m" (ParseDuration), or a clock "12:30" / "1:05:00"
// for `at`.
std::optional<SimTime> ParseClockOrDuration(const std::string& text, bool allowClock) {
    if (!allowClock || text.find(':') == std::string::npos) return ParseDuration(text);
    SimTime parts[3] = {0, 0, 0};
    int count = 0;
    size_t i = 0;
    while (i <= text.size()) {
        if (count == 3) return std::nullopt;
        size_t digits = 0;
        SimTime n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (++digits > 6) return std::nullopt;
            n = n * 10 + (text[i] - '0');
            ++i;
        }
        if (digits == 0) return std::nullopt;
        parts[count++] = n;
        if (i == text.size()) break;
        if (text[i] != ':') return std::nullopt;
        ++i;
    }
    if (count < 2) return std::nullopt;
    // The later fields are minutes/seconds and must stay below 60.
    for (int k = 1; k < count; ++k)
        if (parts[k] >= 60) return std::nullopt;
    const SimTime total = count == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1];
    if (total > 366LL * 24 * 3600) return std::nullopt;
    return total;
}

//-----------------------------------------------------------------------------
// [SECTION] Tokenizer
//-----------------------------------------------------------------------------

class LineParser {
public:
    LineParser(int lineNo, std::vector<ScriptError>& errors) : m_lineNo(lineNo), m_errors(errors) {}

    void Error(int col, std::string message) { m_errors.push_back({m_lineNo, col, std::move(message)}); }

    // Splits one line into words. Returns false (after reporting) when the line is unusable.
    bool Tokenize(const char* p, size_t n, std::vector<Word>& words) {
        size_t i = 0;
        bool ok = true;
        while (i < n) {
            if (IsSpace(p[i])) { ++i; continue; }
            if (p[i] == '#') break;
            if (words.size() >= kMaxWordsPerLine) {
                Error(static_cast<int>(i) + 1, "more than 1,000 words on one line");
                return false;
            }
            Word w;
            w.m_col = static_cast<int>(i) + 1;
            if (p[i] == '"') {
                w.m_quoted = true;
                if (!ReadQuoted(p, n, i, w.m_text)) return false;
                if (i < n && !IsSpace(p[i]) && p[i] != '#') {
                    Error(static_cast<int>(i) + 1, "expected a space after the closing quote");
                    return false;
                }
            } else {
                while (i < n && !IsSpace(p[i]) && p[i] != '#') {
                    const unsigned char c = static_cast<unsigned char>(p[i]);
                    if (p[i] == '"') {
                        Error(static_cast<int>(i) + 1, "a quote may only start a word; quote the whole word");
                        return false;
                    }
                    if (IsControl(c)) {
                        Error(static_cast<int>(i) + 1, "control character in a word (write it inside quotes as \\xHH)");
                        ok = false;
                    }
                    w.m_text.push_back(p[i]);
                    ++i;
                }
            }
            words.push_back(std::move(w));
        }
        return ok;
    }

private:
    // Reads a quoted word starting at p[i] == '"'; leaves i after the closing quote.
    bool ReadQuoted(const char* p, size_t n, size_t& i, std::string& out) {
        const size_t open = i;
        ++i;
        while (i < n) {
            const char c = p[i];
            if (c == '"') { ++i; return true; }
            if (c == '\\') {
                if (i + 1 >= n) break;
                const char e = p[i + 1];
                switch (e) {
                case '"': out.push_back('"'); i += 2; continue;
                case '\\': out.push_back('\\'); i += 2; continue;
                case 'n': out.push_back('\n'); i += 2; continue;
                case 't': out.push_back('\t'); i += 2; continue;
                case 'r': out.push_back('\r'); i += 2; continue;
                case 'x': {
                    const int hi = i + 2 < n ? HexValue(p[i + 2]) : -1;
                    const int lo = i + 3 < n ? HexValue(p[i + 3]) : -1;
                    if (hi < 0 || lo < 0) {
                        Error(static_cast<int>(i) + 1, "\\x needs two hex digits");
                        return false;
                    }
                    out.push_back(static_cast<char>(hi * 16 + lo));
                    i += 4;
                    continue;
                }
                default:
                    Error(static_cast<int>(i) + 1, "unknown escape '\\" + std::string(1, e) +
                                                       "' (use \\\", \\\\, \\n, \\t, \\r or \\xHH)");
                    return false;
                }
            }
            if (IsControl(static_cast<unsigned char>(c)) && c != '\t') {
                Error(static_cast<int>(i) + 1, "control character inside quotes (write it as \\xHH)");
                return false;
            }
            out.push_back(c);
            ++i;
        }
        Error(static_cast<int>(open) + 1, "unterminated quote");
        return false;
    }

    int m_lineNo;
    std::vector<ScriptError>& m_errors;
};

//-----------------------------------------------------------------------------
// [SECTION] Verb parsers
//-----------------------------------------------------------------------------

struct VerbInfo {
    const char* m_name;
    const char* m_usage; // shown when the word count is wrong
    size_t m_minWords;   // after the verb
    size_t m_maxWords;   // after the verb; SIZE_MAX for open-ended
};

constexpr size_t kOpen = static_cast<size_t>(-1);

const VerbInfo kVerbs[] = {
    {"seed", "seed N", 1, 1},
    {"wait", "wait DURATION", 1, 1},
    {"at", "at TIME | at arrival TICKET", 1, 2},
    {"ack", "ack TICKET", 1, 1},
    {"ask", "ask TICKET FACT", 2, 2},
    {"diagnose", "diagnose TICKET FACT", 2, 2},
    {"step", "step TICKET STEP", 2, 2},
    {"triage", "triage TICKET [category=C] [impact=I] [urgency=U] [certainty=low|medium|high]", 2, 4},
    {"elevate", "elevate TICKET", 1, 1},
    {"link", "link TICKET LABEL", 2, 2},
    {"escalate", "escalate TICKET DESTINATION \"NOTE\" [severity=S] [certainty=low|medium|high]", 2, 3},
    {"resolve", "resolve TICKET CODE [certainty=low|medium|high]", 2, 2},
    {"hint", "hint TICKET-OR-QUESTION INDEX", 2, 2},
    {"answer", "answer QUESTION TOKEN...", 2, kOpen},
    {"pend", "pend TICKET user|vendor", 2, 2},
    {"share", "share TICKET \"WHAT THE TREND IS\"", 2, 2},
    {"route", "route TICKET accepted|returned", 2, 2},
    {"result", "result TICKET STEP fixed|unfixed \"TEXT\" [FACT \"FACT TEXT\"]...", 4, kOpen},
    {"inject", "inject INJECT [at TIME | skip]", 1, 3},
};

const VerbInfo* FindVerb(const std::string& name) {
    for (const VerbInfo& v : kVerbs)
        if (name == v.m_name) return &v;
    return nullptr;
}

std::string SuggestVerb(const std::string& word) {
    if (word.size() > 32) return {};
    std::string lower = word;
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const VerbInfo* best = nullptr;
    size_t bestDist = 3;
    for (const VerbInfo& v : kVerbs) {
        const size_t d = EditDistance(lower, v.m_name);
        if (d < bestDist) { bestDist = d; best = &v; }
    }
    return best ? std::string(best->m_name) : std::string();
}

std::optional<std::uint64_t> ParseUnsigned(const std::string& s) {
    if (s.empty() || s.size() > 20) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (v > (~std::uint64_t{0} - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

// Parses the words after a known verb into an action; reports problems and returns false on error.
bool ParseVerb(const VerbInfo& verb, const std::vector<Word>& w, LineParser& lp, Action& a) {
    const std::string name = verb.m_name;
    a.m_target = w.size() > 1 ? w[1].m_text : std::string();
    if (name == "at" && w.size() == 3) {
        a.m_type = ActionType::WaitUntil;
        a.m_target = w[2].m_text;
        if (w[1].m_text != "arrival") {
            lp.Error(w[1].m_col, "at takes a time (at 1:05:00) or a ticket's arrival (at arrival TICKET), got '" +
                                     Shown(w[1].m_text) + "'");
            return false;
        }
        if (a.m_target.empty()) {
            lp.Error(w[2].m_col, "empty ticket id");
            return false;
        }
        return true;
    }
    if (name == "wait" || name == "at") {
        a.m_type = name == "wait" ? ActionType::Wait : ActionType::WaitUntil;
        const auto d = ParseClockOrDuration(w[1].m_text, name == "at");
        a.m_target.clear();
        if (!d) {
            lp.Error(w[1].m_col, "bad " + std::string(name == "at" ? "time" : "duration") + " '" + Shown(w[1].m_text) +
                                     "' (e.g. 90s, 5m, 1h30m" + (name == "at" ? ", 1:05:00" : "") + ")");
            return false;
        }
        a.m_duration = *d;
        return true;
    }
    if (name == "inject") {
        a.m_type = ActionType::Inject;
        a.m_arg = "now";
        if (a.m_target.empty()) {
            lp.Error(w[1].m_col, "empty inject id");
            return false;
        }
        if (w.size() == 2) return true;
        if (w[2].m_text == "skip" && w.size() == 3) {
            a.m_arg = "skip";
            return true;
        }
        if (w[2].m_text != "at" || w.size() != 4) {
            lp.Error(w[2].m_col, "inject takes 'at TIME' or 'skip' after the inject id, got '" + Shown(w[2].m_text) + "'");
            return false;
        }
        const auto d = ParseClockOrDuration(w[3].m_text, true);
        if (!d) {
            lp.Error(w[3].m_col, "bad time '" + Shown(w[3].m_text) + "' (e.g. 1:05:00, 45m)");
            return false;
        }
        a.m_arg = "at";
        a.m_duration = *d;
        return true;
    }
    bool ok = true;
    if (a.m_target.empty()) {
        lp.Error(w[1].m_col, "empty ticket or question id");
        ok = false;
    }
    auto needArg = [&](size_t i, const char* what) {
        if (w[i].m_text.empty()) {
            lp.Error(w[i].m_col, std::string("empty ") + what);
            ok = false;
        }
        a.m_arg = w[i].m_text;
    };
    if (name == "ack") {
        a.m_type = ActionType::Acknowledge;
    } else if (name == "ask") {
        a.m_type = ActionType::Ask;
        needArg(2, "fact id");
    } else if (name == "diagnose") {
        a.m_type = ActionType::Diagnose;
        needArg(2, "fact id");
    } else if (name == "step") {
        a.m_type = ActionType::Step;
        needArg(2, "step id");
    } else if (name == "elevate") {
        a.m_type = ActionType::Elevate;
    } else if (name == "link") {
        a.m_type = ActionType::Link;
        needArg(2, "incident label");
    } else if (name == "pend") {
        a.m_type = ActionType::Pend;
        needArg(2, "party");
        if (w.size() > 2 && w[2].m_text != "user" && w[2].m_text != "vendor") {
            lp.Error(w[2].m_col, "a ticket is pending on the user or a vendor, got '" + Shown(w[2].m_text) + "'");
            ok = false;
        }
    } else if (name == "route") {
        a.m_type = ActionType::RouteOutcome;
        needArg(2, "outcome");
        if (w.size() > 2 && w[2].m_text != "accepted" && w[2].m_text != "returned") {
            lp.Error(w[2].m_col, "a route outcome is accepted or returned, got '" + Shown(w[2].m_text) + "'");
            ok = false;
        }
    } else if (name == "result") {
        a.m_type = ActionType::StepOutcome;
        needArg(2, "step id");
        if (w[3].m_text != "fixed" && w[3].m_text != "unfixed") {
            lp.Error(w[3].m_col, "a step result is fixed or unfixed, got '" + Shown(w[3].m_text) + "'");
            ok = false;
        }
        a.m_index = w[3].m_text == "fixed" ? 1 : 0;
        if (w.size() > 4) a.m_note = w[4].m_text;
        if (w.size() > 5 && (w.size() - 5) % 2 != 0) {
            lp.Error(w.back().m_col, "each revealed fact needs its id and its quoted text");
            ok = false;
        }
        for (size_t i = 5; i + 1 < w.size(); i += 2) {
            if (w[i].m_text.empty()) {
                lp.Error(w[i].m_col, "empty fact id");
                ok = false;
            }
            a.m_tokens.push_back(w[i].m_text);
            a.m_tokens.push_back(w[i + 1].m_text);
        }
    } else if (name == "resolve") {
        a.m_type = ActionType::Resolve;
        needArg(2, "resolution code");
    } else if (name == "escalate") {
        a.m_type = ActionType::Escalate;
        needArg(2, "destination");
        if (w.size() < 4 || w[3].m_text.find_first_not_of(" \t\r\n") == std::string::npos) {
            lp.Error(w.size() < 4 ? w[2].m_col : w[3].m_col,
                     "escalate needs a note for the receiving team: escalate TICKET DESTINATION \"NOTE\"");
            ok = false;
        } else {
            a.m_note = w[3].m_text;
        }
    } else if (name == "share") {
        a.m_type = ActionType::Share;
        if (w[2].m_text.find_first_not_of(" \t\r\n") == std::string::npos) {
            lp.Error(w[2].m_col, "share needs what the trend is: share TICKET \"WHAT THE TREND IS\"");
            ok = false;
        } else {
            a.m_note = w[2].m_text;
        }
    } else if (name == "hint") {
        a.m_type = ActionType::Hint;
        const auto n = ParseUnsigned(w[2].m_text);
        if (!n || *n > static_cast<std::uint64_t>(kMaxHintIndex)) {
            lp.Error(w[2].m_col, "hint index must be a whole number from 0, got '" + Shown(w[2].m_text) + "'");
            ok = false;
        } else {
            a.m_index = static_cast<int>(*n);
        }
    } else if (name == "answer") {
        a.m_type = ActionType::Answer;
        for (size_t i = 2; i < w.size(); ++i) {
            if (w[i].m_text.empty()) {
                lp.Error(w[i].m_col, "empty answer token");
                ok = false;
            }
            a.m_tokens.push_back(w[i].m_text);
        }
    } else if (name == "triage") {
        a.m_type = ActionType::Triage;
        bool seen[3] = {false, false, false};
        static const char* const kKeys[3] = {"category", "impact", "urgency"};
        for (size_t i = 2; i < w.size(); ++i) {
            const std::string& t = w[i].m_text;
            const size_t eq = t.find('=');
            if (eq == std::string::npos) {
                lp.Error(w[i].m_col, "expected category=, impact= or urgency=, got '" + Shown(t) + "'");
                ok = false;
                continue;
            }
            const std::string key = t.substr(0, eq), value = t.substr(eq + 1);
            int k = -1;
            for (int j = 0; j < 3; ++j)
                if (key == kKeys[j]) k = j;
            if (k < 0) {
                lp.Error(w[i].m_col, "unknown triage field '" + Shown(key) + "' (use category, impact or urgency; certainty= comes last)");
                ok = false;
                continue;
            }
            if (seen[k]) {
                lp.Error(w[i].m_col, "triage field '" + key + "' given twice");
                ok = false;
                continue;
            }
            seen[k] = true;
            if (value.empty()) {
                lp.Error(w[i].m_col, "empty value for '" + key + "'");
                ok = false;
                continue;
            }
            (k == 0 ? a.m_category : k == 1 ? a.m_impact : a.m_urgency) = value;
        }
    }
    return ok;
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] ParseActionScript
//-----------------------------------------------------------------------------

ScriptParseResult ParseActionScript(const std::string& text) {
    ScriptParseResult result;
    std::vector<ScriptError> errors;
    if (text.size() > kMaxScriptBytes) {
        result.m_errors.push_back({1, 1, "action script is larger than 4 MiB (" + std::to_string(text.size()) + " bytes)"});
        return result;
    }
    bool anyAction = false;
    int lineNo = 0;
    size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0; // editors on Windows add a UTF-8 BOM
    while (pos < text.size() && errors.size() <= kMaxErrors) {
        ++lineNo;
        if (lineNo > kMaxLines) {
            errors.push_back({lineNo, 1, "action script has more than 100,000 lines"});
            break;
        }
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        size_t len = end - pos;
        if (len > 0 && text[pos + len - 1] == '\r') --len; // CRLF files
        const size_t errorsBefore = errors.size();
        LineParser lp(lineNo, errors);
        std::vector<Word> words;
        const bool tokensOk = lp.Tokenize(text.data() + pos, len, words);
        pos = end + 1;
        if (!tokensOk || words.empty()) continue;

        const VerbInfo* verb = FindVerb(words[0].m_text);
        if (!verb) {
            const std::string suggestion = SuggestVerb(words[0].m_text);
            lp.Error(words[0].m_col, "unknown action '" + Shown(words[0].m_text) + "'" +
                                         (suggestion.empty() ? std::string() : "; did you mean '" + suggestion + "'?"));
            continue;
        }
        // A decision's certainty (certainty-based marking) ends the line; any decision may carry one.
        int certainty = 0;
        const bool decision = std::strcmp(verb->m_name, "triage") == 0 || std::strcmp(verb->m_name, "escalate") == 0 ||
                              std::strcmp(verb->m_name, "resolve") == 0;
        if (decision && words.size() > 2 && !words.back().m_quoted && words.back().m_text.rfind("certainty=", 0) == 0) {
            const std::string level = words.back().m_text.substr(10);
            certainty = CertaintyFromName(level);
            if (certainty == 0) {
                lp.Error(words.back().m_col, "certainty is low, medium or high, got '" + Shown(level) + "'");
                continue;
            }
            words.pop_back();
        }
        // An escalation's request severity (where the destination takes one) comes before it.
        std::string severity;
        if (std::strcmp(verb->m_name, "escalate") == 0 && words.size() > 2 && !words.back().m_quoted &&
            words.back().m_text.rfind("severity=", 0) == 0) {
            severity = words.back().m_text.substr(9);
            if (severity.empty()) {
                lp.Error(words.back().m_col, "severity= needs the severity's id, e.g. severity=b");
                continue;
            }
            words.pop_back();
        }
        const size_t args = words.size() - 1;
        if (args < verb->m_minWords || (verb->m_maxWords != kOpen && args > verb->m_maxWords)) {
            // escalate's missing note gets its own, clearer message below.
            if (!(std::strcmp(verb->m_name, "escalate") == 0 && args == 2)) {
                const int col = args > verb->m_maxWords && verb->m_maxWords != kOpen
                                    ? words[verb->m_maxWords + 1].m_col
                                    : words[0].m_col;
                lp.Error(col, std::string(args < verb->m_minWords ? "too few" : "too many") + " words for '" +
                                  verb->m_name + "'; usage: " + verb->m_usage +
                                  (std::strcmp(verb->m_name, "escalate") == 0 ? " (quote the note)" : ""));
                continue;
            }
        }
        if (std::strcmp(verb->m_name, "seed") == 0) {
            if (anyAction) {
                lp.Error(words[0].m_col, "seed must come before any action");
            } else if (result.m_script.m_seed) {
                lp.Error(words[0].m_col, "seed given twice");
            } else if (const auto n = ParseUnsigned(words[1].m_text)) {
                result.m_script.m_seed = *n;
            } else {
                lp.Error(words[1].m_col, "seed must be a whole number from 0 to 18446744073709551615, got '" +
                                             Shown(words[1].m_text) + "'");
            }
            continue;
        }
        anyAction = true;
        Action a;
        a.m_line = lineNo;
        a.m_certainty = certainty;
        a.m_severity = severity;
        if (ParseVerb(*verb, words, lp, a) && errors.size() == errorsBefore) result.m_script.m_actions.push_back(std::move(a));
    }
    if (errors.size() > kMaxErrors) {
        const size_t dropped = errors.size() - kMaxErrors;
        errors.resize(kMaxErrors);
        errors.push_back({errors.back().m_line, 1, "too many errors; " + std::to_string(dropped) + " more not shown"});
    }
    for (auto& e : errors) result.m_errors.push_back(std::move(e));
    if (!result.m_errors.empty()) result.m_script.m_actions.clear(); // a broken script is never half-replayed
    return result;
}

//-----------------------------------------------------------------------------
// [SECTION] FormatAction
//-----------------------------------------------------------------------------

namespace {

// A word as the parser reads it back: bare when safe, otherwise quoted with escapes.
std::string Quote(const std::string& word) {
    bool bare = !word.empty();
    for (char c : word)
        if (IsSpace(c) || c == '"' || c == '#' || c == '\\' || IsControl(static_cast<unsigned char>(c))) bare = false;
    // A bare last word "certainty=..." or "severity=..." reads as a decision's certainty or an
    // escalation's severity, so a note like it is quoted.
    if (word.rfind("certainty=", 0) == 0 || word.rfind("severity=", 0) == 0) bare = false;
    if (bare) return word;
    std::string out = "\"";
    for (char c : word) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (IsControl(static_cast<unsigned char>(c))) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out.push_back(c);
            }
        }
    }
    out += "\"";
    return out;
}

// "1h05m30s": every non-zero part, so any duration the parser accepts reads back exactly.
std::string ScriptDuration(SimTime s) {
    if (s <= 0) return "0s";
    std::string out;
    const SimTime h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
    if (h) out += std::to_string(h) + "h";
    if (m) out += std::to_string(m) + "m";
    if (sec) out += std::to_string(sec) + "s";
    return out;
}

} // namespace

bool CarriesCertainty(ActionType t) {
    return t == ActionType::Triage || t == ActionType::Escalate || t == ActionType::Resolve;
}

const char* CertaintyName(int certainty) {
    switch (certainty) {
    case 1: return "low";
    case 2: return "medium";
    case 3: return "high";
    default: return "";
    }
}

int CertaintyFromName(const std::string& name) {
    for (int c = 1; c <= 3; ++c)
        if (name == CertaintyName(c)) return c;
    return 0;
}

const char* ToString(ActionType t) {
    switch (t) {
    case ActionType::Wait: return "wait";
    case ActionType::WaitUntil: return "at";
    case ActionType::Acknowledge: return "ack";
    case ActionType::Ask: return "ask";
    case ActionType::Diagnose: return "diagnose";
    case ActionType::Step: return "step";
    case ActionType::Triage: return "triage";
    case ActionType::Elevate: return "elevate";
    case ActionType::Link: return "link";
    case ActionType::Escalate: return "escalate";
    case ActionType::Resolve: return "resolve";
    case ActionType::Hint: return "hint";
    case ActionType::Answer: return "answer";
    case ActionType::RouteOutcome: return "route";
    case ActionType::StepOutcome: return "result";
    case ActionType::Pend: return "pend";
    case ActionType::Share: return "share";
    case ActionType::Inject: return "inject";
    }
    return "?";
}

std::string FormatAction(const Action& a) {
    std::string out = ToString(a.m_type);
    auto add = [&](const std::string& word) { out += " " + Quote(word); };
    switch (a.m_type) {
    case ActionType::Wait:
    case ActionType::WaitUntil:
        if (!a.m_target.empty()) {
            out += " arrival";
            add(a.m_target);
        } else {
            out += " " + ScriptDuration(a.m_duration);
        }
        break;
    case ActionType::Acknowledge:
    case ActionType::Elevate: add(a.m_target); break;
    case ActionType::Ask:
    case ActionType::Diagnose:
    case ActionType::Step:
    case ActionType::Link:
    case ActionType::Resolve:
    case ActionType::RouteOutcome:
    case ActionType::Pend:
        add(a.m_target);
        add(a.m_arg);
        break;
    case ActionType::Share:
        add(a.m_target);
        add(a.m_note);
        break;
    case ActionType::Escalate:
        add(a.m_target);
        add(a.m_arg);
        add(a.m_note);
        if (!a.m_severity.empty()) out += " severity=" + a.m_severity;
        break;
    case ActionType::Triage:
        add(a.m_target);
        if (!a.m_category.empty()) add("category=" + a.m_category);
        if (!a.m_impact.empty()) add("impact=" + a.m_impact);
        if (!a.m_urgency.empty()) add("urgency=" + a.m_urgency);
        break;
    case ActionType::Hint:
        add(a.m_target);
        out += " " + std::to_string(a.m_index);
        break;
    case ActionType::Answer:
        add(a.m_target);
        for (const std::string& t : a.m_tokens) add(t);
        break;
    case ActionType::StepOutcome:
        add(a.m_target);
        add(a.m_arg);
        out += a.m_index ? " fixed" : " unfixed";
        out += " " + Quote(a.m_note);
        for (size_t i = 0; i + 1 < a.m_tokens.size(); i += 2) {
            add(a.m_tokens[i]);
            out += " " + Quote(a.m_tokens[i + 1]);
        }
        break;
    case ActionType::Inject:
        add(a.m_target);
        if (a.m_arg == "skip") out += " skip";
        else if (a.m_arg == "at") out += " at " + ScriptDuration(a.m_duration);
        break;
    }
    if (a.m_certainty > 0 && CarriesCertainty(a.m_type))
        out += std::string(" certainty=") + CertaintyName(a.m_certainty);
    return out;
}

std::string FormatActionScript(const ActionScript& script) {
    std::string out;
    if (script.m_seed) out += "seed " + std::to_string(*script.m_seed) + "\n";
    for (const Action& a : script.m_actions) out += FormatAction(a) + "\n";
    return out;
}

} // namespace sl
