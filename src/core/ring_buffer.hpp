#pragma once
// The input ring buffer of one thread: one row per pending time step, one column per input channel of
// every node the thread owns. Slot `step % slots` holds what arrives during that step; a population
// reads its columns of the row during the step and clears them. Sized min_delay + max_delay rows.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace nestor::detail {

class ring_buffer {
 public:
  /// Re-sizes to `slots` rows of `width` columns, keeping what is pending for steps >= now.
  void resize(std::int64_t slots, std::size_t width, std::int64_t now) {
    if (slots == slots_ && width == width_) return;
    std::vector<double> next(static_cast<std::size_t>(slots) * width, 0.0);
    const std::size_t keep = std::min(width, width_);
    for (std::int64_t k = 0; k < std::min(slots, slots_); ++k) {
      const std::int64_t step = now + k;
      const double* from = data_.data() + static_cast<std::size_t>(step % slots_) * width_;
      std::copy(from, from + keep, next.data() + static_cast<std::size_t>(step % slots) * width);
    }
    data_.swap(next);
    slots_ = slots;
    width_ = width;
  }
  void clear() { std::fill(data_.begin(), data_.end(), 0.0); }
  double* row(std::int64_t step) { return data_.data() + static_cast<std::size_t>(step % slots_) * width_; }
  std::int64_t slots() const { return slots_; }
  std::size_t width() const { return width_; }

 private:
  std::vector<double> data_;
  std::int64_t slots_ = 0;
  std::size_t width_ = 0;
};

}  // namespace nestor::detail
