// kwire's consumer, producer and admin through their public (blocking) API, bootstrapped at a
// hostile scripted peer (hostile_peer.hpp) that answers ApiVersions and Metadata properly and
// then breaks one answer: each call fails with a clear error naming what was wrong, within the
// configured timeouts, with memory bounded by the configured limits.

#include <gtest/gtest.h>
#include <zstd.h>

#include <iostream>

#include <kwire/admin/admin_blocking.hpp>
#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/error.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include <kwire/protocol/crc32c.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/messages/produce.hpp>
#include <kwire/protocol/record_batch.hpp>
#include "tests/hostile/hostile_peer.hpp"

namespace kwire {
namespace {

using namespace std::chrono_literals;
using protocol::api_key;
using protocol::bytes;
using test::be32;
using test::hostile_peer;
using test::peer_connection;
using test::peer_request;
using test::peak_rss_kib;

const topic_partition tp{test::hostile_topic, 0};

// A peer whose Fetch answers carry `records` for the hostile topic's partition 0; it logs any
// request it has no answer for.
hostile_peer fetch_peer(bytes records) {
  return hostile_peer([records = std::move(records)](peer_connection& c, const peer_request& r) {
    if (c.answer_metadata_and_versions(r)) return;
    if (r.key != api_key::fetch) {
      std::cerr << "hostile peer: no answer for " << protocol::info(r.key).name << " v" << r.version << "\n";
      return;
    }
    const auto req = r.decode<protocol::fetch_request>();
    protocol::fetch_response resp;
    for (const auto& t : req.topics) {
      protocol::fetch_response::fetchable_topic_response rt;
      rt.topic = t.topic;
      rt.topic_id = t.topic_id;
      for (const auto& p : t.partitions) {
        protocol::fetch_response::partition_data d;
        d.partition_index = p.partition;
        d.high_watermark = 1000;
        d.records = protocol::record_bytes{records};
        rt.partitions.push_back(std::move(d));
      }
      resp.responses.push_back(std::move(rt));
    }
    c.answer(resp, r);
  });
}

bytes batch_bytes(std::int16_t attributes = 0) {
  protocol::record_batch b;
  b.base_offset = 0;
  b.attributes = attributes;
  b.first_timestamp = b.max_timestamp = 1000;
  for (int i = 0; i < 3; ++i) {
    protocol::record r;
    r.offset = i;
    r.timestamp = 1000;
    r.value = bytes{'v', static_cast<std::uint8_t>('0' + i)};
    b.records.push_back(std::move(r));
  }
  bytes out;
  EXPECT_TRUE(protocol::encode_batch(b, out));
  return out;
}

// poll() on a consumer assigned to the hostile partition at offset 0: the error it throws (an
// empty text if none within 30 s), and how long that took. The time bounds below catch a hang
// or a silent retry loop; they are loose because CPU-bound steps (decompressing to the cap) run
// on a loaded 2-core machine.
struct poll_outcome {
  std::string error;
  std::chrono::milliseconds took{};
};
poll_outcome consume(const hostile_peer& peer) {
  blocking_consumer c({{"bootstrap.servers", peer.bootstrap()},
                       {"request.timeout.ms", "2000"},
                       {"fetch.max.wait.ms", "100"},
                       {"fetch.max.bytes", "1048576"},
                       {"retry.backoff.ms", "50"}});
  c.assign({tp});
  c.seek(tp, 0);
  const auto start = std::chrono::steady_clock::now();
  poll_outcome o;
  while (o.error.empty() && std::chrono::steady_clock::now() - start < 30s) {
    try {
      const auto got = c.poll(500ms);
      if (!got.empty()) {
        o.error = "(no error: " + std::to_string(got.size()) + " records)";
        break;
      }
    } catch (const kwire::error& e) {
      o.error = e.what();
    }
  }
  o.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::cout << "poll after " << o.took.count() << " ms: " << o.error << "\n";
  return o;
}

TEST(hostile_consumer, the_peer_is_healthy_enough_to_consume_from) {
  // The control: the same peer with a proper batch delivers its three records.
  auto peer = fetch_peer(batch_bytes());
  const auto o = consume(peer);
  EXPECT_EQ(o.error, "(no error: 3 records)");
}

TEST(hostile_consumer, a_crc_mismatch) {
  auto b = batch_bytes();
  b.back() ^= 0x01;
  auto peer = fetch_peer(b);
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("hostile-0 at offset 0"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("CRC"), std::string::npos) << o.error;
  EXPECT_LT(o.took, 5s);
}

TEST(hostile_consumer, a_truncated_record_batch_alone) {
  auto b = batch_bytes();
  b.resize(b.size() - 4);
  auto peer = fetch_peer(b);
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("hostile-0 at offset 0"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("no complete batch"), std::string::npos) << o.error;
  EXPECT_LT(o.took, 5s);
}

TEST(hostile_consumer, records_that_overrun_their_batch) {
  // The batch declares 3 records but its length ends inside the second; the CRC is made right,
  // so only the record framing is wrong.
  auto b = batch_bytes();
  const std::size_t cut = 8;
  b.resize(b.size() - cut);
  const auto length = static_cast<std::uint32_t>(b.size() - 12);
  const auto l = be32(length);
  std::copy(l.begin(), l.end(), b.begin() + 8);
  const auto crc = be32(protocol::crc32c(0, b.data() + 21, b.size() - 21));
  std::copy(crc.begin(), crc.end(), b.begin() + 17);
  auto peer = fetch_peer(b);
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("hostile-0 at offset 0"), std::string::npos) << o.error;
  EXPECT_EQ(o.error.find("no error"), std::string::npos) << o.error;
  EXPECT_LT(o.took, 5s);
}

// A zstd batch whose body is 512 MiB of zeros (a few KiB compressed): the consumer stops at its
// decompression cap (64 MiB for fetch.max.bytes = 1 MiB) and says so; memory stays near the cap.
bytes zstd_bomb(std::size_t expanded) {
  bytes body;
  ZSTD_CCtx* z = ZSTD_createCCtx();
  const bytes zeros(1 << 20, 0);
  bytes out(ZSTD_CStreamOutSize());
  for (std::size_t done = 0; done <= expanded; done += zeros.size()) {
    const bool last = done == expanded;
    ZSTD_inBuffer in{zeros.data(), last ? 0 : zeros.size(), 0};
    for (bool more = true; more;) {
      ZSTD_outBuffer o{out.data(), out.size(), 0};
      const auto left = ZSTD_compressStream2(z, &o, &in, last ? ZSTD_e_end : ZSTD_e_continue);
      EXPECT_FALSE(ZSTD_isError(left));
      body.insert(body.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(o.pos));
      more = last ? left != 0 : in.pos < in.size;
    }
  }
  ZSTD_freeCCtx(z);
  // A magic 2 batch header around it: zstd (4), one record declared, CRC over attributes onward.
  bytes b;
  protocol::writer w(b);
  w.i64(0);   // base offset
  w.i32(0);   // batch length, patched
  w.i32(0);   // partition leader epoch
  w.i8(2);    // magic
  w.u32(0);   // crc, patched
  w.i16(4);   // attributes: zstd
  w.i32(0);   // last offset delta
  w.i64(1000);
  w.i64(1000);
  w.i64(-1);  // producer id
  w.i16(-1);
  w.i32(-1);
  w.i32(1);   // records
  b.insert(b.end(), body.begin(), body.end());
  w.patch_u32(8, static_cast<std::uint32_t>(b.size() - 12));
  w.patch_u32(17, protocol::crc32c(0, b.data() + 21, b.size() - 21));
  return b;
}

TEST(hostile_consumer, a_compressed_batch_that_expands_past_the_cap) {
  auto bomb = zstd_bomb(std::size_t{512} << 20);
  ASSERT_LT(bomb.size(), std::size_t{1} << 20);
  auto peer = fetch_peer(std::move(bomb));
  const auto before = peak_rss_kib();
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("hostile-0 at offset 0"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("67108864"), std::string::npos) << "names the cap: " << o.error;
  EXPECT_LT(o.took, 25s);
  const auto grew = peak_rss_kib() - before;
  std::cout << "peak RSS grew by " << grew / 1024 << " MiB for a 512 MiB bomb under a 64 MiB cap\n";
  EXPECT_LT(grew, 256 * 1024) << "KiB";
}

TEST(hostile_consumer, a_fetch_answer_that_does_not_decode) {
  // The whole Fetch body is garbage: before, the consumer re-sent Fetch forever without a word.
  hostile_peer peer([](peer_connection& c, const peer_request& r) {
    if (c.answer_metadata_and_versions(r)) return;
    bytes b = be32(0);
    protocol::writer w(b);
    protocol::write_response_header(w, {r.correlation_id, {}}, protocol::response_header_version(r.key, r.version));
    w.i32(0);           // throttle time
    w.i16(0);           // error code
    w.i32(0);           // session id
    w.uvarint(0x7fff);  // topics: 32766 of them, in a few bytes
    w.patch_u32(0, static_cast<std::uint32_t>(b.size() - 4));
    c.send(b);
  });
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("Fetch"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("exceeds"), std::string::npos) << o.error;
  EXPECT_LT(o.took, 5s);
}

TEST(hostile_admin, a_metadata_answer_that_does_not_decode) {
  hostile_peer peer([](peer_connection& c, const peer_request& r) {
    if (r.key != api_key::metadata) return (void)c.answer_metadata_and_versions(r);
    bytes b = be32(0);
    protocol::writer w(b);
    protocol::write_response_header(w, {r.correlation_id, {}}, protocol::response_header_version(r.key, r.version));
    w.i32(0);  // throttle time
    w.u8(0xff);
    w.patch_u32(0, static_cast<std::uint32_t>(b.size() - 4));
    c.send(b);
  });
  blocking_admin a({{"bootstrap.servers", peer.bootstrap()}, {"request.timeout.ms", "1000"}, {"default.api.timeout.ms", "3000"}});
  const auto start = std::chrono::steady_clock::now();
  try {
    a.list_topics();
    ADD_FAILURE() << "list_topics succeeded";
  } catch (const kwire::error& e) {
    EXPECT_NE(std::string(e.what()).find("Metadata"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(hostile_admin, a_peer_that_never_answers) {
  hostile_peer peer([](peer_connection& c, const peer_request& r) {
    if (r.key == api_key::api_versions) c.answer_metadata_and_versions(r);
  });
  blocking_admin a({{"bootstrap.servers", peer.bootstrap()}, {"request.timeout.ms", "1000"}, {"default.api.timeout.ms", "3000"}});
  const auto start = std::chrono::steady_clock::now();
  try {
    a.list_topics();
    ADD_FAILURE() << "list_topics succeeded";
  } catch (const kwire::error& e) {
    EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(hostile_producer, a_produce_answer_that_does_not_decode) {
  hostile_peer peer([](peer_connection& c, const peer_request& r) {
    if (c.answer_metadata_and_versions(r)) return;
    if (r.key != api_key::produce) {
      std::cerr << "hostile peer: no answer for " << protocol::info(r.key).name << " v" << r.version << "\n";
      return;
    }
    bytes b = be32(0);
    protocol::writer w(b);
    protocol::write_response_header(w, {r.correlation_id, {}}, protocol::response_header_version(r.key, r.version));
    w.u8(0x85);  // a varint that never ends
    w.u8(0x85);
    w.u8(0x85);
    w.u8(0x85);
    w.u8(0x85);
    w.u8(0x85);
    w.patch_u32(0, static_cast<std::uint32_t>(b.size() - 4));
    c.send(b);
  });
  blocking_producer p({{"bootstrap.servers", peer.bootstrap()},
                       {"enable.idempotence", "false"},
                       {"acks", "1"},
                       {"request.timeout.ms", "1000"},
                       {"delivery.timeout.ms", "3000"},
                       {"linger.ms", "0"},
                       {"retry.backoff.ms", "50"}});
  const auto start = std::chrono::steady_clock::now();
  try {
    p.send(test::hostile_topic, "k", "v").get();
    ADD_FAILURE() << "the send succeeded";
  } catch (const kwire::error& e) {
    EXPECT_NE(std::string(e.what()).find("Produce"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("varint"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

}  // namespace
}  // namespace kwire
