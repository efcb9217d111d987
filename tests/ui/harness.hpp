// SupportLab UI tests: a headless ImGui harness — no window, real fonts, simulated mouse and keyboard.
#pragma once

#include "ui/app_state.hpp"

#include <imgui.h>

#include <functional>
#include <memory>
#include <string>

namespace sl::ui::test {

struct HarnessOptions {
    std::string m_scenarioDir; // empty: a fresh copy of tests/ui/data/lib in the temp folder
    ImVec2 m_display = ImVec2(1600, 1400);
    bool m_skipFirstRun = true; // dismiss the first-run passphrase screen
    std::string m_dbContents;   // when set, written to the database path before the app starts
    std::function<void(AppState&)> m_configure; // runs on the options before InitApp (e.g. server hooks)
};

class Harness {
public:
    explicit Harness(HarnessOptions options = {});
    ~Harness();
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    AppState& S() { return *m_state; }
    const std::string& Dir() const { return m_dir; }         // the test's own temp folder
    const std::string& LibDir() const { return m_libDir; }   // the scenario folder in use

    // One frame: NewFrame, DrawFrame, Render. dt is io.DeltaTime in seconds.
    void Frame(int count = 1, float dt = 1.0f / 60.0f);
    // Was the named item drawn (and visible) on the last frame?
    bool Has(const std::string& key) const;
    // Moves the mouse over an item, presses and releases the left button over three frames.
    // Fails the test (and returns false) when the item was not drawn on the last frame.
    bool Click(const std::string& key);
    bool ClickAt(ImVec2 pos);
    bool DoubleClick(const std::string& key);
    // Types text into the focused field (one frame).
    void Type(const std::string& text);
    // Clicks a field, selects everything and types over it.
    bool Fill(const std::string& key, const std::string& text);
    // Presses and releases a key (an io.KeysDown index, e.g. ImGui::GetKeyIndex(ImGuiKey_Enter)).
    void Press(int key, bool ctrl = false);
    // Draws one frame and returns the text on screen (see ScreenText).
    std::string FrameText();
    // The text the last frame put on screen, rebuilt from its draw data: words in draw order,
    // rows on their own lines. Clipped text is not there, popups and tooltips are.
    std::string ScreenText() const;
    // Runs frames until the simulated time passes (real seconds at the run's speed).
    void Wait(float realSeconds);

    // Ends the app as if it were closed, then starts it again on the same folders (resume tests).
    void Restart();
    // Unlocks the trainer and lead views with a passphrase (sets it at first use) through the UI.
    void Unlock(const std::string& role = "trainer");

    WallTime m_wall = 1'700'000'000'000; // the app's wall clock, in ms
    static constexpr const char* kPassphrase = "correct horse battery";

private:
    void Start();
    void Stop();

    HarnessOptions m_options;
    std::string m_dir;
    std::string m_libDir;
    std::unique_ptr<AppState> m_state;
    ImGuiContext* m_context = nullptr;
};

// True when `phrase` is on the screen text, comparing runs of whitespace (wrapped lines) as one space.
bool ScreenHas(const std::string& screen, const std::string& phrase);

} // namespace sl::ui::test
