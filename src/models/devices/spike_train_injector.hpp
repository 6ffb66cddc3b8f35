#pragma once
// spike_train_injector (NEST 3.9 models/spike_train_injector.{h,cpp}): emits prescribed spikes as its
// own, like a neuron that fires at given times: every target receives the same spikes (weight times
// multiplicity) through its connections with their delays, a spike_recorder can record it, and its
// nodes are updated by the threads that own them. What differs from spike_generator (NEST's as ours):
// - spike_multiplicities (integers, one per spike time or none) instead of spike_weights;
// - shift_now_spikes: a spike time that falls (after rounding) on the current time is moved one step
//   into the future instead of being dropped; a spike time 0 is refused unless shift_now_spikes;
// - precise_times cannot be combined with allow_offgrid_times or shift_now_spikes, and the three options
//   can only change together with spike_times or while there are none;
// - a spike time is on the grid if it is within half a tic (0.5 us) of it (NEST's Time::ms); with
//   allow_offgrid_times or precise_times others go to the end of the step that holds them.
// GetStatus shows the spike times as used (on the grid, or the precise times). Timing as NEST: a spike
// with stamp s (origin + time) is sent in step s - 1 if origin + start < s <= origin + stop; spikes that
// lie before the current slice are skipped.
// Difference: negative multiplicities are refused (NEST accepts them without a meaning).

#include <cstdint>
#include <vector>

#include "models/devices/device_base.hpp"

namespace nestor::detail {

class spike_train_injector final : public device_base {
 public:
  spike_train_injector(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void prepare(const run_info& run) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void reset() override;
  enum : int { PRECISE_TIMES = N_WINDOW, ALLOW_OFFGRID, SHIFT_NOW };

 protected:
  void validate(const std::vector<double>& row) const override;
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  struct train {
    std::vector<std::int64_t> stamps;  // relative to origin, steps
    std::vector<double> offsets;       // precise_times: ms before the end of the stamp's step
    std::vector<std::uint32_t> mult;   // empty: 1 each
  };
  std::vector<train> trains_;
  std::vector<std::size_t> pos_;
  std::int64_t now_ = 0;  // the kernel's time (steps) after the last run
};

}  // namespace nestor::detail
