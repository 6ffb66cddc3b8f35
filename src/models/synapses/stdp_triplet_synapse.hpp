#pragma once
// stdp_triplet_synapse: triplet STDP, all-to-all interaction (Pfister & Gerstner 2006; NEST's
// models/stdp_triplet_synapse.h).
//
// Presynaptic traces K+ (tau_plus, r1) and K+_triplet (tau_plus_triplet, r2); postsynaptic traces K-
// (the target's tau_minus, o1) and the triplet trace (the target's tau_minus_triplet, o2), both read
// from the target's spike history. On a presynaptic spike at t (dendritic delay d), before it is sent:
//   for every postsynaptic spike t_j in (t_last - d, t - d], with o2(t_j-) = (triplet trace at t_j) - 1:
//       |w| <- min(|Wmax|, |w| + K+ exp((t_last - (t_j + d)) / tau_plus) (Aplus + Aplus_triplet o2(t_j-)))
//   K+_triplet <- K+_triplet exp((t_last - t) / tau_plus_triplet)
//   |w| <- max(0, |w| - K-(t - d) (Aminus + Aminus_triplet K+_triplet))
//   K+_triplet <- K+_triplet + 1;  K+ <- K+ exp((t_last - t) / tau_plus) + 1;  t_last <- t
// and w takes the sign of Wmax. Checks as NEST: weight and Wmax of the same sign, Kplus >= 0,
// Kplus_triplet >= 0. What differs: we also require tau_plus > 0 and tau_plus_triplet > 0.

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/stdp_synapse.hpp"

namespace nestor::detail {

struct stdp_triplet_synapse {
  static constexpr std::string_view name = "stdp_triplet_synapse";
  static constexpr std::string_view doc =
      "triplet STDP, all-to-all spike interaction (Pfister & Gerstner 2006)";
  enum P { tau_plus, tau_plus_triplet, Aplus, Aminus, Aplus_triplet, Aminus_triplet, Wmax, n_params };
  enum S { Kplus, Kplus_triplet, t_lastspike, n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{{
      {"tau_plus", 16.8, unit::ms, check::positive,
       "time constant of the short presynaptic trace (tau_plus)"},
      {"tau_plus_triplet", 101.0, unit::ms, check::positive,
       "time constant of the long presynaptic trace (tau_x)"},
      {"Aplus", 5e-10, unit::none, check::any, "weight of pair potentiation (A2+)"},
      {"Aminus", 7e-3, unit::none, check::any, "weight of pair depression (A2-)"},
      {"Aplus_triplet", 6.2e-3, unit::none, check::any, "weight of triplet potentiation (A3+)"},
      {"Aminus_triplet", 2.3e-4, unit::none, check::any, "weight of triplet depression (A3-)"},
      {"Wmax", 100.0, unit::none, check::any, "maximum weight (same sign as the weight)", true},
  }};
  static constexpr std::array<syn_entry, n_state> state{{
      {"Kplus", 0.0, unit::none, check::nonnegative, "short presynaptic trace (r1)"},
      {"Kplus_triplet", 0.0, unit::none, check::nonnegative, "long presynaptic trace (r2)"},
      {"t_lastspike", 0.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
  }};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;

  static void validate(const syn_values& v) { stdp_weight_rule::check_sign(name, v.weight, v.p[Wmax]); }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    const double wmax = p[Wmax], t = ev.t_spike;
    return stdp_pair_update(
        s, Kplus, t_lastspike, w, ev, [p](double dt) { return std::exp(dt / p[tau_plus]); },
        [p, wmax](double w, double kplus, const auto& post) {
          const double ky = post.Kminus_triplet - 1.0;  // the triplet trace just before the post spike
          const double up = std::abs(w) + kplus * (p[Aplus] + p[Aplus_triplet] * ky);
          return std::copysign(up < std::abs(wmax) ? up : wmax, wmax);
        },
        [p, s, wmax, t](double w, double kminus) {
          s[Kplus_triplet] *= std::exp((s[t_lastspike] - t) / p[tau_plus_triplet]);
          const double down = std::abs(w) - kminus * (p[Aminus] + p[Aminus_triplet] * s[Kplus_triplet]);
          s[Kplus_triplet] += 1.0;
          return std::copysign(down > 0.0 ? down : 0.0, wmax);
        });
  }
};

}  // namespace nestor::detail
