#pragma once
// The precise input queue of one thread: spikes that arrive with their offset inside the step (NEST's
// precise spike timing), for input channels whose port asks for it (port_flags::precise). One list
// per pending step, as the ring buffer has one row per pending step. Before a step is read, its list
// is ordered by (column, arrival time within the step); a node then reads its events as one range.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace nestor::detail {

/// One spike into a node's precise channel: `offset` ms before the end of the step it arrives in.
struct precise_input {
  std::uint32_t column;  ///< the input column, as in the ring buffer
  double offset;         ///< in [0, dt) for spikes from precise sources, 0 for grid sources
  double weight;         ///< weight x multiplicity
};

class precise_queue {
 public:
  /// Re-sizes to `slots` pending steps, keeping what is pending for steps >= now.
  void resize(std::int64_t slots, std::int64_t now) {
    const auto old = std::int64_t(lists_.size());
    if (old == slots) return;
    std::vector<std::vector<precise_input>> next(static_cast<std::size_t>(slots));
    for (std::int64_t k = 0; k < std::min(old, slots); ++k)
      next[std::size_t((now + k) % slots)].swap(lists_[std::size_t((now + k) % old)]);
    lists_.swap(next);
  }
  void clear() {
    for (auto& l : lists_) l.clear();
  }
  void push(std::int64_t step, const precise_input& in) { lists_[slot(step)].push_back(in); }
  /// Orders the list of `step`: by column, then earliest first (largest offset), then arrival order.
  void order(std::int64_t step) {
    auto& l = lists_[slot(step)];
    std::stable_sort(l.begin(), l.end(), [](const precise_input& a, const precise_input& b) {
      return a.column != b.column ? a.column < b.column : a.offset > b.offset;
    });
  }
  const std::vector<precise_input>& at(std::int64_t step) const { return lists_[slot(step)]; }
  void done(std::int64_t step) { lists_[slot(step)].clear(); }

 private:
  std::size_t slot(std::int64_t step) const { return std::size_t(step % std::int64_t(lists_.size())); }
  std::vector<std::vector<precise_input>> lists_;
};

}  // namespace nestor::detail
