#include "models/devices/volume_transmitter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "models/registration.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

volume_transmitter::volume_transmitter(std::uint32_t first, std::size_t n, double dt)
    : population(first, n),
      desc_{"volume_transmitter",
            node_kind::spike_generator,
            {{"deliver_interval", unit::none, value(1.0),
              "its synapses are updated every deliver_interval x min_delay (an integer >= 1)", false, false}},
            {}},
      nodes_(n),
      tics_per_step_(std::max<std::int64_t>(1, std::llround(dt * 1000.0))) {}

void volume_transmitter::set(std::size_t i, const param_list& kv, bool /*initial*/) {
  std::int64_t interval = nodes_[i].interval;
  for (const auto& [name, v] : kv) {
    if (name != "deliver_interval") throw_unknown_parameter(desc_, name);
    const double x = to_nest_unit(v, 0, unit::none, desc_.name, name);
    if (!(std::isfinite(x) && x >= 1.0 && x == std::floor(x) && x < 1e9))
      throw bad_value(desc_.name + " parameter deliver_interval = " + format_number(x) +
                      ": expected an integer >= 1 (a number of min_delays)");
    interval = std::int64_t(x);
  }
  nodes_[i].interval = interval;
}

value volume_transmitter::get(std::size_t i, std::string_view name) const {
  if (name == "deliver_interval") return value(double(nodes_[i].interval));
  throw_unknown_parameter(desc_, name);
}

std::optional<port> volume_transmitter::spike_port(int receptor) const {
  if (receptor != 0) return std::nullopt;
  return port{0, count_only};  // the multiplicity counts, not the weight
}

void volume_transmitter::prepare(const run_info& run) {
  if (run.nest_min_delay_steps > 0) min_delay_ = run.nest_min_delay_steps;
}

double volume_transmitter::ms(std::int64_t step) const {
  return double(step * tics_per_step_) / 1000.0;  // NEST's Time::get_ms of a step count
}

void volume_transmitter::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  const thread_slice& sl = slices[ctx.thread];
  for (std::size_t i = sl.lo; i < sl.hi; ++i) {
    node& n = nodes_[i];
    if (n.due) {  // the previous slice triggered: start again from the pseudo spike at its end
      n.spikes.swap(n.after);
      n.due = false;
    }
  }
  for (std::int64_t step = from; step < to; ++step) {
    double* in = ctx.rb.row(step) + sl.channel_base;
    for (std::size_t i = sl.lo; i < sl.hi; ++i)
      if (const double m = std::exchange(in[i - sl.lo], 0.0); m > 0.0)
        nodes_[i].spikes.push_back({ms(step + 1), m});
  }
  for (std::size_t i = sl.lo; i < sl.hi; ++i) {
    node& n = nodes_[i];
    if (to % period(n) == 0) {
      n.due = true;
      n.t_trig = ms(to);
      n.after.assign(1, {n.t_trig, 0.0});
    }
  }
}

void volume_transmitter::reset() {
  for (node& n : nodes_) {
    n.spikes.assign(1, {0.0, 0.0});
    n.after.clear();
    n.due = false;
    n.t_trig = 0.0;
  }
}

const std::vector<modulator_spike>& volume_transmitter::current(std::size_t i) const {
  return nodes_[i].due ? nodes_[i].after : nodes_[i].spikes;
}

bool volume_transmitter::due(std::size_t i, double& t_trig,
                             const std::vector<modulator_spike>*& spikes) const {
  if (!nodes_[i].due) return false;
  t_trig = nodes_[i].t_trig;
  spikes = &nodes_[i].spikes;
  return true;
}

std::int64_t volume_transmitter::next_cut(std::int64_t now) const {
  std::int64_t next = std::numeric_limits<std::int64_t>::max();
  for (const node& n : nodes_) {
    const std::int64_t P = period(n);
    next = std::min({next, (now / P + 1) * P, ((now + min_delay_) / P + 1) * P - min_delay_});
  }
  return next;
}

bool volume_transmitter::holds(std::int64_t step) const {
  for (const node& n : nodes_)
    if (step % period(n) > period(n) - min_delay_) return true;
  return false;
}

void register_volume_transmitter(model_registry& reg) {
  add_device<volume_transmitter>(reg);
}

}  // namespace nestor::detail
