#include "models/neurons/aeif_psc_alpha.hpp"

#include <algorithm>
#include <numbers>

#include "models/registration.hpp"

namespace nestor::detail {

void aeif_psc_alpha::validate(const prow<aeif_psc_alpha>& p) {
  aeif::validate_common(name, p);
}

aeif_psc_alpha::derived aeif_psc_alpha::prepare(const prow<aeif_psc_alpha>& p, double dt) {
  derived d{};
  d.c = aeif::prepare_common(p, dt, std::min(0.01, dt));
  d.tau_syn_ex = p[P::tau_syn_ex];
  d.tau_syn_in = p[P::tau_syn_in];
  d.i0_ex = std::numbers::e / d.tau_syn_ex;
  d.i0_in = std::numbers::e / d.tau_syn_in;
  return d;
}

void register_aeif_psc_alpha(model_registry& reg) {
  add_neuron<aeif_psc_alpha>(reg, unit::pA);
}

}  // namespace nestor::detail
