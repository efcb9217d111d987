// SupportLab reports: deterministic, name-based UUIDs for exported xAPI statements (idempotent re-sends).
#pragma once

#include "store/store.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sl {

// A 128-bit, non-cryptographic hash of a name: two SplitMix64 lanes with different seeds absorb the
// name 8 bytes at a time, then its length. Stable across platforms and releases (docs/reports.md):
// changing it would change every exported statement id. Not for anything an adversary controls.
std::array<std::uint8_t, 16> NameHash128(std::string_view name);

// The hash as an RFC 9562 version 8 ("custom") UUID in lower-case 8-4-4-4-12 text: version nibble 8,
// variant bits 10 (RFC 4122 / 9562 variant), the other 122 bits from NameHash128.
std::string NameBasedUuid(std::string_view name);

// Everything that names one exported statement. Without a database identity in the store, the
// trainee's name and the attempt's start time (ms) stand for "which database", so two databases'
// attempt 1 do not collide; the home page is part of the name because it is part of the actor and
// object IRIs (another home page makes other statements).
struct StatementName {
    std::string m_homePage; // without trailing slashes, as written into the statement
    std::string m_trainee;
    WallTime m_startedWall = 0;
    RowId m_attemptId = 0;
    std::string m_kind;     // which statement of the attempt, e.g. "result/passed"
    std::string m_scoredWith; // scenario hash that produced the result; a re-score with other content is a new statement
};

// The name as one unambiguous byte string (every field length-prefixed) ...
std::string StatementNameText(const StatementName& n);
// ... and its UUID: the statement's "id".
std::string StatementId(const StatementName& n);

} // namespace sl
