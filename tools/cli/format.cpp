#include "tools/cli/format.hpp"

#include <charconv>
#include <utility>

namespace kwire::client {

namespace {

template <class Int>
void append_int(std::string& out, Int v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_size(std::string& out, const std::optional<bytes_view>& b) {
  if (b) append_int(out, b->size());
  else out += "-1";
}

void append_bytes(std::string& out, const std::optional<bytes_view>& b) {
  if (b) out += kwire::as_text(*b);
}

}  // namespace

record_format::parse_result record_format::parse(std::string_view spec) {
  parse_result r;
  auto& pieces = r.format.pieces_;
  auto literal = [&](char c) {
    if (pieces.empty() || pieces.back().kind != token::literal) pieces.push_back({token::literal, {}});
    pieces.back().text += c;
  };
  auto fail = [&](std::string what) {
    r.ec = client_errc::invalid_config;
    r.detail = "format \"" + std::string(spec) + "\": " + std::move(what);
    r.format.pieces_.clear();
    return std::move(r);
  };
  for (std::size_t i = 0; i < spec.size(); ++i) {
    const char c = spec[i];
    if (c != '%' && c != '\\') {
      literal(c);
      continue;
    }
    if (i + 1 == spec.size())
      return fail(std::string("a lone '") + c + "' at the end (write " + (c == '%' ? "%%" : "\\\\") + " for the character)");
    const char n = spec[++i];
    const auto at = " at position " + std::to_string(i - 1);
    if (c == '\\') {
      switch (n) {
        case 'n': literal('\n'); break;
        case 'r': literal('\r'); break;
        case 't': literal('\t'); break;
        case '\\': literal('\\'); break;
        default: return fail(std::string("unknown escape \"\\") + n + "\"" + at + " (known: \\n \\r \\t \\\\)");
      }
      continue;
    }
    token t;
    switch (n) {
      case '%': literal('%'); continue;
      case 't': t = token::topic; break;
      case 'p': t = token::partition; break;
      case 'o': t = token::offset; break;
      case 'T': t = token::timestamp; break;
      case 'k': t = token::key; break;
      case 's': t = token::value; break;
      case 'K': t = token::key_size; break;
      case 'S': t = token::value_size; break;
      case 'h': t = token::headers; break;
      default:
        return fail(std::string("unknown token \"%") + n + "\"" + at + " (known: %t %p %o %T %k %s %K %S %h %%)");
    }
    pieces.push_back({t, {}});
  }
  return r;
}

void record_format::append(std::string& out, const consumer_record& r) const {
  for (const auto& p : pieces_) {
    switch (p.kind) {
      case token::literal: out += p.text; break;
      case token::topic: out += r.topic(); break;
      case token::partition: append_int(out, r.partition()); break;
      case token::offset: append_int(out, r.offset()); break;
      case token::timestamp: append_int(out, r.timestamp()); break;
      case token::key: append_bytes(out, r.key()); break;
      case token::value: append_bytes(out, r.value()); break;
      case token::key_size: append_size(out, r.key()); break;
      case token::value_size: append_size(out, r.value()); break;
      case token::headers: {
        bool first = true;
        for (const auto& h : r.headers()) {
          if (!std::exchange(first, false)) out += ',';
          out += h.key;
          out += '=';
          append_bytes(out, h.value);
        }
        break;
      }
    }
  }
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n;
    std::uint32_t cp, min;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xe0) == 0xc0) {
      n = 2, cp = b & 0x1f, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
      n = 3, cp = b & 0x0f, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
      n = 4, cp = b & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xc0) != 0x80) return false;
      cp = cp << 6 | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return false;
    i += n;
  }
  return true;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_base64(std::string& out, std::string_view s) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[k])); };
  for (; i + 3 <= s.size(); i += 3) {
    const auto v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(v >> shift) & 63];
  }
  if (const auto left = s.size() - i; left > 0) {
    const auto v = at(i) << 16 | (left == 2 ? at(i + 1) << 8 : 0);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += left == 2 ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
}

namespace {

// "name":<string or null>, or "name_base64":"..." when the bytes are not UTF-8.
void append_json_field(std::string& out, std::string_view name, const std::optional<std::string_view>& v) {
  out += '"';
  out += name;
  if (v && !is_valid_utf8(*v)) {
    out += "_base64\":\"";
    append_base64(out, *v);
    out += '"';
    return;
  }
  out += "\":";
  if (v) append_json_string(out, *v);
  else out += "null";
}

std::optional<std::string_view> view(const std::optional<bytes_view>& b) {
  if (!b) return std::nullopt;
  return kwire::as_text(*b);
}

}  // namespace

void append_json(std::string& out, const consumer_record& r) {
  out += '{';
  append_json_field(out, "topic", std::string_view(r.topic()));
  out += ",\"partition\":";
  append_int(out, r.partition());
  out += ",\"offset\":";
  append_int(out, r.offset());
  out += ",\"timestamp\":";
  append_int(out, r.timestamp());
  out += ',';
  append_json_field(out, "key", view(r.key()));
  out += ',';
  append_json_field(out, "value", view(r.value()));
  out += ",\"headers\":[";
  bool first = true;
  for (const auto& h : r.headers()) {
    if (!std::exchange(first, false)) out += ',';
    out += '{';
    append_json_field(out, "key", h.key);
    out += ',';
    append_json_field(out, "value", view(h.value));
    out += '}';
  }
  out += "]}\n";
}

}  // namespace kwire::client
