#include "models/neurons/iaf_psc_exp_multisynapse.hpp"

#include <cmath>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

using M = iaf_psc_exp_multisynapse;

void M::validate(const prow<M>& p, const arrays_of_node& a) {
  for (std::size_t k = 0; k < a[A::tau_syn].size(); ++k)
    if (a[A::tau_syn][k] == p[P::tau_m])
      throw bad_value(std::string(name) + " parameter tau_syn: element " + std::to_string(k + 1) + " = " +
                      format_number(a[A::tau_syn][k]) + " ms: expected a value different from tau_m = " +
                      format_number(p[P::tau_m]) + " ms (no singular propagator for this model)");
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
}

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double h) {
  derived d{};
  d.P22 = std::exp(-h / p[P::tau_m]);
  d.P20 = p[P::tau_m] / p[P::C_m] * (1.0 - d.P22);
  for (double tau : a[A::tau_syn]) {
    d.P11.push_back(std::exp(-h / tau));
    d.P21.push_back(iaf_propagator_exp(tau, p[P::tau_m], p[P::C_m], h));
  }
  d.I_e = p[P::I_e];
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], h));  // as NEST: tics, then up to steps
  return d;
}

void register_iaf_psc_exp_multisynapse(model_registry& reg) {
  add_neuron<M>(reg, unit::pA);
}

}  // namespace nestor::detail
