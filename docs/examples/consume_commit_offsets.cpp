// Commit given offsets, with metadata (kafka-python:
//   consumer.commit({TopicPartition(topic, msg.partition): OffsetAndMetadata(msg.offset + 1, 'note')})).
// The offset committed is the NEXT one to read: the record's offset + 1. Committing each record
// as it is processed is slow but exact; the metadata string is stored with the offset.
// Usage: consume_commit_offsets TOPIC GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/kwire.hpp>


int main(int argc, char** argv) try {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_commit_offsets TOPIC GROUP\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  kwire::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                      {"group.id", argv[2]},
                                      {"auto.offset.reset", "earliest"},
                                      {"enable.auto.commit", "false"},
                                      {"consumer.timeout.ms", "5000"}});  // a bad setting throws, naming it
  consumer.subscribe({argv[1]});
  for (const auto& m : consumer) {
    const kwire::topic_partition tp{m.topic(), m.partition()};
    const std::string note = "processed by consume_commit_offsets";
    consumer.commit(kwire::offsets_to_commit{{tp, {.offset = m.offset() + 1, .metadata = note}}});
  }
  for (const auto& [tp, c] : consumer.committed(consumer.assignment()))
    std::printf("%s-%d: offset %lld, metadata \"%s\"\n", tp.topic.c_str(), tp.partition,
                static_cast<long long>(c.offset), c.metadata.value_or("").c_str());
} catch (const kwire::error& e) {  // any failed call (poll, commit, committed) ends here
  return std::fprintf(stderr, "%s\n", e.what()), 1;
}
