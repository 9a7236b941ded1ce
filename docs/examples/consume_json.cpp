// JSON values read back (kafka-python:
//   consumer = KafkaConsumer('topic', group_id='group', value_deserializer=lambda x: json.loads(x.decode('utf-8')))
//   for message in consumer: order = message.value)
// Reads what the json_values producer example writes. kwire imposes no JSON library (as its
// json_serializer on the producer side): the deserializer is the program's own function, where
// a real program calls its JSON library (nlohmann::json::parse, boost::json::parse). This one
// accepts exactly the flat objects json_values writes and names anything else, like a failed
// json.loads, without stopping.
// Usage: consume_json TOPIC GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string>

#include <kwire/kwire.hpp>


struct order {
  int id;
  std::string item;
  double price;
};

// {"id":1,"item":"tea","price":3.50} -> order; anything else -> nullopt.
static std::optional<order> order_from_json(const std::string& json) {
  static const std::regex shape(R"re(\{"id":(-?[0-9]+),"item":"([^"\\]*)","price":(-?[0-9]+(\.[0-9]+)?)\})re");
  std::smatch m;
  if (!std::regex_match(json, m, shape)) return std::nullopt;
  return order{std::stoi(m[1]), m[2], std::stod(m[3])};
}

int main(int argc, char** argv) try {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_json TOPIC GROUP\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  kwire::blocking_consumer consumer({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                      {"group.id", argv[2]},
                                      {"auto.offset.reset", "earliest"},
                                      {"consumer.timeout.ms", "5000"}});  // a bad setting throws, naming it
  consumer.subscribe({argv[1]});
  int bad = 0;
  for (const auto& m : consumer) {
    const std::string json(m.value_text());
    if (const auto o = order_from_json(json))
      std::printf("order %d: %s at %.2f\n", o->id, o->item.c_str(), o->price);
    else
      std::fprintf(stderr, "partition %d offset %lld: not an order: %s\n", m.partition(),
                   static_cast<long long>(m.offset()), json.c_str()), ++bad;
  }
  return bad ? 1 : 0;
} catch (const kwire::error& e) {  // a bad setting, or a failed poll (it ends the loop)
  return std::fprintf(stderr, "%s\n", e.what()), 1;
}
