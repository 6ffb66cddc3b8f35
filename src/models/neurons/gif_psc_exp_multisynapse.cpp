#include "models/neurons/gif_psc_exp_multisynapse.hpp"

#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

using M = gif_psc_exp_multisynapse;

// NEST's rules are all per parameter (the table's checks) plus equal lengths of tau_stc/q_stc and
// tau_sfa/q_sfa, which the array groups enforce; tau_syn == tau_m is
// accepted (the propagator falls back to the singular solution).
void M::validate(const prow<M>&, const arrays_of_node&) {}

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double h) {
  derived d{};
  const double C_m = p[P::C_m], tau_m = C_m / p[P::g_L];
  d.h = h;
  d.P33 = std::exp(-h / tau_m);
  d.P30 = -1 / C_m * std::expm1(-h / tau_m) * tau_m;
  d.P31 = -std::expm1(-h / tau_m);
  d.E_L = p[P::E_L];
  d.I_e = p[P::I_e];
  d.V_reset = p[P::V_reset];
  d.V_T_star = p[P::V_T_star];
  d.Delta_V = p[P::Delta_V];
  d.lambda_0 = p[P::lambda_0] / 1000.0;  // 1/s -> 1/ms, as NEST
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], h));
  d.P_stc = gif_decay_factors(a[A::tau_stc], h);
  d.P_sfa = gif_decay_factors(a[A::tau_sfa], h);
  d.P11 = gif_decay_factors(a[A::tau_syn], h);
  for (double tau : a[A::tau_syn]) d.P21.push_back(iaf_propagator_exp(tau, tau_m, C_m, h));
  return d;
}

void register_gif_psc_exp_multisynapse(model_registry& reg) {
  add_neuron<M>(reg, unit::pA);
}

}  // namespace nestor::detail
