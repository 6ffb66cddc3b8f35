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
  for (const auto& [s, syn] : syns) ++counts[s];
  cs.announce(counts);
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
  add_all(cs, 3, {{1, {1.0, 5, 4, 0, 0}}});
  const auto v = cs.version();
  add_all(cs, 3, {{1, {2.0, 5, 1, 0, 0}}, {2, {3.0, 1, 9, 0, 0}}});
  EXPECT_NE(cs.version(), v);
  EXPECT_EQ(cs.size(), 3u);
  ASSERT_EQ(cs.row(1).size(), 2u);
  EXPECT_EQ(cs.row(1)[0].weight, 1.0);
  EXPECT_EQ(cs.row(1)[1].weight, 2.0);
  EXPECT_EQ(cs.min_delay(), 1);
  EXPECT_EQ(cs.max_delay(), 9);
}

TEST(ConnectionStore, PlacingOtherThanAnnouncedIsAnError) {
  connection_store fewer;
  fewer.announce({0, 1});
  fewer.begin_build(2);
  EXPECT_THROW(fewer.finish_build(), std::logic_error);
  connection_store more;
  more.announce({0, 1});
  more.begin_build(2);
  more.place(1, {1.0, 0, 1, 0, 0});
  EXPECT_THROW(more.place(1, {1.0, 0, 1, 0, 0}), std::logic_error);
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
}
