// Subscribe by pattern (kafka-python: consumer.subscribe(pattern='^my.*')).
// The pattern must match a topic's WHOLE name (std::regex_match, as Java's consumer), so
// "orders-.*" takes orders-eu and orders-us but not old-orders-eu. Topics created later that
// match join the subscription within metadata.max.age.ms.
// Usage: consume_regex PATTERN GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

#include <kwire/consumer/consumer_blocking.hpp>

namespace client = kwire::client;

static std::string text(const std::optional<kwire::protocol::bytes>& b) {
  return b ? std::string(b->begin(), b->end()) : "null";
}

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_regex PATTERN GROUP\n"), 2;
  std::regex pattern;
  try {
    pattern = std::regex(argv[1]);
  } catch (const std::regex_error& e) {
    return std::fprintf(stderr, "bad pattern '%s': %s\n", argv[1], e.what()), 2;
  }
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  client::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                      {"group.id", argv[2]},
                                      {"auto.offset.reset", "earliest"},
                                      {"consumer.timeout.ms", "5000"}});  // a bad setting throws, naming it
  if (auto r = consumer.start(); !r) return std::fprintf(stderr, "%s\n", r.detail.c_str()), 1;
  consumer.subscribe(pattern);
  for (const auto& m : consumer)
    std::printf("topic=%s partition=%d offset=%lld value=%s\n", m.topic.c_str(), m.partition,
                static_cast<long long>(m.offset), text(m.value).c_str());
  if (const auto& e = consumer.iteration_error(); !e) return std::fprintf(stderr, "%s\n", e.detail.c_str()), 1;
}
