// Send one record and wait up to 10 s for where it landed (kafka-python:
// metadata = producer.send('topic', b'hello').get(timeout=10)).
// Usage: send_and_wait [TOPIC]; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/kwire.hpp>

int main(int argc, char** argv) {
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const std::string topic = argc > 1 ? argv[1] : "kwire-examples";
  const kwire::properties config{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}};
  kwire::blocking_producer producer(config);

  auto sent = producer.send(topic, "hello");
  if (sent.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    std::fprintf(stderr, "no answer within 10 s\n");
    return 1;
  }
  try {
    const auto md = sent.get();
    std::printf("topic=%s partition=%d offset=%lld\n", md.topic.c_str(), md.partition,
                static_cast<long long>(md.offset));
  } catch (const kwire::error& e) {
    std::fprintf(stderr, "not delivered: %s\n", e.what());
    return 1;
  }
}
