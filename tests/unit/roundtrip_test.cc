// Every declared message at every version kwire implements: filled with non-default values in
// every field present, it encodes, sizes, decodes back equal and re-encodes to the same bytes;
// every truncation of those bytes fails cleanly with a reason.

#include <gtest/gtest.h>

#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages.hpp>
#include "tests/support/fill.hpp"

namespace kwire {
namespace {

using namespace protocol;

template <message_type M>
void round_trip_all_versions(int& checked) {
  const auto range = info(M::api).supported;
  for (auto v = range.lo; v <= range.hi; ++v) {
    SCOPED_TRACE(std::string(M::schema_name) + " v" + std::to_string(v));
    M original{};
    test::fill_value(original, v, v);
    bytes wire;
    const auto enc = encode(original, v, wire);
    ASSERT_TRUE(enc) << enc.detail;
    EXPECT_EQ(encoded_size(original, v), wire.size());

    const bytes exact(wire.begin(), wire.end());  // exact-size heap copy for the sanitizers
    M decoded{};
    const auto dec = decode(exact, v, decoded);
    ASSERT_TRUE(dec) << dec.detail;
    EXPECT_TRUE(decoded == original);
    bytes again;
    ASSERT_TRUE(encode(decoded, v, again));
    EXPECT_EQ(again, wire);

    for (std::size_t cut = 0; cut < wire.size(); ++cut) {
      const bytes prefix(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(cut));
      M partial{};
      const auto r = decode(prefix, v, partial);
      EXPECT_FALSE(r) << "a cut at " << cut << " of " << wire.size() << " bytes decoded";
      EXPECT_FALSE(r.detail.empty());
    }
    ++checked;
  }
}

TEST(roundtrip, every_message_every_version) {
  int checked = 0;
  std::apply(
      [&](auto... pair) {
        (round_trip_all_versions<typename decltype(pair)::request>(checked), ...);
        (round_trip_all_versions<typename decltype(pair)::response>(checked), ...);
      },
      all_messages{});
  std::printf("%d message versions round-tripped\n", checked);
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace kwire
