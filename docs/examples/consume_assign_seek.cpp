// Read chosen partitions from chosen offsets, outside any group (kafka-python:
//   consumer = KafkaConsumer(consumer_timeout_ms=1000)
//   consumer.assign([TopicPartition(topic, 0), TopicPartition(topic, 1)])
//   consumer.seek(TopicPartition(topic, 0), 12)
//   consumer.seek_to_beginning(TopicPartition(topic, 1))
//   for msg in consumer: ...)
// Records already consumed by any group can be read again this way. Without a seek, an assigned
// partition starts where auto.offset.reset says (latest by default).
// Usage: consume_assign_seek TOPIC OFFSET; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/consumer/consumer_blocking.hpp>

namespace client = kwire::client;

static std::string text(const std::optional<kwire::protocol::bytes>& b) {
  return b ? std::string(b->begin(), b->end()) : "null";
}

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_assign_seek TOPIC OFFSET\n"), 2;
  const std::string topic = argv[1];
  long long offset = -1;
  const std::string_view arg = argv[2];
  if (auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), offset);
      ec != std::errc() || end != arg.data() + arg.size() || offset < 0)
    return std::fprintf(stderr, "OFFSET must be a number >= 0, got '%s'\n", argv[2]), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  client::consumer_config config;
  // No group.id: nothing is committed, and no group coordinator is involved.
  const auto parsed = client::parse_consumer_config(
      {{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}, {"consumer.timeout.ms", "1000"}}, config);
  if (!parsed) return std::fprintf(stderr, "%s\n", parsed.detail.c_str()), 1;

  client::blocking_consumer consumer(config);
  if (auto r = consumer.start(); !r) return std::fprintf(stderr, "%s\n", r.detail.c_str()), 1;
  consumer.assign({{topic, 0}, {topic, 1}});
  consumer.seek({topic, 0}, offset);
  consumer.seek_to_beginning({{topic, 1}});
  for (const auto& m : consumer)
    std::printf("partition=%d offset=%lld value=%s\n", m.partition, static_cast<long long>(m.offset),
                text(m.value).c_str());
  if (const auto& e = consumer.iteration_error(); !e) return std::fprintf(stderr, "%s\n", e.detail.c_str()), 1;
}
