#pragma once
// What the tests of the secured listeners share (secured_clients_test, oauth_clients_test):
// settings from `tools/broker env`, and the check that every client kind fails with a named
// cause within a bound.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/integration/consumer_support.hpp"

namespace kwire::test {

inline std::string required(const char* name) {
  const auto v = env_or_empty(name);
  if (v.empty()) ADD_FAILURE() << name << " is not set: `eval $(tools/broker env)` (tools/broker start makes it)";
  return v;
}

inline client::properties with(client::properties p, const client::properties& extra) {
  for (const auto& [k, v] : extra) p[k] = v;
  return p;
}

// What each client kind reports for one bad setting: the error's text (every kind must name
// `cause`) and how long it took (bounded: no hang, no retry loop hiding the cause).
inline void expect_every_client_fails(const client::properties& bad, const std::string& cause) {
  using clock = std::chrono::steady_clock;
  const auto bound = 30s;
  {
    const auto t0 = clock::now();
    auto r = attempt([&] {
      kwire::blocking_admin a(bad);
      a.start();
      return 0;
    });
    EXPECT_FALSE(r) << "admin: no error";
    EXPECT_NE(r.error.message().find(cause), std::string::npos) << "admin: " << r.error.message();
    EXPECT_LT(clock::now() - t0, bound) << "admin";
  }
  {
    const auto t0 = clock::now();
    client::blocking_producer p(bad);
    auto r = attempt([&] { return p.send("kwire-sec-never", "x").get(); });
    EXPECT_FALSE(r) << "producer: no error";
    EXPECT_NE(r.error.message().find(cause), std::string::npos) << "producer: " << r.error.message();
    EXPECT_LT(clock::now() - t0, bound) << "producer";
  }
  {
    const auto t0 = clock::now();
    client::blocking_consumer c(with(bad, {{"group.id", "kwire-sec-never"}}));
    c.subscribe({"kwire-sec-never"});
    auto r = attempt([&] { return c.poll(20s); });
    EXPECT_FALSE(r) << "consumer: no error";
    EXPECT_NE(r.error.message().find(cause), std::string::npos) << "consumer: " << r.error.message();
    EXPECT_LT(clock::now() - t0, bound) << "consumer";
  }
}

}  // namespace kwire::test
