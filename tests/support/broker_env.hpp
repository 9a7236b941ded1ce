#pragma once
// Where the broker tests find the real broker: tools/broker exports KWIRE_BOOTSTRAP (and the
// SASL/SSL variants); an external broker is used the same way by exporting them by hand.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace kwire::test {

inline std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The PLAINTEXT bootstrap list. A broker test without a broker is a failure, not a skip.
inline std::string bootstrap() {
  const auto b = env_or_empty("KWIRE_BOOTSTRAP");
  if (b.empty())
    ADD_FAILURE() << "KWIRE_BOOTSTRAP is not set: run broker tests through tools/test, or "
                     "`eval $(tools/broker env)` after `tools/broker start`";
  return b;
}

// "4.4.0" or "3.9.2" when tools/broker started it; empty for an external broker.
inline std::string kafka_version() { return env_or_empty("KWIRE_KAFKA_VERSION"); }

}  // namespace kwire::test
