#pragma once
// What the adaptive exponential integrate-and-fire models (Brette & Gerstner 2005; NEST 3.9's
// models/aeif_*.cpp) share:
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) + I_syn - w + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w
//
// - the parameters common to the family (listed first in every model's table, in this order), NEST's
//   defaults and its cross-parameter rules (V_reset < V_peak, V_peak >= V_th, and for Delta_T > 0
//   (V_peak - V_th)/Delta_T below log(DBL_MAX/1e20), NEST's guard against overflow at spike time);
// - the step: GSL's RKF45 with the yp error control (absolute and relative bound gsl_error_tol, on y and
//   h dy/dt), the integration step size kept per node (initially min(0.01 ms, dt)); after every accepted
//   integration step NEST's instability check (V < -1e3 mV or |w| > 1e6 pA: nestor.NumericalError), then
//   V is held at V_reset while refractory, or V >= V_peak (V_th if Delta_T = 0) is a spike: V = V_reset,
//   w += b, refractory for t_ref steps (+1 for the count-down after the step; 0 if t_ref is 0 steps).
//   Several spikes in one step are possible (t_ref = 0). In the right-hand side V is V_reset while
//   refractory (dV/dt = 0) and at most V_peak otherwise; Delta_T = 0 drops the exponential term.
// nestor also stops (instead of recording NaN) when the state is no longer finite after a step.

#include <gsl/gsl_errno.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"
#include "models/neurons/nest_time.hpp"

namespace nestor::detail::aeif {

enum : int {
  V_peak,
  V_reset,
  t_ref,
  g_L,
  C_m,
  E_L,
  Delta_T,
  tau_w,
  a,
  b,
  V_th,
  I_e,
  gsl_error_tol,
  n_common
};

inline constexpr std::array<param_spec, n_common> common_params{{
    {"V_peak", 0.0, unit::mV, check::any, "spike detection threshold (used if Delta_T > 0)"},
    {"V_reset", -60.0, unit::mV, check::any, "reset potential of the membrane"},
    {"t_ref", 0.0, unit::ms, check::nonnegative, "duration of the refractory period"},
    {"g_L", 30.0, unit::nS, check::any, "leak conductance"},
    {"C_m", 281.0, unit::pF, check::positive, "membrane capacitance"},
    {"E_L", -70.6, unit::mV, check::any, "leak reversal potential"},
    {"Delta_T", 2.0, unit::mV, check::nonnegative, "slope factor of the exponential spike onset (0: none)"},
    {"tau_w", 144.0, unit::ms, check::positive, "adaptation time constant"},
    {"a", 4.0, unit::nS, check::any, "subthreshold adaptation"},
    {"b", 80.5, unit::pA, check::any, "spike-triggered adaptation"},
    {"V_th", -50.4, unit::mV, check::any, "spike initiation threshold"},
    {"I_e", 0.0, unit::pA, check::any, "constant input current"},
    {"gsl_error_tol", 1e-6, unit::none, check::positive, "error bound of the GSL integrator"},
}};

/// The common parameters followed by a model's own.
template <std::size_t K>
constexpr std::array<param_spec, n_common + K> with_params(const std::array<param_spec, K>& own) {
  return concat_params(common_params, own);
}

/// NEST's cross-parameter rules of the family (p: the model's parameter row, common ones first).
template <class Row>
void validate_common(std::string_view model, const Row& p) {
  const auto mv = [](double v) { return format_number(v) + " mV"; };
  const std::string m(model);
  if (!(p[V_reset] < p[V_peak]))
    throw bad_value(m + " parameter V_reset = " + mv(p[V_reset]) +
                    ": expected a value smaller than V_peak = " + mv(p[V_peak]));
  if (p[Delta_T] > 0.0) {
    const double max_exp_arg = std::log(std::numeric_limits<double>::max() / 1e20);
    if ((p[V_peak] - p[V_th]) / p[Delta_T] >= max_exp_arg)
      throw bad_value(m + " parameter Delta_T = " + mv(p[Delta_T]) +
                      ": (V_peak - V_th)/Delta_T = " + format_number((p[V_peak] - p[V_th]) / p[Delta_T]) +
                      " would overflow at spike time" + " (expected below " + format_number(max_exp_arg) +
                      "; increase Delta_T or reduce V_peak)");
  }
  if (!(p[V_peak] >= p[V_th]))
    throw bad_value(m + " parameter V_peak = " + mv(p[V_peak]) +
                    ": expected a value >= V_th = " + mv(p[V_th]));
}

struct constants {
  double V_peak, V_detect, V_reset, g_L, C_m, E_L, Delta_T, tau_w, a, b, V_th, I_e, tol, dt, h0;
  double refractory_steps;
};

template <class Row>
constants prepare_common(const Row& p, double dt, double h0) {
  constants c{};
  c.V_peak = p[V_peak];
  c.V_detect = p[Delta_T] > 0.0 ? p[V_peak] : p[V_th];
  c.V_reset = p[V_reset];
  c.g_L = p[g_L];
  c.C_m = p[C_m];
  c.E_L = p[E_L];
  c.Delta_T = p[Delta_T];
  c.tau_w = p[tau_w];
  c.a = p[a];
  c.b = p[b];
  c.V_th = p[V_th];
  c.I_e = p[I_e];
  c.tol = p[gsl_error_tol];
  c.dt = dt;
  c.h0 = h0;
  c.refractory_steps = double(nest_ms_to_steps(p[t_ref], dt));
  return c;
}

/// The membrane potential the right-hand side sees, and the exponential spike current at it.
inline double clamped_V(const constants& c, bool refractory, double V) {
  return refractory ? c.V_reset : std::min(V, c.V_peak);
}
inline double spike_current(const constants& c, double V) {
  return c.Delta_T == 0.0 ? 0.0 : c.g_L * c.Delta_T * std::exp((V - c.V_th) / c.Delta_T);
}

/// Whether a and b are the same double, bit for bit (0.0 and -0.0 differ).
inline bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

/// NEST's check for unreasonable values after an integration step (V may explode upwards).
inline void check_instability(double V, double w) {
  if (V < -1e3 || w < -1e6 || w > 1e6) throw ode_failure{GSL_ERANGE};
}

/// One time step of a model with N state variables, V at index 0 and w at index iw; rhs reads the
/// refractory counter through a pointer (it changes within the step). Returns the number of spikes;
/// r is counted down at the end of the step.
template <class Solver, class Rhs>
unsigned step_with(Solver&& solver, double* y, double& r, double& h, const constants& c, Rhs& rhs, int iw) {
  if (h <= 0.0) h = c.h0;
  unsigned spikes = 0;
  // the hook tells whether it changed y or r (then the right-hand side is evaluated anew)
  solver.integrate_with(y, h, c.dt, rhs, [&](double* v) {
    check_instability(v[0], v[iw]);
    const double V = v[0], w = v[iw], r_before = r;
    if (r > 0.0) {
      v[0] = c.V_reset;
    } else if (v[0] >= c.V_detect) {
      v[0] = c.V_reset;
      v[iw] += c.b;
      r = c.refractory_steps > 0.0 ? c.refractory_steps + 1.0 : 0.0;
      ++spikes;
    }
    return !(same_bits(V, v[0]) && same_bits(w, v[iw]) && same_bits(r_before, r));
  });
  if (r > 0.0) r -= 1.0;
  return spikes;
}

template <std::size_t N, class Rhs>
unsigned step(double* y, double& r, double& h, const constants& c, Rhs& rhs, int iw) {
  return step_with(gsl_rkf45<N, ode_control::yp>::for_this_thread(c.tol, c.tol), y, r, h, c, rhs, iw);
}

/// The same for n state variables chosen at run time (the multisynapse models).
template <class Rhs>
unsigned step_n(std::size_t n, double* y, double& r, double& h, const constants& c, Rhs& rhs, int iw) {
  return step_with(gsl_rkf45<0, ode_control::yp>::for_this_thread(n, c.tol, c.tol), y, r, h, c, rhs, iw);
}

}  // namespace nestor::detail::aeif
