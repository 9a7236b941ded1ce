// The admin client's cluster calls against the real broker (issue #16): describe cluster,
// features and log dirs, elect leaders, alter and list partition reassignments.

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/support/broker_env.hpp"

namespace {

using namespace std::chrono_literals;

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

kwire::blocking_admin pinned_admin(kwire::protocol::api_key api, std::int16_t version) {
  kwire::admin_config cfg;
  auto r = kwire::parse_admin_config({{"bootstrap.servers", kwire::test::bootstrap()}}, cfg);
  EXPECT_TRUE(r) << r.detail;
  cfg.cluster.connection.version_pins[api] = version;
  return kwire::blocking_admin(std::move(cfg));
}

// The ports of KWIRE_BOOTSTRAP ("127.0.0.1:1234,127.0.0.1:1235").
std::set<std::int32_t> bootstrap_ports() {
  std::set<std::int32_t> out;
  std::string list = kwire::test::bootstrap() + ",";
  for (std::size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
    const auto entry = list.substr(start, comma - start);
    out.insert(std::stoi(entry.substr(entry.rfind(':') + 1)));
  }
  return out;
}

std::string make_topic(kwire::blocking_admin& a, const std::string& prefix, std::int32_t partitions) {
  const auto name = unique(prefix);
  a.create_topics({{.name = name, .partitions = partitions, .replication_factor = 1}}).at(name).get();
  // Leaders are elected a moment after creation.
  for (int i = 0; i < 50; ++i) {
    auto d = a.describe_topics({name}).at(name);
    if (d && d.value.partitions.size() == static_cast<std::size_t>(partitions) && d.value.partitions.back().leader >= 0)
      break;
    std::this_thread::sleep_for(100ms);
  }
  return name;
}

TEST(AdminCluster, DescribeClusterNamesIdControllerAndEveryNode) {
  auto a = make_admin();
  auto c = a.describe_cluster();
  EXPECT_FALSE(c.cluster_id.empty());
  const auto ports = bootstrap_ports();
  ASSERT_EQ(c.nodes.size(), ports.size());
  std::set<std::int32_t> ids, seen_ports;
  for (const auto& n : c.nodes) {
    ids.insert(n.id);
    seen_ports.insert(n.port);
    EXPECT_EQ(n.host, "127.0.0.1");
    EXPECT_FALSE(n.fenced);
  }
  EXPECT_EQ(seen_ports, ports);
  EXPECT_TRUE(ids.count(c.controller)) << c.controller;  // KRaft: a broker the client may send controller requests to
  EXPECT_FALSE(c.authorized_operations.has_value());

  kwire::describe_cluster_options opts;
  opts.include_authorized_operations = true;
  auto with_ops = a.describe_cluster(opts);
  ASSERT_TRUE(with_ops.authorized_operations.has_value());
  // Without an authorizer: every operation the cluster resource has.
  EXPECT_EQ(*with_ops.authorized_operations,
            (std::vector<std::string>{"CREATE", "ALTER", "DESCRIBE", "CLUSTER_ACTION", "DESCRIBE_CONFIGS", "ALTER_CONFIGS",
                                      "IDEMPOTENT_WRITE"}));
}

TEST(AdminCluster, DescribeClusterFromMetadataWhenTheBrokerLacksDescribeCluster) {
  auto a = make_admin();
  auto b = pinned_admin(kwire::protocol::api_key::describe_cluster, -1);
  auto via_describe = a.describe_cluster();
  auto via_metadata = b.describe_cluster();
  EXPECT_EQ(via_metadata.cluster_id, via_describe.cluster_id);
  ASSERT_EQ(via_metadata.nodes.size(), via_describe.nodes.size());
  for (std::size_t i = 0; i < via_metadata.nodes.size(); ++i) {
    EXPECT_EQ(via_metadata.nodes[i].id, via_describe.nodes[i].id);
    EXPECT_EQ(via_metadata.nodes[i].host, via_describe.nodes[i].host);
    EXPECT_EQ(via_metadata.nodes[i].port, via_describe.nodes[i].port);
  }
  EXPECT_GE(via_metadata.controller, 0);
}

TEST(AdminCluster, DescribeFeaturesGivesFinalizedAndSupportedLevels) {
  auto a = make_admin();
  auto f = a.describe_features();
  ASSERT_TRUE(f.finalized.count("metadata.version"));
  ASSERT_TRUE(f.supported.count("metadata.version"));
  const auto level = f.finalized.at("metadata.version").max_version;
  EXPECT_GT(level, 0);
  EXPECT_LE(level, f.supported.at("metadata.version").max_version);
  EXPECT_GE(level, f.supported.at("metadata.version").min_version);
  ASSERT_TRUE(f.finalized_epoch.has_value());
  EXPECT_GE(*f.finalized_epoch, 0);
}

TEST(AdminCluster, DescribeLogDirsListsEachReplicaAndAnUnknownBrokerApart) {
  auto a = make_admin();
  const auto name = make_topic(a, "admin-logdirs", 2);
  const auto leader = a.describe_topics({name}).at(name).get().partitions[0].leader;
  kwire::describe_log_dirs_options opts;
  opts.timeout = 5s;
  kwire::broker_log_dirs dirs;
  const auto holds = [&] {  // the broker makes the partition's log a moment after the leader is known
    for (const auto& [path, dir] : dirs.at(leader).value)
      if (dir.replicas.count({name, 0})) return true;
    return false;
  };
  for (int i = 0; i < 50; ++i) {
    dirs = a.describe_log_dirs({leader, 9999}, opts);
    ASSERT_TRUE(dirs.at(leader)) << dirs.at(leader).error.message();
    if (holds()) break;
    std::this_thread::sleep_for(100ms);
  }
  bool found = false;
  for (const auto& [path, dir] : dirs.at(leader).value) {
    EXPECT_FALSE(path.empty());
    EXPECT_FALSE(dir.error.failed()) << dir.error.message();
    if (dir.replicas.count({name, 0})) {
      found = true;
      EXPECT_GE(dir.replicas.at({name, 0}).size, 0);
      EXPECT_FALSE(dir.replicas.at({name, 0}).is_future);
      ASSERT_TRUE(dir.total_bytes.has_value());
      EXPECT_GT(*dir.total_bytes, 0);
      EXPECT_GE(*dir.total_bytes, dir.usable_bytes.value_or(0));
    }
  }
  EXPECT_TRUE(found) << name << "-0 is in no log dir of broker " << leader;
  ASSERT_FALSE(dirs.at(9999));
  EXPECT_EQ(dirs.at(9999).error.ec, kwire::broker_errc::broker_not_available) << dirs.at(9999).error.message();
  EXPECT_NE(dirs.at(9999).error.detail.find("9999"), std::string::npos) << dirs.at(9999).error.detail;

  auto every = a.describe_log_dirs();  // none named: every broker
  EXPECT_EQ(every.size(), bootstrap_ports().size());
}

TEST(AdminCluster, ElectLeadersPerPartition) {
  auto a = make_admin();
  const auto name = make_topic(a, "admin-elect", 2);
  const auto missing = unique("admin-missing");
  auto r = a.elect_leaders(kwire::election_type::preferred, std::vector<kwire::topic_partition>{{name, 0}, {name, 1}, {missing, 0}});
  ASSERT_EQ(r.size(), 3u);
  // The preferred leader (the first replica) already leads: Kafka says ELECTION_NOT_NEEDED.
  EXPECT_EQ(r.at({name, 0}).error.ec, kwire::broker_errc::election_not_needed) << r.at({name, 0}).error.message();
  EXPECT_EQ(r.at({name, 1}).error.ec, kwire::broker_errc::election_not_needed);
  EXPECT_EQ(r.at({missing, 0}).error.ec, kwire::broker_errc::unknown_topic_or_partition) << r.at({missing, 0}).error.message();
  EXPECT_NE(r.at({missing, 0}).error.detail.find(missing + "-0"), std::string::npos);

  auto unclean = a.elect_leaders(kwire::election_type::unclean, std::vector<kwire::topic_partition>{{name, 0}});
  EXPECT_EQ(unclean.at({name, 0}).error.ec, kwire::broker_errc::election_not_needed) << unclean.at({name, 0}).error.message();
}

TEST(AdminCluster, AlterAndListPartitionReassignments) {
  auto a = make_admin();
  const auto name = make_topic(a, "admin-reassign", 2);
  const auto missing = unique("admin-missing");
  const auto p0 = a.describe_topics({name}).at(name).get().partitions[0];
  // Onto the replicas it has (a no-op move that completes at once), onto a broker that does
  // not exist, a cancel where nothing is under way, and an unknown topic.
  auto r = a.alter_partition_reassignments({{{name, 0}, p0.replicas},
                                            {{name, 1}, std::vector<std::int32_t>{9999}},
                                            {{missing, 0}, p0.replicas}});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_TRUE(r.at({name, 0})) << r.at({name, 0}).error.message();
  EXPECT_EQ(r.at({name, 1}).error.ec, kwire::broker_errc::invalid_replica_assignment) << r.at({name, 1}).error.message();
  EXPECT_NE(r.at({name, 1}).error.detail.find(name + "-1"), std::string::npos);
  EXPECT_EQ(r.at({missing, 0}).error.ec, kwire::broker_errc::unknown_topic_or_partition) << r.at({missing, 0}).error.message();

  auto cancel = a.alter_partition_reassignments({{{name, 1}, std::nullopt}});
  EXPECT_EQ(cancel.at({name, 1}).error.ec, kwire::broker_errc::no_reassignment_in_progress);

  // Nothing is under way now: the whole listing and the listing of these partitions are empty.
  auto listed = a.list_partition_reassignments();
  EXPECT_FALSE(listed.count({name, 0}));
  EXPECT_TRUE(a.list_partition_reassignments(std::vector<kwire::topic_partition>{{name, 0}, {name, 1}}).empty());
}

}  // namespace
