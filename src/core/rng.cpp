#include "core/rng.hpp"

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

}  // namespace nestor::detail
