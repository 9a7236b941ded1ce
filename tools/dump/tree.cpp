#include "tools/dump/tree.hpp"

#include <cstdio>

namespace kwire::dump {

const node* node::find(std::string_view member) const {
  for (const auto& c : children)
    if (c.name == member) return &c;
  return nullptr;
}
node* node::find(std::string_view member) {
  for (auto& c : children)
    if (c.name == member) return &c;
  return nullptr;
}

bool printable_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && c < 0xc2)) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += len;
  }
  return true;
}

std::string hex_string(std::string_view raw) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string uuid_text(const std::array<std::uint8_t, 16>& b) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= b.size(); i += 3) {
    const std::uint32_t v = b[i] << 16 | b[i + 1] << 8 | b[i + 2];
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(v >> s) & 63];
  }
  // 16 bytes = 5 groups of 3 + 1 byte: two characters, no padding.
  const std::uint32_t v = b[i] << 16;
  out += alphabet[(v >> 18) & 63];
  out += alphabet[(v >> 12) & 63];
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void append_json(std::string& out, const node& n) {
  switch (n.type) {
    case node::kind::null: out += "null"; return;
    case node::kind::boolean: out += n.boolean ? "true" : "false"; return;
    case node::kind::integer: out += std::to_string(n.integer); return;
    case node::kind::floating: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", n.floating);
      out += buf;
      return;
    }
    case node::kind::string: append_json_string(out, n.text); return;
    case node::kind::bytes:
      if (printable_utf8(n.text)) return append_json_string(out, n.text);
      out += "{\"hex\":\"" + hex_string(n.text) + "\"}";
      return;
    case node::kind::array:
      out += '[';
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i) out += ',';
        append_json(out, n.children[i]);
      }
      out += ']';
      return;
    case node::kind::object:
      out += '{';
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, n.children[i].name);
        out += ':';
        append_json(out, n.children[i]);
      }
      out += '}';
      return;
  }
}

std::string scalar_text(const node& n) {
  switch (n.type) {
    case node::kind::null: return "null";
    case node::kind::boolean: return n.boolean ? "true" : "false";
    case node::kind::integer: return std::to_string(n.integer);
    case node::kind::floating: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", n.floating);
      return buf;
    }
    case node::kind::string: {
      std::string s;
      append_json_string(s, n.text);
      return s;
    }
    case node::kind::bytes: {
      if (n.text.empty()) return "(0 bytes)";
      std::string s;
      if (printable_utf8(n.text)) append_json_string(s, n.text);
      else s = "0x" + hex_string(n.text);
      return s + " (" + std::to_string(n.text.size()) + " bytes)";
    }
    case node::kind::array: return "[" + std::to_string(n.children.size()) + "]";
    case node::kind::object: return "{" + std::to_string(n.children.size()) + " fields}";
  }
  return "";
}

void append_tree(std::string& out, const node& n, int indent) {
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    const auto& c = n.children[i];
    out.append(static_cast<std::size_t>(indent), ' ');
    out += c.name.empty() ? "[" + std::to_string(i) + "]" : c.name;
    const bool container = c.type == node::kind::array || c.type == node::kind::object;
    if (container && c.children.empty()) {
      out += c.type == node::kind::array ? ": []\n" : ": {}\n";
    } else if (container) {
      out += c.type == node::kind::array ? ": [" + std::to_string(c.children.size()) + "]\n" : ":\n";
      append_tree(out, c, indent + 2);
    } else {
      out += ": " + scalar_text(c) + "\n";
    }
  }
}

}  // namespace kwire::dump
