// kwire groups list|describe|delete|delete-offsets|reset-offsets|remove-members: what
// kafka-consumer-groups.sh does.
//   kwire groups list [--state S,...] [--type T,...]
//   kwire groups describe -g G [-g G2 ...] [--members | --state]
//   kwire groups delete -g G [-g G2 ...]
//   kwire groups delete-offsets -g G --topic T[:P,...]
//   kwire groups reset-offsets -g G (--topic T[:P,...] ... | --all-topics)
//       (--to-earliest | --to-latest | --to-offset N | --shift-by N | --to-datetime 2026-12-07T10:00:00[.000])
//       [--execute]                  (without it: a dry run that prints the plan)
//   kwire groups remove-members -g G --instance-id ID [--instance-id ID2 ...]

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/partition_args.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

int usage(std::FILE* out, int code) {
  std::fprintf(out,
      "usage: kwire groups list [--state S,...] [--type classic|consumer|share,...]\n"
      "       kwire groups describe -g GROUP [-g GROUP ...] [--members | --state] [--include-authorized-operations]\n"
      "            (--include-authorized-operations: the --state table with what this client may do to each group)\n"
      "       kwire groups delete -g GROUP [-g GROUP ...]\n"
      "       kwire groups delete-offsets -g GROUP --topic T[:P,...]\n"
      "       kwire groups reset-offsets -g GROUP (--topic T[:P,...] ... | --all-topics)\n"
      "            (--to-earliest | --to-latest | --to-offset N | --shift-by N | --to-datetime YYYY-MM-DDTHH:mm:SS[.sss])\n"
      "            [--execute]   (without --execute: a dry run printing the new offsets)\n"
      "       kwire groups remove-members -g GROUP --instance-id ID [--instance-id ID ...]\n"
      "  common flags: -b HOST:PORT (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE, --json\n");
  return code;
}

std::string num(std::optional<std::int64_t> v) { return v ? std::to_string(*v) : "-"; }
std::string num_json(std::optional<std::int64_t> v) { return v ? std::to_string(*v) : "null"; }

struct args {
  std::vector<std::string> groups, topics, states, types, instances;
  bool all_topics = false, execute = false, members = false, state = false, operations = false;
  std::optional<std::string> to;  // earliest, latest, offset, shift, datetime
  std::int64_t to_value = 0;
  std::string bad;
};

args parse(const std::vector<std::string>& rest) {
  args a;
  for (std::size_t i = 1; i < rest.size() && a.bad.empty(); ++i) {
    const std::string& f = rest[i];
    const bool has_value = i + 1 < rest.size();
    const auto number = [&](const char* what) {
      const auto n = cli::parse_int(rest[++i]);
      if (!n) a.bad = std::string(what) + " takes a whole number, not '" + rest[i] + "'";
      return n.value_or(0);
    };
    const auto set_to = [&](const char* kind) {
      if (a.to) a.bad = "give one of --to-earliest, --to-latest, --to-offset, --shift-by, --to-datetime";
      a.to = kind;
    };
    if ((f == "-g" || f == "--group") && has_value) a.groups.push_back(rest[++i]);
    else if ((f == "-t" || f == "--topic") && has_value) a.topics.push_back(rest[++i]);
    else if (f == "--state" && has_value && rest[0] == "list") for (auto& s : cli::split_top_level(rest[++i])) a.states.push_back(s);
    else if (f == "--type" && has_value) for (auto& s : cli::split_top_level(rest[++i])) a.types.push_back(s);
    else if (f == "--instance-id" && has_value) a.instances.push_back(rest[++i]);
    else if (f == "--all-topics") a.all_topics = true;
    else if (f == "--execute") a.execute = true;
    else if (f == "--dry-run") a.execute = false;
    else if (f == "--members") a.members = true;
    else if (f == "--state") a.state = true;
    else if (f == "--include-authorized-operations" && rest[0] == "describe") a.operations = true;
    else if (f == "--to-earliest") set_to("earliest");
    else if (f == "--to-latest") set_to("latest");
    else if (f == "--to-offset" && has_value) set_to("offset"), a.to_value = number("--to-offset");
    else if (f == "--shift-by" && has_value) set_to("shift"), a.to_value = number("--shift-by");
    else if (f == "--to-datetime" && has_value) {
      set_to("datetime");
      const auto ms = cli::parse_datetime(rest[++i]);
      if (!ms) a.bad = "--to-datetime takes YYYY-MM-DDTHH:mm:SS[.sss][Z|+HH:MM], not '" + rest[i] + "'";
      a.to_value = ms.value_or(0);
    } else a.bad = "unexpected '" + f + "'" + (has_value ? "" : " (or its value is missing)");
  }
  return a;
}

int report_failures(const char* what, const std::vector<std::string>& failures) {
  for (const auto& f : failures) std::fprintf(stderr, "kwire groups %s: %s\n", what, f.c_str());
  return failures.empty() ? 0 : 1;
}

int list(blocking_admin& admin, const args& a, bool json) {
  list_groups_options o;
  o.states = a.states;
  o.types = a.types;
  const auto groups = admin.list_groups(o);
  if (json) {
    std::vector<std::string> items;
    for (const auto& g : groups)
      items.push_back(cli::json_object({{"group", cli::json_string(g.group_id)}, {"type", cli::json_string(g.type)},
                                        {"state", cli::json_string(g.state)},
                                        {"protocol_type", cli::json_string(g.protocol_type)}}));
    std::printf("%s\n", cli::json_list(items).c_str());
    return 0;
  }
  cli::table t({"GROUP", "TYPE", "STATE", "PROTOCOL-TYPE"});
  for (const auto& g : groups) t.add({g.group_id, g.type.empty() ? "-" : g.type, g.state, g.protocol_type});
  t.print();
  return 0;
}

// One row per partition the group committed or has assigned, as kafka-consumer-groups.sh --describe.
struct offset_row {
  std::string topic;
  std::int32_t partition = 0;
  std::optional<std::int64_t> current, end, lag;
  const client::group_member* owner = nullptr;
};

std::vector<offset_row> offset_rows(blocking_admin& admin, const std::string& group, const group_description* d) {
  std::map<topic_partition, offset_row> rows;
  for (const auto& r : admin.group_lag(group).rows) {
    auto& row = rows[{r.topic, r.partition}];
    row.topic = r.topic;
    row.partition = r.partition;
    row.current = r.committed && *r.committed >= 0 ? r.committed : std::nullopt;
    row.end = r.end_offset;
    row.lag = r.lag;
  }
  std::map<topic_partition, offset_spec> missing_ends;
  if (d)
    for (const auto& m : d->members)
      for (const auto& tp : m.assignment) {
        auto& row = rows[tp];
        row.topic = tp.topic;
        row.partition = tp.partition;
        row.owner = &m;
        if (!row.end) missing_ends[tp] = offset_spec::latest();
      }
  if (!missing_ends.empty())
    for (auto& [tp, r] : admin.list_offsets(missing_ends))
      if (r) rows[tp].end = r.value.offset;
  std::vector<offset_row> out;
  for (auto& [tp, r] : rows) out.push_back(std::move(r));
  return out;
}

int describe(blocking_admin& admin, const args& a, bool json) {
  if (a.groups.empty()) {
    std::fprintf(stderr, "kwire groups describe: -g GROUP is required\n");
    return usage(stderr, 2);
  }
  describe_groups_options options;
  options.include_authorized_operations = a.operations;
  const auto described = admin.describe_groups(a.groups, options);
  std::vector<std::string> failures, items;
  std::vector<std::string> state_columns{"GROUP", "TYPE", "STATE", "ASSIGNOR", "#MEMBERS"};
  if (a.operations) state_columns.push_back("AUTHORIZED-OPERATIONS");
  cli::table state_t(state_columns);
  cli::table members_t({"GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"});
  cli::table offsets_t({"GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"});
  for (const auto& [group, r] : described) {
    if (!r) {
      failures.push_back(r.error.message());
      continue;
    }
    const auto& d = r.value;
    std::vector<std::string> state_row{group, d.type, d.state, d.assignor.empty() ? "-" : d.assignor,
                                       std::to_string(d.members.size())};
    if (a.operations) state_row.push_back(cli::operations_text(d.authorized_operations));
    state_t.add(std::move(state_row));
    std::vector<std::string> members_json;
    for (const auto& m : d.members) {
      std::string assignment;
      std::vector<std::string> parts_json;
      for (const auto& tp : m.assignment) {
        assignment += (assignment.empty() ? "" : ",") + tp.topic + ":" + std::to_string(tp.partition);
        parts_json.push_back(cli::json_object({{"topic", cli::json_string(tp.topic)}, {"partition", std::to_string(tp.partition)}}));
      }
      members_t.add({group, m.member_id, m.group_instance_id.value_or("-"), m.client_host, m.client_id,
                     std::to_string(m.assignment.size()), assignment.empty() ? "-" : assignment});
      members_json.push_back(cli::json_object({{"member_id", cli::json_string(m.member_id)},
                                               {"group_instance_id", m.group_instance_id ? cli::json_string(*m.group_instance_id) : "null"},
                                               {"client_id", cli::json_string(m.client_id)},
                                               {"host", cli::json_string(m.client_host)},
                                               {"assignment", cli::json_list(parts_json)}}));
    }
    std::vector<std::string> offsets_json;
    if (!a.members && !a.state)
      for (const auto& row : offset_rows(admin, group, &d)) {
        offsets_t.add({group, row.topic, std::to_string(row.partition), num(row.current), num(row.end), num(row.lag),
                       row.owner ? row.owner->member_id : "-", row.owner ? row.owner->client_host : "-",
                       row.owner ? row.owner->client_id : "-"});
        offsets_json.push_back(cli::json_object({{"topic", cli::json_string(row.topic)}, {"partition", std::to_string(row.partition)},
                                                 {"current_offset", num_json(row.current)}, {"log_end_offset", num_json(row.end)},
                                                 {"lag", num_json(row.lag)},
                                                 {"member_id", row.owner ? cli::json_string(row.owner->member_id) : "null"}}));
      }
    std::vector<std::pair<std::string, std::string>> fields{
        {"group", cli::json_string(group)},          {"type", cli::json_string(d.type)},
        {"state", cli::json_string(d.state)},        {"assignor", cli::json_string(d.assignor)},
        {"members", cli::json_list(members_json)}, {"offsets", cli::json_list(offsets_json)}};
    if (a.operations) fields.emplace_back("authorized_operations", cli::operations_json(d.authorized_operations));
    items.push_back(cli::json_object(fields));
  }
  if (json) std::printf("%s\n", cli::json_list(items).c_str());
  else if (a.state || a.operations) state_t.print();
  else if (a.members) members_t.print();
  else if (!offsets_t.empty()) offsets_t.print();
  else if (!state_t.empty()) std::printf("The group has no committed offsets and no assigned partitions.\n");
  return report_failures("describe", failures);
}

int delete_groups(blocking_admin& admin, const args& a, bool json) {
  if (a.groups.empty()) {
    std::fprintf(stderr, "kwire groups delete: -g GROUP is required\n");
    return usage(stderr, 2);
  }
  std::vector<std::string> failures, items;
  for (const auto& [group, r] : admin.delete_groups(a.groups)) {
    if (!r) failures.push_back(r.error.message());
    else if (!json) std::printf("Deleted group %s.\n", group.c_str());
    items.push_back(cli::json_object({{"group", cli::json_string(group)}, {"deleted", r ? "true" : "false"},
                                      {"error", r ? "null" : cli::json_string(r.error.message())}}));
  }
  if (json) std::printf("%s\n", cli::json_list(items).c_str());
  return report_failures("delete", failures);
}

int delete_offsets(blocking_admin& admin, const args& a, bool json) {
  if (a.groups.size() != 1 || a.topics.empty()) {
    std::fprintf(stderr, "kwire groups delete-offsets: one -g GROUP and --topic T[:P,...] are required\n");
    return usage(stderr, 2);
  }
  const auto parts = cli::expand_topics(admin, a.topics);
  std::vector<std::string> failures, items;
  cli::table t({"TOPIC", "PARTITION", "STATUS"});
  for (const auto& [tp, r] : admin.delete_group_offsets(a.groups[0], parts)) {
    if (!r) failures.push_back(r.error.message());
    t.add({tp.topic, std::to_string(tp.partition), r ? "Successful" : "Error: " + r.error.message()});
    items.push_back(cli::json_object({{"topic", cli::json_string(tp.topic)}, {"partition", std::to_string(tp.partition)},
                                      {"error", r ? "null" : cli::json_string(r.error.message())}}));
  }
  if (json) std::printf("%s\n", cli::json_list(items).c_str());
  else t.print();
  return failures.empty() ? 0 : 1;
}

int reset_offsets(blocking_admin& admin, const args& a, bool json) {
  if (a.groups.size() != 1 || (a.topics.empty() == !a.all_topics) || !a.to) {
    std::fprintf(stderr, "kwire groups reset-offsets: one -g GROUP, --topic T[:P,...] or --all-topics, and one "
                         "--to-earliest/--to-latest/--to-offset/--shift-by/--to-datetime are required\n");
    return usage(stderr, 2);
  }
  const auto& group = a.groups[0];
  const auto committed = admin.list_group_offsets(group);
  std::vector<topic_partition> parts;
  if (a.all_topics)
    for (const auto& [tp, o] : committed) parts.push_back(tp);
  else
    parts = cli::expand_topics(admin, a.topics);

  // Where each partition's log starts and ends: the new offsets stay within them, as the Java tool does.
  std::map<topic_partition, offset_spec> lows, highs, times;
  for (const auto& tp : parts) lows[tp] = offset_spec::earliest(), highs[tp] = offset_spec::latest();
  const auto low = admin.list_offsets(lows), high = admin.list_offsets(highs);
  if (*a.to == "datetime") {
    for (const auto& tp : parts) times[tp] = offset_spec::for_time(a.to_value);
  }
  const auto at_time = times.empty() ? listed_offsets{} : admin.list_offsets(times);

  std::vector<std::string> failures;
  group_offsets plan;
  for (const auto& tp : parts) {
    const auto& l = low.at(tp);
    const auto& h = high.at(tp);
    if (!l || !h) {
      failures.push_back((!l ? l : h).error.message());
      continue;
    }
    std::int64_t target = 0;
    if (*a.to == "earliest") target = l.value.offset;
    else if (*a.to == "latest") target = h.value.offset;
    else if (*a.to == "offset") target = a.to_value;
    else if (*a.to == "shift") {
      const auto c = committed.find(tp);
      if (c == committed.end()) {
        failures.push_back(group + " " + tp.topic + "-" + std::to_string(tp.partition) + ": no committed offset to shift");
        continue;
      }
      target = c->second.offset + a.to_value;
    } else {
      const auto& t = at_time.at(tp);
      if (!t) {
        failures.push_back(t.error.message());
        continue;
      }
      target = t.value.offset < 0 ? h.value.offset : t.value.offset;  // nothing that late: the end
    }
    target = std::clamp(target, l.value.offset, h.value.offset);
    plan[tp] = group_offset{target, -1, ""};
  }

  altered_group_offsets applied;
  if (a.execute && !plan.empty()) applied = admin.alter_group_offsets(group, plan);
  std::vector<std::string> items;
  cli::table t({"GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"});
  for (const auto& [tp, o] : plan) {
    std::string error = "null";
    if (a.execute) {
      if (const auto& r = applied.at(tp); !r) failures.push_back(r.error.message()), error = cli::json_string(r.error.message());
    }
    t.add({group, tp.topic, std::to_string(tp.partition), std::to_string(o.offset)});
    items.push_back(cli::json_object({{"group", cli::json_string(group)}, {"topic", cli::json_string(tp.topic)},
                                      {"partition", std::to_string(tp.partition)}, {"new_offset", std::to_string(o.offset)},
                                      {"error", error}}));
  }
  if (json) {
    std::printf("%s\n", cli::json_object({{"executed", a.execute ? "true" : "false"}, {"offsets", cli::json_list(items)}}).c_str());
  } else {
    t.print();
    if (!a.execute) std::fprintf(stderr, "(dry run: nothing changed; add --execute to commit these offsets)\n");
  }
  return report_failures("reset-offsets", failures);
}

int remove_members(blocking_admin& admin, const args& a, bool json) {
  if (a.groups.size() != 1 || a.instances.empty()) {
    std::fprintf(stderr, "kwire groups remove-members: one -g GROUP and --instance-id ID are required\n");
    return usage(stderr, 2);
  }
  std::vector<member_to_remove> who;
  for (const auto& id : a.instances) who.push_back({"", id});
  std::vector<std::string> failures, items;
  for (const auto& [id, r] : admin.remove_members(a.groups[0], who)) {
    if (!r) failures.push_back(r.error.message());
    else if (!json) std::printf("Removed %s from %s.\n", id.c_str(), a.groups[0].c_str());
    items.push_back(cli::json_object({{"instance_id", cli::json_string(id)}, {"removed", r ? "true" : "false"},
                                      {"error", r ? "null" : cli::json_string(r.error.message())}}));
  }
  if (json) std::printf("%s\n", cli::json_list(items).c_str());
  return report_failures("remove-members", failures);
}

}  // namespace

int groups_main(int argc, char** argv) {
  cli::admin_command cmd("groups", argc, argv);
  if (!cmd.error().empty()) return usage(stderr, 2);
  if (cmd.help()) return usage(stdout, 0);
  const auto& rest = cmd.rest();
  if (rest.empty()) return usage(stderr, 2);
  const std::string action = rest[0];
  static const std::vector<std::string_view> actions{"list", "describe", "delete", "delete-offsets", "reset-offsets",
                                                      "remove-members"};
  if (std::find(actions.begin(), actions.end(), action) == actions.end())
    return cli::unknown_action("groups", action, actions);
  const auto a = parse(rest);
  if (!a.bad.empty()) {
    std::fprintf(stderr, "kwire groups %s: %s\n", action.c_str(), a.bad.c_str());
    return usage(stderr, 2);
  }
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
    if (action == "list") return list(*admin, a, cmd.json());
    if (action == "describe") return describe(*admin, a, cmd.json());
    if (action == "delete") return delete_groups(*admin, a, cmd.json());
    if (action == "delete-offsets") return delete_offsets(*admin, a, cmd.json());
    if (action == "reset-offsets") return reset_offsets(*admin, a, cmd.json());
    return remove_members(*admin, a, cmd.json());
  } catch (const kwire::error& e) {
    return cli::fail("groups", action, e);
  }
}
