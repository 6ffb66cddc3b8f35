#include "models/neurons/hh_cond_beta_gap_traub.hpp"

#include "models/neurons/cond_beta_dynamics.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void hh_cond_beta_gap_traub::validate_state(const prow<hh_cond_beta_gap_traub>&,
                                            const std::array<double, S::n>& s) {
  hh_check_gates<hh_cond_beta_gap_traub>(s, {S::Act_m, S::Inact_h, S::Act_n});
}

hh_cond_beta_gap_traub::derived hh_cond_beta_gap_traub::prepare(const prow<hh_cond_beta_gap_traub>& p,
                                                                double dt) {
  derived d{};
  d.g_Na = p[P::g_Na];
  d.g_K = p[P::g_K];
  d.g_L = p[P::g_L];
  d.C_m = p[P::C_m];
  d.E_Na = p[P::E_Na];
  d.E_K = p[P::E_K];
  d.E_L = p[P::E_L];
  d.V_T = p[P::V_T];
  d.E_ex = p[P::E_ex];
  d.E_in = p[P::E_in];
  d.I_e = p[P::I_e];
  d.dt = dt;
  d.tau_rise_ex = p[P::tau_rise_ex];
  d.tau_decay_ex = p[P::tau_decay_ex];
  d.tau_rise_in = p[P::tau_rise_in];
  d.tau_decay_in = p[P::tau_decay_in];
  d.init_ex = beta_peak_normalisation(p[P::tau_rise_ex], p[P::tau_decay_ex]);
  d.init_in = beta_peak_normalisation(p[P::tau_rise_in], p[P::tau_decay_in]);
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  return d;
}

void register_hh_cond_beta_gap_traub(model_registry& reg) {
  add_neuron<hh_cond_beta_gap_traub>(reg, unit::nS);
}

}  // namespace nestor::detail
