#include "models/neurons/iaf_chxk_2008.hpp"

#include <numbers>

#include "models/registration.hpp"

namespace nestor::detail {

iaf_chxk_2008::derived iaf_chxk_2008::prepare(const prow<iaf_chxk_2008>& p, double dt) {
  derived d{};
  d.V_th = p[P::V_th];
  d.g_L = p[P::g_L];
  d.C_m = p[P::C_m];
  d.E_ex = p[P::E_ex];
  d.E_in = p[P::E_in];
  d.E_L = p[P::E_L];
  d.tau_syn_ex = p[P::tau_syn_ex];
  d.tau_syn_in = p[P::tau_syn_in];
  d.I_e = p[P::I_e];
  d.tau_ahp = p[P::tau_ahp];
  d.E_ahp = p[P::E_ahp];
  d.dt = dt;
  d.init_ex = 1.0 * std::numbers::e / p[P::tau_syn_ex];
  d.init_in = 1.0 * std::numbers::e / p[P::tau_syn_in];
  d.init_ahp = p[P::g_ahp] * std::numbers::e / p[P::tau_ahp];
  d.ahp_bug = p[P::ahp_bug] != 0.0;
  return d;
}

void register_iaf_chxk_2008(model_registry& reg) {
  add_neuron<iaf_chxk_2008>(reg, unit::nS);
}

}  // namespace nestor::detail
