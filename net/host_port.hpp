#pragma once
// "host:port" as bootstrap.servers and the tests spell a broker.

#include <string>

namespace kwire::net {

// Splits "host:port" (IPv6 as "[::1]:9092"); false if malformed.
bool split_host_port(const std::string& text, std::string& host, std::string& port);

}  // namespace kwire::net
