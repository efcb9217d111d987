// SupportLab UI tests: the real application under Xvfb — start-up failures, rendering, screenshots.
#include "../store/pg_cluster.hpp"
#include "store/pg_admin.hpp"
#include "ui/screenshot.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kApp = SUPPORTLAB_BINARY_DIR "/src/app/supportlab";
const std::string kLib = SUPPORTLAB_TEST_DATA_DIR "/lib";

struct ProcResult {
    int m_rc = -1;
    std::string m_err;
};

std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class Smoke : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/supportlab-smoke-XXXXXX";
        m_dir = mkdtemp(tmpl);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    // Runs a shell command line with the test's own settings folders; stderr is captured.
    ProcResult Sh(const std::string& cmd) {
        const std::string err = m_dir + "/stderr.txt";
        const std::string env = "XDG_CONFIG_HOME='" + m_dir + "/cfg' XDG_DATA_HOME='" + m_dir + "/data' " +
                                "LSAN_OPTIONS='suppressions=" SUPPORTLAB_TEST_DATA_DIR "/../lsan.supp:print_suppressions=0' ";
        const int status = std::system((env + cmd + " > /dev/null 2> '" + err + "'").c_str());
        ProcResult r;
        r.m_rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.m_err = Slurp(err);
        return r;
    }
    // xvfb-run -a can lose a race for a display number with a parallel test: try again then. Under
    // ASan, LeakSanitizer's own ptrace tracer now and then crashes at exit of the GL process ("Tracer
    // caught signal 11 ... LeakSanitizer has encountered a fatal error"): that is a sanitizer fault,
    // not a leak report, so it is tried again too (a leak report says "detected memory leaks").
    ProcResult ShX(const std::string& cmd) {
        ProcResult r;
        for (int attempt = 0; attempt < 3; ++attempt) {
            r = Sh(cmd);
            const bool displayRace = r.m_err.find("xvfb-run: error") != std::string::npos;
            const bool tracerCrash = r.m_err.find("LeakSanitizer has encountered a fatal error") != std::string::npos &&
                                     r.m_err.find("detected memory leaks") == std::string::npos;
            if (r.m_rc == 0 || !(displayRace || tracerCrash)) break;
        }
        return r;
    }
    static bool HaveXvfb() { return std::system("command -v xvfb-run > /dev/null 2>&1") == 0; }
    // Starts the real app under a fresh X server for `frames` frames and checks its screenshot.
    // With `size` ("1280x720") the window has exactly that size, and `scale` ("2") sets the content
    // scale; without them the app picks its default size for a 1280x800 screen.
    void Shoot(const std::string& view, const std::string& extraEnv = "", const std::string& db = "",
               const std::string& size = "", const std::string& scale = "", const std::string& lib = kLib) {
        if (!HaveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
        std::string name = view.empty() ? "start" : view;
        if (lib != kLib) name += "-shipped";
        if (!size.empty()) name += "-" + size;
        if (!scale.empty()) name += "-x" + scale;
        for (char& c : name)
            if (c == ':') c = '_';
        const std::string shot = m_dir + "/" + name + ".ppm";
        int width = 1280, height = 800;
        if (!size.empty()) {
            ASSERT_EQ(std::sscanf(size.c_str(), "%dx%d", &width, &height), 2) << size;
        }
        const std::string screen = std::to_string(width + 64) + "x" + std::to_string(height + 64) + "x24";
        std::string cmd = extraEnv + " xvfb-run -a -s '-screen 0 " + screen + "' '" + kApp + "' --smoke-test 12 --screenshot '" +
                          shot + "' --db '" + (db.empty() ? m_dir + "/db.sqlite" : db) + "' --scenarios '" + lib + "'";
        if (!view.empty()) cmd += " --smoke-view '" + view + "'";
        if (!size.empty()) cmd += " --window " + size;
        if (!scale.empty()) cmd += " --scale " + scale;
        const ProcResult r = ShX(cmd);
        EXPECT_EQ(r.m_rc, 0) << r.m_err;
        EXPECT_EQ(r.m_err.find("ERROR: ImGui_ImplOpenGL3"), std::string::npos) << r.m_err;
        EXPECT_EQ(r.m_err.find("GLFW error"), std::string::npos) << r.m_err;
        sl::ui::Image img;
        ASSERT_EQ(sl::ui::ReadPpm(shot, img), "") << r.m_err;
        if (!size.empty()) {
            EXPECT_EQ(img.m_width, width);
            EXPECT_EQ(img.m_height, height);
        } else {
            EXPECT_GT(img.m_width, 600);
            EXPECT_LE(img.m_width, 1280);
            EXPECT_GT(img.m_height, 400);
            EXPECT_LE(img.m_height, 800);
        }
        const sl::ui::ImageStats st = sl::ui::AnalyzeImage(img);
        EXPECT_TRUE(sl::ui::LooksDrawn(st)) << st.m_distinctColors << " colours, dominant " << st.m_dominantShare;
        if (const char* keep = std::getenv("SUPPORTLAB_KEEP_SCREENSHOTS")) fs::copy_file(shot, std::string(keep) + "/" + fs::path(shot).filename().string(), fs::copy_options::overwrite_existing);
    }
    std::string m_dir;
};

TEST_F(Smoke, HelpVersionAndUsage) {
    ProcResult r = Sh("'" + kApp + "' --help");
    EXPECT_EQ(r.m_rc, 0);
    r = Sh("'" + kApp + "' --version");
    EXPECT_EQ(r.m_rc, 0);
    r = Sh("'" + kApp + "' --no-such-option");
    EXPECT_EQ(r.m_rc, 2);
    EXPECT_NE(r.m_err.find("unknown option"), std::string::npos) << r.m_err;
    r = Sh("'" + kApp + "' --smoke-test 0");
    EXPECT_EQ(r.m_rc, 2);
    r = Sh("'" + kApp + "' --screenshot x.ppm");
    EXPECT_EQ(r.m_rc, 2);
}

TEST_F(Smoke, NoDisplayIsAClearMessageAndExitCodeOne) {
    const ProcResult r = Sh("env -u DISPLAY -u WAYLAND_DISPLAY '" + kApp + "' --db '" + m_dir + "/db.sqlite'");
    EXPECT_EQ(r.m_rc, 1);
    EXPECT_NE(r.m_err.find("no display"), std::string::npos) << r.m_err;
    EXPECT_FALSE(fs::exists(m_dir + "/db.sqlite")) << "nothing is created before the window exists";
}

TEST_F(Smoke, UnreachableDisplayIsReportedNotACrash) {
    const ProcResult r = Sh("env -u WAYLAND_DISPLAY DISPLAY=:987 '" + kApp + "' --db '" + m_dir + "/db.sqlite'");
    EXPECT_EQ(r.m_rc, 1) << r.m_err;
    EXPECT_NE(r.m_err.find("cannot open the display"), std::string::npos) << r.m_err;
}

TEST_F(Smoke, NoOpenGl33ContextIsReportedNotACrash) {
    if (!HaveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    // Mesa can be told to offer only OpenGL 3.0, so the 3.3 core context cannot be made.
    const ProcResult r = ShX("MESA_GL_VERSION_OVERRIDE=3.0 xvfb-run -a '" + kApp + "' --smoke-test 3 --db '" + m_dir + "/db.sqlite' --scenarios '" +
                            kLib + "'");
    if (r.m_rc == 0) GTEST_SKIP() << "this GL driver ignores MESA_GL_VERSION_OVERRIDE";
    EXPECT_EQ(r.m_rc, 1) << r.m_err;
    EXPECT_NE(r.m_err.find("cannot create a window with an OpenGL 3.3 core context"), std::string::npos) << r.m_err;
}

TEST_F(Smoke, StartScreenRenders) { Shoot(""); }
// A server that cannot be reached: the sign-in screen with the reason, not a crash or a hang.
TEST_F(Smoke, ServerSignInRenders) { Shoot("", "", "postgresql:///supportlab?host=" + m_dir + "/no-server"); }
TEST_F(Smoke, TicketWorkRenders) { Shoot("play:ui-tickets"); }
TEST_F(Smoke, PlanReviewRenders) { Shoot("play:ui-review"); }
TEST_F(Smoke, DebriefRenders) { Shoot("debrief:ui-tickets"); }
TEST_F(Smoke, LabRenders) { Shoot("lab:ui-lab"); }
TEST_F(Smoke, TrainerLibraryRenders) { Shoot("trainer", "SUPPORTLAB_PASSPHRASE='smoke test passphrase'"); }
TEST_F(Smoke, DemoRenders) { Shoot("demo:ui-tickets", "SUPPORTLAB_PASSPHRASE='smoke test passphrase'"); }
TEST_F(Smoke, LeadRenders) { Shoot("lead", "SUPPORTLAB_PASSPHRASE='smoke test passphrase'"); }

// The smallest laptop screen we design for, and the same at twice the content scale (a HiDPI
// laptop: 2560x1440 pixels showing a 1280x720 layout). Look at them with
// SUPPORTLAB_KEEP_SCREENSHOTS=DIR: nothing may be clipped.
TEST_F(Smoke, TicketWorkAt1280x720) { Shoot("play:ui-tickets", "", "", "1280x720"); }
TEST_F(Smoke, TicketWorkAtTwiceTheScale) { Shoot("play:ui-tickets", "", "", "2560x1440", "2"); }
TEST_F(Smoke, PickScreenAt1280x720) { Shoot("pick", "", "", "1280x720"); }
TEST_F(Smoke, PickScreenAtTwiceTheScale) { Shoot("pick", "", "", "2560x1440", "2"); }
TEST_F(Smoke, LabAt1280x720) { Shoot("lab:ui-lab", "", "", "1280x720"); }
TEST_F(Smoke, LabAtTwiceTheScale) { Shoot("lab:ui-lab", "", "", "2560x1440", "2"); }
TEST_F(Smoke, TrainTheTrainerAt1280x720) { Shoot("ttt", "SUPPORTLAB_PASSPHRASE='smoke test passphrase'", "", "1280x720"); }
TEST_F(Smoke, TrainTheTrainerAtTwiceTheScale) { Shoot("ttt", "SUPPORTLAB_PASSPHRASE='smoke test passphrase'", "", "2560x1440", "2"); }
TEST_F(Smoke, LeadAt1280x720) { Shoot("lead", "SUPPORTLAB_PASSPHRASE='smoke test passphrase'", "", "1280x720"); }
TEST_F(Smoke, LeadAtTwiceTheScale) { Shoot("lead", "SUPPORTLAB_PASSPHRASE='smoke test passphrase'", "", "2560x1440", "2"); }
// The shipped library: real titles, steps and questions, at the smallest size and at 2x.
TEST_F(Smoke, ShippedPickScreenAt1280x720) { Shoot("pick", "", "", "1280x720", "", SUPPORTLAB_SCENARIO_DIR); }
TEST_F(Smoke, ShippedTicketWorkAt1280x720) { Shoot("play:common-os", "", "", "1280x720", "", SUPPORTLAB_SCENARIO_DIR); }
TEST_F(Smoke, ShippedTicketWorkAtTwiceTheScale) { Shoot("play:common-os", "", "", "2560x1440", "2", SUPPORTLAB_SCENARIO_DIR); }
TEST_F(Smoke, ShippedLabAt1280x720) { Shoot("lab:endpoint-support-lab@tier1", "", "", "1280x720", "", SUPPORTLAB_SCENARIO_DIR); }
TEST_F(Smoke, ShippedTrainTheTrainerAt1280x720) {
    Shoot("ttt", "SUPPORTLAB_PASSPHRASE='smoke test passphrase'", "", "1280x720", "", SUPPORTLAB_SCENARIO_DIR);
}
TEST_F(Smoke, ShortcutsAt1280x720) { Shoot("help", "", "", "1280x720"); }
TEST_F(Smoke, ShortcutsAtTwiceTheScale) { Shoot("help", "", "", "2560x1440", "2"); }
TEST_F(Smoke, DebriefAt1280x720) { Shoot("debrief:ui-tickets", "", "", "1280x720"); }

TEST_F(Smoke, WrongPassphraseDoesNotOpenTrainerViews) {
    if (!HaveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    const std::string base = "xvfb-run -a '" + kApp + "' --smoke-test 2 --db '" + m_dir + "/db.sqlite' --scenarios '" + kLib + "'";
    ProcResult r = ShX("SUPPORTLAB_PASSPHRASE='the right passphrase' " + base + " --smoke-view trainer");
    ASSERT_EQ(r.m_rc, 0) << r.m_err;
    r = ShX("SUPPORTLAB_PASSPHRASE='a wrong passphrase' " + base + " --smoke-view answers");
    EXPECT_EQ(r.m_rc, 1);
    EXPECT_NE(r.m_err.find("wrong passphrase"), std::string::npos) << r.m_err;
}

// The real application against a real server: the login's role (not a passphrase) opens the
// staff views or not, and a trainee's finished attempt is on the server once the app has quit
// (recorded into her outbox, delivered by her agent's last round as the app closes).
TEST_F(Smoke, AgainstARealServerTheLoginDecidesAndTheWorkArrives) {
    if (!HaveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    std::string error;
    sl::test::PgCluster* cluster = sl::test::PgCluster::Shared(&error);
    ASSERT_NE(cluster, nullptr) << error;
    const std::string db = cluster->CreateDatabase(&error);
    ASSERT_FALSE(db.empty()) << error;
    const std::string admin = cluster->Conninfo(db);
    ASSERT_TRUE(sl::PgInitServer(admin).Ok());
    const std::string ana = "ana_" + db, tess = "tess_" + db;
    ASSERT_TRUE(sl::PgAddUser(admin, sl::PgNewUser{ana, sl::PgRole::Trainee, "spring", "ana-pass-1"}).Ok());
    ASSERT_TRUE(sl::PgAddUser(admin, sl::PgNewUser{tess, sl::PgRole::Trainer, "", "tess-pass-2"}).Ok());

    Shoot("trainer", "PGPASSWORD=tess-pass-2", admin + " user=" + tess);
    const ProcResult refused = ShX("PGPASSWORD=ana-pass-1 xvfb-run -a '" + kApp + "' --smoke-test 3 --smoke-view trainer --db '" +
                                   admin + " user=" + ana + "' --scenarios '" + kLib + "'");
    EXPECT_EQ(refused.m_rc, 1) << refused.m_err;
    EXPECT_NE(refused.m_err.find("may not open this view"), std::string::npos) << refused.m_err;
    const ProcResult wrong = ShX("PGPASSWORD=not-hers xvfb-run -a '" + kApp + "' --smoke-test 3 --smoke-view debrief:ui-tickets --db '" +
                                 admin + " user=" + ana + "' --scenarios '" + kLib + "'");
    EXPECT_EQ(wrong.m_rc, 1) << wrong.m_err;
    EXPECT_NE(wrong.m_err.find("not signed in"), std::string::npos) << wrong.m_err;
    EXPECT_EQ(wrong.m_err.find("not-hers"), std::string::npos) << wrong.m_err;

    Shoot("debrief:ui-tickets", "PGPASSWORD=ana-pass-1", admin + " user=" + ana);
    EXPECT_EQ(cluster->QueryValue(db, "SELECT count(*) || ':' || bool_and(a.finished) FROM supportlab.attempts a "
                                      "JOIN supportlab.trainees t ON t.id = a.trainee_id WHERE t.login = '" + ana + "'"),
              "1:true");
}

} // namespace
