#include "core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace nestor::detail {

unsigned poisson_draw(philox_stream& g, double mean) {
  if (mean < 30.0) {
    // Inversion by sequential search: exact, and cheap for the means of per-step spike counts.
    const double u = g.uniform();
    double p = std::exp(-mean), cdf = p;
    unsigned k = 0;
    while (u >= cdf && k < 1000) {
      ++k;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  std::poisson_distribution<unsigned> d(mean);
  return d(g);
}

void poisson_table::build(double mean) {
  if (mean == mean_) return;
  mean_ = mean;
  cdf_.clear();
  std::fill(guide_.begin(), guide_.end(), 0u);
  if (!(mean > 0) || mean > max_mean) return;
  // cdf[k] = P(N <= k); stop once the remaining mass is below rounding.
  double p = std::exp(-mean), c = p;
  cdf_.push_back(c);
  for (unsigned k = 1; k < 100000; ++k) {
    p *= mean / k;
    c += p;
    cdf_.push_back(c);
    if (k > mean && p < 1e-17 * c) break;
  }
  std::uint32_t k = 0;
  for (std::size_t j = 0; j < guides; ++j) {
    const double u = double(j) / double(guides);  // exact: guides is a power of two
    while (k < cdf_.size() && cdf_[k] <= u) ++k;
    guide_[j] = k;
  }
}

}  // namespace nestor::detail
