#pragma once
// iaf_psc_exp_ps: leaky integrate-and-fire neuron with exponential synaptic currents and precise
// (off-grid) spike times, NEST 3.9 models/iaf_psc_exp_ps.cpp:
//
//   dU/dt = -U/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m           (U = V_m - E_L)
//   dI_syn_X/dt = -I_syn_X/tau_syn_X,  a spike of weight w adds w (pA) to I_syn_ex (w >= 0) or I_syn_in
//
// Input spikes act at their offsets within the step, one at a time; between events the state is
// propagated exactly (iaf_propagator's exponential propagator). When U is above V_th at the end of a
// free interval, the crossing time inside it is found by regula falsi on the exact solution from the
// interval's start; the spike carries that time. After a spike U = V_reset for exactly t_ref (at least
// one step; the synaptic currents keep decaying). A state set above threshold fires at the start of
// the step (offset h (1 - eps)). V_min bounds U at the end of steps without input. The current input
// (port 0) acts from the next step. I_syn_ex/I_syn_in can be read and set (not recorded, as in NEST).
// Differences to NEST: the t_ref >= one step check runs when the simulation starts; the super-threshold
// start check runs every step, not every min_delay slice.

#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "core/neuron_population.hpp"
#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/ps_support.hpp"

namespace nestor::detail {

struct iaf_psc_exp_ps {
  static constexpr std::string_view name = "iaf_psc_exp_ps";
  static constexpr double inf = std::numeric_limits<double>::infinity();

  struct P {
    enum : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, tau_syn_ex, tau_syn_in, I_e, V_min, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"t_ref", 2.0, unit::ms, check::positive, "duration of the refractory period (at least one step)"},
      {"V_th", -55.0, unit::mV, check::any, "spike threshold", P::E_L},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane", P::E_L},
      {"tau_syn_ex", 2.0, unit::ms, check::positive, "decay time of the excitatory synaptic current"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "decay time of the inhibitory synaptic current"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_min", -inf, unit::mV, check::any_or_neg_inf, "absolute lower bound of the membrane potential",
       P::E_L},
  }};

  struct S {
    enum : int { V_m, I_syn_ex, I_syn_in, I_stim, refractory, last_step, last_offset, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current", -1, false, true},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current", -1, false, true},
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

  static void validate(const prow<iaf_psc_exp_ps>& p);

  struct derived {
    double h, tau_m, tau_ex, tau_in, C_m;
    double I_e, U_th, U_reset, U_min;  // relative to E_L
    double P20, P21_ex, P21_in, expm1_h, exp_ex, exp_in;
    double refractory_steps;
  };
  static derived prepare(const prow<iaf_psc_exp_ps>& p, double dt);

  /// U after dt from (y0, ex, in, U) when not refractory.
  static double membrane(const derived& d, double dt, double y0, double ex, double in, double U) {
    const double P20 = -d.tau_m / d.C_m * std::expm1(-dt / d.tau_m);
    return P20 * (d.I_e + y0) + iaf_propagator_exp(d.tau_ex, d.tau_m, d.C_m, dt) * ex +
           iaf_propagator_exp(d.tau_in, d.tau_m, d.C_m, dt) * in + U * std::exp(-dt / d.tau_m);
  }

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
    // the threshold was crossed within the interval [t0, t0 + dt] (times from the step's start)
    auto fire_crossed = [&](double t0, double dt) {
      const double tc =
          ps_regula_falsi([&](double t) { return membrane(d, t, y0, ex0, in0, U0) - d.U_th; }, dt, name);
      fire(d.h - (t0 + tc));
    };
    auto propagate = [&](double dt) {
      if (!refr) U = membrane(d, dt, y0, ex, ih, U);
      ex *= std::exp(-dt / d.tau_ex);
      ih *= std::exp(-dt / d.tau_in);
    };

    const bool refract_due = refr && T + 1 - s[S::last_step] == d.refractory_steps;
    ps_event_queue q(ev, refract_due, s[S::last_offset], false);
    ps_event e;
    if (!q.next(e)) {
      if (!refr) {
        U = d.P20 * (d.I_e + y0) + d.P21_ex * ex + d.P21_in * ih + d.expm1_h * U + U;
        if (U < d.U_min) U = d.U_min;
      }
      ex *= d.exp_ex;
      ih *= d.exp_in;
      if (U >= d.U_th) fire_crossed(0.0, d.h);
    } else {
      double last = d.h;
      do {
        const double mini = last - e.offset;
        if (mini > 0) {
          propagate(mini);
          if (U >= d.U_th) fire_crossed(d.h - last, mini);
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
        propagate(last);
        if (U >= d.U_th) fire_crossed(d.h - last, last);
      }
    }
    s[S::V_m] = U;
    s[S::I_syn_ex] = ex;
    s[S::I_syn_in] = ih;
    s[S::refractory] = refr ? 1.0 : 0.0;
    s[S::I_stim] = in[1];
  }
};

}  // namespace nestor::detail
