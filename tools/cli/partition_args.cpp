#include "tools/cli/partition_args.hpp"

#include <boost/asio/use_future.hpp>
#include <charconv>
#include <ctime>

namespace kwire::cli {

std::optional<std::int64_t> parse_int(const std::string& text) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data() + (!text.empty() && text[0] == '+'), end, v);
  if (text.empty() || ec != std::errc() || p != end) return std::nullopt;
  return v;
}

bool parse_topic_arg(const std::string& arg, std::string& topic, std::vector<std::int32_t>& partitions,
                     std::string& error) {
  partitions.clear();
  const auto colon = arg.rfind(':');
  topic = arg.substr(0, colon);
  if (topic.empty()) {
    error = "'" + arg + "': no topic";
    return false;
  }
  if (colon == std::string::npos) return true;
  std::size_t start = colon + 1;
  while (start <= arg.size()) {
    const auto comma = std::min(arg.find(',', start), arg.size());
    const auto n = parse_int(arg.substr(start, comma - start));
    if (!n || *n < 0 || *n > INT32_MAX) {
      error = "'" + arg + "': partitions are numbers, T:0,1,2";
      return false;
    }
    partitions.push_back(static_cast<std::int32_t>(*n));
    start = comma + 1;
  }
  return true;
}

std::vector<topic_partition> partitions_of(blocking_admin& a, const std::string& topic) {
  a.start();
  auto& cluster = a.async().cluster();
  std::vector<topic_partition> out;
  try {
    const auto [ec, reply] = cluster.async_metadata({topic}, boost::asio::use_future).get();
    if (ec && !reply.view) throw error(ec, "Metadata for " + topic + ": " + reply.detail);
    if (const auto* t = reply.view ? reply.view->topic(topic) : nullptr; t && t->error_code == 0)
      for (const auto& p : t->partitions) out.push_back({topic, p.partition});
  } catch (const std::system_error& e) {
    throw error(e.code(), "Metadata for " + topic + ": " + e.what());
  }
  if (out.empty()) throw error(broker_errc::unknown_topic_or_partition, "the cluster has no topic " + topic);
  return out;
}

std::vector<topic_partition> expand_topics(blocking_admin& a, const std::vector<std::string>& args) {
  std::vector<topic_partition> out;
  for (const auto& arg : args) {
    std::string topic, why;
    std::vector<std::int32_t> parts;
    if (!parse_topic_arg(arg, topic, parts, why)) throw error(client_errc::invalid_value, why);
    if (parts.empty())
      for (auto& tp : partitions_of(a, topic)) out.push_back(std::move(tp));
    for (auto p : parts) out.push_back({topic, p});
  }
  return out;
}

std::optional<std::int64_t> parse_datetime(const std::string& text) {
  int y, mo, d, h, mi, s;
  int used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6 || used != 19)
    return std::nullopt;
  std::string rest = text.substr(19);
  std::int64_t millis = 0;
  if (!rest.empty() && rest[0] == '.') {
    std::size_t n = 1;
    while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n != 4) return std::nullopt;  // .sss
    millis = std::stoi(rest.substr(1, 3));
    rest = rest.substr(n);
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  std::int64_t seconds;
  if (rest.empty()) {  // local time, as the Java tool reads it
    tm.tm_isdst = -1;
    seconds = std::mktime(&tm);
  } else if (rest == "Z") {
    seconds = timegm(&tm);
  } else if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':') {
    const auto hh = parse_int(rest.substr(1, 2)), mm = parse_int(rest.substr(4, 2));
    if (!hh || !mm) return std::nullopt;
    const std::int64_t offset = (*hh * 3600 + *mm * 60) * (rest[0] == '+' ? 1 : -1);
    seconds = timegm(&tm) - offset;
  } else {
    return std::nullopt;
  }
  return seconds * 1000 + millis;
}

std::vector<std::string> split_top_level(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (c == ',' && depth == 0) {
      out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty() || !out.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace kwire::cli
