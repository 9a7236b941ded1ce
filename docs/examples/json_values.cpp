// A JSON value serializer (kafka-python: value_serializer=lambda v: json.dumps(v).encode()).
// kwire imposes no JSON library: the serializer wraps the user's own function.
// Usage: json_values [TOPIC]; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <kwire/kwire.hpp>

struct order {
  int id;
  std::string item;
  double price;
};

int main(int argc, char** argv) {
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  const std::string topic = argc > 1 ? argv[1] : "kwire-examples";
  const kwire::properties config{{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"}};
  kwire::blocking_producer producer(config);

  const kwire::json_serializer to_json{[](const order& o) {
    char price[32];
    std::snprintf(price, sizeof price, "%.2f", o.price);
    return "{\"id\":" + std::to_string(o.id) + ",\"item\":\"" + o.item + "\",\"price\":" + price + "}";
  }};
  const std::vector<order> orders = {{1, "tea", 3.5}, {2, "coffee", 4.25}, {3, "cake", 6}};
  for (const auto& o : orders) {
    const auto md = producer.send(topic, to_json(o)).get();
    std::printf("order %d at offset %lld\n", o.id, static_cast<long long>(md.offset));
  }
}
