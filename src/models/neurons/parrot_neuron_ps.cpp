#include "models/neurons/parrot_neuron_ps.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

void register_parrot_neuron_ps(model_registry& reg) {
  add_neuron<parrot_neuron_ps>(reg, unit::none);
}

}  // namespace nestor::detail
