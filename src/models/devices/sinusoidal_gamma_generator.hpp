#pragma once
// sinusoidal_gamma_generator (NEST 3.9 models/sinusoidal_gamma_generator.{h,cpp}): an inhomogeneous gamma
// process of order `order` (real, >= 1) with the rate r(t) = rate + amplitude sin(2 pi frequency t +
// phase), 0 <= amplitude <= rate. With Lambda(t) = integral of order r(s) ds since a train's last spike,
// the train spikes in a step with the probability (hazard)
//   dt order r(t) Lambda^(order - 1) exp(-Lambda) / Gamma(order, Lambda)
// (Gamma(a, x) the upper incomplete gamma function), r and Lambda taken at the end of the step. The
// activity window is checked at the start of the step (as poisson_generator). The rate r(t) is
// recordable as `rate`.
//
// individual_spike_trains (only when the generator is created, as NEST allows it only as a model
// default): true gives every connection its own train (event_mode::train; state = the time of its last
// spike and the Lambda accumulated before that time under earlier parameters), false one train sent to
// all targets. Lambda over a stretch in which the parameters changed between simulate() calls is the sum
// of the pieces under each parameter set, as NEST accumulates it in pre_run_hook.
//
// A train starts (Lambda = 0) when the first simulate() after its connection begins; the shared train
// when the generator's first simulate() begins (NEST's init_buffers / pre_run_hook). Random numbers: the
// connection's stream keyed by (generator, target, rank, step), or the generator's own for the shared
// train: independent of the number of threads.

#include <cstdint>
#include <vector>

#include "models/devices/device_base.hpp"

namespace nestor::detail {

class sinusoidal_gamma_generator final : public device_base {
 public:
  sinusoidal_gamma_generator(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void prepare(const run_info& run) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void reset() override;
  void train_step(std::size_t i, const spike_event& e, const train_id& id, train_state& st,
                  train_sink& out) const override;
  bool starts_trains() const override { return true; }
  void train_start(std::size_t i, const train_id& id, train_state& st, const run_info& run) const override;
  int recordable_index(std::string_view name) const override { return name == "rate" ? 0 : -1; }
  double recordable(int, std::size_t i) const override { return rate_[i] * 1000.0; }
  enum : int { RATE = N_WINDOW, AMPLITUDE, FREQUENCY, PHASE, ORDER, INDIVIDUAL };

 protected:
  void validate(const std::vector<double>& row) const override;

 private:
  /// A stretch of time with one parameter set: from t_ms on, order, rate and amplitude in 1/ms,
  /// om in rad/ms, phi in rad.
  struct epoch {
    double t_ms, order, rate, amplitude, om, phi;
  };
  epoch params_epoch(std::size_t i, double t_ms) const;
  /// NEST's deltaLambda for one parameter set: the integral of order r(s) over [a, b].
  static double delta_lambda(const epoch& p, double a, double b);
  /// Lambda at t of a train whose last spike was at t0 (with lambda0 accumulated before t0).
  double lambda(std::size_t i, double t0, double lambda0, double t) const;
  double hazard(std::size_t i, double r, double t0, double lambda0, double t) const;

  std::vector<std::vector<epoch>> epochs_;  // per node, since its first run
  std::vector<double> rate_;                // r at the end of the last step, 1/ms (recordable)
  std::vector<double> t0_, lambda0_;        // the shared train (individual_spike_trains false)
  std::vector<bool> made_;                  // node i has been created (its first set() is done)
};

}  // namespace nestor::detail
