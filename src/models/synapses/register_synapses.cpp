// The built-in synapse models (static_synapse and rate_connection_delayed are the kernel's own).
#include "models/synapses/ht_synapse.hpp"
#include "models/synapses/registration.hpp"
#include "models/synapses/stdp_dopamine_synapse.hpp"
#include "models/synapses/stdp_synapse.hpp"

namespace nestor::detail {

void register_synapse_models(synapse_registry& reg) {
  add_synapse<stdp_synapse>(reg);
  add_synapse<ht_synapse>(reg);
  add_synapse<stdp_dopamine_synapse>(reg);
}

}  // namespace nestor::detail
