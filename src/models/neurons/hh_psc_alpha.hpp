#pragma once
// hh_psc_alpha: Hodgkin-Huxley neuron (squid axon kinetics) with alpha-shaped synaptic currents:
//
//   C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//               + I_syn_ex + I_syn_in + I_e + I_stim
//   dx/dt = alpha_x(V) (1 - x) - beta_x(V) x   for x = m, h, n (rates in 1/ms, V in mV):
//     alpha_m = 0.1 (V + 40) / (1 - exp(-(V + 40)/10)),    beta_m = 4 exp(-(V + 65)/18)
//     alpha_h = 0.07 exp(-(V + 65)/20),                    beta_h = 1 / (1 + exp(-(V + 35)/10))
//     alpha_n = 0.01 (V + 55) / (1 - exp(-(V + 55)/10)),   beta_n = 0.125 exp(-(V + 65)/80)
//   alpha currents: d(dI_x)/dt = -dI_x / tau_syn_x,  dI_syn_x/dt = dI_x - I_syn_x / tau_syn_x;
//   a spike of weight w (pA) adds w e/tau_syn_x to dI_x, so that I_syn_x peaks at w.
//
// As NEST 3.9 (models/hh_psc_alpha.cpp): the 8 ODEs are integrated over each step by GSL's RKF45
// (absolute error 1e-3, relative 0, each node keeping its integration step size); then the step's
// spikes are added (w > 0 excitatory, w < 0 inhibitory, sign kept); a spike is emitted when the node is
// not refractory, V >= 0 mV and V fell during the step (V at the step's start > V now: the peak has just
// passed); t_ref steps of pseudo-refractoriness follow, during which nothing is clamped (only spike
// detection is off). The step's current input is latched for the next step. Initial state: V_m = -65 mV
// (not E_L) and the gating variables at their steady state for -65 mV, as NEST's defaults; like NEST,
// they are not recomputed when V_m or parameters are set. No threshold or reset parameters exist.

#include <array>
#include <cmath>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"
#include "models/neurons/hh_common.hpp"

namespace nestor::detail {

struct hh_psc_alpha {
  static constexpr std::string_view name = "hh_psc_alpha";

  struct P {
    enum : int { t_ref, g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"t_ref", 2.0, unit::ms, check::nonnegative,
       "duration of the pseudo-refractory period (no spike detection)"},
      {"g_Na", 12000.0, unit::nS, check::nonnegative, "sodium peak conductance"},
      {"g_K", 3600.0, unit::nS, check::nonnegative, "potassium peak conductance"},
      {"g_L", 30.0, unit::nS, check::nonnegative, "leak conductance"},
      {"C_m", 100.0, unit::pF, check::positive, "membrane capacitance"},
      {"E_Na", 50.0, unit::mV, check::any, "sodium reversal potential"},
      {"E_K", -77.0, unit::mV, check::any, "potassium reversal potential"},
      {"E_L", -54.402, unit::mV, check::any, "leak reversal potential"},
      {"tau_syn_ex", 0.2, unit::ms, check::positive, "rise time of the excitatory alpha current"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "rise time of the inhibitory alpha current"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
  }};

  struct S {
    enum : int { V_m, Act_m, Inact_h, Act_n, dI_ex, I_syn_ex, dI_in, I_syn_in, I_stim, r, h, n };
  };
  // Gating defaults: NEST's steady state at V = -65 mV (alpha_x / (alpha_x + beta_x)).
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -65.0, unit::mV, "membrane potential"},
      {"Act_m", 0.05293248525724958, unit::none, "sodium activation m"},
      {"Inact_h", 0.5961207535084603, unit::none, "sodium inactivation h"},
      {"Act_n", 0.3176769140606974, unit::none, "potassium activation n"},
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

  static void validate(const prow<hh_psc_alpha>&) {}  // NEST's rules are all per parameter
  static void validate_state(const prow<hh_psc_alpha>& p, const std::array<double, S::n>& s);

  struct derived {
    double g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e, dt;
    double psc_init_ex, psc_init_in, refractory_steps;
  };
  static derived prepare(const prow<hh_psc_alpha>& p, double dt);

  /// The right-hand side, as NEST's hh_psc_alpha_dynamics; y = V, m, h, n, dI_ex, I_ex, dI_in, I_in.
  struct rhs {
    const derived& d;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      hh_psc_alpha_rhs(d, I_stim, y, f);
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in) {
    double y[8] = {s[S::V_m],   s[S::Act_m],    s[S::Inact_h], s[S::Act_n],
                   s[S::dI_ex], s[S::I_syn_ex], s[S::dI_in],   s[S::I_syn_in]};
    const double V_old = y[0];
    rhs f{d, s[S::I_stim]};
    hh_integrate<8>(y, s[S::h], d.dt, 1e-3, f);
    y[4] += in[0] * d.psc_init_ex;
    y[6] += in[1] * d.psc_init_in;  // inhibitory weights keep their negative sign
    const unsigned spikes = hh_spike(s, S::r, V_old, y[0], 0.0, d.refractory_steps);
    const int idx[8] = {S::V_m, S::Act_m, S::Inact_h, S::Act_n, S::dI_ex, S::I_syn_ex, S::dI_in, S::I_syn_in};
    for (int k = 0; k < 8; ++k) s[idx[k]] = y[k];
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
