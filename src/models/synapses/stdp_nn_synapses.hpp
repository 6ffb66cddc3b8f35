#pragma once
// The nearest-neighbour spike pairing schemes of STDP (Morrison, Diesmann & Gerstner 2008, fig. 7):
// stdp_nn_symm_synapse, stdp_nn_pre_centered_synapse and stdp_nn_restr_synapse (NEST's
// models/stdp_nn_*_synapse.h). Weight dependence, parameters and bounds are stdp_synapse's
// (stdp_weight_rule); what differs is which pairs count. On a presynaptic spike at t (dendritic delay d,
// t_last the previous presynaptic spike, 0 before the first one as in NEST), with P the postsynaptic
// spikes in (t_last - d, t - d] and k-(t) = exp(-(t - d - t_post)/tau_minus) for the last postsynaptic
// spike t_post strictly before t - d (the target's nearest-neighbour trace, 0 before any spike):
//   symm:         every p in P facilitates with exp((t_last - (p + d))/tau_plus) (each post spike pairs
//                 with the nearest earlier pre spike); then depression by k-.
//   pre_centered: the first p in P facilitates with K+ exp((t_last - (p + d))/tau_plus), K+ the
//                 presynaptic trace (jumps by 1 at a pre spike), and resets K+ to 0 (each post spike pairs
//                 with all pre spikes since the previous post spike); then depression by k-;
//                 K+ <- K+ exp((t_last - t)/tau_plus) + 1.
//   restr:        only when P is not empty: the first p in P facilitates with
//                 exp((t_last - (p + d))/tau_plus), then depression by k- (a spike takes part in at
//                 most one pair of each kind).
// As NEST: t_last = 0 before the first presynaptic spike acts as a presynaptic spike at 0 for symm and
// restr (post spikes in (-d, t_1 - d] facilitate); pairs at equal times are skipped (NEST's stdp_eps).
// The event carries the new weight; then t_last <- t.

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/stdp_synapse.hpp"

namespace nestor::detail {

/// The parameters and checks the three schemes share with stdp_synapse.
struct stdp_nn_base {
  enum P { tau_plus, lambda, alpha, mu_plus, mu_minus, Wmax, n_params };
  static_assert(int(n_params) == int(stdp_synapse::n_params) && int(Wmax) == int(stdp_synapse::Wmax));
  static constexpr std::array<syn_entry, n_params> params = [] {
    auto p = stdp_synapse::params;
    p[tau_plus].doc = "time constant of the potentiation window";
    return p;
  }();
  enum C { n_common };
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;

  static double facilitate(const double* p, double w, double k) {
    return stdp_weight_rule::facilitate(w, k, p[lambda], p[mu_plus], p[Wmax]);
  }
  static double depress(const double* p, double w, double k) {
    return stdp_weight_rule::depress(w, k, p[lambda], p[alpha], p[mu_minus], p[Wmax]);
  }
};

struct stdp_nn_symm_synapse : stdp_nn_base {
  static constexpr std::string_view name = "stdp_nn_symm_synapse";
  static constexpr std::string_view doc = "STDP with the symmetric nearest-neighbour spike pairing scheme";
  enum S { t_lastspike, n_state };
  static constexpr std::array<syn_entry, n_state> state{{
      {"t_lastspike", 0.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
  }};
  static void validate(const syn_values& v) { stdp_weight_rule::check_sign(name, v.weight, v.p[Wmax]); }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    const double d = ev.dendritic_delay, t = ev.t_spike;
    auto [it, end] = ev.post->read(s[t_lastspike] - d, t - d);
    for (; it != end; ++it) w = facilitate(p, w, std::exp((s[t_lastspike] - (it->t + d)) / p[tau_plus]));
    w = depress(p, w, ev.post->nearest_K_value(t - d));
    s[t_lastspike] = t;
    return w;
  }
};

struct stdp_nn_pre_centered_synapse : stdp_nn_base {
  static constexpr std::string_view name = "stdp_nn_pre_centered_synapse";
  static constexpr std::string_view doc =
      "STDP with the presynaptic-centered nearest-neighbour spike pairing scheme (Izhikevich & Desai 2003)";
  enum S { Kplus, t_lastspike, n_state };
  static constexpr std::array<syn_entry, n_state> state{{
      {"Kplus", 0.0, unit::none, check::nonnegative,
       "presynaptic trace (reset to 0 by a postsynaptic spike)"},
      {"t_lastspike", 0.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
  }};
  static void validate(const syn_values& v) { stdp_weight_rule::check_sign(name, v.weight, v.p[Wmax]); }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    const double d = ev.dendritic_delay, t = ev.t_spike;
    auto [it, end] = ev.post->read(s[t_lastspike] - d, t - d);
    if (it != end) {
      w = facilitate(p, w, s[Kplus] * std::exp((s[t_lastspike] - (it->t + d)) / p[tau_plus]));
      s[Kplus] = 0.0;
    }
    w = depress(p, w, ev.post->nearest_K_value(t - d));
    s[Kplus] = s[Kplus] * std::exp((s[t_lastspike] - t) / p[tau_plus]) + 1.0;
    s[t_lastspike] = t;
    return w;
  }
};

struct stdp_nn_restr_synapse : stdp_nn_base {
  static constexpr std::string_view name = "stdp_nn_restr_synapse";
  static constexpr std::string_view doc =
      "STDP with the restricted symmetric nearest-neighbour spike pairing scheme";
  enum S { t_lastspike, n_state };
  static constexpr std::array<syn_entry, n_state> state = stdp_nn_symm_synapse::state;
  static void validate(const syn_values& v) { stdp_weight_rule::check_sign(name, v.weight, v.p[Wmax]); }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    const double d = ev.dendritic_delay, t = ev.t_spike;
    auto [it, end] = ev.post->read(s[t_lastspike] - d, t - d);
    if (it != end) {
      w = facilitate(p, w, std::exp((s[t_lastspike] - (it->t + d)) / p[tau_plus]));
      w = depress(p, w, ev.post->nearest_K_value(t - d));
    }
    s[t_lastspike] = t;
    return w;
  }
};

}  // namespace nestor::detail
