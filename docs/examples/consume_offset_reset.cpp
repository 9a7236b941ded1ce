// Where a group starts: auto.offset.reset (kafka-python: auto_offset_reset='earliest' | 'latest').
// It applies only while the group has no committed offset for a partition: a new group with
// "earliest" reads everything already there, with "latest" only what arrives after it started
// (and, closing, it commits the end, so those older records count as consumed). Once the group
// has committed, it resumes from its commit whatever the setting says.
// Usage: consume_offset_reset TOPIC GROUP earliest|latest; the broker is $KWIRE_BOOTSTRAP.

#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/consumer/consumer_blocking.hpp>

namespace client = kwire::client;

static std::string text(const std::optional<kwire::protocol::bytes>& b) {
  return b ? std::string(b->begin(), b->end()) : "null";
}

int main(int argc, char** argv) {
  if (argc != 4) return std::fprintf(stderr, "usage: consume_offset_reset TOPIC GROUP earliest|latest\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  client::consumer_config config;
  // A value other than earliest, latest or none is refused here, naming auto.offset.reset.
  const auto parsed = client::parse_consumer_config({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                                     {"group.id", argv[2]},
                                                     {"auto.offset.reset", argv[3]},
                                                     {"consumer.timeout.ms", "5000"}},
                                                    config);
  if (!parsed) return std::fprintf(stderr, "%s\n", parsed.detail.c_str()), 2;

  client::blocking_consumer consumer(config);
  if (auto r = consumer.start(); !r) return std::fprintf(stderr, "%s\n", r.detail.c_str()), 1;
  consumer.subscribe({std::string(argv[1])});
  int n = 0;
  for (const auto& m : consumer) {
    std::printf("partition=%d offset=%lld value=%s\n", m.partition, static_cast<long long>(m.offset),
                text(m.value).c_str());
    ++n;
  }
  if (const auto& e = consumer.iteration_error(); !e) return std::fprintf(stderr, "%s\n", e.detail.c_str()), 1;
  std::printf("%d records\n", n);
}
