// SupportLab store: the wall clock — milliseconds since the epoch, for stored times (never in core).
#include "store/wall_clock.hpp"

#include <chrono>

namespace sl {

WallTime SystemWallClockMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace sl
