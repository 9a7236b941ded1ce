// A consumer in a group, iterating records (kafka-python:
//   consumer = KafkaConsumer('topic', group_id='group', auto_offset_reset='earliest', consumer_timeout_ms=5000)
//   for message in consumer:
//       print(message.topic, message.partition, message.offset, message.key, message.value.decode())
// Offsets are committed automatically (enable.auto.commit, the default): every
// auto.commit.interval.ms and when the consumer closes.
// Usage: consume_group TOPIC GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/consumer/consumer_blocking.hpp>

namespace client = kwire::client;

// message.value.decode(): the bytes as text; a null key or value (Python's None) prints "null".
static std::string text(const std::optional<kwire::protocol::bytes>& b) {
  return b ? std::string(b->begin(), b->end()) : "null";
}

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_group TOPIC GROUP\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  // Java-named settings; a bad one throws std::system_error naming the key.
  client::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                      {"group.id", argv[2]},
                                      {"auto.offset.reset", "earliest"},
                                      // Iteration ends after 5 s without a record (longer than a
                                      // broker's first rebalance delay, 3 s).
                                      {"consumer.timeout.ms", "5000"}});
  if (auto r = consumer.start(); !r) return std::fprintf(stderr, "%s\n", r.detail.c_str()), 1;
  consumer.subscribe({argv[1]});
  for (const auto& m : consumer)
    std::printf("topic=%s partition=%d offset=%lld key=%s value=%s\n", m.topic.c_str(), m.partition,
                static_cast<long long>(m.offset), text(m.key).c_str(), text(m.value).c_str());
  // Empty after the timeout; set when a poll failed.
  if (const auto& e = consumer.iteration_error(); !e) return std::fprintf(stderr, "%s\n", e.detail.c_str()), 1;
}  // ~blocking_consumer: commits the positions and leaves the group
