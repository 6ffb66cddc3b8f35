#pragma once
// iaf_psc_alpha_ps: leaky integrate-and-fire neuron with alpha-shaped synaptic currents and precise
// (off-grid) spike times, NEST 3.9 models/iaf_psc_alpha_ps.cpp:
//
//   dU/dt = -U/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m            (U = V_m - E_L)
//   dI_X/dt = dI_X - I_X/tau_syn_X,  d(dI_X)/dt = -dI_X/tau_syn_X
//
// A spike of weight w (pA) at its exact time adds w e/tau_syn_X to dI_syn_ex (w >= 0) or dI_syn_in, so
// the current peaks at w, tau_syn after the spike. Between events the state is propagated exactly
// (iaf_propagator's alpha propagators); a threshold crossing inside a free interval is located by
// regula falsi on the exact solution from the interval's start. After a spike U = V_reset for exactly
// t_ref (at least one step) while the currents evolve on. V_min bounds U after every propagation. A
// state set above threshold fires at the start of the step (offset h (1 - eps)). The current input
// (port 0) acts from the next step. Recordables V_m, I_syn_ex, I_syn_in (NEST reports the currents
// and their derivatives but lets only V_m be set; here the currents are recorded, not read or set).
// Differences to NEST: the t_ref >= one step check runs when the simulation starts; the super-threshold
// start check runs every step, not every min_delay slice.

#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

#include "core/neuron_population.hpp"
#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/ps_support.hpp"

namespace nestor::detail {

struct iaf_psc_alpha_ps {
  static constexpr std::string_view name = "iaf_psc_alpha_ps";
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
      {"tau_syn_ex", 2.0, unit::ms, check::positive, "rise time of the excitatory synaptic alpha function"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "rise time of the inhibitory synaptic alpha function"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_min", -inf, unit::mV, check::any_or_neg_inf, "absolute lower bound of the membrane potential",
       P::E_L},
  }};

  struct S {
    enum : int { V_m, I_syn_ex, I_syn_in, dI_ex, dI_in, I_stim, refractory, last_step, last_offset, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current", -1, true, false},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current", -1, true, false},
      {"dI_ex", 0.0, unit::none, "derivative of the excitatory current (pA/ms)", -1, false, false},
      {"dI_in", 0.0, unit::none, "derivative of the inhibitory current (pA/ms)", -1, false, false},
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

  static void validate(const prow<iaf_psc_alpha_ps>& p);

  struct derived {
    double h, tau_m, tau_ex, tau_in, C_m;
    double I_e, U_th, U_reset, U_min;  // relative to E_L
    double norm_ex, norm_in;           // e / tau_syn
    double refractory_steps;
  };
  static derived prepare(const prow<iaf_psc_alpha_ps>& p, double dt);

  struct syn {
    double I_ex, dI_ex, I_in, dI_in;
  };
  /// U after dt from U with the synaptic state y and the step's input current y0 (not bounded).
  static double membrane(const derived& d, double dt, double y0, const syn& y, double U) {
    const double em1 = std::expm1(-dt / d.tau_m);
    const alpha_propagator pe = iaf_propagator_alpha(d.tau_ex, d.tau_m, d.C_m, dt);
    const alpha_propagator pi = iaf_propagator_alpha(d.tau_in, d.tau_m, d.C_m, dt);
    return -d.tau_m / d.C_m * em1 * (d.I_e + y0) + pe.P31 * y.dI_ex + pe.P32 * y.I_ex + pi.P31 * y.dI_in +
           pi.P32 * y.I_in + U * em1 + U;
  }

  static void update(srow s, const derived& d, inputs in, precise_events ev, const precise_spikes& out) {
    double U = s[S::V_m];
    syn y{s[S::I_syn_ex], s[S::dI_ex], s[S::I_syn_in], s[S::dI_in]};
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

    syn y_start = y;  // state at the start of the current free interval
    double U_start = U;
    auto fire_crossed = [&](double t0, double dt) {
      const double tc =
          ps_regula_falsi([&](double t) { return membrane(d, t, y0, y_start, U_start) - d.U_th; }, dt, name);
      fire(d.h - (t0 + tc));
    };
    auto propagate = [&](double dt) {
      if (!refr) {
        U = membrane(d, dt, y0, y, U);
        if (U < d.U_min) U = d.U_min;
      }
      const double ee = std::exp(-dt / d.tau_ex), ei = std::exp(-dt / d.tau_in);
      y.I_ex = ee * dt * y.dI_ex + ee * y.I_ex;
      y.dI_ex = ee * y.dI_ex;
      y.I_in = ei * dt * y.dI_in + ei * y.I_in;
      y.dI_in = ei * y.dI_in;
    };

    const bool refract_due = refr && T + 1 - s[S::last_step] == d.refractory_steps;
    ps_event_queue q(ev, refract_due, s[S::last_offset], false);
    ps_event e;
    if (!q.next(e)) {
      propagate(d.h);
      if (U >= d.U_th) fire_crossed(0.0, d.h);
    } else {
      double last = d.h;
      do {
        const double mini = last - e.offset;
        propagate(mini);
        if (U >= d.U_th) fire_crossed(d.h - last, mini);
        if (e.end_of_refract)
          refr = false;
        else if (e.weight >= 0.0)
          y.dI_ex += d.norm_ex * e.weight;
        else
          y.dI_in += d.norm_in * e.weight;
        y_start = y, U_start = U;
        last = e.offset;
      } while (q.next(e));
      if (last > 0) {
        propagate(last);
        if (U >= d.U_th) fire_crossed(d.h - last, last);
      }
    }
    s[S::V_m] = U;
    s[S::I_syn_ex] = y.I_ex;
    s[S::dI_ex] = y.dI_ex;
    s[S::I_syn_in] = y.I_in;
    s[S::dI_in] = y.dI_in;
    s[S::refractory] = refr ? 1.0 : 0.0;
    s[S::I_stim] = in[1];
  }
};

}  // namespace nestor::detail
