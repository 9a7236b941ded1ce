// Records with headers (kafka-python: producer.send('topic', value=b'...', headers=[('k', b'v')])).
// Usage: headers [TOPIC]; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/kwire.hpp>

int main(int argc, char** argv) {
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const std::string topic = argc > 1 ? argv[1] : "kwire-examples";
  const kwire::properties config{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}};
  kwire::blocking_producer producer(config);

  const kwire::header headers[] = {
      {"trace-id", kwire::as_bytes("4bf92f3577b34da6")},
      {"content-type", kwire::as_bytes("text/plain")},
      {"empty", std::nullopt},  // a header without a value
  };
  kwire::record r;
  r.topic = topic;
  r.key = kwire::as_bytes("with-headers");
  r.value = kwire::as_bytes("a record with three headers");
  r.headers = headers;
  const auto md = producer.send(r).get();
  std::printf("sent with %zu headers to partition %d offset %lld\n", std::size(headers), md.partition,
              static_cast<long long>(md.offset));
}
