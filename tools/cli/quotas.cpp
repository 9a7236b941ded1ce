// kwire quotas: client quotas with kafka-configs.sh's entity flags.
//   kwire quotas describe [ENTITY...] [--strict]
//   kwire quotas alter ENTITY... [--add-config k=v[,k=v]] [--delete-config k[,k]] [--validate-only]
// ENTITY: --entity-type users|clients|ips followed by --entity-name N or --entity-default
// (several types name one entity: --entity-type users --entity-name alice --entity-type clients
// --entity-name app). describe with a type and no name matches every entity of that type.

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

constexpr const char* name = "quotas";

int usage(bool asked) {
  std::fprintf(asked ? stdout : stderr,
               "usage: kwire quotas describe [ENTITY...] [--strict]\n"
               "       kwire quotas alter ENTITY... [--add-config k=v[,k=v]] [--delete-config k[,k]] [--validate-only]\n"
               "ENTITY: --entity-type users|clients|ips, then --entity-name N or --entity-default\n"
               "keys: producer_byte_rate consumer_byte_rate request_percentage controller_mutation_rate\n"
               "      connection_creation_rate (ips)\n"
               "Common: -b HOST:PORT[,...] (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE, --json\n");
  return asked ? 0 : 2;
}

int bad(const std::string& what) {
  std::fprintf(stderr, "kwire %s: %s\n", name, what.c_str());
  return 2;
}

// kafka-configs.sh's entity types -> the quota API's.
std::optional<std::string> entity_type(const std::string& t) {
  if (t == "users" || t == "user") return "user";
  if (t == "clients" || t == "client-id") return "client-id";
  if (t == "ips" || t == "ip") return "ip";
  return std::nullopt;
}

struct part {
  std::string type;
  enum { any, named, default_entity } which = any;
  std::string name;
};

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string quota_value(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

int quotas_main(int argc, char** argv) {
  cli::admin_command cmd(name, argc, argv);
  if (!cmd.error().empty()) return 2;
  if (cmd.help()) return usage(true);
  const auto& rest = cmd.rest();
  if (rest.empty()) return usage(false);
  const auto& action = rest[0];
  static const std::vector<std::string_view> actions = {"describe", "alter"};
  if (action != "describe" && action != "alter") return cli::unknown_action(name, action, actions);

  std::vector<part> parts;
  std::map<std::string, std::optional<double>> ops;
  bool strict = false, validate_only = false;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    const auto& a = rest[i];
    if (a == "--entity-default") {
      if (parts.empty()) return bad("--entity-default must follow --entity-type");
      parts.back().which = part::default_entity;
      continue;
    }
    if (a == "--strict") {
      strict = true;
      continue;
    }
    if (a == "--validate-only") {
      validate_only = true;
      continue;
    }
    if (a != "--entity-type" && a != "--entity-name" && a != "--add-config" && a != "--delete-config")
      return bad("unknown flag '" + a + "' (kwire quotas --help)");
    if (i + 1 >= rest.size()) return bad(a + " needs a value");
    const auto& v = rest[++i];
    if (a == "--entity-type") {
      auto t = entity_type(v);
      if (!t) return bad("unknown entity type '" + v + "' (users, clients or ips)");
      parts.push_back({*t});
    } else if (a == "--entity-name") {
      if (parts.empty()) return bad("--entity-name must follow --entity-type");
      parts.back().which = part::named;
      parts.back().name = v;
    } else if (a == "--add-config") {
      for (const auto& kv : split(v)) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos) return bad("--add-config takes key=value, not '" + kv + "'");
        try {
          std::size_t used = 0;
          const auto value = kv.substr(eq + 1);
          ops[kv.substr(0, eq)] = std::stod(value, &used);
          if (used != value.size()) throw std::invalid_argument(value);
        } catch (const std::exception&) {
          return bad("--add-config " + kv + ": the value is not a number");
        }
      }
    } else {
      for (const auto& k : split(v)) ops[k] = std::nullopt;
    }
  }

  if (action == "describe") {
    if (!ops.empty() || validate_only) return bad("describe takes entities and --strict");
    quota_filter filter;
    filter.strict = strict;
    for (const auto& p : parts) {
      using mk = quota_filter_component::match_kind;
      filter.components.push_back({p.type, p.which == part::named ? mk::exact : p.which == part::any ? mk::any : mk::default_entity, p.name});
    }
    auto admin = cmd.connect();
    if (!admin) return 2;
    client_quotas got;
    try {
      got = admin->describe_client_quotas(filter);
    } catch (const kwire::error& e) {
      return cli::fail(name, "describe", e);
    }
    std::vector<std::string> items;
    cli::table t({"ENTITY", "QUOTA", "VALUE"});
    for (const auto& [entity, values] : got) {
      std::vector<std::pair<std::string, std::string>> ent, vals;
      for (const auto& [type, n] : entity) ent.push_back({type, n ? cli::json_string(*n) : "null"});
      for (const auto& [k, v] : values) {
        vals.push_back({k, quota_value(v)});
        t.add({describe(entity), k, quota_value(v)});
      }
      items.push_back(cli::json_object({{"entity", cli::json_object(ent)}, {"quotas", cli::json_object(vals)}}));
    }
    if (cmd.json()) std::printf("%s\n", cli::json_object({{"entries", cli::json_list(items)}}).c_str());
    else t.print();
    return 0;
  }

  if (parts.empty()) return bad("alter needs an entity (--entity-type ... --entity-name N | --entity-default)");
  if (ops.empty()) return bad("alter needs --add-config or --delete-config");
  if (strict) return bad("--strict is for describe");
  quota_entity entity;
  for (const auto& p : parts) {
    if (p.which == part::any) return bad("alter: --entity-type " + p.type + " needs --entity-name or --entity-default");
    if (entity.count(p.type)) return bad("alter: entity type " + p.type + " given twice");
    entity[p.type] = p.which == part::named ? std::optional<std::string>(p.name) : std::nullopt;
  }
  auto admin = cmd.connect();
  if (!admin) return 2;
  alter_client_quotas_options options;
  options.validate_only = validate_only;
  altered_quotas out;
  try {
    out = admin->alter_client_quotas({{entity, ops}}, options);
  } catch (const kwire::error& e) {
    return cli::fail(name, "alter", e);
  }
  const auto& r = out.at(entity);
  if (cmd.json())
    std::printf("%s\n", cli::json_object({{"entity", cli::json_string(describe(entity))},
                                          {"error", r ? "null" : cli::json_string(r.error.message())}})
                            .c_str());
  else if (r)
    std::printf("%s %s\n", validate_only ? "valid (nothing changed):" : "altered:", describe(entity).c_str());
  else
    std::fprintf(stderr, "kwire quotas: alter: %s\n", r.error.message().c_str());
  return r ? 0 : 1;
}
