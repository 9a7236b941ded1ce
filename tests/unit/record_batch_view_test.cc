// protocol::for_each_batch_view against for_each_batch: the same batches, records, headers and
// errors for magic 2 batches (every codec, with and without CRC checks), legacy messages and
// corrupt input, and views that point into the input when nothing was decompressed.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/hex.hpp"
#include <kwire/protocol/record_batch.hpp>

namespace kwire::protocol {
namespace {

using test::hex;

bytes b(const std::string& s) { return {s.begin(), s.end()}; }

record_batch batch_of(std::int64_t base, int count, std::int16_t codec) {
  record_batch batch;
  batch.base_offset = base;
  batch.attributes = codec;
  batch.first_timestamp = 1000;
  batch.max_timestamp = 1000 + count - 1;
  batch.last_offset_delta = count - 1;
  for (int i = 0; i < count; ++i) {
    record r;
    r.offset = base + i;
    r.timestamp = 1000 + i;
    if (i % 3 == 0) r.key = b("key" + std::to_string(i));
    if (i % 3 == 1) r.key = bytes{};  // empty, not null
    if (i % 4 != 2) r.value = b("value " + std::to_string(i));
    if (i % 2 == 0) r.headers = {{"h" + std::to_string(i), b("x")}, {"n", std::nullopt}};
    batch.records.push_back(std::move(r));
  }
  return batch;
}

std::optional<bytes> owned(const std::optional<byte_view>& v) {
  if (!v) return std::nullopt;
  return bytes(v->begin(), v->end());
}

// What the view decoding gives, turned back into owning batches.
codec_result decode_views(byte_view in, std::vector<record_batch>& out, const decode_options& opts,
                          std::vector<bool>* owned_flags = nullptr) {
  return for_each_batch_view(in, opts, [&](const batch_view& v) {
    record_batch batch = v.info;
    for (const auto& rv : v.records) {
      record r{rv.offset, rv.timestamp, owned(rv.key), owned(rv.value), {}};
      for (std::uint32_t h = 0; h < rv.header_count; ++h) {
        const auto& hv = v.headers[rv.first_header + h];
        r.headers.push_back({std::string(hv.key), owned(hv.value)});
      }
      batch.records.push_back(std::move(r));
    }
    out.push_back(std::move(batch));
    if (owned_flags) owned_flags->push_back(v.owner != nullptr);
  });
}

void expect_same(const bytes& wire, bool check_crc) {
  decode_options opts;
  opts.check_crc = check_crc;
  std::vector<record_batch> want, got;
  const auto w = for_each_batch(wire, opts, [&](record_batch& batch) { want.push_back(std::move(batch)); });
  const auto g = decode_views(wire, got, opts);
  EXPECT_EQ(g.ec, w.ec);
  EXPECT_EQ(g.detail, w.detail);
  EXPECT_EQ(got, want);
}

TEST(RecordBatchView, EqualsTheOwningDecodeForEveryCodec) {
  for (std::int16_t codec = 0; codec <= 4; ++codec) {
    bytes wire;
    ASSERT_TRUE(encode_batch(batch_of(0, 7, codec), wire));
    ASSERT_TRUE(encode_batch(batch_of(7, 12, codec), wire));
    expect_same(wire, true);
    expect_same(wire, false);
    // Cut anywhere (a fetch limit, or corrupt lengths), and with a flipped byte (CRC, codec).
    for (std::size_t cut = 0; cut < wire.size(); cut += 7) expect_same(bytes(wire.begin(), wire.begin() + cut), true);
    for (std::size_t at = 0; at < wire.size(); at += 5) {
      bytes bad = wire;
      bad[at] ^= 0x21;
      expect_same(bad, true);
      expect_same(bad, false);
    }
  }
}

TEST(RecordBatchView, UncompressedViewsPointIntoTheInputCompressedOnesAreOwned) {
  bytes wire;
  ASSERT_TRUE(encode_batch(batch_of(0, 3, 0), wire));
  ASSERT_TRUE(encode_batch(batch_of(3, 3, 1 /* gzip */), wire));
  std::vector<const std::uint8_t*> values;
  std::vector<bool> owners;
  auto res = for_each_batch_view(wire, {}, [&](const batch_view& v) {
    owners.push_back(v.owner != nullptr);
    values.push_back(v.records[0].value->data());
  });
  ASSERT_TRUE(res) << res.detail;
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(owners, (std::vector<bool>{false, true}));
  EXPECT_TRUE(values[0] >= wire.data() && values[0] < wire.data() + wire.size());
  EXPECT_FALSE(values[1] >= wire.data() && values[1] < wire.data() + wire.size());
}

TEST(RecordBatchView, LegacyMessagesAreCopiedOnceIntoAnOwnedBuffer) {
  // A magic 0 message (offset 5, null key, value "abc") and a magic 1 one (offset 6, key "k",
  // null value), CRC-32 computed with Python's zlib.crc32 (as in record_batch_test).
  const bytes wire = hex(
      "0000000000000005" "00000011" "43dc3faf" "00" "00" "ffffffff" "00000003616263"
      "0000000000000006" "00000017" "d74cb25d" "01" "00" "00000174876e8000" "000000016b" "ffffffff");
  expect_same(wire, true);
  std::vector<record_batch> got;
  std::vector<bool> owners;
  ASSERT_TRUE(decode_views(wire, got, {}, &owners));
  EXPECT_EQ(owners, (std::vector<bool>{true, true}));
}

}  // namespace
}  // namespace kwire::protocol
