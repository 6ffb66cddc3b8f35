#pragma once
// Current generators of NEST 3.9 beyond dc_generator (generators.hpp): step_current_generator,
// ac_generator and noise_generator (NEST models/<name>.{h,cpp}).
//
// Timing (nestkernel/stimulation_device.cpp): a current generator is active in the step starting at
// stamp T when origin+start < T+2 <= origin+stop (the two-step look-ahead, current_lookahead). The
// current it sends in step T reaches a target connected with delay d in step T+d. The recordable I is
// the current sent in a step (0 when inactive), sampled at the end of the step, as NEST's loggers do.
//
// step_current_generator: amplitude_times are absolute times (not relative to origin); the amplitude
//   of time t_k (stamp s_k) is taken up in the step s_k - 1, so a target connected with delay d sees it
//   from stamp s_k - 1 + d. At the start of each update, changes at or before its first stamp are
//   skipped (NEST sends proactively; new times set mid-run that are already due are dropped).
// ac_generator: offset + amplitude * sin(omega t + phase), propagated by an exact rotation of
//   (y_0, y_1) every step (active or not), restarted at each simulate() from the current time.
// noise_generator: every interval of dt ms (from the first active step) each connection gets its own
//   amplitude mean + sqrt(std^2 + y_1 std_mod^2) N(0, 1), y_1 = sin(omega t + phase) rotated only in
//   active steps when std_mod != 0. The per-connection draws are done by the kernel (event_mode::gaussian,
//   kernel.cpp deliver) from a counter-based stream keyed by (generator, target, rank, interval index).
//   NEST starts a new interval when the number of targets changed between runs; nestor does not.
// step_rate_generator: step_current_generator's steps, timing and checks (NEST's
//   DELAYED_RATE_CONNECTION_GENERATOR has the same two-step look-ahead), sending its amplitude as a rate
//   (event_mode::rate, NEST's DelayedRateConnectionEvent) to rate neurons; recordable `rate`. It sends in
//   its active steps only; NEST also sends zeros for the inactive steps of a min_delay slice holding an
//   active step, which only a target with linear_summation = false and input(0) != 0 could notice.

#include <cstdint>
#include <vector>

#include "models/devices/device_base.hpp"

namespace nestor::detail {

class step_current_generator final : public device_base {
 public:
  /// rate = true: NEST's step_rate_generator (the same steps, sending rates to rate neurons).
  step_current_generator(std::uint32_t first, std::size_t n, double dt, bool rate = false);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void reset() override;
  bool emits_rates() const override { return rate_; }
  int recordable_index(std::string_view name) const override {
    return name == (rate_ ? "rate" : "I") ? 0 : -1;
  }
  double recordable(int, std::size_t i) const override { return I_[i]; }
  enum : int { ALLOW_OFFGRID = N_WINDOW };

 protected:
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  std::vector<double> check_times(std::size_t i, const std::vector<double>& t) const;
  bool rate_;
  unit value_unit_;
  std::vector<std::vector<double>> times_, values_;  // times as stored (on the grid), ms; values pA
  std::vector<std::size_t> idx_;                     // next change
  std::vector<double> amp_, I_;                      // current amplitude; the last step's sent current
  // set_extra's staging for set(): what this call changes
  bool times_given_ = false, values_given_ = false;
  std::vector<double> new_times_;
};

class ac_generator final : public device_base {
 public:
  ac_generator(std::uint32_t first, std::size_t n, double dt);
  void prepare(const run_info& run) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  int recordable_index(std::string_view name) const override { return name == "I" ? 0 : -1; }
  double recordable(int, std::size_t i) const override { return I_[i]; }
  enum : int { AMPLITUDE = N_WINDOW, OFFSET, FREQUENCY, PHASE };

 protected:
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  struct osc {
    double y0 = 0, y1 = 0, a00 = 1, a01 = 0, a10 = 0, a11 = 1;
  };
  std::vector<osc> s_;
  std::vector<double> I_;
};

class noise_generator final : public device_base {
 public:
  noise_generator(std::uint32_t first, std::size_t n, double dt);
  void prepare(const run_info& run) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void reset() override;
  enum : int { MEAN = N_WINDOW, STD, DT, STD_MOD, FREQUENCY, PHASE };

 protected:
  void validate(const std::vector<double>& row) const override;
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  struct node_state {
    double y0 = 0, y1 = 0, a00 = 1, a01 = 0, a10 = 0, a11 = 1;
    std::int64_t dt_steps = 1, next_step = 0;
    std::uint32_t interval = 0;  // index of the current noise interval (counts from 1)
    double mean = 0, sd = 0;     // of the current interval
  };
  std::vector<node_state> s_;
};

}  // namespace nestor::detail
