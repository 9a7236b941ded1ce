#pragma once
// Admin calls on transactions (KIP-664): list, describe, describe producers, abort a hanging
// transaction, fence producers. See docs/admin.md "Transactions".
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   for (auto& [broker, r] : a.list_transactions({.states = {"Ongoing"}})) ...
//   auto d = a.describe_transactions({"payments-tx"}).at("payments-tx").get();
//   auto producers = a.describe_producers({{"orders", 0}}).at({"orders", 0}).get();
//   a.abort_transaction({.partition = {"orders", 0}, .producer_id = p.producer_id,
//                        .producer_epoch = p.producer_epoch, .coordinator_epoch = p.coordinator_epoch.value_or(0)})
//       .get();
//   a.fence_producers({"payments-tx"}).at("payments-tx").get();
//
// A hanging transaction is one a partition still holds open (its last stable offset stuck)
// while its coordinator has forgotten it; abort_transaction writes the abort marker to that
// partition directly, as Java's Admin.abortTransaction does. It needs ClusterAction on the
// cluster (WriteTxnMarkers is a broker-to-broker request).

#include <chrono>
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

struct list_transactions_options : admin_options {
  std::vector<std::string> states;         // "Ongoing", "PrepareCommit", "CompleteAbort", ...; empty: all
  std::vector<std::int64_t> producer_ids;  // empty: all
  // Only transactions running longer than this (Java's filterOnDuration; ListTransactions v1+,
  // Kafka 3.8+). Absent: all. Negative is refused before sending.
  std::optional<std::chrono::milliseconds> running_longer_than;
  // Only transactional ids matching this regular expression, matched by the broker (RE2/J syntax;
  // Java's filterOnTransactionalIdPattern; ListTransactions v2+, Kafka 4.1+). Absent or empty: all.
  std::optional<std::string> transactional_id_pattern;
};
struct transaction_listing {
  std::string transactional_id;
  std::int64_t producer_id = -1;
  std::string state;
};
// Per broker (node id): the transactions it coordinates. One broker failing does not hide the
// others' answers.
using transaction_listings = std::map<std::int32_t, result<std::vector<transaction_listing>>>;

struct transaction_description {
  std::string state;
  std::int64_t producer_id = -1;
  std::int16_t producer_epoch = -1;
  std::int32_t transaction_timeout_ms = 0;
  std::optional<std::int64_t> transaction_start_time_ms;  // absent when no transaction is under way
  std::vector<topic_partition> partitions;                // in the transaction
};
using transaction_descriptions = std::map<std::string, result<transaction_description>>;

struct producer_state {
  std::int64_t producer_id = -1;
  std::int32_t producer_epoch = -1;
  std::int32_t last_sequence = -1;
  std::int64_t last_timestamp = -1;
  // The coordinator epoch of the last marker written here; absent (-1) before the first (abort
  // with 0 then, as kafka-transactions.sh does) and for idempotent producers.
  std::optional<std::int32_t> coordinator_epoch;
  std::optional<std::int64_t> current_txn_start_offset;  // the open transaction's first offset
};
using producer_states = std::map<topic_partition, result<std::vector<producer_state>>>;

// What abort_transaction needs, as describe_producers reports it for the partition.
struct abort_transaction_spec {
  topic_partition partition;
  std::int64_t producer_id = -1;
  std::int16_t producer_epoch = -1;
  std::int32_t coordinator_epoch = -1;
};

struct fence_producers_options : admin_options {
  // The transaction timeout InitProducerId registers for the transactional id.
  std::chrono::milliseconds transaction_timeout{60000};
};
// The producer id and the new (bumped) epoch that fenced the old producers out.
struct fenced_producer {
  std::int64_t producer_id = -1;
  std::int16_t producer_epoch = -1;
};
using fenced_producers = std::map<std::string, result<fenced_producer>>;

// ---- the family's functions (transactions.cpp) ----

namespace admin_detail {
void list_transactions(admin_core& a, list_transactions_options options, admin_core::detailed<transaction_listings> done);
void describe_transactions(admin_core& a, std::vector<std::string> ids, admin_options options,
                           admin_core::detailed<transaction_descriptions> done);
void describe_producers(admin_core& a, std::vector<topic_partition> partitions, admin_options options,
                        admin_core::detailed<producer_states> done);
void abort_transaction(admin_core& a, abort_transaction_spec spec, admin_options options,
                       admin_core::detailed<result<std::monostate>> done);
void fence_producers(admin_core& a, std::vector<std::string> ids, fence_producers_options options,
                     admin_core::detailed<fenced_producers> done);
}  // namespace admin_detail

// ---- asynchronous calls: kwire::admin inherits these ----
template <class Self>
class transactions_calls {
 public:
  // Each call's two asynchronous overloads: KWIRE_DETAIL_ADMIN_CALL (admin_core.hpp).
  KWIRE_DETAIL_ADMIN_CALL(list_transactions, transaction_listings, KWIRE_DETAIL_ADMIN_LIST(list_transactions_options options),
                 KWIRE_DETAIL_ADMIN_LIST(std::move(options)), KWIRE_DETAIL_ADMIN_LIST(options = std::move(options)))
  KWIRE_DETAIL_ADMIN_CALL(describe_transactions, transaction_descriptions,
                 KWIRE_DETAIL_ADMIN_LIST(std::vector<std::string> ids, admin_options options), KWIRE_DETAIL_ADMIN_LIST(std::move(ids), options),
                 KWIRE_DETAIL_ADMIN_LIST(ids = std::move(ids), options))
  KWIRE_DETAIL_ADMIN_CALL(describe_producers, producer_states,
                 KWIRE_DETAIL_ADMIN_LIST(std::vector<topic_partition> partitions, admin_options options),
                 KWIRE_DETAIL_ADMIN_LIST(std::move(partitions), options), KWIRE_DETAIL_ADMIN_LIST(partitions = std::move(partitions), options))
  KWIRE_DETAIL_ADMIN_CALL(abort_transaction, result<std::monostate>, KWIRE_DETAIL_ADMIN_LIST(abort_transaction_spec spec, admin_options options),
                 KWIRE_DETAIL_ADMIN_LIST(std::move(spec), options), KWIRE_DETAIL_ADMIN_LIST(spec = std::move(spec), options))
  KWIRE_DETAIL_ADMIN_CALL(fence_producers, fenced_producers, KWIRE_DETAIL_ADMIN_LIST(std::vector<std::string> ids, fence_producers_options options),
                 KWIRE_DETAIL_ADMIN_LIST(std::move(ids), options), KWIRE_DETAIL_ADMIN_LIST(ids = std::move(ids), options))

 private:
  admin_core& core() { return static_cast<Self&>(*this); }
};

// ---- blocking calls: kwire::blocking_admin inherits these; each throws kwire::error when the
// whole call fails ----
template <class Self>
class blocking_transactions_calls {
 public:
  transaction_listings list_transactions(list_transactions_options options = {}) {
    return self().template wait<transaction_listings>(
        [&](error_info& diag, auto h) { self().async().async_list_transactions(std::move(options), diag, std::move(h)); });
  }
  transaction_descriptions describe_transactions(std::vector<std::string> ids, admin_options options = {}) {
    return self().template wait<transaction_descriptions>([&](error_info& diag, auto h) {
      self().async().async_describe_transactions(std::move(ids), options, diag, std::move(h));
    });
  }
  producer_states describe_producers(std::vector<topic_partition> partitions, admin_options options = {}) {
    return self().template wait<producer_states>([&](error_info& diag, auto h) {
      self().async().async_describe_producers(std::move(partitions), options, diag, std::move(h));
    });
  }
  // The partition's outcome (result::get() throws when the broker refused the marker).
  result<std::monostate> abort_transaction(abort_transaction_spec spec, admin_options options = {}) {
    return self().template wait<result<std::monostate>>([&](error_info& diag, auto h) {
      self().async().async_abort_transaction(std::move(spec), options, diag, std::move(h));
    });
  }
  fenced_producers fence_producers(std::vector<std::string> ids, fence_producers_options options = {}) {
    return self().template wait<fenced_producers>([&](error_info& diag, auto h) {
      self().async().async_fence_producers(std::move(ids), options, diag, std::move(h));
    });
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

}  // namespace kwire::client

namespace kwire {
using client::abort_transaction_spec;
using client::fence_producers_options;
using client::fenced_producer;
using client::fenced_producers;
using client::list_transactions_options;
using client::producer_state;
using client::producer_states;
using client::transaction_description;
using client::transaction_descriptions;
using client::transaction_listing;
using client::transaction_listings;
}  // namespace kwire
