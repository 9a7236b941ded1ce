// kwire::uuid spelled as Java's Uuid.toString() spells it, and read back.

#include <gtest/gtest.h>

#include <kwire/uuid.hpp>

namespace {

TEST(Uuid, SpelledAsJavaSpellsIt) {
  kwire::uuid zero;
  EXPECT_EQ(kwire::to_string(zero), "AAAAAAAAAAAAAAAAAAAAAA");  // Uuid.ZERO_UUID
  kwire::uuid one;
  one.bytes[15] = 1;
  EXPECT_EQ(kwire::to_string(one), "AAAAAAAAAAAAAAAAAAAAAQ");  // Uuid.METADATA_TOPIC_ID = Uuid(0, 1)
  kwire::uuid all;
  all.bytes.fill(0xff);
  EXPECT_EQ(kwire::to_string(all), "_____________________w");
}

TEST(Uuid, ReadBackWhatWasWritten) {
  kwire::uuid id;
  for (int i = 0; i < 16; ++i) id.bytes[i] = static_cast<std::uint8_t>(i * 17 + 3);
  const auto text = kwire::to_string(id);
  ASSERT_EQ(text.size(), 22u);
  const auto back = kwire::parse_uuid(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, id);
}

TEST(Uuid, RefusesWhatIsNotAUuid) {
  EXPECT_FALSE(kwire::parse_uuid(""));
  EXPECT_FALSE(kwire::parse_uuid("AAAAAAAAAAAAAAAAAAAAA"));    // 21 characters
  EXPECT_FALSE(kwire::parse_uuid("AAAAAAAAAAAAAAAAAAAAAAA"));  // 23
  EXPECT_FALSE(kwire::parse_uuid("AAAAAAAAAAAAAAAAAAAAA+"));   // standard base64, not URL-safe
  EXPECT_FALSE(kwire::parse_uuid("AAAAAAAAAAAAAAAAAAAAAB"));   // bits beyond the 128th set
}

}  // namespace
