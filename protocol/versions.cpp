#include <kwire/protocol/versions.hpp>

#include <algorithm>
#include <string>

namespace kwire::protocol {
namespace {

std::string range_text(std::int16_t lo, std::int16_t hi) {
  return lo == hi ? "v" + std::to_string(lo) : "v" + std::to_string(lo) + "-" + std::to_string(hi);
}

}  // namespace

const api_versions_response::api_version* broker_range(const api_versions_response& broker, api_key key) {
  for (const auto& k : broker.api_keys)
    if (k.api_key == static_cast<std::int16_t>(key)) return &k;
  return nullptr;
}

version_choice choose_version(api_key key, const api_versions_response& broker,
                              std::optional<std::int16_t> pin) {
  const auto& ours = info(key);
  const std::string name(ours.name);
  if (ours.supported.empty())
    return {-1, {client_errc::unsupported_version, name + " is not implemented by kwire yet"}};
  const auto* theirs = broker_range(broker, key);
  if (!theirs)
    return {-1, {client_errc::no_compatible_version, "the broker does not offer " + name}};
  std::int16_t lo = std::max(ours.supported.lo, theirs->min_version);
  std::int16_t hi = std::min(ours.supported.hi, theirs->max_version);
  const std::string ranges = "kwire " + range_text(ours.supported.lo, ours.supported.hi) + ", broker " +
                             range_text(theirs->min_version, theirs->max_version);
  if (pin) {
    if (*pin < lo || *pin > hi)
      return {-1, {client_errc::no_compatible_version,
                   name + " pinned to v" + std::to_string(*pin) + " but " + ranges}};
    return {*pin, {}};
  }
  if (lo > hi)
    return {-1, {client_errc::no_compatible_version,
                 "broker too " + std::string(theirs->max_version < ours.supported.lo ? "old" : "new") +
                     " for " + name + ": " + ranges}};
  return {hi, {}};
}

}  // namespace kwire::protocol
