// Describe topics: DescribeTopicPartitions (KIP-966, Kafka 3.8+), paged with its cursor and
// carrying the eligible leader replicas, where the broker has it; Metadata for the named topics
// otherwise (the broker answers no_compatible_version for DescribeTopicPartitions, nothing was
// sent, and the same call goes on with Metadata).

#include <kwire/admin/topics.hpp>
#include <kwire/admin/security.hpp>  // decode_authorized_operations

#include <boost/asio/post.hpp>

#include <algorithm>
#include <limits>
#include <set>

#include <kwire/protocol/messages/describe_topic_partitions.hpp>
#include <kwire/protocol/messages/metadata.hpp>

namespace kwire::client::admin_detail {
namespace {

struct describe_state {
  explicit describe_state(admin_core::detailed<topic_descriptions> h) : done(std::move(h)) {}
  std::shared_ptr<admin_core> admin;
  admin_core::clock::time_point deadline;
  describe_topics_options options;
  // DescribeTopicPartitions has no "include" flag (the broker always fills the field): not asked
  // for is absent.
  std::optional<std::vector<std::string>> operations(std::int32_t bits) const {
    if (!options.include_authorized_operations) return std::nullopt;
    return decode_authorized_operations(bits);
  }
  std::set<std::string> pending;               // not answered yet (Metadata rounds: still to ask)
  std::map<std::string, topic_description> building;  // DescribeTopicPartitions: pages so far
  topic_descriptions results;
  admin_core::detailed<topic_descriptions> done;

  void finish(const char* api) {
    for (auto& [name, d] : building) {
      std::sort(d.partitions.begin(), d.partitions.end(),
                [](const auto& x, const auto& y) { return x.partition < y.partition; });
      results[name].value = std::move(d);
      pending.erase(name);
    }
    for (const auto& name : pending)
      results[name].error = {client_errc::invalid_value, std::string(api) + " " + name + ": the broker's answer left this topic out"};
    pending.clear();
    std::move(done)(std::error_code(), std::string(), std::move(results));
  }
  void fail_all(std::error_code ec, const std::string& detail) {
    for (const auto& name : pending) results[name].error = error_info{ec, detail};
    pending.clear();
    building.clear();
    std::move(done)(std::error_code(), std::string(), std::move(results));
  }
};

void metadata_round(std::shared_ptr<describe_state> st);

using page_cursor = protocol::describe_topic_partitions_request::cursor_entry;

void partitions_page(std::shared_ptr<describe_state> st, std::optional<page_cursor> cursor) {
  protocol::describe_topic_partitions_request req;
  for (const auto& name : st->pending) req.topics.push_back({name, {}});
  req.response_partition_limit = st->options.partitions_per_page;
  req.cursor = std::move(cursor);
  const bool first = !req.cursor;
  st->admin->send(
      net::any_broker{}, std::move(req), st->deadline,
      [st, first](std::error_code ec, std::string detail, net::reply<protocol::describe_topic_partitions_response> r) {
        if (ec == client_errc::no_compatible_version && first) return metadata_round(st);
        if (ec) return st->fail_all(ec, detail);
        for (auto& t : r.body.topics) {
          const std::string name = t.name.value_or("");
          if (!st->pending.count(name)) continue;
          if (t.error_code != 0) {
            st->results[name].error = item_error("DescribeTopicPartitions", name, t.error_code);
            st->building.erase(name);
            st->pending.erase(name);
            continue;
          }
          auto& d = st->building[name];
          d.name = name;
          d.topic_id = t.topic_id;
          d.internal = t.is_internal;
          d.authorized_operations = st->operations(t.topic_authorized_operations);
          for (auto& p : t.partitions)
            d.partitions.push_back({p.partition_index, p.leader_id, p.leader_epoch, std::move(p.replica_nodes),
                                    std::move(p.isr_nodes), std::move(p.offline_replicas),
                                    p.eligible_leader_replicas.value_or(std::vector<std::int32_t>{}),
                                    p.last_known_elr.value_or(std::vector<std::int32_t>{})});
        }
        if (r.body.next_cursor)
          return partitions_page(st, page_cursor{r.body.next_cursor->topic_name, r.body.next_cursor->partition_index, {}});
        st->finish("DescribeTopicPartitions");
      });
}

// Metadata for the pending topics; topics the answer says are not ready (LEADER_NOT_AVAILABLE
// just after creation, ...) are asked again until the deadline. An unknown topic is an answer.
void metadata_round(std::shared_ptr<describe_state> st) {
  protocol::metadata_request req;
  req.topics.emplace();
  for (const auto& name : st->pending) req.topics->push_back({uuid{}, name, {}});
  req.allow_auto_topic_creation = false;
  req.include_topic_authorized_operations = st->options.include_authorized_operations;
  st->admin->send(
      [] { return net::target(net::any_broker{}); }, std::move(req), st->deadline,
      [](const protocol::metadata_response& m) {
        return m.error_code ? std::error_code(static_cast<broker_errc>(m.error_code)) : std::error_code();
      },
      [st](std::error_code ec, std::string detail, net::reply<protocol::metadata_response> r) {
        if (ec) return st->fail_all(ec, detail);
        bool retry = false;
        for (auto& t : r.body.topics) {
          const std::string name = t.name.value_or("");
          if (!st->pending.count(name)) continue;
          const auto code = static_cast<broker_errc>(t.error_code);
          if (t.error_code != 0 && code != broker_errc::unknown_topic_or_partition && admin_core::retriable(code) &&
              admin_core::clock::now() + st->admin->config().cluster.retry_backoff < st->deadline) {
            retry = true;
            continue;
          }
          if (t.error_code != 0) {
            st->results[name].error = item_error("Metadata", name, t.error_code);
            st->pending.erase(name);
            continue;
          }
          auto& d = st->building[name];
          d.name = name;
          d.topic_id = t.topic_id;
          d.internal = t.is_internal;
          d.authorized_operations = st->operations(t.topic_authorized_operations);
          for (auto& p : t.partitions)
            d.partitions.push_back({p.partition_index, p.leader_id, p.leader_epoch, std::move(p.replica_nodes),
                                    std::move(p.isr_nodes), std::move(p.offline_replicas), std::nullopt, std::nullopt});
          st->pending.erase(name);
        }
        if (!retry) return st->finish("Metadata");
        st->admin->later([st] { metadata_round(st); });
      });
}

}  // namespace

void describe_topics(admin_core& a, std::vector<std::string> names, describe_topics_options options,
                     admin_core::detailed<topic_descriptions> done) {
  auto st = std::make_shared<describe_state>(std::move(done));
  st->admin = a.shared_from_this();
  st->deadline = a.deadline(options);
  st->options = options;
  if (st->options.partitions_per_page <= 0) st->options.partitions_per_page = 2000;
  st->pending.insert(names.begin(), names.end());
  if (st->pending.empty())  // nothing to ask: complete from the executor, not inline
    return boost::asio::post(a.get_executor(), [st] { st->finish("DescribeTopicPartitions"); });
  partitions_page(std::move(st), std::nullopt);
}

}  // namespace kwire::client::admin_detail
