#pragma once
// Admin calls on topics: create, list (and more in this family: see docs/admin.md).
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   auto made = a.create_topics({{.name = "orders", .partitions = 3, .replication_factor = 1}});
//   made.at("orders").get();                 // throws kwire::error when this topic failed
//   for (auto& [name, t] : a.list_topics()) ...
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

// ---- the family's functions (topics.cpp) ----

namespace admin_detail {
void create_topics(admin_core& a, std::vector<new_topic> topics, create_topics_options options,
                   admin_core::detailed<created_topics> done);
void list_topics(admin_core& a, list_topics_options options, admin_core::detailed<topic_listings> done);
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

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

}  // namespace kwire::client

namespace kwire {
using client::create_topics_options;
using client::created_topics;
using client::list_topics_options;
using client::new_topic;
using client::topic_created;
using client::topic_listing;
using client::topic_listings;
}  // namespace kwire
