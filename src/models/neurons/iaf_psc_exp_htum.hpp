#pragma once
// iaf_psc_exp_htum: leaky integrate-and-fire neuron with exponential post-synaptic currents and
// separate absolute and total refractory periods (Tsodyks, Uziel & Markram 2000).
//
//   dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_0)/C_m
//   dI_syn_x/dt = -I_syn_x/tau_syn_x + sum_k w_k delta(t - t_k)
//
// Integrated exactly on the grid as in NEST 3.9 (models/iaf_psc_exp_htum.{h,cpp}). Per step:
//   1. V by its exact propagator unless absolutely refractory (then V stays at V_reset and the
//      absolute counter counts down);
//   2. the currents decay and this step's spikes are added (w > 0 excitatory, otherwise inhibitory);
//   3. unless totally refractory (then the total counter counts down): V >= V_th -> V = V_reset, both
//      counters start (t_ref_abs and t_ref_tot in steps), one spike;
//   4. the step's current input (port 0) is latched and acts from the next step.
// Between the end of t_ref_abs and the end of t_ref_tot V integrates but cannot fire. NEST refuses
// t_ref_abs > t_ref_tot, and (at Simulate) refractory periods shorter than one step.
//
// NEST quirk kept: the recorded V_m is relative to E_L (NEST's recordable omits + E_L), while get/set
// of V_m are absolute. V_m, V_th and V_reset are stored relative to E_L. Refractory periods are
// converted to steps as NEST does (nest_time.hpp). I_syn_ex and I_syn_in are recordables only (not
// in NEST's status dictionary).

#include <array>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct iaf_psc_exp_htum {
  static constexpr std::string_view name = "iaf_psc_exp_htum";

  struct P {
    enum : int { E_L, I_e, V_th, V_reset, C_m, tau_m, tau_syn_ex, tau_syn_in, t_ref_abs, t_ref_tot, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_th", -55.0, unit::mV, check::any, "spike threshold", P::E_L},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane", P::E_L},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"tau_syn_ex", 2.0, unit::ms, check::positive, "time constant of the excitatory synaptic current"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "time constant of the inhibitory synaptic current"},
      {"t_ref_abs", 2.0, unit::ms, check::positive,
       "duration of the absolute refractory period (V_m clamped to V_reset)"},
      {"t_ref_tot", 2.0, unit::ms, check::positive,
       "duration of the total refractory period (no spikes); at least t_ref_abs"},
  }};

  struct S {
    enum : int { V_m, I_syn_ex, I_syn_in, I_0, r_abs, r_tot, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential (recorded relative to E_L, as NEST does)", P::E_L, true,
       true, true},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current", -1, true, false},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current", -1, true, false},
      {"I_0", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"r_abs", 0.0, unit::none, "absolute refractory steps left", -1, false, false},
      {"r_tot", 0.0, unit::none, "total refractory steps left", -1, false, false},
  }};

  // Channels: excitatory and inhibitory spikes (split by sign), current on port 0.
  static constexpr int n_channels = 3;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  static void validate(const prow<iaf_psc_exp_htum>& p);

  struct derived {
    double P11_ex, P11_in, P21_ex, P21_in, P22, P20;
    double I_e, V_th, V_reset;
    double abs_steps, tot_steps;
  };
  static derived prepare(const prow<iaf_psc_exp_htum>& p, double dt);

  static unsigned update(srow s, const derived& d, inputs in) {
    if (s[S::r_abs] == 0.0)
      s[S::V_m] = s[S::V_m] * d.P22 + s[S::I_syn_ex] * d.P21_ex + s[S::I_syn_in] * d.P21_in +
                  (d.I_e + s[S::I_0]) * d.P20;
    else
      s[S::r_abs] -= 1.0;
    s[S::I_syn_ex] *= d.P11_ex;
    s[S::I_syn_in] *= d.P11_in;
    s[S::I_syn_ex] += in[0];
    s[S::I_syn_in] += in[1];
    unsigned spikes = 0;
    if (s[S::r_tot] == 0.0) {
      if (s[S::V_m] >= d.V_th) {
        s[S::r_abs] = d.abs_steps;
        s[S::r_tot] = d.tot_steps;
        s[S::V_m] = d.V_reset;
        spikes = 1;
      }
    } else {
      s[S::r_tot] -= 1.0;
    }
    s[S::I_0] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
