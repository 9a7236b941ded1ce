// Reading record batches into owned records: framing, magic 2 batches, legacy messages
// (magic 0/1, compressed wrappers included), the declared-count hint and control records.
// record_batch_view.cpp reads the same bytes into views, with the pieces declared in
// record_batch_detail.hpp.

#include <kwire/protocol/record_batch.hpp>

#include <algorithm>
#include <cstdio>

#include <kwire/protocol/crc32c.hpp>
#include <kwire/protocol/record_batch_detail.hpp>

namespace kwire::protocol {
namespace detail {

std::string hex32(std::uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

// A varint length: -1 is null, anything else must fit in what remains. The view points into
// the reader's bytes.
bool read_varbytes(reader& r, std::optional<byte_view>& out, std::string_view what) {
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

// read_varbytes into owned bytes: the same reading, then a copy.
bool read_varbytes(reader& r, std::optional<bytes>& out, std::string_view what) {
  std::optional<byte_view> view;
  if (!read_varbytes(r, view, what)) return false;
  if (view)
    out.emplace(view->begin(), view->end());
  else
    out.reset();
  return true;
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

}  // namespace detail

namespace {
using namespace detail;

// Owned headers: the record's own vector.
struct owned_headers {
  using header_type = record_header;
  record& rec;
  void start() {}
  void reserve(std::size_t n) { rec.headers.reserve(n); }
  void add(record_header&& h) { rec.headers.push_back(std::move(h)); }
};

void read_record(reader& r, const record_batch& batch, record& rec) {
  owned_headers headers{rec};
  read_record_fields(r, batch, rec, headers);
}

codec_result decode_v2(byte_view whole, std::size_t at, decode_state& st, record_batch& b) {
  reader r(whole);
  std::size_t count = 0;
  if (auto res = decode_v2_header(whole, at, st, b, st.plain, r, count); !res) return res;
  // Grown with the records decoded, not sized from the declared count: a batch of zeros may
  // declare millions of records (~100 bytes each here) that its bytes do not hold.
  b.records.clear();
  return read_v2_records(r, count, at, b.base_offset, [&] { read_record(r, b, b.records.emplace_back()); });
}

using batch_sink = std::function<void(record_batch&)>;
codec_result decode_message_set(byte_view in, const batch_sink& out, decode_state& st, int inner_of_magic);

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

}  // namespace

namespace detail {

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

}  // namespace detail

namespace {

codec_result decode_message_set(byte_view in, const batch_sink& out, decode_state& st, int inner_of_magic) {
  return frame_message_set(in, inner_of_magic, [&](byte_view whole, std::size_t at, std::int8_t magic) {
    record_batch b;
    auto res = magic == 2 ? decode_v2(whole, at, st, b) : decode_legacy(whole, at, st, inner_of_magic, b);
    if (res) out(b);
    return res;
  });
}

}  // namespace

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

}  // namespace kwire::protocol
