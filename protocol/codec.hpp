#pragma once
// The one visitor that encodes, sizes and decodes every declared struct. A value's C++ type
// picks its Kafka type (int32_t -> int32, std::string -> string, std::vector<T> -> array, a
// declared struct -> struct, std::optional<X> -> nullable X); the version decides between the
// classic and the compact (flexible) forms and which fields are present.

#include <algorithm>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>

#include <kwire/protocol/schema.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::protocol {

struct codec_ctx {
  std::int16_t version;
  bool flexible;
};

template <class T>
struct value_codec;

template <class W, class T>
void write_value(W& w, const T& v, const codec_ctx& c) {
  value_codec<T>::write(w, v, c);
}
template <class T>
void read_value(reader& r, T& v, const codec_ctx& c) {
  value_codec<T>::read(r, v, c);
}

// ---- scalars ----------------------------------------------------------------------------

#define KWIRE_SCALAR_CODEC(type, method)                                            \
  template <>                                                                       \
  struct value_codec<type> {                                                        \
    template <class W>                                                              \
    static void write(W& w, type v, const codec_ctx&) { w.method(v); }              \
    static void read(reader& r, type& v, const codec_ctx&) { v = r.method(); }      \
  };
KWIRE_SCALAR_CODEC(bool, boolean)
KWIRE_SCALAR_CODEC(std::int8_t, i8)
KWIRE_SCALAR_CODEC(std::int16_t, i16)
KWIRE_SCALAR_CODEC(std::uint16_t, u16)
KWIRE_SCALAR_CODEC(std::int32_t, i32)
KWIRE_SCALAR_CODEC(std::uint32_t, u32)
KWIRE_SCALAR_CODEC(std::int64_t, i64)
KWIRE_SCALAR_CODEC(double, f64)
#undef KWIRE_SCALAR_CODEC

template <>
struct value_codec<uuid> {
  template <class W>
  static void write(W& w, const uuid& v, const codec_ctx&) {
    w.raw(byte_view(v.bytes));
  }
  static void read(reader& r, uuid& v, const codec_ctx&) {
    const auto b = r.take(16);
    if (r.ok()) std::copy(b.begin(), b.end(), v.bytes.begin());
  }
};

// ---- lengths ----------------------------------------------------------------------------
// Classic strings carry an int16 length, classic bytes and arrays an int32; compact forms an
// unsigned varint of length + 1. -1 (compact: 0) is null.

enum class length_kind { int16_prefix, int32_prefix };

template <class W>
void write_length(W& w, std::int64_t n, length_kind kind, const codec_ctx& c) {
  if (c.flexible) {
    if (n > static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max()) - 1) {
      w.fail(client_errc::value_too_large, "length " + std::to_string(n) + " too large");
      return;
    }
    w.uvarint(static_cast<std::uint64_t>(n + 1));
  } else if (kind == length_kind::int16_prefix) {
    if (n > std::numeric_limits<std::int16_t>::max()) {
      w.fail(client_errc::value_too_large,
             "string of " + std::to_string(n) + " bytes exceeds the 32767 an int16 length allows");
      return;
    }
    w.i16(static_cast<std::int16_t>(n));
  } else {
    if (n > std::numeric_limits<std::int32_t>::max()) {
      w.fail(client_errc::value_too_large, "length " + std::to_string(n) + " too large");
      return;
    }
    w.i32(static_cast<std::int32_t>(n));
  }
}

// Returns the length, -1 for null; checks it against the input. `unit` is the smallest size an
// element can have, so a hostile count cannot make us reserve more than the input could hold.
inline std::int64_t read_length(reader& r, length_kind kind, const codec_ctx& c, bool null_ok,
                                std::size_t unit = 1) {
  std::int64_t n;
  if (c.flexible) n = static_cast<std::int64_t>(r.uvarint()) - 1;
  else if (kind == length_kind::int16_prefix) n = r.i16();
  else n = r.i32();
  if (!r.ok()) return -1;
  if (!r.check_length(n, null_ok, unit)) return -1;
  return n;
}

// ---- strings and bytes ------------------------------------------------------------------

template <>
struct value_codec<std::string> {
  template <class W>
  static void write(W& w, const std::string& v, const codec_ctx& c) {
    write_length(w, static_cast<std::int64_t>(v.size()), length_kind::int16_prefix, c);
    if (w.ok()) w.raw(std::string_view(v));
  }
  static void read(reader& r, std::string& v, const codec_ctx& c) {
    const auto n = read_length(r, length_kind::int16_prefix, c, false);
    if (n <= 0) return v.clear();
    const auto b = r.take(static_cast<std::size_t>(n));
    v.assign(reinterpret_cast<const char*>(b.data()), b.size());
  }
};

template <>
struct value_codec<std::optional<std::string>> {
  template <class W>
  static void write(W& w, const std::optional<std::string>& v, const codec_ctx& c) {
    if (!v) return write_length(w, -1, length_kind::int16_prefix, c);
    value_codec<std::string>::write(w, *v, c);
  }
  static void read(reader& r, std::optional<std::string>& v, const codec_ctx& c) {
    const auto n = read_length(r, length_kind::int16_prefix, c, true);
    if (n < 0) return v.reset();
    const auto b = r.take(static_cast<std::size_t>(n));
    v.emplace(reinterpret_cast<const char*>(b.data()), b.size());
  }
};

template <>
struct value_codec<bytes> {
  template <class W>
  static void write(W& w, const bytes& v, const codec_ctx& c) {
    write_length(w, static_cast<std::int64_t>(v.size()), length_kind::int32_prefix, c);
    if (w.ok()) w.raw(byte_view(v));
  }
  static void read(reader& r, bytes& v, const codec_ctx& c) {
    const auto n = read_length(r, length_kind::int32_prefix, c, false);
    if (n <= 0) return v.clear();
    const auto b = r.take(static_cast<std::size_t>(n));
    v.assign(b.begin(), b.end());
  }
};

template <>
struct value_codec<std::optional<bytes>> {
  template <class W>
  static void write(W& w, const std::optional<bytes>& v, const codec_ctx& c) {
    if (!v) return write_length(w, -1, length_kind::int32_prefix, c);
    value_codec<bytes>::write(w, *v, c);
  }
  static void read(reader& r, std::optional<bytes>& v, const codec_ctx& c) {
    const auto n = read_length(r, length_kind::int32_prefix, c, true);
    if (n < 0) return v.reset();
    const auto b = r.take(static_cast<std::size_t>(n));
    v.emplace(b.begin(), b.end());
  }
};

template <>
struct value_codec<records> {
  template <class W>
  static void write(W& w, const records& v, const codec_ctx& c) {
    if (!v) return write_length(w, -1, length_kind::int32_prefix, c);
    value_codec<bytes>::write(w, v->data, c);
  }
  static void read(reader& r, records& v, const codec_ctx& c) {
    const auto n = read_length(r, length_kind::int32_prefix, c, true);
    if (n < 0) return v.reset();
    const auto b = r.take(static_cast<std::size_t>(n));
    v.emplace().data.assign(b.begin(), b.end());
  }
};

// ---- arrays -----------------------------------------------------------------------------

// The fewest bytes one value of T takes on the wire at this version: a count read from the
// wire is checked against it, so N elements must have at least N * min bytes behind them.
template <class T>
std::size_t min_wire_size(const codec_ctx& c);

template <class T>
struct value_codec<std::vector<T>> {
  template <class W>
  static void write(W& w, const std::vector<T>& v, const codec_ctx& c) {
    write_length(w, static_cast<std::int64_t>(v.size()), length_kind::int32_prefix, c);
    for (std::size_t i = 0; i < v.size() && w.ok(); ++i) {
      write_value(w, v[i], c);
      if (!w.ok()) w.add_context("[" + std::to_string(i) + "]");
    }
  }
  static void read(reader& r, std::vector<T>& v, const codec_ctx& c) {
    v.clear();
    const auto unit = std::max<std::size_t>(1, min_wire_size<T>(c));
    const auto n = read_length(r, length_kind::int32_prefix, c, false, unit);
    if (n <= 0) return;
    // Scalars take as much memory as wire; anything else grows only as elements decode.
    if constexpr (std::is_arithmetic_v<T>) v.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n && r.ok(); ++i) {
      read_value(r, v.emplace_back(), c);
      if (!r.ok()) r.add_context("[" + std::to_string(i) + "]");
    }
  }
};

template <class T>
struct value_codec<std::optional<std::vector<T>>> {
  template <class W>
  static void write(W& w, const std::optional<std::vector<T>>& v, const codec_ctx& c) {
    if (!v) return write_length(w, -1, length_kind::int32_prefix, c);
    value_codec<std::vector<T>>::write(w, *v, c);
  }
  static void read(reader& r, std::optional<std::vector<T>>& v, const codec_ctx& c) {
    // Peek at the length without consuming it: a copy of the reader is cheap.
    reader probe = r;
    const auto n = read_length(probe, length_kind::int32_prefix, c, true, std::max<std::size_t>(1, min_wire_size<T>(c)));
    if (n < 0 && probe.ok()) {
      r = probe;
      return v.reset();
    }
    value_codec<std::vector<T>>::read(r, v.emplace(), c);
  }
};

// ---- structs ----------------------------------------------------------------------------

template <declared_struct S>
const S& default_instance() {
  static const S instance{};
  return instance;
}

template <class W, declared_struct S, class F>
void write_field(W& w, const S& s, const F& f, const codec_ctx& c) {
  if (!w.ok()) return;
  const auto& v = s.*f.member;
  if (c.flexible && f.tagged_versions.contains(c.version)) return;  // goes in the tag section
  if (!f.versions.contains(c.version)) {
    if (!f.ignorable && !(v == default_instance<S>().*f.member))
      w.fail(client_errc::field_not_in_version,
             std::string(f.name) + " is set but version " + std::to_string(c.version) +
                 " of " + std::string(S::schema_name) + " does not carry it");
    return;
  }
  if constexpr (is_optional<typename F::value_type>::value) {
    if (!v && !f.nullable_versions.contains(c.version)) {
      w.fail(client_errc::null_not_allowed, std::string(f.name) + " is null but version " +
                                                std::to_string(c.version) + " does not allow null");
      return;
    }
  }
  write_value(w, v, c);
  if (!w.ok()) w.add_context(f.name);
}

template <declared_struct S, class F>
void read_field(reader& r, S& s, const F& f, const codec_ctx& c) {
  if (!r.ok()) return;
  if (c.flexible && f.tagged_versions.contains(c.version)) return;
  if (!f.versions.contains(c.version)) return;  // keeps its default
  auto& v = s.*f.member;
  read_value(r, v, c);
  if constexpr (is_optional<typename F::value_type>::value) {
    if (r.ok() && !v && !f.nullable_versions.contains(c.version))
      r.fail(client_errc::unexpected_null,
             "null where version " + std::to_string(c.version) + " does not allow it");
  }
  if (!r.ok()) r.add_context(f.name);
}

// Tagged fields present in this version with a non-default value, and the unknown ones kept
// from decoding, in ascending tag order (the order Kafka requires).
template <declared_struct S>
tagged_fields collect_tags(const S& s, const codec_ctx& c, std::error_code& ec, std::string& detail) {
  tagged_fields out;
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if (ec || !f.tagged_versions.contains(c.version) || !f.versions.contains(c.version)) return;
              const auto& v = s.*f.member;
              if (v == default_instance<S>().*f.member) return;
              tagged_field t{static_cast<std::uint32_t>(f.tag), {}};
              writer tw(t.data);
              write_value(tw, v, c);
              if (!tw.ok()) {
                tw.add_context(f.name);
                ec = tw.error();
                detail = tw.detail();
                return;
              }
              out.push_back(std::move(t));
            }(),
            ...);
      },
      S::fields());
  out.insert(out.end(), s.unknown_tags.begin(), s.unknown_tags.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.tag < b.tag; });
  for (std::size_t i = 1; i < out.size() && !ec; ++i) {
    if (out[i].tag == out[i - 1].tag) {
      ec = client_errc::invalid_value;
      detail = "tagged field " + std::to_string(out[i].tag) + " given twice (unknown_tags repeats it)";
    }
  }
  return out;
}

// A tag section (KIP-482): a count, then (tag, size, bytes) entries in ascending tag order.
template <class W>
void write_tag_section(W& w, const tagged_fields& tags) {
  w.uvarint(tags.size());
  for (const auto& t : tags) {
    w.uvarint(t.tag);
    w.uvarint(t.data.size());
    w.raw(byte_view(t.data));
  }
}

// Reads a tag section and hands each entry to on_tag(tag, data); a framing failure (count or
// size beyond the input) gets `context` in its path. KIP-482 requires each tag once, in strictly
// ascending order (what write_tag_section writes): a repeated or descending tag is invalid_value
// naming both tags, so nothing decodes that would not encode back to the same bytes.
template <class OnTag>
void read_tag_section(reader& r, std::string_view context, OnTag&& on_tag) {
  const auto count = r.uvarint();
  if (!r.ok() || !r.check_length(count, false, 2)) return r.add_context(context);
  std::uint32_t previous = 0;
  for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
    const auto tag = r.uvarint();
    const auto size = r.uvarint();
    if (!r.ok() || !r.check_length(size, false)) return r.add_context(context);
    if (i > 0 && tag <= previous) {
      r.fail(client_errc::invalid_value,
             "tag " + std::to_string(tag) + (tag == previous ? " is repeated" : " follows tag " + std::to_string(previous)) +
                 " (tags must be strictly ascending)");
      return r.add_context(context);
    }
    previous = tag;
    on_tag(tag, r.take(size));
  }
}

template <declared_struct S>
struct value_codec<S> {
  template <class W>
  static void write(W& w, const S& s, const codec_ctx& c) {
    std::apply([&](const auto&... f) { (write_field(w, s, f, c), ...); }, S::fields());
    if (!c.flexible || !w.ok()) return;
    std::error_code ec;
    std::string detail;
    const auto tags = collect_tags(s, c, ec, detail);
    if (ec) return w.fail(static_cast<client_errc>(ec.value()), detail);
    write_tag_section(w, tags);
  }

  static void read(reader& r, S& s, const codec_ctx& c) {
    std::apply([&](const auto&... f) { (read_field(r, s, f, c), ...); }, S::fields());
    if (!c.flexible || !r.ok()) return;
    read_tag_section(r, "tagged fields", [&](std::uint32_t tag, byte_view data) {
      bool known = false;
      std::apply(
          [&](const auto&... f) {
            (
                [&] {
                  if (known || static_cast<std::uint32_t>(f.tag) != tag || f.tag < 0 ||
                      !f.tagged_versions.contains(c.version) || !f.versions.contains(c.version))
                    return;
                  known = true;
                  reader tr(data);
                  read_value(tr, s.*f.member, c);
                  tr.expect_end("the tagged field");
                  if (!tr.ok()) {
                    tr.add_context(f.name);
                    r.fail(static_cast<client_errc>(tr.error().value()), tr.detail());
                  }
                }(),
                ...);
          },
          S::fields());
      if (!known) s.unknown_tags.push_back({tag, bytes(data.begin(), data.end())});
    });
  }
};

// Nullable struct: an int8 marker, -1 for null and 1 for present.
template <declared_struct S>
struct value_codec<std::optional<S>> {
  template <class W>
  static void write(W& w, const std::optional<S>& v, const codec_ctx& c) {
    w.i8(v ? 1 : -1);
    if (v) value_codec<S>::write(w, *v, c);
  }
  static void read(reader& r, std::optional<S>& v, const codec_ctx& c) {
    const auto marker = r.i8();
    if (!r.ok()) return;
    if (marker < 0) return v.reset();
    value_codec<S>::read(r, v.emplace(), c);
  }
};

template <class T>
std::size_t min_wire_size(const codec_ctx& c) {
  if constexpr (std::is_arithmetic_v<T>) {
    return sizeof(T);
  } else if constexpr (std::is_same_v<T, uuid>) {
    return 16;
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::optional<std::string>>) {
    return c.flexible ? 1 : 2;
  } else if constexpr (declared_struct<T>) {
    std::size_t n = c.flexible ? 1 : 0;  // the tag section count
    std::apply(
        [&](const auto&... f) {
          ((n += f.versions.contains(c.version) && !(c.flexible && f.tagged_versions.contains(c.version))
                     ? min_wire_size<typename std::remove_cvref_t<decltype(f)>::value_type>(c)
                     : 0),
           ...);
        },
        T::fields());
    return n;
  } else if constexpr (is_optional<T>::value) {
    return 1;  // a null marker or a compact null length
  } else {
    return c.flexible ? 1 : 4;  // bytes, records, arrays: their length prefix
  }
}

// ---- top level --------------------------------------------------------------------------

// The outcome of encoding or decoding a message: an error code and what exactly was wrong.
struct codec_result {
  std::error_code ec;
  std::string detail;
  explicit operator bool() const { return !ec; }
};

}  // namespace kwire::protocol
