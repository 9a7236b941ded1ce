#pragma once
// Admin calls on security: ACLs (describe, create, delete), SCRAM users (describe, upsert,
// delete) and client quotas (describe, alter). See docs/admin.md "Security".
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   a.create_acls({{.type = kwire::resource_type::topic, .name = "orders",
//                   .principal = "User:alice", .operation = kwire::acl_operation::read,
//                   .permission = kwire::acl_permission::allow}}).at(0).get();
//   a.alter_user_scram_credentials({{.user = "alice", .password = "s3cret"}}, {}).at("alice").get();
//   a.alter_client_quotas({{.entity = {{"user", "alice"}}, .ops = {{"producer_byte_rate", 1024}}}});
//
// ACLs need a broker with an authorizer (authorizer.class.name; tools/broker start
// --authorizer): without one the broker answers SECURITY_DISABLED.
// SCRAM passwords never travel: the salt is made here (RAND_bytes) and only the salted password
// (PBKDF2 with the mechanism's HMAC, as Kafka's ScramFormatter computes it) is sent.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <kwire/admin/admin_core.hpp>

namespace kwire::client {

// ---- ACLs: the values are Kafka's wire codes (org.apache.kafka.common.acl / resource) ----

enum class resource_type : std::int8_t {
  unknown = 0, any = 1, topic = 2, group = 3, cluster = 4, transactional_id = 5, delegation_token = 6, user = 7,
};
enum class pattern_type : std::int8_t { unknown = 0, any = 1, match = 2, literal = 3, prefixed = 4 };
enum class acl_operation : std::int8_t {
  unknown = 0, any = 1, all = 2, read = 3, write = 4, create = 5, delete_ = 6, alter = 7, describe = 8,
  cluster_action = 9, describe_configs = 10, alter_configs = 11, idempotent_write = 12, create_tokens = 13,
  describe_tokens = 14, two_phase_commit = 15,
};
enum class acl_permission : std::int8_t { unknown = 0, any = 1, deny = 2, allow = 3 };

// Java's names (TOPIC, PREFIXED, CLUSTER_ACTION, ALLOW, ...). parse_* accepts any case and
// ignores '_' and '-' ("ClusterAction", "cluster-action"), as kafka-acls.sh spells them.
std::string_view to_string(resource_type v);
std::string_view to_string(pattern_type v);
std::string_view to_string(acl_operation v);
std::string_view to_string(acl_permission v);
std::optional<resource_type> parse_resource_type(std::string_view s);
std::optional<pattern_type> parse_pattern_type(std::string_view s);
std::optional<acl_operation> parse_acl_operation(std::string_view s);
std::optional<acl_permission> parse_acl_permission(std::string_view s);

// The operations an authorized-operations field allows (Metadata and DescribeTopicPartitions'
// TopicAuthorizedOperations, DescribeCluster's ClusterAuthorizedOperations, DescribeGroups' and
// ConsumerGroupDescribe's AuthorizedOperations), by Java's AclOperation names ("READ",
// "DESCRIBE", ...), in code order. Bit n set means operation code n, as Java's
// Utils.from32BitField reads the field. INT32_MIN is Kafka's "not asked for": std::nullopt.
// As Java's AdminClient does, the filter-only codes UNKNOWN, ANY and ALL are left out; a code
// this kwire does not know is kept as "UNKNOWN(n)" rather than dropped.
std::optional<std::vector<std::string>> decode_authorized_operations(std::int32_t bits);

// One ACL: `principal` may (or may not) do `operation` on the resource from `host`.
struct acl_binding {
  resource_type type = resource_type::topic;
  std::string name;                         // "kafka-cluster" for the cluster
  pattern_type pattern = pattern_type::literal;  // literal or prefixed
  std::string principal;                    // "User:alice"
  std::string host = "*";
  acl_operation operation = acl_operation::all;
  acl_permission permission = acl_permission::allow;
  bool operator==(const acl_binding&) const = default;
};
// "TOPIC:LITERAL:orders User:alice READ ALLOW from *": how errors and the CLI name a binding.
std::string describe(const acl_binding& b);

// Which ACLs: absent strings and the `any` values match everything. pattern `match` finds the
// literal, wildcard and prefixed bindings that apply to `name`.
struct acl_filter {
  resource_type type = resource_type::any;
  std::optional<std::string> name;
  pattern_type pattern = pattern_type::any;
  std::optional<std::string> principal;
  std::optional<std::string> host;
  acl_operation operation = acl_operation::any;
  acl_permission permission = acl_permission::any;
};

using acl_bindings = std::vector<acl_binding>;
// create_acls: one outcome per binding, in the order given (the value is the binding).
using created_acls = std::vector<result<acl_binding>>;
// delete_acls: one outcome per filter, in the order given; each lists the bindings it matched,
// each with its own outcome.
struct acl_filter_deletion {
  std::vector<result<acl_binding>> deleted;
};
using deleted_acls = std::vector<result<acl_filter_deletion>>;

// ---- SCRAM users ----

enum class scram_mechanism : std::int8_t { unknown = 0, sha_256 = 1, sha_512 = 2 };
std::string_view to_string(scram_mechanism m);                      // "SCRAM-SHA-256"
std::optional<scram_mechanism> parse_scram_mechanism(std::string_view s);  // any case

struct scram_credential_info {
  scram_mechanism mechanism = scram_mechanism::unknown;
  std::int32_t iterations = 0;
};
// Per user: the mechanisms it has credentials for (RESOURCE_NOT_FOUND for a user asked by name
// that has none).
using user_scram_credentials = std::map<std::string, result<std::vector<scram_credential_info>>>;

struct scram_upsertion {
  std::string user;
  std::string password;
  scram_mechanism mechanism = scram_mechanism::sha_512;
  std::int32_t iterations = 8192;  // Kafka accepts 4096..16384
  std::string salt;                // empty: 32 random bytes (RAND_bytes); set only for tests
};
struct scram_deletion {
  std::string user;
  scram_mechanism mechanism = scram_mechanism::sha_512;
};
// Per user named in the call (Kafka answers per user, not per mechanism).
using altered_users = std::map<std::string, result<std::monostate>>;

// ---- client quotas ----

// Entity type ("user", "client-id", "ip") -> name; no name = the type's default entity
// (e.g. {{"user", std::nullopt}} is the default user quota).
using quota_entity = std::map<std::string, std::optional<std::string>>;
// "user=alice,client-id=<default>": how errors and the CLI name an entity.
std::string describe(const quota_entity& e);

struct quota_filter_component {
  enum class match_kind : std::int8_t { exact = 0, default_entity = 1, any = 2 };
  std::string entity_type;  // "user", "client-id", "ip"
  match_kind match = match_kind::exact;
  std::string name;  // for exact
};
struct quota_filter {
  std::vector<quota_filter_component> components;  // empty: every entity
  bool strict = false;  // only entities with exactly these entity types
};
using client_quotas = std::map<quota_entity, std::map<std::string, double>>;

struct quota_alteration {
  quota_entity entity;
  // Quota key ("producer_byte_rate", "consumer_byte_rate", "request_percentage",
  // "controller_mutation_rate", "connection_creation_rate") -> new value; no value removes it.
  std::map<std::string, std::optional<double>> ops;
};
struct alter_client_quotas_options : admin_options {
  bool validate_only = false;
};
using altered_quotas = std::map<quota_entity, result<std::monostate>>;

// ---- the family's functions (security.cpp) ----

namespace admin_detail {
void describe_acls(admin_core& a, acl_filter filter, admin_options options, admin_core::detailed<acl_bindings> done);
void create_acls(admin_core& a, acl_bindings acls, admin_options options, admin_core::detailed<created_acls> done);
void delete_acls(admin_core& a, std::vector<acl_filter> filters, admin_options options,
                 admin_core::detailed<deleted_acls> done);
void describe_user_scram_credentials(admin_core& a, std::vector<std::string> users, admin_options options,
                                     admin_core::detailed<user_scram_credentials> done);
void alter_user_scram_credentials(admin_core& a, std::vector<scram_upsertion> upsertions,
                                  std::vector<scram_deletion> deletions, admin_options options,
                                  admin_core::detailed<altered_users> done);
void describe_client_quotas(admin_core& a, quota_filter filter, admin_options options,
                            admin_core::detailed<client_quotas> done);
void alter_client_quotas(admin_core& a, std::vector<quota_alteration> alterations, alter_client_quotas_options options,
                         admin_core::detailed<altered_quotas> done);
}  // namespace admin_detail

// ---- asynchronous calls: kwire::admin inherits these ----
// describe_* fail as a whole on a top-level error (e.g. SECURITY_DISABLED, CLUSTER_AUTHORIZATION_FAILED);
// create/delete/alter report per item.
template <class Self>
class security_calls {
 public:
  // Each call's two asynchronous overloads: KWIRE_DETAIL_ADMIN_CALL (admin_core.hpp).
  KWIRE_DETAIL_ADMIN_CALL(describe_acls, acl_bindings, KWIRE_DETAIL_ADMIN_LIST(acl_filter filter, admin_options options),
                      KWIRE_DETAIL_ADMIN_LIST(std::move(filter), options), KWIRE_DETAIL_ADMIN_LIST(filter = std::move(filter), options))
  KWIRE_DETAIL_ADMIN_CALL(create_acls, created_acls, KWIRE_DETAIL_ADMIN_LIST(acl_bindings acls, admin_options options),
                      KWIRE_DETAIL_ADMIN_LIST(std::move(acls), options), KWIRE_DETAIL_ADMIN_LIST(acls = std::move(acls), options))
  KWIRE_DETAIL_ADMIN_CALL(delete_acls, deleted_acls, KWIRE_DETAIL_ADMIN_LIST(std::vector<acl_filter> filters, admin_options options),
                      KWIRE_DETAIL_ADMIN_LIST(std::move(filters), options), KWIRE_DETAIL_ADMIN_LIST(filters = std::move(filters), options))
  KWIRE_DETAIL_ADMIN_CALL(describe_user_scram_credentials, user_scram_credentials,
                      KWIRE_DETAIL_ADMIN_LIST(std::vector<std::string> users, admin_options options), KWIRE_DETAIL_ADMIN_LIST(std::move(users), options),
                      KWIRE_DETAIL_ADMIN_LIST(users = std::move(users), options))
  KWIRE_DETAIL_ADMIN_CALL(alter_user_scram_credentials, altered_users,
                      KWIRE_DETAIL_ADMIN_LIST(std::vector<scram_upsertion> upsertions, std::vector<scram_deletion> deletions,
                              admin_options options),
                      KWIRE_DETAIL_ADMIN_LIST(std::move(upsertions), std::move(deletions), options),
                      KWIRE_DETAIL_ADMIN_LIST(upsertions = std::move(upsertions), deletions = std::move(deletions), options))
  KWIRE_DETAIL_ADMIN_CALL(describe_client_quotas, client_quotas, KWIRE_DETAIL_ADMIN_LIST(quota_filter filter, admin_options options),
                      KWIRE_DETAIL_ADMIN_LIST(std::move(filter), options), KWIRE_DETAIL_ADMIN_LIST(filter = std::move(filter), options))
  KWIRE_DETAIL_ADMIN_CALL(alter_client_quotas, altered_quotas,
                      KWIRE_DETAIL_ADMIN_LIST(std::vector<quota_alteration> alterations, alter_client_quotas_options options),
                      KWIRE_DETAIL_ADMIN_LIST(std::move(alterations), options), KWIRE_DETAIL_ADMIN_LIST(alterations = std::move(alterations), options))

 private:
  admin_core& core() { return static_cast<Self&>(*this); }
};

// ---- blocking calls: kwire::blocking_admin inherits these; each throws kwire::error when the
// whole call fails ----
template <class Self>
class blocking_security_calls {
 public:
  acl_bindings describe_acls(acl_filter filter = {}, admin_options options = {}) {
    return self().template wait<acl_bindings>(
        [&](error_info& diag, auto h) { self().async().async_describe_acls(std::move(filter), options, diag, std::move(h)); });
  }
  created_acls create_acls(acl_bindings acls, admin_options options = {}) {
    return self().template wait<created_acls>(
        [&](error_info& diag, auto h) { self().async().async_create_acls(std::move(acls), options, diag, std::move(h)); });
  }
  deleted_acls delete_acls(std::vector<acl_filter> filters, admin_options options = {}) {
    return self().template wait<deleted_acls>([&](error_info& diag, auto h) {
      self().async().async_delete_acls(std::move(filters), options, diag, std::move(h));
    });
  }
  // No names: every user with a credential.
  user_scram_credentials describe_user_scram_credentials(std::vector<std::string> users = {}, admin_options options = {}) {
    return self().template wait<user_scram_credentials>([&](error_info& diag, auto h) {
      self().async().async_describe_user_scram_credentials(std::move(users), options, diag, std::move(h));
    });
  }
  altered_users alter_user_scram_credentials(std::vector<scram_upsertion> upsertions,
                                             std::vector<scram_deletion> deletions, admin_options options = {}) {
    return self().template wait<altered_users>([&](error_info& diag, auto h) {
      self().async().async_alter_user_scram_credentials(std::move(upsertions), std::move(deletions), options, diag,
                                                        std::move(h));
    });
  }
  client_quotas describe_client_quotas(quota_filter filter = {}, admin_options options = {}) {
    return self().template wait<client_quotas>([&](error_info& diag, auto h) {
      self().async().async_describe_client_quotas(std::move(filter), options, diag, std::move(h));
    });
  }
  altered_quotas alter_client_quotas(std::vector<quota_alteration> alterations, alter_client_quotas_options options = {}) {
    return self().template wait<altered_quotas>([&](error_info& diag, auto h) {
      self().async().async_alter_client_quotas(std::move(alterations), options, diag, std::move(h));
    });
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

}  // namespace kwire::client

namespace kwire {
using client::acl_binding;
using client::acl_bindings;
using client::acl_filter;
using client::acl_filter_deletion;
using client::acl_operation;
using client::acl_permission;
using client::alter_client_quotas_options;
using client::altered_quotas;
using client::altered_users;
using client::client_quotas;
using client::created_acls;
using client::deleted_acls;
using client::decode_authorized_operations;
using client::describe;
using client::parse_acl_operation;
using client::parse_acl_permission;
using client::parse_pattern_type;
using client::parse_resource_type;
using client::parse_scram_mechanism;
using client::pattern_type;
using client::quota_alteration;
using client::quota_entity;
using client::quota_filter;
using client::quota_filter_component;
using client::resource_type;
using client::scram_credential_info;
using client::scram_deletion;
using client::scram_mechanism;
using client::scram_upsertion;
using client::user_scram_credentials;
}  // namespace kwire
