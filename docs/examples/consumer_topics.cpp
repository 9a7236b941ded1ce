// The topics a consumer sees and the partitions of one (kafka-python:
//   consumer.topics(); consumer.partitions_for_topic("orders")). Prints each topic name (the
// internal ones left out), then TOPIC's partition numbers with their leaders.
// Usage: consumer_topics TOPIC; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/kwire.hpp>

int main(int argc, char** argv) try {
  if (argc != 2) return std::fprintf(stderr, "usage: consumer_topics TOPIC\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const kwire::properties config{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}};
  kwire::blocking_consumer consumer(config);  // no group.id: this consumer joins no group
  for (const auto& [name, info] : consumer.topics())
    if (!info.internal) std::printf("topic %s\n", name.c_str());
  for (const auto& p : consumer.partitions_for_topic(argv[1]))  // throws for an unknown topic
    std::printf("partition %d leader %d\n", p.partition, p.leader);
} catch (const kwire::error& e) {
  return std::fprintf(stderr, "%s\n", e.what()), 1;
}
