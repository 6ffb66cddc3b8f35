#pragma once
// What NEST 3.9's Hodgkin-Huxley models (hh_psc_alpha, hh_psc_alpha_gap, hh_cond_exp_traub,
// hh_cond_beta_gap_traub) really share:
// - the spike rule: after the step's integration, a node that is not (pseudo-)refractory emits a spike
//   when V >= threshold and V fell during the step (V at the step's start > V now: the peak has just
//   passed); t_ref steps follow in which the counter runs down and nothing is detected (nothing is
//   clamped either);
// - the integration of a step (RKF45, relative error 0, the step size kept per node), as NEST's update;
// - NEST's State_::set rule that the (in)activation variables are non-negative;
// - the Traub-Miles rates of the two *_traub models, as functions of u = V - V_T (rates in 1/ms):
//     alpha_m = 0.32 (13 - u) / (exp((13 - u)/4) - 1),   beta_m = 0.28 (u - 40) / (exp((u - 40)/5) - 1)
//     alpha_h = 0.128 exp((17 - u)/18),                  beta_h = 4 / (1 + exp((40 - u)/5))
//     alpha_n = 0.032 (15 - u) / (exp((15 - u)/5) - 1),  beta_n = 0.5 exp((10 - u)/40)

#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"

namespace nestor::detail {

/// The spike rule above; r is the slot of the refractory steps left. Returns the spikes emitted (0/1).
inline unsigned hh_spike(srow s, int r, double V_old, double V, double threshold, double refractory_steps) {
  if (s[r] > 0.0) {
    s[r] -= 1.0;
    return 0;
  }
  if (V >= threshold && V_old > V) {
    s[r] = refractory_steps;
    return 1;
  }
  return 0;
}

/// One step's integration of a model's N ODEs (y) as NEST: GSL's RKF45 with absolute error atol and
/// relative error 0 over [0, dt], the integration step size kept in the state slot h_slot (0: start with dt).
template <std::size_t N, class Rhs>
inline void hh_integrate(double* y, double& h_slot, double dt, double atol, Rhs& f) {
  double h = h_slot > 0.0 ? h_slot : dt;
  gsl_rkf45<N>::for_this_thread(atol, 0.0).integrate(y, h, dt, f);
  h_slot = h;
}

/// dV/dt (the first of the N derivatives) of the right-hand side f at y: a gap-junction model's gap_dVdt.
template <std::size_t N, class Rhs>
inline double hh_dVdt(const Rhs& f, const double* y, double time) {
  double dydt[N];
  f(time, y, dydt);
  return dydt[0];
}

/// The right-hand side of hh_psc_alpha's 8 ODEs (y = V, m, h, n, dI_ex, I_syn_ex, dI_in, I_syn_in),
/// shared with hh_psc_alpha_clopath; d has g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e.
template <class D>
inline void hh_psc_alpha_rhs(const D& d, double I_stim, const double* y, double* f) {
  const double V = y[0], m = y[1], h = y[2], n = y[3];
  const double alpha_n = 0.01 * (V + 55.0) / (1.0 - std::exp(-(V + 55.0) / 10.0));
  const double beta_n = 0.125 * std::exp(-(V + 65.0) / 80.0);
  const double alpha_m = 0.1 * (V + 40.0) / (1.0 - std::exp(-(V + 40.0) / 10.0));
  const double beta_m = 4.0 * std::exp(-(V + 65.0) / 18.0);
  const double alpha_h = 0.07 * std::exp(-(V + 65.0) / 20.0);
  const double beta_h = 1.0 / (1.0 + std::exp(-(V + 35.0) / 10.0));
  const double I_Na = d.g_Na * m * m * m * h * (V - d.E_Na);
  const double I_K = d.g_K * n * n * n * n * (V - d.E_K);
  const double I_L = d.g_L * (V - d.E_L);
  f[0] = (-(I_Na + I_K + I_L) + I_stim + d.I_e + y[5] + y[7]) / d.C_m;
  f[1] = alpha_m * (1.0 - m) - beta_m * m;
  f[2] = alpha_h * (1.0 - h) - beta_h * h;
  f[3] = alpha_n * (1.0 - n) - beta_n * n;
  f[4] = -y[4] / d.tau_syn_ex;
  f[5] = y[4] - y[5] / d.tau_syn_ex;
  f[6] = -y[6] / d.tau_syn_in;
  f[7] = y[6] - y[7] / d.tau_syn_in;
}

/// Throws bad_value naming the first negative (in)activation variable among `gates` (state slots).
template <class M, std::size_t N>
void hh_check_gates(const std::array<double, N>& s, std::initializer_list<int> gates) {
  for (const int k : gates)
    if (s[k] < 0.0)
      throw bad_value(std::string(M::name) + " state " + std::string(M::state[k].name) + " = " +
                      format_number(s[k]) + ": expected a non-negative (in)activation variable");
}

struct traub_rates {
  double alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n;
};

inline traub_rates traub_kinetics(double u) {
  traub_rates r;
  r.alpha_n = 0.032 * (15.0 - u) / (std::exp((15.0 - u) / 5.0) - 1.0);
  r.beta_n = 0.5 * std::exp((10.0 - u) / 40.0);
  r.alpha_m = 0.32 * (13.0 - u) / (std::exp((13.0 - u) / 4.0) - 1.0);
  r.beta_m = 0.28 * (u - 40.0) / (std::exp((u - 40.0) / 5.0) - 1.0);
  r.alpha_h = 0.128 * std::exp((17.0 - u) / 18.0);
  r.beta_h = 4.0 / (1.0 + std::exp((40.0 - u) / 5.0));
  return r;
}

/// The Traub gating derivatives dx/dt = alpha_x - (alpha_x + beta_x) x for x = m, h, n at u = V - V_T.
inline void traub_gates(double u, double m, double h, double n, double* dm, double* dh, double* dn) {
  const traub_rates r = traub_kinetics(u);
  *dm = r.alpha_m - (r.alpha_m + r.beta_m) * m;
  *dh = r.alpha_h - (r.alpha_h + r.beta_h) * h;
  *dn = r.alpha_n - (r.alpha_n + r.beta_n) * n;
}

}  // namespace nestor::detail
