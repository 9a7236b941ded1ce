#pragma once
// Conformance cases for the data APIs (the data family of protocol/message_catalog.hpp); see case.hpp.
//
// Partition 0 of env.topic holds the 10 records other cases read; these cases only read it.
// Produce appends to partition 1; DeleteRecords moves partition 2's log start to 0 (a no-op).
// The offset APIs share one group of their own, env.prefix + "data-group", which never has
// members: OffsetCommit (key 8) creates it with a simple-consumer commit (generation -1, no
// member id), OffsetFetch (9) reads it back and OffsetDelete (47) removes the commits. The test
// runs keys in order, so the group exists by the time 9 and 47 run.

#include <unistd.h>

#include "tests/conformance/cases/case.hpp"
#include "tests/support/broker_env.hpp"

namespace kwire::conformance {

inline std::string data_group(const exchange_env& env) { return env.prefix + "data-group"; }

// A real one-record batch, with the timestamp the test topic's records carry.
inline record_bytes data_batch(std::int16_t version) {
  record_batch batch;
  batch.first_timestamp = batch.max_timestamp = 1700000000000;
  batch.records.push_back({0, batch.first_timestamp, bytes{'c'},
                           bytes{'p', static_cast<std::uint8_t>('a' + version)}, {}});
  record_bytes out;
  (void)encode_batch(batch, out.data);
  return out;
}

template <>
struct conformance_case<produce_request> {
  static produce_request request(std::int16_t version, const exchange_env& env) {
    produce_request r;
    r.acks = -1;  // every version answers; acks=0 gets no response
    r.timeout_ms = 10000;
    produce_request::topic_produce_data t;
    if (version >= 13)
      t.topic_id = env.topic_id;
    else
      t.name = env.topic;
    t.partition_data.push_back({1, data_batch(version), {}});
    r.topic_data.push_back(std::move(t));
    return r;
  }
  // A healthy broker appends the batch: no error.
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
  // KIP-896: Kafka 4 removed Produce v0-2 but still lists them in ApiVersions (so that old
  // librdkafka clients keep negotiating, KAFKA-18659); a request at those versions closes the
  // connection.
  static bool refused(std::int16_t version, const exchange_env& env) {
    return !env.kafka3() && !env.kafka_version.empty() && version <= 2;
  }
};

template <>
struct conformance_case<fetch_request> {
  static fetch_request request(std::int16_t version, const exchange_env& env) {
    fetch_request r;
    r.replica_id = -1;  // a consumer (v15+ carries ReplicaState instead, left at its defaults)
    r.max_wait_ms = 100;
    r.min_bytes = 1;  // partition 0 has data, so the answer comes at once
    r.max_bytes = 1 << 20;
    r.isolation_level = 1;  // v4+: read_committed
    r.session_id = 0;
    r.session_epoch = -1;  // v7+: a full fetch without creating a session
    fetch_request::fetch_topic t;
    if (version >= 13)
      t.topic_id = env.topic_id;
    else
      t.topic = env.topic;
    fetch_request::fetch_partition p;
    p.partition = 0;
    p.fetch_offset = 0;
    p.log_start_offset = -1;
    p.partition_max_bytes = 1 << 20;
    t.partitions.push_back(p);
    r.topics.push_back(std::move(t));
    if (version >= 11) r.rack_id = "kwire-rack";
    return r;
  }
  // Reading an existing partition from offset 0: no error.
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<list_offsets_request> {
  static list_offsets_request request(std::int16_t version, const exchange_env& env) {
    list_offsets_request r;
    r.replica_id = -1;  // a consumer
    if (version >= 2) r.isolation_level = 1;  // read_committed: the last stable offset
    list_offsets_request::list_offsets_topic t;
    t.name = env.topic;
    // Partition 0 by the records' timestamp, 1 latest (-1), 2 earliest (-2), or from v7 the
    // record with the largest timestamp (-3, KIP-734).
    t.partitions.push_back({0, -1, 1700000000000, 1, {}});
    t.partitions.push_back({1, -1, -1, 1, {}});
    t.partitions.push_back({2, -1, version >= 7 ? -3 : -2, 1, {}});
    r.topics.push_back(std::move(t));
    if (version >= 10) r.timeout_ms = 5000;
    return r;
  }
  // Existing partitions, timestamps every version accepts: no error.
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<offset_commit_request> {
  static offset_commit_request request(std::int16_t version, const exchange_env& env) {
    offset_commit_request r;
    r.group_id = data_group(env);
    r.generation_id_or_member_epoch = -1;  // v1+: a simple consumer outside any generation
    r.member_id = "";
    offset_commit_request::offset_commit_request_topic t;
    if (version >= 10)
      t.topic_id = env.topic_id;
    else
      t.name = env.topic;
    offset_commit_request::offset_commit_request_partition p;
    p.partition_index = 0;
    p.committed_offset = 5;
    if (version >= 6) p.committed_leader_epoch = 0;
    if (version == 1) p.commit_timestamp = 1700000000000;
    p.committed_metadata = "kwire-conformance";
    t.partitions.push_back(p);
    p.partition_index = 1;
    p.committed_offset = 0;
    p.committed_metadata = std::nullopt;
    t.partitions.push_back(p);
    r.topics.push_back(std::move(t));
    return r;
  }
  // A group without members takes commits from generation -1 and no member id: no error.
  // v0 commits went to ZooKeeper; a KRaft broker (3.x; 4.x dropped v0-1) answers every
  // partition UNSUPPORTED_VERSION ("Version 0 offset commit requests", requireZkOrThrow).
  static errs allowed_errors(std::int16_t version, const exchange_env&) {
    if (version == 0) return {broker_errc::unsupported_version};
    return {};
  }
};

template <>
struct conformance_case<offset_fetch_request> {
  static offset_fetch_request request(std::int16_t version, const exchange_env& env) {
    offset_fetch_request r;
    if (version < 8) {
      r.group_id = data_group(env);
      r.topics = std::vector<offset_fetch_request::offset_fetch_request_topic>{{env.topic, {0, 1, 2}, {}}};
    } else {
      offset_fetch_request::offset_fetch_request_group g;
      g.group_id = data_group(env);
      offset_fetch_request::offset_fetch_request_topics t;
      if (version >= 10)
        t.topic_id = env.topic_id;
      else
        t.name = env.topic;
      t.partition_indexes = {0, 1, 2};
      g.topics = std::vector<offset_fetch_request::offset_fetch_request_topics>{t};
      r.groups.push_back(std::move(g));
      // A second group, asking for all its partitions (null topics): nothing committed.
      offset_fetch_request::offset_fetch_request_group all;
      all.group_id = data_group(env) + "-empty";
      all.topics = std::nullopt;
      r.groups.push_back(std::move(all));
    }
    if (version >= 7) r.require_stable = true;
    return r;
  }
  // The group OffsetCommit wrote to (and a group with no commits): offsets, or -1 without error.
  // v0 read offsets from ZooKeeper; a KRaft broker (3.x; 4.x dropped v0) answers every
  // partition UNSUPPORTED_VERSION ("Version 0 offset fetch requests", requireZkOrThrow).
  static errs allowed_errors(std::int16_t version, const exchange_env&) {
    if (version == 0) return {broker_errc::unsupported_version};
    return {};
  }
};

template <>
struct conformance_case<delete_records_request> {
  static delete_records_request request(std::int16_t, const exchange_env& env) {
    delete_records_request r;
    // Partition 2's log start offset is already 0: moving it to 0 deletes nothing.
    r.topics.push_back({env.topic, {{2, 0, {}}}, {}});
    r.timeout_ms = 5000;
    return r;
  }
  // An offset within [log start, high watermark] of an existing partition: no error.
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<offset_for_leader_epoch_request> {
  static offset_for_leader_epoch_request request(std::int16_t, const exchange_env& env) {
    offset_for_leader_epoch_request r;
    r.replica_id = -2;  // v3+: a consumer
    offset_for_leader_epoch_request::offset_for_leader_topic t;
    t.topic = env.topic;
    // The end offset of epoch 0, the epoch the topic's first leader wrote partition 0 in.
    t.partitions.push_back({0, -1, 0, {}});
    r.topics.push_back(std::move(t));
    return r;
  }
  // Partition 0 with its own leader epoch and no fencing epoch (-1): no error.
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<offset_delete_request> {
  static offset_delete_request request(std::int16_t, const exchange_env& env) {
    offset_delete_request r;
    r.group_id = data_group(env);
    r.topics.push_back({env.topic, {{0, {}}, {1, {}}}, {}});
    return r;
  }
  // The group OffsetCommit created has no members, so nothing is subscribed: no error.
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<describe_producers_request> {
  static describe_producers_request request(std::int16_t, const exchange_env& env) {
    describe_producers_request r;
    r.topics.push_back({env.topic, {0, 1, 2}, {}});
    return r;
  }
  // Partitions this broker leads: no error (and no active producers, as nothing was idempotent).
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<describe_topic_partitions_request> {
  static describe_topic_partitions_request request(std::int16_t, const exchange_env& env) {
    describe_topic_partitions_request r;
    r.topics.push_back({env.topic, {}});
    // A page of one partition starting at partition 1: the answer holds partition 1 and a
    // NextCursor pointing at partition 2.
    r.response_partition_limit = 1;
    r.cursor = describe_topic_partitions_request::cursor_entry{env.topic, 1, {}};
    return r;
  }
  // An existing topic and a cursor inside it: no error.
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

}  // namespace kwire::conformance
