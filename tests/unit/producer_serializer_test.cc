// Records, their owned copies and the key/value serializers.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <kwire/producer/producer_record.hpp>
#include <kwire/producer/serializer.hpp>
#include <kwire/producer/wire_record.hpp>
#include <kwire/protocol/record_batch.hpp>
#include <kwire/protocol/record_batch_builder.hpp>

namespace kwire::client {
namespace {

std::string text(bytes_view b) { return std::string(as_text(b)); }

TEST(Serializer, StringViewsWithoutCopy) {
  const std::string s = "hello";
  const auto v = string_serializer{}(s);
  EXPECT_EQ(v.data(), s.data());
  EXPECT_EQ(text(serialized_bytes(v)), "hello");
}

TEST(Serializer, BytesPassThrough) {
  const std::vector<std::uint8_t> b = {0, 1, 255};
  const auto v = bytes_serializer{}(b);
  EXPECT_EQ(static_cast<const void*>(v.data()), static_cast<const void*>(b.data()));
  EXPECT_EQ(v.size(), 3u);
  const std::vector<std::byte> sb = {std::byte{7}, std::byte{8}};
  const auto sv = bytes_serializer{}(sb);
  EXPECT_EQ(sv.data(), sb.data());
  EXPECT_EQ(serialized_bytes(sb).data(), sb.data());
  EXPECT_EQ(static_cast<const void*>(serialized_bytes(b).data()), static_cast<const void*>(b.data()));
  static_assert(serializer_for<bytes_serializer, std::vector<std::uint8_t>>);
  static_assert(serializer_for<bytes_serializer, std::vector<std::byte>>);
}

struct order {
  int id;
  std::string item;
};

TEST(Serializer, JsonThroughTheUsersFunction) {
  json_serializer json{[](const order& o) { return "{\"id\":" + std::to_string(o.id) + ",\"item\":\"" + o.item + "\"}"; }};
  const auto out = json(order{7, "tea"});
  EXPECT_EQ(out, R"({"id":7,"item":"tea"})");
  EXPECT_EQ(text(serialized_bytes(out)), R"({"id":7,"item":"tea"})");
  static_assert(serializer_for<decltype(json), order>);
  static_assert(serializer_for<string_serializer, std::string>);
  static_assert(!serializer_for<string_serializer, order>);
}

TEST(OwnedRecord, KeepsEverythingAfterTheCallersBuffersAreGone) {
  owned_record copy;
  {
    std::string topic = "orders";
    std::string key = "k1";
    std::string value = "v1";
    std::string hkey = "trace";
    std::string hval = "abc";
    const header headers[] = {{hkey, as_bytes(hval)}, {"empty", std::nullopt}};
    record r;
    r.topic = topic;
    r.partition = 4;
    r.key = as_bytes(key);
    r.value = as_bytes(value);
    r.headers = headers;
    r.timestamp = 1234;
    copy.assign(r);
    topic.assign("XXXXXX");
    key.assign("XX");
    value.assign("XX");
    hkey.assign("XXXXX");
    hval.assign("XXX");
  }
  const record v = copy.view();
  EXPECT_EQ(v.topic, "orders");
  EXPECT_EQ(v.partition, 4);
  EXPECT_EQ(text(*v.key), "k1");
  EXPECT_EQ(text(*v.value), "v1");
  EXPECT_EQ(v.timestamp, 1234);
  ASSERT_EQ(v.headers.size(), 2u);
  EXPECT_EQ(v.headers[0].key, "trace");
  EXPECT_EQ(text(*v.headers[0].value), "abc");
  EXPECT_EQ(v.headers[1].key, "empty");
  EXPECT_FALSE(v.headers[1].value.has_value());
}

TEST(OwnedRecord, NullKeyAndValueStayNullEmptyStayEmpty) {
  record r;
  r.topic = "t";
  r.value = as_bytes("");
  owned_record copy(r);
  const record v = copy.view();
  EXPECT_FALSE(v.key.has_value());
  ASSERT_TRUE(v.value.has_value());
  EXPECT_EQ(v.value->size(), 0u);
  EXPECT_FALSE(v.partition.has_value());
  EXPECT_FALSE(v.timestamp.has_value());
}

// A record goes into a batch as written: key, value, headers and timestamp read back equal,
// with few headers (kept on the stack) and many (kept in a vector).
void expect_batch_carries(std::size_t header_count) {
  std::vector<std::string> names, values;
  for (std::size_t i = 0; i < header_count; ++i) {
    names.push_back("k" + std::to_string(i));
    values.push_back("v" + std::to_string(i));
  }
  std::vector<header> headers;
  for (std::size_t i = 0; i < header_count; ++i)
    headers.push_back({names[i], i % 3 == 2 ? std::nullopt : std::optional<bytes_view>(as_bytes(values[i]))});
  record r;
  r.topic = "t";
  r.key = as_bytes("key");
  r.value = as_bytes("value");
  r.headers = headers;
  const detail::wire_record wire(r, 1700000000123);
  // The views point at the caller's bytes: nothing was copied.
  EXPECT_EQ(static_cast<const void*>(wire.ref().value->data()), static_cast<const void*>(r.value->data()));
  protocol::record_batch_builder b(1024);
  ASSERT_TRUE(b.append(wire.ref()));
  ASSERT_TRUE(b.close({}));
  std::vector<protocol::record_batch> batches;
  ASSERT_TRUE(protocol::decode_batches(b.bytes(), batches));
  ASSERT_EQ(batches.size(), 1u);
  ASSERT_EQ(batches[0].records.size(), 1u);
  const auto& rec = batches[0].records[0];
  EXPECT_EQ(rec.timestamp, 1700000000123);
  ASSERT_TRUE(rec.key.has_value());
  EXPECT_EQ(std::string(rec.key->begin(), rec.key->end()), "key");
  ASSERT_TRUE(rec.value.has_value());
  EXPECT_EQ(std::string(rec.value->begin(), rec.value->end()), "value");
  ASSERT_EQ(rec.headers.size(), header_count);
  for (std::size_t i = 0; i < header_count; ++i) {
    EXPECT_EQ(rec.headers[i].key, names[i]);
    if (i % 3 == 2) {
      EXPECT_FALSE(rec.headers[i].value.has_value()) << i;
    } else {
      ASSERT_TRUE(rec.headers[i].value.has_value()) << i;
      EXPECT_EQ(std::string(rec.headers[i].value->begin(), rec.headers[i].value->end()), values[i]);
    }
  }
}

TEST(WireRecord, BatchCarriesTheRecordAsGiven) {
  for (const std::size_t n : {0u, 1u, 3u, 8u, 9u, 20u}) {
    SCOPED_TRACE(n);
    expect_batch_carries(n);
  }
}

// A consumed record's headers are the type a produced record takes.
TEST(Header, ConsumedHeadersFitAProducedRecord) {
  static_assert(std::is_same_v<kwire::header, kwire::header_view>);
  const std::string v = "x";
  const kwire::header_view consumed[] = {{"a", kwire::as_bytes(v)}};
  record r;
  r.headers = consumed;
  EXPECT_EQ(r.headers[0].value_text(), "x");
}

}  // namespace
}  // namespace kwire::client
