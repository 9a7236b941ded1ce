// kwire acls: list, add and remove ACLs, with kafka-acls.sh's flags.
//   kwire acls list   [RESOURCE...] [--resource-pattern-type T] [--principal P]
//   kwire acls add    --allow-principal P | --deny-principal P ... --operation OP ... RESOURCE...
//   kwire acls remove [--allow-principal P | --deny-principal P ...] [--operation OP ...] [RESOURCE...]
// RESOURCE: --topic T | --group G | --cluster | --transactional-id ID (each repeatable).

#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

constexpr const char* name = "acls";

int usage(bool asked) {
  std::fprintf(asked ? stdout : stderr,
               "usage: kwire acls list   [RESOURCE...] [--resource-pattern-type any|match|literal|prefixed] [--principal P]\n"
               "       kwire acls add    (--allow-principal P | --deny-principal P)... --operation OP... RESOURCE...\n"
               "                         [--allow-host H] [--deny-host H] [--resource-pattern-type literal|prefixed]\n"
               "       kwire acls remove [--allow-principal P | --deny-principal P]... [--operation OP]... [RESOURCE...]\n"
               "                         [--resource-pattern-type any|match|literal|prefixed]\n"
               "RESOURCE: --topic T | --group G | --cluster | --transactional-id ID (each repeatable)\n"
               "OP: Read Write Create Delete Alter Describe ClusterAction DescribeConfigs AlterConfigs\n"
               "    IdempotentWrite CreateTokens DescribeTokens All\n"
               "Common: -b HOST:PORT[,...] (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE, --json\n"
               "ACLs need a broker with an authorizer (authorizer.class.name).\n");
  return asked ? 0 : 2;
}

struct resource {
  resource_type type;
  std::string name;
};

struct flags {
  std::vector<resource> resources;
  std::vector<std::string> allow, deny;  // principals
  std::string allow_host = "*", deny_host = "*";
  std::vector<acl_operation> operations;
  std::optional<pattern_type> pattern;
  std::optional<std::string> principal;  // list
};

bool bad(const std::string& what) {
  std::fprintf(stderr, "kwire %s: %s\n", name, what.c_str());
  return false;
}

bool parse(const std::vector<std::string>& args, flags& f) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    const auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--cluster") {
      f.resources.push_back({resource_type::cluster, "kafka-cluster"});
      continue;
    }
    const std::string* v = nullptr;
    if (a == "--topic" || a == "--group" || a == "--transactional-id" || a == "--allow-principal" ||
        a == "--deny-principal" || a == "--allow-host" || a == "--deny-host" || a == "--operation" ||
        a == "--resource-pattern-type" || a == "--principal") {
      if (!(v = value())) return bad(a + " needs a value");
    } else {
      return bad("unknown flag '" + a + "' (kwire acls --help)");
    }
    if (a == "--topic") f.resources.push_back({resource_type::topic, *v});
    else if (a == "--group") f.resources.push_back({resource_type::group, *v});
    else if (a == "--transactional-id") f.resources.push_back({resource_type::transactional_id, *v});
    else if (a == "--allow-principal") f.allow.push_back(*v);
    else if (a == "--deny-principal") f.deny.push_back(*v);
    else if (a == "--allow-host") f.allow_host = *v;
    else if (a == "--deny-host") f.deny_host = *v;
    else if (a == "--principal") f.principal = *v;
    else if (a == "--operation") {
      auto op = parse_acl_operation(*v);
      if (!op || *op == acl_operation::unknown) return bad("unknown operation '" + *v + "'");
      f.operations.push_back(*op);
    } else if (a == "--resource-pattern-type") {
      f.pattern = parse_pattern_type(*v);
      if (!f.pattern || *f.pattern == pattern_type::unknown) return bad("unknown pattern type '" + *v + "'");
    }
  }
  return true;
}

std::string binding_json(const acl_binding& b) {
  using cli::json_string;
  return cli::json_object({{"resource_type", json_string(to_string(b.type))},
                           {"name", json_string(b.name)},
                           {"pattern_type", json_string(to_string(b.pattern))},
                           {"principal", json_string(b.principal)},
                           {"host", json_string(b.host)},
                           {"operation", json_string(to_string(b.operation))},
                           {"permission", json_string(to_string(b.permission))}});
}

std::vector<std::string> binding_row(const acl_binding& b) {
  return {std::string(to_string(b.type)), b.name,   std::string(to_string(b.pattern)), b.principal,
          b.host, std::string(to_string(b.operation)), std::string(to_string(b.permission))};
}
const std::vector<std::string> binding_header = {"RESOURCE", "NAME", "PATTERN", "PRINCIPAL", "HOST", "OPERATION", "PERMISSION"};

std::string error_json(const error_info& e) { return e.failed() ? cli::json_string(e.message()) : "null"; }

int list(cli::admin_command& cmd, const flags& f) {
  if (!f.allow.empty() || !f.deny.empty() || !f.operations.empty())
    return bad("list takes resources, --resource-pattern-type and --principal"), 2;
  auto admin = cmd.connect();
  if (!admin) return 2;
  std::vector<acl_filter> filters;
  for (const auto& r : f.resources)
    filters.push_back({.type = r.type, .name = r.name, .pattern = f.pattern.value_or(pattern_type::literal), .principal = f.principal});
  if (filters.empty()) filters.push_back({.pattern = f.pattern.value_or(pattern_type::any), .principal = f.principal});
  acl_bindings all;
  try {
    for (const auto& filter : filters) {
      auto got = admin->describe_acls(filter);
      all.insert(all.end(), got.begin(), got.end());
    }
  } catch (const kwire::error& e) {
    return cli::fail(name, "list", e);
  }
  if (cmd.json()) {
    std::vector<std::string> items;
    for (const auto& b : all) items.push_back(binding_json(b));
    std::printf("%s\n", cli::json_object({{"acls", cli::json_list(items)}}).c_str());
  } else {
    cli::table t(binding_header);
    for (const auto& b : all) t.add(binding_row(b));
    t.print();
  }
  return 0;
}

// Every principal x operation x resource, allow and deny.
template <class Out, class Make>
void product(const flags& f, Make make, std::vector<Out>& out) {
  for (const auto& r : f.resources)
    for (const auto& [principals, host, permission] :
         {std::tuple{&f.allow, &f.allow_host, acl_permission::allow}, std::tuple{&f.deny, &f.deny_host, acl_permission::deny}})
      for (const auto& p : *principals)
        for (auto op : f.operations) out.push_back(make(r, p, *host, op, permission));
}

int add(cli::admin_command& cmd, const flags& f) {
  if (f.resources.empty()) return bad("add needs a resource (--topic, --group, --cluster, --transactional-id)"), 2;
  if (f.allow.empty() && f.deny.empty()) return bad("add needs --allow-principal or --deny-principal"), 2;
  if (f.operations.empty()) return bad("add needs --operation"), 2;
  const auto pattern = f.pattern.value_or(pattern_type::literal);
  if (pattern != pattern_type::literal && pattern != pattern_type::prefixed)
    return bad("add takes --resource-pattern-type literal or prefixed"), 2;
  acl_bindings bindings;
  product(f, [&](const resource& r, const std::string& p, const std::string& host, acl_operation op, acl_permission perm) {
    return acl_binding{r.type, r.name, pattern, p, host, op, perm};
  }, bindings);
  auto admin = cmd.connect();
  if (!admin) return 2;
  created_acls made;
  try {
    made = admin->create_acls(bindings);
  } catch (const kwire::error& e) {
    return cli::fail(name, "add", e);
  }
  int rc = 0;
  std::vector<std::string> items;
  auto header = binding_header;
  header.push_back("RESULT");
  cli::table t(header);
  for (const auto& r : made) {
    if (!r) rc = 1;
    items.push_back(cli::json_object({{"acl", binding_json(r.value)}, {"error", error_json(r.error)}}));
    auto row = binding_row(r.value);
    row.push_back(r ? "added" : r.error.message());
    t.add(row);
  }
  if (cmd.json()) std::printf("%s\n", cli::json_object({{"results", cli::json_list(items)}}).c_str());
  else t.print();
  return rc;
}

int remove(cli::admin_command& cmd, const flags& f) {
  std::vector<acl_filter> filters;
  const auto pattern = f.pattern.value_or(pattern_type::literal);
  std::vector<resource> resources = f.resources;
  if (resources.empty()) resources.push_back({resource_type::any, ""});
  for (const auto& r : resources) {
    std::vector<std::pair<std::optional<std::string>, acl_permission>> who;
    for (const auto& p : f.allow) who.push_back({p, acl_permission::allow});
    for (const auto& p : f.deny) who.push_back({p, acl_permission::deny});
    if (who.empty()) who.push_back({std::nullopt, acl_permission::any});
    std::vector<acl_operation> ops = f.operations;
    if (ops.empty()) ops.push_back(acl_operation::any);
    for (const auto& [p, perm] : who)
      for (auto op : ops)
        filters.push_back({.type = r.type,
                           .name = r.type == resource_type::any ? std::nullopt : std::optional<std::string>(r.name),
                           .pattern = r.type == resource_type::any ? f.pattern.value_or(pattern_type::any) : pattern,
                           .principal = p,
                           .operation = op,
                           .permission = perm});
  }
  if (f.resources.empty() && f.allow.empty() && f.deny.empty())
    return bad("remove needs a resource or a principal (it would remove every ACL)"), 2;
  auto admin = cmd.connect();
  if (!admin) return 2;
  deleted_acls gone;
  try {
    gone = admin->delete_acls(filters);
  } catch (const kwire::error& e) {
    return cli::fail(name, "remove", e);
  }
  int rc = 0;
  std::vector<std::string> items;
  auto header = binding_header;
  header.push_back("RESULT");
  cli::table t(header);
  for (const auto& r : gone) {
    if (!r) {
      rc = 1;
      std::fprintf(stderr, "kwire acls: remove: %s\n", r.error.message().c_str());
      items.push_back(cli::json_object({{"acl", "null"}, {"error", error_json(r.error)}}));
    }
    for (const auto& b : r.value.deleted) {
      if (!b) rc = 1;
      items.push_back(cli::json_object({{"acl", binding_json(b.value)}, {"error", error_json(b.error)}}));
      auto row = binding_row(b.value);
      row.push_back(b ? "removed" : b.error.message());
      t.add(row);
    }
  }
  if (cmd.json()) std::printf("%s\n", cli::json_object({{"results", cli::json_list(items)}}).c_str());
  else if (t.empty()) std::printf("no ACL matched\n");
  else t.print();
  return rc;
}

}  // namespace

int acls_main(int argc, char** argv) {
  cli::admin_command cmd(name, argc, argv);
  if (!cmd.error().empty()) return 2;
  if (cmd.help()) return usage(true);
  if (cmd.rest().empty()) return usage(false);
  const auto& action = cmd.rest()[0];
  static const std::vector<std::string_view> actions = {"list", "add", "remove"};
  if (action != "list" && action != "add" && action != "remove") return cli::unknown_action(name, action, actions);
  flags f;
  if (!parse(cmd.rest(), f)) return 2;
  if (action == "list") return list(cmd, f);
  if (action == "add") return add(cmd, f);
  return remove(cmd, f);
}
