// Send ten strings and flush (kafka-python: for _ in range(10): producer.send('topic', b'msg'); producer.flush()).
// Usage: send_strings [TOPIC]; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/kwire.hpp>

int main(int argc, char** argv) {
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const std::string topic = argc > 1 ? argv[1] : "kwire-examples";

  const kwire::properties config{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}};
  kwire::blocking_producer producer(config);
  for (int i = 0; i < 10; ++i) producer.send(topic, "message " + std::to_string(i));
  producer.flush();
  std::printf("sent 10 records to %s\n", topic.c_str());
}
