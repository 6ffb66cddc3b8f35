#pragma once
// What iaf_bw_2001 and iaf_bw_2001_exact share (NEST 3.9's models/iaf_bw_2001*.{h,cpp}): the
// parameters and their rules, the constants of a run, and the membrane equation
//
//   C_m dV/dt = -g_L (V - E_L) - I_AMPA - I_GABA - I_NMDA + I_stim
//   I_AMPA = (V - E_ex) s_AMPA,   I_GABA = (V - E_in) s_GABA,
//   I_NMDA = (V - E_ex) / (1 + [Mg2+] exp(-0.062 V) / 3.57) s_NMDA,
//   ds_AMPA/dt = -s_AMPA / tau_AMPA,   ds_GABA/dt = -s_GABA / tau_GABA,
//
// integrated over each step by GSL's RKF45 with the control y_new(gsl_error_tol, 0) (core/ode_gsl.hpp),
// without clamping V while refractory. After the integration the step's spikes are added (weights in
// nS, any sign, AMPA = receptor 1, GABA = receptor 2), then refractoriness counts down (V held at
// V_reset) or V >= V_th resets V and emits a spike; the step's current input is latched for the next
// step. The recorded currents I_AMPA, I_GABA, I_NMDA are NEST's values from the last right-hand side
// evaluation, i.e. at the integrated state before the step's spikes arrive. All potentials are absolute.

#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "core/neuron_population.hpp"
#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/nest_time.hpp"

namespace nestor::detail::bw2001 {

struct P {
  enum : int {
    E_L,
    E_ex,
    E_in,
    V_th,
    V_reset,
    C_m,
    g_L,
    t_ref,
    tau_AMPA,
    tau_GABA,
    tau_decay_NMDA,
    tau_rise_NMDA,
    alpha,
    conc_Mg2,
    gsl_error_tol,
    n
  };
};

// NEST's Parameters_::set: C_m, the time constants, alpha, conc_Mg2 and gsl_error_tol > 0, t_ref >= 0
// (here per parameter) and V_reset < V_th (validate_reset).
inline constexpr std::array<param_spec, P::n> params{{
    {"E_L", -70.0, unit::mV, check::any, "leak reversal potential"},
    {"E_ex", 0.0, unit::mV, check::any, "excitatory reversal potential (AMPA, NMDA)"},
    {"E_in", -70.0, unit::mV, check::any, "inhibitory reversal potential (GABA)"},
    {"V_th", -55.0, unit::mV, check::any, "spike threshold"},
    {"V_reset", -60.0, unit::mV, check::any, "reset potential of the membrane"},
    {"C_m", 500.0, unit::pF, check::positive, "membrane capacitance"},
    {"g_L", 25.0, unit::nS, check::any, "leak conductance"},
    {"t_ref", 2.0, unit::ms, check::nonnegative, "duration of the refractory period"},
    {"tau_AMPA", 2.0, unit::ms, check::positive, "decay time of the AMPA gating variable"},
    {"tau_GABA", 5.0, unit::ms, check::positive, "decay time of the GABA gating variable"},
    {"tau_decay_NMDA", 100.0, unit::ms, check::positive, "decay time of the NMDA gating variable"},
    {"tau_rise_NMDA", 2.0, unit::ms, check::positive, "rise time of the NMDA gating variable"},
    {"alpha", 0.5, unit::none, check::positive, "coupling of the NMDA rise variable (1/ms)"},
    {"conc_Mg2", 1.0, unit::none, check::positive, "extracellular magnesium concentration (mM)"},
    {"gsl_error_tol", 1e-3, unit::none, check::positive, "absolute error bound of the GSL integrator"},
}};

inline void validate_reset(std::string_view model, const std::array<double, P::n>& p) {
  check_reset_below_threshold(model, p[P::V_reset], p[P::V_th], 0.0);
}

/// The constants of a run both models use.
struct constants {
  double E_L, E_ex, E_in, V_th, V_reset, C_m, g_L, tau_AMPA, tau_GABA, tau_decay_NMDA, tau_rise_NMDA, alpha,
      conc_Mg2, tol, dt, refractory_steps;
};

inline constants prepare_constants(const std::array<double, P::n>& p, double dt) {
  constants c{};
  c.E_L = p[P::E_L];
  c.E_ex = p[P::E_ex];
  c.E_in = p[P::E_in];
  c.V_th = p[P::V_th];
  c.V_reset = p[P::V_reset];
  c.C_m = p[P::C_m];
  c.g_L = p[P::g_L];
  c.tau_AMPA = p[P::tau_AMPA];
  c.tau_GABA = p[P::tau_GABA];
  c.tau_decay_NMDA = p[P::tau_decay_NMDA];
  c.tau_rise_NMDA = p[P::tau_rise_NMDA];
  c.alpha = p[P::alpha];
  c.conc_Mg2 = p[P::conc_Mg2];
  c.tol = p[P::gsl_error_tol];
  c.dt = dt;
  c.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  return c;
}

/// The synaptic currents at membrane potential V for gating variables s_AMPA, s_GABA and the (weighted)
/// NMDA gating sum s_NMDA.
struct currents {
  double AMPA, GABA, NMDA;
};
inline currents synaptic_currents(const constants& c, double V, double s_AMPA, double s_GABA, double s_NMDA) {
  return {(V - c.E_ex) * s_AMPA, (V - c.E_in) * s_GABA,
          (V - c.E_ex) / (1 + c.conc_Mg2 * std::exp(-0.062 * V) / 3.57) * s_NMDA};
}

/// dV/dt for these currents and the latched current input.
inline double dV(const constants& c, double V, const currents& I, double I_stim) {
  const double I_syn = I.AMPA + I.GABA + I.NMDA;
  return (-c.g_L * (V - c.E_L) - I_syn + I_stim) / c.C_m;
}

/// After the step's integration and its spikes: refractoriness or the threshold; true for a spike.
inline bool threshold_and_reset(double& V, double& r, const constants& c) {
  if (r > 0.0) {
    r -= 1.0;
    V = c.V_reset;
    return false;
  }
  if (V >= c.V_th) {
    r = c.refractory_steps;
    V = c.V_reset;
    return true;
  }
  return false;
}

}  // namespace nestor::detail::bw2001
