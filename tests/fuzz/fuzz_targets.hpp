// SupportLab fuzz: the fuzz targets as plain functions, shared by the libFuzzer drivers and the
// regression tests that replay every input a fuzzer ever crashed on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sl::fuzz {

// Loads the bytes as a scenario, lab or support model through the in-memory entry points (the
// shipped support models can be referenced by file name, and the input itself as "self.yaml") and, when
// a scenario loads, plays a few actions against it and scores it. Returns "" when every property
// held, else what broke. Crashes, hangs and sanitizer reports are findings too.
std::string CheckScenarioInput(const std::uint8_t* data, std::size_t size);

// Parses the bytes as an action script. When they parse, every action must survive
// FormatAction -> ParseActionScript unchanged, and so must the whole script through
// FormatActionScript; the actions are then applied to a shipped scenario and the attempt scored.
std::string CheckActionScriptInput(const std::uint8_t* data, std::size_t size);

// Writes the bytes as a database file (raw, or a valid SupportLab database with its user_version,
// application_id, tables and bytes changed as the input says: see fuzz_database.cpp) and opens it
// as a report would (never creating, read-write then read-only), then runs every report and export
// over it. A refused file must be left byte for byte as it was; crashes and hangs are findings.
std::string CheckDatabaseInput(const std::uint8_t* data, std::size_t size);

} // namespace sl::fuzz
