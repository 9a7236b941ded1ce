#pragma once
// Shared by the codec implementations; not part of the interface.

#include <algorithm>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>

#include <kwire/compression/compression.hpp>

namespace kwire::compression::detail {

using byte_span = std::span<const std::uint8_t>;
using byte_vec = std::vector<std::uint8_t>;

inline result fail(compression_errc e, std::string what) { return {e, std::move(what)}; }

// Output of a decompressor, appended to a caller's vector and capped at a limit. The vector's
// capacity grows geometrically but never past the limit; once the limit is reached the
// decompressor is given a one-byte probe instead, and a byte landing there means the limit is
// exceeded.
//
// Two vector types: a `buffer` grows without initialising, so the sink hands the decoder all
// the capacity it has (the decoder writes into it directly, as into a buffer the raw library
// call would be given); a std::vector<uint8_t> zero-fills whatever resize() adds, so for it the
// sink adds small steps and wastes little on slack. The type is erased behind a table of
// function pointers called once per chunk, so the codecs are compiled once for both.
class output_sink {
 public:
  template <class Vec>
  output_sink(Vec& out, std::size_t limit, std::size_t size_hint)
      : vec_(&out),
        ops_(&ops_for<Vec>),
        start_(out.size()),
        size_(out.size()),
        limit_(limit),
        cap_limit_(limit > out.max_size() - out.size() ? out.max_size() : out.size() + limit),
        hint_(std::max<std::size_t>(size_hint, 4096)),
        data_(out.data()) {}
  ~output_sink() { ops_->truncate(vec_, start_ + (ok_ ? used_ : 0)); }
  output_sink(const output_sink&) = delete;
  output_sink& operator=(const output_sink&) = delete;

  // Space for the next write: room in the vector, or the probe byte at the limit.
  std::span<std::uint8_t> next() {
    if (used_ == limit_) {
      probing_ = true;
      return {&probe_, 1};
    }
    probing_ = false;
    const std::size_t end = start_ + used_;
    if (end == size_) {
      const std::size_t room = limit_ - used_;
      // The first chunk is the size hint, later ones double what is there (uninitialised
      // growth costs nothing but address space) or, for zero-filled growth, are at most
      // 256 KiB (capacity still doubles in grow()).
      const std::size_t step = used_ == 0           ? hint_
                               : ops_->uninitialised ? std::max(hint_, used_)
                                                     : std::min(std::max(hint_, used_), std::size_t{256} << 10);
      grow(end + std::min(room, step));
    }
    // zlib counts output space in 32 bits.
    return {data_ + end, std::min(size_ - end, std::size_t{1} << 30)};
  }
  // `n` bytes of the last next() were written. False when they went to the probe.
  bool commit(std::size_t n) {
    if (probing_) return n == 0;
    used_ += n;
    return true;
  }
  // Room for exactly n more bytes (codecs that know the size up front); null only past the
  // limit (n == 0 gets a valid pointer even into an empty vector).
  std::uint8_t* reserve_exact(std::size_t n) {
    if (n > limit_ - used_) return nullptr;
    if (n == 0) return &probe_;
    const std::size_t end = start_ + used_;
    if (n > size_ - end) grow(end + n);
    used_ += n;
    return data_ + end;
  }
  // The whole output is expected to be about `total` bytes (a size the stream declares or
  // bounds). Only a hint, so it is capped at the limit: capacity for it is reserved now, and
  // the first chunk is that big.
  void expect(std::size_t total) {
    hint_ = std::max<std::size_t>(std::min(total, limit_), 1);
    ops_->reserve(vec_, start_ + hint_);
  }
  void succeed() { ok_ = true; }
  std::size_t used() const { return used_; }
  std::size_t limit() const { return limit_; }
  result over_limit() const {
    return fail(compression_errc::output_limit_exceeded,
                "decompressed data exceeds the limit of " + std::to_string(limit_) + " bytes");
  }

 private:
  struct vec_ops {
    bool uninitialised;
    // Makes the size at least `size` (more for uninitialised growth: up to capacity, within
    // `cap_limit`); returns the new data pointer and size.
    std::pair<std::uint8_t*, std::size_t> (*grow)(void* vec, std::size_t size, std::size_t cap_limit);
    void (*reserve)(void* vec, std::size_t capacity);
    void (*truncate)(void* vec, std::size_t size);
  };

  // Capacity grows geometrically (codecs that reserve block by block would otherwise copy
  // everything written so far at every block), but never past the limit: reserve() first,
  // since resize() alone may double the capacity beyond it.
  template <class Vec>
  static constexpr vec_ops ops_for = {
      !std::is_same_v<Vec, std::vector<std::uint8_t>>,
      [](void* v, std::size_t size, std::size_t cap_limit) -> std::pair<std::uint8_t*, std::size_t> {
        auto& vec = *static_cast<Vec*>(v);
        if (size > vec.capacity()) vec.reserve(std::max(size, std::min(vec.capacity() * 2, cap_limit)));
        if constexpr (!std::is_same_v<Vec, std::vector<std::uint8_t>>)
          size = std::max(size, std::min(vec.capacity(), cap_limit));
        vec.resize(size);
        return {vec.data(), vec.size()};
      },
      [](void* v, std::size_t capacity) { static_cast<Vec*>(v)->reserve(capacity); },
      [](void* v, std::size_t size) { static_cast<Vec*>(v)->resize(size); },
  };

  void grow(std::size_t size) { std::tie(data_, size_) = ops_->grow(vec_, size, cap_limit_); }

  void* vec_;
  const vec_ops* ops_;
  std::size_t start_;
  std::size_t size_;  // the vector's size: start_ + used_ + room handed out but not yet written
  std::size_t limit_;
  std::size_t cap_limit_;  // start_ + limit_, saturated
  std::size_t hint_;
  std::uint8_t* data_;
  std::size_t used_ = 0;
  bool probing_ = false;
  bool ok_ = false;
  std::uint8_t probe_ = 0;
};

result gzip_compress(int level, byte_span in, byte_vec& out);
result gzip_decompress(byte_span in, output_sink& sink);
result snappy_compress(byte_span in, byte_vec& out);
result snappy_decompress(byte_span in, output_sink& sink);
// Kafka's default lz4 level (levels(codec::lz4).default_level).
inline constexpr int lz4_default_level = 9;
// The LZ4F compressionLevel used for a Kafka lz4 level: 0 (fast) for the default, else the level (HC).
int lz4_library_level(int level);
result lz4_compress(int level, byte_span in, byte_vec& out);
result lz4_decompress(byte_span in, output_sink& sink, bool legacy_header);
result zstd_compress(int level, byte_span in, byte_vec& out);
result zstd_decompress(byte_span in, output_sink& sink);

}  // namespace kwire::compression::detail
