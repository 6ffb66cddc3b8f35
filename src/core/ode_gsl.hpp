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
// N = 0: the system size is chosen at run time (multisynapse models: 2 states per receptor port);
// gsl_rkf45<0, C>::for_this_thread(n, atol, rtol) gives this thread's scratch objects for size n.

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv.h>

#include <cmath>
#include <cstddef>
#include <map>
#include <memory>

#include "core/neuron_population.hpp"

namespace nestor::detail {

enum class ode_control { y, yp };

template <std::size_t N, ode_control C = ode_control::y>
class gsl_rkf45 {
 public:
  gsl_rkf45(double atol, double rtol, std::size_t n = N)
      : n_(n),
        handler_off_(gsl_set_error_handler_off()),  // GSL would abort the process on an error
        step_(gsl_odeiv_step_alloc(gsl_odeiv_step_rkf45, n)),
        control_(C == ode_control::y ? gsl_odeiv_control_y_new(atol, rtol)
                                     : gsl_odeiv_control_yp_new(atol, rtol)),
        evolve_(gsl_odeiv_evolve_alloc(n)) {}
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

  /// The scratch objects of this thread for systems of size N with these bounds.
  static gsl_rkf45& for_this_thread(double atol, double rtol) requires(N > 0) {
    thread_local gsl_rkf45 ws(atol, rtol);
    return ws.with_bounds(atol, rtol);
  }
  /// The scratch objects of this thread for systems of size n (N = 0) with these bounds.
  static gsl_rkf45& for_this_thread(std::size_t n, double atol, double rtol) requires(N == 0) {
    thread_local std::map<std::size_t, std::unique_ptr<gsl_rkf45>> by_size;
    auto& ws = by_size[n];
    if (!ws) ws = std::make_unique<gsl_rkf45>(atol, rtol, n);
    return ws->with_bounds(atol, rtol);
  }

 private:
  gsl_rkf45& with_bounds(double atol, double rtol) {
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
