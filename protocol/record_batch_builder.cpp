#include <kwire/protocol/record_batch_builder.hpp>

#include <algorithm>
#include <limits>

#include <kwire/protocol/crc32c.hpp>

namespace kwire::protocol {
namespace {

// Positions inside the magic 2 header (see record_batch.hpp, "Record Batch" in Kafka's guide).
constexpr std::size_t at_length = 8;
constexpr std::size_t at_crc = 17;
constexpr std::size_t at_attributes = 21;
constexpr std::size_t at_producer_id = 43;
constexpr std::size_t at_producer_epoch = 51;
constexpr std::size_t at_base_sequence = 53;
constexpr std::size_t log_overhead = 12;  // base offset + length

constexpr std::size_t max_field = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());

std::size_t varint_size(std::int64_t v) { return uvarint_size(zigzag64(v)); }

std::size_t varbytes_size(const std::optional<byte_view>& b) {
  return b ? varint_size(static_cast<std::int64_t>(b->size())) + b->size() : 1;
}

// The record without its length prefix; 0 when a field is too large for its varint length.
std::size_t body_size(const record_ref& r, std::int64_t first_ts, std::int32_t offset_delta) {
  if ((r.key && r.key->size() > max_field) || (r.value && r.value->size() > max_field)) return 0;
  std::size_t n = 1 + varint_size(r.timestamp - first_ts) + varint_size(offset_delta) + varbytes_size(r.key) +
                  varbytes_size(r.value) + varint_size(static_cast<std::int64_t>(r.headers.size()));
  for (const auto& h : r.headers) {
    if (h.key.size() > max_field || (h.value && h.value->size() > max_field)) return 0;
    n += varint_size(static_cast<std::int64_t>(h.key.size())) + h.key.size() + varbytes_size(h.value);
  }
  return n <= max_field ? n : 0;
}

void put_u32(bytes& b, std::size_t at, std::uint32_t v) {
  for (int i = 3; i >= 0; --i, v >>= 8) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
}
void put_u64(bytes& b, std::size_t at, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
}
void put_u16(bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

void write_varbytes(writer& w, const std::optional<byte_view>& b) {
  if (!b) return w.varint(-1);
  w.varint(static_cast<std::int32_t>(b->size()));
  w.raw(*b);
}

}  // namespace

std::size_t record_batch_builder::record_size(const record_ref& r, std::int64_t first_timestamp,
                                              std::int32_t offset_delta) {
  const std::size_t body = body_size(r, first_timestamp, offset_delta);
  return body ? varint_size(static_cast<std::int64_t>(body)) + body : 0;
}

std::size_t record_batch_builder::size_alone(const record_ref& r) {
  const std::size_t rec = record_size(r, r.timestamp, 0);
  return rec ? batch_header_size + rec : std::numeric_limits<std::size_t>::max();
}

record_batch_builder::record_batch_builder(std::size_t capacity) {
  buf_.reserve(std::max(capacity, batch_header_size));
  reset();
}

void record_batch_builder::reset() {
  buf_.assign(batch_header_size, 0);  // the header is filled by close()
  compressed_.clear();
  use_compressed_ = false;
  closed_ = false;
  count_ = 0;
  first_ts_ = max_ts_ = -1;
}

bool record_batch_builder::fits(const record_ref& r, std::size_t limit) const {
  if (count_ == 0) return true;
  const std::size_t n = record_size(r, first_ts_, count_);
  return n != 0 && buf_.size() + n <= limit;
}

codec_result record_batch_builder::append(const record_ref& r) {
  if (closed_) return {client_errc::invalid_value, "record batch is closed; reset() it before appending"};
  if (buf_.size() < batch_header_size) reset();  // a default-constructed builder
  if (count_ == std::numeric_limits<std::int32_t>::max())
    return {client_errc::value_too_large, "record batch holds the most records an int32 counts"};
  const std::int64_t first = count_ == 0 ? r.timestamp : first_ts_;
  const std::size_t body = body_size(r, first, count_);
  if (body == 0) return {client_errc::value_too_large, "record field larger than 2 GiB"};
  writer w(buf_);
  w.varint(static_cast<std::int32_t>(body));
  w.i8(0);  // record attributes: unused
  w.varlong(r.timestamp - first);
  w.varint(count_);  // offset delta
  write_varbytes(w, r.key);
  write_varbytes(w, r.value);
  w.varint(static_cast<std::int32_t>(r.headers.size()));
  for (const auto& h : r.headers) {
    w.varint(static_cast<std::int32_t>(h.key.size()));
    w.raw(h.key);
    write_varbytes(w, h.value);
  }
  if (count_ == 0) first_ts_ = max_ts_ = r.timestamp;
  max_ts_ = std::max(max_ts_, r.timestamp);
  ++count_;
  return {};
}

codec_result record_batch_builder::close(const close_options& o) {
  if (closed_) return {client_errc::invalid_value, "record batch is already closed"};
  if (count_ == 0) return {client_errc::invalid_value, "a record batch needs at least one record"};
  if (o.codec != compression::codec::none) {
    if (auto res = compression::check_level(o.codec, o.level); !res) return {res.ec, res.detail};
  }
  // Header fields that do not depend on the records section.
  put_u64(buf_, 0, 0);                                     // base offset
  put_u32(buf_, 12, static_cast<std::uint32_t>(-1));       // partition leader epoch
  buf_[16] = 2;                                            // magic
  put_u16(buf_, at_attributes, static_cast<std::uint16_t>(static_cast<int>(o.codec) | (o.transactional ? 0x10 : 0)));
  put_u32(buf_, 23, static_cast<std::uint32_t>(count_ - 1));  // last offset delta
  put_u64(buf_, 27, static_cast<std::uint64_t>(first_ts_));
  put_u64(buf_, 35, static_cast<std::uint64_t>(max_ts_));
  put_u32(buf_, 57, static_cast<std::uint32_t>(count_));
  protocol::bytes* out = &buf_;
  if (o.codec != compression::codec::none) {
    compressed_.assign(buf_.begin(), buf_.begin() + batch_header_size);
    const byte_view records(buf_.data() + batch_header_size, buf_.size() - batch_header_size);
    if (auto res = compression::compress(o.codec, o.level, records, compressed_); !res) return {res.ec, res.detail};
    out = &compressed_;
  }
  if (out->size() - log_overhead > max_field)
    return {client_errc::value_too_large, "record batch of " + std::to_string(out->size()) + " bytes is too large"};
  put_u32(*out, at_length, static_cast<std::uint32_t>(out->size() - log_overhead));
  use_compressed_ = out == &compressed_;
  closed_ = true;
  set_producer_state(o.producer_id, o.producer_epoch, o.base_sequence);
  return {};
}

byte_view record_batch_builder::bytes() const {
  if (!closed_) return {};
  return use_compressed_ ? byte_view(compressed_) : byte_view(buf_);
}

void record_batch_builder::set_producer_state(std::int64_t producer_id, std::int16_t producer_epoch,
                                              std::int32_t base_sequence) {
  if (!closed_) return;
  auto& out = use_compressed_ ? compressed_ : buf_;
  put_u64(out, at_producer_id, static_cast<std::uint64_t>(producer_id));
  put_u16(out, at_producer_epoch, static_cast<std::uint16_t>(producer_epoch));
  put_u32(out, at_base_sequence, static_cast<std::uint32_t>(base_sequence));
  put_u32(out, at_crc, crc32c(0, out.data() + at_attributes, out.size() - at_attributes));
}

}  // namespace kwire::protocol
