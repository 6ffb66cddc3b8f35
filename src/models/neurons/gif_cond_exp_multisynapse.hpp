#pragma once
// gif_cond_exp_multisynapse: gif_cond_exp (see gif_cond_exp.hpp for the membrane, the kernels, the escape
// noise and the step) with any number of receptor ports, each with an exponentially decaying conductance
// (tau_syn[k]) and its own reversal potential (E_rev[k]), as NEST 3.9
// (models/gif_cond_exp_multisynapse.{h,cpp}):
//
//   C_m dV/dt = -g_L (V - E_L) - sum_k g_k (V - E_rev[k]) - I_stc + I_e + I_stim,  dg_k/dt = -g_k/tau_syn[k]
//
// (V, g_1, ..., g_K) are integrated over each step by GSL's RKF45 (control y_new(gsl_error_tol, 0)), then
// port k's spikes of the step are added to g_k (in nS). Receptor ports count from 1 to len(tau_syn) (=
// len(E_rev); default [2.0] ms and [0.0] mV); nestor fixes their number when the nodes are created.
// Recordables as NEST: V_m, E_sfa, I_stc (the conductances are not recordable in NEST).
// Differs from NEST: NEST refuses a negative weight when the spike is delivered ("Synaptic weights for
// conductance based models must be positive"); nestor cannot refuse it (the engine has no per-port weight
// sign rule) and adds it to the conductance. gsl_error_tol must be > 0 (NEST does not check it).

#include <array>
#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"
#include "models/neurons/gif_kernels.hpp"

namespace nestor::detail {

struct gif_cond_exp_multisynapse {
  static constexpr std::string_view name = "gif_cond_exp_multisynapse";

  struct P {
    enum : int { I_e, E_L, g_L, C_m, V_reset, Delta_V, V_T_star, lambda_0, t_ref, gsl_error_tol, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"E_L", -70.0, unit::mV, check::any, "leak reversal potential"},
      {"g_L", 4.0, unit::nS, check::positive, "leak conductance"},
      {"C_m", 80.0, unit::pF, check::positive, "membrane capacitance"},
      {"V_reset", -55.0, unit::mV, check::any, "membrane potential held during the refractory period"},
      {"Delta_V", 0.5, unit::mV, check::positive, "stochasticity level of the escape rate"},
      {"V_T_star", -35.0, unit::mV, check::any, "base firing threshold"},
      {"lambda_0", 1.0, unit::Hz, check::nonnegative, "stochastic intensity at the firing threshold"},
      {"t_ref", 4.0, unit::ms, check::nonnegative, "duration of the refractory period"},
      {"gsl_error_tol", 1e-3, unit::none, check::positive, "absolute error bound of the GSL integrator"},
  }};

  static constexpr int n_groups = 3;  // 0: spike-triggered currents, 1: threshold kernels, 2: ports
  struct A {
    enum : int { tau_stc, q_stc, tau_sfa, q_sfa, tau_syn, E_rev, n };
  };
  static constexpr double tau_syn_default[] = {2.0};
  static constexpr double E_rev_default[] = {0.0};
  static constexpr std::array<array_spec, A::n> arrays{{
      {"tau_stc", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the spike-triggered currents (default none)", 0},
      {"q_stc", std::span<const double>{}, unit::pA, check::any,
       "jumps of the spike-triggered currents at each spike (NEST's numbers; it documents nA)", 0},
      {"tau_sfa", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the threshold adaptation kernels (default none)", 1},
      {"q_sfa", std::span<const double>{}, unit::mV, check::any,
       "jumps of the threshold kernels at each spike", 1},
      {"tau_syn", tau_syn_default, unit::ms, check::positive,
       "decay times of the synaptic conductances, one per receptor port (ports 1, 2, ...)", 2},
      {"E_rev", E_rev_default, unit::mV, check::any, "reversal potentials, one per receptor port", 2},
  }};
  struct E {
    enum : int { stc, sfa, g, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      {"stc", 0.0, unit::pA, "value of a spike-triggered current kernel", 0, false},
      {"sfa", 0.0, unit::mV, "value of a threshold adaptation kernel", 1, false},
      {"g", 0.0, unit::nS, "synaptic conductance of a receptor port", 2, false},
  }};

  struct S {
    enum : int { V_m, E_sfa, I_stc, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"E_sfa", 0.0, unit::mV, "adaptive threshold V_T_star + sum of the kernels (start of the step)"},
      {"I_stc", 0.0, unit::pA, "spike-triggered current: sum of the kernels (start of the step)"},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  // Channels: one per receptor port (spikes), then the current input.
  static int channels(const group_sizes<n_groups>& k) { return int(k[2]) + 1; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor < 1 || receptor > int(k[2])) return std::nullopt;
    return port{receptor - 1, 0};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor != 0) return std::nullopt;
    return port{int(k[2]), 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<gif_cond_exp_multisynapse>& p, const arrays_of_node& a);
  static constexpr bool needs_rng = true;

  struct derived {
    double E_L, g_L, C_m, I_e, V_reset, V_T_star, Delta_V, lambda_0, dt, refractory_steps, tol;
    std::vector<double> P_stc, P_sfa, tau_syn, E_rev;
  };
  static derived prepare(const prow<gif_cond_exp_multisynapse>& p, const arrays_of_node& a, double dt);
  static bool draws(const derived& d) { return d.lambda_0 > 0.0; }

  /// The right-hand side, as NEST's gif_cond_exp_multisynapse_dynamics: y = (V, g_1, ..., g_K).
  struct rhs {
    const derived& d;
    bool refractory;
    double I_stim, I_stc;
    int operator()(double, const double* y, double* f) const {
      const std::size_t K = d.tau_syn.size();
      const double V = refractory ? d.V_reset : y[0];
      double I = -d.g_L * (y[0] - d.E_L) + I_stim + d.I_e - I_stc;
      for (std::size_t k = 0; k < K; ++k) I -= y[1 + k] * (V - d.E_rev[k]);
      f[0] = refractory ? 0.0 : I / d.C_m;
      for (std::size_t k = 0; k < K; ++k) f[1 + k] = -y[1 + k] / d.tau_syn[k];
      return 0;
    }
  };

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar, const node_rng* rng) {
    s[S::I_stc] = gif_kernels_sum_then_decay(ar.s[E::stc], d.P_stc, 0.0);
    s[S::E_sfa] = gif_kernels_sum_then_decay(ar.s[E::sfa], d.P_sfa, d.V_T_star);
    std::vector<double>& g = ar.s[E::g];
    const std::size_t K = g.size();
    thread_local std::vector<double> y;
    y.resize(1 + K);
    y[0] = s[S::V_m];
    for (std::size_t k = 0; k < K; ++k) y[1 + k] = g[k];
    double h = s[S::h] > 0.0 ? s[S::h] : d.dt;
    rhs f{d, s[S::r] > 0.0, s[S::I_stim], s[S::I_stc]};
    gsl_rkf45<0>::for_this_thread(y.size(), d.tol, 0.0).integrate(y.data(), h, d.dt, f);
    s[S::h] = h;
    for (std::size_t k = 0; k < K; ++k) g[k] = y[1 + k] + in[int(k)];
    unsigned spikes = 0;
    if (s[S::r] == 0.0) {
      const double lambda = d.lambda_0 * std::exp((y[0] - s[S::E_sfa]) / d.Delta_V);
      if (lambda > 0.0 && rng && rng->stream().uniform() < -std::expm1(-lambda * d.dt)) {
        gif_kernels_jump(ar.s[E::stc], ar.p[A::q_stc]);
        gif_kernels_jump(ar.s[E::sfa], ar.p[A::q_sfa]);
        s[S::r] = d.refractory_steps;
        spikes = 1;
      }
    } else {
      s[S::r] -= 1.0;
      y[0] = d.V_reset;
    }
    s[S::V_m] = y[0];
    s[S::I_stim] = in[int(K)];
    return spikes;
  }
};

}  // namespace nestor::detail
