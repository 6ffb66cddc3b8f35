#include "models/neurons/parrot_neuron.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

void register_parrot_neuron(model_registry& reg) {
  add_neuron<parrot_neuron>(reg, unit::none);
}

}  // namespace nestor::detail
