// Our RKF45 integrator (core/rkf45.hpp) against GSL's gsl_odeiv (core/ode_gsl_reference.hpp): the same
// doubles, bit for bit, for the state, the step size h, the time, GSL's counts and error returns, over
// thousands of steps of conductance IAF, AdEx (control yp with the after hook) and HH systems and a system
// whose size is chosen at run time, from random states and parameters (fixed seed) with inputs that
// jump between calls, so that steps are rejected and shrunk.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "core/ode_gsl.hpp"
#include "core/ode_gsl_reference.hpp"
#include "core/rkf45.hpp"

using namespace nestor::detail;

namespace {

std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

#define EXPECT_SAME(a, b) EXPECT_EQ(bits(a), bits(b)) << #a " = " << (a) << ", " #b " = " << (b)

using rng = std::mt19937_64;
double uniform(rng& g, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(g);
}

// --- right-hand sides, as the models' ----------------------------------------------------------------

/// iaf_cond_exp-like: y = V, g_ex, g_in.
struct cond_iaf {
  double g_L, C_m, E_ex, E_in, E_L, tau_ex, tau_in, V_th, V_reset, I_e;
  bool refractory = false;
  double I_stim = 0.0;
  int operator()(double, const double* y, double* f) const {
    const double V = refractory ? V_reset : std::min(y[0], V_th);
    f[0] = refractory ? 0.0 : (-g_L * (V - E_L) + I_stim + I_e - y[1] * (V - E_ex) - y[2] * (V - E_in)) / C_m;
    f[1] = -y[1] / tau_ex;
    f[2] = -y[2] / tau_in;
    return 0;
  }
  static cond_iaf random(rng& g) {
    return {uniform(g, 5, 30),  uniform(g, 100, 400), 0.0,   -85.0, uniform(g, -75, -60),
            uniform(g, 0.1, 5), uniform(g, 0.5, 10),  -50.0, -60.,  uniform(g, 0, 500)};
  }
};

/// aeif_cond_alpha-like: y = V, dg_ex, g_ex, dg_in, g_in, w; the refractory counter read through a pointer.
struct adex {
  double g_L, C_m, E_L, Delta_T, V_th, V_peak, V_reset, tau_w, a, b, E_ex, E_in, tau_ex, tau_in, I_e;
  const double* r = nullptr;
  double I_stim = 0.0;
  int operator()(double, const double* y, double* f) const {
    const bool refr = *r > 0.0;
    const double V = refr ? V_reset : std::min(y[0], V_peak);
    const double I_spike = g_L * Delta_T * std::exp((V - V_th) / Delta_T);
    f[0] = refr ? 0.0
                : (-g_L * (V - E_L) + I_spike - y[2] * (V - E_ex) - y[4] * (V - E_in) - y[5] + I_e + I_stim) /
                      C_m;
    f[1] = -y[1] / tau_ex;
    f[2] = y[1] - y[2] / tau_ex;
    f[3] = -y[3] / tau_in;
    f[4] = y[3] - y[4] / tau_in;
    f[5] = (a * (V - E_L) - y[5]) / tau_w;
    return 0;
  }
  static adex random(rng& g) {
    return {uniform(g, 10, 40),
            uniform(g, 100, 400),
            -70.6,
            uniform(g, 0.5, 3),
            -50.4,
            0.0,
            -60.0,
            uniform(g, 50, 300),
            uniform(g, 0, 8),
            uniform(g, 0, 100),
            0.0,
            -85.0,
            uniform(g, 0.1, 1),
            uniform(g, 0.1, 1),
            uniform(g, 0, 800)};
  }
};

/// hh_psc_alpha-like: y = V, m, h, n, dI_ex, I_ex, dI_in, I_in.
struct hh {
  double g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, tau_ex, tau_in, I_e;
  double I_stim = 0.0;
  int operator()(double, const double* y, double* f) const {
    const double V = y[0], m = y[1], h = y[2], n = y[3];
    const double alpha_n = 0.01 * (V + 55.0) / (1.0 - std::exp(-(V + 55.0) / 10.0));
    const double beta_n = 0.125 * std::exp(-(V + 65.0) / 80.0);
    const double alpha_m = 0.1 * (V + 40.0) / (1.0 - std::exp(-(V + 40.0) / 10.0));
    const double beta_m = 4.0 * std::exp(-(V + 65.0) / 18.0);
    const double alpha_h = 0.07 * std::exp(-(V + 65.0) / 20.0);
    const double beta_h = 1.0 / (1.0 + std::exp(-(V + 35.0) / 10.0));
    const double I_Na = g_Na * m * m * m * h * (V - E_Na);
    const double I_K = g_K * n * n * n * n * (V - E_K);
    f[0] = (-(I_Na + I_K + g_L * (V - E_L)) + I_stim + I_e + y[5] + y[7]) / C_m;
    f[1] = alpha_m * (1.0 - m) - beta_m * m;
    f[2] = alpha_h * (1.0 - h) - beta_h * h;
    f[3] = alpha_n * (1.0 - n) - beta_n * n;
    f[4] = -y[4] / tau_ex;
    f[5] = y[4] - y[5] / tau_ex;
    f[6] = -y[6] / tau_in;
    f[7] = y[6] - y[7] / tau_in;
    return 0;
  }
  static hh random(rng& g) {
    return {uniform(g, 80, 160),
            uniform(g, 20, 50),
            uniform(g, 0.1, 0.5),
            uniform(g, 50, 150),
            50.0,
            -77.0,
            -54.4,
            uniform(g, 0.1, 2),
            uniform(g, 0.1, 2),
            uniform(g, 0, 1000)};
  }
};

/// A run-time number K of conductance ports with alpha-shaped conductances: y = V, then dg_k, g_k.
struct multi {
  double g_L = 10, C_m = 200, E_L = -70, V_th = -55, I_e = 0;
  std::vector<double> E_rev, tau;
  double I_stim = 0.0;
  int operator()(double, const double* y, double* f) const {
    const double V = std::min(y[0], V_th);
    double I_syn = 0.0;
    for (std::size_t k = 0; k < tau.size(); ++k) I_syn += y[2 + 2 * k] * (E_rev[k] - V);
    f[0] = (-g_L * (V - E_L) + I_syn + I_e + I_stim) / C_m;
    for (std::size_t k = 0; k < tau.size(); ++k) {
      f[1 + 2 * k] = -y[1 + 2 * k] / tau[k];
      f[2 + 2 * k] = y[1 + 2 * k] - y[2 + 2 * k] / tau[k];
    }
    return 0;
  }
};

template <class T>
void expect_same_vectors(const T* a, const T* b, std::size_t n, const char* what, int step) {
  for (std::size_t i = 0; i < n; ++i)
    EXPECT_EQ(bits(a[i]), bits(b[i]))
        << what << "[" << i << "] at step " << step << ": " << a[i] << " vs " << b[i];
}

/// A random initial step size: the time step, something smaller, or almost the time step.
double random_h(rng& g, double dt) {
  switch (std::uniform_int_distribution<int>(0, 3)(g)) {
    case 0:
      return dt;
    case 1:
      return dt * std::pow(10.0, uniform(g, -6, 0));
    case 2:
      return std::nextafter(dt, 0.0);
    default:
      return dt * uniform(g, 0.5, 3);
  }
}

}  // namespace

// --- one evolve_apply call at a time: t, h, y, the counts of tried and repeated steps -------------------

TEST(Rkf45, EvolveApplyMatchesGslStepByStep) {
  rng g(20261127);
  unsigned long repeated = 0, clipped = 0, calls = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    cond_iaf f = cond_iaf::random(g);
    f.I_stim = uniform(g, -200, 800);
    const double rtol = trial % 3 == 0 ? uniform(g, 0, 1e-3) : 0.0;
    gsl_odeiv_rkf45<3> ref(1e-3, rtol);
    rkf45<3> ours(1e-3, rtol);
    double y0[3] = {uniform(g, -80, -50), uniform(g, 0, 200), uniform(g, 0, 200)};
    const double dt = trial % 2 ? 0.1 : uniform(g, 0.01, 5.0);
    double ya[3], yb[3];
    std::copy(y0, y0 + 3, ya);
    std::copy(y0, y0 + 3, yb);
    double ta = 0.0, tb = 0.0, ha = random_h(g, dt), hb = ha;
    for (int k = 0; k < 200 && ta < dt; ++k) {
      const double h_before = ha;
      const int sa = ref.evolve_apply(ta, dt, ha, ya, f);
      const int sb = ours.evolve_apply(tb, dt, hb, yb, f);
      ++calls;
      ASSERT_EQ(sa, sb);
      EXPECT_SAME(ta, tb);
      EXPECT_SAME(ha, hb);
      expect_same_vectors(ya, yb, 3, "y", k);
      EXPECT_EQ(ref.count(), ours.count());
      EXPECT_EQ(ref.failed_steps(), ours.failed_steps());
      if (ta == dt && h_before > dt) ++clipped;
    }
    repeated += ours.failed_steps();
  }
  EXPECT_GT(repeated, 300u) << "the cases must include rejected steps";
  EXPECT_GT(clipped, 100u) << "the cases must include final steps clipped to t1";
  EXPECT_GT(calls, 3000u);
}

TEST(Rkf45, StepSizeAdjustmentMatchesGslNearEveryBound) {
  // D = 1 (control y: atol 1, rtol 0; control yp: the same with y' = 0): rmax is |yerr|.
  gsl_odeiv_control* cy = gsl_odeiv_control_y_new(1.0, 0.0);
  gsl_odeiv_control* cyp = gsl_odeiv_control_yp_new(1.0, 0.0);
  gsl_odeiv_step* st = gsl_odeiv_step_alloc(gsl_odeiv_step_rkf45, 1);
  rkf45<1> oy(1.0, 0.0);
  rkf45<1, ode_control::yp> oyp(1.0, 0.0);
  std::vector<double> rs;
  for (double centre : {std::pow(0.18, 6), std::pow(4.5, 5), 1.1, 0.5, std::pow(0.9, 6), 1.0}) {
    for (double rel = 1e-4; rel > 1e-17; rel /= 3) {
      rs.push_back(centre * (1 + rel));
      rs.push_back(centre * (1 - rel));
    }
    double x = centre;
    for (int k = 0; k < 200; ++k) rs.push_back(x = std::nextafter(x, 0.0));
    x = centre;
    for (int k = 0; k < 200; ++k) rs.push_back(x = std::nextafter(x, 1e300));
  }
  rng g(6);
  for (int k = 0; k < 20000; ++k) rs.push_back(std::pow(10.0, uniform(g, -300, 300)));
  rs.push_back(0.0);
  rs.push_back(std::numeric_limits<double>::infinity());
  rs.push_back(std::numeric_limits<double>::quiet_NaN());
  for (double r : rs) {
    for (double h0 : {0.1, 1e-7, 3.3}) {
      const double y[1] = {0.5}, yerr[1] = {r}, yp[1] = {0.0};
      double ha = h0, hb = h0, hc = h0, hd = h0;
      const int sa = gsl_odeiv_control_hadjust(cy, st, y, yerr, yp, &ha);
      const int sb = oy.hadjust(y, yerr, yp, hb);
      const int sc = gsl_odeiv_control_hadjust(cyp, st, y, yerr, yp, &hc);
      const int sd = oyp.hadjust(y, yerr, yp, hd);
      ASSERT_EQ(sa, sb) << r;
      ASSERT_EQ(bits(ha), bits(hb)) << r << " " << h0;
      ASSERT_EQ(sc, sd) << r;
      ASSERT_EQ(bits(hc), bits(hd)) << r << " " << h0;
    }
  }
  gsl_odeiv_step_free(st);
  gsl_odeiv_control_free(cyp);
  gsl_odeiv_control_free(cy);
}

// --- whole time steps as the models take them --------------------------------------------------------

TEST(Rkf45, ConductanceIafMatchesGslOverThousandsOfSteps) {
  rng g(1);
  unsigned long repeated = 0;
  for (int neuron = 0; neuron < 20; ++neuron) {
    cond_iaf f = cond_iaf::random(g);
    const double dt = neuron % 4 == 3 ? 1.0 : 0.1;
    auto& ref = gsl_odeiv_rkf45<3>::for_this_thread(1e-3, 0.0);
    rkf45<3> counting(1e-3, 0.0);
    double ya[3] = {uniform(g, -70, -55), 0, 0}, yb[3];
    std::copy(ya, ya + 3, yb);
    double ha = dt, hb = dt;
    double r = 0;
    for (int step = 0; step < 1000; ++step) {
      f.refractory = r > 0;
      ref.integrate(ya, ha, dt, f);
      counting.integrate(yb, hb, dt, f);
      expect_same_vectors(ya, yb, 3, "y", step);
      ASSERT_EQ(bits(ha), bits(hb)) << "h at step " << step << " neuron " << neuron;
      // inputs that jump between calls: conductance kicks (sometimes huge), a current switched on and off
      if (uniform(g, 0, 1) < 0.3)
        ya[1] = yb[1] += uniform(g, 0, 1) < 0.05 ? uniform(g, 100, 5000) : uniform(g, 0, 20);
      if (uniform(g, 0, 1) < 0.2) ya[2] = yb[2] += uniform(g, 0, 30);
      if (step % 97 == 0) f.I_stim = uniform(g, -500, 1500);
      if (r > 0) {
        r -= 1;
        ya[0] = yb[0] = f.V_reset;
      } else if (ya[0] >= f.V_th) {
        r = 20;
        ya[0] = yb[0] = f.V_reset;
      }
    }
    repeated += counting.failed_steps();
  }
  EXPECT_GT(repeated, 50u) << "the cases must include rejected steps";
}

/// AdEx with control yp and the after hook (spike detection and reset inside the step); `reuse`: the hook
/// reports whether it changed anything, so that our integrator may reuse the last derivative.
void run_adex(bool reuse, std::uint64_t seed) {
  rng g(seed);
  unsigned long repeated = 0, spikes = 0;
  for (int neuron = 0; neuron < 12; ++neuron) {
    adex f = adex::random(g);
    const double tol = neuron % 3 == 0 ? 1e-6 : uniform(g, 1e-8, 1e-3);
    const double dt = 0.1;
    auto& ref = gsl_odeiv_rkf45<6, ode_control::yp>::for_this_thread(tol, tol);
    rkf45<6, ode_control::yp> ours(tol, tol);
    double ya[6] = {uniform(g, -70, -50), 0, 0, 0, 0, uniform(g, 0, 100)}, yb[6];
    std::copy(ya, ya + 6, yb);
    double ha = 0.01, hb = 0.01, ra = 0, rb = 0;
    unsigned na = 0, nb = 0;
    auto hook = [&](double& r, unsigned& n) {
      return [&](double* v) {
        const double V = v[0], w = v[5], r0 = r;
        if (r > 0) {
          v[0] = f.V_reset;
        } else if (v[0] >= f.V_peak) {
          v[0] = f.V_reset;
          v[5] += f.b;
          r = 21;
          ++n;
        }
        return bits(V) != bits(v[0]) || bits(w) != bits(v[5]) || bits(r0) != bits(r);
      };
    };
    for (int step = 0; step < 1500; ++step) {
      adex fa = f, fb = f;
      fa.r = &ra;
      fb.r = &rb;
      ref.integrate_with(ya, ha, dt, fa, hook(ra, na));
      if (reuse) {
        ours.integrate_with(yb, hb, dt, fb, hook(rb, nb));
      } else {
        auto h = hook(rb, nb);
        ours.integrate_with(yb, hb, dt, fb, [&](double* v) { h(v); });
      }
      expect_same_vectors(ya, yb, 6, "y", step);
      ASSERT_EQ(bits(ha), bits(hb)) << "h at step " << step << " neuron " << neuron;
      ASSERT_EQ(bits(ra), bits(rb));
      if (ra > 0) ra = rb -= 1;
      if (uniform(g, 0, 1) < 0.3)
        ya[1] = yb[1] += uniform(g, 0, 1) < 0.05 ? uniform(g, 50, 500) * std::numbers::e : uniform(g, 0, 10);
      if (uniform(g, 0, 1) < 0.2) ya[3] = yb[3] += uniform(g, 0, 20) * std::numbers::e;
      if (step % 89 == 0) f.I_stim = uniform(g, -200, 1500);
    }
    EXPECT_EQ(na, nb);
    spikes += nb;
    repeated += ours.failed_steps();
  }
  EXPECT_GT(spikes, 100u) << "the cases must include spikes detected in the hook";
  EXPECT_GT(repeated, 50u) << "the cases must include rejected steps";
}

TEST(Rkf45, AdexWithControlYpAndAfterHookMatchesGsl) {
  run_adex(false, 2);
}
TEST(Rkf45, AdexReusingTheDerivativeWhenTheHookChangesNothingMatchesGsl) {
  run_adex(true, 3);
}

TEST(Rkf45, HodgkinHuxleyMatchesGslOverThousandsOfSteps) {
  rng g(4);
  unsigned long repeated = 0;
  for (int neuron = 0; neuron < 10; ++neuron) {
    hh f = hh::random(g);
    const double dt = neuron % 5 == 4 ? 0.5 : 0.1;
    auto& ref = gsl_odeiv_rkf45<8>::for_this_thread(1e-3, 0.0);
    rkf45<8> ours(1e-3, 0.0);
    double ya[8] = {
        uniform(g, -70, -60), uniform(g, 0, 0.1), uniform(g, 0.5, 0.7), uniform(g, 0.2, 0.4), 0, 0, 0, 0};
    double yb[8];
    std::copy(ya, ya + 8, yb);
    double ha = dt, hb = dt;
    for (int step = 0; step < 1500; ++step) {
      ref.integrate(ya, ha, dt, f);
      ours.integrate(yb, hb, dt, f);
      expect_same_vectors(ya, yb, 8, "y", step);
      ASSERT_EQ(bits(ha), bits(hb)) << "h at step " << step << " neuron " << neuron;
      if (uniform(g, 0, 1) < 0.2)
        ya[4] = yb[4] += uniform(g, 0, 1) < 0.05 ? uniform(g, 500, 5000) : uniform(g, 0, 300);
      if (uniform(g, 0, 1) < 0.2) ya[6] = yb[6] -= uniform(g, 0, 300);
      if (step % 101 == 0) f.I_stim = uniform(g, -100, 1000);
    }
    repeated += ours.failed_steps();
  }
  EXPECT_GT(repeated, 50u) << "the cases must include rejected steps";
}

TEST(Rkf45, RunTimeSizeMatchesGsl) {
  rng g(5);
  unsigned long repeated = 0;
  for (int neuron = 0; neuron < 12; ++neuron) {
    multi f;
    const std::size_t K = 1 + neuron % 5, n = 1 + 2 * K;
    for (std::size_t k = 0; k < K; ++k) {
      f.E_rev.push_back(uniform(g, -90, 10));
      f.tau.push_back(uniform(g, 0.1, 10));
    }
    const double rtol = neuron % 2 ? 1e-4 : 0.0;
    auto& ref = gsl_odeiv_rkf45<0>::for_this_thread(n, 1e-3, rtol);
    rkf45<0> ours(1e-3, rtol, n);
    auto& ref_yp = gsl_odeiv_rkf45<0, ode_control::yp>::for_this_thread(n, 1e-6, 1e-6);
    auto ours_yp = gsl_rkf45<0, ode_control::yp>::for_this_thread(n, 1e-6, 1e-6);
    std::vector<double> ya(n, 0.0), yb, yc, yd;
    ya[0] = uniform(g, -70, -60);
    yb = yc = yd = ya;
    double ha = 0.1, hb = 0.1, hc = 0.1, hd = 0.1;
    for (int step = 0; step < 1000; ++step) {
      ref.integrate(ya.data(), ha, 0.1, f);
      ours.integrate(yb.data(), hb, 0.1, f);
      ref_yp.integrate(yc.data(), hc, 0.1, f);
      ours_yp.integrate(yd.data(), hd, 0.1, f);
      expect_same_vectors(ya.data(), yb.data(), n, "y", step);
      expect_same_vectors(yc.data(), yd.data(), n, "y (control yp)", step);
      ASSERT_EQ(bits(ha), bits(hb)) << "h at step " << step;
      ASSERT_EQ(bits(hc), bits(hd)) << "h (control yp) at step " << step;
      const std::size_t k = std::uniform_int_distribution<std::size_t>(0, K - 1)(g);
      if (uniform(g, 0, 1) < 0.3) {
        const double kick = uniform(g, 0, 1) < 0.05 ? uniform(g, 100, 2000) : uniform(g, 0, 20);
        ya[1 + 2 * k] = yb[1 + 2 * k] += kick;
        yc[1 + 2 * k] = yd[1 + 2 * k] += kick;
      }
      if (step % 53 == 0) f.I_stim = uniform(g, -300, 600);
    }
    repeated += ours.failed_steps();
  }
  EXPECT_GT(repeated, 20u) << "the cases must include rejected steps";
}

// --- error returns --------------------------------------------------------------------------------------

namespace {
/// Decays, but reports failure (status 7) once y[0] drops below `fail_below` or after `calls_left` calls.
struct failing {
  double fail_below;
  mutable int calls_left;
  int operator()(double, const double* y, double* f) const {
    f[0] = -3.0 * y[0];
    f[1] = -y[1] / 0.7;
    if (--calls_left < 0 || y[0] < fail_below) return 7;
    return 0;
  }
};
}  // namespace

TEST(Rkf45, FailingRightHandSideGivesGslsStatusTimeAndStepSize) {
  for (int calls = 0; calls < 40; ++calls) {
    failing fa{-1.0, calls}, fb{-1.0, calls};
    gsl_odeiv_rkf45<2> ref(1e-3, 0.0);
    rkf45<2> ours(1e-3, 0.0);
    double ya[2] = {5.0, 3.0}, yb[2] = {5.0, 3.0};
    double ta = 0, tb = 0, ha = 2.0, hb = 2.0;
    int sa = 0, sb = 0;
    while (sa == 0 && ta < 1.0) {
      sa = ref.evolve_apply(ta, 1.0, ha, ya, fa);
      sb = ours.evolve_apply(tb, 1.0, hb, yb, fb);
      ASSERT_EQ(sa, sb) << "calls " << calls;
      EXPECT_SAME(ta, tb);
      EXPECT_SAME(ha, hb);
      expect_same_vectors(ya, yb, 2, "y", calls);
      EXPECT_EQ(ref.count(), ours.count());
      EXPECT_EQ(ref.failed_steps(), ours.failed_steps());
    }
    if (calls < 10) EXPECT_EQ(sa, 7);
  }
  // integrate throws ode_failure with the status where the GSL path does (a right-hand side that fails
  // beyond some state: integrate may reuse derivatives, so the rhs must be a function of (t, y))
  for (int k = 0; k < 60; ++k) {
    const double limit = 5.0 + 0.037 * k;
    auto f = [limit](double, const double* y, double* dy) {
      dy[0] = 4.0 + y[1];
      dy[1] = -y[1] / 0.7;
      return y[0] > limit ? 7 : 0;
    };
    double ya[2] = {5.0, 3.0}, yb[2] = {5.0, 3.0}, ha = 0.3, hb = 0.3;
    int sa = 0, sb = 0;
    try {
      gsl_odeiv_rkf45<2>::for_this_thread(1e-3, 0.0).integrate(ya, ha, 1.0, f);
    } catch (const ode_failure& e) {
      sa = e.status;
    }
    try {
      gsl_rkf45<2>::for_this_thread(1e-3, 0.0).integrate(yb, hb, 1.0, f);
    } catch (const ode_failure& e) {
      sb = e.status;
    }
    EXPECT_EQ(sa, 7) << limit;
    EXPECT_EQ(sa, sb) << limit;
    EXPECT_SAME(ha, hb);
    expect_same_vectors(ya, yb, 2, "y", k);
  }
}

TEST(Rkf45, NonFiniteStateThrowsAsGslPath) {
  // dV/dt = exp(V): blows up within the step; both paths end with ode_failure and the same status.
  auto blow = [](double, const double* y, double* f) {
    f[0] = std::exp(y[0]);
    return 0;
  };
  for (double V0 : {5.0, 50.0, 300.0, 700.0}) {
    double ya[1] = {V0}, yb[1] = {V0}, ha = 0.1, hb = 0.1;
    int sa = 0, sb = 0;
    try {
      gsl_odeiv_rkf45<1>::for_this_thread(1e-3, 0.0).integrate(ya, ha, 1.0, blow);
    } catch (const ode_failure& e) {
      sa = e.status;
    }
    try {
      gsl_rkf45<1>::for_this_thread(1e-3, 0.0).integrate(yb, hb, 1.0, blow);
    } catch (const ode_failure& e) {
      sb = e.status;
    }
    EXPECT_EQ(sa, sb) << V0;
    EXPECT_SAME(ha, hb);
    EXPECT_SAME(ya[0], yb[0]);
    if (V0 >= 300.0) EXPECT_NE(sb, 0) << V0;
  }
}
