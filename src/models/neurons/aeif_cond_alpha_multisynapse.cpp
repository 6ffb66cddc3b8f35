#include "models/neurons/aeif_cond_alpha_multisynapse.hpp"

#include <algorithm>
#include <numbers>

#include "models/registration.hpp"

namespace nestor::detail {

using M = aeif_cond_alpha_multisynapse;

void M::validate(const prow<M>& p, const arrays_of_node&) {
  aeif::validate_common(name, p);
}

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double dt) {
  derived d{};
  d.c = aeif::prepare_common(p, dt, std::min(0.01, dt));
  d.E_rev = a[A::E_rev];
  d.tau_rise = d.tau_decay = a[A::tau_syn];  // an alpha conductance: a beta one with equal times
  for (double tau : d.tau_rise) d.g0.push_back(std::numbers::e / tau);
  return d;
}

void register_aeif_cond_alpha_multisynapse(model_registry& reg) {
  add_neuron<M>(reg, unit::nS);
}

}  // namespace nestor::detail
