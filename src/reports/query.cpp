// SupportLab reports: fetching rows through the Store interface and handing them to the builders.
#include "reports/query.hpp"

#include <map>

#include <algorithm>
#include <unordered_set>

namespace sl {

AttemptFilter ToAttemptFilter(const ReportQuery& q) {
    AttemptFilter f;
    f.m_cohort = q.m_cohort;
    f.m_labId = q.m_labId;
    f.m_scenarioId = q.m_scenarioId;
    f.m_sessionId = q.m_sessionId;
    f.m_traineeId = q.m_traineeId;
    f.m_inSessionsOnly = q.m_inSessionsOnly;
    return f;
}

StoreResult<PassThresholds> QueryThresholds(Store& store) {
    auto labs = store.Labs();
    if (!labs) return labs.Error();
    return PassThresholds::FromLabs(labs.Value());
}

namespace {

// The trainees that get rows: a cohort's members, else those with work (attempts or lab runs:
// anything with an m_traineeId) in the selection.
template <class Work>
StoreResult<std::vector<Trainee>> RowTrainees(Store& store, const ReportQuery& q, const std::vector<Work>& work) {
    auto trainees = store.Trainees(q.m_cohort);
    if (!trainees) return trainees.Error();
    if (q.m_cohort && !q.m_traineeId) return trainees;
    std::unordered_set<RowId> seen;
    for (const Work& w : work) seen.insert(w.m_traineeId);
    std::vector<Trainee> out;
    for (Trainee& t : trainees.Value())
        if (seen.count(t.m_id)) out.push_back(std::move(t));
    return out;
}

} // namespace

StoreResult<CohortMatrix> QueryCohortMatrix(Store& store, const ReportQuery& q) {
    auto thresholds = QueryThresholds(store);
    if (!thresholds) return thresholds.Error();
    auto attempts = store.Attempts(ToAttemptFilter(q));
    if (!attempts) return attempts.Error();
    auto trainees = RowTrainees(store, q, attempts.Value());
    if (!trainees) return trainees.Error();
    return BuildCohortMatrix(trainees.Value(), attempts.Value(), q.m_grading, thresholds.Value());
}

StoreResult<SkillsReport> QuerySkills(Store& store, const ReportQuery& q) {
    auto thresholds = QueryThresholds(store);
    if (!thresholds) return thresholds.Error();
    AttemptFilter f = ToAttemptFilter(q);
    f.m_finishedOnly = true;
    auto attempts = store.Attempts(f);
    if (!attempts) return attempts.Error();
    // Only the graded attempts' dimension rows are needed (a quarter of them with 4 attempts each).
    f.m_attemptIds.emplace();
    for (const Attempt* a : GradedAttempts(attempts.Value(), q.m_grading)) f.m_attemptIds->push_back(a->m_id);
    auto dims = store.AttemptDimensions(f);
    if (!dims) return dims.Error();
    auto trainees = RowTrainees(store, q, attempts.Value());
    if (!trainees) return trainees.Error();
    return BuildSkills(trainees.Value(), attempts.Value(), dims.Value(), q.m_grading, thresholds.Value());
}

StoreResult<ItemAnalysis> QueryItemAnalysis(Store& store, const ReportQuery& q) {
    auto thresholds = QueryThresholds(store);
    if (!thresholds) return thresholds.Error();
    AttemptFilter f = ToAttemptFilter(q);
    f.m_firstFinishedOnly = true;
    auto attempts = store.Attempts(f);
    if (!attempts) return attempts.Error();
    // The score queries take the first attempts' ids rather than working them out again each.
    f = AttemptFilter{};
    f.m_attemptIds.emplace();
    for (const Attempt& a : attempts.Value()) f.m_attemptIds->push_back(a.m_id);
    auto items = store.ItemScores(f);
    if (!items) return items.Error();
    auto dims = store.DimensionScores(f);
    if (!dims) return dims.Error();
    return BuildItemAnalysis(attempts.Value(), items.Value(), dims.Value(), thresholds.Value());
}

StoreResult<Timeline> QueryTimeline(Store& store, RowId attemptId) {
    auto attempt = store.GetAttempt(attemptId);
    if (!attempt) return attempt.Error();
    auto trainee = store.GetTrainee(attempt->m_traineeId);
    if (!trainee) return trainee.Error();
    auto events = store.Events(attemptId);
    if (!events) return events.Error();
    auto thresholds = QueryThresholds(store);
    if (!thresholds) return thresholds.Error();
    return BuildTimeline(attempt.Value(), trainee->m_name, events.Value(), thresholds->For(attempt->m_labId));
}

StoreResult<ExportData> QueryExport(Store& store, const ReportQuery& q) {
    ExportData d;
    auto thresholds = QueryThresholds(store);
    if (!thresholds) return thresholds.Error();
    d.m_thresholds = thresholds.Value();
    const AttemptFilter f = ToAttemptFilter(q);
    auto attempts = store.Attempts(f);
    if (!attempts) return attempts.Error();
    d.m_attempts = std::move(attempts.Value());
    auto items = store.ItemScores(f);
    if (!items) return items.Error();
    d.m_items = std::move(items.Value());
    auto dims = store.AttemptDimensions(f);
    if (!dims) return dims.Error();
    d.m_dimensions = std::move(dims.Value());
    auto trainees = RowTrainees(store, q, d.m_attempts);
    if (!trainees) return trainees.Error();
    d.m_trainees = std::move(trainees.Value());
    return d;
}

LabRunFilter ToLabRunFilter(const ReportQuery& q, const std::string& labId) {
    LabRunFilter f;
    f.m_cohort = q.m_cohort;
    f.m_sessionId = q.m_sessionId;
    f.m_traineeId = q.m_traineeId;
    f.m_labId = labId;
    return f;
}

StoreResult<LabProgressReport> QueryLabProgress(Store& store, const ReportQuery& q, const Lab& lab, double fastUnderSeconds) {
    auto runs = store.LabRuns(ToLabRunFilter(q, lab.m_id));
    if (!runs) return runs.Error();
    auto trainees = RowTrainees(store, q, runs.Value());
    if (!trainees) return trainees.Error();
    // Each session's own threshold, where its trainer set one (the organisation server).
    auto sessions = store.LabSessions();
    if (!sessions) return sessions.Error();
    std::map<RowId, double> sessionFastUnder;
    for (const LabSession& ls : sessions.Value())
        if (ls.m_fastUnderSeconds > 0) sessionFastUnder[ls.m_id] = ls.m_fastUnderSeconds;
    return BuildLabProgress(lab, trainees.Value(), runs.Value(), fastUnderSeconds, sessionFastUnder);
}

} // namespace sl
