// Writing record batches (the generic path; record_batch_builder.cpp is the producer's
// hand-tuned one), the codec names, and control records.

#include <kwire/protocol/record_batch.hpp>

#include <limits>

#include <kwire/protocol/crc32c.hpp>
#include <kwire/protocol/record_batch_detail.hpp>

namespace kwire::protocol {
namespace {

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
  if (!detail::known_codec(codec_bits))
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
  const std::size_t length = out.size() - start - detail::log_overhead;
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
