// SupportLab UI: font discovery (Inter, then Noto Sans) and atlas building; ImGui's font as fallback.
#include "ui/fonts.hpp"

#include <imgui.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace sl::ui {

namespace {

// Relative to a font root, in order of preference: the Debian package layouts of fonts-inter and
// fonts-noto-core (the OTF and TTF variants).
struct Candidate {
    const char* m_regular;
    const char* m_bold;
};
constexpr Candidate kCandidates[] = {
    {"opentype/inter/Inter-Regular.otf", "opentype/inter/Inter-SemiBold.otf"},
    {"truetype/inter/Inter-Regular.ttf", "truetype/inter/Inter-SemiBold.ttf"},
    {"opentype/inter/InterVariable.ttf", ""},
    {"truetype/noto/NotoSans-Regular.ttf", "truetype/noto/NotoSans-SemiBold.ttf"},
    {"opentype/noto/NotoSans-Regular.otf", "opentype/noto/NotoSans-Bold.otf"},
    {"truetype/dejavu/DejaVuSans.ttf", "truetype/dejavu/DejaVuSans-Bold.ttf"},
};

bool IsFile(const std::string& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

// ImGui asserts (and Debian's build aborts) on a missing or malformed font file, so look first:
// a readable file that starts like TrueType, OpenType/CFF or a collection.
bool LooksLikeFont(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char magic[4] = {};
    if (!in.read(reinterpret_cast<char*>(magic), 4)) return false;
    const bool trueType = magic[0] == 0 && magic[1] == 1 && magic[2] == 0 && magic[3] == 0;
    const bool otto = std::memcmp(magic, "OTTO", 4) == 0;
    const bool tt = std::memcmp(magic, "true", 4) == 0;
    const bool ttc = std::memcmp(magic, "ttcf", 4) == 0;
    std::error_code ec;
    return (trueType || otto || tt || ttc) && std::filesystem::file_size(path, ec) > 1024 && !ec;
}

// Latin text plus the punctuation, arrows and marks scenario authors write (dashes, curly quotes,
// bullets, ellipsis, arrows, check marks).
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x205E, 0x2190, 0x21FF,
    0x2212, 0x2212, 0x2260, 0x2265, 0x25A0, 0x25FF, 0x2713, 0x2717, 0,
};

} // namespace

FontFiles FindUiFont(const std::vector<std::string>& roots) {
    std::vector<std::string> dirs = roots;
    if (dirs.empty()) dirs = {"/usr/share/fonts", "/usr/local/share/fonts"};
    for (const Candidate& c : kCandidates) {
        for (const std::string& root : dirs) {
            const std::string regular = root + "/" + c.m_regular;
            if (!IsFile(regular)) continue;
            FontFiles f;
            f.m_regular = regular;
            const std::string bold = c.m_bold[0] ? root + "/" + c.m_bold : std::string();
            if (!bold.empty() && IsFile(bold)) f.m_bold = bold;
            return f;
        }
    }
    return {};
}

FontSet LoadFonts(ImGuiIO& io, const FontFiles& files, float scale, std::vector<std::string>& log) {
    if (!(scale > 0.5f && scale < 8.0f)) scale = 1.0f; // a broken monitor report must not wreck the UI
    FontSet set;
    set.m_scale = scale;
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    if (!files.m_regular.empty() && !LooksLikeFont(files.m_regular)) {
        log.push_back("the UI font " + files.m_regular + " cannot be read or is not a font; using ImGui's built-in font");
    } else if (!files.m_regular.empty()) {
        set.m_regular = io.Fonts->AddFontFromFileTTF(files.m_regular.c_str(), 16.0f * scale, &cfg, kGlyphRanges);
        if (set.m_regular) {
            const std::string& headingFile = files.m_bold.empty() || !LooksLikeFont(files.m_bold) ? files.m_regular : files.m_bold;
            set.m_heading = io.Fonts->AddFontFromFileTTF(headingFile.c_str(), 20.0f * scale, &cfg, kGlyphRanges);
            set.m_large = io.Fonts->AddFontFromFileTTF(headingFile.c_str(), 28.0f * scale, &cfg, kGlyphRanges);
            set.m_description = files.m_regular;
        } else {
            log.push_back("could not load the UI font " + files.m_regular + "; using ImGui's built-in font");
        }
    } else {
        log.push_back("no UI font found (install fonts-inter or fonts-noto-core); using ImGui's built-in font");
    }
    if (!set.m_regular) {
        io.Fonts->Clear();
        ImFontConfig def;
        def.SizePixels = 13.0f * scale;
        set.m_regular = io.Fonts->AddFontDefault(&def);
        set.m_heading = set.m_regular;
        set.m_large = set.m_regular;
        set.m_description = "ImGui built-in (ProggyClean)";
    }
    if (!set.m_heading) set.m_heading = set.m_regular;
    if (!set.m_large) set.m_large = set.m_heading;
    io.FontDefault = set.m_regular;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h); // builds the atlas now, so failures show up here
    if (!io.Fonts->IsBuilt() || !pixels) {
        log.push_back("the font atlas could not be built from " + set.m_description + "; using ImGui's built-in font");
        io.Fonts->Clear();
        ImFontConfig def;
        def.SizePixels = 13.0f * scale;
        set.m_regular = set.m_heading = set.m_large = io.Fonts->AddFontDefault(&def);
        set.m_description = "ImGui built-in (ProggyClean)";
        io.FontDefault = set.m_regular;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    return set;
}

} // namespace sl::ui
