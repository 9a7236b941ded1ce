#pragma once
// The admin client's settings, parsed from Java-named properties (see config.hpp for the common
// keys). Defaults are the Java 4.x AdminClient's.
//
// Admin keys: default.api.timeout.ms (how long one admin call may take, retries included; a
// call's own timeout overrides it).

#include <chrono>

#include <kwire/config/config.hpp>
#include <kwire/net/config.hpp>

namespace kwire::client {

struct admin_config {
  // Declared so that admin_config is no aggregate: blocking_admin({{"bootstrap.servers", "h:9092"}})
  // then means properties, not an admin_config built from two strings.
  admin_config() = default;
  net::cluster_config cluster;
  std::chrono::milliseconds default_api_timeout{60000};
};

// The admin client's own keys (without the common ones).
config_table admin_only_keys();
config_result parse_admin_config(const properties& in, admin_config& out);

}  // namespace kwire::client

namespace kwire {
using client::admin_config;
using client::parse_admin_config;
}  // namespace kwire
