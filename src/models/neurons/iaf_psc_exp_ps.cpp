#include "models/neurons/iaf_psc_exp_ps.hpp"

#include <cmath>

#include "models/neurons/iaf_checks.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_psc_exp_ps::validate(const prow<iaf_psc_exp_ps>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
  ps_check_reset_above_min(name, p[P::V_reset], p[P::V_min], p[P::E_L]);
}

iaf_psc_exp_ps::derived iaf_psc_exp_ps::prepare(const prow<iaf_psc_exp_ps>& p, double h) {
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
  d.expm1_h = std::expm1(-h / d.tau_m);
  d.P20 = -d.tau_m / d.C_m * d.expm1_h;
  d.P21_ex = iaf_propagator_exp(d.tau_ex, d.tau_m, d.C_m, h);
  d.P21_in = iaf_propagator_exp(d.tau_in, d.tau_m, d.C_m, h);
  d.exp_ex = std::exp(-h / d.tau_ex);
  d.exp_in = std::exp(-h / d.tau_in);
  d.refractory_steps = ps_refractory_steps(p[P::t_ref], h);
  return d;
}

void register_iaf_psc_exp_ps(model_registry& reg) {
  add_neuron<iaf_psc_exp_ps>(reg, unit::pA);
}

}  // namespace nestor::detail
