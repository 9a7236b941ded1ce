#pragma once
// `kwire-dump pcap FILE`: reads a libpcap capture and decodes the Kafka traffic in it.

#include <cstdint>
#include <string>
#include <vector>

#include "tools/dump/core/report.hpp"

namespace kwire::dump {

int run_pcap(const std::string& file, const std::vector<std::uint16_t>& ports, reporter& report);

}  // namespace kwire::dump
