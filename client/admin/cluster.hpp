#pragma once
// Admin calls on the cluster: describe the cluster (id, controller, nodes), its features, the
// brokers' log dirs; elect leaders; alter and list partition reassignments.
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   auto c = a.describe_cluster();           // c.cluster_id, c.controller, c.nodes
//   auto f = a.describe_features();          // finalized and supported feature versions
//   auto dirs = a.describe_log_dirs({1});    // broker 1: each dir, its replicas' sizes and lag
//   a.elect_leaders(kwire::election_type::preferred, std::vector<kwire::topic_partition>{{"orders", 0}});
//   a.alter_partition_reassignments({{{"orders", 0}, std::vector<std::int32_t>{2, 3}}});
//   for (auto& [tp, r] : a.list_partition_reassignments()) ...
//
// The pattern is topics.hpp's: types, the family's functions (cluster.cpp), the asynchronous
// mixin kwire::admin inherits, the blocking one of blocking_admin.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <kwire/admin/admin_core.hpp>
#include <kwire/topic_partition.hpp>

namespace kwire::client {

// ---- what a user hands over and gets back ----

struct describe_cluster_options : admin_options {
  bool include_authorized_operations = false;
  bool include_fenced_brokers = false;  // DescribeCluster v2+ (Kafka 4.0+); ignored otherwise
};

struct cluster_node {
  std::int32_t id = -1;
  std::string host;
  std::int32_t port = 0;
  std::optional<std::string> rack;
  bool fenced = false;
};

struct cluster_description {
  std::string cluster_id;        // empty when the broker does not say (Metadata < v2)
  std::int32_t controller = -1;  // -1: none known
  std::vector<cluster_node> nodes;  // by id
  // Java's AclOperation names when asked for and given.
  std::optional<std::vector<std::string>> authorized_operations;
};

struct describe_features_options : admin_options {};

struct feature_range {
  std::int16_t min_version = 0;
  std::int16_t max_version = 0;
  bool operator==(const feature_range&) const = default;
};

// ApiVersions v3+ (Kafka 2.7+); an older broker gives empty maps.
struct feature_metadata {
  std::map<std::string, feature_range> finalized;  // levels in force cluster-wide
  std::optional<std::int64_t> finalized_epoch;     // absent when the broker gives none
  std::map<std::string, feature_range> supported;  // what the answering broker can run
};

struct describe_log_dirs_options : admin_options {};

struct replica_log_info {
  std::int64_t size = 0;        // bytes
  std::int64_t offset_lag = 0;  // behind the log end (future replicas) or 0
  bool is_future = false;       // a replica being moved to this dir
};

struct log_dir_description {
  error_info error;  // e.g. KAFKA_STORAGE_ERROR for an offline dir
  std::map<topic_partition, replica_log_info> replicas;
  std::optional<std::int64_t> total_bytes;   // DescribeLogDirs v4+ (Kafka 3.3+)
  std::optional<std::int64_t> usable_bytes;
};
using log_dirs = std::map<std::string, log_dir_description>;     // by path
using broker_log_dirs = std::map<std::int32_t, result<log_dirs>>;  // by broker id

enum class election_type : std::int8_t { preferred = 0, unclean = 1 };
struct elect_leaders_options : admin_options {};
// Per partition: an empty value on success; ELECTION_NOT_NEEDED when the preferred leader
// already leads, as Kafka reports it.
using elected_leaders = std::map<topic_partition, result<std::monostate>>;

struct alter_reassignments_options : admin_options {};
// Per partition: the new replica list, or nullopt to cancel the reassignment under way.
using reassignments = std::map<topic_partition, std::optional<std::vector<std::int32_t>>>;
using altered_reassignments = std::map<topic_partition, result<std::monostate>>;

struct list_reassignments_options : admin_options {};
struct partition_reassignment {
  std::vector<std::int32_t> replicas;
  std::vector<std::int32_t> adding_replicas;
  std::vector<std::int32_t> removing_replicas;
};
using partition_reassignments = std::map<topic_partition, partition_reassignment>;

// ---- the family's functions (cluster.cpp) ----

namespace admin_detail {
void describe_cluster(admin_core& a, describe_cluster_options options, admin_core::detailed<cluster_description> done);
void describe_features(admin_core& a, describe_features_options options, admin_core::detailed<feature_metadata> done);
void describe_log_dirs(admin_core& a, std::vector<std::int32_t> brokers, describe_log_dirs_options options,
                       admin_core::detailed<broker_log_dirs> done);
void elect_leaders(admin_core& a, election_type type, std::optional<std::vector<topic_partition>> partitions,
                   elect_leaders_options options, admin_core::detailed<elected_leaders> done);
void alter_partition_reassignments(admin_core& a, reassignments changes, alter_reassignments_options options,
                                   admin_core::detailed<altered_reassignments> done);
void list_partition_reassignments(admin_core& a, std::optional<std::vector<topic_partition>> partitions,
                                  list_reassignments_options options,
                                  admin_core::detailed<partition_reassignments> done);
}  // namespace admin_detail

// ---- asynchronous calls: kwire::admin inherits these ----
template <class Self>
class cluster_calls {
 public:
  // DescribeCluster (Kafka 2.8+) to any broker; Metadata where the broker lacks it.
  template <class Token>
  auto async_describe_cluster(describe_cluster_options options, error_info& diag, Token&& token) {
    return core().template initiate<cluster_description>(&diag, std::forward<Token>(token), [options](admin_core& a, auto h) {
      admin_detail::describe_cluster(a, options, std::move(h));
    });
  }
  template <class Token>
  auto async_describe_cluster(describe_cluster_options options, Token&& token) {
    return async_describe_cluster(options, admin_core::discard(), std::forward<Token>(token));
  }

  // ApiVersions' feature fields, from any broker.
  template <class Token>
  auto async_describe_features(describe_features_options options, error_info& diag, Token&& token) {
    return core().template initiate<feature_metadata>(&diag, std::forward<Token>(token), [options](admin_core& a, auto h) {
      admin_detail::describe_features(a, options, std::move(h));
    });
  }
  template <class Token>
  auto async_describe_features(describe_features_options options, Token&& token) {
    return async_describe_features(options, admin_core::discard(), std::forward<Token>(token));
  }

  // DescribeLogDirs to each broker named (none named: every broker the metadata lists).
  template <class Token>
  auto async_describe_log_dirs(std::vector<std::int32_t> brokers, describe_log_dirs_options options, error_info& diag,
                               Token&& token) {
    return core().template initiate<broker_log_dirs>(
        &diag, std::forward<Token>(token), [brokers = std::move(brokers), options](admin_core& a, auto h) mutable {
          admin_detail::describe_log_dirs(a, std::move(brokers), options, std::move(h));
        });
  }
  template <class Token>
  auto async_describe_log_dirs(std::vector<std::int32_t> brokers, describe_log_dirs_options options, Token&& token) {
    return async_describe_log_dirs(std::move(brokers), options, admin_core::discard(), std::forward<Token>(token));
  }

  // ElectLeaders to the controller; partitions nullopt: every partition.
  template <class Token>
  auto async_elect_leaders(election_type type, std::optional<std::vector<topic_partition>> partitions,
                           elect_leaders_options options, error_info& diag, Token&& token) {
    return core().template initiate<elected_leaders>(
        &diag, std::forward<Token>(token), [type, partitions = std::move(partitions), options](admin_core& a, auto h) mutable {
          admin_detail::elect_leaders(a, type, std::move(partitions), options, std::move(h));
        });
  }
  template <class Token>
  auto async_elect_leaders(election_type type, std::optional<std::vector<topic_partition>> partitions,
                           elect_leaders_options options, Token&& token) {
    return async_elect_leaders(type, std::move(partitions), options, admin_core::discard(), std::forward<Token>(token));
  }

  // AlterPartitionReassignments to the controller.
  template <class Token>
  auto async_alter_partition_reassignments(reassignments changes, alter_reassignments_options options, error_info& diag,
                                           Token&& token) {
    return core().template initiate<altered_reassignments>(
        &diag, std::forward<Token>(token), [changes = std::move(changes), options](admin_core& a, auto h) mutable {
          admin_detail::alter_partition_reassignments(a, std::move(changes), options, std::move(h));
        });
  }
  template <class Token>
  auto async_alter_partition_reassignments(reassignments changes, alter_reassignments_options options, Token&& token) {
    return async_alter_partition_reassignments(std::move(changes), options, admin_core::discard(),
                                               std::forward<Token>(token));
  }

  // ListPartitionReassignments to the controller; partitions nullopt: every one under way.
  template <class Token>
  auto async_list_partition_reassignments(std::optional<std::vector<topic_partition>> partitions,
                                          list_reassignments_options options, error_info& diag, Token&& token) {
    return core().template initiate<partition_reassignments>(
        &diag, std::forward<Token>(token), [partitions = std::move(partitions), options](admin_core& a, auto h) mutable {
          admin_detail::list_partition_reassignments(a, std::move(partitions), options, std::move(h));
        });
  }
  template <class Token>
  auto async_list_partition_reassignments(std::optional<std::vector<topic_partition>> partitions,
                                          list_reassignments_options options, Token&& token) {
    return async_list_partition_reassignments(std::move(partitions), options, admin_core::discard(),
                                              std::forward<Token>(token));
  }

 private:
  admin_core& core() { return static_cast<Self&>(*this); }
};

// ---- blocking calls: kwire::blocking_admin inherits these; each throws kwire::error when the
// whole call fails ----
template <class Self>
class blocking_cluster_calls {
 public:
  cluster_description describe_cluster(describe_cluster_options options = {}) {
    return self().template wait<cluster_description>(
        [&](error_info& diag, auto h) { self().async().async_describe_cluster(options, diag, std::move(h)); });
  }
  feature_metadata describe_features(describe_features_options options = {}) {
    return self().template wait<feature_metadata>(
        [&](error_info& diag, auto h) { self().async().async_describe_features(options, diag, std::move(h)); });
  }
  broker_log_dirs describe_log_dirs(std::vector<std::int32_t> brokers = {}, describe_log_dirs_options options = {}) {
    return self().template wait<broker_log_dirs>([&](error_info& diag, auto h) {
      self().async().async_describe_log_dirs(std::move(brokers), options, diag, std::move(h));
    });
  }
  elected_leaders elect_leaders(election_type type, std::optional<std::vector<topic_partition>> partitions,
                                elect_leaders_options options = {}) {
    return self().template wait<elected_leaders>([&](error_info& diag, auto h) {
      self().async().async_elect_leaders(type, std::move(partitions), options, diag, std::move(h));
    });
  }
  altered_reassignments alter_partition_reassignments(reassignments changes, alter_reassignments_options options = {}) {
    return self().template wait<altered_reassignments>([&](error_info& diag, auto h) {
      self().async().async_alter_partition_reassignments(std::move(changes), options, diag, std::move(h));
    });
  }
  partition_reassignments list_partition_reassignments(std::optional<std::vector<topic_partition>> partitions = std::nullopt,
                                                       list_reassignments_options options = {}) {
    return self().template wait<partition_reassignments>([&](error_info& diag, auto h) {
      self().async().async_list_partition_reassignments(std::move(partitions), options, diag, std::move(h));
    });
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

}  // namespace kwire::client

namespace kwire {
using client::alter_reassignments_options;
using client::altered_reassignments;
using client::broker_log_dirs;
using client::cluster_description;
using client::cluster_node;
using client::describe_cluster_options;
using client::describe_features_options;
using client::describe_log_dirs_options;
using client::elect_leaders_options;
using client::elected_leaders;
using client::election_type;
using client::feature_metadata;
using client::feature_range;
using client::list_reassignments_options;
using client::log_dir_description;
using client::log_dirs;
using client::partition_reassignment;
using client::partition_reassignments;
using client::reassignments;
using client::replica_log_info;
}  // namespace kwire
