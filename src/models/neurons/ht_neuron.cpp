#include "models/neurons/ht_neuron.hpp"

#include <string>

#include "models/neurons/cond_beta_dynamics.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

namespace {

/// The parameters of the receptors AMPA, NMDA, GABA_A, GABA_B (ports 1-4, state pairs dg_X, g_X).
struct receptor_params {
  int g_peak, tau_rise, tau_decay;
};
using P = ht_neuron::P;
constexpr receptor_params receptors[4] = {{P::g_peak_AMPA, P::tau_rise_AMPA, P::tau_decay_AMPA},
                                          {P::g_peak_NMDA, P::tau_rise_NMDA, P::tau_decay_NMDA},
                                          {P::g_peak_GABA_A, P::tau_rise_GABA_A, P::tau_decay_GABA_A},
                                          {P::g_peak_GABA_B, P::tau_rise_GABA_B, P::tau_decay_GABA_B}};

/// NEST's rule "a < b required" for two time constants of the model.
void check_smaller(const prow<ht_neuron>& p, int a, int b) {
  if (!(p[a] < p[b]))
    throw bad_value(std::string(ht_neuron::name) + " parameter " + std::string(ht_neuron::params[a].name) +
                    " = " + format_number(p[a]) + " ms: expected a value smaller than " +
                    std::string(ht_neuron::params[b].name) + " = " + format_number(p[b]) + " ms");
}

}  // namespace

void ht_neuron::validate(const prow<ht_neuron>& p) {
  check_smaller(p, P::tau_rise_AMPA, P::tau_decay_AMPA);
  check_smaller(p, P::tau_rise_GABA_A, P::tau_decay_GABA_A);
  check_smaller(p, P::tau_rise_GABA_B, P::tau_decay_GABA_B);
  check_smaller(p, P::tau_rise_NMDA, P::tau_decay_NMDA);
  check_smaller(p, P::tau_Mg_fast_NMDA, P::tau_Mg_slow_NMDA);
}

ht_neuron::derived ht_neuron::prepare(const prow<ht_neuron>& p, double dt) {
  derived d{};
  d.p = p;
  for (int c = 0; c < 4; ++c) {
    const receptor_params& r = receptors[c];
    d.cond_step[std::size_t(c)] = p[r.g_peak] * beta_peak_normalisation(p[r.tau_rise], p[r.tau_decay]);
  }
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  d.dt = dt;
  d.instant_unblock = p[P::instant_unblock_NMDA] != 0.0;
  d.clamp = p[P::voltage_clamp] != 0.0;
  return d;
}

int ht_neuron::rhs::operator()(double, const double* y, double* f) {
  const auto& p = d.p;
  const double V = d.clamp ? V_clamp : y[S::V_m];

  // NMDA: the unblock variables may not exceed their steady state (instantaneous block); the state
  // itself is cut only after each accepted integration step.
  const double m_eq = m_eq_NMDA(d, V);
  const double m_fast = std::min(m_eq, y[S::m_fast_NMDA]);
  const double m_slow = std::min(m_eq, y[S::m_slow_NMDA]);
  const double m = m_NMDA(d, V, m_eq, m_fast, m_slow);

  const double I_syn = -y[S::g_AMPA] * (V - p[P::E_rev_AMPA]) - y[S::g_NMDA_tc] * m * (V - p[P::E_rev_NMDA]) -
                       y[S::g_GABA_A] * (V - p[P::E_rev_GABA_A]) - y[S::g_GABA_B] * (V - p[P::E_rev_GABA_B]);
  const double I_spike = refractory ? -(V - p[P::E_K]) / p[P::tau_spike] : 0.0;
  const double I_Na = -p[P::g_NaL] * (V - p[P::E_Na]);
  const double I_K = -p[P::g_KL] * (V - p[P::E_K]);

  // Intrinsic currents (Hill & Tononi 2005; I_NaP activation after Compte et al. 2003).
  const double m_inf_NaP = 1.0 / (1.0 + std::exp(-(V - -55.7) / 7.7));
  I_NaP = -p[P::g_peak_NaP] * std::pow(m_inf_NaP, p[P::N_NaP]) * (V - p[P::E_rev_NaP]);
  const double m_inf_KNa = 1.0 / (1.0 + std::pow(0.25 / y[S::D_IKNa], 3.5));
  I_KNa = -p[P::g_peak_KNa] * m_inf_KNa * (V - p[P::E_rev_KNa]);
  I_T = -p[P::g_peak_T] * std::pow(y[S::m_IT], p[P::N_T]) * y[S::h_IT] * (V - p[P::E_rev_T]);
  I_h = -p[P::g_peak_h] * y[S::m_Ih] * (V - p[P::E_rev_h]);

  f[S::V_m] = (I_Na + I_K + I_syn + I_NaP + I_KNa + I_T + I_h + I_stim) / p[P::tau_m] + I_spike;
  f[S::theta] = -(y[S::theta] - p[P::theta_eq]) / p[P::tau_theta];

  for (int c = 0; c < 4; ++c) {
    const int dg = S::dg_AMPA + 2 * c;
    f[dg] = -y[dg] / p[receptors[c].tau_rise];
    f[dg + 1] = y[dg] - y[dg + 1] / p[receptors[c].tau_decay];
  }
  f[S::m_fast_NMDA] = (m_eq - m_fast) / p[P::tau_Mg_fast_NMDA];
  f[S::m_slow_NMDA] = (m_eq - m_slow) / p[P::tau_Mg_slow_NMDA];

  const double D_influx = 0.025 / (1.0 + std::exp(-(V - -10.0) / 5.0));
  f[S::D_IKNa] = (p[P::tau_D_KNa] * D_influx + 0.001 - y[S::D_IKNa]) / p[P::tau_D_KNa];

  const double tau_m_T = 0.22 / (std::exp(-(V + 132.0) / 16.7) + std::exp((V + 16.8) / 18.2)) + 0.13;
  const double tau_h_T =
      8.2 + (56.6 + 0.27 * std::exp((V + 115.2) / 5.0)) / (1.0 + std::exp((V + 86.0) / 3.2));
  const double m_eq_T = 1.0 / (1.0 + std::exp(-(V + 59.0) / 6.2));
  const double h_eq_T = 1.0 / (1.0 + std::exp((V + 83.0) / 4));
  f[S::m_IT] = (m_eq_T - y[S::m_IT]) / tau_m_T;
  f[S::h_IT] = (h_eq_T - y[S::h_IT]) / tau_h_T;

  const double tau_m_h = 1.0 / (std::exp(-14.59 - 0.086 * V) + std::exp(-1.87 + 0.0701 * V));
  const double m_eq_h = 1.0 / (1.0 + std::exp((V - -75.0) / 5.5));
  f[S::m_Ih] = (m_eq_h - y[S::m_Ih]) / tau_m_h;
  return 0;
}

void register_ht_neuron(model_registry& reg) {
  add_neuron<ht_neuron>(reg, unit::none);
}

}  // namespace nestor::detail
