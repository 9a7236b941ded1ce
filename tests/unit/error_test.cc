// <kwire/error.hpp> and <kwire/result.hpp>: what a user catches and checks.

#include <kwire/error.hpp>
#include <kwire/result.hpp>

#include <gtest/gtest.h>

namespace kwire {
namespace {

TEST(Error, IsASystemErrorWhoseWhatIsTheDetail) {
  try {
    throw error(make_error_code(broker_errc::offset_out_of_range), "Fetch t-0 at offset 7: OFFSET_OUT_OF_RANGE");
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), broker_errc::offset_out_of_range);
    EXPECT_STREQ(e.what(), "Fetch t-0 at offset 7: OFFSET_OUT_OF_RANGE");
    const auto* k = dynamic_cast<const error*>(&e);
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->detail(), "Fetch t-0 at offset 7: OFFSET_OUT_OF_RANGE");
    EXPECT_EQ(k->info().ec, broker_errc::offset_out_of_range);
  }
}

TEST(Error, WithoutADetailWhatIsTheCodesMessage) {
  const error e(make_error_code(client_errc::timed_out), "");
  EXPECT_EQ(std::string(e.what()), make_error_code(client_errc::timed_out).message());
  EXPECT_TRUE(e.detail().empty());
}

TEST(Result, HoldsAValueOrAnErrorThatGetThrows) {
  result<int> ok{{}, 42};
  EXPECT_TRUE(ok);
  EXPECT_EQ(ok.get(), 42);
  result<int> bad{{make_error_code(client_errc::invalid_config), "linger.ms: expected a number"}, 0};
  EXPECT_FALSE(bad);
  EXPECT_TRUE(bad.error.failed());
  try {
    bad.get();
    FAIL() << "get() did not throw";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), client_errc::invalid_config);
    EXPECT_STREQ(e.what(), "linger.ms: expected a number");
  }
}

}  // namespace
}  // namespace kwire
