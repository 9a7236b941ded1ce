// What is printed and what the filters let through, for exchanges decoded from real frames.
#include "tools/dump/core/report.hpp"

#include <gtest/gtest.h>

#include <kwire/protocol/messages.hpp>
#include "tests/dump/frames_helpers.hpp"

namespace kwire::dump {
namespace {

using namespace protocol;

// Three exchanges on one connection: Metadata for "orders" (answered with an error), a
// JoinGroup of group "g1" from client "c2", and a Metadata for "other".
std::vector<exchange> sample() {
  std::vector<exchange> out;
  session s("a>b", {[&](exchange&& x) { out.push_back(std::move(x)); }, {}});
  metadata_request m;
  m.topics = std::vector<metadata_request::topic>{{uuid{}, "orders", {}}};
  s.client_bytes(1, test::request_frame(m, 12, 1, "c1"));
  metadata_response mr;
  mr.topics.push_back({3, "orders", uuid{}, false, {}, 0, {}});
  s.server_bytes(1.25, test::response_frame(mr, 12, 1));
  join_group_request j;
  j.group_id = "g1";
  j.protocol_type = "consumer";
  s.client_bytes(2, test::request_frame(j, 9, 2, "c2"));
  s.server_bytes(2, test::response_frame(join_group_response{}, 9, 2));
  m.topics = std::vector<metadata_request::topic>{{uuid{}, "other", {}}};
  s.client_bytes(3, test::request_frame(m, 12, 3, "c1"));
  s.server_bytes(3, test::response_frame(metadata_response{}, 12, 3));
  return out;
}

std::string print(const filters& f, output_format format = output_format::line) {
  std::string text;
  reporter rep(format, f, [&](const std::string& s) { text += s; });
  for (const auto& x : sample()) rep.on_exchange(x);
  return text;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(Report, OneLinePerExchange) {
  const auto text = print({});
  EXPECT_NE(text.find("a>b client=c1 Metadata v12 cid=1 250.000ms bytes="), std::string::npos) << text;
  EXPECT_NE(text.find("topics=orders errors=UNKNOWN_TOPIC_OR_PARTITION(3)"), std::string::npos) << text;
  EXPECT_NE(text.find("client=c2 JoinGroup v9 cid=2"), std::string::npos) << text;
  EXPECT_NE(text.find("groups=g1"), std::string::npos) << text;
  EXPECT_EQ(count(text, "\n"), 3u) << text;
}

TEST(Report, Filters) {
  struct filter_case {
    std::string name;
    filters f;
    std::vector<std::string> cids;  // exchanges expected, by " cid=N "
  };
  const std::vector<filter_case> cases{
      {"api by key", {{11}, {}, {}, {}, false}, {"cid=2"}},
      {"topic", {{}, {"other"}, {}, {}, false}, {"cid=3"}},
      {"group", {{}, {}, {"g1"}, {}, false}, {"cid=2"}},
      {"client id", {{}, {}, {}, {"c1"}, false}, {"cid=1", "cid=3"}},
      {"errors only", {{}, {}, {}, {}, true}, {"cid=1"}},
      {"api and topic", {{3}, {"orders"}, {}, {}, false}, {"cid=1"}},
      {"nothing matches", {{}, {"none"}, {}, {}, false}, {}},
  };
  for (const auto& c : cases) {
    const auto text = print(c.f);
    EXPECT_EQ(count(text, "\n"), c.cids.size()) << c.name << ":\n" << text;
    for (const auto& cid : c.cids) EXPECT_NE(text.find(cid + " "), std::string::npos) << c.name << ":\n" << text;
  }
}

TEST(Report, SummaryCountsEverythingFiltersAside) {
  std::string text;
  reporter rep(output_format::json, {{11}, {}, {}, {}, false}, [&](const std::string& s) { text += s; });
  for (const auto& x : sample()) rep.on_exchange(x);
  rep.print_summary();
  EXPECT_NE(text.find("{\"summary\":{\"exchanges\":3,\"frames\":6,\"undecoded\":0,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"Metadata\":{\"requests\":2,\"responses\":2,\"undecoded\":0}"), std::string::npos) << text;
}

TEST(Report, ParseApi) {
  EXPECT_EQ(parse_api("Metadata"), 3);
  EXPECT_EQ(parse_api("consumergroupheartbeat"), 68);
  EXPECT_EQ(parse_api("1"), 1);
  EXPECT_EQ(parse_api("999"), -1);
  EXPECT_EQ(parse_api("Nope"), -1);
}

}  // namespace
}  // namespace kwire::dump
