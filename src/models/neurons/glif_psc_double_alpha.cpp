#include "models/neurons/glif_psc_double_alpha.hpp"

#include <cmath>
#include <numbers>

#include "models/neurons/iaf_propagator.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

using M = glif_psc_double_alpha;

void M::validate(const prow<M>& p, const arrays_of_node& a) {
  glif::validate(name, p, a.data());
}

namespace {

void add_alpha(M::alpha_terms& t, double tau, double amplitude, double tau_m, double C_m, double h) {
  t.P11.push_back(std::exp(-h / tau));
  t.P21.push_back(h * t.P11.back());
  const auto prop = iaf_propagator_alpha(tau, tau_m, C_m, h);
  t.P31.push_back(prop.P31);
  t.P32.push_back(prop.P32);
  t.psc_init.push_back(1.0 * std::numbers::e / tau * amplitude);
}

}  // namespace

M::derived M::prepare(const prow<M>& p, const arrays_of_node& a, double h) {
  derived d{glif::prepare(p, a.data(), h), {}, {}};
  const double tau_m = p[P::C_m] / p[P::g], C_m = p[P::C_m];
  for (std::size_t k = 0; k < a[A::tau_syn_fast].size(); ++k) {
    add_alpha(d.fast, a[A::tau_syn_fast][k], 1.0, tau_m, C_m, h);
    add_alpha(d.slow, a[A::tau_syn_slow][k], a[A::amp_slow][k], tau_m, C_m, h);
  }
  return d;
}

void register_glif_psc_double_alpha(model_registry& reg) {
  add_neuron<M>(reg, unit::pA);
}

}  // namespace nestor::detail
