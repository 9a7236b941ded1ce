// The admin client's config calls against the real broker (issue #16): describe (topic, broker,
// broker logger, group, client metrics; synonyms and documentation) and incremental alter (set,
// delete, append, subtract, validate only), each resource with its own outcome.

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

#include <boost/asio/io_context.hpp>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/support/broker_env.hpp"

namespace {

using kwire::config_op_type;
using kwire::config_resource;
using kwire::config_resource_type;

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

// A change is committed by the controller and reaches each broker's cache a moment later: a
// describe right after an alter may still see the old value.
template <class F>
bool eventually(F ok) {
  for (int i = 0; i < 50; ++i) {
    if (ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return ok();
}

bool kafka4() { return kwire::test::kafka_version().rfind("3.", 0) != 0; }

std::string make_topic(kwire::blocking_admin& a, const std::string& prefix,
                       std::map<std::string, std::string> configs = {}) {
  const auto name = unique(prefix);
  auto made = a.create_topics({{.name = name, .partitions = 1, .replication_factor = 1, .configs = std::move(configs)}});
  EXPECT_TRUE(made.at(name)) << made.at(name).error.message();
  return name;
}

std::string a_broker_id(kwire::blocking_admin& a) {
  a.start();
  const auto md = a.async().cluster().snapshot();
  EXPECT_FALSE(md->brokers.empty());
  return std::to_string(md->brokers.begin()->first);
}

TEST(AdminConfigs, DescribeTopicShowsValuesSourcesAndSynonyms) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cfg-describe", {{"retention.ms", "7200000"}});
  const config_resource t{config_resource_type::topic, topic};
  kwire::describe_configs_options opts;
  opts.include_synonyms = true;
  opts.include_documentation = true;
  auto got = a.describe_configs({t}, opts);
  ASSERT_TRUE(got.at(t)) << got.at(t).error.message();
  const auto& entries = got.at(t).value;
  const auto& retention = entries.at("retention.ms");
  EXPECT_EQ(retention.value, "7200000");
  EXPECT_EQ(retention.source, kwire::config_source::dynamic_topic);
  EXPECT_FALSE(retention.is_default);
  EXPECT_FALSE(retention.read_only);
  EXPECT_EQ(retention.type, kwire::config_value_type::long_);
  ASSERT_TRUE(retention.documentation.has_value());
  EXPECT_FALSE(retention.documentation->empty());
  ASSERT_FALSE(retention.synonyms.empty());
  EXPECT_EQ(retention.synonyms.front().name, "retention.ms");  // the topic's own value first
  EXPECT_EQ(retention.synonyms.front().source, kwire::config_source::dynamic_topic);
  const auto& cleanup = entries.at("cleanup.policy");
  EXPECT_EQ(cleanup.value, "delete");
  EXPECT_TRUE(cleanup.is_default);
  EXPECT_EQ(cleanup.type, kwire::config_value_type::list);
}

TEST(AdminConfigs, DescribeOnlyTheKeysAsked) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cfg-keys");
  const config_resource t{config_resource_type::topic, topic};
  kwire::describe_configs_options opts;
  opts.keys = {"retention.ms", "segment.bytes"};
  auto got = a.describe_configs({t}, opts);
  ASSERT_TRUE(got.at(t)) << got.at(t).error.message();
  EXPECT_EQ(got.at(t).value.size(), 2u);
  EXPECT_TRUE(got.at(t).value.count("segment.bytes"));
  EXPECT_FALSE(got.at(t).value.at("retention.ms").documentation.has_value());  // not asked for
}

TEST(AdminConfigs, EachResourceHasItsOwnOutcome) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cfg-mixed");
  const config_resource good{config_resource_type::topic, topic};
  const config_resource missing{config_resource_type::topic, unique("cfg-missing")};
  const config_resource bad_broker{config_resource_type::broker, "not-a-number"};
  const auto start = std::chrono::steady_clock::now();
  auto got = a.describe_configs({good, missing, bad_broker});
  // The unknown topic is asked again a few times (it may be new), not for the whole 60 s.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(got.at(good)) << got.at(good).error.message();
  ASSERT_FALSE(got.at(missing));
  EXPECT_EQ(got.at(missing).error.ec, kwire::broker_errc::unknown_topic_or_partition) << got.at(missing).error.message();
  EXPECT_NE(got.at(missing).error.detail.find(missing.name), std::string::npos) << got.at(missing).error.detail;
  ASSERT_FALSE(got.at(bad_broker));
  EXPECT_NE(got.at(bad_broker).error.detail.find("node id"), std::string::npos) << got.at(bad_broker).error.detail;
}

TEST(AdminConfigs, DescribeBrokerAndBrokerLoggersAtThatBroker) {
  auto a = make_admin();
  const auto id = a_broker_id(a);
  const config_resource broker{config_resource_type::broker, id};
  const config_resource loggers{config_resource_type::broker_logger, id};
  const config_resource defaults{config_resource_type::broker, ""};
  auto got = a.describe_configs({broker, loggers, defaults});
  ASSERT_TRUE(got.at(broker)) << got.at(broker).error.message();
  EXPECT_TRUE(got.at(broker).value.count("log.retention.hours"));
  EXPECT_TRUE(got.at(broker).value.at("node.id").read_only);
  EXPECT_EQ(got.at(broker).value.at("node.id").value, id);
  ASSERT_TRUE(got.at(loggers)) << got.at(loggers).error.message();
  EXPECT_FALSE(got.at(loggers).value.empty());
  ASSERT_TRUE(got.at(defaults)) << got.at(defaults).error.message();
}

TEST(AdminConfigs, IncrementalAlterSetDeleteAppendSubtract) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cfg-alter");
  const config_resource t{config_resource_type::topic, topic};
  auto value_of = [&](const std::string& key) {
    kwire::describe_configs_options o;
    o.keys = {key};
    return a.describe_configs({t}, o).at(t).get().at(key);
  };

  auto r = a.alter_configs({{t, {{.name = "retention.ms", .value = "3600000"},
                                 {.name = "cleanup.policy", .op = config_op_type::append, .value = "compact"}}}});
  ASSERT_TRUE(r.at(t)) << r.at(t).error.message();
  EXPECT_TRUE(eventually([&] { return value_of("cleanup.policy").value == "delete,compact"; }))
      << *value_of("cleanup.policy").value;
  EXPECT_EQ(value_of("retention.ms").value, "3600000");
  EXPECT_EQ(value_of("retention.ms").source, kwire::config_source::dynamic_topic);

  r = a.alter_configs({{t, {{.name = "cleanup.policy", .op = config_op_type::subtract, .value = "delete"},
                            {.name = "retention.ms", .op = config_op_type::remove}}}});
  ASSERT_TRUE(r.at(t)) << r.at(t).error.message();
  EXPECT_TRUE(eventually([&] { return value_of("cleanup.policy").value == "compact"; }))
      << *value_of("cleanup.policy").value;
  // Back to what the broker says (tools/broker sets log.retention statically: not a default).
  EXPECT_NE(value_of("retention.ms").source, kwire::config_source::dynamic_topic);

  // validate_only: checked, not applied.
  kwire::alter_configs_options vo;
  vo.validate_only = true;
  r = a.alter_configs({{t, {{.name = "retention.ms", .value = "1000"}}}}, vo);
  ASSERT_TRUE(r.at(t)) << r.at(t).error.message();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // time for a change to show, were one made
  EXPECT_NE(value_of("retention.ms").source, kwire::config_source::dynamic_topic);
}

TEST(AdminConfigs, UnknownNamesAndBadValuesFailThatResourceNamed) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cfg-bad");
  const auto other = make_topic(a, "cfg-good");
  const config_resource t{config_resource_type::topic, topic};
  const config_resource ok{config_resource_type::topic, other};
  auto r = a.alter_configs({{t, {{.name = "retention.ms", .value = "soon"}}},
                            {ok, {{.name = "retention.ms", .value = "60000"}}}});
  ASSERT_FALSE(r.at(t));
  EXPECT_EQ(r.at(t).error.ec, kwire::broker_errc::invalid_config) << r.at(t).error.message();
  EXPECT_NE(r.at(t).error.detail.find(topic), std::string::npos) << r.at(t).error.detail;
  EXPECT_TRUE(r.at(ok)) << r.at(ok).error.message();

  r = a.alter_configs({{t, {{.name = "no.such.config", .value = "1"}}}});
  ASSERT_FALSE(r.at(t));
  EXPECT_EQ(r.at(t).error.ec, kwire::broker_errc::invalid_config) << r.at(t).error.message();
  EXPECT_NE(r.at(t).error.detail.find("no.such.config"), std::string::npos) << r.at(t).error.detail;

  r = a.alter_configs({{t, {{.name = "retention.ms"}}}});  // set without a value: refused before sending
  ASSERT_FALSE(r.at(t));
  EXPECT_NE(r.at(t).error.detail.find("needs a value"), std::string::npos) << r.at(t).error.detail;
}

TEST(AdminConfigs, AlterBrokerLoggerAtThatBroker) {
  auto a = make_admin();
  const auto id = a_broker_id(a);
  const config_resource loggers{config_resource_type::broker_logger, id};
  const std::string logger = "kafka.server.ReplicaManager";
  auto r = a.alter_configs({{loggers, {{.name = logger, .value = "WARN"}}}});
  ASSERT_TRUE(r.at(loggers)) << r.at(loggers).error.message();
  kwire::describe_configs_options o;
  o.keys = {logger};
  EXPECT_TRUE(eventually([&] { return a.describe_configs({loggers}, o).at(loggers).get().at(logger).value == "WARN"; }));
  r = a.alter_configs({{loggers, {{.name = logger, .op = config_op_type::remove}}}});
  EXPECT_TRUE(r.at(loggers)) << r.at(loggers).error.message();
}

TEST(AdminConfigs, DynamicBrokerConfigSetAndRemoved) {
  auto a = make_admin();
  const auto id = a_broker_id(a);
  const config_resource broker{config_resource_type::broker, id};
  auto r = a.alter_configs({{broker, {{.name = "log.cleaner.backoff.ms", .value = "16000"}}}});
  ASSERT_TRUE(r.at(broker)) << r.at(broker).error.message();
  kwire::describe_configs_options o;
  o.keys = {"log.cleaner.backoff.ms"};
  auto e = a.describe_configs({broker}, o).at(broker).get().at("log.cleaner.backoff.ms");
  EXPECT_TRUE(eventually([&] {
    e = a.describe_configs({broker}, o).at(broker).get().at("log.cleaner.backoff.ms");
    return e.value == "16000";
  }));
  EXPECT_EQ(e.source, kwire::config_source::dynamic_broker);
  r = a.alter_configs({{broker, {{.name = "log.cleaner.backoff.ms", .op = config_op_type::remove}}}});
  EXPECT_TRUE(r.at(broker)) << r.at(broker).error.message();
}

TEST(AdminConfigs, ClientMetricsResource) {
  auto a = make_admin();
  const config_resource cm{config_resource_type::client_metrics, unique("cfg-metrics")};
  auto r = a.alter_configs({{cm, {{.name = "interval.ms", .value = "60000"},
                                  {.name = "metrics", .value = "org.apache.kafka.producer."}}}});
  ASSERT_TRUE(r.at(cm)) << r.at(cm).error.message();
  kwire::described_configs got;
  EXPECT_TRUE(eventually([&] {
    got = a.describe_configs({cm});
    return got.at(cm) && got.at(cm).value.count("interval.ms") && got.at(cm).value.at("interval.ms").value == "60000";
  }));
  ASSERT_TRUE(got.at(cm)) << got.at(cm).error.message();
  EXPECT_EQ(got.at(cm).value.at("interval.ms").source, kwire::config_source::client_metrics);
}

// Group configs (KIP-848's group.consumer.* overrides per group) came with Kafka 4.0: Kafka 3.9
// refuses the resource type, for that resource alone.
TEST(AdminConfigs, GroupResource) {
  auto a = make_admin();
  const config_resource g{config_resource_type::group, unique("cfg-group")};
  const config_resource t{config_resource_type::topic, make_topic(a, "cfg-beside-group")};
  auto r = a.alter_configs({{g, {{.name = "consumer.session.timeout.ms", .value = "50000"}}},
                            {t, {{.name = "retention.ms", .value = "60000"}}}});
  EXPECT_TRUE(r.at(t)) << r.at(t).error.message();
  if (!kafka4()) {
    ASSERT_FALSE(r.at(g));
    EXPECT_EQ(r.at(g).error.ec, kwire::broker_errc::invalid_request) << r.at(g).error.message();
    EXPECT_NE(r.at(g).error.detail.find(g.name), std::string::npos) << r.at(g).error.detail;
    return;
  }
  ASSERT_TRUE(r.at(g)) << r.at(g).error.message();
  kwire::described_configs got;
  EXPECT_TRUE(eventually([&] {
    got = a.describe_configs({g});
    return got.at(g) && got.at(g).value.at("consumer.session.timeout.ms").value == "50000";
  }));
  ASSERT_TRUE(got.at(g)) << got.at(g).error.message();
  EXPECT_EQ(got.at(g).value.at("consumer.session.timeout.ms").source, kwire::config_source::group);
}

// The asynchronous admin: any completion token, the detail in the error_info passed before it.
TEST(AdminConfigs, AsynchronousDescribeAndTheCallsErrorInfo) {
  boost::asio::io_context io;
  auto a = kwire::admin::create(io.get_executor(), {{"bootstrap.servers", kwire::test::bootstrap()}});
  const config_resource defaults{config_resource_type::broker, ""};
  kwire::error_info diag;
  bool called = false;
  a->async_describe_configs({defaults}, {}, diag, [&](std::error_code ec, kwire::described_configs got) {
    called = true;
    EXPECT_FALSE(ec) << diag.message();
    EXPECT_TRUE(got.at(defaults)) << got.at(defaults).error.message();
    a->async_close([](std::error_code) {});
  });
  io.run();
  EXPECT_TRUE(called);

  boost::asio::io_context io2;
  auto none = kwire::admin::create(io2.get_executor(), {{"bootstrap.servers", "127.0.0.1:1"},
                                                         {"default.api.timeout.ms", "2000"},
                                                         {"request.timeout.ms", "1000"}});
  std::error_code failed;
  none->async_alter_configs({{defaults, {{.name = "log.cleaner.threads", .value = "2"}}}}, {}, diag,
                            [&](std::error_code ec, kwire::altered_configs) {
                              failed = ec;
                              none->async_close([](std::error_code) {});
                            });
  io2.run();
  EXPECT_TRUE(failed);
  EXPECT_NE(diag.detail.find("127.0.0.1:1"), std::string::npos) << diag.detail;
}

}  // namespace
