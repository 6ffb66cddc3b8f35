#include "models/neurons/iaf_cond_beta.hpp"

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_cond_beta::validate(const prow<iaf_cond_beta>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], 0.0);
}

iaf_cond_beta::derived iaf_cond_beta::prepare(const prow<iaf_cond_beta>& p, double dt) {
  derived d{};
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.g_L = p[P::g_L];
  d.C_m = p[P::C_m];
  d.E_ex = p[P::E_ex];
  d.E_in = p[P::E_in];
  d.E_L = p[P::E_L];
  d.I_e = p[P::I_e];
  d.tau_rise_ex = p[P::tau_rise_ex];
  d.tau_decay_ex = p[P::tau_decay_ex];
  d.tau_rise_in = p[P::tau_rise_in];
  d.tau_decay_in = p[P::tau_decay_in];
  d.init_ex = beta_peak_normalisation(d.tau_rise_ex, d.tau_decay_ex);
  d.init_in = beta_peak_normalisation(d.tau_rise_in, d.tau_decay_in);
  d.dt = dt;
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  return d;
}

void register_iaf_cond_beta(model_registry& reg) {
  add_neuron<iaf_cond_beta>(reg, unit::nS);
}

}  // namespace nestor::detail
