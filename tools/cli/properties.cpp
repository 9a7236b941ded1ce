#include "tools/cli/properties.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>

namespace kwire::cli {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

std::optional<std::uint32_t> hex4(std::string_view s) {
  if (s.size() < 4) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : s.substr(0, 4)) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

bool blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// Undoes the escapes of s (a key or a value) into out; false on a malformed \uXXXX.
bool unescape(std::string_view s, std::string& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      if (s[i] != '\\') out.push_back(s[i]);  // a lone backslash at the very end is dropped, as Java does
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        auto cp = hex4(s.substr(i + 1));
        if (!cp) return false;
        i += 4;
        // A high surrogate followed by an escaped low one is one code point.
        if (*cp >= 0xd800 && *cp < 0xdc00 && s.substr(i + 1, 2) == "\\u") {
          if (auto low = hex4(s.substr(i + 3)); low && *low >= 0xdc00 && *low < 0xe000) {
            *cp = 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00);
            i += 6;
          }
        }
        append_utf8(out, *cp);
        break;
      }
      default: out.push_back(e);
    }
  }
  return true;
}

// The end of the key in a logical line: the first unescaped '=', ':' or blank.
std::size_t key_end(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == '=' || s[i] == ':' || blank(s[i])) return i;
  }
  return s.size();
}

}  // namespace

bool read_properties_file(const std::string& path, properties& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot be read (" + std::strerror(errno) + ")";
    return false;
  }
  properties read;
  std::string line, logical;
  int number = 0, first = 0;  // the line being read, the first line of the logical one
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t start = 0;
    while (start < line.size() && blank(line[start])) ++start;
    const bool continuing = !logical.empty();
    if (!continuing && (start == line.size() || line[start] == '#' || line[start] == '!')) continue;
    if (!continuing) first = number;
    std::string_view part = std::string_view(line).substr(start);
    std::size_t slashes = 0;
    while (slashes < part.size() && part[part.size() - 1 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 1) {
      logical.append(part.substr(0, part.size() - 1));
      if (!logical.empty()) continue;
      // "\" alone on a first line continues an empty logical line: keep it marked as started.
      logical.push_back(' ');
      continue;
    }
    logical.append(part);
    std::string_view s = logical;
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    const std::size_t k = key_end(s);
    std::size_t v = k;
    while (v < s.size() && blank(s[v])) ++v;
    if (v < s.size() && (s[v] == '=' || s[v] == ':')) ++v;
    while (v < s.size() && blank(s[v])) ++v;
    std::string key, value;
    if (!unescape(s.substr(0, k), key) || !unescape(s.substr(v), value)) {
      error = path + ":" + std::to_string(first) + ": malformed \\uXXXX escape";
      return false;
    }
    logical.clear();
    if (!key.empty() || !value.empty()) read[key] = value;
  }
  if (in.bad()) {
    error = path + ": read failed (" + std::strerror(errno) + ")";
    return false;
  }
  for (auto& [k, v] : read) out[k] = std::move(v);
  return true;
}

}  // namespace kwire::cli
