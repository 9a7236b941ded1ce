#pragma once
// What every fuzz target shares: a cursor that cuts libFuzzer's input into the pieces a target
// needs (a selector byte, a length, a chunk), and a check that stops the run with a message when
// a property the code promises does not hold (libFuzzer keeps the input as a crash).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <kwire/protocol/wire.hpp>

namespace kwire::fuzz {

class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}

  bool empty() const { return n_ == 0; }
  std::size_t size() const { return n_; }
  std::uint8_t u8() {
    if (n_ == 0) return 0;
    --n_;
    return *p_++;
  }
  std::uint16_t u16() {
    const auto hi = u8();
    return static_cast<std::uint16_t>((hi << 8) | u8());
  }
  // Up to `n` bytes (fewer at the end of the input).
  protocol::byte_view take(std::size_t n) {
    if (n > n_) n = n_;
    protocol::byte_view v(p_, n);
    p_ += n;
    n_ -= n;
    return v;
  }
  protocol::byte_view rest() { return take(n_); }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
};

[[noreturn]] inline void fail(const char* file, int line, const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s:%d: fuzz property failed: %s %.*s\n", file, line, what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

}  // namespace kwire::fuzz

#define KWIRE_FUZZ_CHECK(cond, detail) \
  ((cond) ? void() : ::kwire::fuzz::fail(__FILE__, __LINE__, #cond, (detail)))
