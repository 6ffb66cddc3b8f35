#pragma once
// aeif_psc_delta: adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005) whose input
// spikes make the membrane potential jump by the weight (mV):
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w + I_e + I_stim + C_m sum_k w_k
//   delta(t - t_k) tau_w dw/dt = a (V - E_L) - w
//
// As NEST 3.9 (models/aeif_psc_delta.cpp): the integrator and checks are the family's (aeif_common.hpp),
// but the integration step size starts at dt and the step's input spikes are applied inside the step
// loop, after the first accepted integration step (NEST reads its spike buffer there, which empties it):
// if not refractory V jumps by their summed weight (and, with refractory_input, by the spikes collected
// while refractory); if refractory V is held at V_reset and the spikes are dropped, or with
// refractory_input kept, discounted by exp(-r dt / tau_m) (r: refractory steps left, tau_m = C_m/g_L),
// for the end of the refractory period. Then V >= V_peak (V_th if Delta_T = 0) is a spike (V = V_reset,
// w += b, refractory for t_ref steps). The step's current input is latched for the next step.

#include <array>
#include <cmath>
#include <optional>

#include "models/neurons/aeif_common.hpp"

namespace nestor::detail {

struct aeif_psc_delta {
  static constexpr std::string_view name = "aeif_psc_delta";

  struct P {
    enum : int { refractory_input = aeif::n_common, n };
  };
  static constexpr auto params = aeif::with_params<1>({{
      {"refractory_input", 0.0, unit::none, check::boolean,
       "whether spikes arriving while refractory take effect (discounted) when it ends"},
  }});

  struct S {
    enum : int { V_m, w, refr_spikes, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.6, unit::mV, "membrane potential"},
      {"w", 0.0, unit::pA, "adaptation current"},
      {"refr_spikes", 0.0, unit::mV, "input collected while refractory (refractory_input)", -1, false, false},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: not yet chosen)", -1, false, false},
  }};

  // Channels: spikes (both signs, mV), current input.
  static constexpr int n_channels = 2;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, 0};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{1, 0};
  }

  static void validate(const prow<aeif_psc_delta>& p);

  struct derived {
    aeif::constants c;
    double tau_m;
    bool refractory_input;
  };
  static derived prepare(const prow<aeif_psc_delta>& p, double dt);

  /// The right-hand side, as NEST's aeif_psc_delta_dynamics; y = V, w.
  struct rhs {
    const derived& d;
    const double& r;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const aeif::constants& c = d.c;
      const bool refractory = r > 0.0;
      const double V = aeif::clamped_V(c, refractory, y[0]);
      const double I_spike = aeif::spike_current(c, V);
      f[0] = refractory ? 0.0 : (-c.g_L * (V - c.E_L) + I_spike - y[1] + c.I_e + I_stim) / c.C_m;
      f[1] = (c.a * (V - c.E_L) - y[1]) / c.tau_w;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in) {
    const aeif::constants& c = d.c;
    double y[2] = {s[S::V_m], s[S::w]};
    double r = s[S::r], h = s[S::h] > 0.0 ? s[S::h] : c.h0;
    double buffered = s[S::refr_spikes];
    double pending = in[0];  // read once, on the first integration step
    unsigned spikes = 0;
    rhs f{d, r, s[S::I_stim]};
    gsl_rkf45<2, ode_control::yp>::for_this_thread(c.tol, c.tol)
        .integrate_with(y, h, c.dt, f, [&](double* v) {
          aeif::check_instability(v[0], v[1]);
          const double V = v[0], w = v[1], r_before = r;
          const double arriving = pending;
          pending = 0.0;
          if (r == 0.0) {
            v[0] += arriving;
            if (d.refractory_input && buffered != 0.0) {
              v[0] += buffered;
              buffered = 0.0;
            }
          } else {
            v[0] = c.V_reset;
            if (d.refractory_input) buffered += arriving * std::exp(-r * c.dt / d.tau_m);
          }
          if (r == 0.0 && v[0] >= c.V_detect) {
            v[0] = c.V_reset;
            r = c.refractory_steps > 0.0 ? c.refractory_steps + 1.0 : 0.0;
            v[1] += c.b;
            ++spikes;
          }
          // whether y or r changed (then the right-hand side is evaluated anew)
          return !(aeif::same_bits(V, v[0]) && aeif::same_bits(w, v[1]) && aeif::same_bits(r_before, r));
        });
    if (r > 0.0) r -= 1.0;
    s[S::V_m] = y[0];
    s[S::w] = y[1];
    s[S::refr_spikes] = buffered;
    s[S::r] = r;
    s[S::h] = h;
    s[S::I_stim] = in[1];
    return spikes;
  }
};

}  // namespace nestor::detail
