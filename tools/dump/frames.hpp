#pragma once
// Splits one direction of a Kafka connection into frames (int32 size, then that many bytes).
// Sans-I/O: bytes go in as they arrive, whole frames come out. A size that cannot be real, or
// a stream joined in the middle (a capture that starts mid-connection, a gap in a capture),
// puts the splitter out of sync: it then skips bytes until a plausible frame start, and reports
// what it skipped, so garbage never stops the stream.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <kwire/protocol/wire.hpp>

namespace kwire::dump {

struct split_item {
  bool garbage = false;     // true: bytes that are not a frame (data holds at most 256 of them)
  protocol::bytes data;     // a frame without its size prefix, or the first skipped bytes
  std::size_t size = 0;     // bytes on the wire: frame + 4, or the number of skipped bytes
  std::string reason;       // for garbage: why these bytes are not a frame
};

// Decides whether `head` can start a frame: it holds every buffered byte from the candidate
// start on (at least 8: a size prefix and the 4 bytes after it). `weak` is true at the start of
// a chunk handed to feed(), where TCP segments of an idle connection usually begin, so a looser
// test is acceptable there. A check that wants to see the whole candidate frame before it
// decides answers `wait` while it is incomplete.
enum class verdict { reject, accept, wait };
using frame_check = std::function<verdict(protocol::byte_view head, bool weak)>;

class frame_splitter {
 public:
  static constexpr std::size_t default_max_frame = std::size_t{256} << 20;
  // Bytes held while waiting for a candidate frame to complete; beyond, `wait` means reject.
  static constexpr std::size_t max_wait = std::size_t{1} << 20;

  frame_splitter(std::size_t min_frame, bool synced, std::size_t max_frame = default_max_frame)
      : min_frame_(min_frame), max_frame_(max_frame), synced_(synced) {}

  // Appends bytes and moves every frame (or skipped run) completed so far into `out`.
  void feed(protocol::byte_view data, const frame_check& check, std::vector<split_item>& out);
  // Bytes were lost before the next feed (a gap in a capture): whatever is buffered is reported
  // and the splitter looks for the next frame start.
  void lose_sync(std::vector<split_item>& out);
  // The stream ended: frames found behind a candidate that never completed, then a partial
  // frame or skipped bytes still held.
  void finish(const frame_check& check, std::vector<split_item>& out);

  bool synced() const { return synced_; }
  std::size_t buffered() const { return buffer_.size(); }

 private:
  void skip(std::size_t n);
  // Out of sync: looks for a frame start; false when more bytes are needed.
  bool resync(const frame_check& check, std::size_t chunk_start, bool final, std::vector<split_item>& out);
  void flush_skipped(std::vector<split_item>& out, std::string reason);

  std::size_t min_frame_;
  std::size_t max_frame_;
  bool synced_;
  protocol::bytes buffer_;
  protocol::bytes skipped_head_;
  std::size_t skipped_ = 0;
  std::string skip_reason_;
};

}  // namespace kwire::dump
