// SupportLab store: turns an escaping exception into a StoreError so nothing throws across the interface.
#pragma once

#include "store/store.hpp"

#include <exception>
#include <new>

namespace sl::detail {

// Runs body (which returns R, a StoreResult) and converts std::bad_alloc or any other exception.
template <class R, class F>
R Guarded(F&& body) {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return StoreError{StoreErrorKind::Io, "out of memory"};
    } catch (const std::exception& e) {
        return StoreError{StoreErrorKind::Io, e.what()};
    } catch (...) {
        return StoreError{StoreErrorKind::Io, "unexpected error"};
    }
}

} // namespace sl::detail
