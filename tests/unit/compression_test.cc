// compression/: every codec round trips (empty, one byte, 1 MiB of JSON-like records,
// incompressible bytes) at its default and extreme levels; streams written by the Java client
// (kafka-clients 4.3.1 with snappy-java, lz4-java, zstd-jni) decode to the exact input; corrupt
// and truncated input, output limits and invalid levels give clear errors. Decompression reads
// from exact-size heap copies so ASan sees any over-read.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/support/hex.hpp"
#include <kwire/compression/compression.hpp>
#include <kwire/compression/detail.hpp>

using namespace kwire::compression;

namespace {

using bytes = std::vector<std::uint8_t>;

using kwire::test::hex;
bytes b(std::string_view s) { return bytes(s.begin(), s.end()); }

const codec all_codecs[] = {codec::none, codec::gzip, codec::snappy, codec::lz4, codec::zstd};
const codec real_codecs[] = {codec::gzip, codec::snappy, codec::lz4, codec::zstd};

template <class Vec>
result decompress_exact(codec c, const bytes& in, Vec& out, decompress_options opts = {}) {
  auto copy = std::make_unique<std::uint8_t[]>(in.size() ? in.size() : 1);
  std::copy(in.begin(), in.end(), copy.get());
  return decompress(c, std::span<const std::uint8_t>(copy.get(), in.size()), out, opts);
}

bytes json_like(std::size_t n) {
  bytes out;
  std::mt19937 rng(7);
  for (int i = 0; out.size() < n; ++i) {
    const std::string rec = "{\"id\":" + std::to_string(i) + ",\"user\":\"user-" + std::to_string(rng() % 1000) +
                            "\",\"event\":\"" + (rng() % 2 ? "click" : "view") + "\",\"ts\":" +
                            std::to_string(1700000000000 + i * 17) + "}\n";
    out.insert(out.end(), rec.begin(), rec.end());
  }
  out.resize(n);
  return out;
}

bytes random_bytes(std::size_t n, unsigned seed = 1) {
  bytes out(n);
  std::mt19937 rng(seed);
  for (auto& x : out) x = static_cast<std::uint8_t>(rng());
  return out;
}

void round_trip(codec c, int level, const bytes& in, const std::string& what) {
  SCOPED_TRACE(codec_name(c) + " level " + std::to_string(level) + " " + what);
  bytes packed = {0xaa};  // compress appends
  auto res = compress(c, level, in, packed);
  ASSERT_TRUE(res) << res.detail;
  ASSERT_EQ(packed[0], 0xaa);
  packed.erase(packed.begin());
  bytes got = {0xbb};  // decompress appends
  res = decompress_exact(c, packed, got);
  ASSERT_TRUE(res) << res.detail;
  ASSERT_EQ(got.size(), in.size() + 1);
  EXPECT_EQ(got[0], 0xbb);
  EXPECT_TRUE(std::equal(in.begin(), in.end(), got.begin() + 1));
}

TEST(Compression, RoundTripsEveryCodec) {
  const bytes inputs[] = {{}, {0x42}, json_like(1 << 20), random_bytes(300'000)};
  const char* names[] = {"empty", "one byte", "1 MiB JSON", "random"};
  for (codec c : all_codecs) {
    std::vector<int> lvls = {default_level};
    if (auto r = levels(c)) lvls.insert(lvls.end(), {r->min, r->max});
    for (int level : lvls)
      for (std::size_t i = 0; i < std::size(inputs); ++i) round_trip(c, level, inputs[i], names[i]);
  }
  round_trip(codec::gzip, -1, json_like(1000), "Deflater.DEFAULT_COMPRESSION");
}

TEST(Compression, EmptyIntoAnEmptyVector) {
  for (codec c : all_codecs) {
    bytes packed, got;
    ASSERT_TRUE(compress(c, default_level, bytes{}, packed)) << codec_name(c);
    auto res = decompress_exact(c, packed, got);
    EXPECT_TRUE(res) << codec_name(c) << ": " << res.detail;
    EXPECT_TRUE(got.empty());
  }
  bytes got;  // a raw snappy block of length 0: just the varint 0
  auto res = decompress_exact(codec::snappy, bytes{0x00}, got);
  EXPECT_TRUE(res) << res.detail;
  EXPECT_TRUE(got.empty());
}

TEST(Compression, CompressesJsonAndKeepsRandomNearItsSize) {
  const bytes json = json_like(1 << 20);
  const bytes noise = random_bytes(1 << 16);
  for (codec c : real_codecs) {
    bytes packed;
    ASSERT_TRUE(compress(c, default_level, json, packed));
    EXPECT_LT(packed.size(), json.size() / 3) << codec_name(c);
    packed.clear();
    ASSERT_TRUE(compress(c, default_level, noise, packed));
    EXPECT_LT(packed.size(), noise.size() + noise.size() / 100 + 64) << codec_name(c);
  }
}

// ---- streams written by the Java client -------------------------------------------------
// Kafka 4.3.1's Compression.<codec>().build().wrapForOutput(out, magic) over this text.
const std::string java_text = "kwire test vector: hello hello hello hello, Kafka compression!";

struct java_vector {
  codec c;
  const char* name;
  const char* hex;
};
const java_vector java_vectors[] = {
    {codec::gzip, "gzip (GZIPOutputStream)",
     "1f8b08000000000000ffcb2ecf2c4a5528492d2e51284b4d2ec92fb252c848cdc9c9c7247514bc13d3b2131592f3730b8a528b8b"
     "33f3f31401d403e2313e000000"},
    {codec::snappy, "snappy (xerial SnappyOutputStream)",
     "82534e41505059000000000100000001000000323e5c6b77697265207465737420766563746f723a2068656c6c6f4606004c2c20"
     "4b61666b6120636f6d7072657373696f6e21"},
    {codec::lz4, "lz4 (Lz4BlockOutputStream, magic 2)",
     "04224d1860408232000000fe096b77697265207465737420766563746f723a2068656c6c6f0600f0052c204b61666b6120636f6d"
     "7072657373696f6e2100000000"},
    {codec::zstd, "zstd (zstd-jni ZstdOutputStream)",
     "28b52ffd00589c0100c4026b77697265207465737420766563746f723a2068656c6c6f2c204b61666b6120636f6d707265737369"
     "6f6e210100c42b63010000"},
};

TEST(Compression, DecodesJavaClientStreams) {
  for (const auto& v : java_vectors) {
    bytes got;
    auto res = decompress_exact(v.c, hex(v.hex), got);
    ASSERT_TRUE(res) << v.name << ": " << res.detail;
    EXPECT_EQ(got, b(java_text)) << v.name;
  }
}

TEST(Compression, WritesTheFramingJavaWrites) {
  const auto ours = [](codec c, const bytes& in) {
    bytes out;
    EXPECT_TRUE(compress(c, default_level, in, out));
    return out;
  };
  // snappy: the xerial header, and with no input nothing else (what SnappyOutputStream writes).
  EXPECT_EQ(ours(codec::snappy, {}), hex("82534e41505059000000000100000001"));
  // Blocks of 32 KiB of input: 100 KiB of input makes 4 blocks.
  const bytes big = random_bytes(100 * 1024);
  const bytes framed = ours(codec::snappy, big);
  std::size_t pos = 16, blocks = 0;
  while (pos + 4 <= framed.size()) {
    const std::size_t len = std::size_t{framed[pos]} << 24 | std::size_t{framed[pos + 1]} << 16 |
                            std::size_t{framed[pos + 2]} << 8 | framed[pos + 3];
    pos += 4 + len;
    ++blocks;
  }
  EXPECT_EQ(pos, framed.size());
  EXPECT_EQ(blocks, 4u);
  // lz4: magic, FLG 0x60 (version 1, independent blocks, no checksums or size), BD 0x40 (64 KiB),
  // header checksum 0x82 -- byte for byte Lz4BlockOutputStream's header; end mark 0.
  const bytes frame = ours(codec::lz4, b(java_text));
  ASSERT_GE(frame.size(), 11u);
  EXPECT_EQ(bytes(frame.begin(), frame.begin() + 7), hex("04224d18604082"));
  EXPECT_EQ(bytes(frame.end() - 4, frame.end()), hex("00000000"));
  EXPECT_EQ(ours(codec::lz4, {}), hex("04224d1860408200000000"));  // Java's empty frame
  // gzip: a gzip member (magic 1f8b, deflate).
  const bytes gz = ours(codec::gzip, {});
  ASSERT_GE(gz.size(), 3u);
  EXPECT_EQ(bytes(gz.begin(), gz.begin() + 3), hex("1f8b08"));
}

TEST(Compression, ReadsRawAndConcatenatedSnappy) {
  // Snappy.compress (snappy-java) output: one raw block, no framing.
  bytes got;
  auto res = decompress_exact(codec::snappy, hex("3e5c6b77697265207465737420766563746f723a2068656c6c6f4606004c2c"
                                                 "204b61666b6120636f6d7072657373696f6e21"),
                              got);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, b(java_text));
  // Two xerial streams back to back read as one, as SnappyInputStream reads them.
  bytes two = hex(java_vectors[1].hex);
  const bytes one = two;
  two.insert(two.end(), one.begin(), one.end());
  got.clear();
  res = decompress_exact(codec::snappy, two, got);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, b(java_text + java_text));
}

TEST(Compression, ReadsConcatenatedGzipMembersAndZlib) {
  bytes two, one;
  ASSERT_TRUE(compress(codec::gzip, default_level, b("abc"), two));
  ASSERT_TRUE(compress(codec::gzip, 1, b("def"), two));
  bytes got;
  auto res = decompress_exact(codec::gzip, two, got);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, b("abcdef"));
  // zlib wrapper of "abc" (python3 zlib.compress(b"abc")).
  got.clear();
  res = decompress_exact(codec::gzip, hex("789c4b4c4a0600024d0127"), got);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, b("abc"));
}

// Kafka before KIP-57 (magic 0) wrote the lz4 frame header checksum over the wrong bytes:
// this is Kafka 4.3.1 writing the same text for magic 0, header checksum 0x1a instead of 0x82.
TEST(Compression, Lz4LegacyHeaderChecksum) {
  const bytes legacy = hex(
      "04224d1860401a32000000fe096b77697265207465737420766563746f723a2068656c6c6f0600f0052c204b61666b6120636f6d"
      "7072657373696f6e2100000000");
  bytes got;
  auto res = decompress_exact(codec::lz4, legacy, got);
  EXPECT_EQ(res.ec, compression_errc::corrupt_input);
  EXPECT_NE(res.detail.find("lz4"), std::string::npos) << res.detail;
  EXPECT_TRUE(got.empty());
  decompress_options opts;
  opts.lz4_legacy_header = true;
  res = decompress_exact(codec::lz4, legacy, got, opts);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, b(java_text));
  // A correct header still reads in legacy mode.
  got.clear();
  res = decompress_exact(codec::lz4, hex(java_vectors[2].hex), got, opts);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, b(java_text));
}

// ---- bad input ---------------------------------------------------------------------------

TEST(Compression, GarbageIsAClearError) {
  const bytes garbage = random_bytes(1000, 99);
  for (codec c : real_codecs) {
    bytes got;
    auto res = decompress_exact(c, garbage, got);
    EXPECT_EQ(res.ec, compression_errc::corrupt_input) << codec_name(c) << ": " << res.detail;
    EXPECT_EQ(res.detail.rfind(codec_name(c) + ": ", 0), 0u) << res.detail;
    EXPECT_TRUE(got.empty());
    res = decompress_exact(c, {}, got);
    EXPECT_EQ(res.ec, compression_errc::truncated_input) << codec_name(c);
  }
}

TEST(Compression, FlippedBytesNeverCrash) {
  // lz4 and snappy carry no checksum here, so a flip may decode to other bytes; it must never
  // read or write out of bounds (ASan) nor exceed the limit.
  const bytes in = json_like(5000);
  for (codec c : real_codecs) {
    bytes packed;
    ASSERT_TRUE(compress(c, default_level, in, packed));
    int errors = 0;
    for (std::size_t i = 0; i < packed.size(); ++i)
      for (std::uint8_t mask : {0x01, 0x80, 0xff}) {
        bytes bad = packed;
        bad[i] ^= mask;
        bytes got;
        decompress_options opts;
        opts.max_output = 8000;
        auto res = decompress_exact(c, bad, got, opts);
        if (!res) {
          ++errors;
          EXPECT_TRUE(got.empty());
          EXPECT_FALSE(res.detail.empty());
        }
        EXPECT_LE(got.size(), 8000u);
      }
    EXPECT_GT(errors, 0) << codec_name(c);
  }
  // gzip has a CRC-32 trailer: any flip in the deflate data or trailer fails.
  bytes packed;
  ASSERT_TRUE(compress(codec::gzip, default_level, in, packed));
  for (std::size_t i = 10; i < packed.size(); ++i) {
    bytes bad = packed;
    bad[i] ^= 0x01;
    bytes got;
    EXPECT_FALSE(decompress_exact(codec::gzip, bad, got)) << "byte " << i;
  }
}

TEST(Compression, TruncatedInputIsAnError) {
  const bytes in = json_like(3000);  // one snappy block, one lz4 block
  for (codec c : real_codecs) {
    bytes packed;
    ASSERT_TRUE(compress(c, default_level, in, packed));
    for (std::size_t cut = 0; cut < packed.size(); ++cut) {
      if (c == codec::snappy && cut == 16) continue;  // the header alone is a valid empty stream
      bytes got;
      auto res = decompress_exact(c, bytes(packed.begin(), packed.begin() + static_cast<std::ptrdiff_t>(cut)), got);
      ASSERT_FALSE(res) << codec_name(c) << " cut at " << cut;
      EXPECT_TRUE(res.ec == compression_errc::truncated_input || res.ec == compression_errc::corrupt_input)
          << codec_name(c) << " cut at " << cut << ": " << res.detail;
      EXPECT_TRUE(got.empty());
    }
    // Trailing garbage after a complete stream is not silently dropped.
    if (c != codec::snappy) {  // snappy: the bytes read as the start of another block
      bytes extra = packed;
      extra.push_back(0x00);
      bytes got;
      EXPECT_FALSE(decompress_exact(c, extra, got)) << codec_name(c);
    }
  }
}

TEST(Compression, OutputLimit) {
  const bytes in = json_like(1 << 20);
  for (codec c : all_codecs) {
    bytes packed;
    ASSERT_TRUE(compress(c, default_level, in, packed));
    bytes got = {1, 2, 3};
    decompress_options opts;
    opts.max_output = in.size() - 1;
    auto res = decompress_exact(c, packed, got, opts);
    EXPECT_EQ(res.ec, compression_errc::output_limit_exceeded) << codec_name(c);
    EXPECT_NE(res.detail.find(std::to_string(in.size() - 1)), std::string::npos) << res.detail;
    EXPECT_EQ(got, (bytes{1, 2, 3})) << codec_name(c);
    opts.max_output = in.size();  // exactly enough
    res = decompress_exact(c, packed, got, opts);
    ASSERT_TRUE(res) << codec_name(c) << ": " << res.detail;
    EXPECT_EQ(got.size(), in.size() + 3);
  }
}

TEST(Compression, BombStopsAtTheLimitWithoutAllocatingPastIt) {
  const bytes zeros(64 << 20, 0);
  for (codec c : real_codecs) {
    bytes packed;
    ASSERT_TRUE(compress(c, default_level, zeros, packed));
    EXPECT_LT(packed.size(), 4u << 20) << codec_name(c);
    bytes got;
    auto res = decompress_exact(c, packed, got, decompress_options{1 << 20, false});
    EXPECT_EQ(res.ec, compression_errc::output_limit_exceeded) << codec_name(c);
    EXPECT_NE(res.detail.find("1048576"), std::string::npos) << res.detail;
    EXPECT_LE(got.capacity(), std::size_t{1} << 20) << codec_name(c);
  }
}

// A zstd frame without a content size whose header declares an 80 MiB window (2^26 + 2^24), then
// one raw byte: zstd allocates the window before any output, so it is held to the limit (found by
// fuzz_record_batches, docs/fuzzing.md finding #8).
TEST(Compression, ZstdWindowIsHeldToTheLimit) {
  const bytes frame = hex("28b52ffd" "00" "82" "090000" "61");
  bytes got;
  auto res = decompress(codec::zstd, frame, got, decompress_options{std::size_t{4} << 20, false});
  EXPECT_EQ(res.ec, compression_errc::output_limit_exceeded) << res.detail;
  EXPECT_NE(res.detail.find("window over 2^22 bytes"), std::string::npos) << res.detail;
  EXPECT_NE(res.detail.find("4194304"), std::string::npos) << res.detail;
  EXPECT_TRUE(got.empty());
  // The same frame under a limit that allows the window decodes.
  res = decompress(codec::zstd, frame, got, decompress_options{std::size_t{128} << 20, false});
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(got, bytes{'a'});
}

// ---- compression::buffer (uninitialised growth) ----------------------------------------------

TEST(CompressionBuffer, RoundTripsAppendsAndReuses) {
  const bytes in = json_like(1 << 20);
  for (codec c : all_codecs) {
    SCOPED_TRACE(codec_name(c));
    bytes packed;
    ASSERT_TRUE(compress(c, default_level, in, packed));
    buffer got = {0xbb};  // decompress appends
    auto res = decompress_exact(c, packed, got);
    ASSERT_TRUE(res) << res.detail;
    ASSERT_EQ(got.size(), in.size() + 1);
    EXPECT_EQ(got[0], 0xbb);
    EXPECT_TRUE(std::equal(in.begin(), in.end(), got.begin() + 1));
    // Reused: the capacity it has is used, not grown.
    got.clear();
    const std::size_t capacity = got.capacity();
    res = decompress_exact(c, packed, got);
    ASSERT_TRUE(res) << res.detail;
    EXPECT_TRUE(std::equal(in.begin(), in.end(), got.begin(), got.end()));
    EXPECT_EQ(got.capacity(), capacity);
    // Small and empty inputs too.
    for (const bytes& small : {bytes{}, bytes{0x42}, json_like(3000)}) {
      packed.clear();
      ASSERT_TRUE(compress(c, default_level, small, packed));
      buffer out;
      res = decompress_exact(c, packed, out);
      ASSERT_TRUE(res) << res.detail;
      EXPECT_TRUE(std::equal(small.begin(), small.end(), out.begin(), out.end()));
    }
  }
}

TEST(CompressionBuffer, OutputLimitLeavesItAsItWas) {
  const bytes in = json_like(1 << 20);
  for (codec c : all_codecs) {
    SCOPED_TRACE(codec_name(c));
    bytes packed;
    ASSERT_TRUE(compress(c, default_level, in, packed));
    // Capacity far beyond the limit: the sink hands out capacity, but never past the limit.
    for (std::size_t reserved : {std::size_t{0}, std::size_t{4} << 20}) {
      buffer got = {1, 2, 3};
      got.reserve(reserved);
      decompress_options opts;
      opts.max_output = in.size() - 1;
      auto res = decompress_exact(c, packed, got, opts);
      EXPECT_EQ(res.ec, compression_errc::output_limit_exceeded) << reserved;
      EXPECT_EQ(got, (buffer{1, 2, 3}));
      if (reserved == 0) {
        EXPECT_LE(got.capacity(), 3 + in.size() - 1);
      }
      opts.max_output = in.size();  // exactly enough
      res = decompress_exact(c, packed, got, opts);
      ASSERT_TRUE(res) << res.detail;
      EXPECT_EQ(got.size(), in.size() + 3);
      EXPECT_TRUE(std::equal(in.begin(), in.end(), got.begin() + 3));
    }
  }
}

TEST(CompressionBuffer, BombStopsAtTheLimitWithoutAllocatingPastIt) {
  const bytes zeros(64 << 20, 0);
  for (codec c : real_codecs) {
    bytes packed;
    ASSERT_TRUE(compress(c, default_level, zeros, packed));
    buffer got;
    auto res = decompress_exact(c, packed, got, decompress_options{1 << 20, false});
    EXPECT_EQ(res.ec, compression_errc::output_limit_exceeded) << codec_name(c);
    EXPECT_TRUE(got.empty());
    EXPECT_LE(got.capacity(), std::size_t{1} << 20) << codec_name(c);
  }
}

// The codecs size the output from what the stream says (gzip's ISIZE trailer, the block sizes
// of snappy and lz4 frames, lz4's content size). A stream that lies gets no more than the limit,
// nor more than its own bytes can expand to.
TEST(CompressionBuffer, SizesAStreamDeclaresAreOnlyHints) {
  const bytes in = json_like(3000);
  {  // gzip: ISIZE says 4 GiB - 1; zlib's length check then fails.
    bytes packed;
    ASSERT_TRUE(compress(codec::gzip, default_level, in, packed));
    for (std::size_t i = packed.size() - 4; i < packed.size(); ++i) packed[i] = 0xff;
    for (std::size_t limit : {std::size_t{64} << 10, std::size_t{64} << 20}) {
      buffer got;
      auto res = decompress_exact(codec::gzip, packed, got, decompress_options{limit, false});
      EXPECT_EQ(res.ec, compression_errc::corrupt_input) << res.detail;
      EXPECT_LE(got.capacity(), std::min(limit, packed.size() * 1032));
    }
  }
  {  // snappy: a block whose length preamble says 2^32 - 1 bytes (varint ff ff ff ff 0f).
    bytes packed = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 8};
    packed.insert(packed.end(), {0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x61, 0x62});
    buffer got;
    auto res = decompress_exact(codec::snappy, packed, got, decompress_options{1 << 20, false});
    EXPECT_EQ(res.ec, compression_errc::output_limit_exceeded) << res.detail;
    EXPECT_LE(got.capacity(), std::size_t{1} << 20);
  }
  {  // lz4: the frame declares 2^40 bytes of content but holds one block; the header checksum
     // is not recomputed, so it is decoded as a pre-KIP-57 frame (checksum repaired).
    bytes packed;
    ASSERT_TRUE(compress(codec::lz4, default_level, in, packed));
    bytes lying(packed.begin(), packed.begin() + 6);
    lying[4] |= 0x08;  // FLG: content size present
    for (int i = 0; i < 8; ++i) lying.push_back(i == 5 ? 0x01 : 0x00);  // 2^40, little-endian
    lying.push_back(0x00);  // header checksum, repaired by lz4_legacy_header
    lying.insert(lying.end(), packed.begin() + 7, packed.end());
    buffer got;
    auto res = decompress_exact(codec::lz4, lying, got, decompress_options{std::size_t{64} << 20, true});
    EXPECT_EQ(res.ec, compression_errc::corrupt_input) << res.detail;
    EXPECT_LE(got.capacity(), std::size_t{64} << 10);  // one block of at most 64 KiB
  }
}

TEST(Compression, InvalidLevels) {
  struct bad {
    codec c;
    int level;
    const char* range;
  };
  for (const auto& [c, level, range] : {bad{codec::gzip, 0, "1..9"}, bad{codec::gzip, 10, "1..9"},
                                        bad{codec::gzip, -2, "1..9"}, bad{codec::lz4, 0, "1..17"},
                                        bad{codec::lz4, 18, "1..17"}, bad{codec::zstd, 23, "-131072..22"},
                                        bad{codec::zstd, -131073, "-131072..22"}}) {
    bytes out = {7};
    auto res = compress(c, level, b("abc"), out);
    EXPECT_EQ(res.ec, compression_errc::invalid_level) << codec_name(c) << " " << level;
    EXPECT_NE(res.detail.find(codec_name(c)), std::string::npos) << res.detail;
    EXPECT_NE(res.detail.find(std::to_string(level)), std::string::npos) << res.detail;
    EXPECT_NE(res.detail.find(range), std::string::npos) << res.detail;
    EXPECT_EQ(out, bytes{7});
  }
  bytes out;
  auto res = compress(codec::snappy, 1, b("abc"), out);
  EXPECT_EQ(res.ec, compression_errc::invalid_level);
  EXPECT_NE(res.detail.find("snappy has no compression levels"), std::string::npos) << res.detail;
  EXPECT_TRUE(check_level(codec::gzip, -1));
  EXPECT_TRUE(check_level(codec::zstd, 0));
  EXPECT_EQ(levels(codec::lz4)->default_level, 9);
  EXPECT_EQ(levels(codec::zstd)->default_level, 3);
  EXPECT_EQ(levels(codec::gzip)->default_level, 6);
}

// lz4's default level is the fast compressor, as the Java client's Lz4BlockOutputStream picks
// it (level == the default level: fastCompressor(); any other level: highCompressor(level)).
TEST(Compression, Lz4DefaultLevelIsTheFastCompressor) {
  EXPECT_EQ(detail::lz4_library_level(9), 0);  // LZ4F level 0: LZ4_compress_fast
  EXPECT_EQ(detail::lz4_library_level(10), 10);
  EXPECT_EQ(detail::lz4_library_level(17), 17);
  const bytes in = json_like(std::size_t{1} << 20);
  const auto packed = [&](int level) {
    bytes out;
    EXPECT_TRUE(compress(codec::lz4, level, in, out));
    return out;
  };
  const bytes by_default = packed(default_level);
  EXPECT_EQ(by_default, packed(9));  // Java cannot tell an explicit 9 from the default either
  const bytes hc = packed(10);
  EXPECT_LT(hc.size(), by_default.size());  // HC finds longer matches than the fast compressor
  EXPECT_NE(packed(3), by_default);          // levels 3.. are HC
  round_trip(codec::lz4, default_level, in, "fast");
  round_trip(codec::lz4, 10, in, "hc");
}

// Compression contexts live per thread across calls: a call's output never depends on what the
// thread compressed before (another level, a bigger input, an error in between).
TEST(Compression, ReusedContextsLeaveNoTrace) {
  const bytes big = json_like(std::size_t{1} << 20);
  const bytes small = json_like(3000);
  struct lvl {
    codec c;
    int level;
  };
  const lvl cases[] = {{codec::lz4, default_level}, {codec::lz4, 12}, {codec::zstd, default_level},
                       {codec::zstd, 19},           {codec::zstd, -5}, {codec::gzip, default_level}};
  const auto packed = [](lvl l, const bytes& in) {
    bytes out;
    EXPECT_TRUE(compress(l.c, l.level, in, out));
    return out;
  };
  // Each output once on a fresh thread (fresh contexts) ...
  std::vector<bytes> fresh_small, fresh_big;
  for (const lvl& l : cases) {
    std::thread([&] {
      fresh_small.push_back(packed(l, small));
      fresh_big.push_back(packed(l, big));
    }).join();
  }
  // ... then all of them on this thread, interleaved, twice, with failing calls in between.
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < std::size(cases); ++i) {
      SCOPED_TRACE(codec_name(cases[i].c) + " level " + std::to_string(cases[i].level));
      EXPECT_EQ(packed(cases[i], big), fresh_big[i]);
      bytes untouched = {1};
      EXPECT_FALSE(compress(cases[i].c, 99, small, untouched));
      EXPECT_EQ(untouched, bytes{1});
      EXPECT_EQ(packed(cases[(i + 1) % std::size(cases)], small), fresh_small[(i + 1) % std::size(cases)]);
      EXPECT_EQ(packed(cases[i], small), fresh_small[i]);
    }
  }
}

TEST(Compression, UnknownCodec) {
  bytes out;
  auto res = compress(static_cast<codec>(5), default_level, b("abc"), out);
  EXPECT_EQ(res.ec, compression_errc::unknown_codec);
  EXPECT_EQ(res.detail, "unknown compression codec 5");
  res = decompress(static_cast<codec>(-1), b("abc"), out, decompress_options{});
  EXPECT_EQ(res.ec, compression_errc::unknown_codec);
  EXPECT_EQ(codec_name(static_cast<codec>(7)), "unknown(7)");
  EXPECT_EQ(std::error_code(compression_errc::corrupt_input).message(), "corrupt compressed data");
  EXPECT_STREQ(std::error_code(compression_errc::corrupt_input).category().name(), "kwire.compression");
}

}  // namespace
