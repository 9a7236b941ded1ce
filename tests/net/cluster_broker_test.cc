// net::cluster against the real single-node broker (KWIRE_BOOTSTRAP): bootstrap past a dead
// server, metadata of a created topic, leader routing, coordinator lookup, completion tokens.

#include <gtest/gtest.h>

#include <boost/asio/deferred.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include <kwire/net/blocking.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/messages/create_topics.hpp>
#include <kwire/protocol/messages/describe_groups.hpp>
#include <kwire/protocol/messages/heartbeat.hpp>
#include <kwire/protocol/messages/list_offsets.hpp>
#include "tests/support/broker_env.hpp"

namespace {

using namespace kwire;
using namespace std::chrono_literals;

net::cluster_config config(std::string bootstrap) {
  net::cluster_config cfg;
  cfg.bootstrap_servers = std::move(bootstrap);
  cfg.connection.client_id = "kwire-cluster-test";
  cfg.connection.request_timeout = 15000ms;
  return cfg;
}

std::string unique(const std::string& prefix) {
  std::random_device rd;
  return prefix + "-" + std::to_string(rd() % 1000000000);
}

void create_topic(net::blocking_cluster& c, const std::string& name, int partitions) {
  protocol::create_topics_request req;
  protocol::create_topics_request::creatable_topic t;
  t.name = name;
  t.num_partitions = partitions;
  t.replication_factor = 1;
  req.topics.push_back(t);
  req.timeout_ms = 15000;
  auto res = c.request(net::any_broker{}, req);
  ASSERT_TRUE(res) << res.detail;
  ASSERT_EQ(res.value.body.topics.size(), 1u);
  ASSERT_EQ(res.value.body.topics[0].error_code, 0) << res.value.body.topics[0].error_message.value_or("");
}

// Until every partition of `topic` has a leader (creation propagates asynchronously).
std::shared_ptr<const net::metadata_view> wait_for_leaders(net::blocking_cluster& c, const std::string& topic,
                                                           std::size_t partitions) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  std::shared_ptr<const net::metadata_view> view;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = c.metadata({topic});
    EXPECT_TRUE(res) << res.detail;
    view = res.value;
    const auto* t = view ? view->topic(topic) : nullptr;
    if (t && t->error_code == 0 && t->partitions.size() == partitions &&
        std::all_of(t->partitions.begin(), t->partitions.end(), [](const auto& p) { return p.leader >= 0; }))
      return view;
    std::this_thread::sleep_for(100ms);
  }
  ADD_FAILURE() << "topic " << topic << " did not get leaders for its " << partitions << " partitions within 30 s";
  return view;
}

protocol::list_offsets_request latest_offset(const std::string& topic, std::int32_t partition) {
  protocol::list_offsets_request req;
  req.replica_id = -1;  // a consumer, not a follower
  protocol::list_offsets_request::list_offsets_topic t;
  t.name = topic;
  protocol::list_offsets_request::list_offsets_partition p;
  p.partition_index = partition;
  p.timestamp = -1;  // latest
  t.partitions.push_back(p);
  req.topics.push_back(t);
  return req;
}

std::int16_t partition_error(const protocol::list_offsets_response& r) {
  if (r.topics.size() != 1 || r.topics[0].partitions.size() != 1) return -100;
  return r.topics[0].partitions[0].error_code;
}

TEST(cluster_broker, bootstraps_past_a_dead_server) {
  net::blocking_cluster c(config("127.0.0.1:1, " + test::bootstrap()));
  auto r = c.start();
  ASSERT_TRUE(r) << r.detail;
  const auto view = c.snapshot();
  EXPECT_FALSE(view->brokers.empty());
  EXPECT_GE(view->controller_id, 0);
  EXPECT_TRUE(view->cluster_id.has_value());
  // Bootstrap connections are gone: the pool holds only connections by node id.
  for (const auto& s : c.stats()) EXPECT_GE(s.node_id, 0);
}

TEST(cluster_broker, says_why_each_bootstrap_server_failed) {
  net::blocking_cluster c(config("127.0.0.1:1,127.0.0.1:2"));
  auto r = c.start();
  ASSERT_FALSE(r);
  EXPECT_NE(r.detail.find("no bootstrap server answered"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("127.0.0.1:1:"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("127.0.0.1:2:"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("refused"), std::string::npos) << r.detail;
}

TEST(cluster_broker, rejects_a_malformed_bootstrap_list) {
  for (const char* bad : {"", " , ", "no-port", "host:abc"}) {
    net::blocking_cluster c(config(bad));
    auto r = c.start();
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.ec, client_errc::invalid_config) << bad;
    EXPECT_FALSE(r.detail.empty());
  }
}

TEST(cluster_broker, routes_to_partition_leaders_of_a_created_topic) {
  net::blocking_cluster c(config(test::bootstrap()));
  ASSERT_TRUE(c.start());
  const auto topic = unique("kwire-cluster-route");
  create_topic(c, topic, 3);
  const auto view = wait_for_leaders(c, topic, 3);
  ASSERT_NE(view->topic(topic), nullptr);
  for (const auto& p : view->topic(topic)->partitions) {
    EXPECT_EQ(p.replicas.size(), 1u);
    EXPECT_NE(view->broker(p.leader), nullptr);
    // Right after creation the leader may not act as one yet (NOT_LEADER_OR_FOLLOWER): report
    // it as a client would and ask again.
    auto res = c.request(net::leader{topic, p.partition}, latest_offset(topic, p.partition));
    for (int i = 0; i < 100 && res && net::invalidates_metadata(static_cast<broker_errc>(partition_error(res.value.body)));
         ++i) {
      c.invalidate(topic, p.partition, static_cast<broker_errc>(partition_error(res.value.body)));
      std::this_thread::sleep_for(100ms);
      res = c.request(net::leader{topic, p.partition}, latest_offset(topic, p.partition));
    }
    ASSERT_TRUE(res) << res.detail;
    EXPECT_EQ(partition_error(res.value.body), 0) << "partition " << p.partition;
    EXPECT_EQ(res.value.body.topics[0].partitions[0].offset, 0);
  }
  // A partition the topic does not have: a clear error, not a wait for the whole timeout.
  const auto start = std::chrono::steady_clock::now();
  auto res = c.request(net::leader{topic, 7}, latest_offset(topic, 7));
  EXPECT_EQ(res.ec, broker_errc::unknown_topic_or_partition);
  EXPECT_NE(res.detail.find("no partition 7"), std::string::npos) << res.detail;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  res = c.request(net::leader{unique("kwire-no-such-topic"), 0}, latest_offset("x", 0));
  EXPECT_EQ(res.ec, broker_errc::unknown_topic_or_partition);
  EXPECT_NE(res.detail.find("is not in the metadata"), std::string::npos) << res.detail;
}

// Collects the cluster's log lines (the log hook runs on the cluster's thread).
struct log_sink {
  std::mutex m;
  std::vector<std::string> lines;
  net::log_callback hook() {
    return [this](net::log_level, const std::string& s) {
      std::lock_guard lock(m);
      lines.push_back(s);
    };
  }
  std::vector<std::string> matching(const std::string& needle) {
    std::lock_guard lock(m);
    std::vector<std::string> out;
    for (const auto& l : lines)
      if (l.find(needle) != std::string::npos) out.push_back(l);
    return out;
  }
};

TEST(cluster_broker, looks_up_group_coordinators_together) {
  log_sink sink;
  auto cfg = config(test::bootstrap());
  cfg.connection.log = sink.hook();
  net::blocking_cluster c(cfg);
  ASSERT_TRUE(c.start());
  // Several lookups at once: they share FindCoordinator requests (one per batch on v4+).
  std::vector<std::string> groups;
  for (int i = 0; i < 4; ++i) groups.push_back(unique("kwire-cluster-group"));
  std::vector<std::promise<std::pair<std::error_code, net::reply<protocol::describe_groups_response>>>> answers(4);
  for (int i = 0; i < 4; ++i) {
    protocol::describe_groups_request req;
    req.groups = {groups[i]};
    c.async().async_request(net::coordinator{net::coordinator_type::group, groups[i]}, req,
                            [&answers, i](std::error_code ec, net::reply<protocol::describe_groups_response> r) {
                              answers[i].set_value({ec, std::move(r)});
                            });
  }
  for (int i = 0; i < 4; ++i) {
    auto [ec, r] = answers[i].get_future().get();
    ASSERT_FALSE(ec) << r.detail;
    ASSERT_EQ(r.body.groups.size(), 1u);
  }
  // Keys asked while a lookup is under way wait and go out together: at most two requests
  // for four keys (more only if the broker asked us to retry, e.g. COORDINATOR_NOT_AVAILABLE
  // while it creates __consumer_offsets).
  const auto lookups = sink.matching("FindCoordinator to node");
  const auto retried = sink.matching("looking up again");
  EXPECT_GE(lookups.size(), 1u);
  if (retried.empty()) {
    EXPECT_LE(lookups.size(), 2u) << ::testing::PrintToString(lookups);
  }
  for (const auto& l : lookups) EXPECT_NE(l.find("in 1 request(s)"), std::string::npos) << l;  // v4+: batched
  // The group's own error: the coordinator may still be loading (or have moved) when the
  // offsets topic is new; then forget it and ask again, as a client does.
  for (const auto& g : groups) {
    protocol::describe_groups_request req;
    req.groups = {g};
    auto res = c.request(net::coordinator{net::coordinator_type::group, g}, req);
    for (int i = 0; i < 100 && res && res.value.body.groups.size() == 1; ++i) {
      const auto e = static_cast<broker_errc>(res.value.body.groups[0].error_code);
      if (e != broker_errc::not_coordinator && e != broker_errc::coordinator_load_in_progress &&
          e != broker_errc::coordinator_not_available)
        break;
      if (e == broker_errc::not_coordinator) c.async().invalidate_coordinator(net::coordinator_type::group, g);
      std::this_thread::sleep_for(100ms);
      res = c.request(net::coordinator{net::coordinator_type::group, g}, req);
    }
    ASSERT_TRUE(res) << res.detail;
    ASSERT_EQ(res.value.body.groups.size(), 1u);
    const auto& d = res.value.body.groups[0];
    EXPECT_EQ(d.group_id, g);
    // Nobody ever joined it: "Dead" (Kafka 3.9), or GROUP_ID_NOT_FOUND (4.x, KIP-1043).
    if (d.error_code == 0) {
      EXPECT_EQ(d.group_state, "Dead");
    } else {
      EXPECT_EQ(d.error_code, static_cast<std::int16_t>(broker_errc::group_id_not_found));
    }
  }
}

TEST(cluster_broker, retries_a_coordinator_that_is_loading_or_moved) {
  // Heartbeat has a top-level error code: COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR and
  // COORDINATOR_NOT_AVAILABLE are retried inside the cluster, so only the group's real answer
  // comes back: nobody is a member of a group nobody joined.
  net::blocking_cluster c(config(test::bootstrap()));
  ASSERT_TRUE(c.start());
  protocol::heartbeat_request hb;
  hb.group_id = unique("kwire-cluster-hb");
  hb.generation_id = 1;
  hb.member_id = "nobody";
  auto res = c.request(net::coordinator{net::coordinator_type::group, hb.group_id}, hb);
  ASSERT_TRUE(res) << res.detail;
  const auto e = static_cast<broker_errc>(res.value.body.error_code);
  EXPECT_TRUE(e == broker_errc::unknown_member_id || e == broker_errc::group_id_not_found ||
              e == broker_errc::illegal_generation)
      << error_name(e);
}

TEST(cluster_broker, looks_up_one_key_per_request_below_find_coordinator_v4) {
  // A pin below v4 stands in for an old broker: the key list does not exist there.
  log_sink sink;
  auto cfg = config(test::bootstrap());
  cfg.connection.log = sink.hook();
  cfg.connection.version_pins[protocol::api_key::find_coordinator] = 3;
  net::blocking_cluster c(cfg);
  ASSERT_TRUE(c.start());
  std::vector<std::promise<std::pair<std::error_code, net::reply<protocol::heartbeat_response>>>> answers(3);
  for (int i = 0; i < 3; ++i) {
    protocol::heartbeat_request hb;
    hb.group_id = unique("kwire-cluster-v3");
    hb.generation_id = 1;
    hb.member_id = "nobody";
    c.async().async_request(net::coordinator{net::coordinator_type::group, hb.group_id}, hb,
                            [&answers, i](std::error_code ec, net::reply<protocol::heartbeat_response> r) {
                              answers[i].set_value({ec, std::move(r)});
                            });
  }
  for (auto& a : answers) {
    auto [ec, r] = a.get_future().get();
    ASSERT_FALSE(ec) << r.detail;
    EXPECT_NE(r.body.error_code, static_cast<std::int16_t>(broker_errc::not_coordinator));
  }
  for (const auto& l : sink.matching("FindCoordinator")) std::printf("%s\n", l.c_str());
  for (const auto& l : sink.matching("FindCoordinator to node")) {
    // "N group key(s) in N request(s)": one request per key, or a first batched try that the
    // connection refused before anything was sent (versions not known yet).
    const auto keys = std::stoi(l.substr(l.rfind(": ") + 2));
    if (l.find("in 1 request(s)") == std::string::npos || keys == 1) continue;
    EXPECT_FALSE(sink.matching("batched lookup refused").empty()) << l;
  }
}

std::uint64_t requests_sent(const std::vector<net::broker_stats>& stats) {
  std::uint64_t n = 0;
  for (const auto& s : stats) n += s.connection.requests;
  return n;
}

TEST(cluster_broker, refreshes_periodically_and_coalesces_refreshes) {
  auto cfg = config(test::bootstrap());
  cfg.metadata_max_age = 300ms;
  net::blocking_cluster watcher(cfg);
  ASSERT_TRUE(watcher.start());
  // Another client creates a topic; the watcher learns of it without asking.
  net::blocking_cluster other(config(test::bootstrap()));
  ASSERT_TRUE(other.start());
  const auto topic = unique("kwire-cluster-periodic");
  create_topic(other, topic, 1);
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!watcher.snapshot()->topic(topic) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  EXPECT_NE(watcher.snapshot()->topic(topic), nullptr) << "no periodic refresh brought " << topic;

  // Eight concurrent requests for fresh metadata share the refresh under way.
  net::blocking_cluster c(config(test::bootstrap()));
  ASSERT_TRUE(c.start());
  const auto before = requests_sent(c.stats());
  std::vector<std::promise<std::error_code>> done(8);
  for (auto& d : done)
    c.async().async_metadata({}, [&d](std::error_code ec, net::metadata_reply) { d.set_value(ec); });
  for (auto& d : done) EXPECT_FALSE(d.get_future().get());
  const auto sent = requests_sent(c.stats()) - before;
  EXPECT_GE(sent, 1u);
  EXPECT_LE(sent, 2u) << "8 concurrent refreshes took " << sent << " Metadata requests";
}

TEST(cluster_broker, takes_any_completion_token) {
  boost::asio::io_context io;
  auto c = net::cluster::create(io.get_executor(), config(test::bootstrap()));
  auto work = boost::asio::make_work_guard(io);
  std::thread runner([&io] { io.run(); });
  // Boost 1.81's use_future hands a std::error_code over as a value (only boost's throws).
  auto [ec, detail] = c->async_start(boost::asio::use_future).get();
  ASSERT_FALSE(ec) << detail;
  auto [md_ec, md] = c->async_metadata({}, boost::asio::use_future).get();
  ASSERT_FALSE(md_ec) << md.detail;
  ASSERT_NE(md.view, nullptr);
  EXPECT_FALSE(md.view->brokers.empty());
  protocol::api_versions_request av;
  av.client_software_name = "kwire-test";
  av.client_software_version = "1";
  auto op = c->async_request(net::any_broker{}, av, boost::asio::deferred);  // nothing sent yet
  std::promise<std::error_code> got;
  std::move(op)([&got](std::error_code ec, net::reply<protocol::api_versions_response> r) {
    EXPECT_FALSE(r.body.api_keys.empty());
    got.set_value(ec);
  });
  EXPECT_FALSE(got.get_future().get());
  const auto stats = c->stats();
  ASSERT_FALSE(stats.empty());
  std::uint64_t responses = 0;
  for (const auto& s : stats) responses += s.connection.responses;
  EXPECT_GE(responses, 2u);  // the refresh and ApiVersions
  EXPECT_FALSE(c->async_close(boost::asio::use_future).get());
  work.reset();
  runner.join();
}

}  // namespace
