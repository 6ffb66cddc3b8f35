#pragma once
// aeif_cond_alpha: adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005) with
// alpha-shaped synaptic conductances:
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - g_ex (V - E_ex) - g_in (V - E_in)
//               - w + I_e + I_stim
//   dg_x/dt = dg_x - g_x / tau_syn_x,   d(dg_x)/dt = -dg_x / tau_syn_x,   tau_w dw/dt = a (V - E_L) - w
//
// As NEST 3.9 (models/aeif_cond_alpha.cpp); the step, spike detection, refractoriness and checks are
// the family's (aeif_common.hpp). After the step the step's spikes enter dg (w > 0: dg_ex += w e/tau_syn_ex,
// w < 0: dg_in += -w e/tau_syn_in, so that a weight w gives a conductance peak of |w| nS), and the step's
// current input is latched for the next step. NEST also refuses negative g_ex/g_in set by the user; nestor's
// state tables have no such check.

#include <array>
#include <optional>

#include "models/neurons/aeif_common.hpp"

namespace nestor::detail {

struct aeif_cond_alpha {
  static constexpr std::string_view name = "aeif_cond_alpha";

  struct P {
    enum : int { E_ex = aeif::n_common, E_in, tau_syn_ex, tau_syn_in, n };
  };
  static constexpr auto params = aeif::with_params<4>({{
      {"E_ex", 0.0, unit::mV, check::any, "excitatory reversal potential"},
      {"E_in", -85.0, unit::mV, check::any, "inhibitory reversal potential"},
      {"tau_syn_ex", 0.2, unit::ms, check::positive, "rise time of the excitatory alpha conductance"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "rise time of the inhibitory alpha conductance"},
  }});

  struct S {
    enum : int { V_m, dg_ex, g_ex, dg_in, g_in, w, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.6, unit::mV, "membrane potential"},
      {"dg_ex", 0.0, unit::none, "derivative of the excitatory conductance (nS/ms)", -1, false},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance"},
      {"dg_in", 0.0, unit::none, "derivative of the inhibitory conductance (nS/ms)", -1, false},
      {"g_in", 0.0, unit::nS, "inhibitory synaptic conductance"},
      {"w", 0.0, unit::pA, "adaptation current"},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: not yet chosen)", -1, false, false},
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

  static void validate(const prow<aeif_cond_alpha>& p);

  struct derived {
    aeif::constants c;
    double E_ex, E_in, tau_syn_ex, tau_syn_in, g0_ex, g0_in;
  };
  static derived prepare(const prow<aeif_cond_alpha>& p, double dt);

  /// The right-hand side, as NEST's aeif_cond_alpha_dynamics; y = V, dg_ex, g_ex, dg_in, g_in, w.
  struct rhs {
    const derived& d;
    const double& r;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const aeif::constants& c = d.c;
      const bool refractory = r > 0.0;
      const double V = aeif::clamped_V(c, refractory, y[0]);
      const double I_syn_exc = y[2] * (V - d.E_ex);
      const double I_syn_inh = y[4] * (V - d.E_in);
      const double I_spike = aeif::spike_current(c, V);
      f[0] = refractory
                 ? 0.0
                 : (-c.g_L * (V - c.E_L) + I_spike - I_syn_exc - I_syn_inh - y[5] + c.I_e + I_stim) / c.C_m;
      f[1] = -y[1] / d.tau_syn_ex;
      f[2] = y[1] - y[2] / d.tau_syn_ex;
      f[3] = -y[3] / d.tau_syn_in;
      f[4] = y[3] - y[4] / d.tau_syn_in;
      f[5] = (c.a * (V - c.E_L) - y[5]) / c.tau_w;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in) {
    double y[6] = {s[S::V_m], s[S::dg_ex], s[S::g_ex], s[S::dg_in], s[S::g_in], s[S::w]};
    double r = s[S::r], h = s[S::h];
    rhs f{d, r, s[S::I_stim]};
    const unsigned spikes = aeif::step<6>(y, r, h, d.c, f, 5);
    y[1] += in[0] * d.g0_ex;
    y[3] -= in[1] * d.g0_in;  // inhibitory spikes arrive with w < 0
    for (int k = 0; k < 6; ++k) s[k] = y[k];
    s[S::r] = r;
    s[S::h] = h;
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
