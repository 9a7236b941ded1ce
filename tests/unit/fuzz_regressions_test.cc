// What fuzzing found (docs/fuzzing.md, "Findings"), each with its minimized input: signed
// overflows that UBSan reports (bazel test --config=asan runs these with it) and allocations
// made ahead of the bytes that justify them. The largest single allocation is measured by the
// replacement operator new below.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <new>

#include <kwire/compression/compression.hpp>
#include <kwire/consumer/fetcher.hpp>
#include <kwire/net/detail/frame_reader.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/crc32c.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/read_share_group_state.hpp>
#include <kwire/protocol/record_batch.hpp>
#include "tests/support/hex.hpp"

namespace {
std::atomic<std::size_t> largest_allocation{0};
}  // namespace

void* operator new(std::size_t n) {
  std::size_t seen = largest_allocation.load();
  while (n > seen && !largest_allocation.compare_exchange_weak(seen, n)) {
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace kwire {
namespace {

using protocol::bytes;
using protocol::record;
using protocol::record_batch;
constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();

// Largest single allocation made while `f` runs.
template <class F>
std::size_t largest_during(F&& f) {
  largest_allocation = 0;
  f();
  return largest_allocation.load();
}

// read_record: base offset INT64_MAX + offset delta 1. The base offset lies outside the CRC, so
// this batch is CRC-valid (issue #19's input, without the fuzz target's flag byte).
const bytes offset_past_end = test::hex(
    "7fffffffffffffff0000003900000000027c38047b00000000000100000000000000000000000000000000ffffffffffffffff"
    "ffffffffffff000000010e00000201027600");

TEST(fuzz_regressions, a_record_offset_past_the_largest_is_an_error_in_both_decoders) {
  std::vector<record_batch> owned;
  const auto r = protocol::decode_batches(offset_past_end, owned);
  EXPECT_EQ(r.ec, client_errc::invalid_value) << r.detail;
  EXPECT_NE(r.detail.find("past the largest offset"), std::string::npos) << r.detail;
  const auto v = protocol::for_each_batch_view(offset_past_end, {}, [](const protocol::batch_view&) {});
  EXPECT_EQ(v.ec, client_errc::invalid_value) << v.detail;
  EXPECT_EQ(v.detail, r.detail);
}

// write_record_body: a timestamp delta that overflows int64 (first timestamp INT64_MIN, a record
// at INT64_MAX, i.e. delta -1 as the decoder reads it) is written as that wrapped delta, the way
// the decoder (and Java) add it back: the batch round-trips.
TEST(fuzz_regressions, a_timestamp_delta_that_wraps_round_trips) {
  record_batch b;
  b.first_timestamp = min64;
  b.max_timestamp = max64;
  b.records.push_back(record{0, max64, std::nullopt, bytes{'v'}, {}});
  bytes wire;
  ASSERT_TRUE(protocol::encode_batch(b, wire));
  std::vector<record_batch> back;
  const auto r = protocol::decode_batches(wire, back);
  ASSERT_TRUE(r) << r.detail;
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0], b);
}

// write_record_body: an offset whose distance from the base offset overflows int64 is refused,
// not computed.
TEST(fuzz_regressions, an_offset_too_far_from_the_base_is_refused) {
  record_batch b;
  b.base_offset = -1;
  b.records.push_back(record{max64, 0, std::nullopt, bytes{'v'}, {}});
  bytes wire;
  const auto r = protocol::encode_batch(b, wire);
  EXPECT_EQ(r.ec, client_errc::invalid_value) << r.detail;
}

// decode_partition: a batch whose last offset is INT64_MAX (base offset INT64_MAX - 1, two
// records; valid in itself) has no next offset: `last + 1` overflowed. Now a clear error.
TEST(fuzz_regressions, a_fetched_batch_ending_at_the_largest_offset_is_an_error) {
  record_batch b;
  b.base_offset = max64 - 1;
  b.last_offset_delta = 1;
  b.records.push_back(record{max64 - 1, 0, std::nullopt, bytes{'a'}, {}});
  b.records.push_back(record{max64, 0, std::nullopt, bytes{'b'}, {}});
  protocol::fetch_response::partition_data p;
  protocol::record_bytes rb;
  ASSERT_TRUE(protocol::encode_batch(b, rb.data));
  p.records = std::move(rb);
  const auto out = client::decode_partition({"t", 0}, p, 0, {});
  EXPECT_EQ(out.ec, client_errc::corrupt_record_batch) << out.detail;
  EXPECT_NE(out.detail.find("past the largest offset"), std::string::npos) << out.detail;
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(out.next_offset, 0);
}

// A gzip batch of zeros that declares as many records as its decompressed bytes could hold at 7
// bytes each: the record vector used to be sized from that count (~100 bytes per record) before
// the first record failed to decode. It now grows with the records actually decoded.
TEST(fuzz_regressions, the_record_vector_grows_with_decoded_records_not_the_declared_count) {
  const bytes zeros(std::size_t{8} << 20, 0);
  bytes packed;
  ASSERT_TRUE(compression::compress(compression::codec::gzip, compression::default_level, zeros, packed));
  record_batch header;
  header.attributes = static_cast<std::int16_t>(protocol::compression_codec::gzip);
  bytes wire;
  ASSERT_TRUE(protocol::encode_batch(header, wire));  // an empty gzip batch: then its body is replaced
  wire.resize(protocol::batch_header_size);
  wire.insert(wire.end(), packed.begin(), packed.end());
  const std::int32_t declared = 1000000;  // < 8 MiB / 7
  for (int i = 0; i < 4; ++i) wire[57 + i] = static_cast<std::uint8_t>(declared >> (24 - 8 * i));
  const auto length = static_cast<std::uint32_t>(wire.size() - 12);
  for (int i = 0; i < 4; ++i) wire[8 + i] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
  const auto crc = protocol::crc32c(0, wire.data() + 21, wire.size() - 21);
  for (int i = 0; i < 4; ++i) wire[17 + i] = static_cast<std::uint8_t>(crc >> (24 - 8 * i));

  protocol::decode_options options;
  protocol::codec_result owned, viewed;
  const auto a = largest_during([&] { owned = protocol::for_each_batch(wire, options, [](record_batch&) {}); });
  const auto b = largest_during([&] {
    viewed = protocol::for_each_batch_view(wire, options, [](const protocol::batch_view&) {});
  });
  EXPECT_FALSE(owned);  // the first record of zeros is empty: not a record
  EXPECT_FALSE(viewed);
  EXPECT_NE(owned.detail.find("records[0]"), std::string::npos) << owned.detail;
  // The decompressed body (8 MiB, in a buffer grown by doubling) is the largest thing allocated;
  // a vector of a million records would be ~100 MiB.
  EXPECT_LE(a, std::size_t{32} << 20);
  EXPECT_LE(b, std::size_t{32} << 20);
}

// frame_reader: a frame announcing the whole 256 MiB limit was zero-filled at once, before any
// of its bytes arrived. Room now grows with what arrives.
TEST(fuzz_regressions, a_frame_announcing_the_limit_allocates_only_what_arrives) {
  net::detail::frame_reader reader;
  const bytes head = test::hex("10 00 00 00  00 00 00 07");  // 256 MiB, correlation id 7
  std::size_t delivered = 0;
  const auto largest = largest_during([&] {
    for (int read = 0; read < 4; ++read) {  // the head, then three reads of 1000 bytes
      auto room = reader.prepare();
      const std::size_t n = read == 0 ? head.size() : std::min<std::size_t>(1000, room.size());
      if (read == 0) std::copy(head.begin(), head.end(), room.begin());
      ASSERT_TRUE(reader.commit(n, [&](protocol::byte_view) { ++delivered; return protocol::codec_result{}; }));
    }
  });
  EXPECT_EQ(delivered, 0u);
  EXPECT_EQ(reader.buffered(), head.size() + 3000);
  EXPECT_LE(largest, std::size_t{1} << 20);
}

// ...and a frame still arrives whole however its bytes are cut, growing the room as it comes.
TEST(fuzz_regressions, a_large_frame_still_arrives_whole_in_small_reads) {
  net::detail::frame_reader reader;
  const std::size_t size = (std::size_t{3} << 20) + 5;
  bytes wire(4 + size, 0x5a);
  for (int i = 0; i < 4; ++i) wire[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(size >> (24 - 8 * i));
  std::size_t at = 0, frames = 0;
  while (at < wire.size()) {
    auto room = reader.prepare();
    ASSERT_FALSE(room.empty());
    const auto n = std::min({room.size(), wire.size() - at, std::size_t{70000}});
    std::copy_n(wire.begin() + static_cast<std::ptrdiff_t>(at), n, room.begin());
    at += n;
    ASSERT_TRUE(reader.commit(n, [&](protocol::byte_view f) {
      EXPECT_EQ(f.size(), size);
      ++frames;
      return protocol::codec_result{};
    }));
  }
  EXPECT_EQ(frames, 1u);
}

// read_tag_section (finding #7, fuzz_messages): a tag section out of order that repeats a tag
// decoded (the second copy went to unknown_tags) and the message then did not encode ("tagged
// field 0 given twice"). Kafka requires each tag once, in ascending order: the decoder now
// refuses it. The body
// is tests/fuzz/findings/read_share_group_state_response_duplicate_tag without its three bytes of
// api key, version and direction (ReadShareGroupStateResponse v0).
TEST(fuzz_regressions, a_repeated_tag_is_refused_by_the_decoder) {
  const bytes body = test::hex(
      "01101112131415d0161718191a1b1c1d1e1f030000001f00260476343400000034000000000000003b03000000000000"
      "004a000000000000005158005f00000000000000004b0000fd000000000052590060000000000020002700000000004a"
      "00000000000020260400270476393000000035000000000000003c03000000000000004b00000000000000545b006200"
      "000000");
  protocol::read_share_group_state_response m;
  const auto r = protocol::decode(body, 0, m);
  EXPECT_EQ(r.ec, client_errc::invalid_value) << r.detail;
  // Its first entry out of order is tag 0 after tag 38 (tag 0 comes again later).
  EXPECT_NE(r.detail.find("tagged fields: tag 0 follows tag 38"), std::string::npos) << r.detail;
}

// The same rule in a header's tag section (every tag there is unknown to kwire, so a repeat would
// have been kept twice): correlation id 7, then tags 1 and 0 (descending), then 2 and 2.
TEST(fuzz_regressions, a_descending_or_repeated_header_tag_is_refused) {
  const auto header = [](std::string_view hex) {
    const bytes in = test::hex(hex);
    protocol::reader r(in);
    protocol::response_header h;
    protocol::read_response_header(r, h, 1);
    return std::pair{r.ok() ? std::error_code{} : r.error(), r.detail()};
  };
  const auto [ok, ok_detail] = header("00000007 02 0100 0200");  // tags 1, 2: fine
  EXPECT_FALSE(ok) << ok_detail;
  const auto [down, down_detail] = header("00000007 02 0100 0000");
  EXPECT_EQ(down, client_errc::invalid_value);
  EXPECT_NE(down_detail.find("tag 0 follows tag 1"), std::string::npos) << down_detail;
  const auto [twice, twice_detail] = header("00000007 02 0200 0200");
  EXPECT_EQ(twice, client_errc::invalid_value);
  EXPECT_NE(twice_detail.find("tag 2 is repeated"), std::string::npos) << twice_detail;
}

}  // namespace
}  // namespace kwire
