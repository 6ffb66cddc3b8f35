#pragma once
// pp_cond_exp_mc_urbanczik: the two-compartment point-process neuron of Urbanczik & Senn (2014), soma (s)
// and dendrite (p), which urbanczik_synapse learns from:
//
//   C_m.s dV_s/dt = -g_L.s (V_s - E_L.s) - g_ex.s (V_s - E_ex.s) - g_in.s (V_s - E_in.s)
//                   + g_sp (V_p - V_s) + I_e.s + I_stim.s
//   C_m.p dV_p/dt = -g_L.p (V_p - E_L.p) + I_ex.p + I_in.p + g_ps (V_s - V_p)
//   dg_x.s/dt = -g_x.s / tau_syn_x.s,   dI_x.p/dt = -I_x.p / tau_syn_x.p          (x = ex, in)
//   spikes with rate 1000 phi(V_s) Hz, phi(u) = phi_max / (1 + rate_slope exp(beta (theta - u))), no reset
//
// As NEST 3.9 (models/pp_cond_exp_mc_urbanczik.cpp): GSL's RKF45 (absolute error 1e-3, relative 0, the
// step size kept per node) over each step, then the step's spikes: soma_exc (receptor 1) adds its weight
// to g_ex.s, soma_inh (2) to g_in.s (nS), dendritic_exc (3) adds it to I_ex.p, dendritic_inh (4)
// subtracts it from I_in.p (pA); current input: soma_curr (5), dendritic_curr (6); receptor 0 is refused.
// Then, if not in its dead time, the node spikes with probability 1 - exp(-rate dt) (t_ref > 0; one spike,
// then t_ref steps dead) or a Poisson(rate dt) number of times (t_ref = 0); the dendritic prediction error
// is written to the node's Urbanczik archive (urbanczik_archive.hpp) and the current inputs are latched.
// As NEST, the dendrite's equation has neither I_e.p nor I_stim.p (dendritic_curr input has no effect), and
// E_ex.p, E_in.p are not used. NEST nests per-compartment parameters in dictionaries "soma" and
// "dendritic": here they are "soma.g_L", "dendritic.g_L", ...; V_m is "V_m.s" / "V_m.p" (NEST's
// recordable names). Random numbers: the node's own stream (node_rng), so spike trains match NEST in
// distribution only.

#include <array>
#include <cmath>
#include <optional>

#include "core/neuron_population.hpp"
#include "core/ode_gsl.hpp"
#include "models/neurons/urbanczik_archive.hpp"

namespace nestor::detail {

struct pp_cond_exp_mc_urbanczik {
  static constexpr std::string_view name = "pp_cond_exp_mc_urbanczik";

  struct P {
    enum : int {
      t_ref,
      phi_max,
      rate_slope,
      beta,
      theta,
      g_sp,
      g_ps,
      g_L_s,
      E_L_s,
      E_ex_s,
      E_in_s,
      C_m_s,
      tau_syn_ex_s,
      tau_syn_in_s,
      I_e_s,
      g_L_p,
      E_L_p,
      E_ex_p,
      E_in_p,
      C_m_p,
      tau_syn_ex_p,
      tau_syn_in_p,
      I_e_p,
      n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"t_ref", 3.0, unit::ms, check::nonnegative, "dead time after a spike (0: Poisson spike counts)"},
      {"phi_max", 0.15, unit::none, check::nonnegative, "maximal rate of the rate function phi (1/ms)"},
      {"rate_slope", 0.5, unit::none, check::nonnegative, "rate_slope of the rate function phi"},
      {"beta", 1.0 / 3.0, unit::none, check::any, "slope beta of the rate function phi (1/mV)"},
      {"theta", -55.0, unit::mV, check::any, "threshold theta of the rate function phi"},
      {"g_sp", 600.0, unit::nS, check::any, "coupling conductance from the dendrite into the soma"},
      {"g_ps", 0.0, unit::nS, check::any, "coupling conductance from the soma into the dendrite"},
      {"soma.g_L", 30.0, unit::nS, check::any, "soma: leak conductance"},
      {"soma.E_L", -70.0, unit::mV, check::any, "soma: leak reversal potential"},
      {"soma.E_ex", 0.0, unit::mV, check::any, "soma: excitatory reversal potential"},
      {"soma.E_in", -75.0, unit::mV, check::any, "soma: inhibitory reversal potential"},
      {"soma.C_m", 300.0, unit::pF, check::positive, "soma: membrane capacitance"},
      {"soma.tau_syn_ex", 3.0, unit::ms, check::positive, "soma: excitatory conductance time constant"},
      {"soma.tau_syn_in", 3.0, unit::ms, check::positive, "soma: inhibitory conductance time constant"},
      {"soma.I_e", 0.0, unit::pA, check::any, "soma: constant input current"},
      {"dendritic.g_L", 30.0, unit::nS, check::any, "dendrite: leak conductance"},
      {"dendritic.E_L", -70.0, unit::mV, check::any, "dendrite: leak reversal potential"},
      {"dendritic.E_ex", 0.0, unit::mV, check::any,
       "dendrite: excitatory reversal potential (unused, as NEST)"},
      {"dendritic.E_in", 0.0, unit::mV, check::any,
       "dendrite: inhibitory reversal potential (unused, as NEST)"},
      {"dendritic.C_m", 300.0, unit::pF, check::positive, "dendrite: membrane capacitance"},
      {"dendritic.tau_syn_ex", 3.0, unit::ms, check::positive, "dendrite: excitatory current time constant"},
      {"dendritic.tau_syn_in", 3.0, unit::ms, check::positive, "dendrite: inhibitory current time constant"},
      {"dendritic.I_e", 0.0, unit::pA, check::any, "dendrite: constant input current (unused, as NEST)"},
  }};

  struct S {
    enum : int { V_s, g_ex_s, g_in_s, V_p, I_ex_p, I_in_p, I_stim_s, I_stim_p, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m.s", -70.0, unit::mV, "somatic membrane potential (NEST: soma V_m)"},
      {"g_ex.s", 0.0, unit::nS, "somatic excitatory conductance", -1, true, false},
      {"g_in.s", 0.0, unit::nS, "somatic inhibitory conductance", -1, true, false},
      {"V_m.p", -70.0, unit::mV, "dendritic membrane potential (NEST: dendritic V_m)"},
      {"I_ex.p", 0.0, unit::pA, "dendritic excitatory current", -1, true, false},
      {"I_in.p", 0.0, unit::pA, "dendritic inhibitory current", -1, true, false},
      {"I_stim.s", 0.0, unit::pA, "somatic current input, latched", -1, false, false},
      {"I_stim.p", 0.0, unit::pA, "dendritic current input, latched (unused, as NEST)", -1, false, false},
      {"r", 0.0, unit::none, "dead-time steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  // Channels: soma_exc, soma_inh, dendritic_exc, dendritic_inh (receptors 1-4), soma_curr,
  // dendritic_curr (receptors 5, 6).
  static constexpr int n_channels = 6;
  static std::optional<port> spike_port(int receptor) {
    if (receptor < 1 || receptor > 4) return std::nullopt;
    return port{receptor - 1, 0};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor < 5 || receptor > 6) return std::nullopt;
    return port{receptor - 1, 0};
  }

  static void validate(const prow<pp_cond_exp_mc_urbanczik>&) {}  // NEST's rules are all per parameter
  static constexpr bool needs_rng = true;

  struct derived {
    double g_sp, g_ps;
    double g_L_s, E_L_s, E_ex_s, E_in_s, C_m_s, tau_ex_s, tau_in_s, I_e_s;
    double g_L_p, E_L_p, C_m_p, tau_ex_p, tau_in_p;
    double dt, dead_time_steps;
    bool t_ref_positive;
    urbanczik_rule rule;
  };
  static derived prepare(const prow<pp_cond_exp_mc_urbanczik>& p, double dt);
  static bool draws(const derived&) { return true; }

  using archive = urbanczik_archive;
  static void prepare_archive(archive& a, const derived& d, const run_info&) {
    a.set_dendrite({d.C_m_p, d.g_L_p, d.tau_ex_p, d.tau_in_p});
  }

  /// The right-hand side, as NEST's pp_cond_exp_mc_urbanczik_dynamics without its constant-zero
  /// components; y = V_s, g_ex.s, g_in.s, V_p, I_ex.p, I_in.p.
  struct rhs {
    const derived& d;
    double I_stim_s;
    int operator()(double, const double* y, double* f) const {
      const double V = y[0], V_d = y[3];
      const double I_L = d.g_L_s * (V - d.E_L_s);
      const double I_ex = y[1] * (V - d.E_ex_s), I_in = y[2] * (V - d.E_in_s);
      const double I_d_s = d.g_sp * (V_d - V), I_s_d = d.g_ps * (V - V_d);
      f[3] = (-d.g_L_p * (V_d - d.E_L_p) + y[4] + y[5] + I_s_d) / d.C_m_p;
      f[4] = -y[4] / d.tau_ex_p;
      f[5] = -y[5] / d.tau_in_p;
      f[0] = (-I_L - I_ex - I_in + I_d_s + I_stim_s + d.I_e_s) / d.C_m_s;
      f[1] = -y[1] / d.tau_ex_s;
      f[2] = -y[2] / d.tau_in_s;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in, history_slot<archive> hist,
                         const node_rng* rng) {
    double y[6];
    for (int k = 0; k < 6; ++k) y[k] = s[k];  // V_s ... I_in.p are slots 0 to 5
    double h = s[S::h] > 0.0 ? s[S::h] : d.dt;
    rhs f{d, s[S::I_stim_s]};
    gsl_rkf45<6>::for_this_thread(1e-3, 0.0).integrate(y, h, d.dt, f);
    s[S::h] = h;
    y[1] += in[0];
    y[2] += in[1];
    y[4] += in[2];
    y[5] -= in[3];
    unsigned n = 0;
    if (s[S::r] == 0.0) {
      const double rate = 1000.0 * d.rule.phi(y[0]);
      if (rate > 0.0 && rng) {
        philox_stream g = rng->stream();
        if (d.t_ref_positive)
          n = g.uniform() <= -std::expm1(-rate * d.dt * 1e-3) ? 1u : 0u;
        else
          n = poisson_draw(g, rate * d.dt * 1e-3);
        if (n > 0) s[S::r] = d.dead_time_steps;
      }
    } else {
      s[S::r] -= 1.0;
    }
    hist.a.write(hist.stamp, d.dt, y[3], n, d.rule);
    for (int k = 0; k < 6; ++k) s[k] = y[k];
    s[S::I_stim_s] = in[4];
    s[S::I_stim_p] = in[5];
    return n;
  }
};

}  // namespace nestor::detail
