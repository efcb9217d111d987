// SupportLab bench: headless frames of the busiest screens vs ImGui::ShowDemoWindow, and cold start.
#include "bench_sections.hpp"

#include "answer_key.hpp"
#include "bench_data.hpp"
#include "reports/reports.hpp"
#include "scenario_io/loader.hpp"
#include "store/attempt_recorder.hpp"
#include "store/sqlite_store.hpp"
#include "ui/app.hpp"
#include "ui/fonts.hpp"
#include "ui/run_control.hpp"

#include <imgui.h>
#include <imgui_internal.h>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace sl::bench {

namespace fs = std::filesystem;

namespace {

// [SECTION] Headless ImGui
// [SECTION] Generated data
// [SECTION] Sections

//-----------------------------------------------------------------------------
// [SECTION] Headless ImGui
//-----------------------------------------------------------------------------

// A context with the app's real fonts and style and no window: frames are NewFrame, draw, Render,
// the same work the app does per frame minus the GPU upload.
class HeadlessUi {
public:
    explicit HeadlessUi(ImVec2 display = ImVec2(1600, 1000)) {
        m_context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = display;
        io.DeltaTime = 1.0f / 60.0f;
        // Keyboard navigation (the app turns it on) needs every key mapped; no key is ever pressed.
        for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = 256 + k;
        std::vector<std::string> log;
        m_fonts = ui::LoadFonts(io, ui::FindUiFont(), 1.0f, log);
        ui::ApplyStyle(1.0f);
    }
    ~HeadlessUi() {
        ImGui::GetIO().IniFilename = nullptr; // InitApp points it into an AppState that may be gone
        ImGui::DestroyContext(m_context);
    }
    HeadlessUi(const HeadlessUi&) = delete;
    HeadlessUi& operator=(const HeadlessUi&) = delete;

    const ui::FontSet& Fonts() const { return m_fonts; }

    template <class Draw>
    void Frame(Draw&& draw) {
        ImGui::NewFrame();
        draw();
        ImGui::Render();
    }

private:
    ImGuiContext* m_context = nullptr;
    ui::FontSet m_fonts;
};

// The baseline: ImGui's demo window filling the same display, with every top-level section open
// (as first shown it is a column of closed headers, far less than any real screen).
void DemoFrame(HeadlessUi& ui, bool& prepared) {
    ui.Frame([] { ImGui::ShowDemoWindow(); });
    if (prepared) return;
    prepared = true;
    ImGuiWindow* w = ImGui::FindWindowByName("Dear ImGui Demo");
    if (!w) throw std::runtime_error("the demo window was not drawn");
    ImGui::SetWindowPos("Dear ImGui Demo", ImVec2(0, 0));
    ImGui::SetWindowSize("Dear ImGui Demo", ImGui::GetIO().DisplaySize);
    for (const char* header : {"Help", "Configuration", "Window options", "Widgets", "Layout & Scrolling",
                               "Popups & Modal windows", "Tables & Columns", "Filtering", "Inputs, Navigation & Focus"})
        w->StateStorage.SetInt(w->GetID(header), 1);
    for (int i = 0; i < 3; ++i) ui.Frame([] { ImGui::ShowDemoWindow(); });
}

int DrawnVertices() {
    const ImDrawData* dd = ImGui::GetDrawData();
    return dd ? dd->TotalVtxCount : 0;
}

// The app's state on a given screen, without a database or a library folder.
std::unique_ptr<ui::AppState> BareState(const ui::FontSet& fonts) {
    auto s = std::make_unique<ui::AppState>();
    s->m_fonts = fonts;
    s->m_auth.m_prompt = false;
    s->m_auth.m_hash = "unused";
    return s;
}

//-----------------------------------------------------------------------------
// [SECTION] Generated data
//-----------------------------------------------------------------------------

// A scenario of `count` tickets, all arrived by the time the queue is drawn. The loader allows at
// most kMaxListItems tickets per file, so one loaded ticket set is repeated under new ids.
std::shared_ptr<const Scenario> QueueScenario(int count) {
    const LongLab lab = MakeLongLab(300, 300 * 24); // the long lab's ticket shape and model
    const FileReader reader = [&](const std::string& path, std::string* error) -> std::optional<std::string> {
        if (path == "/bench/tiered.yaml") return lab.m_modelYaml;
        if (error) *error = "no such file";
        return std::nullopt;
    };
    LoadResult<Scenario> r = LoadScenarioText(lab.m_scenarioYaml, "/bench/long-lab.yaml", reader);
    if (!r.Ok()) throw std::runtime_error("the queue scenario does not load");
    auto scenario = std::make_shared<Scenario>(std::move(*r.m_value));
    const std::vector<Ticket> base = scenario->m_tickets;
    scenario->m_tickets.clear();
    scenario->m_tickets.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        Ticket t = base[static_cast<size_t>(i) % base.size()];
        t.m_id = "q-" + std::to_string(i);
        t.m_arrives = i * 5;
        scenario->m_tickets.push_back(std::move(t));
    }
    return scenario;
}

// The lead's cohort matrix over `trainees` trainees in ten cohorts and `scenarios` scenarios: every
// trainee has tried every scenario once or twice, and one cell in seven is still in progress.
CohortMatrix MakeMatrix(int trainees, int scenarios) {
    std::vector<Trainee> people;
    std::vector<Attempt> attempts;
    RowId id = 0;
    for (int t = 0; t < trainees; ++t) {
        people.push_back(Trainee{t + 1, "Trainee " + std::to_string(t), "Cohort " + std::to_string(t % 10)});
        for (int c = 0; c < scenarios; ++c) {
            for (int k = 0; k < 1 + (t + c) % 2; ++k) {
                Attempt a;
                a.m_id = ++id;
                a.m_traineeId = t + 1;
                char sid[32];
                std::snprintf(sid, sizeof sid, "scenario-%02d", c);
                a.m_scenarioId = sid;
                a.m_startedWall = 1'700'000'000'000 + id * 60'000;
                a.m_finished = (t * 7 + c * 3 + k) % 7 != 0;
                if (a.m_finished) {
                    a.m_endedWall = a.m_startedWall + 25 * 60'000;
                    a.m_score = static_cast<double>((t * 37 + c * 11 + k * 5) % 101);
                    a.m_max = 100.0;
                } else {
                    a.m_lastWall = a.m_startedWall + 10 * 60'000;
                }
                attempts.push_back(std::move(a));
            }
        }
    }
    return BuildCohortMatrix(people, attempts, Grading::Highest, PassThresholds{});
}

// Answer-key actions for an attempt at a shipped scenario, without those the simulation refuses,
// so every stored event replays.
std::vector<Action> KeyActions(const Scenario& sc) {
    std::vector<Action> out;
    Simulation sim(sc, sc.m_defaultSeed);
    for (Action& a : testkit::AnswerKeyActions(sc))
        if (sim.Apply(a).m_ok) out.push_back(std::move(a));
    return out;
}

// A database of `attempts` finished attempts over the shipped scenarios, spread over trainees in
// ten cohorts (20 attempts each). Written with synchronous=OFF: this is set-up, not the figure.
void MakeDatabase(const std::string& path, int attempts) {
    auto opened = SqliteStore::Open(path);
    if (!opened) throw std::runtime_error("cannot create the database: " + opened.Error().m_message);
    SqliteStore& store = *opened.Value();
    sqlite3_exec(store.Handle(), "PRAGMA synchronous = OFF", nullptr, nullptr, nullptr);
    std::vector<std::pair<std::shared_ptr<Scenario>, std::vector<Action>>> scenarios;
    for (const FileReport& r : ValidatePaths({SUPPORTLAB_SCENARIO_DIR})) {
        if (!ScenarioKindFromString(r.m_kind) || !r.Ok()) continue;
        LoadResult<Scenario> sc = LoadScenarioFile(r.m_path);
        if (!sc.Ok()) continue;
        auto shared = std::make_shared<Scenario>(std::move(*sc.m_value));
        std::vector<Action> actions = KeyActions(*shared);
        scenarios.emplace_back(std::move(shared), std::move(actions));
    }
    if (scenarios.empty()) throw std::runtime_error("no shipped scenario loads");
    WallTime wall = 1'700'000'000'000;
    const WallClock clock = [&wall] { return wall += 1500; };
    for (int i = 0; i < attempts; ++i) {
        const auto& [scenario, actions] = scenarios[static_cast<size_t>(i) % scenarios.size()];
        ScriptedAttemptOptions opt;
        opt.m_traineeName = "Trainee " + std::to_string(i / 20);
        opt.m_cohort = "Cohort " + std::to_string((i / 20) % 10);
        opt.m_seed = scenario->m_defaultSeed;
        // Every fifth attempt stops halfway: leads see unfinished work too.
        std::vector<Action> part = actions;
        if (i % 5 == 4) part.resize(part.size() / 2);
        auto r = RecordScriptedAttempt(store, *scenario, part, opt, clock);
        if (!r) throw std::runtime_error("cannot record an attempt: " + r.Error().m_message);
    }
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Sections
//-----------------------------------------------------------------------------

void BenchUi(const Options& o, Table& table) {
    const int tickets = o.m_quick ? 200 : 10000;
    const int frames = o.m_quick ? 3 : 15 * o.m_reps;
    HeadlessUi ui;
    std::unique_ptr<ui::AppState> s = BareState(ui.Fonts());

    // The trainee's queue with every ticket arrived, a third of them worked, one selected.
    const std::shared_ptr<const Scenario> scenario = QueueScenario(tickets);
    ui::StartDemoRun(scenario, 1, s->m_trainee.m_run);
    ui::ScenarioRun& run = *s->m_trainee.m_run;
    run.m_demo = false; // the clock runs at 1x, as for a trainee
    Simulation& sim = *run.m_sim;
    sim.AdvanceTo(tickets * 5);
    for (int i = 0; i < tickets; i += 3) {
        Action ack;
        ack.m_type = ActionType::Acknowledge;
        ack.m_target = "q-" + std::to_string(i);
        if (!sim.Apply(ack).m_ok) throw std::runtime_error("the queue scenario refused an acknowledgement");
    }
    ui::CollectArrivals(run);
    run.m_selectedTicket = "q-1";
    s->m_role = ui::AppRole::Trainee;
    s->m_trainee.m_screen = ui::TraineeScreen::Scenario;
    s->m_trainee.m_profile = Trainee{1, "Bench", ""};

    bool demoReady = false;
    DemoFrame(ui, demoReady);
    const int demoVertices = DrawnVertices();
    for (int i = 0; i < 5; ++i) ui.Frame([&] { ui::DrawFrame(*s); }); // tables settle their column widths
    const int queueVertices = DrawnVertices();
    std::printf("# ui: vertices drawn per frame: queue %d, demo window %d\n", queueVertices, demoVertices);
    const Timing queue = Interleaved(frames, [&] { ui.Frame([&] { ui::DrawFrame(*s); }); }, [&] { DemoFrame(ui, demoReady); });
    table.Add(TimedRow("ui frame: trainee queue of " + std::to_string(tickets) + " tickets", "ShowDemoWindow frame, sections open",
                       queue, "<= 1x", queue.m_ours <= queue.m_base));
    // The frame after an action, an arrival or a return (not a mere clock tick): the queue filters
    // and sorts every row again.
    const Timing rebuilt = Interleaved(frames, [&] {
        run.m_queue.m_rowsStamp = 0; // forces the rebuild
        ui.Frame([&] { ui::DrawFrame(*s); });
    }, [&] { DemoFrame(ui, demoReady); });
    table.Add(TimedRow("ui frame: the same queue, re-filtered and re-sorted", "ShowDemoWindow frame, sections open", rebuilt,
                       "", std::nullopt));

    // The lead's cohort matrix.
    const int trainees = o.m_quick ? 50 : 1000;
    std::unique_ptr<ui::AppState> lead = BareState(ui.Fonts());
    lead->m_role = ui::AppRole::Lead;
    lead->m_auth.m_unlocked = true;
    lead->m_lead.m_dirty = false; // the reports are given, not read from a database
    lead->m_lead.m_data.m_matrix = MakeMatrix(trainees, 20);
    for (int c = 0; c < 10; ++c) lead->m_lead.m_data.m_cohorts.push_back("Cohort " + std::to_string(c));
    for (int i = 0; i < 5; ++i) ui.Frame([&] { ui::DrawFrame(*lead); });
    std::printf("# ui: vertices drawn per frame: lead matrix %d\n", DrawnVertices());
    const Timing matrix = Interleaved(frames, [&] { ui.Frame([&] { ui::DrawFrame(*lead); }); }, [&] { DemoFrame(ui, demoReady); });
    table.Add(TimedRow("ui frame: lead matrix, " + std::to_string(trainees) + " trainees x 20 scenarios",
                       "ShowDemoWindow frame, sections open", matrix, "<= 1x", matrix.m_ours <= matrix.m_base));
}

} // namespace sl::bench

namespace sl::bench {

void BenchColdStart(const Options& o, Table& table) {
    const int attempts = o.m_quick ? 40 : 10000;
    const int reps = o.m_quick ? 1 : o.m_reps;
    const std::string dir = MakeTempDir("supportlab-bench-coldstart");
    const std::string db = dir + "/supportlab.db";
    const double made = NowMs();
    MakeDatabase(db, attempts);
    std::printf("# coldstart: database of %d attempts written in %.1f s (%.1f MiB)\n", attempts, (NowMs() - made) / 1000.0,
                static_cast<double>(fs::file_size(db)) / (1024.0 * 1024.0));

    // In-process: context and fonts, InitApp (open the database, load and validate the shipped
    // library, read the profiles), then the first frame.
    std::vector<double> cpu, wall, init;
    for (int i = 0; i < reps; ++i) {
        const double w0 = NowMs(), c0 = ThreadCpuMs();
        double i0 = 0, i1 = 0;
        {
            HeadlessUi ui;
            std::unique_ptr<ui::AppState> s = BareState(ui.Fonts());
            s->m_auth.m_hash.clear();
            s->m_options.m_scenarioDir = SUPPORTLAB_SCENARIO_DIR;
            s->m_options.m_dbPath = db;
            s->m_options.m_configDir = dir + "/config";
            s->m_options.m_openStore = [](const std::string& path) { return OpenStore(path); };
            s->m_options.m_wallClock = SystemWallClockMs;
            i0 = NowMs();
            ui::InitApp(*s);
            i1 = NowMs();
            s->m_auth.m_prompt = false; // the trainee's profile screen, not the first-run passphrase
            ui.Frame([&] { ui::DrawFrame(*s); });
            cpu.push_back(ThreadCpuMs() - c0);
            wall.push_back(NowMs() - w0);
            init.push_back(i1 - i0);
            if (!s->m_storeError.empty()) throw std::runtime_error("the app could not open the database: " + s->m_storeError);
            ui::ShutdownApp(*s);
        }
    }
    std::printf("# coldstart: wall %.1f ms median, of which InitApp (database + library + profiles) %.1f ms\n", Median(wall),
                Median(init));
    Row row{"cold start to first frame (in-process), shipped library, " + std::to_string(attempts) + " attempts",
            "", Median(cpu), 0, "ms", "", std::nullopt};
    table.Add(row);

#ifdef SUPPORTLAB_APP_PATH
    // The real application under X (run the bench under xvfb-run): process start to the first frame
    // rendered and the process gone (--smoke-test 1).
    if (std::getenv("DISPLAY")) {
        std::vector<double> times;
        const std::string cmd = "env XDG_CONFIG_HOME='" + dir + "/xdg' '" SUPPORTLAB_APP_PATH "' --scenarios '" SUPPORTLAB_SCENARIO_DIR
                                "' --db '" + db + "' --smoke-test 1 >/dev/null 2>&1";
        for (int i = 0; i < reps; ++i) {
            const double t0 = NowMs();
            if (std::system(cmd.c_str()) != 0) throw std::runtime_error("the application's smoke test failed: " + cmd);
            times.push_back(NowMs() - t0);
        }
        table.Add({"cold start to first frame (supportlab --smoke-test 1, wall)", "", Median(times), 0, "ms", "", std::nullopt});
    } else {
        std::printf("# coldstart: the application itself was not started (no DISPLAY; run the bench under xvfb-run)\n");
    }
#endif
    RemoveTree(dir);
}

#ifdef SUPPORTLAB_APP_PATH
namespace {

// The real application left alone on one screen for `seconds` of wall time: the CPU it used once
// started up (it reports that itself: the first second loads the library and fonts), in percent of
// one core. With noIdle it draws every frame, as a plain GLFW + ImGui loop does.
double IdleCpuPercent(const std::string& dir, const std::string& view, double seconds, bool noIdle) {
    const std::string out = dir + "/idle.txt";
    const std::string cmd = "env XDG_CONFIG_HOME='" + dir + "/xdg' XDG_DATA_HOME='" + dir + "/data' '" SUPPORTLAB_APP_PATH
                            "' --scenarios '" SUPPORTLAB_SCENARIO_DIR "' --db '" + dir + "/idle.db' --smoke-view '" + view +
                            "' --run-for " + std::to_string(seconds) + (noIdle ? " --no-idle" : "") + " >'" + out + "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("the application did not run: " + cmd);
    std::ifstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        const size_t open = line.rfind('('), pct = line.rfind("% of one core");
        if (line.rfind("steady:", 0) == 0 && open != std::string::npos && pct != std::string::npos && pct > open) {
            std::printf("# idle: %s%s: %s\n", view.c_str(), noIdle ? " --no-idle" : "", line.c_str());
            return std::stod(line.substr(open + 1, pct - open - 1));
        }
    }
    throw std::runtime_error("the application printed no 'steady:' line: " + cmd);
}

} // namespace
#endif

void BenchIdle(const Options& o, Table& table) {
#ifdef SUPPORTLAB_APP_PATH
    if (!std::getenv("DISPLAY")) {
        std::printf("# idle: the application itself was not started (no DISPLAY; run the bench under xvfb-run)\n");
        return;
    }
    const double seconds = o.m_quick ? 2.0 : 10.0;
    const std::string dir = MakeTempDir("supportlab-bench-idle");
    // The pick screen (nothing moves) and a drill with its simulated clock running at 1x.
    for (const auto& [view, what] : {std::pair<std::string, std::string>{"pick", "pick screen"},
                                     {"play:drill-customer-led-monday", "drill, clock running at 1x"}}) {
        const double ours = IdleCpuPercent(dir, view, seconds, false);
        const double every = IdleCpuPercent(dir, view, seconds, true);
        Row row{"idle CPU over " + std::to_string(static_cast<int>(seconds)) + " s, " + what + " (% of one core)",
                "the same screen drawn every frame (--no-idle)", ours, every, "%", "<= 5", std::nullopt};
        if (!o.m_quick) row.m_met = ours <= 5.0;
        table.Add(row);
    }
    RemoveTree(dir);
#else
    (void)o;
    (void)table;
    std::printf("# idle: built without the application\n");
#endif
}

} // namespace sl::bench
