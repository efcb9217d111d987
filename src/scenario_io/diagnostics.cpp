// SupportLab scenario_io: formatting and counting diagnostics.
#include "scenario_io/diagnostics.hpp"

namespace sl {

std::string FormatDiagnostic(const Diagnostic& d) {
    std::string out = d.m_path;
    if (d.m_line > 0) {
        out += ":" + std::to_string(d.m_line);
        if (d.m_col > 0) out += ":" + std::to_string(d.m_col);
    }
    out += d.m_severity == DiagSeverity::Error ? ": error: " : ": warning: ";
    out += d.m_message;
    return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) { return CountErrors(diagnostics) > 0; }

int CountErrors(const std::vector<Diagnostic>& diagnostics) {
    int n = 0;
    for (const Diagnostic& d : diagnostics)
        if (d.m_severity == DiagSeverity::Error) ++n;
    return n;
}

} // namespace sl
