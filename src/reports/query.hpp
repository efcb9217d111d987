// SupportLab reports: fetching a report's rows through the Store interface (no SQLite here).
#pragma once

#include "reports/export.hpp"
#include "reports/reports.hpp"
#include "store/store.hpp"

#include <optional>
#include <string>

namespace sl {

// Which attempts a report covers. With a cohort, every trainee of the cohort gets a row; without,
// the trainees who have attempts in the selection do.
struct ReportQuery {
    std::optional<std::string> m_cohort;
    std::optional<std::string> m_labId;
    std::optional<std::string> m_scenarioId;
    std::optional<RowId> m_sessionId;
    std::optional<RowId> m_traineeId;
    Grading m_grading = Grading::Highest;
    bool m_inSessionsOnly = false; // leave self-practice (attempts outside lab sessions) out
};

AttemptFilter ToAttemptFilter(const ReportQuery& q);

StoreResult<PassThresholds> QueryThresholds(Store& store);
StoreResult<CohortMatrix> QueryCohortMatrix(Store& store, const ReportQuery& q);
StoreResult<SkillsReport> QuerySkills(Store& store, const ReportQuery& q);
StoreResult<ItemAnalysis> QueryItemAnalysis(Store& store, const ReportQuery& q);
StoreResult<Timeline> QueryTimeline(Store& store, RowId attemptId);
StoreResult<ExportData> QueryExport(Store& store, const ReportQuery& q);

// Lab progress of `lab` (its definition gives the modules): the query's cohort, session and trainee
// select the runs; its lab and scenario are not used.
LabRunFilter ToLabRunFilter(const ReportQuery& q, const std::string& labId);
StoreResult<LabProgressReport> QueryLabProgress(Store& store, const ReportQuery& q, const Lab& lab,
                                                double fastUnderSeconds = 0);

} // namespace sl
