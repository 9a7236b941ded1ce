#pragma once
// Record batches: the bytes inside a Produce/Fetch "records" field. Magic 2 batches (KIP-98)
// are encoded and decoded; legacy magic 0/1 message sets are decoded into the same structs
// (one batch per message, or one per compressed wrapper message). Compressed bodies go through
// compression/ in the forms the Java client writes.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/compression/compression.hpp>
#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/schema.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::protocol {

enum class compression_codec : std::int8_t { none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4 };
enum class timestamp_type : std::int8_t { create_time = 0, log_append_time = 1 };

// "gzip", "snappy", ... or "unknown(6)" for codec bits Kafka does not define.
std::string compression_name(int codec);

struct record_header {
  std::string key;
  std::optional<bytes> value;
  bool operator==(const record_header&) const = default;
};

// Offsets and timestamps are absolute; the deltas on the wire are an encoding detail.
struct record {
  std::int64_t offset = 0;
  std::int64_t timestamp = -1;
  std::optional<bytes> key;
  std::optional<bytes> value;
  std::vector<record_header> headers;
  bool operator==(const record&) const = default;
};

struct record_batch {
  static constexpr std::int16_t compression_mask = 0x07;
  static constexpr std::int16_t timestamp_type_flag = 0x08;
  static constexpr std::int16_t transactional_flag = 0x10;
  static constexpr std::int16_t control_flag = 0x20;
  static constexpr std::int16_t delete_horizon_flag = 0x40;

  std::int64_t base_offset = 0;
  std::int32_t partition_leader_epoch = -1;
  std::int8_t magic = 2;
  std::int16_t attributes = 0;
  std::int32_t last_offset_delta = 0;
  std::int64_t first_timestamp = -1;
  std::int64_t max_timestamp = -1;
  std::int64_t producer_id = -1;
  std::int16_t producer_epoch = -1;
  std::int32_t base_sequence = -1;
  std::vector<record> records;

  compression_codec compression() const { return static_cast<compression_codec>(attributes & compression_mask); }
  timestamp_type timestamp_kind() const {
    return (attributes & timestamp_type_flag) ? timestamp_type::log_append_time : timestamp_type::create_time;
  }
  bool is_transactional() const { return (attributes & transactional_flag) != 0; }
  bool is_control() const { return (attributes & control_flag) != 0; }

  bool operator==(const record_batch&) const = default;
};

// Size of the magic 2 batch header, from base offset through the record count.
inline constexpr std::size_t batch_header_size = 61;

// Appends one magic 2 batch to `out`. Length and CRC are computed; each record's offset and
// timestamp are written as deltas from base_offset and first_timestamp. last_offset_delta,
// first/max timestamp and attributes are written as given. When the attributes name a codec,
// the records (everything after the record count) are compressed with it.
struct encode_options {
  // The codec's level (KIP-390: compression.gzip.level, .lz4.level, .zstd.level); the default
  // is the Java client's.
  int compression_level = compression::default_level;
};
codec_result encode_batch(const record_batch& batch, bytes& out, const encode_options& options);
inline codec_result encode_batch(const record_batch& batch, bytes& out) { return encode_batch(batch, out, {}); }

// Decodes every batch (or legacy message) in a records field, appending to `out`. A trailing
// partial batch (a broker cuts the last one at the fetch size limit) ends decoding without error.
// Compressed magic 2 batches are decompressed; a compressed legacy (magic 0/1) wrapper message
// becomes one record_batch holding its inner messages, with the wrapper's attributes and magic,
// base_offset the first inner offset and max_timestamp the wrapper's timestamp.
//
// Decompression bomb protection: one call decompresses at most a fixed number of bytes in
// total. A consumer derives that cap from its fetch.max.bytes with default_decompression_cap():
// the fetch size bounds the compressed bytes a response brings, but not what they expand to
// (a batch of zeros compresses more than 1000:1), so the cap is a multiple of it:
//
//   cap = max(16 * fetch.max.bytes, 64 MiB)
//
// - 16x: Kafka payloads (JSON, logs, Avro) compress about 3-10x with gzip, lz4 or zstd, so
//   legitimate data fits with room to spare, while a bomb is stopped once it has cost 16 times
//   the memory the consumer already agreed to receive. Too small a cap is the worse failure:
//   a batch over it can never be consumed, whereas memory up to the cap is only spent when the
//   data really is that large.
// - 64 MiB floor: a broker returns the first batch whole even when it exceeds fetch.max.bytes
//   (KIP-74), and one batch may be up to message.max.bytes (1 MiB by default) compressed, so a
//   small fetch.max.bytes must not make an ordinary batch undecodable. 64 MiB was also the
//   fixed cap before it was derived.
// Negative fetch.max.bytes (which the config check rejects) counts as 0; the product saturates.
// Java's default fetch.max.bytes (52428800) gives 800 MiB.
inline constexpr std::int64_t java_default_fetch_max_bytes = 52428800;
inline constexpr std::size_t decompression_cap_ratio = 16;
inline constexpr std::size_t decompression_cap_floor = std::size_t{64} << 20;
constexpr std::size_t default_decompression_cap(std::int64_t fetch_max_bytes) {
  const std::size_t fetch = fetch_max_bytes <= 0 ? 0 : static_cast<std::size_t>(fetch_max_bytes);
  const std::size_t scaled = fetch > std::numeric_limits<std::size_t>::max() / decompression_cap_ratio
                                 ? std::numeric_limits<std::size_t>::max()
                                 : fetch * decompression_cap_ratio;
  return scaled < decompression_cap_floor ? decompression_cap_floor : scaled;
}

struct decode_options {
  bool check_crc = true;
  // Decompressed bytes one call may produce in total; more fails with
  // compression_errc::output_limit_exceeded (decompression bomb protection). The default is
  // what a consumer with Java's default fetch.max.bytes gets.
  std::size_t max_decompressed_bytes = default_decompression_cap(java_default_fetch_max_bytes);
};
codec_result decode_batches(byte_view records_bytes, std::vector<record_batch>& out, const decode_options& options);
codec_result decode_batches(const records& field, std::vector<record_batch>& out, const decode_options& options);
inline codec_result decode_batches(byte_view records_bytes, std::vector<record_batch>& out, bool check_crc = true) {
  return decode_batches(records_bytes, out, decode_options{check_crc});
}
inline codec_result decode_batches(const records& field, std::vector<record_batch>& out, bool check_crc = true) {
  return decode_batches(field, out, decode_options{check_crc});
}

// The same decoding, handing each batch to `each` as soon as it is decoded instead of keeping
// them all: a consumer turns a batch's records into its own while they are still in cache, and
// never holds a whole fetch response's worth of decoded batches at once. `each` may move from
// the batch. Decoding stops at the first error, after the batches before it were handed over.
codec_result for_each_batch(byte_view records_bytes, const decode_options& options,
                            const std::function<void(record_batch&)>& each);

// ---- decoding into views (the consumer's path) -------------------------------------------
// The same checks and the same records as for_each_batch, but keys, values and header values
// are views instead of copies: into `records_bytes` for uncompressed magic 2 batches, or into
// bytes the batch view owns (a decompressed body, or the copies a legacy message set needs).
// Nothing is allocated per record; the vectors of one call are reused batch after batch.
struct header_view {
  std::string_view key;
  std::optional<byte_view> value;
};
struct record_view {
  std::int64_t offset = 0;
  std::int64_t timestamp = -1;
  std::optional<byte_view> key;
  std::optional<byte_view> value;
  std::uint32_t first_header = 0;  // index into batch_view::headers
  std::uint32_t header_count = 0;
};
struct batch_view {
  record_batch info;  // the batch's header fields (info.records stays empty)
  std::vector<record_view> records;
  std::vector<header_view> headers;
  // Non-null when the views point into bytes this decoding made rather than into the input:
  // whoever keeps a view beyond the callback keeps this too.
  std::shared_ptr<const void> owner;
};
// `each` sees every batch once, and may keep `owner` (a shared_ptr copy) but not the vectors.
codec_result for_each_batch_view(byte_view records_bytes, const decode_options& options,
                                 const std::function<void(const batch_view&)>& each);

// How many records the batches in `records_bytes` declare, from their headers only (no CRC
// check, no decompression; a legacy message counts 1, a partial last batch 0), capped by what
// the bytes could hold. A hint for reserving room, never a validated count.
std::size_t declared_record_count(byte_view records_bytes);

// Control batches (commit/abort markers of transactions) carry one record whose key is
// version int16 + type int16.
enum class control_type : std::int16_t { abort = 0, commit = 1 };
struct control_record {
  std::int16_t version = 0;
  control_type type = control_type::abort;
  bool operator==(const control_record&) const = default;
};
codec_result decode_control_record(const record& r, control_record& out);
// The record a control batch carries (key version 0 + type, value version 0 + coordinator epoch).
record make_control_record(std::int64_t offset, std::int64_t timestamp, control_type type,
                           std::int32_t coordinator_epoch = 0);

}  // namespace kwire::protocol
