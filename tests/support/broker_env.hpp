#pragma once
// Where the broker tests find the real broker: tools/broker exports KWIRE_BOOTSTRAP (and the
// SASL/SSL variants); an external broker is used the same way by exporting them by hand.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

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

// The operations a group has on the broker under test (Kafka's AclEntry.supportedOperations of
// GROUP), as an authorizer-less broker or a super user is told them: Kafka 4.0 added group
// configs, hence DESCRIBE_CONFIGS and ALTER_CONFIGS (3.9.2 answers READ, DELETE, DESCRIBE).
inline std::vector<std::string> group_operations() {
  if (kafka_version().rfind("3.", 0) == 0) return {"READ", "DELETE", "DESCRIBE"};
  return {"READ", "DELETE", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"};
}

}  // namespace kwire::test
