#include "models/neurons/mat2_psc_exp.hpp"

#include <cmath>
#include <string>

#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

namespace {

void check_differs_from_tau_m(std::string_view param, double tau, double tau_m) {
  if (tau == tau_m)
    throw bad_value(std::string(mat2_psc_exp::name) + " parameter " + std::string(param) + " = " +
                    format_number(tau) + " ms: expected a value different from tau_m = " +
                    format_number(tau_m) + " ms (the exact propagator is singular there)");
}

}  // namespace

void mat2_psc_exp::validate(const prow<mat2_psc_exp>& p) {
  check_differs_from_tau_m("tau_syn_ex", p[P::tau_syn_ex], p[P::tau_m]);
  check_differs_from_tau_m("tau_syn_in", p[P::tau_syn_in], p[P::tau_m]);
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
  const auto refr = nest_ms_to_steps(p[P::t_ref], h);
  if (refr < 1)
    throw bad_value(std::string(name) + " parameter t_ref = " + format_number(p[P::t_ref]) +
                    " ms: expected at least one time step (" + format_number(h) + " ms)");
  d.refractory_steps = static_cast<double>(refr);
  return d;
}

void register_mat2_psc_exp(model_registry& reg) {
  add_neuron<mat2_psc_exp>(reg, unit::pA);
}

}  // namespace nestor::detail
