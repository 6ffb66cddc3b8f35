#include "models/neurons/iaf_bw_2001.hpp"

#include <gsl/gsl_errno.h>
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
  // The lower incomplete gamma function gamma(s, x) = Gamma(s) P(s, x). GSL reports range errors by
  // its status (the default handler would abort the process); the result is checked below.
  gsl_set_error_handler_off();
  gsl_sf_result G{}, Pinc{};
  const int status = gsl_sf_gamma_e(1.0 - ratio, &G) | gsl_sf_gamma_inc_P_e(1.0 - ratio, a_tau, &Pinc);
  d.k_0 = std::pow(a_tau, ratio) * G.val * Pinc.val;
  if (status != GSL_SUCCESS || !std::isfinite(d.k_0))
    throw bad_value(std::string(name) + " parameters alpha = " + format_number(p[P::alpha]) +
                    ", tau_rise_NMDA = " + format_number(p[P::tau_rise_NMDA]) + " ms, tau_decay_NMDA = " +
                    format_number(p[P::tau_decay_NMDA]) + " ms: the NMDA jump k_0 is not a finite number");
  d.k_1 = std::expm1(-a_tau);
  d.tics_per_step = static_cast<std::int64_t>(std::floor(1000.0 * dt + 0.5));
  return d;
}

void register_iaf_bw_2001(model_registry& reg) {
  add_neuron<iaf_bw_2001>(reg, unit::nS);
}

}  // namespace nestor::detail
