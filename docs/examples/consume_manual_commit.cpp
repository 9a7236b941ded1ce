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
#include <iostream>
#include <string>

#include <kwire/kwire.hpp>



int main(int argc, char** argv) try {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_manual_commit TOPIC GROUP\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  kwire::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                      {"group.id", argv[2]},
                                      {"auto.offset.reset", "earliest"},
                                      {"enable.auto.commit", "false"}});  // a bad setting throws, naming it
  consumer.subscribe({argv[1]});
  for (;;) {
    const auto batch = consumer.poll(std::chrono::seconds(5));
    if (batch.empty()) break;  // 5 s without a record
    for (const auto& m : batch)
      std::cout << "partition=" << m.partition() << " offset=" << m.offset() << " value=" << m.value_text() << '\n';
    consumer.commit();
  }
  // What the group has now (kafka-python: consumer.committed(TopicPartition(topic, p))).
  for (const auto& [tp, c] : consumer.committed(consumer.assignment()))
    std::cout << "committed " << tp.topic << '-' << tp.partition << " at " << c.offset << '\n';
} catch (const kwire::error& e) {  // a bad setting, a failed poll or commit
  return std::fprintf(stderr, "%s\n", e.what()), 1;
}
