#pragma once
// Conformance cases for the txn_share APIs (the txn_share family of protocol/message_catalog.hpp); see case.hpp.
//
// Most requests here only make sense against state: a transaction to add partitions to, a share
// group with members. That state is set up over a connection of its own (txn_share_detail::side)
// just before the request is built, with resources named from env.prefix, so every case also
// works when run alone (KWIRE_CONFORMANCE_ONLY). Transactions write their markers to a topic of
// their own (prefix + "txn-topic"), never to env.topic, whose offsets other cases rely on.

#include <unistd.h>

#include <set>
#include <string>

#include <kwire/net/blocking.hpp>
#include "tests/conformance/cases/case.hpp"
#include "tests/support/broker_env.hpp"

namespace kwire::conformance {
namespace txn_share_detail {

// Kafka's text form of a uuid (Uuid.toString): unpadded base64url.
inline std::string uuid_text(const uuid& u) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (auto b : u.bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += alphabet[(acc << (6 - bits)) & 63];
  return out;
}

// A member id as a Kafka client makes one (a random uuid in text form), the same for the same
// name within one run.
inline std::string member_id(const exchange_env& env, const std::string& name) {
  const auto h1 = std::hash<std::string>{}(env.prefix + name);
  const auto h2 = std::hash<std::string>{}(name + env.prefix + "#");
  uuid u;
  for (int i = 0; i < 8; ++i) {
    u.bytes[i] = static_cast<std::uint8_t>(h1 >> (8 * i));
    u.bytes[8 + i] = static_cast<std::uint8_t>(h2 >> (8 * i));
  }
  return uuid_text(u);
}

// The connection that sets up state; reconnects once if the broker closed it.
inline net::blocking_node& side() {
  static net::blocking_node conn;
  static bool connected = false;
  if (!connected) connected = static_cast<bool>(conn.connect(test::bootstrap(), "kwire-conformance-setup"));
  return conn;
}

template <class Req, class Resp>
bool call(const Req& req, Resp& resp, std::optional<std::int16_t> version = std::nullopt) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    resp = Resp{};
    auto& c = side();
    const auto r = version ? c.request(req, *version, resp) : c.request(req, resp);
    if (r) return true;
    c.connect(test::bootstrap(), "kwire-conformance-setup");
  }
  return false;
}


inline void find_coordinator(std::int8_t key_type, const std::string& key) {
  retry(20, [&] {
    find_coordinator_request req;
    req.key_type = key_type;
    req.coordinator_keys = {key};
    find_coordinator_response resp;
    return call(req, resp) && resp.coordinators.size() == 1 && resp.coordinators[0].error_code == 0;
  });
}

// ---- transactions ----

inline std::string txn_topic(const exchange_env& env) { return env.prefix + "txn-topic"; }
inline std::string txn_group(const exchange_env& env) { return env.prefix + "txn-group"; }

// The topic for transactional partitions exists and the transaction and group coordinators
// answer (the first FindCoordinator creates __transaction_state).
inline void txn_ready(const exchange_env& env) {
  static const bool done = [&] {
    create_topics_request create;
    create.topics.push_back({txn_topic(env), 3, 1, {}, {}, {}});
    create_topics_response created;
    call(create, created);
    retry(20, [&] {
      metadata_request md;
      md.topics->push_back({{}, txn_topic(env), {}});
      md.allow_auto_topic_creation = false;
      metadata_response meta;
      if (!call(md, meta) || meta.topics.size() != 1 || meta.topics[0].error_code != 0) return false;
      for (const auto& p : meta.topics[0].partitions)
        if (p.leader_id < 0) return false;
      return meta.topics[0].partitions.size() == 3;
    });
    find_coordinator(1, env.prefix + "txn");
    find_coordinator(0, txn_group(env));
    return true;
  }();
  (void)done;
}

struct producer {
  std::int64_t id = -1;
  std::int16_t epoch = -1;
};

// A transactional producer for `transactional_id` (InitProducerId at the highest version).
inline producer init_txn(const exchange_env& env, const std::string& transactional_id) {
  txn_ready(env);
  producer p;
  retry(20, [&] {
    init_producer_id_request req;
    req.transactional_id = transactional_id;
    req.transaction_timeout_ms = 60000;
    init_producer_id_response resp;
    if (!call(req, resp)) return false;
    if (resp.error_code != 0) return false;  // e.g. COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS
    p = {resp.producer_id, resp.producer_epoch};
    return true;
  });
  return p;
}

// Starts the transaction by adding txn-topic partition 0 (AddPartitionsToTxn v3, as a client).
inline void add_partition(const exchange_env& env, const std::string& transactional_id, const producer& p) {
  retry(20, [&] {
    add_partitions_to_txn_request req;
    req.v3_and_below_transactional_id = transactional_id;
    req.v3_and_below_producer_id = p.id;
    req.v3_and_below_producer_epoch = p.epoch;
    req.v3_and_below_topics.push_back({txn_topic(env), {0}, {}});
    add_partitions_to_txn_response resp;
    if (!call(req, resp, 3)) return false;
    for (const auto& t : resp.results_by_topic_v3_and_below)
      for (const auto& r : t.results_by_partition)
        if (r.partition_error_code != 0) return false;
    return true;
  });
}

inline void add_offsets(const exchange_env& env, const std::string& transactional_id, const producer& p) {
  retry(20, [&] {
    add_offsets_to_txn_request req{transactional_id, p.id, p.epoch, txn_group(env), {}};
    add_offsets_to_txn_response resp;
    return call(req, resp) && resp.error_code == 0;
  });
}

// ---- share groups ----

inline std::string share_group(const exchange_env& env) { return env.prefix + "share"; }
inline std::string idle_share_group(const exchange_env& env) { return env.prefix + "share-idle"; }
inline std::string state_group(const exchange_env& env) { return env.prefix + "state"; }

// One heartbeat (epoch 0 joins, -1 leaves); false on failure.
inline bool share_heartbeat(const exchange_env& env, const std::string& group, const std::string& member,
                            std::int32_t epoch, share_group_heartbeat_response& resp) {
  share_group_heartbeat_request req;
  req.group_id = group;
  req.member_id = member;
  req.member_epoch = epoch;
  if (epoch == 0) req.subscribed_topic_names = std::vector<std::string>{env.topic};
  return call(req, resp) && resp.error_code == 0;
}

// The share group reads env.topic from the earliest offset (a group config of our own group)
// and its coordinators answer (the first share FindCoordinator creates __share_group_state).
inline void share_group_ready(const exchange_env& env, const std::string& group) {
  static std::set<std::string> ready;
  if (!ready.insert(group).second) return;
  incremental_alter_configs_request alter;
  alter.resources.push_back({32 /* GROUP */, group, {{"share.auto.offset.reset", 0, "earliest", {}}}, {}});
  incremental_alter_configs_response altered;
  call(alter, altered);
  find_coordinator(0, group);
  find_coordinator(2, group + ":" + uuid_text(env.topic_id) + ":0");
}

// A member of `group`, joined once per name, once it has its assignment (with partition 0 of
// env.topic if `partition0`: for a member alone in its group, which gets every partition).
inline std::string share_member(const exchange_env& env, const std::string& group, const std::string& name,
                                bool partition0 = false) {
  share_group_ready(env, group);
  static std::set<std::string> joined;
  const auto id = member_id(env, name);
  if (!joined.insert(group + "/" + name).second) return id;
  std::int32_t epoch = 0;
  retry(20, [&] {
    share_group_heartbeat_response resp;
    if (!share_heartbeat(env, group, id, epoch, resp)) return false;
    epoch = resp.member_epoch;
    if (!resp.assignment) return false;
    if (!partition0) return true;
    for (const auto& t : resp.assignment->topic_partitions)
      for (auto p : t.partitions)
        if (t.topic_id == env.topic_id && p == 0) return true;
    return false;
  });
  return id;
}

// A ShareFetch of env.topic partition 0 on the side connection; the records it acquired.
inline std::vector<share_fetch_response::acquired_records_entry> side_share_fetch(
    const exchange_env& env, const std::string& group, const std::string& member, std::int32_t session_epoch) {
  share_fetch_request f;
  f.group_id = group;
  f.member_id = member;
  f.share_session_epoch = session_epoch;
  f.max_wait_ms = 500;
  f.min_bytes = 1;
  f.max_bytes = 1 << 20;
  f.max_records = 10;
  f.batch_size = 10;
  f.topics.push_back({env.topic_id, {{0, 0, {}, {}}}, {}});
  share_fetch_response resp;
  std::vector<share_fetch_response::acquired_records_entry> acquired;
  if (!call(f, resp)) return acquired;
  for (const auto& t : resp.responses)
    for (const auto& p : t.partitions)
      if (p.partition_index == 0) acquired = p.acquired_records;
  return acquired;
}

// The broker loads a share-partition (its state from the share coordinator) on the first
// fetch, which until then answers without records. So that the fetches of the cases get
// records: a member of `group` fetches until it acquires env.topic's records, releases them,
// closes its session and leaves the group (so the next member gets every partition).
inline void share_partition_loaded(const exchange_env& env, const std::string& group) {
  static std::set<std::string> loaded;
  if (!loaded.insert(group).second) return;
  const auto member = share_member(env, group, "warm-up", true);
  std::int32_t epoch = 0;
  std::vector<share_fetch_response::acquired_records_entry> acquired;
  retry(20, [&] {
    acquired = side_share_fetch(env, group, member, epoch++);
    return !acquired.empty();
  });
  share_acknowledge_request release;
  release.group_id = group;
  release.member_id = member;
  release.share_session_epoch = -1;  // the last request of the session
  share_acknowledge_request::acknowledge_partition part;
  part.partition_index = 0;
  for (const auto& a : acquired) part.acknowledgement_batches.push_back({a.first_offset, a.last_offset, {2 /* release */}, {}});
  release.topics.push_back({env.topic_id, {part}, {}});
  share_acknowledge_response released;
  call(release, released);
  share_group_heartbeat_response left;
  share_heartbeat(env, group, member, -1, left);
}

// An empty share group with state for env.topic (its warm-up member read partition 0 and left),
// for the offset admin APIs, which only take groups without members.
inline void idle_group_ready(const exchange_env& env) { share_partition_loaded(env, idle_share_group(env)); }

// Persisted share-partition state (share coordinator) for state_group, partitions 0 and 1 of
// env.topic, state epoch 0, start offset 0. Only the state APIs read it: no share group of
// that name exists.
inline void state_ready(const exchange_env& env) {
  static const bool done = [&] {
    find_coordinator(2, state_group(env) + ":" + uuid_text(env.topic_id) + ":0");
    find_coordinator(2, state_group(env) + ":" + uuid_text(env.topic_id) + ":1");
    retry(20, [&] {
      initialize_share_group_state_request req;
      req.group_id = state_group(env);
      req.topics.push_back({env.topic_id, {{0, 0, 0, {}}, {1, 0, 0, {}}}, {}});
      initialize_share_group_state_response resp;
      if (!call(req, resp)) return false;
      for (const auto& t : resp.results)
        for (const auto& p : t.partitions)
          if (p.error_code != 0) return false;
      return true;
    });
    return true;
  }();
  (void)done;
}

}  // namespace txn_share_detail

// ---------------------------------------------------------------------------------------------
// Transactions

template <>
struct conformance_case<init_producer_id_request> {
  static init_producer_id_request request(std::int16_t, const exchange_env&) {
    // A fresh KRaft broker hands out producer ids from blocks it asks the controller for; until
    // the first block arrives it answers COORDINATOR_LOAD_IN_PROGRESS (clients retry). Wait for
    // that once on the side connection.
    static const bool warm = [] {
      retry(20, [] {
        init_producer_id_request req;
        req.transactional_id = std::nullopt;
        init_producer_id_response resp;
        return txn_share_detail::call(req, resp) && resp.error_code == 0;
      });
      return true;
    }();
    (void)warm;
    init_producer_id_request r;
    r.transactional_id = std::nullopt;  // an idempotent producer: a fresh producer id
    r.transaction_timeout_ms = 60000;
    return r;  // v3+: producer id/epoch -1 (no earlier id to bump)
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<add_partitions_to_txn_request> {
  // A fresh transaction per version: InitProducerId, then this request adds txn-topic
  // partitions 0 and 1. v4+ is the broker-to-coordinator batch form; without an authorizer
  // the broker takes it from a client too. (v4+ with no transactions is never answered: the
  // broker answers once every listed transaction has a result.)
  static add_partitions_to_txn_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    const auto id = env.prefix + "txn-add-" + std::to_string(version);
    const auto p = init_txn(env, id);
    add_partitions_to_txn_request r;
    if (version >= 4) {
      r.transactions.push_back({id, p.id, p.epoch, false, {{txn_topic(env), {0, 1}, {}}}, {}});
    } else {
      r.v3_and_below_transactional_id = id;
      r.v3_and_below_producer_id = p.id;
      r.v3_and_below_producer_epoch = p.epoch;
      r.v3_and_below_topics.push_back({txn_topic(env), {0, 1}, {}});
    }
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<add_offsets_to_txn_request> {
  // Adds txn-group's offsets to a fresh transaction.
  static add_offsets_to_txn_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    const auto id = env.prefix + "txn-offsets-" + std::to_string(version);
    const auto p = init_txn(env, id);
    return {id, p.id, p.epoch, txn_group(env), {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<end_txn_request> {
  // Commits a transaction that holds txn-topic partition 0.
  static end_txn_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    const auto id = env.prefix + "txn-end-" + std::to_string(version);
    const auto p = init_txn(env, id);
    add_partition(env, id, p);
    return {id, p.id, p.epoch, true, {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<write_txn_markers_request> {
  // Inter-broker (the coordinator asks leaders to write markers); without an authorizer the
  // broker takes it from a client. An abort marker for a producer id no one uses, on
  // txn-topic partition 2: a control record in our own topic.
  static write_txn_markers_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    txn_ready(env);
    write_txn_markers_request r;
    write_txn_markers_request::writable_txn_marker m;
    m.producer_id = 0x7000000000LL + version;
    m.producer_epoch = 0;
    m.transaction_result = false;
    m.topics.push_back({txn_topic(env), {2}, {}});
    m.coordinator_epoch = 0;
    r.markers.push_back(m);
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<txn_offset_commit_request> {
  // Commits an offset of env.topic for txn-group inside a transaction that added the group
  // (AddOffsetsToTxn). The transaction is never committed: the offset stays pending.
  static txn_offset_commit_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    const auto id = env.prefix + "txn-commit-" + std::to_string(version);
    const auto p = init_txn(env, id);
    add_offsets(env, id, p);
    txn_offset_commit_request r;
    r.transactional_id = id;
    r.group_id = txn_group(env);
    r.producer_id = p.id;
    r.producer_epoch = p.epoch;
    txn_offset_commit_request::txn_offset_commit_request_partition part;
    part.partition_index = 0;
    part.committed_offset = 5;
    part.committed_leader_epoch = version >= 2 ? 0 : -1;
    part.committed_metadata = "kwire";
    txn_offset_commit_request::txn_offset_commit_request_topic topic;
    if (version >= 6) topic.topic_id = env.topic_id;  // v6 (KIP-1319): by id, no name
    else topic.name = env.topic;
    topic.partitions = {part};
    r.topics.push_back(topic);
    return r;  // v3+: generation -1, no member: a commit outside group membership
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<describe_transactions_request> {
  // An ongoing transaction (holding txn-topic partition 0) and an id never used.
  static describe_transactions_request request(std::int16_t, const exchange_env& env) {
    using namespace txn_share_detail;
    static const bool ongoing = [&] {
      const auto p = init_txn(env, env.prefix + "txn-describe");
      add_partition(env, env.prefix + "txn-describe", p);
      return true;
    }();
    (void)ongoing;
    return {{env.prefix + "txn-describe", env.prefix + "txn-missing"}, {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::transactional_id_not_found};  // txn-missing was never used
  }
};

template <>
struct conformance_case<list_transactions_request> {
  // Ongoing and committed transactions (the other cases leave both kinds); v2 only ours.
  static list_transactions_request request(std::int16_t version, const exchange_env& env) {
    txn_share_detail::txn_ready(env);
    list_transactions_request r;
    r.state_filters = {"Ongoing", "CompleteCommit"};
    if (version >= 1) r.duration_filter = 0;  // running for at least 0 ms: every transaction
    if (version >= 2) r.transactional_id_pattern = env.prefix + ".*";
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

// ---------------------------------------------------------------------------------------------
// Share groups (KIP-932)

template <>
struct conformance_case<share_group_heartbeat_request> {
  // A new member (its id made by the client, as from v1) joins the share group, subscribed to
  // env.topic.
  static share_group_heartbeat_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    share_group_ready(env, share_group(env));
    share_group_heartbeat_request r;
    r.group_id = share_group(env);
    r.member_id = member_id(env, "heartbeat-" + std::to_string(version));
    r.member_epoch = 0;
    r.rack_id = "rack-a";
    r.subscribed_topic_names = std::vector<std::string>{env.topic};
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<share_group_describe_request> {
  // The share group (with a member that has partitions assigned) and one that does not exist.
  static share_group_describe_request request(std::int16_t, const exchange_env& env) {
    using namespace txn_share_detail;
    share_member(env, share_group(env), "describe");
    return {{share_group(env), env.prefix + "share-missing"}, true, {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::group_id_not_found};  // share-missing does not exist
  }
};

template <>
struct conformance_case<share_fetch_request> {
  // A new share session (epoch 0) for a member of a group of its own per version (so each
  // version finds env.topic's 10 records available), fetching partition 0 from the earliest
  // offset: the answer carries the records and the acquired ranges.
  static share_fetch_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    share_fetch_request r;
    r.group_id = share_group(env) + "-fetch-" + std::to_string(version);
    share_partition_loaded(env, *r.group_id);
    r.member_id = share_member(env, *r.group_id, "fetch", true);
    r.share_session_epoch = 0;
    r.max_wait_ms = 500;  // answered at once: the records are there
    r.min_bytes = 1;
    r.max_bytes = 1 << 20;
    r.max_records = 10;
    r.batch_size = 10;
    share_fetch_request::fetch_partition part;
    part.partition_index = 0;
    r.topics.push_back({env.topic_id, {part}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<share_acknowledge_request> {
  // A share session needs a ShareFetch at epoch 0 first: the side connection opens it (for a
  // member of a group of its own per version) and acquires env.topic's records; this request
  // accepts exactly the acquired ranges at session epoch 1.
  static share_acknowledge_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    share_acknowledge_request r;
    r.group_id = share_group(env) + "-ack-" + std::to_string(version);
    share_partition_loaded(env, *r.group_id);
    r.member_id = share_member(env, *r.group_id, "ack", true);
    share_acknowledge_request::acknowledge_partition part;
    part.partition_index = 0;
    for (const auto& a : side_share_fetch(env, *r.group_id, *r.member_id, 0))
      part.acknowledgement_batches.push_back({a.first_offset, a.last_offset, {1 /* accept */}, {}});
    r.share_session_epoch = 1;
    r.topics.push_back({env.topic_id, {part}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<initialize_share_group_state_request> {
  // 83-87 are share coordinator APIs (broker to coordinator, CLUSTER_ACTION): without an
  // authorizer the broker takes them from a client and answers normally. Here: new state for
  // a group name of our own per version.
  static initialize_share_group_state_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    state_ready(env);
    initialize_share_group_state_request r;
    r.group_id = state_group(env) + "-init-" + std::to_string(version);
    r.topics.push_back({env.topic_id, {{0, 0, 0, {}}, {1, 0, 0, {}}}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<read_share_group_state_request> {
  // Reads the state state_ready initialized (leader epoch 0: not older than the stored one).
  static read_share_group_state_request request(std::int16_t, const exchange_env& env) {
    using namespace txn_share_detail;
    state_ready(env);
    read_share_group_state_request r;
    r.group_id = state_group(env);
    r.topics.push_back({env.topic_id, {{0, 0, {}}}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<write_share_group_state_request> {
  // Writes that state at its state epoch (0): offsets 0-1 acknowledged once.
  static write_share_group_state_request request(std::int16_t version, const exchange_env& env) {
    using namespace txn_share_detail;
    state_ready(env);
    write_share_group_state_request r;
    r.group_id = state_group(env);
    write_share_group_state_request::partition_data p;
    p.partition = 0;
    p.state_epoch = 0;
    p.leader_epoch = 0;
    p.start_offset = 0;
    if (version >= 1) p.delivery_complete_count = 2;
    p.state_batches.push_back({0, 1, 2 /* acknowledged */, 1, {}});
    r.topics.push_back({env.topic_id, {p}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<delete_share_group_state_request> {
  // Deletes partition 1 of that state (the other cases use partition 0).
  static delete_share_group_state_request request(std::int16_t, const exchange_env& env) {
    using namespace txn_share_detail;
    state_ready(env);
    delete_share_group_state_request r;
    r.group_id = state_group(env);
    r.topics.push_back({env.topic_id, {{1, {}}}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<read_share_group_state_summary_request> {
  static read_share_group_state_summary_request request(std::int16_t, const exchange_env& env) {
    using namespace txn_share_detail;
    state_ready(env);
    read_share_group_state_summary_request r;
    r.group_id = state_group(env);
    r.topics.push_back({env.topic_id, {{0, 0, {}}}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<describe_share_group_offsets_request> {
  // A share group's start offsets for env.topic: partition 0 has been read (start offset and,
  // from v1, lag); 1 and 2 not yet (start offset -1, no error).
  static describe_share_group_offsets_request request(std::int16_t, const exchange_env& env) {
    using namespace txn_share_detail;
    const auto group = share_group(env) + "-offsets";
    share_partition_loaded(env, group);
    describe_share_group_offsets_request r;
    describe_share_group_offsets_request::describe_share_group_offsets_request_group g;
    g.group_id = group;
    g.topics = std::vector<describe_share_group_offsets_request::describe_share_group_offsets_request_topic>{
        {env.topic, {0, 1, 2}, {}}};
    r.groups.push_back(g);
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<alter_share_group_offsets_request> {
  // Sets start offsets of the empty share group (only allowed for a group without members).
  static alter_share_group_offsets_request request(std::int16_t, const exchange_env& env) {
    using namespace txn_share_detail;
    idle_group_ready(env);
    alter_share_group_offsets_request r;
    r.group_id = idle_share_group(env);
    r.topics.push_back({env.topic, {{0, 3, {}}, {1, 0, {}}}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<delete_share_group_offsets_request> {
  // Deletes the empty share group's offsets for env.topic (a topic without share-partition
  // state in the group would get UNKNOWN_TOPIC_OR_PARTITION).
  static delete_share_group_offsets_request request(std::int16_t, const exchange_env& env) {
    using namespace txn_share_detail;
    idle_group_ready(env);
    delete_share_group_offsets_request r;
    r.group_id = idle_share_group(env);
    r.topics.push_back({env.topic, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

}  // namespace kwire::conformance
