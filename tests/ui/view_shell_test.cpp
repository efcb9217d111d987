// SupportLab UI tests: the shell — first run, passphrase, role switching, settings location, shortcuts.
#include "harness.hpp"

#include "ui/auth.hpp"
#include "ui/paths.hpp"

#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>

#include <filesystem>
#include <fstream>

namespace sl::ui::test {

TEST(UiShell, FirstRunAsksForThePassphraseAndLaterGoesToTrainee) {
    HarnessOptions o;
    o.m_skipFirstRun = false;
    Harness h(o);
    EXPECT_TRUE(h.S().m_auth.m_prompt);
    EXPECT_TRUE(h.Has("auth/confirm")); // setting, not unlocking
    ASSERT_TRUE(h.Click("auth/cancel"));
    EXPECT_FALSE(h.S().m_auth.m_prompt);
    EXPECT_EQ(h.S().m_role, AppRole::Trainee);
    EXPECT_TRUE(h.Has("profile/name"));
}

TEST(UiShell, SettingThePassphraseStoresOnlyAHashAndUnlocks) {
    Harness h;
    h.Click("role/trainer");
    ASSERT_TRUE(h.S().m_auth.m_prompt);
    // Too short, then mismatched: refused with a message, nothing saved.
    h.Click("auth/passphrase");
    h.Type("short");
    h.Click("auth/confirm");
    h.Type("short");
    h.Click("auth/set");
    EXPECT_NE(h.S().m_auth.m_error.find("at least"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(PassphraseFile(h.S().m_options.m_configDir)));
    h.Fill("auth/passphrase", "long enough one");
    h.Fill("auth/confirm", "long enough two");
    h.Click("auth/set");
    EXPECT_NE(h.S().m_auth.m_error.find("differ"), std::string::npos);
    h.Fill("auth/passphrase", Harness::kPassphrase);
    h.Fill("auth/confirm", Harness::kPassphrase);
    h.Click("auth/set");
    EXPECT_TRUE(h.S().m_auth.m_unlocked);
    EXPECT_EQ(h.S().m_role, AppRole::Trainer);
    EXPECT_TRUE(h.S().m_auth.m_input.empty()) << "the typed passphrase is wiped";
    std::string stored;
    ASSERT_TRUE(ReadSmallFile(PassphraseFile(h.S().m_options.m_configDir), stored));
    EXPECT_EQ(stored.rfind("$argon2id$", 0), 0u) << stored;
    EXPECT_EQ(stored.find(Harness::kPassphrase), std::string::npos);
    EXPECT_TRUE(VerifyPassphrase(h.S().m_auth.m_hash, Harness::kPassphrase));
}

TEST(UiShell, LockedViewsNeedTheRightPassphrase) {
    Harness h;
    h.Unlock();
    ASSERT_TRUE(h.S().m_auth.m_unlocked);
    h.Restart(); // a new session starts locked
    EXPECT_FALSE(h.S().m_auth.m_unlocked);
    EXPECT_FALSE(h.S().m_auth.m_hash.empty());
    h.Click("role/lead");
    ASSERT_TRUE(h.S().m_auth.m_prompt);
    EXPECT_FALSE(h.Has("auth/confirm")); // unlocking, not setting
    h.Click("auth/passphrase");
    h.Type("wrong passphrase");
    h.Click("auth/unlock");
    EXPECT_FALSE(h.S().m_auth.m_unlocked);
    EXPECT_EQ(h.S().m_role, AppRole::Trainee);
    EXPECT_FALSE(h.S().m_auth.m_error.empty());
    // The third wrong guess makes the next one wait.
    for (int i = 0; i < 2; ++i) {
        h.Fill("auth/passphrase", "wrong again");
        h.Click("auth/unlock");
    }
    EXPECT_GT(h.S().m_auth.m_lockedUntil, h.S().m_time);
    h.Fill("auth/passphrase", Harness::kPassphrase);
    h.Click("auth/unlock"); // refused while waiting
    EXPECT_FALSE(h.S().m_auth.m_unlocked);
    h.Frame(200, 0.05f); // 10 s
    h.Fill("auth/passphrase", Harness::kPassphrase);
    h.Click("auth/unlock");
    EXPECT_TRUE(h.S().m_auth.m_unlocked);
    EXPECT_EQ(h.S().m_role, AppRole::Lead);
}

TEST(UiShell, GoingBackToTraineeLocksTheStaffViewsAgain) {
    Harness h;
    h.Unlock();
    ASSERT_TRUE(h.S().m_auth.m_unlocked);
    EXPECT_EQ(h.S().m_role, AppRole::Trainer);
    h.Click("role/trainee");
    EXPECT_FALSE(h.S().m_auth.m_unlocked);
    EXPECT_EQ(h.S().m_role, AppRole::Trainee);
    h.Click("role/lead");
    EXPECT_TRUE(h.S().m_auth.m_prompt); // the passphrase again
    EXPECT_NE(h.S().m_role, AppRole::Lead);
}

TEST(UiShell, StaffViewsLockAfterTenMinutesWithoutInput) {
    Harness h;
    h.Unlock();
    ASSERT_TRUE(h.S().m_auth.m_unlocked);
    h.Frame(9 * 60, 1.0f); // nine idle minutes
    EXPECT_TRUE(h.S().m_auth.m_unlocked);
    h.Click("role/trainer"); // any input starts the ten minutes again
    h.Frame(9 * 60, 1.0f);
    EXPECT_TRUE(h.S().m_auth.m_unlocked);
    h.Frame(61, 1.0f);
    EXPECT_FALSE(h.S().m_auth.m_unlocked);
    EXPECT_EQ(h.S().m_role, AppRole::Trainee);
    EXPECT_TRUE(ScreenHas(h.FrameText(), "locked after 10 minutes"));
}

TEST(UiShell, StandaloneSaysItIsForPracticeAndTheLockIsAConvenience) {
    Harness h;
    h.Click("role/trainer");
    const std::string screen = h.FrameText();
    EXPECT_TRUE(ScreenHas(screen, "On one machine SupportLab is for practice")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "a convenience, not a protection")) << screen;
    EXPECT_TRUE(ScreenHas(screen, "Practice on this machine")) << screen; // the status bar
}

TEST(UiShell, EnterSubmitsThePassphraseAndEscapeCancels) {
    Harness h;
    h.Unlock();
    h.Restart();
    h.Click("role/trainer");
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Escape]);
    EXPECT_FALSE(h.S().m_auth.m_prompt);
    EXPECT_EQ(h.S().m_role, AppRole::Trainee);
    h.Click("role/trainer");
    h.Frame(2); // the field takes keyboard focus by itself
    h.Type(Harness::kPassphrase);
    h.Press(ImGui::GetIO().KeyMap[ImGuiKey_Enter]);
    EXPECT_TRUE(h.S().m_auth.m_unlocked);
    EXPECT_EQ(h.S().m_role, AppRole::Trainer);
}

TEST(UiShell, ImguiIniLivesInTheConfigFolder) {
    Harness h;
    const std::string ini = std::string(ImGui::GetIO().IniFilename);
    EXPECT_EQ(ini, h.S().m_options.m_configDir + "/imgui.ini");
    h.Restart(); // DestroyContext writes it
    EXPECT_TRUE(std::filesystem::exists(h.S().m_options.m_configDir + "/imgui.ini"));
    EXPECT_FALSE(std::filesystem::exists("imgui.ini") && std::filesystem::last_write_time("imgui.ini") >
                                                             std::filesystem::file_time_type::clock::now() - std::chrono::minutes(1));
}

TEST(UiShell, RoleShortcutsAndHelpWindow) {
    Harness h;
    ImGuiIO& io = ImGui::GetIO();
    h.Press(290); // F1
    EXPECT_TRUE(h.S().m_showShortcuts);
    h.Press(290);
    EXPECT_FALSE(h.S().m_showShortcuts);
    h.Press(49 + 1, true); // Ctrl+2: trainer, locked: asks for the passphrase
    EXPECT_TRUE(h.S().m_auth.m_prompt);
    EXPECT_EQ(h.S().m_auth.m_wanted, AppRole::Trainer);
    h.Press(io.KeyMap[ImGuiKey_Escape]);
    EXPECT_FALSE(h.S().m_auth.m_prompt);
}

TEST(UiShell, BadDatabaseShowsTheErrorAndChangesNothing) {
    HarnessOptions o;
    o.m_dbContents = "this is not an SQLite database, just text that must survive\n";
    Harness h(o);
    const std::string path = h.S().m_options.m_dbPath;
    EXPECT_FALSE(h.S().m_storeError.empty());
    EXPECT_EQ(h.S().m_store, nullptr);
    ASSERT_TRUE(h.Has("store/retry"));
    EXPECT_FALSE(h.Has("profile/name")) << "no views without a database";
    h.Click("store/retry");
    EXPECT_FALSE(h.S().m_storeError.empty());
    std::string after;
    ASSERT_TRUE(ReadSmallFile(path, after));
    EXPECT_EQ(after, o.m_dbContents);
    const std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "could not be opened")) << text;
    h.Click("store/quit");
    EXPECT_TRUE(h.S().m_wantQuit);
}

// A schema version SupportLab never wrote crashed the app (it indexed the migration table with it).
TEST(UiShell, NegativeSchemaVersionShowsTheOpenErrorScreen) {
    const std::string tmp = ::testing::TempDir() + "/negative-version.db";
    std::remove(tmp.c_str());
    {
        auto made = sl::OpenStore(tmp);
        ASSERT_TRUE(made.Ok());
        ASSERT_TRUE(made.Value()->AddTrainee("Ana", "").Ok());
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(tmp.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = -4", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    HarnessOptions o;
    ASSERT_TRUE(ReadSmallFile(tmp, o.m_dbContents, 1 << 24));
    std::remove(tmp.c_str());
    Harness h(o);
    EXPECT_EQ(h.S().m_store, nullptr);
    EXPECT_NE(h.S().m_storeError.find("never written by SupportLab"), std::string::npos) << h.S().m_storeError;
    EXPECT_TRUE(ScreenHas(h.FrameText(), "could not be opened"));
    std::string after;
    ASSERT_TRUE(ReadSmallFile(h.S().m_options.m_dbPath, after, 1 << 24));
    EXPECT_EQ(after, o.m_dbContents);
}

// The F1 window at 1280x720: each shortcut's description wraps in its column, none is cut, and the
// window is tall enough for the last row.
TEST(UiShell, ShortcutDescriptionsAreWholeAt1280x720) {
    HarnessOptions o;
    o.m_display = ImVec2(1280, 720);
    Harness h(o);
    h.S().m_showShortcuts = true;
    h.Frame(3); // a new window takes a frame to size itself
    const std::string screen = h.FrameText();
    for (const char* does : {"Move the keyboard focus between controls (a highlight shows it)",
                             "Press the focused control: button, checkbox, radio button, list row",
                             "Pause or resume the clock (practice mode), when no control has the keyboard focus",
                             "Close a dialog"})
        EXPECT_TRUE(ScreenHas(screen, does)) << does << "\n" << screen;
}

} // namespace sl::ui::test
