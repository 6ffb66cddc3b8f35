#include "models/devices/current_generators.hpp"

#include <algorithm>
#include <cmath>

#include "models/registration.hpp"

namespace nestor::detail {

namespace {
// NEST's StimulationDevice::is_active adds 2 steps for current generators (see generators.cpp).
constexpr std::int64_t current_lookahead = 2;
constexpr double pi = 3.141592653589793238462643383279502884;

std::vector<param_spec> step_current_table() {
  return device_base::window_params({{"allow_offgrid_times", 0.0, unit::none, check::boolean,
                                      "if true, amplitude times off the grid are rounded up to it"}});
}
std::vector<param_spec> ac_table() {
  return device_base::window_params({
      {"amplitude", 0.0, unit::pA, check::any, "amplitude of the sine current"},
      {"offset", 0.0, unit::pA, check::any, "constant current added to the sine"},
      {"frequency", 0.0, unit::Hz, check::any, "frequency of the sine"},
      {"phase", 0.0, unit::none, check::any, "phase of the sine at t = 0 (degrees)"},
  });
}
std::vector<param_spec> noise_table(double dt) {
  return device_base::window_params({
      {"mean", 0.0, unit::pA, check::any, "mean of the current"},
      {"std", 0.0, unit::pA, check::nonnegative, "standard deviation of the current"},
      {"dt", 10.0 * dt, unit::ms, check::any,
       "interval between new draws (default 10 resolution steps); a multiple of the resolution"},
      {"std_mod", 0.0, unit::pA, check::nonnegative, "modulation of the standard deviation (std_mod <= std)"},
      {"frequency", 0.0, unit::Hz, check::any, "frequency of the modulation"},
      {"phase", 0.0, unit::none, check::any, "phase of the modulation at t = 0 (degrees)"},
  });
}
model_description with_I(model_description d) {
  d.recordables = {"I"};
  return d;
}
/// The oscillator state (y_0, y_1) that NEST's GetStatus shows (read only).
model_description with_oscillator(model_description d, unit u) {
  d.params.push_back(
      {"y_0", u, value(0.0), "oscillator state (amplitude) cos(omega t + phase), read only", true, false});
  d.params.push_back(
      {"y_1", u, value(0.0), "oscillator state (amplitude) sin(omega t + phase), read only", true, false});
  return d;
}
bool active(std::int64_t lo, std::int64_t hi, std::int64_t step) {
  const std::int64_t s = step + current_lookahead;
  return lo < s && s <= hi;
}
/// NEST's oscillator set-up (pre_run_hook): state at time t_ms and the rotation over one step h.
template <class S>
void start_oscillator(S& s, double amp, double freq, double phase_deg, double t_ms, double h) {
  const double omega = 2.0 * pi * freq / 1000.0;  // per ms
  const double phi = phase_deg * 2.0 * pi / 360.0;
  s.y0 = amp * std::cos(omega * t_ms + phi);
  s.y1 = amp * std::sin(omega * t_ms + phi);
  s.a00 = std::cos(omega * h);
  s.a01 = -std::sin(omega * h);
  s.a10 = std::sin(omega * h);
  s.a11 = std::cos(omega * h);
}
/// y_0 and y_1 are computed at each simulate() (NEST's pre_run_hook): they cannot be set.
bool refuse_oscillator_state(const std::string& model, const std::string& name) {
  if (name != "y_0" && name != "y_1") return false;
  throw bad_value(model + " parameter " + name +
                  ": read only (the oscillator state is computed at each simulate)");
}
template <class S>
void rotate(S& s) {
  const double y0 = s.y0;
  s.y0 = s.a00 * y0 + s.a01 * s.y1;
  s.y1 = s.a10 * y0 + s.a11 * s.y1;
}
}  // namespace

// ---------------------------------------------------------------- step_current_generator

step_current_generator::step_current_generator(std::uint32_t first, std::size_t n, double dt, bool rate)
    : device_base(
          first, n, dt,
          [rate] {
            auto d = with_I(make_description(rate ? "step_rate_generator" : "step_current_generator",
                                             node_kind::current_generator, step_current_table()));
            if (rate) d.recordables = {"rate"};
            d.params.push_back({"amplitude_times", unit::ms, value(std::vector<double>{}),
                                "times of the amplitude changes, strictly increasing, > 0", false, true});
            d.params.push_back({"amplitude_values", rate ? unit::none : unit::pA,
                                value(std::vector<double>{}),
                                rate ? "rates from those times on (one per time)"
                                     : "amplitudes from those times on (one per time)",
                                false, true});
            return d;
          }(),
          step_current_table()),
      rate_(rate),
      value_unit_(rate ? unit::none : unit::pA),
      times_(n),
      values_(n),
      idx_(n, 0),
      amp_(n, 0.0),
      I_(n, 0.0) {}

bool step_current_generator::set_extra(std::size_t i, const std::string& name, const value& v) {
  const bool is_times = name == "amplitude_times";
  if (!is_times && name != "amplitude_values") return false;
  std::vector<double> x(v.size());
  for (std::size_t k = 0; k < x.size(); ++k) {
    x[k] = to_nest_unit(v, k, is_times ? unit::ms : value_unit_, desc_.name, name);
    check_value(x[k], check::any, desc_.name, name, is_times ? unit::ms : value_unit_);
  }
  if (is_times) {
    times_given_ = true;
    new_times_ = std::move(x);
  } else {
    values_given_ = true;
    values_[i] = std::move(x);
  }
  return true;
}

bool step_current_generator::get_extra(std::size_t i, std::string_view name, value& out) const {
  if (name == "amplitude_times")
    out = value(times_[i]);
  else if (name == "amplitude_values")
    out = value(values_[i]);
  else
    return false;
  return true;
}

std::vector<double> step_current_generator::check_times(std::size_t i, const std::vector<double>& t) const {
  // NEST's Parameters_::validate_time_: t > 0, on the grid (or rounded up to the end of its step when
  // allow_offgrid_times), each stamp strictly after the previous one (the first after 0).
  const std::string who = desc_.name + " parameter amplitude_times: ";
  std::vector<double> out;
  std::int64_t prev = 0;
  for (double x : t) {
    if (!(x > 0.0)) throw bad_value(who + format_number(x) + " ms: expected strictly positive times (t > 0)");
    const double steps = x / dt(), r = std::round(steps);
    std::int64_t stamp;
    if (std::abs(steps - r) <= 1e-9 * std::max(1.0, std::abs(r)))
      stamp = static_cast<std::int64_t>(r);
    else if (param(i, ALLOW_OFFGRID) != 0.0)
      stamp = static_cast<std::int64_t>(std::ceil(steps));
    else
      throw bad_value(who + format_number(x) + " ms is not a multiple of the resolution dt = " +
                      format_number(dt()) + " ms (set allow_offgrid_times to round it up)");
    if (stamp <= prev)
      throw bad_value(who + format_number(x) +
                      " ms: expected times at strictly increasing time steps (after " +
                      format_number(double(prev) * dt()) + " ms)");
    prev = stamp;
    out.push_back(double(stamp) * dt());
  }
  return out;
}

void step_current_generator::set(std::size_t i, const param_list& kv, bool initial) {
  const std::vector<double> params = params_of(i), values = values_[i];
  const bool had_times = !times_[i].empty();
  times_given_ = values_given_ = false;
  device_base::set(i, kv, initial);
  try {
    bool offgrid_given = false;
    for (const auto& e : kv) offgrid_given |= e.first == "allow_offgrid_times";
    if (times_given_ != values_given_)
      throw bad_value(desc_.name + ": amplitude_times and amplitude_values must be set together");
    if (offgrid_given && !(times_given_ || !had_times))
      throw bad_value(desc_.name +
                      " parameter allow_offgrid_times: can only be changed before amplitude_times are set, "
                      "or together with amplitude_times and amplitude_values");
    const std::size_t n_times = times_given_ ? new_times_.size() : times_[i].size();
    if (n_times != values_[i].size())
      throw bad_value(
          desc_.name + " parameters amplitude_times and amplitude_values: expected the same length, got " +
          std::to_string(n_times) + " times and " + std::to_string(values_[i].size()) + " values");
    if (times_given_) times_[i] = check_times(i, new_times_);
    if (times_given_ || values_given_) idx_[i] = 0;  // NEST: new data restarts the search (amp kept)
  } catch (...) {
    restore_params(i, params);
    values_[i] = values;
    throw;
  }
}

void step_current_generator::reset() {
  std::fill(idx_.begin(), idx_.end(), 0);
  std::fill(amp_.begin(), amp_.end(), 0.0);
  std::fill(I_.begin(), I_.end(), 0.0);
}

void step_current_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  const thread_slice& sl = slices[ctx.thread];
  // Changes at or before the first step of this update are skipped (NEST sends ahead of time).
  for (std::size_t i = sl.lo; i < sl.hi; ++i)
    while (idx_[i] < times_[i].size() && std::llround(times_[i][idx_[i]] / dt()) <= from) ++idx_[i];
  for (std::int64_t step = from; step < to; ++step) {
    for (std::size_t i = sl.lo; i < sl.hi; ++i) {
      // The amplitude of stamp s is taken up one step ahead, in step s - 1.
      if (idx_[i] < times_[i].size() && step + 1 == std::llround(times_[i][idx_[i]] / dt()))
        amp_[i] = values_[i][idx_[i]++];
      I_[i] = 0.0;
      if (active(t_min(i), t_max(i), step)) {
        I_[i] = amp_[i];
        ctx.spikes.push_back(
            {step, first() + std::uint32_t(i), 1, amp_[i], rate_ ? event_mode::rate : event_mode::plain});
      }
    }
    record(step, ctx.thread);
  }
}

// ---------------------------------------------------------------- ac_generator

ac_generator::ac_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(
          first, n, dt,
          with_oscillator(with_I(make_description("ac_generator", node_kind::current_generator, ac_table())),
                          unit::pA),
          ac_table()),
      s_(n),
      I_(n, 0.0) {}

bool ac_generator::set_extra(std::size_t, const std::string& name, const value&) {
  return refuse_oscillator_state(desc_.name, name);
}

bool ac_generator::get_extra(std::size_t i, std::string_view name, value& out) const {
  if (name == "y_0")
    out = value(s_[i].y0);
  else if (name == "y_1")
    out = value(s_[i].y1);
  else
    return false;
  return true;
}

void ac_generator::prepare(const run_info& run) {
  for (std::size_t i = 0; i < size(); ++i)
    start_oscillator(s_[i], param(i, AMPLITUDE), param(i, FREQUENCY), param(i, PHASE),
                     double(run.begin) * run.dt, run.dt);
}

void ac_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  const thread_slice& sl = slices[ctx.thread];
  for (std::int64_t step = from; step < to; ++step) {
    for (std::size_t i = sl.lo; i < sl.hi; ++i) {
      rotate(s_[i]);  // in every step: inactivity only windows the oscillator
      I_[i] = 0.0;
      if (active(t_min(i), t_max(i), step)) {
        I_[i] = s_[i].y1 + param(i, OFFSET);
        ctx.spikes.push_back({step, first() + std::uint32_t(i), 1, I_[i], event_mode::plain});
      }
    }
    record(step, ctx.thread);
  }
}

// ---------------------------------------------------------------- noise_generator

noise_generator::noise_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(
          first, n, dt,
          with_oscillator(make_description("noise_generator", node_kind::current_generator, noise_table(dt)),
                          unit::none),
          noise_table(dt)),
      s_(n) {}

void noise_generator::validate(const std::vector<double>& row) const {
  if (row[STD_MOD] > row[STD])
    throw bad_value("noise_generator parameter std_mod = " + format_number(row[STD_MOD]) +
                    " pA: expected a value <= std = " + format_number(row[STD]) + " pA");
  grid_steps(row[DT], "dt");  // NEST: StepMultipleRequired
}

bool noise_generator::set_extra(std::size_t, const std::string& name, const value&) {
  return refuse_oscillator_state(desc_.name, name);
}

bool noise_generator::get_extra(std::size_t i, std::string_view name, value& out) const {
  if (name == "y_0")
    out = value(s_[i].y0);
  else if (name == "y_1")
    out = value(s_[i].y1);
  else
    return false;
  return true;
}

void noise_generator::prepare(const run_info& run) {
  for (std::size_t i = 0; i < size(); ++i) {
    start_oscillator(s_[i], 1.0, param(i, FREQUENCY), param(i, PHASE), double(run.begin) * run.dt, run.dt);
    s_[i].dt_steps = grid_steps(param(i, DT), "dt");
  }
}

void noise_generator::reset() {
  for (auto& s : s_) {
    s.next_step = 0;
    s.interval = 0;
  }
}

void noise_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  const thread_slice& sl = slices[ctx.thread];
  for (std::size_t i = sl.lo; i < sl.hi; ++i) {
    node_state& s = s_[i];
    const std::int64_t lo = t_min(i), hi = t_max(i);
    const double sd = param(i, STD), sd_mod = param(i, STD_MOD);
    for (std::int64_t step = from; step < to; ++step) {
      if (!active(lo, hi, step)) continue;
      if (sd_mod != 0.0) rotate(s);
      if (step >= s.next_step) {  // a new interval, counted from now (also after an inactive period)
        ++s.interval;
        s.mean = param(i, MEAN);
        s.sd = std::sqrt(sd * sd + s.y1 * sd_mod * sd_mod);
        s.next_step = step + s.dt_steps;
      }
      // gaussian: factor = mean, offset = standard deviation, mult = interval index (kernel deliver).
      ctx.spikes.push_back(
          {step, first() + std::uint32_t(i), s.interval, s.mean, event_mode::gaussian, s.sd});
    }
  }
}

void register_current_generators(model_registry& reg) {
  add_device<step_current_generator>(reg);
  add_device<step_current_generator>(reg, true);  // step_rate_generator
  add_device<ac_generator>(reg);
  add_device<noise_generator>(reg);
}

}  // namespace nestor::detail
