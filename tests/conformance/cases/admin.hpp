#pragma once
// Conformance cases for the admin APIs (the admin family of protocol/message_catalog.hpp); see case.hpp.
//
// Topics: CreateTopics creates env.prefix + "ct<version>" for real at every version, and
// DeleteTopics (which all_messages runs right after CreateTopics) deletes exactly those. Configs
// are only described, or altered with validate_only. The brokers run without an authorizer, so
// the ACL APIs answer SECURITY_DISABLED. Replica moves and reassignments target the replica a
// partition already has, or nothing, so nothing moves.

#include <algorithm>
#include <string>
#include <vector>

#include "tests/conformance/cases/case.hpp"

namespace kwire::conformance {

namespace admin_detail {

// The topics CreateTopics created in this run and DeleteTopics has not deleted yet, oldest first.
inline std::vector<std::string>& created_topics() {
  static std::vector<std::string> names;
  return names;
}

// A topic id no topic has: env.topic's id with its last byte changed.
inline uuid missing_topic_id(const exchange_env& env) {
  uuid id = env.topic_id;
  id.bytes[15] ^= 0x5a;
  return id;
}

inline std::string broker_name(const exchange_env& env) { return std::to_string(env.node_id); }

// Kafka's resource types (ConfigResource.Type and ResourceType) and ACL enums.
constexpr std::int8_t config_topic = 2, config_broker = 4;
constexpr std::int8_t acl_any = 1, acl_topic = 2;
constexpr std::int8_t pattern_any = 1, pattern_literal = 3;
constexpr std::int8_t operation_any = 1, operation_read = 3;
constexpr std::int8_t permission_any = 1, permission_allow = 3;

}  // namespace admin_detail

template <>
struct conformance_case<create_topics_request> {
  static create_topics_request request(std::int16_t version, const exchange_env& env) {
    create_topics_request r;
    create_topics_request::creatable_topic t;
    t.name = env.prefix + "ct" + std::to_string(version);
    if (version % 2 == 1) {
      // Odd versions place the replicas themselves: counts must then be -1.
      t.num_partitions = -1;
      t.replication_factor = -1;
      t.assignments = {{0, {env.node_id}, {}}, {1, {env.node_id}, {}}};
    } else if (version >= 4) {
      t.num_partitions = -1;  // the broker defaults (num.partitions, default.replication.factor)
      t.replication_factor = -1;
    } else {
      t.num_partitions = 2;
      t.replication_factor = 1;
    }
    t.configs = {{"retention.ms", "3600000", {}}, {"cleanup.policy", "delete", {}}};
    r.topics.push_back(t);
    r.timeout_ms = 30000;
    auto& created = admin_detail::created_topics();
    if (std::find(created.begin(), created.end(), t.name) == created.end()) created.push_back(t.name);
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }  // a new, valid topic
};

template <>
struct conformance_case<delete_topics_request> {
  // Whether the last request had to name a missing topic (CreateTopics created none this run).
  static inline bool named_missing = false;

  static delete_topics_request request(std::int16_t version, const exchange_env& env) {
    // Spread what CreateTopics created over the versions up to kwire's last, oldest first.
    auto& created = admin_detail::created_topics();
    const int versions_left = info(api_key::delete_topics).supported.hi - version + 1;
    const auto take = std::min<std::size_t>(created.size(), (created.size() + versions_left - 1) / versions_left);
    std::vector<std::string> names(created.begin(), created.begin() + static_cast<std::ptrdiff_t>(take));
    created.erase(created.begin(), created.begin() + static_cast<std::ptrdiff_t>(take));
    named_missing = names.empty();
    if (named_missing) names.push_back(env.prefix + "ct-missing");

    delete_topics_request r;
    r.timeout_ms = 30000;
    if (version < 6) {
      r.topic_names = names;
    } else {
      for (const auto& n : names) r.topics.push_back({n, {}, {}});
      r.topics.push_back({std::nullopt, admin_detail::missing_topic_id(env), {}});  // by id (v6+)
    }
    return r;
  }
  static errs allowed_errors(std::int16_t version, const exchange_env&) {
    errs e;
    if (version >= 6) e.insert(broker_errc::unknown_topic_id);  // the id-only entry names no topic
    if (named_missing) e.insert(broker_errc::unknown_topic_or_partition);  // nothing created to delete
    return e;
  }
};

template <>
struct conformance_case<create_partitions_request> {
  static create_partitions_request request(std::int16_t version, const exchange_env& env) {
    // env.topic has 3 partitions: ask for 5, validate only, so the topic keeps its 3.
    create_partitions_request r;
    create_partitions_request::create_partitions_topic t;
    t.name = env.topic;
    t.count = 5;
    if (version % 2 == 0)
      t.assignments = std::vector<create_partitions_request::create_partitions_assignment>{{{env.node_id}, {}},
                                                                                           {{env.node_id}, {}}};
    else
      t.assignments = std::nullopt;  // the broker places them
    r.topics.push_back(t);
    r.timeout_ms = 30000;
    r.validate_only = true;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<describe_configs_request> {
  static describe_configs_request request(std::int16_t version, const exchange_env& env) {
    describe_configs_request r;
    r.resources.push_back({admin_detail::config_broker, admin_detail::broker_name(env),
                           std::vector<std::string>{"num.partitions", "log.retention.hours", "default.replication.factor"},
                           {}});
    r.resources.push_back({admin_detail::config_topic, env.topic, std::nullopt, {}});  // every config
    r.include_synonyms = version >= 1;
    r.include_documentation = version >= 3;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<alter_configs_request> {
  static alter_configs_request request(std::int16_t, const exchange_env& env) {
    // validate_only: AlterConfigs replaces a resource's whole config set, so nothing is applied.
    alter_configs_request r;
    r.resources.push_back(
        {admin_detail::config_topic, env.topic, {{"retention.ms", "7200000", {}}, {"segment.ms", "3600000", {}}}, {}});
    r.resources.push_back({admin_detail::config_broker, admin_detail::broker_name(env),
                           {{"log.cleaner.backoff.ms", "20000", {}}}, {}});
    r.validate_only = true;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<incremental_alter_configs_request> {
  static incremental_alter_configs_request request(std::int16_t, const exchange_env& env) {
    incremental_alter_configs_request r;
    r.resources.push_back({admin_detail::config_topic,
                           env.topic,
                           {{"retention.ms", 0, "7200000", {}},         // set
                            {"segment.ms", 1, std::nullopt, {}},        // delete
                            {"cleanup.policy", 2, "compact", {}}},      // append to a list
                           {}});
    r.resources.push_back(
        {admin_detail::config_broker, admin_detail::broker_name(env), {{"log.cleaner.backoff.ms", 0, "20000", {}}}, {}});
    r.validate_only = true;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

// No authorizer on the test brokers: every ACL API answers SECURITY_DISABLED (AclApis).
template <>
struct conformance_case<describe_acls_request> {
  static describe_acls_request request(std::int16_t version, const exchange_env&) {
    describe_acls_request r;
    r.resource_type_filter = admin_detail::acl_any;
    r.resource_name_filter = std::nullopt;
    if (version >= 1) r.pattern_type_filter = admin_detail::pattern_any;
    r.principal_filter = std::nullopt;
    r.host_filter = std::nullopt;
    r.operation = admin_detail::operation_any;
    r.permission_type = admin_detail::permission_any;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {broker_errc::security_disabled}; }
};

template <>
struct conformance_case<create_acls_request> {
  static create_acls_request request(std::int16_t, const exchange_env& env) {
    create_acls_request r;
    r.creations.push_back({admin_detail::acl_topic, env.topic, admin_detail::pattern_literal, "User:" + env.prefix + "user",
                           "*", admin_detail::operation_read, admin_detail::permission_allow, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {broker_errc::security_disabled}; }
};

template <>
struct conformance_case<delete_acls_request> {
  static delete_acls_request request(std::int16_t, const exchange_env& env) {
    // Exactly the ACL CreateAcls asked for.
    delete_acls_request r;
    r.filters.push_back({admin_detail::acl_topic, env.topic, admin_detail::pattern_literal,
                         "User:" + env.prefix + "user", "*", admin_detail::operation_read,
                         admin_detail::permission_allow, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {broker_errc::security_disabled}; }
};

template <>
struct conformance_case<alter_replica_log_dirs_request> {
  static alter_replica_log_dirs_request request(std::int16_t, const exchange_env& env) {
    // The brokers have one log dir, whose path the env does not carry: ask to move partition 0 of
    // env.topic to a directory that is not in log.dirs, which the broker refuses per partition.
    alter_replica_log_dirs_request r;
    r.dirs.push_back({"/nonexistent/" + env.prefix + "logs", {{env.topic, {0}, {}}}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::log_dir_not_found};  // LogManager.isLogDirOnline: not in the config
  }
};

template <>
struct conformance_case<describe_log_dirs_request> {
  static describe_log_dirs_request request(std::int16_t, const exchange_env& env) {
    describe_log_dirs_request r;
    r.topics->push_back({env.topic, {0, 1, 2}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<elect_leaders_request> {
  static elect_leaders_request request(std::int16_t, const exchange_env& env) {
    elect_leaders_request r;
    r.election_type = 0;  // preferred (v0 knows no other)
    r.topic_partitions->push_back({env.topic, {0, 1, 2}, {}});
    r.timeout_ms = 30000;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::election_not_needed};  // one replica per partition: it already leads
  }
};

template <>
struct conformance_case<alter_partition_reassignments_request> {
  static alter_partition_reassignments_request request(std::int16_t version, const exchange_env& env) {
    alter_partition_reassignments_request r;
    r.timeout_ms = 30000;
    if (version >= 1) r.allow_replication_factor_change = false;  // the factor stays 1
    // Partition 0 onto the replica it already has (completes at once); cancel partition 1's
    // reassignment, of which there is none.
    r.topics.push_back({env.topic, {{0, std::vector<std::int32_t>{env.node_id}, {}}, {1, std::nullopt, {}}}, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::no_reassignment_in_progress};  // the cancel of partition 1
  }
};

template <>
struct conformance_case<list_partition_reassignments_request> {
  static list_partition_reassignments_request request(std::int16_t, const exchange_env& env) {
    list_partition_reassignments_request r;
    r.timeout_ms = 30000;
    r.topics = std::vector<list_partition_reassignments_request::list_partition_reassignments_topics>{
        {env.topic, {0, 1, 2}, {}}};
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

}  // namespace kwire::conformance
