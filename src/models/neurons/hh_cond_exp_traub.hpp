#pragma once
// hh_cond_exp_traub: Hodgkin-Huxley neuron with Traub's kinetics (Traub & Miles 1991, as modified by
// Brette et al. 2007) and exponentially decaying synaptic conductances:
//
//   C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//               - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   dx/dt = alpha_x (1 - x) - beta_x x  for x = m, h, n, with u = V - V_T (rates in 1/ms):
//     alpha_m = 0.32 (13 - u) / (exp((13 - u)/4) - 1),   beta_m = 0.28 (u - 40) / (exp((u - 40)/5) - 1)
//     alpha_h = 0.128 exp((17 - u)/18),                  beta_h = 4 / (1 + exp((40 - u)/5))
//     alpha_n = 0.032 (15 - u) / (exp((15 - u)/5) - 1),  beta_n = 0.5 exp((10 - u)/40)
//   dg_ex/dt = -g_ex / tau_syn_ex,   dg_in/dt = -g_in / tau_syn_in
//
// As NEST 3.9 (models/hh_cond_exp_traub.cpp): GSL's RKF45 over each step (absolute error 1e-3,
// relative 0, per-node integration step size); then the step's spikes are added to the conductances
// (w > 0 to g_ex, w < 0 as -w to g_in, in nS); a spike is emitted when the node is not refractory,
// V >= V_T + 30 mV and V fell during the step (peak just passed); t_ref steps of pseudo-refractoriness
// follow (spike detection off, nothing clamped). The step's current input is latched for the next step.
// Initial state as NEST's defaults: V_m = E_L = -60 mV and m, h, n = alpha/(alpha + beta) evaluated
// with u = V_m itself, not V_m - V_T (NEST's quirk: so m, n start near 0 and h near 1, not at their
// steady state); like NEST they are not recomputed when V_m or parameters are set.

#include <array>
#include <cmath>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"
#include "models/neurons/hh_common.hpp"

namespace nestor::detail {

struct hh_cond_exp_traub {
  static constexpr std::string_view name = "hh_cond_exp_traub";

  struct P {
    enum : int {
      g_Na,
      g_K,
      g_L,
      C_m,
      E_Na,
      E_K,
      E_L,
      V_T,
      E_ex,
      E_in,
      tau_syn_ex,
      tau_syn_in,
      t_ref,
      I_e,
      n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"g_Na", 20000.0, unit::nS, check::any, "sodium peak conductance"},
      {"g_K", 6000.0, unit::nS, check::any, "potassium peak conductance"},
      {"g_L", 10.0, unit::nS, check::any, "leak conductance"},
      {"C_m", 200.0, unit::pF, check::positive, "membrane capacitance"},
      {"E_Na", 50.0, unit::mV, check::any, "sodium reversal potential"},
      {"E_K", -90.0, unit::mV, check::any, "potassium reversal potential"},
      {"E_L", -60.0, unit::mV, check::any, "leak reversal potential"},
      {"V_T", -63.0, unit::mV, check::any,
       "voltage offset of the gating kinetics (spike detection at V_T + 30)"},
      {"E_ex", 0.0, unit::mV, check::any, "excitatory reversal potential"},
      {"E_in", -80.0, unit::mV, check::any, "inhibitory reversal potential"},
      {"tau_syn_ex", 5.0, unit::ms, check::positive, "decay time of the excitatory conductance"},
      {"tau_syn_in", 10.0, unit::ms, check::positive, "decay time of the inhibitory conductance"},
      {"t_ref", 2.0, unit::ms, check::nonnegative,
       "duration of the pseudo-refractory period (no spike detection)"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
  }};

  struct S {
    enum : int { V_m, g_ex, g_in, Act_m, Inact_h, Act_n, I_stim, r, h, n };
  };
  // Gating defaults: NEST's alpha/(alpha + beta) at u = V_m = -60 mV (see the head comment).
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -60.0, unit::mV, "membrane potential"},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance", -1, true, false},
      {"g_in", 0.0, unit::nS, "inhibitory synaptic conductance", -1, true, false},
      {"Act_m", 9.895563096746586e-09, unit::none, "sodium activation m"},
      {"Inact_h", 0.999999999106396, unit::none, "sodium inactivation h"},
      {"Act_n", 2.551577051602551e-07, unit::none, "potassium activation n"},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  // Channels: excitatory and inhibitory spikes (split by sign, in nS), current input.
  static constexpr int n_channels = 3;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  static void validate(const prow<hh_cond_exp_traub>&) {}  // NEST's rules are all per parameter
  static void validate_state(const prow<hh_cond_exp_traub>& p, const std::array<double, S::n>& s);

  struct derived {
    double g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, V_T, E_ex, E_in, tau_syn_ex, tau_syn_in, I_e, dt;
    double refractory_steps;
  };
  static derived prepare(const prow<hh_cond_exp_traub>& p, double dt);

  /// The right-hand side, as NEST's hh_cond_exp_traub_dynamics; y = V, g_ex, g_in, m, h, n.
  struct rhs {
    const derived& d;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const double V = y[0], m = y[3], h = y[4], n = y[5];
      const double I_Na = d.g_Na * m * m * m * h * (V - d.E_Na);
      const double I_K = d.g_K * n * n * n * n * (V - d.E_K);
      const double I_L = d.g_L * (V - d.E_L);
      const double I_ex = y[1] * (V - d.E_ex);
      const double I_in = y[2] * (V - d.E_in);
      f[0] = (-I_Na - I_K - I_L - I_ex - I_in + I_stim + d.I_e) / d.C_m;
      f[1] = -y[1] / d.tau_syn_ex;
      f[2] = -y[2] / d.tau_syn_in;
      traub_gates(V - d.V_T, m, h, n, &f[3], &f[4], &f[5]);
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in) {
    double y[6] = {s[S::V_m], s[S::g_ex], s[S::g_in], s[S::Act_m], s[S::Inact_h], s[S::Act_n]};
    const double V_old = y[0];
    rhs f{d, s[S::I_stim]};
    hh_integrate<6>(y, s[S::h], d.dt, 1e-3, f);
    y[1] += in[0];
    y[2] -= in[1];  // inhibitory spikes arrive with w < 0: the conductance grows by -w
    const unsigned spikes = hh_spike(s, S::r, V_old, y[0], d.V_T + 30.0, d.refractory_steps);
    for (int k = 0; k < 6; ++k) s[k] = y[k];  // V_m, g_ex, g_in, Act_m, Inact_h, Act_n lead the state
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
