// kwire-dump against the real broker. Real clients run through `kwire-dump proxy` -- kwire's own
// code (net::blocking_node creating a topic, producing and fetching) and kcat (librdkafka,
// from Debian) -- while tcpdump captures the proxy's upstream traffic on loopback. Then:
//  - every frame the proxy saw decodes (zero undecoded) and the clients' work is unchanged;
//  - `kwire-dump pcap` decodes the capture to the same exchanges, field for field;
//  - tshark's Kafka dissector reads the same capture; the per-API table of what each decoded is
//    written to the test's outputs (docs/dump.md quotes it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include <kwire/net/blocking.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/messages.hpp>
#include <kwire/protocol/record_batch.hpp>
#include "tests/dump/process.hpp"
#include "tests/support/broker_env.hpp"
#include "tests/support/json.hpp"

namespace kwire::test {
namespace {

using namespace protocol;

std::string runfile(const std::string& path) {
  const char* dir = std::getenv("TEST_SRCDIR");
  return std::string(dir ? dir : ".") + "/kwire/" + path;
}

std::string scratch(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

std::string outputs(const std::string& name) {
  const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string l; std::getline(s, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

// An exchange line without its clock readings, which differ between proxy and capture.
std::string without_times(const std::string& line) {
  static const std::regex times(R"re("(time|latency_ms)":[0-9.]+,?)re");
  return std::regex_replace(line, times, "");
}

// kwire's own client through the proxy: create a topic, produce a compressed batch with
// headers, fetch it back.
void kwire_client(const std::string& bootstrap, const std::string& topic, const std::string& broker_port) {
  net::blocking_node conn;
  auto r = conn.connect(bootstrap, "kwire-dump-test");
  ASSERT_TRUE(r) << r.detail;
  create_topics_request ct;
  ct.topics.push_back({});
  ct.topics[0].name = topic;
  ct.topics[0].num_partitions = 1;
  ct.topics[0].replication_factor = 1;
  create_topics_response ctr;
  ASSERT_TRUE(r = conn.request(ct, ctr)) << r.detail;
  ASSERT_EQ(ctr.topics.size(), 1u);
  ASSERT_EQ(ctr.topics[0].error_code, 0) << ctr.topics[0].error_message.value_or("");

  record_batch batch;
  batch.attributes = static_cast<std::int16_t>(compression_codec::lz4);
  for (int i = 0; i < 3; ++i) {
    record rec;
    rec.offset = i;
    rec.timestamp = 1700000000000 + i;
    const std::string k = "key-" + std::to_string(i), v = "value-" + std::to_string(i);
    rec.key = bytes(k.begin(), k.end());
    rec.value = bytes(v.begin(), v.end());
    rec.headers.push_back({"h", bytes{0x00, 0x01, 0xfe}});
    batch.records.push_back(rec);
  }
  batch.last_offset_delta = 2;
  batch.first_timestamp = 1700000000000;
  batch.max_timestamp = 1700000000002;
  produce_request pr;
  pr.acks = -1;
  pr.timeout_ms = 10000;
  pr.topic_data.push_back({topic, uuid{}, {{0, record_bytes{}, {}}}, {}});
  ASSERT_TRUE(encode_batch(batch, pr.topic_data[0].partition_data[0].records.emplace().data));
  produce_response prr;
  // v12: the last version that names topics (v13 uses ids), which every Kafka 3.9+ broker has.
  // CreateTopics answers once the controller has the topic; the broker may not lead its
  // partition yet (NOT_LEADER_OR_FOLLOWER and the like): send again for a few seconds.
  for (int attempt = 0;; ++attempt) {
    ASSERT_TRUE(r = conn.request(pr, 11, prr)) << r.detail;
    const auto e = static_cast<broker_errc>(prr.responses.at(0).partition_responses.at(0).error_code);
    const bool not_ready = e == broker_errc::not_leader_or_follower || e == broker_errc::leader_not_available ||
                           e == broker_errc::unknown_topic_or_partition;
    if (!not_ready || attempt == 50) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(prr.responses.at(0).partition_responses.at(0).error_code, 0);

  fetch_request fr;
  fr.max_wait_ms = 100;
  fr.min_bytes = 1;
  fr.topics.push_back({topic, uuid{}, {}, {}});
  fr.topics[0].partitions.push_back({});
  fr.topics[0].partitions[0].partition_max_bytes = 1 << 20;
  fetch_response frr;
  ASSERT_TRUE(r = conn.request(fr, 12, frr)) << r.detail;
  std::vector<record_batch> got;
  ASSERT_TRUE(decode_batches(frr.responses.at(0).partitions.at(0).records, got));
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0].records.size(), 3u);
  EXPECT_EQ(got[0].records[2].value, batch.records[2].value);
  EXPECT_EQ(got[0].records[2].headers, batch.records[2].headers);

  // Newer APIs, at the highest version kwire and the broker share; any answer will do, the
  // point is that kwire-dump decodes them. DescribeCluster's brokers must come back rewritten.
  describe_cluster_response dcr;
  ASSERT_TRUE(r = conn.request(describe_cluster_request{}, dcr)) << r.detail;
  ASSERT_FALSE(dcr.brokers.empty());
  for (const auto& b : dcr.brokers) EXPECT_NE(std::to_string(b.port), broker_port) << "DescribeCluster not rewritten";
  list_groups_response lgr;
  ASSERT_TRUE(r = conn.request(list_groups_request{}, lgr)) << r.detail;
  get_telemetry_subscriptions_response gtr;
  ASSERT_TRUE(r = conn.request(get_telemetry_subscriptions_request{}, gtr)) << r.detail;
  describe_topic_partitions_request dtp;
  dtp.topics.push_back({});
  dtp.topics[0].name = topic;
  describe_topic_partitions_response dtpr;
  ASSERT_TRUE(r = conn.request(dtp, dtpr)) << r.detail;
  // KIP-848: join a consumer group with the new protocol, then leave it.
  consumer_group_heartbeat_request hb;
  hb.group_id = "dump-848-" + topic;
  hb.member_id = "dump-member-" + topic;
  hb.rebalance_timeout_ms = 30000;
  hb.subscribed_topic_names = std::vector<std::string>{topic};
  consumer_group_heartbeat_response hbr;
  ASSERT_TRUE(r = conn.request(hb, hbr)) << r.detail;
  hb.member_epoch = -1;
  hb.rebalance_timeout_ms = -1;
  hb.subscribed_topic_names.reset();
  ASSERT_TRUE(r = conn.request(hb, hbr)) << r.detail;
}

struct proxied {
  std::unique_ptr<child> proc;
  std::string listen;  // host:port clients use
};

proxied start_proxy(const std::string& upstream, const std::string& name) {
  proxied p;
  p.proc = std::make_unique<child>(
      std::vector<std::string>{runfile("tools/dump/kwire-dump"), "proxy", "--listen", "127.0.0.1:0", "--upstream",
                               upstream, "--json"},
      scratch(name + ".jsonl"), scratch(name + ".log"));
  EXPECT_TRUE(p.proc->wait_for("listening on")) << p.proc->err();
  std::smatch m;
  const auto err = p.proc->err();
  static const std::regex listening(R"(listening on (127\.0\.0\.1:[0-9]+))");
  if (std::regex_search(err, m, listening)) p.listen = m[1];
  return p;
}

// Round trips straight to the broker and through the proxy printing every exchange: the
// proxy's cost is the difference of the medians. ApiVersions responses pass straight through;
// Metadata responses (no topics asked) are held whole and rewritten, the proxy's slow path.
template <class Req, class Resp>
std::vector<double> round_trips_us(const std::string& bootstrap, int n, std::int16_t version) {
  net::blocking_node conn;
  auto r = conn.connect(bootstrap, "kwire-dump-latency");
  EXPECT_TRUE(r) << r.detail;
  std::vector<double> out;
  Req req;
  if constexpr (std::is_same_v<Req, metadata_request>) req.allow_auto_topic_creation = false;
  for (int i = 0; i < n && r; ++i) {
    Resp resp;
    const auto start = std::chrono::steady_clock::now();
    r = conn.request(req, version, resp);
    out.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  EXPECT_TRUE(r) << r.detail;
  std::sort(out.begin(), out.end());
  return out;
}

TEST(KwireDump, ProxyLatency) {
  const auto bootstrap = test::bootstrap();
  const auto first = bootstrap.substr(0, bootstrap.find(','));
  auto proxy = start_proxy(first, "latency-proxy");
  ASSERT_FALSE(proxy.listen.empty()) << proxy.proc->err();
  constexpr int n = 2000;
  const auto at = [](const std::vector<double>& v, double q) { return v[static_cast<std::size_t>(q * (v.size() - 1))]; };
  round_trips_us<metadata_request, metadata_response>(first, 200, 12);  // warm the broker up
  const auto report = [&](const char* what, const std::vector<double>& direct, const std::vector<double>& proxied) {
    ASSERT_EQ(direct.size(), std::size_t{n});
    ASSERT_EQ(proxied.size(), std::size_t{n});
    std::printf("%s round trip, %d each: direct median %.0f us p99 %.0f us; through kwire-dump proxy "
                "median %.0f us p99 %.0f us\n",
                what, n, at(direct, 0.5), at(direct, 0.99), at(proxied, 0.5), at(proxied, 0.99));
    // Loopback on a loaded 2-core machine: a loose bound that still catches a proxy that waits.
    EXPECT_LT(at(proxied, 0.5) - at(direct, 0.5), 5000.0) << what;
  };
  report("ApiVersions v3", round_trips_us<api_versions_request, api_versions_response>(first, n, 3),
         round_trips_us<api_versions_request, api_versions_response>(proxy.listen, n, 3));
  report("Metadata v12", round_trips_us<metadata_request, metadata_response>(first, n, 12),
         round_trips_us<metadata_request, metadata_response>(proxy.listen, n, 12));
  proxy.proc->signal(SIGTERM);
  ASSERT_EQ(proxy.proc->wait(), 0);
  EXPECT_NE(proxy.proc->out().find("\"undecoded\":0,"), std::string::npos);
}

// SASL through the proxy: the exchange decodes and the password never reaches the output.
TEST(KwireDump, SaslIsDecodedAndRedacted) {
  const auto sasl = env_or_empty("KWIRE_BOOTSTRAP_SASL");
  const auto user = env_or_empty("KWIRE_SASL_USER");
  const auto password = env_or_empty("KWIRE_SASL_PASSWORD");
  ASSERT_FALSE(sasl.empty() || user.empty() || password.empty()) << "KWIRE_BOOTSTRAP_SASL / KWIRE_SASL_* not set";
  auto proxy = start_proxy(sasl.substr(0, sasl.find(',')), "sasl-proxy");
  ASSERT_FALSE(proxy.listen.empty()) << proxy.proc->err();
  // PLAIN carries the password in the clear inside SaslAuthenticate: the case redaction is for.
  ASSERT_EQ(run({"kcat", "-b", proxy.listen, "-L", "-X", "security.protocol=SASL_PLAINTEXT", "-X",
                 "sasl.mechanisms=PLAIN", "-X", "sasl.username=" + user, "-X", "sasl.password=" + password},
                scratch("sasl.out"), scratch("sasl.err")),
            0)
      << read_file(scratch("sasl.err"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  proxy.proc->signal(SIGTERM);
  ASSERT_EQ(proxy.proc->wait(), 0) << proxy.proc->err();
  const auto out = proxy.proc->out();
  EXPECT_NE(out.find("\"api\":\"SaslAuthenticate\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"AuthBytes\":\"<redacted "), std::string::npos) << out;
  EXPECT_EQ(out.find(password), std::string::npos) << "the SASL password appears in the output";
  EXPECT_NE(out.find("\"undecoded\":0,"), std::string::npos) << out;
}

TEST(KwireDump, ProxyAndCaptureOfRealClients) {
  const auto bootstrap = test::bootstrap();
  ASSERT_FALSE(bootstrap.empty());
  const auto first = bootstrap.substr(0, bootstrap.find(','));
  const auto broker_port = first.substr(first.rfind(':') + 1);
  const auto tag = std::to_string(getpid());
  const auto pcap = scratch("traffic.pcap");

  // Capture first, so the whole conversation is in the file.
  child tcpdump({"tcpdump", "-i", "lo", "--immediate-mode", "-U", "-s", "0", "-w", pcap, "tcp", "port", broker_port},
                scratch("tcpdump.out"), scratch("tcpdump.err"));
  ASSERT_TRUE(tcpdump.wait_for("listening on")) << "tcpdump could not capture on lo: " << tcpdump.err();

  auto proxy = start_proxy(first, "proxy");
  ASSERT_FALSE(proxy.listen.empty()) << proxy.proc->err();

  // kwire's own code.
  kwire_client(proxy.listen, "dump-kwire-" + tag, broker_port);

  // kcat (librdkafka): produce with gzip and keys, consume back, list metadata.
  const auto kcat_topic = "dump-kcat-" + tag;
  {
    std::ofstream in(scratch("kcat.in"));
    for (int i = 0; i < 20; ++i) in << "k" << i << ":v" << i << " \xc3\xa9\n";
  }
  ASSERT_EQ(run({"kcat", "-b", proxy.listen, "-P", "-t", kcat_topic, "-K", ":", "-z", "gzip", "-X",
                 "topic.metadata.refresh.interval.ms=100"},
                scratch("kcatp.out"), scratch("kcatp.err"), scratch("kcat.in")),
            0)
      << read_file(scratch("kcatp.err"));
  ASSERT_EQ(run({"kcat", "-b", proxy.listen, "-C", "-t", kcat_topic, "-o", "beginning", "-e", "-f", "%k:%s\n"},
                scratch("kcatc.out"), scratch("kcatc.err")),
            0)
      << read_file(scratch("kcatc.err"));
  EXPECT_EQ(read_file(scratch("kcatc.out")), read_file(scratch("kcat.in")));
  // A consumer group (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, OffsetFetch, LeaveGroup).
  ASSERT_EQ(run({"kcat", "-b", proxy.listen, "-G", "dump-group-" + tag, "-X", "auto.offset.reset=earliest", "-e", "-f",
                 "%k:%s\n", kcat_topic},
                scratch("kcatg.out"), scratch("kcatg.err")),
            0)
      << read_file(scratch("kcatg.err"));
  EXPECT_EQ(read_file(scratch("kcatg.out")), read_file(scratch("kcat.in")));
  ASSERT_EQ(run({"kcat", "-b", proxy.listen, "-L", "-t", kcat_topic}, scratch("kcatl.out"), scratch("kcatl.err")), 0);
  // The broker kcat was told about is the proxy, not the real broker.
  EXPECT_NE(read_file(scratch("kcatl.out")).find("at 127.0.0.1:"), std::string::npos);
  EXPECT_EQ(read_file(scratch("kcatl.out")).find(":" + broker_port + " "), std::string::npos)
      << "kcat saw the broker's own address: " << read_file(scratch("kcatl.out"));

  // A consumer that exits leaves a Fetch waiting up to its MaxWaitMs (500 ms for kcat) at the
  // broker; its answer still crosses the wire, so the proxy keeps reading until it has come.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  proxy.proc->signal(SIGTERM);
  ASSERT_EQ(proxy.proc->wait(), 0) << proxy.proc->err();
  // Let the capture write the last packets, then stop it.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  tcpdump.signal(SIGINT);
  ASSERT_EQ(tcpdump.wait(), 0) << tcpdump.err();

  // 1. The proxy decoded everything.
  const auto proxy_lines = lines(proxy.proc->out());
  ASSERT_FALSE(proxy_lines.empty());
  const auto summary = json_parser::parse(proxy_lines.back());
  ASSERT_NE(summary.find("summary"), nullptr) << proxy_lines.back();
  EXPECT_EQ(summary.find("summary")->str("undecoded"), "0") << proxy.proc->out();
  std::set<std::string> connections, apis;
  std::vector<std::string> proxy_exchanges;
  for (std::size_t i = 0; i + 1 < proxy_lines.size(); ++i) {
    const auto j = json_parser::parse(proxy_lines[i]);
    EXPECT_EQ(j.find("undecoded"), nullptr) << proxy_lines[i];
    connections.insert(j.str("connection"));
    apis.insert(j.str("api"));
    for (const char* half : {"request", "response"}) {
      const auto* h = j.find(half);
      if (h && h->type == json::kind::object) {
        EXPECT_EQ(h->str("decoded"), "true") << proxy_lines[i];
      }
    }
    proxy_exchanges.push_back(without_times(proxy_lines[i]));
  }
  for (const char* api : {"ApiVersions", "Metadata", "CreateTopics", "Produce", "Fetch", "ListOffsets",
                          "FindCoordinator", "JoinGroup", "SyncGroup", "OffsetFetch", "LeaveGroup",
                          "DescribeCluster", "ListGroups", "GetTelemetrySubscriptions", "DescribeTopicPartitions",
                          "ConsumerGroupHeartbeat"})
    EXPECT_EQ(apis.count(api), 1u) << api << " not seen";
  // kcat's produced values are in the decoded records, as text.
  EXPECT_NE(proxy.proc->out().find("\"Value\":\"v7 \xc3\xa9\""), std::string::npos);

  // 2. The capture of the same traffic decodes the same, exchange for exchange.
  ASSERT_EQ(run({runfile("tools/dump/kwire-dump"), "pcap", pcap, "--port", broker_port, "--json"},
                scratch("pcap.jsonl"), scratch("pcap.err")),
            0)
      << read_file(scratch("pcap.err"));
  std::vector<std::string> pcap_exchanges;
  for (const auto& l : lines(read_file(scratch("pcap.jsonl")))) {
    if (l.starts_with("{\"summary\"")) continue;
    const auto j = json_parser::parse(l);
    if (connections.count(j.str("connection")) == 0) continue;  // other clients of the same broker
    pcap_exchanges.push_back(without_times(l));
  }
  std::sort(proxy_exchanges.begin(), proxy_exchanges.end());
  std::sort(pcap_exchanges.begin(), pcap_exchanges.end());
  EXPECT_EQ(proxy_exchanges.size(), pcap_exchanges.size());
  EXPECT_TRUE(proxy_exchanges == pcap_exchanges) << "proxy and pcap decodings differ";
  for (std::size_t i = 0; i < std::min(proxy_exchanges.size(), pcap_exchanges.size()); ++i)
    if (proxy_exchanges[i] != pcap_exchanges[i]) {
      ADD_FAILURE() << "first difference:\nproxy: " << proxy_exchanges[i] << "\npcap:  " << pcap_exchanges[i];
      break;
    }

  // 3. tshark on the same capture: which frames its Kafka dissector reads.
  ASSERT_EQ(run({"tshark", "-r", pcap, "-d", "tcp.port==" + broker_port + ",kafka", "-Y", "kafka", "-T", "fields",
                 "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "tcp.srcport", "-e",
                 "tcp.dstport", "-e", "kafka.api_key", "-e", "kafka.api_version", "-e", "kafka.response_key", "-e",
                 "kafka.response.version", "-e", "_ws.malformed", "-e", "_ws.expert.message"},
                outputs("tshark.txt"), scratch("tshark.err")),
            0)
      << read_file(scratch("tshark.err"));
  EXPECT_FALSE(read_file(outputs("tshark.txt")).empty()) << read_file(scratch("tshark.err"));
  std::ofstream(outputs("kwire-dump.jsonl")) << proxy.proc->out();
}

}  // namespace
}  // namespace kwire::test
