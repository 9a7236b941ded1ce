// Where a group starts: auto.offset.reset (kafka-python: auto_offset_reset='earliest' | 'latest').
// It applies only while the group has no committed offset for a partition: a new group with
// "earliest" reads everything already there, with "latest" only what arrives after it started
// (and, closing, it commits the end, so those older records count as consumed). Once the group
// has committed, it resumes from its commit whatever the setting says.
// Usage: consume_offset_reset TOPIC GROUP earliest|latest; the broker is $KWIRE_BOOTSTRAP.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <kwire/kwire.hpp>



int main(int argc, char** argv) {
  if (argc != 4) return std::fprintf(stderr, "usage: consume_offset_reset TOPIC GROUP earliest|latest\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  kwire::consumer_config config;
  // A value other than earliest, latest or none is refused here, naming auto.offset.reset.
  const auto parsed = kwire::parse_consumer_config({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                                     {"group.id", argv[2]},
                                                     {"auto.offset.reset", argv[3]},
                                                     {"consumer.timeout.ms", "5000"}},
                                                    config);
  if (!parsed) return std::fprintf(stderr, "%s\n", parsed.detail.c_str()), 2;

  try {
    kwire::blocking_consumer consumer(config);
    consumer.subscribe({std::string(argv[1])});
    int n = 0;
    for (const auto& m : consumer) {
      std::cout << "partition=" << m.partition() << " offset=" << m.offset() << " value=" << m.value_text() << '\n';
      ++n;
    }
    std::cout << n << " records\n";
  } catch (const kwire::error& e) {  // a failed poll ends the loop with it
    return std::fprintf(stderr, "%s\n", e.what()), 1;
  }
}
