#pragma once
// iaf_cond_alpha: leaky integrate-and-fire neuron with alpha-shaped synaptic conductances:
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   d(dg_x)/dt = -dg_x / tau_syn_x,   dg_x/dt = dg_x - g_x / tau_syn_x
//
// so that a spike of weight w (nS) gives g_x(t) = w (t / tau_syn_x) exp(1 - t / tau_syn_x): its peak w
// at t = tau_syn_x (dg_x jumps by w e / tau_syn_x). As NEST 3.9 (models/iaf_cond_alpha.cpp): GSL's
// RKF45 over each step (absolute error 1e-3), V clamped in the right-hand side (V_reset while
// refractory, at most V_th otherwise), then refractoriness / threshold, then the step's spikes into dg
// and the current latched for the next step (cond_beta_dynamics.hpp). All potentials are absolute.
// Differs from NEST: dg_ex / dg_in (nS/ms) are plain numbers, nestor has no unit nS/ms.

#include <array>
#include <optional>

#include "core/neuron_population.hpp"
#include "models/neurons/cond_beta_dynamics.hpp"

namespace nestor::detail {

struct iaf_cond_alpha {
  static constexpr std::string_view name = "iaf_cond_alpha";

  struct P {
    enum : int { V_th, V_reset, t_ref, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"V_th", -55.0, unit::mV, check::any, "spike threshold"},
      {"V_reset", -60.0, unit::mV, check::any, "reset potential of the membrane"},
      {"t_ref", 2.0, unit::ms, check::nonnegative, "duration of the refractory period"},
      {"g_L", 16.6667, unit::nS, check::any, "leak conductance"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"E_ex", 0.0, unit::mV, check::any, "excitatory reversal potential"},
      {"E_in", -85.0, unit::mV, check::any, "inhibitory reversal potential"},
      {"E_L", -70.0, unit::mV, check::any, "leak reversal potential"},
      {"tau_syn_ex", 0.2, unit::ms, check::positive, "rise time of the excitatory conductance (alpha)"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "rise time of the inhibitory conductance (alpha)"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
  }};

  struct S {
    enum : int { V_m, dg_ex, g_ex, dg_in, g_in, I_stim, r, t_ref_remaining, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"dg_ex", 0.0, unit::none, "derivative of the excitatory conductance (nS/ms)", -1, false},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance"},
      {"dg_in", 0.0, unit::none, "derivative of the inhibitory conductance (nS/ms)", -1, false},
      {"g_in", 0.0, unit::nS, "inhibitory synaptic conductance"},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"t_ref_remaining", 0.0, unit::ms, "refractory time left", -1, true, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};
  static constexpr cond_beta_slots slots{S::V_m, S::dg_ex,           S::g_ex, S::dg_in, S::g_in, S::I_stim,
                                         S::r,   S::t_ref_remaining, S::h};

  // Channels: excitatory and inhibitory spikes (split by sign), current input.
  static constexpr int n_channels = 3;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  static void validate(const prow<iaf_cond_alpha>& p);

  using derived = cond_beta_derived;
  static derived prepare(const prow<iaf_cond_alpha>& p, double dt);

  static unsigned update(srow s, const derived& d, inputs in) { return cond_beta_update(s, slots, d, in); }
};

}  // namespace nestor::detail
