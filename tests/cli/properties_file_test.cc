// read_properties_file (what `--command-config FILE` reads) against java.util.Properties.load's
// rules: separators, comments, continuation lines, escapes, and errors that name the file.

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tools/cli/properties.hpp"

namespace kwire::cli {
namespace {

std::string write(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir && *dir ? dir : "/tmp") + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

properties read(const std::string& text) {
  properties out;
  std::string error;
  EXPECT_TRUE(read_properties_file(write("p.properties", text), out, error)) << error;
  EXPECT_EQ(error, "");
  return out;
}

TEST(PropertiesFile, Separators) {
  const auto p = read(
      "a=1\n"
      "b:2\n"
      "c 3\n"
      "d = 4\n"
      "  e  :  5  \n"          // leading blanks dropped, trailing ones kept in the value
      "f\t=\t6\n"
      "g =  = 7\n"             // only the first separator separates
      "h\n"                    // a key alone has the empty value
      "i=\n"
      "j==8\n"
      "url=http://host:9092/x\n");
  EXPECT_EQ(p.at("a"), "1");
  EXPECT_EQ(p.at("b"), "2");
  EXPECT_EQ(p.at("c"), "3");
  EXPECT_EQ(p.at("d"), "4");
  EXPECT_EQ(p.at("e"), "5  ");
  EXPECT_EQ(p.at("f"), "6");
  EXPECT_EQ(p.at("g"), "= 7");
  EXPECT_EQ(p.at("h"), "");
  EXPECT_EQ(p.at("i"), "");
  EXPECT_EQ(p.at("j"), "=8");
  EXPECT_EQ(p.at("url"), "http://host:9092/x");
  EXPECT_EQ(p.size(), 11u);
}

TEST(PropertiesFile, CommentsAndBlankLines) {
  const auto p = read(
      "# a comment\n"
      "! another\n"
      "   # indented comment\n"
      "\n"
      "   \t \n"
      "k=v # not a comment inside a value\n"
      "# comment ending in a backslash does not continue \\\n"
      "m=n\n");
  EXPECT_EQ(p.size(), 2u);
  EXPECT_EQ(p.at("k"), "v # not a comment inside a value");
  EXPECT_EQ(p.at("m"), "n");
}

TEST(PropertiesFile, ContinuationLines) {
  const auto p = read(
      "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\\n"
      "    username=\"u\" \\\n"
      "    password=\"p\";\n"
      "even=ends with two backslashes \\\\\n"
      "next=line\n"
      "k\\\n"
      "  ey=value\n"
      "# after a continued line\n"
      "crlf=yes\r\n"
      "cont=a\\\r\n"
      "  b\r\n");
  EXPECT_EQ(p.at("sasl.jaas.config"),
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";");
  EXPECT_EQ(p.at("even"), "ends with two backslashes \\");
  EXPECT_EQ(p.at("next"), "line");
  EXPECT_EQ(p.at("key"), "value");
  EXPECT_EQ(p.at("crlf"), "yes");
  EXPECT_EQ(p.at("cont"), "ab");
}

TEST(PropertiesFile, Escapes) {
  const auto p = read(
      "tab=a\\tb\n"
      "nl=a\\nb\n"
      "cr=a\\rb\n"
      "ff=a\\fb\n"
      "slash=C:\\\\dir\\\\file\n"
      "plain=\\q\\#\n"                         // any other escaped character is itself
      "key\\ with\\ blanks=1\n"
      "key\\=eq\\:colon=2\n"
      "unicode=\\u00e9\\u20AC\n"               // é €, as UTF-8
      "pair=\\ud83d\\ude00\n"                 // one code point from a surrogate pair
      "raw=caf\xc3\xa9\n"                      // UTF-8 bytes are kept as written
      "\\#notcomment=3\n");
  EXPECT_EQ(p.at("tab"), "a\tb");
  EXPECT_EQ(p.at("nl"), "a\nb");
  EXPECT_EQ(p.at("cr"), "a\rb");
  EXPECT_EQ(p.at("ff"), "a\fb");
  EXPECT_EQ(p.at("slash"), "C:\\dir\\file");
  EXPECT_EQ(p.at("plain"), "q#");
  EXPECT_EQ(p.at("key with blanks"), "1");
  EXPECT_EQ(p.at("key=eq:colon"), "2");
  EXPECT_EQ(p.at("unicode"), "\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(p.at("pair"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(p.at("raw"), "caf\xc3\xa9");
  EXPECT_EQ(p.at("#notcomment"), "3");
}

TEST(PropertiesFile, LaterLinesWinAndEarlierEntriesStay) {
  properties out{{"bootstrap.servers", "from-before"}, {"kept", "yes"}};
  std::string error;
  ASSERT_TRUE(read_properties_file(write("w.properties", "a=1\na=2\nbootstrap.servers=h:1\n"), out, error)) << error;
  EXPECT_EQ(out.at("a"), "2");
  EXPECT_EQ(out.at("bootstrap.servers"), "h:1");
  EXPECT_EQ(out.at("kept"), "yes");
}

TEST(PropertiesFile, AnEmptyFileIsNoProperties) {
  EXPECT_TRUE(read("").empty());
  EXPECT_TRUE(read("# only a comment").empty());
}

TEST(PropertiesFile, AMissingFileIsNamed) {
  properties out{{"x", "y"}};
  std::string error;
  EXPECT_FALSE(read_properties_file("/nonexistent/dir/client.properties", out, error));
  EXPECT_NE(error.find("/nonexistent/dir/client.properties"), std::string::npos) << error;
  EXPECT_NE(error.find("cannot be read"), std::string::npos) << error;
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
  EXPECT_EQ(out, (properties{{"x", "y"}}));
}

TEST(PropertiesFile, AMalformedUnicodeEscapeNamesTheLineAndChangesNothing) {
  properties out;
  std::string error;
  const auto path = write("bad.properties", "a=1\n# c\nb=\\u12G4\nc=3\n");
  EXPECT_FALSE(read_properties_file(path, out, error));
  EXPECT_EQ(error, path + ":3: malformed \\uXXXX escape");
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(read_properties_file(write("short.properties", "x=\\u12\n"), out, error));
  EXPECT_NE(error.find(":1: malformed"), std::string::npos) << error;
}

}  // namespace
}  // namespace kwire::cli
