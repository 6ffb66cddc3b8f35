// The built-in synapse models (static_synapse and rate_connection_delayed are the kernel's own).
#include "models/synapses/bernoulli_synapse.hpp"
#include "models/synapses/clopath_synapse.hpp"
#include "models/synapses/cont_delay_synapse.hpp"
#include "models/synapses/ht_synapse.hpp"
#include "models/synapses/jonke_synapse.hpp"
#include "models/synapses/quantal_stp_synapse.hpp"
#include "models/synapses/registration.hpp"
#include "models/synapses/static_synapse_hom_w.hpp"
#include "models/synapses/stdp_dopamine_synapse.hpp"
#include "models/synapses/stdp_facetshw_synapse_hom.hpp"
#include "models/synapses/stdp_nn_synapses.hpp"
#include "models/synapses/stdp_pl_synapse_hom.hpp"
#include "models/synapses/stdp_synapse.hpp"
#include "models/synapses/stdp_synapse_hom.hpp"
#include "models/synapses/stdp_triplet_synapse.hpp"
#include "models/synapses/tsodyks2_synapse.hpp"
#include "models/synapses/tsodyks_synapse.hpp"
#include "models/synapses/urbanczik_synapse.hpp"
#include "models/synapses/vogels_sprekeler_synapse.hpp"

namespace nestor::detail {

void register_synapse_models(synapse_registry& reg) {
  add_synapse<stdp_synapse>(reg);
  add_synapse<clopath_synapse>(reg);
  add_synapse<urbanczik_synapse>(reg);
  add_synapse<stdp_nn_symm_synapse>(reg);
  add_synapse<stdp_nn_pre_centered_synapse>(reg);
  add_synapse<stdp_nn_restr_synapse>(reg);
  add_synapse<vogels_sprekeler_synapse>(reg);
  add_synapse<jonke_synapse>(reg);
  add_synapse<stdp_synapse_hom>(reg);
  add_synapse<stdp_pl_synapse_hom>(reg);
  add_synapse<stdp_triplet_synapse>(reg);
  add_synapse<stdp_facetshw_synapse_hom>(reg);
  add_synapse<tsodyks2_synapse>(reg);
  add_synapse<tsodyks_synapse>(reg);
  add_synapse<tsodyks_synapse_hom>(reg);
  add_synapse<quantal_stp_synapse>(reg);
  add_synapse<bernoulli_synapse>(reg);
  add_synapse<static_synapse_hom_w>(reg);
  add_synapse<cont_delay_synapse>(reg);
  add_synapse<ht_synapse>(reg);
  add_synapse<stdp_dopamine_synapse>(reg);
}

}  // namespace nestor::detail
