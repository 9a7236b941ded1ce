// The frame splitter: whole frames out of any fragmentation, and garbage reported, skipped and
// left behind.
#include "tools/dump/frames.hpp"

#include <gtest/gtest.h>

#include "tests/support/hex.hpp"

namespace kwire::dump {
namespace {

using test::hex;

// A check that accepts any head (the splitter's own size test still applies).
verdict any(protocol::byte_view, bool) { return verdict::accept; }
// Accepts only heads whose 4 bytes after the size are "ca fe ..".
verdict cafe(protocol::byte_view h, bool) { return h[4] == 0xca && h[5] == 0xfe ? verdict::accept : verdict::reject; }

std::vector<split_item> feed_in_pieces(frame_splitter& s, const protocol::bytes& b, std::size_t piece,
                                       const frame_check& check) {
  std::vector<split_item> out;
  for (std::size_t i = 0; i < b.size(); i += piece) {
    const auto n = std::min(piece, b.size() - i);
    const auto part = test::exact(protocol::bytes(b.begin() + static_cast<std::ptrdiff_t>(i), b.end()), n);
    s.feed(part, check, out);
  }
  return out;
}

TEST(FrameSplitter, WholeFramesFromEveryFragmentation) {
  const auto stream = hex("00000004 01020304  00000006 0a0b0c0d0e0f  00000004 ffffffff");
  for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
    frame_splitter s(4, true);
    auto out = feed_in_pieces(s, stream, piece, any);
    ASSERT_EQ(out.size(), 3u) << "piece " << piece;
    EXPECT_EQ(out[0].data, hex("01020304"));
    EXPECT_EQ(out[1].data, hex("0a0b0c0d0e0f"));
    EXPECT_EQ(out[1].size, 10u);
    EXPECT_EQ(out[2].data, hex("ffffffff"));
    for (const auto& f : out) EXPECT_FALSE(f.garbage);
    EXPECT_EQ(s.buffered(), 0u);
  }
}

TEST(FrameSplitter, ImplausibleSizeIsReportedAndTheNextFrameFound) {
  // A negative size, then junk, then a frame the check recognises.
  const auto stream = hex("ffffffff 0102 00000006 cafe01020304");
  frame_splitter s(4, true);
  std::vector<split_item> out;
  s.feed(stream, cafe, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].garbage);
  EXPECT_EQ(out[0].size, 6u);
  EXPECT_NE(out[0].reason.find("frame size -1 is not plausible"), std::string::npos) << out[0].reason;
  EXPECT_EQ(out[0].data, hex("ffffffff0102"));
  EXPECT_FALSE(out[1].garbage);
  EXPECT_EQ(out[1].data, hex("cafe01020304"));
}

TEST(FrameSplitter, TooLargeSizeGoesOutOfSync) {
  frame_splitter s(4, true, 1000);
  std::vector<split_item> out;
  s.feed(hex("00100000 00000000 00000000"), cafe, out);
  EXPECT_FALSE(s.synced());
  s.finish(any, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].garbage);
  EXPECT_EQ(out[0].size, 12u);
  EXPECT_NE(out[0].reason.find("frame size 1048576 is not plausible (4..1000)"), std::string::npos) << out[0].reason;
}

TEST(FrameSplitter, JoinsMidStreamAtAChunkStart) {
  // Not synced: the tail of an earlier frame, then (in the next chunk) a whole frame.
  frame_splitter s(4, false);
  std::vector<split_item> out;
  s.feed(hex("7777777777"), [](protocol::byte_view, bool weak) { return weak ? verdict::accept : verdict::reject; }, out);
  s.feed(hex("00000004 01020304"), [](protocol::byte_view, bool weak) { return weak ? verdict::accept : verdict::reject; }, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].garbage);
  EXPECT_EQ(out[0].size, 5u);
  EXPECT_EQ(out[1].data, hex("01020304"));
}

TEST(FrameSplitter, WaitsForACandidateToComplete) {
  // The check wants the whole candidate before deciding; bytes before it are kept meanwhile.
  const auto whole = [](protocol::byte_view h, bool) {
    const std::size_t size = std::size_t{h[0]} << 24 | h[1] << 16 | h[2] << 8 | h[3];
    if (h.size() < 4 + size) return verdict::wait;
    return h[4] == 0xca && h[5] == 0xfe ? verdict::accept : verdict::reject;
  };
  frame_splitter s(4, false);
  std::vector<split_item> out;
  s.feed(hex("11 00000006 cafe0102"), whole, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.buffered(), 9u);
  s.feed(hex("0304"), whole, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].garbage);
  EXPECT_EQ(out[0].size, 1u);
  EXPECT_EQ(out[1].data, hex("cafe01020304"));
}

TEST(FrameSplitter, AWholeFrameWinsOverACandidateStillWaiting) {
  // A false start claims more bytes than ever come; a frame that checks out whole behind it wins.
  const auto whole = [](protocol::byte_view h, bool) {
    const std::size_t size = std::size_t{h[0]} << 24 | h[1] << 16 | h[2] << 8 | h[3];
    if (h.size() < 4 + size) return verdict::wait;
    return h[4] == 0xca && h[5] == 0xfe ? verdict::accept : verdict::reject;
  };
  frame_splitter s(4, false);
  std::vector<split_item> out;
  s.feed(hex("00000100 cafe 00000004 cafe0000"), whole, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].garbage);
  EXPECT_EQ(out[0].size, 6u);
  EXPECT_EQ(out[1].data, hex("cafe0000"));
  // One that never completes and nothing better: all of it is reported at the end.
  out.clear();
  frame_splitter t(4, false);
  t.feed(hex("00000100 cafe 0102"), whole, out);
  EXPECT_TRUE(out.empty());
  t.finish(whole, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].garbage);
  EXPECT_EQ(out[0].size, 8u);
}

TEST(FrameSplitter, StreamEndingInsideAFrame) {
  frame_splitter s(4, true);
  std::vector<split_item> out;
  s.feed(hex("00000010 0102"), any, out);
  EXPECT_TRUE(out.empty());
  s.finish(any, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].reason.find("ended inside a frame of 16 bytes"), std::string::npos) << out[0].reason;
}

TEST(FrameSplitter, GapReportsTheCutFrame) {
  frame_splitter s(4, true);
  std::vector<split_item> out;
  s.feed(hex("00000010 0102"), any, out);
  s.lose_sync(out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].garbage);
  EXPECT_NE(out[0].reason.find("cut short by lost bytes"), std::string::npos) << out[0].reason;
  s.feed(hex("00000004 cafe0000"), cafe, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].data, hex("cafe0000"));
}

}  // namespace
}  // namespace kwire::dump
