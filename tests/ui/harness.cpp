// SupportLab UI tests: the headless harness (temp folders, SQLite store, fonts, input simulation).
#include "harness.hpp"

#include "store/sqlite_store.hpp"
#include "ui/app.hpp"
#include "ui/fonts.hpp"

#include <gtest/gtest.h>
#include <imgui_internal.h>
#include <sodium.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <filesystem>
#include <fstream>

namespace sl::ui::test {

namespace fs = std::filesystem;

namespace {

// The glfw backend's key codes, so shortcuts behave as in the app.
void MapKeys(ImGuiIO& io) {
    const int map[][2] = {{ImGuiKey_Tab, 258},      {ImGuiKey_LeftArrow, 263}, {ImGuiKey_RightArrow, 262}, {ImGuiKey_UpArrow, 265},
                          {ImGuiKey_DownArrow, 264}, {ImGuiKey_PageUp, 266},    {ImGuiKey_PageDown, 267},   {ImGuiKey_Home, 268},
                          {ImGuiKey_End, 269},       {ImGuiKey_Insert, 260},    {ImGuiKey_Delete, 261},     {ImGuiKey_Backspace, 259},
                          {ImGuiKey_Space, 32},      {ImGuiKey_Enter, 257},     {ImGuiKey_Escape, 256},     {ImGuiKey_KeyPadEnter, 335},
                          {ImGuiKey_A, 65},          {ImGuiKey_C, 67},          {ImGuiKey_V, 86},           {ImGuiKey_X, 88},
                          {ImGuiKey_Y, 89},          {ImGuiKey_Z, 90}};
    for (const auto& m : map) io.KeyMap[m[0]] = m[1];
}

} // namespace

Harness::Harness(HarnessOptions options) : m_options(std::move(options)) {
    char tmpl[] = "/tmp/supportlab-ui-XXXXXX";
    const char* d = mkdtemp(tmpl);
    if (!d) throw std::runtime_error("mkdtemp failed");
    m_dir = d;
    if (m_options.m_scenarioDir.empty()) {
        m_libDir = m_dir + "/lib";
        fs::copy(SUPPORTLAB_TEST_DATA_DIR "/lib", m_libDir, fs::copy_options::recursive);
    } else {
        m_libDir = m_options.m_scenarioDir;
    }
    if (!m_options.m_dbContents.empty()) {
        fs::create_directories(m_dir + "/data");
        std::ofstream(m_dir + "/data/supportlab.db", std::ios::binary) << m_options.m_dbContents;
    }
    Start();
}

Harness::~Harness() {
    Stop();
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

void Harness::Start() {
    m_context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = m_options.m_display;
    io.DeltaTime = 1.0f / 60.0f;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    MapKeys(io);
    m_state = std::make_unique<AppState>();
    AppState& s = *m_state;
    s.m_hooks.m_trackItems = true;
    s.m_options.m_scenarioDir = m_libDir;
    s.m_options.m_dbPath = m_dir + "/data/supportlab.db";
    s.m_options.m_configDir = m_dir + "/config/supportlab";
    s.m_options.m_openStore = [](const std::string& path) { return sl::OpenStore(path); };
    s.m_options.m_wallClock = [this] { return m_wall; };
    s.m_options.m_pwhash.m_ops = crypto_pwhash_OPSLIMIT_MIN;
    s.m_options.m_pwhash.m_mem = crypto_pwhash_MEMLIMIT_MIN;
    std::vector<std::string> log;
    s.m_fonts = LoadFonts(io, FindUiFont(), 1.0f, log); // builds the atlas: NewFrame needs it
    ApplyStyle(1.0f);
    if (m_options.m_configure) m_options.m_configure(s);
    InitApp(s);
    if (m_options.m_skipFirstRun && s.m_auth.m_hash.empty()) s.m_auth.m_prompt = false;
    Frame();
}

void Harness::Stop() {
    if (!m_context) return;
    ShutdownApp(*m_state);
    ImGui::DestroyContext(m_context); // saves imgui.ini while the path string is still alive
    m_context = nullptr;
    m_state.reset();
}

void Harness::Restart() {
    Stop();
    Start();
}

void Harness::Frame(int count, float dt) {
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < count; ++i) {
        io.DeltaTime = dt;
        ImGui::NewFrame();
        DrawFrame(*m_state);
        ImGui::Render();
        m_wall += static_cast<WallTime>(dt * 1000.0f);
    }
}

bool Harness::Has(const std::string& key) const {
    const auto it = m_state->m_hooks.m_items.find(key);
    return it != m_state->m_hooks.m_items.end() && it->second.m_frame == m_state->m_hooks.m_frame && it->second.m_visible;
}

bool Harness::ClickAt(ImVec2 pos) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    io.MouseDown[0] = false;
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
    // The frames after the click show its result (and name the items they drew); the second lets
    // auto-sized windows such as dialogs fit their new content.
    Frame(2);
    return true;
}

bool Harness::Click(const std::string& key) {
    if (!Has(key)) {
        ADD_FAILURE() << "no visible item '" << key << "' on the last frame";
        return false;
    }
    const ItemRect r = m_state->m_hooks.m_items[key];
    return ClickAt(ImVec2((r.m_min.x + r.m_max.x) * 0.5f, (r.m_min.y + r.m_max.y) * 0.5f));
}

bool Harness::DoubleClick(const std::string& key) {
    if (!Click(key)) return false;
    return Click(key);
}

void Harness::Type(const std::string& text) {
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    Frame();
}

bool Harness::Fill(const std::string& key, const std::string& text) {
    if (!Click(key)) return false;
    ImGuiIO& io = ImGui::GetIO();
    // Ctrl+A selects what is there, so typing replaces it.
    io.KeyCtrl = true;
    io.KeysDown[io.KeyMap[ImGuiKey_A]] = true;
    Frame();
    io.KeysDown[io.KeyMap[ImGuiKey_A]] = false;
    io.KeyCtrl = false;
    Frame();
    Press(io.KeyMap[ImGuiKey_Backspace]);
    if (!text.empty()) Type(text);
    return true;
}

void Harness::Press(int key, bool ctrl) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeysDown[key] = true;
    Frame();
    io.KeysDown[key] = false;
    Frame();
    io.KeyCtrl = false;
}

std::string Harness::FrameText() {
    Frame();
    return ScreenText();
}

// Rebuilds the text on screen from the last frame's draw data: every glyph quad is found by its
// texture coordinates in the font atlas, in draw order; gaps become spaces and new rows newlines.
// This sees exactly what a person sees (popups and tooltips included, clipped text excluded).
std::string Harness::ScreenText() const {
    struct GlyphKey {
        const ImFontGlyph* m_glyph;
        float m_size;
    };
    std::unordered_map<unsigned long long, GlyphKey> byUv;
    auto key = [](float u, float v) {
        unsigned a, b;
        std::memcpy(&a, &u, 4);
        std::memcpy(&b, &v, 4);
        return (static_cast<unsigned long long>(a) << 32) | b;
    };
    for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
        for (const ImFontGlyph& g : font->Glyphs)
            if (g.Visible) byUv.emplace(key(g.U0, g.V0), GlyphKey{&g, font->FontSize});
    const ImDrawData* dd = ImGui::GetDrawData();
    if (!dd) return {};
    std::string out;
    float lastY = -1e9f, nextPen = -1e9f;
    for (int l = 0; l < dd->CmdListsCount; ++l) {
        const ImVector<ImDrawVert>& vb = dd->CmdLists[l]->VtxBuffer;
        for (int i = 0; i + 3 < vb.Size; ++i) {
            const auto it = byUv.find(key(vb[i].uv.x, vb[i].uv.y));
            if (it == byUv.end()) continue;
            const ImFontGlyph& g = *it->second.m_glyph;
            if (vb[i + 1].uv.x != g.U1 || vb[i + 1].uv.y != g.V0 || vb[i + 2].uv.x != g.U1 || vb[i + 2].uv.y != g.V1) continue;
            const float pen = vb[i].pos.x - g.X0;
            const float top = vb[i].pos.y - g.Y0;
            if (std::fabs(top - lastY) > it->second.m_size * 0.5f) {
                if (!out.empty()) out += '\n';
            } else if (pen > nextPen + 1.0f || pen < nextPen - it->second.m_size) {
                out += ' ';
            }
            char utf8[5] = {};
            ImTextCharToUtf8(utf8, g.Codepoint);
            out += utf8;
            lastY = top;
            nextPen = pen + g.AdvanceX;
            i += 3;
        }
        lastY = -1e9f;
        if (!out.empty() && out.back() != '\n') out += '\n';
    }
    return out;
}

bool ScreenHas(const std::string& screen, const std::string& phrase) {
    auto squash = [](const std::string& s) {
        std::string r;
        for (char c : s) {
            const bool space = c == ' ' || c == '\n' || c == '\t';
            if (space && (r.empty() || r.back() == ' ')) continue;
            r += space ? ' ' : c;
        }
        return r;
    };
    return squash(screen).find(squash(phrase)) != std::string::npos;
}

void Harness::Wait(float realSeconds) {
    const int frames = static_cast<int>(realSeconds * 10.0f + 0.5f);
    Frame(frames, 0.1f);
}

void Harness::Unlock(const std::string& role) {
    const std::string key = role == "lead" ? "role/lead" : "role/trainer";
    Click(key);
    const bool setting = m_state->m_auth.m_hash.empty();
    Click("auth/passphrase");
    Type(kPassphrase);
    if (setting) {
        Click("auth/confirm");
        Type(kPassphrase);
        Click("auth/set");
    } else {
        Click("auth/unlock");
    }
    Frame();
}

} // namespace sl::ui::test
