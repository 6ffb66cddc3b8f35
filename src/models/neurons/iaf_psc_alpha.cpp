#include "models/neurons/iaf_psc_alpha.hpp"

#include <cmath>
#include <numbers>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_psc_alpha::validate(const prow<iaf_psc_alpha>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
}

iaf_psc_alpha::derived iaf_psc_alpha::prepare(const prow<iaf_psc_alpha>& p, double h) {
  derived d{};
  const double tau_m = p[P::tau_m], C_m = p[P::C_m];
  d.P11_ex = d.P22_ex = std::exp(-h / p[P::tau_syn_ex]);
  d.P11_in = d.P22_in = std::exp(-h / p[P::tau_syn_in]);
  d.P21_ex = h * d.P11_ex;
  d.P21_in = h * d.P11_in;
  d.EPSC_init = std::numbers::e / p[P::tau_syn_ex];
  d.IPSC_init = std::numbers::e / p[P::tau_syn_in];
  d.expm1_tau_m = std::expm1(-h / tau_m);
  d.P30 = -tau_m / C_m * std::expm1(-h / tau_m);
  const auto ex = iaf_propagator_alpha(p[P::tau_syn_ex], tau_m, C_m, h);
  const auto in = iaf_propagator_alpha(p[P::tau_syn_in], tau_m, C_m, h);
  d.P31_ex = ex.P31;
  d.P32_ex = ex.P32;
  d.P31_in = in.P31;
  d.P32_in = in.P32;
  d.I_e = p[P::I_e];
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.V_min = p[P::V_min];
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], h));  // as NEST: tics, then up to steps
  return d;
}

void register_iaf_psc_alpha(model_registry& reg) {
  add_neuron<iaf_psc_alpha>(reg, unit::pA);
}

}  // namespace nestor::detail
