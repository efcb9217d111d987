// SupportLab reports: name-based statement ids (128-bit SplitMix64 name hash -> UUID version 8).
#include "reports/statement_id.hpp"

#include "core/rng.hpp"

namespace sl {

namespace {

// Lane seeds: the FNV-1a 64-bit offset basis and the upper half of the FNV-1a 128-bit one — published
// constants, so nobody wonders whether they were picked to make something collide.
constexpr std::uint64_t kLaneSeed[2] = {0xCBF29CE484222325ull, 0x6C62272E07BB0142ull};

// One absorption step: SplitMix64's output function of (state ^ word), a bijection of the word for a
// given state, so two names can only meet in a lane through a later word cancelling the difference.
std::uint64_t Absorb(std::uint64_t state, std::uint64_t word) { return Rng(state ^ word).Next(); }

void AppendField(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += ';';
}

} // namespace

std::array<std::uint8_t, 16> NameHash128(std::string_view name) {
    std::uint64_t lane[2] = {kLaneSeed[0], kLaneSeed[1]};
    for (size_t i = 0; i < name.size(); i += 8) {
        std::uint64_t word = 0; // little-endian; the last word is zero-padded (the length below tells them apart)
        for (size_t k = 0; k < 8 && i + k < name.size(); ++k)
            word |= static_cast<std::uint64_t>(static_cast<unsigned char>(name[i + k])) << (8 * k);
        for (std::uint64_t& h : lane) h = Absorb(h, word);
    }
    for (std::uint64_t& h : lane) h = Absorb(h, name.size());
    std::array<std::uint8_t, 16> out{};
    for (int l = 0; l < 2; ++l)
        for (int k = 0; k < 8; ++k) out[l * 8 + k] = static_cast<std::uint8_t>(lane[l] >> (56 - 8 * k));
    return out;
}

std::string NameBasedUuid(std::string_view name) {
    std::array<std::uint8_t, 16> b = NameHash128(name);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x80); // version 8 (RFC 9562 section 5.8)
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80); // variant 10x: the RFC 4122 / 9562 variant
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 15];
    }
    return out;
}

std::string StatementNameText(const StatementName& n) {
    std::string out = "supportlab/xapi-statement/1;"; // bump only with a documented reason: every id changes
    AppendField(out, n.m_homePage);
    AppendField(out, n.m_trainee);
    AppendField(out, std::to_string(n.m_startedWall));
    AppendField(out, std::to_string(n.m_attemptId));
    AppendField(out, n.m_kind);
    AppendField(out, n.m_scoredWith);
    return out;
}

std::string StatementId(const StatementName& n) { return NameBasedUuid(StatementNameText(n)); }

} // namespace sl
