#pragma once
// bernoulli_synapse: a static synapse that transmits each spike with probability p_transmit (NEST 3.9's
// models/bernoulli_synapse.h).
//
// On a presynaptic event of multiplicity m, m draws from the connection's own stream for this spike
// (syn_event::rng) each succeed with probability p_transmit. NEST means to send the number of successes
// as the multiplicity, but it sets it on a copy of the event: what reaches the target is the whole event
// (multiplicity m, weight) when at least one draw succeeds, nothing otherwise. We do the same, so an event
// of multiplicity m passes with probability 1 - (1 - p)^m. NEST's rule: p_transmit in [0, 1].

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
    std::uint32_t passed = 0;
    for (std::uint32_t k = 0; k < ev.mult; ++k)
      if (g.uniform() < p[p_transmit]) ++passed;
    if (passed == 0) ev.mult = 0;  // otherwise the whole event, as NEST delivers it
    return w;
  }
};

}  // namespace nestor::detail
