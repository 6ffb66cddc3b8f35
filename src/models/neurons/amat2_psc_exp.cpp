#include "models/neurons/amat2_psc_exp.hpp"

#include <cmath>

#include "models/neurons/distinct_taus.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void amat2_psc_exp::validate(const prow<amat2_psc_exp>& p) {
  // NEST's order: tau_m against the others first, then tau_v against the synaptic time constants.
  check_taus_differ(name, "tau_syn_ex", p[P::tau_syn_ex], "tau_m", p[P::tau_m]);
  check_taus_differ(name, "tau_syn_in", p[P::tau_syn_in], "tau_m", p[P::tau_m]);
  check_taus_differ(name, "tau_v", p[P::tau_v], "tau_m", p[P::tau_m]);
  check_taus_differ(name, "tau_v", p[P::tau_v], "tau_syn_ex", p[P::tau_syn_ex]);
  check_taus_differ(name, "tau_v", p[P::tau_v], "tau_syn_in", p[P::tau_syn_in]);
}

namespace {

double sq(double x) {
  return x * x;
}

}  // namespace

amat2_psc_exp::derived amat2_psc_exp::prepare(const prow<amat2_psc_exp>& p, double h) {
  derived d{};
  const double c = p[P::C_m], beta = p[P::beta];
  const double tm = p[P::tau_m], tE = p[P::tau_syn_ex], tI = p[P::tau_syn_in], tV = p[P::tau_v];
  const double eE = std::exp(-h / tE), eI = std::exp(-h / tI), em = std::exp(-h / tm), eV = std::exp(-h / tV);
  d.P11 = eE;
  d.P22 = eI;
  d.P33 = em;
  d.P44 = std::exp(-h / p[P::tau_1]);
  d.P55 = std::exp(-h / p[P::tau_2]);
  d.P66 = eV;
  d.P77 = eV;
  d.P76 = eV * h;
  // Membrane: the response to a constant current and to each exponential current over one step.
  d.P30 = (tm - em * tm) / c;
  d.P31 = ((eE - em) * tE * tm) / (c * (tE - tm));
  d.P32 = ((eI - em) * tI * tm) / (c * (tI - tm));
  // Into V_th_dv (the kernel's first stage, driven by beta dV/dt), written in NEST's algebraic form.
  d.P60 = (beta * (em - eV) * tm * tV) / (c * (tm - tV));
  const auto p6x = [&](double ts, double es) {
    return (beta * ts * tm * tV * (eV * (-ts + tm) + em * (ts - tV) + es * (-tm + tV))) /
           (c * (ts - tm) * (ts - tV) * (tm - tV));
  };
  d.P61 = p6x(tE, eE);
  d.P62 = p6x(tI, eI);
  d.P63 = (beta * (-em + eV) * tV) / (tm - tV);
  // Into V_th_v (the kernel's second stage).
  d.P70 = (beta * tm * tV * (em * tm * tV - eV * (h * (tm - tV) + tm * tV))) / (c * sq(tm - tV));
  const auto p7x = [&](double ts, double es) {
    return (beta * ts * tm * tV *
            ((em * tm * sq(ts - tV) - es * ts * sq(tm - tV)) * tV -
             eV * (ts - tm) * (h * (ts - tV) * (tm - tV) + ts * tm * tV - tV * tV * tV))) /
           (c * (ts - tm) * sq(ts - tV) * sq(tm - tV));
  };
  d.P71 = p7x(tE, eE);
  d.P72 = p7x(tI, eI);
  d.P73 = (beta * tV * (-(em * tm * tV) + eV * (h * (tm - tV) + tm * tV))) / sq(tm - tV);
  d.E_L = p[P::E_L];
  d.I_e = p[P::I_e];
  d.omega = p[P::omega];
  d.alpha_1 = p[P::alpha_1];
  d.alpha_2 = p[P::alpha_2];
  d.refractory_steps = nest_refractory_steps(name, p[P::t_ref], h);
  return d;
}

void register_amat2_psc_exp(model_registry& reg) {
  add_neuron<amat2_psc_exp>(reg, unit::pA);
}

}  // namespace nestor::detail
