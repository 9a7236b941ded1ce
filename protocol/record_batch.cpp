#include "protocol/record_batch.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "protocol/crc32c.hpp"

namespace kwire::protocol {
namespace {

// Offset int64 + length int32: what precedes every batch or legacy message.
constexpr std::size_t log_overhead = 12;
// Bytes up to and including the magic byte, the same position in every format.
constexpr std::size_t header_up_to_magic = 17;
// Smallest legal length field per magic (everything after the length).
constexpr std::int32_t min_length_v0 = 14;  // crc, magic, attributes, key len, value len
constexpr std::int32_t min_length_v1 = 22;  // + timestamp
constexpr std::int32_t min_length_v2 = static_cast<std::int32_t>(batch_header_size - log_overhead);
// Smallest record in a magic 2 batch: length, attributes, timestamp delta, offset delta,
// key length, value length, header count, one byte each.
constexpr std::size_t min_record_size = 7;

std::string hex32(std::uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

// ---- encoding ----------------------------------------------------------------------------

bool write_varbytes(writer& w, const std::optional<bytes>& b, std::string_view what) {
  if (!b) {
    w.varint(-1);
    return true;
  }
  if (b->size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    w.fail(client_errc::value_too_large, std::string(what) + " of " + std::to_string(b->size()) + " bytes is too large");
    return false;
  }
  w.varint(static_cast<std::int32_t>(b->size()));
  w.raw(byte_view(*b));
  return true;
}

void write_record_body(writer& w, const record_batch& batch, const record& r) {
  const std::int64_t offset_delta = r.offset - batch.base_offset;
  if (offset_delta < std::numeric_limits<std::int32_t>::min() || offset_delta > std::numeric_limits<std::int32_t>::max()) {
    w.fail(client_errc::invalid_value, "offset " + std::to_string(r.offset) + " is too far from base offset " +
                                           std::to_string(batch.base_offset));
    return;
  }
  w.i8(0);  // record attributes: unused
  w.varlong(r.timestamp - batch.first_timestamp);
  w.varint(static_cast<std::int32_t>(offset_delta));
  if (!write_varbytes(w, r.key, "key") || !write_varbytes(w, r.value, "value")) return;
  if (r.headers.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    return w.fail(client_errc::value_too_large, "too many headers");
  w.varint(static_cast<std::int32_t>(r.headers.size()));
  for (const auto& h : r.headers) {
    if (h.key.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
      return w.fail(client_errc::value_too_large, "header key too large");
    w.varint(static_cast<std::int32_t>(h.key.size()));
    w.raw(std::string_view(h.key));
    if (!write_varbytes(w, h.value, "header value")) return;
  }
}

// ---- decoding ----------------------------------------------------------------------------

// A varint length: -1 is null, anything else must fit in what remains.
bool read_varbytes(reader& r, std::optional<bytes>& out, std::string_view what) {
  const std::int32_t len = r.varint();
  if (!r.ok()) return false;
  if (len == -1) {
    out.reset();
    return true;
  }
  if (!r.check_length(len, false)) {
    r.add_context(what);
    return false;
  }
  const auto b = r.take(static_cast<std::size_t>(len));
  out.emplace(b.begin(), b.end());
  return r.ok();
}

void read_record(reader& r, const record_batch& batch, record& rec) {
  const std::int32_t len = r.varint();
  if (!r.ok()) return;
  if (!r.check_length(len, false)) return r.add_context("length");
  reader body(r.take(static_cast<std::size_t>(len)));
  body.i8();  // record attributes: unused
  const std::int64_t ts_delta = body.varlong();
  const std::int32_t offset_delta = body.varint();
  rec.offset = batch.base_offset + offset_delta;
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
    if (body.ok()) rec.headers.reserve(static_cast<std::size_t>(count));
    for (std::int32_t i = 0; body.ok() && i < count; ++i) {
      record_header h;
      const std::int32_t klen = body.varint();
      if (body.check_length(klen, false)) {
        const auto k = body.take(static_cast<std::size_t>(klen));
        h.key.assign(k.begin(), k.end());
        read_varbytes(body, h.value, "value");
      }
      if (!body.ok()) {
        body.add_context("headers[" + std::to_string(i) + "]");
        break;
      }
      rec.headers.push_back(std::move(h));
    }
    body.expect_end("the record");
  }
  if (!body.ok()) r.fail(client_errc{body.error().value()}, body.detail());
}

codec_result fail_batch(std::size_t at, std::int64_t base_offset, client_errc e, const std::string& what) {
  return {e, "batch at byte " + std::to_string(at) + " (base offset " + std::to_string(base_offset) + "): " + what};
}
codec_result fail_batch(std::size_t at, std::int64_t base_offset, const reader& r) {
  return fail_batch(at, base_offset, client_errc{r.error().value()}, r.detail());
}

// `whole` is the complete batch, from base offset to its last byte.
codec_result decode_v2(byte_view whole, std::size_t at, bool check_crc, record_batch& b) {
  reader r(whole);
  b.base_offset = r.i64();
  r.i32();  // length, already checked
  b.partition_leader_epoch = r.i32();
  b.magic = r.i8();
  const std::uint32_t stored_crc = r.u32();
  if (check_crc) {
    const auto covered = whole.subspan(r.offset());
    const std::uint32_t actual = crc32c(0, covered.data(), covered.size());
    if (actual != stored_crc)
      return fail_batch(at, b.base_offset, client_errc::crc_mismatch,
                        "CRC-32C mismatch: batch says " + hex32(stored_crc) + ", bytes give " + hex32(actual));
  }
  b.attributes = r.i16();
  b.last_offset_delta = r.i32();
  b.first_timestamp = r.i64();
  b.max_timestamp = r.i64();
  b.producer_id = r.i64();
  b.producer_epoch = r.i16();
  b.base_sequence = r.i32();
  const std::int32_t count = r.i32();
  if (!r.ok()) return fail_batch(at, b.base_offset, r);
  if (b.compression() != compression_codec::none)
    return fail_batch(at, b.base_offset, client_errc::unsupported_compression,
                      "compression " + compression_name(b.compression_mask & b.attributes) + " not supported yet");
  if (count < 0)
    return fail_batch(at, b.base_offset, client_errc::negative_length,
                      "record count " + std::to_string(count) + " is negative");
  if (static_cast<std::size_t>(count) > r.remaining() / min_record_size)
    return fail_batch(at, b.base_offset, client_errc::length_exceeds_input,
                      "record count " + std::to_string(count) + " cannot fit in the " +
                          std::to_string(r.remaining()) + " bytes left");
  b.records.resize(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < b.records.size(); ++i) {
    read_record(r, b, b.records[i]);
    if (!r.ok()) {
      r.add_context("records[" + std::to_string(i) + "]");
      return fail_batch(at, b.base_offset, r);
    }
  }
  if (!r.expect_end("the last record")) return fail_batch(at, b.base_offset, r);
  return {};
}

codec_result decode_legacy(byte_view whole, std::size_t at, bool check_crc, record_batch& b) {
  reader r(whole);
  b.base_offset = r.i64();
  r.i32();  // length, already checked
  const std::uint32_t stored_crc = r.u32();
  if (check_crc) {
    const auto covered = whole.subspan(r.offset());
    const std::uint32_t actual = crc32_ieee(0, covered.data(), covered.size());
    if (actual != stored_crc)
      return fail_batch(at, b.base_offset, client_errc::crc_mismatch,
                        "CRC-32 mismatch: message says " + hex32(stored_crc) + ", bytes give " + hex32(actual));
  }
  b.magic = r.i8();
  b.attributes = static_cast<std::int16_t>(static_cast<std::uint8_t>(r.i8()));
  record rec;
  rec.offset = b.base_offset;
  rec.timestamp = b.magic >= 1 ? r.i64() : -1;
  b.first_timestamp = b.max_timestamp = rec.timestamp;
  if (!r.ok()) return fail_batch(at, b.base_offset, r);
  // Legacy compressed messages wrap an inner message set in the value.
  if (b.compression() != compression_codec::none)
    return fail_batch(at, b.base_offset, client_errc::unsupported_compression,
                      "compression " + compression_name(b.compression_mask & b.attributes) + " not supported yet");
  for (auto [field, name] : {std::pair{&rec.key, "key"}, std::pair{&rec.value, "value"}}) {
    const std::int32_t len = r.i32();
    if (r.check_length(len, true) && len >= 0) {
      const auto v = r.take(static_cast<std::size_t>(len));
      field->emplace(v.begin(), v.end());
    }
    if (!r.ok()) {
      r.add_context(name);
      return fail_batch(at, b.base_offset, r);
    }
  }
  if (!r.expect_end("the message value")) return fail_batch(at, b.base_offset, r);
  b.records.push_back(std::move(rec));
  return {};
}

}  // namespace

std::string compression_name(int codec) {
  switch (codec) {
    case 0: return "none";
    case 1: return "gzip";
    case 2: return "snappy";
    case 3: return "lz4";
    case 4: return "zstd";
    default: return "unknown(" + std::to_string(codec) + ")";
  }
}

codec_result encode_batch(const record_batch& batch, bytes& out) {
  if (batch.magic != 2)
    return {client_errc::invalid_value, "encode_batch writes magic 2 only, not magic " + std::to_string(batch.magic)};
  if (batch.compression() != compression_codec::none)
    return {client_errc::unsupported_compression,
            "compression " + compression_name(batch.attributes & record_batch::compression_mask) + " not supported yet"};
  if (batch.records.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    return {client_errc::value_too_large, "too many records"};
  const std::size_t start = out.size();
  writer w(out);
  w.i64(batch.base_offset);
  w.i32(0);  // length, patched below
  w.i32(batch.partition_leader_epoch);
  w.i8(batch.magic);
  w.u32(0);  // CRC, patched below
  const std::size_t crc_from = w.position();
  w.i16(batch.attributes);
  w.i32(batch.last_offset_delta);
  w.i64(batch.first_timestamp);
  w.i64(batch.max_timestamp);
  w.i64(batch.producer_id);
  w.i16(batch.producer_epoch);
  w.i32(batch.base_sequence);
  w.i32(static_cast<std::int32_t>(batch.records.size()));
  bytes body;  // one record at a time, to learn its length prefix
  for (std::size_t i = 0; i < batch.records.size() && w.ok(); ++i) {
    body.clear();
    writer rw(body);
    write_record_body(rw, batch, batch.records[i]);
    if (!rw.ok()) {
      w.fail(client_errc{rw.error().value()}, "records[" + std::to_string(i) + "]: " + rw.detail());
      break;
    }
    if (body.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
      w.fail(client_errc::value_too_large, "records[" + std::to_string(i) + "] is too large");
    w.varint(static_cast<std::int32_t>(body.size()));
    w.raw(byte_view(body));
  }
  const std::size_t length = out.size() - start - log_overhead;
  if (w.ok() && length > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    w.fail(client_errc::value_too_large, "batch of " + std::to_string(length) + " bytes is too large");
  if (!w.ok()) {
    out.resize(start);
    return {w.error(), w.detail()};
  }
  w.patch_u32(start + 8, static_cast<std::uint32_t>(length));
  w.patch_u32(start + 17, crc32c(0, out.data() + crc_from, out.size() - crc_from));
  return {};
}

codec_result decode_batches(byte_view in, std::vector<record_batch>& out, bool check_crc) {
  std::size_t at = 0;
  while (in.size() - at >= log_overhead) {
    reader head(in.subspan(at));
    const std::int64_t base_offset = head.i64();
    const std::int32_t length = head.i32();
    // A batch the broker cut short at the fetch limit: nothing more to decode.
    if (length >= 0 && static_cast<std::size_t>(length) > in.size() - at - log_overhead) break;
    if (length < min_length_v0)
      return fail_batch(at, base_offset, client_errc::corrupt_record_batch,
                        "length " + std::to_string(length) + " is below the " + std::to_string(min_length_v0) +
                            " bytes the smallest message needs");
    const std::int8_t magic = static_cast<std::int8_t>(in[at + header_up_to_magic - 1]);
    const std::int32_t min_length = magic == 0 ? min_length_v0 : magic == 1 ? min_length_v1 : min_length_v2;
    if (magic < 0 || magic > 2)
      return fail_batch(at, base_offset, client_errc::corrupt_record_batch,
                        "unknown magic " + std::to_string(magic));
    if (length < min_length)
      return fail_batch(at, base_offset, client_errc::corrupt_record_batch,
                        "length " + std::to_string(length) + " is below the " + std::to_string(min_length) +
                            " bytes a magic " + std::to_string(magic) + " header needs");
    const auto whole = in.subspan(at, log_overhead + static_cast<std::size_t>(length));
    record_batch b;
    auto res = magic == 2 ? decode_v2(whole, at, check_crc, b) : decode_legacy(whole, at, check_crc, b);
    if (!res) return res;
    out.push_back(std::move(b));
    at += whole.size();
  }
  return {};
}

codec_result decode_batches(const records& field, std::vector<record_batch>& out, bool check_crc) {
  if (!field) return {};
  return decode_batches(byte_view(field->data), out, check_crc);
}

codec_result decode_control_record(const record& rec, control_record& out) {
  if (!rec.key) return {client_errc::corrupt_record_batch, "control record at offset " + std::to_string(rec.offset) + " has a null key"};
  reader r{byte_view(*rec.key)};
  out.version = r.i16();
  const std::int16_t type = r.i16();
  if (!r.ok())
    return {client_errc::corrupt_record_batch, "control record at offset " + std::to_string(rec.offset) +
                                                   ": key of " + std::to_string(rec.key->size()) +
                                                   " bytes is shorter than version + type"};
  if (type != 0 && type != 1)
    return {client_errc::invalid_value, "control record at offset " + std::to_string(rec.offset) +
                                            " has unknown type " + std::to_string(type)};
  out.type = static_cast<control_type>(type);
  return {};
}

record make_control_record(std::int64_t offset, std::int64_t timestamp, control_type type,
                           std::int32_t coordinator_epoch) {
  record rec;
  rec.offset = offset;
  rec.timestamp = timestamp;
  rec.key.emplace();
  writer k(*rec.key);
  k.i16(0);
  k.i16(static_cast<std::int16_t>(type));
  rec.value.emplace();
  writer v(*rec.value);
  v.i16(0);
  v.i32(coordinator_epoch);
  return rec;
}

}  // namespace kwire::protocol
