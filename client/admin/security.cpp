// Security: DescribeAcls/CreateAcls/DeleteAcls (any broker; in KRaft the broker forwards writes
// to the controller), DescribeUserScramCredentials (any broker), AlterUserScramCredentials (the
// controller), DescribeClientQuotas (any broker), AlterClientQuotas (the controller).

#include <kwire/admin/security.hpp>

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include <kwire/net/sasl.hpp>
#include <kwire/protocol/messages/alter_client_quotas.hpp>
#include <kwire/protocol/messages/alter_user_scram_credentials.hpp>
#include <kwire/protocol/messages/create_acls.hpp>
#include <kwire/protocol/messages/delete_acls.hpp>
#include <kwire/protocol/messages/describe_acls.hpp>
#include <kwire/protocol/messages/describe_client_quotas.hpp>
#include <kwire/protocol/messages/describe_user_scram_credentials.hpp>

namespace kwire::client {
namespace {

// Names by wire code; "" for codes Kafka does not define.
template <std::size_t N>
std::string_view name_of(const std::string_view (&names)[N], std::int8_t code) {
  return code >= 0 && static_cast<std::size_t>(code) < N ? names[code] : std::string_view("UNKNOWN");
}

std::string squash(std::string_view s) {  // "Cluster-Action" -> "CLUSTERACTION"
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

template <class E, std::size_t N>
std::optional<E> parse_of(const std::string_view (&names)[N], std::string_view s) {
  const auto want = squash(s);
  for (std::size_t i = 0; i < N; ++i)
    if (!names[i].empty() && squash(names[i]) == want) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::string_view resource_names[] = {"UNKNOWN", "ANY", "TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID",
                                               "DELEGATION_TOKEN", "USER"};
constexpr std::string_view pattern_names[] = {"UNKNOWN", "ANY", "MATCH", "LITERAL", "PREFIXED"};
constexpr std::string_view operation_names[] = {
    "UNKNOWN",          "ANY",           "ALL",           "READ",           "WRITE",
    "CREATE",           "DELETE",        "ALTER",         "DESCRIBE",       "CLUSTER_ACTION",
    "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE", "CREATE_TOKENS", "DESCRIBE_TOKENS",
    "TWO_PHASE_COMMIT"};
constexpr std::string_view permission_names[] = {"UNKNOWN", "ANY", "DENY", "ALLOW"};
constexpr std::string_view mechanism_names[] = {"UNKNOWN", "SCRAM-SHA-256", "SCRAM-SHA-512"};

}  // namespace

std::string_view to_string(resource_type v) { return name_of(resource_names, static_cast<std::int8_t>(v)); }
std::string_view to_string(pattern_type v) { return name_of(pattern_names, static_cast<std::int8_t>(v)); }
std::string_view to_string(acl_operation v) { return name_of(operation_names, static_cast<std::int8_t>(v)); }
std::string_view to_string(acl_permission v) { return name_of(permission_names, static_cast<std::int8_t>(v)); }
std::string_view to_string(scram_mechanism v) { return name_of(mechanism_names, static_cast<std::int8_t>(v)); }
std::optional<resource_type> parse_resource_type(std::string_view s) { return parse_of<resource_type>(resource_names, s); }
std::optional<pattern_type> parse_pattern_type(std::string_view s) { return parse_of<pattern_type>(pattern_names, s); }
std::optional<acl_operation> parse_acl_operation(std::string_view s) { return parse_of<acl_operation>(operation_names, s); }
std::optional<acl_permission> parse_acl_permission(std::string_view s) {
  return parse_of<acl_permission>(permission_names, s);
}
std::optional<scram_mechanism> parse_scram_mechanism(std::string_view s) {
  return parse_of<scram_mechanism>(mechanism_names, s);
}

std::optional<std::vector<std::string>> decode_authorized_operations(std::int32_t bits) {
  if (bits == std::numeric_limits<std::int32_t>::min()) return std::nullopt;
  std::vector<std::string> out;
  const auto field = static_cast<std::uint32_t>(bits);
  for (int code = 0; code < 32; ++code) {
    if (!(field & (std::uint32_t{1} << code))) continue;
    const auto op = static_cast<acl_operation>(code);
    if (op == acl_operation::unknown || op == acl_operation::any || op == acl_operation::all) continue;
    if (static_cast<std::size_t>(code) < std::size(operation_names)) out.emplace_back(operation_names[code]);
    else out.push_back("UNKNOWN(" + std::to_string(code) + ")");
  }
  return out;
}

std::string describe(const acl_binding& b) {
  return std::string(to_string(b.type)) + ":" + std::string(to_string(b.pattern)) + ":" + b.name + " " + b.principal +
         " " + std::string(to_string(b.operation)) + " " + std::string(to_string(b.permission)) + " from " + b.host;
}

std::string describe(const quota_entity& e) {
  std::string out;
  for (const auto& [type, name] : e) out += (out.empty() ? "" : ",") + type + "=" + name.value_or("<default>");
  return out.empty() ? "<no entity>" : out;
}

namespace admin_detail {
namespace {

// A top-level error code as the error of the whole call, with the broker's text.
template <class Resp>
auto top_level_error() {
  return [](const Resp& r) { return r.error_code ? make_error_code(static_cast<broker_errc>(r.error_code)) : std::error_code(); };
}
template <class Resp>
std::string top_level_detail(const char* api, const Resp& r, std::string fallback) {
  if (!r.error_code) return fallback;
  return std::string(api) + ": " + error_text(r.error_code, r.error_message);
}

net::target any() { return net::any_broker{}; }

acl_binding from_wire(std::int8_t type, std::string name, std::int8_t pattern, std::string principal,
                      std::string host, std::int8_t operation, std::int8_t permission) {
  return acl_binding{static_cast<resource_type>(type), std::move(name), static_cast<pattern_type>(pattern),
                     std::move(principal), std::move(host), static_cast<acl_operation>(operation),
                     static_cast<acl_permission>(permission)};
}

template <class Wire>
void fill_filter(Wire& w, const acl_filter& f) {
  w.resource_type_filter = static_cast<std::int8_t>(f.type);
  w.resource_name_filter = f.name;
  w.pattern_type_filter = static_cast<std::int8_t>(f.pattern);
  w.principal_filter = f.principal;
  w.host_filter = f.host;
  w.operation = static_cast<std::int8_t>(f.operation);
  w.permission_type = static_cast<std::int8_t>(f.permission);
}

}  // namespace

// ---- ACLs ----

void describe_acls(admin_core& a, acl_filter filter, admin_options options, admin_core::detailed<acl_bindings> done) {
  protocol::describe_acls_request req;
  fill_filter(req, filter);
  using Resp = protocol::describe_acls_response;
  a.send(any, std::move(req), a.deadline(options), top_level_error<Resp>(),
         [done = std::move(done)](std::error_code ec, std::string detail, net::reply<Resp> r) mutable {
           acl_bindings out;
           if (ec) return std::move(done)(ec, top_level_detail("DescribeAcls", r.body, std::move(detail)), std::move(out));
           for (auto& res : r.body.resources)
             for (auto& acl : res.acls)
               out.push_back(from_wire(res.resource_type, res.resource_name, res.pattern_type, std::move(acl.principal),
                                       std::move(acl.host), acl.operation, acl.permission_type));
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

void create_acls(admin_core& a, acl_bindings acls, admin_options options, admin_core::detailed<created_acls> done) {
  created_acls out(acls.size());
  protocol::create_acls_request req;
  std::vector<std::size_t> sent;  // index in `acls` of each creation sent
  for (std::size_t i = 0; i < acls.size(); ++i) {
    const auto& b = acls[i];
    out[i].value = b;
    // The `any`/`match` values only filter: a binding with one would be refused as a whole
    // request by some brokers; name it here instead.
    if (b.type == resource_type::any || b.type == resource_type::unknown || b.pattern == pattern_type::any ||
        b.pattern == pattern_type::match || b.pattern == pattern_type::unknown || b.operation == acl_operation::any ||
        b.operation == acl_operation::unknown || b.permission == acl_permission::any ||
        b.permission == acl_permission::unknown || b.principal.empty()) {
      out[i].error = {broker_errc::invalid_request,
                      "CreateAcls " + describe(b) + ": a binding needs a concrete resource type, pattern (LITERAL or "
                                                    "PREFIXED), operation, permission and a principal"};
      continue;
    }
    req.creations.push_back({static_cast<std::int8_t>(b.type), b.name, static_cast<std::int8_t>(b.pattern), b.principal,
                             b.host, static_cast<std::int8_t>(b.operation), static_cast<std::int8_t>(b.permission), {}});
    sent.push_back(i);
  }
  if (sent.empty()) return std::move(done)(std::error_code(), std::string(), std::move(out));
  using Resp = protocol::create_acls_response;
  a.send(any, std::move(req), a.deadline(options), [](const Resp&) { return std::error_code(); },
         [out = std::move(out), sent, done = std::move(done)](std::error_code ec, std::string detail,
                                                              net::reply<Resp> r) mutable {
           for (std::size_t k = 0; k < sent.size(); ++k) {
             auto& item = out[sent[k]];
             if (ec) item.error = {ec, "CreateAcls " + describe(item.value) + ": " + detail};
             else if (k >= r.body.results.size())
               item.error = {client_errc::invalid_value, "CreateAcls " + describe(item.value) + ": the broker's answer left this binding out"};
             else
               item.error = item_error("CreateAcls", describe(item.value), r.body.results[k].error_code,
                                       r.body.results[k].error_message);
           }
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

void delete_acls(admin_core& a, std::vector<acl_filter> filters, admin_options options,
                 admin_core::detailed<deleted_acls> done) {
  deleted_acls out(filters.size());
  if (filters.empty()) return std::move(done)(std::error_code(), std::string(), std::move(out));
  protocol::delete_acls_request req;
  for (const auto& f : filters) {
    req.filters.emplace_back();
    fill_filter(req.filters.back(), f);
  }
  using Resp = protocol::delete_acls_response;
  a.send(any, std::move(req), a.deadline(options), [](const Resp&) { return std::error_code(); },
         [out = std::move(out), done = std::move(done)](std::error_code ec, std::string detail,
                                                        net::reply<Resp> r) mutable {
           for (std::size_t k = 0; k < out.size(); ++k) {
             const std::string name = "filter " + std::to_string(k);
             if (ec) {
               out[k].error = {ec, "DeleteAcls " + name + ": " + detail};
               continue;
             }
             if (k >= r.body.filter_results.size()) {
               out[k].error = {client_errc::invalid_value, "DeleteAcls " + name + ": the broker's answer left this filter out"};
               continue;
             }
             auto& fr = r.body.filter_results[k];
             out[k].error = item_error("DeleteAcls", name, fr.error_code, fr.error_message);
             for (auto& m : fr.matching_acls) {
               result<acl_binding> b;
               b.value = from_wire(m.resource_type, std::move(m.resource_name), m.pattern_type, std::move(m.principal),
                                   std::move(m.host), m.operation, m.permission_type);
               b.error = item_error("DeleteAcls", describe(b.value), m.error_code, m.error_message);
               out[k].value.deleted.push_back(std::move(b));
             }
           }
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

// ---- SCRAM users ----

void describe_user_scram_credentials(admin_core& a, std::vector<std::string> users, admin_options options,
                                     admin_core::detailed<user_scram_credentials> done) {
  protocol::describe_user_scram_credentials_request req;
  if (users.empty()) req.users = std::nullopt;  // every user
  else
    for (auto& u : users) req.users->push_back({std::move(u), {}});
  using Resp = protocol::describe_user_scram_credentials_response;
  a.send(any, std::move(req), a.deadline(options), top_level_error<Resp>(),
         [done = std::move(done)](std::error_code ec, std::string detail, net::reply<Resp> r) mutable {
           user_scram_credentials out;
           if (ec)
             return std::move(done)(ec, top_level_detail("DescribeUserScramCredentials", r.body, std::move(detail)),
                                    std::move(out));
           for (auto& u : r.body.results) {
             auto& item = out[u.user];
             item.error = item_error("DescribeUserScramCredentials", u.user, u.error_code, u.error_message);
             for (const auto& c : u.credential_infos)
               item.value.push_back({static_cast<scram_mechanism>(c.mechanism), c.iterations});
           }
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

namespace {

// The controller refuses a request that names a user twice ("A user credential cannot be
// altered twice in the same request"), even for two mechanisms: each round names a user once,
// and the rounds go one after another.
struct scram_round {
  protocol::alter_user_scram_credentials_request req;
  std::set<std::string> users;
};

struct scram_state {
  explicit scram_state(admin_core::detailed<altered_users> h) : done(std::move(h)) {}
  std::shared_ptr<admin_core> admin;
  admin_core::clock::time_point deadline;
  std::vector<scram_round> rounds;
  std::size_t next = 0;
  altered_users results;
  admin_core::detailed<altered_users> done;
};

// A user's outcome is its first failure, else success.
void record(altered_users& out, const std::string& user, error_info e) {
  auto [it, fresh] = out.try_emplace(user);
  if (fresh || (!it->second.error.failed() && e.failed())) it->second.error = std::move(e);
}

void scram_next(std::shared_ptr<scram_state> st) {
  if (st->next == st->rounds.size())
    return std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
  auto& round = st->rounds[st->next++];
  using Resp = protocol::alter_user_scram_credentials_response;
  auto& a = *st->admin;
  a.send([&a] { return a.controller(); }, round.req, st->deadline, [](const Resp&) { return std::error_code(); },
         [st, users = round.users](std::error_code ec, std::string detail, net::reply<Resp> r) mutable {
           std::set<std::string> answered;
           if (!ec)
             for (const auto& u : r.body.results)
               if (users.count(u.user)) {
                 record(st->results, u.user, item_error("AlterUserScramCredentials", u.user, u.error_code, u.error_message));
                 answered.insert(u.user);
               }
           for (const auto& user : users)
             if (!answered.count(user))
               record(st->results, user,
                      ec ? error_info{ec, "AlterUserScramCredentials " + user + ": " + detail}
                         : error_info{client_errc::invalid_value,
                                      "AlterUserScramCredentials " + user + ": the broker's answer left this user out"});
           scram_next(std::move(st));
         });
}

}  // namespace

void alter_user_scram_credentials(admin_core& a, std::vector<scram_upsertion> upsertions,
                                  std::vector<scram_deletion> deletions, admin_options options,
                                  admin_core::detailed<altered_users> done) {
  auto st = std::make_shared<scram_state>(std::move(done));
  st->admin = a.shared_from_this();
  st->deadline = a.deadline(options);
  std::set<std::string> refused;  // a user with one bad alteration is not sent at all
  const auto bad = [&](const std::string& user, std::string what) {
    record(st->results, user,
           {broker_errc::invalid_request, "AlterUserScramCredentials " + user + ": " + std::move(what)});
    refused.insert(user);
  };
  std::vector<protocol::alter_user_scram_credentials_request::scram_credential_upsertion> ups;
  for (const auto& u : upsertions) {
    if (u.mechanism != scram_mechanism::sha_256 && u.mechanism != scram_mechanism::sha_512) {
      bad(u.user, "the mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512");
      continue;
    }
    protocol::bytes salt(u.salt.begin(), u.salt.end());
    if (salt.empty()) salt = net::secure_random_bytes(32);
    if (salt.empty()) {
      bad(u.user, "RAND_bytes failed to make a salt");
      continue;
    }
    const auto hash = u.mechanism == scram_mechanism::sha_256 ? net::scram_hash::sha256 : net::scram_hash::sha512;
    auto salted = net::scram_salted_password(hash, u.password, salt, u.iterations);
    if (salted.empty()) {
      bad(u.user, "PBKDF2 failed in OpenSSL (iterations " + std::to_string(u.iterations) + ")");
      continue;
    }
    ups.push_back({u.user, static_cast<std::int8_t>(u.mechanism), u.iterations, std::move(salt), std::move(salted), {}});
  }
  const auto round_for = [&](const std::string& user) -> scram_round& {
    std::size_t k = 0;
    while (k < st->rounds.size() && st->rounds[k].users.count(user)) ++k;
    if (k == st->rounds.size()) st->rounds.emplace_back();
    st->rounds[k].users.insert(user);
    return st->rounds[k];
  };
  for (auto& d : deletions)
    if (!refused.count(d.user)) round_for(d.user).req.deletions.push_back({d.user, static_cast<std::int8_t>(d.mechanism), {}});
  for (auto& u : ups)
    if (!refused.count(u.name)) round_for(u.name).req.upsertions.push_back(std::move(u));
  scram_next(std::move(st));
}

// ---- client quotas ----

void describe_client_quotas(admin_core& a, quota_filter filter, admin_options options,
                            admin_core::detailed<client_quotas> done) {
  protocol::describe_client_quotas_request req;
  for (const auto& c : filter.components) {
    using mk = quota_filter_component::match_kind;
    req.components.push_back({c.entity_type, static_cast<std::int8_t>(c.match),
                              c.match == mk::exact ? std::optional<std::string>(c.name) : std::nullopt, {}});
  }
  req.strict = filter.strict;
  using Resp = protocol::describe_client_quotas_response;
  a.send(any, std::move(req), a.deadline(options), top_level_error<Resp>(),
         [done = std::move(done)](std::error_code ec, std::string detail, net::reply<Resp> r) mutable {
           client_quotas out;
           if (ec)
             return std::move(done)(ec, top_level_detail("DescribeClientQuotas", r.body, std::move(detail)), std::move(out));
           if (r.body.entries)
             for (auto& e : *r.body.entries) {
               quota_entity entity;
               for (auto& part : e.entity) entity[part.entity_type] = part.entity_name;
               auto& values = out[entity];
               for (const auto& v : e.values) values[v.key] = v.value;
             }
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

void alter_client_quotas(admin_core& a, std::vector<quota_alteration> alterations, alter_client_quotas_options options,
                         admin_core::detailed<altered_quotas> done) {
  altered_quotas out;
  protocol::alter_client_quotas_request req;
  req.validate_only = options.validate_only;
  for (const auto& alt : alterations) {
    if (out.count(alt.entity)) {
      out[alt.entity].error = {broker_errc::invalid_request,
                               "AlterClientQuotas " + describe(alt.entity) + ": named twice in one call"};
      continue;
    }
    out[alt.entity];  // an outcome for every entity, filled from the answer
    protocol::alter_client_quotas_request::entry_data e;
    for (const auto& [type, name] : alt.entity) e.entity.push_back({type, name, {}});
    for (const auto& [key, value] : alt.ops) e.ops.push_back({key, value.value_or(0), !value.has_value(), {}});
    req.entries.push_back(std::move(e));
  }
  // An entity named twice is not sent at all (the broker would answer for it once).
  std::erase_if(req.entries, [&](const auto& e) {
    quota_entity entity;
    for (const auto& part : e.entity) entity[part.entity_type] = part.entity_name;
    return out.at(entity).error.failed();
  });
  if (req.entries.empty()) return std::move(done)(std::error_code(), std::string(), std::move(out));
  using Resp = protocol::alter_client_quotas_response;
  a.send([&a] { return a.controller(); }, std::move(req), a.deadline(options),
         [](const Resp&) { return std::error_code(); },
         [out = std::move(out), done = std::move(done)](std::error_code ec, std::string detail,
                                                        net::reply<Resp> r) mutable {
           std::set<quota_entity> answered;
           if (!ec)
             for (const auto& e : r.body.entries) {
               quota_entity entity;
               for (const auto& part : e.entity) entity[part.entity_type] = part.entity_name;
               auto it = out.find(entity);
               if (it == out.end() || it->second.error.failed()) continue;
               it->second.error = item_error("AlterClientQuotas", describe(entity), e.error_code, e.error_message);
               answered.insert(entity);
             }
           for (auto& [entity, item] : out) {
             if (item.error.failed() || answered.count(entity)) continue;
             item.error = ec ? error_info{ec, "AlterClientQuotas " + describe(entity) + ": " + detail}
                             : error_info{client_errc::invalid_value,
                                          "AlterClientQuotas " + describe(entity) + ": the broker's answer left this entity out"};
           }
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

}  // namespace admin_detail
}  // namespace kwire::client
