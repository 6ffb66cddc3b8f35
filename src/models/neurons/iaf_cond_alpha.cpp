#include "models/neurons/iaf_cond_alpha.hpp"

#include <numbers>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_cond_alpha::validate(const prow<iaf_cond_alpha>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], 0.0);
}

iaf_cond_alpha::derived iaf_cond_alpha::prepare(const prow<iaf_cond_alpha>& p, double dt) {
  derived d{};
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.g_L = p[P::g_L];
  d.C_m = p[P::C_m];
  d.E_ex = p[P::E_ex];
  d.E_in = p[P::E_in];
  d.E_L = p[P::E_L];
  d.I_e = p[P::I_e];
  d.tau_rise_ex = d.tau_decay_ex = p[P::tau_syn_ex];
  d.tau_rise_in = d.tau_decay_in = p[P::tau_syn_in];
  d.init_ex = std::numbers::e / p[P::tau_syn_ex];
  d.init_in = std::numbers::e / p[P::tau_syn_in];
  d.dt = dt;
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  return d;
}

void register_iaf_cond_alpha(model_registry& reg) {
  add_neuron<iaf_cond_alpha>(reg, unit::nS);
}

}  // namespace nestor::detail
