#include "tools/dump/core/gate.hpp"

#include <algorithm>

namespace kwire::dump {
namespace {

constexpr std::size_t max_frame = std::size_t{1} << 30;

std::uint32_t be32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

}  // namespace

void response_gate::pass(protocol::byte_view b, std::vector<piece>& out) {
  if (b.empty()) return;
  if (out.empty() || out.back().held) out.emplace_back();
  out.back().data.insert(out.back().data.end(), b.begin(), b.end());
}

void response_gate::feed(protocol::byte_view in, const hold_fn& hold, std::vector<piece>& out) {
  while (!in.empty()) {
    if (broken_) return pass(in, out);
    if (remaining_ > 0) {
      const auto n = std::min(remaining_, in.size());
      pass(in.first(n), out);
      remaining_ -= n;
      in = in.subspan(n);
      continue;
    }
    if (holding_) {
      const auto n = std::min(hold_size_ - buffer_.size(), in.size());
      buffer_.insert(buffer_.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
      in = in.subspan(n);
      if (buffer_.size() == hold_size_) {
        out.push_back({true, std::move(buffer_)});
        buffer_.clear();
        holding_ = false;
      }
      continue;
    }
    // At a frame start: gather the size prefix and the correlation id.
    const auto n = std::min<std::size_t>(8 - buffer_.size(), in.size());
    buffer_.insert(buffer_.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
    in = in.subspan(n);
    if (buffer_.size() < 8) continue;
    const std::size_t size = be32(buffer_.data());
    if (size < 4 || size > max_frame) {
      broken_ = true;
      pass(buffer_, out);
      buffer_.clear();
      continue;
    }
    if (hold(static_cast<std::int32_t>(be32(buffer_.data() + 4)))) {
      holding_ = true;
      hold_size_ = 4 + size;
      if (buffer_.size() == hold_size_) {
        out.push_back({true, std::move(buffer_)});
        buffer_.clear();
        holding_ = false;
      }
      continue;
    }
    pass(buffer_, out);
    remaining_ = 4 + size - buffer_.size();
    buffer_.clear();
  }
}

}  // namespace kwire::dump
