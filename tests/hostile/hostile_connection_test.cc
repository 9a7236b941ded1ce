// net::connection over a real TCP socket against a hostile scripted peer (hostile_peer.hpp):
// every malformed answer fails the request with a clear error naming what was wrong, within the
// configured timeouts, without allocating ahead of the bytes received, and the connection
// recovers for the next request.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <kwire/net/connection.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/metadata.hpp>
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
using test::memory_bound;

struct outcome {
  bool done = false;
  std::error_code ec;
  std::string detail;
  std::chrono::milliseconds took{};
};

// One Metadata request through a fresh connection to `peer`; the io_context runs until it
// completes (or 30 s, which fails the test).
struct client {
  boost::asio::io_context io;
  std::shared_ptr<net::connection_config> cfg = std::make_shared<net::connection_config>();
  std::shared_ptr<net::connection> conn;

  explicit client(const hostile_peer& peer) {
    cfg->request_timeout = 2s;
    cfg->reconnect_backoff = 10ms;
    cfg->reconnect_backoff_max = 50ms;
    conn = net::connection::create(io.get_executor(), {1, "127.0.0.1", peer.port()}, cfg, nullptr);
    conn->async_run([](std::error_code) {});
  }
  ~client() {
    conn->close();
    io.run_for(200ms);
  }

  outcome metadata() {
    auto o = std::make_shared<outcome>();
    const auto start = std::chrono::steady_clock::now();
    conn->async_request(protocol::metadata_request{}, [o, start](std::error_code ec, net::reply<protocol::metadata_response> r) {
      o->done = true;
      o->ec = ec;
      o->detail = r.detail;
      o->took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    });
    const auto end = std::chrono::steady_clock::now() + 30s;
    while (!o->done && std::chrono::steady_clock::now() < end) {
      io.run_for(5ms);
      if (io.stopped()) io.restart();
    }
    EXPECT_TRUE(o->done) << "no answer within 30 s: hung";
    return *o;
  }
};

// A peer that answers ApiVersions properly and the first Metadata request with `bad`; later
// Metadata requests get a proper answer (the connection must recover).
struct bad_metadata {
  std::function<void(peer_connection&, const peer_request&)> bad;
  std::shared_ptr<std::atomic<int>> seen = std::make_shared<std::atomic<int>>(0);
  void operator()(peer_connection& c, const peer_request& r) const {
    if (r.key == api_key::metadata && (*seen)++ == 0) return bad(c, r);
    c.answer_metadata_and_versions(r);
  }
};

// The failure, then a healthy request on the same connection object (it reconnects).
void expect_failure_then_recovery(std::function<void(peer_connection&, const peer_request&)> bad,
                                  std::optional<client_errc> want, std::string_view want_text) {
  hostile_peer peer(bad_metadata{std::move(bad)});
  client c(peer);
  const auto first = c.metadata();
  ASSERT_TRUE(first.ec);
  if (want) {
    EXPECT_EQ(first.ec, *want) << first.detail;
  }
  EXPECT_NE(first.detail.find(want_text), std::string::npos) << first.detail;
  EXPECT_NE(first.detail.find("Metadata"), std::string::npos) << "names the request: " << first.detail;
  EXPECT_LT(first.took, 2s + 500ms) << first.detail;
  const auto again = c.metadata();
  EXPECT_FALSE(again.ec) << again.detail;
}

TEST(hostile_connection, a_frame_length_of_2_pow_31_minus_1) {
  const memory_bound mem(16 * 1024);  // KiB
  expect_failure_then_recovery([](peer_connection& c, const peer_request&) { c.send(be32(0x7fffffff)); },
                               client_errc::invalid_value, "response frame size 2147483647 exceeds the limit");
}

TEST(hostile_connection, a_negative_frame_length) {
  const memory_bound mem(16 * 1024);  // KiB
  expect_failure_then_recovery([](peer_connection& c, const peer_request&) { c.send(be32(0xfffffffe)); },
                               client_errc::invalid_value, "response frame size -2 is negative");
}

TEST(hostile_connection, a_frame_announcing_the_limit_then_a_few_bytes) {
  const memory_bound mem(16 * 1024);  // KiB
  // 256 MiB announced, 1 KiB sent, then silence: the request times out, and memory grows with
  // the bytes that came, not the size announced.
  hostile_peer peer(bad_metadata{[](peer_connection& c, const peer_request& r) {
    auto b = be32(256u << 20);
    auto id = be32(static_cast<std::uint32_t>(r.correlation_id));
    b.insert(b.end(), id.begin(), id.end());
    b.resize(1024, 0x7f);
    c.send(b);
  }});
  client c(peer);
  const auto o = c.metadata();
  EXPECT_EQ(o.ec, client_errc::timed_out) << o.detail;
  EXPECT_LT(o.took, 3s);
  const auto again = c.metadata();
  EXPECT_FALSE(again.ec) << again.detail;
}

TEST(hostile_connection, a_frame_cut_midway_then_close) {
  const memory_bound mem(16 * 1024);  // KiB
  expect_failure_then_recovery(
      [](peer_connection& c, const peer_request& r) {
        auto whole = test::response_frame(protocol::metadata_response{}, r);
        whole.resize(whole.size() / 2);
        c.send(whole);
        c.close();
      },
      client_errc::connection_closed, "closed");
}

TEST(hostile_connection, a_response_with_the_wrong_correlation_id) {
  const memory_bound mem(16 * 1024);  // KiB
  expect_failure_then_recovery(
      [](peer_connection& c, peer_request r) {
        r.correlation_id += 1;
        c.answer(protocol::metadata_response{}, r);
      },
      client_errc::correlation_id_mismatch, "expected");
}

TEST(hostile_connection, a_response_to_a_correlation_id_never_sent) {
  const memory_bound mem(16 * 1024);  // KiB
  expect_failure_then_recovery(
      [](peer_connection& c, peer_request r) {
        r.correlation_id = -123456;
        c.answer(protocol::metadata_response{}, r);
      },
      client_errc::correlation_id_mismatch, "-123456");
}

TEST(hostile_connection, an_array_count_far_beyond_a_tiny_frame) {
  const memory_bound mem(16 * 1024);  // KiB
  // A Metadata answer whose brokers array claims 2^31-1 entries in a frame of a few bytes.
  expect_failure_then_recovery(
      [](peer_connection& c, const peer_request& r) {
        bytes b = be32(0);
        protocol::writer w(b);
        protocol::write_response_header(w, {r.correlation_id, {}},
                                        protocol::response_header_version(api_key::metadata, r.version));
        w.i32(0);  // throttle_time_ms
        if (r.version >= 9) {
          w.uvarint(0x7fffffffu);  // compact array: count + 1
        } else {
          w.i32(0x7fffffff);
        }
        w.i32(1);
        w.patch_u32(0, static_cast<std::uint32_t>(b.size() - 4));
        c.send(b);
      },
      client_errc::length_exceeds_input, "exceeds");
}

TEST(hostile_connection, a_response_of_another_version_shape) {
  const memory_bound mem(16 * 1024);  // KiB
  // A Metadata v0 body answering a request of a newer version: it does not decode as that version.
  expect_failure_then_recovery(
      [](peer_connection& c, const peer_request& r) {
        bytes b = be32(0);
        protocol::writer w(b);
        w.i32(r.correlation_id);
        protocol::metadata_response m;
        m.brokers.push_back({1, "127.0.0.1", 9092, std::nullopt, {}});
        if (auto e = protocol::encode(m, 0, b); !e) ADD_FAILURE() << e.detail;
        w.patch_u32(0, static_cast<std::uint32_t>(b.size() - 4));
        c.send(b);
      },
      std::nullopt, "MetadataResponse");
}

TEST(hostile_connection, a_peer_that_never_answers) {
  const memory_bound mem(16 * 1024);  // KiB
  expect_failure_then_recovery([](peer_connection&, const peer_request&) {}, client_errc::timed_out, "timed out");
}

TEST(hostile_connection, garbage_for_api_versions) {
  const memory_bound mem(16 * 1024);  // KiB
  int attempts = 0;
  hostile_peer peer([&](peer_connection& c, const peer_request& r) {
    if (r.key != api_key::api_versions) return (void)c.answer_metadata_and_versions(r);
    ++attempts;
    bytes b = be32(0);
    auto id = be32(static_cast<std::uint32_t>(r.correlation_id));
    b.insert(b.end(), id.begin(), id.end());
    for (int i = 0; i < 11; ++i) b.push_back(static_cast<std::uint8_t>(0xa5 ^ i));
    protocol::writer(b).patch_u32(0, static_cast<std::uint32_t>(b.size() - 4));
    c.send(b);
  });
  client c(peer);
  const auto o = c.metadata();
  ASSERT_TRUE(o.ec);
  EXPECT_NE(o.detail.find("ApiVersions"), std::string::npos) << o.detail;
  EXPECT_LT(o.took, 2s + 500ms);
}

TEST(hostile_connection, bytes_before_any_request) {
  const memory_bound mem(16 * 1024);  // KiB
  // The peer speaks first: a whole, valid-looking frame nobody asked for.
  hostile_peer peer([](peer_connection& c, const peer_request& r) { c.answer_metadata_and_versions(r); },
                    [](peer_connection& c) { c.send(test::response_frame(protocol::metadata_response{}, {api_key::metadata, 0, 77})); });
  client c(peer);
  const auto o = c.metadata();
  ASSERT_TRUE(o.ec);
  EXPECT_LT(o.took, 2s + 500ms);
  EXPECT_NE(o.detail.find("correlation id 77"), std::string::npos) << o.detail;
}

TEST(hostile_connection, one_byte_a_second) {
  const memory_bound mem(16 * 1024);  // KiB
  // Slowloris: a proper answer, one byte a second. The request's deadline (2 s) ends it.
  hostile_peer* self = nullptr;
  hostile_peer peer([&](peer_connection& c, const peer_request& r) {
    if (r.key == api_key::api_versions) return (void)c.answer_metadata_and_versions(r);
    c.send_slowly(test::response_frame(protocol::metadata_response{}, r), 1s, self->stopping());
  });
  self = &peer;
  client c(peer);
  const auto o = c.metadata();
  EXPECT_EQ(o.ec, client_errc::timed_out) << o.detail;
  EXPECT_GE(o.took, 1900ms);
  EXPECT_LT(o.took, 2s + 500ms);
  peer.stop();
}

}  // namespace
}  // namespace kwire
