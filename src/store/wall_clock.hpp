// SupportLab store: the wall clock — milliseconds since the epoch, for stored times (never in core).
#pragma once

#include "store/store.hpp"

namespace sl {

// Wall-clock milliseconds since the Unix epoch (the app and CLI may read the clock; the core may not).
WallTime SystemWallClockMs();

} // namespace sl
