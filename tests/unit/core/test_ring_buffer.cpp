#include "core/ring_buffer.hpp"

#include <gtest/gtest.h>

using nestor::detail::ring_buffer;

TEST(RingBuffer, RowsWrapAroundBySlot) {
  ring_buffer rb;
  rb.resize(4, 3, 0);
  rb.row(1)[2] = 5.0;
  EXPECT_EQ(rb.row(5)[2], 5.0);  // step 5 shares slot 1
  EXPECT_EQ(rb.row(2)[2], 0.0);
}

TEST(RingBuffer, ResizeKeepsWhatIsPendingFromNowOn) {
  ring_buffer rb;
  rb.resize(3, 2, 0);
  const std::int64_t now = 7;
  rb.row(now)[0] = 1.0;
  rb.row(now + 1)[1] = 2.0;
  rb.row(now + 2)[0] = 3.0;
  rb.resize(5, 4, now);  // more slots and wider rows (new populations)
  EXPECT_EQ(rb.row(now)[0], 1.0);
  EXPECT_EQ(rb.row(now + 1)[1], 2.0);
  EXPECT_EQ(rb.row(now + 2)[0], 3.0);
  EXPECT_EQ(rb.row(now + 3)[0], 0.0);
  EXPECT_EQ(rb.row(now)[3], 0.0);
}
