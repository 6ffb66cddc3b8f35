#include "models/neurons/iaf_psc_exp_htum.hpp"

#include <cmath>
#include <string>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_psc_exp_htum::validate(const prow<iaf_psc_exp_htum>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
  if (p[P::t_ref_abs] > p[P::t_ref_tot])
    throw bad_value(std::string(name) + " parameter t_ref_tot = " + format_number(p[P::t_ref_tot]) +
                    " ms: expected a value of at least t_ref_abs = " + format_number(p[P::t_ref_abs]) +
                    " ms");
}

namespace {
/// NEST's pre_run_hook refuses refractory periods of less than one step.
double refractory_steps(double t_ref, double h, const char* param) {
  const std::int64_t n = nest_ms_to_steps(t_ref, h);
  if (n < 1)
    throw bad_value(std::string(iaf_psc_exp_htum::name) + " parameter " + param + " = " +
                    format_number(t_ref) + " ms: expected at least one time step (" + format_number(h) +
                    " ms)");
  return static_cast<double>(n);
}
}  // namespace

iaf_psc_exp_htum::derived iaf_psc_exp_htum::prepare(const prow<iaf_psc_exp_htum>& p, double h) {
  derived d{};
  d.P11_ex = std::exp(-h / p[P::tau_syn_ex]);
  d.P11_in = std::exp(-h / p[P::tau_syn_in]);
  d.P22 = std::exp(-h / p[P::tau_m]);
  d.P21_ex = iaf_propagator_exp(p[P::tau_syn_ex], p[P::tau_m], p[P::C_m], h);
  d.P21_in = iaf_propagator_exp(p[P::tau_syn_in], p[P::tau_m], p[P::C_m], h);
  d.P20 = p[P::tau_m] / p[P::C_m] * (1.0 - d.P22);
  d.I_e = p[P::I_e];
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.abs_steps = refractory_steps(p[P::t_ref_abs], h, "t_ref_abs");
  d.tot_steps = refractory_steps(p[P::t_ref_tot], h, "t_ref_tot");
  return d;
}

void register_iaf_psc_exp_htum(model_registry& reg) {
  add_neuron<iaf_psc_exp_htum>(reg, unit::pA);
}

}  // namespace nestor::detail
