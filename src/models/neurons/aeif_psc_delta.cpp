#include "models/neurons/aeif_psc_delta.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

void aeif_psc_delta::validate(const prow<aeif_psc_delta>& p) {
  aeif::validate_common(name, p);
}

aeif_psc_delta::derived aeif_psc_delta::prepare(const prow<aeif_psc_delta>& p, double dt) {
  derived d{};
  d.c = aeif::prepare_common(p, dt, dt);
  d.tau_m = d.c.C_m / d.c.g_L;
  d.refractory_input = p[P::refractory_input] != 0.0;
  return d;
}

void register_aeif_psc_delta(model_registry& reg) {
  add_neuron<aeif_psc_delta>(reg, unit::mV);
}

}  // namespace nestor::detail
