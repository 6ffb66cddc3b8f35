#pragma once
// iaf_psc_delta_ps: leaky integrate-and-fire neuron with delta synapses and precise (off-grid) spike
// times, NEST 3.9 models/iaf_psc_delta_ps.cpp:
//
//   dU/dt = -U/tau_m + (I_e + I_stim)/C_m + sum_k w_k delta(t - t_k)       (U = V_m - E_L, w_k in mV)
//
// Inputs arrive with their offsets within the step and are handled in time order; between them U is
// propagated exactly, U <- U + (U - R I) expm1(-dt/tau_m) with R = tau_m/C_m, I = I_e + I_stim.
// Output spikes: (1) at an input spike that lifts U to V_th (the input's time), (2) when U is found
// above threshold at the end of a free interval: the crossing time solves the membrane equation,
// dt = -tau_m ln((R I - U)/(R I - U_th)) before that point, (3) at the start of a step when U was set
// above threshold (offset h (1 - eps)). After a spike U = V_reset for t_ref (at least one step),
// inputs are ignored, and the return from refractoriness falls exactly t_ref after the spike.
// V_min bounds U only at the end of steps without input (NEST). The current input (port 0) acts from
// the next step. Differences to NEST: refractory_input is not offered (NEST 3.9 only reports it,
// always false); the t_ref >= one step check runs when the simulation starts (dt is known then);
// the "super-threshold at start" check runs every step, not every min_delay slice (equivalent unless
// V_m is set above threshold mid-run).

#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "core/neuron_population.hpp"
#include "models/neurons/ps_support.hpp"

namespace nestor::detail {

struct iaf_psc_delta_ps {
  static constexpr std::string_view name = "iaf_psc_delta_ps";

  struct P {
    enum : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, I_e, V_min, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"t_ref", 2.0, unit::ms, check::positive, "duration of the refractory period (at least one step)"},
      {"V_th", -55.0, unit::mV, check::any, "spike threshold", P::E_L},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane", P::E_L},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_min", -std::numeric_limits<double>::max(), unit::mV, check::any_or_neg_inf,
       "absolute lower bound of the membrane potential", P::E_L},
  }};

  struct S {
    enum : int { V_m, I_stim, refractory, last_step, last_offset, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"refractory", 0.0, unit::none, "1 while refractory", -1, false, false},
      {"last_step", -1.0, unit::none, "stamp of the last spike (end of its step)", -1, false, false},
      {"last_offset", 0.0, unit::ms, "offset of the last spike within its step", -1, false, false},
  }};

  static constexpr bool off_grid_spikes = true;
  static constexpr int precise_channel = 0;
  static constexpr int n_channels = 2;  // 0: precise spikes (mV, both signs), 1: current input
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, precise};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{1, 0};
  }

  static void validate(const prow<iaf_psc_delta_ps>& p);

  struct derived {
    double h, tau_m, R, expm1_h;
    double I_e, U_th, U_reset, U_min;  // relative to E_L
    double refractory_steps;
  };
  static derived prepare(const prow<iaf_psc_delta_ps>& p, double dt);

  static void update(srow s, const derived& d, inputs in, precise_events ev, const precise_spikes& out) {
    double U = s[S::V_m];
    bool refr = s[S::refractory] != 0.0;
    const double T = double(out.step);
    const double v_inf = d.R * (s[S::I_stim] + d.I_e);
    auto fire = [&](double offset) {
      s[S::last_step] = T + 1;
      s[S::last_offset] = offset;
      U = d.U_reset;
      refr = true;
      out.emit(offset);
    };
    // a crossing found at offset t: it happened dt before
    auto fire_crossed = [&](double t) { fire(t - d.tau_m * std::log((v_inf - U) / (v_inf - d.U_th))); };
    auto propagate = [&](double dt) {
      const double e = std::expm1(-dt / d.tau_m);
      U = -v_inf * e + U * e + U;
    };
    if (U >= d.U_th) fire(d.h * (1 - std::numeric_limits<double>::epsilon()));

    const bool refract_due = refr && T + 1 - s[S::last_step] == d.refractory_steps;
    ps_event_queue q(ev, refract_due, s[S::last_offset], true);
    ps_event e;
    if (!q.next(e)) {
      if (!refr) {
        const double I_ext = -d.expm1_h * v_inf;
        U = I_ext + d.expm1_h * U + U;
        if (U < d.U_min) U = d.U_min;
        if (U >= d.U_th) fire_crossed(0.0);
      }
    } else {
      double t = d.h;
      do {
        if (refr) {
          t = e.offset;
          if (e.end_of_refract) {
            refr = false;
            if (U >= d.U_th) fire(t);
          }
          continue;
        }
        propagate(t - e.offset);
        t = e.offset;
        if (U >= d.U_th) {
          fire_crossed(t);
          continue;
        }
        U += e.weight;
        if (U >= d.U_th) fire(t);
      } while (q.next(e));
      if (!refr && t > 0) {
        propagate(t);
        if (U >= d.U_th) fire_crossed(0.0);
      }
    }
    s[S::V_m] = U;
    s[S::refractory] = refr ? 1.0 : 0.0;
    s[S::I_stim] = in[1];
  }
};

}  // namespace nestor::detail
