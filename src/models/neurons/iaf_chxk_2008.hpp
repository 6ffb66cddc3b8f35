#pragma once
// iaf_chxk_2008: the conductance-based integrate-and-fire neuron of Casti et al. (2008), J Comput
// Neurosci 24:235, with alpha-shaped synaptic conductances and an after-hyperpolarisation (AHP)
// conductance instead of a reset:
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - g_ahp (V - E_ahp) + I_e + I_stim
//   d(dg_x)/dt = -dg_x / tau_x,   dg_x/dt = dg_x - g_x / tau_x     for x = ex, in, ahp
//
// A spike of weight w (nS) adds w e / tau_syn_x to dg_x (so g_x peaks at w after tau_syn_x; w > 0
// excitatory, w < 0 inhibitory as -w); each spike of the neuron starts an AHP alpha function of peak
// g_ahp (dg_ahp jumps by g_ahp e / tau_ahp). As NEST 3.9 (models/iaf_chxk_2008.cpp): GSL's RKF45 over
// each step (absolute error 1e-3, relative 0, per-node integration step size); no clamping, no reset,
// no refractoriness. A spike happens when V crosses V_th upwards within the step (V_start < V_th <= V):
// its time is interpolated linearly between the step's two end points, `offset` = dt (V - V_th) /
// (V - V_start) before the end of the step, and it is emitted off the grid with that offset. The AHP
// alpha function is started at that time: dg_ahp += g_ahp e/tau_ahp exp(-offset/tau_ahp) and g_ahp +=
// (that) * offset (its value at the end of the step); with ahp_bug = true (the original Fortran code)
// both are replaced instead, so only the most recent spike's AHP acts. Then the step's spikes go into
// dg_ex / dg_in and the step's current is latched for the next step. Incoming spikes are taken on the
// grid (their offsets are ignored, as NEST's handle(SpikeEvent)): no port is precise, precise_channel
// is declared for the off-grid output only and never receives anything.
// I_syn_ex = g_ex (V - E_ex), I_syn_in = g_in (V - E_in), I_ahp = g_ahp (V - E_ahp) are recordable
// (NEST's sign convention: positive = outward). GetStatus shows V_m only, as NEST. V_m starts at -60 mV
// (NEST: E_L at creation); it is not moved when E_L changes.
// Differs from NEST: dg_* (nS/ms) are plain numbers, nestor has no unit nS/ms.

#include <array>
#include <cmath>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"

namespace nestor::detail {

struct iaf_chxk_2008 {
  static constexpr std::string_view name = "iaf_chxk_2008";

  struct P {
    enum : int {
      V_th,
      g_L,
      C_m,
      E_ex,
      E_in,
      E_L,
      tau_syn_ex,
      tau_syn_in,
      I_e,
      tau_ahp,
      E_ahp,
      g_ahp,
      ahp_bug,
      n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"V_th", -45.0, unit::mV, check::any, "spike threshold"},
      {"g_L", 100.0, unit::nS, check::any, "leak conductance"},
      {"C_m", 1000.0, unit::pF, check::positive, "membrane capacitance"},
      {"E_ex", 20.0, unit::mV, check::any, "excitatory reversal potential"},
      {"E_in", -90.0, unit::mV, check::any, "inhibitory reversal potential"},
      {"E_L", -60.0, unit::mV, check::any, "leak reversal potential"},
      {"tau_syn_ex", 1.0, unit::ms, check::positive, "rise time of the excitatory conductance (alpha)"},
      {"tau_syn_in", 1.0, unit::ms, check::positive, "rise time of the inhibitory conductance (alpha)"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"tau_ahp", 0.5, unit::ms, check::positive, "rise time of the AHP conductance (alpha)"},
      {"E_ahp", -95.0, unit::mV, check::any, "AHP reversal potential"},
      {"g_ahp", 443.8, unit::nS, check::any, "peak AHP conductance of one spike"},
      {"ahp_bug", 0.0, unit::none, check::boolean,
       "true: each spike replaces the AHP conductance (Casti et al.'s original code)"},
  }};

  struct S {
    enum : int { V_m, dg_ex, g_ex, dg_in, g_in, dg_ahp, g_ahp, I_syn_ex, I_syn_in, I_ahp, I_stim, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -60.0, unit::mV, "membrane potential"},
      {"dg_ex", 0.0, unit::none, "derivative of the excitatory conductance (nS/ms)", -1, false, false},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance", -1, true, false},
      {"dg_in", 0.0, unit::none, "derivative of the inhibitory conductance (nS/ms)", -1, false, false},
      {"g_in", 0.0, unit::nS, "inhibitory synaptic conductance", -1, true, false},
      {"dg_ahp", 0.0, unit::none, "derivative of the AHP conductance (nS/ms)", -1, false, false},
      {"g_ahp", 0.0, unit::nS, "AHP conductance", -1, true, false},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current g_ex (V_m - E_ex)", -1, true, false},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current g_in (V_m - E_in)", -1, true, false},
      {"I_ahp", 0.0, unit::pA, "AHP current g_ahp (V_m - E_ahp)", -1, true, false},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  static constexpr bool off_grid_spikes = true;
  static constexpr int precise_channel = 0;  // no port is precise: nothing arrives there (head comment)
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

  static void validate(const prow<iaf_chxk_2008>&) {}  // NEST's rules are all per parameter

  struct derived {
    double V_th, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e, tau_ahp, E_ahp, dt;
    double init_ex, init_in, init_ahp;  ///< jumps of dg (NEST's PSConInit_E / _I / _AHP)
    bool ahp_bug;
  };
  static derived prepare(const prow<iaf_chxk_2008>& p, double dt);

  /// The right-hand side, as NEST's iaf_chxk_2008_dynamics; y = V, dg_ex, g_ex, dg_in, g_in, dg_ahp, g_ahp.
  struct rhs {
    const derived& d;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const double V = y[0];
      const double I_syn_ex = y[2] * (V - d.E_ex);
      const double I_syn_in = y[4] * (V - d.E_in);
      const double I_ahp = y[6] * (V - d.E_ahp);
      const double I_L = d.g_L * (V - d.E_L);
      f[0] = (-I_L - I_syn_ex - I_syn_in - I_ahp + I_stim + d.I_e) / d.C_m;
      f[1] = -y[1] / d.tau_syn_ex;
      f[2] = y[1] - y[2] / d.tau_syn_ex;
      f[3] = -y[3] / d.tau_syn_in;
      f[4] = y[3] - y[4] / d.tau_syn_in;
      f[5] = -y[5] / d.tau_ahp;
      f[6] = y[5] - y[6] / d.tau_ahp;
      return 0;
    }
  };

  static void update(srow s, const derived& d, inputs in, precise_events, const precise_spikes& out) {
    double y[7];
    for (int k = 0; k < 7; ++k) y[k] = s[k];  // V_m, dg_ex, ..., g_ahp lead the state in NEST's order
    const double V_start = y[0];
    double h = s[S::h] > 0.0 ? s[S::h] : d.dt;
    rhs f{d, s[S::I_stim]};
    gsl_rkf45<7>::for_this_thread(1e-3, 0.0).integrate(y, h, d.dt, f);
    s[S::h] = h;
    if (V_start < d.V_th && y[0] >= d.V_th) {
      const double offset = d.dt * (y[0] - d.V_th) / (y[0] - V_start);  // linear interpolation
      const double ddg = d.init_ahp * std::exp(-offset / d.tau_ahp);    // the AHP alpha function, started
      const double dg = ddg * offset;                                   // offset ms ago, now
      y[5] = d.ahp_bug ? ddg : y[5] + ddg;
      y[6] = d.ahp_bug ? dg : y[6] + dg;
      out.emit(offset);
    }
    y[1] += in[0] * d.init_ex;
    y[3] -= in[1] * d.init_in;  // inhibitory spikes arrive with w < 0: dg_in grows by -w
    for (int k = 0; k < 7; ++k) s[k] = y[k];
    s[S::I_syn_ex] = y[2] * (y[0] - d.E_ex);
    s[S::I_syn_in] = y[4] * (y[0] - d.E_in);
    s[S::I_ahp] = y[6] * (y[0] - d.E_ahp);
    s[S::I_stim] = in[2];
  }
};

}  // namespace nestor::detail
