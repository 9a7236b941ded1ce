#pragma once
// The public record (kwire::record, std::byte views) as the batch builder takes it
// (protocol::record_ref, uint8_t views): the same bytes, nothing copied. Only the header array
// is rebuilt, as views in the builder's own header type: on the stack for a few headers, which
// is what records carry; a record without headers costs nothing here.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include <kwire/producer/producer_record.hpp>
#include <kwire/protocol/record_batch_builder.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::client::detail {

inline protocol::byte_view to_wire(bytes_view b) {
  return {reinterpret_cast<const std::uint8_t*>(b.data()), b.size()};
}
inline std::optional<protocol::byte_view> to_wire(const std::optional<bytes_view>& b) {
  if (!b) return std::nullopt;
  return to_wire(*b);
}
inline bytes_view from_wire(protocol::byte_view b) { return std::as_bytes(b); }

// Lives on the stack of the call that appends the record; ref() points into it.
class wire_record {
 public:
  wire_record(const record& r, std::int64_t timestamp) {
    ref_.timestamp = timestamp;
    ref_.key = to_wire(r.key);
    ref_.value = to_wire(r.value);
    if (r.headers.empty()) return;
    protocol::header_ref* out = nullptr;
    if (r.headers.size() <= small_count) {
      out = reinterpret_cast<protocol::header_ref*>(small_);
    } else {
      large_.resize(r.headers.size());
      out = large_.data();
    }
    for (std::size_t i = 0; i < r.headers.size(); ++i)
      std::construct_at(out + i, protocol::header_ref{r.headers[i].key, to_wire(r.headers[i].value)});
    ref_.headers = {out, r.headers.size()};
  }
  wire_record(const wire_record&) = delete;
  wire_record& operator=(const wire_record&) = delete;

  const protocol::record_ref& ref() const { return ref_; }

 private:
  static_assert(std::is_trivially_destructible_v<protocol::header_ref>);
  static constexpr std::size_t small_count = 8;
  // Raw room: only the headers a record has are constructed (header_ref is trivially destructible).
  alignas(protocol::header_ref) unsigned char small_[small_count * sizeof(protocol::header_ref)];
  std::vector<protocol::header_ref> large_;
  protocol::record_ref ref_;
};

}  // namespace kwire::client::detail
