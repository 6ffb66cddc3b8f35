#pragma once
// aeif_cond_exp: adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005) with
// exponentially decaying synaptic conductances:
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - g_ex (V - E_ex) - g_in (V - E_in)
//               - w + I_e + I_stim
//   dg_x/dt = -g_x / tau_syn_x,   tau_w dw/dt = a (V - E_L) - w
//
// As NEST 3.9 (models/aeif_cond_exp.cpp); the step, spike detection, refractoriness and checks are the
// family's (aeif_common.hpp). After the step the step's spikes enter the conductances (w > 0: g_ex += w,
// w < 0: g_in += -w, in nS) and the step's current input is latched for the next step. NEST also refuses
// negative g_ex/g_in set by the user; nestor's state tables have no such check.

#include <array>
#include <optional>

#include "models/neurons/aeif_common.hpp"

namespace nestor::detail {

struct aeif_cond_exp {
  static constexpr std::string_view name = "aeif_cond_exp";

  struct P {
    enum : int { E_ex = aeif::n_common, E_in, tau_syn_ex, tau_syn_in, n };
  };
  static constexpr auto params = aeif::with_params<4>({{
      {"E_ex", 0.0, unit::mV, check::any, "excitatory reversal potential"},
      {"E_in", -85.0, unit::mV, check::any, "inhibitory reversal potential"},
      {"tau_syn_ex", 0.2, unit::ms, check::positive, "decay time of the excitatory conductance"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "decay time of the inhibitory conductance"},
  }});

  struct S {
    enum : int { V_m, g_ex, g_in, w, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.6, unit::mV, "membrane potential"},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance"},
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

  static void validate(const prow<aeif_cond_exp>& p);

  struct derived {
    aeif::constants c;
    double E_ex, E_in, tau_syn_ex, tau_syn_in;
  };
  static derived prepare(const prow<aeif_cond_exp>& p, double dt);

  /// The right-hand side, as NEST's aeif_cond_exp_dynamics; y = V, g_ex, g_in, w.
  struct rhs {
    const derived& d;
    const double& r;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const aeif::constants& c = d.c;
      const bool refractory = r > 0.0;
      const double V = aeif::clamped_V(c, refractory, y[0]);
      const double I_syn_exc = y[1] * (V - d.E_ex);
      const double I_syn_inh = y[2] * (V - d.E_in);
      const double I_spike = aeif::spike_current(c, V);
      f[0] = refractory
                 ? 0.0
                 : (-c.g_L * (V - c.E_L) + I_spike - I_syn_exc - I_syn_inh - y[3] + c.I_e + I_stim) / c.C_m;
      f[1] = -y[1] / d.tau_syn_ex;
      f[2] = -y[2] / d.tau_syn_in;
      f[3] = (c.a * (V - c.E_L) - y[3]) / c.tau_w;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in) {
    double y[4] = {s[S::V_m], s[S::g_ex], s[S::g_in], s[S::w]};
    double r = s[S::r], h = s[S::h];
    rhs f{d, r, s[S::I_stim]};
    const unsigned spikes = aeif::step<4>(y, r, h, d.c, f, 3);
    y[1] += in[0];
    y[2] -= in[1];  // inhibitory spikes arrive with w < 0
    for (int k = 0; k < 4; ++k) s[k] = y[k];
    s[S::r] = r;
    s[S::h] = h;
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
