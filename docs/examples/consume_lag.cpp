// How far a group is behind (kafka-python:
//   partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
//   end = consumer.end_offsets(partitions)
//   lag = {tp: end[tp] - consumer.committed(tp) for tp in partitions})
// lag = end offset - committed offset. A partition the group never committed has no lag to
// speak of: it prints "no commit" and stays out of the total (as kafka-consumer-groups.sh and
// `kwire lag` do). This program only reads: it joins no group and commits nothing.
// Usage: consume_lag TOPIC GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <kwire/kwire.hpp>


int main(int argc, char** argv) try {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_lag TOPIC GROUP\n"), 2;
  const std::string topic = argv[1];
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  kwire::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                      {"group.id", argv[2]},
                                      {"enable.auto.commit", "false"}});  // a bad setting throws, naming it
  std::vector<kwire::topic_partition> partitions;
  for (const auto& p : consumer.partitions_for_topic(topic)) partitions.push_back({topic, p.partition});
  const auto end = consumer.end_offsets(partitions);
  const auto committed = consumer.committed(partitions);

  long long total = 0;
  for (const auto& tp : partitions) {
    const long long e = end.at(tp);
    const auto c = committed.find(tp);
    if (c == committed.end() || c->second.offset < 0) {
      std::printf("partition %d: end %lld, no commit\n", tp.partition, e);
      continue;
    }
    std::printf("partition %d: end %lld, committed %lld, lag %lld\n", tp.partition, e,
                static_cast<long long>(c->second.offset), e - c->second.offset);
    total += e - c->second.offset;
  }
  std::printf("total lag %lld\n", total);
} catch (const kwire::error& e) {  // e.g. the topic does not exist
  return std::fprintf(stderr, "%s\n", e.what()), 1;
}
