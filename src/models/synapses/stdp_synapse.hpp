#pragma once
// stdp_synapse: pair-based spike-timing-dependent plasticity with multiplicative or additive weight
// dependence (Guetig et al. 2003; NEST's models/stdp_synapse.h).
//
// On a presynaptic spike at t (dendritic delay d = the connection's delay), before the spike is sent:
//   for every postsynaptic spike t_j in (t_last - d, t - d]:   (facilitation)
//       w <- Wmax * min(1, w/Wmax + lambda (1 - w/Wmax)^mu_plus  K+ exp((t_last - (t_j + d)) / tau_plus))
//   then, with K- the postsynaptic trace at t - d (the target's tau_minus):   (depression)
//       w <- Wmax * max(0, w/Wmax - alpha lambda (w/Wmax)^mu_minus K-)
// the event carries the new w; then K+ <- K+ exp((t_last - t) / tau_plus) + 1 and t_last <- t.
// Rules as NEST: weight and Wmax have the same sign, K+ >= 0; we also require tau_plus > 0.

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/synapse_model.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

/// The weight dependence shared by NEST's stdp_synapse and stdp_synapse_hom.
struct stdp_weight_rule {
  /// x^mu, with the exponents of the multiplicative (1) and additive (0) rules taken exactly and without
  /// a call to pow (which costs about a third of an STDP update): pow(x, 1) = x and pow(x, 0) = 1.
  static double power(double x, double mu) { return mu == 1.0 ? x : mu == 0.0 ? 1.0 : std::pow(x, mu); }
  static double facilitate(double w, double kplus, double lambda, double mu_plus, double Wmax) {
    const double norm_w = w / Wmax + lambda * power(1.0 - w / Wmax, mu_plus) * kplus;
    return norm_w < 1.0 ? norm_w * Wmax : Wmax;
  }
  static double depress(double w, double kminus, double lambda, double alpha, double mu_minus, double Wmax) {
    const double norm_w = w / Wmax - alpha * lambda * power(w / Wmax, mu_minus) * kminus;
    return norm_w > 0.0 ? norm_w * Wmax : 0.0;
  }
  /// NEST's "Weight and Wmax must have same sign" (zero counts as positive).
  static void check_sign(std::string_view model, double w, double Wmax) {
    if (((w >= 0) - (w < 0)) != ((Wmax >= 0) - (Wmax < 0)))
      throw bad_value(std::string(model) + " parameter Wmax = " + format_number(Wmax) +
                      ": expected the sign of the weight (" + format_number(w) + ")");
  }
};

/// The per-connection state of the pair rules with one presynaptic trace: S = {Kplus, t_lastspike}.
inline constexpr std::array<syn_entry, 2> stdp_pair_state{{
    {"Kplus", 0.0, unit::none, check::nonnegative, "presynaptic trace"},
    {"t_lastspike", 0.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
}};

/// NEST's pair-STDP step at a presynaptic spike, shared by the send() of stdp_synapse, stdp_synapse_hom,
/// stdp_pl_synapse_hom, stdp_triplet_synapse, vogels_sprekeler_synapse and jonke_synapse. With t the spike
/// time, d the dendritic delay, K+ = s[kplus] and t_last = s[t_last]:
///   for every postsynaptic spike t_j in (t_last - d, t - d] (history entry e_j):
///     w <- facilitate(w, K+ decay(t_last - (t_j + d)), e_j)
///   then w <- depress(w, K-(t - d)); K+ <- K+ decay(t_last - t) + 1; t_last <- t.
/// decay(dt) is the rule's exp(dt / tau_plus) written as the model writes it, so that every model keeps its
/// own floating-point operations; depress may update further state (it runs before K+ and t_last change).
template <class Decay, class Facilitate, class Depress>
inline double stdp_pair_update(double* s, int kplus, int t_last, double& w, syn_event& ev, Decay decay,
                               Facilitate facilitate, Depress depress) {
  const double d = ev.dendritic_delay, t = ev.t_spike;
  auto [it, end] = ev.post->read(s[t_last] - d, t - d);
  for (; it != end; ++it) w = facilitate(w, s[kplus] * decay(s[t_last] - (it->t + d)), *it);
  w = depress(w, ev.post->K_value(t - d));
  s[kplus] = s[kplus] * decay(s[t_last] - t) + 1.0;
  s[t_last] = t;
  return w;
}

struct stdp_synapse {
  static constexpr std::string_view name = "stdp_synapse";
  static constexpr std::string_view doc =
      "pair-based STDP, multiplicative or additive weight dependence (Guetig et al. 2003)";
  enum P { tau_plus, lambda, alpha, mu_plus, mu_minus, Wmax, n_params };
  enum S { Kplus, t_lastspike, n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{{
      {"tau_plus", 20.0, unit::ms, check::positive, "time constant of the presynaptic trace K+"},
      {"lambda", 0.01, unit::none, check::any, "step size (learning rate)"},
      {"alpha", 1.0, unit::none, check::any, "asymmetry: depression relative to facilitation"},
      {"mu_plus", 1.0, unit::none, check::any, "weight dependence exponent of facilitation (0: additive)"},
      {"mu_minus", 1.0, unit::none, check::any, "weight dependence exponent of depression (0: additive)"},
      {"Wmax", 100.0, unit::none, check::any, "maximum weight (same sign as the weight)", true},
  }};
  static constexpr std::array<syn_entry, n_state> state = stdp_pair_state;
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;

  static void validate(const syn_values& v) { stdp_weight_rule::check_sign(name, v.weight, v.p[Wmax]); }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    return stdp_pair_update(
        s, Kplus, t_lastspike, w, ev, [p](double dt) { return std::exp(dt / p[tau_plus]); },
        [p](double w, double k, const auto&) {
          return stdp_weight_rule::facilitate(w, k, p[lambda], p[mu_plus], p[Wmax]);
        },
        [p](double w, double k) {
          return stdp_weight_rule::depress(w, k, p[lambda], p[alpha], p[mu_minus], p[Wmax]);
        });
  }
};

}  // namespace nestor::detail
