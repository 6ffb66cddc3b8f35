#pragma once
// glif_psc_double_alpha: glif_psc (GLIF 1 to 5, glif_psc_common.hpp) whose synaptic current on receptor
// port k is the sum of a fast and a slow alpha function (time constants tau_syn_fast[k], tau_syn_slow[k];
// the slow one scaled by amp_slow[k]): a spike of weight w starts
//
//   I_k(s) = w e s/tau_f exp(-s/tau_f) + amp_slow w e s/tau_s exp(-s/tau_s),   s = t - t_a.
//
// Exact integration on the grid as NEST 3.9 (models/glif_psc_double_alpha.cpp): the fast terms of all
// ports join V_m, then the slow terms (NEST's IAFPropagatorAlpha with tau_m = C_m/g); I_syn is the sum of
// the fast currents plus the sum of the slow ones at the start of the step; both alpha functions of every
// port then advance and take the port's spikes (any sign). Ports count from 1 to len(tau_syn_fast);
// currents arrive on port 0; no I_e. Recordables as NEST: V_m, ASCurrents_sum, I, I_syn, threshold,
// threshold_spike, threshold_voltage.
// Differs from NEST: tau_syn_fast, tau_syn_slow and amp_slow must have the same length (NEST does not
// check, and reads past the shorter arrays); the number of ports is fixed when the nodes are created;
// ASCurrents is not readable or settable (no get/set for element state in the engine).

#include <array>
#include <optional>
#include <vector>

#include "models/neurons/glif_psc_common.hpp"

namespace nestor::detail {

struct glif_psc_double_alpha {
  static constexpr std::string_view name = "glif_psc_double_alpha";
  using P = glif::P;
  using S = glif::S;
  static constexpr auto params = glif::params;
  static constexpr auto state = glif::state;

  static constexpr int n_groups = glif::n_groups;
  struct A {
    enum : int { asc_init, asc_decay, asc_amps, asc_r, tau_syn_fast, tau_syn_slow, amp_slow, n };
  };
  static constexpr double tau_syn_fast_default[] = {2.0};
  static constexpr double tau_syn_slow_default[] = {6.0};
  static constexpr double amp_slow_default[] = {0.3};
  static constexpr std::array<array_spec, A::n> arrays{{
      glif::asc_arrays[0],
      glif::asc_arrays[1],
      glif::asc_arrays[2],
      glif::asc_arrays[3],
      {"tau_syn_fast", tau_syn_fast_default, unit::ms, check::positive,
       "time constants of the fast alpha currents, one per receptor port (1, 2, ...)", glif::g_ports},
      {"tau_syn_slow", tau_syn_slow_default, unit::ms, check::positive,
       "time constants of the slow alpha currents, one per receptor port", glif::g_ports},
      {"amp_slow", amp_slow_default, unit::none, check::positive,
       "peak of the slow alpha current relative to the fast one, one per receptor port", glif::g_ports},
  }};
  struct E {
    enum : int { ASCurrents, y1_fast, y2_fast, y1_slow, y2_slow, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      glif::asc_element,
      {"y1_fast", 0.0, unit::pA, "derivative term of a port's fast alpha current (pA/ms)", glif::g_ports,
       false},
      {"y2_fast", 0.0, unit::pA, "a port's fast alpha current", glif::g_ports, false},
      {"y1_slow", 0.0, unit::pA, "derivative term of a port's slow alpha current (pA/ms)", glif::g_ports,
       false},
      {"y2_slow", 0.0, unit::pA, "a port's slow alpha current", glif::g_ports, false},
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
  static void validate(const prow<glif_psc_double_alpha>& p, const arrays_of_node& a);

  struct alpha_terms {  // per port (P22 = P11)
    std::vector<double> P11, P21, P31, P32, psc_init;
  };
  struct derived {
    glif::core c;
    alpha_terms fast, slow;
  };
  static derived prepare(const prow<glif_psc_double_alpha>& p, const arrays_of_node& a, double dt);

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar) {
    std::vector<double>& y1f = ar.s[E::y1_fast];
    std::vector<double>& y2f = ar.s[E::y2_fast];
    std::vector<double>& y1s = ar.s[E::y1_slow];
    std::vector<double>& y2s = ar.s[E::y2_slow];
    const std::size_t K = y1f.size();
    const unsigned spiked = glif::step(s, d.c, ar.s[E::ASCurrents], [&](double& U) {
      double I_fast = 0.0, I_slow = 0.0;
      for (std::size_t k = 0; k < K; ++k) {
        U += d.fast.P31[k] * y1f[k] + d.fast.P32[k] * y2f[k];
        I_fast += y2f[k];
      }
      for (std::size_t k = 0; k < K; ++k) {
        U += d.slow.P31[k] * y1s[k] + d.slow.P32[k] * y2s[k];
        I_slow += y2s[k];
      }
      return I_fast + I_slow;
    });
    for (std::size_t k = 0; k < K; ++k) {
      const double w = in[int(k)];
      y2f[k] = d.fast.P21[k] * y1f[k] + d.fast.P11[k] * y2f[k];
      y1f[k] *= d.fast.P11[k];
      y1f[k] += d.fast.psc_init[k] * w;
      y2s[k] = d.slow.P21[k] * y1s[k] + d.slow.P11[k] * y2s[k];
      y1s[k] *= d.slow.P11[k];
      y1s[k] += d.slow.psc_init[k] * w;
    }
    s[S::I] = in[int(K)];
    return spiked;
  }
};

}  // namespace nestor::detail
