#pragma once
// tsodyks2_synapse: short-term depression and facilitation as dynamic scaling of the weight (Tsodyks &
// Markram 1997, Fuhrmann et al. 2002, Maass & Markram 2002 eqs. 4-5; NEST 3.9's models/tsodyks2_synapse.h).
//
// On a presynaptic spike at t, h = t - t_last after the previous one (nothing is propagated at the
// connection's first spike):
//   x <- 1 + (x - x u - 1) exp(-h/tau_rec)        (recovery of the resources used at the previous spike)
//   u <- U + u (1 - U) exp(-h/tau_fac)            (facilitation; exp(..) = 0 when tau_fac = 0)
// then the event carries weight * u * x, and t_last <- t. Initially u = U, x = 1: the first spike
// carries U * weight. get/set show u and x as used by the last spike.
// This is NEST's order since its PR #3384 (merged 2025, in 3.9): NEST 3.0-3.8 sent x u first and then
// advanced x and u with the interval before the spike (and from t = 0 at the first spike).
// NEST's rules: U and u in [0, 1], tau_rec > 0, tau_fac >= 0.

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/stp_rules.hpp"

namespace nestor::detail {

struct tsodyks2_synapse {
  static constexpr std::string_view name = "tsodyks2_synapse";
  static constexpr std::string_view doc =
      "short-term depression and facilitation scaling the weight by u x (Tsodyks & Markram 1997)";
  enum P { U, tau_rec, tau_fac, n_params };
  enum S { u, x, t_lastspike, n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{{
      {"U", 0.5, unit::none, check::any, "increment of u with each spike, in [0, 1]"},
      {"tau_rec", 800.0, unit::ms, check::positive, "time constant of recovery (depression)"},
      {"tau_fac", 0.0, unit::ms, check::nonnegative, "time constant of facilitation (0: none)"},
  }};
  static constexpr std::array<syn_entry, n_state> state{{
      {"u", 0.5, unit::none, check::any, "release probability, in [0, 1]"},
      {"x", 1.0, unit::none, check::any, "fraction of resources available (scales the weight)"},
      {"t_lastspike", -1.0, unit::ms, check::any, "time of the last presynaptic spike (< 0: none)", false,
       false},
  }};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = false;

  static void validate(const syn_values& v) {
    check_unit_interval(name, "U", v.p[U]);
    check_unit_interval(name, "u", v.s[u]);
  }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    const double t = ev.t_spike;
    if (s[t_lastspike] >= 0.0) {
      const double h = t - s[t_lastspike];
      const double x_decay = std::exp(-h / p[tau_rec]);
      const double u_decay = p[tau_fac] == 0.0 ? 0.0 : std::exp(-h / p[tau_fac]);
      s[x] = 1.0 + (s[x] - s[x] * s[u] - 1.0) * x_decay;
      s[u] = p[U] + s[u] * (1.0 - p[U]) * u_decay;
    }
    s[t_lastspike] = t;
    return s[x] * s[u] * w;
  }
};

}  // namespace nestor::detail
