// Request and response headers, header-version rules, and whole frames, bytes in and bytes out.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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


struct request_case {
  std::string name;
  std::int16_t header_version;
  request_header header;
  bytes wire;
};

struct response_case {
  std::string name;
  std::int16_t header_version;
  response_header header;
  bytes wire;
};

// Runs `read` over every proper prefix of `wire`: each must fail as truncated input.
template <class Read>
void expect_every_cut_fails(const bytes& wire, Read read) {
  for (std::size_t cut = 0; cut < wire.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    const bytes part = exact(wire, cut);
    reader r(part);
    read(r);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error() == client_errc::truncated || r.error() == client_errc::length_exceeds_input)
        << r.error().message();
  }
}

}  // namespace

TEST(header, request_header_bytes_both_ways) {
  const std::vector<request_case> table = {
      {"v0", 0, {api_key::metadata, 1, 0x01020304, std::nullopt, {}}, hex("00 03 00 01 01 02 03 04")},
      {"v1 client id", 1, {api_key::metadata, 4, 7, "kw", {}}, hex("00 03 00 04 00 00 00 07 00 02 6b 77")},
      {"v1 null client id", 1, {api_key::produce, 8, -1, std::nullopt, {}}, hex("00 00 00 08 ff ff ff ff ff ff")},
      {"v1 empty client id", 1, {api_key::fetch, 11, 0, "", {}}, hex("00 01 00 0b 00 00 00 00 00 00")},
      // The client id stays a classic int16-length string in v2; then an empty tag section.
      {"v2 client id", 2, {api_key::api_versions, 3, 9, "kw", {}}, hex("00 12 00 03 00 00 00 09 00 02 6b 77 00")},
      {"v2 null client id", 2, {api_key::metadata, 12, 9, std::nullopt, {}}, hex("00 03 00 0c 00 00 00 09 ff ff 00")},
      {"v2 unknown tag kept",
       2,
       {api_key::metadata, 12, 9, "kw", {{5, hex("aa bb")}, {200, {}}}},
       hex("00 03 00 0c 00 00 00 09 00 02 6b 77 02 05 02 aa bb c8 01 00")},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    bytes out;
    writer w(out);
    write_request_header(w, c.header, c.header_version);
    ASSERT_TRUE(w.ok()) << w.detail();
    EXPECT_EQ(to_hex(out), to_hex(c.wire));

    const bytes in = exact(c.wire, c.wire.size());
    reader r(in);
    request_header back;
    read_request_header(r, back, c.header_version);
    ASSERT_TRUE(r.ok()) << r.detail();
    EXPECT_EQ(r.remaining(), 0u);
    EXPECT_EQ(back, c.header);

    expect_every_cut_fails(c.wire, [&](reader& pr) {
      request_header h;
      read_request_header(pr, h, c.header_version);
    });
  }
}

TEST(header, response_header_bytes_both_ways) {
  const std::vector<response_case> table = {
      {"v0", 0, {0x01020304, {}}, hex("01 02 03 04")},
      {"v0 negative", 0, {-2, {}}, hex("ff ff ff fe")},
      {"v1 no tags", 1, {7, {}}, hex("00 00 00 07 00")},
      {"v1 unknown tag kept", 1, {7, {{3, hex("ff")}}}, hex("00 00 00 07 01 03 01 ff")},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    bytes out;
    writer w(out);
    write_response_header(w, c.header, c.header_version);
    EXPECT_EQ(to_hex(out), to_hex(c.wire));

    const bytes in = exact(c.wire, c.wire.size());
    reader r(in);
    response_header back;
    read_response_header(r, back, c.header_version);
    ASSERT_TRUE(r.ok()) << r.detail();
    EXPECT_EQ(r.remaining(), 0u);
    EXPECT_EQ(back, c.header);

    expect_every_cut_fails(c.wire, [&](reader& pr) {
      response_header h;
      read_response_header(pr, h, c.header_version);
    });
  }
}

TEST(header, tag_section_count_larger_than_input) {
  const bytes wire = hex("00 00 00 07 05 01 00");  // five tags announced, room for one
  const bytes in = exact(wire, wire.size());
  reader r(in);
  response_header h;
  read_response_header(r, h, 1);
  EXPECT_EQ(r.error(), client_errc::length_exceeds_input);
}

TEST(header, header_versions) {
  struct rule {
    api_key key;
    std::int16_t version;
    std::int16_t request;
    std::int16_t response;
  };
  const rule rules[] = {
      {api_key::metadata, 0, 1, 0},
      {api_key::metadata, 8, 1, 0},
      {api_key::metadata, 9, 2, 1},
      {api_key::metadata, 13, 2, 1},
      // ApiVersions requests follow the flexible rule, its responses never do.
      {api_key::api_versions, 0, 1, 0},
      {api_key::api_versions, 2, 1, 0},
      {api_key::api_versions, 3, 2, 0},
      {api_key::api_versions, 4, 2, 0},
      {api_key::controlled_shutdown, 0, 0, 0},
      {api_key::controlled_shutdown, 1, 1, 0},
      {api_key::controlled_shutdown, 3, 2, 1},
      {api_key::produce, 8, 1, 0},
      {api_key::produce, 9, 2, 1},
      {api_key::fetch, 12, 2, 1},
      {api_key::sasl_handshake, 1, 1, 0},  // never flexible
  };
  for (const auto& r : rules) {
    SCOPED_TRACE(std::string(info(r.key).name) + " v" + std::to_string(r.version));
    EXPECT_EQ(request_header_version(r.key, r.version), r.request);
    EXPECT_EQ(response_header_version(r.key, r.version), r.response);
  }
}

TEST(header, frame_api_versions_request_v3) {
  const api_versions_request req{"kwire", "0.1.0", {}};
  bytes out;
  ASSERT_TRUE(frame_request(req, 3, 7, std::optional<std::string>("cli"), out));
  const bytes expected = hex(
      "00 00 00 1b"                     // size: 27 bytes follow
      "00 12 00 03 00 00 00 07"         // key 18, version 3, correlation id 7
      "00 03 63 6c 69"                  // client id "cli", classic string
      "00"                              // header tags
      "06 6b 77 69 72 65"               // ClientSoftwareName "kwire", compact
      "06 30 2e 31 2e 30"               // ClientSoftwareVersion "0.1.0", compact
      "00");                            // body tags
  EXPECT_EQ(to_hex(out), to_hex(expected));
}

TEST(header, frame_api_versions_request_v0_drops_ignorable_fields) {
  const api_versions_request req{"kwire", "0.1.0", {}};
  bytes out = hex("ee ee");  // frames append
  ASSERT_TRUE(frame_request(req, 0, 7, std::nullopt, out));
  EXPECT_EQ(to_hex(out), to_hex(hex("ee ee 00 00 00 0a 00 12 00 00 00 00 00 07 ff ff")));
}

TEST(header, frame_unsupported_version_leaves_output_untouched) {
  bytes out = hex("ee");
  const auto r = frame_request(api_versions_request{}, 6, 1, std::nullopt, out);
  EXPECT_EQ(r.ec, client_errc::unsupported_version);
  EXPECT_EQ(r.detail, "ApiVersionsRequest v6 is outside the versions kwire implements (0-5)");
  EXPECT_EQ(to_hex(out), "ee");
}

TEST(header, parse_api_versions_v3_response) {
  // Header v0 even though the body is flexible: no tag section after the correlation id.
  const bytes frame = hex(
      "00 00 00 07"                     // correlation id
      "00 00"                           // ErrorCode
      "03"                              // ApiKeys: 2 entries, compact
      "00 03 00 00 00 0d 00"            //   Metadata 0-13, no tags
      "00 12 00 00 00 04 00"            //   ApiVersions 0-4, no tags
      "00 00 00 0a"                     // ThrottleTimeMs 10
      "01 01 08 00 00 00 00 00 00 00 2a");  // tags: FinalizedFeaturesEpoch = 42
  const bytes in = exact(frame, frame.size());
  response_header h;
  api_versions_response resp;
  const auto r = parse_response(in, 3, h, resp);
  ASSERT_TRUE(r) << r.detail;
  EXPECT_EQ(h.correlation_id, 7);
  EXPECT_TRUE(h.unknown_tags.empty());
  api_versions_response expected;
  expected.api_keys = {{3, 0, 13, {}}, {18, 0, 4, {}}};
  expected.throttle_time_ms = 10;
  expected.finalized_features_epoch = 42;
  EXPECT_EQ(resp, expected);
}

TEST(header, parse_metadata_v9_response_uses_header_v1) {
  const bytes frame = hex(
      "00 00 00 07 00"                  // correlation id, empty header tag section
      "00 00 00 00"                     // ThrottleTimeMs
      "01"                              // Brokers: none
      "00"                              // ClusterId: null
      "00 00 00 01"                     // ControllerId 1
      "01"                              // Topics: none
      "80 00 00 00"                     // ClusterAuthorizedOperations (default)
      "00");                            // tags
  const bytes in = exact(frame, frame.size());
  response_header h;
  metadata_response resp;
  const auto r = parse_response(in, 9, h, resp);
  ASSERT_TRUE(r) << r.detail;
  EXPECT_EQ(h.correlation_id, 7);
  metadata_response expected;
  expected.controller_id = 1;
  EXPECT_EQ(resp, expected);
}

TEST(header, parse_response_truncated_header) {
  const bytes frame = hex("00 00 00");
  const bytes in = exact(frame, frame.size());
  response_header h;
  api_versions_response resp;
  const auto r = parse_response(in, 3, h, resp);
  EXPECT_EQ(r.ec, client_errc::truncated);
  EXPECT_EQ(r.detail, "response header: needed 4 bytes, 3 left");
}

// When the header cannot be written (a client id over 32767 bytes), `out` is left as it was,
// as it is when the body fails.
TEST(header, frame_header_failure_leaves_output_untouched) {
  bytes out = hex("ee");
  const auto r = frame_request(api_versions_request{}, 0, 1, std::string(40000, 'x'), out);
  EXPECT_EQ(r.ec, client_errc::value_too_large);
  EXPECT_EQ(out.size(), 1u);
}
