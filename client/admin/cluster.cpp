// The cluster: DescribeCluster (Metadata on brokers without it), ApiVersions' features,
// DescribeLogDirs per broker, ElectLeaders, Alter/ListPartitionReassignments.

#include <kwire/admin/cluster.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <limits>

#include <kwire/admin/security.hpp>  // decode_authorized_operations
#include <kwire/protocol/messages/alter_partition_reassignments.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/messages/describe_cluster.hpp>
#include <kwire/protocol/messages/describe_log_dirs.hpp>
#include <kwire/protocol/messages/elect_leaders.hpp>
#include <kwire/protocol/messages/list_partition_reassignments.hpp>
#include <kwire/protocol/messages/metadata.hpp>

namespace kwire::client::admin_detail {
namespace {

net::target anywhere() { return net::any_broker{}; }

// A top-level error code (and message, when the answer has one) as the call's error.
std::error_code code_of(std::int16_t code) {
  return code ? std::error_code(static_cast<broker_errc>(code)) : std::error_code();
}
std::string detail_of(std::string_view api, std::int16_t code, const std::optional<std::string>& message,
                      std::string fallback) {
  if (code == 0) return fallback;
  return std::string(api) + ": " + error_text(code, message);
}

// Groups partitions by topic, in the shape every partition-listing request takes.
std::map<std::string, std::vector<std::int32_t>> by_topic(const std::vector<topic_partition>& partitions) {
  std::map<std::string, std::vector<std::int32_t>> out;
  for (const auto& tp : partitions) out[tp.topic].push_back(tp.partition);
  return out;
}

void cluster_from_metadata(admin_core& a, describe_cluster_options options, admin_core::clock::time_point deadline,
                           admin_core::detailed<cluster_description> done) {
  protocol::metadata_request req;  // no topics: brokers, cluster id and controller only
  req.allow_auto_topic_creation = false;
  a.send(
      anywhere, std::move(req), deadline, [](const protocol::metadata_response& m) { return code_of(m.error_code); },
      [options, done = std::move(done)](std::error_code ec, std::string detail,
                                        net::reply<protocol::metadata_response> r) mutable {
        cluster_description out;
        if (ec) return std::move(done)(ec, std::move(detail), std::move(out));
        out.cluster_id = r.body.cluster_id.value_or("");
        out.controller = r.body.controller_id;
        for (const auto& b : r.body.brokers) out.nodes.push_back({b.node_id, b.host, b.port, b.rack, false});
        std::sort(out.nodes.begin(), out.nodes.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
        if (options.include_authorized_operations)
          out.authorized_operations = decode_authorized_operations(r.body.cluster_authorized_operations);
        std::move(done)(std::error_code(), std::string(), std::move(out));
      });
}

}  // namespace

void describe_cluster(admin_core& a, describe_cluster_options options, admin_core::detailed<cluster_description> done) {
  protocol::describe_cluster_request req;
  req.include_cluster_authorized_operations = options.include_authorized_operations;
  req.include_fenced_brokers = options.include_fenced_brokers;
  const auto deadline = a.deadline(options);
  a.send(
      anywhere, std::move(req), deadline, [](const protocol::describe_cluster_response& m) { return code_of(m.error_code); },
      [self = a.shared_from_this(), options, deadline, done = std::move(done)](
          std::error_code ec, std::string detail, net::reply<protocol::describe_cluster_response> r) mutable {
        if (ec == client_errc::no_compatible_version)  // nothing sent: ask Metadata instead
          return cluster_from_metadata(*self, options, deadline, std::move(done));
        cluster_description out;
        if (ec && r.body.error_code) detail = detail_of("DescribeCluster", r.body.error_code, r.body.error_message, detail);
        if (ec) return std::move(done)(ec, std::move(detail), std::move(out));
        out.cluster_id = r.body.cluster_id;
        out.controller = r.body.controller_id;
        for (const auto& b : r.body.brokers) out.nodes.push_back({b.broker_id, b.host, b.port, b.rack, b.is_fenced});
        std::sort(out.nodes.begin(), out.nodes.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
        if (options.include_authorized_operations)
          out.authorized_operations = decode_authorized_operations(r.body.cluster_authorized_operations);
        std::move(done)(std::error_code(), std::string(), std::move(out));
      });
}

void describe_features(admin_core& a, describe_features_options options, admin_core::detailed<feature_metadata> done) {
  protocol::api_versions_request req;
  req.client_software_name = a.config().cluster.connection.software_name;
  req.client_software_version = a.config().cluster.connection.software_version;
  a.send(
      anywhere, std::move(req), a.deadline(options),
      [](const protocol::api_versions_response& m) { return code_of(m.error_code); },
      [done = std::move(done)](std::error_code ec, std::string detail, net::reply<protocol::api_versions_response> r) mutable {
        feature_metadata out;
        if (ec) return std::move(done)(ec, std::move(detail), std::move(out));
        for (const auto& f : r.body.finalized_features)
          out.finalized[f.name] = feature_range{f.min_version_level, f.max_version_level};
        for (const auto& f : r.body.supported_features) out.supported[f.name] = feature_range{f.min_version, f.max_version};
        if (r.body.finalized_features_epoch >= 0) out.finalized_epoch = r.body.finalized_features_epoch;
        std::move(done)(std::error_code(), std::string(), std::move(out));
      });
}

namespace {

struct log_dirs_state {
  explicit log_dirs_state(admin_core::detailed<broker_log_dirs> h) : done(std::move(h)) {}
  std::size_t waiting = 0;
  broker_log_dirs results;
  admin_core::detailed<broker_log_dirs> done;
};

void log_dirs_of(std::shared_ptr<admin_core> a, std::vector<std::int32_t> brokers, admin_core::clock::time_point deadline,
                 admin_core::detailed<broker_log_dirs> done) {
  auto st = std::make_shared<log_dirs_state>(std::move(done));
  st->waiting = brokers.size();
  if (brokers.empty()) return std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
  for (const auto id : brokers) {
    protocol::describe_log_dirs_request req;
    req.topics = std::nullopt;  // every replica the broker holds
    a->send(
        [id] { return net::target(net::node{id}); }, std::move(req), deadline,
        [](const protocol::describe_log_dirs_response& m) { return code_of(m.error_code); },
        [st, id](std::error_code ec, std::string detail, net::reply<protocol::describe_log_dirs_response> r) {
          auto& out = st->results[id];
          if (ec) {
            out.error = error_info{ec, "DescribeLogDirs on broker " + std::to_string(id) + ": " + detail};
          } else {
            for (const auto& d : r.body.results) {
              auto& dir = out.value[d.log_dir];
              dir.error = item_error("DescribeLogDirs", d.log_dir, d.error_code);
              if (d.total_bytes >= 0) dir.total_bytes = d.total_bytes;
              if (d.usable_bytes >= 0) dir.usable_bytes = d.usable_bytes;
              for (const auto& t : d.topics)
                for (const auto& p : t.partitions)
                  dir.replicas[topic_partition{t.name, p.partition_index}] =
                      replica_log_info{p.partition_size, p.offset_lag, p.is_future_key};
            }
          }
          if (--st->waiting == 0) std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
        });
  }
}

}  // namespace

void describe_log_dirs(admin_core& a, std::vector<std::int32_t> brokers, describe_log_dirs_options options,
                       admin_core::detailed<broker_log_dirs> done) {
  const auto deadline = a.deadline(options);
  if (!brokers.empty()) return log_dirs_of(a.shared_from_this(), std::move(brokers), deadline, std::move(done));
  // None named: every broker of the metadata, once it is in.
  a.ensure_started([self = a.shared_from_this(), deadline, done = std::move(done)](std::error_code ec,
                                                                                   std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), broker_log_dirs{});
    std::vector<std::int32_t> all;
    if (auto view = self->cluster().snapshot())
      for (const auto& [id, b] : view->brokers) all.push_back(id);
    log_dirs_of(self, std::move(all), deadline, std::move(done));
  });
}

void elect_leaders(admin_core& a, election_type type, std::optional<std::vector<topic_partition>> partitions,
                   elect_leaders_options options, admin_core::detailed<elected_leaders> done) {
  protocol::elect_leaders_request req;
  req.election_type = static_cast<std::int8_t>(type);
  const auto deadline = a.deadline(options);
  req.timeout_ms = static_cast<std::int32_t>(a.request_timeout(deadline).count());
  if (partitions) {
    for (auto& [topic, ps] : by_topic(*partitions)) req.topic_partitions->push_back({topic, ps, {}});
  } else {
    req.topic_partitions = std::nullopt;
  }
  a.send(
      [&a] { return a.controller(); }, std::move(req), deadline,
      [](const protocol::elect_leaders_response& m) { return code_of(m.error_code); },
      [done = std::move(done)](std::error_code ec, std::string detail, net::reply<protocol::elect_leaders_response> r) mutable {
        elected_leaders out;
        if (ec) return std::move(done)(ec, std::move(detail), std::move(out));
        for (const auto& t : r.body.replica_election_results)
          for (const auto& p : t.partition_result)
            out[topic_partition{t.topic, p.partition_id}].error =
                item_error("ElectLeaders", t.topic + "-" + std::to_string(p.partition_id), p.error_code, p.error_message);
        std::move(done)(std::error_code(), std::string(), std::move(out));
      });
}

void alter_partition_reassignments(admin_core& a, reassignments changes, alter_reassignments_options options,
                                   admin_core::detailed<altered_reassignments> done) {
  if (changes.empty())  // nothing to ask: complete from the executor, not inline
    return boost::asio::post(a.get_executor(), [done = std::move(done)]() mutable {
      std::move(done)(std::error_code(), std::string(), altered_reassignments{});
    });
  protocol::alter_partition_reassignments_request req;
  const auto deadline = a.deadline(options);
  req.timeout_ms = static_cast<std::int32_t>(a.request_timeout(deadline).count());
  for (auto& [tp, replicas] : changes) {
    if (req.topics.empty() || req.topics.back().name != tp.topic) req.topics.push_back({tp.topic, {}, {}});
    req.topics.back().partitions.push_back({tp.partition, std::move(replicas), {}});
  }
  a.send(
      [&a] { return a.controller(); }, std::move(req), deadline,
      [](const protocol::alter_partition_reassignments_response& m) { return code_of(m.error_code); },
      [done = std::move(done)](std::error_code ec, std::string detail,
                               net::reply<protocol::alter_partition_reassignments_response> r) mutable {
        altered_reassignments out;
        if (ec && r.body.error_code)
          detail = detail_of("AlterPartitionReassignments", r.body.error_code, r.body.error_message, detail);
        if (ec) return std::move(done)(ec, std::move(detail), std::move(out));
        for (const auto& t : r.body.responses)
          for (const auto& p : t.partitions)
            out[topic_partition{t.name, p.partition_index}].error = item_error(
                "AlterPartitionReassignments", t.name + "-" + std::to_string(p.partition_index), p.error_code, p.error_message);
        std::move(done)(std::error_code(), std::string(), std::move(out));
      });
}

void list_partition_reassignments(admin_core& a, std::optional<std::vector<topic_partition>> partitions,
                                  list_reassignments_options options,
                                  admin_core::detailed<partition_reassignments> done) {
  protocol::list_partition_reassignments_request req;
  const auto deadline = a.deadline(options);
  req.timeout_ms = static_cast<std::int32_t>(a.request_timeout(deadline).count());
  if (partitions) {
    req.topics.emplace();
    for (auto& [topic, ps] : by_topic(*partitions)) req.topics->push_back({topic, ps, {}});
  }
  a.send(
      [&a] { return a.controller(); }, std::move(req), deadline,
      [](const protocol::list_partition_reassignments_response& m) { return code_of(m.error_code); },
      [done = std::move(done)](std::error_code ec, std::string detail,
                               net::reply<protocol::list_partition_reassignments_response> r) mutable {
        partition_reassignments out;
        if (ec && r.body.error_code)
          detail = detail_of("ListPartitionReassignments", r.body.error_code, r.body.error_message, detail);
        if (ec) return std::move(done)(ec, std::move(detail), std::move(out));
        for (auto& t : r.body.topics)
          for (auto& p : t.partitions)
            out[topic_partition{t.name, p.partition_index}] = {std::move(p.replicas), std::move(p.adding_replicas),
                                                               std::move(p.removing_replicas)};
        std::move(done)(std::error_code(), std::string(), std::move(out));
      });
}

}  // namespace kwire::client::admin_detail
