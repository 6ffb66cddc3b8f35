#include "models/neurons/mcculloch_pitts_neuron.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

mcculloch_pitts_neuron::derived mcculloch_pitts_neuron::prepare(const prow<mcculloch_pitts_neuron>& p,
                                                                double dt) {
  return {binary_model::make_timing(p[P::tau_m], dt), p[P::theta]};
}

void register_mcculloch_pitts_neuron(model_registry& reg) {
  add_neuron<mcculloch_pitts_neuron>(reg, unit::mV);
}

}  // namespace nestor::detail
