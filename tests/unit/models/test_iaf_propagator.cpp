// The exact propagators against their closed forms (the solution of dV/dt = -V/tau_m + I/C_m with an
// exponential or alpha current), including the singular limit tau_syn == tau_m.
#include "models/neurons/iaf_propagator.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace nestor::detail;

TEST(IafPropagator, ExpMatchesClosedForm) {
  const double ts = 2.0, tm = 10.0, C = 250.0;
  for (double h : {0.01, 0.1, 1.0}) {
    const double expect = ts * tm / (tm - ts) / C * (std::exp(-h / tm) - std::exp(-h / ts));
    EXPECT_NEAR(iaf_propagator_exp(ts, tm, C, h), expect, 1e-15 * std::abs(expect) + 1e-18);
  }
}

TEST(IafPropagator, ExpSingularLimit) {
  const double tm = 10.0, C = 250.0, h = 0.1;
  EXPECT_NEAR(iaf_propagator_exp(tm, tm, C, h), h / C * std::exp(-h / tm), 1e-16);
  // close to singular, the regular formula and the limit agree
  EXPECT_NEAR(iaf_propagator_exp(tm * (1 + 1e-9), tm, C, h), h / C * std::exp(-h / tm), 1e-10);
}

TEST(IafPropagator, AlphaMatchesClosedForm) {
  // For I(t) = t exp(-t/ts) (dI(0) = 1, I(0) = 0), V(h) = P31; for I(t) = exp(-t/ts) (I(0) = 1), V(h) = P32.
  const double ts = 2.0, tm = 10.0, C = 250.0, h = 0.1;
  const double a = 1.0 / ts - 1.0 / tm;  // exp(-t/ts) = exp(-t/tm) exp(-a t)
  // V(h) = 1/C int_0^h exp(-(h-s)/tm) s exp(-s/ts) ds
  const double p31 = std::exp(-h / tm) / C * (1 - std::exp(-a * h) * (1 + a * h)) / (a * a);
  const double p32 = std::exp(-h / tm) / C * (1 - std::exp(-a * h)) / a;
  const auto p = iaf_propagator_alpha(ts, tm, C, h);
  EXPECT_NEAR(p.P31, p31, 1e-13 * p31);
  EXPECT_NEAR(p.P32, p32, 1e-13 * p32);
  const auto s = iaf_propagator_alpha(tm, tm, C, h);
  EXPECT_NEAR(s.P31, 0.5 * h * h / C * std::exp(-h / tm), 1e-18);
  EXPECT_NEAR(s.P32, h / C * std::exp(-h / tm), 1e-16);
}
