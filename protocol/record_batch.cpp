#include <kwire/protocol/record_batch.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>

#include <kwire/protocol/crc32c.hpp>

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

// A record's absolute offset: the base offset lies outside the CRC, so even a CRC-valid batch
// may place a record past the largest offset.
bool record_offset(reader& r, std::int64_t base_offset, std::int32_t delta, std::int64_t& out) {
  if (!__builtin_add_overflow(base_offset, std::int64_t{delta}, &out)) return true;
  r.fail(client_errc::invalid_value, "offset delta " + std::to_string(delta) + " from base offset " +
                                         std::to_string(base_offset) + " is past the largest offset");
  return false;
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
  std::int64_t offset_delta = 0;
  if (__builtin_sub_overflow(r.offset, batch.base_offset, &offset_delta) ||
      offset_delta < std::numeric_limits<std::int32_t>::min() || offset_delta > std::numeric_limits<std::int32_t>::max()) {
    w.fail(client_errc::invalid_value, "offset " + std::to_string(r.offset) + " is too far from base offset " +
                                           std::to_string(batch.base_offset));
    return;
  }
  w.i8(0);  // record attributes: unused
  // Wraps as the decoder's addition does (and Java's), so every timestamp round-trips.
  w.varlong(static_cast<std::int64_t>(static_cast<std::uint64_t>(r.timestamp) -
                                      static_cast<std::uint64_t>(batch.first_timestamp)));
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

// read_varbytes without the copy: the view points into the reader's bytes.
bool read_varbytes_view(reader& r, std::optional<byte_view>& out, std::string_view what) {
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
  out = r.take(static_cast<std::size_t>(len));
  return r.ok();
}

// read_record with views; the record's headers are appended to `headers`.
void read_record_view(reader& r, const record_batch& batch, record_view& rec, std::vector<header_view>& headers) {
  const std::int32_t len = r.varint();
  if (!r.ok()) return;
  if (!r.check_length(len, false)) return r.add_context("length");
  reader body(r.take(static_cast<std::size_t>(len)));
  body.i8();  // record attributes: unused
  const std::int64_t ts_delta = body.varlong();
  const std::int32_t offset_delta = body.varint();
  if (!record_offset(r, batch.base_offset, offset_delta, rec.offset)) return;
  rec.timestamp = batch.timestamp_kind() == timestamp_type::log_append_time
                      ? batch.max_timestamp
                      : static_cast<std::int64_t>(static_cast<std::uint64_t>(batch.first_timestamp) +
                                                  static_cast<std::uint64_t>(ts_delta));
  rec.first_header = static_cast<std::uint32_t>(headers.size());
  rec.header_count = 0;
  if (read_varbytes_view(body, rec.key, "key") && read_varbytes_view(body, rec.value, "value")) {
    const std::int32_t count = body.varint();
    if (body.ok() && count < 0)
      body.fail(client_errc::negative_length, "header count " + std::to_string(count) + " is negative");
    else if (body.ok() && static_cast<std::size_t>(count) > body.remaining() / 2)
      body.fail(client_errc::length_exceeds_input, "header count " + std::to_string(count) + " exceeds the " +
                                                        std::to_string(body.remaining()) + " bytes left");
    for (std::int32_t i = 0; body.ok() && i < count; ++i) {
      header_view h;
      const std::int32_t klen = body.varint();
      if (body.check_length(klen, false)) {
        const auto k = body.take(static_cast<std::size_t>(klen));
        h.key = std::string_view(reinterpret_cast<const char*>(k.data()), k.size());
        read_varbytes_view(body, h.value, "value");
      }
      if (!body.ok()) {
        body.add_context("headers[" + std::to_string(i) + "]");
        break;
      }
      headers.push_back(h);
      ++rec.header_count;
    }
    body.expect_end("the record");
  }
  if (!body.ok()) r.fail(client_errc{body.error().value()}, body.detail());
}

codec_result fail_batch(std::size_t at, std::int64_t base_offset, std::error_code e, const std::string& what) {
  return {e, "batch at byte " + std::to_string(at) + " (base offset " + std::to_string(base_offset) + "): " + what};
}
codec_result fail_batch(std::size_t at, std::int64_t base_offset, client_errc e, const std::string& what) {
  return fail_batch(at, base_offset, make_error_code(e), what);
}
codec_result fail_batch(std::size_t at, std::int64_t base_offset, const reader& r) {
  return fail_batch(at, base_offset, client_errc{r.error().value()}, r.detail());
}

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
bool known_codec(int bits) { return bits >= 0 && bits <= 4; }

// Decompresses a batch body or wrapper value within the call's budget.
codec_result inflate_body(int codec_bits, byte_view in, bool lz4_legacy_header, decode_state& st,
                          compression::buffer& plain) {
  if (!known_codec(codec_bits))
    return {client_errc::unsupported_compression, "compression " + compression_name(codec_bits) + " is not defined"};
  compression::decompress_options opts;
  opts.max_output = st.budget;
  opts.lz4_legacy_header = lz4_legacy_header;
  auto res = compression::decompress(static_cast<compression::codec>(codec_bits), in, plain, opts);
  if (!res) {
    if (res.ec == compression::compression_errc::output_limit_exceeded)
      res.detail += " (decode_options::max_decompressed_bytes for this call)";
    return {res.ec, "compressed records: " + res.detail};
  }
  st.budget -= plain.size();
  return {};
}

// The header of a magic 2 batch (`whole`, from base offset to its last byte) into `b`; `r` is
// left on the records, decompressed into `plain` when the batch is compressed.
codec_result decode_v2_header(byte_view whole, std::size_t at, decode_state& st, record_batch& b,
                              compression::buffer& plain, reader& r, std::size_t& count) {
  r = reader(whole);
  b.base_offset = r.i64();
  r.i32();  // length, already checked
  b.partition_leader_epoch = r.i32();
  b.magic = r.i8();
  const std::uint32_t stored_crc = r.u32();
  if (st.check_crc) {
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
  const std::int32_t declared = r.i32();
  if (!r.ok()) return fail_batch(at, b.base_offset, r);
  // A compressed batch compresses everything after the record count.
  if (b.compression() != compression_codec::none) {
    plain.clear();
    auto res = inflate_body(b.attributes & b.compression_mask, r.take(r.remaining()), false, st, plain);
    if (!res) return fail_batch(at, b.base_offset, res.ec, res.detail);
    r = reader(byte_view(plain.data(), plain.size()));
  }
  if (declared < 0)
    return fail_batch(at, b.base_offset, client_errc::negative_length,
                      "record count " + std::to_string(declared) + " is negative");
  if (static_cast<std::size_t>(declared) > r.remaining() / min_record_size)
    return fail_batch(at, b.base_offset, client_errc::length_exceeds_input,
                      "record count " + std::to_string(declared) + " cannot fit in the " +
                          std::to_string(r.remaining()) + " bytes left");
  count = static_cast<std::size_t>(declared);
  return {};
}

codec_result decode_v2(byte_view whole, std::size_t at, decode_state& st, record_batch& b) {
  reader r(whole);
  std::size_t count = 0;
  if (auto res = decode_v2_header(whole, at, st, b, st.plain, r, count); !res) return res;
  // Grown with the records decoded, not sized from the declared count: a batch of zeros may
  // declare millions of records (~100 bytes each here) that its bytes do not hold.
  b.records.clear();
  for (std::size_t i = 0; i < count; ++i) {
    read_record(r, b, b.records.emplace_back());
    if (!r.ok()) {
      r.add_context("records[" + std::to_string(i) + "]");
      return fail_batch(at, b.base_offset, r);
    }
  }
  if (!r.expect_end("the last record")) return fail_batch(at, b.base_offset, r);
  return {};
}

// decode_v2 into views. A compressed body is decompressed into a buffer of its own, which the
// batch view then owns (the records point into it).
codec_result decode_v2_view(byte_view whole, std::size_t at, decode_state& st, batch_view& out) {
  reader r(whole);
  std::size_t count = 0;
  compression::buffer plain;
  auto& b = out.info;
  if (auto res = decode_v2_header(whole, at, st, b, plain, r, count); !res) return res;
  if (b.compression() != compression_codec::none)
    out.owner = std::make_shared<const compression::buffer>(std::move(plain));  // views stay put: moved, not copied
  out.records.clear();  // grown with the records decoded, as in decode_v2
  for (std::size_t i = 0; i < count; ++i) {
    read_record_view(r, b, out.records.emplace_back(), out.headers);
    if (!r.ok()) {
      r.add_context("records[" + std::to_string(i) + "]");
      return fail_batch(at, b.base_offset, r);
    }
  }
  if (!r.expect_end("the last record")) return fail_batch(at, b.base_offset, r);
  return {};
}

// A decoded legacy batch as views: its keys and values are copied once into one buffer the
// view owns (magic 0/1 data only comes from old producers, so this path is rare).
void legacy_to_view(record_batch& b, batch_view& out) {
  std::size_t total = 0;
  for (const auto& rec : b.records) total += (rec.key ? rec.key->size() : 0) + (rec.value ? rec.value->size() : 0);
  auto arena = std::make_shared<bytes>();
  arena->reserve(total);  // never grows past this: the views below stay valid
  auto keep = [&arena](const std::optional<bytes>& v) -> std::optional<byte_view> {
    if (!v) return std::nullopt;
    const std::size_t from = arena->size();
    arena->insert(arena->end(), v->begin(), v->end());
    return byte_view(arena->data() + from, v->size());
  };
  for (const auto& rec : b.records) {
    record_view v;
    v.offset = rec.offset;
    v.timestamp = rec.timestamp;
    v.key = keep(rec.key);
    v.value = keep(rec.value);
    out.records.push_back(v);
  }
  b.records.clear();
  out.info = std::move(b);
  out.owner = std::move(arena);
}

using batch_sink = std::function<void(record_batch&)>;
codec_result decode_message_set(byte_view in, const batch_sink& out, decode_state& st, int inner_of_magic);
// Decodes one framed batch or message (`whole`, at byte `at`, of the given magic).
using message_decoder = std::function<codec_result(byte_view whole, std::size_t at, std::int8_t magic)>;
codec_result frame_message_set(byte_view in, int inner_of_magic, const message_decoder& one);

// A compressed legacy wrapper: its value is a message set of uncompressed messages with the
// same magic. Magic 1 inner offsets are relative, the wrapper's offset is the last one's.
codec_result decode_wrapper(std::size_t at, const record& wrapper, decode_state& st, record_batch& b) {
  if (!wrapper.value)
    return fail_batch(at, b.base_offset, client_errc::corrupt_record_batch, "compressed wrapper message has a null value");
  // Not st.plain: the inner message set is decoded out of this buffer, and keeping the two
  // apart does not rely on the checks that inner messages are uncompressed legacy ones.
  compression::buffer plain;
  // Before KIP-57 (magic 0) Kafka wrote lz4 frame headers with a wrong checksum.
  auto res = inflate_body(b.attributes & b.compression_mask, byte_view(*wrapper.value), b.magic <= 1, st, plain);
  if (!res) return fail_batch(at, b.base_offset, res.ec, res.detail);
  std::vector<record_batch> inner;
  res = decode_message_set(byte_view(plain.data(), plain.size()),
                           [&inner](record_batch& m) { inner.push_back(std::move(m)); }, st, b.magic);
  if (!res) return fail_batch(at, b.base_offset, res.ec, "inner messages: " + res.detail);
  if (inner.empty())
    return fail_batch(at, b.base_offset, client_errc::corrupt_record_batch, "compressed wrapper message holds no messages");
  const std::int64_t shift = b.magic >= 1 ? b.base_offset - inner.back().base_offset : 0;
  const bool log_append = b.timestamp_kind() == timestamp_type::log_append_time;
  const std::int64_t wrapper_ts = wrapper.timestamp;
  for (auto& m : inner) {
    record rec = std::move(m.records.front());
    rec.offset = static_cast<std::int64_t>(static_cast<std::uint64_t>(rec.offset) + static_cast<std::uint64_t>(shift));
    if (log_append) rec.timestamp = wrapper_ts;
    b.records.push_back(std::move(rec));
  }
  b.base_offset = b.records.front().offset;
  b.last_offset_delta = static_cast<std::int32_t>(b.records.back().offset - b.base_offset);
  b.first_timestamp = b.records.front().timestamp;
  b.max_timestamp = wrapper_ts;
  return {};
}

// `inner_of_magic` is the wrapper's magic for the messages inside a compressed wrapper, else -1.
codec_result decode_legacy(byte_view whole, std::size_t at, decode_state& st, int inner_of_magic, record_batch& b) {
  reader r(whole);
  b.base_offset = r.i64();
  r.i32();  // length, already checked
  const std::uint32_t stored_crc = r.u32();
  if (st.check_crc) {
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
  if (inner_of_magic >= 0 && b.compression() != compression_codec::none)
    return fail_batch(at, b.base_offset, client_errc::corrupt_record_batch,
                      "compressed (" + compression_name(b.attributes & b.compression_mask) +
                          ") message inside a compressed wrapper");
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
  // Legacy compressed messages wrap an inner message set in the value.
  if (b.compression() != compression_codec::none) return decode_wrapper(at, rec, st, b);
  b.records.push_back(std::move(rec));
  return {};
}

// The top level (inner_of_magic -1) stops quietly at a partial last batch, as a fetch cut at its
// size limit ends; inside a compressed wrapper every message must be whole.
codec_result decode_message_set(byte_view in, const batch_sink& out, decode_state& st, int inner_of_magic) {
  return frame_message_set(in, inner_of_magic, [&](byte_view whole, std::size_t at, std::int8_t magic) {
    record_batch b;
    auto res = magic == 2 ? decode_v2(whole, at, st, b) : decode_legacy(whole, at, st, inner_of_magic, b);
    if (res) out(b);
    return res;
  });
}

codec_result frame_message_set(byte_view in, int inner_of_magic, const message_decoder& one) {
  const bool inner = inner_of_magic >= 0;
  std::size_t at = 0;
  while (in.size() - at >= (inner ? std::size_t{1} : log_overhead)) {
    if (in.size() - at < log_overhead)
      return fail_batch(at, 0, client_errc::truncated,
                        std::to_string(in.size() - at) + " bytes where a message header belongs");
    reader head(in.subspan(at));
    const std::int64_t base_offset = head.i64();
    const std::int32_t length = head.i32();
    if (length >= 0 && static_cast<std::size_t>(length) > in.size() - at - log_overhead) {
      if (!inner) break;  // a batch the broker cut short at the fetch limit: nothing more to decode
      return fail_batch(at, base_offset, client_errc::truncated,
                        "length " + std::to_string(length) + " exceeds the " +
                            std::to_string(in.size() - at - log_overhead) + " bytes left");
    }
    if (length < min_length_v0)
      return fail_batch(at, base_offset, client_errc::corrupt_record_batch,
                        "length " + std::to_string(length) + " is below the " + std::to_string(min_length_v0) +
                            " bytes the smallest message needs");
    const std::int8_t magic = static_cast<std::int8_t>(in[at + header_up_to_magic - 1]);
    const std::int32_t min_length = magic == 0 ? min_length_v0 : magic == 1 ? min_length_v1 : min_length_v2;
    if (magic < 0 || magic > 2)
      return fail_batch(at, base_offset, client_errc::corrupt_record_batch,
                        "unknown magic " + std::to_string(magic));
    if (inner && magic != inner_of_magic)
      return fail_batch(at, base_offset, client_errc::corrupt_record_batch,
                        "magic " + std::to_string(magic) + " inside a magic " + std::to_string(inner_of_magic) +
                            " wrapper");
    if (length < min_length)
      return fail_batch(at, base_offset, client_errc::corrupt_record_batch,
                        "length " + std::to_string(length) + " is below the " + std::to_string(min_length) +
                            " bytes a magic " + std::to_string(magic) + " header needs");
    const auto whole = in.subspan(at, log_overhead + static_cast<std::size_t>(length));
    if (auto res = one(whole, at, magic); !res) return res;
    at += whole.size();
  }
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

codec_result encode_batch(const record_batch& batch, bytes& out, const encode_options& options) {
  if (batch.magic != 2)
    return {client_errc::invalid_value, "encode_batch writes magic 2 only, not magic " + std::to_string(batch.magic)};
  const int codec_bits = batch.attributes & record_batch::compression_mask;
  if (!known_codec(codec_bits))
    return {client_errc::unsupported_compression, "compression " + compression_name(codec_bits) + " is not defined"};
  const auto codec = static_cast<compression::codec>(codec_bits);
  if (codec != compression::codec::none) {
    if (auto res = compression::check_level(codec, options.compression_level); !res) return {res.ec, res.detail};
  }
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
  // Records go straight to `out`, or to `plain` first when they are to be compressed.
  bytes plain;
  const bool compressed = codec != compression::codec::none;
  writer records_w(compressed ? plain : out);
  bytes body;  // one record at a time, to learn its length prefix
  for (std::size_t i = 0; i < batch.records.size(); ++i) {
    body.clear();
    writer rw(body);
    write_record_body(rw, batch, batch.records[i]);
    if (!rw.ok()) {
      w.fail(client_errc{rw.error().value()}, "records[" + std::to_string(i) + "]: " + rw.detail());
      break;
    }
    if (body.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      w.fail(client_errc::value_too_large, "records[" + std::to_string(i) + "] is too large");
      break;
    }
    records_w.varint(static_cast<std::int32_t>(body.size()));
    records_w.raw(byte_view(body));
  }
  if (w.ok() && compressed) {
    if (auto res = compression::compress(codec, options.compression_level, byte_view(plain), out); !res) {
      out.resize(start);
      return {res.ec, res.detail};
    }
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

codec_result decode_batches(byte_view in, std::vector<record_batch>& out, const decode_options& options) {
  return for_each_batch(in, options, [&out](record_batch& b) { out.push_back(std::move(b)); });
}

codec_result decode_batches(const records& field, std::vector<record_batch>& out, const decode_options& options) {
  if (!field) return {};
  return decode_batches(byte_view(field->data), out, options);
}

codec_result for_each_batch(byte_view in, const decode_options& options, const std::function<void(record_batch&)>& each) {
  decode_state st{options.check_crc, options.max_decompressed_bytes, {}};
  return decode_message_set(in, each, st, -1);
}

codec_result for_each_batch_view(byte_view in, const decode_options& options,
                                 const std::function<void(const batch_view&)>& each) {
  decode_state st{options.check_crc, options.max_decompressed_bytes, {}};
  batch_view view;
  return frame_message_set(in, -1, [&](byte_view whole, std::size_t at, std::int8_t magic) {
    view.records.clear();
    view.headers.clear();
    view.owner.reset();
    codec_result res;
    if (magic == 2) {
      view.info = record_batch{};
      res = decode_v2_view(whole, at, st, view);
    } else {
      record_batch b;
      res = decode_legacy(whole, at, st, -1, b);
      if (res) legacy_to_view(b, view);
    }
    if (res) each(view);
    return res;
  });
}

std::size_t declared_record_count(byte_view in) {
  constexpr std::size_t count_at = batch_header_size - 4;  // the record count ends the header
  std::size_t total = 0;
  for (std::size_t at = 0; in.size() - at >= header_up_to_magic;) {
    reader head(in.subspan(at));
    head.i64();
    const std::int32_t length = head.i32();
    if (length < min_length_v0 || static_cast<std::size_t>(length) > in.size() - at - log_overhead) break;
    const auto whole = in.subspan(at, log_overhead + static_cast<std::size_t>(length));
    if (whole[header_up_to_magic - 1] != 2) {
      ++total;  // a legacy message (a compressed wrapper holds more: only a hint)
    } else if (whole.size() >= batch_header_size) {
      reader count(whole.subspan(count_at));
      const std::int32_t n = count.i32();
      // Cap by what the batch's bytes could hold at the smallest record size, so a corrupt
      // header cannot ask for a huge reservation (compressed batches may hold more).
      if (n > 0) total += std::min(static_cast<std::size_t>(n), whole.size() / min_record_size);
    }
    at += whole.size();
  }
  return total;
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
