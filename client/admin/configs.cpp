// Configs: DescribeConfigs and IncrementalAlterConfigs, one request per destination (each
// broker resource to its own node, everything else together to any broker), the answers merged
// into one result per resource.

#include <kwire/admin/configs.hpp>

#include <charconv>

#include <kwire/protocol/messages/describe_configs.hpp>
#include <kwire/protocol/messages/incremental_alter_configs.hpp>

namespace kwire::client {

const char* to_string(config_resource_type t) {
  switch (t) {
    case config_resource_type::topic: return "topic";
    case config_resource_type::broker: return "broker";
    case config_resource_type::broker_logger: return "broker-logger";
    case config_resource_type::client_metrics: return "client-metrics";
    case config_resource_type::group: return "group";
    case config_resource_type::unknown: break;
  }
  return "unknown";
}

std::string to_string(const config_resource& r) { return std::string(to_string(r.type)) + " " + r.name; }

const char* to_string(config_source s) {
  switch (s) {
    case config_source::dynamic_topic: return "DYNAMIC_TOPIC_CONFIG";
    case config_source::dynamic_broker: return "DYNAMIC_BROKER_CONFIG";
    case config_source::dynamic_default_broker: return "DYNAMIC_DEFAULT_BROKER_CONFIG";
    case config_source::static_broker: return "STATIC_BROKER_CONFIG";
    case config_source::default_config: return "DEFAULT_CONFIG";
    case config_source::dynamic_broker_logger: return "DYNAMIC_BROKER_LOGGER_CONFIG";
    case config_source::client_metrics: return "CLIENT_METRICS_CONFIG";
    case config_source::group: return "GROUP_CONFIG";
    case config_source::unknown: break;
  }
  return "UNKNOWN";
}

const char* to_string(config_value_type t) {
  switch (t) {
    case config_value_type::boolean: return "BOOLEAN";
    case config_value_type::string: return "STRING";
    case config_value_type::int_: return "INT";
    case config_value_type::short_: return "SHORT";
    case config_value_type::long_: return "LONG";
    case config_value_type::double_: return "DOUBLE";
    case config_value_type::list: return "LIST";
    case config_value_type::class_: return "CLASS";
    case config_value_type::password: return "PASSWORD";
    case config_value_type::unknown: break;
  }
  return "UNKNOWN";
}

namespace admin_detail {
namespace {

// Where a resource's request goes: a broker's node id, or -1 for any broker. False (with the
// error) for a broker resource whose name is not a node id.
bool destination(const config_resource& r, std::int32_t& node, error_info& bad, std::string_view api) {
  node = -1;
  if (r.type == config_resource_type::unknown) {
    bad = {client_errc::invalid_value, std::string(api) + " " + to_string(r) + ": unknown resource type"};
    return false;
  }
  if (r.type != config_resource_type::broker && r.type != config_resource_type::broker_logger) return true;
  if (r.name.empty() && r.type == config_resource_type::broker) return true;  // the cluster-wide default
  const auto* end = r.name.data() + r.name.size();
  auto [p, ec] = std::from_chars(r.name.data(), end, node);
  if (ec != std::errc() || p != end || node < 0) {
    bad = {client_errc::invalid_value, std::string(api) + " " + to_string(r) + ": a broker is named by its node id"};
    return false;
  }
  return true;
}

net::target where(std::int32_t node) {
  if (node < 0) return net::any_broker{};
  return net::node{node};
}

// One call's requests in flight; the last answer completes it.
template <class T>
struct fan_in {
  explicit fan_in(admin_core::detailed<T> h) : done(std::move(h)) {}
  T results;
  std::size_t outstanding = 0;
  admin_core::detailed<T> done;
  void finish_one() {
    if (--outstanding == 0) std::move(done)(std::error_code(), std::string(), std::move(results));
  }
};

config_entry read_entry(const protocol::describe_configs_response::describe_configs_resource_result& c,
                        std::int16_t version) {
  config_entry e;
  e.name = c.name;
  e.value = c.value;
  e.read_only = c.read_only;
  e.sensitive = c.is_sensitive;
  if (version == 0) {
    e.is_default = c.is_default;
    e.source = c.is_default ? config_source::default_config : config_source::unknown;
  } else {
    e.source = static_cast<config_source>(c.config_source);
    e.is_default = e.source == config_source::default_config;
  }
  e.type = static_cast<config_value_type>(c.config_type);
  if (c.documentation && !c.documentation->empty()) e.documentation = c.documentation;
  for (const auto& s : c.synonyms) e.synonyms.push_back({s.name, s.value, static_cast<config_source>(s.source)});
  return e;
}

}  // namespace

void describe_configs(admin_core& a, std::vector<config_resource> resources, describe_configs_options options,
                      admin_core::detailed<described_configs> done) {
  auto st = std::make_shared<fan_in<described_configs>>(std::move(done));
  std::map<std::int32_t, protocol::describe_configs_request> requests;
  for (const auto& r : resources) {
    if (st->results.count(r)) continue;  // asked twice: one answer
    std::int32_t node = -1;
    auto& out = st->results[r];
    if (!destination(r, node, out.error, "DescribeConfigs")) continue;
    auto& req = requests[node];
    req.include_synonyms = options.include_synonyms;
    req.include_documentation = options.include_documentation;
    protocol::describe_configs_request::describe_configs_resource res;
    res.resource_type = static_cast<std::int8_t>(r.type);
    res.resource_name = r.name;
    if (options.keys.empty()) res.configuration_keys = std::nullopt;
    else res.configuration_keys = options.keys;
    req.resources.push_back(std::move(res));
    out.error = {client_errc::invalid_value, "DescribeConfigs " + to_string(r) + ": the broker's answer left it out"};
  }
  if (requests.empty()) return std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
  st->outstanding = requests.size();
  const auto deadline = a.deadline(options);
  for (auto& [node, req] : requests) {
    std::vector<config_resource> asked;
    for (const auto& r : req.resources) asked.push_back({static_cast<config_resource_type>(r.resource_type), r.resource_name});
    a.send(where(node), std::move(req), deadline,
           [st, asked](std::error_code ec, std::string detail, net::reply<protocol::describe_configs_response> r) {
             if (ec) {
               for (const auto& res : asked) st->results[res].error = {ec, detail};
               return st->finish_one();
             }
             for (const auto& g : r.body.results) {
               const config_resource res{static_cast<config_resource_type>(g.resource_type), g.resource_name};
               auto it = st->results.find(res);
               if (it == st->results.end()) continue;
               auto& out = it->second;
               out.error = item_error("DescribeConfigs", to_string(res), g.error_code, g.error_message);
               if (g.error_code != 0) continue;
               for (const auto& c : g.configs) out.value[c.name] = read_entry(c, r.version);
             }
             st->finish_one();
           });
  }
}

void alter_configs(admin_core& a, config_changes changes, alter_configs_options options,
                   admin_core::detailed<altered_configs> done) {
  auto st = std::make_shared<fan_in<altered_configs>>(std::move(done));
  std::map<std::int32_t, protocol::incremental_alter_configs_request> requests;
  for (const auto& [r, ops] : changes) {
    std::int32_t node = -1;
    auto& out = st->results[r];
    if (!destination(r, node, out.error, "IncrementalAlterConfigs")) continue;
    protocol::incremental_alter_configs_request::alter_configs_resource res;
    res.resource_type = static_cast<std::int8_t>(r.type);
    res.resource_name = r.name;
    for (const auto& op : ops) {
      if (op.op != config_op_type::remove && !op.value) {
        out.error = {client_errc::invalid_value,
                     "IncrementalAlterConfigs " + to_string(r) + ": " + op.name + " needs a value"};
        break;
      }
      res.configs.push_back({op.name, static_cast<std::int8_t>(op.op),
                             op.op == config_op_type::remove ? std::nullopt : op.value, {}});
    }
    if (out.error.failed()) continue;
    auto& req = requests[node];
    req.validate_only = options.validate_only;
    req.resources.push_back(std::move(res));
    out.error = {client_errc::invalid_value, "IncrementalAlterConfigs " + to_string(r) + ": the broker's answer left it out"};
  }
  if (requests.empty()) return std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
  st->outstanding = requests.size();
  const auto deadline = a.deadline(options);
  for (auto& [node, req] : requests) {
    std::vector<config_resource> asked;
    for (const auto& r : req.resources) asked.push_back({static_cast<config_resource_type>(r.resource_type), r.resource_name});
    a.send(where(node), std::move(req), deadline,
           [st, asked](std::error_code ec, std::string detail, net::reply<protocol::incremental_alter_configs_response> r) {
             if (ec) {
               for (const auto& res : asked) st->results[res].error = {ec, detail};
               return st->finish_one();
             }
             for (const auto& g : r.body.responses) {
               const config_resource res{static_cast<config_resource_type>(g.resource_type), g.resource_name};
               if (auto it = st->results.find(res); it != st->results.end())
                 it->second.error = item_error("IncrementalAlterConfigs", to_string(res), g.error_code, g.error_message);
             }
             st->finish_one();
           });
  }
}

}  // namespace admin_detail
}  // namespace kwire::client
