#include "models/neurons/glif_cond.hpp"

#include <numbers>

#include "models/registration.hpp"

namespace nestor::detail {

using M = glif_cond;

// NEST's rules: those of the GLIF variants (glif_psc_common) plus equal lengths of tau_syn and E_rev
// (one array group) and tau_syn > 0 (the array's check).
void M::validate(const prow<M>& p, const arrays_of_node& a) {
  glif::validate(name, p, a.data());
}

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double h) {
  derived d{glif::prepare(p, a.data(), h), p[P::C_m], p[P::E_L], h, a[A::tau_syn], a[A::E_rev], {}};
  for (double tau : a[A::tau_syn]) d.g_init.push_back(1.0 * std::numbers::e / tau);
  return d;
}

void register_glif_cond(model_registry& reg) {
  add_neuron<M>(reg, unit::nS);
}

}  // namespace nestor::detail
