// Pairing requests with responses on one connection, with scripted frames built by kwire's own
// encoder and fed in every fragmentation.
#include "tools/dump/session.hpp"

#include <gtest/gtest.h>

#include <kwire/protocol/messages.hpp>
#include "tests/dump/frames_helpers.hpp"
#include "tests/support/hex.hpp"

namespace kwire::dump {
namespace {

using namespace protocol;
using test::request_frame;
using test::response_frame;

struct collected {
  std::vector<exchange> exchanges;
  std::vector<garbage> garbage_runs;
  session_sink sink() {
    return {[this](exchange&& x) { exchanges.push_back(std::move(x)); },
            [this](garbage&& g) { garbage_runs.push_back(std::move(g)); }};
  }
};

metadata_response one_broker() {
  metadata_response m;
  m.brokers.push_back({1, "broker1", 9092, std::nullopt, {}});
  m.cluster_id = "c";
  m.controller_id = 1;
  return m;
}

TEST(Session, PairsByCorrelationIdInAnyFragmentation) {
  metadata_request mreq;
  const auto req1 = request_frame(mreq, 12, 7);
  const auto req2 = request_frame(api_versions_request{}, 3, 8);
  api_versions_response av;
  av.api_keys.push_back({3, 0, 13, {}});
  // Responses come back out of order (different APIs may be answered in any order by tests).
  const auto resp2 = response_frame(av, 3, 8);
  const auto resp1 = response_frame(one_broker(), 12, 7);
  bytes c2s = req1;
  c2s.insert(c2s.end(), req2.begin(), req2.end());
  bytes s2c = resp2;
  s2c.insert(s2c.end(), resp1.begin(), resp1.end());
  for (std::size_t piece : {1, 3, 7, 64, 100000}) {
    collected got;
    session s("c>s", got.sink());
    for (std::size_t i = 0; i < c2s.size(); i += piece)
      s.client_bytes(1.0, byte_view(c2s).subspan(i, std::min(piece, c2s.size() - i)));
    for (std::size_t i = 0; i < s2c.size(); i += piece)
      s.server_bytes(2.5, byte_view(s2c).subspan(i, std::min(piece, s2c.size() - i)));
    s.finish(3);
    ASSERT_EQ(got.exchanges.size(), 2u) << piece;
    EXPECT_TRUE(got.garbage_runs.empty());
    const auto& a = got.exchanges[0];
    EXPECT_EQ(a.key, 18);
    EXPECT_EQ(a.correlation_id, 8);
    EXPECT_TRUE(a.request.decoded && a.response.decoded);
    const auto& m = got.exchanges[1];
    EXPECT_EQ(m.key, 3);
    EXPECT_EQ(m.version, 12);
    EXPECT_EQ(m.client_id, "t");
    ASSERT_TRUE(m.response.decoded) << m.response.error;
    EXPECT_EQ(m.response.body.find("Brokers")->children[0].find("Host")->text, "broker1");
    EXPECT_DOUBLE_EQ(m.response.time - m.request.time, 1.5);
    EXPECT_EQ(m.request.bytes, req1.size());
    EXPECT_EQ(m.response.bytes, resp1.size());
  }
}

TEST(Session, ResponseWithoutItsRequestIsReadUnderAStatedAssumption) {
  collected got;
  session s("c>s", got.sink());
  // A pair seen whole teaches the connection's API; then a response whose request was lost.
  s.client_bytes(1, request_frame(metadata_request{}, 12, 1));
  s.server_bytes(1, response_frame(one_broker(), 12, 1));
  s.server_bytes(2, response_frame(one_broker(), 12, 99));
  ASSERT_EQ(got.exchanges.size(), 2u);
  const auto& x = got.exchanges[1];
  EXPECT_TRUE(x.response.decoded);
  EXPECT_EQ(x.key, 3);
  EXPECT_EQ(x.version, 12);
  EXPECT_NE(x.assumption.find("request not seen; read as Metadata v12"), std::string::npos) << x.assumption;
}

TEST(Session, AcksZeroProduceNeedsNoResponse) {
  collected got;
  session s("c>s", got.sink());
  produce_request p;
  p.acks = 0;
  p.timeout_ms = 100;
  s.client_bytes(1, request_frame(p, 11, 5));
  ASSERT_EQ(got.exchanges.size(), 1u);
  EXPECT_EQ(got.exchanges[0].note, "no response expected (acks=0)");
  EXPECT_FALSE(got.exchanges[0].response.present);
}

TEST(Session, ApiVersionsAnsweredInV0) {
  // A broker that does not know the requested ApiVersions version answers with a v0 body.
  collected got;
  session s("c>s", got.sink());
  s.client_bytes(1, request_frame(api_versions_request{}, 4, 1));
  api_versions_response av;
  av.error_code = 35;
  av.api_keys.push_back({18, 0, 3, {}});
  s.server_bytes(1, response_frame(av, 0, 1));
  ASSERT_EQ(got.exchanges.size(), 1u);
  EXPECT_TRUE(got.exchanges[0].response.decoded) << got.exchanges[0].response.error;
  EXPECT_NE(got.exchanges[0].note.find("answered ApiVersions in v0"), std::string::npos);
}

// A frame of `version`, built at kwire's newest version `newest` and relabelled: what a client
// newer than kwire sends when its new version only appends fields kwire does not know.
bytes relabelled(bytes frame, std::int16_t version) {
  frame[6] = static_cast<std::uint8_t>(version >> 8);
  frame[7] = static_cast<std::uint8_t>(version);
  return frame;
}

// Inserts `extra` before the frame's last byte (a flexible body's empty tag section): a field a
// newer version added, which kwire's newest layout cannot read.
bytes with_new_field(bytes frame, const bytes& extra) {
  frame.insert(frame.end() - 1, extra.begin(), extra.end());
  const auto size = static_cast<std::uint32_t>(frame.size() - 4);
  for (int i = 0; i < 4; ++i) frame[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(size >> (24 - 8 * i));
  return frame;
}

TEST(Session, ApiVersionsNewerThanKwireIsDecodedAsFarAsTheBrokerReadsIt) {
  const auto newest = info(api_key::api_versions).supported.hi;
  const auto newer = static_cast<std::int16_t>(newest + 1);
  api_versions_request req;
  req.client_software_name = "apache-kafka-java";
  req.client_software_version = "9.9.9";
  api_versions_response refusal;  // what a broker that does not know `newer` answers: v0
  refusal.error_code = 35;
  refusal.api_keys.push_back({18, 0, newest, {}});
  const auto newest_text = "v" + std::to_string(newest);
  {  // The new version only changed what kwire reads the same way: the body reads to its end.
    collected got;
    session s("c>s", got.sink());
    s.client_bytes(1, relabelled(request_frame(req, newest, 1, "console-producer"), newer));
    s.server_bytes(1, response_frame(refusal, 0, 1));
    ASSERT_EQ(got.exchanges.size(), 1u);
    const auto& x = got.exchanges[0];
    EXPECT_EQ(x.version, newer);
    EXPECT_EQ(x.client_id, "console-producer");
    ASSERT_TRUE(x.request.decoded) << x.request.error;
    EXPECT_NE(x.request.partial.find("ApiVersions v" + std::to_string(newer) + " is newer than kwire knows (v0-" +
                                     newest_text + "): header decoded"),
              std::string::npos)
        << x.request.partial;
    EXPECT_NE(x.request.partial.find("read with the " + newest_text + " layout"), std::string::npos) << x.request.partial;
    EXPECT_NE(x.request.partial.find("reads only the header"), std::string::npos) << x.request.partial;
    EXPECT_EQ(x.request.body.find("ClientSoftwareName")->text, "apache-kafka-java");
    EXPECT_TRUE(x.response.decoded) << x.response.error;
    EXPECT_NE(x.note.find("answered ApiVersions in v0"), std::string::npos) << x.note;
  }
  {  // The new version added a field: the header is all kwire reads, and that is all a broker reads.
    collected got;
    session s("c>s", got.sink());
    // Header v2 with client id "t": 12 bytes after the size prefix; the rest is the body.
    const auto frame = with_new_field(relabelled(request_frame(req, newest, 2), newer), bytes{0, 0, 0, 7});
    s.client_bytes(1, frame);
    s.server_bytes(1, response_frame(refusal, 0, 2));
    ASSERT_EQ(got.exchanges.size(), 1u);
    const auto& x = got.exchanges[0];
    ASSERT_TRUE(x.request.decoded) << x.request.error;
    EXPECT_NE(x.request.partial.find("the body (" + std::to_string(frame.size() - 4 - 12) + " bytes) is not decoded"),
              std::string::npos)
        << x.request.partial;
    EXPECT_NE(x.request.partial.find("reads only the header"), std::string::npos) << x.request.partial;
    ASSERT_NE(x.request.body.find("UndecodedBody"), nullptr);
    EXPECT_TRUE(x.response.decoded) << x.response.error;
  }
}

TEST(Session, OtherApisNewerThanKwireSayWhichPartDidNotDecode) {
  const auto newest = info(api_key::metadata).supported.hi;
  const auto newer = static_cast<std::int16_t>(newest + 1);
  metadata_request req;
  req.allow_auto_topic_creation = false;
  collected got;
  session s("c>s", got.sink());
  // 1: a body kwire's newest layout reads to the end, and a broker (newer too) answering in `newer`.
  s.client_bytes(1, relabelled(request_frame(req, newest, 1), newer));
  s.server_bytes(1, response_frame(one_broker(), newest, 1));
  // 2: a body with a field kwire does not know: not decoded, and the reason says what was.
  s.client_bytes(1, with_new_field(relabelled(request_frame(req, newest, 2), newer), bytes{1, 2, 3}));
  s.server_bytes(1, response_frame(one_broker(), newest, 2));
  ASSERT_EQ(got.exchanges.size(), 2u);
  const auto& a = got.exchanges[0];
  ASSERT_TRUE(a.request.decoded) << a.request.error;
  EXPECT_NE(a.request.partial.find("Metadata v" + std::to_string(newer) + " is newer than kwire knows"),
            std::string::npos)
      << a.request.partial;
  ASSERT_TRUE(a.response.decoded) << a.response.error;
  EXPECT_NE(a.response.partial.find("read with the v" + std::to_string(newest) + " layout"), std::string::npos)
      << a.response.partial;
  EXPECT_EQ(a.response.body.find("Brokers")->children[0].find("Host")->text, "broker1");
  const auto& b = got.exchanges[1];
  EXPECT_FALSE(b.request.decoded);
  EXPECT_NE(b.request.error.find("header decoded; the body"), std::string::npos) << b.request.error;
  EXPECT_NE(b.request.error.find("it fails (MetadataRequest v" + std::to_string(newest)), std::string::npos)
      << b.request.error;
  EXPECT_FALSE(b.request.raw.empty());
  EXPECT_TRUE(b.response.decoded);
}

TEST(Session, UndecodableBodyKeepsTheStreamGoing) {
  collected got;
  session s("c>s", got.sink());
  auto bad = request_frame(metadata_request{}, 12, 1);
  bad.push_back(0x42);  // one byte too many: the body no longer spans the frame exactly
  bad[3] += 1;
  s.client_bytes(1, bad);
  s.client_bytes(1, request_frame(metadata_request{}, 12, 2));
  s.server_bytes(1, response_frame(one_broker(), 12, 1));
  s.server_bytes(1, response_frame(one_broker(), 12, 2));
  ASSERT_EQ(got.exchanges.size(), 2u);
  EXPECT_FALSE(got.exchanges[0].request.decoded);
  EXPECT_NE(got.exchanges[0].request.error.find("MetadataRequest v12"), std::string::npos)
      << got.exchanges[0].request.error;
  EXPECT_TRUE(got.exchanges[0].response.decoded);
  EXPECT_TRUE(got.exchanges[1].request.decoded);
}

TEST(Session, UnansweredRequestsAreReportedAtTheEnd) {
  collected got;
  session s("c>s", got.sink());
  s.client_bytes(1, request_frame(metadata_request{}, 12, 1));
  s.finish(2);
  ASSERT_EQ(got.exchanges.size(), 1u);
  EXPECT_EQ(got.exchanges[0].note, "no response seen before the connection ended");
}

TEST(Session, SaslSecretsAreRedacted) {
  collected got;
  session s("c>s", got.sink());
  sasl_authenticate_request a;
  const std::string token = std::string("\0user\0secret-password", 21);
  a.auth_bytes.assign(token.begin(), token.end());
  s.client_bytes(1, request_frame(a, 2, 1));
  s.finish(1);
  ASSERT_EQ(got.exchanges.size(), 1u);
  const auto* b = got.exchanges[0].request.body.find("AuthBytes");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->text, "<redacted 21 bytes>");
}

// OAUTHBEARER's initial response carries the bearer token (a JWT): redacted like a password.
TEST(Session, OauthbearerTokenIsRedacted) {
  collected got;
  session s("c>s", got.sink());
  sasl_authenticate_request a;
  const std::string message = "n,,\x01" "auth=Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJrd2lyZSJ9.c2lnbmF0dXJl\x01\x01";
  a.auth_bytes.assign(message.begin(), message.end());
  s.client_bytes(1, request_frame(a, 2, 1));
  s.finish(1);
  ASSERT_EQ(got.exchanges.size(), 1u);
  const auto* b = got.exchanges[0].request.body.find("AuthBytes");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->text, "<redacted " + std::to_string(message.size()) + " bytes>");
}

}  // namespace
}  // namespace kwire::dump
