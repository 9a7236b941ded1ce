#pragma once
// The compression codecs of Kafka record batches, byte-compatible with the Java client:
//   gzip   zlib deflate in a gzip wrapper (reads gzip or zlib wrappers, concatenated members);
//   snappy xerial framing (what snappy-java's SnappyOutputStream writes), 32 KiB blocks;
//          reads that framing or one raw snappy block;
//   lz4    LZ4 frame format (KIP-57): independent 64 KiB blocks, no checksums, as Kafka's
//          Lz4BlockOutputStream writes; reads any valid frame;
//   zstd   plain zstd frames; reads streamed frames that carry no content size.
// Nothing here knows about record batches: protocol/ calls these on the records section.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace kwire::compression {

// std::allocator, except that value-less construction default-initialises: for bytes that
// means "leave uninitialised", so resize() on a vector using it does not zero-fill. Decoders
// overwrite every byte they are given, and zero-filling a megabyte first costs as much as a
// tenth of lz4's whole decoding time (docs/benchmarks.md).
template <class T>
struct default_init_allocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = default_init_allocator<U>;
  };
  default_init_allocator() noexcept = default;
  template <class U>
  default_init_allocator(const default_init_allocator<U>&) noexcept {}

  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// A byte vector whose growth leaves new bytes uninitialised (resize(n) does not zero them;
// resize(n, 0) and every other std::vector operation behave as usual). decompress() into one
// costs what the library call costs; into a std::vector<uint8_t> it also pays a zero-fill of
// the output.
using buffer = std::vector<std::uint8_t, default_init_allocator<std::uint8_t>>;

// Same numbers as the compression bits of a record batch's attributes.
enum class codec : int { none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4 };

// "none", "gzip", ... or "unknown(7)".
std::string codec_name(codec c);

enum class compression_errc : int {
  unknown_codec = 1,       // codec number Kafka does not define
  invalid_level,           // level outside the codec's range (KIP-390)
  corrupt_input,           // bytes that are not a valid stream of the codec
  truncated_input,         // a valid beginning that ends too early
  output_limit_exceeded,   // decompressed data larger than the caller allows
  input_too_large,         // more than 2 GiB in one call (Kafka batches are int32-sized)
  library_error,           // zlib/lz4/zstd failed for a reason other than the input
};

const std::error_category& compression_category() noexcept;
std::error_code make_error_code(compression_errc e) noexcept;

struct result {
  std::error_code ec;
  std::string detail;
  explicit operator bool() const { return !ec; }
};

// Pass as the level to use the codec's default (what the Java client uses by default).
inline constexpr int default_level = std::numeric_limits<int>::min();

// Levels a codec accepts (KIP-390 ranges): gzip 1..9 (also -1, Java's
// Deflater.DEFAULT_COMPRESSION), lz4 1..17, zstd -131072..22. Codecs without levels: nullopt.
struct level_range {
  int min;
  int max;
  int default_level;
};
std::optional<level_range> levels(codec c);

// Checks a level for a codec; default_level is always fine, codecs without levels take no other.
result check_level(codec c, int level);

// Appends the compressed form of `in` to `out`. On failure `out` is left as it was.
result compress(codec c, int level, std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out);

struct decompress_options {
  // At most this many bytes are appended; more is output_limit_exceeded, found without
  // allocating beyond the limit (decompression bomb protection).
  std::size_t max_output = std::size_t{64} << 20;
  // Kafka before KIP-57 (message format magic 0) computed the lz4 frame header checksum over
  // the wrong bytes; with this set the header checksum byte is ignored.
  bool lz4_legacy_header = false;
};

// Appends the decompressed form of `in` to `out`. On failure `out` is left as it was (same
// size and contents; its capacity may have grown, never by more than max_output).
// Prefer a `buffer` (see above) where speed matters, and reuse it across calls: its capacity
// is then handed to the decoder whole, with no allocation and no zero-fill.
result decompress(codec c, std::span<const std::uint8_t> in, buffer& out, const decompress_options& options);
result decompress(codec c, std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out,
                  const decompress_options& options);
inline result decompress(codec c, std::span<const std::uint8_t> in, buffer& out, std::size_t max_output) {
  return decompress(c, in, out, decompress_options{max_output, false});
}
inline result decompress(codec c, std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out,
                         std::size_t max_output) {
  return decompress(c, in, out, decompress_options{max_output, false});
}

}  // namespace kwire::compression

template <>
struct std::is_error_code_enum<kwire::compression::compression_errc> : std::true_type {};
