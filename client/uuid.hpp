#pragma once
// kwire::uuid: Kafka's 16-byte id (topic ids, member ids), spelled as Java's Uuid.toString()
// spells it: 22 characters of URL-safe base64 without padding ("MFVQ2vNhRhGBLpjEQNmzJw").

#include <optional>
#include <string>
#include <string_view>

#include <kwire/protocol/schema.hpp>

namespace kwire {

using protocol::uuid;

std::string to_string(const uuid& id);
// The id a to_string() spelling names; nullopt for anything else (wrong length or alphabet).
std::optional<uuid> parse_uuid(std::string_view text);

}  // namespace kwire
