#pragma once
// The stimulation devices of the foundation: dc_generator, poisson_generator and spike_generator.
// Each emits events during update; the kernel delivers them through the device's connections.
//
// Activity windows follow NEST 3.9 (nestkernel/stimulation_device.cpp and the models' update()):
// spike generators are active in steps whose start T satisfies origin+start < T <= origin+stop;
// a spike_generator's spike at time t (relative to origin) is emitted in the step ending at origin+t if
// origin+start < origin+t <= origin+stop;
// current generators look ahead (see current_lookahead in generators.cpp).

#include <cstdint>
#include <vector>

#include "models/devices/device_base.hpp"

namespace nestor::detail {

class dc_generator final : public device_base {
 public:
  dc_generator(std::uint32_t first, std::size_t n, double dt);
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  std::optional<port> current_port(int) const override { return std::nullopt; }
  enum : int { AMPLITUDE = N_WINDOW };
};

/// poisson_generator, and with `precise` poisson_generator_ps: each spike at its own time within the
/// step (a precise spike for targets with precise ports), with an optional dead time (then every
/// connection is a renewal train with its own state: event_mode::train, train_step).
class poisson_generator final : public device_base {
 public:
  poisson_generator(std::uint32_t first, std::size_t n, double dt, bool precise = false);
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  /// The seed of node i's stream: rng_seed if given (>= 0), else the simulator's seed.
  std::uint64_t stream_seed(std::size_t i, std::uint64_t sim_seed) const override;
  void train_step(std::size_t i, const spike_event& e, const train_id& id, train_state& st,
                  train_sink& out) const override;
  enum : int { RATE = N_WINDOW, RNG_SEED, DEAD_TIME };
  double dead_time(std::size_t i) const { return precise_ ? param(i, DEAD_TIME) : 0.0; }

 protected:
  void validate(const std::vector<double>& row) const override;

 private:
  bool precise_;
};

class spike_generator final : public device_base {
 public:
  spike_generator(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void reset() override;
  enum : int { ALLOW_OFFGRID = N_WINDOW, PRECISE_TIMES };

 protected:
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  void rebuild_stamps(std::size_t i);
  std::vector<std::vector<double>> times_;    // as given, ms
  std::vector<std::vector<double>> weights_;  // empty: weight 1
  std::vector<std::vector<std::int64_t>> stamps_;
  std::vector<std::vector<double>> offsets_;  // precise_times: ms before the end of the stamp's step
  std::vector<std::size_t> pos_;
};

}  // namespace nestor::detail
