// The struct codec's rules, exercised through the declared messages (Metadata, ApiVersions) at
// every version kwire supports: round trips, absent fields, nulls, tagged fields, leftovers,
// truncation and error paths.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "tests/support/hex.hpp"
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages.hpp>

using namespace kwire::protocol;
using kwire::client_errc;

namespace {

using kwire::test::hex;
using kwire::test::to_hex;
using kwire::test::exact;
using kwire::test::contains;


// ---- a non-default value for every field a version carries ------------------------------
// Each call yields a fresh offset from the default (1..100), so neighbouring fields differ.

int counter = 0;

template <declared_struct S>
void fill(S& s, std::int16_t v);

template <class T>
T nondefault(const T& dflt, std::int16_t v) {
  if constexpr (std::is_same_v<T, bool>) return !dflt;
  else if constexpr (std::is_integral_v<T>) return static_cast<T>(dflt + (++counter % 100) + 1);
  else if constexpr (std::is_same_v<T, std::string>) return "s" + std::to_string(++counter);
  else if constexpr (std::is_same_v<T, uuid>) {
    uuid u;
    ++counter;
    for (std::size_t i = 0; i < 16; ++i) u.bytes[i] = static_cast<std::uint8_t>(counter + i);
    return u;
  } else if constexpr (is_optional<T>::value) return nondefault(dflt.value_or(typename T::value_type{}), v);
  else if constexpr (is_vector<T>::value) {
    const typename T::value_type zero{};
    return T{nondefault(zero, v), nondefault(zero, v)};
  } else {
    T s{};
    fill(s, v);
    return s;
  }
}

template <declared_struct S>
void fill(S& s, std::int16_t v) {
  std::apply([&](const auto&... f) { ((f.versions.contains(v) ? void(s.*f.member = nondefault(s.*f.member, v)) : void()), ...); },
             S::fields());
}

template <message_type M>
M filled(std::int16_t v) {
  M m{};
  fill(m, v);
  return m;
}

template <message_type M>
std::vector<std::int16_t> supported() {
  std::vector<std::int16_t> out;
  for (auto v = info(M::api).supported.lo; v <= info(M::api).supported.hi; ++v) out.push_back(v);
  return out;
}

// Encodes one struct (nested or top level) directly with the value codec.
template <declared_struct S>
codec_result encode_struct(const S& s, codec_ctx c, bytes& out) {
  writer w(out);
  write_value(w, s, c);
  return {w.error(), w.detail()};
}

template <class... M>
struct message_list {};
using requests_and_responses =
    message_list<api_versions_request, api_versions_response, metadata_request, metadata_response>;

template <class F, class... M>
void for_each_message(message_list<M...>, F f) {
  (f(M{}), ...);
}

// ---- per-struct rules, applied to every declared struct at every version ----------------

template <declared_struct S>
void check_struct_rules(api_key key, int& refused, int& dropped, int& nulls_refused) {
  for (auto v = info(key).supported.lo; v <= info(key).supported.hi; ++v) {
    const codec_ctx c = context_for(key, v);
    // Every present field set; absent ones left at their defaults.
    S full{};
    fill(full, v);
    bytes base;
    const auto b = encode_struct(full, c, base);
    ASSERT_FALSE(b.ec) << b.detail;
    std::apply(
        [&](const auto&... f) {
          (
              [&] {
                SCOPED_TRACE(std::string(S::schema_name) + "." + std::string(f.name) + " v" + std::to_string(v));
                if (!f.versions.contains(v)) {
                  // Absent: a set value is refused unless the field is ignorable.
                  S s = full;
                  s.*f.member = nondefault(s.*f.member, v);
                  bytes out;
                  const auto r = encode_struct(s, c, out);
                  if (f.ignorable) {
                    EXPECT_FALSE(r.ec) << r.detail;
                    EXPECT_EQ(to_hex(out), to_hex(base));
                    ++dropped;
                  } else {
                    EXPECT_EQ(r.ec, client_errc::field_not_in_version);
                    EXPECT_TRUE(contains(r.detail, f.name)) << r.detail;
                    ++refused;
                  }
                } else if constexpr (is_optional<typename std::decay_t<decltype(f)>::value_type>::value) {
                  // Present and optional: null is written only where the version allows it.
                  S s = full;
                  s.*f.member = std::nullopt;
                  bytes out;
                  const auto r = encode_struct(s, c, out);
                  if (f.nullable_versions.contains(v)) {
                    ASSERT_FALSE(r.ec) << r.detail;
                    const bytes in = exact(out, out.size());
                    reader rd(in);
                    S back{};
                    read_value(rd, back, c);
                    EXPECT_TRUE(rd.ok() && rd.remaining() == 0) << rd.detail();
                    EXPECT_TRUE(back == s);
                  } else {
                    EXPECT_EQ(r.ec, client_errc::null_not_allowed);
                    EXPECT_TRUE(contains(r.detail, f.name)) << r.detail;
                    ++nulls_refused;
                  }
                }
              }(),
              ...);
        },
        S::fields());
  }
}

}  // namespace

TEST(codec, round_trip_every_version) {
  for_each_message(requests_and_responses{}, [](auto proto) {
    using M = decltype(proto);
    for (const auto v : supported<M>()) {
      SCOPED_TRACE(std::string(M::schema_name) + " v" + std::to_string(v));
      {
        const M m = filled<M>(v);
        bytes out;
        const auto r = encode(m, v, out);
        ASSERT_TRUE(r) << r.detail;
        EXPECT_EQ(encoded_size(m, v), out.size());
        const bytes in = exact(out, out.size());
        M back{};
        const auto d = decode(in, v, back);
        ASSERT_TRUE(d) << d.detail;
        EXPECT_TRUE(back == m);

        // Every shorter input fails cleanly; one more byte is refused.
        for (std::size_t cut = 0; cut < out.size(); ++cut) {
          const bytes part = exact(out, cut);
          M p{};
          const auto e = decode(part, v, p);
          ASSERT_TRUE(e.ec == client_errc::truncated || e.ec == client_errc::length_exceeds_input)
              << "cut at " << cut << ": " << e.detail;
        }
        bytes longer = out;
        longer.push_back(0);
        const bytes lin = exact(longer, longer.size());
        M l{};
        const auto x = decode(lin, v, l);
        EXPECT_EQ(x.ec, client_errc::extra_bytes);
        EXPECT_TRUE(contains(x.detail, "1 bytes left over after " + std::string(M::schema_name))) << x.detail;
      }
    }
  });
}

TEST(codec, absent_fields_and_nulls_for_every_struct) {
  int refused = 0, dropped = 0, nulls_refused = 0;
  using avr = api_versions_response;
  using mreq = metadata_request;
  using mresp = metadata_response;
  check_struct_rules<api_versions_request>(api_key::api_versions, refused, dropped, nulls_refused);
  check_struct_rules<avr>(api_key::api_versions, refused, dropped, nulls_refused);
  check_struct_rules<avr::api_version>(api_key::api_versions, refused, dropped, nulls_refused);
  check_struct_rules<avr::supported_feature_key>(api_key::api_versions, refused, dropped, nulls_refused);
  check_struct_rules<avr::finalized_feature_key>(api_key::api_versions, refused, dropped, nulls_refused);
  check_struct_rules<mreq>(api_key::metadata, refused, dropped, nulls_refused);
  check_struct_rules<mreq::topic>(api_key::metadata, refused, dropped, nulls_refused);
  check_struct_rules<mresp>(api_key::metadata, refused, dropped, nulls_refused);
  check_struct_rules<mresp::broker>(api_key::metadata, refused, dropped, nulls_refused);
  check_struct_rules<mresp::partition>(api_key::metadata, refused, dropped, nulls_refused);
  check_struct_rules<mresp::topic>(api_key::metadata, refused, dropped, nulls_refused);
  // The tables must actually have exercised each rule.
  EXPECT_GT(refused, 0);
  EXPECT_GT(dropped, 0);
  EXPECT_GT(nulls_refused, 0);
}

TEST(codec, field_errors_name_the_message_and_path) {
  metadata_request req;
  req.allow_auto_topic_creation = false;
  bytes out;
  auto r = encode(req, 3, out);
  EXPECT_EQ(r.ec, client_errc::field_not_in_version);
  EXPECT_EQ(r.detail, "MetadataRequest v3: AllowAutoTopicCreation is set but version 3 of MetadataRequest does not carry it");

  req = {};
  req.topics = std::vector<metadata_request::topic>{{{}, "a", {}}, {{}, std::nullopt, {}}};
  r = encode(req, 9, out);
  EXPECT_EQ(r.ec, client_errc::null_not_allowed);
  EXPECT_EQ(r.detail, "MetadataRequest v9: Topics[1]: Name is null but version 9 does not allow null");

  req = {};
  req.topics = std::nullopt;  // v0 asks for every topic with an empty list, never null
  EXPECT_EQ(encode(req, 0, out).ec, client_errc::null_not_allowed);
}

TEST(codec, null_on_the_wire_where_not_allowed) {
  metadata_request req;
  auto r = decode(hex("ff ff ff ff"), 0, req);
  EXPECT_EQ(r.ec, client_errc::unexpected_null);
  EXPECT_TRUE(contains(r.detail, "Topics")) << r.detail;

  const bytes body = hex(
      "00 00 00 00 01 00 ff ff ff ff"  // ThrottleTimeMs, no brokers, null ClusterId, ControllerId
      "02 00 00 00"                    // one topic: ErrorCode, then a null Name (not nullable in v11)
      "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"  // TopicId
      "00 01 00 00 00 00 00"           // IsInternal, no partitions, TopicAuthorizedOperations
      "00 00");                        // the topic's and the message's tag sections
  metadata_response resp;
  r = decode(exact(body, body.size()), 11, resp);
  EXPECT_EQ(r.ec, client_errc::unexpected_null);
  EXPECT_EQ(r.detail, "MetadataResponse v11: Topics[0].Name: null where version 11 does not allow it");
}

TEST(codec, unknown_tags_survive_decode_encode) {
  const bytes body = hex(
      "00 00 00 00"                     // ThrottleTimeMs
      "02"                              // Brokers: 1
      "00 00 00 01 02 68 00 00 23 84 00"  //   NodeId 1, Host "h", Port 9092, Rack null
      "01 63 02 ab cd"                  //   tags: 99 = ab cd
      "00"                              // ClusterId null
      "00 00 00 01"                     // ControllerId
      "02"                              // Topics: 1
      "00 00 02 74"                     //   ErrorCode, Name "t"
      "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01"  // TopicId
      "00 01"                           //   IsInternal false, no partitions
      "80 00 00 00"                     //   TopicAuthorizedOperations
      "01 63 01 ee"                     //   tags: 99 = ee
      "03 05 01 aa 63 00 c8 01 03 01 02 03");  // tags: 5, 99 (empty), 200
  const bytes in = exact(body, body.size());
  metadata_response m;
  const auto d = decode(in, 12, m);
  ASSERT_TRUE(d) << d.detail;
  ASSERT_EQ(m.brokers.size(), 1u);
  EXPECT_EQ(m.brokers[0].unknown_tags, (tagged_fields{{99, hex("ab cd")}}));
  ASSERT_EQ(m.topics.size(), 1u);
  EXPECT_EQ(m.topics[0].unknown_tags, (tagged_fields{{99, hex("ee")}}));
  EXPECT_EQ(m.unknown_tags, (tagged_fields{{5, hex("aa")}, {99, {}}, {200, hex("01 02 03")}}));

  bytes out;
  ASSERT_TRUE(encode(m, 12, out));
  EXPECT_EQ(to_hex(out), to_hex(body));
  EXPECT_EQ(encoded_size(m, 12), body.size());
}

TEST(codec, known_tags_written_when_set_in_ascending_order) {
  using avr = api_versions_response;
  struct tag_case {
    std::string name;
    avr value;
    bytes wire;
  };
  const bytes head = hex("00 00 01 00 00 00 00");  // ErrorCode, no ApiKeys, ThrottleTimeMs
  avr epoch;
  epoch.finalized_features_epoch = 5;
  avr both = epoch;
  both.supported_features = {{"f", 1, 2, {}}};
  avr all = both;
  all.zk_migration_ready = true;
  all.unknown_tags = {{99, hex("01")}, {4, {}}};  // kept, and sorted in among the known tags
  const std::vector<tag_case> table = {
      {"defaults: no tags", avr{}, hex("00")},
      {"epoch only", epoch, hex("01 01 08 00 00 00 00 00 00 00 05")},
      {"features before epoch", both, hex("02 00 08 02 02 66 00 01 00 02 00 01 08 00 00 00 00 00 00 00 05")},
      {"with zk and unknown tags",
       all,
       hex("05 00 08 02 02 66 00 01 00 02 00 01 08 00 00 00 00 00 00 00 05 03 01 01 04 00 63 01 01")},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    bytes expected = head;
    expected.insert(expected.end(), c.wire.begin(), c.wire.end());
    for (std::int16_t v : {3, 4}) {
      bytes out;
      ASSERT_TRUE(encode(c.value, v, out));
      EXPECT_EQ(to_hex(out), to_hex(expected));
      avr back;
      ASSERT_TRUE(decode(exact(expected, expected.size()), v, back));
      avr want = c.value;
      std::stable_sort(want.unknown_tags.begin(), want.unknown_tags.end(),
                       [](const auto& a, const auto& b) { return a.tag < b.tag; });
      EXPECT_EQ(back, want);
    }
    // Before v3 the tagged fields are ignorable: dropped, never refused.
    bytes v2;
    avr no_unknown = c.value;
    no_unknown.unknown_tags.clear();
    ASSERT_TRUE(encode(no_unknown, 2, v2));
    EXPECT_EQ(to_hex(v2), to_hex(hex("00 00 00 00 00 00 00 00 00 00")));
  }

  // Tags out of order on the wire are refused (KIP-482 writes them strictly ascending; a
  // section that is not could not be re-encoded as it came: fuzz finding #7), naming both tags.
  const bytes reversed = hex("00 00 01 00 00 00 00 02 03 01 01 01 08 00 00 00 00 00 00 00 05");
  avr back;
  const auto refused = decode(exact(reversed, reversed.size()), 3, back);
  EXPECT_EQ(refused.ec, client_errc::invalid_value);
  EXPECT_NE(refused.detail.find("tag 1 follows tag 3"), std::string::npos) << refused.detail;
  const bytes ordered = hex("00 00 01 00 00 00 00 02 01 08 00 00 00 00 00 00 00 05 03 01 01");
  ASSERT_TRUE(decode(exact(ordered, ordered.size()), 3, back));
  EXPECT_EQ(back.finalized_features_epoch, 5);
  EXPECT_TRUE(back.zk_migration_ready);
  bytes out;
  ASSERT_TRUE(encode(back, 3, out));
  EXPECT_EQ(to_hex(out), to_hex(ordered));

  // An unknown tag may not repeat a declared one that is being written.
  avr dup = epoch;
  dup.unknown_tags = {{1, hex("00")}};
  EXPECT_EQ(encode(dup, 3, out).ec, client_errc::invalid_value);

  // A known tag whose payload is longer than its value.
  const bytes fat = hex("00 00 01 00 00 00 00 01 03 02 01 00");
  const auto r = decode(exact(fat, fat.size()), 3, back);
  EXPECT_EQ(r.ec, client_errc::extra_bytes);
  EXPECT_TRUE(contains(r.detail, "ZkMigrationReady")) << r.detail;
}

TEST(codec, truncated_detail_names_the_path) {
  metadata_response m;
  m.brokers = {{1, "h", 9092, std::nullopt, {}}};
  metadata_response::topic t;
  t.name = "t";
  t.partitions = {{0, 0, 1, 3, {1, 2}, {1, 2}, {}, {}}};
  m.topics = {t};
  bytes out;
  ASSERT_TRUE(encode(m, 12, out));
  // The body ends with TopicAuthorizedOperations (4), the topic's tags (1), the message's tags (1).
  metadata_response back;
  auto r = decode(exact(out, out.size() - 4), 12, back);
  EXPECT_EQ(r.ec, client_errc::truncated);
  EXPECT_EQ(r.detail, "MetadataResponse v12: Topics[0].TopicAuthorizedOperations: needed 4 bytes, 2 left");

  // Cut inside the second IsrNodes element: the count (2 elements, 8 bytes) no longer fits in
  // what is left, which is caught before any element is read.
  const std::size_t isr_end = out.size() - 6 - 2;
  r = decode(exact(out, isr_end - 1), 12, back);
  EXPECT_EQ(r.ec, client_errc::length_exceeds_input);
  EXPECT_EQ(r.detail, "MetadataResponse v12: Topics[0].Partitions[0].IsrNodes: length 2 exceeds the 7 bytes left");
}

TEST(codec, versions_outside_the_supported_range) {
  bytes out;
  metadata_request req;
  auto r = encode(req, 14, out);
  EXPECT_EQ(r.ec, client_errc::unsupported_version);
  EXPECT_EQ(r.detail, "MetadataRequest v14 is outside the versions kwire implements (0-13)");
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(encode(req, -1, out).ec, client_errc::unsupported_version);
  EXPECT_EQ(decode(bytes{}, 14, req).ec, client_errc::unsupported_version);
  api_versions_response resp;
  EXPECT_EQ(decode(hex("00 00 00 00 00 00"), 6, resp).ec, client_errc::unsupported_version);
  EXPECT_EQ(decode(hex("00 00 00 00 00 00"), -1, resp).ec, client_errc::unsupported_version);
  EXPECT_EQ(encode(api_versions_request{}, 6, out).ec, client_errc::unsupported_version);
}

// A struct array's count is checked against the smallest wire size of one element, and nothing
// is reserved for structs: 16 topics announced with 16 bytes left fail before any allocation.
TEST(codec, hostile_array_count_reserves_at_most_the_input) {
  bytes body = hex("00 00 00 00 00 00 00 10");  // v0: no brokers, 16 topics announced
  body.resize(body.size() + 16, 0xff);
  metadata_response m;
  EXPECT_FALSE(decode(exact(body, body.size()), 0, m));
  EXPECT_LE(m.topics.capacity() * sizeof(metadata_response::topic), body.size());
}
