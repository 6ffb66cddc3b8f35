#pragma once
// Introspection of the model directory: each model's parameters (name, NEST unit, default, meaning),
// its recordables and the unit of weights into it. Generated docs and the Python layer read this.

#include <string>
#include <vector>

#include "nestor/units.hpp"

namespace nestor {

struct parameter_info {
  std::string name;
  std::string unit;  ///< NEST unit ("ms", "mV", "pA", ...; "1" for dimensionless)
  value default_value;
  std::string doc;
  bool is_state;  ///< a state variable (initial value) rather than a parameter
  bool is_array;  ///< takes an array per node (spike_times, record_from)
};

struct model_info {
  std::string name;
  std::string kind;  ///< "neuron", "spike_generator", "current_generator", "analog_recorder", "spike_recorder"
  std::vector<parameter_info> params;
  std::vector<std::string> recordables;
  std::string weight_unit;  ///< unit of spike-connection weights into this model
};

/// Every registered model, by name.
std::vector<std::string> model_names();
/// Throws unknown_model for a name that is not registered.
model_info describe_model(const std::string& name);

}  // namespace nestor
