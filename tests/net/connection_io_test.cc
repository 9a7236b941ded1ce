// The Asio half of the connection over scripted and failure-injecting streams
// (test_transport.hpp): pipelining, partial reads and writes, fail the n-th I/O for every n,
// timeouts, idle close and lazy reconnect, backoff, KIP-368 re-authentication, close.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <iostream>

#include <kwire/net/connection.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/metadata.hpp>
#include <kwire/protocol/messages/produce.hpp>
#include <kwire/protocol/messages/sasl_authenticate.hpp>
#include <kwire/protocol/messages/sasl_handshake.hpp>
#include "tests/net/test_transport.hpp"

namespace kwire {
namespace {

using namespace std::chrono_literals;
using protocol::api_key;
using protocol::bytes;
using test::seen_request;

// Answers ApiVersions with kwire's own ranges and Metadata with an empty cluster; `swallow`
// requests of one key get no answer.
struct script {
  std::optional<api_key> swallow;
  int api_versions_seen = 0;
  int sasl_authenticate_seen = 0;
  std::int64_t session_lifetime_ms = 0;
  std::optional<bytes> metadata_override;  // raw bytes instead of a proper Metadata answer

  std::optional<bytes> operator()(const seen_request& r) {
    if (swallow && r.key == *swallow) return std::nullopt;
    switch (r.key) {
      case api_key::api_versions:
        ++api_versions_seen;
        return test::response_frame(test::our_versions(), r);
      case api_key::metadata: {
        if (metadata_override) return metadata_override;
        protocol::metadata_response m;
        m.cluster_id = "scripted";
        return test::response_frame(m, r);
      }
      case api_key::sasl_handshake: {
        protocol::sasl_handshake_response h;
        h.mechanisms = {"PLAIN"};
        return test::response_frame(h, r);
      }
      case api_key::sasl_authenticate: {
        ++sasl_authenticate_seen;
        protocol::sasl_authenticate_response a;
        a.session_lifetime_ms = session_lifetime_ms;
        return test::response_frame(a, r);
      }
      default:
        return std::nullopt;  // e.g. Produce with acks=0
    }
  }
};

struct harness {
  boost::asio::io_context io;
  std::shared_ptr<net::connection_config> cfg = std::make_shared<net::connection_config>();
  std::shared_ptr<script> peer = std::make_shared<script>();
  test::scripted_transport::options chunks;
  std::shared_ptr<test::fail_plan> plan;  // null: no failures
  int transports_made = 0;
  std::vector<std::chrono::steady_clock::time_point> attempts;  // when each transport was made
  bool run_done = false;
  std::error_code run_ec;

  harness() {
    cfg->reconnect_backoff = 1ms;
    cfg->reconnect_backoff_max = 5ms;
  }

  std::shared_ptr<net::connection> start() {
    auto conn = net::connection::create_with_transport(
        io.get_executor(), {1, "scripted", "9092"}, cfg,
        [this](const boost::asio::any_io_executor& ex) -> std::unique_ptr<net::detail::transport> {
          ++transports_made;
          attempts.push_back(std::chrono::steady_clock::now());
          auto p = peer;
          auto t = std::make_unique<test::scripted_transport>(
              ex, [p](const seen_request& r) { return (*p)(r); }, chunks);
          if (plan) return std::make_unique<test::failing_transport>(std::move(t), plan);
          return t;
        });
    conn->async_run([this](std::error_code ec) {
      run_done = true;
      run_ec = ec;
    });
    return conn;
  }

  // Runs until `done` holds or `limit` passes.
  template <class Pred>
  bool run_until(Pred done, std::chrono::milliseconds limit = 5s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < end) {
      io.run_for(1ms);
      if (io.stopped()) io.restart();
    }
    return done();
  }
};

struct result {
  int calls = 0;
  std::error_code ec;
  std::string detail;
  std::string cluster_id;
};

void metadata(net::connection& c, const std::shared_ptr<result>& r, net::request_options o = {}) {
  c.async_request(protocol::metadata_request{}, [r](std::error_code ec, net::reply<protocol::metadata_response> rep) {
    ++r->calls;
    r->ec = ec;
    r->detail = rep.detail;
    r->cluster_id = rep.body.cluster_id.value_or("");
  }, o);
}

std::vector<std::shared_ptr<result>> make_results(int n) {
  std::vector<std::shared_ptr<result>> v;
  for (int i = 0; i < n; ++i) v.push_back(std::make_shared<result>());
  return v;
}

bool all_called(const std::vector<std::shared_ptr<result>>& v) {
  return std::all_of(v.begin(), v.end(), [](auto& r) { return r->calls > 0; });
}

class chunked : public ::testing::TestWithParam<std::size_t> {};

TEST_P(chunked, pipelined_requests_through_partial_reads_and_writes) {
  harness h;
  h.chunks.read_chunk = GetParam();
  h.chunks.write_chunk = GetParam();
  h.cfg->max_in_flight = 7;
  auto conn = h.start();
  auto results = make_results(50);
  for (auto& r : results) metadata(*conn, r);
  ASSERT_TRUE(h.run_until([&] { return all_called(results); }));
  for (auto& r : results) {
    EXPECT_EQ(r->calls, 1);
    EXPECT_FALSE(r->ec) << r->detail;
    EXPECT_EQ(r->cluster_id, "scripted");
  }
  const auto s = conn->stats();
  EXPECT_EQ(s.requests, 50u);
  EXPECT_EQ(s.responses, 50u);
  EXPECT_EQ(s.connects, 1u);
  EXPECT_GT(s.bytes_in, 0u);
  EXPECT_GT(s.bytes_out, 0u);
  ASSERT_NE(conn->broker_versions(), nullptr);
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
  EXPECT_FALSE(h.run_ec);
}

INSTANTIATE_TEST_SUITE_P(sizes, chunked, ::testing::Values(1, 3, 7, 64, 100000));

// Two waves of requests (the second reconnects if the first broke the connection), then close.
// Returns the number of I/O operations seen.
int run_workload(harness& h, bool expect_all_ok) {
  auto conn = h.start();
  auto first = make_results(4);
  for (auto& r : first) metadata(*conn, r);
  bool silent_done = false;
  std::error_code silent_ec;
  net::request_options no_answer;
  no_answer.expect_response = false;
  conn->async_request(protocol::produce_request{}, [&](std::error_code ec, auto) {
    silent_done = true;
    silent_ec = ec;
  }, no_answer);
  EXPECT_TRUE(h.run_until([&] { return all_called(first) && silent_done; }));
  auto second = make_results(3);
  for (auto& r : second) metadata(*conn, r);
  EXPECT_TRUE(h.run_until([&] { return all_called(second); }));
  conn->close();
  auto late = std::make_shared<result>();
  metadata(*conn, late);
  EXPECT_TRUE(h.run_until([&] { return h.run_done && late->calls == 1; }));
  EXPECT_EQ(late->ec, client_errc::connection_closed);
  for (const auto* wave : {&first, &second})
    for (auto& r : *wave) {
      EXPECT_EQ(r->calls, 1) << "completed exactly once";
      if (expect_all_ok) {
        EXPECT_FALSE(r->ec) << r->detail;
      }
      if (r->ec) {
        EXPECT_EQ(r->ec, client_errc::connection_closed) << r->detail;
        EXPECT_NE(r->detail.find("Metadata"), std::string::npos) << r->detail;
      }
    }
  if (expect_all_ok) {
    EXPECT_FALSE(silent_ec);
  }
  conn.reset();
  // Nothing may be left behind: the io_context runs dry on its own.
  h.io.restart();
  h.io.run_for(2s);
  EXPECT_TRUE(h.io.stopped()) << "work left after close()";
  return h.plan ? h.plan->count : 0;
}

TEST(connection_io, fail_the_nth_io_for_every_n) {
  int total = 0;
  {
    harness h;
    h.chunks.read_chunk = 5;  // many reads: more failure points
    h.plan = std::make_shared<test::fail_plan>();
    total = run_workload(h, true);
  }
  ASSERT_GT(total, 10);
  std::cout << "failing each of " << total << " I/O operations in turn\n";
  for (int n = 1; n <= total; ++n) {
    SCOPED_TRACE("failing I/O operation " + std::to_string(n) + " of " + std::to_string(total));
    harness h;
    h.chunks.read_chunk = 5;
    h.plan = std::make_shared<test::fail_plan>();
    h.plan->fail_at = n;
    run_workload(h, false);
    EXPECT_TRUE(h.plan->fired);
  }
}

TEST(connection_io, request_timeout_fails_it_and_reconnects) {
  harness h;
  h.peer->swallow = api_key::metadata;
  auto conn = h.start();
  auto slow = std::make_shared<result>(), other = std::make_shared<result>();
  net::request_options quick;
  quick.timeout = 50ms;
  const auto t0 = std::chrono::steady_clock::now();
  metadata(*conn, slow, quick);
  metadata(*conn, other);  // in flight behind it, default timeout (30 s)
  ASSERT_TRUE(h.run_until([&] { return slow->calls && other->calls; }));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 50ms);
  EXPECT_EQ(slow->ec, client_errc::timed_out);
  EXPECT_NE(slow->detail.find("timed out waiting for its response"), std::string::npos) << slow->detail;
  EXPECT_EQ(other->ec, client_errc::connection_closed);
  EXPECT_NE(other->detail.find("timed out"), std::string::npos) << other->detail;
  // The next request gets a new connection that works.
  h.peer->swallow.reset();
  auto after = std::make_shared<result>();
  metadata(*conn, after);
  ASSERT_TRUE(h.run_until([&] { return after->calls > 0; }));
  EXPECT_FALSE(after->ec) << after->detail;
  const auto s = conn->stats();
  EXPECT_EQ(s.timeouts, 1u);
  EXPECT_EQ(s.connects, 2u);
  EXPECT_EQ(h.peer->api_versions_seen, 2);
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
}

TEST(connection_io, config_request_timeout_applies_to_a_queued_request_too) {
  harness h;
  h.cfg->request_timeout = 40ms;
  h.cfg->max_in_flight = 1;
  h.peer->swallow = api_key::metadata;
  auto conn = h.start();
  auto a = std::make_shared<result>(), b = std::make_shared<result>();
  metadata(*conn, a);
  metadata(*conn, b);  // queued behind a: max_in_flight 1
  ASSERT_TRUE(h.run_until([&] { return a->calls && b->calls; }));
  EXPECT_EQ(a->ec, client_errc::timed_out);
  EXPECT_EQ(b->ec, client_errc::timed_out);  // same deadline, not sent yet
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
}

TEST(connection_io, idle_close_then_lazy_reconnect) {
  harness h;
  h.cfg->connections_max_idle = 30ms;
  std::vector<std::string> log;
  h.cfg->log = [&](net::log_level, const std::string& m) { log.push_back(m); };
  auto conn = h.start();
  h.io.run_for(20ms);
  EXPECT_EQ(h.transports_made, 0) << "nothing connects before a request";
  auto a = std::make_shared<result>();
  metadata(*conn, a);
  ASSERT_TRUE(h.run_until([&] { return a->calls > 0; }));
  EXPECT_FALSE(a->ec) << a->detail;
  ASSERT_TRUE(h.run_until([&] { return !conn->stats().connected; }, 2s));
  EXPECT_EQ(h.transports_made, 1);
  auto b = std::make_shared<result>();
  metadata(*conn, b);
  ASSERT_TRUE(h.run_until([&] { return b->calls > 0; }));
  EXPECT_FALSE(b->ec) << b->detail;
  EXPECT_EQ(conn->stats().connects, 2u);
  EXPECT_TRUE(std::any_of(log.begin(), log.end(), [](auto& m) { return m.find("idle") != std::string::npos; }));
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
}

TEST(connection_io, close_with_requests_pending_completes_each_with_an_error) {
  harness h;
  h.peer->swallow = api_key::metadata;
  h.cfg->max_in_flight = 3;
  auto conn = h.start();
  auto results = make_results(6);  // 3 in flight, 3 queued
  for (auto& r : results) metadata(*conn, r);
  ASSERT_TRUE(h.run_until([&] { return conn->stats().in_flight == 3; }));
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return all_called(results) && h.run_done; }));
  int written = 0, queued = 0;
  for (auto& r : results) {
    EXPECT_EQ(r->ec, client_errc::connection_closed);
    EXPECT_NE(r->detail.find("closed by the application"), std::string::npos) << r->detail;
    written += r->detail.find("written, response not received") != std::string::npos;
    queued += r->detail.find("not sent") != std::string::npos;
  }
  EXPECT_EQ(written, 3);
  EXPECT_EQ(queued, 3);
  EXPECT_FALSE(h.run_ec);
}

TEST(connection_io, correlation_id_out_of_order_fails_every_pending_request) {
  harness h;
  h.cfg->max_in_flight = 4;
  h.peer->metadata_override = test::response_frame(protocol::metadata_response{}, {api_key::metadata, 0, 999});
  auto conn = h.start();
  auto results = make_results(4);
  for (auto& r : results) metadata(*conn, r);
  ASSERT_TRUE(h.run_until([&] { return all_called(results); }));
  for (auto& r : results) EXPECT_EQ(r->ec, client_errc::correlation_id_mismatch) << r->detail;
  EXPECT_NE(results[0]->detail.find("correlation id 999"), std::string::npos) << results[0]->detail;
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
}

TEST(connection_io, absurd_response_size_fails_the_connection_clearly) {
  harness h;
  h.peer->metadata_override = bytes{0x7f, 0xff, 0xff, 0xf0};
  auto conn = h.start();
  auto r = std::make_shared<result>();
  metadata(*conn, r);
  ASSERT_TRUE(h.run_until([&] { return r->calls > 0; }));
  EXPECT_EQ(r->ec, client_errc::invalid_value);
  EXPECT_NE(r->detail.find("exceeds the limit"), std::string::npos) << r->detail;
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
}

TEST(connection_io, failed_connects_back_off_exponentially) {
  harness h;
  h.cfg->reconnect_backoff = 40ms;
  h.cfg->reconnect_backoff_max = 1000ms;
  h.plan = std::make_shared<test::fail_plan>();
  auto conn = h.start();
  for (int i = 0; i < 4; ++i) {
    h.plan->fail_at = h.plan->count + 1;  // the next operation is the connect: fail it
    auto r = std::make_shared<result>();
    metadata(*conn, r);
    ASSERT_TRUE(h.run_until([&] { return r->calls > 0; }));
    EXPECT_EQ(r->ec, client_errc::connection_closed);
    EXPECT_NE(r->detail.find("injected connect failure"), std::string::npos) << r->detail;
  }
  // Between attempts: waits of 40, 80, 160 ms, each -20% at least (jitter).
  ASSERT_EQ(h.attempts.size(), 4u);
  EXPECT_GE(h.attempts[1] - h.attempts[0], 32ms);
  EXPECT_GE(h.attempts[2] - h.attempts[1], 64ms);
  EXPECT_GE(h.attempts[3] - h.attempts[2], 128ms);
  EXPECT_EQ(conn->stats().connect_failures, 4u);
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
}

TEST(connection_io, setup_timeout) {
  harness h;
  h.cfg->connection_setup_timeout = 50ms;
  h.peer->swallow = api_key::api_versions;  // the handshake never completes
  auto conn = h.start();
  auto r = std::make_shared<result>();
  metadata(*conn, r);
  ASSERT_TRUE(h.run_until([&] { return r->calls > 0; }));
  EXPECT_EQ(r->ec, client_errc::timed_out);
  EXPECT_NE(r->detail.find("socket.connection.setup.timeout.ms"), std::string::npos) << r->detail;
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
}

TEST(connection_io, reauthenticates_when_the_session_lifetime_runs_out) {
  harness h;
  h.cfg->security = net::security_protocol::sasl_plaintext;
  h.cfg->sasl.mechanism = "PLAIN";
  h.cfg->sasl.username = "u";
  h.cfg->sasl.password = "p";
  h.cfg->max_in_flight = 3;
  h.peer->session_lifetime_ms = 100;  // re-authenticate every 85-95 ms
  auto conn = h.start();
  std::vector<std::shared_ptr<result>> all;
  const auto end = std::chrono::steady_clock::now() + 400ms;
  while (std::chrono::steady_clock::now() < end) {
    auto wave = make_results(5);
    for (auto& r : wave) metadata(*conn, r);
    ASSERT_TRUE(h.run_until([&] { return all_called(wave); }));
    all.insert(all.end(), wave.begin(), wave.end());
    h.io.run_for(5ms);
    if (h.io.stopped()) h.io.restart();
  }
  for (auto& r : all) EXPECT_FALSE(r->ec) << r->detail;
  const auto s = conn->stats();
  EXPECT_EQ(s.connects, 1u);
  EXPECT_GE(s.reauthentications, 2u);  // ~4 expected; a loaded machine may stretch the waves
  EXPECT_EQ(h.peer->sasl_authenticate_seen, static_cast<int>(s.reauthentications) + 1);
  conn->close();
  ASSERT_TRUE(h.run_until([&] { return h.run_done; }));
}

TEST(connection_io, tls_wanted_without_a_context) {
  boost::asio::io_context io;
  auto cfg = std::make_shared<net::connection_config>();
  cfg->security = net::security_protocol::ssl;
  auto conn = net::connection::create(io.get_executor(), {1, "localhost", "9093"}, cfg,
                                      std::shared_ptr<boost::asio::ssl::context>{});
  std::error_code run_ec, req_ec;
  std::string detail;
  conn->async_run([&](std::error_code ec) { run_ec = ec; });
  conn->async_request(protocol::metadata_request{}, [&](std::error_code ec, auto rep) {
    req_ec = ec;
    detail = rep.detail;
  });
  io.run_for(1s);
  EXPECT_EQ(run_ec, client_errc::invalid_config);
  EXPECT_EQ(req_ec, client_errc::invalid_config);
  EXPECT_NE(detail.find("make_tls_context"), std::string::npos) << detail;
}

}  // namespace
}  // namespace kwire
