// Wire primitives, bytes in and bytes out. Every table entry is encoded and compared byte for
// byte, decoded back from an exact-size heap copy (so ASan sees any over-read), and then cut
// short at every length to prove a truncated input fails cleanly.

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/hex.hpp"
#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/wire.hpp>

using namespace kwire::protocol;
using kwire::client_errc;

namespace {

using kwire::test::hex;
using kwire::test::to_hex;
using kwire::test::exact;
using kwire::test::contains;

bytes cat(bytes a, const bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}



template <class T>
bool same(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, double>) return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
  else return a == b;
}

template <class T>
struct wire_case {
  std::string name;
  T value;
  bytes wire;
};

// `enc(w, v)` works on both writer and size_counter; `dec(r)` returns the value read.
template <class T, class Enc, class Dec>
void run_table(const std::vector<wire_case<T>>& table, Enc enc, Dec dec) {
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    bytes out;
    writer w(out);
    enc(w, c.value);
    ASSERT_TRUE(w.ok()) << w.detail();
    EXPECT_EQ(to_hex(out), to_hex(c.wire));
    size_counter n;
    enc(n, c.value);
    EXPECT_EQ(n.position(), c.wire.size());

    const bytes in = exact(c.wire, c.wire.size());
    reader r(in);
    const T back = dec(r);
    ASSERT_TRUE(r.ok()) << r.detail();
    EXPECT_TRUE(same(back, c.value));
    EXPECT_EQ(r.remaining(), 0u);

    for (std::size_t cut = 0; cut < c.wire.size(); ++cut) {
      SCOPED_TRACE("cut at " + std::to_string(cut));
      const bytes part = exact(c.wire, cut);
      reader pr(part);
      (void)dec(pr);
      ASSERT_FALSE(pr.ok());
      EXPECT_TRUE(pr.error() == client_errc::truncated || pr.error() == client_errc::length_exceeds_input)
          << pr.error().message();
      EXPECT_FALSE(pr.detail().empty());
    }
  }
}

// Tables for types with a value_codec, read and written in one codec context.
template <class T>
void run_codec_table(const std::vector<wire_case<T>>& table, codec_ctx ctx) {
  run_table<T>(
      table, [&](auto& w, const T& v) { write_value(w, v, ctx); },
      [&](reader& r) {
        T v{};
        read_value(r, v, ctx);
        return v;
      });
}

constexpr codec_ctx classic{0, false};
constexpr codec_ctx compact{9, true};

template <class T>
client_errc decode_error(const bytes& wire, codec_ctx ctx, std::string* detail = nullptr) {
  const bytes in = exact(wire, wire.size());
  reader r(in);
  T v{};
  read_value(r, v, ctx);
  if (detail) *detail = r.detail();
  return r.ok() ? client_errc{} : static_cast<client_errc>(r.error().value());
}

using i32s = std::vector<std::int32_t>;
using strs = std::vector<std::string>;

}  // namespace

TEST(wire, fixed_width_integers) {
  run_codec_table<std::int8_t>({{"0", 0, hex("00")}, {"-1", -1, hex("ff")}, {"127", 127, hex("7f")},
                                {"-128", -128, hex("80")}},
                               classic);
  run_codec_table<std::int16_t>({{"0x0102", 0x0102, hex("01 02")}, {"-2", -2, hex("ff fe")},
                                 {"min", INT16_MIN, hex("80 00")}, {"max", INT16_MAX, hex("7f ff")}},
                                classic);
  run_codec_table<std::int32_t>({{"0x01020304", 0x01020304, hex("01 02 03 04")}, {"-1", -1, hex("ff ff ff ff")},
                                 {"min", INT32_MIN, hex("80 00 00 00")}, {"max", INT32_MAX, hex("7f ff ff ff")}},
                                classic);
  run_codec_table<std::int64_t>({{"0x0102..08", 0x0102030405060708, hex("01 02 03 04 05 06 07 08")},
                                 {"-2", -2, hex("ff ff ff ff ff ff ff fe")},
                                 {"min", INT64_MIN, hex("80 00 00 00 00 00 00 00")},
                                 {"max", INT64_MAX, hex("7f ff ff ff ff ff ff ff")}},
                                classic);
  run_codec_table<std::uint16_t>({{"0", 0, hex("00 00")}, {"0xabcd", 0xabcd, hex("ab cd")}, {"max", 0xffff, hex("ff ff")}},
                                 classic);
  run_codec_table<std::uint32_t>({{"0x01020304", 0x01020304, hex("01 02 03 04")},
                                  {"max", 0xffffffff, hex("ff ff ff ff")}},
                                 classic);
}

TEST(wire, float64_and_bool) {
  run_codec_table<double>({{"1.0", 1.0, hex("3f f0 00 00 00 00 00 00")},
                           {"-2.5", -2.5, hex("c0 04 00 00 00 00 00 00")},
                           {"0.0", 0.0, hex("00 00 00 00 00 00 00 00")},
                           {"-0.0", -0.0, hex("80 00 00 00 00 00 00 00")},
                           {"inf", std::numeric_limits<double>::infinity(), hex("7f f0 00 00 00 00 00 00")},
                           {"nan", std::numeric_limits<double>::quiet_NaN(), hex("7f f8 00 00 00 00 00 00")}},
                          classic);
  run_codec_table<bool>({{"false", false, hex("00")}, {"true", true, hex("01")}}, classic);

  std::string detail;
  EXPECT_EQ(decode_error<bool>(hex("02"), classic, &detail), client_errc::invalid_value);
  EXPECT_TRUE(contains(detail, "boolean byte 2")) << detail;
}

TEST(wire, unsigned_varint) {
  run_table<std::uint32_t>({{"0", 0, hex("00")},
                            {"1", 1, hex("01")},
                            {"127", 127, hex("7f")},
                            {"128", 128, hex("80 01")},
                            {"300", 300, hex("ac 02")},
                            {"16383", 16383, hex("ff 7f")},
                            {"16384", 16384, hex("80 80 01")},
                            {"2^31", 0x80000000u, hex("80 80 80 80 08")},
                            {"2^32-1", 0xffffffffu, hex("ff ff ff ff 0f")}},
                           [](auto& w, std::uint32_t v) { w.uvarint(v); }, [](reader& r) { return r.uvarint(); });
  run_table<std::uint64_t>({{"2^32", 0x100000000ull, hex("80 80 80 80 10")},
                            {"2^63", 0x8000000000000000ull, hex("80 80 80 80 80 80 80 80 80 01")},
                            {"max", UINT64_MAX, hex("ff ff ff ff ff ff ff ff ff 01")}},
                           [](auto& w, std::uint64_t v) { w.uvarint(v); }, [](reader& r) { return r.uvarlong(); });
}

TEST(wire, signed_varint_zigzag) {
  run_table<std::int32_t>({{"0", 0, hex("00")},
                           {"-1", -1, hex("01")},
                           {"1", 1, hex("02")},
                           {"-64", -64, hex("7f")},
                           {"64", 64, hex("80 01")},
                           {"min", INT32_MIN, hex("ff ff ff ff 0f")},
                           {"max", INT32_MAX, hex("fe ff ff ff 0f")}},
                          [](auto& w, std::int32_t v) { w.varint(v); }, [](reader& r) { return r.varint(); });
  run_table<std::int64_t>({{"0", 0, hex("00")},
                           {"-1", -1, hex("01")},
                           {"1", 1, hex("02")},
                           {"-64", -64, hex("7f")},
                           {"64", 64, hex("80 01")},
                           {"int32 min", INT32_MIN, hex("ff ff ff ff 0f")},
                           {"int32 max", INT32_MAX, hex("fe ff ff ff 0f")},
                           {"min", INT64_MIN, hex("ff ff ff ff ff ff ff ff ff 01")},
                           {"max", INT64_MAX, hex("fe ff ff ff ff ff ff ff ff 01")}},
                          [](auto& w, std::int64_t v) { w.varlong(v); }, [](reader& r) { return r.varlong(); });
}

TEST(wire, varint_too_long) {
  struct bad {
    std::string name;
    bytes wire;
    int kind;  // 0 uvarint, 1 varint, 2 uvarlong, 3 varlong
  };
  const std::vector<bad> table = {
      {"uvarint 6 bytes", hex("ff ff ff ff ff 01"), 0},
      {"uvarint 6 bytes of zero", hex("80 80 80 80 80 00"), 0},
      {"uvarint 5 bytes above 2^32-1", hex("80 80 80 80 10"), 0},
      {"varint 6 bytes", hex("ff ff ff ff ff 01"), 1},
      {"uvarlong 11 bytes", hex("ff ff ff ff ff ff ff ff ff ff 01"), 2},
      {"varlong 11 bytes", hex("80 80 80 80 80 80 80 80 80 80 00"), 3},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    const bytes in = exact(c.wire, c.wire.size());
    reader r(in);
    if (c.kind == 0) r.uvarint();
    else if (c.kind == 1) r.varint();
    else if (c.kind == 2) r.uvarlong();
    else r.varlong();
    EXPECT_EQ(r.error(), client_errc::varint_too_long);
    EXPECT_TRUE(contains(r.detail(), c.kind < 2 ? "varint" : "varlong")) << r.detail();
  }
}

TEST(wire, uuid) {
  uuid u;
  for (std::uint8_t i = 0; i < 16; ++i) u.bytes[i] = static_cast<std::uint8_t>(i * 17);
  run_codec_table<uuid>({{"zero", uuid{}, bytes(16, 0)},
                         {"pattern", u, hex("00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff")}},
                        classic);
}

TEST(wire, strings) {
  const std::string s200(200, 'x');
  run_codec_table<std::string>({{"empty", "", hex("00 00")},
                                {"abc", "abc", hex("00 03 61 62 63")},
                                {"200 bytes", s200, cat(hex("00 c8"), bytes(200, 'x'))}},
                               classic);
  run_codec_table<std::optional<std::string>>(
      {{"null", std::nullopt, hex("ff ff")}, {"empty", "", hex("00 00")}, {"abc", "abc", hex("00 03 61 62 63")}},
      classic);
  run_codec_table<std::string>({{"empty", "", hex("01")},
                                {"abc", "abc", hex("04 61 62 63")},
                                {"200 bytes", s200, cat(hex("c9 01"), bytes(200, 'x'))}},
                               compact);
  run_codec_table<std::optional<std::string>>(
      {{"null", std::nullopt, hex("00")}, {"empty", "", hex("01")}, {"abc", "abc", hex("04 61 62 63")}}, compact);
}

TEST(wire, bytes_fields) {
  run_codec_table<bytes>({{"empty", {}, hex("00 00 00 00")}, {"3", hex("01 02 03"), hex("00 00 00 03 01 02 03")}},
                         classic);
  run_codec_table<std::optional<bytes>>(
      {{"null", std::nullopt, hex("ff ff ff ff")}, {"empty", bytes{}, hex("00 00 00 00")}, {"1", hex("aa"), hex("00 00 00 01 aa")}},
      classic);
  run_codec_table<bytes>({{"empty", {}, hex("01")}, {"2", hex("01 02"), hex("03 01 02")}}, compact);
  run_codec_table<std::optional<bytes>>(
      {{"null", std::nullopt, hex("00")}, {"empty", bytes{}, hex("01")}, {"1", hex("aa"), hex("02 aa")}}, compact);
}

TEST(wire, arrays) {
  run_codec_table<i32s>({{"empty", {}, hex("00 00 00 00")},
                         {"1,-1", {1, -1}, hex("00 00 00 02 00 00 00 01 ff ff ff ff")}},
                        classic);
  run_codec_table<strs>({{"empty", {}, hex("00 00 00 00")},
                         {"a,bc,\"\"", {"a", "bc", ""}, hex("00 00 00 03 00 01 61 00 02 62 63 00 00")}},
                        classic);
  run_codec_table<std::optional<i32s>>({{"null", std::nullopt, hex("ff ff ff ff")},
                                        {"empty", i32s{}, hex("00 00 00 00")},
                                        {"7", i32s{7}, hex("00 00 00 01 00 00 00 07")}},
                                       classic);
  run_codec_table<std::optional<strs>>(
      {{"null", std::nullopt, hex("ff ff ff ff")}, {"a", strs{"a"}, hex("00 00 00 01 00 01 61")}}, classic);

  run_codec_table<i32s>({{"empty", {}, hex("01")}, {"1,-1", {1, -1}, hex("03 00 00 00 01 ff ff ff ff")}}, compact);
  run_codec_table<strs>({{"empty", {}, hex("01")}, {"a,bc,\"\"", {"a", "bc", ""}, hex("04 02 61 03 62 63 01")}},
                        compact);
  run_codec_table<std::optional<i32s>>(
      {{"null", std::nullopt, hex("00")}, {"empty", i32s{}, hex("01")}, {"7", i32s{7}, hex("02 00 00 00 07")}},
      compact);
  run_codec_table<std::optional<strs>>({{"null", std::nullopt, hex("00")}, {"a", strs{"a"}, hex("02 02 61")}},
                                       compact);
}

TEST(wire, negative_lengths) {
  EXPECT_EQ(decode_error<std::string>(hex("ff fe"), classic), client_errc::negative_length);
  EXPECT_EQ(decode_error<std::optional<std::string>>(hex("ff fe"), classic), client_errc::negative_length);
  EXPECT_EQ(decode_error<bytes>(hex("ff ff ff fe"), classic), client_errc::negative_length);
  EXPECT_EQ(decode_error<std::optional<bytes>>(hex("ff ff ff fe"), classic), client_errc::negative_length);
  EXPECT_EQ(decode_error<i32s>(hex("ff ff ff fe"), classic), client_errc::negative_length);
  EXPECT_EQ(decode_error<std::optional<i32s>>(hex("ff ff ff fe"), classic), client_errc::negative_length);
  EXPECT_EQ(decode_error<strs>(hex("80 00 00 00"), classic), client_errc::negative_length);
  std::string detail;
  decode_error<std::string>(hex("ff fe"), classic, &detail);
  EXPECT_EQ(detail, "length -2 is invalid here");
}

TEST(wire, length_exceeds_input) {
  EXPECT_EQ(decode_error<std::string>(hex("00 05 61 62"), classic), client_errc::length_exceeds_input);
  EXPECT_EQ(decode_error<std::string>(hex("7f ff"), classic), client_errc::length_exceeds_input);
  EXPECT_EQ(decode_error<std::string>(hex("ff ff ff ff 0f"), compact), client_errc::length_exceeds_input);
  EXPECT_EQ(decode_error<std::optional<std::string>>(hex("06 61"), compact), client_errc::length_exceeds_input);
  EXPECT_EQ(decode_error<bytes>(hex("00 00 00 10 01 02 03"), classic), client_errc::length_exceeds_input);
  EXPECT_EQ(decode_error<bytes>(hex("7f ff ff ff"), classic), client_errc::length_exceeds_input);
  EXPECT_EQ(decode_error<std::optional<bytes>>(hex("ff ff ff ff 0f"), compact), client_errc::length_exceeds_input);
  EXPECT_EQ(decode_error<std::optional<strs>>(hex("7f ff ff ff 00"), classic), client_errc::length_exceeds_input);

  // 2,000,000,000 int32 elements announced, 4 bytes present: refused before any reservation.
  const bytes wire = hex("77 35 94 00 00 00 00 01");
  const bytes in = exact(wire, wire.size());
  reader r(in);
  i32s v;
  read_value(r, v, classic);
  EXPECT_EQ(r.error(), client_errc::length_exceeds_input);
  EXPECT_EQ(v.capacity(), 0u);
  EXPECT_EQ(r.detail(), "length 2000000000 exceeds the 4 bytes left");

  // The same in compact form: a varint count of 2^32-2.
  const bytes cwire = hex("ff ff ff ff 0f 00");
  const bytes cin = exact(cwire, cwire.size());
  reader r2(cin);
  i32s v2;
  read_value(r2, v2, compact);
  EXPECT_EQ(r2.error(), client_errc::length_exceeds_input);
  EXPECT_EQ(v2.capacity(), 0u);
}

TEST(wire, null_where_not_allowed) {
  const std::vector<std::pair<std::string, client_errc>> results = {
      {"string", decode_error<std::string>(hex("ff ff"), classic)},
      {"compact string", decode_error<std::string>(hex("00"), compact)},
      {"bytes", decode_error<bytes>(hex("ff ff ff ff"), classic)},
      {"compact bytes", decode_error<bytes>(hex("00"), compact)},
      {"array", decode_error<i32s>(hex("ff ff ff ff"), classic)},
      {"compact array", decode_error<strs>(hex("00"), compact)},
      {"string element", decode_error<strs>(hex("00 00 00 01 ff ff"), classic)},
  };
  for (const auto& [name, e] : results) EXPECT_EQ(e, client_errc::unexpected_null) << name;
}

TEST(wire, reader_detail_and_sticky_error) {
  const bytes in = hex("00 01");
  reader r(in);
  EXPECT_EQ(r.i32(), 0);
  EXPECT_EQ(r.error(), client_errc::truncated);
  EXPECT_EQ(r.detail(), "needed 4 bytes, 2 left");
  EXPECT_EQ(r.remaining(), 0u);
  // Later reads neither succeed nor replace the root cause.
  EXPECT_EQ(r.i8(), 0);
  r.fail(client_errc::invalid_value, "later");
  EXPECT_EQ(r.error(), client_errc::truncated);
  EXPECT_EQ(r.detail(), "needed 4 bytes, 2 left");

  // An element failure names its index.
  std::string detail;
  EXPECT_EQ(decode_error<strs>(hex("00 00 00 02 00 01 61 00 05 62"), classic, &detail),
            client_errc::length_exceeds_input);
  EXPECT_EQ(detail, "[1]: length 5 exceeds the 1 bytes left");

  // expect_end reports the leftover count.
  const bytes two = hex("01 02");
  reader e(two);
  e.i8();
  EXPECT_FALSE(e.expect_end("the test value"));
  EXPECT_EQ(e.error(), client_errc::extra_bytes);
  EXPECT_EQ(e.detail(), "1 bytes left over after the test value");
}

TEST(wire, writer_refuses_oversized_classic_string) {
  bytes out;
  writer w(out);
  write_value(w, std::string(40000, 'x'), classic);
  EXPECT_EQ(w.error(), client_errc::value_too_large);
  EXPECT_TRUE(contains(w.detail(), "32767")) << w.detail();
}

// An array count is checked against the element's wire size: 3 int32 elements (12 bytes)
// announced with 8 bytes left fail with length_exceeds_input before any allocation.
TEST(wire, array_count_checked_against_element_size) {
  const bytes wire = hex("00 00 00 03 00 00 00 01 00 00 00 02");
  const bytes in = exact(wire, wire.size());
  reader r(in);
  i32s v;
  read_value(r, v, classic);
  EXPECT_EQ(r.error(), client_errc::length_exceeds_input) << r.detail();
  EXPECT_EQ(v.capacity(), 0u);
}
