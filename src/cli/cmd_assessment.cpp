// SupportLab CLI: `assessment list|play|results` — a trainee sits a published assessment on the organisation server.
#include "cli/cli_store.hpp"
#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "core/assessment.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"
#include "platform/files.hpp"
#include "reports/render.hpp"
#include "scenario_io/diagnostics.hpp"
#include "scenario_io/publish.hpp"
#include "store/attempt_recorder.hpp"
#include "store/delivery.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace sl::cli {

namespace {

const char* kAssessmentHelp =
    "usage: supportlab-cli assessment list --db URI\n"
    "       supportlab-cli assessment play ID --actions FILE --trainee NAME --db URI [--session N] [--seed N] [--no-submit]\n"
    "       supportlab-cli assessment show ID --db URI\n"
    "       supportlab-cli assessment results --db URI\n"
    "\n"
    "Sits an assessment your trainer published on the organisation server. Your machine receives\n"
    "only the trainee's part of the scenario: no expected answers, explanations or notes, and\n"
    "tickets named T1, T2, ... in arrival order. Where a ticket you escalate goes is decided by the\n"
    "server when it gets the escalation. The server scores your attempt; you see your results once\n"
    "your trainer releases them.\n"
    "\n"
    "  list      the published assessments: ID, scenario and title\n"
    "  play      plays an action script (docs/action-script.md) as an attempt at assessment ID.\n"
    "            Each action goes to this machine's outbox first, so a lost network loses\n"
    "            nothing: escalations wait for the server's answer while you work other tickets,\n"
    "            and `supportlab-cli sync` delivers the rest. An unfinished attempt at the same\n"
    "            assessment is resumed (also offline, from this machine's copy of the part).\n"
    "  show     prints assessment ID as your machine receives it (a scenario file without its key):\n"
    "           the tickets T1, T2, ... with their facts F1, ... and steps S1, ..., the ids an action\n"
    "           script names\n"
    "  results  your attempts' scores and debriefs, once released\n"
    "\n"
    "  --db URI        the organisation server, signed in as yourself (required)\n"
    "  --actions FILE  play: the action script (required)\n"
    "  --trainee NAME  play: your trainee name on the server (required)\n"
    "  --session N     play: the lab session the attempt belongs to (its results are released per session)\n"
    "  --seed N        play: the seed (default: the script's seed line, else the scenario's)\n"
    "  --no-submit     play: leave the attempt open, to go on with another script later\n"
    "\n"
    "Exit codes: 0 ok (also when the server could not be reached and work waits in the outbox),\n"
    "1 invalid input or a server problem, 2 usage.\n";

int Fail(const std::string& message) { return cli::Fail("assessment", message); }

StoreResult<std::unique_ptr<PgStore>> OpenServerAsUser(const std::string& db) {
    PgOpenOptions options;
    options.m_migrate = false;
    return PgStore::Open(db, options);
}

// This machine's copy of a published trainee part, beside the server's outbox (no key is in it).
std::string CacheDir(const std::string& outbox, RowId id) { return outbox + ".published/" + std::to_string(id); }

struct TraineePart {
    std::string m_text, m_model, m_hash;
};

std::optional<TraineePart> ReadCache(const std::string& dir) {
    std::string error;
    auto text = files::ReadRegularFile(dir + "/scenario.yaml", kMaxFileBytes, &error);
    auto model = files::ReadRegularFile(dir + "/support-model.yaml", kMaxFileBytes, &error);
    auto hash = files::ReadRegularFile(dir + "/hash", 256, &error);
    if (!text || !model || !hash) return std::nullopt;
    return TraineePart{*text, *model, *hash};
}

void WriteCache(const std::string& dir, const TraineePart& part) {
    if (!files::EnsurePrivateDir(dir).empty()) return; // a cache only: playing online needs none
    files::WriteFileAtomic(dir + "/scenario.yaml", part.m_text);
    files::WriteFileAtomic(dir + "/support-model.yaml", part.m_model);
    files::WriteFileAtomic(dir + "/hash", part.m_hash);
}

int RunList(const Args& args) {
    std::string db;
    CommandLine line("assessment list", kAssessmentHelp, kAssessmentHelp);
    line.Value("--db", &db);
    if (const auto stop = line.Parse(args)) return *stop;
    if (db.empty()) return line.Usage("--db URI is required");
    auto store = OpenServerAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    auto published = store.Value()->Published();
    if (!published) return Fail(published.Error().m_message);
    if (published->empty()) {
        std::printf("no assessments are published yet\n");
        return kExitOk;
    }
    std::printf("%-6s %-32s %s\n", "id", "scenario", "title");
    for (const PgPublished& p : published.Value())
        std::printf("%-6lld %-32s %s\n", static_cast<long long>(p.m_id), TerminalSafe(p.m_scenarioId).c_str(),
                    TerminalSafe(p.m_title).c_str());
    return kExitOk;
}

// The session's row in the outbox, copied from the server's so delivery maps the attempt to it.
std::optional<RowId> LocalSession(Store& outbox, PgStore& server, RowId serverSession, std::string* error) {
    auto sessions = server.LabSessions();
    if (!sessions) {
        *error = sessions.Error().m_message;
        return std::nullopt;
    }
    for (const LabSession& s : sessions.Value()) {
        if (s.m_id != serverSession) continue;
        auto local = FindOrCopySession(outbox, s);
        if (!local) {
            *error = local.Error().m_message;
            return std::nullopt;
        }
        return local.Value();
    }
    *error = "there is no lab session " + std::to_string(serverSession) + " on the server";
    return std::nullopt;
}

// Asks the server where each waiting escalation went and what each waiting step did, and records
// the answers. Delivers the outbox first (the server answers only for actions it holds). false
// when the server cannot be had.
bool AnswerPending(AttemptRecorder& rec, SqliteStore& outbox, const std::string& db, std::unique_ptr<PgStore>& server) {
    const std::vector<PendingRoute> pending = PendingRoutes(rec.Sim());
    const std::vector<PendingStep> steps = PendingSteps(rec.Sim());
    if (pending.empty() && steps.empty()) return true;
    if (!server) {
        auto opened = OpenServerAsUser(db);
        if (!opened) return false;
        server = std::move(opened.Value());
    }
    if (!rec.Flush()) return false;
    if (!Deliver(outbox, *server, PgLocationWithoutPassword(db), DeliveryOptions{})) return false;
    for (const PendingRoute& p : pending) {
        auto accepted = server->RouteAnswer(rec.AttemptRecord().m_uid, p.m_seq, p.m_ticket);
        if (!accepted) {
            std::fprintf(stderr, "supportlab-cli assessment: %s\n", accepted.Error().m_message.c_str());
            return false;
        }
        const RecordResult r = rec.Apply(RouteOutcomeAction(p.m_ticket, accepted.Value()));
        if (!r.m_apply.m_ok || r.m_storeError) return false;
    }
    for (const PendingStep& p : steps) {
        auto answer = server->AnswerStep(rec.AttemptRecord().m_uid, p.m_seq);
        if (!answer) {
            std::fprintf(stderr, "supportlab-cli assessment: %s\n", answer.Error().m_message.c_str());
            return false;
        }
        const RecordResult r = rec.Apply(StepOutcomeAction(p.m_ticket, p.m_step, answer.Value()));
        if (!r.m_apply.m_ok || r.m_storeError) return false;
    }
    return true;
}

int RunPlay(const Args& args) {
    std::string id, actionsPath, trainee, db, sessionText, seedText;
    bool noSubmit = false;
    CommandLine line("assessment play", kAssessmentHelp, kAssessmentHelp);
    line.Value("--actions", &actionsPath).Value("--trainee", &trainee).Value("--db", &db).Value("--session", &sessionText);
    line.Value("--seed", &seedText).Flag("--no-submit", &noSubmit).Positional("assessment id", &id);
    if (const auto stop = line.Parse(args)) return *stop;
    if (id.empty()) return line.Usage("the assessment ID is required (see: supportlab-cli assessment list)");
    if (actionsPath.empty()) return line.Usage("--actions FILE is required");
    if (trainee.empty()) return line.Usage("--trainee NAME is required");
    if (db.empty() || !IsServerLocation(db)) return line.Usage("--db must name the organisation server (an assessment needs it)");
    const auto publishedId = ParseU64(id);
    if (!publishedId || *publishedId > static_cast<std::uint64_t>(INT64_MAX))
        return line.Usage("ID must be a published assessment's id (a whole number), not '" + id + "'");
    std::optional<std::uint64_t> seedOverride, session;
    if (!seedText.empty() && !(seedOverride = ParseU64(seedText))) return line.Usage("--seed must be a whole number");
    if (!sessionText.empty() && (!(session = ParseU64(sessionText)) || *session > static_cast<std::uint64_t>(INT64_MAX)))
        return line.Usage("--session must be a lab session's id (a whole number)");

    // The trainee's part: from the server, else this machine's copy (a resume while offline).
    const std::string outboxPath = OutboxPath(PgLocationWithoutPassword(db));
    const std::string cache = CacheDir(outboxPath, static_cast<RowId>(*publishedId));
    std::unique_ptr<PgStore> server;
    std::optional<TraineePart> part;
    if (auto opened = OpenServerAsUser(db)) {
        server = std::move(opened.Value());
        auto published = server->Published();
        if (!published) return Fail(published.Error().m_message);
        for (const PgPublished& p : published.Value())
            if (p.m_id == static_cast<RowId>(*publishedId)) part = TraineePart{p.m_traineeText, p.m_modelText, p.m_traineeHash};
        if (!part) return Fail("no published assessment " + id + " (see: supportlab-cli assessment list)");
        WriteCache(cache, *part);
    } else if (opened.Error().m_kind != StoreErrorKind::Io || !(part = ReadCache(cache))) {
        return Fail(opened.Error().m_message + (opened.Error().m_kind == StoreErrorKind::Io
                                                    ? "; this machine has no copy of assessment " + id + " to go on with offline"
                                                    : ""));
    } else {
        std::fprintf(stderr, "supportlab-cli assessment: the server cannot be reached; going on from this machine's copy "
                             "of assessment %s\n", id.c_str());
    }
    const LoadResult<Scenario> loaded = LoadPublished(part->m_text, part->m_model, "published/" + id);
    for (const Diagnostic& d : loaded.m_diagnostics) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    if (!loaded.Ok()) return kExitInvalid;
    const Scenario& scenario = *loaded.m_value;
    if (!scenario.m_keyWithheld || scenario.m_contentHash != part->m_hash)
        return Fail("assessment " + id + " did not arrive as a trainee's part; ask your trainer to publish it again");

    std::string readError;
    const std::optional<std::string> text = ReadFileCapped(actionsPath, 4u * 1024u * 1024u, &readError);
    if (!text) return Fail("cannot read " + actionsPath + ": " + readError);
    const ScriptParseResult parsed = ParseActionScript(*text);
    bool bad = !parsed.Ok();
    for (const ScriptError& e : parsed.m_errors)
        std::fprintf(stderr, "%s:%d:%d: error: %s\n", actionsPath.c_str(), e.m_line, e.m_col, e.m_message.c_str());
    for (const Action& a : parsed.m_script.m_actions) {
        if (a.m_type != ActionType::RouteOutcome && a.m_type != ActionType::StepOutcome) continue;
        std::fprintf(stderr, "%s:%d:1: error: `%s` records the server's answer; a script cannot give it\n",
                     actionsPath.c_str(), a.m_line, ToString(a.m_type));
        bad = true;
    }
    if (bad) return kExitInvalid;

    auto opened = OpenDatabaseForWriting(outboxPath, true, "assessment");
    auto* outbox = dynamic_cast<SqliteStore*>(opened.get());
    if (!outbox) return kExitInvalid;
    auto who = outbox->FindOrAddTrainee(trainee, "");
    if (!who) return Fail(who.Error().m_message);
    std::optional<AttemptRecorder> rec;
    if (auto open = outbox->UnfinishedAttempts(who->m_id); open) {
        for (const Attempt& a : open.Value()) {
            if (a.m_contentHash != scenario.m_contentHash) continue;
            auto resumed = AttemptRecorder::Resume(*outbox, scenario, a.m_id, SystemWallClockMs);
            if (!resumed) return Fail(resumed.Error().m_message);
            rec.emplace(std::move(resumed.Value()));
            std::fprintf(stderr, "supportlab-cli assessment: going on with attempt %s (%zu action(s) so far)\n",
                         a.m_uid.c_str(), rec->Sim().Log().size());
            break;
        }
    } else {
        return Fail(open.Error().m_message);
    }
    if (!rec) {
        Attempt meta;
        meta.m_traineeId = who->m_id;
        meta.m_seed = seedOverride ? *seedOverride : parsed.m_script.m_seed.value_or(scenario.m_defaultSeed);
        if (session) {
            if (!server) return Fail("a new attempt in lab session " + sessionText + " needs the server");
            // The server refuses these too; saying so here keeps a refused attempt out of the outbox.
            auto settings = server->SessionSettings(static_cast<RowId>(*session));
            if (!settings) return Fail(settings.Error().m_message);
            if (settings->m_assessment) {
                const auto& ids = settings->m_published;
                if (std::find(ids.begin(), ids.end(), static_cast<RowId>(*publishedId)) == ids.end())
                    return Fail("lab session " + sessionText + " does not assess assessment " + id);
                if (settings->m_closedWall) return Fail("the assessment of lab session " + sessionText + " is closed");
                if (settings->m_attemptsAllowed > 0) {
                    auto me = server->FindTrainee(trainee);
                    if (!me) return Fail(me.Error().m_message);
                    AttemptFilter f;
                    f.m_traineeId = me->m_id;
                    f.m_sessionId = static_cast<RowId>(*session);
                    f.m_scenarioId = scenario.m_id;
                    auto used = server->Attempts(f);
                    if (!used) return Fail(used.Error().m_message);
                    if (static_cast<int>(used->size()) >= settings->m_attemptsAllowed)
                        return Fail("no attempts left at assessment " + id + " in lab session " + sessionText + ": it allows " +
                                    std::to_string(settings->m_attemptsAllowed) + " and you have made " +
                                    std::to_string(used->size()));
                }
            }
            std::string error;
            const auto local = LocalSession(*outbox, *server, static_cast<RowId>(*session), &error);
            if (!local) return Fail(error);
            meta.m_sessionId = *local;
        }
        auto started = AttemptRecorder::Start(*outbox, scenario, meta, SystemWallClockMs);
        if (!started) return Fail(started.Error().m_message);
        rec.emplace(std::move(started.Value()));
    }

    bool online = server != nullptr;
    for (const Action& a : parsed.m_script.m_actions) {
        const RecordResult r = rec->Apply(a);
        if (r.m_storeError) return Fail(r.m_storeError->m_message);
        if (!r.m_apply.m_ok) {
            std::fprintf(stderr, "%s:%d:1: error: %s (at simulated time %s)\n", actionsPath.c_str(), a.m_line,
                         r.m_apply.m_error.c_str(), FormatClock(rec->Sim().Now()).c_str());
            std::fprintf(stderr, "supportlab-cli assessment: the actions before it are kept in the open attempt; play "
                                 "the rest (from that line) again to go on\n");
            opened.reset();
            SyncOutbox(db, outboxPath, "assessment");
            return kExitInvalid;
        }
        // Where an escalation went and what a step did are the server's to say; offline, the
        // ticket waits for the answer and the trainee goes on with others.
        if ((a.m_type == ActionType::Escalate || a.m_type == ActionType::Step) && online)
            online = AnswerPending(*rec, *outbox, db, server);
    }
    if (!AnswerPending(*rec, *outbox, db, server)) {
        const size_t routes = PendingRoutes(rec->Sim()).size(), steps = PendingSteps(rec->Sim()).size();
        std::fprintf(stderr, "supportlab-cli assessment: %zu escalated ticket(s) and %zu step(s) wait for the server's answer\n",
                     routes, steps);
    }
    if (!noSubmit) {
        if (auto st = rec->Submit(); !st) return Fail(st.Error().m_message);
        std::printf("submitted: attempt %s at assessment %s (%zu action(s)); your results appear when your trainer "
                    "releases them\n",
                    rec->AttemptRecord().m_uid.c_str(), id.c_str(), rec->Sim().Log().size());
    } else {
        std::printf("kept open: attempt %s at assessment %s (%zu action(s)); play the next script to go on\n",
                    rec->AttemptRecord().m_uid.c_str(), id.c_str(), rec->Sim().Log().size());
    }
    rec.reset();
    opened.reset();
    return SyncOutbox(db, outboxPath, "assessment") == SyncOutcome::Failed ? kExitInvalid : kExitOk;
}

int RunShow(const Args& args) {
    std::string db, id;
    CommandLine line("assessment show", kAssessmentHelp, kAssessmentHelp);
    line.Value("--db", &db).Positional("assessment id", &id);
    if (const auto stop = line.Parse(args)) return *stop;
    if (id.empty()) return line.Usage("the assessment ID is required (see: supportlab-cli assessment list)");
    if (db.empty()) return line.Usage("--db URI is required");
    const auto publishedId = ParseU64(id);
    if (!publishedId) return line.Usage("ID must be a published assessment's id (a whole number), not '" + id + "'");
    auto store = OpenServerAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    auto published = store.Value()->Published();
    if (!published) return Fail(published.Error().m_message);
    for (const PgPublished& p : published.Value()) {
        if (p.m_id != static_cast<RowId>(*publishedId)) continue;
        // Line by line: the text is YAML (its own escapes), shown terminal-safe.
        for (size_t start = 0; start < p.m_traineeText.size();) {
            const size_t end = std::min(p.m_traineeText.find('\n', start), p.m_traineeText.size());
            std::printf("%s\n", TerminalSafe(std::string_view(p.m_traineeText).substr(start, end - start)).c_str());
            start = end + 1;
        }
        return kExitOk;
    }
    return Fail("no published assessment " + id + " (see: supportlab-cli assessment list)");
}

int RunResults(const Args& args) {
    std::string db;
    CommandLine line("assessment results", kAssessmentHelp, kAssessmentHelp);
    line.Value("--db", &db);
    if (const auto stop = line.Parse(args)) return *stop;
    if (db.empty()) return line.Usage("--db URI is required");
    auto store = OpenServerAsUser(db);
    if (!store) return Fail(store.Error().m_message);
    auto me = store.Value()->SignedIn();
    if (!me) return Fail(me.Error().m_message);
    auto trainee = store.Value()->FindTrainee(me->m_traineeName);
    if (!trainee) return Fail("this login has no trainee row: results are a trainee's");
    AttemptFilter mine;
    mine.m_traineeId = trainee->m_id;
    mine.m_finishedOnly = true;
    auto attempts = store.Value()->Attempts(mine);
    if (!attempts) return Fail(attempts.Error().m_message);
    if (attempts->empty()) std::printf("no submitted attempts yet\n");
    for (const Attempt& a : attempts.Value()) {
        auto report = store.Value()->Scores(a.m_id);
        if (!report) {
            std::printf("attempt %s (%s): submitted; %s\n", a.m_uid.c_str(), TerminalSafe(a.m_scenarioId).c_str(),
                        report.Error().m_kind == StoreErrorKind::NotFound ? "results not released yet"
                                                                          : report.Error().m_message.c_str());
            continue;
        }
        std::printf("attempt %s (%s):\n%s\n", a.m_uid.c_str(), TerminalSafe(a.m_scenarioId).c_str(),
                    FormatScoreText(report.Value()).c_str());
    }
    return kExitOk;
}

} // namespace

int RunAssessment(const Args& args) {
    if (args.empty()) {
        std::fprintf(stderr, "supportlab-cli assessment: say list, show, play or results\n%s", kAssessmentHelp);
        return kExitUsage;
    }
    const std::string& sub = args.front();
    if (sub == "--help" || sub == "-h") {
        std::printf("%s", kAssessmentHelp);
        return kExitOk;
    }
    const Args rest(args.begin() + 1, args.end());
    if (sub == "list") return RunList(rest);
    if (sub == "play") return RunPlay(rest);
    if (sub == "results") return RunResults(rest);
    if (sub == "show") return RunShow(rest);
    std::fprintf(stderr, "supportlab-cli assessment: unknown subcommand '%s'\n%s", sub.c_str(), kAssessmentHelp);
    return kExitUsage;
}

} // namespace sl::cli
