#include "models/neurons/iaf_bw_2001_exact.hpp"

#include <string>

#include "models/registration.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

std::optional<port> iaf_bw_2001_exact::spike_port(int receptor) {
  if (receptor == 1) return port{0, 0};
  if (receptor == 2) return port{1, 0};
  if (receptor == 3)
    throw illegal_connection(
        std::string(name) +
        " receptor_type 3 (NMDA): not supported by nestor; NEST gives every NMDA connection its own "
        "receptor port and NMDA state, which nestor cannot hold (a node's inputs and state are fixed when it "
        "is created); use iaf_bw_2001 (NEST's approximation of this model) for NMDA synapses");
  return std::nullopt;
}

void register_iaf_bw_2001_exact(model_registry& reg) {
  add_neuron<iaf_bw_2001_exact>(reg, unit::nS);
}

}  // namespace nestor::detail
