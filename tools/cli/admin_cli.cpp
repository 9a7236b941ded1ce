#include "tools/cli/admin_cli.hpp"

#include <algorithm>

#include "tools/cli/settings.hpp"

namespace kwire::cli {

admin_command::admin_command(const char* name, int argc, char** argv) : name_(name) {
  common_flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const auto took = flags.take(argc, argv, i);
    if (took == common_flags::took::missing_value) {
      error_ = std::string(a) + " needs a value";
      std::fprintf(stderr, "kwire %s: %s\n", name_, error_.c_str());
      return;
    }
    if (took == common_flags::took::yes) continue;
    if (a == "--json") json_ = true;
    else if (a == "-h" || a == "--help") help_ = true;
    else rest_.emplace_back(a);
  }
  bootstrap_ = std::move(flags.bootstrap);
  assignments_ = std::move(flags.assignments);
  command_config_ = std::move(flags.command_config);
}

std::unique_ptr<blocking_admin> admin_command::connect() {
  common_flags flags{bootstrap_, assignments_, command_config_};
  admin_config cfg;
  if (!settings(name_, flags, {}, &parse_admin_config, cfg)) return nullptr;
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

std::string operations_text(const std::optional<std::vector<std::string>>& ops) {
  if (!ops) return "-";
  if (ops->empty()) return "(none)";
  std::string s;
  for (const auto& op : *ops) s += (s.empty() ? "" : ",") + op;
  return s;
}

std::string operations_json(const std::optional<std::vector<std::string>>& ops) {
  if (!ops) return "null";
  std::vector<std::string> items;
  for (const auto& op : *ops) items.push_back(json_string(op));
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
