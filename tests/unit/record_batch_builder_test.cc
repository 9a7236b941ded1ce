// The producer's record batch builder against the generic encoder (protocol/record_batch.hpp):
// same records → same bytes, for every codec; the producer fields rewritten for a retry; the
// size bookkeeping the accumulator relies on; buffers reused without reallocation.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/protocol/record_batch.hpp>
#include <kwire/protocol/record_batch_builder.hpp>

using namespace kwire::protocol;
namespace compression = kwire::compression;
using kwire::client_errc;

namespace {

bytes b(std::string_view s) { return bytes(s.begin(), s.end()); }

std::optional<byte_view> view(const std::optional<bytes>& v) {
  return v ? std::optional<byte_view>(byte_view(*v)) : std::nullopt;
}

// Feeds a generic batch's records to a builder (offsets must be 0, 1, 2, ...).
void append_all(record_batch_builder& builder, const record_batch& batch) {
  for (const auto& r : batch.records) {
    std::vector<header_ref> headers;
    for (const auto& h : r.headers) headers.push_back({h.key, view(h.value)});
    ASSERT_TRUE(builder.append({r.timestamp, view(r.key), view(r.value), headers}));
  }
}

// What the builder is meant to produce, written with the generic encoder.
bytes generic(record_batch batch, compression::codec codec, int level, std::int64_t pid = -1,
              std::int16_t epoch = -1, std::int32_t seq = -1) {
  batch.attributes = static_cast<std::int16_t>(static_cast<int>(codec));
  batch.producer_id = pid;
  batch.producer_epoch = epoch;
  batch.base_sequence = seq;
  batch.last_offset_delta = static_cast<std::int32_t>(batch.records.size()) - 1;
  batch.first_timestamp = batch.records.front().timestamp;
  batch.max_timestamp = batch.records.front().timestamp;
  for (const auto& r : batch.records) batch.max_timestamp = std::max(batch.max_timestamp, r.timestamp);
  bytes out;
  auto res = encode_batch(batch, out, {level});
  EXPECT_TRUE(res) << res.detail;
  return out;
}

struct named_batch {
  std::string name;
  record_batch batch;
};

std::vector<named_batch> cases() {
  std::vector<named_batch> v;
  record_batch one;
  one.records.push_back({0, 1'700'000'000'000, b("k"), b("v"), {}});
  v.push_back({"one record", one});

  record_batch nulls;  // null and empty keys/values, headers with null and empty values
  nulls.records.push_back({0, 5, std::nullopt, std::nullopt, {}});
  nulls.records.push_back({1, 6, bytes{}, bytes{}, {{"", std::nullopt}, {"a", bytes{}}, {"trace", b("xyz")}}});
  nulls.records.push_back({2, 7, b("key"), std::nullopt, {{"h", std::nullopt}}});
  v.push_back({"nulls and headers", nulls});

  record_batch back_in_time;  // later records with earlier timestamps: negative deltas
  back_in_time.records.push_back({0, 1'000'000, b("a"), b("1"), {}});
  back_in_time.records.push_back({1, 999'000, b("b"), b("2"), {}});
  back_in_time.records.push_back({2, 1'000'500, b("c"), b("3"), {}});
  v.push_back({"timestamps out of order", back_in_time});

  record_batch many;  // enough records and bytes for multi-byte varints and several codec blocks
  for (int i = 0; i < 500; ++i) {
    std::string value(static_cast<std::size_t>(i % 97) * 3, static_cast<char>('a' + i % 26));
    many.records.push_back({i, 1'700'000'000'000 + i * 7, b("key-" + std::to_string(i % 13)), b(value),
                            {{"n", b(std::to_string(i))}}});
  }
  v.push_back({"500 records", many});

  record_batch big;  // one value over the 64 KiB lz4 block and the 32 KiB snappy block
  bytes value(150'000);
  for (std::size_t i = 0; i < value.size(); ++i) value[i] = static_cast<std::uint8_t>((i * 31) ^ (i >> 7));
  big.records.push_back({0, 1, std::nullopt, value, {}});
  v.push_back({"150 KB value", big});
  return v;
}

const compression::codec all_codecs[] = {compression::codec::none, compression::codec::gzip,
                                         compression::codec::snappy, compression::codec::lz4,
                                         compression::codec::zstd};

TEST(RecordBatchBuilder, SameBytesAsGenericEncoderForEveryCodec) {
  record_batch_builder builder(16384);
  for (const auto& c : cases()) {
    for (auto codec : all_codecs) {
      SCOPED_TRACE(c.name + ", " + compression::codec_name(codec));
      builder.reset();
      append_all(builder, c.batch);
      ASSERT_EQ(builder.record_count(), static_cast<std::int32_t>(c.batch.records.size()));
      ASSERT_TRUE(builder.close({12345, 7, 1000, codec, compression::default_level}));
      const bytes expected = generic(c.batch, codec, compression::default_level, 12345, 7, 1000);
      const bytes got(builder.bytes().begin(), builder.bytes().end());
      // Both compress identical plain bytes with the same library call, so even compressed
      // batches match byte for byte; decoding both proves the records too.
      EXPECT_EQ(got, expected);
      std::vector<record_batch> from_builder, from_generic;
      ASSERT_TRUE(decode_batches(byte_view(got), from_builder));
      ASSERT_TRUE(decode_batches(byte_view(expected), from_generic));
      ASSERT_EQ(from_builder.size(), 1u);
      EXPECT_EQ(from_builder, from_generic);
      EXPECT_EQ(from_builder[0].records, c.batch.records);
      EXPECT_EQ(from_builder[0].compression(), static_cast<compression_codec>(static_cast<int>(codec)));
      EXPECT_EQ(from_builder[0].producer_id, 12345);
      EXPECT_EQ(from_builder[0].producer_epoch, 7);
      EXPECT_EQ(from_builder[0].base_sequence, 1000);
    }
  }
}

// Random records (null/empty/long keys and values, 0..3 headers, timestamps jumping both ways
// by up to 2^40 ms) through both paths, cycling the codecs.
TEST(RecordBatchBuilder, RandomBatchesMatchTheGenericEncoder) {
  std::mt19937_64 rng(20240607);
  const auto coin = [&](int in) { return std::uniform_int_distribution<int>(0, in - 1)(rng) == 0; };
  const auto blob = [&](std::size_t max) -> std::optional<bytes> {
    if (coin(5)) return std::nullopt;
    bytes out(std::uniform_int_distribution<std::size_t>(0, max)(rng));
    for (auto& x : out) x = static_cast<std::uint8_t>(rng());
    return out;
  };
  record_batch_builder builder(4096);
  for (int n = 0; n < 200; ++n) {
    record_batch batch;
    const int count = std::uniform_int_distribution<int>(1, 40)(rng);
    std::int64_t ts = std::uniform_int_distribution<std::int64_t>(0, std::int64_t{1} << 42)(rng);
    for (int i = 0; i < count; ++i) {
      record r;
      r.offset = i;
      r.timestamp = ts;
      ts += std::uniform_int_distribution<std::int64_t>(-(std::int64_t{1} << 40), std::int64_t{1} << 40)(rng);
      r.key = blob(coin(10) ? 1000 : 20);
      r.value = blob(coin(10) ? 5000 : 200);
      const int headers = std::uniform_int_distribution<int>(0, 3)(rng);
      for (int h = 0; h < headers; ++h) {
        const auto key = blob(12).value_or(bytes{});
        r.headers.push_back({std::string(key.begin(), key.end()), blob(30)});
      }
      batch.records.push_back(std::move(r));
    }
    const auto codec = all_codecs[static_cast<std::size_t>(n) % std::size(all_codecs)];
    builder.reset();
    append_all(builder, batch);
    ASSERT_TRUE(builder.close({n, static_cast<std::int16_t>(n % 7), n * 100, codec, compression::default_level}));
    const bytes got(builder.bytes().begin(), builder.bytes().end());
    ASSERT_EQ(got, generic(batch, codec, compression::default_level, n, static_cast<std::int16_t>(n % 7), n * 100))
        << "batch " << n << " (" << compression::codec_name(codec) << ")";
    std::vector<record_batch> decoded;
    ASSERT_TRUE(decode_batches(byte_view(got), decoded));
    ASSERT_EQ(decoded.at(0).records, batch.records) << "batch " << n;
  }
}

TEST(RecordBatchBuilder, ExplicitCompressionLevels) {
  const auto c = cases()[3];
  for (auto [codec, level] : {std::pair{compression::codec::gzip, 1}, {compression::codec::gzip, 9},
                              {compression::codec::lz4, 17}, {compression::codec::zstd, -5},
                              {compression::codec::zstd, 19}}) {
    record_batch_builder builder;
    append_all(builder, c.batch);
    ASSERT_TRUE(builder.close({-1, -1, -1, codec, level}));
    EXPECT_EQ(bytes(builder.bytes().begin(), builder.bytes().end()), generic(c.batch, codec, level))
        << compression::codec_name(codec) << " level " << level;
  }
}

TEST(RecordBatchBuilder, RewritesProducerStateForARetry) {
  for (auto codec : all_codecs) {
    SCOPED_TRACE(compression::codec_name(codec));
    const auto c = cases()[1];
    record_batch_builder builder;
    append_all(builder, c.batch);
    ASSERT_TRUE(builder.close({1, 0, 0, codec, compression::default_level}));
    // An epoch bump renumbers: new epoch, new base sequence; the CRC must follow.
    builder.set_producer_state(77, 3, 41);
    const bytes got(builder.bytes().begin(), builder.bytes().end());
    EXPECT_EQ(got, generic(c.batch, codec, compression::default_level, 77, 3, 41));
    std::vector<record_batch> decoded;
    auto res = decode_batches(byte_view(got), decoded, true);  // CRC checked
    ASSERT_TRUE(res) << res.detail;
    EXPECT_EQ(decoded[0].producer_id, 77);
    EXPECT_EQ(decoded[0].producer_epoch, 3);
    EXPECT_EQ(decoded[0].base_sequence, 41);
    EXPECT_EQ(decoded[0].records, c.batch.records);
  }
}

TEST(RecordBatchBuilder, SizesAreExact) {
  record_batch_builder builder;
  EXPECT_EQ(builder.size(), 0u);  // default-constructed: nothing yet
  builder.reset();
  EXPECT_EQ(builder.size(), batch_header_size);
  const auto c = cases()[1];
  std::int32_t i = 0;
  for (const auto& r : c.batch.records) {
    std::vector<header_ref> headers;
    for (const auto& h : r.headers) headers.push_back({h.key, view(h.value)});
    const record_ref ref{r.timestamp, view(r.key), view(r.value), headers};
    const std::size_t before = builder.size();
    const std::size_t predicted =
        record_batch_builder::record_size(ref, i == 0 ? r.timestamp : builder.first_timestamp(), i);
    if (i == 0) {
      EXPECT_EQ(record_batch_builder::size_alone(ref), batch_header_size + predicted);
    }
    ASSERT_TRUE(builder.append(ref));
    EXPECT_EQ(builder.size() - before, predicted);
    ++i;
  }
  ASSERT_TRUE(builder.close({}));
  EXPECT_EQ(builder.bytes().size(), builder.size());  // uncompressed: what was counted is sent
  EXPECT_EQ(builder.bytes().size(), generic(c.batch, compression::codec::none, compression::default_level).size());
}

TEST(RecordBatchBuilder, FitsWithinALimitButTheFirstRecordAlwaysFits) {
  const bytes value(100, 0x11);
  const record_ref r{1, std::nullopt, byte_view(value), {}};
  record_batch_builder builder(256);
  EXPECT_TRUE(builder.fits(r, 10));  // empty: a batch holds at least one record
  ASSERT_TRUE(builder.append(r));
  const std::size_t after_one = builder.size();
  const std::size_t next = record_batch_builder::record_size(r, 1, 1);
  EXPECT_TRUE(builder.fits(r, after_one + next));
  EXPECT_FALSE(builder.fits(r, after_one + next - 1));
}

TEST(RecordBatchBuilder, ReusesItsBufferWithoutReallocating) {
  const bytes value(50, 0x22);
  const record_ref r{1, std::nullopt, byte_view(value), {}};
  record_batch_builder builder(4096);
  for (int round = 0; round < 3; ++round) {
    builder.reset();
    ASSERT_TRUE(builder.append(r));
    const auto* data = builder.bytes().data();  // not closed yet: empty view
    EXPECT_EQ(data, nullptr);
    ASSERT_TRUE(builder.close({}));
    const auto* first = builder.bytes().data();
    builder.reset();
    while (builder.fits(r, 4096)) ASSERT_TRUE(builder.append(r));
    ASSERT_TRUE(builder.close({}));
    EXPECT_EQ(builder.bytes().data(), first) << "round " << round << ": the buffer moved";
    EXPECT_LE(builder.size(), 4096u);
  }
}

TEST(RecordBatchBuilder, RefusesMisuse) {
  record_batch_builder builder(64);
  auto res = builder.close({});
  EXPECT_EQ(res.ec, client_errc::invalid_value);
  EXPECT_NE(res.detail.find("at least one record"), std::string::npos) << res.detail;
  const bytes v = b("v");
  ASSERT_TRUE(builder.append({1, std::nullopt, byte_view(v), {}}));
  res = builder.close({-1, -1, -1, compression::codec::lz4, 99});
  EXPECT_EQ(res.ec, compression::compression_errc::invalid_level) << res.detail;
  EXPECT_FALSE(builder.closed());
  ASSERT_TRUE(builder.close({}));
  EXPECT_EQ(builder.close({}).ec, client_errc::invalid_value);
  res = builder.append({1, std::nullopt, byte_view(v), {}});
  EXPECT_EQ(res.ec, client_errc::invalid_value);
  EXPECT_NE(res.detail.find("closed"), std::string::npos) << res.detail;
}

}  // namespace
