#pragma once
// Conformance cases for the misc APIs (the misc family of protocol/message_catalog.hpp); see case.hpp.

#include "tests/conformance/cases/case.hpp"

namespace kwire::conformance {

namespace misc_detail {

// A uuid no broker, voter or client instance has: 16 fixed non-zero bytes.
inline uuid made_up_uuid(std::uint8_t seed) {
  uuid u;
  for (std::size_t i = 0; i < u.bytes.size(); ++i) u.bytes[i] = static_cast<std::uint8_t>(seed + 17 * i + 1);
  return u;
}

// A made-up HMAC: the token it would name does not exist.
inline bytes made_up_hmac() { return bytes{'k', 'w', 'i', 'r', 'e', '-', 'h', 'm', 'a', 'c'}; }

}  // namespace misc_detail

// Delegation tokens: the exchange connects without authenticating, i.e. as a PLAINTEXT client
// (the SASL listener would close an unauthenticated connection). Kafka refuses every token
// request on PLAINTEXT before looking at it (KafkaApis.allowTokenRequests):
// DELEGATION_TOKEN_REQUEST_NOT_ALLOWED.

template <>
struct conformance_case<create_delegation_token_request> {
  static create_delegation_token_request request(std::int16_t version, const exchange_env& env) {
    create_delegation_token_request r;
    if (version >= 3) {  // null owner: a token for the requester itself
      r.owner_principal_type.reset();
      r.owner_principal_name.reset();
    }
    r.renewers.push_back({"User", env.sasl_user, {}});
    r.max_lifetime_ms = 3600000;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::delegation_token_request_not_allowed};  // PLAINTEXT connection
  }
};

template <>
struct conformance_case<renew_delegation_token_request> {
  static renew_delegation_token_request request(std::int16_t, const exchange_env&) {
    return {misc_detail::made_up_hmac(), 3600000, {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::delegation_token_request_not_allowed};  // PLAINTEXT connection
  }
};

template <>
struct conformance_case<expire_delegation_token_request> {
  static expire_delegation_token_request request(std::int16_t, const exchange_env&) {
    return {misc_detail::made_up_hmac(), -1, {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::delegation_token_request_not_allowed};  // PLAINTEXT connection
  }
};

template <>
struct conformance_case<describe_delegation_token_request> {
  static describe_delegation_token_request request(std::int16_t, const exchange_env& env) {
    describe_delegation_token_request r;
    r.owners->push_back({"User", env.sasl_user, {}});
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::delegation_token_request_not_allowed};  // PLAINTEXT connection
  }
};

template <>
struct conformance_case<describe_client_quotas_request> {
  static describe_client_quotas_request request(std::int16_t, const exchange_env& env) {
    describe_client_quotas_request r;
    r.components.push_back({"user", 0, env.prefix + "u", {}});  // match type 0: exact name
    r.components.push_back({"client-id", 2, std::nullopt, {}});  // match type 2: any client id
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }  // no quotas: no entries
};

template <>
struct conformance_case<alter_client_quotas_request> {
  static alter_client_quotas_request request(std::int16_t, const exchange_env& env) {
    alter_client_quotas_request r;
    r.entries.push_back({{{"user", env.prefix + "u", {}}, {"client-id", env.prefix + "c", {}}},
                         {{"producer_byte_rate", 1048576, false, {}}, {"consumer_byte_rate", 0, true, {}}},
                         {}});
    r.validate_only = true;  // checked, never applied
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<describe_user_scram_credentials_request> {
  static describe_user_scram_credentials_request request(std::int16_t, const exchange_env& env) {
    describe_user_scram_credentials_request r;
    r.users->push_back({env.sasl_user, {}});          // created with both mechanisms at format time
    r.users->push_back({env.prefix + "nobody", {}});  // no such user
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::resource_not_found};  // for the user that does not exist
  }
};

template <>
struct conformance_case<alter_user_scram_credentials_request> {
  static alter_user_scram_credentials_request request(std::int16_t, const exchange_env& env) {
    alter_user_scram_credentials_request r;
    // Deleting a credential of a user that has none.
    r.deletions.push_back({env.prefix + "nobody", 1, {}});  // 1 SCRAM-SHA-256
    // An upsertion below the mechanism's minimum of 4096 iterations: refused, nothing created.
    r.upsertions.push_back({env.prefix + "u", 2, 1, bytes(16, 's'), bytes(64, 'p'), {}});  // 2 SCRAM-SHA-512
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::resource_not_found,        // the deletion: no such credential
            broker_errc::unacceptable_credential};  // the upsertion: too few iterations
  }
};

template <>
struct conformance_case<describe_quorum_request> {
  static describe_quorum_request request(std::int16_t, const exchange_env&) {
    return {{{"__cluster_metadata", {{0, {}}}, {}}}, {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<update_features_request> {
  static update_features_request request(std::int16_t version, const exchange_env& env) {
    update_features_request r;
    r.timeout_ms = 10000;
    update_features_request::feature_update_key u;
    u.feature = env.prefix + "feature";  // no node supports it: refused even at v0 (no validate_only)
    u.max_version_level = 1;
    if (version >= 1) u.upgrade_type = 1;  // upgrade
    r.feature_updates.push_back(u);
    r.validate_only = version >= 1;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    // The controller does not know the feature (v0-1: in the result, v2: at the top level).
    return {broker_errc::invalid_update_version};
  }
};

template <>
struct conformance_case<describe_cluster_request> {
  static describe_cluster_request request(std::int16_t version, const exchange_env&) {
    describe_cluster_request r;
    r.include_cluster_authorized_operations = true;
    if (version >= 1) r.endpoint_type = 1;  // brokers
    r.include_fenced_brokers = version >= 2;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<unregister_broker_request> {
  static unregister_broker_request request(std::int16_t, const exchange_env&) {
    return {999, {}};  // no such broker
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::broker_id_not_registered};  // the controller has no broker 999
  }
};

template <>
struct conformance_case<unregister_controller_request> {
  // Kafka 4.4: the controller counterpart of UnregisterBroker, forwarded by the broker.
  static unregister_controller_request request(std::int16_t, const exchange_env&) {
    return {999, {}};  // no such controller
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    return {broker_errc::controller_id_not_registered};  // the quorum has no controller 999
  }
};

// Telemetry (KIP-714): Kafka lists keys 71 and 72 in ApiVersions only when a client telemetry
// exporter/reporter plugin is configured; the test brokers have none, so both are "not offered".
// The cases below are what a broker with the plugin should answer.
template <>
struct conformance_case<get_telemetry_subscriptions_request> {
  static get_telemetry_subscriptions_request request(std::int16_t, const exchange_env&) {
    return {};  // zero instance id: the broker assigns one
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<push_telemetry_request> {
  static push_telemetry_request request(std::int16_t, const exchange_env&) {
    push_telemetry_request r;
    r.client_instance_id = misc_detail::made_up_uuid(71);
    r.subscription_id = 1;
    r.terminating = true;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    // A new instance id gets a fresh subscription whose id is not 1; terminating skips the
    // push-interval throttle.
    return {broker_errc::unknown_subscription_id};
  }
};

template <>
struct conformance_case<list_config_resources_request> {
  static list_config_resources_request request(std::int16_t version, const exchange_env&) {
    list_config_resources_request r;
    if (version >= 1) r.resource_types = {2, 16};  // topics and client-metrics resources
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<add_raft_voter_request> {
  static add_raft_voter_request request(std::int16_t version, const exchange_env& env) {
    add_raft_voter_request r;
    r.cluster_id = env.cluster_id;
    r.timeout_ms = 5000;
    r.voter_id = 999;
    r.voter_directory_id = misc_detail::made_up_uuid(80);
    r.listeners.push_back({"CONTROLLER", "127.0.0.1", 1, {}});
    if (version >= 1) r.ack_when_committed = true;
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    // The brokers run with static voters (controller.quorum.voters): kraft.version is 0, and the
    // leader refuses any voter change with "Cluster doesn't support ... voter because the
    // kraft.version feature is 0" before looking at the voter (999, made-up directory id).
    return {broker_errc::unsupported_version};
  }
};

template <>
struct conformance_case<remove_raft_voter_request> {
  static remove_raft_voter_request request(std::int16_t, const exchange_env& env) {
    return {env.cluster_id, 999, misc_detail::made_up_uuid(81), {}};
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) {
    // The brokers run with static voters (controller.quorum.voters): kraft.version is 0, and the
    // leader refuses any voter change with "Cluster doesn't support ... voter because the
    // kraft.version feature is 0" before looking at the voter (999, made-up directory id).
    return {broker_errc::unsupported_version};
  }
};

}  // namespace kwire::conformance
