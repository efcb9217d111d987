// SupportLab core: a small, portable seeded random number generator (same numbers on every platform).
#pragma once

#include <cstdint>

namespace sl {

// SplitMix64: tiny, fast, and fully specified, unlike std:: distributions whose output varies by library.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t Next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    // Uniform in [0, n); n == 0 gives 0. Rejection sampling keeps it unbiased.
    std::uint64_t Below(std::uint64_t n) {
        if (n == 0) return 0;
        const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
        std::uint64_t v;
        do { v = Next(); } while (v >= limit);
        return v % n;
    }

    // An independent stream for a named part (e.g. one ticket), so adding a ticket does not
    // reshuffle the others.
    static std::uint64_t Derive(std::uint64_t seed, const char* name, std::uint64_t extra = 0) {
        std::uint64_t h = 1469598103934665603ull ^ seed;
        for (const char* p = name; *p; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 1099511628211ull;
        h ^= extra * 0x9E3779B97F4A7C15ull;
        Rng r(h);
        return r.Next();
    }

private:
    std::uint64_t m_state;
};

} // namespace sl
