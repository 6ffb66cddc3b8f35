#include "models/neurons/mat2_psc_exp.hpp"

#include <cmath>
#include <string>

#include "models/neurons/distinct_taus.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void mat2_psc_exp::validate(const prow<mat2_psc_exp>& p) {
  check_taus_differ(name, "tau_syn_ex", p[P::tau_syn_ex], "tau_m", p[P::tau_m]);
  check_taus_differ(name, "tau_syn_in", p[P::tau_syn_in], "tau_m", p[P::tau_m]);
}

mat2_psc_exp::derived mat2_psc_exp::prepare(const prow<mat2_psc_exp>& p, double h) {
  derived d{};
  const double tau_m = p[P::tau_m], C = p[P::C_m];
  d.P11_ex = std::exp(-h / p[P::tau_syn_ex]);
  d.P11_in = std::exp(-h / p[P::tau_syn_in]);
  d.P22_expm1 = std::expm1(-h / tau_m);
  // Current-to-voltage propagators of the exponential currents, written as NEST writes them.
  const auto p21 = [&](double tau_s, double P11) {
    return -tau_m / (C * (1.0 - tau_m / tau_s)) * P11 * std::expm1(h * (1.0 / tau_s - 1.0 / tau_m));
  };
  d.P21_ex = p21(p[P::tau_syn_ex], d.P11_ex);
  d.P21_in = p21(p[P::tau_syn_in], d.P11_in);
  d.P20 = -tau_m / C * d.P22_expm1;
  d.P11_th = std::exp(-h / p[P::tau_1]);
  d.P22_th = std::exp(-h / p[P::tau_2]);
  d.E_L = p[P::E_L];
  d.I_e = p[P::I_e];
  d.omega = p[P::omega];
  d.alpha_1 = p[P::alpha_1];
  d.alpha_2 = p[P::alpha_2];
  d.refractory_steps = nest_refractory_steps(name, p[P::t_ref], h);
  return d;
}

void register_mat2_psc_exp(model_registry& reg) {
  add_neuron<mat2_psc_exp>(reg, unit::pA);
}

}  // namespace nestor::detail
