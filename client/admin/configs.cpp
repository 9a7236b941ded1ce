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

// Bootstraps first: when no broker can be reached at all, the whole call fails with that error
// (as docs/admin.md says), instead of every item carrying it.
template <class T, class Fn>
void after_start(admin_core& a, admin_core::detailed<T> done, Fn fn) {
  a.ensure_started([done = std::move(done), fn = std::move(fn)](std::error_code ec, std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), T{});
    fn(std::move(done));
  });
}

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

// One call: rounds of one request per destination. A resource whose answer is a retriable
// error (UNKNOWN_TOPIC_OR_PARTITION for a topic created a moment ago that this broker has not
// heard of yet, a lost connection) is asked again, retry.backoff.ms doubling, a few times at most
// and within the call's deadline: a topic that really does not exist must not take the whole
// default.api.timeout.ms to report.
template <class Req, class T>
struct config_call : std::enable_shared_from_this<config_call<Req, T>> {
  using piece = typename decltype(Req::resources)::value_type;
  using results_type = std::map<config_resource, result<T>>;
  static constexpr int max_rounds = 5;

  explicit config_call(admin_core::detailed<results_type> h) : done(std::move(h)) {}
  std::shared_ptr<admin_core> admin;
  admin_core::clock::time_point deadline;
  Req base;  // the call's flags; resources added per destination
  std::map<config_resource, std::pair<std::int32_t, piece>> pending;
  results_type results;
  std::vector<config_resource> again;
  std::size_t outstanding = 0;
  int rounds = 0;
  admin_core::detailed<results_type> done;

  void round() {
    ++rounds;
    std::map<std::int32_t, Req> requests;
    for (const auto& [r, p] : pending) {
      auto [it, fresh] = requests.try_emplace(p.first, base);
      it->second.resources.push_back(p.second);
    }
    if (requests.empty()) return std::move(done)(std::error_code(), std::string(), std::move(results));
    outstanding = requests.size();
    for (auto& [node, req] : requests) {
      std::vector<config_resource> asked;
      for (const auto& r : req.resources) asked.push_back({static_cast<config_resource_type>(r.resource_type), r.resource_name});
      admin->send(where(node), std::move(req), deadline,
                  [self = this->shared_from_this(), asked](std::error_code ec, std::string detail,
                                                           net::reply<protocol::response_of_t<Req>> r) {
                    if (ec) {
                      for (const auto& res : asked) self->settle(res, error_info{ec, detail});
                    } else {
                      for (const auto& res : asked)  // until the answer says otherwise
                        self->results[res].error = {client_errc::invalid_value,
                                                    std::string(api_name()) + " " + to_string(res) + ": the broker's answer left it out"};
                      read_answer(*self, r.body, r.version);
                    }
                    if (--self->outstanding == 0) self->next();
                  });
    }
  }

  static std::string_view api_name() { return Req::schema_name.substr(0, Req::schema_name.size() - 7); }  // "...Request"

  // A resource's outcome: final, or (retriable, rounds and time left) asked again.
  void settle(const config_resource& r, error_info e) {
    const auto backoff = admin->config().cluster.retry_backoff * (1 << rounds);
    if (e.failed() && admin_core::retriable(e.ec) && rounds < max_rounds && admin_core::clock::now() + backoff < deadline)
      again.push_back(r);
    results[r].error = std::move(e);
  }

  void next() {
    std::map<config_resource, std::pair<std::int32_t, piece>> retry;
    for (const auto& r : again) retry.emplace(r, std::move(pending.at(r)));
    again.clear();
    pending = std::move(retry);
    if (pending.empty()) return std::move(done)(std::error_code(), std::string(), std::move(results));
    admin->later(admin->config().cluster.retry_backoff * (1 << (rounds - 1)), [self = this->shared_from_this()] { self->round(); });
  }
};

using describe_call = config_call<protocol::describe_configs_request, config_entries>;
using alter_call = config_call<protocol::incremental_alter_configs_request, std::monostate>;

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

void read_answer(describe_call& st, const protocol::describe_configs_response& body, std::int16_t version) {
  for (const auto& g : body.results) {
    const config_resource res{static_cast<config_resource_type>(g.resource_type), g.resource_name};
    auto it = st.results.find(res);
    if (it == st.results.end()) continue;
    st.settle(res, item_error("DescribeConfigs", to_string(res), g.error_code, g.error_message));
    it->second.value.clear();
    if (g.error_code == 0)
      for (const auto& c : g.configs) it->second.value[c.name] = read_entry(c, version);
  }
}

void read_answer(alter_call& st, const protocol::incremental_alter_configs_response& body, std::int16_t) {
  for (const auto& g : body.responses) {
    const config_resource res{static_cast<config_resource_type>(g.resource_type), g.resource_name};
    if (st.results.count(res)) st.settle(res, item_error("IncrementalAlterConfigs", to_string(res), g.error_code, g.error_message));
  }
}

}  // namespace

static void describe_configs_now(admin_core& a, std::vector<config_resource> resources, describe_configs_options options,
                      admin_core::detailed<described_configs> done) {
  auto st = std::make_shared<describe_call>(std::move(done));
  st->admin = a.shared_from_this();
  st->deadline = a.deadline(options);
  st->base.include_synonyms = options.include_synonyms;
  st->base.include_documentation = options.include_documentation;
  for (const auto& r : resources) {
    if (st->results.count(r)) continue;  // asked twice: one answer
    std::int32_t node = -1;
    auto& out = st->results[r];
    if (!destination(r, node, out.error, "DescribeConfigs")) continue;
    protocol::describe_configs_request::describe_configs_resource res;
    res.resource_type = static_cast<std::int8_t>(r.type);
    res.resource_name = r.name;
    if (options.keys.empty()) res.configuration_keys = std::nullopt;
    else res.configuration_keys = options.keys;
    st->pending.emplace(r, std::make_pair(node, std::move(res)));
  }
  st->round();
}

static void alter_configs_now(admin_core& a, config_changes changes, alter_configs_options options,
                   admin_core::detailed<altered_configs> done) {
  auto st = std::make_shared<alter_call>(std::move(done));
  st->admin = a.shared_from_this();
  st->deadline = a.deadline(options);
  st->base.validate_only = options.validate_only;
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
    if (!out.error.failed()) st->pending.emplace(r, std::make_pair(node, std::move(res)));
  }
  st->round();
}

void describe_configs(admin_core& a, std::vector<config_resource> resources, describe_configs_options options, admin_core::detailed<described_configs> done) {
  after_start<described_configs>(a, std::move(done), [self = a.shared_from_this(), resources = std::move(resources), options = std::move(options)](auto done) mutable {
    describe_configs_now(*self, std::move(resources), std::move(options), std::move(done));
  });
}

void alter_configs(admin_core& a, config_changes changes, alter_configs_options options, admin_core::detailed<altered_configs> done) {
  after_start<altered_configs>(a, std::move(done), [self = a.shared_from_this(), changes = std::move(changes), options](auto done) mutable {
    alter_configs_now(*self, std::move(changes), options, std::move(done));
  });
}

}  // namespace admin_detail
}  // namespace kwire::client
