#pragma once
// izhikevich: Izhikevich's (2003) simple spiking neuron, integrated by forward Euler as in NEST 3.9
// (models/izhikevich.cpp).
//
//   dV_m/dt = 0.04 V_m^2 + 5 V_m + 140 - U_m + I_e + I_stim   (+ sum_k w_k delta(t - t_k), w_k in mV)
//   dU_m/dt = a (b V_m - U_m)
//   V_m >= V_th:  V_m <- c,  U_m <- U_m + d,  one spike (the neuron is never refractory)
//
// Currents enter with R = 1 (pA added to mV/ms, as in NEST). Per step of length h:
//   consistent_integration (default): standard forward Euler from the old (V, U), with this step's spike
//     input added to V directly:  V += h (f(V, U) + I) + w;  U += h a (b V_old - U_old).
//   otherwise Izhikevich's published scheme: V takes two half steps in which the step's spike input acts
//     like a current (V += h/2 (f(V, U) + I + w), twice), then U uses the new V.
// Then V is bounded below by V_min, the threshold is tested, and the step's current input (port 0) is
// latched to act from the next step. Spikes of either sign share one input. NEST's defaults are kept,
// including the initial U_m = -13 (= b V_m with the default b and V_m). NEST only logs a note when the
// published scheme runs with h != 1 ms; nestor says nothing.

#include <array>
#include <limits>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct izhikevich {
  static constexpr std::string_view name = "izhikevich";

  struct P {
    enum : int { a, b, c, d, I_e, V_th, V_min, consistent_integration, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"a", 0.02, unit::none, check::any, "time scale of the recovery variable"},
      {"b", 0.2, unit::none, check::any, "sensitivity of the recovery variable to V_m"},
      {"c", -65.0, unit::mV, check::any, "after-spike reset value of V_m"},
      {"d", 8.0, unit::mV, check::any, "after-spike increment of U_m"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current (R = 1)"},
      {"V_th", 30.0, unit::mV, check::any, "spike threshold"},
      {"V_min", -std::numeric_limits<double>::max(), unit::mV, check::any_or_neg_inf,
       "absolute lower bound of the membrane potential"},
      {"consistent_integration", 1.0, unit::none, check::boolean,
       "true: standard forward Euler; false: the published scheme (two half steps for V_m)"},
  }};

  struct S {
    enum : int { V_m, U_m, I_stim, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -65.0, unit::mV, "membrane potential"},
      {"U_m", -13.0, unit::mV, "membrane recovery variable"},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
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

  static void validate(const prow<izhikevich>&) {}  // NEST checks nothing

  struct derived {
    double h, a, b, c, d, I_e, V_th, V_min;
    bool consistent;
  };
  static derived prepare(const prow<izhikevich>& p, double dt);

  static unsigned update(srow s, const derived& d, inputs in) {
    double v = s[S::V_m], u = s[S::U_m];  // sums in NEST's order, for bitwise parity
    if (d.consistent) {
      const double v_old = v, u_old = u;
      v += d.h * (0.04 * v_old * v_old + 5.0 * v_old + 140.0 - u_old + s[S::I_stim] + d.I_e) + in[0];
      u += d.h * d.a * (d.b * v_old - u_old);
    } else {
      const double w = in[0];
      v += d.h * 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + s[S::I_stim] + d.I_e + w);
      v += d.h * 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + s[S::I_stim] + d.I_e + w);
      u += d.h * d.a * (d.b * v - u);
    }
    if (v < d.V_min) v = d.V_min;
    unsigned spikes = 0;
    if (v >= d.V_th) {
      v = d.c;
      u += d.d;
      spikes = 1;
    }
    s[S::V_m] = v;
    s[S::U_m] = u;
    s[S::I_stim] = in[1];
    return spikes;
  }
};

}  // namespace nestor::detail
