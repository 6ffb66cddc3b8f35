#include "models/neurons/aeif_psc_delta_clopath.hpp"

#include <limits>
#include <string>

#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

// NEST's Parameters_::set rules across parameters (per-parameter ones are in the table).
void aeif_psc_delta_clopath::validate(const prow<aeif_psc_delta_clopath>& p) {
  const auto mv = [](double v) { return format_number(v) + " mV"; };
  const std::string m(name);
  if (!(p[P::V_reset] < p[P::V_peak]))
    throw bad_value(m + " parameter V_reset = " + mv(p[P::V_reset]) +
                    ": expected a value smaller than V_peak = " + mv(p[P::V_peak]));
  if (p[P::Delta_T] > 0.0) {
    const double max_exp_arg = std::log(std::numeric_limits<double>::max() / 1e20);
    const double x = (p[P::V_peak] - p[P::V_th_rest]) / p[P::Delta_T];
    if (x >= max_exp_arg)
      throw bad_value(m + " parameter Delta_T = " + mv(p[P::Delta_T]) + ": (V_peak - V_th_rest)/Delta_T = " +
                      format_number(x) + " would overflow at spike time (expected below " +
                      format_number(max_exp_arg) + "; increase Delta_T or reduce V_peak)");
  }
  if (p[P::V_th_max] < p[P::V_th_rest])
    throw bad_value(m + " parameter V_th_max = " + mv(p[P::V_th_max]) +
                    ": expected a value >= V_th_rest = " + mv(p[P::V_th_rest]));
  if (p[P::V_peak] < p[P::V_th_rest])
    throw bad_value(m + " parameter V_peak = " + mv(p[P::V_peak]) +
                    ": expected a value >= V_th_rest = " + mv(p[P::V_th_rest]));
}

aeif_psc_delta_clopath::derived aeif_psc_delta_clopath::prepare(const prow<aeif_psc_delta_clopath>& p,
                                                                double dt) {
  derived d{};
  d.C_m = p[P::C_m];
  d.V_th_max = p[P::V_th_max];
  d.V_th_rest = p[P::V_th_rest];
  d.tau_V_th = p[P::tau_V_th];
  d.g_L = p[P::g_L];
  d.E_L = p[P::E_L];
  d.V_reset = p[P::V_reset];
  d.a = p[P::a];
  d.b = p[P::b];
  d.I_sp = p[P::I_sp];
  d.Delta_T = p[P::Delta_T];
  d.tau_w = p[P::tau_w];
  d.tau_z = p[P::tau_z];
  d.tau_plus = p[P::tau_u_bar_plus];
  d.tau_minus = p[P::tau_u_bar_minus];
  d.tau_bar_bar = p[P::tau_u_bar_bar];
  d.I_e = p[P::I_e];
  d.V_peak = p[P::V_peak];
  d.tol = p[P::gsl_error_tol];
  d.V_clamp = p[P::V_clamp];
  d.dt = dt;
  d.h0 = std::min(0.01, dt);
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  d.clamp_steps = double(nest_ms_to_steps(p[P::t_clamp], dt));
  d.clopath = clopath::rule_of(p, P::rule);
  return d;
}

void register_aeif_psc_delta_clopath(model_registry& reg) {
  add_neuron<aeif_psc_delta_clopath>(reg, unit::mV);
}

}  // namespace nestor::detail
