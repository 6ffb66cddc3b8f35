#pragma once
// The spike-triggered kernels of NEST's GIF models (gif_psc_exp, gif_psc_exp_multisynapse): each
// kernel decays exponentially with its own time constant and jumps by its q after every spike; NEST
// reads their sum at the start of a step (the value the step uses and records), then decays them.

#include <cmath>
#include <vector>

namespace nestor::detail {

/// Returns base + the sum of the kernels as they are at the start of the step, then decays each by P[k].
inline double gif_kernels_sum_then_decay(std::vector<double>& x, const std::vector<double>& P, double base) {
  double sum = base;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sum += x[k];
    x[k] = P[k] * x[k];
  }
  return sum;
}

/// After a spike: every kernel jumps by its q.
inline void gif_kernels_jump(std::vector<double>& x, const std::vector<double>& q) {
  for (std::size_t k = 0; k < x.size(); ++k) x[k] += q[k];
}

/// Decay factors exp(-h/tau) of a list of time constants.
inline std::vector<double> gif_decay_factors(const std::vector<double>& tau, double h) {
  std::vector<double> P;
  P.reserve(tau.size());
  for (double t : tau) P.push_back(std::exp(-h / t));
  return P;
}

}  // namespace nestor::detail
