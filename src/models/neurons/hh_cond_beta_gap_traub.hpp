#pragma once
// hh_cond_beta_gap_traub: Hodgkin-Huxley neuron with Traub's kinetics (Traub & Miles 1991, as
// hh_cond_exp_traub) and beta-shaped (double exponential) synaptic conductances:
//
//   C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//               - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   dx/dt = alpha_x(u) - (alpha_x(u) + beta_x(u)) x  for x = m, h, n, u = V - V_T (hh_common.hpp)
//   d(dg_x)/dt = -dg_x / tau_decay_x,   dg_x/dt = dg_x - g_x / tau_rise_x
//
// A spike of weight w (nS) adds w * beta_peak_normalisation(tau_rise_x, tau_decay_x) to dg_x, so that
// g_x peaks at w (w > 0 excitatory, w < 0 inhibitory as -w). As NEST 3.9
// (models/hh_cond_beta_gap_traub.cpp): GSL's RKF45 over each step (absolute error 1e-3, relative 0,
// per-node integration step size), then the step's spikes into dg, then the HH spike rule (V >= V_T + 30
// mV and V fell during the step, then t_ref steps of pseudo-refractoriness), then the step's current is
// latched for the next step. Initial state as NEST's defaults: V_m = E_L = -60 mV and m, h, n =
// alpha/(alpha + beta) evaluated at u = V_m itself, not V_m - V_T (NEST's quirk, as hh_cond_exp_traub);
// they are not recomputed when V_m or parameters are set. Default V_T is -50 mV (hh_cond_exp_traub: -63).
//
// Gap junctions (NEST's gap_junction synapse, core/gap_junctions.hpp): the gap current I_gap(t) =
// -sum_j g_ij V + sum_j g_ij p_j(t) (p_j: the waveform node j sent for the step, t = time / dt) enters
// the membrane current between I_stim and I_e, as in NEST's hh_cond_beta_gap_traub_dynamics;
// wfr_step and gap_dVdt are NEST's update_ with called_from_wfr_update. Without gap junctions the
// model equals NEST's (its NEST case, which has no gap connections, agrees bitwise).
// Differs from NEST: dg_ex / dg_in (nS/ms) are plain numbers, nestor has no unit nS/ms.

#include <array>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"
#include "models/neurons/hh_common.hpp"

namespace nestor::detail {

struct hh_cond_beta_gap_traub {
  static constexpr std::string_view name = "hh_cond_beta_gap_traub";

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
      tau_rise_ex,
      tau_decay_ex,
      tau_rise_in,
      tau_decay_in,
      t_ref,
      I_e,
      n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"g_Na", 20000.0, unit::nS, check::nonnegative, "sodium peak conductance"},
      {"g_K", 6000.0, unit::nS, check::nonnegative, "potassium peak conductance"},
      {"g_L", 10.0, unit::nS, check::nonnegative, "leak conductance"},
      {"C_m", 200.0, unit::pF, check::positive, "membrane capacitance"},
      {"E_Na", 50.0, unit::mV, check::any, "sodium reversal potential"},
      {"E_K", -90.0, unit::mV, check::any, "potassium reversal potential"},
      {"E_L", -60.0, unit::mV, check::any, "leak reversal potential"},
      {"V_T", -50.0, unit::mV, check::any,
       "voltage offset of the gating kinetics (spike detection at V_T + 30)"},
      {"E_ex", 0.0, unit::mV, check::any, "excitatory reversal potential"},
      {"E_in", -80.0, unit::mV, check::any, "inhibitory reversal potential"},
      {"tau_rise_ex", 0.5, unit::ms, check::positive, "rise time of the excitatory conductance"},
      {"tau_decay_ex", 5.0, unit::ms, check::positive, "decay time of the excitatory conductance"},
      {"tau_rise_in", 0.5, unit::ms, check::positive, "rise time of the inhibitory conductance"},
      {"tau_decay_in", 10.0, unit::ms, check::positive, "decay time of the inhibitory conductance"},
      {"t_ref", 2.0, unit::ms, check::nonnegative,
       "duration of the pseudo-refractory period (no spike detection)"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
  }};

  struct S {
    enum : int { V_m, Act_m, Inact_h, Act_n, dg_ex, g_ex, dg_in, g_in, I_stim, r, h, n };
  };
  // Gating defaults: NEST's alpha/(alpha + beta) at u = V_m = -60 mV (see the head comment).
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -60.0, unit::mV, "membrane potential"},
      {"Act_m", 9.895563096746586e-09, unit::none, "sodium activation m"},
      {"Inact_h", 0.999999999106396, unit::none, "sodium inactivation h"},
      {"Act_n", 2.551577051602551e-07, unit::none, "potassium activation n"},
      {"dg_ex", 0.0, unit::none, "derivative of the excitatory conductance (nS/ms)", -1, false, false},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance", -1, true, false},
      {"dg_in", 0.0, unit::none, "derivative of the inhibitory conductance (nS/ms)", -1, false, false},
      {"g_in", 0.0, unit::nS, "inhibitory synaptic conductance", -1, true, false},
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

  static void validate(const prow<hh_cond_beta_gap_traub>&) {}  // NEST's rules are all per parameter
  static void validate_state(const prow<hh_cond_beta_gap_traub>& p, const std::array<double, S::n>& s);

  struct derived {
    double g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, V_T, E_ex, E_in, I_e, dt;
    double tau_rise_ex, tau_decay_ex, tau_rise_in, tau_decay_in;
    double init_ex, init_in;  ///< jump of dg per nS of weight (NEST's PSConInit_E / PSConInit_I)
    double refractory_steps;
  };
  static derived prepare(const prow<hh_cond_beta_gap_traub>& p, double dt);

  /// The right-hand side, as NEST's hh_cond_beta_gap_traub_dynamics (gap: the gap input, null for
  /// none); y = V, m, h, n, dg_ex, g_ex, dg_in, g_in.
  struct rhs {
    const derived& d;
    double I_stim;
    const gap_input* gap = nullptr;
    int operator()(double time, const double* y, double* f) const {
      const double V = y[0], m = y[1], h = y[2], n = y[3];
      const double I_Na = d.g_Na * m * m * m * h * (V - d.E_Na);
      const double I_K = d.g_K * n * n * n * n * (V - d.E_K);
      const double I_L = d.g_L * (V - d.E_L);
      const double I_ex = y[5] * (V - d.E_ex);
      const double I_in = y[7] * (V - d.E_in);
      double I = -I_Na - I_K - I_L - I_ex - I_in + I_stim;
      if (gap) I += gap->current(V, time / d.dt);
      f[0] = (I + d.I_e) / d.C_m;
      traub_gates(V - d.V_T, m, h, n, &f[1], &f[2], &f[3]);
      f[4] = -y[4] / d.tau_decay_ex;
      f[5] = y[4] - y[5] / d.tau_rise_ex;
      f[6] = -y[6] / d.tau_decay_in;
      f[7] = y[6] - y[7] / d.tau_rise_in;
      return 0;
    }
  };

  static constexpr bool gap_junctions = true;

  static unsigned update(srow s, const derived& d, inputs in, const gap_input* gap = nullptr) {
    double y[8];
    for (int k = 0; k < 8; ++k) y[k] = s[k];  // V_m, Act_m, ..., g_in lead the state in NEST's order
    const double V_old = y[0];
    rhs f{d, s[S::I_stim], gap};
    hh_integrate<8>(y, s[S::h], d.dt, 1e-3, f);
    y[4] += in[0] * d.init_ex;
    y[6] -= in[1] * d.init_in;  // inhibitory spikes arrive with w < 0: dg_in grows by -w
    const unsigned spikes = hh_spike(s, S::r, V_old, y[0], d.V_T + 30.0, d.refractory_steps);
    for (int k = 0; k < 8; ++k) s[k] = y[k];
    s[S::I_stim] = in[2];
    return spikes;
  }

  /// The waveform relaxation's tentative step on a copy st of the state (neuron_population.hpp).
  static void wfr_step(double* st, const derived& d, inputs in, const gap_input& gap) {
    rhs f{d, st[S::I_stim], &gap};
    hh_integrate<8>(st, st[S::h], d.dt, 1e-3, f);
    st[S::dg_ex] += in[0] * d.init_ex;
    st[S::dg_in] -= in[1] * d.init_in;
  }
  static double gap_dVdt(const double* st, const derived& d, const gap_input& gap, double time) {
    return hh_dVdt<8>(rhs{d, st[S::I_stim], &gap}, st, time);
  }
};

}  // namespace nestor::detail
