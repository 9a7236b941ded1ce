#pragma once
// Checksums used by record batches: CRC-32C (Castagnoli) for magic 2 batches and the IEEE
// CRC-32 for legacy magic 0/1 messages. Both take and return the finished (post-conditioned)
// value, like zlib's crc32: start with 0 and feed the previous result to continue.

#include <cstddef>
#include <cstdint>

namespace kwire::protocol {

// CRC-32C. Uses the SSE4.2 crc32 instruction when the CPU has it, else slicing-by-8 tables.
std::uint32_t crc32c(std::uint32_t crc, const std::uint8_t* data, std::size_t n);

// CRC-32 (IEEE 802.3, zlib's crc32), used by magic 0/1 messages.
std::uint32_t crc32_ieee(std::uint32_t crc, const std::uint8_t* data, std::size_t n);

namespace detail {
// The two CRC-32C implementations, reachable directly so tests can compare them.
std::uint32_t crc32c_portable(std::uint32_t crc, const std::uint8_t* data, std::size_t n);
// Only valid when crc32c_hardware_available() is true.
std::uint32_t crc32c_sse42(std::uint32_t crc, const std::uint8_t* data, std::size_t n);
bool crc32c_hardware_available();
// Makes crc32c() use the portable tables even when SSE4.2 is present (tests, benchmarks).
void crc32c_force_portable(bool on);
}  // namespace detail

}  // namespace kwire::protocol
