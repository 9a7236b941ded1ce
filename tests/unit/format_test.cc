// `kwire consume` output: kcat-style -f formats and --json lines.

#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include <kwire/protocol/record_batch.hpp>
#include "tools/cli/format.hpp"

using namespace kwire::client;
using kwire::protocol::bytes;
using kwire::protocol::record;

namespace {

bytes b(std::string_view s) { return {s.begin(), s.end()}; }

std::optional<kwire::bytes_view> view(const std::optional<bytes>& v) {
  if (!v) return std::nullopt;
  return std::as_bytes(std::span(*v));
}

// A consumed record over its own copy of r's bytes, as the fetcher makes one over a Fetch answer.
kwire::consumer_record consumed(std::string topic, std::int32_t partition, const record& r) {
  auto keep = std::make_shared<const record>(r);
  auto source = std::make_shared<kwire::detail::record_source>();
  source->topic = std::move(topic);
  source->partition = partition;
  source->buffers.push_back(keep);
  for (const auto& h : keep->headers) source->headers.push_back({h.key, view(h.value)});
  kwire::consumer_record::fields f;
  f.offset = keep->offset;
  f.timestamp = keep->timestamp;
  f.key = view(keep->key);
  f.value = view(keep->value);
  f.header_count = static_cast<std::uint32_t>(keep->headers.size());
  return {std::move(source), f};
}

record sample() {
  record r;
  r.offset = 42;
  r.timestamp = 1700000000123;
  r.key = b("k1");
  r.value = b("hello");
  r.headers = {{"h1", b("v1")}, {"h2", std::nullopt}, {"h3", b("")}};
  return r;
}

record nulls() {
  record r;
  r.offset = 0;
  r.timestamp = -1;
  return r;
}

std::string render(std::string_view spec, const record& r) {
  const auto p = record_format::parse(spec);
  EXPECT_TRUE(p) << p.detail;
  std::string out;
  p.format.append(out, consumed("orders", 3, r));
  return out;
}

}  // namespace

TEST(format, tokens) {
  struct row {
    std::string spec;
    std::string sample_out;
    std::string nulls_out;
  };
  const std::vector<row> table = {
      {"%s\\n", "hello\n", "\n"},
      {"%t", "orders", "orders"},
      {"%p", "3", "3"},
      {"%o", "42", "0"},
      {"%T", "1700000000123", "-1"},
      {"%k", "k1", ""},
      {"%K", "2", "-1"},
      {"%S", "5", "-1"},
      {"%h", "h1=v1,h2=,h3=", ""},
      {"%%", "%", "%"},
      {"100%%", "100%", "100%"},
      {"\\t|\\r|\\\\", "\t|\r|\\", "\t|\r|\\"},
      {"plain text", "plain text", "plain text"},
      {"", "", ""},
      {"%t/%p@%o: %k=%s (%K/%S bytes) [%h]\\n", "orders/3@42: k1=hello (2/5 bytes) [h1=v1,h2=,h3=]\n",
       "orders/3@0: = (-1/-1 bytes) []\n"},
      {"é %s ü", "é hello ü", "é  ü"},
  };
  for (const auto& t : table) {
    SCOPED_TRACE(t.spec);
    EXPECT_EQ(render(t.spec, sample()), t.sample_out);
    EXPECT_EQ(render(t.spec, nulls()), t.nulls_out);
  }
  EXPECT_EQ(render(record_format::default_spec, sample()), "hello\n");
}

TEST(format, empty_value_is_not_null) {
  record r = nulls();
  r.value = bytes{};
  EXPECT_EQ(render("[%s] %S", r), "[] 0");
}

TEST(format, append_only_appends) {
  const auto p = record_format::parse("%o,");
  ASSERT_TRUE(p);
  std::string out = "start:";
  auto r = sample();
  for (int i = 0; i < 3; ++i) {
    r.offset = i;
    p.format.append(out, consumed("t", 0, r));
  }
  EXPECT_EQ(out, "start:0,1,2,");
}

TEST(format, bad_formats_name_the_token) {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"%x", "format \"%x\": unknown token \"%x\" at position 0 (known: %t %p %o %T %k %s %K %S %h %%)"},
      {"ab %q", "format \"ab %q\": unknown token \"%q\" at position 3 (known: %t %p %o %T %k %s %K %S %h %%)"},
      {"%s%", "format \"%s%\": a lone '%' at the end (write %% for the character)"},
      {"x\\", "format \"x\\\": a lone '\\' at the end (write \\\\ for the character)"},
      {"\\a", "format \"\\a\": unknown escape \"\\a\" at position 0 (known: \\n \\r \\t \\\\)"},
  };
  for (const auto& [spec, detail] : table) {
    SCOPED_TRACE(spec);
    const auto p = record_format::parse(spec);
    EXPECT_EQ(p.ec, kwire::client_errc::invalid_config);
    EXPECT_EQ(p.detail, detail);
  }
}

TEST(format, json_lines) {
  std::string out;
  append_json(out, consumed("orders", 3, sample()));
  EXPECT_EQ(out,
            "{\"topic\":\"orders\",\"partition\":3,\"offset\":42,\"timestamp\":1700000000123,\"key\":\"k1\","
            "\"value\":\"hello\",\"headers\":[{\"key\":\"h1\",\"value\":\"v1\"},{\"key\":\"h2\",\"value\":null},"
            "{\"key\":\"h3\",\"value\":\"\"}]}\n");
  out.clear();
  append_json(out, consumed("t", 0, nulls()));
  EXPECT_EQ(out, "{\"topic\":\"t\",\"partition\":0,\"offset\":0,\"timestamp\":-1,\"key\":null,\"value\":null,\"headers\":[]}\n");
}

TEST(format, json_escapes_and_binary) {
  record r = nulls();
  r.key = b("q\"b\\s/\n\t\x01\x1f \xc3\xa9");
  r.value = bytes{0x00, 0x01, 0xff};  // not UTF-8
  r.headers = {{"\xff", b("\xc3\x28")}};
  std::string out;
  append_json(out, consumed("t", 1, r));
  EXPECT_EQ(out,
            "{\"topic\":\"t\",\"partition\":1,\"offset\":0,\"timestamp\":-1,"
            "\"key\":\"q\\\"b\\\\s/\\n\\t\\u0001\\u001f \xc3\xa9\",\"value_base64\":\"AAH/\","
            "\"headers\":[{\"key_base64\":\"/w==\",\"value_base64\":\"wyg=\"}]}\n");
}

TEST(format, utf8_validation) {
  struct row {
    std::string bytes;
    bool valid;
  };
  const std::vector<row> table = {
      {"", true},
      {"ascii", true},
      {"\xc3\xa9", true},              // é
      {"\xe2\x82\xac", true},          // €
      {"\xf0\x9f\x98\x80", true},      // 😀
      {"\xf4\x8f\xbf\xbf", true},      // U+10FFFF
      {"\xc3", false},                 // cut short
      {"\xc0\xaf", false},             // overlong '/'
      {"\xe0\x80\xaf", false},         // overlong
      {"\xed\xa0\x80", false},         // a UTF-16 surrogate
      {"\xf4\x90\x80\x80", false},     // past U+10FFFF
      {"\x80", false},                 // a continuation byte alone
      {"\xff", false},
      {"a\xe2\x82", false},
  };
  for (const auto& t : table) EXPECT_EQ(is_valid_utf8(t.bytes), t.valid) << t.bytes.size() << " bytes";
}

TEST(format, base64) {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}, {std::string("\xff\xfe\xfd", 3), "//79"},
  };
  for (const auto& [in, want] : table) {
    std::string out;
    append_base64(out, in);
    EXPECT_EQ(out, want) << in;
  }
}
