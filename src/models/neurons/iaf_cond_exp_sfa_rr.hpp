#pragma once
// iaf_cond_exp_sfa_rr: conductance-based leaky integrate-and-fire neuron with spike-frequency
// adaptation (sfa) and relative refractory (rr) conductances (Dayan & Abbott 2001, sec. 5.8):
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in)
//               - g_sfa (V - E_sfa) - g_rr (V - E_rr) + I_e + I_stim
//   dg_x/dt = -g_x / tau_x   for x = ex (tau_syn_ex), in (tau_syn_in), sfa (tau_sfa), rr (tau_rr)
//
// As NEST 3.9 (models/iaf_cond_exp_sfa_rr.cpp): GSL's RKF45 over each step (absolute error 1e-3,
// relative 0; core/ode_gsl.hpp), each node keeping its integration step size; the right-hand side
// uses V as it is (no clamping, unlike iaf_cond_exp). Then the step's spikes are added to the
// conductances (w > 0 to g_ex, w < 0 as -w to g_in, in nS), refractoriness counts down (V held at
// V_reset) or V >= V_th resets V, adds q_sfa to g_sfa and q_rr to g_rr and emits a spike; the step's
// current input is latched for the next step. All potentials are absolute.

#include <array>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"

namespace nestor::detail {

struct iaf_cond_exp_sfa_rr {
  static constexpr std::string_view name = "iaf_cond_exp_sfa_rr";

  struct P {
    enum : int {
      V_th,
      V_reset,
      t_ref,
      g_L,
      C_m,
      E_ex,
      E_in,
      E_L,
      tau_syn_ex,
      tau_syn_in,
      I_e,
      tau_sfa,
      tau_rr,
      E_sfa,
      E_rr,
      q_sfa,
      q_rr,
      n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"V_th", -57.0, unit::mV, check::any, "spike threshold"},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane"},
      {"t_ref", 0.5, unit::ms, check::nonnegative, "duration of the (absolute) refractory period"},
      {"g_L", 28.95, unit::nS, check::any, "leak conductance"},
      {"C_m", 289.5, unit::pF, check::positive, "membrane capacitance"},
      {"E_ex", 0.0, unit::mV, check::any, "excitatory reversal potential"},
      {"E_in", -75.0, unit::mV, check::any, "inhibitory reversal potential"},
      {"E_L", -70.0, unit::mV, check::any, "leak reversal potential"},
      {"tau_syn_ex", 1.5, unit::ms, check::positive, "decay time of the excitatory conductance"},
      {"tau_syn_in", 10.0, unit::ms, check::positive, "decay time of the inhibitory conductance"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"tau_sfa", 110.0, unit::ms, check::positive, "decay time of the adaptation conductance"},
      {"tau_rr", 1.97, unit::ms, check::positive, "decay time of the relative refractory conductance"},
      {"E_sfa", -70.0, unit::mV, check::any, "reversal potential of the adaptation conductance"},
      {"E_rr", -70.0, unit::mV, check::any, "reversal potential of the relative refractory conductance"},
      {"q_sfa", 14.48, unit::nS, check::any, "jump of g_sfa at each spike"},
      {"q_rr", 3214.0, unit::nS, check::any, "jump of g_rr at each spike"},
  }};

  struct S {
    enum : int { V_m, g_ex, g_in, g_sfa, g_rr, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance"},
      {"g_in", 0.0, unit::nS, "inhibitory synaptic conductance"},
      {"g_sfa", 0.0, unit::nS, "spike-frequency adaptation conductance"},
      {"g_rr", 0.0, unit::nS, "relative refractory conductance"},
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

  static void validate(const prow<iaf_cond_exp_sfa_rr>& p);

  struct derived {
    double V_th, V_reset, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e;
    double tau_sfa, tau_rr, E_sfa, E_rr, q_sfa, q_rr, dt, refractory_steps;
  };
  static derived prepare(const prow<iaf_cond_exp_sfa_rr>& p, double dt);

  /// The right-hand side, as NEST's iaf_cond_exp_sfa_rr_dynamics.
  struct rhs {
    const derived& d;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const double V = y[0];
      const double I_syn = y[1] * (V - d.E_ex) + y[2] * (V - d.E_in);
      const double I_adapt = y[3] * (V - d.E_sfa) + y[4] * (V - d.E_rr);
      const double I_L = d.g_L * (V - d.E_L);
      f[0] = (-I_L + I_stim + d.I_e - I_syn - I_adapt) / d.C_m;
      f[1] = -y[1] / d.tau_syn_ex;
      f[2] = -y[2] / d.tau_syn_in;
      f[3] = -y[3] / d.tau_sfa;
      f[4] = -y[4] / d.tau_rr;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in) {
    double y[5] = {s[S::V_m], s[S::g_ex], s[S::g_in], s[S::g_sfa], s[S::g_rr]};
    double h = s[S::h] > 0.0 ? s[S::h] : d.dt;
    rhs f{d, s[S::I_stim]};
    gsl_rkf45<5>::for_this_thread(1e-3, 0.0).integrate(y, h, d.dt, f);
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
      y[3] += d.q_sfa;
      y[4] += d.q_rr;
      spikes = 1;
    }
    for (int k = 0; k < 5; ++k) s[S::V_m + k] = y[k];
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
