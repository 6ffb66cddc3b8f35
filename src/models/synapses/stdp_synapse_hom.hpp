#pragma once
// stdp_synapse_hom: stdp_synapse with its parameters common to all connections of the model (NEST's
// models/stdp_synapse_hom.h, STDPHomCommonProperties). The rule is stdp_synapse's (stdp_weight_rule):
// on a presynaptic spike at t (dendritic delay d), facilitation for each postsynaptic spike t_j in
// (t_last - d, t - d] with K+ exp((t_last - (t_j + d)) / tau_plus), then depression by the target's K- at
// t - d; K+ <- K+ exp((t_last - t) / tau_plus) + 1 after the spike was sent. Per connection: weight,
// delay, Kplus. tau_plus, lambda, alpha, mu_plus, mu_minus and Wmax are set with set_defaults or
// copy_model only, and a change acts on the model's existing connections (as NEST's SetDefaults).
// What differs: NEST checks none of the common parameters; we require tau_plus > 0 (as for
// stdp_synapse). Like NEST, the sign of weight vs Wmax is not checked for this model.

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/stdp_synapse.hpp"

namespace nestor::detail {

struct stdp_synapse_hom {
  static constexpr std::string_view name = "stdp_synapse_hom";
  static constexpr std::string_view doc =
      "pair-based STDP (stdp_synapse) with parameters common to all connections of the model";
  enum P { n_params };
  enum S { Kplus, t_lastspike, n_state };
  enum C { tau_plus, lambda, alpha, mu_plus, mu_minus, Wmax, n_common };
  static constexpr std::array<syn_entry, n_params> params{};
  static constexpr std::array<syn_entry, n_state> state = stdp_pair_state;
  static constexpr std::array<syn_entry, n_common> common{{
      {"tau_plus", 20.0, unit::ms, check::positive, "time constant of the presynaptic trace K+"},
      {"lambda", 0.01, unit::none, check::any, "step size (learning rate)"},
      {"alpha", 1.0, unit::none, check::any, "asymmetry: depression relative to facilitation"},
      {"mu_plus", 1.0, unit::none, check::any, "weight dependence exponent of facilitation (0: additive)"},
      {"mu_minus", 1.0, unit::none, check::any, "weight dependence exponent of depression (0: additive)"},
      {"Wmax", 100.0, unit::none, check::any, "maximum weight", true},
  }};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;

  static void validate(const syn_values&) {}

  static double send(const double*, double* s, double& w, const double* c, syn_event& ev) {
    return stdp_pair_update(
        s, Kplus, t_lastspike, w, ev, [c](double dt) { return std::exp(dt / c[tau_plus]); },
        [c](double w, double k, const auto&) {
          return stdp_weight_rule::facilitate(w, k, c[lambda], c[mu_plus], c[Wmax]);
        },
        [c](double w, double k) {
          return stdp_weight_rule::depress(w, k, c[lambda], c[alpha], c[mu_minus], c[Wmax]);
        });
  }
};

}  // namespace nestor::detail
