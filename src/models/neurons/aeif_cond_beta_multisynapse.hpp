#pragma once
// aeif_cond_beta_multisynapse: the adaptive exponential integrate-and-fire neuron (aeif_common.hpp)
// with any number of receptor ports, each a beta-shaped (difference of exponentials) conductance with
// its own reversal potential E_rev[k], rise time tau_rise[k] and decay time tau_decay[k]:
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) + sum_k g_k (E_rev[k] - V)
//               - w + I_e + I_stim
//   d(dg_k)/dt = -dg_k / tau_rise[k],   dg_k/dt = dg_k - g_k / tau_decay[k],   tau_w dw/dt = a (V - E_L) - w
//
// (the auxiliary dg decays with the rise time, as in NEST; iaf_cond_beta has the two times the other way
// round: g(t) is the same function, the integrator's numbers differ slightly)
//
// As NEST 3.9 (models/aeif_cond_beta_multisynapse.cpp): the family's step (GSL RKF45 with the yp
// control, spike detection and refractoriness after every integration step); then the step's spikes
// on port k (receptor_type k, counted from 1) add w times NEST's beta normalisation
// (beta_peak_normalisation, cond_beta_dynamics.hpp; e/tau_decay when tau_rise = tau_decay) to dg_k, so
// that a weight w gives a conductance peak of w nS, and the step's current input is latched. Weights must be
// >= 0: the sign of a port's effect comes from E_rev (NEST refuses a negative weight when the spike arrives;
// nestor when connecting or setting it). Recordables: V_m, w, g_1, g_2, ...
// Rules (NEST's): E_rev, tau_rise and tau_decay have one value per port; tau_rise, tau_decay > 0 and
// tau_rise <= tau_decay per port; the family's rules. nestor fixes the number of ports when the nodes are
// created (core/array_params.hpp).

#include <array>
#include <optional>
#include <vector>

#include "models/neurons/aeif_common.hpp"
#include "models/neurons/aeif_multisynapse.hpp"

namespace nestor::detail {

struct aeif_cond_beta_multisynapse {
  static constexpr std::string_view name = "aeif_cond_beta_multisynapse";

  struct P {
    enum : int { n = aeif::n_common };
  };
  static constexpr auto params = aeif::common_params;

  static constexpr int n_groups = 1;  // group 0: the receptor ports
  struct A {
    enum : int { E_rev, tau_rise, tau_decay, n };
  };
  static constexpr double E_rev_default[] = {0.0};
  static constexpr double tau_rise_default[] = {2.0};
  static constexpr double tau_decay_default[] = {20.0};
  static constexpr std::array<array_spec, A::n> arrays{{
      {"E_rev", E_rev_default, unit::mV, check::any,
       "reversal potentials, one per receptor port (ports 1, 2, ...)", 0},
      {"tau_rise", tau_rise_default, unit::ms, check::positive,
       "rise times of the beta conductances, one per receptor port (at most tau_decay)", 0},
      {"tau_decay", tau_decay_default, unit::ms, check::positive,
       "decay times of the beta conductances, one per receptor port", 0},
  }};
  struct E {
    enum : int { dg, g, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      {"dg", 0.0, unit::none, "derivative of a port's conductance (nS/ms)", 0, false},
      {"g", 0.0, unit::nS, "synaptic conductance of a receptor port", 0},
  }};

  struct S {
    enum : int { V_m, w, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.6, unit::mV, "membrane potential"},
      {"w", 0.0, unit::pA, "adaptation current"},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: not yet chosen)", -1, false, false},
  }};

  // Channels: one per receptor port (spikes, weights >= 0), then the current input.
  static int channels(const group_sizes<n_groups>& k) { return int(k[0]) + 1; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor < 1 || receptor > int(k[0])) return std::nullopt;
    return port{receptor - 1, nonnegative};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor != 0) return std::nullopt;
    return port{int(k[0]), 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<aeif_cond_beta_multisynapse>& p, const arrays_of_node& a);

  using derived = aeif::multisynapse_constants;
  static derived prepare(const prow<aeif_cond_beta_multisynapse>& p, const arrays_of_node& a, double dt);

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar) {
    return aeif::multisynapse_update<S>(s, d, in, ar.s[E::dg], ar.s[E::g]);
  }
};

}  // namespace nestor::detail
