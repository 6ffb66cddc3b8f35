#include "models/neurons/iaf_tum_2000.hpp"

#include <cmath>
#include <string>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

namespace {
[[noreturn]] void bad(std::string_view what, double v, std::string_view expected) {
  throw bad_value(std::string(iaf_tum_2000::name) + " " + std::string(what) + " = " + format_number(v) +
                  ": expected " + std::string(expected));
}
}  // namespace

void iaf_tum_2000::validate(const prow<iaf_tum_2000>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
  if (p[P::U] > 1.0) bad("parameter U", p[P::U], "a value in [0, 1]");
}

void iaf_tum_2000::validate_state(const prow<iaf_tum_2000>&, const std::array<double, S::n>& s) {
  if (s[S::x] + s[S::y] > 1.0)
    throw bad_value(std::string(name) + " state x + y = " + format_number(s[S::x]) + " + " +
                    format_number(s[S::y]) + ": expected x + y <= 1");
  if (s[S::u] > 1.0 || s[S::u] < 0.0) bad("state u", s[S::u], "a value in [0, 1]");
}

iaf_tum_2000::derived iaf_tum_2000::prepare(const prow<iaf_tum_2000>& p, double h) {
  derived d{};
  d.P11_ex = std::exp(-h / p[P::tau_syn_ex]);
  d.P11_in = std::exp(-h / p[P::tau_syn_in]);
  d.P22 = std::exp(-h / p[P::tau_m]);
  d.P21_ex = iaf_propagator_exp(p[P::tau_syn_ex], p[P::tau_m], p[P::C_m], h);
  d.P21_in = iaf_propagator_exp(p[P::tau_syn_in], p[P::tau_m], p[P::C_m], h);
  d.P20 = p[P::tau_m] / p[P::C_m] * (1.0 - d.P22);
  d.I_e = p[P::I_e];
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], h));
  d.rho = p[P::rho];
  d.delta = p[P::delta];
  d.h = h;
  d.tics_per_step = static_cast<std::int64_t>(std::floor(1000.0 * h + 0.5));
  d.tau_fac = p[P::tau_fac];
  d.tau_psc = p[P::tau_psc];
  d.tau_rec = p[P::tau_rec];
  d.U = p[P::U];
  d.hard_threshold = p[P::delta] < 1e-10;
  d.escape_noise = p[P::delta] > 1e-10;
  return d;
}

void register_iaf_tum_2000(model_registry& reg) {
  add_neuron<iaf_tum_2000>(reg, unit::pA);
}

}  // namespace nestor::detail
