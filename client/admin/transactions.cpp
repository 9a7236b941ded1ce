// Transactions (KIP-664): ListTransactions to every broker, DescribeTransactions and
// InitProducerId (fencing) at each transactional id's coordinator, DescribeProducers and
// WriteTxnMarkers (aborting a hanging transaction) at each partition's leader.
//
// Each request carries one item (one transactional id, one partition), so an item's retriable
// error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, NOT_LEADER_OR_FOLLOWER) is read as the
// request's top-level error and admin_core::send retries it to a re-resolved target.

#include <kwire/admin/transactions.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>

#include <kwire/protocol/messages/describe_producers.hpp>
#include <kwire/protocol/messages/describe_transactions.hpp>
#include <kwire/protocol/messages/init_producer_id.hpp>
#include <kwire/protocol/messages/list_transactions.hpp>
#include <kwire/protocol/messages/write_txn_markers.hpp>

namespace kwire::client::admin_detail {
namespace {

// Several requests, one result map: `done` runs when the last one answered.
template <class Map>
struct fan_out {
  fan_out(std::size_t n, admin_core::detailed<Map> h) : left(n), done(std::move(h)) {}
  std::size_t left;
  Map results;
  admin_core::detailed<Map> done;
  void one_done() {
    if (--left == 0) std::move(done)(std::error_code(), std::string(), std::move(results));
  }
};

std::error_code as_error(std::int16_t code) {
  return code ? make_error_code(static_cast<broker_errc>(code)) : std::error_code();
}

// An item's error as the request's, when retrying the request may cure it.
std::error_code retry_worthy(std::int16_t code) {
  const auto ec = as_error(code);
  return admin_core::retriable(ec) ? ec : std::error_code();
}

net::coordinator txn_coordinator(const std::string& id) { return {net::coordinator_type::transaction, id}; }

// The coordinator a transactional id had is stale after these: look it up again.
void coordinator_moved(admin_core* a, const std::string& id, std::error_code ec) {
  if (ec == broker_errc::not_coordinator || ec == broker_errc::coordinator_not_available)
    a->cluster().invalidate_coordinator(net::coordinator_type::transaction, id);
}

std::string name_of(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

}  // namespace

void list_transactions(admin_core& a, list_transactions_options options, admin_core::detailed<transaction_listings> done) {
  if (options.running_longer_than && options.running_longer_than->count() < 0)
    return boost::asio::post(a.get_executor(), [done = std::move(done), ms = options.running_longer_than->count()]() mutable {
      std::move(done)(client_errc::invalid_value,
                      "ListTransactions: running_longer_than must be 0 ms or more, not " + std::to_string(ms) + " ms",
                      transaction_listings{});
    });
  if (options.transactional_id_pattern && options.transactional_id_pattern->empty())
    options.transactional_id_pattern.reset();  // the broker's "all", and no reason to need v2
  // Every broker coordinates some transactions: the broker list comes from the metadata.
  a.ensure_started([self = a.shared_from_this(), options = std::move(options), done = std::move(done)](
                       std::error_code ec, std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), transaction_listings{});
    const auto view = self->cluster().snapshot();
    if (!view || view->brokers.empty())
      return std::move(done)(client_errc::invalid_value, "ListTransactions: the metadata names no broker",
                             transaction_listings{});
    auto st = std::make_shared<fan_out<transaction_listings>>(view->brokers.size(), std::move(done));
    const auto deadline = self->deadline(options);
    for (const auto& [id, broker] : view->brokers) {
      protocol::list_transactions_request req;
      req.state_filters = options.states;
      req.producer_id_filters = options.producer_ids;
      if (options.running_longer_than) req.duration_filter = options.running_longer_than->count();
      req.transactional_id_pattern = options.transactional_id_pattern;
      using Resp = protocol::list_transactions_response;
      self->send(
          [id = id] { return net::target(net::node{id}); }, std::move(req), deadline,
          [](const Resp& r) { return as_error(r.error_code); },
          [st, id = id, pattern = options.transactional_id_pattern](std::error_code ec, std::string detail,
                                                                     net::reply<Resp> r) {
            auto& item = st->results[id];
            if (ec == broker_errc::invalid_regular_expression && pattern) detail += " (the pattern: '" + *pattern + "')";
            if (ec == client_errc::field_not_in_version) {  // a filter this broker's version lacks: nothing sent
              ec = client_errc::no_compatible_version;
              detail = detail.find("TransactionalIdPattern") != std::string::npos
                           ? "the transactional id pattern filter needs ListTransactions v2+ (Kafka 4.1+); the broker is older"
                           : "the duration filter needs ListTransactions v1+ (Kafka 3.8+); the broker is older";
            }
            if (ec) {
              item.error = {ec, "ListTransactions at broker " + std::to_string(id) + ": " + detail};
            } else {
              for (auto& t : r.body.transaction_states)
                item.value.push_back({std::move(t.transactional_id), t.producer_id, std::move(t.transaction_state)});
            }
            st->one_done();
          });
    }
  });
}

void describe_transactions(admin_core& a, std::vector<std::string> ids, admin_options options,
                           admin_core::detailed<transaction_descriptions> done) {
  if (ids.empty()) return std::move(done)(std::error_code(), std::string(), transaction_descriptions{});
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto st = std::make_shared<fan_out<transaction_descriptions>>(ids.size(), std::move(done));
  const auto deadline = a.deadline(options);
  for (const auto& id : ids) {
    protocol::describe_transactions_request req;
    req.transactional_ids = {id};
    using Resp = protocol::describe_transactions_response;
    a.send(
        [id] { return net::target(txn_coordinator(id)); }, std::move(req), deadline,
        [a = &a, id](const Resp& r) {
          if (r.transaction_states.empty()) return std::error_code();
          const auto ec = retry_worthy(r.transaction_states[0].error_code);
          coordinator_moved(a, id, ec);
          return ec;
        },
        [st, id](std::error_code ec, std::string detail, net::reply<Resp> r) {
          auto& item = st->results[id];
          if (ec) item.error = {ec, "DescribeTransactions " + id + ": " + detail};
          else if (r.body.transaction_states.empty())
            item.error = {client_errc::invalid_value, "DescribeTransactions " + id + ": the broker's answer left it out"};
          else {
            auto& t = r.body.transaction_states[0];
            item.error = item_error("DescribeTransactions", id, t.error_code);
            item.value.state = t.transaction_state;
            item.value.producer_id = t.producer_id;
            item.value.producer_epoch = t.producer_epoch;
            item.value.transaction_timeout_ms = t.transaction_timeout_ms;
            if (t.transaction_start_time_ms >= 0) item.value.transaction_start_time_ms = t.transaction_start_time_ms;
            for (const auto& topic : t.topics)
              for (auto p : topic.partitions) item.value.partitions.push_back({topic.topic, p});
          }
          st->one_done();
        });
  }
}

void describe_producers(admin_core& a, std::vector<topic_partition> partitions, admin_options options,
                        admin_core::detailed<producer_states> done) {
  std::sort(partitions.begin(), partitions.end());
  partitions.erase(std::unique(partitions.begin(), partitions.end()), partitions.end());
  if (partitions.empty()) return std::move(done)(std::error_code(), std::string(), producer_states{});
  auto st = std::make_shared<fan_out<producer_states>>(partitions.size(), std::move(done));
  const auto deadline = a.deadline(options);
  for (const auto& tp : partitions) {
    protocol::describe_producers_request req;
    req.topics.push_back({tp.topic, {tp.partition}, {}});
    using Resp = protocol::describe_producers_response;
    const auto find = [tp](const Resp& r) -> const Resp::partition_response* {
      for (const auto& t : r.topics)
        if (t.name == tp.topic)
          for (const auto& p : t.partitions)
            if (p.partition_index == tp.partition) return &p;
      return nullptr;
    };
    a.send(
        [tp] { return net::target(net::leader{tp.topic, tp.partition}); }, std::move(req), deadline,
        [a = &a, tp, find](const Resp& r) {
          const auto* p = find(r);
          const auto ec = p ? retry_worthy(p->error_code) : std::error_code();
          if (ec) a->cluster().invalidate(tp.topic, tp.partition, ec);
          return ec;
        },
        [st, tp, find](std::error_code ec, std::string detail, net::reply<Resp> r) {
          auto& item = st->results[tp];
          const auto* p = ec ? nullptr : find(r.body);
          if (ec) item.error = {ec, "DescribeProducers " + name_of(tp) + ": " + detail};
          else if (!p)
            item.error = {client_errc::invalid_value, "DescribeProducers " + name_of(tp) + ": the broker's answer left it out"};
          else {
            item.error = item_error("DescribeProducers", name_of(tp), p->error_code, p->error_message);
            for (const auto& s : p->active_producers) {
              producer_state out{s.producer_id, s.producer_epoch, s.last_sequence, s.last_timestamp, {}, {}};
              if (s.coordinator_epoch >= 0) out.coordinator_epoch = s.coordinator_epoch;
              if (s.current_txn_start_offset >= 0) out.current_txn_start_offset = s.current_txn_start_offset;
              item.value.push_back(out);
            }
          }
          st->one_done();
        });
  }
}

void abort_transaction(admin_core& a, abort_transaction_spec spec, admin_options options,
                       admin_core::detailed<result<std::monostate>> done) {
  protocol::write_txn_markers_request req;
  protocol::write_txn_markers_request::writable_txn_marker m;
  m.producer_id = spec.producer_id;
  m.producer_epoch = spec.producer_epoch;
  m.transaction_result = false;  // abort
  m.coordinator_epoch = spec.coordinator_epoch;
  m.topics.push_back({spec.partition.topic, {spec.partition.partition}, {}});
  req.markers.push_back(std::move(m));
  using Resp = protocol::write_txn_markers_response;
  const auto tp = spec.partition;
  const auto code_of = [tp](const Resp& r) -> std::optional<std::int16_t> {
    for (const auto& marker : r.markers)
      for (const auto& t : marker.topics)
        if (t.name == tp.topic)
          for (const auto& p : t.partitions)
            if (p.partition_index == tp.partition) return p.error_code;
    return std::nullopt;
  };
  a.send(
      [tp] { return net::target(net::leader{tp.topic, tp.partition}); }, std::move(req), a.deadline(options),
      [a = &a, tp, code_of](const Resp& r) {
        const auto ec = retry_worthy(code_of(r).value_or(0));
        if (ec) a->cluster().invalidate(tp.topic, tp.partition, ec);
        return ec;
      },
      [tp, code_of, done = std::move(done)](std::error_code ec, std::string detail, net::reply<Resp> r) mutable {
        result<std::monostate> out;
        const auto name = "WriteTxnMarkers (abort) " + name_of(tp);
        if (ec) out.error = {ec, name + ": " + detail};
        else if (auto code = code_of(r.body); !code)
          out.error = {client_errc::invalid_value, name + ": the broker's answer left the partition out"};
        else
          out.error = item_error("WriteTxnMarkers (abort)", name_of(tp), *code);
        std::move(done)(std::error_code(), std::string(), std::move(out));
      });
}

void fence_producers(admin_core& a, std::vector<std::string> ids, fence_producers_options options,
                     admin_core::detailed<fenced_producers> done) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return std::move(done)(std::error_code(), std::string(), fenced_producers{});
  auto st = std::make_shared<fan_out<fenced_producers>>(ids.size(), std::move(done));
  const auto deadline = a.deadline(options);
  for (const auto& id : ids) {
    // As a new producer of this transactional id would: the coordinator bumps the epoch
    // (aborting a transaction under way) and the old producer's requests are refused.
    protocol::init_producer_id_request req;
    req.transactional_id = id;
    req.transaction_timeout_ms = static_cast<std::int32_t>(options.transaction_timeout.count());
    req.producer_id = -1;
    req.producer_epoch = -1;
    using Resp = protocol::init_producer_id_response;
    a.send(
        [id] { return net::target(txn_coordinator(id)); }, std::move(req), deadline,
        [a = &a, id](const Resp& r) {
          const auto ec = as_error(r.error_code);
          coordinator_moved(a, id, ec);
          return ec;
        },
        [st, id](std::error_code ec, std::string detail, net::reply<Resp> r) {
          auto& item = st->results[id];
          if (ec) {
            item.error = {ec, "InitProducerId (fence) " + id + ": " +
                                  (r.body.error_code ? error_text(r.body.error_code) : detail)};
          } else {
            item.value = {r.body.producer_id, r.body.producer_epoch};
          }
          st->one_done();
        });
  }
}

}  // namespace kwire::client::admin_detail
