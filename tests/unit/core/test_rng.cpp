#include "core/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace nestor::detail;

TEST(Rng, SameKeyAndCounterGiveTheSameNumbers) {
  philox_stream a(42, 7, rng_purpose::poisson_delivery, 100, 3, 0);
  philox_stream b(42, 7, rng_purpose::poisson_delivery, 100, 3, 0);
  for (int k = 0; k < 10; ++k) EXPECT_EQ(a(), b());
  philox_stream c(42, 7, rng_purpose::poisson_delivery, 101, 3, 0);
  philox_stream d(42, 8, rng_purpose::poisson_delivery, 100, 3, 0);
  philox_stream e(43, 7, rng_purpose::poisson_delivery, 100, 3, 0);
  const auto x = philox_stream(42, 7, rng_purpose::poisson_delivery, 100, 3, 0)();
  EXPECT_NE(x, c());
  EXPECT_NE(x, d());
  EXPECT_NE(x, e());
}

TEST(Rng, UniformHasMeanAndVarianceOfU01) {
  philox_stream g(1, 1, rng_purpose::parameter, 0);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int k = 0; k < n; ++k) {
    const double u = g.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    s += u;
    s2 += u * u;
  }
  const double mean = s / n, var = s2 / n - mean * mean;
  // standard error of the mean: sqrt(1/12 / n) = 6.5e-4; 5 sigma
  EXPECT_NEAR(mean, 0.5, 5 * 6.5e-4);
  EXPECT_NEAR(var, 1.0 / 12, 2e-3);
}

// Poisson counts: mean and variance both equal the mean parameter, for the inversion branch
// (small means) and the library branch (large means). Each draw uses its own counter, as delivery does.
class PoissonDraw : public ::testing::TestWithParam<double> {};

TEST_P(PoissonDraw, MeanAndVarianceMatch) {
  const double mu = GetParam();
  const int n = 100000;
  double s = 0, s2 = 0;
  for (int k = 0; k < n; ++k) {
    philox_stream g(5, 2, rng_purpose::poisson_delivery, std::uint64_t(k), 11, 0);
    const double x = poisson_draw(g, mu);
    s += x;
    s2 += x * x;
  }
  const double mean = s / n, var = s2 / n - mean * mean;
  EXPECT_NEAR(mean, mu, 5 * std::sqrt(mu / n));                     // 5 standard errors
  EXPECT_NEAR(var, mu, 5 * std::sqrt((2 * mu * mu + mu) / n));      // 5 standard errors of the variance
}

INSTANTIATE_TEST_SUITE_P(Means, PoissonDraw, ::testing::Values(0.01, 1.5, 8.0, 29.0, 45.0, 500.0));

// The guided table returns what a plain search of P(N <= k) from k = 0 returns, at every u where the
// answer changes (each cdf value and the double just below it) and at random u.
class PoissonTable : public ::testing::TestWithParam<double> {};

TEST_P(PoissonTable, GuidedLookupEqualsSearchFromZero) {
  const double mean = GetParam();
  poisson_table table;
  table.build(mean);
  std::vector<double> cdf;
  double p = std::exp(-mean), c = p;
  cdf.push_back(c);
  for (unsigned k = 1; k < 100000; ++k) {
    p *= mean / k;
    c += p;
    cdf.push_back(c);
    if (k > mean && p < 1e-17 * c) break;
  }
  auto search = [&](double u) {
    unsigned k = 0;
    while (k < cdf.size() && u >= cdf[k]) ++k;
    return k;
  };
  std::vector<double> us;
  for (double x : cdf)
    if (x < 1.0) {
      us.push_back(x);
      us.push_back(std::nextafter(x, 0.0));
    }
  for (int j = 0; j <= 1024; ++j) us.push_back(std::min(double(j) / 1024.0, std::nextafter(1.0, 0.0)));
  philox_stream g(5, 1, rng_purpose::parameter, 0);
  for (int k = 0; k < 100000; ++k) us.push_back(g.uniform());
  for (double u : us) ASSERT_EQ(table(u), search(u)) << "mean " << mean << ", u " << u;
}

INSTANTIATE_TEST_SUITE_P(Means, PoissonTable, ::testing::Values(0.001, 0.3, 1.78, 8.0, 45.0, 500.0));
