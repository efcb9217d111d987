// SupportLab reports tests: one data set stored in SQLite and in PostgreSQL gives byte-identical reports, exports, rows and rescores.

// [SECTION] The data set
// [SECTION] Outputs: reports, exports and store rows as text
// [SECTION] Fixture: both stores, loaded the same way
// [SECTION] Tests

#include "../store/pg_cluster.hpp"
#include "../store/store_test_util.hpp"
#include "report_rows.hpp"
#include "reports/query.hpp"
#include "reports/render.hpp"
#include "scenario_io/loader.hpp"
#include "store/lab_progress.hpp"
#include "store/pg_store.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <type_traits>

namespace sl::test {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] The data set
//-----------------------------------------------------------------------------

// Shipped scenarios and lab (SUPPORTLAB_SCENARIO_DIR) and the regression suite's action scripts.
struct Library {
    Lab m_lab;
    std::map<std::string, Scenario> m_scenarios; // by id
    std::string m_error;                         // set when something could not be loaded

    const Scenario& Get(const std::string& id) const { return m_scenarios.at(id); }
};

Library LoadLibrary() {
    Library lib;
    const std::string dir = SUPPORTLAB_SCENARIO_DIR;
    auto lab = LoadLabFile(dir + "/labs/endpoint-support-lab.yaml");
    if (!lab.Ok()) lib.m_error = "cannot load the endpoint support lab";
    else lib.m_lab = *lab.m_value;
    for (const char* file : {"plan-review/support-plan.yaml", "plan-review/roles-and-responsibilities.yaml",
                             "common-issues/os.yaml", "common-issues/device.yaml", "common-issues/browser.yaml",
                             "common-issues/lob.yaml", "drills/customer-led-monday.yaml"}) {
        auto s = LoadScenarioFile(dir + "/" + file);
        if (!s.Ok()) {
            lib.m_error = std::string("cannot load ") + file;
            continue;
        }
        lib.m_scenarios.emplace(s.m_value->m_id, *s.m_value);
    }
    return lib;
}

// The actions of tests/regression/runs/<run>.actions (every run there plays with seed 1).
std::vector<Action> Run(const std::string& run) {
    const std::string text = ReadFileBytes(std::string(SUPPORTLAB_REGRESSION_RUNS_DIR) + "/" + run + ".actions");
    EXPECT_FALSE(text.empty()) << run;
    const ScriptParseResult parsed = ParseActionScript(text);
    EXPECT_TRUE(parsed.Ok()) << run;
    return parsed.m_script.m_actions;
}

constexpr WallTime kEpoch = 1'714'550'400'000; // 2024-05-01T08:00:00Z: every wall time counts on from here
constexpr const char* kLabId = "endpoint-support-lab";

// Plays actions as an attempt through AttemptRecorder (meta gives trainee, session, lab, module,
// seed); finished unless `finish` is false. Returns the attempt id (0 with a test failure).
RowId Play(Store& store, const Scenario& s, Attempt meta, const std::vector<Action>& actions, const WallClock& clock,
           bool finish = true) {
    auto rec = AttemptRecorder::Start(store, s, meta, clock);
    EXPECT_TRUE(rec.Ok()) << (rec.Ok() ? "" : rec.Error().m_message);
    if (!rec) return 0;
    for (const Action& a : actions) {
        const RecordResult r = rec->Apply(a);
        EXPECT_TRUE(r.m_apply.m_ok) << s.m_id << ": " << FormatAction(a) << ": " << r.m_apply.m_error;
        EXPECT_FALSE(r.m_storeError) << (r.m_storeError ? r.m_storeError->m_message : "");
    }
    if (finish) {
        auto report = rec->Finish();
        EXPECT_TRUE(report.Ok()) << (report.Ok() ? "" : report.Error().m_message);
    }
    return rec->AttemptId();
}

Attempt Meta(RowId trainee, std::uint64_t seed, std::optional<RowId> session = {}, std::optional<std::string> lab = {},
             std::optional<std::string> module = {}) {
    Attempt a;
    a.m_traineeId = trainee;
    a.m_seed = seed;
    a.m_sessionId = session;
    a.m_labId = std::move(lab);
    a.m_moduleId = std::move(module);
    return a;
}

RowId TraineeId(const StoreResult<Trainee>& t) {
    EXPECT_TRUE(t.Ok()) << (t.Ok() ? "" : t.Error().m_message);
    return t.Ok() ? t->m_id : 0;
}

void Ok(const StoreStatus& st) { EXPECT_TRUE(st.Ok()) << (st.Ok() ? "" : st.Error().m_message); }

// The data set, written through the Store interface in one fixed order with a counting clock, so
// both backends get the same calls, ids and wall times: two cohorts (and an empty one), trainees
// with awkward names (quotes, comma, accents) and one without a cohort, a trainer's lab session,
// finished attempts in and out of the lab (perfect and flawed runs: deductions, hints, several
// attempts per scenario), an attempt finished with no action, unfinished ones, one abandoned by
// hand and one abandoned by a scripted replay, and lab runs (finished, unfinished, two per trainee,
// a mark of a module the lab no longer has, another lab).
void LoadDataSet(Store& store, const Library& lib) {
    const WallClock clock = CountingClock(kEpoch);
    Ok(store.PutLab(LabInfo{kLabId, lib.m_lab.m_title, lib.m_lab.m_passThreshold}));
    Ok(store.PutLab(LabInfo{"lab-strict", "Strict lab", 85.0}));
    Ok(store.AddCohort("spring"));
    Ok(store.AddCohort("autumn"));
    Ok(store.AddCohort("empty"));
    const RowId ana = TraineeId(store.AddTrainee("Ana Lima", "spring"));
    const RowId ben = TraineeId(store.AddTrainee("Ben O'Neil, Jr.", "spring"));
    const RowId chloe = TraineeId(store.AddTrainee("Chloé Müller", "spring"));
    const RowId dev = TraineeId(store.AddTrainee("Dev \"DJ\" Patel", "autumn"));
    const RowId eli = TraineeId(store.AddTrainee("Eli", "autumn"));
    const RowId zoe = TraineeId(store.AddTrainee("Zoë", ""));
    auto session = store.StartLabSession(LabSession{0, kLabId, "spring", "Tess Trainer", kEpoch + 5, std::nullopt});
    ASSERT_TRUE(session.Ok()) << session.Error().m_message;
    const RowId sid = session->m_id;

    // The spring cohort works the lab in the trainer's session.
    Play(store, lib.Get("plan-review-support-plan"), Meta(ana, 1, sid, kLabId, "plan-review"),
         Run("plan-review-support-plan.perfect"), clock);
    Play(store, lib.Get("plan-review-roles"), Meta(ana, 1, sid, kLabId, "roles"), Run("plan-review-roles.flawed-confused-duties"),
         clock);
    Play(store, lib.Get("common-os"), Meta(ana, 1, sid, kLabId, "common-os"), Run("common-os.flawed-shortcuts"), clock);
    Play(store, lib.Get("common-os"), Meta(ana, 1, sid, kLabId, "common-os"), Run("common-os.perfect"), clock);
    Play(store, lib.Get("plan-review-support-plan"), Meta(ben, 1, sid, kLabId, "plan-review"),
         Run("plan-review-support-plan.flawed-mixed"), clock);
    Play(store, lib.Get("plan-review-roles"), Meta(ben, 1, sid, kLabId, "roles"), Run("plan-review-roles.perfect"), clock);
    Play(store, lib.Get("common-device"), Meta(ben, 1, sid, kLabId, "common-devices"),
         Run("common-device.flawed-unsafe"), clock);
    // Ben leaves a browser ticket half done (unfinished, not abandoned).
    const std::vector<Action> browser = Run("common-browser.perfect");
    Play(store, lib.Get("common-browser"), Meta(ben, 3, {}, {}, {}), {browser.begin(), browser.begin() + 5}, clock, false);

    // Chloé: a scripted run killed part way, then replayed (the replay abandons the first one).
    const std::vector<Action> device = Run("common-device.perfect");
    Play(store, lib.Get("common-device"), Meta(chloe, 1, {}, kLabId, "common-devices"), {device.begin(), device.begin() + 4},
         clock, false);
    ScriptedAttemptOptions scripted;
    scripted.m_traineeName = "Chloé Müller";
    scripted.m_seed = 1;
    scripted.m_labId = kLabId;
    scripted.m_moduleId = "common-devices";
    auto replay = RecordScriptedAttempt(store, lib.Get("common-device"), device, scripted, clock);
    ASSERT_TRUE(replay.Ok()) << replay.Error().m_message;
    EXPECT_EQ(replay->m_abandoned.size(), 1u);
    EXPECT_FALSE(replay->m_failedIndex);

    // Autumn plays outside the lab; Fay is added by a scripted run (FindOrAddTrainee).
    Play(store, lib.Get("drill-customer-led-monday"), Meta(dev, 1), Run("drill-customer-led-monday.perfect"), clock);
    Play(store, lib.Get("drill-customer-led-monday"), Meta(dev, 1), Run("drill-customer-led-monday.flawed-unlinked"), clock);
    Play(store, lib.Get("common-lob"), Meta(eli, 1), Run("common-lob.flawed-misroutes"), clock);
    Play(store, lib.Get("common-os"), Meta(eli, 1), {}, clock); // finished without a single action
    scripted = ScriptedAttemptOptions{};
    scripted.m_traineeName = "Fay";
    scripted.m_cohort = "autumn";
    scripted.m_seed = 1;
    auto fay = RecordScriptedAttempt(store, lib.Get("common-lob"), Run("common-lob.perfect"), scripted, clock);
    ASSERT_TRUE(fay.Ok()) << fay.Error().m_message;

    // Zoë (no cohort): an attempt in a stricter lab, and one she gave up.
    Play(store, lib.Get("common-browser"), Meta(zoe, 1, {}, std::string("lab-strict")), Run("common-browser.flawed-elevates"),
         clock);
    const RowId given = Play(store, lib.Get("common-browser"), Meta(zoe, 2), {browser.begin(), browser.begin() + 2}, clock, false);
    Ok(store.AbandonAttempt(given, clock()));

    // Lab runs: Ana in the session (unfinished), Ben twice (the older finished), Dev with a module
    // the lab no longer has, Zoë in another lab.
    LabRunRecord run;
    run.m_traineeId = ana;
    run.m_labId = kLabId;
    run.m_sessionId = sid;
    LabProgress anaRun(store, run, clock);
    Ok(anaRun.MarkDone("plan-review"));
    anaRun.AddTime("plan-review", 1200.5);
    Ok(anaRun.MarkDone("roles"));
    anaRun.AddTime("roles", 0.125);
    anaRun.AddTime("overview", 600.25);
    Ok(anaRun.Flush());
    run = LabRunRecord{};
    run.m_traineeId = ben;
    run.m_labId = kLabId;
    LabProgress benFirst(store, run, clock);
    for (const LabModule& m : lib.m_lab.m_modules) {
        benFirst.AddTime(m.m_id, 61.0);
        Ok(benFirst.MarkDone(m.m_id));
    }
    Ok(benFirst.Finish());
    LabProgress benSecond(store, run, clock);
    benSecond.AddTime("plan-review", 30);
    Ok(benSecond.Flush());
    run.m_traineeId = dev;
    LabProgress devRun(store, run, clock);
    Ok(devRun.MarkDone("legacy-module"));
    devRun.AddTime("legacy-module", 99.5);
    Ok(devRun.MarkDone("plan-review"));
    Ok(devRun.Finish());
    run.m_traineeId = zoe;
    run.m_labId = "other-lab";
    LabProgress zoeRun(store, run, clock);
    Ok(zoeRun.MarkDone("intro"));
}

//-----------------------------------------------------------------------------
// [SECTION] Outputs: reports, exports and store rows as text
//-----------------------------------------------------------------------------

// Every double with all 17 digits: a difference in the last bit shows.
std::string N(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}
template <class T>
std::string N(const std::optional<T>& v) {
    if (!v) return "null";
    if constexpr (std::is_same_v<T, double>) return N(*v);
    else if constexpr (std::is_same_v<T, std::string>) return "\"" + *v + "\"";
    else return std::to_string(*v);
}

using Outputs = std::map<std::string, std::string>; // output name -> bytes

// Names a report selection in output names.
struct Selection {
    std::string m_name;
    ReportQuery m_query;
};

std::vector<Selection> Selections(Store& store) {
    std::vector<Selection> out;
    out.push_back({"all", {}});
    for (const char* cohort : {"spring", "autumn", "empty", "no-such-cohort"}) {
        ReportQuery q;
        q.m_cohort = cohort;
        out.push_back({std::string("cohort=") + cohort, q});
    }
    ReportQuery q;
    q.m_labId = kLabId;
    out.push_back({"lab", q});
    q = {};
    q.m_scenarioId = "common-os";
    out.push_back({"scenario", q});
    q = {};
    q.m_sessionId = 1;
    out.push_back({"session", q});
    auto ana = store.FindTrainee("Ana Lima");
    if (ana) {
        q = {};
        q.m_traineeId = ana->m_id;
        out.push_back({"trainee", q});
        q.m_cohort = "spring";
        out.push_back({"trainee+cohort", q});
    }
    return out;
}

void AddTable(Outputs& out, const std::string& name, const ReportTable& t) {
    out[name + " text"] = RenderText(t);
    out[name + " csv"] = RenderCsv(t);
    out[name + " json"] = RenderJson(t);
}

template <class T>
bool Got(Outputs& out, const std::string& name, const StoreResult<T>& r) {
    if (r) return true;
    out[name] = "error: " + r.Error().m_message;
    return false;
}

// Every report (matrix and skills under every grading, items, each attempt's timeline, lab
// progress), each in every rendering, over several selections.
Outputs ReportOutputs(Store& store, const Library& lib) {
    Outputs out;
    for (const Selection& sel : Selections(store)) {
        for (Grading g : {Grading::Highest, Grading::First, Grading::Last, Grading::Average}) {
            ReportQuery q = sel.m_query;
            q.m_grading = g;
            const std::string suffix = " " + sel.m_name + " " + ToString(g);
            if (auto m = QueryCohortMatrix(store, q); Got(out, "matrix" + suffix, m)) AddTable(out, "matrix" + suffix, MatrixTable(m.Value()));
            if (auto s = QuerySkills(store, q); Got(out, "skills" + suffix, s)) AddTable(out, "skills" + suffix, SkillsTable(s.Value()));
        }
        if (auto i = QueryItemAnalysis(store, sel.m_query); Got(out, "items " + sel.m_name, i))
            AddTable(out, "items " + sel.m_name, ItemsTable(i.Value()));
        Lab other;
        other.m_id = "other-lab";
        other.m_title = "Other lab";
        other.m_modules.push_back(LabModule{});
        other.m_modules.back().m_id = "intro";
        other.m_modules.back().m_title = "Intro";
        for (const Lab* lab : {&lib.m_lab, static_cast<const Lab*>(&other)})
            if (auto p = QueryLabProgress(store, sel.m_query, *lab); Got(out, "labs " + lab->m_id + " " + sel.m_name, p))
                AddTable(out, "labs " + lab->m_id + " " + sel.m_name, LabProgressTable(p.Value()));
    }
    if (auto attempts = store.Attempts({}); Got(out, "attempts", attempts))
        for (const Attempt& a : attempts.Value())
            if (auto t = QueryTimeline(store, a.m_id); Got(out, "timeline " + std::to_string(a.m_id), t))
                AddTable(out, "timeline " + std::to_string(a.m_id), TimelineTable(t.Value()));
    return out;
}

// Every export (CSV, JSON, xAPI on two home pages) over several selections.
Outputs ExportOutputs(Store& store) {
    Outputs out;
    for (const Selection& sel : Selections(store)) {
        auto d = QueryExport(store, sel.m_query);
        if (!Got(out, "export " + sel.m_name, d)) continue;
        out["export csv " + sel.m_name] = ExportCsv(d.Value());
        out["export json " + sel.m_name] = ExportJson(d.Value());
        out["export xapi " + sel.m_name] = ExportXapi(d.Value());
        out["export xapi lrs " + sel.m_name] = ExportXapi(d.Value(), "https://lrs.example/sub/");
    }
    return out;
}

std::string Text(const Attempt& a) {
    std::ostringstream s;
    s << "attempt " << a.m_id << " trainee " << a.m_traineeId << " session " << N(a.m_sessionId) << " lab " << N(a.m_labId)
      << " module " << N(a.m_moduleId) << " scenario " << a.m_scenarioId << " hash " << a.m_contentHash << " format "
      << a.m_formatVersion << " seed " << a.m_seed << " started " << a.m_startedWall << " ended " << N(a.m_endedWall)
      << " finished " << a.m_finished << " scored-with " << a.m_scoredWithHash << " start-score " << N(a.m_startScore)
      << " end-sim " << N(a.m_endSimTime) << " score " << N(a.m_score) << " max " << N(a.m_max) << " events "
      << a.m_eventCount << " last " << N(a.m_lastWall) << " abandoned " << N(a.m_abandonedWall) << "\n";
    return s.str();
}

std::string Text(const std::vector<Attempt>& v) {
    std::string out;
    for (const Attempt& a : v) out += Text(a);
    return out;
}

std::string Text(const ScoreReport& r) {
    std::ostringstream s;
    s << "report " << r.m_scenarioId << " hash " << r.m_contentHash << " seed " << r.m_seed << " end " << r.m_endTime
      << " total " << N(r.m_total) << " max " << N(r.m_max) << "\n";
    for (const DimensionScore& d : r.m_byDimension)
        s << "  by " << ToString(d.m_dimension) << " " << N(d.m_score) << "/" << N(d.m_max) << "\n";
    for (const ItemScore& it : r.m_items) {
        s << "  item " << it.m_itemId << " " << (it.m_kind == ItemKind::Question ? "question" : "ticket") << " " << it.m_title
          << " " << N(it.m_score) << "/" << N(it.m_max) << " given[" << it.m_given << "] expected[" << it.m_expected
          << "] explanation[" << it.m_explanation << "]\n";
        for (const DimensionScore& d : it.m_dimensions)
            s << "    dim " << ToString(d.m_dimension) << " " << N(d.m_score) << "/" << N(d.m_max) << "\n";
        for (const Deduction& d : it.m_deductions)
            s << "    deduction " << ToString(d.m_dimension) << " " << N(d.m_points) << " " << d.m_reason << "\n";
    }
    return s.str();
}

std::string Text(const LabRunRecord& r) {
    std::ostringstream s;
    s << "run " << r.m_id << " trainee " << r.m_traineeId << " lab " << r.m_labId << " session " << N(r.m_sessionId)
      << " started " << r.m_startedWall << " ended " << N(r.m_endedWall) << " finished " << r.m_finished << "\n";
    for (const LabModuleMark& m : r.m_modules)
        s << "  mark " << m.m_moduleId << " done " << m.m_done << " seconds " << N(m.m_seconds) << " updated "
          << m.m_updatedWall << "\n";
    return s.str();
}

std::string Text(const std::vector<LabRunRecord>& v) {
    std::string out;
    for (const LabRunRecord& r : v) out += Text(r);
    return out;
}

// Every row the Store interface hands out, read back through every reading method.
Outputs StoreRowOutputs(Store& store) {
    Outputs out;
    if (auto c = store.Cohorts(); Got(out, "cohorts", c))
        for (const std::string& name : c.Value()) out["cohorts"] += name + "\n";
    for (const std::optional<std::string>& cohort : {std::optional<std::string>{}, std::optional<std::string>("spring"),
                                                     std::optional<std::string>(""), std::optional<std::string>("empty")}) {
        const std::string name = "trainees " + N(cohort);
        if (auto t = store.Trainees(cohort); Got(out, name, t))
            for (const Trainee& tr : t.Value()) out[name] += std::to_string(tr.m_id) + " " + tr.m_name + " [" + tr.m_cohort + "]\n";
    }
    if (auto labs = store.Labs(); Got(out, "labs", labs))
        for (const LabInfo& l : labs.Value()) out["labs"] += l.m_labId + " " + l.m_title + " " + N(l.m_passThreshold) + "\n";
    if (auto s = store.LabSessions(); Got(out, "sessions", s))
        for (const LabSession& l : s.Value())
            out["sessions"] += std::to_string(l.m_id) + " " + l.m_labId + " [" + l.m_cohort + "] " + l.m_trainer + " " +
                               std::to_string(l.m_startedWall) + "\n";

    std::vector<std::pair<std::string, AttemptFilter>> filters;
    filters.push_back({"all", {}});
    AttemptFilter f;
    f.m_finishedOnly = true;
    filters.push_back({"finished", f});
    f = {};
    f.m_firstFinishedOnly = true;
    filters.push_back({"first finished", f});
    f = {};
    f.m_cohort = "autumn";
    filters.push_back({"cohort", f});
    f = {};
    f.m_sessionId = 1;
    f.m_labId = kLabId;
    filters.push_back({"session+lab", f});
    f = {};
    f.m_scenarioId = "common-browser";
    filters.push_back({"scenario", f});
    f = {};
    f.m_attemptIds = std::vector<RowId>{9, 2, 5, 1000};
    filters.push_back({"ids", f});
    f = {};
    f.m_attemptId = 3;
    filters.push_back({"one", f});
    for (const auto& [name, filter] : filters) {
        if (auto a = store.Attempts(filter); Got(out, "attempts " + name, a)) out["attempts " + name] = Text(a.Value());
        if (auto rows = store.ItemScores(filter); Got(out, "item scores " + name, rows))
            for (const ItemScoreRow& r : rows.Value())
                out["item scores " + name] += std::to_string(r.m_attemptId) + " #" + std::to_string(r.m_itemIndex) + " " + r.m_itemId + " " +
                                              (r.m_kind == ItemKind::Question ? "question " : "ticket ") + r.m_title + " " +
                                              N(r.m_score) + "/" + N(r.m_max) + "\n";
        if (auto rows = store.DimensionScores(filter); Got(out, "dimension scores " + name, rows))
            for (const DimensionScoreRow& r : rows.Value())
                out["dimension scores " + name] += std::to_string(r.m_attemptId) + " #" + std::to_string(r.m_itemIndex) + " " +
                                                   ToString(r.m_dimension) + " " + N(r.m_score) + "/" + N(r.m_max) + "\n";
        if (auto rows = store.AttemptDimensions(filter); Got(out, "attempt dimensions " + name, rows))
            for (const AttemptDimensionRow& r : rows.Value())
                out["attempt dimensions " + name] += std::to_string(r.m_attemptId) + " " + ToString(r.m_dimension) + " " +
                                                     N(r.m_score) + "/" + N(r.m_max) + " items " + std::to_string(r.m_itemCount) +
                                                     " full " + std::to_string(r.m_fullCount) + " deductions " +
                                                     std::to_string(r.m_deductionCount) + " " + N(r.m_deductedPoints) + "\n";
    }
    if (auto all = store.Attempts({}); Got(out, "per attempt", all))
        for (const Attempt& a : all.Value()) {
            const std::string id = std::to_string(a.m_id);
            if (auto one = store.GetAttempt(a.m_id); Got(out, "attempt " + id, one)) out["attempt " + id] = Text(one.Value());
            if (auto ev = store.Events(a.m_id); Got(out, "events " + id, ev))
                for (const Event& e : ev.Value())
                    out["events " + id] += std::to_string(e.m_seq) + " " + std::to_string(e.m_simTime) + " " +
                                           std::to_string(e.m_wallTime) + " " + N(e.m_scoreAfter) + " " + e.m_actionText + "\n";
            if (auto sc = store.Scores(a.m_id)) out["scores " + id] = Text(sc.Value());
            else out["scores " + id] = "error kind " + std::string(ToString(sc.Error().m_kind));
        }
    if (auto trainees = store.Trainees(std::nullopt); Got(out, "per trainee", trainees))
        for (const Trainee& t : trainees.Value()) {
            const std::string id = std::to_string(t.m_id);
            if (auto u = store.UnfinishedAttempts(t.m_id); Got(out, "unfinished " + id, u)) out["unfinished " + id] = Text(u.Value());
            if (auto u = store.UnfinishedLabRuns(t.m_id); Got(out, "unfinished runs " + id, u))
                out["unfinished runs " + id] = Text(u.Value());
            if (auto n = store.LabRunCount(t.m_id); Got(out, "run count " + id, n)) out["run count " + id] = std::to_string(n.Value());
        }
    std::vector<std::pair<std::string, LabRunFilter>> runFilters;
    runFilters.push_back({"all", {}});
    LabRunFilter rf;
    rf.m_cohort = "spring";
    runFilters.push_back({"cohort", rf});
    rf = {};
    rf.m_sessionId = 1;
    runFilters.push_back({"session", rf});
    rf = {};
    rf.m_labId = kLabId;
    rf.m_traineeId = 2;
    runFilters.push_back({"lab+trainee", rf});
    for (const auto& [name, filter] : runFilters)
        if (auto runs = store.LabRuns(filter); Got(out, "lab runs " + name, runs)) {
            out["lab runs " + name] = Text(runs.Value());
            for (const LabRunRecord& r : runs.Value())
                if (auto one = store.GetLabRun(r.m_id); Got(out, "lab run " + std::to_string(r.m_id), one))
                    out["lab run " + std::to_string(r.m_id)] = Text(one.Value());
        }
    return out;
}

// Re-scores every finished attempt whose scenario is given, as `supportlab-cli rescore` does
// (src/cli/cmd_rescore.cpp: RescoreAttempt per finished attempt, counting changed totals), and
// returns each result and the summary line's figures as text.
std::string Rescore(Store& store, const std::map<std::string, Scenario>& scenarios) {
    AttemptFilter finished;
    finished.m_finishedOnly = true;
    auto attempts = store.Attempts(finished);
    if (!attempts) return "error: " + attempts.Error().m_message;
    std::string out;
    int rescored = 0, changed = 0, missing = 0;
    for (const Attempt& a : attempts.Value()) {
        const auto it = scenarios.find(a.m_scenarioId);
        if (it == scenarios.end()) {
            ++missing;
            continue;
        }
        auto r = RescoreAttempt(store, it->second, a.m_id);
        if (!r) {
            out += "attempt " + std::to_string(a.m_id) + ": error " + ToString(r.Error().m_kind) + "\n";
            continue;
        }
        ++rescored;
        if (std::fabs(r->m_total - a.m_score.value_or(0)) > 1e-9 || std::fabs(r->m_max - a.m_max.value_or(0)) > 1e-9) ++changed;
        out += "attempt " + std::to_string(a.m_id) + ":\n" + Text(r.Value());
    }
    return out + "re-scored " + std::to_string(rescored) + ", changed " + std::to_string(changed) + ", kept " +
           std::to_string(missing) + "\n";
}

//-----------------------------------------------------------------------------
// [SECTION] Fixture: both stores, loaded the same way
//-----------------------------------------------------------------------------

class BackendsSameOutput : public ::testing::Test {
protected:
    void SetUp() override {
        m_lib = LoadLibrary();
        ASSERT_EQ(m_lib.m_error, "");
        auto sqlite = SqliteStore::Open(m_dir.File("supportlab.db"));
        ASSERT_TRUE(sqlite.Ok()) << sqlite.Error().m_message;
        m_sqlite = std::move(sqlite.Value());
        std::string error;
        PgCluster* cluster = PgCluster::Shared(&error);
        ASSERT_NE(cluster, nullptr) << error;
        const std::string db = cluster->CreateDatabase(&error);
        ASSERT_FALSE(db.empty()) << error;
        auto pg = PgStore::Open(cluster->Conninfo(db));
        ASSERT_TRUE(pg.Ok()) << pg.Error().m_message;
        m_pg = std::move(pg.Value());
        LoadDataSet(*m_sqlite, m_lib);
        ASSERT_FALSE(HasFailure()) << "loading the data set into SQLite failed";
        LoadDataSet(*m_pg, m_lib);
        ASSERT_FALSE(HasFailure()) << "loading the data set into PostgreSQL failed";
    }

    // Same names, same bytes; at least `atLeast` outputs, and every output non-empty.
    void ExpectSame(const Outputs& sqlite, const Outputs& pg, size_t atLeast) {
        EXPECT_GE(sqlite.size(), atLeast);
        for (const auto& [name, bytes] : sqlite) {
            const auto it = pg.find(name);
            if (it == pg.end()) {
                ADD_FAILURE() << "PostgreSQL has no output '" << name << "'";
                continue;
            }
            EXPECT_EQ(bytes, it->second) << "output '" << name << "' differs (SQLite first, PostgreSQL second)";
        }
        for (const auto& [name, bytes] : pg) EXPECT_TRUE(sqlite.count(name)) << "SQLite has no output '" << name << "'";
    }

    TempDir m_dir;
    Library m_lib;
    std::unique_ptr<SqliteStore> m_sqlite;
    std::unique_ptr<PgStore> m_pg;
};

//-----------------------------------------------------------------------------
// [SECTION] Tests
//-----------------------------------------------------------------------------

TEST_F(BackendsSameOutput, DataSetCoversWhatTheReportsDistinguish) {
    // The data set is what the comparisons below are worth: check it has each kind of thing.
    auto attempts = m_sqlite->Attempts({});
    ASSERT_TRUE(attempts.Ok());
    int finished = 0, unfinished = 0, abandoned = 0, inSession = 0, withDeductions = 0;
    for (const Attempt& a : attempts.Value()) {
        finished += a.m_finished;
        unfinished += !a.m_finished && !a.m_abandonedWall;
        abandoned += a.m_abandonedWall.has_value();
        inSession += a.m_sessionId.has_value();
        AttemptFilter one;
        one.m_attemptId = a.m_id;
        if (auto d = m_sqlite->AttemptDimensions(one); d.Ok())
            for (const AttemptDimensionRow& r : d.Value()) withDeductions += r.m_deductionCount > 0;
    }
    EXPECT_GE(finished, 12);
    EXPECT_EQ(unfinished, 1);
    EXPECT_EQ(abandoned, 2);
    EXPECT_GE(inSession, 7);
    EXPECT_GT(withDeductions, 5);
    auto runs = m_sqlite->LabRuns({});
    ASSERT_TRUE(runs.Ok());
    EXPECT_EQ(runs->size(), 5u);
    auto trainees = m_sqlite->Trainees(std::nullopt);
    ASSERT_TRUE(trainees.Ok());
    EXPECT_EQ(trainees->size(), 7u);
}

TEST_F(BackendsSameOutput, EveryReportInEveryRendering) {
    const Outputs sqlite = ReportOutputs(*m_sqlite, m_lib);
    const Outputs pg = ReportOutputs(*m_pg, m_lib);
    ExpectSame(sqlite, pg, 350);
    // Spot checks that the reports are not empty shells: the names and scores are in them.
    EXPECT_NE(sqlite.at("matrix all highest text").find("Chloé Müller"), std::string::npos);
    EXPECT_NE(sqlite.at("labs endpoint-support-lab session text").find("Ana Lima"), std::string::npos);
    EXPECT_TRUE(ValidJson(sqlite.at("skills cohort=spring average json")));
}

TEST_F(BackendsSameOutput, EveryExport) {
    const Outputs sqlite = ExportOutputs(*m_sqlite);
    const Outputs pg = ExportOutputs(*m_pg);
    ExpectSame(sqlite, pg, 40);
    EXPECT_NE(sqlite.at("export csv all").find("\"Ben O'Neil, Jr.\""), std::string::npos);
    EXPECT_TRUE(ValidJson(sqlite.at("export xapi all")));
    EXPECT_TRUE(ValidJson(sqlite.at("export json all")));
}

TEST_F(BackendsSameOutput, EveryStoreRow) {
    ExpectSame(StoreRowOutputs(*m_sqlite), StoreRowOutputs(*m_pg), 100);
}

TEST_F(BackendsSameOutput, RescoreThenEverythingAgain) {
    // The current scenarios (nothing changes but the recorded hash), then a revised common-os and
    // device scenario whose answers changed (totals change, events get new running scores).
    std::map<std::string, Scenario> current = m_lib.m_scenarios;
    EXPECT_EQ(Rescore(*m_sqlite, current), Rescore(*m_pg, current));
    std::map<std::string, Scenario> revised;
    for (const char* id : {"common-os", "common-device"}) {
        Scenario s = m_lib.Get(id);
        s.m_contentHash += "-revised";
        ASSERT_FALSE(s.m_tickets.empty());
        s.m_tickets.front().m_answer.m_urgency = s.m_tickets.front().m_answer.m_urgency == "low" ? "high" : "low";
        revised.emplace(id, std::move(s));
    }
    const std::string sqliteRescore = Rescore(*m_sqlite, revised);
    EXPECT_EQ(sqliteRescore, Rescore(*m_pg, revised));
    EXPECT_EQ(sqliteRescore.find("error"), std::string::npos) << sqliteRescore;
    EXPECT_EQ(sqliteRescore.find("changed 0,"), std::string::npos) << "the revision changed no score:\n" << sqliteRescore;
    ExpectSame(StoreRowOutputs(*m_sqlite), StoreRowOutputs(*m_pg), 100);
    ExpectSame(ReportOutputs(*m_sqlite, m_lib), ReportOutputs(*m_pg, m_lib), 350);
    ExpectSame(ExportOutputs(*m_sqlite), ExportOutputs(*m_pg), 40);
}

} // namespace
} // namespace sl::test
