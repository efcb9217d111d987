// SupportLab fuzz: the libFuzzer entry point; SUPPORTLAB_FUZZ_TARGET names the target function.
#include "fuzz_targets.hpp"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string problem = sl::fuzz::SUPPORTLAB_FUZZ_TARGET(data, size);
    if (!problem.empty()) {
        // A broken property is a finding like a crash: abort so libFuzzer saves the input.
        std::fprintf(stderr, "supportlab fuzz: property violated: %s\n", problem.c_str());
        std::abort();
    }
    return 0;
}
