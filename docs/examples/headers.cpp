// Records with headers (kafka-python: producer.send('topic', value=b'...', headers=[('k', b'v')])).
// Usage: headers [TOPIC]; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/producer/producer_blocking.hpp>

int main(int argc, char** argv) {
  namespace client = kwire::client;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const std::string topic = argc > 1 ? argv[1] : "kwire-examples";
  const client::properties config{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}};
  client::blocking_producer producer(config);

  const client::header headers[] = {
      {"trace-id", client::as_bytes("4bf92f3577b34da6")},
      {"content-type", client::as_bytes("text/plain")},
      {"empty", std::nullopt},  // a header without a value
  };
  client::record r;
  r.topic = topic;
  r.key = client::as_bytes("with-headers");
  r.value = client::as_bytes("a record with three headers");
  r.headers = headers;
  const auto md = producer.send(r).get();
  std::printf("sent with %zu headers to partition %d offset %lld\n", std::size(headers), md.partition,
              static_cast<long long>(md.offset));
}
