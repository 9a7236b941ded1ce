#include <kwire/config/admin_config.hpp>

#include <kwire/config/consumer_config.hpp>
#include <kwire/config/producer_config.hpp>

namespace kwire::client {
namespace {

using enum config_type;

const config_key admin[] = {
    {"default.api.timeout.ms", milliseconds, true, "60000", 0, int32_max, {},
     "limit of one admin call, retries included"},
};

}  // namespace

config_table admin_only_keys() { return admin; }

config_result parse_admin_config(const properties& in, admin_config& out) {
  config_values v;
  const config_def def{"admin", {common_keys(), admin_only_keys()}, "producer or consumer",
                       {producer_keys(), consumer_only_keys()}, java_admin};
  auto parsed = parse_config(def, in, v);  // its `ignored` is what a success returns
  if (!parsed) return parsed;
  if (auto res = to_cluster_config(v, out.cluster); !res) return res;
  out.default_api_timeout = v.ms("default.api.timeout.ms");
  // As the Java AdminClient: a default.api.timeout.ms below request.timeout.ms is an error when
  // the user set it, and raised to request.timeout.ms when it is the default.
  if (out.default_api_timeout < out.cluster.connection.request_timeout && !v.user_set("default.api.timeout.ms"))
    out.default_api_timeout = out.cluster.connection.request_timeout;
  if (out.default_api_timeout < out.cluster.connection.request_timeout)
    return config_error("default.api.timeout.ms", "= " + std::to_string(out.default_api_timeout.count()) +
                                                      " must be at least request.timeout.ms = " +
                                                      std::to_string(out.cluster.connection.request_timeout.count()));
  return parsed;
}

}  // namespace kwire::client
