#pragma once
// How `kwire consume` prints records: kcat-style format strings (-f) and JSON lines (--json).
//
// -f tokens:  %t topic   %p partition   %o offset   %T timestamp (ms)
//             %k key     %s value       %K key size %S value size
//             %h headers as k=v,k=v     %% a literal %
//             \n \r \t \\ escapes; anything else is copied as is.
// A null key or value prints as nothing and its size as -1 (Kafka's null, unlike an empty
// value of size 0); a header with a null value prints as "k=", like one with an empty value
// (use --json to tell them apart). A format is parsed once and then applied to every record;
// applying it only appends to the caller's string.
//
// --json prints one object per line:
//   {"topic":"t","partition":0,"offset":42,"timestamp":1700000000000,
//    "key":"k","value":"v","headers":[{"key":"h","value":"x"}]}
// A null key/value is JSON null. Bytes that are valid UTF-8 become a JSON string; anything else
// goes in a field named "<name>_base64" instead (standard base64 with padding), e.g.
// "value_base64":"AAE=", so a reader always knows which form it got. Header keys follow the
// same rule ("key_base64").

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <kwire/consumer_record.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

using kwire::bytes_view;
using kwire::consumer_record;

class record_format {
 public:
  // Default of `kwire consume`: the value and a newline.
  static constexpr std::string_view default_spec = "%s\\n";

  struct parse_result;
  // Fails with client_errc::invalid_config and a detail naming the bad token and its position.
  static parse_result parse(std::string_view spec);

  void append(std::string& out, const consumer_record& r) const;

 private:
  enum class token : std::uint8_t { literal, topic, partition, offset, timestamp, key, value, key_size, value_size, headers };
  struct piece {
    token kind;
    std::string text;  // for literal
  };
  std::vector<piece> pieces_;
};

struct record_format::parse_result {
  std::error_code ec;
  std::string detail;
  record_format format;
  explicit operator bool() const { return !ec; }
};

// One JSON line (with the trailing '\n') for the record.
void append_json(std::string& out, const consumer_record& r);

// Helpers shared with lag.cpp and tests.
bool is_valid_utf8(std::string_view s);
void append_json_string(std::string& out, std::string_view s);  // quoted; s must be valid UTF-8
void append_base64(std::string& out, std::string_view s);

}  // namespace kwire::client
