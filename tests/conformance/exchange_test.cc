// Conformance against the real broker: every declared API at every version both kwire and the
// broker support is exchanged with a valid request (tests/conformance/cases/), the whole answer
// is decoded with nothing left over, and every error code in it must be one that request should
// get. The table of what was exchanged is printed, and appended to $KWIRE_COVERAGE_OUT (lines
// "exchanged|refused key version kafka-version") for docs/protocol-coverage.md.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include <kwire/net/blocking.hpp>
#include <kwire/protocol/versions.hpp>
#include "tests/conformance/cases/all.hpp"
#include "tests/support/broker_env.hpp"

namespace kwire::conformance {
namespace {

// Every non-zero ErrorCode in an answer, with its path.
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

std::string bootstrap_for(std::string_view listener) {
  if (listener == "sasl") return test::env_or_empty("KWIRE_BOOTSTRAP_SASL");
  return test::bootstrap();
}

struct row {
  std::string broker_range = "not offered";
  std::set<int> exchanged, refused;
};

std::map<int, row>& table() {
  static std::map<int, row> t;
  return t;
}

// A fresh broker is not ready for every case at once: the group coordinator comes up only
// after a first FindCoordinator creates __consumer_offsets (until then group requests answer
// NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE), and partitions 1 and 2 of a new topic may still
// answer NOT_LEADER_OR_FOLLOWER after partition 0 has its leader. Cases may count on both.
void wait_until_ready(net::blocking_node& conn, const exchange_env& env) {
  const auto fc_version = choose_version(api_key::find_coordinator, conn.broker_versions()).version;
  EXPECT_TRUE(retry(15, [&] {
    find_coordinator_request req;
    if (fc_version >= 4) req.coordinator_keys = {env.prefix + "ready"};
    else req.key = env.prefix + "ready";
    find_coordinator_response resp;
    if (!conn.request(req, fc_version, resp)) return false;
    return (fc_version >= 4 ? (resp.coordinators.empty() ? -1 : resp.coordinators[0].error_code)
                            : resp.error_code) == 0;
  })) << "the group coordinator did not become available within 15 s";
  EXPECT_TRUE(retry(15, [&] {
    list_offsets_request req;
    req.replica_id = -1;
    req.topics.push_back({env.topic, {{0, -1, -1, 1, {}}, {1, -1, -1, 1, {}}, {2, -1, -1, 1, {}}}, {}});
    list_offsets_response resp;
    if (!conn.request(req, resp) || resp.topics.empty()) return false;
    for (const auto& p : resp.topics[0].partitions)
      if (p.error_code != 0) return false;
    return true;
  })) << "partitions of " << env.topic << " did not all get a leader within 15 s";
}

// The topic every case may read: 3 partitions, 10 records in partition 0.
exchange_env make_env() {
  exchange_env env;
  env.kafka_version = test::kafka_version();
  env.prefix = "kwire-conf-" + std::to_string(::getpid()) + "-";
  env.topic = env.prefix + "topic";
  env.sasl_user = test::env_or_empty("KWIRE_SASL_USER");
  env.sasl_password = test::env_or_empty("KWIRE_SASL_PASSWORD");
  net::blocking_node conn;
  auto r = conn.connect(test::bootstrap(), "kwire-conformance");
  EXPECT_TRUE(r) << r.detail;
  if (!r) return env;

  create_topics_request create;
  create.topics.push_back({env.topic, 3, 1, {}, {}, {}});
  create_topics_response created;
  r = conn.request(create, created);
  EXPECT_TRUE(r) << r.detail;
  EXPECT_TRUE(r && created.topics.size() == 1 && created.topics[0].error_code == 0) << "creating " << env.topic;

  // The leader may need a moment: read the topic id and wait until partition 0 has a leader.
  metadata_response meta;
  retry(10, [&] {
    metadata_request md;
    md.topics->push_back({{}, env.topic, {}});
    md.allow_auto_topic_creation = false;
    r = conn.request(md, meta);
    EXPECT_TRUE(r) << r.detail;
    return !r || (!meta.topics.empty() && meta.topics[0].error_code == 0 && !meta.topics[0].partitions.empty() &&
                  meta.topics[0].partitions[0].leader_id >= 0);
  });
  if (!r) return env;
  if (!meta.topics.empty()) env.topic_id = meta.topics[0].topic_id;
  env.cluster_id = meta.cluster_id.value_or("");

  record_batch batch;
  batch.first_timestamp = batch.max_timestamp = 1700000000000;
  for (int i = 0; i < 10; ++i)
    batch.records.push_back({i, batch.first_timestamp, bytes{'k'}, bytes{'v', static_cast<std::uint8_t>('0' + i)}, {}});
  batch.last_offset_delta = 9;
  const auto version = choose_version(api_key::produce, conn.broker_versions()).version;
  produce_request produce;
  produce.acks = -1;
  produce.timeout_ms = 10000;
  produce.topic_data.push_back({version >= 13 ? "" : env.topic, version >= 13 ? env.topic_id : uuid{},
                                {{0, record_bytes{}, {}}}, {}});
  EXPECT_TRUE(encode_batch(batch, produce.topic_data[0].partition_data[0].records->data));
  retry(5, [&] {
    produce_response produced;
    r = conn.request(produce, version, produced);
    EXPECT_TRUE(r) << r.detail;
    if (!r || produced.responses.empty() || produced.responses[0].partition_responses.empty()) return true;
    const auto code = produced.responses[0].partition_responses[0].error_code;
    if (code == 0) return true;
    EXPECT_TRUE(is_retriable(static_cast<broker_errc>(code))) << "producing: error " << code;
    return false;
  });
  for (const auto& b : meta.brokers)
    if (conn.server() == b.host + ":" + std::to_string(b.port)) env.node_id = b.node_id;
  env.broker_versions = conn.broker_versions();
  wait_until_ready(conn, env);
  return env;
}

const exchange_env& env() {
  static const exchange_env e = make_env();
  return e;
}

// KWIRE_CONFORMANCE_ONLY="0,1,3" limits a run to some keys (for working on their cases).
bool selected(api_key key) {
  const auto only = test::env_or_empty("KWIRE_CONFORMANCE_ONLY");
  if (only.empty()) return true;
  return ("," + only + ",").find("," + std::to_string(static_cast<int>(key)) + ",") != std::string::npos;
}

template <class Req, class Resp>
void exchange_all_versions() {
  using C = conformance_case<Req>;
  const std::string name(Req::schema_name);
  if (!selected(Req::api)) return;
  if constexpr (!requires { C::request(std::int16_t{}, env()); }) {
    ADD_FAILURE() << "no conformance case for " << name;
  } else {
    std::string listener = "plaintext";
    if constexpr (requires { C::listener; }) listener = C::listener;
    net::blocking_node conn;
    // Opened lazily: on the SASL listener the first request must be the SaslHandshake.
    auto r = conn.open(bootstrap_for(listener), "kwire-conformance");
    ASSERT_TRUE(r) << name << ": " << r.detail;
    const auto key = static_cast<int>(Req::api);
    auto& out = table()[key];
    const auto* theirs = broker_range(env().broker_versions, Req::api);
    if (!theirs) return;
    out.broker_range = std::to_string(theirs->min_version) + "-" + std::to_string(theirs->max_version);
    const auto ours = info(Req::api).supported;
    for (auto v = std::max(ours.lo, theirs->min_version); v <= std::min(ours.hi, theirs->max_version); ++v) {
      SCOPED_TRACE(name + " v" + std::to_string(v) + " on " + listener);
      bool refused = false;
      if constexpr (requires { C::refused(v, env()); }) refused = C::refused(v, env());
      if constexpr (requires(net::blocking_node& c) { C::prepare(c, v, env()); }) {
        // A case with prepare() runs every version on a fresh connection, after its prepare step
        // (e.g. SaslAuthenticate needs a SaslHandshake first, and a handshake changes what the
        // connection accepts next).
        ASSERT_TRUE(conn.open(bootstrap_for(listener), "kwire-conformance"));
        if (auto p = C::prepare(conn, v, env()); !p) {
          ADD_FAILURE() << "preparing the connection: " << p.detail;
          continue;
        }
      }
      Resp resp;
      r = conn.request(C::request(v, env()), v, resp);
      if (refused) {
        EXPECT_FALSE(r) << "the broker answered a version it is expected to refuse";
        out.refused.insert(v);
        ASSERT_TRUE(conn.open(bootstrap_for(listener), "kwire-conformance"));
        continue;
      }
      if (!r) {
        ADD_FAILURE() << r.detail;
        ASSERT_TRUE(conn.open(bootstrap_for(listener), "kwire-conformance"));
        continue;
      }
      std::vector<std::pair<std::string, int>> errors;
      collect_errors(resp, "", errors);
      const auto allowed = C::allowed_errors(v, env());
      bool ok = true;
      for (const auto& [path, code] : errors) {
        if (allowed.count(static_cast<broker_errc>(code))) continue;
        ok = false;
        ADD_FAILURE() << path << " = " << code << " " << error_name(static_cast<broker_errc>(code))
                      << ", which this request should not get";
      }
      if (ok) out.exchanged.insert(v);
    }
  }
}

TEST(exchange, every_declared_api_at_every_shared_version) {
  ASSERT_FALSE(env().topic_id.is_zero()) << "setting up " << env().topic << " failed";
  std::apply(
      [&](auto... pair) {
        (exchange_all_versions<typename decltype(pair)::request, typename decltype(pair)::response>(), ...);
      },
      all_messages{});

  std::ofstream coverage;
  if (const char* path = std::getenv("KWIRE_COVERAGE_OUT"); path && *path) coverage.open(path, std::ios::app);
  std::printf("%4s  %-30s %-8s %-12s %s\n", "key", "api", "kwire", "broker", "exchanged");
  int total = 0;
  for (const auto& [key, o] : table()) {
    const auto& facts = info(static_cast<api_key>(key));
    std::string list;
    for (int v : o.exchanged) list += (list.empty() ? "v" : ",v") + std::to_string(v);
    for (int v : o.refused) list += " (v" + std::to_string(v) + " refused by design)";
    std::printf("%4d  %-30s %2d-%-5d %-12s %s\n", key, std::string(facts.name).c_str(), facts.supported.lo,
                facts.supported.hi, o.broker_range.c_str(), list.empty() ? "-" : list.c_str());
    total += static_cast<int>(o.exchanged.size());
    for (int v : o.exchanged) coverage << "exchanged " << key << " " << v << " " << env().kafka_version << "\n";
    for (int v : o.refused) coverage << "refused " << key << " " << v << " " << env().kafka_version << "\n";
  }
  std::printf("%d key/version pairs exchanged with Kafka %s\n", total, env().kafka_version.c_str());
  EXPECT_GT(total, 0);
}

}  // namespace
}  // namespace kwire::conformance
