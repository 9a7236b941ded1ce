#pragma once
// The decoded form every printer reads: a tree of named values built from a message's declared
// fields (see build_tree.hpp). Keeping the printers on this run-time tree, not on the C++
// message types, means the text, -v and JSON output are written once for all 90-odd APIs.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kwire::dump {

struct node {
  enum class kind { null, boolean, integer, floating, string, bytes, array, object };
  kind type = kind::null;
  std::string name;  // field name; empty for array elements
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  // string: the text; bytes: the raw bytes (printed as text when printable UTF-8, else hex).
  std::string text;
  std::vector<node> children;  // array elements or object members, in wire order

  static node make_object(std::string name = {}) { return with(kind::object, std::move(name)); }
  static node make_array(std::string name = {}) { return with(kind::array, std::move(name)); }
  static node make_null(std::string name = {}) { return with(kind::null, std::move(name)); }
  static node make_int(std::string name, std::int64_t v) {
    auto n = with(kind::integer, std::move(name));
    n.integer = v;
    return n;
  }
  static node make_bool(std::string name, bool v) {
    auto n = with(kind::boolean, std::move(name));
    n.boolean = v;
    return n;
  }
  static node make_string(std::string name, std::string v) {
    auto n = with(kind::string, std::move(name));
    n.text = std::move(v);
    return n;
  }
  static node make_bytes(std::string name, std::string_view raw) {
    auto n = with(kind::bytes, std::move(name));
    n.text.assign(raw);
    return n;
  }

  node& add(node child) {
    children.push_back(std::move(child));
    return children.back();
  }
  // The first member with this name, or nullptr.
  const node* find(std::string_view member) const;
  node* find(std::string_view member);

 private:
  static node with(kind k, std::string name) {
    node n;
    n.type = k;
    n.name = std::move(name);
    return n;
  }
};

// True when the bytes are valid UTF-8 without control characters other than tab/newline.
bool printable_utf8(std::string_view raw);
std::string hex_string(std::string_view raw);
// Kafka's own spelling of a uuid: URL-safe base64 without padding (org.apache.kafka.common.Uuid).
std::string uuid_text(const std::array<std::uint8_t, 16>& b);

// A JSON value for the node (bytes: a string when printable, else {"hex": "..."}).
void append_json(std::string& out, const node& n);
void append_json_string(std::string& out, std::string_view s);
// An indented "Name: value" tree, one field per line.
void append_tree(std::string& out, const node& n, int indent);
// A scalar's short text ("42", "\"abc\"", "null", "0x00ff"); "{...}" / "[n]" for containers.
std::string scalar_text(const node& n);

}  // namespace kwire::dump
