#pragma once
// Version choice for a request: the highest version kwire, the broker and the user's pin (if
// any) all accept. No overlap is an error that names the API and every range involved.

#include <optional>

#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/messages/api_versions.hpp>

namespace kwire::protocol {

struct version_choice {
  std::int16_t version = -1;
  codec_result status;
};

version_choice choose_version(api_key key, const api_versions_response& broker,
                              std::optional<std::int16_t> pin = std::nullopt);

// The broker's range for a key, if it lists it.
const api_versions_response::api_version* broker_range(const api_versions_response& broker, api_key key);

}  // namespace kwire::protocol
