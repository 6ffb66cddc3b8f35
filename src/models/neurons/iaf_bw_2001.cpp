#include "models/neurons/iaf_bw_2001.hpp"

#include <gsl/gsl_sf_gamma.h>

#include <cmath>
#include <string>

#include "models/registration.hpp"

namespace nestor::detail {

iaf_bw_2001::derived iaf_bw_2001::prepare(const prow<iaf_bw_2001>& p, double dt) {
  derived d{};
  d.c = bw2001::prepare_constants(p, dt);
  const double ratio = p[P::tau_rise_NMDA] / p[P::tau_decay_NMDA];
  if (!(ratio < 1.0))
    throw bad_value(
        std::string(name) + " parameter tau_rise_NMDA = " + format_number(p[P::tau_rise_NMDA]) +
        " ms: expected a value smaller than tau_decay_NMDA = " + format_number(p[P::tau_decay_NMDA]) +
        " ms (the NMDA jump's incomplete gamma function is undefined otherwise)");
  const double a_tau = p[P::alpha] * p[P::tau_rise_NMDA];
  // The lower incomplete gamma function gamma(s, x) = Gamma(s) P(s, x).
  d.k_0 = std::pow(a_tau, ratio) * gsl_sf_gamma(1.0 - ratio) * gsl_sf_gamma_inc_P(1.0 - ratio, a_tau);
  d.k_1 = std::expm1(-a_tau);
  d.tics_per_step = static_cast<std::int64_t>(std::floor(1000.0 * dt + 0.5));
  return d;
}

void register_iaf_bw_2001(model_registry& reg) {
  add_neuron<iaf_bw_2001>(reg, unit::nS);
}

}  // namespace nestor::detail
