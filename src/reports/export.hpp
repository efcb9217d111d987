// SupportLab reports: exports of stored results as CSV (RFC 4180), JSON and xAPI statements.
#pragma once

#include "reports/reports.hpp"

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sl {

// Everything an export covers (plain rows, as the store returns them).
struct ExportData {
    PassThresholds m_thresholds;
    std::vector<Trainee> m_trainees;
    std::vector<Attempt> m_attempts;
    std::vector<ItemScoreRow> m_items;
    std::vector<AttemptDimensionRow> m_dimensions;
    // Scenario id -> title, from the scenario files where the caller has them (the store keeps
    // ids). xAPI names each scenario activity by its title; by its id when the title is unknown.
    std::map<std::string, std::string> m_scenarioTitles;
};

// Thrown by the exports when the data holds something no reader would accept (a wall time outside
// 1970..9999, an xAPI home page that is not a full URL); nothing is written then. Callers catch it
// at their boundary and show its message.
class ExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The last wall time an export writes: 9999-12-31T23:59:59.999Z.
inline constexpr WallTime kMaxExportWallTime = 253402300799999;

// Why `url` cannot be the xAPI home page (a full http or https URL with a host name, optional port
// and path), or nullopt when it can.
std::optional<std::string> HomePageProblem(const std::string& url);

// One row per attempt (finished or not) with its totals and per-dimension scores; CRLF line ends.
std::string ExportCsv(const ExportData& d);
// Trainees, and attempts with their items and dimensions, as one JSON document.
std::string ExportJson(const ExportData& d);
// A JSON array of xAPI 1.0.3 statements, one per finished attempt: a deterministic id (a name-based
// UUID, reports/statement_id.hpp: the same attempt exported again gets the same id), actor (the
// trainee as an account on homePage), verb passed/failed against the lab's threshold, object (the
// scenario as an activity), result (scaled, raw, min, max score; success; completion; duration),
// context and timestamp.
std::string ExportXapi(const ExportData& d, const std::string& homePage = "https://supportlab.invalid");

} // namespace sl
