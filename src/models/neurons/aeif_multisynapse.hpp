#pragma once
// What aeif_cond_alpha_multisynapse and aeif_cond_beta_multisynapse share (NEST 3.9): per receptor port
// k a conductance g_k with its helper dg_k (dg_k decays with tau_rise[k], g_k with tau_decay[k]; the alpha
// model has tau_rise = tau_decay = tau_syn), the right-hand side and the step. A spike of weight w on
// port k adds w * g0[k] to dg_k (g0: e/tau_syn for alpha, NEST's beta normalisation for beta), so g_k
// peaks at w nS. State: V_m, w, I_stim, r, h; element state dg, g.

#include <cstddef>
#include <vector>

#include "models/neurons/aeif_common.hpp"

namespace nestor::detail::aeif {

struct multisynapse_constants {
  constants c;
  std::vector<double> E_rev, tau_rise, tau_decay, g0;  // per port
};

/// The right-hand side, as NEST's; y = V, w, then dg_k, g_k for each port.
struct multisynapse_rhs {
  const multisynapse_constants& d;
  const double& r;
  double I_stim;
  int operator()(double, const double* y, double* f) const {
    const constants& c = d.c;
    const bool refractory = r > 0.0;
    const double V = clamped_V(c, refractory, y[0]);
    double I_syn = 0.0;
    const std::size_t K = d.tau_rise.size();
    for (std::size_t k = 0; k < K; ++k) I_syn += y[3 + 2 * k] * (d.E_rev[k] - V);
    const double I_spike = spike_current(c, V);
    f[0] = refractory ? 0.0 : (-c.g_L * (V - c.E_L) + I_spike + I_syn - y[1] + c.I_e + I_stim) / c.C_m;
    f[1] = (c.a * (V - c.E_L) - y[1]) / c.tau_w;
    for (std::size_t k = 0; k < K; ++k) {
      f[2 + 2 * k] = -y[2 + 2 * k] / d.tau_rise[k];
      f[3 + 2 * k] = y[2 + 2 * k] - y[3 + 2 * k] / d.tau_decay[k];
    }
    return 0;
  }
};

/// One step of a multisynapse AdEx node: S are the model's scalar state indices, dg and g its element
/// state vectors; the spikes of port k arrive on channel k - 1, the current on channel K.
template <class S>
unsigned multisynapse_update(srow s, const multisynapse_constants& d, inputs in, std::vector<double>& dg,
                             std::vector<double>& g) {
  const std::size_t K = g.size();
  thread_local std::vector<double> y;
  y.resize(2 + 2 * K);
  y[0] = s[S::V_m];
  y[1] = s[S::w];
  for (std::size_t k = 0; k < K; ++k) y[2 + 2 * k] = dg[k], y[3 + 2 * k] = g[k];
  double r = s[S::r], h = s[S::h];
  multisynapse_rhs f{d, r, s[S::I_stim]};
  const unsigned spikes = step_n(y.size(), y.data(), r, h, d.c, f, 1);
  for (std::size_t k = 0; k < K; ++k) {
    dg[k] = y[2 + 2 * k] + in[int(k)] * d.g0[k];
    g[k] = y[3 + 2 * k];
  }
  s[S::V_m] = y[0];
  s[S::w] = y[1];
  s[S::r] = r;
  s[S::h] = h;
  s[S::I_stim] = in[int(K)];
  return spikes;
}

}  // namespace nestor::detail::aeif
