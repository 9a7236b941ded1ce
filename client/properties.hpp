#pragma once
// What a user configures a client with: Java-named keys and their text values
// ({"bootstrap.servers", "localhost:9092"}, {"linger.ms", "5"}); <kwire/config/config.hpp>
// checks them (describe_keys() lists every key).

#include <functional>
#include <map>
#include <string>

namespace kwire {

using properties = std::map<std::string, std::string, std::less<>>;

}  // namespace kwire
