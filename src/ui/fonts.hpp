// SupportLab UI: finding a real UI font at run time and loading it at the monitor's scale.
#pragma once

#include <string>
#include <vector>

struct ImFont;
struct ImGuiIO;

namespace sl::ui {

struct FontFiles {
    std::string m_regular; // empty: none found
    std::string m_bold;    // empty: use the regular face for headings
};

// Looks for Inter (fonts-inter), then Noto Sans (fonts-noto-core), under the given font roots
// (default: /usr/share/fonts and /usr/local/share/fonts).
FontFiles FindUiFont(const std::vector<std::string>& roots = {});

struct FontSet {
    ImFont* m_regular = nullptr;
    ImFont* m_heading = nullptr;
    ImFont* m_large = nullptr;   // clocks and big numbers
    float m_scale = 1.0f;
    std::string m_description;   // what was loaded, for the About box
};

// Rebuilds io.Fonts from the files (ImGui's default font when none), sized for `scale`.
// Log lines (e.g. the fallback) are appended to `log`. The atlas is built before returning.
FontSet LoadFonts(ImGuiIO& io, const FontFiles& files, float scale, std::vector<std::string>& log);

} // namespace sl::ui
