#pragma once
// glif_cond: NEST's conductance-based generalized leaky integrate-and-fire models (GLIF 1 to 5, Teeter et
// al. 2018; the variants, parameters and checks as glif_psc_common.hpp, but the membrane conductance is
// called g_m) with a beta-shaped conductance per receptor port k (time constant tau_syn[k], reversal
// potential E_rev[k], peak w at t = tau_syn[k]), as NEST 3.9 (models/glif_cond.{h,cpp}):
//
//   C_m dU/dt = -g_m U - sum_k g_k (U + E_L - E_rev[k]) + I + ASCurrents_sum,   U = V_m - E_L
//   d dg_k/dt = -dg_k / tau_syn[k],  dg_k/dt = dg_k - g_k / tau_syn[k];  a spike of weight w: dg_k += w
//   e/tau_syn[k]
//
// One step (NEST's order): (U, g_k, dg_k) are integrated over the step by GSL's RKF45 (control
// y_new(1e-3, 0), core/ode_gsl.hpp) with I and ASCurrents_sum as they were left by the previous step, and
// dU/dt = 0 while refractory. Then, not refractory: theta_s decays; ASCurrents_sum = sum_j ASC_j (1 -
// exp(-k_j h))/(k_j h), ASC_j decays (GLIF3/4/5); theta_v is advanced from U at the start of the step with
// beta = (I + ASCurrents_sum)/g_m (GLIF5); threshold = theta_s + theta_v + V_th - E_L; a spike if U >
// threshold, with the resets of glif_psc_common.hpp (from U at the start of the step for GLIF2/4/5).
// Refractory: the counter runs down, U is set back to its value at the start of the step, threshold is
// recomputed. Last the ports' spikes join dg_k and I latches the step's current input.
// Receptor ports count from 1 to len(tau_syn) (= len(E_rev); default [0.2, 2.0] ms, [0, -85] mV); weights
// in nS, any sign (NEST does not check). Recordables as NEST: V_m, I, ASCurrents_sum, threshold,
// threshold_spike, threshold_voltage, g_1, g_2, ... (dg_k is state but not recordable, as NEST).
// nestor fixes the number of ports when the nodes are created; ASCurrents, g and dg (NEST's state
// vectors) are not readable or settable in nestor (no get/set for element state in the engine).

#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include "core/ode_gsl.hpp"
#include "models/neurons/glif_psc_common.hpp"

namespace nestor::detail {

struct glif_cond {
  static constexpr std::string_view name = "glif_cond";
  using P = glif::P;
  static constexpr auto params = [] {
    auto p = glif::params;
    p[P::g].name = "g_m";
    return p;
  }();

  struct S {
    enum : int { V_m, ASCurrents_sum, I, threshold, threshold_spike, threshold_voltage, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      glif::state[glif::S::V_m],
      glif::state[glif::S::ASCurrents_sum],
      glif::state[glif::S::I],
      glif::state[glif::S::threshold],
      glif::state[glif::S::threshold_spike],
      glif::state[glif::S::threshold_voltage],
      glif::state[glif::S::r],
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  static constexpr int n_groups = glif::n_groups;
  struct A {
    enum : int { asc_init, asc_decay, asc_amps, asc_r, tau_syn, E_rev, n };
  };
  static constexpr double tau_syn_default[] = {0.2, 2.0};
  static constexpr double E_rev_default[] = {0.0, -85.0};
  static constexpr std::array<array_spec, A::n> arrays{{
      glif::asc_arrays[0],
      glif::asc_arrays[1],
      glif::asc_arrays[2],
      glif::asc_arrays[3],
      {"tau_syn", tau_syn_default, unit::ms, check::positive,
       "time constants of the beta-shaped conductances, one per receptor port (1, 2, ...)", glif::g_ports},
      {"E_rev", E_rev_default, unit::mV, check::any, "reversal potentials, one per receptor port",
       glif::g_ports},
  }};
  struct E {
    enum : int { ASCurrents, g, dg, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      glif::asc_element,
      {"g", 0.0, unit::nS, "a port's synaptic conductance", glif::g_ports, true},
      {"dg", 0.0, unit::nS, "derivative term of a port's conductance (nS/ms)", glif::g_ports, false},
  }};

  // Channels: one per receptor port (spikes), then the current input.
  static int channels(const group_sizes<n_groups>& k) { return int(k[glif::g_ports]) + 1; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor < 1 || receptor > int(k[glif::g_ports])) return std::nullopt;
    return port{receptor - 1, 0};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>& k) {
    if (receptor != 0) return std::nullopt;
    return port{int(k[glif::g_ports]), 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<glif_cond>& p, const arrays_of_node& a);

  struct derived {
    glif::core c;
    double C_m, E_L, dt;
    std::vector<double> tau_syn, E_rev, g_init;  // per port
  };
  static derived prepare(const prow<glif_cond>& p, const arrays_of_node& a, double dt);

  /// The right-hand side, as NEST's glif_cond_dynamics: y = (U, dg_1, g_1, dg_2, g_2, ...).
  struct rhs {
    const derived& d;
    bool refractory;
    double I, asc_sum;
    int operator()(double, const double* y, double* f) const {
      const std::size_t K = d.tau_syn.size();
      const double U = refractory ? d.c.V_reset : y[0];
      double I_syn = 0.0;
      for (std::size_t k = 0; k < K; ++k) I_syn += y[2 + 2 * k] * (U + d.E_L - d.E_rev[k]);
      f[0] = refractory ? 0.0 : (-d.c.g * U - I_syn + I + asc_sum) / d.C_m;
      for (std::size_t k = 0; k < K; ++k) {
        f[1 + 2 * k] = -y[1 + 2 * k] / d.tau_syn[k];
        f[2 + 2 * k] = y[1 + 2 * k] - y[2 + 2 * k] / d.tau_syn[k];
      }
      return 0;
    }
  };

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar) {
    std::vector<double>& g = ar.s[E::g];
    std::vector<double>& dg = ar.s[E::dg];
    const std::size_t K = g.size();
    const glif::core& c = d.c;
    thread_local std::vector<double> y;
    y.resize(1 + 2 * K);
    const double v_old = s[S::V_m];
    y[0] = v_old;
    for (std::size_t k = 0; k < K; ++k) {
      y[1 + 2 * k] = dg[k];
      y[2 + 2 * k] = g[k];
    }
    double h = s[S::h] > 0.0 ? s[S::h] : d.dt;
    rhs f{d, s[S::r] > 0.0, s[S::I], s[S::ASCurrents_sum]};
    gsl_rkf45<0>::for_this_thread(y.size(), 1e-3, 0.0).integrate(y.data(), h, d.dt, f);
    s[S::h] = h;
    double U = y[0];
    unsigned spiked = 0;
    if (s[S::r] == 0.0) {
      if (c.theta_spike) s[S::threshold_spike] *= c.th_spike_rate;
      std::vector<double>& asc = ar.s[E::ASCurrents];
      double asc_sum = 0.0;
      if (c.asc)
        for (std::size_t j = 0; j < asc.size(); ++j) {
          asc_sum += c.asc_mean[j] * asc[j];
          asc[j] *= c.asc_rate[j];
        }
      s[S::ASCurrents_sum] = asc_sum;
      if (c.theta_voltage) {
        const double beta = (s[S::I] + asc_sum) / c.g;
        s[S::threshold_voltage] = c.phi * (v_old - beta) * c.potential_rate +
                                  c.th_voltage_rate_inverse *
                                      (s[S::threshold_voltage] - c.phi * (v_old - beta) - c.ab_ratio * beta) +
                                  c.ab_ratio * beta;
      }
      s[S::threshold] = s[S::threshold_spike] + s[S::threshold_voltage] + c.th_inf;
      if (U > s[S::threshold]) {
        s[S::r] = c.refractory_steps;
        if (c.asc)
          for (std::size_t j = 0; j < asc.size(); ++j) asc[j] = c.asc_amps[j] + asc[j] * c.asc_refractory[j];
        if (!c.theta_spike) {
          U = c.V_reset;
        } else {
          U = c.reset_fraction * v_old + c.reset_add;
          s[S::threshold_spike] = s[S::threshold_spike] * c.th_spike_refractory_rate + c.th_spike_add;
          s[S::threshold] = s[S::threshold_spike] + s[S::threshold_voltage] + c.th_inf;
        }
        spiked = 1;
      }
    } else {
      s[S::r] -= 1.0;
      U = v_old;
      s[S::threshold] = s[S::threshold_spike] + s[S::threshold_voltage] + c.th_inf;
    }
    s[S::V_m] = U;
    for (std::size_t k = 0; k < K; ++k) {
      dg[k] = y[1 + 2 * k] + d.g_init[k] * in[int(k)];
      g[k] = y[2 + 2 * k];
    }
    s[S::I] = in[int(K)];
    return spiked;
  }
};

}  // namespace nestor::detail
