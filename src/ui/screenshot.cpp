// SupportLab UI: PPM screenshots and a simple "is anything drawn" check.
#include "ui/screenshot.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace sl::ui {

Image ImageFromBottomUp(int width, int height, const std::vector<unsigned char>& rgb) {
    Image img;
    if (width <= 0 || height <= 0 || rgb.size() < static_cast<size_t>(width) * static_cast<size_t>(height) * 3) return img;
    img.m_width = width;
    img.m_height = height;
    const size_t row = static_cast<size_t>(width) * 3;
    img.m_rgb.resize(row * static_cast<size_t>(height));
    for (int y = 0; y < height; ++y)
        std::memcpy(&img.m_rgb[static_cast<size_t>(y) * row], &rgb[static_cast<size_t>(height - 1 - y) * row], row);
    return img;
}

std::string WritePpm(const std::string& path, const Image& image) {
    if (image.m_width <= 0 || image.m_height <= 0) return "empty image";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write " + path;
    out << "P6\n" << image.m_width << " " << image.m_height << "\n255\n";
    out.write(reinterpret_cast<const char*>(image.m_rgb.data()), static_cast<std::streamsize>(image.m_rgb.size()));
    return out ? std::string() : "cannot write " + path;
}

std::string ReadPpm(const std::string& path, Image& image) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read " + path;
    std::string magic;
    int w = 0, h = 0, maxval = 0;
    in >> magic >> w >> h >> maxval;
    if (magic != "P6" || w <= 0 || h <= 0 || w > 16384 || h > 16384 || maxval != 255) return path + " is not a P6 PPM this tool wrote";
    in.get(); // the single whitespace after maxval
    image.m_width = w;
    image.m_height = h;
    image.m_rgb.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    in.read(reinterpret_cast<char*>(image.m_rgb.data()), static_cast<std::streamsize>(image.m_rgb.size()));
    if (in.gcount() != static_cast<std::streamsize>(image.m_rgb.size())) return path + " is truncated";
    return {};
}

ImageStats AnalyzeImage(const Image& image) {
    ImageStats st;
    const size_t n = image.m_rgb.size() / 3;
    if (n == 0) return st;
    std::unordered_map<unsigned, size_t> counts;
    for (size_t i = 0; i < n; ++i) {
        const unsigned c = (unsigned(image.m_rgb[i * 3]) << 16) | (unsigned(image.m_rgb[i * 3 + 1]) << 8) | image.m_rgb[i * 3 + 2];
        if (counts.size() < 4096 || counts.count(c)) ++counts[c];
    }
    size_t top = 0;
    for (const auto& kv : counts) top = std::max(top, kv.second);
    st.m_distinctColors = static_cast<int>(counts.size());
    st.m_dominantShare = static_cast<double>(top) / static_cast<double>(n);
    return st;
}

bool LooksDrawn(const ImageStats& stats) { return stats.m_distinctColors >= 16 && stats.m_dominantShare < 0.97; }

} // namespace sl::ui
