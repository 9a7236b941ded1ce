// CRC-32C and CRC-32: published check values, and the SSE4.2 path equal to the portable one
// on every length 0..1000 at every alignment, plus lengths that reach the 3-way blocks.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include <kwire/protocol/crc32c.hpp>

using namespace kwire::protocol;

namespace {

const std::uint8_t* u8(std::string_view s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

std::vector<std::uint8_t> filled(std::size_t n, std::uint8_t (*f)(std::size_t)) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = f(i);
  return v;
}

struct forced_portable {
  forced_portable() { detail::crc32c_force_portable(true); }
  ~forced_portable() { detail::crc32c_force_portable(false); }
};

// RFC 3720 (iSCSI) appendix B.4 vectors and the usual "123456789" check value.
void check_known_vectors() {
  EXPECT_EQ(crc32c(0, u8("123456789"), 9), 0xE3069283u);
  EXPECT_EQ(crc32c(0, nullptr, 0), 0u);
  auto zeros = filled(32, [](std::size_t) -> std::uint8_t { return 0; });
  EXPECT_EQ(crc32c(0, zeros.data(), zeros.size()), 0x8A9136AAu);
  auto ones = filled(32, [](std::size_t) -> std::uint8_t { return 0xff; });
  EXPECT_EQ(crc32c(0, ones.data(), ones.size()), 0x62A8AB43u);
  auto up = filled(32, [](std::size_t i) { return static_cast<std::uint8_t>(i); });
  EXPECT_EQ(crc32c(0, up.data(), up.size()), 0x46DD794Eu);
  auto down = filled(32, [](std::size_t i) { return static_cast<std::uint8_t>(31 - i); });
  EXPECT_EQ(crc32c(0, down.data(), down.size()), 0x113FDB5Cu);
  // Feeding in pieces equals feeding at once.
  EXPECT_EQ(crc32c(crc32c(0, u8("1234"), 4), u8("56789"), 5), 0xE3069283u);
}

TEST(Crc32c, KnownVectors) { check_known_vectors(); }

TEST(Crc32c, KnownVectorsPortable) {
  forced_portable guard;
  check_known_vectors();
}

TEST(Crc32c, HardwareEqualsPortable) {
  if (!detail::crc32c_hardware_available()) GTEST_SKIP() << "no SSE4.2 on this CPU";
  std::mt19937 rng(42);
  std::vector<std::uint8_t> buf(1000 + 16);
  for (auto& b : buf) b = static_cast<std::uint8_t>(rng());
  for (std::size_t start = 0; start < 8; ++start)
    for (std::size_t n = 0; n <= 1000; ++n) {
      const auto* p = buf.data() + start;
      ASSERT_EQ(detail::crc32c_sse42(0, p, n), detail::crc32c_portable(0, p, n)) << "n=" << n << " start=" << start;
      ASSERT_EQ(detail::crc32c_sse42(0x12345678, p, n), detail::crc32c_portable(0x12345678, p, n));
    }
}

TEST(Crc32c, HardwareEqualsPortableOnLongBlocks) {
  if (!detail::crc32c_hardware_available()) GTEST_SKIP() << "no SSE4.2 on this CPU";
  std::mt19937 rng(7);
  std::vector<std::uint8_t> buf(60000 + 8);
  for (auto& b : buf) b = static_cast<std::uint8_t>(rng());
  for (std::size_t n : {767u, 768u, 769u, 24575u, 24576u, 24577u, 24576u + 768u + 7u, 60000u})
    for (std::size_t start : {0u, 1u, 3u, 7u})
      EXPECT_EQ(detail::crc32c_sse42(0, buf.data() + start, n), detail::crc32c_portable(0, buf.data() + start, n))
          << "n=" << n << " start=" << start;
}

TEST(Crc32Ieee, KnownVectors) {
  EXPECT_EQ(crc32_ieee(0, u8("123456789"), 9), 0xCBF43926u);
  EXPECT_EQ(crc32_ieee(0, nullptr, 0), 0u);
  EXPECT_EQ(crc32_ieee(crc32_ieee(0, u8("1234"), 4), u8("56789"), 5), 0xCBF43926u);
  EXPECT_EQ(crc32_ieee(0, u8("The quick brown fox jumps over the lazy dog"), 43), 0x414FA339u);
}

}  // namespace
