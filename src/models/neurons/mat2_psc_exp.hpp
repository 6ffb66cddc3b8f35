#pragma once
// mat2_psc_exp: non-resetting leaky integrate-and-fire neuron with exponential post-synaptic currents and
// a multi-timescale adaptive threshold (Kobayashi, Tsubo & Shinomoto 2009, Front Comput Neurosci 3:9).
//
//   dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_0)/C_m
//   dI_syn_x/dt = -I_syn_x/tau_syn_x + sum_k w_k delta(t - t_k)
//   V_th = omega + H_1 + H_2,   dH_i/dt = -H_i/tau_i,   H_i += alpha_i at each spike
//
// Follows NEST 3.9 models/mat2_psc_exp.cpp, integrated exactly on the grid. Per step: V (always, also
// while refractory: V is never reset), the threshold components H_1, H_2 (NEST's V_th_alpha_1/2) decay,
// the currents decay and take this step's spikes (w >= 0 excitatory, w < 0 inhibitory); then, unless
// refractory, V >= omega + H_2 + H_1 fires: H_i += alpha_i and the neuron is refractory (cannot fire)
// for t_ref (counted as NEST's Time does, nest_time.hpp); otherwise the refractory count goes down.
// Last, the step's current input I_0 is latched for the next step. V_m and omega are stored relative to
// E_L, as in NEST. tau_m must differ from tau_syn_ex and tau_syn_in (NEST has no singular branch).
//
// What differs: NEST's V_th is a read-only status value computed from omega and H_1, H_2. Here it is a
// recordable state that update() sets at the end of each step (as NEST records it then), so it can be
// recorded but not read with get(): the engine has no read-only derived status values yet.

#include <array>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct mat2_psc_exp {
  static constexpr std::string_view name = "mat2_psc_exp";

  struct P {
    enum : int {
      E_L,
      C_m,
      tau_m,
      tau_syn_ex,
      tau_syn_in,
      t_ref,
      I_e,
      tau_1,
      tau_2,
      alpha_1,
      alpha_2,
      omega,
      n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 100.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 5.0, unit::ms, check::positive, "membrane time constant"},
      {"tau_syn_ex", 1.0, unit::ms, check::positive, "time constant of the excitatory synaptic current"},
      {"tau_syn_in", 3.0, unit::ms, check::positive, "time constant of the inhibitory synaptic current"},
      {"t_ref", 2.0, unit::ms, check::positive, "duration of the absolute refractory period (no spiking)"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"tau_1", 10.0, unit::ms, check::positive, "time constant of the short threshold adaptation"},
      {"tau_2", 200.0, unit::ms, check::positive, "time constant of the long threshold adaptation"},
      {"alpha_1", 37.0, unit::mV, check::any, "jump of the short threshold adaptation at a spike"},
      {"alpha_2", 2.0, unit::mV, check::any, "jump of the long threshold adaptation at a spike"},
      {"omega", -51.0, unit::mV, check::any, "resting spike threshold (absolute)", P::E_L},
  }};

  struct S {
    enum : int { V_m, V_th, V_th_alpha_1, V_th_alpha_2, I_syn_ex, I_syn_in, I_0, r, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential (not reset at spikes)", P::E_L},
      {"V_th", -51.0, unit::mV, "adaptive threshold omega + V_th_alpha_1 + V_th_alpha_2, after each step", -1,
       true, false},
      {"V_th_alpha_1", 0.0, unit::mV, "short-time threshold adaptation", -1, false, true},
      {"V_th_alpha_2", 0.0, unit::mV, "long-time threshold adaptation", -1, false, true},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current", -1, false, false},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current", -1, false, false},
      {"I_0", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
  }};

  // Channels: excitatory and inhibitory spikes (split by sign), current input. NEST: receptor 0 only.
  static constexpr int n_channels = 3;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  static void validate(const prow<mat2_psc_exp>& p);

  struct derived {
    double P11_ex, P11_in, P21_ex, P21_in, P22_expm1, P20;  // membrane and currents
    double P11_th, P22_th;                                  // threshold components
    double E_L, I_e, omega, alpha_1, alpha_2;               // omega relative to E_L
    double refractory_steps;
  };
  static derived prepare(const prow<mat2_psc_exp>& p, double dt);

  static unsigned update(srow s, const derived& d, inputs in) {
    // The operations in NEST's order (V * expm1 + V, then the inputs), for results equal to the last bit.
    s[S::V_m] = s[S::V_m] * d.P22_expm1 + s[S::V_m] + s[S::I_syn_ex] * d.P21_ex + s[S::I_syn_in] * d.P21_in +
                (d.I_e + s[S::I_0]) * d.P20;
    s[S::V_th_alpha_1] *= d.P11_th;
    s[S::V_th_alpha_2] *= d.P22_th;
    s[S::I_syn_ex] *= d.P11_ex;
    s[S::I_syn_in] *= d.P11_in;
    s[S::I_syn_ex] += in[0];
    s[S::I_syn_in] += in[1];
    unsigned spikes = 0;
    if (s[S::r] == 0.0) {
      if (s[S::V_m] >= d.omega + s[S::V_th_alpha_2] + s[S::V_th_alpha_1]) {
        s[S::r] = d.refractory_steps;
        s[S::V_th_alpha_1] += d.alpha_1;
        s[S::V_th_alpha_2] += d.alpha_2;
        spikes = 1;
      }
    } else {
      s[S::r] -= 1.0;
    }
    s[S::I_0] = in[2];
    s[S::V_th] = d.E_L + d.omega + s[S::V_th_alpha_1] + s[S::V_th_alpha_2];
    return spikes;
  }
};

}  // namespace nestor::detail
