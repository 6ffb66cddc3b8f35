#include "models/devices/generators.hpp"

#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

namespace {
// NEST 3.9 activates current generators two steps ahead of the step they are updated in
// (StimulationDevice::is_active adds 2 for CURRENT_GENERATOR), so that with the minimal delay of one
// step the current reaches the target in the step after origin + start.
constexpr std::int64_t current_lookahead = 2;

std::vector<param_spec> dc_table() {
  return device_base::window_params({{"amplitude", 0.0, unit::pA, check::any, "amplitude of the current"}});
}
std::vector<param_spec> poisson_generator_table(bool precise) {
  std::vector<param_spec> extra{
      {"rate", 0.0, unit::Hz, check::nonnegative, "mean firing rate of each train"},
      {"rng_seed", -1.0, unit::none, check::any,
       "seed of this generator's random stream; -1 derives it from the simulator's seed"},
  };
  if (precise)
    extra.push_back(
        {"dead_time", 0.0, unit::ms, check::nonnegative, "minimal time between two spikes of a train"});
  return device_base::window_params(extra);
}
std::vector<param_spec> spike_generator_table() {
  return device_base::window_params(
      {{"allow_offgrid_times", 0.0, unit::none, check::boolean,
        "if true, spike times off the grid are rounded up to it"},
       {"precise_times", 0.0, unit::none, check::boolean,
        "if true, spike times off the grid are kept: sent as precise spikes (offsets within their step)"}});
}
}  // namespace

dc_generator::dc_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(first, n, dt, make_description("dc_generator", node_kind::current_generator, dc_table()),
                  dc_table()) {}

void dc_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const std::int64_t lo = t_min(i), hi = t_max(i);
    const double amp = param(i, AMPLITUDE);
    for (std::int64_t step = from; step < to; ++step) {
      const std::int64_t s = step + current_lookahead;
      if (lo < s && s <= hi)
        ctx.spikes.push_back({step, first() + std::uint32_t(i), 1, amp, event_mode::plain});
    }
  }
}

poisson_generator::poisson_generator(std::uint32_t first, std::size_t n, double dt, bool precise)
    : device_base(first, n, dt,
                  make_description(precise ? "poisson_generator_ps" : "poisson_generator",
                                   node_kind::spike_generator, poisson_generator_table(precise)),
                  poisson_generator_table(precise)),
      precise_(precise) {}

void poisson_generator::validate(const std::vector<double>& row) const {
  // NEST: "The inverse rate cannot be smaller than the dead time."
  if (precise_ && row[DEAD_TIME] > 0.0 && row[RATE] > 0.0 && 1000.0 / row[RATE] < row[DEAD_TIME])
    throw bad_value("poisson_generator_ps parameter dead_time = " + format_number(row[DEAD_TIME]) +
                    " ms: expected at most 1/rate = " + format_number(1000.0 / row[RATE]) + " ms");
}

std::uint64_t poisson_generator::stream_seed(std::size_t i, std::uint64_t sim_seed) const {
  const double s = param(i, RNG_SEED);
  return s >= 0 ? static_cast<std::uint64_t>(s) : sim_seed;
}

void poisson_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const double mean = param(i, RATE) * dt() / 1000.0;
    if (!(mean > 0)) continue;
    const std::int64_t lo = t_min(i), hi = t_max(i);
    const event_mode mode = dead_time(i) > 0.0 ? event_mode::train
                            : precise_         ? event_mode::poisson_precise
                                               : event_mode::poisson;
    for (std::int64_t step = from; step < to; ++step)
      if (lo < step && step <= hi) ctx.spikes.push_back({step, first() + std::uint32_t(i), 1, mean, mode});
  }
}

void poisson_generator::train_step(std::size_t i, const spike_event& e, const train_id& id, train_state& st,
                                   train_sink& out) const {
  // NEST's poisson_generator_ps with a dead time (event_hook): intervals dead + Exp(1/rate - dead); a
  // train starts in equilibrium (backward recurrence time: uniform in [0, dead] with probability
  // dead * rate, otherwise dead + exponential). The train's stream is keyed by (generator, target, rank)
  // and counted by its draws. Spikes falling into inactive steps are dropped.
  const double dead = dead_time(i), rate_per_ms = e.factor / dt(), inv_rate = 1.0 / rate_per_ms - dead;
  const double t0 = double(e.step) * dt(), t1 = double(e.step + 1) * dt();
  auto uniform = [&] {
    return philox_stream(id.seed, id.source, rng_purpose::poisson_delivery, id.target, id.rank + (3ull << 40),
                         st.draws++)
        .uniform();
  };
  auto interval = [&] { return dead - inv_rate * std::log1p(-uniform()); };
  if (st.fresh) st.v.assign(1, t0 + (uniform() < dead * rate_per_ms ? uniform() * dead : interval()));
  double& next_ms = st.v[0];
  while (next_ms <= t0) next_ms += interval();
  for (; next_ms <= t1; next_ms += interval()) out.spike_at(t1 - next_ms);
}

spike_generator::spike_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(
          first, n, dt,
          [] {
            auto d = make_description("spike_generator", node_kind::spike_generator, spike_generator_table());
            d.params.push_back({"spike_times", unit::ms, value(std::vector<double>{}),
                                "spike times, sorted, on the grid unless allow_offgrid_times", false, true});
            d.params.push_back({"spike_weights", unit::none, value(std::vector<double>{}),
                                "factor on the connection weight per spike (empty: 1)", false, true});
            return d;
          }(),
          spike_generator_table()),
      times_(n),
      weights_(n),
      stamps_(n),
      offsets_(n),
      pos_(n, 0) {}

void spike_generator::set(std::size_t i, const param_list& kv, bool initial) {
  std::vector<double> params = params_of(i), times = times_[i], weights = weights_[i];
  device_base::set(i, kv, initial);  // restores its own parameters when an array is refused
  try {
    if (!weights_[i].empty() && weights_[i].size() != times_[i].size())
      throw bad_value("spike_generator parameter spike_weights: expected " +
                      std::to_string(times_[i].size()) + " values (one per spike time) or none, got " +
                      std::to_string(weights_[i].size()));
    if (param(i, PRECISE_TIMES) != 0.0 && param(i, ALLOW_OFFGRID) != 0.0)
      throw bad_value("spike_generator: precise_times and allow_offgrid_times cannot both be true");
    rebuild_stamps(i);
  } catch (...) {
    restore_params(i, std::move(params));
    times_[i] = std::move(times);
    weights_[i] = std::move(weights);
    rebuild_stamps(i);
    throw;
  }
}

bool spike_generator::set_extra(std::size_t i, const std::string& name, const value& v) {
  if (name == "spike_times") {
    std::vector<double> t(v.size());
    for (std::size_t k = 0; k < t.size(); ++k) {
      t[k] = to_nest_unit(v, k, unit::ms, desc_.name, name);
      check_value(t[k], check::any, desc_.name, name, unit::ms);
      if (k > 0 && t[k] < t[k - 1])
        throw bad_value(
            "spike_generator parameter spike_times: expected times sorted in non-decreasing "
            "order, got " +
            format_number(t[k - 1]) + " before " + format_number(t[k]) + " ms");
    }
    if (!weights_[i].empty() && weights_[i].size() != t.size())
      weights_[i].clear();  // NEST: setting new times without weights drops the old weights
    times_[i] = std::move(t);
  } else if (name == "spike_weights") {
    std::vector<double> w(v.size());
    for (std::size_t k = 0; k < w.size(); ++k) w[k] = to_nest_unit(v, k, unit::none, desc_.name, name);
    weights_[i] = std::move(w);
  } else {
    return false;
  }
  return true;
}

bool spike_generator::get_extra(std::size_t i, std::string_view name, value& out) const {
  if (name == "spike_times") {
    out = value(times_[i]);
    return true;
  }
  if (name == "spike_weights") {
    out = value(weights_[i]);
    return true;
  }
  return false;
}

void spike_generator::rebuild_stamps(std::size_t i) {
  const bool offgrid = param(i, ALLOW_OFFGRID) != 0.0, precise = param(i, PRECISE_TIMES) != 0.0;
  std::vector<std::int64_t> st;
  std::vector<double> off;
  for (double t : times_[i]) {
    const double steps = t / dt();
    const double r = std::round(steps);
    off.push_back(0.0);
    if (std::abs(steps - r) <= 1e-9 * std::max(1.0, std::abs(r))) {
      st.push_back(static_cast<std::int64_t>(r));
    } else if (precise) {  // NEST: the stamp is the end of the step that holds t; offset = stamp - t
      st.push_back(static_cast<std::int64_t>(std::ceil(steps)));
      off.back() = double(st.back()) * dt() - t;
    } else if (offgrid) {
      st.push_back(static_cast<std::int64_t>(std::ceil(steps)));
    } else
      throw bad_value("spike_generator parameter spike_times: " + format_number(t) +
                      " ms is not a multiple of the resolution dt = " + format_number(dt()) +
                      " ms (set allow_offgrid_times to round it up, or precise_times to keep it)");
  }
  stamps_[i] = std::move(st);
  offsets_[i] = std::move(off);
  pos_[i] = 0;
}

void spike_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const auto& st = stamps_[i];
    const std::int64_t lo = t_min(i), hi = t_max(i);
    // Spike times are relative to origin (NEST: tnext_stamp = origin + spike_stamps_[k]).
    const std::int64_t origin = grid_steps(param(i, ORIGIN), "origin");
    std::size_t& p = pos_[i];
    while (p < st.size() && origin + st[p] <= to) {
      const std::int64_t stamp = origin + st[p];
      // A spike at stamp t is emitted in step t - 1; spikes already in the past are skipped.
      if (stamp - 1 >= from && lo < stamp && stamp <= hi) {
        const double w = weights_[i].empty() ? 1.0 : weights_[i][p];
        ctx.spikes.push_back(
            {stamp - 1, first() + std::uint32_t(i), 1, w, event_mode::plain, offsets_[i][p]});
      }
      ++p;
    }
  }
}

void spike_generator::reset() {
  std::fill(pos_.begin(), pos_.end(), 0);
}

void register_generators(model_registry& reg) {
  add_device<dc_generator>(reg);
  add_device<poisson_generator>(reg, false);
  add_device<poisson_generator>(reg, true);
  add_device<spike_generator>(reg);
}

}  // namespace nestor::detail
