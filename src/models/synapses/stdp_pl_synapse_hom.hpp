#pragma once
// stdp_pl_synapse_hom: pair STDP with power-law potentiation and multiplicative depression (Morrison et
// al. 2007; NEST's models/stdp_pl_synapse_hom.h), parameters common to all connections of the model.
//
// On a presynaptic spike at t (dendritic delay d), before the spike is sent:
//   for every postsynaptic spike t_j in (t_last - d, t - d]:
//       w <- w + lambda w^mu K+ exp((t_last - (t_j + d)) / tau_plus)            (no upper bound)
//   then, with K- the target's trace at t - d:  w <- max(0, w - lambda alpha w K-)
// then K+ <- K+ exp((t_last - t) / tau_plus) + 1 and t_last <- t. NEST multiplies by 1/tau_plus (kept
// as tau_plus_inv); we do the same so the results are bitwise NEST's. Per connection: weight, delay,
// Kplus; tau_plus, lambda, alpha, mu are set with set_defaults / copy_model and act on existing
// connections. Checks as NEST: tau_plus > 0.

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/stdp_synapse.hpp"

namespace nestor::detail {

struct stdp_pl_synapse_hom {
  static constexpr std::string_view name = "stdp_pl_synapse_hom";
  static constexpr std::string_view doc =
      "pair STDP with power-law potentiation (Morrison et al. 2007), parameters common to the model";
  enum P { n_params };
  enum S { Kplus, t_lastspike, n_state };
  enum C { tau_plus, lambda, alpha, mu, n_common };
  static constexpr std::array<syn_entry, n_params> params{};
  static constexpr std::array<syn_entry, n_state> state = stdp_pair_state;
  static constexpr std::array<syn_entry, n_common> common{{
      {"tau_plus", 20.0, unit::ms, check::positive, "time constant of the presynaptic trace K+"},
      {"lambda", 0.1, unit::none, check::any, "step size (learning rate)"},
      {"alpha", 1.0, unit::none, check::any, "asymmetry: depression relative to facilitation"},
      {"mu", 0.4, unit::none, check::any, "exponent of the power-law weight dependence of potentiation"},
  }};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;

  static void validate(const syn_values&) {}

  static double send(const double*, double* s, double& w, const double* c, syn_event& ev) {
    const double tau_inv = 1.0 / c[tau_plus];
    return stdp_pair_update(
        s, Kplus, t_lastspike, w, ev, [tau_inv](double dt) { return std::exp(dt * tau_inv); },
        [c](double w, double k, const auto&) { return w + c[lambda] * std::pow(w, c[mu]) * k; },
        [c](double w, double k) {
          const double depressed = w - c[lambda] * c[alpha] * w * k;
          return depressed > 0.0 ? depressed : 0.0;
        });
  }
};

}  // namespace nestor::detail
