#include <kwire/net/host_port.hpp>

namespace kwire::net {

bool split_host_port(const std::string& text, std::string& host, std::string& port) {
  std::size_t colon;
  if (text.starts_with("[")) {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return false;
    host = text.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = text.substr(0, colon);
  }
  port = text.substr(colon + 1);
  return !port.empty() && port.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace kwire::net
