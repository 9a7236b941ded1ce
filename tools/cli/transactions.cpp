// kwire transactions: kafka-transactions.sh's list, describe, describe-producers and abort, and
// fence (Admin.fenceProducers).
//   kwire transactions list [--state S]... [--producer-id P]...
//   kwire transactions describe --transactional-id ID
//   kwire transactions describe-producers --topic T --partition P
//   kwire transactions abort --topic T --partition P (--start-offset O |
//                            --producer-id P --producer-epoch E [--coordinator-epoch C])
//   kwire transactions fence --transactional-id ID...

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

constexpr const char* name = "transactions";

int usage(bool asked) {
  std::fprintf(asked ? stdout : stderr,
               "usage: kwire transactions list [--state S]... [--producer-id P]... [--duration-filter MS]\n"
               "                               [--transactional-id-pattern REGEX]\n"
               "       kwire transactions describe --transactional-id ID\n"
               "       kwire transactions describe-producers --topic T --partition P\n"
               "       kwire transactions abort --topic T --partition P (--start-offset O |\n"
               "                                --producer-id P --producer-epoch E [--coordinator-epoch C])\n"
               "       kwire transactions fence --transactional-id ID...\n"
               "abort writes an abort marker on the partition (a hanging transaction): with --start-offset,\n"
               "the producer whose open transaction starts there (describe-producers) is the one aborted.\n"
               "list --duration-filter MS: only transactions running longer than MS (Kafka 3.8+; below 0: all);\n"
               "--transactional-id-pattern (or --pattern): ids matching the regular expression (Kafka 4.1+).\n"
               "Common: -b HOST:PORT[,...] (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE, --json\n");
  return asked ? 0 : 2;
}

int bad(const std::string& what) {
  std::fprintf(stderr, "kwire %s: %s\n", name, what.c_str());
  return 2;
}

struct flags {
  std::vector<std::string> states, ids;
  std::vector<std::int64_t> producer_ids;
  std::optional<std::string> topic;
  std::optional<std::int64_t> partition, start_offset, producer_epoch, coordinator_epoch, duration_ms;
  std::optional<std::string> pattern;
};

bool number(const std::string& flag, const std::string& v, std::int64_t& out) {
  try {
    std::size_t used = 0;
    out = std::stoll(v, &used);
    if (used == v.size()) return true;
  } catch (const std::exception&) {
  }
  bad(flag + " takes a number, not '" + v + "'");
  return false;
}

std::string opt(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "-"; }
std::string opt_json(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "null"; }

int list(cli::admin_command& cmd, const flags& f, blocking_admin& a) {
  list_transactions_options options;
  options.states = f.states;
  options.producer_ids = f.producer_ids;
  if (f.duration_ms) options.running_longer_than = std::chrono::milliseconds(*f.duration_ms);
  options.transactional_id_pattern = f.pattern;
  auto got = a.list_transactions(options);
  int rc = 0;
  std::vector<std::string> items;
  cli::table t({"TRANSACTIONAL_ID", "COORDINATOR", "PRODUCER_ID", "STATE"});
  for (const auto& [broker, r] : got) {
    if (!r) {
      rc = 1;
      std::fprintf(stderr, "kwire transactions: list: %s\n", r.error.message().c_str());
    }
    for (const auto& tx : r.value) {
      t.add({tx.transactional_id, std::to_string(broker), std::to_string(tx.producer_id), tx.state});
      items.push_back(cli::json_object({{"transactional_id", cli::json_string(tx.transactional_id)},
                                        {"coordinator", std::to_string(broker)},
                                        {"producer_id", std::to_string(tx.producer_id)},
                                        {"state", cli::json_string(tx.state)}}));
    }
  }
  if (cmd.json()) std::printf("%s\n", cli::json_object({{"transactions", cli::json_list(items)}}).c_str());
  else t.print();
  return rc;
}

int describe(cli::admin_command& cmd, const flags& f, blocking_admin& a) {
  if (f.ids.size() != 1) return bad("describe needs one --transactional-id");
  const auto& id = f.ids[0];
  auto r = a.describe_transactions({id}).at(id);
  if (!r) return cli::fail(name, "describe", kwire::error(r.error));
  const auto& d = r.value;
  std::vector<std::string> parts, parts_json;
  for (const auto& tp : d.partitions) {
    parts.push_back(tp.topic + "-" + std::to_string(tp.partition));
    parts_json.push_back(cli::json_string(parts.back()));
  }
  std::string joined;
  for (const auto& p : parts) joined += (joined.empty() ? "" : ",") + p;
  if (cmd.json()) {
    std::printf("%s\n", cli::json_object({{"transactional_id", cli::json_string(id)},
                                          {"state", cli::json_string(d.state)},
                                          {"producer_id", std::to_string(d.producer_id)},
                                          {"producer_epoch", std::to_string(d.producer_epoch)},
                                          {"transaction_timeout_ms", std::to_string(d.transaction_timeout_ms)},
                                          {"transaction_start_time_ms", opt_json(d.transaction_start_time_ms)},
                                          {"partitions", cli::json_list(parts_json)}})
                            .c_str());
  } else {
    cli::table t({"TRANSACTIONAL_ID", "PRODUCER_ID", "PRODUCER_EPOCH", "STATE", "TIMEOUT_MS", "START_TIME_MS", "PARTITIONS"});
    t.add({id, std::to_string(d.producer_id), std::to_string(d.producer_epoch), d.state,
           std::to_string(d.transaction_timeout_ms), opt(d.transaction_start_time_ms), joined.empty() ? "-" : joined});
    t.print();
  }
  return 0;
}

std::optional<topic_partition> partition_of(const flags& f) {
  if (!f.topic || !f.partition) return std::nullopt;
  return topic_partition{*f.topic, static_cast<std::int32_t>(*f.partition)};
}

int describe_producers(cli::admin_command& cmd, const flags& f, blocking_admin& a) {
  const auto tp = partition_of(f);
  if (!tp) return bad("describe-producers needs --topic and --partition");
  auto r = a.describe_producers({*tp}).at(*tp);
  if (!r) return cli::fail(name, "describe-producers", kwire::error(r.error));
  std::vector<std::string> items;
  cli::table t({"PRODUCER_ID", "PRODUCER_EPOCH", "LAST_SEQUENCE", "LAST_TIMESTAMP", "COORDINATOR_EPOCH", "TXN_START_OFFSET"});
  for (const auto& p : r.value) {
    std::optional<std::int64_t> ce;
    if (p.coordinator_epoch) ce = *p.coordinator_epoch;
    t.add({std::to_string(p.producer_id), std::to_string(p.producer_epoch), std::to_string(p.last_sequence),
           std::to_string(p.last_timestamp), opt(ce), opt(p.current_txn_start_offset)});
    items.push_back(cli::json_object({{"producer_id", std::to_string(p.producer_id)},
                                      {"producer_epoch", std::to_string(p.producer_epoch)},
                                      {"last_sequence", std::to_string(p.last_sequence)},
                                      {"last_timestamp", std::to_string(p.last_timestamp)},
                                      {"coordinator_epoch", opt_json(ce)},
                                      {"current_txn_start_offset", opt_json(p.current_txn_start_offset)}}));
  }
  if (cmd.json()) std::printf("%s\n", cli::json_object({{"producers", cli::json_list(items)}}).c_str());
  else t.print();
  return 0;
}

int abort_txn(cli::admin_command& cmd, const flags& f, blocking_admin& a) {
  const auto tp = partition_of(f);
  if (!tp) return bad("abort needs --topic and --partition");
  abort_transaction_spec spec{.partition = *tp};
  if (f.start_offset) {
    if (!f.producer_ids.empty() || f.producer_epoch) return bad("abort takes --start-offset or --producer-id/--producer-epoch");
    // As kafka-transactions.sh: the producer whose open transaction starts at that offset.
    auto r = a.describe_producers({*tp}).at(*tp);
    if (!r) return cli::fail(name, "abort", kwire::error(r.error));
    const producer_state* found = nullptr;
    for (const auto& p : r.value)
      if (p.current_txn_start_offset == f.start_offset) found = &p;
    if (!found)
      return cli::fail(name, "abort", kwire::error(client_errc::invalid_value,
                                                   "no open transaction starts at offset " + std::to_string(*f.start_offset) +
                                                       " of " + tp->topic + "-" + std::to_string(tp->partition)));
    spec.producer_id = found->producer_id;
    spec.producer_epoch = static_cast<std::int16_t>(found->producer_epoch);
    spec.coordinator_epoch = found->coordinator_epoch.value_or(0);
  } else {
    if (f.producer_ids.size() != 1 || !f.producer_epoch)
      return bad("abort needs --start-offset, or --producer-id and --producer-epoch");
    spec.producer_id = f.producer_ids[0];
    spec.producer_epoch = static_cast<std::int16_t>(*f.producer_epoch);
    spec.coordinator_epoch = static_cast<std::int32_t>(f.coordinator_epoch.value_or(0));
  }
  auto r = a.abort_transaction(spec);
  if (cmd.json())
    std::printf("%s\n", cli::json_object({{"producer_id", std::to_string(spec.producer_id)},
                                          {"producer_epoch", std::to_string(spec.producer_epoch)},
                                          {"coordinator_epoch", std::to_string(spec.coordinator_epoch)},
                                          {"error", r ? "null" : cli::json_string(r.error.message())}})
                            .c_str());
  else if (r)
    std::printf("aborted: producer %lld epoch %d on %s-%d\n", static_cast<long long>(spec.producer_id), spec.producer_epoch,
                tp->topic.c_str(), tp->partition);
  if (!r) std::fprintf(stderr, "kwire transactions: abort: %s\n", r.error.message().c_str());
  return r ? 0 : 1;
}

int fence(cli::admin_command& cmd, const flags& f, blocking_admin& a) {
  if (f.ids.empty()) return bad("fence needs --transactional-id");
  auto got = a.fence_producers(f.ids);
  int rc = 0;
  std::vector<std::string> items;
  cli::table t({"TRANSACTIONAL_ID", "PRODUCER_ID", "NEW_EPOCH", "RESULT"});
  for (const auto& [id, r] : got) {
    if (!r) rc = 1;
    t.add({id, std::to_string(r.value.producer_id), std::to_string(r.value.producer_epoch), r ? "fenced" : r.error.message()});
    items.push_back(cli::json_object({{"transactional_id", cli::json_string(id)},
                                      {"producer_id", std::to_string(r.value.producer_id)},
                                      {"producer_epoch", std::to_string(r.value.producer_epoch)},
                                      {"error", r ? "null" : cli::json_string(r.error.message())}}));
  }
  if (cmd.json()) std::printf("%s\n", cli::json_object({{"results", cli::json_list(items)}}).c_str());
  else t.print();
  return rc;
}

}  // namespace

int transactions_main(int argc, char** argv) {
  cli::admin_command cmd(name, argc, argv);
  if (!cmd.error().empty()) return 2;
  if (cmd.help()) return usage(true);
  const auto& rest = cmd.rest();
  if (rest.empty()) return usage(false);
  const auto& action = rest[0];
  static const std::vector<std::string_view> actions = {"list", "describe", "describe-producers", "abort", "fence"};
  if (std::find(actions.begin(), actions.end(), action) == actions.end()) return cli::unknown_action(name, action, actions);
  flags f;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    const auto& a = rest[i];
    if (a != "--state" && a != "--producer-id" && a != "--transactional-id" && a != "--topic" && a != "--partition" &&
        a != "--start-offset" && a != "--producer-epoch" && a != "--coordinator-epoch" &&
        !(action == "list" && (a == "--duration-filter" || a == "--transactional-id-pattern" || a == "--pattern")))
      return bad("unknown flag '" + a + "' (kwire transactions --help)");
    if (i + 1 >= rest.size()) return bad(a + " needs a value");
    const auto& v = rest[++i];
    std::int64_t n = 0;
    if (a == "--state") f.states.push_back(v);
    else if (a == "--transactional-id") f.ids.push_back(v);
    else if (a == "--topic") f.topic = v;
    else if (a == "--transactional-id-pattern" || a == "--pattern") f.pattern = v;
    else if (!number(a, v, n)) return 2;
    else if (a == "--producer-id") f.producer_ids.push_back(n);
    else if (a == "--partition") f.partition = n;
    else if (a == "--start-offset") f.start_offset = n;
    else if (a == "--producer-epoch") f.producer_epoch = n;
    else if (a == "--duration-filter") {
      if (n >= 0) f.duration_ms = n;  // below 0: every transaction, as kafka-transactions.sh reads it
    }
    else f.coordinator_epoch = n;
  }
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
    if (action == "list") return list(cmd, f, *admin);
    if (action == "describe") return describe(cmd, f, *admin);
    if (action == "describe-producers") return describe_producers(cmd, f, *admin);
    if (action == "abort") return abort_txn(cmd, f, *admin);
    return fence(cmd, f, *admin);
  } catch (const kwire::error& e) {
    return cli::fail(name, action, e);
  }
}
