// Manual commit after processing (kafka-python:
//   consumer = KafkaConsumer('topic', group_id='group', enable_auto_commit=False)
//   for message in consumer:
//       process(message)
//       consumer.commit())
// kwire polls a batch, processes it, then commit()s: the commit covers what poll returned, so it
// comes after the whole batch is processed (committing inside a range-for would also mark the
// rest of the batch the iterator holds, before it is processed).
// Usage: consume_manual_commit TOPIC GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/consumer/consumer_blocking.hpp>

namespace client = kwire::client;

static std::string text(const std::optional<kwire::protocol::bytes>& b) {
  return b ? std::string(b->begin(), b->end()) : "null";
}

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_manual_commit TOPIC GROUP\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  client::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                      {"group.id", argv[2]},
                                      {"auto.offset.reset", "earliest"},
                                      {"enable.auto.commit", "false"}});  // a bad setting throws, naming it
  if (auto r = consumer.start(); !r) return std::fprintf(stderr, "%s\n", r.detail.c_str()), 1;
  consumer.subscribe({argv[1]});
  for (;;) {
    auto batch = consumer.poll(std::chrono::seconds(5));
    if (!batch) return std::fprintf(stderr, "%s\n", batch.detail.c_str()), 1;
    if (batch.value.empty()) break;  // 5 s without a record
    for (const auto& m : batch.value)
      std::printf("partition=%d offset=%lld value=%s\n", m.partition, static_cast<long long>(m.offset),
                  text(m.value).c_str());
    if (auto c = consumer.commit(); !c) return std::fprintf(stderr, "commit: %s\n", c.detail.c_str()), 1;
  }
  // What the group has now (kafka-python: consumer.committed(TopicPartition(topic, p))).
  const auto mine = consumer.assignment();
  auto committed = consumer.committed(mine);
  if (!committed) return std::fprintf(stderr, "committed: %s\n", committed.detail.c_str()), 1;
  for (const auto& [tp, c] : committed.value)
    std::printf("committed %s-%d at %lld\n", tp.topic.c_str(), tp.partition, static_cast<long long>(c.offset));
}
