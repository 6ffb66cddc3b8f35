#include "models/neurons/aeif_cond_exp.hpp"

#include <algorithm>

#include "models/registration.hpp"

namespace nestor::detail {

void aeif_cond_exp::validate(const prow<aeif_cond_exp>& p) {
  aeif::validate_common(name, p);
}

aeif_cond_exp::derived aeif_cond_exp::prepare(const prow<aeif_cond_exp>& p, double dt) {
  derived d{};
  d.c = aeif::prepare_common(p, dt, std::min(0.01, dt));
  d.E_ex = p[P::E_ex];
  d.E_in = p[P::E_in];
  d.tau_syn_ex = p[P::tau_syn_ex];
  d.tau_syn_in = p[P::tau_syn_in];
  return d;
}

void register_aeif_cond_exp(model_registry& reg) {
  add_neuron<aeif_cond_exp>(reg, unit::nS);
}

}  // namespace nestor::detail
