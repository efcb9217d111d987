// SupportLab reports tests: small builders for the plain rows reports are computed from.
#pragma once

#include "reports/reports.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sl::test {

// A finished attempt scoring score/max (or unfinished when max is 0).
inline Attempt MakeAttempt(RowId id, RowId trainee, const std::string& scenario, double score, double max,
                           WallTime start = 0, WallTime end = 0, std::optional<std::string> lab = {}) {
    Attempt a;
    a.m_id = id;
    a.m_traineeId = trainee;
    a.m_scenarioId = scenario;
    a.m_startedWall = start;
    a.m_labId = std::move(lab);
    if (max > 0) {
        a.m_finished = true;
        a.m_score = score;
        a.m_max = max;
        a.m_endedWall = end;
    }
    return a;
}

inline AttemptDimensionRow DimRow(RowId attempt, Dimension d, double score, double max, int items, int full,
                                  int deductions = 0, double deducted = 0.0) {
    return AttemptDimensionRow{attempt, d, score, max, items, full, deductions, deducted};
}

// A tiny JSON syntax checker (RFC 8259 grammar, no semantics), so renderers are checked for validity.
class JsonChecker {
public:
    explicit JsonChecker(const std::string& s) : m_s(s) {}
    bool Valid() {
        Ws();
        if (!Value()) return false;
        Ws();
        return m_i == m_s.size();
    }

private:
    void Ws() {
        while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\n' || m_s[m_i] == '\r' || m_s[m_i] == '\t')) ++m_i;
    }
    bool Lit(const char* w) {
        const std::string word(w);
        if (m_s.compare(m_i, word.size(), word) != 0) return false;
        m_i += word.size();
        return true;
    }
    bool String() {
        if (m_s[m_i] != '"') return false;
        for (++m_i; m_i < m_s.size(); ++m_i) {
            const unsigned char c = static_cast<unsigned char>(m_s[m_i]);
            if (c < 0x20) return false;
            if (c == '\\') {
                ++m_i;
                if (m_i >= m_s.size()) return false;
                if (m_s[m_i] == 'u') {
                    for (int k = 0; k < 4; ++k)
                        if (++m_i >= m_s.size() || !std::isxdigit(static_cast<unsigned char>(m_s[m_i]))) return false;
                } else if (std::string("\"\\/bfnrt").find(m_s[m_i]) == std::string::npos) {
                    return false;
                }
            } else if (c == '"') {
                ++m_i;
                return true;
            }
        }
        return false;
    }
    bool Number() {
        const size_t start = m_i;
        if (m_s[m_i] == '-') ++m_i;
        if (m_i >= m_s.size() || !std::isdigit(static_cast<unsigned char>(m_s[m_i]))) return false;
        if (m_s[m_i] == '0') ++m_i;
        else while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
        if (m_i < m_s.size() && m_s[m_i] == '.') {
            ++m_i;
            if (m_i >= m_s.size() || !std::isdigit(static_cast<unsigned char>(m_s[m_i]))) return false;
            while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
        }
        if (m_i < m_s.size() && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
            ++m_i;
            if (m_i < m_s.size() && (m_s[m_i] == '+' || m_s[m_i] == '-')) ++m_i;
            if (m_i >= m_s.size() || !std::isdigit(static_cast<unsigned char>(m_s[m_i]))) return false;
            while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
        }
        return m_i > start;
    }
    bool Value() {
        if (m_i >= m_s.size() || ++m_depth > 200) return false;
        bool ok = false;
        const char c = m_s[m_i];
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++m_i;
            Ws();
            if (m_i < m_s.size() && m_s[m_i] == close) {
                ++m_i;
                ok = true;
            } else {
                for (;;) {
                    Ws();
                    if (c == '{') {
                        if (m_i >= m_s.size() || !String()) return false;
                        Ws();
                        if (m_i >= m_s.size() || m_s[m_i++] != ':') return false;
                        Ws();
                    }
                    if (!Value()) return false;
                    Ws();
                    if (m_i >= m_s.size()) return false;
                    if (m_s[m_i] == ',') { ++m_i; continue; }
                    if (m_s[m_i] == close) { ++m_i; ok = true; break; }
                    return false;
                }
            }
        } else if (c == '"') {
            ok = String();
        } else if (c == 't') {
            ok = Lit("true");
        } else if (c == 'f') {
            ok = Lit("false");
        } else if (c == 'n') {
            ok = Lit("null");
        } else {
            ok = Number();
        }
        --m_depth;
        return ok;
    }

    const std::string& m_s;
    size_t m_i = 0;
    int m_depth = 0;
};

inline bool ValidJson(const std::string& s) { return JsonChecker(s).Valid(); }

} // namespace sl::test
