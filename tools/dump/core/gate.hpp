#pragma once
// The proxy's broker->client path. Bytes are passed on as they arrive, except the frames the
// proxy must change (responses that carry broker addresses), which are held until complete.
// Deciding needs only the first 8 bytes of a frame (size and correlation id), so every other
// response goes through without waiting for its end. Sans-I/O.

#include <cstdint>
#include <functional>
#include <vector>

#include <kwire/protocol/wire.hpp>

namespace kwire::dump {

class response_gate {
 public:
  struct piece {
    bool held = false;     // a whole frame (size prefix included) the caller may rewrite
    protocol::bytes data;  // else: bytes to forward unchanged
  };
  // Whether the response with this correlation id must be held whole.
  using hold_fn = std::function<bool(std::int32_t correlation_id)>;

  void feed(protocol::byte_view in, const hold_fn& hold, std::vector<piece>& out);

  // True once a size prefix made no sense: from then on every byte is passed through unread.
  bool broken() const { return broken_; }

 private:
  void pass(protocol::byte_view b, std::vector<piece>& out);

  std::size_t remaining_ = 0;  // bytes of the current pass-through frame still to come
  bool holding_ = false;
  std::size_t hold_size_ = 0;
  protocol::bytes buffer_;     // a frame's first bytes, or the whole held frame
  bool broken_ = false;
};

}  // namespace kwire::dump
