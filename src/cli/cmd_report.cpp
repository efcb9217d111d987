// SupportLab CLI: `report matrix|skills|items|timeline|labs|injects` prints the lead's reports from the database.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "reports/query.hpp"
#include "reports/render.hpp"
#include "scenario_io/diagnostics.hpp"
#include "scenario_io/loader.hpp"
#include "store/attempt_recorder.hpp"
#include "store/pg_store.hpp"

#include <cstdio>
#include <map>
#include <memory>

namespace sl::cli {

namespace {

const char* kReportHelp =
    "usage: supportlab-cli report matrix|skills|items|timeline|labs|injects|room [options]\n"
    "\n"
    "Prints a lead's report from the database (formulas: docs/reports.md). Every report shows the\n"
    "pass threshold (per lab; 70% outside a lab).\n"
    "  matrix     trainee x scenario: graded percent, pass/fail, attempts, completion, time on task\n"
    "  skills     per trainee: triage, troubleshooting, routing, SLA, policy (and knowledge) percent,\n"
    "             SLA attainment, hints used and their cost\n"
    "  items      item analysis on first attempts: facility and discrimination per question and per\n"
    "             ticket decision, with flags\n"
    "  timeline   one attempt's actions with simulated time and each action's score effect; with\n"
    "             --scenarios, each effect taken apart by dimension and by the deductions it made\n"
    "             or took away\n"
    "  labs       lab progress (needs --lab and --scenarios): per trainee, the newest run's modules\n"
    "             done of the lab's total, the current module, time in the lab (h:mm) and whether\n"
    "             finished; how many finished and the median time; with --fast-under, the modules\n"
    "             each trainee marked done in less time than that\n"
    "  injects    a live session's injects compared (needs --session and --scenarios): per inject\n"
    "             and trainee, when it fired in her run and why (or why not), and how she handled\n"
    "             the tickets it brought: arrived, done, SLAs breached, median first response, score\n"
    "  room       a session's timeline (needs --session): every trainee's actions and, on the\n"
    "             organisation server, the room's instructions (injects sent), by wall time\n"
    "\n"
    "  --format F        table (default), csv or json\n"
    "  --grading G       highest (default), first, last or average: which attempts grade (matrix, skills)\n"
    "  --sessions-only   matrix, skills, items: only attempts made in a trainer's lab session; a\n"
    "                    trainee's self-practice is left out of grading\n"
    "  --attempt ID      the attempt to show (timeline; required there)\n"
    "  --scenarios PATH  the lab file, or a folder holding it (labs; required there): the lab's\n"
    "                    modules come from its definition; timeline: the scenario file, or a folder\n"
    "                    holding it, the attempt was played on; injects: the scenarios played\n"
    "  --fast-under D    labs: flag modules marked done in less than D (90s, 2m, ...): work \"finished\"\n"
    "                    faster than it can have been done\n"
    "  --out FILE        write to FILE instead of standard output\n";

// Takes the timeline's effects apart with the scenario its attempt was played on, found in path
// by id and content; says on stderr why not when it cannot (the timeline is still printed).
void AddBreakdownFrom(Timeline& timeline, const std::string& path) {
    const Attempt& a = timeline.m_attempt;
    std::string why = "no valid scenario with id '" + a.m_scenarioId + "' in " + path;
    for (const LoadedFile& f : LoadPaths({path})) {
        if (!f.m_scenario || f.m_scenario->m_id != a.m_scenarioId) continue;
        if (AddBreakdown(timeline, *f.m_scenario, &why)) return;
    }
    std::fprintf(stderr, "supportlab-cli report: %s\n", why.c_str());
}

// The injects compared for a session: each trainee's newest attempt at each scenario with injects,
// replayed against the version she played (found under path by content, else by id).
StoreResult<ReportTable> InjectsReport(Store& store, RowId session, const std::string& path) {
    std::vector<std::shared_ptr<const Scenario>> scenarios;
    for (const LoadedFile& f : LoadPaths({path}))
        if (f.m_scenario && !f.m_scenario->m_injects.empty()) scenarios.push_back(f.m_scenario);
    AttemptFilter filter;
    filter.m_sessionId = session;
    auto attempts = store.Attempts(filter);
    if (!attempts) return attempts.Error();
    std::vector<InjectHandling> rows;
    for (const auto& scn : scenarios) {
        std::map<RowId, const Attempt*> newest; // per trainee
        for (const Attempt& a : attempts.Value())
            if (a.m_scenarioId == scn->m_id && !a.m_abandonedWall && (!newest.count(a.m_traineeId) || newest[a.m_traineeId]->m_id < a.m_id))
                newest[a.m_traineeId] = &a;
        std::vector<Simulation> sims;
        sims.reserve(newest.size());
        std::vector<std::pair<std::string, const Simulation*>> runs;
        std::vector<RowId> ids;
        for (const auto& [traineeId, a] : newest) {
            if (a->m_contentHash != scn->m_contentHash)
                std::fprintf(stderr, "supportlab-cli report: attempt %lld was played on another version of %s; compared as it is now\n",
                             static_cast<long long>(a->m_id), scn->m_id.c_str());
            auto events = store.Events(a->m_id);
            if (!events) return events.Error();
            sims.emplace_back(*scn, a->m_seed);
            if (auto st = ReplayInto(sims.back(), events.Value()); !st) {
                std::fprintf(stderr, "supportlab-cli report: attempt %lld left out: %s\n", static_cast<long long>(a->m_id),
                             st.Error().m_message.c_str());
                sims.pop_back();
                continue;
            }
            if (a->m_endSimTime) sims.back().AdvanceTo(*a->m_endSimTime);
            auto trainee = store.GetTrainee(traineeId);
            runs.emplace_back(trainee ? trainee->m_name : "#" + std::to_string(traineeId), nullptr);
            ids.push_back(a->m_id);
        }
        for (size_t i = 0; i < runs.size(); ++i) runs[i].second = &sims[i];
        const std::vector<InjectHandling> part = CompareInjects(*scn, runs, ids);
        rows.insert(rows.end(), part.begin(), part.end());
    }
    return InjectsTable(rows, "Injects compared: lab session " + std::to_string(session));
}

// Every action of the session's attempts and, on the organisation server, the room's instructions.
StoreResult<ReportTable> RoomReport(Store& store, RowId session) {
    AttemptFilter filter;
    filter.m_sessionId = session;
    auto attempts = store.Attempts(filter);
    if (!attempts) return attempts.Error();
    std::map<RowId, std::string> names;
    std::map<RowId, std::vector<Event>> events;
    for (const Attempt& a : attempts.Value()) {
        if (!names.count(a.m_traineeId))
            if (auto t = store.GetTrainee(a.m_traineeId); t) names[a.m_traineeId] = t->m_name;
        auto e = store.Events(a.m_id);
        if (!e) return e.Error();
        events[a.m_id] = std::move(e.Value());
    }
    std::vector<SentInstruction> sent;
    if (auto* server = dynamic_cast<PgStore*>(&store)) {
        auto room = server->Room(session, 0);
        if (!room) return room.Error();
        for (const PgRoomInject& in : room->m_injects)
            sent.push_back({in.m_seq, in.m_firedWall, in.m_scenarioId, in.m_injectId, in.m_op, in.m_due, in.m_firedBy});
    }
    return RoomTimelineTable(BuildRoomTimeline(attempts.Value(), names, events, sent), "Lab session " + std::to_string(session) + " timeline");
}

} // namespace

int RunReport(const Args& args) {
    std::string kind, format = "table", gradingText = "highest", attemptText, scenarios, fastText, out = "-";
    bool sessionsOnly = false;
    Selection sel;
    CommandLine line = StoreCommandLine("report", kReportHelp,
                                        "0 ok, 1 database problem or unknown trainee/attempt, 2 usage.", &sel);
    line.Value("--format", &format).Value("--grading", &gradingText).Value("--attempt", &attemptText)
        .Value("--scenarios", &scenarios).Value("--fast-under", &fastText).Value("--out", &out)
        .Flag("--sessions-only", &sessionsOnly);
    line.Positional("report", &kind);
    if (const auto stop = line.Parse(args)) return *stop;

    if (kind.empty()) return line.Usage("which report? matrix, skills, items, timeline, labs, injects or room");
    if (kind != "matrix" && kind != "skills" && kind != "items" && kind != "timeline" && kind != "labs" && kind != "injects" &&
        kind != "room")
        return line.Usage("unknown report '" + kind + "' (matrix, skills, items, timeline, labs, injects or room)");
    if (format != "table" && format != "csv" && format != "json")
        return line.Usage("--format is table, csv or json, not '" + format + "'");
    const auto grading = GradingFromString(gradingText);
    if (!grading) return line.Usage("--grading is highest, first, last or average, not '" + gradingText + "'");
    std::optional<RowId> attemptId;
    if (!attemptText.empty()) {
        const auto id = ParseU64(attemptText);
        if (!id || *id > static_cast<std::uint64_t>(INT64_MAX)) return line.Usage("--attempt takes an attempt number, not '" + attemptText + "'");
        attemptId = static_cast<RowId>(*id);
    }
    if (kind == "timeline" && !attemptId) return line.Usage("the timeline needs --attempt ID");
    if (kind != "timeline" && attemptId) return line.Usage("--attempt is for the timeline only");
    if (kind == "labs" && sel.m_lab.empty()) return line.Usage("the labs report needs --lab ID");
    if (kind == "labs" && scenarios.empty())
        return line.Usage("the labs report needs --scenarios PATH (the lab file or its folder)");
    if (kind != "labs" && kind != "timeline" && kind != "injects" && !scenarios.empty())
        return line.Usage("--scenarios is for the labs, timeline and injects reports only");
    std::optional<RowId> injectSession;
    if (kind == "injects" || kind == "room") {
        const auto id = ParseU64(sel.m_session);
        if (sel.m_session.empty() || !id || *id == 0 || *id > static_cast<std::uint64_t>(INT64_MAX))
            return line.Usage("the " + kind + " report needs --session ID (a lab session's number)");
        if (kind == "injects" && scenarios.empty()) return line.Usage("the injects report needs --scenarios PATH (the scenarios played)");
        injectSession = static_cast<RowId>(*id);
    }
    if (kind != "labs" && !fastText.empty()) return line.Usage("--fast-under is for the labs report only");
    std::optional<SimTime> fastUnder;
    if (!fastText.empty() && !(fastUnder = ParseDuration(fastText)))
        return line.Usage("--fast-under takes a duration like 90s, 2m or 1h, not '" + fastText + "'");
    if (kind == "labs" && !sel.m_scenario.empty()) return line.Usage("--scenario does not apply to the labs report");
    if (sessionsOnly && kind != "matrix" && kind != "skills" && kind != "items")
        return line.Usage("--sessions-only is for the matrix, skills and items reports");

    std::shared_ptr<const Lab> lab;
    if (kind == "labs" && !(lab = FindLab(scenarios, sel.m_lab, "report"))) return kExitInvalid;

    OpenedSelection opened = OpenSelection(sel, "report");
    if (!opened.m_store) return kExitInvalid;
    Store& store = *opened.m_store;
    ReportQuery& query = opened.m_query;
    query.m_grading = *grading;
    query.m_inSessionsOnly = sessionsOnly;

    std::optional<ReportTable> table;
    std::optional<StoreError> error;
    if (kind == "matrix") {
        auto r = QueryCohortMatrix(store, query);
        if (r) table = MatrixTable(r.Value()); else error = r.Error();
    } else if (kind == "skills") {
        auto r = QuerySkills(store, query);
        if (r) table = SkillsTable(r.Value()); else error = r.Error();
    } else if (kind == "items") {
        auto r = QueryItemAnalysis(store, query);
        if (r) table = ItemsTable(r.Value()); else error = r.Error();
    } else if (kind == "labs") {
        auto r = QueryLabProgress(store, query, *lab, static_cast<double>(fastUnder.value_or(0)));
        if (r) table = LabProgressTable(r.Value()); else error = r.Error();
    } else if (kind == "injects") {
        auto r = InjectsReport(store, *injectSession, scenarios);
        if (r) table = std::move(r.Value()); else error = r.Error();
    } else if (kind == "room") {
        auto r = RoomReport(store, *injectSession);
        if (r) table = std::move(r.Value()); else error = r.Error();
    } else {
        auto r = QueryTimeline(store, *attemptId);
        if (r && !scenarios.empty()) AddBreakdownFrom(r.Value(), scenarios);
        if (r) table = TimelineTable(r.Value()); else error = r.Error();
    }
    if (error) {
        std::fprintf(stderr, "supportlab-cli report: %s\n", error->m_message.c_str());
        return kExitInvalid;
    }
    const std::string text = format == "csv" ? RenderCsv(*table) : format == "json" ? RenderJson(*table) : RenderText(*table);
    return WriteCommandOutput(out, text, "report");
}

} // namespace sl::cli
