#include <kwire/protocol/crc32c.hpp>

#include <array>
#include <atomic>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace kwire::protocol {
namespace {

constexpr std::uint32_t castagnoli_poly = 0x82f63b78;  // reflected 0x1EDC6F41
constexpr std::uint32_t ieee_poly = 0xedb88320;        // reflected 0x04C11DB7

using table8 = std::array<std::array<std::uint32_t, 256>, 8>;

// t[0] is the classic byte table; t[k][b] advances t[k-1][b] by one more zero byte, so eight
// bytes can be folded in with eight independent lookups.
constexpr table8 make_slicing_tables(std::uint32_t poly) {
  table8 t{};
  for (std::uint32_t b = 0; b < 256; ++b) {
    std::uint32_t c = b;
    for (int i = 0; i < 8; ++i) c = (c & 1) ? (c >> 1) ^ poly : c >> 1;
    t[0][b] = c;
  }
  for (std::size_t k = 1; k < 8; ++k)
    for (std::size_t b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
  return t;
}

constexpr table8 castagnoli_tables = make_slicing_tables(castagnoli_poly);
constexpr table8 ieee_tables = make_slicing_tables(ieee_poly);

// Raw (unconditioned) slicing-by-8 over the register value.
std::uint32_t slice8(const table8& t, std::uint32_t crc, const std::uint8_t* p, std::size_t n) {
  while (n >= 8) {
    const std::uint32_t lo = crc ^ (static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                                    static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24);
    crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
          t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n--) crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return crc;
}

std::atomic<bool> force_portable{false};

#if defined(__x86_64__)
// Three streams run side by side to hide the crc32 instruction's 3-cycle latency; their partial
// CRCs are joined by "shifting" the earlier one over the bytes of the later block, which is a
// linear map on the 32-bit register and so precomputed as four 256-entry tables.
constexpr std::size_t long_block = 8192;
constexpr std::size_t short_block = 256;

struct shift_tables {
  std::array<std::array<std::uint32_t, 256>, 4> t;

  explicit shift_tables(std::size_t zeros) {
    std::array<std::uint32_t, 32> basis{};
    for (int bit = 0; bit < 32; ++bit) {
      std::uint32_t c = std::uint32_t{1} << bit;
      for (std::size_t i = 0; i < zeros; ++i) c = castagnoli_tables[0][c & 0xff] ^ (c >> 8);
      basis[static_cast<std::size_t>(bit)] = c;
    }
    for (std::size_t k = 0; k < 4; ++k)
      for (std::uint32_t v = 0; v < 256; ++v) {
        std::uint32_t s = 0;
        for (int i = 0; i < 8; ++i)
          if (v & (1u << i)) s ^= basis[k * 8 + static_cast<std::size_t>(i)];
        t[k][v] = s;
      }
  }
  std::uint32_t operator()(std::uint32_t crc) const {
    return t[0][crc & 0xff] ^ t[1][(crc >> 8) & 0xff] ^ t[2][(crc >> 16) & 0xff] ^ t[3][crc >> 24];
  }
};

const shift_tables& long_shift() {
  static const shift_tables s(long_block);
  return s;
}
const shift_tables& short_shift() {
  static const shift_tables s(short_block);
  return s;
}

inline std::uint64_t load64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

__attribute__((target("sse4.2"))) std::uint64_t three_way(std::uint64_t crc0, const std::uint8_t*& p,
                                                          std::size_t& n, std::size_t block,
                                                          const shift_tables& shift) {
  while (n >= 3 * block) {
    std::uint64_t crc1 = 0, crc2 = 0;
    const std::uint8_t* end = p + block;
    do {
      crc0 = _mm_crc32_u64(crc0, load64(p));
      crc1 = _mm_crc32_u64(crc1, load64(p + block));
      crc2 = _mm_crc32_u64(crc2, load64(p + 2 * block));
      p += 8;
    } while (p < end);
    crc0 = shift(static_cast<std::uint32_t>(crc0)) ^ crc1;
    crc0 = shift(static_cast<std::uint32_t>(crc0)) ^ crc2;
    p += 2 * block;
    n -= 3 * block;
  }
  return crc0;
}
#endif

}  // namespace

namespace detail {

std::uint32_t crc32c_portable(std::uint32_t crc, const std::uint8_t* data, std::size_t n) {
  return ~slice8(castagnoli_tables, ~crc, data, n);
}

#if defined(__x86_64__)
bool crc32c_hardware_available() {
  static const bool has = __builtin_cpu_supports("sse4.2");
  return has;
}

__attribute__((target("sse4.2"))) std::uint32_t crc32c_sse42(std::uint32_t crc, const std::uint8_t* p,
                                                             std::size_t n) {
  std::uint64_t c = ~crc;
  if (n >= 3 * short_block) {
    c = three_way(c, p, n, long_block, long_shift());
    c = three_way(c, p, n, short_block, short_shift());
  }
  for (; n >= 8; n -= 8, p += 8) c = _mm_crc32_u64(c, load64(p));
  auto c32 = static_cast<std::uint32_t>(c);
  for (; n > 0; --n) c32 = _mm_crc32_u8(c32, *p++);
  return ~c32;
}
#else
bool crc32c_hardware_available() { return false; }
std::uint32_t crc32c_sse42(std::uint32_t crc, const std::uint8_t* data, std::size_t n) {
  return crc32c_portable(crc, data, n);
}
#endif

void crc32c_force_portable(bool on) { force_portable.store(on, std::memory_order_relaxed); }

}  // namespace detail

std::uint32_t crc32c(std::uint32_t crc, const std::uint8_t* data, std::size_t n) {
  if (detail::crc32c_hardware_available() && !force_portable.load(std::memory_order_relaxed))
    return detail::crc32c_sse42(crc, data, n);
  return detail::crc32c_portable(crc, data, n);
}

std::uint32_t crc32_ieee(std::uint32_t crc, const std::uint8_t* data, std::size_t n) {
  return ~slice8(ieee_tables, ~crc, data, n);
}

}  // namespace kwire::protocol
