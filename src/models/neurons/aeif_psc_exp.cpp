#include "models/neurons/aeif_psc_exp.hpp"

#include <algorithm>

#include "models/registration.hpp"

namespace nestor::detail {

void aeif_psc_exp::validate(const prow<aeif_psc_exp>& p) {
  aeif::validate_common(name, p);
}

aeif_psc_exp::derived aeif_psc_exp::prepare(const prow<aeif_psc_exp>& p, double dt) {
  derived d{};
  d.c = aeif::prepare_common(p, dt, std::min(0.01, dt));
  d.tau_syn_ex = p[P::tau_syn_ex];
  d.tau_syn_in = p[P::tau_syn_in];
  return d;
}

void register_aeif_psc_exp(model_registry& reg) {
  add_neuron<aeif_psc_exp>(reg, unit::pA);
}

}  // namespace nestor::detail
