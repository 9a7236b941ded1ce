#pragma once
// A small JSON reader for test inputs (Kafka's message schemas): objects, arrays, strings,
// numbers, booleans, null. Whole-line `//` comments, which Kafka's schema files carry, are
// removed first. Errors throw std::runtime_error with the offset.

#include <cctype>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kwire::test {

struct json {
  enum class kind { null, boolean, number, string, array, object } type = kind::null;
  bool b = false;
  double number = 0;
  std::string text;  // string value, or the literal text of a number
  std::vector<json> items;
  std::vector<std::pair<std::string, json>> members;  // object members in file order

  const json* find(const std::string& key) const {
    for (const auto& [k, v] : members)
      if (k == key) return &v;
    return nullptr;
  }
  std::string str(const std::string& key, const std::string& fallback = "") const {
    const auto* v = find(key);
    if (!v) return fallback;
    if (v->type == kind::string || v->type == kind::number) return v->text;
    if (v->type == kind::boolean) return v->b ? "true" : "false";
    return fallback;
  }
};

class json_parser {
 public:
  static json parse(const std::string& raw) {
    json_parser p(strip_comments(raw));
    p.space();
    json v = p.value();
    p.space();
    if (p.i_ != p.s_.size()) p.error("trailing characters");
    return v;
  }

  static std::string strip_comments(const std::string& raw) {
    std::istringstream in(raw);
    std::string line, out;
    while (std::getline(in, line)) {
      const auto first = line.find_first_not_of(" \t\r");
      if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;
      out += line;
      out += '\n';
    }
    return out;
  }

 private:
  explicit json_parser(std::string s) : s_(std::move(s)) {}

  [[noreturn]] void error(const std::string& what) const {
    throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(i_));
  }
  void space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool eat(char c) {
    space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) error(std::string("expected '") + c + "'");
  }

  json value() {
    space();
    if (i_ >= s_.size()) error("unexpected end");
    json v;
    const char c = s_[i_];
    if (c == '{') {
      v.type = json::kind::object;
      ++i_;
      if (eat('}')) return v;
      do {
        space();
        std::string key = string_literal();
        expect(':');
        v.members.emplace_back(std::move(key), value());
      } while (eat(','));
      expect('}');
    } else if (c == '[') {
      v.type = json::kind::array;
      ++i_;
      if (eat(']')) return v;
      do v.items.push_back(value());
      while (eat(','));
      expect(']');
    } else if (c == '"') {
      v.type = json::kind::string;
      v.text = string_literal();
    } else if (s_.compare(i_, 4, "true") == 0) {
      v.type = json::kind::boolean, v.b = true, i_ += 4;
    } else if (s_.compare(i_, 5, "false") == 0) {
      v.type = json::kind::boolean, i_ += 5;
    } else if (s_.compare(i_, 4, "null") == 0) {
      i_ += 4;
    } else {
      const auto start = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                                s_[i_] == '+' || s_[i_] == '.'))
        ++i_;
      if (start == i_) error("unexpected character");
      v.type = json::kind::number;
      v.text = s_.substr(start, i_ - start);
      v.number = std::stod(v.text);
    }
    return v;
  }

  std::string string_literal() {
    if (i_ >= s_.size() || s_[i_] != '"') error("expected a string");
    ++i_;
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c == '\\') {
        if (i_ >= s_.size()) error("bad escape");
        const char e = s_[i_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'u': c = '?', i_ += 4; break;  // no \u escapes in the schemas we read
          default: c = e;
        }
      }
      out += c;
    }
    if (i_ >= s_.size()) error("unterminated string");
    ++i_;
    return out;
  }

  std::string s_;
  std::size_t i_ = 0;
};

}  // namespace kwire::test
