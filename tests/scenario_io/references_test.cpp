// SupportLab scenario_io tests: referenced files (support_model, a lab's scenarios) — FIFOs, devices and
// folders are errors, never waits; references stay inside the scenario folder tree.
#include "test_util.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace sl::test {
namespace {

namespace fs = std::filesystem;

class References : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = ::testing::TempDir() + "/sl-refs-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_root = tmpl;
        fs::create_directories(m_root + "/lib/models");
        fs::create_directories(m_root + "/lib/area");
        fs::copy_file(DataPath("models/tiered.yaml"), m_root + "/lib/models/tiered.yaml");
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }
    // common_issues.yaml from the fixtures, with its support_model replaced.
    std::string WriteScenario(const std::string& modelRef) {
        std::string text = ReadText(DataPath("common_issues.yaml"));
        text.replace(text.find("support_model: models/tiered.yaml"), 33, "support_model: " + modelRef);
        const std::string path = m_root + "/lib/area/s.yaml";
        std::ofstream(path) << text;
        return path;
    }
    std::string m_root;
};

TEST_F(References, AFifoSupportModelIsAnErrorNotAWait) {
    ASSERT_EQ(::mkfifo((m_root + "/lib/models/fifo.yaml").c_str(), 0600), 0);
    const std::string path = WriteScenario("../models/fifo.yaml");
    EXPECT_TRUE(HasError(LoadScenarioFile(path).m_diagnostics, path + ":", "is a FIFO (named pipe), not a file"));
    // The app's library load (LoadPaths) and validate (ValidatePaths) take the same path.
    const auto loaded = LoadPaths({m_root + "/lib"});
    bool found = false;
    for (const LoadedFile& f : loaded)
        if (f.m_report.m_path == path) found = HasError(f.m_report.m_diagnostics, path + ":", "is a FIFO");
    EXPECT_TRUE(found);
}

TEST_F(References, ADeviceOrAFolderAsSupportModelIsAnError) {
    const std::string dev = WriteScenario("../../../../../../../../dev/zero");
    EXPECT_FALSE(LoadScenarioFile(dev).Ok());
    fs::create_directory(m_root + "/lib/models/dir.yaml");
    const std::string dir = WriteScenario("../models/dir.yaml");
    EXPECT_TRUE(HasError(LoadScenarioFile(dir).m_diagnostics, dir + ":", "is a folder, not a file"));
}

TEST_F(References, AbsolutePathsAreRefusedWithoutReadingThem) {
    const std::string path = WriteScenario(m_root + "/lib/models/tiered.yaml");
    const auto r = LoadScenarioFile(path);
    EXPECT_TRUE(HasError(r.m_diagnostics, path + ":", "is an absolute path")) << Dump(r.m_diagnostics);
    const std::string etc = WriteScenario("/etc/passwd");
    const auto e = LoadScenarioFile(etc);
    EXPECT_TRUE(HasError(e.m_diagnostics, etc + ":", "is an absolute path")) << Dump(e.m_diagnostics);
    EXPECT_EQ(Dump(e.m_diagnostics).find("root"), std::string::npos) << Dump(e.m_diagnostics);
}

TEST_F(References, DotDotMayNotLeaveTheTree) {
    std::ofstream(m_root + "/outside.yaml") << ReadText(DataPath("models/tiered.yaml"));
    const std::string path = WriteScenario("../../outside.yaml");
    // Loaded from the folder: the folder is the tree.
    for (const FileReport& f : ValidatePaths({m_root + "/lib"})) {
        if (f.m_path == path) {
            EXPECT_TRUE(HasError(f.m_diagnostics, path + ":", "leads outside the scenario folder"));
        }
    }
    // A file alone: the folder above its own is the tree (lib/), so ../../ still leaves it.
    EXPECT_TRUE(HasError(LoadScenarioFile(path).m_diagnostics, path + ":", "leads outside the scenario folder"));
    // Loaded from the folder above, the same reference stays inside and loads.
    bool ok = false;
    for (const FileReport& f : ValidatePaths({m_root}))
        if (f.m_path == path) ok = f.Ok();
    EXPECT_TRUE(ok);
    // A sibling folder inside the tree is fine either way.
    const std::string sibling = WriteScenario("../models/tiered.yaml");
    EXPECT_TRUE(LoadScenarioFile(sibling).Ok()) << Dump(LoadScenarioFile(sibling).m_diagnostics);
}

TEST_F(References, ALabsScenarioFollowsTheSameRules) {
    std::string lab = ReadText(DataPath("lab.yaml"));
    lab.replace(lab.find("scenario: plan_review.yaml"), 26, "scenario: /etc/hostname");
    const std::string path = m_root + "/lib/area/lab.yaml";
    std::ofstream(path) << lab;
    EXPECT_TRUE(HasError(LoadLabFile(path).m_diagnostics, path + ":", "is an absolute path"));
}

// A destination with its own severity definitions (request_severities): a ticket routed to it says
// with which severity the request is filed, one of its own; no other route takes one.
TEST_F(References, ARouteToADestinationWithSeveritiesNamesOne) {
    MemoryFiles files = WithModel();
    std::string& model = files.m_files["mem/models/tiered.yaml"];
    const std::string ops = "    kind: service_operations\n";
    ASSERT_NE(model.find(ops), std::string::npos);
    model.replace(model.find(ops), ops.size(),
                  ops + "    request_severities:\n"
                        "      - {id: a, name: Severity A, definition: Critical}\n"
                        "      - {id: b, name: Severity B, definition: Moderate}\n");
    auto ticket = [](const std::string& answer) {
        return "  - id: t1\n    subject: S\n    report: R\n    answer: {category: os, impact: low, urgency: low, " + answer +
               ", explanation: E}\n";
    };
    const std::string good = TicketScenario(ticket("route: service-ops, request_severity: b"));
    const auto r = LoadMem(good, files);
    ASSERT_TRUE(r.Ok()) << Dump(r.m_diagnostics);
    EXPECT_EQ(r.m_value->m_tickets[0].m_answer.m_requestSeverity, "b");
    const Destination* d = r.m_value->m_model.FindDestination("service-ops");
    ASSERT_NE(d, nullptr);
    ASSERT_EQ(d->m_requestSeverities.size(), 2u);
    EXPECT_EQ(d->m_requestSeverities[1].m_definition, "Moderate");

    const std::string missing = TicketScenario(ticket("route: service-ops"));
    EXPECT_TRUE(HasError(LoadMem(missing, files).m_diagnostics, Pos(missing, "service-ops"),
                         "goes to 'service-ops', which takes every request with a severity: set answer.request_severity ('a', 'b')"));
    const std::string unknown = TicketScenario(ticket("route: service-ops, request_severity: z"));
    EXPECT_TRUE(HasError(LoadMem(unknown, files).m_diagnostics, Pos(unknown, "z,"), "unknown request severity 'z' for 'service-ops'"));
    const std::string none = TicketScenario(ticket("route: tier2, request_severity: a"));
    EXPECT_TRUE(HasError(LoadMem(none, files).m_diagnostics, Pos(none, "a,"), "goes to 'tier2', which takes no request severity"));
    model.replace(model.find("{id: b, name: Severity B"), 6, "{id: a");
    EXPECT_TRUE(HasError(LoadMem(good, files).m_diagnostics, Pos(model, "a, name: Severity B", 1, "mem/models/tiered.yaml"),
                         "duplicate request severity id 'a'"));
}

} // namespace
} // namespace sl::test
