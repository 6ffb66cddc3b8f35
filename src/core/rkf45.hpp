#pragma once
// Our own adaptive Runge-Kutta-Fehlberg 4(5) integrator, written to give the same numbers, bit for bit,
// as GSL 2.7's gsl_odeiv API (gsl_odeiv_step_rkf45 + gsl_odeiv_control_standard + gsl_odeiv_evolve_apply)
// that NEST drives in its conductance-based, AdEx and HH models. Studied from GSL's source and checked
// against the machine code of Debian's libgsl 2.7.1; no GSL text is reused. What must agree with GSL:
//  - the stepper: the Fehlberg tableau as the quotients GSL writes (a correctly rounded division gives the
//    same double at compile time as in GSL's static tables), each stage as y + h * (sum of b_j k_j) summed
//    left to right (the first stage as y + (a_2 h) k_1), the stage times t + a_j h, the 5th order solution
//    y + h * (c1 k1 + c3 k3 + c4 k4 + c5 k5 + c6 k6), then the derivative at the end point f(t + h, y_new)
//    (on a failure there y is restored) and last the error estimate h * (e1 k1 + e3 k3 + ... + e6 k6);
//  - the standard control (eps_abs, eps_rel, a_y, a_dydt) with a_y = 1, a_dydt = 0 (control y) or
//    a_y = 0, a_dydt = 1 (control yp): bound D_i = eps_rel (a_y |y_i| + a_dydt |h y'_i|) + eps_abs,
//    rmax = max(DBL_MIN, |yerr_i| / |D_i|) where a NaN ratio is skipped; rmax > 1.1: h <- h max(0.2,
//    0.9 / rmax^(1/5)) and the step is to be repeated; rmax < 0.5: h <- h min(5, max(1, 0.9 / rmax^(1/6)));
//  - one evolve_apply call: dt = t1 - t, a step direction that contradicts dt is an error (EINVAL), y is
//    saved, f(t, y) is evaluated once for all tries, a step h > dt is clipped to dt and then ends exactly at
//    t1 (otherwise at t + h), a decrease of h repeats the step from the saved y unless the new h is not
//    smaller or no longer moves t (then the step stands with the old h), the new h is handed back; a
//    right-hand side that returns a non-zero status ends the call with that status (t and y restored, h
//    set to the failed step size).
// What we do differently, without changing any number: the state vectors are fixed-size arrays on the
// stack (N > 0) or one per-thread buffer (N = 0, size chosen at run time), the right-hand side is an
// inlined callable, and within integrate() the derivative at the end of an accepted step is reused as
// f(t, y) of the next step instead of being evaluated again (the same point: t + h of the step is the
// next step's t). This needs a right-hand side that is a pure function of (t, y) during one integrate()
// call. integrate_with() reuses it only when the after hook returns false ("nothing changed").
//
// Usage: rkf45<N, C>(atol, rtol[, n]).integrate(y, h, dt, rhs) with int rhs(double t, const double* y,
// double* dydt) (0 = success) covers [0, dt] with evolve_apply calls as NEST's update loops do, carrying
// the step size h; integrate_with(y, h, dt, rhs, after) calls after(y) after every accepted step.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "core/neuron_population.hpp"

namespace nestor::detail {

enum class ode_control { y, yp };

/// GSL's error codes that the integrator can report (gsl_errno.h).
namespace ode_status {
inline constexpr int success = 0;
inline constexpr int invalid = 4;       // GSL_EINVAL: step direction opposite to the interval
inline constexpr int bad_function = 9;  // GSL_EBADFUNC: the state is no longer finite
}  // namespace ode_status

namespace rkf45_tableau {
inline constexpr double a2 = 1.0 / 4.0, a3 = 3.0 / 8.0, a4 = 12.0 / 13.0, a5 = 1.0, a6 = 1.0 / 2.0;
inline constexpr double b31 = 3.0 / 32.0, b32 = 9.0 / 32.0;
inline constexpr double b41 = 1932.0 / 2197.0, b42 = -7200.0 / 2197.0, b43 = 7296.0 / 2197.0;
inline constexpr double b51 = 8341.0 / 4104.0, b52 = -32832.0 / 4104.0, b53 = 29440.0 / 4104.0,
                        b54 = -845.0 / 4104.0;
inline constexpr double b61 = -6080.0 / 20520.0, b62 = 41040.0 / 20520.0, b63 = -28352.0 / 20520.0,
                        b64 = 9295.0 / 20520.0, b65 = -5643.0 / 20520.0;
inline constexpr double c1 = 902880.0 / 7618050.0, c3 = 3953664.0 / 7618050.0, c4 = 3855735.0 / 7618050.0,
                        c5 = -1371249.0 / 7618050.0, c6 = 277020.0 / 7618050.0;
// differences of the 5th and 4th order weights: the error estimate
inline constexpr double e1 = 1.0 / 360.0, e3 = -128.0 / 4275.0, e4 = -2197.0 / 75240.0, e5 = 1.0 / 50.0,
                        e6 = 2.0 / 55.0;
inline constexpr unsigned order = 5;
}  // namespace rkf45_tableau

/// The working vectors of one integrator: y0 (saved state), ytmp, k1..k6, yerr, dydt_in, dydt_out.
template <std::size_t N>
struct rkf45_scratch {
  static constexpr std::size_t vectors = 11;
  std::array<double, vectors * N> buf;
  explicit rkf45_scratch(std::size_t) {}
  double* at(std::size_t v) { return buf.data() + v * N; }
};
template <>
struct rkf45_scratch<0> {
  static constexpr std::size_t vectors = 11;
  double* base;
  std::size_t n;
  explicit rkf45_scratch(std::size_t size) : n(size) {
    thread_local std::vector<double> buffer;
    if (buffer.size() < vectors * n) buffer.resize(vectors * n);
    base = buffer.data();
  }
  double* at(std::size_t v) { return base + v * n; }
};

template <std::size_t N, ode_control C = ode_control::y>
class rkf45 {
 public:
  rkf45(double atol, double rtol, std::size_t n = N) : n_(N > 0 ? N : n), eps_abs_(atol), eps_rel_(rtol) {}

  /// An integrator for systems of size N with these bounds (the name is kept from the GSL wrapper:
  /// nothing is shared between calls any more).
  static rkf45 for_this_thread(double atol, double rtol) requires(N > 0) { return rkf45(atol, rtol); }
  /// The same for systems of size n chosen at run time (N = 0).
  static rkf45 for_this_thread(std::size_t n, double atol, double rtol) requires(N == 0) {
    return rkf45(atol, rtol, n);
  }

  /// Advances y over [0, dt]; h is the node's integration step size, carried from step to step.
  /// Throws ode_failure when a step fails (GSL's status) or the state is no longer finite.
  template <class Rhs>
  void integrate(double* y, double& h, double dt, Rhs& rhs) {
    work w(n_);
    double t = 0.0;
    bool have_dydt = false;
    while (t < dt) {
      const int status = apply(w, t, dt, h, y, rhs, have_dydt);
      if (status != ode_status::success) throw ode_failure{status};
      have_dydt = true;  // f at the end of the accepted step is f(t, y) of the next one
    }
    for (std::size_t i = 0; i < n(); ++i)
      if (!std::isfinite(y[i])) throw ode_failure{ode_status::bad_function};
  }

  /// As integrate, calling after(y) after each accepted integration step (it may change y, e.g. reset
  /// the membrane potential, or throw ode_failure); the state must be finite after every step. If after
  /// returns bool, false promises that neither y nor the right-hand side changed (the derivative at the
  /// end of the step is then reused); with a void hook f(t, y) is evaluated anew for every step, as GSL.
  template <class Rhs, class After>
  void integrate_with(double* y, double& h, double dt, Rhs& rhs, After&& after) {
    work w(n_);
    double t = 0.0;
    bool have_dydt = false;
    while (t < dt) {
      const int status = apply(w, t, dt, h, y, rhs, have_dydt);
      if (status != ode_status::success) throw ode_failure{status};
      for (std::size_t i = 0; i < n(); ++i)
        if (!std::isfinite(y[i])) throw ode_failure{ode_status::bad_function};
      if constexpr (std::is_same_v<decltype(after(y)), bool>)
        have_dydt = !after(y);
      else
        after(y);
    }
  }

  /// One gsl_odeiv_evolve_apply call, for the verification tests: advances t towards t1 by one accepted
  /// step (or fails), with GSL's counts of steps tried and steps repeated.
  template <class Rhs>
  int evolve_apply(double& t, double t1, double& h, double* y, Rhs& rhs) {
    work w(n_);
    return apply(w, t, t1, h, y, rhs, false);
  }
  /// The control's hadjust (GSL_ODEIV_HADJ_DEC = -1, NIL = 0, INC = 1), for the verification tests.
  int hadjust(const double* y, const double* yerr, const double* dydt, double& h) const {
    return adjust(y, yerr, dydt, h);
  }
  unsigned long count() const { return count_; }
  unsigned long failed_steps() const { return failed_steps_; }

 private:
  struct work {
    rkf45_scratch<N> s;
    double *y0, *ytmp, *k2, *k3, *k4, *k5, *k6, *yerr, *din, *dout;
    explicit work(std::size_t n) : s(n) {
      y0 = s.at(0), ytmp = s.at(1), k2 = s.at(2), k3 = s.at(3), k4 = s.at(4), k5 = s.at(5);
      k6 = s.at(6), yerr = s.at(7), din = s.at(8), dout = s.at(9);
    }
  };

  std::size_t n() const {
    if constexpr (N > 0)
      return N;
    else
      return n_;
  }

  /// evolve_apply; with have_dydt, w.dout holds f(t, y) from the previous accepted step.
  template <class Rhs>
  int apply(work& w, double& t, double t1, double& h, double* y, Rhs& rhs, bool have_dydt) {
    const double t0 = t;
    double h0 = h;
    const double dt = t1 - t0;
    if ((dt < 0.0 && h0 > 0.0) || (dt > 0.0 && h0 < 0.0)) return ode_status::invalid;
    const std::size_t m = n();
    std::memcpy(w.y0, y, m * sizeof(double));
    if (have_dydt) {
      std::swap(w.din, w.dout);
    } else if (const int status = rhs(t0, static_cast<const double*>(y), w.din); status != 0) {
      return status;
    }
    for (;;) {
      bool final_step = false;
      if ((dt >= 0.0 && h0 > dt) || (dt < 0.0 && h0 < dt)) {
        h0 = dt;
        final_step = true;
      }
      if (const int status = step(w, t0, h0, y, rhs); status != 0) {
        h = h0;
        t = t0;
        return status;
      }
      ++count_;
      t = final_step ? t1 : t0 + h0;
      const double h_old = h0;
      if (adjust(y, w.yerr, w.dout, h0) < 0) {
        const double t_next = t + h0;
        if (std::fabs(h0) < std::fabs(h_old) && t_next != t) {
          std::memcpy(y, w.y0, m * sizeof(double));  // repeat the step with the smaller h
          ++failed_steps_;
          continue;
        }
        h0 = h_old;
      }
      h = h0;
      return ode_status::success;
    }
  }

  /// One Fehlberg step of size h from (t, y) with k1 = w.din; y becomes the 5th order solution, w.dout
  /// f at the end point and w.yerr the error estimate. On a failure y is as before the step.
  template <class Rhs>
  int step(work& w, double t, double h, double* y, Rhs& rhs) {
    using namespace rkf45_tableau;
    const std::size_t m = n();
    const double* k1 = w.din;
    double *k2 = w.k2, *k3 = w.k3, *k4 = w.k4, *k5 = w.k5, *k6 = w.k6, *yt = w.ytmp;
    const double a2h = a2 * h;
    for (std::size_t i = 0; i < m; ++i) yt[i] = y[i] + a2h * k1[i];
    if (const int s = rhs(t + a2h, static_cast<const double*>(yt), k2); s != 0) return s;
    for (std::size_t i = 0; i < m; ++i) yt[i] = y[i] + h * (b31 * k1[i] + b32 * k2[i]);
    if (const int s = rhs(t + a3 * h, static_cast<const double*>(yt), k3); s != 0) return s;
    for (std::size_t i = 0; i < m; ++i) yt[i] = y[i] + h * (b41 * k1[i] + b42 * k2[i] + b43 * k3[i]);
    if (const int s = rhs(t + a4 * h, static_cast<const double*>(yt), k4); s != 0) return s;
    for (std::size_t i = 0; i < m; ++i)
      yt[i] = y[i] + h * (b51 * k1[i] + b52 * k2[i] + b53 * k3[i] + b54 * k4[i]);
    const double t_end = t + a5 * h;
    if (const int s = rhs(t_end, static_cast<const double*>(yt), k5); s != 0) return s;
    for (std::size_t i = 0; i < m; ++i)
      yt[i] = y[i] + h * (b61 * k1[i] + b62 * k2[i] + b63 * k3[i] + b64 * k4[i] + b65 * k5[i]);
    if (const int s = rhs(t + a6 * h, static_cast<const double*>(yt), k6); s != 0) return s;
    for (std::size_t i = 0; i < m; ++i)
      y[i] += h * (c1 * k1[i] + c3 * k3[i] + c4 * k4[i] + c5 * k5[i] + c6 * k6[i]);
    if (const int s = rhs(t_end, static_cast<const double*>(y), w.dout); s != 0) {
      std::memcpy(y, w.y0, m * sizeof(double));
      return s;
    }
    for (std::size_t i = 0; i < m; ++i)
      w.yerr[i] = h * (e1 * k1[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i]);
    return 0;
  }

  /// The standard control's hadjust: -1 = decrease (h changed), 0 = keep, 1 = increase (h maybe changed).
  int adjust(const double* y, const double* yerr, const double* yp, double& h) const {
    constexpr double a_y = C == ode_control::y ? 1.0 : 0.0;
    constexpr double a_dydt = C == ode_control::y ? 0.0 : 1.0;
    constexpr double S = 0.9;
    const double h_old = h;
    double rmax = std::numeric_limits<double>::min();
    for (std::size_t i = 0; i < n(); ++i) {
      const double D0 = eps_rel_ * (a_y * std::fabs(y[i]) + a_dydt * std::fabs(h_old * yp[i])) + eps_abs_;
      const double r = std::fabs(yerr[i]) / std::fabs(D0);
      rmax = r > rmax ? r : rmax;  // a NaN ratio is skipped
    }
    // Far from the bounds of the factors the outcome is known without pow(): 0.9 / rmax^(1/6) > 5 for
    // rmax < (0.9 / 5)^6 and 0.9 / rmax^(1/5) < 0.2 for rmax > (0.9 / 0.2)^5; the margin of 1e-6 is far
    // beyond pow's error (< 1 ulp) and the rounding of the quotient, so the branch taken is GSL's.
    static_assert(rkf45_tableau::order == 5);
    constexpr double five_fold = 0.18 * 0.18 * 0.18 * 0.18 * 0.18 * 0.18 * (1.0 - 1e-6);
    constexpr double fifth = 4.5 * 4.5 * 4.5 * 4.5 * 4.5 * (1.0 + 1e-6);
    if (rmax > 1.1) {
      if (rmax > fifth) {
        h = 0.2 * h_old;
        return -1;
      }
      double r = S / std::pow(rmax, 1.0 / double(rkf45_tableau::order));
      r = 0.2 > r ? 0.2 : r;
      h = r * h_old;
      return -1;
    }
    if (rmax < 0.5) {
      if (rmax < five_fold) {
        h = 5.0 * h_old;
        return 1;
      }
      const double r = S / std::pow(rmax, 1.0 / (double(rkf45_tableau::order) + 1.0));
      if (r > 5.0)
        h = 5.0 * h_old;
      else if (r < 1.0)
        h = h_old;
      else
        h = r * h_old;
      return 1;
    }
    return 0;
  }

  std::size_t n_;
  double eps_abs_, eps_rel_;
  unsigned long count_ = 0, failed_steps_ = 0;
};

}  // namespace nestor::detail
