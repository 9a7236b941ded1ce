// Record batches: a hand-checked magic 2 byte vector, round trips, CRC corruption, truncation
// at every byte, legacy magic 0/1 message sets, and compressed batches (ours round trip; the
// Java client's, magic 0/1 wrappers included, decode). Decoding always reads
// from an exact-size heap copy so ASan sees any over-read.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/hex.hpp"
#include <kwire/protocol/crc32c.hpp>
#include <kwire/protocol/record_batch.hpp>

using namespace kwire::protocol;
using kwire::client_errc;

namespace {

using kwire::test::hex;

bytes b(std::string_view s) { return bytes(s.begin(), s.end()); }

codec_result decode_exact(const bytes& in, std::vector<record_batch>& out, bool check_crc = true) {
  auto copy = std::make_unique<std::uint8_t[]>(in.size() ? in.size() : 1);
  std::copy(in.begin(), in.end(), copy.get());
  return decode_batches(byte_view(copy.get(), in.size()), out, check_crc);
}

// The batch the hand-written vector below spells out.
record_batch sample_batch() {
  record_batch batch;
  batch.base_offset = 16;
  batch.partition_leader_epoch = 5;
  batch.last_offset_delta = 1;
  batch.first_timestamp = 1000;
  batch.max_timestamp = 1005;
  batch.records.push_back({16, 1000, b("k"), b("v1"), {}});
  batch.records.push_back({17, 1005, std::nullopt, b("x"), {{"h", b("hv")}}});
  return batch;
}

// Checked field by field against the "Record Batch" section of Kafka's protocol guide.
// The CRC was computed independently (bitwise CRC-32C in Python) over attributes..end.
const bytes sample_bytes = hex(
    "0000000000000010"  // base offset 16
    "00000048"          // batch length 72 = 49 header bytes after this field + 23 record bytes
    "00000005"          // partition leader epoch 5
    "02"                // magic 2
    "ab8bd522"          // CRC-32C
    "0000"              // attributes: no compression, create time, not transactional/control
    "00000001"          // last offset delta 1
    "00000000000003e8"  // first timestamp 1000
    "00000000000003ed"  // max timestamp 1005
    "ffffffffffffffff"  // producer id -1
    "ffff"              // producer epoch -1
    "ffffffff"          // base sequence -1
    "00000002"          // 2 records
    // record 0: length 9 (zigzag 0x12), attributes 0, timestamp delta 0, offset delta 0,
    // key length 1 (0x02) "k", value length 2 (0x04) "v1", 0 headers
    "12" "00" "00" "00" "02" "6b" "04" "7631" "00"
    // record 1: length 12 (0x18), attributes 0, timestamp delta 5 (0x0a), offset delta 1 (0x02),
    // key null (-1 = 0x01), value length 1 "x", 1 header: key length 1 "h", value length 2 "hv"
    "18" "00" "0a" "02" "01" "02" "78" "02" "02" "68" "04" "6876");

TEST(RecordBatch, EncodesHandCheckedBytes) {
  bytes out;
  ASSERT_TRUE(encode_batch(sample_batch(), out));
  EXPECT_EQ(out, sample_bytes);
}

TEST(RecordBatch, DecodesHandCheckedBytes) {
  std::vector<record_batch> got;
  auto res = decode_exact(sample_bytes, got);
  ASSERT_TRUE(res) << res.detail;
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], sample_batch());
  EXPECT_EQ(got[0].compression(), compression_codec::none);
  EXPECT_FALSE(got[0].is_transactional());
  EXPECT_FALSE(got[0].is_control());
}

std::vector<record_batch> varied_batches() {
  std::vector<record_batch> v;
  v.push_back(sample_batch());

  record_batch empty_values;  // null key and value, empty key and value, many headers
  empty_values.base_offset = 1'000'000'000'000;
  empty_values.first_timestamp = 1'700'000'000'000;
  empty_values.max_timestamp = 1'700'000'000'000;
  empty_values.last_offset_delta = 300;
  empty_values.records.push_back({empty_values.base_offset, 1'700'000'000'000, std::nullopt, std::nullopt, {}});
  empty_values.records.push_back({empty_values.base_offset + 300, 1'699'999'999'000, bytes{}, bytes{},
                                  {{"", std::nullopt}, {"a", bytes{}}, {"trace-id", bytes(300, 0x5a)}}});
  v.push_back(empty_values);

  record_batch txn;  // transactional, idempotent producer fields
  txn.base_offset = 42;
  txn.attributes = record_batch::transactional_flag;
  txn.producer_id = 12345;
  txn.producer_epoch = 3;
  txn.base_sequence = 77;
  txn.first_timestamp = txn.max_timestamp = 5;
  txn.records.push_back({42, 5, b("key"), bytes(1000, 0xab), {}});
  v.push_back(txn);

  record_batch control;  // commit marker
  control.base_offset = 43;
  control.attributes = record_batch::transactional_flag | record_batch::control_flag;
  control.producer_id = 12345;
  control.producer_epoch = 3;
  control.first_timestamp = control.max_timestamp = 6;
  control.records.push_back(make_control_record(43, 6, control_type::commit, 9));
  v.push_back(control);

  record_batch no_records;
  no_records.base_offset = 50;
  v.push_back(no_records);
  return v;
}

bytes encode_all(const std::vector<record_batch>& batches) {
  bytes out;
  for (const auto& batch : batches) {
    auto res = encode_batch(batch, out);
    EXPECT_TRUE(res) << res.detail;
  }
  return out;
}

TEST(RecordBatch, RoundTripsSeveralBatches) {
  const auto batches = varied_batches();
  const bytes wire = encode_all(batches);
  std::vector<record_batch> got;
  auto res = decode_exact(wire, got);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, batches);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_TRUE(got[2].is_transactional());
  EXPECT_FALSE(got[2].is_control());
  EXPECT_TRUE(got[3].is_control());
  control_record marker;
  ASSERT_TRUE(decode_control_record(got[3].records.at(0), marker));
  EXPECT_EQ(marker, (control_record{0, control_type::commit}));
}

TEST(RecordBatch, ControlRecordAbortAndBadKeys) {
  control_record marker;
  ASSERT_TRUE(decode_control_record(make_control_record(1, 1, control_type::abort), marker));
  EXPECT_EQ(marker.type, control_type::abort);
  record r;
  EXPECT_EQ(decode_control_record(r, marker).ec, client_errc::corrupt_record_batch);  // null key
  r.key = hex("0000");
  EXPECT_EQ(decode_control_record(r, marker).ec, client_errc::corrupt_record_batch);  // too short
  r.key = hex("00000007");
  EXPECT_EQ(decode_control_record(r, marker).ec, client_errc::invalid_value);  // unknown type
}

TEST(RecordBatch, NullRecordsFieldIsEmpty) {
  std::vector<record_batch> got;
  EXPECT_TRUE(decode_batches(records{}, got));
  EXPECT_TRUE(got.empty());
  EXPECT_TRUE(decode_batches(records{record_bytes{sample_bytes}}, got));
  EXPECT_EQ(got.size(), 1u);
}

TEST(RecordBatch, CrcCorruptionIsReported) {
  // Flip one bit in every byte the CRC covers (attributes onward), one at a time.
  for (std::size_t i = 21; i < sample_bytes.size(); ++i) {
    bytes bad = sample_bytes;
    bad[i] ^= 0x01;
    std::vector<record_batch> got;
    auto res = decode_exact(bad, got);
    ASSERT_EQ(res.ec, client_errc::crc_mismatch) << "byte " << i;
    EXPECT_NE(res.detail.find("batch says 0xab8bd522"), std::string::npos) << res.detail;
    EXPECT_NE(res.detail.find("bytes give 0x"), std::string::npos) << res.detail;
  }
  bytes bad_crc = sample_bytes;
  bad_crc[17] ^= 0xff;
  std::vector<record_batch> got;
  EXPECT_EQ(decode_exact(bad_crc, got).ec, client_errc::crc_mismatch);
  got.clear();
  EXPECT_TRUE(decode_exact(bad_crc, got, /*check_crc=*/false));
}

TEST(RecordBatch, TruncationStopsAtThePartialBatch) {
  const auto batches = varied_batches();
  const bytes wire = encode_all(batches);
  std::vector<std::size_t> ends;  // where each batch ends
  {
    std::size_t at = 0;
    for (const auto& batch : batches) {
      bytes one;
      ASSERT_TRUE(encode_batch(batch, one));
      at += one.size();
      ends.push_back(at);
    }
  }
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    std::vector<record_batch> got;
    auto res = decode_exact(bytes(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(cut)), got);
    ASSERT_TRUE(res) << "cut " << cut << ": " << res.detail;
    std::size_t complete = 0;
    while (complete < ends.size() && ends[complete] <= cut) ++complete;
    ASSERT_EQ(got.size(), complete) << "cut " << cut;
    EXPECT_EQ(got, std::vector<record_batch>(batches.begin(), batches.begin() + static_cast<std::ptrdiff_t>(complete)));
  }
}

TEST(RecordBatch, ShortenedLengthFailsCleanly) {
  // The length field claims fewer bytes than the records need: a corrupt batch, never an
  // over-read. CRC checking is off so the record parser itself meets the short input.
  for (std::size_t len = 0; len < sample_bytes.size() - 12; ++len) {
    bytes bad(sample_bytes.begin(), sample_bytes.begin() + static_cast<std::ptrdiff_t>(12 + len));
    bad[8] = 0;
    bad[9] = 0;
    bad[10] = static_cast<std::uint8_t>(len >> 8);
    bad[11] = static_cast<std::uint8_t>(len);
    std::vector<record_batch> got;
    auto res = decode_exact(bad, got, /*check_crc=*/false);
    EXPECT_FALSE(res) << "length " << len;
    EXPECT_FALSE(res.detail.empty());
  }
}

TEST(RecordBatch, BadLengthsAndCountsFail) {
  std::vector<record_batch> got;
  bytes neg = sample_bytes;  // negative batch length
  neg[8] = 0xff;
  EXPECT_EQ(decode_exact(neg, got).ec, client_errc::corrupt_record_batch);

  bytes magic = sample_bytes;  // unknown magic
  magic[16] = 3;
  auto res = decode_exact(magic, got);
  EXPECT_EQ(res.ec, client_errc::corrupt_record_batch);
  EXPECT_NE(res.detail.find("unknown magic 3"), std::string::npos) << res.detail;

  bytes count = sample_bytes;  // record count far beyond the bytes present
  count[60] = 0x7f;
  res = decode_exact(count, got, false);
  EXPECT_EQ(res.ec, client_errc::length_exceeds_input);

  bytes fewer = sample_bytes;  // one record fewer than present: bytes left over
  fewer[60] = 1;
  res = decode_exact(fewer, got, false);
  EXPECT_EQ(res.ec, client_errc::extra_bytes) << res.detail;

  bytes key = sample_bytes;  // record 0 key length 63 (zigzag 0x7e) in a 9-byte record
  key[65] = 0x7e;
  res = decode_exact(key, got, false);
  EXPECT_EQ(res.ec, client_errc::length_exceeds_input);
  EXPECT_NE(res.detail.find("records[0]"), std::string::npos) << res.detail;
  EXPECT_NE(res.detail.find("key"), std::string::npos) << res.detail;
}

TEST(RecordBatch, CompressedBatchesRoundTrip) {
  for (int codec = 1; codec <= 4; ++codec) {
    auto batches = varied_batches();
    for (auto& batch : batches) batch.attributes = static_cast<std::int16_t>(batch.attributes | codec);
    const bytes wire = encode_all(batches);
    std::vector<record_batch> got;
    auto res = decode_exact(wire, got);
    ASSERT_TRUE(res) << compression_name(codec) << ": " << res.detail;
    EXPECT_EQ(got, batches) << compression_name(codec);

    // The records section really is compressed: a batch of repetitive values shrinks.
    record_batch big;
    big.attributes = static_cast<std::int16_t>(codec);
    big.first_timestamp = big.max_timestamp = 1;
    for (int i = 0; i < 100; ++i) big.records.push_back({i, 1, std::nullopt, bytes(200, 'a'), {}});
    big.last_offset_delta = 99;
    for (int level : {kwire::compression::default_level, codec == 2 ? kwire::compression::default_level : 1}) {
      bytes out;
      res = encode_batch(big, out, encode_options{level});
      ASSERT_TRUE(res) << res.detail;
      EXPECT_LT(out.size(), 2000u) << compression_name(codec);
      got.clear();
      res = decode_exact(out, got);
      ASSERT_TRUE(res) << res.detail;
      ASSERT_EQ(got.size(), 1u);
      EXPECT_EQ(got[0], big);
    }
  }
}

TEST(RecordBatch, EncodeChecksTheCompressionLevel) {
  record_batch batch = sample_batch();
  batch.attributes = 4;  // zstd
  bytes out = {9};
  auto res = encode_batch(batch, out, encode_options{23});
  EXPECT_EQ(res.ec, kwire::compression::compression_errc::invalid_level);
  EXPECT_NE(res.detail.find("zstd compression level 23"), std::string::npos) << res.detail;
  EXPECT_EQ(out, bytes{9});
  batch.attributes = 0;  // uncompressed batches ignore the level
  EXPECT_TRUE(encode_batch(batch, out, encode_options{23}));
}

// Codec bits 5..7 are not defined by Kafka.
TEST(RecordBatch, UnknownCodecBitsAreUnsupported) {
  record_batch batch = sample_batch();
  batch.attributes = 5;
  bytes out;
  auto res = encode_batch(batch, out);
  EXPECT_EQ(res.ec, client_errc::unsupported_compression);
  EXPECT_EQ(res.detail, "compression unknown(5) is not defined");
  EXPECT_TRUE(out.empty());

  bytes wire = sample_bytes;  // same bytes with codec bits 5 and a correct CRC
  wire[22] = 5;
  const std::uint32_t crc = crc32c(0, wire.data() + 21, wire.size() - 21);
  for (int i = 0; i < 4; ++i) wire[17 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (24 - 8 * i));
  std::vector<record_batch> got;
  res = decode_exact(wire, got);
  EXPECT_EQ(res.ec, client_errc::unsupported_compression);
  EXPECT_NE(res.detail.find("compression unknown(5) is not defined"), std::string::npos) << res.detail;
}

// Sets the CRC-32C of a magic 2 batch at the start of `wire`.
void fix_crc(bytes& wire) {
  const std::uint32_t crc = crc32c(0, wire.data() + 21, wire.size() - 21);
  for (int i = 0; i < 4; ++i) wire[17 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (24 - 8 * i));
}

// sample_bytes with gzip attributes and its 23 record bytes replaced by python3's
// gzip.compress(records, mtime=0); length and CRC set here.
TEST(RecordBatch, DecodesHandBuiltGzipBatch) {
  bytes wire(sample_bytes.begin(), sample_bytes.begin() + 61);
  wire[22] = 1;  // gzip
  const bytes gz = hex("1f8b08000000000002031362606060ca662933649060e0626264aa6062ca60c9280300a48b192217000000");
  wire.insert(wire.end(), gz.begin(), gz.end());
  const std::uint32_t length = static_cast<std::uint32_t>(wire.size() - 12);
  for (int i = 0; i < 4; ++i) wire[8 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
  fix_crc(wire);
  std::vector<record_batch> got;
  auto res = decode_exact(wire, got);
  ASSERT_TRUE(res) << res.detail;
  ASSERT_EQ(got.size(), 1u);
  record_batch want = sample_batch();
  want.attributes = 1;
  EXPECT_EQ(got[0], want);

  // Garbage in place of the gzip stream, with a correct CRC: a clear error naming the codec.
  bytes bad = wire;
  bad[61 + 12] ^= 0xff;  // inside the deflate data
  bad.back() ^= 0xff;    // and the ISIZE trailer
  fix_crc(bad);
  got.clear();
  res = decode_exact(bad, got);
  EXPECT_FALSE(res);
  EXPECT_EQ(res.ec.category(), kwire::compression::compression_category());
  EXPECT_NE(res.detail.find("compressed records: gzip: "), std::string::npos) << res.detail;
  EXPECT_NE(res.detail.find("base offset 16"), std::string::npos) << res.detail;
}

// MemoryRecords.withRecords(magic, 16, Compression.<codec>().build(), CREATE_TIME,
//   (1000, "k", "v1"), (1005, null, "x"[, header h=hv at magic 2])) from kafka-clients 4.3.1.
struct java_batch {
  int codec;
  int magic;
  const char* hex;
};
const java_batch java_batches[] = {
    {1, 0, "0000000000000011000000474e3064d90001ffffffff000000391f8b08000000000000ff636000030120164c0c085107f318b381"
           "04539921448e411088f94db74cfac4c0f01f08400a2a00408fe28938000000"},
    {2, 0, "00000000000000110000005510513a500002ffffffff0000004782534e4150505900000000010000000100000033380000090120"
           "100000001161505427050f1c016b000000027631050d540000110000000f35b492f20000ffffffff0000000178"},
    // lz4 at magic 0 still carries the pre-KIP-57 header checksum (0x1a, not 0x82).
    {3, 0, "000000000000001100000050c7efdf030003ffffffff0000004204224d1860401a3300000012000100911000000011615054270f"
           "0081016b0000000276310d00f0070000110000000f35b492f20000ffffffff000000017800000000"},
    {1, 1, "000000000000001100000051eb60a32f010100000000000003edffffffff0000003b1f8b08000000000000ff6360800349e795be"
           "198c500ef30b20c1980d2498ca0ca1622039710ef5ae9770456fff030148a6020097ceb26a48000000"},
    {2, 1, "000000000000001100000062836ac8fa010200000000000003edffffffff0000004c82534e4150505900000000010000000100"
           "0000384800001901141943a94d68010d103003e8000000016b0000000276310d14011c101708278ae90109380000000003edffff"
           "ffff0000000178"},
    {3, 1, "00000000000000110000005cb05e2164010300000000000003edffffffff0000004604224d186040823700000016000100631943"
           "a94d68011000d303e8000000016b0000000276311400001c00501708278ae90900000200b003edffffffff000000017800000000"},
    {1, 2, "00000000000000100000005cffffffff02714eb7d800010000000100000000000003e800000000000003edffffffffffffffffff"
           "ffffffffff000000021f8b08000000000000ff1362606060ca662933649060e0626264aa6062ca60c9280300a48b192217000000"},
    {2, 2, "00000000000000100000005effffffff022942263800020000000100000000000003e800000000000003edffffffffffffffffff"
           "ffffffffff0000000282534e4150505900000000010000000100000019175812000000026b0476310018000a02010278020268"
           "046876"},
    {3, 2, "000000000000001000000057ffffffff024a4a51ee00030000000100000000000003e800000000000003edffffffffffffffffff"
           "ffffffffff0000000204224d186040821700008012000000026b0476310018000a0201027802026804687600000000"},
    {4, 2, "000000000000001000000054ffffffff025112ffe500040000000100000000000003e800000000000003edffffffffffffffffff"
           "ffffffffff0000000228b52ffd0058b8000012000000026b0476310018000a02010278020268046876010000"},
};

TEST(RecordBatch, DecodesJavaCompressedBatches) {
  for (const auto& jb : java_batches) {
    SCOPED_TRACE(compression_name(jb.codec) + " magic " + std::to_string(jb.magic));
    std::vector<record_batch> got;
    auto res = decode_exact(hex(jb.hex), got);
    ASSERT_TRUE(res) << res.detail;
    ASSERT_EQ(got.size(), 1u);
    const record_batch& g = got[0];
    EXPECT_EQ(g.magic, jb.magic);
    EXPECT_EQ(g.attributes, jb.codec);
    if (jb.magic == 2) {
      record_batch want = sample_batch();
      want.partition_leader_epoch = -1;
      want.attributes = static_cast<std::int16_t>(jb.codec);
      EXPECT_EQ(g, want);
      continue;
    }
    // One record_batch per wrapper, holding the inner messages at their absolute offsets.
    const std::int64_t t0 = jb.magic == 1 ? 1000 : -1, t1 = jb.magic == 1 ? 1005 : -1;
    EXPECT_EQ(g.base_offset, 16);
    EXPECT_EQ(g.last_offset_delta, 1);
    EXPECT_EQ(g.first_timestamp, t0);
    EXPECT_EQ(g.max_timestamp, t1);
    ASSERT_EQ(g.records.size(), 2u);
    EXPECT_EQ(g.records[0], (record{16, t0, b("k"), b("v1"), {}}));
    EXPECT_EQ(g.records[1], (record{17, t1, std::nullopt, b("x"), {}}));
  }
}

TEST(RecordBatch, DecompressedBytesAreLimitedPerCall) {
  // Two zstd batches of ~20 KB of records each: a 30 KB budget lets the first through only.
  record_batch batch;
  batch.attributes = 4;
  batch.first_timestamp = batch.max_timestamp = 1;
  for (int i = 0; i < 100; ++i) batch.records.push_back({i, 1, std::nullopt, bytes(200, 'z'), {}});
  batch.last_offset_delta = 99;
  bytes wire;
  ASSERT_TRUE(encode_batch(batch, wire));
  batch.base_offset = 100;
  for (auto& r : batch.records) r.offset += 100;
  ASSERT_TRUE(encode_batch(batch, wire));
  std::vector<record_batch> got;
  decode_options opts;
  opts.max_decompressed_bytes = 30'000;
  auto copy = wire;
  auto res = decode_batches(byte_view(copy), got, opts);
  EXPECT_EQ(res.ec, kwire::compression::compression_errc::output_limit_exceeded);
  EXPECT_NE(res.detail.find("base offset 100"), std::string::npos) << res.detail;
  EXPECT_NE(res.detail.find("max_decompressed_bytes"), std::string::npos) << res.detail;
  got.clear();
  opts.max_decompressed_bytes = 50'000;
  res = decode_batches(byte_view(copy), got, opts);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got.size(), 2u);
}

TEST(RecordBatch, DecompressionCapDerivesFromFetchMaxBytes) {
  static_assert(default_decompression_cap(java_default_fetch_max_bytes) == 838'860'800);  // 800 MiB
  EXPECT_EQ(decode_options{}.max_decompressed_bytes, default_decompression_cap(52'428'800));
  EXPECT_EQ(decode_options{}.max_decompressed_bytes, std::size_t{800} << 20);
  // The 64 MiB floor: up to 4 MiB of fetch.max.bytes, and for nonsense values.
  for (std::int64_t fetch : {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::min(),
                             std::int64_t{1}, std::int64_t{1} << 20, std::int64_t{4} << 20})
    EXPECT_EQ(default_decompression_cap(fetch), std::size_t{64} << 20) << fetch;
  EXPECT_EQ(default_decompression_cap((std::int64_t{4} << 20) + 1), (std::size_t{64} << 20) + 16);
  EXPECT_EQ(default_decompression_cap(std::int64_t{2147483647}), std::size_t{2147483647} * 16);
  EXPECT_EQ(default_decompression_cap(std::numeric_limits<std::int64_t>::max()),
            sizeof(std::size_t) == 8 ? std::numeric_limits<std::size_t>::max() : std::size_t(-1));
}

TEST(RecordBatch, BatchOverTheDerivedCapIsAClearError) {
  // One zstd batch whose records decompress to just over 64 MiB: the cap a consumer with
  // fetch.max.bytes = 1 MiB gets (the floor) refuses it, the one for 8 MiB (128 MiB) takes it.
  record_batch batch;
  batch.base_offset = 42;
  batch.attributes = 4;
  batch.first_timestamp = batch.max_timestamp = 1;
  batch.records.push_back({42, 1, std::nullopt, bytes(std::size_t{64} << 20, 0), {}});
  bytes wire;
  ASSERT_TRUE(encode_batch(batch, wire));
  EXPECT_LT(wire.size(), std::size_t{1} << 20);
  std::vector<record_batch> got;
  decode_options opts;
  opts.max_decompressed_bytes = default_decompression_cap(1 << 20);
  auto res = decode_batches(byte_view(wire), got, opts);
  EXPECT_EQ(res.ec, kwire::compression::compression_errc::output_limit_exceeded);
  EXPECT_NE(res.detail.find("base offset 42"), std::string::npos) << res.detail;
  EXPECT_NE(res.detail.find("zstd"), std::string::npos) << res.detail;
  EXPECT_NE(res.detail.find("limit of 67108864 bytes"), std::string::npos) << res.detail;
  EXPECT_NE(res.detail.find("max_decompressed_bytes"), std::string::npos) << res.detail;
  EXPECT_TRUE(got.empty());
  opts.max_decompressed_bytes = default_decompression_cap(8 << 20);
  res = decode_batches(byte_view(wire), got, opts);
  ASSERT_TRUE(res) << res.detail;
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], batch);
}

TEST(RecordBatch, CompressedBatchesDecodeOneAfterAnother) {
  // Batches of every codec and of different sizes in one records field: the decompression
  // buffer reused from batch to batch must never leak one batch's bytes into the next.
  bytes wire;
  std::vector<record_batch> want;
  std::int64_t offset = 0;
  for (int round = 0; round < 3; ++round)
    for (int codec : {1, 2, 3, 4, 0}) {
      record_batch batch;
      batch.base_offset = offset;
      batch.attributes = static_cast<std::int16_t>(codec);
      batch.first_timestamp = batch.max_timestamp = 7;
      const int n = round == 1 ? 500 : 3 + codec;  // a large batch between small ones
      for (int i = 0; i < n; ++i)
        batch.records.push_back({offset + i, 7, b("k" + std::to_string(i)),
                                 bytes(static_cast<std::size_t>(10 + (i * 37 + codec) % 90),
                                       static_cast<std::uint8_t>('a' + codec)),
                                 {}});
      batch.last_offset_delta = n - 1;
      offset += n;
      ASSERT_TRUE(encode_batch(batch, wire));
      want.push_back(std::move(batch));
    }
  std::vector<record_batch> got;
  auto res = decode_exact(wire, got);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, want);
}

// Legacy message sets. CRCs computed independently with Python's zlib.crc32 over magic..end.
const bytes magic0_message = hex(
    "0000000000000005"  // offset 5
    "00000011"          // message size 17
    "43dc3faf"          // CRC-32 (IEEE)
    "00"                // magic 0
    "00"                // attributes: no compression
    "ffffffff"          // key: null
    "00000003616263");  // value "abc"

const bytes magic1_message = hex(
    "0000000000000006"  // offset 6
    "00000017"          // message size 23
    "d74cb25d"          // CRC-32 (IEEE)
    "01"                // magic 1
    "00"                // attributes: no compression, create time
    "00000174876e8000"  // timestamp 1600000000000
    "000000016b"        // key "k"
    "ffffffff");        // value: null

TEST(LegacyMessageSet, DecodesMagic0And1) {
  bytes wire = magic0_message;
  wire.insert(wire.end(), magic1_message.begin(), magic1_message.end());
  wire.insert(wire.end(), sample_bytes.begin(), sample_bytes.end());  // formats may mix
  std::vector<record_batch> got;
  auto res = decode_exact(wire, got);
  ASSERT_TRUE(res) << res.detail;
  ASSERT_EQ(got.size(), 3u);

  EXPECT_EQ(got[0].magic, 0);
  EXPECT_EQ(got[0].base_offset, 5);
  ASSERT_EQ(got[0].records.size(), 1u);
  EXPECT_EQ(got[0].records[0], (record{5, -1, std::nullopt, b("abc"), {}}));

  EXPECT_EQ(got[1].magic, 1);
  EXPECT_EQ(got[1].first_timestamp, 1600000000000);
  ASSERT_EQ(got[1].records.size(), 1u);
  EXPECT_EQ(got[1].records[0], (record{6, 1600000000000, b("k"), std::nullopt, {}}));

  EXPECT_EQ(got[2], sample_batch());
}

TEST(LegacyMessageSet, CrcTruncationAndCompression) {
  for (const bytes* msg : {&magic0_message, &magic1_message}) {
    for (std::size_t i = 16; i < msg->size(); ++i) {  // magic byte onward is covered
      bytes bad = *msg;
      bad[i] ^= 0x40;
      std::vector<record_batch> got;
      auto res = decode_exact(bad, got);
      if (i == 16) {  // flipping magic to 0x40/0x41 makes it unknown
        EXPECT_EQ(res.ec, client_errc::corrupt_record_batch);
        continue;
      }
      EXPECT_EQ(res.ec, client_errc::crc_mismatch) << "byte " << i;
      EXPECT_NE(res.detail.find("CRC-32 mismatch"), std::string::npos) << res.detail;
    }
    for (std::size_t cut = 0; cut < msg->size(); ++cut) {
      std::vector<record_batch> got;
      auto res = decode_exact(bytes(msg->begin(), msg->begin() + static_cast<std::ptrdiff_t>(cut)), got);
      EXPECT_TRUE(res) << res.detail;
      EXPECT_TRUE(got.empty());
    }
    bytes gz = *msg;  // gzip wrapper message around a value that is not gzip (or null)
    gz[17] = 1;
    std::vector<record_batch> got;
    auto res = decode_exact(gz, got, /*check_crc=*/false);
    if (msg == &magic0_message) {
      EXPECT_EQ(res.ec, kwire::compression::compression_errc::corrupt_input);
      EXPECT_NE(res.detail.find("compressed records: gzip: "), std::string::npos) << res.detail;
    } else {
      EXPECT_EQ(res.ec, client_errc::corrupt_record_batch);
      EXPECT_NE(res.detail.find("compressed wrapper message has a null value"), std::string::npos) << res.detail;
    }
  }
}

TEST(RecordBatch, EncodeRejectsLegacyMagicAndFarOffsets) {
  record_batch batch = sample_batch();
  batch.magic = 1;
  bytes out;
  EXPECT_EQ(encode_batch(batch, out).ec, client_errc::invalid_value);
  batch = sample_batch();
  batch.records[1].offset = batch.base_offset + (std::int64_t{1} << 40);
  auto res = encode_batch(batch, out);
  EXPECT_EQ(res.ec, client_errc::invalid_value);
  EXPECT_NE(res.detail.find("records[1]"), std::string::npos) << res.detail;
  EXPECT_TRUE(out.empty());
}

}  // namespace
