// SupportLab UI tests: the pieces under the panels — fonts, XDG paths, passphrase hashing, screenshots.
#include "harness.hpp"

#include "ui/auth.hpp"
#include "ui/fonts.hpp"
#include "ui/paths.hpp"
#include "ui/screenshot.hpp"
#include "ui/widgets.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace sl::ui::test {

TEST(UiUnits, FindsInterOrNotoWhenInstalled) {
    const FontFiles f = FindUiFont();
    if (f.m_regular.empty()) GTEST_SKIP() << "neither fonts-inter nor fonts-noto-core is installed";
    EXPECT_TRUE(std::filesystem::exists(f.m_regular));
    EXPECT_TRUE(f.m_regular.find("Inter") != std::string::npos || f.m_regular.find("Noto") != std::string::npos ||
                f.m_regular.find("DejaVu") != std::string::npos)
        << f.m_regular;
}

TEST(UiUnits, FallsBackToTheBuiltInFontWithALogLine) {
    ImGui::CreateContext();
    const FontFiles none = FindUiFont({"/nonexistent-font-root"});
    EXPECT_TRUE(none.m_regular.empty());
    std::vector<std::string> log;
    const FontSet set = LoadFonts(ImGui::GetIO(), none, 1.0f, log);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_NE(log[0].find("built-in"), std::string::npos);
    EXPECT_NE(set.m_regular, nullptr);
    EXPECT_TRUE(ImGui::GetIO().Fonts->IsBuilt());
    // A font file that cannot be read also falls back (and says so).
    log.clear();
    for (const char* path : {"/nonexistent.otf", SUPPORTLAB_TEST_DATA_DIR "/lib/models/model.yaml"}) {
        log.clear();
        FontFiles bogus;
        bogus.m_regular = path;
        const FontSet set2 = LoadFonts(ImGui::GetIO(), bogus, 2.0f, log);
        EXPECT_NE(set2.m_regular, nullptr);
        EXPECT_FLOAT_EQ(set2.m_scale, 2.0f);
        ASSERT_EQ(log.size(), 1u) << path;
        EXPECT_NE(log[0].find("not a font"), std::string::npos) << log[0];
        EXPECT_TRUE(ImGui::GetIO().Fonts->IsBuilt());
    }
    ImGui::DestroyContext();
}

TEST(UiUnits, ScaleIsSanitised) {
    ImGui::CreateContext();
    std::vector<std::string> log;
    EXPECT_FLOAT_EQ(LoadFonts(ImGui::GetIO(), FindUiFont(), 0.0f, log).m_scale, 1.0f);
    EXPECT_FLOAT_EQ(LoadFonts(ImGui::GetIO(), FindUiFont(), 1.5f, log).m_scale, 1.5f);
    ImGui::DestroyContext();
}

TEST(UiUnits, XdgDirectories) {
    setenv("XDG_CONFIG_HOME", "/tmp/xdg-config-test", 1);
    setenv("XDG_DATA_HOME", "/tmp/xdg-data-test", 1);
    EXPECT_EQ(DefaultConfigDir(), "/tmp/xdg-config-test/supportlab");
    EXPECT_EQ(DefaultDatabasePath(), "/tmp/xdg-data-test/supportlab/supportlab.db") << "the one the app calls";
    setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
    setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(DefaultConfigDir(), "/home/someone/.config/supportlab");
    unsetenv("XDG_DATA_HOME");
    EXPECT_EQ(DefaultDatabasePath(), "/home/someone/.local/share/supportlab/supportlab.db");
}

TEST(UiUnits, PassphraseHashing) {
    ASSERT_TRUE(InitCrypto());
    PwhashLimits fast{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
    const std::string a = HashPassphrase("one passphrase", fast);
    const std::string b = HashPassphrase("one passphrase", fast);
    ASSERT_FALSE(a.empty());
    EXPECT_NE(a, b) << "salted: the same passphrase hashes differently";
    EXPECT_TRUE(VerifyPassphrase(a, "one passphrase"));
    EXPECT_TRUE(VerifyPassphrase(b, "one passphrase"));
    EXPECT_FALSE(VerifyPassphrase(a, "one passphrasE"));
    EXPECT_FALSE(VerifyPassphrase("", "one passphrase"));
    EXPECT_FALSE(VerifyPassphrase("garbage", "one passphrase"));
    EXPECT_FALSE(CheckNewPassphrase("1234567", "1234567").empty());
    EXPECT_FALSE(CheckNewPassphrase("12345678", "12345679").empty());
    EXPECT_TRUE(CheckNewPassphrase("12345678", "12345678").empty());
    std::string secret = "wipe me";
    Wipe(secret);
    EXPECT_TRUE(secret.empty());
}

TEST(UiUnits, PassphraseFileRoundTripAndGarbage) {
    ASSERT_TRUE(InitCrypto());
    char tmpl[] = "/tmp/supportlab-auth-XXXXXX";
    const std::string dir = mkdtemp(tmpl);
    std::string hash;
    EXPECT_EQ(LoadPassphraseHash(dir + "/cfg", hash), "");
    EXPECT_TRUE(hash.empty());
    const std::string h = HashPassphrase("abcdefghij", {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN});
    EXPECT_EQ(SavePassphraseHash(dir + "/cfg", h), "");
    EXPECT_EQ(std::filesystem::status(PassphraseFile(dir + "/cfg")).permissions() & std::filesystem::perms::others_read,
              std::filesystem::perms::none);
    EXPECT_EQ(LoadPassphraseHash(dir + "/cfg", hash), "");
    EXPECT_EQ(hash, h);
    EXPECT_EQ(WriteFileAtomic(PassphraseFile(dir + "/cfg"), "not a hash"), "");
    EXPECT_NE(LoadPassphraseHash(dir + "/cfg", hash), "");
    EXPECT_TRUE(hash.empty());
    std::filesystem::remove_all(dir);
    // Without a settings folder nothing is written anywhere (not "/passphrase.hash").
    EXPECT_NE(LoadPassphraseHash("", hash), "");
    EXPECT_NE(SavePassphraseHash("", h), "");
}

TEST(UiUnits, ScreenshotRoundTripAndBlankCheck) {
    const int w = 64, h = 32;
    std::vector<unsigned char> flat(static_cast<size_t>(w * h * 3), 20);
    EXPECT_FALSE(LooksDrawn(AnalyzeImage(ImageFromBottomUp(w, h, flat))));
    std::vector<unsigned char> drawn = flat;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if ((x / 4 + y / 4) % 2 == 0) {
                unsigned char* p = &drawn[static_cast<size_t>((y * w + x) * 3)];
                p[0] = static_cast<unsigned char>(x * 4);
                p[1] = static_cast<unsigned char>(y * 8);
                p[2] = 200;
            }
    // Bottom-up rows are flipped: the first stored row is the last row of the image.
    drawn[0] = 1;
    drawn[1] = 2;
    drawn[2] = 3;
    const Image img = ImageFromBottomUp(w, h, drawn);
    EXPECT_EQ(img.m_rgb[static_cast<size_t>((h - 1) * w * 3)], 1);
    EXPECT_TRUE(LooksDrawn(AnalyzeImage(img)));
    char tmpl[] = "/tmp/supportlab-ppm-XXXXXX";
    const std::string dir = mkdtemp(tmpl);
    ASSERT_EQ(WritePpm(dir + "/a.ppm", img), "");
    Image back;
    ASSERT_EQ(ReadPpm(dir + "/a.ppm", back), "");
    EXPECT_EQ(back.m_width, w);
    EXPECT_EQ(back.m_height, h);
    EXPECT_EQ(back.m_rgb, img.m_rgb);
    EXPECT_NE(ReadPpm(dir + "/missing.ppm", back), "");
    std::filesystem::remove_all(dir);
}

TEST(UiUnits, LectureTextKeepsParagraphsBulletsAndNumbers) {
    const std::string text = "Endpoint Manager brings Intune\nand Configuration Manager together.\n\n"
                             "- Devices are enrolled and receive\n  profiles from the MDM team.\n- Users install apps.\n\n"
                             "1. Acknowledge quickly.\n2. Gather facts\n   before acting.\nClosing line.\n";
    const std::vector<TextBlock> b = ParseRichText(text);
    ASSERT_EQ(b.size(), 6u);
    EXPECT_EQ(b[0].m_kind, TextBlock::Kind::Paragraph);
    EXPECT_EQ(b[0].m_text, "Endpoint Manager brings Intune and Configuration Manager together.");
    EXPECT_EQ(b[1].m_kind, TextBlock::Kind::Bullet);
    EXPECT_EQ(b[1].m_text, "Devices are enrolled and receive profiles from the MDM team.");
    EXPECT_EQ(b[2].m_text, "Users install apps.");
    EXPECT_EQ(b[3].m_kind, TextBlock::Kind::Numbered);
    EXPECT_EQ(b[3].m_marker, "1.");
    EXPECT_EQ(b[4].m_text, "Gather facts before acting.");
    EXPECT_EQ(b[5].m_kind, TextBlock::Kind::Paragraph);
    EXPECT_EQ(b[5].m_text, "Closing line.");
    EXPECT_TRUE(ParseRichText("").empty());
    EXPECT_EQ(ParseRichText("-not a bullet").front().m_kind, TextBlock::Kind::Paragraph);
}

// The tables format percentages by hand; they must read exactly as printf's "%.0f%%" would.
TEST(UiUnits, PercentTextMatchesPrintf) {
    for (double v : {0.0, 0.4, 0.5, 1.5, 2.5, 49.5, 72.6, 99.49, 99.5, 100.0, 250.0, 1e12, -3.0, std::nan("")}) {
        char mine[32];
        char theirs[32];
        std::snprintf(theirs, sizeof theirs, "%.0f%%", v);
        EXPECT_STREQ(PercentText(v, mine), theirs) << v;
    }
}

} // namespace sl::ui::test

namespace sl::ui::test {

// Each control has its own icon: "next question" is not the "faster clock", replay's "first" is
// not a stop square.
TEST(UiUnits, StepIconsAreNotTheClockIcons) {
    Harness h; // an ImGui context with its draw-list data
    auto shape = [](Icon icon) {
        ImDrawList dl(ImGui::GetDrawListSharedData());
        dl._ResetForNewFrame();
        DrawIcon(&dl, icon, ImVec2(20, 20), 8.0f, IM_COL32_WHITE);
        std::vector<float> xy;
        for (const ImDrawVert& v : dl.VtxBuffer) {
            xy.push_back(v.pos.x);
            xy.push_back(v.pos.y);
        }
        return xy;
    };
    EXPECT_NE(shape(Icon::Next), shape(Icon::Faster));
    EXPECT_NE(shape(Icon::Prev), shape(Icon::Slower));
    EXPECT_NE(shape(Icon::First), shape(Icon::Reset));
    EXPECT_NE(shape(Icon::First), shape(Icon::Prev));
}

} // namespace sl::ui::test
