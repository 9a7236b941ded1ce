#pragma once
// Splits the bytes a connection reads into Kafka response frames (int32 size + that many bytes).
// Sans-I/O: the caller reads into prepare() and hands the count to commit(). A size is checked
// as soon as its 4 bytes arrive, before anything is allocated for the body; a large body is
// read straight into place instead of through the 64 KiB chunks small frames share, in a buffer
// that grows with the bytes received (at most doubling them), not with the size announced.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::net::detail {

// No broker sends a client more than this in one response unless asked to (fetch.max.bytes is
// 50 MiB by default); a bigger size means the stream is out of step or not Kafka at all.
inline constexpr std::size_t default_max_frame = 256u << 20;

class frame_reader {
 public:
  static constexpr std::size_t chunk = 64 * 1024;
  // A buffer grown for big frames is kept up to this size: a consumer's Fetch answers (1 MiB
  // per partition by default) come one after another, and giving the buffer back after each
  // meant allocating and zero-filling it again for the next.
  static constexpr std::size_t retain = 8 * 1024 * 1024;

  explicit frame_reader(std::size_t max_frame = default_max_frame) : max_frame_(max_frame) {}

  // Where the next read goes; never empty.
  std::span<std::uint8_t> prepare();

  // `n` bytes were read into prepare()'s span. Calls on_frame(byte_view) -> codec_result for
  // every complete frame (size prefix stripped) and stops at the first error, which it returns;
  // a bad size prefix is an error too.
  template <class OnFrame>
  protocol::codec_result commit(std::size_t n, OnFrame&& on_frame) {
    end_ += n;
    while (end_ - begin_ >= 4) {
      std::size_t size = 0;
      if (auto r = frame_size(size); !r) return r;
      if (end_ - begin_ < 4 + size) break;
      const protocol::byte_view frame(buf_.data() + begin_ + 4, size);
      begin_ += 4 + size;
      if (auto r = on_frame(frame); !r) return r;
    }
    if (begin_ == end_) begin_ = end_ = 0;
    return {};
  }

  std::size_t buffered() const { return end_ - begin_; }
  void reset() { begin_ = end_ = 0; }

 private:
  protocol::codec_result frame_size(std::size_t& size) const;

  std::size_t max_frame_;
  protocol::bytes buf_;
  std::size_t begin_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;    // one past the last byte read
};

}  // namespace kwire::net::detail
