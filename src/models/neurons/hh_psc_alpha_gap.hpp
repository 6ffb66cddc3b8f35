#pragma once
// hh_psc_alpha_gap: Hodgkin-Huxley neuron with the fast-spiking interneuron kinetics of Mancilla et al.
// (2007) - sodium, Kv1 and Kv3 potassium channels - and alpha-shaped synaptic currents:
//
//   C_m dV/dt = -g_Na m^3 h (V - E_Na) - (g_Kv1 n^4 + g_Kv3 p^2) (V - E_K) - g_L (V - E_L)
//               + I_syn_ex + I_syn_in + I_e + I_stim
//   dx/dt = alpha_x(V) (1 - x) - beta_x(V) x   for x = m, h, n, p (rates in 1/ms, V in mV):
//     alpha_m = 40 (V - 75.5) / (1 - exp(-(V - 75.5)/13.5)),  beta_m = 1.2262 / exp(V/42.248)
//     alpha_h = 0.0035 / exp(V/24.186),       beta_h = 0.017 (V + 51.25) / (1 - exp(-(V + 51.25)/5.2))
//     alpha_p = (V - 95) / (1 - exp(-(V - 95)/11.8)),         beta_p = 0.025 / exp(V/22.222)
//     alpha_n = 0.014 (V + 44) / (1 - exp(-(V + 44)/2.3)),    beta_n = 0.0043 / exp((V + 44)/34)
//   alpha currents: d(dI_x)/dt = -dI_x / tau_syn_x,  dI_syn_x/dt = dI_x - I_syn_x / tau_syn_x;
//   a spike of weight w (pA) adds w e/tau_syn_x to dI_x, so that I_syn_x peaks at w.
//
// As NEST 3.9 (models/hh_psc_alpha_gap.cpp): the 9 ODEs are integrated over each step by GSL's RKF45
// (absolute error 1e-6, relative 0 - tighter than hh_psc_alpha's 1e-3 - each node keeping its
// integration step size); then the step's spikes are added to dI (w > 0 excitatory, w < 0 inhibitory,
// sign kept) and the HH spike rule applies (hh_common.hpp: V >= 0 mV and V fell during the step, then
// t_ref steps of pseudo-refractoriness); the step's current input is latched for the next step.
// Initial state as NEST's: V_m = -69.60401191631222 mV (not E_L) and the gating variables at their
// steady state there; like NEST, they are not recomputed when V_m or parameters are set.
//
// Gap junctions (NEST's gap_junction synapse, core/gap_junctions.hpp): the gap current I_gap(t) =
// -sum_j g_ij V + sum_j g_ij p_j(t) (p_j: the waveform node j sent for the step, t = time / dt) is
// added last to the membrane current, as NEST's hh_psc_alpha_gap_dynamics; wfr_step and gap_dVdt are
// NEST's update_ with called_from_wfr_update (integration and the step's spikes only; I_stim stays the
// value latched before the slice). Without gap junctions the model equals NEST's: its NEST case (no gap
// connections) agrees bitwise.

#include <array>
#include <cmath>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"
#include "models/neurons/hh_common.hpp"

namespace nestor::detail {

struct hh_psc_alpha_gap {
  static constexpr std::string_view name = "hh_psc_alpha_gap";

  struct P {
    enum : int { t_ref, g_Na, g_Kv1, g_Kv3, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"t_ref", 2.0, unit::ms, check::nonnegative,
       "duration of the pseudo-refractory period (no spike detection)"},
      {"g_Na", 4500.0, unit::nS, check::nonnegative, "sodium peak conductance"},
      {"g_Kv1", 9.0, unit::nS, check::nonnegative, "Kv1 potassium peak conductance (gate n^4)"},
      {"g_Kv3", 9000.0, unit::nS, check::nonnegative, "Kv3 potassium peak conductance (gate p^2)"},
      {"g_L", 10.0, unit::nS, check::nonnegative, "leak conductance"},
      {"C_m", 40.0, unit::pF, check::positive, "membrane capacitance"},
      {"E_Na", 74.0, unit::mV, check::any, "sodium reversal potential"},
      {"E_K", -90.0, unit::mV, check::any, "potassium reversal potential"},
      {"E_L", -70.0, unit::mV, check::any, "leak reversal potential"},
      {"tau_syn_ex", 0.2, unit::ms, check::positive, "rise time of the excitatory alpha current"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "rise time of the inhibitory alpha current"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
  }};

  struct S {
    enum : int { V_m, Act_m, Inact_h, Act_n, Inact_p, dI_ex, I_syn_ex, dI_in, I_syn_in, I_stim, r, h, n };
  };
  // Gating defaults: NEST's steady state at V = -69.60401191631222 mV (alpha_x / (alpha_x + beta_x)).
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -69.60401191631222, unit::mV, "membrane potential"},
      {"Act_m", 0.019198766985083732, unit::none, "sodium activation m"},
      {"Inact_h", 0.868462041294399, unit::none, "sodium inactivation h"},
      {"Act_n", 0.0005741576228359767, unit::none, "Kv1 potassium activation n"},
      {"Inact_p", 0.0002511318227150632, unit::none, "Kv3 potassium activation p (NEST's name)"},
      {"dI_ex", 0.0, unit::none, "derivative of the excitatory current", -1, false, false},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current", -1, true, false},
      {"dI_in", 0.0, unit::none, "derivative of the inhibitory current", -1, false, false},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current", -1, true, false},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  // Channels: excitatory and inhibitory spikes (split by sign, in pA), current input.
  static constexpr int n_channels = 3;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  static void validate(const prow<hh_psc_alpha_gap>&) {}  // NEST's rules are all per parameter
  static void validate_state(const prow<hh_psc_alpha_gap>& p, const std::array<double, S::n>& s);

  struct derived {
    double g_Na, g_Kv1, g_Kv3, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e, dt;
    double psc_init_ex, psc_init_in, refractory_steps;
  };
  static derived prepare(const prow<hh_psc_alpha_gap>& p, double dt);

  /// The right-hand side, as NEST's hh_psc_alpha_gap_dynamics (gap: the gap input, null for none);
  /// y = V, m, h, n, p, dI_ex, I_ex, dI_in, I_in.
  struct rhs {
    const derived& d;
    double I_stim;
    const gap_input* gap = nullptr;
    int operator()(double time, const double* y, double* f) const {
      const double V = y[0], m = y[1], h = y[2], n = y[3], p = y[4];
      const double alpha_m = 40.0 * (V - 75.5) / (1.0 - std::exp(-(V - 75.5) / 13.5));
      const double beta_m = 1.2262 / std::exp(V / 42.248);
      const double alpha_h = 0.0035 / std::exp(V / 24.186);
      const double beta_h = 0.017 * (51.25 + V) / (1.0 - std::exp(-(51.25 + V) / 5.2));
      const double alpha_p = (V - 95.0) / (1.0 - std::exp(-(V - 95.0) / 11.8));
      const double beta_p = 0.025 / std::exp(V / 22.222);
      const double alpha_n = 0.014 * (V + 44.0) / (1.0 - std::exp(-(V + 44.0) / 2.3));
      const double beta_n = 0.0043 / std::exp((V + 44.0) / 34.0);
      const double I_Na = d.g_Na * m * m * m * h * (V - d.E_Na);
      const double I_K = (d.g_Kv1 * n * n * n * n + d.g_Kv3 * p * p) * (V - d.E_K);
      const double I_L = d.g_L * (V - d.E_L);
      double I = -(I_Na + I_K + I_L) + I_stim + d.I_e + y[6] + y[8];
      if (gap) I += gap->current(V, time / d.dt);
      f[0] = I / d.C_m;
      f[1] = alpha_m * (1.0 - m) - beta_m * m;
      f[2] = alpha_h * (1.0 - h) - beta_h * h;
      f[3] = alpha_n * (1.0 - n) - beta_n * n;
      f[4] = alpha_p * (1.0 - p) - beta_p * p;
      f[5] = -y[5] / d.tau_syn_ex;
      f[6] = y[5] - y[6] / d.tau_syn_ex;
      f[7] = -y[7] / d.tau_syn_in;
      f[8] = y[7] - y[8] / d.tau_syn_in;
      return 0;
    }
  };

  static constexpr bool gap_junctions = true;

  static unsigned update(srow s, const derived& d, inputs in, const gap_input* gap = nullptr) {
    double y[9];
    for (int k = 0; k < 9; ++k) y[k] = s[k];  // V_m, Act_m, ..., I_syn_in lead the state in NEST's order
    const double V_old = y[0];
    rhs f{d, s[S::I_stim], gap};
    hh_integrate<9>(y, s[S::h], d.dt, 1e-6, f);
    y[5] += in[0] * d.psc_init_ex;
    y[7] += in[1] * d.psc_init_in;  // inhibitory weights keep their negative sign
    const unsigned spikes = hh_spike(s, S::r, V_old, y[0], 0.0, d.refractory_steps);
    for (int k = 0; k < 9; ++k) s[k] = y[k];
    s[S::I_stim] = in[2];
    return spikes;
  }

  /// The waveform relaxation's tentative step on a copy st of the state (neuron_population.hpp).
  static void wfr_step(double* st, const derived& d, inputs in, const gap_input& gap) {
    rhs f{d, st[S::I_stim], &gap};
    hh_integrate<9>(st, st[S::h], d.dt, 1e-6, f);
    st[S::dI_ex] += in[0] * d.psc_init_ex;
    st[S::dI_in] += in[1] * d.psc_init_in;
  }
  static double gap_dVdt(const double* st, const derived& d, const gap_input& gap, double time) {
    return hh_dVdt<9>(rhs{d, st[S::I_stim], &gap}, st, time);
  }
};

}  // namespace nestor::detail
