#include "models/devices/spike_generators.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <utility>

#include "core/rng.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

namespace {
constexpr double two_pi = 2.0 * std::numbers::pi;

std::vector<param_spec> sinusoidal_table() {
  return device_base::window_params({
      {"rate", 0.0, unit::Hz, check::any,
       "mean rate of the sinusoid (negative values of the sum give no spikes)"},
      {"amplitude", 0.0, unit::Hz, check::any, "amplitude of the rate modulation"},
      {"frequency", 0.0, unit::Hz, check::any, "frequency of the rate modulation"},
      {"phase", 0.0, unit::none, check::any, "phase of the rate modulation in degrees"},
      {"individual_spike_trains", 1.0, unit::none, check::boolean,
       "true: an independent train per target; false: one train shared by all (only when created)"},
  });
}
std::vector<param_spec> inhomogeneous_table() {
  return device_base::window_params({{"allow_offgrid_times", 0.0, unit::none, check::boolean,
                                      "if true, rate times off the grid are rounded up to it"}});
}
std::vector<param_spec> pulsepacket_table() {
  return device_base::window_params({
      {"activity", 0.0, unit::none, check::integer_nonnegative, "number of spikes per pulse"},
      {"sdev", 0.0, unit::ms, check::nonnegative, "standard deviation of the spike times around a pulse"},
  });
}
std::vector<param_spec> mip_table() {
  return device_base::window_params({
      {"rate", 0.0, unit::Hz, check::nonnegative, "rate of the mother Poisson train"},
      {"p_copy", 1.0, unit::none, check::any, "probability that a target receives a mother spike"},
  });
}
std::vector<param_spec> dilutor_table() {
  return device_base::window_params(
      {{"p_copy", 1.0, unit::none, check::any, "probability that a target receives an incoming spike"}});
}

void check_probability(double p, const std::string& model) {
  if (!(p >= 0.0 && p <= 1.0))
    throw bad_value(model + " parameter p_copy = " + format_number(p) + ": expected a probability in [0, 1]");
}

model_description with_arrays(model_description d, std::initializer_list<param_description> arrays) {
  d.params.insert(d.params.end(), arrays);
  return d;
}

const value* find(const param_list& kv, std::string_view name) {
  for (const auto& e : kv)
    if (e.first == name) return &e.second;
  return nullptr;
}

param_list without(const param_list& kv, std::initializer_list<std::string_view> names) {
  param_list out;
  for (const auto& e : kv)
    if (std::find(names.begin(), names.end(), e.first) == names.end()) out.push_back(e);
  return out;
}

std::vector<double> doubles(const value& v, unit u, const std::string& model, const std::string& name) {
  std::vector<double> out(v.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k] = to_nest_unit(v, k, u, model, name);
    check_value(out[k], check::any, model, name, u);
  }
  return out;
}
}  // namespace

// ------------------------------------------------------------------ sinusoidal_poisson_generator

sinusoidal_poisson_generator::sinusoidal_poisson_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(
          first, n, dt,
          make_description("sinusoidal_poisson_generator", node_kind::spike_generator, sinusoidal_table()),
          sinusoidal_table()),
      osc_(n),
      made_(n, false) {}

void sinusoidal_poisson_generator::set(std::size_t i, const param_list& kv, bool initial) {
  // The kernel sets a node's parameters once when it is made (create()); later calls may not choose.
  if (made_[i] && find(kv, "individual_spike_trains"))
    throw bad_value(
        "sinusoidal_poisson_generator parameter individual_spike_trains: can only be given when the "
        "generator is created (NEST: as a model default)");
  device_base::set(i, kv, initial);
  made_[i] = true;
}

void sinusoidal_poisson_generator::prepare(const run_info& run) {
  // NEST's pre_run_hook: the oscillator restarts from the kernel's time t at every simulate().
  const double t = double(run.begin) * run.dt;
  for (std::size_t i = 0; i < size(); ++i) {
    const double a = param(i, AMPLITUDE) / 1000.0, om = param(i, FREQUENCY) * two_pi / 1000.0;
    const double phi = param(i, PHASE) * std::numbers::pi / 180.0;
    osc_[i] = {a * std::cos(om * t + phi), a * std::sin(om * t + phi), std::cos(run.dt * om),
               std::sin(run.dt * om)};
  }
}

void sinusoidal_poisson_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const std::int64_t lo = t_min(i), hi = t_max(i);
    const double base = param(i, RATE) / 1000.0;
    const bool individual = param(i, INDIVIDUAL) != 0.0;
    const std::uint32_t gid = first() + std::uint32_t(i);
    osc& o = osc_[i];
    // The oscillator turns in every step, active or not, so that its phase stays right.
    for (std::int64_t step = from; step < to; ++step) {
      const double y0 = o.c * o.y0 - o.s * o.y1;
      o.y1 = o.s * o.y0 + o.c * o.y1;
      o.y0 = y0;
      const double rate = std::max(0.0, base + o.y1);
      if (!(rate > 0.0 && lo < step && step <= hi)) continue;
      const double mean = rate * dt();
      if (individual) {
        ctx.spikes.push_back({step, gid, 1, mean, event_mode::poisson});
      } else {
        philox_stream g(ctx.run.seed, gid, rng_purpose::neuron, std::uint64_t(step));
        if (const unsigned k = poisson_draw(g, mean); k > 0)
          ctx.spikes.push_back({step, gid, k, 1.0, event_mode::plain});
      }
    }
  }
}

// ------------------------------------------------------------------ inhomogeneous_poisson_generator

inhomogeneous_poisson_generator::inhomogeneous_poisson_generator(std::uint32_t first, std::size_t n,
                                                                 double dt)
    : device_base(
          first, n, dt,
          with_arrays(make_description("inhomogeneous_poisson_generator", node_kind::spike_generator,
                                       inhomogeneous_table()),
                      {{"rate_times", unit::ms, value(std::vector<double>{}),
                        "times (absolute, strictly increasing, in the future) at which the rate changes",
                        false, true},
                       {"rate_values", unit::Hz, value(std::vector<double>{}),
                        "the rate from each rate time on", false, true}}),
          inhomogeneous_table()),
      times_(n),
      values_(n),
      idx_(n, 0),
      rate_(n, 0.0) {}

void inhomogeneous_poisson_generator::set(std::size_t i, const param_list& kv, bool initial) {
  const std::string model = "inhomogeneous_poisson_generator";
  const value* vt = find(kv, "rate_times");
  const value* vv = find(kv, "rate_values");
  // The flag may change only together with new rate times or while there are none (NEST).
  bool offgrid = param(i, ALLOW_OFFGRID) != 0.0;
  if (const value* f = find(kv, "allow_offgrid_times")) {
    const double x = to_nest_unit(*f, 0, unit::none, model, "allow_offgrid_times");
    check_value(x, check::boolean, model, "allow_offgrid_times", unit::none);
    if ((x != 0.0) != offgrid && !(vt || times_[i].empty()))
      throw bad_value(model +
                      " parameter allow_offgrid_times: can only be changed together with rate_times or "
                      "while no rate times are set");
    offgrid = x != 0.0;
  }
  if (bool(vt) != bool(vv))
    throw bad_value(model + " parameters rate_times and rate_values: expected both to be given together");
  std::vector<std::int64_t> steps;
  std::vector<double> values;
  if (vt) {
    const std::vector<double> t = doubles(*vt, unit::ms, model, "rate_times");
    values = doubles(*vv, unit::Hz, model, "rate_values");
    if (t.size() != values.size())
      throw bad_value(model +
                      " parameters rate_times and rate_values: expected the same number of values, got " +
                      std::to_string(t.size()) + " and " + std::to_string(values.size()));
    for (double x : t) {
      if (!(x > double(now_) * dt()))
        throw bad_value(model + " parameter rate_times: " + format_number(x) +
                        " ms: expected times strictly in the future (after " +
                        format_number(double(now_) * dt()) + " ms)");
      const double s = x / dt(), r = std::round(s);
      std::int64_t k;
      if (std::abs(s - r) <= 1e-9 * std::max(1.0, std::abs(r)))
        k = std::int64_t(r);
      else if (offgrid)
        k = std::int64_t(std::ceil(s));  // the end of the step that holds x
      else
        throw bad_value(model + " parameter rate_times: " + format_number(x) +
                        " ms is not a multiple of the resolution dt = " + format_number(dt()) +
                        " ms (set allow_offgrid_times to round it up)");
      if (!steps.empty() && k <= steps.back())
        throw bad_value(model +
                        " parameter rate_times: expected strictly increasing times (on the grid), got " +
                        format_number(double(steps.back()) * dt()) + " before " + format_number(x) + " ms");
      steps.push_back(k);
    }
  }
  param_list rest = without(kv, {"rate_times", "rate_values"});
  device_base::set(i, rest, initial);
  if (vt) {
    times_[i] = std::move(steps);
    values_[i] = std::move(values);
    idx_[i] = 0;
  }
}

bool inhomogeneous_poisson_generator::get_extra(std::size_t i, std::string_view name, value& out) const {
  if (name == "rate_times") {
    std::vector<double> t;
    for (auto k : times_[i]) t.push_back(double(k) * dt());
    out = value(t);
    return true;
  }
  if (name == "rate_values") {
    out = value(values_[i]);
    return true;
  }
  return false;
}

void inhomogeneous_poisson_generator::prepare(const run_info& run) {
  now_ = run.end;
}

void inhomogeneous_poisson_generator::reset() {
  now_ = 0;
  std::fill(idx_.begin(), idx_.end(), 0);
  std::fill(rate_.begin(), rate_.end(), 0.0);
}

void inhomogeneous_poisson_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const std::int64_t lo = t_min(i), hi = t_max(i);
    const auto& ts = times_[i];
    std::size_t& k = idx_[i];
    while (k < ts.size() && ts[k] <= from) ++k;  // times already past are skipped
    for (std::int64_t step = from; step < to; ++step) {
      // A rate time is the stamp of the first step that uses it (one step ahead, as NEST).
      if (k < ts.size() && step + 1 == ts[k]) rate_[i] = values_[i][k++] / 1000.0;
      if (rate_[i] > 0.0 && lo < step && step <= hi)
        ctx.spikes.push_back({step, first() + std::uint32_t(i), 1, rate_[i] * dt(), event_mode::poisson});
    }
  }
}

// ------------------------------------------------------------------ pulsepacket_generator

pulsepacket_generator::pulsepacket_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(first, n, dt,
                  with_arrays(make_description("pulsepacket_generator", node_kind::spike_generator,
                                               pulsepacket_table()),
                              {{"pulse_times", unit::ms, value(std::vector<double>{}),
                                "times of the pulse centres (absolute; sorted when set)", false, true}}),
                  pulsepacket_table()),
      pulses_(n),
      pending_(n),
      start_(n, 0),
      stop_(n, 0) {}

void pulsepacket_generator::set(std::size_t i, const param_list& kv, bool initial) {
  device_base::set(i, kv, initial);
  // NEST draws anew when activity, sdev or pulse_times change.
  if (find(kv, "activity") || find(kv, "sdev") || find(kv, "pulse_times")) pending_[i].clear();
}

bool pulsepacket_generator::set_extra(std::size_t i, const std::string& name, const value& v) {
  if (name != "pulse_times") return false;
  std::vector<double> t = doubles(v, unit::ms, desc_.name, name);
  std::sort(t.begin(), t.end());
  pulses_[i] = std::move(t);
  return true;
}

bool pulsepacket_generator::get_extra(std::size_t i, std::string_view name, value& out) const {
  if (name != "pulse_times") return false;
  out = value(pulses_[i]);
  return true;
}

double pulsepacket_generator::tolerance(std::size_t i) const {
  const double sdev = param(i, SDEV);
  return sdev > 0.0 ? 10.0 * sdev : 1.0;  // NEST: sdev_tolerance = 10
}

void pulsepacket_generator::prepare(const run_info& run) {
  // NEST's pre_run_hook: pulses whose centre lies more than the tolerance before now are skipped.
  const double now = double(run.begin) * run.dt;
  for (std::size_t i = 0; i < size(); ++i) {
    const double tol = tolerance(i);
    const auto& p = pulses_[i];
    start_[i] = stop_[i] = 0;
    while (stop_[i] < p.size() && p[stop_[i]] - now <= tol) {
      if (std::abs(p[stop_[i]] - now) > tol) ++start_[i];
      ++stop_[i];
    }
  }
}

void pulsepacket_generator::reset() {
  for (auto& q : pending_) q.clear();
}

void pulsepacket_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  // NEST: the tic grid (1000 tics per ms) under the step grid; spike times round to the nearest tic,
  // then up to the end of their step.
  const std::int64_t tics_per_step = std::llround(dt() * 1000.0);
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const auto& p = pulses_[i];
    auto& q = pending_[i];
    // NEST checks the activity window once per slice, at its first step.
    if ((start_[i] == p.size() && q.empty()) || !(t_min(i) < from && from <= t_max(i))) continue;
    const double tol = tolerance(i), t_from = double(from) * dt();
    while (stop_[i] < p.size() && p[stop_[i]] - t_from <= tol + 1e-12) ++stop_[i];
    if (start_[i] < stop_[i]) {
      const auto a = static_cast<std::int64_t>(param(i, ACTIVITY));
      const double sdev = param(i, SDEV);
      std::normal_distribution<double> normal;
      for (; start_[i] < stop_[i]; ++start_[i]) {
        philox_stream g(ctx.run.seed, first() + std::uint32_t(i), rng_purpose::neuron, start_[i],
                        std::uint64_t(from));
        for (std::int64_t k = 0; k < a; ++k) {
          const double x = sdev * normal(g) + p[start_[i]];
          const auto tics = static_cast<std::int64_t>(x * 1000.0 + 0.5);
          // NEST keeps the spikes at or after the slice's start (compared on the tic grid).
          if (tics >= from * tics_per_step) q.push_back((tics + tics_per_step - 1) / tics_per_step);
        }
        normal.reset();
      }
      std::sort(q.begin(), q.end());
    }
    // Spikes of one step go as one event with their number as multiplicity; spikes left from before a
    // pause of the window (steps already past) are dropped.
    while (!q.empty() && q.front() < from) q.pop_front();
    while (!q.empty() && q.front() < to) {
      const std::int64_t step = q.front();
      std::uint32_t m = 0;
      while (!q.empty() && q.front() == step) ++m, q.pop_front();
      ctx.spikes.push_back({step, first() + std::uint32_t(i), m, 1.0, event_mode::plain});
    }
  }
}

// ------------------------------------------------------------------ mip_generator

mip_generator::mip_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(first, n, dt, make_description("mip_generator", node_kind::spike_generator, mip_table()),
                  mip_table()) {}

void mip_generator::validate(const std::vector<double>& row) const {
  check_probability(row[P_COPY], desc_.name);
}

void mip_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const double mean = param(i, RATE) * dt() / 1000.0;
    if (!(mean > 0)) continue;
    // NEST checks the activity window once per slice, at its first step (not per step).
    if (!(t_min(i) < from && from <= t_max(i))) continue;
    const std::uint32_t gid = first() + std::uint32_t(i);
    for (std::int64_t step = from; step < to; ++step) {
      philox_stream g(ctx.run.seed, gid, rng_purpose::neuron, std::uint64_t(step));
      if (const unsigned k = poisson_draw(g, mean); k > 0)
        ctx.spikes.push_back({step, gid, k, param(i, P_COPY), event_mode::binomial});
    }
  }
}

// ------------------------------------------------------------------ spike_dilutor

spike_dilutor::spike_dilutor(std::uint32_t first, std::size_t n, double dt)
    : device_base(first, n, dt,
                  make_description("spike_dilutor", node_kind::spike_generator, dilutor_table()),
                  dilutor_table()) {}

std::optional<port> spike_dilutor::spike_port(int receptor) const {
  if (receptor != 0) return std::nullopt;
  return port{0, count_only};  // the weight is ignored: only the number of spikes matters
}

void spike_dilutor::validate(const std::vector<double>& row) const {
  check_probability(row[P_COPY], desc_.name);
}

void spike_dilutor::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  const thread_slice& sl = slices[ctx.thread];
  for (std::int64_t step = from; step < to; ++step) {
    double* in = ctx.rb.row(step) + sl.channel_base;
    for (std::size_t i = sl.lo; i < sl.hi; ++i) {
      const double n = std::exchange(in[i - sl.lo], 0.0);
      // NEST checks the window once per slice, at its first step.
      if (n > 0.0 && t_min(i) < from && from <= t_max(i))
        ctx.spikes.push_back({step, first() + std::uint32_t(i), std::uint32_t(std::lround(n)),
                              param(i, P_COPY), event_mode::binomial});
    }
  }
}

void register_spike_generators(model_registry& reg) {
  add_device<sinusoidal_poisson_generator>(reg);
  add_device<inhomogeneous_poisson_generator>(reg);
  add_device<pulsepacket_generator>(reg);
  add_device<mip_generator>(reg);
  add_device<spike_dilutor>(reg);
}

}  // namespace nestor::detail
