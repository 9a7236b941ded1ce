// Every consumer group of the cluster, with its state and members (kafka-python:
//   admin = KafkaAdminClient(bootstrap_servers=...)
//   for group_id, protocol_type in admin.list_consumer_groups(): ...
//   admin.describe_consumer_groups([group_id])
// and kafka-consumer-groups.sh --list / --describe --members).
// ListGroups goes to every broker (each knows the groups it coordinates); DescribeGroups (or
// ConsumerGroupDescribe for KIP-848 groups) to each group's coordinator. A group that cannot be
// described prints its own error; the others still print.
// Usage: admin_list_groups; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <kwire/kwire.hpp>

int main() try {
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  kwire::blocking_admin admin(kwire::properties{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}});

  const auto groups = admin.list_groups();  // throws kwire::error when a broker cannot be asked
  std::vector<std::string> ids;
  for (const auto& g : groups) ids.push_back(g.group_id);
  const auto described = admin.describe_groups(ids);

  for (const auto& g : groups) {
    std::printf("%s (%s, %s)\n", g.group_id.c_str(), g.type.empty() ? "classic" : g.type.c_str(), g.state.c_str());
    const auto& d = described.at(g.group_id);
    if (!d) {
      std::printf("  cannot describe: %s\n", d.error.message().c_str());
      continue;
    }
    for (const auto& m : d.value.members) {
      std::string assignment;
      for (const auto& tp : m.assignment) assignment += " " + tp.topic + "-" + std::to_string(tp.partition);
      std::printf("  member %s (client %s on %s):%s\n", m.member_id.c_str(), m.client_id.c_str(), m.client_host.c_str(),
                  assignment.empty() ? " no partitions" : assignment.c_str());
    }
  }
  std::printf("%zu group(s)\n", groups.size());
  return 0;
} catch (const kwire::error& e) {
  std::fprintf(stderr, "admin_list_groups: %s\n", e.what());
  return 1;
}
