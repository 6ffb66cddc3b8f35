#include "models/neurons/glif_psc.hpp"

#include <cmath>
#include <numbers>

#include "models/neurons/iaf_propagator.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

using M = glif_psc;

void M::validate(const prow<M>& p, const arrays_of_node& a) {
  glif::validate(name, p, a.data());
}

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double h) {
  derived d{glif::prepare(p, a.data(), h), {}, {}, {}, {}, {}};
  const double tau_m = p[P::C_m] / p[P::g];
  for (double tau : a[A::tau_syn]) {
    d.P11.push_back(std::exp(-h / tau));
    d.P21.push_back(h * d.P11.back());
    const auto prop = iaf_propagator_alpha(tau, tau_m, p[P::C_m], h);
    d.P31.push_back(prop.P31);
    d.P32.push_back(prop.P32);
    d.psc_init.push_back(1.0 * std::numbers::e / tau);
  }
  return d;
}

void register_glif_psc(model_registry& reg) {
  add_neuron<M>(reg, unit::pA);
}

}  // namespace nestor::detail
