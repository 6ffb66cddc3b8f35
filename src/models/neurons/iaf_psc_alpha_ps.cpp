#include "models/neurons/iaf_psc_alpha_ps.hpp"

#include <cmath>
#include <numbers>

#include "models/neurons/iaf_checks.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_psc_alpha_ps::validate(const prow<iaf_psc_alpha_ps>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
  ps_check_reset_above_min(name, p[P::V_reset], p[P::V_min], p[P::E_L]);
}

iaf_psc_alpha_ps::derived iaf_psc_alpha_ps::prepare(const prow<iaf_psc_alpha_ps>& p, double h) {
  ps_check_refractory(name, p[P::t_ref], h);
  derived d{};
  d.h = h;
  d.tau_m = p[P::tau_m];
  d.tau_ex = p[P::tau_syn_ex];
  d.tau_in = p[P::tau_syn_in];
  d.C_m = p[P::C_m];
  d.I_e = p[P::I_e];
  d.U_th = p[P::V_th];
  d.U_reset = p[P::V_reset];
  d.U_min = p[P::V_min];
  d.norm_ex = std::numbers::e / d.tau_ex;
  d.norm_in = std::numbers::e / d.tau_in;
  d.refractory_steps = ps_refractory_steps(p[P::t_ref], h);
  return d;
}

void register_iaf_psc_alpha_ps(model_registry& reg) {
  add_neuron<iaf_psc_alpha_ps>(reg, unit::pA);
}

}  // namespace nestor::detail
