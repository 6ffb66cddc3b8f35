#pragma once
// ht_neuron: the Hill & Tononi (2005) neuron with an adaptive threshold, a repolarising potassium
// current instead of a hard reset, four beta-shaped synaptic conductances and four intrinsic currents.
// Conductances are dimensionless, "currents" are in mV (NEST's convention for this model):
//
//   tau_m dV/dt = -g_NaL (V - E_Na) - g_KL (V - E_K) + I_syn + I_NaP + I_KNa + I_T + I_h + I_stim
//                 [- tau_m (V - E_K) / tau_spike while refractory]
//   tau_theta dtheta/dt = -(theta - theta_eq)
//   I_syn = -g_AMPA (V - E_rev_AMPA) - g_NMDA m_NMDA (V - E_rev_NMDA) - g_GABA_A (V - ...) - g_GABA_B (...)
//   per receptor X: d(dg_X)/dt = -dg_X / tau_rise_X,  dg_X/dt = dg_X - g_X / tau_decay_X; a spike of
//     weight w adds w g_peak_X c_X to dg_X, c_X the beta normalisation (g_X then peaks at w g_peak_X)
//   NMDA unblock: m_eq = 1 / (1 + exp(-S_act_NMDA (V - V_act_NMDA))); m_fast, m_slow relax to m_eq with
//     tau_Mg_fast/slow_NMDA but never exceed it (instant block); m_NMDA = A1 m_fast + (1 - A1) m_slow,
//     A1 = 0.51 - 0.0028 V, or m_NMDA = m_eq with instant_unblock_NMDA
//   I_NaP = -g_peak_NaP m_inf^N_NaP (V - E_rev_NaP),  m_inf = 1 / (1 + exp(-(V + 55.7) / 7.7))
//   I_KNa = -g_peak_KNa (V - E_rev_KNa) / (1 + (0.25 / D)^3.5),
//     dD/dt = (tau_D_KNa 0.025 / (1 + exp(-(V + 10) / 5)) + 0.001 - D) / tau_D_KNa
//   I_T = -g_peak_T m_T^N_T h_T (V - E_rev_T),  I_h = -g_peak_h m_h (V - E_rev_h), with NEST's
//     steady states and time constants of m_T, h_T, m_h (see rhs below)
//
// As NEST 3.9 (models/ht_neuron.cpp): the 16 ODEs are integrated over each step by GSL's RKF45
// (gsl_odeiv_control_y_new(1e-3, 0), each node keeping its integration step size). After every
// accepted integration step: V is held at the clamp value (voltage_clamp), m_fast/m_slow are cut to
// m_eq(V), and a non-refractory node with V >= theta spikes: V and theta jump to E_Na and the
// repolarising current runs for t_ref (t_ref steps + 1, counted down once per time step after the
// integration). Then the step's spikes are added (AMPA=1, NMDA=2, GABA_A=3, GABA_B=4, weights
// multiply g_peak, any sign) and the step's current input (port 0) is latched for the next step.
// The recorded I_NaP, I_KNa, I_T, I_h are those of the integrator's last evaluation of the right-hand
// side in the step (as NEST); g_NMDA = g_NMDA_timecourse * m_NMDA at the end of the step.
// Differences: NEST clamps V to its value when Simulate starts; nestor clamps to V at the start of each
// step (the same unless the clamped node spikes, which sets V to E_Na). NEST's `equilibrate` flag of
// SetStatus (gating variables to their steady state) is not offered; the gating variables start at
// their steady state for the default V_m = -70 mV and, as in NEST, keep their values when V_m or
// parameters are set. NEST has no I_e for this model.

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"

namespace nestor::detail {

struct ht_neuron {
  static constexpr std::string_view name = "ht_neuron";

  // clang-format off
  struct P {
    enum : int {
      E_Na, E_K, g_NaL, g_KL, tau_m, theta_eq, tau_theta, tau_spike, t_ref,
      g_peak_AMPA, tau_rise_AMPA, tau_decay_AMPA, E_rev_AMPA,
      g_peak_NMDA, tau_rise_NMDA, tau_decay_NMDA, E_rev_NMDA,
      V_act_NMDA, S_act_NMDA, tau_Mg_slow_NMDA, tau_Mg_fast_NMDA, instant_unblock_NMDA,
      g_peak_GABA_A, tau_rise_GABA_A, tau_decay_GABA_A, E_rev_GABA_A,
      g_peak_GABA_B, tau_rise_GABA_B, tau_decay_GABA_B, E_rev_GABA_B,
      g_peak_NaP, E_rev_NaP, N_NaP, g_peak_KNa, E_rev_KNa, tau_D_KNa,
      g_peak_T, E_rev_T, N_T, g_peak_h, E_rev_h, voltage_clamp, n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_Na", 30.0, unit::mV, check::any, "sodium leak reversal potential (V and theta after a spike)"},
      {"E_K", -90.0, unit::mV, check::any, "potassium leak and repolarising current reversal potential"},
      {"g_NaL", 0.2, unit::none, check::nonnegative, "sodium leak conductance"},
      {"g_KL", 1.0, unit::none, check::nonnegative, "potassium leak conductance"},
      {"tau_m", 16.0, unit::ms, check::positive, "membrane time constant (all currents but the repolarising one)"},
      {"theta_eq", -51.0, unit::mV, check::any, "equilibrium value of the threshold"},
      {"tau_theta", 2.0, unit::ms, check::positive, "relaxation time of the threshold"},
      {"tau_spike", 1.75, unit::ms, check::positive, "time constant of the repolarising potassium current"},
      {"t_ref", 2.0, unit::ms, check::nonnegative, "refractory time (duration of the repolarising current)"},
      {"g_peak_AMPA", 0.1, unit::none, check::nonnegative, "AMPA peak conductance per unit weight"},
      {"tau_rise_AMPA", 0.5, unit::ms, check::positive, "AMPA rise time"},
      {"tau_decay_AMPA", 2.4, unit::ms, check::positive, "AMPA decay time"},
      {"E_rev_AMPA", 0.0, unit::mV, check::any, "AMPA reversal potential"},
      {"g_peak_NMDA", 0.075, unit::none, check::nonnegative, "NMDA peak conductance per unit weight"},
      {"tau_rise_NMDA", 4.0, unit::ms, check::positive, "NMDA rise time"},
      {"tau_decay_NMDA", 40.0, unit::ms, check::positive, "NMDA decay time"},
      {"E_rev_NMDA", 0.0, unit::mV, check::any, "NMDA reversal potential"},
      {"V_act_NMDA", -25.57, unit::mV, check::any, "inflection point of the NMDA unblock sigmoid"},
      {"S_act_NMDA", 0.081, unit::none, check::nonnegative, "slope of the NMDA unblock sigmoid (1/mV)"},
      {"tau_Mg_slow_NMDA", 22.7, unit::ms, check::positive, "time constant of the slow NMDA unblock"},
      {"tau_Mg_fast_NMDA", 0.68, unit::ms, check::positive, "time constant of the fast NMDA unblock"},
      {"instant_unblock_NMDA", 0.0, unit::none, check::boolean, "NMDA unblock follows V instantaneously"},
      {"g_peak_GABA_A", 0.33, unit::none, check::nonnegative, "GABA_A peak conductance per unit weight"},
      {"tau_rise_GABA_A", 1.0, unit::ms, check::positive, "GABA_A rise time"},
      {"tau_decay_GABA_A", 7.0, unit::ms, check::positive, "GABA_A decay time"},
      {"E_rev_GABA_A", -70.0, unit::mV, check::any, "GABA_A reversal potential"},
      {"g_peak_GABA_B", 0.0132, unit::none, check::nonnegative, "GABA_B peak conductance per unit weight"},
      {"tau_rise_GABA_B", 60.0, unit::ms, check::positive, "GABA_B rise time"},
      {"tau_decay_GABA_B", 200.0, unit::ms, check::positive, "GABA_B decay time"},
      {"E_rev_GABA_B", -90.0, unit::mV, check::any, "GABA_B reversal potential"},
      {"g_peak_NaP", 1.0, unit::none, check::nonnegative, "persistent sodium current peak conductance"},
      {"E_rev_NaP", 30.0, unit::mV, check::any, "persistent sodium current reversal potential"},
      {"N_NaP", 3.0, unit::none, check::any, "exponent of the I_NaP activation"},
      {"g_peak_KNa", 1.0, unit::none, check::nonnegative, "sodium-dependent potassium current peak conductance"},
      {"E_rev_KNa", -90.0, unit::mV, check::any, "I_KNa reversal potential"},
      {"tau_D_KNa", 1250.0, unit::ms, check::positive, "relaxation time of the I_KNa variable D"},
      {"g_peak_T", 1.0, unit::none, check::nonnegative, "low-threshold calcium current peak conductance"},
      {"E_rev_T", 0.0, unit::mV, check::any, "I_T reversal potential"},
      {"N_T", 2.0, unit::none, check::any, "exponent of the I_T activation"},
      {"g_peak_h", 1.0, unit::none, check::nonnegative, "pacemaker current peak conductance"},
      {"E_rev_h", -40.0, unit::mV, check::any, "I_h reversal potential"},
      {"voltage_clamp", 0.0, unit::none, check::boolean, "hold V_m at its value (for testing)"},
  }};
  // clang-format on

  // clang-format off
  struct S {
    enum : int {
      V_m, theta, dg_AMPA, g_AMPA, dg_NMDA, g_NMDA_tc, dg_GABA_A, g_GABA_A, dg_GABA_B, g_GABA_B,
      m_fast_NMDA, m_slow_NMDA, m_Ih, D_IKNa, m_IT, h_IT,  // the 16 ODE variables, NEST's order
      g_NMDA, I_NaP, I_KNa, I_T, I_h, I_stim, r, h, n
    };
  };
  // clang-format on
  static constexpr int n_ode = 16;
  // Initial values as NEST: V_m = (g_NaL E_Na + g_KL E_K) / (g_NaL + g_KL) = -70 mV for the defaults,
  // gating variables at their steady state for it (not recomputed when parameters change).
  // clang-format off
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"theta", -51.0, unit::mV, "spike threshold"},
      {"dg_AMPA", 0.0, unit::none, "AMPA conductance drive", -1, false, false},
      {"g_AMPA", 0.0, unit::none, "AMPA conductance", -1, true, false},
      {"dg_NMDA", 0.0, unit::none, "NMDA conductance drive", -1, false, false},
      {"g_NMDA_timecourse", 0.0, unit::none, "NMDA conductance before the Mg block", -1, false, false},
      {"dg_GABA_A", 0.0, unit::none, "GABA_A conductance drive", -1, false, false},
      {"g_GABA_A", 0.0, unit::none, "GABA_A conductance", -1, true, false},
      {"dg_GABA_B", 0.0, unit::none, "GABA_B conductance drive", -1, false, false},
      {"g_GABA_B", 0.0, unit::none, "GABA_B conductance", -1, true, false},
      {"m_fast_NMDA", 0.026627301184638463, unit::none, "fast NMDA unblock", -1, false, false},
      {"m_slow_NMDA", 0.026627301184638463, unit::none, "slow NMDA unblock", -1, false, false},
      {"m_Ih", 0.2871859013825026, unit::none, "I_h activation", -1, false, false},
      {"D_IKNa", 0.00119200545631921, unit::none, "I_KNa sodium variable D", -1, false, false},
      {"m_IT", 0.1450215950687922, unit::none, "I_T activation", -1, false, false},
      {"h_IT", 0.03732688734412946, unit::none, "I_T inactivation", -1, false, false},
      {"g_NMDA", 0.0, unit::none, "NMDA conductance including the Mg unblock", -1, true, false},
      {"I_NaP", 0.0, unit::mV, "persistent sodium current", -1, true, false},
      {"I_KNa", 0.0, unit::mV, "sodium-dependent potassium current", -1, true, false},
      {"I_T", 0.0, unit::mV, "low-threshold calcium current", -1, true, false},
      {"I_h", 0.0, unit::mV, "pacemaker current", -1, true, false},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};
  // clang-format on

  // Channels 0-3: spikes on receptors AMPA=1, NMDA=2, GABA_A=3, GABA_B=4; channel 4: current (port 0).
  static constexpr int n_channels = 5;
  static std::optional<port> spike_port(int receptor) {
    if (receptor < 1 || receptor > 4) return std::nullopt;
    return port{receptor - 1, 0};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{4, 0};
  }

  static void validate(const prow<ht_neuron>& p);

  struct derived {
    prow<ht_neuron> p;
    std::array<double, 4> cond_step;  ///< jump of dg_X per unit weight (g_peak_X times normalisation)
    double refractory_steps, dt;
    bool instant_unblock, clamp;
  };
  static derived prepare(const prow<ht_neuron>& p, double dt);

  static double m_eq_NMDA(const derived& d, double V) {
    return 1.0 / (1.0 + std::exp(-d.p[P::S_act_NMDA] * (V - d.p[P::V_act_NMDA])));
  }
  static double m_NMDA(const derived& d, double V, double m_eq, double m_fast, double m_slow) {
    const double A1 = 0.51 - 0.0028 * V;
    return d.instant_unblock ? m_eq : A1 * m_fast + (1.0 - A1) * m_slow;
  }

  /// The right-hand side, as NEST's ht_neuron_dynamics; keeps the intrinsic currents of its last call.
  struct rhs {
    const derived& d;
    double I_stim, V_clamp;
    bool refractory;
    double I_NaP = 0.0, I_KNa = 0.0, I_T = 0.0, I_h = 0.0;
    int operator()(double, const double* y, double* f);
  };

  static unsigned update(srow s, const derived& d, inputs in) {
    double y[n_ode];
    for (int k = 0; k < n_ode; ++k) y[k] = s[k];
    double h = s[S::h] > 0.0 ? s[S::h] : d.dt;
    rhs f{d, s[S::I_stim], y[S::V_m], s[S::r] > 0.0};
    unsigned spikes = 0;
    gsl_rkf45<n_ode>::for_this_thread(1e-3, 0.0).integrate_with(y, h, d.dt, f, [&](double* x) {
      if (d.clamp) x[S::V_m] = f.V_clamp;
      const double m_eq = m_eq_NMDA(d, x[S::V_m]);
      x[S::m_fast_NMDA] = std::min(m_eq, x[S::m_fast_NMDA]);
      x[S::m_slow_NMDA] = std::min(m_eq, x[S::m_slow_NMDA]);
      if (s[S::r] == 0.0 && x[S::V_m] >= x[S::theta]) {
        x[S::V_m] = d.p[P::E_Na];
        x[S::theta] = d.p[P::E_Na];
        s[S::r] = d.refractory_steps + 1.0;
        f.refractory = true;
        spikes = 1;
      }
    });
    s[S::h] = h;
    if (s[S::r] > 0.0) s[S::r] -= 1.0;
    for (int c = 0; c < 4; ++c) y[S::dg_AMPA + 2 * c] += d.cond_step[std::size_t(c)] * in[c];
    for (int k = 0; k < n_ode; ++k) s[k] = y[k];
    const double V = y[S::V_m];
    s[S::g_NMDA] = y[S::g_NMDA_tc] * m_NMDA(d, V, m_eq_NMDA(d, V), y[S::m_fast_NMDA], y[S::m_slow_NMDA]);
    s[S::I_NaP] = f.I_NaP;
    s[S::I_KNa] = f.I_KNa;
    s[S::I_T] = f.I_T;
    s[S::I_h] = f.I_h;
    s[S::I_stim] = in[4];
    return spikes;
  }
};

}  // namespace nestor::detail
