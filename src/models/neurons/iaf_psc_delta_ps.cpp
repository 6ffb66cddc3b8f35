#include "models/neurons/iaf_psc_delta_ps.hpp"

#include <cmath>

#include "models/neurons/iaf_checks.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_psc_delta_ps::validate(const prow<iaf_psc_delta_ps>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
  ps_check_reset_above_min(name, p[P::V_reset], p[P::V_min], p[P::E_L]);
}

iaf_psc_delta_ps::derived iaf_psc_delta_ps::prepare(const prow<iaf_psc_delta_ps>& p, double h) {
  ps_check_refractory(name, p[P::t_ref], h);
  derived d{};
  d.h = h;
  d.tau_m = p[P::tau_m];
  d.R = p[P::tau_m] / p[P::C_m];
  d.expm1_h = std::expm1(-h / p[P::tau_m]);
  d.I_e = p[P::I_e];
  d.U_th = p[P::V_th];
  d.U_reset = p[P::V_reset];
  d.U_min = p[P::V_min];
  d.refractory_steps = ps_refractory_steps(p[P::t_ref], h);
  return d;
}

void register_iaf_psc_delta_ps(model_registry& reg) {
  add_neuron<iaf_psc_delta_ps>(reg, unit::mV);
}

}  // namespace nestor::detail
