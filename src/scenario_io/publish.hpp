// SupportLab scenario_io: preparing a scenario for publishing as an assessment, and reading published forms back.
#pragma once

#include "core/assessment.hpp"
#include "core/model.hpp"
#include "scenario_io/loader.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sl {

// What the organisation server keeps for one published scenario (docs/scoring.md, "Assessments").
struct PublishedForms {
    std::string m_scenarioId; // the file's id
    std::string m_title;
    std::string m_modelText;   // the support-model file, as it is
    std::string m_neutralText; // the neutral scenario with its key: staff only
    std::string m_traineeText; // the trainee part: what trainees receive
    std::string m_neutralHash; // content hashes, as LoadPublished computes them
    std::string m_traineeHash; // (an attempt on the trainee part records this one)
    NeutralNames m_names;      // what T1, Q1, ... were called: staff only
    std::string m_namesText;   // the same, one line each ("T1\tid\tsubject")
    // Where each ticket is accepted (its best and acceptable routes): (neutral ticket, destination).
    std::vector<std::pair<std::string, std::string>> m_acceptedRoutes;
    StepKey m_stepKey; // what each step does, for the server to answer steps: staff only
};

// Both forms of a loaded scenario, written out and read back (so their hashes are what a reader
// computes). modelText is the support-model file the scenario was loaded with. A form that does
// not read back is a bug: its diagnostics come back in *problems and the result is empty.
std::optional<PublishedForms> PrepareForPublishing(const Scenario& scenario, const std::string& modelText,
                                                   std::vector<Diagnostic>* problems);

// PrepareForPublishing for a scenario loaded from its file, reading its support model from disk;
// nullopt with a sentence in *error when the model cannot be read or a form does not read back.
std::optional<PublishedForms> PrepareLoadedForPublishing(const Scenario& scenario, std::string* error);

// Reads a published form (neutral scenario or trainee part) with its support model's text, as
// the server sent them; `label` names it in messages ("published/common-device").
LoadResult<Scenario> LoadPublished(const std::string& scenarioText, const std::string& modelText, const std::string& label);

// The shipped library: scenarios/ of the source tree, which every installation's app and CLI use,
// so its files (keys included) are on every trainee's machine.
std::string ShippedScenarioDir();

// The ids among `ids` that a file of the shipped library (a top-level `id:` of a .yaml under
// shippedDir) also has: published for an assessment, such a scenario gives its key away.
std::vector<std::string> ShippedIdsAmong(const std::vector<std::string>& ids, const std::string& shippedDir = ShippedScenarioDir());

// What to tell whoever publishes one of them, one sentence.
std::string ShippedWarning(const std::string& id);

} // namespace sl
