// The partition assignors against the Java client's results for the same input
// (tests/unit/assignor_cases.inc, produced by tests/interop/AssignorResults.java), plus the
// properties every cooperative assignment must have.

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string_view>
#include <set>
#include <string>
#include <vector>

#include <kwire/group/assignor.hpp>
#include <kwire/group/consumer_protocol.hpp>
#include <kwire/group/java_order.hpp>

using namespace kwire::client::group;

namespace {

struct member_row {
  std::string id;
  std::optional<std::string> instance;
  std::vector<std::string> topics;
  std::vector<topic_partition> owned;
  std::optional<std::int32_t> generation_id;
  std::optional<std::int32_t> user_data_generation;
  std::int16_t version = 3;
};

struct assign_row {
  std::string name;
  std::string assignor;
  std::map<std::string, std::int32_t> topics;
  std::vector<member_row> members;
  assignment_map expected;
};

constexpr std::string_view java_table =
#include "tests/unit/assignor_cases.inc"
    ;

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      if (i > start) out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::vector<topic_partition> partitions_of(const std::string& s) {
  std::vector<topic_partition> out;
  if (s == "-") return out;
  for (const auto& item : split(s, ',')) {
    const auto slash = item.rfind('/');
    out.push_back({item.substr(0, slash), std::stoi(item.substr(slash + 1))});
  }
  return out;
}

std::optional<std::int32_t> number_or_none(const std::string& s) {
  if (s == "-") return std::nullopt;
  return std::stoi(s);
}

// The text form AssignorResults.java prints (see emit() there).
std::vector<assign_row> parse_rows(std::string_view text) {
  std::vector<assign_row> rows;
  for (const auto& line : split(text, '\n')) {
    const auto space = line.find(' ');
    const auto kind = line.substr(0, space);
    const auto rest = space == std::string::npos ? std::string() : line.substr(space + 1);
    const auto words = split(rest, ' ');
    if (kind == "case") {
      rows.push_back({rest, {}, {}, {}, {}});
      continue;
    }
    if (rows.empty()) throw std::runtime_error("assignor_cases.inc: \"" + line + "\" before any case");
    auto& row = rows.back();
    if (kind == "assignor") {
      row.assignor = rest;
    } else if (kind == "topics") {
      for (const auto& w : words) {
        const auto eq = w.find('=');
        row.topics[w.substr(0, eq)] = std::stoi(w.substr(eq + 1));
      }
    } else if (kind == "member" && words.size() == 7) {
      member_row m;
      m.id = words[0];
      if (words[1] != "-") m.instance = words[1];
      if (words[2] != "-") m.topics = split(words[2], ',');
      m.owned = partitions_of(words[3]);
      m.generation_id = number_or_none(words[4]);
      m.user_data_generation = number_or_none(words[5]);
      m.version = static_cast<std::int16_t>(std::stoi(words[6]));
      row.members.push_back(std::move(m));
    } else if (kind == "result" && words.size() == 2) {
      row.expected[words[0]] = partitions_of(words[1]);
    } else {
      throw std::runtime_error("assignor_cases.inc: cannot read \"" + line + "\"");
    }
  }
  return rows;
}

const std::vector<assign_row>& java_rows() {
  static const auto rows = parse_rows(java_table);
  return rows;
}

// The member as a leader sees it: its subscription encoded at its version and read back, as
// Java's leader reads the JoinGroup metadata.
std::vector<member_subscription> members_of(const assign_row& row) {
  std::vector<member_subscription> out;
  for (const auto& m : row.members) {
    subscription s;
    s.topics = m.topics;
    s.owned_partitions = m.owned;
    s.generation_id = m.generation_id;
    if (m.user_data_generation) s.user_data = cooperative_sticky_user_data(*m.user_data_generation);
    bytes wire;
    EXPECT_TRUE(encode(to_wire(s), m.version, wire)) << m.id;
    consumer_protocol_subscription back;
    EXPECT_TRUE(decode(wire, back)) << m.id;
    out.push_back({m.id, m.instance, from_wire(back)});
  }
  return out;
}

std::string show(const assignment_map& a) {
  std::string s;
  for (const auto& [id, parts] : a) {
    s += id + ":";
    for (const auto& tp : parts) s += " " + tp.topic + "-" + std::to_string(tp.partition);
    s += "\n";
  }
  return s;
}

}  // namespace

TEST(assignor, java_results) {
  ASSERT_EQ(java_rows().size(), 86u);  // every case AssignorResults.java prints
  for (const auto& row : java_rows()) {
    SCOPED_TRACE(row.name);
    const auto a = make_assignor(row.assignor);
    ASSERT_NE(a, nullptr);
    const auto r = a->assign(members_of(row), row.topics);
    ASSERT_TRUE(r) << r.detail;
    EXPECT_EQ(show(r.assignment), show(row.expected));
  }
}

// Whatever the input, a cooperative assignment gives each partition to at most one member,
// only to a member subscribed to its topic, and never to one member while another still
// claims it (the claimant must revoke it first).
TEST(assignor, cooperative_properties_on_java_rows) {
  for (const auto& row : java_rows()) {
    if (row.assignor != "cooperative-sticky") continue;
    SCOPED_TRACE(row.name);
    const auto members = members_of(row);
    const auto r = cooperative_sticky_assignor{}.assign(members, row.topics);
    ASSERT_TRUE(r) << r.detail;
    std::map<topic_partition, std::string> owner;
    for (const auto& [id, parts] : r.assignment) {
      for (const auto& tp : parts) {
        EXPECT_TRUE(owner.emplace(tp, id).second) << tp.topic << "-" << tp.partition << " assigned twice";
      }
    }
    for (const auto& m : members) {
      for (const auto& tp : r.assignment.at(m.member_id)) {
        // Java's one exception (kept for identical results): the general builder moves a
        // partition back to its previous owner, a member of an older generation, without
        // checking that the member still subscribes to the topic ("skewed ownership 6").
        const bool subscribed = std::find(m.sub.topics.begin(), m.sub.topics.end(), tp.topic) != m.sub.topics.end();
        const bool claimed = std::find(m.sub.owned_partitions.begin(), m.sub.owned_partitions.end(), tp) !=
                             m.sub.owned_partitions.end();
        EXPECT_TRUE(subscribed || claimed) << m.member_id << " got " << tp.topic << "-" << tp.partition;
      }
      for (const auto& tp : m.sub.owned_partitions) {
        const auto it = owner.find(tp);
        if (it != owner.end() && it->second != m.member_id) {
          // Only a claim Java discards (a stale generation) lets another member take it at once.
          bool stale = false;
          for (const auto& o : members)
            if (o.member_id == it->second)
              stale = o.sub.generation_id.value_or(-1) > m.sub.generation_id.value_or(-1) ||
                      std::find(o.sub.owned_partitions.begin(), o.sub.owned_partitions.end(), tp) !=
                          o.sub.owned_partitions.end();
          EXPECT_TRUE(stale) << tp.topic << "-" << tp.partition << " moved from " << m.member_id << " to "
                             << it->second << " without being revoked first";
        }
      }
    }
  }
}

TEST(assignor, third_member_joining_keeps_partitions_that_stay) {
  const std::map<std::string, std::int32_t> topics{{"t", 6}};
  auto member = [](std::string id, std::vector<topic_partition> owned, std::optional<std::int32_t> gen) {
    subscription s;
    s.topics = {"t"};
    s.owned_partitions = std::move(owned);
    s.generation_id = gen;
    s.user_data = cooperative_sticky_user_data(gen.value_or(-1));
    return member_subscription{std::move(id), std::nullopt, std::move(s)};
  };
  const std::vector<member_subscription> first = {
      member("c1", {{"t", 0}, {"t", 1}, {"t", 2}}, 3),
      member("c2", {{"t", 3}, {"t", 4}, {"t", 5}}, 3),
      member("c3", {}, std::nullopt),
  };
  const auto r1 = cooperative_sticky_assignor{}.assign(first, topics);
  ASSERT_TRUE(r1);
  // c1 and c2 keep two each; t-2 and t-5 are revoked, not yet handed to c3.
  EXPECT_EQ(r1.assignment.at("c1"), (std::vector<topic_partition>{{"t", 0}, {"t", 1}}));
  EXPECT_EQ(r1.assignment.at("c2"), (std::vector<topic_partition>{{"t", 3}, {"t", 4}}));
  EXPECT_TRUE(r1.assignment.at("c3").empty());

  // After revoking, everyone rejoins at generation 4 owning what it kept: c3 gets the rest and
  // nothing c1 or c2 kept moves.
  const std::vector<member_subscription> second = {
      member("c1", r1.assignment.at("c1"), 4),
      member("c2", r1.assignment.at("c2"), 4),
      member("c3", {}, 4),
  };
  const auto r2 = cooperative_sticky_assignor{}.assign(second, topics);
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2.assignment.at("c1"), r1.assignment.at("c1"));
  EXPECT_EQ(r2.assignment.at("c2"), r1.assignment.at("c2"));
  EXPECT_EQ(r2.assignment.at("c3"), (std::vector<topic_partition>{{"t", 2}, {"t", 5}}));
}

TEST(assignor, names_and_user_data) {
  EXPECT_EQ(make_assignor("range")->name(), "range");
  EXPECT_EQ(make_assignor("roundrobin")->name(), "roundrobin");
  EXPECT_EQ(make_assignor("cooperative-sticky")->name(), "cooperative-sticky");
  EXPECT_EQ(make_assignor("sticky"), nullptr);
  EXPECT_EQ(make_assignor("Range"), nullptr);
  EXPECT_FALSE(make_assignor("range")->cooperative());
  EXPECT_TRUE(make_assignor("cooperative-sticky")->cooperative());
  EXPECT_EQ(make_assignor("range")->subscription_user_data(5), std::nullopt);
  EXPECT_EQ(make_assignor("cooperative-sticky")->subscription_user_data(7), (bytes{0, 0, 0, 7}));
}

TEST(assignor, bad_input_is_refused_with_a_reason) {
  subscription s;
  s.topics = {"t"};
  const std::vector<member_subscription> twice = {{"m", std::nullopt, s}, {"m", std::nullopt, s}};
  for (const auto* name : {"range", "roundrobin", "cooperative-sticky"}) {
    const auto a = make_assignor(name);
    auto r = a->assign(twice, {{"t", 2}});
    EXPECT_EQ(r.ec, kwire::client_errc::invalid_value);
    EXPECT_NE(r.detail.find("\"m\" appears twice"), std::string::npos) << r.detail;
    r = a->assign({{"m", std::nullopt, s}}, {{"t", -3}});
    EXPECT_EQ(r.ec, kwire::client_errc::invalid_value);
    EXPECT_NE(r.detail.find("\"t\" has a negative partition count (-3)"), std::string::npos) << r.detail;
    r = a->assign({}, {{"t", 2}});
    EXPECT_TRUE(r);
    EXPECT_TRUE(r.assignment.empty());
  }
}

// The hashes behind Java's HashMap order, checked against values Java prints for them
// ("c1".hashCode(), new TopicPartition("t", 0).hashCode(), "\u00e9\u20ac\ud83d\ude00".hashCode()).
TEST(assignor, java_hashes) {
  EXPECT_EQ(java::string_hash(""), 0);
  EXPECT_EQ(java::string_hash("c1"), 3118);
  EXPECT_EQ(java::string_hash("consumer-app-0"), -1743994131);
  EXPECT_EQ(java::topic_partition_hash({"t", 0}), 1077);
  EXPECT_EQ(java::string_hash("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), 16752006);
  EXPECT_EQ(java::capacity_for(12), 16u);
  EXPECT_EQ(java::capacity_for(13), 32u);
}
