// Record batches: a hand-checked magic 2 byte vector, round trips, CRC corruption, truncation
// at every byte, legacy magic 0/1 message sets and compressed batches. Decoding always reads
// from an exact-size heap copy so ASan sees any over-read.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/crc32c.hpp"
#include "protocol/record_batch.hpp"

using namespace kwire::protocol;
using kwire::client_errc;

namespace {

bytes hex(std::string_view s) {
  bytes out;
  int hi = -1;
  for (char ch : s) {
    int v;
    if (ch >= '0' && ch <= '9') v = ch - '0';
    else if (ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
    else if (ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
    else continue;
    if (hi < 0) hi = v;
    else {
      out.push_back(static_cast<std::uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

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

TEST(RecordBatch, CompressedBatchIsUnsupported) {
  const char* names[] = {"none", "gzip", "snappy", "lz4", "zstd"};
  for (int codec = 1; codec <= 4; ++codec) {
    record_batch batch = sample_batch();
    batch.attributes = static_cast<std::int16_t>(codec);
    bytes out;
    auto res = encode_batch(batch, out);
    EXPECT_EQ(res.ec, client_errc::unsupported_compression);
    EXPECT_EQ(res.detail, std::string("compression ") + names[codec] + " not supported yet");
    EXPECT_TRUE(out.empty());

    // Same bytes with the codec bits set and a correct CRC, as a broker would send.
    bytes wire = sample_bytes;
    wire[22] = static_cast<std::uint8_t>(codec);
    const std::uint32_t crc = crc32c(0, wire.data() + 21, wire.size() - 21);
    for (int i = 0; i < 4; ++i) wire[17 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (24 - 8 * i));
    std::vector<record_batch> got;
    res = decode_exact(wire, got);
    EXPECT_EQ(res.ec, client_errc::unsupported_compression);
    EXPECT_NE(res.detail.find(std::string("compression ") + names[codec] + " not supported yet"), std::string::npos)
        << res.detail;
  }
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
    bytes gz = *msg;  // gzip wrapper message
    gz[17] = 1;
    std::vector<record_batch> got;
    auto res = decode_exact(gz, got, /*check_crc=*/false);
    EXPECT_EQ(res.ec, client_errc::unsupported_compression);
    EXPECT_NE(res.detail.find("compression gzip not supported yet"), std::string::npos) << res.detail;
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
