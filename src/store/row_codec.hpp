// SupportLab store: how values are written to and read from rows, shared by the SQLite and PostgreSQL stores.
#pragma once

#include "core/model.hpp"
#include "core/scoring.hpp"

#include <cstdint>
#include <cstring>

namespace sl::detail {

// A uint64 seed stored as the bit pattern of a signed 64-bit column, and back.
inline std::int64_t ToI64(std::uint64_t v) {
    std::int64_t r;
    std::memcpy(&r, &v, sizeof r);
    return r;
}
inline std::uint64_t ToU64(std::int64_t v) {
    std::uint64_t r;
    std::memcpy(&r, &v, sizeof r);
    return r;
}

inline const char* KindName(ItemKind k) { return k == ItemKind::Question ? "question" : "ticket"; }
inline ItemKind KindFromName(const char* s) {
    return s && std::strcmp(s, "question") == 0 ? ItemKind::Question : ItemKind::Ticket;
}

// Stored dimension names back to the enum, without allocating (report queries read ~10^5 rows).
inline Dimension DimensionFromText(const char* s) {
    if (s)
        for (int i = 0; i < kDimensionCount; ++i)
            if (std::strcmp(s, ToString(static_cast<Dimension>(i))) == 0) return static_cast<Dimension>(i);
    return Dimension::Knowledge; // unreachable for a database this version wrote (newer ones are refused)
}

// A score counts as full marks within this much of the maximum.
inline constexpr double kFullMarkSlack = 1e-9;

} // namespace sl::detail
