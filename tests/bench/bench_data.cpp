// SupportLab bench: generated data (a scenario library on disk, a long lab and its action script).
#include "bench_data.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

namespace sl::bench {

namespace fs = std::filesystem;

namespace {

// The answer keys cycle through the tiered model's categories, levels and routes.
const char* const kCategories[] = {"os", "apps", "browser", "device", "printing", "drivers", "network", "lob"};
const char* const kLevels[] = {"high", "medium", "low"};
const char* const kChannels[] = {"phone", "email", "portal", "chat", "walk_in"};
const char* const kNames[] = {"Ana Silva", "Ben Okafor", "Chloe Martin", "Dev Patel", "Elif Yilmaz", "Femi Adeyemi"};
const char* const kDepartments[] = {"Finance", "Sales", "Legal", "Engineering", "Marketing", "Operations"};
const char* const kModels[] = {"Surface Laptop 5", "HP EliteBook 840 G10", "Lenovo ThinkPad T14 Gen 4", "Dell Latitude 7440"};

std::string Pools() {
    return "pools:\n"
           "  users:\n"
           "    staff:\n"
           "      - { name: Ana Silva, department: Finance }\n"
           "      - { name: Ben Okafor, department: Sales }\n"
           "      - { name: Chloe Martin, department: Legal }\n"
           "      - { name: Dev Patel, department: Engineering }\n"
           "  devices:\n"
           "    laptops:\n"
           "      - { model: Surface Laptop 5, os: Windows 11 Enterprise 23H2, serial: SL5-0041 }\n"
           "      - { model: HP EliteBook 840 G10, os: Windows 11 Enterprise 23H2, serial: HP8-2231 }\n"
           "      - { model: Lenovo ThinkPad T14 Gen 4, os: Windows 11 Enterprise 23H2, serial: LT14-7710 }\n";
}

} // namespace

std::string TicketYaml(const std::string& id, int index, long arrivesSeconds, const TicketShape& shape) {
    const int n = index;
    std::ostringstream y;
    y << "  - id: " << id << "\n"
      << "    subject: \"Ticket " << n << ": the " << kModels[n % 4] << " loses its connection after sleep\"\n"
      << "    channel: " << kChannels[n % 5] << "\n"
      << "    arrives: " << arrivesSeconds << "s\n"
      << "    user: { name: " << kNames[n % 6] << ", department: " << kDepartments[n % 6] << " }\n"
      << "    device: { model: " << kModels[n % 4] << ", os: Windows 11 Enterprise 23H2, serial: SN-" << 10000 + n << " }\n"
      << "    report: >-\n"
      << "      Since this morning my laptop drops off the network every time it wakes from sleep. I have to\n"
      << "      restart it to get back on, and I lose whatever I was typing in the finance portal. Ticket " << n << ".\n"
      << "    reported: { impact: " << kLevels[n % 3] << ", urgency: " << kLevels[(n / 3) % 3] << " }\n"
      << "    vary:\n"
      << "      user: staff\n"
      << "      device: laptops\n"
      << "      report:\n"
      << "        - Since this morning my laptop drops off the network every time it wakes from sleep.\n"
      << "        - \"After sleep the Wi-Fi icon shows 'No internet' until I restart. It started today.\"\n";
    if (!shape.m_realisticCosts) y << "      jitter: 0\n";
    else y << "      jitter: 2m\n";
    y << "    facts:\n";
    for (int a = 0; a < shape.m_asks; ++a) {
        y << "      - id: a" << a << "\n"
          << "        source: ask\n"
          << "        prompt: \"Question " << a << ": when did it start, and what exactly do you see?\"\n"
          << "        text: >-\n"
          << "          Since the update on Tuesday. The icon shows a globe and 'No internet', and other\n"
          << "          people on the floor are fine. Answer " << a << " of ticket " << n << ".\n";
        if (a >= 2) y << "        requires: [a" << a - 1 << "]\n";
        if (shape.m_realisticCosts && a == 1) y << "        cost: 2m\n";
    }
    for (int d = 0; d < shape.m_diagnostics; ++d) {
        y << "      - id: d" << d << "\n"
          << "        source: diagnostic\n"
          << "        prompt: Event Viewer > Windows Logs > System (" << d << ")\n"
          << "        text: \"WLAN-AutoConfig event 10002 at every resume; the adapter driver is version 22.110." << d << "\"\n"
          << "        requires: [a0]\n";
    }
    y << "      - id: r0\n"
      << "        source: step\n"
      << "        text: The driver rollback restores the connection after sleep.\n"
      << "    steps:\n";
    for (int s = 0; s < shape.m_steps; ++s) {
        const bool harmful = s == shape.m_steps - 1 && shape.m_steps > 2;
        y << "      - id: s" << s << "\n"
          << "        text: \"Step " << s << ": roll back the Wi-Fi driver in Device Manager and restart\"\n"
          << "        kind: " << (harmful ? "harmful" : s < 2 ? "required" : "neutral") << "\n";
        if (harmful) y << "        harm: Resetting the network stack removes the VPN profile the service deployed.\n";
        if (s == 0 && shape.m_diagnostics > 0) y << "        requires: [d0]\n";
        if (shape.m_realisticCosts && s == 0) y << "        cost: 10m\n";
        y << "        outcomes:\n";
        if (s == 0) {
            y << "          - when: [a1]\n"
              << "            text: The driver rolls back; after a sleep cycle the laptop reconnects.\n"
              << "            reveals: [r0]\n"
              << "          - text: The rollback completes, but you cannot tell whether it helped.\n";
        } else if (s == 1) {
            y << "          - when: [s0]\n"
              << "            text: The laptop reconnects after sleep. The user confirms it works.\n"
              << "            fixes: true\n"
              << "          - text: Nothing changes.\n";
        } else {
            y << "          - text: \"The command runs; the adapter restarts (" << s << ").\"\n";
        }
    }
    const bool resolve = n % 4 != 3;
    y << "    answer:\n"
      << "      category: " << kCategories[n % 8] << "\n"
      << "      impact: " << kLevels[(n + 1) % 3] << "\n"
      << "      urgency: " << kLevels[(n / 2) % 3] << "\n";
    if (resolve) {
        y << "      route: resolve\n"
          << "      resolution: [fixed, workaround]\n";
    } else {
        y << "      route: tier2\n"
          << "      acceptable_routes: [tier3]\n";
    }
    y << "      elevation_needed: false\n"
      << "      explanation: >-\n"
      << "        The driver pushed with Tuesday's update breaks resume on this model. Roll it back, confirm\n"
      << "        after a sleep cycle, and note the model so tier 2 can spot a trend.\n"
      << "    hints:\n";
    for (int h = 0; h < shape.m_hints; ++h) y << "      - { text: \"Hint " << h << ": the event log names the driver.\", cost: 1 }\n";
    return y.str();
}

std::string ScenarioYaml(const std::string& id, const std::string& modelRef, int tickets, long spacing,
                         const TicketShape& shape, bool unitCosts) {
    std::ostringstream y;
    y << "# Generated by supportlab-bench.\n"
      << "format: 1\n"
      << "kind: common_issues\n"
      << "id: " << id << "\n"
      << "title: \"Generated tickets " << id << "\"\n"
      << "description: >-\n"
      << "  Generated help-desk tickets for the benchmarks: every ticket has questions to ask, diagnostics\n"
      << "  to run, troubleshooting steps (one harmful) and an answer key.\n"
      << "support_model: " << modelRef << "\n"
      << "player_role: helpdesk_agent\n"
      << "clock: practice\n"
      << "time_budget: 3h\n"
      << "seed: 1\n";
    if (unitCosts) {
        y << "costs: { acknowledge: 1s, ask: 1s, diagnose: 1s, step: 1s, triage: 1s, elevate: 1s, link: 1s,"
             " escalate: 1s, resolve: 1s, hint: 1s, answer: 1s }\n";
    }
    y << Pools() << "tickets:\n";
    for (int t = 0; t < tickets; ++t) y << TicketYaml(id + "-t" + std::to_string(t), t, t * spacing, shape);
    return y.str();
}

std::string ReadText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

namespace {
void WriteText(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}
} // namespace

std::vector<std::string> WriteLibrary(const std::string& dir, int files, int ticketsPerFile) {
    std::vector<std::string> written;
    const std::string model = dir + "/models/tiered.yaml";
    WriteText(model, ReadText(std::string(SUPPORTLAB_SCENARIO_DIR) + "/models/tiered.yaml"));
    written.push_back(model);
    const TicketShape shape;
    for (int f = 0; f < files; ++f) {
        char name[32];
        std::snprintf(name, sizeof name, "gen-%04d", f);
        const std::string path = dir + "/scenarios/" + name + ".yaml";
        WriteText(path, ScenarioYaml(name, "../models/tiered.yaml", ticketsPerFile, 90, shape, false));
        written.push_back(path);
    }
    return written;
}

LongLab MakeLongLab(int tickets, int actions) {
    LongLab lab;
    TicketShape shape;
    shape.m_asks = 6;
    shape.m_diagnostics = 4;
    shape.m_steps = 8;
    shape.m_hints = 3;
    shape.m_realisticCosts = false;
    const long spacing = 30;
    lab.m_modelYaml = ReadText(std::string(SUPPORTLAB_SCENARIO_DIR) + "/models/tiered.yaml");
    lab.m_scenarioYaml = ScenarioYaml("long-lab", "tiered.yaml", tickets, spacing, shape, true);

    // Fixed work per ticket, then the rest of the budget spread as repeated triage.
    const int fixed = 1 + shape.m_asks + shape.m_diagnostics + shape.m_steps + shape.m_hints + 1 + 1;
    const int spare = actions - fixed * tickets;
    if (spare < 0) throw std::runtime_error("too few actions for the tickets");
    std::string script = "seed 1\n";
    for (int t = 0; t < tickets; ++t) {
        const std::string id = "long-lab-t" + std::to_string(t);
        std::vector<std::string> lines;
        lines.push_back("ack " + id);
        for (int a = 0; a < shape.m_asks; ++a) lines.push_back("ask " + id + " a" + std::to_string(a));
        for (int d = 0; d < shape.m_diagnostics; ++d) lines.push_back("diagnose " + id + " d" + std::to_string(d));
        for (int s = 0; s < shape.m_steps; ++s) lines.push_back("step " + id + " s" + std::to_string(s));
        for (int h = 0; h < shape.m_hints; ++h) lines.push_back("hint " + id + " " + std::to_string(h));
        const int triages = 1 + spare / tickets + (t < spare % tickets ? 1 : 0);
        for (int k = 0; k < triages; ++k)
            lines.push_back("triage " + id + " category=" + kCategories[(t + k) % 8] + " impact=" + kLevels[k % 3] +
                            " urgency=" + kLevels[(k + t) % 3]);
        lines.push_back(t % 4 == 3 ? "escalate " + id + " tier2 \"Driver rollback needs tier 2 (ticket " + std::to_string(t) + ")\""
                                   : "resolve " + id + " fixed");
        for (const std::string& l : lines) script += l + "\n";
    }
    lab.m_script = script;
    const ScriptParseResult parsed = ParseActionScript(script);
    if (!parsed.Ok())
        throw std::runtime_error("generated script does not parse: line " + std::to_string(parsed.m_errors[0].m_line) +
                                 ": " + parsed.m_errors[0].m_message);
    lab.m_actions = parsed.m_script.m_actions;
    if (static_cast<int>(lab.m_actions.size()) != actions)
        throw std::runtime_error("generated " + std::to_string(lab.m_actions.size()) + " actions");
    return lab;
}

std::string MakeTempDir(const std::string& prefix) {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    return templ;
}

void RemoveTree(const std::string& dir) {
    std::error_code ec;
    fs::remove_all(dir, ec);
}

} // namespace sl::bench
