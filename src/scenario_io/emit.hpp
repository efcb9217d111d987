// SupportLab scenario_io: writing a scenario back out as a scenario file (the assessment forms the server keeps and sends).
#pragma once

#include "core/model.hpp"

#include <string>

namespace sl {

// The scenario as a format-1 scenario file that LoadScenarioText reads back to the same model:
// every key written out (defaults included), durations in seconds, text double-quoted. The support
// model is not written: `support_model:` is supportModelPath, which the reader resolves. A scenario
// with its key withheld (core/assessment.hpp) is written as a trainee part (`trainee_part: true`)
// with no answer, explanation, required or harmful flag, incident, hint or note in it.
std::string EmitScenarioYaml(const Scenario& scenario, const std::string& supportModelPath);

} // namespace sl
