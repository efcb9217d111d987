// SupportLab scenario_io: diagnostics — one problem in one file, written like a compiler message.
#pragma once

#include <string>
#include <vector>

namespace sl {

enum class DiagSeverity { Error, Warning };

// One problem found in a file. m_line and m_col are 1-based; 0 means "the whole file".
struct Diagnostic {
    std::string m_path;
    int m_line = 0;
    int m_col = 0;
    DiagSeverity m_severity = DiagSeverity::Error;
    std::string m_message;
};

// "path:line:col: error: message" (or "path: error: message" when the position is unknown).
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// True when any diagnostic is an error (warnings alone do not make a file invalid).
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

int CountErrors(const std::vector<Diagnostic>& diagnostics);

} // namespace sl
