#include "models/neurons/rate_neuron_ipn.hpp"

#include "models/neurons/rate_neuron_opn.hpp"
#include "models/neurons/rate_transformer_node.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

// The rate models of NEST 3.9 with the lin, tanh, threshold_lin, sigmoid and sigmoid_gg_1998 nonlinearities
// (not gauss_rate, whose nonlinearity parameters mu and sigma share the neuron's names in NEST).
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
  add_neuron<rate_neuron_ipn<sigmoid_rate_nl>>(reg, unit::none);
  add_neuron<rate_transformer_node<sigmoid_rate_nl>>(reg, unit::none);
  add_neuron<rate_neuron_ipn<sigmoid_rate_gg_1998_nl>>(reg, unit::none);
  add_neuron<rate_transformer_node<sigmoid_rate_gg_1998_nl>>(reg, unit::none);
}

}  // namespace nestor::detail
