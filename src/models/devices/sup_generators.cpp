#include "models/devices/sup_generators.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "core/rng.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

namespace {
std::vector<param_spec> gamma_sup_table() {
  return device_base::window_params({
      {"rate", 0.0, unit::Hz, check::nonnegative, "rate of each component process"},
      {"gamma_shape", 1.0, unit::none, check::integer_nonnegative,
       "order of the gamma processes (an integer >= 1)"},
      {"n_proc", 1.0, unit::none, check::integer_nonnegative,
       "number of superimposed component processes per target (>= 1)"},
  });
}
std::vector<param_spec> ppd_sup_table() {
  return device_base::window_params({
      {"rate", 0.0, unit::Hz, check::any, "mean rate of each component process (1/rate > dead_time)"},
      {"dead_time", 0.0, unit::ms, check::nonnegative, "dead time of each component process"},
      {"n_proc", 1.0, unit::none, check::integer_nonnegative,
       "number of superimposed component processes per target (>= 1)"},
      {"frequency", 0.0, unit::Hz, check::any, "frequency of the rate modulation"},
      {"relative_amplitude", 0.0, unit::none, check::any,
       "relative amplitude of the rate modulation, in [0, 1]"},
  });
}

void check_at_least_one(double x, const std::string& model, const char* name) {
  if (!(x >= 1.0))
    throw bad_value(model + " parameter " + name + " = " + format_number(x) + ": expected an integer >= 1");
}

/// How many of n members leave their group in one step, each with probability p: Binomial(n, p), or
/// Poisson(n p) capped at n where NEST approximates it so.
std::uint64_t transitions(philox_stream& g, std::uint64_t n, double p) {
  if (n == 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return n;
  if ((n >= 100 && p <= 0.01) || (n >= 500 && p * double(n) <= 0.1))
    return std::min<std::uint64_t>(poisson_draw(g, p * double(n)), n);
  std::binomial_distribution<std::uint64_t> b(n, p);
  return b(g);
}

constexpr std::uint64_t gamma_salt = 1ull << 40, ppd_salt = 2ull << 40;
}  // namespace

// ------------------------------------------------------------------ gamma_sup_generator

gamma_sup_generator::gamma_sup_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(first, n, dt,
                  make_description("gamma_sup_generator", node_kind::spike_generator, gamma_sup_table()),
                  gamma_sup_table()) {}

void gamma_sup_generator::validate(const std::vector<double>& row) const {
  check_at_least_one(row[GAMMA_SHAPE], desc_.name, "gamma_shape");
  check_at_least_one(row[N_PROC], desc_.name, "n_proc");
}

void gamma_sup_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    if (!(param(i, RATE) > 0.0)) continue;
    // NEST's pre_run_hook: the probability that a component leaves its phase in one step.
    const double p = param(i, RATE) * param(i, GAMMA_SHAPE) * dt() / 1000.0;
    const std::int64_t lo = t_min(i), hi = t_max(i);
    for (std::int64_t step = from; step < to; ++step)
      if (lo < step && step <= hi)
        ctx.spikes.push_back({step, first() + std::uint32_t(i), 1, p, event_mode::train});
  }
}

void gamma_sup_generator::train_start(std::size_t i, const train_id&, train_state& st,
                                      const run_info&) const {
  // The components spread evenly over the phases, the rest in the last one (NEST's pre_run_hook).
  const auto k = std::uint64_t(param(i, GAMMA_SHAPE)), n = std::uint64_t(param(i, N_PROC));
  st.v.assign(k, double(n / k));
  st.v.back() += double(n - (n / k) * k);
  st.fresh = false;
}

void gamma_sup_generator::train_step(std::size_t i, const spike_event& e, const train_id& id, train_state& st,
                                     train_sink& out) const {
  if (st.fresh) train_start(i, id, st, {});
  std::vector<double>& occ = st.v;  // components per phase (exact integers)
  philox_stream g(id.seed, id.source, rng_purpose::train, std::uint64_t(e.step), id.target,
                  id.rank + gamma_salt);
  // All phases draw first, then the components move on (the last phase's leavers spike and restart).
  std::uint64_t moved_last = 0, carry = 0;
  for (std::size_t j = 0; j < occ.size(); ++j) {
    const std::uint64_t m = transitions(g, std::uint64_t(occ[j]), e.factor);
    occ[j] += double(carry) - double(m);
    carry = m;
    if (j + 1 == occ.size()) moved_last = m;
  }
  occ.front() += double(moved_last);
  if (moved_last > 0) out.spikes(std::uint32_t(moved_last));
}

// ------------------------------------------------------------------ ppd_sup_generator

ppd_sup_generator::ppd_sup_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(first, n, dt,
                  make_description("ppd_sup_generator", node_kind::spike_generator, ppd_sup_table()),
                  ppd_sup_table()) {}

void ppd_sup_generator::validate(const std::vector<double>& row) const {
  // NEST: "The inverse rate has to be larger than the dead time." (this also refuses negative rates)
  if (1000.0 / row[RATE] <= row[DEAD_TIME])
    throw bad_value(desc_.name + " parameter rate = " + format_number(row[RATE]) +
                    " Hz: expected a rate >= 0 whose inverse exceeds dead_time = " +
                    format_number(row[DEAD_TIME]) + " ms");
  check_at_least_one(row[N_PROC], desc_.name, "n_proc");
  if (!(row[RELATIVE_AMPLITUDE] >= 0.0 && row[RELATIVE_AMPLITUDE] <= 1.0))
    throw bad_value(desc_.name + " parameter relative_amplitude = " + format_number(row[RELATIVE_AMPLITUDE]) +
                    ": expected a value in [0, 1]");
}

void ppd_sup_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const double rate = param(i, RATE);
    if (!(rate > 0.0)) continue;
    const double hazard = dt() / (1000.0 / rate - param(i, DEAD_TIME));
    const double amp = param(i, RELATIVE_AMPLITUDE), f = param(i, FREQUENCY);
    const double omega = 2.0 * std::numbers::pi * f / 1000.0;
    const std::int64_t lo = t_min(i), hi = t_max(i);
    for (std::int64_t step = from; step < to; ++step) {
      if (!(lo < step && step <= hi)) continue;
      // The hazard of this step, modulated at its start (NEST: t = T + lag).
      const double h =
          amp > 0.0 && f != 0.0 ? hazard * (1.0 + amp * std::sin(omega * double(step) * dt())) : hazard;
      ctx.spikes.push_back({step, first() + std::uint32_t(i), 1, h, event_mode::train});
    }
  }
}

void ppd_sup_generator::train_start(std::size_t i, const train_id&, train_state& st, const run_info&) const {
  // st.v = {active components, index of the dead-time bin that frees next, components per bin ...}:
  // int(rate dt n_proc) components in each dead-time bin, the rest active (NEST's pre_run_hook).
  const auto bins = static_cast<std::uint64_t>(param(i, DEAD_TIME) / dt());
  const auto n = std::uint64_t(param(i, N_PROC));
  const auto per_bin = static_cast<std::uint64_t>(param(i, RATE) / 1000.0 * double(n) * dt());
  st.v.assign(2 + bins, double(per_bin));
  st.v[0] = double(n - per_bin * bins);
  st.v[1] = 0.0;
  st.fresh = false;
}

void ppd_sup_generator::train_step(std::size_t i, const spike_event& e, const train_id& id, train_state& st,
                                   train_sink& out) const {
  if (st.fresh) train_start(i, id, st, {});
  std::vector<double>& v = st.v;
  philox_stream g(id.seed, id.source, rng_purpose::train, std::uint64_t(e.step), id.target,
                  id.rank + ppd_salt);
  const std::uint64_t n = transitions(g, std::uint64_t(v[0]), e.factor);
  const std::size_t bins = v.size() - 2;
  if (bins > 0) {
    // The components that spiked wait in the bin that frees now; its waiting ones become active.
    const std::size_t a = std::size_t(v[1]);
    v[0] += v[2 + a] - double(n);
    v[2 + a] = double(n);
    v[1] = double((a + 1) % bins);
  }
  if (n > 0) out.spikes(std::uint32_t(n));
}

void register_sup_generators(model_registry& reg) {
  add_device<gamma_sup_generator>(reg);
  add_device<ppd_sup_generator>(reg);
}

}  // namespace nestor::detail
