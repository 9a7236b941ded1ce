#pragma once
// Byte helpers shared by the unit tests: hex text in and out, exact-size copies.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kwire::test {

// "00 0a FF" (any separators) -> bytes.
inline std::vector<std::uint8_t> hex(std::string_view s) {
  std::vector<std::uint8_t> out;
  int hi = -1;
  for (char ch : s) {
    int v;
    if (ch >= '0' && ch <= '9') v = ch - '0';
    else if (ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
    else if (ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
    else continue;  // spaces and separators
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

// bytes -> "00 0a ff".
inline std::string to_hex(const std::vector<std::uint8_t>& b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (auto c : b) {
    if (!s.empty()) s += ' ';
    s += digits[c >> 4];
    s += digits[c & 15];
  }
  return s;
}

// A heap buffer holding exactly the first `n` bytes of `b`: reading one byte past it is an
// ASan error, which a larger buffer would hide.
inline std::vector<std::uint8_t> exact(const std::vector<std::uint8_t>& b, std::size_t n) {
  return {b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)};
}

inline bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace kwire::test
