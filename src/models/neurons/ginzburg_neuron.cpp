#include "models/neurons/ginzburg_neuron.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

ginzburg_neuron::derived ginzburg_neuron::prepare(const prow<ginzburg_neuron>& p, double dt) {
  return {binary_model::make_timing(p[P::tau_m], dt), p[P::theta], p[P::c_1], p[P::c_2], p[P::c_3]};
}

void register_ginzburg_neuron(model_registry& reg) {
  add_neuron<ginzburg_neuron>(reg, unit::mV);
}

}  // namespace nestor::detail
