#pragma once
// Admin calls on configs: describe (topic, broker, broker logger, group, client metrics) and
// incremental alter (set, delete, append, subtract).
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   const kwire::config_resource t{kwire::config_resource_type::topic, "orders"};
//   auto got = a.describe_configs({t});
//   got.at(t).get().at("retention.ms").value;           // std::optional<std::string>
//   a.alter_configs({{t, {{.name = "retention.ms", .value = "3600000"}}}}).at(t).get();
//
// Routing: a broker's or a broker logger's configs go to that broker (its node id is the
// resource's name; an empty name for a broker means the cluster-wide default and goes to any
// broker); topics, groups and client metrics go to any broker, in one request. Each resource
// has its own outcome: an unknown topic or config name or a bad value fails that resource
// alone, with the broker's error naming it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <kwire/admin/admin_core.hpp>

namespace kwire::client {

// ---- what a user hands over and gets back ----

// Kafka's ConfigResource.Type codes.
enum class config_resource_type : std::int8_t {
  unknown = 0,
  topic = 2,
  broker = 4,
  broker_logger = 8,
  client_metrics = 16,
  group = 32,
};
const char* to_string(config_resource_type t);

struct config_resource {
  config_resource_type type = config_resource_type::topic;
  std::string name;  // topic name, broker id ("1"; "" = the cluster default), group id, ...
  auto operator<=>(const config_resource&) const = default;
};
std::string to_string(const config_resource& r);  // "topic orders"

// Where a value comes from (DescribeConfigs' ConfigSource).
enum class config_source : std::int8_t {
  unknown = 0,
  dynamic_topic = 1,
  dynamic_broker = 2,
  dynamic_default_broker = 3,
  static_broker = 4,
  default_config = 5,
  dynamic_broker_logger = 6,
  client_metrics = 7,
  group = 8,
};
const char* to_string(config_source s);  // Java's names: "DYNAMIC_TOPIC_CONFIG", ...

// The value's type (DescribeConfigs v3+; unknown before, or when include_documentation is off
// on some brokers).
enum class config_value_type : std::int8_t {
  unknown = 0, boolean = 1, string = 2, int_ = 3, short_ = 4, long_ = 5, double_ = 6, list = 7,
  class_ = 8, password = 9,
};
const char* to_string(config_value_type t);  // "BOOLEAN", "STRING", ...

struct config_synonym {
  std::string name;
  std::optional<std::string> value;
  config_source source = config_source::unknown;
};

struct config_entry {
  std::string name;
  std::optional<std::string> value;  // absent for sensitive values (and some unset ones)
  config_source source = config_source::unknown;
  bool is_default = false;           // source == default_config
  bool read_only = false;
  bool sensitive = false;
  config_value_type type = config_value_type::unknown;
  std::optional<std::string> documentation;  // with include_documentation
  std::vector<config_synonym> synonyms;      // with include_synonyms, highest precedence first
};
using config_entries = std::map<std::string, config_entry>;
using described_configs = std::map<config_resource, result<config_entries>>;

struct describe_configs_options : admin_options {
  bool include_synonyms = false;
  bool include_documentation = false;
  std::vector<std::string> keys;  // only these configs (empty: every config of the resource)
};

// IncrementalAlterConfigs' operations.
enum class config_op_type : std::int8_t { set = 0, remove = 1, append = 2, subtract = 3 };

struct config_op {
  std::string name;
  config_op_type op = config_op_type::set;
  std::optional<std::string> value;  // for set, append (a list item), subtract; absent for remove
};
using config_changes = std::map<config_resource, std::vector<config_op>>;

struct alter_configs_options : admin_options {
  bool validate_only = false;  // the broker checks the changes and applies nothing
};
using altered_configs = std::map<config_resource, result<std::monostate>>;

// ---- the family's functions (configs.cpp) ----

namespace admin_detail {
void describe_configs(admin_core& a, std::vector<config_resource> resources, describe_configs_options options,
                      admin_core::detailed<described_configs> done);
void alter_configs(admin_core& a, config_changes changes, alter_configs_options options,
                   admin_core::detailed<altered_configs> done);
}  // namespace admin_detail

// ---- asynchronous calls: kwire::admin inherits these ----
template <class Self>
class configs_calls {
 public:
  template <class Token>
  auto async_describe_configs(std::vector<config_resource> resources, describe_configs_options options,
                              error_info& diag, Token&& token) {
    return core().template initiate<described_configs>(
        &diag, std::forward<Token>(token),
        [resources = std::move(resources), options = std::move(options)](admin_core& a, auto h) mutable {
          admin_detail::describe_configs(a, std::move(resources), std::move(options), std::move(h));
        });
  }
  template <class Token>
  auto async_describe_configs(std::vector<config_resource> resources, describe_configs_options options, Token&& token) {
    return async_describe_configs(std::move(resources), std::move(options), admin_core::discard(),
                                  std::forward<Token>(token));
  }

  template <class Token>
  auto async_alter_configs(config_changes changes, alter_configs_options options, error_info& diag, Token&& token) {
    return core().template initiate<altered_configs>(
        &diag, std::forward<Token>(token), [changes = std::move(changes), options](admin_core& a, auto h) mutable {
          admin_detail::alter_configs(a, std::move(changes), options, std::move(h));
        });
  }
  template <class Token>
  auto async_alter_configs(config_changes changes, alter_configs_options options, Token&& token) {
    return async_alter_configs(std::move(changes), options, admin_core::discard(), std::forward<Token>(token));
  }

 private:
  admin_core& core() { return static_cast<Self&>(*this); }
};

// ---- blocking calls: kwire::blocking_admin inherits these ----
template <class Self>
class blocking_configs_calls {
 public:
  described_configs describe_configs(std::vector<config_resource> resources, describe_configs_options options = {}) {
    return self().template wait<described_configs>([&](error_info& diag, auto h) {
      self().async().async_describe_configs(std::move(resources), std::move(options), diag, std::move(h));
    });
  }
  altered_configs alter_configs(config_changes changes, alter_configs_options options = {}) {
    return self().template wait<altered_configs>([&](error_info& diag, auto h) {
      self().async().async_alter_configs(std::move(changes), options, diag, std::move(h));
    });
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

}  // namespace kwire::client

namespace kwire {
using client::alter_configs_options;
using client::altered_configs;
using client::config_changes;
using client::config_entries;
using client::config_entry;
using client::config_op;
using client::config_op_type;
using client::config_resource;
using client::config_resource_type;
using client::config_source;
using client::config_synonym;
using client::config_value_type;
using client::describe_configs_options;
using client::described_configs;
}  // namespace kwire
