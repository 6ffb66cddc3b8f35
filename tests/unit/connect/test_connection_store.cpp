#include "connect/connection_store.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <utility>
#include <vector>

using namespace nestor::detail;

namespace {
// Announces and builds the given (source, synapse) list in one round, as the kernel does.
void add_all(connection_store& cs, std::size_t n_ids, const std::vector<std::pair<std::uint32_t, synapse>>& syns) {
  std::vector<std::uint32_t> counts(n_ids, 0);
  std::vector<row_shape> shapes(n_ids);
  for (const auto& [s, syn] : syns) {
    ++counts[s];
    shapes[s].add(syn, true);
  }
  cs.announce(counts, shapes);
  cs.begin_build(n_ids);
  for (const auto& [s, syn] : syns) cs.place(s, syn);
  cs.finish_build();
}
}  // namespace

TEST(ConnectionStore, RowsBySourceSortedByTargetKeepingCreationOrder) {
  connection_store cs;
  add_all(cs, 4,
          {{2, {1.0, 30, 5, 0, 0}}, {1, {2.0, 10, 3, 0, 0}}, {2, {3.0, 10, 7, 0, 0}}, {2, {4.0, 30, 2, 0, 0}}});
  EXPECT_EQ(cs.row(0).size(), 0u);
  ASSERT_EQ(cs.row(1).size(), 1u);
  const auto r = cs.row(2);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_FALSE(r.compact());
  EXPECT_EQ(r[0].weight, 3.0);  // target 10
  EXPECT_EQ(r[1].weight, 1.0);  // target 30, created first
  EXPECT_EQ(r[2].weight, 4.0);
  EXPECT_EQ(cs.min_delay(), 2);
  EXPECT_EQ(cs.max_delay(), 7);
  EXPECT_EQ(cs.row(3).size(), 0u);
  EXPECT_EQ(cs.row(99).size(), 0u);
}

TEST(ConnectionStore, RowsOfOneShapeAreCompact) {
  connection_store cs;
  add_all(cs, 3, {{1, {2.5, 9, 4, 1, 0}}, {1, {2.5, 3, 4, 1, 0}}, {2, {2.5, 3, 4, 1, 0}}, {2, {2.5, 5, 6, 1, 0}}});
  const auto r = cs.row(1);
  ASSERT_TRUE(r.compact());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].target, 3u);
  EXPECT_EQ(r[1].target, 9u);
  EXPECT_EQ(r[1].weight, 2.5);
  EXPECT_EQ(r[1].delay, 4);
  EXPECT_FALSE(cs.row(2).compact());  // delays differ
  EXPECT_EQ(cs.max_delay(), 6);
  EXPECT_EQ(cs.min_delay(), 4);
}

TEST(ConnectionStore, LaterConnectionsMergeIntoBuiltRows) {
  connection_store cs;
  add_all(cs, 3, {{1, {1.0, 5, 4, 0, 0}}});
  ASSERT_TRUE(cs.row(1).compact());
  const auto v = cs.version();
  add_all(cs, 3, {{1, {2.0, 5, 1, 0, 0}}, {2, {3.0, 1, 9, 0, 0}}});
  EXPECT_NE(cs.version(), v);
  EXPECT_EQ(cs.size(), 3u);
  ASSERT_EQ(cs.row(1).size(), 2u);
  EXPECT_FALSE(cs.row(1).compact());  // the compact row became general
  EXPECT_EQ(cs.row(1)[0].weight, 1.0);
  EXPECT_EQ(cs.row(1)[1].weight, 2.0);
  EXPECT_EQ(cs.min_delay(), 1);
  EXPECT_EQ(cs.max_delay(), 9);
  add_all(cs, 4, {{2, {3.0, 0, 9, 0, 0}}});  // same shape as row 2: stays compact
  EXPECT_TRUE(cs.row(2).compact());
  EXPECT_EQ(cs.row(2)[0].target, 0u);
  EXPECT_EQ(cs.row(2)[1].target, 1u);
}

TEST(ConnectionStore, PlacingOtherThanAnnouncedIsAnError) {
  connection_store fewer;
  fewer.announce({0, 1}, std::vector<row_shape>(2));
  fewer.begin_build(2);
  EXPECT_THROW(fewer.finish_build(), std::logic_error);
  connection_store more;
  more.announce({0, 1}, std::vector<row_shape>(2));
  more.begin_build(2);
  more.place(1, {1.0, 0, 1, 0, 0});
  EXPECT_THROW(more.place(1, {1.0, 0, 1, 0, 0}), std::logic_error);
}

TEST(ConnectionStore, SetAndGetByPositionThroughCompactRows) {
  connection_store cs;
  add_all(cs, 3, {{1, {1.0, 5, 4, 0, 0}}, {1, {1.0, 7, 4, 0, 0}}, {2, {1.0, 2, 4, 0, 0}}});
  EXPECT_EQ(cs.get(1).target, 7u);
  EXPECT_EQ(cs.get(2).target, 2u);
  cs.set(1, {1.0, 8, 4, 0, 0});  // same shape: stays compact
  EXPECT_TRUE(cs.row(1).compact());
  EXPECT_EQ(cs.get(1).target, 8u);
  cs.set(0, {9.0, 5, 4, 0, 0});  // another weight: the store becomes general
  EXPECT_FALSE(cs.row(1).compact());
  EXPECT_EQ(cs.get(0).weight, 9.0);
  EXPECT_EQ(cs.get(1).weight, 1.0);
  EXPECT_EQ(cs.get(2).target, 2u);
  EXPECT_THROW(cs.get(3), std::out_of_range);
}

TEST(ConnectionStore, EraseRemovesExactlyThePositions) {
  connection_store cs;
  add_all(cs, 3, {{1, {1.0, 5, 4, 0, 0}}, {1, {2.0, 6, 1, 0, 0}}, {2, {3.0, 1, 9, 0, 0}}});
  cs.erase({1, 2});
  EXPECT_EQ(cs.size(), 1u);
  ASSERT_EQ(cs.row(1).size(), 1u);
  EXPECT_EQ(cs.row(1)[0].weight, 1.0);
  EXPECT_EQ(cs.row(2).size(), 0u);
  EXPECT_EQ(cs.max_delay(), 4);
  EXPECT_EQ(cs.get(0).weight, 1.0);
}
