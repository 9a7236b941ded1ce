#include "tools/cli/lag_format.hpp"

#include <algorithm>
#include <array>

#include "tools/cli/format.hpp"

namespace kwire::client {

namespace {

std::string or_dash(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "-"; }

void append_json_number(std::string& out, const std::optional<std::int64_t>& v) {
  out += v ? std::to_string(*v) : "null";
}

// Group ids and topics are user data: printed as JSON strings when UTF-8, as base64 otherwise.
void append_json_name(std::string& out, std::string_view field, std::string_view s) {
  out += '"';
  out += field;
  if (is_valid_utf8(s)) {
    out += "\":";
    append_json_string(out, s);
  } else {
    out += "_base64\":\"";
    append_base64(out, s);
    out += '"';
  }
}

}  // namespace

std::string lag_text(std::string_view group, const lag_report& r) {
  using line = std::array<std::string, 5>;
  std::vector<line> lines{{"TOPIC", "PARTITION", "END-OFFSET", "COMMITTED", "LAG"}};
  for (const auto& row : r.rows)
    lines.push_back({row.topic, std::to_string(row.partition), or_dash(row.end_offset), or_dash(row.committed),
                     or_dash(row.lag)});
  lines.push_back({"TOTAL", "", "", "", std::to_string(r.total) + (r.unknown ? " (" + std::to_string(r.unknown) +
                                                                               " partitions without a known lag)"
                                                                             : "")});
  std::array<std::size_t, 5> width{};
  for (const auto& l : lines)
    for (std::size_t c = 0; c + 1 < l.size(); ++c) width[c] = std::max(width[c], l[c].size());
  std::string out = "GROUP " + std::string(group) + "\n";
  for (const auto& l : lines) {
    std::string text;
    for (std::size_t c = 0; c < l.size(); ++c) {
      text += l[c];
      if (c + 1 < l.size()) text += std::string(width[c] - l[c].size() + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  }
  return out;
}

std::string lag_json(std::string_view group, const lag_report& r) {
  std::string out = "{";
  append_json_name(out, "group", group);
  out += ",\"partitions\":[";
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    if (i) out += ',';
    out += '{';
    append_json_name(out, "topic", row.topic);
    out += ",\"partition\":" + std::to_string(row.partition) + ",\"end_offset\":";
    append_json_number(out, row.end_offset);
    out += ",\"committed\":";
    append_json_number(out, row.committed);
    out += ",\"lag\":";
    append_json_number(out, row.lag);
    out += '}';
  }
  out += "],\"total_lag\":" + std::to_string(r.total) + ",\"unknown_lag_partitions\":" + std::to_string(r.unknown) + "}\n";
  return out;
}

}  // namespace kwire::client
