#pragma once
// Conformance cases for ApiVersions and Metadata; see case.hpp.

#include "tests/conformance/cases/case.hpp"

namespace kwire::conformance {

template <>
struct conformance_case<api_versions_request> {
  static api_versions_request request(std::int16_t version, const exchange_env& env) {
    api_versions_request r;
    r.client_software_name = "kwire-conformance";  // v3+: a name and version the broker accepts
    r.client_software_version = "0.1.0";
    if (version >= 5) {  // v5 (KIP-1242): the broker checks the cluster and node we mean to reach
      r.cluster_id = env.cluster_id;
      r.node_id = env.node_id;
    }
    return r;
  }
  static errs allowed_errors(std::int16_t, const exchange_env&) { return {}; }
};

template <>
struct conformance_case<metadata_request> {
  static metadata_request request(std::int16_t version, const exchange_env& env) {
    metadata_request r;
    // Lookup by topic id (name null) is accepted from v12; v10-11 carry the id field but the
    // broker refuses id-only lookups with INVALID_REQUEST.
    const bool by_id = version >= 12;
    r.topics->push_back({by_id ? env.topic_id : uuid{}, by_id ? std::optional<std::string>{} : env.topic, {}});
    r.topics->push_back({{}, env.prefix + "missing", {}});
    r.allow_auto_topic_creation = version < 4;  // v0-3 always create; the missing topic stays missing from v4
    r.include_topic_authorized_operations = version >= 8;
    return r;
  }
  static errs allowed_errors(std::int16_t version, const exchange_env&) {
    // v0-3 auto-create the second topic: LEADER_NOT_AVAILABLE while it gets its leader.
    if (version < 4) return {broker_errc::leader_not_available, broker_errc::unknown_topic_or_partition};
    return {broker_errc::unknown_topic_or_partition};
  }
};

}  // namespace kwire::conformance
