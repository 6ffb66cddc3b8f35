#include "models/neurons/erfc_neuron.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

erfc_neuron::derived erfc_neuron::prepare(const prow<erfc_neuron>& p, double dt) {
  return {binary_model::make_timing(p[P::tau_m], dt), p[P::theta], p[P::sigma]};
}

void register_erfc_neuron(model_registry& reg) {
  add_neuron<erfc_neuron>(reg, unit::mV);
}

}  // namespace nestor::detail
