// SupportLab bench: generated data (a scenario library on disk, a long lab and its action script).
#pragma once

#include "core/action.hpp"

#include <string>
#include <vector>

namespace sl::bench {

// How much investigation each generated ticket offers.
struct TicketShape {
    int m_asks = 3;      // facts with source ask
    int m_diagnostics = 2;
    int m_steps = 4;     // the last one is harmful
    int m_hints = 2;
    bool m_realisticCosts = true; // some facts and steps carry their own cost
};

// One ticket in scenario YAML (indented as an item of `tickets:`). The answer key is derived from
// the index, so a library holds every category, route and priority.
std::string TicketYaml(const std::string& id, int index, long arrivesSeconds, const TicketShape& shape);

// A common_issues scenario file holding `tickets` tickets that arrive `spacing` seconds apart.
// `modelRef` is the support_model path as written; `unitCosts` makes every action cost 1 s.
std::string ScenarioYaml(const std::string& id, const std::string& modelRef, int tickets, long spacing,
                         const TicketShape& shape, bool unitCosts);

// Writes `files` scenario files of `ticketsPerFile` tickets each under dir/scenarios/, plus the
// shipped tiered support model as dir/models/tiered.yaml. Returns every file written, model first.
std::vector<std::string> WriteLibrary(const std::string& dir, int files, int ticketsPerFile);

// The "3-hour lab": 300 tickets arriving over 2.5 hours, every action costing 1 s, and exactly
// `actions` valid actions that work each ticket in arrival order (ack, questions, diagnostics,
// steps, hints, repeated triage, resolve).
struct LongLab {
    std::string m_scenarioYaml;
    std::string m_modelYaml;
    std::vector<Action> m_actions;
    std::string m_script; // the same actions as an action script
};
LongLab MakeLongLab(int tickets, int actions);

// A fresh temporary folder (mkdtemp under $TMPDIR or /tmp), removed by RemoveTree.
std::string MakeTempDir(const std::string& prefix);
void RemoveTree(const std::string& dir);

std::string ReadText(const std::string& path);

} // namespace sl::bench
