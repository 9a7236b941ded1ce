#pragma once
// What a producer is handed and what it hands back.
//
// A `record` only views the caller's bytes: async_send copies them (into the batch, or into an
// owned record when it must cross to the producer's strand) before it returns, so the caller may
// reuse its buffers at once. `owned_record` is that copy.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/bytes.hpp>
#include <kwire/record_metadata.hpp>

namespace kwire::client {

using kwire::as_bytes;
using kwire::as_text;
using kwire::bytes_view;
using kwire::header;

struct record {
  std::string_view topic;
  std::optional<std::int32_t> partition;  // none: the partitioner decides
  std::optional<bytes_view> key;          // none: a null key
  std::optional<bytes_view> value;        // none: a null value (a tombstone)
  std::span<const header> headers = {};
  std::optional<std::int64_t> timestamp;  // ms since the epoch; none: the time of the send
};

using kwire::record_metadata;

// A record holding its own bytes.
class owned_record {
 public:
  owned_record() = default;
  explicit owned_record(const record& r) { assign(r); }

  void assign(const record& r) {
    topic_.assign(r.topic);
    partition_ = r.partition;
    timestamp_ = r.timestamp;
    has_key_ = r.key.has_value();
    has_value_ = r.value.has_value();
    key_.clear();
    value_.clear();
    if (has_key_) key_.assign(r.key->begin(), r.key->end());
    if (has_value_) value_.assign(r.value->begin(), r.value->end());
    header_keys_.clear();
    header_values_.clear();
    for (const auto& h : r.headers) {
      header_keys_.emplace_back(h.key);
      header_values_.emplace_back(h.value ? std::optional<owned_bytes>(owned_bytes(h.value->begin(), h.value->end()))
                                          : std::nullopt);
    }
  }

  // A view of this copy; valid while it lives and is not changed.
  record view() {
    headers_.clear();
    for (std::size_t i = 0; i < header_keys_.size(); ++i)
      headers_.push_back({header_keys_[i], header_values_[i] ? std::optional<bytes_view>(*header_values_[i])
                                                             : std::nullopt});
    record r;
    r.topic = topic_;
    r.partition = partition_;
    if (has_key_) r.key = bytes_view(key_);
    if (has_value_) r.value = bytes_view(value_);
    r.headers = headers_;
    r.timestamp = timestamp_;
    return r;
  }
  const std::string& topic() const { return topic_; }

 private:
  std::string topic_;
  std::optional<std::int32_t> partition_;
  std::optional<std::int64_t> timestamp_;
  bool has_key_ = false;
  bool has_value_ = false;
  using owned_bytes = std::vector<std::byte>;
  owned_bytes key_;
  owned_bytes value_;
  std::vector<std::string> header_keys_;
  std::vector<std::optional<owned_bytes>> header_values_;
  std::vector<header> headers_;
};

}  // namespace kwire::client

namespace kwire {
using client::record;
}  // namespace kwire
