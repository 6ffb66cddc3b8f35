#pragma once
// iaf_psc_alpha_multisynapse: iaf_psc_alpha with any number of receptor ports, each with its own
// alpha-shaped current (time constant tau_syn[k], peak w pA at t = tau_syn[k] after a spike):
//
//   dV/dt = -(V - E_L)/tau_m + (sum_k I_syn_k + I_e + I_0)/C_m
//   dI_syn_k/dt = dI_k - I_syn_k/tau_syn[k];  d(dI_k)/dt = -dI_k/tau_syn[k] + e/tau_syn[k] sum_j w_j delta(t
//   - t_j)
//
// Exact integration on the grid as NEST 3.9 (models/iaf_psc_alpha_multisynapse.cpp): if not refractory,
// V <- P33 V + P30 (I_0 + I_e), then V += P31_k dI_k + P32_k I_syn_k port by port, and V is bounded
// below by V_min; each port's current and derivative are propagated and take the port's spikes (any
// sign); threshold and reset as iaf_psc_alpha; the step's current input (port 0) is latched.
// Receptor ports count from 1 to len(tau_syn). tau_syn[k] == tau_m is accepted: the propagators fall
// back to the singular solution (iaf_propagator.hpp). V_m, V_th, V_reset and V_min are stored
// relative to E_L. Recordables: V_m, I_syn (the sum of the port currents), I_syn_1 ... I_syn_n.

#include <array>
#include <limits>
#include <optional>
#include <vector>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct iaf_psc_alpha_multisynapse {
  static constexpr std::string_view name = "iaf_psc_alpha_multisynapse";
  static constexpr double inf = std::numeric_limits<double>::infinity();

  struct P {
    enum : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, I_e, V_min, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"t_ref", 2.0, unit::ms, check::nonnegative, "duration of the refractory period"},
      {"V_th", -55.0, unit::mV, check::any, "spike threshold", P::E_L},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane", P::E_L},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_min", -inf, unit::mV, check::any_or_neg_inf, "absolute lower bound of the membrane potential",
       P::E_L},
  }};

  static constexpr int n_groups = 1;  // group 0: the receptor ports
  struct A {
    enum : int { tau_syn, n };
  };
  static constexpr double tau_syn_default[] = {2.0};
  static constexpr std::array<array_spec, A::n> arrays{{
      {"tau_syn", tau_syn_default, unit::ms, check::positive,
       "rise times of the synaptic alpha currents, one per receptor port (ports 1, 2, ...)", 0},
  }};
  struct E {
    enum : int { I_syn, dI_syn, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      {"I_syn", 0.0, unit::pA, "synaptic current of a receptor port", 0},
      {"dI_syn", 0.0, unit::none, "derivative of a port's synaptic current (pA/ms)", 0, false},
  }};

  struct S {
    enum : int { V_m, I_syn, I_0, r, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_syn", 0.0, unit::pA, "total synaptic current (the sum of the ports' currents)", -1, true, false},
      {"I_0", 0.0, unit::pA, "current input on port 0, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
  }};

  // Channels: one per receptor port (spikes), then the current input.
  static int channels(const group_sizes<n_groups>& k) { return int(k[0]) + 1; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor < 1 || receptor > int(k[0])) return std::nullopt;
    return port{receptor - 1, 0};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor != 0) return std::nullopt;
    return port{int(k[0]), 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<iaf_psc_alpha_multisynapse>& p, const arrays_of_node& a);

  struct derived {
    double P33, P30, I_e, V_th, V_reset, V_min, refractory_steps;
    std::vector<double> P11, P21, P31, P32, psc_init;  // per port (P22 == P11)
  };
  static derived prepare(const prow<iaf_psc_alpha_multisynapse>& p, const arrays_of_node& a, double dt);

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar) {
    std::vector<double>& I = ar.s[E::I_syn];
    std::vector<double>& dI = ar.s[E::dI_syn];
    const std::size_t K = I.size();
    if (s[S::r] == 0.0) {
      double v = d.P30 * (s[S::I_0] + d.I_e) + d.P33 * s[S::V_m];
      for (std::size_t k = 0; k < K; ++k) v += d.P31[k] * dI[k] + d.P32[k] * I[k];
      s[S::V_m] = v < d.V_min ? d.V_min : v;
    } else {
      s[S::r] -= 1.0;
    }
    for (std::size_t k = 0; k < K; ++k) {
      I[k] = d.P21[k] * dI[k] + d.P11[k] * I[k];
      dI[k] *= d.P11[k];
      dI[k] += d.psc_init[k] * in[int(k)];
    }
    unsigned spikes = 0;
    if (s[S::V_m] >= d.V_th) {
      s[S::r] = d.refractory_steps;
      s[S::V_m] = d.V_reset;
      spikes = 1;
    }
    s[S::I_0] = in[int(K)];
    double total = 0.0;  // the recordable I_syn: the port currents summed at the end of the step
    for (std::size_t k = 0; k < K; ++k) total += I[k];
    s[S::I_syn] = total;
    return spikes;
  }
};

}  // namespace nestor::detail
