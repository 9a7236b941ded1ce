#pragma once
// Wire primitives: a writer that appends big-endian/varint encodings to a byte vector, and a
// reader over a byte span with a sticky error. Every length the reader takes from the wire is
// checked against the bytes that remain before anything is allocated.

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <kwire/protocol/client_errc.hpp>

namespace kwire::protocol {

using bytes = std::vector<std::uint8_t>;
using byte_view = std::span<const std::uint8_t>;

// Zig-zag mapping used by Kafka's signed varints (records).
constexpr std::uint32_t zigzag32(std::int32_t v) {
  return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
}
constexpr std::uint64_t zigzag64(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
constexpr std::int32_t unzigzag32(std::uint32_t v) {
  return static_cast<std::int32_t>((v >> 1) ^ (~(v & 1) + 1));
}
constexpr std::int64_t unzigzag64(std::uint64_t v) {
  return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

constexpr std::size_t uvarint_size(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Builds "Topics[3].Partitions[0].LeaderId: <reason>" from the inside out as a failure unwinds.
// Entries are field names or "[i]" indices.
inline void prepend_path(std::string& detail, const std::error_code& ec, std::string_view name) {
  if (!ec || name.empty()) return;
  if (!detail.starts_with('\x01')) {
    detail = "\x01" + std::string(name) + ": " + detail;
    return;
  }
  const std::string_view rest = std::string_view(detail).substr(1);
  detail = "\x01" + std::string(name) + (rest.starts_with('[') ? "" : ".") + std::string(rest);
}

// Strips the internal marker prepend_path leaves at the front of a detail string.
inline std::string finish_detail(const std::string& detail) {
  return detail.starts_with("\x01") ? detail.substr(1) : detail;
}

template <class U>
constexpr U byteswap(U v) {
  if constexpr (sizeof(U) == 1) return v;
  else if constexpr (sizeof(U) == 2) return static_cast<U>(__builtin_bswap16(v));
  else if constexpr (sizeof(U) == 4) return static_cast<U>(__builtin_bswap32(v));
  else return static_cast<U>(__builtin_bswap64(v));
}

class writer {
 public:
  explicit writer(bytes& out) : out_(out) {}

  void i8(std::int8_t v) { out_.push_back(static_cast<std::uint8_t>(v)); }
  void u8(std::uint8_t v) { out_.push_back(v); }
  void i16(std::int16_t v) { be(static_cast<std::uint16_t>(v)); }
  void u16(std::uint16_t v) { be(v); }
  void i32(std::int32_t v) { be(static_cast<std::uint32_t>(v)); }
  void u32(std::uint32_t v) { be(v); }
  void i64(std::int64_t v) { be(static_cast<std::uint64_t>(v)); }
  void f64(double v) { be(std::bit_cast<std::uint64_t>(v)); }
  void boolean(bool v) { out_.push_back(v ? 1 : 0); }

  void uvarint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<std::uint8_t>(v));
  }
  void varint(std::int32_t v) { uvarint(zigzag32(v)); }
  void varlong(std::int64_t v) { uvarint(zigzag64(v)); }

  void raw(byte_view b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void raw(std::string_view s) { out_.insert(out_.end(), s.begin(), s.end()); }

  std::size_t position() const { return out_.size(); }
  // Overwrites 4 bytes at `pos` (for length or CRC fields known only afterwards).
  void patch_u32(std::size_t pos, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) {
      out_[pos + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
      v >>= 8;
    }
  }
  bytes& buffer() { return out_; }

  // Encoding what the user handed us can fail (a null where none is allowed, a field the
  // version lacks); the first failure is kept with a description, the rest is ignored.
  bool ok() const { return !ec_; }
  std::error_code error() const { return ec_; }
  std::string detail() const { return finish_detail(detail_); }
  void fail(client_errc e, std::string what) {
    if (ec_) return;
    ec_ = e;
    detail_ = std::move(what);
  }
  void add_context(std::string_view name) { prepend_path(detail_, ec_, name); }

 private:
  template <class U>
  void be(U v) {
    if constexpr (std::endian::native == std::endian::little) v = byteswap(v);
    const auto at = out_.size();
    out_.resize(at + sizeof(U));
    std::memcpy(out_.data() + at, &v, sizeof(U));
  }

  bytes& out_;
  std::error_code ec_;
  std::string detail_;
};

// Counts the bytes a writer would produce, with the same interface: one encode path serves
// both encoding and sizing.
class size_counter {
 public:
  void i8(std::int8_t) { n_ += 1; }
  void u8(std::uint8_t) { n_ += 1; }
  void i16(std::int16_t) { n_ += 2; }
  void u16(std::uint16_t) { n_ += 2; }
  void i32(std::int32_t) { n_ += 4; }
  void u32(std::uint32_t) { n_ += 4; }
  void i64(std::int64_t) { n_ += 8; }
  void f64(double) { n_ += 8; }
  void boolean(bool) { n_ += 1; }
  void uvarint(std::uint64_t v) { n_ += uvarint_size(v); }
  void varint(std::int32_t v) { n_ += uvarint_size(zigzag32(v)); }
  void varlong(std::int64_t v) { n_ += uvarint_size(zigzag64(v)); }
  void raw(byte_view b) { n_ += b.size(); }
  void raw(std::string_view s) { n_ += s.size(); }
  std::size_t position() const { return n_; }

  bool ok() const { return !ec_; }
  std::error_code error() const { return ec_; }
  std::string detail() const { return finish_detail(detail_); }
  void fail(client_errc e, std::string what) {
    if (ec_) return;
    ec_ = e;
    detail_ = std::move(what);
  }
  void add_context(std::string_view name) { prepend_path(detail_, ec_, name); }

 private:
  std::size_t n_ = 0;
  std::error_code ec_;
  std::string detail_;
};

class reader {
 public:
  explicit reader(byte_view in) : data_(in.data()), end_(in.data() + in.size()), begin_(in.data()) {}

  bool ok() const { return !ec_; }
  std::error_code error() const { return ec_; }
  // Human-readable account of the first failure: what was being read and why it failed.
  std::string detail() const { return finish_detail(detail_); }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - data_); }
  std::size_t offset() const { return static_cast<std::size_t>(data_ - begin_); }

  // Records the first failure; later ones are ignored so the root cause is reported.
  void fail(client_errc e, std::string what) {
    if (ec_) return;
    ec_ = e;
    detail_ = std::move(what);
    data_ = end_;
  }
  // Prefixes the failure detail with the field (or "[i]" element) being decoded.
  void add_context(std::string_view name) { prepend_path(detail_, ec_, name); }

  std::int8_t i8() { return static_cast<std::int8_t>(fixed<std::uint8_t>()); }
  std::uint8_t u8() { return fixed<std::uint8_t>(); }
  std::int16_t i16() { return static_cast<std::int16_t>(fixed<std::uint16_t>()); }
  std::uint16_t u16() { return fixed<std::uint16_t>(); }
  std::int32_t i32() { return static_cast<std::int32_t>(fixed<std::uint32_t>()); }
  std::uint32_t u32() { return fixed<std::uint32_t>(); }
  std::int64_t i64() { return static_cast<std::int64_t>(fixed<std::uint64_t>()); }
  double f64() { return std::bit_cast<double>(fixed<std::uint64_t>()); }
  bool boolean() {
    const auto b = u8();
    if (b > 1) fail(client_errc::invalid_value, "boolean byte " + std::to_string(b) + " is neither 0 nor 1");
    return b != 0;
  }

  std::uint32_t uvarint() { return static_cast<std::uint32_t>(uvar(5)); }
  std::uint64_t uvarlong() { return uvar(10); }
  std::int32_t varint() { return unzigzag32(static_cast<std::uint32_t>(uvar(5))); }
  std::int64_t varlong() { return unzigzag64(uvar(10)); }

  // Takes n bytes; fails (without reading) if fewer remain.
  byte_view take(std::size_t n) {
    if (!need(n)) return {};
    byte_view out(data_, n);
    data_ += n;
    return out;
  }
  void skip(std::size_t n) { take(n); }

  // Validates a length read from the wire: -1 is null (when allowed), anything else must fit.
  // Returns false on failure (already recorded).
  bool check_length(std::int64_t len, bool null_ok, std::size_t unit = 1) {
    if (len < -1 || (len == -1 && !null_ok)) {
      fail(len == -1 ? client_errc::unexpected_null : client_errc::negative_length,
           "length " + std::to_string(len) + " is invalid here");
      return false;
    }
    if (len > 0 && static_cast<std::uint64_t>(len) > remaining() / unit) {
      fail(client_errc::length_exceeds_input, "length " + std::to_string(len) + " exceeds the " +
                                                  std::to_string(remaining()) + " bytes left");
      return false;
    }
    return true;
  }

  // A message must be consumed exactly.
  bool expect_end(std::string_view what) {
    if (ec_ || data_ == end_) return ok();
    fail(client_errc::extra_bytes,
         std::to_string(remaining()) + " bytes left over after " + std::string(what));
    return false;
  }

 private:
  bool need(std::size_t n) {
    if (ec_) return false;
    if (static_cast<std::size_t>(end_ - data_) < n) {
      fail(client_errc::truncated, "needed " + std::to_string(n) + " bytes, " +
                                       std::to_string(end_ - data_) + " left");
      return false;
    }
    return true;
  }

  template <class U>
  U fixed() {
    if (!need(sizeof(U))) return 0;
    U v;
    std::memcpy(&v, data_, sizeof(U));
    data_ += sizeof(U);
    if constexpr (std::endian::native == std::endian::little) v = byteswap(v);
    return v;
  }

  std::uint64_t uvar(int max_bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < max_bytes; ++i) {
      if (!need(1)) return 0;
      const std::uint8_t b = *data_++;
      v |= static_cast<std::uint64_t>(b & 0x7f) << (7 * i);
      if (!(b & 0x80)) {
        if (max_bytes == 5 && v > 0xffffffffull) break;
        return v;
      }
    }
    fail(client_errc::varint_too_long,
         std::string(max_bytes == 5 ? "varint longer than 5 bytes" : "varlong longer than 10 bytes"));
    return 0;
  }

  const std::uint8_t* data_;
  const std::uint8_t* end_;
  const std::uint8_t* begin_;
  std::error_code ec_;
  std::string detail_;
};

}  // namespace kwire::protocol
