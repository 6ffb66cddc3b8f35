#include "models/neurons/gif_cond_exp_multisynapse.hpp"

#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

using M = gif_cond_exp_multisynapse;

// NEST's rules are all per parameter or array element (the tables' checks) plus equal lengths of
// tau_stc/q_stc, tau_sfa/q_sfa and tau_syn/E_rev, which the array groups enforce.
void M::validate(const prow<M>&, const arrays_of_node&) {}

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double h) {
  derived d{};
  d.E_L = p[P::E_L];
  d.g_L = p[P::g_L];
  d.C_m = p[P::C_m];
  d.I_e = p[P::I_e];
  d.V_reset = p[P::V_reset];
  d.V_T_star = p[P::V_T_star];
  d.Delta_V = p[P::Delta_V];
  d.lambda_0 = p[P::lambda_0] / 1000.0;  // 1/s -> 1/ms, as NEST
  d.dt = h;
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], h));
  d.tol = p[P::gsl_error_tol];
  d.P_stc = gif_decay_factors(a[A::tau_stc], h);
  d.P_sfa = gif_decay_factors(a[A::tau_sfa], h);
  d.tau_syn = a[A::tau_syn];
  d.E_rev = a[A::E_rev];
  return d;
}

void register_gif_cond_exp_multisynapse(model_registry& reg) {
  add_neuron<M>(reg, unit::nS);
}

}  // namespace nestor::detail
