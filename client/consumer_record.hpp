#pragma once
// A consumed record: views into the Fetch answer it came from.
//
//   for (const kwire::consumer_record& r : consumer.poll(1s))
//     std::cout << r.topic() << '/' << r.partition() << '@' << r.offset() << ": " << r.value_text() << '\n';
//
// key(), value() and header values are std::span<const std::byte> over the fetched bytes (or
// the decompressed batch), absent (std::nullopt) for Kafka's null and empty for an empty value;
// key_text() and value_text() are the same bytes as std::string_view ("" for null). Nothing is
// copied per record: each record shares ownership of its partition's part of the answer (the
// response bytes, decompressed bodies, the topic name, the headers), so a record (or a copy of
// it) stays valid as long as it lives, even after the batch it came in is gone. Keeping one
// record keeps that whole answer's memory.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/bytes.hpp>

namespace kwire {

enum class timestamp_type : std::int8_t { create_time = 0, log_append_time = 1 };

namespace detail {
// What one partition's records from one Fetch answer point into (client/consumer/fetcher.cpp
// fills it); shared by those records.
struct record_source {
  std::string topic;
  std::int32_t partition = 0;
  std::vector<std::shared_ptr<const void>> buffers;  // the answer, decompressed bodies
  std::vector<header_view> headers;                  // every record's, in order
};
}  // namespace detail

class consumer_record {
 public:
  // Where the record's bytes are; sources that own them come from the consumer's fetcher.
  struct fields {
    std::int64_t offset = 0;
    std::int64_t timestamp = -1;
    std::optional<bytes_view> key;
    std::optional<bytes_view> value;
    std::uint32_t first_header = 0;  // into record_source::headers
    std::uint32_t header_count = 0;
    std::int32_t leader_epoch = -1;
    kwire::timestamp_type timestamp_kind = kwire::timestamp_type::create_time;
  };

  consumer_record() = default;
  consumer_record(std::shared_ptr<const detail::record_source> source, const fields& f)
      : source_(std::move(source)), f_(f) {}

  const std::string& topic() const { return source_ ? source_->topic : empty_topic(); }
  std::int32_t partition() const { return source_ ? source_->partition : -1; }
  std::int64_t offset() const { return f_.offset; }
  // Milliseconds since the epoch: the producer's CreateTime, or the broker's LogAppendTime.
  std::int64_t timestamp() const { return f_.timestamp; }
  kwire::timestamp_type timestamp_type() const { return f_.timestamp_kind; }
  // The partition leader's epoch when the record was written; -1 when unknown (old formats).
  std::int32_t leader_epoch() const { return f_.leader_epoch; }

  const std::optional<bytes_view>& key() const { return f_.key; }
  const std::optional<bytes_view>& value() const { return f_.value; }
  std::string_view key_text() const { return as_text(f_.key); }
  std::string_view value_text() const { return as_text(f_.value); }
  std::span<const header_view> headers() const {
    if (!source_ || f_.header_count == 0) return {};
    return std::span<const header_view>(source_->headers).subspan(f_.first_header, f_.header_count);
  }

 private:
  static const std::string& empty_topic() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const detail::record_source> source_;
  fields f_;
};

}  // namespace kwire
