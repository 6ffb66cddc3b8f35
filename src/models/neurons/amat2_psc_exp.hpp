#pragma once
// amat2_psc_exp: mat2_psc_exp plus a voltage-dependent threshold component (Kobayashi, Tsubo & Shinomoto
// 2009, eqs 16-17; Yamauchi, Kim & Shinomoto 2011). With V relative to E_L:
//
//   dV/dt = -V/tau_m + (I_syn_ex + I_syn_in + I_e + I_0)/C_m             (V is never reset)
//   dI_syn_x/dt = -I_syn_x/tau_syn_x + sum_k w_k delta(t - t_k)
//   dV_th_dv/dt = -V_th_dv/tau_v + beta dV/dt,   dV_th_v/dt = -V_th_v/tau_v + V_th_dv
//   V_th = omega + H_1 + H_2 + V_th_v,   dH_i/dt = -H_i/tau_i,   H_i += alpha_i at each spike
//
// i.e. V_th_v = beta * (s exp(-s/tau_v) convolved with dV/dt). Follows NEST 3.9 models/amat2_psc_exp.cpp,
// integrated exactly on the grid (one 8x8 lower-triangular propagator). Per step: V_th_v, then V_th_dv,
// then V (each from the state at the start of the step), H_1, H_2 decay, the currents decay and take this
// step's spikes (w >= 0 excitatory, w < 0 inhibitory); then, unless refractory, V >= omega + H_2 + H_1 +
// V_th_v fires (H_i += alpha_i, refractory for t_ref counted as NEST's Time does); otherwise the
// refractory count goes down. Last, the step's current input is latched. tau_m, tau_syn_ex, tau_syn_in and
// tau_v must differ as NEST requires (tau_syn_ex may equal tau_syn_in).
//
// What differs: V_th is recordable but not readable with get() (see mat2_psc_exp.hpp), and beta, in 1/ms
// in NEST, is declared without a unit (the engine has no 1/ms unit): a bare number means 1/ms as in PyNEST,
// a quantity is refused.

#include <array>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct amat2_psc_exp {
  static constexpr std::string_view name = "amat2_psc_exp";

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
      beta,
      tau_v,
      omega,
      n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 200.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"tau_syn_ex", 1.0, unit::ms, check::positive, "time constant of the excitatory synaptic current"},
      {"tau_syn_in", 3.0, unit::ms, check::positive, "time constant of the inhibitory synaptic current"},
      {"t_ref", 2.0, unit::ms, check::positive, "duration of the absolute refractory period (no spiking)"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"tau_1", 10.0, unit::ms, check::positive, "time constant of the short threshold adaptation"},
      {"tau_2", 200.0, unit::ms, check::positive, "time constant of the long threshold adaptation"},
      {"alpha_1", 10.0, unit::mV, check::any, "jump of the short threshold adaptation at a spike"},
      {"alpha_2", 0.0, unit::mV, check::any, "jump of the long threshold adaptation at a spike"},
      {"beta", 0.0, unit::none, check::any, "scale of the voltage-dependent threshold component (1/ms)"},
      {"tau_v", 5.0, unit::ms, check::positive, "time constant of the voltage-dependent threshold kernel"},
      {"omega", -65.0, unit::mV, check::any, "resting spike threshold (absolute)", P::E_L},
  }};

  struct S {
    enum : int { V_m, V_th, V_th_v, I_syn_ex, I_syn_in, V_th_alpha_1, V_th_alpha_2, V_th_dv, I_0, r, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential (not reset at spikes)", P::E_L},
      {"V_th", -65.0, unit::mV,
       "adaptive threshold omega + V_th_alpha_1 + V_th_alpha_2 + V_th_v, after each step", -1, true, false},
      {"V_th_v", 0.0, unit::mV, "voltage-dependent threshold component"},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current", -1, true, false},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current", -1, true, false},
      {"V_th_alpha_1", 0.0, unit::mV, "short-time threshold adaptation", -1, false, true},
      {"V_th_alpha_2", 0.0, unit::mV, "long-time threshold adaptation", -1, false, true},
      {"V_th_dv", 0.0, unit::none, "drive of V_th_v (mV/ms)", -1, false, false},
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

  static void validate(const prow<amat2_psc_exp>& p);

  struct derived {
    double P11, P22, P30, P31, P32, P33, P44, P55;  // currents, membrane, H_1, H_2
    double P60, P61, P62, P63, P66;                 // into V_th_dv
    double P70, P71, P72, P73, P76, P77;            // into V_th_v
    double E_L, I_e, omega, alpha_1, alpha_2;       // omega relative to E_L
    double refractory_steps;
  };
  static derived prepare(const prow<amat2_psc_exp>& p, double dt);

  static unsigned update(srow s, const derived& d, inputs in) {
    const double I = d.I_e + s[S::I_0];
    const double ex = s[S::I_syn_ex], ih = s[S::I_syn_in], v = s[S::V_m], dv = s[S::V_th_dv];
    s[S::V_th_v] = I * d.P70 + ex * d.P71 + ih * d.P72 + v * d.P73 + dv * d.P76 + s[S::V_th_v] * d.P77;
    s[S::V_th_dv] = I * d.P60 + ex * d.P61 + ih * d.P62 + v * d.P63 + dv * d.P66;
    s[S::V_m] = I * d.P30 + ex * d.P31 + ih * d.P32 + v * d.P33;
    s[S::V_th_alpha_1] *= d.P44;
    s[S::V_th_alpha_2] *= d.P55;
    s[S::I_syn_ex] = ex * d.P11 + in[0];
    s[S::I_syn_in] = ih * d.P22 + in[1];
    unsigned spikes = 0;
    if (s[S::r] == 0.0) {
      if (s[S::V_m] >= d.omega + s[S::V_th_alpha_2] + s[S::V_th_alpha_1] + s[S::V_th_v]) {
        s[S::r] = d.refractory_steps;
        s[S::V_th_alpha_1] += d.alpha_1;
        s[S::V_th_alpha_2] += d.alpha_2;
        spikes = 1;
      }
    } else {
      s[S::r] -= 1.0;
    }
    s[S::I_0] = in[2];
    s[S::V_th] = d.E_L + d.omega + s[S::V_th_alpha_1] + s[S::V_th_alpha_2] + s[S::V_th_v];
    return spikes;
  }
};

}  // namespace nestor::detail
