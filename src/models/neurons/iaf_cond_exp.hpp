#pragma once
// iaf_cond_exp: leaky integrate-and-fire neuron with exponentially decaying synaptic conductances:
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   dg_ex/dt = -g_ex / tau_syn_ex,   dg_in/dt = -g_in / tau_syn_in
//
// As NEST 3.9 (models/iaf_cond_exp.cpp): the ODEs are integrated over each step by GSL's adaptive
// RKF45 (absolute error 1e-3, relative 0; core/ode_gsl.hpp), each node keeping its integration step
// size; in the right-hand side V is clamped to V_reset while refractory (dV/dt = 0) and to at most
// V_th otherwise. Then the step's spikes are added to the conductances (w > 0 to g_ex, w < 0 as -w to
// g_in, in nS), refractoriness counts down (V held at V_reset) or the threshold V >= V_th resets V and
// emits a spike; the step's current input is latched for the next step. All potentials are absolute.

#include <algorithm>
#include <array>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"

namespace nestor::detail {

struct iaf_cond_exp {
  static constexpr std::string_view name = "iaf_cond_exp";

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
      {"tau_syn_ex", 0.2, unit::ms, check::positive, "decay time of the excitatory conductance"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "decay time of the inhibitory conductance"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
  }};

  struct S {
    enum : int { V_m, g_ex, g_in, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance"},
      {"g_in", 0.0, unit::nS, "inhibitory synaptic conductance"},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

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

  static void validate(const prow<iaf_cond_exp>& p);

  struct derived {
    double V_th, V_reset, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e, dt, refractory_steps;
  };
  static derived prepare(const prow<iaf_cond_exp>& p, double dt);

  /// The right-hand side, as NEST's iaf_cond_exp_dynamics.
  struct rhs {
    const derived& d;
    bool refractory;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const double V = refractory ? d.V_reset : std::min(y[0], d.V_th);
      const double I_syn_exc = y[1] * (V - d.E_ex);
      const double I_syn_inh = y[2] * (V - d.E_in);
      const double I_L = d.g_L * (V - d.E_L);
      f[0] = refractory ? 0.0 : (-I_L + I_stim + d.I_e - I_syn_exc - I_syn_inh) / d.C_m;
      f[1] = -y[1] / d.tau_syn_ex;
      f[2] = -y[2] / d.tau_syn_in;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in) {
    double y[3] = {s[S::V_m], s[S::g_ex], s[S::g_in]};
    double h = s[S::h] > 0.0 ? s[S::h] : d.dt;
    rhs f{d, s[S::r] > 0.0, s[S::I_stim]};
    gsl_rkf45<3>::for_this_thread(1e-3, 0.0).integrate(y, h, d.dt, f);
    s[S::h] = h;
    y[1] += in[0];
    y[2] -= in[1];  // inhibitory spikes arrive with w < 0: the conductance grows by -w
    unsigned spikes = 0;
    if (s[S::r] > 0.0) {
      s[S::r] -= 1.0;
      y[0] = d.V_reset;
    } else if (y[0] >= d.V_th) {
      s[S::r] = d.refractory_steps;
      y[0] = d.V_reset;
      spikes = 1;
    }
    s[S::V_m] = y[0];
    s[S::g_ex] = y[1];
    s[S::g_in] = y[2];
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
