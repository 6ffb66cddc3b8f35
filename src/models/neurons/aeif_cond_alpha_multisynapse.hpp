#pragma once
// aeif_cond_alpha_multisynapse: the adaptive exponential integrate-and-fire neuron (aeif_common.hpp)
// with any number of receptor ports, each an alpha-shaped conductance with its own reversal potential
// E_rev[k] and time constant tau_syn[k]:
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) + sum_k g_k (E_rev[k] - V)
//               - w + I_e + I_stim
//   d(dg_k)/dt = -dg_k / tau_syn[k],   dg_k/dt = dg_k - g_k / tau_syn[k],   tau_w dw/dt = a (V - E_L) - w
//
// As NEST 3.9 (models/aeif_cond_alpha_multisynapse.cpp): the family's step (GSL RKF45 with the yp
// control, spike detection and refractoriness after every integration step); then the step's spikes
// on port k (receptor_type k, counted from 1) add w e/tau_syn[k] to dg_k, so that a weight w gives a
// conductance peak of w nS, and the step's current input is latched. Weights must be >= 0: the sign of
// a port's effect comes from E_rev (NEST refuses a negative weight when the spike arrives; nestor when
// connecting or setting it). Recordables: V_m, w, g_1, g_2, ...
// nestor fixes the number of ports when the nodes are created (core/array_params.hpp).

#include <array>
#include <optional>
#include <vector>

#include "models/neurons/aeif_common.hpp"

namespace nestor::detail {

struct aeif_cond_alpha_multisynapse {
  static constexpr std::string_view name = "aeif_cond_alpha_multisynapse";

  struct P {
    enum : int { n = aeif::n_common };
  };
  static constexpr auto params = aeif::common_params;

  static constexpr int n_groups = 1;  // group 0: the receptor ports
  struct A {
    enum : int { E_rev, tau_syn, n };
  };
  static constexpr double E_rev_default[] = {0.0};
  static constexpr double tau_syn_default[] = {2.0};
  static constexpr std::array<array_spec, A::n> arrays{{
      {"E_rev", E_rev_default, unit::mV, check::any,
       "reversal potentials, one per receptor port (ports 1, 2, ...)", 0},
      {"tau_syn", tau_syn_default, unit::ms, check::positive,
       "rise times of the alpha conductances, one per receptor port", 0},
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
  static void validate(const prow<aeif_cond_alpha_multisynapse>& p, const arrays_of_node& a);

  struct derived {
    aeif::constants c;
    std::vector<double> E_rev, tau_syn, g0;  // per port
  };
  static derived prepare(const prow<aeif_cond_alpha_multisynapse>& p, const arrays_of_node& a, double dt);

  /// The right-hand side, as NEST's; y = V, w, then dg_k, g_k for each port.
  struct rhs {
    const derived& d;
    const double& r;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const aeif::constants& c = d.c;
      const bool refractory = r > 0.0;
      const double V = aeif::clamped_V(c, refractory, y[0]);
      double I_syn = 0.0;
      const std::size_t K = d.tau_syn.size();
      for (std::size_t k = 0; k < K; ++k) I_syn += y[3 + 2 * k] * (d.E_rev[k] - V);
      const double I_spike = aeif::spike_current(c, V);
      f[0] = refractory ? 0.0 : (-c.g_L * (V - c.E_L) + I_spike + I_syn - y[1] + c.I_e + I_stim) / c.C_m;
      f[1] = (c.a * (V - c.E_L) - y[1]) / c.tau_w;
      for (std::size_t k = 0; k < K; ++k) {
        f[2 + 2 * k] = -y[2 + 2 * k] / d.tau_syn[k];
        f[3 + 2 * k] = y[2 + 2 * k] - y[3 + 2 * k] / d.tau_syn[k];
      }
      return 0;
    }
  };

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar) {
    std::vector<double>& dg = ar.s[E::dg];
    std::vector<double>& g = ar.s[E::g];
    const std::size_t K = g.size();
    thread_local std::vector<double> y;
    y.resize(2 + 2 * K);
    y[0] = s[S::V_m];
    y[1] = s[S::w];
    for (std::size_t k = 0; k < K; ++k) y[2 + 2 * k] = dg[k], y[3 + 2 * k] = g[k];
    double r = s[S::r], h = s[S::h];
    rhs f{d, r, s[S::I_stim]};
    const unsigned spikes = aeif::step_n(y.size(), y.data(), r, h, d.c, f, 1);
    for (std::size_t k = 0; k < K; ++k) {
      dg[k] = y[2 + 2 * k] + in[int(k)] * d.g0[k];
      g[k] = y[3 + 2 * k];
    }
    s[S::V_m] = y[0];
    s[S::w] = y[1];
    s[S::r] = r;
    s[S::h] = h;
    s[S::I_stim] = in[int(K)];
    return spikes;
  }
};

}  // namespace nestor::detail
