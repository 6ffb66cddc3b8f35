#include "models/neurons/rate_neuron_ipn.hpp"

#include "models/neurons/rate_neuron_opn.hpp"
#include "models/neurons/rate_transformer_node.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

// All rate models of NEST 3.9 with the lin, tanh and threshold_lin nonlinearities.
void register_rate_neuron_ipn(model_registry& reg) {
  add_neuron<lin_rate_ipn>(reg, unit::none);
  add_neuron<tanh_rate_ipn>(reg, unit::none);
  add_neuron<threshold_lin_rate_ipn>(reg, unit::none);
  add_neuron<lin_rate_opn>(reg, unit::none);
  add_neuron<tanh_rate_opn>(reg, unit::none);
  add_neuron<threshold_lin_rate_opn>(reg, unit::none);
  add_neuron<rate_transformer_lin>(reg, unit::none);
  add_neuron<rate_transformer_tanh>(reg, unit::none);
  add_neuron<rate_transformer_threshold_lin>(reg, unit::none);
}

}  // namespace nestor::detail
