// The proxy's sans-I/O parts: the response gate (pass through, hold only what is rewritten) and
// the address rewriting of Metadata, FindCoordinator and DescribeCluster responses.
#include <gtest/gtest.h>

#include <kwire/protocol/messages.hpp>
#include "tests/dump/frames_helpers.hpp"
#include "tests/support/hex.hpp"
#include "tools/dump/core/gate.hpp"
#include "tools/dump/core/rewrite.hpp"

namespace kwire::dump {
namespace {

using namespace protocol;
using test::hex;
using test::response_frame;

bytes joined(const std::vector<response_gate::piece>& pieces, bool held) {
  bytes out;
  for (const auto& p : pieces)
    if (p.held == held) out.insert(out.end(), p.data.begin(), p.data.end());
  return out;
}

TEST(ResponseGate, PassesBytesOnAsTheyComeAndHoldsOnlyChosenFrames) {
  // Frame cid 1 (passed), cid 2 (held), cid 3 (passed).
  const auto stream = hex("00000006 00000001 aabb  00000005 00000002 cc  00000004 00000003");
  for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
    response_gate g;
    std::vector<response_gate::piece> out;
    bytes passed_early;
    for (std::size_t i = 0; i < stream.size(); i += piece) {
      const auto part = test::exact(bytes(stream.begin() + static_cast<std::ptrdiff_t>(i), stream.end()),
                                    std::min(piece, stream.size() - i));
      g.feed(part, [](std::int32_t cid) { return cid == 2; }, out);
      if (i == 0) passed_early = joined(out, false);
    }
    EXPECT_EQ(joined(out, false), hex("00000006 00000001 aabb 00000004 00000003")) << piece;
    EXPECT_EQ(joined(out, true), hex("00000005 00000002 cc")) << piece;
    // With 10..18 bytes in the first piece, frame 1 is forwarded before frame 2 is complete.
    if (piece >= 10 && piece < 19) {
      EXPECT_EQ(passed_early.size(), 10u);
    }
    EXPECT_FALSE(g.broken());
  }
}

TEST(ResponseGate, NonsenseSizeTurnsIntoPlainForwarding) {
  response_gate g;
  std::vector<response_gate::piece> out;
  const auto bytes_in = hex("ffffffff 00000001 0102");
  g.feed(bytes_in, [](std::int32_t) { return true; }, out);
  EXPECT_TRUE(g.broken());
  EXPECT_EQ(joined(out, false), bytes_in);
}

bool to_proxy(const std::string& host, std::int32_t port, std::string& h, std::int32_t& p) {
  h = "proxy";
  p = port + 1000;
  return host == "broker1";
}

TEST(Rewrite, MetadataBrokersAtEveryVersion) {
  for (std::int16_t v = 0; v <= 13; ++v) {
    metadata_response m;
    m.brokers.push_back({1, "broker1", 9092, std::nullopt, {}});
    m.brokers.push_back({2, "other", 9093, std::nullopt, {}});
    const auto frame = response_frame(m, v, 42);
    bytes out;
    bool changed = false;
    auto r = rewrite_addresses(3, v, byte_view(frame).subspan(4), to_proxy, out, changed);
    ASSERT_TRUE(r) << r.detail;
    ASSERT_TRUE(changed);
    metadata_response back;
    response_header h;
    ASSERT_EQ(out.size(), 4 + (std::size_t{out[0]} << 24 | out[1] << 16 | out[2] << 8 | out[3]));
    ASSERT_TRUE(parse_response(byte_view(out).subspan(4), v, h, back));
    EXPECT_EQ(h.correlation_id, 42);
    EXPECT_EQ(back.brokers[0].host, "proxy");
    EXPECT_EQ(back.brokers[0].port, 10092);
    EXPECT_EQ(back.brokers[1].host, "other");  // the map declined it
    // Everything but the address is unchanged.
    back.brokers[0] = m.brokers[0];
    EXPECT_EQ(response_frame(back, v, 42), frame);
  }
}

TEST(Rewrite, FindCoordinatorOldAndNewShapes) {
  find_coordinator_response old;
  old.host = "broker1";
  old.port = 9092;
  auto frame = response_frame(old, 3, 1);
  bytes out;
  bool changed = false;
  ASSERT_TRUE(rewrite_addresses(10, 3, byte_view(frame).subspan(4), to_proxy, out, changed));
  EXPECT_TRUE(changed);
  find_coordinator_response back;
  response_header h;
  ASSERT_TRUE(parse_response(byte_view(out).subspan(4), 3, h, back));
  EXPECT_EQ(back.host, "proxy");

  find_coordinator_response now;
  now.coordinators.push_back({"g", 1, "broker1", 9092, 0, std::nullopt, {}});
  now.coordinators.push_back({"h", -1, "", -1, 15, "not available", {}});  // an error: left alone
  frame = response_frame(now, 6, 2);
  ASSERT_TRUE(rewrite_addresses(10, 6, byte_view(frame).subspan(4), to_proxy, out, changed));
  ASSERT_TRUE(changed);
  ASSERT_TRUE(parse_response(byte_view(out).subspan(4), 6, h, back));
  EXPECT_EQ(back.coordinators[0].host, "proxy");
  EXPECT_EQ(back.coordinators[0].port, 10092);
  EXPECT_EQ(back.coordinators[1].host, "");
  EXPECT_EQ(back.coordinators[1].port, -1);
}

TEST(Rewrite, DescribeClusterAndNothingToChange) {
  describe_cluster_response d;
  d.cluster_id = "c";
  d.brokers.push_back({1, "broker1", 9092, std::nullopt, false, {}});
  auto frame = response_frame(d, 1, 3);
  bytes out;
  bool changed = false;
  ASSERT_TRUE(rewrite_addresses(60, 1, byte_view(frame).subspan(4), to_proxy, out, changed));
  EXPECT_TRUE(changed);
  d.brokers[0].host = "elsewhere";
  frame = response_frame(d, 1, 3);
  ASSERT_TRUE(rewrite_addresses(60, 1, byte_view(frame).subspan(4), to_proxy, out, changed));
  EXPECT_FALSE(changed);
}

TEST(Rewrite, UndecodableResponseIsAnErrorNotACrash) {
  const auto frame = hex("00000001 00");
  bytes out;
  bool changed = true;
  auto r = rewrite_addresses(3, 12, frame, to_proxy, out, changed);
  EXPECT_FALSE(r);
  EXPECT_FALSE(changed);
  EXPECT_NE(r.detail.find("MetadataResponse v12"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace kwire::dump
