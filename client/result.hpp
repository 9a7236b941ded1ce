#pragma once
// kwire::result<T>: one item's outcome where a call reports several independent ones (one
// delivery, one partition's offset): either a value or an error_info. A call that fails as a
// whole does not return results: it reports its error (asynchronous) or throws (blocking).
//
//   for (auto& [tp, r] : lookups)
//     if (r) use(r.value); else log(r.error.message());
//   auto offset = r.get();   // the value, or throws kwire::error

#include <utility>

#include <kwire/error.hpp>

namespace kwire {

template <class T>
struct result {
  error_info error;
  T value{};

  explicit operator bool() const { return !error.failed(); }
  T& get() & {
    throw_if_failed(error);
    return value;
  }
  const T& get() const& {
    throw_if_failed(error);
    return value;
  }
  T get() && {
    throw_if_failed(error);
    return std::move(value);
  }
};

}  // namespace kwire
