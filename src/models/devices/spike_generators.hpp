#pragma once
// Spike generators of NEST 3.9 that keep no state per target (models/<name>.{h,cpp} there):
//
// - sinusoidal_poisson_generator: Poisson trains of rate max(0, rate + amplitude sin(2 pi f t + phase)),
//   the sinusoid advanced by an exact rotation of (y0, y1) = amplitude (cos, sin)(om t + phi) once per
//   step and restarted from the kernel's time at the start of each simulate() call (NEST's
//   pre_run_hook). Step s (emission stamped at its end) uses the value after s - begin + 1 rotations,
//   i.e. the sinusoid at the end of the step. individual_spike_trains: an independent train per target
//   (event_mode::poisson) or one train for all (the generator draws the count, a plain event); as NEST,
//   it can only be chosen when the generator is made (NEST: SetDefaults/CopyModel only).
// - inhomogeneous_poisson_generator: piecewise-constant rate; rate_values[k] holds from absolute time
//   rate_times[k] on (the spikes stamped at or after it); independent trains per target.
// - pulsepacket_generator: `activity` spikes per pulse, normally distributed around each pulse time
//   with deviation `sdev`, drawn a tolerance of 10 sdev ahead; the same spikes to every target.
// - mip_generator: one mother Poisson train (rate); each target receives each mother spike
//   independently with probability p_copy (event_mode::binomial in kernel::deliver). As in NEST, the
//   activity window is checked at the first step of each min_delay slice.
// - spike_dilutor: relays the spikes it receives (weights ignored, re-emitted in the step they arrive),
//   each to each target with probability p_copy. The window is checked at the start of each min_delay
//   slice, as NEST does. Differences: NEST 3.9 refuses spike_dilutor with more than one thread (it is
//   deprecated there); here its output does not depend on threads, so it is allowed. Inputs that arrive
//   while it is inactive are dropped (NEST leaves them in its ring buffer, unread).
//
// Random numbers: philox streams keyed by (seed, generator id, rng_purpose::neuron) with the step (or
// the pulse) as counter, so trains do not depend on the number of threads.

#include <cstdint>
#include <deque>
#include <vector>

#include "models/devices/device_base.hpp"

namespace nestor::detail {

class sinusoidal_poisson_generator final : public device_base {
 public:
  sinusoidal_poisson_generator(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void prepare(const run_info& run) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  enum : int { RATE = N_WINDOW, AMPLITUDE, FREQUENCY, PHASE, INDIVIDUAL };

 private:
  struct osc {
    double y0 = 0, y1 = 0, c = 1, s = 0;
  };
  std::vector<osc> osc_;
  std::vector<bool> made_;  // node i has been created (its first set() is done)
};

class inhomogeneous_poisson_generator final : public device_base {
 public:
  inhomogeneous_poisson_generator(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void prepare(const run_info& run) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void reset() override;
  enum : int { ALLOW_OFFGRID = N_WINDOW };

 protected:
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  std::vector<std::vector<std::int64_t>> times_;  // rate times as steps (absolute)
  std::vector<std::vector<double>> values_;       // Hz
  std::vector<std::size_t> idx_;
  std::vector<double> rate_;  // the current rate, spikes per ms
  std::int64_t now_ = 0;      // the kernel's time after the last run (steps)
};

class pulsepacket_generator final : public device_base {
 public:
  pulsepacket_generator(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void prepare(const run_info& run) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void reset() override;
  enum : int { ACTIVITY = N_WINDOW, SDEV };

 protected:
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  double tolerance(std::size_t i) const;
  std::vector<std::vector<double>> pulses_;        // sorted, ms (absolute)
  std::vector<std::deque<std::int64_t>> pending_;  // drawn spike steps, sorted
  std::vector<std::size_t> start_, stop_;
};

class mip_generator final : public device_base {
 public:
  mip_generator(std::uint32_t first, std::size_t n, double dt);
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  enum : int { RATE = N_WINDOW, P_COPY };

 protected:
  void validate(const std::vector<double>& row) const override;
};

class spike_dilutor final : public device_base {
 public:
  spike_dilutor(std::uint32_t first, std::size_t n, double dt);
  int channels_per_node() const override { return 1; }
  std::optional<port> spike_port(int receptor) const override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  enum : int { P_COPY = N_WINDOW };

 protected:
  void validate(const std::vector<double>& row) const override;
};

}  // namespace nestor::detail
