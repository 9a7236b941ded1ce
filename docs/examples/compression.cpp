// gzip and lz4 (kafka-python: KafkaProducer(compression_type='gzip') / 'lz4').
// Usage: compression [TOPIC]; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include <kwire/kwire.hpp>

int main(int argc, char** argv) {
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const std::string topic = argc > 1 ? argv[1] : "kwire-examples";
  for (const char* codec : {"gzip", "lz4"}) {
    const kwire::properties config{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                           {"compression.type", codec}};
    kwire::blocking_producer producer(config);
    std::vector<std::future<kwire::record_metadata>> sent;
    for (int i = 0; i < 100; ++i)
      sent.push_back(producer.send(topic, std::string(codec) + " record " + std::to_string(i) +
                                              ": compressible compressible compressible"));
    producer.flush();
    for (auto& f : sent) f.get();  // throws if one was not delivered
    std::printf("%s: 100 records sent\n", codec);
  }
}
