// client/fetcher: fetch sessions (KIP-227) and one partition's records (offsets, control
// batches, aborted transactions, CRC, codecs).

#include <kwire/consumer/fetcher.hpp>

#include <gtest/gtest.h>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {
namespace {

using protocol::bytes;
using protocol::fetch_response;
using protocol::record_batch;

fetch_target target(std::string topic, std::int32_t p, std::int64_t offset, std::uint8_t id = 0) {
  fetch_target t;
  t.tp = {std::move(topic), p};
  t.topic_id.bytes[15] = id;
  t.offset = offset;
  return t;
}

std::size_t partitions_in(const protocol::fetch_request& r) {
  std::size_t n = 0;
  for (const auto& t : r.topics) n += t.partitions.size();
  return n;
}

TEST(FetchSession, FirstRequestIsFullThenIncrementalWithForgottenPartitions) {
  fetch_session s;
  fetch_settings settings;
  auto r1 = s.build({target("a", 0, 5, 1), target("a", 1, 7, 1), target("b", 0, 0, 2)}, settings);
  EXPECT_EQ(r1.session_id, 0);
  EXPECT_EQ(r1.session_epoch, 0);
  ASSERT_EQ(r1.topics.size(), 2u);
  EXPECT_EQ(partitions_in(r1), 3u);
  EXPECT_EQ(r1.topics[0].topic_id.bytes[15], 1);  // names and ids both: the version decides

  fetch_response resp;
  resp.session_id = 42;
  EXPECT_FALSE(s.on_response(resp));
  EXPECT_EQ(s.session_id(), 42);
  EXPECT_EQ(s.epoch(), 1);

  // a-0 advanced, a-1 unchanged (left out), b-0 no longer wanted (forgotten).
  auto r2 = s.build({target("a", 0, 9, 1), target("a", 1, 7, 1)}, settings);
  EXPECT_EQ(r2.session_id, 42);
  EXPECT_EQ(r2.session_epoch, 1);
  ASSERT_EQ(partitions_in(r2), 1u);
  EXPECT_EQ(r2.topics[0].partitions[0].partition, 0);
  EXPECT_EQ(r2.topics[0].partitions[0].fetch_offset, 9);
  ASSERT_EQ(r2.forgotten_topics_data.size(), 1u);
  EXPECT_EQ(r2.forgotten_topics_data[0].topic, "b");
  EXPECT_EQ(r2.forgotten_topics_data[0].topic_id.bytes[15], 2);
  EXPECT_EQ(r2.forgotten_topics_data[0].partitions, std::vector<std::int32_t>{0});
  EXPECT_FALSE(s.on_response(resp));
  EXPECT_EQ(s.epoch(), 2);

  // Nothing changed: an empty incremental request, nothing forgotten.
  auto r3 = s.build({target("a", 0, 9, 1), target("a", 1, 7, 1)}, settings);
  EXPECT_EQ(partitions_in(r3), 0u);
  EXPECT_TRUE(r3.forgotten_topics_data.empty());

  // b-0 again: it was forgotten, so it is sent anew.
  auto r4 = s.build({target("a", 0, 9, 1), target("a", 1, 7, 1), target("b", 0, 3, 2)}, settings);
  EXPECT_EQ(partitions_in(r4), 1u);
  EXPECT_EQ(r4.topics[0].topic, "b");
}

TEST(FetchSession, SessionErrorsAndTransportErrorsMakeTheNextRequestFull) {
  fetch_session s;
  fetch_settings settings;
  fetch_response ok;
  ok.session_id = 7;
  s.build({target("a", 0, 0)}, settings);
  s.on_response(ok);
  s.build({target("a", 0, 1)}, settings);
  fetch_response bad;
  bad.error_code = static_cast<std::int16_t>(broker_errc::invalid_fetch_session_epoch);
  EXPECT_EQ(s.on_response(bad), make_error_code(broker_errc::invalid_fetch_session_epoch));
  auto r = s.build({target("a", 0, 1), target("a", 1, 0)}, settings);
  EXPECT_EQ(r.session_id, 0);
  EXPECT_EQ(r.session_epoch, 0);
  EXPECT_EQ(partitions_in(r), 2u);

  s.on_response(ok);
  s.build({target("a", 0, 2)}, settings);
  s.reset();
  r = s.build({target("a", 0, 2)}, settings);
  EXPECT_EQ(r.session_epoch, 0);
  EXPECT_EQ(partitions_in(r), 1u);

  // A broker that creates no session (id 0): every request stays full.
  fetch_response none;
  s.on_response(none);
  r = s.build({target("a", 0, 2)}, settings);
  EXPECT_EQ(r.session_epoch, 0);
  EXPECT_EQ(partitions_in(r), 1u);
}

TEST(FetchSession, AnswersByTopicIdAreNamed) {
  fetch_session s;
  s.build({target("orders", 0, 0, 9)}, {});
  fetch_response::fetchable_topic_response t;
  t.topic_id.bytes[15] = 9;
  EXPECT_EQ(s.topic_of(t), "orders");
  t.topic_id.bytes[15] = 8;
  EXPECT_EQ(s.topic_of(t), "");
}

// ---- decode_partition ------------------------------------------------------------------

record_batch data_batch(std::int64_t base, int count, std::int64_t producer_id = -1, bool transactional = false,
                        std::int16_t codec = 0) {
  record_batch b;
  b.base_offset = base;
  b.attributes = codec;
  if (transactional) b.attributes |= record_batch::transactional_flag;
  b.producer_id = producer_id;
  b.producer_epoch = producer_id >= 0 ? 0 : -1;
  b.base_sequence = producer_id >= 0 ? 0 : -1;
  b.first_timestamp = 1000;
  b.max_timestamp = 1000 + count - 1;
  b.last_offset_delta = count - 1;
  for (int i = 0; i < count; ++i) {
    protocol::record r;
    r.offset = base + i;
    r.timestamp = 1000 + i;
    std::string v = "v" + std::to_string(base + i);
    r.value = bytes(v.begin(), v.end());
    b.records.push_back(std::move(r));
  }
  return b;
}

record_batch marker(std::int64_t offset, std::int64_t producer_id, protocol::control_type type) {
  record_batch b;
  b.base_offset = offset;
  b.attributes = record_batch::transactional_flag | record_batch::control_flag;
  b.producer_id = producer_id;
  b.producer_epoch = 0;
  b.first_timestamp = b.max_timestamp = 2000;
  b.records.push_back(protocol::make_control_record(offset, 2000, type));
  return b;
}

fetch_response::partition_data partition_of(const std::vector<record_batch>& batches) {
  fetch_response::partition_data p;
  protocol::record_bytes rb;
  for (const auto& b : batches) EXPECT_TRUE(protocol::encode_batch(b, rb.data));
  p.records = std::move(rb);
  p.high_watermark = 100;
  return p;
}

std::vector<std::int64_t> offsets(const fetched_partition& r) {
  std::vector<std::int64_t> out;
  for (const auto& rec : r.records) out.push_back(rec.offset());
  return out;
}

TEST(DecodePartition, SkipsRecordsBeforeTheFetchOffsetAndAdvances) {
  auto p = partition_of({data_batch(10, 3), data_batch(13, 2, -1, false, 1 /* gzip */)});
  auto r = decode_partition({"t", 0}, p, 11, {});
  ASSERT_FALSE(r.ec) << r.detail;
  EXPECT_EQ(offsets(r), (std::vector<std::int64_t>{11, 12, 13, 14}));
  EXPECT_EQ(r.next_offset, 15);
  EXPECT_EQ(r.high_watermark, 100);
  ASSERT_TRUE(r.records[0].value());
  EXPECT_EQ(r.records[0].value_text(), "v11");
  EXPECT_EQ(r.records[3].value_text(), "v14");  // from the gzip batch: a view into its decompressed body
  EXPECT_EQ(r.records[0].topic(), "t");
  EXPECT_EQ(r.records[0].partition(), 0);
  EXPECT_EQ(r.records[0].timestamp(), 1001);
  EXPECT_EQ(r.records[0].timestamp_type(), kwire::timestamp_type::create_time);
}

TEST(DecodePartition, RecordsAreViewsThatKeepTheAnswerAlive) {
  auto b = data_batch(0, 3, -1, false, 1 /* gzip */);
  b.records[0].key = bytes{};                          // empty, not null
  b.records[1].value.reset();                          // null
  b.records[2].headers = {{"h", bytes{'x'}}, {"n", std::nullopt}};
  auto answer = std::make_shared<fetch_response::partition_data>(partition_of({b, data_batch(3, 1)}));
  const auto* fetched = answer->records->data.data();
  auto r = decode_partition({"t", 2}, *answer, 0, {}, answer);
  ASSERT_FALSE(r.ec) << r.detail;
  ASSERT_EQ(r.records.size(), 4u);
  const kwire::consumer_record last = r.records[3];
  // The uncompressed batch's value points into the answer's bytes: not a copy.
  const auto* v = reinterpret_cast<const std::uint8_t*>(last.value()->data());
  EXPECT_TRUE(v >= fetched && v < fetched + answer->records->data.size());
  const kwire::consumer_record first = r.records[0], second = r.records[1], third = r.records[2];
  answer.reset();
  r.records.clear();  // only the copies above hold the answer and the decompressed body now
  EXPECT_EQ(last.value_text(), "v3");
  ASSERT_TRUE(first.key());
  EXPECT_TRUE(first.key()->empty());
  EXPECT_FALSE(second.key());
  EXPECT_FALSE(second.value());
  EXPECT_EQ(second.value_text(), "");
  ASSERT_EQ(third.headers().size(), 2u);
  EXPECT_EQ(third.headers()[0].key, "h");
  EXPECT_EQ(third.headers()[0].value_text(), "x");
  EXPECT_FALSE(third.headers()[1].value);
  EXPECT_EQ(third.topic(), "t");
  EXPECT_EQ(third.partition(), 2);
}

TEST(DecodePartition, ATrailingPartialBatchIsLeftForTheNextFetch) {
  auto p = partition_of({data_batch(0, 2), data_batch(2, 2)});
  p.records->data.resize(p.records->data.size() - 5);
  auto r = decode_partition({"t", 0}, p, 0, {});
  ASSERT_FALSE(r.ec) << r.detail;
  EXPECT_EQ(offsets(r), (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(r.next_offset, 2);
}

// Only a partial batch: no progress is possible from this answer, so it is an error (as in Java),
// not an empty result that makes the consumer fetch the same bytes forever.
TEST(DecodePartition, RecordsWithoutOneCompleteBatchAreAnError) {
  auto p = partition_of({data_batch(0, 2)});
  p.records->data.resize(p.records->data.size() - 5);
  auto r = decode_partition({"t", 4}, p, 0, {});
  EXPECT_EQ(r.ec, make_error_code(client_errc::corrupt_record_batch));
  EXPECT_NE(r.detail.find("t-4 at offset 0"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("no complete batch"), std::string::npos) << r.detail;
  EXPECT_TRUE(r.records.empty());
  EXPECT_EQ(r.next_offset, 0);
}

TEST(DecodePartition, ReadCommittedDropsAbortedTransactionsAndMarkersAlways) {
  // pid 1 commits 0-1 (marker 2), pid 2 aborts 3-4 (marker 5), plain records 6-7.
  auto p = partition_of({data_batch(0, 2, 1, true), marker(2, 1, protocol::control_type::commit),
                         data_batch(3, 2, 2, true), marker(5, 2, protocol::control_type::abort),
                         data_batch(6, 2)});
  p.aborted_transactions = std::vector<fetch_response::aborted_transaction>{{2, 3, {}}};
  decode_settings committed;
  committed.isolation_level = isolation::read_committed;
  auto r = decode_partition({"t", 0}, p, 0, committed);
  ASSERT_FALSE(r.ec) << r.detail;
  EXPECT_EQ(offsets(r), (std::vector<std::int64_t>{0, 1, 6, 7}));
  EXPECT_EQ(r.next_offset, 8);

  auto u = decode_partition({"t", 0}, p, 0, {});
  EXPECT_EQ(offsets(u), (std::vector<std::int64_t>{0, 1, 3, 4, 6, 7}));
  EXPECT_EQ(u.next_offset, 8);
}

TEST(DecodePartition, AMarkerAloneStillMovesTheOffset) {
  auto p = partition_of({marker(4, 1, protocol::control_type::commit)});
  auto r = decode_partition({"t", 0}, p, 4, {});
  EXPECT_TRUE(r.records.empty());
  EXPECT_EQ(r.next_offset, 5);
}

TEST(DecodePartition, CrcIsCheckedWhenAsked) {
  auto p = partition_of({data_batch(0, 2)});
  p.records->data[p.records->data.size() - 2] ^= 0x01;  // the last value byte: "v1" -> "v0"
  auto r = decode_partition({"t", 3}, p, 0, {});
  EXPECT_EQ(r.ec, make_error_code(client_errc::crc_mismatch));
  EXPECT_NE(r.detail.find("t-3"), std::string::npos) << r.detail;
  decode_settings unchecked;
  unchecked.check_crcs = false;
  auto u = decode_partition({"t", 3}, p, 0, unchecked);
  EXPECT_FALSE(u.ec) << u.detail;
  EXPECT_EQ(u.records.size(), 2u);
}

TEST(DecodePartition, ThePartitionErrorIsNamed) {
  fetch_response::partition_data p;
  p.error_code = static_cast<std::int16_t>(broker_errc::offset_out_of_range);
  auto r = decode_partition({"t", 1}, p, 77, {});
  EXPECT_EQ(r.ec, make_error_code(broker_errc::offset_out_of_range));
  EXPECT_NE(r.detail.find("OFFSET_OUT_OF_RANGE"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("77"), std::string::npos) << r.detail;
  EXPECT_EQ(r.next_offset, 77);
}

}  // namespace
}  // namespace kwire::client
