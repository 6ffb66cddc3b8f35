#pragma once
// quantal_stp_synapse: stochastic release from n release sites with Tsodyks-Markram short-term plasticity
// (Fuhrmann et al. 2002, Loebel et al. 2009; NEST 3.9's models/quantal_stp_synapse.h, after its PR #3384).
//
// On a presynaptic spike at t, h = t - t_last; except at the connection's first spike:
//   u <- U + u (1 - U) exp(-h/tau_fac)      (exp(..) = 0 when tau_fac < 1e-10)
//   each of the n - a depleted sites recovers with probability 1 - exp(-h/tau_rec);
// then each of the a available sites releases with probability u (n_release sites); n_release > 0: the
// event carries n_release * weight (the spike's multiplicity unchanged) and a <- a - n_release;
// n_release = 0: nothing is transmitted. t_last <- t.
// Draws: the connection's own stream for this spike (syn_event::rng), in NEST's order.
// NEST's rules: U and u in [0, 1], tau_rec > 0, tau_fac >= 0. We refuse n and a in connect (NEST's
// check_synapse_params did up to 3.8: set them with set_defaults / copy_model, or on connections) and
// also require n an integer >= 1 and a an integer in [0, n] (NEST converts them to integers unchecked).

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/stp_rules.hpp"

namespace nestor::detail {

struct quantal_stp_synapse {
  static constexpr std::string_view name = "quantal_stp_synapse";
  static constexpr std::string_view doc =
      "stochastic release from n sites with short-term depression and facilitation (Loebel et al. 2009)";
  enum P { U, tau_rec, tau_fac, n, n_params };
  enum S { u, a, t_lastspike, n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{{
      {"U", 0.5, unit::none, check::any, "increment of u with each spike, in [0, 1]"},
      {"tau_rec", 800.0, unit::ms, check::positive, "time constant of recovery of a release site"},
      {"tau_fac", 0.0, unit::ms, check::nonnegative, "time constant of facilitation (0: none)"},
      {"n", 1.0, unit::none, check::integer_nonnegative, "number of release sites (>= 1)", false, true,
       false},
  }};
  static constexpr std::array<syn_entry, n_state> state{{
      {"u", 0.5, unit::none, check::any, "release probability of a site, in [0, 1]"},
      {"a", 1.0, unit::none, check::integer_nonnegative, "number of available release sites (<= n)", false,
       true, false},
      {"t_lastspike", -1.0, unit::ms, check::any, "time of the last presynaptic spike (< 0: none)", false,
       false},
  }};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = true;

  static void validate(const syn_values& v) {
    check_unit_interval(name, "U", v.p[U]);
    check_unit_interval(name, "u", v.s[u]);
    if (!(v.p[n] >= 1.0))
      throw bad_value(std::string(name) + " parameter n = " + format_number(v.p[n]) +
                      ": expected at least one release site");
    if (v.s[a] > v.p[n])
      throw bad_value(std::string(name) + " parameter a = " + format_number(v.s[a]) +
                      ": expected at most n = " + format_number(v.p[n]) + " available sites");
  }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    philox_stream g = ev.rng();
    int available = int(s[a]);
    if (s[t_lastspike] >= 0.0) {
      const double h = ev.t_spike - s[t_lastspike];
      const double p_decay = std::exp(-h / p[tau_rec]);
      const double u_decay = p[tau_fac] < 1.0e-10 ? 0.0 : std::exp(-h / p[tau_fac]);
      s[u] = p[U] + s[u] * (1.0 - p[U]) * u_decay;
      for (int depleted = int(p[n]) - available; depleted > 0; --depleted)
        if (g.uniform() < 1.0 - p_decay) ++available;
    }
    int released = 0;
    for (int i = available; i > 0; --i)
      if (g.uniform() < s[u]) ++released;
    s[a] = available - released;
    s[t_lastspike] = ev.t_spike;
    if (released == 0) ev.mult = 0;
    return released * w;
  }
};

}  // namespace nestor::detail
