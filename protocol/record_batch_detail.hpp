#pragma once
// What the record batch readers share (record_batch_read.cpp decodes into owned records,
// record_batch_view.cpp into views): framing, the magic 2 batch header, legacy messages, and
// the one reading of a magic 2 record. Internal to protocol/: not part of kwire's API.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/compression/compression.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/record_batch.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::protocol::detail {

// Offset int64 + length int32: what precedes every batch or legacy message.
inline constexpr std::size_t log_overhead = 12;
// Bytes up to and including the magic byte, the same position in every format.
inline constexpr std::size_t header_up_to_magic = 17;
// Smallest legal length field per magic (everything after the length).
inline constexpr std::int32_t min_length_v0 = 14;  // crc, magic, attributes, key len, value len
inline constexpr std::int32_t min_length_v1 = 22;  // + timestamp
inline constexpr std::int32_t min_length_v2 = static_cast<std::int32_t>(batch_header_size - log_overhead);
// Smallest record in a magic 2 batch: length, attributes, timestamp delta, offset delta,
// key length, value length, header count, one byte each.
inline constexpr std::size_t min_record_size = 7;

// 0x%08x, for CRC messages.
std::string hex32(std::uint32_t v);

codec_result fail_batch(std::size_t at, std::int64_t base_offset, std::error_code e, const std::string& what);
codec_result fail_batch(std::size_t at, std::int64_t base_offset, client_errc e, const std::string& what);
codec_result fail_batch(std::size_t at, std::int64_t base_offset, const reader& r);

// What one decode_batches call carries through its batches.
struct decode_state {
  bool check_crc;
  std::size_t budget;  // decompressed bytes still allowed
  // Decompressed records of the magic 2 batch being decoded, reused batch after batch: records
  // copy their keys and values out, and a reused buffer keeps its capacity, so after the first
  // batch decompression neither allocates nor (being a compression::buffer) zero-fills.
  compression::buffer plain;
};

// Codec bits 0..4 are Kafka's; 5..7 are not defined.
inline bool known_codec(int bits) { return bits >= 0 && bits <= 4; }

// Decompresses a batch body or wrapper value within the call's budget.
codec_result inflate_body(int codec_bits, byte_view in, bool lz4_legacy_header, decode_state& st,
                          compression::buffer& plain);

// The header of a magic 2 batch (`whole`, from base offset to its last byte) into `b`; `r` is
// left on the records, decompressed into `plain` when the batch is compressed.
codec_result decode_v2_header(byte_view whole, std::size_t at, decode_state& st, record_batch& b,
                              compression::buffer& plain, reader& r, std::size_t& count);

// A legacy (magic 0/1) message, a compressed wrapper's inner messages included.
// `inner_of_magic` is the wrapper's magic for the messages inside a compressed wrapper, else -1.
codec_result decode_legacy(byte_view whole, std::size_t at, decode_state& st, int inner_of_magic, record_batch& b);

// Decodes one framed batch or message (`whole`, at byte `at`, of the given magic).
using message_decoder = std::function<codec_result(byte_view whole, std::size_t at, std::int8_t magic)>;
// Cuts `in` into batches and legacy messages, checking each one's length and magic, and hands
// each to `one`. The top level (inner_of_magic -1) stops quietly at a partial last batch, as a
// fetch cut at its size limit ends; inside a compressed wrapper every message must be whole.
codec_result frame_message_set(byte_view in, int inner_of_magic, const message_decoder& one);

// A varint length: -1 is null, anything else must fit in what remains. The view form points
// into the reader's bytes; the owned form reads the same way and copies them.
bool read_varbytes(reader& r, std::optional<bytes>& out, std::string_view what);
bool read_varbytes(reader& r, std::optional<byte_view>& out, std::string_view what);

inline void set_key(std::string& key, byte_view k) { key.assign(k.begin(), k.end()); }
inline void set_key(std::string_view& key, byte_view k) {
  key = std::string_view(reinterpret_cast<const char*>(k.data()), k.size());
}

// A record's absolute offset: the base offset lies outside the CRC, so even a CRC-valid batch
// may place a record past the largest offset (found by fuzzing, docs/fuzzing.md).
inline bool record_offset(reader& r, std::int64_t base_offset, std::int32_t delta, std::int64_t& out) {
  if (!__builtin_add_overflow(base_offset, std::int64_t{delta}, &out)) return true;
  r.fail(client_errc::invalid_value, "offset delta " + std::to_string(delta) + " from base offset " +
                                         std::to_string(base_offset) + " is past the largest offset");
  return false;
}

// One magic 2 record from `r` into `rec` (a record, or a record_view), its headers handed to
// `headers` (headers.start() first, headers.reserve(count) once the count is checked, then
// headers.add(h) for each); the copying and the viewing reader differ only in those types.
template <class Record, class Headers>
void read_record_fields(reader& r, const record_batch& batch, Record& rec, Headers& headers) {
  headers.start();
  const std::int32_t len = r.varint();
  if (!r.ok()) return;
  if (!r.check_length(len, false)) return r.add_context("length");
  reader body(r.take(static_cast<std::size_t>(len)));
  body.i8();  // record attributes: unused
  const std::int64_t ts_delta = body.varlong();
  const std::int32_t offset_delta = body.varint();
  if (!record_offset(r, batch.base_offset, offset_delta, rec.offset)) return;
  // With log append time the broker's max timestamp is every record's timestamp (as Java does).
  rec.timestamp = batch.timestamp_kind() == timestamp_type::log_append_time
                      ? batch.max_timestamp
                      : static_cast<std::int64_t>(static_cast<std::uint64_t>(batch.first_timestamp) +
                                                  static_cast<std::uint64_t>(ts_delta));
  if (read_varbytes(body, rec.key, "key") && read_varbytes(body, rec.value, "value")) {
    const std::int32_t count = body.varint();
    if (body.ok() && count < 0)
      body.fail(client_errc::negative_length, "header count " + std::to_string(count) + " is negative");
    else if (body.ok() && static_cast<std::size_t>(count) > body.remaining() / 2)
      body.fail(client_errc::length_exceeds_input, "header count " + std::to_string(count) + " exceeds the " +
                                                        std::to_string(body.remaining()) + " bytes left");
    if (body.ok()) headers.reserve(static_cast<std::size_t>(count));
    for (std::int32_t i = 0; body.ok() && i < count; ++i) {
      typename Headers::header_type h;
      const std::int32_t klen = body.varint();
      if (body.check_length(klen, false)) {
        set_key(h.key, body.take(static_cast<std::size_t>(klen)));
        read_varbytes(body, h.value, "value");
      }
      if (!body.ok()) {
        body.add_context("headers[" + std::to_string(i) + "]");
        break;
      }
      headers.add(std::move(h));
    }
    body.expect_end("the record");
  }
  if (!body.ok()) r.fail(client_errc{body.error().value()}, body.detail());
}

// The `count` records of a magic 2 batch at byte `at`: `read_one()` reads the next from `r`;
// the first failure names the record, and the last record must end the batch.
template <class ReadOne>
codec_result read_v2_records(reader& r, std::size_t count, std::size_t at, std::int64_t base_offset,
                             ReadOne&& read_one) {
  for (std::size_t i = 0; i < count; ++i) {
    read_one();
    if (!r.ok()) {
      r.add_context("records[" + std::to_string(i) + "]");
      return fail_batch(at, base_offset, r);
    }
  }
  if (!r.expect_end("the last record")) return fail_batch(at, base_offset, r);
  return {};
}

}  // namespace kwire::protocol::detail
