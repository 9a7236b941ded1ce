#include <kwire/net/detail/frame_reader.hpp>

#include <algorithm>
#include <cstring>

namespace kwire::net::detail {

protocol::codec_result frame_reader::frame_size(std::size_t& size) const {
  const auto* p = buf_.data() + begin_;
  const std::uint32_t raw = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                            (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
  // The size is an int32 on the wire: say "negative" rather than print it as a huge unsigned.
  if (raw > 0x7fffffffu)
    return {client_errc::invalid_value,
            "response frame size " + std::to_string(static_cast<std::int64_t>(raw) - (std::int64_t{1} << 32)) +
                " is negative (stream out of step, or not a Kafka listener?)"};
  // Every response starts with its int32 correlation id.
  if (raw < 4)
    return {client_errc::invalid_value,
            "response frame size " + std::to_string(raw) + " is too small for a correlation id"};
  if (raw > max_frame_)
    return {client_errc::invalid_value, "response frame size " + std::to_string(raw) +
                                            " exceeds the limit of " + std::to_string(max_frame_) +
                                            " bytes (stream out of step, or not a Kafka listener?)"};
  size = raw;
  return {};
}

std::span<std::uint8_t> frame_reader::prepare() {
  // Room needed: the rest of the current frame when its size is known, else a chunk; but never
  // more than twice what has arrived, so that a peer announcing a huge frame costs memory only
  // as it sends the bytes (doubling keeps the copies linear in the frame's size).
  std::size_t need = chunk;
  if (end_ - begin_ >= 4) {
    std::size_t size = 0;
    if (frame_size(size)) need = std::max(need, std::min(4 + size, 2 * (end_ - begin_)));
  }
  // A very big frame's buffer is given back once that frame is consumed.
  if (begin_ == end_ && buf_.size() > retain && need == chunk) {
    protocol::bytes(chunk).swap(buf_);
    begin_ = end_ = 0;
  }
  if (buf_.size() - begin_ < need || end_ == buf_.size()) {
    // Move what is left to the front; it is at most one partial frame.
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buf_.size() < need) buf_.resize(need);
  }
  return {buf_.data() + end_, buf_.size() - end_};
}

}  // namespace kwire::net::detail
