// SupportLab store: how values are written to and read from rows, shared by the SQLite and PostgreSQL stores.
#pragma once

#include "core/model.hpp"
#include "core/scoring.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

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

// The attempt StartAttempt just added: what it was given, with its new id and uid, and nothing
// that only queries fill (scores, counts, finish).
inline Attempt NewlyStarted(const Attempt& in, RowId id, std::string uid) {
    Attempt out;
    out.m_id = id;
    out.m_uid = std::move(uid);
    out.m_traineeId = in.m_traineeId;
    out.m_sessionId = in.m_sessionId;
    out.m_labId = in.m_labId;
    out.m_moduleId = in.m_moduleId;
    out.m_scenarioId = in.m_scenarioId;
    out.m_contentHash = in.m_contentHash;
    out.m_formatVersion = in.m_formatVersion;
    out.m_seed = in.m_seed;
    out.m_startedWall = in.m_startedWall;
    out.m_startScore = in.m_startScore;
    return out;
}

// An attempt or lab run delivered again carries the uid of one already stored: the stored one is
// the answer, unless the uid was reused for someone else's work (a forged or corrupt outbox).
inline StoreResult<Attempt> SameAttemptOrConflict(Attempt stored, const Attempt& in) {
    if (stored.m_traineeId != in.m_traineeId || stored.m_scenarioId != in.m_scenarioId)
        return StoreError{StoreErrorKind::Constraint, "attempt " + in.m_uid + " is already stored for another trainee "
                                                      "or scenario; it was not added again"};
    return stored;
}
inline StoreResult<LabRunRecord> SameLabRunOrConflict(LabRunRecord stored, const LabRunRecord& in) {
    if (stored.m_traineeId != in.m_traineeId || stored.m_labId != in.m_labId)
        return StoreError{StoreErrorKind::Constraint, "lab run " + in.m_uid + " is already stored for another trainee "
                                                      "or lab; it was not added again"};
    return stored;
}

// A score counts as full marks within this much of the maximum.
inline constexpr double kFullMarkSlack = 1e-9;

// One item's row for one dimension: a scored dimension of the item (m_applies), or one that only
// carries the item's deductions.
struct DimensionRow {
    std::int64_t m_itemIndex = 0;
    Dimension m_dimension = Dimension::Triage;
    bool m_applies = false;
    double m_score = 0.0;
    double m_max = 0.0;
    int m_deductionCount = 0;
    double m_deductedPoints = 0.0;
};

// The attempt's totals for one dimension, with the counts the skills report reads.
struct DimensionTotalRow {
    Dimension m_dimension = Dimension::Triage;
    double m_score = 0.0;
    double m_max = 0.0;
    int m_itemCount = 0;
    int m_fullCount = 0;
    int m_deductionCount = 0;
    double m_deductedPoints = 0.0;
};

// The rows a report stores besides its items and deductions (which are stored as they are), worked
// out once for every backend so the stores cannot count full marks or deductions differently.
struct ScoreRows {
    std::vector<DimensionRow> m_dimensions; // by item, then dimension
    std::vector<DimensionTotalRow> m_totals; // by dimension
};

inline ScoreRows BuildScoreRows(const ScoreReport& r) {
    ScoreRows out;
    DimensionTotalRow totals[kDimensionCount];
    for (size_t i = 0; i < r.m_items.size(); ++i) {
        const ItemScore& it = r.m_items[i];
        DimensionRow rows[kDimensionCount];
        for (const DimensionScore& d : it.m_dimensions) {
            DimensionRow& row = rows[static_cast<int>(d.m_dimension)];
            row.m_applies = true;
            row.m_score += d.m_score;
            row.m_max += d.m_max;
        }
        for (const Deduction& d : it.m_deductions) {
            DimensionRow& row = rows[static_cast<int>(d.m_dimension)];
            ++row.m_deductionCount;
            row.m_deductedPoints += d.m_points;
        }
        for (int k = 0; k < kDimensionCount; ++k) {
            DimensionRow& row = rows[k];
            if (!row.m_applies && row.m_deductionCount == 0) continue;
            row.m_itemIndex = static_cast<std::int64_t>(i);
            row.m_dimension = static_cast<Dimension>(k);
            out.m_dimensions.push_back(row);
            DimensionTotalRow& t = totals[k];
            if (row.m_applies) {
                ++t.m_itemCount;
                if (row.m_max > 0 && row.m_score >= row.m_max - kFullMarkSlack) ++t.m_fullCount;
            }
            t.m_deductionCount += row.m_deductionCount;
            t.m_deductedPoints += row.m_deductedPoints;
        }
    }
    for (int k = 0; k < kDimensionCount; ++k) {
        const DimensionScore& d = r.m_byDimension[k];
        DimensionTotalRow t = totals[k];
        if (d.m_max == 0.0 && d.m_score == 0.0 && t.m_itemCount == 0 && t.m_deductionCount == 0) continue;
        t.m_dimension = static_cast<Dimension>(k);
        t.m_score = d.m_score;
        t.m_max = d.m_max;
        out.m_totals.push_back(t);
    }
    return out;
}

} // namespace sl::detail
