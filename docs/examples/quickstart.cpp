#include <kwire/kwire.hpp>

#include <chrono>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::string servers = argc > 1 ? argv[1] : "localhost:9092";

  kwire::blocking_producer producer({{"bootstrap.servers", servers}});
  kwire::record_metadata sent = producer.send("quickstart", "hello, kwire").get();
  std::cout << "sent to " << sent.topic << '/' << sent.partition << " at offset " << sent.offset << '\n';

  kwire::blocking_consumer consumer({{"bootstrap.servers", servers}, {"group.id", "quickstart"},
                                     {"auto.offset.reset", "earliest"}});
  consumer.subscribe({"quickstart"});
  for (const kwire::consumer_record& r : consumer.poll(std::chrono::seconds(10)))
    std::cout << "read " << r.topic() << '/' << r.partition() << '@' << r.offset() << ": " << r.value_text() << '\n';
}
