#include "models/devices/sinusoidal_gamma_generator.hpp"

#include <gsl/gsl_sf_gamma.h>

#include <cmath>
#include <numbers>

#include "core/rng.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

namespace {
std::vector<param_spec> sinusoidal_gamma_table() {
  return device_base::window_params({
      {"rate", 0.0, unit::Hz, check::any, "mean rate of the sinusoid (>= amplitude)"},
      {"amplitude", 0.0, unit::Hz, check::any, "amplitude of the rate modulation (0 <= amplitude <= rate)"},
      {"frequency", 0.0, unit::Hz, check::any, "frequency of the rate modulation"},
      {"phase", 0.0, unit::none, check::any, "phase of the rate modulation in degrees"},
      {"order", 1.0, unit::none, check::any, "order of the gamma process (>= 1, need not be an integer)"},
      {"individual_spike_trains", 1.0, unit::none, check::boolean,
       "true: an independent train per target; false: one train shared by all (only when created)"},
  });
}

const value* find(const param_list& kv, std::string_view name) {
  for (const auto& e : kv)
    if (e.first == name) return &e.second;
  return nullptr;
}

constexpr std::uint64_t train_salt = 3ull << 40;
}  // namespace

sinusoidal_gamma_generator::sinusoidal_gamma_generator(std::uint32_t first, std::size_t n, double dt)
    : device_base(
          first, n, dt,
          [] {
            auto d = make_description("sinusoidal_gamma_generator", node_kind::spike_generator,
                                      sinusoidal_gamma_table());
            d.recordables = {"rate"};
            return d;
          }(),
          sinusoidal_gamma_table()),
      epochs_(n),
      rate_(n, 0.0),
      t0_(n, 0.0),
      lambda0_(n, 0.0),
      made_(n, false) {}

void sinusoidal_gamma_generator::set(std::size_t i, const param_list& kv, bool initial) {
  if (made_[i] && find(kv, "individual_spike_trains"))
    throw bad_value(
        "sinusoidal_gamma_generator parameter individual_spike_trains: can only be given when the "
        "generator is created (NEST: as a model default)");
  device_base::set(i, kv, initial);
  made_[i] = true;
}

void sinusoidal_gamma_generator::validate(const std::vector<double>& row) const {
  if (!(row[ORDER] >= 1.0))
    throw bad_value(desc_.name + " parameter order = " + format_number(row[ORDER]) +
                    ": expected a value >= 1");
  if (!(0.0 <= row[AMPLITUDE] && row[AMPLITUDE] <= row[RATE]))
    throw bad_value(desc_.name + " parameters rate = " + format_number(row[RATE]) + " Hz and amplitude = " +
                    format_number(row[AMPLITUDE]) + " Hz: expected 0 <= amplitude <= rate");
}

sinusoidal_gamma_generator::epoch sinusoidal_gamma_generator::params_epoch(std::size_t i, double t_ms) const {
  return {t_ms,
          param(i, ORDER),
          param(i, RATE) / 1000.0,
          param(i, AMPLITUDE) / 1000.0,
          param(i, FREQUENCY) * 2.0 * std::numbers::pi / 1000.0,
          param(i, PHASE) * std::numbers::pi / 180.0};
}

void sinusoidal_gamma_generator::prepare(const run_info& run) {
  // NEST's pre_run_hook: Lambda up to now is taken with the parameters that held until now.
  const double now = double(run.begin) * run.dt;
  for (std::size_t i = 0; i < size(); ++i) {
    auto& ep = epochs_[i];
    epoch p = params_epoch(i, now);
    if (ep.empty()) {
      t0_[i] = now;  // the trains start here (NEST: init_buffers at the first simulate)
      lambda0_[i] = 0.0;
    }
    const epoch& last = ep.empty() ? p : ep.back();
    if (ep.empty() || last.order != p.order || last.rate != p.rate || last.amplitude != p.amplitude ||
        last.om != p.om || last.phi != p.phi)
      ep.push_back(p);
  }
}

void sinusoidal_gamma_generator::reset() {
  for (auto& ep : epochs_) ep.clear();
  std::fill(rate_.begin(), rate_.end(), 0.0);
}

double sinusoidal_gamma_generator::delta_lambda(const epoch& p, double a, double b) {
  if (a == b) return 0.0;
  double d = p.order * p.rate * (b - a);
  if (std::abs(p.amplitude) > 0.0 && std::abs(p.om) > 0.0)
    d -= p.order * p.amplitude / p.om * (std::cos(p.om * b + p.phi) - std::cos(p.om * a + p.phi));
  return d;
}

double sinusoidal_gamma_generator::lambda(std::size_t i, double t0, double lambda0, double t) const {
  const auto& ep = epochs_[i];
  std::size_t j = ep.size() - 1;
  while (j > 0 && ep[j].t_ms > t0) --j;  // the epoch that holds t0 (almost always the last)
  double L = lambda0;
  for (; j < ep.size(); ++j) {
    const double a = std::max(t0, ep[j].t_ms), b = j + 1 < ep.size() ? std::min(t, ep[j + 1].t_ms) : t;
    L += delta_lambda(ep[j], a, b);
  }
  return L;
}

double sinusoidal_gamma_generator::hazard(std::size_t i, double r, double t0, double lambda0,
                                          double t) const {
  const double L = lambda(i, t0, lambda0, t), k = epochs_[i].back().order;
  return dt() * k * r * std::pow(L, k - 1.0) * std::exp(-L) / gsl_sf_gamma_inc(k, L);
}

void sinusoidal_gamma_generator::update(std::int64_t from, std::int64_t to, update_context& ctx) {
  const thread_slice& sl = slices[ctx.thread];
  for (std::int64_t step = from; step < to; ++step) {
    const double t = double(step + 1) * dt();  // the end of the step
    for (std::size_t i = sl.lo; i < sl.hi; ++i) {
      const epoch& p = epochs_[i].back();
      const double r = p.rate + p.amplitude * std::sin(p.om * t + p.phi);
      rate_[i] = r;
      if (!(r > 0.0 && t_min(i) < step && step <= t_max(i))) continue;
      const std::uint32_t gid = first() + std::uint32_t(i);
      if (param(i, INDIVIDUAL) != 0.0) {
        ctx.spikes.push_back({step, gid, 1, r, event_mode::train});
        continue;
      }
      philox_stream g(ctx.run.seed, gid, rng_purpose::neuron, std::uint64_t(step));
      if (g.uniform() < hazard(i, r, t0_[i], lambda0_[i], t)) {
        ctx.spikes.push_back({step, gid, 1, 1.0, event_mode::plain});
        t0_[i] = t;
        lambda0_[i] = 0.0;
      }
    }
    record(step, ctx.thread);
  }
}

void sinusoidal_gamma_generator::train_start(std::size_t, const train_id&, train_state& st,
                                             const run_info& run) const {
  // st.v = {time of the train's last spike (or its start), Lambda accumulated before it}
  st.v = {double(run.begin) * run.dt, 0.0};
  st.fresh = false;
}

void sinusoidal_gamma_generator::train_step(std::size_t i, const spike_event& e, const train_id& id,
                                            train_state& st, train_sink& out) const {
  if (st.fresh) st.v = {epochs_[i].back().t_ms, 0.0};  // not reached: trains are started in prepare
  const double t = double(e.step + 1) * dt();
  philox_stream g(id.seed, id.source, rng_purpose::train, std::uint64_t(e.step), id.target,
                  id.rank + train_salt);
  if (g.uniform() < hazard(i, e.factor, st.v[0], st.v[1], t)) {
    out.spikes(1);
    st.v = {t, 0.0};
  }
}

void register_sinusoidal_gamma_generator(model_registry& reg) {
  add_device<sinusoidal_gamma_generator>(reg);
}

}  // namespace nestor::detail
