// for_each_batch (batch-by-batch decoding, what the consumer's fetcher uses) and
// declared_record_count (the reservation hint). Decoding reads from exact-size heap copies so
// ASan sees any over-read.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <kwire/protocol/record_batch.hpp>

using namespace kwire::protocol;
using kwire::client_errc;

namespace {

struct exact {
  explicit exact(const bytes& in) : size(in.size()), data(std::make_unique<std::uint8_t[]>(in.size() ? in.size() : 1)) {
    std::copy(in.begin(), in.end(), data.get());
  }
  byte_view view() const { return byte_view(data.get(), size); }
  std::size_t size;
  std::unique_ptr<std::uint8_t[]> data;
};

record_batch batch_of(std::int64_t base, int count, std::int16_t attributes = 0) {
  record_batch b;
  b.base_offset = base;
  b.first_timestamp = b.max_timestamp = 1000;
  b.attributes = attributes;
  b.last_offset_delta = count - 1;
  for (int i = 0; i < count; ++i) {
    const std::string v = "value-" + std::to_string(base + i);
    b.records.push_back({base + i, 1000, std::nullopt, bytes(v.begin(), v.end()), {}});
  }
  return b;
}

bytes encoded(const std::vector<record_batch>& batches) {
  bytes out;
  for (const auto& b : batches) EXPECT_TRUE(encode_batch(b, out));
  return out;
}

std::vector<record_batch> streamed(const bytes& in, codec_result& res) {
  std::vector<record_batch> got;
  exact e(in);
  res = for_each_batch(e.view(), decode_options{}, [&got](record_batch& b) { got.push_back(std::move(b)); });
  return got;
}

}  // namespace

TEST(ForEachBatch, HandsOverTheSameBatchesAsDecodeBatchesInOrder) {
  const std::vector<record_batch> sent{batch_of(0, 3), batch_of(3, 1), batch_of(4, 5, 3 /* lz4 */)};
  const bytes in = encoded(sent);
  codec_result res;
  const auto got = streamed(in, res);
  ASSERT_TRUE(res) << res.detail;
  std::vector<record_batch> whole;
  exact e(in);
  ASSERT_TRUE(decode_batches(e.view(), whole, decode_options{}));
  EXPECT_EQ(got, whole);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2].records.back().offset, 8);
}

TEST(ForEachBatch, StopsAtTheFirstBadBatchAfterHandingOverTheOnesBefore) {
  bytes in = encoded({batch_of(0, 2), batch_of(2, 2), batch_of(4, 2)});
  const std::size_t second = encoded({batch_of(0, 2)}).size();
  in[second + 61] ^= 0x01;  // first byte after the second batch's header: its CRC no longer matches
  codec_result res;
  const auto got = streamed(in, res);
  EXPECT_EQ(res.ec, make_error_code(client_errc::crc_mismatch));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].base_offset, 0);
}

TEST(ForEachBatch, APartialLastBatchEndsQuietly) {
  const bytes whole = encoded({batch_of(0, 2), batch_of(2, 2)});
  const bytes cut(whole.begin(), whole.end() - 5);
  codec_result res;
  const auto got = streamed(cut, res);
  EXPECT_TRUE(res) << res.detail;
  EXPECT_EQ(got.size(), 1u);
}

TEST(DeclaredRecordCount, SumsTheHeadersCountsAndSkipsAPartialLastBatch) {
  const bytes in = encoded({batch_of(0, 3), batch_of(3, 1), batch_of(4, 5, 3 /* lz4 */)});
  EXPECT_EQ(declared_record_count(exact(in).view()), 9u);
  const bytes cut(in.begin(), in.end() - 1);
  EXPECT_EQ(declared_record_count(exact(cut).view()), 4u);
  EXPECT_EQ(declared_record_count(exact(bytes{}).view()), 0u);
  EXPECT_EQ(declared_record_count(exact(bytes(30, 0)).view()), 0u);
}

TEST(DeclaredRecordCount, ACorruptCountIsCappedByTheBatchSize) {
  bytes in = encoded({batch_of(0, 2)});
  // Record count (the header's last 4 bytes) says 2^31 - 1: the hint stays within what the
  // batch's bytes could hold at the smallest record size (7 bytes).
  in[57] = 0x7f;
  in[58] = in[59] = in[60] = 0xff;
  EXPECT_EQ(declared_record_count(exact(in).view()), in.size() / 7);
  // A negative count counts nothing.
  in[57] = 0xff;
  EXPECT_EQ(declared_record_count(exact(in).view()), 0u);
}

TEST(DeclaredRecordCount, LegacyMessagesCountOneEach) {
  // Two magic 0 messages: offset, length 14, crc, magic 0, attributes 0, key -1, value "".
  bytes in;
  for (std::uint8_t offset : {0, 1}) {
    const bytes m{0, 0, 0, 0, 0, 0, 0, offset, 0, 0, 0, 14, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
    in.insert(in.end(), m.begin(), m.end());
  }
  EXPECT_EQ(declared_record_count(exact(in).view()), 2u);
  const bytes cut(in.begin(), in.end() - 1);
  EXPECT_EQ(declared_record_count(exact(cut).view()), 1u);
}
