// client/deserializer.hpp: null, empty and text values; a JSON function's result or its throw.

#include <kwire/consumer/deserializer.hpp>

#include <gtest/gtest.h>

#include <span>
#include <stdexcept>

namespace kwire::client {
namespace {

// A view of the text's bytes, as a consumed record's value() is a view of the fetched bytes.
std::optional<bytes_view> value(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

TEST(Deserializer, TextAndStrings) {
  EXPECT_EQ(as_text(std::optional<bytes_view>()), "");
  EXPECT_EQ(as_text(value("")), "");
  EXPECT_EQ(as_text(value("héllo")), "héllo");
  EXPECT_EQ(string_deserializer{}(std::nullopt), std::nullopt);
  EXPECT_EQ(string_deserializer{}(value("")), std::optional<std::string>(""));
  EXPECT_EQ(string_deserializer{}(value(std::string_view("a\0b", 3))), std::optional<std::string>(std::string("a\0b", 3)));
}

struct point {
  int x = 0;
  bool operator==(const point&) const = default;
};

TEST(Deserializer, JsonHandsTheTextToTheUsersFunction) {
  json_deserializer parse{[](std::string_view j) {
    if (j.substr(0, 5) != "{\"x\":" || j.back() != '}') throw std::invalid_argument("not a point: " + std::string(j));
    return point{std::stoi(std::string(j.substr(5, j.size() - 6)))};
  }};
  EXPECT_EQ(parse(value(R"({"x":42})")), std::optional<point>(point{42}));
  EXPECT_EQ(parse(std::nullopt), std::nullopt);
  EXPECT_THROW(parse(value("[1]")), std::invalid_argument);
}

}  // namespace
}  // namespace kwire::client
