#pragma once
// gif_psc_exp_multisynapse: gif_psc_exp (see gif_psc_exp.hpp for the membrane, the kernels and the escape
// noise) with any number of receptor ports, each with its own exponential current (tau_syn[k]), as NEST
// 3.9 (models/gif_psc_exp_multisynapse.{h,cpp}):
//
//   C_m dV/dt = -g_L (V - E_L) - I_stc + sum_k I_syn_k + I_e + I_stim,  dI_syn_k/dt = -I_syn_k/tau_syn[k]
//
// Per step as gif_psc_exp except for the synaptic currents: NEST takes their effect on V from their
// values at the start of the step (sum_k P21_k I_syn_k), then decays them and adds this step's spikes of
// port k (any sign), so an input acts on V one step later than in gif_psc_exp (as in iaf_psc_exp).
// Receptor ports count from 1 to len(tau_syn) (default [2.0]); nestor fixes their number when the nodes
// are created (NEST refuses fewer ports once connected). Recordables as NEST: V_m, E_sfa, I_stc (the
// port currents are not recordable in NEST). Units, defaults and the random stream as gif_psc_exp.

#include <array>
#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include "core/neuron_population.hpp"
#include "models/neurons/gif_kernels.hpp"

namespace nestor::detail {

struct gif_psc_exp_multisynapse {
  static constexpr std::string_view name = "gif_psc_exp_multisynapse";
  struct P {
    enum : int { I_e, E_L, g_L, C_m, V_reset, Delta_V, V_T_star, lambda_0, t_ref, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"E_L", -70.0, unit::mV, check::any, "leak reversal potential"},
      {"g_L", 4.0, unit::nS, check::positive, "leak conductance"},
      {"C_m", 80.0, unit::pF, check::positive, "membrane capacitance"},
      {"V_reset", -55.0, unit::mV, check::any, "membrane potential held during the refractory period"},
      {"Delta_V", 0.5, unit::mV, check::positive, "stochasticity level of the escape rate"},
      {"V_T_star", -35.0, unit::mV, check::any, "base firing threshold"},
      {"lambda_0", 1.0, unit::Hz, check::nonnegative, "stochastic intensity at the firing threshold"},
      {"t_ref", 4.0, unit::ms, check::nonnegative, "duration of the refractory period"},
  }};

  static constexpr int n_groups = 3;  // 0: spike-triggered currents, 1: threshold kernels, 2: ports
  struct A {
    enum : int { tau_stc, q_stc, tau_sfa, q_sfa, tau_syn, n };
  };
  static constexpr double tau_syn_default[] = {2.0};
  static constexpr std::array<array_spec, A::n> arrays{{
      {"tau_stc", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the spike-triggered currents (default none)", 0},
      {"q_stc", std::span<const double>{}, unit::pA, check::any,
       "jumps of the spike-triggered currents at each spike (NEST's numbers; it documents nA)", 0},
      {"tau_sfa", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the threshold adaptation kernels (default none)", 1},
      {"q_sfa", std::span<const double>{}, unit::mV, check::any,
       "jumps of the threshold kernels at each spike", 1},
      {"tau_syn", tau_syn_default, unit::ms, check::positive,
       "time constants of the synaptic currents, one per receptor port (ports 1, 2, ...)", 2},
  }};
  struct E {
    enum : int { stc, sfa, I_syn, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      {"stc", 0.0, unit::pA, "value of a spike-triggered current kernel", 0, false},
      {"sfa", 0.0, unit::mV, "value of a threshold adaptation kernel", 1, false},
      {"I_syn", 0.0, unit::pA, "synaptic current of a receptor port", 2, false},
  }};

  struct S {
    enum : int { V_m, E_sfa, I_stc, I_stim, r, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"E_sfa", 0.0, unit::mV, "adaptive threshold V_T_star + sum of the kernels (start of the step)"},
      {"I_stc", 0.0, unit::pA, "spike-triggered current: sum of the kernels (start of the step)"},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
  }};

  // Channels: one per receptor port (spikes), then the current input.
  static int channels(const group_sizes<n_groups>& k) { return int(k[2]) + 1; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor < 1 || receptor > int(k[2])) return std::nullopt;
    return port{receptor - 1, 0};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor != 0) return std::nullopt;
    return port{int(k[2]), 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<gif_psc_exp_multisynapse>& p, const arrays_of_node& a);
  static constexpr bool needs_rng = true;

  struct derived {
    double P33, P30, P31;
    double E_L, I_e, V_reset, V_T_star, Delta_V, lambda_0, h, refractory_steps;  // lambda_0 in 1/ms
    std::vector<double> P_stc, P_sfa, P11, P21;                                  // P11, P21 per port
  };
  static derived prepare(const prow<gif_psc_exp_multisynapse>& p, const arrays_of_node& a, double dt);
  static bool draws(const derived& d) { return d.lambda_0 > 0.0; }

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar, const node_rng* rng) {
    s[S::I_stc] = gif_kernels_sum_then_decay(ar.s[E::stc], d.P_stc, 0.0);
    s[S::E_sfa] = gif_kernels_sum_then_decay(ar.s[E::sfa], d.P_sfa, d.V_T_star);
    std::vector<double>& I = ar.s[E::I_syn];
    const std::size_t K = I.size();
    double syn = 0.0;  // the currents' effect on V, from their values at the start of the step
    for (std::size_t k = 0; k < K; ++k) {
      syn += d.P21[k] * I[k];
      I[k] = d.P11[k] * I[k];
      I[k] += in[int(k)];
    }
    unsigned spikes = 0;
    if (s[S::r] == 0.0) {
      s[S::V_m] = d.P30 * (s[S::I_stim] + d.I_e - s[S::I_stc]) + d.P33 * s[S::V_m] + d.P31 * d.E_L + syn;
      const double lambda = d.lambda_0 * std::exp((s[S::V_m] - s[S::E_sfa]) / d.Delta_V);
      if (lambda > 0.0 && rng && rng->stream().uniform() < -std::expm1(-lambda * d.h)) {
        gif_kernels_jump(ar.s[E::stc], ar.p[A::q_stc]);
        gif_kernels_jump(ar.s[E::sfa], ar.p[A::q_sfa]);
        s[S::r] = d.refractory_steps;
        spikes = 1;
      }
    } else {
      s[S::r] -= 1.0;
      s[S::V_m] = d.V_reset;
    }
    s[S::I_stim] = in[int(K)];
    return spikes;
  }
};

}  // namespace nestor::detail
