#include "models/devices/spike_train_injector.hpp"

#include <cmath>
#include <limits>
#include <utility>

#include "models/registration.hpp"

namespace nestor::detail {

namespace {
std::vector<param_spec> injector_table() {
  return device_base::window_params({
      {"precise_times", 0.0, unit::none, check::boolean,
       "if true, spike times off the grid are kept: sent as precise spikes (offsets within their step)"},
      {"allow_offgrid_times", 0.0, unit::none, check::boolean,
       "if true, spike times off the grid are rounded up to the end of their step"},
      {"shift_now_spikes", 0.0, unit::none, check::boolean,
       "if true, a spike time at the current time is moved one step into the future"},
  });
}

bool given(const param_list& kv, std::string_view name) {
  for (const auto& e : kv)
    if (e.first == name) return true;
  return false;
}
}  // namespace

spike_train_injector::spike_train_injector(std::uint32_t first, std::size_t n, double dt)
    : device_base(
          first, n, dt,
          [] {
            auto d = make_description("spike_train_injector", node_kind::spike_generator, injector_table());
            d.params.push_back({"spike_times", unit::ms, value(std::vector<double>{}),
                                "spike times relative to origin, sorted; shown as used (on the grid unless "
                                "precise_times)",
                                false, true});
            d.params.push_back({"spike_multiplicities", unit::none, value(std::vector<double>{}),
                                "number of spikes at each spike time (empty: 1 each)", false, true});
            return d;
          }(),
          injector_table()),
      trains_(n),
      pos_(n, 0) {}

void spike_train_injector::validate(const std::vector<double>& row) const {
  if (row[PRECISE_TIMES] != 0.0 && (row[ALLOW_OFFGRID] != 0.0 || row[SHIFT_NOW] != 0.0))
    throw bad_value(
        "spike_train_injector parameter precise_times: cannot be true when allow_offgrid_times or "
        "shift_now_spikes is true");
}

void spike_train_injector::set(std::size_t i, const param_list& kv, bool initial) {
  const std::vector<double> old_row = params_of(i);
  train old = trains_[i];
  device_base::set(i, kv, initial);  // converts spike_times with the new flags and origin
  try {
    const bool flags_changed = param(i, PRECISE_TIMES) != old_row[PRECISE_TIMES] ||
                               param(i, ALLOW_OFFGRID) != old_row[ALLOW_OFFGRID] ||
                               param(i, SHIFT_NOW) != old_row[SHIFT_NOW];
    if (flags_changed && !given(kv, "spike_times") && !old.stamps.empty())
      throw bad_value(
          "spike_train_injector parameters precise_times, allow_offgrid_times, shift_now_spikes: can only "
          "be changed together with spike_times or while no spike times are set");
    train& tr = trains_[i];
    if (!tr.mult.empty() && tr.mult.size() != tr.stamps.size()) {
      if (given(kv, "spike_multiplicities"))
        throw bad_value("spike_train_injector parameter spike_multiplicities: expected " +
                        std::to_string(tr.stamps.size()) + " values (one per spike time) or none, got " +
                        std::to_string(tr.mult.size()));
      tr.mult.clear();  // new spike times without multiplicities: the old ones no longer fit
    }
  } catch (...) {
    restore_params(i, old_row);
    trains_[i] = std::move(old);
    throw;
  }
  if (given(kv, "spike_times") || given(kv, "spike_multiplicities") || given(kv, "origin")) pos_[i] = 0;
}

bool spike_train_injector::set_extra(std::size_t i, const std::string& name, const value& v) {
  train& tr = trains_[i];
  if (name == "spike_multiplicities") {
    std::vector<std::uint32_t> m(v.size());
    for (std::size_t k = 0; k < m.size(); ++k) {
      const double x = to_nest_unit(v, k, unit::none, desc_.name, name);
      check_value(x, check::integer_nonnegative, desc_.name, name, unit::none);
      m[k] = std::uint32_t(x);
    }
    tr.mult = std::move(m);
    return true;
  }
  if (name != "spike_times") return false;
  const bool precise = param(i, PRECISE_TIMES) != 0.0, offgrid = param(i, ALLOW_OFFGRID) != 0.0;
  const bool shift = param(i, SHIFT_NOW) != 0.0;
  const std::int64_t origin = grid_steps(param(i, ORIGIN), "origin");
  const auto tics_per_step = std::int64_t(std::llround(dt() * 1000.0));
  train out;
  for (std::size_t k = 0; k < v.size(); ++k) {
    const double t = to_nest_unit(v, k, unit::ms, desc_.name, name);
    check_value(t, check::any, desc_.name, name, unit::ms);
    if (k > 0 && t < to_nest_unit(v, k - 1, unit::ms, desc_.name, name))
      throw bad_value(
          "spike_train_injector parameter spike_times: expected times sorted in non-decreasing order, "
          "got " +
          format_number(to_nest_unit(v, k - 1, unit::ms, desc_.name, name)) + " before " + format_number(t) +
          " ms");
    if (t == 0.0 && !shift)
      throw bad_value(
          "spike_train_injector parameter spike_times: a spike time cannot be 0 (unless "
          "shift_now_spikes)");
    // NEST's Time::ms: the time in tics (rounded half up); on the grid if a whole number of steps.
    const auto tics = std::int64_t(std::floor(t * 1000.0 + 0.5));
    std::int64_t stamp =
        std::int64_t(std::ceil(t / dt() - 1e-12));  // NEST's ms_stamp: the step ending at or after t
    if (!precise && tics % tics_per_step == 0) {
      stamp = tics / tics_per_step;
    } else if (!precise && !offgrid) {
      throw bad_value("spike_train_injector parameter spike_times: " + format_number(t) +
                      " ms is not a multiple of the resolution dt = " + format_number(dt()) +
                      " ms (set allow_offgrid_times to round it up, or precise_times to keep it)");
    }
    double offset = 0.0;
    if (precise) {
      if (std::abs(double(stamp) * dt() - t) <= 1e-9 * std::max(1.0, std::abs(t)))
        stamp = std::llround(t / dt());
      offset = double(stamp) * dt() - t;
      if (std::abs(offset) <= 1e-9 * std::max(1.0, std::abs(t))) offset = 0.0;
    } else if (shift && origin + stamp == now_) {
      ++stamp;
    }
    out.stamps.push_back(stamp);
    out.offsets.push_back(offset);
  }
  out.mult = tr.mult;
  tr = std::move(out);
  return true;
}

bool spike_train_injector::get_extra(std::size_t i, std::string_view name, value& out) const {
  const train& tr = trains_[i];
  if (name == "spike_times") {
    std::vector<double> t;
    for (std::size_t k = 0; k < tr.stamps.size(); ++k)
      t.push_back(double(tr.stamps[k]) * dt() - tr.offsets[k]);
    out = value(t);
    return true;
  }
  if (name == "spike_multiplicities") {
    out = value(std::vector<double>(tr.mult.begin(), tr.mult.end()));
    return true;
  }
  return false;
}

void spike_train_injector::prepare(const run_info& run) {
  now_ = run.end;
}

void spike_train_injector::reset() {
  now_ = 0;
  std::fill(pos_.begin(), pos_.end(), 0);
}

void spike_train_injector::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  for (std::size_t i = slices[ctx.thread].lo; i < slices[ctx.thread].hi; ++i) {
    const train& tr = trains_[i];
    const std::int64_t lo = t_min(i), hi = t_max(i), origin = grid_steps(param(i, ORIGIN), "origin");
    std::size_t& p = pos_[i];
    for (; p < tr.stamps.size() && origin + tr.stamps[p] <= to; ++p) {
      const std::int64_t stamp = origin + tr.stamps[p];
      // Sent in step stamp - 1; spikes at or before the start of the slice are skipped (NEST).
      if (stamp <= from || !(lo < stamp && stamp <= hi)) continue;
      const std::uint32_t m = tr.mult.empty() ? 1 : tr.mult[p];
      if (m > 0)
        ctx.spikes.push_back(
            {stamp - 1, first() + std::uint32_t(i), m, 1.0, event_mode::plain, tr.offsets[p]});
    }
  }
}

void register_spike_train_injector(model_registry& reg) {
  add_device<spike_train_injector>(reg);
}

}  // namespace nestor::detail
