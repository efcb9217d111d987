// SupportLab robustness: a scripted lab recorded action by action, resuming whatever a killed run left.
//
// usage: robustness-lab-driver --db PATH --trainee NAME --lab ID (--module ID SCENARIO ACTIONS)...
//
// Plays the modules in order, each as its own attempt (like the app's lab runner): a module with a
// finished attempt is skipped, an unfinished one is resumed by replaying its event log, otherwise
// a new attempt starts. After every committed action it writes "event MODULE SEQ\n" to stdout
// (unbuffered), so a test that kills it knows what was acknowledged. Wall times come from a clock
// that depends only on the module and the action index, so every run stores the same values.
// Exit codes: 0 done, 1 bad input, 2 usage, 3 a store error.
#include "core/action.hpp"
#include "scenario_io/loader.hpp"
#include "store/attempt_recorder.hpp"
#include "store/sqlite_store.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

struct Module {
    std::string m_id;
    std::string m_scenario;
    std::string m_actions;
};

void Say(const std::string& line) {
    const std::string text = line + "\n";
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(1, text.data() + done, text.size() - done);
        if (n <= 0) return;
        done += static_cast<size_t>(n);
    }
}

int Fail(int code, const std::string& message) {
    std::fprintf(stderr, "robustness-lab-driver: %s\n", message.c_str());
    return code;
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

int main(int argc, char** argv) {
    std::string db, trainee, lab;
    std::vector<Module> modules;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--db" && i + 1 < argc) db = argv[++i];
        else if (a == "--trainee" && i + 1 < argc) trainee = argv[++i];
        else if (a == "--lab" && i + 1 < argc) lab = argv[++i];
        else if (a == "--module" && i + 3 < argc) {
            modules.push_back({argv[i + 1], argv[i + 2], argv[i + 3]});
            i += 3;
        } else {
            return Fail(2, "usage: --db PATH --trainee NAME --lab ID (--module ID SCENARIO ACTIONS)...");
        }
    }
    if (db.empty() || trainee.empty() || lab.empty() || modules.empty()) return Fail(2, "missing arguments");

    auto opened = sl::SqliteStore::Open(db);
    if (!opened) return Fail(3, opened.Error().m_message);
    sl::Store& store = *opened.Value();
    auto person = store.FindTrainee(trainee);
    if (!person && person.Error().m_kind == sl::StoreErrorKind::NotFound) person = store.AddTrainee(trainee, "Robustness");
    if (!person) return Fail(3, person.Error().m_message);

    for (size_t m = 0; m < modules.size(); ++m) {
        const Module& mod = modules[m];
        const sl::LoadResult<sl::Scenario> scenario = sl::LoadScenarioFile(mod.m_scenario);
        if (!scenario.Ok()) return Fail(1, "scenario " + mod.m_scenario + " does not load");
        const sl::ScriptParseResult script = sl::ParseActionScript(ReadAll(mod.m_actions));
        if (!script.Ok()) return Fail(1, "action script " + mod.m_actions + " does not parse");
        const std::vector<sl::Action>& actions = script.m_script.m_actions;

        std::int64_t tick = 0;
        const sl::WallClock clock = [&] { return 1'700'000'000'000 + static_cast<std::int64_t>(m) * 100'000'000 + tick * 1000; };

        sl::AttemptFilter filter;
        filter.m_traineeId = person->m_id;
        filter.m_labId = lab;
        auto existing = store.Attempts(filter);
        if (!existing) return Fail(3, existing.Error().m_message);
        const sl::Attempt* found = nullptr;
        for (const sl::Attempt& a : existing.Value())
            if (a.m_moduleId == mod.m_id) found = &a;
        if (found && found->m_finished) continue;

        std::optional<sl::AttemptRecorder> rec;
        if (found) {
            auto resumed = sl::AttemptRecorder::Resume(store, *scenario.m_value, found->m_id, clock);
            if (!resumed) return Fail(3, resumed.Error().m_message);
            rec.emplace(std::move(resumed.Value()));
        } else {
            sl::Attempt meta;
            meta.m_traineeId = person->m_id;
            meta.m_labId = lab;
            meta.m_moduleId = mod.m_id;
            meta.m_seed = script.m_script.m_seed.value_or(scenario.m_value->m_defaultSeed);
            auto started = sl::AttemptRecorder::Start(store, *scenario.m_value, meta, clock);
            if (!started) return Fail(3, started.Error().m_message);
            rec.emplace(std::move(started.Value()));
        }
        for (size_t i = rec->Sim().Log().size(); i < actions.size(); ++i) {
            tick = static_cast<std::int64_t>(i) + 1;
            const sl::RecordResult r = rec->Apply(actions[i]);
            if (!r.m_apply.m_ok) return Fail(1, mod.m_actions + ":" + std::to_string(actions[i].m_line) + ": " + r.m_apply.m_error);
            if (r.m_storeError) return Fail(3, r.m_storeError->m_message);
            Say("event " + mod.m_id + " " + std::to_string(i));
        }
        tick = static_cast<std::int64_t>(actions.size()) + 1;
        auto finished = rec->Finish();
        if (!finished) return Fail(3, finished.Error().m_message);
        Say("finished " + mod.m_id);
    }
    return 0;
}
