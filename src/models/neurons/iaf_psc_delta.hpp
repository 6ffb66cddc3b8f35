#pragma once
// iaf_psc_delta: leaky integrate-and-fire neuron whose membrane potential jumps on each input spike.
//
//   dV/dt = -(V - E_L)/tau_m + (I_e + I_stim)/C_m + sum_k w_k delta(t - t_k)      (w_k in mV)
//
// Integrated exactly on the grid as in NEST 3.9 (models/iaf_psc_delta.cpp). Per step:
//   1. not refractory: V <- P30 (I_stim + I_e) + P33 V + (this step's spikes, summed weights in mV);
//      then, with refractory_input, the input buffered during the last refractory period is added
//      (and the buffer emptied); then V is bounded below by V_min.
//      refractory: this step's spikes are either dropped or, with refractory_input, added to the
//      buffer discounted by exp(-r dt/tau_m) (r = refractory steps left, counted before this step's
//      decrement); the counter then counts down. V stays at V_reset.
//   2. threshold: V >= V_th -> V = V_reset, refractory for round(t_ref/dt) steps, one spike.
//   3. the step's current input (port 0) is latched and acts from the next step.
// Spikes of either sign share one input (no excitatory/inhibitory split). V_m, V_th, V_reset and
// V_min are stored relative to E_L (NEST's convention); V_min defaults to -DBL_MAX as in NEST.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "core/bulk_update.hpp"
#include "core/neuron_population.hpp"

namespace nestor::detail {

struct iaf_psc_delta {
  static constexpr std::string_view name = "iaf_psc_delta";

  struct P {
    enum : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, I_e, V_min, refractory_input, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"t_ref", 2.0, unit::ms, check::nonnegative, "duration of the refractory period"},
      {"V_th", -55.0, unit::mV, check::any, "spike threshold", P::E_L},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane", P::E_L},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_min", -std::numeric_limits<double>::max(), unit::mV, check::any_or_neg_inf,
       "absolute lower bound of the membrane potential", P::E_L},
      {"refractory_input", 0.0, unit::none, check::boolean,
       "if true, spikes arriving during the refractory period are applied, decayed, at its end"},
  }};

  struct S {
    enum : int { V_m, I_stim, r, refr_buffer, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"refr_buffer", 0.0, unit::mV, "input collected during the refractory period", -1, false, false},
  }};

  // Input channels of a node: spikes (weights in mV, both signs), current input.
  static constexpr int n_channels = 2;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, 0};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{1, 0};
  }

  static void validate(const prow<iaf_psc_delta>& p);

  struct derived {
    double P30, P33;
    double I_e, V_th, V_reset, V_min;  // V relative to E_L
    double h, tau_m;                   // for the refractory input's discount
    double refractory_steps;
    bool refractory_input;
  };
  static derived prepare(const prow<iaf_psc_delta>& p, double dt);

  /// update() for n nodes sharing d, in SIMD lanes (bitwise as update(); refractory_input: node by node).
  static std::size_t update_bulk(double* const* st, std::size_t n, const derived& d, double* in,
                                 std::size_t stride, std::uint32_t* fired) {
    std::size_t k = 0, count = 0;
    if (!d.refractory_input) {
      using bulk::V;
      constexpr auto al = bulk::al;
      double* const Vm = st[S::V_m];
      double* const Ist = st[S::I_stim];
      double* const r = st[S::r];
      const V P30(d.P30), P33(d.P33), I_e(d.I_e), V_min(d.V_min), V_th(d.V_th), V_reset(d.V_reset),
          refr(d.refractory_steps), zero(0.0), one(1.0);
      for (; k + bulk::lanes <= n; k += bulk::lanes) {
        V v(Vm + k, al), is(Ist + k, al), rr(r + k, al);
        const auto active = rr == zero;
        V v_int = P30 * (is + I_e) + P33 * v + bulk::take(in + k);
        bulk::where(v_int < V_min, v_int) = V_min;
        bulk::where(active, v) = v_int;
        bulk::where(!active, rr) = rr - one;
        const auto fire = v >= V_th;
        bulk::where(fire, v) = V_reset;
        bulk::where(fire, rr) = refr;
        v.copy_to(Vm + k, al);
        rr.copy_to(r + k, al);
        bulk::take(in + stride + k).copy_to(Ist + k, al);
        count = bulk::note_fired(fire, k, fired, count);
      }
    }
    return bulk::tail<iaf_psc_delta>(st, k, n, d, in, stride, fired, count);
  }
  static unsigned update(srow s, const derived& d, inputs in) {
    if (s[S::r] == 0.0) {
      double v = d.P30 * (s[S::I_stim] + d.I_e) + d.P33 * s[S::V_m] + in[0];
      if (d.refractory_input && s[S::refr_buffer] != 0.0) {
        v += s[S::refr_buffer];
        s[S::refr_buffer] = 0.0;
      }
      s[S::V_m] = v < d.V_min ? d.V_min : v;
    } else {
      if (d.refractory_input) s[S::refr_buffer] += in[0] * std::exp(-s[S::r] * d.h / d.tau_m);
      s[S::r] -= 1.0;
    }
    unsigned spikes = 0;
    if (s[S::V_m] >= d.V_th) {
      s[S::r] = d.refractory_steps;
      s[S::V_m] = d.V_reset;
      spikes = 1;
    }
    s[S::I_stim] = in[1];
    return spikes;
  }
};

}  // namespace nestor::detail
