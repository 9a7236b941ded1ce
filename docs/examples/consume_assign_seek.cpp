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
#include <iostream>
#include <string>

#include <kwire/kwire.hpp>



int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_assign_seek TOPIC OFFSET\n"), 2;
  const std::string topic = argv[1];
  long long offset = -1;
  const std::string_view arg = argv[2];
  if (auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), offset);
      ec != std::errc() || end != arg.data() + arg.size() || offset < 0)
    return std::fprintf(stderr, "OFFSET must be a number >= 0, got '%s'\n", argv[2]), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  kwire::consumer_config config;
  // No group.id: nothing is committed, and no group coordinator is involved.
  const auto parsed = kwire::parse_consumer_config(
      {{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}, {"consumer.timeout.ms", "1000"}}, config);
  if (!parsed) return std::fprintf(stderr, "%s\n", parsed.detail.c_str()), 1;

  try {
    kwire::blocking_consumer consumer(config);
    consumer.assign({{topic, 0}, {topic, 1}});
    consumer.seek({topic, 0}, offset);
    consumer.seek_to_beginning({{topic, 1}});
    for (const auto& m : consumer)
      std::cout << "partition=" << m.partition() << " offset=" << m.offset() << " value=" << m.value_text() << '\n';
  } catch (const kwire::error& e) {  // a failed poll ends the loop with it
    return std::fprintf(stderr, "%s\n", e.what()), 1;
  }
}
