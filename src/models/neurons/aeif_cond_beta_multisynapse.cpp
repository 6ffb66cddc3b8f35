#include "models/neurons/aeif_cond_beta_multisynapse.hpp"

#include <algorithm>
#include <string>

#include "models/neurons/cond_beta_dynamics.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

using M = aeif_cond_beta_multisynapse;

void M::validate(const prow<M>& p, const arrays_of_node& a) {
  for (std::size_t k = 0; k < a[A::tau_rise].size(); ++k)
    if (a[A::tau_decay][k] < a[A::tau_rise][k])
      throw bad_value(std::string(name) + " parameter tau_rise: element " + std::to_string(k + 1) + " = " +
                      format_number(a[A::tau_rise][k]) +
                      " ms: expected a value <= tau_decay = " + format_number(a[A::tau_decay][k]) + " ms");
  aeif::validate_common(name, p);
}

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double dt) {
  derived d{};
  d.c = aeif::prepare_common(p, dt, std::min(0.01, dt));
  d.E_rev = a[A::E_rev];
  d.tau_rise = a[A::tau_rise];
  d.tau_decay = a[A::tau_decay];
  for (std::size_t k = 0; k < d.tau_rise.size(); ++k)
    d.g0.push_back(beta_peak_normalisation(d.tau_rise[k], d.tau_decay[k]));
  return d;
}

void register_aeif_cond_beta_multisynapse(model_registry& reg) {
  add_neuron<M>(reg, unit::nS);
}

}  // namespace nestor::detail
