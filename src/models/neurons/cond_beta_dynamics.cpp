#include "models/neurons/cond_beta_dynamics.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace nestor::detail {

double beta_peak_normalisation(double tau_rise, double tau_decay) {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  const double diff = tau_decay - tau_rise;
  double peak = 0.0;
  if (std::abs(diff) > eps) {
    // g(t) ~ exp(-t/tau_decay) - exp(-t/tau_rise) has its maximum at t_peak
    const double t_peak = tau_decay * tau_rise * std::log(tau_decay / tau_rise) / diff;
    peak = std::exp(-t_peak / tau_decay) - std::exp(-t_peak / tau_rise);
  }
  if (std::abs(peak) < eps) return std::numbers::e / tau_decay;  // the alpha function's limit
  return (1.0 / tau_rise - 1.0 / tau_decay) / peak;
}

}  // namespace nestor::detail
