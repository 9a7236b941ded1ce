// A consumer in a group, iterating records (kafka-python:
//   consumer = KafkaConsumer('topic', group_id='group', auto_offset_reset='earliest', consumer_timeout_ms=5000)
//   for message in consumer:
//       print(message.topic, message.partition, message.offset, message.key, message.value.decode())
// Offsets are committed automatically (enable.auto.commit, the default): every
// auto.commit.interval.ms and when the consumer closes.
// Usage: consume_group TOPIC GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <kwire/kwire.hpp>



int main(int argc, char** argv) try {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_group TOPIC GROUP\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  // Java-named settings; a bad one throws kwire::error naming the key.
  kwire::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                      {"group.id", argv[2]},
                                      {"auto.offset.reset", "earliest"},
                                      // Iteration ends after 5 s without a record (longer than a
                                      // broker's first rebalance delay, 3 s).
                                      {"consumer.timeout.ms", "5000"}});
  consumer.subscribe({argv[1]});
  for (const auto& m : consumer)
    std::cout << "topic=" << m.topic() << " partition=" << m.partition() << " offset=" << m.offset()
              << " key=" << m.key_text() << " value=" << m.value_text() << '\n';
}  // ~blocking_consumer: commits the positions and leaves the group
catch (const kwire::error& e) {  // a bad setting, or a failed poll (it ends the loop)
  return std::fprintf(stderr, "%s\n", e.what()), 1;
}
