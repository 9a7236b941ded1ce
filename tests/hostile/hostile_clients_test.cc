// kwire's consumer, producer and admin through their public (blocking) API, bootstrapped at a
// hostile scripted peer (hostile_peer.hpp) that answers ApiVersions and Metadata properly and
// then breaks one answer: each call fails with a clear error naming what was wrong, within the
// configured timeouts, with memory bounded by the configured limits.

#include <gtest/gtest.h>

#include <iostream>

#include <kwire/admin/admin_blocking.hpp>
#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/error.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include <kwire/protocol/messages/produce.hpp>
#include "tests/hostile/hostile_batches.hpp"

namespace kwire {
namespace {

using namespace std::chrono_literals;
using protocol::api_key;
using protocol::bytes;
using test::hostile_peer;
using test::peer_connection;
using test::peer_request;
using test::memory_bound;

const topic_partition tp{test::hostile_topic, 0};

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
  const memory_bound mem(16 * 1024);  // KiB
  // The control: the same peer with a proper batch delivers its three records.
  auto peer = test::fetch_peer(test::batch_bytes());
  const auto o = consume(peer);
  EXPECT_EQ(o.error, "(no error: 3 records)");
}

TEST(hostile_consumer, a_crc_mismatch) {
  const memory_bound mem(16 * 1024);  // KiB
  auto peer = test::fetch_peer(test::crc_broken_batch());
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("hostile-0 at offset 0"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("CRC"), std::string::npos) << o.error;
  EXPECT_LT(o.took, 5s);
}

TEST(hostile_consumer, a_truncated_record_batch_alone) {
  const memory_bound mem(16 * 1024);  // KiB
  auto peer = test::fetch_peer(test::truncated_batch());
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("hostile-0 at offset 0"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("no complete batch"), std::string::npos) << o.error;
  EXPECT_LT(o.took, 5s);
}

TEST(hostile_consumer, records_that_overrun_their_batch) {
  const memory_bound mem(16 * 1024);  // KiB
  auto peer = test::fetch_peer(test::overrunning_batch());
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("hostile-0 at offset 0"), std::string::npos) << o.error;
  EXPECT_EQ(o.error.find("no error"), std::string::npos) << o.error;
  EXPECT_LT(o.took, 5s);
}

// A zstd batch whose body is 512 MiB of zeros (a few KiB compressed): the consumer stops at its
// decompression cap (64 MiB for fetch.max.bytes = 1 MiB) and says so; memory stays near the cap.
TEST(hostile_consumer, a_compressed_batch_that_expands_past_the_cap) {
  auto bomb = test::zstd_bomb(std::size_t{512} << 20);
  ASSERT_LT(bomb.size(), std::size_t{1} << 20);
  const memory_bound mem(96 * 1024);  // KiB: the 64 MiB cap and what a consumer needs besides
  auto peer = test::fetch_peer(std::move(bomb));
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("hostile-0 at offset 0"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("67108864"), std::string::npos) << "names the cap: " << o.error;
  EXPECT_LT(o.took, 25s);
}

TEST(hostile_consumer, a_fetch_answer_that_does_not_decode) {
  const memory_bound mem(16 * 1024);  // KiB
  // The whole Fetch body is garbage: before, the consumer re-sent Fetch forever without a word.
  hostile_peer peer([](peer_connection& c, const peer_request& r) {
    if (c.answer_metadata_and_versions(r)) return;
    bytes body;
    protocol::writer w(body);
    w.i32(0);           // throttle time
    w.i16(0);           // error code
    w.i32(0);           // session id
    w.uvarint(0x7fff);  // topics: 32766 of them, in a few bytes
    c.send(test::raw_answer(r, body));
  });
  const auto o = consume(peer);
  EXPECT_NE(o.error.find("Fetch"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("exceeds"), std::string::npos) << o.error;
  EXPECT_LT(o.took, 5s);
}

TEST(hostile_admin, a_metadata_answer_that_does_not_decode) {
  const memory_bound mem(16 * 1024);  // KiB
  hostile_peer peer([](peer_connection& c, const peer_request& r) {
    if (r.key != api_key::metadata) return (void)c.answer_metadata_and_versions(r);
    c.send(test::raw_answer(r, {0, 0, 0, 0, 0xff}));  // throttle time, then a byte of garbage
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
  const memory_bound mem(16 * 1024);  // KiB
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
  const memory_bound mem(16 * 1024);  // KiB
  hostile_peer peer([](peer_connection& c, const peer_request& r) {
    if (c.answer_metadata_and_versions(r)) return;
    if (r.key != api_key::produce) {
      std::cerr << "hostile peer: no answer for " << protocol::info(r.key).name << " v" << r.version << "\n";
      return;
    }
    c.send(test::raw_answer(r, bytes(6, 0x85)));  // a varint that never ends
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
