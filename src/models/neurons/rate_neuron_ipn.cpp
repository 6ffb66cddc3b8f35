#include "models/neurons/rate_neuron_ipn.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

void register_rate_neuron_ipn(model_registry& reg) {
  add_neuron<lin_rate_ipn>(reg, unit::none);
  add_neuron<tanh_rate_ipn>(reg, unit::none);
  add_neuron<threshold_lin_rate_ipn>(reg, unit::none);
}

}  // namespace nestor::detail
