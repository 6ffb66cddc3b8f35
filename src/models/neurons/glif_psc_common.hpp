#pragma once
// What NEST's current-based GLIF models (glif_psc, glif_psc_double_alpha) share: the parameters of the
// five GLIF variants (Teeter et al. 2018), their checks, and the membrane / threshold / after-spike
// current step. The models differ only in their synaptic currents (one alpha function per receptor port,
// or the sum of a fast and a slow alpha function).
//
// Variants, chosen by three flags (spike_dependent_threshold, after_spike_currents, adapting_threshold):
// GLIF1 (F,F,F) leaky IAF; GLIF2 (T,F,F) + spike-dependent threshold and biological reset; GLIF3
// (F,T,F) + after-spike currents; GLIF4 (T,T,F) both; GLIF5 (T,T,T) + voltage-dependent threshold.
// Other combinations are refused.
//
// One step, as NEST 3.9 (models/glif_psc.cpp, update), with U = V_m - E_L at the start of the step:
// not refractory:
//   theta_s *= exp(-th_spike_decay h)                                      (GLIF2/4/5)
//   ASCurrents_sum = sum_j ASC_j (1 - exp(-k_j h)) / (k_j h);  ASC_j *= exp(-k_j h)   (GLIF3/4/5; else 0)
//   U' = U exp(-h g/C_m) + (I + ASCurrents_sum) (1 - exp(-h g/C_m)) / g  + synaptic terms (model)
//   theta_v: the exact solution of d theta_v/dt = a_v (U - E_L) - b_v theta_v over the step with U
//            relaxing from U towards beta = (I + ASCurrents_sum)/g                    (GLIF5)
//   threshold = theta_s + theta_v + (V_th - E_L);  spike if U' > threshold (strictly), then:
//     refractory for t_ref (steps: NEST's Time rounding); ASC_j = asc_amps_j + ASC_j asc_r_j exp(-k_j t_ref);
//     GLIF1/3: U' = V_reset - E_L; GLIF2/4/5: U' = voltage_reset_fraction U + voltage_reset_add,
//     theta_s = theta_s exp(-th_spike_decay t_ref) + th_spike_add (threshold recomputed).
// refractory: the counter runs down, U stays, threshold is recomputed; nothing decays.
// Then (both cases) the synaptic currents advance and take the step's spikes, and I latches the step's
// current input (used in the next step). The rates th_spike_decay, asc_decay, th_voltage_index and
// th_voltage_decay are in 1/ms (nestor has no 1/ms unit: give them as plain numbers).
//
// NEST quirks kept: asc_init is stored and checked but does not set ASCurrents (NEST builds the state
// from the built-in defaults, [0, 0]; nestor starts ASCurrents at 0 with one value per asc_decay
// element). Array lengths and the rate/fraction checks apply only to the variants that use them.

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "core/neuron_population.hpp"

namespace nestor::detail::glif {

struct P {
  enum : int {
    V_th,
    g,
    E_L,
    C_m,
    t_ref,
    V_reset,
    th_spike_add,
    th_spike_decay,
    voltage_reset_fraction,
    voltage_reset_add,
    th_voltage_index,
    th_voltage_decay,
    spike_dependent_threshold,
    after_spike_currents,
    adapting_threshold,
    n
  };
};
inline constexpr std::array<param_spec, P::n> params{{
    {"V_th", -51.68, unit::mV, check::any, "instantaneous threshold (th_inf)", P::E_L},
    {"g", 9.43, unit::nS, check::positive, "membrane conductance"},
    {"E_L", -78.85, unit::mV, check::any, "resting membrane potential"},
    {"C_m", 58.72, unit::pF, check::positive, "membrane capacitance"},
    {"t_ref", 3.75, unit::ms, check::positive, "duration of the refractory period"},
    {"V_reset", -78.85, unit::mV, check::any, "reset potential (GLIF 1 and 3)", P::E_L},
    {"th_spike_add", 0.37, unit::mV, check::any, "threshold increase after a spike (GLIF 2, 4, 5)"},
    {"th_spike_decay", 0.009, unit::none, check::any,
     "decay rate of the spike component of the threshold, in 1/ms (GLIF 2, 4, 5; > 0)"},
    {"voltage_reset_fraction", 0.20, unit::none, check::any,
     "fraction of the pre-spike V_m - E_L kept at reset (GLIF 2, 4, 5; in [0, 1])"},
    {"voltage_reset_add", 18.51, unit::mV, check::any, "added to V_m - E_L at reset (GLIF 2, 4, 5)"},
    {"th_voltage_index", 0.005, unit::none, check::any,
     "coupling of the voltage component of the threshold to V_m - E_L, in 1/ms (GLIF 5)"},
    {"th_voltage_decay", 0.09, unit::none, check::any,
     "decay rate of the voltage component of the threshold, in 1/ms (GLIF 5; > 0)"},
    {"spike_dependent_threshold", 0.0, unit::none, check::boolean,
     "spike-dependent threshold component and biological reset (GLIF 2, 4, 5)"},
    {"after_spike_currents", 0.0, unit::none, check::boolean, "after-spike currents (GLIF 3, 4, 5)"},
    {"adapting_threshold", 0.0, unit::none, check::boolean, "voltage-dependent threshold component (GLIF 5)"},
}};

struct S {
  enum : int { V_m, ASCurrents_sum, I, I_syn, threshold, threshold_spike, threshold_voltage, r, n };
};
inline constexpr std::array<state_spec, S::n> state{{
    {"V_m", -78.85, unit::mV, "membrane potential", P::E_L},
    {"ASCurrents_sum", 0.0, unit::pA, "after-spike currents averaged over the last step, summed", -1, true,
     false},
    {"I", 0.0, unit::pA, "current input (port 0), latched from the previous step", -1, true, false},
    {"I_syn", 0.0, unit::pA, "total synaptic current at the start of the last integrated step", -1, true,
     false},
    {"threshold", -51.68, unit::mV, "total threshold", P::E_L, true, false},
    {"threshold_spike", 0.0, unit::mV, "spike component of the threshold"},
    {"threshold_voltage", 0.0, unit::mV, "voltage component of the threshold"},
    {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
}};

// Array groups: the after-spike current arrays are independent (NEST compares their lengths only when
// after_spike_currents is on); the receptor ports are the last group.
enum group : int { g_asc_decay, g_asc_init, g_asc_amps, g_asc_r, g_ports, n_groups };
inline constexpr double asc_init_default[] = {0.0, 0.0};
inline constexpr double asc_decay_default[] = {0.003, 0.1};
inline constexpr double asc_amps_default[] = {-9.18, -198.94};
inline constexpr double asc_r_default[] = {1.0, 1.0};
inline constexpr std::array<array_spec, 4> asc_arrays{{
    {"asc_init", asc_init_default, unit::pA, check::any,
     "initial after-spike currents (stored only: NEST 3.9 does not apply them)", g_asc_init},
    {"asc_decay", asc_decay_default, unit::none, check::any, "after-spike current decay rates k_j, in 1/ms",
     g_asc_decay},
    {"asc_amps", asc_amps_default, unit::pA, check::any, "after-spike current jumps at a spike", g_asc_amps},
    {"asc_r", asc_r_default, unit::none, check::any,
     "fraction of the after-spike currents kept at a spike (in [0, 1])", g_asc_r},
}};
enum asc_array : int { a_init, a_decay, a_amps, a_r };
inline constexpr element_spec asc_element{"ASCurrents",           0.0,         unit::pA,
                                          "after-spike currents", g_asc_decay, false};

using scalars = std::array<double, P::n>;

/// NEST's checks of the GLIF parameters (all but the synaptic ones); asc: asc_init, asc_decay, asc_amps,
/// asc_r.
void validate(std::string_view model, const scalars& p, const std::vector<double>* asc);

/// Constants of the membrane, threshold and after-spike current step.
struct core {
  double P33, P30, g, th_inf, V_reset, refractory_steps;
  bool theta_spike, asc, theta_voltage;
  double th_spike_rate, th_spike_refractory_rate, th_spike_add, reset_fraction, reset_add;
  double potential_rate, th_voltage_rate_inverse, phi, ab_ratio;
  std::vector<double> asc_rate, asc_mean, asc_refractory, asc_amps;
};
core prepare(const scalars& p, const std::vector<double>* asc, double h);

/// The step up to the synaptic currents' own update; add_synapses(U) adds the ports' terms to U and
/// returns the synaptic current. Returns 1 if the node spiked.
template <class AddSynapses>
inline unsigned step(srow s, const core& c, std::vector<double>& asc, AddSynapses&& add_synapses) {
  if (s[S::r] != 0.0) {
    s[S::r] -= 1.0;
    s[S::threshold] = s[S::threshold_spike] + s[S::threshold_voltage] + c.th_inf;
    return 0;
  }
  const double v_old = s[S::V_m];
  if (c.theta_spike) s[S::threshold_spike] *= c.th_spike_rate;
  double asc_sum = 0.0;
  if (c.asc)
    for (std::size_t j = 0; j < asc.size(); ++j) {
      asc_sum += c.asc_mean[j] * asc[j];
      asc[j] *= c.asc_rate[j];
    }
  s[S::ASCurrents_sum] = asc_sum;
  double U = v_old * c.P33 + (s[S::I] + asc_sum) * c.P30;
  s[S::I_syn] = add_synapses(U);
  if (c.theta_voltage) {
    const double beta = (s[S::I] + asc_sum) / c.g;
    s[S::threshold_voltage] =
        c.phi * (v_old - beta) * c.potential_rate +
        c.th_voltage_rate_inverse * (s[S::threshold_voltage] - c.phi * (v_old - beta) - c.ab_ratio * beta) +
        c.ab_ratio * beta;
  }
  s[S::threshold] = s[S::threshold_spike] + s[S::threshold_voltage] + c.th_inf;
  unsigned spiked = 0;
  if (U > s[S::threshold]) {
    s[S::r] = c.refractory_steps;
    if (c.asc)
      for (std::size_t j = 0; j < asc.size(); ++j) asc[j] = c.asc_amps[j] + asc[j] * c.asc_refractory[j];
    if (!c.theta_spike) {
      U = c.V_reset;
    } else {
      U = c.reset_fraction * v_old + c.reset_add;
      s[S::threshold_spike] = s[S::threshold_spike] * c.th_spike_refractory_rate + c.th_spike_add;
      s[S::threshold] = s[S::threshold_spike] + s[S::threshold_voltage] + c.th_inf;
    }
    spiked = 1;
  }
  s[S::V_m] = U;
  return spiked;
}

}  // namespace nestor::detail::glif
