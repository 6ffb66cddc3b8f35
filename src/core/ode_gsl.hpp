#pragma once
// Adaptive Runge-Kutta-Fehlberg 4(5) integration of a model's ODEs over one time step, with GSL's
// gsl_odeiv stepper, control and evolve objects exactly as NEST 3.9 drives them (models/*_cond_*.cpp,
// aeif_*, hh_*): the step [0, dt] is covered by gsl_odeiv_evolve_apply calls, each node keeping its own
// integration step size between steps (so that the numbers agree with NEST's), absolute error bound
// `atol` and relative bound `rtol` on y. The GSL objects are scratch space: one set per thread and
// system size. This is the integrator interface a vectorised solver could later take over:
// integrate(y, h, dt, rhs) with rhs(t, y, dydt) a callable.
//
// Error control: ode_control::y is GSL's gsl_odeiv_control_y_new(atol, rtol) (bound atol + rtol |y|);
// ode_control::yp is gsl_odeiv_control_yp_new(atol, rtol) (bound atol + rtol h |dy/dt|), which NEST's
// aeif models use with atol = rtol = gsl_error_tol. integrate_with(y, h, dt, rhs, after) calls
// after(y) once after every accepted integration step (NEST's aeif models detect spikes there).

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

#include "core/neuron_population.hpp"

namespace nestor::detail {

enum class ode_control { y, yp };

template <std::size_t N, ode_control C = ode_control::y>
class gsl_rkf45 {
 public:
  gsl_rkf45(double atol, double rtol)
      : handler_off_(gsl_set_error_handler_off()),  // GSL would abort the process on an error
        step_(gsl_odeiv_step_alloc(gsl_odeiv_step_rkf45, N)),
        control_(C == ode_control::y ? gsl_odeiv_control_y_new(atol, rtol)
                                     : gsl_odeiv_control_yp_new(atol, rtol)),
        evolve_(gsl_odeiv_evolve_alloc(N)) {}
  ~gsl_rkf45() {
    gsl_odeiv_evolve_free(evolve_);
    gsl_odeiv_control_free(control_);
    gsl_odeiv_step_free(step_);
  }
  gsl_rkf45(const gsl_rkf45&) = delete;
  gsl_rkf45& operator=(const gsl_rkf45&) = delete;

  /// Advances y over [0, dt]; h is the node's integration step size, carried from step to step.
  /// Throws ode_failure when GSL reports an error or the state is no longer finite.
  template <class Rhs>
  void integrate(double* y, double& h, double dt, Rhs& rhs) {
    gsl_odeiv_system sys{&trampoline<Rhs>, nullptr, N, &rhs};
    double t = 0.0;
    while (t < dt) {
      const int status = gsl_odeiv_evolve_apply(evolve_, control_, step_, &sys, &t, dt, &h, y);
      if (status != GSL_SUCCESS) throw ode_failure{status};
    }
    for (std::size_t k = 0; k < N; ++k)
      if (!std::isfinite(y[k])) throw ode_failure{GSL_EBADFUNC};
  }

  /// As integrate, calling after(y) after each accepted integration step (it may change y, e.g. reset
  /// the membrane potential, or throw ode_failure); the state must be finite after every step.
  template <class Rhs, class After>
  void integrate_with(double* y, double& h, double dt, Rhs& rhs, After&& after) {
    gsl_odeiv_system sys{&trampoline<Rhs>, nullptr, N, &rhs};
    double t = 0.0;
    while (t < dt) {
      const int status = gsl_odeiv_evolve_apply(evolve_, control_, step_, &sys, &t, dt, &h, y);
      if (status != GSL_SUCCESS) throw ode_failure{status};
      for (std::size_t k = 0; k < N; ++k)
        if (!std::isfinite(y[k])) throw ode_failure{GSL_EBADFUNC};
      after(y);
    }
  }

  /// The scratch objects of this thread for systems of size N with these bounds.
  static gsl_rkf45& for_this_thread(double atol, double rtol) {
    thread_local gsl_rkf45 ws(atol, rtol);
    if (ws.atol_ != atol || ws.rtol_ != rtol) {
      if (C == ode_control::y)
        gsl_odeiv_control_init(ws.control_, atol, rtol, 1.0, 0.0);
      else
        gsl_odeiv_control_init(ws.control_, atol, rtol, 0.0, 1.0);
      ws.atol_ = atol;
      ws.rtol_ = rtol;
    }
    return ws;
  }

 private:
  template <class Rhs>
  static int trampoline(double t, const double y[], double f[], void* p) {
    return (*static_cast<Rhs*>(p))(t, y, f);
  }
  gsl_error_handler_t* handler_off_;
  gsl_odeiv_step* step_;
  gsl_odeiv_control* control_;
  gsl_odeiv_evolve* evolve_;
  double atol_ = -1.0, rtol_ = -1.0;
};

/// As gsl_rkf45 (control y) for a system whose size is known only at run time (a model with one set of
/// equations per receptor port, e.g. glif_cond): the scratch objects are kept per thread and size.
class gsl_rkf45_sized {
 public:
  gsl_rkf45_sized(std::size_t n, double atol, double rtol)
      : n_(n),
        handler_off_(gsl_set_error_handler_off()),
        step_(gsl_odeiv_step_alloc(gsl_odeiv_step_rkf45, n)),
        control_(gsl_odeiv_control_y_new(atol, rtol)),
        evolve_(gsl_odeiv_evolve_alloc(n)),
        atol_(atol),
        rtol_(rtol) {}
  ~gsl_rkf45_sized() {
    gsl_odeiv_evolve_free(evolve_);
    gsl_odeiv_control_free(control_);
    gsl_odeiv_step_free(step_);
  }
  gsl_rkf45_sized(const gsl_rkf45_sized&) = delete;
  gsl_rkf45_sized& operator=(const gsl_rkf45_sized&) = delete;

  /// Advances y (n values) over [0, dt]; h is the node's integration step size, as gsl_rkf45::integrate.
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

  /// The scratch objects of this thread for systems of size n with these bounds.
  static gsl_rkf45_sized& for_this_thread(std::size_t n, double atol, double rtol) {
    thread_local std::vector<std::unique_ptr<gsl_rkf45_sized>> by_size;
    if (by_size.size() <= n) by_size.resize(n + 1);
    auto& ws = by_size[n];
    if (!ws) ws = std::make_unique<gsl_rkf45_sized>(n, atol, rtol);
    if (ws->atol_ != atol || ws->rtol_ != rtol) {
      gsl_odeiv_control_init(ws->control_, atol, rtol, 1.0, 0.0);
      ws->atol_ = atol;
      ws->rtol_ = rtol;
    }
    return *ws;
  }

 private:
  template <class Rhs>
  static int trampoline(double t, const double y[], double f[], void* p) {
    return (*static_cast<Rhs*>(p))(t, y, f);
  }
  std::size_t n_;
  gsl_error_handler_t* handler_off_;
  gsl_odeiv_step* step_;
  gsl_odeiv_control* control_;
  gsl_odeiv_evolve* evolve_;
  double atol_, rtol_;
};

}  // namespace nestor::detail
