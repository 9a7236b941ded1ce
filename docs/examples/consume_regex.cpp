// Subscribe by pattern (kafka-python: consumer.subscribe(pattern='^my.*')).
// The pattern must match a topic's WHOLE name (std::regex_match, as Java's consumer), so
// "orders-.*" takes orders-eu and orders-us but not old-orders-eu. Topics created later that
// match join the subscription within metadata.max.age.ms.
// Usage: consume_regex PATTERN GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <regex>
#include <string>

#include <kwire/kwire.hpp>



int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_regex PATTERN GROUP\n"), 2;
  std::regex pattern;
  try {
    pattern = std::regex(argv[1]);
  } catch (const std::regex_error& e) {
    return std::fprintf(stderr, "bad pattern '%s': %s\n", argv[1], e.what()), 2;
  }
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  try {
    kwire::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                       {"group.id", argv[2]},
                                       {"auto.offset.reset", "earliest"},
                                       {"consumer.timeout.ms", "5000"}});  // a bad setting throws, naming it
    consumer.subscribe(pattern);
    for (const auto& m : consumer)
      std::cout << "topic=" << m.topic() << " partition=" << m.partition() << " offset=" << m.offset()
                << " value=" << m.value_text() << '\n';
  } catch (const kwire::error& e) {  // a bad setting, or a failed poll (it ends the loop)
    return std::fprintf(stderr, "%s\n", e.what()), 1;
  }
}
