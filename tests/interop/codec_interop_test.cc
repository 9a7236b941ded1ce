// Compression interop with the Java client, through the real broker. For every codec:
//   java_to_kwire: tests/interop/JavaPeer.java produces N records with compression.type=<codec>;
//                  kwire fetches them, checks the batches really carry the codec, and decodes
//                  every record to exactly what the Java side wrote.
//   kwire_to_java: kwire produces the same N records in batches compressed with <codec>; the Java
//                  consumer reads them back and must print exactly the expected lines.
// Both sides derive the records from the index alone (expected_record / JavaPeer.key, value,
// headers), so either side's bytes can be checked without shipping them across.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <kwire/net/blocking.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/messages/create_topics.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/messages/metadata.hpp>
#include <kwire/protocol/messages/produce.hpp>
#include <kwire/protocol/record_batch.hpp>
#include <kwire/protocol/versions.hpp>
#include "tests/support/broker_env.hpp"

namespace kwire::protocol {
// gtest names the codec in failures instead of printing "1-byte object <03>".
static void PrintTo(compression_codec c, std::ostream* os) { *os << compression_name(static_cast<int>(c)); }
}  // namespace kwire::protocol

namespace kwire::interop {
namespace {

using namespace protocol;

constexpr int record_count = 1000;
constexpr std::int64_t base_timestamp = 1700000000000;

bytes to_bytes(std::string_view s) { return bytes(s.begin(), s.end()); }

// Record i as JavaPeer writes it (keep the two in step).
record expected_record(int i) {
  record r;
  r.offset = i;
  r.timestamp = base_timestamp + i;
  if (i % 7 != 0) r.key = to_bytes("k" + std::to_string(i));
  if (i % 11 != 0) {
    char text[200];
    const int n = std::snprintf(text, sizeof text,
                                "{\"i\":%d,\"name\":\"record-%06d\",\"text\":\"the quick brown fox jumps over "
                                "the lazy dog\",\"sq\":%lld}",
                                i, i, static_cast<long long>(i) * i);
    r.value = bytes(text, text + n);
  }
  r.headers.push_back({"h1", to_bytes("v" + std::to_string(i))});
  std::optional<bytes> h2;
  if (i % 2 != 0)
    h2 = bytes{static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i), 0x00, 0xff};
  r.headers.push_back({"h2", h2});
  return r;
}

std::string hex(const std::optional<bytes>& b) {
  if (!b) return "-";
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (auto x : *b) {
    s += digits[x >> 4];
    s += digits[x & 15];
  }
  return s;
}

// The line JavaPeer consume prints for a record.
std::string peer_line(const record& r) {
  std::string headers;
  for (const auto& h : r.headers) {
    if (!headers.empty()) headers += ',';
    headers += hex(to_bytes(h.key)) + "=" + hex(h.value);
  }
  return std::to_string(r.offset) + "\t" + std::to_string(r.timestamp) + "\t" + hex(r.key) + "\t" +
         hex(r.value) + "\t" + headers;
}

std::string describe(const record& r) {
  auto text = [](const std::optional<bytes>& b) {
    return b ? "\"" + std::string(b->begin(), b->end()) + "\"" : std::string("null");
  };
  std::string s = "offset " + std::to_string(r.offset) + " ts " + std::to_string(r.timestamp) + " key " +
                  text(r.key) + " value " + text(r.value) + " headers [";
  for (const auto& h : r.headers) s += " " + h.key + "=" + hex(h.value);
  return s + " ]";
}

// --- the Java peer -------------------------------------------------------------------------------

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string peer_source() {
  std::vector<std::string> candidates;
  if (const char* srcdir = std::getenv("TEST_SRCDIR"); srcdir && *srcdir)
    candidates.push_back(std::string(srcdir) + "/kwire/tests/interop/JavaPeer.java");
  candidates.push_back("tests/interop/JavaPeer.java");
  for (const auto& c : candidates)
    if (std::ifstream(c).good()) return c;
  ADD_FAILURE() << "JavaPeer.java is not in the runfiles (looked at " << candidates.front() << ")";
  return candidates.back();
}

std::string kafka_libs() {
  std::string cache = test::env_or_empty("KWIRE_CACHE");
  if (cache.empty()) cache = test::env_or_empty("HOME") + "/.cache/kwire";
  std::string version = test::kafka_version();
  if (version.empty()) version = "4.4.0";
  return cache + "/kafka-" + version + "/libs";
}

struct peer_result {
  int status = -1;
  std::string out, err;
};

// Runs JavaPeer with `args`; stdout is captured through popen, stderr through a temporary file.
peer_result run_peer(const std::vector<std::string>& args) {
  peer_result result;
  char err_path[] = "/tmp/kwire-interop-peer-XXXXXX";
  const int fd = ::mkstemp(err_path);
  if (fd < 0) {
    result.err = "mkstemp failed";
    return result;
  }
  ::close(fd);
  std::string command = "java -cp " + shell_quote(kafka_libs() + "/*") + " " + shell_quote(peer_source());
  for (const auto& a : args) command += " " + shell_quote(a);
  command += " 2>" + shell_quote(err_path);
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) result.out.append(buf, n);
    const int status = ::pclose(p);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::ifstream err(err_path);
  result.err.assign(std::istreambuf_iterator<char>(err), {});
  ::unlink(err_path);
  if (result.status != 0) result.err = "$ " + command + "\n" + result.err;
  return result;
}

// --- kwire's side --------------------------------------------------------------------------------

struct topic_handle {
  std::string name;
  uuid id;
};

// Creates a 1-partition topic and waits until partition 0 has a leader.
::testing::AssertionResult create_topic(net::blocking_node& conn, const std::string& name,
                                        topic_handle& out) {
  out.name = name;
  create_topics_request create;
  create.topics.push_back({name, 1, 1, {}, {}, {}});
  create_topics_response created;
  if (auto r = conn.request(create, created); !r) return ::testing::AssertionFailure() << "CreateTopics: " << r.detail;
  if (created.topics.size() != 1 || created.topics[0].error_code != 0)
    return ::testing::AssertionFailure() << "creating " << name << ": error "
                                         << (created.topics.empty() ? -1 : created.topics[0].error_code);
  for (int attempt = 0; attempt < 100; ++attempt) {
    metadata_request md;
    md.topics->push_back({{}, name, {}});
    md.allow_auto_topic_creation = false;
    metadata_response meta;
    if (auto r = conn.request(md, meta); !r) return ::testing::AssertionFailure() << "Metadata: " << r.detail;
    if (meta.topics.size() == 1 && meta.topics[0].error_code == 0 && !meta.topics[0].partitions.empty() &&
        meta.topics[0].partitions[0].leader_id >= 0) {
      out.id = meta.topics[0].topic_id;
      return ::testing::AssertionSuccess();
    }
    ::usleep(100000);
  }
  return ::testing::AssertionFailure() << "partition 0 of " << name << " has no leader after 10 s";
}

// Produces records [first, first + count) as one batch compressed with `codec`, acks=-1.
::testing::AssertionResult produce_batch(net::blocking_node& conn, const topic_handle& topic,
                                         compression_codec codec, int first, int count) {
  record_batch batch;
  batch.attributes = static_cast<std::int16_t>(codec);
  batch.first_timestamp = base_timestamp + first;
  batch.max_timestamp = base_timestamp + first + count - 1;
  batch.last_offset_delta = count - 1;
  for (int i = first; i < first + count; ++i) {
    auto r = expected_record(i);
    r.offset = i - first;  // the broker assigns the base offset
    batch.records.push_back(std::move(r));
  }
  const auto version = choose_version(api_key::produce, conn.broker_versions()).version;
  produce_request produce;
  produce.acks = -1;
  produce.timeout_ms = 10000;
  produce.topic_data.push_back(
      {version >= 13 ? "" : topic.name, version >= 13 ? topic.id : uuid{}, {{0, record_bytes{}, {}}}, {}});
  if (auto r = encode_batch(batch, produce.topic_data[0].partition_data[0].records->data); !r)
    return ::testing::AssertionFailure() << "encode_batch: " << r.detail;
  for (int attempt = 0; attempt < 50; ++attempt) {
    produce_response produced;
    if (auto r = conn.request(produce, version, produced); !r)
      return ::testing::AssertionFailure() << "Produce v" << version << ": " << r.detail;
    if (produced.responses.size() != 1 || produced.responses[0].partition_responses.size() != 1)
      return ::testing::AssertionFailure() << "Produce: answer does not name exactly one partition";
    const auto& p = produced.responses[0].partition_responses[0];
    if (p.error_code == 0) {
      if (p.base_offset != first)
        return ::testing::AssertionFailure() << "batch from record " << first << " landed at " << p.base_offset;
      return ::testing::AssertionSuccess();
    }
    const auto e = static_cast<broker_errc>(p.error_code);
    if (!is_retriable(e))
      return ::testing::AssertionFailure() << "Produce: " << error_name(e) << " "
                                           << p.error_message.value_or("");
    ::usleep(100000);
  }
  return ::testing::AssertionFailure() << "Produce kept failing with retriable errors";
}

// Fetches partition 0 from offset 0 until `count` records are decoded; every batch goes to `out`.
::testing::AssertionResult fetch_all(net::blocking_node& conn, const topic_handle& topic, int count,
                                     std::vector<record_batch>& out) {
  const auto choice = choose_version(api_key::fetch, conn.broker_versions());
  if (!choice.status) return ::testing::AssertionFailure() << choice.status.detail;
  const auto version = choice.version;
  if (version < 12) return ::testing::AssertionFailure() << "Fetch v" << version << " is below 12";
  std::int64_t next = 0;
  int decoded = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (decoded < count) {
    if (std::chrono::steady_clock::now() > deadline)
      return ::testing::AssertionFailure() << "only " << decoded << " of " << count << " records after 30 s";
    fetch_request fetch;
    fetch.max_wait_ms = 500;
    fetch.min_bytes = 1;
    fetch_request::fetch_partition part;
    part.partition = 0;
    part.fetch_offset = next;
    part.partition_max_bytes = 256 * 1024;
    fetch.topics.push_back({version >= 13 ? "" : topic.name, version >= 13 ? topic.id : uuid{}, {part}, {}});
    fetch_response fetched;
    if (auto r = conn.request(fetch, version, fetched); !r)
      return ::testing::AssertionFailure() << "Fetch v" << version << ": " << r.detail;
    if (fetched.error_code != 0)
      return ::testing::AssertionFailure() << "Fetch: " << error_name(static_cast<broker_errc>(fetched.error_code));
    if (fetched.responses.size() != 1 || fetched.responses[0].partitions.size() != 1)
      return ::testing::AssertionFailure() << "Fetch: answer does not name exactly one partition";
    const auto& p = fetched.responses[0].partitions[0];
    if (p.error_code != 0) {
      const auto e = static_cast<broker_errc>(p.error_code);
      if (!is_retriable(e)) return ::testing::AssertionFailure() << "Fetch: " << error_name(e);
      ::usleep(100000);
      continue;
    }
    if (!p.records) continue;
    std::vector<record_batch> batches;
    if (auto r = decode_batches(p.records->data, batches, decode_options{}); !r)
      return ::testing::AssertionFailure() << "decode_batches at offset " << next << ": " << r.detail;
    for (auto& b : batches) {
      // A fetch may return a batch that starts before the fetch offset; keep each batch once.
      if (b.base_offset + b.last_offset_delta < next) continue;
      for (const auto& r : b.records)
        if (r.offset >= next) ++decoded;
      next = b.base_offset + b.last_offset_delta + 1;
      out.push_back(std::move(b));
    }
  }
  return ::testing::AssertionSuccess();
}

std::string topic_name(const char* side, compression_codec codec) {
  return std::string("kwire-interop-") + side + "-" + compression_name(static_cast<int>(codec)) + "-" +
         std::to_string(::getpid());
}

class codec_interop : public ::testing::TestWithParam<compression_codec> {
 protected:
  void SetUp() override {
    auto r = conn_.connect(test::bootstrap(), "kwire-interop");
    ASSERT_TRUE(r) << r.detail;
  }
  net::blocking_node conn_;
};

TEST_P(codec_interop, java_to_kwire) {
  const auto codec = GetParam();
  const auto codec_text = compression_name(static_cast<int>(codec));
  topic_handle topic;
  ASSERT_TRUE(create_topic(conn_, topic_name("java", codec), topic));

  const auto peer = run_peer({"produce", test::bootstrap(), topic.name, codec_text, std::to_string(record_count)});
  ASSERT_EQ(peer.status, 0) << "JavaPeer produce failed:\n" << peer.err;

  std::vector<record_batch> batches;
  ASSERT_TRUE(fetch_all(conn_, topic, record_count, batches));

  int seen = 0, mismatches = 0;
  std::string layout;
  for (const auto& b : batches) {
    EXPECT_EQ(b.compression(), codec) << "batch at offset " << b.base_offset << " carries "
                                      << compression_name(static_cast<int>(b.compression()));
    EXPECT_EQ(b.timestamp_kind(), timestamp_type::create_time);
    EXPECT_EQ(static_cast<std::size_t>(b.last_offset_delta) + 1, b.records.size())
        << "batch at offset " << b.base_offset;
    layout += " " + std::to_string(b.records.size());
    for (const auto& r : b.records) {
      if (r.offset >= record_count) {
        ADD_FAILURE() << "record beyond the " << record_count << " written: " << describe(r);
        continue;
      }
      ASSERT_EQ(r.offset, seen) << "records out of order";
      ++seen;
      const auto want = expected_record(static_cast<int>(r.offset));
      if (r != want && mismatches++ < 5)
        ADD_FAILURE() << "record differs from what the Java client wrote\n  got:  " << describe(r)
                      << "\n  want: " << describe(want);
    }
  }
  EXPECT_EQ(seen, record_count);
  EXPECT_EQ(mismatches, 0);
  std::printf("[java -> kwire %s] %zu batches, records per batch:%s\n", codec_text.c_str(), batches.size(),
              layout.c_str());
}

TEST_P(codec_interop, kwire_to_java) {
  const auto codec = GetParam();
  const auto codec_text = compression_name(static_cast<int>(codec));
  topic_handle topic;
  ASSERT_TRUE(create_topic(conn_, topic_name("kwire", codec), topic));

  // Uneven batches, including a single-record one.
  int first = 0;
  for (int size : {1, 199, 300, 500}) {
    ASSERT_TRUE(produce_batch(conn_, topic, codec, first, size));
    first += size;
  }
  ASSERT_EQ(first, record_count);

  // What kwire stored must be what it meant to store (and really compressed).
  std::vector<record_batch> stored;
  ASSERT_TRUE(fetch_all(conn_, topic, record_count, stored));
  ASSERT_EQ(stored.size(), 4u);
  for (const auto& b : stored) EXPECT_EQ(b.compression(), codec) << "batch at offset " << b.base_offset;

  const auto peer = run_peer({"consume", test::bootstrap(), topic.name, std::to_string(record_count)});
  ASSERT_EQ(peer.status, 0) << "JavaPeer consume failed:\n" << peer.err;

  std::istringstream lines(peer.out);
  std::string line;
  int i = 0, mismatches = 0;
  while (std::getline(lines, line)) {
    if (i >= record_count) {
      ADD_FAILURE() << "JavaPeer printed more than " << record_count << " lines: " << line;
      break;
    }
    const auto want = peer_line(expected_record(i));
    if (line != want && mismatches++ < 5)
      ADD_FAILURE() << "the Java client read record " << i << " differently\n  got:  " << line
                    << "\n  want: " << want;
    ++i;
  }
  EXPECT_EQ(i, record_count) << "JavaPeer stderr:\n" << peer.err;
  EXPECT_EQ(mismatches, 0);
}

INSTANTIATE_TEST_SUITE_P(codecs, codec_interop,
                         ::testing::Values(compression_codec::none, compression_codec::gzip,
                                           compression_codec::snappy, compression_codec::lz4,
                                           compression_codec::zstd),
                         [](const auto& info) { return compression_name(static_cast<int>(info.param)); });

}  // namespace
}  // namespace kwire::interop
