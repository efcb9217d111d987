// SupportLab scenario_io tests: every YAML example in docs/*.md is marked, and validates without an
// error or a warning; together the examples show every key of the key reference.
//
// Each ```yaml block in docs/*.md is preceded (previous non-blank line) by a marker, an HTML comment
// that rendered markdown does not show:
//
//   <!-- example: file PATH -->
//       the block is a complete file, written to PATH;
//   <!-- example: fragment in HOST as PATH -->
//       the block is appended to tests/scenario_io/data/doc_hosts/HOST (the rest of a complete file:
//       the top-level keys the fragment leaves out) and the result is written to PATH.
//
// PATH is relative to one temporary folder that receives the blocks of all the docs before any is
// validated, so examples may refer to each other (a scenario to the support-model example as
// `models/tiered.yaml`, a lab to a scenario written from another block). The folder is then
// validated as `supportlab-cli validate` does (ValidatePaths), and each problem is printed at the
// doc line it comes from.
#include "scenario_io/spec.hpp"

#include "test_util.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

namespace sl::test {
namespace {

namespace fs = std::filesystem;

const std::string kHostFolder = "tests/scenario_io/data/doc_hosts/"; // as printed in messages

// One ```yaml block of a doc and where its marker says it goes.
struct DocBlock {
    std::string m_doc;      // as printed: "docs/scenario-format.md"
    int m_fenceLine = 0;    // 1-based line of the opening fence; the block's text starts below it
    int m_indent = 0;       // columns of the fence's indentation, removed from the block's lines
    std::string m_text;     // the lines between the fences, each ending in '\n'
    std::string m_host;     // fragment: the host file's name under doc_hosts/; empty for a file
    std::string m_path;     // where the file is written, relative to the temporary folder
};

struct Extraction {
    std::vector<DocBlock> m_blocks;    // marked blocks, in doc order
    std::vector<DocBlock> m_all;       // every yaml block, marked or not
    std::vector<std::string> m_problems; // "docs/x.md:LINE: ...": unmarked blocks, bad markers
};

std::string Trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<std::string> SplitLines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

// A written path must be a relative .yaml/.yml path that stays inside the temporary folder (else
// the folder's validation would not see it, or it would land elsewhere).
std::optional<std::string> BadPath(const std::string& path) {
    const fs::path p(path);
    if (p.is_absolute()) return "is absolute";
    for (const fs::path& part : p.lexically_normal())
        if (part == "..") return "leaves the folder";
    if (p.extension() != ".yaml" && p.extension() != ".yml") return "does not end in .yaml or .yml, so it would not be validated";
    return std::nullopt;
}

// Whether a line (trimmed) is meant as a marker, well-formed or not.
bool LooksLikeMarker(const std::string& t) { return t.rfind("<!--", 0) == 0 && t.find("example") != std::string::npos; }

// Reads the marker on `line` into `block`; returns what is wrong with it, if anything.
std::optional<std::string> ReadMarker(const std::string& line, DocBlock& block) {
    static const std::regex marker(R"(^<!--\s*example:\s*(.*?)\s*-->$)");
    std::smatch m;
    if (!std::regex_match(line, m, marker)) return "malformed marker (want <!-- example: file PATH --> or <!-- example: fragment in HOST as PATH -->)";
    std::istringstream words(m[1].str());
    std::vector<std::string> w;
    for (std::string word; words >> word;) w.push_back(word);
    if (w.size() == 2 && w[0] == "file") {
        block.m_path = w[1];
    } else if (w.size() == 5 && w[0] == "fragment" && w[1] == "in" && w[3] == "as") {
        block.m_host = w[2];
        block.m_path = w[4];
        if (block.m_host.find('/') != std::string::npos || block.m_host.rfind('.', 0) == 0) return "host '" + block.m_host + "' must be a file name in " + kHostFolder;
    } else {
        return "malformed marker '" + m[1].str() + "' (want 'file PATH' or 'fragment in HOST as PATH')";
    }
    if (const auto bad = BadPath(block.m_path)) return "path '" + block.m_path + "' " + *bad;
    return std::nullopt;
}

// Finds the fenced blocks of one markdown text. Every ```yaml (or ```yml) block must carry a marker;
// every marker must sit on a ```yaml block. Other fences are skipped whole, so what they hold is
// never read as a marker or a fence.
void Extract(const std::string& doc, const std::string& text, Extraction& out) {
    const std::vector<std::string> lines = SplitLines(text);
    std::set<size_t> markers, usedMarkers; // marker lines outside fences; those on a yaml block
    int previous = -1; // index of the previous non-blank line outside fences
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        const size_t indent = line.find_first_not_of(' ');
        if (indent == std::string::npos) continue;
        const char fc = line[indent];
        size_t run = 0;
        while (indent + run < line.size() && line[indent + run] == fc) ++run;
        if ((fc != '`' && fc != '~') || run < 3 || indent > 3) {
            if (LooksLikeMarker(Trim(line))) markers.insert(i);
            previous = static_cast<int>(i);
            continue;
        }
        std::string info = Trim(line.substr(indent + run));
        info = info.substr(0, info.find_first_of(" {"));
        std::transform(info.begin(), info.end(), info.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        size_t close = i + 1;
        for (; close < lines.size(); ++close) {
            const std::string t = Trim(lines[close]);
            if (t.size() >= run && t.find_first_not_of(fc) == std::string::npos) break;
        }
        const std::string where = doc + ":" + std::to_string(i + 1) + ": ";
        if (close == lines.size()) out.m_problems.push_back(where + "the fence opened here is never closed");
        if (info == "yaml" || info == "yml") {
            DocBlock block;
            block.m_doc = doc;
            block.m_fenceLine = static_cast<int>(i) + 1;
            block.m_indent = static_cast<int>(indent);
            for (size_t k = i + 1; k < close; ++k) {
                const std::string& l = lines[k];
                const size_t strip = std::min(indent, l.find_first_not_of(' ') == std::string::npos ? l.size() : l.find_first_not_of(' '));
                block.m_text += l.substr(strip) + "\n";
            }
            out.m_all.push_back(block);
            const std::string prev = previous >= 0 ? Trim(lines[static_cast<size_t>(previous)]) : "";
            if (LooksLikeMarker(prev)) {
                usedMarkers.insert(static_cast<size_t>(previous));
                if (const auto bad = ReadMarker(prev, block)) out.m_problems.push_back(doc + ":" + std::to_string(previous + 1) + ": " + *bad);
                else out.m_blocks.push_back(std::move(block));
            } else {
                out.m_problems.push_back(where + "```" + info + " block without a marker: put <!-- example: file PATH --> or "
                                                 "<!-- example: fragment in HOST as PATH --> on the line before it");
            }
        }
        i = close;
        previous = static_cast<int>(close);
    }
    // A marker that is not right above a yaml block checks nothing: an error too.
    for (const size_t i : markers)
        if (!usedMarkers.count(i))
            out.m_problems.push_back(doc + ":" + std::to_string(i + 1) + ": example marker that is not on the line before a ```yaml block");
}

// Every docs/*.md, in name order.
Extraction ExtractDocs() {
    Extraction out;
    std::vector<fs::path> docs;
    for (const auto& entry : fs::directory_iterator(SUPPORTLAB_DOCS_DIR))
        if (entry.path().extension() == ".md") docs.push_back(entry.path());
    std::sort(docs.begin(), docs.end());
    for (const fs::path& doc : docs) Extract("docs/" + doc.filename().string(), ReadText(doc.string()), out);
    return out;
}

// Where each written file's lines come from.
struct WrittenFile {
    const DocBlock* m_block = nullptr;
    int m_hostLines = 0; // the first m_hostLines lines are the host's
};

class TempFolder {
public:
    TempFolder() {
        std::string tmpl = ::testing::TempDir() + "/sl-docs-examples-XXXXXX";
        if (::mkdtemp(tmpl.data())) m_path = fs::path(tmpl).lexically_normal().string();
    }
    ~TempFolder() {
        std::error_code ec;
        if (!m_path.empty()) fs::remove_all(m_path, ec);
    }
    const std::string& Path() const { return m_path; }

private:
    std::string m_path;
};

int CountLines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

// Writes every block (fragments inside their hosts) under `root`; keyed by normalized full path.
std::map<std::string, WrittenFile> WriteBlocks(const std::vector<DocBlock>& blocks, const std::string& root,
                                               std::vector<std::string>& problems) {
    std::map<std::string, WrittenFile> written;
    for (const DocBlock& block : blocks) {
        const std::string where = block.m_doc + ":" + std::to_string(block.m_fenceLine) + ": ";
        const std::string full = (fs::path(root) / block.m_path).lexically_normal().string();
        if (const auto it = written.find(full); it != written.end()) {
            problems.push_back(where + "'" + block.m_path + "' is also written by the block at " + it->second.m_block->m_doc + ":" +
                               std::to_string(it->second.m_block->m_fenceLine));
            continue;
        }
        WrittenFile file{&block, 0};
        std::string text;
        if (!block.m_host.empty()) {
            const std::string host = DataPath("doc_hosts/" + block.m_host);
            std::error_code ec;
            if (!fs::is_regular_file(host, ec)) {
                problems.push_back(where + "no host file " + kHostFolder + block.m_host);
                continue;
            }
            text = ReadText(host);
            if (!text.empty() && text.back() != '\n') text += '\n';
            file.m_hostLines = CountLines(text);
        }
        text += block.m_text;
        fs::create_directories(fs::path(full).parent_path());
        std::ofstream(full, std::ios::binary) << text;
        written.emplace(full, file);
    }
    return written;
}

// "docs/x.md:LINE:COL: error: ..." for a diagnostic in a written file; as it is for any other.
std::string Locate(const Diagnostic& d, const std::map<std::string, WrittenFile>& written, const std::string& root) {
    const auto it = written.find(fs::path(d.m_path).lexically_normal().string());
    if (it == written.end()) return FormatDiagnostic(d);
    const WrittenFile& file = it->second;
    const DocBlock& block = *file.m_block;
    Diagnostic shown = d;
    std::string note = " [in " + fs::path(d.m_path).lexically_relative(root).string();
    if (d.m_line == 0) {
        shown.m_path = block.m_doc;
        shown.m_line = block.m_fenceLine;
    } else if (d.m_line <= file.m_hostLines) {
        shown.m_path = kHostFolder + block.m_host;
        note += ", the host of the block at " + block.m_doc + ":" + std::to_string(block.m_fenceLine);
    } else {
        shown.m_path = block.m_doc;
        shown.m_line = block.m_fenceLine + (d.m_line - file.m_hostLines);
        if (shown.m_col > 0) shown.m_col += block.m_indent;
    }
    return FormatDiagnostic(shown) + note + "]";
}

std::string Join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += "  " + l + "\n";
    return out;
}

TEST(DocsExamples, EveryYamlBlockIsMarkedAndValidatesWithoutErrorsOrWarnings) {
    const Extraction docs = ExtractDocs();
    ASSERT_FALSE(docs.m_blocks.empty() && docs.m_problems.empty())
        << "no ```yaml block found in " << SUPPORTLAB_DOCS_DIR << ": is the extractor broken?";
    TempFolder root;
    ASSERT_FALSE(root.Path().empty()) << "cannot create a temporary folder";

    std::vector<std::string> problems = docs.m_problems;
    const auto written = WriteBlocks(docs.m_blocks, root.Path(), problems);
    ASSERT_FALSE(written.empty()) << "no example was written:\n" << Join(problems);
    for (const FileReport& report : ValidatePaths({root.Path()}))
        for (const Diagnostic& d : report.m_diagnostics) problems.push_back(Locate(d, written, root.Path()));
    EXPECT_TRUE(problems.empty()) << problems.size() << " problem(s) in the YAML examples of docs/ (" << docs.m_blocks.size()
                                  << " marked blocks; see the top of tests/scenario_io/docs_examples_test.cpp):\n"
                                  << Join(problems);
}

// The examples are the reference readers copy from: each key of the key tables appears in one of
// them, written `key:` (in YAML, or in a comment that shows a key the example leaves out, such as
// `# incident: ...` on a ticket that belongs to no incident). trainee_part is written by the
// organisation server, never by hand, so no example shows it.
TEST(DocsExamples, TogetherShowEveryKeyOfTheReference) {
    const Extraction docs = ExtractDocs();
    ASSERT_FALSE(docs.m_all.empty());
    std::string text;
    for (const DocBlock& block : docs.m_all) text += block.m_text;
    std::vector<std::string> missing;
    for (const SectionSpec& section : FormatSpec())
        for (const KeySpec& key : section.m_keys) {
            if (key.m_name == "trainee_part") continue;
            const std::regex shown("(^|[\\s{,#-])" + key.m_name + ":(\\s|$)");
            if (!std::regex_search(text, shown)) missing.push_back(section.m_name + "." + key.m_name);
        }
    EXPECT_TRUE(missing.empty()) << "keys no example in docs/ shows:\n" << Join(missing);
}

// The extractor itself, on a made-up doc: what it accepts and each thing it refuses.
TEST(DocsExamples, TheExtractorRefusesUnmarkedBlocksBadMarkersAndStrayMarkers) {
    const std::string doc = "# Title\n"
                            "<!-- example: file a/one.yaml -->\n"
                            "\n"
                            "```yaml\n"
                            "format: 1\n"
                            "```\n"
                            "<!-- example: fragment in host.yaml as two.yml -->\n"
                            "  ```yaml\n"
                            "  tickets: []\n"
                            "  ```\n"
                            "```sh\n"
                            "<!-- example: file not-a-marker-inside-a-fence.yaml -->\n"
                            "```\n"
                            "```yaml\n"                                   // line 14: no marker
                            "x: 1\n"
                            "```\n"
                            "<!-- example: file three.txt -->\n"          // line 17: not .yaml
                            "```yaml\n"
                            "```\n"
                            "<!-- example: fragment of host.yaml -->\n"  // line 20: malformed
                            "```YAML\n"
                            "```\n"
                            "<!-- example: file ../four.yaml -->\n"      // line 23: leaves the folder
                            "```yml\n"
                            "```\n"
                            "<!-- example: file stray.yaml -->\n"        // line 26: on no block
                            "Some text.\n"
                            "```yaml\n"                                   // line 28: no marker
                            "```\n";
    Extraction out;
    Extract("docs/t.md", doc, out);
    ASSERT_EQ(out.m_blocks.size(), 2u) << Join(out.m_problems);
    EXPECT_EQ(out.m_blocks[0].m_path, "a/one.yaml");
    EXPECT_EQ(out.m_blocks[0].m_host, "");
    EXPECT_EQ(out.m_blocks[0].m_fenceLine, 4);
    EXPECT_EQ(out.m_blocks[0].m_text, "format: 1\n");
    EXPECT_EQ(out.m_blocks[1].m_path, "two.yml");
    EXPECT_EQ(out.m_blocks[1].m_host, "host.yaml");
    EXPECT_EQ(out.m_blocks[1].m_indent, 2);
    EXPECT_EQ(out.m_blocks[1].m_text, "tickets: []\n");
    const std::string problems = Join(out.m_problems);
    EXPECT_EQ(out.m_problems.size(), 6u) << problems;
    for (const char* expected : {"docs/t.md:14: ```yaml block without a marker", "docs/t.md:17: path 'three.txt' does not end in .yaml",
                                 "docs/t.md:20: malformed marker 'fragment of host.yaml'", "docs/t.md:23: path '../four.yaml' leaves the folder",
                                 "docs/t.md:26: example marker that is not on the line before", "docs/t.md:28: ```yaml block without a marker"})
        EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\n" << problems;

    // Two blocks writing one path: the second is refused.
    TempFolder root;
    ASSERT_FALSE(root.Path().empty());
    std::vector<DocBlock> twice(2);
    twice[0] = {"docs/t.md", 4, 0, "format: 1\n", "", "x/a.yaml"};
    twice[1] = {"docs/u.md", 9, 0, "format: 1\n", "", "x/./a.yaml"};
    std::vector<std::string> writeProblems;
    EXPECT_EQ(WriteBlocks(twice, root.Path(), writeProblems).size(), 1u);
    ASSERT_EQ(writeProblems.size(), 1u) << Join(writeProblems);
    EXPECT_EQ(writeProblems[0], "docs/u.md:9: 'x/./a.yaml' is also written by the block at docs/t.md:4");
}

} // namespace
} // namespace sl::test
