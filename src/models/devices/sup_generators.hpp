#pragma once
// Superpositions of renewal processes with a state per connection (NEST 3.9 models/gamma_sup_generator
// and models/ppd_sup_generator): every connection receives its own superposition of n_proc component
// processes, kept as occupation numbers and advanced once per active step (event_mode::train, the
// kernel keeps the state of each connection; see core/trains.hpp).
//
// - gamma_sup_generator: each component is a gamma process of integer order gamma_shape, i.e. it runs
//   through gamma_shape phases, each left with probability rate * gamma_shape * dt per step; a spike is a
//   transition out of the last phase. A train starts with its n_proc components spread evenly over the
//   phases (floor(n_proc / gamma_shape) each, the rest in the last one), as NEST does.
// - ppd_sup_generator: each component is a Poisson process with dead time: active components spike with
//   the hazard dt / (1/rate - dead_time) * (1 + relative_amplitude sin(2 pi frequency t)) (t: the start
//   of the step), a component that spiked waits int(dead_time / dt) steps before it may spike again (so
//   the shortest interval of one component is that many steps plus one). A train starts with
//   int(rate dt n_proc) components in each dead-time bin.
//
// Per step and component group the number of transitions is Binomial(occupation, p), replaced by a
// Poisson draw (capped at the occupation) where NEST does so (occupation >= 100 and p <= 0.01, or
// occupation >= 500 and p occupation <= 0.1). Draws come from the connection's stream keyed by
// (generator, target, rank, step), so trains do not depend on the number of threads.
// The state of a connection is made when the first simulate() after the connection begins, from the
// parameters of that time, and kept from then on (NEST's pre_run_hook). Difference from NEST: a
// transition probability above 1 (a rate beyond 1 / (gamma_shape dt)) counts as 1 (NEST leaves it
// undefined).

#include <cstdint>
#include <vector>

#include "models/devices/device_base.hpp"

namespace nestor::detail {

class gamma_sup_generator final : public device_base {
 public:
  gamma_sup_generator(std::uint32_t first, std::size_t n, double dt);
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void train_step(std::size_t i, const spike_event& e, const train_id& id, train_state& st,
                  train_sink& out) const override;
  bool starts_trains() const override { return true; }
  void train_start(std::size_t i, const train_id& id, train_state& st, const run_info& run) const override;
  enum : int { RATE = N_WINDOW, GAMMA_SHAPE, N_PROC };

 protected:
  void validate(const std::vector<double>& row) const override;
};

class ppd_sup_generator final : public device_base {
 public:
  ppd_sup_generator(std::uint32_t first, std::size_t n, double dt);
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void train_step(std::size_t i, const spike_event& e, const train_id& id, train_state& st,
                  train_sink& out) const override;
  bool starts_trains() const override { return true; }
  void train_start(std::size_t i, const train_id& id, train_state& st, const run_info& run) const override;
  enum : int { RATE = N_WINDOW, DEAD_TIME, N_PROC, FREQUENCY, RELATIVE_AMPLITUDE };

 protected:
  void validate(const std::vector<double>& row) const override;
};

}  // namespace nestor::detail
