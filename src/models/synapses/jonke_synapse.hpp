#pragma once
// jonke_synapse: pair-based STDP with exponential weight dependence and a constant offset beta
// (Nessler et al. 2013, Legenstein et al. 2016, Jonke et al. 2017; NEST's models/jonke_synapse.h).
//
// On a presynaptic spike at t (dendritic delay d), before the spike is sent:
//   for every postsynaptic spike t_j in (t_last - d, t - d]:   (facilitation, bounded above by Wmax)
//       w <- min(Wmax, w + lambda (exp(mu_plus w) K+ exp((t_last - (t_j + d))/tau_plus) - beta))
//   then, with K- the target's trace at t - d (its tau_minus):   (depression, bounded below by 0)
//       w <- max(0, w + lambda (-alpha exp(mu_minus w) K- - beta))
// both steps leave w unchanged when lambda = 0 (as NEST); the event carries the new w; then
// K+ <- K+ exp((t_last - t)/tau_plus) + 1 and t_last <- t. NEST's documentation writes the update
// scaled by Wmax; its code (followed here) does not scale it.
// All parameters are common to the model's connections (NEST's JonkeCommonProperties: set_defaults /
// copy_model only). NEST checks nothing; we require tau_plus > 0 and Kplus >= 0.

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/stdp_synapse.hpp"

namespace nestor::detail {

struct jonke_synapse {
  static constexpr std::string_view name = "jonke_synapse";
  static constexpr std::string_view doc =
      "additive STDP with exponential weight dependence and offset beta (Jonke et al. 2017)";
  enum P { n_params };
  enum S { Kplus, t_lastspike, n_state };
  enum C { alpha, beta, lambda, mu_plus, mu_minus, tau_plus, Wmax, n_common };
  static constexpr std::array<syn_entry, n_params> params{};
  static constexpr std::array<syn_entry, n_state> state = stdp_pair_state;
  static constexpr std::array<syn_entry, n_common> common{{
      {"alpha", 1.0, unit::none, check::any, "scale of depression relative to facilitation"},
      {"beta", 0.0, unit::none, check::any, "offset subtracted from every update"},
      {"lambda", 0.01, unit::none, check::any, "step size (learning rate)"},
      {"mu_plus", 0.0, unit::none, check::any, "exponent of the weight dependence of facilitation"},
      {"mu_minus", 0.0, unit::none, check::any, "exponent of the weight dependence of depression"},
      {"tau_plus", 20.0, unit::ms, check::positive, "time constant of the presynaptic trace K+"},
      {"Wmax", 100.0, unit::none, check::any, "maximum weight", true},
  }};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;

  static void validate(const syn_values&) {}

  static double facilitate(const double* c, double w, double k) {
    if (c[lambda] == 0.0) return w;
    const double nw = w + c[lambda] * (std::exp(c[mu_plus] * w) * k - c[beta]);
    return nw < c[Wmax] ? nw : c[Wmax];
  }
  static double depress(const double* c, double w, double k) {
    if (c[lambda] == 0.0) return w;
    const double nw = w + c[lambda] * (-c[alpha] * std::exp(c[mu_minus] * w) * k - c[beta]);
    return nw > 0.0 ? nw : 0.0;
  }

  static double send(const double*, double* s, double& w, const double* c, syn_event& ev) {
    return stdp_pair_update(
        s, Kplus, t_lastspike, w, ev, [c](double dt) { return std::exp(dt / c[tau_plus]); },
        [c](double w, double k, const auto&) { return facilitate(c, w, k); },
        [c](double w, double k) { return depress(c, w, k); });
  }
};

}  // namespace nestor::detail
