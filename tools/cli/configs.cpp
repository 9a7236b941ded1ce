// kwire configs describe|alter: kafka-configs.sh's --describe and --alter.
//   kwire configs describe --entity-type topics --entity-name orders [--all] [--synonyms] [--documentation]
//   kwire configs alter --entity-type topics --entity-name orders --add-config retention.ms=3600000,cleanup.policy=[delete,compact]
//                       [--delete-config k,...] [--append-config k=v,...] [--subtract-config k=v,...] [--validate-only]

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/partition_args.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;
using client::config_resource_type;

int usage(std::FILE* out, int code) {
  std::fprintf(out,
      "usage: kwire configs describe --entity-type TYPE (--entity-name NAME | --entity-default) [--all] [--synonyms]\n"
      "                               [--documentation] [--keys k,...] [common flags]\n"
      "       kwire configs alter --entity-type TYPE (--entity-name NAME | --entity-default)\n"
      "                           [--add-config k=v,k2=[a,b]] [--delete-config k,...] [--append-config k=v,...]\n"
      "                           [--subtract-config k=v,...] [--validate-only] [common flags]\n"
      "  TYPE: topics, brokers, broker-loggers, groups, client-metrics (a broker is named by its node id;\n"
      "        --entity-default: the cluster-wide broker default).\n"
      "  describe shows the configs set dynamically (as kafka-configs.sh); --all shows every config.\n"
      "  common flags: -b HOST:PORT (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE, --json\n");
  return code;
}

bool entity_type(std::string_view t, config_resource_type& out) {
  if (t == "topics" || t == "topic") out = config_resource_type::topic;
  else if (t == "brokers" || t == "broker") out = config_resource_type::broker;
  else if (t == "broker-loggers" || t == "broker-logger") out = config_resource_type::broker_logger;
  else if (t == "groups" || t == "group") out = config_resource_type::group;
  else if (t == "client-metrics") out = config_resource_type::client_metrics;
  else return false;
  return true;
}

// What kafka-configs.sh --describe shows without --all: the values set dynamically on this very
// resource (a topic's own overrides, not the cluster defaults it inherits).
bool set_here(const client::config_resource& r, client::config_source s) {
  using client::config_source;
  switch (r.type) {
    case config_resource_type::topic: return s == config_source::dynamic_topic;
    case config_resource_type::broker:
      return s == (r.name.empty() ? config_source::dynamic_default_broker : config_source::dynamic_broker);
    case config_resource_type::group: return s == config_source::group;
    case config_resource_type::client_metrics: return s == config_source::client_metrics;
    default: return true;  // broker loggers: every logger
  }
}

std::string opt_json(const std::optional<std::string>& v) { return v ? cli::json_string(*v) : "null"; }

std::string entry_json(const client::config_entry& e) {
  std::vector<std::string> synonyms;
  for (const auto& s : e.synonyms)
    synonyms.push_back(cli::json_object({{"name", cli::json_string(s.name)}, {"value", opt_json(s.value)},
                                         {"source", cli::json_string(client::to_string(s.source))}}));
  std::vector<std::pair<std::string, std::string>> f{
      {"name", cli::json_string(e.name)},
      {"value", opt_json(e.value)},
      {"source", cli::json_string(client::to_string(e.source))},
      {"default", e.is_default ? "true" : "false"},
      {"read_only", e.read_only ? "true" : "false"},
      {"sensitive", e.sensitive ? "true" : "false"},
      {"type", cli::json_string(client::to_string(e.type))},
      {"synonyms", cli::json_list(synonyms)}};
  if (e.documentation) f.push_back({"documentation", cli::json_string(*e.documentation)});
  return cli::json_object(f);
}

}  // namespace

int configs_main(int argc, char** argv) {
  cli::admin_command cmd("configs", argc, argv);
  if (!cmd.error().empty()) return usage(stderr, 2);
  if (cmd.help()) return usage(stdout, 0);
  const auto& rest = cmd.rest();
  if (rest.empty()) return usage(stderr, 2);
  const std::string action = rest[0];
  if (action != "describe" && action != "alter") return cli::unknown_action("configs", action, {"describe", "alter"});

  client::config_resource resource;
  bool have_type = false, have_name = false, all = false, validate_only = false;
  client::describe_configs_options dopts;
  std::vector<client::config_op> ops;
  std::string bad;
  for (std::size_t i = 1; i < rest.size() && bad.empty(); ++i) {
    const std::string& a = rest[i];
    const bool has_value = i + 1 < rest.size();
    const auto add_ops = [&](client::config_op_type op, bool needs_value) {
      for (const auto& item : cli::split_top_level(rest[++i])) {
        const auto eq = item.find('=');
        if (needs_value && eq == std::string::npos) return void(bad = a + " takes k=v pairs: '" + item + "'");
        std::string name = item.substr(0, eq);
        std::optional<std::string> value;
        if (needs_value) {
          value = item.substr(eq + 1);
          if (value->size() >= 2 && value->front() == '[' && value->back() == ']') value = value->substr(1, value->size() - 2);
        }
        ops.push_back({std::move(name), op, std::move(value)});
      }
    };
    if (a == "--entity-type" && has_value) {
      if (!entity_type(rest[++i], resource.type)) bad = "unknown --entity-type '" + rest[i] + "'";
      have_type = true;
    } else if (a == "--entity-name" && has_value) {
      resource.name = rest[++i];
      have_name = true;
    } else if (a == "--entity-default") {
      resource.name = "";
      have_name = true;
    } else if (a == "--all" && action == "describe") {
      all = true;
    } else if (a == "--synonyms" && action == "describe") {
      dopts.include_synonyms = true;
    } else if (a == "--documentation" && action == "describe") {
      dopts.include_documentation = true;
    } else if (a == "--keys" && has_value && action == "describe") {
      dopts.keys = cli::split_top_level(rest[++i]);
      all = true;
    } else if (a == "--add-config" && has_value && action == "alter") {
      add_ops(client::config_op_type::set, true);
    } else if (a == "--delete-config" && has_value && action == "alter") {
      add_ops(client::config_op_type::remove, false);
    } else if (a == "--append-config" && has_value && action == "alter") {
      add_ops(client::config_op_type::append, true);
    } else if (a == "--subtract-config" && has_value && action == "alter") {
      add_ops(client::config_op_type::subtract, true);
    } else if (a == "--validate-only" && action == "alter") {
      validate_only = true;
    } else {
      bad = "unexpected '" + a + "'" + (has_value ? "" : " (or its value is missing)");
    }
  }
  if (bad.empty() && (!have_type || !have_name)) bad = "--entity-type and --entity-name (or --entity-default) are required";
  if (bad.empty() && action == "alter" && ops.empty()) bad = "nothing to alter: --add-config, --delete-config, ...";
  if (!bad.empty()) {
    std::fprintf(stderr, "kwire configs %s: %s\n", action.c_str(), bad.c_str());
    return usage(stderr, 2);
  }
  auto admin = cmd.connect();
  if (!admin) return 2;

  try {
    if (action == "alter") {
      client::alter_configs_options o;
      o.validate_only = validate_only;
      auto r = admin->alter_configs({{resource, ops}}, o).at(resource);
      if (!r) {
        std::fprintf(stderr, "kwire configs alter: %s\n", r.error.message().c_str());
        return 1;
      }
      if (cmd.json())
        std::printf("%s\n", cli::json_object({{"resource", cli::json_string(client::to_string(resource))},
                                              {"validate_only", validate_only ? "true" : "false"},
                                              {"altered", "true"}}).c_str());
      else
        std::printf("%s configs for %s.\n", validate_only ? "Validated (not applied)" : "Completed updating",
                    client::to_string(resource).c_str());
      return 0;
    }
    auto r = admin->describe_configs({resource}, dopts).at(resource);
    if (!r) {
      std::fprintf(stderr, "kwire configs describe: %s\n", r.error.message().c_str());
      return 1;
    }
    std::vector<const client::config_entry*> shown;
    for (const auto& [name, e] : r.value)
      if (all || set_here(resource, e.source)) shown.push_back(&e);
    if (cmd.json()) {
      std::vector<std::string> items;
      for (const auto* e : shown) items.push_back(entry_json(*e));
      std::printf("%s\n", cli::json_object({{"resource", cli::json_object({{"type", cli::json_string(client::to_string(resource.type))},
                                                                            {"name", cli::json_string(resource.name)}})},
                                            {"configs", cli::json_list(items)}}).c_str());
      return 0;
    }
    cli::table t({"NAME", "VALUE", "SOURCE", "TYPE", "FLAGS"});
    for (const auto* e : shown) {
      std::string flags;
      if (e->read_only) flags += "read-only ";
      if (e->sensitive) flags += "sensitive ";
      if (!flags.empty()) flags.pop_back();
      t.add({e->name, e->sensitive && !e->value ? "(sensitive)" : e->value.value_or("null"), client::to_string(e->source),
             client::to_string(e->type), flags});
      for (const auto& s : e->synonyms)
        t.add({"  synonym " + s.name, s.value.value_or("null"), client::to_string(s.source), "", ""});
      if (e->documentation) t.add({"  doc", *e->documentation, "", "", ""});
    }
    if (t.empty()) std::printf("No dynamic configs for %s (--all shows every config).\n", client::to_string(resource).c_str());
    else t.print();
    return 0;
  } catch (const kwire::error& e) {
    return cli::fail("configs", action, e);
  }
}
