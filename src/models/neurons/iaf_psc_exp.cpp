#include "models/neurons/iaf_psc_exp.hpp"

#include <cmath>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/iaf_propagator.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_psc_exp::validate(const prow<iaf_psc_exp>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
}

iaf_psc_exp::derived iaf_psc_exp::prepare(const prow<iaf_psc_exp>& p, double h) {
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
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], h));  // as NEST: tics, then up to steps
  d.rho = p[P::rho];
  d.delta = p[P::delta];
  d.h = h;
  d.hard_threshold = p[P::delta] < 1e-10;
  d.escape_noise = p[P::delta] > 1e-10;
  return d;
}

void register_iaf_psc_exp(model_registry& reg) {
  add_neuron<iaf_psc_exp>(reg, unit::pA);
}

}  // namespace nestor::detail
