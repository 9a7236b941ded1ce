#pragma once
// Conformance cases for the groups APIs (the groups family of protocol/message_catalog.hpp); see case.hpp.
//
// Requests that act on a group or a member (SyncGroup, Heartbeat, LeaveGroup, DescribeGroups,
// DeleteGroups, ConsumerGroupDescribe, StreamsGroupDescribe) get one first: a side connection
// joins a member to (or commits an offset for) a group of this run (env.prefix), so the exchanged
// request is answered without an error instead of UNKNOWN_MEMBER_ID / GROUP_ID_NOT_FOUND. Every
// version uses its own group, so no request waits for a rebalance. Members left behind expire
// with their session (6 s classic, the broker's default for KIP-848/KIP-1071 groups).
//
// The SASL cases need a hook the exchange does not call yet: see prepare() below.

#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include <kwire/group/consumer_protocol.hpp>
#include <kwire/net/blocking.hpp>
#include "tests/conformance/cases/case.hpp"
#include "tests/support/broker_env.hpp"

namespace kwire::conformance {
namespace groups_detail {

constexpr std::int32_t session_timeout_ms = 6000;
constexpr std::int32_t rebalance_timeout_ms = 6000;

// ConsumerProtocolSubscription v0 for one topic: what a classic consumer sends in JoinGroup.
inline bytes consumer_subscription(const std::string& topic) {
  client::group::consumer_protocol_subscription s;
  s.topics = {topic};
  bytes out;
  if (const auto r = client::group::encode(s, 0, out); !r) ADD_FAILURE() << r.detail;
  return out;
}

// ConsumerProtocolAssignment v0: every partition of one topic.
inline bytes consumer_assignment(const std::string& topic, std::int32_t partitions) {
  client::group::consumer_protocol_assignment a;
  a.assigned_partitions.push_back({topic, {}, {}});
  for (std::int32_t p = 0; p < partitions; ++p) a.assigned_partitions.back().partitions.push_back(p);
  bytes out;
  if (const auto r = client::group::encode(a, 0, out); !r) ADD_FAILURE() << r.detail;
  return out;
}

inline join_group_request classic_join(const std::string& group, const exchange_env& env) {
  join_group_request r;
  r.group_id = group;
  r.session_timeout_ms = session_timeout_ms;
  r.rebalance_timeout_ms = rebalance_timeout_ms;
  r.protocol_type = "consumer";
  r.protocols.push_back({"range", consumer_subscription(env.topic), {}});
  return r;
}

inline sync_group_request classic_sync(const std::string& group, const std::string& member_id, std::int32_t generation,
                                       const exchange_env& env) {
  sync_group_request r;
  r.group_id = group;
  r.generation_id = generation;
  r.member_id = member_id;
  r.protocol_type = "consumer";
  r.protocol_name = "range";
  r.assignments.push_back({member_id, consumer_assignment(env.topic, 3), {}});
  return r;
}

struct joined_member {
  std::string member_id;
  std::int32_t generation = -1;
};

inline bool side_connect(net::blocking_node& conn, const std::string& what) {
  const auto r = conn.connect(test::bootstrap(), "kwire-conformance");
  if (!r) ADD_FAILURE() << what << ": " << r.detail;
  return static_cast<bool>(r);
}

// A classic group of one member (the leader), joined on a side connection; `sync` also hands it
// its assignment so the group is Stable.
inline joined_member join_classic_group(const std::string& group, const exchange_env& env, bool sync) {
  net::blocking_node conn;
  if (!side_connect(conn, "joining " + group)) return {};
  auto req = classic_join(group, env);
  join_group_response joined;
  auto r = conn.request(req, joined);
  if (r && joined.error_code == static_cast<std::int16_t>(broker_errc::member_id_required)) {
    req.member_id = joined.member_id;  // v4+: the broker names the member first
    joined = {};
    r = conn.request(req, joined);
  }
  if (!r || joined.error_code != 0) {
    ADD_FAILURE() << "joining " << group << ": " << (r ? "error " + std::to_string(joined.error_code) : r.detail);
    return {};
  }
  joined_member m{joined.member_id, joined.generation_id};
  if (sync) {
    sync_group_response synced;
    r = conn.request(classic_sync(group, m.member_id, m.generation, env), synced);
    if (!r || synced.error_code != 0)
      ADD_FAILURE() << "syncing " << group << ": " << (r ? "error " + std::to_string(synced.error_code) : r.detail);
  }
  return m;
}

// A KIP-848 join: epoch 0, subscribed to the test topic, with a client-chosen member id (v0
// lets the broker choose when it is empty).
inline consumer_group_heartbeat_request consumer_join(const std::string& group, const std::string& member_id,
                                                      const exchange_env& env) {
  consumer_group_heartbeat_request r;
  r.group_id = group;
  r.member_id = member_id;
  r.member_epoch = 0;
  r.rebalance_timeout_ms = rebalance_timeout_ms;
  r.subscribed_topic_names = std::vector<std::string>{env.topic};
  r.server_assignor = "uniform";
  r.topic_partitions = std::vector<consumer_group_heartbeat_request::topic_partitions_entry>{};
  return r;
}

// A KIP-1071 join: epoch 0 with a one-subtopology topology reading the test topic.
inline streams_group_heartbeat_request streams_join(const std::string& group, const std::string& member_id,
                                                    const exchange_env& env) {
  using R = streams_group_heartbeat_request;
  R r;
  r.group_id = group;
  r.member_id = member_id;
  r.member_epoch = 0;
  r.rebalance_timeout_ms = rebalance_timeout_ms;
  R::subtopology sub;
  sub.subtopology_id = "0";
  sub.source_topics = {env.topic};
  r.topology = R::topology_entry{0, {sub}, {}};
  // Joining: no tasks owned yet, and the process (instance) this member belongs to.
  r.active_tasks = std::vector<R::task_ids>{};
  r.standby_tasks = std::vector<R::task_ids>{};
  r.warmup_tasks = std::vector<R::task_ids>{};
  r.process_id = env.prefix + "process";
  r.client_tags = std::vector<R::key_value>{};
  return r;
}

}  // namespace groups_detail

template <>
struct conformance_case<find_coordinator_request> {
  static find_coordinator_request request(std::int16_t version, const exchange_env& env) {
    find_coordinator_request r;
    const auto group = env.prefix + "fc" + std::to_string(version);
    if (version < 4) {
      r.key = group;
    } else {
      r.coordinator_keys = {group, group + "-b"};  // v4+: a batch of keys
    }
    r.key_type = 0;  // group
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<join_group_request> {
  static join_group_request request(std::int16_t version, const exchange_env& env) {
    const auto group = env.prefix + "jg" + std::to_string(version);
    auto r = groups_detail::classic_join(group, env);
    if (version < 1) r.rebalance_timeout_ms = -1;  // not in v0 (the session timeout is used)
    // v5+: a static member (KIP-345), which joins at once; v4 is a dynamic one.
    if (version >= 5) r.group_instance_id = group + "-instance";
    if (version >= 8) r.reason = "kwire conformance";
    return r;
  }
  static errs allowed_errors(std::int16_t version, const exchange_env&) {
    // v4: a new dynamic member with an empty member id is first told its id (KIP-394).
    if (version == 4) return {broker_errc::member_id_required};
    return {};
  }
};

template <>
struct conformance_case<sync_group_request> {
  static sync_group_request request(std::int16_t version, const exchange_env& env) {
    const auto group = env.prefix + "sg" + std::to_string(version);
    const auto m = groups_detail::join_classic_group(group, env, false);
    auto r = groups_detail::classic_sync(group, m.member_id, m.generation, env);
    if (version < 5) r.protocol_type = r.protocol_name = std::nullopt;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<heartbeat_request> {
  static heartbeat_request request(std::int16_t version, const exchange_env& env) {
    const auto group = env.prefix + "hb" + std::to_string(version);
    const auto m = groups_detail::join_classic_group(group, env, true);
    heartbeat_request r;
    r.group_id = group;
    r.generation_id = m.generation;
    r.member_id = m.member_id;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<leave_group_request> {
  static leave_group_request request(std::int16_t version, const exchange_env& env) {
    const auto group = env.prefix + "lg" + std::to_string(version);
    const auto m = groups_detail::join_classic_group(group, env, true);
    leave_group_request r;
    r.group_id = group;
    if (version < 3) {
      r.member_id = m.member_id;
    } else {
      r.members.push_back({m.member_id, std::nullopt, std::nullopt, {}});
      if (version >= 5) r.members.back().reason = "kwire conformance";
    }
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<describe_groups_request> {
  static describe_groups_request request(std::int16_t version, const exchange_env& env) {
    const auto group = env.prefix + "dg" + std::to_string(version);
    groups_detail::join_classic_group(group, env, true);
    describe_groups_request r;
    r.groups = {group, group + "-missing"};
    r.include_authorized_operations = version >= 3;
    return r;
  }
  static errs allowed_errors(std::int16_t version, const exchange_env&) {
    // v6+ (KIP-1043): the missing group is GROUP_ID_NOT_FOUND; before, it is "Dead" without error.
    if (version >= 6) return {broker_errc::group_id_not_found};
    return {};
  }
};

template <>
struct conformance_case<list_groups_request> {
  static list_groups_request request(std::int16_t version, const exchange_env&) {
    list_groups_request r;
    if (version >= 4) r.states_filter = {"Stable", "Empty"};
    if (version >= 5) r.types_filter = {"classic", "consumer"};
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<delete_groups_request> {
  static delete_groups_request request(std::int16_t version, const exchange_env& env) {
    // An Empty group that holds a committed offset (a simple-consumer commit made on the side),
    // which DeleteGroups removes; and a group that does not exist.
    const auto group = env.prefix + "del" + std::to_string(version);
    net::blocking_node conn;
    if (groups_detail::side_connect(conn, "committing for " + group)) {
      offset_commit_request commit;
      commit.group_id = group;
      commit.topics.push_back({env.topic, env.topic_id, {{0, 5, -1, -1, "", {}}}, {}});
      offset_commit_response committed;
      const auto r = conn.request(commit, committed);
      const bool ok = r && committed.topics.size() == 1 && committed.topics[0].partitions.size() == 1 &&
                      committed.topics[0].partitions[0].error_code == 0;
      if (!ok) ADD_FAILURE() << "committing for " << group << ": " << (r ? "no success" : r.detail);
    }
    delete_groups_request req;
    req.groups_names = {group, group + "-missing"};
    return req;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::group_id_not_found};  // the second group does not exist
  }
};

template <>
struct conformance_case<consumer_group_heartbeat_request> {
  static consumer_group_heartbeat_request request(std::int16_t version, const exchange_env& env) {
    // A real KIP-848 join; the member stays until its session times out (the group is this run's).
    // v0 lets the broker name the member; v1+ requires a member id chosen by the client.
    return groups_detail::consumer_join(env.prefix + "cgh" + std::to_string(version),
                                        version >= 1 ? env.prefix + "member-cgh" + std::to_string(version) : "", env);
  }
  static errs allowed_errors(std::int16_t, const exchange_env& env) {
    // Kafka 3.9 lists the API but, with the consumer rebalance protocol not enabled (its default:
    // group.version not finalized), answers UNSUPPORTED_VERSION.
    if (env.kafka3()) return {broker_errc::unsupported_version};
    return {};
  }
};

template <>
struct conformance_case<consumer_group_describe_request> {
  static consumer_group_describe_request request(std::int16_t version, const exchange_env& env) {
    const auto group = env.prefix + "cgd" + std::to_string(version);
    net::blocking_node conn;
    if (!env.kafka3() && groups_detail::side_connect(conn, "joining " + group)) {
      consumer_group_heartbeat_response joined;
      const auto r = conn.request(groups_detail::consumer_join(group, env.prefix + "member-" + group, env), joined);
      if (!r || joined.error_code != 0)
        ADD_FAILURE() << "joining " << group << ": " << (r ? "error " + std::to_string(joined.error_code) : r.detail);
    }
    consumer_group_describe_request req;
    req.group_ids = {group, group + "-missing"};
    req.include_authorized_operations = true;
    return req;
  }
  static errs allowed_errors(std::int16_t, const exchange_env& env) {
    // Kafka 3.9 without the consumer rebalance protocol enabled: UNSUPPORTED_VERSION per group.
    if (env.kafka3()) return {broker_errc::unsupported_version};
    return {broker_errc::group_id_not_found};  // the second group does not exist
  }
};

template <>
struct conformance_case<streams_group_heartbeat_request> {
  static streams_group_heartbeat_request request(std::int16_t version, const exchange_env& env) {
    // A real join (Kafka 4.3 serves streams groups; 3.9 does not list the API); the member stays
    // until its session times out (the group is this run's).
    return groups_detail::streams_join(env.prefix + "sgh" + std::to_string(version),
                                       env.prefix + "member-sgh" + std::to_string(version), env);
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<streams_group_describe_request> {
  static streams_group_describe_request request(std::int16_t version, const exchange_env& env) {
    const auto group = env.prefix + "sgd" + std::to_string(version);
    net::blocking_node conn;
    if (groups_detail::side_connect(conn, "joining " + group)) {
      streams_group_heartbeat_response joined;
      const auto r = conn.request(groups_detail::streams_join(group, env.prefix + "member-" + group, env), joined);
      if (!r || joined.error_code != 0)
        ADD_FAILURE() << "joining " << group << ": " << (r ? "error " + std::to_string(joined.error_code) : r.detail);
    }
    streams_group_describe_request req;
    req.group_ids = {group, group + "-missing"};
    req.include_authorized_operations = true;
    req.include_topology_description = version >= 1;  // v1 (KIP-1331): status NOT_STORED here
    return req;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::group_id_not_found};  // the second group does not exist
  }
};

template <>
struct conformance_case<streams_group_topology_description_update_request> {
  // Kafka 4.4 (KIP-1331): a member that joined a streams group with StreamsGroupHeartbeat sends the
  // description of its one-subtopology topology (a source node reading the test topic and a sink).
  static streams_group_topology_description_update_request request(std::int16_t, const exchange_env& env) {
    const auto group = env.prefix + "sgtdu";
    const auto member = env.prefix + "member-" + group;
    net::blocking_node conn;
    if (groups_detail::side_connect(conn, "joining " + group)) {
      streams_group_heartbeat_response joined;
      const auto r = conn.request(groups_detail::streams_join(group, member, env), joined);
      if (!r || joined.error_code != 0)
        ADD_FAILURE() << "joining " << group << ": " << (r ? "error " + std::to_string(joined.error_code) : r.detail);
    }
    using namespace streams_topology;
    node_description source;
    source.name = "KSTREAM-SOURCE-0000000000";
    source.node_type = 1;
    source.source_topics = {env.topic};
    source.successors = {"KSTREAM-SINK-0000000001"};
    node_description sink;
    sink.name = "KSTREAM-SINK-0000000001";
    sink.node_type = 3;
    sink.sink_topic = env.prefix + "out";
    streams_group_topology_description_update_request req;
    req.group_id = group;
    req.member_id = member;
    req.topology_epoch = 0;  // the epoch streams_join's topology carries
    req.description.subtopologies.push_back({"0", {source, sink}, {}});
    return req;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

// SASL runs on the SASL listener, where the connection's state decides what it may carry next:
// after ApiVersions only SaslHandshake; after a successful SaslHandshake v0 raw SASL tokens (no
// Kafka framing), after v1 only SaslAuthenticate; a failed handshake or authentication closes the
// connection. So no two versions can share a connection, and SaslAuthenticate needs a handshake
// v1 before it. `prepare(conn, version, env)` is that step: the exchange must run it on a fresh
// connection before each version of a case that declares it (and fail the version if it fails).

namespace groups_detail {

// One SASL connection step done by prepare(): SaslHandshake v1 for `mechanism`.
inline codec_result sasl_handshake_v1(net::blocking_node& conn, const std::string& mechanism) {
  sasl_handshake_response resp;
  auto r = conn.request(sasl_handshake_request{mechanism, {}}, 1, resp);
  if (r && resp.error_code != 0)
    return {static_cast<broker_errc>(resp.error_code), "SaslHandshake v1 " + mechanism + ": error " +
                                                           std::to_string(resp.error_code)};
  return r;
}

// RFC 5802 saslname: ',' and '=' escaped.
inline std::string scram_name(const std::string& user) {
  std::string out;
  for (char c : user) out += c == ',' ? "=2C" : c == '=' ? "=3D" : std::string(1, c);
  return out;
}

}  // namespace groups_detail

template <>
struct conformance_case<sasl_handshake_request> {
  static constexpr const char* listener = "sasl";
  // Each version on its own connection: nothing to do before the handshake itself.
  static codec_result prepare(net::blocking_node&, std::int16_t, const exchange_env&) { return {}; }
  static sasl_handshake_request request(std::int16_t version, const exchange_env&) {
    // Two of the listener's mechanisms (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512).
    return {version == 0 ? "PLAIN" : "SCRAM-SHA-256", {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<sasl_authenticate_request> {
  static constexpr const char* listener = "sasl";
  // v0 carries the first SCRAM-SHA-256 message (the answer holds the server's first message in
  // AuthBytes); v1+ a whole PLAIN authentication (the answer: empty AuthBytes, SessionLifetimeMs).
  static std::string mechanism(std::int16_t version) { return version == 0 ? "SCRAM-SHA-256" : "PLAIN"; }
  static codec_result prepare(net::blocking_node& conn, std::int16_t version, const exchange_env&) {
    return groups_detail::sasl_handshake_v1(conn, mechanism(version));
  }
  static sasl_authenticate_request request(std::int16_t version, const exchange_env& env) {
    const std::string token = mechanism(version) == "PLAIN"
                                  ? std::string(1, '\0') + env.sasl_user + std::string(1, '\0') + env.sasl_password
                                  : "n,,n=" + groups_detail::scram_name(env.sasl_user) + ",r=" + env.prefix + "nonce";
    sasl_authenticate_request r;
    r.auth_bytes.assign(token.begin(), token.end());
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

}  // namespace kwire::conformance
