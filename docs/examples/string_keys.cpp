// A string key serializer, on the asynchronous producer with callbacks (kafka-python:
// KafkaProducer(key_serializer=str.encode); producer.send('topic', key='user-1', value=b'...')).
// Records with the same key land on the same partition, as with the Java client.
// Usage: string_keys [TOPIC]; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/kwire.hpp>

int main(int argc, char** argv) {
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const std::string topic = argc > 1 ? argv[1] : "kwire-examples";
  kwire::config_result error;
  boost::asio::io_context io;
  auto producer = kwire::producer::create(
      io.get_executor(), {{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}}, error);
  if (!producer) {
    std::fprintf(stderr, "%s\n", error.detail.c_str());
    return 2;
  }
  kwire::typed_producer<kwire::string_serializer, kwire::string_serializer> typed(producer);

  int failed = 0;
  for (const char* user : {"alice", "bob", "alice", "carol", "bob", "alice"}) {
    typed.async_send(topic, std::string(user), std::string("login by ") + user,
                     [user, &failed](std::error_code ec, kwire::record_metadata md) {
                       if (ec) {
                         ++failed;
                         std::fprintf(stderr, "%s: %s\n", user, md.error_detail.c_str());
                         return;
                       }
                       std::printf("key=%s partition=%d offset=%lld\n", user, md.partition,
                                   static_cast<long long>(md.offset));
                     });
  }
  producer->async_close(std::chrono::seconds(30), [](std::error_code) {});
  io.run();  // returns once the producer has delivered everything and closed
  return failed ? 1 : 0;
}
