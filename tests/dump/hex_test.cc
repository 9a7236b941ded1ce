// `kwire-dump hex`: a table of frames, good and malformed, and what is printed for each.
#include "tools/dump/core/hex.hpp"

#include <gtest/gtest.h>

#include <kwire/protocol/messages.hpp>
#include <kwire/protocol/record_batch.hpp>
#include "tests/dump/frames_helpers.hpp"
#include "tests/support/hex.hpp"

namespace kwire::dump {
namespace {

using namespace protocol;

struct hex_case {
  std::string name;
  std::string hex;          // the frame as hex text
  hex_options options;
  bool decoded;
  std::string expect;       // must appear in the printed output
};

std::string run(const hex_case& c, output_format format = output_format::line) {
  std::string printed;
  reporter rep(format, {}, [&](const std::string& s) { printed += s; });
  bytes frame;
  std::string why;
  EXPECT_TRUE(parse_hex(c.hex, frame, why)) << c.name << ": " << why;
  EXPECT_EQ(decode_hex_frame(test::exact(frame, frame.size()), c.options, rep), c.decoded) << c.name;
  rep.print_summary();
  return printed;
}

std::string to_hex(const bytes& b) { return test::to_hex(b); }

TEST(Hex, TableOfFrames) {
  metadata_request mreq;
  mreq.topics = std::vector<metadata_request::topic>{{uuid{}, "orders", {}}};
  const auto metadata_req = to_hex(test::request_frame(mreq, 12, 7, "cli"));
  metadata_response mresp;
  mresp.brokers.push_back({1, "broker1", 9092, std::nullopt, {}});
  mresp.topics.push_back({3, "orders", uuid{}, false, {}, 0, {}});
  const auto metadata_resp = to_hex(test::response_frame(mresp, 12, 7));
  const std::vector<hex_case> cases{
      {"request with size prefix", metadata_req, {}, true, "client=cli Metadata v12 cid=7"},
      {"request without size prefix", metadata_req.substr(12), {}, true, "topics=orders"},
      {"response with api and version", metadata_resp, {3, 12, true}, true,
       "errors=UNKNOWN_TOPIC_OR_PARTITION(3)"},
      {"response without api", metadata_resp, {std::nullopt, std::nullopt, true}, false,
       "a response carries no API key or version: give --api and --version"},
      {"response at the wrong version", metadata_resp, {3, 3, true}, false, "UNDECODED response: MetadataResponse v3"},
      {"unknown api key", "00 7f 00 00 00 00 00 01 00 00", {}, false,
       "request header names API key 127, which is not a Kafka API"},
      {"truncated header", "00 03 00", {}, false, "request header"},
      {"version kwire does not implement", "00 03 00 63 00 00 00 01 00 00 00", {}, false,
       "Metadata v99 is not implemented by kwire (v0-v13)"},
      {"api without declarations", "00 04 00 00 00 00 00 01 00 00", {}, false,
       "LeaderAndIsr v0 is not implemented by kwire (no version is)"},
      {"truncated body", metadata_req.substr(12, metadata_req.size() - 18), {}, false,
       "UNDECODED request: MetadataRequest v12"},
      {"header disagrees with --api", metadata_req, {0, std::nullopt, false}, false,
       "the header names API key 3, not 0"},
  };
  for (const auto& c : cases) {
    const auto out = run(c);
    EXPECT_NE(out.find(c.expect), std::string::npos) << c.name << ":\n" << out;
    EXPECT_NE(out.find(c.decoded ? "0 undecoded" : "1 undecoded"), std::string::npos) << c.name << ":\n" << out;
  }
}

TEST(Hex, VerboseAndJson) {
  produce_request p;
  p.acks = -1;
  p.timeout_ms = 1000;
  record_batch b;
  b.producer_id = 5;
  b.producer_epoch = 1;
  b.base_sequence = 0;
  b.attributes = static_cast<std::int16_t>(compression_codec::zstd);
  record r;
  r.key = bytes{'k'};
  r.value = bytes{0x00, 0xff};
  r.headers.push_back({"h", bytes{'v'}});
  b.records.push_back(r);
  produce_request::partition_produce_data pd;
  pd.index = 2;
  pd.records.emplace();
  ASSERT_TRUE(encode_batch(b, pd.records->data));
  p.topic_data.push_back({"t", uuid{}, {pd}, {}});
  const hex_case c{"produce", to_hex(test::request_frame(p, 11, 1)), {}, true, ""};
  const auto tree = run(c, output_format::verbose);
  for (const char* part : {"Acks: -1", "Compression: \"zstd\"", "ProducerId: 5", "Key: \"k\" (1 bytes)",
                           "Value: 0x00ff (2 bytes)", "CrcValid: true", "topics=t[2]"})
    EXPECT_NE(tree.find(part), std::string::npos) << part << "\n" << tree;
  const auto json = run(c, output_format::json);
  for (const char* part : {"\"api\":\"Produce\"", "\"Value\":{\"hex\":\"00ff\"}", "\"Key\":\"k\"",
                           "\"Headers\":[{\"Key\":\"h\",\"Value\":\"v\"}]", "{\"summary\":"})
    EXPECT_NE(json.find(part), std::string::npos) << part << "\n" << json;
}

TEST(Hex, BadCrcIsShownNotHidden) {
  produce_request p;
  p.acks = 1;
  record_batch b;
  b.records.push_back({0, 0, bytes{'a'}, bytes{'b'}, {}});
  produce_request::partition_produce_data pd;
  pd.records.emplace();
  ASSERT_TRUE(encode_batch(b, pd.records->data));
  pd.records->data[pd.records->data.size() - 2] ^= 1;  // the value's byte (the last is the header count)
  p.topic_data.push_back({"t", uuid{}, {pd}, {}});
  const auto out = run({"crc", to_hex(test::request_frame(p, 9, 1)), {}, true, ""}, output_format::verbose);
  EXPECT_NE(out.find("CrcValid: false"), std::string::npos) << out;
  EXPECT_NE(out.find("errors=records: "), std::string::npos) << out;
}

TEST(Hex, ParseHexRejectsWithAReason) {
  bytes out;
  std::string why;
  EXPECT_FALSE(parse_hex("00 0g", out, why));
  EXPECT_EQ(why, "character 'g' at offset 4 is not a hex digit");
  EXPECT_FALSE(parse_hex("000", out, why));
  EXPECT_EQ(why, "odd number of hex digits");
  out.clear();
  EXPECT_TRUE(parse_hex("0x0a:0B\n", out, why));
  EXPECT_EQ(out, (bytes{0x0a, 0x0b}));
}

}  // namespace
}  // namespace kwire::dump
