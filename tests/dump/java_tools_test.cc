// kwire-dump facing the Java 4.4.0 tools, as a new user would try it: TopicCommand,
// ConsoleProducer and ConsoleConsumer (kafka-tools 4.4.0, from the jars tools/setup fetched) run
// through `kwire-dump proxy` against the real broker. The Java 4.4.0 client opens every
// connection with ApiVersions v5 (KIP-1242); every frame of the session must decode, none only in
// part. Against Kafka 3.9.2 the broker answers that v5 in v0 (KIP-511) and the client falls
// back: those frames decode too.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "tests/dump/process.hpp"
#include "tests/support/broker_env.hpp"
#include "tests/support/json.hpp"

namespace kwire::test {
namespace {

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

// The Java tools of Kafka 4.4.0, whatever line the broker runs.
std::string java_4_4_libs() {
  std::string cache = env_or_empty("KWIRE_CACHE");
  if (cache.empty()) cache = env_or_empty("HOME") + "/.cache/kwire";
  return cache + "/kafka-4.4.0/libs/*";
}

int java(const std::vector<std::string>& args, const std::string& name, const std::string& in = "/dev/null") {
  std::vector<std::string> argv{"java", "-cp", java_4_4_libs()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, scratch(name + ".out"), scratch(name + ".err"), in);
}

TEST(KwireDumpJavaTools, EveryFrameOfTheJava44ToolsDecodes) {
  const auto bootstrap = test::bootstrap();
  ASSERT_FALSE(bootstrap.empty());
  std::ifstream probe(java_4_4_libs().substr(0, java_4_4_libs().size() - 1) + "kafka-tools-4.4.0.jar");
  ASSERT_TRUE(probe.good()) << "kafka-tools 4.4.0 is missing: run tools/setup";
  const auto first = bootstrap.substr(0, bootstrap.find(','));
  child proxy({runfile("tools/dump/kwire-dump"), "proxy", "--listen", "127.0.0.1:0", "--upstream", first, "--json"},
              scratch("proxy.jsonl"), scratch("proxy.log"));
  ASSERT_TRUE(proxy.wait_for("listening on")) << proxy.err();
  std::smatch m;
  const auto err = proxy.err();
  ASSERT_TRUE(std::regex_search(err, m, std::regex(R"(listening on (127\.0\.0\.1:[0-9]+))"))) << err;
  const std::string listen = m[1];

  const auto topic = "dump-java-" + std::to_string(getpid());
  ASSERT_EQ(java({"org.apache.kafka.tools.TopicCommand", "--bootstrap-server", listen, "--create", "--topic", topic,
                  "--partitions", "1", "--replication-factor", "1"},
                 "create"),
            0)
      << read_file(scratch("create.err"));
  ASSERT_EQ(java({"org.apache.kafka.tools.TopicCommand", "--bootstrap-server", listen, "--describe", "--topic", topic},
                 "describe"),
            0)
      << read_file(scratch("describe.err"));
  EXPECT_NE(read_file(scratch("describe.out")).find(topic), std::string::npos);
  std::ofstream(scratch("lines.in")) << "one\ntwo\nthree\n";
  ASSERT_EQ(java({"org.apache.kafka.tools.ConsoleProducer", "--bootstrap-server", listen, "--topic", topic}, "produce",
                 scratch("lines.in")),
            0)
      << read_file(scratch("produce.err"));
  ASSERT_EQ(java({"org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", listen, "--topic", topic,
                  "--from-beginning", "--max-messages", "3", "--timeout-ms", "30000"},
                 "consume"),
            0)
      << read_file(scratch("consume.err"));
  EXPECT_EQ(read_file(scratch("consume.out")), "one\ntwo\nthree\n");

  // The consumer's last Fetch waits at the broker; its answer still crosses the proxy.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  proxy.signal(SIGTERM);
  ASSERT_EQ(proxy.wait(), 0) << proxy.err();
  const auto text = proxy.out();
  std::ofstream(outputs("java-tools.jsonl")) << text;

  std::vector<std::string> lines;
  std::stringstream s(text);
  for (std::string l; std::getline(s, l);)
    if (!l.empty()) lines.push_back(l);
  ASSERT_FALSE(lines.empty());
  const auto summary = json_parser::parse(lines.back());
  const auto* sum = summary.find("summary");
  ASSERT_NE(sum, nullptr) << lines.back();
  EXPECT_EQ(sum->str("undecoded"), "0") << text;
  EXPECT_EQ(sum->str("partly_decoded"), "0") << text;
  std::map<std::string, int> versions_of_api_versions;
  std::set<std::string> apis;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const auto j = json_parser::parse(lines[i]);
    apis.insert(j.str("api"));
    if (j.str("api") == "ApiVersions") ++versions_of_api_versions[j.str("version")];
    for (const char* half : {"request", "response"}) {
      const auto* h = j.find(half);
      if (h && h->type == json::kind::object) {
        EXPECT_EQ(h->str("decoded"), "true") << lines[i];
      }
    }
  }
  // Every connection of the Java 4.4.0 client starts with ApiVersions v5.
  EXPECT_GT(versions_of_api_versions["5"], 0) << text;
  for (const char* api : {"ApiVersions", "Metadata", "CreateTopics", "Produce", "Fetch", "FindCoordinator",
                          "JoinGroup", "SyncGroup", "OffsetFetch", "ListOffsets"})
    EXPECT_EQ(apis.count(api), 1u) << api << " not seen";
  std::printf("Java 4.4.0 tools through kwire-dump against Kafka %s: %s frames in %s exchanges, %s undecoded, "
              "%s decoded in part; ApiVersions v5 opened %d connections\n",
              kafka_version().c_str(), sum->str("frames").c_str(), sum->str("exchanges").c_str(),
              sum->str("undecoded").c_str(), sum->str("partly_decoded").c_str(), versions_of_api_versions["5"]);
}

}  // namespace
}  // namespace kwire::test
