// Conformance against the real broker: every declared API at every version both kwire and the
// broker support is exchanged, and the whole response is decoded with nothing left over.
// Requests are Kafka's defaults (empty lists, no ids): valid, harmless requests every broker
// answers. The table of what was exchanged is printed, and written to
// $KWIRE_COVERAGE_OUT (one line per key/version) for docs/protocol-coverage.md.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "net/blocking_connection.hpp"
#include "protocol/broker_errc.hpp"
#include "protocol/messages.hpp"
#include "tests/support/broker_env.hpp"

namespace kwire {
namespace {

using namespace protocol;

// Every ErrorCode in a response, with its path, for the report.
template <class T>
void collect_errors(const T& v, const std::string& path, std::vector<std::pair<std::string, int>>& out) {
  if constexpr (declared_struct<T>) {
    std::apply(
        [&](const auto&... f) {
          (
              [&] {
                using M = typename std::remove_cvref_t<decltype(f)>::value_type;
                const auto& value = v.*f.member;
                const auto here = path.empty() ? std::string(f.name) : path + "." + std::string(f.name);
                if constexpr (std::is_same_v<M, std::int16_t>) {
                  if (f.name == "ErrorCode" && value != 0) out.emplace_back(here, value);
                } else {
                  collect_errors(value, here, out);
                }
              }(),
              ...);
        },
        T::fields());
  } else if constexpr (is_optional<T>::value) {
    if (v) collect_errors(*v, path, out);
  } else if constexpr (is_vector<T>::value) {
    for (const auto& e : v) collect_errors(e, path, out);
  }
}

// APIs whose exchange needs more than a default request on a plain connection: SASL is
// exchanged on the SASL listener by its own test below.
bool needs_own_test(api_key key) { return key == api_key::sasl_handshake || key == api_key::sasl_authenticate; }

// The request sent for an API: Kafka's defaults, except where a default is not a valid
// request (ApiVersions needs a software name; Produce with acks=0 gets no answer at all).
template <class Req>
Req conformance_request() {
  Req r{};
  if constexpr (std::is_same_v<Req, api_versions_request>) {
    r.client_software_name = "kwire-conformance";
    r.client_software_version = "0.1.0";
  }
  if constexpr (requires { r.acks; r.timeout_ms; }) {
    r.acks = -1;
    r.timeout_ms = 5000;
  }
  return r;
}

// Kafka 4 still lists Produce v0-v2 in ApiVersions (so old clients get a clear error) but closes
// the connection on them (KIP-896); 3.9 accepts them.
bool broker_refuses(api_key key, std::int16_t version) {
  return key == api_key::produce && version <= 2 && !test::kafka_version().starts_with("3.");
}

struct outcome {
  std::set<int> exchanged;
  std::map<int, std::string> failures;
};

class exchange : public ::testing::Test {
 protected:
  static void TearDownTestSuite() {
    std::printf("%4s  %-30s %-10s %-10s %s\n", "key", "api", "kwire", "broker", "exchanged");
    std::ofstream out;
    if (const char* path = std::getenv("KWIRE_COVERAGE_OUT"); path && *path) out.open(path, std::ios::app);
    for (const auto& [key, o] : results()) {
      const auto& facts = info(static_cast<api_key>(key));
      std::string list;
      for (int v : o.exchanged) list += (list.empty() ? "v" : ",v") + std::to_string(v);
      std::printf("%4d  %-30s %d-%-8d %-10s %s\n", key, std::string(facts.name).c_str(), facts.supported.lo,
                  facts.supported.hi, broker_ranges()[key].c_str(), list.empty() ? "-" : list.c_str());
      if (out)
        for (int v : o.exchanged) out << key << " " << v << " " << test::kafka_version() << "\n";
    }
  }
  static std::map<int, outcome>& results() {
    static std::map<int, outcome> r;
    return r;
  }
  static std::map<int, std::string>& broker_ranges() {
    static std::map<int, std::string> r;
    return r;
  }
};

template <class Req, class Resp>
void exchange_all_versions(std::map<int, outcome>& results, std::map<int, std::string>& ranges) {
  if (needs_own_test(Req::api)) return;
  net::blocking_connection conn;
  auto r = conn.connect(test::bootstrap(), "kwire-conformance");
  ASSERT_TRUE(r) << r.detail;
  const auto key = static_cast<int>(Req::api);
  const auto* theirs = broker_range(conn.broker_versions(), Req::api);
  if (!theirs) {
    ranges[key] = "not offered";
    results[key];
    return;
  }
  ranges[key] = std::to_string(theirs->min_version) + "-" + std::to_string(theirs->max_version);
  const auto ours = info(Req::api).supported;
  for (auto v = std::max(ours.lo, theirs->min_version); v <= std::min(ours.hi, theirs->max_version); ++v) {
    SCOPED_TRACE(std::string(Req::schema_name) + " v" + std::to_string(v));
    Resp resp;
    r = conn.request(conformance_request<Req>(), v, resp);
    if (broker_refuses(Req::api, v)) {
      EXPECT_FALSE(r) << "the broker answered a version it was expected to refuse";
      ASSERT_TRUE(conn.connect(test::bootstrap(), "kwire-conformance"));
      continue;
    }
    if (!r) {
      results[key].failures[v] = r.detail;
      ADD_FAILURE() << r.detail;
      // A broker that closes the connection on a bad request: start afresh for the next version.
      ASSERT_TRUE(conn.connect(test::bootstrap(), "kwire-conformance"));
      continue;
    }
    std::vector<std::pair<std::string, int>> errors;
    collect_errors(resp, "", errors);
    for (const auto& [path, code] : errors)
      std::printf("  %s v%d: %s = %d %s\n", std::string(Req::schema_name).c_str(), v, path.c_str(), code,
                  std::string(error_name(static_cast<broker_errc>(code))).c_str());
    results[key].exchanged.insert(v);
  }
}

TEST_F(exchange, every_declared_api_at_every_shared_version) {
  std::apply(
      [&](auto... pair) {
        (exchange_all_versions<typename decltype(pair)::request, typename decltype(pair)::response>(
             results(), broker_ranges()),
         ...);
      },
      all_messages{});
  int total = 0;
  for (const auto& [key, o] : results()) total += static_cast<int>(o.exchanged.size());
  EXPECT_GT(total, 0);
}

}  // namespace
}  // namespace kwire
