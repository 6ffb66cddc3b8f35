#pragma once
// gif_cond_exp: generalized integrate-and-fire neuron (Mensi et al. 2012, Pozzorini et al. 2015) with
// exponentially decaying synaptic conductances, spike-triggered currents, a moving threshold and escape
// noise, as NEST 3.9 (models/gif_cond_exp.{h,cpp}):
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - I_stc + I_e + I_stim
//   dg_ex/dt = -g_ex / tau_syn_ex,  dg_in/dt = -g_in / tau_syn_in
//   kernels, E_sfa, I_stc and lambda = lambda_0 exp((V - E_sfa)/Delta_V) as gif_psc_exp (gif_kernels.hpp)
//
// Per step (NEST's order): I_stc and E_sfa are the kernel sums at the start of the step, then the kernels
// decay; (V, g_ex, g_in) are integrated over the step by GSL's RKF45 (control y_new(gsl_error_tol, 0),
// core/ode_gsl.hpp) with I_stc, I_e and the latched I_stim constant, V clamped to V_reset and dV/dt = 0
// while refractory (no clamp at a threshold: the firing is stochastic); the step's spikes are added to
// the conductances (w >= 0 to g_ex, w < 0 as -w to g_in, in nS); if not refractory, one uniform draw u
// fires if u < -expm1(-lambda dt) (the kernels jump by q, the refractory count starts), else the count
// goes down and V is held at V_reset. V is not reset in the step of the spike itself (NEST's quirk, as
// gif_psc_exp). Last, the step's current input is latched. All potentials are absolute.
//
// Units as NEST's numbers: lambda_0 in 1/s; q_stc in pA (NEST documents nA but adds it to pA currents).
// Differs from NEST: gsl_error_tol must be > 0 (NEST does not check it; GSL cannot run without a bound).
// Random numbers: the node's own Philox stream keyed by (seed, node id, step): NEST's spikes are matched
// in distribution, not draw for draw, and results do not depend on the number of threads.

#include <array>
#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"
#include "models/neurons/gif_kernels.hpp"

namespace nestor::detail {

struct gif_cond_exp {
  static constexpr std::string_view name = "gif_cond_exp";

  struct P {
    enum : int {
      I_e,
      E_L,
      g_L,
      C_m,
      V_reset,
      Delta_V,
      V_T_star,
      lambda_0,
      t_ref,
      tau_syn_ex,
      tau_syn_in,
      E_ex,
      E_in,
      gsl_error_tol,
      n
    };
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
      {"tau_syn_ex", 2.0, unit::ms, check::positive, "decay time of the excitatory conductance"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "decay time of the inhibitory conductance"},
      {"E_ex", 0.0, unit::mV, check::any, "excitatory reversal potential"},
      {"E_in", -85.0, unit::mV, check::any, "inhibitory reversal potential"},
      {"gsl_error_tol", 1e-3, unit::none, check::positive, "absolute error bound of the GSL integrator"},
  }};

  static constexpr int n_groups = 2;  // group 0: spike-triggered currents, group 1: threshold kernels
  struct A {
    enum : int { tau_stc, q_stc, tau_sfa, q_sfa, n };
  };
  static constexpr std::array<array_spec, A::n> arrays{{
      {"tau_stc", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the spike-triggered currents (default none)", 0},
      {"q_stc", std::span<const double>{}, unit::pA, check::any,
       "jumps of the spike-triggered currents at each spike (NEST's numbers; it documents nA)", 0},
      {"tau_sfa", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the threshold adaptation kernels (default none)", 1},
      {"q_sfa", std::span<const double>{}, unit::mV, check::any,
       "jumps of the threshold kernels at each spike", 1},
  }};
  struct E {
    enum : int { stc, sfa, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      {"stc", 0.0, unit::pA, "value of a spike-triggered current kernel", 0, false},
      {"sfa", 0.0, unit::mV, "value of a threshold adaptation kernel", 1, false},
  }};

  struct S {
    enum : int { V_m, g_ex, g_in, E_sfa, I_stc, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"g_ex", 0.0, unit::nS, "excitatory synaptic conductance"},
      {"g_in", 0.0, unit::nS, "inhibitory synaptic conductance"},
      {"E_sfa", 0.0, unit::mV, "adaptive threshold V_T_star + sum of the kernels (start of the step)"},
      {"I_stc", 0.0, unit::pA, "spike-triggered current: sum of the kernels (start of the step)"},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  // Input channels: excitatory and inhibitory spikes (split by sign), current input.
  static int channels(const group_sizes<n_groups>&) { return 3; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>&) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>&) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<gif_cond_exp>& p, const arrays_of_node& a);
  static constexpr bool needs_rng = true;

  struct derived {
    double E_L, g_L, C_m, E_ex, E_in, tau_syn_ex, tau_syn_in, I_e, V_reset, V_T_star, Delta_V;
    double lambda_0, dt, refractory_steps, tol;  // lambda_0 in 1/ms
    std::vector<double> P_stc, P_sfa;
  };
  static derived prepare(const prow<gif_cond_exp>& p, const arrays_of_node& a, double dt);
  static bool draws(const derived& d) { return d.lambda_0 > 0.0; }

  /// The right-hand side, as NEST's gif_cond_exp_dynamics.
  struct rhs {
    const derived& d;
    bool refractory;
    double I_stim, I_stc;
    int operator()(double, const double* y, double* f) const {
      const double V = refractory ? d.V_reset : y[0];
      const double I =
          -d.g_L * (V - d.E_L) - y[1] * (V - d.E_ex) - y[2] * (V - d.E_in) + I_stim + d.I_e - I_stc;
      f[0] = refractory ? 0.0 : I / d.C_m;
      f[1] = -y[1] / d.tau_syn_ex;
      f[2] = -y[2] / d.tau_syn_in;
      return 0;
    }
  };

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar, const node_rng* rng) {
    s[S::I_stc] = gif_kernels_sum_then_decay(ar.s[E::stc], d.P_stc, 0.0);
    s[S::E_sfa] = gif_kernels_sum_then_decay(ar.s[E::sfa], d.P_sfa, d.V_T_star);
    double y[3] = {s[S::V_m], s[S::g_ex], s[S::g_in]};
    double h = s[S::h] > 0.0 ? s[S::h] : d.dt;
    rhs f{d, s[S::r] > 0.0, s[S::I_stim], s[S::I_stc]};
    gsl_rkf45<3>::for_this_thread(d.tol, 0.0).integrate(y, h, d.dt, f);
    s[S::h] = h;
    y[1] += in[0];
    y[2] -= in[1];  // inhibitory spikes arrive with w < 0: the conductance grows by -w
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
    s[S::g_ex] = y[1];
    s[S::g_in] = y[2];
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
