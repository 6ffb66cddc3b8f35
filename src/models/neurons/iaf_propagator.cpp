#include "models/neurons/iaf_propagator.hpp"

#include <cmath>

namespace nestor::detail {

namespace {
// The regular formula loses all precision when tau_m and tau_syn are close; below this step size
// relative to tau_m^2/|tau_m - tau_syn| the singular (tau_syn == tau_m) limit is used instead.
constexpr double stability_factor = 1e-7;

struct p32_parts {
  double P32, exp_h_tau_syn, expm1_h_tau, exp_h_tau;
  bool singular;
};

p32_parts p32(double tau_syn, double tau_m, double C_m, double h) {
  const double beta = tau_syn * tau_m / (tau_m - tau_syn);  // inf when equal
  const double gamma = beta / C_m;
  const double inv_beta = (tau_m - tau_syn) / (tau_syn * tau_m);
  p32_parts r{};
  r.exp_h_tau_syn = std::exp(-h * (1 / tau_syn));
  r.expm1_h_tau = std::expm1(h * inv_beta);
  r.P32 = gamma * r.exp_h_tau_syn * r.expm1_h_tau;
  if (!(std::isnormal(r.P32) && r.P32 > 0)) {
    r.exp_h_tau = std::exp(-h * (1 / tau_m));
    r.P32 = h * (1 / C_m) * r.exp_h_tau;
    r.singular = true;
  }
  return r;
}
}  // namespace

double iaf_propagator_exp(double tau_syn, double tau_m, double C_m, double h) {
  return p32(tau_syn, tau_m, C_m, h).P32;
}

alpha_propagator iaf_propagator_alpha(double tau_syn, double tau_m, double C_m, double h) {
  const p32_parts r = p32(tau_syn, tau_m, C_m, h);
  const double h_min_regular = stability_factor * tau_m * tau_m / std::abs(tau_m - tau_syn);
  if (h > h_min_regular) {
    const double beta = tau_syn * tau_m / (tau_m - tau_syn);
    const double gamma = beta / C_m;
    return {gamma * r.exp_h_tau_syn * (beta * r.expm1_h_tau - h), r.P32};
  }
  const double exp_h_tau = r.singular ? r.exp_h_tau : std::exp(-h * (1 / tau_m));
  return {0.5 * h * h * (1 / C_m) * exp_h_tau, r.P32};
}

}  // namespace nestor::detail
