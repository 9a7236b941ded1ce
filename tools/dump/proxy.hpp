#pragma once
// `kwire-dump proxy`: a TCP proxy in front of Kafka brokers that prints what passes through.
// Bytes are forwarded as they arrive; only responses that name brokers (Metadata,
// FindCoordinator, DescribeCluster) are held whole and rewritten so that clients reach every
// broker through a listener of the proxy (opened when the broker is first named).

#include <string>

#include "tools/dump/core/report.hpp"

namespace kwire::dump {

struct proxy_options {
  std::string listen;     // HOST:PORT of the first listener
  std::string upstream;   // HOST:PORT of the broker it forwards to
  std::string advertise;  // host put into rewritten responses (default: the listen host)
};

// Runs until SIGINT/SIGTERM; returns the exit status. Exchanges go to `report`.
int run_proxy(const proxy_options& options, reporter& report);

}  // namespace kwire::dump
