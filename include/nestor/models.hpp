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
  std::string
      kind;  ///< "neuron", "spike_generator", "current_generator", "analog_recorder", "spike_recorder"
  std::vector<parameter_info> params;
  std::vector<std::string> recordables;
  std::string weight_unit;  ///< unit of spike-connection weights into this model
};

/// One entry of a synapse model: unit "weight" means the unit of the weight (the target's: pA, nS, mV).
struct synapse_parameter_info {
  std::string name;
  std::string unit;
  double default_value;
  std::string doc;
  std::string scope;  ///< "connection" (a per-connection parameter), "state" (per connection), "common"
};

struct synapse_model_info {
  std::string name;
  std::string doc;
  std::vector<synapse_parameter_info> params;  ///< besides weight and delay
};

/// The built-in synapse models (static_synapse and rate_connection_delayed included), by name.
std::vector<std::string> synapse_model_names();
/// Throws unknown_model for a name that is not a built-in synapse model.
synapse_model_info describe_synapse_model(const std::string& name);

/// Every registered model, by name.
std::vector<std::string> model_names();
/// Throws unknown_model for a name that is not registered.
model_info describe_model(const std::string& name);

}  // namespace nestor
