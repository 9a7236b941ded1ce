// The README quick start (docs/examples/quickstart.cpp) written against today's API, which
// does not have the <kwire/kwire.hpp> vocabulary in namespace kwire yet. tools/package_test
// builds this only while docs/examples/quickstart.cpp does not exist; delete it when it does.
// Same output: "sent to T/P at offset N", then "read T/P@N: VALUE" per record.

#include <kwire/kwire.hpp>

#include <chrono>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::string servers = argc > 1 ? argv[1] : "localhost:9092";

  kwire::client::blocking_producer producer({{"bootstrap.servers", servers}});
  kwire::client::record_metadata sent = producer.send("quickstart", "hello, kwire").get();
  std::cout << "sent to " << sent.topic << '/' << sent.partition << " at offset " << sent.offset << '\n';

  kwire::client::blocking_consumer consumer(kwire::client::properties{
      {"bootstrap.servers", servers}, {"group.id", "quickstart"}, {"auto.offset.reset", "earliest"}});
  if (auto started = consumer.start(); !started) {
    std::cerr << "consumer start failed: " << started.detail << '\n';
    return 1;
  }
  consumer.subscribe({"quickstart"});
  auto polled = consumer.poll(std::chrono::seconds(10));
  if (!polled) {
    std::cerr << "poll failed: " << polled.detail << '\n';
    return 1;
  }
  for (const kwire::client::consumer_record& r : polled.value) {
    const std::string value = r.value ? std::string(r.value->begin(), r.value->end()) : "";
    std::cout << "read " << r.topic << '/' << r.partition << '@' << r.offset << ": " << value << '\n';
  }
}
