#pragma once
// `kwire-dump hex`: one frame given as hex text, decoded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <kwire/protocol/wire.hpp>
#include "tools/dump/core/report.hpp"

namespace kwire::dump {

// Hex digits to bytes; spaces, newlines, ':' and "0x" prefixes are ignored. False (with the
// reason) on any other character or an odd number of digits.
bool parse_hex(std::string_view text, protocol::bytes& out, std::string& why);

struct hex_options {
  std::optional<std::int16_t> api;
  std::optional<std::int16_t> version;
  bool response = false;
};

// Decodes one frame (with or without its size prefix) and reports it; true if it decoded.
bool decode_hex_frame(protocol::byte_view frame, const hex_options& options, reporter& report);

}  // namespace kwire::dump
