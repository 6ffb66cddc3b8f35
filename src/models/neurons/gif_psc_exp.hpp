#pragma once
// gif_psc_exp: generalized integrate-and-fire neuron (Mensi et al. 2012, Pozzorini et al. 2015) with
// exponential post-synaptic currents, spike-triggered currents and a moving threshold, firing
// stochastically (escape noise), as NEST 3.9 (models/gif_psc_exp.{h,cpp}):
//
//   C_m dV/dt = -g_L (V - E_L) - I_stc + I_syn_ex + I_syn_in + I_e + I_stim
//   I_stc = sum_j stc_j,  tau_stc[j] d stc_j/dt = -stc_j,  stc_j += q_stc[j] at each spike
//   E_sfa = V_T_star + sum_j sfa_j,  tau_sfa[j] d sfa_j/dt = -sfa_j,  sfa_j += q_sfa[j] at each spike
//   lambda = lambda_0 exp((V - E_sfa)/Delta_V):  a spike in a step with probability 1 - exp(-lambda dt)
//
// Per step (NEST's order): I_stc and E_sfa are the kernel sums at the start of the step, then the kernels
// decay; the synaptic currents decay and take this step's spikes (w >= 0 excitatory, else inhibitory);
// if not refractory, V is propagated exactly with I_stc, I_e and the latched I_stim constant over the
// step and the (already updated) synaptic currents, then one uniform draw u fires if
// u < -expm1(-lambda dt): the kernels jump by q and the refractory count (t_ref converted as NEST's
// Time) starts. While refractory, the count goes down and V is held at V_reset. V is not reset in the
// step of the spike itself (it shows the value it fired at), and with t_ref = 0 never (NEST's quirk).
// Last, the step's current input is latched. V_m, E_L, V_reset are absolute (no storage relative to E_L).
//
// Units as NEST's numbers: lambda_0 in 1/s (Hz) as given to NEST; q_stc acts on the membrane in pA (NEST's
// documentation says nA, but its update adds the number to pA currents, so nestor calls it pA). The
// tau/q lists are empty by default; each pair must have equal lengths. E_sfa and I_stc can be set but,
// as in NEST (which ignores them in SetStatus), the next step recomputes them from the kernels.
// Random numbers: the node's own Philox stream keyed by (seed, node id, step), so results match NEST in
// distribution, not draw for draw, and do not depend on the number of threads.

#include <array>
#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include "core/neuron_population.hpp"
#include "models/neurons/gif_kernels.hpp"

namespace nestor::detail {

struct gif_psc_exp {
  static constexpr std::string_view name = "gif_psc_exp";

  struct P {
    enum : int { I_e, E_L, g_L, C_m, V_reset, Delta_V, V_T_star, lambda_0, t_ref, tau_syn_ex, tau_syn_in, n };
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
      {"tau_syn_ex", 2.0, unit::ms, check::positive, "time constant of the excitatory synaptic current"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "time constant of the inhibitory synaptic current"},
  }};

  static constexpr int n_groups = 2;  // group 0: spike-triggered currents, group 1: threshold kernels
  struct A {
    enum : int { tau_stc, q_stc, tau_sfa, q_sfa, n };
  };
  static constexpr std::array<array_spec, A::n> arrays{{
      {"tau_stc", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the spike-triggered currents (default none)", 0},
      {"q_stc", std::span<const double>{}, unit::pA, check::any,
       "jumps of the spike-triggered currents at each spike (NEST's numbers; it documents nA)", 0},
      {"tau_sfa", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the threshold adaptation kernels (default none)", 1},
      {"q_sfa", std::span<const double>{}, unit::mV, check::any,
       "jumps of the threshold kernels at each spike", 1},
  }};
  struct E {
    enum : int { stc, sfa, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      {"stc", 0.0, unit::pA, "value of a spike-triggered current kernel", 0, false},
      {"sfa", 0.0, unit::mV, "value of a threshold adaptation kernel", 1, false},
  }};

  struct S {
    enum : int { V_m, E_sfa, I_stc, I_syn_ex, I_syn_in, I_stim, r, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"E_sfa", 0.0, unit::mV, "adaptive threshold V_T_star + sum of the kernels (start of the step)"},
      {"I_stc", 0.0, unit::pA, "spike-triggered current: sum of the kernels (start of the step)"},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current", -1, true, false},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current", -1, true, false},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
  }};

  // Input channels: excitatory and inhibitory spikes (split by sign), current input.
  static int channels(const group_sizes<n_groups>&) { return 3; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>&) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>&) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<gif_psc_exp>& p, const arrays_of_node& a);
  static constexpr bool needs_rng = true;

  struct derived {
    double P33, P30, P31, P11_ex, P11_in, P21_ex, P21_in;
    double E_L, I_e, V_reset, V_T_star, Delta_V, lambda_0, h, refractory_steps;  // lambda_0 in 1/ms
    std::vector<double> P_stc, P_sfa;
  };
  static derived prepare(const prow<gif_psc_exp>& p, const arrays_of_node& a, double dt);
  static bool draws(const derived& d) { return d.lambda_0 > 0.0; }

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar, const node_rng* rng) {
    s[S::I_stc] = gif_kernels_sum_then_decay(ar.s[E::stc], d.P_stc, 0.0);
    s[S::E_sfa] = gif_kernels_sum_then_decay(ar.s[E::sfa], d.P_sfa, d.V_T_star);
    s[S::I_syn_ex] = s[S::I_syn_ex] * d.P11_ex + in[0];
    s[S::I_syn_in] = s[S::I_syn_in] * d.P11_in + in[1];
    unsigned spikes = 0;
    if (s[S::r] == 0.0) {
      s[S::V_m] = d.P30 * (s[S::I_stim] + d.I_e - s[S::I_stc]) + d.P33 * s[S::V_m] + d.P31 * d.E_L +
                  s[S::I_syn_ex] * d.P21_ex + s[S::I_syn_in] * d.P21_in;
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
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
