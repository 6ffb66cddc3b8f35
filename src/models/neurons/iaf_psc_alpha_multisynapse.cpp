#include "models/neurons/iaf_psc_alpha_multisynapse.hpp"

#include <cmath>
#include <numbers>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

using M = iaf_psc_alpha_multisynapse;

void M::validate(const prow<M>& p, const arrays_of_node&) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
}

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double h) {
  derived d{};
  const double tau_m = p[P::tau_m], C_m = p[P::C_m];
  d.P33 = std::exp(-h / tau_m);
  d.P30 = 1 / C_m * (1 - d.P33) * tau_m;
  for (double tau : a[A::tau_syn]) {
    const double p11 = std::exp(-h / tau);
    d.P11.push_back(p11);
    d.P21.push_back(h * p11);
    const auto pr = iaf_propagator_alpha(tau, tau_m, C_m, h);
    d.P31.push_back(pr.P31);
    d.P32.push_back(pr.P32);
    d.psc_init.push_back(std::numbers::e / tau);
  }
  d.I_e = p[P::I_e];
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.V_min = p[P::V_min];
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], h));  // as NEST: tics, then up to steps
  return d;
}

void register_iaf_psc_alpha_multisynapse(model_registry& reg) {
  add_neuron<M>(reg, unit::pA);
}

}  // namespace nestor::detail
