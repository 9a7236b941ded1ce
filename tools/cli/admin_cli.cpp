#include "tools/cli/admin_cli.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "tools/cli/settings.hpp"

namespace kwire::cli {
namespace {

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// One logical line of a .properties file with its escapes undone; `sep` is where the key ends.
std::string unescape(std::string_view s, std::size_t& key_end) {
  std::string out;
  key_end = std::string::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      const char e = s[++i];
      if (e == 't') out.push_back('\t');
      else if (e == 'n') out.push_back('\n');
      else if (e == 'r') out.push_back('\r');
      else if (e == 'f') out.push_back('\f');
      else if (e == 'u' && i + 4 < s.size()) {
        append_utf8(out, static_cast<unsigned>(std::strtoul(std::string(s.substr(i + 1, 4)).c_str(), nullptr, 16)));
        i += 4;
      } else out.push_back(e);
      continue;
    }
    if (key_end == std::string::npos && (c == '=' || c == ':' || c == ' ' || c == '\t')) {
      key_end = out.size();
      // Skip blanks, one separator, blanks.
      while (i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t')) ++i;
      if ((c == ' ' || c == '\t') && i + 1 < s.size() && (s[i + 1] == '=' || s[i + 1] == ':')) ++i;
      while (i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t')) ++i;
      out.push_back('\0');
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

bool read_properties_file(const std::string& path, properties& out, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot be read";
    return false;
  }
  std::string line, logical;
  while (std::getline(in, line)) {
    std::size_t start = line.find_first_not_of(" \t\f\r");
    if (logical.empty() && (start == std::string::npos || line[start] == '#' || line[start] == '!')) continue;
    std::string_view part = std::string_view(line).substr(start == std::string::npos ? line.size() : start);
    if (!part.empty() && part.back() == '\r') part.remove_suffix(1);
    // An odd number of trailing backslashes continues the line.
    std::size_t slashes = 0;
    while (slashes < part.size() && part[part.size() - 1 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 1) {
      logical.append(part.substr(0, part.size() - 1));
      continue;
    }
    logical.append(part);
    std::size_t key_end;
    const std::string text = unescape(logical, key_end);
    logical.clear();
    if (key_end == std::string::npos) out[text] = "";
    else out[text.substr(0, key_end)] = text.substr(key_end + 1);
  }
  return true;
}

admin_command::admin_command(const char* name, int argc, char** argv) : name_(name) {
  const char* env = std::getenv("KWIRE_BOOTSTRAP");
  bootstrap_ = env ? env : "";
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "-b" || a == "--bootstrap" || a == "--bootstrap-server" || a == "-X" || a == "--command-config") {
      if (!has_value) {
        error_ = std::string(a) + " needs a value";
        std::fprintf(stderr, "kwire %s: %s\n", name_, error_.c_str());
        return;
      }
      const std::string v = argv[++i];
      if (a == "-X") assignments_.push_back(v);
      else if (a == "--command-config") command_config_ = v;
      else bootstrap_ = v;
    } else if (a == "--json") {
      json_ = true;
    } else if (a == "-h" || a == "--help") {
      help_ = true;
    } else {
      rest_.emplace_back(a);
    }
  }
}

std::unique_ptr<blocking_admin> admin_command::connect() {
  properties props;
  if (command_config_) {
    std::string why;
    if (!read_properties_file(*command_config_, props, why)) {
      std::fprintf(stderr, "kwire %s: --command-config %s\n", name_, why.c_str());
      return nullptr;
    }
  }
  if (!bootstrap_.empty()) props["bootstrap.servers"] = bootstrap_;
  if (!props.count("client.id")) props["client.id"] = "kwire-cli";
  auto r = client::parse_assignments(assignments_, props);
  if (r && !props.count("bootstrap.servers")) {
    std::fprintf(stderr, "kwire %s: no broker: pass -b HOST:PORT or set KWIRE_BOOTSTRAP\n", name_);
    return nullptr;
  }
  admin_config cfg;
  if (r) r = parse_admin_config(props, cfg);
  if (!r) {
    std::fprintf(stderr, "kwire %s: %s\n", name_, r.detail.c_str());
    return nullptr;
  }
  return std::make_unique<blocking_admin>(std::move(cfg));
}

void table::print(std::FILE* out) const {
  std::vector<std::size_t> width(header_.size(), 0);
  const auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  const auto line = [&](const std::vector<std::string>& row) {
    std::string s;
    for (std::size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      s += cell;
      if (i + 1 < width.size()) s += std::string(width[i] - cell.size() + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    std::fprintf(out, "%s\n", s.c_str());
  };
  line(header_);
  for (const auto& r : rows_) line(r);
}

std::string json_list(const std::vector<std::string>& items) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? "," : "") + items[i];
  return s + "]";
}

std::string json_object(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string s = "{";
  for (std::size_t i = 0; i < fields.size(); ++i)
    s += (i ? "," : "") + json_string(fields[i].first) + ":" + fields[i].second;
  return s + "}";
}

std::string json_ints(const std::vector<std::int32_t>& values) {
  std::vector<std::string> items;
  for (auto v : values) items.push_back(std::to_string(v));
  return json_list(items);
}

namespace {
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string closest(std::string_view typo, const std::vector<std::string_view>& known) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, typo.size() / 3) + 1;
  for (auto k : known) {
    const auto d = distance(typo, k);
    if (d < best_d) best_d = d, best = std::string(k);
  }
  return best;
}

int unknown_action(const char* name, std::string_view action, const std::vector<std::string_view>& known) {
  const auto hint = closest(action, known);
  std::string all;
  for (auto k : known) all += (all.empty() ? "" : ", ") + std::string(k);
  std::fprintf(stderr, "kwire %s: unknown action '%.*s'%s (one of: %s)\n", name, static_cast<int>(action.size()),
               action.data(), hint.empty() ? "" : (" (did you mean '" + hint + "'?)").c_str(), all.c_str());
  return 2;
}

int fail(const char* name, const std::string& what, const kwire::error& e) {
  std::fprintf(stderr, "kwire %s: %s: %s\n", name, what.c_str(), e.what());
  return 1;
}

}  // namespace kwire::cli
