#pragma once
// Admin calls on topics: create, list, describe, delete (by name or id), create partitions.
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   auto made = a.create_topics({{.name = "orders", .partitions = 3, .replication_factor = 1}});
//   made.at("orders").get();                 // throws kwire::error when this topic failed
//   for (auto& [name, t] : a.list_topics()) ...
//   auto d = a.describe_topics({"orders"}).at("orders").get();   // partitions, leaders, ISR, ELR
//   a.create_partitions({{"orders", {.total_count = 6}}}).at("orders").get();
//   a.delete_topics({"orders"}).at("orders").get();
//
// Each topic has its own outcome (kwire::result): one bad topic does not hide the others.
//
// The pattern every family follows: the types a user hands over and gets back; the family's
// functions over admin_core (topics.cpp); `topics_calls<Self>`, the asynchronous calls that
// kwire::admin inherits; `blocking_topics_calls<Self>`, the blocking ones of blocking_admin.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <kwire/admin/admin_core.hpp>
#include <kwire/uuid.hpp>

namespace kwire::client {

// ---- what a user hands over and gets back ----

struct new_topic {
  std::string name;
  std::optional<std::int32_t> partitions;          // absent: the broker's num.partitions
  std::optional<std::int16_t> replication_factor;  // absent: the broker's default.replication.factor
  // Replica broker ids per partition number; when given, partitions and replication_factor
  // stay absent (the assignment says both).
  std::map<std::int32_t, std::vector<std::int32_t>> assignment;
  std::map<std::string, std::string> configs;  // e.g. {"cleanup.policy", "compact"}
};

struct create_topics_options : admin_options {
  bool validate_only = false;  // the broker checks everything and creates nothing
};

// What the broker made (or, with validate_only, would make).
struct topic_created {
  uuid topic_id;                           // zero before Kafka 2.8 or with validate_only
  std::int32_t partitions = -1;            // -1: the broker did not say (CreateTopics < v5)
  std::int16_t replication_factor = -1;
  std::map<std::string, std::string> configs;  // the topic's configs as created (v5+), null values left out
};
using created_topics = std::map<std::string, result<topic_created>>;

struct list_topics_options : admin_options {
  bool list_internal = false;  // include __consumer_offsets, __transaction_state, ...
};

struct topic_listing {
  std::string name;
  uuid topic_id;
  bool internal = false;
};
using topic_listings = std::map<std::string, topic_listing>;

struct delete_topics_options : admin_options {};

struct topic_deleted {
  std::string name;  // empty when deleted by id on a broker that does not say
  uuid topic_id;     // zero when the broker does not say (DeleteTopics < v6)
};
using deleted_topics = std::map<std::string, result<topic_deleted>>;  // by the names asked for
using deleted_topic_ids = std::map<uuid, result<topic_deleted>>;      // by the ids asked for

struct describe_topics_options : admin_options {
  bool include_authorized_operations = false;
  // Partitions per DescribeTopicPartitions answer (Java's partitionSizeLimitPerResponse); the
  // call pages through them all with the answer's cursor.
  std::int32_t partitions_per_page = 2000;
};

struct partition_description {
  std::int32_t partition = -1;
  std::int32_t leader = -1;  // -1: none
  std::int32_t leader_epoch = -1;
  std::vector<std::int32_t> replicas;
  std::vector<std::int32_t> isr;
  std::vector<std::int32_t> offline_replicas;
  // Eligible leader replicas (KIP-966): given by DescribeTopicPartitions, absent (nullopt) when
  // the answer came from Metadata (brokers without DescribeTopicPartitions).
  std::optional<std::vector<std::int32_t>> elr;
  std::optional<std::vector<std::int32_t>> last_known_elr;
};

struct topic_description {
  std::string name;
  uuid topic_id;
  bool internal = false;
  std::vector<partition_description> partitions;  // by partition number
  // Java's AclOperation names ("READ", "WRITE", "DESCRIBE", ...) when asked for and given
  // (decode_authorized_operations, <kwire/admin/security.hpp>).
  std::optional<std::vector<std::string>> authorized_operations;
};
using topic_descriptions = std::map<std::string, result<topic_description>>;

// A topic's new partition count (the total, not the number to add) and, optionally, where the
// new partitions go: one replica list per NEW partition.
struct new_partitions {
  std::int32_t total_count = 0;
  std::vector<std::vector<std::int32_t>> assignment;
};
struct create_partitions_options : admin_options {
  bool validate_only = false;
};
using created_partitions = std::map<std::string, result<std::int32_t>>;  // the new total count

// ---- the family's functions (topics.cpp) ----

namespace admin_detail {
void create_topics(admin_core& a, std::vector<new_topic> topics, create_topics_options options,
                   admin_core::detailed<created_topics> done);
void list_topics(admin_core& a, list_topics_options options, admin_core::detailed<topic_listings> done);
void delete_topics(admin_core& a, std::vector<std::string> names, delete_topics_options options,
                   admin_core::detailed<deleted_topics> done);
void delete_topics_by_id(admin_core& a, std::vector<uuid> ids, delete_topics_options options,
                         admin_core::detailed<deleted_topic_ids> done);
void describe_topics(admin_core& a, std::vector<std::string> names, describe_topics_options options,
                     admin_core::detailed<topic_descriptions> done);
void create_partitions(admin_core& a, std::map<std::string, new_partitions> topics, create_partitions_options options,
                       admin_core::detailed<created_partitions> done);
}  // namespace admin_detail

// ---- asynchronous calls: kwire::admin inherits these ----
// Each completes with (std::error_code, value); the whole call fails only when no item could
// be asked at all (no broker, timeout before any answer); per-item errors are in the results.
template <class Self>
class topics_calls {
 public:
  template <class Token>
  auto async_create_topics(std::vector<new_topic> topics, create_topics_options options, error_info& diag, Token&& token) {
    return core().template initiate<created_topics>(
        &diag, std::forward<Token>(token), [topics = std::move(topics), options](admin_core& a, auto h) mutable {
          admin_detail::create_topics(a, std::move(topics), options, std::move(h));
        });
  }
  template <class Token>
  auto async_create_topics(std::vector<new_topic> topics, create_topics_options options, Token&& token) {
    return async_create_topics(std::move(topics), options, admin_core::discard(), std::forward<Token>(token));
  }

  template <class Token>
  auto async_list_topics(list_topics_options options, error_info& diag, Token&& token) {
    return core().template initiate<topic_listings>(&diag, std::forward<Token>(token), [options](admin_core& a, auto h) {
      admin_detail::list_topics(a, options, std::move(h));
    });
  }
  template <class Token>
  auto async_list_topics(list_topics_options options, Token&& token) {
    return async_list_topics(options, admin_core::discard(), std::forward<Token>(token));
  }

  // DeleteTopics to the controller. An unknown topic is its own UNKNOWN_TOPIC_OR_PARTITION.
  template <class Token>
  auto async_delete_topics(std::vector<std::string> names, delete_topics_options options, error_info& diag, Token&& token) {
    return core().template initiate<deleted_topics>(
        &diag, std::forward<Token>(token), [names = std::move(names), options](admin_core& a, auto h) mutable {
          admin_detail::delete_topics(a, std::move(names), options, std::move(h));
        });
  }
  template <class Token>
  auto async_delete_topics(std::vector<std::string> names, delete_topics_options options, Token&& token) {
    return async_delete_topics(std::move(names), options, admin_core::discard(), std::forward<Token>(token));
  }
  // By topic id (DeleteTopics v6+, Kafka 2.8+; an older broker fails each id with
  // no_compatible_version). An unknown id is its own UNKNOWN_TOPIC_ID.
  template <class Token>
  auto async_delete_topics_by_id(std::vector<uuid> ids, delete_topics_options options, error_info& diag, Token&& token) {
    return core().template initiate<deleted_topic_ids>(
        &diag, std::forward<Token>(token), [ids = std::move(ids), options](admin_core& a, auto h) mutable {
          admin_detail::delete_topics_by_id(a, std::move(ids), options, std::move(h));
        });
  }
  template <class Token>
  auto async_delete_topics_by_id(std::vector<uuid> ids, delete_topics_options options, Token&& token) {
    return async_delete_topics_by_id(std::move(ids), options, admin_core::discard(), std::forward<Token>(token));
  }

  // DescribeTopicPartitions (paged, with ELR) where the broker has it, Metadata otherwise.
  template <class Token>
  auto async_describe_topics(std::vector<std::string> names, describe_topics_options options, error_info& diag,
                             Token&& token) {
    return core().template initiate<topic_descriptions>(
        &diag, std::forward<Token>(token), [names = std::move(names), options](admin_core& a, auto h) mutable {
          admin_detail::describe_topics(a, std::move(names), options, std::move(h));
        });
  }
  template <class Token>
  auto async_describe_topics(std::vector<std::string> names, describe_topics_options options, Token&& token) {
    return async_describe_topics(std::move(names), options, admin_core::discard(), std::forward<Token>(token));
  }

  // CreatePartitions to the controller; fewer partitions than today is that topic's
  // INVALID_PARTITIONS.
  template <class Token>
  auto async_create_partitions(std::map<std::string, new_partitions> topics, create_partitions_options options,
                               error_info& diag, Token&& token) {
    return core().template initiate<created_partitions>(
        &diag, std::forward<Token>(token), [topics = std::move(topics), options](admin_core& a, auto h) mutable {
          admin_detail::create_partitions(a, std::move(topics), options, std::move(h));
        });
  }
  template <class Token>
  auto async_create_partitions(std::map<std::string, new_partitions> topics, create_partitions_options options,
                               Token&& token) {
    return async_create_partitions(std::move(topics), options, admin_core::discard(), std::forward<Token>(token));
  }

 private:
  admin_core& core() { return static_cast<Self&>(*this); }
};

// ---- blocking calls: kwire::blocking_admin inherits these; each throws kwire::error when the
// whole call fails ----
template <class Self>
class blocking_topics_calls {
 public:
  created_topics create_topics(std::vector<new_topic> topics, create_topics_options options = {}) {
    return self().template wait<created_topics>([&](error_info& diag, auto h) {
      self().async().async_create_topics(std::move(topics), options, diag, std::move(h));
    });
  }
  topic_listings list_topics(list_topics_options options = {}) {
    return self().template wait<topic_listings>(
        [&](error_info& diag, auto h) { self().async().async_list_topics(options, diag, std::move(h)); });
  }
  deleted_topics delete_topics(std::vector<std::string> names, delete_topics_options options = {}) {
    return self().template wait<deleted_topics>([&](error_info& diag, auto h) {
      self().async().async_delete_topics(std::move(names), options, diag, std::move(h));
    });
  }
  deleted_topic_ids delete_topics_by_id(std::vector<uuid> ids, delete_topics_options options = {}) {
    return self().template wait<deleted_topic_ids>([&](error_info& diag, auto h) {
      self().async().async_delete_topics_by_id(std::move(ids), options, diag, std::move(h));
    });
  }
  topic_descriptions describe_topics(std::vector<std::string> names, describe_topics_options options = {}) {
    return self().template wait<topic_descriptions>([&](error_info& diag, auto h) {
      self().async().async_describe_topics(std::move(names), options, diag, std::move(h));
    });
  }
  created_partitions create_partitions(std::map<std::string, new_partitions> topics, create_partitions_options options = {}) {
    return self().template wait<created_partitions>([&](error_info& diag, auto h) {
      self().async().async_create_partitions(std::move(topics), options, diag, std::move(h));
    });
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

}  // namespace kwire::client

namespace kwire {
using client::create_partitions_options;
using client::create_topics_options;
using client::created_partitions;
using client::created_topics;
using client::delete_topics_options;
using client::deleted_topic_ids;
using client::deleted_topics;
using client::describe_topics_options;
using client::new_partitions;
using client::partition_description;
using client::topic_deleted;
using client::topic_description;
using client::topic_descriptions;
using client::list_topics_options;
using client::new_topic;
using client::topic_created;
using client::topic_listing;
using client::topic_listings;
}  // namespace kwire
