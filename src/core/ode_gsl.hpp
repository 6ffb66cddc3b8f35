#pragma once
// Adaptive Runge-Kutta-Fehlberg 4(5) integration of a model's ODEs over one time step, giving exactly
// the numbers of GSL's gsl_odeiv stepper, control and evolve objects as NEST 3.9 drives them
// (models/*_cond_*.cpp, aeif_*, hh_*): the step [0, dt] is covered by evolve_apply calls, each node
// keeping its own integration step size between steps, absolute error bound `atol` and relative bound
// `rtol`. The integrator is our own (core/rkf45.hpp, verified bit for bit against GSL by
// tests/unit/core/test_rkf45.cpp; GSL's path is core/ode_gsl_reference.hpp, used only there).
// Interface: gsl_rkf45<N, C>::for_this_thread(atol, rtol).integrate(y, h, dt, rhs) with rhs(t, y, dydt)
// a callable returning 0 on success (a pure function of t and y during the call).
//
// Error control: ode_control::y is GSL's gsl_odeiv_control_y_new(atol, rtol) (bound atol + rtol |y|);
// ode_control::yp is gsl_odeiv_control_yp_new(atol, rtol) (bound atol + rtol h |dy/dt|), which NEST's
// aeif models use with atol = rtol = gsl_error_tol. integrate_with(y, h, dt, rhs, after) calls
// after(y) once after every accepted integration step (NEST's aeif models detect spikes there).
// N = 0: the system size is chosen at run time (multisynapse models: 2 states per receptor port);
// gsl_rkf45<0, C>::for_this_thread(n, atol, rtol) gives an integrator for size n.
// A failing step (a right-hand side status) or a state that is no longer finite throws ode_failure
// with GSL's status code.

#include <gsl/gsl_errno.h>

#include "core/rkf45.hpp"

namespace nestor::detail {

static_assert(ode_status::invalid == GSL_EINVAL && ode_status::bad_function == GSL_EBADFUNC);

template <std::size_t N, ode_control C = ode_control::y>
using gsl_rkf45 = rkf45<N, C>;

}  // namespace nestor::detail
