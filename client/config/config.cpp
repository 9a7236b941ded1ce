#include <kwire/config/config.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string join(std::span<const std::string_view> v) {
  std::string out;
  for (auto s : v) out += (out.empty() ? "" : ", ") + (s.empty() ? std::string("\"\"") : std::string(s));
  return out;
}

// What a bad numeric value should have looked like, in the words of the key's type.
std::string expected_number(const config_key& k) {
  std::string what = k.min >= 0 ? "a non-negative integer" : "an integer";
  if (k.type == config_type::milliseconds) what += " of milliseconds";
  if (k.type == config_type::bytes) what += " of bytes";
  return what;
}

// Levenshtein distance, small strings only.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

const config_key* find(std::span<const config_table> tables, std::string_view name) {
  for (auto t : tables)
    for (const auto& k : t)
      if (k.name == name) return &k;
  return nullptr;
}

}  // namespace

config_result config_error(std::string_view key, std::string what) {
  return {client_errc::invalid_config, std::string(key), std::string(key) + ": " + what};
}

// ---- config_values ------------------------------------------------------------------------

bool config_values::user_set(std::string_view name) const {
  auto it = entries.find(name);
  return it != entries.end() && it->second.user_set;
}
bool config_values::has(std::string_view name) const {
  auto it = entries.find(name);
  return it != entries.end() && !std::holds_alternative<std::monostate>(it->second.value);
}
std::int64_t config_values::integer(std::string_view name) const {
  auto it = entries.find(name);
  if (it == entries.end()) return 0;
  auto* v = std::get_if<std::int64_t>(&it->second.value);
  return v ? *v : 0;
}
bool config_values::boolean(std::string_view name) const {
  auto it = entries.find(name);
  if (it == entries.end()) return false;
  auto* v = std::get_if<bool>(&it->second.value);
  return v && *v;
}
const std::string& config_values::string(std::string_view name) const {
  static const std::string empty;
  auto it = entries.find(name);
  if (it == entries.end()) return empty;
  auto* v = std::get_if<std::string>(&it->second.value);
  return v ? *v : empty;
}
const std::vector<std::string>& config_values::list(std::string_view name) const {
  static const std::vector<std::string> empty;
  auto it = entries.find(name);
  if (it == entries.end()) return empty;
  auto* v = std::get_if<std::vector<std::string>>(&it->second.value);
  return v ? *v : empty;
}

// ---- parsing ------------------------------------------------------------------------------

config_result parse_value(const config_key& k, std::string_view text, config_value& out) {
  // Passwords are never repeated in an error message.
  const auto shown = [&](std::string_view s) {
    return k.type == config_type::password ? std::string("(hidden)") : "'" + std::string(s) + "'";
  };
  switch (k.type) {
    case config_type::integer:
    case config_type::long_integer:
    case config_type::milliseconds:
    case config_type::bytes: {
      const auto t = trim(text);
      std::int64_t v = 0;
      const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      // int32 keys (Java's Type.INT, whatever the unit) say so when a value is too wide.
      const std::int64_t type_max = k.type == config_type::integer || k.max == int32_max ? int32_max : no_limit_max;
      if (t.empty() || ec == std::errc::invalid_argument || end != t.data() + t.size())
        return config_error(k.name, "expected " + expected_number(k) + ", got " + shown(text));
      if (ec == std::errc::result_out_of_range || v > type_max || v < -type_max - 1)
        return config_error(k.name, shown(text) + " does not fit in a " +
                                        (type_max == int32_max ? "32" : "64") + "-bit integer");
      if (v < k.min || v > k.max) {
        std::string range = k.max == type_max ? "at least " + std::to_string(k.min)
                                : "between " + std::to_string(k.min) + " and " + std::to_string(k.max);
        return config_error(k.name, std::to_string(v) + " is out of range: must be " + range);
      }
      out = v;
      return {};
    }
    case config_type::boolean: {
      const auto t = lower(trim(text));
      if (t != "true" && t != "false") return config_error(k.name, "expected true or false, got " + shown(text));
      out = t == "true";
      return {};
    }
    case config_type::string:
    case config_type::password:
      out = std::string(text);
      return {};
    case config_type::enumeration: {
      const auto t = lower(trim(text));
      for (auto a : k.allowed)
        if (lower(a) == t) {
          out = std::string(a);
          return {};
        }
      return config_error(k.name, "expected one of " + join(k.allowed) + ", got " + shown(text));
    }
    case config_type::list: {
      std::vector<std::string> items;
      std::string_view rest = text;
      if (!trim(rest).empty()) {
        for (;;) {
          const auto comma = rest.find(',');
          const auto item = trim(rest.substr(0, comma));
          if (item.empty()) return config_error(k.name, "empty entry in the list " + shown(text));
          std::string value(item);
          if (!k.allowed.empty()) {
            auto it = std::find_if(k.allowed.begin(), k.allowed.end(), [&](auto a) { return lower(a) == lower(item); });
            if (it == k.allowed.end())
              return config_error(k.name, "expected entries among " + join(k.allowed) + ", got " + shown(item));
            value = std::string(*it);
          }
          items.push_back(std::move(value));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
      }
      out = std::move(items);
      return {};
    }
  }
  return config_error(k.name, "unknown type");
}

std::string suggest_key(std::string_view unknown, std::span<const config_table> tables) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, unknown.size() / 3) + 1;
  const std::string u = lower(unknown);
  for (auto t : tables)
    for (const auto& k : t) {
      const std::size_t d = edit_distance(u, k.name);
      if (d < best_d) {
        best_d = d;
        best = std::string(k.name);
      }
    }
  return best;
}

namespace {
// The closest of java_only_keys(), by suggest_key's measure.
std::string suggest_java_key(std::string_view unknown) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, unknown.size() / 3) + 1;
  const std::string u = lower(unknown);
  for (const auto& k : java_only_keys())
    if (const std::size_t d = edit_distance(u, k.name); d < best_d) {
      best_d = d;
      best = std::string(k.name);
    }
  return best;
}
}  // namespace

config_result parse_assignments(std::span<const std::string> assignments, properties& out) {
  for (const auto& a : assignments) {
    const auto eq = a.find('=');
    const auto key = trim(std::string_view(a).substr(0, eq));
    if (eq == std::string::npos) return config_error(key, "expected key=value, got '" + a + "'");
    if (key.empty()) return config_error("(empty key)", "expected key=value, got '" + a + "'");
    out[std::string(key)] = a.substr(eq + 1);
  }
  return {};
}

config_result parse_config(const config_def& def, const properties& in, config_values& out) {
  out.entries.clear();
  std::vector<std::string> ignored;  // properties is ordered: so is this
  for (const auto& [name, text] : in) {
    const config_key* k = find(def.tables, name);
    if (!k) {
      // A Java key of this client kind comes before the foreign check: Java's admin client has
      // retries, kwire's producer too.
      const java_key* j = find_java_key(name);
      if (j && (j->clients & def.java) && !j->harmless_value(text))
        return config_error(name, "'" + text + "' is not supported by kwire: " + std::string(j->refusal));
      if (j && ((j->clients & def.java) || !find(def.foreign, name))) {
        ignored.push_back(name);
        continue;
      }
      if (find(def.foreign, name))
        return config_error(name, "is a " + std::string(def.foreign_kind) + " setting, not a " +
                                      std::string(def.kind) + " one");
      std::string what = "unknown " + std::string(def.kind) + " setting";
      std::string s = suggest_key(name, def.tables);
      if (s.empty()) s = suggest_java_key(name);
      if (!s.empty()) what += " (did you mean " + s + "?)";
      return config_error(name, what);
    }
    auto& e = out.entries[name];
    if (auto res = parse_value(*k, text, e.value); !res) return res;
    e.user_set = true;
  }
  for (auto t : def.tables)
    for (const auto& k : t) {
      if (out.entries.contains(k.name)) continue;
      auto& e = out.entries[std::string(k.name)];
      if (!k.has_default) continue;
      if (auto res = parse_value(k, k.default_value, e.value); !res) {
        res.detail += " (kwire's default)";
        return res;
      }
    }
  config_result done;
  done.ignored = std::move(ignored);
  return done;
}

std::string describe_keys(std::span<const config_table> tables) {
  static constexpr std::string_view type_names[] = {"int",  "long", "bool", "string", "password",
                                                    "list", "enum", "ms",   "bytes"};
  std::ostringstream out;
  for (auto t : tables)
    for (const auto& k : t) {
      out << k.name << "  " << type_names[static_cast<int>(k.type)] << "  ";
      out << (k.has_default ? (k.default_value.empty() ? "\"\"" : std::string(k.default_value)) : "(none)");
      if (!k.allowed.empty()) out << "  {" << join(k.allowed) << "}";
      out << "  " << k.doc << "\n";
    }
  return out.str();
}

}  // namespace kwire::client
