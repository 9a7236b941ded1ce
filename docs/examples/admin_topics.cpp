// The seed tutorial's topic tasks with the admin client (kafka-python:
//   admin = KafkaAdminClient(bootstrap_servers=...)
//   admin.create_topics([NewTopic("orders", num_partitions=3, replication_factor=1)])
//   admin.list_topics(); admin.describe_topics(["orders"]); admin.delete_topics(["orders"]))
// Creates TOPIC with 3 partitions, lists the topics, describes TOPIC (each partition's leader,
// replicas and in-sync replicas), then deletes it.
// Usage: admin_topics TOPIC; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <kwire/kwire.hpp>

namespace {

std::string ids(const std::vector<std::int32_t>& v) {
  std::string s;
  for (auto x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
  return s;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 2) return std::fprintf(stderr, "usage: admin_topics TOPIC\n"), 2;
  const std::string topic = argv[1];
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const kwire::properties config{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}};
  kwire::blocking_admin admin(config);  // a bad setting throws, naming it

  // Create: each topic has its own outcome; get() throws kwire::error if this one failed.
  auto made = admin.create_topics({{.name = topic, .partitions = 3, .replication_factor = 1}});
  std::printf("created %s with %d partitions\n", topic.c_str(), made.at(topic).get().partitions);

  // List (internal topics such as __consumer_offsets left out). A broker learns of a new topic a
  // moment after the controller made it, so a listing made at once may not hold it yet: ask
  // again briefly.
  bool listed = false;
  for (int i = 0; i < 50 && !listed; ++i) {
    for (const auto& [name, listing] : admin.list_topics()) listed = listed || name == topic;
    if (!listed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::printf("%s %s\n", listed ? "listed" : "not listed after 5 s:", topic.c_str());

  // Describe: an unknown topic comes back as that topic's UNKNOWN_TOPIC_OR_PARTITION, so here too
  // ask again briefly.
  kwire::result<kwire::topic_description> described;
  for (int i = 0; i < 50; ++i) {
    described = admin.describe_topics({topic}).at(topic);
    if (described && !described.value.partitions.empty() && described.value.partitions.back().leader >= 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto& p : described.get().partitions)
    std::printf("partition %d leader %d replicas %s isr %s\n", p.partition, p.leader, ids(p.replicas).c_str(),
                ids(p.isr).c_str());

  admin.delete_topics({topic}).at(topic).get();
  std::printf("deleted %s\n", topic.c_str());
} catch (const kwire::error& e) {  // e.g. the topic exists already, or no broker answered
  return std::fprintf(stderr, "%s\n", e.what()), 1;
}
