#include "connect/connection_store.hpp"

#include <gtest/gtest.h>

using namespace nestor::detail;

TEST(ConnectionStore, RowsBySourceSortedByTargetKeepingCreationOrder) {
  connection_store cs;
  cs.add(2, {1.0, 30, 5, 0, 0});
  cs.add(1, {2.0, 10, 3, 0, 0});
  cs.add(2, {3.0, 10, 7, 0, 0});
  cs.add(2, {4.0, 30, 2, 0, 0});
  cs.build(4);
  EXPECT_EQ(cs.row(0).size(), 0u);
  ASSERT_EQ(cs.row(1).size(), 1u);
  const auto r = cs.row(2);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].weight, 3.0);  // target 10
  EXPECT_EQ(r[1].weight, 1.0);  // target 30, created first
  EXPECT_EQ(r[2].weight, 4.0);
  EXPECT_EQ(cs.min_delay(), 2);
  EXPECT_EQ(cs.max_delay(), 7);
  EXPECT_EQ(cs.row(3).size(), 0u);
  EXPECT_EQ(cs.row(99).size(), 0u);
}

TEST(ConnectionStore, LaterConnectionsMergeIntoBuiltRows) {
  connection_store cs;
  cs.add(1, {1.0, 5, 4, 0, 0});
  cs.build(3);
  cs.add(1, {2.0, 5, 1, 0, 0});
  cs.add(2, {3.0, 1, 9, 0, 0});
  EXPECT_TRUE(cs.dirty());
  EXPECT_EQ(cs.size(), 3u);
  cs.build(3);
  ASSERT_EQ(cs.row(1).size(), 2u);
  EXPECT_EQ(cs.row(1)[0].weight, 1.0);
  EXPECT_EQ(cs.row(1)[1].weight, 2.0);
  EXPECT_EQ(cs.min_delay(), 1);
  EXPECT_EQ(cs.max_delay(), 9);
}
