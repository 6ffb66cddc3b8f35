#include "models/neurons/iaf_cond_exp_sfa_rr.hpp"

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_cond_exp_sfa_rr::validate(const prow<iaf_cond_exp_sfa_rr>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], 0.0);
}

iaf_cond_exp_sfa_rr::derived iaf_cond_exp_sfa_rr::prepare(const prow<iaf_cond_exp_sfa_rr>& p, double dt) {
  derived d{};
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.g_L = p[P::g_L];
  d.C_m = p[P::C_m];
  d.E_ex = p[P::E_ex];
  d.E_in = p[P::E_in];
  d.E_L = p[P::E_L];
  d.tau_syn_ex = p[P::tau_syn_ex];
  d.tau_syn_in = p[P::tau_syn_in];
  d.I_e = p[P::I_e];
  d.tau_sfa = p[P::tau_sfa];
  d.tau_rr = p[P::tau_rr];
  d.E_sfa = p[P::E_sfa];
  d.E_rr = p[P::E_rr];
  d.q_sfa = p[P::q_sfa];
  d.q_rr = p[P::q_rr];
  d.dt = dt;
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  return d;
}

void register_iaf_cond_exp_sfa_rr(model_registry& reg) {
  add_neuron<iaf_cond_exp_sfa_rr>(reg, unit::nS);
}

}  // namespace nestor::detail
