// `kwire lag`: the arithmetic and both printers.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tools/cli/lag_format.hpp"

using namespace kwire::client;

TEST(lag, per_partition_and_total) {
  struct row {
    std::string name;
    std::vector<partition_offsets> in;
    std::vector<lag_row> rows;
    std::int64_t total;
    std::size_t unknown;
  };
  const std::vector<row> table = {
      {"nothing", {}, {}, 0, 0},
      {"caught up", {{"t", 0, 10, 10}}, {{"t", 0, 10, 10, 0}}, 0, 0},
      {"behind", {{"t", 0, 10, 4}}, {{"t", 0, 10, 4, 6}}, 6, 0},
      {"no commit", {{"t", 0, 10, std::nullopt}}, {{"t", 0, 10, std::nullopt, std::nullopt}}, 0, 1},
      {"OffsetFetch's -1 is no commit", {{"t", 0, 10, -1}}, {{"t", 0, 10, std::nullopt, std::nullopt}}, 0, 1},
      {"unknown end offset", {{"t", 0, std::nullopt, 3}}, {{"t", 0, std::nullopt, 3, std::nullopt}}, 0, 1},
      {"commit past the end", {{"t", 0, 5, 8}}, {{"t", 0, 5, 8, -3}}, -3, 0},
      {"empty partition", {{"t", 0, 0, std::nullopt}}, {{"t", 0, 0, std::nullopt, std::nullopt}}, 0, 1},
      {"sorted, mixed",
       {{"u", 1, 100, 40}, {"t", 2, 7, std::nullopt}, {"t", 10, 50, 50}, {"t", 1, 9, 2}},
       {{"t", 1, 9, 2, 7}, {"t", 2, 7, std::nullopt, std::nullopt}, {"t", 10, 50, 50, 0}, {"u", 1, 100, 40, 60}},
       67,
       1},
      {"large offsets", {{"t", 0, 9000000000000000000, 1}}, {{"t", 0, 9000000000000000000, 1, 8999999999999999999}},
       8999999999999999999, 0},
  };
  for (const auto& t : table) {
    SCOPED_TRACE(t.name);
    const auto r = compute_lag(t.in);
    EXPECT_EQ(r.rows, t.rows);
    EXPECT_EQ(r.total, t.total);
    EXPECT_EQ(r.unknown, t.unknown);
  }
}

TEST(lag, text_table) {
  const auto r = compute_lag({{"orders", 0, 120, 100}, {"orders", 1, 80, std::nullopt}, {"audit-log", 0, 5, 5}});
  EXPECT_EQ(lag_text("billing", r),
            "GROUP billing\n"
            "TOPIC      PARTITION  END-OFFSET  COMMITTED  LAG\n"
            "audit-log  0          5           5          0\n"
            "orders     0          120         100        20\n"
            "orders     1          80          -          -\n"
            "TOTAL                                        20 (1 partitions without a known lag)\n");
  EXPECT_EQ(lag_text("g", compute_lag({{"t", 0, 3, 1}})),
            "GROUP g\n"
            "TOPIC  PARTITION  END-OFFSET  COMMITTED  LAG\n"
            "t      0          3           1          2\n"
            "TOTAL                                    2\n");
}

TEST(lag, json) {
  const auto r = compute_lag({{"orders", 1, 80, std::nullopt}, {"orders", 0, 120, 100}});
  EXPECT_EQ(lag_json("billing", r),
            "{\"group\":\"billing\",\"partitions\":["
            "{\"topic\":\"orders\",\"partition\":0,\"end_offset\":120,\"committed\":100,\"lag\":20},"
            "{\"topic\":\"orders\",\"partition\":1,\"end_offset\":80,\"committed\":null,\"lag\":null}],"
            "\"total_lag\":20,\"unknown_lag_partitions\":1}\n");
  EXPECT_EQ(lag_json("a\"b", compute_lag({})), "{\"group\":\"a\\\"b\",\"partitions\":[],\"total_lag\":0,\"unknown_lag_partitions\":0}\n");
  EXPECT_EQ(lag_json("\xff", compute_lag({})), "{\"group_base64\":\"/w==\",\"partitions\":[],\"total_lag\":0,\"unknown_lag_partitions\":0}\n");
}
