#pragma once
// aeif_psc_delta_clopath: the adaptive exponential integrate-and-fire neuron of Clopath et al. (2010), with
// delta-shaped input (a spike makes V jump by its weight in mV), a spike afterpotential current z, an
// adaptive threshold V_th, clamping of V after a spike, and the filtered voltages clopath_synapse reads:
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w + z + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w          tau_z dz/dt = -z       tau_V_th dV_th/dt = -(V_th - V_th_rest)
//   tau_u_bar_plus du_bar_plus/dt = V - u_bar_plus     tau_u_bar_minus du_bar_minus/dt = V - u_bar_minus
//   tau_u_bar_bar du_bar_bar/dt = u_bar_minus - u_bar_bar
//
// As NEST 3.9 (models/aeif_psc_delta_clopath.cpp): GSL's RKF45 with the yp error control (gsl_error_tol),
// the integration step size starting at min(0.01 ms, dt) and kept per node. In the right-hand side V is
// V_clamp while clamped, V_reset while refractory (both: dV/dt = 0; clamped also dw/dt = 0) and at most
// V_peak otherwise; the filters follow that V. After every accepted integration step: NEST's instability
// check; the step's input spikes are added to V on the first one if neither refractory nor clamped (else
// dropped); if V >= V_peak (V_th, the state, if Delta_T = 0) and not clamped: a spike, V = V_clamp,
// w += b, z = I_sp, V_th = V_th_max, clamped for t_clamp steps (+1 for the count-down; with t_clamp = 0
// no clamping and no refractoriness follow); else on the last clamped step V = V_reset and the refractory
// period (t_ref steps +1, or none) begins; while refractory V = V_reset. At the end of the step the
// Clopath archive is written (clopath_archive.hpp), the counters count down and the current input is
// latched for the next step. NEST's ClopathArchivingNode parameters are this model's last parameters.

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "models/neurons/aeif_common.hpp"
#include "models/neurons/aeif_psc_delta.hpp"
#include "models/neurons/clopath_common.hpp"

namespace nestor::detail {

struct aeif_psc_delta_clopath {
  static constexpr std::string_view name = "aeif_psc_delta_clopath";
  using base = aeif_psc_delta;  // its state entries V_m, w, I_stim, r, h and its ports (not its parameters)

  struct P {
    enum : int {
      C_m,
      V_th_max,
      V_th_rest,
      tau_V_th,
      t_ref,
      g_L,
      E_L,
      V_reset,
      a,
      b,
      I_sp,
      Delta_T,
      tau_w,
      tau_z,
      tau_u_bar_plus,
      tau_u_bar_minus,
      tau_u_bar_bar,
      I_e,
      V_peak,
      gsl_error_tol,
      V_clamp,
      t_clamp,
      rule,
      n = rule + clopath::n_rule
    };
  };
  static constexpr auto params = clopath::with_rule<P::rule>({{
      {"C_m", 281.0, unit::pF, check::positive, "membrane capacitance"},
      {"V_th_max", 30.4, unit::mV, check::any, "threshold right after a spike"},
      {"V_th_rest", -50.4, unit::mV, check::any, "threshold at rest"},
      {"tau_V_th", 50.0, unit::ms, check::positive, "time constant of the adaptive threshold"},
      {"t_ref", 0.0, unit::ms, check::nonnegative, "duration of the refractory period (after clamping)"},
      {"g_L", 30.0, unit::nS, check::any, "leak conductance"},
      {"E_L", -70.6, unit::mV, check::any, "leak reversal potential"},
      {"V_reset", -60.0, unit::mV, check::any, "reset potential (after clamping)"},
      {"a", 4.0, unit::nS, check::any, "subthreshold adaptation"},
      {"b", 80.5, unit::pA, check::any, "spike-triggered adaptation"},
      {"I_sp", 400.0, unit::pA, check::any, "spike afterpotential current z set at a spike"},
      {"Delta_T", 2.0, unit::mV, check::nonnegative, "slope factor of the exponential spike onset (0: none)"},
      {"tau_w", 144.0, unit::ms, check::positive, "adaptation time constant"},
      {"tau_z", 40.0, unit::ms, check::positive, "time constant of the spike afterpotential current"},
      {"tau_u_bar_plus", 7.0, unit::ms, check::positive, "time constant of u_bar_plus"},
      {"tau_u_bar_minus", 10.0, unit::ms, check::positive, "time constant of u_bar_minus"},
      {"tau_u_bar_bar", 500.0, unit::ms, check::positive, "time constant of u_bar_bar"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_peak", 33.0, unit::mV, check::any, "spike detection threshold (used if Delta_T > 0)"},
      {"gsl_error_tol", 1e-6, unit::none, check::positive, "error bound of the GSL integrator"},
      {"V_clamp", 33.0, unit::mV, check::any, "V while clamped after a spike"},
      {"t_clamp", 2.0, unit::ms, check::nonnegative, "duration of the clamping after a spike"},
  }});

  struct S {
    enum : int { V_m, w, z, V_th, u_bar_plus, u_bar_minus, u_bar_bar, I_stim, r, clamp_r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      base::state[base::S::V_m],
      base::state[base::S::w],
      {"z", 0.0, unit::pA, "spike afterpotential current", -1, true, false},
      {"V_th", -50.4, unit::mV, "adaptive threshold (starts at V_th_rest)", -1, true, false},
      {"u_bar_plus", -70.6, unit::mV, "V low-pass filtered with tau_u_bar_plus (starts at E_L)"},
      {"u_bar_minus", -70.6, unit::mV, "V low-pass filtered with tau_u_bar_minus (starts at E_L)"},
      {"u_bar_bar", -70.6, unit::mV, "u_bar_minus low-pass filtered with tau_u_bar_bar (starts at E_L)"},
      base::state[base::S::I_stim],
      base::state[base::S::r],
      {"clamp_r", 0.0, unit::none, "clamped steps left", -1, false, false},
      base::state[base::S::h],
  }};

  // Channels as aeif_psc_delta: spikes (both signs, mV), current input.
  static constexpr int n_channels = base::n_channels;
  static std::optional<port> spike_port(int receptor) { return base::spike_port(receptor); }
  static std::optional<port> current_port(int receptor) { return base::current_port(receptor); }

  static void validate(const prow<aeif_psc_delta_clopath>& p);

  struct derived {
    double C_m, V_th_max, V_th_rest, tau_V_th, g_L, E_L, V_reset, a, b, I_sp, Delta_T, tau_w, tau_z;
    double tau_plus, tau_minus, tau_bar_bar, I_e, V_peak, tol, V_clamp, dt, h0;
    double refractory_steps, clamp_steps;
    clopath::rule_constants clopath;
  };
  static derived prepare(const prow<aeif_psc_delta_clopath>& p, double dt);

  using archive = clopath_archive;
  static void prepare_archive(archive& a, const derived& d, const run_info& run) {
    clopath::prepare_archive(a, d.clopath, run);
  }

  /// The right-hand side, as NEST's aeif_psc_delta_clopath_dynamics; y = V, w, z, V_th, u_bar_plus,
  /// u_bar_minus, u_bar_bar.
  struct rhs {
    const derived& d;
    const double& r;
    const double& clamp_r;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const bool refractory = r > 0.0, clamped = clamp_r > 0.0;
      const double V = clamped ? d.V_clamp : refractory ? d.V_reset : std::min(y[0], d.V_peak);
      const double I_spike = d.Delta_T == 0.0 ? 0.0 : d.g_L * d.Delta_T * std::exp((V - y[3]) / d.Delta_T);
      f[0] = refractory || clamped ? 0.0
                                   : (-d.g_L * (V - d.E_L) + I_spike - y[1] + y[2] + d.I_e + I_stim) / d.C_m;
      f[1] = clamped ? 0.0 : (d.a * (V - d.E_L) - y[1]) / d.tau_w;
      f[2] = -y[2] / d.tau_z;
      f[3] = -(y[3] - d.V_th_rest) / d.tau_V_th;
      f[4] = (-y[4] + V) / d.tau_plus;
      f[5] = (-y[5] + V) / d.tau_minus;
      f[6] = (-y[6] + y[5]) / d.tau_bar_bar;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in, history_slot<archive> hist) {
    constexpr int idx[7] = {S::V_m, S::w, S::z, S::V_th, S::u_bar_plus, S::u_bar_minus, S::u_bar_bar};
    double y[7];
    for (int k = 0; k < 7; ++k) y[k] = s[idx[k]];
    double r = s[S::r], clamp_r = s[S::clamp_r], h = s[S::h] > 0.0 ? s[S::h] : d.h0;
    double pending = in[0];  // read once, on the first integration step
    unsigned spikes = 0;
    rhs f{d, r, clamp_r, s[S::I_stim]};
    gsl_rkf45<7, ode_control::yp>::for_this_thread(d.tol, d.tol)
        .integrate_with(y, h, d.dt, f, [&](double* v) {
          aeif::check_instability(v[0], v[1]);
          double before[7];
          std::copy(v, v + 7, before);
          const double r0 = r, c0 = clamp_r;
          if (r == 0.0 && clamp_r == 0.0) v[0] += pending;
          pending = 0.0;
          const double V_detect = d.Delta_T == 0.0 ? v[3] : d.V_peak;
          if (v[0] >= V_detect && clamp_r == 0.0) {
            v[0] = d.V_clamp;
            v[1] += d.b;
            v[2] = d.I_sp;
            v[3] = d.V_th_max;
            clamp_r = d.clamp_steps > 0.0 ? d.clamp_steps + 1.0 : 0.0;
            ++spikes;
          } else if (clamp_r == 1.0) {
            v[0] = d.V_reset;
            clamp_r = 0.0;
            r = d.refractory_steps > 0.0 ? d.refractory_steps + 1.0 : 0.0;
          }
          if (r > 0.0) v[0] = d.V_reset;
          bool changed = !aeif::same_bits(r0, r) || !aeif::same_bits(c0, clamp_r);
          for (int k = 0; k < 7; ++k) changed = changed || !aeif::same_bits(before[k], v[k]);
          return changed;  // then the right-hand side is evaluated anew
        });
    hist.a.write(hist.stamp, d.dt, y[0], y[4], y[5], y[6], d.clopath.rule);
    if (clamp_r > 0.0) clamp_r -= 1.0;
    if (r > 0.0) r -= 1.0;
    for (int k = 0; k < 7; ++k) s[idx[k]] = y[k];
    s[S::r] = r;
    s[S::clamp_r] = clamp_r;
    s[S::h] = h;
    s[S::I_stim] = in[1];
    return spikes;
  }
};

}  // namespace nestor::detail
