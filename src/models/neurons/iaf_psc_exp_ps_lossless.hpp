#pragma once
// iaf_psc_exp_ps_lossless: iaf_psc_exp_ps with a spike test that cannot miss a threshold crossing
// inside a step (Krishnan et al. 2018), NEST 3.9 models/iaf_psc_exp_ps_lossless.cpp:
//
//   dU/dt = -U/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m           (U = V_m - E_L)
//   dI_syn_X/dt = -I_syn_X/tau_syn,  a spike of weight w adds w (pA) to I_syn_ex (w >= 0) or I_syn_in
//
// Dynamics, event handling and regula-falsi spike times as in iaf_psc_exp_ps. For every free interval
// of length dt the state at its start (U_0, I_0 = I_syn_ex + I_syn_in, I_e + I_stim) is classified by
// the bounds of NEST's implementation: no spike, a spike with the crossing within dt, or a "missed"
// spike (U rises above threshold and falls back inside the interval) whose latest possible crossing
// time is computed in closed form; the crossing is then located by regula falsi up to that time.
// NEST quirk kept: that time is tau_syn^2 ln(...) where the maximum of U is at
// tau_m tau_syn/(tau_m - tau_syn) ln(...); if it falls after U is back below threshold, regula falsi
// finds no sign change and the run stops with a numerical_error (NEST: NumericalInstability).
// Requires tau_syn_ex == tau_syn_in != tau_m; t_ref >= 0 (t_ref shorter than a step keeps the neuron
// refractory for good, as in NEST). As in NEST the test also runs while the neuron is refractory.
// Recordables V_m, I_syn, I_syn_ex, I_syn_in; I_syn_ex and I_syn_in can be set. Difference to NEST:
// the super-threshold start check runs every step, not every min_delay slice.

#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "core/neuron_population.hpp"
#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/ps_support.hpp"

namespace nestor::detail {

struct iaf_psc_exp_ps_lossless {
  static constexpr std::string_view name = "iaf_psc_exp_ps_lossless";
  static constexpr double inf = std::numeric_limits<double>::infinity();

  struct P {
    enum : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, tau_syn_ex, tau_syn_in, I_e, V_min, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"t_ref", 2.0, unit::ms, check::nonnegative, "duration of the refractory period"},
      {"V_th", -55.0, unit::mV, check::any, "spike threshold", P::E_L},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane", P::E_L},
      {"tau_syn_ex", 2.0, unit::ms, check::positive, "decay time of the excitatory synaptic current"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "decay time of the inhibitory current (= tau_syn_ex)"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_min", -inf, unit::mV, check::any_or_neg_inf, "absolute lower bound of the membrane potential",
       P::E_L},
  }};

  struct S {
    enum : int { V_m, I_syn, I_syn_ex, I_syn_in, I_stim, refractory, last_step, last_offset, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_syn", 0.0, unit::pA, "total synaptic current", -1, true, false},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current"},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current"},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"refractory", 0.0, unit::none, "1 while refractory", -1, false, false},
      {"last_step", -1.0, unit::none, "stamp of the last spike (end of its step)", -1, false, false},
      {"last_offset", 0.0, unit::ms, "offset of the last spike within its step", -1, false, false},
  }};

  static constexpr bool off_grid_spikes = true;
  static constexpr int precise_channel = 0;
  static constexpr int n_channels = 2;  // 0: precise spikes (pA, sign selects the synapse), 1: current
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, precise};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{1, 0};
  }

  static void validate(const prow<iaf_psc_exp_ps_lossless>& p);

  struct derived {
    double h, tau_m, tau_s, C_m;
    double I_e, U_th, U_reset, U_min;  // relative to E_L
    double P20, P21, expm1_h, exp_s;
    double a1, a2, a3, a4, b1, b2, b3, b4, c1, c2, c3, c4, c5, c6;  // the spike test's bounds
    double refractory_steps;
  };
  static derived prepare(const prow<iaf_psc_exp_ps_lossless>& p, double dt);

  /// U after dt from (y0, ex, in, U) when not refractory.
  static double membrane(const derived& d, double dt, double y0, double ex, double in, double U) {
    const double P20 = -d.tau_m / d.C_m * std::expm1(-dt / d.tau_m);
    const double P21 = iaf_propagator_exp(d.tau_s, d.tau_m, d.C_m, dt);
    return P20 * (d.I_e + y0) + P21 * ex + P21 * in + U * std::exp(-dt / d.tau_m);
  }

  /// The latest time within dt by which U, from (U_0, I_0) with the current I_ext, crosses the
  /// threshold, or NaN when it does not.
  static double spike_test(const derived& d, double dt, double U_0, double I_0, double I_ext);

  static void update(srow s, const derived& d, inputs in, precise_events ev, const precise_spikes& out) {
    double U = s[S::V_m], ex = s[S::I_syn_ex], ih = s[S::I_syn_in];
    const double y0 = s[S::I_stim];
    bool refr = s[S::refractory] != 0.0;
    const double T = double(out.step);
    auto fire = [&](double offset) {
      s[S::last_step] = T + 1;
      s[S::last_offset] = offset;
      U = d.U_reset;
      refr = true;
      out.emit(offset);
    };
    if (U >= d.U_th) fire(d.h * (1 - std::numeric_limits<double>::epsilon()));

    double ex0 = ex, in0 = ih, U0 = U;  // state at the start of the current free interval
    auto test = [&](double dt) { return spike_test(d, dt, U0, ex0 + in0, y0 + d.I_e); };
    auto fire_crossed = [&](double t0, double dt) {
      const double tc =
          ps_regula_falsi([&](double t) { return membrane(d, t, y0, ex0, in0, U0) - d.U_th; }, dt, name);
      fire(d.h - (t0 + tc));
    };
    auto propagate = [&](double dt) {
      if (!refr) U = membrane(d, dt, y0, ex, ih, U);
      const double e = std::exp(-dt / d.tau_s);
      ex *= e;
      ih *= e;
    };

    const bool refract_due = refr && T + 1 - s[S::last_step] == d.refractory_steps;
    ps_event_queue q(ev, refract_due, s[S::last_offset], false);
    ps_event e;
    if (!q.next(e)) {
      if (!refr) {
        U = d.P20 * (d.I_e + y0) + d.P21 * ex + d.P21 * ih + d.expm1_h * U + U;
        if (U < d.U_min) U = d.U_min;
      }
      ex *= d.exp_s;
      ih *= d.exp_s;
      const double t_max = test(d.h);
      if (!std::isnan(t_max)) fire_crossed(0.0, t_max);
    } else {
      double last = d.h;
      do {
        const double mini = last - e.offset;
        if (mini > 0) {
          propagate(mini);
          const double t_max = test(mini);
          if (!std::isnan(t_max)) fire_crossed(d.h - last, t_max);
        }
        if (e.end_of_refract)
          refr = false;
        else if (e.weight >= 0.0)
          ex += e.weight;
        else
          ih += e.weight;
        ex0 = ex, in0 = ih, U0 = U;
        last = e.offset;
      } while (q.next(e));
      if (last > 0) {
        const double t_max = test(last);
        propagate(last);
        if (!std::isnan(t_max)) fire_crossed(d.h - last, t_max);
      }
    }
    s[S::V_m] = U;
    s[S::I_syn_ex] = ex;
    s[S::I_syn_in] = ih;
    s[S::I_syn] = ex + ih;
    s[S::refractory] = refr ? 1.0 : 0.0;
    s[S::I_stim] = in[1];
  }
};

}  // namespace nestor::detail
