#pragma once
// Shared by the codec implementations; not part of the interface.

#include <algorithm>
#include <cstring>

#include "compression/compression.hpp"

namespace kwire::compression::detail {

using byte_span = std::span<const std::uint8_t>;
using byte_vec = std::vector<std::uint8_t>;

inline result fail(compression_errc e, std::string what) { return {e, std::move(what)}; }

// Output of a decompressor, appended to a caller's vector and capped at a limit. The vector
// grows geometrically but never past the limit; once the limit is reached the decompressor is
// given a one-byte probe instead, and a byte landing there means the limit is exceeded.
class output_sink {
 public:
  output_sink(byte_vec& out, std::size_t limit, std::size_t size_hint)
      : out_(out), start_(out.size()), limit_(limit), hint_(std::max<std::size_t>(size_hint, 4096)) {}
  ~output_sink() { out_.resize(start_ + (ok_ ? used_ : 0)); }

  // Space for the next write: fresh room in the vector, or the probe byte at the limit.
  std::span<std::uint8_t> next() {
    if (used_ == limit_) {
      probing_ = true;
      return {&probe_, 1};
    }
    probing_ = false;
    if (start_ + used_ == out_.size()) {
      const std::size_t room = limit_ - used_;
      // The first chunk is the size hint; later ones are small, because every byte handed
      // out is zero-filled by resize() and slack past the end is wasted work (capacity still
      // grows geometrically in grow()).
      const std::size_t step = used_ == 0 ? hint_ : std::min(std::max(hint_, used_), std::size_t{256} << 10);
      const std::size_t want = std::min({room, step, std::size_t{1} << 30});
      grow(start_ + used_ + want);
    }
    return {out_.data() + start_ + used_, out_.size() - start_ - used_};
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
    grow(start_ + used_ + n);
    std::uint8_t* p = out_.data() + start_ + used_;
    used_ += n;
    return p;
  }
  // A better first-chunk size than the caller's guess (e.g. a size the frame declares).
  void expect(std::size_t total) { hint_ = std::max<std::size_t>(std::min(total, limit_), 1); }
  void succeed() { ok_ = true; }
  std::size_t used() const { return used_; }
  std::size_t limit() const { return limit_; }
  result over_limit() const {
    return fail(compression_errc::output_limit_exceeded,
                "decompressed data exceeds the limit of " + std::to_string(limit_) + " bytes");
  }

 private:
  // Capacity grows geometrically (codecs that reserve block by block would otherwise copy
  // everything written so far at every block), but never past the limit: reserve() first,
  // since resize() alone may double the capacity beyond it.
  void grow(std::size_t size) {
    if (size > out_.capacity())
      out_.reserve(std::max(size, std::min(out_.capacity() * 2, start_ + limit_)));
    out_.resize(size);
  }

  byte_vec& out_;
  std::size_t start_;
  std::size_t limit_;
  std::size_t hint_;
  std::size_t used_ = 0;
  bool probing_ = false;
  bool ok_ = false;
  std::uint8_t probe_ = 0;
};

result gzip_compress(int level, byte_span in, byte_vec& out);
result gzip_decompress(byte_span in, output_sink& sink);
result snappy_compress(byte_span in, byte_vec& out);
result snappy_decompress(byte_span in, output_sink& sink);
result lz4_compress(int level, byte_span in, byte_vec& out);
result lz4_decompress(byte_span in, output_sink& sink, bool legacy_header);
result zstd_compress(int level, byte_span in, byte_vec& out);
result zstd_decompress(byte_span in, output_sink& sink);

}  // namespace kwire::compression::detail
