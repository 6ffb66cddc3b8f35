#include "models/neurons/pp_cond_exp_mc_urbanczik.hpp"

#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

pp_cond_exp_mc_urbanczik::derived pp_cond_exp_mc_urbanczik::prepare(const prow<pp_cond_exp_mc_urbanczik>& p,
                                                                    double dt) {
  derived d{};
  d.g_sp = p[P::g_sp];
  d.g_ps = p[P::g_ps];
  d.g_L_s = p[P::g_L_s];
  d.E_L_s = p[P::E_L_s];
  d.E_ex_s = p[P::E_ex_s];
  d.E_in_s = p[P::E_in_s];
  d.C_m_s = p[P::C_m_s];
  d.tau_ex_s = p[P::tau_syn_ex_s];
  d.tau_in_s = p[P::tau_syn_in_s];
  d.I_e_s = p[P::I_e_s];
  d.g_L_p = p[P::g_L_p];
  d.E_L_p = p[P::E_L_p];
  d.C_m_p = p[P::C_m_p];
  d.tau_ex_p = p[P::tau_syn_ex_p];
  d.tau_in_p = p[P::tau_syn_in_p];
  d.dt = dt;
  d.dead_time_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  d.t_ref_positive = p[P::t_ref] > 0.0;
  d.rule = {p[P::phi_max], p[P::rate_slope], p[P::beta], p[P::theta], p[P::g_sp], p[P::g_L_s], p[P::E_L_s]};
  return d;
}

void register_pp_cond_exp_mc_urbanczik(model_registry& reg) {
  // Weights are plain numbers: nS into the soma's conductances (receptors 1, 2), pA into the dendrite's
  // currents (3, 4); nestor has one weight unit per model.
  add_neuron<pp_cond_exp_mc_urbanczik>(reg, unit::none);
}

}  // namespace nestor::detail
