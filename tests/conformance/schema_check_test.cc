// The schema check: every message kwire declares is compared, version by version and field by
// field, with Apache Kafka's own message schemas, read at test time from the kafka-clients jars
// that tools/setup fetched (never committed). Versions inside 4.4.0's valid range are checked
// against 4.4.0's schema, older ones against 3.9.2's.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <kwire/protocol/schema_description.hpp>
#include <kwire/protocol/messages.hpp>
#include "tests/support/json.hpp"

namespace kwire {
namespace {

namespace fs = std::filesystem;
using namespace protocol;
using test::json;

struct schema_line {
  std::string version;
  std::map<std::string, json> by_name;  // "MetadataRequest" -> schema
};

std::string cache_dir() {
  if (const char* c = std::getenv("KWIRE_CACHE"); c && *c) return c;
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/kwire";
  return "";
}

// Extracts common/message/*.json from kafka-clients-<version>.jar and parses every file.
schema_line load_line(const std::string& version) {
  schema_line line{version, {}};
  const auto jar = cache_dir() + "/kafka-" + version + "/libs/kafka-clients-" + version + ".jar";
  if (!fs::exists(jar)) {
    ADD_FAILURE() << "missing " << jar << ": run tools/setup (it fetches Kafka " << version << ")";
    return line;
  }
  const char* tmp = std::getenv("TEST_TMPDIR");
  const fs::path dir = fs::path(tmp ? tmp : "/tmp") / ("kafka-schemas-" + version);
  fs::create_directories(dir);
  const auto cmd = "unzip -q -o '" + jar + "' 'common/message/*.json' -d '" + dir.string() + "'";
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << "could not run: " << cmd;
    return line;
  }
  for (const auto& entry : fs::directory_iterator(dir / "common" / "message")) {
    std::ifstream in(entry.path());
    std::stringstream buf;
    buf << in.rdbuf();
    try {
      auto j = test::json_parser::parse(buf.str());
      line.by_name[j.str("name")] = std::move(j);
    } catch (const std::exception& e) {
      ADD_FAILURE() << entry.path() << ": " << e.what();
    }
  }
  return line;
}

const std::vector<schema_line>& lines() {
  static const std::vector<schema_line> all{load_line("4.4.0"), load_line("3.9.2")};
  return all;
}

vrange parse_versions(const std::string& s) {
  if (s.empty() || s == "none") return none;
  if (s.back() == '+') return from(static_cast<std::int16_t>(std::stoi(s.substr(0, s.size() - 1))));
  if (const auto dash = s.find('-'); dash != std::string::npos)
    return between(static_cast<std::int16_t>(std::stoi(s.substr(0, dash))),
                   static_cast<std::int16_t>(std::stoi(s.substr(dash + 1))));
  const auto v = static_cast<std::int16_t>(std::stoi(s));
  return between(v, v);
}

bool is_integer_type(const std::string& t) {
  return t == "int8" || t == "int16" || t == "uint16" || t == "int32" || t == "uint32" || t == "int64";
}

// Kafka's default for a field, in the spelling schema_description.hpp uses.
std::string schema_default(const json& f) {
  const auto type = f.str("type");
  const auto* d = f.find("default");
  if (!d) {
    if (is_integer_type(type) || type == "float64") return "0";
    if (type == "bool") return "false";
    if (type == "records") return "null";  // Kafka's generator: records always default to null
    return "";
  }
  const auto text = f.str("default");
  if (text == "null") return "null";
  if (is_integer_type(type)) return std::to_string(std::stoll(text, nullptr, 0));
  if (type == "float64") {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", std::stod(text));
    return buf;
  }
  return text;
}

struct checker {
  const json& schema;
  std::int16_t version;
  // `ignorable` is one flag per field, and only matters in versions without the field; Kafka's
  // newest schema is the authority for it (3.9.2 and 4.4.0 disagree on e.g. Produce's Name).
  bool check_ignorable;
  std::vector<std::string> errors;

  const json* common_struct(const std::string& type) const {
    auto name = type.starts_with("[]") ? type.substr(2) : type;
    if (const auto* cs = schema.find("commonStructs"))
      for (const auto& s : cs->items)
        if (s.str("name") == name) return s.find("fields");
    return nullptr;
  }

  void compare(const std::vector<field_description>& ours, const json* theirs, const std::string& path) {
    std::vector<const json*> present;
    if (theirs)
      for (const auto& f : theirs->items)
        if (parse_versions(f.str("versions")).contains(version)) present.push_back(&f);
    std::vector<const field_description*> mine;
    for (const auto& f : ours)
      if (f.versions.contains(version)) mine.push_back(&f);
    const auto n = std::max(present.size(), mine.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (i >= present.size()) {
        errors.push_back(path + mine[i]->name + ": declared by kwire but not in the schema");
        continue;
      }
      if (i >= mine.size()) {
        errors.push_back(path + present[i]->str("name") + ": in the schema but not declared by kwire");
        continue;
      }
      field(*mine[i], *present[i], path);
    }
  }

  void field(const field_description& ours, const json& theirs, const std::string& path) {
    const auto where = path + theirs.str("name");
    auto mismatch = [&](const std::string& what, const std::string& mine, const std::string& kafka) {
      errors.push_back(where + ": " + what + " is '" + mine + "' in kwire, '" + kafka + "' in Kafka");
    };
    if (ours.name != theirs.str("name")) mismatch("name", ours.name, theirs.str("name"));
    if (ours.type != theirs.str("type")) mismatch("type", ours.type, theirs.str("type"));
    const bool nullable = parse_versions(theirs.str("nullableVersions")).contains(version);
    if (ours.nullable_versions.contains(version) != nullable)
      mismatch("nullable", ours.nullable_versions.contains(version) ? "yes" : "no", nullable ? "yes" : "no");
    const bool tagged = parse_versions(theirs.str("taggedVersions")).contains(version);
    if (ours.tagged_versions.contains(version) != tagged)
      mismatch("tagged", ours.tagged_versions.contains(version) ? "yes" : "no", tagged ? "yes" : "no");
    if (tagged && std::to_string(ours.tag) != theirs.str("tag")) mismatch("tag", std::to_string(ours.tag), theirs.str("tag"));
    const bool ignorable = theirs.str("ignorable") == "true";
    if (check_ignorable && ours.ignorable != ignorable) mismatch("ignorable", ours.ignorable ? "true" : "false", ignorable ? "true" : "false");
    if (ours.fields.empty()) {
      if (ours.default_value != schema_default(theirs)) mismatch("default", ours.default_value, schema_default(theirs));
    } else if (ours.type.starts_with("[]") && ours.default_value != schema_default(theirs) &&
               !(schema_default(theirs).empty() && ours.default_value.empty())) {
      mismatch("default", ours.default_value, schema_default(theirs));
    }
    if (const auto* fs = theirs.find("fields")) compare(ours.fields, fs, where + ".");
    else if (!ours.fields.empty()) compare(ours.fields, common_struct(theirs.str("type")), where + ".");
  }
};

struct coverage_row {
  std::string name;
  std::set<int> with_440, with_392;
};

template <message_type M>
void check_message(coverage_row& row) {
  const auto ours = describe_message<M>();
  const auto& facts = info(M::api);
  for (auto v = facts.supported.lo; v <= facts.supported.hi; ++v) {
    const json* schema = nullptr;
    const schema_line* line = nullptr;
    for (const auto& l : lines()) {
      const auto it = l.by_name.find(ours.name);
      if (it != l.by_name.end() && parse_versions(it->second.str("validVersions")).contains(v)) {
        schema = &it->second;
        line = &l;
        break;
      }
    }
    if (!schema) {
      ADD_FAILURE() << ours.name << " v" << v << ": no official schema covers this version";
      continue;
    }
    checker c{*schema, v, line->version == "4.4.0", {}};
    const bool flexible = parse_versions(schema->str("flexibleVersions")).contains(v);
    if (flexible != is_flexible(M::api, v))
      c.errors.push_back(std::string("flexible is ") + (flexible ? "no" : "yes") + " in kwire");
    if (schema->str("apiKey") != std::to_string(static_cast<int>(M::api)))
      c.errors.push_back("api key " + schema->str("apiKey") + " in Kafka");
    c.compare(ours.fields, schema->find("fields"), "");
    for (const auto& e : c.errors) ADD_FAILURE() << ours.name << " v" << v << " (Kafka " << line->version << "): " << e;
    if (c.errors.empty()) (line->version == "4.4.0" ? row.with_440 : row.with_392).insert(v);
  }
}

std::string ranges(const std::set<int>& vs) {
  if (vs.empty()) return "-";
  std::string out;
  int start = *vs.begin(), prev = start;
  auto flush = [&] { out += (out.empty() ? "" : ",") + std::to_string(start) + (prev != start ? "-" + std::to_string(prev) : ""); };
  for (auto it = std::next(vs.begin()); it != vs.end(); ++it) {
    if (*it != prev + 1) {
      flush();
      start = *it;
    }
    prev = *it;
  }
  flush();
  return out;
}

TEST(schema_check, every_declared_message_matches_kafka) {
  ASSERT_FALSE(lines().empty());
  std::map<int, std::pair<coverage_row, coverage_row>> table;
  std::apply(
      [&](auto... pair) {
        (
            [&] {
              using P = decltype(pair);
              auto& [req, resp] = table[static_cast<int>(P::request::api)];
              req.name = std::string(P::request::schema_name);
              resp.name = std::string(P::response::schema_name);
              check_message<typename P::request>(req);
              check_message<typename P::response>(resp);
            }(),
            ...);
      },
      all_messages{});
  // For docs/protocol-coverage.md: one line per key/version whose request and response match.
  std::ofstream coverage;
  if (const char* path = std::getenv("KWIRE_COVERAGE_OUT"); path && *path) coverage.open(path, std::ios::app);
  for (const auto& [key, rows] : table) {
    const auto& [req, resp] = rows;
    for (const auto* line : {"4.4.0", "3.9.2"}) {
      const auto& a = std::string(line) == "4.4.0" ? req.with_440 : req.with_392;
      const auto& b = std::string(line) == "4.4.0" ? resp.with_440 : resp.with_392;
      for (int v : a)
        if (b.count(v)) coverage << "schema " << key << " " << v << " " << line << "\n";
    }
  }
  std::printf("%4s  %-32s %-14s %-14s %-14s %-14s\n", "key", "api", "req@4.4.0", "req@3.9.2", "resp@4.4.0",
              "resp@3.9.2");
  for (const auto& [key, rows] : table) {
    const auto& [req, resp] = rows;
    std::printf("%4d  %-32s %-14s %-14s %-14s %-14s\n", key, std::string(info(static_cast<api_key>(key)).name).c_str(),
                ranges(req.with_440).c_str(), ranges(req.with_392).c_str(), ranges(resp.with_440).c_str(),
                ranges(resp.with_392).c_str());
  }
}

// The versions kwire claims for each declared API are exactly the ones brokers accept: from the
// lowest a 3.9.2 or 4.4.0 broker accepts to the highest 4.4.0 offers (a latest version Kafka
// marks unstable is not offered, so it is not claimed).
TEST(schema_check, supported_ranges_span_both_lines) {
  std::apply(
      [&](auto... pair) {
        (
            [&] {
              using Req = typename decltype(pair)::request;
              const auto& facts = info(Req::api);
              int lo = 1 << 20, hi = -1;
              for (const auto& l : lines()) {
                const auto it = l.by_name.find(std::string(Req::schema_name));
                if (it == l.by_name.end()) continue;
                auto r = parse_versions(it->second.str("validVersions"));
                // A latest version marked unstable is not offered by a broker by default.
                if (it->second.str("latestVersionUnstable") == "true") r.hi = static_cast<std::int16_t>(r.hi - 1);
                if (r.empty()) continue;
                lo = std::min<int>(lo, r.lo);
                if (l.version == "4.4.0") hi = r.hi;
              }
              EXPECT_EQ(facts.supported.lo, lo) << Req::schema_name;
              EXPECT_EQ(facts.supported.hi, hi) << Req::schema_name;
            }(),
            ...);
      },
      all_messages{});
}

}  // namespace
}  // namespace kwire

namespace kwire {
namespace {

// Every API a 4.4.0 broker serves on a client listener ("broker" among its listeners) is
// declared, over every version 4.4.0 accepts.
TEST(schema_check, every_client_facing_api_of_4_4_0_is_declared) {
  std::set<int> declared;
  std::apply([&](auto... pair) { (declared.insert(static_cast<int>(decltype(pair)::request::api)), ...); },
             all_messages{});
  int covered = 0;
  for (const auto& [name, schema] : lines().front().by_name) {
    if (schema.str("type") != "request") continue;
    bool client_facing = false;
    if (const auto* l = schema.find("listeners"))
      for (const auto& x : l->items) client_facing |= x.text == "broker";
    auto accepted = parse_versions(schema.str("validVersions"));
    if (schema.str("latestVersionUnstable") == "true") accepted.hi = static_cast<std::int16_t>(accepted.hi - 1);
    if (!client_facing || accepted.empty()) continue;
    const int key = std::stoi(schema.str("apiKey"));
    const auto ours = info(static_cast<api_key>(key)).supported;
    EXPECT_TRUE(declared.count(key)) << name << " (key " << key << ") is not declared";
    EXPECT_TRUE(ours.contains(accepted.lo) && ours.contains(accepted.hi))
        << name << ": kwire supports " << ours.lo << "-" << ours.hi << ", 4.4.0 accepts " << accepted.lo << "-"
        << accepted.hi;
    ++covered;
  }
  std::printf("%d client-facing APIs of Kafka 4.4.0, all declared over their full version ranges\n", covered);
  EXPECT_GT(covered, 60);
}

}  // namespace
}  // namespace kwire
