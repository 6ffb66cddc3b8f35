#pragma once
// GSL's own gsl_odeiv RKF45 (stepper, standard control, evolve_apply) driven exactly as NEST 3.9 drives
// it: the reference that core/rkf45.hpp must reproduce bit for bit (tests/unit/core/test_rkf45.cpp).
// The models use core/ode_gsl.hpp (our integrator); this class is kept only for that verification and
// has the same interface: gsl_odeiv_rkf45<N, C>::for_this_thread(atol, rtol).integrate(y, h, dt, rhs),
// integrate_with(y, h, dt, rhs, after); N = 0 for a size chosen at run time.

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv.h>

#include <cmath>
#include <cstddef>
#include <map>
#include <memory>

#include "core/neuron_population.hpp"
#include "core/rkf45.hpp"

namespace nestor::detail {

template <std::size_t N, ode_control C = ode_control::y>
class gsl_odeiv_rkf45 {
 public:
  gsl_odeiv_rkf45(double atol, double rtol, std::size_t n = N)
      : n_(n),
        handler_off_(gsl_set_error_handler_off()),  // GSL would abort the process on an error
        step_(gsl_odeiv_step_alloc(gsl_odeiv_step_rkf45, n)),
        control_(C == ode_control::y ? gsl_odeiv_control_y_new(atol, rtol)
                                     : gsl_odeiv_control_yp_new(atol, rtol)),
        evolve_(gsl_odeiv_evolve_alloc(n)) {}
  ~gsl_odeiv_rkf45() {
    gsl_odeiv_evolve_free(evolve_);
    gsl_odeiv_control_free(control_);
    gsl_odeiv_step_free(step_);
  }
  gsl_odeiv_rkf45(const gsl_odeiv_rkf45&) = delete;
  gsl_odeiv_rkf45& operator=(const gsl_odeiv_rkf45&) = delete;

  /// Advances y over [0, dt]; h is the node's integration step size, carried from step to step.
  /// Throws ode_failure when GSL reports an error or the state is no longer finite.
  template <class Rhs>
  void integrate(double* y, double& h, double dt, Rhs& rhs) {
    gsl_odeiv_system sys{&trampoline<Rhs>, nullptr, n_, &rhs};
    double t = 0.0;
    while (t < dt) {
      const int status = gsl_odeiv_evolve_apply(evolve_, control_, step_, &sys, &t, dt, &h, y);
      if (status != GSL_SUCCESS) throw ode_failure{status};
    }
    for (std::size_t k = 0; k < n_; ++k)
      if (!std::isfinite(y[k])) throw ode_failure{GSL_EBADFUNC};
  }

  /// As integrate, calling after(y) after each accepted integration step (it may change y, e.g. reset
  /// the membrane potential, or throw ode_failure); the state must be finite after every step.
  template <class Rhs, class After>
  void integrate_with(double* y, double& h, double dt, Rhs& rhs, After&& after) {
    gsl_odeiv_system sys{&trampoline<Rhs>, nullptr, n_, &rhs};
    double t = 0.0;
    while (t < dt) {
      const int status = gsl_odeiv_evolve_apply(evolve_, control_, step_, &sys, &t, dt, &h, y);
      if (status != GSL_SUCCESS) throw ode_failure{status};
      for (std::size_t k = 0; k < n_; ++k)
        if (!std::isfinite(y[k])) throw ode_failure{GSL_EBADFUNC};
      after(y);
    }
  }

  /// One gsl_odeiv_evolve_apply call and GSL's counts of steps tried and repeated (for the tests).
  template <class Rhs>
  int evolve_apply(double& t, double t1, double& h, double* y, Rhs& rhs) {
    gsl_odeiv_system sys{&trampoline<Rhs>, nullptr, n_, &rhs};
    return gsl_odeiv_evolve_apply(evolve_, control_, step_, &sys, &t, t1, &h, y);
  }
  unsigned long count() const { return evolve_->count; }
  unsigned long failed_steps() const { return evolve_->failed_steps; }

  /// The scratch objects of this thread for systems of size N with these bounds.
  static gsl_odeiv_rkf45& for_this_thread(double atol, double rtol) requires(N > 0) {
    thread_local gsl_odeiv_rkf45 ws(atol, rtol);
    return ws.with_bounds(atol, rtol);
  }
  /// The scratch objects of this thread for systems of size n (N = 0) with these bounds.
  static gsl_odeiv_rkf45& for_this_thread(std::size_t n, double atol, double rtol) requires(N == 0) {
    thread_local std::map<std::size_t, std::unique_ptr<gsl_odeiv_rkf45>> by_size;
    auto& ws = by_size[n];
    if (!ws) ws = std::make_unique<gsl_odeiv_rkf45>(atol, rtol, n);
    return ws->with_bounds(atol, rtol);
  }

 private:
  gsl_odeiv_rkf45& with_bounds(double atol, double rtol) {
    if (atol_ != atol || rtol_ != rtol) {
      if (C == ode_control::y)
        gsl_odeiv_control_init(control_, atol, rtol, 1.0, 0.0);
      else
        gsl_odeiv_control_init(control_, atol, rtol, 0.0, 1.0);
      atol_ = atol;
      rtol_ = rtol;
    }
    return *this;
  }
  template <class Rhs>
  static int trampoline(double t, const double y[], double f[], void* p) {
    return (*static_cast<Rhs*>(p))(t, y, f);
  }
  std::size_t n_;
  gsl_error_handler_t* handler_off_;
  gsl_odeiv_step* step_;
  gsl_odeiv_control* control_;
  gsl_odeiv_evolve* evolve_;
  double atol_ = -1.0, rtol_ = -1.0;
};

}  // namespace nestor::detail
