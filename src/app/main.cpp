// SupportLab app: a thin main — parse the arguments, make the window and GL context, run ui::DrawFrame.
#include "app/server_mode.hpp"
#include "store/delivery.hpp"
#include "store/sqlite_store.hpp"
#include "ui/app.hpp"
#include "ui/fonts.hpp"
#include "ui/paths.hpp"
#include "ui/screenshot.hpp"
#include "ui/smoke.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <stb_image.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <dlfcn.h>
#include <link.h>
#endif
#include <sys/resource.h>

// The shortcuts index io.KeysDown with GLFW key codes (see ui/widgets.hpp).
static_assert(sl::ui::kKeyF1 == GLFW_KEY_F1 && sl::ui::kKeyF5 == GLFW_KEY_F5 && sl::ui::kKeyF == GLFW_KEY_F);
static_assert(sl::ui::kKeyLeftBracket == GLFW_KEY_LEFT_BRACKET && sl::ui::kKeyRightBracket == GLFW_KEY_RIGHT_BRACKET);
static_assert(sl::ui::kKey1 == GLFW_KEY_1);

namespace {

struct Args {
    std::string m_scenarios;
    std::string m_db;
    int m_smokeFrames = 0;
    double m_runSeconds = 0.0; // --run-for: the real loop, paced as usual, then exit (idle CPU bench)
    bool m_noIdle = false;     // --no-idle: draw every frame, as without frame pacing (for comparison)
    std::string m_screenshot;
    std::string m_smokeView;
    int m_width = 0, m_height = 0; // --window WxH: the window's size in pixels (0: the default)
    float m_scale = 0.0f;          // --scale F: the content scale (0: the monitor's)
};

// Set by the GLFW error callback: the last error, for messages.
std::string g_glfwError;

void OnGlfwError(int code, const char* text) {
    g_glfwError = text ? text : "unknown error";
    std::fprintf(stderr, "supportlab: GLFW error %d: %s\n", code, g_glfwError.c_str());
}

void PrintHelp(std::FILE* out) {
    std::fprintf(out,
                 "usage: supportlab [--scenarios DIR] [--db PATH|URI]\n"
                 "       supportlab --help | --version\n\n"
                 "SupportLab: help-desk support training on a simulated clock.\n\n"
                 "options:\n"
                 "  --scenarios DIR     the scenario library (default: ./scenarios, else the source tree's)\n"
                 "  --db PATH|URI       the SQLite database (default: $XDG_DATA_HOME/supportlab/supportlab.db),\n"
                 "                      or the organisation server (postgresql://USER@HOST/DB): sign in with\n"
                 "                      your login; a trainee's work is kept on this machine first, then sent\n"
                 "  --window WxH        the window's size in pixels (default 1440x900, at most 90%% of the screen)\n"
                 "  --scale F           text and controls at F times their size, 0.5 to 4 (default: the\n"
                 "                      monitor's content scale), e.g. 1.5 on a projector\n"
                 "  --smoke-test N      render N frames, then exit (tests)\n"
                 "  --run-for SECONDS   run as usual for SECONDS of wall time, then exit (benchmarks)\n"
                 "  --no-idle           draw every frame even when nothing changes (benchmarks)\n"
                 "  --screenshot FILE   with --smoke-test: save the last frame as a PPM image\n"
                 "  --smoke-view VIEW   with --smoke-test: profile (default), pick, help, play:ID, debrief:ID, lab:ID,\n"
                 "                      trainer, answers[:ID], ttt[:ID], demo:ID, sessions or lead\n"
                 "                      (trainer and lead views need SUPPORTLAB_PASSPHRASE in the environment)\n\n"
                 "Settings (imgui.ini, the passphrase hash) live in $XDG_CONFIG_HOME/supportlab/.\n"
                 "Exit codes: 0 ok, 1 cannot start (no display, no OpenGL 3.3), 2 usage.\n");
}

// Returns 0 to go on, or an exit code.
int ParseArgs(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "supportlab: %s needs a value (try --help)\n", name);
                return nullptr;
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            PrintHelp(stdout);
            return -1;
        } else if (arg == "--version") {
            std::printf("supportlab %s\n", SUPPORTLAB_VERSION);
            return -1;
        } else if (arg == "--scenarios") {
            const char* v = value("--scenarios");
            if (!v) return 2;
            a.m_scenarios = v;
        } else if (arg == "--db") {
            const char* v = value("--db");
            if (!v) return 2;
            a.m_db = v;
        } else if (arg == "--smoke-test") {
            const char* v = value("--smoke-test");
            if (!v) return 2;
            char* end = nullptr;
            const long n = std::strtol(v, &end, 10);
            if (!end || *end || n < 1 || n > 100000) {
                std::fprintf(stderr, "supportlab: --smoke-test needs a frame count from 1 to 100000\n");
                return 2;
            }
            a.m_smokeFrames = static_cast<int>(n);
        } else if (arg == "--run-for") {
            const char* v = value("--run-for");
            if (!v) return 2;
            char* end = nullptr;
            const double seconds = std::strtod(v, &end);
            if (!end || *end || !(seconds > 0.0 && seconds <= 3600.0)) {
                std::fprintf(stderr, "supportlab: --run-for needs seconds from 0 to 3600\n");
                return 2;
            }
            a.m_runSeconds = seconds;
        } else if (arg == "--no-idle") {
            a.m_noIdle = true;
        } else if (arg == "--screenshot") {
            const char* v = value("--screenshot");
            if (!v) return 2;
            a.m_screenshot = v;
        } else if (arg == "--window") {
            const char* v = value("--window");
            if (!v) return 2;
            int w = 0, h = 0;
            char tail = 0;
            if (std::sscanf(v, "%dx%d%c", &w, &h, &tail) != 2 || w < 640 || h < 400 || w > 16384 || h > 16384) {
                std::fprintf(stderr, "supportlab: --window needs WIDTHxHEIGHT in pixels, at least 640x400 (e.g. 1280x720)\n");
                return 2;
            }
            a.m_width = w;
            a.m_height = h;
        } else if (arg == "--scale") {
            const char* v = value("--scale");
            if (!v) return 2;
            char* end = nullptr;
            const double f = std::strtod(v, &end);
            if (!end || *end || !(f >= 0.5 && f <= 4.0)) {
                std::fprintf(stderr, "supportlab: --scale needs a factor from 0.5 to 4\n");
                return 2;
            }
            a.m_scale = static_cast<float>(f);
        } else if (arg == "--smoke-view") {
            const char* v = value("--smoke-view");
            if (!v) return 2;
            a.m_smokeView = v;
        } else {
            std::fprintf(stderr, "supportlab: unknown option '%s' (try --help)\n", arg.c_str());
            return 2;
        }
    }
    if ((!a.m_screenshot.empty() || !a.m_smokeView.empty()) && a.m_smokeFrames == 0 && a.m_runSeconds == 0.0) {
        std::fprintf(stderr, "supportlab: --screenshot and --smoke-view need --smoke-test N or --run-for SECONDS\n");
        return 2;
    }
    return 0;
}

std::string DefaultScenarioDir() {
    std::error_code ec;
    if (std::filesystem::is_directory("scenarios", ec)) return std::filesystem::absolute("scenarios", ec).string();
    return SUPPORTLAB_SOURCE_SCENARIOS;
}

float g_scaleOverride = 0.0f; // --scale

float ContentScale(GLFWwindow* w) {
    if (g_scaleOverride > 0.0f) return g_scaleOverride;
    float xs = 1.0f, ys = 1.0f;
    glfwGetWindowContentScale(w, &xs, &ys);
    return xs > 0.0f ? xs : 1.0f;
}

void LoadFontsAndStyle(sl::ui::AppState& s, float scale) {
    std::vector<std::string> log;
    s.m_fonts = sl::ui::LoadFonts(ImGui::GetIO(), sl::ui::FindUiFont(), scale, log);
    for (const std::string& line : log) {
        std::fprintf(stderr, "supportlab: %s\n", line.c_str());
        sl::ui::Notify(s, sl::ui::MessageLevel::Warning, line);
    }
    sl::ui::ApplyStyle(scale);
}

#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer only: keep every loaded library (the GL driver above all) mapped until the
// process ends. glfwTerminate unloads the driver, and LeakSanitizer then blames the driver's own
// leaks on an unmapped address instead of naming it, so tests/ui/lsan.supp could not suppress them.
void PinLoadedLibraries() {
    std::vector<std::string> names;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* out) -> int {
            if (info->dlpi_name && info->dlpi_name[0]) static_cast<std::vector<std::string>*>(out)->push_back(info->dlpi_name);
            return 0;
        },
        &names);
    for (const std::string& n : names) dlopen(n.c_str(), RTLD_LAZY | RTLD_NOLOAD); // one more reference, never released
}
#else
void PinLoadedLibraries() {}
#endif

// The window icon: assets/supportlab.png from an installed share folder or the source tree.
void SetWindowIcon(GLFWwindow* window) {
    for (const char* path : {"/usr/share/icons/hicolor/256x256/apps/supportlab.png",
                             "/usr/local/share/icons/hicolor/256x256/apps/supportlab.png", SUPPORTLAB_SOURCE_ASSETS "/supportlab.png"}) {
        int w = 0, h = 0, n = 0;
        unsigned char* pixels = stbi_load(path, &w, &h, &n, 4);
        if (!pixels) continue;
        GLFWimage image{w, h, pixels};
        glfwSetWindowIcon(window, 1, &image);
        stbi_image_free(pixels);
        return;
    }
}

bool SaveScreenshot(const std::string& path, int w, int h) {
    std::vector<unsigned char> rgb(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
    const std::string err = sl::ui::WritePpm(path, sl::ui::ImageFromBottomUp(w, h, rgb));
    if (!err.empty()) std::fprintf(stderr, "supportlab: screenshot: %s\n", err.c_str());
    return err.empty();
}

// CPU time this process has used, user and system.
double ProcessCpuSeconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Frame pacing: sleep until input arrives or what is shown changes by itself (SecondsUntilChange);
// after input, draw back to back for kInputSettle so hover and popups settle. Tests and --no-idle
// draw every frame.
void WaitForWork(const sl::ui::AppState& s, bool everyFrame, double& settleUntil) {
    if (everyFrame || glfwGetTime() < settleUntil) {
        glfwPollEvents();
        return;
    }
    const double wait = sl::ui::SecondsUntilChange(s);
    const double t0 = glfwGetTime();
    glfwWaitEventsTimeout(wait);
    // Woken before the timeout: an event (input, resize, focus) came in.
    if (glfwGetTime() - t0 < wait * 0.95) settleUntil = glfwGetTime() + sl::ui::kInputSettle;
}

} // namespace

int main(int argc, char** argv) {
    Args args;
    if (int rc = ParseArgs(argc, argv, args); rc != 0) return rc < 0 ? 0 : rc;

    // No display: say so plainly instead of failing somewhere inside GLFW.
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!display || !*display) && (!wayland || !*wayland)) {
        std::fprintf(stderr, "supportlab: no display: neither DISPLAY nor WAYLAND_DISPLAY is set.\n"
                             "Start SupportLab from a desktop session (or, for tests, under xvfb-run).\n");
        return 1;
    }
    glfwSetErrorCallback(OnGlfwError);
    if (!glfwInit()) {
        std::fprintf(stderr, "supportlab: cannot open the display (%s): %s\n", display ? display : wayland,
                     g_glfwError.c_str());
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    // 1440x900, or 90% of the monitor's work area when that is smaller.
    int width = 1440, height = 900;
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
        int mx = 0, my = 0, mw = 0, mh = 0;
        glfwGetMonitorWorkarea(monitor, &mx, &my, &mw, &mh);
        if (mw > 0 && mh > 0) {
            width = std::min(width, mw * 9 / 10);
            height = std::min(height, mh * 9 / 10);
        }
    }
    if (args.m_width > 0) {
        // Asked for: exactly that many pixels (a scaled monitor does not resize it).
        width = args.m_width;
        height = args.m_height;
        glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);
    }
    GLFWwindow* window = glfwCreateWindow(width, height, "SupportLab", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "supportlab: cannot create a window with an OpenGL 3.3 core context: %s\n"
                             "Check the graphics driver (Mesa's llvmpipe is enough).\n", g_glfwError.c_str());
        PinLoadedLibraries();
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    SetWindowIcon(window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    if (!ImGui_ImplGlfw_InitForOpenGL(window, true) || !ImGui_ImplOpenGL3_Init("#version 330 core")) {
        std::fprintf(stderr, "supportlab: the OpenGL 3.3 renderer could not start\n");
        PinLoadedLibraries();
        ImGui::DestroyContext();
        glfwDestroyWindow(window);
        glfwTerminate();
        return 1;
    }

    sl::app::ServerContext server; // outlives s: its hooks point here
    sl::ui::AppState s;
    s.m_options.m_scenarioDir = args.m_scenarios.empty() ? DefaultScenarioDir() : args.m_scenarios;
    s.m_options.m_dbPath = args.m_db.empty() ? sl::DefaultDatabasePath() : args.m_db;
    s.m_options.m_configDir = sl::ui::DefaultConfigDir();
    s.m_options.m_openStore = [](const std::string& path) { return sl::OpenStore(path); };
    if (sl::IsServerLocation(args.m_db)) sl::app::UseServer(s.m_options, server, args.m_db);
    s.m_options.m_wallClock = sl::SystemWallClockMs;
    g_scaleOverride = args.m_scale;
    float scale = ContentScale(window);
    LoadFontsAndStyle(s, scale);
    sl::ui::InitApp(s);
    int rc = 0;
    if (args.m_smokeFrames > 0 || !args.m_smokeView.empty()) {
        // A trainee's agent has finished its first check before the scripted view does any work,
        // so what the smoke run records can only reach the server through the agent's later rounds.
        sl::app::AwaitFirstCheck(server, std::chrono::seconds(5));
        const char* pass = std::getenv("SUPPORTLAB_PASSPHRASE");
        if (std::string err = sl::ui::ApplySmokeView(s, args.m_smokeView, pass ? pass : ""); !err.empty()) {
            std::fprintf(stderr, "supportlab: --smoke-view: %s\n", err.c_str());
            rc = 1;
        }
    }

    int frame = 0;
    const double started = glfwGetTime();
    // --run-for reports the CPU it used once started up (the first second: library, fonts, first frames).
    double steadyWall = -1.0, steadyCpu = 0.0;
    int steadyFrames = 0;
    double settleUntil = glfwGetTime() + sl::ui::kInputSettle; // the first frames come at once, then after input
    while (rc == 0 && !glfwWindowShouldClose(window) && !s.m_wantQuit) {
        WaitForWork(s, args.m_smokeFrames > 0 || args.m_noIdle, settleUntil);
        const bool timeUp = args.m_runSeconds > 0.0 && glfwGetTime() - started >= args.m_runSeconds;
        if (args.m_runSeconds > 0.0 && steadyWall < 0.0 && glfwGetTime() - started >= std::min(1.0, args.m_runSeconds / 2)) {
            steadyWall = glfwGetTime();
            steadyCpu = ProcessCpuSeconds();
            steadyFrames = frame;
        }
        // Moving to a monitor with another content scale rebuilds the fonts at the new size.
        if (const float now = ContentScale(window); now != scale) {
            scale = now;
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            LoadFontsAndStyle(s, scale);
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        sl::ui::DrawFrame(s);
        ImGui::Render();
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        glClearColor(0.08f, 0.09f, 0.10f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++frame;
        if ((args.m_smokeFrames > 0 && frame >= args.m_smokeFrames) || timeUp) {
            if (!args.m_screenshot.empty() && !SaveScreenshot(args.m_screenshot, w, h)) rc = 1;
            if (timeUp && steadyWall >= 0.0) {
                const double wall = glfwGetTime() - steadyWall, cpu = ProcessCpuSeconds() - steadyCpu;
                std::printf("steady: %d frames, %.3f s CPU over %.3f s wall (%.2f%% of one core)\n", frame - steadyFrames, cpu,
                            wall, wall > 0 ? 100.0 * cpu / wall : 0.0);
            }
            break;
        }
        glfwSwapBuffers(window);
    }

    sl::ui::ShutdownApp(s);
    glfwHideWindow(window); // the last delivery below may take a few seconds: no frozen window meanwhile
    if (std::string note = sl::app::DeliverBeforeQuitting(server, std::chrono::seconds(5)); !note.empty())
        std::fprintf(stderr, "supportlab: %s\n", note.c_str());
    PinLoadedLibraries();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return rc;
}
