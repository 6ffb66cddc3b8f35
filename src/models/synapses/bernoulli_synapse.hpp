#pragma once
// bernoulli_synapse: a static synapse that transmits each spike with probability p_transmit (NEST 3.9's
// models/bernoulli_synapse.h, since its PR #3044).
//
// One draw from the connection's own stream for this spike (syn_event::rng) per event: the event passes
// whole with probability p_transmit, otherwise nothing reaches the target (nor a weight_recorder). NEST
// asserts that events have multiplicity 1 (true between neurons, it says); a parrot_neuron repeating
// several spikes of one step sends one event of higher multiplicity, which passes or not as a whole here.
// NEST's rule: p_transmit in [0, 1].

#include <array>
#include <string_view>

#include "models/synapses/stp_rules.hpp"

namespace nestor::detail {

struct bernoulli_synapse {
  static constexpr std::string_view name = "bernoulli_synapse";
  static constexpr std::string_view doc =
      "static synapse transmitting each spike with probability p_transmit";
  enum P { p_transmit, n_params };
  enum S { n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{{
      {"p_transmit", 1.0, unit::none, check::any, "probability that a spike is transmitted, in [0, 1]"},
  }};
  static constexpr std::array<syn_entry, n_state> state{};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = true;

  static void validate(const syn_values& v) { check_unit_interval(name, "p_transmit", v.p[p_transmit]); }

  static double send(const double* p, double*, double& w, const double*, syn_event& ev) {
    philox_stream g = ev.rng();
    if (!(g.uniform() < p[p_transmit])) ev.mult = 0;
    return w;
  }
};

}  // namespace nestor::detail
