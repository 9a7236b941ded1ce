#include "tools/dump/frames.hpp"

#include <algorithm>

namespace kwire::dump {
namespace {

constexpr std::size_t keep_head = 256;  // skipped bytes shown in the report
// The chunk's first byte is no longer ahead: only the strict frame check applies.
constexpr std::size_t no_chunk_start = static_cast<std::size_t>(-1);

std::uint32_t be32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

}  // namespace

void frame_splitter::skip(std::size_t n) {
  const auto take = std::min(n, keep_head - std::min(keep_head, skipped_head_.size()));
  skipped_head_.insert(skipped_head_.end(), buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(take));
  skipped_ += n;
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
}

void frame_splitter::flush_skipped(std::vector<split_item>& out, std::string reason) {
  if (skipped_ == 0) return;
  split_item item;
  item.garbage = true;
  item.data = std::move(skipped_head_);
  item.size = skipped_;
  item.reason = skip_reason_.empty() ? std::move(reason) : skip_reason_ + "; " + reason;
  out.push_back(std::move(item));
  skipped_head_.clear();
  skipped_ = 0;
  skip_reason_.clear();
}

bool frame_splitter::resync(const frame_check& check, std::size_t chunk_start, bool final,
                            std::vector<split_item>& out) {
  // The first candidate that is accepted wins, even past one still waiting to complete: a frame
  // that decodes whole is better evidence than one that might.
  bool waiting = false;
  for (std::size_t at = 0; at + 8 <= buffer_.size(); ++at) {
    const auto size = be32(buffer_.data() + at);
    if (size < min_frame_ || size > max_frame_) continue;
    const auto v = check(protocol::byte_view(buffer_.data() + at, buffer_.size() - at), at == chunk_start);
    if (v == verdict::reject) continue;
    if (v == verdict::wait) {
      waiting = waiting || (!final && buffer_.size() <= max_wait);
      continue;
    }
    skip(at);
    flush_skipped(out, "skipped to the next plausible frame start");
    synced_ = true;
    return true;
  }
  if (waiting) return false;  // keep everything: the waiting candidate may still complete
  // Keep the last 7 bytes: they may be the start of a frame whose header is incomplete.
  if (!final) skip(buffer_.size() > 7 ? buffer_.size() - 7 : 0);
  return false;
}

void frame_splitter::feed(protocol::byte_view data, const frame_check& check, std::vector<split_item>& out) {
  std::size_t chunk_start = buffer_.size();
  buffer_.insert(buffer_.end(), data.begin(), data.end());
  for (;;) {
    if (!synced_) {
      if (!resync(check, chunk_start, false, out)) return;
      chunk_start = 0;
    }
    if (buffer_.size() < 4) return;
    const auto size = be32(buffer_.data());
    if (size < min_frame_ || size > max_frame_) {
      skip_reason_ = "frame size " + std::to_string(static_cast<std::int32_t>(size)) + " is not plausible (" +
                     std::to_string(min_frame_) + ".." + std::to_string(max_frame_) + ")";
      synced_ = false;
      skip(4);
      chunk_start = chunk_start >= 4 ? chunk_start - 4 : no_chunk_start;
      continue;
    }
    if (buffer_.size() < 4 + std::size_t{size}) return;
    const std::size_t n = 4 + std::size_t{size};
    split_item item;
    item.data.assign(buffer_.begin() + 4, buffer_.begin() + static_cast<std::ptrdiff_t>(n));
    item.size = n;
    out.push_back(std::move(item));
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
    chunk_start = chunk_start >= n ? chunk_start - n : no_chunk_start;
  }
}

void frame_splitter::lose_sync(std::vector<split_item>& out) {
  if (synced_ && !buffer_.empty()) skip_reason_ = "a frame cut short by lost bytes";
  skip(buffer_.size());
  flush_skipped(out, "bytes before a gap in the stream");
  synced_ = false;
}

void frame_splitter::finish(const frame_check& check, std::vector<split_item>& out) {
  // Frames that waited behind a candidate that never completed.
  while (!synced_ && resync(check, no_chunk_start, true, out)) feed({}, check, out);
  if (synced_ && buffer_.size() >= 4) {
    skip_reason_ = "the stream ended inside a frame of " + std::to_string(be32(buffer_.data())) + " bytes";
  } else if (!buffer_.empty() && synced_) {
    skip_reason_ = "the stream ended inside a size prefix";
  }
  skip(buffer_.size());
  flush_skipped(out, "unread bytes at the end of the stream");
}

}  // namespace kwire::dump
