#pragma once
// glif_psc: NEST's current-based generalized leaky integrate-and-fire models (GLIF 1 to 5, Teeter et al.
// 2018; the variant, the membrane, threshold and after-spike current step: glif_psc_common.hpp) with an
// alpha-shaped synaptic current per receptor port k (time constant tau_syn[k], peak w at t = tau_syn[k]):
//
//   C_m dV/dt = -g (V - E_L) + I + sum_j ASC_j + sum_k I_syn_k
//   I_syn_k(t) = w e (t - t_a)/tau_syn[k] exp(-(t - t_a)/tau_syn[k])   per spike of weight w on port k
//
// Exact integration on the grid as NEST 3.9 (models/glif_psc.cpp): the ports' terms P31_k y1_k + P32_k
// y2_k (NEST's IAFPropagatorAlpha with tau_m = C_m/g) join V_m in the non-refractory step; then every
// port advances (y2 <- P21 y1 + P22 y2, y1 <- P11 y1) and takes its spikes (y1 += e/tau_syn w, any sign).
// Receptor ports count from 1 to len(tau_syn); currents arrive on port 0; no I_e (NEST has none).
// Recordables as NEST: V_m, ASCurrents_sum, I, I_syn, threshold, threshold_spike, threshold_voltage.
// nestor fixes the number of ports when the nodes are created (core/array_params.hpp); ASCurrents (NEST's
// state vector) is not readable or settable in nestor (no get/set for element state in the engine).

#include <array>
#include <optional>
#include <vector>

#include "models/neurons/glif_psc_common.hpp"

namespace nestor::detail {

struct glif_psc {
  static constexpr std::string_view name = "glif_psc";
  using P = glif::P;
  using S = glif::S;
  static constexpr auto params = glif::params;
  static constexpr auto state = glif::state;

  static constexpr int n_groups = glif::n_groups;
  struct A {
    enum : int { asc_init, asc_decay, asc_amps, asc_r, tau_syn, n };
  };
  static constexpr double tau_syn_default[] = {2.0};
  static constexpr std::array<array_spec, A::n> arrays{{
      glif::asc_arrays[0],
      glif::asc_arrays[1],
      glif::asc_arrays[2],
      glif::asc_arrays[3],
      {"tau_syn", tau_syn_default, unit::ms, check::positive,
       "rise time constants of the alpha-shaped synaptic currents, one per receptor port (1, 2, ...)",
       glif::g_ports},
  }};
  struct E {
    enum : int { ASCurrents, y1, y2, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      glif::asc_element,
      {"y1", 0.0, unit::pA, "derivative term of a port's alpha current (pA/ms)", glif::g_ports, false},
      {"y2", 0.0, unit::pA, "a port's alpha current", glif::g_ports, false},
  }};

  // Channels: one per receptor port (spikes), then the current input.
  static int channels(const group_sizes<n_groups>& k) { return int(k[glif::g_ports]) + 1; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor < 1 || receptor > int(k[glif::g_ports])) return std::nullopt;
    return port{receptor - 1, 0};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor != 0) return std::nullopt;
    return port{int(k[glif::g_ports]), 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<glif_psc>& p, const arrays_of_node& a);

  struct derived {
    glif::core c;
    std::vector<double> P11, P21, P31, P32, psc_init;  // per port (P22 = P11)
  };
  static derived prepare(const prow<glif_psc>& p, const arrays_of_node& a, double dt);

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar) {
    std::vector<double>& y1 = ar.s[E::y1];
    std::vector<double>& y2 = ar.s[E::y2];
    const std::size_t K = y1.size();
    const unsigned spiked = glif::step(s, d.c, ar.s[E::ASCurrents], [&](double& U) {
      double I_syn = 0.0;
      for (std::size_t k = 0; k < K; ++k) {
        U += d.P31[k] * y1[k] + d.P32[k] * y2[k];
        I_syn += y2[k];
      }
      return I_syn;
    });
    for (std::size_t k = 0; k < K; ++k) {
      y2[k] = d.P21[k] * y1[k] + d.P11[k] * y2[k];
      y1[k] *= d.P11[k];
      y1[k] += d.psc_init[k] * in[int(k)];
    }
    s[S::I] = in[int(K)];
    return spiked;
  }
};

}  // namespace nestor::detail
