#include "models/neurons/hh_psc_alpha_gap.hpp"

#include <numbers>

#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void hh_psc_alpha_gap::validate_state(const prow<hh_psc_alpha_gap>&, const std::array<double, S::n>& s) {
  hh_check_gates<hh_psc_alpha_gap>(s, {S::Act_m, S::Inact_h, S::Act_n, S::Inact_p});
}

hh_psc_alpha_gap::derived hh_psc_alpha_gap::prepare(const prow<hh_psc_alpha_gap>& p, double dt) {
  derived d{};
  d.g_Na = p[P::g_Na];
  d.g_Kv1 = p[P::g_Kv1];
  d.g_Kv3 = p[P::g_Kv3];
  d.g_L = p[P::g_L];
  d.C_m = p[P::C_m];
  d.E_Na = p[P::E_Na];
  d.E_K = p[P::E_K];
  d.E_L = p[P::E_L];
  d.tau_syn_ex = p[P::tau_syn_ex];
  d.tau_syn_in = p[P::tau_syn_in];
  d.I_e = p[P::I_e];
  d.dt = dt;
  d.psc_init_ex = std::numbers::e / p[P::tau_syn_ex];
  d.psc_init_in = std::numbers::e / p[P::tau_syn_in];
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], dt));
  return d;
}

void register_hh_psc_alpha_gap(model_registry& reg) {
  add_neuron<hh_psc_alpha_gap>(reg, unit::pA);
}

}  // namespace nestor::detail
