// SupportLab UI: writing and checking screenshots (binary PPM), for the Xvfb smoke test.
#pragma once

#include <string>
#include <vector>

namespace sl::ui {

struct Image {
    int m_width = 0;
    int m_height = 0;
    std::vector<unsigned char> m_rgb; // top row first, 3 bytes per pixel
};

// OpenGL reads rows bottom-up; this flips them into an Image.
Image ImageFromBottomUp(int width, int height, const std::vector<unsigned char>& rgb);

// Writes a binary PPM (P6). Returns an error message, or "".
std::string WritePpm(const std::string& path, const Image& image);
// Reads a binary PPM written by WritePpm (maxval 255). Returns an error message, or "".
std::string ReadPpm(const std::string& path, Image& image);

struct ImageStats {
    int m_distinctColors = 0;     // capped at 4096
    double m_dominantShare = 1.0; // share of pixels with the most common colour
};
ImageStats AnalyzeImage(const Image& image);

// A screenshot of a drawn UI has many colours and no single colour covering nearly everything.
bool LooksDrawn(const ImageStats& stats);

} // namespace sl::ui
