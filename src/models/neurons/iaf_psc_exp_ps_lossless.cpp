#include "models/neurons/iaf_psc_exp_ps_lossless.hpp"

#include <cmath>
#include <string>

#include "models/neurons/iaf_checks.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_psc_exp_ps_lossless::validate(const prow<iaf_psc_exp_ps_lossless>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
  ps_check_reset_above_min(name, p[P::V_reset], p[P::V_min], p[P::E_L]);
  if (p[P::tau_syn_in] != p[P::tau_syn_ex])
    throw bad_value(std::string(name) + " parameter tau_syn_in = " + format_number(p[P::tau_syn_in]) +
                    " ms: expected tau_syn_in == tau_syn_ex = " + format_number(p[P::tau_syn_ex]) +
                    " ms (use iaf_psc_exp_ps for unequal time constants)");
  if (p[P::tau_m] == p[P::tau_syn_ex])
    throw bad_value(std::string(name) + " parameter tau_m = " + format_number(p[P::tau_m]) +
                    " ms: expected a value different from tau_syn_ex = tau_syn_in");
}

iaf_psc_exp_ps_lossless::derived iaf_psc_exp_ps_lossless::prepare(const prow<iaf_psc_exp_ps_lossless>& p,
                                                                  double h) {
  derived d{};
  d.h = h;
  const double tm = p[P::tau_m], ts = p[P::tau_syn_ex], C = p[P::C_m], th = p[P::V_th];
  d.tau_m = tm;
  d.tau_s = ts;
  d.C_m = C;
  d.I_e = p[P::I_e];
  d.U_th = th;
  d.U_reset = p[P::V_reset];
  d.U_min = p[P::V_min];
  d.expm1_h = std::expm1(-h / tm);
  d.P20 = -tm / C * d.expm1_h;
  d.P21 = iaf_propagator_exp(ts, tm, C, h);
  d.exp_s = std::exp(-h / ts);
  d.refractory_steps = ps_refractory_steps(p[P::t_ref], h);
  d.a1 = tm * ts;
  d.a2 = tm * (tm - ts);
  d.a3 = C * th * (tm - ts);
  d.a4 = C * (tm - ts);
  d.b1 = -tm * tm;
  d.b2 = tm * ts;
  d.b3 = tm * C * th;
  d.b4 = -C * (tm - ts);
  d.c1 = tm / C;
  d.c2 = (-tm * ts) / (C * (tm - ts));
  d.c3 = (tm * tm) / (C * (tm - ts));
  d.c4 = ts / tm;
  d.c5 = (C * th) / tm;
  d.c6 = 1 - (ts / tm);
  return d;
}

double iaf_psc_exp_ps_lossless::spike_test(const derived& d, double dt, double U_0, double I_0,
                                           double I_ext) {
  const double em_s = std::expm1(dt / d.tau_s);
  const double em_m = std::expm1(dt / d.tau_m);
  const double em_ms = std::expm1(dt / d.tau_m - dt / d.tau_s);
  // f: the start potential from which U reaches the threshold exactly at dt
  const double f = (d.a1 * I_0 * em_ms + em_m * (d.a3 - I_ext * d.a2) + d.a3) / d.a4;
  // g: the line through (I_theta - I_ext, V_th) and (i2, f(i2)) bounding the no-spike region
  const double g = ((I_0 + I_ext) * (d.b1 * em_m + d.b2 * em_s) + d.b3 * (em_m - em_s)) / (d.b4 * em_s);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (U_0 < g && U_0 <= f) return nan;  // no spike (region NS_1)
  if (U_0 >= f) return dt;              // above threshold at the end (S_1)
  // b: the start potential whose trajectory touches the threshold (NS_2 below it)
  const double b = d.c1 * I_ext + d.c2 * I_0 + d.c3 * std::pow(I_0, d.c4) * std::pow(d.c5 - I_ext, d.c6);
  if (U_0 < b) return nan;
  // a crossing and a return within dt (S_2): the time of the maximum
  return (d.a1 / d.tau_m * d.tau_s) * std::log(d.b1 * I_0 / (d.a2 * I_ext - d.a1 * I_0 - d.a4 * U_0));
}

void register_iaf_psc_exp_ps_lossless(model_registry& reg) {
  add_neuron<iaf_psc_exp_ps_lossless>(reg, unit::pA);
}

}  // namespace nestor::detail
