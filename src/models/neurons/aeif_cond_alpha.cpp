#include "models/neurons/aeif_cond_alpha.hpp"

#include <algorithm>
#include <numbers>

#include "models/registration.hpp"

namespace nestor::detail {

void aeif_cond_alpha::validate(const prow<aeif_cond_alpha>& p) {
  aeif::validate_common(name, p);
}

aeif_cond_alpha::derived aeif_cond_alpha::prepare(const prow<aeif_cond_alpha>& p, double dt) {
  derived d{};
  d.c = aeif::prepare_common(p, dt, std::min(0.01, dt));
  d.E_ex = p[P::E_ex];
  d.E_in = p[P::E_in];
  d.tau_syn_ex = p[P::tau_syn_ex];
  d.tau_syn_in = p[P::tau_syn_in];
  d.g0_ex = std::numbers::e / d.tau_syn_ex;
  d.g0_in = std::numbers::e / d.tau_syn_in;
  return d;
}

void register_aeif_cond_alpha(model_registry& reg) {
  add_neuron<aeif_cond_alpha>(reg, unit::nS);
}

}  // namespace nestor::detail
