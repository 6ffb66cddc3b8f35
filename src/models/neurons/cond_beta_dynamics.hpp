#pragma once
// The dynamics shared by iaf_cond_alpha and iaf_cond_beta (NEST 3.9 models/iaf_cond_alpha.cpp and
// models/iaf_cond_beta.cpp): each conductance g is driven by an auxiliary variable dg,
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   d(dg_x)/dt = -dg_x / tau_decay_x,   dg_x/dt = dg_x - g_x / tau_rise_x
//
// (alpha: tau_rise = tau_decay = tau_syn). In the right-hand side V is clamped to V_reset while
// refractory (dV/dt = 0) and to at most V_th otherwise. Order within a step, as NEST: integrate
// [0, dt] with GSL's RKF45 (absolute error 1e-3, relative 0), then refractoriness counts down (V held
// at V_reset) or V >= V_th resets V and emits a spike, then the step's spikes are added to dg (w > 0:
// dg_ex += w * init_ex; w < 0: dg_in += -w * init_in, in nS), and the step's current is latched.

#include <algorithm>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"

namespace nestor::detail {

struct cond_beta_derived {
  double V_th, V_reset, g_L, C_m, E_ex, E_in, E_L, I_e;
  double tau_rise_ex, tau_decay_ex, tau_rise_in, tau_decay_in;
  double init_ex, init_in;  ///< jump of dg per nS of weight (NEST's PSConInit_E / PSConInit_I)
  double dt, refractory_steps;
};

/// NEST's beta normalisation (libnestutil/beta_normalization_factor.h): the jump of dg that makes
/// the conductance peak at 1 nS; e / tau_decay (the alpha function's) when the two times coincide.
double beta_peak_normalisation(double tau_rise, double tau_decay);

/// State layout the shared update expects: V_m, dg_ex, g_ex, dg_in, g_in (NEST's order), then the
/// latched current, refractory steps left, t_ref_remaining (ms) and the integrator's step size.
struct cond_beta_slots {
  int V_m, dg_ex, g_ex, dg_in, g_in, I_stim, r, t_ref_remaining, h;
};

struct cond_beta_rhs {
  const cond_beta_derived& d;
  bool refractory;
  double I_stim;
  int operator()(double, const double* y, double* f) const {
    const double V = refractory ? d.V_reset : std::min(y[0], d.V_th);
    const double I_syn_exc = y[2] * (V - d.E_ex);
    const double I_syn_inh = y[4] * (V - d.E_in);
    const double I_L = d.g_L * (V - d.E_L);
    f[0] = refractory ? 0.0 : (-I_L - I_syn_exc - I_syn_inh + I_stim + d.I_e) / d.C_m;
    f[1] = -y[1] / d.tau_decay_ex;
    f[2] = y[1] - y[2] / d.tau_rise_ex;
    f[3] = -y[3] / d.tau_decay_in;
    f[4] = y[3] - y[4] / d.tau_rise_in;
    return 0;
  }
};

/// One step of either model; `in` holds excitatory weight, inhibitory weight (w < 0), current.
inline unsigned cond_beta_update(srow s, const cond_beta_slots& k, const cond_beta_derived& d, inputs in) {
  double y[5] = {s[k.V_m], s[k.dg_ex], s[k.g_ex], s[k.dg_in], s[k.g_in]};
  double h = s[k.h] > 0.0 ? s[k.h] : d.dt;
  cond_beta_rhs f{d, s[k.r] > 0.0, s[k.I_stim]};
  gsl_rkf45<5>::for_this_thread(1e-3, 0.0).integrate(y, h, d.dt, f);
  s[k.h] = h;
  unsigned spikes = 0;
  if (s[k.r] > 0.0) {
    s[k.r] -= 1.0;
    y[0] = d.V_reset;
  } else if (y[0] >= d.V_th) {
    s[k.r] = d.refractory_steps;
    y[0] = d.V_reset;
    spikes = 1;
  }
  y[1] += in[0] * d.init_ex;
  y[3] -= in[1] * d.init_in;  // inhibitory spikes arrive with w < 0: dg_in grows by -w
  s[k.V_m] = y[0];
  s[k.dg_ex] = y[1];
  s[k.g_ex] = y[2];
  s[k.dg_in] = y[3];
  s[k.g_in] = y[4];
  s[k.I_stim] = in[2];
  s[k.t_ref_remaining] = s[k.r] * d.dt;
  return spikes;
}

}  // namespace nestor::detail
